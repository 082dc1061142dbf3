/*
 * helper.c - child processes with limits (helper.h).
 *
 * One loop serves both kinds of child: poll() feeds the input and drains standard output
 * and error together (a child that fills one pipe while we wait on another would deadlock),
 * under a monotonic deadline. The child leads its own process group, so a helper that forks
 * (a shell script wrapper) is killed whole. Memory is bounded with RLIMIT_AS relative to the
 * child's size at fork (a sanitizer's reserved shadow does not count against it); CPU time
 * with RLIMIT_CPU as a second line behind the deadline.
 */
#define _GNU_SOURCE
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

helper_limits
helper_default_limits(void)
{
    helper_limits l = {60.0, (size_t)1 << 30, (size_t)256 << 20};
    const char *t = getenv("TRACUU_HELPER_TIMEOUT");
    if (t && *t) {
        char *end;
        double v = strtod(t, &end);
        if (*end == '\0' && v > 0)
            l.seconds = v;
    }
    return l;
}

int
helper_available(const char *program)
{
    const char *path = getenv("PATH");
    if (strchr(program, '/'))
        return access(program, X_OK) == 0;
    if (!path)
        path = "/usr/bin:/bin";
    char buf[4096];
    while (*path) {
        size_t k = strcspn(path, ":");
        if (k && k + strlen(program) + 2 < sizeof buf) {
            snprintf(buf, sizeof buf, "%.*s/%s", (int)k, path, program);
            struct stat sb;
            if (stat(buf, &sb) == 0 && S_ISREG(sb.st_mode) && access(buf, X_OK) == 0)
                return 1;
        }
        path += k;
        if (*path == ':')
            path++;
    }
    return 0;
}

