/*
 * vnchar.c - the character table and the tone-placement rule.
 *
 * The table is derived from utf8proc at start-up rather than typed in, so it cannot drift
 * from the Unicode data the rest of the pipeline uses.
 *
 * Tone placement follows the "old style" (hòa, thủy, khỏe, ủy) as the canonical form for
 * index terms: it is what laws and most reports in our corpus use, and underthesea's
 * normalizer makes the same choice. Either style would do as long as index and query agree.
 */
#include "vnchar.h"

#include <pthread.h>
#include <utf8proc.h>

#define TABLE_SIZE VN_TABLE_SIZE

vn_info vn_table_[TABLE_SIZE];
int vn_ready_;
#define table vn_table_
static int32_t composed[12][6]; /* [vowel index][tone] -> lower-case precomposed */
/* vowel_index() of every code point below VOWEL_MAX (all twelve vowels are), + 1; 0 = not
 * a vowel. vn_compose runs for every marked token: a lookup instead of a search. */
#define VOWEL_MAX 0x200
static int8_t vowel_at[VOWEL_MAX];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static const int32_t tone_marks[6] = {0, 0x0300, 0x0301, 0x0309, 0x0303, 0x0323};
static const int32_t vowels[12] = {'a', 0x0103, 0x00E2, 'e', 0x00EA, 'i',
                                   'o', 0x00F4, 0x01A1, 'u', 0x01B0, 'y'};

static int
vowel_index(int32_t cp)
{
    for (int i = 0; i < 12; i++)
        if (vowels[i] == cp)
            return i;
    return -1;
}

int
vn_is_vowel(int32_t cp)
{
    if (cp >= 0 && cp < 0x200 && __atomic_load_n(&vn_ready_, __ATOMIC_ACQUIRE))
        return vn_table_[cp].vowel && vn_table_[cp].base == cp;
    return vowel_index(cp) >= 0;
}

static int
is_shaped(int32_t cp)
{
    /* ă â ê ô ơ ư */
    return cp == 0x0103 || cp == 0x00E2 || cp == 0x00EA || cp == 0x00F4 || cp == 0x01A1 ||
           cp == 0x01B0;
}

int
vn_tone_of_mark(int32_t cp)
{
    for (int t = 1; t < 6; t++)
        if (tone_marks[t] == cp)
            return t;
    return VN_TONE_NONE;
}

static uint8_t
classify(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return VN_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return VN_DIGIT;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return VN_MARK;
    default:
        return VN_OTHER;
    }
}

static vn_info
compute(int32_t cp)
{
    vn_info v = {cp, cp, cp, VN_TONE_NONE, classify(cp), 0, 0};
    utf8proc_category_t cat = utf8proc_category(cp);
    v.upper = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
    if (v.cls == VN_MARK) {
        v.tone = (uint8_t)vn_tone_of_mark(cp);
        v.fold = 0;
        return v;
    }
    if (v.cls != VN_LETTER)
        return v;
    v.lower = utf8proc_tolower(cp);
    /* The look-alikes of đ that mis-decoded CP1258 produces (Ð ð) and the African D (Ɖ ɖ)
     * stand for đ in Vietnamese text. */
    if (v.lower == 0x00F0 || v.lower == 0x0256)
        v.lower = 0x0111;
    if (v.lower == 0x0111) {
        v.base = 0x0111;
        v.fold = 'd';
        return v;
    }
    utf8proc_int32_t seq[8];
    int last = 0;
    utf8proc_ssize_t n =
        utf8proc_decompose_char(v.lower, seq, 8, UTF8PROC_DECOMPOSE, &last);
    if (n <= 0 || n > 8) {
        v.base = v.fold = v.lower;
        return v;
    }
    /* Split the decomposition into tone mark and the rest, then recompose the rest. */
    utf8proc_int32_t rest[9];
    utf8proc_ssize_t m = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        int t = vn_tone_of_mark(seq[i]);
        if (t && v.tone == VN_TONE_NONE)
            v.tone = (uint8_t)t;
        else
            rest[m++] = seq[i];
    }
    v.fold = seq[0];
    if (v.tone == VN_TONE_NONE) {
        v.base = v.lower;
        return v;
    }
    utf8proc_ssize_t r = utf8proc_normalize_utf32(rest, m, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    v.base = (r == 1) ? rest[0] : v.lower;
    return v;
}

