/*
 * config.c - parsing tracuu.conf and ranking settings by where they came from (config.h).
 *
 * A file is parsed whole into a scratch configuration first and merged only when every
 * line is good: a typo on line 7 must not leave lines 1-6 half applied. Lines are bounded
 * (4096 bytes) and so is the file (1 MiB), like every other input of tracuu.
 */
#include "config.h"

#include <errno.h>
#include <libintl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracuu.h"

#define _(s) gettext(s) /* cli.h is not included: test_config builds this file alone */

#define CONF_MAX_LINE 4096
#define CONF_MAX_BYTES (1024 * 1024)

static const char *const key_names[CONF_NKEYS] = {"index", "registry", "limit", "listen"};

const char *
config_key_name(int key)
{
    return key >= 0 && key < CONF_NKEYS ? key_names[key] : "";
}

int
config_key(const char *name)
{
    for (int k = 0; k < CONF_NKEYS; k++)
        if (strcmp(name, key_names[k]) == 0)
            return k;
    return -1;
}

const char *
config_from_name(conf_from from)
{
    static const char *const names[] = {"none", "default", "system", "user", "environment",
                                        "option"};
    return (unsigned)from < sizeof names / sizeof names[0] ? names[from] : "none";
}

/* value with a leading "~/" replaced by $HOME/ (owned); NULL with err set when it is not
 * an absolute path or there is no $HOME. */
static char *
expand_path(const char *value, char *err, size_t errsz)
{
    if (value[0] == '/')
        return strdup(value);
    if (value[0] == '~' && value[1] == '/') {
        const char *home = getenv("HOME");
        if (!home || !*home) {
            snprintf(err, errsz, _("'%s' starts with ~/ but $HOME is not set"), value);
            return NULL;
        }
        size_t n = strlen(home) + strlen(value);
        char *p = malloc(n);
        if (p)
            snprintf(p, n, "%s%s", home, value + 1);
        return p;
    }
    snprintf(err, errsz, _("'%s' is not an absolute path (start it with / or ~/)"), value);
    return NULL;
}

/* The value of `key` as stored (owned), checked; NULL with err set. */
static char *
check_value(int key, const char *value, conf_from from, char *err, size_t errsz)
{
    if (!*value) {
        snprintf(err, errsz, _("%s has no value"), config_key_name(key));
        return NULL;
    }
    /* A file's path must not depend on where the program was started; the environment's,
     * like an option's, is the caller's own and may be relative to the current folder. */
    if ((key == CONF_INDEX || key == CONF_REGISTRY) && from >= CONF_FROM_ENV)
        return strdup(value);
    if (key == CONF_INDEX || key == CONF_REGISTRY)
        return expand_path(value, err, errsz);
    if (key == CONF_LIMIT) {
        char *end = NULL;
        errno = 0;
        unsigned long n = strtoul(value, &end, 10);
        if (value[0] < '0' || value[0] > '9' || *end || errno || n < 1 ||
            n > TRACUU_SEARCH_LIMIT_MAX) {
            snprintf(err, errsz, _("limit takes 1 to 10000, not '%s'"), value);
            return NULL;
        }
        return strdup(value);
    }
    const char *colon = strrchr(value, ':');
    if (!colon || colon == value || !colon[1]) {
        snprintf(err, errsz, _("listen takes ADDR:PORT (e.g. 127.0.0.1:8080), not '%s'"), value);
        return NULL;
    }
    return strdup(value);
}

int
config_set(cli_config *c, int key, const char *value, conf_from from, const char *where,
           char *err, size_t errsz)
{
    if (key < 0 || key >= CONF_NKEYS) {
        snprintf(err, errsz, _("no setting %d"), key);
        return -1;
    }
    conf_value *v = &c->v[key];
    if (from < v->from)
        return 0;
    err[0] = '\0';
    char *val = check_value(key, value, from, err, errsz);
    char *w = strdup(where);
    if (!val || !w) {
        if (!err[0])
            snprintf(err, errsz, _("out of memory"));
        free(val);
        free(w);
        return -1;
    }
    free(v->value);
    free(v->where);
    v->value = val;
    v->where = w;
    v->from = from;
    return 0;
}

static void
root_free(conf_root *r)
{
    free(r->path);
    free(r->base);
    free(r->convention);
    free(r->where);
}

