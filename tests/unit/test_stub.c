/*
 * test_stub.c - our stub reader (store/stub.c) and the seam's use of it: every line form,
 * each bad line refused naming file and line, nested stubs followed and bounded, cycles
 * refused by realpath, `remote PROGRAM` refused unless allowed, and never run; writing
 * through a stub refused. (Hardening issue #4, #5, #20.)
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stub.h"
#include "testutil.h"
#include "xapian_c.h"

static char *dir;

static void
setup(void)
{
    dir = tu_tmpdir();
    ck_assert_ptr_nonnull(dir);
}

static void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
}

/* One row: stub text, flags, expected status, then for OK the shards as
 * "kind:detail" joined by '|' (L:path, T:host:port, P:prog args), else a piece of the
 * message. */
static const struct {
    const char *text;
    int flags;
    tracuu_status st;
    const char *want;
} rows[] = {
    {"auto a\n", 0, TRACUU_OK, "L:/d/a"},
    {"  glass /abs/b  \r\n# comment\n\n\tchert c\n", 0, TRACUU_OK, "L:/abs/b|L:/d/c"},
    {"auto dir with spaces\n", 0, TRACUU_OK, "L:/d/dir with spaces"},
    {"remote 10.0.0.1:33333\n", 0, TRACUU_OK, "T:10.0.0.1:33333"},
    {"remote :4000", 0, TRACUU_OK, "T:127.0.0.1:4000"},
    {"remote [::1]:4000\n", 0, TRACUU_OK, "T:[::1]:4000"},
    {"remote touch pwned\n", 0, TRACUU_EINVAL, "s.stub:1: \"remote touch pwned\" would run"},
    {"# x\nremote :ssh host xapian-progsrv /db\n", 0, TRACUU_EINVAL, "s.stub:2:"},
    {"remote touch pwned\n", STUB_ALLOW_PROGRAM, TRACUU_OK, "P:touch pwned"},
    {"remote :ssh -l x host\n", STUB_ALLOW_PROGRAM, TRACUU_OK, "P:ssh -l x host"},
    {"remote host:0\n", 0, TRACUU_ECORRUPT, "s.stub:1: port must be 1 to 65535"},
    {"remote host:70000\n", 0, TRACUU_ECORRUPT, "port must be 1 to 65535"},
    {"remote host:99999999999999999999\n", 0, TRACUU_ECORRUPT, "port must be"},
    {"remote host:abc\n", 0, TRACUU_ECORRUPT, "bad port"},
    {"remote\n", 0, TRACUU_ECORRUPT, "s.stub:1: not a stub line"},
    {"auto\n", 0, TRACUU_ECORRUPT, "s.stub:1: not a stub line"},
    {"auto a\ninmemory\n", 0, TRACUU_ECORRUPT, "s.stub:2: not a stub line"},
    {"honey x\n", 0, TRACUU_ECORRUPT, "\"honey x\""},
    {"auto a\033[2J\n", 0, TRACUU_OK, "L:/d/a\033[2J"},
    {"bad \033[2J\n", 0, TRACUU_ECORRUPT, "\"bad ?[2J\""},
    {"", 0, TRACUU_ECORRUPT, "lists no database"},
    {"# only a comment\n", 0, TRACUU_ECORRUPT, "lists no database"},
};

static void
describe(char *buf, size_t n, const stub_list *l)
{
    buf[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        const stub_entry *e = &l->v[i];
        size_t k = strlen(buf);
        if (e->kind == STUB_LOCAL)
            snprintf(buf + k, n - k, "%sL:%s", i ? "|" : "", e->path);
        else if (e->kind == STUB_TCP)
            snprintf(buf + k, n - k, "%sT:%s:%u", i ? "|" : "", e->host, e->port);
        else
            snprintf(buf + k, n - k, "%sP:%s %s", i ? "|" : "", e->prog, e->args);
    }
}

START_TEST(test_lines)
{
    stub_list l = {NULL, 0, 0};
    char err[512], got[2048];
    tracuu_status st = stub_parse(&l, rows[_i].text, strlen(rows[_i].text), "s.stub", "/d",
                                  rows[_i].flags | STUB_NO_NESTED, err, sizeof err);
    ck_assert_msg(st == rows[_i].st, "row %d: status %d, want %d (%s)", _i, st, rows[_i].st, err);
    if (st == TRACUU_OK) {
        describe(got, sizeof got, &l);
        ck_assert_str_eq(got, rows[_i].want);
    } else {
        ck_assert_msg(strstr(err, rows[_i].want), "row %d: '%s' lacks '%s'", _i, err,
                      rows[_i].want);
        ck_assert_ptr_null(strchr(err, '\n'));
    }
    stub_list_free(&l);
}
END_TEST

