/*
 * cmd_shard.c - tracuu shard: one index per district (or province) of a folder tree, the
 * stub file that searches them as one, and the xapian-tcpsrv lines that serve each from
 * its own machine. Every shard counts the folder convention from ROOT, so a district's
 * shard knows its province, and searches over the stub answer as one index of ROOT would.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct shard_spec {
    char name[512];   /* index folder name under --out: "ben-tre" or "ben-tre-cho-lach" */
    char folder[4096]; /* the folder it indexes */
} shard_spec;

typedef struct shard_list {
    shard_spec *v;
    size_t n;
} shard_list;

static int
by_name(const void *a, const void *b)
{
    return strcmp(((const shard_spec *)a)->name, ((const shard_spec *)b)->name);
}

/* Sub-folders of dir (not hidden), into names (owned), sorted; -1 when dir is unreadable. */
static int
subfolders(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char p[4600];
        struct stat sb;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))
            continue;
        char **nv = realloc(*names, (*n + 1) * sizeof *nv);
        if (!nv)
            break;
        *names = nv;
        (*names)[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    return 0;
}

static void
free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static int
add_shard(shard_list *l, const char *name, const char *folder)
{
    shard_spec *nv = realloc(l->v, (l->n + 1) * sizeof *nv);
    if (!nv)
        return -1;
    l->v = nv;
    snprintf(l->v[l->n].name, sizeof l->v[l->n].name, "%s", name);
    snprintf(l->v[l->n].folder, sizeof l->v[l->n].folder, "%s", folder);
    l->n++;
    return 0;
}

/* The shards of root at `level` (1 = provinces, 2 = districts). */
static int
plan(shard_list *l, const char *root, int level)
{
    char **prov;
    size_t np;
    if (subfolders(root, &prov, &np) != 0)
        return -1;
    for (size_t i = 0; i < np; i++) {
        char pf[4600];
        snprintf(pf, sizeof pf, "%s/%s", root, prov[i]);
        if (level == 1) {
            add_shard(l, prov[i], pf);
            continue;
        }
        char **dist;
        size_t nd;
        if (subfolders(pf, &dist, &nd) != 0)
            continue;
        for (size_t k = 0; k < nd; k++) {
            char name[600], df[4800];
            snprintf(name, sizeof name, "%s-%s", prov[i], dist[k]);
            snprintf(df, sizeof df, "%s/%s", pf, dist[k]);
            add_shard(l, name, df);
        }
        free_names(dist, nd);
    }
    free_names(prov, np);
    if (l->n)
        qsort(l->v, l->n, sizeof *l->v, by_name);
    return 0;
}

static void
text_shard(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(o, "shards"), i, s)
        printf(_("%-28s %6lld documents  %s\n"), json_string_value(json_object_get(s, "name")),
               (long long)json_integer_value(json_object_get(s, "documents")),
               json_string_value(json_object_get(s, "folder")));
    printf(_("\nstub (search them as one): %s\n"), json_string_value(json_object_get(o, "stub")));
    printf(_("  tracuu --index %s search ...\n\n"), json_string_value(json_object_get(o, "stub")));
    printf(_("to serve each shard from its own machine (port %lld on; listening on %s only:\n"
           "xapian-tcpsrv has no authentication, see docs/SECURITY.md):\n"),
           (long long)json_integer_value(json_object_get(o, "port")),
           json_string_value(json_object_get(o, "interface")));
    json_array_foreach(json_object_get(o, "serve"), i, s)
        printf("  %s\n", json_string_value(s));
    printf(_("and list them in a stub on the searching machine (HOST: each server's address):\n"));
    json_array_foreach(json_object_get(o, "remote_stub"), i, s)
        printf("  %s\n", json_string_value(s));
}

