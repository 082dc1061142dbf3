/*
 * cmd_config.c - the configuration in force: resolved once before every command
 * (cli_config_apply: defaults < /etc/tracuu/tracuu.conf < user file < environment <
 * options), and `tracuu config`, which prints each setting and where it came from.
 *
 * The registry is loaded here, before the command runs, from the one place the
 * configuration names: a registry that cannot be read is an error naming its path and
 * where that path came from, never an empty registry (issue 19).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "tracuu_config.h"

/* The registry installed beside the program (bindir/../share/tracuu/registry.ini), when
 * there is one: a tree installed with DESTDIR or moved as a whole uses its own copy.
 * Owned; NULL otherwise. */
static char *
registry_beside_program(void)
{
    const char *rel = TRACUU_REGISTRY_RELATIVE;
    char exe[PATH_MAX];
    if (!*rel)
        return NULL;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    slash[1] = '\0';
    size_t len = strlen(exe) + strlen(rel) + 1;
    char *p = malloc(len);
    if (!p)
        return NULL;
    snprintf(p, len, "%s%s", exe, rel);
    /* shown by `tracuu config` and in messages: without the bin/.. detour */
    char *real = realpath(p, NULL);
    free(p);
    if (real && access(real, R_OK) != 0) {
        free(real);
        return NULL;
    }
    return real;
}

/* The built-in defaults: the XDG index (none without $XDG_DATA_HOME and $HOME), the
 * installed registry, 10 results, loopback 8080. -1 with err set. */
static int
set_defaults(cli_config *c, char *err, size_t errsz)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char buf[PATH_MAX + 32];
    int rc = 0;
    if (xdg && *xdg && (size_t)snprintf(buf, sizeof buf, "%s/tracuu/index", xdg) < sizeof buf)
        rc = config_set(c, CONF_INDEX, buf, CONF_FROM_DEFAULT, "$XDG_DATA_HOME", err, errsz);
    else if (home && *home &&
             (size_t)snprintf(buf, sizeof buf, "%s/.local/share/tracuu/index", home) < sizeof buf)
        rc = config_set(c, CONF_INDEX, buf, CONF_FROM_DEFAULT, "$HOME", err, errsz);
    char *beside = registry_beside_program();
    if (rc == 0)
        rc = config_set(c, CONF_REGISTRY, beside ? beside : TRACUU_REGISTRY_PATH,
                        CONF_FROM_DEFAULT, beside ? "beside the program" : "built-in", err,
                        errsz);
    free(beside);
    if (rc == 0)
        rc = config_set(c, CONF_LIMIT, "10", CONF_FROM_DEFAULT, "built-in", err, errsz);
    if (rc == 0)
        rc = config_set(c, CONF_LISTEN, "127.0.0.1:8080", CONF_FROM_DEFAULT, "built-in", err,
                        errsz);
    return rc;
}

/* Files, environment and options over the defaults into c. -1 with err set. */
static int
resolve(cli_ctx *ctx, cli_config *c, char *err, size_t errsz)
{
    char why[1024];
    if (set_defaults(c, err, errsz) != 0)
        return -1;
    const char *sys = getenv("TRACUU_CONFIG_SYSTEM");
    if (config_load_file(c, sys && *sys ? sys : TRACUU_SYSCONF_PATH, CONF_FROM_SYSTEM, err,
                         errsz) != 0)
        return -1;
    char *user = config_user_path();
    int rc = user ? config_load_file(c, user, CONF_FROM_USER, err, errsz) : 0;
    free(user);
    if (rc != 0)
        return -1;
    static const struct {
        int key;
        const char *env, *where;
    } envs[] = {{CONF_INDEX, "TRACUU_INDEX", "$TRACUU_INDEX"},
                {CONF_REGISTRY, "TRACUU_REGISTRY", "$TRACUU_REGISTRY"}};
    for (size_t i = 0; i < sizeof envs / sizeof envs[0]; i++) {
        const char *v = getenv(envs[i].env);
        if (v && *v && config_set(c, envs[i].key, v, CONF_FROM_ENV, envs[i].where, why,
                                  sizeof why) != 0) {
            snprintf(err, errsz, "%s: %s", envs[i].where, why);
            return -1;
        }
    }
    /* Options are taken as given (a relative --index is relative to the current folder). */
    const char *opts[][2] = {{ctx->index_path, "--index"}, {ctx->registry_opt, "--registry"}};
    for (int k = 0; k < 2; k++) {
        if (!opts[k][0])
            continue;
        conf_value *v = &c->v[k == 0 ? CONF_INDEX : CONF_REGISTRY];
        char *val = strdup(opts[k][0]), *w = strdup(opts[k][1]);
        if (!val || !w) {
            free(val);
            free(w);
            snprintf(err, errsz, "out of memory");
            return -1;
        }
        free(v->value);
        free(v->where);
        v->value = val;
        v->where = w;
        v->from = CONF_FROM_OPTION;
    }
    return 0;
}

