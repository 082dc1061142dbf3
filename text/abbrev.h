/*
 * abbrev.h - government and Party abbreviations (UBND <-> Ủy ban nhân dân).
 *
 * Two sources: a built-in table of the standard ones (docs/LANGUAGE.md §6.2, minus the
 * ambiguous CT, TT, CB, DV, TB, KH, TC, QU), and pairs a document defines itself at first
 * use: "Ban Thường vụ (BTV)", "cán bộ, công chức, viên chức (CBCCVC)". Both sides are
 * compared as folded syllables joined by single spaces ("ubnd", "uy ban nhan dan"), the
 * form the query parser and the index metadata use.
 */
#ifndef TRACUU_TEXT_ABBREV_H
#define TRACUU_TEXT_ABBREV_H

#include <stddef.h>

#include "buf.h"

/* For each built-in pair where `folded` (syllables joined by spaces) is one side, call
 * fn with the other side; returns how many it found. */
size_t abbrev_builtin(const char *folded, void (*fn)(void *ctx, const char *other),
                      void *ctx);

/* One harvested definition: byte spans into the text. */
typedef struct abbrev_def {
    size_t abbr_start, abbr_end; /* "BTV" */
    size_t exp_start, exp_end;   /* "Ban Thường vụ" */
} abbrev_def;

/* Find "phrase (ABBR)" definitions in normalized text[0..n): ABBR is 2-10 capitals (a
 * hyphen allowed: KT-XH) whose letters are the initials of the words just before the
 * parenthesis (commas between words allowed). Appends abbrev_def records to defs.
 * Returns TRACUU_OK, ENOMEM or ETOOBIG. */
tracuu_status abbrev_harvest(const char *text, size_t n, text_buf *defs);

/* The folded form of text[a..b) as syllables joined by single spaces, into out (reset
 * first). Used for both sides of every pair. */
tracuu_status abbrev_fold(const char *text, size_t a, size_t b, text_buf *out);

/* The same for a whole C string, into a fixed buffer: the key names are compared by
 * ("Sơn Định", "son-dinh" -> "son dinh"), cut to outsz - 1 bytes. "" for NULL or nothing
 * foldable. */
void abbrev_fold_key(const char *s, char *out, size_t outsz);

#endif
