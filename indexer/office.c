/*
 * office.c - text of DOCX and ODT files (office.h): a zip (libzip) holding XML (libxml2).
 *
 * DOCX: word/document.xml, paragraphs <w:p> (headings and list items are paragraphs with a
 * style), runs of text <w:t>, <w:tab/>, <w:br/>; table cells <w:tc> end a paragraph.
 * ODT: content.xml, <text:p> and <text:h>, <text:s/> (spaces), <text:tab/>,
 * <text:line-break/>, table cells likewise. The title comes from docProps/core.xml or
 * meta.xml (dc:title).
 *
 * Hostile files: the member is read only when its stated size and its compression ratio
 * are sane (a zip bomb says 100 MB of zeros in 100 KB), and reading stops at the stated
 * size; libxml2 parses without network, without entity substitution and with its default
 * depth and size limits, so entity expansion and deep nesting fail cleanly.
 */
#include "office.h"

#include "decode.h"
#include "extract.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

/* A member larger than this, or expanding more than OFFICE_MAX_RATIO times, is refused. */
#define OFFICE_MAX_MEMBER ((zip_uint64_t)64 << 20)
#define OFFICE_MAX_RATIO 200

/* The member `name` of the zip, whole (owned, NUL-terminated); NULL with err set. */
static char *
member(zip_t *z, const char *name, size_t *len, char *err, size_t errsz, int required)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0) {
        if (required)
            snprintf(err, errsz, "no %s in it: not a %s file", name,
                     strstr(name, "word/") ? "DOCX" : "ODT");
        return NULL;
    }
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > OFFICE_MAX_MEMBER ||
        ((st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size > 0 &&
         st.size / st.comp_size > OFFICE_MAX_RATIO)) {
        snprintf(err, errsz, "%s: %llu bytes uncompressed from %llu: refused (over %llu MB or "
                             "%ux: a zip bomb?)",
                 name, (unsigned long long)st.size, (unsigned long long)st.comp_size,
                 (unsigned long long)(OFFICE_MAX_MEMBER >> 20), OFFICE_MAX_RATIO);
        return NULL;
    }
    zip_file_t *f = zip_fopen(z, name, 0);
    char *buf = f ? malloc((size_t)st.size + 1) : NULL;
    zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
    if (f)
        zip_fclose(f);
    if (!buf || got < 0 || (zip_uint64_t)got != st.size) {
        snprintf(err, errsz, "%s: cannot be read (damaged or encrypted)", name);
        free(buf);
        return NULL;
    }
    buf[got] = '\0';
    *len = (size_t)got;
    return buf;
}

typedef struct walk {
    text_buf *out;
    int odt;
    tracuu_status st;
} walk;

static void
para_break(walk *w)
{
    tracuu_status st = extract_para_break(w->out);
    if (st != TRACUU_OK)
        w->st = st;
}

static int
named(const xmlNode *n, const char *ns_prefix, const char *local)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local) &&
           n->ns && n->ns->prefix && !strcmp((const char *)n->ns->prefix, ns_prefix);
}

/* The legacy encoding a run's font implies: ".VnTime", ".VnArial"... (ABC/TCVN3 fonts) ->
 * "TCVN3", "VNI-Times"... -> "VNI"; NULL for a Unicode font. Word stores such a run as the
 * Windows-1252 reading of its bytes ("Céng hßa x· héi" for "Cộng hòa xã hội"). */
static const char *
legacy_font(const xmlNode *run)
{
    for (const xmlNode *c = run ? run->children : NULL; c; c = c->next) {
        if (!named(c, "w", "rPr"))
            continue;
        for (const xmlNode *f = c->children; f; f = f->next) {
            if (!named(f, "w", "rFonts"))
                continue;
            static const char *const attrs[] = {"ascii", "hAnsi", "cs"};
            for (size_t a = 0; a < 3; a++) {
                xmlChar *v = xmlGetNsProp((xmlNode *)f, (const xmlChar *)attrs[a],
                                          f->ns ? f->ns->href : NULL);
                const char *enc = NULL;
                if (v && (v[0] == '.' && (v[1] == 'V' || v[1] == 'v') && (v[2] == 'N' || v[2] == 'n')))
                    enc = "TCVN3";
                else if (v && !strncasecmp((const char *)v, "VNI-", 4))
                    enc = "VNI";
                xmlFree(v);
                if (enc)
                    return enc;
            }
        }
    }
    return NULL;
}

/* Text of a run in a legacy font, back to its bytes (each character below U+0100 is its
 * byte; the Windows-1252 punctuation of 0x80-0x9F is mapped back) and decoded; as it is
 * when a character cannot have come from one byte. */
static tracuu_status
put_legacy(text_buf *out, const char *s, const char *enc)
{
    static const uint16_t cp1252[32] = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    size_t n = strlen(s);
    char *bytes = malloc(n + 1);
    if (!bytes)
        return TRACUU_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp = text_utf8_next(s, n, &i);
        int b = cp >= 0 && cp < 0x100 ? (int)cp : -1;
        for (int j = 0; b < 0 && j < 32; j++)
            if (cp1252[j] && cp == cp1252[j])
                b = 0x80 + j;
        if (b < 0) { /* not a one-byte font's text after all */
            free(bytes);
            return text_buf_puts(out, s);
        }
        bytes[k++] = (char)b;
    }
    const char *used = NULL;
    char err[128];
    tracuu_status st = text_decode(out, &used, bytes, k, enc, err, sizeof err);
    free(bytes);
    return st == TRACUU_EENCODING ? text_buf_puts(out, s) : st;
}

