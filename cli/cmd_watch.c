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

typedef struct watch_args {
    double debounce;
    int ocr, follow_links;
    char **roots; /* borrowed from argv; the array is owned */
    int nroots;
} watch_args;

/* Options and roots; 0, or the exit code of a usage error (reported). */
static int
watch_parse(cli_ctx *ctx, int argc, char **argv, watch_args *a)
{
    a->roots = calloc((size_t)argc, sizeof *a->roots);
    if (!a->roots)
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r = cli_opt_value(ctx, argc, argv, &i, "--debounce", &v);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0) {
            char *end;
            a->debounce = strtod(v, &end);
            /* written so that NaN fails too: it compares false with everything, and a
             * debounce of NaN never elapses */
            if (!*v || *end || !(a->debounce >= 0 && a->debounce <= 3600))
                return cli_fail(ctx, EXIT_USAGE,
                                _("watch: --debounce takes 0 to 3600 seconds, not '%s'"), v);
        } else if (!strcmp(argv[i], "--ocr")) {
            a->ocr = 1;
        } else if (!strcmp(argv[i], "--follow-links")) {
            a->follow_links = 1;
        } else if (!strcmp(argv[i], "--quiet")) {
            ctx->quiet = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_fail(ctx, EXIT_USAGE, _("watch: unknown option '%s'"), argv[i]);
        } else {
            a->roots[a->nroots++] = argv[i];
        }
    }
    /* A root that is not a folder would be watched as nothing, forever. */
    for (int i = 0; i < a->nroots; i++) {
        struct stat sb;
        const char *why = NULL;
        if (stat(a->roots[i], &sb) != 0)
            why = strerror(errno);
        else if (!S_ISDIR(sb.st_mode))
            why = _("not a folder");
        if (why)
            return cli_fail(ctx, EXIT_USAGE, _("watch: root %s: %s"), a->roots[i], why);
    }
    return 0;
}

/* The index's roots (*rep, owned) watched through a new inotify fd (*fd); 0 or an exit
 * code (reported). */
static int
watch_setup(cli_ctx *ctx, double debounce, json_t **rep, int *fd)
{
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    char *js = NULL;
    if (rc == 0 && tracuu_index_report(&js, ix, 0) != TRACUU_OK)
        rc = cli_fail_status(ctx, TRACUU_EINTERNAL, tracuu_index_errmsg(ix));
    if (ix)
        cli_close_index(ctx, ix);
    *rep = js ? json_loads(js, 0, NULL) : NULL;
    free(js);
    *fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (rc != 0 || !*rep || *fd < 0)
        return rc ? rc : cli_fail(ctx, EXIT_INTERNAL, _("watch: inotify: %s"), strerror(errno));
    size_t k, watched = 0;
    json_t *root;
    json_array_foreach(json_object_get(*rep, "roots"), k, root)
        watched += (size_t)watch_root(*fd, json_string_value(root));
    if (!watched)
        return cli_fail(ctx, EXIT_USAGE,
                        _("watch: no root folder to watch (give ROOT..., or index one first: "
                          "tracuu index PATH)"));
    if (!ctx->quiet)
        printf(_("watch: watching %zu roots (debounce %.1f s)\n"), watched, debounce);
    return 0;
}

/* Read the events there are: new folders are watched; *pending and *last_event note that
 * something changed (an overflow too: the reindex scans everything). */
static void
watch_events(int fd, const json_t *rep, int *pending, double *last_event)
{
    char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n;
    size_t k;
    json_t *root;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (char *q = buf; q < buf + n;) {
            struct inotify_event *ev = (struct inotify_event *)(void *)q;
            /* A new folder: watch it (and whatever was created in it already). */
            if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)) && ev->len &&
                ev->name[0] != '.')
                json_array_foreach(json_object_get(rep, "roots"), k, root)
                    watch_root(fd, json_string_value(root));
            q += sizeof *ev + ev->len;
        }
        *pending = 1;
        *last_event = cli_now();
    }
}

int
cmd_watch(cli_ctx *ctx, int argc, char **argv)
{
    watch_args a = {2.0, 0, 0, NULL, 0};
    json_t *rep = NULL;
    int fd = -1;
    int rc = watch_parse(ctx, argc, argv, &a);
    if (rc != 0)
        goto done;
    ctx->wait = 3600; /* a hand-run index holding the lock only delays a watch run */
    /* First run: index the roots given (remembering them) or reindex the known ones. */
    rc = run_once(ctx, a.roots, a.nroots, a.ocr, a.follow_links);
    if (rc != 0 && rc != EXIT_PARTIAL)
        goto done;
    /* The folders to watch: the index's roots, now that the first run stored them. */
    rc = watch_setup(ctx, a.debounce, &rep, &fd);
    if (rc != 0)
        goto done;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    fflush(stdout);
    double last_event = 0;
    int pending = 0;
    while (!stop) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, pending ? 100 : 1000) > 0)
            watch_events(fd, rep, &pending, &last_event);
        if (pending && cli_now() - last_event >= a.debounce) {
            pending = 0;
            rc = run_once(ctx, NULL, 0, a.ocr, a.follow_links);
            if (rc != 0 && rc != EXIT_PARTIAL)
                break;
            rc = 0;
        }
    }
done:
    if (fd >= 0)
        close(fd);
    json_decref(rep);
    free(a.roots);
    return rc;
}
