/*
 * section.c - report sections and findings; see section.h for the shape being read.
 *
 * Cues are matched on folded syllables ("han che"), so a report typed without tone marks
 * or in old tone placement is read the same way. Only the lead of a paragraph (up to its
 * first ":", ";" or sentence end) is read for cues: the body of an achievement paragraph
 * often mentions "hạn chế" in passing ("góp phần hạn chế tai nạn").
 */
#include "section.h"

#include <string.h>

#include "abbrev.h"

static const char *const names[] = {"other", "achievement", "limitation", "direction"};

const char *
section_name(section_kind k)
{
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "other";
}

int
section_parse(const char *name, section_kind *out)
{
    static const struct {
        const char *folded;
        section_kind k;
    } aliases[] = {
        {"other", SECTION_OTHER},       {"khac", SECTION_OTHER},
        {"achievement", SECTION_ACHIEVEMENT}, {"achievements", SECTION_ACHIEVEMENT},
        {"ket qua", SECTION_ACHIEVEMENT}, {"uu diem", SECTION_ACHIEVEMENT},
        {"limitation", SECTION_LIMITATION}, {"limitations", SECTION_LIMITATION},
        {"han che", SECTION_LIMITATION}, {"ton tai", SECTION_LIMITATION},
        {"direction", SECTION_DIRECTION}, {"directions", SECTION_DIRECTION},
        {"phuong huong", SECTION_DIRECTION}, {"nhiem vu", SECTION_DIRECTION},
    };
    if (!name)
        return 0;
    text_buf f = TEXT_BUF_INIT(256);
    int found = 0;
    if (abbrev_fold(name, 0, strlen(name), &f) == TRACUU_OK && f.len)
        for (size_t i = 0; i < sizeof aliases / sizeof *aliases && !found; i++)
            if (!strcmp(f.ptr, aliases[i].folded)) {
                *out = aliases[i].k;
                found = 1;
            }
    text_buf_free(&f);
    return found;
}

/* Cue phrases, folded, written between the spaces they are matched with (so "han che" does
 * not match inside "than chet"), with their lengths: built once here rather than formatted
 * for every cue of every passage. */
typedef struct cue {
    const char *pad; /* " han che " */
    size_t len;
} cue;

#define CUE(s) {" " s " ", sizeof(" " s " ") - 1}

static const cue limitation_cues[] = {
    CUE("han che"),   CUE("ton tai"),   CUE("khuyet diem"), CUE("yeu kem"),
    CUE("bat cap"),   CUE("vuong mac"), CUE("thieu sot"),   CUE("chua dap ung"),
    CUE("chua dat yeu cau"), {NULL, 0}};
static const cue direction_cues[] = {
    CUE("phuong huong"), CUE("thoi gian toi"), CUE("nhiem vu"), CUE("giai phap"),
    CUE("kien nghi"),    CUE("de xuat"),       CUE("nam toi"),  CUE("giai doan toi"),
    CUE("de nghi"),      {NULL, 0}};
static const cue achievement_cues[] = {
    CUE("ket qua"),   CUE("uu diem"),    CUE("dat duoc"), CUE("lam duoc"), CUE("chuyen bien"),
    CUE("nang len"),  CUE("thanh tuu"),  CUE("hoan thanh"), CUE("tien bo"), {NULL, 0}};

/* Words that, before a limitation cue, make it win over an earlier achievement cue. */
static const cue contrast_words[] = {
    CUE("ben canh"), CUE("tuy nhien"), CUE("con"), CUE("tuy"), {NULL, 0}};

/* Earliest position of any cue in " folded " (padded), or (size_t)-1. */
static size_t
first_cue(const char *padded, const cue *cues, size_t *cue_len)
{
    size_t best = (size_t)-1;
    for (size_t i = 0; cues[i].pad; i++) {
        const char *p = strstr(padded, cues[i].pad);
        if (p && (size_t)(p - padded) < best) {
            best = (size_t)(p - padded);
            *cue_len = cues[i].len;
        }
    }
    return best;
}

/* Does `padded` contain one of `words` (padded) before position `before`? */
static int
word_before(const char *padded, size_t before, const cue *words)
{
    for (size_t i = 0; words[i].pad; i++) {
        const char *p = strstr(padded, words[i].pad);
        if (p && (size_t)(p - padded) < before)
            return 1;
    }
    return 0;
}

/* The section the cues in text[a..b) point to, SECTION_OTHER when none. A limitation cue
 * wins over an earlier achievement cue when a contrast leads to it ("Bên cạnh kết quả đạt
 * được, còn hạn chế"), and loses to "khắc phục" (remedying shortcomings is a direction). */
