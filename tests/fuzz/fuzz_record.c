/*
 * fuzz_record.c - fuzz target: the document record decoder (store/record.c) on arbitrary
 * bytes, behind the record's magic too so the fuzzer reaches the fields. A record that
 * decodes must hold only in-bounds tables, convert to JSON, and encode back to bytes that
 * decode to the same record: a damaged index can fail a read, never crash it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const record_doc *d)
{
    for (size_t i = 0; i < d->npassages; i++)
        if (d->passages[i].start > d->passages[i].end || d->passages[i].end > d->textlen)
            __builtin_trap();
    for (size_t i = 0; i < d->ncites; i++)
        if (d->cites[i].end > d->textlen || !d->cites[i].id ||
            (d->cites[i].passage != RECORD_NO_PASSAGE && d->cites[i].passage >= d->npassages))
            __builtin_trap();
    for (size_t i = 0; i < d->nfindings; i++)
        if (d->findings[i].end > d->textlen || d->findings[i].passage >= d->npassages)
            __builtin_trap();
    for (size_t i = 0; i < d->npassages; i++)
        (void)record_passage_at(d, d->passages[i].start);
    json_t *o = record_doc_json(d);
    json_decref(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int framed = 0; framed < 2; framed++) {
        size_t n = size + (framed ? 4 : 0);
        char *buf = malloc(n ? n : 1);
        if (!buf)
            return 0;
        if (framed)
            memcpy(buf, "TRD5", 4);
        if (size)
            memcpy(buf + (framed ? 4 : 0), data, size);
        record_doc *d = NULL;
        if (record_doc_decode(&d, buf, n) == TRACUU_OK) {
            check(d);
            text_buf out = TEXT_BUF_INIT(RECORD_MAX);
            record_doc *again = NULL;
            if (record_doc_encode(&out, d) != TRACUU_OK ||
                record_doc_decode(&again, out.ptr, out.len) != TRACUU_OK ||
                again->textlen != d->textlen || again->npassages != d->npassages ||
                again->ncites != d->ncites || again->nfindings != d->nfindings ||
                memcmp(again->text, d->text, d->textlen))
                __builtin_trap();
            record_doc_free(again);
            text_buf_free(&out);
        }
        record_doc_free(d);
        /* the same bytes as a failed-file record: framed by its own magic on the first pass
         * too (its fields share the document record's tag/length framing) */
        if (framed)
            memcpy(buf, "TRF5", 4);
        record_failed *f = NULL;
        if (record_failed_decode(&f, buf, n) == TRACUU_OK) {
            text_buf out = TEXT_BUF_INIT(RECORD_MAX);
            record_failed *again = NULL;
            if (record_failed_encode(&out, f) != TRACUU_OK ||
                record_failed_decode(&again, out.ptr, out.len) != TRACUU_OK ||
                strcmp(again->path, f->path) || again->size != f->size)
                __builtin_trap();
            record_failed_free(again);
            text_buf_free(&out);
        }
        record_failed_free(f);
        free(buf);
    }
    return 0;
}
