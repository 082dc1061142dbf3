/*
 * freq.c - syllable counts: a map (map.h) from the layer byte and the form to a count.
 */
#include "freq.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "map.h"
#include "token.h"

/* Bytes of keys a table holds: a document's distinct syllables take a few kilobytes; a
 * whole 64 MiB file of distinct runs stays far below. */
#define FREQ_KEYS_MAX ((size_t)1 << 30)

struct text_freq {
    text_map map;
};

tracuu_status
text_freq_new(text_freq **out)
{
    text_freq *f = malloc(sizeof *f);
    if (!f)
        return TRACUU_ENOMEM;
    text_map_init(&f->map, FREQ_KEYS_MAX);
    *out = f;
    return TRACUU_OK;
}

void
text_freq_free(text_freq *f)
{
    if (!f)
        return;
    text_map_free(&f->map);
    free(f);
}

/* Keys are the layer byte followed by the form. */
#define KEY_MAX (TEXT_TOKEN_MAX_BYTES + 1)

static size_t
make_key(char *key, const char *s, size_t n, int folded)
{
    if (n >= KEY_MAX)
        return 0;
    key[0] = folded ? 'f' : 'e';
    memcpy(key + 1, s, n);
    return n + 1;
}

tracuu_status
text_freq_add(text_freq *f, const char *s, size_t n, int folded)
{
    char key[KEY_MAX + 1];
    size_t kn = make_key(key, s, n, folded);
    if (!kn)
        return TRACUU_OK; /* longer than any syllable: not worth counting */
    text_map_entry *e;
    tracuu_status st = text_map_put(&f->map, key, kn, &e, NULL);
    if (st == TRACUU_OK)
        e->v.u++;
    return st;
}

uint64_t
text_freq_get(void *ctx, const char *s, size_t n, int folded)
{
    const text_freq *f = ctx;
    char key[KEY_MAX + 1];
    size_t kn = make_key(key, s, n, folded);
    if (!f || !kn)
        return 0;
    const text_map_entry *e = text_map_find(&f->map, key, kn);
    return e ? e->v.u : 0;
}

void
text_doc_freq_init(text_doc_freq *d, const char *text, size_t n, const text_freq_src *next)
{
    d->text = text;
    d->n = n;
    d->table = NULL;
    d->tried = 0;
    d->next.fn = next ? next->fn : NULL;
    d->next.ctx = next ? next->ctx : NULL;
}

uint64_t
text_doc_freq_get(void *ctx, const char *s, size_t n, int folded)
{
    text_doc_freq *d = ctx;
    if (!d->tried) {
        d->tried = 1;
        if (text_freq_new(&d->table) == TRACUU_OK &&
            text_freq_count_text(d->table, d->text, d->n) != TRACUU_OK) {
            text_freq_free(d->table); /* a tie-break without local counts is still one */
            d->table = NULL;
        }
    }
    uint64_t v = d->table ? text_freq_get(d->table, s, n, folded) : 0;
    return v + (d->next.fn ? d->next.fn(d->next.ctx, s, n, folded) : 0);
}

void
text_doc_freq_free(text_doc_freq *d)
{
    text_freq_free(d->table);
    d->table = NULL;
}

tracuu_status
text_freq_count_text(text_freq *f, const char *text, size_t n)
{
    text_tokenizer tz;
    text_token t;
    text_buf ex = TEXT_BUF_INIT(256), fo = TEXT_BUF_INIT(256);
    tracuu_status st = TRACUU_OK;
    text_tokenizer_init(&tz, text, n, NULL);
    while (st == TRACUU_OK && text_tokenizer_next(&tz, &t)) {
        if (t.glued || t.kind != TEXT_TOK_WORD || t.end - t.start > TEXT_TOKEN_MAX_BYTES)
            continue;
        int32_t cps[TEXT_SYLLABLE_MAX];
        size_t k = 0, i = t.start;
        while (i < t.end && k < TEXT_SYLLABLE_MAX)
            cps[k++] = text_utf8_next(text, t.end, &i);
        if (i < t.end || !text_syllable_valid(cps, k, TEXT_SYL_FOLDED))
            continue;
        text_buf_reset(&ex);
        text_buf_reset(&fo);
        st = text_token_forms(text, t.start, t.end, &ex, &fo, NULL);
        if (st == TRACUU_OK && ex.len)
            st = text_freq_add(f, ex.ptr, ex.len, 0);
        if (st == TRACUU_OK && fo.len)
            st = text_freq_add(f, fo.ptr, fo.len, 1);
    }
    text_buf_free(&ex);
    text_buf_free(&fo);
    return st;
}
