/*
 * index.c - opening and closing an index, schema checks, statistics, status names.
 *
 * The schema version lives in the index metadata. A writer stamps it on a new index; any
 * open refuses an index with another version, so a newer tracuu never misreads an older
 * layout (or the reverse): the user is told to reindex instead.
 */
#include "index.h"
#include "intl.h"

#include <dirent.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h> /* mallopt: tracuu_malloc_tune */
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "decode.h"
#include "registry.h"
#include "schema.h"
#include "tracuu_config.h"

static const char *const status_names[TRACUU_STATUS_LAST] = {
    [TRACUU_OK] = "success",
    [TRACUU_ITEROVER] = "no more items",
    [TRACUU_EINVAL] = "invalid argument",
    [TRACUU_ENOMEM] = "out of memory",
    [TRACUU_EIO] = "cannot read file",
    [TRACUU_EENCODING] = "invalid text encoding",
    [TRACUU_ETOOBIG] = "input too large",
    [TRACUU_ENOTFOUND] = "not found",
    [TRACUU_ECORRUPT] = "index is corrupt or not an index",
    [TRACUU_EVERSION] = "index schema version mismatch",
    [TRACUU_ELOCKED] = "index is locked",
    [TRACUU_EBADQUERY] = "bad query",
    [TRACUU_ERETRY] = "index changed during the read",
    [TRACUU_EXAPIAN] = "search library error",
    [TRACUU_EINTERNAL] = "internal error",
    [TRACUU_EUNAVAIL] = "a remote shard is unavailable",
    [TRACUU_EMISUSE] = "call made when it may not be",
};

const char *
tracuu_status_str(tracuu_status st)
{
    if ((unsigned)st >= TRACUU_STATUS_LAST || !status_names[st])
        return "unknown status";
    return status_names[st];
}

const char *
tracuu_version(void)
{
    return TRACUU_VERSION;
}

tracuu_status
index_fail(tracuu_index *ix, tracuu_status st, const char *fmt, ...)
{
    if (ix) {
        char raw[sizeof ix->errmsg];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(raw, sizeof raw, fmt, ap);
        va_end(ap);
        /* The message may quote a file name, which is bytes: it stays UTF-8 (JSON errors
         * and records need it), stray bytes written "\xHH" as stored names are. */
        size_t n = strlen(raw), o = 0;
        for (size_t i = 0; i < n && o + 5 < sizeof ix->errmsg;) {
            size_t ok = text_utf8_check(raw + i, n - i);
            if (ok == 0) {
                o += (size_t)snprintf(ix->errmsg + o, 5, "\\x%02X", (unsigned char)raw[i++]);
                continue;
            }
            size_t room = sizeof ix->errmsg - 5 - o;
            if (ok > room) { /* never cut a character */
                ok = room;
                while (ok && ((unsigned char)raw[i + ok] & 0xC0) == 0x80)
                    ok--;
                if (!ok)
                    break;
            }
            memcpy(ix->errmsg + o, raw + i, ok);
            o += ok;
            i += ok;
        }
        ix->errmsg[o] = '\0';
    }
    return st;
}

tracuu_status
index_fail_store(tracuu_index *ix, const store_err *err)
{
    return index_fail(ix, err->status, "%s", err->msg);
}

void
index_clear_error(tracuu_index *ix)
{
    ix->errmsg[0] = '\0';
    store_db_exchange(ix->db); /* every public call starts here: its reads share a deadline */
}

