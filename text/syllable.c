/*
 * syllable.c - the syllable validator and the glued-run splitter.
 *
 * Validation is on the hot path (every lower-case token is checked to see whether it is a
 * glued run), so the rules are applied once at start-up: every onset x nucleus x final
 * combination that passes them is put, tone-less, into a hash set keyed by the packed
 * letters. A lookup is then one hash probe plus the tone rule. The tables are docs/LANGUAGE.md
 * §2.2-2.4 (Unikey's VSeqList/VCPairList and the spelling constraints).
 */
#include "syllable.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#include "token.h"
#include "vnchar.h"

enum {
    F_C = 1, F_CH = 2, F_M = 4, F_N = 8, F_NG = 16, F_NH = 32, F_P = 64, F_T = 128,
    F_ALL = 255,
    F_STOP = F_C | F_CH | F_P | F_T,
    F_OPEN = 256 /* the nucleus may end the syllable */
};

static const char *const onsets[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th",
                                     "tr", "qu", "b", "c", "d", "đ", "g", "h", "k", "l",
                                     "m", "n", "p", "r", "s", "t", "v", "x", ""};

static const struct {
    const char *finals;
    int mask;
} finals[] = {{"", 0},     {"c", F_C},   {"ch", F_CH}, {"m", F_M}, {"n", F_N},
              {"ng", F_NG}, {"nh", F_NH}, {"p", F_P},   {"t", F_T}};

static const struct {
    const char *v;
    int mask;
} nuclei[] = {
    {"a", F_ALL | F_OPEN}, {"e", F_ALL | F_OPEN}, {"oa", F_ALL | F_OPEN},
    {"ê", F_C | F_CH | F_M | F_N | F_NH | F_P | F_T | F_OPEN},
    {"i", F_C | F_CH | F_M | F_N | F_NH | F_P | F_T | F_OPEN},
    {"ă", F_C | F_M | F_N | F_NG | F_P | F_T}, {"â", F_C | F_M | F_N | F_NG | F_P | F_T},
    {"o", F_C | F_M | F_N | F_NG | F_P | F_T | F_OPEN},
    {"ô", F_C | F_M | F_N | F_NG | F_P | F_T | F_OPEN},
    {"u", F_C | F_M | F_N | F_NG | F_P | F_T | F_OPEN},
    {"iê", F_C | F_M | F_N | F_NG | F_P | F_T}, {"ươ", F_C | F_M | F_N | F_NG | F_P | F_T},
    {"ơ", F_M | F_N | F_P | F_T | F_OPEN}, {"ư", F_C | F_M | F_N | F_NG | F_T | F_OPEN},
    {"uô", F_C | F_M | F_N | F_NG | F_T}, {"y", F_T | F_OPEN},
    {"oă", F_C | F_M | F_N | F_NG | F_T}, {"oe", F_N | F_T | F_OPEN},
    {"uâ", F_N | F_NG | F_T}, {"uê", F_C | F_CH | F_N | F_NH | F_OPEN},
    {"uy", F_C | F_CH | F_N | F_NH | F_P | F_T | F_OPEN}, {"yê", F_M | F_N | F_NG | F_T},
    {"uyê", F_N | F_T}, {"oo", F_C | F_NG},
    /* clusters that end in a glide, or open spellings: never a final consonant */
    {"ai", F_OPEN}, {"ao", F_OPEN}, {"au", F_OPEN}, {"ay", F_OPEN}, {"âu", F_OPEN},
    {"ây", F_OPEN}, {"eo", F_OPEN}, {"êu", F_OPEN}, {"ia", F_OPEN}, {"iu", F_OPEN},
    {"oi", F_OPEN}, {"ôi", F_OPEN}, {"ơi", F_OPEN}, {"ui", F_OPEN}, {"ưa", F_OPEN},
    {"ưi", F_OPEN}, {"ưu", F_OPEN}, {"iêu", F_OPEN}, {"yêu", F_OPEN}, {"oai", F_OPEN},
    {"oay", F_OPEN}, {"oeo", F_OPEN}, {"uây", F_OPEN}, {"uôi", F_OPEN}, {"ươi", F_OPEN},
    {"ươu", F_OPEN}, {"uya", F_OPEN}, {"uyu", F_OPEN}, {"ua", F_OPEN}, {"uơ", F_OPEN},
};

