/*
 * gen.h - generated Vietnamese text for benchmarks: a first-order Markov chain over the
 * whitespace-separated words of seed documents (the bundled corpus by default), so the
 * output has the corpus's syllables, word pairs, punctuation, numbers, citations and glued
 * words in realistic proportions, and any amount of it. Deterministic: the same seed
 * documents give the same text.
 */
#ifndef TRACUU_BENCH_GEN_H
#define TRACUU_BENCH_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Learn the words of every UTF-8 .txt file under dir; returns how many words are known. */
size_t gen_load(const char *dir);
/* gen_load of `seed`, or of the bundled corpus when seed is NULL; 0 when ready, else 1
 * after a message naming `prog`. */
int gen_setup(const char *prog, const char *seed);
size_t gen_seed_words(void);
/* Append about `bytes` bytes of text (whole words, paragraphs) to out. */
void gen_text(text_buf *out, size_t bytes);
/* Restart the walk's random choices from `seed` (and at a position it picks). */
void gen_reseed(uint64_t seed);
void gen_free(void);

#endif
