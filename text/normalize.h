/*
 * normalize.h - one canonical UTF-8 form for every document and query.
 *
 * NFC with compatibility forms folded (fullwidth letters, NBSP), Unicode dashes lumped to
 * '-', fraction and division slashes to '/', Ð ð Ɖ ɖ to Đ đ, default-ignorable characters
 * (zero-width space, soft hyphen) and control characters removed, line breaks of every
 * kind (CRLF, CR, NEL, U+2028/2029) turned into '\n' and tabs into spaces.
 * Byte offsets stored in the index count bytes of this form.
 */
#ifndef TRACUU_TEXT_NORMALIZE_H
#define TRACUU_TEXT_NORMALIZE_H

#include <stddef.h>
#include "buf.h"

/* Normalize valid UTF-8 s[0..n) into out (appended). Returns TRACUU_OK, TRACUU_EENCODING
 * (input not valid UTF-8), TRACUU_ENOMEM, TRACUU_ETOOBIG. */
tracuu_status text_normalize(text_buf *out, const char *s, size_t n);

#endif
