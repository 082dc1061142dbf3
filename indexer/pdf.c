/*
 * pdf.c - PDF text through poppler-glib (pdf.h).
 *
 * poppler runs only in the child (helper_call): a PDF that crashes, hangs or balloons it
 * costs that file. The child writes a small header ("key<TAB>value" lines: title, author,
 * created, modified, pages, textless, ocr; then an empty line) and the text with layout
 * marks; the parent reads it back.
 *
 * Lines come from poppler_page_get_text() (reading order, columns one after another) with
 * one rectangle per character (poppler_page_get_text_layout) and font runs
 * (poppler_page_get_text_attributes). Paragraph breaks are inferred as a reader does:
 * a vertical gap of half a line or more, a first-line indent, a short line that ends a
 * sentence, a jump to another column or page unless the sentence plainly goes on (no final
 * punctuation, next line in lower case).
 */
#include "pdf.h"

#include "helper.h"
#include "layout.h"
#include "legacy.h"

#include <cairo.h>
#include <ctype.h>
#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Rendering for OCR: 300 dpi, but no page larger than this many pixels. */
#define OCR_DPI 300.0
#define OCR_MAX_PIXELS (60.0 * 1000 * 1000)

typedef struct pline {
    char *text; /* owned, UTF-8, legacy runs decoded */
    double x1, y1, x2, y2;
    double size; /* largest font size on the line */
    int bold;    /* every run on it is bold */
    unsigned page;
    int drop; /* DROP_NUMBER, DROP_RUNNING or 0 */
} pline;

enum { DROP_NUMBER = 1, DROP_RUNNING = 2 };

typedef struct plines {
    pline *v;
    size_t n, cap;
} plines;

static int
lines_push(plines *ls, pline l)
{
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 256;
        pline *v = realloc(ls->v, cap * sizeof *v);
        if (!v)
            return -1;
        ls->v = v;
        ls->cap = cap;
    }
    ls->v[ls->n++] = l;
    return 0;
}

/* UTF-8 length of the character starting with byte c. */
static size_t
u8len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* ---- one page -> lines ----------------------------------------------------------------- */

/* Per character of the page text: its legacy encoding (-1: none) and boldness / size, from
 * poppler's font runs. */
typedef struct charinfo {
    signed char enc;
    unsigned char bold;
    float size;
} charinfo;

static charinfo *
char_fonts(PopplerPage *page, size_t nchars)
{
    charinfo *ci = calloc(nchars ? nchars : 1, sizeof *ci);
    if (!ci)
        return NULL;
    for (size_t i = 0; i < nchars; i++)
        ci[i].enc = -1;
    GList *attrs = poppler_page_get_text_attributes(page);
    for (GList *l = attrs; l; l = l->next) {
        PopplerTextAttributes *a = l->data;
        int enc = legacy_font_encoding(a->font_name);
        int bold = a->font_name && (strstr(a->font_name, "Bold") || strstr(a->font_name, "bold"));
        for (gint k = a->start_index; k >= 0 && k <= a->end_index && (size_t)k < nchars; k++) {
            ci[k].enc = (signed char)enc;
            ci[k].bold = (unsigned char)bold;
            ci[k].size = (float)a->font_size;
        }
    }
    poppler_page_free_text_attributes(attrs);
    return ci;
}

/* Append s[0..n) to out, decoded from enc when enc >= 0. */
static int
put_run(text_buf *out, const char *s, size_t n, int enc)
{
    tracuu_status st = enc >= 0 ? legacy_redecode(out, (legacy_enc)enc, s, n)
                                : text_buf_put(out, s, n);
    return st == TRACUU_OK ? 0 : -1;
}