START_TEST(test_limits)
{
    /* A line over the limit, and a NUL inside a line. */
    size_t n = STUB_MAX_LINE + 16;
    char *big = malloc(n);
    memset(big, 'a', n);
    memcpy(big, "auto ", 5);
    stub_list l = {NULL, 0, 0};
    char err[512];
    ck_assert_int_eq(stub_parse(&l, big, n, "s.stub", "/d", STUB_NO_NESTED, err, sizeof err),
                     TRACUU_ECORRUPT);
    ck_assert_ptr_nonnull(strstr(err, "s.stub:1: line longer than"));
    stub_list_free(&l);
    free(big);
    static const char nul[] = "auto a\0b\n";
    ck_assert_int_eq(
        stub_parse(&l, nul, sizeof nul - 1, "s.stub", "/d", STUB_NO_NESTED, err, sizeof err),
        TRACUU_ECORRUPT);
    ck_assert_ptr_nonnull(strstr(err, "NUL"));
    stub_list_free(&l);
}
END_TEST

static char *
write_stub(const char *name, const char *text)
{
    return tu_write_str(dir, name, text);
}

START_TEST(test_self_and_pair)
{
    /* #4: a stub that lists itself, or two that list each other: an error, not a crash. */
    stub_list l = {NULL, 0, 0};
    char err[512], text[1024];
    snprintf(text, sizeof text, "auto %s/s.stub\n", dir);
    char *s = write_stub("s.stub", text);
    ck_assert_int_eq(stub_read(&l, s, 0, err, sizeof err), TRACUU_ECORRUPT);
    ck_assert_msg(strstr(err, "lists itself") && strstr(err, "s.stub:1"), "%s", err);
    stub_list_free(&l);
    char *a = write_stub("a.stub", "auto b.stub\n");
    free(write_stub("b.stub", "# b\nauto a.stub\n"));
    ck_assert_int_eq(stub_read(&l, a, 0, err, sizeof err), TRACUU_ECORRUPT);
    ck_assert_msg(strstr(err, "b.stub:2") && strstr(err, "cycle"), "%s", err);
    stub_list_free(&l);
    /* Through the seam and the public API alike. */
    store_db *db = NULL;
    store_err e;
    ck_assert_int_eq(store_db_open_shards(&db, s, 1000, 1, &e), TRACUU_ECORRUPT);
    ck_assert_ptr_null(db);
    ck_assert_int_eq(store_db_open(&db, a, STORE_READ, &e), TRACUU_ECORRUPT);
    tracuu_index *ix = NULL;
    char *msg = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, s, TRACUU_MODE_READ, &msg), TRACUU_ECORRUPT);
    ck_assert_msg(strstr(msg, "s.stub"), "%s", msg);
    free(msg);
    free(s);
    free(a);
}
END_TEST

START_TEST(test_nesting)
{
    /* Stubs listing stubs are flattened, relative to each stub's own folder; a folder that
     * holds XAPIANDB is a stub too (Xapian would follow it). Eight deep is fine, nine is
     * refused. */
    char name[64], text[128], err[512];
    for (int i = 1; i <= 9; i++) {
        snprintf(name, sizeof name, "n/%d.stub", i);
        if (i < 9)
            snprintf(text, sizeof text, "auto %d.stub\n", i + 1);
        else
            snprintf(text, sizeof text, "auto ../db%d\nauto folder\n", i);
        free(write_stub(name, text));
    }
    free(write_stub("n/folder/XAPIANDB", "remote :5000\n"));
    char path[1024];
    stub_list l = {NULL, 0, 0};
    snprintf(path, sizeof path, "%s/n/3.stub", dir); /* 8 deep: 3..9, folder */
    ck_assert_int_eq(stub_read(&l, path, 0, err, sizeof err), TRACUU_OK);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_int_eq(l.v[0].kind, STUB_LOCAL);
    ck_assert_ptr_nonnull(strstr(l.v[0].path, "n/../db9"));
    ck_assert_ptr_nonnull(strstr(l.v[0].where, "9.stub:1"));
    ck_assert_int_eq(l.v[1].kind, STUB_TCP);
    ck_assert_uint_eq(l.v[1].port, 5000);
    stub_list_free(&l);
    snprintf(path, sizeof path, "%s/n/2.stub", dir); /* 9 deep */
    ck_assert_int_eq(stub_read(&l, path, 0, err, sizeof err), TRACUU_ECORRUPT);
    ck_assert_msg(strstr(err, "nested more than 8 deep"), "%s", err);
    stub_list_free(&l);
    /* A stub that lists a missing stub file names both. */
    free(write_stub("m.stub", "auto a\n"));
    snprintf(path, sizeof path, "%s/nothere.stub", dir);
    ck_assert_int_eq(stub_read(&l, path, 0, err, sizeof err), TRACUU_ENOTFOUND);
    stub_list_free(&l);
}
END_TEST