/* Depth-first over the tree without recursion (a deep file must not exhaust the stack). */
static void
walk_tree(walk *w, xmlNode *root)
{
    const char *ns = w->odt ? "text" : "w";
    xmlNode *n = root;
    while (n && w->st == TRACUU_OK) {
        int descend = 1;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            /* DOCX keeps text in <w:t> only; ODT's text nodes are the text */
            xmlNode *p = n->parent;
            const char *enc = !w->odt && p ? legacy_font(p->parent) : NULL;
            if (n->content && enc && named(p, "w", "t"))
                w->st = put_legacy(w->out, (const char *)n->content, enc);
            else if (n->content && (w->odt || (p && named(p, "w", "t"))))
                w->st = text_buf_puts(w->out, (const char *)n->content);
            descend = 0;
        } else if (n->type == XML_ELEMENT_NODE) {
            if (named(n, ns, "tab"))
                w->st = text_buf_putc(w->out, ' ');
            else if (named(n, ns, w->odt ? "line-break" : "br"))
                w->st = text_buf_putc(w->out, '\n');
            else if (w->odt && named(n, "text", "s"))
                w->st = text_buf_putc(w->out, ' ');
            else if (w->odt && (named(n, "office", "annotation") || named(n, "text", "note")))
                descend = 0; /* comments and footnotes are not the document's text */
            else if (!w->odt && (named(n, "w", "instrText") || named(n, "w", "delText")))
                descend = 0; /* field codes and deleted text */
        }
        if (descend && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n && (named(n, ns, "p") || named(n, ns, "h") ||
                      named(n, w->odt ? "table" : "w", w->odt ? "table-cell" : "tc")))
                para_break(w);
        }
        if (!n || n == root)
            break;
        if (named(n, ns, "p") || named(n, ns, "h"))
            para_break(w);
        n = n->next;
    }
}

/* libxml2 reports some errors (encoding conversion) through its generic handler even with
 * XML_PARSE_NOERROR: a bad file is reported once, by its caller, not on stderr here. */
static void
quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Parse XML with no network, no entity substitution and libxml2's default limits (no
 * XML_PARSE_HUGE), silently; NULL when it is not well-formed. */
static xmlDocPtr
parse_xml(const char *xml, size_t n)
{
    xmlGenericErrorFunc old = xmlGenericError;
    void *oldctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlDocPtr d = xmlReadMemory(xml, (int)n, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(oldctx, old);
    return d;
}

tracuu_status
extract_office_xml(text_buf *out, int odt, const char *xml, size_t n)
{
    if (n > INT32_MAX)
        return TRACUU_ETOOBIG;
    xmlDocPtr d = parse_xml(xml, n);
    if (!d)
        return TRACUU_EENCODING;
    walk w = {out, odt, TRACUU_OK};
    walk_tree(&w, xmlDocGetRootElement(d));
    para_break(&w);
    xmlFreeDoc(d);
    return w.st;
}

/* The text of dc:title in a metadata part, owned, or NULL. */
static char *
title_of(const char *xml, size_t len)
{
    xmlDocPtr d = parse_xml(xml, len);
    if (!d)
        return NULL;
    char *t = NULL;
    xmlNode *n = xmlDocGetRootElement(d);
    while (n && !t) {
        if (named(n, "dc", "title")) {
            xmlChar *c = xmlNodeGetContent(n);
            if (c && *c)
                t = strdup((const char *)c);
            xmlFree(c);
        }
        if (n->children && n->type == XML_ELEMENT_NODE && !t) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent;
        if (n)
            n = n->next;
    }
    xmlFreeDoc(d);
    return t;
}

tracuu_status
extract_office(text_buf *out, char **title, int odt, const char *raw, size_t len, char *err,
               size_t errsz)
{
    *title = NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(raw, len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!z) {
        snprintf(err, errsz, "not a readable %s (zip) file: %s", odt ? "ODT" : "DOCX",
                 zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        return TRACUU_EENCODING;
    }
    zip_error_fini(&ze);
    size_t n = 0;
    char *xml = member(z, odt ? "content.xml" : "word/document.xml", &n, err, errsz, 1);
    tracuu_status st = xml ? TRACUU_OK : TRACUU_EENCODING;
    if (st == TRACUU_OK) {
        st = extract_office_xml(out, odt, xml, n);
        if (st == TRACUU_EENCODING)
            snprintf(err, errsz, "%s: not well-formed XML", odt ? "content.xml" : "word/document.xml");
    }
    free(xml);
    if (st == TRACUU_OK) {
        char merr[256];
        size_t mn = 0;
        char *meta = member(z, odt ? "meta.xml" : "docProps/core.xml", &mn, merr, sizeof merr, 0);
        if (meta && mn <= INT32_MAX)
            *title = title_of(meta, mn);
        free(meta);
    }
    zip_discard(z);
    return st;
}
