/*
 * test_query.c - the query language (items, phrases, exclusions, OR, errors) and snippets
 * (highlight spans, window choice, markers).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parse.h"
#include "snippet.h"
#include "testutil.h"

START_TEST(test_parse_words)
{
    query_parsed *p = NULL;
    char err[256];
    ck_assert_int_eq(query_parse(&p, "Dân vận  khéo", NULL, err, sizeof err), TRACUU_OK);
    ck_assert_uint_eq(p->n, 3);
    ck_assert_str_eq(p->items[0].syl[0].folded, "dan");
    ck_assert_str_eq(p->items[0].syl[0].exact, "Edân");
    ck_assert_int_eq(p->items[0].syl[0].marked, 1);
    ck_assert_int_eq(p->items[2].phrase, 0);
    query_parsed_free(p);
}
END_TEST

START_TEST(test_parse_phrase_not_or)
{
    query_parsed *p = NULL;
    char err[256];
    ck_assert_int_eq(query_parse(&p, "\"mặt trận tổ quốc\" -tôn OR giáo “dân chủ” 25-NQ/TW", NULL,
                                 err, sizeof err),
                     TRACUU_OK);
    ck_assert_uint_eq(p->n, 5);
    ck_assert_int_eq(p->items[0].phrase, 1);
    ck_assert_uint_eq(p->items[0].n, 4);
    ck_assert_int_eq(p->items[1].negate, 1);
    ck_assert_int_eq(p->items[1].or_next, 1);
    ck_assert_int_eq(p->items[3].phrase, 1); /* curly quotes */
    ck_assert_uint_eq(p->items[4].n, 3);     /* 25 nq tw */
    ck_assert_int_eq(p->items[4].phrase, 1);
    query_parsed_free(p);
}
END_TEST

static const struct {
    const char *q;
    tracuu_status st;
} bad[] = {
    {"", TRACUU_EINVAL},
    {"   ", TRACUU_EINVAL},
    {"!!! ;;", TRACUU_EINVAL},
    {"\xFF\xFE", TRACUU_EINVAL},
};

START_TEST(test_parse_errors)
{
    query_parsed *p = NULL;
    char err[256];
    ck_assert_int_eq(query_parse(&p, bad[_i].q, NULL, err, sizeof err), bad[_i].st);
    ck_assert_ptr_null(p);
    ck_assert(err[0] != '\0');
}
END_TEST

START_TEST(test_filters_from_one_table)
{
    /* Every filter of the table parses under its name and under its Vietnamese alias (with
     * and without marks) to its own prefix; an unknown name is an error listing them all. */
    size_t nf;
    const tracuu_filter *f = tracuu_query_filters(&nf);
    ck_assert_uint_ge(nf, 8);
    for (size_t k = 0; k < nf; k++) {
        const char *value = !strcmp(f[k].name, "cites")     ? "25-NQ/TW"
                            : !strcmp(f[k].name, "kind")    ? "so-ket"
                            : !strcmp(f[k].name, "section") ? "limitation"
                            : f[k].prefix                   ? "Sơn Định"
                                                            : "2019";
        const char *names[2] = {f[k].name, f[k].alias};
        for (int a = 0; a < 2 && names[a]; a++) {
            char q[128], err[512];
            if (f[k].quoted)
                snprintf(q, sizeof q, "dân %s:\"%s\"", names[a], value);
            else
                snprintf(q, sizeof q, "dân %s:%s", names[a], value);
            query_parsed *p = NULL;
            ck_assert_msg(query_parse(&p, q, NULL, err, sizeof err) == TRACUU_OK, "%s: %s", q,
                          err);
            if (f[k].prefix) {
                ck_assert_uint_eq(p->nfilters, 1);
                ck_assert_msg(!strncmp(p->filters[0], f[k].prefix, strlen(f[k].prefix)), "%s: %s",
                              q, p->filters[0]);
            } else {
                ck_assert_str_eq(p->date_lo, "2019");
            }
            query_parsed_free(p);
        }
    }
    query_parsed *p = NULL;
    char err[512];
    ck_assert_int_eq(query_parse(&p, "dân comune:x", NULL, err, sizeof err), TRACUU_EBADQUERY);
    for (size_t k = 0; k < nf; k++)
        ck_assert_msg(strstr(err, f[k].name), "%s lacks %s", err, f[k].name);
}
END_TEST

