/*
 * writer.c - index records for one document: terms, values and data (schema.h).
 *
 * Every syllable is posted twice at the same position: its folded form (unprefixed) and
 * its exact form ("E" prefix). Phrase queries then work on either layer, and an accented
 * query can prefer exact matches without losing folded ones.
 */
#include "writer.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "buf.h"
#include "cite.h"
#include "registry.h"
#include "extract.h"
#include "freq.h"
#include "manifest.h"
#include "meta.h"
#include "section.h"
#include "simhash.h"
#include "simterms.h"
#include "passage.h"
#include "schema.h"
#include "token.h"

void
writer_stamp(char *out, size_t outsz, uint64_t size, int64_t mtime_ns)
{
    snprintf(out, outsz, "%llu:%lld", (unsigned long long)size, (long long)mtime_ns);
}

/* Title: the first short passage that reads like a heading (>= 4 words, not a sentence
 * cut from the body). The metadata issue replaces this with front matter and HTML. */
static void
pick_title(const char *t, const passage_span *ps, size_t np, size_t *ts, size_t *te)
{
    *ts = *te = 0;
    for (size_t i = 0; i < np && i < 5; i++) {
        size_t len = ps[i].end - ps[i].start;
        if (len > 300)
            continue;
        unsigned words = 1;
        for (size_t k = ps[i].start; k < ps[i].end; k++)
            if (t[k] == ' ')
                words++;
        if (words >= 4) {
            *ts = ps[i].start;
            *te = ps[i].end;
            return;
        }
    }
}

static tracuu_status
add_values(store_doc *doc, const char *path, const char *dockey, store_err *err)
{
    tracuu_status st = store_doc_value(doc, SLOT_PATH, path, strlen(path), err);
    if (st == TRACUU_OK)
        st = store_doc_value(doc, SLOT_DOCKEY, dockey, strlen(dockey), err);
    return st;
}

static tracuu_status
add_bool(store_doc *doc, const char *prefix, const char *value, store_err *err)
{
    char term[64];
    int n = snprintf(term, sizeof term, "%s%s", prefix, value);
    return store_doc_term(doc, term, (size_t)n, 0, err);
}

/* Post the folded and exact forms of every syllable of text[s..e). */
static tracuu_status
post_words(store_doc *doc, const char *text, size_t s, size_t e, const text_freq_src *freq,
           text_buf *exact, text_buf *folded, store_err *err)
{
    unsigned termpos = 0;
    text_token tok;
    text_tokenizer tz;
    char prev[TEXT_TOKEN_MAX_BYTES + 1] = "";
    text_tokenizer_init(&tz, text + s, e - s, freq);
    while (text_tokenizer_next(&tz, &tok)) {
        tok.start += s;
        tok.end += s;
        termpos++;
        if (tok.end - tok.start > TEXT_TOKEN_MAX_BYTES) {
            prev[0] = '\0';
            continue; /* keeps its position so phrases do not bridge it */
        }
        text_buf_reset(exact);
        text_buf_reset(folded);
        tracuu_status st = text_buf_puts(exact, PREFIX_EXACT);
        if (st == TRACUU_OK)
            st = text_token_forms(text, tok.start, tok.end, exact, folded, NULL);
        if (st != TRACUU_OK) {
            err->status = st;
            snprintf(err->msg, sizeof err->msg, "%s", tracuu_status_str(st));
            return st;
        }
        if (folded->len)
            st = store_doc_posting(doc, folded->ptr, folded->len, termpos, err);
        /* The bigram with the syllable before (schema.h "B"); a skipped long token breaks
         * the chain as it breaks phrases. */
        if (st == TRACUU_OK && prev[0] && folded->len) {
            char bg[2 * TEXT_TOKEN_MAX_BYTES + 8];
            int bl = snprintf(bg, sizeof bg, "%s%s %s", PREFIX_BIGRAM, prev, folded->ptr);
            st = store_doc_term(doc, bg, (size_t)bl, 1, err);
        }
        snprintf(prev, sizeof prev, "%s", folded->len ? folded->ptr : "");
        /* The exact form only where it differs from the folded one (schema.h "E"). */
        size_t pl = strlen(PREFIX_EXACT);
        if (st == TRACUU_OK && exact->len > pl &&
            (exact->len - pl != folded->len || memcmp(exact->ptr + pl, folded->ptr, folded->len)))
            st = store_doc_term(doc, exact->ptr, exact->len, 1, err);
        if (st != TRACUU_OK)
            return st;
    }
    return TRACUU_OK;
}

/* Forms one abbreviation may collect from documents; past this, new ones are not kept (a
 * side table must never fail the indexing of a document). */
#define ABBR_FORMS_MAX 16

