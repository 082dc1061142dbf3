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
#include "map.h"
#include "manifest.h"
#include "meta.h"
#include "section.h"
#include "simhash.h"
#include "simterms.h"
#include "passage.h"
#include "record.h"
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

/* Kinds of terms a benchmark can leave out to measure what each costs and buys
 * (bench/RESULTS.md, "ablation"): $TRACUU_ABLATE lists them, comma-separated. Never set in
 * use: an index written so answers worse, and nothing records that it was. */
enum { ABLATE_EXACT = 1, ABLATE_BIGRAM = 2, ABLATE_POSITIONS = 4, ABLATE_SIM = 8 };

static unsigned
ablation(void)
{
    const char *v = getenv("TRACUU_ABLATE");
    unsigned f = 0;
    if (!v)
        return 0;
    f |= strstr(v, "exact") ? ABLATE_EXACT : 0;
    f |= strstr(v, "bigram") ? ABLATE_BIGRAM : 0;
    f |= strstr(v, "positions") ? ABLATE_POSITIONS : 0;
    f |= strstr(v, "sim") ? ABLATE_SIM : 0;
    return f;
}

/* Note st in err unless err already holds an earlier failure (the first one is reported). */
static tracuu_status
fail_status(store_err *err, tracuu_status st)
{
    if (st != TRACUU_OK && err->status == TRACUU_OK) {
        err->status = st;
        snprintf(err->msg, sizeof err->msg, "%s", tracuu_status_str(st));
    }
    return st;
}

/* The document's weighted terms without positions (bigrams "B", exact forms "E",
 * similarity terms "S"), counted here and handed to Xapian once each with their wdf
 * (tally_post): Xapian's Document looks a term up in a std::map on every add_term, and a
 * report repeats most of these terms, so counting them in the hash map first takes about a
 * third of those lookups away. */
typedef struct term_tally {
    text_map m;
} term_tally;

/* Bounded by the document, whose text is bounded by its extractor: the terms' bytes never
 * exceed a few times the text's. */
#define TALLY_KEY_MAX ((size_t)1 << 30)

static tracuu_status
tally_add(term_tally *t, const char *term, size_t len, unsigned wdf)
{
    text_map_entry *e;
    tracuu_status st = text_map_put(&t->m, term, len, &e, NULL);
    if (st == TRACUU_OK)
        e->v.u += wdf;
    return st;
}

static tracuu_status
tally_post(store_doc *doc, const term_tally *t, store_err *err)
{
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < t->m.cap && st == TRACUU_OK; i++) {
        const text_map_entry *e = &t->m.slots[i];
        if (e->key)
            st = store_doc_term(doc, e->key, e->len, (unsigned)e->v.u, err);
    }
    return st;
}

/* Post the folded form of every syllable of text[s..e) with its position; count its exact
 * form and its bigram with the syllable before in the tally. */
