/*
 * serve_lib.c - the library side of bench/serve: the search a `/tim-kiem` page runs, made
 * straight through the public API, so the page's latency can be set against it. Each call
 * does what the page's handler does minus HTTP and HTML: open the index read-only (the
 * server opens it per request, so a reindex is seen at once), tracuu_index_search with the
 * page's options (10 results, the server's private highlight markers, facets counted),
 * iterate every hit, read the facets, free, close.
 *
 *   bench_serve_lib INDEX THREADS CALLS_PER_THREAD QUERY
 *
 * THREADS threads (1..256) each make CALLS_PER_THREAD calls (1..100000), so the library is
 * measured at the same concurrency as the page. Prints one tab-separated line:
 * threads, calls, calls per second, p50 ms, p99 ms, errors. Every loop is bounded.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "latency.h"
#include "tracuu.h"

static const char *index_path, *query;
static int ncalls;
static double *lat; /* seconds, one per call */
static int errors;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* One search as the page makes it; TRACUU_OK when it gave results and facets. */
static tracuu_status
one(void)
{
    tracuu_index *ix = NULL;
    tracuu_results *res = NULL;
    char *msg = NULL;
    tracuu_open_options oo = TRACUU_OPEN_OPTIONS_INIT;
    tracuu_status st = tracuu_index_open_with(&ix, index_path, TRACUU_MODE_READ, &oo, &msg);
    free(msg);
    if (st != TRACUU_OK)
        goto done;
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.limit = 10;
    o.hl_open = "\x01"; /* cli/serve.h's SERVE_HL_OPEN/CLOSE */
    o.hl_close = "\x02";
    o.facets = 1;
    st = tracuu_index_search(&res, ix, query, &o);
    if (st != TRACUU_OK)
        goto done;
    const tracuu_hit *h;
    unsigned hits = 0;
    while ((st = tracuu_results_next(&h, res)) == TRACUU_OK && hits < 10000)
        hits++;
    if (st != TRACUU_ITEROVER)
        goto done;
    st = hits > 0 && tracuu_results_facets(res) ? TRACUU_OK : TRACUU_EINTERNAL;
done:
    tracuu_results_free(res);
    tracuu_index_close(ix);
    return st;
}

static void *
worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < ncalls; i++) {
        double t0 = latency_now();
        tracuu_status st = one();
        double dt = latency_now() - t0;
        pthread_mutex_lock(&lock);
        lat[id * ncalls + i] = dt;
        errors += st != TRACUU_OK;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int
main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: bench_serve_lib INDEX THREADS CALLS_PER_THREAD QUERY\n");
        return 2;
    }
    index_path = argv[1];
    int threads = atoi(argv[2]);
    ncalls = atoi(argv[3]);
    query = argv[4];
    if (threads <= 0 || threads > 256 || ncalls <= 0 || ncalls > 100000)
        return 2;
    /* one call first: it fails fast on a bad index or query, and warms the page cache */
    tracuu_status st = one();
    if (st != TRACUU_OK) {
        fprintf(stderr, "bench_serve_lib: %s\n", tracuu_status_str(st));
        return 1;
    }
    size_t total = (size_t)threads * (size_t)ncalls;
    lat = calloc(total, sizeof *lat);
    pthread_t *th = calloc((size_t)threads, sizeof *th);
    if (!lat || !th)
        return 1;
    int started = 0;
    double t0 = latency_now();
    for (long t = 0; t < threads; t++) {
        if (pthread_create(&th[t], NULL, worker, (void *)t) != 0)
            break;
        started++;
    }
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    double wall = latency_now() - t0;
    if (started < threads) {
        fprintf(stderr, "bench_serve_lib: started %d threads of %d\n", started, threads);
        return 1;
    }
    latency_report(lat, total, threads, wall, errors);
    free(lat);
    free(th);
    return errors ? 1 : 0;
}
