/*
 * main.c - the tracuu program: global options, then a command from the table.
 *
 *   tracuu [--index DIR] [--json] [--color WHEN] COMMAND [ARGS...]
 *
 * The index is --index, else $TRACUU_INDEX, else `index =` of the user's then the system's
 * tracuu.conf, else $XDG_DATA_HOME/tracuu/index (default ~/.local/share/tracuu/index): see
 * cmd_config.c. A Xapian stub file works wherever a directory does.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int cmd_help(cli_ctx *ctx, int argc, char **argv);

/* The filter options of search-like commands (filters.c), in every usage line they apply to. */
#define FILTER_USAGE                                                                         \
    "[--commune C] [--district D] [--province P] [--kind K] [--section S] [--cites ID] "      \
    "[--since DATE] [--until DATE]"
/* The global options, before COMMAND. */
#define GLOBAL_USAGE                                                                         \
    "[--index DIR] [--registry FILE] [--json] [--color auto|always|never] "                  \
    "[--timeout SECONDS] [--partial] [--allow-remote-program] [--version] [--help]"

static const cli_command commands[] = {
    {"index", cmd_index,
     "index [--force] [--verify] [--wait[=S]] [--quiet] [--jobs N] [--encoding NAME] "
     "[--max-file-size BYTES] [--batch N] [--base DIR] [--ocr] [--follow-links] PATH...",
     N_("add, update or remove the .txt/.html/.docx/.odt/.pdf/.doc/.rtf files under each PATH "
     "(remembered as a root)")},
    {"reindex", cmd_reindex,
     "reindex [--force] [--verify] [--wait[=S]] [--quiet] [--jobs N] [--encoding NAME] "
     "[--max-file-size BYTES] [--batch N] [--base DIR] [--ocr] [--follow-links]",
     N_("index every root again: new, changed, renamed and removed files")},
    {"watch", cmd_watch, "watch [--debounce SECONDS] [--quiet] [--ocr] [--follow-links] [ROOT...]",
     N_("reindex whenever files change under the roots (inotify), until stopped")},
    {"changes", cmd_changes, "changes --since REV",
     N_("the files added, updated or removed after revision REV")},
    {"search", cmd_search,
     "search [--limit N] [--offset N] [--docs] [--count] [--facets] [--commune C] "
     "[--district D] [--province P] [--kind K] [--section S] [--cites ID] [--since DATE] "
     "[--until DATE] QUERY...",
     N_("the documents matching QUERY, as their passages that answer, matched words "
        "highlighted")},
    {"status", cmd_status, "status [--errors]",
     N_("show what the index holds: roots, revision, last run, failed files")},
    {"show", cmd_show, "show DOC",
     N_("show one indexed document (path or dockey): encoding, title...")},
    {"cites", cmd_cites, "cites [--commune NAME] [--since DATE] [--until DATE] [--stats] ID",
     N_("the reports that cite document ID, newest first, with the citing passages")},
    {"refs", cmd_refs, "refs DOC",
     N_("what a report cites: titles, validity at its date, other citers")},
    {"cocited", cmd_cocited, "cocited [--limit N] ID",
     N_("the documents most often cited together with ID")},
    {"similar", cmd_similar,
     "similar [--limit N] [--include-same] " FILTER_USAGE " DOC#N[.K] | --text TEXT",
     N_("the findings of other communes most like a passage, finding or text, best one per "
        "commune")},
    {"recurring", cmd_recurring,
     "recurring [--min-communes N] [--limit N] " FILTER_USAGE,
     N_("the findings several communes report, grouped, largest group first")},
    {"serve", cmd_serve, "serve [--listen ADDR:PORT] [--base-url PATH] [--threads N]",
     N_("the web pages (Vietnamese, ?lang=en) and JSON API, read-only, on 127.0.0.1:8080")},
    {"shard", cmd_shard,
     "shard --out DIR [--level district|province] [--port N] [--interface ADDR] ROOT",
     N_("one index per district of ROOT, a stub searching them as one, xapian-tcpsrv lines")},
    {"citations", cmd_citations, "citations [--encoding NAME] FILE|-",
     N_("list the document numbers FILE cites (no index needed)")},
    {"debug", cmd_debug, "debug tokens FILE|- [--encoding NAME] | debug query QUERY...",
     N_("show how text or a query is analysed")},
    {"config", cmd_config, "config",
     N_("the settings in force (index, registry, limit, listen, roots) and where each came from")},
    {"help", cmd_help, "help [COMMAND]", N_("show this help")},
};

