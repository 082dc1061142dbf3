/*
 * recurring.c - tracuu_recurring_find: the same finding reported by several communes.
 *
 * Every finding that passes the filters becomes a tf-idf vector (simvec.h). Pairs are found
 * through an inverted index of their terms (each finding meets only those sharing a term
 * with it). Then average-linkage clustering along the pairs, closest first: two groups
 * merge when the mean cosine over all their cross pairs reaches RECURRING_LINK. (Single
 * links chain related but different findings, "phối hợp ... chưa chặt chẽ" and "giám sát
 * ... chưa thường xuyên" through a third that names both; the mean does not.) The
 * representative of a group is the member most similar to all the others. Groups reported
 * by at least `min_communes` communes come out, largest first: the summary a district
 * board writes by hand.
 */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "abbrev.h"
#include "buf.h"
#include "filter.h"
#include "index.h"
#include "map.h"
#include "records.h"
#include "schema.h"
#include "simvec.h"

/* Pairs closer than this are candidates for linking. */
#define RECURRING_PAIR 0.20
/* Two groups are one finding when the mean cosine of their cross pairs reaches this
 * (tuned on tests/data/findings.tsv; docs/FINDINGS.md). */
#define RECURRING_LINK 0.30
/* Terms held by more findings than this share are skipped when looking for pairs: they
 * cost quadratic time and carry little weight (idf ~ ln 1.1). */
#define COMMON_SHARE 0.10
#define COMMON_MIN 50
/* Documents read at a time (their records carry their text). */
#define RECURRING_PAGE 1000u
/* Findings compared at most (edges number them in 32 bits); a province's whole archive at
 * 200,000 reports holds about 400,000. Past it: narrow with a filter. */
#define RECURRING_FINDINGS_MAX 5000000u
/* Each finding keeps its closest RECURRING_NEIGHBOURS later findings as candidate pairs,
 * not every pair over RECURRING_PAIR: the same shortcoming worded alike by a thousand
 * communes is half a million pairs, which neither memory nor the sort can hold at a
 * province's scale. Groups still merge by the exact mean cosine of all their cross pairs
 * (link_groups); a group is a chain of closest neighbours, so it stays connected. */
#define RECURRING_NEIGHBOURS 24

typedef struct post { /* 16 bytes: one per term of every finding */
    const char *term;
    uint32_t f; /* finding index */
    float w;
} post;

static int
by_term(const void *a, const void *b)
{
    const post *x = a, *y = b;
    /* Terms are interned (simvec.h): the same term is the same pointer. */
    uintptr_t s = (uintptr_t)x->term, t = (uintptr_t)y->term;
    if (s != t)
        return s < t ? -1 : 1;
    return x->f < y->f ? -1 : x->f > y->f;
}

