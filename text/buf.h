/*
 * buf.h - a growable byte buffer with a hard ceiling (curl's dynbuf idea).
 *
 * Every buffer that grows from external input is created with a maximum; growth past it
 * fails with TRACUU_ETOOBIG instead of exhausting memory on one malicious file.
 * The buffer always keeps a NUL after its contents so it can be handed out as a C string.
 */
#ifndef TRACUU_TEXT_BUF_H
#define TRACUU_TEXT_BUF_H

#include <stddef.h>
#include <string.h>
#include "tracuu.h"

typedef struct text_buf {
    char *ptr;  /* owned; NULL until the first append */
    size_t len; /* bytes used, excluding the NUL */
    size_t cap; /* bytes allocated */
    size_t max; /* ceiling for len */
} text_buf;

#define TEXT_BUF_INIT(maxbytes) {NULL, 0, 0, (maxbytes)}

tracuu_status text_buf_put(text_buf *b, const void *data, size_t n);
tracuu_status text_buf_putc(text_buf *b, char c);
tracuu_status text_buf_puts(text_buf *b, const char *s);
/* Encode code point cp as UTF-8 into out (room for 4 bytes); returns the bytes written,
 * 0 for a value past U+10FFFF. Inline, with text_utf8_next: both run once per character
 * of every document. */
static inline size_t
text_utf8_put(char *out, int32_t cp)
{
    unsigned char *u = (unsigned char *)out;
    uint32_t c = (uint32_t)cp;
    if (c < 0x80) {
        u[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        u[0] = (unsigned char)(0xC0 | (c >> 6));
        u[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (c >> 12));
        u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    if (c < 0x110000) {
        u[0] = (unsigned char)(0xF0 | (c >> 18));
        u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (unsigned char)(0x80 | (c & 0x3F));
        return 4;
    }
    return 0;
}

/* Decode one UTF-8 code point at s[*i] (valid input) and advance *i. */
static inline int32_t
text_utf8_next(const char *str, size_t n, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t k = *i;
    unsigned char c = s[k];
    int32_t cp;
    size_t len;
    if (c < 0x80) {
        cp = c;
        len = 1;
    } else if (c < 0xE0) {
        cp = c & 0x1F;
        len = 2;
    } else if (c < 0xF0) {
        cp = c & 0x0F;
        len = 3;
    } else {
        cp = c & 0x07;
        len = 4;
    }
    if (k + len > n) { /* callers pass valid UTF-8; stay in bounds regardless */
        *i = n;
        return 0xFFFD;
    }
    for (size_t j = 1; j < len; j++)
        cp = (cp << 6) | (s[k + j] & 0x3F);
    *i = k + len;
    return cp;
}

/* Decode the UTF-8 string s (valid, NUL-terminated) into at most max code points. */
static inline size_t
text_utf8_to_cps(const char *s, int32_t *out, size_t max)
{
    size_t n = 0, i = 0, len = 0;
    while (s[len])
        len++;
    while (i < len && n < max)
        out[n++] = text_utf8_next(s, len, &i);
    return n;
}

/* Copy n bytes of src into dst (size bytes), cut to fit and NUL-terminated; returns the
 * bytes copied. What snprintf(dst, size, "%.*s", n, src) does, without parsing a format:
 * the indexer copies a token this way several times per word of every document. */
static inline size_t
text_copy(char *dst, size_t size, const char *src, size_t n)
{
    if (!size)
        return 0;
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    return n;
}

/* Append the UTF-8 encoding of code point cp. */
tracuu_status text_buf_put_cp(text_buf *b, int32_t cp);
tracuu_status text_buf_printf(text_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Make sure len+n bytes (plus the NUL) fit. */
tracuu_status text_buf_reserve(text_buf *b, size_t n);
/* Hand the contents to the caller (free()); the buffer is left empty. Never NULL on success:
 * an empty buffer yields "". Returns NULL only when that allocation fails. */
char *text_buf_steal(text_buf *b, size_t *len);
void text_buf_reset(text_buf *b);
void text_buf_free(text_buf *b);

#endif
