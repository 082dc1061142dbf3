/*
 * test_api.c - the public API end to end, through tracuu.h only: index real files in a
 * temporary folder into a real Xapian index, search them, and check ranking, collapsing,
 * re-indexing, per-file failures and the documented error statuses.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "tracuu.h"

static char *dir, *docs, *ixpath;

static void
setup(void)
{
    dir = tu_tmpdir();
    ck_assert_ptr_nonnull(dir);
    size_t n = strlen(dir) + 16;
    docs = malloc(n);
    ixpath = malloc(n);
    snprintf(docs, n, "%s/docs", dir);
    snprintf(ixpath, n, "%s/index", dir);
    free(tu_write_str(docs, "xa-a/bao-cao.txt",
                      "Báo cáo công tác dân vận năm 2019 của xã Mỹ Hòa\n\n"
                      "Đảng ủy xã đã lãnh đạo công tác dân vận chặt chẽ, phát huy vai trò của "
                      "Mặt trận Tổ quốc và các đoàn thể.\n\n"
                      "Tổ hoà giải ở ấp hoạt động có hiệu quả.\n"));
    free(tu_write_str(docs, "xa-b/tin.txt",
                      "Tin hoạt động của Hội Nông dân huyện\n\n"
                      "Dần dần người dân đã quen với việc vận động và tham gia phong trào.\n"));
    free(tu_write_str(docs, "xa-b/nhieu-doan.txt",
                      "Kế hoạch dân vận khéo giai đoạn 2021-2025\n\n"
                      "Thứ nhất, công tác dân vận chính quyền.\n\n"
                      "Thứ hai, dân vận trong lực lượng vũ trang.\n\n"
                      "Thứ ba, dân vận khéo ở khu dân cư.\n"));
    free(tu_write_str(docs, "ghi-chu.csv", "không phải tệp .txt: bỏ qua khi quét thư mục\n"));
}

static void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
    free(docs);
    free(ixpath);
}

static tracuu_index *
build_index(tracuu_add_stats *s)
{
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    const char *paths[] = {docs};
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    o.base = docs; /* corpus/docs is laid out by the folder convention (meta.h) */
    ck_assert_int_eq(tracuu_index_add(ix, paths, 1, &o, s), TRACUU_OK);
    return ix;
}

/* Paths of the hits of `q`, joined by '|', with basenames only (static buffer). */
static const char *
hits(tracuu_index *ix, const char *q, int docs_only, uint64_t *total)
{
    static char out[2048];
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.docs = docs_only;
    tracuu_results *r = NULL;
    ck_assert_int_eq(tracuu_index_search(&r, ix, q, &o), TRACUU_OK);
    if (total)
        *total = tracuu_results_total(r);
    out[0] = '\0';
    const tracuu_hit *h;
    tracuu_status st;
    while ((st = tracuu_results_next(&h, r)) == TRACUU_OK) {
        const char *base = strrchr(h->path, '/');
        ck_assert_int_eq(h->path[0], '/'); /* absolute */
        if (*out)
            strcat(out, "|");
        char item[256];
        snprintf(item, sizeof item, "%s#%u", base + 1, h->passage);
        strcat(out, item);
    }
    ck_assert_int_eq(st, TRACUU_ITEROVER);
    tracuu_results_free(r);
    return out;
}

/* tracuu_document_get: by path and by key; the detected encoding and the abbreviations
 * the document defines are in the record. */
START_TEST(test_document_record)
{
    /* "Ban Thường vụ (BTV) đã họp." in Windows-1258 (the bytes `iconv -t CP1258` writes:
     * base letters followed by combining tone marks). */
    static const char cp1258[] = "Ban Th\xFD\xF5\xCC" "ng vu\xF2 (BTV) \xF0" "a\xDE ho\xF2p.\n";
    free(tu_write(docs, "xa-c/cu.txt", cp1258, sizeof cp1258 - 1));
    tracuu_index *ix = build_index(NULL);
    char path[1200], *js = NULL;
    snprintf(path, sizeof path, "%s/xa-c/cu.txt", docs);
    ck_assert_int_eq(tracuu_document_get(&js, ix, path), TRACUU_OK);
    ck_assert_msg(strstr(js, "\"encoding\":\"CP1258\"") != NULL, "%s", js);
    ck_assert_msg(strstr(js, "\"BTV\":\"Ban Thường vụ\"") != NULL, "%s", js);
    const char *k = strstr(js, "\"dockey\":\"");
    ck_assert_ptr_nonnull(k);
    char key[17];
    memcpy(key, k + 10, 16);
    key[16] = '\0';
    free(js);
    js = NULL;
    ck_assert_int_eq(tracuu_document_get(&js, ix, key), TRACUU_OK);
    ck_assert_ptr_nonnull(strstr(js, "cu.txt"));
    free(js);
    js = NULL;
    ck_assert_int_eq(tracuu_document_get(&js, ix, "/khong/co.txt"), TRACUU_ENOTFOUND);
    ck_assert_ptr_null(js);
    ck_assert_ptr_nonnull(strstr(tracuu_index_errmsg(ix), "/khong/co.txt"));
    ck_assert_int_eq(tracuu_document_get(&js, ix, ""), TRACUU_EINVAL);
    /* Its passages, in order, with their sections and citations. */
    snprintf(path, sizeof path, "%s/xa-a/bao-cao.txt", docs);
    ck_assert_int_eq(tracuu_document_passages(&js, ix, path), TRACUU_OK);
    ck_assert_msg(strstr(js, "{\"passage\":1,\"text\":\"Báo cáo công tác dân vận năm 2019 của xã "
                             "Mỹ Hòa\"") && strstr(js, "\"passage\":3,\"text\":\"Tổ hoà giải ở ấp "
                                                  "hoạt động có hiệu quả.\"") &&
                      !strstr(js, "\"passage\":4"),
                  "%s", js);
    free(js);
    js = NULL;
    ck_assert_int_eq(tracuu_document_passages(&js, ix, "/khong/co.txt"), TRACUU_ENOTFOUND);
    ck_assert_ptr_null(js);
    /* The harvested BTV now finds the spelled-out form, and back. */
    ck_assert_str_eq(hits(ix, "BTV", 0, NULL), "cu.txt#1");
    tracuu_index_close(ix);
}
END_TEST

