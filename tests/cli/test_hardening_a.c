/*
 * test_hardening_a.c - regression tests for the faults of the hardening issue fixed on the
 * harden-a branch, each through the real program on real files in a temporary folder:
 * file names that are not UTF-8 (#3), symbolic links out of the roots (#7), a failed file
 * whose good bytes return (#10), a first run killed after a commit (#11), an office file
 * with an internal entity (#2), the release build's flags (#21), and the memory a large
 * file costs (#22). Each test failed before its fix.
 */
#include <check.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

static char *dir, *ixpath;

typedef tu_result run_result;
#define run_free tu_result_free
#define run(...) tu_tracuu(dir, __VA_ARGS__)

static void
setup(void)
{
    dir = tu_tmpdir();
    size_t n = strlen(dir) + 16;
    ixpath = malloc(n);
    snprintf(ixpath, n, "%s/index", dir);
}

static void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
    free(ixpath);
}

static long long
jint(json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

/* `status --json` of the test's index, parsed (owned), or NULL when it does not open. */
static json_t *
status_of(void)
{
    run_result r = run(NULL, "--index", ixpath, "--json", "status", NULL);
    json_t *o = r.code == 0 ? json_loads(r.out, 0, NULL) : NULL;
    run_free(&r);
    return o;
}

/* dir/sub as a new string (owned). */
static char *
path_in(const char *sub)
{
    size_t n = strlen(dir) + strlen(sub) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, sub);
    return p;
}

/* #3: one file whose name is not UTF-8 neither aborts the run nor loses its text: it is
 * indexed, shown escaped (text and JSON), found, shown by that name, renamed, removed; a
 * failing one with such a name gives a JSON error object. */
START_TEST(test_name_not_utf8)
{
    char *docs = path_in("d");
    free(tu_write_str(docs, "a.txt", "văn bản bình thường\n"));
    free(tu_write_str(docs, "b-\xff.txt", "nội dung tệp tên lạ\n"));
    free(tu_write_str(docs, "e-\xfe.txt", "")); /* empty: fails, by its name */
    run_result r = run(NULL, "--index", ixpath, "--json", "index", docs, NULL);
    ck_assert_msg(r.code == 1, "exit %d: %s", r.code, r.err); /* one failed, not 70 */
    json_t *o = json_loads(r.out, 0, NULL);
    ck_assert_msg(o != NULL, "no JSON: %s", r.out);
    ck_assert_int_eq(jint(o, "added"), 2);
    ck_assert_int_eq(jint(o, "failed"), 1);
    json_t *e = json_array_get(json_object_get(o, "errors"), 0);
    ck_assert_msg(strstr(json_string_value(json_object_get(e, "path")), "/d/e-\\xFE.txt"), "%s",
                  r.out);
    json_decref(o);
    ck_assert_msg(strstr(r.err, "e-\\xFE.txt"), "%s", r.err);
    run_free(&r);

    r = run(NULL, "--index", ixpath, "--json", "search", "tên lạ", NULL);
    ck_assert_int_eq(r.code, 0);
    o = json_loads(r.out, 0, NULL);
    ck_assert_msg(o != NULL, "%s", r.out);
    const char *shown =
        json_string_value(json_object_get(json_array_get(json_object_get(o, "results"), 0), "path"));
    ck_assert_msg(shown && strstr(shown, "/d/b-\\xFF.txt"), "%s", r.out);
    char *name = strdup(shown);
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "show", name, NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "b-\\xFF.txt"), "exit %d: %s%s", r.code, r.out,
                  r.err);
    run_free(&r);
    /* Unchanged on the next run; a rename follows it; a removal removes it. */
    r = run(NULL, "--index", ixpath, "reindex", NULL);
    ck_assert_msg(r.code == 1 && strstr(r.out, "2 unchanged"), "%s%s", r.out, r.err);
    run_free(&r);
    char *from = path_in("d/b-\xff.txt"), *to = path_in("d/c-\xfe\xfd.txt");
    ck_assert_int_eq(rename(from, to), 0);
    r = run(NULL, "--index", ixpath, "reindex", NULL);
    ck_assert_msg(strstr(r.out, "1 renamed"), "%s%s", r.out, r.err);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "search", "tên lạ", NULL);
    ck_assert_msg(strstr(r.out, "c-\\\\xFE\\\\xFD.txt"), "%s", r.out);
    run_free(&r);
    ck_assert_int_eq(unlink(to), 0);
    r = run(NULL, "--index", ixpath, "reindex", NULL);
    ck_assert_msg(strstr(r.out, "1 removed"), "%s%s", r.out, r.err);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "search", "tên lạ", NULL);
    ck_assert_msg(strstr(r.out, "no document matches"), "%s", r.out);
    run_free(&r);
    /* A folder whose own name is not UTF-8, given as the root: remembered and walked again. */
    char *odd = path_in("g-\xff");
    free(tu_write_str(odd, "x.txt", "thôn xóm kỳ lạ\n"));
    r = run(NULL, "--index", ixpath, "index", odd, NULL);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    run_free(&r);
    o = status_of();
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(json_array_size(json_object_get(o, "roots")), 2);
    json_decref(o);
    r = run(NULL, "--index", ixpath, "reindex", NULL);
    ck_assert_msg(strstr(r.out, "indexed 3 files") && strstr(r.out, "0 removed"), "%s%s",
                  r.out, r.err);
    run_free(&r);
    free(odd);
    free(from);
    free(to);
    free(name);
    free(docs);
}
END_TEST

