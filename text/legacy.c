/*
 * legacy.c - tables and state machines for TCVN3, VNI, VISCII, CP1258, VIQR and CP1252.
 *
 * The 8-bit tables come from glibc's iconv, byte by byte, at first use (so they are
 * exactly what `iconv -f VISCII` would give, minus its state), with TCVN3's C0 bytes as
 * ASCII controls and its typographic 0x80-0x9F bytes as CP1252 (see build_tables). VNI and VIQR follow the layouts
 * in docs/LANGUAGE.md §4.1; their letters come out as a base letter plus combining marks and
 * NFC (normalize.c) composes them.
 */
#include "legacy.h"

#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "token.h"

#define BAD 0xFFFD

static uint16_t tables[LEGACY_COUNT][256];
static uint16_t cp1252_rev[0x2200]; /* code point -> byte + 1; 0 = not in CP1252 */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static const struct {
    const char *name;
    legacy_enc e;
} names[] = {
    {"TCVN3", LEGACY_TCVN3},     {"ABC", LEGACY_TCVN3},        {"TCVN-3", LEGACY_TCVN3},
    {"VNI", LEGACY_VNI},         {"VNI-WIN", LEGACY_VNI},      {"VNI-WINDOWS", LEGACY_VNI},
    {"VISCII", LEGACY_VISCII},   {"CP1258", LEGACY_CP1258},    {"WINDOWS-1258", LEGACY_CP1258},
    {"VIQR", LEGACY_VIQR},
};

static const char *const canonical[LEGACY_COUNT] = {"TCVN3", "VNI", "VISCII", "CP1258",
                                                    "VIQR", "CP1252"};

const char *
legacy_name(legacy_enc e)
{
    return (unsigned)e < LEGACY_COUNT ? canonical[e] : "?";
}

int
legacy_lookup(const char *name)
{
    for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
        if (!strcasecmp(name, names[i].name))
            return (int)names[i].e;
    return -1;
}

/* One byte through iconv, state reset before and flushed after; BAD when undefined. */
static uint16_t
iconv_byte(iconv_t cd, unsigned char b)
{
    char in[1] = {(char)b}, outb[16];
    char *ip = in, *op = outb;
    size_t il = 1, ol = sizeof outb;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
        return BAD;
    iconv(cd, NULL, NULL, &op, &ol);
    size_t n = sizeof outb - ol, i = 0;
    if (n == 0)
        return BAD;
    int32_t cp = text_utf8_next(outb, n, &i);
    return i == n && cp < 0x10000 ? (uint16_t)cp : BAD;
}

static void
fill_from_iconv(uint16_t *t, const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    for (unsigned b = 0; b < 256; b++)
        t[b] = cd == (iconv_t)-1 ? (b < 0x80 ? (uint16_t)b : BAD) : iconv_byte(cd, (unsigned char)b);
    if (cd != (iconv_t)-1)
        iconv_close(cd);
}

static void
build_tables(void)
{
    fill_from_iconv(tables[LEGACY_CP1252], "CP1252");
    fill_from_iconv(tables[LEGACY_VISCII], "VISCII");
    fill_from_iconv(tables[LEGACY_CP1258], "CP1258");
    fill_from_iconv(tables[LEGACY_TCVN3], "TCVN5712-1");
    for (unsigned b = 0; b < 0x20; b++)
        tables[LEGACY_TCVN3][b] = (uint16_t)b; /* TCVN3 fonts have no letters in C0 */
    /* 0x80-0x9F: Word users of .VnTime fonts type CP1252 quotes, dashes, bullets and
     * ellipses there (… ‘ ’ “ ” • – —); the full standard (and recode) put capitals there
     * (Ặ Ị Ò Ỏ Õ Ọ Ộ Ồ and Á À Ả...). Keep those eight punctuation bytes, the standard's
     * capitals for the rest. */
    static const unsigned char punct[] = {0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97};
    for (size_t k = 0; k < sizeof punct; k++)
        tables[LEGACY_TCVN3][punct[k]] = tables[LEGACY_CP1252][punct[k]];
    /* VNI and VIQR are decoded by hand; their tables hold the single-byte view: CP1252. */
    memcpy(tables[LEGACY_VNI], tables[LEGACY_CP1252], sizeof tables[LEGACY_VNI]);
    memcpy(tables[LEGACY_VIQR], tables[LEGACY_CP1252], sizeof tables[LEGACY_VIQR]);
    for (unsigned b = 0; b < 256; b++) {
        uint16_t cp = tables[LEGACY_CP1252][b];
        if (cp == BAD)
            cp = (uint16_t)b; /* the five holes: readers pass them through as C1 */
        if (cp < 0x2200)
            cp1252_rev[cp] = (uint16_t)(b + 1);
    }
}

