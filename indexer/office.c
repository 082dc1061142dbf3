/*
 * office.c - text of DOCX and ODT files (office.h): a zip (libzip) holding XML (libxml2).
 *
 * DOCX: word/document.xml, paragraphs <w:p> (headings and list items are paragraphs with a
 * style), runs of text <w:t>, <w:tab/>, <w:br/>; table cells <w:tc> end a paragraph.
 * word/styles.xml says which paragraph styles are headings (an outline level, or a name
 * "heading N"/"Title") and which fonts runs inherit. ODT: content.xml, <text:p> and
 * <text:h>, <text:s/> (spaces), <text:tab/>, <text:line-break/>, table cells likewise;
 * styles from styles.xml and content.xml's automatic styles, fonts through the font-face
 * declarations. Metadata from docProps/core.xml or meta.xml (title, creator, dates).
 *
 * Text in a legacy font (".VnTime" = TCVN3, "VNI-Times" = VNI), whether the run names the
 * font or inherits it from its character style, paragraph style or the document default, is
 * stored by Word and LibreOffice as the Windows-1252 reading of its bytes ("Céng hßa"); it
 * is decoded back per run (text/legacy.h).
 *
 * Hostile files: the member is read only when its stated size and its compression ratio
 * are sane (a zip bomb says 100 MB of zeros in 100 KB), and reading stops at the stated
 * size; libxml2 parses without network, without entity substitution and with its default
 * depth and size limits, so entity expansion and deep nesting fail cleanly. A part with a
 * DTD (<!DOCTYPE ...>) is refused: neither Word nor LibreOffice writes one (OOXML and ODF
 * forbid them), and an entity reference left unsubstituted is a node whose children are the
 * entity's declaration, shared and outside the tree, where a walk that climbs by parent
 * pointers never ends (one "&e;" made an ODT hang and a DOCX eat 280 MB). The walks also
 * treat entity references as leaves, so no tree can lead them outside the part.
 */
#include "office.h"

#include "extract.h"
#include "layout.h"
#include "legacy.h"

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

static int
named(const xmlNode *n, const char *ns_prefix, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local) &&
           n->ns && n->ns->prefix && !strcmp((const char *)n->ns->prefix, ns_prefix);
}

/* libxml2 reports some errors (encoding conversion) through its generic handler even with
 * XML_PARSE_NOERROR: a bad file is reported once, by its caller, not on stderr here. */
static void
quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

#define WHY_NOT_XML "not well-formed XML"
#define WHY_DTD "has a DTD (<!DOCTYPE>): entity declarations are not accepted in office files"

/* Parse XML with no network, no entity substitution and libxml2's default limits (no
 * XML_PARSE_HUGE), silently; NULL when it is not well-formed or has a DTD (see the top of
 * the file), *why (may be NULL) then says which. */
static xmlDocPtr
parse_xml(const char *xml, size_t n, const char **why)
{
    if (why)
        *why = WHY_NOT_XML;
    if (n > INT32_MAX)
        return NULL;
    xmlGenericErrorFunc old = xmlGenericError;
    void *oldctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlDocPtr d = xmlReadMemory(xml, (int)n, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(oldctx, old);
    if (d && (d->intSubset || d->extSubset)) {
        xmlFreeDoc(d);
        if (why)
            *why = WHY_DTD;
        return NULL;
    }
    return d;
}

/* Next node of a depth-first walk of the subtree under root, without recursion (a deep file
 * must not exhaust the stack); descend = 0 skips n's children. */
static xmlNode *
next_node(xmlNode *n, const xmlNode *root, int descend)
{
    /* An entity reference's children belong to the DTD, not to this tree: never enter. */
    if (descend && n->children && n->type != XML_ENTITY_REF_NODE)
        return n->children;
    while (n && n != root && !n->next)
        n = n->parent;
    return n && n != root ? n->next : NULL;
}

/* ---- styles: which paragraphs are headings, which text is typed in a legacy font ------ */

/* A style's font: unset (inherit), a Unicode font, or a legacy_enc (>= 0). */
#define FONT_UNSET (-2)
#define FONT_UNICODE (-1)

typedef struct ostyle {
    char *name, *parent;
    int font;
    int heading; /* 1: a heading style; 0: not; -1: unset */
} ostyle;

typedef struct styles {
    ostyle *v;
    size_t n, cap;
    int default_font;
    char **faces; /* ODT: font-face name, its family, name, family... */
    size_t nfaces, facecap;
} styles;

static void
styles_free(styles *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name);
        free(s->v[i].parent);
    }
    for (size_t i = 0; i < s->nfaces; i++)
        free(s->faces[i]);
    free(s->v);
    free(s->faces);
}

