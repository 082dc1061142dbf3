/*
 * vnchar.h - per-character facts for Vietnamese: case, tone, letter shape, ASCII fold,
 * and where a syllable's tone mark belongs.
 *
 * Every character below U+2000 (which covers Latin, Latin-1, Latin Extended A/B and the
 * Vietnamese block U+1EA0-U+1EF9) is described by a table computed once from utf8proc, so
 * that the tokenizer's hot loop does one array lookup per character instead of a Unicode
 * decomposition. Characters above U+2000 take a slower path through utf8proc.
 */
#ifndef TRACUU_TEXT_VNCHAR_H
#define TRACUU_TEXT_VNCHAR_H

#include <stddef.h>
#include <stdint.h>

enum vn_class {
    VN_OTHER = 0, /* separator, punctuation, symbol */
    VN_LETTER,
    VN_DIGIT,
    VN_MARK /* a combining mark: belongs to the token it follows */
};

/* Tone numbers; the combining marks they stand for are in vnchar.c. */
enum vn_tone { VN_TONE_NONE = 0, VN_TONE_HUYEN, VN_TONE_SAC, VN_TONE_HOI, VN_TONE_NGA,
               VN_TONE_NANG };

typedef struct vn_info {
    int32_t lower;  /* simple lower-case mapping */
    int32_t base;   /* lower case without the tone mark, shape marks kept (ệ -> ê) */
    int32_t fold;   /* lower case without any mark, đ -> d (ệ -> e); 0 = drop (a mark) */
    uint8_t tone;   /* enum vn_tone carried by the character */
    uint8_t cls;    /* enum vn_class */
    uint8_t upper;  /* 1 when the character is upper or title case */
    uint8_t vowel;  /* 1 when `base` is one of a ă â e ê i o ô ơ u ư y */
} vn_info;

#define VN_TABLE_SIZE 0x2000

/* The table and whether it is built; use vn_lookup. */
extern vn_info vn_table_[VN_TABLE_SIZE];
extern int vn_ready_;
vn_info vn_lookup_slow(int32_t cp);

/* Facts about code point cp. Thread-safe; the table is built on first use. Inline: this
 * is the innermost call of tokenizing, and a pthread_once per character showed in
 * profiles. */
static inline vn_info
vn_lookup(int32_t cp)
{
    if (cp >= 0 && cp < VN_TABLE_SIZE && __atomic_load_n(&vn_ready_, __ATOMIC_ACQUIRE))
        return vn_table_[cp];
    return vn_lookup_slow(cp);
}

/* The same facts by reference: the table entry itself for the characters it covers, else
 * *tmp filled by the slow path. The tokenizer's loops read two or three fields per
 * character, and vn_lookup's by-value return made them copy the whole entry (it showed in
 * callgrind as the costliest line of tokenizing). */
static inline const vn_info *
vn_ref(int32_t cp, vn_info *tmp)
{
    if (cp >= 0 && cp < VN_TABLE_SIZE && __atomic_load_n(&vn_ready_, __ATOMIC_ACQUIRE))
        return &vn_table_[cp];
    *tmp = vn_lookup_slow(cp);
    return tmp;
}

/* ASCII, without the table: A-Z and a-z are letters, 0-9 digits, every other byte
 * VN_OTHER (ASCII has no combining marks), and a letter's lower, base and fold forms are
 * all its lower case, with no tone. This is exactly what the utf8proc-built table holds
 * for U+0000-U+007F; most bytes of most documents take this path. */
static inline uint8_t
vn_ascii_class(unsigned char c)
{
    if ((unsigned)((c | 0x20) - 'a') < 26u)
        return VN_LETTER;
    if ((unsigned)(c - '0') < 10u)
        return VN_DIGIT;
    return VN_OTHER;
}

static inline unsigned char
vn_ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Which tone mark a combining code point is (U+0300 -> huyền...), or VN_TONE_NONE. */
int vn_tone_of_mark(int32_t cp);

/* The lower-case vowel `base` (a ă â e ê i o ô ơ u ư y) carrying `tone`, or 0 when `base`
 * is not such a vowel. */
int32_t vn_compose(int32_t base, int tone);

enum vn_style { VN_STYLE_OLD = 0, VN_STYLE_NEW = 1 };

/* Index of the letter that should carry the tone mark in the one-syllable word made of the
 * lower-case, tone-less letters base[0..n), or -1 when it is not a syllable shape we know
 * (then callers leave the mark where the writer put it). docs/LANGUAGE.md §1.2-1.3. */
int vn_tone_position(const int32_t *base, size_t n, enum vn_style style);

/* 1 when cp (lower case, tone-less) is one of a ă â e ê i o ô ơ u ư y. */
int vn_is_vowel(int32_t cp);

#endif
