/*
 * passages.c - see passages.h.
 *
 * Work per document is linear in the positions of the query's terms in it (each occurrence
 * found once, placed in its passage by binary search over the passage table) plus the
 * passages that hold an occurrence: a long legal text costs what its matches cost, not what
 * its length costs.
 */
#include "passages.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "schema.h"
#include "section.h"

#define BM25_K1 1.2
#define BM25_B 0.5
#define AVG_PASSAGE 40.0   /* syllables: a typical paragraph of a report */
#define ADJACENT_BONUS 0.5 /* of the pair's idf, per side-by-side occurrence (saturating) */
#define STOPWORD_SHARE 0.3 /* what a loose function word adds, as in query_build */
#define MAX_SEQ 16         /* syllables of one word or phrase followed by position */

typedef struct seq {
    size_t t[MAX_SEQ]; /* term indexes */
    size_t n;
} seq;

typedef struct pq_item {
    seq *forms; /* the word or phrase, then its other spellings */
    size_t nforms;
    char *cite;   /* a document number typed as a word: passages citing it match */
    size_t group; /* the query group (OR chain) it belongs to */
    int stopword;
    double idf;
    size_t next_single; /* the item typed right after it, when both are one syllable; else
                         * SIZE_MAX */
} pq_item;

struct passage_query {
    char **terms;
    size_t nterms;
    pq_item *items;
    size_t nitems;
    size_t ngroups;      /* groups of non-stopword items */
    char **cites;        /* cites: filters, ids without prefix: a passage must cite each */
    size_t ncites;
    int section;         /* section: filter, or -1 */
};

static size_t
term_index(passage_query *q, const char *t, size_t len)
{
    for (size_t i = 0; i < q->nterms; i++)
        if (strlen(q->terms[i]) == len && !memcmp(q->terms[i], t, len))
            return i;
    char *c = strndup(t, len);
    char **nt = c ? realloc(q->terms, (q->nterms + 1) * sizeof *nt) : NULL;
    if (!nt) {
        free(c);
        return SIZE_MAX;
    }
    q->terms = nt;
    q->terms[q->nterms] = c;
    return q->nterms++;
}

/* Words of a space-joined folded form into a sequence of term indexes. */
static int
seq_of_words(passage_query *q, const char *words, seq *s)
{
    s->n = 0;
    for (const char *w = words; *w && s->n < MAX_SEQ;) {
        size_t len = strcspn(w, " ");
        if (len) {
            size_t k = term_index(q, w, len);
            if (k == SIZE_MAX)
                return -1;
            s->t[s->n++] = k;
        }
        w += len + (w[len] == ' ');
    }
    return 0;
}

static int
add_item(passage_query *q, const query_item *it, size_t group)
{
    pq_item *x = &q->items[q->nitems];
    memset(x, 0, sizeof *x);
    x->forms = calloc(1 + it->nalts, sizeof *x->forms);
    if (!x->forms)
        return -1;
    q->nitems++;
    seq *s = &x->forms[0];
    for (size_t k = 0; k < it->n && k < MAX_SEQ; k++) {
        size_t t = term_index(q, it->syl[k].folded, strlen(it->syl[k].folded));
        if (t == SIZE_MAX)
            return -1;
        s->t[s->n++] = t;
    }
    x->nforms = 1;
    for (size_t a = 0; a < it->nalts; a++) {
        if (seq_of_words(q, it->alts[a], &x->forms[x->nforms]) < 0)
            return -1;
        if (x->forms[x->nforms].n)
            x->nforms++;
    }
    if (it->cite) {
        const char *id = it->cite + strlen(PREFIX_CITE);
        x->cite = strdup(id);
        if (!x->cite)
            return -1;
    }
    x->group = group;
    x->stopword = it->stopword;
    x->next_single = SIZE_MAX;
    return 0;
}

