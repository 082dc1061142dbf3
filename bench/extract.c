/*
 * extract.c - bench_extract: extraction throughput per format.
 *
 *   bench_extract [--repeat N] FILE...
 *
 * Reads every FILE once into memory, then runs the indexer's extractor (extract.h: the same
 * call `tracuu index` makes, helpers and child processes included) N times over each, and
 * prints per format: files, input MB, text MB, seconds, files/s and MB of text per second.
 * Nothing is asserted; bench/formats runs it beside the command-line tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "extract.h"

static double
seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    text_buf b = TEXT_BUF_INIT((size_t)1 << 30);
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (text_buf_put(&b, chunk, k) != TRACUU_OK)
            break;
    fclose(f);
    *n = b.len;
    return b.ptr ? b.ptr : calloc(1, 1);
}

int
main(int argc, char **argv)
{
    int repeat = 1, first = 1;
    if (argc > 2 && !strcmp(argv[1], "--repeat")) {
        repeat = atoi(argv[2]);
        first = 3;
    }
    if (first >= argc || repeat < 1) {
        fprintf(stderr, "usage: bench_extract [--repeat N] FILE...\n");
        return 2;
    }
    double secs[EXTRACT_FORMATS] = {0}, in_mb[EXTRACT_FORMATS] = {0}, out_mb[EXTRACT_FORMATS] = {0};
    unsigned files[EXTRACT_FORMATS] = {0}, failed[EXTRACT_FORMATS] = {0};
    for (int i = first; i < argc; i++) {
        size_t n = 0;
        char *raw = slurp(argv[i], &n);
        if (!raw) {
            fprintf(stderr, "bench_extract: %s: cannot read\n", argv[i]);
            continue;
        }
        extract_format f = extract_format_of(argv[i]);
        for (int r = 0; r < repeat; r++) {
            text_buf out = TEXT_BUF_INIT((size_t)1 << 28);
            extract_result res = EXTRACT_RESULT_INIT;
            char err[512];
            double t0 = seconds();
            tracuu_status st = extract_text(&out, &res, f, raw, n, NULL, 0, err, sizeof err);
            secs[f] += seconds() - t0;
            files[f]++;
            in_mb[f] += (double)n / 1e6;
            out_mb[f] += (double)out.len / 1e6;
            if (st != TRACUU_OK) {
                failed[f]++;
                if (r == 0)
                    fprintf(stderr, "bench_extract: %s: %s\n", argv[i], err);
            }
            extract_result_free(&res);
            text_buf_free(&out);
        }
        free(raw);
    }
    printf("| format | files | input MB | text MB | seconds | files/s | text MB/s | failed |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int f = 0; f < EXTRACT_FORMATS; f++)
        if (files[f])
            printf("| %s | %u | %.2f | %.2f | %.2f | %.1f | %.2f | %u |\n",
                   extract_format_name((extract_format)f), files[f], in_mb[f], out_mb[f], secs[f],
                   secs[f] > 0 ? files[f] / secs[f] : 0.0, secs[f] > 0 ? out_mb[f] / secs[f] : 0.0,
                   failed[f]);
    return 0;
}