int
cli_config_apply(cli_ctx *ctx, const char *command)
{
    char err[2048];
    cli_config *c = calloc(1, sizeof *c);
    if (!c)
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    ctx->config = c;
    if (resolve(ctx, c, err, sizeof err) != 0)
        return cli_fail(ctx, EXIT_USAGE, "%s", err);
    ctx->index_path = c->v[CONF_INDEX].value;
    ctx->default_limit = (unsigned)strtoul(c->v[CONF_LIMIT].value, NULL, 10);
    ctx->serve_listen = c->v[CONF_LISTEN].value;
    if (strcmp(command, "config") == 0 || strcmp(command, "help") == 0)
        return 0;
    if (!ctx->index_path)
        return cli_fail(ctx, EXIT_USAGE, _("no index: give --index DIR or set TRACUU_INDEX"));
    const conf_value *reg = &c->v[CONF_REGISTRY];
    char *msg = NULL;
    tracuu_status st = tracuu_registry_use(reg->value, &msg);
    if (st != TRACUU_OK) {
        int r = cli_fail(ctx, st == TRACUU_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT,
                         _("%s (%s setting, %s; name another with --registry, "
                           "$TRACUU_REGISTRY or registry = in tracuu.conf)"),
                         msg ? msg : reg->value, config_from_name(reg->from), reg->where);
        free(msg);
        return r;
    }
    return 0;
}

void
cli_config_done(cli_ctx *ctx)
{
    config_free(ctx->config);
    free(ctx->config);
    ctx->config = NULL;
}

static json_t *
value_json(const conf_value *v)
{
    return json_pack("{s:s?, s:s, s:s?}", "value", v->value, "source",
                     config_from_name(v->from), "where", v->where);
}

static void
config_text(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    json_t *settings = json_object_get(o, "settings"), *v;
    const char *key;
    json_object_foreach(settings, key, v) {
        const char *val = json_string_value(json_object_get(v, "value"));
        const char *where = json_string_value(json_object_get(v, "where"));
        printf(_("%-9s %s\n          from %s%s%s%s\n"), key, val ? val : _("(none)"),
               json_string_value(json_object_get(v, "source")), where ? " (" : "",
               where ? where : "", where ? ")" : "");
    }
    size_t i;
    json_array_foreach(json_object_get(o, "roots"), i, v) {
        const char *base = json_string_value(json_object_get(v, "base"));
        const char *conv = json_string_value(json_object_get(v, "convention"));
        printf(_("root      %s\n          base %s, convention %s\n          from %s (%s)\n"),
               json_string_value(json_object_get(v, "path")), base ? base : "(none)",
               conv ? conv : "(none)", json_string_value(json_object_get(v, "source")),
               json_string_value(json_object_get(v, "where")));
    }
    json_array_foreach(json_object_get(o, "files"), i, v)
        printf("%-9s %s (%s)\n", i == 0 ? _("files") : "",
               json_string_value(json_object_get(v, "path")),
               json_is_true(json_object_get(v, "read")) ? "read" : "not present");
}

/* `tracuu config`: every setting in force, its source and place; the roots; the files. */
int
cmd_config(cli_ctx *ctx, int argc, char **argv)
{
    if (argc > 1)
        return cli_fail(ctx, EXIT_USAGE, _("config takes no arguments, not '%s'"), argv[1]);
    const cli_config *c = ctx->config;
    json_t *o = json_pack("{s:{}, s:[], s:[]}", "settings", "roots", "files");
    json_t *settings = json_object_get(o, "settings"), *roots = json_object_get(o, "roots"),
           *files = json_object_get(o, "files");
    int bad = !o;
    for (int k = 0; !bad && k < CONF_NKEYS; k++)
        bad = json_object_set_new(settings, config_key_name(k), value_json(&c->v[k])) != 0;
    for (size_t i = 0; !bad && i < c->nroots; i++) {
        const conf_root *r = &c->roots[i];
        bad = json_array_append_new(
                  roots, json_pack("{s:s, s:s?, s:s?, s:s, s:s}", "path", r->path, "base",
                                   r->base, "convention", r->convention, "source",
                                   config_from_name(r->from), "where", r->where)) != 0;
    }
    for (size_t i = 0; !bad && i < c->nfiles; i++)
        bad = json_array_append_new(
                  files, json_pack("{s:s, s:s, s:b}", "path", c->files[i].path, "scope",
                                   config_from_name(c->files[i].scope), "read",
                                   c->files[i].read)) != 0;
    if (bad) {
        json_decref(o);
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    }
    return cli_emit(ctx, o, config_text);
}
