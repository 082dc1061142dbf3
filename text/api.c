/*
 * api.c - the public text-analysis entry points of tracuu.h (decode, normalize, tokens),
 * thin wrappers that turn the module functions into owned results.
 */
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "date.h"
#include "decode.h"
#include "freq.h"
#include "normalize.h"
#include "token.h"

#define TEXT_API_MAX ((size_t)1 << 31)

tracuu_status
tracuu_name_bytes(char **out, const char *name)
{
    if (!out)
        return TRACUU_EINVAL;
    *out = NULL;
    if (!name)
        return TRACUU_EINVAL;
    *out = text_name_unescape(name);
    return *out ? TRACUU_OK : TRACUU_ENOMEM;
}

tracuu_status
tracuu_text_decode(char **out, size_t *outlen, const char **used, const char *bytes,
                   size_t len, const char *encoding, char **errmsg)
{
    text_buf b = TEXT_BUF_INIT(TEXT_API_MAX);
    char err[256];
    const char *u = NULL;
    if (out)
        *out = NULL;
    if (outlen)
        *outlen = 0;
    if (used)
        *used = NULL;
    if (errmsg)
        *errmsg = NULL;
    if (!out || (!bytes && len))
        return TRACUU_EINVAL;
    tracuu_status st = text_decode(&b, &u, bytes ? bytes : "", len, encoding, err, sizeof err);
    if (st != TRACUU_OK) {
        text_buf_free(&b);
        if (errmsg)
            *errmsg = strdup(err[0] ? err : tracuu_status_str(st));
        return st;
    }
    *out = text_buf_steal(&b, outlen);
    if (!*out)
        return TRACUU_ENOMEM;
    if (used)
        *used = u;
    return TRACUU_OK;
}

tracuu_status
tracuu_text_normalize(char **out, size_t *outlen, const char *utf8, size_t len)
{
    text_buf b = TEXT_BUF_INIT(TEXT_API_MAX);
    if (!out)
        return TRACUU_EINVAL;
    *out = NULL;
    if (outlen)
        *outlen = 0;
    if (!utf8 && len)
        return TRACUU_EINVAL;
    if (text_utf8_check(utf8 ? utf8 : "", len) != len)
        return TRACUU_EENCODING;
    tracuu_status st = text_normalize(&b, utf8 ? utf8 : "", len);
    if (st != TRACUU_OK) {
        text_buf_free(&b);
        return st;
    }
    *out = text_buf_steal(&b, outlen);
    return *out ? TRACUU_OK : TRACUU_ENOMEM;
}

struct tracuu_tokens {
    tracuu_token *items;
    size_t n;
    char *strings; /* all exact\0folded\0 pairs, one allocation */
};

tracuu_status
tracuu_tokens_new(tracuu_tokens **out, const char *s, size_t len)
{
    tracuu_status st = TRACUU_OK;
    text_buf strings = TEXT_BUF_INIT(TEXT_API_MAX);
    text_buf spans = TEXT_BUF_INIT(TEXT_API_MAX);
    tracuu_tokens *t = NULL;
    if (!out)
        return TRACUU_EINVAL;
    *out = NULL;
    if (!s && len)
        return TRACUU_EINVAL;
    t = calloc(1, sizeof *t);
    if (!t)
        return TRACUU_ENOMEM;
    /* First collect spans and string offsets; pointers are fixed up once strings stop
     * moving. */
    text_tokenizer tz;
    text_token tok;
    text_doc_freq own;
    text_doc_freq_init(&own, s ? s : "", len, NULL);
    const text_freq_src freq = {text_doc_freq_get, &own};
    text_tokenizer_init(&tz, s ? s : "", len, &freq);
    while (text_tokenizer_next(&tz, &tok)) {
        size_t rec[5];
        rec[0] = tok.start;
        rec[1] = tok.end;
        rec[2] = strings.len;
        rec[4] = (size_t)tok.kind | (size_t)tok.glued << 8;
        st = text_token_forms(s, tok.start, tok.end, &strings, NULL, NULL);
        if (st == TRACUU_OK)
            st = text_buf_putc(&strings, '\0');
        rec[3] = strings.len;
        if (st == TRACUU_OK)
            st = text_token_forms(s, tok.start, tok.end, NULL, &strings, NULL);
        if (st == TRACUU_OK)
            st = text_buf_putc(&strings, '\0');
        if (st == TRACUU_OK)
            st = text_buf_put(&spans, rec, sizeof rec);
        if (st != TRACUU_OK)
            goto done;
    }
    t->n = spans.len / (5 * sizeof(size_t));
    t->strings = text_buf_steal(&strings, NULL);
    t->items = calloc(t->n ? t->n : 1, sizeof *t->items);
    if (!t->strings || !t->items) {
        st = TRACUU_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < t->n; i++) {
        static const char *const kinds[] = {"word", "number", "code"};
        const size_t *rec = (const size_t *)(void *)(spans.ptr + i * 5 * sizeof(size_t));
        t->items[i].start = rec[0];
        t->items[i].end = rec[1];
        t->items[i].exact = t->strings + rec[2];
        t->items[i].folded = t->strings + rec[3];
        t->items[i].kind = kinds[(rec[4] & 0xFF) % 3];
        t->items[i].glued = (int)(rec[4] >> 8);
    }
    *out = t;
    t = NULL;
done:
    text_doc_freq_free(&own);
    text_buf_free(&strings);
    text_buf_free(&spans);
    tracuu_tokens_free(t);
    return st;
}