/* Add `line` to the newline-separated list under metadata `key` unless it is there. */
static tracuu_status
meta_add_line(store_db *db, const char *key, const char *line, store_err *err)
{
    char *cur = NULL;
    tracuu_status st = store_db_get_meta(db, key, &cur, err);
    if (st != TRACUU_OK)
        return st;
    size_t ln = strlen(line), lines = 0;
    for (const char *p = cur; p && *p; lines++) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == ln && !memcmp(p, line, ln)) {
            free(cur);
            return TRACUU_OK;
        }
        p = e ? e + 1 : p + len;
    }
    if (lines >= ABBR_FORMS_MAX) {
        free(cur);
        return TRACUU_OK;
    }
    text_buf v = TEXT_BUF_INIT(1 << 16);
    if (cur && *cur)
        st = text_buf_printf(&v, "%s\n", cur);
    if (st == TRACUU_OK)
        st = text_buf_puts(&v, line);
    free(cur);
    if (st == TRACUU_OK)
        st = store_db_set_meta(db, key, v.ptr, err);
    else if (err->status == TRACUU_OK) {
        err->status = st;
        snprintf(err->msg, sizeof err->msg, "%s", tracuu_status_str(st));
    }
    text_buf_free(&v);
    return st;
}

/* Harvest "phrase (ABBR)" definitions: into the document's data (as written) and the
 * index's metadata (folded, both directions) for query expansion. */
static tracuu_status
record_abbreviations(tracuu_index *ix, const char *text, size_t n, json_t *out, store_err *err)
{
    text_buf defs = TEXT_BUF_INIT((size_t)1 << 24);
    text_buf fa = TEXT_BUF_INIT(256), fe = TEXT_BUF_INIT(1024), key = TEXT_BUF_INIT(2048);
    tracuu_status st = abbrev_harvest(text, n, &defs);
    const abbrev_def *d = (const abbrev_def *)(void *)defs.ptr;
    for (size_t i = 0; st == TRACUU_OK && i < defs.len / sizeof *d; i++) {
        char abbr[64];
        size_t al = d[i].abbr_end - d[i].abbr_start;
        if (al >= sizeof abbr)
            continue;
        memcpy(abbr, text + d[i].abbr_start, al);
        abbr[al] = '\0';
        if (json_object_get(out, abbr))
            continue; /* the first definition in a document stands */
        json_object_set_new(out, abbr,
                            json_stringn(text + d[i].exp_start, d[i].exp_end - d[i].exp_start));
        st = abbrev_fold(text, d[i].abbr_start, d[i].abbr_end, &fa);
        if (st == TRACUU_OK)
            st = abbrev_fold(text, d[i].exp_start, d[i].exp_end, &fe);
        if (st != TRACUU_OK || !fa.len || !fe.len || fa.len + fe.len > 1000)
            continue;
        text_buf_reset(&key);
        st = text_buf_printf(&key, "%s%s", META_ABBR, fa.ptr);
        if (st == TRACUU_OK)
            st = meta_add_line(ix->db, key.ptr, fe.ptr, err);
        text_buf_reset(&key);
        if (st == TRACUU_OK)
            st = text_buf_printf(&key, "%s%s", META_ABBR_EXPANSION, fe.ptr);
        if (st == TRACUU_OK)
            st = meta_add_line(ix->db, key.ptr, fa.ptr, err);
    }
    if (st != TRACUU_OK && err->status == TRACUU_OK) {
        err->status = st;
        snprintf(err->msg, sizeof err->msg, "abbreviations: %s", tracuu_status_str(st));
    }
    text_buf_free(&defs);
    text_buf_free(&fa);
    text_buf_free(&fe);
    text_buf_free(&key);
    return st;
}

/* The citation terms of one id: the id itself and, for "25-NQ/TW@2013", its base too. */
static tracuu_status
cite_terms(store_doc *doc, const char *prefix, const char *id, store_err *err)
{
    char term[CITE_ID_MAX + 8], base[CITE_ID_MAX];
    int n = snprintf(term, sizeof term, "%s%s", prefix, id);
    tracuu_status st = store_doc_term(doc, term, (size_t)n, 0, err);
    cite_base(id, base, sizeof base);
    if (st == TRACUU_OK && strcmp(base, id)) {
        n = snprintf(term, sizeof term, "%s%s", prefix, base);
        st = store_doc_term(doc, term, (size_t)n, 0, err);
    }
    return st;
}

