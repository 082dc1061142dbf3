/*
 * map.c - the hash map of map.h.
 */
#include "map.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* Keys are packed into chunks of at least this many bytes (one chunk per key when a key is
 * longer): a few allocations for thousands of syllables, and no key ever moves. */
#define MAP_CHUNK_BYTES 65536u
/* The first table: the common case (a document's syllables) never grows it twice. */
#define MAP_FIRST_SLOTS 1024u

struct text_map_chunk {
    text_map_chunk *next;
    size_t used, cap;
    char bytes[];
};

void
text_map_init(text_map *m, size_t key_max)
{
    memset(m, 0, sizeof *m);
    m->key_max = key_max;
}

void
text_map_free(text_map *m)
{
    if (!m)
        return;
    free(m->slots);
    while (m->chunks) {
        text_map_chunk *c = m->chunks;
        m->chunks = c->next;
        free(c);
    }
    memset(m, 0, sizeof *m);
}

static size_t
probe(const text_map_entry *slots, size_t cap, const void *key, size_t n, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (slots[i].key &&
           !(slots[i].hash == h && slots[i].len == n && !memcmp(slots[i].key, key, n)))
        i = (i + 1) & (cap - 1);
    return i;
}

text_map_entry *
text_map_find(const text_map *m, const void *key, size_t n)
{
    if (!m->cap)
        return NULL;
    size_t i = probe(m->slots, m->cap, key, n, XXH3_64bits(key, n));
    return m->slots[i].key ? &m->slots[i] : NULL;
}

static tracuu_status
resize(text_map *m, size_t cap)
{
    text_map_entry *ns = calloc(cap, sizeof *ns);
    if (!ns)
        return TRACUU_ENOMEM;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            ns[probe(ns, cap, m->slots[i].key, m->slots[i].len, m->slots[i].hash)] = m->slots[i];
    free(m->slots);
    m->slots = ns;
    m->cap = cap;
    return TRACUU_OK;
}

/* A stable copy of key[0..n) with a NUL after it. */
static const char *
keep(text_map *m, const void *key, size_t n)
{
    text_map_chunk *c = m->chunks;
    if (!c || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > MAP_CHUNK_BYTES ? n + 1 : MAP_CHUNK_BYTES;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = m->chunks;
        m->chunks = c;
    }
    char *k = c->bytes + c->used;
    memcpy(k, key, n);
    k[n] = '\0';
    c->used += n + 1;
    return k;
}

tracuu_status
text_map_put(text_map *m, const void *key, size_t n, text_map_entry **out, int *created)
{
    *out = NULL;
    if (created)
        *created = 0;
    if ((m->used + 1) * 2 > m->cap) {
        tracuu_status st = resize(m, m->cap ? m->cap * 2 : MAP_FIRST_SLOTS);
        if (st != TRACUU_OK)
            return st;
    }
    uint64_t h = XXH3_64bits(key, n);
    size_t i = probe(m->slots, m->cap, key, n, h);
    if (!m->slots[i].key) {
        if (n + 1 > m->key_max - m->key_bytes || m->key_bytes > m->key_max)
            return TRACUU_ETOOBIG;
        const char *k = keep(m, key, n);
        if (!k)
            return TRACUU_ENOMEM;
        m->key_bytes += n + 1;
        m->slots[i] = (text_map_entry){k, n, h, {0}};
        m->used++;
        if (created)
            *created = 1;
    }
    *out = &m->slots[i];
    return TRACUU_OK;
}

size_t
text_map_count(const text_map *m)
{
    return m->used;
}
