/*
 * cmd_index.c - `tracuu index PATH...` and `tracuu reindex` (every root the index knows):
 * add, update, remove; report failures per file on stderr; end with one summary line (or
 * one JSON object). One option parser and one printer serve both.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

typedef struct index_report {
    cli_ctx *ctx;
    json_t *errors;
    int progress;      /* stderr is a terminal and not --quiet */
    unsigned long long files, bytes;
    unsigned long long expected; /* files the index knew before a reindex; 0 = unknown */
    double start, shown;
} index_report;


/* On a terminal, one line rewritten in place: files seen, MB read, rate. */
static void
show_progress(index_report *rep, int final)
{
    double t = cli_now();
    if (!final && t - rep->shown < 0.25)
        return;
    rep->shown = t;
    double secs = t - rep->start;
    char eta[48] = "";
    /* ETA when the number of files is known (a reindex), from the files-per-second rate. */
    if (!final && rep->expected > rep->files && rep->files > 0 && secs > 0.5)
        snprintf(eta, sizeof eta, _(", ETA %.0f s"),
                 (double)(rep->expected - rep->files) * secs / (double)rep->files);
    fprintf(stderr, "\r%llu%s%.0llu %s, %.1f MB, %.2f MB/s, %.0f s%s%s", rep->files,
            rep->expected ? "/" : "", rep->expected, _("files"), (double)rep->bytes / 1e6,
            secs > 0 ? (double)rep->bytes / 1e6 / secs : 0.0, secs, eta,
            final ? "\n" : "      ");
}

static void
on_file(void *p, const tracuu_file_report *r)
{
    index_report *rep = p;
    rep->files++;
    if (r->action == TRACUU_FILE_ADDED || r->action == TRACUU_FILE_UPDATED ||
        r->action == TRACUU_FILE_RENAMED)
        rep->bytes += r->bytes;
    if (rep->progress)
        show_progress(rep, 0);
    if (r->action != TRACUU_FILE_FAILED)
        return;
    if (rep->progress)
        fputc('\n', stderr);
    char *safe = cli_escape(r->message, strlen(r->message), NULL, NULL); /* names a file */
    fprintf(stderr, "tracuu: %s\n", safe ? safe : r->message);
    free(safe);
    json_array_append_new(rep->errors, json_pack("{s:s, s:s, s:s}", "path", r->path, "status",
                                                 tracuu_status_str(r->status), "message",
                                                 r->message));
}

static void
text_summary(cli_ctx *ctx, json_t *o)
{
    if (ctx->quiet)
        return;
    printf(_("indexed %lld files: %lld added, %lld updated, %lld renamed, %lld removed, "
           "%lld unchanged, %lld failed; %.2f MB in %.2f s (%.2f MB/s) into %s (revision %lld)\n"),
           (long long)json_integer_value(json_object_get(o, "scanned")),
           (long long)json_integer_value(json_object_get(o, "added")),
           (long long)json_integer_value(json_object_get(o, "updated")),
           (long long)json_integer_value(json_object_get(o, "renamed")),
           (long long)json_integer_value(json_object_get(o, "removed")),
           (long long)json_integer_value(json_object_get(o, "unchanged")),
           (long long)json_integer_value(json_object_get(o, "failed")),
           (double)json_integer_value(json_object_get(o, "bytes")) / 1e6,
           json_real_value(json_object_get(o, "seconds")),
           json_real_value(json_object_get(o, "mb_per_s")),
           json_string_value(json_object_get(o, "index")),
           (long long)json_integer_value(json_object_get(o, "revision")));
}


/* Options of index and reindex; PATHs into paths (may be NULL for reindex). Returns 0 or
 * an exit code. */
