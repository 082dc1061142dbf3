/*
 * similar.c - tracuu_similar_find: findings from other communes that say the same thing.
 *
 * Two steps. Xapian's BM25 over the "S" terms of documents (schema.h: the similarity terms
 * of their findings) gathers candidate documents fast, and of their findings those sharing
 * a distinctive term with the source; each is then scored by the cosine of tf-idf vectors (simvec.h), plus a
 * small bonus when the two cite the same document, so the score means the same in every
 * query and in `recurring`. The best finding of each commune is kept.
 */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "filter.h"
#include "index.h"
#include "record.h"
#include "schema.h"
#include "simvec.h"

/* Candidates re-scored: enough for every commune of a district to show up. */
/* Candidates: the documents whose findings share the most distinctive terms with the source
 * (BM25 over their "S" terms), and of their findings those sharing a term with it (the
 * others would score 0), at most SIMILAR_FINDINGS in that order: a document brings ~10
 * findings of a report and hundreds of a long legal text. */
#define SIMILAR_CANDIDATES 400
#define SIMILAR_FINDINGS 20000
#define SIMILAR_DEFAULT_LIMIT 10
/* Added to the cosine when source and candidate cite a document in common. */
#define SHARED_CITE_BONUS 0.05

/* A term held by more than about a tenth of all findings (idf below ln 11: "chưa",
 * "nhân dân") only gathers candidates, it cannot make one similar; skipping it when
 * gathering spares reading its long posting list (similar p99 at 20,000 reports went
 * from 66 to ... ms, bench/RESULTS.md). The cosine still counts it. */
#define GATHER_MIN_IDF 2.4
#define GATHER_KEEP 3

/* Is term i of v one of its distinctive terms: weighing at least GATHER_MIN_IDF, or among
 * the GATHER_KEEP heaviest? */
static int
gathers(const simvec *v, size_t i)
{
    size_t heavier = 0;
    for (size_t k = 0; k < v->n; k++)
        heavier += v->w[k] > v->w[i] || (v->w[k] == v->w[i] && k < i);
    return v->w[i] >= GATHER_MIN_IDF || heavier < GATHER_KEEP;
}

/* The distinctive terms of v alone (terms borrowed from v): the candidates are the findings
 * holding one of them, as the finding records holding one were before schema 5. */
static simvec
gathering(const simvec *v)
{
    simvec g = {calloc(v->n ? v->n : 1, sizeof *g.terms), NULL, 0, 0};
    for (size_t i = 0; g.terms && i < v->n; i++)
        if (gathers(v, i))
            g.terms[g.n++] = v->terms[i];
    return g;
}

/* Candidates: documents holding any of the source's distinctive terms ("S" prefix,
 * schema.h). */
static tracuu_status
any_term(store_query **out, const simvec *v, store_err *err)
{
    store_query **qs = calloc(v->n ? v->n : 1, sizeof *qs);
    tracuu_status st = qs ? TRACUU_OK : TRACUU_ENOMEM;
    size_t nq = 0;
    for (size_t i = 0; st == TRACUU_OK && i < v->n; i++) {
        if (!gathers(v, i))
            continue;
        char term[2 * 64 + 8];
        int tl = snprintf(term, sizeof term, "%s%s", PREFIX_SIM, v->terms[i]);
        st = store_query_term(&qs[nq], term, (size_t)tl, 1, 0, err);
        if (st == TRACUU_OK)
            nq++;
    }
    if (st == TRACUU_OK)
        st = store_query_combine(out, STORE_OP_OR, qs, nq, 0, err);
    for (size_t i = 0; qs && i < nq; i++)
        store_query_free(qs[i]);
    free(qs);
    if (st == TRACUU_ENOMEM && err->status == TRACUU_OK) {
        err->status = st;
        snprintf(err->msg, sizeof err->msg, "out of memory");
    }
    return st;
}

/* Do two lists of cited ids (record_passage_cite_ids) share one? */
static int
shares_cite(json_t *a, json_t *b)
{
    size_t i, k;
    json_t *x, *y;
    json_array_foreach(a, i, x) {
        json_array_foreach(b, k, y) {
            if (json_equal(x, y))
                return 1;
        }
    }
    return 0;
}

/* Passage n (1-based) of a document record as {"path", "passage", "text", "commune",
 * "cites": [ids]}, or with k its k-th finding (finding_json); NULL when there is no such
 * passage or finding. */
