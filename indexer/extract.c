/*
 * extract.c - formats -> text. HTML goes through libxml2's error-recovering HTML parser;
 * the tree is walked without recursion (a hostile page can nest deeper than a stack), and
 * what a reader of the page would not call the article is left out:
 *   - elements that are never content: script, style, noscript, template, svg, iframe,
 *     form controls, head (except <title>), nav, header, footer, aside;
 *   - elements whose class or id names site furniture (menu, sidebar, banner, breadcrumb,
 *     share, comment, related, "tin-khac"...);
 *   - a boilerplate heading ("Tin khác", "Tin liên quan", "Bài viết liên quan"...) and
 *     everything after it in the same container;
 *   - link lists: a block with three or more links whose text is mostly link text.
 */
#include "extract.h"
#include "doc.h"
#include "markdown.h"
#include "office.h"
#include "pdf.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcasecmp(s + n - k, suffix) == 0;
}

const char *
extract_format_name(extract_format f)
{
    static const char *const names[EXTRACT_FORMATS] = {"text", "HTML", "DOCX", "ODT",
                                                       "PDF",  "DOC",  "RTF", "Markdown"};
    return f < EXTRACT_FORMATS ? names[f] : "?";
}

extract_format
extract_format_of(const char *path)
{
    if (ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".xhtml"))
        return EXTRACT_HTML;
    if (ends_with(path, ".docx"))
        return EXTRACT_DOCX;
    if (ends_with(path, ".odt"))
        return EXTRACT_ODT;
    if (ends_with(path, ".pdf"))
        return EXTRACT_PDF;
    if (ends_with(path, ".doc"))
        return EXTRACT_DOC;
    if (ends_with(path, ".rtf"))
        return EXTRACT_RTF;
    if (ends_with(path, ".md") || ends_with(path, ".markdown"))
        return EXTRACT_MARKDOWN;
    return EXTRACT_TEXT;
}

int
extract_supported(const char *name)
{
    return ends_with(name, ".txt") || extract_format_of(name) != EXTRACT_TEXT;
}

/* ---- HTML ----------------------------------------------------------------------------- */

static const char *const skip_tags[] = {
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "form",
    "button", "select", "textarea", "input", "head", "nav", "header", "footer", "aside",
    "menu", "canvas", "video", "audio", "map",
};

static const char *const block_tags[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "tr", "table", "section", "article", "main", "blockquote", "pre", "address",
    "figure", "figcaption", "center", "hr", "body", "caption", "thead", "tbody", "tfoot",
};

/* Class/id words of site furniture. Matched as substrings, case-insensitively. */
static const char *const furniture[] = {
    "menu", "navbar", "sidebar", "banner", "breadcrumb", "footer", "share", "social",
    "comment", "advert", "quangcao", "quang-cao", "related", "tin-khac", "tinkhac",
    "other-news", "tin-lien-quan", "most-read", "popup", "cookie", "pagination", "toolbar",
};

/* Headings that open a list of other articles. Compared after trimming, any case. */
static const char *const boiler_heads[] = {
    "tin khác", "các tin khác", "tin liên quan", "bài viết liên quan", "tin cùng chuyên mục",
    "bài viết khác", "xem thêm", "tin mới", "tin mới nhất", "tin đọc nhiều", "đọc nhiều nhất",
    "tin nổi bật", "chia sẻ", "bình luận", "ý kiến bạn đọc", "liên kết website",
};

static int
in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(s, list[i]) == 0)
            return 1;
    return 0;
}

#define IN(s, list) in_list((s), (list), sizeof(list) / sizeof *(list))

static int
attr_is_furniture(xmlNode *n, const char *attr)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (!v)
        return 0;
    char low[256];
    size_t k = 0;
    for (const xmlChar *p = v; *p && k + 1 < sizeof low; p++)
        low[k++] = (char)tolower(*p);
    low[k] = '\0';
    xmlFree(v);
    for (size_t i = 0; i < sizeof furniture / sizeof *furniture; i++)
        if (strstr(low, furniture[i]))
            return 1;
    return 0;
}

/* Text of a subtree, whitespace collapsed, into out (reset first); *linked gets the bytes
 * inside <a>, *links the number of <a>. Iterative. */
