/*
 * cmd_similar.c - `tracuu similar DOC#N[.K] | --text TEXT`: the findings of other communes
 * most like a passage, a finding or a text, the best one per commune (--include-same: the
 * source's commune too, the best one per document).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
text_similar(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    json_t *res = json_object_get(o, "results"), *r;
    size_t i;
    if (!json_array_size(res)) {
        printf(_("no similar finding in other communes\n"));
        return;
    }
    json_array_foreach(res, i, r) {
        const char *commune = json_string_value(json_object_get(r, "commune"));
        char dd[11];
        const char *date = cli_display_date(json_string_value(json_object_get(r, "date")), dd);
        printf("%zu. %.2f  %s%s%s  %s#%lld", i + 1, json_real_value(json_object_get(r, "score")),
               commune ? commune : "?", date ? ", " : "", date ? date : "",
               json_string_value(json_object_get(r, "path")),
               (long long)json_integer_value(json_object_get(r, "passage")));
        if (json_integer_value(json_object_get(r, "finding")))
            printf(".%lld", (long long)json_integer_value(json_object_get(r, "finding")));
        printf("\n   %s\n", json_string_value(json_object_get(r, "text")));
    }
}

int
cmd_similar(cli_ctx *ctx, int argc, char **argv)
{
    const char *ref = NULL, *text = NULL;
    unsigned long long limit = 10;
    unsigned flags = 0;
    char *filter = cli_query_alloc(argc, argv);
    if (!filter)
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--include-same")) {
            flags |= TRACUU_SIMILAR_INCLUDE_SAME;
            continue;
        }
        int r = cli_opt_uint(ctx, argc, argv, &i, "--limit", &limit);
        if (r == 0)
            r = cli_opt_value(ctx, argc, argv, &i, "--text", &text);
        if (r == 0)
            r = cli_filter_opt(ctx, argc, argv, &i, filter);
        if (r < 0) {
            free(filter);
            return EXIT_USAGE;
        }
        if (r > 0)
            continue;
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            free(filter);
            return cli_fail(ctx, EXIT_USAGE, _("similar: unknown option '%s'"), argv[i]);
        }
        if (ref) {
            free(filter);
            return cli_fail(ctx, EXIT_USAGE, _("similar: one DOC#N only"));
        }
        ref = argv[i];
    }
    if (!ref == !text || limit == 0 || limit > 1000) {
        free(filter);
        return cli_fail(ctx, EXIT_USAGE,
                        limit == 0 || limit > 1000
                            ? _("similar: --limit takes 1 to 1000")
                            : _("similar: give a passage or finding (DOC#N or DOC#N.K) or --text TEXT"));
    }
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    if (rc == 0) {
        char *js = NULL;
        tracuu_status st = tracuu_similar_find(&js, ix, ref, text, filter, (unsigned)limit,
                                                flags);
        rc = cli_emit_answer(ctx, ix, st, js, text_similar);
        cli_close_index(ctx, ix);
    }
    free(filter);
    return rc;
}
