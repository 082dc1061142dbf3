/*
 * scan.c - recursive, sorted, bounded directory walk; see scan.h.
 */
#include "scan.h"

#include "extract.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static tracuu_status
report(scan_fn fn, void *ctx, const char *path, tracuu_status st, const char *what, int err)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s: %s: %s", path, what, strerror(err));
    return fn(ctx, path, NULL, st, msg);
}

static tracuu_status
walk_dir(const char *dir, int depth, scan_fn fn, void *ctx)
{
    if (depth > SCAN_MAX_DEPTH) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s: folders nested deeper than %d levels: skipped", dir,
                 SCAN_MAX_DEPTH);
        return fn(ctx, dir, NULL, TRACUU_ETOOBIG, msg);
    }
    DIR *d = opendir(dir);
    if (!d)
        return report(fn, ctx, dir, TRACUU_EIO, "cannot open folder", errno);
    tracuu_status st = TRACUU_OK;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and hidden files such as editors' swap files */
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn) {
                st = TRACUU_ENOMEM;
                goto done;
            }
            names = nn;
            cap = nc;
        }
        names[n] = strdup(e->d_name);
        if (!names[n]) {
            st = TRACUU_ENOMEM;
            goto done;
        }
        n++;
    }
    if (n > 1) /* an empty folder has no array at all: qsort must not see NULL */
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && st == TRACUU_OK; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *p = malloc(len);
        if (!p) {
            st = TRACUU_ENOMEM;
            break;
        }
        snprintf(p, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        struct stat sb;
        if (lstat(p, &sb) != 0) {
            st = report(fn, ctx, p, TRACUU_EIO, "cannot stat", errno);
        } else if (S_ISDIR(sb.st_mode)) {
            st = walk_dir(p, depth + 1, fn, ctx);
        } else if (S_ISLNK(sb.st_mode)) {
            /* Follow links to files, never to folders: a link cycle must not hang a run. */
            if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && extract_supported(names[i]))
                st = fn(ctx, p, &sb, TRACUU_OK, "");
        } else if (S_ISREG(sb.st_mode) && extract_supported(names[i])) {
            st = fn(ctx, p, &sb, TRACUU_OK, "");
        }
        free(p);
    }
done:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return st;
}

tracuu_status
scan_path(const char *path, scan_fn fn, void *ctx)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return report(fn, ctx, path, errno == ENOENT ? TRACUU_ENOTFOUND : TRACUU_EIO,
                      "cannot read", errno);
    if (S_ISDIR(sb.st_mode))
        return walk_dir(path, 0, fn, ctx);
    if (!S_ISREG(sb.st_mode)) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s: not a regular file or folder", path);
        return fn(ctx, path, NULL, TRACUU_EIO, msg);
    }
    return fn(ctx, path, &sb, TRACUU_OK, "");
}