static int
parse_options(cli_ctx *ctx, int argc, char **argv, tracuu_add_options *o, const char **paths,
              size_t *np)
{
    /* A first build uses every core (up to 4: past that the disk and the join dominate);
     * later runs are incremental and use one whatever this says (tracuu.h). */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cores < 1 ? 1 : cores > 4 ? 4 : (unsigned)cores;
    for (int i = 1; i < argc; i++) {
        unsigned long long u;
        int r;
        if (paths && strcmp(argv[i], "--") == 0) {
            while (++i < argc)
                paths[(*np)++] = argv[i];
            break;
        }
        if (strcmp(argv[i], "--force") == 0) {
            o->force = 1;
        } else if (strcmp(argv[i], "--verify") == 0) {
            o->verify = 1;
        } else if (strcmp(argv[i], "--ocr") == 0) {
            o->ocr = 1;
        } else if (strcmp(argv[i], "--follow-links") == 0) {
            o->follow_links = 1;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            ctx->quiet = 1;
        } else if (strcmp(argv[i], "--wait") == 0) {
            ctx->wait = 3600;
        } else if (strncmp(argv[i], "--wait=", 7) == 0) {
            char *end;
            ctx->wait = strtod(argv[i] + 7, &end);
            if (*end || ctx->wait < 0)
                return cli_fail(ctx, EXIT_USAGE, _("--wait takes a number of seconds, not '%s'"),
                                argv[i] + 7);
        } else if ((r = cli_opt_value(ctx, argc, argv, &i, "--encoding", &o->encoding)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
        } else if ((r = cli_opt_value(ctx, argc, argv, &i, "--base", &o->base)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
        } else if ((r = cli_opt_uint(ctx, argc, argv, &i, "--max-file-size", &u)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            o->max_file_size = u;
        } else if ((r = cli_opt_uint(ctx, argc, argv, &i, "--batch", &u)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (u == 0 || u > 1000000)
                return cli_fail(ctx, EXIT_USAGE, _("--batch takes 1 to 1000000 files per commit"));
            o->batch_files = (unsigned)u;
        } else if ((r = cli_opt_uint(ctx, argc, argv, &i, "--jobs", &u)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (u == 0 || u > 16)
                return cli_fail(ctx, EXIT_USAGE, _("--jobs takes 1 to 16 processes"));
            o->jobs = (unsigned)u;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_fail(ctx, EXIT_USAGE, _("%s: unknown option '%s'"), argv[0], argv[i]);
        } else if (paths) {
            paths[(*np)++] = argv[i];
        } else {
            return cli_fail(ctx, EXIT_USAGE, _("%s: takes no PATH (it walks the index's roots)"),
                            argv[0]);
        }
    }
    return 0;
}

/* Open for writing, run add or reindex, print the summary. */
static int
run_index(cli_ctx *ctx, tracuu_add_options *o, const char **paths, size_t np)
{
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_WRITE, &ix);
    if (rc != 0)
        return rc;
    index_report rep = {ctx, json_array(), isatty(STDERR_FILENO) && !ctx->quiet && !ctx->json,
                        0, 0, 0, cli_now(), 0};
    if (rep.progress && !paths) { /* a reindex: the index knows how many files to expect */
        tracuu_index_info info;
        if (tracuu_index_info_get(&info, ix) == TRACUU_OK)
            rep.expected = info.documents;
    }
    o->on_file = on_file;
    o->ctx = &rep;
    tracuu_add_stats s;
    double t0 = cli_now();
    tracuu_status st = paths ? tracuu_index_add(ix, paths, np, o, &s)
                             : tracuu_index_reindex(ix, o, &s);
    double secs = cli_now() - t0;
    if (rep.progress && rep.files)
        show_progress(&rep, 1);
    if (st != TRACUU_OK) {
        rc = st == TRACUU_ENOTFOUND ? cli_fail(ctx, EXIT_USAGE, "%s", tracuu_index_errmsg(ix))
                                    : cli_fail_status(ctx, st, tracuu_index_errmsg(ix));
        json_decref(rep.errors);
        cli_close_index(ctx, ix);
        return rc;
    }
    json_t *out = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:o}",
                            "index", tracuu_index_path(ix), "scanned", (json_int_t)s.scanned,
                            "added", (json_int_t)s.added, "updated", (json_int_t)s.updated,
                            "renamed", (json_int_t)s.renamed, "removed", (json_int_t)s.removed,
                            "unchanged", (json_int_t)s.unchanged, "failed",
                            (json_int_t)s.failed, "bytes", (json_int_t)s.bytes, "revision",
                            (json_int_t)s.revision, "seconds", secs, "mb_per_s",
                            secs > 0 ? (double)s.bytes / 1e6 / secs : 0.0, "errors", rep.errors);
    cli_close_index(ctx, ix);
    rc = cli_emit(ctx, out, text_summary);
    if (rc == 0 && s.failed > 0)
        rc = EXIT_PARTIAL;
    return rc;
}

/* The configuration's [root PATH] sections (tracuu.conf) for the PATHs given: a PATH inside a
 * root whose convention is province/district/commune (the default) counts it from that
 * root's base (or the root itself), as --base would; "names" leaves it to place-like folder
 * names. --base on the command line wins. 0, or a usage error for another convention. */
static int
config_base(cli_ctx *ctx, const char *const *paths, size_t np, tracuu_add_options *o)
{
    const cli_config *c = ctx->config;
    for (size_t i = 0; c && !o->base && i < np; i++) {
        char *real = realpath(paths[i], NULL);
        for (size_t k = 0; real && k < c->nroots; k++) {
            const conf_root *r = &c->roots[k];
            size_t n = strlen(r->path);
            if (strncmp(real, r->path, n) || (real[n] && real[n] != '/'))
                continue;
            const char *conv = r->convention ? r->convention : "province/district/commune";
            if (!strcmp(conv, "province/district/commune")) {
                o->base = r->base ? r->base : r->path;
            } else if (strcmp(conv, "names")) {
                free(real);
                return cli_fail(ctx, EXIT_USAGE,
                                _("%s: convention is province/district/commune or names, not "
                                  "'%s'"),
                                r->where, conv);
            }
            break;
        }
        free(real);
    }
    return 0;
}

int
cmd_index(cli_ctx *ctx, int argc, char **argv)
{
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    const char **paths = calloc((size_t)argc, sizeof *paths);
    size_t np = 0;
    if (!paths)
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    int rc = parse_options(ctx, argc, argv, &o, paths, &np);
    if (rc == 0 && np == 0)
        rc = cli_fail(ctx, EXIT_USAGE, _("index: give at least one PATH to index"));
    if (rc == 0)
        rc = config_base(ctx, paths, np, &o);
    if (rc == 0)
        rc = run_index(ctx, &o, paths, np);
    free(paths);
    return rc;
}

int
cmd_reindex(cli_ctx *ctx, int argc, char **argv)
{
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    int rc = parse_options(ctx, argc, argv, &o, NULL, NULL);
    return rc ? rc : run_index(ctx, &o, NULL, 0);
}