static double
now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Bytes of address space this process has now (/proc/self/statm's first field). */
static size_t
address_space(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* In the child, before it runs anything: its own group, the pipes as fds 0-2, limits. */
static void
child_setup(int in, int out, int errfd, const helper_limits *lim, size_t base)
{
    setpgid(0, 0);
    signal(SIGPIPE, SIG_DFL);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
        _exit(126);
    struct rlimit r;
    if (lim->memory) {
        r.rlim_cur = r.rlim_max = (rlim_t)(base + lim->memory);
        setrlimit(RLIMIT_AS, &r);
    }
    if (lim->seconds > 0) {
        r.rlim_cur = (rlim_t)lim->seconds + 1;
        r.rlim_max = r.rlim_cur + 1;
        setrlimit(RLIMIT_CPU, &r);
    }
    r.rlim_cur = r.rlim_max = 0;
    setrlimit(RLIMIT_CORE, &r);
}

typedef struct child_io {
    int in, out, err; /* parent's ends; -1 when closed */
} child_io;

static void
close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* What one exchange with a helper came to. */
typedef struct exchange {
    int timed_out, too_much, nomem;
    char ebuf[512]; /* the start of its stderr, for messages */
    size_t elen;
    double deadline;
} exchange;

/* One round of the child's fds after poll: feed stdin, drain stdout into out (within
 * lim->max_output) and stderr into x->ebuf. Returns 0 to go on, -1 to stop (x says why). */
static int
exchange_round(child_io *io, const struct pollfd *p, int iin, int iout, int ierr,
               const char *in, size_t n, size_t *sent, const helper_limits *lim, text_buf *out,
               size_t out_start, exchange *x)
{
    if (iin >= 0 && p[iin].revents) {
        size_t chunk = n - *sent > 65536 ? 65536 : n - *sent;
        ssize_t w = (p[iin].revents & POLLOUT) ? write(io->in, in + *sent, chunk) : -1;
        if (w > 0)
            *sent += (size_t)w;
        if (w < 0 && errno != EAGAIN && errno != EINTR)
            close_fd(&io->in); /* the child stopped reading: its output tells why */
        if (*sent == n)
            close_fd(&io->in);
    }
    if (iout >= 0 && p[iout].revents) {
        char buf[65536];
        ssize_t k = read(io->out, buf, sizeof buf);
        if (k > 0) {
            if (out->len - out_start + (size_t)k > lim->max_output) {
                x->too_much = 1;
                return -1;
            }
            tracuu_status st = text_buf_put(out, buf, (size_t)k);
            if (st != TRACUU_OK) {
                x->too_much = st == TRACUU_ETOOBIG;
                x->nomem = st == TRACUU_ENOMEM;
                return -1;
            }
        } else if (k == 0 || (errno != EAGAIN && errno != EINTR)) {
            close_fd(&io->out);
        }
    }
    if (ierr >= 0 && p[ierr].revents) {
        char buf[4096];
        ssize_t k = read(io->err, buf, sizeof buf);
        if (k > 0) {
            size_t room = sizeof x->ebuf - 1 - x->elen;
            size_t take = (size_t)k < room ? (size_t)k : room;
            memcpy(x->ebuf + x->elen, buf, take);
            x->elen += take;
        } else if (k == 0 || (errno != EAGAIN && errno != EINTR)) {
            close_fd(&io->err);
        }
    }
    return 0;
}

/* Feed and drain until the child closes its output, the deadline passes or a limit is hit. */
static void
exchange_run(child_io *io, const char *in, size_t n, const helper_limits *lim, text_buf *out,
             exchange *x)
{
    size_t sent = 0, out_start = out->len;
    if (!n)
        close_fd(&io->in);
    while (io->out >= 0 || io->err >= 0) {
        struct pollfd p[3];
        int np = 0, iout = -1, ierr = -1, iin = -1;
        if (io->out >= 0)
            iout = np, p[np++] = (struct pollfd){io->out, POLLIN, 0};
        if (io->err >= 0)
            ierr = np, p[np++] = (struct pollfd){io->err, POLLIN, 0};
        if (io->in >= 0)
            iin = np, p[np++] = (struct pollfd){io->in, POLLOUT, 0};
        double left = x->deadline - now_seconds();
        if (left <= 0) {
            x->timed_out = 1;
            return;
        }
        int r = poll(p, (nfds_t)np, (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 ||
            exchange_round(io, p, iin, iout, ierr, in, n, &sent, lim, out, out_start, x) != 0)
            return;
    }
}

/* Reap the child: killed when the exchange failed, else given until the deadline to exit.
 * Its exit status into *status; the fds closed, its process group killed. */
static void
exchange_reap(pid_t pid, child_io *io, exchange *x, int *status)
{
    *status = 0;
    if (x->timed_out || x->too_much || x->nomem) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
    } else {
        /* Output closed: the child is ending. Give it until the deadline to exit. */
        while (waitpid(pid, status, WNOHANG) == 0) {
            if (now_seconds() > x->deadline) {
                x->timed_out = 1;
                kill(-pid, SIGKILL);
                kill(pid, SIGKILL);
                break;
            }
            struct timespec ts = {0, 2000000};
            nanosleep(&ts, NULL);
        }
    }
    close_fd(&io->in);
    close_fd(&io->out);
    close_fd(&io->err);
    if (x->timed_out || x->too_much || x->nomem)
        while (waitpid(pid, status, 0) < 0 && errno == EINTR)
            ;
    kill(-pid, SIGKILL); /* anything the helper left behind in its group */
    x->ebuf[x->elen] = '\0';
    x->ebuf[strcspn(x->ebuf, "\r\n")] = '\0';
}

/* The status of an exchange and, on failure, one line saying why (`what` names the helper). */
static tracuu_status
exchange_verdict(const exchange *x, int status, const char *what, int forked_fn,
                 const helper_limits *lim, char *err, size_t errsz)
{
    if (x->nomem) {
        snprintf(err, errsz, "%s: out of memory", what);
        return TRACUU_ENOMEM;
    }
    if (x->too_much) {
        snprintf(err, errsz, "%s: more than %zu MB of text: stopped", what, lim->max_output >> 20);
        return TRACUU_ETOOBIG;
    }
    if (x->timed_out) {
        snprintf(err, errsz, "%s: still running after %g s: killed", what, lim->seconds);
        return TRACUU_EIO;
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGXCPU || sig == SIGKILL)
            snprintf(err, errsz, "%s: used more than %g s of CPU: killed", what, lim->seconds);
        else
            snprintf(err, errsz, "%s: crashed (signal %d, %s)%s", what, sig, strsignal(sig),
                     lim->memory && (sig == SIGABRT || sig == SIGSEGV)
                         ? "; the memory limit reached?"
                         : "");
        return TRACUU_EIO;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 127 && !strncmp(x->ebuf, "exec:", 5)) {
        snprintf(err, errsz, "%s is not installed (scripts/bootstrap installs it)", what);
        return TRACUU_EIO;
    }
    if (code != 0 && forked_fn && x->elen) {
        /* our own code said why the input cannot be read */
        snprintf(err, errsz, "%s", x->ebuf);
        return TRACUU_EENCODING;
    }
    if (code != 0) {
        snprintf(err, errsz, "%s failed (exit %d)%s%s", what, code, x->elen ? ": " : "",
                 x->ebuf);
        return TRACUU_EIO;
    }
    return TRACUU_OK;
}

/* Feed, drain and reap. `what` names the helper in messages. */
static tracuu_status
pump(pid_t pid, child_io *io, const char *what, int forked_fn, const char *in, size_t n,
     const helper_limits *lim, text_buf *out, char *err, size_t errsz)
{
    exchange x = {0, 0, 0, "", 0, now_seconds() + (lim->seconds > 0 ? lim->seconds : 1e9)};
    int status = 0;
    exchange_run(io, in, n, lim, out, &x);
    exchange_reap(pid, io, &x, &status);
    return exchange_verdict(&x, status, what, forked_fn, lim, err, errsz);
}

/* Pipes for the child's fds 0, 1, 2: p[k][0] read end, p[k][1] write end. */
static int
make_pipes(int p[3][2])
{
    for (int k = 0; k < 3; k++) {
        if (pipe2(p[k], O_CLOEXEC) != 0) {
            for (int j = 0; j < k; j++)
                close(p[j][0]), close(p[j][1]);
            return -1;
        }
    }
    return 0;
}

static tracuu_status
spawn(const char *const *argv, int (*fn)(void *, const char *, size_t), void *ctx,
      const char *what, const char *in, size_t n, const helper_limits *lim, text_buf *out,
      char *err, size_t errsz)
{
    int p[3][2];
    if (make_pipes(p) != 0) {
        snprintf(err, errsz, "%s: cannot make pipes: %s", what, strerror(errno));
        return TRACUU_EIO;
    }
    size_t base = fn ? address_space() : 0;
    /* A child that stops reading its input must not kill us with SIGPIPE. */
    struct sigaction ign = {0}, old;
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        child_setup(p[0][0], p[1][1], p[2][1], lim, base);
        if (fn)
            _exit(fn(ctx, in, n));
        execvp(argv[0], (char *const *)argv);
        dprintf(2, "exec: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(p[0][0]);
    close(p[1][1]);
    close(p[2][1]);
    child_io io = {p[0][1], p[1][0], p[2][0]};
    tracuu_status st;
    if (pid < 0) {
        snprintf(err, errsz, "%s: cannot start: %s", what, strerror(errno));
        close_fd(&io.in);
        close_fd(&io.out);
        close_fd(&io.err);
        st = TRACUU_EIO;
    } else {
        setpgid(pid, pid); /* also here: no race with a kill before the child ran */
        for (int k = 0; k < 3; k++) {
            int fd = k == 0 ? io.in : k == 1 ? io.out : io.err;
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        }
        /* a forked fn has the input already: nothing to feed it */
        st = pump(pid, &io, what, fn != NULL, in, fn ? 0 : n, lim, out, err, errsz);
    }
    sigaction(SIGPIPE, &old, NULL);
    return st;
}

tracuu_status
helper_run(const char *const *argv, const char *in, size_t n, const helper_limits *lim,
           text_buf *out, char *err, size_t errsz)
{
    return spawn(argv, NULL, NULL, argv[0], in, n, lim, out, err, errsz);
}

tracuu_status
helper_call(int (*fn)(void *ctx, const char *in, size_t n), void *ctx, const char *what,
            const char *in, size_t n, const helper_limits *lim, text_buf *out, char *err,
            size_t errsz)
{
    return spawn(NULL, fn, ctx, what, in, n, lim, out, err, errsz);
}
