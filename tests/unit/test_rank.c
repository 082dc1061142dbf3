/*
 * test_rank.c - ranking, relaxation, highlighting and folding of near-identical passages
 * (issue 16), through tracuu.h only, on documents written here.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tracuu.h"

static char *dir, *docs, *ixpath;

static void
setup(void)
{
    dir = tu_tmpdir();
    ck_assert_ptr_nonnull(dir);
    size_t n = strlen(dir) + 16;
    docs = malloc(n);
    ixpath = malloc(n);
    snprintf(docs, n, "%s/docs", dir);
    snprintf(ixpath, n, "%s/index", dir);
    free(tu_write_str(docs, "a/huong-dan.txt",
                      "Hướng dẫn công tác năm 2024\n\n"
                      "Ban Dân vận vẫn tiếp tục hướng dẫn các chi bộ làm tốt công tác dân vận ở "
                      "khu dân cư, theo tinh thần dan van kheo.\n"));
    free(tu_write_str(docs, "b/nghi-huu.txt",
                      "Thông báo của Ủy ban nhân dân xã\n\n"
                      "Ông Nguyễn Văn Tám nghỉ hưu từ tháng 7 năm 2024 theo quyết định của Ủy "
                      "ban nhân dân huyện.\n"));
    free(tu_write_str(docs, "c/huu-nghi.txt",
                      "Tin hoạt động đối ngoại của huyện\n\n"
                      "Hội hữu nghị Việt Nam - Campuchia của huyện tổ chức gặp mặt; hội hữu nghị "
                      "trao quà, các thành viên hội hữu nghị nghỉ giải lao rồi bàn về việc nghỉ "
                      "lễ và chế độ hưu trí của hội viên hữu nghị.\n"));
    /* The same paragraph in three near-identical reports of three communes. */
    static const char *const communes[] = {"Long Thới", "Sơn Định", "Vĩnh Thành"};
    for (int i = 0; i < 3; i++) {
        char name[64], text[1024];
        snprintf(name, sizeof name, "x%d/bao-cao-dap-de.txt", i);
        snprintf(text, sizeof text,
                 "Báo cáo công tác năm 2023 của xã %s\n\n"
                 "Trong năm, Mặt trận và các đoàn thể vận động nhân dân đóng góp ngày công gia cố "
                 "đê bao chống triều cường, nạo vét kênh nội đồng, trồng cây xanh dọc tuyến đê "
                 "và tuyên truyền người dân chủ động phòng chống thiên tai, bảo vệ sản xuất.\n",
                 communes[i]);
        free(tu_write_str(docs, name, text));
    }
    free(tu_write_str(docs, "y/ke-hoach-de.txt",
                      "Kế hoạch phòng chống thiên tai năm 2024\n\n"
                      "Ủy ban nhân dân xã kiểm tra toàn tuyến đê bao trước mùa triều cường, bố "
                      "trí lực lượng xung kích trực tại các điểm xung yếu, gia cố kịp thời.\n"));
}

static void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
    free(docs);
    free(ixpath);
}

static tracuu_index *
build_index(void)
{
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    const char *paths[] = {docs};
    ck_assert_int_eq(tracuu_index_add(ix, paths, 1, NULL, NULL), TRACUU_OK);
    return ix;
}

static tracuu_results *
search(tracuu_index *ix, const char *q)
{
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.hl_open = "[";
    o.hl_close = "]";
    o.snippet_chars = 1000;
    tracuu_results *r = NULL;
    ck_assert_int_eq(tracuu_index_search(&r, ix, q, &o), TRACUU_OK);
    return r;
}

/* A word typed with marks lights up its spelling and the unmarked one, not the other
 * syllables that fold the same: "dân vận" marks neither "vẫn" nor "hướng dẫn". */
START_TEST(test_highlight_typed_marks)
{
    tracuu_index *ix = build_index();
    tracuu_results *r = search(ix, "dân vận");
    const tracuu_hit *h;
    int seen = 0;
    while (tracuu_results_next(&h, r) == TRACUU_OK) {
        if (!strstr(h->path, "huong-dan.txt") || h->passage != 2)
            continue;
        seen = 1;
        ck_assert_msg(!strstr(h->snippet, "[vẫn]") && !strstr(h->snippet, "[dẫn]"), "%s",
                      h->snippet);
        ck_assert_msg(strstr(h->snippet, "[Dân] [vận]") && strstr(h->snippet, "công tác [dân] [vận]") &&
                          strstr(h->snippet, "[dan] [van]"),
                      "%s", h->snippet);
        ck_assert_uint_eq(h->nhighlights, 7); /* Dân vận, dân vận, dân (cư), dan van */
    }
    ck_assert(seen);
    tracuu_results_free(r);
    /* Typed without marks: every folded match, as before. */
    r = search(ix, "dan van");
    while (tracuu_results_next(&h, r) == TRACUU_OK)
        if (strstr(h->path, "huong-dan.txt") && h->passage == 2)
            ck_assert_msg(strstr(h->snippet, "[vẫn]") && strstr(h->snippet, "[dẫn]"), "%s",
                          h->snippet);
    tracuu_results_free(r);
    tracuu_index_close(ix);
}
END_TEST

