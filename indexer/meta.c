/*
 * meta.c - report metadata from front matter, folders and text; see meta.h for the order.
 */
#include "meta.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "abbrev.h"
#include "buf.h"
#include "cite.h"
#include "extract.h"
#include "schema.h"
#include "syllable.h"
#include "token.h"

/* Only the top of a report names its place and author; reading further finds the places
 * and organs it talks about. */
#define HEADER_BYTES 3000
#define HEADER_TOKENS 600

void
meta_term(char *out, size_t outsz, const char *prefix, const char *name)
{
    char key[META_NAME_MAX * 2];
    abbrev_fold_key(name, key, sizeof key);
    if (key[0])
        snprintf(out, outsz, "%s%s", prefix, key);
    else
        out[0] = '\0';
}

/* ---- kind ---------------------------------------------------------------------------- */

static const char *const kinds[] = {REPORT_KINDS};

/* A kind as written in front matter ("Sơ kết", "so-ket"), or NULL. */
static const char *
kind_named(const char *v)
{
    char key[64];
    abbrev_fold_key(v, key, sizeof key);
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        char k[16];
        snprintf(k, sizeof k, "%s", kinds[i]);
        for (char *p = k; *p; p++)
            if (*p == '-')
                *p = ' ';
        if (!strcmp(key, k))
            return kinds[i];
    }
    return NULL;
}

const char *
meta_kind_of(const char *title, const char *path)
{
    if (title && *title) {
        char f[1024];
        abbrev_fold_key(title, f, sizeof f);
        const char *k = NULL;
        if (f[0]) {
            /* the first six words, each between spaces */
            char head[1100];
            snprintf(head, sizeof head, " %s ", f);
            int words = 0;
            for (char *p = head + 1; *p; p++)
                if (*p == ' ' && ++words == 6) {
                    p[1] = '\0';
                    break;
                }
            if (!strncmp(head, " so ket ", 8) || !strncmp(head, " bao cao so ket ", 16))
                k = "so-ket";
            else if (!strncmp(head, " tong ket ", 10) || !strncmp(head, " bao cao tong ket ", 18))
                k = "tong-ket";
            else if (!strncmp(head, " ke hoach ", 10))
                k = "ke-hoach";
            else if (strstr(head, " khao sat "))
                k = "khao-sat";
            else if (!strncmp(head, " bao cao ", 9))
                k = "bao-cao";
        }
        if (k)
            return k;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strlen(base) > 5 && isdigit((unsigned char)base[0]) && base[4] == '-')
        for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
            size_t n = strlen(kinds[i]);
            if (!strncmp(base + 5, kinds[i], n) && (base[5 + n] == '-' || base[5 + n] == '.'))
                return kinds[i];
        }
    return extract_format_of(path) == EXTRACT_HTML ? "tin" : NULL;
}

/* ---- dates --------------------------------------------------------------------------- */

static void
set_date(doc_meta *m, const char *yyyymmdd, const char *from)
{
    /* Callers pass YYYYMMDD or YYYY; anything longer is not a date we know how to show,
     * so it is dropped rather than cut (a cut date would be a wrong one). Checking the
     * length also tells -O3's -Wformat-truncation the copy fits. */
    size_t n = strlen(yyyymmdd);
    if (n >= sizeof m->date)
        return;
    memcpy(m->date, yyyymmdd, n + 1);
    if (n == 8)
        snprintf(m->iso, sizeof m->iso, "%.4s-%.2s-%.2s", m->date, m->date + 4, m->date + 6);
    else
        snprintf(m->iso, sizeof m->iso, "%s", m->date);
    m->date_from = from;
}

static void
put_ymd(char out[9], int y, int m, int d)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%04d%02d%02d", y % 10000, m % 100, d % 100);
    memcpy(out, tmp, 8);
    out[8] = '\0';
}

