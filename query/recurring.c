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

#include "abbrev.h"
#include "filter.h"
#include "index.h"
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
/* Findings compared at most: ~0.5 KB each with its vector, so about 2.5 GB; a province's
 * whole archive at 200,000 reports holds ~1.8 million. Past it: narrow with a filter. */
#define RECURRING_FINDINGS_MAX 5000000u

typedef struct post {
    const char *term;
    size_t f; /* finding index */
    double w;
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

typedef struct edge {
    size_t a, b;
    double cosv;
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

static int
by_record(const void *a, const void *b)
{
    return record_order(((const finding *)a)->data, ((const finding *)b)->data);
}

/* Whether member a is the first of its commune among the group's members. */
static int
first_of_commune(const finding *fs, const size_t *members, size_t a)
{
    for (size_t k = 0; k < a; k++)
        if (!strcmp(fs[members[k]].key, fs[members[a]].key))
            return 0;
    return 1;
}

static size_t
count_communes(const finding *fs, const size_t *members, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += (size_t)first_of_commune(fs, members, i);
    return c;
}

/* Everything one run of tracuu_recurring_find holds; freed by recurring_free. */
typedef struct recurring {
    tracuu_index *ix;
    finding *fs; /* the findings that pass the filter, in record order */
    size_t nf;
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
    free(r->edges);
    free(r->parent);
    free(r->next);
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
    idf_cache *idf = NULL;
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
        st = idf_cache_new(&idf, ix);
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
        st = finding_vecs_add(idf, m, pf, NULL, NULL, NULL, 0, &r->fs, &r->nf, &fcap);
        if (st == TRACUU_OK && r->nf > RECURRING_FINDINGS_MAX)
            st = index_fail(ix, TRACUU_ETOOBIG,
                            "recurring: more than %u findings; narrow it with a filter "
                            "(district:, year:, section:)",
                            RECURRING_FINDINGS_MAX);
        if (store_mset_size(m) < RECURRING_PAGE)
            break;
    }
    if (st == TRACUU_OK)
        st = finding_vecs_weigh(idf, r->fs, r->nf);
    if (st == TRACUU_OK)
        qsort(r->fs, r->nf, sizeof *r->fs, by_record);
done:
    store_mset_free(m);
    idf_cache_free(idf);
    passage_query_free(pf);
    store_query_free(q);
    return st;
}

/* Posts [*lo, *hi) of one term in posts sorted by_term. */
static void
term_run(const post *posts, size_t np, const char *term, size_t *lo, size_t *hi)
{
    size_t a = 0, b = np;
    while (a < b) { /* first post of this term */
        size_t mid = (a + b) / 2;
        if ((uintptr_t)posts[mid].term < (uintptr_t)term)
            a = mid + 1;
        else
            b = mid;
    }
    size_t e = a;
    while (e < np && posts[e].term == term)
        e++;
    *lo = a;
    *hi = e;
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

/* Step 2: every pair of findings whose cosine reaches RECURRING_PAIR, through an inverted
 * index of their terms: each finding meets only those sharing a term with it, and terms held
 * by more than COMMON_SHARE of the findings are skipped (quadratic, little weight). */
static tracuu_status
find_pairs(recurring *r)
{
    const finding *fs = r->fs;
    size_t nf = r->nf, np = 0, cap = 0, ecap = 0;
    for (size_t i = 0; i < nf; i++)
        cap += fs[i].v.n;
    post *posts = malloc((cap ? cap : 1) * sizeof *posts);
    double *acc = calloc(nf ? nf : 1, sizeof *acc);
    size_t *touched = malloc((nf ? nf : 1) * sizeof *touched);
    tracuu_status st = posts && acc && touched ? TRACUU_OK : TRACUU_ENOMEM;
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++)
        for (size_t k = 0; k < fs[i].v.n; k++)
            posts[np++] = (post){fs[i].v.terms[k], i, fs[i].v.w[k]};
    if (st == TRACUU_OK)
        qsort(posts, np, sizeof *posts, by_term);
    size_t common = (size_t)(COMMON_SHARE * (double)nf);
    if (common < COMMON_MIN)
        common = COMMON_MIN;
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++) {
        size_t nt = 0;
        for (size_t k = 0; k < fs[i].v.n; k++) {
            size_t lo, e;
            term_run(posts, np, fs[i].v.terms[k], &lo, &e);
            if (e - lo > common)
                continue;
            for (size_t p = lo; p < e; p++) {
                size_t j = posts[p].f;
                if (j <= i)
                    continue;
                if (acc[j] == 0)
                    touched[nt++] = j;
                acc[j] += fs[i].v.w[k] * posts[p].w;
            }
        }
        for (size_t t = 0; t < nt; t++) {
            size_t j = touched[t];
            double cosv = fs[i].v.norm && fs[j].v.norm ? acc[j] / (fs[i].v.norm * fs[j].v.norm)
                                                       : 0;
            if (cosv >= RECURRING_PAIR && st == TRACUU_OK)
                st = edge_push(r, &ecap, (edge){i, j, cosv});
            acc[j] = 0;
        }
    }
    if (st == TRACUU_OK && r->ne)
        qsort(r->edges, r->ne, sizeof *r->edges, by_cos);
    free(posts);
    free(acc);
    free(touched);
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
    r->parent = malloc((nf ? nf : 1) * sizeof *r->parent);
    r->next = malloc((nf ? nf : 1) * sizeof *r->next);
    r->sums = calloc(nf ? nf : 1, sizeof *r->sums);
    tracuu_status st = size && r->parent && r->next && r->sums ? TRACUU_OK : TRACUU_ENOMEM;
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++) {
        r->parent[i] = i;
        r->next[i] = (size_t)-1;
        size[i] = 1;
        if (r->fs[i].v.norm)
            st = simvec_add(&r->sums[i], &r->fs[i].v, 1.0 / r->fs[i].v.norm);
    }
    for (size_t e = 0; e < r->ne && st == TRACUU_OK; e++) {
        size_t ra = find(r->parent, r->edges[e].a), rb = find(r->parent, r->edges[e].b);
        if (ra == rb)
            continue;
        double mean = simvec_dot(&r->sums[ra], &r->sums[rb]) / (double)(size[ra] * size[rb]);
        if (mean < RECURRING_LINK)
            continue;
        size_t tail = ra; /* append rb's list to ra's */
        while (r->next[tail] != (size_t)-1)
            tail = r->next[tail];
        r->next[tail] = rb;
        r->parent[rb] = ra;
        size[ra] += size[rb];
        st = simvec_add(&r->sums[ra], &r->sums[rb], 1.0);
        simvec_free(&r->sums[rb]);
    }
    free(size);
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
        g->ncommunes = count_communes(r->fs, g->members, g->n);
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
    json_t *communes = json_array(), *members = json_array();
    for (size_t a = 0; a < g->n; a++) {
        const finding *f = &fs[g->members[a]];
        if (first_of_commune(fs, g->members, a))
            json_array_append(communes, json_object_get(f->data, "commune"));
        double cosv = simvec_cosine(&f->v, &fs[g->rep].v);
        json_array_append_new(
            members,
            json_pack("{s:O, s:O, s:O, s:O, s:O, s:f, s:O}", "path",
                      json_object_get(f->data, "path"), "passage",
                      json_object_get(f->data, "passage"), "finding",
                      json_object_get(f->data, "finding"), "commune",
                      json_object_get(f->data, "commune"), "date",
                      json_object_get(f->data, "date"), "score",
                      (double)((long)(cosv * 10000 + 0.5)) / 10000.0, "text",
                      json_object_get(f->data, "text")));
    }
    const json_t *rd = fs[g->rep].data;
    return json_pack("{s:I, s:I, s:{s:O, s:O, s:O, s:O, s:O}, s:o, s:o}", "communes_count",
                     (json_int_t)g->ncommunes, "findings_count", (json_int_t)g->n,
                     "representative", "path", json_object_get(rd, "path"), "passage",
                     json_object_get(rd, "passage"), "finding", json_object_get(rd, "finding"),
                     "commune", json_object_get(rd, "commune"), "text",
                     json_object_get(rd, "text"), "communes", communes, "findings", members);
}

/* Step 5: the groups reported by at least min_communes communes, largest first, as JSON. */
static tracuu_status
groups_dump(char **out, const recurring *r, unsigned min_communes, unsigned limit)
{
    json_t *groups = json_array();
    for (size_t gi = 0; gi < r->ng && groups; gi++) {
        const group *g = &r->gs[gi];
        if (g->ncommunes < min_communes || (limit && json_array_size(groups) >= limit))
            continue;
        json_array_append_new(groups, group_json(r, g));
    }
    json_t *o = json_pack("{s:I, s:I, s:o}", "findings", (json_int_t)r->nf, "min_communes",
                          (json_int_t)min_communes, "groups", groups);
    *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return *out ? TRACUU_OK : TRACUU_ENOMEM;
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
