/*
 * simvec.c - tf-idf vectors of findings (simvec.h).
 */
#include "simvec.h"

#include <math.h>
#include <stdint.h>
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

/* The idf of term, and the cache's own copy of it (*interned), which stays put until
 * idf_cache_free. */
static tracuu_status
idf_of(idf_cache *c, const char *term, double *out, const char **interned)
{
    size_t len = strlen(term);
    size_t h = (size_t)XXH3_64bits(term, len) & (c->nslots - 1);
    while (c->slots[h].term) {
        if (!strcmp(c->slots[h].term, term)) {
            *out = c->slots[h].idf;
            *interned = c->slots[h].term;
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
    *interned = t;
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
simvec_of(simvec *v, const char *text, size_t n, idf_cache *c)
{
    memset(v, 0, sizeof *v);
    collect col = {NULL, 0, 0, 0};
    wterm *ws = NULL;
    tracuu_status st = simterms_of(text, 0, n, collect_term, &col);
    if (st == TRACUU_OK && col.oom)
        st = TRACUU_ENOMEM;
    if (st == TRACUU_OK && col.n) {
        qsort(col.terms, col.n, sizeof *col.terms, cmp_str);
        ws = malloc(col.n * sizeof *ws);
        v->terms = malloc(col.n * sizeof *v->terms);
        v->w = malloc(col.n * sizeof *v->w);
        if (!ws || !v->terms || !v->w)
            st = TRACUU_ENOMEM;
        size_t nw = 0;
        for (size_t i = 0; st == TRACUU_OK && i < col.n;) {
            size_t j = i;
            while (j < col.n && !strcmp(col.terms[j], col.terms[i]))
                j++;
            double idf = 0;
            const char *interned = NULL;
            st = idf_of(c, col.terms[i], &idf, &interned);
            if (st != TRACUU_OK)
                break;
            ws[nw].t = interned;
            ws[nw].w = (1.0 + log((double)(j - i))) * idf;
            v->norm += ws[nw].w * ws[nw].w;
            nw++;
            i = j;
        }
        /* Ordered by the interned strings' addresses: comparing two vectors is then a merge
         * on pointers, no string compares (recurring compares thousands of pairs). */
        if (st == TRACUU_OK) {
            qsort(ws, nw, sizeof *ws, by_address);
            for (size_t k = 0; k < nw; k++) {
                v->terms[k] = ws[k].t;
                v->w[k] = ws[k].w;
            }
            v->n = nw;
        }
        v->norm = sqrt(v->norm);
    }
    for (size_t i = 0; i < col.n; i++)
        free(col.terms[i]);
    free(col.terms);
    free(ws);
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
record_order(const json_t *a, const json_t *b)
{
    const char *pa = json_string_value(json_object_get(a, "path"));
    const char *pb = json_string_value(json_object_get(b, "path"));
    int c = strcmp(pa ? pa : "", pb ? pb : "");
    if (c)
        return c;
    static const char *const keys[] = {"passage", "finding"};
    for (size_t k = 0; k < 2; k++) {
        json_int_t x = json_integer_value(json_object_get(a, keys[k]));
        json_int_t y = json_integer_value(json_object_get(b, keys[k]));
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}
