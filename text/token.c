/*
 * token.c - the tokenizer and term forms; see token.h for the rules.
 *
 * Both functions walk code points with a hand-written UTF-8 decoder and the vnchar table,
 * because this is the indexer's innermost loop: no allocation happens per token except
 * growth of the caller's buffers.
 */
#include "token.h"

#include "vnchar.h"


/* One character of a run: a letter or digit with the combining marks that follow it. The
 * code points themselves are kept apart, in an array parallel to the run_chars, because
 * the syllable checks take them as int32_t[]: no copy per token. */
typedef struct {
    size_t start;  /* byte offset */
    uint8_t cls;   /* VN_LETTER or VN_DIGIT */
    uint8_t upper; /* upper or title case */
    uint8_t mark;  /* carries a tone or shape mark, or is đ */
} run_char;

/* A segment of a run: [a, b) in run_char indexes. */
typedef struct {
    size_t a, b;
    uint8_t cls;
    uint8_t caps; /* letters, all upper case */
} run_seg;

void
text_tokenizer_init(text_tokenizer *tz, const char *s, size_t n, const text_freq_src *freq)
{
    tz->s = s;
    tz->n = n;
    tz->pos = 0;
    tz->freq = freq ? freq->fn : NULL;
    tz->ctx = freq ? freq->ctx : NULL;
    tz->npend = tz->ipend = 0;
}

static void
emit(text_tokenizer *tz, const run_char *rc, size_t nrc, size_t runend, size_t a, size_t b,
     uint8_t kind, uint8_t glued)
{
    if (tz->npend >= TEXT_RUN_MAX)
        return;
    text_token *t = &tz->pend[tz->npend++];
    t->start = rc[a].start;
    t->end = b < nrc ? rc[b].start : runend;
    t->kind = kind;
    t->glued = glued;
}

/* Frequency of a whole unmarked run, folded; used to refuse splitting a word that the
 * corpus spells this way on its own. */
static uint64_t
run_freq(const text_tokenizer *tz, size_t s0, size_t end)
{
    if (end - s0 > TEXT_TOKEN_MAX_BYTES)
        return 0;
    text_buf f = TEXT_BUF_INIT(256);
    uint64_t v = 0;
    if (text_token_forms(tz->s, s0, end, NULL, &f, NULL) == TRACUU_OK && f.len)
        v = tz->freq(tz->ctx, f.ptr, f.len, 1);
    text_buf_free(&f);
    return v;
}

/* Emit a letter segment, split into syllables when it is a glued run. */
static void
emit_letters(text_tokenizer *tz, const run_char *rc, const int32_t *runcps, size_t nrc,
             size_t runend, const run_seg *g, int glued)
{
    size_t n = g->b - g->a;
    const int32_t *cps = runcps + g->a;
    size_t cuts[TEXT_RUN_MAX];
    size_t k = 0;
    if (!g->caps && n >= 2 && !(n <= TEXT_SYLLABLE_MAX &&
                                text_syllable_valid(cps, n, TEXT_SYL_MARKED))) {
        /* Only a run that is not one syllable gets here: look at its marks now. */
        int marked = 0;
        for (size_t i = g->a; i < g->b; i++)
            marked |= rc[i].mark;
        if (marked) {
            k = text_syllable_split(cps, n, TEXT_SYL_MARKED, tz->freq, tz->ctx, cuts,
                                    TEXT_RUN_MAX - 1);
        } else if (tz->freq && !text_syllable_valid(cps, n, TEXT_SYL_FOLDED)) {
            /* Without marks a split needs evidence: the run never occurs alone, and each
             * piece does, several times. */
            k = text_syllable_split(cps, n, TEXT_SYL_FOLDED, tz->freq, tz->ctx, cuts,
                                    TEXT_RUN_MAX - 1);
            size_t end = g->b < nrc ? rc[g->b].start : runend;
            if (k && run_freq(tz, rc[g->a].start, end) > 0)
                k = 0;
            for (size_t i = 0; k && i < k; i++) {
                size_t pa = g->a + (i ? cuts[i - 1] : 0);
                size_t pb = i + 1 < k ? g->a + cuts[i] : g->b;
                size_t pe = pb < nrc ? rc[pb].start : runend;
                if (run_freq(tz, rc[pa].start, pe) < 3)
                    k = 0;
            }
        }
    }
    if (k < 2) {
        emit(tz, rc, nrc, runend, g->a, g->b, TEXT_TOK_WORD, (uint8_t)glued);
        return;
    }
    for (size_t i = 0; i < k; i++) {
        size_t pa = g->a + (i ? cuts[i - 1] : 0);
        size_t pb = i + 1 < k ? g->a + cuts[i] : g->b;
        emit(tz, rc, nrc, runend, pa, pb, TEXT_TOK_WORD, 1);
    }
}