/* "2018-06-11", "11/6/2018", "11-6-2018", "2018" into YYYYMMDD / YYYY; 0 when not a date. */
static int
parse_date(const char *v, char out[9])
{
    int a, b, c;
    char tail;
    if (sscanf(v, "%4d-%2d-%2d%c", &a, &b, &c, &tail) == 3 && a > 1900 && b >= 1 && b <= 12 &&
        c >= 1 && c <= 31) {
        put_ymd(out, a, b, c);
        return 1;
    }
    if ((sscanf(v, "%2d/%2d/%4d%c", &c, &b, &a, &tail) == 3 ||
         sscanf(v, "%2d-%2d-%4d%c", &c, &b, &a, &tail) == 3) &&
        a > 1900 && b >= 1 && b <= 12 && c >= 1 && c <= 31) {
        put_ymd(out, a, b, c);
        return 1;
    }
    if (sscanf(v, "%4d%c", &a, &tail) == 1 && a > 1900 && a < 2200 && strlen(v) == 4) {
        memcpy(out, v, 4);
        out[4] = '\0';
        return 1;
    }
    return 0;
}

/* ---- front matter -------------------------------------------------------------------- */

static void
copy_trimmed(char *out, size_t outsz, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '"'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"' || s[n - 1] == '\r'))
        n--;
    if (n >= outsz)
        n = outsz - 1;
    /* never cut a character in two */
    while (n && n < strlen(s) && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(out, s, n);
    out[n] = '\0';
}

/* Front matter: "---" on the first line, "key: value" lines, "---". Keys in English or
 * Vietnamese (xã, huyện, tỉnh, cơ quan, loại, ngày, tiêu đề). Returns the bytes it takes. */
static size_t
front_matter(doc_meta *m, const char *t, size_t n)
{
    if (n < 8 || memcmp(t, "---\n", 4))
        return 0;
    size_t i = 4;
    for (int lines = 0; i < n && lines < 40 && i < 8192; lines++) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - t) : n;
        if (e - i == 3 && !memcmp(t + i, "---", 3)) {
            size_t end = e < n ? e + 1 : e;
            while (end < n && t[end] == '\n')
                end++;
            return end;
        }
        const char *colon = memchr(t + i, ':', e - i);
        if (!colon)
            return 0; /* not front matter after all: a rule line in the text */
        char key[64], val[META_NAME_MAX * 4], k[64];
        copy_trimmed(key, sizeof key, t + i, (size_t)(colon - (t + i)));
        copy_trimmed(val, sizeof val, colon + 1, (size_t)(t + e - colon - 1));
        abbrev_fold_key(key, k, sizeof k);
        char d[9];
        if (!strcmp(k, "commune") || !strcmp(k, "xa") || !strcmp(k, "phuong"))
            snprintf(m->commune, sizeof m->commune, "%s", val);
        else if (!strcmp(k, "district") || !strcmp(k, "huyen"))
            snprintf(m->district, sizeof m->district, "%s", val);
        else if (!strcmp(k, "province") || !strcmp(k, "tinh"))
            snprintf(m->province, sizeof m->province, "%s", val);
        else if (!strcmp(k, "body") || !strcmp(k, "co quan") || !strcmp(k, "don vi"))
            snprintf(m->body, sizeof m->body, "%s", val);
        else if (!strcmp(k, "title") || !strcmp(k, "tieu de"))
            snprintf(m->title, sizeof m->title, "%s", val);
        else if ((!strcmp(k, "kind") || !strcmp(k, "loai")) && kind_named(val))
            snprintf(m->kind, sizeof m->kind, "%s", kind_named(val));
        else if ((!strcmp(k, "date") || !strcmp(k, "ngay")) && parse_date(val, d))
            set_date(m, d, "front-matter");
        i = e + 1;
    }
    return 0;
}

/* ---- folders ------------------------------------------------------------------------- */

/* The level a folder's name says it is (its folded key starts with the word of a level):
 * 1 commune ("xa-my-hoa", "Phường 7", "thi-tran-cho-lach"), 2 district ("huyen-...",
 * "Quận 3", "thi-xa-..."), 3 province ("tinh-...", "thanh-pho-..."); 0 for anything else. */
