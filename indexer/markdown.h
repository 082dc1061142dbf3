/*
 * markdown.h - Markdown (CommonMark with GitHub tables) -> text with heading marks.
 *
 * Parsed by libcmark-gfm, walked without recursion: a heading becomes a paragraph behind a
 * heading mark (layout.h) and the first heading is the title; a table row becomes one
 * paragraph of its cells separated by spaces (as HTML rows are); emphasis, code and link
 * syntax disappear (a link's text stays, its address goes); an ordered list item keeps its
 * number ("1. Mục tiêu"), a bullet its text; raw HTML blocks go through the HTML
 * extractor (scripts and site furniture dropped). Front matter ("---" ... "---") at the top
 * is copied through untouched for meta.c.
 */
#ifndef TRACUU_INDEXER_MARKDOWN_H
#define TRACUU_INDEXER_MARKDOWN_H

#include <stddef.h>

#include "buf.h"

/* Past this many bytes a file is read as plain text: cmark holds the whole tree in memory
 * and aborts when an allocation fails. Measured: a 16 MB table-heavy file peaks at 600 MB
 * (37x), so 4 MB bounds one file at about 150 MB. */
#define MARKDOWN_MAX ((size_t)4 << 20)

/* Does plain text utf8[0..len) look like Markdown? Yes when, in its first 64 KB, a line is
 * an ATX heading whose text starts with a letter ("# Báo cáo", "## Tham khảo"; not "# 5
 * xã", not "#hashtag"), or a table: a "|...|" line followed by a "|---|" separator line. */
int markdown_looks_like(const char *utf8, size_t len);

/* Append the text of Markdown utf8[0..len) to out; *title (owned) gets the first heading's
 * text, or NULL. Returns TRACUU_OK, TRACUU_ENOMEM, TRACUU_ETOOBIG (out's ceiling). */
tracuu_status markdown_extract(text_buf *out, char **title, const char *utf8, size_t len);

#endif
