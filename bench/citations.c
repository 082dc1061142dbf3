/*
 * citations.c - citation precision and recall of the indexer on a folder with known answers
 * (bench/RESULTS.md, "Citations").
 *
 *   bench_citations --docs DIR (--truth FILE | --manifest FILE) [--verbose]
 *
 * DIR is indexed into a temporary index exactly as `tracuu index` would, and each
 * document's citations (its record's "cites") are compared with the answers:
 *   --truth FILE     lines "PATH<TAB>ID ID ..." ("-" for none), PATH relative to DIR, ids
 *                    canonical with their version ("25-NQ/TW@2013"); written by reading the
 *                    documents (tests/data/corpus_citations.tsv for corpus/docs);
 *   --manifest FILE  bench/gen's manifest.tsv: the ids it wrote into each document (column
 *                    8, comma-separated, without versions). Its filler text is a Markov chain
 *                    over the bundled corpus and may carry citations of its own, which count
 *                    against precision here.
 * Pairs (document, id) are compared twice: by the id as resolved ("exact", --truth only) and
 * by the id without its "@..." part ("base"). An ambiguous citation is stored under the
 * shared base, so it counts for "base" only.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracuu.h"

typedef struct {
    size_t tp, fp, fn;
} score;

/* Is word w (length n) in the space/comma-separated list s? */
static int
in_list(const char *s, const char *w, size_t n)
{
    for (const char *p = s; *p;) {
        size_t l = strcspn(p, " ,");
        if (l == n && !memcmp(p, w, n))
            return 1;
        p += l;
        p += strspn(p, " ,");
    }
    return 0;
}

/* Count want (space/comma-separated) against got: each side's ids once. */
static void
compare(score *sc, const char *want, const char *got, const char *path, int verbose,
        const char *what)
{
    for (const char *p = got; *p;) {
        size_t l = strcspn(p, " ,");
        if (in_list(want, p, l))
            sc->tp++;
        else {
            sc->fp++;
            if (verbose)
                printf("%s extra %s: %.*s\n", what, path, (int)l, p);
        }
        p += l;
        p += strspn(p, " ,");
    }
    for (const char *p = want; *p;) {
        size_t l = strcspn(p, " ,");
        if (!in_list(got, p, l)) {
            sc->fn++;
            if (verbose)
                printf("%s missed %s: %.*s\n", what, path, (int)l, p);
        }
        p += l;
        p += strspn(p, " ,");
    }
}

/* The distinct ids a document cites, space-separated, into out (base: without "@..."). */
static void
cited(json_t *rec, int base, char *out, size_t outsz)
{
    json_t *c;
    size_t i;
    out[0] = '\0';
    json_array_foreach(json_object_get(rec, "cites"), i, c) {
        const char *id = json_string_value(json_object_get(c, "id"));
        if (!id)
            continue;
        size_t l = base ? strcspn(id, "@") : strlen(id);
        size_t used = strlen(out);
        if (!in_list(out, id, l) && used + l + 2 < outsz)
            snprintf(out + used, outsz - used, "%s%.*s", used ? " " : "", (int)l, id);
    }
}

static void
report(const char *what, const score *s)
{
    double p = s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 1;
    double r = s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 1;
    printf("%-6s precision %.3f  recall %.3f  (%zu right, %zu extra, %zu missed)\n", what, p, r,
           s->tp, s->fp, s->fn);
}

int
main(int argc, char **argv)
{
    const char *docs = NULL, *truth = NULL, *manifest = NULL;
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--docs") && i + 1 < argc)
            docs = argv[++i];
        else if (!strcmp(argv[i], "--truth") && i + 1 < argc)
            truth = argv[++i];
        else if (!strcmp(argv[i], "--manifest") && i + 1 < argc)
            manifest = argv[++i];
        else if (!strcmp(argv[i], "--verbose"))
            verbose = 1;
        else
            docs = NULL, i = argc;
    }
    if (!docs || !truth == !manifest) {
        fprintf(stderr, "usage: bench_citations --docs DIR (--truth FILE | --manifest FILE) "
                        "[--verbose]\n");
        return 2;
    }
    char ixdir[] = "/tmp/bench_citations.XXXXXX", *err = NULL;
    if (!mkdtemp(ixdir)) {
        perror("bench_citations: mkdtemp");
        return 1;
    }
    tracuu_index *ix = NULL;
    tracuu_add_stats stats;
    memset(&stats, 0, sizeof stats);
    int rc = 1;
    FILE *f = NULL;
    if (tracuu_index_open(&ix, ixdir, TRACUU_MODE_WRITE, &err) != TRACUU_OK) {
        fprintf(stderr, "bench_citations: %s\n", err ? err : "cannot open an index");
        goto done;
    }
    const char *roots[1] = {docs};
    if (tracuu_index_add(ix, roots, 1, NULL, &stats) != TRACUU_OK) {
        fprintf(stderr, "bench_citations: %s\n", tracuu_index_errmsg(ix));
        goto done;
    }
    f = fopen(truth ? truth : manifest, "r");
    if (!f) {
        perror(truth ? truth : manifest);
        goto done;
    }
    score exact = {0, 0, 0}, base = {0, 0, 0};
    size_t ndocs = 0, ambiguous = 0;
    char line[8192], path[4096], got[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *col[8] = {NULL};
        size_t nc = 0;
        for (char *p = line; p && nc < 8; nc++) {
            col[nc] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        const char *want = truth ? (nc > 1 ? col[1] : "") : (nc > 7 ? col[7] : "");
        if (!strcmp(want, "-"))
            want = "";
        snprintf(path, sizeof path, "%s/%s", docs, col[0]);
        char *real = realpath(path, NULL), *js = NULL;
        if (!real || tracuu_document_get(&js, ix, real) != TRACUU_OK) {
            fprintf(stderr, "bench_citations: %s: not indexed\n", path);
            free(real);
            continue;
        }
        json_t *rec = json_loads(js, 0, NULL), *c;
        size_t k;
        json_array_foreach(json_object_get(rec, "cites"), k, c) {
            ambiguous += !strcmp(json_string_value(json_object_get(c, "resolved")), "ambiguous");
        }
        if (truth) {
            cited(rec, 0, got, sizeof got);
            compare(&exact, want, got, col[0], verbose, "exact");
        }
        /* the answers without versions */
        char wb[4096] = "";
        for (const char *p = want; *p;) {
            size_t l = strcspn(p, " ,"), b = strcspn(p, "@ ,");
            size_t used = strlen(wb);
            if (used + b + 2 < sizeof wb)
                snprintf(wb + used, sizeof wb - used, "%s%.*s", used ? " " : "", (int)b, p);
            p += l;
            p += strspn(p, " ,");
        }
        cited(rec, 1, got, sizeof got);
        compare(&base, wb, got, col[0], verbose, "base");
        ndocs++;
        json_decref(rec);
        free(js);
        free(real);
    }
    printf("%zu documents, %zu of their citations ambiguous\n", ndocs, ambiguous);
    if (truth)
        report("exact", &exact);
    report("base", &base);
    rc = 0;
done:
    if (f)
        fclose(f);
    tracuu_index_close(ix);
    free(err);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", ixdir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_citations: could not remove %s\n", ixdir);
    return rc;
}
