/*
 * dupes.h - near-duplicate reports: documents whose wording fingerprints (text/simhash.h)
 * differ in at most SIMHASH_NEAR_BITS bits. A commune re-sending last year's report with a
 * new date is flagged in results, never silently collapsed: both stay searchable.
 */
#ifndef TRACUU_QUERY_DUPES_H
#define TRACUU_QUERY_DUPES_H

#include "index.h"

/* Paths of the documents other than `path` near-duplicating the one with fingerprint
 * `simhash_hex` (16 hex digits): a NULL-terminated array the caller frees with
 * dupes_free. Message on ix on failure. */
tracuu_status dupes_find(tracuu_index *ix, const char *path, const char *simhash_hex,
                         char ***out);
void dupes_free(char **paths);

/* dupes_find for n documents at once, in one search of the index (a page of results):
 * out[i] gets the near-duplicates of paths[i]. Message on ix on failure, every out[i]
 * then NULL. */
tracuu_status dupes_find_many(tracuu_index *ix, size_t n, const char *const *paths,
                              const char *const *simhash_hex, char ***out);

#endif
