/*
 * simvec.c - tf-idf vectors of findings (simvec.h).
 */
#include "simvec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "schema.h"
#include "simterms.h"

typedef struct idf_slot {
    char *term;
    double idf;
} idf_slot;

struct idf_cache {
    tracuu_index *ix;
    double nfindings;
    idf_slot *slots;
    size_t nslots, used;
};

tracuu_status
idf_cache_new(idf_cache **out, tracuu_index *ix)
{
    idf_cache *c = calloc(1, sizeof *c);
    if (!c)
        return TRACUU_ENOMEM;
    c->ix = ix;
    c->nslots = 1024;
    c->slots = calloc(c->nslots, sizeof *c->slots);
    uint64_t n = 0;
    store_err err = {TRACUU_OK, ""};
    tracuu_status st = c->slots ? store_db_termfreq(ix->db, KIND_FINDING, &n, &err)
                                : TRACUU_ENOMEM;
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
    for (size_t i = 0; i < c->nslots; i++)
        free(c->slots[i].term);
    free(c->slots);
    free(c);
}

static tracuu_status
grow(idf_cache *c)
{
    size_t ns = c->nslots * 2;
    idf_slot *nv = calloc(ns, sizeof *nv);
    if (!nv)
        return TRACUU_ENOMEM;
    for (size_t i = 0; i < c->nslots; i++) {
        if (!c->slots[i].term)
            continue;
        size_t h = (size_t)XXH3_64bits(c->slots[i].term, strlen(c->slots[i].term)) & (ns - 1);
        while (nv[h].term)
            h = (h + 1) & (ns - 1);
        nv[h] = c->slots[i];
    }
    free(c->slots);
    c->slots = nv;
    c->nslots = ns;
    return TRACUU_OK;
}

static tracuu_status
idf_of(idf_cache *c, const char *term, double *out)
{
    size_t len = strlen(term);
    size_t h = (size_t)XXH3_64bits(term, len) & (c->nslots - 1);
    while (c->slots[h].term) {
        if (!strcmp(c->slots[h].term, term)) {
            *out = c->slots[h].idf;
            return TRACUU_OK;
        }
        h = (h + 1) & (c->nslots - 1);
    }
    char key[2 * 64 + 8];
    snprintf(key, sizeof key, "%s%s", PREFIX_SIM, term);
    uint64_t df = 0;
    store_err err = {TRACUU_OK, ""};
    if (store_db_termfreq(c->ix->db, key, &df, &err) != TRACUU_OK)
        return index_fail_store(c->ix, &err);
    double idf = log(1.0 + c->nfindings / (double)(df ? df : 1));
    char *t = strdup(term);
    if (!t)
        return TRACUU_ENOMEM;
    c->slots[h].term = t;
    c->slots[h].idf = idf;
    c->used++;
    *out = idf;
    if (c->used * 2 > c->nslots)
        return grow(c);
    return TRACUU_OK;
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

tracuu_status
simvec_of(simvec *v, const char *text, size_t n, idf_cache *c)
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
            double idf = 0;
            st = idf_of(c, col.terms[i], &idf);
            if (st != TRACUU_OK)
                break;
            v->terms[v->n] = col.terms[i];
            col.terms[i] = NULL;
            v->w[v->n] = (1.0 + log((double)(j - i))) * idf;
            v->norm += v->w[v->n] * v->w[v->n];
            v->n++;
            i = j;
        }
        v->norm = sqrt(v->norm);
    }
    for (size_t i = 0; i < col.n; i++)
        free(col.terms[i]);
    free(col.terms);
    if (st != TRACUU_OK)
        simvec_free(v);
    return st;
}

void
simvec_free(simvec *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->terms[i]);
    free(v->terms);
    free(v->w);
    memset(v, 0, sizeof *v);
}

double
simvec_cosine(const simvec *a, const simvec *b)
{
    if (!a->norm || !b->norm)
        return 0;
    double dot = 0;
    for (size_t i = 0, j = 0; i < a->n && j < b->n;) {
        int c = strcmp(a->terms[i], b->terms[j]);
        if (c == 0)
            dot += a->w[i++] * b->w[j++];
        else if (c < 0)
            i++;
        else
            j++;
    }
    return dot / (a->norm * b->norm);
}