/* #7: a link in a root to a file outside it is not followed (unless --follow-links); a link
 * to a file inside the root is indexed once; an index that took such a link before drops it
 * once the walk no longer takes it. */
START_TEST(test_links_outside_roots)
{
    char *in = path_in("in"), *secret = path_in("secret.txt"), *link = path_in("in/s.txt");
    char *inner = path_in("in/a.txt"), *ilink = path_in("in/l.txt");
    free(tu_write_str(dir, "secret.txt", "mật khẩu quản trị viên\n"));
    free(tu_write_str(in, "a.txt", "văn bản trong thư mục\n"));
    ck_assert_int_eq(symlink(secret, link), 0);
    ck_assert_int_eq(symlink(inner, ilink), 0);
    run_result r = run(NULL, "--index", ixpath, "index", in, NULL);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "search", "mật khẩu", NULL);
    ck_assert_msg(strstr(r.out, "no document matches"), "the secret is searchable: %s", r.out);
    run_free(&r);
    json_t *o = status_of();
    ck_assert_int_eq(jint(o, "documents"), 1); /* a.txt once, not again as l.txt */
    json_decref(o);
    r = run(NULL, "--index", ixpath, "reindex", "--follow-links", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "1 added"), "exit %d: %s%s", r.code, r.out,
                  r.err);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "search", "mật khẩu", NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "in/s.txt"), "%s", r.out);
    run_free(&r);
    /* Without the option again: the link's records go. */
    r = run(NULL, "--index", ixpath, "reindex", NULL);
    ck_assert_msg(strstr(r.out, "1 removed"), "%s%s", r.out, r.err);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "search", "mật khẩu", NULL);
    ck_assert_msg(strstr(r.out, "no document matches"), "%s", r.out);
    run_free(&r);
    /* The option is known to every command that walks, and listed in the help. */
    r = run(NULL, "--index", ixpath, "index", "--follow-links", in, NULL);
    ck_assert_int_eq(r.code, 0);
    run_free(&r);
    r = run(NULL, "help", NULL);
    ck_assert_msg(strstr(r.out, "[--follow-links] PATH...") &&
                      strstr(r.out, "watch [--debounce SECONDS] [--quiet] [--ocr] [--follow-links]"),
                  "%s", r.out);
    run_free(&r);
    free(in);
    free(secret);
    free(link);
    free(inner);
    free(ilink);
}
END_TEST

/* #10: a file fails (bad bytes), then gets its good bytes back with the same size and mtime:
 * the next reindex reads it again and its failure record goes, with and without --verify. */
START_TEST(test_failed_file_retried)
{
    static const char good[] = "nội dung tốt đẹp của báo cáo\n";
    char bad[sizeof good];
    memcpy(bad, good, sizeof good);
    bad[3] = (char)0xff; /* invalid UTF-8 with no legacy encoding that fits */
    bad[4] = (char)0xfe;
    for (int verify = 0; verify < 2; verify++) {
        char sub[32];
        snprintf(sub, sizeof sub, "r%d", verify);
        char *docs = path_in(sub);
        char *f = tu_write_str(docs, "a.txt", good);
        struct stat sb;
        ck_assert_int_eq(stat(f, &sb), 0);
        run_result r = run(NULL, "--index", ixpath, "index", docs, NULL);
        ck_assert_int_eq(r.code, 0);
        run_free(&r);
        free(tu_write(docs, "a.txt", bad, sizeof bad - 1));
        r = run(NULL, "--index", ixpath, "reindex", NULL);
        ck_assert_msg(r.code == 1 && strstr(r.out, "1 failed"), "%s%s", r.out, r.err);
        run_free(&r);
        /* The original bytes, size and mtime (touch -r) */
        free(tu_write_str(docs, "a.txt", good));
        struct timespec ts[2] = {sb.st_atim, sb.st_mtim};
        ck_assert_int_eq(utimensat(AT_FDCWD, f, ts, 0), 0);
        r = verify ? run(NULL, "--index", ixpath, "reindex", "--verify", NULL)
                   : run(NULL, "--index", ixpath, "reindex", NULL);
        ck_assert_msg(r.code == 0 && strstr(r.out, "0 failed"), "verify %d: %s%s", verify,
                      r.out, r.err);
        run_free(&r);
        json_t *o = status_of();
        ck_assert_msg(jint(o, "failed_count") == 0, "verify %d: failed_count %lld", verify,
                      jint(o, "failed_count"));
        json_decref(o);
        free(f);
        free(docs);
        tu_rmrf(ixpath);
    }
}
END_TEST

