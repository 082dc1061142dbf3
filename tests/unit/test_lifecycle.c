/*
 * test_lifecycle.c - when each public call may be made (tracuu.h): the registry is named
 * before it is used, and never swapped under work that holds it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tracuu.h"

START_TEST(test_registry_before_use)
{
    char *dir = tu_tmpdir();
    char *reg = tu_write_str(dir, "r.ini",
                             "[25-NQ/TW@2013]\ntype: NQ\nnumber: 25\nissuer: TW\n"
                             "date: 2013-06-03\ntitle: về công tác dân vận\n");
    char *msg = NULL;
    /* before anything reads it: named, loaded, used */
    ck_assert_int_eq(tracuu_registry_use(reg, &msg), TRACUU_OK);
    ck_assert_ptr_null(msg);
    ck_assert_int_eq(tracuu_registry_use(reg, &msg), TRACUU_OK); /* still unused: allowed */
    const char *text = "Thực hiện Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương.";
    tracuu_citations *cs = NULL;
    ck_assert_int_eq(tracuu_citations_extract(&cs, text, strlen(text), "2019-05-20"),
                     TRACUU_OK);
    ck_assert_uint_eq(tracuu_citations_count(cs), 1);
    const tracuu_citation *c = tracuu_citations_get(cs, 0);
    ck_assert_str_eq(c->id, "25-NQ/TW@2013");
    ck_assert_str_eq(c->title, "về công tác dân vận"); /* from this registry */
    /* the registry is now in use: swapping it would pull it from under c->title */
    ck_assert_int_eq(tracuu_registry_use(reg, &msg), TRACUU_EMISUSE);
    ck_assert_msg(msg && strstr(msg, "r.ini") && strstr(msg, "already in use"), "%s", msg);
    free(msg);
    ck_assert_str_eq(c->title, "về công tác dân vận");
    ck_assert_str_eq(tracuu_status_str(TRACUU_EMISUSE), "call made when it may not be");
    tracuu_citations_free(cs);
    free(reg);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("lifecycle");
    TCase *t = tcase_create("lifecycle");
    tcase_add_test(t, test_registry_before_use);
    suite_add_tcase(s, t);
    return tu_run(s);
}
