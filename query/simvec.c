/*
 * simvec.c - tf-idf vectors of findings (simvec.h).
 */
#include "simvec.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "map.h"
#include "schema.h"
#include "section.h"
#include "simterms.h"

/* Bytes of the terms one cache interns: a probe meets at most a few hundred thousand
 * findings' terms; the ceiling stops a runaway, not a real collection. */
#define IDF_KEYS_MAX ((size_t)1 << 32)

struct idf_cache {
    tracuu_index *ix;
    double nfindings;
    text_map terms; /* term -> idf (NAN: not asked yet); the keys are the interned terms */
    /* Terms wanted but not asked yet (their slots hold NAN): asked all at once by
     * idf_cache_fetch, one exchange per shard instead of one per term. */
    const char **pending;
    size_t npending, cap;
    int oom;
};

tracuu_status
idf_cache_new(idf_cache **out, tracuu_index *ix)
{
    idf_cache *c = calloc(1, sizeof *c);
    if (!c)
        return TRACUU_ENOMEM;
    c->ix = ix;
    text_map_init(&c->terms, IDF_KEYS_MAX);
    uint64_t n = 0;
    store_err err = {TRACUU_OK, ""};
    const char *const kind[1] = {KIND_FINDING};
    tracuu_status st = store_db_collfreqs(ix->db, kind, 1, &n, &err);
    if (st != TRACUU_OK) {
        idf_cache_free(c);
        return st == TRACUU_ENOMEM ? st : index_fail_store(ix, &err);
    }
    c->nfindings = n ? (double)n : 1.0;
    *out = c;
    return TRACUU_OK;
}

void
idf_cache_free(idf_cache *c)
{
    if (!c)
        return;
    text_map_free(&c->terms);
    free(c->pending);
    free(c);
}

/* Put term in the cache with this idf (NAN: not asked yet); its copy in *interned. */
static tracuu_status
insert(idf_cache *c, const char *term, double idf, const char **interned)
{
    text_map_entry *e;
    tracuu_status st = text_map_put(&c->terms, term, strlen(term), &e, NULL);
    if (st != TRACUU_OK)
        return st;
    e->v.d = idf;
    *interned = e->key;
    return TRACUU_OK;
}

tracuu_status
idf_cache_intern(idf_cache *c, const char *s, const char **out)
{
    /* Under a byte no term starts with, so a string equal to a term is another key. Paths
     * run to PATH_MAX: past the stack buffer the key is allocated. */
    size_t n = strlen(s ? s : "");
    char small[512], *key = n + 2 <= sizeof small ? small : malloc(n + 2);
    *out = NULL;
    if (!key)
        return TRACUU_ENOMEM;
    key[0] = '\x01';
    memcpy(key + 1, s ? s : "", n + 1);
    text_map_entry *e;
    tracuu_status st = text_map_put(&c->terms, key, n + 1, &e, NULL);
    if (st == TRACUU_OK)
        *out = e->key + 1;
    if (key != small)
        free(key);
    return st;
}

static text_map_entry *
cached(const idf_cache *c, const char *term)
{
    return text_map_find(&c->terms, term, strlen(term));
}

static double
idf_from_df(const idf_cache *c, uint64_t df)
{
    return log(1.0 + c->nfindings / (double)(df ? df : 1));
}

/* The idf of term, and the cache's own copy of it (*interned), which stays put until
 * idf_cache_free. */
static tracuu_status
idf_of(idf_cache *c, const char *term, double *out, const char **interned)
{
    text_map_entry *e = cached(c, term);
    if (e && !isnan(e->v.d)) {
        *out = e->v.d;
        *interned = e->key;
        return TRACUU_OK;
    }
    char key[2 * 64 + 8];
    snprintf(key, sizeof key, "%s%s", PREFIX_SIM, term);
    uint64_t df = 0;
    store_err err = {TRACUU_OK, ""};
    if (store_db_termfreq(c->ix->db, key, &df, &err) != TRACUU_OK)
        return index_fail_store(c->ix, &err);
    *out = idf_from_df(c, df);
    return insert(c, term, *out, interned);
}

