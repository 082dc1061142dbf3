/*
 * search.c - tracuu_index_search and the results iterator.
 *
 * A search matches documents (schema.h) and answers with passages: the page's documents come
 * back from the seam with their records and the positions of the query's words, the best
 * passages of each are picked (passages.h), and the results object keeps everything it
 * shows, so iterating never touches the database again (results may outlive the index
 * handle, and a concurrent commit cannot change a page half-way).
 *
 * Without --docs a document gives up to PASSAGES_PER_DOC passages. Results are ranked in
 * blocks of BLOCK_DOCS (20) documents in the engine's order: inside a block, passages that hold
 * more of the query come first, paragraphs before fragments, then by the document's weight
 * scaled by how well the passage answers. A block's place never depends on the page asked
 * for, so --offset pages through one fixed list at any depth.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dupes.h"
#include "index.h"
#include "parse.h"
#include "passages.h"
#include "record.h"
#include "schema.h"
#include "section.h"
#include "simhash.h"
#include "snippet.h"

#define DEFAULT_LIMIT 10
#define DEFAULT_SNIPPET_CHARS 240
#define PASSAGES_PER_DOC 3
/* 20, not 10: passages of twice as many documents compete for the first page, so a short
 * report whose paragraph holds the query in a row beats a long text that holds its words
 * apart (bench/judged.tsv: nDCG@10 +0.04), for decoding twice as many records a page. */
#define BLOCK_DOCS 20
/* Passages whose fingerprints (simhash of their wording) differ in at most this many bits
 * are the same paragraph: a re-sent report with another commune name, date or figure. */
#define PASSAGE_NEAR_BITS 8

/* One passage of the answer. */
typedef struct result {
    size_t doc; /* index into docs */
    passage_pick pick;
    double score;
    size_t *similar; /* docs whose near-identical passage was folded into this one */
    size_t nsimilar;
} result;

/* One matched document of the page, decoded, with what its results show. */
typedef struct rdoc {
    record_doc *rec;
    double weight;
    int percent;
    char **dups; /* near-duplicates (dupes.h), NULL-terminated */
    size_t matches; /* passages that hold as much of the query as its best one */
} rdoc;

struct tracuu_results {
    uint64_t total;
    char *facets; /* JSON, with opts->facets */
    rdoc *docs;
    size_t ndocs;
    result *res;
    size_t nres, next;
    char **terms; /* folded query syllables, for highlighting */
    size_t nterms;
    int relaxed;     /* tracuu_results_relaxed */
    char **words;    /* each query group's words as typed, for tracuu_hit.missing */
    size_t nwords;
    const char **missing, **similar; /* the current hit's lists */
    char *hl_open, *hl_close;
    int html; /* the default markers are HTML, so the default snippet is HTML, text escaped */
    unsigned snippet_chars;
    tracuu_hit hit;
    char *text, *heading; /* the current hit's passage and heading, NUL-terminated */
    const char **cites;   /* the current hit's citation ids, NULL-terminated */
    size_t cites_cap;
    text_buf snippet, spans;
};

static const char *const no_cites[] = {NULL};

void
tracuu_results_free(tracuu_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->ndocs; i++) {
        record_doc_free(r->docs[i].rec);
        dupes_free(r->docs[i].dups);
    }
    free(r->docs);
    for (size_t i = 0; r->res && i < r->nres; i++)
        free(r->res[i].similar);
    free(r->res);
    for (size_t i = 0; i < r->nwords; i++)
        free(r->words[i]);
    free(r->words);
    free(r->missing);
    free(r->similar);
    free(r->facets);
    free(r->cites);
    for (size_t i = 0; i < r->nterms; i++)
        free(r->terms[i]);
    free(r->terms);
    free(r->hl_open);
    free(r->hl_close);
    free(r->text);
    free(r->heading);
    text_buf_free(&r->snippet);
    text_buf_free(&r->spans);
    free(r);
}

