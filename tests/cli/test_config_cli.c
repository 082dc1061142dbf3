/*
 * test_config_cli.c - the configuration through the real program (issue 19): the system
 * and user files, the environment and options in their order, `tracuu config` saying
 * where each setting came from, a bad line named FILE:LINE, settings that change what
 * commands do (index, limit), and a registry that cannot be read failing loudly instead
 * of indexing with an empty one.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *dir;
static char corpus[1024], sys_conf[1100], user_home[1100];

static void
setup(void)
{
    dir = tu_tmpdir();
    snprintf(corpus, sizeof corpus, "%s/corpus/docs", tu_env("TRACUU_SOURCE_ROOT", "."));
    snprintf(sys_conf, sizeof sys_conf, "%s/etc-tracuu.conf", dir);
    snprintf(user_home, sizeof user_home, "%s/xdg", dir);
    /* The child inherits these: no machine or tester file leaks in. */
    setenv("TRACUU_CONFIG_SYSTEM", sys_conf, 1);
    setenv("XDG_CONFIG_HOME", user_home, 1);
    unsetenv("TRACUU_INDEX");
}

static void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
}

static void
write_user_conf(const char *text)
{
    char d[1200];
    snprintf(d, sizeof d, "%s/tracuu", user_home);
    char cmd[1300];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", d);
    ck_assert_int_eq(system(cmd), 0);
    free(tu_write_str(d, "tracuu.conf", text));
}

/* settings[key] of `tracuu --json config` as "value|source|where" (static buffer). */
static const char *
setting(json_t *o, const char *key)
{
    static char buf[2048];
    json_t *s = json_object_get(json_object_get(o, "settings"), key);
    snprintf(buf, sizeof buf, "%s|%s|%s", json_string_value(json_object_get(s, "value")),
             json_string_value(json_object_get(s, "source")),
             json_string_value(json_object_get(s, "where")));
    return buf;
}

