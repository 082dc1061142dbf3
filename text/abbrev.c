/*
 * abbrev.c - the built-in abbreviation table and the "phrase (ABBR)" harvester.
 */
#include "abbrev.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "token.h"
#include "vnchar.h"

/* Standard abbreviations of Party, State and mass-organisation texts (docs/LANGUAGE.md §6.2).
 * Ambiguous ones (CT Chỉ thị/Chủ tịch, CB cán bộ/chi bộ, DV dân vận/dịch vụ, TT, TB, KH,
 * TC, QU) are left to per-document harvesting, where the writer says what they mean, and
 * so are the ones that read as a syllable once folded (TƯ, TU, HU, ĐU would match tư, tú,
 * hủ, đủ...). */
static const char *const table[][2] = {
    {"UBND", "Ủy ban nhân dân"},
    {"HĐND", "Hội đồng nhân dân"},
    {"MTTQ", "Mặt trận Tổ quốc"},
    {"MTTQVN", "Mặt trận Tổ quốc Việt Nam"},
    {"UBMTTQ", "Ủy ban Mặt trận Tổ quốc"},
    {"UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"},
    {"BCH", "Ban Chấp hành"},
    {"BTV", "Ban Thường vụ"},
    {"TW", "Trung ương"},
    {"BCT", "Bộ Chính trị"},
    {"BBT", "Ban Bí thư"},
    {"UBKT", "Ủy ban Kiểm tra"},
    {"BDV", "Ban Dân vận"},
    {"BTG", "Ban Tuyên giáo"},
    {"BTC", "Ban Tổ chức"},
    {"BCĐ", "Ban Chỉ đạo"},
    {"ĐV", "đảng viên"},
    {"CBĐV", "cán bộ đảng viên"},
    {"CBCCVC", "cán bộ công chức viên chức"},
    {"CBCC", "cán bộ công chức"},
    {"HTCT", "hệ thống chính trị"},
    {"CTDV", "công tác dân vận"},
    {"QCDC", "quy chế dân chủ"},
    {"KT-XH", "kinh tế - xã hội"},
    {"QP-AN", "quốc phòng - an ninh"},
    {"ANTT", "an ninh trật tự"},
    {"ANCT", "an ninh chính trị"},
    {"CNH", "công nghiệp hóa"},
    {"HĐH", "hiện đại hóa"},
    {"CCHC", "cải cách hành chính"},
    {"NTM", "nông thôn mới"},
    {"QĐNDVN", "Quân đội nhân dân Việt Nam"},
    {"UBTVQH", "Ủy ban Thường vụ Quốc hội"},
    {"QH", "Quốc hội"},
    {"CP", "Chính phủ"},
    {"TTg", "Thủ tướng"},
    {"VPCP", "Văn phòng Chính phủ"},
    {"ĐUK", "Đảng ủy Khối"},
    {"ATGT", "an toàn giao thông"},
    {"BHYT", "bảo hiểm y tế"},
    {"BHXH", "bảo hiểm xã hội"},
    {"GPMB", "giải phóng mặt bằng"},
    {"CCB", "Cựu chiến binh"},
    {"HND", "Hội Nông dân"},
    {"HLHPN", "Hội Liên hiệp Phụ nữ"},
    {"ĐTN", "Đoàn Thanh niên"},
    {"LĐTBXH", "Lao động - Thương binh và Xã hội"},
    {"THCS", "trung học cơ sở"},
    {"THPT", "trung học phổ thông"},
};

#define NPAIRS (sizeof table / sizeof *table)

static char *folded[NPAIRS][2];
static pthread_once_t folded_once = PTHREAD_ONCE_INIT;

tracuu_status
abbrev_fold(const char *text, size_t a, size_t b, text_buf *out)
{
    text_tokenizer tz;
    text_token t;
    tracuu_status st = TRACUU_OK;
    text_buf_reset(out);
    text_tokenizer_init(&tz, text + a, b - a, NULL);
    while (st == TRACUU_OK && text_tokenizer_next(&tz, &t)) {
        if (out->len)
            st = text_buf_putc(out, ' ');
        if (st == TRACUU_OK)
            st = text_token_forms(text + a, t.start, t.end, NULL, out, NULL);
    }
    return st;
}

void
abbrev_fold_key(const char *s, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!s || !*s)
        return;
    text_buf f = TEXT_BUF_INIT((size_t)1 << 20);
    if (abbrev_fold(s, 0, strlen(s), &f) == TRACUU_OK && f.len) {
        size_t n = f.len < outsz - 1 ? f.len : outsz - 1; /* folded text is ASCII */
        memcpy(out, f.ptr, n);
        out[n] = '\0';
    }
    text_buf_free(&f);
}