static void
subtree_text(xmlNode *root, text_buf *out, size_t *linked, size_t *links)
{
    text_buf_reset(out);
    *linked = *links = 0;
    int in_a = 0;
    xmlNode *n = root->children;
    while (n) {
        if (n->type == XML_TEXT_NODE && n->content) {
            size_t before = out->len;
            for (const xmlChar *p = n->content; *p; p++) {
                int sp = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
                if (sp && (out->len == 0 || out->ptr[out->len - 1] == ' '))
                    continue;
                if (text_buf_putc(out, sp ? ' ' : (char)*p) != TRACUU_OK)
                    return;
            }
            if (in_a)
                *linked += out->len - before;
        }
        if (n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, "a"))
            (*links)++;
        if (n->children && n->type == XML_ELEMENT_NODE &&
            !IN((const char *)n->name, skip_tags)) {
            if (!strcasecmp((const char *)n->name, "a"))
                in_a++;
            n = n->children;
            continue;
        }
        while (n && !n->next && n != root) {
            n = n->parent;
            if (n && n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, "a"))
                in_a--;
            if (n == root)
                return;
        }
        if (!n || n == root)
            return;
        n = n->next;
    }
}

static char *
trimmed_dup(const char *s, size_t n)
{
    while (n && (*s == ' '))
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

typedef struct html_walk {
    text_buf *out;
    text_buf scratch;
    char *title_tag, *h1;
    tracuu_status st;
} html_walk;

tracuu_status
extract_para_break(text_buf *o)
{
    tracuu_status st = TRACUU_OK;
    while (o->len && o->ptr[o->len - 1] == ' ')
        o->len--;
    if (o->len && !(o->len >= 2 && o->ptr[o->len - 1] == '\n' && o->ptr[o->len - 2] == '\n'))
        st = text_buf_puts(o, o->ptr[o->len - 1] == '\n' ? "\n" : "\n\n");
    if (o->ptr)
        o->ptr[o->len] = '\0';
    return st;
}

static void
para_break(html_walk *w)
{
    tracuu_status st = extract_para_break(w->out);
    if (st != TRACUU_OK)
        w->st = st;
}

static void
put_text(html_walk *w, const xmlChar *p)
{
    text_buf *o = w->out;
    for (; *p && w->st == TRACUU_OK; p++) {
        int sp = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f';
        if (sp && (o->len == 0 || o->ptr[o->len - 1] == ' ' || o->ptr[o->len - 1] == '\n'))
            continue;
        w->st = text_buf_putc(o, sp ? ' ' : (char)*p);
    }
}

/* Should element n (and its subtree) be left out? */
static int
drop_element(html_walk *w, xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (IN(name, skip_tags))
        return 1;
    if (attr_is_furniture(n, "class") || attr_is_furniture(n, "id") ||
        attr_is_furniture(n, "role"))
        return 1;
    if (!IN(name, block_tags) || !strcasecmp(name, "body"))
        return 0;
    size_t linked, links;
    subtree_text(n, &w->scratch, &linked, &links);
    if (links >= 3 && linked * 10 >= w->scratch.len * 7)
        return 1; /* a menu or a list of other articles */
    return 0;
}

/* A heading that starts the "other articles" tail of a container. */
static int
boiler_heading(html_walk *w, xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (!(name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]) &&
        strcasecmp(name, "div") && strcasecmp(name, "p") && strcasecmp(name, "span") &&
        strcasecmp(name, "strong") && strcasecmp(name, "b"))
        return 0;
    size_t linked, links;
    subtree_text(n, &w->scratch, &linked, &links);
    if (w->scratch.len > 40 || !w->scratch.len)
        return 0;
    char *t = trimmed_dup(w->scratch.ptr, w->scratch.len);
    if (!t)
        return 0;
    size_t k = strlen(t);
    while (k && (t[k - 1] == ':' || t[k - 1] == ' '))
        t[--k] = '\0';
    /* Compare lower-cased ASCII and the Vietnamese capitals that occur in these headings. */
    int hit = 0;
    for (size_t i = 0; i < sizeof boiler_heads / sizeof *boiler_heads && !hit; i++)
        hit = !strcasecmp(t, boiler_heads[i]);
    if (!hit && (!strncasecmp(t, "TIN KH", 6) || !strncasecmp(t, "TIN LI", 6) ||
                 !strncasecmp(t, "XEM TH", 6)))
        hit = 1;
    free(t);
    return hit;
}

