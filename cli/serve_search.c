/*
 * serve_search.c - the Tìm kiếm page (/ and /tim-kiem?q=...): one search box, passages with
 * the matched words in <mark>, facets as filter links with counts, paging, and a page that
 * says why nothing was found and offers the query without tone marks.
 *
 * Snippets are asked of the library with private markers (SERVE_HL_OPEN/CLOSE), escaped,
 * and only then turned into <mark> (sb_mark): the highlight never lets text through raw.
 */
#include <stdlib.h>
#include <string.h>

#include "serve.h"

#define PAGE_SIZE 10u
#define FACET_ROWS 12u

/* The arguments a search page carries from link to link. */
static const char *const carried[] = {"q",     "commune", "district", "province", "kind",
                                      "section", "cites", "since",    "until",    "docs"};

/* A link to the search page with the current arguments, `set` ones replaced ("" removes),
 * and offset. */
static void
search_url(serve_req *r, const char *const set[][2], size_t nset, unsigned offset)
{
    serve_url u;
    url_start(&u, r, "/tim-kiem");
    for (size_t i = 0; i < sizeof carried / sizeof *carried; i++) {
        const char *v = serve_arg(r, carried[i]);
        for (size_t k = 0; k < nset; k++)
            if (!strcmp(set[k][0], carried[i]))
                v = set[k][1];
        url_arg(&u, carried[i], v);
    }
    if (offset) {
        char n[16];
        snprintf(n, sizeof n, "%u", offset);
        url_arg(&u, "offset", n);
    }
    url_end(&u);
}

static void
search_form(serve_req *r, const char *q)
{
    sbuf *b = &r->body;
    sb_printf(b, "<form class=\"search\" method=\"get\" action=\"%s/tim-kiem\" role=\"search\">\n"
                 "<input type=\"search\" name=\"q\" value=\"",
              r->conf->base);
    sb_html(b, q);
    sb_puts(b, "\" placeholder=\"");
    sb_html(b, r->t->query_ph);
    sb_puts(b, "\" aria-label=\"");
    sb_html(b, r->t->search);
    sb_puts(b, "\" autofocus>\n");
    for (size_t i = 1; i < sizeof carried / sizeof *carried; i++) {
        const char *v = serve_arg(r, carried[i]);
        if (!v)
            continue;
        sb_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", carried[i]);
        sb_html(b, v);
        sb_puts(b, "\">\n");
    }
    if (r->en)
        sb_puts(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">\n");
    sb_puts(b, "<button type=\"submit\">");
    sb_html(b, r->t->button);
    sb_puts(b, "</button>\n</form>\n");
}

/* The filters in force, each a chip that removes it. */
static void
active_filters(serve_req *r)
{
    const serve_text *t = r->t;
    const char *labels[] = {NULL,    t->commune, t->district, t->province, t->kind,
                            t->section, t->cited, t->since,   t->until,     "docs"};
    int any = 0;
    for (size_t i = 1; i < sizeof carried / sizeof *carried; i++) {
        const char *v = serve_arg(r, carried[i]);
        if (!v)
            continue;
        if (!any++)
            sb_printf(&r->body, "<p class=\"filters\">%s: ", t->filters);
        const char *const set[][2] = {{carried[i], ""}};
        sb_puts(&r->body, "<a class=\"chip\" title=\"");
        sb_html(&r->body, t->remove);
        sb_puts(&r->body, "\" href=\"");
        search_url(r, set, 1, 0);
        sb_puts(&r->body, "\">");
        sb_html(&r->body, labels[i]);
        sb_puts(&r->body, ": ");
        sb_html(&r->body, !strcmp(carried[i], "kind") ? label_kind(t, v)
                          : !strcmp(carried[i], "section") ? label_section(t, v)
                                                           : v);
        sb_puts(&r->body, " ×</a> ");
    }
    if (any)
        sb_puts(&r->body, "</p>\n");
}

typedef struct facet_row {
    const char *key;
    long long n;
} facet_row;

