/*
 * parse.h - the query language: from what a user types to a Xapian query.
 *
 *   words        syllables, ANDed; with or without tone marks
 *   "a phrase"   syllables in this order, adjacent (also “curly quotes”)
 *   -word        exclude; also -"a phrase"
 *   a OR b       either (binds the items on both sides of OR)
 *   cites:ID     passages citing document ID, any spelling (cites:217/QĐ-TW); -cites:ID
 *   commune:X    passages of reports in commune X (the folder; marks ignored), "quoted" too
 *   year:2019, date:2018-01-01..2019-12-31   reports dated then (either end may be empty)
 *   kind:so-ket  reports of that kind (bao-cao, so-ket, tong-ket, ke-hoach, khao-sat, tin)
 *   xa:/xã:, huyen:/huyện:, tinh:/tỉnh:, nam:/năm:, loai:/loại:   the Vietnamese names of
 *                commune:, district:, province:, year:, kind: (case and marks ignored)
 * Dates: 2019, 2019-05, 2019-05-20, 20/5/2019, 5/2019 (text/date.h). NAME:VALUE with NAME
 * of letters only and VALUE not starting with '/' is a filter attempt: an unknown NAME is
 * TRACUU_EBADQUERY listing the known ones ("10:30", "http://..." stay words).
 * A bare word that holds several syllables ("dân-vận", "25-NQ/TW") is a phrase.
 *
 * Matching uses the folded layer (no marks), so a word typed without marks matches every
 * marking. Ranking adds the exact layer for words typed with marks, and a bonus for query
 * words typed next to each other that stand together in the passage (bigram terms), so
 * "dân vận" ranks passages with that exact two-syllable word above passages with dần, vân
 * or scattered syllables.
 *
 * Abbreviations: an item that is an abbreviation (UBND), or a run of words that spells one
 * out (Ủy ban nhân dân), matches either form (built-in table plus what indexed documents
 * defined). Function words (của, và, các...) typed as loose words only rank: a passage
 * need not contain them. Inside a phrase they must match like any syllable.
 */
#ifndef TRACUU_QUERY_PARSE_H
#define TRACUU_QUERY_PARSE_H

#include <stddef.h>

#include "syllable.h"
#include "tracuu.h"
#include "xapian_c.h"

typedef struct query_syllable {
    char *folded; /* index term of the folded layer */
    char *exact;  /* index term of the exact layer, with its prefix */
    int marked;   /* typed with tone/shape marks or đ */
} query_syllable;

typedef struct query_item {
    query_syllable *syl;
    size_t n;
    char **alts;  /* other spellings (abbreviation <-> expansion), folded, space-joined */
    size_t nalts;
    int stopword; /* a loose function word: ranking only */
    int negate;
    int phrase;  /* quoted, or one word of several syllables */
    int or_next; /* OR binds this item to the next */
    char *cite;  /* a document number typed as a word ("218-QĐ/TW"): the passage citation
                  * term of its canonical id, so the word also finds every other spelling
                  * of the citation ("Quyết định 217, 218 của Bộ Chính trị"); else NULL */
} query_item;

/* How query words typed next to each other are rewarded for standing together in a
 * passage. bench/ranking measures all four on a real index; bigram terms won clearly
 * (docs/RANKING.md), so searches use them. */
typedef enum query_adjacency {
    QUERY_ADJ_BIGRAM = 0, /* each adjacent pair's bigram term (schema.h "B"), x2 */
    QUERY_ADJ_PHRASE,     /* each adjacent pair as a two-word phrase, x2 */
    QUERY_ADJ_NEAR,       /* each adjacent pair within 3 positions, any order, x2 */
    QUERY_ADJ_NONE        /* nothing: BM25 on the words alone */
} query_adjacency;

typedef struct query_parsed {
    query_item *items;
    size_t n;
    char **filters; /* filter terms: "XC:<id>" from cites:ID, "XM:<commune>" from commune:
                     * ("-" in front: an exclusion) */
    size_t nfilters;
    char date_lo[16], date_hi[16]; /* SLOT_DATE range from year: and date:; "" = open */
    query_adjacency adjacency;
    int relax; /* match documents holding any of the words (OR), not every one: the
                * relaxed search when every-word matching finds too little */
} query_parsed;

/* What the index knows that parsing can use; every member may be NULL. */
typedef struct query_env {
    text_freq_src freq; /* syllable frequencies, for glued query words */
    /* Abbreviations documents defined: the other sides of `folded` (see schema.h
     * META_ABBR), one per line, owned (free()); NULL when none. */
    char *(*abbr)(void *ctx, const char *folded);
    void *abbr_ctx;
} query_env;

/* Parse `q` (UTF-8). env may be NULL (no index). Returns TRACUU_OK; TRACUU_EINVAL with a
 * message in err for an empty query, one with no searchable syllable, or invalid UTF-8;
 * TRACUU_ENOMEM. */
tracuu_status query_parse(query_parsed **out, const char *q, const query_env *env, char *err,
                          size_t errsz);
void query_parsed_free(query_parsed *p);

/* Build the Xapian query for passages. Returns TRACUU_OK, TRACUU_EBADQUERY (nothing left
 * after exclusions), or a store status. */
tracuu_status query_build(store_query **out, const query_parsed *p, store_err *err);

/* "cites, commune (xã), district (huyện), ...": the filter names (schema.c) as messages list
 * them, into out (outsz bytes). */
void query_filter_names(char *out, size_t outsz);

#endif
