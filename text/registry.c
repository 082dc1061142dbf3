/*
 * registry.c - parsing corpus/registry.ini and looking entries up. The registry is small
 * (tens to a few thousand entries): lookups are linear scans.
 */
#include "registry.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abbrev.h"
#include "buf.h"
#include "decode.h"
#include "tracuu_config.h"

struct registry {
    reg_entry *e;
    size_t n, cap;
};

static void
entry_free(reg_entry *e)
{
    free(e->id);
    free(e->base);
    free(e->type);
    free(e->issuer);
    free(e->khoa);
    free(e->organ);
    free(e->title);
    free(e->source);
    free(e->confidence);
    free(e->title_f);
    for (size_t i = 0; i < e->naliases; i++) {
        free(e->aliases[i]);
        free(e->aliases_f[i]);
    }
    free(e->aliases);
    free(e->aliases_f);
    for (size_t i = 0; i < e->nreplaces; i++)
        free(e->replaces[i].id);
    for (size_t i = 0; i < e->nreplaced_by; i++)
        free(e->replaced_by[i].id);
    free(e->replaces);
    free(e->replaced_by);
}

void
registry_free(registry *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        entry_free(&r->e[i]);
    free(r->e);
    free(r);
}

tracuu_status
registry_empty(registry **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? TRACUU_OK : TRACUU_ENOMEM;
}

static char *
trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int
valid_date(const char *s)
{
    return strlen(s) == 10 && isdigit((unsigned char)s[0]) && s[4] == '-' && s[7] == '-';
}

/* "id [YYYY-MM-DD]" */
static int
add_link(reg_link **list, size_t *n, const char *value)
{
    reg_link *nl = realloc(*list, (*n + 1) * sizeof *nl);
    if (!nl)
        return -1;
    *list = nl;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", value);
    char *sp = strchr(buf, ' ');
    nl[*n].date[0] = '\0';
    if (sp) {
        *sp = '\0';
        char *d = trim(sp + 1);
        if (!valid_date(d))
            return 1;
        memcpy(nl[*n].date, d, 11);
    }
    nl[*n].id = strdup(buf);
    if (!nl[*n].id)
        return -1;
    (*n)++;
    return 0;
}

static char *
folded(const char *s)
{
    text_buf b = TEXT_BUF_INIT(1 << 16);
    char *out = NULL;
    if (abbrev_fold(s, 0, strlen(s), &b) == TRACUU_OK)
        out = text_buf_steal(&b, NULL);
    text_buf_free(&b);
    return out;
}

/* Apply "key: value" to e. 0 ok, 1 unknown key or bad value, -1 out of memory. */
static int
set_field(reg_entry *e, const char *key, const char *value)
{
    char **slot = NULL;
    if (!strcmp(key, "type"))
        slot = &e->type;
    else if (!strcmp(key, "issuer"))
        slot = &e->issuer;
    else if (!strcmp(key, "khoa"))
        slot = &e->khoa;
    else if (!strcmp(key, "organ"))
        slot = &e->organ;
    else if (!strcmp(key, "title"))
        slot = &e->title;
    else if (!strcmp(key, "source"))
        slot = &e->source;
    else if (!strcmp(key, "confidence"))
        slot = &e->confidence;
    if (slot) {
        free(*slot);
        *slot = strdup(value);
        if (!*slot)
            return -1;
        if (slot == &e->title) {
            free(e->title_f);
            e->title_f = folded(value);
            if (!e->title_f)
                return -1;
        }
        return 0;
    }
    if (!strcmp(key, "number")) {
        char *end;
        unsigned long v = strtoul(value, &end, 10);
        if (*end || end == value || v > 1000000)
            return 1;
        e->number = (unsigned)v;
        return 0;
    }
    if (!strcmp(key, "date") || !strcmp(key, "in-force")) {
        char *d = !strcmp(key, "date") ? e->date : e->in_force;
        if (!strcmp(value, "?")) {
            d[0] = '\0';
            return 0;
        }
        if (!valid_date(value))
            return 1;
        memcpy(d, value, 11);
        return 0;
    }
    if (!strcmp(key, "conference")) {
        const char *slash = strchr(value, '/');
        if (!slash || slash == value || (size_t)(slash - value) >= sizeof e->conf_khoa)
            return 1;
        memcpy(e->conf_khoa, value, (size_t)(slash - value));
        e->conf_khoa[slash - value] = '\0';
        e->conf_n = (unsigned)strtoul(slash + 1, NULL, 10);
        return e->conf_n ? 0 : 1;
    }
    if (!strcmp(key, "alias")) {
        char **na = realloc(e->aliases, (e->naliases + 1) * sizeof *na);
        char **nf = na ? realloc(e->aliases_f, (e->naliases + 1) * sizeof *nf) : NULL;
        if (na)
            e->aliases = na;
        if (!nf)
            return -1;
        e->aliases_f = nf;
        e->aliases[e->naliases] = strdup(value);
        e->aliases_f[e->naliases] = folded(value);
        e->naliases++;
        return e->aliases[e->naliases - 1] && e->aliases_f[e->naliases - 1] ? 0 : -1;
    }
    if (!strcmp(key, "replaces"))
        return add_link(&e->replaces, &e->nreplaces, value);
    if (!strcmp(key, "replaced-by"))
        return add_link(&e->replaced_by, &e->nreplaced_by, value);
    return 1;
}

