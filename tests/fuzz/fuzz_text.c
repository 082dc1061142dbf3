/*
 * fuzz_text.c - fuzz target: decode -> normalize -> tokenize -> term forms -> passages ->
 * snippet, on arbitrary bytes. Built as a libFuzzer target with -Dfuzz=true, and linked
 * with replay.c so its corpus runs in every `meson test`.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "decode.h"
#include "normalize.h"
#include "passage.h"
#include "snippet.h"
#include "token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    text_buf dec = TEXT_BUF_INIT(size * 4 + 64), norm = TEXT_BUF_INIT(size * 4 + 64);
    text_buf ex = TEXT_BUF_INIT(4096), fo = TEXT_BUF_INIT(4096);
    text_buf spans = TEXT_BUF_INIT(1 << 24), sn = TEXT_BUF_INIT(1 << 24), hl = TEXT_BUF_INIT(1 << 24);
    const char *used = NULL;
    char err[256];
    /* The first byte picks a decoding path so iconv is fuzzed too. */
    const char *enc = NULL;
    if (size > 0 && data[0] == 'W')
        enc = "CP1258";
    else if (size > 0 && data[0] == 'V')
        enc = "VISCII";
    if (text_decode(&dec, &used, (const char *)data, size, enc, err, sizeof err) != TRACUU_OK)
        goto done;
    if (text_normalize(&norm, dec.ptr ? dec.ptr : "", dec.len) != TRACUU_OK)
        goto done;
    const char *s = norm.ptr ? norm.ptr : "";
    text_token t;
    text_tokenizer tz;
    text_tokenizer_init(&tz, s, norm.len, NULL);
    while (text_tokenizer_next(&tz, &t)) {
        if (t.end <= t.start || t.end > norm.len)
            __builtin_trap();
        text_buf_reset(&ex);
        text_buf_reset(&fo);
        if (t.end - t.start <= TEXT_TOKEN_MAX_BYTES)
            text_token_forms(s, t.start, t.end, &ex, &fo, NULL);
    }
    if (passage_split(s, norm.len, &spans) == TRACUU_OK) {
        const passage_span *p = (const passage_span *)(void *)spans.ptr;
        for (size_t i = 0; i < spans.len / sizeof *p; i++)
            if (p[i].start >= p[i].end || p[i].end > norm.len)
                __builtin_trap();
    }
    const char *terms[] = {"dan", "van", "a"};
    snippet_make(s, norm.len, NULL, terms, 3, "<b>", "</b>", 80, &sn, &hl);
done:
    text_buf_free(&dec);
    text_buf_free(&norm);
    text_buf_free(&ex);
    text_buf_free(&fo);
    text_buf_free(&spans);
    text_buf_free(&sn);
    text_buf_free(&hl);
    return 0;
}
