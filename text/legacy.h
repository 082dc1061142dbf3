/*
 * legacy.h - the pre-Unicode Vietnamese encodings, decoded by our own tables.
 *
 * glibc's iconv knows VISCII, CP1258 and TCVN5712-1 but not VNI or VIQR, and its
 * TCVN5712-1 turns the CP1252 quotes and dashes real TCVN3 (".VnTime") files carry in
 * 0x80-0x9F into capital letters (docs/LANGUAGE.md §4.2). So every 8-bit encoding here is a
 * 256-entry table, built once from iconv where iconv is right and patched where it is not;
 * VNI (a letter followed by a mark byte) and VIQR (ASCII mnemonics) are small state
 * machines. Output is UTF-8 that may hold combining marks: callers run NFC (normalize.h).
 */
#ifndef TRACUU_TEXT_LEGACY_H
#define TRACUU_TEXT_LEGACY_H

#include <stddef.h>

#include "buf.h"

typedef enum legacy_enc {
    LEGACY_TCVN3 = 0, /* TCVN 5712:1993 VN3 ("ABC"), with CP1252 in 0x80-0x9F */
    LEGACY_VNI,       /* VNI-Windows */
    LEGACY_VISCII,    /* RFC 1456 */
    LEGACY_CP1258,    /* Windows-1258 */
    LEGACY_VIQR,      /* RFC 1456 mnemonics: Vie^.t Nam */
    LEGACY_CP1252,    /* Windows-1252, for mojibake repair */
    LEGACY_COUNT
} legacy_enc;

/* Canonical name ("TCVN3", "VNI", ...). */
const char *legacy_name(legacy_enc e);

/* The encoding a user-supplied name means (case-insensitive: TCVN3, ABC, VNI, VNI-WIN,
 * VNI-WINDOWS, VISCII, CP1258, WINDOWS-1258, VIQR), or -1 when it is none of ours. */
int legacy_lookup(const char *name);

/* Decode bytes[0..len) into out (appended). Bytes an encoding leaves undefined become
 * U+FFFD. Returns TRACUU_OK, TRACUU_ENOMEM or TRACUU_ETOOBIG. */
tracuu_status legacy_decode(text_buf *out, legacy_enc e, const char *bytes, size_t len);

/* The inverse of reading bytes as CP1252: when every character of the UTF-8 s[0..n) is
 * one CP1252 (or, for its five holes, Latin-1 C1) byte, write those bytes to out and
 * return TRACUU_OK; otherwise TRACUU_EENCODING. Repairs "Viá»‡t" and recovers TCVN3/VNI
 * bytes from text that a converter read in the wrong code page ("Céng hßa"). */
tracuu_status legacy_to_cp1252(text_buf *out, const char *s, size_t n);

/* The encoding text set in a font implies: the ABC fonts (".VnTime", ".VnArial", ".VnTimeH"
 * ...) -> LEGACY_TCVN3, "VNI-Times", "VNI-Helve"... -> LEGACY_VNI; a PDF subset prefix
 * ("ABCDEF+.VnTime") is skipped. -1 for a Unicode font or NULL. */
int legacy_font_encoding(const char *font);

/* Text a converter read from a legacy font as Windows-1252 ("Céng hßa") back to its bytes
 * and decoded as e, appended to out; as it is when it cannot have come from one-byte text. */
tracuu_status legacy_redecode(text_buf *out, legacy_enc e, const char *s, size_t n);

#endif
