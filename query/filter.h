/*
 * filter.h - filters typed in query syntax, for the commands that take no words: `similar`
 * and `recurring` accept `commune:`, `district:`, `province:`, `section:`, `kind:`,
 * `cites:`, `year:` and `date:` exactly as `search` does, through the same parser.
 */
#ifndef TRACUU_QUERY_FILTER_H
#define TRACUU_QUERY_FILTER_H

#include "index.h"
#include "passages.h"

/* Restrict *q to the records `filter` admits (NULL or "": *q unchanged). Words that are not
 * filters are refused (EINVAL). Message on ix on failure; *q is then unchanged. */
tracuu_status query_filter(tracuu_index *ix, const char *filter, store_query **q);

/* query_filter, then the first `limit` records of *q: what `similar` and `recurring` read.
 * Message on ix on failure. */
tracuu_status query_records(tracuu_index *ix, const char *filter, store_query **q,
                            unsigned limit, store_mset **out);

/* What of `filter` applies to passages (cites:, section:): documents hold every passage, so
 * similar and recurring keep only the findings whose passage it admits. *out owned
 * (passage_query_free); NULL for no filter. Message on ix on failure. */
tracuu_status query_filter_passages(tracuu_index *ix, const char *filter,
                                    passage_query **out);

/* *q becomes (*q OP other); `other` is consumed whatever happens. */
tracuu_status query_narrow(store_query **q, store_op op, store_query *other, store_err *err);

#endif