uint64_t
tracuu_results_total(const tracuu_results *r)
{
    return r ? r->total : 0;
}

int
tracuu_results_relaxed(const tracuu_results *r)
{
    return r ? r->relaxed : 0;
}

const char *
tracuu_results_facets(const tracuu_results *r)
{
    return r ? r->facets : NULL;
}

/* What the facet spies watch, in the order of the JSON keys. */
static const unsigned facet_slots[] = {SLOT_FACET_COMMUNE, SLOT_FACET_DISTRICT, SLOT_DATE,
                                       SLOT_FACET_KIND, SLOT_FACET_CITES};
static const char *const facet_names[] = {"commune", "district", "year", "kind", "cites"};
#define NFACETS (sizeof facet_slots / sizeof *facet_slots)

static int
by_count_desc(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_array_get(*(json_t *const *)a, 1));
    json_int_t y = json_integer_value(json_array_get(*(json_t *const *)b, 1));
    if (x != y)
        return x > y ? -1 : 1;
    return strcmp(json_string_value(json_array_get(*(json_t *const *)a, 0)),
                  json_string_value(json_array_get(*(json_t *const *)b, 0)));
}

/* counts (name -> n) as an object whose keys run from the largest count down. */
static json_t *
sorted_counts(json_t *counts)
{
    size_t n = json_object_size(counts), k = 0;
    json_t **pairs = calloc(n ? n : 1, sizeof *pairs), *v, *out = json_object();
    const char *key;
    if (!pairs || !out) {
        free(pairs);
        json_decref(out);
        return NULL;
    }
    json_object_foreach(counts, key, v) {
        pairs[k++] = json_pack("[s, O]", key, v);
    }
    qsort(pairs, n, sizeof *pairs, by_count_desc);
    for (size_t i = 0; i < n; i++) {
        json_object_set(out, json_string_value(json_array_get(pairs[i], 0)),
                        json_array_get(pairs[i], 1));
        json_decref(pairs[i]);
    }
    free(pairs);
    return out;
}

/* Add n to counts[key[0..len)]. */
static void
count_add(json_t *counts, const char *key, size_t len, uint64_t n)
{
    char k[256];
    snprintf(k, sizeof k, "%.*s", (int)(len < sizeof k ? len : sizeof k - 1), key);
    json_t *cur = json_object_get(counts, k);
    json_object_set_new(counts, k, json_integer(json_integer_value(cur) + (json_int_t)n));
}

/* The facet spies' counts as JSON: years from dates, cited ids from their combinations,
 * undated or unknown documents under "?". */
static tracuu_status
facets_json(tracuu_results *r, const store_mset *m)
{
    json_t *o = json_object();
    for (size_t k = 0; o && k < NFACETS; k++) {
        json_t *counts = json_object();
        uint64_t seen = 0;
        for (size_t i = 0; counts && i < store_mset_facets(m, k); i++) {
            uint64_t n;
            const char *v = store_mset_facet(m, k, i, &n);
            seen += n;
            if (facet_slots[k] == SLOT_DATE) {
                count_add(counts, v, strlen(v) < 4 ? strlen(v) : 4, n);
                continue;
            }
            for (const char *p = v; facet_slots[k] == SLOT_FACET_CITES ? *p : p == v;) {
                size_t len = facet_slots[k] == SLOT_FACET_CITES ? strcspn(p, "\n") : strlen(p);
                count_add(counts, p, len, n);
                p += len + (p[len] == '\n');
            }
        }
        /* documents with no value (no commune, no date, no kind) */
        if (counts && facet_slots[k] != SLOT_FACET_CITES && r->total > seen)
            count_add(counts, "?", 1, r->total - seen);
        json_object_set_new(o, facet_names[k], counts ? sorted_counts(counts) : NULL);
        json_decref(counts);
    }
    r->facets = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return r->facets ? TRACUU_OK : TRACUU_ENOMEM;
}