static size_t
find(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* 12 bytes: a province's findings make tens of millions of candidate pairs. */
typedef struct edge {
    uint32_t a, b;
    float cosv;
} edge;

static int
by_cos(const void *x, const void *y)
{
    const edge *a = x, *b = y;
    if (a->cosv != b->cosv)
        return a->cosv < b->cosv ? 1 : -1;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

typedef finding_vec finding;

typedef struct group {
    size_t *members;
    size_t n, ncommunes, rep;
} group;

static int
by_size(const void *a, const void *b)
{
    const group *x = a, *y = b;
    if (x->ncommunes != y->ncommunes)
        return x->ncommunes < y->ncommunes ? 1 : -1;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    /* members are listed in finding order: the first names the group's place */
    return x->members[0] < y->members[0] ? -1 : x->members[0] > y->members[0];
}

/* What a group lists of a finding, taken from its record as its vector is built, never as
 * JSON (about 2 KB a finding with its document's fields: at a province's scale the
 * findings' JSON alone would pass a gigabyte). Strings a document's findings share are
 * interned (idf_cache_intern). */
typedef struct slim {
    const char *path, *commune, *date; /* NULL: none */
    char *text;                        /* owned */
    json_int_t passage, ordinal;
    size_t fi; /* its finding in recurring.fs (before the sort into record order) */
} slim;

/* By path, passage and finding: one order whatever the shards (simvec.h). */
static int
by_record(const void *a, const void *b)
{
    const slim *x = a, *y = b;
    return finding_place_order(x->path, x->passage, x->ordinal, y->path, y->passage,
                               y->ordinal);
}

/* The number of communes among a group's members and, when first is not NULL, first[a] = 1
 * for the first member of each commune (members in finding order). One pass over the
 * members, their commune keys being interned pointers: a group of one wording's copies
 * across a province has tens of thousands of members, and comparing each with every
 * member before it was quadratic. */
static tracuu_status
communes_of(const finding *fs, const size_t *members, size_t n, unsigned char *first,
            size_t *ncommunes)
{
    *ncommunes = n < 1 ? n : 1; /* most groups are one finding: no map for them */
    if (first && n)
        first[0] = 1;
    if (n < 2)
        return TRACUU_OK;
    text_map seen;
    text_map_init(&seen, n * sizeof(const char *) + 64);
    tracuu_status st = TRACUU_OK;
    *ncommunes = 0;
    for (size_t a = 0; a < n && st == TRACUU_OK; a++) {
        const char *key = fs[members[a]].key;
        int created = 0;
        text_map_entry *e;
        st = text_map_put(&seen, &key, sizeof key, &e, &created);
        *ncommunes += (size_t)created;
        if (first)
            first[a] = (unsigned char)created;
    }
    text_map_free(&seen);
    return st;
}

/* Everything one run of tracuu_recurring_find holds; freed by recurring_free. */
typedef struct recurring {
    tracuu_index *ix;
    idf_cache *idf; /* holds the vectors' terms and the interned strings */
    finding *fs;    /* the findings that pass the filter, in record order */
    slim *meta;     /* what is listed of each, parallel to fs */
    size_t nf, nmeta, mcap; /* nmeta: meta entries made (nf but after a failure) */
    size_t *copy_of;  /* the first finding with the same vector (itself when none before) */
    edge *edges; /* pairs closer than RECURRING_PAIR, closest first */
    size_t ne;
    size_t *parent; /* union-find over findings */
    size_t *next;   /* members of a root: a linked list from the root */
    simvec *sums;   /* per root: the sum of its members' unit vectors */
    group *gs;
    size_t ng;
} recurring;

static void
recurring_free(recurring *r)
{
    for (size_t i = 0; i < r->ng; i++)
        free(r->gs[i].members);
    free(r->gs);
    for (size_t i = 0; r->sums && i < r->nf; i++)
        simvec_free(&r->sums[i]);
    free(r->sums);
    finding_vecs_free(r->fs, r->nf);
    for (size_t i = 0; i < r->nmeta; i++)
        free(r->meta[i].text);
    free(r->meta);
    idf_cache_free(r->idf);
    free(r->copy_of);
    free(r->edges);
    free(r->parent);
    free(r->next);
}

/* finding_keep: what a group lists of finding k of d, into r->meta[r->nf - 1] (its vector
 * was just appended); the document's strings interned, shared by its findings. */
static tracuu_status
keep_finding(void *ctx, const record_doc *d, size_t k, char *text)
{
    recurring *r = ctx;
    size_t i = r->nf - 1;
    if (i >= r->mcap) {
        size_t nc = r->mcap ? 2 * r->mcap : 256;
        slim *nv = realloc(r->meta, nc * sizeof *nv);
        if (!nv) {
            free(text);
            return TRACUU_ENOMEM;
        }
        r->meta = nv;
        r->mcap = nc;
    }
    const record_finding *f = &d->findings[k];
    slim *m = &r->meta[i];
    memset(m, 0, sizeof *m); /* freeable whatever fails below */
    m->fi = i;
    r->nmeta = i + 1;
    m->passage = (json_int_t)f->passage + 1;
    m->ordinal = (json_int_t)finding_ordinal(d, k);
    m->text = text;
    tracuu_status st = idf_cache_intern(r->idf, d->path ? d->path : "", &m->path);
    if (st == TRACUU_OK && d->commune)
        st = idf_cache_intern(r->idf, d->commune, &m->commune);
    if (st == TRACUU_OK && d->date)
        st = idf_cache_intern(r->idf, d->date, &m->date);
    return st;
}

/* Sort the findings into record order, meta and vectors alike. */
static tracuu_status
sort_findings(recurring *r)
{
    qsort(r->meta, r->nf, sizeof *r->meta, by_record);
    finding *sorted = malloc((r->nf ? r->nf : 1) * sizeof *sorted);
    if (!sorted)
        return TRACUU_ENOMEM;
    for (size_t k = 0; k < r->nf; k++) {
        sorted[k] = r->fs[r->meta[k].fi];
        r->meta[k].fi = k;
    }
    free(r->fs);
    r->fs = sorted;
    return TRACUU_OK;
}

/* Step 1: the findings of every matching document, read RECURRING_PAGE documents at a time:
 * a page's records (text included) are dropped once its findings are read, so memory holds
 * findings, never the collection's text. Weighed by idf and sorted into one order whatever
 * the shards (by path, passage and finding, not by document id). */
static tracuu_status
gather(recurring *r, const char *filter)
{
    tracuu_index *ix = r->ix;
    store_err err = {TRACUU_OK, ""};
    store_query *q = NULL;
    store_mset *m = NULL;
    passage_query *pf = NULL;
    size_t fcap = 0;
    tracuu_status st = store_query_term(&q, KIND_FINDING, strlen(KIND_FINDING), 1, 0, &err);
    if (st != TRACUU_OK) {
        st = index_fail_store(ix, &err);
        goto done;
    }
    st = query_filter(ix, filter, &q);
    if (st == TRACUU_OK)
        st = query_filter_passages(ix, filter, &pf);
    if (st == TRACUU_OK)
        st = idf_cache_new(&r->idf, ix);
    for (unsigned page = 0; st == TRACUU_OK; page++) {
        store_search_opts so = STORE_SEARCH_OPTS_INIT;
        so.offset = page * RECURRING_PAGE;
        so.limit = RECURRING_PAGE;
        store_mset_free(m);
        m = NULL;
        if (store_search(&m, ix->db, q, &so, &err) != TRACUU_OK) {
            st = index_fail_store(ix, &err);
            break;
        }
        st = finding_vecs_keep(r->idf, m, pf, keep_finding, r, &r->fs, &r->nf, &fcap);
        if (st == TRACUU_OK && r->nf > RECURRING_FINDINGS_MAX)
            st = index_fail(ix, TRACUU_ETOOBIG,
                            "recurring: more than %u findings; narrow it with a filter "
                            "(district:, year:, section:)",
                            RECURRING_FINDINGS_MAX);
        if (store_mset_size(m) < RECURRING_PAGE)
            break;
    }
    if (st == TRACUU_OK)
        st = finding_vecs_weigh(r->idf, r->fs, r->nf);
    if (st == TRACUU_OK)
        st = sort_findings(r);
done:
    store_mset_free(m);
    passage_query_free(pf);
    store_query_free(q);
    return st;
}

static tracuu_status
edge_push(recurring *r, size_t *ecap, edge e)
{
    if (r->ne == *ecap) {
        size_t nc = *ecap ? *ecap * 2 : 256;
        edge *nv = realloc(r->edges, nc * sizeof *nv);
        if (!nv)
            return TRACUU_ENOMEM;
        r->edges = nv;
        *ecap = nc;
    }
    r->edges[r->ne++] = e;
    return TRACUU_OK;
}

/* The runs of posts sorted by_term: run k holds term runs[k].term in
 * posts[runs[k].lo .. runs[k + 1].lo), its findings in increasing order; `next` is the
 * first of them not yet passed by the finding being paired (findings are paired in order,
 * so it only moves forward). */
typedef struct run {
    const char *term;
    size_t lo, next;
    size_t held; /* findings holding the term, copies counted */
} run;

/* The run of `term` (present: every term of every finding has one). */
static run *
run_of(run *runs, size_t nruns, const char *term)
{
    size_t a = 0, b = nruns;
    while (a + 1 < b) {
        size_t mid = (a + b) / 2;
        if ((uintptr_t)runs[mid].term <= (uintptr_t)term)
            a = mid;
        else
            b = mid;
    }
    return &runs[a];
}

/* Keep the closest RECURRING_NEIGHBOURS of finding i's candidates (touched[0..nt), their
 * dot products in acc, every finding's norm in norms) at or over RECURRING_PAIR as edges;
 * reset acc. */
static tracuu_status
keep_closest(recurring *r, size_t i, const size_t *touched, size_t nt, double *acc,
             const double *norms, edge *best, size_t *ecap)
{
    size_t nb = 0, far = 0; /* best[far]: the farthest kept, once best is full */
    for (size_t t = 0; t < nt; t++) {
        size_t j = touched[t];
        double cosv = norms[i] && norms[j] ? acc[j] / (norms[i] * norms[j]) : 0;
        acc[j] = 0;
        if (cosv < RECURRING_PAIR)
            continue;
        edge e = {(uint32_t)i, (uint32_t)j, (float)cosv};
        if (nb < RECURRING_NEIGHBOURS) {
            best[nb++] = e;
            if (nb < RECURRING_NEIGHBOURS)
                continue;
        } else if (by_cos(&e, &best[far]) < 0) {
            best[far] = e; /* closer than the farthest kept: it takes its place */
        } else {
            continue;
        }
        far = 0;
        for (size_t k = 1; k < nb; k++)
            if (by_cos(&best[k], &best[far]) > 0)
                far = k;
    }
    tracuu_status st = TRACUU_OK;
    for (size_t k = 0; k < nb && st == TRACUU_OK; k++)
        st = edge_push(r, ecap, best[k]);
    return st;
}

static int
same_vector(const simvec *a, const simvec *b)
{
    return a->n == b->n && !memcmp(a->terms, b->terms, a->n * sizeof *a->terms) &&
           !memcmp(a->w, b->w, a->n * sizeof *a->w);
}

/* Findings worded the same (copied from report to report, as the same shortcoming often
 * is) have the same vector: one point for pairing, merged before any pair is looked at
 * (link_groups), as the identical pairs, at cosine 1, were merged first anyway. A province
 * repeats a few hundred wordings tens of thousands of times; pairing every copy with every
 * other was most of the work. copy_of[i]: the first finding with i's vector. */
static tracuu_status
find_copies(recurring *r)
{
    size_t nf = r->nf;
    r->copy_of = malloc((nf ? nf : 1) * sizeof *r->copy_of);
    if (!r->copy_of)
        return TRACUU_ENOMEM;
    text_map seen; /* XXH3 of a vector -> 1 + its first finding */
    text_map_init(&seen, (size_t)1 << 32);
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < nf; i++) {
        const simvec *v = &r->fs[i].v;
        r->copy_of[i] = i;
        if (st != TRACUU_OK || !v->n)
            continue;
        /* Terms are interned, so a vector's bytes are its pointers and weights. */
        uint64_t h[2] = {XXH3_64bits(v->terms, v->n * sizeof *v->terms),
                         XXH3_64bits(v->w, v->n * sizeof *v->w)};
        text_map_entry *e;
        int created = 0;
        st = text_map_put(&seen, h, sizeof h, &e, &created);
        if (st != TRACUU_OK)
            break;
        if (created)
            e->v.u = i + 1;
        else if (same_vector(&r->fs[e->v.u - 1].v, v))
            r->copy_of[i] = e->v.u - 1; /* a hash collision stays a finding of its own */
    }
    text_map_free(&seen);
    return st;
}

/* Step 2: each finding's closest later findings at or over RECURRING_PAIR, through an
 * inverted index of their terms: each finding meets only those sharing a term with it, and
 * terms held by more than COMMON_SHARE of the findings are skipped (quadratic, little
 * weight). Work is the pairs that share a term, never a scan past the findings already
 * paired. */
static tracuu_status
find_pairs(recurring *r)
{
    const finding *fs = r->fs;
    size_t nf = r->nf, np = 0, cap = 0, ecap = 0, nruns = 0;
    const size_t *copy_of = r->copy_of;
    size_t *copies = calloc(nf ? nf : 1, sizeof *copies); /* per first copy: how many */
    for (size_t i = 0; copies && i < nf; i++) {
        cap += copy_of[i] == i ? fs[i].v.n : 0;
        copies[copy_of[i]]++;
    }
    post *posts = malloc((cap ? cap : 1) * sizeof *posts);
    run *runs = NULL; /* made once the distinct terms are counted */
    double *acc = calloc(nf ? nf : 1, sizeof *acc);
    double *norms = malloc((nf ? nf : 1) * sizeof *norms); /* read once per candidate pair */
    size_t *touched = malloc((nf ? nf : 1) * sizeof *touched);
    tracuu_status st = copies && posts && acc && norms && touched ? TRACUU_OK : TRACUU_ENOMEM;
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++)
        norms[i] = fs[i].v.norm;
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++)
        for (size_t k = 0; copy_of[i] == i && k < fs[i].v.n; k++)
            posts[np++] = (post){fs[i].v.terms[k], (uint32_t)i, (float)fs[i].v.w[k]};
    if (st == TRACUU_OK)
        qsort(posts, np, sizeof *posts, by_term);
    for (size_t p = 0; p < np && st == TRACUU_OK; p++)
        nruns += !p || posts[p].term != posts[p - 1].term;
    runs = st == TRACUU_OK ? malloc((nruns ? nruns : 1) * sizeof *runs) : NULL;
    if (st == TRACUU_OK && !runs)
        st = TRACUU_ENOMEM;
    nruns = 0;
    for (size_t p = 0; p < np && st == TRACUU_OK; p++) {
        if (!p || posts[p].term != posts[p - 1].term)
            runs[nruns++] = (run){posts[p].term, p, p, 0};
        runs[nruns - 1].held += copies[posts[p].f];
    }
    size_t common = (size_t)(COMMON_SHARE * (double)nf);
    if (common < COMMON_MIN)
        common = COMMON_MIN;
    edge best[RECURRING_NEIGHBOURS];
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++) {
        size_t nt = 0;
        if (copy_of[i] != i)
            continue;
        for (size_t k = 0; k < fs[i].v.n; k++) {
            run *rn = run_of(runs, nruns, fs[i].v.terms[k]);
            size_t end = rn + 1 < runs + nruns ? rn[1].lo : np;
            if (rn->held > common)
                continue;
            while (rn->next < end && posts[rn->next].f <= i)
                rn->next++;
            for (size_t p = rn->next; p < end; p++) {
                size_t j = posts[p].f;
                if (acc[j] == 0)
                    touched[nt++] = j;
                acc[j] += fs[i].v.w[k] * (double)posts[p].w;
            }
        }
        st = keep_closest(r, i, touched, nt, acc, norms, best, &ecap);
    }
    if (st == TRACUU_OK && r->ne)
        qsort(r->edges, r->ne, sizeof *r->edges, by_cos);
    free(posts);
    free(runs);
    free(copies);
    free(acc);
    free(norms);
    free(touched);
    return st;
}