static int
page_lines(PopplerPage *page, unsigned pno, plines *ls, size_t *chars)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    if (!text)
        return 0;
    poppler_page_get_text_layout(page, &rects, &nrects);
    size_t len = strlen(text), nchars = 0;
    for (size_t i = 0; i < len; i += u8len((unsigned char)text[i]))
        nchars++;
    charinfo *ci = char_fonts(page, nchars);
    int rc = ci ? 0 : -1;
    text_buf line = TEXT_BUF_INIT((size_t)1 << 26);
    size_t ch = 0;
    for (size_t i = 0; i <= len && rc == 0;) {
        /* one line: [i, e) */
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        pline pl = {NULL, 1e9, 1e9, -1e9, -1e9, 0, 1, pno, 0};
        size_t run_start = i, c = ch;
        int run_enc = -1, visible = 0;
        text_buf_reset(&line);
        for (size_t k = i; k < e && rc == 0; k += u8len((unsigned char)text[k]), c++) {
            int enc = c < nchars ? ci[c].enc : -1;
            if (enc != run_enc) {
                if (k > run_start)
                    rc = put_run(&line, text + run_start, k - run_start, run_enc);
                run_start = k;
                run_enc = enc;
            }
            if (text[k] == ' ' || text[k] == '\t' || text[k] == '\r')
                continue;
            visible++;
            if (c < nrects) {
                PopplerRectangle *r = &rects[c];
                pl.x1 = r->x1 < pl.x1 ? r->x1 : pl.x1;
                pl.y1 = r->y1 < pl.y1 ? r->y1 : pl.y1;
                pl.x2 = r->x2 > pl.x2 ? r->x2 : pl.x2;
                pl.y2 = r->y2 > pl.y2 ? r->y2 : pl.y2;
            }
            if (c < nchars) {
                pl.size = (double)ci[c].size > pl.size ? (double)ci[c].size : pl.size;
                pl.bold &= ci[c].bold;
            }
        }
        if (rc == 0 && e > run_start)
            rc = put_run(&line, text + run_start, e - run_start, run_enc);
        c += e < len; /* the newline has a character slot too */
        ch = c;
        if (rc == 0 && visible) {
            /* trim and keep */
            size_t a = 0, b = line.len;
            while (a < b && (line.ptr[a] == ' ' || line.ptr[a] == '\t' || line.ptr[a] == '\r'))
                a++;
            while (b > a && (line.ptr[b - 1] == ' ' || line.ptr[b - 1] == '\t' || line.ptr[b - 1] == '\r'))
                b--;
            pl.text = strndup(line.ptr + a, b - a);
            if (pl.y2 < pl.y1) { /* no geometry: stack lines evenly */
                pl.y1 = (double)ls->n * 14, pl.y2 = pl.y1 + 12, pl.x1 = 0, pl.x2 = 500;
            }
            if (!pl.text || lines_push(ls, pl) != 0) {
                free(pl.text);
                rc = -1;
            }
            *chars += (size_t)visible;
        }
        i = e + 1;
    }
    text_buf_free(&line);
    free(ci);
    g_free(rects);
    g_free(text);
    return rc;
}

/* ---- running headers and footers ------------------------------------------------------ */

/* The first and last EDGE lines of each page are where running heads and feet live. */
#define EDGE 2

typedef struct edge_line {
    char key[160];
    size_t line;
    unsigned page;
} edge_line;

static int
edge_cmp(const void *a, const void *b)
{
    const edge_line *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->page > y->page) - (x->page < y->page);
}

/* Pages whose every line was marked leave nothing behind: there the "running" lines are
 * the page's text (a long document whose pages each hold one line that differs from page
 * to page only by a number), so they stay. Bare page numbers still go. */
static void
keep_whole_pages(plines *ls)
{
    for (size_t i = 0; i < ls->n;) {
        size_t end = i;
        int kept = 0;
        while (end < ls->n && ls->v[end].page == ls->v[i].page)
            kept |= ls->v[end++].drop == 0;
        for (size_t k = i; k < end && !kept; k++)
            if (ls->v[k].drop == DROP_RUNNING)
                ls->v[k].drop = 0;
        i = end;
    }
}

/* Mark bare page numbers at a page's edge, and any line that sits at the edge of at least
 * half the pages with text (at least two): the running header and footer. */
