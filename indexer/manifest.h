/*
 * manifest.h - what the index knows of every file, loaded in one pass over the value
 * stream of SLOT_MANIFEST (schema.h) at the start of a run: path -> stamp, content hash.
 * It makes a no-op reindex a stat() per file and no Xapian lookup, and lets the run find
 * the files that disappeared (removals) and the new files that are old ones renamed.
 */
#ifndef TRACUU_INDEXER_MANIFEST_H
#define TRACUU_INDEXER_MANIFEST_H

#include <stddef.h>

#include "index.h"

typedef struct manifest_entry {
    char *path;
    char stamp[48]; /* "<size>:<mtime ns>" */
    char hash[17];  /* XXH3-64 of the file's bytes, hex */
    int seen;       /* met during this run */
    int failed;     /* has a failed-file record: its last read failed, so the indexed
                     * version is older than the file; it is read again whatever its stamp
                     * or hash says (they are the indexed version's) */
} manifest_entry;

typedef struct manifest manifest;

tracuu_status manifest_load(manifest **out, tracuu_index *ix);
void manifest_free(manifest *m);
/* The entry of path, or NULL. */
manifest_entry *manifest_get(manifest *m, const char *path);
/* An entry not seen in this run with this content hash, or NULL. */
manifest_entry *manifest_unseen_with_hash(manifest *m, const char *hash);
size_t manifest_count(const manifest *m);
manifest_entry *manifest_at(manifest *m, size_t i);

/* The manifest value of a file, into out. */
void manifest_value(char *out, size_t outsz, const char *stamp, const char *hash,
                    const char *path);

#endif
