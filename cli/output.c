/*
 * output.c - the single printer shared by every subcommand (notmuch's sprinter idea):
 * a command builds one JSON value describing its answer, and the printer either dumps it
 * (--json) or hands it to the command's text renderer. Text and JSON therefore never
 * disagree about what a command found. Errors go to stderr, and with --json also to
 * stdout as {"error": {"message", "status", "exit"}} so scripts always get an object.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int
cli_exit_for(tracuu_status st)
{
    switch (st) {
    case TRACUU_OK:
    case TRACUU_ITEROVER:
        return EXIT_OK_;
    case TRACUU_EINVAL:
    case TRACUU_EBADQUERY:
        return EXIT_USAGE;
    case TRACUU_ENOTFOUND:
        return EXIT_NOINDEX;
    case TRACUU_ECORRUPT:
    case TRACUU_EVERSION:
        return EXIT_BADINDEX;
    case TRACUU_EIO:
    case TRACUU_EENCODING:
    case TRACUU_ETOOBIG:
        return EXIT_INPUT;
    case TRACUU_ELOCKED:
    case TRACUU_ERETRY:
        return EXIT_LOCKED;
    case TRACUU_EUNAVAIL:
        return EXIT_UNAVAIL;
    default:
        return EXIT_INTERNAL;
    }
}

/* Length of the UTF-8 sequence at s (1..4) when it is well formed within n bytes, else 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
                             : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    if (!len || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

char *
cli_escape(const char *s, size_t n, const char *keep1, const char *keep2)
{
    size_t k1 = keep1 ? strlen(keep1) : 0, k2 = keep2 ? strlen(keep2) : 0;
    /* A byte grows to at most 4 ("\x1b"; "\u009b" is 6 for 2 bytes). */
    char *out = malloc(n * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        const unsigned char *p = (const unsigned char *)s + i;
        if (k1 && n - i >= k1 && !memcmp(p, keep1, k1)) {
            memcpy(out + o, keep1, k1);
            o += k1;
            i += k1;
            continue;
        }
        if (k2 && n - i >= k2 && !memcmp(p, keep2, k2)) {
            memcpy(out + o, keep2, k2);
            o += k2;
            i += k2;
            continue;
        }
        size_t len = utf8_len(p, n - i);
        if (len == 2 && p[0] == 0xC2 && p[1] < 0xA0) {
            /* C1 controls (U+0080..U+009F): U+009B is a CSI to some terminals */
            o += (size_t)sprintf(out + o, "\\u%04x", p[1]);
            i += 2;
        } else if (len > 1) {
            memcpy(out + o, p, len);
            o += len;
            i += len;
        } else if (len == 1 && p[0] >= 0x20 && p[0] != 0x7f) {
            out[o++] = (char)p[0];
            i++;
        } else {
            const char *named = p[0] == '\n' ? "\\n" : p[0] == '\t' ? "\\t" : p[0] == '\r' ? "\\r"
                                                                                         : NULL;
            if (named)
                o += (size_t)sprintf(out + o, "%s", named);
            else
                o += (size_t)sprintf(out + o, "\\x%02x", p[0]);
            i++;
        }
    }
    out[o] = '\0';
    return out;
}

const char *
cli_code_for_status(tracuu_status st)
{
    switch (st) {
    case TRACUU_EINVAL:
        return "usage";
    case TRACUU_EBADQUERY:
        return "bad_query";
    case TRACUU_ENOTFOUND:
        return "not_found";
    case TRACUU_ECORRUPT:
        return "corrupt";
    case TRACUU_EVERSION:
        return "schema_version";
    case TRACUU_EIO:
    case TRACUU_ETOOBIG:
        return "io";
    case TRACUU_EENCODING:
        return "encoding";
    case TRACUU_ELOCKED:
    case TRACUU_ERETRY:
        return "index_locked";
    case TRACUU_EUNAVAIL:
        return "remote";
    case TRACUU_ENOMEM:
        return "out_of_memory";
    default:
        return "internal";
    }
}

