/*
 * faultproxy.c - a TCP proxy on 127.0.0.1 that breaks a remote shard on demand, for the
 * tests of shards that fail after the handshake (hardening issue #6).
 *
 *   faultproxy LISTEN_PORT UPSTREAM_PORT MODEFILE
 *
 * Forwards each connection to 127.0.0.1:UPSTREAM_PORT (a real xapian-tcpsrv). Before each
 * chunk it forwards it reads MODEFILE, "MODE [N]": the first N chunks a client sends on a
 * connection always pass (so a handshake and N requests succeed), then MODE applies:
 *   pass     forward everything
 *   stall    forward nothing more, keep the connection open (a hung server)
 *   close    close the connection
 *   corrupt  replace what the server sends with garbage of the same length
 *   trickle  forward what the server sends one byte every 200 ms (each read is quick,
 *            the whole exchange is not)
 * A missing MODEFILE means pass. Loopback only; every connection lives at most 120 s.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *modefile;

static void
mode_now(char *mode, size_t n, long *after)
{
    snprintf(mode, n, "pass");
    *after = 0;
    FILE *f = fopen(modefile, "r");
    if (!f)
        return;
    char buf[64] = "";
    if (fgets(buf, sizeof buf, f)) {
        char m[16] = "";
        long a = 0;
        if (sscanf(buf, "%15s %ld", m, &a) >= 1) {
            snprintf(mode, n, "%s", m);
            *after = a;
        }
    }
    fclose(f);
}

static int
write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void
pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void
serve(int client, int upstream_port)
{
    alarm(120);
    int up = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)upstream_port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(up, (struct sockaddr *)&a, sizeof a) != 0)
        _exit(1);
    long sent = 0; /* chunks from the client so far */
    char buf[65536], mode[16];
    for (;;) {
        struct pollfd p[2] = {{client, POLLIN, 0}, {up, POLLIN, 0}};
        if (poll(p, 2, 1000) < 0)
            _exit(1);
        for (int k = 0; k < 2; k++) {
            if (!(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(p[k].fd, buf, sizeof buf);
            if (n <= 0)
                _exit(0);
            long after;
            mode_now(mode, sizeof mode, &after);
            int from_client = k == 0;
            int armed = sent >= after && strcmp(mode, "pass") != 0;
            if (from_client)
                sent++;
            if (armed && !strcmp(mode, "close"))
                _exit(0);
            if (armed && !strcmp(mode, "stall")) {
                for (int i = 0; i < 120; i++) { /* until the client gives up */
                    struct pollfd c = {client, POLLIN, 0};
                    if (poll(&c, 1, 1000) > 0 && read(client, buf, sizeof buf) <= 0)
                        _exit(0);
                }
                _exit(0);
            }
            if (armed && !from_client && !strcmp(mode, "corrupt")) {
                for (ssize_t i = 0; i < n; i++)
                    buf[i] = (char)(0xA5 ^ (i * 37));
            }
            if (armed && !from_client && !strcmp(mode, "trickle")) {
                for (ssize_t i = 0; i < n; i++) {
                    if (write_all(client, buf + i, 1) != 0)
                        _exit(0);
                    pause_ms(200);
                }
                continue;
            }
            if (write_all(from_client ? up : client, buf, (size_t)n) != 0)
                _exit(0);
        }
    }
}

int
main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: faultproxy LISTEN_PORT UPSTREAM_PORT MODEFILE\n");
        return 2;
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the test */
    signal(SIGCHLD, SIG_IGN);         /* no zombies */
    modefile = argv[3];
    int upstream_port = atoi(argv[2]);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)atoi(argv[1]));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 16) != 0) {
        perror("faultproxy");
        return 1;
    }
    for (int conns = 0; conns < 10000; conns++) {
        int c = accept(s, NULL, NULL);
        if (c < 0)
            continue;
        pid_t pid = fork();
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            close(s);
            serve(c, upstream_port);
            _exit(0);
        }
        close(c);
    }
    return 0;
}
