/*
 * cmd_recurring.c - `tracuu recurring`: findings reported by several communes, grouped,
 * largest group first, limitations unless --section says otherwise.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
text_recurring(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    json_t *groups = json_object_get(o, "groups"), *g;
    size_t i;
    if (!json_array_size(groups)) {
        printf(_("no finding is reported by %lld or more communes (%lld findings read)\n"),
               (long long)json_integer_value(json_object_get(o, "min_communes")),
               (long long)json_integer_value(json_object_get(o, "findings")));
        return;
    }
    json_array_foreach(groups, i, g) {
        json_t *rep = json_object_get(g, "representative"), *c;
        size_t k;
        printf(_("%zu. %lld communes, %lld findings: %s\n   "), i + 1,
               (long long)json_integer_value(json_object_get(g, "communes_count")),
               (long long)json_integer_value(json_object_get(g, "findings_count")),
               json_string_value(json_object_get(rep, "text")));
        json_array_foreach(json_object_get(g, "communes"), k, c)
            printf("%s%s", k ? ", " : "", json_string_value(c) ? json_string_value(c) : "?");
        printf("\n");
        json_array_foreach(json_object_get(g, "findings"), k, c)
            printf("   - %s#%lld.%lld\n", json_string_value(json_object_get(c, "path")),
                   (long long)json_integer_value(json_object_get(c, "passage")),
                   (long long)json_integer_value(json_object_get(c, "finding")));
        printf("\n");
    }
}

int
cmd_recurring(cli_ctx *ctx, int argc, char **argv)
{
    unsigned long long min_communes = 3, limit = 0;
    char *filter = cli_query_alloc(argc, argv);
    if (!filter)
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    int has_section = 0;
    for (int i = 1; i < argc; i++) {
        int r = cli_opt_uint(ctx, argc, argv, &i, "--min-communes", &min_communes);
        if (r == 0)
            r = cli_opt_uint(ctx, argc, argv, &i, "--limit", &limit);
        if (r == 0) {
            has_section |= !strcmp(argv[i], "--section") || !strncmp(argv[i], "--section=", 10);
            r = cli_filter_opt(ctx, argc, argv, &i, filter);
        }
        if (r < 0) {
            free(filter);
            return EXIT_USAGE;
        }
        if (r == 0) {
            free(filter);
            return cli_fail(ctx, EXIT_USAGE, _("recurring: unknown argument '%s'"), argv[i]);
        }
    }
    if (min_communes < 2 || min_communes > 100000) {
        free(filter);
        return cli_fail(ctx, EXIT_USAGE, _("recurring: --min-communes takes 2 or more"));
    }
    char *f = cli_recurring_filter(filter, has_section);
    free(filter);
    if (!f)
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    filter = f;
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    if (rc == 0) {
        char *js = NULL;
        tracuu_status st =
            tracuu_recurring_find(&js, ix, filter, (unsigned)min_communes, (unsigned)limit);
        rc = cli_emit_answer(ctx, ix, st, js, text_recurring);
        cli_close_index(ctx, ix);
    }
    free(filter);
    return rc;
}
