/*
 * cite.c - the citation extractor; see cite.h for what it finds.
 *
 * Two passes over a document. Formal numbers are found on the bytes (they are made of
 * digits, letters and the separators - and /, which the tokenizer drops); everything else
 * on the syllable tokens, compared by folded form so "Quyet dinh" and "Quyết định" are the
 * same words. Both passes keep the document's citations in order so later short mentions
 * and aliases resolve to earlier full ones.
 */
#include "cite.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "decode.h"
#include "normalize.h"
#include "token.h"
#include "vnchar.h"

/* ---- codes ------------------------------------------------------------------------------ */

/* Type codes with their canonical spelling; `key` is the folded upper-case form used to
 * recognise them written without marks or in another case. */
static const struct {
    const char *key, *canon;
    int party; /* used in Party numbers N-TYPE/ISSUER */
} types[] = {
    {"NQ", "NQ", 1},     {"QD", "QĐ", 1},    {"QDI", "QĐi", 1},  {"QYD", "QyĐ", 0},
    {"CT", "CT", 1},     {"KL", "KL", 1},    {"HD", "HD", 1},    {"TB", "TB", 1},
    {"BC", "BC", 1},     {"KH", "KH", 1},    {"CTR", "CTr", 1},  {"CTHD", "CTHĐ", 1},
    {"QC", "QC", 1},     {"CV", "CV", 1},    {"TTR", "TTr", 1},  {"DA", "ĐA", 1},
    {"PA", "PA", 0},     {"BB", "BB", 0},    {"CD", "CĐ", 0},    {"GM", "GM", 0},
    {"TT", "TT", 0},     {"TTLT", "TTLT", 0}, {"NQLT", "NQLT", 0}, {"ND", "NĐ", 0},
    {"PL", "PL", 0},     {"HDLT", "HDLT", 0}, {"QDLT", "QĐLT", 0}, {"TTG", "TTg", 0},
};

/* Issuer codes. Party ones make a Party number whatever the separators. */
static const struct {
    const char *key, *canon;
    int party;
} issuers[] = {
    {"TW", "TW", 1},       {"TU", "TU", 1},          {"HU", "HU", 1},
    {"DU", "ĐU", 1},       {"DUK", "ĐUK", 1},        {"VPTW", "VPTW", 1},
    {"UBKTTW", "UBKTTW", 1}, {"BTCTW", "BTCTW", 1},  {"BTGTW", "BTGTW", 1},
    {"BDVTW", "BDVTW", 1}, {"QUTW", "QUTW", 1},      {"DUQSTW", "ĐUQSTW", 1},
    {"BDVTU", "BDVTU", 1}, {"BDVHU", "BDVHU", 1},    {"VPQU", "VPQU", 1},
    {"THU", "ThU", 1},     {"QU", "QU", 1},          {"DUTCT", "ĐUTCT", 1},
    {"CP", "CP", 0},       {"TTG", "TTg", 0},        {"QH", "QH", 0},
    {"UBTVQH", "UBTVQH", 0}, {"UBND", "UBND", 0},    {"HDND", "HĐND", 0},
    {"BGDDT", "BGDĐT", 0}, {"BNV", "BNV", 0},        {"UBTWMTTQVN", "UBTWMTTQVN", 0},
    {"MTTQ", "MTTQ", 0},   {"UBMTTQ", "UBMTTQ", 0},
};

#define NTYPES (sizeof types / sizeof *types)
#define NISSUERS (sizeof issuers / sizeof *issuers)

/* Folded upper-case key of a code as written ("QĐi" -> "QDI", "tw" -> "TW"). */
static size_t
code_key(const char *s, size_t n, char *key, size_t keysz, int *has_upper, int *has_lower)
{
    size_t k = 0;
    *has_upper = *has_lower = 0;
    for (size_t i = 0; i < n && k + 1 < keysz;) {
        int32_t cp = text_utf8_next(s, n, &i);
        vn_info v = vn_lookup(cp);
        if (cp == '.' || cp == '&')
            continue; /* T.Ư, GD&ĐT */
        if (v.cls == VN_DIGIT) {
            key[k++] = (char)cp;
            continue;
        }
        if (v.cls != VN_LETTER || v.fold >= 0x80 || v.fold == 0)
            return 0;
        if (v.upper)
            *has_upper = 1;
        else
            *has_lower = 1;
        key[k++] = (char)toupper((int)v.fold);
    }
    key[k] = '\0';
    return k;
}

static int
find_type(const char *key)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (!strcmp(types[i].key, key))
            return (int)i;
    return -1;
}

static int
find_issuer(const char *key)
{
    for (size_t i = 0; i < NISSUERS; i++)
        if (!strcmp(issuers[i].key, key))
            return (int)i;
    return -1;
}

/* TƯ, T.Ư, Tư are Trung ương (TW), though their folded key is that of TU (Tỉnh ủy):
 * tell them apart by the Ư as written. */
static int
written_is_tw(const char *s, size_t n)
{
    if (n > 5 || (s[0] != 'T' && s[0] != 't'))
        return 0;
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xC6 &&
            ((unsigned char)s[i + 1] == 0xAF || (unsigned char)s[i + 1] == 0xB0))
            return 1;
    return 0;
}

/* Copy the string src into dst (size bytes) when it fits whole: 1, else 0. The copies of
 * codes run for every number of every document; snprintf's format parsing cost more than
 * the copy. */
static int
copy_whole(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        return 0;
    memcpy(dst, src, n + 1);
    return 1;
}

/* Canonical type code into out; 0 when the letters cannot be a type code (a lower-case
 * word such as "giờ" in "24-giờ/ngày"). */
static int
canon_type(const char *s, size_t n, char *out, size_t outsz, int *party)
{
    char key[16];
    int up, low;
    if (!code_key(s, n, key, sizeof key, &up, &low) || strlen(key) > 6)
        return 0;
    int t = find_type(key);
    if (t >= 0) {
        text_copy(out, outsz, types[t].canon, strlen(types[t].canon));
        *party = types[t].party;
        return 1;
    }
    if (low || !up)
        return 0;
    text_copy(out, outsz, s, n); /* letters and digits: no NUL among them */
    *party = 1;
    return 1;
}

/* Canonical issuer (or any letter-digit group of a State number) into out. */
static int
canon_issuer(const char *s, size_t n, char *out, size_t outsz, int *party)
{
    char key[32];
    int up, low;
    *party = 0;
    if (written_is_tw(s, n)) {
        snprintf(out, outsz, "TW");
        *party = 1;
        return 1;
    }
    if (!code_key(s, n, key, sizeof key, &up, &low) || strlen(key) > 24)
        return 0;
    int t = find_issuer(key);
    if (t >= 0) {
        text_copy(out, outsz, issuers[t].canon, strlen(issuers[t].canon));
        *party = issuers[t].party;
        return 1;
    }
    /* QH15, UBTVQH11: a known issuer followed by the assembly term. */
    size_t kl = strlen(key);
    while (kl && isdigit((unsigned char)key[kl - 1]))
        kl--;
    if (kl && kl < strlen(key)) {
        char head[32];
        memcpy(head, key, kl);
        head[kl] = '\0';
        t = find_issuer(head);
        if (t >= 0) {
            snprintf(out, outsz, "%s%s", issuers[t].canon, key + kl);
            return 1;
        }
    }
    if (low || !up)
        return 0;
    /* Unknown: keep as written, upper case; Party when it ends like a Party committee. */
    char *o = out;
    for (size_t i = 0; i < n && (size_t)(o - out) + 4 < outsz;) {
        int32_t cp = text_utf8_next(s, n, &i);
        if (cp == '.')
            continue;
        o += text_utf8_put(o, vn_lookup(cp).upper || vn_lookup(cp).cls != VN_LETTER
                                  ? cp
                                  : (cp == 0x0111 ? 0x0110 : (int32_t)toupper((int)cp)));
    }
    *o = '\0';
    size_t ol = strlen(out);
    *party = (ol > 2 && (!strcmp(out + ol - 2, "TW") || !strcmp(out + ol - 2, "TU") ||
                         !strcmp(out + ol - 2, "HU"))) ||
             !strncmp(out, "\xC4\x90U", 3);
    return 1;
}

const char *
cite_resolution_name(int r)
{
    static const char *const names[] = {"exact", "informal", "registry", "back-reference",
                                        "ambiguous"};
    return r >= 0 && r <= CITE_AMBIGUOUS ? names[r] : "?";
}

void
cite_base(const char *id, char *base, size_t basesz)
{
    text_copy(base, basesz, id, strlen(id));
    char *at = strchr(base, '@');
    if (at)
        *at = '\0';
}

/* ---- formal numbers on the bytes ---------------------------------------------------------- */

static int
is_letter_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    size_t k = i;
    return vn_lookup(text_utf8_next(s, n, &k)).cls == VN_LETTER;
}

/* Length of the letter/digit/dot group at s[i] (a dot only between letters: T.Ư; in an
 * issuer group also '&' before a letter: BNV-CTTN&BĐG, BGD&ĐT). */
