/*
 * changes.c - the index's housekeeping, read back: roots, revision, last run and failed files
 * (tracuu_index_report, for `tracuu status`), and what changed since a revision
 * (tracuu_changes_list, notmuch's lastmod idea). Both answer in JSON.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "records.h"
#include "record.h"
#include "schema.h"

static json_t *
meta_json(tracuu_index *ix, const char *key)
{
    char *v = NULL;
    store_err err = {TRACUU_OK, ""};
    if (store_db_get_meta(ix->db, key, &v, &err) != TRACUU_OK || !v || !*v) {
        free(v);
        return json_null();
    }
    json_t *j = json_loads(v, 0, NULL);
    free(v);
    return j ? j : json_null();
}

static uint64_t
revision_of(tracuu_index *ix)
{
    char *v = NULL;
    store_err err = {TRACUU_OK, ""};
    uint64_t r = 0;
    if (store_db_get_meta(ix->db, META_REVISION, &v, &err) == TRACUU_OK && v)
        r = strtoull(v, NULL, 10);
    free(v);
    return r;
}

tracuu_status
tracuu_index_report(char **out, tracuu_index *ix, int errors)
{
    if (!out || !ix)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    char *roots = NULL;
    store_err err = {TRACUU_OK, ""};
    if (store_db_get_meta(ix->db, META_ROOTS, &roots, &err) != TRACUU_OK)
        return index_fail_store(ix, &err);
    json_t *rl = json_array();
    for (char *p = roots; p && *p;) {
        char *e = strchr(p, '\n');
        json_array_append_new(rl, json_stringn(p, e ? (size_t)(e - p) : strlen(p)));
        p = e ? e + 1 : p + strlen(p);
    }
    free(roots);
    json_t *o = json_pack("{s:o, s:I, s:o}", "roots", rl, "revision",
                          (json_int_t)revision_of(ix), "last_run", meta_json(ix, META_LAST_RUN));
    store_mset *m = NULL;
    tracuu_status st = records_of(ix, KIND_FAILED, NULL, NULL, &m);
    if (st != TRACUU_OK) {
        json_decref(o);
        return st;
    }
    json_object_set_new(o, "failed_count", json_integer((json_int_t)store_mset_size(m)));
    if (errors) {
        json_t *fl = json_array();
        for (size_t i = 0; i < store_mset_size(m); i++) {
            store_hit h;
            store_mset_hit(m, i, &h);
            json_t *d = record_failed_json_of(h.data, h.datalen);
            if (d)
                json_array_append_new(fl, d);
        }
        json_object_set_new(o, "failed", fl);
    }
    store_mset_free(m);
    *out = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? TRACUU_OK : index_fail(ix, TRACUU_ENOMEM, "out of memory");
}

static int
by_revision(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "revision"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "revision"));
    if (x != y)
        return x < y ? -1 : 1;
    return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "path")),
                  json_string_value(json_object_get(*(json_t *const *)b, "path")));
}

/* Is a document indexed at `path` now, at revision rev or later (removed, then back)? */
static int
back_since(tracuu_index *ix, const char *path, uint64_t rev)
{
    char dockey[17], term[32], *v = NULL;
    store_err err = {TRACUU_OK, ""};
    index_dockey(dockey, path);
    snprintf(term, sizeof term, "%s%s", PREFIX_UID_DOC, dockey);
    int back = store_db_find(ix->db, term, SLOT_REVISION, &v, NULL, NULL, &err) == TRACUU_OK &&
               v && strtoull(v, NULL, 10) >= rev;
    free(v);
    return back;
}

/* The files removed by the runs after `since` (schema.h META_GONE), each at the last run that
 * removed it and only if it is still gone, appended to list. */
static tracuu_status
removals(tracuu_index *ix, uint64_t since, json_t *list)
{
    uint64_t now = revision_of(ix);
    json_t *last = json_object(); /* path -> the last revision that removed it */
    for (uint64_t rev = since + 1; last && rev <= now; rev++) {
        char key[INDEX_GONE_KEY_MAX], *v = NULL;
        store_err err = {TRACUU_OK, ""};
        index_gone_key(key, rev);
        if (store_db_get_meta(ix->db, key, &v, &err) != TRACUU_OK) {
            json_decref(last);
            return index_fail_store(ix, &err);
        }
        for (char *p = v; p && *p;) {
            size_t n = strcspn(p, "\n");
            char c = p[n];
            p[n] = '\0';
            if (*p)
                json_object_set_new(last, p, json_integer((json_int_t)rev));
            p += n + (c != '\0');
        }
        free(v);
    }
    if (!last)
        return index_fail(ix, TRACUU_ENOMEM, "out of memory");
    const char *path;
    json_t *rev;
    json_object_foreach(last, path, rev) {
        if (!back_since(ix, path, (uint64_t)json_integer_value(rev)))
            json_array_append_new(list, json_pack("{s:s, s:O, s:s}", "path", path, "revision",
                                                  rev, "change", "removed"));
    }
    json_decref(last);
    return TRACUU_OK;
}

tracuu_status
tracuu_changes_list(char **out, tracuu_index *ix, uint64_t since)
{
    if (!out || !ix)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    char from[24];
    snprintf(from, sizeof from, "%012llu", (unsigned long long)since + 1);
    json_t *list = json_array();
    store_mset *m = NULL;
    tracuu_status st = records_of(ix, KIND_DOC, NULL, from, &m);
    if (st != TRACUU_OK) {
        json_decref(list);
        return st;
    }
    for (size_t i = 0; i < store_mset_size(m); i++) {
        store_hit h;
        store_mset_hit(m, i, &h);
        json_t *d = record_doc_json_of(h.data, h.datalen);
        const char *path = json_string_value(json_object_get(d, "path"));
        json_int_t rev = json_integer_value(json_object_get(d, "revision"));
        json_int_t created = json_integer_value(json_object_get(d, "created"));
        if (path)
            json_array_append_new(list, json_pack("{s:s, s:I, s:s}", "path", path, "revision",
                                                  rev, "change",
                                                  (uint64_t)created > since ? "added"
                                                                            : "updated"));
        json_decref(d);
    }
    store_mset_free(m);
    st = removals(ix, since, list);
    if (st != TRACUU_OK) {
        json_decref(list);
        return st;
    }
    size_t n = json_array_size(list);
    json_t **items = calloc(n ? n : 1, sizeof *items);
    for (size_t i = 0; items && i < n; i++)
        items[i] = json_array_get(list, i);
    if (items)
        qsort(items, n, sizeof *items, by_revision);
    json_t *sorted = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append(sorted, items[i]);
    free(items);
    json_decref(list);
    json_t *o = json_pack("{s:I, s:I, s:o}", "since", (json_int_t)since, "revision",
                          (json_int_t)revision_of(ix), "changes", sorted);
    *out = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? TRACUU_OK : index_fail(ix, TRACUU_ENOMEM, "out of memory");
}
