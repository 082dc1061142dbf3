/*
 * buf.c - bounded growable buffer; see buf.h.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tracuu_status
text_buf_reserve(text_buf *b, size_t n)
{
    if (n > b->max || b->len > b->max - n)
        return TRACUU_ETOOBIG;
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return TRACUU_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->ptr, cap);
    if (!p)
        return TRACUU_ENOMEM;
    b->ptr = p;
    b->cap = cap;
    return TRACUU_OK;
}

tracuu_status
text_buf_put(text_buf *b, const void *data, size_t n)
{
    tracuu_status st = text_buf_reserve(b, n);
    if (st != TRACUU_OK)
        return st;
    if (n)
        memcpy(b->ptr + b->len, data, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return TRACUU_OK;
}

tracuu_status
text_buf_putc(text_buf *b, char c)
{
    return text_buf_put(b, &c, 1);
}

tracuu_status
text_buf_puts(text_buf *b, const char *s)
{
    return text_buf_put(b, s, strlen(s));
}


tracuu_status
text_buf_put_cp(text_buf *b, int32_t cp)
{
    char u[4];
    size_t n = text_utf8_put(u, cp);
    if (n == 0)
        return TRACUU_EINVAL;
    return text_buf_put(b, u, n);
}

tracuu_status
text_buf_printf(text_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return TRACUU_EINVAL;
    tracuu_status st = text_buf_reserve(b, (size_t)n);
    if (st != TRACUU_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return TRACUU_OK;
}

char *
text_buf_steal(text_buf *b, size_t *len)
{
    char *p = b->ptr;
    if (!p)
        p = calloc(1, 1);
    if (p && len)
        *len = b->len;
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}

void
text_buf_reset(text_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void
text_buf_free(text_buf *b)
{
    if (!b)
        return;
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}