/* The ids the passage cites, each once, into r->cites. */
static tracuu_status
hit_cites(tracuu_results *r, const record_doc *d, uint32_t passage)
{
    size_t k = 0;
    r->hit.cites = no_cites;
    for (size_t i = 0; i < d->ncites; i++) {
        if (d->cites[i].passage != passage)
            continue;
        if (k + 2 > r->cites_cap) {
            size_t cap = r->cites_cap ? r->cites_cap * 2 : 8;
            const char **nv = realloc(r->cites, cap * sizeof *nv);
            if (!nv)
                return TRACUU_ENOMEM;
            r->cites = nv;
            r->cites_cap = cap;
        }
        int seen = 0;
        for (size_t j = 0; j < k && !seen; j++)
            seen = !strcmp(r->cites[j], d->cites[i].id);
        if (!seen)
            r->cites[k++] = d->cites[i].id;
    }
    if (k) {
        r->cites[k] = NULL;
        r->hit.cites = r->cites;
    }
    return TRACUU_OK;
}

/* The current hit's folded-in documents and, relaxed, the words it lacks. */
static tracuu_status
hit_lists(tracuu_results *r, const result *res)
{
    tracuu_hit *x = &r->hit;
    free(r->similar);
    free(r->missing);
    r->similar = calloc(res->nsimilar + 1, sizeof *r->similar);
    r->missing = calloc(r->nwords + 1, sizeof *r->missing);
    if (!r->similar || !r->missing)
        return TRACUU_ENOMEM;
    for (size_t i = 0; i < res->nsimilar; i++)
        r->similar[i] = r->docs[res->similar[i]].rec->path;
    x->nsimilar = res->nsimilar;
    x->similar = res->nsimilar ? r->similar : NULL;
    size_t k = 0;
    for (size_t g = 0; r->relaxed && g < r->nwords && g < 64; g++)
        if (!(res->pick.groups & ((uint64_t)1 << g)))
            r->missing[k++] = r->words[g];
    x->nmissing = k;
    x->missing = k ? r->missing : NULL;
    return TRACUU_OK;
}

tracuu_status
tracuu_results_next(const tracuu_hit **out, tracuu_results *r)
{
    if (!out || !r)
        return TRACUU_EINVAL;
    *out = NULL;
    if (r->next >= r->nres)
        return TRACUU_ITEROVER;
    const result *res = &r->res[r->next++];
    const rdoc *rd = &r->docs[res->doc];
    const record_doc *d = rd->rec;
    const record_passage *p = &d->passages[res->pick.passage];
    free(r->text);
    free(r->heading);
    r->heading = NULL;
    r->text = strndup(d->text + p->start, p->end - p->start);
    if (!r->text)
        return TRACUU_ENOMEM;
    size_t hl;
    const char *hs = record_passage_heading(d, res->pick.passage, &hl);
    if (hs) {
        r->heading = strndup(hs, hl);
        if (!r->heading)
            return TRACUU_ENOMEM;
    }

    tracuu_hit *x = &r->hit;
    memset(x, 0, sizeof *x);
    x->path = d->path;
    x->passage = res->pick.passage + 1;
    x->start = p->start;
    x->end = p->end;
    x->title = d->title;
    x->encoding = d->encoding;
    x->date = d->date;
    x->commune = d->commune;
    x->kind = d->kind;
    x->section = section_name((section_kind)(p->section & 3));
    x->district = d->district;
    x->province = d->province;
    x->score = res->score;
    x->percent = (unsigned)rd->percent;
    x->doc_matches = rd->matches;
    x->text = r->text;
    x->page = p->page;
    x->heading = r->heading;
    x->near_duplicates = (const char *const *)rd->dups;
    tracuu_status st = hit_cites(r, d, res->pick.passage);
    if (st == TRACUU_OK)
        st = hit_lists(r, res);
    if (st != TRACUU_OK)
        return st;

    text_buf_reset(&r->snippet);
    text_buf_reset(&r->spans);
    /* No frequencies here: results may outlive the index; unmarked glued runs that only
     * the index's evidence splits are not highlighted. */
    st = snippet_make(x->text, strlen(x->text), NULL, (const char *const *)r->terms, r->nterms,
                      r->hl_open, r->hl_close, r->snippet_chars, r->html, &r->snippet,
                      &r->spans);
    if (st != TRACUU_OK)
        return st;
    x->snippet = r->snippet.ptr ? r->snippet.ptr : "";
    x->highlights = (const tracuu_span *)(void *)r->spans.ptr;
    x->nhighlights = r->spans.len / sizeof(tracuu_span);
    *out = x;
    return TRACUU_OK;
}