START_TEST(test_build_exclusion_only)
{
    query_parsed *p = NULL;
    store_query *q = NULL;
    store_err e;
    char err[256];
    ck_assert_int_eq(query_parse(&p, "-dân -vận", NULL, err, sizeof err), TRACUU_OK);
    ck_assert_int_eq(query_build(&q, p, &e), TRACUU_EBADQUERY);
    ck_assert_ptr_null(q);
    query_parsed_free(p);
}
END_TEST

START_TEST(test_build_describe)
{
    /* Marked words add exact-layer boosts; adjacent words a phrase boost. */
    query_parsed *p = NULL;
    store_query *q = NULL;
    store_err e;
    char err[256];
    ck_assert_int_eq(query_parse(&p, "dân vận", NULL, err, sizeof err), TRACUU_OK);
    ck_assert_int_eq(query_build(&q, p, &e), TRACUU_OK);
    char *d = store_query_describe(q);
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(strstr(d, "AND_MAYBE") && strstr(d, "Edân") && strstr(d, "Bdan van"), "%s", d);
    free(d);
    store_query_free(q);
    query_parsed_free(p);
    /* Unmarked words: no exact layer at all. */
    ck_assert_int_eq(query_parse(&p, "dan", NULL, err, sizeof err), TRACUU_OK);
    ck_assert_int_eq(query_build(&q, p, &e), TRACUU_OK);
    d = store_query_describe(q);
    ck_assert_msg(strstr(d, "Edan") == NULL && strstr(d, "dan"), "%s", d);
    free(d);
    store_query_free(q);
    query_parsed_free(p);
}
END_TEST

static char *
harvested(void *ctx, const char *folded)
{
    (void)ctx;
    return !strcmp(folded, "ban chi dao 589") ? strdup("bcd589") : NULL;
}

START_TEST(test_snippet_highlights)
{
    const char *text = "Công tác dân vận ở xã; Dân   vận khéo.";
    const char *terms[] = {"dan", "van"};
    text_buf sn = TEXT_BUF_INIT(1 << 16), sp = TEXT_BUF_INIT(1 << 16);
    ck_assert_int_eq(snippet_make(text, strlen(text), NULL, terms, 2, "<", ">", 240, 0, &sn, &sp),
                     TRACUU_OK);
    ck_assert_str_eq(sn.ptr, "Công tác <dân> <vận> ở xã; <Dân> <vận> khéo.");
    const tracuu_span *s = (const tracuu_span *)(void *)sp.ptr;
    ck_assert_uint_eq(sp.len / sizeof *s, 4);
    ck_assert_int_eq(strncmp(text + s[0].start, "dân", s[0].end - s[0].start), 0);
    ck_assert_int_eq(strncmp(text + s[2].start, "Dân", s[2].end - s[2].start), 0);
    text_buf_free(&sn);
    text_buf_free(&sp);
}
END_TEST

START_TEST(test_snippet_multiword_term)
{
    /* An expansion found for an abbreviation lights up only where all its words stand in
     * a row; the abbreviation itself is a one-word term. */
    const char *text = "Ủy ban xã họp; Ủy ban nhân dân huyện và UBND tỉnh.";
    const char *terms[] = {"uy ban nhan dan", "ubnd"};
    text_buf sn = TEXT_BUF_INIT(1 << 16), sp = TEXT_BUF_INIT(1 << 16);
    ck_assert_int_eq(snippet_make(text, strlen(text), NULL, terms, 2, "<", ">", 240, 0, &sn, &sp),
                     TRACUU_OK);
    ck_assert_str_eq(sn.ptr, "Ủy ban xã họp; <Ủy> <ban> <nhân> <dân> huyện và <UBND> tỉnh.");
    ck_assert_uint_eq(sp.len / sizeof(tracuu_span), 5);
    text_buf_free(&sn);
    text_buf_free(&sp);
}
END_TEST

