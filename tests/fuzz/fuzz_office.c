/*
 * fuzz_office.c - fuzz target: DOCX and ODT extraction. The first byte picks the path: the
 * rest as a document part's XML (DOCX or ODT rules), or as a whole zip container.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
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
        char *title = NULL;
        char err[256];
        (void)extract_office(&out, &title, mode == 3, raw, n, err, sizeof err);
        free(title);
    }
    /* what comes out is text with no NUL inside */
    for (size_t i = 0; i < out.len; i++)
        if (out.ptr[i] == '\0')
            __builtin_trap();
    text_buf_free(&out);
    return 0;
}
