/*
 * filter.c - filter-only queries (filter.h).
 */
#include "filter.h"

#include "parse.h"

tracuu_status
query_filter(tracuu_index *ix, const char *filter, store_query **out)
{
    *out = NULL;
    if (!filter || !*filter)
        return TRACUU_OK;
    query_parsed *p = NULL;
    char msg[256] = "";
    store_err err = {TRACUU_OK, ""};
    tracuu_status st = query_parse(&p, filter, NULL, msg, sizeof msg);
    if (st != TRACUU_OK)
        return index_fail(ix, st, "%s", msg[0] ? msg : tracuu_status_str(st));
    if (p->n) {
        query_parsed_free(p);
        return index_fail(ix, TRACUU_EINVAL,
                          "%s: only filters here (commune:, district:, province:, section:, "
                          "kind:, cites:, year:, date:)",
                          filter);
    }
    st = query_build(out, p, &err);
    query_parsed_free(p);
    return st == TRACUU_OK ? st : index_fail_store(ix, &err);
}