static void
build_table(void)
{
    for (int32_t cp = 0; cp < TABLE_SIZE; cp++)
        table[cp] = compute(cp);
    for (int32_t cp = 0; cp < TABLE_SIZE; cp++) {
        const vn_info *v = &table[cp];
        if (v->cls != VN_LETTER || v->upper || v->tone == VN_TONE_NONE)
            continue;
        int vi = vowel_index(v->base);
        if (vi >= 0)
            composed[vi][v->tone] = cp;
    }
    for (int i = 0; i < 12; i++) {
        composed[i][0] = vowels[i];
        vowel_at[vowels[i]] = (int8_t)(i + 1);
    }
    for (int32_t cp = 0; cp < TABLE_SIZE; cp++)
        table[cp].vowel = vowel_index(table[cp].base) >= 0;
    __atomic_store_n(&vn_ready_, 1, __ATOMIC_RELEASE);
}

vn_info
vn_lookup_slow(int32_t cp)
{
    pthread_once(&table_once, build_table);
    if (cp >= 0 && cp < TABLE_SIZE)
        return table[cp];
    vn_info v = {cp, cp, cp, VN_TONE_NONE, classify(cp), 0, 0};
    utf8proc_category_t cat = utf8proc_category(cp);
    v.upper = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
    if (v.cls == VN_LETTER)
        v.lower = v.base = v.fold = utf8proc_tolower(cp);
    else if (v.cls == VN_MARK)
        v.fold = 0;
    return v;
}

int32_t
vn_compose(int32_t base, int tone)
{
    if (!__atomic_load_n(&vn_ready_, __ATOMIC_ACQUIRE))
        pthread_once(&table_once, build_table);
    int vi = base >= 0 && base < VOWEL_MAX ? vowel_at[base] - 1 : -1;
    if (vi < 0 || tone < 0 || tone > 5)
        return 0;
    return composed[vi][tone];
}

/* vn_is_vowel once the table is known to be built: the tone rule asks it for every letter
 * of every marked token, so without the call and the ready check each time. */
static inline int
vowel_in_table(int32_t cp)
{
    return cp >= 0 && cp < 0x200 && table[cp].vowel && table[cp].base == cp;
}

int
vn_tone_position(const int32_t *b, size_t n, enum vn_style style)
{
    if (!__atomic_load_n(&vn_ready_, __ATOMIC_ACQUIRE))
        pthread_once(&table_once, build_table);
    size_t i = 0;
    /* gi and qu before a vowel are consonant clusters: their i/u never carries the tone. */
    if (n >= 3 && ((b[0] == 'g' && b[1] == 'i') || (b[0] == 'q' && b[1] == 'u')) &&
        vowel_in_table(b[2]))
        i = 2;
    else
        while (i < n && !vowel_in_table(b[i]))
            i++;
    size_t vs = i;
    while (i < n && vowel_in_table(b[i]))
        i++;
    size_t ve = i;
    for (size_t k = ve; k < n; k++)
        if (vowel_in_table(b[k]))
            return -1; /* two vowel groups: not one syllable */
    size_t len = ve - vs;
    int has_final = ve < n;
    if (len == 0 || len > 3)
        return -1;
    if (len == 1)
        return (int)vs;
    /* A shaped vowel (ă â ê ô ơ ư) takes the tone; in ươ it is the ơ, the last one. */
    for (size_t k = ve; k-- > vs;)
        if (is_shaped(b[k]))
            return (int)k;
    if (len == 3)
        return (int)vs + 1; /* oai oay oeo uyu uya */
    int32_t x = b[vs], y = b[vs + 1];
    if ((x == 'o' && y == 'a') || (x == 'o' && y == 'e') || (x == 'u' && y == 'y'))
        return (int)(has_final || style == VN_STYLE_NEW ? vs + 1 : vs);
    if (x == 'o' && y == 'o')
        return (int)vs + 1;
    return (int)vs;
}
