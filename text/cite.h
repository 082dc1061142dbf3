/*
 * cite.h - citations of Party and State documents in a report (docs/CITATIONS.md), the one
 * extractor the indexer, `tracuu citations` and the query side (`cites:`, `tracuu cites`)
 * all use.
 *
 * Found:
 *   formal numbers   25-NQ/TW, 21 - NQ/TW, Nq/tw, 217-QD/TW, 858CV/ĐUK, 217/QĐ-TW (Party
 *                    number with State separators), 04/2015/NĐ-CP, 34/2007/PL-UBTVQH11,
 *                    10/2022/QH15, 1234/QĐ-UBND;
 *   informal         "Quyết định 217 của Bộ Chính trị", lists "Quyết định 217, 218 của Bộ
 *                    Chính trị", "Chỉ thị 16 của Ban Thường vụ Tỉnh ủy", "Nghị định 04 của
 *                    Chính phủ" (the year from the registry);
 *   back-references  "Nghị quyết 25" or an alias "(gọi tắt là Chỉ thị 14)", "(NQ21)" after
 *                    a full citation earlier in the same document;
 *   registry keys    "Nghị quyết Trung ương 4 (khóa XI, khóa XII)", "Nghị quyết TW4",
 *                    "Luật Thực hiện dân chủ ở cơ sở" (aliases).
 * Not citations: dates, ratios, road names, phone numbers, money, page numbers — nothing
 * without a document type code or word.
 *
 * A number reused across Party terms (25-NQ/TW of 2003 and of 2013) is told apart by the
 * date written next to it, the khóa, the report's own date, or the words of the title near
 * it; when nothing decides, the citation is "ambiguous" with the shared base id.
 */
#ifndef TRACUU_TEXT_CITE_H
#define TRACUU_TEXT_CITE_H

#include <stddef.h>

#include "buf.h"
#include "registry.h"

typedef enum cite_resolution {
    CITE_EXACT = 0,  /* a full number as written */
    CITE_INFORMAL,   /* type word + number + issuer phrase */
    CITE_REGISTRY,   /* through the registry: conference, title, number without year,
                      * or a reused number told apart */
    CITE_BACKREF,    /* a short mention or alias of a citation earlier in the document */
    CITE_AMBIGUOUS   /* several documents fit and nothing decides */
} cite_resolution;

#define CITE_ID_MAX 96

typedef struct cite {
    char id[CITE_ID_MAX]; /* canonical id: "25-NQ/TW@2013", "04/2015/NĐ-CP" */
    size_t start, end;    /* byte span of the mention in the text */
    int resolved;         /* enum cite_resolution */
} cite;

/* A text longer than this is analysed window by window (cite_extract), so that its tokens
 * (16 bytes each, one per 4 or 5 bytes of text) never all sit in memory at once. */
#define CITE_WINDOW ((size_t)8 << 20)

/* Find the citations of normalized UTF-8 text[0..n) and append them (cite records, in text
 * order) to out. reg may be NULL. report_date "YYYYMMDD" or "YYYY" (may be NULL) helps
 * tell reused numbers and versions apart. A text longer than CITE_WINDOW is read in windows that end at a line end
 * where one is near (else at a space): a citation cut by a window's end is missed. Returns
 * TRACUU_OK, ENOMEM or ETOOBIG (n of 4 GiB or more). */
tracuu_status cite_extract(const char *text, size_t n, const registry *reg,
                           const char *report_date, text_buf *out);

/* The canonical id of an id as a user types it ("25-nq/tw", "217/QĐ-TW", "04/2015/ND-CP",
 * "25-NQ/TW@2013"), into id. Returns 1, or 0 when it is not a document number. */
int cite_canonical(const char *spelling, char *id, size_t idsz);

/* The id without its "@..." part, into base. */
void cite_base(const char *id, char *base, size_t basesz);

/* "exact", "informal", "registry", "back-reference", "ambiguous". */
const char *cite_resolution_name(int r);

/* A document's own number and subject, from its header (Nghị định 30/2020/NĐ-CP and
 * Hướng dẫn 36-HD/VPTW put "Số: 597/KH-UBND" / "Số 12-NQ/ĐU" under the issuing organ, then
 * the type word in capitals and the trích yếu under it, or "V/v ..." for a công văn). */
typedef struct cite_header {
    char id[CITE_ID_MAX];        /* the canonical number, "" when none */
    size_t start, end;           /* its span in the text */
    size_t subj_start, subj_end; /* the trích yếu, without "V/v"; subj_end == 0: none */
} cite_header;

/* Read the header of normalized text[0..n): a line (or a column after a tab or two spaces)
 * that starts "Số" or "SỐ", an optional colon and a formal number, in the first
 * CITE_HEADER_BYTES; then, in the lines below it, the trích yếu. Returns 1 when a number
 * was found. cite_extract never lists this number (or a later mention of it) among the
 * document's citations: it is the document's identity. */
#define CITE_HEADER_BYTES 2000
int cite_own_number(const char *text, size_t n, cite_header *out);

/* The report's own date: the first "ngày D tháng M năm YYYY" or "ngày D/M/YYYY" in its first
 * 3000 bytes that starts a line or follows a comma ("Sơn Định, ngày ...") and does not
 * follow a document number, as YYYYMMDD into out. Returns 1, or 0 when there is none. */
int cite_report_date(const char *text, size_t n, char out[9]);

#endif
