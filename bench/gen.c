/*
 * gen.c - generated Vietnamese text for benchmarks; see gen.h.
 */
#include "gen.h"

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

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

/* For each word, the index of its next occurrence (a ring per distinct word); built once. */
static size_t *next_same;
static size_t walk_at;

static int
build_rings(void)
{
    size_t n = seed_words.n;
    next_same = malloc(n * sizeof *next_same);
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
    free(idx);
    return 0;
}

/* Markov walk: after word i, continue at a random occurrence of the same word. The walk
 * goes on where the previous call stopped, so consecutive calls read as one text. */
void
gen_text(text_buf *out, size_t bytes)
{
    if (!next_same)
        build_rings();
    size_t n = seed_words.n;
    char **w = seed_words.w;
    size_t at = walk_at;
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
    walk_at = at;
}

void
gen_reseed(uint64_t seed)
{
    rng = seed ? seed : 0x9E3779B97F4A7C15ull;
    walk_at = seed_words.n ? (size_t)(next_rand() % seed_words.n) : 0;
}

size_t
gen_load(const char *dir)
{
    if (nftw(dir, load_file, 16, FTW_PHYS) != 0)
        return 0;
    return seed_words.n;
}

int
gen_setup(const char *prog, const char *seed)
{
    char def[4096];
    if (!seed) {
        snprintf(def, sizeof def, "%s/corpus/docs", TRACUU_SOURCE_ROOT);
        seed = def;
    }
    if (gen_load(seed) < 100) {
        fprintf(stderr, "%s: %s: need seed .txt files with some text\n", prog, seed);
        return 1;
    }
    return 0;
}

size_t
gen_seed_words(void)
{
    return seed_words.n;
}

void
gen_free(void)
{
    for (size_t i = 0; i < seed_words.n; i++)
        free(seed_words.w[i]);
    free(seed_words.w);
    free(next_same);
    next_same = NULL;
    walk_at = 0;
    seed_words.w = NULL;
    seed_words.n = seed_words.cap = 0;
}
