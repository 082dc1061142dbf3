/*
 * pdf.h - the text of a PDF through poppler-glib, in a child process (helper.h).
 *
 * What a reader of the page would call its text: poppler's reading order (columns read one
 * after the other), lines rebuilt into paragraphs from their geometry (a gap, an indent, a
 * short last line), words hyphenated at a line end joined, the running header and footer
 * that repeat on most pages and bare page numbers ("- 3 -", "Trang 3") dropped, headings
 * (larger or bold single lines) and page starts marked (layout.h). Runs in a legacy font
 * (".VnTime", "VNI-Times" subsets) are decoded. A PDF with no text layer is a scan: it is
 * reported as such, or read with tesseract's Vietnamese model when OCR is asked for.
 */
#ifndef TRACUU_INDEXER_PDF_H
#define TRACUU_INDEXER_PDF_H

#include <stddef.h>

#include "buf.h"
#include "office.h"

/* Text of raw[0..len) appended to out; *meta from the document information dictionary
 * (zeroed when none). ocr: read pages without text with tesseract (-l vie). *pages gets the
 * page count, *ocr_pages how many were read by OCR. On failure err names why (encrypted,
 * damaged, a scan without --ocr, the reader crashed or timed out): TRACUU_EENCODING,
 * TRACUU_EIO, TRACUU_ETOOBIG or TRACUU_ENOMEM. */
tracuu_status extract_pdf(text_buf *out, office_meta *meta, const char *raw, size_t len,
                          int ocr, unsigned *pages, unsigned *ocr_pages, char *err,
                          size_t errsz);

#endif
