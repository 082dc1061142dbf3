/*
 * latency.h - what bench/serve's two measurers share: a monotonic clock, and the line they
 * both print (workers, calls, calls per second, p50 ms, p99 ms, errors, tab-separated), so
 * the page (serve_load.c) and the library (serve_lib.c) are timed and summed the same way.
 * Header-only: serve_load.c is built by bench/serve with the system compiler alone.
 */
#ifndef TRACUU_BENCH_LATENCY_H
#define TRACUU_BENCH_LATENCY_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double
latency_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
latency_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sorts lat (total seconds, one per call) and prints the summary line of a run that took
 * `wall` seconds with `workers` concurrent callers. */
static void
latency_report(double *lat, size_t total, int workers, double wall, int errors)
{
    qsort(lat, total, sizeof *lat, latency_cmp);
    printf("%d\t%zu\t%.0f\t%.1f\t%.1f\t%d\n", workers, total, (double)total / wall,
           lat[total / 2] * 1000, lat[(size_t)((double)total * 0.99)] * 1000, errors);
}

#endif