/* S_i . S_j for roots i and j. A root of one finding has no sum made (most stay alone, and a
 * copy of every vector would double the memory): its sum is its unit vector. */
static double
sum_dot(const recurring *r, const size_t *size, size_t i, size_t j)
{
    double scale = 1;
    const simvec *a = &r->sums[i], *b = &r->sums[j];
    if (size[i] == 1) {
        a = &r->fs[i].v;
        scale = a->norm ? scale / a->norm : 0;
    }
    if (size[j] == 1) {
        b = &r->fs[j].v;
        scale = b->norm ? scale / b->norm : 0;
    }
    return scale ? simvec_dot(a, b) * scale : 0;
}

/* into += the sum of root i (its unit vector when it is alone). */
static tracuu_status
sum_add(recurring *r, const size_t *size, simvec *into, size_t i)
{
    if (size[i] > 1)
        return simvec_add(into, &r->sums[i], 1.0);
    const simvec *v = &r->fs[i].v;
    return v->norm ? simvec_add(into, v, 1.0 / v->norm) : TRACUU_OK;
}

/* Root rb joins root ra: its members, size and sum. */
static tracuu_status
merge(recurring *r, size_t *size, size_t *last, size_t ra, size_t rb)
{
    r->next[last[ra]] = rb; /* append rb's list to ra's */
    last[ra] = last[rb];
    r->parent[rb] = ra;
    tracuu_status st = TRACUU_OK;
    if (size[ra] == 1)
        st = sum_add(r, size, &r->sums[ra], ra);
    if (st == TRACUU_OK)
        st = sum_add(r, size, &r->sums[ra], rb);
    simvec_free(&r->sums[rb]);
    size[ra] += size[rb];
    return st;
}

