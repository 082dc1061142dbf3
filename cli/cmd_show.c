/*
 * cmd_show.c - `tracuu show DOC`: what the index holds about one document, including the
 * encoding it was decoded from and the abbreviations it defines.
 */
#include "cli.h"

static void
text_show(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    const char *k;
    json_t *v;
    printf("path:      %s\n", json_string_value(json_object_get(o, "path")));
    printf("dockey:    %s\n", json_string_value(json_object_get(o, "dockey")));
    const char *title = json_string_value(json_object_get(o, "title"));
    printf("title:     %s\n", title ? title : "(none)");
    printf("encoding:  %s\n", json_string_value(json_object_get(o, "encoding")));
    printf("size:      %lld bytes\n", (long long)json_integer_value(json_object_get(o, "size")));
    printf("passages:  %lld\n", (long long)json_integer_value(json_object_get(o, "passages")));
    json_t *ab = json_object_get(o, "abbreviations");
    if (json_object_size(ab)) {
        printf("abbreviations:\n");
        json_object_foreach(ab, k, v)
            printf("  %s = %s\n", k, json_string_value(v));
    }
}

int
cmd_show(cli_ctx *ctx, int argc, char **argv)
{
    if (argc != 2)
        return cli_fail(ctx, EXIT_USAGE, "show: give one DOC (a path or a dockey)");
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    if (rc != 0)
        return rc;
    char *js = NULL;
    tracuu_status st = tracuu_document_get(&js, ix, argv[1]);
    rc = cli_emit_answer(ctx, ix, st, js, text_show);
    tracuu_index_close(ix);
    return rc;
}
