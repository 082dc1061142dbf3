/*
 * filter.c - filter-only queries (filter.h).
 */
#include "filter.h"

#include "parse.h"

tracuu_status
query_narrow(store_query **q, store_op op, store_query *other, store_err *err)
{
    store_query *pair[2] = {*q, other}, *out = NULL;
    tracuu_status st = store_query_combine(&out, op, pair, 2, 0, err);
    store_query_free(other);
    if (st == TRACUU_OK) {
        store_query_free(*q);
        *q = out;
    }
    return st;
}

/* Parse a filter string, the parser's message on ix when it fails. */
static tracuu_status
parse_filter(tracuu_index *ix, const char *filter, query_parsed **p)
{
    char msg[256] = "";
    tracuu_status st = query_parse(p, filter, NULL, msg, sizeof msg);
    return st == TRACUU_OK ? st : index_fail(ix, st, "%s", msg[0] ? msg : tracuu_status_str(st));
}

tracuu_status
query_filter(tracuu_index *ix, const char *filter, store_query **q)
{
    if (!filter || !*filter)
        return TRACUU_OK;
    query_parsed *p = NULL;
    store_err err = {TRACUU_OK, ""};
    tracuu_status st = parse_filter(ix, filter, &p);
    if (st != TRACUU_OK)
        return st;
    if (p->n) {
        query_parsed_free(p);
        char known[256];
        query_filter_names(known, sizeof known);
        return index_fail(ix, TRACUU_EINVAL, "%s: only filters here (%s)", filter, known);
    }
    store_query *f = NULL;
    st = query_build(&f, p, &err);
    query_parsed_free(p);
    if (st == TRACUU_OK)
        st = query_narrow(q, STORE_OP_FILTER, f, &err);
    return st == TRACUU_OK ? st : index_fail_store(ix, &err);
}

tracuu_status
query_records(tracuu_index *ix, const char *filter, store_query **q, unsigned limit,
              store_mset **out)
{
    *out = NULL;
    tracuu_status st = query_filter(ix, filter, q);
    if (st != TRACUU_OK)
        return st;
    store_err err = {TRACUU_OK, ""};
    store_search_opts so = STORE_SEARCH_OPTS_INIT;
    so.limit = limit;
    if (store_search(out, ix->db, *q, &so, &err) != TRACUU_OK)
        return index_fail_store(ix, &err);
    return TRACUU_OK;
}

tracuu_status
query_filter_passages(tracuu_index *ix, const char *filter, passage_query **out)
{
    *out = NULL;
    if (!filter || !*filter)
        return TRACUU_OK;
    query_parsed *p = NULL;
    tracuu_status st = parse_filter(ix, filter, &p);
    if (st != TRACUU_OK)
        return st;
    st = passage_query_new(out, p);
    query_parsed_free(p);
    return st == TRACUU_OK ? st : index_fail(ix, st, "%s", tracuu_status_str(st));
}
