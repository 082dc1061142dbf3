/*
 * record.c - encode and decode document records (record.h has the layout and why).
 *
 * Decoding is two passes over the bytes: the first checks every length against the end of
 * the data and counts the table rows, the second copies into one arena sized from those
 * counts. A record that is cut short or lies about a length is ECORRUPT, never a read past
 * the end.
 */
#include "record.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cite.h"
#include "section.h"

#define MAGIC "TRD5"
#define MAGIC_LEN 4

enum {
    TAG_PATH = 1, TAG_TITLE, TAG_ENCODING, TAG_HASH, TAG_DATE, TAG_DATE_FROM, TAG_COMMUNE,
    TAG_DISTRICT, TAG_PROVINCE, TAG_BODY, TAG_KIND, TAG_SIMHASH, TAG_AUTHOR, TAG_DOC_CREATED,
    TAG_DOC_MODIFIED, TAG_NUMBER, /* strings: 1..16 */
    TAG_SIZE = 32, TAG_REVISION, TAG_CREATED, TAG_MTIME, TAG_PAGES, TAG_OCR_PAGES,
    TAG_TEXT = 48, TAG_PASSAGES, TAG_CITES, TAG_ABBR, TAG_FINDINGS,
    TAG_END = 255 /* the last field, empty: a record cut at a field boundary is still cut */
};
#define NSTRINGS 16

static const char **
string_field(record_doc *d, unsigned tag)
{
    const char **f[NSTRINGS] = {&d->path, &d->title, &d->encoding, &d->hash, &d->date,
                                &d->date_from, &d->commune, &d->district, &d->province,
                                &d->body, &d->kind, &d->simhash, &d->author, &d->doc_created,
                                &d->doc_modified, &d->number};
    return tag >= 1 && tag <= NSTRINGS ? f[tag - 1] : NULL;
}

/* ---- encoding -------------------------------------------------------------------------- */