static section_kind
cue_of(const char *text, size_t a, size_t b)
{
    text_buf f = TEXT_BUF_INIT(4096);
    section_kind k = SECTION_OTHER;
    if (abbrev_fold(text, a, b, &f) != TRACUU_OK || !f.len) {
        text_buf_free(&f);
        return k;
    }
    text_buf p = TEXT_BUF_INIT(4200);
    if (text_buf_putc(&p, ' ') != TRACUU_OK || text_buf_put(&p, f.ptr, f.len) != TRACUU_OK ||
        text_buf_putc(&p, ' ') != TRACUU_OK) {
        text_buf_free(&f);
        text_buf_free(&p);
        return k;
    }
    size_t ll = 0, dl = 0, al = 0;
    size_t lim = first_cue(p.ptr, limitation_cues, &ll);
    size_t dir = first_cue(p.ptr, direction_cues, &dl);
    size_t ach = first_cue(p.ptr, achievement_cues, &al);
    if (lim != (size_t)-1) {
        /* "khắc phục (những|các)? hạn chế" */
        size_t from = lim > 24 ? lim - 24 : 0;
        char window[32];
        text_copy(window, sizeof window, p.ptr + from, lim - from + 1);
        if (strstr(window, "khac phuc "))
            dir = dir < lim ? dir : lim, lim = (size_t)-1;
    }
    if (lim != (size_t)-1 &&
        ((lim < dir && lim < ach) ||
         (lim < dir && word_before(p.ptr, lim, contrast_words))))
        k = SECTION_LIMITATION;
    else if (dir != (size_t)-1 && dir < ach)
        k = SECTION_DIRECTION;
    else if (ach != (size_t)-1)
        k = SECTION_ACHIEVEMENT;
    else if (dir != (size_t)-1)
        k = SECTION_DIRECTION;
    else if (lim != (size_t)-1)
        k = SECTION_LIMITATION;
    text_buf_free(&f);
    text_buf_free(&p);
    return k;
}

static int
is_upper_ascii(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* The outline marker opening text[s..e): its level (1 "I.", "PHẦN"; 2 "1."; 3 "a)", "1.2.";
 * 4 "-", "+", "*", "•") and its length, or 0. */
static int
marker(const char *t, size_t s, size_t e, size_t *len)
{
    size_t i = s;
    *len = 0;
    if (i >= e)
        return 0;
    if (t[i] == '-' || t[i] == '+' || t[i] == '*') {
        *len = 1;
        return 4;
    }
    if (e - i >= 3 && !memcmp(t + i, "\xE2\x80\xA2", 3)) { /* • */
        *len = 3;
        return 4;
    }
    if (e - i >= 5 && (!memcmp(t + i, "PH\xE1\xBA\xA6N", 6) || !memcmp(t + i, "Ph\xe1\xba\xa7n", 6))) {
        *len = 0; /* "PHẦN I", "Phần thứ nhất": the words stay part of the heading */
        return 1;
    }
    while (i < e && strchr("IVX", t[i]) && i - s < 5)
        i++;
    if (i > s && i < e && (t[i] == '.' || t[i] == ')' || t[i] == ' ') &&
        (t[i] != ' ' || (i + 1 < e && t[i + 1] == '-'))) {
        *len = i - s + 1;
        return 1;
    }
    i = s;
    while (i < e && t[i] >= '0' && t[i] <= '9' && i - s < 3)
        i++;
    if (i > s && i < e && (t[i] == '.' || t[i] == ')')) {
        int level = 2;
        size_t k = i + 1;
        if (t[i] == '.' && k < e && t[k] >= '0' && t[k] <= '9') { /* 1.2. */
            while (k < e && ((t[k] >= '0' && t[k] <= '9') || t[k] == '.'))
                k++;
            level = 3;
        }
        if (k >= e || t[k] == ' ') {
            *len = k - s;
            return level;
        }
        return 0;
    }
    if (e - s >= 2 && t[s] >= 'a' && t[s] <= 'z' && (t[s + 1] == ')' || t[s + 1] == '.') &&
        (e - s == 2 || t[s + 2] == ' ')) {
        *len = 2;
        return 3;
    }
    return 0;
}

/* Is text[s..e) a heading, and at which level? A heading is short and does not read as a
 * sentence: an outline marker with a few words, a line in capitals, or a short line with no
 * closing full stop. */
static int
heading_level(const char *t, size_t s, size_t e)
{
    size_t len = e - s;
    if (len == 0 || len > 200)
        return 0;
    unsigned words = 1;
    int lower = 0, letters = 0;
    for (size_t i = s; i < e; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == ' ')
            words++;
        if (c >= 'a' && c <= 'z')
            lower = 1;
        if (is_upper_ascii((char)c) || (c >= 'a' && c <= 'z'))
            letters++;
    }
    /* Every Vietnamese word but a handful (ư, ơ, ở...) has an ASCII letter, so a line in
     * capitals is one without ASCII lower case. */
    char last = t[e - 1];
    size_t mlen;
    int level = marker(t, s, e, &mlen);
    if (words > 16 || (last == '.' && words > 8) || last == ';' || last == ',')
        return 0;
    if (level)
        return level;
    if (!lower && letters >= 3)
        return 1;
    if (last == ':' || (words <= 10 && last != '.' && last != '!' && last != '?'))
        return 2;
    return 0;
}

/* The lead of paragraph text[s..e): up to its first ":" or ";" or sentence end, at most
 * 300 bytes (cut back to a character start). */
