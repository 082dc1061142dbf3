/*
 * fuzz_office.c - fuzz target: DOCX and ODT extraction. The first byte picks the path: the
 * rest as a document part's XML (DOCX or ODT rules), or as a whole zip container. What comes
 * out then goes through the legacy-font line repair and the layout-mark stripper, as the
 * indexer does.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "decode.h"
#include "layout.h"
#include "office.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int mode = data[0] % 4;
    const char *raw = (const char *)data + 1;
    size_t n = size - 1;
    text_buf out = TEXT_BUF_INIT((size_t)1 << 24);
    if (mode < 2) {
        (void)extract_office_xml(&out, mode, raw, n);
    } else {
        office_meta meta;
        char err[256];
        (void)extract_office(&out, &meta, mode == 3, raw, n, err, sizeof err);
        office_meta_free(&meta);
    }
    text_buf fixed = TEXT_BUF_INIT((size_t)1 << 26), marks = TEXT_BUF_INIT((size_t)1 << 26);
    if (text_repair_lines(&fixed, out.ptr ? out.ptr : "", out.len, NULL) == TRACUU_OK)
        (void)layout_strip(&fixed, &marks);
    const layout_mark *m = (const layout_mark *)(void *)marks.ptr;
    for (size_t i = 0; i < marks.len / sizeof *m; i++)
        if (m[i].offset > fixed.len || (i && m[i].offset < m[i - 1].offset))
            __builtin_trap();
    text_buf_free(&fixed);
    text_buf_free(&marks);
    /* what comes out is text with no NUL inside */
    for (size_t i = 0; i < out.len; i++)
        if (out.ptr[i] == '\0')
            __builtin_trap();
    text_buf_free(&out);
    return 0;
}