static tracuu_status
put_varint(text_buf *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (unsigned char)((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return text_buf_put(b, tmp, n);
}

static tracuu_status
put_field(text_buf *b, unsigned tag, const void *p, size_t n)
{
    tracuu_status st = text_buf_putc(b, (char)tag);
    if (st == TRACUU_OK)
        st = put_varint(b, n);
    if (st == TRACUU_OK && n)
        st = text_buf_put(b, p, n);
    return st;
}

static tracuu_status
put_number(text_buf *b, unsigned tag, uint64_t v)
{
    text_buf tmp = TEXT_BUF_INIT(16);
    tracuu_status st = put_varint(&tmp, v);
    if (st == TRACUU_OK)
        st = put_field(b, tag, tmp.ptr, tmp.len);
    text_buf_free(&tmp);
    return st;
}

static tracuu_status
put_string(text_buf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    tracuu_status st = put_varint(b, n);
    return st == TRACUU_OK && n ? text_buf_put(b, s, n) : st;
}

static tracuu_status
encode_tables(text_buf *t, const record_doc *d, unsigned tag)
{
    tracuu_status st = TRACUU_OK;
    if (tag == TAG_PASSAGES) {
        st = put_varint(t, d->npassages);
        for (size_t i = 0; i < d->npassages && st == TRACUU_OK; i++) {
            const record_passage *p = &d->passages[i];
            const uint64_t v[7] = {p->start, p->end - p->start, p->pos_first,
                                   (uint64_t)p->pos_last + 1 - p->pos_first, p->page,
                                   p->heading == RECORD_NO_HEADING ? 0 : (uint64_t)p->heading + 1,
                                   p->section};
            for (int k = 0; k < 7 && st == TRACUU_OK; k++)
                st = put_varint(t, v[k]);
        }
    } else if (tag == TAG_CITES) {
        st = put_varint(t, d->ncites);
        for (size_t i = 0; i < d->ncites && st == TRACUU_OK; i++) {
            const record_cite *c = &d->cites[i];
            st = put_string(t, c->id);
            const uint64_t v[4] = {c->start, c->end - c->start,
                                   c->passage == RECORD_NO_PASSAGE ? 0 : (uint64_t)c->passage + 1,
                                   c->resolved};
            for (int k = 0; k < 4 && st == TRACUU_OK; k++)
                st = put_varint(t, v[k]);
        }
    } else if (tag == TAG_FINDINGS) {
        st = put_varint(t, d->nfindings);
        for (size_t i = 0; i < d->nfindings && st == TRACUU_OK; i++) {
            const record_finding *f = &d->findings[i];
            const uint64_t v[3] = {f->passage, f->start, f->end - f->start};
            for (int k = 0; k < 3 && st == TRACUU_OK; k++)
                st = put_varint(t, v[k]);
        }
    } else { /* TAG_ABBR */
        st = put_varint(t, d->nabbr);
        for (size_t i = 0; i < 2 * d->nabbr && st == TRACUU_OK; i++)
            st = put_string(t, d->abbr[i]);
    }
    return st;
}

tracuu_status
record_doc_encode(text_buf *out, const record_doc *d)
{
    tracuu_status st = text_buf_put(out, MAGIC, MAGIC_LEN);
    record_doc *w = (record_doc *)d; /* string_field takes a mutable record; nothing is written */
    for (unsigned tag = 1; tag <= NSTRINGS && st == TRACUU_OK; tag++) {
        const char *s = *string_field(w, tag);
        if (s)
            st = put_field(out, tag, s, strlen(s));
    }
    const uint64_t nums[6] = {d->size, d->revision, d->created,
                              /* zigzag: a file may predate 1970 */
                              ((uint64_t)d->mtime_ns << 1) ^ (uint64_t)(d->mtime_ns >> 63),
                              d->pages, d->ocr_pages};
    for (unsigned k = 0; k < 6 && st == TRACUU_OK; k++)
        if (nums[k])
            st = put_number(out, TAG_SIZE + k, nums[k]);
    if (st == TRACUU_OK)
        st = put_field(out, TAG_TEXT, d->text ? d->text : "", d->text ? d->textlen : 0);
    /* Tables are built in a scratch buffer first: their field length precedes them. */
    text_buf t = TEXT_BUF_INIT(out->max);
    for (unsigned tag = TAG_PASSAGES; tag <= TAG_FINDINGS && st == TRACUU_OK; tag++) {
        text_buf_reset(&t);
        st = encode_tables(&t, d, tag);
        if (st == TRACUU_OK)
            st = put_field(out, tag, t.ptr, t.len);
    }
    text_buf_free(&t);
    if (st == TRACUU_OK)
        st = put_field(out, TAG_END, "", 0);
    return st;
}

/* ---- decoding -------------------------------------------------------------------------- */

typedef struct reader {
    const unsigned char *p, *end;
    int bad;
} reader;

static uint64_t
get_varint(reader *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->bad = 1;
            return 0;
        }
        unsigned char c = *r->p++;
        v |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

/* A length that must fit in what is left. */
static size_t
get_len(reader *r)
{
    uint64_t n = get_varint(r);
    if (r->bad || n > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        return 0;
    }
    return (size_t)n;
}

/* A bump allocator over the arena; decode sized it exactly. */
typedef struct arena {
    char *p, *end;
} arena;

static void *
take(arena *a, size_t n, size_t align)
{
    uintptr_t at = ((uintptr_t)a->p + align - 1) & ~(uintptr_t)(align - 1);
    if (at + n > (uintptr_t)a->end)
        return NULL;
    a->p = (char *)(at + n);
    return (void *)at;
}

static const char *
copy_str(arena *a, const unsigned char *s, size_t n)
{
    char *c = take(a, n + 1, 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

/* The row counts of the tables (pass 1), or -1 when the bytes are not well formed. */
static int
count_rows(const char *data, size_t len, size_t *np, size_t *nc, size_t *na, size_t *nf,
           size_t *nstr)
{
    reader r = {(const unsigned char *)data + MAGIC_LEN, (const unsigned char *)data + len, 0};
    *np = *nc = *na = *nf = *nstr = 0;
    while (r.p < r.end && !r.bad) {
        unsigned tag = *r.p++;
        size_t n = get_len(&r);
        reader f = {r.p, r.p + n, r.bad};
        r.p += n;
        if (f.bad)
            break;
        if (tag == TAG_PASSAGES) {
            uint64_t rows = get_varint(&f);
            if (rows > n) /* each row takes at least 7 bytes */
                return -1;
            *np = (size_t)rows;
        } else if (tag == TAG_CITES) {
            uint64_t rows = get_varint(&f);
            if (rows > n)
                return -1;
            *nc = (size_t)rows;
            *nstr += (size_t)rows;
        } else if (tag == TAG_ABBR) {
            uint64_t rows = get_varint(&f);
            if (rows > n)
                return -1;
            *na = (size_t)rows;
            *nstr += 2 * (size_t)rows;
        } else if (tag == TAG_FINDINGS) {
            uint64_t rows = get_varint(&f);
            if (rows > n)
                return -1;
            *nf = (size_t)rows;
        }
        (*nstr)++;
    }
    return r.bad ? -1 : 0;
}

static int
decode_field(record_doc *d, arena *a, unsigned tag, reader *f)
{
    size_t n = (size_t)(f->end - f->p);
    const char **s = string_field(d, tag);
    if (s) {
        *s = copy_str(a, f->p, n);
        return *s ? 0 : -1;
    }
    if (tag == TAG_TEXT) {
        d->text = copy_str(a, f->p, n);
        d->textlen = n;
        return d->text ? 0 : -1;
    }
    if (tag >= TAG_SIZE && tag <= TAG_OCR_PAGES) {
        uint64_t v = get_varint(f);
        switch (tag) {
        case TAG_SIZE: d->size = v; break;
        case TAG_REVISION: d->revision = v; break;
        case TAG_CREATED: d->created = v; break;
        case TAG_MTIME: d->mtime_ns = (int64_t)(v >> 1) ^ -(int64_t)(v & 1); break;
        case TAG_PAGES: d->pages = (uint32_t)v; break;
        default: d->ocr_pages = (uint32_t)v; break;
        }
        return f->bad ? -1 : 0;
    }
    if (tag == TAG_PASSAGES) {
        size_t rows = (size_t)get_varint(f);
        record_passage *ps = take(a, rows * sizeof *ps + 1, _Alignof(record_passage));
        if (!ps)
            return -1;
        for (size_t i = 0; i < rows && !f->bad; i++) {
            uint64_t v[7];
            for (int k = 0; k < 7; k++)
                v[k] = get_varint(f);
            ps[i] = (record_passage){(uint32_t)v[0], (uint32_t)(v[0] + v[1]), (uint32_t)v[2],
                                     (uint32_t)(v[2] + v[3] - 1), (uint32_t)v[4],
                                     v[5] ? (uint32_t)(v[5] - 1) : RECORD_NO_HEADING,
                                     (uint8_t)v[6]};
            if (ps[i].end > d->textlen && d->text)
                f->bad = 1;
        }
        d->passages = ps;
        d->npassages = rows;
        return f->bad ? -1 : 0;
    }
    if (tag == TAG_CITES) {
        size_t rows = (size_t)get_varint(f);
        record_cite *cs = take(a, rows * sizeof *cs + 1, _Alignof(record_cite));
        if (!cs)
            return -1;
        for (size_t i = 0; i < rows && !f->bad; i++) {
            size_t idl = get_len(f);
            cs[i].id = copy_str(a, f->p, idl);
            f->p += idl;
            uint64_t v[4];
            for (int k = 0; k < 4; k++)
                v[k] = get_varint(f);
            cs[i].start = (uint32_t)v[0];
            cs[i].end = (uint32_t)(v[0] + v[1]);
            cs[i].passage = v[2] ? (uint32_t)(v[2] - 1) : RECORD_NO_PASSAGE;
            cs[i].resolved = (uint8_t)v[3];
            if (!cs[i].id)
                return -1;
        }
        d->cites = cs;
        d->ncites = rows;
        return f->bad ? -1 : 0;
    }
    if (tag == TAG_FINDINGS) {
        size_t rows = (size_t)get_varint(f);
        record_finding *fs = take(a, rows * sizeof *fs + 1, _Alignof(record_finding));
        if (!fs)
            return -1;
        for (size_t i = 0; i < rows && !f->bad; i++) {
            uint64_t v[3];
            for (int k = 0; k < 3; k++)
                v[k] = get_varint(f);
            fs[i] = (record_finding){(uint32_t)v[0], (uint32_t)v[1], (uint32_t)(v[1] + v[2])};
        }
        d->findings = fs;
        d->nfindings = rows;
        return f->bad ? -1 : 0;
    }
    if (tag == TAG_ABBR) {
        size_t rows = (size_t)get_varint(f);
        const char **ab = take(a, (2 * rows + 1) * sizeof *ab, _Alignof(const char *));
        if (!ab)
            return -1;
        for (size_t i = 0; i < 2 * rows && !f->bad; i++) {
            size_t l = get_len(f);
            ab[i] = copy_str(a, f->p, l);
            f->p += l;
            if (!ab[i])
                return -1;
        }
        d->abbr = ab;
        d->nabbr = rows;
        return f->bad ? -1 : 0;
    }
    return 0; /* a field of a later version */
}

tracuu_status
record_doc_decode(record_doc **out, const char *data, size_t len)
{
    *out = NULL;
    size_t np, nc, na, nf, nstr;
    if (!data || len < MAGIC_LEN || memcmp(data, MAGIC, MAGIC_LEN) ||
        count_rows(data, len, &np, &nc, &na, &nf, &nstr) < 0)
        return TRACUU_ECORRUPT;
    /* Strings take at most the bytes they came from plus a NUL each; tables their rows,
     * plus alignment slack for each of the three. */
    size_t need = sizeof(record_doc) + len + nstr + np * sizeof(record_passage) +
                  nc * sizeof(record_cite) + nf * sizeof(record_finding) +
                  (2 * na + 1) * sizeof(char *) + 96;
    char *mem = calloc(1, need);
    if (!mem)
        return TRACUU_ENOMEM;
    record_doc *d = (record_doc *)(void *)mem;
    arena a = {mem + sizeof *d, mem + need};
    d->arena_ = mem;
    reader r = {(const unsigned char *)data + MAGIC_LEN, (const unsigned char *)data + len, 0};
    int ended = 0;
    while (r.p < r.end && !ended) {
        unsigned tag = *r.p++;
        size_t n = get_len(&r);
        reader f = {r.p, r.p + n, 0};
        r.p += n;
        ended = tag == TAG_END;
        if (r.bad || decode_field(d, &a, tag, &f) < 0) {
            free(mem);
            return TRACUU_ECORRUPT;
        }
    }
    if (!ended || r.p != r.end || !d->path || !d->text) {
        free(mem);
        return TRACUU_ECORRUPT;
    }
    for (size_t i = 0; i < d->npassages; i++)
        if (d->passages[i].end > d->textlen || d->passages[i].start > d->passages[i].end) {
            free(mem);
            return TRACUU_ECORRUPT;
        }
    for (size_t i = 0; i < d->ncites; i++)
        if (d->cites[i].end > d->textlen || d->cites[i].start > d->cites[i].end ||
            (d->cites[i].passage != RECORD_NO_PASSAGE && d->cites[i].passage >= d->npassages)) {
            free(mem);
            return TRACUU_ECORRUPT;
        }
    for (size_t i = 0; i < d->nfindings; i++)
        if (d->findings[i].end > d->textlen || d->findings[i].start > d->findings[i].end ||
            d->findings[i].passage >= d->npassages) {
            free(mem);
            return TRACUU_ECORRUPT;
        }
    *out = d;
    return TRACUU_OK;
}

void
record_doc_free(record_doc *d)
{
    if (d)
        free(d->arena_);
}

uint32_t
record_passage_at(const record_doc *d, size_t at)
{
    size_t lo = 0, hi = d->npassages;
    while (lo < hi) { /* the first passage ending after `at` */
        size_t mid = (lo + hi) / 2;
        if (d->passages[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->npassages && d->passages[lo].start <= at ? (uint32_t)lo : RECORD_NO_PASSAGE;
}

/* ---- JSON ----------------------------------------------------------------------------- */

const char *
record_passage_heading(const record_doc *d, uint32_t p, size_t *len)
{
    *len = 0;
    if (p >= d->npassages || d->passages[p].heading >= d->npassages)
        return NULL;
    const record_passage *h = &d->passages[d->passages[p].heading];
    const char *s = d->text + h->start;
    size_t n = h->end - h->start;
    if (n > RECORD_HEADING_MAX) {
        n = RECORD_HEADING_MAX;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    *len = n;
    return s;
}

json_t *
record_passage_cite_ids(const record_doc *d, uint32_t p)
{
    json_t *ids = json_array();
    for (size_t k = 0; ids && k < d->ncites; k++)
        if (d->cites[k].passage == p)
            json_array_append_new(ids, json_string(d->cites[k].id));
    return ids;
}

static json_t *
str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *
record_doc_json(const record_doc *d)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "path", json_string(d->path));
    json_object_set_new(o, "title", str_or_null(d->title));
    json_object_set_new(o, "encoding", str_or_null(d->encoding));
    json_object_set_new(o, "size", json_integer((json_int_t)d->size));
    json_object_set_new(o, "mtime_ns", json_integer((json_int_t)d->mtime_ns));
    /* The file's modification day (UTC), apart from "date": a copy or a download sets it,
     * so it is never taken for the report's date. */
    time_t secs = (time_t)(d->mtime_ns / 1000000000);
    struct tm tm;
    char day[16];
    if (d->mtime_ns > 0 && gmtime_r(&secs, &tm) && strftime(day, sizeof day, "%Y-%m-%d", &tm) == 10)
        json_object_set_new(o, "mtime", json_string(day));
    else
        json_object_set_new(o, "mtime", json_null());
    json_object_set_new(o, "passages", json_integer((json_int_t)d->npassages));
    json_object_set_new(o, "bytes", json_integer((json_int_t)d->textlen));
    json_t *ab = json_object();
    for (size_t i = 0; i < d->nabbr; i++)
        json_object_set_new(ab, d->abbr[2 * i], json_string(d->abbr[2 * i + 1]));
    json_object_set_new(o, "abbreviations", ab);
    json_object_set_new(o, "hash", json_string(d->hash ? d->hash : ""));
    json_object_set_new(o, "revision", json_integer((json_int_t)d->revision));
    json_object_set_new(o, "created", json_integer((json_int_t)d->created));
    json_object_set_new(o, "date", str_or_null(d->date));
    json_object_set_new(o, "date_from", str_or_null(d->date ? d->date_from : NULL));
    json_object_set_new(o, "commune", str_or_null(d->commune));
    json_object_set_new(o, "district", str_or_null(d->district));
    json_object_set_new(o, "province", str_or_null(d->province));
    json_object_set_new(o, "kind", str_or_null(d->kind));
    json_object_set_new(o, "body", str_or_null(d->body));
    json_object_set_new(o, "simhash", json_string(d->simhash ? d->simhash : ""));
    if (d->author)
        json_object_set_new(o, "author", json_string(d->author));
    if (d->doc_created)
        json_object_set_new(o, "document_created", json_string(d->doc_created));
    if (d->doc_modified)
        json_object_set_new(o, "document_modified", json_string(d->doc_modified));
    if (d->pages)
        json_object_set_new(o, "pages", json_integer(d->pages));
    if (d->ocr_pages)
        json_object_set_new(o, "ocr_pages", json_integer(d->ocr_pages));
    if (d->number)
        json_object_set_new(o, "number", json_string(d->number));
    size_t nsec[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < d->npassages; i++)
        nsec[d->passages[i].section & 3]++;
    json_object_set_new(o, "sections",
                        json_pack("{s:I, s:I, s:I, s:I}", "achievement",
                                  (json_int_t)nsec[SECTION_ACHIEVEMENT], "limitation",
                                  (json_int_t)nsec[SECTION_LIMITATION], "direction",
                                  (json_int_t)nsec[SECTION_DIRECTION], "other",
                                  (json_int_t)nsec[SECTION_OTHER]));
    /* Each cited id once: how its first mention was resolved, the passages (1-based) that
     * cite it. */
    json_t *cites = json_array();
    for (size_t i = 0; i < d->ncites; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(d->cites[k].id, d->cites[i].id);
        if (seen)
            continue;
        json_t *ps = json_array();
        for (size_t k = i; k < d->ncites; k++) {
            if (strcmp(d->cites[k].id, d->cites[i].id) || d->cites[k].passage == RECORD_NO_PASSAGE)
                continue;
            json_int_t ord = (json_int_t)d->cites[k].passage + 1;
            size_t last = json_array_size(ps);
            if (!last || json_integer_value(json_array_get(ps, last - 1)) != ord)
                json_array_append_new(ps, json_integer(ord));
        }
        json_array_append_new(cites, json_pack("{s:s, s:s, s:o}", "id", d->cites[i].id,
                                               "resolved",
                                               cite_resolution_name(d->cites[i].resolved),
                                               "passages", ps));
    }
    json_object_set_new(o, "cites", cites);
    return o;
}

tracuu_status
record_doc_json_get(json_t **out, const char *data, size_t len)
{
    record_doc *d = NULL;
    *out = NULL;
    tracuu_status st = record_doc_decode(&d, data, len);
    if (st != TRACUU_OK)
        return st;
    *out = record_doc_json(d);
    record_doc_free(d);
    return *out ? TRACUU_OK : TRACUU_ENOMEM;
}

json_t *
record_doc_json_of(const char *data, size_t len)
{
    json_t *o = NULL;
    return record_doc_json_get(&o, data, len) == TRACUU_OK ? o : NULL;
}

/* ---- failed-file records --------------------------------------------------------------- */

#define FAILED_MAGIC "TRF5"
enum { FTAG_PATH = 1, FTAG_STATUS, FTAG_MESSAGE, FTAG_SIZE = 32 };

tracuu_status
record_failed_encode(text_buf *out, const record_failed *f)
{
    tracuu_status st = text_buf_put(out, FAILED_MAGIC, MAGIC_LEN);
    const char *s[3] = {f->path, f->status, f->message};
    for (unsigned k = 0; k < 3 && st == TRACUU_OK; k++)
        if (s[k])
            st = put_field(out, FTAG_PATH + k, s[k], strlen(s[k]));
    if (st == TRACUU_OK)
        st = put_number(out, FTAG_SIZE, f->size);
    if (st == TRACUU_OK)
        st = put_field(out, TAG_END, NULL, 0);
    return st;
}

void
record_failed_free(record_failed *f)
{
    if (!f)
        return;
    free((char *)f->path);
    free((char *)f->status);
    free((char *)f->message);
    free(f);
}

/* Records of an older tracuu: a JSON object. */
static tracuu_status
failed_from_json(record_failed *f, const char *data, size_t len)
{
    json_t *o = json_loadb(data, len, 0, NULL);
    const char *path = json_string_value(json_object_get(o, "path"));
    tracuu_status st = path ? TRACUU_OK : TRACUU_ECORRUPT;
    if (st == TRACUU_OK) {
        const char *status = json_string_value(json_object_get(o, "status"));
        const char *message = json_string_value(json_object_get(o, "message"));
        f->path = strdup(path);
        f->status = strdup(status ? status : "");
        f->message = strdup(message ? message : "");
        f->size = (uint64_t)json_integer_value(json_object_get(o, "size"));
        if (!f->path || !f->status || !f->message)
            st = TRACUU_ENOMEM;
    }
    json_decref(o);
    return st;
}

static tracuu_status
failed_from_fields(record_failed *f, const char *data, size_t len)
{
    reader r = {(const unsigned char *)data + MAGIC_LEN, (const unsigned char *)data + len, 0};
    const char **s[3] = {&f->path, &f->status, &f->message};
    for (;;) {
        if (r.p >= r.end)
            return TRACUU_ECORRUPT; /* cut before the end field */
        unsigned tag = *r.p++;
        size_t n = get_len(&r);
        if (r.bad)
            return TRACUU_ECORRUPT;
        const unsigned char *v = r.p;
        r.p += n;
        if (tag == TAG_END)
            break;
        if (tag >= FTAG_PATH && tag <= FTAG_MESSAGE) {
            const char **slot = s[tag - FTAG_PATH];
            free((char *)*slot);
            *slot = strndup((const char *)v, n);
            if (!*slot)
                return TRACUU_ENOMEM;
        } else if (tag == FTAG_SIZE) {
            reader num = {v, v + n, 0};
            f->size = get_varint(&num);
            if (num.bad)
                return TRACUU_ECORRUPT;
        } /* other tags: a later field, skipped */
    }
    if (!f->path)
        return TRACUU_ECORRUPT;
    for (unsigned k = 1; k < 3; k++)
        if (!*s[k] && !(*s[k] = strdup("")))
            return TRACUU_ENOMEM;
    return TRACUU_OK;
}

tracuu_status
record_failed_decode(record_failed **out, const char *data, size_t len)
{
    *out = NULL;
    record_failed *f = calloc(1, sizeof *f);
    if (!f)
        return TRACUU_ENOMEM;
    tracuu_status st;
    if (len >= MAGIC_LEN && !memcmp(data, FAILED_MAGIC, MAGIC_LEN))
        st = failed_from_fields(f, data, len);
    else if (len && data[0] == '{')
        st = failed_from_json(f, data, len);
    else
        st = TRACUU_ECORRUPT;
    if (st != TRACUU_OK) {
        record_failed_free(f);
        return st;
    }
    *out = f;
    return TRACUU_OK;
}

json_t *
record_failed_json_of(const char *data, size_t len)
{
    record_failed *f = NULL;
    if (record_failed_decode(&f, data, len) != TRACUU_OK)
        return NULL;
    json_t *o = json_pack("{s:s, s:s, s:s, s:I}", "path", f->path, "status", f->status,
                          "message", f->message, "size", (json_int_t)f->size);
    record_failed_free(f);
    return o;
}
