/*
 * test_serve.c - `tracuu serve` from the outside: the real binary on 127.0.0.1 with a port
 * the kernel picks (--listen 127.0.0.1:0 prints it), on an index of corpus/ plus a folder
 * of hostile documents, asked over HTTP with libcurl. Every page and API route, escaping,
 * path traversal, oversized and malformed requests, headers, the access log, and a reindex
 * seen by the next request without a restart.
 */
#include <check.h>
#include <curl/curl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

static char *dir, *ixpath, *extra, *logpath;
static pid_t server = -1;
static int port;
static int server_failed; /* set by teardown: the server did not stop cleanly */

/* Hostile text in a document's title and body: the pages must show it escaped. */
static const char xss_doc[] =
    "Báo cáo <script>alert(1)</script> kết quả quokkaxss\n\n"
    "UBND xã Thử, ngày 10 tháng 3 năm 2020\n\n"
    "Đoạn có \"><img src=x onerror=alert(1)> và quokkaxss theo Nghị quyết 25-NQ/TW.\n";

typedef struct http {
    long status;
    char *body;
    size_t len;
    char *head;
    size_t hlen;
} http;

static size_t
collect(char *p, size_t size, size_t n, void *userdata)
{
    char **buf = userdata;
    size_t *len = (size_t *)(buf + 1);
    size_t add = size * n;
    char *b = realloc(*buf, *len + add + 1);
    if (!b)
        return 0;
    memcpy(b + *len, p, add);
    *len += add;
    b[*len] = '\0';
    *buf = b;
    return add;
}

/* GET (or `method`) http://127.0.0.1:PORT + target, as sent (no path normalization). */
static http
req(const char *method, const char *target)
{
    struct {
        char *p;
        size_t n;
    } body = {NULL, 0}, head = {NULL, 0};
    http h = {0, NULL, 0, NULL, 0};
    char url[8192];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, target);
    CURL *c = curl_easy_init();
    ck_assert_ptr_nonnull(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &head);
    if (!strcmp(method, "HEAD"))
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    else if (!strcmp(method, "POST"))
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, "q=dan+van");
    else if (strcmp(method, "GET"))
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    CURLcode rc = curl_easy_perform(c);
    ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, target, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &h.status);
    curl_easy_cleanup(c);
    h.body = body.p ? body.p : strdup("");
    h.len = body.n;
    h.head = head.p ? head.p : strdup("");
    h.hlen = head.n;
    return h;
}

static http
get(const char *target)
{
    return req("GET", target);
}

static void
http_free(http *h)
{
    free(h->body);
    free(h->head);
}

/* A JSON answer of the API, 200 expected. */
static json_t *
get_json(const char *target)
{
    http h = get(target);
    ck_assert_msg(h.status == 200, "%s: %ld %s", target, h.status, h.body);
    json_t *o = json_loads(h.body, 0, NULL);
    ck_assert_msg(o != NULL, "%s: not JSON: %s", target, h.body);
    http_free(&h);
    return o;
}

static void
run_ok(const char *a, const char *b, const char *c)
{
    tu_result r = tu_tracuu(dir, NULL, "--index", ixpath, a, b, c, NULL);
    ck_assert_msg(r.code == 0, "tracuu %s: exit %d: %s", a, r.code, r.err);
    tu_result_free(&r);
}

/* Start `tracuu serve` on 127.0.0.1:0 with --base-url base (NULL: none), its stderr to
 * log; *port_out gets the port it prints. */
static pid_t
spawn_server(const char *index, const char *base, const char *log, int *port_out)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    const char *bin = tu_env("TRACUU_BIN", "tracuu");
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        FILE *f = fopen(log, "w");
        if (f)
            dup2(fileno(f), 2);
        execl(bin, bin, "--index", index, "serve", "--listen", "127.0.0.1:0", "--threads", "2",
              "--base-url", base ? base : "", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    /* the first line names the address; bounded wait */
    char line[256] = "";
    size_t n = 0;
    struct pollfd pfd = {fds[0], POLLIN, 0};
    for (int tries = 0; tries < 300 && n < sizeof line - 1 && !strchr(line, '\n'); tries++) {
        if (poll(&pfd, 1, 100) <= 0)
            continue;
        ssize_t k = read(fds[0], line + n, sizeof line - 1 - n);
        if (k <= 0)
            break;
        n += (size_t)k;
        line[n] = '\0';
    }
    close(fds[0]);
    const char *colon = strrchr(line, ':');
    ck_assert_msg(colon && strstr(line, "listening on http://127.0.0.1:"), "server said: %s", line);
    *port_out = atoi(colon + 1);
    ck_assert_int_gt(*port_out, 0);
    return pid;
}

