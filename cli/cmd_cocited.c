/*
 * cmd_cocited.c - `tracuu cocited ID [--limit N]`: the documents most often cited in the
 * same reports as ID.
 */
#include "cli.h"

static void
text_cocited(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    json_t *list = json_object_get(o, "cocited"), *c;
    size_t i;
    printf(_("%s is cited by %lld documents; cited with it:\n"),
           json_string_value(json_object_get(o, "id")),
           (long long)json_integer_value(json_object_get(o, "documents")));
    json_array_foreach(list, i, c) {
        const char *title = json_string_value(json_object_get(c, "title"));
        printf("%4lld  %-22s %s\n", (long long)json_integer_value(json_object_get(c, "documents")),
               json_string_value(json_object_get(c, "id")), title ? title : "");
    }
}

int
cmd_cocited(cli_ctx *ctx, int argc, char **argv)
{
    const char *id = NULL;
    unsigned long long limit = 20;
    for (int i = 1; i < argc; i++) {
        int r = cli_opt_uint(ctx, argc, argv, &i, "--limit", &limit);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (id)
            return cli_fail(ctx, EXIT_USAGE, _("cocited: one ID only"));
        id = argv[i];
    }
    if (!id)
        return cli_fail(ctx, EXIT_USAGE, _("cocited: give a document number, e.g. 217-QĐ/TW"));
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    if (rc != 0)
        return rc;
    char *js = NULL;
    tracuu_status st = tracuu_cocited_list(&js, ix, id, (unsigned)limit);
    rc = cli_emit_answer(ctx, ix, st, js, text_cocited);
    cli_close_index(ctx, ix);
    return rc;
}
