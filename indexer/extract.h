/*
 * extract.h - the text of a file, whatever its format: plain text (any encoding the
 * decoder knows or detects); HTML (libxml2's HTML parser: scripts, styles, navigation
 * and site boilerplate dropped, entities decoded, blocks turned into paragraph breaks,
 * the title taken from <h1> or <title>); DOCX and ODT (office.h); PDF (pdf.h); Word 97
 * .doc and RTF (doc.h). Office and PDF text is also repaired line by line where a legacy
 * font's bytes came through as Windows-1252 letters (decode.h text_repair_lines);
 * Markdown (markdown.h), and plain text that looks like it.
 */
#ifndef TRACUU_INDEXER_EXTRACT_H
#define TRACUU_INDEXER_EXTRACT_H

#include <stddef.h>

#include "buf.h"

typedef enum extract_format {
    EXTRACT_TEXT = 0,
    EXTRACT_HTML,
    EXTRACT_DOCX,
    EXTRACT_ODT,
    EXTRACT_PDF,
    EXTRACT_DOC,
    EXTRACT_RTF,
    EXTRACT_MARKDOWN,
    EXTRACT_FORMATS
} extract_format;

/* The format's name as `status` and `show` report it ("text", "HTML", "DOCX", "PDF"...). */
const char *extract_format_name(extract_format f);

/* The format a file name says (.html, .htm, .xhtml -> HTML; .docx; .odt; .pdf; .doc; .rtf;
 * .md, .markdown -> Markdown), else EXTRACT_TEXT. A .txt that looks like Markdown
 * (markdown.h markdown_looks_like) is read as Markdown by extract_text. */
extract_format extract_format_of(const char *path);

/* 1 when the scanner should pick this file name up (.txt and every format above). */
int extract_supported(const char *name);

typedef struct extract_result {
    const char *encoding; /* the decoding used: static, `encoding`, or encbuf */
    char *title;          /* owned; NULL when the format has none */
    char *author;         /* owned; the container's author (DOCX, ODT, PDF), or NULL */
    char created[11], modified[11]; /* the container's dates, "YYYY-MM-DD" or "" */
    unsigned pages, ocr_pages;      /* PDF: pages, and how many were read by OCR */
    size_t repaired_lines;          /* lines decoded from a legacy font's bytes by their text */
    int layout;           /* the text carries page and heading marks (layout.h) */
    char encbuf[64];      /* a charset the file declared */
} extract_result;

#define EXTRACT_RESULT_INIT {NULL, NULL, NULL, "", "", 0, 0, 0, 0, ""}

/* Free what extract_text put in res. */
void extract_result_free(extract_result *res);

/* extract_text flags */
#define EXTRACT_OCR 1 /* read PDF pages without a text layer with tesseract */

/* Decode raw[0..len) as `format` into out (UTF-8, not yet normalized). `encoding` (may be
 * NULL) overrides detection and any charset the file declares. flags: EXTRACT_OCR. On
 * failure err holds a one-line reason. Returns TRACUU_OK, TRACUU_EENCODING, TRACUU_EINVAL,
 * TRACUU_EIO (a helper program failed), TRACUU_ENOMEM or TRACUU_ETOOBIG. */
tracuu_status extract_text(text_buf *out, extract_result *res, extract_format format,
                           const char *raw, size_t len, const char *encoding, int flags,
                           char *err, size_t errsz);

/* End the paragraph being written to o: trailing spaces dropped, then a blank line (once).
 * What every extractor's block ends with. */
tracuu_status extract_para_break(text_buf *o);

/* HTML already in UTF-8 -> text with paragraph breaks; *title (owned) or NULL. */
tracuu_status extract_html(text_buf *out, char **title, const char *utf8, size_t len);

#endif