/* Remember the folded syllables of the positive items for highlighting, and their
 * alternative forms (abbreviation <-> expansion; snippet.c lights up a form of several
 * words only where they stand in a row). */
static tracuu_status
keep_terms(tracuu_results *r, const query_parsed *p)
{
    size_t total = 0;
    for (size_t i = 0; i < p->n; i++)
        total += p->items[i].n + p->items[i].nalts;
    r->terms = calloc(total ? total : 1, sizeof *r->terms);
    r->words = calloc(p->n ? p->n : 1, sizeof *r->words);
    if (!r->terms || !r->words)
        return TRACUU_ENOMEM;
    /* Group g of a query without OR is its g-th positive non-stopword item (passages.c). */
    for (size_t i = 0; i < p->n; i++) {
        const query_item *it = &p->items[i];
        if (it->negate || it->stopword)
            continue;
        text_buf w = TEXT_BUF_INIT(4096);
        for (size_t k = 0; k < it->n; k++) {
            if (k)
                text_buf_putc(&w, ' ');
            text_buf_puts(&w, it->syl[k].exact + strlen(PREFIX_EXACT));
        }
        r->words[r->nwords++] = w.ptr ? w.ptr : strdup("");
        if (!r->words[r->nwords - 1])
            return TRACUU_ENOMEM;
    }
    for (size_t i = 0; i < p->n; i++) {
        if (p->items[i].negate)
            continue;
        for (size_t k = 0; k < p->items[i].n; k++) {
            /* a syllable typed with marks lights up that spelling only (snippet.h) */
            const query_syllable *sy = &p->items[i].syl[k];
            const char *ex = sy->exact + strlen(PREFIX_EXACT);
            size_t need = strlen(sy->folded) + strlen(ex) + 2;
            r->terms[r->nterms] = malloc(need);
            if (r->terms[r->nterms])
                snprintf(r->terms[r->nterms], need, sy->marked ? "%s\t%s" : "%s", sy->folded, ex);
            if (!r->terms[r->nterms])
                return TRACUU_ENOMEM;
            r->nterms++;
        }
        for (size_t k = 0; k < p->items[i].nalts; k++) {
            r->terms[r->nterms] = strdup(p->items[i].alts[k]);
            if (!r->terms[r->nterms])
                return TRACUU_ENOMEM;
            r->nterms++;
        }
    }
    return TRACUU_OK;
}

/* Positions of term k in hit i of the page (passage_positions_fn). */
typedef struct pos_ctx {
    const store_mset *m;
    size_t hit;
} pos_ctx;

static size_t
hit_positions(void *ctx, size_t k, const uint32_t **out)
{
    const pos_ctx *c = ctx;
    return store_mset_positions(c->m, c->hit, k, out);
}

static int
result_cmp(const void *a, const void *b)
{
    const result *x = a, *y = b;
    int t = passage_pick_tier_cmp(&x->pick, &y->pick);
    if (t)
        return t;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    return x->pick.passage < y->pick.passage ? -1 : x->pick.passage > y->pick.passage;
}

/* Near-duplicates of the page's documents, in one search, now while the index is open:
 * results may outlive it. */
