/*
 * similar.c - tracuu_similar: findings from other communes that say the same thing.
 *
 * Two steps. Xapian's BM25 over the "S" terms of finding records (schema.h) gathers
 * candidates fast; each is then scored by the cosine of tf-idf vectors (simvec.h), plus a
 * small bonus when the two cite the same document, so the score means the same in every
 * query and in `recurring`. The best finding of each commune is kept.
 */
#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "filter.h"
#include "index.h"
#include "schema.h"
#include "simterms.h"
#include "simvec.h"

/* Candidates re-scored: enough for every commune of a district to show up. */
#define SIMILAR_CANDIDATES 400
#define SIMILAR_DEFAULT_LIMIT 10
/* Added to the cosine when source and candidate cite a document in common. */
#define SHARED_CITE_BONUS 0.05

typedef struct qterms {
    store_query **q;
    size_t n, cap;
    int oom;
    store_err *err;
} qterms;

static void
add_qterm(void *ctx, const char *t, size_t len, int bigram)
{
    (void)bigram;
    qterms *l = ctx;
    if (l->oom)
        return;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 32;
        store_query **nv = realloc(l->q, nc * sizeof *nv);
        if (!nv) {
            l->oom = 1;
            return;
        }
        l->q = nv;
        l->cap = nc;
    }
    char term[2 * 64 + 8];
    int tl = snprintf(term, sizeof term, "%s%.*s", PREFIX_SIM, (int)len, t);
    if (store_query_term(&l->q[l->n], term, (size_t)tl, 1, 0, l->err) != TRACUU_OK) {
        l->oom = 1;
        return;
    }
    l->n++;
}

static void
fold_key(const char *name, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!name)
        return;
    text_buf f = TEXT_BUF_INIT(1024);
    if (abbrev_fold(name, 0, strlen(name), &f) == TRACUU_OK && f.len)
        snprintf(out, outsz, "%s", f.ptr);
    text_buf_free(&f);
}

/* The ids a record's data cites: strings (findings) or {"id"} objects (passages). */
static int
shares_cite(json_t *a, json_t *b)
{
    size_t i, k;
    json_t *x, *y;
    json_array_foreach(a, i, x) {
        const char *ia = json_is_string(x) ? json_string_value(x)
                                           : json_string_value(json_object_get(x, "id"));
        json_array_foreach(b, k, y) {
            const char *ib = json_is_string(y) ? json_string_value(y)
                                               : json_string_value(json_object_get(y, "id"));
            if (ia && ib && !strcmp(ia, ib))
                return 1;
        }
    }
    return 0;
}

static int
is_dockey(const char *s, size_t n)
{
    if (n != 16)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
            return 0;
    return 1;
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
    size_t pl = (size_t)(hash - ref);
    if (is_dockey(ref, pl)) {
        memcpy(dockey, ref, 16);
        dockey[16] = '\0';
    } else {
        snprintf(path, sizeof path, "%.*s", (int)pl, ref);
        char *abs = realpath(path, NULL);
        index_dockey(dockey, abs ? abs : path);
        free(abs);
    }
    if (k)
        snprintf(term, sizeof term, "%s%s.%lu.%lu", PREFIX_UID_FINDING, dockey, n, k);
    else
        snprintf(term, sizeof term, "%s%s.%lu", PREFIX_UID_PASSAGE, dockey, n);
    store_err err = {TRACUU_OK, ""};
    char *data = NULL;
    size_t len = 0;
    tracuu_status st = store_db_find(ix->db, term, SLOT_PATH, NULL, &data, &len, &err);
    if (st == TRACUU_ENOTFOUND)
        return index_fail(ix, st, "%s: no such %s in the index", ref, k ? "finding" : "passage");
    if (st != TRACUU_OK)
        return index_fail_store(ix, &err);
    *out = json_loadb(data, len, 0, NULL);
    free(data);
    return *out ? TRACUU_OK : index_fail(ix, TRACUU_ECORRUPT, "%s: record is not JSON", ref);
}

typedef struct cand {
    json_t *data;
    double score;
    char key[256]; /* folded commune */
} cand;

static int
by_score(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    return x->score < y->score ? 1 : x->score > y->score ? -1 : 0;
}

