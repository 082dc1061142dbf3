/*
 * main.c - the tracuu program: global options, then a command from the table.
 *
 *   tracuu [--index DIR] [--json] [--color WHEN] COMMAND [ARGS...]
 *
 * The index is --index, else $TRACUU_INDEX, else $XDG_DATA_HOME/tracuu/index (default
 * ~/.local/share/tracuu/index). A Xapian stub file works wherever a directory does.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int cmd_help(cli_ctx *ctx, int argc, char **argv);

static const cli_command commands[] = {
    {"index", cmd_index,
     "index [--force] [--verify] [--wait[=S]] [--quiet] [--jobs N] [--encoding NAME] "
     "[--max-file-size BYTES] [--base DIR] [--ocr] [--follow-links] PATH...",
     "add, update or remove the .txt/.html/.docx/.odt/.pdf/.doc/.rtf files under each PATH "
     "(remembered as a root)"},
    {"reindex", cmd_reindex, "reindex [--force] [--verify] [--wait[=S]] [--quiet] [--follow-links] ...",
     "index every root again: new, changed, renamed and removed files"},
    {"watch", cmd_watch, "watch [--debounce SECONDS] [--quiet] [--ocr] [--follow-links] [ROOT...]",
     "reindex whenever files change under the roots (inotify), until stopped"},
    {"changes", cmd_changes, "changes --since REV", "the files added, updated or removed after revision REV"},
    {"search", cmd_search,
     "search [--limit N] [--offset N] [--docs] [--count] [--facets] [--commune C] "
     "[--district D] [--province P] [--kind K] [--section S] [--since DATE] [--until DATE] "
     "QUERY...",
     "the documents matching QUERY, as their passages that answer, matched words highlighted"},
    {"status", cmd_status, "status [--errors]",
     "show what the index holds: roots, revision, last run, failed files"},
    {"show", cmd_show, "show DOC", "show one indexed document (path or dockey): encoding, title..."},
    {"cites", cmd_cites, "cites [--commune NAME] [--since DATE] [--until DATE] [--stats] ID",
     "the reports that cite document ID, newest first, with the citing passages"},
    {"refs", cmd_refs, "refs DOC", "what a report cites: titles, validity at its date, other citers"},
    {"cocited", cmd_cocited, "cocited [--limit N] ID",
     "the documents most often cited together with ID"},
    {"similar", cmd_similar,
     "similar [--limit N] [--include-same] [--section S] [--district D] [--since DATE] ... DOC#N[.K] | --text TEXT",
     "the findings of other communes most like a passage, finding or text, best one per commune"},
    {"recurring", cmd_recurring,
     "recurring [--section S] [--min-communes N] [--limit N] [--district D] [--since DATE] ...",
     "the findings several communes report, grouped, largest group first"},
    {"serve", cmd_serve, "serve [--listen ADDR:PORT] [--base-url PATH] [--threads N]",
     "the web pages (Vietnamese, ?lang=en) and JSON API, read-only, on 127.0.0.1:8080"},
    {"shard", cmd_shard,
     "shard --out DIR [--level district|province] [--port N] [--interface ADDR] ROOT",
     "one index per district of ROOT, a stub searching them as one, xapian-tcpsrv lines"},
    {"citations", cmd_citations, "citations [--encoding NAME] FILE|-",
     "list the document numbers FILE cites (no index needed)"},
    {"debug", cmd_debug, "debug tokens FILE|- [--encoding NAME] | debug query QUERY...",
     "show how text or a query is analysed"},
    {"help", cmd_help, "help [COMMAND]", "show this help"},
};

static void
usage(FILE *f)
{
    fprintf(f, "usage: tracuu [--index DIR] [--registry FILE] [--json] "
               "[--color auto|always|never] [--timeout SECONDS] [--partial]\n"
               "              [--allow-remote-program] COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n           %s\n", commands[i].name, commands[i].summary,
                commands[i].usage);
    fprintf(f, "\nThe index is --index DIR, else $TRACUU_INDEX, else "
               "$XDG_DATA_HOME/tracuu/index.\nExit codes: 0 ok, 1 some inputs failed, 2 "
               "usage, 3 no index, 4 bad index,\n5 unreadable input, 69 a remote shard "
               "unavailable, 70 internal error, 75 index locked.\n");
}

static int
cmd_help(cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (argc > 1) {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(commands[i].name, argv[1]) == 0) {
                printf("usage: tracuu %s\n%s\n", commands[i].usage, commands[i].summary);
                return 0;
            }
        return cli_fail(ctx, EXIT_USAGE, "no command '%s' (see `tracuu help`)", argv[1]);
    }
    usage(stdout);
    return 0;
}

static int
resolve_index(cli_ctx *ctx)
{
    if (ctx->index_path)
        return 0;
    const char *env = getenv("TRACUU_INDEX");
    if (env && *env) {
        ctx->index_path = env;
        return 0;
    }
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    size_t n;
    if (xdg && *xdg) {
        n = strlen(xdg) + 32;
        ctx->index_owned = malloc(n);
        if (ctx->index_owned)
            snprintf(ctx->index_owned, n, "%s/tracuu/index", xdg);
    } else if (home && *home) {
        n = strlen(home) + 48;
        ctx->index_owned = malloc(n);
        if (ctx->index_owned)
            snprintf(ctx->index_owned, n, "%s/.local/share/tracuu/index", home);
    } else {
        return cli_fail(ctx, EXIT_USAGE, "no index: give --index DIR or set TRACUU_INDEX");
    }
    if (!ctx->index_owned)
        return cli_fail(ctx, EXIT_INTERNAL, "out of memory");
    ctx->index_path = ctx->index_owned;
    return 0;
}

int
main(int argc, char **argv)
{
    cli_ctx ctx = {NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, 0};
    color_mode color = COLOR_AUTO;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *v = NULL;
        int r;
        if (strcmp(argv[i], "--json") == 0) {
            ctx.json = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("tracuu %s\n", tracuu_version());
            return 0;
        } else if ((r = cli_opt_value(&ctx, argc, argv, &i, "--index", &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (!*v)
                return cli_fail(&ctx, EXIT_USAGE, "--index needs a path");
            ctx.index_path = v;
        } else if ((r = cli_opt_value(&ctx, argc, argv, &i, "--registry", &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            char *msg = NULL;
            tracuu_status st = tracuu_registry_use(v, &msg);
            if (st != TRACUU_OK) {
                r = cli_fail(&ctx, st == TRACUU_EINVAL ? EXIT_INPUT : cli_exit_for(st), "%s",
                             msg ? msg : v);
                free(msg);
                return r;
            }
        } else if (strcmp(argv[i], "--partial") == 0) {
            ctx.partial = 1;
        } else if (strcmp(argv[i], "--allow-remote-program") == 0) {
            ctx.allow_remote_program = 1;
        } else if ((r = cli_opt_value(&ctx, argc, argv, &i, "--timeout", &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            char *end = NULL;
            double secs = strtod(v, &end);
            if (!*v || *end || !(secs > 0) || secs > 3600)
                return cli_fail(&ctx, EXIT_USAGE,
                                "--timeout takes seconds, more than 0 and at most 3600, not '%s'",
                                v);
            ctx.timeout_ms = (unsigned)(secs * 1000 + 0.5);
            if (!ctx.timeout_ms)
                ctx.timeout_ms = 1;
        } else if ((r = cli_opt_value(&ctx, argc, argv, &i, "--color", &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (strcmp(v, "auto") == 0)
                color = COLOR_AUTO;
            else if (strcmp(v, "always") == 0)
                color = COLOR_ALWAYS;
            else if (strcmp(v, "never") == 0)
                color = COLOR_NEVER;
            else
                return cli_fail(&ctx, EXIT_USAGE, "--color takes auto, always or never, not '%s'",
                                v);
        } else {
            return cli_fail(&ctx, EXIT_USAGE, "unknown option '%s' (see `tracuu --help`)",
                            argv[i]);
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    ctx.color = color == COLOR_ALWAYS || (color == COLOR_AUTO && isatty(STDOUT_FILENO) &&
                                          !getenv("NO_COLOR"));
    int rc = resolve_index(&ctx);
    if (rc != 0)
        return rc;
    const cli_command *cmd = NULL;
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(commands[k].name, argv[i]) == 0)
            cmd = &commands[k];
    if (!cmd)
        rc = cli_fail(&ctx, EXIT_USAGE, "unknown command '%s' (see `tracuu help`)", argv[i]);
    else
        rc = cmd->run(&ctx, argc - i, argv + i);
    free(ctx.index_owned);
    return rc;
}
