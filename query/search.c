/*
 * search.c - tracuu_search and the results iterator.
 *
 * The page of hits comes back from the seam fully loaded (data included), so iterating
 * never touches the database again and cannot meet a concurrent writer's commit. Each hit
 * is decoded from its JSON data and gets its snippet only when the caller asks for it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dupes.h"
#include "index.h"
#include "parse.h"
#include "schema.h"
#include "snippet.h"

#define DEFAULT_LIMIT 10
#define MAX_LIMIT 10000
#define DEFAULT_SNIPPET_CHARS 240

struct tracuu_results {
    store_mset *mset;
    size_t next;
    char **terms; /* folded query syllables, for highlighting */
    size_t nterms;
    char *hl_open, *hl_close;
    unsigned snippet_chars;
    tracuu_hit hit;
    json_t *cur; /* data of the current hit; owns the strings hit points to */
    const char **cites; /* the current hit's citation ids, NULL-terminated */
    size_t cites_cap;
    text_buf snippet, spans;
    tracuu_index *ix;   /* for near-duplicate lookups */
    char *dup_path;     /* the document the cached near-duplicates are of */
    char **dups;        /* its near-duplicates (dupes.h), NULL-terminated */
};

static const char *const no_cites[] = {NULL};

void
tracuu_results_free(tracuu_results *r)
{
    if (!r)
        return;
    store_mset_free(r->mset);
    free(r->cites);
    for (size_t i = 0; i < r->nterms; i++)
        free(r->terms[i]);
    free(r->terms);
    free(r->hl_open);
    free(r->hl_close);
    json_decref(r->cur);
    text_buf_free(&r->snippet);
    text_buf_free(&r->spans);
    free(r->dup_path);
    dupes_free(r->dups);
    free(r);
}

uint64_t
tracuu_results_total(const tracuu_results *r)
{
    return r ? store_mset_estimate(r->mset) : 0;
}

static const char *
jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