static tracuu_status
post_words(store_doc *doc, term_tally *tally, const char *text, size_t s, size_t e,
           const text_freq_src *freq, text_buf *exact, text_buf *folded, unsigned *pos,
           unsigned ablate, store_err *err)
{
    unsigned termpos = *pos;
    text_token tok;
    text_tokenizer tz;
    const size_t pl = strlen(PREFIX_BIGRAM), el = strlen(PREFIX_EXACT);
    /* "B" + the syllable before + " ": the current syllable is appended after it. */
    char bg[2 * TEXT_TOKEN_MAX_BYTES + 8];
    size_t prevlen = 0; /* 0: no syllable before to pair with */
    memcpy(bg, PREFIX_BIGRAM, pl);
    text_tokenizer_init(&tz, text + s, e - s, freq);
    while (text_tokenizer_next(&tz, &tok)) {
        tok.start += s;
        tok.end += s;
        termpos++;
        if (tok.end - tok.start > TEXT_TOKEN_MAX_BYTES) {
            prevlen = 0;
            continue; /* keeps its position so phrases do not bridge it */
        }
        text_buf_reset(exact);
        text_buf_reset(folded);
        tracuu_status st = text_buf_puts(exact, PREFIX_EXACT);
        if (st == TRACUU_OK)
            st = text_token_forms(text, tok.start, tok.end, exact, folded, NULL);
        if (st != TRACUU_OK)
            return fail_status(err, st);
        if (folded->len)
            st = ablate & ABLATE_POSITIONS
                     ? store_doc_term(doc, folded->ptr, folded->len, 1, err)
                     : store_doc_posting(doc, folded->ptr, folded->len, termpos, err);
        /* The bigram with the syllable before (schema.h "B"); a skipped long token breaks
         * the chain as it breaks phrases. */
        /* A folded form may in principle outgrow its token (case mappings that expand):
         * one past TEXT_TOKEN_MAX_BYTES pairs with nothing, so bg always holds two. */
        size_t flen = folded->len <= TEXT_TOKEN_MAX_BYTES ? folded->len : 0;
        if (st == TRACUU_OK && prevlen && flen && !(ablate & ABLATE_BIGRAM)) {
            memcpy(bg + pl + prevlen + 1, folded->ptr, flen);
            st = tally_add(tally, bg, pl + prevlen + 1 + flen, 1);
        }
        prevlen = flen;
        if (prevlen) {
            memcpy(bg + pl, folded->ptr, prevlen);
            bg[pl + prevlen] = ' ';
        }
        /* The exact form only where it differs from the folded one (schema.h "E"). */
        if (st == TRACUU_OK && exact->len > el && !(ablate & ABLATE_EXACT) &&
            (exact->len - el != folded->len || memcmp(exact->ptr + el, folded->ptr, folded->len)))
            st = tally_add(tally, exact->ptr, exact->len, 1);
        if (st != TRACUU_OK)
            return fail_status(err, st);
    }
    *pos = termpos;
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
    else
        fail_status(err, st);
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

/* The title of the document's own number, learned from its header's trích yếu (never
 * from text near a citation: a quote after a number in running text is as often a phrase
 * being amended, "; cụm từ", as a title) when the registry has none and nothing was
 * learned before. */
static tracuu_status
learn_title(tracuu_index *ix, const char *text, size_t n, store_err *err)
{
    cite_header h;
    if (!cite_own_number(text, n, &h) || h.subj_end <= h.subj_start)
        return TRACUU_OK;
    const reg_entry *e = registry_find(registry_global(), h.id);
    if (e && e->title)
        return TRACUU_OK;
    char key[CITE_ID_MAX + 32], *cur = NULL;
    snprintf(key, sizeof key, "%s%s", META_TITLE, h.id);
    tracuu_status st = store_db_get_meta(ix->db, key, &cur, err);
    if (st == TRACUU_OK && (!cur || !*cur)) {
        char *t = strndup(text + h.subj_start, h.subj_end - h.subj_start);
        st = t ? store_db_set_meta(ix->db, key, t, err) : TRACUU_ENOMEM;
        free(t);
    }
    free(cur);
    return st;
}

typedef struct rename_ctx {
    const writer_file *f;
} rename_ctx;

/* The data of a record renamed within its folder: new path; the document record also its
 * new stamp and revision (it is new at this path). Metadata from the folder cannot change
 * (a move to another folder is indexed afresh: add.c). Finding records carry JSON. */
static char *
fix_moved(void *ctx, const char *data, size_t len, size_t *outlen)
{
    const rename_ctx *rc = ctx;
    record_doc *d = NULL;
    if (record_doc_decode(&d, data, len) == TRACUU_OK) {
        record_doc moved = *d;
        moved.path = rc->f->path;
        moved.mtime_ns = rc->f->mtime_ns;
        moved.revision = moved.created = rc->f->revision;
        text_buf b = TEXT_BUF_INIT(RECORD_MAX);
        char *s = NULL;
        if (record_doc_encode(&b, &moved) == TRACUU_OK)
            s = text_buf_steal(&b, outlen);
        text_buf_free(&b);
        record_doc_free(d);
        return s;
    }
    record_failed *fr = NULL;
    if (record_failed_decode(&fr, data, len) != TRACUU_OK)
        return NULL;
    record_failed moved = *fr;
    moved.path = rc->f->path;
    text_buf b = TEXT_BUF_INIT(RECORD_MAX);
    char *s = NULL;
    if (record_failed_encode(&b, &moved) == TRACUU_OK)
        s = text_buf_steal(&b, outlen);
    text_buf_free(&b);
    record_failed_free(fr);
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

/* The similarity terms of one finding, each once: its "S" term's wdf then counts the
 * findings holding it (query/simvec.h reads collection frequencies). */
typedef struct sim_post {
    term_tally *tally;
    tracuu_status st;
    text_map seen; /* the terms of the current finding */
    char term[2 * TEXT_TOKEN_MAX_BYTES + 8];
} sim_post;

static void
post_sim(void *ctx, const char *t, size_t len, int bigram)
{
    (void)bigram;
    sim_post *sp = ctx;
    const size_t pl = strlen(PREFIX_SIM);
    if (sp->st != TRACUU_OK || pl + len + 1 > sizeof sp->term)
        return;
    int created = 0;
    text_map_entry *e;
    sp->st = text_map_put(&sp->seen, t, len, &e, &created);
    if (sp->st != TRACUU_OK || !created)
        return;
    memcpy(sp->term, PREFIX_SIM, pl);
    memcpy(sp->term + pl, t, len);
    sp->st = tally_add(sp->tally, sp->term, pl + len, 1);
}

/* Everything analysis yields for one document before any record is written. */
typedef struct doc_parts {
    doc_meta m;
    shared_meta sm;
    const char *text; /* after any front matter */
    size_t n;
    text_buf spans, crecs;
    const passage_span *ps;
    size_t np;
    const cite *cs;
    size_t ncs;
    text_buf finds; /* record_finding rows */
    const record_finding *fs;
    size_t nfs;
    unsigned char *sections;
    unsigned *pages;
    long *heads;
    json_t *title;
    uint64_t fp;
    char fphex[17];
} doc_parts;

static void
parts_free(doc_parts *p)
{
    text_buf_free(&p->spans);
    text_buf_free(&p->crecs);
    text_buf_free(&p->finds);
    free(p->sections);
    free(p->pages);
    free(p->heads);
    json_decref(p->title);
}

/* The title: front matter, then the format's own (HTML, office properties), then the first
 * heading-like passage. */
static json_t *
title_of(const doc_parts *p, const writer_file *f)
{
    size_t ts, te;
    pick_title(p->text, p->ps, p->np, &ts, &te);
    json_t *t;
    if (p->m.title[0])
        t = json_string(p->m.title);
    else if (f->title && *f->title)
        t = json_string(f->title);
    else
        t = te > ts ? json_stringn(p->text + ts, te - ts) : json_null();
    return t ? t : json_null(); /* a title that is not valid UTF-8 is dropped */
}

/* Section of every passage; page and heading from the extractor's marks (layout.h). */
static tracuu_status
place_passages(doc_parts *p, const writer_file *f)
{
    size_t np = p->np ? p->np : 1;
    p->sections = calloc(np, 1);
    p->pages = calloc(np, sizeof *p->pages);
    p->heads = calloc(np, sizeof *p->heads);
    size_t *starts = calloc(np, sizeof *starts);
    if (!p->sections || !p->pages || !p->heads || !starts) {
        free(starts);
        return TRACUU_ENOMEM;
    }
    for (size_t i = 0; i < p->np; i++) {
        starts[i] = p->ps[i].start;
        p->heads[i] = -1;
    }
    if (f->nmarks)
        layout_assign(f->marks, f->nmarks, p->m.body_offset, starts, p->np, p->pages, p->heads);
    free(starts);
    /* The first passage is the title unless the title came from elsewhere. */
    size_t ts, te;
    pick_title(p->text, p->ps, p->np, &ts, &te);
    section_state sst = SECTION_STATE_INIT;
    if (p->np && te > ts && p->ps[0].start != ts)
        sst.seen = 1;
    for (size_t i = 0; i < p->np; i++)
        p->sections[i] = (unsigned char)section_next(&sst, p->text, p->ps[i].start, p->ps[i].end);
    return TRACUU_OK;
}

/* The findings of achievement and limitation passages (text/section.h), as record rows. */
static tracuu_status
collect_findings(doc_parts *p)
{
    text_buf fb = TEXT_BUF_INIT((size_t)1 << 24);
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < p->np && st == TRACUU_OK; i++) {
        if (p->sections[i] != SECTION_LIMITATION && p->sections[i] != SECTION_ACHIEVEMENT)
            continue;
        if (!passage_may_hold_findings(p->text, p->ps, p->np, p->heads, i))
            continue; /* headings, references, quoted clauses (issue 16) */
        text_buf_reset(&fb);
        st = section_findings(p->text, p->ps[i].start, p->ps[i].end, &fb);
        const section_finding *sf = (const section_finding *)(void *)fb.ptr;
        for (size_t k = 0; st == TRACUU_OK && k < fb.len / sizeof *sf; k++) {
            record_finding r = {(uint32_t)i, (uint32_t)sf[k].start, (uint32_t)sf[k].end};
            st = text_buf_put(&p->finds, &r, sizeof r);
        }
    }
    text_buf_free(&fb);
    p->fs = (const record_finding *)(void *)p->finds.ptr;
    p->nfs = p->finds.len / sizeof *p->fs;
    return st;
}

/* Step 1: metadata, passages, title, sections, citations, fingerprint, findings. */
static tracuu_status
analyse(tracuu_index *ix, const writer_file *f, const char *text, size_t n, doc_parts *p)
{
    /* Metadata first: front matter, if any, is not part of the text proper. */
    meta_of(&p->m, f->path, f->root, f->root_is_base, text, n, f->title, f->created_on);
    p->text = text + p->m.body_offset;
    p->n = n - p->m.body_offset;
    tracuu_status st = passage_split(p->text, p->n, &p->spans);
    if (st != TRACUU_OK)
        return index_fail(ix, st, "%s: splitting passages: %s", f->path, tracuu_status_str(st));
    p->ps = (const passage_span *)(void *)p->spans.ptr;
    p->np = p->spans.len / sizeof *p->ps;
    p->title = title_of(p, f);
    if (!p->m.kind[0]) {
        const char *k = meta_kind_of(json_string_value(p->title), f->path);
        if (k)
            snprintf(p->m.kind, sizeof p->m.kind, "%s", k);
    }
    shared_meta_init(&p->sm, &p->m);
    if (place_passages(p, f) != TRACUU_OK)
        return index_fail(ix, TRACUU_ENOMEM, "%s: out of memory", f->path);
    st = cite_extract(p->text, p->n, registry_global(), p->m.date[0] ? p->m.date : NULL,
                      &p->crecs);
    if (st != TRACUU_OK)
        return index_fail(ix, st, "%s: finding citations: %s", f->path, tracuu_status_str(st));
    p->cs = (const cite *)(void *)p->crecs.ptr;
    p->ncs = p->crecs.len / sizeof *p->cs;
    p->fp = simhash_of(p->text, p->n);
    snprintf(p->fphex, sizeof p->fphex, "%016llx", (unsigned long long)p->fp);
    if (collect_findings(p) != TRACUU_OK)
        return index_fail(ix, TRACUU_ENOMEM, "%s: findings: out of memory", f->path);
    return TRACUU_OK;
}

/* Step 2: every old record of the path goes, and it is no longer a failed file. */
static tracuu_status
delete_old(tracuu_index *ix, const char *dockey, store_err *err)
{
    const char *const prefixes[] = {PREFIX_DOC, PREFIX_UID_FAILED};
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < 2 && st == TRACUU_OK; i++) {
        char term[64];
        snprintf(term, sizeof term, "%s%s", prefixes[i], dockey);
        st = store_db_delete(ix->db, term, err);
    }
    return st;
}

