/*
 * office.h - the text of office documents: DOCX (Word 2007+) and ODT (OpenDocument), both
 * a zip of XML parts. Paragraphs, headings, list items and table cells become paragraphs;
 * headings carry a heading mark (layout.h); text in legacy fonts is decoded.
 */
#ifndef TRACUU_INDEXER_OFFICE_H
#define TRACUU_INDEXER_OFFICE_H

#include <stddef.h>

#include "buf.h"

/* What a container says of itself. Strings owned (office_meta_free); dates "YYYY-MM-DD". */
typedef struct office_meta {
    char *title, *author;
    char created[11], modified[11];
} office_meta;

void office_meta_free(office_meta *m);

/* The text of raw[0..len) (a DOCX, or an ODT when odt) appended to out as UTF-8 with blank
 * lines between paragraphs; *meta from the file's metadata part (zeroed when none). On
 * failure err names why (not a zip, no document part, damaged, a member too large or too
 * compressed): TRACUU_EENCODING, TRACUU_ETOOBIG or TRACUU_ENOMEM. */
tracuu_status extract_office(text_buf *out, office_meta *meta, int odt, const char *raw,
                             size_t len, char *err, size_t errsz);

/* The text of a document part alone (word/document.xml, or content.xml when odt); a DOCX
 * part is also read for styles (the fuzzer's single input stands for both). */
tracuu_status extract_office_xml(text_buf *out, int odt, const char *xml, size_t n);

#endif