/* Append a root section [root PATH] declared at `where`; -1 when out of memory. */
static int
root_add(cli_config *c, char *path, conf_from from, const char *where)
{
    conf_root *grown = realloc(c->roots, (c->nroots + 1) * sizeof *grown);
    if (!grown)
        return -1;
    c->roots = grown;
    conf_root *r = &c->roots[c->nroots];
    memset(r, 0, sizeof *r);
    r->path = path;
    r->from = from;
    r->where = strdup(where);
    if (!r->where)
        return -1;
    c->nroots++;
    return 0;
}

static char *
trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* A "[root PATH]" header line (trimmed) into `scratch`; -1 with err set. */
static int
parse_section(cli_config *scratch, char *line, conf_from from, const char *where, char *err,
              size_t errsz)
{
    size_t n = strlen(line);
    if (n < 2 || line[n - 1] != ']' || strncmp(line, "[root", 5) != 0 ||
        (line[5] != ' ' && line[5] != '\t')) {
        snprintf(err, errsz, _("a section is [root PATH], not '%s'"), line);
        return -1;
    }
    line[n - 1] = '\0';
    char *path = expand_path(trim(line + 5), err, errsz);
    if (!path)
        return -1;
    for (size_t i = 0; i < scratch->nroots; i++)
        if (strcmp(scratch->roots[i].path, path) == 0) {
            snprintf(err, errsz, _("root %s given twice (first at %s)"), path,
                     scratch->roots[i].where);
            free(path);
            return -1;
        }
    if (root_add(scratch, path, from, where) != 0) {
        free(path);
        snprintf(err, errsz, _("out of memory"));
        return -1;
    }
    return 0;
}

/* A "key = value" line (trimmed) into `scratch`: a setting, or in a root section its base
 * or convention. -1 with err set. */
static int
parse_setting(cli_config *scratch, char *line, int in_root, conf_from from, const char *where,
              char *err, size_t errsz)
{
    char *eq = strchr(line, '=');
    if (!eq) {
        snprintf(err, errsz, _("not 'name = value': '%s'"), line);
        return -1;
    }
    *eq = '\0';
    const char *name = trim(line), *value = trim(eq + 1);
    if (in_root) {
        conf_root *r = &scratch->roots[scratch->nroots - 1];
        char **slot = strcmp(name, "base") == 0 ? &r->base
                      : strcmp(name, "convention") == 0 ? &r->convention : NULL;
        if (!slot) {
            snprintf(err, errsz, _("unknown root setting '%s' (known: base, convention)"), name);
            return -1;
        }
        if (!*value) {
            snprintf(err, errsz, _("%s has no value"), name);
            return -1;
        }
        char *v = slot == &r->base ? expand_path(value, err, errsz) : strdup(value);
        if (!v) {
            if (slot != &r->base)
                snprintf(err, errsz, _("out of memory"));
            return -1;
        }
        free(*slot);
        *slot = v;
        return 0;
    }
    int key = config_key(name);
    if (key < 0) {
        snprintf(err, errsz, _("unknown setting '%s' (known: index, registry, limit, listen, "
                             "[root PATH])"), name);
        return -1;
    }
    return config_set(scratch, key, value, from, where, err, errsz);
}

/* The whole file f (named path), at most CONF_MAX_BYTES, NUL-terminated (owned); NULL with
 * err set. Read whole so a NUL byte is seen (fgets would take it for the line's end). */