/* The record's passage and citation tables. */
static tracuu_status
record_tables(const doc_parts *p, const unsigned *pos_first, const unsigned *pos_last,
              record_passage **rps, record_cite **rcs)
{
    *rps = calloc(p->np ? p->np : 1, sizeof **rps);
    *rcs = calloc(p->ncs ? p->ncs : 1, sizeof **rcs);
    if (!*rps || !*rcs)
        return TRACUU_ENOMEM;
    for (size_t i = 0; i < p->np; i++)
        (*rps)[i] = (record_passage){(uint32_t)p->ps[i].start, (uint32_t)p->ps[i].end,
                                     pos_first[i], pos_last[i], p->pages[i],
                                     p->heads[i] >= 0 ? (uint32_t)p->heads[i] : RECORD_NO_HEADING,
                                     p->sections[i]};
    record_doc tmp = {.passages = *rps, .npassages = p->np};
    for (size_t i = 0; i < p->ncs; i++)
        (*rcs)[i] = (record_cite){p->cs[i].id, (uint32_t)p->cs[i].start, (uint32_t)p->cs[i].end,
                                  record_passage_at(&tmp, p->cs[i].start),
                                  (uint8_t)p->cs[i].resolved};
    return TRACUU_OK;
}

/* The words of every passage, positions running on through the document with one position
 * left out between passages, so that a phrase never bridges two paragraphs. */