const char *
cli_code_for_exit(int exit_code)
{
    switch (exit_code) {
    case EXIT_PARTIAL:
        return "partial";
    case EXIT_USAGE:
        return "usage";
    case EXIT_NOINDEX:
        return "no_index";
    case EXIT_BADINDEX:
        return "corrupt";
    case EXIT_INPUT:
        return "io";
    case EXIT_UNAVAIL:
        return "remote";
    case EXIT_LOCKED:
        return "index_locked";
    default:
        return "internal";
    }
}

static int fail_v(cli_ctx *ctx, int code, const char *ecode, const char *status,
                  const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static int
fail_v(cli_ctx *ctx, int code, const char *ecode, const char *status, const char *fmt,
       va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    /* Messages carry file names and stub lines: data, never terminal commands. */
    char *safe = cli_escape(msg, strlen(msg), NULL, NULL);
    fprintf(stderr, "tracuu: %s\n", safe ? safe : msg);
    free(safe);
    if (ctx && ctx->json) {
        json_t *o = cli_error_json(msg, ecode, status, code);
        if (o) {
            json_dumpf(o, stdout, JSON_COMPACT);
            fputc('\n', stdout);
            json_decref(o);
        }
    }
    return code;
}

int
cli_fail(cli_ctx *ctx, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fail_v(ctx, code, cli_code_for_exit(code), code == EXIT_USAGE ? "usage" : "error",
                   fmt, ap);
    va_end(ap);
    return r;
}

int
cli_fail_code(cli_ctx *ctx, int code, const char *ecode, const char *status, const char *fmt,
              ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fail_v(ctx, code, ecode, status ? status : code == EXIT_USAGE ? "usage" : "error",
                   fmt, ap);
    va_end(ap);
    return r;
}

static int fail_status(cli_ctx *ctx, tracuu_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail_status(cli_ctx *ctx, tracuu_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fail_v(ctx, cli_exit_for(st), cli_code_for_status(st), tracuu_status_str(st), fmt,
                   ap);
    va_end(ap);
    return r;
}

int
cli_fail_status(cli_ctx *ctx, tracuu_status st, const char *msg)
{
    return fail_status(ctx, st, "%s", msg && *msg ? msg : tracuu_status_str(st));
}

int
cli_opt_value(cli_ctx *ctx, int argc, char **argv, int *i, const char *name,
              const char **out)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *out = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_fail(ctx, EXIT_USAGE, _("option %s needs a value"), name);
        return -1;
    }
    *out = argv[++*i];
    return 1;
}

int
cli_opt_uint(cli_ctx *ctx, int argc, char **argv, int *i, const char *name,
             unsigned long long *out)
{
    const char *v = NULL;
    int r = cli_opt_value(ctx, argc, argv, i, name, &v);
    if (r != 1)
        return r;
    char *end = NULL;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (!*v || *end || errno || v[0] == '-') {
        cli_fail(ctx, EXIT_USAGE, _("option %s: '%s' is not a whole number"), name, v);
        return -1;
    }
    *out = x;
    return 1;
}

/* mkdir -p for the folders above the index (Xapian creates only the last one). */
static int
make_parents(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    free(p);
    return 0;
}