/* The citations whose mention starts in [a, b), as passage JSON. */
static json_t *
passage_cites(const char *text, const cite *c, size_t nc, size_t a, size_t b)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < nc; i++)
        if (c[i].start >= a && c[i].start < b)
            json_array_append_new(arr, json_pack("{s:s, s:s%, s:I, s:I, s:s}", "id", c[i].id,
                                                 "text", text + c[i].start,
                                                 c[i].end - c[i].start, "start",
                                                 (json_int_t)c[i].start, "end",
                                                 (json_int_t)c[i].end, "resolved",
                                                 cite_resolution_name(c[i].resolved)));
    return arr;
}

/* The document's citations: each id once, how its first mention was resolved, and the
 * passages (ordinals) that cite it. */
static json_t *
doc_cites(const cite *c, size_t nc, const passage_span *ps, size_t np)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < nc; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(c[k].id, c[i].id);
        if (seen)
            continue;
        json_t *passages = json_array();
        for (size_t k = i; k < nc; k++) {
            if (strcmp(c[k].id, c[i].id))
                continue;
            for (size_t p = 0; p < np; p++)
                if (c[k].start >= ps[p].start && c[k].start < ps[p].end) {
                    json_int_t ord = (json_int_t)(p + 1);
                    size_t last = json_array_size(passages);
                    if (!last || json_integer_value(json_array_get(passages, last - 1)) != ord)
                        json_array_append_new(passages, json_integer(ord));
                    break;
                }
        }
        json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "id", c[i].id, "resolved",
                                             cite_resolution_name(c[i].resolved), "passages",
                                             passages));
    }
    return arr;
}

/* A title quoted after a citation, before `limit` (the next citation): 'Nghị quyết số
 * 25-NQ/TW về “Tăng cường và đổi mới ...”', or right after it: 'Quy định số 106 của Ban
 * Thường vụ Huyện ủy “về việc ban hành ...”'. Its span in text, or 0. */
static int
quoted_title(const char *text, size_t n, size_t end, size_t limit, size_t *a, size_t *b)
{
    size_t i = end;
    while (i < n && i < limit && i - end < 80 && text[i] != '\n' && text[i] != '.' &&
           text[i] != ';') {
        int open = text[i] == '"' ? 1 : (i + 2 < n && !memcmp(text + i, "\xE2\x80\x9C", 3)) ? 3 : 0;
        if (!open) {
            i++;
            continue;
        }
        /* Only "về “...”" (a quote after "về" names the subject) or a quote that follows
         * the mention directly. */
        size_t gap = end;
        while (gap < i && text[gap] == ' ')
            gap++;
        if (gap != i && (i < end + 5 || memcmp(text + i - 5, "v\xE1\xBB\x81 ", 5)))
            return 0;
        size_t s = i + (size_t)open, k = s;
        while (k < n && k - s < 400 && text[k] != '\n' && text[k] != '"' &&
               !(k + 2 < n && !memcmp(text + k, "\xE2\x80\x9D", 3)))
            k++;
        if (k >= n || k == s || k - s >= 400 || text[k] == '\n')
            return 0;
        *a = s;
        *b = k;
        return 1;
    }
    return 0;
}

/* Remember quoted titles of cited documents the registry has no title for. */
static tracuu_status
learn_titles(tracuu_index *ix, const char *text, size_t n, const cite *c, size_t nc,
             store_err *err)
{
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < nc && st == TRACUU_OK; i++) {
        const reg_entry *e = registry_find(registry_global(), c[i].id);
        size_t a, b;
        size_t limit = i + 1 < nc ? c[i + 1].start : n;
        if ((e && e->title) || c[i].resolved == CITE_AMBIGUOUS ||
            !quoted_title(text, n, c[i].end, limit, &a, &b))
            continue;
        char key[CITE_ID_MAX + 32], *cur = NULL;
        snprintf(key, sizeof key, "%s%s", META_TITLE, c[i].id);
        st = store_db_get_meta(ix->db, key, &cur, err);
        if (st == TRACUU_OK && (!cur || !*cur)) {
            char *t = strndup(text + a, b - a);
            st = t ? store_db_set_meta(ix->db, key, t, err) : TRACUU_ENOMEM;
            free(t);
        }
        free(cur);
    }
    return st;
}

static tracuu_status
set_json_data(store_doc *doc, json_t *obj, store_err *err)
{
    char *s = json_dumps(obj, JSON_COMPACT);
    if (!s) {
        err->status = TRACUU_ENOMEM;
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return TRACUU_ENOMEM;
    }
    tracuu_status st = store_doc_data(doc, s, strlen(s), err);
    free(s);
    return st;
}

typedef struct rename_ctx {
    const writer_file *f;
} rename_ctx;

/* The data of a record renamed within its folder: new path; the document record also its
 * new revision (it is new at this path). Metadata from the folder cannot change (a move to
 * another folder is indexed afresh: add.c). */
