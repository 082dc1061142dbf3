/*
 * test_cli_cites.c - the real tracuu binary on real files: citations, cites, refs and cocited: citation forms, versions of reused numbers and named laws, a report's own number. Runs the
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

START_TEST(test_citations_read_what_index_reads)
{
    char *f = tu_write_str(dir, "trang.html",
                           "<html><head><title>Tin</title><script>var s = \"Nghị quyết "
                           "99-NQ/TW\";</script></head><body><p>Thực hiện Quy định số "
                           "290-QĐ/TW về công tác dân vận.</p><script>cite('Nghị quyết "
                           "88-NQ/TW')</script><style>.x{content:'Chỉ thị 77-CT/TW'}</style>"
                           "</body></html>");
    run_result r = run(NULL, "--json", "citations", f, NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    json_t *cs = json_object_get(o, "citations");
    ck_assert_uint_eq(json_array_size(cs), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(cs, 0), "id")),
                     "290-QĐ/TW");
    json_decref(o);
    run_free(&r);
    free(f);
    f = tu_write_str(dir, "trang.md", "# Tin **dân vận**\n\n| Văn bản | Ghi chú |\n|---|---|\n"
                                      "| [Quy định 290-QĐ/TW](http://x.vn/290) | **mới** |\n");
    r = run(NULL, "--json", "debug", "tokens", f, NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    o = json_loads(r.out, 0, NULL);
    json_t *t = json_object_get(o, "tokens");
    ck_assert_str_eq(json_string_value(json_object_get(o, "encoding")), "UTF-8");
    size_t i;
    json_t *tok;
    json_array_foreach(t, i, tok) {
        const char *x = json_string_value(json_object_get(tok, "text"));
        ck_assert_msg(strcmp(x, "http") && strcmp(x, "x") && strcmp(x, "vn"), "token %s", x);
    }
    ck_assert_uint_eq(json_array_size(t), 13); /* Tin dân vận Văn bản Ghi chú Quy định 290 QĐ TW mới */
    json_decref(o);
    run_free(&r);
    free(f);
}
END_TEST

