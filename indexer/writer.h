/*
 * writer.h - turning one decoded, normalized document into index records.
 *
 * A document becomes one record (schema.h, store/record.h): its words, filters, similarity
 * terms and a typed record of its text and tables. The old record of the same path goes
 * first (one delete by the "D" + dockey term), so re-indexing a file replaces it.
 */
#ifndef TRACUU_INDEXER_WRITER_H
#define TRACUU_INDEXER_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"
#include "layout.h"

typedef struct writer_file {
    const char *path;     /* absolute */
    const char *root;     /* the indexed root it was found under (meta.h); NULL: its folder */
    int root_is_base;     /* root is a base the user named: its folders are places (meta.h) */
    const char *encoding; /* decoding used */
    const char *title;    /* from the format (HTML <h1>/<title>); NULL: pick from text */
    uint64_t size;
    int64_t mtime_ns;
    const char *hash;     /* XXH3-64 of the file's bytes, 16 hex digits */
    uint64_t revision;    /* the run's revision */
    uint64_t created;     /* revision the path was first indexed at (= revision when new) */
    /* What the container says (office and PDF files); NULL / "" / 0 when nothing. */
    const char *author;
    const char *created_on, *modified_on; /* "YYYY-MM-DD" */
    unsigned pages, ocr_pages;
    const layout_mark *marks; /* page and heading marks, offsets into the text */
    size_t nmarks;
} writer_file;

/* "<size>:<mtime ns>" for SLOT_STAMP. */
void writer_stamp(char *out, size_t outsz, uint64_t size, int64_t mtime_ns);

/* A file moved from old_path to f->path with the same bytes: move its records there without
 * re-analysing it (new key, path, commune, stamp, manifest; revision and created set to
 * f->revision on the document record, so `changes` reports it as added). *moved gets how many
 * records moved (0: nothing was indexed at old_path). Message on ix on failure. */
tracuu_status writer_rename(tracuu_index *ix, const char *old_path, const writer_file *f,
                            size_t *moved);

/* Write the records of `text` (normalized UTF-8). On failure the message is on ix.
 * Returns TRACUU_OK, ENOMEM, or a store status. */
tracuu_status writer_put_document(tracuu_index *ix, const writer_file *f, const char *text,
                                  size_t n, unsigned *npassages);

#endif
