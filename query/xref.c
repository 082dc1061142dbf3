/*
 * xref.c - cross-references over the citation terms the indexer writes (schema.h XC:) and
 * the citation tables of document records (store/record.h):
 * who cites a document (tracuu_cites_list), what a document cites (tracuu_refs_list), what is cited
 * together with a document (tracuu_cocited_list). Each answer is one JSON object, the shape
 * `tracuu cites/refs/cocited --json` print.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "cite.h"
#include "index.h"
#include "record.h"
#include "records.h"
#include "registry.h"
#include "schema.h"

/* Resolve what the user typed to a canonical id. */
static tracuu_status
resolve_id(tracuu_index *ix, const char *spelling, char *id, size_t idsz)
{
    if (!spelling || !*spelling)
        return index_fail(ix, TRACUU_EINVAL, "give a document number, e.g. 25-NQ/TW");
    if (cite_canonical(spelling, id, idsz))
        return TRACUU_OK;
    /* Ids the registry knows that are not numbers (none today) or exact ids as stored. */
    if (registry_find(registry_global(), spelling)) {
        snprintf(id, idsz, "%s", spelling);
        return TRACUU_OK;
    }
    return index_fail(ix, TRACUU_EINVAL, "'%s' is not a document number (e.g. 25-NQ/TW, "
                                         "04/2015/NĐ-CP)", spelling);
}

/* A title learned from reports (schema.h META_TITLE), owned, or NULL. */
static char *
learned_title(tracuu_index *ix, const char *id)
{
    char key[CITE_ID_MAX + 32], *v = NULL;
    store_err err = {TRACUU_OK, ""};
    snprintf(key, sizeof key, "%s%s", META_TITLE, id);
    if (store_db_get_meta(ix->db, key, &v, &err) != TRACUU_OK || !v || !*v) {
        free(v);
        return NULL;
    }
    return v;
}

/* What the registry says of id, else the title reports gave it ({"id", "title",
 * "learned": true}), else null. */
static json_t *
registry_info(tracuu_index *ix, const char *id)
{
    const registry *reg = registry_global();
    const reg_entry *e = registry_find(reg, id);
    const reg_entry *several[8];
    size_t n = 0;
    if (!e) {
        char base[CITE_ID_MAX];
        cite_base(id, base, sizeof base);
        n = registry_by_base(reg, base, several, 8);
        if (n == 1)
            e = several[0];
    }
    if (!e) {
        char *t = learned_title(ix, id);
        json_t *o = t ? json_pack("{s:s, s:s, s:b}", "id", id, "title", t, "learned", 1)
                      : json_null();
        free(t);
        return o;
    }
    json_t *o = json_pack("{s:s, s:s?, s:s?, s:s?}", "id", e->id, "title", e->title, "organ",
                          e->organ, "khoa", e->khoa);
    json_object_set_new(o, "date", e->date[0] ? json_string(e->date) : json_null());
    if (e->nreplaced_by)
        json_object_set_new(o, "replaced_by",
                            json_pack("{s:s, s:s}", "id", e->replaced_by[0].id, "date",
                                      e->replaced_by[0].date));
    return o;
}

static int
folded_equal(const char *a, const char *b)
{
    text_buf fa = TEXT_BUF_INIT(1024), fb = TEXT_BUF_INIT(1024);
    int eq = abbrev_fold(a, 0, strlen(a), &fa) == TRACUU_OK &&
             abbrev_fold(b, 0, strlen(b), &fb) == TRACUU_OK && fa.len == fb.len &&
             (!fa.len || !memcmp(fa.ptr, fb.ptr, fa.len));
    text_buf_free(&fa);
    text_buf_free(&fb);
    return eq;
}

/* date "YYYY-MM-DD" within [since, until] (prefixes: "2019", "2019-06")? */
static int
in_range(const char *date, const char *since, const char *until)
{
    if (!since && !until)
        return 1;
    if (!date)
        return 0;
    if (since && strcmp(date, since) < 0)
        return 0;
    if (until && strncmp(date, until, strlen(until)) > 0)
        return 0;
    return 1;
}

/* Does the citation c answer a query for id? "18-NQ/TW@2022" only itself; a base
 * ("18-NQ/TW") every version of it and the ambiguous base. */
