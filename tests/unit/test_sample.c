/*
 * test_sample.c - a real report kept outside the project: every glued word in it (lower->Upper,
 * letter<->digit, punctuation without a space, and lower-case runs of two syllables) comes
 * out as separate syllables, and indexing then searching the file finds its passages, also
 * by the split words.
 * Runs only when $TRACUU_SAMPLES names the folder of real samples (a 000_*.txt report);
 * otherwise it skips (exit 77, meson's skip code): the suite needs nothing outside the
 * repository, and the same glued forms and citations are checked on text written here
 * (tests/data/analysis.tsv, citations.tsv).
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tracuu.h"

static char samples[1024];
static char sample_file[1400];

/* Glued forms in the sample and the syllables they must become, in order. */
static const struct {
    const char *glued;
    const char *syllables[4];
} glued[] = {
    {"NguyễnVăn Hiền", {"Nguyễn", "Văn", "Hiền", NULL}},
    {"theoNghị quyết", {"theo", "Nghị", "quyết", NULL}},
    {"217của Bộ", {"217", "của", "Bộ", NULL}},
    {"01lần nhằm", {"01", "lần", "nhằm", NULL}},
    {"phương;mối quan", {"phương", "mối", "quan", NULL}},
    {"dân,tạo sự", {"dân", "tạo", "sự", NULL}},
    {"mới”của Ban", {"mới", "của", "Ban", NULL}},
    {"Huyện ủy-Trưởng Ban", {"Huyện", "ủy", "Trưởng", "Ban"}},
    {"xây dựngnông thôn", {"xây", "dựng", "nông", "thôn"}},
    {"chế độlàm", {"chế", "độ", "làm", NULL}},
};

START_TEST(test_glued_words_split)
{
    size_t len = 0;
    char *raw = tu_read(sample_file, &len);
    ck_assert_ptr_nonnull(raw);
    char *norm = NULL;
    size_t nlen = 0;
    ck_assert_int_eq(tracuu_text_normalize(&norm, &nlen, raw, len), TRACUU_OK);
    const char *at = strstr(norm, glued[_i].glued);
    ck_assert_msg(at != NULL, "'%s' not in the sample", glued[_i].glued);
    tracuu_tokens *t = NULL;
    ck_assert_int_eq(tracuu_tokens_new(&t, at, strlen(glued[_i].glued)), TRACUU_OK);
    size_t k = 0;
    for (; k < 4 && glued[_i].syllables[k]; k++) {
        const tracuu_token *tok = tracuu_tokens_get(t, k);
        ck_assert_ptr_nonnull(tok);
        ck_assert_msg(strlen(glued[_i].syllables[k]) == tok->end - tok->start &&
                          strncmp(at + tok->start, glued[_i].syllables[k],
                                  tok->end - tok->start) == 0,
                      "%s: token %zu", glued[_i].glued, k);
    }
    ck_assert_uint_eq(tracuu_tokens_count(t), k);
    tracuu_tokens_free(t);
    free(norm);
    free(raw);
}
END_TEST

/* Every citation in the sample, in order, as a careful reader lists them. */
static const char *const sample_cites[] = {
    "20-CTHĐ/HU",      /* Chương trình hành động số 20 của Huyện ủy (title line) */
    "20-CTHĐ/HU",      /* ... số 20  của Huyện ủy */
    "25-NQ/TW@2013",   /* Nghị quyết số 25-NQ/TW về “Tăng cường ... công tác dân vận” */
    "106-QĐi/HU",      /* Quy định số 106 của Ban Thường vụ Huyện ủy */
    "20-CTHĐ/HU",      /* Chương trình động số 20 của Huyện ủy (sic) */
    "13-CT/ĐU",        /* chương trình hành động số 13-CT/ĐU, ngày 29/8/2013 */
    "12-NQ/TW",        /* Nghị quyết Trung ương 4 (khóa XI, ... */
    "04-NQ/TW",        /* ... khóa XII) */
    "217-QĐ/TW",       /* Quyết định 217của Bộ Chính trị */
    "16-CT/TU",        /* Chỉ thị số 16-CT/TU về “Đồng khởi mới” */
    "106-QĐ/HU",       /* Quyết định 106 của Huyện ủy */
    "20-CTHĐ/HU",      /* chương trình hành động số 20 của Huyện ủy */
    "217-QĐ/TW",       /* Quyết định 217-QĐ/TW của Bộ Chính trị */
    "25-NQ/TW@2013",   /* Nghị quyết số 25-NQ/TW, nhất là 7 nhiệm vụ */
    "20-CTHĐ/HU",      /* Chương trình hành động số 20 của Huyện ủy */
    "34/2007/PL-UBTVQH11", /* Pháp lệnh 34 của Ủy ban Thường vụ Quốc hội */
    "04/2015/NĐ-CP",   /* Nghị định 04 của Chính phủ */
    "217-QĐ/TW",       /* Quyết định 217, ... */
    "218-QĐ/TW",       /* ... 218 của Bộ Chính trị */
    "2242-QĐ/TU",      /* Quyết định 2242-QĐ/TU */
    "106-QĐ/HU",       /* Quyết định 106 của Huyện ủy */
};