static int
by_count(const void *a, const void *b)
{
    const facet_row *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->key, y->key);
}

static int
by_key_desc(const void *a, const void *b)
{
    return -strcmp(((const facet_row *)a)->key, ((const facet_row *)b)->key);
}

/* One facet: its values as filter links, most frequent first (years newest first). */
static void
put_facet(serve_req *r, json_t *counts, const char *name, const char *label)
{
    size_t n = json_object_size(counts), i = 0;
    if (!n)
        return;
    facet_row *rows = calloc(n, sizeof *rows);
    if (!rows) {
        r->body.failed = 1;
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach(counts, key, v) {
        rows[i].key = key;
        rows[i].n = json_integer_value(v);
        i++;
    }
    qsort(rows, n, sizeof *rows, strcmp(name, "year") ? by_count : by_key_desc);
    sb_puts(&r->body, "<h2>");
    sb_html(&r->body, label);
    sb_puts(&r->body, "</h2>\n<ul>\n");
    for (i = 0; i < n && i < FACET_ROWS; i++) {
        const char *k = rows[i].key;
        const char *shown = !strcmp(name, "kind") ? label_kind(r->t, k) : k;
        sb_puts(&r->body, "<li>");
        if (!strcmp(k, "?")) {
            sb_puts(&r->body, "<span>?</span>");
        } else {
            sb_puts(&r->body, "<a href=\"");
            if (!strcmp(name, "year")) {
                const char *const set[][2] = {{"since", k}, {"until", k}};
                search_url(r, set, 2, 0);
            } else {
                const char *const set[][2] = {{name, k}};
                search_url(r, set, 1, 0);
            }
            sb_puts(&r->body, "\">");
            sb_html(&r->body, shown);
            sb_puts(&r->body, "</a>");
        }
        sb_printf(&r->body, "<span class=\"n\">%lld</span></li>\n", rows[i].n);
    }
    sb_puts(&r->body, "</ul>\n");
    free(rows);
}

/* Relaxed: the words the passage lacks; and the documents whose same passage was folded
 * into it ("and N similar", each a link). */
static void
put_missing_similar(serve_req *r, json_t *h)
{
    sbuf *b = &r->body;
    size_t i;
    json_t *v;
    json_t *miss = json_object_get(h, "missing");
    if (json_array_size(miss)) {
        sb_puts(b, "<div class=\"meta\">");
        sb_html(b, r->t->missing);
        json_array_foreach(miss, i, v) {
            sb_puts(b, i ? ", <s>" : " <s>");
            sb_html(b, json_string_value(v));
            sb_puts(b, "</s>");
        }
        sb_puts(b, "</div>\n");
    }
    json_t *sim = json_object_get(h, "similar");
    if (!json_array_size(sim))
        return;
    sb_puts(b, "<details class=\"meta\"><summary>");
    sb_html(b, r->t->and_word);
    sb_printf(b, " %zu ", json_array_size(sim));
    sb_html(b, r->t->and_similar);
    sb_puts(b, "</summary>");
    json_array_foreach(sim, i, v) {
        const char *path = json_string_value(v);
        const char *base = strrchr(path, '/');
        sb_puts(b, "<div>");
        put_link(r, "/van-ban", "doc", path, base ? base + 1 : path);
        sb_puts(b, "</div>");
    }
    sb_puts(b, "</details>\n");
}

static void
put_result(serve_req *r, json_t *h)
{
    sbuf *b = &r->body;
    const serve_text *t = r->t;
    const char *path = json_string_value(json_object_get(h, "path"));
    const char *title = json_string_value(json_object_get(h, "title"));
    long long passage = json_integer_value(json_object_get(h, "passage"));
    serve_url u;
    sb_puts(b, "<li>\n<div class=\"title\"><a href=\"");
    url_start(&u, r, "/van-ban");
    url_arg(&u, "doc", path);
    url_end(&u);
    sb_printf(b, "#p%lld\">", passage);
    sb_html(b, title ? title : t->no_title);
    sb_puts(b, "</a></div>\n<div class=\"meta\">");
    static const char *const keys[] = {"commune", "district", "date", "kind", "section"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *v = json_string_value(json_object_get(h, keys[i]));
        if (!v || (i == 4 && !strcmp(v, "other")))
            continue;
        sb_puts(b, "<span>");
        sb_html(b, i == 3 ? label_kind(t, v) : i == 4 ? label_section(t, v) : v);
        sb_puts(b, "</span>");
    }
    json_int_t page = json_integer_value(json_object_get(h, "page"));
    const char *heading = json_string_value(json_object_get(h, "heading"));
    if (page)
        sb_printf(b, "<span>%s %lld</span>", t->page, (long long)page);
    if (heading) {
        sb_printf(b, "<span>%s ", t->under);
        sb_html(b, heading);
        sb_puts(b, "</span>");
    }
    sb_printf(b, "<span>%s %lld</span></div>\n<p class=\"snippet\">", t->passage, passage);
    sb_mark(b, json_string_value(json_object_get(h, "snippet")));
    sb_puts(b, "</p>\n");
    put_missing_similar(r, h);
    sb_puts(b, "<div class=\"cites\">");
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(h, "cites"), i, c) {
        put_link(r, "/trich-dan", "id", json_string_value(c), json_string_value(c));
        sb_puts(b, " ");
    }
    char ref[32];
    snprintf(ref, sizeof ref, "#%lld", passage);
    sb_puts(b, "<a class=\"similar\" href=\"");
    url_start(&u, r, "/tuong-tu");
    /* ref = PATH#N: the path's own bytes, then the passage */
    size_t n = strlen(path ? path : "") + sizeof ref;
    char *refarg = malloc(n);
    if (refarg) {
        snprintf(refarg, n, "%s%s", path ? path : "", ref);
        url_arg(&u, "ref", refarg);
        free(refarg);
    }
    url_end(&u);
    sb_puts(b, "\">");
    sb_html(b, t->similar_link);
    sb_puts(b, "</a></div>\n</li>\n");
}