static char *
slurp(FILE *f, const char *path, char *err, size_t errsz)
{
    char *buf = malloc(CONF_MAX_BYTES + 2);
    if (!buf) {
        snprintf(err, errsz, _("out of memory"));
        return NULL;
    }
    size_t n = fread(buf, 1, CONF_MAX_BYTES + 1, f);
    if (ferror(f) || n > CONF_MAX_BYTES) {
        if (ferror(f))
            snprintf(err, errsz, _("%s: cannot read the configuration: %s"), path, strerror(errno));
        else
            snprintf(err, errsz, _("%s: larger than %d bytes"), path, CONF_MAX_BYTES);
        free(buf);
        return NULL;
    }
    const char *nul = memchr(buf, '\0', n);
    if (nul) {
        unsigned long lineno = 1;
        for (const char *q = buf; q < nul; q++)
            lineno += *q == '\n';
        snprintf(err, errsz, _("%s:%lu: NUL byte"), path, lineno);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

/* Parse the open file f (named path) into scratch; -1 with err "PATH:LINE: ...". */
static int
parse_file(cli_config *scratch, FILE *f, const char *path, conf_from from, char *err,
           size_t errsz)
{
    char where[CONF_MAX_LINE + 32], why[CONF_MAX_LINE + 128];
    char *buf = slurp(f, path, err, errsz);
    if (!buf)
        return -1;
    int in_root = 0, rc = 0;
    char *line = buf;
    for (unsigned long lineno = 1; rc == 0 && *line; lineno++) {
        char *nl = strchr(line, '\n');
        char *next = nl ? nl + 1 : line + strlen(line);
        if (nl)
            *nl = '\0';
        snprintf(where, sizeof where, "%s:%lu", path, lineno);
        char *s = trim(line);
        line = next;
        if (strlen(s) > CONF_MAX_LINE) {
            snprintf(err, errsz, _("%s: line longer than %d bytes"), where, CONF_MAX_LINE);
            rc = -1;
        } else if (*s && *s != '#') {
            int section = *s == '[';
            rc = section ? parse_section(scratch, s, from, where, why, sizeof why)
                         : parse_setting(scratch, s, in_root, from, where, why, sizeof why);
            if (rc != 0)
                snprintf(err, errsz, "%s: %s", where, why);
            in_root |= section;
        }
    }
    free(buf);
    return rc;
}

/* Move the settings and roots of `from` (a parsed file) into c; the same root path from
 * a lower file is replaced. -1 when out of memory. */
static int
merge(cli_config *c, cli_config *scratch)
{
    for (int k = 0; k < CONF_NKEYS; k++) {
        conf_value *s = &scratch->v[k];
        if (s->from == CONF_FROM_NONE || s->from < c->v[k].from)
            continue;
        free(c->v[k].value);
        free(c->v[k].where);
        c->v[k] = *s;
        memset(s, 0, sizeof *s);
    }
    for (size_t i = 0; i < scratch->nroots; i++) {
        conf_root *r = &scratch->roots[i];
        size_t j = 0;
        while (j < c->nroots && strcmp(c->roots[j].path, r->path) != 0)
            j++;
        if (j == c->nroots) {
            conf_root *grown = realloc(c->roots, (c->nroots + 1) * sizeof *grown);
            if (!grown)
                return -1;
            c->roots = grown;
            c->nroots++;
        } else {
            root_free(&c->roots[j]);
        }
        c->roots[j] = *r;
        memset(r, 0, sizeof *r);
    }
    return 0;
}

int
config_load_file(cli_config *c, const char *path, conf_from from, char *err, size_t errsz)
{
    if (c->nfiles >= sizeof c->files / sizeof c->files[0]) {
        snprintf(err, errsz, _("%s: too many configuration files"), path);
        return -1;
    }
    conf_file *cf = &c->files[c->nfiles];
    cf->path = strdup(path);
    if (!cf->path) {
        snprintf(err, errsz, _("out of memory"));
        return -1;
    }
    cf->scope = from;
    cf->read = 0;
    c->nfiles++;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 0;
        snprintf(err, errsz, _("%s: cannot read the configuration: %s"), path, strerror(errno));
        return -1;
    }
    cli_config scratch = CLI_CONFIG_INIT;
    int rc = parse_file(&scratch, f, path, from, err, errsz);
    fclose(f);
    if (rc == 0 && merge(c, &scratch) != 0) {
        snprintf(err, errsz, _("out of memory"));
        rc = -1;
    }
    config_free(&scratch);
    if (rc == 0)
        cf->read = 1;
    return rc;
}

char *
config_user_path(void)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    const char *base = xdg && *xdg ? xdg : home && *home ? home : NULL;
    if (!base)
        return NULL;
    const char *tail = xdg && *xdg ? "/tracuu/tracuu.conf" : "/.config/tracuu/tracuu.conf";
    size_t n = strlen(base) + strlen(tail) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s", base, tail);
    return p;
}

void
config_free(cli_config *c)
{
    if (!c)
        return;
    for (int k = 0; k < CONF_NKEYS; k++) {
        free(c->v[k].value);
        free(c->v[k].where);
        c->v[k].value = c->v[k].where = NULL;
        c->v[k].from = CONF_FROM_NONE;
    }
    for (size_t i = 0; i < c->nroots; i++)
        root_free(&c->roots[i]);
    free(c->roots);
    c->roots = NULL;
    c->nroots = 0;
    for (size_t i = 0; i < c->nfiles; i++)
        free(c->files[i].path);
    c->nfiles = 0;
}