tracuu_status
passage_query_new(passage_query **out, const query_parsed *p)
{
    *out = NULL;
    passage_query *q = calloc(1, sizeof *q);
    if (!q)
        return TRACUU_ENOMEM;
    q->section = -1;
    q->items = calloc(p->n ? p->n : 1, sizeof *q->items);
    q->cites = calloc(p->nfilters ? p->nfilters : 1, sizeof *q->cites);
    if (!q->items || !q->cites)
        goto oom;
    size_t group = 0;
    int open = 0; /* an OR chain is open */
    for (size_t i = 0; i < p->n; i++) {
        const query_item *it = &p->items[i];
        if (it->negate)
            continue;
        size_t g = it->stopword ? SIZE_MAX : group;
        if (add_item(q, it, g) < 0)
            goto oom;
        if (!it->stopword) {
            open = it->or_next;
            if (!open)
                group++;
        }
    }
    q->ngroups = group + (open ? 1 : 0);
    /* Side-by-side pairs: two one-syllable items typed one after the other. */
    for (size_t i = 0; i + 1 < q->nitems; i++)
        if (q->items[i].forms[0].n == 1 && q->items[i + 1].forms[0].n == 1)
            q->items[i].next_single = i + 1;
    for (size_t i = 0; i < p->nfilters; i++) {
        const char *t = p->filters[i];
        if (!strncmp(t, PREFIX_CITE, strlen(PREFIX_CITE))) {
            q->cites[q->ncites] = strdup(t + strlen(PREFIX_CITE));
            if (!q->cites[q->ncites++])
                goto oom;
        } else if (!strncmp(t, PREFIX_SECTION, strlen(PREFIX_SECTION))) {
            section_kind k;
            if (section_parse(t + strlen(PREFIX_SECTION), &k))
                q->section = (int)k;
        }
    }
    *out = q;
    return TRACUU_OK;
oom:
    passage_query_free(q);
    return TRACUU_ENOMEM;
}

void
passage_query_free(passage_query *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->nterms; i++)
        free(q->terms[i]);
    free(q->terms);
    for (size_t i = 0; i < q->nitems; i++) {
        free(q->items[i].forms);
        free(q->items[i].cite);
    }
    free(q->items);
    for (size_t i = 0; i < q->ncites; i++)
        free(q->cites[i]);
    free(q->cites);
    free(q);
}

const char *const *
passage_query_terms(const passage_query *q, size_t *n)
{
    *n = q->nterms;
    return (const char *const *)q->terms;
}

unsigned
passage_query_groups(const passage_query *q)
{
    return (unsigned)q->ngroups;
}

/* ---- per document ---------------------------------------------------------------------- */

typedef struct occ {
    uint32_t passage;
    uint32_t item; /* or nitems + i for the side-by-side pair starting at item i */
} occ;

typedef struct occs {
    occ *v;
    size_t n, cap;
} occs;

static int
occ_push(occs *o, uint32_t passage, uint32_t item)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 64;
        occ *nv = realloc(o->v, cap * sizeof *nv);
        if (!nv)
            return -1;
        o->v = nv;
        o->cap = cap;
    }
    o->v[o->n++] = (occ){passage, item};
    return 0;
}

/* The passage holding word position `pos`, or RECORD_NO_PASSAGE (the gap between two). */
static uint32_t
passage_of_pos(const record_doc *d, uint32_t pos)
{
    size_t lo = 0, hi = d->npassages;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const record_passage *p = &d->passages[mid];
        uint32_t last = p->pos_last < p->pos_first ? p->pos_first : p->pos_last;
        if (last < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < d->npassages && d->passages[lo].pos_first <= pos && pos <= d->passages[lo].pos_last)
        return (uint32_t)lo;
    return RECORD_NO_PASSAGE;
}

static int
has_pos(const uint32_t *v, size_t n, uint32_t pos)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid] < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == pos;
}

/* Occurrences of one form (a word, or syllables in a row) as starting positions. */
static int
form_occurrences(const seq *s, passage_positions_fn pos, void *ctx, const record_doc *d,
                 uint32_t item, occs *o)
{
    const uint32_t *first;
    size_t nf = pos(ctx, s->t[0], &first);
    for (size_t i = 0; i < nf; i++) {
        int ok = 1;
        for (size_t k = 1; k < s->n && ok; k++) {
            const uint32_t *v;
            size_t nv = pos(ctx, s->t[k], &v);
            ok = has_pos(v, nv, first[i] + (uint32_t)k);
        }
        uint32_t p = ok ? passage_of_pos(d, first[i]) : RECORD_NO_PASSAGE;
        if (p != RECORD_NO_PASSAGE && occ_push(o, p, item) < 0)
            return -1;
    }
    return 0;
}

static int
cites_id(const record_cite *c, const char *id)
{
    char a[CITE_ID_MAX], b[CITE_ID_MAX];
    if (!strcmp(c->id, id))
        return 1;
    /* "25-NQ/TW" names every "25-NQ/TW@..." */
    cite_base(c->id, a, sizeof a);
    cite_base(id, b, sizeof b);
    return !strcmp(a, id) || (!strcmp(a, b) && !strchr(id, '@'));
}

static int
passage_cites(const record_doc *d, uint32_t passage, const char *id)
{
    for (size_t i = 0; i < d->ncites; i++)
        if (d->cites[i].passage == passage && cites_id(&d->cites[i], id))
            return 1;
    return 0;
}

