/*
 * filter.h - filters typed in query syntax, for the commands that take no words: `similar`
 * and `recurring` accept `commune:`, `district:`, `province:`, `section:`, `kind:`,
 * `cites:`, `year:` and `date:` exactly as `search` does, through the same parser.
 */
#ifndef TRACUU_QUERY_FILTER_H
#define TRACUU_QUERY_FILTER_H

#include "index.h"

/* The boolean query of `filter` (NULL or "" -> *out NULL: no restriction). Words that are
 * not filters are refused (EINVAL, message on ix). */
tracuu_status query_filter(tracuu_index *ix, const char *filter, store_query **out);

#endif
