/*
 * test_cli_search.c - the real tracuu binary on real files: search, show, status, debug and the index location: text and JSON output, exit codes, filters, facets and the metadata of every corpus report. Runs the
 * program as a child process exactly as a user or script would (cli_fixture.h).
 */
#include <check.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "tracuu.h"
#include "cli_fixture.h"

START_TEST(test_index_json)
{
    run_result r = run(NULL, "--index", ixpath, "--json", "index", "--base", corpus, corpus, NULL);
    ck_assert_int_eq(r.code, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_ge(json_integer_value(json_object_get(o, "added")), 12);
    ck_assert_int_eq(json_integer_value(json_object_get(o, "failed")), 0);
    ck_assert(json_is_array(json_object_get(o, "errors")));
    ck_assert(json_is_real(json_object_get(o, "mb_per_s")));
    json_decref(o);
    run_free(&r);
    /* Again: nothing changed. */
    r = run(NULL, "--index", ixpath, "index", corpus, NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_msg(strstr(r.out, "0 added, 0 updated") != NULL, "%s", r.out);
    run_free(&r);
}
END_TEST

START_TEST(test_search_json_shape)
{
    index_corpus();
    run_result r = run(NULL, "--index", ixpath, "--json", "search", "dan", "van", NULL);
    ck_assert_int_eq(r.code, 0);
    json_error_t je;
    json_t *o = json_loads(r.out, 0, &je);
    ck_assert_msg(o != NULL, "%s: %s", je.text, r.out);
    ck_assert_str_eq(json_string_value(json_object_get(o, "query")), "dan van");
    ck_assert(json_is_integer(json_object_get(o, "total")));
    json_t *res = json_object_get(o, "results");
    ck_assert_uint_eq(json_array_size(res), 10);
    size_t i;
    json_t *h;
    json_array_foreach(res, i, h) {
        const char *keys[] = {"path", "passage", "title", "date", "commune", "score",
                              "text", "snippet", "cites"};
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            ck_assert_msg(json_object_get(h, keys[k]) != NULL, "missing %s", keys[k]);
        ck_assert_int_eq(json_string_value(json_object_get(h, "path"))[0], '/');
        ck_assert(json_is_integer(json_object_get(h, "passage")));
        ck_assert(json_is_number(json_object_get(h, "score")));
        ck_assert(json_is_string(json_object_get(h, "text")));
        ck_assert(json_is_array(json_object_get(h, "cites")));
        ck_assert(json_is_null(json_object_get(h, "date")) ||
                  json_is_string(json_object_get(h, "date")));
        ck_assert(json_is_null(json_object_get(h, "commune")) ||
                  json_is_string(json_object_get(h, "commune")));
        const char *snip = json_string_value(json_object_get(h, "snippet"));
        ck_assert_msg(strstr(snip, "<b>") != NULL, "%s", snip);
    }
    json_decref(o);
    run_free(&r);
}
END_TEST

START_TEST(test_search_text_highlight)
{
    index_corpus();
    run_result r =
        run(NULL, "--index", ixpath, "search", "--limit", "50", "hoa", "giai", NULL);
    ck_assert_int_eq(r.code, 0);
    /* Not a terminal: plain [brackets] around matched words, either tone placement. */
    ck_assert_msg(strstr(r.out, "[hòa] [giải]") || strstr(r.out, "[hoà] [giải]") ||
                      strstr(r.out, "[Hòa] [giải]"),
                  "%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, "2025-tin-hoa-giai.txt"));
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--color", "always", "search", "hoa", "giai", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "\033[1;33m"));
    run_free(&r);
}
END_TEST

START_TEST(test_search_docs_and_limit)
{
    index_corpus();
    run_result r = run(NULL, "--index", ixpath, "--json", "search", "--docs", "--limit", "50",
                       "dân", "vận", NULL);
    ck_assert_int_eq(r.code, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    json_t *res = json_object_get(o, "results");
    ck_assert_uint_ge(json_array_size(res), 5);
    for (size_t i = 0; i < json_array_size(res); i++)
        for (size_t k = 0; k < i; k++)
            ck_assert_str_ne(json_string_value(json_object_get(json_array_get(res, i), "path")),
                             json_string_value(json_object_get(json_array_get(res, k), "path")));
    json_decref(o);
    run_free(&r);
    /* The UTF-16 file of the corpus is searchable too. */
    r = run(NULL, "--index", ixpath, "--json", "search", "cầu bê tông", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "2016-tin-hoi-nghi-dan-van.txt"));
    ck_assert_ptr_nonnull(strstr(r.out, "UTF-16LE"));
    run_free(&r);
}
END_TEST

START_TEST(test_exit_codes)
{
    run_result r = run(NULL, "--index", ixpath, "search", "dan", NULL);
    ck_assert_int_eq(r.code, 3); /* no index */
    ck_assert_ptr_nonnull(strstr(r.err, "no index"));
    ck_assert_ptr_nonnull(strstr(r.err, ixpath));
    run_free(&r);
    index_corpus();
    r = run(NULL, "--index", ixpath, "--json", "search", "", NULL);
    ck_assert_int_eq(r.code, 2); /* empty query */
    json_t *o = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(o, "error"), "exit")), 2);
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "search", "-dân", NULL);
    ck_assert_int_eq(r.code, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "excludes"));
    run_free(&r);
    r = run(NULL, "--index", ixpath, "frobnicate", NULL);
    ck_assert_int_eq(r.code, 2);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "search", "--limit", "abc", "dan", NULL);
    ck_assert_int_eq(r.code, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "--limit"));
    run_free(&r);
    r = run(NULL, "--index", ixpath, "index", NULL);
    ck_assert_int_eq(r.code, 2);
    run_free(&r);
    /* corrupt index */
    char bad[600];
    snprintf(bad, sizeof bad, "%s/bad", dir);
    free(tu_write_str(bad, "iamglass", "garbage"));
    r = run(NULL, "--index", bad, "status", NULL);
    ck_assert_int_eq(r.code, 4);
    ck_assert_ptr_nonnull(strstr(r.err, bad));
    run_free(&r);
}
END_TEST

