/*
 * doc.c - .doc through catdoc, .rtf through unrtf (doc.h).
 *
 * catdoc -w prints a paragraph a line and a form feed at a section or page break; unrtf
 * --html keeps every character (as entities) that --text would turn into '?', and a <br> a
 * paragraph. Either way a line is a paragraph here.
 */
#include "doc.h"

#include "extract.h"
#include "helper.h"
#include "layout.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

doc_kind
doc_sniff(const char *raw, size_t len)
{
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (len >= 8 && !memcmp(raw, ole2, 8))
        return DOC_OLE2;
    if (len >= 5 && !memcmp(raw, "{\\rtf", 5))
        return DOC_RTF;
    if (len >= 4 && !memcmp(raw, "PK\x03\x04", 4))
        return DOC_ZIP;
    size_t i = 0;
    if (len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && (raw[i] == ' ' || raw[i] == '\n' || raw[i] == '\r' || raw[i] == '\t'))
        i++;
    if (len - i >= 5 && (!strncasecmp(raw + i, "<html", 5) || !strncasecmp(raw + i, "<!doc", 5)))
        return DOC_HTML;
    return DOC_UNKNOWN;
}

/* A footer's page number as catdoc prints it, field codes and all: "Trang  PAGE  2",
 * "PAGE 3 / NUMPAGES 12". */
static int
page_number_field(const char *s, size_t n)
{
    char line[160], key[160];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof line; i++) {
        if (!strncmp(s + i, "NUMPAGES", 8) && n - i >= 8)
            i += 7;
        else if (!strncmp(s + i, "PAGE", 4) && n - i >= 4)
            i += 3;
        else
            line[k++] = s[i];
    }
    line[k] = '\0';
    layout_line_key(key, sizeof key, line);
    return n < sizeof line && strstr(key, "#") && layout_page_number_key(key);
}

/* Every line a paragraph: single line breaks and form feeds become blank lines; a line
 * that is only a footer's page number is left out. */
static tracuu_status
lines_to_paragraphs(text_buf *out, const char *s, size_t n)
{
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < n && st == TRACUU_OK;) {
        size_t e = i;
        while (e < n && s[e] != '\n' && s[e] != '\f')
            e++;
        if (!page_number_field(s + i, e - i))
            st = text_buf_put(out, s + i, e - i);
        if (st == TRACUU_OK)
            st = extract_para_break(out);
        i = e + 1;
    }
    if (st == TRACUU_OK)
        st = extract_para_break(out);
    return st;
}

tracuu_status
extract_doc(text_buf *out, const char *raw, size_t len, char *err, size_t errsz)
{
    if (doc_sniff(raw, len) != DOC_OLE2) {
        snprintf(err, errsz, "not a Word 97-2003 document (no OLE2 signature)");
        return TRACUU_EENCODING;
    }
    static const char *const argv[] = {"catdoc", "-d", "utf-8", "-w", NULL};
    helper_limits lim = helper_default_limits();
    text_buf txt = TEXT_BUF_INIT(out->max ? out->max : ((size_t)1 << 30));
    tracuu_status st = helper_run(argv, raw, len, &lim, &txt, err, errsz);
    if (st == TRACUU_EIO)
        st = TRACUU_EENCODING; /* the file, not the index, is at fault */
    if (st == TRACUU_OK)
        st = lines_to_paragraphs(out, txt.ptr ? txt.ptr : "", txt.len);
    text_buf_free(&txt);
    return st;
}

/* RTF without its running headers and footers ({\header...}, {\footerr...} groups): they
 * repeat on every page and are not the document's text. Escaped braces do not count. */
static tracuu_status
strip_running(text_buf *out, const char *raw, size_t len)
{
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < len && st == TRACUU_OK;) {
        if (raw[i] == '{' && i + 7 < len &&
            (!strncmp(raw + i + 1, "\\header", 7) || !strncmp(raw + i + 1, "\\footer", 7))) {
            size_t depth = 0, k = i;
            for (; k < len; k++) {
                if (raw[k] == '\\' && k + 1 < len) {
                    k++;
                    continue;
                }
                if (raw[k] == '{')
                    depth++;
                else if (raw[k] == '}' && --depth == 0)
                    break;
            }
            i = k + 1;
            continue;
        }
        st = text_buf_putc(out, raw[i]);
        if (raw[i] == '\\' && i + 1 < len && st == TRACUU_OK)
            st = text_buf_putc(out, raw[++i]); /* \{ and \} stay as they are */
        i++;
    }
    return st;
}

tracuu_status
extract_rtf(text_buf *out, char **title, const char *raw, size_t len, char *err, size_t errsz)
{
    *title = NULL;
    if (doc_sniff(raw, len) != DOC_RTF) {
        snprintf(err, errsz, "not an RTF document (no {\\rtf header)");
        return TRACUU_EENCODING;
    }
    static const char *const argv[] = {"unrtf", "--html", NULL};
    helper_limits lim = helper_default_limits();
    text_buf html = TEXT_BUF_INIT(out->max ? out->max * 8 : ((size_t)1 << 30));
    text_buf txt = TEXT_BUF_INIT(out->max ? out->max : ((size_t)1 << 30));
    text_buf body = TEXT_BUF_INIT(len + 1);
    tracuu_status st = strip_running(&body, raw, len);
    if (st == TRACUU_OK)
        st = helper_run(argv, body.ptr, body.len, &lim, &html, err, errsz);
    text_buf_free(&body);
    if (st == TRACUU_EIO)
        st = TRACUU_EENCODING;
    if (st == TRACUU_OK)
        st = extract_html(&txt, title, html.ptr ? html.ptr : "", html.len);
    if (st == TRACUU_OK)
        st = lines_to_paragraphs(out, txt.ptr ? txt.ptr : "", txt.len);
    text_buf_free(&html);
    text_buf_free(&txt);
    return st;
}
