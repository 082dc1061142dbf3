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

/* Can passage i of ps[0..np) hold findings? Not when it is a heading (heads[k] == i for some
 * passage k: layout.h), sits under a heading of references or links ("Tham khảo", "Chú
 * thích", "Liên kết ngoài", "Xem thêm", "Nguồn", "Tài liệu tham khảo"), or is a reference
 * or navigation line (a web address, "Truy cập ngày", "ISBN", "↑"), a law's article
 * ("Điều 5. ...") or a clause quoted from one (opening with a quotation mark). heads may be
 * NULL (no layout: only the line tests apply). */
int passage_may_hold_findings(const char *text, const passage_span *ps, size_t np,
                              const long *heads, size_t i);

#endif