/* The query without tone marks (folded syllables), owned, or NULL when it has none. */
static char *
unmarked(const char *q)
{
    char *norm = NULL, *out = NULL;
    size_t nlen = 0;
    tracuu_tokens *toks = NULL;
    if (tracuu_text_normalize(&norm, &nlen, q, strlen(q)) != TRACUU_OK ||
        tracuu_tokens_new(&toks, norm, nlen) != TRACUU_OK)
        goto done;
    size_t n = tracuu_tokens_count(toks);
    out = calloc(nlen + n + 1, 1);
    if (!out)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const tracuu_token *tk = tracuu_tokens_get(toks, i);
        if (i)
            strcat(out, " ");
        strncat(out, tk->folded, nlen);
    }
done:
    tracuu_tokens_free(toks);
    free(norm);
    if (out && (!*out || !strcmp(out, q))) {
        free(out);
        out = NULL;
    }
    return out;
}

static void
no_results(serve_req *r, const char *q)
{
    sbuf *b = &r->body;
    sb_puts(b, "<div class=\"empty\">\n<h2>");
    sb_html(b, r->t->none);
    sb_puts(b, "</h2>\n<p>");
    sb_html(b, r->t->none_why);
    sb_puts(b, " «");
    sb_html(b, q ? q : "");
    sb_puts(b, "».");
    int filtered = 0;
    for (size_t i = 1; i < sizeof carried / sizeof *carried; i++)
        filtered |= serve_arg(r, carried[i]) != NULL;
    if (filtered) {
        sb_puts(b, " ");
        sb_html(b, r->t->none_filters);
        sb_puts(b, ".");
    }
    sb_puts(b, "</p>\n");
    char *plain = q ? unmarked(q) : NULL;
    if (plain) {
        const char *const set[][2] = {{"q", plain}};
        sb_puts(b, "<p>");
        sb_html(b, r->t->try_plain);
        sb_puts(b, " <a href=\"");
        search_url(r, set, 1, 0);
        sb_puts(b, "\">");
        sb_html(b, plain);
        sb_puts(b, "</a></p>\n");
        free(plain);
    }
    sb_puts(b, "</div>\n");
}