static void
start_server(void)
{
    server = spawn_server(ixpath, NULL, logpath, &port);
}

static void
setup(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    dir = tu_tmpdir();
    size_t n = strlen(dir) + 32;
    ixpath = malloc(n);
    extra = malloc(n);
    logpath = malloc(n);
    snprintf(ixpath, n, "%s/index", dir);
    snprintf(extra, n, "%s/extra", dir);
    snprintf(logpath, n, "%s/serve.log", dir);
    free(tu_write_str(extra, "tinh/huyen/xa-thu/2020-bao-cao-thu.txt", xss_doc));
    const char *root = tu_env("TRACUU_SOURCE_ROOT", ".");
    char *corpus = malloc(strlen(root) + 16);
    sprintf(corpus, "%s/corpus", root);
    /* corpus/ follows the folder convention (meta.h); extra's folders are named as places */
    tu_result ir = tu_tracuu(dir, NULL, "--index", ixpath, "index", "--base", corpus, corpus, extra,
                             NULL);
    ck_assert_msg(ir.code == 0, "tracuu index: exit %d: %s", ir.code, ir.err);
    tu_result_free(&ir);
    free(corpus);
    start_server();
}

static void
teardown(void)
{
    if (server > 0) {
        /* SIGTERM must stop it with exit 0, and its log must hold no sanitizer report (a
         * leak is reported at exit, a UBSan error does not stop it) */
        kill(server, SIGTERM);
        int status = 0;
        waitpid(server, &status, 0);
        server = -1;
        char *log = tu_read(logpath, NULL);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
            (log && (strstr(log, "Sanitizer") || strstr(log, "runtime error")))) {
            fprintf(stderr, "tracuu serve did not stop cleanly (status %d):\n%s\n", status,
                    log ? log : "");
            server_failed = 1;
        }
        free(log);
    }
    tu_rmrf(dir);
    free(dir);
    free(ixpath);
    free(extra);
    free(logpath);
    curl_global_cleanup();
}

/* ---- every route answers ------------------------------------------------------------- */

static const struct {
    const char *target, *expect;
} routes[] = {
    {"/", "Tìm kiếm"},
    {"/tim-kiem?q=dan+van", "<mark>"},
    {"/tim-kiem?q=dan+van", "Loại văn bản"},
    {"/van-ban?doc={KEY}", "Các đoạn văn"},
    {"/trich-dan?id=217-Q%C4%90%2FTW", "<svg"},
    {"/trich-dan?id=217-Q%C4%90%2FTW", "Số báo cáo theo xã"},
    {"/tuong-tu?text=kinh+ph%C3%AD+c%C3%B2n+h%E1%BA%A1n+ch%E1%BA%BF", "Ý tương tự"},
    {"/lap-lai?min_communes=3", "Lặp lại"},
    {"/tinh-trang", "Phiên bản chỉ mục"},
    {"/static/style.css", "Segoe UI"},
    {"/api/search?q=dan+van", "\"results\""},
    {"/api/show?doc={KEY}", "\"dockey\""},
    {"/api/cites?id=217-Q%C4%90%2FTW&stats=1", "\"by_year\""},
    {"/api/refs?doc={KEY}", "\"refs\""},
    {"/api/cocited?id=217-Q%C4%90%2FTW", "\"cocited\""},
    {"/api/similar?text=kinh+ph%C3%AD+c%C3%B2n+h%E1%BA%A1n+ch%E1%BA%BF", "\"results\""},
    {"/api/recurring?min_communes=3", "\"groups\""},
    {"/api/status", "\"revision\""},
    {"/?lang=en", "Search"},
    {"/tinh-trang?lang=en", "Index revision"},
};

