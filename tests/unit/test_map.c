/*
 * test_map.c - the hash map every table of the code base uses (text/map.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "testutil.h"

START_TEST(test_put_find_grow)
{
    /* 5,000 keys: the table doubles four times; every key keeps its value and its copy
     * keeps its address (callers intern strings through it). */
    enum { N = 5000 };
    text_map m;
    text_map_init(&m, (size_t)1 << 20);
    const char **copies = malloc(N * sizeof *copies);
    ck_assert_ptr_nonnull(copies);
    for (unsigned i = 0; i < N; i++) {
        char k[32];
        int n = snprintf(k, sizeof k, "khóa-%u", i);
        text_map_entry *e;
        int created = -1;
        ck_assert_int_eq(text_map_put(&m, k, (size_t)n, &e, &created), TRACUU_OK);
        ck_assert_int_eq(created, 1);
        ck_assert_uint_eq(e->v.u, 0);
        e->v.u = i * 3u;
        copies[i] = e->key;
        ck_assert_str_eq(e->key, k);
    }
    ck_assert_uint_eq(text_map_count(&m), N);
    for (unsigned i = 0; i < N; i++) {
        char k[32];
        int n = snprintf(k, sizeof k, "khóa-%u", i);
        text_map_entry *e = text_map_find(&m, k, (size_t)n);
        ck_assert_ptr_nonnull(e);
        ck_assert_uint_eq(e->v.u, i * 3u);
        ck_assert_ptr_eq(e->key, copies[i]);
        int created = -1;
        ck_assert_int_eq(text_map_put(&m, k, (size_t)n, &e, &created), TRACUU_OK);
        ck_assert_int_eq(created, 0); /* found, not added again */
    }
    ck_assert_uint_eq(text_map_count(&m), N);
    ck_assert_ptr_null(text_map_find(&m, "khóa-5000", strlen("khóa-5000")));
    ck_assert_ptr_null(text_map_find(&m, "khóa-1", 4)); /* a prefix is another key */
    free(copies);
    text_map_free(&m);
    text_map_free(&m); /* twice is harmless: the map is left empty */
}
END_TEST

START_TEST(test_bytes_and_ceiling)
{
    text_map m;
    text_map_init(&m, 64);
    ck_assert_ptr_null(text_map_find(&m, "x", 1)); /* empty, never allocated */
    text_map_entry *e;
    /* keys are bytes: a NUL inside is part of the key */
    ck_assert_int_eq(text_map_put(&m, "a\0b", 3, &e, NULL), TRACUU_OK);
    e->v.d = 0.5;
    ck_assert_ptr_null(text_map_find(&m, "a", 1));
    e = text_map_find(&m, "a\0b", 3);
    ck_assert_ptr_nonnull(e);
    ck_assert(e->v.d == 0.5);
    ck_assert_uint_eq(e->len, 3);
    ck_assert_int_eq(text_map_put(&m, "", 0, &e, NULL), TRACUU_OK); /* the empty key too */
    ck_assert_ptr_nonnull(text_map_find(&m, "", 0));
    /* past the ceiling: refused, and what is there stays */
    char big[80];
    memset(big, 'z', sizeof big);
    ck_assert_int_eq(text_map_put(&m, big, sizeof big, &e, NULL), TRACUU_ETOOBIG);
    ck_assert_ptr_null(e);
    ck_assert_uint_eq(text_map_count(&m), 2);
    ck_assert_int_eq(text_map_put(&m, big, 50, &e, NULL), TRACUU_OK);
    ck_assert_int_eq(text_map_put(&m, big, 20, &e, NULL), TRACUU_ETOOBIG);
    text_map_free(&m);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("map");
    TCase *t = tcase_create("map");
    tcase_add_test(t, test_put_find_grow);
    tcase_add_test(t, test_bytes_and_ceiling);
    suite_add_tcase(s, t);
    return tu_run(s);
}