static void
usage(FILE *f)
{
    fprintf(f, _("usage: tracuu %s\n              COMMAND [ARGS]\n\ncommands:\n"), GLOBAL_USAGE);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n           %s\n", commands[i].name, _(commands[i].summary),
                commands[i].usage);
    fputs(_("\nThe index is --index DIR, else $TRACUU_INDEX, else index = in tracuu.conf, "
            "else\n$XDG_DATA_HOME/tracuu/index (`tracuu config` shows which).\nExit codes: 0 ok, 1 some inputs failed, 2 "
            "usage, 3 no index, 4 bad index,\n5 unreadable input, 69 a remote shard "
            "unavailable, 70 internal error, 75 index locked.\n"
            "`tracuu COMMAND --help` shows one command.\n"),
          f);
}

/* The command named `name`, or NULL after an error with a "did you mean" (exit 2). */
static const cli_command *
find_command(cli_ctx *ctx, const char *name, int *rc)
{
    const char *names[sizeof commands / sizeof commands[0]];
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
        names[k] = commands[k].name;
        if (strcmp(commands[k].name, name) == 0)
            return &commands[k];
    }
    const char *near = cli_suggest(name, names, sizeof names / sizeof *names);
    if (near)
        *rc = cli_fail(ctx, EXIT_USAGE, _("unknown command '%s'; did you mean '%s'?"), name,
                       near);
    else
        *rc = cli_fail(ctx, EXIT_USAGE, _("unknown command '%s' (see `tracuu help`)"), name);
    return NULL;
}

static int
cmd_help(cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (argc > 1) {
        int rc = EXIT_USAGE;
        const cli_command *c = find_command(ctx, argv[1], &rc);
        if (c)
            printf(_("usage: tracuu %s\n%s\n"), c->usage, _(c->summary));
        return c ? 0 : rc;
    }
    usage(stdout);
    return 0;
}

/* An unknown global option: exit 2, with the nearest one when it looks like a typo. */
static int
global_unknown(cli_ctx *ctx, const char *arg)
{
    char names[16][32], opt[64];
    int values[16];
    const char *cands[16];
    size_t n = cli_usage_options(GLOBAL_USAGE, names, values, 16);
    for (size_t k = 0; k < n; k++)
        cands[k] = names[k];
    snprintf(opt, sizeof opt, "%.*s", (int)strcspn(arg, "="), arg);
    const char *near = cli_suggest(opt, cands, n);
    if (near)
        return cli_fail(ctx, EXIT_USAGE, _("unknown option '%s'; did you mean '%s'?"), opt, near);
    return cli_fail(ctx, EXIT_USAGE, _("unknown option '%s' (see `tracuu --help`)"), arg);
}

int
main(int argc, char **argv)
{
    cli_ctx ctx = {0};
    color_mode color = COLOR_AUTO;
    tracuu_malloc_tune();
    cli_i18n_init();
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
                return cli_fail(&ctx, EXIT_USAGE, _("--index needs a path"));
            ctx.index_path = v;
        } else if ((r = cli_opt_value(&ctx, argc, argv, &i, "--registry", &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            ctx.registry_opt = v;
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
                                _("--timeout takes seconds, more than 0 and at most 3600, not '%s'"),
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
                return cli_fail(&ctx, EXIT_USAGE, _("--color takes auto, always or never, not '%s'"),
                                v);
        } else {
            return global_unknown(&ctx, argv[i]);
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    ctx.color = color == COLOR_ALWAYS || (color == COLOR_AUTO && isatty(STDOUT_FILENO) &&
                                          !getenv("NO_COLOR"));
    int rc = EXIT_USAGE;
    const cli_command *cmd = find_command(&ctx, argv[i], &rc);
    /* its --help and unknown options (args.c) need no index and no configuration; then the
     * configuration (index, registry) and the command */
    if (cmd && (rc = cli_check_args(&ctx, cmd->usage, cmd->summary, argc - i, argv + i)) < 0) {
        rc = cli_config_apply(&ctx, cmd->name);
        if (rc == 0)
            rc = cmd->run(&ctx, argc - i, argv + i);
    }
    cli_config_done(&ctx);
    return rc;
}