/* The 16-digit key of the corpus's Long Thới news item, asked of the server (it depends on
 * where the checkout lies), and a target with "{KEY}" replaced by it (static buffer). */
static char doc_key[17];

static const char *
keyed(const char *target)
{
    static char out[512];
    const char *k = strstr(target, "{KEY}");
    if (!k)
        return target;
    if (!doc_key[0]) {
        json_t *o = get_json("/api/search?q=bi%E1%BB%83u+d%C6%B0%C6%A1ng+12+m%C3%B4+h%C3%ACnh"
                             "&docs=1&limit=1");
        const char *path = json_string_value(json_object_get(
            json_array_get(json_object_get(o, "results"), 0), "path"));
        ck_assert_msg(path && strstr(path, "long-thoi"), "no Long Thới item");
        char *esc = curl_easy_escape(NULL, path, 0), show[1024];
        snprintf(show, sizeof show, "/api/show?doc=%s", esc);
        curl_free(esc);
        json_decref(o);
        o = get_json(show);
        snprintf(doc_key, sizeof doc_key, "%s", json_string_value(json_object_get(o, "dockey")));
        json_decref(o);
    }
    snprintf(out, sizeof out, "%.*s%s%s", (int)(k - target), target, doc_key, k + 5);
    return out;
}

START_TEST(test_routes)
{
    http h = get(keyed(routes[_i].target));
    ck_assert_msg(h.status == 200, "%s: %ld", routes[_i].target, h.status);
    ck_assert_msg(strstr(h.body, routes[_i].expect), "%s lacks %s", routes[_i].target,
                  routes[_i].expect);
    ck_assert_msg(strstr(h.head, "charset=utf-8"), "%s: %s", routes[_i].target, h.head);
    http_free(&h);
}
END_TEST

START_TEST(test_headers)
{
    http h = get("/tim-kiem?q=dan+van");
    ck_assert(strstr(h.head, "Content-Security-Policy: default-src 'self'; script-src 'self'"));
    ck_assert(strstr(h.head, "X-Content-Type-Options: nosniff"));
    ck_assert(strstr(h.head, "Content-Type: text/html; charset=utf-8"));
    ck_assert(strstr(h.body, "<meta name=\"viewport\""));
    ck_assert(strstr(h.body, "<html lang=\"vi\">"));
    ck_assert(strstr(h.body, "lang=en\">English</a>")); /* the switch on every page */
    ck_assert(!strstr(h.body, "<script"));             /* no inline script */
    ck_assert(!strstr(h.body, "style=\""));            /* no inline style (CSP) */
    http_free(&h);
    h = get("/api/status");
    ck_assert(strstr(h.head, "Content-Type: application/json; charset=utf-8"));
    http_free(&h);
}
END_TEST

/* ---- search -------------------------------------------------------------------------- */

START_TEST(test_unmarked_query)
{
    json_t *o = get_json("/api/search?q=dan+van&limit=5");
    ck_assert_int_gt(json_integer_value(json_object_get(o, "total")), 10);
    json_t *first = json_array_get(json_object_get(o, "results"), 0);
    /* the same objects as `tracuu --json search`: <b> snippets, spans */
    ck_assert(strstr(json_string_value(json_object_get(first, "snippet")), "<b>"));
    ck_assert(json_is_array(json_object_get(first, "highlights")));
    json_decref(o);
    http h = get("/tim-kiem?q=dan+van");
    ck_assert(strstr(h.body, "<mark>Dân</mark> <mark>vận</mark>") ||
              strstr(h.body, "<mark>dân</mark> <mark>vận</mark>"));
    http_free(&h);
}
END_TEST

