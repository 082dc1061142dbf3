/*
 * test_indexer.c - the indexer's modules one at a time: the walk (scan), the file list of a
 * run (manifest) and the writer, each against real files and a real index on disk.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decode.h"
#include "index.h"
#include "manifest.h"
#include "scan.h"
#include "testutil.h"
#include "writer.h"
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

static char *
at(const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    ck_assert_ptr_nonnull(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* What a walk reported: files as "F:name" and problems as "E:status", relative to dir,
 * joined by '|'. */
typedef struct walk_log {
    char text[4096];
} walk_log;

static tracuu_status
log_file(void *ctx, const char *path, const struct stat *st, tracuu_status status,
         const char *message)
{
    walk_log *l = ctx;
    size_t k = strlen(l->text), skip = strlen(dir) + 1;
    const char *rel = strncmp(path, dir, skip - 1) == 0 ? path + skip : path;
    (void)message;
    if (st)
        snprintf(l->text + k, sizeof l->text - k, "%sF:%s", k ? "|" : "", rel);
    else
        snprintf(l->text + k, sizeof l->text - k, "%sE:%d", k ? "|" : "", (int)status);
    return TRACUU_OK;
}

START_TEST(test_scan_walk)
{
    /* Sorted, recursive, only supported names from folders; a link to a file inside the
     * root that the walk reaches anyway is not taken twice; a link out of the root is taken
     * only with follow_links; a missing path is reported and the walk goes on. */
    char *p;
    const char *mk[] = {"r", "r/sub", "out"};
    for (size_t i = 0; i < 3; i++) {
        p = at(mk[i]);
        ck_assert_int_eq(mkdir(p, 0700), 0);
        free(p);
    }
    free(tu_write_str(dir, "r/b.txt", "b"));
    free(tu_write_str(dir, "r/a.txt", "a"));
    free(tu_write_str(dir, "r/sub/c.html", "<p>c</p>"));
    free(tu_write_str(dir, "r/x.exe", "x"));
    free(tu_write_str(dir, "out/secret.txt", "s"));
    char *target = at("out/secret.txt"), *link = at("r/s.txt");
    ck_assert_int_eq(symlink(target, link), 0);
    free(target);
    free(link);
    target = at("r/a.txt");
    link = at("r/z-link.txt");
    ck_assert_int_eq(symlink(target, link), 0);
    free(target);
    free(link);
    char *root = at("r"), *missing = at("none");
    char *roots[1] = {root};
    scan_options o = {roots, 1, 0};
    walk_log l = {""};
    ck_assert_int_eq(scan_path(root, &o, log_file, &l), TRACUU_OK);
    ck_assert_str_eq(l.text, "F:r/a.txt|F:r/b.txt|F:r/sub/c.html");
    o.follow_links = 1;
    l.text[0] = '\0';
    ck_assert_int_eq(scan_path(root, &o, log_file, &l), TRACUU_OK);
    ck_assert_str_eq(l.text, "F:r/a.txt|F:r/b.txt|F:r/s.txt|F:r/sub/c.html");
    l.text[0] = '\0';
    ck_assert_int_eq(scan_path(missing, &o, log_file, &l), TRACUU_OK);
    ck_assert_msg(strncmp(l.text, "E:", 2) == 0, "%s", l.text);
    /* a file named explicitly is taken whatever its name */
    l.text[0] = '\0';
    p = at("r/x.exe");
    ck_assert_int_eq(scan_path(p, &o, log_file, &l), TRACUU_OK);
    ck_assert_str_eq(l.text, "F:r/x.exe");
    free(p);
    free(root);
    free(missing);
}
END_TEST

START_TEST(test_names)
{
    /* Names are bytes: valid UTF-8 is stored as it is; anything else escaped one to one. */
    static const struct {
        const char *raw, *stored;
    } rows[] = {
        {"/d/Báo cáo.txt", "/d/Báo cáo.txt"},
        {"/d/b-\xff.txt", "/d/b-\\xFF.txt"},
        {"/d/\xe1\xba.txt", "/d/\\xE1\\xBA.txt"},         /* a cut sequence */
        {"/d/a\\xff-\xfe", "/d/a\\x5Cxff-\\xFE"},          /* a literal "\x" is escaped too */
        {"/d/plain\\x41.txt", "/d/plain\\x5Cx41.txt"},     /* even in valid UTF-8 */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *s = text_name_escape(rows[i].raw);
        ck_assert_str_eq(s, rows[i].stored);
        char *back = text_name_unescape(s);
        ck_assert_str_eq(back, rows[i].raw);
        free(s);
        free(back);
    }
    ck_assert(scan_under("/a/b/c", "/a/b"));
    ck_assert(scan_under("/a/b", "/a/b"));
    ck_assert(!scan_under("/a/bc", "/a/b"));
    ck_assert(!scan_under("/a", "/a/b"));
}
END_TEST

