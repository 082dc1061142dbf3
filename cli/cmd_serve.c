/*
 * cmd_serve.c - `tracuu serve [--listen ADDR:PORT] [--base-url PATH] [--threads N]`: the
 * read-only web pages and JSON API (docs/WEB.md) on libmicrohttpd, until SIGINT/SIGTERM.
 *
 * This file only sets the server up: it parses the options, binds the socket itself (so
 * `--listen 127.0.0.1:0` can print the port the kernel chose, for tests and scripts),
 * starts the daemon with bounded threads, connections and per-connection timeouts, and
 * waits for a signal. Requests are answered by serve_http.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve.h"
#include "serve_http.h"

#define SERVE_MAX_THREADS 64u
#define SERVE_CONNECTIONS_PER_THREAD 16u
#define SERVE_CONNECTION_TIMEOUT 30u /* seconds a connection may stay idle */
#define SERVE_MEMORY_PER_CONNECTION (64u * 1024u) /* request head: larger ones get 431/414 */

/* "ADDR:PORT", "[V6]:PORT" or ":PORT" split into host and port. */
static int
split_listen(const char *spec, char *host, size_t hn, char *port, size_t pn)
{
    const char *colon = strrchr(spec, ':');
    if (!colon || !colon[1] || strlen(colon + 1) >= pn)
        return -1;
    const char *h = spec;
    size_t n = (size_t)(colon - spec);
    if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
        h++;
        n -= 2;
    }
    if (n >= hn)
        return -1;
    memcpy(host, h, n);
    host[n] = '\0';
    if (!*host)
        snprintf(host, hn, "127.0.0.1");
    snprintf(port, pn, "%s", colon + 1);
    for (const char *p = port; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    return atoi(port) <= 65535 ? 0 : -1;
}

static int
is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(a);
    }
    return 0;
}

/* A listening socket on spec; prints its address (with the port chosen for :0) on stdout. */
static int
listen_on(cli_ctx *ctx, const char *spec, int *out)
{
    char host[256], port[8];
    *out = -1;
    if (split_listen(spec, host, sizeof host, port, sizeof port) != 0)
        return cli_fail(ctx, EXIT_USAGE, _("serve: --listen takes ADDR:PORT (e.g. 127.0.0.1:8080), not '%s'"),
                        spec);
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    int gai = getaddrinfo(host, port, &hints, &ai);
    if (gai != 0)
        return cli_fail(ctx, EXIT_USAGE, _("serve: --listen %s: %s (give a numeric address)"), spec,
                        gai_strerror(gai));
    int rc = 0, one = 1;
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 64) != 0) {
        rc = cli_fail(ctx, EXIT_UNAVAIL, _("serve: cannot listen on %s: %s"), spec, strerror(errno));
        goto done;
    }
    if (!is_loopback(ai->ai_addr))
        fprintf(stderr, _("tracuu: warning: listening on %s, which is not a loopback address: "
                        "anyone who can reach it reads the index (put a proxy with a password in "
                        "front, see docs/WEB.md)\n"), spec);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    char h[INET6_ADDRSTRLEN], p[8];
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0 ||
        getnameinfo((struct sockaddr *)&ss, sl, h, sizeof h, p, sizeof p,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        rc = cli_fail(ctx, EXIT_INTERNAL, _("serve: cannot read the bound address"));
        goto done;
    }
    printf(_("tracuu serve: listening on http://%s%s%s:%s/\n"), ss.ss_family == AF_INET6 ? "[" : "",
           h, ss.ss_family == AF_INET6 ? "]" : "", p);
    fflush(stdout);
    *out = fd;
    fd = -1;
done:
    if (fd >= 0)
        close(fd);
    freeaddrinfo(ai);
    return rc;
}

int
cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
    /* `listen =` of tracuu.conf, else the built-in 127.0.0.1:8080 (cmd_config.c) */
    const char *listen_spec = ctx->serve_listen ? ctx->serve_listen : "127.0.0.1:8080";
    const char *base = "";
    unsigned long long threads = 4;
    for (int i = 1; i < argc; i++) {
        int r = cli_opt_value(ctx, argc, argv, &i, "--listen", &listen_spec);
        if (r == 0)
            r = cli_opt_value(ctx, argc, argv, &i, "--base-url", &base);
        if (r == 0)
            r = cli_opt_uint(ctx, argc, argv, &i, "--threads", &threads);
        if (r < 0)
            return EXIT_USAGE;
        if (r == 0)
            return cli_fail(ctx, EXIT_USAGE, _("serve: unknown argument '%s'"), argv[i]);
    }
    if (threads < 1 || threads > SERVE_MAX_THREADS)
        return cli_fail(ctx, EXIT_USAGE, _("serve: --threads takes 1 to %u"), SERVE_MAX_THREADS);
    /* the base is "" or "/a/b" without a trailing slash, and safe to put in a page */
    char basebuf[256];
    size_t bn = strlen(base);
    while (bn && base[bn - 1] == '/')
        bn--;
    if (bn >= sizeof basebuf || (bn && base[0] != '/') || strcspn(base, "\"'<>&?#% \\") < bn)
        return cli_fail(ctx, EXIT_USAGE, _("serve: --base-url takes a path such as /tracuu"));
    memcpy(basebuf, base, bn);
    basebuf[bn] = '\0';

    serve_conf conf = {ctx->index_path, ctx->timeout_ms, ctx->partial, basebuf};
    int fd = -1;
    int rc = listen_on(ctx, listen_spec, &fd);
    if (rc != 0)
        return rc;
    /* The daemon's threads inherit this mask: only the main thread takes the signals. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_POLL, 0, NULL, NULL,
        serve_on_request, &conf, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)threads * SERVE_CONNECTIONS_PER_THREAD, MHD_OPTION_CONNECTION_TIMEOUT,
        SERVE_CONNECTION_TIMEOUT, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)SERVE_MEMORY_PER_CONNECTION, MHD_OPTION_URI_LOG_CALLBACK, serve_on_uri, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, serve_on_done, NULL, MHD_OPTION_END);
    if (!d) {
        close(fd);
        return cli_fail(ctx, EXIT_INTERNAL, _("serve: the HTTP server could not start"));
    }
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, _("tracuu serve: %s, stopping\n"), sig == SIGINT ? "interrupted" : "terminated");
    MHD_stop_daemon(d);
    close(fd);
    return 0;
}