static char *
fix_moved(void *ctx, const char *data, size_t len)
{
    const rename_ctx *rc = ctx;
    json_t *o = json_loadb(data, len, 0, NULL);
    if (!o)
        return NULL;
    json_object_set_new(o, "path", json_string(rc->f->path));
    if (json_object_get(o, "mtime_ns")) { /* the document record */
        json_object_set_new(o, "mtime_ns", json_integer((json_int_t)rc->f->mtime_ns));
        json_object_set_new(o, "revision", json_integer((json_int_t)rc->f->revision));
        json_object_set_new(o, "created", json_integer((json_int_t)rc->f->revision));
    }
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

tracuu_status
writer_rename(tracuu_index *ix, const char *old_path, const writer_file *f, size_t *moved)
{
    char oldkey[17], newkey[17], stamp[64], manif[PATH_MAX + 128], rev[24];
    index_dockey(oldkey, old_path);
    index_dockey(newkey, f->path);
    writer_stamp(stamp, sizeof stamp, f->size, f->mtime_ns);
    manifest_value(manif, sizeof manif, stamp, f->hash, f->path);
    snprintf(rev, sizeof rev, "%012llu", (unsigned long long)f->revision);
    const unsigned slots[3] = {SLOT_STAMP, SLOT_MANIFEST, SLOT_REVISION};
    const char *const values[3] = {stamp, manif, rev};
    rename_ctx rc = {f};
    store_err err = {TRACUU_OK, ""};
    tracuu_status st = store_db_rekey(ix->db, oldkey, newkey, f->path, slots, values, 3,
                                      fix_moved, &rc, moved, &err);
    return st == TRACUU_OK ? st : index_fail_store(ix, &err);
}

/* What every record of one document shares: its metadata as terms, date value and JSON. */
typedef struct shared_meta {
    const doc_meta *m;
    char commune[META_NAME_MAX * 2 + 8], district[META_NAME_MAX * 2 + 8],
        province[META_NAME_MAX * 2 + 8], kind[32], ckey[META_NAME_MAX * 2];
} shared_meta;

static void
shared_meta_init(shared_meta *sm, const doc_meta *m)
{
    sm->m = m;
    meta_term(sm->commune, sizeof sm->commune, PREFIX_COMMUNE, m->commune);
    meta_term(sm->district, sizeof sm->district, PREFIX_DISTRICT, m->district);
    meta_term(sm->province, sizeof sm->province, PREFIX_PROVINCE, m->province);
    abbrev_fold_key(m->commune, sm->ckey, sizeof sm->ckey);
    sm->kind[0] = '\0';
    if (m->kind[0])
        snprintf(sm->kind, sizeof sm->kind, "%s%s", PREFIX_KIND_OF, m->kind);
}

static tracuu_status
add_meta_terms(store_doc *doc, const shared_meta *sm, store_err *err)
{
    const char *const terms[] = {sm->commune, sm->district, sm->province, sm->kind};
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < sizeof terms / sizeof *terms && st == TRACUU_OK; i++)
        if (terms[i][0])
            st = store_doc_term(doc, terms[i], strlen(terms[i]), 0, err);
    if (st == TRACUU_OK && sm->m->date[0])
        st = store_doc_value(doc, SLOT_DATE, sm->m->date, strlen(sm->m->date), err);
    return st;
}

static json_t *
str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* Metadata fields into a record's JSON. */
static void
set_meta_json(json_t *o, const doc_meta *m, int with_body)
{
    json_object_set_new(o, "date", str_or_null(m->iso));
    json_object_set_new(o, "date_from", str_or_null(m->date[0] ? m->date_from : NULL));
    json_object_set_new(o, "commune", str_or_null(m->commune));
    json_object_set_new(o, "district", str_or_null(m->district));
    json_object_set_new(o, "province", str_or_null(m->province));
    json_object_set_new(o, "kind", str_or_null(m->kind));
    if (with_body)
        json_object_set_new(o, "body", str_or_null(m->body));
}

/* The ids cited in text[a..b), as a JSON array of strings. */
static json_t *
cite_ids(const cite *c, size_t nc, size_t a, size_t b)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < nc; i++)
        if (c[i].start >= a && c[i].start < b)
            json_array_append_new(arr, json_string(c[i].id));
    return arr;
}

/* Terms of the citations whose mention starts in text[a..b). */
static tracuu_status
add_cite_terms(store_doc *doc, const char *prefix, const cite *cs, size_t ncs, size_t a,
               size_t b, store_err *err)
{
    tracuu_status st = TRACUU_OK;
    for (size_t k = 0; k < ncs && st == TRACUU_OK; k++)
        if (cs[k].start >= a && cs[k].start < b)
            st = cite_terms(doc, prefix, cs[k].id, err);
    return st;
}

