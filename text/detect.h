/*
 * detect.h - which encoding a Vietnamese file is in, when nothing says so.
 *
 * Every plausible decoding of (a sample of) the bytes is scored by the share of its
 * non-ASCII words that are valid Vietnamese syllables (syllable.h): the right decoding
 * turns "Céng hßa" into "Cộng hòa", every wrong one leaves words that no syllable table
 * accepts. docs/LANGUAGE.md §4.4.
 */
#ifndef TRACUU_TEXT_DETECT_H
#define TRACUU_TEXT_DETECT_H

#include <stddef.h>

#include "buf.h"

/* Score UTF-8 text s[0..n): valid non-ASCII syllables / (non-ASCII words + junk), in
 * [0,1]; *words gets the number of non-ASCII words seen. Junk is U+FFFD, controls and
 * symbols glued to letters. */
double detect_score(const char *s, size_t n, size_t *words);

#endif
