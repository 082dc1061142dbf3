/*
 * decode.c - BOM sniffing, iconv conversion and strict UTF-8 validation.
 *
 * iconv is used for everything but UTF-8 itself, which we validate by hand so that the
 * error can name the line and column of the first bad byte. Legacy Vietnamese encodings
 * (TCVN3, VNI, VISCII...) are named with --encoding for now; detection comes with the
 * analysis issue and will plug in here, in one place.
 */
#include "decode.h"
#include "intl.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect.h"
#include "legacy.h"
#include "token.h"

size_t
text_utf8_check(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        /* Eight ASCII bytes without a NUL at a time: most of any document. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & 0x8080808080808080ull) ||
                ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
                break;
            i += 8;
        }
        if (i >= n)
            break;
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
    snprintf(buf, bufsz, L_("line %zu, column %zu (byte %zu)"), line, col, off);
}

static tracuu_status
decode_iconv(text_buf *out, const char *from, const char *bytes, size_t len, char *err,
             size_t errsz)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        snprintf(err, errsz, L_("unknown encoding '%s' (see `iconv -l`)"), from);
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
            snprintf(err, errsz, L_("%s: %s for %s"), where,
                     errno == EINVAL ? L_("truncated character at end of file")
                                     : L_("byte sequence not valid"),
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
        snprintf(err, errsz, L_("a NUL character (U+0000) in %s text: binary file?"), from);
        st = TRACUU_EENCODING;
    }
done:
    iconv_close(cd);
    return st;
}

/* Detection looks at this much of a file: enough words to score, little enough to be
 * cheap next to indexing. */
#define SAMPLE_BYTES (64 * 1024)
/* A repaired reading must beat the text as it stands by this much. */
#define REPAIR_MARGIN 0.15
/* Below this share of valid syllables no legacy decoding is believed. */
#define MIN_LEGACY_SCORE 0.5

static const legacy_enc eight_bit[] = {LEGACY_CP1258, LEGACY_TCVN3, LEGACY_VNI, LEGACY_VISCII};

static const char *const via_cp1252[] = {
    [LEGACY_TCVN3] = "TCVN3 (via CP1252)", [LEGACY_VNI] = "VNI (via CP1252)",
    [LEGACY_VISCII] = "VISCII (via CP1252)", [LEGACY_CP1258] = "CP1258 (via CP1252)",
};
static const char utf8_via_cp1252[] = "UTF-8 (double-encoded via CP1252)";

static double
score_legacy(legacy_enc e, const char *b, size_t n, size_t *words)
{
    text_buf t = TEXT_BUF_INIT((size_t)1 << 28);
    double sc = 0;
    *words = 0;
    if (legacy_decode(&t, e, b, n < SAMPLE_BYTES ? n : SAMPLE_BYTES) == TRACUU_OK)
        sc = detect_score(t.ptr ? t.ptr : "", t.len, words);
    text_buf_free(&t);
    return sc;
}

/* The best 8-bit reading of bytes; -1 when none scores. */
static int
best_legacy(const char *b, size_t n, double *best)
{
    int pick = -1;
    *best = 0;
    for (size_t k = 0; k < sizeof eight_bit / sizeof *eight_bit; k++) {
        size_t words;
        double sc = score_legacy(eight_bit[k], b, n, &words);
        if (words > 0 && sc > *best + 1e-9) {
            *best = sc;
            pick = (int)eight_bit[k];
        }
    }
    return pick;
}

static int
has_viqr_marks(const char *s, size_t n)
{
    size_t hits = 0;
    for (size_t i = 1; i < n; i++)
        if (strchr("aeouAEOU", s[i - 1]) && (s[i] == '^' || s[i] == '+' || s[i] == '(') &&
            ++hits >= 3)
            return 1;
    return 0;
}

/* Valid UTF-8 that may still be wrong: mojibake, legacy bytes read as CP1252, VIQR. */
/* Letters only Vietnamese in Unicode has (ơ ư ă đ and U+1EA0-U+1EF9), or the combining
 * tone marks of decomposed text: their presence proves the text was decoded right. */
static int
has_vietnamese(const char *s, size_t n)
{
    const unsigned char *b = (const unsigned char *)s;
    for (size_t i = 0; i + 1 < n; i++) {
        if (b[i] < 0xC4)
            continue;
        if (b[i] == 0xE1 && i + 2 < n && (b[i + 1] == 0xBA || b[i + 1] == 0xBB))
            return 1; /* U+1E80-U+1EFF */
        if ((b[i] == 0xC4 && (b[i + 1] == 0x82 || b[i + 1] == 0x83 || b[i + 1] == 0x90 ||
                              b[i + 1] == 0x91)) ||                   /* Ă ă Đ đ */
            (b[i] == 0xC6 && (b[i + 1] == 0xA0 || b[i + 1] == 0xA1 || b[i + 1] == 0xAF ||
                              b[i + 1] == 0xB0)) ||                   /* Ơ ơ Ư ư */
            (b[i] == 0xCC && (b[i + 1] == 0x80 || b[i + 1] == 0x81 || b[i + 1] == 0x83 ||
                              b[i + 1] == 0x89 || b[i + 1] == 0xA3))) /* tone marks */
            return 1;
    }
    return 0;
}

/* What a legacy encoding read as Windows-1252 leaves behind: its letters land on Latin-1
 * letters and symbols (U+00A1-U+00FF, "Céng hßa x· héi", "Viá»‡t") or on the C1 holes, far
 * more of them than on the few CP1252 punctuation marks above U+00FF (— – “ ” ‘ ’ … • €).
 * Text whose non-ASCII characters are mostly those marks, NBSP, or characters no
 * one-byte reading can have produced (other scripts, emoji) is UTF-8 as written. */
static int
latin1_evidence(const char *s, size_t n)
{
    size_t latin1 = 0, other = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp = text_utf8_next(s, n, &i);
        if (cp < 0x80 || cp == 0xA0)
            continue;
        if (cp <= 0xFF)
            latin1++;
        else
            other++;
    }
    return latin1 > other;
}