static void
want_term(void *ctx, const char *t, size_t len, int bigram)
{
    (void)bigram;
    idf_cache *c = ctx;
    char term[2 * 64 + 8];
    if (c->oom || len >= sizeof term)
        return;
    memcpy(term, t, len);
    term[len] = '\0';
    if (cached(c, term))
        return;
    if (c->npending == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 256;
        const char **nv = realloc(c->pending, nc * sizeof *nv);
        if (!nv) {
            c->oom = 1;
            return;
        }
        c->pending = nv;
        c->cap = nc;
    }
    const char *interned;
    if (insert(c, term, (double)NAN, &interned) != TRACUU_OK) {
        c->oom = 1;
        return;
    }
    c->pending[c->npending++] = interned;
}


tracuu_status
idf_cache_fetch(idf_cache *c)
{
    if (!c->npending)
        return TRACUU_OK;
    const char **keys = calloc(c->npending, sizeof *keys);
    uint64_t *df = calloc(c->npending, sizeof *df);
    tracuu_status st = keys && df ? TRACUU_OK : TRACUU_ENOMEM;
    for (size_t i = 0; st == TRACUU_OK && i < c->npending; i++) {
        size_t len = strlen(PREFIX_SIM) + strlen(c->pending[i]) + 1;
        char *k = malloc(len);
        if (!k)
            st = TRACUU_ENOMEM;
        else
            snprintf(k, len, "%s%s", PREFIX_SIM, c->pending[i]);
        keys[i] = k;
    }
    store_err err = {TRACUU_OK, ""};
    if (st == TRACUU_OK &&
        store_db_collfreqs(c->ix->db, keys, c->npending, df, &err) != TRACUU_OK)
        st = index_fail_store(c->ix, &err);
    for (size_t i = 0; st == TRACUU_OK && i < c->npending; i++) {
        text_map_entry *e = cached(c, c->pending[i]);
        if (e)
            e->v.d = idf_from_df(c, df[i]);
    }
    for (size_t i = 0; keys && i < c->npending; i++)
        free((char *)keys[i]);
    free(keys);
    free(df);
    c->npending = 0;
    return st;
}

typedef struct collect {
    char **terms;
    size_t n, cap;
    int oom;
} collect;

static void
collect_term(void *ctx, const char *t, size_t len, int bigram)
{
    (void)bigram;
    collect *c = ctx;
    if (c->oom)
        return;
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 32;
        char **nv = realloc(c->terms, nc * sizeof *nv);
        if (!nv) {
            c->oom = 1;
            return;
        }
        c->terms = nv;
        c->cap = nc;
    }
    c->terms[c->n] = strndup(t, len);
    if (!c->terms[c->n]) {
        c->oom = 1;
        return;
    }
    c->n++;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct wterm {
    const char *t;
    double w;
} wterm;

static int
by_address(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const wterm *)a)->t, y = (uintptr_t)((const wterm *)b)->t;
    return (x > y) - (x < y);
}

tracuu_status
simvec_terms(simvec *v, const char *text, size_t n, idf_cache *c)
{
    memset(v, 0, sizeof *v);
    collect col = {NULL, 0, 0, 0};
    tracuu_status st = simterms_of(text, 0, n, collect_term, &col);
    if (st == TRACUU_OK && col.oom)
        st = TRACUU_ENOMEM;
    if (st == TRACUU_OK && col.n) {
        qsort(col.terms, col.n, sizeof *col.terms, cmp_str);
        v->terms = malloc(col.n * sizeof *v->terms);
        v->w = malloc(col.n * sizeof *v->w);
        if (!v->terms || !v->w)
            st = TRACUU_ENOMEM;
        for (size_t i = 0; st == TRACUU_OK && i < col.n;) {
            size_t j = i;
            while (j < col.n && !strcmp(col.terms[j], col.terms[i]))
                j++;
            /* the cache's copy of the term (wanted, if it has no statistics yet) */
            want_term(c, col.terms[i], strlen(col.terms[i]), 0);
            const text_map_entry *e = c->oom ? NULL : cached(c, col.terms[i]);
            if (!e) {
                st = TRACUU_ENOMEM;
                break;
            }
            v->terms[v->n] = e->key;
            v->w[v->n] = (double)(j - i); /* the count, until simvec_weigh */
            v->n++;
            i = j;
        }
        v->norm = -1; /* not weighed yet */
    }
    for (size_t i = 0; i < col.n; i++)
        free(col.terms[i]);
    free(col.terms);
    if (st != TRACUU_OK)
        simvec_free(v);
    return st;
}