static void
count_report(void *ctx, const tracuu_file_report *r)
{
    unsigned *n = ctx;
    n[0]++;
    n[1] += r->action == TRACUU_FILE_FAILED;
}

/* Every hit of q as "basename#passage|..." plus the total, for comparing two indexes. */
static void
answer(tracuu_index *ix, const char *q, char *out, size_t outsz)
{
    uint64_t total = 0;
    const char *h = hits(ix, q, 0, &total);
    snprintf(out, outsz, "%llu:%s", (unsigned long long)total, h);
}

/* A first build in three processes gives the index one process builds: the same documents,
 * passages and answers, every file reported once, abbreviations defined in files of
 * different shares all kept (the parts' metadata merged), no parts folder left behind; the
 * next run over it is incremental. */
START_TEST(test_parallel_first_build)
{
    static const char *const topics[] = {"dân vận khéo", "hòa giải ở cơ sở", "xây dựng nông thôn mới",
                                         "an ninh trật tự", "khuyến học"};
    for (int i = 0; i < 30; i++) {
        char name[64], text[600];
        snprintf(name, sizeof name, "xa-%d/bao-cao-%d.txt", i % 7, i);
        snprintf(text, sizeof text,
                 "Báo cáo kết quả công tác %s năm %d\n\n"
                 "Ban Thường vụ Đảng ủy xã chỉ đạo thực hiện Nghị quyết 25-NQ/TW, công tác %s "
                 "được triển khai đến %d ấp.\n\n"
                 "Hạn chế: công tác %s ở một số ấp chưa đều.\n",
                 topics[i % 5], 2010 + i % 12, topics[(i + 2) % 5], i + 3, topics[i % 5]);
        free(tu_write_str(docs, name, text));
    }
    /* One abbreviation no table knows, defined five ways in five files, each way also
     * written out in full, without the abbreviation, in another file: the definitions fall
     * into different shares (by a hash of their path; all in one share 1.2% of the time), so
     * finding all five spelled-out files by "TCT" needs every part's definitions merged in
     * the joined index (schema.h META_ABBR). */
    static const char *const abbr[][2] = {{"TCT", "Tổ công tác"},     {"TCT", "Tổng công ty"},
                                          {"TCT", "Tổ chuyên trách"}, {"TCT", "Tổ cứu trợ"},
                                          {"TCT", "Tổ cộng tác"}};
    for (int i = 0; i < 5; i++) {
        char name[64], text[300];
        snprintf(name, sizeof name, "dinh-nghia/%d.txt", i);
        snprintf(text, sizeof text, "%s (%s) họp định kỳ hằng tháng.\n", abbr[i][1], abbr[i][0]);
        free(tu_write_str(docs, name, text));
        snprintf(name, sizeof name, "day-du/%d.txt", i);
        snprintf(text, sizeof text, "Thành viên %s được kiện toàn.\n", abbr[i][1]);
        free(tu_write_str(docs, name, text));
    }
    free(tu_write_str(docs, "xa-3/trong.txt", ""));
    char two[1200];
    snprintf(two, sizeof two, "%s/one", dir);
    tracuu_index *par = NULL, *one = NULL;
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    unsigned np[2] = {0, 0}, n1[2] = {0, 0};
    tracuu_add_stats sp, s1;
    const char *paths[] = {docs};
    ck_assert_int_eq(tracuu_index_open(&par, ixpath, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    o.jobs = 3;
    o.on_file = count_report;
    o.ctx = np;
    ck_assert_int_eq(tracuu_index_add(par, paths, 1, &o, &sp), TRACUU_OK);
    ck_assert_int_eq(tracuu_index_open(&one, two, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    o.jobs = 1;
    o.ctx = n1;
    ck_assert_int_eq(tracuu_index_add(one, paths, 1, &o, &s1), TRACUU_OK);
    /* every file reported once, the empty one as failed, the same counts */
    ck_assert_uint_eq(np[0], 44); /* with the three files of setup() */
    ck_assert_uint_eq(np[0], n1[0]);
    ck_assert_uint_eq(np[1], 1);
    ck_assert_uint_eq(sp.scanned, s1.scanned);
    ck_assert_uint_eq(sp.added, 43);
    ck_assert_uint_eq(sp.failed, 1);
    ck_assert_uint_eq(sp.revision, 1);
    tracuu_index_info ip, i1;
    ck_assert_int_eq(tracuu_index_info_get(&ip, par), TRACUU_OK);
    ck_assert_int_eq(tracuu_index_info_get(&i1, one), TRACUU_OK);
    ck_assert_uint_eq(ip.documents, 43);
    ck_assert_uint_eq(ip.documents, i1.documents);
    ck_assert_uint_eq(ip.passages, i1.passages);
    static const char *const queries[] = {"dan van kheo", "\"nong thon moi\"", "hạn chế hòa giải",
                                          "25-NQ/TW", "khuyen hoc -ninh", "kien toan"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        char a[2100], b[2100];
        answer(par, queries[i], a, sizeof a);
        answer(one, queries[i], b, sizeof b);
        ck_assert_msg(!strcmp(a, b), "%s:\n%s\n%s", queries[i], a, b);
    }
    char a[2100], b[2100];
    answer(par, "TCT kiện toàn", a, sizeof a);
    answer(one, "TCT kiện toàn", b, sizeof b);
    ck_assert_msg(!strcmp(a, b) && !strncmp(a, "5:", 2), "TCT:\n%s\n%s", a, b);
    char parts[1200];
    struct stat sb;
    snprintf(parts, sizeof parts, "%s.parts", ixpath);
    ck_assert_int_ne(stat(parts, &sb), 0);
    /* an index named with a trailing slash: the swap must not move the folder into itself */
    char slash[1200];
    snprintf(slash, sizeof slash, "%s/slash/", dir);
    tracuu_index *sl = NULL;
    ck_assert_int_eq(tracuu_index_open(&sl, slash, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    o.on_file = NULL;
    o.jobs = 2;
    ck_assert_int_eq(tracuu_index_add(sl, paths, 1, &o, NULL), TRACUU_OK);
    tracuu_index_info is;
    ck_assert_int_eq(tracuu_index_info_get(&is, sl), TRACUU_OK);
    ck_assert_uint_eq(is.documents, ip.documents);
    tracuu_index_close(sl);
    o.on_file = count_report;
    /* the next run is incremental, in one process */
    o.jobs = 3;
    o.ctx = np;
    ck_assert_int_eq(tracuu_index_add(par, paths, 1, &o, &sp), TRACUU_OK);
    ck_assert_uint_eq(sp.unchanged, 43);
    ck_assert_uint_eq(sp.added, 0);
    tracuu_index_close(par);
    tracuu_index_close(one);
}
END_TEST

/* A writer killed while Xapian was creating the database leaves table files without
 * "iamglass": the next writer starts afresh; a folder with anything else is not touched. */
START_TEST(test_unborn_index_recovers)
{
    char unborn[700];
    snprintf(unborn, sizeof unborn, "%s/unborn", dir);
    free(tu_write_str(unborn, "postlist.glass", ""));
    free(tu_write_str(unborn, "flintlock", ""));
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, unborn, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    tracuu_index_close(ix);
    char other[700];
    snprintf(other, sizeof other, "%s/other", dir);
    free(tu_write_str(other, "postlist.glass", ""));
    char *mine = tu_write_str(other, "ghi-chu.txt", "của tôi");
    char *msg = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, other, TRACUU_MODE_WRITE, &msg), TRACUU_ENOTFOUND);
    free(msg);
    char *still = tu_read(mine, NULL);
    ck_assert_ptr_nonnull(still);
    free(still);
    free(mine);
}
END_TEST

START_TEST(test_index_and_search)
{
    tracuu_add_stats s;
    tracuu_index *ix = build_index(&s);
    ck_assert_uint_eq(s.scanned, 3); /* the .md file is not taken from a folder */
    ck_assert_uint_eq(s.added, 3);
    ck_assert_uint_eq(s.failed, 0);
    tracuu_index_info info;
    ck_assert_int_eq(tracuu_index_info_get(&info, ix), TRACUU_OK);
    ck_assert_uint_eq(info.documents, 3);
    ck_assert_uint_eq(info.passages, 9);
    /* Unaccented query finds accented text. */
    uint64_t total = 0;
    const char *h = hits(ix, "dan van", 0, &total);
    ck_assert_msg(strstr(h, "bao-cao.txt#2") != NULL, "%s", h);
    ck_assert_uint_eq(total, 3); /* documents: every one holds "dân" and "vận" */
    tracuu_index_close(ix);
}
END_TEST

START_TEST(test_exact_marks_rank_first)
{
    tracuu_index *ix = build_index(NULL);
    /* "dân" typed with marks: passages with dân rank above those with only dần. */
    const char *h = hits(ix, "dần", 0, NULL);
    ck_assert_msg(strncmp(h, "tin.txt#2", 9) == 0, "%s", h);
    h = hits(ix, "dân", 0, NULL);
    ck_assert_msg(strncmp(h, "tin.txt#2", 9) != 0, "%s", h);
    ck_assert_msg(strstr(h, "tin.txt#2") != NULL, "folded match still found: %s", h);
    /* Both tone placements find the same passage. */
    ck_assert_str_eq(hits(ix, "hòa giải", 0, NULL), "bao-cao.txt#3");
    ck_assert_str_eq(hits(ix, "hoà giải", 0, NULL), "bao-cao.txt#3");
    ck_assert_str_eq(hits(ix, "HOA GIAI", 0, NULL), "bao-cao.txt#3");
    /* đ -> d */
    ck_assert_str_eq(hits(ix, "dang uy", 0, NULL), "bao-cao.txt#2");
    tracuu_index_close(ix);
}
END_TEST

START_TEST(test_phrase_and_exclusion)
{
    tracuu_index *ix = build_index(NULL);
    ck_assert_str_eq(hits(ix, "\"mat tran to quoc\"", 0, NULL), "bao-cao.txt#2");
    ck_assert_str_eq(hits(ix, "\"to quoc mat tran\"", 0, NULL), "");
    const char *h = hits(ix, "dân vận -khéo", 0, NULL);
    ck_assert_msg(strstr(h, "nhieu-doan.txt#4") == NULL && strstr(h, "nhieu-doan.txt#1") == NULL,
                  "%s", h);
    h = hits(ix, "vũ OR hoà", 0, NULL);
    /* vũ in nhieu-doan#3; hoà in bao-cao#3 (hoà giải) and bao-cao#1 (Mỹ Hòa, the title: a
     * fragment, not shown beside the paragraph of its document that answers) */
    ck_assert_msg(strstr(h, "nhieu-doan.txt#3") && strstr(h, "bao-cao.txt#3") &&
                      strlen(h) == strlen("nhieu-doan.txt#3") + strlen("|bao-cao.txt#3"),
                  "%s", h);
    /* No passage has both: the answer is relaxed to passages with one of the two words
     * (issue 16), no longer empty. */
    ck_assert_str_eq(hits(ix, "vũ hoà", 0, NULL), "bao-cao.txt#3|nhieu-doan.txt#3");
    tracuu_index_close(ix);
}
END_TEST

START_TEST(test_adjacent_words_rank_first)
{
    tracuu_index *ix = build_index(NULL);
    /* "dân vận" adjacent in nhieu-doan passages; "dân ... vận" apart in tin.txt#2 */
    const char *h = hits(ix, "dân vận", 0, NULL);
    const char *apart = strstr(h, "tin.txt#2");
    ck_assert_ptr_nonnull(apart);
    ck_assert_msg(strstr(h, "|tin.txt#2") && !strstr(apart, "nhieu-doan"),
                  "scattered match must rank last: %s", h);
    tracuu_index_close(ix);
}
END_TEST

START_TEST(test_docs_collapse)
{
    tracuu_index *ix = build_index(NULL);
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.docs = 1;
    tracuu_results *r = NULL;
    ck_assert_int_eq(tracuu_index_search(&r, ix, "dân vận", &o), TRACUU_OK);
    const tracuu_hit *h;
    int seen_multi = 0, n = 0;
    char paths[8][512];
    while (tracuu_results_next(&h, r) == TRACUU_OK) {
        for (int k = 0; k < n; k++)
            ck_assert_str_ne(paths[k], h->path);
        snprintf(paths[n++], sizeof paths[0], "%s", h->path);
        if (strstr(h->path, "nhieu-doan")) {
            ck_assert_uint_eq(h->doc_matches, 4);
            seen_multi = 1;
        }
        ck_assert_ptr_nonnull(h->snippet);
        ck_assert_ptr_nonnull(strstr(h->snippet, "<b>"));
        ck_assert_uint_gt(h->nhighlights, 0);
        ck_assert_uint_le(h->highlights[0].end, strlen(h->text));
    }
    ck_assert_int_eq(n, 3);
    ck_assert(seen_multi);
    tracuu_results_free(r);
    tracuu_index_close(ix);
}
END_TEST

START_TEST(test_reindex_no_duplicates)
{
    tracuu_add_stats s;
    tracuu_index *ix = build_index(&s);
    tracuu_index_close(ix);
    /* Unchanged files are not re-read. */
    ix = build_index(&s);
    ck_assert_uint_eq(s.unchanged, 3);
    ck_assert_uint_eq(s.added + s.updated, 0);
    tracuu_index_close(ix);
    /* A changed file replaces its passages. */
    char *p = tu_write_str(docs, "xa-b/tin.txt", "Một đoạn duy nhất về bầu cử.\n");
    struct timespec ts[2] = {{0, UTIME_NOW}, {time(NULL) + 5, 0}};
    utimensat(AT_FDCWD, p, ts, 0);
    free(p);
    ix = build_index(&s);
    ck_assert_uint_eq(s.updated, 1);
    tracuu_index_info info;
    ck_assert_int_eq(tracuu_index_info_get(&info, ix), TRACUU_OK);
    ck_assert_uint_eq(info.documents, 3);
    ck_assert_uint_eq(info.passages, 8);
    ck_assert_str_eq(hits(ix, "quen", 0, NULL), ""); /* only in the old text */
    ck_assert_str_eq(hits(ix, "bầu cử", 0, NULL), "tin.txt#1");
    tracuu_index_close(ix);
}
END_TEST

typedef struct failures {
    int n;
    char msg[4][512];
} failures;

static void
on_file(void *ctx, const tracuu_file_report *r)
{
    failures *f = ctx;
    if (r->action == TRACUU_FILE_FAILED && f->n < 4)
        snprintf(f->msg[f->n++], sizeof f->msg[0], "%s", r->message);
}

START_TEST(test_bad_files_do_not_stop_the_run)
{
    tracuu_add_stats s;
    tracuu_index *ix = build_index(&s);
    tracuu_index_close(ix);
    free(tu_write(docs, "hong.txt", "dòng một\nhỏng \xFF ở đây\n", 22));
    free(tu_write_str(docs, "rong.txt", "  \n\n"));
    free(tu_write_str(docs, "z-moi.txt", "Tệp mới về an ninh trật tự.\n"));
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    failures f = {0};
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    o.on_file = on_file;
    o.ctx = &f;
    const char *paths[] = {docs, "/no/such/path"};
    ck_assert_int_eq(tracuu_index_add(ix, paths, 2, &o, &s), TRACUU_OK);
    ck_assert_uint_eq(s.failed, 3);
    ck_assert_uint_eq(s.added, 1);
    ck_assert_int_eq(f.n, 3);
    ck_assert_msg(strstr(f.msg[0], "hong.txt") && strstr(f.msg[0], "line 2"), "%s", f.msg[0]);
    ck_assert_msg(strstr(f.msg[1], "rong.txt") && strstr(f.msg[1], "empty"), "%s", f.msg[1]);
    ck_assert_msg(strstr(f.msg[2], "/no/such/path"), "%s", f.msg[2]);
    ck_assert_str_eq(hits(ix, "an ninh trat tu", 0, NULL), "z-moi.txt#1");
    tracuu_index_info info;
    ck_assert_int_eq(tracuu_index_info_get(&info, ix), TRACUU_OK);
    ck_assert_uint_eq(info.documents, 4); /* nothing indexed before was lost */
    tracuu_index_close(ix);
}
END_TEST

/* The record model's answers (docs/RECORDS.md): a report whose query words lie in different
 * paragraphs is found; the paragraph holding every word is shown above the one-line heading
 * and list item holding some; paging goes past the first page with every result once;
 * results are iterated after the index is closed. */
START_TEST(test_documents_answer_with_passages)
{
    free(tu_write_str(docs, "xa-d/tan-loi.txt",
                      "Báo cáo của xã Tân Lợi Thạnh\n\n"
                      "Đảng ủy xã lãnh đạo thực hiện nhiệm vụ chính trị năm 2020.\n\n"
                      "Công tác hòa giải được quan tâm.\n\n"
                      "- Nuôi tôm càng xanh\n\n"
                      "Trong năm, hội nông dân xã vận động 35 hộ chuyển sang nuôi tôm càng xanh "
                      "xen canh trong ruộng lúa, thu nhập bình quân tăng so với trồng lúa độc canh, "
                      "được tổ hòa giải ấp theo dõi giúp đỡ.\n"));
    free(tu_write_str(docs, "xa-f/tom.txt",
                      "Mô hình nuôi tôm càng xanh xen canh lúa của hội nông dân\n\n"
                      "Năm nay hội nông dân vận động 20 hộ nuôi tôm càng xanh xen canh trong "
                      "ruộng lúa, lãi cao hơn trồng lúa độc canh.\n"));
    for (int i = 0; i < 14; i++) {
        char name[64], text[300];
        snprintf(name, sizeof name, "trang/%02d.txt", i);
        snprintf(text, sizeof text, "Tin số %d\n\nPhong trào thi đua yêu nước ở ấp số %d được "
                                    "phát động rộng rãi trong nhân dân.\n", i, i);
        free(tu_write_str(docs, name, text));
    }
    tracuu_index *ix = build_index(NULL);
    /* "Tân Lợi Thạnh" is only in the title, "nuôi tôm" only further down */
    const char *h = hits(ix, "Tân Lợi Thạnh nuôi tôm", 1, NULL);
    ck_assert_msg(!strncmp(h, "tan-loi.txt#", 12), "%s", h);
    /* the paragraph with every word first, above the list item and the short line that
     * hold some of them */
    h = hits(ix, "nuôi tôm càng xanh hòa giải", 0, NULL);
    ck_assert_msg(!strncmp(h, "tan-loi.txt#5", 13), "%s", h);
    /* both hold every word: the paragraph comes first (BM25 alone puts the short list item
     * first), and the list item, a fragment, is not shown beside a paragraph that answers */
    h = hits(ix, "nuôi tôm càng xanh", 1, NULL);
    ck_assert_msg(strstr(h, "tan-loi.txt#5") && !strstr(h, "tan-loi.txt#4"), "%s", h);
    /* the title holds every word too, as a line of 12 syllables: still the paragraph */
    ck_assert_msg(strstr(h, "tom.txt#2") && !strstr(h, "tom.txt#1"), "%s", h);
    /* paging: 14 news items, pages of 4 at any offset, each once, none missing */
    char seen[15] = {0};
    for (unsigned off = 0; off < 16; off += 4) {
        tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
        o.limit = 4;
        o.offset = off;
        tracuu_results *r = NULL;
        ck_assert_int_eq(tracuu_index_search(&r, ix, "phong trào thi đua", &o), TRACUU_OK);
        ck_assert_uint_eq(tracuu_results_total(r), 14);
        const tracuu_hit *x;
        unsigned n = 0;
        while (tracuu_results_next(&x, r) == TRACUU_OK) {
            int k = atoi(strrchr(x->path, '/') + 1);
            ck_assert_int_eq(seen[k], 0);
            seen[k] = 1;
            n++;
        }
        ck_assert_uint_eq(n, off + 4 <= 14 ? 4 : 14 - off);
        tracuu_results_free(r);
    }
    /* --count: exact, without results */
    tracuu_search_options c = TRACUU_SEARCH_OPTIONS_INIT;
    c.exact_total = 1;
    tracuu_results *r = NULL;
    ck_assert_int_eq(tracuu_index_search(&r, ix, "ấp", &c), TRACUU_OK);
    ck_assert_uint_eq(tracuu_results_total(r), 16); /* 14 news items, tan-loi, bao-cao */
    tracuu_results_free(r);
    /* results outlive the index handle (tracuu.h) */
    ck_assert_int_eq(tracuu_index_search(&r, ix, "hòa giải", NULL), TRACUU_OK);
    tracuu_index_close(ix);
    const tracuu_hit *x;
    unsigned n = 0;
    while (tracuu_results_next(&x, r) == TRACUU_OK) {
        ck_assert_ptr_nonnull(strstr(x->snippet, "<b>"));
        n++;
    }
    ck_assert_uint_ge(n, 2);
    tracuu_results_free(r);
}
END_TEST

/* The default snippet is HTML (its markers are <b>): the text in it is escaped, so a report
 * quoting markup cannot inject it into a page built on the JSON (hardening issue, 17). With
 * markers of the caller's, the text is left as it is. */
START_TEST(test_snippet_is_html)
{
    free(tu_write_str(docs, "xa-e/ma.txt", "Trang tin có đoạn <img src=x onerror=alert(1)> "
                                           "và \"trích dẫn\" & ký hiệu.\n"));
    tracuu_index *ix = build_index(NULL);
    tracuu_results *r = NULL;
    const tracuu_hit *h;
    ck_assert_int_eq(tracuu_index_search(&r, ix, "onerror", NULL), TRACUU_OK);
    ck_assert_int_eq(tracuu_results_next(&h, r), TRACUU_OK);
    ck_assert_msg(strstr(h->snippet, "&lt;img src=x <b>onerror</b>=alert(1)&gt;") &&
                      strstr(h->snippet, "&quot;trích dẫn&quot; &amp; ký") &&
                      !strstr(h->snippet, "<img"),
                  "%s", h->snippet);
    ck_assert_ptr_nonnull(strstr(h->text, "<img src=x")); /* the text itself is the text */
    tracuu_results_free(r);
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.hl_open = "[";
    o.hl_close = "]";
    ck_assert_int_eq(tracuu_index_search(&r, ix, "onerror", &o), TRACUU_OK);
    ck_assert_int_eq(tracuu_results_next(&h, r), TRACUU_OK);
    ck_assert_msg(strstr(h->snippet, "<img src=x [onerror]=alert(1)>"), "%s", h->snippet);
    tracuu_results_free(r);
    tracuu_index_close(ix);
}
END_TEST

/* Hits with their scores, "base#passage:score|...", for comparing two indexes exactly. */
static void
scored(tracuu_index *ix, const char *q, char *out, size_t outsz)
{
    tracuu_results *r = NULL;
    const tracuu_hit *h;
    size_t n = 0;
    out[0] = '\0';
    ck_assert_int_eq(tracuu_index_search(&r, ix, q, NULL), TRACUU_OK);
    while (tracuu_results_next(&h, r) == TRACUU_OK && n + 64 < outsz)
        n += (size_t)snprintf(out + n, outsz - n, "%s#%u:%.12g|", strrchr(h->path, '/') + 1,
                              h->passage, h->score);
    tracuu_results_free(r);
}

/* After removals, a reindexed index answers exactly as a clean build of the same files:
 * same hits, same scores (hardening issue, fault 9: tombstone records used to count among
 * the documents), and `changes` still lists the removals. */
START_TEST(test_removals_leave_no_trace_in_scores)
{
    for (int i = 0; i < 12; i++) {
        char name[64], text[300];
        snprintf(name, sizeof name, "xa-%d/tin-%d.txt", i % 4, i);
        snprintf(text, sizeof text, "Tin số %d\n\nCông tác dân vận ở ấp %d: hòa giải %d vụ, "
                                    "vận động %d hộ.\n", i, i, i % 3, i * 7);
        free(tu_write_str(docs, name, text));
    }
    tracuu_index *a = build_index(NULL);
    for (int i = 0; i < 12; i += 3) {
        char p[1200];
        snprintf(p, sizeof p, "%s/xa-%d/tin-%d.txt", docs, i % 4, i);
        ck_assert_int_eq(unlink(p), 0);
    }
    tracuu_add_stats s;
    ck_assert_int_eq(tracuu_index_reindex(a, NULL, &s), TRACUU_OK);
    ck_assert_uint_eq(s.removed, 4);
    char clean[1200];
    snprintf(clean, sizeof clean, "%s/clean", dir);
    tracuu_index *b = NULL;
    ck_assert_int_eq(tracuu_index_open(&b, clean, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    const char *paths[] = {docs};
    ck_assert_int_eq(tracuu_index_add(b, paths, 1, NULL, NULL), TRACUU_OK);
    static const char *const qs[] = {"dân vận", "hòa giải", "van dong ho", "ấp"};
    for (size_t i = 0; i < 4; i++) {
        char x[4096], y[4096];
        scored(a, qs[i], x, sizeof x);
        scored(b, qs[i], y, sizeof y);
        ck_assert_msg(!strcmp(x, y), "%s:\n%s\n%s", qs[i], x, y);
    }
    char *js = NULL;
    ck_assert_int_eq(tracuu_changes_list(&js, a, 1), TRACUU_OK);
    ck_assert_msg(strstr(js, "tin-3.txt\",\"revision\":2,\"change\":\"removed\"") ||
                      strstr(js, "tin-3.txt\",\"change\":\"removed\""),
                  "%s", js);
    free(js);
    tracuu_index_close(a);
    tracuu_index_close(b);
}
END_TEST

START_TEST(test_limits)
{
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    failures f = {0};
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    o.on_file = on_file;
    o.ctx = &f;
    o.max_file_size = 50;
    tracuu_add_stats s;
    const char *paths[] = {docs};
    ck_assert_int_eq(tracuu_index_add(ix, paths, 1, &o, &s), TRACUU_OK);
    ck_assert_uint_eq(s.failed, 3);
    ck_assert_msg(strstr(f.msg[0], "max-file-size") != NULL, "%s", f.msg[0]);
    tracuu_index_close(ix);
}
END_TEST

START_TEST(test_errors)
{
    tracuu_index *ix = NULL;
    char *msg = NULL;
    /* missing index */
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_READ, &msg), TRACUU_ENOTFOUND);
    ck_assert_ptr_null(ix);
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, ixpath));
    free(msg);
    /* bad arguments */
    ck_assert_int_eq(tracuu_index_open(&ix, "", TRACUU_MODE_READ, NULL), TRACUU_EINVAL);
    ck_assert_int_eq(tracuu_index_open(NULL, ixpath, TRACUU_MODE_READ, NULL), TRACUU_EINVAL);
    /* locked */
    tracuu_index *w = build_index(NULL);
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, &msg), TRACUU_ELOCKED);
    free(msg);
    /* a reader works while the writer holds the lock */
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_READ, NULL), TRACUU_OK);
    tracuu_results *r = NULL;
    ck_assert_int_eq(tracuu_index_search(&r, ix, "", NULL), TRACUU_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(tracuu_index_errmsg(ix), "empty query");
    ck_assert_int_eq(tracuu_index_search(&r, ix, "-dân", NULL), TRACUU_EBADQUERY);
    ck_assert_int_eq(tracuu_index_search(&r, ix, "?? !!", NULL), TRACUU_EINVAL);
    const char *paths[] = {docs};
    ck_assert_int_eq(tracuu_index_add(ix, paths, 1, NULL, NULL), TRACUU_EINVAL);
    tracuu_index_close(ix);
    tracuu_index_close(w);
    tracuu_index_close(NULL);
    tracuu_results_free(NULL);
    tracuu_tokens_free(NULL);
    /* status names */
    for (int s = 0; s < TRACUU_STATUS_LAST; s++)
        ck_assert_str_ne(tracuu_status_str((tracuu_status)s), "unknown status");
    ck_assert_str_eq(tracuu_status_str(TRACUU_STATUS_LAST), "unknown status");
}
END_TEST

