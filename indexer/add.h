/*
 * add.h - the indexing run behind tracuu_index_add, and the first build on several cores.
 *
 * add_share is tracuu_index_add restricted to the files whose path hashes to `share` of
 * `shares`: what each process of a parallel first build runs (parallel.c). shares = 1 takes
 * every file.
 */
#ifndef TRACUU_INDEXER_ADD_H
#define TRACUU_INDEXER_ADD_H

#include "tracuu.h"

tracuu_status add_share(tracuu_index *ix, const char *const *paths, size_t npaths,
                        const tracuu_add_options *opts, tracuu_add_stats *stats,
                        unsigned share, unsigned shares);

/* Record a finished run's summary and revision in the index (schema.h META_LAST_RUN,
 * META_REVISION) and commit. */
tracuu_status add_note_run(tracuu_index *ix, const tracuu_add_stats *stats, double seconds,
                           uint64_t revision);

/* A parallel build applies: the index is a folder (not a stub) and holds no document. */
int parallel_wanted(tracuu_index *ix);

/* opts->jobs processes each index a share of the files into a part of their own, side by
 * side; the parts are then joined by Xapian's compactor and replace the (empty) index. Every
 * file report of the children reaches opts->on_file, in the order they arrive. Returns as
 * tracuu_index_add; on failure the index is left as it was (empty) and the parts removed. */
tracuu_status parallel_build(tracuu_index *ix, const char *const *paths, size_t npaths,
                             const tracuu_add_options *opts, tracuu_add_stats *stats);

#endif
