/*
 * test_sample.c - the real report in ../shared/samples: every glued word in it (lower->Upper,
 * letter<->digit, punctuation without a space, and lower-case runs of two syllables) comes
 * out as separate syllables, and indexing then searching the file finds its passages, also
 * by the split words.
 * Skips (exit 77, meson's skip code) with a message when ../shared/samples is absent.
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
        ck_assert_int_eq(tracuu_search(&r, w, queries[i], NULL), TRACUU_OK);
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
    snprintf(samples, sizeof samples, "%s/samples", tu_env("TRACUU_SHARED", "../shared"));
    DIR *d = opendir(samples);
    if (!d) {
        printf("SKIP: %s not found: the real sample documents live outside the project\n",
               samples);
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
    tcase_add_test(t, test_index_and_search_sample);
    suite_add_tcase(s, t);
    return tu_run(s);
}
