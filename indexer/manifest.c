/*
 * manifest.c - the path -> (stamp, hash) table of a run, with the entries that share a
 * content hash (a file moved or renamed keeps its hash) reachable from that hash.
 */
#include "manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "map.h"
#include "record.h"
#include "records.h"
#include "schema.h"

struct manifest {
    manifest_entry *e;
    size_t n, cap;
    text_map by_path; /* path -> index into e */
    text_map by_hash; /* content hash -> index + 1 of the first entry with it */
    size_t *same_hash; /* per entry: index + 1 of the next entry with its hash, or 0 */
    int oom;
};

void
manifest_value(char *out, size_t outsz, const char *stamp, const char *hash, const char *path)
{
    snprintf(out, outsz, "%s\t%s\t%s", stamp, hash, path);
}

/* Paths and hashes of an index's files: a path is at most PATH_MAX-ish bytes each, and the
 * number of files is the index's; the ceiling only stops a corrupt value list. */
#define MANIFEST_KEYS_MAX ((size_t)1 << 34)

static tracuu_status
link_entries(manifest *m)
{
    text_map_init(&m->by_path, MANIFEST_KEYS_MAX);
    text_map_init(&m->by_hash, MANIFEST_KEYS_MAX);
    m->same_hash = calloc(m->n ? m->n : 1, sizeof *m->same_hash);
    if (!m->same_hash)
        return TRACUU_ENOMEM;
    tracuu_status st = TRACUU_OK;
    text_map_entry *e;
    for (size_t k = 0; k < m->n && st == TRACUU_OK; k++) {
        st = text_map_put(&m->by_path, m->e[k].path, strlen(m->e[k].path), &e, NULL);
        if (st == TRACUU_OK)
            e->v.u = k;
    }
    /* Backwards, so each hash's chain runs in file-list order: of several copies, the first
     * listed is the one a moved file is matched with, as in every earlier run. */
    for (size_t k = m->n; k-- > 0 && st == TRACUU_OK;) {
        st = text_map_put(&m->by_hash, m->e[k].hash, 16, &e, NULL);
        if (st == TRACUU_OK) {
            m->same_hash[k] = (size_t)e->v.u;
            e->v.u = k + 1;
        }
    }
    return st;
}

static void
add_value(void *ctx, const char *v, size_t n)
{
    manifest *m = ctx;
    if (m->oom)
        return;
    const char *t1 = memchr(v, '\t', n);
    const char *t2 = t1 ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - v)) : NULL;
    if (!t1 || !t2 || (size_t)(t1 - v) >= sizeof m->e->stamp || t2 - t1 - 1 != 16)
        return; /* not a manifest value: ignore rather than fail a run */
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 1024;
        manifest_entry *ne = realloc(m->e, nc * sizeof *ne);
        if (!ne) {
            m->oom = 1;
            return;
        }
        m->e = ne;
        m->cap = nc;
    }
    manifest_entry *e = &m->e[m->n];
    memset(e, 0, sizeof *e);
    memcpy(e->stamp, v, (size_t)(t1 - v));
    memcpy(e->hash, t1 + 1, 16);
    e->path = strndup(t2 + 1, n - (size_t)(t2 + 1 - v));
    if (!e->path) {
        m->oom = 1;
        return;
    }
    m->n++;
}

tracuu_status
manifest_load(manifest **out, tracuu_index *ix)
{
    manifest *m = calloc(1, sizeof *m);
    if (!m)
        return TRACUU_ENOMEM;
    store_err err = {TRACUU_OK, ""};
    tracuu_status st = store_db_scan_values(ix->db, SLOT_MANIFEST, add_value, m, &err);
    if (st != TRACUU_OK) {
        manifest_free(m);
        return index_fail_store(ix, &err);
    }
    if (m->oom || link_entries(m) != TRACUU_OK) {
        manifest_free(m);
        return index_fail(ix, TRACUU_ENOMEM, "out of memory loading the file list");
    }
    /* Mark the files whose last read failed (schema.h "Kfailed"): without this, a file
     * restored to its indexed bytes (same stamp, same hash) would look unchanged and its
     * failure would stay recorded for ever, even with --verify. */
    store_mset *fm = NULL;
    st = records_of(ix, KIND_FAILED, NULL, NULL, &fm);
    for (size_t i = 0; st == TRACUU_OK && i < store_mset_size(fm); i++) {
        store_hit h;
        store_mset_hit(fm, i, &h);
        record_failed *d = NULL;
        record_failed_decode(&d, h.data, h.datalen); /* unreadable: nothing to mark */
        manifest_entry *e = d ? manifest_get(m, d->path) : NULL;
        if (e)
            e->failed = 1;
        record_failed_free(d);
    }
    store_mset_free(fm);
    if (st != TRACUU_OK) {
        manifest_free(m);
        return st;
    }
    *out = m;
    return TRACUU_OK;
}

void
manifest_free(manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->e[i].path);
    free(m->e);
    text_map_free(&m->by_path);
    text_map_free(&m->by_hash);
    free(m->same_hash);
    free(m);
}

manifest_entry *
manifest_get(manifest *m, const char *path)
{
    const text_map_entry *e = m ? text_map_find(&m->by_path, path, strlen(path)) : NULL;
    return e ? &m->e[e->v.u] : NULL;
}

manifest_entry *
manifest_unseen_with_hash(manifest *m, const char *hash)
{
    const text_map_entry *e = m ? text_map_find(&m->by_hash, hash, 16) : NULL;
    for (size_t k = e ? (size_t)e->v.u : 0; k; k = m->same_hash[k - 1])
        if (!m->e[k - 1].seen)
            return &m->e[k - 1];
    return NULL;
}

size_t
manifest_count(const manifest *m)
{
    return m ? m->n : 0;
}

manifest_entry *
manifest_at(manifest *m, size_t i)
{
    return m && i < m->n ? &m->e[i] : NULL;
}
