/*
 * cmd_watch.c - `tracuu watch [--debounce SECONDS] [ROOT...]`: keep the index up to date as
 * files change (Recoll's recollindex -m idea, on Linux inotify).
 *
 * inotify is only the trigger: every folder under the roots is watched, and once events
 * stop arriving for the debounce interval the roots are reindexed as `tracuu reindex` does
 * (a stat per file against the manifest: ~0.1 s for 20,000 files), so nothing depends on
 * every event arriving. New folders get watches as they appear; removed ones drop theirs;
 * a queue overflow just means one more reindex. The writer lock is taken only while a
 * reindex runs, so `tracuu index` by hand and searches keep working. Runs until killed
 * (SIGINT/SIGTERM end it after the current reindex).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define WATCH_MASK                                                                             \
    (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF |   \
     IN_MOVE_SELF | IN_ATTRIB)

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* Watch dir and every folder below it (hidden ones skipped, as the indexer does).
 * Returns 0 when dir itself could not be watched (missing, not a folder). */
static int
watch_tree(int fd, const char *dir, int depth)
{
    if (!dir || depth > 64 || inotify_add_watch(fd, dir, WATCH_MASK | IN_ONLYDIR) < 0)
        return 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char p[PATH_MAX];
        struct stat sb;
        if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= sizeof p)
            continue;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            watch_tree(fd, p, depth + 1);
    }
    if (d)
        closedir(d);
    return 1;
}

/* watch_tree on a root as the index reports it: a stored name, whose stray bytes are
 * written "\xHH" (tracuu_name_bytes); the folder is opened by its exact bytes. */
static int
watch_root(int fd, const char *name)
{
    char *raw = NULL;
    if (!name || tracuu_name_bytes(&raw, name) != TRACUU_OK)
        return 0;
    int ok = watch_tree(fd, raw, 0);
    free(raw);
    return ok;
}

/* One reindex of the roots (the index's, or those given); prints its summary like index. */
static int
run_once(cli_ctx *ctx, char **roots, int nroots, int ocr, int follow_links)
{
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_WRITE, &ix);
    if (rc != 0)
        return rc;
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    o.ocr = ocr;
    o.follow_links = follow_links;
    tracuu_add_stats s;
    tracuu_status st = nroots ? tracuu_index_add(ix, (const char *const *)roots,
                                                 (size_t)nroots, &o, &s)
                              : tracuu_index_reindex(ix, &o, &s);
    if (st != TRACUU_OK)
        rc = cli_fail_status(ctx, st, tracuu_index_errmsg(ix));
    else if (!ctx->quiet && (s.added || s.updated || s.removed || s.failed))
        printf(_("watch: %llu added, %llu updated, %llu renamed, %llu removed, %llu failed "
               "(revision %llu)\n"),
               (unsigned long long)s.added, (unsigned long long)s.updated,
               (unsigned long long)s.renamed, (unsigned long long)s.removed,
               (unsigned long long)s.failed, (unsigned long long)s.revision);
    fflush(stdout);
    cli_close_index(ctx, ix);
    return rc;
}

