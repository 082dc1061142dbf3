/*
 * stopword.h - Vietnamese function syllables, for ranking only.
 *
 * The list is the conservative one of docs/LANGUAGE.md §6.1 (và, của, các, những, là...).
 * Every syllable stays in the positional index so that phrases like "thực hiện dân chủ ở
 * cơ sở" match exactly; the query side lets a loose function word add weight without
 * requiring it.
 */
#ifndef TRACUU_TEXT_STOPWORD_H
#define TRACUU_TEXT_STOPWORD_H

#include <stddef.h>

/* 1 when `exact` (a syllable's exact form: lower case, canonical tone) is a stopword. */
int text_is_stopword(const char *exact);

/* 1 when `folded` (no marks, đ -> d) is the folded form of a stopword ("cua", "con", "o").
 * For text typed without marks; such a fold may also be a content word ("con", child). */
int text_is_folded_stopword(const char *folded);

/* The list itself (sorted), for tests and documentation. */
const char *const *text_stopwords(size_t *n);

#endif