/* Open the registry for reading; only a regular file is accepted. O_NONBLOCK makes the
 * open of a FIFO return at once instead of waiting for a writer (a FIFO as --registry
 * would block forever); fstat then refuses it, a folder, a device. NULL with err set. */
static FILE *
open_regular(const char *path, char *err, size_t errsz)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errsz, "%s: cannot read the registry: %s", path, strerror(errno));
        return NULL;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(err, errsz, "%s: cannot read the registry: not a regular file", path);
        close(fd);
        return NULL;
    }
    /* A regular file never blocks; clear the flag anyway so reads behave as usual. */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        snprintf(err, errsz, "%s: cannot read the registry: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

/* One line into line[0..cap) (with its '\n' when it has one), NUL-terminated. Returns 1 on
 * a line, 0 at end of file, -1 when the line is too long, -2 when it holds a NUL byte
 * (fgets cannot tell a NUL from the end of the line, which made a NUL look like a long
 * line). */
static int
read_line(FILE *f, char *line, size_t cap, size_t *len)
{
    size_t n = 0;
    int c = EOF, nul = 0;
    while (n + 1 < cap && (c = getc(f)) != EOF) {
        if (c == '\0')
            nul = 1;
        line[n++] = (char)c;
        if (c == '\n')
            break;
    }
    line[n] = '\0';
    *len = n;
    if (nul)
        return -2;
    if (n + 1 == cap && line[n - 1] != '\n') {
        c = getc(f); /* exactly cap - 1 bytes before the end of the file is still fine */
        if (c != EOF) {
            ungetc(c, f);
            return -1;
        }
    }
    return n > 0;
}

/* Refuse replaced-by cycles (A replaced by B replaced by A): following the chain to the
 * document in force would never end. Depth-first search with colours (0 unseen, 1 on the
 * path, 2 done) and an explicit stack, so a long chain cannot overflow the C stack; each
 * edge is followed once. On a cycle, err names the file and the ids along it. */
static tracuu_status
check_cycles(const registry *r, const char *path, char *err, size_t errsz)
{
    tracuu_status st = TRACUU_OK;
    unsigned char *colour = calloc(r->n ? r->n : 1, 1);
    size_t *stack = malloc((r->n ? r->n : 1) * sizeof *stack);
    size_t *edge = malloc((r->n ? r->n : 1) * sizeof *edge);
    if (!colour || !stack || !edge) {
        st = TRACUU_ENOMEM;
        goto done;
    }
    for (size_t s = 0; s < r->n && st == TRACUU_OK; s++) {
        if (colour[s])
            continue;
        size_t depth = 0;
        stack[depth] = s;
        edge[depth++] = 0;
        colour[s] = 1;
        while (depth && st == TRACUU_OK) {
            const reg_entry *e = &r->e[stack[depth - 1]];
            if (edge[depth - 1] == e->nreplaced_by) {
                colour[stack[--depth]] = 2;
                continue;
            }
            const reg_entry *to = registry_find(r, e->replaced_by[edge[depth - 1]++].id);
            if (!to)
                continue; /* an unknown id is not a cycle */
            size_t t = (size_t)(to - r->e);
            if (colour[t] == 0) {
                colour[t] = 1;
                stack[depth] = t;
                edge[depth++] = 0;
            } else if (colour[t] == 1) {
                size_t from = depth;
                while (from > 0 && stack[from - 1] != t)
                    from--;
                int n = snprintf(err, errsz, "%s: replaced-by cycle:", path);
                for (size_t k = from ? from - 1 : 0; k < depth && n >= 0 && (size_t)n < errsz;
                     k++)
                    n += snprintf(err + n, errsz - (size_t)n, " %s ->", r->e[stack[k]].id);
                if (n >= 0 && (size_t)n < errsz)
                    snprintf(err + n, errsz - (size_t)n, " %s", to->id);
                st = TRACUU_EINVAL;
            }
        }
    }
done:
    free(colour);
    free(stack);
    free(edge);
    return st;
}

tracuu_status
registry_load(registry **out, const char *path, char *err, size_t errsz)
{
    *out = NULL;
    size_t len = 0;
    FILE *f = open_regular(path, err, errsz);
    if (!f)
        return TRACUU_EIO;
    registry *r = calloc(1, sizeof *r);
    if (!r) {
        fclose(f);
        return TRACUU_ENOMEM;
    }
    char line[4096];
    unsigned lineno = 0;
    tracuu_status st = TRACUU_OK;
    reg_entry *cur = NULL;
    int got;
    while ((got = read_line(f, line, sizeof line, &len)) != 0) {
        lineno++;
        if (got == -2) {
            snprintf(err, errsz, "%s: NUL byte at line %u", path, lineno);
            st = TRACUU_EINVAL;
            break;
        }
        if (got < 0) {
            snprintf(err, errsz, "%s:%u: line longer than %zu bytes", path, lineno,
                     sizeof line - 1);
            st = TRACUU_EINVAL;
            break;
        }
        if (text_utf8_check(line, len) != len) {
            snprintf(err, errsz, "%s:%u: not valid UTF-8", path, lineno);
            st = TRACUU_EINVAL;
            break;
        }
        char *s = trim(line);
        size_t sl = strlen(s);
        if (sl && s[sl - 1] == '\n')
            s[--sl] = '\0';
        s = trim(s);
        if (!*s || *s == '#')
            continue;
        if (*s == '[') {
            char *close = strchr(s, ']');
            if (!close || close == s + 1 || close[1]) {
                snprintf(err, errsz, "%s:%u: expected [ID]", path, lineno);
                st = TRACUU_EINVAL;
                break;
            }
            *close = '\0';
            if (registry_find(r, s + 1)) {
                snprintf(err, errsz, "%s:%u: [%s] appears twice", path, lineno, s + 1);
                st = TRACUU_EINVAL;
                break;
            }
            if (r->n == r->cap) {
                size_t nc = r->cap ? r->cap * 2 : 64;
                reg_entry *ne = realloc(r->e, nc * sizeof *ne);
                if (!ne) {
                    st = TRACUU_ENOMEM;
                    break;
                }
                r->e = ne;
                r->cap = nc;
            }
            cur = &r->e[r->n++];
            memset(cur, 0, sizeof *cur);
            cur->id = strdup(s + 1);
            cur->base = strdup(s + 1);
            if (!cur->id || !cur->base) {
                st = TRACUU_ENOMEM;
                break;
            }
            char *at = strchr(cur->base, '@');
            if (at)
                *at = '\0';
            continue;
        }
        char *colon = strchr(s, ':');
        if (!cur || !colon) {
            snprintf(err, errsz, "%s:%u: expected \"key: value\" inside a [ID] record", path,
                     lineno);
            st = TRACUU_EINVAL;
            break;
        }
        *colon = '\0';
        int rc = set_field(cur, trim(s), trim(colon + 1));
        if (rc < 0) {
            st = TRACUU_ENOMEM;
            break;
        }
        if (rc > 0) {
            snprintf(err, errsz, "%s:%u: unknown key or bad value for \"%s\"", path, lineno,
                     trim(s));
            st = TRACUU_EINVAL;
            break;
        }
    }
    fclose(f);
    for (size_t i = 0; st == TRACUU_OK && i < r->n; i++) {
        if (!r->e[i].type || !r->e[i].issuer || !r->e[i].number) {
            snprintf(err, errsz, "%s: [%s] needs type, number and issuer", path, r->e[i].id);
            st = TRACUU_EINVAL;
        }
    }
    if (st == TRACUU_OK)
        st = check_cycles(r, path, err, errsz);
    if (st != TRACUU_OK) {
        if (st == TRACUU_ENOMEM)
            snprintf(err, errsz, "%s: out of memory", path);
        registry_free(r);
        return st;
    }
    *out = r;
    return TRACUU_OK;
}

size_t
registry_count(const registry *r)
{
    return r ? r->n : 0;
}

const reg_entry *
registry_at(const registry *r, size_t i)
{
    return r && i < r->n ? &r->e[i] : NULL;
}

const reg_entry *
registry_find(const registry *r, const char *id)
{
    for (size_t i = 0; r && i < r->n; i++)
        if (!strcmp(r->e[i].id, id))
            return &r->e[i];
    return NULL;
}

size_t
registry_by_base(const registry *r, const char *base, const reg_entry **out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; r && i < r->n; i++)
        if (!strcmp(r->e[i].base, base) && k < max)
            out[k++] = &r->e[i];
    return k;
}