int
cmd_watch(cli_ctx *ctx, int argc, char **argv)
{
    double debounce = 2.0;
    int ocr = 0, follow_links = 0;
    char **roots = calloc((size_t)argc, sizeof *roots);
    int nroots = 0;
    if (!roots)
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r = cli_opt_value(ctx, argc, argv, &i, "--debounce", &v);
        if (r < 0) {
            free(roots);
            return EXIT_USAGE;
        }
        if (r > 0) {
            char *end;
            debounce = strtod(v, &end);
            /* written so that NaN fails too: it compares false with everything, and a
             * debounce of NaN never elapses */
            if (!*v || *end || !(debounce >= 0 && debounce <= 3600)) {
                free(roots);
                return cli_fail(ctx, EXIT_USAGE,
                                _("watch: --debounce takes 0 to 3600 seconds, not '%s'"), v);
            }
        } else if (!strcmp(argv[i], "--ocr")) {
            ocr = 1;
        } else if (!strcmp(argv[i], "--follow-links")) {
            follow_links = 1;
        } else if (!strcmp(argv[i], "--quiet")) {
            ctx->quiet = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            free(roots);
            return cli_fail(ctx, EXIT_USAGE, _("watch: unknown option '%s'"), argv[i]);
        } else {
            roots[nroots++] = argv[i];
        }
    }
    /* A root that is not a folder would be watched as nothing, forever. */
    for (int i = 0; i < nroots; i++) {
        struct stat sb;
        const char *why = NULL;
        if (stat(roots[i], &sb) != 0)
            why = strerror(errno);
        else if (!S_ISDIR(sb.st_mode))
            why = _("not a folder");
        if (why) {
            int rc = cli_fail(ctx, EXIT_USAGE, _("watch: root %s: %s"), roots[i], why);
            free(roots);
            return rc;
        }
    }
    ctx->wait = 3600; /* a hand-run index holding the lock only delays a watch run */
    /* First run: index the roots given (remembering them) or reindex the known ones. */
    int rc = run_once(ctx, roots, nroots, ocr, follow_links);
    if (rc != 0 && rc != EXIT_PARTIAL) {
        free(roots);
        return rc;
    }
    /* The folders to watch: the index's roots, now that the first run stored them. */
    tracuu_index *ix = NULL;
    rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    char *js = NULL;
    if (rc == 0 && tracuu_index_report(&js, ix, 0) != TRACUU_OK)
        rc = cli_fail_status(ctx, TRACUU_EINTERNAL, tracuu_index_errmsg(ix));
    if (ix)
        cli_close_index(ctx, ix);
    json_t *rep = js ? json_loads(js, 0, NULL) : NULL;
    free(js);
    int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (rc != 0 || !rep || fd < 0) {
        json_decref(rep);
        free(roots);
        if (fd >= 0)
            close(fd);
        return rc ? rc : cli_fail(ctx, EXIT_INTERNAL, _("watch: inotify: %s"), strerror(errno));
    }
    size_t k, watched = 0;
    json_t *root;
    json_array_foreach(json_object_get(rep, "roots"), k, root)
        watched += (size_t)watch_root(fd, json_string_value(root));
    if (!watched) {
        json_decref(rep);
        free(roots);
        close(fd);
        return cli_fail(ctx, EXIT_USAGE,
                        _("watch: no root folder to watch (give ROOT..., or index one first: "
                        "tracuu index PATH)"));
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (!ctx->quiet)
        printf(_("watch: watching %zu roots (debounce %.1f s)\n"), watched, debounce);
    fflush(stdout);
    double last_event = 0;
    int pending = 0;
    char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
    while (!stop) {
        struct pollfd p = {fd, POLLIN, 0};
        int ms = pending ? 100 : 1000;
        if (poll(&p, 1, ms) > 0) {
            ssize_t n;
            while ((n = read(fd, buf, sizeof buf)) > 0) {
                for (char *q = buf; q < buf + n;) {
                    struct inotify_event *ev = (struct inotify_event *)(void *)q;
                    /* A new folder: watch it (and whatever was created in it already). */
                    if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)) &&
                        ev->len && ev->name[0] != '.')
                        json_array_foreach(json_object_get(rep, "roots"), k, root)
                            watch_root(fd, json_string_value(root));
                    q += sizeof *ev + ev->len;
                }
                pending = 1; /* IN_Q_OVERFLOW included: the reindex scans everything */
                last_event = cli_now();
            }
        }
        if (pending && cli_now() - last_event >= debounce) {
            pending = 0;
            rc = run_once(ctx, NULL, 0, ocr, follow_links);
            if (rc != 0 && rc != EXIT_PARTIAL)
                break;
            rc = 0;
        }
    }
    close(fd);
    json_decref(rep);
    free(roots);
    return rc;
}