START_TEST(test_index_location)
{
    char xdg[600], env[700], expect[700];
    snprintf(xdg, sizeof xdg, "%s/xdg", dir);
    snprintf(env, sizeof env, "XDG_DATA_HOME=%s", xdg);
    snprintf(expect, sizeof expect, "%s/tracuu/index", xdg);
    /* TRACUU_INDEX is unset in the child only if the caller's env has none: clear it. */
    unsetenv("TRACUU_INDEX");
    char file[600];
    snprintf(file, sizeof file, "%s/corpus/README", tu_env("TRACUU_SOURCE_ROOT", "."));
    run_result r = run(env, "index", corpus, NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_msg(strstr(r.out, expect) != NULL, "%s", r.out);
    run_free(&r);
    char env2[700];
    snprintf(env2, sizeof env2, "TRACUU_INDEX=%s", ixpath);
    r = run(env2, "index", corpus, NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, ixpath));
    run_free(&r);
    /* A stub file given as --index */
    char stub[700];
    snprintf(stub, sizeof stub, "auto %s\n", ixpath);
    char *sp = tu_write_str(dir, "index.stub", stub);
    r = run(NULL, "--index", sp, "--json", "search", "dân vận", NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "\"results\":[{"));
    run_free(&r);
    r = run(NULL, "--index", sp, "--json", "status", NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "\"documents\":82")); /* corpus/docs */
    run_free(&r);
    free(sp);
}
END_TEST

START_TEST(test_debug_views)
{
    char *f = tu_write_str(dir, "glued.txt", "đồng chí NguyễnVăn Hiền theo Quyết định 217của");
    run_result r = run(NULL, "--index", ixpath, "--json", "debug", "tokens", f, NULL);
    ck_assert_int_eq(r.code, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    json_t *t = json_object_get(o, "tokens");
    ck_assert_uint_eq(json_array_size(t), 10);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(t, 2), "text")), "Nguyễn");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(t, 3), "folded")), "van");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(t, 9), "exact")), "của");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(t, 9), "kind")), "word");
    ck_assert(json_is_true(json_object_get(json_array_get(t, 9), "glued")));
    ck_assert(json_is_false(json_object_get(json_array_get(t, 0), "glued")));
    json_decref(o);
    run_free(&r);
    free(f);
    r = run(NULL, "debug", "query", "hoà", "giải", NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "Ehòa"));
    run_free(&r);
}
END_TEST

/* The bundled corpus holds a TCVN3 file, a VNI file and an HTML page: `show` names the
 * detected encoding and the page's own title, searches reach their text but not the
 * page's menus and footers, and abbreviations and glued query words find their spelled-
 * out forms. */