static int
by_passage(const void *a, const void *b)
{
    const occ *x = a, *y = b;
    if (x->passage != y->passage)
        return x->passage < y->passage ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

int
passage_query_allows(const passage_query *q, const record_doc *d, uint32_t p)
{
    if (q->section >= 0 && d->passages[p].section != q->section)
        return 0;
    for (size_t i = 0; i < q->ncites; i++)
        if (!passage_cites(d, p, q->cites[i]))
            return 0;
    return 1;
}

/* A fragment: a passage that does not answer in sentences, ranked below paragraphs that hold
 * as much of the query. Fewer than PASSAGE_FRAGMENT syllables; or the document's title; or a
 * heading another passage sits under; or a line under PASSAGE_LINE syllables with no
 * sentence punctuation (a table cell, a list item, a heading the extractor did not mark). */
static int
is_fragment(const record_doc *d, uint32_t i)
{
    const record_passage *p = &d->passages[i];
    size_t len = p->pos_last >= p->pos_first ? (size_t)(p->pos_last - p->pos_first + 1) : 0;
    if (len < PASSAGE_FRAGMENT)
        return 1;
    if (d->title && strlen(d->title) == p->end - p->start &&
        !memcmp(d->title, d->text + p->start, p->end - p->start))
        return 1;
    for (size_t k = 0; k < d->npassages; k++)
        if (d->passages[k].heading == i)
            return 1;
    if (len >= PASSAGE_LINE)
        return 0;
    for (uint32_t b = p->start; b < p->end; b++)
        if (strchr(".;:?!", d->text[b]))
            return 0;
    return 1;
}

static double
bm25(double idf, unsigned tf, double len)
{
    return idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * len / AVG_PASSAGE));
}

/* Score the passage whose occurrences are o[0..n). `context`: the query groups held by
 * the headings it sits under and by the document's title, which count toward its coverage
 * (a paragraph under "II. HẠN CHẾ" answers "hạn chế dân vận" when it names dân vận) but add
 * nothing to its score. */
static passage_pick
score_passage(const passage_query *q, const record_doc *d, const occ *o, size_t n,
              uint64_t context)
{
    passage_pick pk = {o[0].passage, 0, 0, 0.0, 0};
    const record_passage *p = &d->passages[pk.passage];
    double len = p->pos_last >= p->pos_first ? (double)(p->pos_last - p->pos_first + 1) : 0;
    pk.fragment = is_fragment(d, pk.passage);
    unsigned char seen[64] = {0};
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && o[j].item == o[i].item)
            j++;
        unsigned tf = (unsigned)(j - i);
        uint32_t it = o[i].item;
        if (it < q->nitems) {
            const pq_item *x = &q->items[it];
            double s = bm25(x->idf, tf, len);
            pk.score += x->stopword ? STOPWORD_SHARE * s : s;
            if (!x->stopword && x->group < sizeof seen && !seen[x->group]++) {
                pk.coverage++;
                pk.groups |= (uint64_t)1 << x->group;
            }
        } else { /* side-by-side pair */
            const pq_item *x = &q->items[it - q->nitems];
            pk.score += ADJACENT_BONUS * bm25(x->idf, tf, len);
        }
        i = j;
    }
    for (unsigned g = 0; g < 64 && g < q->ngroups; g++)
        if ((context & ((uint64_t)1 << g)) && !(pk.groups & ((uint64_t)1 << g))) {
            pk.coverage++;
            pk.groups |= (uint64_t)1 << g;
        }
    return pk;
}

/* The groups each passage holds, by itself (bit g: query group g), into mask[npassages]. */
static void
group_masks(const passage_query *q, const occ *o, size_t n, uint64_t *mask)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t it = o[i].item;
        if (it < q->nitems && !q->items[it].stopword && q->items[it].group < 64)
            mask[o[i].passage] |= (uint64_t)1 << q->items[it].group;
    }
}

/* The passage holding the document's title, or RECORD_NO_PASSAGE. */
static uint32_t
title_passage(const record_doc *d)
{
    size_t tl = d->title ? strlen(d->title) : 0;
    for (uint32_t i = 0; tl && i < d->npassages && i < 8; i++)
        if (d->passages[i].end - d->passages[i].start == tl &&
            !memcmp(d->title, d->text + d->passages[i].start, tl))
            return i;
    return RECORD_NO_PASSAGE;
}

/* The groups of the heading passage p sits under and of the title passage. Only the
 * nearest heading: a heading's own "heading" is the one before it, whatever the levels, so
 * going further up would lend "II. Hạn chế" to the paragraphs of "III. Phương hướng". */
static uint64_t
context_groups(const record_doc *d, uint32_t p, const uint64_t *mask, uint32_t title)
{
    uint64_t c = title != RECORD_NO_PASSAGE && title != p ? mask[title] : 0;
    uint32_t h = d->passages[p].heading;
    if (h != RECORD_NO_HEADING && h < d->npassages)
        c |= mask[h];
    return c;
}