int
cmd_shard(cli_ctx *ctx, int argc, char **argv)
{
    /* Loopback unless told otherwise: xapian-tcpsrv without --interface listens on every
     * interface, and anyone who can reach the port can read the whole index. */
    const char *out = NULL, *root = NULL, *v, *iface = "127.0.0.1";
    int level = 2, r;
    unsigned long long port = 7001;
    for (int i = 1; i < argc; i++) {
        if ((r = cli_opt_value(ctx, argc, argv, &i, "--out", &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            out = v;
        } else if ((r = cli_opt_value(ctx, argc, argv, &i, "--level", &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (!strcmp(v, "district"))
                level = 2;
            else if (!strcmp(v, "province"))
                level = 1;
            else
                return cli_fail(ctx, EXIT_USAGE, _("shard: --level takes district or province, not '%s'"),
                                v);
        } else if ((r = cli_opt_value(ctx, argc, argv, &i, "--interface", &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            /* printed into a command line: an address or host name, nothing a shell reads */
            size_t n = strlen(v);
            int okay = n > 0 && n < 256;
            for (size_t k = 0; okay && k < n; k++)
                okay = (v[k] >= '0' && v[k] <= '9') || (v[k] >= 'a' && v[k] <= 'z') ||
                       (v[k] >= 'A' && v[k] <= 'Z') || strchr(".:-_", v[k]);
            if (!okay)
                return cli_fail(ctx, EXIT_USAGE,
                                _("shard: --interface takes an address or host name, not '%s'"), v);
            iface = v;
        } else if ((r = cli_opt_uint(ctx, argc, argv, &i, "--port", &port)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (port < 1 || port > 65000)
                return cli_fail(ctx, EXIT_USAGE, _("shard: --port takes 1 to 65000"));
        } else if (argv[i][0] == '-') {
            return cli_fail(ctx, EXIT_USAGE, _("shard: unknown option '%s'"), argv[i]);
        } else if (!root) {
            root = argv[i];
        } else {
            return cli_fail(ctx, EXIT_USAGE, _("shard: give one ROOT folder"));
        }
    }
    if (!out || !root)
        return cli_fail(ctx, EXIT_USAGE, _("shard: give --out DIR and a ROOT folder"));
    char *aroot = realpath(root, NULL);
    if (!aroot)
        return cli_fail(ctx, EXIT_INPUT, "%s: %s", root, strerror(errno));
    shard_list l = {NULL, 0};
    if (plan(&l, aroot, level) != 0 || l.n == 0) {
        free(aroot);
        free(l.v);
        return cli_fail(ctx, EXIT_INPUT, _("%s: no %s folders in it (ROOT/<province>/<district>/...)"),
                        root, level == 1 ? "province" : "district");
    }
    if (mkdir(out, 0777) != 0 && errno != EEXIST) {
        free(aroot);
        free(l.v);
        return cli_fail(ctx, EXIT_INPUT, "%s: %s", out, strerror(errno));
    }
    json_t *shards = json_array(), *serve = json_array(), *remote = json_array();
    int rc = 0;
    char stub[4600];
    snprintf(stub, sizeof stub, "%s/index.stub", out);
    FILE *sf = fopen(stub, "w");
    if (!sf) {
        rc = cli_fail(ctx, EXIT_INPUT, "%s: %s", stub, strerror(errno));
        goto done;
    }
    fprintf(sf, "# tracuu shard %s: one line per shard (searched as one index)\n", aroot);
    for (size_t i = 0; i < l.n && rc == 0; i++) {
        char ixpath[5200];
        snprintf(ixpath, sizeof ixpath, "%s/%s", out, l.v[i].name);
        tracuu_index *ix = NULL;
        char *msg = NULL;
        tracuu_status st = tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, &msg);
        if (st != TRACUU_OK) {
            rc = cli_fail_status(ctx, st, msg ? msg : ixpath);
            free(msg);
            break;
        }
        tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
        o.base = aroot;
        tracuu_add_stats s;
        const char *paths[1] = {l.v[i].folder};
        st = tracuu_index_add(ix, paths, 1, &o, &s);
        if (st != TRACUU_OK) {
            rc = cli_fail_status(ctx, st, tracuu_index_errmsg(ix));
        } else {
            if (s.failed)
                rc = EXIT_PARTIAL;
            tracuu_index_info info;
            uint64_t docs = tracuu_index_info_get(&info, ix) == TRACUU_OK ? info.documents : 0;
            json_array_append_new(shards, json_pack("{s:s, s:s, s:s, s:I, s:I}", "name",
                                                    l.v[i].name, "path", ixpath, "folder",
                                                    l.v[i].folder, "documents", (json_int_t)docs,
                                                    "failed", (json_int_t)s.failed));
            fprintf(sf, "auto %s\n", l.v[i].name);
            char line[6000];
            snprintf(line, sizeof line, "xapian-tcpsrv --interface %s --port %llu %s", iface,
                     port + i, ixpath);
            json_array_append_new(serve, json_string(line));
            snprintf(line, sizeof line, "remote HOST:%llu", port + i);
            json_array_append_new(remote, json_string(line));
        }
        tracuu_index_close(ix);
    }
    if (fclose(sf) != 0 && rc == 0)
        rc = cli_fail(ctx, EXIT_INPUT, "%s: %s", stub, strerror(errno));
done:
    if (rc == 0 || rc == EXIT_PARTIAL) {
        int e = cli_emit(ctx,
                         json_pack("{s:s, s:s, s:o, s:s, s:I, s:s, s:o, s:o}", "root", aroot,
                                   "level", level == 1 ? "province" : "district", "shards",
                                   shards, "stub", stub, "port", (json_int_t)port, "interface",
                                   iface, "serve", serve, "remote_stub", remote),
                         text_shard);
        if (e)
            rc = e;
    } else {
        json_decref(shards);
        json_decref(serve);
        json_decref(remote);
    }
    free(aroot);
    free(l.v);
    return rc;
}
