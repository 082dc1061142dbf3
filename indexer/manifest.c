/*
 * manifest.c - the path -> (stamp, hash) table of a run; open addressing on XXH3 of the path.
 */
#include "manifest.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "records.h"
#include "schema.h"

struct manifest {
    manifest_entry *e;
    size_t n, cap;
    size_t *slots; /* index + 1 into e; 0 = empty */
    size_t nslots;
    size_t *hslots; /* by content hash (several entries may share one), same size */
    int oom;
};

void
manifest_value(char *out, size_t outsz, const char *stamp, const char *hash, const char *path)
{
    snprintf(out, outsz, "%s\t%s\t%s", stamp, hash, path);
}

static size_t
slot_for(const manifest *m, const char *path)
{
    size_t i = (size_t)XXH3_64bits(path, strlen(path)) & (m->nslots - 1);
    while (m->slots[i] && strcmp(m->e[m->slots[i] - 1].path, path))
        i = (i + 1) & (m->nslots - 1);
    return i;
}

static int
rehash(manifest *m, size_t nslots)
{
    size_t *ns = calloc(nslots, sizeof *ns), *hs = calloc(nslots, sizeof *hs);
    if (!ns || !hs) {
        free(ns);
        free(hs);
        return -1;
    }
    free(m->slots);
    free(m->hslots);
    m->slots = ns;
    m->hslots = hs;
    m->nslots = nslots;
    for (size_t k = 0; k < m->n; k++) {
        m->slots[slot_for(m, m->e[k].path)] = k + 1;
        size_t h = (size_t)XXH3_64bits(m->e[k].hash, 16) & (nslots - 1);
        while (m->hslots[h])
            h = (h + 1) & (nslots - 1);
        m->hslots[h] = k + 1;
    }
    return 0;
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
    size_t ns = 1024;
    while (ns < m->n * 2)
        ns *= 2;
    if (m->oom || rehash(m, ns) != 0) {
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
        json_t *d = json_loadb(h.data, h.datalen, 0, NULL);
        const char *path = json_string_value(json_object_get(d, "path"));
        manifest_entry *e = path ? manifest_get(m, path) : NULL;
        if (e)
            e->failed = 1;
        json_decref(d);
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
    free(m->slots);
    free(m->hslots);
    free(m);
}

manifest_entry *
manifest_get(manifest *m, const char *path)
{
    if (!m || !m->nslots)
        return NULL;
    size_t i = slot_for(m, path);
    return m->slots[i] ? &m->e[m->slots[i] - 1] : NULL;
}

manifest_entry *
manifest_unseen_with_hash(manifest *m, const char *hash)
{
    if (!m || !m->nslots)
        return NULL;
    size_t h = (size_t)XXH3_64bits(hash, 16) & (m->nslots - 1);
    for (; m->hslots[h]; h = (h + 1) & (m->nslots - 1)) {
        manifest_entry *e = &m->e[m->hslots[h] - 1];
        if (!e->seen && !strcmp(e->hash, hash))
            return e;
    }
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