static void
remember_title(html_walk *w, xmlNode *n, char **slot)
{
    if (*slot)
        return;
    size_t linked, links;
    subtree_text(n, &w->scratch, &linked, &links);
    if (w->scratch.len)
        *slot = trimmed_dup(w->scratch.ptr, w->scratch.len);
}

static void
walk(html_walk *w, xmlNode *root)
{
    xmlNode *n = root;
    while (n && w->st == TRACUU_OK) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            if (!strcasecmp(name, "title")) {
                remember_title(w, n, &w->title_tag);
            } else if (!strcasecmp(name, "head")) {
                /* Nothing in <head> is text, but its <title> is the fallback title. */
                for (xmlNode *c = n->children; c; c = c->next)
                    if (c->type == XML_ELEMENT_NODE && !strcasecmp((const char *)c->name, "title"))
                        remember_title(w, c, &w->title_tag);
            } else if (boiler_heading(w, n)) {
                /* Drop it and the rest of its container. */
                while (n->next)
                    n = n->next;
                goto next;
            } else if (!drop_element(w, n)) {
                if (!strcasecmp(name, "h1"))
                    remember_title(w, n, &w->h1);
                if (!strcasecmp(name, "br"))
                    w->st = text_buf_putc(w->out, '\n');
                else if (IN(name, block_tags))
                    para_break(w);
                else if (!strcasecmp(name, "td") || !strcasecmp(name, "th"))
                    put_text(w, (const xmlChar *)" ");
                descend = n->children != NULL;
            }
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                put_text(w, n->content);
        } else if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE) {
            descend = n->children != NULL;
        }
        if (descend) {
            n = n->children;
            continue;
        }
    next:
        while (n && !n->next) {
            n = n->parent;
            if (n && n->type == XML_ELEMENT_NODE && IN((const char *)n->name, block_tags))
                para_break(w);
            if (n == root)
                return;
        }
        if (!n || n == root)
            return;
        n = n->next;
    }
}

/* <meta> names a page may carry report metadata under, and the front-matter key each
 * becomes (indexer/meta.c reads front matter; docs/METADATA.md). */
static const struct {
    const char *name, *key;
} meta_keys[] = {
    {"commune", "commune"},   {"xa", "commune"},         {"district", "district"},
    {"huyen", "district"},    {"province", "province"},  {"tinh", "province"},
    {"date", "date"},         {"dc.date", "date"},       {"dcterms.date", "date"},
    {"dcterms.created", "date"}, {"article:published_time", "date"}, {"pubdate", "date"},
    {"author", "body"},       {"dc.creator", "body"},    {"co-quan", "body"},
    {"kind", "kind"},         {"loai", "kind"},
};
#define NMETA_KEYS (sizeof meta_keys / sizeof *meta_keys)

/* The page's metadata <meta> tags as a front-matter block ("---\nkey: value\n---\n")
 * at the start of out, so that one reader (meta.c) handles both; the first tag of a key
 * wins. Nothing when the page has none. */