START_TEST(test_sample_citations)
{
    size_t len = 0;
    char *raw = tu_read(sample_file, &len), *norm = NULL;
    size_t nlen = 0;
    ck_assert_ptr_nonnull(raw);
    ck_assert_int_eq(tracuu_text_normalize(&norm, &nlen, raw, len), TRACUU_OK);
    tracuu_citations *cs = NULL;
    ck_assert_int_eq(tracuu_citations_extract(&cs, norm, nlen, NULL), TRACUU_OK);
    size_t n = sizeof sample_cites / sizeof *sample_cites;
    ck_assert_uint_eq(tracuu_citations_count(cs), n);
    for (size_t i = 0; i < n; i++) {
        const tracuu_citation *c = tracuu_citations_get(cs, i);
        ck_assert_msg(!strcmp(c->id, sample_cites[i]), "citation %zu: %s (%s), want %s", i,
                      c->id, c->text, sample_cites[i]);
        ck_assert_str_ne(c->resolved, "ambiguous");
    }
    tracuu_citations_free(cs);
    free(norm);
    free(raw);
}
END_TEST

START_TEST(test_index_and_search_sample)
{
    char *dir = tu_tmpdir();
    char ix[1200];
    snprintf(ix, sizeof ix, "%s/ix", dir);
    tracuu_index *w = NULL;
    ck_assert_int_eq(tracuu_index_open(&w, ix, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    const char *paths[] = {samples};
    tracuu_add_stats s;
    ck_assert_int_eq(tracuu_index_add(w, paths, 1, NULL, &s), TRACUU_OK);
    ck_assert_uint_ge(s.added, 1);
    ck_assert_uint_eq(s.failed, 0);
    /* Queries typed without marks, with glued forms separated, find the passages. */
    const char *queries[] = {"quyet dinh 217 cua bo chinh tri", "\"Nguyen Van Hien\"",
                             "theo nghi quyet trung uong 4", "uy ban nhan dan xa",
                             "\"25-NQ/TW\"", "doi thoai 01 lan", "\"xay dung nong thon moi\"",
                             "\"che do lam viec\""};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        tracuu_results *r = NULL;
        ck_assert_int_eq(tracuu_index_search(&r, w, queries[i], NULL), TRACUU_OK);
        const tracuu_hit *h = NULL;
        ck_assert_msg(tracuu_results_next(&h, r) == TRACUU_OK, "no hit for %s", queries[i]);
        ck_assert_ptr_nonnull(strstr(h->path, "/samples/"));
        tracuu_results_free(r);
    }
    tracuu_index_close(w);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int
main(void)
{
    const char *dir = getenv("TRACUU_SAMPLES");
    if (!dir || !*dir) {
        printf("SKIP: set TRACUU_SAMPLES to a folder of real samples to run this check\n");
        return 77;
    }
    snprintf(samples, sizeof samples, "%s", dir);
    DIR *d = opendir(samples);
    if (!d) {
        printf("SKIP: %s cannot be read\n", samples);
        return 77;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, "000_", 4) == 0)
            snprintf(sample_file, sizeof sample_file, "%s/%s", samples, e->d_name);
    closedir(d);
    if (!sample_file[0]) {
        printf("SKIP: no 000_*.txt sample in %s\n", samples);
        return 77;
    }
    Suite *s = suite_create("sample");
    TCase *t = tcase_create("sample");
    tcase_set_timeout(t, 60);
    tcase_add_loop_test(t, test_glued_words_split, 0, (int)(sizeof glued / sizeof glued[0]));
    tcase_add_test(t, test_sample_citations);
    tcase_add_test(t, test_index_and_search_sample);
    suite_add_tcase(s, t);
    return tu_run(s);
}