static size_t
group_len(const char *s, size_t n, size_t i, int digits_ok)
{
    size_t j = i;
    while (j < n) {
        size_t k = j;
        int32_t cp = text_utf8_next(s, n, &k);
        vn_info v = vn_lookup(cp);
        if (v.cls == VN_LETTER || (digits_ok && v.cls == VN_DIGIT) ||
            (cp == '.' && j > i && is_letter_at(s, n, k) && k + 4 > j && j - i <= 2) ||
            (cp == '&' && digits_ok && j > i && is_letter_at(s, n, k))) {
            j = k;
            continue;
        }
        break;
    }
    return j - i;
}

static size_t
skip_spaces(const char *s, size_t n, size_t i, int max)
{
    while (max-- > 0 && i < n && s[i] == ' ')
        i++;
    return i;
}

/* A group followed directly by lower-case letters is a code glued to a word ("TWcủa"):
 * keep the longest prefix that is a known code or all capitals. */
static size_t
trim_glued(const char *s, size_t i, size_t len)
{
    size_t caps = 0;
    for (size_t k = i; k < i + len;) {
        size_t at = k;
        int32_t cp = text_utf8_next(s, i + len, &k);
        vn_info v = vn_lookup(cp);
        if (v.cls == VN_LETTER && !v.upper) {
            /* A known mixed-case code (QĐi, CTr, ThU, TTg) keeps its lower-case letter. */
            size_t rest = i + len - k;
            if (rest == 0 && caps >= 1)
                return len;
            return caps >= 2 ? at - i : len;
        }
        caps++;
    }
    return len;
}

typedef struct formal {
    size_t start, end;
    char id[CITE_ID_MAX];
    char type[32];
    unsigned number;
} formal;

/* The rest of a State normative number N/YYYY/GROUP(-GROUP)*, the year at s[j]. */
static int
parse_normative(const char *s, size_t n, size_t i, size_t j, unsigned num, formal *f)
{
    unsigned year = (unsigned)atoi(s + j);
    if (year < 1945 || year > 2100)
        return 0;
    j += 5;
    char groups[CITE_ID_MAX] = "";
    int ngroups = 0, party = 0;
    while (j < n) {
        size_t gl = group_len(s, n, j, 1);
        gl = trim_glued(s, j, gl);
        if (!gl)
            break;
        char g[64];
        int ok = ngroups == 0 ? canon_type(s + j, gl, g, sizeof g, &party) : 0;
        if (!ok && !canon_issuer(s + j, gl, g, sizeof g, &party))
            break;
        size_t used = strlen(groups);
        snprintf(groups + used, sizeof groups - used, "%s%s", ngroups ? "-" : "", g);
        ngroups++;
        j += gl;
        if (j + 1 < n && s[j] == '-' && is_letter_at(s, n, j + 1))
            j++;
        else
            break;
    }
    if (!ngroups)
        return 0;
    f->start = i;
    f->end = j;
    if (snprintf(f->id, sizeof f->id, "%02u/%u/%s", num, year, groups) >= (int)sizeof f->id)
        return 0;
    if (snprintf(f->type, sizeof f->type, "%.*s", (int)strcspn(groups, "-"), groups) >= (int)sizeof f->type)
        return 0;
    f->number = num;
    return 1;
}

/* Try a formal number starting at s[i] (a digit). */
static int
parse_formal(const char *s, size_t n, size_t i, formal *f)
{
    size_t j = i;
    unsigned num = 0;
    while (j < n && isdigit((unsigned char)s[j]) && j - i < 6)
        num = num * 10 + (unsigned)(s[j++] - '0');
    if (j - i > 5 || j == i || (j < n && isdigit((unsigned char)s[j])) || num == 0)
        return 0;
    size_t after_num = j;
    j = skip_spaces(s, n, j, 2);
    char type[32], issuer[64];
    int tparty = 0, iparty = 0;
    if (j < n && (s[j] == '-' || is_letter_at(s, n, j))) {
        /* Party: N-TYPE/ISSUER, N TYPE/ISSUER glued (858CV/ĐUK) */
        if (s[j] == '-')
            j = skip_spaces(s, n, j + 1, 2);
        else if (j != after_num)
            return 0;
        size_t tl = group_len(s, n, j, 0);
        if (!tl || !canon_type(s + j, tl, type, sizeof type, &tparty))
            return 0;
        j = skip_spaces(s, n, j + tl, 2);
        /* 366-QĐ-TW: a hyphen for the slash, taken only before a Party issuer */
        if (j >= n || (s[j] != '/' && s[j] != '-'))
            return 0;
        int hyphen = s[j] == '-';
        j = skip_spaces(s, n, j + 1, 2);
        size_t il = group_len(s, n, j, 1);
        il = trim_glued(s, j, il);
        if (!il || !canon_issuer(s + j, il, issuer, sizeof issuer, &iparty) ||
            (hyphen && !iparty))
            return 0;
        f->start = i;
        f->end = j + il;
        if (snprintf(f->id, sizeof f->id, "%02u-%s/%s", num, type, issuer) >= (int)sizeof f->id)
            return 0;
        if (!copy_whole(f->type, sizeof f->type, type))
            return 0;
        f->number = num;
        return 1;
    }
    if (j >= n || s[j] != '/')
        return 0;
    j = skip_spaces(s, n, j + 1, 1);
    /* State normative: N/YYYY/GROUP(-GROUP)* */
    if (j + 5 <= n && isdigit((unsigned char)s[j]) && isdigit((unsigned char)s[j + 3]) &&
        s[j + 4] == '/' && (s[j] == '1' || s[j] == '2'))
        return parse_normative(s, n, i, j, num, f);
    /* N/TYPE-ISSUER: a Party number with State separators, or a State administrative one;
     * "27/NQ- TW" (a space after the hyphen), "60/NQ/TW" (slashes only: Party issuers). */
    size_t tl = group_len(s, n, j, 0);
    size_t sep = tl ? skip_spaces(s, n, j + tl, 1) : j;
    if (!tl || sep >= n || (s[sep] != '-' && s[sep] != '/'))
        return 0;
    int t_is_type = canon_type(s + j, tl, type, sizeof type, &tparty);
    int dummy;
    if (!t_is_type && !canon_issuer(s + j, tl, type, sizeof type, &dummy))
        return 0;
    size_t k = skip_spaces(s, n, sep + 1, 2);
    size_t il = trim_glued(s, k, group_len(s, n, k, 1));
    if (!il || !canon_issuer(s + k, il, issuer, sizeof issuer, &iparty))
        return 0;
    if (s[sep] == '/' && !(t_is_type && tparty && iparty))
        return 0;
    size_t end = k + il;
    f->start = i;
    f->number = num;
    if (!copy_whole(f->type, sizeof f->type, type))
        return 0;
    if (t_is_type && tparty && iparty) {
        f->end = end;
        if (snprintf(f->id, sizeof f->id, "%02u-%s/%s", num, type, issuer) >= (int)sizeof f->id)
            return 0;
        return 1;
    }
    /* More groups: 4912/UBND-NC-TH */
    char rest[64] = "";
    while (end + 1 < n && s[end] == '-' && is_letter_at(s, n, end + 1)) {
        size_t gl = trim_glued(s, end + 1, group_len(s, n, end + 1, 1));
        char g[40];
        if (!gl || !canon_issuer(s + end + 1, gl, g, sizeof g, &dummy))
            break;
        size_t used = strlen(rest);
        snprintf(rest + used, sizeof rest - used, "-%s", g);
        end += 1 + gl;
    }
    f->end = end;
    if (snprintf(f->id, sizeof f->id, "%02u/%s-%s%s", num, type, issuer, rest) >= (int)sizeof f->id)
        return 0;
    return 1;
}

int
cite_canonical(const char *spelling, char *id, size_t idsz)
{
    if (!spelling)
        return 0;
    char buf[256];
    text_buf norm = TEXT_BUF_INIT(1024);
    size_t sl = strlen(spelling);
    if (sl >= sizeof buf || text_utf8_check(spelling, sl) != sl ||
        text_normalize(&norm, spelling, sl) != TRACUU_OK) {
        text_buf_free(&norm);
        return 0;
    }
    snprintf(buf, sizeof buf, "%s", norm.ptr ? norm.ptr : "");
    text_buf_free(&norm);
    char *at = strchr(buf, '@');
    if (at)
        *at = '\0';
    size_t n = strlen(buf);
    if (text_utf8_check(buf, n) != n)
        return 0;
    size_t i = 0;
    while (i < n && !isdigit((unsigned char)buf[i]))
        i++;
    formal f;
    if (i >= n || !parse_formal(buf, n, i, &f))
        return 0;
    if (at)
        snprintf(id, idsz, "%s@%s", f.id, at + 1);
    else
        snprintf(id, idsz, "%s", f.id);
    return 1;
}

/* ---- tokens ------------------------------------------------------------------------------ */

/* One token. 16 bytes, not 40 (size_t fields): a document holds one per 4 or 5 bytes of
 * text, so this array was the largest allocation of indexing (a 60 MB text made 630 MB of
 * tokens). Offsets fit in 32 bits: cite_extract refuses a text of 4 GiB or more, and the
 * folded buffer is bounded at 1 GiB; a folded form is at most a few times
 * TEXT_TOKEN_MAX_BYTES (longer tokens get none). */
