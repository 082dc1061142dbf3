/*
 * syllable.h - is a run of letters one Vietnamese syllable, and how does a glued run split?
 *
 * The validator follows docs/LANGUAGE.md §2: onset (b c ch d đ g gh gi h k kh l m n ng ngh nh
 * p ph qu r s t th tr v x or none), a nucleus from the written vowel clusters, a final from
 * c ch m n ng nh p t allowed for that nucleus, the c/k, g/gh, ng/ngh spelling rules, at most
 * one tone mark, and only sắc or nặng on a syllable closed by p t c ch. Structure is not
 * lexicon: "quố" passes. That is why splitting asks for syllable frequencies.
 *
 * Inputs are code points of letters (any case, precomposed). "Folded" validation accepts a
 * syllable typed without any marks ("nguoi", "quyet") when some marking of it is valid.
 */
#ifndef TRACUU_TEXT_SYLLABLE_H
#define TRACUU_TEXT_SYLLABLE_H

#include <stddef.h>
#include <stdint.h>

/* Longest syllable in letters: "nghiêng". */
#define TEXT_SYLLABLE_MAX 7

enum text_syllable_mode {
    TEXT_SYL_MARKED = 0, /* as written: shape and tone marks must fit */
    TEXT_SYL_FOLDED = 1  /* marks ignored: valid when some marking would be */
};

/* 1 when cps[0..n) is one syllable in `mode`, else 0. */
int text_syllable_valid(const int32_t *cps, size_t n, enum text_syllable_mode mode);

/* Syllable frequencies for breaking ties between splits: how often the syllable occurs in
 * well-spaced text. `syllable` (UTF-8) is its exact form (lower case, canonical tone) when
 * folded is 0, its folded form (no marks, đ -> d) when folded is 1. */
typedef uint64_t (*text_freq_fn)(void *ctx, const char *syllable, size_t len, int folded);

/* A frequency source: the index (indexer, query) or a table (tests). */
typedef struct text_freq_src {
    text_freq_fn fn;
    void *ctx;
} text_freq_src;

/* Split the letters cps[0..n) that are not one syllable into the fewest valid syllables.
 * Writes the letter index where each syllable after the first starts into cuts[] (at most
 * maxcuts) and returns the number of syllables (>= 2), or 0 when the run is a syllable
 * itself, cannot be split into valid syllables, or needs more than maxcuts+1 pieces.
 * Among equally short splits the one whose syllables are most frequent wins (freq may be
 * NULL), then the one whose later syllables start with the longer consonant onset (cá|nhân,
 * not cán|hân). `mode` as above; callers use FOLDED only with frequency evidence, since
 * unmarked foreign words ("online" = on|li|ne) split too easily. */
size_t text_syllable_split(const int32_t *cps, size_t n, enum text_syllable_mode mode,
                           text_freq_fn freq, void *ctx, size_t *cuts, size_t maxcuts);

#endif