/* What passage and finding records share: unique id, record kind, document key, path and
 * key values, passage ordinal, the document's metadata terms and the section. */
static tracuu_status
new_text_record(store_doc **doc, const char *uid, const char *kind, const char *dockey,
                const char *path, size_t ord, size_t finding, const shared_meta *sm,
                section_kind sec, store_err *err)
{
    char ordinal[24], sec_term[32], order[PATH_MAX + 32];
    snprintf(ordinal, sizeof ordinal, "%06zu", ord);
    int ol = finding ? snprintf(order, sizeof order, "%s\t%06zu.%04zu", path, ord, finding)
                     : snprintf(order, sizeof order, "%s\t%06zu", path, ord);
    snprintf(sec_term, sizeof sec_term, "%s%s", PREFIX_SECTION, section_name(sec));
    tracuu_status st = store_doc_new(doc, err);
    if (st == TRACUU_OK)
        st = store_doc_term(*doc, uid, strlen(uid), 0, err);
    if (st == TRACUU_OK)
        st = store_doc_term(*doc, kind, strlen(kind), 0, err);
    if (st == TRACUU_OK)
        st = add_bool(*doc, PREFIX_DOC, dockey, err);
    if (st == TRACUU_OK)
        st = add_values(*doc, path, dockey, err);
    if (st == TRACUU_OK)
        st = store_doc_value(*doc, SLOT_ORDINAL, ordinal, strlen(ordinal), err);
    if (st == TRACUU_OK)
        st = store_doc_value(*doc, SLOT_ORDER, order, (size_t)ol, err);
    if (st == TRACUU_OK)
        st = add_meta_terms(*doc, sm, err);
    if (st == TRACUU_OK)
        st = store_doc_term(*doc, sec_term, strlen(sec_term), 0, err);
    return st;
}

typedef struct sim_post {
    store_doc *doc;
    store_err *err;
    tracuu_status st;
    char term[2 * TEXT_TOKEN_MAX_BYTES + 8];
} sim_post;

static void
post_sim(void *ctx, const char *t, size_t len, int bigram)
{
    (void)bigram;
    sim_post *sp = ctx;
    if (sp->st != TRACUU_OK || len + 2 > sizeof sp->term)
        return;
    int n = snprintf(sp->term, sizeof sp->term, "%s%.*s", PREFIX_SIM, (int)len, t);
    sp->st = store_doc_term(sp->doc, sp->term, (size_t)n, 1, sp->err);
}

/* One record per finding of passage `ord` (achievement or limitation). */
static tracuu_status
put_findings(tracuu_index *ix, const writer_file *f, const char *dockey, const char *text,
             const passage_span *p, size_t ord, section_kind sec, const shared_meta *sm,
             json_t *title, const cite *cs, size_t ncs, store_err *err)
{
    text_buf fb = TEXT_BUF_INIT((size_t)1 << 24);
    tracuu_status st = section_findings(text, p->start, p->end, &fb);
    const section_finding *fs = (const section_finding *)(void *)fb.ptr;
    size_t nf = fb.len / sizeof *fs;
    store_doc *doc = NULL;
    char term[64];
    for (size_t k = 0; k < nf && st == TRACUU_OK; k++) {
        snprintf(term, sizeof term, "%s%s.%zu.%zu", PREFIX_UID_FINDING, dockey, ord, k + 1);
        st = new_text_record(&doc, term, KIND_FINDING, dockey, f->path, ord, k + 1, sm, sec,
                             err);
        if (st == TRACUU_OK && sm->ckey[0])
            st = store_doc_value(doc, SLOT_COMMUNE, sm->ckey, strlen(sm->ckey), err);
        /* No word terms: findings are reached by their similarity terms (similar,
         * recurring) and filters, never by a word search, which returns passages. */
        if (st == TRACUU_OK) {
            sim_post sp = {doc, err, TRACUU_OK, ""};
            st = simterms_of(text, fs[k].start, fs[k].end, post_sim, &sp);
            if (st == TRACUU_OK)
                st = sp.st;
        }
        /* The passage's citations: a finding is about what its passage cites. */
        if (st == TRACUU_OK)
            st = add_cite_terms(doc, PREFIX_CITE_PASSAGE, cs, ncs, p->start, p->end, err);
        if (st != TRACUU_OK)
            break;
        json_t *data = json_pack("{s:s, s:I, s:I, s:I, s:I, s:s%, s:O, s:s, s:o}", "path",
                                 f->path, "passage", (json_int_t)ord, "finding",
                                 (json_int_t)(k + 1), "start", (json_int_t)fs[k].start, "end",
                                 (json_int_t)fs[k].end, "text", text + fs[k].start,
                                 fs[k].end - fs[k].start, "title", title, "section",
                                 section_name(sec), "cites",
                                 cite_ids(cs, ncs, p->start, p->end));
        if (!data) {
            st = index_fail(ix, TRACUU_ENOMEM, "%s: out of memory", f->path);
            break;
        }
        set_meta_json(data, sm->m, 0);
        st = set_json_data(doc, data, err);
        json_decref(data);
        if (st == TRACUU_OK)
            st = store_db_add(ix->db, doc, err);
        store_doc_free(doc);
        doc = NULL;
    }
    if (st != TRACUU_OK && err->status == TRACUU_OK) {
        err->status = st;
        snprintf(err->msg, sizeof err->msg, "findings: %s", tracuu_status_str(st));
    }
    store_doc_free(doc);
    text_buf_free(&fb);
    return st;
}