static tracuu_status
page_dupes(tracuu_results *r, tracuu_index *ix)
{
    size_t n = 0;
    const char **paths = calloc(r->ndocs + 1, sizeof *paths);
    const char **hashes = calloc(r->ndocs + 1, sizeof *hashes);
    size_t *which = calloc(r->ndocs + 1, sizeof *which);
    char ***found = calloc(r->ndocs + 1, sizeof *found);
    tracuu_status st = paths && hashes && which && found ? TRACUU_OK : TRACUU_ENOMEM;
    for (size_t i = 0; st == TRACUU_OK && i < r->nres; i++) {
        rdoc *rd = &r->docs[r->res[i].doc];
        int seen = 0;
        for (size_t k = 0; k < n && !seen; k++)
            seen = which[k] == r->res[i].doc;
        if (!seen) {
            paths[n] = rd->rec->path;
            hashes[n] = rd->rec->simhash;
            which[n++] = r->res[i].doc;
        }
    }
    if (st == TRACUU_OK && n)
        st = dupes_find_many(ix, n, paths, hashes, found);
    for (size_t k = 0; st == TRACUU_OK && k < n; k++)
        r->docs[which[k]].dups = found[k];
    free(paths);
    free(hashes);
    free(which);
    free(found);
    return st == TRACUU_ENOMEM ? index_fail(ix, st, "out of memory") : st;
}

/* Fold each result whose passage is near-identical to an earlier result's of another
 * document into that one (result.similar): ranks 2-5 must not repeat the paragraph of
 * near-identical reports. Only backwards, so the list a page is cut from stays fixed. */
static tracuu_status
collapse_similar(tracuu_results *r)
{
    uint64_t *fp = calloc(r->nres + 1, sizeof *fp);
    if (!fp)
        return TRACUU_ENOMEM;
    for (size_t i = 0; i < r->nres; i++) {
        const record_doc *d = r->docs[r->res[i].doc].rec;
        const record_passage *p = &d->passages[r->res[i].pick.passage];
        /* a fragment is too short for its fingerprint to mean anything */
        fp[i] = r->res[i].pick.fragment ? 0 : simhash_of(d->text + p->start, p->end - p->start);
    }
    size_t kept = 0;
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < r->nres && st == TRACUU_OK; i++) {
        size_t into = SIZE_MAX;
        for (size_t k = 0; fp[i] && k < kept && into == SIZE_MAX; k++)
            if (fp[k] && r->res[k].doc != r->res[i].doc &&
                simhash_distance(fp[k], fp[i]) <= PASSAGE_NEAR_BITS)
                into = k;
        if (into == SIZE_MAX) {
            fp[kept] = fp[i];
            r->res[kept++] = r->res[i];
            continue;
        }
        result *x = &r->res[into];
        int seen = 0; /* a document counts once, whichever passages of it were folded */
        for (size_t k = 0; k < x->nsimilar && !seen; k++)
            seen = x->similar[k] == r->res[i].doc;
        size_t *nv = seen ? x->similar : realloc(x->similar, (x->nsimilar + 1) * sizeof *nv);
        if (!nv) {
            for (size_t j = i; j < r->nres; j++)
                free(r->res[j].similar);
            st = TRACUU_ENOMEM;
            break;
        }
        x->similar = nv;
        if (!seen)
            x->similar[x->nsimilar++] = r->res[i].doc;
        free(r->res[i].similar);
    }
    r->nres = kept;
    free(fp);
    return st;
}

/* Decode the page's documents and pick their passages into r->res. skip: results of the
 * fixed list to leave out (the page's offset without --docs). */