/* Letters pack into 6 bits: a-z 1..26, then đ ă â ê ô ơ ư. */
static int
letter_code(int32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return (int)(cp - 'a' + 1);
    switch (cp) {
    case 0x0111: return 27;
    case 0x0103: return 28;
    case 0x00E2: return 29;
    case 0x00EA: return 30;
    case 0x00F4: return 31;
    case 0x01A1: return 32;
    case 0x01B0: return 33;
    default: return 0;
    }
}

/* Not a text_map (map.h), on purpose: a fixed set of integer keys (the packed syllables),
 * filled once under pthread_once from the tables above and read for every token of every
 * document, so it lives in static storage with no allocation and no failure path. */
#define SET_BITS 15
#define SET_SIZE (1u << SET_BITS)

typedef struct {
    uint64_t key[SET_SIZE]; /* 0 = empty */
    uint8_t stop[SET_SIZE]; /* closed by p t c ch: only sắc or nặng */
} syl_set;

static syl_set marked_set, folded_set;
static pthread_once_t sets_once = PTHREAD_ONCE_INIT;
static int sets_ready;

static uint32_t
slot_of(uint64_t key)
{
    key *= 0x9E3779B97F4A7C15ull;
    return (uint32_t)(key >> (64 - SET_BITS));
}

static void
set_add(syl_set *s, uint64_t key, int stop)
{
    uint32_t i = slot_of(key);
    while (s->key[i] && s->key[i] != key)
        i = (i + 1) & (SET_SIZE - 1);
    s->key[i] = key;
    s->stop[i] = (uint8_t)stop;
}

/* -1 absent, else the stop flag. */
static int
set_find(const syl_set *s, uint64_t key)
{
    uint32_t i = slot_of(key);
    while (s->key[i]) {
        if (s->key[i] == key)
            return s->stop[i];
        i = (i + 1) & (SET_SIZE - 1);
    }
    return -1;
}

static int
in_list(int32_t c, const char *list)
{
    int32_t l[8];
    size_t n = text_utf8_to_cps(list, l, 8);
    for (size_t i = 0; i < n; i++)
        if (l[i] == c)
            return 1;
    return 0;
}

/* The spelling constraints of §2.2 for an onset followed by nucleus v[0..nv). */
static int
spelling_ok(const char *onset, const int32_t *v, size_t nv)
{
    int32_t first = v[0];
    int front = in_list(first, "eêiy");
    if (!strcmp(onset, "c") || !strcmp(onset, "ng"))
        return !front;
    if (!strcmp(onset, "k"))
        return front;
    if (!strcmp(onset, "gh") || !strcmp(onset, "ngh"))
        return in_list(first, "eêi");
    if (!strcmp(onset, "g"))
        return !in_list(first, "eêy") && (first != 'i' || nv == 1); /* gì, gìn */
    if (!strcmp(onset, "qu"))
        return first != 'u' && first != 0x01B0; /* no quu, quư */
    if (!strcmp(onset, "gi"))
        return first != 'i';
    return 1;
}

static uint64_t
pack(const int32_t *c, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int code = letter_code(c[i]);
        if (!code)
            return 0;
        k = (k << 6) | (uint64_t)code;
    }
    return k;
}

static void
add_combo(const int32_t *c, size_t n, int stop)
{
    set_add(&marked_set, pack(c, n), stop);
    int32_t f[TEXT_SYLLABLE_MAX];
    for (size_t i = 0; i < n; i++)
        f[i] = vn_lookup(c[i]).fold;
    set_add(&folded_set, pack(f, n), 0);
}

