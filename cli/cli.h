/*
 * cli.h - what the subcommands of the tracuu program share: global options, the command
 * table entry type, argument helpers, exit codes and the one output printer.
 *
 * The CLI includes only tracuu.h from the library (and jansson for JSON): it is the first
 * user of the public API and proves it sufficient.
 */
#ifndef TRACUU_CLI_H
#define TRACUU_CLI_H

#include <jansson.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>

#include "tracuu.h"

/* Messages the user reads go through gettext (domain "tracuu", po/); N_ marks a string
 * translated where it is printed (tables). Under a Vietnamese locale the program speaks
 * Vietnamese (po/vi.po); JSON keys and values that are slugs never change. */
#define _(s) gettext(s)
#define N_(s) (s)

/* Exit codes: documented in README.md ("Exit codes"); scripts rely on them. */
enum {
    EXIT_OK_ = 0,
    EXIT_PARTIAL = 1,   /* the command ran, but some inputs failed (see stderr / JSON) */
    EXIT_USAGE = 2,     /* bad command line, empty or unparsable query */
    EXIT_NOINDEX = 3,   /* no index at the given path */
    EXIT_BADINDEX = 4,  /* index corrupt, not a tracuu index, or another schema version */
    EXIT_INPUT = 5,     /* an input file could not be read or decoded */
    EXIT_UNAVAIL = 69,  /* EX_UNAVAILABLE: a remote shard did not answer within --timeout */
    EXIT_INTERNAL = 70, /* EX_SOFTWARE: Xapian error, out of memory, bug */
    EXIT_LOCKED = 75    /* EX_TEMPFAIL: another process is writing the index; retry later */
};

typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

typedef struct cli_ctx {
    const char *index_path; /* resolved: --index, $TRACUU_INDEX, tracuu.conf, XDG default */
    int json;
    int color;              /* resolved for stdout */
    int quiet;
    double wait;            /* --wait: seconds to wait for another writer (0 = fail at once) */
    unsigned timeout_ms;    /* --timeout: remote shards (0 = the library's default) */
    int partial;            /* --partial: leave out shards that do not answer */
    tracuu_index *reading;  /* the index a read command has open: its missing shards mark
                             * the answer incomplete (cli_emit) */
    int allow_remote_program; /* --allow-remote-program: a stub may run `remote PROG ARGS` */
    const char *registry_opt; /* --registry as given (loaded by cli_config_apply) */
    struct cli_config *config;  /* the settings in force (cmd_config.c) */
    unsigned default_limit;     /* `limit =` of the configuration: search's default --limit */
    const char *serve_listen;   /* `listen =`: serve's default --listen */
} cli_ctx;

typedef struct cli_command {
    const char *name;
    int (*run)(cli_ctx *ctx, int argc, char **argv); /* argv[0] is the command name */
    const char *usage;
    const char *summary;
} cli_command;

/* Option helpers. Each matches "--name VALUE" and "--name=VALUE" at argv[*i], advancing *i
 * past the value. They return 1 on a match, 0 when argv[*i] is another option, and -1
 * (after printing an error) when the value is missing or invalid. */
int cli_opt_value(cli_ctx *ctx, int argc, char **argv, int *i, const char *name,
                  const char **out);
int cli_opt_uint(cli_ctx *ctx, int argc, char **argv, int *i, const char *name,
                 unsigned long long *out);

/* Locale, the gettext catalogue (i18n.c): call first in main. */
void cli_i18n_init(void);
/* The display name of a section or report-kind slug in the program's language
 * ("limitation" -> "Limitations", or "Hạn chế" under a Vietnamese locale; "so-ket" ->
 * "Interim review" / "Sơ kết"); other strings as given. */
const char *cli_display_name(const char *slug);
/* The same in Vietnamese (vi) or English, whatever the locale (the web page's labels);
 * "" for NULL. */
const char *cli_slug_label(const char *slug, int vi);
/* An ISO date ("2014-12-19", "2014-12", "2014") as the program's language writes it: as
 * given in English, day first in Vietnamese ("19/12/2014", "12/2014"). Returns iso or out;
 * NULL for NULL. */
const char *cli_display_date(const char *iso, char out[11]);
/* 1 when messages are Vietnamese (the catalogue in use says so). */
int cli_speaks_vi(void);

/* Command lines (args.c). cli_check_args runs before a command: its --help (or -h) prints
 * `usage` and the translated `summary` and returns 0; an option (--NAME or --NAME=V) not
 * in `usage` is an error with a "did you mean" (returns EXIT_USAGE); else -1 (go on).
 * Options are read from the usage line: "[--limit N]" takes a value, "[--docs]" not. */
