/*
 * simvec.h - findings as tf-idf vectors over their similarity terms (text/simterms.h), and
 * the cosine between two: the one score `similar` and `recurring` both report, so a pair
 * scores the same whichever command finds it.
 *
 * Term weight: (1 + ln tf) x idf, idf = ln(1 + N / df) over the index's findings (N =
 * findings, df = findings holding the term; a term the index has never seen counts as
 * df = 1). Findings live inside document records (schema.h), so both are read as collection
 * frequencies: a document's "S" term has wdf = its findings holding the term, and its
 * Kfinding term wdf = its findings. Bigrams weigh like syllables: two findings sharing "quan tâm" in that order are
 * closer than two that merely share both words.
 */
#ifndef TRACUU_QUERY_SIMVEC_H
#define TRACUU_QUERY_SIMVEC_H

#include <stddef.h>

#include <jansson.h>

#include "index.h"
#include "passages.h"
#include "record.h"

/* Document frequencies of "S" terms, asked of the index once each. */
typedef struct idf_cache idf_cache;

tracuu_status idf_cache_new(idf_cache **out, tracuu_index *ix);
void idf_cache_free(idf_cache *c);
/* The cache's own copy of s, kept until idf_cache_free (for strings many findings share,
 * such as their commune's key): never a term, never asked of the index. */
tracuu_status idf_cache_intern(idf_cache *c, const char *s, const char **out);
/* Ask the index for the statistics of every term wanted so far, at once. */
tracuu_status idf_cache_fetch(idf_cache *c);

typedef struct simvec {
    const char **terms; /* interned by the idf_cache (valid until idf_cache_free: free the
                         * vectors first), ordered by address, not alphabetically */
    double *w;
    size_t n;
    double norm;
} simvec;

/* The vector of normalized text[0..n). */
tracuu_status simvec_of(simvec *v, const char *text, size_t n, idf_cache *c);
/* simvec_of in two steps, for many texts: simvec_terms for each (their terms noted as
 * wanted), one idf_cache_fetch for all (one exchange with the index, per shard), then
 * simvec_weigh for each. A vector is usable only once weighed. */
tracuu_status simvec_terms(simvec *v, const char *text, size_t n, idf_cache *c);
tracuu_status simvec_weigh(simvec *v, idf_cache *c);
void simvec_free(simvec *v);
double simvec_cosine(const simvec *a, const simvec *b);
/* The dot product of the weights (no normalization). */
double simvec_dot(const simvec *a, const simvec *b);
/* into += scale x v, term by term (both over the same idf_cache). `into` may start zeroed:
 * a sum of unit vectors, which average linkage needs (recurring.c). */
tracuu_status simvec_add(simvec *into, const simvec *v, double scale);

/* A finding record read for comparison: its data (owned), its commune's folded key, its
 * vector, and a score for the caller's use. */
typedef struct finding_vec {
    json_t *data;
    const char *key; /* interned by the idf_cache: compare with strcmp, or as pointers */
    simvec v;
    double score;
} finding_vec;

/* The findings of the documents in m (store/record.h) whose passage pf admits (every one
 * when pf is NULL) and that skip (when not NULL) does not refuse, in order, each with its
 * weighed vector: every finding's terms first, their statistics in one exchange with the
 * index, then the weights; at most max findings (0: all), taken in m's order. With a probe,
 * a finding sharing no term with it is passed over before anything is built for it (its
 * cosine with the probe would be 0). *out (owned:
 * finding_vecs_free) holds *n. */
tracuu_status finding_vecs_of(idf_cache *c, const store_mset *m, const passage_query *pf,
                              int (*skip)(const json_t *data, void *ctx), void *ctx,
                              const simvec *probe, size_t max, finding_vec **out,
                              size_t *n);

/* finding_vecs_of in steps, for documents read page by page: finding_vecs_add appends the
 * findings of m (terms only) to *fs (*nf of *cap), finding_vecs_weigh then fetches every
 * statistic at once and weighs them all. On failure of either, free with
 * finding_vecs_free(*fs, *nf). */
tracuu_status finding_vecs_add(idf_cache *c, const store_mset *m, const passage_query *pf,
                               int (*skip)(const json_t *data, void *ctx), void *ctx,
                               const simvec *probe, size_t max, finding_vec **fs, size_t *nf,
                               size_t *cap);
/* finding_vecs_add without JSON (data stays NULL), for a caller that lists few of the
 * findings it compares and keeps what it lists itself: keep(kctx, d, k, text) is called for
 * finding k of record d (valid during the call only) right after its vector is appended
 * as (*fs)[*nf - 1], with its text (a NUL-terminated copy that keep owns, even when it
 * fails); a status other than TRACUU_OK stops the reading. */
typedef tracuu_status (*finding_keep)(void *kctx, const record_doc *d, size_t k, char *text);
tracuu_status finding_vecs_keep(idf_cache *c, const store_mset *m, const passage_query *pf,
                                finding_keep keep, void *kctx, finding_vec **fs, size_t *nf,
                                size_t *cap);
tracuu_status finding_vecs_weigh(idf_cache *c, finding_vec *fs, size_t nf);

/* Finding i of d as {"path", "passage", "finding" (its number in the passage), "start",
 * "end", "text", "commune", "district", "province", "kind", "section", "date", "cites":
 * [ids its passage cites]}: what similar and recurring show of it. NULL when out of memory. */
json_t *finding_json(const record_doc *d, size_t i);
/* The number of finding i within its passage (1 for the first): finding_json's "finding". */
size_t finding_ordinal(const record_doc *d, size_t i);
void finding_vecs_free(finding_vec *f, size_t n);

/* Order of two findings by path, passage and finding: the tie-break that keeps `similar`
 * and `recurring` the same over shards, where Xapian's document ids (the order records
 * come in) differ. record_order reads them from the findings' JSON (finding_json). */
int finding_place_order(const char *path_a, long long passage_a, long long finding_a,
                        const char *path_b, long long passage_b, long long finding_b);
int record_order(const json_t *a, const json_t *b);

#endif