START_TEST(test_analysis_end_to_end)
{
    index_corpus();
    static const struct {
        const char *file, *encoding, *title;
    } shown[] = {
        {"docs/ben-tre/cho-lach/son-dinh/2009-bao-cao-quy-che-dan-chu.tcvn3.txt", "TCVN3",
         "Báo cáo kết quả thực hiện quy chế dân chủ ở cơ sở năm 2009"},
        {"docs/ben-tre/mo-cay-bac/thanh-tan/2011-ke-hoach-doi-thoai.vni.txt", "VNI", NULL},
        {"docs/tra-vinh/cang-long/my-cam/2024-tin-hoa-giai-co-so.html", "UTF-8",
         "Xã Mỹ Cẩm tập huấn nghiệp vụ hòa giải ở cơ sở năm 2024"},
    };
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", corpus, shown[i].file);
        run_result r = run(NULL, "--index", ixpath, "--json", "show", path, NULL);
        ck_assert_msg(r.code == 0, "%s: %s", path, r.err);
        json_t *o = json_loads(r.out, 0, NULL);
        ck_assert_ptr_nonnull(o);
        ck_assert_str_eq(json_string_value(json_object_get(o, "encoding")), shown[i].encoding);
        if (shown[i].title)
            ck_assert_str_eq(json_string_value(json_object_get(o, "title")), shown[i].title);
        ck_assert_int_eq(strlen(json_string_value(json_object_get(o, "dockey"))), 16);
        json_decref(o);
        run_free(&r);
    }
    /* Legacy text is searchable like any other, without marks too. */
    run_result r = run(NULL, "--index", ixpath, "search", "\"ban chỉ đạo thực hiện quy chế\"", NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_msg(strstr(r.out, "2009-bao-cao-quy-che-dan-chu.tcvn3.txt") != NULL, "%s", r.out);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "search", "quyet dinh 290 bo chinh tri doi thoai", NULL);
    ck_assert_msg(strstr(r.out, "2011-ke-hoach-doi-thoai.vni.txt") != NULL, "%s", r.out);
    run_free(&r);
    /* The article is indexed, its menu, banner, share links, "Tin khác" and footer not. */
    r = run(NULL, "--index", ixpath, "search", "hòa giải viên", NULL);
    ck_assert_msg(strstr(r.out, "2024-tin-hoa-giai-co-so.html") != NULL, "%s", r.out);
    run_free(&r);
    static const char *const boiler[] = {"\"trang chủ\"", "\"bản quyền thuộc\"",
                                         "\"chia sẻ facebook\"", "\"hiến máu tình nguyện\"",
                                         "\"kỷ niệm 94 năm\"", "gtag dataLayer"};
    for (size_t i = 0; i < sizeof boiler / sizeof *boiler; i++) {
        r = run(NULL, "--index", ixpath, "--json", "search", boiler[i], NULL);
        ck_assert_msg(strstr(r.out, ".html") == NULL, "%s found in boilerplate: %s", boiler[i],
                      r.out);
        run_free(&r);
    }
    /* An abbreviation finds the spelled-out form and back; a glued query word is split. */
    r = run(NULL, "--index", ixpath, "--json", "search", "--limit", "50", "BCĐ", NULL);
    ck_assert_msg(strstr(r.out, "tcvn3.txt") != NULL, "%s", r.out);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "search", "--limit", "50", "UBND xã Mỹ Cẩm", NULL);
    ck_assert_msg(strstr(r.out, "Ủy ban nhân dân xã Mỹ Cẩm") != NULL, "%s", r.out);
    run_free(&r);
    /* a glued word is the phrase of its syllables */
    r = run(NULL, "--index", ixpath, "--json", "search", "hòagiải", NULL);
    run_result r2 = run(NULL, "--index", ixpath, "--json", "search", "\"hòa giải\"", NULL);
    ck_assert_int_eq(r.code, 0);
    json_t *a = json_loads(r.out, 0, NULL), *b = json_loads(r2.out, 0, NULL);
    ck_assert_int_gt(json_integer_value(json_object_get(b, "total")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(a, "total")),
                     json_integer_value(json_object_get(b, "total")));
    json_decref(a);
    json_decref(b);
    run_free(&r);
    run_free(&r2);
    /* show: an unknown document is bad input (5), with its name in the message. */
    r = run(NULL, "--index", ixpath, "show", "/khong/co/tep.txt", NULL);
    ck_assert_int_eq(r.code, 5);
    ck_assert_ptr_nonnull(strstr(r.err, "/khong/co/tep.txt"));
    run_free(&r);
}
END_TEST

/* Metadata of every corpus document, checked by a person against each file and its
 * folders: the dateline's date when there is one (a portal page's own date line, "Thứ Năm,
 * 14/03/2024", before the event's), else its file name's year; the commune as the text
 * spells the folder's name ("xã Thạnh Tân" in the VNI file, "Thanh Tân" in the 2022 one;
 * the dateline "Bình Phú, ngày ..." when no "xã" names it); district and province from
 * front matter or the text when they name them, else the folders; the body that writes it,
 * from its header, title or first sentence, in its usual spelling when the header is in
 * capitals (none when they name no organ). */
