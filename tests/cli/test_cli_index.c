/*
 * test_cli_index.c - the real tracuu binary on real files: index, reindex and watch: every kind of change between runs, a locked index, bad and huge files, kill -9 at eight moments, office files built in the test. Runs the
 * program as a child process exactly as a user or script would (cli_fixture.h).
 */
#include <check.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "tracuu.h"
#include "cli_fixture.h"

START_TEST(test_bad_file_partial)
{
    char docs[600];
    snprintf(docs, sizeof docs, "%s/docs", dir);
    free(tu_write_str(docs, "tot.txt", "Văn bản tốt về công tác dân vận.\n"));
    free(tu_write(docs, "xau.txt", "dòng đầu\n\xC3\x28 hỏng\n", 17));
    run_result r = run(NULL, "--index", ixpath, "index", docs, "/khong/co/duong/dan", NULL);
    ck_assert_int_eq(r.code, 1);
    ck_assert_msg(strstr(r.err, "xau.txt: line 2, column 1") != NULL, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.err, "/khong/co/duong/dan"));
    ck_assert_ptr_nonnull(strstr(r.out, "1 added"));
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "search", "cong tac", NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "tot.txt"));
    run_free(&r);
}
END_TEST

START_TEST(test_locked)
{
    index_corpus();
    tracuu_index *w = NULL;
    ck_assert_int_eq(tracuu_index_open(&w, ixpath, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    run_result r = run(NULL, "--index", ixpath, "index", corpus, NULL);
    ck_assert_int_eq(r.code, 75);
    ck_assert_msg(strstr(r.err, "locked") != NULL, "%s", r.err);
    run_free(&r);
    /* Searching still works while a writer holds the lock. */
    r = run(NULL, "--index", ixpath, "search", "dan", NULL);
    ck_assert_int_eq(r.code, 0);
    run_free(&r);
    /* --wait=SECONDS: still locked when the time is up ... */
    r = run(NULL, "--index", ixpath, "reindex", "--wait=0.5", NULL);
    ck_assert_int_eq(r.code, 75);
    run_free(&r);
    /* ... and it goes ahead as soon as the other writer lets go. */
    /* exec at once: a forked copy of this process would keep the writer's lock alive. */
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        const char *argv[] = {tu_env("TRACUU_BIN", "tracuu"), "--index", ixpath, "reindex",
                              "--quiet", "--wait=20", NULL};
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    struct timespec ts = {0, 500000000};
    nanosleep(&ts, NULL);
    tracuu_index_close(w);
    int status = 0;
    waitpid(child, &status, 0);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* Set a file's mtime to `sec` seconds after the epoch (nanoseconds zero). */
static void
set_mtime(const char *path, time_t sec)
{
    struct timespec t[2] = {{sec, 0}, {sec, 0}};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* One reindex, its JSON summary. */
static json_t *
reindex_json(const char *extra)
{
    run_result r = extra ? run(NULL, "--index", ixpath, "--json", "reindex", extra, NULL)
                         : run(NULL, "--index", ixpath, "--json", "reindex", NULL);
    ck_assert_msg(r.code == 0 || r.code == 1, "exit %d: %s", r.code, r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    ck_assert_msg(o != NULL, "reindex %s: not JSON: '%s' (stderr '%s')", extra ? extra : "",
                  r.out, r.err);
    run_free(&r);
    return o;
}


/* Number of hits of a query, and whether a path fragment is among them. */
static int
hits_with(const char *query, const char *fragment)
{
    run_result r = run(NULL, "--index", ixpath, "--json", "search", "--limit", "100", query, NULL);
    int found = r.out && strstr(r.out, fragment) != NULL;
    run_free(&r);
    return found;
}

/* Every kind of change between two runs, through the real program. */
START_TEST(test_reindex_change_kinds)
{
    char a[700], b[700], p1[800], p2[800];
    snprintf(a, sizeof a, "%s/roots/a", dir);
    snprintf(b, sizeof b, "%s/roots/b", dir);
    free(tu_write_str(a, "mot.txt", "Báo cáo công tác dân vận xã Phú Hòa năm 2020.\n"));
    free(tu_write_str(a, "hai.txt", "Kế hoạch hòa giải ở cơ sở năm 2021.\n"));
    free(tu_write_str(b, "ba.txt", "Tin hội nghị đối thoại với nhân dân.\n"));
    snprintf(p1, sizeof p1, "%s/mot.txt", a);
    snprintf(p2, sizeof p2, "%s/hai.txt", a);
    run_result r = run(NULL, "--index", ixpath, "index", a, b, NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "revision 1"));
    run_free(&r);

    /* No change: nothing read, no new revision. */
    json_t *o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "unchanged"), 3);
    ck_assert_int_eq(jint(o, "revision"), 1);
    json_decref(o);

    /* Touch: new mtime, same bytes: unchanged, still revision 1. */
    set_mtime(p1, 1700000000);
    o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "unchanged"), 3);
    ck_assert_int_eq(jint(o, "updated"), 0);
    ck_assert_int_eq(jint(o, "revision"), 1);
    json_decref(o);

    /* Modify: updated, revision 2, the new words found. */
    free(tu_write_str(a, "hai.txt", "Kế hoạch hòa giải năm 2022 đã được sửa đổi bổ sung.\n"));
    o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "updated"), 1);
    ck_assert_int_eq(jint(o, "revision"), 2);
    json_decref(o);
    ck_assert(hits_with("sua doi bo sung", "hai.txt"));

    /* Same size and mtime, other bytes: only --verify sees it. */
    struct stat sb;
    ck_assert_int_eq(stat(p2, &sb), 0);
    free(tu_write_str(a, "hai.txt", "Kế hoạch hòa giải năm 2023 đã được sửa đổi bổ sung.\n"));
    set_mtime(p2, sb.st_mtim.tv_sec);
    struct timespec t[2] = {sb.st_mtim, sb.st_mtim};
    ck_assert_int_eq(utimensat(AT_FDCWD, p2, t, 0), 0);
    o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "updated"), 0);
    json_decref(o);
    o = reindex_json("--verify");
    ck_assert_int_eq(jint(o, "updated"), 1);
    json_decref(o);
    ck_assert(hits_with("2023", "hai.txt"));

    /* Rename: the new path is found, the old one is gone, counted as renamed. */
    char p1b[800];
    snprintf(p1b, sizeof p1b, "%s/mot-moi.txt", a);
    ck_assert_int_eq(rename(p1, p1b), 0);
    o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "renamed"), 1);
    ck_assert_int_eq(jint(o, "removed"), 0);
    ck_assert_int_eq(jint(o, "added"), 0);
    ck_assert_int_eq(jint(o, "bytes"), 0); /* moved, not read for analysis */
    json_decref(o);
    ck_assert(hits_with("dan van", "mot-moi.txt"));
    ck_assert(!hits_with("dan van", "/mot.txt"));

    /* Move between roots. */
    char p3[800];
    snprintf(p3, sizeof p3, "%s/mot-moi.txt", b);
    ck_assert_int_eq(rename(p1b, p3), 0);
    o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "renamed"), 1);
    ck_assert_int_eq(jint(o, "removed"), 0);
    json_decref(o);
    ck_assert(hits_with("dan van", "roots/b/mot-moi.txt"));
    ck_assert(!hits_with("dan van", "roots/a/mot-moi.txt"));
    /* The moved document is whole: show, its commune and changes agree (roots/a and roots/b
     * are not places: the commune is the one its text names, issue 16). */
    r = run(NULL, "--index", ixpath, "--json", "show", p3, NULL);
    ck_assert_msg(r.code == 0 && strstr(r.out, "\"passages\":1"), "%s %s", r.out, r.err);
    run_free(&r);
    r = run(NULL, "--index", ixpath, "--json", "search", "dan van", NULL);
    ck_assert_msg(strstr(r.out, "\"commune\":\"Phú Hòa\""), "%s", r.out);
    run_free(&r);

    /* Delete. */
    ck_assert_int_eq(unlink(p2), 0);
    o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "removed"), 1);
    long long rev = jint(o, "revision");
    json_decref(o);
    ck_assert(!hits_with("hoa giai", "hai.txt"));
    r = run(NULL, "--index", ixpath, "--json", "changes", "--since", "2", NULL);
    ck_assert_msg(strstr(r.out, "\"change\":\"removed\"") && strstr(r.out, "hai.txt"), "%s",
                  r.out);
    run_free(&r);

    /* Encoding change: the same text saved as Windows-1258 is re-read and shown as such. */
    char p4[800];
    snprintf(p4, sizeof p4, "%s/ba.txt", b);
    static const char cp1258[] = "Tin h\xF4\xF2i ngh\xEF\xF2 \xF0\xF4\xECi tho\xE3\xF2i.\n";
    free(tu_write(b, "ba.txt", cp1258, sizeof cp1258 - 1));
    o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "updated"), 1);
    ck_assert_int_gt(jint(o, "revision"), rev);
    json_decref(o);
    r = run(NULL, "--index", ixpath, "--json", "show", p4, NULL);
    ck_assert_msg(strstr(r.out, "\"encoding\":\"CP1258\"") != NULL, "%s", r.out);
    run_free(&r);

    /* A bad file is recorded and listed; fixing it clears the record. */
    free(tu_write(a, "hong.txt", "\xff\xfe\x00", 3));
    o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "failed"), 1);
    json_decref(o);
    r = run(NULL, "--index", ixpath, "--json", "status", "--errors", NULL);
    ck_assert_msg(strstr(r.out, "hong.txt") && strstr(r.out, "\"failed_count\":1"), "%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, "roots/a"));
    run_free(&r);
    free(tu_write_str(a, "hong.txt", "Đã sửa tệp hỏng.\n"));
    o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "failed"), 0);
    json_decref(o);
    r = run(NULL, "--index", ixpath, "--json", "status", "--errors", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "\"failed_count\":0"));
    run_free(&r);

    /* A root that disappeared (an unmounted share) removes nothing. */
    char moved[800];
    snprintf(moved, sizeof moved, "%s/roots/b-away", dir);
    ck_assert_int_eq(rename(b, moved), 0);
    o = reindex_json(NULL);
    ck_assert_int_eq(jint(o, "removed"), 0);
    ck_assert_int_eq(jint(o, "failed"), 1);
    json_decref(o);
    ck_assert(hits_with("dan van", "roots/b/mot-moi.txt"));
}
END_TEST

