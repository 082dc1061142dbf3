/*
 * cmd_status.c - `tracuu status [--errors]`: where the index is, what it holds, its roots,
 * revision and last run, its size on disk, and (with --errors) the files it could not index.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
text_status(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    cli_print_label(_("index:"));
    printf("%s\n", json_string_value(json_object_get(o, "index")));
    cli_print_label(_("documents:"));
    printf("%lld\n", (long long)json_integer_value(json_object_get(o, "documents")));
    cli_print_label(_("passages:"));
    printf("%lld\n", (long long)json_integer_value(json_object_get(o, "passages")));
    cli_print_label(_("terms:"));
    printf("%lld\n", (long long)json_integer_value(json_object_get(o, "terms")));
    cli_print_label(_("shards:"));
    printf("%lld\n", (long long)json_integer_value(json_object_get(o, "shards")));
    cli_print_label(_("schema:"));
    printf("%lld\n", (long long)json_integer_value(json_object_get(o, "schema")));
    cli_print_label(_("size:"));
    printf(_("%.2f MB\n"),
           (double)json_integer_value(json_object_get(o, "bytes_on_disk")) / 1e6);
    cli_print_label(_("revision:"));
    printf("%lld\n", (long long)json_integer_value(json_object_get(o, "revision")));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(o, "roots"), i, v) {
        cli_print_label(_("root:"));
        printf("%s\n", json_string_value(v));
    }
    json_t *last = json_object_get(o, "last_run");
    if (json_is_object(last))
        printf(_("last run:  %lld scanned, %lld added, %lld updated, %lld renamed, %lld removed, "
               "%lld unchanged, %lld failed in %.2f s\n"),
               (long long)json_integer_value(json_object_get(last, "scanned")),
               (long long)json_integer_value(json_object_get(last, "added")),
               (long long)json_integer_value(json_object_get(last, "updated")),
               (long long)json_integer_value(json_object_get(last, "renamed")),
               (long long)json_integer_value(json_object_get(last, "removed")),
               (long long)json_integer_value(json_object_get(last, "unchanged")),
               (long long)json_integer_value(json_object_get(last, "failed")),
               json_real_value(json_object_get(last, "seconds")));
    cli_print_label(_("failed:"));
    printf(_("%lld files\n"),
           (long long)json_integer_value(json_object_get(o, "failed_count")));
    json_array_foreach(json_object_get(o, "failed"), i, v)
        printf("  %s: %s\n", json_string_value(json_object_get(v, "status")),
               json_string_value(json_object_get(v, "message")));
}

int
cmd_status(cli_ctx *ctx, int argc, char **argv)
{
    int errors = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--errors") == 0)
            errors = 1;
        else
            return cli_fail(ctx, EXIT_USAGE, _("status: unexpected argument '%s'"), argv[i]);
    }
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    if (rc != 0)
        return rc;
    json_t *o = NULL;
    tracuu_status st = cli_status_answer(&o, ix, errors);
    if (st != TRACUU_OK) {
        rc = cli_fail_status(ctx, st, tracuu_index_errmsg(ix));
        cli_close_index(ctx, ix);
        return rc;
    }
    rc = cli_emit(ctx, o, text_status);
    cli_close_index(ctx, ix);
    return rc;
}