/* Step 3: average linkage along the pairs, closest first. The mean cosine over all cross
 * pairs of groups A and B is (S_A . S_B) / (|A| |B|), S the sum of the members' unit
 * vectors: one sparse dot product per candidate merge, whatever the sizes (identical
 * wordings from a hundred communes made the pairwise sum quadratic). */
static tracuu_status
link_groups(recurring *r)
{
    size_t nf = r->nf;
    size_t *size = malloc((nf ? nf : 1) * sizeof *size);
    size_t *last = malloc((nf ? nf : 1) * sizeof *last); /* per root: its list's tail */
    r->parent = malloc((nf ? nf : 1) * sizeof *r->parent);
    r->next = malloc((nf ? nf : 1) * sizeof *r->next);
    r->sums = calloc(nf ? nf : 1, sizeof *r->sums);
    tracuu_status st =
        size && last && r->parent && r->next && r->sums ? TRACUU_OK : TRACUU_ENOMEM;
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++) {
        r->parent[i] = i;
        r->next[i] = (size_t)-1;
        last[i] = i;
        size[i] = 1;
    }
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++) {
        size_t ra = r->copy_of[i]; /* a root: copies point at their first, which is one */
        if (ra == i)
            continue;
        st = merge(r, size, last, ra, i);
    }
    for (size_t e = 0; e < r->ne && st == TRACUU_OK; e++) {
        size_t ra = find(r->parent, r->edges[e].a), rb = find(r->parent, r->edges[e].b);
        if (ra == rb)
            continue;
        double mean = sum_dot(r, size, ra, rb) / (double)(size[ra] * size[rb]);
        if (mean < RECURRING_LINK)
            continue;
        st = merge(r, size, last, ra, rb);
    }
    free(size);
    free(last);
    return st;
}

