/*
 * test_formats.c - office and PDF files made by real tools from corpus text, indexed by the
 * real tracuu binary.
 *
 * tests/formats/make-office-files writes one OpenDocument file by hand (zip) from six
 * corpus reports (the first in two columns, a running header and a page-number footer) and
 * one typed in the .VnTime font, then LibreOffice converts both to DOCX, Word 97 .doc, RTF
 * and PDF. Every format must give back the corpus paragraphs word for word, the passage's
 * heading (and page, for PDF), the container's metadata, and Unicode for the legacy font.
 * Damaged files of every format fail alone, with their name and why; helpers that hang are
 * killed; a scanned PDF (pages rendered to images by pdftoppm, wrapped in a PDF here) is
 * reported, or read by tesseract with --ocr.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

static char *dir, *files, *ixpath, *corpus;
static int have_tools;
static char *index_out; /* what indexing the ten files said (in the fixture, once) */

#define run(...) tu_tracuu(dir, __VA_ARGS__)

static const char *const formats[] = {"odt", "docx", "doc", "rtf", "pdf"};
#define NFORMATS 5

/* The six reports, from corpus/docs/ben-tre/cho-lach/. */
static const char *const reports[] = {
    "hoa-nghia/2021-bao-cao-dan-van.txt",     "long-thoi/2019-bao-cao-dan-van.txt",
    "son-dinh/2019-so-ket-dan-van-kheo.txt",  "vinh-thanh/2016-bao-cao-giam-sat.txt",
    "cho-lach/2020-bao-cao-cai-cach.txt",     "hoa-nghia/2018-khao-sat-chuong-trinh-20.txt",
};

static int
tool(const char *name)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

/* Made once for the suite: LibreOffice takes seconds per conversion. */
static void
make_files(void)
{
    dir = tu_tmpdir();
    const char *src = tu_env("TRACUU_SOURCE_ROOT", ".");
    size_t n = strlen(dir) + 32;
    files = malloc(n);
    ixpath = malloc(n);
    snprintf(files, n, "%s/files", dir);
    snprintf(ixpath, n, "%s/index", dir);
    corpus = malloc(strlen(src) + 64);
    sprintf(corpus, "%s/corpus/docs/ben-tre/cho-lach", src);
    have_tools = tool("soffice") && tool("zip") && tool("catdoc") && tool("unrtf") &&
                 tool("pdftoppm") && tool("qpdf");
    if (!have_tools) {
        fprintf(stderr, "formats: soffice, zip, catdoc, unrtf, pdftoppm or qpdf missing: run "
                        "scripts/bootstrap\n");
        return;
    }
    char cmd[4096];
    int k = snprintf(cmd, sizeof cmd, "'%s/tests/formats/make-office-files' '%s'", src, files);
    for (size_t i = 0; i < sizeof reports / sizeof *reports; i++)
        k += snprintf(cmd + k, sizeof cmd - (size_t)k, " '%s/%s'", corpus, reports[i]);
    if (system(cmd) != 0) {
        have_tools = 0;
        return;
    }
    tu_result r = run(NULL, "--index", ixpath, "index", files, NULL);
    size_t need = strlen(r.out ? r.out : "") + strlen(r.err ? r.err : "") + 2;
    index_out = malloc(need);
    snprintf(index_out, need, "%s\n%s", r.out ? r.out : "", r.err ? r.err : "");
    tu_result_free(&r);
}

static void
cleanup(void)
{
    tu_rmrf(dir);
    free(dir);
    free(files);
    free(ixpath);
    free(corpus);
    free(index_out);
}

/* `tracuu --json search --docs QUERY` over the index, parsed: every document's best
 * passage. Without --docs the same paragraph of the same report in another format would be
 * folded into the first one's result ("and N similar"), and each format is checked here. */
static json_t *
search(const char *index, const char *query)
{
    tu_result r = run(NULL, "--index", index, "--json", "search", "--docs", "--limit", "100",
                      query, NULL);
    json_t *j = json_loads(r.out, 0, NULL);
    ck_assert_msg(j, "search %s: %s %s", query, r.out, r.err);
    tu_result_free(&r);
    return j;
}

