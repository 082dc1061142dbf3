/*
 * index.h - the tracuu_index handle shared by indexer/ and query/ (private).
 *
 * The handle owns the seam's database and the last error message. Modules report a
 * failure through index_fail()/index_fail_store(), which keep the message on the handle
 * and return the status, so callers can `return index_fail(...)` in one line.
 */
#ifndef TRACUU_STORE_INDEX_H
#define TRACUU_STORE_INDEX_H

#include "tracuu.h"
#include "xapian_c.h"

struct tracuu_index {
    store_db *db;
    char *path;
    tracuu_mode mode;
    char errmsg[512];
};

tracuu_status index_fail(tracuu_index *ix, tracuu_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
tracuu_status index_fail_store(tracuu_index *ix, const store_err *err);
/* Every public call begins with this: clears the last error and starts the call's deadline
 * over remote shards (store_db_exchange). */
void index_clear_error(tracuu_index *ix);

/* Open a part of a parallel first build for writing (indexer/parallel.c): no reader ever
 * sees it before it is complete, and a failed build throws it away, so it is written
 * without syncs (store_db_open's STORE_SCRATCH). */
tracuu_status index_open_part(tracuu_index **out, const char *path, char **errmsg);

/* The 16-hex-digit key of an absolute path (schema.h "dockey"). */
void index_dockey(char out[17], const char *path);

/* The key of a document as a user names it: its 16-digit key as is, or a path (relative
 * paths and links resolved first, and the name escaped, as indexing did). Returns TRACUU_OK
 * or TRACUU_ENOMEM. */
tracuu_status index_doc_key(char out[17], const char *doc);

/* How many passages hold syllable s[0..n) (a text_freq_fn; ctx is the tracuu_index): the
 * index's own frequencies, for splitting glued runs in documents and queries. Errors count
 * as 0: a tie-break must never fail a search. */
uint64_t index_syllable_freq(void *ctx, const char *s, size_t n, int folded);

/* The other sides of abbreviation or expansion `folded` that indexed documents defined
 * (schema.h META_ABBR), one per line, owned; NULL when none or on error. ctx is the
 * tracuu_index. */
char *index_abbreviations(void *ctx, const char *folded);

/* The metadata key of the files removed at revision rev (schema.h META_GONE), into out. */
#define INDEX_GONE_KEY_MAX 64
void index_gone_key(char out[INDEX_GONE_KEY_MAX], uint64_t rev);

#endif