static size_t
lead_end(const char *t, size_t s, size_t e)
{
    size_t i = s;
    for (; i < e && i - s < 300; i++) {
        if (t[i] == ':' || t[i] == ';')
            return i;
        if ((t[i] == '.' || t[i] == '!' || t[i] == '?') && (i + 1 == e || t[i + 1] == ' ' ||
                                                           t[i + 1] == '\n'))
            return i;
    }
    while (i > s && i < e && ((unsigned char)t[i] & 0xC0) == 0x80)
        i--;
    return i;
}

section_kind
section_next(section_state *st, const char *text, size_t s, size_t e)
{
    if (!st->seen++)
        return SECTION_OTHER; /* the title: "Báo cáo kết quả..." names the whole report */
    int level = heading_level(text, s, e);
    if (level) {
        section_kind k = cue_of(text, s, e);
        if (k != SECTION_OTHER) {
            st->current = k;
            st->level = level;
        } else if (st->level && level <= st->level) {
            st->current = SECTION_OTHER; /* a new part of the outline, of no known kind */
            st->level = level;
        }
        return st->current;
    }
    size_t le = lead_end(text, s, e);
    section_kind k = cue_of(text, s, le);
    /* A cue in a paragraph carries on to the uncued paragraphs after it ("Nguyên nhân của
     * những hạn chế trên..." may have none), until the next cue or heading. */
    if (k != SECTION_OTHER)
        st->current = k;
    return st->current;
}

/* ---- Findings ------------------------------------------------------------------------ */

static int
is_sp(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Words that open a list after its lead-in and are not part of the first finding. */
static const char *const openers[] = {"như ", "nh\xc6\xb0 ", "cụ thể là ", "cụ thể: ",
                                      "đó là ", "đó là: ", "chủ yếu là ", NULL};

static tracuu_status
add_piece(const char *t, size_t a, size_t b, text_buf *out)
{
    for (int again = 1; again;) {
        again = 0;
        while (a < b && is_sp(t[a]))
            a++;
        size_t ml;
        if (marker(t, a, b, &ml) && ml && a + ml < b && is_sp(t[a + ml])) {
            a += ml;
            again = 1;
            continue;
        }
        for (size_t i = 0; openers[i]; i++) {
            size_t ol = strlen(openers[i]);
            if (b - a > ol && !strncmp(t + a, openers[i], ol)) {
                a += ol;
                again = 1;
                break;
            }
        }
    }
    while (b > a && (is_sp(t[b - 1]) || t[b - 1] == '.' || t[b - 1] == ',' || t[b - 1] == ';' ||
                     t[b - 1] == ':'))
        b--;
    unsigned words = b > a ? 1 : 0;
    for (size_t i = a; i < b; i++)
        if (t[i] == ' ' && i + 1 < b && t[i + 1] != ' ')
            words++;
    if (words < 3)
        return TRACUU_OK;
    section_finding f = {a, b};
    return text_buf_put(out, &f, sizeof f);
}

/* Is text[i] (a '.', '!' or '?') a sentence end: followed by white space and then a capital,
 * a digit or a list marker (not "4.200", not "v.v."). */
static int
sentence_end(const char *t, size_t i, size_t e)
{
    if (i + 1 >= e)
        return 1;
    if (!is_sp(t[i + 1]))
        return 0;
    size_t k = i + 1;
    while (k < e && is_sp(t[k]))
        k++;
    if (k >= e)
        return 1;
    unsigned char c = (unsigned char)t[k];
    if (i >= 1 && t[i - 1] == 'v' && i >= 3 && t[i - 2] == '.') /* "v.v." */
        return 0;
    return is_upper_ascii((char)c) || c >= 0xC3 || (c >= '0' && c <= '9') || c == '-' ||
           c == '+' || c == '*';
}

tracuu_status
section_findings(const char *text, size_t s, size_t e, text_buf *out)
{
    /* The heading that opens a part ("II. HẠN CHẾ, TỒN TẠI", a line in capitals naming the
     * part) says nothing about the commune; a short list item naming a shortcoming ("-
     * Công tác tuyên truyền còn hạn chế") is a lower level and stays a finding. */
    if (heading_level(text, s, e) == 1 && cue_of(text, s, e) != SECTION_OTHER)
        return TRACUU_OK;
    size_t a = s;
    /* A lead-in ending in ":" (before any ";") is not a finding itself. */
    for (size_t i = s; i < e && i - s < 400; i++) {
        if (text[i] == ';')
            break;
        if (text[i] == ':' && i + 1 < e) {
            a = i + 1;
            break;
        }
    }
    tracuu_status st = TRACUU_OK;
    size_t piece = a;
    for (size_t i = a; i < e && st == TRACUU_OK; i++) {
        char c = text[i];
        int cut = c == ';' || ((c == '.' || c == '!' || c == '?') && sentence_end(text, i, e));
        if (c == '\n') {
            size_t k = i + 1, ml;
            while (k < e && (text[k] == ' ' || text[k] == '\t'))
                k++;
            cut = marker(text, k, e, &ml) != 0;
        }
        if (cut) {
            st = add_piece(text, piece, i, out);
            piece = i + 1;
        }
    }
    if (st == TRACUU_OK && piece < e)
        st = add_piece(text, piece, e, out);
    return st;
}