/* The result of j for the file with this suffix, or NULL. */
static json_t *
result_for(json_t *j, const char *suffix)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(j, "results"), i, r) {
        const char *p = json_string_value(json_object_get(r, "path"));
        if (p && strlen(p) >= strlen(suffix) && !strcmp(p + strlen(p) - strlen(suffix), suffix))
            return r;
    }
    return NULL;
}

/* The result of j from file `base`.<format f>; fails the test, naming why, when none. */
static json_t *
format_result(json_t *j, const char *base, size_t f, const char *why)
{
    char suffix[64];
    snprintf(suffix, sizeof suffix, "%s.%s", base, formats[f]);
    json_t *r = result_for(j, suffix);
    ck_assert_msg(r, "%s: %s", suffix, why);
    return r;
}

static const char *
jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The paragraph of a corpus file that starts with `start`, whole. */
static char *
corpus_paragraph(const char *file, const char *start)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", corpus, file);
    char *t = tu_read(path, NULL);
    ck_assert_ptr_nonnull(t);
    char *p = strstr(t, start);
    ck_assert_ptr_nonnull(p);
    char *e = strchr(p, '\n');
    if (e)
        *e = '\0';
    char *d = strdup(p);
    free(t);
    return d;
}

static void
index_all(void)
{
    ck_assert_msg(index_out && strstr(index_out, "10 added") && strstr(index_out, "0 failed"),
                  "%s", index_out ? index_out : "(not indexed)");
}

#define NEED_TOOLS()                                                                        \
    do {                                                                                    \
        if (!have_tools) {                                                                  \
            fprintf(stderr, "%s: skipped (tools missing, see above)\n", __func__);          \
            return;                                                                         \
        }                                                                                   \
    } while (0)

/* Every format gives back the corpus paragraphs word for word, each passage under its
 * heading; a sentence that runs from one column (or page) into the next stays one passage. */
START_TEST(test_text_and_headings)
{
    NEED_TOOLS();
    index_all();
    char *para = corpus_paragraph(reports[0], "Lãnh đạo xã chưa thường xuyên");
    json_t *j = search(ixpath, "\"công tác nắm tình hình tư tưởng nhân dân có lúc chưa kịp thời\"");
    for (size_t f = 0; f < NFORMATS; f++) {
        json_t *r = format_result(j, "tap-bao-cao", f, "no passage found");
        ck_assert_str_eq(jstr(r, "text"), para);
        /* headings: styles in DOCX and ODT, bold lines in the PDF; .doc and .rtf have none */
        if (f == 0 || f == 1 || f == 4)
            ck_assert_msg(jstr(r, "heading") && !strcmp(jstr(r, "heading"), "II. HẠN CHẾ"),
                          "%s: heading %s", formats[f], jstr(r, "heading"));
        ck_assert_int_eq(json_integer_value(json_object_get(r, "page")), f == 4 ? 1 : 0);
    }
    json_decref(j);
    free(para);
    /* the first report is set in two columns: its sentence across the column break */
    para = corpus_paragraph(reports[0], "Trong điều kiện dịch COVID-19");
    j = search(ixpath, "\"bộ chính trị ban hành quy chế công tác dân vận\"");
    for (size_t f = 0; f < NFORMATS; f++) {
        json_t *r = format_result(j, "tap-bao-cao", f,
                                  "the sentence across the columns is not one passage");
        ck_assert_str_eq(jstr(r, "text"), para);
    }
    json_decref(j);
    free(para);
}
END_TEST

/* PDF: the running header and the page-number footer are not text; later reports sit on
 * later pages; `cites` shows the page and heading of each citing passage. */
