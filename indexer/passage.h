/*
 * passage.h - cutting a normalized document into passages (paragraphs).
 *
 * Reports arrive in two layouts: one line per paragraph (Word's "save as text", web
 * pages) and hard-wrapped lines inside blank-line-separated paragraphs. A blank line always
 * ends a passage; a single line break ends one when the line before it closes a sentence,
 * is short (a heading), or the next line opens a list item. A paragraph longer than
 * PASSAGE_MAX_BYTES is cut at a sentence end, so snippets and ranking stay local.
 */
#ifndef TRACUU_INDEXER_PASSAGE_H
#define TRACUU_INDEXER_PASSAGE_H

#include <stddef.h>
#include "buf.h"

#define PASSAGE_MAX_BYTES 4000

typedef struct passage_span {
    size_t start, end; /* byte span in the normalized text, trimmed of white space */
} passage_span;

/* Append the passages of text[0..n) to `spans` as an array of passage_span. */
tracuu_status passage_split(const char *text, size_t n, text_buf *spans);

#endif