static int
cite_matches(const record_cite *c, const char *id)
{
    if (strchr(id, '@'))
        return !strcmp(c->id, id);
    char cb[CITE_ID_MAX];
    cite_base(c->id, cb, sizeof cb);
    return !strcmp(cb, id);
}

/* The passages of d citing id (cite_matches), in order, each with the mentions as written,
 * its page and heading; the ids it was cited as into cited_as, and whether every such
 * mention was ambiguous into *ambiguous. */
static void
cite_passages(json_t *out, const record_doc *d, const char *id, json_t *cited_as,
              int *ambiguous)
{
    json_t *pj = NULL;
    uint32_t cur = RECORD_NO_PASSAGE;
    *ambiguous = 1;
    for (size_t k = 0; k < d->ncites; k++) {
        const record_cite *c = &d->cites[k];
        if (!cite_matches(c, id))
            continue;
        int seen = 0;
        for (size_t a = 0; a < json_array_size(cited_as) && !seen; a++)
            seen = !strcmp(json_string_value(json_array_get(cited_as, a)), c->id);
        if (!seen)
            json_array_append_new(cited_as, json_string(c->id));
        if (c->resolved != CITE_AMBIGUOUS)
            *ambiguous = 0;
        if (c->passage == RECORD_NO_PASSAGE)
            continue;
        if (c->passage != cur) {
            const record_passage *p = &d->passages[c->passage];
            cur = c->passage;
            pj = json_pack("{s:I, s:s%, s:[]}", "passage", (json_int_t)cur + 1, "text",
                           d->text + p->start, (size_t)(p->end - p->start), "mentions");
            if (!pj)
                continue;
            /* where it sits: the page of a PDF, the heading above it */
            if (p->page)
                json_object_set_new(pj, "page", json_integer(p->page));
            size_t hl;
            const char *hs = record_passage_heading(d, cur, &hl);
            if (hs)
                json_object_set_new(pj, "heading", json_stringn(hs, hl));
            json_array_append_new(out, pj);
        }
        if (pj)
            json_array_append_new(json_object_get(pj, "mentions"),
                                  json_stringn(d->text + c->start, c->end - c->start));
    }
}

static uint64_t documents_citing(tracuu_index *ix, const char *id);

/* Issuers every commune, district or province has its own of: a number with one of them
 * names a document of the citing report's place, not of another province. */
static int
local_issuer(const char *id)
{
    static const char *const local[] = {"TU", "HU", "ĐU", "ĐUK", "UBND", "HĐND", "BDVTU",
                                        "BDVHU", "VPQU", "ThU", "QU"};
    char base[CITE_ID_MAX];
    cite_base(id, base, sizeof base);
    const char *slash = strrchr(base, '/'), *dash = strchr(slash ? slash : base, '-');
    const char *iss = dash ? dash + 1 : slash ? slash + 1 : base;
    size_t il = strcspn(iss, "-");
    for (size_t k = 0; k < sizeof local / sizeof *local; k++)
        if (strlen(local[k]) == il && !strncmp(iss, local[k], il))
            return 1;
    return 0;
}

/* The indexed documents whose own number (schema.h XN:) is id ("18-NQ/TW@2022": its base,
 * dated in 2022 when the document has a date), newest first: [{path, date, title, commune,
 * district, province}]. An index error leaves it empty (the answer stands without it). */
static json_t *
archived_docs(tracuu_index *ix, const char *id)
{
    char base[CITE_ID_MAX], term[CITE_ID_MAX + 8];
    cite_base(id, base, sizeof base);
    const char *at = strchr(id, '@');
    snprintf(term, sizeof term, "%s%s", PREFIX_NUMBER, base);
    json_t *out = json_array();
    store_mset *m = NULL;
    if (records_of(ix, KIND_DOC, term, NULL, &m) != TRACUU_OK) {
        index_clear_error(ix);
        return out;
    }
    for (size_t i = 0; i < store_mset_size(m); i++) {
        store_hit h;
        store_mset_hit(m, i, &h);
        record_doc *d = NULL;
        if (record_doc_decode(&d, h.data, h.datalen) != TRACUU_OK)
            continue;
        if (!at || !d->date || !strncmp(d->date, at + 1, 4))
            json_array_append_new(out, json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "path",
                                                 d->path, "date", d->date, "title", d->title,
                                                 "commune", d->commune, "district", d->district,
                                                 "province", d->province));
        record_doc_free(d);
    }
    store_mset_free(m);
    size_t n = json_array_size(out);
    for (size_t a = 1; a < n; a++) /* newest first: few documents share a number */
        for (size_t b = a; b > 0; b--) {
            const char *x = json_string_value(json_object_get(json_array_get(out, b - 1), "date"));
            const char *y = json_string_value(json_object_get(json_array_get(out, b), "date"));
            if (!y || (x && strcmp(x, y) >= 0))
                break;
            json_t *t = json_incref(json_array_get(out, b - 1));
            json_array_set(out, b - 1, json_array_get(out, b));
            json_array_set_new(out, b, t);
        }
    return out;
}