/* #11: the first `index` killed after its first commit leaves an index `reindex` can
 * finish (the roots are committed with the first batch, not at the end). */
START_TEST(test_first_run_killed_reindex)
{
    char *docs = path_in("many");
    for (int i = 0; i < 400; i++) {
        char name[64], text[160];
        snprintf(name, sizeof name, "x%02d/bao-cao-%03d.txt", i / 20, i);
        snprintf(text, sizeof text, "Báo cáo số %d về công tác dân vận ở xã số %d.\n", i, i);
        free(tu_write_str(docs, name, text));
    }
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        /* one process: a parallel first build commits nothing to the index before its
         * parts are joined (parallel.c), so it has no "after a commit" to kill in */
        const char *argv[] = {tu_env("TRACUU_BIN", "tracuu"), "--index", ixpath, "index",
                              "--jobs", "1", "--batch", "1", docs, NULL};
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    /* Wait for the first commit (documents show up to a reader), then kill -9. */
    long long docs_seen = 0;
    for (int k = 0; k < 2000 && docs_seen == 0; k++) {
        struct timespec ts = {0, 5000000L};
        nanosleep(&ts, NULL);
        json_t *o = status_of();
        docs_seen = o ? jint(o, "documents") : 0;
        json_decref(o);
    }
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    ck_assert_msg(WIFSIGNALED(status), "the run ended before the kill: make it longer");
    ck_assert_int_gt(docs_seen, 0);
    run_result r = run(NULL, "--index", ixpath, "reindex", NULL);
    ck_assert_msg(r.code == 0, "reindex after a killed first run: exit %d: %s", r.code, r.err);
    run_free(&r);
    json_t *o = status_of();
    ck_assert_int_eq(jint(o, "documents"), 400);
    json_decref(o);
    free(docs);
}
END_TEST

/* Run tracuu with the NULL-terminated arguments, its stderr into dir/bounded.err, killed after
 * `seconds`: a run that never ends fails the test quickly instead of hanging it. Returns
 * the exit code, 128 + signal when killed. */
