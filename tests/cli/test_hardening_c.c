/*
 * test_hardening_c.c - the real tracuu binary on the last cases of the hardening issue:
 * a PDF of 20,000 pages (#8: every page indexed, not the first 10,000), `show` of a
 * document whose path holds bytes that are not UTF-8, and `watch` on a root whose name is
 * not UTF-8 (#3's principle: file names are bytes). Each test runs the program as a user
 * would, in a fresh temporary folder.
 */
#define _GNU_SOURCE
#include <check.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

static char *dir, *ixpath, *docs;

#define run(...) tu_tracuu(dir, __VA_ARGS__)

static void
setup(void)
{
    dir = tu_tmpdir();
    size_t n = strlen(dir) + 16;
    ixpath = malloc(n);
    docs = malloc(n);
    snprintf(ixpath, n, "%s/index", dir);
    snprintf(docs, n, "%s/docs", dir);
}

static void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
    free(ixpath);
    free(docs);
}

/* A PDF of `pages` pages written object by object, each page one line of Helvetica text
 * that differs from page to page only by its number ("Muc 15000 ghi so lieu kiem tra"), as
 * a generated report or a long table prints. Such a line sits at the page's edge on every
 * page, where running headers live: the header detector must not take it for one. */
static char *
write_long_pdf(const char *folder, const char *name, int pages)
{
    size_t cap = (size_t)pages * 400 + 4096, len = 0;
    char *pdf = malloc(cap);
    long *off = calloc((size_t)(2 * pages + 4), sizeof *off);
    ck_assert(pdf && off);
    len += (size_t)sprintf(pdf + len, "%%PDF-1.4\n");
    off[1] = (long)len;
    len += (size_t)sprintf(pdf + len, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    off[2] = (long)len;
    len += (size_t)sprintf(pdf + len, "2 0 obj << /Type /Pages /Count %d /Kids [", pages);
    for (int p = 0; p < pages; p++) {
        ck_assert(len + 64 < cap);
        len += (size_t)sprintf(pdf + len, "%d 0 R ", 4 + 2 * p);
    }
    len += (size_t)sprintf(pdf + len, "] >> endobj\n");
    off[3] = (long)len;
    len += (size_t)sprintf(pdf + len, "3 0 obj << /Type /Font /Subtype /Type1 /BaseFont "
                                      "/Helvetica >> endobj\n");
    for (int p = 0; p < pages; p++) {
        char content[128];
        int cl = snprintf(content, sizeof content,
                          "BT /F1 12 Tf 72 700 Td (Muc %d ghi so lieu kiem tra) Tj ET\n", p + 1);
        ck_assert(len + 400 < cap);
        off[4 + 2 * p] = (long)len;
        len += (size_t)sprintf(pdf + len, "%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox "
                                          "[0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
                                          ">> /Contents %d 0 R >> endobj\n",
                               4 + 2 * p, 5 + 2 * p);
        off[5 + 2 * p] = (long)len;
        len += (size_t)sprintf(pdf + len, "%d 0 obj << /Length %d >>\nstream\n%sendstream endobj\n",
                               5 + 2 * p, cl, content);
    }
    int nobj = 2 * pages + 4;
    long xref = (long)len;
    ck_assert(len + (size_t)nobj * 20 + 200 < cap);
    len += (size_t)sprintf(pdf + len, "xref\n0 %d\n0000000000 65535 f \n", nobj);
    for (int k = 1; k < nobj; k++)
        len += (size_t)sprintf(pdf + len, "%010ld 00000 n \n", off[k]);
    len += (size_t)sprintf(pdf + len, "trailer << /Size %d /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n",
                           nobj, xref);
    char *path = tu_write(folder, name, pdf, len);
    free(off);
    free(pdf);
    return path;
}

/* The page of the first hit of a JSON search, 0 when none. */
static unsigned
first_page(const char *query)
{
    tu_result r = run(NULL, "--index", ixpath, "--json", "search", query, NULL);
    ck_assert_msg(r.code == 0 || r.code == 1, "%s: exit %d: %s", query, r.code, r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    ck_assert_msg(o, "%s: not JSON: %s", query, r.out);
    json_t *h = json_array_get(json_object_get(o, "results"), 0);
    unsigned page = h ? (unsigned)json_integer_value(json_object_get(h, "page")) : 0;
    json_decref(o);
    tu_result_free(&r);
    return page;
}

/* #8: a PDF of 20,000 pages: a line of page 15,000 and of the last page are found, on their
 * pages (was: nothing after page 9,999, silently). */
START_TEST(test_pdf_20000_pages)
{
    free(write_long_pdf(docs, "so-lieu.pdf", 20000));
    tu_result r = run(NULL, "--index", ixpath, "index", docs, NULL);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
    static const struct {
        const char *query;
        unsigned page;
    } want[] = {{"\"muc 15000 ghi\"", 15000}, {"\"muc 20000 ghi\"", 20000},
                {"\"muc 10000 ghi\"", 10000}, {"\"muc 9999 ghi\"", 9999},
                {"\"muc 1 ghi\"", 1}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        unsigned page = first_page(want[i].query);
        ck_assert_msg(page == want[i].page, "%s: page %u", want[i].query, page);
    }
}
END_TEST

/* #3's principle for reading: `show` of a document whose path has raw non-UTF-8 bytes, by
 * those bytes and by the escaped name results print; text and JSON escape them. */
START_TEST(test_show_raw_name)
{
    free(tu_write_str(docs, "thon-\xff/bao-\xfe\x1b.txt", "Báo cáo dân vận khéo ở thôn.\n"));
    tu_result r = run(NULL, "--index", ixpath, "index", docs, NULL);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
    char raw[600], shown[600];
    snprintf(raw, sizeof raw, "%s/thon-\xff/bao-\xfe\x1b.txt", docs);
    snprintf(shown, sizeof shown, "%s/thon-\\xFF/bao-\\xFE\x1b.txt", docs);
    const char *names[] = {raw, shown};
    for (int k = 0; k < 2; k++) {
        r = run(NULL, "--index", ixpath, "show", names[k], NULL);
        ck_assert_msg(r.code == 0, "show %d: exit %d: %s", k, r.code, r.err);
        ck_assert_msg(strstr(r.out, "thon-\\xFF/bao-\\xFE\\x1b.txt"), "%s", r.out);
        ck_assert_msg(!strchr(r.out, '\033') && !strchr(r.out, '\xff'), "raw bytes: %s", r.out);
        tu_result_free(&r);
        r = run(NULL, "--index", ixpath, "--json", "show", names[k], NULL);
        ck_assert_msg(r.code == 0, "show --json %d: exit %d: %s", k, r.code, r.err);
        json_t *o = json_loads(r.out, 0, NULL);
        ck_assert_msg(o, "not JSON: %s", r.out);
        const char *path = json_string_value(json_object_get(o, "path"));
        ck_assert_msg(path && strstr(path, "thon-\\xFF/bao-\\xFE\x1b.txt"), "%s", r.out);
        json_decref(o);
        tu_result_free(&r);
    }
    /* a raw name that is not indexed: a JSON error object naming it, escaped */
    snprintf(raw, sizeof raw, "%s/thon-\xff/khac-\xfe.txt", docs);
    r = run(NULL, "--index", ixpath, "--json", "show", raw, NULL);
    ck_assert_msg(r.code == 5, "exit %d: %s", r.code, r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    ck_assert_msg(o, "no JSON error: '%s' %s", r.out, r.err);
    const char *msg = json_string_value(json_object_get(json_object_get(o, "error"), "message"));
    ck_assert_msg(msg && strstr(msg, "khac-\\xFE.txt"), "%s", r.out);
    json_decref(o);
    tu_result_free(&r);
}
END_TEST

/* Is `fragment` in what a search for `query` prints? */
static int
found(const char *query, const char *fragment)
{
    tu_result r = run(NULL, "--index", ixpath, "search", query, NULL);
    int yes = r.code == 0 && strstr(r.out, fragment) != NULL;
    tu_result_free(&r);
    return yes;
}

/* `watch` on a root whose name is not valid UTF-8: the first run indexes it and a file
 * created afterwards is indexed by the watch (was: "no root folder to watch", exit 2). */
START_TEST(test_watch_raw_root)
{
    char root[600];
    snprintf(root, sizeof root, "%s/x\xe3-\xff", docs);
    free(tu_write_str(root, "dau.txt", "Báo cáo đầu tiên về công tác dân vận.\n"));
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        FILE *devnull = freopen("/dev/null", "w", stdout);
        (void)devnull;
        const char *argv[] = {tu_env("TRACUU_BIN", "tracuu"), "--index", ixpath, "watch",
                              "--debounce", "0.2", root, NULL};
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int ok = 0;
    for (int i = 0; i < 100 && !ok; i++) {
        ok = found("dan van", "dau.txt");
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    ck_assert_msg(ok, "the first run did not index the root");
    free(tu_write_str(root, "sau.txt", "Kế hoạch giám sát của Mặt trận năm 2025.\n"));
    ok = 0;
    for (int i = 0; i < 100 && !ok; i++) {
        int status;
        ck_assert_msg(waitpid(pid, &status, WNOHANG) == 0, "watch ended: status %d", status);
        ok = found("giam sat", "x\\xE3-\\xFF/sau.txt");
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    ck_assert_msg(ok, "a file created under the root was not indexed by watch");
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("hardening_c");
    TCase *t = tcase_create("pdf");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
    tcase_add_test(t, test_pdf_20000_pages);
    suite_add_tcase(s, t);
    t = tcase_create("names");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_show_raw_name);
    tcase_add_test(t, test_watch_raw_root);
    suite_add_tcase(s, t);
    return tu_run(s);
}
