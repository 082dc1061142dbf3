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
#include <stdio.h>

#include "tracuu.h"

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
    const char *index_path; /* resolved: --index, $TRACUU_INDEX, XDG default */
    char *index_owned;      /* storage for a computed default */
    int json;
    int color;              /* resolved for stdout */
    int quiet;
    double wait;            /* --wait: seconds to wait for another writer (0 = fail at once) */
    unsigned timeout_ms;    /* --timeout: remote shards (0 = the library's default) */
    int partial;            /* --partial: leave out shards that do not answer */
    tracuu_index *reading;  /* the index a read command has open: its missing shards mark
                             * the answer incomplete (cli_emit) */
    int allow_remote_program; /* --allow-remote-program: a stub may run `remote PROG ARGS` */
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

/* Close ix (NULL is fine) and forget it as the index being read. */
void cli_close_index(cli_ctx *ctx, tracuu_index *ix);

/* Map a library status to an exit code. */
int cli_exit_for(tracuu_status st);

/* Print "tracuu: MESSAGE" on stderr (and, with --json, {"error": ...} on stdout);
 * return `code`. */
int cli_fail(cli_ctx *ctx, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int cli_fail_status(cli_ctx *ctx, tracuu_status st, const char *msg);

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

/* A zeroed buffer with room for every argument in query syntax (filters.c). */
char *cli_query_alloc(int argc, char **argv);
/* The filter options of search-like commands (--commune, --district, --province, --kind,
 * --section, --cites, --since, --until): when argv[*i] is one, append it to `query` (from
 * cli_query_alloc) in query syntax, consume its value and return 1; 0 when it is not one;
 * -1 on a usage error (reported). */
int cli_filter_opt(cli_ctx *ctx, int argc, char **argv, int *i, char *query);
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
/* {"error": {"message", "status", "exit"}}: every error object the CLI and the server
 * print (owned; NULL only when out of memory). */
json_t *cli_error_json(const char *message, const char *status, int exit_code);

/* 1 when v is a real calendar date as the date filters take it (YYYY, YYYY-MM or
 * YYYY-MM-DD: 2020-13-45 is not), else 0. */
int cli_date_ok(const char *v);

/* Print a JSON answer of the library (js, owned, may be NULL on failure) for status st:
 * the object with --json, else through `text`; a failure prints ix's message (EINVAL:
 * usage, 2; ENOTFOUND: input, 5). Frees js. */
int cli_emit_answer(cli_ctx *ctx, tracuu_index *ix, tracuu_status st, char *js,
                    void (*text)(cli_ctx *ctx, json_t *obj));

/* A command of one DOC argument answered by `ask` (tracuu_document_get, tracuu_refs):
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