static tracuu_status
post_passages(store_doc *doc, term_tally *tally, const doc_parts *p, const text_freq_src *freq,
              unsigned *first, unsigned *last, store_err *err)
{
    text_buf exact = TEXT_BUF_INIT(4096), folded = TEXT_BUF_INIT(4096);
    unsigned pos = 0, ablate = ablation();
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < p->np && st == TRACUU_OK; i++) {
        first[i] = pos + 1;
        st = post_words(doc, tally, p->text, p->ps[i].start, p->ps[i].end, freq, &exact, &folded,
                        &pos, ablate, err);
        last[i] = pos;
        pos++;
    }
    text_buf_free(&exact);
    text_buf_free(&folded);
    return st;
}

/* Boolean terms of the document: ids, kind, metadata, citations, sections, simhash bands. */
static tracuu_status
post_filters(store_doc *doc, const doc_parts *p, const char *dockey, store_err *err)
{
    char term[64];
    snprintf(term, sizeof term, "%s%s", PREFIX_UID_DOC, dockey);
    tracuu_status st = store_doc_term(doc, term, strlen(term), 0, err);
    if (st == TRACUU_OK)
        st = store_doc_term(doc, KIND_DOC, strlen(KIND_DOC), 0, err);
    if (st == TRACUU_OK)
        st = add_bool(doc, PREFIX_DOC, dockey, err);
    if (st == TRACUU_OK)
        st = add_meta_terms(doc, &p->sm, err);
    if (st == TRACUU_OK && p->m.number[0]) /* its own number: schema.h XN: */
        st = cite_terms(doc, PREFIX_NUMBER, p->m.number, err);
    for (size_t k = 0; k < p->ncs && st == TRACUU_OK; k++)
        st = cite_terms(doc, PREFIX_CITE, p->cs[k].id, err);
    int seen[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < p->np && st == TRACUU_OK; i++)
        if (!seen[p->sections[i] & 3]++) {
            snprintf(term, sizeof term, "%s%s", PREFIX_SECTION,
                     section_name((section_kind)(p->sections[i] & 3)));
            st = store_doc_term(doc, term, strlen(term), 0, err);
        }
    /* Near-duplicate bands (schema.h XB:); a text too short to fingerprint gets none. */
    for (int b = 0; b < SIMHASH_BANDS && p->fp && st == TRACUU_OK; b++) {
        int bl = snprintf(term, sizeof term, "%s%d%04x", PREFIX_SIMHASH_BAND, b,
                          (unsigned)((p->fp >> (16 * b)) & 0xFFFF));
        st = store_doc_term(doc, term, (size_t)bl, 0, err);
    }
    return st;
}

