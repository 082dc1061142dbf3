/*
 * stub.c - reading Xapian stub files ourselves (see stub.h for the rules and the why).
 *
 * Plain C with no Xapian in it, so it can be fuzzed on its own (tests/fuzz/fuzz_stub.c).
 * Nested stubs are followed with the chain of their realpaths on the stack: a stub met
 * again on the way down is a cycle, and the chain is never longer than STUB_MAX_DEPTH. All
 * input is bounded: file size, line length, shard count.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* realpath; the build defines it too */
#endif
#include "stub.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The realpaths of the stubs being read, outermost first. */
typedef struct chain {
    char *real[STUB_MAX_DEPTH];
    size_t n;
} chain;

static tracuu_status
read_file(stub_list *out, const char *path, const char *from, int flags, chain *ch, char *err,
          size_t errlen);

static tracuu_status
failf(tracuu_status st, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static tracuu_status
failf(tracuu_status st, char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return st;
}

/* A copy of s[0..n) fit for a one-line message: control bytes become '?' (a stub is data,
 * and its bytes must not drive the user's terminal). */
static char *
printable(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    for (size_t i = 0; i < n; i++)
        p[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
    p[n] = '\0';
    return p;
}

static char *
dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static char *
join_path(const char *dir, const char *rest, size_t n)
{
    if (n && rest[0] == '/')
        return dup_n(rest, n);
    size_t d = strlen(dir);
    char *p = malloc(d + 1 + n + 1);
    if (!p)
        return NULL;
    memcpy(p, dir, d);
    p[d] = '/';
    memcpy(p + d + 1, rest, n);
    p[d + 1 + n] = '\0';
    return p;
}

void
stub_list_free(stub_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        stub_entry *e = &l->v[i];
        free(e->line);
        free(e->where);
        free(e->path);
        free(e->host);
        free(e->prog);
        free(e->args);
    }
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* A new zeroed entry at the end of l, or NULL when out of memory. */
static stub_entry *
push(stub_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        stub_entry *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    stub_entry *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    return e;
}

int
stub_is_stub(const char *path)
{
    struct stat sb;
    if (!path || stat(path, &sb) != 0)
        return 0;
    if (S_ISREG(sb.st_mode))
        return 1;
    if (!S_ISDIR(sb.st_mode))
        return 0;
    /* As Xapian decides: a database's own version file wins over a XAPIANDB beside it. */
    static const char *const names[] = {"/iamglass", "/iamchert", "/XAPIANDB"};
    size_t n = strlen(path);
    char *p = malloc(n + sizeof "/XAPIANDB");
    if (!p)
        return 0;
    memcpy(p, path, n);
    int r = 0;
    for (size_t i = 0; i < 3; i++) {
        memcpy(p + n, names[i], strlen(names[i]) + 1);
        if (stat(p, &sb) == 0) {
            r = i == 2 && S_ISREG(sb.st_mode);
            break;
        }
    }
    free(p);
    return r;
}

/* `remote REST`: HOST:PORT or :PORT is TCP; anything else is Xapian's program form. Fills
 * e's kind, host/port or prog/args. Returns 0, or -1 with a reason in *why. */
static int
parse_remote(stub_entry *e, const char *rest, size_t n, const char **why)
{
    int blank = 0;
    for (size_t i = 0; i < n; i++)
        blank |= rest[i] == ' ' || rest[i] == '\t';
    const char *colon = NULL;
    for (size_t i = n; i > 0; i--)
        if (rest[i - 1] == ':') {
            colon = rest + i - 1;
            break;
        }
    if (!blank && colon) {
        const char *p = colon + 1, *end = rest + n;
        int digits = p < end;
        unsigned long port = 0;
        for (; p < end && digits; p++) {
            digits = *p >= '0' && *p <= '9';
            if (digits && port <= 65535)
                port = port * 10 + (unsigned long)(*p - '0');
        }
        if (digits) {
            if (port == 0 || port > 65535) {
                *why = "port must be 1 to 65535";
                return -1;
            }
            e->kind = STUB_TCP;
            e->port = (unsigned)port;
            e->host = colon == rest ? dup_n("127.0.0.1", 9) : dup_n(rest, (size_t)(colon - rest));
            return e->host ? 0 : -2;
        }
        if (colon != rest) {
            *why = "bad port (remote HOST:PORT)";
            return -1;
        }
    }
    /* The program form: `remote PROG ARGS`, or Xapian's `remote :PROG ARGS`. */
    if (n && rest[0] == ':') {
        rest++;
        n--;
    }
    size_t w = 0;
    while (w < n && rest[w] != ' ' && rest[w] != '\t')
        w++;
    if (!w) {
        *why = "remote needs HOST:PORT";
        return -1;
    }
    size_t a = w;
    while (a < n && (rest[a] == ' ' || rest[a] == '\t'))
        a++;
    e->kind = STUB_PROGRAM;
    e->prog = dup_n(rest, w);
    e->args = dup_n(rest + a, n - a);
    return e->prog && e->args ? 0 : -2;
}

/* One trimmed, non-empty, non-comment line s[0..n) of stub `name`, line `lineno`. */
static tracuu_status
parse_line(stub_list *out, const char *s, size_t n, const char *name, unsigned lineno,
           const char *dir, int flags, chain *ch, char *err, size_t errlen)
{
    tracuu_status st = TRACUU_OK;
    char *shown = printable(s, n), *path = NULL, where[PATH_MAX + 32];
    if (!shown)
        return failf(TRACUU_ENOMEM, err, errlen, "out of memory");
    snprintf(where, sizeof where, "%s:%u", name, lineno);
    size_t k = 0;
    while (k < n && s[k] != ' ' && s[k] != '\t')
        k++;
    size_t r = k;
    while (r < n && (s[r] == ' ' || s[r] == '\t'))
        r++;
    const char *rest = s + r;
    size_t rn = n - r;
    int local = (k == 4 && !memcmp(s, "auto", 4)) || (k == 5 && !memcmp(s, "glass", 5)) ||
                (k == 5 && !memcmp(s, "chert", 5));
    int remote = k == 6 && !memcmp(s, "remote", 6);
    if ((!local && !remote) || !rn) {
        st = failf(TRACUU_ECORRUPT, err, errlen,
                   "%s: not a stub line (auto PATH, glass PATH, remote HOST:PORT): \"%s\"", where,
                   shown);
        goto done;
    }
    if (memchr(rest, '\0', rn)) {
        st = failf(TRACUU_ECORRUPT, err, errlen, "%s: a NUL byte in \"%s\"", where, shown);
        goto done;
    }
    if (out->n >= STUB_MAX_SHARDS) {
        st = failf(TRACUU_ECORRUPT, err, errlen, "%s: more than %d shards", where, STUB_MAX_SHARDS);
        goto done;
    }
    if (local) {
        path = join_path(dir, rest, rn);
        if (!path) {
            st = failf(TRACUU_ENOMEM, err, errlen, "out of memory");
            goto done;
        }
        if (!(flags & STUB_NO_NESTED) && stub_is_stub(path)) {
            st = read_file(out, path, where, flags, ch, err, errlen);
            goto done;
        }
    }
    stub_entry *e = push(out);
    if (!e) {
        st = failf(TRACUU_ENOMEM, err, errlen, "out of memory");
        goto done;
    }
    e->line = shown;
    shown = NULL;
    e->where = dup_n(where, strlen(where));
    if (!e->where) {
        st = failf(TRACUU_ENOMEM, err, errlen, "out of memory");
        goto done;
    }
    if (local) {
        e->kind = STUB_LOCAL;
        e->backend = s[0];
        e->path = path;
        path = NULL;
        goto done;
    }
    const char *why = NULL;
    int pr = parse_remote(e, rest, rn, &why);
    if (pr == -2)
        st = failf(TRACUU_ENOMEM, err, errlen, "out of memory");
    else if (pr < 0)
        st = failf(TRACUU_ECORRUPT, err, errlen, "%s: %s: \"%s\"", where, why, e->line);
    else if (e->kind == STUB_PROGRAM && !(flags & STUB_ALLOW_PROGRAM))
        st = failf(TRACUU_EINVAL, err, errlen,
                   "%s: \"%s\" would run a program named by the stub; refused (a stub lists "
                   "auto PATH or remote HOST:PORT; give --allow-remote-program to run it)",
                   where, e->line);
done:
    free(shown);
    free(path);
    return st;
}

static tracuu_status
parse_text(stub_list *out, const char *text, size_t len, const char *name, const char *dir,
           int flags, chain *ch, char *err, size_t errlen)
{
    unsigned lineno = 0;
    size_t a = 0;
    while (a < len) {
        const char *nl = memchr(text + a, '\n', len - a);
        size_t e = nl ? (size_t)(nl - text) : len;
        lineno++;
        if (e - a > STUB_MAX_LINE)
            return failf(TRACUU_ECORRUPT, err, errlen, "%s:%u: line longer than %d bytes", name,
                         lineno, STUB_MAX_LINE);
        size_t s = a, t = e;
        while (s < t && (text[s] == ' ' || text[s] == '\t'))
            s++;
        while (t > s && (text[t - 1] == ' ' || text[t - 1] == '\t' || text[t - 1] == '\r'))
            t--;
        a = e + 1;
        if (s == t || text[s] == '#')
            continue;
        tracuu_status st =
            parse_line(out, text + s, t - s, name, lineno, dir, flags, ch, err, errlen);
        if (st != TRACUU_OK)
            return st;
    }
    return TRACUU_OK;
}

/* The folder part of path ("." when none), owned. */
static char *
folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return dup_n(".", 1);
    return dup_n(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Read stub `path` (a file, or a folder holding XAPIANDB) below the stubs in ch. `from`
 * ("STUB:LINE", NULL at the top) names the line that listed it. */
static tracuu_status
read_file(stub_list *out, const char *path, const char *from, int flags, chain *ch, char *err,
          size_t errlen)
{
    tracuu_status st = TRACUU_OK;
    char *file = NULL, *real = NULL, *text = NULL, *dir = NULL;
    int fd = -1;
    struct stat sb;
    const char *via = from ? from : "";
    const char *sep = from ? ": " : "";
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        size_t n = strlen(path);
        file = malloc(n + sizeof "/XAPIANDB");
        if (file) {
            memcpy(file, path, n);
            memcpy(file + n, "/XAPIANDB", sizeof "/XAPIANDB");
        }
        dir = dup_n(path, n);
    } else {
        file = dup_n(path, strlen(path));
        dir = file ? folder_of(file) : NULL;
    }
    if (!file || !dir) {
        st = failf(TRACUU_ENOMEM, err, errlen, "out of memory");
        goto done;
    }
    real = realpath(file, NULL);
    if (!real) {
        st = failf(TRACUU_ENOTFOUND, err, errlen, "%s%s%s: %s", via, sep, file, strerror(errno));
        goto done;
    }
    for (size_t i = 0; i < ch->n; i++)
        if (strcmp(ch->real[i], real) == 0) {
            st = failf(TRACUU_ECORRUPT, err, errlen,
                       "%s%sstub %s lists itself (a cycle of stubs through %s)", via, sep, file,
                       ch->real[ch->n - 1]);
            goto done;
        }
    if (ch->n >= STUB_MAX_DEPTH) {
        st = failf(TRACUU_ECORRUPT, err, errlen, "%s%sstub %s: stubs nested more than %d deep", via,
                   sep, file, STUB_MAX_DEPTH);
        goto done;
    }
    fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &sb) != 0) {
        st = failf(TRACUU_ENOTFOUND, err, errlen, "%s%s%s: %s", via, sep, file, strerror(errno));
        goto done;
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size > STUB_MAX_BYTES) {
        st = failf(TRACUU_ECORRUPT, err, errlen,
                   "%s%s%s: not a stub file (a regular file of at most %d bytes)", via, sep, file,
                   STUB_MAX_BYTES);
        goto done;
    }
    size_t len = 0, want = (size_t)sb.st_size;
    text = malloc(want + 1);
    if (!text) {
        st = failf(TRACUU_ENOMEM, err, errlen, "out of memory");
        goto done;
    }
    while (len < want) {
        ssize_t r = read(fd, text + len, want - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            st = failf(TRACUU_ENOTFOUND, err, errlen, "%s: %s", file, strerror(errno));
            goto done;
        }
        if (r == 0)
            break; /* shrank under us: read what there is */
        len += (size_t)r;
    }
    ch->real[ch->n++] = real;
    st = parse_text(out, text, len, file, dir, flags, ch, err, errlen);
    ch->n--;
done:
    if (fd >= 0)
        close(fd);
    free(file);
    free(real);
    free(text);
    free(dir);
    return st;
}