static const struct {
    const char *file, *date, *commune, *kind, *district, *province, *body;
} corpus_meta[] = {
    {"ben-tre/cho-lach/cho-lach/2020-bao-cao-cai-cach.txt", "2020-12-21", "Chợ Lách",
     "bao-cao", "cho-lach", "ben-tre", "Ủy ban nhân dân thị trấn Chợ Lách"},
    {"ben-tre/cho-lach/cho-lach/2025-ke-hoach-doi-thoai.txt", "2025-01-15", "Chợ Lách",
     "ke-hoach", "cho-lach", "ben-tre", NULL},
    {"ben-tre/cho-lach/hoa-nghia/2018-khao-sat-chuong-trinh-20.txt", "2018-07-05", "Hòa Nghĩa",
     "khao-sat", "cho-lach", "ben-tre", "Ban Dân vận Huyện ủy"},
    {"ben-tre/cho-lach/hoa-nghia/2021-bao-cao-dan-van.txt", "2021-12-17", "Hòa Nghĩa",
     "bao-cao", "cho-lach", "ben-tre", "Khối vận xã Hòa Nghĩa"},
    {"ben-tre/cho-lach/hoa-nghia/2025-tin-hoa-giai.txt", "2025", "Hòa Nghĩa",
     "tin", "cho-lach", "ben-tre", NULL},
    {"ben-tre/cho-lach/long-thoi/2013-tin-hoi-nghi.txt", "2013-10-16", "Long Thới",
     "tin", "cho-lach", "ben-tre", "Đảng ủy xã Long Thới"},
    {"ben-tre/cho-lach/long-thoi/2019-bao-cao-dan-van.txt", "2019-12-18", "Long Thới",
     "bao-cao", "cho-lach", "ben-tre", "Ban Dân vận Đảng ủy xã Long Thới"},
    {"ben-tre/cho-lach/long-thoi/2025-tin-dan-van-kheo.txt", "2025-03-20", "Long Thới",
     "tin", "cho-lach", "ben-tre", "Ban Dân vận Đảng ủy xã Long Thới"},
    {"ben-tre/cho-lach/phu-phung/2015-tin-tiep-xuc.txt", "2015-04-14", "Phú Phụng",
     "tin", "cho-lach", "ben-tre", "Đảng ủy"},
    {"ben-tre/cho-lach/phu-phung/2024-so-ket-luat-dan-chu.txt", "2024-07-05", "Phú Phụng",
     "so-ket", "Chợ Lách", "Bến Tre", "Ủy ban nhân dân xã Phú Phụng"},
    {"ben-tre/cho-lach/son-dinh/2009-bao-cao-quy-che-dan-chu.tcvn3.txt", "2009", "Sơn Định",
     "bao-cao", "cho-lach", "ben-tre", "Đảng ủy xã Sơn Định"},
    {"ben-tre/cho-lach/son-dinh/2014-tin-quan-triet.txt", "2014-03-26", "Sơn Định",
     "tin", "cho-lach", "ben-tre", "Đảng ủy xã Sơn Định"},
    {"ben-tre/cho-lach/son-dinh/2019-so-ket-dan-van-kheo.txt", "2019-12-20", "Sơn Định",
     "so-ket", "cho-lach", "ben-tre", "Ban Chỉ đạo"},
    {"ben-tre/cho-lach/son-dinh/2021-tin-doi-thoai.txt", "2021-04-15", "Sơn Định",
     "tin", "cho-lach", "ben-tre", "Đảng ủy xã Sơn Định"},
    {"ben-tre/cho-lach/vinh-thanh/2013-tin-hoi-nghi.viqr.txt", "2013-08-09", "Vĩnh Thành",
     "tin", "cho-lach", "ben-tre", "Hội Liên hiệp Phụ nữ xã Vĩnh Thành"},
    {"ben-tre/cho-lach/vinh-thanh/2016-bao-cao-giam-sat.txt", "2016-12-26", "Vĩnh Thành",
     "bao-cao", "cho-lach", "ben-tre", "Mặt trận Tổ quốc xã Vĩnh Thành"},
    {"ben-tre/cho-lach/vinh-thanh/2022-tin-dan-van-kheo.txt", "2022", "Vĩnh Thành",
     "tin", "cho-lach", "ben-tre", "Ban Dân vận Huyện ủy Chợ Lách"},
    {"ben-tre/giong-trom/binh-thanh/2020-so-ket-chi-thi-16.txt", "2020-06-30", "Bình Thành",
     "so-ket", "giong-trom", "ben-tre", "Đảng ủy xã Bình Thành"},
    {"ben-tre/giong-trom/binh-thanh/2025-tin-mat-tran.txt", "2025", "Bình Thành",
     "tin", "giong-trom", "ben-tre", "Ủy ban Mặt trận Tổ quốc xã Bình Thành"},
    {"ben-tre/giong-trom/chau-hoa/2014-ke-hoach-dan-van-kheo.txt", "2014-03-10", "Châu Hòa",
     "ke-hoach", "giong-trom", "ben-tre", "Ban Thường vụ Đảng ủy xã Châu Hòa"},
    {"ben-tre/giong-trom/chau-hoa/2018-so-ket-dan-van-kheo.txt", "2018-11-20", "Châu Hòa",
     "so-ket", "giong-trom", "ben-tre", NULL},
    {"ben-tre/giong-trom/chau-hoa/2022-bao-cao-quy-che.tcvn3.txt", "2022-12-12", "Châu Hòa",
     "bao-cao", "giong-trom", "ben-tre", "Ủy ban nhân dân xã"},
    {"ben-tre/giong-trom/luong-quoi/2015-bao-cao-quy-che-dan-chu.txt", "2015-12-15", "Lương Quới",
     "bao-cao", "giong-trom", "ben-tre", "Đảng ủy xã Lương Quới"},
    {"ben-tre/giong-trom/luong-quoi/2021-tin-doi-thoai.txt", "2021-09-22", "Lương Quới",
     "tin", "giong-trom", "ben-tre", "Đảng ủy xã Lương Quới"},
    {"ben-tre/giong-trom/luong-quoi/2025-so-ket-doi-thoai.vni.txt", "2025-03-26", "Lương Quới",
     "so-ket", "giong-trom", "ben-tre", NULL},
    {"ben-tre/giong-trom/phong-nam/2016-tin-hoa-giai.txt", "2016-06-08", "Phong Nẫm",
     "tin", "Giồng Trôm", "ben-tre", "Ủy ban Mặt trận Tổ quốc xã Phong Nẫm"},
    {"ben-tre/giong-trom/phong-nam/2019-tong-ket-hoa-giai.txt", "2019-10-25", "Phong Nẫm",
     "tong-ket", "giong-trom", "ben-tre", "Ủy ban nhân dân xã"},
    {"ben-tre/giong-trom/tan-hao/2017-khao-sat-doi-thoai.txt", "2017-08-04", "Tân Hào",
     "khao-sat", "giong-trom", "ben-tre", "Ban Dân vận Huyện ủy Giồng Trôm"},
    {"ben-tre/giong-trom/tan-hao/2019-tin-mo-hinh.html", "2019-09-21", "Tân Hào",
     "tin", "giong-trom", "ben-tre", "Đoàn Thanh niên xã Tân Hào"},
    {"ben-tre/giong-trom/tan-hao/2023-bao-cao-mat-tran.txt", "2023-12-12", "Tân Hào",
     "bao-cao", "giong-trom", "ben-tre", "Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Hào"},
    {"ben-tre/mo-cay-bac/nhuan-phu-tan/2014-tin-doi-thoai.viscii.txt", "2014-05-16", "Nhuận Phú Tân",
     "tin", "mo-cay-bac", "ben-tre", "Đảng ủy xã Nhuận Phú Tân"},
    {"ben-tre/mo-cay-bac/nhuan-phu-tan/2017-tin-ra-mat-mo-hinh.txt", "2017-09-02", "Nhuận Phú Tân",
     "tin", "mo-cay-bac", "ben-tre", "Đoàn Thanh niên"},
    {"ben-tre/mo-cay-bac/nhuan-phu-tan/2023-bao-cao-mat-tran.txt", "2023-12-08", "Nhuận Phú Tân",
     "bao-cao", "mo-cay-bac", "ben-tre", "Mặt trận Tổ quốc xã Nhuận Phú Tân"},
    {"ben-tre/mo-cay-bac/phuoc-my-trung/2016-tin-nha-dai-doan-ket.txt", "2016-11-19", "Phước Mỹ Trung",
     "tin", "mo-cay-bac", "ben-tre", "Ủy ban Mặt trận Tổ quốc thị trấn Phước Mỹ Trung"},
    {"ben-tre/mo-cay-bac/phuoc-my-trung/2020-tong-ket-quy-che-dan-chu.txt", "2020", "Phước Mỹ Trung",
     "tong-ket", "mo-cay-bac", "ben-tre", "Ủy ban nhân dân thị trấn"},
    {"ben-tre/mo-cay-bac/tan-thanh-binh/2014-bao-cao-dan-van.txt", "2014-12-19", "Tân Thành Bình",
     "bao-cao", "mo-cay-bac", "ben-tre", "Khối dân vận xã Tân Thành Bình"},
    {"ben-tre/mo-cay-bac/tan-thanh-binh/2021-tong-ket-ke-hoach.txt", "2021-03-30", "Tân Thành Bình",
     "tong-ket", "mo-cay-bac", "ben-tre", "Đảng ủy xã"},
    {"ben-tre/mo-cay-bac/tan-thanh-binh/2025-ke-hoach-luat-dan-chu.txt", "2025-02-14", "Tân Thành Bình",
     "ke-hoach", "Mỏ Cày Bắc", "Bến Tre", NULL},
    {"ben-tre/mo-cay-bac/thanh-tan/2011-ke-hoach-doi-thoai.vni.txt", "2011", "Thạnh Tân",
     "ke-hoach", "mo-cay-bac", "ben-tre", "Ủy ban nhân dân xã Thạnh Tân"},
    {"ben-tre/mo-cay-bac/thanh-tan/2016-bao-cao-dan-van.txt", "2016-12-20", "Thạnh Tân",
     "bao-cao", "mo-cay-bac", "ben-tre", "Đảng ủy xã Thạnh Tân"},
    {"ben-tre/mo-cay-bac/thanh-tan/2022-ke-hoach-giam-sat.txt", "2022", "Thanh Tân",
     "ke-hoach", "mo-cay-bac", "ben-tre", "Ủy ban Mặt trận Tổ quốc xã Thanh Tân"},
    {"tra-vinh/cang-long/an-truong/2016-bao-cao-mat-tran.txt", "2016-12-22", "An Trường",
     "bao-cao", "cang-long", "tra-vinh", "Ủy ban Mặt trận Tổ quốc Việt Nam xã An Trường"},
    {"tra-vinh/cang-long/an-truong/2019-ke-hoach-dan-van-kheo.txt", "2019-03-08", "An Trường",
     "ke-hoach", "cang-long", "tra-vinh", "Khối vận xã"},
    {"tra-vinh/cang-long/an-truong/2022-khao-sat-hoa-giai.txt", "2022-09-09", "An Trường",
     "khao-sat", "cang-long", "tra-vinh", "Ban Dân vận Huyện ủy Càng Long"},
    {"tra-vinh/cang-long/binh-phu/2017-so-ket-dan-van-chinh-quyen.txt", "2017-09-28", "Bình Phú",
     "so-ket", "cang-long", "tra-vinh", "Ủy ban nhân dân xã"},
    {"tra-vinh/cang-long/binh-phu/2024-bao-cao-mat-tran.txt", "2024", "Bình Phú",
     "bao-cao", "cang-long", "tra-vinh", "Ủy ban Mặt trận Tổ quốc xã Bình Phú"},
    {"tra-vinh/cang-long/dai-phuc/2015-ke-hoach-khmer.txt", "2015-02-12", "Đại Phúc",
     "ke-hoach", "cang-long", "tra-vinh", "Đảng ủy xã Đại Phúc"},
    {"tra-vinh/cang-long/dai-phuc/2020-so-ket-dan-van-kheo.txt", "2020-10-16", "Đại Phúc",
     "so-ket", "cang-long", "tra-vinh", NULL},
    {"tra-vinh/cang-long/dai-phuc/2025-bao-cao-luat-dan-chu.txt", "2025-01-10", "Đại Phúc",
     "bao-cao", "cang-long", "tra-vinh", "Đảng ủy xã Đại Phúc"},
    {"tra-vinh/cang-long/huyen-hoi/2014-bao-cao-mat-tran.cp1258.txt", "2014-12-23", "Huyền Hội",
     "bao-cao", "cang-long", "tra-vinh", "Ủy ban Mặt trận Tổ quốc Việt Nam xã Huyền Hội"},
    {"tra-vinh/cang-long/huyen-hoi/2018-bao-cao-quy-che-dan-chu.txt", "2018-12-14", "Huyền Hội",
     "bao-cao", "cang-long", "tra-vinh", "Ban Chỉ đạo thực hiện quy chế dân chủ"},
    {"tra-vinh/cang-long/huyen-hoi/2024-tin-doi-thoai.txt", "2024-05-21", "Huyền Hội",
     "tin", "Càng Long", "tra-vinh", "Ban Thường vụ Đảng ủy xã Huyền Hội"},
    {"tra-vinh/cang-long/my-cam/2016-tin-hoi-nghi-dan-van.txt", "2016-12-28", "Mỹ Cẩm",
     "tin", "cang-long", "tra-vinh", "Khối vận xã Mỹ Cẩm"},
    {"tra-vinh/cang-long/my-cam/2019-bao-cao-khmer.txt", "2019-12-23", "Mỹ Cẩm",
     "bao-cao", "cang-long", "tra-vinh", "Khối vận xã"},
    {"tra-vinh/cang-long/my-cam/2023-so-ket-nghi-quyet-25.txt", "2023-05-18", "Mỹ Cẩm",
     "so-ket", "cang-long", "tra-vinh", "Đảng ủy xã Mỹ Cẩm"},
    {"tra-vinh/cang-long/my-cam/2024-tin-hoa-giai-co-so.html", "2024-03-14", "Mỹ Cẩm",
     "tin", "cang-long", "tra-vinh", "Ủy ban nhân dân xã Mỹ Cẩm"},
    {"tra-vinh/tieu-can/cau-quan/2015-so-ket-quy-che.txt", "2015-07-08", "Cầu Quan",
     "so-ket", "Tiểu Cần", "Trà Vinh", "Ủy ban nhân dân thị trấn Cầu Quan"},
    {"tra-vinh/tieu-can/cau-quan/2018-tin-dan-van-chinh-quyen.html", "2018-08-14", "Cầu Quan",
     "tin", "tieu-can", "tra-vinh", "Ủy ban nhân dân thị trấn Cầu Quan"},
    {"tra-vinh/tieu-can/cau-quan/2022-so-ket-nghi-quyet-25.txt", "2022-08-30", "Cầu Quan",
     "so-ket", "tieu-can", "tra-vinh", "Đảng ủy"},
    {"tra-vinh/tieu-can/hieu-tu/2013-tin-hoi-nghi.txt", "2013-11-28", "Hiếu Tử",
     "tin", "tieu-can", "tra-vinh", "Đảng ủy xã Hiếu Tử"},
    {"tra-vinh/tieu-can/hieu-tu/2015-bao-cao-khmer.tcvn3.txt", "2015-12-18", "Hiếu Tử",
     "bao-cao", "tieu-can", "tra-vinh", "Đảng ủy xã"},
    {"tra-vinh/tieu-can/hieu-tu/2020-tong-ket-dan-van.txt", "2020-06-05", "Hiếu Tử",
     "tong-ket", "tieu-can", "tra-vinh", "Đảng ủy xã Hiếu Tử"},
    {"tra-vinh/tieu-can/long-thoi/2016-so-ket-dan-chu.txt", "2016-10-12", "Long Thới",
     "so-ket", "tieu-can", "tra-vinh", NULL},
    {"tra-vinh/tieu-can/long-thoi/2024-bao-cao-dan-van.txt", "2024-12-16", "Long Thới",
     "bao-cao", "tieu-can", "tra-vinh", "Ban Dân vận Đảng ủy xã Long Thới"},
    {"tra-vinh/tieu-can/phu-can/2019-ke-hoach-giam-sat.txt", "2019-01-18", "Phú Cần",
     "ke-hoach", "tieu-can", "tra-vinh", "Ủy ban Mặt trận Tổ quốc xã Phú Cần"},
    {"tra-vinh/tieu-can/phu-can/2025-tin-sap-xep.txt", "2025", "Phú Cần",
     "tin", "tieu-can", "tra-vinh", NULL},
    {"tra-vinh/tieu-can/tap-ngai/2017-bao-cao-giam-sat.txt", "2017-12-20", "Tập Ngãi",
     "bao-cao", "tieu-can", "tra-vinh", "Ủy ban MTTQ Việt Nam xã Tập Ngãi"},
    {"tra-vinh/tieu-can/tap-ngai/2021-bao-cao-dan-van.utf16.txt", "2021-12-20", "Tập Ngãi",
     "bao-cao", "tieu-can", "tra-vinh", "Khối dân vận xã Tập Ngãi"},
    {"tra-vinh/tieu-can/tap-ngai/2023-tin-hoa-giai.txt", "2023-04-11", "Tập Ngãi",
     "tin", "Tiểu Cần", "tra-vinh", "Ủy ban nhân dân xã Tập Ngãi"},
    {"vinh-long/vung-liem/hieu-phung/2018-khao-sat-dan-van-kheo.txt", "2018-07-10", "Hiếu Phụng",
     "khao-sat", "vung-liem", "vinh-long", "Ban Dân vận Huyện ủy Vũng Liêm"},
    /* <meta> tags: author, article:published_time (not the event's 15/11), huyen, tinh */
    {"vinh-long/vung-liem/hieu-phung/2020-tin-ngay-hoi.html", "2020-11-16", "Hiếu Phụng",
     "tin", "Vũng Liêm", "Vĩnh Long", "Ủy ban Mặt trận Tổ quốc xã Hiếu Phụng"},
    {"vinh-long/vung-liem/hieu-phung/2024-tin-doi-thoai.txt", "2024-11-07", "Hiếu Phụng",
     "tin", "vung-liem", "vinh-long", "Đảng ủy"},
    {"vinh-long/vung-liem/quoi-an/2013-ke-hoach-dan-chu.vni.txt", "2013-02-25", "Quới An",
     "ke-hoach", "vung-liem", "vinh-long", NULL},
    {"vinh-long/vung-liem/quoi-an/2016-tong-ket-quy-che.txt", "2016-11-15", "Quới An",
     "tong-ket", "vung-liem", "vinh-long", NULL},
    {"vinh-long/vung-liem/quoi-an/2023-bao-cao-mat-tran.txt", "2023-12-11", "Quới An",
     "bao-cao", "vung-liem", "vinh-long", "Mặt trận Tổ quốc xã Quới An"},
    {"vinh-long/vung-liem/tan-quoi-trung/2015-ke-hoach-dan-van.txt", "2015-01-20", "Tân Quới Trung",
     "ke-hoach", "vung-liem", "vinh-long", "Đảng ủy xã Tân Quới Trung"},
    {"vinh-long/vung-liem/tan-quoi-trung/2019-tin-doi-thoai.txt", "2019-10-03", "Tân Quới Trung",
     "tin", "Vũng Liêm", "Vĩnh Long", "Đảng ủy xã Tân Quới Trung"},
    {"vinh-long/vung-liem/tan-quoi-trung/2022-bao-cao-dan-van.txt", "2022-12-19", "Tân Quới Trung",
     "bao-cao", "vung-liem", "vinh-long", "Đảng ủy xã Tân Quới Trung"},
    {"vinh-long/vung-liem/trung-thanh/2014-bao-cao-dan-van.txt", "2014-12-22", "Trung Thành",
     "bao-cao", "vung-liem", "vinh-long", "Khối dân vận xã Trung Thành"},
    {"vinh-long/vung-liem/trung-thanh/2017-so-ket-hoa-giai.nfd.txt", "2017-06-29", "Trung Thành",
     "so-ket", "vung-liem", "vinh-long", "Ủy ban nhân dân xã"},
    {"vinh-long/vung-liem/trung-thanh/2021-tin-covid.txt", "2021", "Trung Thành",
     "tin", "vung-liem", "vinh-long", "Ủy ban Mặt trận Tổ quốc xã Trung Thành"},
    {"vinh-long/vung-liem/trung-thanh/2025-so-ket-dan-van-kheo.txt", "2025-05-22", "Trung Thành",
     "so-ket", "Vũng Liêm", "Vĩnh Long", NULL},
};

