/*
 * serve_http.c - one HTTP request of `tracuu serve`, from libmicrohttpd's callbacks to the
 * answer: method and size checks, the route table, the security headers every answer
 * carries, the mapping of library statuses to HTTP statuses, and one access log line per
 * request on stderr in the Common Log Format.
 *
 * Routes are matched exactly against a fixed table: no request path is ever mapped to the
 * file system (the original of a document is served by /tep only after the index names
 * it).
 */
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"
#include "serve_http.h"

static const struct route {
    const char *path;
    void (*run)(serve_req *r);
} routes[] = {
    {"/", page_search},
    {"/tim-kiem", page_search},
    {"/van-ban", page_doc},
    {"/tep", page_file},
    {"/trich-dan", page_cites},
    {"/tuong-tu", page_similar},
    {"/lap-lai", page_recurring},
    {"/tinh-trang", page_status},
    {"/static/style.css", serve_static_css},
    {"/api/search", api_search},
    {"/api/show", api_show},
    {"/api/cites", api_cites},
    {"/api/refs", api_refs},
    {"/api/cocited", api_cocited},
    {"/api/similar", api_similar},
    {"/api/recurring", api_recurring},
    {"/api/status", api_status},
};

static void fail_with(serve_req *r, unsigned http, const char *ecode, const char *status,
                      int code, const char *msg);

/* What the access log needs, kept from the first callback to the last. */
typedef struct conn_log {
    char *target;   /* the raw request target, as sent */
    char method[12];
    char version[12];
    unsigned status;
    uint64_t bytes;
    time_t when;
    int seen;      /* the request head has been through serve_on_request once */
    int responded; /* an answer is queued */
} conn_log;

void *
serve_on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    conn_log *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->target = strdup(uri ? uri : "");
    l->when = time(NULL);
    return l;
}

/* The request target for the log: quotes, backslashes, controls and non-ASCII as \xNN,
 * so a log line is one line whatever a client sends. */
static void
log_escaped(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
            fprintf(f, "\\x%02x", *p);
        else
            fputc(*p, f);
    }
}

void
serve_on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
              enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)toe;
    conn_log *l = *con_cls;
    if (!l)
        return;
    char host[64] = "-";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr)
        getnameinfo(ci->client_addr,
                    ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                            : sizeof(struct sockaddr_in),
                    host, sizeof host, NULL, 0, NI_NUMERICHOST);
    char date[64];
    struct tm tm;
    localtime_r(&l->when, &tm);
    strftime(date, sizeof date, "%d/%b/%Y:%H:%M:%S %z", &tm);
    /* one fprintf-sequence per line under the stream's lock: lines never interleave */
    flockfile(stderr);
    fprintf(stderr, "%s - - [%s] \"%s ", host, date, l->method[0] ? l->method : "-");
    log_escaped(stderr, l->target ? l->target : "-");
    fprintf(stderr, "%s%s\" %u ", l->version[0] ? " " : "", l->version, l->status ? l->status : 500);
    if (l->bytes)
        fprintf(stderr, "%llu\n", (unsigned long long)l->bytes);
    else
        fprintf(stderr, "-\n");
    fflush(stderr);
    funlockfile(stderr);
    free(l->target);
    free(l);
    *con_cls = NULL;
}

const char *
serve_arg(serve_req *r, const char *name)
{
    const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
    return v && *v ? v : NULL;
}

long
serve_uint_arg(serve_req *r, const char *name, unsigned long def, unsigned long max)
{
    const char *v = serve_arg(r, name);
    if (!v)
        return (long)def;
    char *end = NULL;
    unsigned long x = strtoul(v, &end, 10);
    if (*end || v[0] == '-' || v[0] == '+' || x > max) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s takes a whole number from 0 to %lu", name, max);
        serve_fail(r, TRACUU_EINVAL, msg);
        return -1;
    }
    return (long)x;
}

