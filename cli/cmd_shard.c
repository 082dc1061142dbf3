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

typedef struct shard_args {
    const char *out, *root, *iface;
    int level;
    unsigned long long port;
} shard_args;

/* Parse the options; 0 or the exit code of a usage error (already reported). */
static int
shard_parse(cli_ctx *ctx, int argc, char **argv, shard_args *a)
{
    const char *v;
    int r;
    for (int i = 1; i < argc; i++) {
        if ((r = cli_opt_value(ctx, argc, argv, &i, "--out", &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            a->out = v;
        } else if ((r = cli_opt_value(ctx, argc, argv, &i, "--level", &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (!strcmp(v, "district"))
                a->level = TRACUU_SHARD_DISTRICT;
            else if (!strcmp(v, "province"))
                a->level = TRACUU_SHARD_PROVINCE;
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
            a->iface = v;
        } else if ((r = cli_opt_uint(ctx, argc, argv, &i, "--port", &a->port)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (a->port < 1 || a->port > 65000)
                return cli_fail(ctx, EXIT_USAGE, _("shard: --port takes 1 to 65000"));
        } else if (argv[i][0] == '-') {
            return cli_fail(ctx, EXIT_USAGE, _("shard: unknown option '%s'"), argv[i]);
        } else if (!a->root) {
            a->root = argv[i];
        } else {
            return cli_fail(ctx, EXIT_USAGE, _("shard: give one ROOT folder"));
        }
    }
    if (!a->out || !a->root)
        return cli_fail(ctx, EXIT_USAGE, _("shard: give --out DIR and a ROOT folder"));
    return 0;
}

static char *
path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Index one shard's folder into OUT/NAME, counting the folder convention from the root. */
static int
shard_index(cli_ctx *ctx, const shard_args *a, const char *aroot, const tracuu_shard *sh,
            size_t k, json_t *o)
{
    char *ixpath = path_join(a->out, sh->name);
    if (!ixpath)
        return cli_fail(ctx, EXIT_INTERNAL, "out of memory");
    tracuu_index *ix = NULL;
    char *msg = NULL;
    int rc = 0;
    tracuu_status st = tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, &msg);
    if (st != TRACUU_OK) {
        rc = cli_fail_status(ctx, st, msg ? msg : ixpath);
        free(msg);
        free(ixpath);
        return rc;
    }
    tracuu_add_options opt = TRACUU_ADD_OPTIONS_INIT;
    opt.base = aroot;
    tracuu_add_stats s;
    const char *paths[1] = {sh->folder};
    st = tracuu_index_add(ix, paths, 1, &opt, &s);
    if (st != TRACUU_OK) {
        rc = cli_fail_status(ctx, st, tracuu_index_errmsg(ix));
    } else {
        if (s.failed)
            rc = EXIT_PARTIAL;
        tracuu_index_info info;
        uint64_t docs = tracuu_index_info_get(&info, ix) == TRACUU_OK ? info.documents : 0;
        json_array_append_new(json_object_get(o, "shards"),
                              json_pack("{s:s, s:s, s:s, s:I, s:I}", "name", sh->name, "path",
                                        ixpath, "folder", sh->folder, "documents",
                                        (json_int_t)docs, "failed", (json_int_t)s.failed));
        char line[512];
        snprintf(line, sizeof line, "xapian-tcpsrv --interface %s --port %llu ", a->iface,
                 a->port + k);
        /* the index path is data: appended whole, never cut by a fixed buffer */
        size_t len = strlen(line) + strlen(ixpath) + 1;
        char *full = malloc(len);
        if (full) {
            snprintf(full, len, "%s%s", line, ixpath);
            json_array_append_new(json_object_get(o, "serve"), json_string(full));
        }
        free(full);
        snprintf(line, sizeof line, "remote HOST:%llu", a->port + k);
        json_array_append_new(json_object_get(o, "remote_stub"), json_string(line));
    }
    tracuu_index_close(ix);
    free(ixpath);
    return rc;
}

int
cmd_shard(cli_ctx *ctx, int argc, char **argv)
{
    /* Loopback unless told otherwise: xapian-tcpsrv without --interface listens on every
     * interface, and anyone who can reach the port can read the whole index. */
    shard_args a = {NULL, NULL, "127.0.0.1", TRACUU_SHARD_DISTRICT, 7001};
    int rc = shard_parse(ctx, argc, argv, &a);
    if (rc)
        return rc;
    char *aroot = realpath(a.root, NULL);
    if (!aroot)
        return cli_fail(ctx, EXIT_INPUT, "%s: %s", a.root, strerror(errno));
    tracuu_shard *plan = NULL;
    size_t n = 0;
    char *msg = NULL, *stub = NULL;
    json_t *o = NULL;
    tracuu_status st = tracuu_shards_plan(&plan, &n, aroot, a.level, &msg);
    if (st != TRACUU_OK) {
        rc = cli_fail(ctx, st == TRACUU_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT, "%s",
                      msg ? msg : a.root);
        goto done;
    }
    if (mkdir(a.out, 0777) != 0 && errno != EEXIST) {
        rc = cli_fail(ctx, EXIT_INPUT, "%s: %s", a.out, strerror(errno));
        goto done;
    }
    stub = path_join(a.out, "index.stub");
    o = json_pack("{s:s, s:s, s:[], s:s, s:I, s:s, s:[], s:[]}", "root", aroot, "level",
                  a.level == TRACUU_SHARD_PROVINCE ? "province" : "district", "shards", "stub",
                  stub ? stub : "", "port", (json_int_t)a.port, "interface", a.iface, "serve",
                  "remote_stub");
    if (!stub || !o) {
        rc = cli_fail(ctx, EXIT_INTERNAL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n && (rc == 0 || rc == EXIT_PARTIAL); i++) {
        int r = shard_index(ctx, &a, aroot, &plan[i], i, o);
        if (r)
            rc = r;
    }
    if (rc == 0 || rc == EXIT_PARTIAL) {
        const char **names = malloc(n * sizeof *names);
        size_t clen = strlen(aroot) + 64;
        char *comment = malloc(clen);
        if (comment)
            snprintf(comment, clen, "tracuu shard %s: one line per shard, searched as one", aroot);
        for (size_t i = 0; names && i < n; i++)
            names[i] = plan[i].name;
        st = names && comment ? tracuu_stub_write(stub, comment, names, n, &msg) : TRACUU_ENOMEM;
        free(names);
        free(comment);
        if (st != TRACUU_OK)
            rc = cli_fail_status(ctx, st, msg ? msg : stub);
    }
    if (rc == 0 || rc == EXIT_PARTIAL) {
        int e = cli_emit(ctx, o, text_shard);
        o = NULL;
        if (e)
            rc = e;
    }
done:
    json_decref(o);
    free(msg);
    free(stub);
    tracuu_shards_free(plan, n);
    free(aroot);
    return rc;
}