int cli_check_args(cli_ctx *ctx, const char *usage, const char *summary, int argc,
                   char **argv);
/* The --options of a usage line (at most max, each under 32 bytes), and whether each
 * takes a value; returns how many. */
size_t cli_usage_options(const char *usage, char names[][32], int takes_value[], size_t max);
/* The candidate closest to `word` when it is close enough to be a typo, else NULL. */
const char *cli_suggest(const char *word, const char *const *cands, size_t n);

/* Close ix (NULL is fine) and forget it as the index being read. */
void cli_close_index(cli_ctx *ctx, tracuu_index *ix);

/* Map a library status to an exit code. */
int cli_exit_for(tracuu_status st);

/* Print "tracuu: MESSAGE" on stderr (and, with --json, {"error": ...} on stdout);
 * return `code`. */
int cli_fail(cli_ctx *ctx, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int cli_fail_status(cli_ctx *ctx, tracuu_status st, const char *msg);
/* cli_fail with a stable error.code of its own (e.g. "no_index", "bad_query") and the
 * error's "status" (NULL: "usage" for exit 2, else "error"). */
int cli_fail_code(cli_ctx *ctx, int code, const char *ecode, const char *status,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Open the index named by ctx in `mode`; on failure prints and returns the exit code
 * (then *out is NULL). Write mode creates missing parent folders. */
int cli_open_index(cli_ctx *ctx, tracuu_mode mode, tracuu_index **out);

/* The printer: with --json, print `obj` as one JSON object; else call `text`.
 * Takes ownership of obj. Returns 0, or EXIT_INTERNAL when output failed. */
int cli_emit(cli_ctx *ctx, json_t *obj, void (*text)(cli_ctx *ctx, json_t *obj));

/* s[0..n) made safe for a terminal line (owned, free(); NULL when out of memory): control
 * characters become \n, \t, \r, \x1b, C1 controls \u009b, stray bytes \xff (a backslash
 * stays: readability wins over a reversible form); occurrences of keep1/keep2 (our own
 * highlight sequences, or NULL) pass as they are. cli_emit applies it to every string of a text answer, and cli_fail to every message. */
char *cli_escape(const char *s, size_t n, const char *keep1, const char *keep2);

/* Seconds on the monotonic clock, for durations and rates. */
double cli_now(void);

/* Highlight markers for the terminal (ANSI bold) or plain text. */
const char *cli_hl_open(const cli_ctx *ctx);

/* "LABEL" and spaces up to column 11 (at least one), for "label: value" lines. */
void cli_print_label(const char *label);

/* "   p. 3 · under II. HẠN CHẾ" for a result or passage object with "page" / "heading";
 * nothing when it has neither. */
void cli_print_place(json_t *o);
const char *cli_hl_close(const cli_ctx *ctx);

int cmd_index(cli_ctx *ctx, int argc, char **argv);
int cmd_reindex(cli_ctx *ctx, int argc, char **argv);
int cmd_changes(cli_ctx *ctx, int argc, char **argv);
int cmd_watch(cli_ctx *ctx, int argc, char **argv);
int cmd_search(cli_ctx *ctx, int argc, char **argv);
int cmd_status(cli_ctx *ctx, int argc, char **argv);
int cmd_show(cli_ctx *ctx, int argc, char **argv);
int cmd_debug(cli_ctx *ctx, int argc, char **argv);
int cmd_citations(cli_ctx *ctx, int argc, char **argv);
int cmd_cites(cli_ctx *ctx, int argc, char **argv);
int cmd_refs(cli_ctx *ctx, int argc, char **argv);
int cmd_cocited(cli_ctx *ctx, int argc, char **argv);
int cmd_similar(cli_ctx *ctx, int argc, char **argv);
int cmd_recurring(cli_ctx *ctx, int argc, char **argv);
int cmd_shard(cli_ctx *ctx, int argc, char **argv);
int cmd_serve(cli_ctx *ctx, int argc, char **argv);
int cmd_config(cli_ctx *ctx, int argc, char **argv);

/* Resolve the configuration (config.h: defaults < system file < user file < environment <
 * options) into ctx before `command` runs, and load the registry it names unless the
 * command is help or config. Returns 0, or the exit code after printing the error (a bad
 * file line: 2 naming FILE:LINE; a registry that cannot be read: 5 naming it).
 * cli_config_done frees what it kept. */
int cli_config_apply(cli_ctx *ctx, const char *command);
void cli_config_done(cli_ctx *ctx);

/* A zeroed buffer with room for every argument in query syntax (filters.c). */
char *cli_query_alloc(int argc, char **argv);
/* The filter options of search-like commands (--commune, --district, --province, --kind,
 * --section, --cites, --since, --until): when argv[*i] is one, append it to `query` (from
 * cli_query_alloc) in query syntax, consume its value and return 1; 0 when it is not one;
 * -1 on a usage error (reported). */
int cli_filter_opt(cli_ctx *ctx, int argc, char **argv, int *i, char *query);
/* The names of the filter options (--commune ... --since, --until), which are also the web
 * page's arguments: from the query's one table of filters (tracuu_query_filters). */
#define CLI_FILTER_OPTIONS_MAX 16
size_t cli_filter_options(const char *names[CLI_FILTER_OPTIONS_MAX]);
/* Append filter `name` (commune, district, province, kind, section, cites, since, until)
 * with `value` to `query` (a buffer of `cap` bytes) in query syntax: commune:"Sơn Định",
 * date:2019... Returns 0, or -1 (query unchanged) for an unknown name or no room. */
int cli_filter_append(char *query, size_t cap, const char *name, const char *value);
/* The filter `tracuu recurring` and the Lặp lại page run: `filter` plus section:limitation
 * unless a section is given. Owned; NULL when out of memory. */
char *cli_recurring_filter(const char *filter, int has_section);

/* Shared JSON answers (answers.c): the CLI prints them, `tracuu serve` sends and renders
 * them. Each returns TRACUU_OK with *out owned, or a status (message on ix) and *out NULL.
 *
 * cli_search_answer: `tracuu --json search` ({"query", "total", "exact", "offset", "docs",
 * "results"}, with facets also "facets": {"commune", "district", "year", "kind", "cites"}
 * counted over every matching document: tracuu_results_facets). */
tracuu_status cli_search_answer(json_t **out, tracuu_index *ix, const char *query,
                                const tracuu_search_options *o, int facets);
/* cli_status_answer: `tracuu --json status` (index report + counts). */
tracuu_status cli_status_answer(json_t **out, tracuu_index *ix, int errors);
/* {"version", "error": {"code", "message", "status", "exit"}}: every error object the CLI
 * and the server print (owned; NULL only when out of memory). code is stable (docs/JSON.md:
 * "usage", "no_index", "index_locked", "bad_query", ...); message is for people
 * (translated); status is the library's English status name, as before. */
json_t *cli_error_json(const char *message, const char *code, const char *status,
                       int exit_code);
/* The stable error.code of a library status / of an exit code. */
const char *cli_code_for_status(tracuu_status st);
const char *cli_code_for_exit(int exit_code);

/* The version of the JSON the CLI and the server print (docs/JSON.md); raised when a key
 * changes meaning or goes away, not when one is added. */
#define CLI_JSON_VERSION 1
/* What every top-level JSON answer gets before it is printed or sent: "version", and a
 * "date_precision" ("year", "month", "day", or null) beside every "date". */
void cli_json_contract(json_t *obj);

/* v, the value of option `opt`, as a real calendar date (tracuu_date_parse: 2019, 2019-05,
 * 2019-05-20, 20/5/2019, 5/2019; 2020-13-45 is not one): 0 with its ISO form in iso, else
 * the error is printed, naming opt, and EXIT_USAGE returned. */
int cli_date_arg(cli_ctx *ctx, const char *opt, const char *v, char iso[11]);

/* Print a JSON answer of the library (js, owned, may be NULL on failure) for status st:
 * the object with --json, else through `text`; a failure prints ix's message (EINVAL:
 * usage, 2; ENOTFOUND: input, 5). Frees js. */
int cli_emit_answer(cli_ctx *ctx, tracuu_index *ix, tracuu_status st, char *js,
                    void (*text)(cli_ctx *ctx, json_t *obj));

/* A command of one DOC argument answered by `ask` (tracuu_document_get, tracuu_refs_list):
 * open the index to read, ask, print. */
int cli_doc_command(cli_ctx *ctx, int argc, char **argv,
                    tracuu_status (*ask)(char **out, tracuu_index *ix, const char *doc),
                    void (*text)(cli_ctx *ctx, json_t *obj));

/* The arguments of a command that reads one FILE|- with an optional --encoding NAME:
 * cli_read_text on them. `cmd` names the command in messages. */
int cli_read_file_args(cli_ctx *ctx, int argc, char **argv, const char *cmd, char **norm,
                       size_t *nlen, const char **used, const char **path);

/* Read FILE (or standard input for "-", read as plain text) and extract its text as `index`
 * does (tracuu_file_text: format by name, `encoding` or detection, normalized). On success
 * *norm (owned) holds the text and *used the encoding or format (static: valid until the
 * next call); on failure the message is printed and the exit code returned. */
int cli_read_text(cli_ctx *ctx, const char *path, const char *encoding, char **norm,
                  size_t *nlen, const char **used);

#endif
