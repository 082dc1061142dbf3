/*
 * cmd_search.c - `tracuu search QUERY...`: the best passages, matched words highlighted.
 *
 * JSON: {"query", "total" (matching documents), "exact" (whether total is exact), "results": [{"path", "passage", "title", "date", "commune",
 * "district", "province", "kind", "section", "score", "text", "snippet", "cites", "start",
 * "end", "highlights", "encoding", "doc_matches", "near_duplicates", "page", "heading",
 * "similar_count", "similar" (documents whose same passage was folded into this one),
 * "missing" (relaxed: the query words it lacks)}], "relaxed" (no passage had every word)};
 * "page" (PDF) and "heading" (DOCX, ODT, HTML, PDF) are null when the format has none.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
        printf(_("no document matches \"%s\"\n"), json_string_value(json_object_get(o, "query")));
        return;
    }
    printf(_("%s%lld matching documents for \"%s\"%s\n\n"),
           json_is_true(json_object_get(o, "exact")) ? "" : _("about "),
           (long long)json_integer_value(json_object_get(o, "total")),
           json_string_value(json_object_get(o, "query")),
           json_is_true(json_object_get(o, "docs")) ? _(" (the best passage of each)") : "");
    if (json_is_true(json_object_get(o, "relaxed")))
        printf("%s\n\n", json_array_size(json_object_get(json_array_get(res, 0), "missing"))
                               ? _("no passage has every word; passages with most of them:")
                               : _("few passages have every word; passages with most of them:"));
    json_array_foreach(res, i, r) {
        const char *title = json_string_value(json_object_get(r, "title"));
        printf(_("%zu. %s #%lld  (score %.2f)\n"), i + 1 + (size_t)json_integer_value(json_object_get(o, "offset")),
               json_string_value(json_object_get(r, "path")),
               (long long)json_integer_value(json_object_get(r, "passage")),
               json_real_value(json_object_get(r, "score")));
        if (title)
            printf("   %s\n", title);
        const char *commune = json_string_value(json_object_get(r, "commune"));
        char dd[11];
        const char *date = cli_display_date(json_string_value(json_object_get(r, "date")), dd);
        const char *section = json_string_value(json_object_get(r, "section"));
        /* a date the document does not give is unknown, and said so */
        printf("   [%s%s%s%s%s]\n", commune ? commune : "", commune ? ", " : "",
               date ? date : _("date unknown"), section && strcmp(section, "other") ? "; " : "",
               section && strcmp(section, "other") ? cli_display_name(section) : "");
        cli_print_place(r);
        json_t *dups = json_object_get(r, "near_duplicates");
        for (size_t k = 0; k < json_array_size(dups); k++)
            printf(_("   near-duplicate of %s\n"), json_string_value(json_array_get(dups, k)));
        json_t *miss = json_object_get(r, "missing");
        for (size_t k = 0; k < json_array_size(miss); k++)
            printf("%s%s%s", k ? ", " : _("   missing: "), json_string_value(json_array_get(miss, k)),
                   k + 1 == json_array_size(miss) ? "\n" : "");
        const char *snip = json_string_value(json_object_get(r, "snippet"));
        printf("   %s\n", snip ? snip : "");
        json_int_t nsim = json_integer_value(json_object_get(r, "similar_count"));
        if (nsim)
            printf(_("   and %lld similar\n"), (long long)nsim);
        json_t *sim = json_object_get(r, "similar");
        for (size_t k = 0; k < json_array_size(sim); k++)
            printf("     %s\n", json_string_value(json_array_get(sim, k)));
        printf("\n");
    }
    json_t *f = json_object_get(o, "facets");
    static const char *const names[][2] = {{"commune", N_("communes:")},
                                           {"district", N_("districts:")},
                                           {"year", N_("years:")},
                                           {"kind", N_("kinds:")},
                                           {"cites", N_("cited:")}};
    /* largest first, as the library counts them (tracuu_results_facets) */
    for (size_t k = 0; f && k < sizeof names / sizeof *names; k++) {
        const char *key;
        json_t *v;
        printf("%s", _(names[k][1]));
        json_object_foreach(json_object_get(f, names[k][0]), key, v)
            printf("  %s (%lld)", k == 3 ? cli_display_name(key) : key,
                   (long long)json_integer_value(v));
        printf("\n");
    }
    (void)ctx;
}

int
cmd_search(cli_ctx *ctx, int argc, char **argv)
{
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    if (ctx->default_limit) /* `limit =` of tracuu.conf */
        o.limit = ctx->default_limit;
    int facets = 0, count_only = 0;
    char *query = cli_query_alloc(argc, argv);
    if (!query)
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
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
            if (r < 0 || u == 0 || u > TRACUU_SEARCH_LIMIT_MAX) {
                free(query);
                return r < 0 ? EXIT_USAGE
                             : cli_fail(ctx, EXIT_USAGE, _("--limit takes 1 to 10000"));
            }
            o.limit = (unsigned)u;
            continue;
        }
        if (!words_only && strcmp(argv[i], "--facets") == 0) {
            facets = 1;
            continue;
        }
        if (!words_only && strcmp(argv[i], "--count") == 0) {
            count_only = 1;
            o.exact_total = 1;
            o.limit = 1;
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
            return cli_fail(ctx, EXIT_USAGE, _("search: unknown option '%s'"), argv[i]);
        }
        if (*query)
            strcat(query, " ");
        strcat(query, argv[i]);
    }
    if (!*query) {
        free(query);
        return cli_fail_code(ctx, EXIT_USAGE, "bad_query", NULL, _("search: empty query"));
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
    json_t *out = NULL;
    tracuu_status st = cli_search_answer(&out, ix, query, &o, facets);
    if (st != TRACUU_OK) {
        /* a query the library cannot read is the user's query: "bad_query", exit 2 */
        if (st == TRACUU_EINVAL || st == TRACUU_EBADQUERY)
            rc = cli_fail_code(ctx, EXIT_USAGE, "bad_query", tracuu_status_str(st), "%s",
                               tracuu_index_errmsg(ix));
        else
            rc = cli_fail_status(ctx, st, tracuu_index_errmsg(ix));
        goto done;
    }
    if (count_only) { /* the exact number of matching documents, and nothing else */
        json_object_del(out, "results");
        json_object_del(out, "offset");
        json_object_del(out, "docs");
    }
    rc = cli_emit(ctx, out, count_only ? text_count : text_results);
done:
    cli_close_index(ctx, ix);
    free(query);
    return rc;
}