static tracuu_status
meta_front_matter(text_buf *out, xmlNode *root)
{
    xmlNode *html = root ? root->children : NULL;
    while (html && !(html->type == XML_ELEMENT_NODE && !strcasecmp((const char *)html->name, "html")))
        html = html->next;
    xmlNode *head = html ? html->children : NULL;
    while (head && !(head->type == XML_ELEMENT_NODE && !strcasecmp((const char *)head->name, "head")))
        head = head->next;
    if (!head)
        return TRACUU_OK;
    int seen[NMETA_KEYS] = {0};
    size_t lines = 0;
    tracuu_status st = TRACUU_OK;
    for (xmlNode *c = head->children; c && st == TRACUU_OK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcasecmp((const char *)c->name, "meta"))
            continue;
        xmlChar *name = xmlGetProp(c, (const xmlChar *)"name");
        if (!name)
            name = xmlGetProp(c, (const xmlChar *)"property");
        xmlChar *content = xmlGetProp(c, (const xmlChar *)"content");
        for (size_t k = 0; name && content && k < NMETA_KEYS; k++) {
            if (strcasecmp((const char *)name, meta_keys[k].name))
                continue;
            int dup = 0;
            for (size_t j = 0; j < NMETA_KEYS; j++)
                dup |= seen[j] && !strcmp(meta_keys[j].key, meta_keys[k].key);
            if (dup)
                break;
            seen[k] = 1;
            if (!lines++)
                st = text_buf_puts(out, "---\n");
            if (st == TRACUU_OK)
                st = text_buf_printf(out, "%s: ", meta_keys[k].key);
            /* one line; a timestamp's time of day is not the report's date */
            size_t n = strcspn((const char *)content, "\r\n");
            if (!strcmp(meta_keys[k].key, "date") && n > 10 && content[10] == 'T')
                n = 10;
            if (st == TRACUU_OK)
                st = text_buf_put(out, content, n);
            if (st == TRACUU_OK)
                st = text_buf_putc(out, '\n');
            break;
        }
        xmlFree(name);
        xmlFree(content);
    }
    if (lines && st == TRACUU_OK)
        st = text_buf_puts(out, "---\n");
    return st;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void
xml_init(void)
{
    xmlInitParser();
}

tracuu_status
extract_html(text_buf *out, char **title, const char *utf8, size_t len)
{
    *title = NULL;
    if (len > INT32_MAX)
        return TRACUU_ETOOBIG;
    pthread_once(&xml_once, xml_init);
    htmlDocPtr doc = htmlReadMemory(utf8, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        HTML_PARSE_COMPACT);
    if (!doc)
        return TRACUU_OK; /* nothing a parser could make sense of: no text */
    html_walk w = {out, TEXT_BUF_INIT(out->max ? out->max : ((size_t)1 << 30)), NULL, NULL,
                   TRACUU_OK};
    w.st = meta_front_matter(out, (xmlNode *)doc);
    if (w.st == TRACUU_OK)
        walk(&w, (xmlNode *)doc);
    para_break(&w);
    xmlFreeDoc(doc);
    text_buf_free(&w.scratch);
    if (w.st != TRACUU_OK) {
        free(w.title_tag);
        free(w.h1);
        return w.st;
    }
    *title = w.h1 ? w.h1 : w.title_tag;
    if (w.h1)
        free(w.title_tag);
    return TRACUU_OK;
}

/* The charset a page declares in its first bytes (<meta charset=...> or http-equiv
 * content="...; charset=..."), into name; 0 when none. */
static int
declared_charset(const char *raw, size_t len, char *name, size_t namesz)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 < n; i++) {
        if (strncasecmp(raw + i, "charset=", 8) != 0)
            continue;
        size_t k = i + 8;
        while (k < n && (raw[k] == '"' || raw[k] == '\'' || raw[k] == ' '))
            k++;
        size_t m = 0;
        while (k < n && m + 1 < namesz &&
               (isalnum((unsigned char)raw[k]) || raw[k] == '-' || raw[k] == '_'))
            name[m++] = raw[k++];
        name[m] = '\0';
        return m > 0;
    }
    return 0;
}

void
extract_result_free(extract_result *res)
{
    free(res->title);
    free(res->author);
    res->title = res->author = NULL;
}

/* Take a container's metadata into res. */
static void
take_meta(extract_result *res, office_meta *m)
{
    res->title = m->title;
    res->author = m->author;
    memcpy(res->created, m->created, sizeof res->created);
    memcpy(res->modified, m->modified, sizeof res->modified);
    m->title = m->author = NULL;
}

/* The office and PDF formats: the container's own reader, then the line-by-line repair of
 * text typed in legacy fonts that no font name gave away. */
