/*
 * test_config.c - the configuration file parser (cli/config.c): settings and roots read,
 * precedence between files and above them, and every kind of bad line reported as
 * FILE:LINE with nothing of that file applied.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cli/config.h"
#include "testutil.h"

static char dir[] = "/tmp/tracuu-config-XXXXXX";

static void
setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    strcpy(dir, "/tmp/tracuu-config-XXXXXX");
}

/* Write `text` to dir/name; returns the path (static buffer per name slot). */
static const char *
write_conf(const char *name, const char *text, size_t len)
{
    static char paths[2][512];
    static int slot;
    char *p = paths[slot++ % 2];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    fclose(f);
    return p;
}

START_TEST(test_settings_and_roots)
{
    const char *p = write_conf("a.conf",
                               "# office server\n"
                               "index = /srv/tracuu/index\n"
                               "  registry=/usr/share/tracuu/registry.ini  \n"
                               "\n"
                               "limit = 25\n"
                               "listen = 0.0.0.0:9000\n"
                               "[root /srv/vanban]\n"
                               "base = /srv\n"
                               "convention = province/district/commune\n"
                               "[root /srv/khac]\n",
                               strlen("# office server\nindex = /srv/tracuu/index\n"
                                      "  registry=/usr/share/tracuu/registry.ini  \n\n"
                                      "limit = 25\nlisten = 0.0.0.0:9000\n[root /srv/vanban]\n"
                                      "base = /srv\nconvention = province/district/commune\n"
                                      "[root /srv/khac]\n"));
    cli_config c = CLI_CONFIG_INIT;
    char err[512] = "";
    ck_assert_int_eq(config_load_file(&c, p, CONF_FROM_SYSTEM, err, sizeof err), 0);
    ck_assert_str_eq(c.v[CONF_INDEX].value, "/srv/tracuu/index");
    ck_assert_str_eq(c.v[CONF_REGISTRY].value, "/usr/share/tracuu/registry.ini");
    ck_assert_str_eq(c.v[CONF_LIMIT].value, "25");
    ck_assert_str_eq(c.v[CONF_LISTEN].value, "0.0.0.0:9000");
    char where[600];
    snprintf(where, sizeof where, "%s:5", p);
    ck_assert_str_eq(c.v[CONF_LIMIT].where, where);
    ck_assert_int_eq(c.v[CONF_INDEX].from, CONF_FROM_SYSTEM);
    ck_assert_uint_eq(c.nroots, 2);
    ck_assert_str_eq(c.roots[0].path, "/srv/vanban");
    ck_assert_str_eq(c.roots[0].base, "/srv");
    ck_assert_str_eq(c.roots[0].convention, "province/district/commune");
    ck_assert_ptr_null(c.roots[1].base);
    ck_assert_uint_eq(c.nfiles, 1);
    ck_assert_int_eq(c.files[0].read, 1);
    config_free(&c);
}
END_TEST

/* A user file overrides the system file setting by setting, root by root; the
 * environment and options (config_set) override both; a lower source never wins. */
START_TEST(test_precedence)
{
    const char *sys = write_conf("sys.conf",
                                 "index = /sys/index\nlimit = 5\n[root /docs]\nbase = /sys\n"
                                 "[root /only-sys]\n",
                                 strlen("index = /sys/index\nlimit = 5\n[root /docs]\n"
                                        "base = /sys\n[root /only-sys]\n"));
    const char *user = write_conf("user.conf", "index = ~/idx\n[root /docs]\nbase = /user\n",
                                  strlen("index = ~/idx\n[root /docs]\nbase = /user\n"));
    setenv("HOME", "/home/ut", 1);
    cli_config c = CLI_CONFIG_INIT;
    char err[512] = "";
    ck_assert_int_eq(config_set(&c, CONF_LIMIT, "10", CONF_FROM_DEFAULT, "built-in", err,
                                sizeof err), 0);
    ck_assert_int_eq(config_load_file(&c, sys, CONF_FROM_SYSTEM, err, sizeof err), 0);
    ck_assert_int_eq(config_load_file(&c, user, CONF_FROM_USER, err, sizeof err), 0);
    ck_assert_str_eq(c.v[CONF_INDEX].value, "/home/ut/idx");
    ck_assert_int_eq(c.v[CONF_INDEX].from, CONF_FROM_USER);
    ck_assert_str_eq(c.v[CONF_LIMIT].value, "5");
    ck_assert_int_eq(c.v[CONF_LIMIT].from, CONF_FROM_SYSTEM);
    ck_assert_uint_eq(c.nroots, 2);
    ck_assert_str_eq(c.roots[0].path, "/docs");
    ck_assert_str_eq(c.roots[0].base, "/user");
    ck_assert_int_eq(c.roots[0].from, CONF_FROM_USER);
    ck_assert_int_eq(config_set(&c, CONF_INDEX, "/env/index", CONF_FROM_ENV, "$TRACUU_INDEX",
                                err, sizeof err), 0);
    ck_assert_str_eq(c.v[CONF_INDEX].value, "/env/index");
    /* a lower source after a higher one changes nothing */
    ck_assert_int_eq(config_set(&c, CONF_INDEX, "/default", CONF_FROM_DEFAULT, "built-in", err,
                                sizeof err), 0);
    ck_assert_str_eq(c.v[CONF_INDEX].value, "/env/index");
    ck_assert_str_eq(c.v[CONF_INDEX].where, "$TRACUU_INDEX");
    ck_assert_str_eq(config_from_name(c.v[CONF_INDEX].from), "environment");
    config_free(&c);
}
END_TEST