static int
place_level(const char *name, size_t n)
{
    static const struct {
        const char *word;
        int level;
    } words[] = {
        {"xa ", 1},     {"phuong ", 1}, {"thi tran ", 1}, {"huyen ", 2},
        {"quan ", 2},   {"thi xa ", 2}, {"tinh ", 3},     {"thanh pho ", 3},
    };
    char raw[META_NAME_MAX], key[META_NAME_MAX];
    if (n == 0 || n >= sizeof raw)
        return 0;
    memcpy(raw, name, n);
    raw[n] = '\0';
    abbrev_fold_key(raw, key, sizeof key);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strncmp(key, words[i].word, strlen(words[i].word)))
            return words[i].level;
    return 0;
}

/* The folders from the root (its own name included) down to the file's: below a base the
 * user named, the last three by position; elsewhere those whose names say their level. */
static void
from_folders(doc_meta *m, const char *path, const char *root, int root_is_base)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return;
    /* The root folder: root itself, or the file's folder when the file was named. */
    size_t rootlen = root ? strlen(root) : 0;
    while (rootlen > 1 && root[rootlen - 1] == '/')
        rootlen--;
    if (!root || rootlen >= (size_t)(slash - path) || strncmp(path, root, rootlen) ||
        path[rootlen] != '/')
        rootlen = (size_t)(slash - path);
    /* start of the root folder's own name */
    size_t top = rootlen;
    while (top > 0 && path[top - 1] != '/')
        top--;
    char *fields[3] = {m->commune, m->district, m->province};
    const char *end = slash;
    /* bounded by the path's folders; a named base takes three, a guess looks at eight */
    for (int k = 0; k < (root_is_base ? 3 : 8) && end > path + top; k++) {
        const char *start = end;
        while (start > path + top && start[-1] != '/')
            start--;
        int level = root_is_base ? k + 1 : place_level(start, (size_t)(end - start));
        if (level && !fields[level - 1][0])
            copy_trimmed(fields[level - 1], META_NAME_MAX, start, (size_t)(end - start));
        end = start - 1;
    }
}

/* ---- text ---------------------------------------------------------------------------- */

/* A header token. Its exact form (lower case, with its marks) is not kept: only body_of
 * asks for it, of a few tokens after an organ's name (exact_in). */
typedef struct htok {
    size_t start, end;
    char folded[TEXT_TOKEN_MAX_BYTES + 1];
    unsigned char flen; /* strlen(folded) */
    int cap;  /* starts with a capital letter or is a number */
    int number; /* is a number */
    int tight; /* only one space before it: still the same phrase */
} htok;

static int
starts_upper(const char *t, size_t a, size_t b)
{
    unsigned char c = (unsigned char)t[a];
    if (c < 0x80) /* ASCII: the only upper-case letters (Lu) are A to Z */
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)t + a, (utf8proc_ssize_t)(b - a), &cp) <= 0)
        return 0;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU || (cp >= '0' && cp <= '9');
}

/* The tokens of the header t[0..n) (n at most HEADER_BYTES) into v[0..max). */
static size_t
header_tokens(const char *t, size_t n, htok *v, size_t max)
{
    text_tokenizer tz;
    text_token tok;
    text_buf f = TEXT_BUF_INIT(256);
    size_t k = 0, prev_end = 0;
    text_tokenizer_init(&tz, t, n, NULL);
    while (k < max && text_tokenizer_next(&tz, &tok)) {
        if (tok.end - tok.start > TEXT_TOKEN_MAX_BYTES)
            continue;
        text_buf_reset(&f);
        if (text_token_forms(t, tok.start, tok.end, NULL, &f, NULL) != TRACUU_OK || !f.len)
            continue;
        v[k].start = tok.start;
        v[k].end = tok.end;
        v[k].flen = (unsigned char)text_copy(v[k].folded, sizeof v[k].folded, f.ptr, f.len);
        v[k].cap = starts_upper(t, tok.start, tok.end);
        v[k].number = tok.kind == TEXT_TOK_NUMBER;
        v[k].tight = k == 0 || (tok.start == prev_end + 1 && t[prev_end] == ' ');
        prev_end = tok.end;
        k++;
    }
    text_buf_free(&f);
    return k;
}

