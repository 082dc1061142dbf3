/*
 * passage.c - paragraph splitting; see passage.h for the rules and why.
 */
#include "passage.h"

#include <string.h>

#include "abbrev.h"


/* Lines shorter than this (in bytes) are headings or list items, never hard-wrapped text. */
#define SHORT_LINE 60

static int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static void
trim(const char *t, size_t *s, size_t *e)
{
    while (*s < *e && (is_space(t[*s]) || t[*s] == '\n'))
        (*s)++;
    while (*e > *s && (is_space(t[*e - 1]) || t[*e - 1] == '\n'))
        (*e)--;
}

/* Does the (trimmed) line end a sentence or a clause? Also true for closing quotes. */
static int
ends_clause(const char *t, size_t s, size_t e)
{
    if (e == s)
        return 1;
    unsigned char c = (unsigned char)t[e - 1];
    if (strchr(".!?;:)\"'", c))
        return 1;
    /* ” (E2 80 9D), … (E2 80 A6), » (C2 BB) */
    if (e - s >= 3 && (unsigned char)t[e - 3] == 0xE2 && (unsigned char)t[e - 2] == 0x80 &&
        (c == 0x9D || c == 0xA6))
        return 1;
    if (e - s >= 2 && (unsigned char)t[e - 2] == 0xC2 && c == 0xBB)
        return 1;
    return 0;
}

/* Does the (trimmed) line open a list item: "-", "+", "*", "•", "1.", "2)", "a)"? */
static int
opens_item(const char *t, size_t s, size_t e)
{
    if (s >= e)
        return 0;
    char c = t[s];
    if (c == '-' || c == '+' || c == '*')
        return 1;
    if (e - s >= 3 && memcmp(t + s, "\xE2\x80\xA2", 3) == 0)
        return 1;
    size_t i = s;
    while (i < e && i - s < 3 && t[i] >= '0' && t[i] <= '9')
        i++;
    if (i == s && i < e && t[i] >= 'a' && t[i] <= 'z')
        i++;
    return i > s && i < e && (t[i] == '.' || t[i] == ')');
}

static tracuu_status
emit(text_buf *spans, const char *t, size_t s, size_t e)
{
    trim(t, &s, &e);
    if (s >= e)
        return TRACUU_OK;
    /* Cut long paragraphs at a sentence end ". X" or "; " past the halfway mark. */
    while (e - s > PASSAGE_MAX_BYTES) {
        size_t cut = 0;
        for (size_t i = s + PASSAGE_MAX_BYTES / 2; i + 1 < s + PASSAGE_MAX_BYTES; i++) {
            if ((t[i] == '.' || t[i] == ';' || t[i] == '!' || t[i] == '?') && t[i + 1] == ' ')
                cut = i + 1;
        }
        if (!cut) { /* no sentence end: cut at a space, never inside a character */
            for (size_t i = s + PASSAGE_MAX_BYTES; i > s + PASSAGE_MAX_BYTES / 2; i--)
                if (t[i] == ' ') {
                    cut = i;
                    break;
                }
        }
        if (!cut) {
            cut = s + PASSAGE_MAX_BYTES;
            while (cut < e && ((unsigned char)t[cut] & 0xC0) == 0x80)
                cut++;
        }
        passage_span p = {s, cut};
        trim(t, &p.start, &p.end);
        if (p.start < p.end) {
            tracuu_status st = text_buf_put(spans, &p, sizeof p);
            if (st != TRACUU_OK)
                return st;
        }
        s = cut;
        trim(t, &s, &e);
    }
    if (s >= e)
        return TRACUU_OK;
    passage_span p = {s, e};
    return text_buf_put(spans, &p, sizeof p);
}

