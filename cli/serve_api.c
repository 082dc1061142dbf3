/*
 * serve_api.c - the JSON API of `tracuu serve` under /api/: the same objects as the
 * matching `tracuu --json COMMAND` (built by the same functions: cli_search_answer,
 * cli_status_answer, or the library's own JSON answers), errors as the CLI's
 * {"error": {"message", "status", "exit"}} with a fitting HTTP status.
 */
#include <stdlib.h>
#include <string.h>

#include "serve.h"

/* Room for every filter argument in query syntax (each capped by the request target). */
#define FILTER_CAP (SERVE_MAX_TARGET * 2u + 256u)

int
serve_filters(serve_req *r, char *query, size_t cap)
{
    const char *names[CLI_FILTER_OPTIONS_MAX];
    size_t nn = cli_filter_options(names);
    for (size_t k = 0; k < nn; k++) {
        const char *v = serve_arg(r, names[k]);
        if (!v)
            continue;
        if (strchr(v, '"') || cli_filter_append(query, cap, names[k], v) != 0) {
            char msg[96];
            snprintf(msg, sizeof msg, "%s: a bad or too long value", names[k]);
            serve_fail(r, TRACUU_EINVAL, msg);
            return -1;
        }
    }
    return 0;
}

char *
serve_search_query(serve_req *r)
{
    const char *q = serve_arg(r, "q");
    size_t cap = (q ? strlen(q) : 0) + FILTER_CAP;
    char *query = calloc(cap, 1);
    if (!query) {
        serve_fail(r, TRACUU_ENOMEM, "out of memory");
        return NULL;
    }
    if (q)
        snprintf(query, cap, "%s", q);
    if (serve_filters(r, query, cap) != 0) {
        free(query);
        return NULL;
    }
    return query;
}

void
api_search(serve_req *r)
{
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    char *query = NULL;
    long limit = serve_uint_arg(r, "limit", 10, SERVE_MAX_LIMIT);
    long offset = limit < 0 ? -1 : serve_uint_arg(r, "offset", 0, SERVE_MAX_OFFSET);
    if (limit < 0 || offset < 0)
        return;
    o.limit = limit ? (unsigned)limit : 10;
    o.offset = (unsigned)offset;
    const char *docs = serve_arg(r, "docs"), *facets = serve_arg(r, "facets");
    o.docs = docs && strcmp(docs, "0") != 0;
    query = serve_search_query(r);
    if (!query)
        return;
    if (!*query) {
        serve_fail(r, TRACUU_EINVAL, "search: empty query (give q=WORDS)");
        goto done;
    }
    if (serve_open(r) != 0)
        goto done;
    json_t *out = NULL;
    tracuu_status st = cli_search_answer(&out, r->ix, query, &o, facets && strcmp(facets, "0"));
    if (st != TRACUU_OK)
        serve_fail(r, st, tracuu_index_errmsg(r->ix));
    else
        serve_json(r, out);
done:
    free(query);
}

/* A route of one required argument answered by the library as JSON. */
static void
api_one(serve_req *r, const char *arg,
        tracuu_status (*ask)(char **out, tracuu_index *ix, const char *value))
{
    const char *v = serve_arg(r, arg);
    if (!v) {
        char msg[64];
        snprintf(msg, sizeof msg, "give %s=...", arg);
        serve_fail(r, TRACUU_EINVAL, msg);
        return;
    }
    if (serve_open(r) != 0)
        return;
    char *js = NULL;
    tracuu_status st = ask(&js, r->ix, v);
    json_t *o = serve_answer(r, st, js);
    if (o)
        serve_json(r, o);
}

void
api_show(serve_req *r)
{
    api_one(r, "doc", tracuu_document_get);
}

void
api_refs(serve_req *r)
{
    api_one(r, "doc", tracuu_refs_list);
}

