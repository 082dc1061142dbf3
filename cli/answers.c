/*
 * answers.c - the JSON answers that more than one front end builds: `tracuu search` and
 * `tracuu status` print them, `tracuu serve` sends them (/api/search, /api/status) and
 * renders its pages from them. Built here once, so the CLI's --json output and the web
 * server's API can never disagree.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static json_t *
nullable(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *
hit_json(const tracuu_hit *h)
{
    json_t *r = json_object();
    json_t *hl = json_array(), *cites = json_array(), *dups = json_array();
    for (size_t k = 0; k < h->nhighlights; k++)
        json_array_append_new(hl, json_pack("[I,I]", (json_int_t)h->highlights[k].start,
                                            (json_int_t)h->highlights[k].end));
    for (size_t k = 0; h->cites && h->cites[k]; k++)
        json_array_append_new(cites, json_string(h->cites[k]));
    for (size_t k = 0; h->near_duplicates && h->near_duplicates[k]; k++)
        json_array_append_new(dups, json_string(h->near_duplicates[k]));
    json_object_set_new(r, "path", json_string(h->path));
    json_object_set_new(r, "passage", json_integer(h->passage));
    json_object_set_new(r, "title", nullable(h->title));
    json_object_set_new(r, "date", nullable(h->date));
    json_object_set_new(r, "commune", nullable(h->commune));
    json_object_set_new(r, "kind", nullable(h->kind));
    json_object_set_new(r, "district", nullable(h->district));
    json_object_set_new(r, "province", nullable(h->province));
    json_object_set_new(r, "section", nullable(h->section));
    json_object_set_new(r, "near_duplicates", dups);
    json_object_set_new(r, "score", json_real(h->score));
    json_object_set_new(r, "text", json_string(h->text));
    json_object_set_new(r, "snippet", json_string(h->snippet));
    json_object_set_new(r, "cites", cites);
    json_object_set_new(r, "start", json_integer((json_int_t)h->start));
    json_object_set_new(r, "end", json_integer((json_int_t)h->end));
    json_object_set_new(r, "highlights", hl);
    json_object_set_new(r, "encoding", nullable(h->encoding));
    json_object_set_new(r, "doc_matches", json_integer((json_int_t)h->doc_matches));
    json_object_set_new(r, "page", h->page ? json_integer(h->page) : json_null());
    json_object_set_new(r, "heading", nullable(h->heading));
    return r;
}

static void
bump(json_t *counts, const char *key)
{
    json_object_set_new(counts, key, json_integer(json_integer_value(json_object_get(counts, key)) + 1));
}

/* Counts by commune, district, year, kind and cited document over the whole result set
 * (up to CLI_FACET_MAX passages). NULL on failure. */
static json_t *
count_facets(tracuu_index *ix, const char *query, uint64_t *counted)
{
    *counted = 0;
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.limit = CLI_FACET_MAX;
    o.snippet_chars = 1;
    tracuu_results *res = NULL;
    if (tracuu_search(&res, ix, query, &o) != TRACUU_OK)
        return NULL;
    json_t *commune = json_object(), *district = json_object(), *year = json_object(),
           *cites = json_object(), *kind = json_object();
    const tracuu_hit *h;
    while (tracuu_results_next(&h, res) == TRACUU_OK) {
        (*counted)++;
        char y[8];
        snprintf(y, sizeof y, "%.4s", h->date ? h->date : "?");
        bump(commune, h->commune ? h->commune : "?");
        bump(district, h->district ? h->district : "?");
        bump(year, y);
        bump(kind, h->kind ? h->kind : "?");
        for (size_t k = 0; h->cites && h->cites[k]; k++)
            bump(cites, h->cites[k]);
    }
    tracuu_results_free(res);
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "commune", commune, "district", district,
                     "year", year, "kind", kind, "cites", cites);
}

tracuu_status
cli_search_answer(json_t **out, tracuu_index *ix, const char *query,
                  const tracuu_search_options *o, int facets)
{
    *out = NULL;
    tracuu_results *res = NULL;
    json_t *ans = NULL;
    /* Work-around: a page that does not start at the first match crashes inside Xapian
     * 1.4.22 (MSet::fetch() after get_mset(first > 0), called by store/xapian_c.cc). Ask
     * from the first match and skip `offset` hits here until the store avoids it. */
    tracuu_search_options from0 = *o;
    from0.offset = 0;
    from0.limit = (o->limit ? o->limit : 10) + o->offset;
    if (from0.limit < o->offset)
        from0.limit = UINT_MAX;
    tracuu_status st = tracuu_search(&res, ix, query, &from0);
    if (st != TRACUU_OK)
        goto done;
    ans = json_object();
    json_t *arr = json_array();
    json_object_set_new(ans, "query", json_string(query));
    json_object_set_new(ans, "total", json_integer((json_int_t)tracuu_results_total(res)));
    json_object_set_new(ans, "offset", json_integer(o->offset));
    json_object_set_new(ans, "docs", json_boolean(o->docs));
    json_object_set_new(ans, "results", arr);
    const tracuu_hit *h;
    for (unsigned skip = o->offset; (st = tracuu_results_next(&h, res)) == TRACUU_OK;)
        if (skip)
            skip--;
        else
            json_array_append_new(arr, hit_json(h));
    if (st != TRACUU_ITEROVER)
        goto done;
    st = TRACUU_OK;
    if (facets) {
        uint64_t counted;
        json_t *f = count_facets(ix, query, &counted);
        if (!f) {
            st = TRACUU_EINTERNAL;
            goto done;
        }
        json_object_set_new(ans, "facets", f);
        /* The facets counted every match (below their cap): the total is exact. */
        if (counted < CLI_FACET_MAX && !o->docs)
            json_object_set_new(ans, "total", json_integer((json_int_t)counted));
    }
    *out = ans;
    ans = NULL;
done:
    json_decref(ans);
    tracuu_results_free(res);
    return st;
}

tracuu_status
cli_status_answer(json_t **out, tracuu_index *ix, int errors)
{
    *out = NULL;
    tracuu_index_info info;
    char *js = NULL;
    tracuu_status st = tracuu_index_info_get(&info, ix);
    if (st == TRACUU_OK)
        st = tracuu_index_report(&js, ix, errors);
    if (st != TRACUU_OK)
        return st;
    json_t *o = json_loads(js, 0, NULL);
    free(js);
    if (!o)
        return TRACUU_EINTERNAL;
    json_object_set_new(o, "index", json_string(tracuu_index_path(ix)));
    json_object_set_new(o, "documents", json_integer((json_int_t)info.documents));
    json_object_set_new(o, "passages", json_integer((json_int_t)info.passages));
    json_object_set_new(o, "terms", json_integer((json_int_t)info.terms));
    json_object_set_new(o, "shards", json_integer((json_int_t)info.shards));
    json_object_set_new(o, "schema", json_integer((json_int_t)info.schema));
    json_object_set_new(o, "bytes_on_disk", json_integer((json_int_t)info.bytes_on_disk));
    *out = o;
    return TRACUU_OK;
}

json_t *
cli_error_json(const char *message, const char *status, int exit_code)
{
    return json_pack("{s:{s:s, s:s, s:i}}", "error", "message", message, "status", status,
                     "exit", exit_code);
}