/* "Sơn Định" from "SƠN ĐỊNH": lower-case every letter but a word's first (s holds at
 * least META_NAME_MAX bytes). */
/* No lower-case letter in s. */
static int
all_upper(const char *s)
{
    size_t n = strlen(s);
    for (utf8proc_ssize_t i = 0; i < (utf8proc_ssize_t)n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &cp);
        if (l <= 0)
            return 0;
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
            return 0;
        i += l;
    }
    return 1;
}

static void
title_case(char *s)
{
    size_t n = strlen(s), o = 0;
    int word_start = 1;
    if (!all_upper(s))
        return;
    char out[META_NAME_MAX];
    for (utf8proc_ssize_t i = 0; i < (utf8proc_ssize_t)n && o + 5 < sizeof out;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate((utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &cp);
        if (l <= 0)
            return;
        if (!word_start)
            cp = utf8proc_tolower(cp);
        word_start = cp == ' ';
        o += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + o);
        i += l;
    }
    out[o] = '\0';
    memcpy(s, out, o + 1);
}

/* The name after tokens v[i..i+w) ("xã" + "Sơn Định"): capitalized tokens or a number,
 * in one phrase, at most four; copied to out. */
static int
name_after(const char *t, const htok *v, size_t nt, size_t i, size_t w, char *out, size_t outsz)
{
    size_t a = i + w, b = a;
    /* A number is a name only on its own ("phường 7"): "xã Bình Phú 2015-2017" ends
     * before it. */
    while (b < nt && b - a < 4 && v[b].cap && v[b].tight && !(b > a && v[b].number))
        b++;
    if (b == a || !strcmp(v[a].folded, "uy"))
        return 0; /* "Huyện ủy", "Tỉnh ủy": an organ, not a place */
    copy_trimmed(out, outsz, t + v[a].start, v[b - 1].end - v[a].start);
    title_case(out);
    return 1;
}

static int
at(const htok *v, size_t nt, size_t i, const char *phrase, size_t *w)
{
    /* Asked for every token and phrase: most differ in their first byte (neither a folded
     * form nor a phrase is ever empty, so this reads inside both). */
    if (i >= nt || v[i].folded[0] != phrase[0])
        return 0;
    size_t k = 0;
    for (const char *p = phrase; *p; k++) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        if (i + k >= nt || v[i + k].flen != len || memcmp(v[i + k].folded, p, len) ||
            (k && !v[i + k].tight))
            return 0;
        p += len;
        while (*p == ' ')
            p++;
    }
    *w = k;
    return 1;
}

/* Place names the text gives: the first "xã|phường|thị trấn X", "huyện|quận|thị xã|thành phố
 * X", "tỉnh X" (unless front matter or folders gave one that disagrees: then only the
 * spelling of an agreeing one is taken). */
/* Take `found` for field when field is empty, or when it names the same place (the
 * folder's name, spelled with its marks). 1 when taken. */
static int
agree(char *field, const char *found)
{
    char key[META_NAME_MAX * 2], fkey[META_NAME_MAX * 2];
    abbrev_fold_key(field, key, sizeof key);
    abbrev_fold_key(found, fkey, sizeof fkey);
    if (key[0] && strcmp(fkey, key))
        return 0;
    snprintf(field, META_NAME_MAX, "%s", found);
    return 1;
}

