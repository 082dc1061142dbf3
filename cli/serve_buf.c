/*
 * serve_buf.c - the web server's output buffer and its one escaping function.
 *
 * Every byte of a page goes through an sbuf: a growing buffer with a hard cap (curl's
 * dynbuf idea), so no answer can exhaust memory; growth past the cap marks the buffer
 * failed and the request answers 500. Text from the index is written only through
 * sb_html (or sb_mark for snippets, the same function with highlight markers turned into
 * <mark>), and values in URLs only through sb_url: escaping is done in one place.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

void
sb_init(sbuf *b, size_t max)
{
    memset(b, 0, sizeof *b);
    b->max = max;
}

void
sb_free(sbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

static int
grow(sbuf *b, size_t more)
{
    if (b->failed)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    if (b->len + more + 1 > b->max) {
        b->failed = 1;
        return -1;
    }
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1)
        cap *= 2;
    if (cap > b->max)
        cap = b->max;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void
sb_putn(sbuf *b, const char *s, size_t n)
{
    if (grow(b, n) != 0)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void
sb_puts(sbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

void
sb_printf(sbuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        sb_putn(b, small, (size_t)n);
        return;
    }
    if (grow(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* The escaping function. & < > " ' become entities, so the result is safe in element
 * content and in quoted attribute values alike; control characters are dropped. With
 * `marks`, SERVE_HL_OPEN/SERVE_HL_CLOSE (which the library put around matched words in a
 * snippet) become <mark> and </mark>, balanced even when a marker is missing. */
static void
escape(sbuf *b, const char *s, int marks)
{
    int open = 0;
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        switch (c) {
        case '&': sb_puts(b, "&amp;"); break;
        case '<': sb_puts(b, "&lt;"); break;
        case '>': sb_puts(b, "&gt;"); break;
        case '"': sb_puts(b, "&quot;"); break;
        case '\'': sb_puts(b, "&#39;"); break;
        case '\n':
        case '\t': sb_putn(b, " ", 1); break;
        default:
            if (marks && c == (unsigned char)SERVE_HL_OPEN[0] && !open) {
                sb_puts(b, "<mark>");
                open = 1;
            } else if (marks && c == (unsigned char)SERVE_HL_CLOSE[0] && open) {
                sb_puts(b, "</mark>");
                open = 0;
            } else if (c >= 0x20 && c != 0x7f) {
                sb_putn(b, p, 1);
            }
        }
    }
    if (open)
        sb_puts(b, "</mark>");
}

void
sb_html(sbuf *b, const char *s)
{
    escape(b, s, 0);
}

void
sb_mark(sbuf *b, const char *s)
{
    escape(b, s, 1);
}

void
sb_url(sbuf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            sb_putn(b, (const char *)p, 1);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            sb_putn(b, e, 3);
        }
    }
}