/* Attribute prefix:local of n, owned (free()), or NULL. */
static char *
attr(const xmlNode *n, const char *prefix, const char *local)
{
    for (xmlAttr *a = n ? n->properties : NULL; a; a = a->next) {
        if (strcmp((const char *)a->name, local) || !a->ns || !a->ns->prefix ||
            strcmp((const char *)a->ns->prefix, prefix))
            continue;
        xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
        char *d = v ? strdup((const char *)v) : NULL;
        xmlFree(v);
        return d;
    }
    return NULL;
}

static const xmlNode *
child(const xmlNode *n, const char *prefix, const char *local)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, prefix, local))
            return c;
    return NULL;
}

/* A font family as written ("'.VnTime'", "VNI-Times, serif") -> its encoding. */
static int
font_of_family(const char *family)
{
    if (!family)
        return FONT_UNSET;
    char buf[128];
    size_t k = 0;
    while (*family == '\'' || *family == '"' || *family == ' ')
        family++;
    while (*family && *family != '\'' && *family != '"' && *family != ',' && k + 1 < sizeof buf)
        buf[k++] = *family++;
    buf[k] = '\0';
    int e = legacy_font_encoding(buf);
    return e >= 0 ? e : FONT_UNICODE;
}

/* The font a DOCX run or style properties element (<w:rPr>) sets: <w:rFonts>' ASCII and
 * high-ANSI fonts decide; a theme font is a Unicode one. */
static int
docx_rfonts(const xmlNode *rpr)
{
    const xmlNode *f = child(rpr, "w", "rFonts");
    static const char *const names[] = {"ascii", "hAnsi", "asciiTheme", "hAnsiTheme"};
    int font = FONT_UNSET;
    for (size_t a = 0; f && a < 4 && font < 0; a++) {
        char *v = attr(f, "w", names[a]);
        if (v)
            font = a < 2 ? font_of_family(v) : FONT_UNICODE;
        free(v);
    }
    return font;
}

/* The family an ODT font-face name stands for (the name itself when undeclared). */
static const char *
odt_family(const styles *s, const char *face)
{
    for (size_t i = 0; face && i + 1 < s->nfaces; i += 2)
        if (!strcmp(s->faces[i], face))
            return s->faces[i + 1];
    return face;
}

/* The font ODT text properties (<style:text-properties>) set. */
static int
odt_font(const styles *s, const xmlNode *props)
{
    if (!props)
        return FONT_UNSET;
    char *face = attr(props, "style", "font-name");
    int font = face ? font_of_family(odt_family(s, face)) : FONT_UNSET;
    free(face);
    if (font == FONT_UNSET) {
        char *fam = attr(props, "fo", "font-family");
        font = fam ? font_of_family(fam) : FONT_UNSET;
        free(fam);
    }
    return font;
}

static const ostyle *
style_find(const styles *s, const char *name)
{
    for (size_t i = 0; name && i < s->n; i++)
        if (!strcmp(s->v[i].name, name))
            return &s->v[i];
    return NULL;
}

/* A style's font and heading-ness through its parents (16 deep at most: loops end). */
static int
style_font(const styles *s, const char *name)
{
    const ostyle *st = style_find(s, name);
    for (int d = 0; st && d < 16; d++, st = style_find(s, st->parent))
        if (st->font != FONT_UNSET)
            return st->font;
    return FONT_UNSET;
}