int
passage_pick_tier_cmp(const passage_pick *a, const passage_pick *b)
{
    if (a->coverage != b->coverage)
        return a->coverage > b->coverage ? -1 : 1;
    if (a->fragment != b->fragment)
        return a->fragment ? 1 : -1;
    return 0;
}

static int
pick_cmp(const void *a, const void *b)
{
    const passage_pick *x = a, *y = b;
    int t = passage_pick_tier_cmp(x, y);
    if (t)
        return t;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->passage < y->passage ? -1 : x->passage > y->passage;
}

/* Every occurrence of the query's items (and side-by-side pairs) in d, by passage. */
static int
collect(passage_query *q, const record_doc *d, passage_positions_fn pos, void *ctx, occs *o)
{
    for (size_t i = 0; i < q->nitems; i++) {
        const pq_item *x = &q->items[i];
        for (size_t f = 0; f < x->nforms; f++)
            if (form_occurrences(&x->forms[f], pos, ctx, d, (uint32_t)i, o) < 0)
                return -1;
        for (size_t c = 0; x->cite && c < d->ncites; c++)
            if (d->cites[c].passage != RECORD_NO_PASSAGE && cites_id(&d->cites[c], x->cite) &&
                occ_push(o, d->cites[c].passage, (uint32_t)i) < 0)
                return -1;
        if (x->next_single != SIZE_MAX) {
            seq pair = {{x->forms[0].t[0], q->items[x->next_single].forms[0].t[0]}, 2};
            if (form_occurrences(&pair, pos, ctx, d, (uint32_t)(q->nitems + i), o) < 0)
                return -1;
        }
    }
    return 0;
}

size_t
passage_pick_best(const passage_query *cq, const record_doc *d, passage_positions_fn pos,
                  void *ctx, const uint64_t *termfreq, uint64_t doccount, passage_pick *picks,
                  size_t max, size_t *matching)
{
    passage_query *q = (passage_query *)cq; /* idf is refreshed per call, nothing else */
    occs o = {NULL, 0, 0};
    size_t n = 0;
    unsigned maxcov = 0;
    *matching = 0;
    if (!max || !d->npassages)
        return 0;
    for (size_t i = 0; i < q->nitems; i++) {
        /* idf of an item: its rarest syllable's (a phrase is as rare as its rarest word) */
        uint64_t tf = doccount;
        for (size_t k = 0; k < q->items[i].forms[0].n; k++)
            if (termfreq[q->items[i].forms[0].t[k]] < tf)
                tf = termfreq[q->items[i].forms[0].t[k]];
        q->items[i].idf = log(1.0 + ((double)doccount - (double)tf + 0.5) / ((double)tf + 0.5));
        if (q->items[i].idf < 0.1)
            q->items[i].idf = 0.1;
    }
    if (collect(q, d, pos, ctx, &o) < 0)
        o.n = 0; /* out of memory: fall back to the first passage */
    if (o.n > 1)
        qsort(o.v, o.n, sizeof *o.v, by_passage);
    uint64_t *mask = calloc(d->npassages, sizeof *mask); /* NULL: no context, as before */
    uint32_t title = title_passage(d);
    if (mask)
        group_masks(q, o.v, o.n, mask);
    for (size_t i = 0; i < o.n;) {
        size_t j = i;
        while (j < o.n && o.v[j].passage == o.v[i].passage)
            j++;
        if (passage_query_allows(q, d, o.v[i].passage)) {
            passage_pick pk = score_passage(
                q, d, o.v + i, j - i, mask ? context_groups(d, o.v[i].passage, mask, title) : 0);
            if (pk.coverage > maxcov || !*matching) {
                maxcov = pk.coverage;
                *matching = 0;
            }
            if (pk.coverage == maxcov)
                ++*matching;
            /* keep the best `max`: insertion into a short sorted array */
            size_t at = n < max ? n++ : max;
            if (at == max && pick_cmp(&pk, &picks[max - 1]) >= 0) {
                i = j;
                continue;
            }
            if (at == max)
                at = max - 1;
            while (at > 0 && pick_cmp(&pk, &picks[at - 1]) < 0) {
                picks[at] = picks[at - 1];
                at--;
            }
            picks[at] = pk;
        }
        i = j;
    }
    free(mask);
    free(o.v);
    if (!n) { /* matched through something else: the first allowed passage with text */
        for (uint32_t p = 0; p < d->npassages && !n; p++)
            if (passage_query_allows(q, d, p) && d->passages[p].end > d->passages[p].start)
                picks[n++] = (passage_pick){p, 0, is_fragment(d, p), 0.0, 0};
        *matching = n;
    }
    return n;
}