typedef struct ctok {
    uint32_t start, end;
    uint32_t f;    /* offset of the folded form in the folded buffer */
    uint8_t flen;  /* its length */
    uint8_t kind;
} ctok;

typedef struct doc {
    const char *s;
    size_t n;
    size_t lo, hi; /* the window of s being analysed: its tokens are t (cite_extract) */
    const registry *reg;
    const char *report_date; /* YYYYMMDD or NULL */
    ctok *t;
    size_t nt, tcap; /* tokens made, room for them */
    text_buf folded;
    text_buf *out;
    /* Aliases a document defines: folded text -> id. */
    struct {
        char *alias, *id;
    } *aliases;
    size_t naliases;
    /* Bytes inside a citation or an alias definition, one bit each. */
    unsigned char *used;
    char own[CITE_ID_MAX]; /* the document's own number (cite_own_number), "" when none */

    tracuu_status st;
} doc;

static const char *
tf(const doc *d, size_t i)
{
    return d->folded.ptr + d->t[i].f;
}

/* The rest of match_words, once the first bytes agree. */
static size_t
match_rest(const doc *d, size_t i, const char *w)
{
    size_t k = 0;
    while (*w) {
        size_t len = 0;
        while (w[len] && w[len] != ' ')
            len++;
        if (i + k >= d->nt || d->t[i + k].flen != len || memcmp(tf(d, i + k), w, len))
            return 0;
        k++;
        w += len + (w[len] == ' ');
    }
    return k;
}

/* Do tokens i.. spell the folded words w ("nghi quyet")? Returns how many tokens. This runs
 * for many tokens and most fail on their first two bytes, so those are compared here,
 * inline, before anything else: when w's second byte is a letter of its first word, the
 * token's second byte must be that letter (the token's form is read no further than its
 * NUL: its first byte is w's, not a NUL). */
static inline size_t
match_words(const doc *d, size_t i, const char *w)
{
    if (i >= d->nt)
        return 0;
    const char *f = tf(d, i);
    if (f[0] != w[0] || (w[0] && w[1] && w[1] != ' ' && f[1] != w[1]))
        return 0;
    return match_rest(d, i, w);
}

/* Only spaces (and at most one comma) between tokens a and b? */
static int
tight(const doc *d, size_t a, size_t b)
{
    int commas = 0;
    for (size_t i = d->t[a].end; i < d->t[b].start; i++) {
        if (d->s[i] == ',')
            commas++;
        else if (d->s[i] != ' ')
            return 0;
    }
    return commas <= 1;
}

static const struct {
    const char *words, *type;
    int state; /* a State document type: its number needs a year */
} type_words[] = {
    {"chuong trinh hanh dong", "CTHĐ", 0},
    {"chuong trinh dong", "CTHĐ", 0}, /* a typo seen in real reports */
    {"nghi quyet", "NQ", 0},
    {"quyet dinh", "QĐ", 0},
    {"chi thi", "CT", 0},
    {"ket luan", "KL", 0},
    {"quy dinh", "QĐi", 0},
    {"huong dan", "HD", 0},
    {"thong bao", "TB", 0},
    {"thong tri", "TTr", 0},
    {"ke hoach", "KH", 0},
    {"chuong trinh", "CTr", 0},
    {"cong van", "CV", 0},
    {"de an", "ĐA", 0},
    {"quy che", "QC", 0},
    {"nghi dinh", "NĐ", 1},
    {"thong tu", "TT", 1},
    {"phap lenh", "PL", 1},
};

#define NTYPEWORDS (sizeof type_words / sizeof *type_words)
_Static_assert(sizeof type_words / sizeof *type_words <= 32,
               "pass_informal keeps a bit per type word in a uint32_t");

/* Issuer phrases after "của"/"do", longest first within each code. */
static const struct {
    const char *words, *code;
} issuer_words[] = {
    {"ban chap hanh trung uong dang", "TW"},
    {"hoi nghi trung uong", "TW"},
    {"ban chap hanh trung uong", "TW"},
    {"bch trung uong", "TW"},
    {"bo chinh tri", "TW"},
    {"ban bi thu", "TW"},
    {"trung uong dang", "TW"},
    {"trung uong", "TW"},
    {"bch tw", "TW"},
    {"bct", "TW"},
    {"bbt", "TW"},
    {"ban thuong vu tinh uy", "TU"},
    {"thuong truc tinh uy", "TU"},
    {"btv tinh uy", "TU"},
    {"ban chap hanh dang bo tinh", "TU"},
    {"tinh uy", "TU"},
    {"thanh uy", "TU"},
    {"ban thuong vu huyen uy", "HU"},
    {"thuong truc huyen uy", "HU"},
    {"btv huyen uy", "HU"},
    {"ban chap hanh dang bo huyen", "HU"},
    {"huyen uy", "HU"},
    {"dang uy khoi", "ĐUK"},
    {"ban thuong vu dang uy", "ĐU"},
    {"btv dang uy", "ĐU"},
    {"dang uy xa", "ĐU"},
    {"dang uy", "ĐU"},
    {"uy ban thuong vu quoc hoi", "UBTVQH"},
    {"ubtvqh", "UBTVQH"},
    {"quoc hoi", "QH"},
    {"thu tuong chinh phu", "TTg"},
    {"thu tuong", "TTg"},
    {"chinh phu", "CP"},
    {"uy ban nhan dan", "UBND"},
    {"ubnd", "UBND"},
    {"hoi dong nhan dan", "HĐND"},
    {"hdnd", "HĐND"},
};

/* The issuer of an informal mention that names an organ outside Vietnamese document
 * numbering ("Nghị quyết 2231 của Hội đồng Bảo an"): compared by address. */
static const char FOREIGN[] = "?";

static int
party_code(const char *code)
{
    return !strcmp(code, "TW") || !strcmp(code, "TU") || !strcmp(code, "HU") ||
           !strcmp(code, "ĐU") || !strcmp(code, "ĐUK");
}

static void
mark_used(doc *d, size_t a, size_t b)
{
    for (size_t i = a; d->used && i < b && i < d->n; i++)
        d->used[i >> 3] |= (unsigned char)(1u << (i & 7));
}

static void
emit(doc *d, const char *id, size_t start, size_t end, int resolved)
{
    if (d->st != TRACUU_OK)
        return;
    char base[CITE_ID_MAX];
    cite_base(id, base, sizeof base);
    if (d->own[0] && !strcmp(base, d->own)) {
        mark_used(d, start, end); /* the document itself, not one of its citations */
        return;
    }
    cite c;
    memset(&c, 0, sizeof c);
    text_copy(c.id, sizeof c.id, id, strlen(id));
    c.start = start;
    c.end = end;
    c.resolved = resolved;
    d->st = text_buf_put(d->out, &c, sizeof c);
    mark_used(d, start, end);
}

static const cite *
cites_of(const doc *d, size_t *n)
{
    *n = d->out->len / sizeof(cite);
    return (const cite *)(void *)d->out->ptr;
}


/* Does any citation (or alias definition) already cover bytes [a, b)? Asked for most
 * tokens: the bitmap is read a byte (eight text bytes) at a time, not a bit at a time. */
static int
covered(const doc *d, size_t a, size_t b)
{
    if (b > d->n)
        b = d->n;
    if (!d->used || a >= b)
        return 0;
    size_t first = a >> 3, last = (b - 1) >> 3;
    for (size_t k = first; k <= last; k++) {
        unsigned mask = 0xFFu;
        if (k == first)
            mask &= 0xFFu << (a & 7); /* bits of bytes a.. */
        if (k == last)
            mask &= 0xFFu >> (7 - ((b - 1) & 7)); /* ..up to b - 1 */
        if (d->used[k] & mask)
            return 1;
    }
    return 0;
}

/* ---- telling reused numbers apart --------------------------------------------------------- */

