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

tracuu_status
dupes_find(tracuu_index *ix, const char *path, const char *simhash_hex, char ***out)
{
    store_err err = {TRACUU_OK, ""};
    store_query *bands[SIMHASH_BANDS] = {NULL}, *any = NULL, *kind = NULL, *q = NULL;
    store_mset *m = NULL;
    char **paths = calloc(1, sizeof *paths);
    size_t n = 0;
    tracuu_status st = paths ? TRACUU_OK : TRACUU_ENOMEM;
    *out = NULL;
    char *end = NULL;
    uint64_t fp = simhash_hex ? strtoull(simhash_hex, &end, 16) : 0;
    if (st != TRACUU_OK || !fp || !end || *end) {
        *out = paths;
        return st == TRACUU_OK ? st : index_fail(ix, st, "out of memory");
    }
    for (int b = 0; b < SIMHASH_BANDS && st == TRACUU_OK; b++) {
        char term[24];
        int tl = snprintf(term, sizeof term, "%s%d%04x", PREFIX_SIMHASH_BAND, b,
                          (unsigned)((fp >> (16 * b)) & 0xFFFF));
        st = store_query_term(&bands[b], term, (size_t)tl, 1, 0, &err);
    }
    if (st == TRACUU_OK)
        st = store_query_combine(&any, STORE_OP_OR, bands, SIMHASH_BANDS, 0, &err);
    if (st == TRACUU_OK)
        st = store_query_term(&kind, KIND_DOC, strlen(KIND_DOC), 1, 0, &err);
    if (st == TRACUU_OK) {
        store_query *pair[2] = {any, kind};
        st = store_query_combine(&q, STORE_OP_FILTER, pair, 2, 0, &err);
    }
    store_search_opts so = STORE_SEARCH_OPTS_INIT;
    so.limit = DUPES_MAX_CANDIDATES;
    so.value_slot = SLOT_SIMHASH;
    if (st == TRACUU_OK)
        st = store_search(&m, ix->db, q, &so, &err);
    for (size_t i = 0; st == TRACUU_OK && i < store_mset_size(m); i++) {
        store_hit h;
        store_mset_hit(m, i, &h);
        /* 16 hex digits, then the path (schema.h SLOT_SIMHASH) */
        if (h.datalen <= 16)
            continue;
        char hx[17];
        memcpy(hx, h.data, 16);
        hx[16] = '\0';
        const char *p = h.data + 16;
        uint64_t other = strtoull(hx, NULL, 16);
        if (other && strcmp(p, path) && simhash_distance(fp, other) <= SIMHASH_NEAR_BITS) {
            char **np = realloc(paths, (n + 2) * sizeof *np);
            if (!np) {
                st = TRACUU_ENOMEM;
            } else {
                paths = np;
                paths[n] = strdup(p);
                if (paths[n])
                    paths[++n] = NULL;
                else
                    st = TRACUU_ENOMEM;
            }
        }
    }
    for (int b = 0; b < SIMHASH_BANDS; b++)
        store_query_free(bands[b]);
    store_query_free(any);
    store_query_free(kind);
    store_query_free(q);
    store_mset_free(m);
    if (st != TRACUU_OK) {
        dupes_free(paths);
        return err.status != TRACUU_OK ? index_fail_store(ix, &err)
                                       : index_fail(ix, st, "out of memory");
    }
    *out = paths;
    return TRACUU_OK;
}