START_TEST(test_filter_narrows)
{
    json_t *all = get_json("/api/search?q=dan+van&facets=1");
    json_t *one = get_json("/api/search?q=dan+van&facets=1&commune=Long+Th%E1%BB%9Bi&limit=100");
    json_int_t na = json_integer_value(json_object_get(all, "total"));
    json_int_t n1 = json_integer_value(json_object_get(one, "total"));
    ck_assert_int_gt(n1, 0);
    ck_assert_int_lt(n1, na);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(one, "results"), i, r)
        ck_assert_str_eq(json_string_value(json_object_get(r, "commune")), "Long Thới");
    ck_assert(json_object_get(json_object_get(all, "facets"), "district"));
    json_decref(all);
    json_decref(one);
    /* the page's facet link for the commune filter, percent-encoded */
    http h = get("/tim-kiem?q=dan+van");
    ck_assert(strstr(h.body, "commune=Long%20Th%E1%BB%9Bi"));
    http_free(&h);
    h = get("/tim-kiem?q=dan+van&since=2019&until=2019");
    ck_assert(strstr(h.body, "Từ năm: 2019"));
    http_free(&h);
}
END_TEST

START_TEST(test_paging)
{
    json_t *p1 = get_json("/api/search?q=dan+van&limit=10");
    json_t *p2 = get_json("/api/search?q=dan+van&limit=10&offset=10");
    json_t *a = json_array_get(json_object_get(p1, "results"), 0);
    json_t *b = json_array_get(json_object_get(p2, "results"), 0);
    ck_assert_ptr_nonnull(b);
    ck_assert(strcmp(json_string_value(json_object_get(a, "text")),
                     json_string_value(json_object_get(b, "text"))) ||
              json_integer_value(json_object_get(a, "passage")) !=
                  json_integer_value(json_object_get(b, "passage")));
    json_decref(p1);
    json_decref(p2);
    http h = get("/tim-kiem?q=dan+van");
    ck_assert(strstr(h.body, "rel=\"next\" href=\"/tim-kiem?q=dan%20van&amp;offset=10\""));
    http_free(&h);
    h = get("/tim-kiem?q=dan+van&offset=10");
    ck_assert(strstr(h.body, "rel=\"prev\""));
    http_free(&h);
}
END_TEST

START_TEST(test_no_results)
{
    /* under half of the words anywhere: nothing, even relaxed */
    http h = get("/tim-kiem?q=d%C3%A2n+zzqqxw+qqzzyy");
    ck_assert_int_eq(h.status, 200);
    ck_assert(strstr(h.body, "Không tìm thấy kết quả"));
    ck_assert(strstr(h.body, "q=dan%20zzqqxw%20qqzzyy")); /* the query without marks */
    http_free(&h);
    /* most of the words: the relaxed answer, saying so and naming the missing word */
    h = get("/tim-kiem?q=d%C3%A2n+v%E1%BA%ADn+zzqqxw");
    ck_assert_int_eq(h.status, 200);
    ck_assert_msg(strstr(h.body, "các đoạn chứa phần lớn các từ") &&
                      strstr(h.body, "Thiếu: <s>zzqqxw</s>"),
                  "%s", h.body);
    http_free(&h);
}
END_TEST

/* ---- safety -------------------------------------------------------------------------- */