/* Poll a search until `fragment` is (want=1) or is not (want=0) among its hits; 1 when it
 * happened within ten seconds. */
static int
eventually(const char *query, const char *fragment, int want)
{
    for (int i = 0; i < 100; i++) {
        if (hits_with(query, fragment) == want)
            return 1;
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

/* tracuu watch: files created (also in a new folder), changed and removed reach the index
 * without anyone running reindex; SIGTERM ends it cleanly. */
START_TEST(test_watch)
{
    char root[700];
    snprintf(root, sizeof root, "%s/watched", dir);
    free(tu_write_str(root, "dau.txt", "Báo cáo đầu tiên về công tác dân vận.\n"));
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        const char *argv[] = {tu_env("TRACUU_BIN", "tracuu"), "--index", ixpath, "watch",
                              "--debounce", "0.2", root, NULL};
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    ck_assert(eventually("dan van", "dau.txt", 1));
    free(tu_write_str(root, "moi/giam-sat.txt", "Kế hoạch giám sát của Mặt trận năm 2025.\n"));
    ck_assert(eventually("giam sat", "moi/giam-sat.txt", 1));
    free(tu_write_str(root, "dau.txt", "Báo cáo đã sửa về hòa giải ở cơ sở.\n"));
    ck_assert(eventually("hoa giai", "dau.txt", 1));
    char gone[800];
    snprintf(gone, sizeof gone, "%s/moi/giam-sat.txt", root);
    ck_assert_int_eq(unlink(gone), 0);
    ck_assert(eventually("giam sat", "giam-sat.txt", 0));
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* A 200 MB one-line file is refused by size before it is read: the run goes on, and the
 * process never holds the file in memory. */
START_TEST(test_huge_file_bounded)
{
    char root[700], huge[800];
    snprintf(root, sizeof root, "%s/huge", dir);
    free(tu_write_str(root, "nho.txt", "Một tệp nhỏ về dân vận.\n"));
    snprintf(huge, sizeof huge, "%s/mot-dong.txt", root);
    int fd = open(huge, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, 200L * 1024 * 1024), 0); /* sparse: no disk used */
    close(fd);
    run_result r = run(NULL, "--index", ixpath, "index", root, NULL);
    ck_assert_int_eq(r.code, 1);
    ck_assert_msg(strstr(r.err, "mot-dong.txt") && strstr(r.err, "larger than the limit"), "%s",
                  r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "1 added"));
    run_free(&r);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    ck_assert_msg(ru.ru_maxrss < 100 * 1024, "peak RSS %ld KB", ru.ru_maxrss);
}
END_TEST

/* Counts that must match between two indexes of the same files. */
static void
index_counts(const char *ix, long long out[4])
{
    run_result r = run(NULL, "--index", ix, "--json", "status", NULL);
    ck_assert_msg(r.code == 0, "status after a kill: exit %d: %s", r.code, r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    out[0] = jint(o, "documents");
    out[1] = jint(o, "passages");
    out[2] = jint(o, "terms");
    json_decref(o);
    run_free(&r);
    r = run(NULL, "--index", ix, "--json", "cites", "217-QĐ/TW", NULL);
    o = json_loads(r.out, 0, NULL);
    out[3] = (long long)json_array_size(json_object_get(o, "documents"));
    json_decref(o);
    run_free(&r);
}

/* kill -9 at many moments of a real indexing run: the index always opens and answers, and the
 * next run converges to what a clean, uninterrupted build holds. */
START_TEST(test_kill_converges)
{
    char docs[700];
    snprintf(docs, sizeof docs, "%s/many", dir);
    /* 120 documents: the corpus's UTF-8 texts, numbered so that each is its own. */
    static const char *const src[] = {
        "docs/ben-tre/cho-lach/son-dinh/2019-so-ket-dan-van-kheo.txt",
        "docs/ben-tre/mo-cay-bac/thanh-tan/2022-ke-hoach-giam-sat.txt",
        "docs/tra-vinh/cang-long/binh-phu/2024-bao-cao-mat-tran.txt",
        "docs/tra-vinh/cang-long/my-cam/2023-so-ket-nghi-quyet-25.txt"};
    for (int i = 0; i < 120; i++) {
        char path[1200], name[64];
        snprintf(path, sizeof path, "%s/%s", corpus, src[i % 4]);
        size_t len;
        char *text = tu_read(path, &len);
        ck_assert_ptr_nonnull(text);
        snprintf(name, sizeof name, "x%02d/bao-cao-%03d.txt", i / 10, i);
        char *full = malloc(len + 64);
        int n = snprintf(full, len + 64, "Văn bản số %d.\n\n%s", i, text);
        free(tu_write(docs, name, full, (size_t)n));
        free(full);
        free(text);
    }
    char clean[700];
    snprintf(clean, sizeof clean, "%s/clean", dir);
    run_result r = run(NULL, "--index", clean, "index", docs, NULL);
    ck_assert_int_eq(r.code, 0);
    run_free(&r);
    long long want[4];
    index_counts(clean, want);
    ck_assert_int_eq(want[0], 120);
    for (int k = 0; k < 8; k++) {
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            const char *argv[] = {tu_env("TRACUU_BIN", "tracuu"), "--index", ixpath, "index",
                                  "--batch", "7", "--force", docs, NULL};
            execv(argv[0], (char *const *)argv);
            _exit(127);
        }
        struct timespec ts = {0, 15000000L * (k + 1)};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        /* Killed at any point, the index opens and answers (or does not exist yet, when
         * the run was killed before its first commit); it is never corrupt. */
        run_result st = run(NULL, "--index", ixpath, "--json", "status", NULL);
        ck_assert_msg(st.code == 0 || st.code == 3, "after kill %d: exit %d: %s", k, st.code,
                      st.err);
        if (st.code == 0) {
            json_t *o = json_loads(st.out, 0, NULL);
            ck_assert_int_le(jint(o, "documents"), 120);
            json_decref(o);
        }
        run_free(&st);
    }
    r = run(NULL, "--index", ixpath, "index", docs, NULL);
    ck_assert_msg(r.code == 0, "%s", r.err);
    run_free(&r);
    long long got[4];
    index_counts(ixpath, got);
    for (int i = 0; i < 4; i++)
        ck_assert_msg(got[i] == want[i], "count %d: %lld after kills, %lld clean", i, got[i],
                      want[i]);
}
END_TEST

/* Write the parts of an office file into dir/parts and zip them into dir/name with the zip
 * tool (Info-ZIP, installed by scripts/bootstrap): a real DOCX/ODT container. */
static char *
make_office(const char *name, const char *const *parts)
{
    char parts_dir[900], cmd[2400];
    snprintf(parts_dir, sizeof parts_dir, "%s/parts-%s", dir, name);
    for (size_t i = 0; parts[i]; i += 2)
        free(tu_write_str(parts_dir, parts[i], parts[i + 1]));
    snprintf(cmd, sizeof cmd, "cd '%s' && zip -q -X -r '%s/%s' .", parts_dir, dir, name);
    ck_assert_int_eq(system(cmd), 0);
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    return path;
}

/* DOCX and ODT: paragraphs, headings, table cells and runs come out as passages, the title
 * from the file's metadata; broken and hostile files fail alone with a reason. */
START_TEST(test_office_formats)
{
    static const char *const docx[] = {
        "[Content_Types].xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats."
        "org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/"
        "xml\"/></Types>",
        "word/document.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas."
        "openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
        "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>BÁO CÁO</w:t></w:r></w:p>"
        "<w:p><w:r><w:t xml:space=\"preserve\">Sơ kết thực hiện </w:t></w:r><w:r><w:rPr><w:b/>"
        "</w:rPr><w:t>Quyết định 217-QĐ/TW</w:t></w:r><w:r><w:t xml:space=\"preserve\"> ở xã "
        "Long Thới</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Số cuộc giám sát</w:t></w:r></w:p></w:tc><w:tc><w:p>"
        "<w:r><w:t>12</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>Hạn chế: hoạt động giám sát còn hình thức;</w:t></w:r><w:r><w:tab/>"
        "<w:t>kinh phí còn hạn hẹp.</w:t></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"
        /* Text typed in legacy fonts, as Word keeps it: the Windows-1252 reading of the
         * TCVN3 and VNI bytes of "Cộng hòa xã hội chủ nghĩa Việt Nam" (made with GNU recode
         * UTF-8..TCVN / ..VNI, then iconv -f CP1252) */
        "<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr>"
        "<w:t>Céng hßa x· héi chñ nghÜa ViÖt Nam</w:t></w:r></w:p>"
        "<w:p><w:r><w:rPr><w:rFonts w:ascii=\"VNI-Times\" w:hAnsi=\"VNI-Times\"/></w:rPr>"
        "<w:t>Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam</w:t></w:r></w:p>"
        "</w:body></w:document>",
        "docProps/core.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><cp:coreProperties xmlns:cp=\"http://schemas."
        "openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/"
        "dc/elements/1.1/\"><dc:title>Sơ kết Quyết định 217 xã Long Thới</dc:title>"
        "</cp:coreProperties>",
        NULL};
    static const char *const odt[] = {
        "mimetype", "application/vnd.oasis.opendocument.text",
        "content.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:"
        "oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:"
        "opendocument:xmlns:text:1.0\"><office:body><office:text>"
        "<text:h text:outline-level=\"1\">Kế hoạch đối thoại năm 2025</text:h>"
        "<text:p>Tổ chức<text:s/>4 cuộc đối thoại<text:tab/>giữa người đứng đầu cấp ủy với "
        "nhân dân<office:annotation><text:p>ghi chú nội bộ</text:p></office:annotation>.</text:p>"
        "<text:list><text:list-item><text:p>khóm 1: trật tự đô thị</text:p></text:list-item>"
        "</text:list></office:text></office:body></office:document-content>",
        NULL};
    char *d = make_office("so-ket.docx", docx), *o = make_office("ke-hoach.odt", odt);
    /* not a zip; a zip without the document part; a zip bomb (20 MB of zeros) */
    char *notzip = tu_write_str(dir, "hong.docx", "đây không phải tệp zip\n");
    static const char *const empty[] = {"readme.txt", "không có word/document.xml\n", NULL};
    char *nodoc = make_office("thieu.docx", empty);
    char bombdir[900], cmd[2400];
    snprintf(bombdir, sizeof bombdir, "%s/parts-bom/word", dir);
    free(tu_write_str(bombdir, "x", ""));
    snprintf(cmd, sizeof cmd, "cd '%s/parts-bom' && head -c 20000000 /dev/zero > word/document.xml "
             "&& zip -q -X -r '%s/bom.docx' word", dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    char office[800];
    snprintf(office, sizeof office, "%s/office.ix", dir);
    char bom[900];
    snprintf(bom, sizeof bom, "%s/bom.docx", dir);
    run_result r = run(NULL, "--index", office, "index", d, o, notzip, nodoc, bom, NULL);
    ck_assert_int_eq(r.code, 1); /* three files failed, two indexed */
    ck_assert_ptr_nonnull(strstr(r.out, "2 added"));
    ck_assert_msg(strstr(r.err, "hong.docx") && strstr(r.err, "not a readable DOCX"), "%s", r.err);
    ck_assert_msg(strstr(r.err, "thieu.docx") && strstr(r.err, "no word/document.xml"), "%s",
                  r.err);
    ck_assert_msg(strstr(r.err, "bom.docx") && strstr(r.err, "zip bomb"), "%s", r.err);
    run_free(&r);
    r = run(NULL, "--index", office, "--json", "show", d, NULL);
    json_t *j = json_loads(r.out, 0, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(j, "title")),
                     "Sơ kết Quyết định 217 xã Long Thới");
    ck_assert_str_eq(json_string_value(json_object_get(j, "encoding")), "DOCX");
    ck_assert_int_eq(jint(j, "passages"), 7); /* heading, paragraph, two cells, limitations,
                                                * two legacy-font lines */
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "cites"),
                                                                      0), "id")),
                     "217-QĐ/TW");
    json_decref(j);
    run_free(&r);
    /* runs join into one passage; a tab is a space; field codes are not text */
    r = run(NULL, "--index", office, "--json", "search", "\"hình thức kinh phí\"", NULL);
    j = json_loads(r.out, 0, NULL);
    ck_assert_int_eq(jint(j, "total"), 1);
    const char *t = json_string_value(json_object_get(json_array_get(json_object_get(j, "results"),
                                                                     0), "text"));
    ck_assert_str_eq(t, "Hạn chế: hoạt động giám sát còn hình thức; kinh phí còn hạn hẹp.");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "results"),
                                                                      0), "section")),
                     "limitation");
    json_decref(j);
    run_free(&r);
    r = run(NULL, "--index", office, "--json", "search", "\"tổ chức 4 cuộc đối thoại giữa\"", NULL);
    j = json_loads(r.out, 0, NULL);
    ck_assert_int_eq(jint(j, "total"), 1);
    t = json_string_value(json_object_get(json_array_get(json_object_get(j, "results"), 0), "text"));
    ck_assert_ptr_null(strstr(t, "ghi chú")); /* the comment is left out */
    json_decref(j);
    run_free(&r);
    r = run(NULL, "--index", office, "search", "trật tự đô thị", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "ke-hoach.odt"));
    run_free(&r);
    /* .VnTime and VNI-Times runs come out as Unicode */
    r = run(NULL, "--index", office, "--json", "search", "\"cộng hòa xã hội chủ nghĩa\"", NULL);
    j = json_loads(r.out, 0, NULL);
    /* one document, two passages holding the phrase */
    ck_assert_int_eq(jint(j, "total"), 1);
    ck_assert_int_eq(json_array_size(json_object_get(j, "results")), 2);
    for (size_t i = 0; i < 2; i++)
        ck_assert_str_eq(json_string_value(json_object_get(
                             json_array_get(json_object_get(j, "results"), i), "text")),
                         "Cộng hòa xã hội chủ nghĩa Việt Nam");
    json_decref(j);
    run_free(&r);
    free(d);
    free(o);
    free(notzip);
    free(nodoc);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("cli-index");
    TCase *t = tcase_create("index");
    tcase_set_timeout(t, 240);
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_bad_file_partial);
    tcase_add_test(t, test_locked);
    tcase_add_test(t, test_reindex_change_kinds);
    tcase_add_test(t, test_watch);
    tcase_add_test(t, test_huge_file_bounded);
    tcase_add_test(t, test_kill_converges);
    tcase_add_test(t, test_office_formats);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return tu_run(suite());
}