static int
same_place(json_t *a, json_t *b, const char *key)
{
    const char *x = json_string_value(json_object_get(a, key));
    const char *y = json_string_value(json_object_get(b, key));
    return x && y && folded_equal(x, y);
}

/* "in_archive": the path of the archived document numbered id that the citing document
 * (`from`, its JSON record; NULL for `cites`) means: for a local issuer one of its own
 * province when both are known, the one sharing most of its place (commune, district,
 * province), then the newest; "in_archive_all" lists every path when several carry the
 * number. Nothing is set when none does. */
static void
set_in_archive(json_t *o, json_t *arch, json_t *from)
{
    const char *id = json_string_value(json_object_get(o, "id"));
    json_t *best = NULL, *all = json_array(), *a;
    int best_score = -1;
    size_t i;
    json_array_foreach(arch, i, a) {
        json_array_append(all, json_object_get(a, "path"));
        if (from && id && local_issuer(id) &&
            json_string_value(json_object_get(a, "province")) &&
            json_string_value(json_object_get(from, "province")) &&
            !same_place(a, from, "province"))
            continue;
        int score = from ? 4 * same_place(a, from, "commune") + 2 * same_place(a, from, "district") +
                               same_place(a, from, "province")
                         : 0;
        if (score > best_score) {
            best = a;
            best_score = score;
        }
    }
    if (best)
        json_object_set(o, "in_archive", json_object_get(best, "path"));
    if (best && json_array_size(all) > 1)
        json_object_set(o, "in_archive_all", all);
    json_decref(all);
}

/* A base the registry knows several versions of ("18-NQ/TW": @2017 and @2022): "versions"
 * [{id, date, title, documents}] so the answer says that it lists the citers of all. */
static void
add_versions(tracuu_index *ix, json_t *o, const char *id)
{
    const reg_entry *v[8];
    if (strchr(id, '@'))
        return;
    size_t nv = registry_by_base(registry_global(), id, v, 8);
    if (nv < 2)
        return;
    json_t *arr = json_array();
    for (size_t k = 0; k < nv; k++)
        json_array_append_new(arr, json_pack("{s:s, s:s?, s:s?, s:I}", "id", v[k]->id, "date",
                                             v[k]->date[0] ? v[k]->date : NULL, "title",
                                             v[k]->title, "documents",
                                             (json_int_t)documents_citing(ix, v[k]->id)));
    json_object_set_new(o, "versions", arr);
}

static int
by_date_desc(const void *a, const void *b)
{
    const char *x = json_string_value(json_object_get(*(json_t *const *)a, "date"));
    const char *y = json_string_value(json_object_get(*(json_t *const *)b, "date"));
    if (!x || !y)
        return !x - !y; /* undated last */
    return strcmp(y, x);
}

