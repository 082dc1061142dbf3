/*
 * simterms.h - the terms two findings are compared by.
 *
 * Communes report the same shortcoming in their own words: "UBND xã" or "Ủy ban nhân dân
 * xã", "người dân" or "nhân dân", "chưa thường xuyên" or "không thường xuyên", with or
 * without tone marks, in another word order. A finding is reduced to its content syllables
 * (folded; function words and numbers dropped; standard abbreviations written out; a short
 * table of near-synonyms mapped to one form) and the bigrams of consecutive ones. The indexer
 * posts them on the document holding the finding ("S" prefix, schema.h) and `similar`/`recurring` compute
 * them for the text they start from, so both sides are reduced the same way.
 */
#ifndef TRACUU_TEXT_SIMTERMS_H
#define TRACUU_TEXT_SIMTERMS_H

#include <stddef.h>

#include "tracuu.h"

/* Syllables of one text past this are ignored (a finding is a sentence or two). */
#define SIMTERMS_MAX_SYLLABLES 1024

/* Called once per occurrence: a syllable ("quan") or a bigram ("quan tam"). */
typedef void (*simterm_fn)(void *ctx, const char *term, size_t len, int bigram);

/* The terms of normalized UTF-8 text[s..e). Returns TRACUU_OK or ENOMEM. */
tracuu_status simterms_of(const char *text, size_t s, size_t e, simterm_fn fn, void *ctx);

#endif
