/*
 * test_cmdline.c - issue 19 on the real binary: COMMAND --help, "did you mean" for
 * commands and options, --opt=value, the date forms every date option and filter takes,
 * Vietnamese filter prefixes (xa:, huyện:, năm:, loại:...) and the error for an unknown
 * one, and the program speaking Vietnamese under vi_VN.UTF-8 (display names of slugs).
 */
#include <check.h>
#include <jansson.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tracuu.h"

static char *dir, *ixpath, *corpus;
static int indexed;

#define run(...) tu_tracuu(dir, __VA_ARGS__)

/* One index of the corpus for the whole run (read-only tests). */
static void
setup(void)
{
    dir = tu_tmpdir();
    size_t n = strlen(dir) + 16;
    ixpath = malloc(n);
    snprintf(ixpath, n, "%s/index", dir);
    const char *root = tu_env("TRACUU_SOURCE_ROOT", ".");
    n = strlen(root) + 16;
    corpus = malloc(n);
    snprintf(corpus, n, "%s/corpus", root);
}

static void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
    free(ixpath);
    free(corpus);
    indexed = 0;
}

static void
index_corpus(void)
{
    tu_result r = run(NULL, "--index", ixpath, "index", "--quiet", corpus, NULL);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
    indexed = 1;
}

/* "total" of `search --count QUERY` (exact), or -(exit code) when it fails. */
static long long
count(const char *query, const char *opt, const char *val)
{
    tu_result r = opt ? run(NULL, "--index", ixpath, "--json", "search", "--count", opt, val,
                            query, NULL)
                      : run(NULL, "--index", ixpath, "--json", "search", "--count", query, NULL);
    long long t = -r.code;
    if (r.code == 0) {
        json_t *o = json_loads(r.out, 0, NULL);
        ck_assert_ptr_nonnull(o);
        t = json_integer_value(json_object_get(o, "total"));
        json_decref(o);
    }
    tu_result_free(&r);
    return t;
}

START_TEST(test_command_help)
{
    static const char *const cmds[] = {"index", "reindex", "watch", "changes", "search",
                                       "status", "show", "cites", "refs", "cocited",
                                       "similar", "recurring", "serve", "shard", "citations",
                                       "debug", "help"};
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        tu_result r = run(NULL, "--index", "/nonexistent/ix", cmds[i], "--help", NULL);
        ck_assert_msg(r.code == 0, "%s --help: exit %d: %s", cmds[i], r.code, r.err);
        char want[64];
        snprintf(want, sizeof want, "usage: tracuu %s", cmds[i]);
        ck_assert_msg(strstr(r.out, want), "%s --help: %s", cmds[i], r.out);
        tu_result_free(&r);
    }
    tu_result r = run(NULL, "search", "-h", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "--since DATE"), "%.400s", r.out);
    tu_result_free(&r);
    /* help needs no index: not even a place for the default one (a service without $HOME) */
    r = run("HOME=", "status", "--help", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "usage: tracuu status"), "%.300s", r.err);
    tu_result_free(&r);
    /* after --, --help is a query word */
    r = run(NULL, "--index", "/nonexistent/ix", "search", "--", "--help", NULL);
    ck_assert_int_eq(r.code, 3);
    tu_result_free(&r);
}
END_TEST

START_TEST(test_did_you_mean)
{
    static const char *const cases[][3] = {
        {"serch", "x", "did you mean 'search'?"},
        {"staus", NULL, "did you mean 'status'?"},
        {"search", "--limt", "did you mean '--limit'?"},
        {"status", "--erors", "did you mean '--errors'?"},
        {"recurring", "--min-commune", "did you mean '--min-communes'?"},
        {"search", "--frobnicate", "search: unknown option '--frobnicate' (see `tracuu search --help`)"},
        {"--jsno", "status", "did you mean '--json'?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tu_result r = run(NULL, "--index", "/nonexistent/ix", cases[i][0], cases[i][1], "3",
                          NULL);
        ck_assert_msg(r.code == 2 && strstr(r.err, cases[i][2]), "%s %s: exit %d: %s",
                      cases[i][0], cases[i][1], r.code, r.err);
        tu_result_free(&r);
    }
    /* --opt=value is checked the same way, and named in the message */
    tu_result r = run(NULL, "search", "--limt=3", "x", NULL);
    ck_assert_msg(r.code == 2 && strstr(r.err, "'--limt'; did you mean '--limit'?"), "%.400s", r.err);
    tu_result_free(&r);
}
END_TEST