/* Step 4: the groups (members of each root, in finding order), each with its number of
 * communes and, where it can qualify, its representative: the member most similar to all
 * the others, the largest x . S over unit x (ties: the first member, as listed). */
static tracuu_status
collect_groups(recurring *r, unsigned min_communes)
{
    size_t nf = r->nf;
    r->gs = calloc(nf ? nf : 1, sizeof *r->gs);
    size_t *slot_of = malloc((nf ? nf : 1) * sizeof *slot_of);
    tracuu_status st = r->gs && slot_of ? TRACUU_OK : TRACUU_ENOMEM;
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++)
        slot_of[i] = (size_t)-1;
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++) {
        size_t root = find(r->parent, i);
        if (slot_of[root] == (size_t)-1)
            slot_of[root] = r->ng++;
        group *g = &r->gs[slot_of[root]];
        size_t *nv = realloc(g->members, (g->n + 1) * sizeof *nv);
        if (!nv)
            st = TRACUU_ENOMEM;
        else {
            g->members = nv;
            g->members[g->n++] = i;
        }
    }
    free(slot_of);
    for (size_t gi = 0; gi < r->ng && st == TRACUU_OK; gi++) {
        group *g = &r->gs[gi];
        st = communes_of(r->fs, g->members, g->n, NULL, &g->ncommunes);
        if (g->ncommunes < min_communes)
            continue;
        double best = -1;
        const simvec *sum = &r->sums[find(r->parent, g->members[0])];
        for (size_t a = 0; a < g->n; a++) {
            const simvec *x = &r->fs[g->members[a]].v;
            double sim = x->norm ? simvec_dot(x, sum) / x->norm : 0;
            if (sim > best + 1e-9) {
                best = sim;
                g->rep = g->members[a];
            }
        }
    }
    if (st == TRACUU_OK)
        qsort(r->gs, r->ng, sizeof *r->gs, by_size);
    return st;
}