/* At most max bytes of a heading, cut at a character boundary. */
static size_t
heading_len(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

tracuu_status
writer_put_document(tracuu_index *ix, const writer_file *f, const char *text, size_t n,
                    unsigned *npassages)
{
    store_err err = {TRACUU_OK, ""};
    text_buf spans = TEXT_BUF_INIT((size_t)1 << 30);
    text_buf exact = TEXT_BUF_INIT(4096), folded = TEXT_BUF_INIT(4096);
    store_doc *doc = NULL;
    json_t *data = NULL, *title = NULL;
    text_buf crecs = TEXT_BUF_INIT((size_t)1 << 26);
    char dockey[17], term[64];
    tracuu_status st;
    doc_meta *m = calloc(1, sizeof *m);
    shared_meta *sm = calloc(1, sizeof *sm);
    unsigned char *sections = NULL;
    unsigned *pages = NULL;
    long *heads = NULL;
    if (!m || !sm) {
        free(m);
        free(sm);
        return index_fail(ix, TRACUU_ENOMEM, "%s: out of memory", f->path);
    }

    /* Metadata first: front matter, if any, is not part of the text proper. */
    meta_of(m, f->path, f->root, text, n, f->title, f->created_on, f->mtime_ns);
    text += m->body_offset;
    n -= m->body_offset;

    /* Glued runs split with this document's own well-spaced syllables plus the index's. */
    const text_freq_src index_freq = {index_syllable_freq, ix};
    text_doc_freq dfreq;
    text_doc_freq_init(&dfreq, text, n, &index_freq);
    const text_freq_src freq = {text_doc_freq_get, &dfreq};

    *npassages = 0;
    index_dockey(dockey, f->path);
    st = passage_split(text, n, &spans);
    if (st != TRACUU_OK) {
        index_fail(ix, st, "%s: splitting passages: %s", f->path, tracuu_status_str(st));
        goto done;
    }
    const passage_span *ps = (const passage_span *)(void *)spans.ptr;
    size_t np = spans.len / sizeof *ps;
    size_t ts, te;
    pick_title(text, ps, np, &ts, &te);
    if (m->title[0])
        title = json_string(m->title);
    else if (f->title && *f->title)
        title = json_string(f->title);
    else
        title = te > ts ? json_stringn(text + ts, te - ts) : json_null();
    if (!title)
        title = json_null(); /* a title that is not valid UTF-8 is dropped */
    if (!m->kind[0]) {
        const char *k = meta_kind_of(json_string_value(title), f->path);
        if (k)
            snprintf(m->kind, sizeof m->kind, "%s", k);
    }
    shared_meta_init(sm, m);

    /* Sections: the first passage is the title unless the title came from elsewhere. */
    sections = calloc(np ? np : 1, 1);
    if (!sections) {
        st = index_fail(ix, TRACUU_ENOMEM, "%s: out of memory", f->path);
        goto done;
    }
    /* Page and heading of each passage (layout.h), from the extractor's marks. */
    pages = calloc(np ? np : 1, sizeof *pages);
    heads = calloc(np ? np : 1, sizeof *heads);
    size_t *starts = calloc(np ? np : 1, sizeof *starts);
    if (!pages || !heads || !starts) {
        free(starts);
        st = index_fail(ix, TRACUU_ENOMEM, "%s: out of memory", f->path);
        goto done;
    }
    for (size_t i = 0; i < np; i++) {
        starts[i] = ps[i].start;
        heads[i] = -1;
    }
    if (f->nmarks)
        layout_assign(f->marks, f->nmarks, m->body_offset, starts, np, pages, heads);
    free(starts);

    section_state sst = SECTION_STATE_INIT;
    if (np && te > ts && ps[0].start != ts)
        sst.seen = 1;
    for (size_t i = 0; i < np; i++)
        sections[i] = (unsigned char)section_next(&sst, text, ps[i].start, ps[i].end);

    st = cite_extract(text, n, registry_global(), m->date[0] ? m->date : NULL, &crecs);
    if (st != TRACUU_OK) {
        index_fail(ix, st, "%s: finding citations: %s", f->path, tracuu_status_str(st));
        goto done;
    }
    const cite *cs = (const cite *)(void *)crecs.ptr;
    size_t ncs = crecs.len / sizeof *cs;

    snprintf(term, sizeof term, "%s%s", PREFIX_DOC, dockey);
    st = store_db_delete(ix->db, term, &err);
    /* Indexed now: no longer a failed file, nor a removed one. */
    if (st == TRACUU_OK) {
        snprintf(term, sizeof term, "%s%s", PREFIX_UID_FAILED, dockey);
        st = store_db_delete(ix->db, term, &err);
    }
    if (st == TRACUU_OK) {
        snprintf(term, sizeof term, "%s%s", PREFIX_UID_GONE, dockey);
        st = store_db_delete(ix->db, term, &err);
    }
    if (st != TRACUU_OK)
        goto store_failed;

    uint64_t fp = simhash_of(text, n);
    char fphex[17];
    snprintf(fphex, sizeof fphex, "%016llx", (unsigned long long)fp);

    for (size_t i = 0; i < np; i++) {
        snprintf(term, sizeof term, "%s%s.%zu", PREFIX_UID_PASSAGE, dockey, i + 1);
        st = new_text_record(&doc, term, KIND_PASSAGE, dockey, f->path, i + 1, 0, sm,
                             (section_kind)sections[i], &err);
        if (st == TRACUU_OK)
            st = post_words(doc, text, ps[i].start, ps[i].end, &freq, &exact, &folded, &err);
        if (st == TRACUU_OK)
            st = add_cite_terms(doc, PREFIX_CITE_PASSAGE, cs, ncs, ps[i].start, ps[i].end, &err);
        if (st != TRACUU_OK)
            goto store_failed;
        data = json_pack("{s:s, s:I, s:I, s:I, s:s%, s:O, s:s, s:s, s:s, s:o}", "path", f->path,
                         "passage", (json_int_t)(i + 1), "start", (json_int_t)ps[i].start,
                         "end", (json_int_t)ps[i].end, "text", text + ps[i].start,
                         ps[i].end - ps[i].start, "title", title, "encoding", f->encoding,
                         "section", section_name((section_kind)sections[i]), "simhash", fphex,
                         "cites", passage_cites(text, cs, ncs, ps[i].start, ps[i].end));
        if (!data) {
            st = index_fail(ix, TRACUU_ENOMEM, "%s: out of memory", f->path);
            goto done;
        }
        set_meta_json(data, m, 0);
        if (pages[i])
            json_object_set_new(data, "page", json_integer(pages[i]));
        if (heads[i] >= 0) {
            const passage_span *h = &ps[heads[i]];
            size_t hl = heading_len(text + h->start, h->end - h->start, 200);
            json_object_set_new(data, "heading", json_stringn(text + h->start, hl));
        }
        st = set_json_data(doc, data, &err);
        json_decref(data);
        data = NULL;
        if (st == TRACUU_OK)
            st = store_db_add(ix->db, doc, &err);
        if (st != TRACUU_OK)
            goto store_failed;
        store_doc_free(doc);
        doc = NULL;
        if (sections[i] == SECTION_LIMITATION || sections[i] == SECTION_ACHIEVEMENT) {
            st = put_findings(ix, f, dockey, text, &ps[i], i + 1, (section_kind)sections[i], sm,
                              title, cs, ncs, &err);
            if (st != TRACUU_OK)
                goto store_failed;
        }
    }

    /* The document record, written last: its presence (with its stamp) says the passages
     * before it are complete. */
    st = store_doc_new(&doc, &err);
    if (st != TRACUU_OK)
        goto store_failed;
    char stamp[64];
    writer_stamp(stamp, sizeof stamp, f->size, f->mtime_ns);
    snprintf(term, sizeof term, "%s%s", PREFIX_UID_DOC, dockey);
    st = store_doc_term(doc, term, strlen(term), 0, &err);
    if (st == TRACUU_OK)
        st = store_doc_term(doc, KIND_DOC, strlen(KIND_DOC), 0, &err);
    if (st == TRACUU_OK)
        st = add_bool(doc, PREFIX_DOC, dockey, &err);
    if (st == TRACUU_OK)
        st = add_values(doc, f->path, dockey, &err);
    if (st == TRACUU_OK)
        st = store_doc_value(doc, SLOT_STAMP, stamp, strlen(stamp), &err);
    char manif[PATH_MAX + 128], rev[24];
    manifest_value(manif, sizeof manif, stamp, f->hash ? f->hash : "0000000000000000", f->path);
    snprintf(rev, sizeof rev, "%012llu", (unsigned long long)f->revision);
    if (st == TRACUU_OK)
        st = store_doc_value(doc, SLOT_MANIFEST, manif, strlen(manif), &err);
    if (st == TRACUU_OK)
        st = store_doc_value(doc, SLOT_REVISION, rev, strlen(rev), &err);
    if (st == TRACUU_OK)
        st = add_meta_terms(doc, sm, &err);
    if (st == TRACUU_OK && fp) {
        char sv[PATH_MAX + 20];
        int svl = snprintf(sv, sizeof sv, "%s%s", fphex, f->path);
        st = store_doc_value(doc, SLOT_SIMHASH, sv, (size_t)svl, &err);
    }
    /* Near-duplicate bands (schema.h XB:); a text too short to fingerprint gets none. */
    for (int b = 0; b < SIMHASH_BANDS && fp && st == TRACUU_OK; b++) {
        char band[24];
        int bl = snprintf(band, sizeof band, "%s%d%04x", PREFIX_SIMHASH_BAND, b,
                          (unsigned)((fp >> (16 * b)) & 0xFFFF));
        st = store_doc_term(doc, band, (size_t)bl, 0, &err);
    }
    for (size_t k = 0; k < ncs && st == TRACUU_OK; k++)
        st = cite_terms(doc, PREFIX_CITE_DOC, cs[k].id, &err);
    if (st != TRACUU_OK)
        goto store_failed;
    data = json_pack("{s:s, s:O, s:s, s:I, s:I, s:I, s:I, s:{}}", "path", f->path, "title",
                     title, "encoding", f->encoding, "size", (json_int_t)f->size, "mtime_ns",
                     (json_int_t)f->mtime_ns, "passages", (json_int_t)np, "bytes",
                     (json_int_t)n, "abbreviations");
    if (!data) {
        st = index_fail(ix, TRACUU_ENOMEM, "%s: out of memory", f->path);
        goto done;
    }
    st = record_abbreviations(ix, text, n, json_object_get(data, "abbreviations"), &err);
    if (st == TRACUU_OK)
        st = learn_titles(ix, text, n, cs, ncs, &err);
    if (st != TRACUU_OK)
        goto store_failed;
    json_object_set_new(data, "hash", json_string(f->hash ? f->hash : ""));
    json_object_set_new(data, "revision", json_integer((json_int_t)f->revision));
    json_object_set_new(data, "created", json_integer((json_int_t)f->created));
    set_meta_json(data, m, 1);
    json_object_set_new(data, "simhash", json_string(fphex));
    /* What the container says of itself, and the number the header block gives. */
    if (f->author && *f->author)
        json_object_set_new(data, "author", json_string(f->author));
    if (f->created_on && *f->created_on)
        json_object_set_new(data, "document_created", json_string(f->created_on));
    if (f->modified_on && *f->modified_on)
        json_object_set_new(data, "document_modified", json_string(f->modified_on));
    if (f->pages)
        json_object_set_new(data, "pages", json_integer(f->pages));
    if (f->ocr_pages)
        json_object_set_new(data, "ocr_pages", json_integer(f->ocr_pages));
    if (m->number[0])
        json_object_set_new(data, "number", json_string(m->number));
    size_t nsec[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < np; i++)
        nsec[sections[i] & 3]++;
    json_object_set_new(data, "sections",
                        json_pack("{s:I, s:I, s:I, s:I}", "achievement",
                                  (json_int_t)nsec[SECTION_ACHIEVEMENT], "limitation",
                                  (json_int_t)nsec[SECTION_LIMITATION], "direction",
                                  (json_int_t)nsec[SECTION_DIRECTION], "other",
                                  (json_int_t)nsec[SECTION_OTHER]));
    json_object_set_new(data, "cites", doc_cites(cs, ncs, ps, np));
    st = set_json_data(doc, data, &err);
    if (st == TRACUU_OK)
        st = store_db_add(ix->db, doc, &err);
    if (st != TRACUU_OK)
        goto store_failed;
    *npassages = (unsigned)np;
    goto done;

store_failed:
    index_fail(ix, st, "%s: %s", f->path, err.msg);
done:
    text_doc_freq_free(&dfreq);
    text_buf_free(&crecs);
    json_decref(title);
    json_decref(data);
    store_doc_free(doc);
    text_buf_free(&spans);
    text_buf_free(&exact);
    text_buf_free(&folded);
    free(sections);
    free(pages);
    free(heads);
    free(m);
    free(sm);
    return st;
}
