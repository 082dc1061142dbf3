/*
 * analysis.c - throughput of text analysis alone, on one core: decode (UTF-8 check and
 * encoding detection), normalize (NFC, lumping, Đ repair), tokenize (with glued-run
 * splitting and document syllable counts, as the indexer does) and term forms (exact and
 * folded), on a large generated input; and, separately, citation extraction.
 *
 *   bench_analysis [--mb N] [--seed DIR] [--out FILE]
 *
 * The input is generated, not stored (gen.h): text with the corpus's syllables,
 * punctuation, numbers, citations and glued words in realistic proportions. --out writes
 * it for other tools.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cite.h"
#include "decode.h"
#include "freq.h"
#include "normalize.h"
#include "token.h"

#include "gen.h"

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
    size_t mb = 64;
    const char *seed = NULL, *outpath = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--mb") && i + 1 < argc)
            mb = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            outpath = argv[++i];
        else {
            fprintf(stderr, "usage: bench_analysis [--mb N] [--seed DIR] [--out FILE]\n");
            return 2;
        }
    }
    if (gen_setup("bench_analysis", seed) != 0)
        return 1;
    text_buf input = TEXT_BUF_INIT((size_t)8 << 30);
    gen_text(&input, mb << 20);
    if (outpath) {
        FILE *f = fopen(outpath, "wb");
        if (!f || fwrite(input.ptr, 1, input.len, f) != input.len) {
            fprintf(stderr, "bench_analysis: cannot write %s\n", outpath);
            return 1;
        }
        fclose(f);
    }
    double mib = (double)input.len / (1 << 20);

    /* Documents of ~32 KiB, as the indexer sees them: each decoded, normalized, counted
     * and tokenized on its own. */
    const size_t doc = 32 << 10;
    double t_dec = 0, t_norm = 0, t_tok = 0, t_cite = 0;
    size_t tokens = 0, glued = 0, citations = 0;
    text_buf recs = TEXT_BUF_INIT((size_t)1 << 28);
    const registry *reg = registry_global();
    text_buf dec = TEXT_BUF_INIT((size_t)1 << 30), norm = TEXT_BUF_INIT((size_t)1 << 30);
    text_buf ex = TEXT_BUF_INIT(4096), fo = TEXT_BUF_INIT(4096);
    for (size_t off = 0; off < input.len;) {
        size_t len = input.len - off < doc ? input.len - off : doc;
        while (off + len < input.len && (input.ptr[off + len] & 0xC0) == 0x80)
            len++; /* whole characters */
        const char *used;
        char err[256];
        text_buf_reset(&dec);
        text_buf_reset(&norm);
        double t0 = now();
        if (text_decode(&dec, &used, input.ptr + off, len, NULL, err, sizeof err) != TRACUU_OK) {
            fprintf(stderr, "bench_analysis: decode: %s\n", err);
            return 1;
        }
        double t1 = now();
        text_normalize(&norm, dec.ptr, dec.len);
        double t2 = now();
        text_doc_freq own;
        text_doc_freq_init(&own, norm.ptr, norm.len, NULL);
        const text_freq_src src = {text_doc_freq_get, &own};
        text_tokenizer tz;
        text_token t;
        text_tokenizer_init(&tz, norm.ptr, norm.len, &src);
        while (text_tokenizer_next(&tz, &t)) {
            text_buf_reset(&ex);
            text_buf_reset(&fo);
            text_token_forms(norm.ptr, t.start, t.end, &ex, &fo, NULL);
            tokens++;
            glued += t.glued;
        }
        text_doc_freq_free(&own);
        double t3 = now();
        /* Citations, as the indexer finds them once per document (report date included). */
        text_buf_reset(&recs);
        char rdate[9];
        int dated = cite_report_date(norm.ptr, norm.len, rdate);
        cite_extract(norm.ptr, norm.len, reg, dated ? rdate : NULL, &recs);
        citations += recs.len / sizeof(cite);
        double t4 = now();
        t_dec += t1 - t0;
        t_norm += t2 - t1;
        t_tok += t3 - t2;
        t_cite += t4 - t3;
        off += len;
    }
    double total = t_dec + t_norm + t_tok;
    printf("input:     %.1f MiB generated from %zu seed words (%s)\n", mib, gen_seed_words(),
           seed ? seed : "corpus/docs");
    printf("tokens:    %zu (%zu from glued runs)\n", tokens, glued);
    printf("decode:    %8.1f MiB/s\n", mib / t_dec);
    printf("normalize: %8.1f MiB/s\n", mib / t_norm);
    printf("tokenize:  %8.1f MiB/s  (syllable counts, splitting, exact+folded forms)\n",
           mib / t_tok);
    printf("analysis:  %8.1f MiB/s  (all three, one core, CPU time %.2f s)\n", mib / total,
           total);
    printf("citations: %8.1f MiB/s  (%zu found, registry of %zu documents; separate from "
           "analysis)\n",
           mib / t_cite, citations, registry_count(reg));
    text_buf_free(&recs);
    text_buf_free(&input);
    text_buf_free(&dec);
    text_buf_free(&norm);
    text_buf_free(&ex);
    text_buf_free(&fo);
    gen_free();
    return 0;
}