int
serve_open(serve_req *r)
{
    if (r->ix)
        return 0;
    char *msg = NULL;
    tracuu_open_options oo = TRACUU_OPEN_OPTIONS_INIT;
    oo.timeout_ms = r->conf->timeout_ms;
    oo.partial = r->conf->partial;
    tracuu_status st = tracuu_index_open_with(&r->ix, r->conf->index_path, TRACUU_MODE_READ,
                                              &oo, &msg);
    if (st == TRACUU_OK) {
        free(msg);
        return 0;
    }
    /* No index is the server's trouble, not the request's: 503, not 404. */
    fail_with(r, 503, st == TRACUU_ENOTFOUND ? "no_index" : cli_code_for_status(st),
              tracuu_status_str(st), cli_exit_for(st),
              st == TRACUU_ENOTFOUND ? "no index here yet (create one with `tracuu index PATH`)"
                                     : msg ? msg : tracuu_status_str(st));
    free(msg);
    return -1;
}

static unsigned
http_for(tracuu_status st)
{
    switch (st) {
    case TRACUU_EINVAL:
    case TRACUU_EBADQUERY:
        return 400;
    case TRACUU_ENOTFOUND:
        return 404;
    case TRACUU_ELOCKED:
    case TRACUU_ERETRY:
    case TRACUU_EUNAVAIL:
        return 503;
    default:
        return 500;
    }
}

/* The failure answer: the CLI's error object (with the exit code the CLI would give) or
 * an error page, replacing whatever was built so far. */
static void
fail_with(serve_req *r, unsigned http, const char *ecode, const char *status, int code,
          const char *msg)
{
    sb_free(&r->body);
    sb_init(&r->body, SERVE_MAX_BODY);
    r->status = http;
    if (r->api) {
        json_t *o = cli_error_json(msg, ecode, status, code);
        serve_json(r, o);
        r->status = http;
        return;
    }
    const serve_text *t = r->t;
    page_begin(r, t->error, NULL);
    sb_puts(&r->body, "<h1>");
    sb_html(&r->body, t->error);
    sb_printf(&r->body, " %u</h1>\n<p>", http);
    sb_html(&r->body, http == 404 ? t->err_missing : http == 503 ? t->err_busy
                      : http < 500 ? t->err_request : t->err_server);
    sb_puts(&r->body, "</p>\n<p class=\"error\">");
    sb_html(&r->body, msg);
    sb_puts(&r->body, "</p>\n");
    page_end(r);
    r->status = http;
}

void
serve_fail_http(serve_req *r, unsigned http, const char *status, const char *msg)
{
    int code = http >= 400 && http < 500 && http != 404 ? EXIT_USAGE
              : http == 404                            ? EXIT_INPUT
              : http == 503                            ? EXIT_LOCKED
                                                       : EXIT_INTERNAL;
    fail_with(r, http, http == 404 ? "not_found" : cli_code_for_exit(code), status, code, msg);
}

void
serve_fail(serve_req *r, tracuu_status st, const char *msg)
{
    /* a document that is not there is bad input (exit 5), as cli_emit_answer says */
    fail_with(r, http_for(st), cli_code_for_status(st), tracuu_status_str(st),
              st == TRACUU_ENOTFOUND ? EXIT_INPUT : cli_exit_for(st),
              msg && *msg ? msg : tracuu_status_str(st));
}

json_t *
serve_answer(serve_req *r, tracuu_status st, char *js)
{
    if (st != TRACUU_OK) {
        free(js);
        serve_fail(r, st, r->ix ? tracuu_index_errmsg(r->ix) : NULL);
        return NULL;
    }
    json_t *o = json_loads(js, 0, NULL);
    free(js);
    if (!o)
        serve_fail(r, TRACUU_EINTERNAL, "bad answer from the library");
    return o;
}

void
serve_json(serve_req *r, json_t *o)
{
    r->ctype = "application/json; charset=utf-8";
    r->status = 200;
    if (!o) {
        r->body.failed = 1;
        return;
    }
    cli_json_contract(o); /* the same "version" and dates as the CLI's */
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!s) {
        r->body.failed = 1;
        return;
    }
    sb_puts(&r->body, s);
    sb_puts(&r->body, "\n");
    free(s);
}

static void
add_headers(struct MHD_Response *resp, const serve_req *r)
{
    MHD_add_response_header(resp, "Content-Type", r->ctype);
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Cache-Control", r->cache ? "max-age=3600" : "no-store");
    if (r->disposition)
        MHD_add_response_header(resp, "Content-Disposition", r->disposition);
    if (r->status == 405)
        MHD_add_response_header(resp, "Allow", "GET, HEAD");
}

