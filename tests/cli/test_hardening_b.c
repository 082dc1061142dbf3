/*
 * test_hardening_b.c - the real tracuu binary against hostile or broken inputs (hardening
 * issue #4, #5, #12, #13, #14, #15, #19, #20): stubs that list themselves or name programs,
 * writing through a stub, a full disk, damaged tables, bad watch/date arguments, control
 * characters in file names, the xapian-tcpsrv lines of `tracuu shard`. Each test runs the
 * program as a user would, in a fresh temporary folder, on a few small files.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static char *dir, *ixpath, *docs;

#define run(...) tu_tracuu(dir, __VA_ARGS__)

static void
setup(void)
{
    dir = tu_tmpdir();
    size_t n = strlen(dir) + 16;
    ixpath = malloc(n);
    docs = malloc(n);
    snprintf(ixpath, n, "%s/index", dir);
    snprintf(docs, n, "%s/docs", dir);
    free(tu_write_str(docs, "a.txt", "Báo cáo dân chủ cơ sở xã An Bình năm 2020.\n"));
    free(tu_write_str(docs, "b.txt", "Báo cáo kinh tế xã hội, dân vận khéo năm 2021.\n"));
}

static void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
    free(ixpath);
    free(docs);
}

static void
index_docs(void)
{
    tu_result r = run(NULL, "--index", ixpath, "index", docs, NULL);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
}

static char *
path_in(const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* #4: a stub listing itself, or two listing each other: exit 4 naming the stub and line,
 * for every read command (was a segfault). */
START_TEST(test_stub_cycle)
{
    char text[1024];
    snprintf(text, sizeof text, "auto %s/s.stub\n", dir);
    char *s = tu_write_str(dir, "s.stub", text);
    char *a = tu_write_str(dir, "a.stub", "auto b.stub\n");
    free(tu_write_str(dir, "b.stub", "# partner\nauto a.stub\n"));
    static const char *const cmds[] = {"search", "status", "show", "recurring"};
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        const char *arg = strcmp(cmds[i], "search") == 0 ? "dan"
                          : strcmp(cmds[i], "show") == 0 ? "x.txt"
                                                         : NULL;
        tu_result r = run(NULL, "--index", s, cmds[i], arg, NULL);
        ck_assert_msg(r.code == 4, "%s: exit %d: %s", cmds[i], r.code, r.err);
        ck_assert_msg(strstr(r.err, "s.stub:1") && strstr(r.err, "lists itself"), "%s", r.err);
        tu_result_free(&r);
        r = run(NULL, "--index", a, "--partial", cmds[i], arg, NULL);
        ck_assert_msg(r.code == 4, "%s: exit %d: %s", cmds[i], r.code, r.err);
        ck_assert_msg(strstr(r.err, "b.stub:2") && strstr(r.err, "cycle"), "%s", r.err);
        tu_result_free(&r);
    }
    free(s);
    free(a);
}
END_TEST

/* #5: `remote PROG ARGS` never runs unless --allow-remote-program; bad lines name file and
 * line. */