static void
build_sets(void)
{
    for (size_t o = 0; o < sizeof onsets / sizeof *onsets; o++) {
        int32_t on[3];
        size_t non = text_utf8_to_cps(onsets[o], on, 3);
        for (size_t v = 0; v < sizeof nuclei / sizeof *nuclei; v++) {
            int32_t nu[3];
            size_t nnu = text_utf8_to_cps(nuclei[v].v, nu, 3);
            if (!spelling_ok(onsets[o], nu, nnu))
                continue;
            for (size_t f = 0; f < sizeof finals / sizeof *finals; f++) {
                int fm = finals[f].mask;
                int ok = fm ? (nuclei[v].mask & fm) != 0 : (nuclei[v].mask & F_OPEN) != 0;
                /* Exceptions Unikey accepts: quynh, quyn; giêng. */
                if (!ok && !strcmp(onsets[o], "qu") && !strcmp(nuclei[v].v, "y") &&
                    (fm == F_N || fm == F_NH))
                    ok = 1;
                if (!ok && !strcmp(onsets[o], "gi") && !strcmp(nuclei[v].v, "ê") && fm == F_NG)
                    ok = 1;
                if (!ok)
                    continue;
                int32_t c[TEXT_SYLLABLE_MAX + 2];
                size_t n = 0;
                for (size_t i = 0; i < non; i++)
                    c[n++] = on[i];
                for (size_t i = 0; i < nnu; i++)
                    c[n++] = nu[i];
                int32_t fi[2];
                size_t nfi = text_utf8_to_cps(finals[f].finals, fi, 2);
                for (size_t i = 0; i < nfi; i++)
                    c[n++] = fi[i];
                if (n == 0 || n > TEXT_SYLLABLE_MAX)
                    continue;
                add_combo(c, n, (fm & F_STOP) != 0);
            }
        }
    }
    __atomic_store_n(&sets_ready, 1, __ATOMIC_RELEASE);
}

int
text_syllable_valid(const int32_t *cps, size_t n, enum text_syllable_mode mode)
{
    if (n == 0 || n > TEXT_SYLLABLE_MAX)
        return 0;
    if (!__atomic_load_n(&sets_ready, __ATOMIC_ACQUIRE))
        pthread_once(&sets_once, build_sets);
    /* The key is packed as the letters are read (pack(), fused): this runs for nearly
     * every token. */
    uint64_t key = 0;
    int tone = VN_TONE_NONE, ntones = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t c = cps[i], b;
        if (c >= 0 && c < 0x80) { /* no mark, no tone: base and fold are the lower case */
            if (vn_ascii_class((unsigned char)c) != VN_LETTER)
                return 0;
            b = vn_ascii_lower((unsigned char)c);
        } else {
            vn_info tmp;
            const vn_info *v = vn_ref(c, &tmp);
            if (v->cls != VN_LETTER)
                return 0;
            if (v->tone) {
                tone = v->tone;
                ntones++;
            }
            b = mode == TEXT_SYL_FOLDED ? v->fold : v->base;
        }
        int code = letter_code(b);
        if (!code)
            return 0;
        key = (key << 6) | (uint64_t)code;
    }
    if (ntones > 1)
        return 0;
    int stop = set_find(mode == TEXT_SYL_FOLDED ? &folded_set : &marked_set, key);
    if (stop < 0)
        return 0;
    if (mode == TEXT_SYL_MARKED && stop && tone != VN_TONE_SAC && tone != VN_TONE_NANG)
        return 0;
    return 1;
}

/* Weight of one syllable of a split: log frequency, plus a small bonus per onset letter so
 * that without frequencies cá|nhân beats cán|hân, and a penalty for a vowel-initial
 * syllable after the first (they are rare mid-word and defeat the onset rule: Đảng|ủy). */