START_TEST(test_precedence_and_sources)
{
    char text[4096];
    snprintf(text, sizeof text, "index = /sys/index\nlimit = 7\nlisten = 127.0.0.1:9001\n"
                                "[root /docs]\nbase = /\nconvention = province/district\n");
    free(tu_write_str(dir, "etc-tracuu.conf", text));
    write_user_conf("# mine\nindex = /user/index\n");
    tu_result r = tu_tracuu(dir, NULL, "--json", "config", NULL);
    ck_assert_msg(r.code == 0, "%d %s", r.code, r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(o);
    char want[2048];
    snprintf(want, sizeof want, "/user/index|user|%s/tracuu/tracuu.conf:2", user_home);
    ck_assert_str_eq(setting(o, "index"), want);
    snprintf(want, sizeof want, "7|system|%s:2", sys_conf);
    ck_assert_str_eq(setting(o, "limit"), want);
    snprintf(want, sizeof want, "127.0.0.1:9001|system|%s:3", sys_conf);
    ck_assert_str_eq(setting(o, "listen"), want);
    json_t *root = json_array_get(json_object_get(o, "roots"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(root, "path")), "/docs");
    ck_assert_str_eq(json_string_value(json_object_get(root, "convention")), "province/district");
    ck_assert(json_is_true(json_object_get(json_array_get(json_object_get(o, "files"), 0),
                                           "read")));
    json_decref(o);
    tu_result_free(&r);

    /* environment over the files, option over the environment */
    r = tu_tracuu(dir, "TRACUU_INDEX=/env/index", "--json", "config", NULL);
    o = json_loads(r.out, 0, NULL);
    ck_assert_str_eq(setting(o, "index"), "/env/index|environment|$TRACUU_INDEX");
    json_decref(o);
    tu_result_free(&r);
    r = tu_tracuu(dir, "TRACUU_INDEX=/env/index", "--index", "/opt/index", "--json", "config",
                  NULL);
    o = json_loads(r.out, 0, NULL);
    ck_assert_str_eq(setting(o, "index"), "/opt/index|option|--index");
    json_decref(o);
    tu_result_free(&r);

    /* the text form names the source too */
    r = tu_tracuu(dir, NULL, "config", NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_msg(strstr(r.out, "/user/index\n          from user (") != NULL, "%s", r.out);
    tu_result_free(&r);
}
END_TEST

/* The configured index and limit are what commands use. */
START_TEST(test_settings_used)
{
    char text[2048];
    snprintf(text, sizeof text, "index = %s/ix\nlimit = 3\n", dir);
    write_user_conf(text);
    tu_result r = tu_tracuu(dir, NULL, "--json", "index", corpus, NULL);
    ck_assert_msg(r.code == 0, "%d %s", r.code, r.err);
    tu_result_free(&r);
    r = tu_tracuu(dir, NULL, "--json", "search", "dan", "van", NULL);
    ck_assert_msg(r.code == 0, "%d %s", r.code, r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(o);
    ck_assert_uint_eq(json_array_size(json_object_get(o, "results")), 3);
    json_decref(o);
    tu_result_free(&r);
    /* --limit still wins over the file */
    r = tu_tracuu(dir, NULL, "--json", "search", "--limit", "5", "dan", "van", NULL);
    o = json_loads(r.out, 0, NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(o, "results")), 5);
    json_decref(o);
    tu_result_free(&r);
}
END_TEST

/* The district show --json gives for one corpus report indexed under ixdir (its text names
 * the commune, never the district: only the folders can). */
static char *
district_of(const char *ixdir)
{
    char doc[1200];
    snprintf(doc, sizeof doc, "%s/ben-tre/cho-lach/son-dinh/2019-so-ket-dan-van-kheo.txt",
             corpus);
    tu_result r = tu_tracuu(dir, NULL, "--index", ixdir, "--json", "show", doc, NULL);
    ck_assert_msg(r.code == 0, "%d %s", r.code, r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    const char *c = json_string_value(json_object_get(o, "district"));
    char *out = strdup(c ? c : "(none)");
    json_decref(o);
    tu_result_free(&r);
    return out;
}

START_TEST(test_root_convention)
{
    /* corpus/docs' folders are not named like places: alone, they are no district; a
     * [root] section with their base makes them one, as --base does; "names" does not;
     * another convention is an error naming the file and line. */
    char ix[1200], text[3000];
    snprintf(ix, sizeof ix, "%s/plain", dir);
    tu_result r = tu_tracuu(dir, NULL, "--index", ix, "index", "--quiet", corpus, NULL);
    ck_assert_msg(r.code == 0, "%d %s", r.code, r.err);
    tu_result_free(&r);
    char *c = district_of(ix);
    ck_assert_str_eq(c, "(none)");
    free(c);
    snprintf(text, sizeof text, "[root %s]\nbase = %s\n", corpus, corpus);
    write_user_conf(text);
    snprintf(ix, sizeof ix, "%s/based", dir);
    r = tu_tracuu(dir, NULL, "--index", ix, "index", "--quiet", corpus, NULL);
    ck_assert_msg(r.code == 0, "%d %s", r.code, r.err);
    tu_result_free(&r);
    c = district_of(ix);
    ck_assert_str_eq(c, "cho-lach");
    free(c);
    snprintf(text, sizeof text, "[root %s]\nbase = %s\nconvention = names\n", corpus, corpus);
    write_user_conf(text);
    snprintf(ix, sizeof ix, "%s/names", dir);
    r = tu_tracuu(dir, NULL, "--index", ix, "index", "--quiet", corpus, NULL);
    tu_result_free(&r);
    c = district_of(ix);
    ck_assert_str_eq(c, "(none)");
    free(c);
    snprintf(text, sizeof text, "[root %s]\nconvention = streets\n", corpus);
    write_user_conf(text);
    r = tu_tracuu(dir, NULL, "--index", ix, "index", "--quiet", corpus, NULL);
    ck_assert_msg(r.code == 2 && strstr(r.err, "tracuu.conf:1") && strstr(r.err, "streets"),
                  "%d %s", r.code, r.err);
    tu_result_free(&r);
}
END_TEST

START_TEST(test_bad_line)
{
    write_user_conf("index = /x\nlimt = 3\n");
    tu_result r = tu_tracuu(dir, NULL, "status", NULL);
    ck_assert_int_eq(r.code, 2);
    char want[1400];
    snprintf(want, sizeof want, "%s/tracuu/tracuu.conf:2: unknown setting 'limt'", user_home);
    ck_assert_msg(strstr(r.err, want) != NULL, "%s", r.err);
    tu_result_free(&r);
}
END_TEST

/* A registry that cannot be read: every command that uses it exits 5 naming the file
 * and where it was set (before issue 19 an empty registry was used silently); help and
 * config still answer. */
START_TEST(test_registry_unreadable)
{
    char ix[1100];
    snprintf(ix, sizeof ix, "%s/ix", dir);
    const char *cmds[][3] = {{"index", corpus, NULL}, {"search", "dan", NULL},
                             {"cites", "25-NQ/TW", NULL}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        tu_result r = tu_tracuu(dir, "TRACUU_REGISTRY=/nonexistent/registry.ini", "--index", ix,
                                cmds[i][0], cmds[i][1], NULL);
        ck_assert_msg(r.code == 5, "%s: exit %d", cmds[i][0], r.code);
        ck_assert_msg(strstr(r.err, "/nonexistent/registry.ini: cannot read the registry") &&
                          strstr(r.err, "environment setting, $TRACUU_REGISTRY"),
                      "%s", r.err);
        tu_result_free(&r);
    }
    char conf[1300];
    snprintf(conf, sizeof conf, "registry = %s\n", dir); /* a folder */
    write_user_conf(conf);
    /* $TRACUU_REGISTRY (set by meson test) would win over the user file */
    char *env_reg = getenv("TRACUU_REGISTRY") ? strdup(getenv("TRACUU_REGISTRY")) : NULL;
    unsetenv("TRACUU_REGISTRY");
    tu_result r = tu_tracuu(dir, NULL, "--index", ix, "index", corpus, NULL);
    if (env_reg)
        setenv("TRACUU_REGISTRY", env_reg, 1);
    free(env_reg);
    ck_assert_int_eq(r.code, 5);
    ck_assert_msg(strstr(r.err, "not a regular file") && strstr(r.err, "user setting"), "%s",
                  r.err);
    tu_result_free(&r);
    r = tu_tracuu(dir, NULL, "config", NULL);
    ck_assert_int_eq(r.code, 0);
    tu_result_free(&r);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("config-cli");
    TCase *t = tcase_create("config-cli");
    tcase_set_timeout(t, 120);
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_precedence_and_sources);
    tcase_add_test(t, test_settings_used);
    tcase_add_test(t, test_bad_line);
    tcase_add_test(t, test_root_convention);
    tcase_add_test(t, test_registry_unreadable);
    suite_add_tcase(s, t);
    return tu_run(s);
}
