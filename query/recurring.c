/*
 * recurring.c - tracuu_recurring: the same finding reported by several communes.
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
 * (tuned on tests/data/findings.tsv; README "Similar findings"). */
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

static size_t
count_communes(const finding *fs, const size_t *members, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(fs[members[k]].key, fs[members[i]].key);
        c += !seen;
    }
    return c;
}

tracuu_status
tracuu_recurring(char **out, tracuu_index *ix, const char *filter, unsigned min_communes,
                 unsigned limit)
{
    if (!out || !ix)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    if (min_communes < 2)
        min_communes = 2;
    store_err err = {TRACUU_OK, ""};
    store_query *q = NULL;
    store_mset *m = NULL;
    passage_query *pf = NULL;
    idf_cache *idf = NULL;
    finding *fs = NULL;
    post *posts = NULL;
    size_t *parent = NULL, nf = 0, np = 0;
    double *acc = NULL;
    size_t *touched = NULL, *next = NULL;
    edge *edges = NULL;
    size_t ne = 0, ecap = 0;
    simvec *sums = NULL;
    group *gs = NULL;
    size_t ng = 0;
    json_t *groups = NULL;

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
    /* The documents page by page: a page's records (text included) are dropped once its
     * findings are read, so memory holds findings, never the collection's text. */
    size_t fcap = 0;
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
        st = finding_vecs_add(idf, m, pf, NULL, NULL, NULL, 0, &fs, &nf, &fcap);
        if (st == TRACUU_OK && nf > RECURRING_FINDINGS_MAX)
            st = index_fail(ix, TRACUU_ETOOBIG,
                            "recurring: more than %u findings; narrow it with a filter "
                            "(district:, year:, section:)",
                            RECURRING_FINDINGS_MAX);
        if (store_mset_size(m) < RECURRING_PAGE)
            break;
    }
    store_mset_free(m);
    m = NULL;
    if (st == TRACUU_OK)
        st = finding_vecs_weigh(idf, fs, nf);
    size_t cap = 0;
    for (size_t i = 0; i < nf; i++)
        cap += fs[i].v.n;
    /* One order whatever the shards: by path, passage and finding, not by document id. */
    if (st == TRACUU_OK)
        qsort(fs, nf, sizeof *fs, by_record);
    if (st == TRACUU_OK) {
        posts = malloc((cap ? cap : 1) * sizeof *posts);
        parent = malloc((nf ? nf : 1) * sizeof *parent);
        acc = calloc(nf ? nf : 1, sizeof *acc);
        touched = malloc((nf ? nf : 1) * sizeof *touched);
        if (!posts || !parent || !acc || !touched)
            st = TRACUU_ENOMEM;
    }
    if (st != TRACUU_OK) {
        if (!tracuu_index_errmsg(ix)[0])
            index_fail(ix, st, "recurring: %s", tracuu_status_str(st));
        goto done;
    }
    for (size_t i = 0; i < nf; i++) {
        parent[i] = i;
        for (size_t k = 0; k < fs[i].v.n; k++)
            posts[np++] = (post){fs[i].v.terms[k], i, fs[i].v.w[k]};
    }
    qsort(posts, np, sizeof *posts, by_term);
    /* Runs of one term, as [start, end) into posts, found by binary search per term. */
    size_t common = (size_t)(COMMON_SHARE * (double)nf);
    if (common < COMMON_MIN)
        common = COMMON_MIN;
    for (size_t i = 0; i < nf; i++) {
        size_t nt = 0;
        for (size_t k = 0; k < fs[i].v.n; k++) {
            post key = {fs[i].v.terms[k], 0, 0};
            size_t lo = 0, hi = np;
            while (lo < hi) { /* first post of this term */
                size_t mid = (lo + hi) / 2;
                if ((uintptr_t)posts[mid].term < (uintptr_t)key.term)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            size_t e = lo;
            while (e < np && posts[e].term == key.term)
                e++;
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
            if (cosv >= RECURRING_PAIR && st == TRACUU_OK) {
                if (ne == ecap) {
                    size_t nc = ecap ? ecap * 2 : 256;
                    edge *nv = realloc(edges, nc * sizeof *nv);
                    if (!nv)
                        st = TRACUU_ENOMEM;
                    else {
                        edges = nv;
                        ecap = nc;
                    }
                }
                if (st == TRACUU_OK)
                    edges[ne++] = (edge){i, j, cosv};
            }
            acc[j] = 0;
        }
    }
    if (st != TRACUU_OK) {
        index_fail(ix, st, "out of memory");
        goto done;
    }
    /* Average linkage along the pairs, closest first; members listed per root. */
    if (ne)
        qsort(edges, ne, sizeof *edges, by_cos);
    next = malloc((nf ? nf : 1) * sizeof *next);
    size_t *size = malloc((nf ? nf : 1) * sizeof *size);
    if (!next || !size) {
        free(size);
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
        goto done;
    }
    /* The mean cosine over all cross pairs of groups A and B is (S_A . S_B) / (|A| |B|),
     * S the sum of the members' unit vectors: one sparse dot product per candidate merge,
     * whatever the sizes (identical wordings from a hundred communes made the pairwise
     * sum quadratic). */
    sums = calloc(nf ? nf : 1, sizeof *sums);
    if (!sums) {
        free(size);
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++) {
        next[i] = (size_t)-1; /* members of a root: a linked list from the root */
        size[i] = 1;
        if (fs[i].v.norm)
            st = simvec_add(&sums[i], &fs[i].v, 1.0 / fs[i].v.norm);
    }
    for (size_t e = 0; e < ne && st == TRACUU_OK; e++) {
        size_t ra = find(parent, edges[e].a), rb = find(parent, edges[e].b);
        if (ra == rb)
            continue;
        double mean = simvec_dot(&sums[ra], &sums[rb]) / (double)(size[ra] * size[rb]);
        if (mean < RECURRING_LINK)
            continue;
        /* append rb's list to ra's */
        size_t tail = ra;
        while (next[tail] != (size_t)-1)
            tail = next[tail];
        next[tail] = rb;
        parent[rb] = ra;
        size[ra] += size[rb];
        st = simvec_add(&sums[ra], &sums[rb], 1.0);
        simvec_free(&sums[rb]);
    }
    if (st != TRACUU_OK) {
        free(size);
        index_fail(ix, st, "out of memory");
        goto done;
    }
    free(size);
    /* Groups: members of each root. */
    gs = calloc(nf ? nf : 1, sizeof *gs);
    size_t *slot_of = malloc((nf ? nf : 1) * sizeof *slot_of);
    if (!gs || !slot_of) {
        free(slot_of);
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nf; i++)
        slot_of[i] = (size_t)-1;
    for (size_t i = 0; i < nf && st == TRACUU_OK; i++) {
        size_t r = find(parent, i);
        if (slot_of[r] == (size_t)-1)
            slot_of[r] = ng++;
        group *g = &gs[slot_of[r]];
        size_t *nv = realloc(g->members, (g->n + 1) * sizeof *nv);
        if (!nv)
            st = TRACUU_ENOMEM;
        else {
            g->members = nv;
            g->members[g->n++] = i;
        }
    }
    free(slot_of);
    if (st != TRACUU_OK) {
        index_fail(ix, st, "out of memory");
        goto done;
    }
    /* Representative and pruning, for groups that could qualify. */
    for (size_t gi = 0; gi < ng; gi++) {
        group *g = &gs[gi];
        g->ncommunes = count_communes(fs, g->members, g->n);
        if (g->ncommunes < min_communes)
            continue;
        /* The member most similar to all the others: the largest x . S over unit x. */
        double best = -1;
        const simvec *sum = &sums[find(parent, g->members[0])];
        for (size_t a = 0; a < g->n; a++) {
            const simvec *x = &fs[g->members[a]].v;
            double sim = x->norm ? simvec_dot(x, sum) / x->norm : 0;
            if (sim > best + 1e-9) { /* ties: the first member, as listed */
                best = sim;
                g->rep = g->members[a];
            }
        }
    }
    qsort(gs, ng, sizeof *gs, by_size);
    groups = json_array();
    for (size_t gi = 0; gi < ng && groups; gi++) {
        group *g = &gs[gi];
        if (g->ncommunes < min_communes || (limit && json_array_size(groups) >= limit))
            continue;
        json_t *communes = json_array(), *members = json_array();
        for (size_t a = 0; a < g->n; a++) {
            const finding *f = &fs[g->members[a]];
            int seen = 0;
            for (size_t b = 0; b < a && !seen; b++)
                seen = !strcmp(fs[g->members[b]].key, f->key);
            if (!seen)
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
        json_array_append_new(
            groups, json_pack("{s:I, s:I, s:{s:O, s:O, s:O, s:O, s:O}, s:o, s:o}", "communes_count",
                              (json_int_t)g->ncommunes, "findings_count", (json_int_t)g->n,
                              "representative", "path", json_object_get(rd, "path"), "passage",
                              json_object_get(rd, "passage"), "finding",
                              json_object_get(rd, "finding"), "commune",
                              json_object_get(rd, "commune"), "text",
                              json_object_get(rd, "text"), "communes", communes, "findings",
                              members));
    }
    json_t *o = json_pack("{s:I, s:I, s:o}", "findings", (json_int_t)nf, "min_communes",
                          (json_int_t)min_communes, "groups", groups);
    groups = NULL;
    *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!*out)
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
done:
    for (size_t i = 0; i < ng; i++)
        free(gs[i].members);
    free(gs);
    finding_vecs_free(fs, nf);
    free(posts);
    free(parent);
    free(acc);
    free(touched);
    free(edges);
    free(next);
    for (size_t i = 0; sums && i < nf; i++)
        simvec_free(&sums[i]);
    free(sums);
    idf_cache_free(idf);
    store_mset_free(m);
    passage_query_free(pf);
    store_query_free(q);
    json_decref(groups);
    return st;
}