char *
index_abbreviations(void *ctx, const char *folded)
{
    tracuu_index *ix = ctx;
    static const char *const keys[] = {META_ABBR, META_ABBR_EXPANSION};
    char *all = NULL;
    for (size_t k = 0; ix && ix->db && k < 2; k++) {
        char key[512], *v = NULL;
        store_err err = {TRACUU_OK, ""};
        if ((size_t)snprintf(key, sizeof key, "%s%s", keys[k], folded) >= sizeof key)
            return all;
        if (store_db_get_meta(ix->db, key, &v, &err) != TRACUU_OK || !v || !*v) {
            free(v);
            continue;
        }
        if (!all) {
            all = v;
            continue;
        }
        size_t a = strlen(all), b = strlen(v);
        char *j = realloc(all, a + b + 2);
        if (j) {
            all = j;
            all[a] = '\n';
            memcpy(all + a + 1, v, b + 1);
        }
        free(v);
    }
    return all;
}

void
index_dockey(char out[17], const char *path)
{
    XXH64_hash_t h = XXH3_64bits(path, strlen(path));
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

tracuu_status
index_doc_key(char out[17], const char *doc)
{
    size_t n = strlen(doc);
    int key = n == 16;
    for (size_t i = 0; key && i < n; i++)
        key = (doc[i] >= '0' && doc[i] <= '9') || (doc[i] >= 'a' && doc[i] <= 'f');
    if (key) {
        memcpy(out, doc, 17);
        return TRACUU_OK;
    }
    /* An existing file by its resolved path, under the name the index stores for it (its
     * raw bytes escaped when they are not UTF-8); else the name as given, which may be the
     * stored name itself (the "\xHH" form results show) of a file now gone. */
    char *abs = realpath(doc, NULL);
    char *name = text_name_escape(abs ? abs : doc);
    if (!name) {
        free(abs);
        return TRACUU_ENOMEM;
    }
    index_dockey(out, abs || text_utf8_check(doc, n) != n ? name : doc);
    free(name);
    free(abs);
    return TRACUU_OK;
}

uint64_t
index_syllable_freq(void *ctx, const char *s, size_t n, int folded)
{
    tracuu_index *ix = ctx;
    char term[128];
    if (!ix || !ix->db || n + sizeof PREFIX_EXACT >= sizeof term)
        return 0;
    /* An exact form with no mark is its own folded form, and only that is indexed
     * (schema.h "E"). */
    int plain = 1;
    for (size_t i = 0; i < n && plain; i++)
        plain = (unsigned char)s[i] < 0x80;
    int len = snprintf(term, sizeof term, "%s%.*s", folded || plain ? "" : PREFIX_EXACT,
                       (int)n, s);
    uint64_t tf = 0;
    store_err err = {TRACUU_OK, ""};
    if (len < 0 || store_db_termfreq(ix->db, term, &tf, &err) != TRACUU_OK)
        return 0;
    return tf;
}

static tracuu_status
set_errmsg(char **errmsg, tracuu_status st, const char *msg)
{
    if (errmsg)
        *errmsg = strdup(msg);
    return st;
}

/* Check (reader) or stamp (new writable index) the schema version. */
static tracuu_status
check_schema(tracuu_index *ix)
{
    store_err err;
    char *v = NULL;
    uint64_t docs = 0;
    tracuu_status st = store_db_get_meta(ix->db, META_SCHEMA, &v, &err);
    if (st == TRACUU_OK)
        st = store_db_stats(ix->db, &docs, NULL, NULL, &err);
    if (st != TRACUU_OK) {
        free(v);
        return index_fail_store(ix, &err);
    }
    if (!*v) {
        free(v);
        if (docs > 0)
            return index_fail(ix, TRACUU_EVERSION,
                              L_("%s: a Xapian database not written by tracuu"), ix->path);
        if (ix->mode != TRACUU_MODE_WRITE)
            return TRACUU_OK; /* an empty index: searches find nothing */
        char buf[16];
        snprintf(buf, sizeof buf, "%d", TRACUU_SCHEMA_VERSION);
        st = store_db_set_meta(ix->db, META_SCHEMA, buf, &err);
        if (st == TRACUU_OK)
            st = store_db_commit(ix->db, &err);
        return st == TRACUU_OK ? TRACUU_OK : index_fail_store(ix, &err);
    }
    /* Over shards, the first shard's version (store_db_get_meta): every shard is written by
     * tracuu, and one of another version fails its reads loudly anyway. */
    long ver = strtol(v, NULL, 10);
    free(v);
    if (ver != TRACUU_SCHEMA_VERSION)
        return index_fail(ix, TRACUU_EVERSION,
                          L_("%s: index schema version %ld, this tracuu uses %d: reindex into a "
                             "new index (tracuu --index NEWDIR index PATH...)"),
                          ix->path, ver, TRACUU_SCHEMA_VERSION);
    return TRACUU_OK;
}

/* A database whose creation was interrupted (killed before Xapian wrote "iamglass") holds
 * nothing committed, yet Xapian cannot open it. When the folder holds only Xapian's own
 * files, clear them so the writer can start afresh; anything else there and we touch
 * nothing. Returns 1 when cleared. */
static int
clear_unborn(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    int ours = 1, any = 0;
    while ((e = readdir(d)) != NULL && ours) {
        const char *n = e->d_name;
        size_t l = strlen(n);
        if (!strcmp(n, ".") || !strcmp(n, ".."))
            continue;
        any = 1;
        ours = !strcmp(n, "flintlock") || (l > 6 && !strcmp(n + l - 6, ".glass")) ||
               (l > 4 && !strcmp(n + l - 4, ".tmp"));
        if (!strcmp(n, "iamglass"))
            ours = 0;
    }
    if (!ours || !any) {
        closedir(d);
        return 0;
    }
    rewinddir(d);
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[PATH_MAX];
        if ((size_t)snprintf(p, sizeof p, "%s/%s", path, e->d_name) < sizeof p)
            unlink(p);
    }
    closedir(d);
    return 1;
}

