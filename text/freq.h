/*
 * freq.h - a table of syllable counts, the frequency source for splitting glued runs when
 * the index cannot answer alone: the indexer counts the well-spaced syllables of the
 * document it is writing (so the first file of a new index learns from itself), and tests
 * fill one by hand.
 */
#ifndef TRACUU_TEXT_FREQ_H
#define TRACUU_TEXT_FREQ_H

#include <stddef.h>
#include <stdint.h>

#include "syllable.h"
#include "tracuu.h"

typedef struct text_freq text_freq;

tracuu_status text_freq_new(text_freq **out);
void text_freq_free(text_freq *f);

/* Count one occurrence of syllable s[0..n) (a form, see text_freq_fn) in layer `folded`. */
tracuu_status text_freq_add(text_freq *f, const char *s, size_t n, int folded);

/* The count (a text_freq_fn; ctx is the table). */
uint64_t text_freq_get(void *ctx, const char *s, size_t n, int folded);

/* Count every well-spaced syllable of normalized text[0..n): tokens that were not cut from
 * a glued run and are valid syllables as written, in both their exact and folded forms. */
tracuu_status text_freq_count_text(text_freq *f, const char *text, size_t n);

/* A document's own counts, made on the first question (most documents never ask: their
 * glued runs split one way only), added to another source's (the index's). */
typedef struct text_doc_freq {
    const char *text;
    size_t n;
    text_freq *table; /* NULL until asked; stays NULL if counting ran out of memory */
    int tried;
    text_freq_src next; /* fn may be NULL */
} text_doc_freq;

void text_doc_freq_init(text_doc_freq *d, const char *text, size_t n,
                        const text_freq_src *next);
/* A text_freq_fn; ctx is the text_doc_freq. */
uint64_t text_doc_freq_get(void *ctx, const char *s, size_t n, int folded);
void text_doc_freq_free(text_doc_freq *d);

#endif