static double
piece_score(const int32_t *c, size_t n, int first, enum text_syllable_mode mode,
            text_freq_fn freq, void *ctx)
{
    double s = 0;
    size_t onset = 0;
    while (onset < n && !vn_is_vowel(vn_lookup(c[onset]).base))
        onset++;
    s += 0.01 * (double)onset;
    if (!first && onset == 0)
        s -= 0.05;
    if (freq) {
        /* Encode the piece, then take the form the index stores for it. */
        char raw[TEXT_SYLLABLE_MAX * 4 + 1];
        size_t len = 0;
        for (size_t i = 0; i < n; i++)
            len += text_utf8_put(raw + len, c[i]);
        text_buf form = TEXT_BUF_INIT(64);
        tracuu_status st = mode == TEXT_SYL_FOLDED
                               ? text_token_forms(raw, 0, len, NULL, &form, NULL)
                               : text_token_forms(raw, 0, len, &form, NULL, NULL);
        if (st == TRACUU_OK && form.len)
            s += log1p((double)freq(ctx, form.ptr, form.len, mode == TEXT_SYL_FOLDED));
        text_buf_free(&form);
    }
    return s;
}

#define SPLIT_MAX_LETTERS 48

/* The DP of text_syllable_split: fewest syllables, then the best score; *ways gets how
 * many splits have that fewest count (saturating), so callers know whether scores had to
 * decide at all. */
static unsigned
split_dp(const int32_t *cps, size_t n, enum text_syllable_mode mode, text_freq_fn freq,
         void *ctx, size_t *from, unsigned *ways_n)
{
    unsigned count[SPLIT_MAX_LETTERS + 1], ways[SPLIT_MAX_LETTERS + 1];
    double score[SPLIT_MAX_LETTERS + 1];
    count[0] = 0;
    score[0] = 0;
    ways[0] = 1;
    for (size_t i = 1; i <= n; i++) {
        count[i] = UINT32_MAX;
        ways[i] = 0;
        for (size_t len = 1; len <= TEXT_SYLLABLE_MAX && len <= i; len++) {
            size_t j = i - len;
            if (count[j] == UINT32_MAX || !text_syllable_valid(cps + j, len, mode))
                continue;
            unsigned c = count[j] + 1;
            if (c > count[i])
                continue;
            double s = score[j] + piece_score(cps + j, len, j == 0, mode, freq, ctx);
            if (c < count[i]) {
                count[i] = c;
                ways[i] = 0;
                score[i] = s;
                from[i] = j;
            } else if (s > score[i]) {
                score[i] = s;
                from[i] = j;
            }
            ways[i] = ways[i] + ways[j] > 1000 ? 1000 : ways[i] + ways[j];
        }
    }
    *ways_n = ways[n];
    return count[n];
}

size_t
text_syllable_split(const int32_t *cps, size_t n, enum text_syllable_mode mode,
                    text_freq_fn freq, void *ctx, size_t *cuts, size_t maxcuts)
{
    if (n < 2 || n > SPLIT_MAX_LETTERS || text_syllable_valid(cps, n, mode))
        return 0;
    size_t from[SPLIT_MAX_LETTERS + 1];
    unsigned ways;
    /* Frequencies are asked for only when the syllable rules leave a choice: most glued
     * runs (độlàm, xâydựng) have one shortest split. */
    unsigned k = split_dp(cps, n, mode, NULL, NULL, from, &ways);
    if (k != UINT32_MAX && ways > 1 && freq)
        k = split_dp(cps, n, mode, freq, ctx, from, &ways);
    if (k == UINT32_MAX || k < 2 || k - 1 > maxcuts)
        return 0;
    for (size_t i = n, c = k - 1; i > 0 && c > 0; c--) {
        i = from[i];
        cuts[c - 1] = i;
    }
    return k;
}