/* Capitals rc[i..j) (at least two) are followed by lower case at j: where does the
 * acronym end? Before the last capital when it starts a syllable (ĐUKhối -> ĐU Khối,
 * MTTQViệt -> MTTQ Việt), else before the lower case when that is a word of two letters
 * or more (HĐNDxã -> HĐND xã). 0 = no cut: TTg, QĐi, CTr are symbols of their own. */
static size_t
acronym_cut(const run_char *rc, const int32_t *cps, size_t nrc, size_t i, size_t j)
{
    size_t m = j;
    while (m < nrc && rc[m].cls == VN_LETTER && !rc[m].upper)
        m++;
    if (j - 1 - i >= 2 && m - (j - 1) <= TEXT_SYLLABLE_MAX &&
        text_syllable_valid(cps + (j - 1), m - (j - 1), TEXT_SYL_FOLDED))
        return j - 1;
    if (m - j < 2)
        return 0;
    if (m - j > TEXT_SYLLABLE_MAX)
        return j; /* a glued lower-case run: split further below */
    return text_syllable_valid(cps + j, m - j, TEXT_SYL_FOLDED) ? j : 0;
}

/* Cut the run rc[0..nrc) (ending at byte runend) into tokens queued in tz->pend.
 * one_piece: read_run saw one class only and no capital after the first character. */
static void
split_run(text_tokenizer *tz, const run_char *rc, const int32_t *cps, size_t nrc,
          size_t runend, int one_piece)
{
    /* 0. Most runs are one number or one lower-case or capitalized word: a single segment,
     * as step 1 would find (capitals, hence caps, only for a lone capital), and no code. */
    if (one_piece) {
        if (rc[0].cls == VN_DIGIT) {
            emit(tz, rc, nrc, runend, 0, nrc, TEXT_TOK_NUMBER, 0);
        } else {
            run_seg g = {0, nrc, VN_LETTER, (uint8_t)(nrc == 1 && rc[0].upper)};
            emit_letters(tz, rc, cps, nrc, runend, &g, 0);
        }
        return;
    }
    run_seg seg[TEXT_RUN_MAX];
    size_t ns = 0;
    /* 1. Segments: class changes, lower->Upper, and ACRONYM->lowercase word. */
    for (size_t i = 0; i < nrc;) {
        size_t j = i + 1;
        uint8_t caps = rc[i].cls == VN_LETTER && rc[i].upper;
        while (j < nrc && rc[j].cls == rc[i].cls) {
            if (rc[j].cls == VN_LETTER) {
                if (rc[j].upper && !rc[j - 1].upper)
                    break; /* NguyễnVăn */
                if (!rc[j].upper && caps && j - i >= 2) {
                    size_t cut = acronym_cut(rc, cps, nrc, i, j);
                    if (cut) {
                        j = cut;
                        break;
                    }
                }
                caps &= rc[j].upper;
            }
            j++;
        }
        seg[ns].a = i;
        seg[ns].b = j;
        seg[ns].cls = rc[i].cls;
        seg[ns].caps = caps;
        ns++;
        i = j;
    }
    int glued = ns > 1;
    /* 2. Capitals and digits that touch form one code: 858CV, QH15, H5N1. */
    for (size_t i = 0; i < ns;) {
        size_t j = i + 1;
        int code = 0;
        while (j < ns && seg[j].cls != seg[j - 1].cls &&
               ((seg[j].cls == VN_LETTER && seg[j].caps) ||
                (seg[j - 1].cls == VN_LETTER && seg[j - 1].caps))) {
            code = 1;
            j++;
        }
        if (code) {
            emit(tz, rc, nrc, runend, seg[i].a, seg[j - 1].b, TEXT_TOK_CODE,
                 (uint8_t)(j - i < ns));
        } else if (seg[i].cls == VN_DIGIT) {
            emit(tz, rc, nrc, runend, seg[i].a, seg[i].b, TEXT_TOK_NUMBER, (uint8_t)glued);
        } else {
            emit_letters(tz, rc, cps, nrc, runend, &seg[i], glued);
        }
        i = j;
    }
}