START_TEST(test_pdf_pages)
{
    NEED_TOOLS();
    index_all();
    json_t *j = search(ixpath, "\"tập báo cáo công tác dân vận\"");
    ck_assert_ptr_null(result_for(j, ".pdf"));
    json_decref(j);
    j = search(ixpath, "trang");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(j, "results"), i, r)
        ck_assert_msg(strncmp(jstr(r, "text"), "Trang", 5) != 0, "footer kept: %s", jstr(r, "text"));
    json_decref(j);
    char pdf[1200];
    snprintf(pdf, sizeof pdf, "%s/tap-bao-cao.pdf", files);
    tu_result s = run(NULL, "--index", ixpath, "--json", "show", pdf, NULL);
    json_t *d = json_loads(s.out, 0, NULL);
    ck_assert_ptr_nonnull(d);
    json_int_t pages = json_integer_value(json_object_get(d, "pages"));
    ck_assert_int_ge(pages, 3);
    ck_assert_str_eq(jstr(d, "title"), "Tập báo cáo công tác dân vận cơ sở");
    ck_assert_str_eq(jstr(d, "author"), "Văn phòng Huyện ủy");
    json_decref(d);
    tu_result_free(&s);
    /* the last report's passages are on the last page or the one before */
    j = search(ixpath, "\"huyện chợ lách\" OR khảo sát");
    json_int_t maxpage = 0, minpage = 1000;
    json_array_foreach(json_object_get(j, "results"), i, r) {
        if (!strstr(jstr(r, "path"), ".pdf"))
            continue;
        json_int_t p = json_integer_value(json_object_get(r, "page"));
        maxpage = p > maxpage ? p : maxpage;
        minpage = p < minpage ? p : minpage;
    }
    ck_assert_int_ge(maxpage, pages - 1);
    ck_assert_int_ge(minpage, 1);
    json_decref(j);
    /* cites: the page and heading of the citing passage */
    s = run(NULL, "--index", ixpath, "--json", "cites", "23-QĐ/TW", NULL);
    d = json_loads(s.out, 0, NULL);
    ck_assert_ptr_nonnull(d);
    int seen = 0;
    json_t *doc;
    json_array_foreach(json_object_get(d, "documents"), i, doc) {
        if (!strstr(jstr(doc, "path"), "tap-bao-cao.pdf"))
            continue;
        json_t *p = json_array_get(json_object_get(doc, "passages"), 0);
        ck_assert_int_eq(json_integer_value(json_object_get(p, "page")), 1);
        ck_assert_str_eq(jstr(p, "heading"), "I. KẾT QUẢ ĐẠT ĐƯỢC");
        seen = 1;
    }
    ck_assert(seen);
    json_decref(d);
    tu_result_free(&s);
    s = run(NULL, "--index", ixpath, "cites", "23-QĐ/TW", NULL);
    ck_assert_msg(strstr(s.out, "p. 1 · under \"I. KẾT QUẢ ĐẠT ĐƯỢC\""), "%s", s.out);
    tu_result_free(&s);
}
END_TEST

/* The container's metadata: title, author, creation date (the date when the text has none). */
START_TEST(test_metadata)
{
    NEED_TOOLS();
    index_all();
    for (size_t f = 0; f < 2; f++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/tap-bao-cao.%s", files, formats[f]);
        tu_result s = run(NULL, "--index", ixpath, "--json", "show", path, NULL);
        json_t *d = json_loads(s.out, 0, NULL);
        ck_assert_msg(d, "%s", s.err);
        ck_assert_str_eq(jstr(d, "title"), "Tập báo cáo công tác dân vận cơ sở");
        ck_assert_str_eq(jstr(d, "author"), "Văn phòng Huyện ủy");
        ck_assert_str_eq(jstr(d, "document_created"), "2021-03-15");
        ck_assert_str_eq(jstr(d, "date_from"), "text"); /* the text's date wins */
        json_decref(d);
        tu_result_free(&s);
    }
}
END_TEST

/* Text typed in .VnTime comes out in Unicode from every format: by the font the DOCX and
 * ODT styles name, by the text itself from .doc, RTF and PDF. */
