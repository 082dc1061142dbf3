/*
 * records.h - every record of one kind (schema.h K...), optionally restricted to those that
 * carry a term or lie at or after a revision: what cross-references, housekeeping and the
 * reindexer read (cites, cocited, status --errors, changes, failed files). At most
 * RECORDS_MAX of them.
 */
#ifndef TRACUU_STORE_RECORDS_H
#define TRACUU_STORE_RECORDS_H

#include "index.h"

#define RECORDS_MAX 100000

/* term and from_rev (a SLOT_REVISION value, "%012llu") may be NULL. On failure the message
 * is on ix. */
tracuu_status records_of(tracuu_index *ix, const char *kind, const char *term,
                         const char *from_rev, store_mset **out);

/* How many records of `kind` carry `term`, exactly, without reading any of them. */
tracuu_status records_count(tracuu_index *ix, const char *kind, const char *term,
                            uint64_t *out);

#endif
