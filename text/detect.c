/*
 * detect.c - the scoring half of encoding detection; decode.c enumerates the candidates.
 */
#include "detect.h"

#include "normalize.h"
#include "syllable.h"
#include "token.h"
#include "vnchar.h"

typedef struct {
    int32_t word[TEXT_SYLLABLE_MAX + 1];
    size_t wl, total, valid, junk;
    int nonascii;
} score_state;

static void
flush_word(score_state *z)
{
    if (z->wl && z->nonascii) {
        z->total++;
        if (z->wl <= TEXT_SYLLABLE_MAX && text_syllable_valid(z->word, z->wl, TEXT_SYL_MARKED))
            z->valid++;
    }
    z->wl = 0;
    z->nonascii = 0;
}

double
detect_score(const char *s, size_t n, size_t *words)
{
    text_buf norm = TEXT_BUF_INIT((size_t)1 << 28);
    score_state z = {{0}, 0, 0, 0, 0, 0};
    *words = 0;
    if (text_normalize(&norm, s, n) != TRACUU_OK) {
        text_buf_free(&norm);
        return 0;
    }
    const char *t = norm.ptr ? norm.ptr : "";
    for (size_t i = 0; i < norm.len;) {
        int32_t cp = text_utf8_next(t, norm.len, &i);
        vn_info v = vn_lookup(cp);
        if (v.cls == VN_LETTER) {
            if (z.wl <= TEXT_SYLLABLE_MAX)
                z.word[z.wl] = cp;
            z.wl++;
            z.nonascii |= cp >= 0x80;
            continue;
        }
        /* A symbol where a letter should be ("§¶ng", "ng\u00ADêi"), a replacement
         * character or a C1 control: the decoding is wrong here. */
        if (cp >= 0x80 && v.cls != VN_MARK && (z.wl || cp == 0xFFFD || cp < 0xA0))
            z.junk++;
        flush_word(&z);
    }
    flush_word(&z);
    text_buf_free(&norm);
    *words = z.total;
    return z.total + z.junk ? (double)z.valid / (double)(z.total + z.junk) : 0;
}
