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
    json_t *sim = json_array(), *miss = json_array();
    for (size_t k = 0; k < h->nsimilar; k++)
        json_array_append_new(sim, json_string(h->similar[k]));
    for (size_t k = 0; k < h->nmissing; k++)
        json_array_append_new(miss, json_string(h->missing[k]));
    json_object_set_new(r, "similar_count", json_integer((json_int_t)h->nsimilar));
    json_object_set_new(r, "similar", sim);
    json_object_set_new(r, "missing", miss);
    return r;
}

tracuu_status
cli_search_answer(json_t **out, tracuu_index *ix, const char *query,
                  const tracuu_search_options *o, int facets)
{
    *out = NULL;
    tracuu_results *res = NULL;
    json_t *ans = NULL;
    tracuu_search_options so = *o;
    so.facets = facets;
    tracuu_status st = tracuu_index_search(&res, ix, query, &so);
    if (st != TRACUU_OK)
        goto done;
    ans = json_object();
    json_t *arr = json_array();
    json_object_set_new(ans, "query", json_string(query));
    json_object_set_new(ans, "total", json_integer((json_int_t)tracuu_results_total(res)));
    json_object_set_new(ans, "exact", json_boolean(so.exact_total || so.facets ||
                                                   tracuu_results_total(res) <= 100));
    json_object_set_new(ans, "offset", json_integer(o->offset));
    json_object_set_new(ans, "docs", json_boolean(o->docs));
    json_object_set_new(ans, "relaxed", json_boolean(tracuu_results_relaxed(res)));
    json_object_set_new(ans, "results", arr);
    const tracuu_hit *h;
    while ((st = tracuu_results_next(&h, res)) == TRACUU_OK)
        json_array_append_new(arr, hit_json(h));
    if (st != TRACUU_ITEROVER)
        goto done;
    st = TRACUU_OK;
    /* counted by the engine over every matching document (tracuu_results_facets) */
    if (facets) {
        json_t *f = json_loads(tracuu_results_facets(res), 0, NULL);
        if (!f) {
            st = TRACUU_EINTERNAL;
            goto done;
        }
        json_object_set_new(ans, "facets", f);
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
cli_error_json(const char *message, const char *code, const char *status, int exit_code)
{
    return json_pack("{s:i, s:{s:s, s:s, s:s, s:i}}", "version", CLI_JSON_VERSION, "error",
                     "code", code, "message", message, "status", status, "exit", exit_code);
}
