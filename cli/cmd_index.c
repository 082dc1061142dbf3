/*
 * cmd_index.c - `tracuu index PATH...`: add or update files, report failures per file on
 * stderr, end with one summary line (or one JSON object).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

typedef struct index_report {
    cli_ctx *ctx;
    json_t *errors;
} index_report;

static void
on_file(void *p, const tracuu_file_report *r)
{
    index_report *rep = p;
    if (r->action != TRACUU_FILE_FAILED)
        return;
    fprintf(stderr, "tracuu: %s\n", r->message);
    json_array_append_new(rep->errors, json_pack("{s:s, s:s, s:s}", "path", r->path, "status",
                                                 tracuu_status_str(r->status), "message",
                                                 r->message));
}

static void
text_summary(cli_ctx *ctx, json_t *o)
{
    if (ctx->quiet)
        return;
    printf("indexed %lld files: %lld added, %lld updated, %lld unchanged, %lld failed; "
           "%.2f MB in %.2f s (%.2f MB/s) into %s\n",
           (long long)json_integer_value(json_object_get(o, "scanned")),
           (long long)json_integer_value(json_object_get(o, "added")),
           (long long)json_integer_value(json_object_get(o, "updated")),
           (long long)json_integer_value(json_object_get(o, "unchanged")),
           (long long)json_integer_value(json_object_get(o, "failed")),
           (double)json_integer_value(json_object_get(o, "bytes")) / 1e6,
           json_real_value(json_object_get(o, "seconds")),
           json_real_value(json_object_get(o, "mb_per_s")),
           json_string_value(json_object_get(o, "index")));
}

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
cmd_index(cli_ctx *ctx, int argc, char **argv)
{
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    const char **paths = calloc((size_t)argc, sizeof *paths);
    size_t np = 0;
    int rc = 0;
    if (!paths)
        return cli_fail(ctx, EXIT_INTERNAL, "out of memory");
    for (int i = 1; i < argc; i++) {
        unsigned long long u;
        int r;
        if (strcmp(argv[i], "--") == 0) {
            while (++i < argc)
                paths[np++] = argv[i];
            break;
        }
        if (strcmp(argv[i], "--force") == 0) {
            o.force = 1;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            ctx->quiet = 1;
        } else if ((r = cli_opt_value(ctx, argc, argv, &i, "--encoding", &o.encoding)) != 0) {
            if (r < 0) {
                free(paths);
                return EXIT_USAGE;
            }
        } else if ((r = cli_opt_uint(ctx, argc, argv, &i, "--max-file-size", &u)) != 0) {
            if (r < 0) {
                free(paths);
                return EXIT_USAGE;
            }
            o.max_file_size = u;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            free(paths);
            return cli_fail(ctx, EXIT_USAGE, "index: unknown option '%s'", argv[i]);
        } else {
            paths[np++] = argv[i];
        }
    }
    if (np == 0) {
        free(paths);
        return cli_fail(ctx, EXIT_USAGE, "index: give at least one PATH to index");
    }
    tracuu_index *ix = NULL;
    rc = cli_open_index(ctx, TRACUU_MODE_WRITE, &ix);
    if (rc != 0) {
        free(paths);
        return rc;
    }
    index_report rep = {ctx, json_array()};
    o.on_file = on_file;
    o.ctx = &rep;
    tracuu_add_stats s;
    double t0 = now();
    tracuu_status st = tracuu_index_add(ix, paths, np, &o, &s);
    double secs = now() - t0;
    free(paths);
    if (st != TRACUU_OK) {
        rc = cli_fail_status(ctx, st, tracuu_index_errmsg(ix));
        json_decref(rep.errors);
        tracuu_index_close(ix);
        return rc;
    }
    json_t *out = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:o}", "index",
                            tracuu_index_path(ix), "scanned", (json_int_t)s.scanned, "added",
                            (json_int_t)s.added, "updated", (json_int_t)s.updated, "unchanged",
                            (json_int_t)s.unchanged, "failed", (json_int_t)s.failed, "bytes",
                            (json_int_t)s.bytes, "seconds", secs, "mb_per_s",
                            secs > 0 ? (double)s.bytes / 1e6 / secs : 0.0, "errors", rep.errors);
    tracuu_index_close(ix);
    rc = cli_emit(ctx, out, text_summary);
    if (rc == 0 && s.failed > 0)
        rc = EXIT_PARTIAL;
    return rc;
}
