/*
 * token.h - syllable tokenizing and the two index forms of every syllable.
 *
 * A token is a maximal run of letters (with their combining marks) or of digits in the
 * normalized text, further split where typing glued two words together:
 *   - a lower-case letter followed by an upper-case one ("NguyễnVăn", "theoNghị");
 *   - letters next to digits ("217của", "01lần").
 * Punctuation always separates ("phương;mối"). Acronyms (UBND, HĐND) have no lower->upper
 * step inside and stay whole.
 *
 * Each token has two forms (VIETNAMESE.md §3.2):
 *   exact  - case-folded, tone mark moved to its canonical (old-style) place: hoà -> hòa;
 *   folded - no marks at all and đ -> d: "Đảng" -> "dang".
 */
#ifndef TRACUU_TEXT_TOKEN_H
#define TRACUU_TEXT_TOKEN_H

#include <stddef.h>
#include "buf.h"

/* Tokens longer than this many bytes (base64 blobs, URLs glued into text) are skipped by
 * the indexer: Xapian terms have a hard limit of 245 bytes and no one searches for them. */
#define TEXT_TOKEN_MAX_BYTES 64

typedef struct text_token {
    size_t start, end; /* byte span in the text */
} text_token;

/* Find the next token at or after *pos in s[0..n) (valid UTF-8). Returns 1 and sets *tok
 * and advances *pos past it; returns 0 at the end. */
int text_token_next(const char *s, size_t n, size_t *pos, text_token *tok);

/* Append the exact and folded forms of s[start..end) to `exact` and `folded` (either may be
 * NULL). *marked (may be NULL) is set to 1 when the token carries any tone or shape mark or
 * đ, i.e. when exact and folded differ for a reason other than case. */
tracuu_status text_token_forms(const char *s, size_t start, size_t end, text_buf *exact,
                               text_buf *folded, int *marked);

/* Decode one UTF-8 code point at s[*i] (valid input) and advance *i. */
int32_t text_utf8_next(const char *s, size_t n, size_t *i);

#endif