size_t
tracuu_tokens_count(const tracuu_tokens *t)
{
    return t ? t->n : 0;
}

const tracuu_token *
tracuu_tokens_get(const tracuu_tokens *t, size_t i)
{
    return (t && i < t->n) ? &t->items[i] : NULL;
}

void
tracuu_tokens_free(tracuu_tokens *t)
{
    if (!t)
        return;
    free(t->items);
    free(t->strings);
    free(t);
}

/* ---- citations ----------------------------------------------------------------------- */

tracuu_status
tracuu_registry_use(const char *path, char **errmsg)
{
    char err[512] = "";
    if (errmsg)
        *errmsg = NULL;
    tracuu_status st = path ? registry_use(path, err, sizeof err) : registry_ready(err, sizeof err);
    if (st != TRACUU_OK && errmsg)
        *errmsg = strdup(err[0] ? err : tracuu_status_str(st));
    return st;
}

struct tracuu_citations {
    tracuu_citation *items;
    size_t n;
    char *strings;
};

tracuu_status
tracuu_citations_extract(tracuu_citations **out, const char *s, size_t len,
                         const char *report_date)
{
    if (!out || (!s && len))
        return TRACUU_EINVAL;
    *out = NULL;
    if (text_utf8_check(s ? s : "", len) != len)
        return TRACUU_EINVAL;
    char rerr[8];
    tracuu_status rst = registry_ready(rerr, sizeof rerr);
    if (rst != TRACUU_OK)
        return rst;
    text_buf recs = TEXT_BUF_INIT(TEXT_API_MAX), strings = TEXT_BUF_INIT(TEXT_API_MAX);
    const registry *reg = registry_global();
    char found[9];
    if (!report_date && cite_report_date(s ? s : "", len, found))
        report_date = found;
    tracuu_status st = cite_extract(s ? s : "", len, reg, report_date, &recs);
    tracuu_citations *c = calloc(1, sizeof *c);
    if (!c)
        st = TRACUU_ENOMEM;
    const cite *r = (const cite *)(void *)recs.ptr;
    size_t n = recs.len / sizeof *r;
    size_t *offs = st == TRACUU_OK ? calloc(n ? n * 3 : 1, sizeof *offs) : NULL;
    if (st == TRACUU_OK && !offs)
        st = TRACUU_ENOMEM;
    for (size_t i = 0; st == TRACUU_OK && i < n; i++) {
        offs[3 * i] = strings.len;
        st = text_buf_put(&strings, r[i].id, strlen(r[i].id) + 1);
        offs[3 * i + 1] = strings.len;
        if (st == TRACUU_OK)
            st = text_buf_put(&strings, s + r[i].start, r[i].end - r[i].start);
        if (st == TRACUU_OK)
            st = text_buf_putc(&strings, '\0');
        const reg_entry *e = registry_find(reg, r[i].id);
        offs[3 * i + 2] = e && e->title ? strings.len : (size_t)-1;
        if (st == TRACUU_OK && e && e->title)
            st = text_buf_put(&strings, e->title, strlen(e->title) + 1);
    }
    if (st == TRACUU_OK) {
        c->n = n;
        c->strings = text_buf_steal(&strings, NULL);
        c->items = calloc(n ? n : 1, sizeof *c->items);
        if (!c->strings || !c->items)
            st = TRACUU_ENOMEM;
    }
    for (size_t i = 0; st == TRACUU_OK && i < n; i++) {
        c->items[i].id = c->strings + offs[3 * i];
        c->items[i].text = c->strings + offs[3 * i + 1];
        c->items[i].start = r[i].start;
        c->items[i].end = r[i].end;
        c->items[i].resolved = cite_resolution_name(r[i].resolved);
        c->items[i].title = offs[3 * i + 2] == (size_t)-1 ? NULL : c->strings + offs[3 * i + 2];
    }
    free(offs);
    text_buf_free(&recs);
    text_buf_free(&strings);
    if (st != TRACUU_OK) {
        tracuu_citations_free(c);
        return st;
    }
    *out = c;
    return TRACUU_OK;
}

size_t
tracuu_citations_count(const tracuu_citations *c)
{
    return c ? c->n : 0;
}

const tracuu_citation *
tracuu_citations_get(const tracuu_citations *c, size_t i)
{
    return c && i < c->n ? &c->items[i] : NULL;
}

void
tracuu_citations_free(tracuu_citations *c)
{
    if (!c)
        return;
    free(c->items);
    free(c->strings);
    free(c);
}

char *
tracuu_citation_canonicalize(const char *spelling)
{
    char id[CITE_ID_MAX];
    return cite_canonical(spelling, id, sizeof id) ? strdup(id) : NULL;
}

int
tracuu_date_parse(const char *text, char iso[11])
{
    iso[0] = '\0';
    return text ? text_date_parse(text, strlen(text), iso) : 0;
}
