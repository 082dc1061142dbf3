/*
 * scan.h - walking the paths given to `tracuu index`.
 *
 * Directories are walked recursively in sorted order (so runs are reproducible) without
 * following symbolic links to directories (no loops); only regular files named *.txt are
 * taken from them. A path named explicitly is taken whatever its name. Problems (a missing
 * path, an unreadable folder) are reported to the callback and the walk goes on.
 */
#ifndef TRACUU_INDEXER_SCAN_H
#define TRACUU_INDEXER_SCAN_H

#include <sys/stat.h>
#include "tracuu.h"

#define SCAN_MAX_DEPTH 64

/* Called for each file to index (st is its stat) or each problem (st NULL, status and
 * message set). Returning non-OK stops the walk with that status. */
typedef tracuu_status (*scan_fn)(void *ctx, const char *path, const struct stat *st,
                                 tracuu_status status, const char *message);

/* Walk `path`. Returns TRACUU_OK, ENOMEM, or whatever the callback returned. */
tracuu_status scan_path(const char *path, scan_fn fn, void *ctx);

#endif