START_TEST(test_dates)
{
    static const struct {
        const char *in, *iso;
        int prec;
    } cases[] = {
        {"2019", "2019", 1},       {"2019-05", "2019-05", 2},      {"2019-05-20", "2019-05-20", 3},
        {"20/5/2019", "2019-05-20", 3}, {"5/2019", "2019-05", 2},  {"05/2019", "2019-05", 2},
        {"29/2/2024", "2024-02-29", 3}, {"1/1/2019", "2019-01-01", 3},
        {"29/2/2023", "", 0},      {"5/20/2019", "", 0},           {"2019-13", "", 0},
        {"2019-5", "", 0},         {"19", "", 0},                  {"20/5/19", "", 0},
        {"2019-05-20x", "", 0},    {"", "", 0},                    {"0/5/2019", "", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char iso[11];
        int p = tracuu_date_parse(cases[i].in, iso);
        ck_assert_msg(p == cases[i].prec && !strcmp(iso, cases[i].iso), "%s: %d %s",
                      cases[i].in, p, iso);
    }
    /* the query language reads them too: date:20/5/2019.. is 20190520 onwards */
    tu_result r = run(NULL, "debug", "query", "date:20/5/2019..12/2020", "dân", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "VALUE_RANGE 3 20190520 202012"), "%s%s", r.out,
                  r.err);
    tu_result_free(&r);
    index_corpus();
    long long iso = count("dân vận", "--since", "2019-01-01");
    ck_assert_int_gt(iso, 0);
    ck_assert_int_eq(count("dân vận", "--since", "1/1/2019"), iso);
    ck_assert_int_eq(count("dân vận", "--since", "2019"), iso);
    ck_assert_int_eq(count("vận", "--since=1/2019", "dân"), count("dân vận", "--since", "1/2019"));
    ck_assert_int_eq(count("date:1/1/2019.. dân vận", NULL, NULL), iso);
    ck_assert_int_lt(count("dân vận", "--until", "5/2019"), count("dân vận", NULL, NULL));
    /* bad dates: exit 2, naming the option */
    static const char *const bad[][2] = {{"--since", "31/2/2019"}, {"--until", "5/20/2019"}};
    for (size_t i = 0; i < 2; i++) {
        r = run(NULL, "--index", ixpath, "search", bad[i][0], bad[i][1], "x", NULL);
        ck_assert_msg(r.code == 2 && strstr(r.err, bad[i][0]) && strstr(r.err, bad[i][1]) &&
                          strstr(r.err, "20/5/2019"),
                      "%.400s", r.err);
        tu_result_free(&r);
    }
    r = run(NULL, "--index", ixpath, "cites", "--since", "2019-02-30", "25-NQ/TW", NULL);
    ck_assert_msg(r.code == 2 && strstr(r.err, "cites: --since"), "%.400s", r.err);
    tu_result_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "cites", "--since", "1/2019", "25-NQ/TW", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "\"documents\""), "%.400s", r.err);
    tu_result_free(&r);
}
END_TEST

START_TEST(test_vietnamese_prefixes)
{
    index_corpus();
    static const char *const same[][2] = {
        {"commune:\"Sơn Định\" dân vận", "xa:\"Sơn Định\" dân vận"},
        {"commune:\"Sơn Định\" dân vận", "xã:\"Sơn Định\" dân vận"},
        {"commune:\"Sơn Định\" dân vận", "XÃ:son-dinh dân vận"},
        {"district:cho-lach dân vận", "huyen:cho-lach dân vận"},
        {"district:cho-lach dân vận", "huyện:\"Chợ Lách\" dân vận"},
        {"province:ben-tre dân vận", "tỉnh:ben-tre dân vận"},
        {"province:ben-tre dân vận", "tinh:\"Bến Tre\" dân vận"},
        {"year:2019 dân vận", "nam:2019 dân vận"},
        {"year:2019 dân vận", "năm:2019 dân vận"},
        {"kind:so-ket dân vận", "loai:so-ket dân vận"},
        {"kind:so-ket dân vận", "loại:\"sơ kết\" dân vận"},
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        long long a = count(same[i][0], NULL, NULL), b = count(same[i][1], NULL, NULL);
        ck_assert_msg(a > 0 && a < count("dân vận", NULL, NULL) && a == b, "%s: %lld, %s: %lld",
                      same[i][0], a, same[i][1], b);
    }
    /* an unknown prefix: exit 2, the known ones listed, code bad_query */
    static const char *const unknown[] = {"comune:son-dinh dân vận", "dân -distrct:x",
                                          "tỉnhh:\"Bến Tre\""};
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
        tu_result r = run(NULL, "--index", ixpath, "--json", "search", unknown[i], NULL);
        ck_assert_msg(r.code == 2 && strstr(r.err, "unknown filter") &&
                          strstr(r.err, "commune (xã)") && strstr(r.err, "year (năm)") &&
                          strstr(r.out, "\"code\":\"bad_query\""),
                      "%s: exit %d: %.300s %.300s", unknown[i], r.code, r.err, r.out);
        tu_result_free(&r);
    }
    /* debug query gives the same reason (tracuu_query_check), without an index */
    tu_result d = run(NULL, "debug", "query", "comune:x", NULL);
    ck_assert_msg(d.code == 2 && strstr(d.err, "comune:x: unknown filter 'comune:'"), "%.300s",
                  d.err);
    tu_result_free(&d);
    /* not prefix attempts: URLs, times, a word ending a clause, numbers */
    static const char *const words[] = {"http://tracuu.vn dân vận", "họp lúc 10:30",
                                        "tỉnh Hà Nam: dân vận", "25-NQ/TW:",
                                        "https://x.vn/a:b"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        ck_assert_msg(count(words[i], NULL, NULL) >= 0, "%s is an error", words[i]);
}
END_TEST