tracuu_status
simvec_weigh(simvec *v, idf_cache *c)
{
    if (v->norm >= 0)
        return TRACUU_OK;
    wterm *ws = malloc((v->n ? v->n : 1) * sizeof *ws);
    if (!ws)
        return TRACUU_ENOMEM;
    double norm = 0;
    tracuu_status st = TRACUU_OK;
    for (size_t k = 0; k < v->n && st == TRACUU_OK; k++) {
        double idf = 0;
        const char *interned = NULL;
        st = idf_of(c, v->terms[k], &idf, &interned); /* asks the index only if not fetched */
        ws[k].t = interned;
        ws[k].w = (1.0 + log(v->w[k])) * idf;
        norm += ws[k].w * ws[k].w;
    }
    /* Ordered by the interned strings' addresses: comparing two vectors is then a merge on
     * pointers, no string compares (recurring compares thousands of pairs). */
    if (st == TRACUU_OK) {
        qsort(ws, v->n, sizeof *ws, by_address);
        for (size_t k = 0; k < v->n; k++) {
            v->terms[k] = ws[k].t;
            v->w[k] = ws[k].w;
        }
        v->norm = sqrt(norm);
    }
    free(ws);
    return st;
}

tracuu_status
simvec_of(simvec *v, const char *text, size_t n, idf_cache *c)
{
    tracuu_status st = simvec_terms(v, text, n, c);
    if (st == TRACUU_OK)
        st = idf_cache_fetch(c);
    if (st == TRACUU_OK)
        st = simvec_weigh(v, c);
    if (st != TRACUU_OK)
        simvec_free(v);
    return st;
}

void
simvec_free(simvec *v)
{
    free(v->terms);
    free(v->w);
    memset(v, 0, sizeof *v);
}

double
simvec_dot(const simvec *a, const simvec *b)
{
    double dot = 0;
    for (size_t i = 0, j = 0; i < a->n && j < b->n;) {
        uintptr_t x = (uintptr_t)a->terms[i], y = (uintptr_t)b->terms[j];
        if (x == y)
            dot += a->w[i++] * b->w[j++];
        else if (x < y)
            i++;
        else
            j++;
    }
    return dot;
}

double
simvec_cosine(const simvec *a, const simvec *b)
{
    if (!a->norm || !b->norm)
        return 0;
    return simvec_dot(a, b) / (a->norm * b->norm);
}

tracuu_status
simvec_add(simvec *into, const simvec *v, double scale)
{
    size_t cap = into->n + v->n;
    const char **t = malloc((cap ? cap : 1) * sizeof *t);
    double *w = malloc((cap ? cap : 1) * sizeof *w);
    if (!t || !w) {
        free(t);
        free(w);
        return TRACUU_ENOMEM;
    }
    size_t n = 0, i = 0, j = 0;
    while (i < into->n || j < v->n) {
        uintptr_t x = i < into->n ? (uintptr_t)into->terms[i] : UINTPTR_MAX;
        uintptr_t y = j < v->n ? (uintptr_t)v->terms[j] : UINTPTR_MAX;
        if (x == y) {
            t[n] = into->terms[i];
            w[n++] = into->w[i++] + scale * v->w[j++];
        } else if (x < y) {
            t[n] = into->terms[i];
            w[n++] = into->w[i++];
        } else {
            t[n] = v->terms[j];
            w[n++] = scale * v->w[j++];
        }
    }
    free(into->terms);
    free(into->w);
    into->terms = t;
    into->w = w;
    into->n = n;
    return TRACUU_OK;
}