static int
place(char *field, const char *t, const htok *v, size_t nt, const char *const *levels)
{
    char found[META_NAME_MAX];
    for (size_t i = 0; i < nt; i++)
        for (size_t l = 0; levels[l]; l++) {
            size_t w;
            if (!at(v, nt, i, levels[l], &w))
                continue;
            /* "thị xã" is a town, not "xã" */
            if (!strcmp(levels[l], "xa") && i > 0 && !strcmp(v[i - 1].folded, "thi"))
                continue;
            if (name_after(t, v, nt, i, w, found, sizeof found) && agree(field, found))
                return 1;
        }
    return 0;
}

/* The place of the dateline, "Bình Phú, ngày 28 tháng 9 năm 2017" at the start of a line:
 * the commune a report is written in, when the text never says "xã Bình Phú". */
static int
dateline_place(char *field, const char *t, const htok *v, size_t nt)
{
    char found[META_NAME_MAX];
    for (size_t i = 0; i < nt; i++) {
        if (!v[i].cap || v[i].number || (v[i].start > 0 && t[v[i].start - 1] != '\n'))
            continue;
        size_t b = i;
        while (b < nt && b - i < 4 && v[b].cap && !v[b].number && (b == i || v[b].tight))
            b++;
        if (b == i || b >= nt || t[v[b - 1].end] != ',' || strcmp(v[b].folded, "ngay"))
            continue;
        copy_trimmed(found, sizeof found, t + v[i].start, v[b - 1].end - v[i].start);
        title_case(found);
        if (agree(field, found))
            return 1;
    }
    return 0;
}

/* Organs that write reports, folded, and which of their words take a capital ("U") in
 * the usual spelling ("Ủy ban Mặt trận Tổ quốc"): an upper-case header is re-cased by it. */
static const struct {
    const char *folded, *caps;
} organs[] = {
    {"ban dan van", "UUl"},        {"dang uy", "Ul"},
    {"uy ban nhan dan", "Ulll"},   {"ubnd", "U"},
    {"uy ban mat tran to quoc", "UlUlUl"}, {"uy ban mttq", "UlU"},
    {"ban thuong vu", "UUl"},      {"ban chi dao", "UUl"},
    {"hoi nong dan", "UUl"},       {"hoi lien hiep phu nu", "UUlUl"},
    {"doan thanh nien", "UUl"},    {"hoi cuu chien binh", "UUll"},
    {"mat tran to quoc", "UlUl"},  {"huyen uy", "Ul"},
    {"tinh uy", "Ul"},             {"ban tuyen giao", "UUl"},
    {"ban to chuc", "UUl"},        {"uy ban kiem tra", "UlUl"},
    {"khoi dan van", "Ull"},       {"khoi van", "Ul"},
};
#define NORGANS (sizeof organs / sizeof *organs)
/* Lower-case words that may follow an organ's name as part of it, with their marks
 * ("quận", not "quán"). */
static const char *const organ_tail[] = {"xã", "phường", "thị", "trấn", "huyện", "tỉnh",
                                         "quận", "ủy", "thành", "phố", NULL};
/* Document types: "Chỉ thị 16-CT/TU của Ban Thường vụ Tỉnh ủy" names who issued a cited
 * document, while "Báo cáo ... của Ủy ban Mặt trận Tổ quốc xã" names the author. */
static const char *const cited_types[] = {"nghi quyet", "quyet dinh", "chi thi", "ket luan",
                                          "quy dinh", "huong dan", "nghi dinh", "thong tu",
                                          "cong van", "phap lenh", NULL};

/* Does a document type stand in the few tokens before token i? */
static int
after_cited_type(const htok *v, size_t i)
{
    for (size_t k = i > 8 ? i - 8 : 0; k + 1 < i; k++)
        for (size_t c = 0; cited_types[c]; c++) {
            size_t w;
            if (at(v, i, k, cited_types[c], &w))
                return 1;
        }
    return 0;
}
/* Where a report names the organ that writes it: its header and title, or the first
 * sentence of a news item; an organ further down is one the text talks about. */
#define BODY_BYTES 600

