/*
 * office.h - the text of office documents: DOCX (Word 2007+) and ODT (OpenDocument), both
 * a zip of XML parts. Paragraphs, headings, list items and table cells become paragraphs.
 */
#ifndef TRACUU_INDEXER_OFFICE_H
#define TRACUU_INDEXER_OFFICE_H

#include <stddef.h>

#include "buf.h"

/* The text of raw[0..len) (a DOCX, or an ODT when odt) appended to out as UTF-8 with blank
 * lines between paragraphs; *title (owned) from the file's metadata, or NULL. On failure err
 * names why (not a zip, no document part, damaged, a member too large or too compressed):
 * TRACUU_EENCODING, TRACUU_ETOOBIG or TRACUU_ENOMEM. */
tracuu_status extract_office(text_buf *out, char **title, int odt, const char *raw, size_t len,
                             char *err, size_t errsz);

/* The text of a document part alone (word/document.xml, or content.xml when odt). */
tracuu_status extract_office_xml(text_buf *out, int odt, const char *xml, size_t n);

#endif
