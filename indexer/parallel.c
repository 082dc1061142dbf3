/*
 * parallel.c - a first build on several cores (add.h).
 *
 * Indexing is CPU-bound on one core: the analysis and Xapian's inverter run one after the
 * other for every file. A first build of a large tree is the long wait, and it has nothing to
 * compare against, so it can be split: `jobs` processes (fork, before any thread exists; the
 * office helpers fork again, as in a sequential run) each index the files whose path hashes
 * to their share into a part of their own, and Xapian's compactor joins the parts into the
 * index (as `xapian-compact` joins shards). Processes rather than threads: Xapian handles and
 * the helpers' forks stay as they are in a sequential run.
 *
 * A child sends every file report through a pipe (a fixed header and three strings), then
 * its statistics; the parent hands the reports to on_file as they come, so progress and
 * errors read as in a sequential run. Nothing replaces the index until every part is
 * complete: a killed or failed build leaves the index as empty as it was, and the next run
 * starts over (a stale parts folder is removed first).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "add.h"
#include "index.h"

#define JOBS_MAX 16
/* The parts folder's path is at most PATH_MAX - 32 (checked): room for "/joined" and a part
 * number under it. */
#define NAME_MAX_LEN (PATH_MAX + 32)

/* What a child writes for each report; the strings follow. action = REPORT_END closes the
 * stream with the child's statistics and status instead. */
typedef struct wire {
    int32_t action;
    int32_t status;
    uint64_t bytes;
    uint32_t passages;
    uint32_t pathlen, msglen, enclen;
} wire;
#define REPORT_END (-1)

typedef struct child_ctx {
    int fd;
} child_ctx;

static int
write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static void
child_report(void *ctx, const tracuu_file_report *r)
{
    const child_ctx *c = ctx;
    const char *enc = r->encoding ? r->encoding : "";
    wire w = {(int32_t)r->action, (int32_t)r->status, r->bytes, r->passages,
              (uint32_t)strlen(r->path), (uint32_t)strlen(r->message), (uint32_t)strlen(enc)};
    /* A parent that went away ends the child at its next write (SIGPIPE is default). */
    if (write_all(c->fd, &w, sizeof w) || write_all(c->fd, r->path, w.pathlen) ||
        write_all(c->fd, r->message, w.msglen) || write_all(c->fd, enc, w.enclen))
        _exit(70);
}