/* The first token starting at or after byte `at` (binary search). */
static size_t
first_token(const doc *d, size_t at)
{
    size_t lo = 0, hi = d->nt;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->t[mid].start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A date written in a mention or just after it: "ngày 03/6/2013", "ngày 12-12-2013", "ngày
 * 12 tháng 12 năm 2013", in tokens starting in [a, b + 40). YYYY-MM-DD into out. */
/* The day, month and year written from token k on: "11/6/2018", "11-6-2018", "11 tháng
 * 6 năm 2018". YYYY-MM-DD into out. */
static int
dmy_at(const doc *d, size_t k, char out[11])
{
    if (k + 2 >= d->nt || d->t[k].kind != TEXT_TOK_NUMBER)
        return 0;
    size_t td = k, tm = k + 1, ty = k + 2;
    if (!strcmp(tf(d, tm), "thang") && k + 4 < d->nt && !strcmp(tf(d, k + 3), "nam")) {
        tm = k + 2;
        ty = k + 4;
    }
    unsigned dd = (unsigned)atoi(tf(d, td)), mm = (unsigned)atoi(tf(d, tm)),
             yy = (unsigned)atoi(tf(d, ty));
    if (dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12 && yy >= 1945 && yy <= 2100) {
        snprintf(out, 11, "%04u-%02u-%02u", yy, mm, dd);
        return 1;
    }
    return 0;
}

static int
date_after(const doc *d, size_t a, size_t b, char out[11])
{
    for (size_t k = first_token(d, a); k < d->nt && d->t[k].start < b + 40; k++)
        if (!strcmp(tf(d, k), "ngay") && dmy_at(d, k + 1, out))
            return 1;
    return 0;
}

/* "khóa XI" within `radius` bytes of [a, b): the Roman numeral, upper case. */
static int
khoa_near(const doc *d, size_t a, size_t b, size_t radius, char out[8])
{
    for (size_t k = first_token(d, a > radius ? a - radius : 0);
         k + 1 < d->nt && d->t[k].start <= b + radius; k++) {
        if (strcmp(tf(d, k), "khoa"))
            continue;
        const char *r = tf(d, k + 1);
        if (strlen(r) < 8 && strspn(r, "ivxl") == strlen(r)) {
            for (size_t i = 0; i <= strlen(r); i++)
                out[i] = (char)toupper((unsigned char)r[i]);
            return 1;
        }
    }
    return 0;
}


/* How many two-word runs of an entry's title appear near the mention. */
static unsigned
topic_score(const doc *d, const reg_entry *e, size_t a, size_t b)
{
    if (!e->title_f)
        return 0;
    size_t from = a > 400 ? a - 400 : 0, to = b + 400 < d->n ? b + 400 : d->n;
    unsigned score = 0;
    const char *t = e->title_f;
    /* For each pair of title words that are not function words, look for it as a run of
     * tokens in the window. */
    while (*t) {
        size_t l1 = strcspn(t, " ");
        const char *t2 = t + l1 + (t[l1] == ' ');
        size_t l2 = strcspn(t2, " ");
        if (!*t2)
            break;
        if (l1 >= 3 && l2 >= 3) {
            /* flen is the folded form's strlen (a form holds no NUL) */
            for (size_t k = first_token(d, from); k + 1 < d->nt && d->t[k].end <= to; k++) {
                if (d->t[k].flen == l1 && tf(d, k)[0] == t[0] && !memcmp(tf(d, k), t, l1) &&
                    d->t[k + 1].flen == l2 && !memcmp(tf(d, k + 1), t2, l2)) {
                    score++;
                    break;
                }
            }
        }
        t = t2;
    }
    return score;
}

/* What is written right after a mention ending at byte b: a year ("Luật Cán bộ, công chức
 * năm 2025", "... 2008", "(2015)") into *year, and "(sửa đổi)" (the amended, i.e. newest,
 * version) into *amended. "sửa đổi, bổ sung năm 2019" is the older law as amended that
 * year: *year = 2019 with *amended_in set. Returns the byte where what it read ends. */
static size_t
said_after(const doc *d, size_t b, unsigned *year, int *amended, int *amended_in)
{
    *year = 0;
    *amended = *amended_in = 0;
    size_t k = first_token(d, b), end = b;
    if (k >= d->nt || d->t[k].start > b + 3)
        return b;
    for (size_t g = b; g < d->t[k].start; g++)
        if (d->s[g] != ' ' && d->s[g] != '(' && d->s[g] != ',')
            return b;
    if (match_words(d, k, "sua doi")) {
        size_t q = k + 2;
        if (match_words(d, q, "bo sung"))
            q += 2;
        if (q < d->nt && !strcmp(tf(d, q), "nam") && q + 1 < d->nt &&
            d->t[q + 1].kind == TEXT_TOK_NUMBER) {
            *year = (unsigned)atoi(tf(d, q + 1));
            *amended_in = 1;
            return d->t[q + 1].end;
        }
        *amended = q == k + 2; /* "(sửa đổi)" alone */
        return d->t[k + 1].end;
    }
    if (!strcmp(tf(d, k), "nam") && k + 1 < d->nt)
        k++;
    if (d->t[k].kind == TEXT_TOK_NUMBER && d->t[k].flen == 4) {
        unsigned y = (unsigned)atoi(tf(d, k));
        if (y >= 1945 && y <= 2100) {
            *year = y;
            end = d->t[k].end;
        }
    }
    return end;
}

/* Was registry entry e signed by ymd ("YYYYMMDD") and not yet replaced then (the registry's
 * replaced-by date is the day the replacement took effect)? An entry without a date is
 * not counted. */
static int
in_force_at(const reg_entry *e, const char *ymd)
{
    char cd[9];
    if (!e->date[0])
        return 0;
    snprintf(cd, sizeof cd, "%.4s%.2s%.2s", e->date, e->date + 5, e->date + 8);
    if (strcmp(cd, ymd) > 0)
        return 0;
    for (size_t k = 0; k < e->nreplaced_by; k++) {
        const char *rd = e->replaced_by[k].date;
        snprintf(cd, sizeof cd, "%.4s%.2s%.2s", rd, rd + 5, rd + 8);
        if (rd[0] && strcmp(cd, ymd) <= 0)
            return 0;
    }
    return 1;
}

/* The one candidate in force at ymd, or -1 (none or several). */
static int
only_in_force(const reg_entry **c, size_t nc, const char *ymd)
{
    int only = -1, count = 0;
    for (size_t i = 0; i < nc; i++)
        if (in_force_at(c[i], ymd)) {
            only = (int)i;
            count++;
        }
    return count == 1 ? only : -1;
}

/* Choose among candidates for the mention [a, b). Returns the index, or -1: ambiguous. */
static int
choose(const doc *d, const reg_entry **c, size_t nc, size_t a, size_t b)
{
    if (nc == 1)
        return 0;
    char date[11], khoa[8];
    unsigned year;
    int amended, amended_in;
    said_after(d, b, &year, &amended, &amended_in);
    if (year && !amended_in) { /* "Luật ... năm 2025", "18-NQ/TW năm 2022" */
        int pick = -1, count = 0;
        for (size_t i = 0; i < nc; i++)
            if ((unsigned)atoi(c[i]->date) == year) {
                pick = (int)i;
                count++;
            }
        if (count == 1)
            return pick;
    }
    if (year) { /* the version in force at the end of that year */
        char ymd[16];
        snprintf(ymd, sizeof ymd, "%04u1231", year % 10000);
        int pick = only_in_force(c, nc, ymd);
        if (pick >= 0)
            return pick;
    }
    if (amended) { /* "(sửa đổi)": the newest */
        int pick = -1;
        for (size_t i = 0; i < nc; i++)
            if (c[i]->date[0] && (pick < 0 || strcmp(c[i]->date, c[pick]->date) > 0))
                pick = (int)i;
        if (pick >= 0)
            return pick;
    }
    if (date_after(d, a, b, date)) {
        for (size_t i = 0; i < nc; i++)
            if (!strcmp(c[i]->date, date))
                return (int)i;
        for (size_t i = 0; i < nc; i++)
            if (!strncmp(c[i]->date, date, 4))
                return (int)i;
    }
    if (khoa_near(d, a, b, 60, khoa))
        for (size_t i = 0; i < nc; i++)
            if (c[i]->khoa && !strcmp(c[i]->khoa, khoa))
                return (int)i;
    /* The document already said which one it means. */
    size_t nprev;
    const cite *prev = cites_of(d, &nprev);
    for (size_t k = nprev; k-- > 0;)
        if (prev[k].start < a && prev[k].resolved != CITE_AMBIGUOUS)
            for (size_t i = 0; i < nc; i++)
                if (!strcmp(prev[k].id, c[i]->id))
                    return (int)i;
    if (d->report_date) {
        /* Only one of them existed, and was not yet replaced, when the report was
         * written; a report dated by its year alone ("2025" from its file name) only when
         * the same one was in force all that year. */
        int only = -1;
        if (strlen(d->report_date) == 8)
            only = only_in_force(c, nc, d->report_date);
        else if (strlen(d->report_date) == 4) {
            char first[16], last[16];
            snprintf(first, sizeof first, "%.4s0101", d->report_date);
            snprintf(last, sizeof last, "%.4s1231", d->report_date);
            only = only_in_force(c, nc, first);
            if (only != only_in_force(c, nc, last))
                only = -1;
        }
        if (only >= 0)
            return only;
    }
    unsigned best = 0;
    int pick = -1, ties = 0;
    for (size_t i = 0; i < nc; i++) {
        unsigned s = topic_score(d, c[i], a, b);
        if (s > best) {
            best = s;
            pick = (int)i;
            ties = 0;
        } else if (s == best && s > 0) {
            ties++;
        }
    }
    return best >= 1 && !ties ? pick : -1;
}

/* Emit `base` resolved through the registry when it has entries: one -> that id, several ->
 * the one the context picks, or the base as ambiguous. */
static void
emit_resolved(doc *d, const char *base, size_t a, size_t b, int how)
{
    const reg_entry *c[8];
    size_t nc = registry_by_base(d->reg, base, c, 8);
    if (nc == 0) {
        emit(d, base, a, b, how);
        return;
    }
    int k = choose(d, c, nc, a, b);
    if (k < 0)
        emit(d, base, a, b, CITE_AMBIGUOUS);
    else
        emit(d, c[k]->id, a, b, nc > 1 && how == CITE_EXACT ? CITE_REGISTRY : how);
}

/* ---- the passes ---------------------------------------------------------------------------- */

/* An alias defined after a citation, in the same sentence: "(gọi tắt là Chỉ thị 14)", or a
 * short code with a digit, "(NQ21)", "(QĐ 2242)". "(khóa XI)" is not one. */
static void
learn_alias(doc *d, size_t end, const char *id)
{
    size_t i = end;
    while (i < d->n && i - end < 100 && !strchr(".;\n(", d->s[i]))
        i++;
    if (i >= d->n || d->s[i] != '(')
        return;
    size_t close = i + 1;
    while (close < d->n && close - i < 60 && d->s[close] != ')' && d->s[close] != '\n')
        close++;
    if (close >= d->n || d->s[close] != ')')
        return;
    size_t k = 0;
    while (k < d->nt && d->t[k].start <= i)
        k++;
    static const char *const lead[] = {"sau day goi tat la", "sau day goi la", "goi tat la",
                                       "viet tat la", "goi la"};
    int led = 0;
    for (size_t l = 0; l < sizeof lead / sizeof *lead && !led; l++) {
        size_t m = match_words(d, k, lead[l]);
        if (m) {
            k += m;
            led = 1;
        }
    }
    if (!led) {
        int digit = 0;
        for (size_t q = i; q < close; q++)
            digit |= isdigit((unsigned char)d->s[q]) != 0;
        size_t words = 0;
        for (size_t q = k; q < d->nt && d->t[q].end <= close; q++)
            words++;
        if (!digit || words > 2)
            return;
    }
    text_buf a = TEXT_BUF_INIT(256);
    size_t words = 0;
    for (; k < d->nt && d->t[k].end <= close && words < 5; k++, words++) {
        if (a.len)
            text_buf_putc(&a, ' ');
        text_buf_puts(&a, tf(d, k));
    }
    if (!a.len || words >= 5 || (k < d->nt && d->t[k].end <= close)) {
        text_buf_free(&a);
        return;
    }
    void *na = realloc(d->aliases, (d->naliases + 1) * sizeof *d->aliases);
    if (!na) {
        text_buf_free(&a);
        d->st = TRACUU_ENOMEM;
        return;
    }
    d->aliases = na;
    mark_used(d, i, close + 1);
    d->aliases[d->naliases].alias = text_buf_steal(&a, NULL);
    d->aliases[d->naliases].id = strdup(id);
    if (!d->aliases[d->naliases].alias || !d->aliases[d->naliases].id)
        d->st = TRACUU_ENOMEM;
    d->naliases++;
    text_buf_free(&a);
}

static void
pass_formal(doc *d)
{
    const char *s = d->s;
    for (size_t i = d->lo; i < d->hi && d->st == TRACUU_OK; i++) {
        /* isdigit without its locale table look-up: this runs for every byte */
        if ((unsigned char)s[i] < '0' || (unsigned char)s[i] > '9')
            continue;
        if (i > 0) {
            unsigned char p = (unsigned char)s[i - 1];
            if (isdigit(p) || p == '/' || p == '.' || p == ',' || p == '-' || isalpha(p))
                continue;
        }
        formal f;
        if (!parse_formal(s, d->n, i, &f)) {
            while (i + 1 < d->n && isdigit((unsigned char)s[i + 1]))
                i++;
            continue;
        }
        emit_resolved(d, f.id, f.start, f.end, CITE_EXACT);
        size_t nc;
        const cite *c = cites_of(d, &nc);
        if (nc)
            learn_alias(d, f.end, c[nc - 1].id);
        i = f.end - 1;
    }
}

/* The type and number of a citation id ("25-NQ/TW@2013" -> NQ, 25). */
static int
id_parts(const char *id, char *type, size_t typesz, unsigned *num)
{
    char *end;
    unsigned long v = strtoul(id, &end, 10);
    if (end == id)
        return 0;
    *num = (unsigned)v;
    const char *t = end + 1;
    if (*end == '/' && isdigit((unsigned char)*t)) /* 04/2015/NĐ-CP */
        t = strchr(t, '/') ? strchr(t, '/') + 1 : t;
    size_t tl = strcspn(t, "/-@");
    snprintf(type, typesz, "%.*s", (int)tl, t);
    return 1;
}

/* An earlier citation of this document with this type and number. */
static const char *
earlier(const doc *d, const char *type, unsigned num, size_t before)
{
    size_t nc;
    const cite *c = cites_of(d, &nc);
    for (size_t i = nc; i-- > 0;) {
        char t[16];
        unsigned n;
        if (c[i].start < before && id_parts(c[i].id, t, sizeof t, &n) && n == num &&
            (!strcmp(t, type) || (!strcmp(type, "QĐi") && !strcmp(t, "QĐ")) ||
             (!strcmp(type, "CTHĐ") && !strcmp(t, "CTr"))))
            return c[i].id;
    }
    return NULL;
}

/* Resolve one informal number. */
static void
informal_one(doc *d, const char *type, int state, unsigned num, const char *issuer, size_t a,
             size_t b)
{
    char id[CITE_ID_MAX];
    if (issuer == FOREIGN) { /* only a back-reference to a full number given before */
        const char *prev = earlier(d, type, num, a);
        if (prev)
            emit(d, prev, a, b, CITE_BACKREF);
        return;
    }
    if (issuer && party_code(issuer) && !state) {
        /* Quy định is QĐi in 08-QĐi/TW but QĐ in 66-QĐ/TW: ask the registry. */
        const char *t = type;
        const reg_entry *c[8];
        if (!strcmp(type, "QĐi") && !registry_by_number(d->reg, "QĐi", num, issuer, c, 8) &&
            registry_by_number(d->reg, "QĐ", num, issuer, c, 8))
            t = "QĐ";
        snprintf(id, sizeof id, "%02u-%s/%s", num, t, issuer);
        emit_resolved(d, id, a, b, CITE_INFORMAL);
        return;
    }
    /* Administrative numbers carry no year: "Quyết định 1234 của UBND huyện" is
     * 1234/QĐ-UBND, "Chỉ thị 16 của Thủ tướng Chính phủ" 16/CT-TTg. */
    if (issuer && (!strcmp(issuer, "UBND") || !strcmp(issuer, "HĐND") ||
                   (!strcmp(issuer, "TTg") && !state))) {
        snprintf(id, sizeof id, "%02u/%s-%s", num, type, issuer);
        emit(d, id, a, b, CITE_INFORMAL);
        return;
    }
    /* A State number without its year, or no issuer at all: an earlier full citation, else
     * the registry. */
    const char *prev = earlier(d, type, num, a);
    if (prev) {
        emit(d, prev, a, b, CITE_BACKREF);
        return;
    }
    const reg_entry *c[8];
    size_t nc = registry_by_number(d->reg, type, num, issuer ? issuer : "", c, 8);
    if (!nc && !strcmp(type, "QĐi"))
        nc = registry_by_number(d->reg, "QĐ", num, issuer ? issuer : "", c, 8);
    if (nc == 0) {
        if (issuer && state) { /* Nghị định 04 của Chính phủ, not in the registry */
            snprintf(id, sizeof id, "%02u/?/%s-%s", num, type, issuer);
            emit(d, id, a, b, CITE_AMBIGUOUS);
        }
        return; /* "quyết định 5 việc": a verb and a number, not a citation */
    }
    int k = choose(d, c, nc, a, b);
    if (k >= 0) {
        emit(d, c[k]->id, a, b, CITE_REGISTRY);
        return;
    }
    char base[CITE_ID_MAX];
    cite_base(c[0]->id, base, sizeof base);
    emit(d, base, a, b, CITE_AMBIGUOUS);
}

/* "Nghị quyết Trung ương 4 (khóa XI, khóa XII)", "Nghị quyết TW4", "Nghị quyết Hội nghị
 * Trung ương 7 khóa XI", "NQ TW 4". Returns the tokens used, 0 when none. */
static size_t
conference(doc *d, size_t i)
{
    size_t k = i, m;
    if (i >= d->nt || tf(d, i)[0] != 'n') /* both ways to start one do with an n */
        return 0;
    if ((m = match_words(d, k, "nghi quyet")) || (m = match_words(d, k, "nq")))
        k += m;
    else
        return 0;
    if ((m = match_words(d, k, "hoi nghi")))
        k += m;
    unsigned n = 0;
    if ((m = match_words(d, k, "trung uong")) || (m = match_words(d, k, "tw")) ||
        (m = match_words(d, k, "t u"))) {
        k += m;
        if ((m = match_words(d, k, "lan thu")))
            k += m;
        if (k < d->nt && d->t[k].kind == TEXT_TOK_NUMBER)
            n = (unsigned)atoi(tf(d, k++));
    } else if (k < d->nt && !strncmp(tf(d, k), "tw", 2) && isdigit((unsigned char)tf(d, k)[2])) {
        n = (unsigned)atoi(tf(d, k) + 2); /* TW4 */
        k++;
    }
    if (!n || n > 20)
        return 0;
    size_t a = d->t[i].start, b = d->t[k - 1].end;
    /* khóa list: "(khóa XI, khóa XII)", ", khóa XI", "khóa XI, XII" */
    char khoas[4][8];
    size_t nk = 0, j = k;
    for (; j < d->nt && j < k + 8 && nk < 4; j++) {
        const char *w = tf(d, j);
        if (!strcmp(w, "khoa"))
            continue;
        if (strlen(w) < 8 && strspn(w, "ivxl") == strlen(w) && j > k &&
            (!strcmp(tf(d, j - 1), "khoa") || nk > 0)) {
            for (size_t c = 0; c <= strlen(w); c++)
                khoas[nk][c] = (char)toupper((unsigned char)w[c]);
            nk++;
            b = d->t[j].end;
            continue;
        }
        break;
    }
    const reg_entry *c[8];
    if (nk == 0) {
        size_t nc = registry_by_conference(d->reg, NULL, n, c, 8);
        if (!nc)
            return 0;
        int pick = choose(d, c, nc, a, b);
        if (pick >= 0)
            emit(d, c[pick]->id, a, b, CITE_REGISTRY);
        else {
            char id[CITE_ID_MAX];
            snprintf(id, sizeof id, "TW%u", n);
            emit(d, id, a, b, CITE_AMBIGUOUS);
        }
        return k - i;
    }
    for (size_t q = 0; q < nk; q++) {
        size_t nc = registry_by_conference(d->reg, khoas[q], n, c, 8);
        if (nc == 1)
            emit(d, c[0]->id, a, b, CITE_REGISTRY);
        else {
            char id[CITE_ID_MAX];
            snprintf(id, sizeof id, "TW%u-%s", n, khoas[q]);
            emit(d, id, a, b, CITE_AMBIGUOUS);
        }
    }
    return j - i;
}

/* Numbering that is not Vietnamese, read from the bytes of number token k: a decimal part
 * ("Nghị quyết 18.65" of UNESCO's General Conference, "18,5") or a document symbol after
 * it ("18 C/4.351", "70/1"): not a Party or State number, so not resolved through the
 * registry. */
static int
foreign_number(const doc *d, size_t k)
{
    size_t p = d->t[k].start;
    while (p < d->n && isdigit((unsigned char)d->s[p]))
        p++;
    if (p + 1 < d->n && (d->s[p] == '.' || d->s[p] == ',') && isdigit((unsigned char)d->s[p + 1]))
        return 1;
    if (p < d->n && d->s[p] == ' ')
        p++;
    size_t q = p;
    while (q < d->n && q - p < 4 && isupper((unsigned char)d->s[q]))
        q++;
    return q > p && q < d->n && d->s[q] == '/';
}

static void
pass_informal(doc *d)
{
    /* The type words by their first byte, bit w for type_words[w]: a token is tried only
     * against those that start like it (match_words fails on the others at once), in the
     * table's order, and one that starts like none of them nor like a conference ("nghi
     * quyet", "nq") is passed over with one look-up instead of twenty calls. */
    uint32_t starting[256] = {0};
    for (size_t w = 0; w < NTYPEWORDS; w++)
        starting[(unsigned char)type_words[w].words[0]] |= (uint32_t)1 << w;
    for (size_t i = 0; i < d->nt && d->st == TRACUU_OK; i++) {
        unsigned char first = (unsigned char)tf(d, i)[0];
        if ((!starting[first] && first != 'n') || covered(d, d->t[i].start, d->t[i].end))
            continue;
        size_t used = conference(d, i);
        if (used) {
            i += used - 1;
            continue;
        }
        size_t m = 0, w = 0;
        for (uint32_t left = starting[first]; left && !m; left &= left - 1) {
            w = (size_t)__builtin_ctz(left); /* the lowest bit: the table's order */
            m = match_words(d, i, type_words[w].words);
        }
        if (!m)
            continue;
        size_t k = i + m;
        if (k < d->nt && !strcmp(tf(d, k), "so") && tight(d, k - 1, k))
            k++;
        if (k >= d->nt || d->t[k].kind != TEXT_TOK_NUMBER || !tight(d, k - 1, k) ||
            covered(d, d->t[k].start, d->t[k].end))
            continue;
        /* Numbers: 217, 218 và 219 */
        size_t nums[8], nn = 0;
        nums[nn++] = k;
        size_t j = k + 1;
        while (j < d->nt && nn < 8) {
            size_t v = j;
            int ok = 1;
            if (!strcmp(tf(d, v), "va")) {
                ok = tight(d, j - 1, v);
                v++;
            }
            if (ok && v < d->nt && d->t[v].kind == TEXT_TOK_NUMBER && tight(d, v - 1, v) &&
                !covered(d, d->t[v].start, d->t[v].end) && strlen(tf(d, v)) <= 5) {
                nums[nn++] = v;
                j = v + 1;
                continue;
            }
            break;
        }
        /* A number followed by a slash or a dash and more digits is a date or a ratio. */
        size_t last = nums[nn - 1];
        size_t after = d->t[last].end;
        if (after < d->n && (d->s[after] == '/' || d->s[after] == '-') && after + 1 < d->n &&
            isdigit((unsigned char)d->s[after + 1]))
            continue;
        if (foreign_number(d, nums[0]))
            continue;
        /* The issuer: "của"/"do" and a phrase, within a few words (a date may sit between). */
        const char *issuer = NULL;
        size_t iend = d->t[last].end;
        for (size_t q = last + 1; q < d->nt && q <= last + 6 && !issuer; q++) {
            if (strcmp(tf(d, q), "cua") && strcmp(tf(d, q), "do"))
                continue;
            for (size_t p = 0; p < sizeof issuer_words / sizeof *issuer_words; p++) {
                size_t im = match_words(d, q + 1, issuer_words[p].words);
                if (im) {
                    issuer = issuer_words[p].code;
                    iend = d->t[q + im].end;
                    break;
                }
            }
            /* "của Hội đồng Bảo an", "của UNESCO": an organ outside our numbering. */
            if (!issuer && q == last + 1)
                issuer = FOREIGN;
            break; /* the first "của" decides */
        }
        for (size_t q = 0; q < nn; q++) {
            unsigned num = (unsigned)atoi(tf(d, nums[q]));
            if (!num)
                continue;
            size_t a = q == 0 ? d->t[i].start : d->t[nums[q]].start;
            size_t b = q + 1 == nn ? (issuer ? iend : d->t[nums[q]].end) : d->t[nums[q]].end;
            informal_one(d, type_words[w].type, type_words[w].state, num, issuer, a, b);
            size_t nc;
            const cite *c = cites_of(d, &nc);
            if (nc && q + 1 == nn)
                learn_alias(d, b, c[nc - 1].id);
        }
        i = nums[nn - 1];
    }
}

/* Is there a citation starting just after byte b: spaces, "số", ":" between? */
static int
number_follows(const doc *d, size_t b)
{
    size_t q = b;
    while (q < d->n && q - b < 12 && (d->s[q] == ' ' || d->s[q] == ':' || d->s[q] == ','))
        q++;
    size_t k = first_token(d, q);
    if (k < d->nt && d->t[k].start == q && !strcmp(tf(d, k), "so")) {
        q = d->t[k].end;
        while (q < d->n && q - b < 20 && (d->s[q] == ' ' || d->s[q] == ':'))
            q++;
    }
    size_t nc;
    const cite *c = cites_of(d, &nc);
    for (size_t k2 = 0; k2 < nc; k2++)
        if (c[k2].start == q)
            return 1;
    return 0;
}

/* A registry name matched at tokens [i, i + len) ([a, b) in bytes): every entry the name
 * is an alias of is a candidate (a law and the law that replaced it share their name);
 * choose() picks one by the year or "(sửa đổi)" written after it and the report's date, or
 * each candidate is stored as ambiguous. */
static void
alias_emit(doc *d, const char **reg_alias, const char **reg_id, size_t nreg, size_t i,
           size_t len, size_t a, size_t b)
{
    const reg_entry *c[8];
    size_t nc = 0;
    for (size_t k = 0; k < nreg && nc < 8; k++) {
        if (match_words(d, i, reg_alias[k]) != len)
            continue;
        const reg_entry *e = registry_find(d->reg, reg_id[k]);
        int seen = !e;
        for (size_t q = 0; q < nc && !seen; q++)
            seen = c[q] == e;
        if (!seen)
            c[nc++] = e;
    }
    if (!nc)
        return;
    unsigned year;
    int amended, amended_in;
    size_t end = said_after(d, b, &year, &amended, &amended_in);
    int pick = choose(d, c, nc, a, b);
    if (pick >= 0) {
        emit(d, c[pick]->id, a, end, CITE_REGISTRY);
        return;
    }
    for (size_t q = 0; q < nc; q++)
        emit(d, c[q]->id, a, end, CITE_AMBIGUOUS);
}

/* Registry aliases ("Luật Thực hiện dân chủ ở cơ sở") and the document's own aliases. */
static void
pass_aliases(doc *d)
{
    /* The registry's aliases, gathered once. */
    size_t nreg = 0, cap = 0;
    for (size_t e = 0; e < registry_count(d->reg); e++)
        cap += registry_at(d->reg, e)->naliases;
    const char **reg_alias = calloc(cap ? cap : 1, sizeof *reg_alias);
    const char **reg_id = calloc(cap ? cap : 1, sizeof *reg_id);
    if (!reg_alias || !reg_id) {
        free(reg_alias);
        free(reg_id);
        d->st = TRACUU_ENOMEM;
        return;
    }
    /* The first bytes the names start with: a token starting with another one matches
     * none of them (match_words compares that byte first), so it is passed over at once. */
    unsigned char can_start[256] = {0};
    for (size_t e = 0; e < registry_count(d->reg); e++) {
        const reg_entry *r = registry_at(d->reg, e);
        for (size_t a = 0; a < r->naliases; a++) {
            reg_alias[nreg] = r->aliases_f[a];
            reg_id[nreg++] = r->id;
            can_start[(unsigned char)r->aliases_f[a][0]] = 1;
        }
    }
    for (size_t a = 0; a < d->naliases; a++)
        can_start[(unsigned char)d->aliases[a].alias[0]] = 1;
    for (size_t i = 0; i < d->nt && d->st == TRACUU_OK; i++) {
        if (!can_start[(unsigned char)tf(d, i)[0]] || covered(d, d->t[i].start, d->t[i].end))
            continue;
        size_t best = 0;
        const char *id = NULL;
        int how = CITE_REGISTRY;
        const char first = tf(d, i)[0];
        for (size_t a = 0; a < nreg; a++) {
            if (reg_alias[a][0] != first)
                continue; /* no match (match_words' first test), without the call */
            size_t m = match_words(d, i, reg_alias[a]);
            if (m > best) {
                best = m;
                id = reg_id[a];
            }
        }
        for (size_t a = 0; a < d->naliases; a++) {
            size_t m = match_words(d, i, d->aliases[a].alias);
            if (m > best) {
                best = m;
                id = d->aliases[a].id;
                how = CITE_BACKREF;
            }
        }
        if (!best)
            continue;
        size_t a = d->t[i].start, b = d->t[i + best - 1].end;
        /* Not the alias definition "(gọi tắt là Chỉ thị 14)" itself. */
        size_t p = a;
        while (p > 0 && d->s[p - 1] != '(' && d->s[p - 1] != ')' && a - p < 40)
            p--;
        if (how == CITE_BACKREF && p > 0 && d->s[p - 1] == '(')
            continue;
        /* "Luật Cán bộ, công chức số 80/2025/QH15": one citation, the number's, whichever
         * version the name alone would have meant. */
        if (number_follows(d, b)) {
            i += best - 1;
            continue;
        }
        if (how == CITE_BACKREF)
            emit(d, id, a, b, how);
        else
            alias_emit(d, reg_alias, reg_id, nreg, i, best, a, b);
        i += best - 1;
    }
    free(reg_alias);
    free(reg_id);
}

static int
by_start(const void *x, const void *y)
{
    const cite *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* End the folded form just appended with its NUL. text_token_forms has just made room for
 * a whole form, so the byte is written in place: a text_buf_putc call per token cost more
 * than the rest of the token's bookkeeping. Keeps the buffer's NUL after its contents. */
static tracuu_status
end_form(text_buf *b)
{
    if (b->ptr && b->len + 2 <= b->cap && b->len < b->max) {
        b->ptr[b->len++] = '\0';
        b->ptr[b->len] = '\0';
        return TRACUU_OK;
    }
    return text_buf_putc(b, '\0');
}

/* Room for one more token in d->t, doubling; at most 1 GiB of tokens, as before. */
static tracuu_status
token_room(doc *d)
{
    if (d->nt < d->tcap)
        return TRACUU_OK;
    size_t cap = d->tcap ? d->tcap * 2 : 256;
    if (cap > ((size_t)1 << 30) / sizeof(ctok))
        return TRACUU_ETOOBIG;
    ctok *t = realloc(d->t, cap * sizeof *t);
    if (!t)
        return TRACUU_ENOMEM;
    d->t = t;
    d->tcap = cap;
    return TRACUU_OK;
}

/* Append token tk (offsets into the whole text) to d->t, its folded form to d->folded. */
static tracuu_status
push_token(doc *d, const text_token *tk)
{
    tracuu_status st = token_room(d);
    if (st != TRACUU_OK)
        return st;
    ctok c = {(uint32_t)tk->start, (uint32_t)tk->end, (uint32_t)d->folded.len, 0, tk->kind};
    if (tk->end - tk->start <= TEXT_TOKEN_MAX_BYTES)
        st = text_token_forms(d->s, tk->start, tk->end, NULL, &d->folded, NULL);
    /* A folded form longer than a byte can count is no word a citation names: none. */
    if (d->folded.len - c.f > UINT8_MAX)
        d->folded.len = c.f;
    c.flen = (uint8_t)(d->folded.len - c.f);
    if (st == TRACUU_OK)
        st = end_form(&d->folded);
    if (st == TRACUU_OK)
        d->t[d->nt++] = c;
    return st;
}

/* The tokens of the window s[lo..hi) into d->t (offsets into the whole text), their folded
 * forms into d->folded; the previous window's go (their arrays are reused). */
static tracuu_status
tokenize_range(doc *d, size_t lo, size_t hi)
{
    text_tokenizer tz;
    text_token t;
    d->nt = 0;
    d->folded.len = 0;
    d->lo = lo;
    d->hi = hi;
    /* Once a window has its tokens d->t is not NULL, even with none (sweep asks). */
    tracuu_status st = token_room(d);
    text_tokenizer_init(&tz, d->s + lo, hi - lo, NULL);
    while (st == TRACUU_OK && text_tokenizer_next(&tz, &t)) {
        t.start += lo;
        t.end += lo;
        st = push_token(d, &t);
    }
    return st;
}

/* Tokens made on demand (cite_report_date): a report dates itself near its top, so the
 * tokenizer runs only as far as the reading gets, not over all of the first 3000 bytes.
 * They are the tokens tokenize_range makes, in the same order, so reading token k after
 * read_ahead(k) sees what it would see with all of them made. */
typedef struct lazy_tokens {
    text_tokenizer tz;
    int more; /* the tokenizer may have tokens left */
} lazy_tokens;

/* One more token into d: 1, or 0 when there is none left or on an error (in *st). */
static int
lazy_next(doc *d, lazy_tokens *z, tracuu_status *st)
{
    text_token t;
    if (!z->more || *st != TRACUU_OK)
        return 0;
    if (!text_tokenizer_next(&z->tz, &t)) {
        z->more = 0;
        return 0;
    }
    *st = push_token(d, &t);
    return *st == TRACUU_OK;
}

/* Make the tokens that reading token k may look at: token k, the six after it (dmy_at
 * reads up to four past the token after "thứ bảy"), and every token that starts within 40
 * bytes of token k with five more after the last of them (date_after, dmy_at). Each step
 * makes one token of the text, so this ends. */
static tracuu_status
read_ahead(doc *d, lazy_tokens *z, size_t k)
{
    tracuu_status st = TRACUU_OK;
    while (d->nt <= k && lazy_next(d, z, &st))
        ;
    if (k >= d->nt)
        return st;
    /* Six made tokens starting 40 bytes or more after token k cover both. */
    size_t from = (size_t)d->t[k].start + 40, past = 0;
    for (size_t j = d->nt; j > k + 1 && past < 6 && d->t[j - 1].start >= from; j--)
        past++;
    while (past < 6 && lazy_next(d, z, &st))
        if (d->t[d->nt - 1].start >= from)
            past++;
    return st;
}

/* Where the window that starts at lo ends: at the end of the text when it is within
 * CITE_WINDOW, else at the last line end in the window's second half, else at its last
 * space, else at a UTF-8 character boundary. */
static size_t
window_end(const char *s, size_t n, size_t lo)
{
    if (n - lo <= CITE_WINDOW)
        return n;
    size_t hi = lo + CITE_WINDOW;
    for (size_t k = hi; k > lo + CITE_WINDOW / 2; k--)
        if (s[k - 1] == '\n')
            return k;
    for (size_t k = hi; k > lo + CITE_WINDOW / 2; k--)
        if (s[k - 1] == ' ')
            return k;
    while (hi > lo + 1 && ((unsigned char)s[hi] & 0xC0) == 0x80)
        hi--;
    return hi;
}

/* One pass over every window of the text, its tokens made for it. A text within one window
 * is tokenized once for all passes (sweep 0 makes the tokens, later sweeps reuse them). */
static void
sweep(doc *d, int reuse, void (*pass)(doc *))
{
    if (reuse && d->t && d->lo == 0 && d->hi == d->n) {
        pass(d);
        return;
    }
    for (size_t lo = 0; lo < d->n && d->st == TRACUU_OK;) {
        size_t hi = window_end(d->s, d->n, lo);
        d->st = tokenize_range(d, lo, hi);
        if (d->st == TRACUU_OK)
            pass(d);
        lo = hi;
    }
}

tracuu_status
cite_extract(const char *text, size_t n, const registry *reg, const char *report_date,
             text_buf *out)
{
    doc d;
    memset(&d, 0, sizeof d);
    d.s = text;
    d.n = n;
    d.reg = reg;
    d.report_date = report_date;
    if (n >= UINT32_MAX)
        return TRACUU_ETOOBIG; /* token offsets are 32 bits (ctok) */
    d.folded = (text_buf)TEXT_BUF_INIT((size_t)1 << 30);
    d.used = calloc(n / 8 + 1, 1);
    if (!d.used)
        return TRACUU_ENOMEM;
    text_buf mine = TEXT_BUF_INIT(out->max);
    d.out = &mine;
    cite_header hdr;
    if (cite_own_number(text, n, &hdr)) {
        text_copy(d.own, sizeof d.own, hdr.id, strlen(hdr.id));
        mark_used(&d, hdr.start, hdr.end);
    }
    /* Pass by pass over the whole text, as before windows (the order citations are found
     * in matters: an informal "Nghị quyết 25" resolves to the latest earlier one); a text
     * longer than one window is tokenized once per pass and window, so its tokens never
     * all sit in memory at once (hardening #22). A citation or an alias definition cut by
     * a window's end is missed: windows end at a line end where they can. */
    d.st = TRACUU_OK;
    sweep(&d, 0, pass_formal);
    if (d.st == TRACUU_OK)
        sweep(&d, 1, pass_informal);
    if (d.st == TRACUU_OK)
        sweep(&d, 1, pass_aliases);
    if (d.st == TRACUU_OK && mine.len) {
        qsort(mine.ptr, mine.len / sizeof(cite), sizeof(cite), by_start);
        d.st = text_buf_put(out, mine.ptr, mine.len);
    }
    for (size_t i = 0; i < d.naliases; i++) {
        free(d.aliases[i].alias);
        free(d.aliases[i].id);
    }
    free(d.aliases);
    free(d.t);
    free(d.used);
    text_buf_free(&d.folded);
    text_buf_free(&mine);
    return d.st;
}

/* ---- the document's own number ------------------------------------------------------ */

/* Type words a header prints in capitals above the trích yếu, folded. */
static const char *const header_types[] = {
    "ke hoach", "bao cao", "nghi quyet", "quyet dinh", "chi thi", "ket luan", "quy dinh",
    "huong dan", "thong bao", "thong tri", "chuong trinh", "chuong trinh hanh dong",
    "to trinh", "de an", "quy che", "cong van", "cong dien", "phuong an", "bien ban",
    "giay moi", "thong tu", "nghi dinh", "luat", "phap lenh"};

/* Line [a, b) in capitals (no lower-case letter, at least one letter)? */
static int
all_caps(const char *s, size_t a, size_t b)
{
    int letters = 0;
    for (size_t i = a; i < b;) {
        vn_info v = vn_lookup(text_utf8_next(s, b, &i));
        if (v.cls == VN_LETTER && !v.upper)
            return 0;
        letters |= v.cls == VN_LETTER;
    }
    return letters;
}

/* The trích yếu below the number line that ends at `from`: "V/v ..." / "Về việc ..." on a
 * line of its own, or the first line under a line holding only a type word in capitals
 * ("KẾ HOẠCH"). Sets out->subj_*. */
static void
header_subject(const char *s, size_t n, size_t from, cite_header *out)
{
    text_buf f = TEXT_BUF_INIT(4096);
    int after_type = 0;
    size_t a = from;
    for (int line = 0; line < 14 && a < n && a < from + CITE_HEADER_BYTES; line++) {
        size_t b = a;
        while (b < n && s[b] != '\n')
            b++;
        size_t x = a, y = b;
        while (x < y && strchr(" \t*#|_", s[x]))
            x++;
        while (y > x && strchr(" \t*#|_", s[y - 1]))
            y--;
        if (y > x && y - x <= 400) {
            int vv = y - x > 4 && (!memcmp(s + x, "V/v ", 4) || !memcmp(s + x, "v/v ", 4));
            if (vv || after_type) {
                out->subj_start = x + (vv ? 4 : 0);
                out->subj_end = y;
                break;
            }
            text_buf_reset(&f);
            if (all_caps(s, x, y) && abbrev_fold(s, x, y, &f) == TRACUU_OK && f.len) {
                for (size_t k = 0; k < sizeof header_types / sizeof *header_types; k++)
                    after_type |= !strcmp(f.ptr, header_types[k]);
            }
        }
        a = b + 1;
    }
    text_buf_free(&f);
}

int
cite_own_number(const char *text, size_t n, cite_header *out)
{
    memset(out, 0, sizeof *out);
    size_t lim = n < CITE_HEADER_BYTES ? n : CITE_HEADER_BYTES;
    for (size_t i = 0; i + 4 < lim; i++) {
        if (text[i] != 'S' || (memcmp(text + i + 1, "\xe1\xbb\x91", 3) &&
                               memcmp(text + i + 1, "\xe1\xbb\x90", 3)))
            continue; /* "Số" / "SỐ" */
        /* At the start of a line (after spaces or Markdown marks), or of a column. */
        size_t p = i;
        while (p > 0 && strchr(" *#|>_", text[p - 1]))
            p--;
        int column = i >= 2 && (text[i - 1] == '\t' || (text[i - 1] == ' ' && text[i - 2] == ' '));
        if (p > 0 && text[p - 1] != '\n' && !column)
            continue;
        size_t k = i + 4;
        while (k < n && k - i < 8 && (text[k] == ' ' || text[k] == ':'))
            k++;
        formal f;
        if (k >= n || !isdigit((unsigned char)text[k]) || !parse_formal(text, n, k, &f))
            continue;
        text_copy(out->id, sizeof out->id, f.id, strlen(f.id));
        out->start = f.start;
        out->end = f.end;
        size_t eol = f.end;
        while (eol < n && text[eol] != '\n')
            eol++;
        header_subject(text, n, eol < n ? eol + 1 : n, out);
        return 1;
    }
    return 0;
}

int
cite_report_date(const char *text, size_t n, char out[9])
{
    size_t lim = n < 3000 ? n : 3000;
    while (lim < n && ((unsigned char)text[lim] & 0xC0) == 0x80)
        lim++;
    doc d;
    memset(&d, 0, sizeof d);
    d.s = text;
    d.n = lim;
    d.hi = lim;
    d.folded = (text_buf)TEXT_BUF_INIT((size_t)1 << 24);
    int found = 0;
    cite_header hdr;
    int own = cite_own_number(text, lim, &hdr);
    lazy_tokens z;
    text_tokenizer_init(&z.tz, text, lim, NULL);
    z.more = 1;
    for (size_t k = 0; !found; k++) {
        /* An error finds no date, as when the text could not be tokenized at all. */
        if (read_ahead(&d, &z, k) != TRACUU_OK || k >= d.nt)
            break;
        /* A portal page's line "Thứ bảy, 21/9/2019" (or "Chủ nhật, ..."): the day it
         * was posted. */
        if (k + 2 < d.nt && (!strcmp(tf(&d, k), "thu") || !strcmp(tf(&d, k), "chu")) &&
            (d.t[k].start == 0 || text[d.t[k].start - 1] == '\n')) {
            static const char *const days[] = {"hai", "ba", "tu", "nam", "sau", "bay", "nhat"};
            int day = 0;
            for (size_t w = 0; w < sizeof days / sizeof *days; w++)
                day |= !strcmp(tf(&d, k + 1), days[w]);
            char date[11];
            if (day && dmy_at(&d, k + 2, date)) {
                snprintf(out, 9, "%.4s%.2s%.2s", date, date + 5, date + 8);
                found = 1;
                break;
            }
        }
        if (strcmp(tf(&d, k), "ngay"))
            continue;
        /* A report dates itself at the start of a line ("Ngày 11/6/2018, Ban ...", "Sáng
         * ngày ...") or after its place ("Sơn Định, ngày 15 tháng 6 năm 2024"); a date
         * inside a sentence is an event's or a cited document's. */
        size_t at = d.t[k].start, back = at;
        /* "Sáng ngày 15/4/2021, ...", "Chiều ngày ...": the time of day comes first. */
        if (k > 0 && (!strcmp(tf(&d, k - 1), "sang") || !strcmp(tf(&d, k - 1), "chieu") ||
                      !strcmp(tf(&d, k - 1), "toi") || !strcmp(tf(&d, k - 1), "trua")))
            back = d.t[k - 1].start;
        /* A portal page's "Cập nhật ngày 14/8/2018", "Đăng ngày ...". */
        else if (k > 1 && !strcmp(tf(&d, k - 2), "cap") && !strcmp(tf(&d, k - 1), "nhat"))
            back = d.t[k - 2].start;
        else if (k > 0 && !strcmp(tf(&d, k - 1), "dang"))
            back = d.t[k - 1].start;
        while (back > 0 && text[back - 1] == ' ')
            back--;
        if (back > 0 && text[back - 1] != '\n' && text[back - 1] != ',')
            continue;
        /* "217-QĐ/TW, ngày 12/12/2013" dates the cited document, not the report. */
        size_t from = at > 40 ? at - 40 : 0;
        int cited = 0;
        for (size_t q = from; q < at && !cited; q++) {
            formal f;
            if (own && q == hdr.start)
                continue; /* "Số 12-NQ/ĐU, ngày ...": the report's own number */
            if (isdigit((unsigned char)text[q]) && (q == 0 || !isdigit((unsigned char)text[q - 1])) &&
                parse_formal(text, lim, q, &f) && f.end + 6 >= at)
                cited = 1;
        }
        if (cited)
            continue;
        char date[11];
        if (date_after(&d, d.t[k].start, d.t[k].start, date)) {
            snprintf(out, 9, "%.4s%.2s%.2s", date, date + 5, date + 8);
            found = 1;
        }
    }
    free(d.t);
    text_buf_free(&d.folded);
    return found;
}