/* Clearly double-encoded UTF-8: its Windows-1252 bytes are UTF-8 with multi-byte
 * characters ("Ã¡" -> "á"). Legitimate text almost never spells such pairs. */
static int
has_multibyte(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0xC2)
            return 1;
    return 0;
}

static tracuu_status
decode_valid_utf8(text_buf *out, const char **used, const char *bytes, size_t len)
{
    /* Fast path: text that holds Vietnamese letters is what it says it is. */
    if (has_vietnamese(bytes, len < SAMPLE_BYTES ? len : SAMPLE_BYTES)) {
        *used = "UTF-8";
        return text_buf_put(out, bytes, len);
    }
    size_t sample = len < SAMPLE_BYTES ? len : SAMPLE_BYTES;
    while (sample < len && ((unsigned char)bytes[sample] & 0xC0) == 0x80)
        sample++; /* whole characters only */
    size_t words;
    double raw = detect_score(bytes, sample, &words);
    int ascii = 1;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)bytes[i] < 0x80;

    text_buf b = TEXT_BUF_INIT(len + 1);
    tracuu_status st = TRACUU_OK;
    if (!ascii && raw < 1 - REPAIR_MARGIN && legacy_to_cp1252(&b, bytes, len) == TRACUU_OK) {
        double best = raw + REPAIR_MARGIN;
        const char *name = NULL;
        int pick = -2; /* -1 = UTF-8 inside, else a legacy_enc */
        size_t bn = b.len < SAMPLE_BYTES ? b.len : SAMPLE_BYTES;
        while (bn < b.len && ((unsigned char)b.ptr[bn] & 0xC0) == 0x80)
            bn++;
        if (text_utf8_check(b.ptr, b.len) == b.len && has_multibyte(b.ptr, bn)) {
            double sc = detect_score(b.ptr, bn, &words);
            /* "â€œquotedâ€\x9d" has no letters to score: the pairs themselves prove it. */
            if ((words && sc > best) || sc >= raw) {
                best = sc > best ? sc : best;
                pick = -1;
                name = utf8_via_cp1252;
            }
        }
        double lsc;
        int l = latin1_evidence(bytes, sample) ? best_legacy(b.ptr, b.len, &lsc) : -1;
        if (l >= 0 && lsc > best && lsc >= MIN_LEGACY_SCORE) {
            pick = l;
            name = via_cp1252[l];
        }
        if (pick == -1)
            st = text_buf_put(out, b.ptr, b.len);
        else if (pick >= 0)
            st = legacy_decode(out, (legacy_enc)pick, b.ptr, b.len);
        if (pick != -2) {
            *used = name;
            text_buf_free(&b);
            return st;
        }
    }
    text_buf_free(&b);
    if (ascii && has_viqr_marks(bytes, len)) {
        size_t vw;
        double v = score_legacy(LEGACY_VIQR, bytes, len, &vw);
        if (vw && v >= MIN_LEGACY_SCORE && v > raw) {
            *used = legacy_name(LEGACY_VIQR);
            return legacy_decode(out, LEGACY_VIQR, bytes, len);
        }
    }
    *used = "UTF-8";
    return text_buf_put(out, bytes, len);
}