/* Read the next run after tz->pos into rc and cps; returns its length in characters (0 at
 * the end), its end byte in *runend and whether it is one piece (split_run). ASCII bytes are classified without decoding or the
 * table (vn_ascii_class): they are most of the text and never marks. */
static size_t
read_run(text_tokenizer *tz, run_char *rc, int32_t *cps, size_t *runend, int *one_piece)
{
    const char *s = tz->s;
    size_t n = tz->n, i = tz->pos, nrc = 0;
    *one_piece = 1;
    while (i < n) {
        size_t at = i;
        unsigned char c = (unsigned char)s[i];
        int32_t cp;
        uint8_t cls, upper, mark;
        if (c < 0x80) {
            i++;
            cp = c;
            cls = vn_ascii_class(c);
            upper = c >= 'A' && c <= 'Z';
            mark = 0;
        } else {
            cp = text_utf8_next(s, n, &i);
            vn_info tmp;
            const vn_info *v = vn_ref(cp, &tmp);
            if (v->cls == VN_MARK && nrc > 0) {
                rc[nrc - 1].mark = 1;
                *runend = i;
                continue;
            }
            cls = v->cls;
            upper = v->upper;
            mark = cls == VN_LETTER &&
                   (v->tone || v->base != v->fold || v->lower == 0x0111);
        }
        if (cls != VN_LETTER && cls != VN_DIGIT) {
            if (nrc > 0) {
                i = at;
                break;
            }
            continue; /* before the run: skip separators and stray marks */
        }
        if (nrc == TEXT_RUN_MAX) {
            i = at;
            break;
        }
        if (nrc > 0 && (cls != rc[0].cls || upper))
            *one_piece = 0;
        rc[nrc].start = at;
        cps[nrc] = cp;
        rc[nrc].cls = cls;
        rc[nrc].upper = upper;
        rc[nrc].mark = mark;
        nrc++;
        *runend = i;
    }
    tz->pos = nrc ? *runend : n;
    return nrc;
}

int
text_tokenizer_next(text_tokenizer *tz, text_token *tok)
{
    while (tz->ipend >= tz->npend) {
        run_char rc[TEXT_RUN_MAX];
        int32_t cps[TEXT_RUN_MAX];
        size_t runend = 0;
        int one_piece;
        tz->npend = tz->ipend = 0;
        size_t nrc = read_run(tz, rc, cps, &runend, &one_piece);
        if (nrc == 0)
            return 0;
        split_run(tz, rc, cps, nrc, runend, one_piece);
    }
    *tok = tz->pend[tz->ipend++];
    return 1;
}

/* Up to this many letters we canonicalize the tone; longer runs are not one syllable. */
#define MAX_SYLLABLE 8

/* Room for `need` more bytes in b (when b is given), then the write position. The forms
 * are written straight into the buffers: this runs once per token. */