START_TEST(test_corpus_metadata)
{
    index_corpus();
    for (size_t i = 0; i < sizeof corpus_meta / sizeof *corpus_meta; i++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/docs/%s", corpus, corpus_meta[i].file);
        run_result r = run(NULL, "--index", ixpath, "--json", "show", path, NULL);
        ck_assert_msg(r.code == 0, "%s: %s", path, r.err);
        json_t *o = json_loads(r.out, 0, NULL);
        ck_assert_str_eq(json_string_value(json_object_get(o, "date")), corpus_meta[i].date);
        ck_assert_str_eq(json_string_value(json_object_get(o, "commune")),
                         corpus_meta[i].commune);
        ck_assert_str_eq(json_string_value(json_object_get(o, "kind")), corpus_meta[i].kind);
        ck_assert_str_eq(json_string_value(json_object_get(o, "district")),
                         corpus_meta[i].district);
        ck_assert_str_eq(json_string_value(json_object_get(o, "province")),
                         corpus_meta[i].province);
        if (corpus_meta[i].body)
            ck_assert_str_eq(json_string_value(json_object_get(o, "body")), corpus_meta[i].body);
        else /* no organ in the header, title or first sentence */
            ck_assert_ptr_null(json_string_value(json_object_get(o, "body")));
        json_decref(o);
        run_free(&r);
    }
}
END_TEST