static tracuu_status
put(text_buf *out, int32_t cp)
{
    return text_buf_put_cp(out, cp);
}

static tracuu_status
decode_table(text_buf *out, const uint16_t *t, const unsigned char *b, size_t len)
{
    tracuu_status st = text_buf_reserve(out, len);
    for (size_t i = 0; st == TRACUU_OK && i < len; i++) {
        if (b[i] < 0x80 && t[b[i]] == b[i])
            st = text_buf_putc(out, (char)b[i]);
        else
            st = put(out, t[b[i]]);
    }
    return st;
}

/* Combining marks */
enum { M_GRAVE = 0x0300, M_ACUTE = 0x0301, M_CIRC = 0x0302, M_TILDE = 0x0303,
       M_BREVE = 0x0306, M_HOOK = 0x0309, M_HORN = 0x031B, M_DOT = 0x0323 };

/* VNI: what a byte means after a vowel: shape mark and/or tone mark. Lower-case mark
 * bytes are 0xE0-0xFC, their capital twins 0x20 lower. */
static int
vni_marks(unsigned char b, int32_t *shape, int32_t *tone)
{
    unsigned char l = b >= 0xC0 && b < 0xE0 ? (unsigned char)(b + 0x20) : b;
    *shape = *tone = 0;
    switch (l) {
    case 0xF8: *tone = M_GRAVE; return 1;
    case 0xF9: *tone = M_ACUTE; return 1;
    case 0xFB: *tone = M_HOOK; return 1;
    case 0xF5: *tone = M_TILDE; return 1;
    case 0xEF: *tone = M_DOT; return 1;
    case 0xE2: *shape = M_CIRC; return 1;
    case 0xE0: *shape = M_CIRC; *tone = M_GRAVE; return 1;
    case 0xE1: *shape = M_CIRC; *tone = M_ACUTE; return 1;
    case 0xE5: *shape = M_CIRC; *tone = M_HOOK; return 1;
    case 0xE3: *shape = M_CIRC; *tone = M_TILDE; return 1;
    case 0xE4: *shape = M_CIRC; *tone = M_DOT; return 1;
    case 0xEA: *shape = M_BREVE; return 1;
    case 0xE8: *shape = M_BREVE; *tone = M_GRAVE; return 1;
    case 0xE9: *shape = M_BREVE; *tone = M_ACUTE; return 1;
    case 0xFA: *shape = M_BREVE; *tone = M_HOOK; return 1;
    case 0xFC: *shape = M_BREVE; *tone = M_TILDE; return 1;
    case 0xEB: *shape = M_BREVE; *tone = M_DOT; return 1;
    default: return 0;
    }
}