static int
run_bounded(int seconds, const char **args)
{
    char errp[1200];
    snprintf(errp, sizeof errp, "%s/bounded.err", dir);
    const char *argv[32];
    int n = 0;
    argv[n++] = tu_env("TRACUU_BIN", "tracuu");
    for (; *args && n < 31; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(null, 1);
        dup2(e, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    for (int k = 0; k < seconds * 20; k++) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        struct timespec ts = {0, 50000000L};
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return 128 + SIGKILL;
}

/* Zip the parts (name, text, ..., NULL) into dir/name with the zip tool; owned path. */
static char *
make_office(const char *name, const char *const *parts)
{
    char parts_dir[900], cmd[2400];
    snprintf(parts_dir, sizeof parts_dir, "%s/parts-%s", dir, name);
    for (size_t i = 0; parts[i]; i += 2)
        free(tu_write_str(parts_dir, parts[i], parts[i + 1]));
    snprintf(cmd, sizeof cmd, "cd '%s' && zip -q -X -r '%s/%s' .", parts_dir, dir, name);
    ck_assert_int_eq(system(cmd), 0);
    return path_in(name);
}

/* #2: an ODT or DOCX whose XML declares one internal entity and uses it fails at once with a
 * clear reason (it used to loop for ever, or take 30-50 s and 280 MB), and the run goes on. */
START_TEST(test_office_entity)
{
    static const char *const odt[] = {
        "mimetype", "application/vnd.oasis.opendocument.text",
        "content.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE x [<!ENTITY e \"x\">]>"
        "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:"
        "1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body>"
        "<office:text><text:p>trước &e; sau</text:p></office:text></office:body>"
        "</office:document-content>",
        NULL};
    static const char *const docx[] = {
        "word/document.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE x [<!ENTITY e \"x\">]>"
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:body><w:p><w:r><w:t>trước &e; sau</w:t></w:r></w:p></w:body></w:document>",
        NULL};
    char *o = make_office("thuc-the.odt", odt), *d = make_office("thuc-the.docx", docx);
    free(tu_write_str(dir, "ok/a.txt", "văn bản bình thường\n"));
    char *ok = path_in("ok");
    const char *args[] = {"--index", ixpath, "index", o, d, ok, NULL};
    int code = run_bounded(30, args);
    char errp[1200];
    snprintf(errp, sizeof errp, "%s/bounded.err", dir);
    char *err = tu_read(errp, NULL);
    ck_assert_msg(code == 1, "exit %d: %s", code, err); /* two failed, one indexed */
    ck_assert_msg(strstr(err, "thuc-the.odt: content.xml: has a DTD") &&
                      strstr(err, "thuc-the.docx: word/document.xml: has a DTD"),
                  "%s", err);
    free(err);
    json_t *st = status_of();
    ck_assert_int_eq(jint(st, "documents"), 1);
    json_decref(st);
    free(o);
    free(d);
    free(ok);
}
END_TEST

/* #22: a large one-line file costs a few times its size in memory, not eleven times (the
 * citation tokens were 40 bytes per 4 bytes of text, and the raw and decoded copies stayed
 * to the end). Peak resident size of the child, from getrusage. Not under AddressSanitizer,
 * whose shadow memory and quarantine are no measure of the program's own. */
START_TEST(test_large_file_memory)
{
    static const char unit[] = "xin chào các bạn ";
    size_t want = (size_t)20 << 20, n = 0;
    char *text = malloc(want + sizeof unit);
    while (n < want) {
        memcpy(text + n, unit, sizeof unit - 1);
        n += sizeof unit - 1;
    }
    char *f = tu_write(dir, "lon.txt", text, n);
    free(text);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        /* meson test sets MALLOC_PERTURB_, which writes every allocation through and so
         * makes reserved, never used capacity resident: measure the program, not that. */
        unsetenv("MALLOC_PERTURB_");
        const char *argv[] = {tu_env("TRACUU_BIN", "tracuu"), "--index", ixpath, "index", f,
                              NULL};
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    /* The largest child waited for so far: this one (the test runs in its own process,
     * whose only earlier child is small: wait4 is not POSIX). */
    ck_assert_int_eq(getrusage(RUSAGE_CHILDREN, &ru), 0);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
    json_t *o = status_of();
    ck_assert_int_eq(jint(o, "documents"), 1);
    json_decref(o);
    run_result r = run(NULL, "--index", ixpath, "search", "chào", NULL);
    ck_assert_msg(strstr(r.out, "lon.txt"), "%s", r.out);
    run_free(&r);
#if defined(__SANITIZE_ADDRESS__)
    (void)ru;
#else
    long long peak = (long long)ru.ru_maxrss * 1024; /* kilobytes on Linux */
    /* The normalized text, the record holding it once (schema 5: the document's text is
     * its record's data) and its word positions, each a copy in Xapian's document and
     * inverter, and a fixed part (the program, Xapian, one citation window: cite.h):
     * measured 5.8x for this 20 MB file, 11x before the hardening pass. */
    ck_assert_msg(peak < 4 * (long long)n + (64LL << 20),
                  "peak %lld bytes for a %zu-byte file (%.1fx)", peak, n,
                  (double)peak / (double)n);
#endif
    free(f);
}
END_TEST

/* #21: -Werror is not in the project's defaults (a distribution's -O3 or fortify flags raise
 * warnings that must not break a user's build); scripts/test asks for it. */
START_TEST(test_no_werror_default)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/meson.build", tu_env("TRACUU_SOURCE_ROOT", "."));
    char *m = tu_read(path, NULL);
    ck_assert_ptr_nonnull(m);
    char *start = strstr(m, "default_options");
    ck_assert_ptr_nonnull(start);
    char *end = strchr(start, ']');
    ck_assert_ptr_nonnull(end);
    *end = '\0';
    ck_assert_msg(!strstr(start, "'werror"), "werror in default_options: %s", start);
    free(m);
    snprintf(path, sizeof path, "%s/scripts/test", tu_env("TRACUU_SOURCE_ROOT", "."));
    m = tu_read(path, NULL);
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_nonnull(strstr(m, "-Dwerror=true"));
    free(m);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("hardening_a");
    TCase *t = tcase_create("hardening_a");
    tcase_set_timeout(t, 240);
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_name_not_utf8);
    tcase_add_test(t, test_links_outside_roots);
    tcase_add_test(t, test_failed_file_retried);
    tcase_add_test(t, test_first_run_killed_reindex);
    tcase_add_test(t, test_no_werror_default);
    tcase_add_test(t, test_office_entity);
    tcase_add_test(t, test_large_file_memory);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return tu_run(suite());
}
