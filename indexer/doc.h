/*
 * doc.h - legacy Word (.doc, Word 97-2003) and RTF, through helper programs run with a time
 * and memory limit (helper.h): catdoc for .doc, unrtf (to HTML, then extract.h's HTML
 * reader) for RTF. Both print one paragraph a line, which become passages.
 *
 * Files are sniffed, not trusted by name: a ".doc" that is really RTF, HTML or a DOCX (as
 * portals often serve them) is read as what it is.
 */
#ifndef TRACUU_INDEXER_DOC_H
#define TRACUU_INDEXER_DOC_H

#include <stddef.h>

#include "buf.h"

/* What raw[0..len) really is, by its first bytes. */
typedef enum doc_kind { DOC_UNKNOWN = 0, DOC_OLE2, DOC_RTF, DOC_ZIP, DOC_HTML } doc_kind;
doc_kind doc_sniff(const char *raw, size_t len);

/* Text of a Word 97-2003 file (OLE2) / an RTF file, appended to out; *title (owned) from
 * RTF's \title, or NULL. On failure err names why (not that format, the helper failed,
 * crashed, timed out or is not installed). */
tracuu_status extract_doc(text_buf *out, const char *raw, size_t len, char *err, size_t errsz);
tracuu_status extract_rtf(text_buf *out, char **title, const char *raw, size_t len, char *err,
                          size_t errsz);

#endif
