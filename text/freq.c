/*
 * freq.c - open-addressing hash table from (layer, form) to a count. Keys are copied into
 * one arena per table; the table doubles at 50% load.
 */
#include "freq.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "buf.h"
#include "token.h"

typedef struct {
    size_t off; /* key offset in the arena + 1; 0 = empty */
    uint32_t len;
    uint64_t count;
} freq_slot;

struct text_freq {
    freq_slot *slots;
    size_t cap, used;
    text_buf keys;
};

tracuu_status
text_freq_new(text_freq **out)
{
    text_freq *f = calloc(1, sizeof *f);
    if (!f)
        return TRACUU_ENOMEM;
    f->cap = 1024;
    f->slots = calloc(f->cap, sizeof *f->slots);
    f->keys = (text_buf)TEXT_BUF_INIT((size_t)1 << 30);
    if (!f->slots) {
        free(f);
        return TRACUU_ENOMEM;
    }
    *out = f;
    return TRACUU_OK;
}

void
text_freq_free(text_freq *f)
{
    if (!f)
        return;
    free(f->slots);
    text_buf_free(&f->keys);
    free(f);
}

static size_t
find(const text_freq *f, const char *key, size_t n, uint64_t h)
{
    size_t i = (size_t)h & (f->cap - 1);
    for (;;) {
        const freq_slot *s = &f->slots[i];
        if (!s->off || (s->len == n && !memcmp(f->keys.ptr + s->off - 1, key, n)))
            return i;
        i = (i + 1) & (f->cap - 1);
    }
}

static tracuu_status
grow(text_freq *f)
{
    size_t ncap = f->cap * 2;
    freq_slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return TRACUU_ENOMEM;
    freq_slot *old = f->slots;
    size_t ocap = f->cap;
    f->slots = ns;
    f->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (!old[i].off)
            continue;
        const char *k = f->keys.ptr + old[i].off - 1;
        f->slots[find(f, k, old[i].len, XXH3_64bits(k, old[i].len))] = old[i];
    }
    free(old);
    return TRACUU_OK;
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
    if ((f->used + 1) * 2 > f->cap) {
        tracuu_status st = grow(f);
        if (st != TRACUU_OK)
            return st;
    }
    size_t i = find(f, key, kn, XXH3_64bits(key, kn));
    if (!f->slots[i].off) {
        size_t off = f->keys.len;
        tracuu_status st = text_buf_put(&f->keys, key, kn);
        if (st != TRACUU_OK)
            return st;
        f->slots[i].off = off + 1;
        f->slots[i].len = (uint32_t)kn;
        f->used++;
    }
    f->slots[i].count++;
    return TRACUU_OK;
}

uint64_t
text_freq_get(void *ctx, const char *s, size_t n, int folded)
{
    const text_freq *f = ctx;
    char key[KEY_MAX + 1];
    size_t kn = make_key(key, s, n, folded);
    if (!f || !kn)
        return 0;
    size_t i = find(f, key, kn, XXH3_64bits(key, kn));
    return f->slots[i].off ? f->slots[i].count : 0;
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