static int
by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* SLOT_FACET_CITES: the bases of the cited ids, sorted, each once, one per line. */
static tracuu_status
post_cite_facet(store_doc *doc, const doc_parts *p, store_err *err)
{
    char(*bases)[CITE_ID_MAX] = calloc(p->ncs, sizeof *bases);
    const char **v = calloc(p->ncs, sizeof *v);
    text_buf out = TEXT_BUF_INIT((size_t)1 << 24);
    tracuu_status st = bases && v ? TRACUU_OK : TRACUU_ENOMEM;
    for (size_t i = 0; i < p->ncs && st == TRACUU_OK; i++) {
        cite_base(p->cs[i].id, bases[i], sizeof bases[i]);
        v[i] = bases[i];
    }
    if (st == TRACUU_OK)
        qsort(v, p->ncs, sizeof *v, by_string);
    for (size_t i = 0; i < p->ncs && st == TRACUU_OK; i++)
        if (!i || strcmp(v[i], v[i - 1]))
            st = text_buf_printf(&out, "%s%s", out.len ? "\n" : "", v[i]);
    if (st == TRACUU_OK)
        st = store_doc_value(doc, SLOT_FACET_CITES, out.ptr, out.len, err);
    else
        fail_status(err, st);
    free(bases);
    free(v);
    text_buf_free(&out);
    return st;
}