START_TEST(test_manifest)
{
    /* Three files, two with the same bytes: the manifest knows each path's stamp and hash,
     * and hands out the unseen copies of one content in file-list order, each once. */
    free(tu_write_str(dir, "f/a.txt", "Báo cáo xã An Bình.\n"));
    free(tu_write_str(dir, "f/b.txt", "Báo cáo xã An Bình.\n"));
    free(tu_write_str(dir, "f/c.txt", "Kế hoạch xã Phú Sơn.\n"));
    char *ixpath = at("ix"), *f = at("f");
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    const char *paths[1] = {f};
    tracuu_add_stats s;
    ck_assert_int_eq(tracuu_index_add(ix, paths, 1, NULL, &s), TRACUU_OK);
    manifest *m = NULL;
    ck_assert_int_eq(manifest_load(&m, ix), TRACUU_OK);
    ck_assert_uint_eq(manifest_count(m), 3);
    char *pa = at("f/a.txt"), *pb = at("f/b.txt"), *pc = at("f/c.txt");
    manifest_entry *a = manifest_get(m, pa), *b = manifest_get(m, pb), *c = manifest_get(m, pc);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_null(manifest_get(m, f));
    ck_assert_str_eq(a->hash, b->hash);
    ck_assert_str_ne(a->hash, c->hash);
    ck_assert_int_eq(strlen(a->hash), 16);
    char want[32];
    snprintf(want, sizeof want, "%zu:", strlen("Báo cáo xã An Bình.\n"));
    ck_assert_msg(strncmp(a->stamp, want, strlen(want)) == 0, "%s", a->stamp); /* size:mtime */
    manifest_entry *first = manifest_unseen_with_hash(m, a->hash);
    ck_assert_ptr_eq(first, a);
    a->seen = 1;
    ck_assert_ptr_eq(manifest_unseen_with_hash(m, a->hash), b);
    b->seen = 1;
    ck_assert_ptr_null(manifest_unseen_with_hash(m, a->hash));
    ck_assert_ptr_null(manifest_unseen_with_hash(m, "0000000000000000"));
    manifest_free(m);
    tracuu_index_close(ix);
    free(pa);
    free(pb);
    free(pc);
    free(ixpath);
    free(f);
}
END_TEST

START_TEST(test_writer_replaces)
{
    /* Writing a path twice leaves one document (the old record goes first), with the
     * second text; a rename moves it without re-analysing. */
    char *ixpath = at("ix");
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    store_err err;
    ck_assert_int_eq(store_db_begin(ix->db, &err), TRACUU_OK);
    writer_file wf = {0};
    wf.path = "/r/xa-an-binh/bao-cao.txt";
    wf.encoding = "UTF-8";
    wf.hash = "0123456789abcdef";
    wf.revision = wf.created = 1;
    const char *t1 = "Báo cáo sơ kết công tác dân vận.\n\nXã tổ chức học tập nghị quyết.\n";
    const char *t2 = "Báo cáo tổng kết.\n\nXã làm tốt công tác hòa giải.\n";
    unsigned np = 0;
    ck_assert_int_eq(writer_put_document(ix, &wf, t1, strlen(t1), &np), TRACUU_OK);
    ck_assert_uint_eq(np, 2);
    ck_assert_int_eq(writer_put_document(ix, &wf, t2, strlen(t2), &np), TRACUU_OK);
    size_t moved = 0;
    writer_file nf = wf;
    nf.path = "/r/xa-an-binh/moi.txt";
    ck_assert_int_eq(writer_rename(ix, wf.path, &nf, &moved), TRACUU_OK);
    ck_assert_uint_eq(moved, 1);
    tracuu_status st = store_db_end(ix->db, 1, &err);
    ck_assert_msg(st == TRACUU_OK, "%d %s", st, err.msg);
    tracuu_index_info info;
    ck_assert_int_eq(tracuu_index_info_get(&info, ix), TRACUU_OK);
    ck_assert_uint_eq(info.documents, 1);
    tracuu_index_close(ix);
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_READ, NULL), TRACUU_OK);
    tracuu_results *r = NULL;
    ck_assert_int_eq(tracuu_index_search(&r, ix, "hòa giải", NULL), TRACUU_OK);
    const tracuu_hit *h;
    ck_assert_int_eq(tracuu_results_next(&h, r), TRACUU_OK);
    ck_assert_str_eq(h->path, "/r/xa-an-binh/moi.txt");
    tracuu_results_free(r);
    ck_assert_int_eq(tracuu_index_search(&r, ix, "học tập nghị quyết", NULL), TRACUU_OK);
    ck_assert_uint_eq(tracuu_results_total(r), 0); /* the first text is gone */
    tracuu_results_free(r);
    tracuu_index_close(ix);
    free(ixpath);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("indexer");
    TCase *t = tcase_create("indexer");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_scan_walk);
    tcase_add_test(t, test_names);
    tcase_add_test(t, test_manifest);
    tcase_add_test(t, test_writer_replaces);
    suite_add_tcase(s, t);
    return tu_run(s);
}
