/*
 * record.h - the typed layout of a document record's data (schema.h, schema 5).
 *
 * A source file is one Xapian record. Its data holds everything shown about it, once: the
 * metadata, the normalized text, the table of its passages (byte spans, word-position
 * ranges, section, page, heading) and of its citations (id, mention span, passage). Search
 * matches whole documents and picks passages at query time from these tables (query/
 * passages.c); cites, refs, show and similar read the same tables. This module is the only
 * code that knows the bytes: writers fill a record_doc and encode it, readers decode it.
 *
 * Encoding: the magic "TRD5", then fields, each a one-byte tag, a varint length and that
 * many bytes, ending with an empty end field (so a record cut anywhere is refused). Numbers are varints; tables are runs of varints and length-prefixed strings.
 * A reader skips tags it does not know, so a field can be added without a schema bump.
 * Decoding copies into one arena, so every string of a decoded record is NUL-terminated
 * and lives until record_doc_free.
 */
#ifndef TRACUU_STORE_RECORD_H
#define TRACUU_STORE_RECORD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "tracuu.h"

/* The largest record data: the text of a file at the largest --max-file-size and its
 * tables. */
#define RECORD_MAX ((size_t)1 << 30)
#define RECORD_NO_HEADING UINT32_MAX
#define RECORD_NO_PASSAGE UINT32_MAX

typedef struct record_passage {
    uint32_t start, end;          /* byte span in text, end exclusive */
    uint32_t pos_first, pos_last; /* word positions of its first and last syllable (1-based);
                                   * pos_last < pos_first when it has none */
    uint32_t page;                /* PDF page it starts on; 0 when not paged */
    uint32_t heading;             /* index of the passage it sits under, or RECORD_NO_HEADING */
    uint8_t section;              /* section_kind (text/section.h) */
} record_passage;

typedef struct record_cite {
    const char *id;    /* canonical id, "25-NQ/TW@2013" */
    uint32_t start, end; /* the mention in text */
    uint32_t passage;  /* 0-based index of the passage holding it, or RECORD_NO_PASSAGE */
    uint8_t resolved;  /* enum cite_resolution (text/cite.h) */
} record_cite;

/* A finding (text/section.h): a sentence or clause of an achievement or limitation passage
 * that `similar` and `recurring` compare. */
typedef struct record_finding {
    uint32_t passage;    /* 0-based index of its passage */
    uint32_t start, end; /* its span in text */
} record_finding;

typedef struct record_doc {
    /* NULL when unknown. */
    const char *path, *title, *encoding, *hash, *date, *date_from, *commune, *district,
        *province, *body, *kind, *simhash, *author, *doc_created, *doc_modified, *number;
    uint64_t size, revision, created;
    int64_t mtime_ns;
    uint32_t pages, ocr_pages;
    const char *text; /* the normalized text after any front matter, NUL-terminated */
    size_t textlen;
    const record_passage *passages;
    size_t npassages;
    const record_cite *cites; /* in text order */
    size_t ncites;
    const record_finding *findings; /* in text order; the k-th of a passage is "PATH#N.k" */
    size_t nfindings;
    const char *const *abbr; /* abbreviations it defines: abbr[2i] as written, abbr[2i+1] its
                              * expansion */
    size_t nabbr;
    void *arena_; /* decoded records only: what record_doc_free releases */
} record_doc;

/* Append the encoding of d to out. Returns TRACUU_OK, TRACUU_ENOMEM, TRACUU_ETOOBIG (out's
 * bound). */
tracuu_status record_doc_encode(text_buf *out, const record_doc *d);

/* Decode data[0..len) into *out (owned: record_doc_free). Returns TRACUU_OK, TRACUU_ECORRUPT
 * (not a document record of this layout, or cut short), TRACUU_ENOMEM. */
tracuu_status record_doc_decode(record_doc **out, const char *data, size_t len);
void record_doc_free(record_doc *d);

/* The record as the JSON object `tracuu show` prints (new reference), or NULL when out of
 * memory. */
json_t *record_doc_json(const record_doc *d);

/* Decode and convert in one step: NULL when the data is not a document record. */
json_t *record_doc_json_of(const char *data, size_t len);
/* The same with the reason: TRACUU_OK, TRACUU_ECORRUPT (not a document record) or
 * TRACUU_ENOMEM (so running out of memory is never reported as a damaged index). */
tracuu_status record_doc_json_get(json_t **out, const char *data, size_t len);

/* The heading passage p sits under, as a span of d->text (*len bytes, at most
 * RECORD_HEADING_MAX, cut at a character boundary), or NULL when it has none: what search,
 * cites and the document's passages show with it. */
#define RECORD_HEADING_MAX 200
const char *record_passage_heading(const record_doc *d, uint32_t p, size_t *len);

/* The ids passage p cites, in text order, as a JSON array of strings (new reference; NULL
 * when out of memory). */
json_t *record_passage_cite_ids(const record_doc *d, uint32_t p);

/* The index of the passage holding byte offset `at`, or RECORD_NO_PASSAGE. */
uint32_t record_passage_at(const record_doc *d, size_t at);


/* ---- failed-file records --------------------------------------------------------------- */

/* A file whose last read failed (schema.h "Kfailed"): what `status --errors` lists and what
 * makes the next run read it again. Layout: the magic "TRF5", then tag/varint-length fields
 * as in a document record, ending with the end field. */
typedef struct record_failed {
    const char *path;    /* the stored name (scan.h) */
    const char *status;  /* tracuu_status_str of the failure */
    const char *message; /* one line, valid UTF-8 */
    uint64_t size;
} record_failed;

/* Append the encoding of f to out. Returns TRACUU_OK, TRACUU_ENOMEM, TRACUU_ETOOBIG. */
tracuu_status record_failed_encode(text_buf *out, const record_failed *f);

/* Decode data[0..len) into *out; its strings are NUL-terminated copies owned by *out
 * (record_failed_free). Records written by tracuu before this layout (a JSON object with
 * the same keys) are read too. Returns TRACUU_OK, TRACUU_ECORRUPT, TRACUU_ENOMEM. */
tracuu_status record_failed_decode(record_failed **out, const char *data, size_t len);
void record_failed_free(record_failed *f);

/* The record as `status --errors` lists it: {"path", "status", "message", "size"} (new
 * reference), or NULL when the data is not a failed-file record or memory ran out. */
json_t *record_failed_json_of(const char *data, size_t len);

#endif