int
finding_place_order(const char *path_a, long long passage_a, long long finding_a,
                    const char *path_b, long long passage_b, long long finding_b)
{
    int c = strcmp(path_a ? path_a : "", path_b ? path_b : "");
    if (c)
        return c;
    if (passage_a != passage_b)
        return passage_a < passage_b ? -1 : 1;
    return finding_a < finding_b ? -1 : finding_a > finding_b;
}

int
record_order(const json_t *a, const json_t *b)
{
    return finding_place_order(json_string_value(json_object_get(a, "path")),
                               json_integer_value(json_object_get(a, "passage")),
                               json_integer_value(json_object_get(a, "finding")),
                               json_string_value(json_object_get(b, "path")),
                               json_integer_value(json_object_get(b, "passage")),
                               json_integer_value(json_object_get(b, "finding")));
}

size_t
finding_ordinal(const record_doc *d, size_t i)
{
    size_t ord = 1;
    for (size_t k = 0; k < i; k++)
        ord += d->findings[k].passage == d->findings[i].passage;
    return ord;
}

json_t *
finding_json(const record_doc *d, size_t i)
{
    const record_finding *f = &d->findings[i];
    const record_passage *p = &d->passages[f->passage];
    size_t ord = finding_ordinal(d, i);
    json_t *cites = record_passage_cite_ids(d, f->passage);
    return json_pack("{s:s, s:I, s:I, s:I, s:I, s:s%, s:s?, s:s?, s:s?, s:s?, s:s, s:s?, s:o}",
                     "path", d->path, "passage", (json_int_t)f->passage + 1, "finding",
                     (json_int_t)ord, "start", (json_int_t)f->start, "end", (json_int_t)f->end,
                     "text", d->text + f->start, (size_t)(f->end - f->start), "commune",
                     d->commune, "district", d->district, "province", d->province, "kind",
                     d->kind, "section", section_name((section_kind)(p->section & 3)), "date",
                     d->date, "cites", cites);
}

/* Append the vector (terms only) of text[0..n) to *fs, its commune's key interned, its data
 * `data` (owned: released on failure; NULL for a caller that keeps no JSON). */
static tracuu_status
push_finding(idf_cache *c, const char *text, size_t n, const char *commune, json_t *data,
             finding_vec **fs, size_t *nf, size_t *cap)
{
    if (*nf == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        finding_vec *nv = realloc(*fs, ncap * sizeof *nv);
        if (!nv) {
            json_decref(data);
            return TRACUU_ENOMEM;
        }
        *fs = nv;
        *cap = ncap;
    }
    finding_vec *f = &(*fs)[*nf];
    memset(f, 0, sizeof *f);
    tracuu_status st = simvec_terms(&f->v, text, n, c);
    if (st != TRACUU_OK) {
        json_decref(data);
        return st;
    }
    char key[256];
    abbrev_fold_key(commune, key, sizeof key);
    st = idf_cache_intern(c, key, &f->key);
    if (st != TRACUU_OK) {
        simvec_free(&f->v);
        json_decref(data);
        return st;
    }
    f->data = data;
    (*nf)++;
    return TRACUU_OK;
}

/* A probe's terms, for asking whether a finding shares one of them. */
typedef struct probe_set {
    text_map terms;
    int any; /* a term of the finding is in the set */
} probe_set;

static tracuu_status
probe_fill(probe_set *p, const simvec *v)
{
    p->any = 0;
    text_map_init(&p->terms, IDF_KEYS_MAX);
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < v->n && st == TRACUU_OK; i++) {
        text_map_entry *e;
        st = text_map_put(&p->terms, v->terms[i], strlen(v->terms[i]), &e, NULL);
    }
    return st;
}

static void
probe_hit(void *ctx, const char *t, size_t len, int bigram)
{
    (void)bigram;
    probe_set *p = ctx;
    if (!p->any && text_map_find(&p->terms, t, len))
        p->any = 1;
}

/* finding_vecs_add and finding_vecs_keep: with keep, no JSON is made; keep is told of each
 * finding appended instead. */
