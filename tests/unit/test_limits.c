/*
 * test_limits.c - the named limits fail loudly past their value (API only, tracuu.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tracuu.h"

START_TEST(test_roots_past_limit)
{
    /* An index remembers at most 4,096 roots: the 4,097th is refused with a message naming
     * it and the limit; the 4,096 before it stay remembered and `reindex` walks them all
     * (a fixed array once dropped the rest without a word). */
    char *dir = tu_tmpdir();
    enum { N = 4097 };
    char **paths = calloc(N, sizeof *paths);
    ck_assert_ptr_nonnull(paths);
    for (int i = 0; i < N; i++) {
        char name[64];
        snprintf(name, sizeof name, "r%04d.txt", i);
        paths[i] = tu_write_str(dir, name, "Báo cáo xã An Bình.\n");
    }
    char ixpath[1024];
    snprintf(ixpath, sizeof ixpath, "%s/ix", dir);
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    tracuu_add_stats s;
    ck_assert_int_eq(tracuu_index_add(ix, (const char *const *)paths, N - 1, NULL, &s),
                     TRACUU_OK);
    ck_assert_int_eq(tracuu_index_add(ix, (const char *const *)paths + N - 1, 1, NULL, &s),
                     TRACUU_ETOOBIG);
    const char *msg = tracuu_index_errmsg(ix);
    ck_assert_msg(strstr(msg, "r4096.txt") && strstr(msg, "4096 roots"), "%s", msg);
    ck_assert_int_eq(tracuu_index_reindex(ix, NULL, &s), TRACUU_OK);
    ck_assert_uint_eq(s.scanned, N - 1);
    ck_assert_uint_eq(s.unchanged, N - 1);
    tracuu_index_close(ix);
    for (int i = 0; i < N; i++)
        free(paths[i]);
    free(paths);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("limits");
    TCase *t = tcase_create("limits");
    tcase_set_timeout(t, 240);
    tcase_add_test(t, test_roots_past_limit);
    suite_add_tcase(s, t);
    return tu_run(s);
}