/* commune:, year:, date:, their --options, and --facets, checked against the corpus. */
START_TEST(test_search_filters_and_facets)
{
    index_corpus();
    long long all = total_of("dân vận");
    long long son = total_of("commune:\"Sơn Định\" dân vận");
    long long son2 = total_of("commune:son-dinh dan van");
    ck_assert_int_gt(son, 0);
    ck_assert_int_lt(son, all);
    ck_assert_int_eq(son, son2);
    ck_assert_int_eq(total_of("-commune:\"Sơn Định\" dân vận") + son, all);
    long long y2019 = total_of("year:2019 dân vận");
    long long since = total_of("date:2020.. dân vận"), until = total_of("date:..2019 dân vận");
    ck_assert_int_gt(y2019, 0);
    ck_assert_int_le(y2019, until);
    /* Every passage of the corpus is dated (header or file name): the two halves add up. */
    ck_assert_int_eq(since + until, all);
    run_result r = run(NULL, "--index", ixpath, "--json", "search", "--commune", "Sơn Định",
                       "--since", "2019", "--until", "2019-12", "--facets", "dân vận", NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    json_t *f = json_object_get(o, "facets");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(json_object_size(json_object_get(f, "commune")), 1);
    ck_assert_int_eq(jint(json_object_get(f, "commune"), "Sơn Định"), jint(o, "total"));
    ck_assert_int_eq(jint(json_object_get(f, "year"), "2019"), jint(o, "total"));
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "search", "year:hai", NULL);
    ck_assert_int_eq(r.code, 2);
    run_free(&r);
    /* kind: the kinds partition the results. */
    long long kinds = 0;
    static const char *const names[] = {"so-ket", "tong-ket", "ke-hoach", "khao-sat", "bao-cao",
                                        "tin"};
    for (size_t k = 0; k < 6; k++) {
        char q[64];
        snprintf(q, sizeof q, "kind:%s dân vận", names[k]);
        kinds += total_of(q);
    }
    ck_assert_int_eq(kinds, all);
    ck_assert_int_eq(total_of("kind:\"sơ kết\" dân vận"), total_of("kind:so-ket dân vận"));
}
END_TEST

