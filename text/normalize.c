/*
 * normalize.c - utf8proc does the Unicode work; a custom mapping repairs the Đ look-alikes
 * before decomposition (docs/LANGUAGE.md §3.1: utf8proc's case folding keeps them distinct).
 */
#include "normalize.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "token.h"

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

#define OPTIONS                                                                            \
    (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_LUMP | UTF8PROC_IGNORE | \
     UTF8PROC_STRIPCC | UTF8PROC_NLF2LF)

/* Characters below U+2000 that normalization leaves as they are, whatever surrounds them:
 * mapped to themselves, not combining marks (which may compose with what precedes them)
 * and not Hangul jamo (which compose with each other). Most lines of most documents are
 * made only of these and are copied, not run through utf8proc: it is the fast path that
 * keeps analysis above 40 MB/s. */
#define STABLE_MAX 0x2000
static uint8_t stable[STABLE_MAX];
static pthread_once_t stable_once = PTHREAD_ONCE_INIT;

static void
build_stable(void)
{
    for (int32_t cp = 0; cp < STABLE_MAX; cp++) {
        utf8proc_uint8_t in[8], *dst = NULL;
        utf8proc_ssize_t len = utf8proc_encode_char(cp, in);
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
            cat == UTF8PROC_CATEGORY_ME || cat == UTF8PROC_CATEGORY_CN ||
            (cp >= 0x1100 && cp < 0x1200) || (cp >= 0xD800 && cp < 0xE000))
            continue;
        utf8proc_ssize_t r = utf8proc_map_custom(in, len, &dst, OPTIONS, repair, NULL);
        stable[cp] = r == len && memcmp(dst, in, (size_t)len) == 0;
        free(dst);
    }
    stable['\n'] = 1;
}

/* One line (or the rest of the text) through utf8proc. */
static tracuu_status
map_chunk(text_buf *out, const char *s, size_t n)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t r =
        utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst, OPTIONS,
                            repair, NULL);
    if (r < 0) {
        free(dst);
        return r == UTF8PROC_ERROR_NOMEM ? TRACUU_ENOMEM : TRACUU_EENCODING;
    }
    tracuu_status st = text_buf_put(out, dst, (size_t)r);
    free(dst);
    return st;
}

tracuu_status
text_normalize(text_buf *out, const char *s, size_t n)
{
    if (n == 0)
        return text_buf_put(out, "", 0);
    if (n > (size_t)PTRDIFF_MAX / 8)
        return TRACUU_ETOOBIG;
    pthread_once(&stable_once, build_stable);
    tracuu_status st = text_buf_reserve(out, n);
    /* Line by line: nothing composes across a line feed, so a line of stable characters
     * is already in normal form. */
    for (size_t i = 0; i < n && st == TRACUU_OK;) {
        size_t start = i;
        int ok = 1;
        while (i < n) {
            unsigned char c = (unsigned char)s[i];
            if (c < 0x80) {
                ok &= stable[c];
                i++;
                if (c == '\n')
                    break;
                continue;
            }
            int32_t cp = text_utf8_next(s, n, &i);
            ok &= (cp < STABLE_MAX && stable[cp]) || cp == 0x201C || cp == 0x201D;
        }
        st = ok ? text_buf_put(out, s + start, i - start) : map_chunk(out, s + start, i - start);
    }
    return st;
}