static void
drop_running(plines *ls)
{
    edge_line *e = calloc(ls->n ? ls->n : 1, sizeof *e);
    if (!e)
        return; /* headers stay in: a cosmetic loss */
    size_t ne = 0;
    unsigned text_pages = 0;
    for (size_t i = 0; i < ls->n;) {
        size_t end = i;
        while (end < ls->n && ls->v[end].page == ls->v[i].page)
            end++;
        text_pages++;
        for (size_t k = i; k < end; k++) {
            if (k >= i + EDGE && k + EDGE < end)
                continue;
            layout_line_key(e[ne].key, sizeof e[ne].key, ls->v[k].text);
            if (layout_page_number_key(e[ne].key)) {
                ls->v[k].drop = DROP_NUMBER;
                continue;
            }
            e[ne].line = k;
            e[ne].page = ls->v[k].page;
            ne++;
        }
        i = end;
    }
    if (ne)
        qsort(e, ne, sizeof *e, edge_cmp);
    for (size_t i = 0; i < ne;) {
        size_t j = i;
        unsigned pages = 0;
        for (; j < ne && !strcmp(e[j].key, e[i].key); j++)
            pages += j == i || e[j].page != e[j - 1].page;
        if (text_pages >= 2 && pages >= 2 && pages * 2 >= text_pages)
            for (size_t k = i; k < j; k++)
                ls->v[e[k].line].drop = DROP_RUNNING;
        i = j;
    }
    free(e);
    keep_whole_pages(ls);
}

/* ---- lines -> paragraphs -------------------------------------------------------------- */

static int
ends_sentence(const char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '"' || s[n - 1] == ')' || s[n - 1] == '\''))
        n--;
    return n && strchr(".:;!?", s[n - 1]);
}

/* Does the line begin with a lower-case letter (ASCII or a Vietnamese one)? */
static int
starts_lower(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80)
        return islower(c);
    /* Latin-1 lower case (C3 A0-BF), ă đ ĩ ũ ơ ư (C4/C5/C6 odd), U+1EA0-1EF9 odd */
    if (c == 0xC3)
        return (unsigned char)s[1] >= 0xA0;
    if (c == 0xC4 || c == 0xC5 || c == 0xC6)
        return ((unsigned char)s[1] & 1) || (unsigned char)s[1] == 0xB0;
    if (c == 0xE1 && ((unsigned char)s[1] == 0xBA || (unsigned char)s[1] == 0xBB))
        return (unsigned char)s[2] & 1;
    return 0;
}

/* Join line s to paragraph p: a word hyphenated at the line end is joined ("phát-\ntriển"
 * -> "pháttriển" is wrong for Vietnamese, so only a lower-case continuation after a
 * letter joins without the hyphen; "25-\nNQ/TW" keeps it); else one space. */
static int
join_line(text_buf *p, const char *s)
{
    if (p->len >= 2 && p->ptr[p->len - 1] == '-' && p->ptr[p->len - 2] != ' ') {
        char before = p->ptr[p->len - 2];
        if (isalpha((unsigned char)before) && starts_lower(s) && (before < 'A' || before > 'Z'))
            p->len--; /* a hyphenated word */
        return text_buf_puts(p, s) == TRACUU_OK ? 0 : -1;
    }
    if (p->len && text_buf_putc(p, ' ') != TRACUU_OK)
        return -1;
    return text_buf_puts(p, s) == TRACUU_OK ? 0 : -1;
}

/* The font size most of the text is set in (by characters). */
static double
body_size(const plines *ls)
{
    double best = 0;
    size_t best_n = 0;
    for (size_t i = 0; i < ls->n; i++) {
        size_t n = 0;
        for (size_t j = 0; j < ls->n; j++)
            if (ls->v[j].size > ls->v[i].size - 0.25 && ls->v[j].size < ls->v[i].size + 0.25)
                n += strlen(ls->v[j].text);
        if (n > best_n) {
            best_n = n;
            best = ls->v[i].size;
        }
        if (i > 400)
            break; /* a sample decides */
    }
    return best;
}

