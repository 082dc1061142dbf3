/*
 * token.c - the tokenizer and term forms; see token.h for the rules.
 *
 * Both functions walk code points with a hand-written UTF-8 decoder and the vnchar table,
 * because this is the indexer's innermost loop: no allocation happens per token except
 * growth of the caller's buffers.
 */
#include "token.h"

#include "vnchar.h"

int32_t
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

int
text_token_next(const char *s, size_t n, size_t *pos, text_token *tok)
{
    size_t i = *pos;
    /* Skip to the first letter or digit; a stray combining mark cannot start a token. */
    size_t start = n;
    vn_info prev = {0, 0, 0, 0, VN_OTHER, 0};
    while (i < n) {
        size_t at = i;
        int32_t cp = text_utf8_next(s, n, &i);
        vn_info v = vn_lookup(cp);
        if (v.cls == VN_LETTER || v.cls == VN_DIGIT) {
            start = at;
            prev = v;
            break;
        }
    }
    if (start == n) {
        *pos = n;
        return 0;
    }
    size_t end = i;
    while (i < n) {
        size_t at = i;
        int32_t cp = text_utf8_next(s, n, &i);
        vn_info v = vn_lookup(cp);
        if (v.cls == VN_MARK) {
            end = i;
            continue;
        }
        if (v.cls != VN_LETTER && v.cls != VN_DIGIT) {
            i = at;
            break;
        }
        if (v.cls != prev.cls) { /* letter <-> digit: "217của" */
            i = at;
            break;
        }
        if (v.cls == VN_LETTER && v.upper && !prev.upper) { /* "NguyễnVăn" */
            i = at;
            break;
        }
        prev = v;
        end = i;
    }
    tok->start = start;
    tok->end = end;
    *pos = end;
    return 1;
}

/* Up to this many letters we canonicalize the tone; longer runs are not one syllable. */
#define MAX_SYLLABLE 8

tracuu_status
text_token_forms(const char *s, size_t start, size_t end, text_buf *exact, text_buf *folded,
                 int *marked)
{
    int32_t base[MAX_SYLLABLE];
    size_t nletters = 0;
    int tone = VN_TONE_NONE, ntoned = 0, tone_at = -1, simple = 1, any_mark = 0;
    tracuu_status st = TRACUU_OK;

    /* First pass: folded form, and the syllable's letters and tone for the exact form. */
    for (size_t i = start; i < end;) {
        int32_t cp = text_utf8_next(s, end, &i);
        vn_info v = vn_lookup(cp);
        if (v.cls == VN_MARK) {
            any_mark = 1;
            if (v.tone) { /* a tone left uncomposed after NFC sits on the previous letter */
                if (ntoned++ == 0 && nletters > 0) {
                    tone = v.tone;
                    tone_at = (int)nletters - 1;
                }
            } else {
                simple = 0; /* a shape mark we cannot compose: leave the token as written */
            }
            continue;
        }
        if (v.base != v.fold || v.tone || v.lower == 0x0111)
            any_mark = 1;
        if (v.tone) {
            if (ntoned++ == 0) {
                tone = v.tone;
                tone_at = (int)nletters;
            }
        }
        if (folded && v.fold) {
            st = text_buf_put_cp(folded, v.fold);
            if (st != TRACUU_OK)
                return st;
        }
        if (nletters < MAX_SYLLABLE)
            base[nletters] = v.base;
        nletters++;
        if (v.cls != VN_LETTER)
            simple = 0;
    }
    if (marked)
        *marked = any_mark;
    if (!exact)
        return TRACUU_OK;

    /* Canonical tone position, only for one clean syllable with exactly one tone mark. */
    int pos = tone_at;
    if (simple && ntoned == 1 && nletters <= MAX_SYLLABLE) {
        int p = vn_tone_position(base, nletters, VN_STYLE_OLD);
        if (p >= 0 && vn_compose(base[p], tone))
            pos = p;
    }
    if (!simple || ntoned > 1 || nletters > MAX_SYLLABLE || pos < 0) {
        /* Not a syllable we understand: case-fold only, keep every mark where it was. */
        for (size_t i = start; i < end;) {
            int32_t cp = text_utf8_next(s, end, &i);
            st = text_buf_put_cp(exact, vn_lookup(cp).lower);
            if (st != TRACUU_OK)
                return st;
        }
        return TRACUU_OK;
    }
    for (size_t k = 0; k < nletters; k++) {
        int32_t cp = base[k];
        if ((int)k == pos) {
            int32_t c = vn_compose(cp, tone);
            if (c)
                cp = c;
        }
        st = text_buf_put_cp(exact, cp);
        if (st != TRACUU_OK)
            return st;
    }
    return TRACUU_OK;
}
