/*
 * cmd_search.c - `tracuu search QUERY...`: the best passages, matched words highlighted.
 *
 * JSON: {"query", "total" (matching documents), "exact" (whether total is exact), "results": [{"path", "passage", "title", "date", "commune",
 * "district", "province", "kind", "section", "score", "text", "snippet", "cites", "start",
 * "end", "highlights", "encoding", "doc_matches", "near_duplicates", "page", "heading"}]};
 * "page" (PDF) and "heading" (DOCX, ODT, HTML, PDF) are null when the format has none.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static json_t *
nullable(const char *s)
{
    return s ? json_string(s) : json_null();
}

static void
text_count(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    printf("%lld\n", (long long)json_integer_value(json_object_get(o, "total")));
}

static void
text_results(cli_ctx *ctx, json_t *o)
{
    json_t *res = json_object_get(o, "results");
    size_t i;
    json_t *r;
    if (json_array_size(res) == 0) {
        printf("no document matches \"%s\"\n", json_string_value(json_object_get(o, "query")));
        return;
    }
    printf("%s%lld matching documents for \"%s\"%s\n\n",
           json_is_true(json_object_get(o, "exact")) ? "" : "about ",
           (long long)json_integer_value(json_object_get(o, "total")),
           json_string_value(json_object_get(o, "query")),
           json_is_true(json_object_get(o, "docs")) ? " (the best passage of each)" : "");
    json_array_foreach(res, i, r) {
        const char *title = json_string_value(json_object_get(r, "title"));
        printf("%zu. %s #%lld  (score %.2f)\n", i + 1 + (size_t)json_integer_value(json_object_get(o, "offset")),
               json_string_value(json_object_get(r, "path")),
               (long long)json_integer_value(json_object_get(r, "passage")),
               json_real_value(json_object_get(r, "score")));
        if (title)
            printf("   %s\n", title);
        const char *commune = json_string_value(json_object_get(r, "commune"));
        const char *date = json_string_value(json_object_get(r, "date"));
        const char *section = json_string_value(json_object_get(r, "section"));
        if (commune || date || (section && strcmp(section, "other")))
            printf("   [%s%s%s%s%s]\n", commune ? commune : "", commune && date ? ", " : "",
                   date ? date : "", section && strcmp(section, "other") ? "; " : "",
                   section && strcmp(section, "other") ? section : "");
        cli_print_place(r);
        json_t *dups = json_object_get(r, "near_duplicates");
        for (size_t k = 0; k < json_array_size(dups); k++)
            printf("   near-duplicate of %s\n", json_string_value(json_array_get(dups, k)));
        const char *snip = json_string_value(json_object_get(r, "snippet"));
        printf("   %s\n\n", snip ? snip : "");
    }
    json_t *f = json_object_get(o, "facets");
    static const char *const names[] = {"commune", "year", "kind", "cites"};
    for (size_t k = 0; f && k < 4; k++) {
        const char *key;
        json_t *v;
        printf("%s:", names[k]);
        json_object_foreach(json_object_get(f, names[k]), key, v)
            printf("  %s (%lld)", key, (long long)json_integer_value(v));
        printf("\n");
    }
    (void)ctx;
}

int
cmd_search(cli_ctx *ctx, int argc, char **argv)
{
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    int count_only = 0;
    char *query = cli_query_alloc(argc, argv);
    if (!query)
        return cli_fail(ctx, EXIT_INTERNAL, "out of memory");
    int words_only = 0;
    for (int i = 1; i < argc; i++) {
        unsigned long long u;
        int r = 0;
        if (!words_only && strcmp(argv[i], "--") == 0) {
            words_only = 1;
            continue;
        }
        if (!words_only && strcmp(argv[i], "--docs") == 0) {
            o.docs = 1;
            continue;
        }
        if (!words_only && (r = cli_opt_uint(ctx, argc, argv, &i, "--limit", &u)) != 0) {
            if (r < 0 || u == 0 || u > 10000) {
                free(query);
                return r < 0 ? EXIT_USAGE
                             : cli_fail(ctx, EXIT_USAGE, "--limit takes 1 to 10000");
            }
            o.limit = (unsigned)u;
            continue;
        }
        if (!words_only && strcmp(argv[i], "--facets") == 0) {
            o.facets = 1;
            continue;
        }
        if (!words_only && strcmp(argv[i], "--count") == 0) {
            count_only = 1;
            o.exact_total = 1;
            continue;
        }
        if (!words_only && (r = cli_filter_opt(ctx, argc, argv, &i, query)) != 0) {
            if (r < 0) {
                free(query);
                return EXIT_USAGE;
            }
            continue;
        }
        if (!words_only && (r = cli_opt_uint(ctx, argc, argv, &i, "--offset", &u)) != 0) {
            if (r < 0) {
                free(query);
                return EXIT_USAGE;
            }
            o.offset = (unsigned)u;
            continue;
        }
        if (!words_only && argv[i][0] == '-' && argv[i][1] == '-') {
            free(query);
            return cli_fail(ctx, EXIT_USAGE, "search: unknown option '%s'", argv[i]);
        }
        if (*query)
            strcat(query, " ");
        strcat(query, argv[i]);
    }
    if (!*query) {
        free(query);
        return cli_fail(ctx, EXIT_USAGE, "search: empty query");
    }
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    if (rc != 0) {
        free(query);
        return rc;
    }
    /* JSON snippets use <b>...</b> (exact spans are in "highlights"); the terminal gets
     * colour, or [brackets] when it is not a terminal. */
    if (!ctx->json) {
        o.hl_open = cli_hl_open(ctx);
        o.hl_close = cli_hl_close(ctx);
    }
    tracuu_results *res = NULL;
    tracuu_status st = tracuu_search(&res, ix, query, &o);
    if (st != TRACUU_OK) {
        rc = cli_fail_status(ctx, st, tracuu_index_errmsg(ix));
        goto done;
    }
    json_t *out = json_object();
    json_t *arr = json_array();
    json_object_set_new(out, "query", json_string(query));
    json_object_set_new(out, "total", json_integer((json_int_t)tracuu_results_total(res)));
    json_object_set_new(out, "exact", json_boolean(o.exact_total || o.facets ||
                                                   tracuu_results_total(res) <= 100));
    if (count_only) { /* the exact number of matching documents, and nothing else */
        json_decref(arr);
        rc = cli_emit(ctx, out, text_count);
        goto done;
    }
    json_object_set_new(out, "offset", json_integer(o.offset));
    json_object_set_new(out, "docs", json_boolean(o.docs));
    json_object_set_new(out, "results", arr);
    const tracuu_hit *h;
    while ((st = tracuu_results_next(&h, res)) == TRACUU_OK) {
        json_t *r = json_object();
        json_t *hl = json_array(), *cites = json_array();
        for (size_t k = 0; k < h->nhighlights; k++)
            json_array_append_new(hl, json_pack("[I,I]", (json_int_t)h->highlights[k].start,
                                                (json_int_t)h->highlights[k].end));
        for (size_t k = 0; h->cites && h->cites[k]; k++)
            json_array_append_new(cites, json_string(h->cites[k]));
        json_object_set_new(r, "path", json_string(h->path));
        json_object_set_new(r, "passage", json_integer(h->passage));
        json_object_set_new(r, "title", nullable(h->title));
        json_object_set_new(r, "date", nullable(h->date));
        json_object_set_new(r, "commune", nullable(h->commune));
        json_object_set_new(r, "kind", nullable(h->kind));
        json_object_set_new(r, "district", nullable(h->district));
        json_object_set_new(r, "province", nullable(h->province));
        json_object_set_new(r, "section", nullable(h->section));
        json_t *dups = json_array();
        for (size_t k = 0; h->near_duplicates && h->near_duplicates[k]; k++)
            json_array_append_new(dups, json_string(h->near_duplicates[k]));
        json_object_set_new(r, "near_duplicates", dups);
        json_object_set_new(r, "score", json_real(h->score));
        json_object_set_new(r, "text", json_string(h->text));
        json_object_set_new(r, "snippet", json_string(h->snippet));
        json_object_set_new(r, "cites", cites);
        json_object_set_new(r, "start", json_integer((json_int_t)h->start));
        json_object_set_new(r, "end", json_integer((json_int_t)h->end));
        json_object_set_new(r, "highlights", hl);
        json_object_set_new(r, "encoding", nullable(h->encoding));
        json_object_set_new(r, "doc_matches", json_integer((json_int_t)h->doc_matches));
        json_object_set_new(r, "page", h->page ? json_integer(h->page) : json_null());
        json_object_set_new(r, "heading", nullable(h->heading));
        json_array_append_new(arr, r);
    }
    if (st != TRACUU_ITEROVER) {
        json_decref(out);
        rc = cli_fail_status(ctx, st, "reading results");
        goto done;
    }
    if (o.facets)
        json_object_set_new(out, "facets", json_loads(tracuu_results_facets(res), 0, NULL));
    rc = cli_emit(ctx, out, text_results);
done:
    tracuu_results_free(res);
    cli_close_index(ctx, ix);
    free(query);
    return rc;
}