tracuu_status
stub_read(stub_list *out, const char *path, int flags, char *err, size_t errlen)
{
    chain ch = {{NULL}, 0};
    if (err && errlen)
        err[0] = '\0';
    tracuu_status st = read_file(out, path, NULL, flags, &ch, err, errlen);
    if (st == TRACUU_OK && out->n == 0)
        st = failf(TRACUU_ECORRUPT, err, errlen, "%s: lists no database", path);
    return st;
}

tracuu_status
stub_parse(stub_list *out, const char *text, size_t len, const char *name, const char *dir,
           int flags, char *err, size_t errlen)
{
    chain ch = {{NULL}, 0};
    if (err && errlen)
        err[0] = '\0';
    tracuu_status st = parse_text(out, text, len, name, dir, flags, &ch, err, errlen);
    if (st == TRACUU_OK && out->n == 0)
        st = failf(TRACUU_ECORRUPT, err, errlen, "%s: lists no database", name);
    return st;
}

/* A database name written into a stub line: printable, no line break, not a comment, no
 * leading or trailing space (the reader trims them), so reading the stub back gives it. */
static int
writable_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= STUB_MAX_LINE - 8 || s[0] == '#' || s[0] == ' ' || s[n - 1] == ' ')
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

tracuu_status
stub_write(const char *path, const char *comment, const char *const *names, size_t n, char *err,
           size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (n == 0 || n > STUB_MAX_SHARDS)
        return failf(TRACUU_EINVAL, err, errlen, "%s: a stub lists 1 to %d databases, not %zu",
                     path, STUB_MAX_SHARDS, n);
    for (size_t i = 0; i < n; i++)
        if (!writable_name(names[i]))
            return failf(TRACUU_EINVAL, err, errlen,
                         "%s: database %zu has a name a stub line cannot hold", path, i + 1);
    /* Written beside, then renamed: a search never reads half a stub. */
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 8);
    if (!tmp)
        return failf(TRACUU_ENOMEM, err, errlen, "%s: out of memory", path);
    snprintf(tmp, plen + 8, "%s.tmp", path);
    tracuu_status st = TRACUU_OK;
    FILE *f = fopen(tmp, "w");
    if (!f) {
        st = failf(TRACUU_EIO, err, errlen, "%s: %s", tmp, strerror(errno));
        goto done;
    }
    if (comment) {
        fputs("# ", f);
        for (const char *c = comment; *c; c++) /* one comment line, whatever it holds */
            fputc((unsigned char)*c < 0x20 ? ' ' : *c, f);
        fputc('\n', f);
    }
    for (size_t i = 0; i < n; i++)
        fprintf(f, "auto %s\n", names[i]);
    if (ferror(f) | (fclose(f) != 0))
        st = failf(TRACUU_EIO, err, errlen, "%s: %s", tmp, strerror(errno));
    else if (rename(tmp, path) != 0)
        st = failf(TRACUU_EIO, err, errlen, "%s: %s", path, strerror(errno));
    if (st != TRACUU_OK)
        unlink(tmp);
done:
    free(tmp);
    return st;
}

tracuu_status
tracuu_stub_write(const char *path, const char *comment, const char *const *names, size_t n,
                  char **errmsg)
{
    char err[512];
    if (errmsg)
        *errmsg = NULL;
    if (!path || (n && !names))
        return TRACUU_EINVAL;
    tracuu_status st = stub_write(path, comment, names, n, err, sizeof err);
    if (st != TRACUU_OK && errmsg)
        *errmsg = strdup(err);
    return st;
}