START_TEST(test_corrupt_index)
{
    free(tu_write_str(ixpath, "iamglass", "no"));
    tracuu_index *ix = NULL;
    char *msg = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_READ, &msg), TRACUU_ECORRUPT);
    ck_assert_ptr_nonnull(msg);
    free(msg);
}
END_TEST

/* A PDF written here object by object: three pages of Helvetica text (WinAnsi, so "Báo cáo"
 * but no Vietnamese-only letters), each with the same running header and a "- N -" footer.
 * The paragraphs come back with their page; header and footer do not come back at all. */
static char *
write_pdf(const char *folder, const char *name)
{
    static const char *const body[3][2] = {
        {"B\\341o c\\341o t\\366ng k\\351t c\\364ng t\\341c d\\342n v\\342n n\\342m 2020.",
         "Trang mot noi ve hoi nghi doi thoai tai xa Binh Phu."},
        {"Trang hai noi ve phong trao dan van kheo o ap Mot.", "Hoi Nong dan van dong hoi vien."},
        {"Trang ba noi ve kien nghi cua cu tri xa Binh Phu.", "Het bao cao."}};
    char *pdf = malloc(20000);
    ck_assert_ptr_nonnull(pdf);
    size_t len = 0;
    long off[12];
    len += (size_t)sprintf(pdf + len, "%%PDF-1.4\n");
    off[1] = (long)len;
    len += (size_t)sprintf(pdf + len, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    off[2] = (long)len;
    len += (size_t)sprintf(pdf + len, "2 0 obj << /Type /Pages /Kids [4 0 R 6 0 R 8 0 R] /Count 3 >> endobj\n");
    off[3] = (long)len;
    len += (size_t)sprintf(pdf + len, "3 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                                      "/Encoding /WinAnsiEncoding >> endobj\n");
    for (int p = 0; p < 3; p++) {
        char content[1200];
        int cl = snprintf(content, sizeof content,
                          "BT /F1 10 Tf 72 800 Td (UBND XA BINH PHU - BAO CAO NAM 2020) Tj ET\n"
                          "BT /F1 12 Tf 72 700 Td (%s) Tj ET\n"
                          "BT /F1 12 Tf 72 660 Td (%s) Tj ET\n"
                          "BT /F1 10 Tf 290 40 Td (- %d -) Tj ET\n",
                          body[p][0], body[p][1], p + 1);
        off[4 + 2 * p] = (long)len;
        len += (size_t)sprintf(pdf + len, "%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                          "/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >> endobj\n",
                               4 + 2 * p, 5 + 2 * p);
        off[5 + 2 * p] = (long)len;
        len += (size_t)sprintf(pdf + len, "%d 0 obj << /Length %d >>\nstream\n%sendstream endobj\n",
                               5 + 2 * p, cl, content);
    }
    long xref = (long)len;
    len += (size_t)sprintf(pdf + len, "xref\n0 10\n0000000000 65535 f \n");
    for (int k = 1; k < 10; k++)
        len += (size_t)sprintf(pdf + len, "%010ld 00000 n \n", off[k]);
    len += (size_t)sprintf(pdf + len, "trailer << /Size 10 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
    char *path = tu_write(folder, name, pdf, len);
    free(pdf);
    return path;
}

START_TEST(test_pdf_pages)
{
    char *pdf = write_pdf(docs, "xa-c/tong-ket.pdf");
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    const char *paths[] = {pdf};
    tracuu_add_stats s;
    ck_assert_int_eq(tracuu_index_add(ix, paths, 1, NULL, &s), TRACUU_OK);
    ck_assert_uint_eq(s.added, 1);
    static const struct {
        const char *query;
        unsigned page;
    } want[] = {{"\"hoi nghi doi thoai\"", 1}, {"\"dan van kheo\"", 2},
                {"\"kien nghi cua cu tri\"", 3}, {"\"tổng kết công tác\"", 1}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
        tracuu_results *r = NULL;
        ck_assert_int_eq(tracuu_index_search(&r, ix, want[i].query, &o), TRACUU_OK);
        const tracuu_hit *h;
        ck_assert_int_eq(tracuu_results_next(&h, r), TRACUU_OK);
        ck_assert_msg(h->page == want[i].page, "%s: page %u", want[i].query, h->page);
        tracuu_results_free(r);
    }
    /* the running header and the "- 2 -" footers are gone */
    uint64_t total = 99;
    hits(ix, "\"bao cao nam 2020\"", 0, &total);
    ck_assert_uint_eq(total, 0);
    tracuu_index_close(ix);
    free(pdf);
}
END_TEST

START_TEST(test_text_api)
{
    char *out = NULL, *msg = NULL;
    size_t n = 0;
    const char *used = NULL;
    ck_assert_int_eq(tracuu_text_decode(&out, &n, &used, "a\xC3", 2, NULL, &msg),
                     TRACUU_EENCODING);
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(strstr(msg, "byte 1"));
    free(msg);
    ck_assert_int_eq(tracuu_text_normalize(&out, &n, "Ho\xC3\xA0 b\xC3\xACnh", 10), TRACUU_OK);
    tracuu_tokens *t = NULL;
    ck_assert_int_eq(tracuu_tokens_new(&t, out, n), TRACUU_OK);
    ck_assert_uint_eq(tracuu_tokens_count(t), 2);
    ck_assert_str_eq(tracuu_tokens_get(t, 0)->exact, "hòa");
    ck_assert_str_eq(tracuu_tokens_get(t, 1)->folded, "binh");
    ck_assert_ptr_null(tracuu_tokens_get(t, 2));
    tracuu_tokens_free(t);
    free(out);
    char *d = NULL;
    ck_assert_int_eq(tracuu_query_describe(&d, "hoà bình"), TRACUU_OK);
    ck_assert_ptr_nonnull(strstr(d, "Ehòa"));
    free(d);
}
END_TEST

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
/* Minor page faults of touching 32 MB in 8 KB blocks, freeing them all, the second time
 * round: the shape of a batch of Xapian's postings, or of a file's buffers. */
static long
refault_batch(void)
{
    enum { BLOCKS = 4096, BLOCK = 8 << 10 };
    static char *b[BLOCKS];
    long faults = 0;
    for (int round = 0; round < 2; round++) {
        struct rusage r0, r1;
        getrusage(RUSAGE_SELF, &r0);
        for (int i = 0; i < BLOCKS; i++) {
            b[i] = malloc(BLOCK);
            ck_assert_ptr_nonnull(b[i]);
            memset(b[i], round + 1, BLOCK);
        }
        for (int i = BLOCKS - 1; i >= 0; i--)
            free(b[i]);
        getrusage(RUSAGE_SELF, &r1);
        faults = r1.ru_minflt - r0.ru_minflt;
    }
    return faults;
}
#endif

/* tracuu_malloc_tune keeps freed memory for the next file: glibc alone trims the heap once
 * the blocks are freed and faults the 8,192 pages in again for the next batch. Only glibc's
 * own malloc can show it: the sanitizers and valgrind bring their own. */
START_TEST(test_malloc_tune)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
    if (getenv("TRACUU_UNDER_VALGRIND"))
        return;
    long before = refault_batch();
    ck_assert_int_gt(before, 1000);
    tracuu_malloc_tune();
    long after = refault_batch();
    ck_assert_msg(after < before / 8, "faults %ld before tuning, %ld after", before, after);
#endif
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("api");
    TCase *t = tcase_create("api");
    tcase_set_timeout(t, 60);
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_document_record);
    tcase_add_test(t, test_unborn_index_recovers);
    tcase_add_test(t, test_parallel_first_build);
    tcase_add_test(t, test_index_and_search);
    tcase_add_test(t, test_exact_marks_rank_first);
    tcase_add_test(t, test_phrase_and_exclusion);
    tcase_add_test(t, test_adjacent_words_rank_first);
    tcase_add_test(t, test_docs_collapse);
    tcase_add_test(t, test_reindex_no_duplicates);
    tcase_add_test(t, test_bad_files_do_not_stop_the_run);
    tcase_add_test(t, test_documents_answer_with_passages);
    tcase_add_test(t, test_snippet_is_html);
    tcase_add_test(t, test_removals_leave_no_trace_in_scores);
    tcase_add_test(t, test_limits);
    tcase_add_test(t, test_errors);
    tcase_add_test(t, test_corrupt_index);
    tcase_add_test(t, test_text_api);
    tcase_add_test(t, test_pdf_pages);
    tcase_add_test(t, test_malloc_tune);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return tu_run(suite());
}