tracuu_status
tracuu_similar(char **out, tracuu_index *ix, const char *ref, const char *text,
               const char *filter, unsigned limit)
{
    if (!out || !ix || (!ref) == (!text))
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    json_t *src = NULL, *results = NULL;
    store_query *any = NULL, *kind = NULL, *fq = NULL, *q = NULL, *tmp = NULL, *excl = NULL;
    store_mset *m = NULL;
    idf_cache *idf = NULL;
    simvec sv = {0};
    cand *cs = NULL;
    store_err err = {TRACUU_OK, ""};
    qterms qt = {NULL, 0, 0, 0, &err};
    tracuu_status st = TRACUU_OK;
    if (!limit)
        limit = SIMILAR_DEFAULT_LIMIT;

    if (ref)
        st = load_ref(ix, ref, &src);
    else {
        src = json_pack("{s:s}", "text", text);
        if (!src)
            st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
    }
    if (st != TRACUU_OK)
        goto done;
    const char *stext = json_string_value(json_object_get(src, "text"));
    if (!stext)
        stext = "";
    char skey[256];
    fold_key(json_string_value(json_object_get(src, "commune")), skey, sizeof skey);

    st = simterms_of(stext, 0, strlen(stext), add_qterm, &qt);
    if (st == TRACUU_OK && qt.oom)
        st = err.status != TRACUU_OK ? err.status : TRACUU_ENOMEM;
    if (st != TRACUU_OK) {
        st = err.status != TRACUU_OK ? index_fail_store(ix, &err) : index_fail(ix, st, "out of memory");
        goto done;
    }
    results = json_array();
    if (!qt.n) /* nothing to compare: no content words */
        goto emit;
    st = store_query_combine(&any, STORE_OP_OR, qt.q, qt.n, 0, &err);
    if (st == TRACUU_OK)
        st = store_query_term(&kind, KIND_FINDING, strlen(KIND_FINDING), 1, 0, &err);
    if (st == TRACUU_OK) {
        store_query *pair[2] = {any, kind};
        st = store_query_combine(&q, STORE_OP_FILTER, pair, 2, 0, &err);
    }
    if (st != TRACUU_OK) {
        st = index_fail_store(ix, &err);
        goto done;
    }
    /* Other communes only, when the source has one. */
    if (skey[0]) {
        char term[300];
        int tl = snprintf(term, sizeof term, "%s%s", PREFIX_COMMUNE, skey);
        st = store_query_term(&excl, term, (size_t)tl, 1, 0, &err);
        if (st == TRACUU_OK) {
            store_query *pair[2] = {q, excl};
            st = store_query_combine(&tmp, STORE_OP_AND_NOT, pair, 2, 0, &err);
        }
        if (st != TRACUU_OK) {
            st = index_fail_store(ix, &err);
            goto done;
        }
        store_query_free(q);
        q = tmp;
        tmp = NULL;
    }
    st = query_filter(ix, filter, &fq);
    if (st != TRACUU_OK)
        goto done;
    if (fq) {
        store_query *pair[2] = {q, fq};
        st = store_query_combine(&tmp, STORE_OP_FILTER, pair, 2, 0, &err);
        if (st != TRACUU_OK) {
            st = index_fail_store(ix, &err);
            goto done;
        }
        store_query_free(q);
        q = tmp;
        tmp = NULL;
    }
    store_search_opts so = STORE_SEARCH_OPTS_INIT;
    so.limit = SIMILAR_CANDIDATES;
    st = store_search(&m, ix->db, q, &so, &err);
    if (st != TRACUU_OK) {
        st = index_fail_store(ix, &err);
        goto done;
    }
    st = idf_cache_new(&idf, ix);
    if (st == TRACUU_OK)
        st = simvec_of(&sv, stext, strlen(stext), idf);
    size_t nm = store_mset_size(m), nc = 0;
    cs = calloc(nm ? nm : 1, sizeof *cs);
    if (st == TRACUU_OK && !cs)
        st = TRACUU_ENOMEM;
    json_t *scites = json_object_get(src, "cites");
    for (size_t i = 0; st == TRACUU_OK && i < nm; i++) {
        store_hit h;
        store_mset_hit(m, i, &h);
        json_t *d = json_loadb(h.data, h.datalen, 0, NULL);
        const char *t = json_string_value(json_object_get(d, "text"));
        if (!t) {
            json_decref(d);
            continue;
        }
        /* the source finding itself (text search: the same words exactly) is not news */
        if (ref && json_equal(json_object_get(d, "path"), json_object_get(src, "path")) &&
            json_equal(json_object_get(d, "passage"), json_object_get(src, "passage"))) {
            json_decref(d);
            continue;
        }
        simvec cv;
        st = simvec_of(&cv, t, strlen(t), idf);
        if (st != TRACUU_OK) {
            json_decref(d);
            break;
        }
        double score = simvec_cosine(&sv, &cv);
        simvec_free(&cv);
        if (shares_cite(scites, json_object_get(d, "cites")))
            score += SHARED_CITE_BONUS;
        if (score > 1)
            score = 1;
        cs[nc].data = d;
        cs[nc].score = score;
        fold_key(json_string_value(json_object_get(d, "commune")), cs[nc].key,
                 sizeof cs[nc].key);
        nc++;
    }
    if (st != TRACUU_OK) {
        if (!tracuu_index_errmsg(ix)[0])
            index_fail(ix, st, "similar: %s", tracuu_status_str(st));
        for (size_t i = 0; i < nc; i++)
            json_decref(cs[i].data);
        goto done;
    }
    qsort(cs, nc, sizeof *cs, by_score);
    for (size_t i = 0; i < nc; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(cs[k].key, cs[i].key);
        if (!seen && cs[i].score > 0 && json_array_size(results) < limit) {
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
        json_decref(cs[i].data);
    }
emit:;
    json_t *o = json_pack("{s:{s:O, s:O, s:O, s:O, s:O}, s:O}", "source", "path",
                          json_object_get(src, "path") ? json_object_get(src, "path") : json_null(),
                          "passage",
                          json_object_get(src, "passage") ? json_object_get(src, "passage")
                                                          : json_null(),
                          "finding",
                          json_object_get(src, "finding") ? json_object_get(src, "finding")
                                                          : json_null(),
                          "commune",
                          json_object_get(src, "commune") ? json_object_get(src, "commune")
                                                          : json_null(),
                          "text", json_object_get(src, "text"), "results", results);
    *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!*out)
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
done:
    for (size_t i = 0; i < qt.n; i++)
        store_query_free(qt.q[i]);
    free(qt.q);
    free(cs);
    simvec_free(&sv);
    idf_cache_free(idf);
    store_mset_free(m);
    store_query_free(any);
    store_query_free(kind);
    store_query_free(fq);
    store_query_free(q);
    store_query_free(tmp);
    store_query_free(excl);
    json_decref(src);
    json_decref(results);
    return st;
}