static json_t *
ref_json(const char *data, size_t len, unsigned long n, unsigned long k, tracuu_status *st)
{
    record_doc *d = NULL;
    *st = record_doc_decode(&d, data, len);
    if (*st != TRACUU_OK)
        return NULL;
    json_t *o = NULL;
    for (size_t i = 0, ord = 0; k && i < d->nfindings && !o; i++)
        if (d->findings[i].passage + 1 == n && ++ord == k)
            o = finding_json(d, i);
    if (!k && n >= 1 && n <= d->npassages) {
        const record_passage *p = &d->passages[n - 1];
        json_t *cites = record_passage_cite_ids(d, (uint32_t)(n - 1));
        o = json_pack("{s:s, s:I, s:s%, s:s?, s:o}", "path", d->path, "passage",
                      (json_int_t)n, "text", d->text + p->start, (size_t)(p->end - p->start),
                      "commune", d->commune, "cites", cites);
    }
    record_doc_free(d);
    return o;
}

/* The record "PATH#N" or "PATH#N.K" names, as JSON. */
static tracuu_status
load_ref(tracuu_index *ix, const char *ref, json_t **out)
{
    const char *hash = strrchr(ref, '#');
    unsigned long n = 0, k = 0;
    char *end = NULL;
    if (!hash || hash == ref)
        return index_fail(ix, TRACUU_EINVAL,
                          "%s: name a passage as PATH#N or a finding as PATH#N.K", ref);
    n = strtoul(hash + 1, &end, 10);
    if (end && *end == '.')
        k = strtoul(end + 1, &end, 10);
    if (!n || !end || *end)
        return index_fail(ix, TRACUU_EINVAL,
                          "%s: name a passage as PATH#N or a finding as PATH#N.K", ref);
    char dockey[17], term[64], path[PATH_MAX];
    snprintf(path, sizeof path, "%.*s", (int)(hash - ref), ref);
    if (index_doc_key(dockey, path) != TRACUU_OK)
        return index_fail(ix, TRACUU_ENOMEM, "out of memory");
    snprintf(term, sizeof term, "%s%s", PREFIX_UID_DOC, dockey);
    store_err err = {TRACUU_OK, ""};
    char *data = NULL;
    size_t len = 0;
    tracuu_status st = store_db_find(ix->db, term, SLOT_PATH, NULL, &data, &len, &err);
    if (st == TRACUU_ENOTFOUND)
        return index_fail(ix, st, "%s: no such %s in the index", ref, k ? "finding" : "passage");
    if (st != TRACUU_OK)
        return index_fail_store(ix, &err);
    *out = ref_json(data, len, n, k, &st);
    free(data);
    if (st == TRACUU_ENOMEM)
        return index_fail(ix, st, "out of memory");
    if (!*out)
        return index_fail(ix, TRACUU_ENOTFOUND, "%s: no such %s in the index", ref,
                          k ? "finding" : "passage");
    return TRACUU_OK;
}

typedef finding_vec cand;

static int
by_score(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return record_order(x->data, y->data);
}

/* Is this record the source finding itself (src: the source's data)? */
static int
is_source(const json_t *d, void *src)
{
    return json_equal(json_object_get(d, "path"), json_object_get(src, "path")) &&
           json_equal(json_object_get(d, "passage"), json_object_get(src, "passage"));
}

/* The candidates' query: findings holding any of the source's terms, of other communes
 * than skey's unless `same`. */
static tracuu_status
candidate_query(store_query **q, const simvec *sv, const char *skey, int same, store_err *err)
{
    store_query *kind = NULL, *excl = NULL;
    tracuu_status st = any_term(q, sv, err);
    if (st == TRACUU_OK)
        st = store_query_term(&kind, KIND_FINDING, strlen(KIND_FINDING), 1, 0, err);
    if (st == TRACUU_OK) {
        st = query_narrow(q, STORE_OP_FILTER, kind, err);
        kind = NULL;
    }
    if (st == TRACUU_OK && skey[0] && !same) {
        char term[300];
        int tl = snprintf(term, sizeof term, "%s%s", PREFIX_COMMUNE, skey);
        st = store_query_term(&excl, term, (size_t)tl, 1, 0, err);
        if (st == TRACUU_OK) {
            st = query_narrow(q, STORE_OP_AND_NOT, excl, err);
            excl = NULL;
        }
    }
    store_query_free(kind);
    store_query_free(excl);
    return st;
}

/* The best `limit` candidates (sorted by score), one per commune (per document when `same`),
 * appended to results. */
