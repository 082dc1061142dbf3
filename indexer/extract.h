/*
 * extract.h - the text of a file, whatever its format: plain text (any encoding the
 * decoder knows or detects) or HTML (libxml2's HTML parser: scripts, styles, navigation
 * and site boilerplate dropped, entities decoded, blocks turned into paragraph breaks,
 * the title taken from <h1> or <title>).
 */
#ifndef TRACUU_INDEXER_EXTRACT_H
#define TRACUU_INDEXER_EXTRACT_H

#include <stddef.h>

#include "buf.h"

typedef enum extract_format { EXTRACT_TEXT = 0, EXTRACT_HTML, EXTRACT_DOCX, EXTRACT_ODT } extract_format;

/* The format a file name says (.html, .htm, .xhtml -> HTML; .docx; .odt), else EXTRACT_TEXT. */
extract_format extract_format_of(const char *path);

/* 1 when the scanner should pick this file name up (.txt, .html, .htm, .xhtml, .docx, .odt). */
int extract_supported(const char *name);

typedef struct extract_result {
    const char *encoding; /* the decoding used: static, `encoding`, or encbuf */
    char *title;          /* owned (free()); NULL when the format has none */
    char encbuf[64];      /* a charset the file declared */
} extract_result;

/* Decode raw[0..len) as `format` into out (UTF-8, not yet normalized). `encoding` (may be
 * NULL) overrides detection and any charset the file declares. On failure err holds a
 * one-line reason. Returns TRACUU_OK, TRACUU_EENCODING, TRACUU_EINVAL, TRACUU_ENOMEM or
 * TRACUU_ETOOBIG. */
tracuu_status extract_text(text_buf *out, extract_result *res, extract_format format,
                           const char *raw, size_t len, const char *encoding, char *err,
                           size_t errsz);

/* End the paragraph being written to o: trailing spaces dropped, then a blank line (once).
 * What every extractor's block ends with. */
tracuu_status extract_para_break(text_buf *o);

/* HTML already in UTF-8 -> text with paragraph breaks; *title (owned) or NULL. */
tracuu_status extract_html(text_buf *out, char **title, const char *utf8, size_t len);

#endif