START_TEST(test_escaping)
{
    static const char *const pages[] = {"/tim-kiem?q=quokkaxss", "/api/search?q=quokkaxss"};
    http h = get(pages[0]);
    ck_assert_int_eq(h.status, 200);
    ck_assert_msg(strstr(h.body, "&lt;script&gt;alert(1)&lt;/script&gt;"), "%s", h.body);
    ck_assert(!strstr(h.body, "<script>alert"));
    ck_assert(!strstr(h.body, "<img"));
    http_free(&h);
    /* the document page: title, passages, path */
    json_t *o = get_json(pages[1]);
    const char *path =
        json_string_value(json_object_get(json_array_get(json_object_get(o, "results"), 0), "path"));
    ck_assert_ptr_nonnull(path);
    char target[2048];
    CURL *c = curl_easy_init();
    char *enc = curl_easy_escape(c, path, 0);
    snprintf(target, sizeof target, "/van-ban?doc=%s", enc);
    curl_free(enc);
    curl_easy_cleanup(c);
    json_decref(o);
    h = get(target);
    ck_assert_int_eq(h.status, 200);
    ck_assert(strstr(h.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    ck_assert(strstr(h.body, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    ck_assert(!strstr(h.body, "<script>alert"));
    ck_assert(!strstr(h.body, "<img"));
    http_free(&h);
    /* a query echoed back: in the input value, the title, the no-result text */
    h = get("/tim-kiem?q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E");
    ck_assert(!strstr(h.body, "<img"));
    ck_assert(strstr(h.body, "&quot;&gt;&lt;img"));
    http_free(&h);
}
END_TEST

static const char *const traversal[] = {
    "/tep?doc=../../etc/passwd",
    "/tep?doc=%2Fetc%2Fpasswd",
    "/tep?doc=..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/static/../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2fetc%2fpasswd",
    "/../../etc/passwd",
    "/van-ban?doc=/etc/passwd",
};

START_TEST(test_traversal)
{
    http h = get(traversal[_i]);
    ck_assert_msg(h.status == 404 || h.status == 400, "%s: %ld", traversal[_i], h.status);
    ck_assert_msg(!strstr(h.body, "root:"), "%s leaked /etc/passwd", traversal[_i]);
    http_free(&h);
}
END_TEST

START_TEST(test_original_file)
{
    http h = get(keyed("/tep?doc={KEY}"));
    ck_assert_int_eq(h.status, 200);
    ck_assert(strstr(h.body, "Long Thới"));
    ck_assert(strstr(h.head, "Content-Disposition: attachment"));
    http_free(&h);
}
END_TEST

START_TEST(test_bad_requests)
{
    http h = req("POST", "/tim-kiem");
    ck_assert_int_eq(h.status, 405);
    ck_assert(strstr(h.head, "Allow: GET, HEAD"));
    http_free(&h);
    h = req("DELETE", "/api/status");
    ck_assert_int_eq(h.status, 405);
    ck_assert(strstr(h.body, "\"error\""));
    http_free(&h);
    h = req("HEAD", "/tim-kiem?q=dan+van");
    ck_assert_int_eq(h.status, 200);
    ck_assert_uint_eq(h.len, 0);
    http_free(&h);
    char longq[3000] = "/tim-kiem?q=";
    for (size_t n = strlen(longq); n < sizeof longq - 1; n++)
        longq[n] = 'a';
    longq[sizeof longq - 1] = '\0';
    h = get(longq);
    ck_assert_int_eq(h.status, 414);
    http_free(&h);
    /* HTTP status and the exit code the CLI gives for the same failure */
    static const struct {
        const char *target;
        long status;
        int exit_code;
    } bad[] = {
        {"/api/search?q=dan&limit=100000", 400, 2},
        {"/api/search?q=dan&offset=-1", 400, 2},
        {"/api/search?q=", 400, 2},
        {"/api/show?doc=0000000000000000", 404, 5},
        {"/api/refs?doc=/etc/passwd", 404, 5},
        {"/api/cites?id=khong-phai-so", 400, 2},
        {"/api/search?q=dan&commune=%22", 400, 2},
        {"/api/nope", 404, 5},
        {"/van-ban", 400, 0},
        {"/tim-kiem?q=dan&offset=x", 400, 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        h = get(bad[i].target);
        ck_assert_msg(h.status == bad[i].status, "%s: %ld %s", bad[i].target, h.status, h.body);
        if (!strncmp(bad[i].target, "/api/", 5)) {
            json_t *o = json_loads(h.body, 0, NULL);
            json_t *e = json_object_get(o, "error");
            ck_assert_msg(json_string_value(json_object_get(e, "message")), "%s", h.body);
            ck_assert_msg(json_integer_value(json_object_get(e, "exit")) == bad[i].exit_code,
                          "%s: %s", bad[i].target, h.body);
            json_decref(o);
        }
        http_free(&h);
    }
}
END_TEST

/* Two requests on one handle: the second reuses the connection (no new connect). */
START_TEST(test_keep_alive)
{
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/api/status", port);
    CURL *c = curl_easy_init();
    FILE *devnull = fopen("/dev/null", "w");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, devnull);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
    ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
    long connects = -1;
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects);
    ck_assert_int_eq(connects, 0);
    curl_easy_cleanup(c);
    fclose(devnull);
}
END_TEST

/* ---- freshness and the log --------------------------------------------------------- */

START_TEST(test_reindex_seen)
{
    json_t *o = get_json("/api/search?q=wombatnew");
    ck_assert_int_eq(json_array_size(json_object_get(o, "results")), 0);
    json_decref(o);
    free(tu_write_str(extra, "tinh/huyen/xa-moi/2021-bao-cao-moi.txt",
                      "Báo cáo mới\n\nTừ wombatnew chỉ có trong văn bản mới thêm.\n"));
    run_ok("reindex", NULL, NULL);
    o = get_json("/api/search?q=wombatnew");
    ck_assert_int_eq(json_array_size(json_object_get(o, "results")), 1);
    json_decref(o);
}
END_TEST

START_TEST(test_access_log)
{
    http h = get("/api/status?log=probe");
    http_free(&h);
    /* the line is written when the request completes: bounded wait */
    char *log = NULL;
    for (int tries = 0; tries < 50; tries++) {
        free(log);
        log = tu_read(logpath, NULL);
        if (log && strstr(log, "probe"))
            break;
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    ck_assert_ptr_nonnull(log);
    ck_assert_msg(strstr(log, "127.0.0.1 - - ["), "%s", log);
    ck_assert_msg(strstr(log, "] \"GET /api/status?log=probe HTTP/1.1\" 200 "), "%s", log);
    free(log);
}
END_TEST

/* Behind a proxy at /tracuu: links carry the prefix; requests work with and without it. */
START_TEST(test_base_url)
{
    char log[4096];
    snprintf(log, sizeof log, "%s/base.log", dir);
    int main_port = port;
    pid_t pid = spawn_server(ixpath, "/tracuu/", log, &port);
    http h = get("/tracuu/tim-kiem?q=dan+van");
    ck_assert_int_eq(h.status, 200);
    ck_assert(strstr(h.body, "href=\"/tracuu/static/style.css\""));
    ck_assert(strstr(h.body, "href=\"/tracuu/van-ban?doc="));
    ck_assert(strstr(h.body, "action=\"/tracuu/tim-kiem\""));
    http_free(&h);
    h = get("/tracuu/static/style.css");
    ck_assert_int_eq(h.status, 200);
    http_free(&h);
    h = get("/tim-kiem?q=dan+van");
    ck_assert_int_eq(h.status, 200);
    http_free(&h);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    port = main_port;
}
END_TEST

/* No index yet: the server starts, and every page says so with 503 (exit 3 in the API). */
START_TEST(test_no_index)
{
    char log[4096], missing[4096];
    snprintf(log, sizeof log, "%s/noindex.log", dir);
    snprintf(missing, sizeof missing, "%s/no-index-here", dir);
    int main_port = port;
    pid_t pid = spawn_server(missing, NULL, log, &port);
    http h = get("/api/status");
    ck_assert_int_eq(h.status, 503);
    ck_assert_msg(strstr(h.body, "\"exit\":3"), "%s", h.body);
    http_free(&h);
    h = get("/tim-kiem?q=dan+van");
    ck_assert_int_eq(h.status, 503);
    ck_assert(strstr(h.body, "Chỉ mục chưa sẵn sàng"));
    http_free(&h);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    port = main_port;
}
END_TEST

static Suite *
serve_suite(void)
{
    Suite *s = suite_create("serve");
    TCase *tc = tcase_create("http");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_routes, 0, (int)(sizeof routes / sizeof *routes));
    tcase_add_test(tc, test_headers);
    tcase_add_test(tc, test_unmarked_query);
    tcase_add_test(tc, test_filter_narrows);
    tcase_add_test(tc, test_paging);
    tcase_add_test(tc, test_no_results);
    tcase_add_test(tc, test_escaping);
    tcase_add_loop_test(tc, test_traversal, 0, (int)(sizeof traversal / sizeof *traversal));
    tcase_add_test(tc, test_original_file);
    tcase_add_test(tc, test_bad_requests);
    tcase_add_test(tc, test_keep_alive);
    tcase_add_test(tc, test_reindex_seen);
    tcase_add_test(tc, test_access_log);
    tcase_add_test(tc, test_base_url);
    tcase_add_test(tc, test_no_index);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    int rc = tu_run(serve_suite());
    return rc ? rc : server_failed;
}