static tracuu_status
add_findings(idf_cache *c, const store_mset *m, const passage_query *pf,
             int (*skip)(const json_t *data, void *ctx), void *ctx, const simvec *probe,
             size_t max, finding_keep keep, void *kctx, finding_vec **fs, size_t *nf,
             size_t *cap)
{
    probe_set set, *ps = probe ? &set : NULL;
    tracuu_status st = ps ? probe_fill(ps, probe) : TRACUU_OK;
    size_t nm = store_mset_size(m);
    for (size_t i = 0; st == TRACUU_OK && i < nm && (!max || *nf < max); i++) {
        store_hit h;
        store_mset_hit(m, i, &h);
        record_doc *d = NULL;
        if (record_doc_decode(&d, h.data, h.datalen) != TRACUU_OK)
            continue; /* not a document record */
        for (size_t k = 0; st == TRACUU_OK && k < d->nfindings && (!max || *nf < max); k++) {
            const record_finding *rf = &d->findings[k];
            if (pf && !passage_query_allows(pf, d, rf->passage))
                continue;
            if (ps) {
                ps->any = 0;
                st = simterms_of(d->text, rf->start, rf->end, probe_hit, ps);
                if (st != TRACUU_OK || !ps->any)
                    continue;
            }
            if (keep) {
                /* The span on its own, as finding_json's copy gives it to the vector; then
                 * it is keep's. */
                char *t = strndup(d->text + rf->start, rf->end - rf->start);
                st = t ? push_finding(c, t, strlen(t), d->commune, NULL, fs, nf, cap)
                       : TRACUU_ENOMEM;
                if (st == TRACUU_OK)
                    st = keep(kctx, d, k, t);
                else
                    free(t);
                continue;
            }
            json_t *data = finding_json(d, k);
            if (!data) {
                st = TRACUU_ENOMEM;
                break;
            }
            if (skip && skip(data, ctx)) {
                json_decref(data);
                continue;
            }
            const char *t = json_string_value(json_object_get(data, "text"));
            st = push_finding(c, t, strlen(t), json_string_value(json_object_get(data, "commune")),
                              data, fs, nf, cap);
        }
        record_doc_free(d);
    }
    if (ps)
        text_map_free(&ps->terms);
    return st;
}

tracuu_status
finding_vecs_add(idf_cache *c, const store_mset *m, const passage_query *pf,
                 int (*skip)(const json_t *data, void *ctx), void *ctx, const simvec *probe,
                 size_t max, finding_vec **fs, size_t *nf, size_t *cap)
{
    return add_findings(c, m, pf, skip, ctx, probe, max, NULL, NULL, fs, nf, cap);
}

tracuu_status
finding_vecs_keep(idf_cache *c, const store_mset *m, const passage_query *pf, finding_keep keep,
                  void *kctx, finding_vec **fs, size_t *nf, size_t *cap)
{
    return add_findings(c, m, pf, NULL, NULL, NULL, 0, keep, kctx, fs, nf, cap);
}

tracuu_status
finding_vecs_weigh(idf_cache *c, finding_vec *fs, size_t nf)
{
    tracuu_status st = idf_cache_fetch(c);
    for (size_t i = 0; st == TRACUU_OK && i < nf; i++)
        st = simvec_weigh(&fs[i].v, c);
    return st;
}

tracuu_status
finding_vecs_of(idf_cache *c, const store_mset *m, const passage_query *pf,
                int (*skip)(const json_t *data, void *ctx), void *ctx, const simvec *probe,
                size_t max, finding_vec **out, size_t *n)
{
    size_t nf = 0, cap = 0;
    finding_vec *fs = NULL;
    tracuu_status st = finding_vecs_add(c, m, pf, skip, ctx, probe, max, &fs, &nf, &cap);
    if (st == TRACUU_OK)
        st = finding_vecs_weigh(c, fs, nf);
    if (st != TRACUU_OK) {
        finding_vecs_free(fs, nf);
        fs = NULL;
        nf = 0;
    }
    *out = fs;
    *n = nf;
    return st;
}

void
finding_vecs_free(finding_vec *f, size_t n)
{
    for (size_t i = 0; f && i < n; i++) {
        json_decref(f[i].data);
        simvec_free(&f[i].v);
    }
    free(f);
}
