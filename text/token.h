/*
 * token.h - syllable tokenizing and the two index forms of every syllable.
 *
 * A run is a maximal stretch of letters (with their combining marks) and digits in the
 * normalized text; punctuation and spaces always end one ("phương;mối"). A run is cut
 * where typing glued two words together:
 *   - a lower-case letter followed by an upper-case one ("NguyễnVăn", "theoNghị");
 *   - an acronym followed by a lower-case word ("HĐNDxã" -> HĐND xã; not "TTg", "QĐi");
 *   - letters next to digits ("217của", "01lần"), except when the letters are all capitals:
 *     codes and document symbols stay whole ("858CV", "QH15", "H5N1", "COVID19");
 *   - a lower-case or capitalized run that is not one syllable but splits into valid ones
 *     ("độlàm", "xâydựng", "dựngnông"); see syllable.h. Runs without any mark are split
 *     only with frequency evidence, so foreign words ("online") stay whole; all-capital
 *     runs (UBND, MTTQ) are never split.
 *
 * Each token has two forms (docs/LANGUAGE.md §3.2):
 *   exact  - case-folded, tone mark moved to its canonical (old-style) place: hoà -> hòa;
 *   folded - no marks at all and đ -> d: "Đảng" -> "dang".
 */
#ifndef TRACUU_TEXT_TOKEN_H
#define TRACUU_TEXT_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "syllable.h"

/* Tokens longer than this many bytes (base64 blobs, URLs glued into text) are skipped by
 * the indexer: Xapian terms have a hard limit of 245 bytes and no one searches for them. */
#define TEXT_TOKEN_MAX_BYTES 64

enum text_token_kind {
    TEXT_TOK_WORD = 0, /* letters */
    TEXT_TOK_NUMBER,   /* digits */
    TEXT_TOK_CODE      /* capitals and digits kept together: 858CV, QH15 */
};

typedef struct text_token {
    size_t start, end; /* byte span in the text */
    uint8_t kind;      /* enum text_token_kind */
    uint8_t glued;     /* cut from a longer run that had no space in it */
} text_token;

/* Longest run (in characters) handled as one; longer ones are cut there. */
#define TEXT_RUN_MAX 96

typedef struct text_tokenizer {
    const char *s;
    size_t n, pos;
    text_freq_fn freq; /* may be NULL: no frequency evidence */
    void *ctx;
    text_token pend[TEXT_RUN_MAX];
    size_t npend, ipend;
} text_tokenizer;

/* Tokenize s[0..n) (valid UTF-8). freq (may be NULL) gives syllable frequencies for glued
 * runs; it must outlive the tokenizer. */
void text_tokenizer_init(text_tokenizer *tz, const char *s, size_t n,
                         const text_freq_src *freq);
/* The next token: returns 1 and fills *tok, or 0 at the end. */
int text_tokenizer_next(text_tokenizer *tz, text_token *tok);

/* Append the exact and folded forms of s[start..end) to `exact` and `folded` (either may be
 * NULL). *marked (may be NULL) is set to 1 when the token carries any tone or shape mark or
 * đ, i.e. when exact and folded differ for a reason other than case. */
tracuu_status text_token_forms(const char *s, size_t start, size_t end, text_buf *exact,
                               text_buf *folded, int *marked);


#endif
