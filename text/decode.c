/*
 * decode.c - BOM sniffing, iconv conversion and strict UTF-8 validation.
 *
 * iconv is used for everything but UTF-8 itself, which we validate by hand so that the
 * error can name the line and column of the first bad byte. Legacy Vietnamese encodings
 * (TCVN3, VNI, VISCII...) are named with --encoding for now; detection comes with the
 * analysis issue and will plug in here, in one place.
 */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

size_t
text_utf8_check(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0)
                return i;
            i++;
            continue;
        }
        size_t need;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return i;
        }
        if (n - i <= need)
            return i;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return n;
}

void
text_describe_offset(char *buf, size_t bufsz, const char *s, size_t n, size_t off)
{
    size_t line = 1, col = 1;
    for (size_t i = 0; i < off && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) {
            col++; /* count characters, not continuation bytes */
        }
    }
    snprintf(buf, bufsz, "line %zu, column %zu (byte %zu)", line, col, off);
}

static tracuu_status
decode_iconv(text_buf *out, const char *from, const char *bytes, size_t len, char *err,
             size_t errsz)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        snprintf(err, errsz, "unknown encoding '%s' (see `iconv -l`)", from);
        return TRACUU_EINVAL;
    }
    tracuu_status st = TRACUU_OK;
    char *in = (char *)bytes;
    size_t inleft = len;
    size_t start_len = out->len;
    while (inleft > 0) {
        /* Vietnamese in a legacy 8-bit encoding grows at most 3x in UTF-8. */
        size_t chunk = inleft * 3 + 16;
        if (chunk > 1u << 20)
            chunk = 1u << 20;
        st = text_buf_reserve(out, chunk);
        if (st != TRACUU_OK)
            goto done;
        char *o = out->ptr + out->len;
        size_t oleft = chunk;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        out->len += chunk - oleft;
        out->ptr[out->len] = '\0';
        if (r == (size_t)-1 && errno != E2BIG) {
            char where[96];
            text_describe_offset(where, sizeof where, bytes, len, (size_t)(in - bytes));
            snprintf(err, errsz, "%s: %s for %s", where,
                     errno == EINVAL ? "truncated character at end of file"
                                     : "byte sequence not valid",
                     from);
            st = TRACUU_EENCODING;
            goto done;
        }
    }
    /* Flush: stateful decoders (glibc's CP1258 and TCVN) hold back the last letter in
     * case a combining tone mark follows it. */
    for (;;) {
        st = text_buf_reserve(out, 64);
        if (st != TRACUU_OK)
            goto done;
        char *o = out->ptr + out->len;
        size_t oleft = 64;
        size_t r = iconv(cd, NULL, NULL, &o, &oleft);
        out->len += 64 - oleft;
        out->ptr[out->len] = '\0';
        if (r != (size_t)-1 || errno != E2BIG)
            break;
    }
    /* iconv output is UTF-8 by construction, but a NUL in the source would pass through. */
    size_t bad = text_utf8_check(out->ptr + start_len, out->len - start_len);
    if (bad != out->len - start_len) {
        snprintf(err, errsz, "a NUL character (U+0000) in %s text: binary file?", from);
        st = TRACUU_EENCODING;
    }
done:
    iconv_close(cd);
    return st;
}

tracuu_status
text_decode(text_buf *out, const char **used, const char *bytes, size_t len,
            const char *encoding, char *err, size_t errsz)
{
    const unsigned char *b = (const unsigned char *)bytes;
    err[0] = '\0';
    if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        bytes += 3;
        len -= 3;
        encoding = NULL; /* a UTF-8 BOM outranks a guess */
    } else if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
        *used = "UTF-16LE";
        return decode_iconv(out, "UTF-16LE", bytes + 2, len - 2, err, errsz);
    } else if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
        *used = "UTF-16BE";
        return decode_iconv(out, "UTF-16BE", bytes + 2, len - 2, err, errsz);
    }
    if (encoding && *encoding) {
        *used = encoding;
        return decode_iconv(out, encoding, bytes, len, err, errsz);
    }
    size_t bad = text_utf8_check(bytes, len);
    if (bad != len) {
        char where[96];
        text_describe_offset(where, sizeof where, bytes, len, bad);
        if (bytes[bad] == '\0')
            snprintf(err, errsz,
                     "%s: NUL byte: binary file, or UTF-16 without a byte order mark "
                     "(try --encoding UTF-16LE)",
                     where);
        else
            snprintf(err, errsz,
                     "%s: invalid UTF-8 (byte 0x%02X); name the file's encoding with "
                     "--encoding (e.g. CP1258, VISCII, TCVN5712-1)",
                     where, (unsigned char)bytes[bad]);
        return TRACUU_EENCODING;
    }
    *used = "UTF-8";
    return text_buf_put(out, bytes, len);
}