tracuu_status
tracuu_index_open(tracuu_index **out, const char *path, tracuu_mode mode, char **errmsg)
{
    return tracuu_index_open_with(out, path, mode, NULL, errmsg);
}

const char *
tracuu_index_missing(tracuu_index *ix)
{
    return ix ? store_db_missing(ix->db) : "";
}

/* tracuu_index_open_with, writers opened in wmode (STORE_WRITE, or STORE_SCRATCH for a
 * part of a parallel build: index_open_part). */
static tracuu_status
open_index(tracuu_index **out, const char *path, tracuu_mode mode, store_mode wmode,
           const tracuu_open_options *opts, char **errmsg)
{
    store_err err;
    tracuu_status st;
    if (errmsg)
        *errmsg = NULL;
    if (!out)
        return set_errmsg(errmsg, TRACUU_EINVAL, "no output handle");
    *out = NULL;
    if (!path || !*path)
        return set_errmsg(errmsg, TRACUU_EINVAL, "no index path given");
    /* Indexing and cross-references resolve ids through the registry: without it an index
     * would silently store other ids, so a registry that cannot be read fails the open. */
    char rerr[512];
    st = registry_ready(rerr, sizeof rerr);
    if (st != TRACUU_OK)
        return set_errmsg(errmsg, st, rerr);
    tracuu_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return TRACUU_ENOMEM;
    ix->mode = mode;
    ix->path = strdup(path);
    if (!ix->path) {
        free(ix);
        return TRACUU_ENOMEM;
    }
    if (mode == TRACUU_MODE_WRITE)
        st = store_db_open(&ix->db, path, wmode, &err);
    else
        st = store_db_open_shards_with(&ix->db, path, opts ? opts->timeout_ms : 0,
                                       opts ? opts->partial : 0,
                                       opts ? opts->allow_remote_program : 0, &err);
    if (st == TRACUU_ENOTFOUND && mode == TRACUU_MODE_WRITE && clear_unborn(path))
        st = store_db_open(&ix->db, path, wmode, &err);
    if (st != TRACUU_OK) {
        /* The seam's messages mostly name the index already; never twice. */
        if (strncmp(err.msg, path, strlen(path)) == 0)
            index_fail(ix, st, "%s", err.msg);
        else
            index_fail(ix, st, "%s: %s", path, err.msg);
        goto fail;
    }
    st = check_schema(ix);
    if (st != TRACUU_OK)
        goto fail;
    *out = ix;
    return TRACUU_OK;
fail:
    if (errmsg)
        *errmsg = strdup(ix->errmsg);
    store_db_close(ix->db, &err);
    free(ix->path);
    free(ix);
    return st;
}

