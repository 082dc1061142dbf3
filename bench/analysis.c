/*
 * analysis.c - throughput of text analysis alone, on one core: decode (UTF-8 check and
 * encoding detection), normalize (NFC, lumping, Đ repair), tokenize (with glued-run
 * splitting and document syllable counts, as the indexer does) and term forms (exact and
 * folded), on a large generated input.
 *
 *   bench_analysis [--mb N] [--seed DIR] [--out FILE]
 *
 * The input is generated, not stored: a first-order Markov chain over the whitespace-
 * separated words of the seed documents (default: the bundled corpus/docs), so it has
 * the corpus's syllables, punctuation, numbers, citations and glued words in realistic
 * proportions. The same seed gives the same text. --out writes it for other tools.
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "decode.h"
#include "freq.h"
#include "normalize.h"
#include "token.h"

typedef struct {
    char **w;
    size_t n, cap;
} words;

static words seed_words;

static void
add_word(const char *s, size_t n)
{
    if (seed_words.n == seed_words.cap) {
        seed_words.cap = seed_words.cap ? seed_words.cap * 2 : 4096;
        seed_words.w = realloc(seed_words.w, seed_words.cap * sizeof *seed_words.w);
        if (!seed_words.w)
            exit(70);
    }
    seed_words.w[seed_words.n++] = strndup(s, n);
}

static int
load_file(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    size_t n = strlen(path);
    if (type != FTW_F || n < 4 || strcmp(path + n - 4, ".txt"))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char line[65536];
    while (fgets(line, sizeof line, f)) {
        /* Only UTF-8 seeds: a UTF-16 file would add noise words. */
        if (text_utf8_check(line, strlen(line)) != strlen(line))
            break;
        char *p = line;
        while (*p) {
            while (*p == ' ' || *p == '\t' || *p == '\r')
                p++;
            if (*p == '\n') {
                add_word("\n", 1);
                p++;
                continue;
            }
            char *e = p;
            while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
                e++;
            if (e > p)
                add_word(p, (size_t)(e - p));
            p = e;
        }
    }
    fclose(f);
    return 0;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t
next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int
cmp_words(const void *a, const void *b)
{
    return strcmp(seed_words.w[*(const size_t *)a], seed_words.w[*(const size_t *)b]);
}

/* Markov walk: after word i, continue at a random occurrence of the same word. */
static void
generate(text_buf *out, size_t bytes)
{
    size_t n = seed_words.n;
    size_t *next_same = malloc(n * sizeof *next_same);
    /* Link each word to its next occurrence (a ring per distinct word) by sorting indexes. */
    size_t *idx = malloc(n * sizeof *idx);
    if (!next_same || !idx)
        exit(70);
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    char **w = seed_words.w;
    qsort(idx, n, sizeof *idx, cmp_words);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && !strcmp(w[idx[j + 1]], w[idx[i]]))
            j++;
        for (size_t k = i; k <= j; k++)
            next_same[idx[k]] = idx[k == j ? i : k + 1];
        i = j + 1;
    }
    size_t at = 0;
    while (out->len < bytes) {
        const char *word = w[at];
        if (word[0] == '\n')
            text_buf_putc(out, '\n');
        else {
            if (out->len && out->ptr[out->len - 1] != '\n')
                text_buf_putc(out, ' ');
            text_buf_puts(out, word);
        }
        /* Jump to another occurrence of this word now and then, then step forward. */
        size_t hops = next_rand() % 4;
        for (size_t h = 0; h < hops; h++)
            at = next_same[at];
        at = (at + 1) % n;
    }
    free(next_same);
    free(idx);
}

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
    char defseed[4096];
    if (!seed) {
        snprintf(defseed, sizeof defseed, "%s/corpus/docs", TRACUU_SOURCE_ROOT);
        seed = defseed;
    }
    if (nftw(seed, load_file, 16, FTW_PHYS) != 0 || seed_words.n < 100) {
        fprintf(stderr, "bench_analysis: %s: need seed .txt files with some text\n", seed);
        return 1;
    }
    text_buf input = TEXT_BUF_INIT((size_t)8 << 30);
    generate(&input, mb << 20);
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
    double t_dec = 0, t_norm = 0, t_tok = 0;
    size_t tokens = 0, glued = 0;
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
        t_dec += t1 - t0;
        t_norm += t2 - t1;
        t_tok += t3 - t2;
        off += len;
    }
    double total = t_dec + t_norm + t_tok;
    printf("input:     %.1f MiB generated from %zu seed words (%s)\n", mib, seed_words.n, seed);
    printf("tokens:    %zu (%zu from glued runs)\n", tokens, glued);
    printf("decode:    %8.1f MiB/s\n", mib / t_dec);
    printf("normalize: %8.1f MiB/s\n", mib / t_norm);
    printf("tokenize:  %8.1f MiB/s  (syllable counts, splitting, exact+folded forms)\n",
           mib / t_tok);
    printf("analysis:  %8.1f MiB/s  (all three, one core, CPU time %.2f s)\n", mib / total,
           total);
    text_buf_free(&input);
    text_buf_free(&dec);
    text_buf_free(&norm);
    text_buf_free(&ex);
    text_buf_free(&fo);
    for (size_t i = 0; i < seed_words.n; i++)
        free(seed_words.w[i]);
    free(seed_words.w);
    return 0;
}