json_t *
serve_cites(serve_req *r, int stats)
{
    const char *id = serve_arg(r, "id");
    if (!id) {
        serve_fail(r, TRACUU_EINVAL, "give id=DOCUMENT-NUMBER, e.g. 25-NQ/TW");
        return NULL;
    }
    if (serve_open(r) != 0)
        return NULL;
    char *js = NULL;
    tracuu_status st = tracuu_cites_list(&js, r->ix, id, serve_arg(r, "commune"),
                                    serve_arg(r, "since"), serve_arg(r, "until"), stats);
    return serve_answer(r, st, js);
}

void
api_cites(serve_req *r)
{
    const char *stats = serve_arg(r, "stats");
    json_t *o = serve_cites(r, stats && strcmp(stats, "0"));
    if (o)
        serve_json(r, o);
}

void
api_cocited(serve_req *r)
{
    const char *id = serve_arg(r, "id");
    long limit = serve_uint_arg(r, "limit", 20, SERVE_MAX_LIMIT);
    if (limit < 0)
        return;
    if (!id) {
        serve_fail(r, TRACUU_EINVAL, "give id=DOCUMENT-NUMBER, e.g. 217-QĐ/TW");
        return;
    }
    if (serve_open(r) != 0)
        return;
    char *js = NULL;
    tracuu_status st = tracuu_cocited_list(&js, r->ix, id, (unsigned)limit);
    json_t *o = serve_answer(r, st, js);
    if (o)
        serve_json(r, o);
}

void
api_similar(serve_req *r)
{
    const char *ref = serve_arg(r, "ref"), *text = serve_arg(r, "text");
    long limit = serve_uint_arg(r, "limit", 10, SERVE_MAX_LIMIT);
    if (limit < 0)
        return;
    if (!ref == !text) {
        serve_fail(r, TRACUU_EINVAL, "give ref=PATH#N (or PATH#N.K) or text=...");
        return;
    }
    char filter[FILTER_CAP] = "";
    if (serve_filters(r, filter, sizeof filter) != 0 || serve_open(r) != 0)
        return;
    char *js = NULL;
    tracuu_status st = tracuu_similar_find(&js, r->ix, ref, text, *filter ? filter : NULL,
                                      (unsigned)limit, 0);
    json_t *o = serve_answer(r, st, js);
    if (o)
        serve_json(r, o);
}

void
api_recurring(serve_req *r)
{
    long minc = serve_uint_arg(r, "min_communes", 3, 100000);
    long limit = minc < 0 ? -1 : serve_uint_arg(r, "limit", 20, SERVE_MAX_LIMIT);
    if (minc < 0 || limit < 0)
        return;
    if (minc < 2) {
        serve_fail(r, TRACUU_EINVAL, "min_communes takes 2 or more");
        return;
    }
    json_t *o = serve_recurring(r, (unsigned)minc, (unsigned)limit);
    if (o)
        serve_json(r, o);
}

json_t *
serve_recurring(serve_req *r, unsigned min_communes, unsigned limit)
{
    char filter[FILTER_CAP] = "";
    if (serve_filters(r, filter, sizeof filter) != 0)
        return NULL;
    char *f = cli_recurring_filter(filter, serve_arg(r, "section") != NULL);
    if (!f) {
        serve_fail(r, TRACUU_ENOMEM, "out of memory");
        return NULL;
    }
    char *js = NULL;
    json_t *o = NULL;
    if (serve_open(r) == 0) {
        tracuu_status st = tracuu_recurring_find(&js, r->ix, f, min_communes, limit);
        o = serve_answer(r, st, js);
    }
    free(f);
    return o;
}

void
api_status(serve_req *r)
{
    if (serve_open(r) != 0)
        return;
    json_t *o = NULL;
    tracuu_status st = cli_status_answer(&o, r->ix, serve_arg(r, "errors") != NULL);
    if (st != TRACUU_OK)
        serve_fail(r, st, tracuu_index_errmsg(r->ix));
    else
        serve_json(r, o);
}