static int
flush_para(text_buf *out, text_buf *para, unsigned page, unsigned *marked, int heading)
{
    if (!para->len)
        return 0;
    tracuu_status st = TRACUU_OK;
    if (page != *marked) {
        st = layout_put_page(out, page);
        *marked = page;
    }
    if (st == TRACUU_OK && heading)
        st = layout_put_heading(out);
    if (st == TRACUU_OK)
        st = text_buf_put(out, para->ptr, para->len);
    if (st == TRACUU_OK)
        st = text_buf_puts(out, "\n\n");
    text_buf_reset(para);
    return st == TRACUU_OK ? 0 : -1;
}

static int
paragraphs(const plines *ls, text_buf *out)
{
    text_buf para = TEXT_BUF_INIT((size_t)1 << 26);
    double body = body_size(ls);
    unsigned marked = 0, para_page = 0;
    size_t para_lines = 0;
    int para_heading = 0, rc = 0;
    const pline *prev = NULL;
    double col_left = 0, col_right = 0;
    for (size_t i = 0; i < ls->n && rc == 0; i++) {
        const pline *l = &ls->v[i];
        if (l->drop)
            continue;
        int brk = 0;
        double lh = prev ? prev->y2 - prev->y1 : 0;
        if (lh <= 0)
            lh = 12;
        int heading = body > 0 && (l->size >= body * 1.15 || (l->bold && strlen(l->text) < 120));
        if (!prev) {
            brk = 1;
        } else if (l->page != prev->page || l->y1 < prev->y1 - lh * 0.5 ||
                   l->x1 > prev->x2 + lh) {
            /* another page or column: the sentence may go on */
            brk = ends_sentence(prev->text) || !starts_lower(l->text);
            col_left = l->x1;
            col_right = l->x2;
        } else {
            double gap = l->y1 - prev->y2;
            col_left = l->x1 < col_left ? l->x1 : col_left;
            col_right = l->x2 > col_right ? l->x2 : col_right;
            brk = gap > lh * 0.45 ||                              /* spacing */
                  (l->x1 > col_left + lh * 0.8 && !starts_lower(l->text)) || /* indent */
                  (prev->x2 < col_right - lh * 3 &&
                   (ends_sentence(prev->text) || !starts_lower(l->text))) || /* short */
                  heading != para_heading;
        }
        if (brk) {
            rc = flush_para(out, &para, para_page, &marked, para_heading && para_lines <= 2);
            para_page = l->page;
            para_lines = 0;
            para_heading = heading;
            if (!prev) {
                col_left = l->x1;
                col_right = l->x2;
            }
        }
        if (rc == 0)
            rc = join_line(&para, l->text);
        para_lines++;
        prev = l;
    }
    if (rc == 0)
        rc = flush_para(out, &para, para_page, &marked, para_heading && para_lines <= 2);
    text_buf_free(&para);
    return rc;
}

/* ---- OCR ------------------------------------------------------------------------------ */

static cairo_status_t
png_write(void *closure, const unsigned char *data, unsigned int length)
{
    return text_buf_put(closure, data, length) == TRACUU_OK ? CAIRO_STATUS_SUCCESS
                                                           : CAIRO_STATUS_WRITE_ERROR;
}

/* The page read by tesseract (Vietnamese model), appended to out; -1 with a message on
 * standard error. */