tracuu_status
tracuu_cites_list(char **out, tracuu_index *ix, const char *id_spelling, const char *commune,
             const char *since, const char *until, int stats)
{
    if (!out || !ix)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    char id[CITE_ID_MAX], term[CITE_ID_MAX + 8];
    tracuu_status st = resolve_id(ix, id_spelling, id, sizeof id);
    if (st != TRACUU_OK)
        return st;
    snprintf(term, sizeof term, "%s%s", PREFIX_CITE, id);
    store_mset *m = NULL;
    st = records_of(ix, KIND_DOC, term, NULL, &m);
    if (st != TRACUU_OK)
        return st;
    json_t *docs = json_object(); /* path -> document */
    for (size_t i = 0; i < store_mset_size(m); i++) {
        store_hit h;
        store_mset_hit(m, i, &h);
        record_doc *d = NULL;
        if (record_doc_decode(&d, h.data, h.datalen) != TRACUU_OK)
            continue;
        if (!in_range(d->date, since, until) ||
            (commune && (!d->commune || !folded_equal(d->commune, commune)))) {
            record_doc_free(d);
            continue;
        }
        json_t *doc = json_pack("{s:s, s:s?, s:s?, s:s?, s:[], s:[]}", "path", d->path, "date",
                                d->date, "commune", d->commune, "title", d->title, "passages",
                                "cited_as");
        json_object_set_new(docs, d->path, doc);
        int ambiguous;
        cite_passages(json_object_get(doc, "passages"), d, id, json_object_get(doc, "cited_as"),
                      &ambiguous);
        if (ambiguous)
            json_object_set_new(doc, "resolved", json_string("ambiguous"));
        record_doc_free(d);
    }
    store_mset_free(m);
    /* Newest first; passages in document order. */
    size_t nd = json_object_size(docs), k = 0;
    json_t **arr = calloc(nd ? nd : 1, sizeof *arr);
    const char *key;
    json_t *v;
    json_object_foreach(docs, key, v) {
        arr[k++] = v;
    }
    qsort(arr, nd, sizeof *arr, by_date_desc);
    json_t *list = json_array();
    json_t *by_commune = json_object(), *by_year = json_object();
    for (size_t i = 0; i < nd; i++) {
        json_t *ps = json_object_get(arr[i], "passages");
        size_t np = json_array_size(ps);
        for (size_t a = 1; a < np; a++) /* insertion sort by ordinal: few per document */
            for (size_t b = a; b > 0 && json_integer_value(json_object_get(json_array_get(ps, b - 1), "passage")) >
                                            json_integer_value(json_object_get(json_array_get(ps, b), "passage"));
                 b--) {
                json_t *x = json_incref(json_array_get(ps, b - 1));
                json_array_set(ps, b - 1, json_array_get(ps, b));
                json_array_set_new(ps, b, x);
            }
        json_array_append(list, arr[i]);
        const char *com = json_string_value(json_object_get(arr[i], "commune"));
        const char *date = json_string_value(json_object_get(arr[i], "date"));
        char year[8];
        snprintf(year, sizeof year, "%.4s", date ? date : "?");
        json_object_set_new(by_commune, com ? com : "?",
                            json_integer(json_integer_value(json_object_get(by_commune, com ? com : "?")) + 1));
        json_object_set_new(by_year, year,
                            json_integer(json_integer_value(json_object_get(by_year, year)) + 1));
    }
    free(arr);
    json_t *info = registry_info(ix, id);
    json_t *o = json_pack("{s:s, s:O, s:o}", "id", id, "title",
                          json_is_object(info) ? json_object_get(info, "title") : json_null(),
                          "documents", list);
    json_decref(info);
    add_versions(ix, o, id);
    json_t *arch = archived_docs(ix, id);
    set_in_archive(o, arch, NULL);
    json_decref(arch);
    if (stats)
        json_object_set_new(o, "stats", json_pack("{s:o, s:o}", "by_commune", by_commune,
                                                  "by_year", by_year));
    else {
        json_decref(by_commune);
        json_decref(by_year);
    }
    json_decref(docs);
    *out = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? TRACUU_OK : index_fail(ix, TRACUU_ENOMEM, "out of memory");
}

/* The record of one document (as tracuu_document_get returns it), parsed. */
static tracuu_status
doc_record(tracuu_index *ix, const char *doc, json_t **out)
{
    char *js = NULL;
    tracuu_status st = tracuu_document_get(&js, ix, doc);
    if (st != TRACUU_OK)
        return st;
    *out = json_loads(js, 0, NULL);
    free(js);
    return *out ? TRACUU_OK : index_fail(ix, TRACUU_ECORRUPT, "%s: bad record", doc);
}

static uint64_t
documents_citing(tracuu_index *ix, const char *id)
{
    char term[CITE_ID_MAX + 8];
    snprintf(term, sizeof term, "%s%s", PREFIX_CITE, id);
    uint64_t n = 0;
    return records_count(ix, KIND_DOC, term, &n) == TRACUU_OK ? n : 0;
}