static int
style_heading(const styles *s, const char *name)
{
    const ostyle *st = style_find(s, name);
    for (int d = 0; st && d < 16; d++, st = style_find(s, st->parent))
        if (st->heading >= 0)
            return st->heading;
    return 0;
}

/* v (of *cap elements) with room for `more` after `used`, or NULL (v untouched) when it
 * cannot grow: style tables are refinements, not the text, so one that cannot grow just
 * stops growing. */
static void *
room(void *v, size_t *cap, size_t used, size_t more, size_t elem)
{
    if (used + more <= *cap)
        return v;
    size_t ncap = *cap ? *cap * 2 : 32;
    void *nv = ncap < 100000 ? realloc(v, ncap * elem) : NULL;
    if (nv)
        *cap = ncap;
    return nv;
}

/* Add a style / a font face (takes the strings). */
static void
style_add(styles *s, char *name, char *parent, int font, int heading)
{
    ostyle *v = name ? room(s->v, &s->cap, s->n, 1, sizeof *v) : NULL;
    if (!v) {
        free(name);
        free(parent);
        return;
    }
    s->v = v;
    s->v[s->n++] = (ostyle){name, parent, font, heading};
}

static void
face_add(styles *s, char *name, char *family)
{
    char **v = name && family ? room(s->faces, &s->facecap, s->nfaces, 2, sizeof *v) : NULL;
    if (!v) {
        free(name);
        free(family);
        return;
    }
    s->faces = v;
    s->faces[s->nfaces++] = name;
    s->faces[s->nfaces++] = family;
}

/* Read the styles of a parsed styles part (DOCX word/styles.xml; ODT styles.xml or
 * content.xml, whose automatic styles count too). */
static void
styles_read(styles *s, xmlNode *root, int odt)
{
    for (xmlNode *n = root; n; n = next_node(n, root, 1)) {
        if (!odt && named(n, "w", "rPrDefault")) {
            int f = docx_rfonts(child(n, "w", "rPr"));
            if (f != FONT_UNSET)
                s->default_font = f;
        } else if (!odt && named(n, "w", "style")) {
            char *nm = attr(child(n, "w", "name"), "w", "val");
            int heading = -1;
            if (nm)
                heading = !strncasecmp(nm, "heading", 7) || !strcasecmp(nm, "title");
            free(nm);
            const xmlNode *ppr = child(n, "w", "pPr");
            char *lvl = attr(child(ppr, "w", "outlineLvl"), "w", "val");
            if (lvl && atoi(lvl) >= 0 && atoi(lvl) < 9)
                heading = 1;
            free(lvl);
            style_add(s, attr(n, "w", "styleId"), attr(child(n, "w", "basedOn"), "w", "val"),
                      docx_rfonts(child(n, "w", "rPr")), heading);
        } else if (odt && named(n, "style", "font-face")) {
            face_add(s, attr(n, "style", "name"), attr(n, "svg", "font-family"));
        } else if (odt && (named(n, "style", "style") || named(n, "style", "default-style"))) {
            int font = odt_font(s, child(n, "style", "text-properties"));
            if (named(n, "style", "default-style")) {
                char *fam = attr(n, "style", "family");
                if (fam && !strcmp(fam, "paragraph") && font != FONT_UNSET)
                    s->default_font = font;
                free(fam);
                continue;
            }
            char *lvl = attr(n, "style", "default-outline-level");
            int heading = lvl && atoi(lvl) > 0 ? 1 : -1;
            free(lvl);
            style_add(s, attr(n, "style", "name"), attr(n, "style", "parent-style-name"), font,
                      heading);
        }
    }
}

/* ---- the document part ---------------------------------------------------------------- */

typedef struct walk {
    text_buf *out;
    int odt;
    const styles *styles;
    tracuu_status st;
} walk;

static void
para_break(walk *w)
{
    tracuu_status st = extract_para_break(w->out);
    if (st != TRACUU_OK)
        w->st = st;
}

/* The style a DOCX paragraph or run names in its properties (pPr/pStyle, rPr/rStyle). */
static char *
docx_style(const xmlNode *n, const char *props, const char *style)
{
    return attr(child(child(n, "w", props), "w", style), "w", "val");
}

