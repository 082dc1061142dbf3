/*
 * cmd_status.c - `tracuu status`: where the index is and what it holds.
 */
#include "cli.h"

static void
text_status(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    printf("index:     %s\n", json_string_value(json_object_get(o, "index")));
    printf("documents: %lld\n", (long long)json_integer_value(json_object_get(o, "documents")));
    printf("passages:  %lld\n", (long long)json_integer_value(json_object_get(o, "passages")));
    printf("terms:     %lld\n", (long long)json_integer_value(json_object_get(o, "terms")));
    printf("shards:    %lld\n", (long long)json_integer_value(json_object_get(o, "shards")));
    printf("schema:    %lld\n", (long long)json_integer_value(json_object_get(o, "schema")));
}

int
cmd_status(cli_ctx *ctx, int argc, char **argv)
{
    if (argc > 1)
        return cli_fail(ctx, EXIT_USAGE, "status: unexpected argument '%s'", argv[1]);
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    if (rc != 0)
        return rc;
    tracuu_index_info info;
    tracuu_status st = tracuu_index_info_get(&info, ix);
    if (st != TRACUU_OK) {
        rc = cli_fail_status(ctx, st, tracuu_index_errmsg(ix));
        tracuu_index_close(ix);
        return rc;
    }
    json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:i, s:i}", "index", tracuu_index_path(ix),
                          "documents", (json_int_t)info.documents, "passages",
                          (json_int_t)info.passages, "terms", (json_int_t)info.terms, "shards",
                          (int)info.shards, "schema", (int)info.schema);
    tracuu_index_close(ix);
    return cli_emit(ctx, o, text_status);
}