size_t
registry_by_number(const registry *r, const char *type, unsigned number, const char *issuer,
                   const reg_entry **out, size_t max)
{
    size_t k = 0, il = strlen(issuer);
    for (size_t i = 0; r && i < r->n; i++) {
        const reg_entry *e = &r->e[i];
        if (e->number == number && !strcmp(e->type, type) && !strncmp(e->issuer, issuer, il) &&
            k < max)
            out[k++] = e;
    }
    return k;
}

size_t
registry_by_conference(const registry *r, const char *khoa, unsigned n, const reg_entry **out,
                       size_t max)
{
    size_t k = 0;
    for (size_t i = 0; r && i < r->n; i++) {
        const reg_entry *e = &r->e[i];
        if (e->conf_n == n && e->conf_khoa[0] && (!khoa || !strcmp(e->conf_khoa, khoa)) &&
            k < max)
            out[k++] = e;
    }
    return k;
}

const char *
registry_default_path(void)
{
    const char *env = getenv("TRACUU_REGISTRY");
    return env && *env ? env : TRACUU_REGISTRY_PATH;
}

static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;
static registry *global;
/* A failed load of the default file, kept so it is tried once and reported, not silently
 * replaced by an empty registry: 25-NQ/TW found in 14 documents instead of 17 (issue 19). */