START_TEST(test_legacy_font)
{
    NEED_TOOLS();
    index_all();
    json_t *j = search(ixpath, "\"ủy ban mặt trận tổ quốc việt nam xã tổ chức hội nghị đối thoại\"");
    for (size_t f = 0; f < NFORMATS; f++) {
        json_t *r = format_result(j, "vntime", f, "legacy font text not decoded");
        ck_assert_ptr_nonnull(strstr(jstr(r, "text"), "Ủy ban nhân dân xã phối hợp với Ủy ban "
                                                      "Mặt trận Tổ quốc Việt Nam"));
        ck_assert_str_eq(jstr(r, "date"), "2024-06-15");
    }
    json_decref(j);
    /* "ư" is byte 0xAD in TCVN3, a soft hyphen in Windows-1252: the ODT keeps it as a
     * character, LibreOffice's DOCX as <w:softHyphen/> */
    j = search(ixpath, "\"trung ương đảng\"");
    ck_assert_ptr_nonnull(result_for(j, "vntime.odt"));
    ck_assert_ptr_nonnull(result_for(j, "vntime.docx"));
    json_decref(j);
}
END_TEST

/* Write bytes[0..n) of file `from` (in files/) cut to n bytes as dir/bad/name. */
static char *
truncated(const char *from, const char *name, double share)
{
    char src[1200];
    snprintf(src, sizeof src, "%s/%s", files, from);
    size_t n = 0;
    char *b = tu_read(src, &n);
    ck_assert_ptr_nonnull(b);
    char sub[1200];
    snprintf(sub, sizeof sub, "%s/bad", dir);
    char *p = tu_write(sub, name, b, (size_t)((double)n * share));
    free(b);
    return p;
}

/* A PDF whose pages are pictures of text: page 1 of tap-bao-cao.pdf rendered by pdftoppm
 * at 200 dpi in grey, wrapped as one image per page (no text layer), as a scanner makes. */
