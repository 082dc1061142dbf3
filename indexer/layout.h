/*
 * layout.h - where a passage sits in its document: the page (PDF) and the heading above it
 * (DOCX, ODT, HTML, PDF outlines aside).
 *
 * Extractors write marks into the text they produce, in characters of Unicode's private use
 * area that normalization keeps: a page mark (U+E000, the page number in ASCII digits,
 * U+E001) before the first paragraph that starts on a page, and a heading mark (U+E002)
 * before a heading paragraph. layout_strip takes them out after normalization and keeps
 * their offsets, so nothing downstream (tokens, passages, snippets) ever sees them.
 */
#ifndef TRACUU_INDEXER_LAYOUT_H
#define TRACUU_INDEXER_LAYOUT_H

#include <stddef.h>

#include "buf.h"

typedef struct layout_mark {
    size_t offset; /* in the text without marks */
    unsigned page; /* page that starts here; 0: a heading starts here */
} layout_mark;

/* Append a page mark / a heading mark to out. */
tracuu_status layout_put_page(text_buf *out, unsigned page);
tracuu_status layout_put_heading(text_buf *out);

/* Remove every mark from t (in place) and append them to marks (an array of layout_mark,
 * in text order). Stray private-use characters of the same values are removed too. */
tracuu_status layout_strip(text_buf *t, text_buf *marks);

/* For passages [starts[i], ends[i]) of the stripped text: page[i] (0 when the document
 * has no pages) and heading[i] (the index of the heading passage above passage i, or -1). */
void layout_assign(const layout_mark *m, size_t nm, size_t shift, const size_t *starts,
                   size_t np, unsigned *page, long *heading);

/* A line's key for spotting running heads and feet: each run of digits as one '#', spaces
 * collapsed, ASCII lower-cased (page 3's "Trang 3" and page 4's "Trang 4" share one). */
void layout_line_key(char *key, size_t keysz, const char *line);

/* Is a key a bare page number: "#", "- # -", "trang #", "#/#", "page # of #"? */
int layout_page_number_key(const char *key);

#endif
