/*
 * cmd_changes.c - `tracuu changes --since REV`: what was added, updated or removed after
 * revision REV (each indexing run that changes anything takes the next revision).
 */
#include "cli.h"

static void
text_changes(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    json_t *c;
    size_t i;
    printf(_("# revision %lld; changes after %lld\n"),
           (long long)json_integer_value(json_object_get(o, "revision")),
           (long long)json_integer_value(json_object_get(o, "since")));
    json_array_foreach(json_object_get(o, "changes"), i, c)
        printf("%lld\t%s\t%s\n", (long long)json_integer_value(json_object_get(c, "revision")),
               json_string_value(json_object_get(c, "change")),
               json_string_value(json_object_get(c, "path")));
}

int
cmd_changes(cli_ctx *ctx, int argc, char **argv)
{
    unsigned long long since = 0;
    int have = 0;
    for (int i = 1; i < argc; i++) {
        int r = cli_opt_uint(ctx, argc, argv, &i, "--since", &since);
        if (r < 0)
            return EXIT_USAGE;
        if (r == 0)
            return cli_fail(ctx, EXIT_USAGE, _("changes: unexpected argument '%s'"), argv[i]);
        have = 1;
    }
    if (!have)
        return cli_fail(ctx, EXIT_USAGE, _("changes: give --since REV (0 for everything)"));
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    if (rc != 0)
        return rc;
    char *js = NULL;
    tracuu_status st = tracuu_changes_list(&js, ix, since);
    rc = cli_emit_answer(ctx, ix, st, js, text_changes);
    cli_close_index(ctx, ix);
    return rc;
}
