/*
 * scan.c - recursive, sorted, bounded directory walk; which symbolic links to take; the
 * stored form of file names that are not UTF-8. See scan.h.
 */
#include "scan.h"

#include "decode.h"
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

int
scan_under(const char *path, const char *root)
{
    size_t n = strlen(root);
    if (n && root[n - 1] == '/')
        n--;
    return !strncmp(path, root, n) && (path[n] == '/' || path[n] == '\0');
}

/* Would the walk of root reach target (inside it) by itself? Not when a folder or the file
 * on the way is hidden, or the file's name is not one the walk takes. */
static int
walked(const char *target, const char *root)
{
    size_t n = strlen(root);
    while (n && root[n - 1] == '/')
        n--;
    for (const char *p = target + n; *p; p++)
        if (*p == '/' && p[1] == '.')
            return 0;
    const char *base = strrchr(target, '/');
    return extract_supported(base ? base + 1 : target);
}

/* A link found in a folder: take it? (see scan.h) A link whose target cannot be resolved is
 * left out like one that points outside. */
int
scan_take_link(const char *link, const scan_options *opts)
{
    char *target = realpath(link, NULL);
    if (!target)
        return 0;
    int take = opts && opts->follow_links;
    for (size_t r = 0; opts && r < opts->nroots; r++) {
        if (opts->roots[r] && scan_under(target, opts->roots[r])) {
            take = !walked(target, opts->roots[r]); /* else it is indexed as itself */
            break;
        }
    }
    free(target);
    return take;
}

static tracuu_status
walk_dir(const char *dir, int depth, const scan_options *opts, scan_fn fn, void *ctx)
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
            st = walk_dir(p, depth + 1, opts, fn, ctx);
        } else if (S_ISLNK(sb.st_mode)) {
            /* Follow links to files, never to folders: a link cycle must not hang a run;
             * and only to files inside the roots unless asked (take_link). */
            if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && extract_supported(names[i]) &&
                scan_take_link(p, opts))
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
scan_path(const char *path, const scan_options *opts, scan_fn fn, void *ctx)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return report(fn, ctx, path, errno == ENOENT ? TRACUU_ENOTFOUND : TRACUU_EIO,
                      "cannot read", errno);
    if (S_ISDIR(sb.st_mode))
        return walk_dir(path, 0, opts, fn, ctx);
    if (!S_ISREG(sb.st_mode)) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s: not a regular file or folder", path);
        return fn(ctx, path, NULL, TRACUU_EIO, msg);
    }
    return fn(ctx, path, &sb, TRACUU_OK, "");
}