/* VNI letters that are one byte of their own. */
static int32_t
vni_single(unsigned char b)
{
    switch (b) {
    case 0xF1: return 0x0111; /* đ */
    case 0xD1: return 0x0110;
    case 0xF4: return 0x01A1; /* ơ */
    case 0xD4: return 0x01A0;
    case 0xF6: return 0x01B0; /* ư */
    case 0xD6: return 0x01AF;
    case 0xEC: return 0x00EC; /* ì */
    case 0xCC: return 0x00CC;
    case 0xED: return 0x00ED; /* í */
    case 0xCD: return 0x00CD;
    case 0xE6: return 0x1EC9; /* ỉ */
    case 0xC6: return 0x1EC8;
    case 0xF3: return 0x0129; /* ĩ */
    case 0xD3: return 0x0128;
    case 0xF2: return 0x1ECB; /* ị */
    case 0xD2: return 0x1ECA;
    case 0xEE: return 0x1EF5; /* ỵ */
    case 0xCE: return 0x1EF4;
    default: return 0;
    }
}

static int
vowel_letter(int32_t c)
{
    return c && strchr("aeiouyAEIOUY", (int)(c < 0x80 ? c : 0)) != NULL;
}

static int
is_horned(int32_t c)
{
    return c == 0x01A1 || c == 0x01A0 || c == 0x01B0 || c == 0x01AF;
}

static tracuu_status
decode_vni(text_buf *out, const unsigned char *b, size_t len)
{
    const uint16_t *cp1252 = tables[LEGACY_CP1252];
    tracuu_status st = text_buf_reserve(out, len);
    int32_t prev = 0; /* the vowel a mark byte may attach to */
    int prev_shaped = 0, prev_toned = 0;
    for (size_t i = 0; st == TRACUU_OK && i < len; i++) {
        int32_t shape, tone;
        if (prev && vni_marks(b[i], &shape, &tone)) {
            int32_t low = prev | 0x20;
            int shape_ok = !shape || (!prev_shaped && (shape == M_CIRC ? (low == 'a' || low == 'e' || low == 'o')
                                                                        : low == 'a'));
            if (shape_ok && !(tone && prev_toned)) {
                if (shape)
                    st = put(out, shape);
                if (st == TRACUU_OK && tone)
                    st = put(out, tone);
                prev_shaped |= shape != 0;
                prev_toned |= tone != 0;
                continue;
            }
        }
        int32_t single = vni_single(b[i]);
        if (single) {
            st = put(out, single);
            /* ơ ư take a tone byte after them; the single-byte toned i/y do not. */
            prev = is_horned(single) ? single : 0;
            prev_shaped = 1;
            prev_toned = 0;
            continue;
        }
        int32_t c = b[i] < 0x80 ? b[i] : cp1252[b[i]];
        st = put(out, c);
        prev = vowel_letter(c) ? c : 0;
        prev_shaped = prev_toned = 0;
    }
    return st;
}

/* VIQR: is the mnemonic at b[i] a tone, given what follows it? '.' and '?' end sentences
 * too: at the end of a word they count as tones when a letter, a punctuation mark that
 * cannot follow a full stop (, ; : ) . ") or a lower-case word follows, and not before a
 * line end or a capitalized word. */
static int
viqr_tone_here(const unsigned char *b, size_t len, size_t i)
{
    unsigned char c = b[i];
    if (c != '.' && c != '?')
        return 1;
    if (i + 1 >= len)
        return 0;
    unsigned char d = b[i + 1];
    if ((d | 0x20) >= 'a' && (d | 0x20) <= 'z')
        return 1;
    if (strchr(",;:).\"'!?]", d))
        return 1;
    if (d != ' ')
        return 0;
    return i + 2 < len && b[i + 2] >= 'a' && b[i + 2] <= 'z';
}

