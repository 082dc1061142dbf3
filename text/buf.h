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
 * 0 for a value past U+10FFFF. */
size_t text_utf8_put(char *out, int32_t cp);
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
