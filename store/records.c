/*
 * records.c - see records.h: one FILTER query, one eager search.
 */
#include "records.h"

#include <stdint.h>
#include <string.h>

#include "schema.h"

/* The search both functions run: kind, filtered by term or revision. */
static tracuu_status
kind_search(tracuu_index *ix, const char *kind, const char *term, const char *from_rev,
            unsigned limit, store_mset **out)
{
    store_err err = {TRACUU_OK, ""};
    store_query *q = NULL, *f = NULL;
    tracuu_status st = store_query_term(&q, kind, strlen(kind), 1, 0, &err);
    if (st == TRACUU_OK && term)
        st = store_query_term(&f, term, strlen(term), 1, 0, &err);
    else if (st == TRACUU_OK && from_rev)
        st = store_query_value_range(&f, SLOT_REVISION, from_rev, NULL, &err);
    if (st == TRACUU_OK && f) {
        store_query *pair[2] = {f, q}, *c = NULL;
        st = store_query_combine(&c, STORE_OP_FILTER, pair, 2, 0, &err);
        store_query_free(q);
        q = c;
    }
    store_search_opts so = STORE_SEARCH_OPTS_INIT;
    so.limit = limit;
    so.check_at_least = limit ? 0 : UINT32_MAX;
    if (st == TRACUU_OK)
        st = store_search(out, ix->db, q, &so, &err);
    store_query_free(q);
    store_query_free(f);
    return st == TRACUU_OK ? st : index_fail_store(ix, &err);
}

tracuu_status
records_of(tracuu_index *ix, const char *kind, const char *term, const char *from_rev,
           store_mset **out)
{
    return kind_search(ix, kind, term, from_rev, RECORDS_MAX, out);
}

tracuu_status
records_count(tracuu_index *ix, const char *kind, const char *term, uint64_t *out)
{
    store_mset *m = NULL;
    *out = 0;
    tracuu_status st = kind_search(ix, kind, term, NULL, 0, &m);
    if (st == TRACUU_OK)
        *out = store_mset_estimate(m);
    store_mset_free(m);
    return st;
}