static int
ocr_page(PopplerPage *page, unsigned pno, text_buf *out)
{
    double w, h;
    poppler_page_get_size(page, &w, &h);
    double scale = OCR_DPI / 72.0;
    if (w * h * scale * scale > OCR_MAX_PIXELS)
        scale = sqrt(OCR_MAX_PIXELS / (w * h));
    int pw = (int)(w * scale), ph = (int)(h * scale);
    if (pw <= 0 || ph <= 0)
        return 0;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render_for_printing(page, cr);
    cairo_destroy(cr);
    text_buf png = TEXT_BUF_INIT((size_t)1 << 30);
    int rc = cairo_surface_write_to_png_stream(s, png_write, &png) == CAIRO_STATUS_SUCCESS ? 0 : -1;
    cairo_surface_destroy(s);
    text_buf txt = TEXT_BUF_INIT((size_t)1 << 26);
    char err[512] = "";
    if (rc == 0) {
        static const char *const argv[] = {"tesseract", "stdin", "stdout", "-l", "vie", NULL};
        helper_limits lim = helper_default_limits();
        if (helper_run(argv, png.ptr, png.len, &lim, &txt, err, sizeof err) != TRACUU_OK) {
            dprintf(2, "OCR of page %u: %s%s\n", pno, err,
                    strstr(err, "not installed") || strstr(err, "vie")
                        ? " (needs tesseract-ocr and tesseract-ocr-vie)"
                        : "");
            rc = -1;
        }
    }
    if (rc == 0 && txt.len) {
        rc = layout_put_page(out, pno) == TRACUU_OK ? 0 : -1;
        if (rc == 0)
            rc = text_buf_put(out, txt.ptr, txt.len) == TRACUU_OK ? 0 : -1;
        if (rc == 0)
            rc = text_buf_puts(out, "\n\n") == TRACUU_OK ? 0 : -1;
    }
    text_buf_free(&png);
    text_buf_free(&txt);
    return rc;
}

/* ---- the child ------------------------------------------------------------------------ */

typedef struct pdf_job {
    int ocr;
} pdf_job;

/* A metadata value on one header line: tabs and line breaks become spaces. */
static void
put_field(text_buf *h, const char *key, const char *v)
{
    if (!v || !*v)
        return;
    text_buf_puts(h, key);
    text_buf_putc(h, '\t');
    for (; *v; v++)
        text_buf_putc(h, *v == '\t' || *v == '\n' || *v == '\r' ? ' ' : *v);
    text_buf_putc(h, '\n');
}

static void
put_date(text_buf *h, const char *key, GDateTime *dt)
{
    if (!dt)
        return;
    gchar *s = g_date_time_format(dt, "%Y-%m-%d");
    put_field(h, key, s);
    g_free(s);
    g_date_time_unref(dt);
}

static int
write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int
pdf_child(void *ctx, const char *in, size_t n)
{
    const pdf_job *job = ctx;
    GError *e = NULL;
    GBytes *bytes = g_bytes_new_static(in, n);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &e);
    if (!doc) {
        int enc = e && e->domain == POPPLER_ERROR && e->code == POPPLER_ERROR_ENCRYPTED;
        dprintf(2, "%s%s\n", enc ? "encrypted (password protected): cannot be read" : "not a readable PDF: ",
                enc ? "" : e && e->message ? e->message : "damaged");
        return 3;
    }
    text_buf head = TEXT_BUF_INIT((size_t)1 << 20), body = TEXT_BUF_INIT((size_t)1 << 30);
    plines ls = {NULL, 0, 0};
    int np = poppler_document_get_n_pages(doc), rc = 0;
    unsigned textless = 0, ocred = 0;
    gchar *title = poppler_document_get_title(doc), *author = poppler_document_get_author(doc);
    put_field(&head, "title", title);
    put_field(&head, "author", author);
    put_date(&head, "created", poppler_document_get_creation_date_time(doc));
    put_date(&head, "modified", poppler_document_get_modification_date_time(doc));
    for (int p = 0; p < np && rc == 0; p++) {
        PopplerPage *page = poppler_document_get_page(doc, p);
        if (!page)
            continue;
        size_t chars = 0;
        rc = page_lines(page, (unsigned)p + 1, &ls, &chars);
        if (rc == 0 && chars == 0) {
            textless++;
            /* a scanned page: read it now, or leave it out and say so */
            if (job->ocr) {
                if (ls.n || body.len) {
                    /* paragraphs so far first, so the OCR text lands in page order */
                    drop_running(&ls);
                    rc = paragraphs(&ls, &body);
                    for (size_t i = 0; i < ls.n; i++)
                        free(ls.v[i].text);
                    ls.n = 0;
                }
                if (rc == 0)
                    rc = ocr_page(page, (unsigned)p + 1, &body);
                ocred += rc == 0;
            }
        }
        g_object_unref(page);
    }
    if (rc == 0) {
        drop_running(&ls);
        rc = paragraphs(&ls, &body);
    }
    text_buf_printf(&head, "pages\t%d\ntextless\t%u\nocr\t%u\n\n", np, textless, ocred);
    if (rc == 0)
        rc = write_all(1, head.ptr, head.len) || write_all(1, body.ptr ? body.ptr : "", body.len);
    /* The process ends here: the allocations go with it. */
    g_free(title);
    g_free(author);
    for (size_t i = 0; i < ls.n; i++)
        free(ls.v[i].text);
    free(ls.v);
    text_buf_free(&head);
    text_buf_free(&body);
    g_object_unref(doc);
    g_bytes_unref(bytes);
    return rc == 0 ? 0 : 4;
}

