/*
 * xapian_c.h - the C seam over libxapian: plain C, opaque handles, statuses.
 *
 * This is the only way tracuu talks to Xapian (notmuch's design: a C core over a C++
 * engine). It exposes the operations tracuu needs, not Xapian's object model:
 *   - databases: open read-only or writable (created when missing), stub files, commit,
 *     transactions, metadata, upsert/delete by a unique term, statistics;
 *   - documents: positional postings, plain and boolean terms, values, data;
 *   - queries: terms, AND/OR/AND_NOT/FILTER/AND_MAYBE/SYNONYM/PHRASE/NEAR, value ranges,
 *     scaling; a textual description for debugging;
 *   - searching: BM25, paging, a collapse key, results loaded eagerly;
 *   - more-like-this: a relevance set of documents (named by unique terms) -> expand set.
 *
 * No C++ exception crosses this header: every entry point catches everything and turns it
 * into a tracuu_status with a one-line message in the caller's store_err. Documents are
 * named by unique terms, never by Xapian docids, which differ across shards. A reader that
 * meets DatabaseModifiedError reopens the database and retries (a few times) by itself.
 */
#ifndef TRACUU_STORE_XAPIAN_C_H
#define TRACUU_STORE_XAPIAN_C_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu.h"

/* Remote shards: connecting and the whole of one call, unless told otherwise (--timeout):
 * long enough for a district machine on a slow office line, short enough that a dead one
 * is named before a user gives up (tracuu_open_options.timeout_ms = 0). */
#define STORE_TIMEOUT_DEFAULT_MS 10000u