static json_t *
group_json(const recurring *r, const group *g)
{
    const finding *fs = r->fs;
    unsigned char *first = malloc(g->n ? g->n : 1);
    size_t ncommunes;
    if (!first || communes_of(fs, g->members, g->n, first, &ncommunes) != TRACUU_OK) {
        free(first);
        return NULL;
    }
    json_t *communes = json_array(), *members = json_array();
    for (size_t a = 0; a < g->n; a++) {
        const finding *f = &fs[g->members[a]];
        const slim *m = &r->meta[g->members[a]];
        if (m->commune && first[a])
            json_array_append_new(communes, json_string(m->commune));
        double cosv = simvec_cosine(&f->v, &fs[g->rep].v);
        json_array_append_new(
            members, json_pack("{s:s, s:I, s:I, s:s?, s:s?, s:f, s:s}", "path", m->path,
                               "passage", m->passage, "finding", m->ordinal, "commune",
                               m->commune, "date", m->date, "score",
                               (double)((long)(cosv * 10000 + 0.5)) / 10000.0, "text", m->text));
    }
    free(first);
    const slim *rm = &r->meta[g->rep];
    return json_pack("{s:I, s:I, s:{s:s, s:I, s:I, s:s?, s:s}, s:o, s:o}", "communes_count",
                     (json_int_t)g->ncommunes, "findings_count", (json_int_t)g->n,
                     "representative", "path", rm->path, "passage", rm->passage, "finding",
                     rm->ordinal, "commune", rm->commune, "text", rm->text, "communes",
                     communes, "findings", members);
}