static void
best_results(json_t *results, const cand *cs, size_t nc, int same, unsigned limit)
{
    for (size_t i = 0; i < nc; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = same ? json_equal(json_object_get(cs[k].data, "path"),
                                     json_object_get(cs[i].data, "path"))
                        : !strcmp(cs[k].key, cs[i].key);
        if (seen || cs[i].score <= 0 || json_array_size(results) >= limit)
            continue;
        json_t *d = cs[i].data;
        json_array_append_new(
            results,
            json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:f, s:O}", "path",
                      json_object_get(d, "path"), "passage", json_object_get(d, "passage"),
                      "finding", json_object_get(d, "finding"), "commune",
                      json_object_get(d, "commune"), "section", json_object_get(d, "section"),
                      "date", json_object_get(d, "date"), "score",
                      (double)((long)(cs[i].score * 10000 + 0.5)) / 10000.0, "text",
                      json_object_get(d, "text")));
    }
}

/* Score the candidates against the source: cosine, + SHARED_CITE_BONUS when they cite a
 * document in common, at most 1; then sort them best first. */
static void
score_candidates(cand *cs, size_t nc, const simvec *sv, json_t *scites)
{
    for (size_t i = 0; i < nc; i++) {
        double score = simvec_cosine(sv, &cs[i].v);
        if (shares_cite(scites, json_object_get(cs[i].data, "cites")))
            score += SHARED_CITE_BONUS;
        cs[i].score = score > 1 ? 1 : score;
    }
    if (nc) /* cs may be NULL when there is no candidate */
        qsort(cs, nc, sizeof *cs, by_score);
}

tracuu_status
tracuu_similar_find(char **out, tracuu_index *ix, const char *ref, const char *text,
                    const char *filter, unsigned limit, unsigned flags)
{
    const int same = (flags & TRACUU_SIMILAR_INCLUDE_SAME) != 0;
    if (!out || !ix || (!ref) == (!text))
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    json_t *src = NULL, *results = NULL;
    store_query *q = NULL;
    store_mset *m = NULL;
    passage_query *pf = NULL;
    idf_cache *idf = NULL;
    simvec sv = {0};
    cand *cs = NULL;
    size_t nc = 0;
    store_err err = {TRACUU_OK, ""};
    tracuu_status st = TRACUU_OK;
    if (!limit)
        limit = SIMILAR_DEFAULT_LIMIT;

    if (ref)
        st = load_ref(ix, ref, &src);
    else if (!(src = json_pack("{s:s}", "text", text)))
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
    if (st != TRACUU_OK)
        goto done;
    const char *stext = json_string_value(json_object_get(src, "text"));
    if (!stext)
        stext = "";
    char skey[256];
    abbrev_fold_key(json_string_value(json_object_get(src, "commune")), skey, sizeof skey);

    st = idf_cache_new(&idf, ix);
    if (st == TRACUU_OK)
        st = simvec_of(&sv, stext, strlen(stext), idf);
    if (st != TRACUU_OK) {
        if (!tracuu_index_errmsg(ix)[0])
            index_fail(ix, st, "similar: %s", tracuu_status_str(st));
        goto done;
    }
    results = json_array();
    if (!sv.n) /* nothing to compare: no content words */
        goto emit;
    if (candidate_query(&q, &sv, skey, same, &err) != TRACUU_OK) {
        st = index_fail_store(ix, &err);
        goto done;
    }
    st = query_records(ix, filter, &q, SIMILAR_CANDIDATES, &m);
    if (st == TRACUU_OK)
        st = query_filter_passages(ix, filter, &pf);
    if (st != TRACUU_OK)
        goto done;
    /* the source finding itself (text search: the same words exactly) is not news */
    simvec probe = gathering(&sv);
    st = probe.terms ? finding_vecs_of(idf, m, pf, ref ? is_source : NULL, src, &probe,
                                       SIMILAR_FINDINGS, &cs, &nc)
                     : TRACUU_ENOMEM;
    free(probe.terms);
    if (st != TRACUU_OK) {
        if (!tracuu_index_errmsg(ix)[0])
            index_fail(ix, st, "similar: %s", tracuu_status_str(st));
        goto done;
    }
    score_candidates(cs, nc, &sv, json_object_get(src, "cites"));
    best_results(results, cs, nc, same, limit);
emit:;
    json_t *o = json_pack("{s:{s:O?, s:O?, s:O?, s:O?, s:O?}, s:O}", "source", "path",
                          json_object_get(src, "path"), "passage",
                          json_object_get(src, "passage"), "finding",
                          json_object_get(src, "finding"), "commune",
                          json_object_get(src, "commune"), "text", json_object_get(src, "text"),
                          "results", results);
    *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!*out)
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
done:
    finding_vecs_free(cs, nc);
    simvec_free(&sv);
    idf_cache_free(idf);
    store_mset_free(m);
    passage_query_free(pf);
    store_query_free(q);
    json_decref(src);
    json_decref(results);
    return st;
}