static tracuu_status
extract_container(text_buf *out, extract_result *res, extract_format format, const char *raw,
                  size_t len, int flags, char *err, size_t errsz)
{
    /* trust the bytes over the name: a ".doc" is often RTF, HTML or a DOCX */
    doc_kind k = doc_sniff(raw, len);
    if (format == EXTRACT_DOC && k == DOC_RTF)
        format = EXTRACT_RTF;
    else if ((format == EXTRACT_DOC || format == EXTRACT_RTF) && k == DOC_ZIP)
        format = EXTRACT_DOCX;
    else if (format == EXTRACT_RTF && k == DOC_OLE2)
        format = EXTRACT_DOC;
    res->encoding = extract_format_name(format);
    text_buf t = TEXT_BUF_INIT(out->max);
    office_meta m = {NULL, NULL, "", ""};
    tracuu_status st;
    switch (format) {
    case EXTRACT_DOCX:
    case EXTRACT_ODT:
        st = extract_office(&t, &m, format == EXTRACT_ODT, raw, len, err, errsz);
        res->layout = 1;
        break;
    case EXTRACT_PDF:
        st = extract_pdf(&t, &m, raw, len, flags & EXTRACT_OCR, &res->pages, &res->ocr_pages,
                         err, errsz);
        res->layout = 1;
        break;
    case EXTRACT_DOC:
        st = extract_doc(&t, raw, len, err, errsz);
        break;
    default:
        st = extract_rtf(&t, &m.title, raw, len, err, errsz);
        break;
    }
    if (st == TRACUU_OK)
        st = text_repair_lines(out, t.ptr ? t.ptr : "", t.len, &res->repaired_lines);
    if (st == TRACUU_OK)
        take_meta(res, &m);
    office_meta_free(&m);
    text_buf_free(&t);
    return st;
}

/* Plain text and Markdown: decoded into out, then, when the name says Markdown or the text
 * looks like it, moved aside and read by cmark (under MARKDOWN_MAX: larger files are read as
 * they are), so plain text is never copied twice. */
static tracuu_status
extract_plain(text_buf *out, extract_result *res, extract_format format, const char *raw,
              size_t len, const char *encoding, char *err, size_t errsz)
{
    size_t start = out->len;
    tracuu_status st = text_decode(out, &res->encoding, raw, len, encoding, err, errsz);
    if (st != TRACUU_OK || len > MARKDOWN_MAX)
        return st;
    const char *s = out->ptr ? out->ptr + start : "";
    if (format != EXTRACT_MARKDOWN && !markdown_looks_like(s, out->len - start))
        return TRACUU_OK;
    text_buf t = TEXT_BUF_INIT(out->max);
    st = text_buf_put(&t, s, out->len - start);
    out->len = start;
    if (out->ptr)
        out->ptr[start] = '\0';
    if (st == TRACUU_OK)
        st = markdown_extract(out, &res->title, t.ptr ? t.ptr : "", t.len);
    res->layout = 1;
    text_buf_free(&t);
    return st;
}

tracuu_status
extract_text(text_buf *out, extract_result *res, extract_format format, const char *raw,
             size_t len, const char *encoding, int flags, char *err, size_t errsz)
{
    res->encoding = NULL;
    res->title = res->author = NULL;
    if (format == EXTRACT_TEXT || format == EXTRACT_MARKDOWN)
        return extract_plain(out, res, format, raw, len, encoding, err, errsz);
    if (format != EXTRACT_HTML)
        return extract_container(out, res, format, raw, len, flags, err, errsz);

    char declared[64];
    const char *enc = encoding;
    if ((!enc || !*enc) && declared_charset(raw, len, declared, sizeof declared))
        enc = declared;
    text_buf html = TEXT_BUF_INIT(out->max);
    tracuu_status st = text_decode(&html, &res->encoding, raw, len, enc, err, errsz);
    if (st == TRACUU_EENCODING && enc == declared) {
        /* The page lies about its charset (common with copied templates): detect. */
        text_buf_reset(&html);
        st = text_decode(&html, &res->encoding, raw, len, NULL, err, errsz);
    }
    if (st == TRACUU_OK && res->encoding == declared) {
        snprintf(res->encbuf, sizeof res->encbuf, "%s", declared);
        res->encoding = res->encbuf;
    }
    if (st == TRACUU_OK)
        st = extract_html(out, &res->title, html.ptr ? html.ptr : "", html.len);
    text_buf_free(&html);
    return st;
}
