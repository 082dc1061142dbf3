/*
 * normalize.c - utf8proc does the Unicode work; a custom mapping repairs the Đ look-alikes
 * before decomposition (VIETNAMESE.md §3.1: utf8proc's case folding keeps them distinct).
 */
#include "normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <utf8proc.h>

static utf8proc_int32_t
repair(utf8proc_int32_t cp, void *data)
{
    (void)data;
    switch (cp) {
    case 0x00D0: /* Ð Latin capital eth, from CP1258 read as Latin-1 */
    case 0x0189: /* Ɖ African D */
        return 0x0110;
    case 0x00F0: /* ð */
    case 0x0256: /* ɖ */
        return 0x0111;
    case 0x0009: /* tab: STRIPCC would make it a line break */
        return 0x0020;
    case 0x2028: /* line and paragraph separators */
    case 0x2029:
        return 0x000A;
    default:
        return cp;
    }
}

tracuu_status
text_normalize(text_buf *out, const char *s, size_t n)
{
    if (n == 0)
        return text_buf_put(out, "", 0);
    if (n > (size_t)PTRDIFF_MAX / 8)
        return TRACUU_ETOOBIG;
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t r = utf8proc_map_custom(
        (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_LUMP |
            UTF8PROC_IGNORE | UTF8PROC_STRIPCC | UTF8PROC_NLF2LF,
        repair, NULL);
    if (r < 0) {
        free(dst);
        return r == UTF8PROC_ERROR_NOMEM ? TRACUU_ENOMEM : TRACUU_EENCODING;
    }
    tracuu_status st = text_buf_put(out, dst, (size_t)r);
    free(dst);
    return st;
}