static tracuu_status global_st;
static char global_err[512];
static registry global_none; /* what registry_global hands out after a failed load */
/* Set when registry_global has handed the registry out: readers keep the pointer for as
 * long as they work, so it may no longer be replaced (registry_use: TRACUU_EMISUSE). */
static int global_in_use;

/* With global_lock held: load the default file once. */
static void
load_default_locked(void)
{
    if (global || global_st != TRACUU_OK)
        return;
    global_st = registry_load(&global, registry_default_path(), global_err, sizeof global_err);
}

tracuu_status
registry_ready(char *err, size_t errsz)
{
    pthread_mutex_lock(&global_lock);
    load_default_locked();
    tracuu_status st = global ? TRACUU_OK : global_st;
    if (st != TRACUU_OK && errsz)
        snprintf(err, errsz, "%s", global_err);
    pthread_mutex_unlock(&global_lock);
    return st;
}

const registry *
registry_global(void)
{
    pthread_mutex_lock(&global_lock);
    load_default_locked();
    const registry *r = global ? global : &global_none;
    global_in_use = 1;
    pthread_mutex_unlock(&global_lock);
    return r;
}

tracuu_status
registry_use(const char *path, char *err, size_t errsz)
{
    registry *r = NULL;
    tracuu_status st = registry_load(&r, path, err, errsz);
    if (st != TRACUU_OK)
        return st;
    pthread_mutex_lock(&global_lock);
    if (global_in_use) {
        pthread_mutex_unlock(&global_lock);
        registry_free(r);
        snprintf(err, errsz, "%s: the registry is already in use; name it before the first "
                 "index, search or citation call", path);
        return TRACUU_EMISUSE;
    }
    registry *old = global;
    global = r;
    global_st = TRACUU_OK;
    global_err[0] = '\0';
    pthread_mutex_unlock(&global_lock);
    registry_free(old);
    return TRACUU_OK;
}