tracuu_status
passage_split(const char *t, size_t n, text_buf *spans)
{
    size_t ps = 0;           /* start of the open passage */
    int open = 0;            /* a passage has a non-blank line */
    size_t prev_s = 0, prev_e = 0;
    size_t ls = 0;
    while (ls <= n) {
        size_t le = ls;
        while (le < n && t[le] != '\n')
            le++;
        size_t s = ls, e = le;
        trim(t, &s, &e);
        if (s == e) { /* blank line */
            if (open) {
                tracuu_status st = emit(spans, t, ps, prev_e);
                if (st != TRACUU_OK)
                    return st;
                open = 0;
            }
        } else if (!open) {
            ps = s;
            open = 1;
        } else if (ends_clause(t, prev_s, prev_e) || prev_e - prev_s < SHORT_LINE ||
                   opens_item(t, s, e)) {
            tracuu_status st = emit(spans, t, ps, prev_e);
            if (st != TRACUU_OK)
                return st;
            ps = s;
        }
        if (s != e) {
            prev_s = s;
            prev_e = e;
        }
        if (le >= n)
            break;
        ls = le + 1;
    }
    if (open)
        return emit(spans, t, ps, prev_e);
    return TRACUU_OK;
}

/* ---- where findings may come from (issue 16) ------------------------------------------ */

/* Headings above reference lists and links: what follows them quotes others. */
static const char *const ref_heads[] = {
    "tham khao", "tai lieu tham khao", "chu thich", "lien ket ngoai", "xem them", "nguon",
    "ghi chu", "references", "external links", "see also", "notes",
};

static int
is_ref_heading(const char *text, const passage_span *p)
{
    char raw[96], key[96];
    size_t n = p->end - p->start;
    if (n >= sizeof raw)
        return 0;
    memcpy(raw, text + p->start, n);
    raw[n] = '\0';
    abbrev_fold_key(raw, key, sizeof key);
    for (size_t k = 0; k < sizeof ref_heads / sizeof *ref_heads; k++)
        if (!strcmp(key, ref_heads[k]))
            return 1;
    return 0;
}

static int
has(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(s + i, needle, k))
            return 1;
    return 0;
}

/* A reference, navigation line, law article or quoted clause, by its own text. */
static int
quoting_line(const char *s, size_t n)
{
    if (has(s, n, "http://") || has(s, n, "https://") || has(s, n, "www.") ||
        has(s, n, "Truy cập ngày") || has(s, n, "truy cập ngày") || has(s, n, "ISBN") ||
        has(s, n, "Lưu trữ bản gốc"))
        return 1;
    /* opening quotation marks: “ " « ‘ and ↑ ^ (a footnote's way back up) */
    static const char *const opens[] = {"\xE2\x80\x9C", "\"", "\xC2\xAB", "\xE2\x80\x98",
                                        "\xE2\x86\x91", "^"};
    for (size_t k = 0; k < sizeof opens / sizeof *opens; k++)
        if (n >= strlen(opens[k]) && !memcmp(s, opens[k], strlen(opens[k])))
            return 1;
    /* "Điều 5." / "Điều 12:" opens an article of a law */
    const size_t dl = strlen("Điều ");
    if (n > dl && !memcmp(s, "Điều ", dl)) {
        size_t i = dl;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i > dl && i < n && (s[i] == '.' || s[i] == ':'))
            return 1;
    }
    return 0;
}

int
passage_may_hold_findings(const char *text, const passage_span *ps, size_t np,
                          const long *heads, size_t i)
{
    if (i >= np)
        return 0;
    if (quoting_line(text + ps[i].start, ps[i].end - ps[i].start))
        return 0;
    if (!heads)
        return 1;
    /* a heading is a title, not a finding: some passage sits under it */
    if (i + 1 < np && heads[i + 1] == (long)i)
        return 0;
    for (size_t k = i + 1; k < np && k < i + 64; k++)
        if (heads[k] == (long)i)
            return 0;
    long h = heads[i];
    return !(h >= 0 && (size_t)h < np && is_ref_heading(text, &ps[h]));
}