int
cli_open_index(cli_ctx *ctx, tracuu_mode mode, tracuu_index **out)
{
    char *msg = NULL;
    *out = NULL;
    if (mode == TRACUU_MODE_WRITE && make_parents(ctx->index_path) != 0)
        return cli_fail(ctx, EXIT_INPUT, _("%s: cannot create the folders above the index: %s"),
                        ctx->index_path, strerror(errno));
    tracuu_open_options oo = TRACUU_OPEN_OPTIONS_INIT;
    oo.timeout_ms = ctx->timeout_ms;
    oo.partial = ctx->partial;
    oo.allow_remote_program = ctx->allow_remote_program;
    tracuu_status st = tracuu_index_open_with(out, ctx->index_path, mode, &oo, &msg);
    /* --wait: another writer holds the lock; poll until it lets go or time runs out. */
    for (double waited = 0; st == TRACUU_ELOCKED && waited < ctx->wait; waited += 0.2) {
        free(msg);
        msg = NULL;
        struct timespec ts = {0, 200000000};
        nanosleep(&ts, NULL);
        st = tracuu_index_open(out, ctx->index_path, mode, &msg);
    }
    if (st == TRACUU_OK) {
        free(msg);
        if (mode == TRACUU_MODE_READ)
            ctx->reading = *out;
        return 0;
    }
    int code;
    if (st == TRACUU_ENOTFOUND)
        code = cli_fail_code(ctx, EXIT_NOINDEX, "no_index", tracuu_status_str(st),
                             _("%s: no index here (create one with `tracuu index PATH`)"),
                             ctx->index_path);
    else if (st == TRACUU_ELOCKED)
        code = fail_status(ctx, st,
                           _("%s: index is locked: another tracuu is writing to it; try again "
                             "later"),
                           ctx->index_path);
    else
        code = cli_fail_status(ctx, st, msg);
    free(msg);
    return code;
}

void
cli_close_index(cli_ctx *ctx, tracuu_index *ix)
{
    if (ctx->reading == ix)
        ctx->reading = NULL;
    tracuu_index_close(ix);
}

/* Escape every string (and object key) of v in place for the terminal, keeping our own
 * highlight markers. Returns -1 when out of memory. */
static int
escape_tree(cli_ctx *ctx, json_t *v, int depth)
{
    const char *ho = ctx->color ? cli_hl_open(ctx) : NULL;
    const char *hc = ctx->color ? cli_hl_close(ctx) : NULL;
    if (depth > 64)
        return 0; /* our answers are a few levels deep */
    if (json_is_string(v)) {
        char *e = cli_escape(json_string_value(v), json_string_length(v), ho, hc);
        if (!e)
            return -1;
        int r = strcmp(e, json_string_value(v)) ? json_string_set_nocheck(v, e) : 0;
        free(e);
        return r;
    }
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            if (escape_tree(ctx, json_array_get(v, i), depth + 1) < 0)
                return -1;
        return 0;
    }
    if (!json_is_object(v))
        return 0;
    const char *key;
    json_t *x;
    json_t *renamed = json_object();
    if (!renamed)
        return -1;
    void *tmp;
    json_object_foreach_safe(v, tmp, key, x) {
        if (escape_tree(ctx, x, depth + 1) < 0)
            goto oom;
        char *e = cli_escape(key, strlen(key), NULL, NULL);
        if (!e)
            goto oom;
        if (strcmp(e, key)) {
            json_object_set_nocheck(renamed, e, x);
            json_object_del(v, key);
        }
        free(e);
    }
    json_object_update(v, renamed);
    json_decref(renamed);
    return 0;
oom:
    json_decref(renamed);
    return -1;
}

int
cli_emit(cli_ctx *ctx, json_t *obj, void (*text)(cli_ctx *ctx, json_t *obj))
{
    if (!obj)
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    int rc = 0;
    /* --partial: shards that did not answer make the answer incomplete, and it says so */
    const char *miss = ctx->reading ? tracuu_index_missing(ctx->reading) : "";
    if (*miss && json_is_object(obj)) {
        json_t *list = json_array();
        for (const char *p = miss; *p;) {
            size_t n = strcspn(p, "\n");
            json_array_append_new(list, json_stringn(p, n));
            p += n + (p[n] == '\n');
        }
        json_object_set_new(obj, "incomplete", json_true());
        json_object_set_new(obj, "missing_shards", list);
        fprintf(stderr, _("tracuu: warning: incomplete answer: %zu shard(s) did not answer: "),
                json_array_size(list));
        for (const char *p = miss; *p;) {
            size_t n = strcspn(p, "\n");
            fprintf(stderr, "%s%.*s", p == miss ? "" : ", ", (int)n, p);
            p += n + (p[n] == '\n');
        }
        fputc('\n', stderr);
    }
    if (ctx->json) {
        cli_json_contract(obj);
        if (json_dumpf(obj, stdout, JSON_COMPACT) != 0)
            rc = EXIT_INTERNAL;
        fputc('\n', stdout);
    } else if (escape_tree(ctx, obj, 0) < 0) {
        rc = cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    } else {
        text(ctx, obj);
    }
    json_decref(obj);
    if (fflush(stdout) != 0)
        rc = EXIT_INTERNAL;
    return rc;
}

