/*
 * decode.h - bytes of a file -> valid UTF-8.
 *
 * A byte order mark decides first (UTF-8, UTF-16LE/BE), then an encoding the user named
 * (any iconv name), else the bytes must already be valid UTF-8. Invalid input is reported
 * with its line and column, never silently mangled: a search engine that drops the
 * rest of a file without saying so loses documents nobody knows are missing.
 */
#ifndef TRACUU_TEXT_DECODE_H
#define TRACUU_TEXT_DECODE_H

#include <stddef.h>
#include "buf.h"

/* Check that s[0..n) is valid UTF-8 (no overlongs, surrogates, NULs or code points past
 * U+10FFFF). Returns n when valid, else the offset of the first bad byte. */
size_t text_utf8_check(const char *s, size_t n);

/* The name a path is stored and shown under (owned, free()), or NULL when out of memory:
 * the path itself when it is valid UTF-8 with no "\x" in it; otherwise every byte that is
 * not part of valid UTF-8 becomes "\xHH" and every backslash before an 'x' becomes "\x5C",
 * so that the mapping is one to one (file names are bytes; JSON, records and the terminal
 * need UTF-8). */
char *text_name_escape(const char *path);
/* The exact bytes of a stored name (owned, free()), or NULL when out of memory. */
char *text_name_unescape(const char *name);

/* Describe byte offset `off` of s as "line L, column C (byte B)" into buf. */
void text_describe_offset(char *buf, size_t bufsz, const char *s, size_t n, size_t off);

/* Decode into out (appended). *used gets a static name or `encoding`. err gets a one-line
 * reason on failure. Returns TRACUU_OK, TRACUU_EENCODING, TRACUU_EINVAL (unknown encoding
 * name), TRACUU_ENOMEM, TRACUU_ETOOBIG (out's ceiling). */
tracuu_status text_decode(text_buf *out, const char **used, const char *bytes, size_t len,
                          const char *encoding, char *err, size_t errsz);

/* Office and PDF text arrives in Unicode, but a paragraph typed in a legacy font (TCVN3,
 * VNI) or pasted as mojibake comes out as the Windows-1252 reading of its bytes ("Céng hßa
 * x· héi"). Each line of the UTF-8 s[0..n) that holds no letter only Vietnamese has is tried
 * as such (the same scoring as a whole text file, line by line: documents mix fonts) and
 * appended to out repaired when a reading scores clearly better; *repaired (may be NULL)
 * counts the lines changed. */
tracuu_status text_repair_lines(text_buf *out, const char *s, size_t n, size_t *repaired);

#endif