static int
in_list(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(w, list[i]))
            return 1;
    return 0;
}

/* Is the exact form of token x (lower case, with its marks) one of list? */
static int
exact_in(const char *t, const htok *x, const char *const *list)
{
    text_buf e = TEXT_BUF_INIT(256);
    int in = text_token_forms(t, x->start, x->end, &e, NULL, NULL) == TRACUU_OK && e.ptr &&
             in_list(e.ptr, list);
    text_buf_free(&e);
    return in;
}

/* Write word [a, b) of s into out lower-cased, or with its first letter upper-cased. */
static void
put_cased(text_buf *out, const char *s, size_t a, size_t b, int upper_first)
{
    for (size_t i = a; i < b;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(b - i), &cp);
        if (l <= 0)
            return;
        text_buf_put_cp(out, i == a && upper_first ? utf8proc_toupper(cp) : utf8proc_tolower(cp));
        i += (size_t)l;
    }
}

/* "ỦY BAN MTTQ VIỆT NAM XÃ TẬP NGÃI" -> "Ủy ban MTTQ Việt Nam xã Tập Ngãi": an all-capitals
 * organ name in its usual spelling. The organ's words as its caps say; level words (xã,
 * huyện...) lower-case and the place name after them capitalized; "Việt Nam" and "Đảng"
 * capitalized; a word that is no syllable (MTTQ, HĐND) kept in capitals; the rest lower. */
static void
organ_case(char *s, size_t o)
{
    if (!all_upper(s))
        return;
    text_buf out = TEXT_BUF_INIT(META_NAME_MAX * 2);
    const char *caps = organs[o].caps;
    size_t n = strlen(s), w = 0;
    int in_name = 0;
    char prev[TEXT_TOKEN_MAX_BYTES * 2] = "";
    for (size_t i = 0; i < n; w++) {
        while (i < n && s[i] == ' ')
            i++;
        size_t e = i;
        while (e < n && s[e] != ' ')
            e++;
        if (e == i)
            break;
        char f[TEXT_TOKEN_MAX_BYTES * 2];
        copy_trimmed(f, sizeof f, s + i, e - i);
        char key[TEXT_TOKEN_MAX_BYTES * 2];
        abbrev_fold_key(f, key, sizeof key);
        int32_t cps[TEXT_SYLLABLE_MAX + 1];
        size_t ncp = text_utf8_to_cps(f, cps, TEXT_SYLLABLE_MAX + 1);
        int syllable = ncp <= TEXT_SYLLABLE_MAX && text_syllable_valid(cps, ncp, TEXT_SYL_MARKED);
        if (out.len)
            text_buf_putc(&out, ' ');
        if (!syllable)
            text_buf_put(&out, s + i, e - i);
        else if (w < strlen(caps))
            put_cased(&out, s, i, e, caps[w] == 'U');
        else {
            int level = in_list(key, (const char *const[]){"xa", "phuong", "huyen", "tinh",
                                                           "quan", "thi", "tran", "thanh",
                                                           "pho", NULL}) &&
                        !in_name;
            /* "thị trấn", "thị xã", "thành phố": the level goes on over two words */
            if (level && (!strcmp(key, "tran") || !strcmp(key, "pho")) &&
                strcmp(prev, "thi") && strcmp(prev, "thanh"))
                level = 0;
            int upper = in_name || !strcmp(key, "viet") || !strcmp(key, "nam") ||
                        !strcmp(key, "dang");
            put_cased(&out, s, i, e, upper && !level);
            if (level && strcmp(key, "thi") && strcmp(key, "thanh"))
                in_name = 1;
        }
        snprintf(prev, sizeof prev, "%s", key);
        i = e;
    }
    if (out.ptr && out.len < META_NAME_MAX)
        memcpy(s, out.ptr, out.len + 1);
    text_buf_free(&out);
}

