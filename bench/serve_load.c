/*
 * serve_load.c - a small HTTP load client for bench/serve: C concurrent clients, each
 * sending GET requests (one connection per request, HTTP/1.0) to 127.0.0.1:PORT for a
 * fixed number of requests, cycling through the paths given; prints requests per second
 * and the 50th and 99th percentile latency; the first failure is described on stderr (an
 * error count alone does not say whether the server refused, answered 503 or timed out).
 * Loopback only, every loop bounded.
 *
 *   serve_load PORT CLIENTS REQUESTS_PER_CLIENT PATH...
 *
 * Built by bench/serve with the system compiler (it needs nothing but libc and pthreads).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "latency.h"

static int port, nreq, npaths;
static char **paths;
static double *lat;   /* seconds, one per request */
static int errors;
static char first_error[160]; /* what went wrong the first time, for stderr */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* One request; 0 when a 200 answer came back whole, else -1 and *why says what failed. */
static int
one(const char *path, const char **why, char status[4])
{
    *why = "socket";
    status[0] = 0;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int ok = -1;
    char buf[65536];
    *why = "connect";
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
        goto done;
    int n = snprintf(buf, sizeof buf, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path);
    *why = "write";
    if (n < 0 || (size_t)n >= sizeof buf || write(fd, buf, (size_t)n) != n)
        goto done;
    *why = "read (or the 30 s timeout)";
    size_t got = 0;
    int first = 1;
    for (int reads = 0; reads < 100000; reads++) { /* bounded: answers are at most 16 MiB */
        ssize_t k = read(fd, buf, sizeof buf);
        if (k < 0)
            goto done;
        if (k == 0)
            break;
        if (first && (k < 12 || strncmp(buf + 9, "200", 3) != 0)) {
            *why = "status";
            if (k >= 12) {
                memcpy(status, buf + 9, 3);
                status[3] = 0;
            }
            goto done;
        }
        first = 0;
        got += (size_t)k;
    }
    *why = "empty answer";
    ok = got > 0 ? 0 : -1;
done:
    close(fd);
    return ok;
}

static void *
client(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < nreq; i++) {
        const char *path = paths[(id + i) % npaths], *why = "";
        char status[4];
        double t0 = latency_now();
        int rc = one(path, &why, status);
        double dt = latency_now() - t0;
        pthread_mutex_lock(&lock);
        lat[id * nreq + i] = dt;
        if (rc != 0 && errors++ == 0)
            snprintf(first_error, sizeof first_error, "%s %s: %.100s", why, status, path);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int
main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: serve_load PORT CLIENTS REQUESTS_PER_CLIENT PATH...\n");
        return 2;
    }
    port = atoi(argv[1]);
    int clients = atoi(argv[2]);
    nreq = atoi(argv[3]);
    paths = argv + 4;
    npaths = argc - 4;
    if (port <= 0 || clients <= 0 || clients > 256 || nreq <= 0 || nreq > 100000)
        return 2;
    lat = calloc((size_t)clients * (size_t)nreq, sizeof *lat);
    pthread_t *th = calloc((size_t)clients, sizeof *th);
    if (!lat || !th)
        return 1;
    double t0 = latency_now();
    for (long c = 0; c < clients; c++)
        pthread_create(&th[c], NULL, client, (void *)c);
    for (int c = 0; c < clients; c++)
        pthread_join(th[c], NULL);
    double wall = latency_now() - t0;
    size_t total = (size_t)clients * (size_t)nreq;
    latency_report(lat, total, clients, wall, errors);
    if (errors)
        fprintf(stderr, "serve_load: %d errors, the first: %s\n", errors, first_error);
    free(lat);
    free(th);
    return errors ? 1 : 0;
}