static void
fold_table(void)
{
    text_buf b = TEXT_BUF_INIT(4096);
    for (size_t i = 0; i < NPAIRS; i++)
        for (int k = 0; k < 2; k++)
            if (abbrev_fold(table[i][k], 0, strlen(table[i][k]), &b) == TRACUU_OK)
                folded[i][k] = text_buf_steal(&b, NULL); /* lives as long as the process */
    text_buf_free(&b);
}

size_t
abbrev_builtin(const char *f, void (*fn)(void *ctx, const char *other), void *ctx)
{
    pthread_once(&folded_once, fold_table);
    size_t found = 0;
    for (size_t i = 0; i < NPAIRS; i++)
        for (int k = 0; k < 2; k++)
            if (folded[i][k] && folded[i][1 - k] && !strcmp(folded[i][k], f)) {
                fn(ctx, folded[i][1 - k]);
                found++;
            }
    return found;
}

/* ---- harvesting ---------------------------------------------------------------------- */

#define MAX_LETTERS 10
#define LOOKBACK 300

/* The initials of a capital abbreviation inside "( ... )", folded: "ubnd". 0 if it is
 * not one (lower case, digits, too long). */
static size_t
abbr_letters(const char *s, size_t a, size_t b, char *letters, size_t *aend)
{
    size_t n = 0;
    *aend = a;
    for (size_t i = a; i < b;) {
        int32_t cp = text_utf8_next(s, b, &i);
        vn_info v = vn_lookup(cp);
        if (v.cls == VN_LETTER) {
            if (!v.upper || n >= MAX_LETTERS || v.fold >= 0x80)
                return 0;
            letters[n++] = (char)v.fold;
            *aend = i;
        } else if (!(cp == '-' || cp == ' ') || n == 0) {
            return 0;
        }
    }
    if (n < 2)
        return 0;
    /* An abbreviation that folds to a syllable (ĐU -> "du") would expand every "dù". */
    int32_t cps[MAX_LETTERS];
    for (size_t i = 0; i < n; i++)
        cps[i] = (unsigned char)letters[i];
    return text_syllable_valid(cps, n, TEXT_SYL_FOLDED) ? 0 : n;
}

static int
initial_of(const char *s, const text_token *t)
{
    size_t i = t->start;
    vn_info v = vn_lookup(text_utf8_next(s, t->end, &i));
    return v.fold < 0x80 ? (int)v.fold : -1;
}

/* Only spaces, commas and hyphens may sit between the words of an expansion. */
static int
gap_ok(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (s[i] != ' ' && s[i] != ',' && s[i] != '-')
            return 0;
    return 1;
}

tracuu_status
abbrev_harvest(const char *s, size_t n, text_buf *defs)
{
    for (size_t p = 0; p < n; p++) {
        if (s[p] != '(')
            continue;
        size_t q = p + 1;
        while (q < n && q - p < 40 && s[q] != ')' && s[q] != '\n')
            q++;
        if (q >= n || s[q] != ')')
            continue;
        char letters[MAX_LETTERS];
        size_t aend;
        size_t k = abbr_letters(s, p + 1, q, letters, &aend);
        if (!k)
            continue;
        /* The words before the parenthesis, back to the start of the line. */
        size_t from = p > LOOKBACK ? p - LOOKBACK : 0;
        for (size_t i = p; i > from; i--)
            if (s[i - 1] == '\n') {
                from = i;
                break;
            }
        text_token toks[64];
        size_t nt = 0;
        text_tokenizer tz;
        text_token t;
        text_tokenizer_init(&tz, s + from, p - from, NULL);
        while (text_tokenizer_next(&tz, &t)) {
            if (nt == 64) {
                memmove(toks, toks + 1, 63 * sizeof *toks);
                nt--;
            }
            t.start += from;
            t.end += from;
            toks[nt++] = t;
        }
        if (nt < k || !gap_ok(s, toks[nt - 1].end, p))
            continue;
        int ok = 1;
        for (size_t j = 0; j < k && ok; j++) {
            const text_token *w = &toks[nt - k + j];
            ok = w->kind == TEXT_TOK_WORD && initial_of(s, w) == letters[j] &&
                 (j == 0 || gap_ok(s, toks[nt - k + j - 1].end, w->start));
        }
        if (!ok)
            continue;
        abbrev_def d = {p + 1, aend, toks[nt - k].start, toks[nt - 1].end};
        while (d.abbr_start < aend && s[d.abbr_start] == ' ')
            d.abbr_start++;
        tracuu_status st = text_buf_put(defs, &d, sizeof d);
        if (st != TRACUU_OK)
            return st;
        p = q;
    }
    return TRACUU_OK;
}