/* Abbreviations and stopwords in the parsed query. */
START_TEST(test_parse_abbreviations_and_stopwords)
{
    query_parsed *p = NULL;
    char err[256];
    /* A run of loose words spelling out an abbreviation becomes one phrase item. */
    ck_assert_int_eq(query_parse(&p, "ủy ban nhân dân của xã", NULL, err, sizeof err),
                     TRACUU_OK);
    ck_assert_uint_eq(p->n, 3);
    ck_assert_int_eq(p->items[0].phrase, 1);
    ck_assert_uint_eq(p->items[0].n, 4);
    ck_assert_uint_eq(p->items[0].nalts, 1);
    ck_assert_str_eq(p->items[0].alts[0], "ubnd");
    ck_assert_int_eq(p->items[1].stopword, 1);
    ck_assert_int_eq(p->items[2].stopword, 0);
    query_parsed_free(p);
    /* The other way round, and a query of function words only requires them. */
    ck_assert_int_eq(query_parse(&p, "MTTQ", NULL, err, sizeof err), TRACUU_OK);
    ck_assert_str_eq(p->items[0].alts[0], "mat tran to quoc");
    query_parsed_free(p);
    ck_assert_int_eq(query_parse(&p, "của và", NULL, err, sizeof err), TRACUU_OK);
    ck_assert_int_eq(p->items[0].stopword + p->items[1].stopword, 0);
    query_parsed_free(p);
    /* Harvested abbreviations come from the index through the environment. */
    query_env env = {{NULL, NULL}, harvested, NULL};
    ck_assert_int_eq(query_parse(&p, "BCĐ589", NULL, err, sizeof err), TRACUU_OK);
    ck_assert_uint_eq(p->items[0].nalts, 0);
    query_parsed_free(p);
    ck_assert_int_eq(query_parse(&p, "ban chỉ đạo 589", &env, err, sizeof err), TRACUU_OK);
    ck_assert_uint_eq(p->n, 1);
    ck_assert_str_eq(p->items[0].alts[0], "bcd589");
    query_parsed_free(p);
}
END_TEST

START_TEST(test_snippet_window)
{
    /* The match sits far into a long passage: the snippet is cut around it. */
    text_buf t = TEXT_BUF_INIT(1 << 20);
    for (int i = 0; i < 100; i++)
        text_buf_puts(&t, "nội dung không liên quan ");
    text_buf_puts(&t, "giám sát và phản biện xã hội ");
    for (int i = 0; i < 100; i++)
        text_buf_puts(&t, "phần sau cũng không liên quan ");
    const char *terms[] = {"giam", "sat"};
    text_buf sn = TEXT_BUF_INIT(1 << 16), sp = TEXT_BUF_INIT(1 << 16);
    ck_assert_int_eq(snippet_make(t.ptr, t.len, NULL, terms, 2, "[", "]", 120, 0, &sn, &sp), TRACUU_OK);
    ck_assert_msg(strstr(sn.ptr, "[giám] [sát]") != NULL, "%s", sn.ptr);
    ck_assert(strncmp(sn.ptr, "… ", 4) == 0);
    ck_assert_uint_lt(sn.len, 400);
    text_buf_free(&t);
    text_buf_free(&sn);
    text_buf_free(&sp);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("query");
    TCase *t = tcase_create("parse");
    tcase_add_test(t, test_parse_words);
    tcase_add_test(t, test_parse_phrase_not_or);
    tcase_add_loop_test(t, test_parse_errors, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(t, test_build_exclusion_only);
    tcase_add_test(t, test_filters_from_one_table);
    tcase_add_test(t, test_build_describe);
    suite_add_tcase(s, t);
    t = tcase_create("snippet");
    tcase_add_test(t, test_snippet_highlights);
    tcase_add_test(t, test_snippet_window);
    tcase_add_test(t, test_snippet_multiword_term);
    tcase_add_test(t, test_parse_abbreviations_and_stopwords);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return tu_run(suite());
}