/* Values: path, key, order, stamp, manifest, revision, passages, date, simhash, facets. */
static tracuu_status
post_values(store_doc *doc, const doc_parts *p, const writer_file *f, const char *dockey,
            store_err *err)
{
    char stamp[64], manif[PATH_MAX + 128], rev[24], count[24], order[PATH_MAX + 2];
    char sv[PATH_MAX + 20];
    writer_stamp(stamp, sizeof stamp, f->size, f->mtime_ns);
    manifest_value(manif, sizeof manif, stamp, f->hash ? f->hash : "0000000000000000", f->path);
    snprintf(rev, sizeof rev, "%012llu", (unsigned long long)f->revision);
    snprintf(count, sizeof count, "%zu", p->np);
    int ol = snprintf(order, sizeof order, "%s\t", f->path);
    int svl = snprintf(sv, sizeof sv, "%s%s", p->fphex, f->path);
    const struct {
        unsigned slot;
        const char *v;
        size_t len;
    } vals[] = {{SLOT_STAMP, stamp, strlen(stamp)},  {SLOT_MANIFEST, manif, strlen(manif)},
                {SLOT_REVISION, rev, strlen(rev)},    {SLOT_PASSAGES, count, strlen(count)},
                {SLOT_ORDER, order, (size_t)ol},      {SLOT_SIMHASH, sv, p->fp ? (size_t)svl : 0}};
    tracuu_status st = add_values(doc, f->path, dockey, err);
    for (size_t i = 0; i < sizeof vals / sizeof *vals && st == TRACUU_OK; i++)
        if (vals[i].len)
            st = store_doc_value(doc, vals[i].slot, vals[i].v, vals[i].len, err);
    if (st == TRACUU_OK && p->m.date[0])
        st = store_doc_value(doc, SLOT_DATE, p->m.date, strlen(p->m.date), err);
    if (st == TRACUU_OK && p->m.commune[0])
        st = store_doc_value(doc, SLOT_FACET_COMMUNE, p->m.commune, strlen(p->m.commune), err);
    if (st == TRACUU_OK && p->m.district[0])
        st = store_doc_value(doc, SLOT_FACET_DISTRICT, p->m.district, strlen(p->m.district),
                             err);
    if (st == TRACUU_OK && p->m.kind[0])
        st = store_doc_value(doc, SLOT_FACET_KIND, p->m.kind, strlen(p->m.kind), err);
    if (st == TRACUU_OK && p->ncs)
        st = post_cite_facet(doc, p, err);
    return st;
}

static const char *
nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* The record's data (record.h): metadata, text, tables, abbreviations. */
static tracuu_status
post_data(tracuu_index *ix, store_doc *doc, const doc_parts *p, const writer_file *f,
          const record_passage *rps, const record_cite *rcs, store_err *err)
{
    json_t *abbr = json_object();
    text_buf out = TEXT_BUF_INIT(RECORD_MAX);
    const char **pairs = NULL;
    tracuu_status st = abbr ? record_abbreviations(ix, p->text, p->n, abbr, err) : TRACUU_ENOMEM;
    if (st == TRACUU_OK)
        st = learn_title(ix, p->text, p->n, err);
    size_t na = json_object_size(abbr), k = 0;
    pairs = calloc(2 * na + 1, sizeof *pairs);
    if (st == TRACUU_OK && !pairs)
        st = TRACUU_ENOMEM;
    const char *key;
    json_t *v;
    if (st == TRACUU_OK)
        json_object_foreach(abbr, key, v) {
            pairs[k++] = key;
            pairs[k++] = json_string_value(v);
        }
    const doc_meta *m = &p->m;
    record_doc r = {.path = f->path, .title = json_string_value(p->title),
                    .encoding = f->encoding, .hash = f->hash ? f->hash : "",
                    .date = m->date[0] ? m->iso : NULL,
                    .date_from = m->date[0] ? m->date_from : NULL,
                    .commune = nonempty(m->commune), .district = nonempty(m->district),
                    .province = nonempty(m->province), .body = nonempty(m->body),
                    .kind = nonempty(m->kind), .simhash = p->fphex,
                    .author = nonempty(f->author), .doc_created = nonempty(f->created_on),
                    .doc_modified = nonempty(f->modified_on), .number = nonempty(m->number),
                    .size = f->size, .revision = f->revision, .created = f->created,
                    .mtime_ns = f->mtime_ns, .pages = f->pages, .ocr_pages = f->ocr_pages,
                    .text = p->text, .textlen = p->n, .passages = rps, .npassages = p->np,
                    .cites = rcs, .ncites = p->ncs, .abbr = pairs, .nabbr = na,
                    .findings = p->fs, .nfindings = p->nfs};
    if (st == TRACUU_OK)
        st = record_doc_encode(&out, &r);
    if (st == TRACUU_OK)
        st = store_doc_data(doc, out.ptr, out.len, err);
    fail_status(err, st);
    free(pairs);
    json_decref(abbr);
    text_buf_free(&out);
    return st;
}

