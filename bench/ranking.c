/*
 * ranking.c - which way of rewarding adjacent query words ranks better?
 *
 *   bench_ranking [--docs N] [--seed DIR] [--queries N]
 *
 * Builds a real index of N generated documents (gen.h: word pairs as the corpus writes
 * them, and the same words scattered), then asks the two- and three-syllable sequences of
 * that text (seen 5 times or more) whose words most often also stand apart - the queries
 * where adjacency matters - typed without marks as loose words ("mat tran to quoc"),
 * the way users type them. A passage is relevant when its folded syllables contain the
 * sequence as written: judged from the text, independently of any ranking. Since schema 5
 * searches match documents, so the judged unit is the document. Every query
 * runs once per strategy (parse.h query_adjacency) and the report gives mean precision at
 * 10 and mean reciprocal rank of the first relevant passage.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "gen.h"
#include "index.h"
#include "parse.h"
#include "record.h"
#include "schema.h"
#include "stopword.h"
#include "token.h"
#include "xapian_c.h"

/* Folded syllables of text, space-separated with a space at both ends, into out. */
static void
folded_line(const char *text, size_t n, text_buf *out)
{
    text_tokenizer tz;
    text_token t;
    text_buf_reset(out);
    text_buf_putc(out, ' ');
    text_tokenizer_init(&tz, text, n, NULL);
    while (text_tokenizer_next(&tz, &t)) {
        text_token_forms(text, t.start, t.end, NULL, out, NULL);
        text_buf_putc(out, ' ');
    }
}

typedef struct {
    char *seq; /* "dan van" */
    unsigned count;
    double spread; /* how much more often its words occur than the sequence */
} ngram;

static int
by_spread(const void *a, const void *b)
{
    const ngram *x = a, *y = b;
    if (x->spread != y->spread)
        return x->spread < y->spread ? 1 : -1;
    return strcmp(x->seq, y->seq);
}

/* Occurrences of word w (folded) as a whole syllable in the folded text. */
static unsigned
word_count(const char *folded_text, const char *w)
{
    char needle[100];
    snprintf(needle, sizeof needle, " %s ", w);
    unsigned c = 0;
    for (const char *p = folded_text; (p = strstr(p, needle)) != NULL; p++)
        c++;
    return c;
}

/* The most frequent sequences of 2 and 3 content syllables (no stopword, no number). */
static ngram *
frequent_sequences(const char *text, size_t n, size_t *count)
{
    ngram *g = NULL;
    size_t ng = 0, cap = 0;
    text_tokenizer tz;
    text_token t;
    char prev[2][80] = {"", ""};
    text_buf ex = TEXT_BUF_INIT(256), fo = TEXT_BUF_INIT(256);
    text_tokenizer_init(&tz, text, n, NULL);
    size_t last_end = 0;
    while (text_tokenizer_next(&tz, &t)) {
        text_buf_reset(&ex);
        text_buf_reset(&fo);
        text_token_forms(text, t.start, t.end, &ex, &fo, NULL);
        int gap = 0; /* punctuation or a line between: not adjacent as written */
        for (size_t i = last_end; i < t.start; i++)
            gap |= text[i] != ' ';
        last_end = t.end;
        if (gap || t.kind != TEXT_TOK_WORD || text_is_stopword(ex.ptr) || fo.len >= 80) {
            prev[0][0] = prev[1][0] = '\0';
            continue;
        }
        for (int len = 2; len <= 3; len++) {
            if (!prev[len == 2 ? 1 : 0][0] || (len == 3 && !prev[1][0]))
                continue;
            char seq[256];
            if (len == 2)
                snprintf(seq, sizeof seq, "%s %s", prev[1], fo.ptr);
            else
                snprintf(seq, sizeof seq, "%s %s %s", prev[0], prev[1], fo.ptr);
            size_t k = 0;
            while (k < ng && strcmp(g[k].seq, seq))
                k++;
            if (k == ng) {
                if (ng == cap) {
                    cap = cap ? cap * 2 : 1024;
                    g = realloc(g, cap * sizeof *g);
                }
                g[ng].seq = strdup(seq);
                g[ng].count = 0;
                ng++;
            }
            g[k].count++;
        }
        memcpy(prev[0], prev[1], sizeof prev[0]);
        snprintf(prev[1], sizeof prev[1], "%s", fo.ptr);
    }
    text_buf_free(&ex);
    text_buf_free(&fo);
    /* The hard queries are the sequences whose words also stand elsewhere, apart: rank by
     * the rarest word's count over the sequence's, among sequences seen 5 times or more. */
    text_buf all = TEXT_BUF_INIT((size_t)1 << 30);
    folded_line(text, n, &all);
    for (size_t k = 0; k < ng; k++) {
        g[k].spread = 0;
        if (g[k].count < 5)
            continue;
        char *copy = strdup(g[k].seq);
        unsigned rarest = UINT32_MAX;
        for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
            unsigned c = word_count(all.ptr, w);
            if (c < rarest)
                rarest = c;
        }
        free(copy);
        g[k].spread = (double)rarest / (double)g[k].count;
    }
    text_buf_free(&all);
    if (ng > 1)
        qsort(g, ng, sizeof *g, by_spread);
    *count = ng;
    return g;
}

static const char *const names[] = {"bigram terms (x2)", "phrase (pairs as phrases, x2)",
                                    "near (pairs within 3, x2)", "none (BM25 only)"};
#define NSTRAT 4