START_TEST(test_citations_commands)
{
    char *f = tu_write_str(dir, "bc.txt",
                           "Sơn Định, ngày 15 tháng 6 năm 2022\n\nThực hiện Quyết định 217 của "
                           "Bộ Chính trị và Quy định số 290-QĐ/TW về công tác dân vận; Nghị "
                           "định 04 của Chính phủ. Tỷ lệ đạt 95/100.\n");
    run_result r = run(NULL, "--json", "citations", f, NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    json_t *cs = json_object_get(o, "citations");
    ck_assert_uint_eq(json_array_size(cs), 3);
    const char *want[] = {"217-QĐ/TW", "290-QĐ/TW", "04/2015/NĐ-CP"};
    const char *how[] = {"informal", "exact", "registry"};
    for (size_t i = 0; i < 3; i++) {
        json_t *c = json_array_get(cs, i);
        ck_assert_str_eq(json_string_value(json_object_get(c, "id")), want[i]);
        ck_assert_str_eq(json_string_value(json_object_get(c, "resolved")), how[i]);
        ck_assert(json_integer_value(json_object_get(c, "end")) >
                  json_integer_value(json_object_get(c, "start")));
    }
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(cs, 0), "text")),
                     "Quyết định 217 của Bộ Chính trị");
    ck_assert_str_eq(json_string_value(json_object_get(o, "encoding")), "UTF-8");
    json_decref(o);
    run_free(&r);

    index_corpus();
    r = run(NULL, "--index", ixpath, "index", f, NULL);
    ck_assert_int_eq(r.code, 0);
    run_free(&r);
    /* Any spelling; newest first; the citing passages. */
    r = run(NULL, "--index", ixpath, "--json", "cites", "--stats", "217/QD-TW", NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    o = json_loads(r.out, 0, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(o, "id")), "217-QĐ/TW");
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(o, "title")), "giám sát"));
    json_t *docs = json_object_get(o, "documents");
    ck_assert_uint_eq(json_array_size(docs), 15); /* 14 corpus reports and bc.txt */
    const char *prev = "9999";
    for (size_t i = 0; i < json_array_size(docs); i++) {
        const char *d = json_string_value(json_object_get(json_array_get(docs, i), "date"));
        ck_assert_ptr_nonnull(d);
        ck_assert_msg(strcmp(d, prev) <= 0, "%s after %s", d, prev);
        prev = d;
        json_t *p0 = json_array_get(json_object_get(json_array_get(docs, i), "passages"), 0);
        ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(p0, "text")), "217"));
    }
    /* two corpus reports, and bc.txt by its dateline "Sơn Định, ngày ...": its folder (the
     * test's temporary one) is no place (issue 16) */
    ck_assert_int_eq(json_integer_value(json_object_get(
                         json_object_get(json_object_get(o, "stats"), "by_commune"), "Sơn Định")),
                     3);
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "cites", "--commune", "Sơn Định", "217-QĐ/TW",
            NULL);
    o = json_loads(r.out, 0, NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(o, "documents")), 3); /* as above */
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "cites", "--since", "2020", "--until", "2022",
            "217-QĐ/TW", NULL);
    o = json_loads(r.out, 0, NULL);
    docs = json_object_get(o, "documents");
    ck_assert_uint_eq(json_array_size(docs), 2); /* 2022 (twice: the plan and bc.txt) */
    json_decref(o);
    run_free(&r);
    /* refs: 290-QĐ/TW was replaced in 2021, before this 2022 report. */
    r = run(NULL, "--index", ixpath, "--json", "refs", f, NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    o = json_loads(r.out, 0, NULL);
    json_t *refs = json_object_get(o, "refs");
    ck_assert_uint_eq(json_array_size(refs), 3);
    json_t *r290 = json_array_get(refs, 1);
    ck_assert_str_eq(json_string_value(json_object_get(r290, "id")), "290-QĐ/TW");
    ck_assert(json_is_false(json_object_get(r290, "valid")));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r290, "replaced_by"), "id")),
                     "23-QĐ/TW");
    ck_assert(json_is_true(json_object_get(json_array_get(refs, 0), "valid")));
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(refs, 0), "cited_by_others")),
                     14);
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "refs", f, NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "REPLACED"));
    run_free(&r);
    /* cocited: 218-QĐ/TW goes with 217-QĐ/TW most often. */
    r = run(NULL, "--index", ixpath, "--json", "cocited", "217-QĐ/TW", NULL);
    o = json_loads(r.out, 0, NULL);
    json_t *first = json_array_get(json_object_get(o, "cocited"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(first, "id")), "218-QĐ/TW");
    ck_assert_int_eq(json_integer_value(json_object_get(first, "documents")), 8);
    json_decref(o);
    run_free(&r);
    /* cites: in search, with words. */
    r = run(NULL, "--index", ixpath, "--json", "search", "giám sát cites:217-QĐ/TW", NULL);
    o = json_loads(r.out, 0, NULL);
    ck_assert_int_ge(json_integer_value(json_object_get(o, "total")), 1);
    json_t *h0 = json_array_get(json_object_get(o, "results"), 0);
    int has = 0;
    for (size_t i = 0; i < json_array_size(json_object_get(h0, "cites")); i++)
        has |= !strcmp(json_string_value(json_array_get(json_object_get(h0, "cites"), i)),
                       "217-QĐ/TW");
    ck_assert(has);
    json_decref(o);
    run_free(&r);
    /* A document number typed as a search word also finds the informal spelling
     * ("Quyết định 217 của Bộ Chính trị" in bc.txt holds no "217-QĐ/TW"); quoted, it is
     * only the literal phrase. */
    r = run(NULL, "--index", ixpath, "--json", "search", "--docs", "--limit", "50",
            "217/QD-TW", NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    ck_assert_msg(strstr(r.out, "/bc.txt\"") != NULL, "%s", r.out);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "search", "--docs", "--limit", "50",
            "\"217/QD-TW\"", NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    ck_assert_msg(strstr(r.out, "/bc.txt\"") == NULL, "%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, "217-QĐ/TW"));
    run_free(&r);
    /* Errors: not a number (2), unknown document (5), a bad registry (5, file:line). */
    r = run(NULL, "--index", ixpath, "cites", "dân vận", NULL);
    ck_assert_int_eq(r.code, 2);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "refs", "/khong/co.txt", NULL);
    ck_assert_int_eq(r.code, 5);
    run_free(&r);
    char *bad = tu_write_str(dir, "reg.ini", "[1-NQ/TW]\ntype NQ\n");
    r = run(NULL, "--registry", bad, "citations", f, NULL);
    ck_assert_int_eq(r.code, 5);
    ck_assert_msg(strstr(r.err, "reg.ini:2") != NULL, "%s", r.err);
    run_free(&r);
    free(bad);
    free(f);
}
END_TEST