static tracuu_status
decode_viqr(text_buf *out, const unsigned char *b, size_t len)
{
    tracuu_status st = text_buf_reserve(out, len);
    for (size_t i = 0; st == TRACUU_OK && i < len; i++) {
        unsigned char c = b[i];
        if (c == '\\' && i + 1 < len && strchr("'`?~.(^+\\dD", b[i + 1])) {
            st = text_buf_putc(out, (char)b[++i]); /* escaped: a literal */
            continue;
        }
        if ((c == 'd' || c == 'D') && i + 1 < len && (b[i + 1] == 'd' || b[i + 1] == 'D')) {
            st = put(out, c == 'D' ? 0x0110 : 0x0111);
            i++;
            continue;
        }
        if (c >= 0x80) {
            st = put(out, tables[LEGACY_CP1252][c]);
            continue;
        }
        st = text_buf_putc(out, (char)c);
        if (!vowel_letter(c))
            continue;
        int low = c | 0x20, shaped = 0, toned = 0;
        while (st == TRACUU_OK && i + 1 < len) {
            unsigned char m = b[i + 1];
            int32_t mark = 0;
            if (!shaped && m == '(' && low == 'a')
                mark = M_BREVE;
            else if (!shaped && m == '^' && (low == 'a' || low == 'e' || low == 'o'))
                mark = M_CIRC;
            else if (!shaped && m == '+' && (low == 'o' || low == 'u'))
                mark = M_HORN;
            else if (!toned && strchr("'`?~.", m) && m && viqr_tone_here(b, len, i + 1))
                mark = m == '\'' ? M_ACUTE : m == '`' ? M_GRAVE : m == '?' ? M_HOOK
                     : m == '~' ? M_TILDE : M_DOT;
            if (!mark)
                break;
            shaped |= mark == M_BREVE || mark == M_CIRC || mark == M_HORN;
            toned |= !(mark == M_BREVE || mark == M_CIRC || mark == M_HORN);
            st = put(out, mark);
            i++;
        }
    }
    return st;
}

tracuu_status
legacy_decode(text_buf *out, legacy_enc e, const char *bytes, size_t len)
{
    pthread_once(&tables_once, build_tables);
    const unsigned char *b = (const unsigned char *)bytes;
    switch (e) {
    case LEGACY_VNI:
        return decode_vni(out, b, len);
    case LEGACY_VIQR:
        return decode_viqr(out, b, len);
    case LEGACY_TCVN3:
    case LEGACY_VISCII:
    case LEGACY_CP1258:
    case LEGACY_CP1252:
        return decode_table(out, tables[e], b, len);
    default:
        return TRACUU_EINVAL;
    }
}

tracuu_status
legacy_to_cp1252(text_buf *out, const char *s, size_t n)
{
    pthread_once(&tables_once, build_tables);
    tracuu_status st = text_buf_reserve(out, n);
    for (size_t i = 0; st == TRACUU_OK && i < n;) {
        int32_t cp = text_utf8_next(s, n, &i);
        if (cp < 0 || cp >= 0x2200 || !cp1252_rev[cp])
            return TRACUU_EENCODING;
        st = text_buf_putc(out, (char)(cp1252_rev[cp] - 1));
    }
    return st;
}

int
legacy_font_encoding(const char *font)
{
    if (!font)
        return -1;
    const char *plus = strchr(font, '+');
    if (plus && plus - font == 6)
        font = plus + 1;
    if (font[0] == '.' && (font[1] == 'V' || font[1] == 'v') && (font[2] == 'N' || font[2] == 'n'))
        return LEGACY_TCVN3;
    if (!strncasecmp(font, "VNI-", 4) || !strncasecmp(font, "VNI ", 4))
        return LEGACY_VNI;
    return -1;
}

tracuu_status
legacy_redecode(text_buf *out, legacy_enc e, const char *s, size_t n)
{
    text_buf bytes = TEXT_BUF_INIT(n + 1);
    tracuu_status st = legacy_to_cp1252(&bytes, s, n);
    if (st == TRACUU_OK)
        st = legacy_decode(out, e, bytes.ptr ? bytes.ptr : "", bytes.len);
    else if (st == TRACUU_EENCODING)
        st = text_buf_put(out, s, n);
    text_buf_free(&bytes);
    return st;
}