void
page_search(serve_req *r)
{
    const serve_text *t = r->t;
    const char *q = serve_arg(r, "q");
    char *query = NULL;
    json_t *ans = NULL;
    long offset = serve_uint_arg(r, "offset", 0, SERVE_MAX_OFFSET);
    if (offset < 0)
        return;
    query = serve_search_query(r);
    if (!query)
        return;
    page_begin(r, q ? q : t->search, "/tim-kiem");
    sb_puts(&r->body, "<h1>");
    sb_html(&r->body, t->search);
    sb_puts(&r->body, "</h1>\n");
    search_form(r, q);
    active_filters(r);
    if (!*query)
        goto end;
    if (serve_open(r) != 0)
        goto done;
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.limit = PAGE_SIZE;
    o.offset = (unsigned)offset;
    o.hl_open = SERVE_HL_OPEN;
    o.hl_close = SERVE_HL_CLOSE;
    const char *docs = serve_arg(r, "docs");
    o.docs = docs && strcmp(docs, "0");
    tracuu_status st = cli_search_answer(&ans, r->ix, query, &o, 1);
    if (st == TRACUU_EINVAL && !q) {
        /* filters alone (a facet link after q was removed): nothing to search for */
        goto end;
    }
    if (st != TRACUU_OK) {
        serve_fail(r, st, tracuu_index_errmsg(r->ix));
        goto done;
    }
    json_t *results = json_object_get(ans, "results");
    unsigned long long total = (unsigned long long)json_integer_value(json_object_get(ans, "total"));
    if (!json_array_size(results)) {
        no_results(r, q);
        goto end;
    }
    sb_puts(&r->body, "<p class=\"count\">");
    sb_printf(&r->body, "%llu ", total);
    sb_html(&r->body, t->results);
    if (json_is_true(json_object_get(ans, "relaxed"))) {
        sb_puts(&r->body, " · ");
        sb_html(&r->body, t->relaxed);
    }
    sb_puts(&r->body, "</p>\n<div class=\"layout\">\n<section>\n<ol class=\"results\">\n");
    size_t i;
    json_t *h;
    json_array_foreach(results, i, h)
        put_result(r, h);
    sb_puts(&r->body, "</ol>\n<div class=\"pager\">");
    const char *const none[][2] = {{"", ""}};
    if (offset > 0) {
        sb_puts(&r->body, "<a rel=\"prev\" href=\"");
        search_url(r, none, 0, offset > (long)PAGE_SIZE ? (unsigned)offset - PAGE_SIZE : 0);
        sb_puts(&r->body, "\">");
        sb_html(&r->body, t->prev);
        sb_puts(&r->body, "</a>");
    } else {
        sb_puts(&r->body, "<span></span>");
    }
    if ((unsigned long long)offset + PAGE_SIZE < total && offset + PAGE_SIZE <= SERVE_MAX_OFFSET) {
        sb_puts(&r->body, "<a rel=\"next\" href=\"");
        search_url(r, none, 0, (unsigned)offset + PAGE_SIZE);
        sb_puts(&r->body, "\">");
        sb_html(&r->body, t->next);
        sb_puts(&r->body, "</a>");
    }
    sb_puts(&r->body, "</div>\n</section>\n<aside>\n");
    json_t *f = json_object_get(ans, "facets");
    put_facet(r, json_object_get(f, "commune"), "commune", t->commune);
    put_facet(r, json_object_get(f, "district"), "district", t->district);
    put_facet(r, json_object_get(f, "year"), "year", t->year);
    put_facet(r, json_object_get(f, "kind"), "kind", t->kind);
    put_facet(r, json_object_get(f, "cites"), "cites", t->cited);
    sb_puts(&r->body, "</aside>\n</div>\n");
end:
    page_end(r);
done:
    json_decref(ans);
    free(query);
}