/* The font of the text in element `in` (a DOCX run <w:r>; in ODT the element holding the
 * text): the run's own font, its character style, its paragraph's style, the document
 * default (DOCX); the innermost span or paragraph style that sets one (ODT). */
static int
font_at(const walk *w, const xmlNode *in)
{
    int font = FONT_UNSET;
    if (!w->odt) {
        const xmlNode *run = in;
        if (!named(run, "w", "r"))
            return FONT_UNSET;
        font = docx_rfonts(child(run, "w", "rPr"));
        if (font == FONT_UNSET) {
            char *rs = docx_style(run, "rPr", "rStyle");
            font = style_font(w->styles, rs);
            free(rs);
        }
        const xmlNode *p = run->parent;
        while (p && !named(p, "w", "p"))
            p = p->parent;
        if (font == FONT_UNSET && p) {
            char *ps = docx_style(p, "pPr", "pStyle");
            font = style_font(w->styles, ps);
            free(ps);
        }
    } else {
        for (const xmlNode *p = in; p && font == FONT_UNSET; p = p->parent) {
            char *sn = attr(p, "text", "style-name");
            font = style_font(w->styles, sn);
            free(sn);
            if (named(p, "text", "p") || named(p, "text", "h"))
                break;
        }
    }
    return font == FONT_UNSET ? w->styles->default_font : font;
}

/* Is element n a heading paragraph? */
static int
heading_at(const walk *w, const xmlNode *n)
{
    if (w->odt) {
        if (named(n, "text", "h"))
            return 1;
        if (!named(n, "text", "p"))
            return 0;
        char *sn = attr(n, "text", "style-name");
        int h = style_heading(w->styles, sn);
        free(sn);
        return h;
    }
    if (!named(n, "w", "p"))
        return 0;
    const xmlNode *ppr = child(n, "w", "pPr");
    char *lvl = attr(child(ppr, "w", "outlineLvl"), "w", "val");
    int h = lvl && atoi(lvl) >= 0 && atoi(lvl) < 9;
    free(lvl);
    if (!h) {
        char *ps = docx_style(n, "pPr", "pStyle");
        h = style_heading(w->styles, ps);
        free(ps);
    }
    return h;
}

/* Text s, in element `in` (font_at). */
static void
put_text(walk *w, const xmlNode *in, const char *s)
{
    int font = font_at(w, in);
    if (font >= 0)
        w->st = legacy_redecode(w->out, (legacy_enc)font, s, strlen(s));
    else
        w->st = text_buf_puts(w->out, s);
}