/* Step 5: the groups reported by at least min_communes communes, largest first, as JSON.
 * Written group by group, each tree freed once it is text: the answer can list hundreds of
 * thousands of findings, and a tree of them all would be the run's largest allocation. */
static tracuu_status
groups_dump(char **out, const recurring *r, unsigned min_communes, unsigned limit)
{
    text_buf b = TEXT_BUF_INIT(SIZE_MAX / 2);
    tracuu_status st = text_buf_printf(&b, "{\"findings\":%zu,\"min_communes\":%u,\"groups\":[",
                                       r->nf, min_communes);
    size_t written = 0;
    for (size_t gi = 0; gi < r->ng && st == TRACUU_OK; gi++) {
        const group *g = &r->gs[gi];
        if (g->ncommunes < min_communes || (limit && written >= limit))
            continue;
        json_t *o = group_json(r, g);
        char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        if (!text)
            st = TRACUU_ENOMEM;
        if (st == TRACUU_OK && written++)
            st = text_buf_putc(&b, ',');
        if (st == TRACUU_OK)
            st = text_buf_puts(&b, text);
        free(text);
    }
    if (st == TRACUU_OK)
        st = text_buf_puts(&b, "]}");
    *out = st == TRACUU_OK ? text_buf_steal(&b, NULL) : NULL;
    text_buf_free(&b);
    return st == TRACUU_OK && !*out ? TRACUU_ENOMEM : st;
}

tracuu_status
tracuu_recurring_find(char **out, tracuu_index *ix, const char *filter, unsigned min_communes,
                 unsigned limit)
{
    if (!out || !ix)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    if (min_communes < 2)
        min_communes = 2;
    recurring r = {.ix = ix};
    tracuu_status st = gather(&r, filter);
    if (st == TRACUU_OK)
        st = find_copies(&r);
    if (st == TRACUU_OK)
        st = find_pairs(&r);
    if (st == TRACUU_OK)
        st = link_groups(&r);
    if (st == TRACUU_OK)
        st = collect_groups(&r, min_communes);
    if (st == TRACUU_OK)
        st = groups_dump(out, &r, min_communes, limit);
    if (st != TRACUU_OK && !tracuu_index_errmsg(ix)[0])
        index_fail(ix, st, "recurring: %s", tracuu_status_str(st));
    recurring_free(&r);
    return st;
}