static inline tracuu_status
make_room(text_buf *b, size_t need, char **w)
{
    *w = NULL;
    if (!b)
        return TRACUU_OK;
    /* The buffer is reused token after token and nearly always has the room already:
     * text_buf_reserve's own test (ceiling, then capacity) without the call. */
    if (need <= b->max && b->len <= b->max - need && b->len + need + 1 <= b->cap) {
        *w = b->ptr + b->len;
        return TRACUU_OK;
    }
    tracuu_status st = text_buf_reserve(b, need);
    if (st == TRACUU_OK)
        *w = b->ptr + b->len;
    return st;
}

static void
commit_room(text_buf *b, char *w)
{
    if (b && w) {
        b->len = (size_t)(w - b->ptr);
        b->ptr[b->len] = '\0';
    }
}

/* The facts text_token_forms needs about one character. */
typedef struct {
    int32_t lower, base, fold;
    uint8_t tone, cls;
} form_char;

/* Decode the character at s[*i] and describe it; ASCII without the table. */
static inline form_char
form_char_at(const char *s, size_t end, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    if (c < 0x80) {
        (*i)++;
        int32_t l = vn_ascii_lower(c);
        return (form_char){l, l, l, VN_TONE_NONE, vn_ascii_class(c)};
    }
    vn_info tmp;
    const vn_info *v = vn_ref(text_utf8_next(s, end, i), &tmp);
    return (form_char){v->lower, v->base, v->fold, v->tone, v->cls};
}

/* s[start..end) is ASCII without NUL: then both forms are its lower case. No tone to
 * place (the general path below would take its case-fold-only branch) and nothing
 * dropped from the folded form (only NUL folds to nothing). */
static int
plain_ascii(const char *s, size_t start, size_t end)
{
    for (size_t i = start; i < end; i++)
        if ((unsigned char)s[i] - 1u >= 0x7Fu)
            return 0;
    return 1;
}

tracuu_status
text_token_forms(const char *s, size_t start, size_t end, text_buf *exact, text_buf *folded,
                 int *marked)
{
    int32_t base[MAX_SYLLABLE];
    size_t nletters = 0;
    int tone = VN_TONE_NONE, ntoned = 0, tone_at = -1, simple = 1, any_mark = 0;
    /* A lower-case or folded character takes at most 2 bytes more than its original
     * (Ⱥ -> ⱥ), and folding never grows a character. */
    size_t need = 2 * (end - start) + 8;
    char *fw, *ew;
    tracuu_status st = make_room(folded, need, &fw);
    if (st == TRACUU_OK)
        st = make_room(exact, need, &ew);
    if (st != TRACUU_OK)
        return st;

    if (plain_ascii(s, start, end)) {
        for (size_t i = start; i < end; i++) {
            char l = (char)vn_ascii_lower((unsigned char)s[i]);
            if (fw)
                *fw++ = l;
            if (ew)
                *ew++ = l;
        }
        commit_room(folded, fw);
        commit_room(exact, ew);
        if (marked)
            *marked = 0;
        return TRACUU_OK;
    }

    /* First pass: folded form, and the syllable's letters and tone for the exact form. */
    for (size_t i = start; i < end;) {
        form_char v = form_char_at(s, end, &i);
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
        if (v.tone && ntoned++ == 0) {
            tone = v.tone;
            tone_at = (int)nletters;
        }
        if (fw && v.fold)
            fw += text_utf8_put(fw, v.fold);
        if (nletters < MAX_SYLLABLE)
            base[nletters] = v.base;
        nletters++;
        if (v.cls != VN_LETTER)
            simple = 0;
    }
    commit_room(folded, fw);
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
        for (size_t i = start; i < end;)
            ew += text_utf8_put(ew, form_char_at(s, end, &i).lower);
        commit_room(exact, ew);
        return TRACUU_OK;
    }
    for (size_t k = 0; k < nletters; k++) {
        int32_t cp = base[k];
        if ((int)k == pos && ntoned) {
            int32_t c = vn_compose(cp, tone);
            if (c)
                cp = c;
        }
        ew += text_utf8_put(ew, cp);
    }
    commit_room(exact, ew);
    return TRACUU_OK;
}