/* The similarity terms of every finding (schema.h "S"), and the mark of a document that has
 * findings: what `similar` gathers candidates by and `recurring` selects. */
static tracuu_status
post_similarity(store_doc *doc, term_tally *tally, const doc_parts *p, store_err *err)
{
    sim_post sp = {tally, TRACUU_OK, {0}, ""};
    tracuu_status st = TRACUU_OK;
    for (size_t k = 0; k < p->nfs && st == TRACUU_OK && !(ablation() & ABLATE_SIM); k++) {
        text_map_init(&sp.seen, TALLY_KEY_MAX);
        st = simterms_of(p->text, p->fs[k].start, p->fs[k].end, post_sim, &sp);
        if (st == TRACUU_OK)
            st = sp.st;
        text_map_free(&sp.seen);
    }
    if (st == TRACUU_OK && p->nfs)
        st = store_doc_term(doc, KIND_FINDING, strlen(KIND_FINDING), (unsigned)p->nfs, err);
    return fail_status(err, st);
}

/* Step 3: the one record of the document: every word, every filter, the data. */
static tracuu_status
put_doc_record(tracuu_index *ix, const doc_parts *p, const writer_file *f, const char *dockey,
               const text_freq_src *freq, store_err *err)
{
    store_doc *doc = NULL;
    record_passage *rps = NULL;
    record_cite *rcs = NULL;
    unsigned *first = calloc(p->np ? p->np : 1, sizeof *first);
    unsigned *last = calloc(p->np ? p->np : 1, sizeof *last);
    term_tally tally;
    text_map_init(&tally.m, TALLY_KEY_MAX);
    tracuu_status st = first && last ? store_doc_new(&doc, err) : TRACUU_ENOMEM;
    if (st == TRACUU_OK)
        st = post_passages(doc, &tally, p, freq, first, last, err);
    if (st == TRACUU_OK)
        st = post_filters(doc, p, dockey, err);
    if (st == TRACUU_OK)
        st = post_similarity(doc, &tally, p, err);
    if (st == TRACUU_OK)
        st = tally_post(doc, &tally, err);
    text_map_free(&tally.m);
    if (st == TRACUU_OK)
        st = post_values(doc, p, f, dockey, err);
    if (st == TRACUU_OK)
        st = record_tables(p, first, last, &rps, &rcs);
    if (st == TRACUU_OK)
        st = post_data(ix, doc, p, f, rps, rcs, err);
    if (st == TRACUU_OK)
        st = store_db_add(ix->db, doc, err);
    fail_status(err, st);
    store_doc_free(doc);
    free(rps);
    free(rcs);
    free(first);
    free(last);
    return st;
}

tracuu_status
writer_put_document(tracuu_index *ix, const writer_file *f, const char *text, size_t n,
                    unsigned *npassages)
{
    store_err err = {TRACUU_OK, ""};
    char dockey[17];
    doc_parts *p = calloc(1, sizeof *p);
    *npassages = 0;
    if (!p)
        return index_fail(ix, TRACUU_ENOMEM, "%s: out of memory", f->path);
    p->spans = (text_buf)TEXT_BUF_INIT((size_t)1 << 30);
    p->crecs = (text_buf)TEXT_BUF_INIT((size_t)1 << 26);
    p->finds = (text_buf)TEXT_BUF_INIT((size_t)1 << 28);
    index_dockey(dockey, f->path);

    /* Glued runs split with this document's own well-spaced syllables plus the index's. */
    const text_freq_src index_freq = {index_syllable_freq, ix};
    text_doc_freq dfreq;
    tracuu_status st = analyse(ix, f, text, n, p);
    if (st != TRACUU_OK) {
        parts_free(p);
        free(p);
        return st;
    }
    text_doc_freq_init(&dfreq, p->text, p->n, &index_freq);
    const text_freq_src freq = {text_doc_freq_get, &dfreq};

    st = delete_old(ix, dockey, &err);
    if (st == TRACUU_OK)
        st = put_doc_record(ix, p, f, dockey, &freq, &err);
    if (st == TRACUU_OK)
        *npassages = (unsigned)p->np;
    else
        index_fail(ix, st, "%s: %s", f->path, err.msg[0] ? err.msg : tracuu_status_str(st));
    text_doc_freq_free(&dfreq);
    parts_free(p);
    free(p);
    return st;
}