/* Remove a flat folder (a Xapian database or the parts folder's leaves). */
static void
remove_tree(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[PATH_MAX];
    while (d && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (depth > 0 && lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            remove_tree(p, depth - 1);
        else
            unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* The child: index its share into parts/k, then report its statistics. */
static void
run_child(const char *part, const char *const *paths, size_t npaths,
          const tracuu_add_options *opts, unsigned share, unsigned shares, int fd)
{
    tracuu_index *pix = NULL;
    char *msg = NULL;
    tracuu_add_stats s;
    memset(&s, 0, sizeof s);
    tracuu_status st = index_open_part(&pix, part, &msg);
    child_ctx c = {fd};
    tracuu_add_options o = *opts;
    o.on_file = child_report;
    o.ctx = &c;
    o.jobs = 1;
    if (st == TRACUU_OK)
        st = add_share(pix, paths, npaths, &o, &s, share, shares);
    const char *err = st == TRACUU_OK ? "" : pix ? tracuu_index_errmsg(pix) : msg ? msg : "";
    wire w = {REPORT_END, (int32_t)st, 0, 0, 0, (uint32_t)strlen(err), 0};
    int bad = write_all(fd, &w, sizeof w) || write_all(fd, &s, sizeof s) ||
              write_all(fd, err, w.msglen);
    tracuu_index_close(pix); /* commits */
    free(msg);
    _exit(bad ? 70 : 0);
}

/* A child's stream: a buffer of what arrived and the reports it holds. */
typedef struct stream {
    int fd;
    pid_t pid;
    char *buf;
    size_t len, cap;
    int ended;
    tracuu_status status;
    tracuu_add_stats stats;
    char err[512];
} stream;

static int
stream_read(stream *s)
{
    if (s->cap - s->len < 65536) {
        size_t cap = s->cap ? s->cap * 2 : 131072;
        char *nb = realloc(s->buf, cap);
        if (!nb)
            return -1;
        s->buf = nb;
        s->cap = cap;
    }
    ssize_t n = read(s->fd, s->buf + s->len, s->cap - s->len);
    if (n < 0 && errno == EINTR)
        return 0;
    if (n <= 0)
        return 1; /* end of stream */
    s->len += (size_t)n;
    return 0;
}

/* Hand over every complete report in s's buffer. */
static void
stream_replay(stream *s, const tracuu_add_options *opts)
{
    size_t at = 0;
    while (s->len - at >= sizeof(wire)) {
        wire w;
        memcpy(&w, s->buf + at, sizeof w);
        size_t body = w.action == REPORT_END
                          ? sizeof(tracuu_add_stats) + w.msglen
                          : (size_t)w.pathlen + w.msglen + w.enclen;
        if (s->len - at - sizeof w < body)
            break;
        const char *b = s->buf + at + sizeof w;
        if (w.action == REPORT_END) {
            memcpy(&s->stats, b, sizeof s->stats);
            snprintf(s->err, sizeof s->err, "%.*s", (int)w.msglen, b + sizeof s->stats);
            s->status = (tracuu_status)w.status;
            s->ended = 1;
        } else if (opts->on_file) {
            char *path = strndup(b, w.pathlen), *msg = strndup(b + w.pathlen, w.msglen),
                 *enc = strndup(b + w.pathlen + w.msglen, w.enclen);
            tracuu_file_report r = {path, (tracuu_file_action)w.action, (tracuu_status)w.status,
                                    msg ? msg : "", enc && *enc ? enc : NULL, w.bytes,
                                    w.passages};
            if (path)
                opts->on_file(opts->ctx, &r);
            free(path);
            free(msg);
            free(enc);
        }
        at += sizeof w + body;
    }
    memmove(s->buf, s->buf + at, s->len - at);
    s->len -= at;
}

static double
seconds_since(struct timespec t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
}

int
parallel_wanted(tracuu_index *ix)
{
    struct stat sb;
    uint64_t docs = 1;
    store_err err;
    return stat(ix->path, &sb) == 0 && S_ISDIR(sb.st_mode) &&
           store_db_stats(ix->db, &docs, NULL, NULL, &err) == TRACUU_OK && docs == 0;
}

/* Join the parts into a new database beside the index and put it in the index's place (the
 * folder `real`, the index path resolved: "ix/" or a link must not make the swap move a
 * folder into itself). */
static tracuu_status
join_parts(tracuu_index *ix, const char *real, const char *parts, unsigned jobs)
{
    char out[NAME_MAX_LEN], old[NAME_MAX_LEN], names[JOBS_MAX][NAME_MAX_LEN];
    const char *inputs[JOBS_MAX];
    store_err err = {TRACUU_OK, ""};
    for (unsigned k = 0; k < jobs; k++) {
        snprintf(names[k], sizeof names[k], "%s/%u", parts, k);
        inputs[k] = names[k];
    }
    snprintf(out, sizeof out, "%s/joined", parts);
    snprintf(old, sizeof old, "%s/empty", parts);
    tracuu_status st = store_compact(out, inputs, jobs, &err);
    if (st != TRACUU_OK)
        return index_fail(ix, st, "%s: joining the parts of a parallel build: %s", ix->path,
                          err.msg);
    /* The writer lets go of the empty index for the moment of the swap. */
    store_db_close(ix->db, &err);
    ix->db = NULL;
    if (rename(real, old) != 0 || rename(out, real) != 0) {
        int e = errno;
        rename(old, real); /* put the empty index back if it moved */
        st = index_fail(ix, TRACUU_EIO, "%s: replacing the index with the joined parts: %s",
                        ix->path, strerror(e));
    }
    tracuu_status ost = store_db_open(&ix->db, ix->path, STORE_WRITE, &err);
    if (ost != TRACUU_OK)
        return index_fail(ix, ost, "%s: reopening after a parallel build: %s", ix->path,
                          err.msg);
    return st;
}

tracuu_status
parallel_build(tracuu_index *ix, const char *const *paths, size_t npaths,
               const tracuu_add_options *opts, tracuu_add_stats *stats)
{
    tracuu_add_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    unsigned jobs = opts->jobs > JOBS_MAX ? JOBS_MAX : opts->jobs;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char parts[PATH_MAX], real[PATH_MAX];
    if (!realpath(ix->path, real))
        return index_fail(ix, TRACUU_EIO, "%s: %s", ix->path, strerror(errno));
    if (strlen(real) + 8 >= sizeof parts - 32)
        return index_fail(ix, TRACUU_EINVAL, "%s: path too long for a parallel build", ix->path);
    snprintf(parts, sizeof parts, "%s.parts", real);
    remove_tree(parts, 2); /* a build killed before */
    if (mkdir(parts, 0700) != 0)
        return index_fail(ix, TRACUU_EIO, "%s: cannot make the parts folder: %s", parts,
                          strerror(errno));
    stream ss[JOBS_MAX];
    memset(ss, 0, sizeof ss);
    unsigned started = 0;
    tracuu_status st = TRACUU_OK;
    fflush(NULL);
    for (unsigned k = 0; k < jobs && st == TRACUU_OK; k++) {
        int fds[2];
        char part[NAME_MAX_LEN];
        snprintf(part, sizeof part, "%s/%u", parts, k);
        if (pipe(fds) != 0) {
            st = index_fail(ix, TRACUU_EIO, "parallel build: pipe: %s", strerror(errno));
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(fds[0]);
            close(fds[1]);
            st = index_fail(ix, TRACUU_EIO, "parallel build: fork: %s", strerror(errno));
            break;
        }
        if (pid == 0) {
            close(fds[0]);
            for (unsigned j = 0; j < k; j++)
                close(ss[j].fd);
            run_child(part, paths, npaths, opts, k, jobs, fds[1]);
        }
        close(fds[1]);
        ss[k].fd = fds[0];
        ss[k].pid = pid;
        started++;
    }
    /* Reports as they come, from every child, until every stream ends. */
    for (unsigned open = started; open > 0;) {
        struct pollfd pf[JOBS_MAX];
        unsigned map[JOBS_MAX], n = 0;
        for (unsigned k = 0; k < started; k++)
            if (ss[k].fd >= 0) {
                pf[n] = (struct pollfd){ss[k].fd, POLLIN, 0};
                map[n++] = k;
            }
        if (poll(pf, n, -1) < 0 && errno != EINTR)
            break;
        for (unsigned i = 0; i < n; i++) {
            stream *s = &ss[map[i]];
            if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            int r = stream_read(s);
            stream_replay(s, opts);
            if (r != 0) {
                close(s->fd);
                s->fd = -1;
                open--;
            }
        }
    }
    for (unsigned k = 0; k < started; k++) {
        int wst = 0;
        while (waitpid(ss[k].pid, &wst, 0) < 0 && errno == EINTR)
            ;
        if (st == TRACUU_OK && !ss[k].ended)
            st = index_fail(ix, TRACUU_EINTERNAL, "parallel build: part %u ended early (%s %d)",
                            k, WIFSIGNALED(wst) ? "signal" : "exit",
                            WIFSIGNALED(wst) ? WTERMSIG(wst) : WEXITSTATUS(wst));
        else if (st == TRACUU_OK && ss[k].status != TRACUU_OK)
            st = index_fail(ix, ss[k].status, "%s", ss[k].err);
        const tracuu_add_stats *c = &ss[k].stats;
        stats->scanned += c->scanned;
        stats->added += c->added;
        stats->updated += c->updated;
        stats->unchanged += c->unchanged;
        stats->failed += c->failed;
        stats->bytes += c->bytes;
        stats->renamed += c->renamed;
        stats->removed += c->removed;
        if (c->revision > stats->revision)
            stats->revision = c->revision;
        free(ss[k].buf);
    }
    if (st == TRACUU_OK)
        st = join_parts(ix, real, parts, started);
    remove_tree(parts, 2);
    /* The parts each kept their own summary: the index gets the whole run's. */
    if (st == TRACUU_OK)
        st = add_note_run(ix, stats, seconds_since(t0), stats->revision);
    return st;
}