static void
walk_tree(walk *w, xmlNode *root)
{
    const char *ns = w->odt ? "text" : "w";
    xmlNode *n = root;
    while (n && w->st == TRACUU_OK) {
        int descend = 1;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            /* DOCX keeps text in <w:t> only; ODT's text nodes are the text */
            if (n->content && w->odt)
                put_text(w, n->parent, (const char *)n->content);
            else if (n->content && named(n->parent, "w", "t"))
                put_text(w, n->parent->parent, (const char *)n->content);
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
            else if (!w->odt && named(n, "w", "softHyphen") && font_at(w, n->parent) >= 0)
                put_text(w, n->parent, "\xC2\xAD"); /* byte 0xAD: TCVN3's "ư" */
            else if (heading_at(w, n))
                w->st = layout_put_heading(w->out);
        }
        if (descend && n->children && n->type != XML_ENTITY_REF_NODE) {
            n = n->children; /* (an entity reference's children are outside the tree) */
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

/* The document part's text; st: the styles its paragraphs and runs refer to. *why: the
 * reason of a TRACUU_EENCODING (parse_xml). */
static tracuu_status
document_text(text_buf *out, int odt, const char *xml, size_t n, styles *st, const char **why)
{
    if (n > INT32_MAX)
        return TRACUU_ETOOBIG;
    xmlDocPtr d = parse_xml(xml, n, why);
    if (!d)
        return TRACUU_EENCODING;
    if (odt) /* content.xml carries its own automatic styles */
        styles_read(st, xmlDocGetRootElement(d), 1);
    walk w = {out, odt, st, TRACUU_OK};
    walk_tree(&w, xmlDocGetRootElement(d));
    para_break(&w);
    xmlFreeDoc(d);
    return w.st;
}

tracuu_status
extract_office_xml(text_buf *out, int odt, const char *xml, size_t n)
{
    styles st = {NULL, 0, 0, FONT_UNSET, NULL, 0, 0};
    if (!odt) { /* the fuzzer's one input is both the styles and the document */
        xmlDocPtr d = parse_xml(xml, n, NULL);
        if (d)
            styles_read(&st, xmlDocGetRootElement(d), 0);
        xmlFreeDoc(d);
    }
    const char *why = NULL;
    tracuu_status r = document_text(out, odt, xml, n, &st, &why);
    styles_free(&st);
    return r;
}

/* ---- metadata ------------------------------------------------------------------------- */

/* A date-time ("2021-03-15T08:30:00Z") as its day "2021-03-15" into out[11]; "" else. */
static void
day_of(char out[11], const char *v)
{
    out[0] = '\0';
    if (v && strlen(v) >= 10 && v[4] == '-' && v[7] == '-') {
        memcpy(out, v, 10);
        out[10] = '\0';
    }
}

/* Title, author and dates from core.xml (DOCX) or meta.xml (ODT). */
static void
read_meta(office_meta *m, const char *xml, size_t len)
{
    xmlDocPtr d = parse_xml(xml, len, NULL);
    xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    for (xmlNode *n = root; n; n = next_node(n, root, 1)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        char **slot = NULL;
        char *day = NULL;
        if (named(n, "dc", "title"))
            slot = &m->title;
        else if (named(n, "dc", "creator") || named(n, "meta", "initial-creator"))
            slot = &m->author;
        else if (named(n, "dcterms", "created") || named(n, "meta", "creation-date"))
            day = m->created;
        else if (named(n, "dcterms", "modified") || named(n, "dc", "date"))
            day = m->modified;
        if (!slot && !day)
            continue;
        xmlChar *c = xmlNodeGetContent(n);
        if (slot && !*slot && c && *c)
            *slot = strdup((const char *)c);
        if (day && !day[0])
            day_of(day, (const char *)c);
        xmlFree(c);
    }
    xmlFreeDoc(d);
}

void
office_meta_free(office_meta *m)
{
    free(m->title);
    free(m->author);
    m->title = m->author = NULL;
}

tracuu_status
extract_office(text_buf *out, office_meta *meta, int odt, const char *raw, size_t len,
               char *err, size_t errsz)
{
    memset(meta, 0, sizeof *meta);
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
    styles sty = {NULL, 0, 0, FONT_UNSET, NULL, 0, 0};
    char merr[256];
    size_t n = 0;
    /* Styles first: the document refers to them. Missing or damaged styles only cost the
     * headings and inherited fonts. */
    char *sx = member(z, odt ? "styles.xml" : "word/styles.xml", &n, merr, sizeof merr, 0);
    xmlDocPtr sd = sx ? parse_xml(sx, n, NULL) : NULL;
    if (sd)
        styles_read(&sty, xmlDocGetRootElement(sd), odt);
    xmlFreeDoc(sd);
    free(sx);
    char *xml = member(z, odt ? "content.xml" : "word/document.xml", &n, err, errsz, 1);
    tracuu_status st = xml ? TRACUU_OK : TRACUU_EENCODING;
    if (st == TRACUU_OK) {
        const char *why = WHY_NOT_XML;
        st = document_text(out, odt, xml, n, &sty, &why);
        if (st == TRACUU_EENCODING)
            snprintf(err, errsz, "%s: %s", odt ? "content.xml" : "word/document.xml", why);
    }
    free(xml);
    styles_free(&sty);
    if (st == TRACUU_OK) {
        char *mx = member(z, odt ? "meta.xml" : "docProps/core.xml", &n, merr, sizeof merr, 0);
        if (mx)
            read_meta(meta, mx, n);
        free(mx);
    }
    zip_discard(z);
    return st;
}