static tracuu_status
pick_results(tracuu_results *r, tracuu_index *ix, const store_mset *m,
             const passage_query *pq, size_t per_doc, size_t skip, size_t limit)
{
    size_t nd = store_mset_size(m), nt;
    passage_query_terms(pq, &nt);
    uint64_t *tf = calloc(nt ? nt : 1, sizeof *tf);
    r->docs = calloc(nd ? nd : 1, sizeof *r->docs);
    r->res = calloc(nd * per_doc + 1, sizeof *r->res);
    if (!tf || !r->docs || !r->res) {
        free(tf);
        return index_fail(ix, TRACUU_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < nt; k++)
        tf[k] = store_mset_termfreq(m, k);
    tracuu_status st = TRACUU_OK;
    size_t block_start = 0; /* first result of the current block */
    for (size_t i = 0; i < nd && st == TRACUU_OK; i++) {
        store_hit h;
        store_mset_hit(m, i, &h);
        rdoc *rd = &r->docs[r->ndocs++];
        rd->weight = h.weight;
        rd->percent = h.percent;
        st = record_doc_decode(&rd->rec, h.data, h.datalen);
        if (st != TRACUU_OK) {
            st = index_fail(ix, st, "a matched document's record cannot be read (%s): "
                                    "rebuild the index with tracuu index --force",
                            tracuu_status_str(st));
            break;
        }
        passage_pick picks[PASSAGES_PER_DOC];
        pos_ctx pc = {m, i};
        size_t np = passage_pick_best(pq, rd->rec, hit_positions, &pc, tf,
                                      store_mset_doccount(m), picks, per_doc, &rd->matches);
        double best = np && picks[0].score > 0 ? picks[0].score : 1.0;
        /* relaxed: passages holding at least half of the query's words */
        unsigned need = r->relaxed ? (passage_query_groups(pq) + 1) / 2 : 0;
        for (size_t k = 0; k < np && picks[k].coverage >= need; k++) {
            /* the best few: as much of the query as the best, and at least a third of its
             * score */
            if (k && (passage_pick_tier_cmp(&picks[k], &picks[0]) > 0 ||
                      picks[k].score < best / 3))
                break;
            result *x = &r->res[r->nres++];
            x->doc = i;
            x->pick = picks[k];
            x->score = h.weight * (0.5 + 0.5 * (picks[k].score > 0 ? picks[k].score / best : 1));
            /* Xapian sums a document's weight in another order over shards than in one
             * index, and the last bits differ; the answer must not (shards.h). */
            x->score = round(x->score * 1e9) / 1e9;
        }
        if ((i + 1) % BLOCK_DOCS == 0 || i + 1 == nd) {
            qsort(r->res + block_start, r->nres - block_start, sizeof *r->res, result_cmp);
            block_start = r->nres;
        }
    }
    free(tf);
    /* with --docs every document is listed (one result each, pageable to the last) */
    if (st == TRACUU_OK && per_doc > 1)
        st = collapse_similar(r);
    if (st != TRACUU_OK)
        return index_fail(ix, st, "out of memory");
    /* The page: [skip, skip + limit) of the fixed list. */
    size_t from = skip < r->nres ? skip : r->nres;
    for (size_t i = 0; i < from; i++)
        free(r->res[i].similar);
    memmove(r->res, r->res + from, (r->nres - from) * sizeof *r->res);
    r->nres -= from;
    for (size_t i = limit; i < r->nres; i++)
        free(r->res[i].similar);
    if (r->nres > limit)
        r->nres = limit;
    return page_dupes(r, ix);
}

static tracuu_status
results_new(tracuu_results **out, tracuu_index *ix, const query_parsed *p,
            const tracuu_search_options *opts)
{
    tracuu_results *r = calloc(1, sizeof *r);
    *out = r;
    if (!r)
        return index_fail(ix, TRACUU_ENOMEM, "out of memory");
    r->snippet = (text_buf)TEXT_BUF_INIT((size_t)1 << 24);
    r->spans = (text_buf)TEXT_BUF_INIT((size_t)1 << 24);
    r->snippet_chars = opts->snippet_chars ? opts->snippet_chars : DEFAULT_SNIPPET_CHARS;
    r->html = !opts->hl_open;
    r->hl_open = strdup(opts->hl_open ? opts->hl_open : "<b>");
    r->hl_close = strdup(opts->hl_close ? opts->hl_close : "</b>");
    if (!r->hl_open || !r->hl_close || keep_terms(r, p) != TRACUU_OK)
        return index_fail(ix, TRACUU_ENOMEM, "out of memory");
    return TRACUU_OK;
}

/* The documents the page needs: with --docs the page itself; else every block up to the
 * one holding result offset+limit (a document gives at least one result). */
static void
doc_window(const tracuu_search_options *opts, unsigned limit, unsigned *first, unsigned *count)
{
    if (opts->docs) {
        *first = opts->offset;
        *count = limit;
        return;
    }
    uint64_t need = (uint64_t)opts->offset + limit;
    need = (need + BLOCK_DOCS - 1) / BLOCK_DOCS * BLOCK_DOCS;
    *first = 0;
    *count = need > TRACUU_SEARCH_WINDOW_MAX ? TRACUU_SEARCH_WINDOW_MAX : (unsigned)need;
}

/* Is a query that matched `found` documents too strict, to be answered with most of its
 * words? Nothing found for two words or more, or fewer than TRACUU_RELAX_BELOW documents
 * for three or more (two words that found one document are precise, not too strict); no
 * OR (whose groups are not words); fewer than 64 words. */
static int
relaxable(const query_parsed *p, uint64_t found)
{
    if (found >= TRACUU_RELAX_BELOW)
        return 0;
    size_t words = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (p->items[i].or_next)
            return 0;
        words += !p->items[i].negate && !p->items[i].stopword;
    }
    return words < 64 && (found ? words >= 3 : words >= 2);
}