static void
body_of(doc_meta *m, const char *t, const htok *v, size_t nt)
{
    for (size_t i = 0; i < nt && v[i].start < BODY_BYTES; i++) {
        if (!v[i].cap || v[i].number)
            continue;
        for (size_t o = 0; o < NORGANS; o++) {
            size_t w;
            if (!at(v, nt, i, organs[o].folded, &w))
                continue;
            size_t b = i + w;
            while (b < nt && b - i < w + 6 && v[b].tight && !v[b].number &&
                   (v[b].cap || exact_in(t, &v[b], organ_tail)))
                b++;
            /* "(Chỉ thị ...) của Ban Thường vụ Tỉnh ủy": the issuer of a cited document,
             * not the writer; skip the whole name */
            if (i > 0 && !strcmp(v[i - 1].folded, "cua") && after_cited_type(v, i - 1)) {
                i = b - 1;
                break;
            }
            copy_trimmed(m->body, sizeof m->body, t + v[i].start, v[b - 1].end - v[i].start);
            organ_case(m->body, o);
            return;
        }
    }
}

static void
from_text(doc_meta *m, const char *t, size_t n)
{
    /* Every token the header holds is written before it is read, so the array is not
     * zeroed; and a token takes at least a byte, so a short header needs fewer. */
    size_t hn = n < HEADER_BYTES ? n : HEADER_BYTES;
    size_t max = hn < HEADER_TOKENS ? hn : HEADER_TOKENS;
    htok *v = malloc((max ? max : 1) * sizeof *v);
    if (!v)
        return;
    size_t nt = header_tokens(t, hn, v, max);
    static const char *const communes[] = {"xa", "phuong", "thi tran", NULL};
    static const char *const districts[] = {"huyen", "quan", "thi xa", "thanh pho", NULL};
    static const char *const provinces[] = {"tinh", NULL};
    if (!place(m->commune, t, v, nt, communes))
        dateline_place(m->commune, t, v, nt);
    place(m->district, t, v, nt, districts);
    place(m->province, t, v, nt, provinces);
    if (!m->body[0])
        body_of(m, t, v, nt);
    free(v);
}

/* ---- all together -------------------------------------------------------------------- */

/* The document's own number from its header ("Số: 25-NQ/TW", "Số 123/BC-UBND"): the one
 * reader text/cite.c has, so the number the record carries is the one citations leave
 * out. */
static void
own_number(doc_meta *m, const char *t, size_t n)
{
    cite_header h;
    m->number[0] = '\0';
    if (cite_own_number(t, n, &h))
        text_copy(m->number, sizeof m->number, h.id, strlen(h.id));
}

void
meta_of(doc_meta *m, const char *path, const char *root, int root_is_base, const char *text,
        size_t n, const char *title, const char *created)
{
    memset(m, 0, sizeof *m);
    m->body_offset = front_matter(m, text, n);
    const char *t = text + m->body_offset;
    size_t tn = n - m->body_offset;
    from_folders(m, path, root, root_is_base);
    from_text(m, t, tn);
    if (!m->date[0]) {
        char d[9];
        if (cite_report_date(t, tn, d))
            set_date(m, d, "text");
    }
    if (!m->date[0]) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        if (strlen(base) > 5 && (base[0] == '1' || base[0] == '2') &&
            isdigit((unsigned char)base[1]) && isdigit((unsigned char)base[2]) &&
            isdigit((unsigned char)base[3]) && base[4] == '-') {
            char y[5];
            snprintf(y, sizeof y, "%.4s", base);
            set_date(m, y, "file-name");
        }
    }
    if (!m->date[0] && created && strlen(created) == 10 && created[4] == '-' && created[7] == '-') {
        char d[9];
        snprintf(d, sizeof d, "%.4s%.2s%.2s", created, created + 5, created + 8);
        set_date(m, d, "properties");
    }
    own_number(m, t, tn);
    if (!m->kind[0] && title) {
        const char *k = meta_kind_of(title, path);
        if (k)
            snprintf(m->kind, sizeof m->kind, "%s", k);
    }
}