START_TEST(test_program_never_runs)
{
    /* #5: `remote PROG ARGS` is refused before anything runs, by the seam too. */
    char text[1024];
    snprintf(text, sizeof text, "remote touch %s/pwned\n", dir);
    char *p = write_stub("p.stub", text);
    store_db *db = NULL;
    store_err e;
    ck_assert_int_eq(store_db_open_shards(&db, p, 1000, 1, &e), TRACUU_EINVAL);
    ck_assert_msg(strstr(e.msg, "p.stub:1") && strstr(e.msg, "--allow-remote-program"), "%s",
                  e.msg);
    ck_assert_int_eq(store_db_open(&db, p, STORE_READ, &e), TRACUU_EINVAL);
    tracuu_index *ix = NULL;
    tracuu_open_options o = TRACUU_OPEN_OPTIONS_INIT;
    o.partial = 1;
    ck_assert_int_eq(tracuu_index_open_with(&ix, p, TRACUU_MODE_READ, &o, NULL), TRACUU_EINVAL);
    /* Xapian reads a folder holding XAPIANDB as a stub: so do we, under the same rules. */
    char *x = tu_write_str(dir, "folder/XAPIANDB", text);
    free(x);
    char folder[1024];
    snprintf(folder, sizeof folder, "%s/folder", dir);
    ck_assert_int_eq(store_db_open_shards(&db, folder, 1000, 1, &e), TRACUU_EINVAL);
    ck_assert_int_eq(store_db_open(&db, folder, STORE_READ, &e), TRACUU_EINVAL);
    ck_assert_int_eq(store_db_open(&db, folder, STORE_WRITE, &e), TRACUU_EINVAL);
    ck_assert_ptr_null(db);
    char pwned[1024];
    snprintf(pwned, sizeof pwned, "%s/pwned", dir);
    ck_assert_int_ne(access(pwned, F_OK), 0);
    free(p);
}
END_TEST

START_TEST(test_write_through_stub)
{
    /* #20: a writer is told the stub is a stub (EINVAL), naming it. */
    char text[1024];
    snprintf(text, sizeof text, "auto %s/db\n", dir);
    char *s = write_stub("w.stub", text);
    store_db *db = NULL;
    store_err e;
    ck_assert_int_eq(store_db_open(&db, s, STORE_WRITE, &e), TRACUU_EINVAL);
    ck_assert_msg(strstr(e.msg, "w.stub") && strstr(e.msg, "stub"), "%s", e.msg);
    tracuu_index *ix = NULL;
    char *msg = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, s, TRACUU_MODE_WRITE, &msg), TRACUU_EINVAL);
    ck_assert_msg(strstr(msg, "w.stub"), "%s", msg);
    free(msg);
    struct stat sb;
    snprintf(text, sizeof text, "%s/db", dir);
    ck_assert_int_ne(stat(text, &sb), 0); /* nothing created behind it */
    free(s);
}
END_TEST

