/*
 * simhash.h - a 64-bit fingerprint of a document's wording (Charikar's simhash), for
 * spotting near-duplicate reports: a commune re-sending last year's report with a new date
 * differs from it in a few words, so their fingerprints differ in a few bits.
 */
#ifndef TRACUU_TEXT_SIMHASH_H
#define TRACUU_TEXT_SIMHASH_H

#include <stddef.h>
#include <stdint.h>

/* Fingerprints at most this many bits apart are near-duplicates. With four 16-bit bands,
 * two such fingerprints always share a band (pigeonhole), which is how they are found. */
#define SIMHASH_NEAR_BITS 3
#define SIMHASH_BANDS 4

/* The simhash of normalized text[0..n): over folded three-syllable shingles. 0 for a text
 * of fewer than three syllables. */
uint64_t simhash_of(const char *text, size_t n);

/* Bits that differ. */
int simhash_distance(uint64_t a, uint64_t b);

#endif
