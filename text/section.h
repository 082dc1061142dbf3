/*
 * section.h - the shape of a report: which passages are achievements, limitations or
 * directions, and the individual findings inside them.
 *
 * Commune reports follow one outline: results achieved ("kết quả đạt được", "ưu điểm"),
 * then shortcomings ("hạn chế", "tồn tại", "khuyết điểm"), then the way ahead ("phương
 * hướng", "thời gian tới", "kiến nghị"). Writers mark it either with headings ("II. HẠN CHẾ,
 * TỒN TẠI") or inside the paragraph that opens the part ("Bên cạnh kết quả đạt được, còn một
 * số hạn chế: ...; ...; ..."). A limitation list is a run of findings separated by ";" or
 * list markers; each is a unit a district board compares across communes.
 */
#ifndef TRACUU_TEXT_SECTION_H
#define TRACUU_TEXT_SECTION_H

#include <stddef.h>

#include "buf.h"

typedef enum section_kind {
    SECTION_OTHER = 0,
    SECTION_ACHIEVEMENT,
    SECTION_LIMITATION,
    SECTION_DIRECTION
} section_kind;

/* "other", "achievement", "limitation", "direction". */
const char *section_name(section_kind k);

/* A name as a user types it: the English names, or the Vietnamese ones with or without marks
 * ("hạn chế", "han-che", "ket-qua", "phuong-huong"). 0 when unknown. */
int section_parse(const char *name, section_kind *out);

/* Walks a document's passages in order; the state carries the section a heading opened. */
typedef struct section_state {
    section_kind current; /* set by the last heading (or a lead-in ending in ":") */
    int level;            /* outline level of that heading: 1 (I., PHẦN) .. 4 (-, +) */
    unsigned seen;        /* passages so far; the first is the title */
} section_state;

#define SECTION_STATE_INIT {SECTION_OTHER, 0, 0}

/* The section of passage text[s..e) (normalized UTF-8), given the passages before it. */
section_kind section_next(section_state *st, const char *text, size_t s, size_t e);

/* One finding: a byte span into the text. */
typedef struct section_finding {
    size_t start, end;
} section_finding;

/* Findings of the passage text[s..e): the part after a lead-in ending in ":" (when there is
 * one), cut at ";", at sentence ends and at list markers; markers, lead words and closing
 * punctuation trimmed; pieces of fewer than three words dropped; none from the top-level
 * heading that opens a part ("II. HẠN CHẾ, TỒN TẠI"). Appends section_finding
 * records to out. Returns TRACUU_OK, ENOMEM or ETOOBIG. */
tracuu_status section_findings(const char *text, size_t s, size_t e, text_buf *out);

#endif
