/*
 * snippet.h - highlighting matched words and cutting a snippet around the best matches.
 *
 * A word is highlighted when its folded form equals a folded query syllable: what matched
 * in the index is what lights up. A syllable typed with marks is given as "folded\texact"
 * (exact without its index prefix): it lights up that spelling and the unmarked one only,
 * so "dân" marks "dân" and "dan", never "dần" or "dẫn". The snippet is the window of about
 * `max_chars` characters holding the most distinct query words (then the most matches),
 * with runs of white space folded to one space and "…" where text was cut.
 */
#ifndef TRACUU_QUERY_SNIPPET_H
#define TRACUU_QUERY_SNIPPET_H

#include <stddef.h>

#include "buf.h"
#include "syllable.h"

/* terms are folded forms; one with spaces ("uy ban nhan dan") highlights only where its
 * words stand in a row. html: the snippet is HTML (its text escaped, the markers as given).
 * `spans` receives tracuu_span records (byte offsets into text); `snippet` the snippet
 * text with `open`/`close` around each highlighted word. Both are appended to. */
tracuu_status snippet_make(const char *text, size_t n, const text_freq_src *freq,
                           const char *const *terms, size_t nterms,
                           const char *open, const char *close, unsigned max_chars,
                           int html, text_buf *snippet, text_buf *spans);

#endif