/* Typed "nghỉ hưu" ranks its own order and marks far above "hữu nghị" said many times. */
START_TEST(test_syllable_order_and_marks)
{
    tracuu_index *ix = build_index();
    tracuu_results *r = search(ix, "nghỉ hưu");
    const tracuu_hit *h;
    ck_assert_int_eq(tracuu_results_next(&h, r), TRACUU_OK);
    ck_assert_msg(strstr(h->path, "nghi-huu.txt") != NULL, "%s", h->path);
    ck_assert_uint_eq(h->nmissing, 0);
    double first = h->score;
    while (tracuu_results_next(&h, r) == TRACUU_OK)
        if (strstr(h->path, "huu-nghi.txt"))
            ck_assert_msg(h->score < first / 2, "%f vs %f", h->score, first);
    tracuu_results_free(r);
    tracuu_index_close(ix);
}
END_TEST

/* The headings a paragraph sits under and the document's title are its context: for
 * "hạn chế dân vận" the paragraph under "II. Hạn chế" that names dân vận answers, above the
 * one under "III. Phương hướng" that names dân vận more often. */
START_TEST(test_headings_as_context)
{
    free(tu_write_str(docs, "z/so-ket.md",
                      "# Báo cáo sơ kết công tác năm 2024\n\n"
                      "## I. Kết quả\n\nXã tổ chức 12 buổi tuyên truyền cho người dân.\n\n"
                      "## II. Hạn chế\n\nCông tác dân vận ở một số chi bộ còn hình thức, chưa "
                      "sâu sát cơ sở.\n\n"
                      "## III. Phương hướng\n\nTiếp tục làm tốt công tác dân vận, dân vận khéo, "
                      "dân vận chính quyền trong năm tới.\n"));
    tracuu_index *ix = build_index();
    tracuu_results *r = search(ix, "hạn chế dân vận");
    const tracuu_hit *h;
    ck_assert_int_eq(tracuu_results_next(&h, r), TRACUU_OK);
    ck_assert_msg(strstr(h->path, "so-ket.md") && strstr(h->text, "còn hình thức"), "%s: %s",
                  h->path, h->text);
    ck_assert_uint_eq(h->nmissing, 0);
    tracuu_results_free(r);
    tracuu_index_close(ix);
}
END_TEST

/* No document holds every word: passages with most of them, marked as such, each naming the
 * words it lacks, instead of nothing. */
START_TEST(test_relaxation)
{
    tracuu_index *ix = build_index();
    tracuu_results *r = search(ix, "gia cố đê bao tàu ngầm");
    ck_assert_int_eq(tracuu_results_relaxed(r), 1);
    const tracuu_hit *h;
    ck_assert_int_eq(tracuu_results_next(&h, r), TRACUU_OK);
    ck_assert_uint_eq(h->nmissing, 2);
    ck_assert_str_eq(h->missing[0], "tàu");
    ck_assert_str_eq(h->missing[1], "ngầm");
    tracuu_results_free(r);
    /* Every word held somewhere: not relaxed, nothing missing. */
    r = search(ix, "gia cố đê bao");
    ck_assert_int_eq(tracuu_results_relaxed(r), 0);
    ck_assert_int_eq(tracuu_results_next(&h, r), TRACUU_OK);
    ck_assert_uint_eq(h->nmissing, 0);
    ck_assert_ptr_null(h->missing);
    tracuu_results_free(r);
    /* Fewer than half of the words: no passage. */
    r = search(ix, "đê tàu ngầm vũ trụ");
    ck_assert_int_eq(tracuu_results_relaxed(r), 1);
    ck_assert_int_eq(tracuu_results_next(&h, r), TRACUU_ITEROVER);
    tracuu_results_free(r);
    tracuu_index_close(ix);
}
END_TEST

/* The same paragraph of three near-identical reports is one result "and 2 similar"; the
 * other report about dikes comes second, not fourth. */
START_TEST(test_similar_passages_fold)
{
    tracuu_index *ix = build_index();
    tracuu_results *r = search(ix, "gia cố đê bao triều cường");
    const tracuu_hit *h;
    int n = 0, folded = 0, other = 0;
    while (tracuu_results_next(&h, r) == TRACUU_OK) {
        n++;
        if (strstr(h->path, "bao-cao-dap-de.txt") && h->passage == 2) {
            ck_assert_int_eq(folded, 0);
            folded = 1;
            ck_assert_uint_eq(h->nsimilar, 2);
            for (size_t k = 0; k < h->nsimilar; k++)
                ck_assert_ptr_nonnull(strstr(h->similar[k], "bao-cao-dap-de.txt"));
            ck_assert_str_ne(h->similar[0], h->similar[1]);
        }
        if (strstr(h->path, "ke-hoach-de.txt"))
            other = n;
    }
    ck_assert(folded);
    ck_assert_int_le(other, 2);
    ck_assert_int_gt(other, 0);
    tracuu_results_free(r);
    tracuu_index_close(ix);
}
END_TEST

static Suite *
rank_suite(void)
{
    Suite *s = suite_create("rank");
    TCase *t = tcase_create("rank");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 60);
    tcase_add_test(t, test_highlight_typed_marks);
    tcase_add_test(t, test_syllable_order_and_marks);
    tcase_add_test(t, test_relaxation);
    tcase_add_test(t, test_headings_as_context);
    tcase_add_test(t, test_similar_passages_fold);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(rank_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