/* Mostly UTF-8 with a few bad bytes is damaged UTF-8, not a legacy encoding: count the
 * well-formed multi-byte characters against the bytes that are not. */
static int
mostly_utf8(const char *bytes, size_t len)
{
    size_t good = 0, bad = 0, n = len < SAMPLE_BYTES ? len : SAMPLE_BYTES;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)bytes[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = text_utf8_check(bytes + i, n - i);
        if (k == 0) {
            bad++;
            i++;
            continue;
        }
        for (size_t j = i; j < i + k; j++)
            good += ((unsigned char)bytes[j] & 0xC0) == 0xC0;
        i += k;
    }
    return good > bad;
}

/* UTF-16 without a byte order mark: ASCII-range text leaves every other byte zero. */
static const char *
sniff_utf16(const char *bytes, size_t len)
{
    size_t even = 0, odd = 0, n = len < 4096 ? len : 4096;
    if (n < 4 || n % 2)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!bytes[i])
            *(i % 2 ? &odd : &even) += 1;
    if (odd > n / 8 && even == 0)
        return "UTF-16LE";
    if (even > n / 8 && odd == 0)
        return "UTF-16BE";
    return NULL;
}

static tracuu_status
invalid_utf8(const char *bytes, size_t len, size_t bad, char *err, size_t errsz)
{
    char where[96];
    text_describe_offset(where, sizeof where, bytes, len, bad);
    if (bytes[bad] == '\0')
        snprintf(err, errsz,
                 L_("%s: NUL byte: binary file, or UTF-16 without a byte order mark "
                 "(try --encoding UTF-16LE)"),
                 where);
    else
        snprintf(err, errsz,
                 L_("%s: invalid UTF-8 (byte 0x%02X) and no Vietnamese legacy encoding fits; "
                 "name the file's encoding with --encoding (e.g. TCVN3, VNI, CP1258, VISCII)"),
                 where, (unsigned char)bytes[bad]);
    return TRACUU_EENCODING;
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
        encoding = "UTF-8"; /* a UTF-8 BOM outranks a guess */
    } else if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
        *used = "UTF-16LE";
        return decode_iconv(out, "UTF-16LE", bytes + 2, len - 2, err, errsz);
    } else if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
        *used = "UTF-16BE";
        return decode_iconv(out, "UTF-16BE", bytes + 2, len - 2, err, errsz);
    }
    if (encoding && *encoding && strcasecmp(encoding, "auto") != 0) {
        int l = legacy_lookup(encoding);
        if (l >= 0) {
            *used = legacy_name((legacy_enc)l);
            return legacy_decode(out, (legacy_enc)l, bytes, len);
        }
        if (!strcasecmp(encoding, "UTF-8") || !strcasecmp(encoding, "UTF8")) {
            size_t bad = text_utf8_check(bytes, len);
            if (bad != len)
                return invalid_utf8(bytes, len, bad, err, errsz);
            *used = "UTF-8";
            return text_buf_put(out, bytes, len);
        }
        *used = encoding;
        return decode_iconv(out, encoding, bytes, len, err, errsz);
    }
    size_t bad = text_utf8_check(bytes, len);
    if (bad == len)
        return decode_valid_utf8(out, used, bytes, len);
    const char *u16 = sniff_utf16(bytes, len);
    if (u16) {
        *used = u16;
        return decode_iconv(out, u16, bytes, len, err, errsz);
    }
    if (mostly_utf8(bytes, len))
        return invalid_utf8(bytes, len, bad, err, errsz);
    double best;
    int l = best_legacy(bytes, len, &best);
    if (l < 0 || best < MIN_LEGACY_SCORE || bytes[bad] == '\0')
        return invalid_utf8(bytes, len, bad, err, errsz);
    *used = legacy_name((legacy_enc)l);
    return legacy_decode(out, (legacy_enc)l, bytes, len);
}