/* Build the answer of one request into r. */
static void
route(serve_req *r, const char *method, const char *url, conn_log *l)
{
    size_t nb = strlen(r->conf->base);
    if (nb && !strncmp(url, r->conf->base, nb) && (url[nb] == '/' || !url[nb]))
        url += nb;
    r->path = *url ? url : "/";
    r->api = !strncmp(r->path, "/api/", 5);
    const char *lang = serve_arg(r, "lang");
    r->en = lang && !strcmp(lang, "en");
    r->t = r->en ? &serve_en : &serve_vi;
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        serve_fail_http(r, 405, "usage", "only GET and HEAD are allowed");
        return;
    }
    if (!l || !l->target) {
        serve_fail(r, TRACUU_ENOMEM, "out of memory");
        return;
    }
    if (strlen(l->target) > SERVE_MAX_TARGET) {
        char msg[96];
        snprintf(msg, sizeof msg, "the request is too long (at most %u bytes)", SERVE_MAX_TARGET);
        serve_fail_http(r, 414, "usage", msg);
        return;
    }
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (!strcmp(routes[i].path, r->path)) {
            routes[i].run(r);
            return;
        }
    serve_fail_http(r, 404, "not found", "no such page");
}

enum MHD_Result
serve_on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                 const char *version, const char *upload_data, size_t *upload_size,
                 void **con_cls)
{
    (void)upload_data;
    conn_log *l = *con_cls;
    if (l && l->responded) {
        /* a body after a refused request: ignore it */
        *upload_size = 0;
        return MHD_YES;
    }
    if (l && !l->seen) {
        l->seen = 1;
        snprintf(l->method, sizeof l->method, "%s", method);
        snprintf(l->version, sizeof l->version, "%s", version);
        /* GET and HEAD are answered on the second call, once the request is complete:
         * an answer queued on the first one makes libmicrohttpd close the connection
         * instead of keeping it alive. Anything else is refused at once. */
        if (!strcmp(method, "GET") || !strcmp(method, "HEAD"))
            return MHD_YES;
    }
    serve_req r;
    memset(&r, 0, sizeof r);
    r.conn = conn;
    r.conf = cls;
    r.fd = -1;
    r.status = 200;
    r.ctype = "text/html; charset=utf-8";
    sb_init(&r.body, SERVE_MAX_BODY);
    route(&r, method, url, l);
    /* answers are built whole: close the index before sending */
    tracuu_index_close(r.ix);
    r.ix = NULL;
    if (r.body.failed) {
        if (r.fd >= 0)
            close(r.fd);
        r.fd = -1;
        sb_free(&r.body);
        sb_init(&r.body, SERVE_MAX_BODY);
        r.status = 500;
        r.ctype = "text/plain; charset=utf-8";
        sb_puts(&r.body, "500 the answer could not be built (too large, or out of memory)\n");
    }
    struct MHD_Response *resp;
    uint64_t bytes;
    if (r.fd >= 0) {
        resp = MHD_create_response_from_fd64(r.fsize, r.fd);
        bytes = r.fsize;
        if (!resp)
            close(r.fd);
        sb_free(&r.body);
    } else {
        bytes = r.body.len;
        resp = MHD_create_response_from_buffer(r.body.len, r.body.p ? r.body.p : (void *)"",
                                               r.body.p ? MHD_RESPMEM_MUST_FREE
                                                        : MHD_RESPMEM_PERSISTENT);
        if (resp)
            r.body.p = NULL; /* the response owns it now */
        sb_free(&r.body);
    }
    if (!resp) {
        free(r.disposition);
        return MHD_NO;
    }
    add_headers(resp, &r);
    free(r.disposition);
    if (l) {
        l->responded = 1;
        l->status = r.status;
        l->bytes = strcmp(method, "HEAD") ? bytes : 0;
    }
    enum MHD_Result ret = MHD_queue_response(conn, r.status, resp);
    MHD_destroy_response(resp);
    return ret;
}
