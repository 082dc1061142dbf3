/*
 * fuzz_cite.c - fuzz target for the citation extractor: arbitrary bytes, made valid UTF-8
 * and normalized as the indexer would, through cite_extract with the bundled registry,
 * cite_report_date and cite_canonical. Every citation's span must lie inside the text.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "cite.h"
#include "decode.h"
#include "normalize.h"
#include "registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t n = text_utf8_check(s, size); /* the valid prefix */
    text_buf norm = TEXT_BUF_INIT(n * 4 + 64), recs = TEXT_BUF_INIT(1 << 24);
    if (text_normalize(&norm, s, n) == TRACUU_OK) {
        const char *t = norm.ptr ? norm.ptr : "";
        char date[9];
        int dated = cite_report_date(t, norm.len, date);
        if (cite_extract(t, norm.len, registry_global(), dated ? date : NULL, &recs) ==
            TRACUU_OK) {
            const cite *c = (const cite *)(void *)recs.ptr;
            for (size_t i = 0; i < recs.len / sizeof *c; i++)
                if (c[i].start >= c[i].end || c[i].end > norm.len || !c[i].id[0])
                    __builtin_trap();
        }
        char id[CITE_ID_MAX];
        char line[256];
        size_t l = norm.len < sizeof line - 1 ? norm.len : sizeof line - 1;
        while (l > 0 && ((unsigned char)t[l] & 0xC0) == 0x80)
            l--;
        memcpy(line, t, l);
        line[l] = '\0';
        cite_canonical(line, id, sizeof id);
    }
    text_buf_free(&norm);
    text_buf_free(&recs);
    return 0;
}
