/*
 * fuzz_text.c - fuzz target: decode (with encoding detection, or a named legacy encoding)
 * -> normalize -> syllable counts -> tokenize with glued-run splitting -> term forms ->
 * abbreviation harvest -> passages -> sections and findings -> report metadata -> snippet,
 * and the same bytes as HTML through the extractor (and its <meta> tags through the
 * metadata reader), and as Markdown (cmark-gfm, markdown.h: the marks it writes must strip
 * back out), on arbitrary bytes. Built as a libFuzzer target with -Dfuzz=true, and linked
 * with replay.c so its corpus runs in every `meson test`.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <stdlib.h>

#include "abbrev.h"
#include "buf.h"
#include "extract.h"
#include "freq.h"
#include "layout.h"
#include "markdown.h"
#include "meta.h"
#include "decode.h"
#include "normalize.h"
#include "passage.h"
#include "section.h"
#include "simhash.h"
#include "simterms.h"
#include "snippet.h"
#include "token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
count_term(void *ctx, const char *t, size_t len, int bigram)
{
    (void)ctx;
    (void)bigram;
    if (!len || !t[0])
        __builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    text_buf dec = TEXT_BUF_INIT(size * 4 + 64), norm = TEXT_BUF_INIT(size * 4 + 64);
    text_buf ex = TEXT_BUF_INIT(4096), fo = TEXT_BUF_INIT(4096);
    text_buf spans = TEXT_BUF_INIT(1 << 24), sn = TEXT_BUF_INIT(1 << 24), hl = TEXT_BUF_INIT(1 << 24);
    text_buf html = TEXT_BUF_INIT(size * 4 + 64);
    char *title = NULL;
    text_freq *own = NULL;
    const char *used = NULL;
    char err[256];
    /* The first byte picks a decoding path so every decoder is fuzzed, not only the one
     * detection prefers. */
    const char *enc = NULL;
    if (size > 0) {
        switch (data[0]) {
        case 'W': enc = "CP1258"; break;
        case 'V': enc = "VISCII"; break;
        case 'T': enc = "TCVN3"; break;
        case 'N': enc = "VNI"; break;
        case 'Q': enc = "VIQR"; break;
        default: break;
        }
    }
    if (text_decode(&dec, &used, (const char *)data, size, enc, err, sizeof err) != TRACUU_OK)
        goto done;
    if (text_normalize(&norm, dec.ptr ? dec.ptr : "", dec.len) != TRACUU_OK)
        goto done;
    const char *s = norm.ptr ? norm.ptr : "";
    if (text_freq_new(&own) != TRACUU_OK || text_freq_count_text(own, s, norm.len) != TRACUU_OK)
        goto done;
    const text_freq_src freq = {text_freq_get, own};
    text_token t;
    text_tokenizer tz;
    text_tokenizer_init(&tz, s, norm.len, &freq);
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
        section_state sst = SECTION_STATE_INIT;
        text_buf fb = TEXT_BUF_INIT(1 << 20);
        for (size_t i = 0; i < spans.len / sizeof *p; i++) {
            if (p[i].start >= p[i].end || p[i].end > norm.len)
                __builtin_trap();
            /* sections and findings of every passage; findings inside it */
            if ((unsigned)section_next(&sst, s, p[i].start, p[i].end) > SECTION_DIRECTION)
                __builtin_trap();
            text_buf_reset(&fb);
            if (section_findings(s, p[i].start, p[i].end, &fb) == TRACUU_OK) {
                const section_finding *f = (const section_finding *)(void *)fb.ptr;
                for (size_t k = 0; k < fb.len / sizeof *f; k++)
                    if (f[k].start >= f[k].end || f[k].start < p[i].start || f[k].end > p[i].end)
                        __builtin_trap();
                if (fb.len)
                    simterms_of(s, f[0].start, f[0].end, count_term, NULL);
            }
        }
        text_buf_free(&fb);
    }
    (void)simhash_of(s, norm.len);
    text_buf_reset(&spans);
    if (abbrev_harvest(s, norm.len, &spans) == TRACUU_OK) {
        const abbrev_def *d = (const abbrev_def *)(void *)spans.ptr;
        for (size_t i = 0; i < spans.len / sizeof *d; i++)
            if (d[i].abbr_end > norm.len || d[i].exp_end > d[i].abbr_start)
                __builtin_trap();
    }
    text_buf_reset(&spans);
    /* Report metadata: front matter, folders, the text's places, body, dates and kind. */
    doc_meta *m = calloc(1, sizeof *m);
    if (m) {
        meta_of(m, "/goc/tinh-a/huyen-b/xa-c/2019-bao-cao.txt", "/goc", 0, s, norm.len, NULL, NULL);
        if (m->body_offset > norm.len)
            __builtin_trap();
    }
    if (extract_html(&html, &title, s, norm.len) != TRACUU_OK) {
        free(m);
        goto done;
    }
    /* An HTML page's <meta> tags come out as front matter: the same reader takes them. */
    if (m && html.ptr) {
        meta_of(m, "/goc/tinh-a/2020-tin.html", "/goc", 1, html.ptr, html.len, title, "2020-01-02");
        if (m->body_offset > html.len)
            __builtin_trap();
    }
    free(m);
    /* Markdown: whatever the text, its extraction is valid UTF-8 once the marks are out. */
    (void)markdown_looks_like(s, norm.len);
    text_buf_reset(&html);
    free(title);
    title = NULL;
    if (markdown_extract(&html, &title, s, norm.len) == TRACUU_OK) {
        text_buf marks = TEXT_BUF_INIT(1 << 24);
        if (layout_strip(&html, &marks) == TRACUU_OK &&
            text_utf8_check(html.ptr ? html.ptr : "", html.len) != html.len)
            __builtin_trap();
        if (title && text_utf8_check(title, strlen(title)) != strlen(title))
            __builtin_trap();
        text_buf_free(&marks);
    }
    const char *terms[] = {"dan", "van", "a"};
    snippet_make(s, norm.len, NULL, terms, 3, "<b>", "</b>", 80, (int)(norm.len & 1), &sn, &hl);
done:
    text_freq_free(own);
    free(title);
    text_buf_free(&html);
    text_buf_free(&dec);
    text_buf_free(&norm);
    text_buf_free(&ex);
    text_buf_free(&fo);
    text_buf_free(&spans);
    text_buf_free(&sn);
    text_buf_free(&hl);
    return 0;
}