/* ---- the parent ----------------------------------------------------------------------- */

tracuu_status
extract_pdf(text_buf *out, office_meta *meta, const char *raw, size_t len, int ocr,
            unsigned *pages, unsigned *ocr_pages, char *err, size_t errsz)
{
    memset(meta, 0, sizeof *meta);
    *pages = *ocr_pages = 0;
    if (len < 5 || memcmp(raw, "%PDF-", 5) != 0) {
        /* poppler accepts garbage before the header; a file named .pdf that is plainly
         * something else gets a plain answer */
        size_t lim = len < 1024 ? len : 1024, at = 0;
        while (at + 5 <= lim && memcmp(raw + at, "%PDF-", 5) != 0)
            at++;
        if (at + 5 > lim) {
            snprintf(err, errsz, "not a PDF file (no %%PDF- header)");
            return TRACUU_EENCODING;
        }
    }
    pdf_job job = {ocr};
    helper_limits lim = helper_default_limits();
    text_buf res = TEXT_BUF_INIT(out->max ? out->max + ((size_t)1 << 20) : 0);
    char cerr[512];
    tracuu_status st = helper_call(pdf_child, &job, "PDF reader (poppler)", raw, len, &lim, &res,
                                   cerr, sizeof cerr);
    if (st != TRACUU_OK) {
        snprintf(err, errsz, "%s", cerr);
        text_buf_free(&res);
        return st;
    }
    /* header lines, then the text */
    size_t i = 0, textless = 0;
    while (i < res.len && res.ptr[i] != '\n') {
        char *nl = memchr(res.ptr + i, '\n', res.len - i), *tab = memchr(res.ptr + i, '\t', res.len - i);
        if (!nl || !tab || tab > nl)
            break;
        size_t kl = (size_t)(tab - (res.ptr + i)), vl = (size_t)(nl - tab - 1);
        const char *k = res.ptr + i, *v = tab + 1;
        if (kl == 5 && !memcmp(k, "title", 5) && !meta->title)
            meta->title = strndup(v, vl);
        else if (kl == 6 && !memcmp(k, "author", 6) && !meta->author)
            meta->author = strndup(v, vl);
        else if (kl == 7 && !memcmp(k, "created", 7) && vl == 10)
            memcpy(meta->created, v, 10);
        else if (kl == 8 && !memcmp(k, "modified", 8) && vl == 10)
            memcpy(meta->modified, v, 10);
        else if (kl == 5 && !memcmp(k, "pages", 5))
            *pages = (unsigned)strtoul(v, NULL, 10);
        else if (kl == 8 && !memcmp(k, "textless", 8))
            textless = strtoul(v, NULL, 10);
        else if (kl == 3 && !memcmp(k, "ocr", 3))
            *ocr_pages = (unsigned)strtoul(v, NULL, 10);
        i = (size_t)(nl - res.ptr) + 1;
    }
    i += i < res.len;
    if (*pages && textless == *pages && !*ocr_pages) {
        snprintf(err, errsz, "a scanned PDF: none of its %u pages has a text layer (index with "
                             "--ocr to read it with tesseract)", *pages);
        st = TRACUU_EENCODING;
    } else {
        st = text_buf_put(out, res.ptr + i, res.len - i);
    }
    text_buf_free(&res);
    if (st != TRACUU_OK)
        office_meta_free(meta);
    return st;
}