static char *
scanned_pdf(const char *name)
{
    char cmd[2600], pgm[1200];
    snprintf(pgm, sizeof pgm, "%s/scan", dir);
    snprintf(cmd, sizeof cmd, "pdftoppm -r 200 -gray -f 1 -l 1 -singlefile '%s/tap-bao-cao.pdf' '%s'",
             files, pgm);
    ck_assert_int_eq(system(cmd), 0);
    strcat(pgm, ".pgm");
    size_t n = 0;
    char *img = tu_read(pgm, &n);
    ck_assert_ptr_nonnull(img);
    int w = 0, h = 0, maxv = 0, off = 0;
    ck_assert_int_eq(sscanf(img, "P5 %d %d %d%n", &w, &h, &maxv, &off), 3);
    off++; /* the one white-space byte after the header */
    ck_assert_int_eq((size_t)w * (size_t)h, n - (size_t)off);
    size_t cap = n + 4096, len = 0;
    char *pdf = malloc(cap);
    ck_assert_ptr_nonnull(pdf);
    long xref[6];
    len += (size_t)sprintf(pdf + len, "%%PDF-1.4\n");
    xref[1] = (long)len;
    len += (size_t)sprintf(pdf + len, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    xref[2] = (long)len;
    len += (size_t)sprintf(pdf + len, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
    xref[3] = (long)len;
    len += (size_t)sprintf(pdf + len, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                       "/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >> "
                                       "endobj\n");
    xref[4] = (long)len;
    len += (size_t)sprintf(pdf + len, "4 0 obj << /Type /XObject /Subtype /Image /Width %d /Height %d "
                                       "/ColorSpace /DeviceGray /BitsPerComponent 8 /Length %zu >>\nstream\n",
                           w, h, n - (size_t)off);
    memcpy(pdf + len, img + off, n - (size_t)off);
    len += n - (size_t)off;
    len += (size_t)sprintf(pdf + len, "\nendstream endobj\n");
    const char *content = "q 595 0 0 842 0 0 cm /Im0 Do Q";
    xref[5] = (long)len;
    len += (size_t)sprintf(pdf + len, "5 0 obj << /Length %zu >>\nstream\n%s\nendstream endobj\n",
                           strlen(content), content);
    long xpos = (long)len;
    len += (size_t)sprintf(pdf + len, "xref\n0 6\n0000000000 65535 f \n");
    for (int k = 1; k < 6; k++)
        len += (size_t)sprintf(pdf + len, "%010ld 00000 n \n", xref[k]);
    len += (size_t)sprintf(pdf + len, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xpos);
    char sub[1200];
    snprintf(sub, sizeof sub, "%s/scan-dir", dir);
    char *p = tu_write(sub, name, pdf, len);
    free(pdf);
    free(img);
    return p;
}

/* Damaged files of every format fail one by one, named, with the reason; the good file
 * next to them is indexed; a helper that hangs is killed at its deadline. */
START_TEST(test_malformed)
{
    NEED_TOOLS();
    char bad[1200], ix[1200], cmd[4000];
    snprintf(bad, sizeof bad, "%s/bad", dir);
    snprintf(ix, sizeof ix, "%s/bad.ix", dir);
    free(truncated("tap-bao-cao.pdf", "cut.pdf", 0.5));
    free(truncated("tap-bao-cao.doc", "cut.doc", 0.3));
    free(truncated("tap-bao-cao.rtf", "cut.rtf", 0.5));
    free(truncated("tap-bao-cao.docx", "cut.docx", 0.6));
    free(truncated("tap-bao-cao.odt", "cut.odt", 0.6));
    free(tu_write_str(bad, "fake.pdf", "đây không phải PDF\n"));
    free(tu_write_str(bad, "fake.doc", "đây không phải tệp Word\n"));
    free(tu_write_str(bad, "fake.rtf", "{không phải RTF}\n"));
    /* a ".doc" that is really RTF, as portals serve them, is read as RTF */
    snprintf(cmd, sizeof cmd, "cp '%s/vntime.rtf' '%s/rtf-named.doc' && qpdf --encrypt mat-khau chu 256 -- "
                              "'%s/vntime.pdf' '%s/khoa.pdf' && cp '%s/vntime.odt' '%s/tot.odt'",
             files, bad, files, bad, files, bad);
    ck_assert_int_eq(system(cmd), 0);
    tu_result r = run(NULL, "--index", ix, "index", bad, NULL);
    json_t *j;
    ck_assert_int_eq(r.code, 1);
    /* tot.odt, rtf-named.doc, and cut.rtf: unrtf gives the text before the cut */
    ck_assert_msg(strstr(r.out, "3 added") && strstr(r.out, "8 failed"), "%s\n%s", r.out, r.err);
    static const char *const expect[][2] = {
        {"cut.pdf", ""},          {"cut.doc", ""},
        {"cut.docx", "DOCX"},     {"cut.odt", "ODT"},
        {"fake.pdf", "not a PDF"}, {"fake.doc", "not a Word 97-2003 document"},
        {"fake.rtf", "not an RTF document"}, {"khoa.pdf", "encrypted"},
    };
    for (size_t i = 0; i < sizeof expect / sizeof *expect; i++) {
        char *line = strstr(r.err, expect[i][0]);
        ck_assert_msg(line, "%s not reported:\n%s", expect[i][0], r.err);
        char *eol = strchr(line, '\n');
        ck_assert_msg(!*expect[i][1] || (strstr(line, expect[i][1]) && (!eol || strstr(line, expect[i][1]) < eol)),
                      "%s: want \"%s\":\n%s", expect[i][0], expect[i][1], r.err);
    }
    tu_result_free(&r);
    j = search(ix, "\"ủy ban mặt trận tổ quốc việt nam\"");
    ck_assert_ptr_nonnull(result_for(j, "rtf-named.doc"));
    json_decref(j);

    /* a helper that hangs: a catdoc that never answers is killed at the deadline */
    char fakebin[1200];
    snprintf(fakebin, sizeof fakebin, "%s/fakebin", dir);
    char *fake = tu_write_str(fakebin, "catdoc", "#!/bin/sh\nsleep 60\n");
    chmod(fake, 0755);
    free(fake);
    char hang[1200];
    snprintf(hang, sizeof hang, "%s/hang", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s/tap-bao-cao.doc' '%s/treo.doc' && cp '%s/vntime.odt' '%s/'",
             hang, files, hang, files, hang);
    ck_assert_int_eq(system(cmd), 0);
    char path_env[2600];
    snprintf(path_env, sizeof path_env, "PATH=%s:%s", fakebin, getenv("PATH"));
    char env2[] = "TRACUU_HELPER_TIMEOUT=1";
    putenv(env2);
    time_t t0 = time(NULL);
    r = run(path_env, "--index", ix, "index", hang, NULL);
    ck_assert_int_eq(r.code, 1);
    ck_assert_msg(strstr(r.err, "treo.doc") && strstr(r.err, "killed"), "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "1 added"));
    ck_assert_int_lt(time(NULL) - t0, 30);
    tu_result_free(&r);
    unsetenv("TRACUU_HELPER_TIMEOUT");
    /* a helper that grows without end stops at the memory limit (1 GiB of address space) */
    fake = tu_write_str(fakebin, "catdoc", "#!/bin/sh\nexec awk 'BEGIN { s = \"x\"; while (1) s = s s }'\n");
    chmod(fake, 0755);
    free(fake);
    r = run(path_env, "--index", ix, "index", "--force", hang, NULL);
    ck_assert_int_eq(r.code, 1);
    ck_assert_msg(strstr(r.err, "treo.doc") && strstr(r.err, "out of memory"), "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "1 updated"));
    tu_result_free(&r);
    /* not installed: a clear message */
    snprintf(path_env, sizeof path_env, "PATH=%s", fakebin);
    char gone[1300];
    snprintf(gone, sizeof gone, "%s/catdoc", fakebin);
    unlink(gone);
    r = run(path_env, "--index", ix, "index", "--force", hang, NULL);
    ck_assert_msg(strstr(r.err, "catdoc is not installed"), "%s", r.err);
    tu_result_free(&r);
}
END_TEST

/* A scanned PDF: reported as such by default; read by tesseract (Vietnamese) with --ocr. */
START_TEST(test_scanned_pdf)
{
    NEED_TOOLS();
    if (!tool("tesseract")) {
        fprintf(stderr, "test_scanned_pdf: skipped (tesseract missing: scripts/bootstrap)\n");
        return;
    }
    char *p = scanned_pdf("quet.pdf");
    char ix[1200];
    snprintf(ix, sizeof ix, "%s/scan.ix", dir);
    tu_result r = run(NULL, "--index", ix, "index", p, NULL);
    ck_assert_int_eq(r.code, 1);
    ck_assert_msg(strstr(r.err, "quet.pdf") && strstr(r.err, "a scanned PDF") &&
                      strstr(r.err, "--ocr"), "%s", r.err);
    tu_result_free(&r);
    r = run(NULL, "--index", ix, "index", "--ocr", p, NULL);
    ck_assert_msg(r.code == 0, "%s %s", r.out, r.err);
    tu_result_free(&r);
    /* OCR is not perfect: ask for words of the first report that tesseract reads */
    json_t *j = search(ix, "\"khối vận xã hòa nghĩa\"");
    ck_assert_msg(json_integer_value(json_object_get(j, "total")) >= 1, "OCR text not found");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(j, "results"), 0), "page")), 1);
    json_decref(j);
    r = run(NULL, "--index", ix, "--json", "show", p, NULL);
    json_t *d = json_loads(r.out, 0, NULL);
    ck_assert_int_eq(json_integer_value(json_object_get(d, "ocr_pages")), 1);
    json_decref(d);
    tu_result_free(&r);
    free(p);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("formats");
    TCase *t = tcase_create("formats");
    tcase_set_timeout(t, 300);
    tcase_add_unchecked_fixture(t, make_files, cleanup);
    tcase_add_test(t, test_text_and_headings);
    tcase_add_test(t, test_pdf_pages);
    tcase_add_test(t, test_metadata);
    tcase_add_test(t, test_legacy_font);
    tcase_add_test(t, test_malformed);
    tcase_add_test(t, test_scanned_pdf);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return tu_run(suite());
}