/* The id of refs entry `id` of `o`, or NULL. */
static json_t *
ref_of(json_t *o, const char *id)
{
    json_t *r;
    size_t i;
    json_array_foreach(json_object_get(o, "refs"), i, r) {
        if (!strcmp(json_string_value(json_object_get(r, "id")), id))
            return r;
    }
    return NULL;
}

/* Paths of a `cites --json` answer, joined by spaces (owned). */
static char *
cites_paths(const char *id)
{
    run_result r = run(NULL, "--index", ixpath, "--json", "cites", id, NULL);
    ck_assert_msg(r.code == 0, "cites %s: %s", id, r.err);
    json_t *o = json_loads(r.out, 0, NULL), *d;
    size_t i;
    char *out = calloc(1, 4096);
    json_array_foreach(json_object_get(o, "documents"), i, d) {
        const char *p = strrchr(json_string_value(json_object_get(d, "path")), '/');
        strncat(out, p + 1, 4000 - strlen(out));
        strcat(out, " ");
    }
    json_decref(o);
    run_free(&r);
    return out;
}

/* Issue 16, citations to the right version: a plan whose header carries its own number,
 * reports before and after the 2025 laws and citing both 18-NQ/TW. */
START_TEST(test_citation_versions)
{
    char *docs = malloc(strlen(dir) + 8), plan[4096], rep[4096];
    sprintf(docs, "%s/docs", dir);
    snprintf(plan, sizeof plan, "%s/ke-hoach-597.txt", docs);
    snprintf(rep, sizeof rep, "%s/bao-cao-2025.txt", docs);
    free(tu_write_str(docs, "ke-hoach-597.txt",
                      "ỦY BAN NHÂN DÂN\nHUYỆN CHỢ LÁCH\nSố: 597/KH-UBND\n"
                      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nChợ Lách, ngày 12 tháng 8 năm 2025\n\n"
                      "KẾ HOẠCH\nTriển khai thực hiện Luật Tổ chức chính quyền địa phương trên "
                      "địa bàn huyện\n\nCăn cứ Luật Tổ chức chính quyền địa phương; Kế hoạch "
                      "597/KH-UBND được triển khai đến các xã. Thực hiện Nghị quyết số 18-NQ/TW "
                      "về quản lý và sử dụng đất, tạo động lực đưa nước ta trở thành nước phát "
                      "triển có thu nhập cao.\n"));
    free(tu_write_str(docs, "bao-cao-2025.txt",
                      "ĐẢNG ỦY XÃ SƠN ĐỊNH\nSố 45-BC/ĐU\nSơn Định, ngày 20 tháng 10 năm 2025\n\n"
                      "BÁO CÁO\nKết quả công tác dân vận 9 tháng năm 2025\n\nThực hiện Kế hoạch "
                      "số 597/KH-UBND của UBND huyện. Cán bộ học tập Luật Cán bộ, công chức và "
                      "Luật Tổ chức chính quyền địa phương. Sửa Nghị định số 151/2025/NĐ-CP\"; "
                      "cụm từ \"Ủy ban nhân dân cấp huyện\".\n"));
    free(tu_write_str(docs, "bao-cao-2019.txt",
                      "ĐẢNG ỦY XÃ SƠN ĐỊNH\nSố 12-BC/ĐU\nSơn Định, ngày 3 tháng 5 năm 2019\n\n"
                      "BÁO CÁO\nSơ kết công tác tổ chức\n\nThực hiện Nghị quyết 18-NQ/TW, Đảng ủy "
                      "xã sắp xếp tổ chức bộ máy tinh gọn. Cán bộ xã thực hiện Luật Cán bộ, công "
                      "chức và Luật Tổ chức chính quyền địa phương.\n"));
    run_result r = run(NULL, "--index", ixpath, "index", docs, NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    run_free(&r);

    /* The own number: shown, not cited, searchable, and linked from its citers. */
    r = run(NULL, "--index", ixpath, "--json", "show", plan, NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    json_t *o = json_loads(r.out, 0, NULL), *c;
    ck_assert_str_eq(json_string_value(json_object_get(o, "number")), "597/KH-UBND");
    size_t i;
    json_array_foreach(json_object_get(o, "cites"), i, c) {
        ck_assert_str_ne(json_string_value(json_object_get(c, "id")), "597/KH-UBND");
    }
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "citations", plan, NULL);
    ck_assert_msg(strstr(r.out, "597/KH-UBND") == NULL, "%s", r.out);
    run_free(&r);
    char *p = cites_paths("597/KH-UBND");
    ck_assert_str_eq(p, "bao-cao-2025.txt ");
    free(p);
    r = run(NULL, "--index", ixpath, "--json", "cites", "597/KH-UBND", NULL);
    o = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(o, "in_archive")),
                                 "/ke-hoach-597.txt"));
    /* the title learned from the plan's trích yếu */
    ck_assert_str_eq(json_string_value(json_object_get(o, "title")),
                     "Triển khai thực hiện Luật Tổ chức chính quyền địa phương trên địa bàn huyện");
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "refs", rep, NULL);
    o = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(ref_of(o, "597/KH-UBND"));
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(ref_of(o, "597/KH-UBND"),
                                                                   "in_archive")),
                                 "/ke-hoach-597.txt"));
    ck_assert_ptr_null(ref_of(o, "45-BC/ĐU"));
    /* no title from '151/2025/NĐ-CP"; cụm từ "' */
    ck_assert_ptr_nonnull(ref_of(o, "151/2025/NĐ-CP"));
    ck_assert(json_is_null(json_object_get(ref_of(o, "151/2025/NĐ-CP"), "registry")));
    /* named laws by the report's date */
    ck_assert_ptr_nonnull(ref_of(o, "80/2025/QH15"));
    ck_assert_ptr_nonnull(ref_of(o, "72/2025/QH15"));
    ck_assert_ptr_null(ref_of(o, "22/2008/QH12"));
    ck_assert_ptr_null(ref_of(o, "77/2015/QH13"));
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "search", "--docs", "597/KH-UBND", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "/ke-hoach-597.txt\""));
    run_free(&r);

    /* Laws cited by name before and after their replacement. */
    p = cites_paths("77/2015/QH13");
    ck_assert_str_eq(p, "bao-cao-2019.txt ");
    free(p);
    p = cites_paths("22/2008/QH12");
    ck_assert_str_eq(p, "bao-cao-2019.txt ");
    free(p);
    p = cites_paths("80/2025/QH15");
    ck_assert_str_eq(p, "bao-cao-2025.txt ");
    free(p);

    /* Both 18-NQ/TW. */
    p = cites_paths("18-NQ/TW@2022");
    ck_assert_str_eq(p, "ke-hoach-597.txt ");
    free(p);
    p = cites_paths("18-NQ/TW@2017");
    ck_assert_str_eq(p, "bao-cao-2019.txt ");
    free(p);
    p = cites_paths("18-NQ/TW");
    ck_assert_str_eq(p, "ke-hoach-597.txt bao-cao-2019.txt ");
    free(p);
    r = run(NULL, "--index", ixpath, "cites", "18-NQ/TW", NULL);
    ck_assert_msg(strstr(r.out, "18-NQ/TW names 2 documents") != NULL, "%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, "18-NQ/TW@2017"));
    ck_assert_ptr_nonnull(strstr(r.out, "18-NQ/TW@2022"));
    run_free(&r);
    free(docs);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("cli-cites");
    TCase *t = tcase_create("cites");
    tcase_set_timeout(t, 240);
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_citations_read_what_index_reads);
    tcase_add_test(t, test_citations_commands);
    suite_add_tcase(s, t);
    /* its own case, so that CK_RUN_CASE=versions runs it alone */
    TCase *v = tcase_create("versions");
    tcase_add_checked_fixture(v, setup, teardown);
    tcase_set_timeout(v, 120);
    tcase_add_test(v, test_citation_versions);
    suite_add_tcase(s, v);
    return s;
}

int
main(void)
{
    return tu_run(suite());
}