static int
have_vi_locale(void)
{
    int ok = setlocale(LC_ALL, "vi_VN.UTF-8") != NULL;
    setlocale(LC_ALL, "C");
    return ok;
}

START_TEST(test_speaks_vietnamese)
{
    if (!have_vi_locale()) {
        fprintf(stderr, "test_speaks_vietnamese: SKIPPED: no vi_VN.UTF-8 locale "
                        "(generate it: localedef -i vi_VN -f UTF-8 vi_VN.UTF-8, or scripts/bootstrap)\n");
        return;
    }
    const char *vi = "LC_ALL=vi_VN.UTF-8";
    tu_result r = run(vi, "serch", "x", NULL);
    ck_assert_msg(r.code == 2 && strstr(r.err, "không có lệnh 'serch'; có phải ý bạn là 'search'?"),
                  "%.400s", r.err);
    tu_result_free(&r);
    r = run(vi, "search", "--help", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "cách dùng: tracuu search") &&
                      strstr(r.out, "các văn bản khớp"),
                  "%.400s", r.out);
    tu_result_free(&r);
    r = run(vi, "--help", NULL);
    ck_assert_msg(strstr(r.out, "Mã thoát") && strstr(r.out, "lập chỉ mục"), "%.400s", r.out);
    tu_result_free(&r);
    r = run(vi, "--index", "/nonexistent/ix", "status", NULL);
    ck_assert_msg(r.code == 3 && strstr(r.err, "chưa có chỉ mục ở đây"), "%.400s", r.err);
    tu_result_free(&r);
    index_corpus();
    r = run(vi, "--index", ixpath, "search", "--section", "limitation", "--facets", "dân",
            "vận", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "văn bản khớp với \"") &&
                      strstr(r.out, "; Hạn chế]") && strstr(r.out, "loại:") &&
                      strstr(r.out, "Sơ kết (") && !strstr(r.out, "so-ket (") &&
                      !strstr(r.out, "limitation]"),
                  "%.400s", r.out);
    tu_result_free(&r);
    /* the library's messages too (query/parse.c, through the program's catalogue) */
    r = run(vi, "--index", ixpath, "search", "comune:x", NULL);
    ck_assert_msg(r.code == 2 && strstr(r.err, "không có bộ lọc 'comune:'"), "%.300s", r.err);
    tu_result_free(&r);
    /* English elsewhere: the display names, not the slugs */
    r = run("LC_ALL=C", "--index", ixpath, "search", "--section", "limitation", "--facets",
            "dân", "vận", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "matching documents") &&
                      strstr(r.out, "; Limitations]") && strstr(r.out, "Interim review ("),
                  "%.400s", r.out);
    tu_result_free(&r);
    /* JSON keeps the slugs under any locale */
    r = run(vi, "--index", ixpath, "--json", "search", "--section", "limitation", "dân", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "\"section\":\"limitation\""), "%.400s", r.out);
    tu_result_free(&r);
    r = run(vi, "--index", ixpath, "show",
            "corpus/docs/vinh-long/vung-liem/trung-thanh/2025-so-ket-dan-van-kheo.txt", NULL);
    tu_result_free(&r);
    char path[1200];
    snprintf(path, sizeof path, "%s/docs/vinh-long/vung-liem/trung-thanh/2025-so-ket-dan-van-kheo.txt",
             corpus);
    r = run(vi, "--index", ixpath, "show", path, NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "loại:") && strstr(r.out, "Sơ kết") &&
                      strstr(r.out, "Hạn chế 2;") && strstr(r.out, "Trung Thành"),
                  "%.400s", r.out);
    tu_result_free(&r);
}
END_TEST

int
main(void)
{
    /* gettext prefers $LANGUAGE to the locale: the tests choose the language by LC_ALL */
    unsetenv("LANGUAGE");
    Suite *s = suite_create("cmdline");
    TCase *t = tcase_create("cmdline");
    tcase_set_timeout(t, 240);
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_command_help);
    tcase_add_test(t, test_did_you_mean);
    tcase_add_test(t, test_dates);
    tcase_add_test(t, test_vietnamese_prefixes);
    tcase_add_test(t, test_speaks_vietnamese);
    suite_add_tcase(s, t);
    return tu_run(s);
}