/* Citations: extraction without an index, then cites / refs / cocited / cites: over the
 * indexed corpus, and the registry option. */
/* `citations FILE` reads what `index` reads: not an HTML page's script, not Markdown
 * syntax (issue 16). */
/* Metadata that never invents (issue 16): no date in the text, the name or the file's
 * properties is an unknown date (null; the file's mtime apart), and only folders named as
 * places are places unless --base says the folders are the convention. */
START_TEST(test_metadata_never_invents)
{
    char root[700], ix[760];
    snprintf(root, sizeof root, "%s/meta16", dir);
    snprintf(ix, sizeof ix, "%s/meta16-index", dir);
    char *plain = tu_write_str(root, "bo-suu-tap/ghi-chep/ghi-chu.txt",
                               "Ghi chú về công tác dân vận ở cơ sở trong thời gian tới.\n");
    char *placed = tu_write_str(root, "tinh-ben-tre/Huyện Chợ Lách/xa-son-dinh/bao-cao.txt",
                                "Báo cáo công tác dân vận, ngày 20 tháng 5 năm 2019.\n");
    run_result r = run(NULL, "--index", ix, "index", root, NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    run_free(&r);
    r = run(NULL, "--index", ix, "--json", "show", plain, NULL);
    json_t *o = json_loads(r.out, 0, NULL);
    ck_assert_msg(o != NULL, "%s", r.out);
    ck_assert(json_is_null(json_object_get(o, "date")));
    ck_assert(json_is_null(json_object_get(o, "date_from")));
    ck_assert_int_eq((int)strlen(json_string_value(json_object_get(o, "mtime"))), 10);
    ck_assert(json_is_null(json_object_get(o, "commune")));
    ck_assert(json_is_null(json_object_get(o, "district")));
    ck_assert(json_is_null(json_object_get(o, "province")));
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ix, "show", plain, NULL);
    ck_assert_msg(strstr(r.out, "date:      unknown") != NULL, "%s", r.out);
    run_free(&r);
    r = run(NULL, "--index", ix, "search", "ghi chú", NULL);
    ck_assert_msg(strstr(r.out, "[date unknown]") != NULL, "%s", r.out);
    run_free(&r);
    /* left out of the year facet ("?") and of year: filters */
    r = run(NULL, "--index", ix, "--json", "search", "--facets", "công tác dân vận", NULL);
    o = json_loads(r.out, 0, NULL);
    json_t *years = json_object_get(json_object_get(o, "facets"), "year");
    ck_assert_int_eq(json_integer_value(json_object_get(years, "2019")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(years, "?")), 1);
    ck_assert_int_eq(json_object_size(years), 2);
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ix, "--json", "show", placed, NULL);
    o = json_loads(r.out, 0, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(o, "date")), "2019-05-20");
    ck_assert_str_eq(json_string_value(json_object_get(o, "commune")), "xa-son-dinh");
    ck_assert_str_eq(json_string_value(json_object_get(o, "district")), "Huyện Chợ Lách");
    ck_assert_str_eq(json_string_value(json_object_get(o, "province")), "tinh-ben-tre");
    json_decref(o);
    run_free(&r);
    /* told: the folders below the base are the convention, whatever their names */
    r = run(NULL, "--index", ix, "index", "--force", "--base", root, root, NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    run_free(&r);
    r = run(NULL, "--index", ix, "--json", "show", plain, NULL);
    o = json_loads(r.out, 0, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(o, "commune")), "ghi-chep");
    ck_assert_str_eq(json_string_value(json_object_get(o, "district")), "bo-suu-tap");
    json_decref(o);
    run_free(&r);
    free(plain);
    free(placed);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("cli-search");
    TCase *t = tcase_create("search");
    tcase_set_timeout(t, 240);
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_index_json);
    tcase_add_test(t, test_search_json_shape);
    tcase_add_test(t, test_search_text_highlight);
    tcase_add_test(t, test_search_docs_and_limit);
    tcase_add_test(t, test_exit_codes);
    tcase_add_test(t, test_index_location);
    tcase_add_test(t, test_debug_views);
    tcase_add_test(t, test_analysis_end_to_end);
    tcase_add_test(t, test_corpus_metadata);
    tcase_add_test(t, test_search_filters_and_facets);
    tcase_add_test(t, test_metadata_never_invents);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return tu_run(suite());
}