START_TEST(test_stub_program)
{
    char *pwned = path_in("pwned");
    char text[1200];
    snprintf(text, sizeof text, "remote touch %s\n", pwned);
    char *p = tu_write_str(dir, "p.stub", text);
    tu_result r = run(NULL, "--index", p, "search", "dan", NULL);
    ck_assert_msg(r.code == 2, "exit %d: %s", r.code, r.err);
    ck_assert_msg(strstr(r.err, "p.stub:1") && strstr(r.err, "--allow-remote-program"), "%s",
                  r.err);
    tu_result_free(&r);
    r = run(NULL, "--index", p, "--partial", "--json", "status", NULL);
    ck_assert_int_eq(r.code, 2);
    tu_result_free(&r);
    ck_assert_msg(access(pwned, F_OK) != 0, "the stub ran its program");
    /* Allowed: the program runs (touch exits at once, so the shard does not answer). */
    r = run(NULL, "--allow-remote-program", "--timeout", "2", "--index", p, "search", "dan", NULL);
    ck_assert_msg(r.code == 69, "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
    ck_assert_msg(access(pwned, F_OK) == 0, "--allow-remote-program did not reach the store");
    /* A line that is no stub line, in the middle of good ones. */
    index_docs();
    snprintf(text, sizeof text, "auto %s\nhoney %s\n", ixpath, ixpath);
    char *b = tu_write_str(dir, "bad.stub", text);
    r = run(NULL, "--index", b, "search", "dan", NULL);
    ck_assert_msg(r.code == 4 && strstr(r.err, "bad.stub:2"), "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
    /* A good stub, relative path and comment, still searches. */
    char *g = tu_write_str(dir, "good.stub", "# the one index\nauto index\n");
    r = run(NULL, "--index", g, "search", "dan", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "a.txt"), "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
    free(g);
    free(b);
    free(p);
    free(pwned);
}
END_TEST

/* #20: writing through a stub is a usage error naming it; `help` lists every exit code. */
START_TEST(test_write_through_stub)
{
    index_docs();
    char text[1024];
    snprintf(text, sizeof text, "auto %s\n", ixpath);
    char *s = tu_write_str(dir, "w.stub", text);
    tu_result r = run(NULL, "--index", s, "index", docs, NULL);
    ck_assert_msg(r.code == 2, "exit %d: %s", r.code, r.err);
    ck_assert_msg(strstr(r.err, "w.stub") && strstr(r.err, "stub"), "%s", r.err);
    tu_result_free(&r);
    r = run(NULL, "--index", s, "reindex", NULL);
    ck_assert_msg(r.code == 2, "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
    r = run(NULL, "help", NULL);
    ck_assert_int_eq(r.code, 0);
    static const char *const codes[] = {" 0 ok",       " 1 ",          " 2 usage",
                                        " 3 no index", " 4 bad index", "5 unreadable",
                                        "69 ",         "70 internal",  "75 index locked"};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        ck_assert_msg(strstr(r.out, codes[i]), "help lacks '%s': %s", codes[i], r.out);
    tu_result_free(&r);
    free(s);
}
END_TEST

/* #12: a full disk names the index and the system's reason. Needs a small tmpfs (root). */
START_TEST(test_full_disk)
{
    char *mnt = path_in("mnt");
    mkdir(mnt, 0777);
    if (mount("tmpfs", mnt, "tmpfs", 0, "size=3m") != 0) {
        fprintf(stderr,
                "test_full_disk: SKIPPED: cannot mount a 3 MB tmpfs at %s: %s "
                "(needs root or CAP_SYS_ADMIN)\n",
                mnt, strerror(errno));
        free(mnt);
        return;
    }
    /* ~3 MB of words that rarely repeat: the index outgrows the 3 MB file system. */
    char *big = path_in("big");
    unsigned long x = 12345;
    size_t cap = 48 * 1024;
    char *buf = malloc(cap + 128);
    for (int f = 0; f < 70; f++) {
        size_t n = 0;
        while (n < cap) {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            n += (size_t)snprintf(buf + n, 128, "Báo cáo xã %lu huyện %lu dân chủ %lu.\n",
                                  (x >> 20) % 100000, (x >> 40) % 9999, (x >> 8) % 77777);
        }
        char name[32];
        snprintf(name, sizeof name, "f%02d.txt", f);
        free(tu_write(big, name, buf, n));
    }
    free(buf);
    char *ix = path_in("mnt/index");
    tu_result r = run(NULL, "--index", ix, "index", "--quiet", big, NULL);
    umount2(mnt, MNT_DETACH);
    ck_assert_msg(r.code != 0, "a 3 MB file system held the index: %s", r.out);
    ck_assert_msg(strstr(r.err, ix), "message does not name the index: %s", r.err);
    ck_assert_msg(strstr(r.err, strerror(ENOSPC)), "message lacks '%s': %s", strerror(ENOSPC),
                  r.err);
    tu_result_free(&r);
    free(ix);
    free(big);
    free(mnt);
}
END_TEST

static void
truncate_file(const char *path, off_t size)
{
    ck_assert_msg(truncate(path, size) == 0, "%s: %s", path, strerror(errno));
}

/* #13: a table cut short or missing is a bad index (exit 4), named, with how to rebuild. */
START_TEST(test_damaged_tables)
{
    index_docs();
    char *t = path_in("index/termlist.glass");
    struct stat sb;
    ck_assert_int_eq(stat(t, &sb), 0);
    truncate_file(t, sb.st_size / 3 / 8192 * 8192);
    tu_result r = run(NULL, "--index", ixpath, "search", "dân", NULL);
    ck_assert_msg(r.code == 4, "exit %d: %s", r.code, r.err);
    ck_assert_msg(strstr(r.err, ixpath) && strstr(r.err, "index --force"), "%s", r.err);
    tu_result_free(&r);
    free(t);
    tu_rmrf(ixpath);
    index_docs();
    char *p = path_in("index/postlist.glass");
    ck_assert_int_eq(unlink(p), 0);
    static const char *const cmds[] = {"reindex", "status", "search"};
    for (size_t i = 0; i < 3; i++) {
        r = run(NULL, "--index", ixpath, cmds[i], i == 2 ? "dân" : NULL, NULL);
        ck_assert_msg(r.code == 4, "%s: exit %d: %s", cmds[i], r.code, r.err);
        ck_assert_msg(strstr(r.err, "postlist.glass") && strstr(r.err, "index --force") &&
                          strstr(r.err, ixpath),
                      "%s", r.err);
        tu_result_free(&r);
    }
    free(p);
}
END_TEST

/* #14: arguments that used to be accepted and then did nothing, forever. */
static const char *const bad_debounce[] = {"nan", "NaN", "inf", "-1", "", "1e9", "3601", "2x"};

START_TEST(test_watch_debounce)
{
    index_docs();
    tu_result r = run(NULL, "--index", ixpath, "watch", "--debounce", bad_debounce[_i], NULL);
    ck_assert_msg(r.code == 2, "'%s': exit %d: %s", bad_debounce[_i], r.code, r.err);
    ck_assert_msg(strstr(r.err, "--debounce"), "%s", r.err);
    tu_result_free(&r);
}
END_TEST

START_TEST(test_watch_missing_root)
{
    char *missing = path_in("no-such-folder");
    tu_result r = run(NULL, "--index", ixpath, "watch", missing, NULL);
    ck_assert_msg(r.code == 2, "exit %d: %s", r.code, r.err);
    ck_assert_msg(strstr(r.err, missing), "%s", r.err);
    tu_result_free(&r);
    char *file = path_in("docs/a.txt");
    r = run(NULL, "--index", ixpath, "watch", file, NULL);
    ck_assert_msg(r.code == 2 && strstr(r.err, "not a folder"), "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
    free(file);
    free(missing);
}
END_TEST

static const struct {
    const char *date;
    int ok;
} dates[] = {
    {"2020-13-45", 0}, {"2020-00", 0},  {"2019-02-29", 0}, {"2020-04-31", 0},
    {"20", 0},         {"2020-1-1", 0}, {"yesterday", 0},  {"2020-02-29", 1},
    {"2020", 1},       {"2020-12", 1},  {"2000-02-29", 1}, {"1900-02-29", 0},
};

START_TEST(test_dates)
{
    index_docs();
    tu_result r = run(NULL, "--index", ixpath, "search", "--since", dates[_i].date, "dân", NULL);
    if (dates[_i].ok) {
        ck_assert_msg(r.code == 0, "'%s': exit %d: %s", dates[_i].date, r.code, r.err);
    } else {
        ck_assert_msg(r.code == 2, "'%s': exit %d: %s", dates[_i].date, r.code, r.err);
        ck_assert_msg(strstr(r.err, "--since") && strstr(r.err, dates[_i].date), "%s", r.err);
    }
    tu_result_free(&r);
    r = run(NULL, "--index", ixpath, "cites", "--until", dates[_i].date, "25-NQ/TW", NULL);
    ck_assert_msg(dates[_i].ok ? r.code != 2 : r.code == 2, "cites '%s': exit %d: %s",
                  dates[_i].date, r.code, r.err);
    tu_result_free(&r);
}
END_TEST

/* #15: control characters in names and text never reach the terminal raw. */
START_TEST(test_escapes)
{
    free(tu_write_str(docs, "e\033[2Jf.txt", "dân chủ ở xã có \033]0;title\007 lạ\n"));
    free(tu_write_str(docs, "g\nh.txt", "dân vận\n"));
    index_docs();
    static const char *const color[] = {"never", "always"};
    for (int c = 0; c < 2; c++) {
        tu_result r = run(NULL, "--index", ixpath, "--color", color[c], "search", "dân", NULL);
        ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
        ck_assert_msg(!strstr(r.out, "\033[2J") && !strstr(r.out, "\033]0") &&
                          !strchr(r.out, '\007'),
                      "raw escape in: %s", r.out);
        ck_assert_msg(strstr(r.out, "e\\x1b[2Jf.txt"), "%s", r.out);
        ck_assert_msg(strstr(r.out, "g\\nh.txt"), "%s", r.out);
        /* our own highlight survives */
        ck_assert_msg(!c || strstr(r.out, "\033[1;33m"), "%s", r.out);
        tu_result_free(&r);
    }
    /* status lists the files: the same escaping; JSON keeps the names exact */
    tu_result r = run(NULL, "--index", ixpath, "--json", "search", "dân", NULL);
    json_t *o = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(o);
    int raw = 0;
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(o, "results"), i, h) raw +=
        strstr(json_string_value(json_object_get(h, "path")), "e\033[2Jf.txt") != NULL;
    ck_assert_int_eq(raw, 1);
    json_decref(o);
    tu_result_free(&r);
    /* a message naming such a file */
    char *bad = path_in("docs/x\033[31my.txt");
    r = run(NULL, "--index", ixpath, "show", bad, NULL);
    ck_assert_msg(r.code != 0 && !strstr(r.err, "\033[31m"), "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
    free(bad);
}
END_TEST

/* #19: `tracuu shard` prints xapian-tcpsrv lines bound to loopback unless told. */
START_TEST(test_shard_interface)
{
    char *root = path_in("tree");
    free(tu_write_str(root, "ben-tre/cho-lach/long-thoi/a.txt", "dân chủ cơ sở\n"));
    char *out = path_in("shards");
    tu_result r = run(NULL, "shard", "--out", out, root, NULL);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    ck_assert_msg(strstr(r.out, "xapian-tcpsrv --interface 127.0.0.1 --port 7001 "), "%s", r.out);
    tu_result_free(&r);
    r = run(NULL, "--json", "shard", "--out", out, "--interface", "10.0.1.11", root, NULL);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    ck_assert_msg(strstr(r.out, "xapian-tcpsrv --interface 10.0.1.11 --port 7001 "), "%s", r.out);
    ck_assert_msg(strstr(r.out, "\"interface\":\"10.0.1.11\""), "%s", r.out);
    tu_result_free(&r);
    r = run(NULL, "shard", "--out", out, "--interface", "0.0.0.0; rm -rf /", root, NULL);
    ck_assert_msg(r.code == 2 && strstr(r.err, "--interface"), "exit %d: %s", r.code, r.err);
    tu_result_free(&r);
    free(out);
    free(root);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("hardening_b");
    TCase *t = tcase_create("stubs");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_stub_cycle);
    tcase_add_test(t, test_stub_program);
    tcase_add_test(t, test_write_through_stub);
    suite_add_tcase(s, t);
    t = tcase_create("damage");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_full_disk);
    tcase_add_test(t, test_damaged_tables);
    suite_add_tcase(s, t);
    t = tcase_create("arguments");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 30);
    tcase_add_loop_test(t, test_watch_debounce, 0,
                        (int)(sizeof bad_debounce / sizeof *bad_debounce));
    tcase_add_test(t, test_watch_missing_root);
    tcase_add_loop_test(t, test_dates, 0, (int)(sizeof dates / sizeof *dates));
    suite_add_tcase(s, t);
    t = tcase_create("output");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_escapes);
    tcase_add_test(t, test_shard_interface);
    suite_add_tcase(s, t);
    return tu_run(s);
}