tracuu_status
text_repair_lines(text_buf *out, const char *s, size_t n, size_t *repaired)
{
    tracuu_status st = TRACUU_OK;
    size_t fixed = 0;
    for (size_t i = 0; i < n && st == TRACUU_OK;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n;
        int ascii = 1;
        for (size_t k = i; k < e && ascii; k++)
            ascii = (unsigned char)s[k] < 0x80;
        if (ascii || has_vietnamese(s + i, e - i)) {
            st = text_buf_put(out, s + i, e - i);
        } else {
            const char *used = NULL;
            st = decode_valid_utf8(out, &used, s + i, e - i);
            fixed += used && strcmp(used, "UTF-8") != 0;
        }
        if (st == TRACUU_OK && nl)
            st = text_buf_putc(out, '\n');
        i = e + (nl != NULL);
    }
    if (repaired)
        *repaired = fixed;
    return st;
}

/* ---- file names ---------------------------------------------------------------------- */

static int
hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

char *
text_name_escape(const char *path)
{
    size_t n = strlen(path);
    if (text_utf8_check(path, n) == n && !strstr(path, "\\x"))
        return strdup(path);
    /* Worst case every byte becomes four. */
    char *out = malloc(n * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t ok = text_utf8_check(path + i, n - i);
        if (ok == 0) { /* a bad byte */
            o += (size_t)snprintf(out + o, 5, "\\x%02X", (unsigned char)path[i]);
            i++;
            continue;
        }
        for (size_t k = 0; k < ok; k++, i++) {
            if (path[i] == '\\' && path[i + 1] == 'x')
                o += (size_t)snprintf(out + o, 5, "\\x5C");
            else
                out[o++] = path[i];
        }
    }
    out[o] = '\0';
    return out;
}

char *
text_name_unescape(const char *name)
{
    char *out = strdup(name);
    if (!out || !strstr(name, "\\x"))
        return out; /* never escaped (text_name_escape) */
    size_t o = 0;
    for (size_t i = 0; name[i];) {
        int hi, lo;
        if (name[i] == '\\' && name[i + 1] == 'x' && (hi = hex_digit(name[i + 2])) >= 0 &&
            (lo = hex_digit(name[i + 3])) >= 0) {
            out[o++] = (char)(hi * 16 + lo);
            i += 4;
        } else {
            out[o++] = name[i++];
        }
    }
    out[o] = '\0';
    return out;
}