tracuu_status
tracuu_index_open_with(tracuu_index **out, const char *path, tracuu_mode mode,
                       const tracuu_open_options *opts, char **errmsg)
{
    return open_index(out, path, mode, STORE_WRITE, opts, errmsg);
}

tracuu_status
index_open_part(tracuu_index **out, const char *path, char **errmsg)
{
    return open_index(out, path, TRACUU_MODE_WRITE, STORE_SCRATCH, NULL, errmsg);
}

void
tracuu_malloc_tune(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

void
tracuu_index_close(tracuu_index *ix)
{
    if (!ix)
        return;
    store_err err;
    store_db_close(ix->db, &err);
    free(ix->path);
    free(ix);
}

const char *
tracuu_index_errmsg(const tracuu_index *ix)
{
    return ix ? ix->errmsg : "";
}

const char *
tracuu_index_path(const tracuu_index *ix)
{
    return ix ? ix->path : "";
}

/* Bytes of the regular files in a database folder. */
static uint64_t
folder_bytes(const char *path)
{
    DIR *d = opendir(path);
    uint64_t total = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char p[PATH_MAX];
        struct stat sb;
        if (e->d_name[0] != '.' && (size_t)snprintf(p, sizeof p, "%s/%s", path, e->d_name) < sizeof p &&
            stat(p, &sb) == 0 && S_ISREG(sb.st_mode))
            total += (uint64_t)sb.st_size;
    }
    if (d)
        closedir(d);
    return total;
}

/* Sum the decimal counts of a value stream (SLOT_PASSAGES). */
static void
add_count(void *ctx, const char *v, size_t n)
{
    uint64_t x = 0;
    for (size_t i = 0; i < n && v[i] >= '0' && v[i] <= '9'; i++)
        x = x * 10 + (uint64_t)(v[i] - '0');
    *(uint64_t *)ctx += x;
}

tracuu_status
tracuu_index_info_get(tracuu_index_info *out, tracuu_index *ix)
{
    store_err err;
    if (!out || !ix)
        return TRACUU_EINVAL;
    memset(out, 0, sizeof *out);
    index_clear_error(ix);
    tracuu_status st = store_db_stats(ix->db, NULL, &out->terms, &out->shards, &err);
    if (st == TRACUU_OK)
        st = store_db_termfreq(ix->db, KIND_DOC, &out->documents, &err);
    if (st == TRACUU_OK)
        st = store_db_scan_values(ix->db, SLOT_PASSAGES, add_count, &out->passages, &err);
    if (st != TRACUU_OK)
        return index_fail_store(ix, &err);
    out->schema = TRACUU_SCHEMA_VERSION;
    size_t nl = store_db_local_shards(ix->db, NULL, 0);
    const char **local = nl ? calloc(nl, sizeof *local) : NULL;
    if (local)
        store_db_local_shards(ix->db, local, nl);
    if (!nl)
        out->bytes_on_disk = folder_bytes(ix->path);
    for (size_t i = 0; local && i < nl; i++)
        out->bytes_on_disk += folder_bytes(local[i]);
    free(local);
    return TRACUU_OK;
}

void
index_gone_key(char out[INDEX_GONE_KEY_MAX], uint64_t rev)
{
    snprintf(out, INDEX_GONE_KEY_MAX, "%s%012llu", META_GONE, (unsigned long long)rev);
}
