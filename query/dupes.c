/*
 * dupes.c - near-duplicate lookup through the simhash band terms (schema.h XB:).
 */
#include "dupes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "simhash.h"

/* Candidates past this are not examined: a band shared by so many documents is a
 * degenerate fingerprint (boilerplate), not evidence. */
#define DUPES_MAX_CANDIDATES 200

void
dupes_free(char **paths)
{
    for (size_t i = 0; paths && paths[i]; i++)
        free(paths[i]);
    free(paths);
}

/* Append path to the NULL-terminated list *paths of *n. */
static tracuu_status
push_path(char ***paths, size_t *n, const char *path)
{
    char **np = realloc(*paths, (*n + 2) * sizeof *np);
    if (!np)
        return TRACUU_ENOMEM;
    *paths = np;
    np[*n] = strdup(path);
    if (!np[*n])
        return TRACUU_ENOMEM;
    np[++*n] = NULL;
    return TRACUU_OK;
}

/* The query for every band of every fingerprint in fps[0..n), documents only. */
static tracuu_status
bands_query(store_query **out, const uint64_t *fps, size_t n, store_err *err)
{
    store_query **bands = calloc(n * SIMHASH_BANDS + 1, sizeof *bands);
    store_query *any = NULL, *kind = NULL;
    size_t nb = 0;
    tracuu_status st = bands ? TRACUU_OK : TRACUU_ENOMEM;
    for (size_t i = 0; i < n && st == TRACUU_OK; i++)
        for (int b = 0; fps[i] && b < SIMHASH_BANDS && st == TRACUU_OK; b++) {
            char term[24];
            int tl = snprintf(term, sizeof term, "%s%d%04x", PREFIX_SIMHASH_BAND, b,
                              (unsigned)((fps[i] >> (16 * b)) & 0xFFFF));
            st = store_query_term(&bands[nb], term, (size_t)tl, 1, 0, err);
            nb += st == TRACUU_OK;
        }
    if (st == TRACUU_OK)
        st = store_query_combine(&any, STORE_OP_OR, bands, nb, 0, err);
    if (st == TRACUU_OK)
        st = store_query_term(&kind, KIND_DOC, strlen(KIND_DOC), 1, 0, err);
    if (st == TRACUU_OK) {
        store_query *pair[2] = {any, kind};
        st = store_query_combine(out, STORE_OP_FILTER, pair, 2, 0, err);
    }
    for (size_t i = 0; i < nb; i++)
        store_query_free(bands[i]);
    free(bands);
    store_query_free(any);
    store_query_free(kind);
    return st;
}

tracuu_status
dupes_find_many(tracuu_index *ix, size_t n, const char *const *paths,
                const char *const *simhash_hex, char ***out)
{
    store_err err = {TRACUU_OK, ""};
    store_query *q = NULL;
    store_mset *m = NULL;
    uint64_t *fps = calloc(n ? n : 1, sizeof *fps);
    size_t *counts = calloc(n ? n : 1, sizeof *counts), live = 0;
    tracuu_status st = fps && counts ? TRACUU_OK : TRACUU_ENOMEM;
    for (size_t i = 0; i < n && st == TRACUU_OK; i++) {
        char *end = NULL;
        fps[i] = simhash_hex[i] ? strtoull(simhash_hex[i], &end, 16) : 0;
        if (!end || *end)
            fps[i] = 0;
        live += fps[i] != 0;
        out[i] = calloc(1, sizeof *out[i]);
        if (!out[i])
            st = TRACUU_ENOMEM;
    }
    if (st == TRACUU_OK && live)
        st = bands_query(&q, fps, n, &err);
    store_search_opts so = STORE_SEARCH_OPTS_INIT;
    so.limit = (unsigned)(DUPES_MAX_CANDIDATES * (live ? live : 1));
    so.value_slot = SLOT_SIMHASH;
    if (st == TRACUU_OK && live)
        st = store_search(&m, ix->db, q, &so, &err);
    for (size_t k = 0; st == TRACUU_OK && k < store_mset_size(m); k++) {
        store_hit h;
        store_mset_hit(m, k, &h);
        /* 16 hex digits, then the path (schema.h SLOT_SIMHASH) */
        if (h.datalen <= 16)
            continue;
        char hx[17];
        memcpy(hx, h.data, 16);
        hx[16] = '\0';
        const char *p = h.data + 16;
        uint64_t other = strtoull(hx, NULL, 16);
        for (size_t i = 0; other && i < n && st == TRACUU_OK; i++)
            if (fps[i] && strcmp(p, paths[i]) &&
                simhash_distance(fps[i], other) <= SIMHASH_NEAR_BITS)
                st = push_path(&out[i], &counts[i], p);
    }
    store_query_free(q);
    store_mset_free(m);
    free(fps);
    free(counts);
    if (st != TRACUU_OK) {
        for (size_t i = 0; i < n; i++) {
            dupes_free(out[i]);
            out[i] = NULL;
        }
        return err.status != TRACUU_OK ? index_fail_store(ix, &err)
                                       : index_fail(ix, st, "out of memory");
    }
    return TRACUU_OK;
}

tracuu_status
dupes_find(tracuu_index *ix, const char *path, const char *simhash_hex, char ***out)
{
    *out = NULL;
    return dupes_find_many(ix, 1, &path, &simhash_hex, out);
}