START_TEST(test_write_reads_back)
{
    /* What stub_write writes, the reader reads back as the same databases, in order. */
    const char *names[] = {"ben-tre-cho-lach", "dir with spaces", "ha-noi-\xc3\xa2n"};
    char path[1024], err[512], got[2048], want[2048];
    snprintf(path, sizeof path, "%s/w.stub", dir);
    ck_assert_int_eq(stub_write(path, "root /x\nauto /etc", names, 3, err, sizeof err),
                     TRACUU_OK);
    stub_list l = {NULL, 0, 0};
    ck_assert_int_eq(stub_read(&l, path, 0, err, sizeof err), TRACUU_OK);
    describe(got, sizeof got, &l);
    snprintf(want, sizeof want, "L:%s/%s|L:%s/%s|L:%s/%s", dir, names[0], dir, names[1], dir,
             names[2]);
    ck_assert_str_eq(got, want); /* the comment's line break did not become a line */
    stub_list_free(&l);
    snprintf(got, sizeof got, "%s/w.stub.tmp", dir);
    ck_assert_int_ne(access(got, F_OK), 0);
    /* Names no line can hold are refused, naming the stub, and the old stub stays. */
    const char *bad[][1] = {{"a\nremote touch pwned"}, {""}, {"# x"}, {" lead"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(stub_write(path, NULL, bad[i], 1, err, sizeof err), TRACUU_EINVAL);
        ck_assert_msg(strstr(err, "w.stub"), "%s", err);
    }
    ck_assert_int_eq(stub_write(path, NULL, names, 0, err, sizeof err), TRACUU_EINVAL);
    ck_assert_int_eq(stub_read(&l, path, 0, err, sizeof err), TRACUU_OK);
    ck_assert_uint_eq(l.n, 3);
    stub_list_free(&l);
    /* Through the public call: an unwritable place names the file and the reason. */
    char *msg = NULL;
    snprintf(path, sizeof path, "%s/no/such/dir/x.stub", dir);
    ck_assert_int_eq(tracuu_stub_write(path, NULL, names, 1, &msg), TRACUU_EIO);
    ck_assert_msg(msg && strstr(msg, "x.stub") && strstr(msg, "No such file"), "%s", msg);
    free(msg);
}
END_TEST

START_TEST(test_shards_plan)
{
    /* ROOT/<province>/<district>: one shard per district, named province-district, sorted;
     * hidden folders and plain files are not shards. */
    const char *mk[] = {"r", "r/tinh-b", "r/tinh-a", "r/tinh-a/huyen-2", "r/tinh-a/huyen-1",
                        "r/tinh-b/huyen-9", "r/.git", "r/.git/x", "r/tinh-b/.hidden"};
    char p[1024];
    for (size_t i = 0; i < sizeof mk / sizeof mk[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, mk[i]);
        ck_assert_int_eq(mkdir(p, 0700), 0);
    }
    free(tu_write_str(dir, "r/tinh-a/file.txt", "x"));
    snprintf(p, sizeof p, "%s/r", dir);
    tracuu_shard *v = NULL;
    size_t n = 0;
    char *msg = NULL;
    ck_assert_int_eq(tracuu_shards_plan(&v, &n, p, TRACUU_SHARD_DISTRICT, &msg), TRACUU_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(v[0].name, "tinh-a-huyen-1");
    ck_assert_str_eq(v[1].name, "tinh-a-huyen-2");
    ck_assert_str_eq(v[2].name, "tinh-b-huyen-9");
    char want[1024];
    snprintf(want, sizeof want, "%s/r/tinh-b/huyen-9", dir);
    ck_assert_str_eq(v[2].folder, want);
    tracuu_shards_free(v, n);
    ck_assert_int_eq(tracuu_shards_plan(&v, &n, p, TRACUU_SHARD_PROVINCE, &msg), TRACUU_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(v[0].name, "tinh-a");
    tracuu_shards_free(v, n);
    /* a folder with no districts, a missing root, a bad level: each says so */
    snprintf(p, sizeof p, "%s/r/tinh-a/huyen-1", dir);
    ck_assert_int_eq(tracuu_shards_plan(&v, &n, p, TRACUU_SHARD_DISTRICT, &msg),
                     TRACUU_ENOTFOUND);
    ck_assert_msg(msg && strstr(msg, "huyen-1: no district folders"), "%s", msg);
    free(msg);
    snprintf(p, sizeof p, "%s/none", dir);
    ck_assert_int_eq(tracuu_shards_plan(&v, &n, p, TRACUU_SHARD_DISTRICT, &msg), TRACUU_EIO);
    ck_assert_msg(msg && strstr(msg, "none: No such file"), "%s", msg);
    free(msg);
    ck_assert_int_eq(tracuu_shards_plan(&v, &n, p, 3, &msg), TRACUU_EINVAL);
    ck_assert_ptr_null(v);
    free(msg);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("stub");
    TCase *t = tcase_create("parse");
    tcase_add_loop_test(t, test_lines, 0, (int)(sizeof rows / sizeof rows[0]));
    tcase_add_test(t, test_limits);
    suite_add_tcase(s, t);
    t = tcase_create("files");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_self_and_pair);
    tcase_add_test(t, test_nesting);
    tcase_add_test(t, test_program_never_runs);
    tcase_add_test(t, test_write_through_stub);
    tcase_add_test(t, test_write_reads_back);
    tcase_add_test(t, test_shards_plan);
    suite_add_tcase(s, t);
    return tu_run(s);
}
