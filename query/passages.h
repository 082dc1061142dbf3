/*
 * passages.h - picking the passages that answer, inside a matched document.
 *
 * Searches match whole documents (schema.h); which paragraphs to show is decided here, at
 * query time, from the word positions of the query's syllables in each matched document and
 * the record's passage table (store/record.h), as Recoll and Elasticsearch's highlighters
 * do. A passage is scored by
 *   1. coverage: how many of the query's groups (a word, a phrase, an OR of them) it holds;
 *   2. size: a fragment (the title, a heading, a list item, a table cell: see is_fragment)
 *      ranks below a paragraph with the same coverage;
 *   3. BM25 over the passage (idf from the index, tf and length from the passage), plus a
 *      bonus for query words typed side by side that stand side by side.
 * Filters that name passages (cites:ID, section:) keep only the passages they name.
 */
#ifndef TRACUU_QUERY_PASSAGES_H
#define TRACUU_QUERY_PASSAGES_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"
#include "record.h"

/* Fewer syllables than this make a fragment; a line shorter than PASSAGE_LINE without
 * sentence punctuation is one too (passages.c is_fragment). */
#define PASSAGE_FRAGMENT 8
#define PASSAGE_LINE 25

typedef struct passage_query passage_query;

/* What a query asks of passages, from its parsed form. *out owned (passage_query_free).
 * Returns TRACUU_OK or TRACUU_ENOMEM. */
tracuu_status passage_query_new(passage_query **out, const query_parsed *p);
void passage_query_free(passage_query *q);

/* The distinct folded terms whose positions passage_pick needs, borrowed from q. */
const char *const *passage_query_terms(const passage_query *q, size_t *n);

/* The positions of term k (of passage_query_terms) in one document, ascending. */
typedef size_t (*passage_positions_fn)(void *ctx, size_t k, const uint32_t **out);

typedef struct passage_pick {
    uint32_t passage;  /* index into d->passages */
    unsigned coverage; /* query groups it holds */
    int fragment;      /* fewer than PASSAGE_FRAGMENT syllables */
    double score;      /* BM25 of the passage, with the side-by-side bonus */
    uint64_t groups;   /* bit g: it holds query group g (g < 64) */
} passage_pick;

/* Up to max passages of document d, best first, into picks; returns how many. A document
 * with no passage that the query's words or filters point at gives its first passage with
 * coverage 0 (it matched through other terms: a title, a filter alone). idf of term k comes
 * from termfreq[k] over doccount documents. *matching gets how many passages hold as many
 * of the query's groups as the best one. */
size_t passage_pick_best(const passage_query *q, const record_doc *d, passage_positions_fn pos,
                         void *ctx, const uint64_t *termfreq, uint64_t doccount,
                         passage_pick *picks, size_t max, size_t *matching);

/* Does the query's passage filters (cites:, section:) admit passage p of d? */
int passage_query_allows(const passage_query *q, const record_doc *d, uint32_t p);

/* Groups in the query (coverage of a passage that holds everything). */
unsigned passage_query_groups(const passage_query *q);

/* Compare two picks of any documents: coverage, then paragraph before fragment. 0 when
 * neither comes first on those grounds. */
int passage_pick_tier_cmp(const passage_pick *a, const passage_pick *b);

#endif