tracuu_status
tracuu_refs_list(char **out, tracuu_index *ix, const char *doc)
{
    if (!out || !ix || !doc)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    json_t *rec = NULL;
    tracuu_status st = doc_record(ix, doc, &rec);
    if (st != TRACUU_OK)
        return st;
    const char *date = json_string_value(json_object_get(rec, "date"));
    json_t *refs = json_array(), *c;
    size_t i;
    json_array_foreach(json_object_get(rec, "cites"), i, c) {
        const char *id = json_string_value(json_object_get(c, "id"));
        if (!id)
            continue;
        json_t *info = registry_info(ix, id);
        json_t *r = json_pack("{s:s, s:O, s:O, s:O}", "id", id, "resolved",
                              json_object_get(c, "resolved"), "passages",
                              json_object_get(c, "passages"), "registry", info);
        /* Was it already replaced when the report was written? */
        json_t *rb = json_object_get(info, "replaced_by");
        const char *rdate = json_string_value(json_object_get(rb, "date"));
        int replaced = date && rdate && *rdate && strcmp(rdate, date) <= 0;
        json_object_set_new(r, "valid", json_boolean(!replaced));
        if (replaced)
            json_object_set_new(r, "replaced_by", json_incref(rb));
        uint64_t n = documents_citing(ix, id);
        json_object_set_new(r, "cited_by_others", json_integer((json_int_t)(n ? n - 1 : 0)));
        json_t *arch = archived_docs(ix, id);
        set_in_archive(r, arch, rec);
        json_decref(arch);
        json_decref(info);
        json_array_append_new(refs, r);
    }
    json_t *o = json_pack("{s:O, s:O, s:O, s:o}", "path", json_object_get(rec, "path"), "date",
                          json_object_get(rec, "date"), "title", json_object_get(rec, "title"),
                          "refs", refs);
    json_decref(rec);
    *out = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? TRACUU_OK : index_fail(ix, TRACUU_ENOMEM, "out of memory");
}

typedef struct {
    const char *id;
    json_int_t n;
} count;

static int
by_count(const void *a, const void *b)
{
    const count *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->id, y->id);
}

tracuu_status
tracuu_cocited_list(char **out, tracuu_index *ix, const char *id_spelling, unsigned limit)
{
    if (!out || !ix)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    char id[CITE_ID_MAX], base[CITE_ID_MAX], term[CITE_ID_MAX + 8];
    tracuu_status st = resolve_id(ix, id_spelling, id, sizeof id);
    if (st != TRACUU_OK)
        return st;
    cite_base(id, base, sizeof base);
    snprintf(term, sizeof term, "%s%s", PREFIX_CITE, id);
    store_mset *m = NULL;
    st = records_of(ix, KIND_DOC, term, NULL, &m);
    if (st != TRACUU_OK)
        return st;
    json_t *counts = json_object(); /* id -> number of documents citing both */
    size_t ndocs = store_mset_size(m);
    for (size_t i = 0; i < ndocs; i++) {
        store_hit h;
        store_mset_hit(m, i, &h);
        json_t *d = record_doc_json_of(h.data, h.datalen), *c;
        size_t k;
        json_array_foreach(json_object_get(d, "cites"), k, c) {
            const char *cid = json_string_value(json_object_get(c, "id"));
            char cb[CITE_ID_MAX];
            cite_base(cid ? cid : "", cb, sizeof cb);
            if (!cid || !strcmp(cb, base))
                continue;
            json_object_set_new(counts, cid,
                                json_integer(json_integer_value(json_object_get(counts, cid)) + 1));
        }
        json_decref(d);
    }
    store_mset_free(m);
    size_t n = json_object_size(counts), k = 0;
    count *cs = calloc(n ? n : 1, sizeof *cs);
    const char *key;
    json_t *v;
    json_object_foreach(counts, key, v) {
        cs[k].id = key;
        cs[k].n = json_integer_value(v);
        k++;
    }
    qsort(cs, n, sizeof *cs, by_count);
    json_t *list = json_array();
    for (size_t i = 0; i < n && i < (limit ? limit : 20); i++) {
        json_t *info = registry_info(ix, cs[i].id);
        json_array_append_new(list, json_pack("{s:s, s:I, s:O}", "id", cs[i].id, "documents",
                                              cs[i].n, "title",
                                              json_is_object(info) ? json_object_get(info, "title")
                                                                   : json_null()));
        json_decref(info);
    }
    free(cs);
    json_decref(counts);
    json_t *o = json_pack("{s:s, s:I, s:o}", "id", id, "documents", (json_int_t)ndocs, "cocited",
                          list);
    *out = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? TRACUU_OK : index_fail(ix, TRACUU_ENOMEM, "out of memory");
}