START_TEST(test_missing_file_is_fine)
{
    cli_config c = CLI_CONFIG_INIT;
    char err[512] = "", p[512];
    snprintf(p, sizeof p, "%s/none.conf", dir);
    ck_assert_int_eq(config_load_file(&c, p, CONF_FROM_USER, err, sizeof err), 0);
    ck_assert_uint_eq(c.nfiles, 1);
    ck_assert_int_eq(c.files[0].read, 0);
    ck_assert_int_eq(c.v[CONF_INDEX].from, CONF_FROM_NONE);
    config_free(&c);
}
END_TEST

/* Bad files: the message names FILE:LINE and says what is wrong; nothing of the file is
 * applied (the good line before the bad one neither). */
static const struct {
    const char *text;
    int line;
    const char *says;
} bad[] = {
    {"index = /ok\nlimt = 3\n", 2, "unknown setting 'limt'"},
    {"index = /ok\nindex /x\n", 2, "not 'name = value'"},
    {"index = relative/path\n", 1, "not an absolute path"},
    {"index = /ok\nlimit = 0\n", 2, "limit takes 1 to 10000"},
    {"limit = 20x\n", 1, "limit takes 1 to 10000"},
    {"limit = 10001\n", 1, "limit takes 1 to 10000"},
    {"listen = 8080\n", 1, "listen takes ADDR:PORT"},
    {"registry =\n", 1, "registry has no value"},
    {"[roots /x]\n", 1, "a section is [root PATH]"},
    {"[root x]\n", 1, "not an absolute path"},
    {"[root /x]\nbase = /b\nfolders = a\n", 3, "unknown root setting 'folders'"},
    {"[root /x]\n[root /x]\n", 2, "given twice"},
    {"index = /ok\n# fine\nlimit = 3\x00\n", 3, "NUL byte"},
};

START_TEST(test_bad_lines)
{
    size_t len = strlen(bad[_i].text);
    if (strstr(bad[_i].says, "NUL"))
        len = strlen(bad[_i].text) + 2; /* the text after the NUL too */
    const char *p = write_conf("bad.conf", bad[_i].text, len);
    cli_config c = CLI_CONFIG_INIT;
    char err[512] = "", want[600];
    ck_assert_int_eq(config_load_file(&c, p, CONF_FROM_USER, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:%d: ", p, bad[_i].line);
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "row %d: '%s' does not start '%s'",
                  _i, err, want);
    ck_assert_msg(strstr(err, bad[_i].says) != NULL, "row %d: '%s' lacks '%s'", _i, err,
                  bad[_i].says);
    ck_assert_int_eq(c.v[CONF_INDEX].from, CONF_FROM_NONE);
    ck_assert_uint_eq(c.nroots, 0);
    config_free(&c);
}
END_TEST

START_TEST(test_long_line)
{
    size_t n = 5000;
    char *text = malloc(n + 16);
    ck_assert_ptr_nonnull(text);
    memcpy(text, "index = /", 9);
    memset(text + 9, 'a', n);
    memcpy(text + 9 + n, "\n", 2);
    const char *p = write_conf("long.conf", text, strlen(text));
    free(text);
    cli_config c = CLI_CONFIG_INIT;
    char err[512] = "";
    ck_assert_int_eq(config_load_file(&c, p, CONF_FROM_SYSTEM, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, ":1: line longer than"));
    config_free(&c);
}
END_TEST

START_TEST(test_user_path)
{
    setenv("XDG_CONFIG_HOME", "/x/conf", 1);
    char *p = config_user_path();
    ck_assert_str_eq(p, "/x/conf/tracuu/tracuu.conf");
    free(p);
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/ut", 1);
    p = config_user_path();
    ck_assert_str_eq(p, "/home/ut/.config/tracuu/tracuu.conf");
    free(p);
    ck_assert_int_eq(config_key("listen"), CONF_LISTEN);
    ck_assert_int_eq(config_key("nope"), -1);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("config");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_settings_and_roots);
    tcase_add_test(tc, test_precedence);
    tcase_add_test(tc, test_missing_file_is_fine);
    tcase_add_loop_test(tc, test_bad_lines, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, test_long_line);
    tcase_add_test(tc, test_user_path);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