/* Beside every "date" string of v, its "date_precision" (year, month or day). */
static void
add_precisions(json_t *v, int depth)
{
    if (depth > 64)
        return;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            add_precisions(json_array_get(v, i), depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    const char *key;
    json_t *x;
    json_object_foreach(v, key, x)
        add_precisions(x, depth + 1);
    const char *date = json_string_value(json_object_get(v, "date"));
    if (json_object_get(v, "date")) {
        size_t n = date ? strlen(date) : 0;
        json_object_set_new(v, "date_precision",
                            n == 4 ? json_string("year") : n == 7 ? json_string("month")
                                                   : n == 10 ? json_string("day") : json_null());
    }
}

void
cli_json_contract(json_t *obj)
{
    if (!json_is_object(obj))
        return;
    add_precisions(obj, 0);
    json_object_set_new(obj, "version", json_integer(CLI_JSON_VERSION));
}

void
cli_print_label(const char *label)
{
    /* padded by characters, not bytes: "ngày:" is 5 columns in 6 bytes */
    size_t cols = 0;
    for (const char *c = label; *c; c++)
        cols += ((unsigned char)*c & 0xC0) != 0x80;
    printf("%s%*s", label, cols < 10 ? (int)(11 - cols) : 1, "");
}

void
cli_print_place(json_t *o)
{
    json_int_t page = json_integer_value(json_object_get(o, "page"));
    const char *heading = json_string_value(json_object_get(o, "heading"));
    if (!page && !heading)
        return;
    printf("   ");
    if (page)
        printf(_("p. %lld"), (long long)page);
    if (heading)
        printf(_("%sunder \"%s\""), page ? " · " : "", heading);
    printf("\n");
}

const char *
cli_hl_open(const cli_ctx *ctx)
{
    return ctx->color ? "\033[1;33m" : "[";
}

const char *
cli_hl_close(const cli_ctx *ctx)
{
    return ctx->color ? "\033[0m" : "]";
}

int
cli_emit_answer(cli_ctx *ctx, tracuu_index *ix, tracuu_status st, char *js,
                void (*text)(cli_ctx *ctx, json_t *obj))
{
    if (st != TRACUU_OK) {
        free(js);
        if (st == TRACUU_ENOTFOUND)
            return cli_fail_code(ctx, EXIT_INPUT, "not_found", NULL, "%s",
                                 tracuu_index_errmsg(ix));
        return cli_fail_status(ctx, st, tracuu_index_errmsg(ix));
    }
    json_t *o = json_loads(js, 0, NULL);
    free(js);
    if (!o)
        return cli_fail(ctx, EXIT_INTERNAL, _("bad answer from the library"));
    return cli_emit(ctx, o, text);
}

int
cli_doc_command(cli_ctx *ctx, int argc, char **argv,
                tracuu_status (*ask)(char **out, tracuu_index *ix, const char *doc),
                void (*text)(cli_ctx *ctx, json_t *obj))
{
    if (argc != 2)
        return cli_fail(ctx, EXIT_USAGE, _("%s: give one DOC (a path or a dockey)"), argv[0]);
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    if (rc != 0)
        return rc;
    char *js = NULL;
    tracuu_status st = ask(&js, ix, argv[1]);
    rc = cli_emit_answer(ctx, ix, st, js, text);
    cli_close_index(ctx, ix);
    return rc;
}

double
cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
