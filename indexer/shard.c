/*
 * shard.c - tracuu_shards_plan: which indexes a folder tree splits into.
 *
 * The folder convention (docs/METADATA.md) puts a province's reports under ROOT/<province>/
 * and a district's under ROOT/<province>/<district>/. A shard per province or per district
 * keeps each index the size of one office's archive and lets each be served from its own
 * machine; the stub written beside them (tracuu_stub_write) searches them as one. The plan
 * is sorted by name so the stub, and the ports printed beside it, come out the same on
 * every run.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tracuu.h"

/* Sub-folders a plan holds at most: past it the tree is not a province's archive, and the
 * stub could not list them (STUB_MAX_SHARDS). */
#define SHARDS_MAX 4096u

typedef struct plan {
    tracuu_shard *v;
    size_t n;
    char **errmsg;
} plan;

static char *
join(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", a, sep, b);
    return s;
}

static tracuu_status
fail(plan *p, tracuu_status st, const char *what, const char *why)
{
    if (p->errmsg && !*p->errmsg) {
        char *m = join(what, ": ", why);
        *p->errmsg = m;
    }
    return st;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(((const tracuu_shard *)a)->name, ((const tracuu_shard *)b)->name);
}

static tracuu_status
push(plan *p, const char *name, const char *folder)
{
    if (p->n >= SHARDS_MAX)
        return fail(p, TRACUU_ETOOBIG, folder, "more than 4096 shards");
    tracuu_shard *nv = realloc(p->v, (p->n + 1) * sizeof *nv);
    if (!nv)
        return TRACUU_ENOMEM;
    p->v = nv;
    p->v[p->n].name = strdup(name);
    p->v[p->n].folder = strdup(folder);
    p->n++;
    if (!p->v[p->n - 1].name || !p->v[p->n - 1].folder)
        return TRACUU_ENOMEM;
    return TRACUU_OK;
}

/* Every visible sub-folder of dir: at depth 1 a shard each; at depth 2 the shards of each,
 * named "<parent>-<child>". */
static tracuu_status
walk(plan *p, const char *dir, const char *prefix, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return prefix ? TRACUU_OK : fail(p, TRACUU_EIO, dir, strerror(errno));
    tracuu_status st = TRACUU_OK;
    struct dirent *e;
    while (st == TRACUU_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *sub = join(dir, "/", e->d_name);
        char *name = prefix ? join(prefix, "-", e->d_name) : strdup(e->d_name);
        struct stat sb;
        if (!sub || !name)
            st = TRACUU_ENOMEM;
        else if (stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
            st = depth == 1 ? push(p, name, sub) : walk(p, sub, name, depth - 1);
        free(sub);
        free(name);
    }
    closedir(d);
    return st;
}

void
tracuu_shards_free(tracuu_shard *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].name);
        free(v[i].folder);
    }
    free(v);
}

tracuu_status
tracuu_shards_plan(tracuu_shard **out, size_t *n, const char *root, int level, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    if (!out || !n || !root)
        return TRACUU_EINVAL;
    *out = NULL;
    *n = 0;
    plan p = {NULL, 0, errmsg};
    if (level != TRACUU_SHARD_PROVINCE && level != TRACUU_SHARD_DISTRICT)
        return fail(&p, TRACUU_EINVAL, root, "a shard level is a province or a district");
    tracuu_status st = walk(&p, root, NULL, level);
    if (st == TRACUU_OK && p.n == 0)
        st = fail(&p, TRACUU_ENOTFOUND, root,
                  level == TRACUU_SHARD_PROVINCE
                      ? "no province folders in it (ROOT/<province>/...)"
                      : "no district folders in it (ROOT/<province>/<district>/...)");
    if (st == TRACUU_ENOMEM)
        fail(&p, st, root, "out of memory");
    if (st != TRACUU_OK) {
        tracuu_shards_free(p.v, p.n);
        return st;
    }
    qsort(p.v, p.n, sizeof *p.v, by_name);
    *out = p.v;
    *n = p.n;
    return TRACUU_OK;
}