/* ndocs generated documents written under dir/docs, their texts also appended to all. */
static int
write_corpus(const char *dir, size_t ndocs, text_buf *all)
{
    text_buf doc = TEXT_BUF_INIT((size_t)1 << 24);
    char path[4200];
    snprintf(path, sizeof path, "%s/docs", dir);
    int rc = mkdir(path, 0700) == 0 ? 0 : 1;
    for (size_t d = 0; d < ndocs && rc == 0; d++) {
        text_buf_reset(&doc);
        gen_text(&doc, 3000);
        text_buf_put(all, doc.ptr, doc.len);
        text_buf_putc(all, '\n');
        snprintf(path, sizeof path, "%s/docs/%05zu.txt", dir, d);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(doc.ptr, 1, doc.len, f) != doc.len)
            rc = 1;
        if (f)
            fclose(f);
    }
    text_buf_free(&doc);
    return rc;
}

/* One query under one adjacency strategy: add its P@10 and reciprocal rank (a document is
 * relevant when its folded text holds the sequence as written). 0, or 1 on failure. */
static int
judge(tracuu_index *ix, const char *seq, int strategy, text_buf *line, double *p10,
      double *mrr)
{
    char needle[300];
    snprintf(needle, sizeof needle, " %s ", seq);
    query_parsed *p = NULL;
    store_query *q = NULL, *kind = NULL, *filt = NULL;
    store_mset *m = NULL;
    store_err err;
    char msg[256];
    if (query_parse(&p, seq, NULL, msg, sizeof msg) != TRACUU_OK)
        return 1;
    p->adjacency = (query_adjacency)strategy;
    query_build(&q, p, &err);
    store_query_term(&kind, KIND_DOC, strlen(KIND_DOC), 1, 0, &err);
    store_query *pair[2] = {q, kind};
    store_query_combine(&filt, STORE_OP_FILTER, pair, 2, 0, &err);
    store_search_opts so = STORE_SEARCH_OPTS_INIT;
    so.limit = 10;
    int rc = store_search(&m, ix->db, filt, &so, &err) == TRACUU_OK ? 0 : 1;
    size_t rel = 0, first = 0;
    for (size_t h = 0; rc == 0 && h < store_mset_size(m); h++) {
        store_hit hit;
        store_mset_hit(m, h, &hit);
        record_doc *o = NULL;
        if (record_doc_decode(&o, hit.data, hit.datalen) != TRACUU_OK) {
            rc = 1;
            break;
        }
        folded_line(o->text, o->textlen, line);
        if (strstr(line->ptr, needle)) {
            rel++;
            if (!first)
                first = h + 1;
        }
        record_doc_free(o);
    }
    size_t denom = store_mset_size(m) < 10 ? store_mset_size(m) : 10;
    *p10 += denom ? (double)rel / (double)denom : 0;
    *mrr += first ? 1.0 / (double)first : 0;
    store_mset_free(m);
    store_query_free(q);
    store_query_free(kind);
    store_query_free(filt);
    query_parsed_free(p);
    return rc;
}

int
main(int argc, char **argv)
{
    size_t ndocs = 600, nq = 40;
    const char *seed = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--docs") && i + 1 < argc)
            ndocs = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--queries") && i + 1 < argc)
            nq = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = argv[++i];
        else {
            fprintf(stderr, "usage: bench_ranking [--docs N] [--queries N] [--seed DIR]\n");
            return 2;
        }
    }
    if (gen_setup("bench_ranking", seed) != 0)
        return 1;
    char tmpl[] = "/tmp/tracuu-ranking-XXXXXX";
    char *dir = mkdtemp(tmpl);
    text_buf all = TEXT_BUF_INIT((size_t)1 << 30);
    if (!dir || write_corpus(dir, ndocs, &all) != 0)
        return 1;
    tracuu_index *ix = NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/index", dir);
    if (tracuu_index_open(&ix, path, TRACUU_MODE_WRITE, NULL) != TRACUU_OK)
        return 1;
    snprintf(path, sizeof path, "%s/docs", dir);
    const char *paths[] = {path};
    tracuu_add_stats stats;
    if (tracuu_index_add(ix, paths, 1, NULL, &stats) != TRACUU_OK) {
        fprintf(stderr, "bench_ranking: %s\n", tracuu_index_errmsg(ix));
        return 1;
    }
    size_t ng = 0;
    ngram *g = frequent_sequences(all.ptr, all.len, &ng);
    if (nq > ng)
        nq = ng;
    double p10[NSTRAT] = {0}, mrr[NSTRAT] = {0};
    text_buf line = TEXT_BUF_INIT((size_t)1 << 24);
    for (size_t qi = 0; qi < nq; qi++)
        for (int s = 0; s < NSTRAT; s++)
            if (judge(ix, g[qi].seq, s, &line, &p10[s], &mrr[s]) != 0)
                return 1;
    printf("index:   %zu generated documents, %zu documents judged per query (top 10)\n",
           ndocs, (size_t)10);
    printf("queries: %zu 2-3 syllable sequences (seen >= 5 times) whose words most often also "
           "stand apart,\n         typed without marks as loose words (e.g. \"%s\", \"%s\")\n",
           nq, nq ? g[0].seq : "", nq > 1 ? g[1].seq : "");
    printf("relevant: the passage contains the sequence as written\n\n");
    printf("%-32s %8s %8s\n", "adjacency", "P@10", "MRR");
    for (int s = 0; s < NSTRAT; s++)
        printf("%-32s %8.3f %8.3f\n", names[s], p10[s] / (double)nq, mrr[s] / (double)nq);
    for (size_t i = 0; i < ng; i++)
        free(g[i].seq);
    free(g);
    tracuu_index_close(ix);
    text_buf_free(&all);
    text_buf_free(&line);
    gen_free();
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