/* The search again with any of the words matching (query_parsed.relax); passages then
 * need at least half of them (pick_results). */
static tracuu_status
relaxed_search(store_mset **m, tracuu_index *ix, query_parsed *p, const store_search_opts *so,
               store_err *err)
{
    store_query *q = NULL, *kind = NULL, *filtered = NULL;
    p->relax = 1;
    tracuu_status st = query_build(&q, p, err);
    p->relax = 0;
    if (st == TRACUU_OK)
        st = store_query_term(&kind, KIND_DOC, strlen(KIND_DOC), 1, 0, err);
    if (st == TRACUU_OK) {
        store_query *pair[2] = {q, kind};
        st = store_query_combine(&filtered, STORE_OP_FILTER, pair, 2, 0, err);
    }
    if (st == TRACUU_OK)
        st = store_search(m, ix->db, filtered, so, err);
    store_query_free(q);
    store_query_free(kind);
    store_query_free(filtered);
    return st;
}

tracuu_status
tracuu_index_search(tracuu_results **out, tracuu_index *ix, const char *query,
              const tracuu_search_options *opts)
{
    static const tracuu_search_options defaults = TRACUU_SEARCH_OPTIONS_INIT;
    query_parsed *p = NULL;
    passage_query *pq = NULL;
    store_query *q = NULL, *kind = NULL, *filtered = NULL;
    store_mset *m = NULL;
    tracuu_results *r = NULL;
    store_err err = {TRACUU_OK, ""};
    char msg[256];
    tracuu_status st;

    if (!out || !ix)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    if (!opts)
        opts = &defaults;
    unsigned limit = opts->limit ? opts->limit : DEFAULT_LIMIT;
    if (limit > TRACUU_SEARCH_LIMIT_MAX)
        return index_fail(ix, TRACUU_EINVAL, "limit %u: at most %u results a page", limit,
                          TRACUU_SEARCH_LIMIT_MAX);
    if (!opts->docs && (uint64_t)opts->offset + limit > TRACUU_SEARCH_WINDOW_MAX)
        return index_fail(ix, TRACUU_EINVAL,
                          "offset %u: passages are listed up to %u deep (use --docs to page "
                          "through every document)",
                          opts->offset, TRACUU_SEARCH_WINDOW_MAX);
    const query_env env = {{index_syllable_freq, ix}, index_abbreviations, ix};
    st = query_parse(&p, query, &env, msg, sizeof msg);
    if (st != TRACUU_OK)
        return index_fail(ix, st, "%s", msg[0] ? msg : tracuu_status_str(st));
    st = query_build(&q, p, &err);
    if (st == TRACUU_OK)
        st = store_query_term(&kind, KIND_DOC, strlen(KIND_DOC), 1, 0, &err);
    if (st == TRACUU_OK) {
        store_query *pair[2] = {q, kind};
        st = store_query_combine(&filtered, STORE_OP_FILTER, pair, 2, 0, &err);
    }
    if (st != TRACUU_OK) {
        index_fail_store(ix, &err);
        goto done;
    }
    st = passage_query_new(&pq, p);
    if (st == TRACUU_OK)
        st = results_new(&r, ix, p, opts);
    if (st != TRACUU_OK) {
        st = index_fail(ix, st, "%s", tracuu_status_str(st));
        goto done;
    }
    store_search_opts so = STORE_SEARCH_OPTS_INIT;
    doc_window(opts, limit, &so.offset, &so.limit);
    /* Exact up to 100 documents by default (a tenth of the query's time at 1,000); with
     * exact_total over every document. */
    so.check_at_least = opts->exact_total || opts->facets ? UINT32_MAX : 100;
    so.pos_terms = passage_query_terms(pq, &so.npos_terms);
    if (opts->facets) {
        so.spy_slots = facet_slots;
        so.nspy_slots = sizeof facet_slots / sizeof *facet_slots;
    }
    st = store_search(&m, ix->db, filtered, &so, &err);
    if (st == TRACUU_OK && relaxable(p, store_mset_estimate(m))) {
        store_mset_free(m);
        m = NULL;
        st = relaxed_search(&m, ix, p, &so, &err);
        r->relaxed = 1;
    }
    if (st != TRACUU_OK) {
        index_fail_store(ix, &err);
        goto done;
    }
    r->total = store_mset_estimate(m);
    if (opts->facets && facets_json(r, m) != TRACUU_OK) {
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
        goto done;
    }
    st = pick_results(r, ix, m, pq, opts->docs ? 1 : PASSAGES_PER_DOC,
                      opts->docs ? 0 : opts->offset, limit);
    if (st != TRACUU_OK)
        goto done;
    *out = r;
    r = NULL;
done:
    tracuu_results_free(r);
    store_mset_free(m);
    passage_query_free(pq);
    query_parsed_free(p);
    store_query_free(q);
    store_query_free(kind);
    store_query_free(filtered);
    return st;
}

tracuu_status
tracuu_query_check(char **errmsg, const char *query)
{
    char msg[512];
    query_parsed *p = NULL;
    *errmsg = NULL;
    tracuu_status st = query_parse(&p, query, NULL, msg, sizeof msg);
    query_parsed_free(p);
    if (st != TRACUU_OK && !(*errmsg = strdup(msg[0] ? msg : tracuu_status_str(st))))
        return TRACUU_ENOMEM;
    return st;
}

tracuu_status
tracuu_query_describe(char **out, const char *query)
{
    query_parsed *p = NULL;
    store_query *q = NULL;
    store_err err;
    char msg[256];
    if (!out)
        return TRACUU_EINVAL;
    *out = NULL;
    tracuu_status st = query_parse(&p, query, NULL, msg, sizeof msg);
    if (st != TRACUU_OK)
        return st;
    st = query_build(&q, p, &err);
    if (st == TRACUU_OK) {
        *out = store_query_describe(q);
        if (!*out)
            st = TRACUU_ENOMEM;
    }
    query_parsed_free(p);
    store_query_free(q);
    return st;
}
