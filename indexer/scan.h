/*
 * scan.h - walking the paths given to `tracuu index`.
 *
 * Directories are walked recursively in sorted order (so runs are reproducible) without
 * following symbolic links to directories (no loops); only regular files with a supported
 * name are taken from them. A path named explicitly is taken whatever its name. Problems (a
 * missing path, an unreadable folder) are reported to the callback and the walk goes on.
 *
 * A symbolic link to a file is taken only when its target resolves inside one of the roots
 * (and then only when the walk would not reach the target by itself, so a file is indexed
 * once), unless follow_links: a link in a shared folder must not make /etc/shadow searchable.
 *
 * File names are bytes. The index stores a name as it is when it is valid UTF-8 (JSON, the
 * terminal and every record need UTF-8), and otherwise escaped (text_name_escape, decode.h); the
 * escaping is reversible, so the file is always opened by its exact bytes.
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

typedef struct scan_options {
    char *const *roots; /* absolute, resolved; NULL entries are skipped */
    size_t nroots;
    int follow_links;   /* take links to files outside the roots too */
} scan_options;

/* Walk `path`. Returns TRACUU_OK, ENOMEM, or whatever the callback returned. */
tracuu_status scan_path(const char *path, const scan_options *opts, scan_fn fn, void *ctx);

/* Is link (a symbolic link to a file, found in a folder) taken under opts? */
int scan_take_link(const char *link, const scan_options *opts);

/* Is path inside root (or root itself)? Both absolute. */
int scan_under(const char *path, const char *root);

#endif