tracuu_status
tracuu_results_next(const tracuu_hit **out, tracuu_results *r)
{
    if (!out || !r)
        return TRACUU_EINVAL;
    *out = NULL;
    if (r->next >= store_mset_size(r->mset))
        return TRACUU_ITEROVER;
    store_hit h;
    store_mset_hit(r->mset, r->next, &h);
    json_decref(r->cur);
    r->cur = json_loadb(h.data, h.datalen, 0, NULL);
    if (!r->cur)
        return TRACUU_ECORRUPT;
    r->next++;

    tracuu_hit *x = &r->hit;
    memset(x, 0, sizeof *x);
    x->path = jstr(r->cur, "path");
    x->passage = (unsigned)json_integer_value(json_object_get(r->cur, "passage"));
    x->start = (size_t)json_integer_value(json_object_get(r->cur, "start"));
    x->end = (size_t)json_integer_value(json_object_get(r->cur, "end"));
    x->title = jstr(r->cur, "title");
    x->encoding = jstr(r->cur, "encoding");
    x->date = jstr(r->cur, "date");
    x->commune = jstr(r->cur, "commune");
    x->kind = jstr(r->cur, "kind");
    x->section = jstr(r->cur, "section");
    x->district = jstr(r->cur, "district");
    x->province = jstr(r->cur, "province");
    x->score = h.weight;
    x->percent = (unsigned)h.percent;
    x->doc_matches = h.collapse_count + 1;
    x->text = jstr(r->cur, "text");
    x->page = (unsigned)json_integer_value(json_object_get(r->cur, "page"));
    x->heading = jstr(r->cur, "heading");
    json_t *cites = json_object_get(r->cur, "cites");
    size_t nc = json_array_size(cites);
    x->cites = no_cites;
    if (nc) {
        if (nc + 1 > r->cites_cap) {
            const char **nv = realloc(r->cites, (nc + 1) * sizeof *nv);
            if (!nv)
                return TRACUU_ENOMEM;
            r->cites = nv;
            r->cites_cap = nc + 1;
        }
        size_t k = 0;
        for (size_t i = 0; i < nc; i++) {
            const char *id = json_string_value(json_object_get(json_array_get(cites, i), "id"));
            int seen = 0;
            for (size_t j = 0; id && j < k && !seen; j++)
                seen = !strcmp(r->cites[j], id);
            if (id && !seen)
                r->cites[k++] = id;
        }
        r->cites[k] = NULL;
        x->cites = r->cites;
    }
    if (!x->path || !x->text)
        return TRACUU_ECORRUPT;
    /* Near-duplicates of the hit's document, looked up once per document in a row. */
    if (!r->dup_path || strcmp(r->dup_path, x->path)) {
        dupes_free(r->dups);
        r->dups = NULL;
        free(r->dup_path);
        r->dup_path = strdup(x->path);
        if (!r->dup_path)
            return TRACUU_ENOMEM;
        tracuu_status ds = dupes_find(r->ix, x->path, jstr(r->cur, "simhash"), &r->dups);
        if (ds != TRACUU_OK)
            return ds;
    }
    x->near_duplicates = (const char *const *)r->dups;

    text_buf_reset(&r->snippet);
    text_buf_reset(&r->spans);
    /* No frequencies here: results may outlive the index; unmarked glued runs that only
     * the index's evidence splits are not highlighted. */
    tracuu_status st = snippet_make(x->text, strlen(x->text), NULL, (const char *const *)r->terms,
                                    r->nterms, r->hl_open, r->hl_close, r->snippet_chars,
                                    &r->snippet, &r->spans);
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
    if (!r->terms)
        return TRACUU_ENOMEM;
    for (size_t i = 0; i < p->n; i++) {
        if (p->items[i].negate)
            continue;
        for (size_t k = 0; k < p->items[i].n; k++) {
            r->terms[r->nterms] = strdup(p->items[i].syl[k].folded);
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

tracuu_status
tracuu_search(tracuu_results **out, tracuu_index *ix, const char *query,
              const tracuu_search_options *opts)
{
    static const tracuu_search_options defaults = TRACUU_SEARCH_OPTIONS_INIT;
    query_parsed *p = NULL;
    store_query *q = NULL, *kind = NULL, *filtered = NULL;
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
    const query_env env = {{index_syllable_freq, ix}, index_abbreviations, ix};
    st = query_parse(&p, query, &env, msg, sizeof msg);
    if (st != TRACUU_OK)
        return index_fail(ix, st, "%s", msg[0] ? msg : tracuu_status_str(st));
    st = query_build(&q, p, &err);
    if (st == TRACUU_OK)
        st = store_query_term(&kind, KIND_PASSAGE, strlen(KIND_PASSAGE), 1, 0, &err);
    if (st == TRACUU_OK) {
        store_query *pair[2] = {q, kind};
        st = store_query_combine(&filtered, STORE_OP_FILTER, pair, 2, 0, &err);
    }
    if (st != TRACUU_OK) {
        index_fail_store(ix, &err);
        goto done;
    }
    r = calloc(1, sizeof *r);
    if (!r) {
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
        goto done;
    }
    r->ix = ix;
    r->snippet = (text_buf)TEXT_BUF_INIT((size_t)1 << 24);
    r->spans = (text_buf)TEXT_BUF_INIT((size_t)1 << 24);
    r->snippet_chars = opts->snippet_chars ? opts->snippet_chars : DEFAULT_SNIPPET_CHARS;
    r->hl_open = strdup(opts->hl_open ? opts->hl_open : "<b>");
    r->hl_close = strdup(opts->hl_close ? opts->hl_close : "</b>");
    if (!r->hl_open || !r->hl_close || keep_terms(r, p) != TRACUU_OK) {
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
        goto done;
    }
    store_search_opts so = STORE_SEARCH_OPTS_INIT;
    so.offset = opts->offset;
    so.limit = opts->limit ? opts->limit : DEFAULT_LIMIT;
    if (so.limit > MAX_LIMIT)
        so.limit = MAX_LIMIT;
    so.collapse_slot = opts->docs ? SLOT_DOCKEY : -1;
    so.check_at_least = 100;
    st = store_search(&r->mset, ix->db, filtered, &so, &err);
    if (st != TRACUU_OK) {
        index_fail_store(ix, &err);
        goto done;
    }
    *out = r;
    r = NULL;
done:
    tracuu_results_free(r);
    query_parsed_free(p);
    store_query_free(q);
    store_query_free(kind);
    store_query_free(filtered);
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