#ifdef __cplusplus
extern "C" {
#endif

/* Where a failing call leaves its reason. status repeats the return value. */
typedef struct store_err {
    tracuu_status status;
    char msg[512];
} store_err;

typedef struct store_db store_db;
typedef struct store_doc store_doc;
typedef struct store_query store_query;
typedef struct store_mset store_mset;

/* STORE_SCRATCH: a writer whose database nobody reads until it is complete and that is thrown
 * away if anything fails (a part of a parallel first build): Xapian never syncs it
 * (DB_NO_SYNC), the fsync of every commit being there for crashes this database never has
 * to survive. Not DB_DANGEROUS: it cannot cancel a batch, and a full disk then reported
 * "cancel() not supported" instead of "No space left on device" (test_full_disk). */
typedef enum store_mode { STORE_READ = 0, STORE_WRITE = 1, STORE_SCRATCH = 2 } store_mode;

/* Open `path` (a database directory or, to read, a stub file: store_db_open_shards with
 * the defaults). STORE_WRITE creates a missing database, and refuses a stub with EINVAL.
 * Every message names `path`. Statuses: OK, ENOTFOUND, ECORRUPT, ELOCKED, ENOMEM, EINVAL,
 * EXAPIAN, EUNAVAIL. */
tracuu_status store_db_open(store_db **out, const char *path, store_mode mode, store_err *err);

/* Read mode with shards: a stub file is read by stub.h (never by Xapian; nested stubs
 * flattened, cycles and bad lines refused naming file and line), and its shards
 * (`auto|glass|chert PATH`, `remote HOST:PORT`) opened one by one, remote ones with
 * `timeout_ms` for the connection and each exchange. partial: a shard that cannot be
 * opened, or that fails during a read, is left out (store_db_missing) and the read retried
 * without it; else the open or read fails with EUNAVAIL naming the shard. A `remote PROGRAM
 * ARGS` line is refused (EINVAL) unless allow_program. */
tracuu_status store_db_open_shards(store_db **out, const char *path, unsigned timeout_ms,
                                   int partial, store_err *err);
tracuu_status store_db_open_shards_with(store_db **out, const char *path, unsigned timeout_ms,
                                        int partial, int allow_program, store_err *err);
/* The paths of a stub's local shards (up to max, borrowed), how many there are; 0 for a
 * database opened from its folder. */
size_t store_db_local_shards(const store_db *db, const char **paths, size_t max);
/* An operation begins (a public call): every read until the next call shares one
 * deadline, the handle's timeout from now, which bounds the whole exchange with remote
 * shards (connections cut at it), not each message. No effect without remote shards. */
void store_db_exchange(store_db *db);
/* Shards left out, one per line (a stub line), "" when none. Borrowed. */
const char *store_db_missing(const store_db *db);
/* Close: a writable database commits what is pending first. Returns the status of that
 * commit; the handle is freed in every case. NULL is a no-op (OK). */
tracuu_status store_db_close(store_db *db, store_err *err);
int store_db_writable(const store_db *db);

tracuu_status store_db_commit(store_db *db, store_err *err);
/* A flushed transaction: all changes until store_db_end become visible together or not
 * at all. */
tracuu_status store_db_begin(store_db *db, store_err *err);
tracuu_status store_db_end(store_db *db, int commit, store_err *err);

/* Replace every document indexed by unique term `uterm` with `doc` (adding it when there is
 * none). `doc` should itself carry `uterm`. */
tracuu_status store_db_replace(store_db *db, const char *uterm, const store_doc *doc,
                               store_err *err);
/* Add `doc` as a new document. For records whose unique term is known to be free (the
 * writer deletes every record of a file by its D: term before writing them again): no
 * lookup of the term, which replace pays once per record. */
tracuu_status store_db_add(store_db *db, const store_doc *doc, store_err *err);
/* Change values (slots[i] = values[i]) and, when data is not NULL, the data of the first
 * document indexed by unique term `uterm`, keeping all its terms. ENOTFOUND when none. */
tracuu_status store_db_update(store_db *db, const char *uterm, const unsigned *slots,
                              const char *const *values, size_t n, const char *data,
                              size_t datalen, store_err *err);
/* Move every record of one file to a new path in the same folder without re-analysing it
 * (a rename): the records carrying "D"+old_dockey get "D"+new_dockey and their unique ids
 * ("QD"/"QP"/"QN" + dockey) re-keyed, SLOT_PATH and SLOT_DOCKEY set to the new path and key,
 * each value in slots[0..n) set on the records that already have one, and their data passed
 * through fix_data (a malloc'd replacement of *outlen bytes, or NULL to keep it). Returns how many records
 * moved. */
tracuu_status store_db_rekey(store_db *db, const char *old_dockey, const char *new_dockey,
                             const char *new_path, const unsigned *slots, const char *const *values, size_t n,
                             char *(*fix_data)(void *ctx, const char *data, size_t len,
                                               size_t *outlen),
                             void *ctx, size_t *moved, store_err *err);
/* Delete every document indexed by `term` (none is not an error). */
tracuu_status store_db_delete(store_db *db, const char *term, store_err *err);

/* Metadata: a missing key reads as "". *out is owned (free()). */
tracuu_status store_db_set_meta(store_db *db, const char *key, const char *value,
                                store_err *err);
tracuu_status store_db_get_meta(store_db *db, const char *key, char **out, store_err *err);

/* Number of documents containing `term` (0 when none). */
tracuu_status store_db_termfreq(store_db *db, const char *term, uint64_t *out, store_err *err);
/* The termfreqs of n terms at once: over remote shards one exchange per shard (the
 * statistics of a match), where store_db_termfreq costs one per term and shard. */
tracuu_status store_db_termfreqs(store_db *db, const char *const *terms, size_t n,
                                 uint64_t *out, store_err *err);
/* The collection frequencies (the sum of a term's wdf over every document) of n terms. Over
 * remote shards one exchange per term and shard. */
tracuu_status store_db_collfreqs(store_db *db, const char *const *terms, size_t n,
                                 uint64_t *out, store_err *err);
/* Call fn with every value stored in `slot`, in docid order (one pass over Xapian's value
 * stream: no document is read). fn must not call back into the database. */
tracuu_status store_db_scan_values(store_db *db, unsigned slot,
                                   void (*fn)(void *ctx, const char *v, size_t n), void *ctx,
                                   store_err *err);
/* Documents in the database, distinct terms (summed over shards), shards. Any may be NULL. */
tracuu_status store_db_stats(store_db *db, uint64_t *docs, uint64_t *terms, unsigned *shards,
                             store_err *err);

/* The first document indexed by `uterm`: its value in `slot` and its data, each owned
 * (free()), either pointer may be NULL. ENOTFOUND when no document has the term. */
tracuu_status store_db_find(store_db *db, const char *uterm, unsigned slot, char **value,
                            char **data, size_t *datalen, store_err *err);

/* Every term of the first document indexed by `uterm`, with its wdf, as "term\twdf\n" lines
 * (owned, free()). ENOTFOUND when no document has the term. For `tracuu debug`. */
tracuu_status store_db_doc_terms(store_db *db, const char *uterm, char **out, store_err *err);

/* Join the databases inputs[0..n) into a new database at `out` (Xapian's compactor: their
 * documents, renumbered, and their metadata). A key set in several inputs keeps its first
 * value, except the newline-separated lists of abbreviations (schema.h META_ABBR,
 * META_ABBR_EXPANSION), which are merged. */
tracuu_status store_compact(const char *out, const char *const *inputs, size_t n,
                            store_err *err);

/* Documents. */
tracuu_status store_doc_new(store_doc **out, store_err *err);
void store_doc_free(store_doc *doc);
/* A term at a word position (1-based); wdf grows by one. */
tracuu_status store_doc_posting(store_doc *doc, const char *term, size_t termlen, unsigned pos,
                                store_err *err);
/* A term without position, wdf grows by `wdf` (0 for a boolean filter term). */
tracuu_status store_doc_term(store_doc *doc, const char *term, size_t termlen, unsigned wdf,
                             store_err *err);
tracuu_status store_doc_value(store_doc *doc, unsigned slot, const char *v, size_t len,
                              store_err *err);
tracuu_status store_doc_data(store_doc *doc, const char *d, size_t len, store_err *err);

/* Queries. Combinators copy their operands (Xapian queries are reference counted), so the
 * caller still frees every query it made. */
typedef enum store_op {
    STORE_OP_AND = 0,
    STORE_OP_OR,
    STORE_OP_AND_NOT,  /* first minus the union of the rest */
    STORE_OP_FILTER,   /* first, restricted to the rest, which add no weight */
    STORE_OP_AND_MAYBE,/* first; the rest only add weight */
    STORE_OP_SYNONYM,  /* OR, weighted as if one term */
    STORE_OP_PHRASE,   /* in order, within `window` positions (0 = exactly adjacent) */
    STORE_OP_NEAR      /* any order, within `window` positions */
} store_op;

tracuu_status store_query_term(store_query **out, const char *term, size_t termlen,
                               unsigned wqf, unsigned pos, store_err *err);
tracuu_status store_query_combine(store_query **out, store_op op, store_query *const *subs,
                                  size_t n, unsigned window, store_err *err);
/* Documents whose value in `slot` lies in [lo, hi] (string order); NULL = unbounded. */
tracuu_status store_query_value_range(store_query **out, unsigned slot, const char *lo,
                                      const char *hi, store_err *err);
tracuu_status store_query_scale(store_query **out, const store_query *q, double factor,
                                store_err *err);
tracuu_status store_query_match_all(store_query **out, store_err *err);
/* Xapian's description of the query (owned, free()), or NULL when out of memory. */
char *store_query_describe(const store_query *q);
void store_query_free(store_query *q);

/* Searching. */
typedef struct store_search_opts {
    unsigned offset;
    unsigned limit;
    int collapse_slot;       /* -1: no collapsing; else one hit per distinct value */
    unsigned check_at_least; /* make the total exact up to this many matches */
    int value_slot;          /* -1: hits carry the record's data; else this value instead
                              * (a value is read from its own table, far cheaper) */
    const char *const *pos_terms; /* read the positions of these terms in every hit, and
                                   * their termfreqs (store_mset_positions/_termfreq) */
    size_t npos_terms;
    const unsigned *spy_slots; /* count the matches by each distinct value of these slots
                                * (Xapian's ValueCountMatchSpy, which remote shards run
                                * too): store_mset_facet. Counts are complete only when
                                * check_at_least covers every match. */
    size_t nspy_slots;
} store_search_opts;

#define STORE_SEARCH_OPTS_INIT {0, 10, -1, 0, -1, NULL, 0, NULL, 0}
/* Positions kept per term and hit: a word that fills a 64 MiB file is still cut here. */
#define STORE_POSITIONS_MAX 1000000

typedef struct store_hit {
    double weight;
    int percent;
    uint64_t collapse_count; /* other matches hidden behind this one by collapsing */
    const char *data;        /* borrowed from the mset: the data, or the value of
                              * opts->value_slot */
    size_t datalen;
} store_hit;

tracuu_status store_search(store_mset **out, store_db *db, const store_query *q,
                           const store_search_opts *opts, store_err *err);
size_t store_mset_size(const store_mset *m);
uint64_t store_mset_estimate(const store_mset *m);
/* Hit i (0-based, < size); data stays valid until store_mset_free. */
void store_mset_hit(const store_mset *m, size_t i, store_hit *out);
void store_mset_free(store_mset *m);
/* The positions of opts->pos_terms[k] in hit i, ascending, borrowed until store_mset_free;
 * returns how many (0 and *out NULL when none). */
size_t store_mset_positions(const store_mset *m, size_t i, size_t k, const uint32_t **out);
/* Documents holding opts->pos_terms[k], and documents in the database (for idf). */
uint64_t store_mset_termfreq(const store_mset *m, size_t k);
uint64_t store_mset_doccount(const store_mset *m);
/* Distinct values the spy on opts->spy_slots[k] saw, and for value i (< that) its text
 * (borrowed until store_mset_free) and how many matches had it. */
size_t store_mset_facets(const store_mset *m, size_t k);
const char *store_mset_facet(const store_mset *m, size_t k, size_t i, uint64_t *count);

/* More-like-this: treat the documents indexed by uterms[0..n) as relevant and return up to
 * `max` of their most distinctive unprefixed terms (those not starting with A-Z), best
 * first, as a query ORing them with their expand weights. ENOTFOUND if no document. */
tracuu_status store_expand(store_query **out, store_db *db, const char *const *uterms,
                           size_t n, unsigned max, store_err *err);

#ifdef __cplusplus
}
#endif

#endif
