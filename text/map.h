/*
 * map.h - the one hash map of the code base: byte-string keys to a 64-bit value.
 *
 * Open addressing with linear probing on XXH3 of the key; the table doubles at half load,
 * so a lookup is one or two probes. Keys are copied into chunks that never move, with a
 * NUL after each: a key's copy (entry->key) is a stable C string until text_map_free, which
 * lets callers intern strings (simvec.c keeps term pointers in vectors). Entry pointers, on
 * the other hand, are only valid until the next text_map_put (growth moves slots).
 * Every map has a ceiling on the bytes of its keys: input decides how many keys there are,
 * and growth past the ceiling is TRACUU_ETOOBIG, not an exhausted machine.
 */
#ifndef TRACUU_TEXT_MAP_H
#define TRACUU_TEXT_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu.h"

typedef union text_map_value {
    uint64_t u; /* a count, an index */
    double d;   /* a weight */
} text_map_value;

typedef struct text_map_entry {
    const char *key; /* the map's copy, NUL-terminated; NULL: an empty slot */
    size_t len;
    uint64_t hash;
    text_map_value v; /* zero when put creates the entry */
} text_map_entry;

typedef struct text_map_chunk text_map_chunk;

typedef struct text_map {
    text_map_entry *slots;
    size_t cap, used;
    text_map_chunk *chunks; /* where keys live */
    size_t key_bytes, key_max;
} text_map;

/* An empty map whose keys may take up to key_max bytes in all. No allocation until the
 * first put; text_map_free releases it in every case. */
void text_map_init(text_map *m, size_t key_max);
void text_map_free(text_map *m);

/* The entry of key[0..n), or NULL. */
text_map_entry *text_map_find(const text_map *m, const void *key, size_t n);

/* The entry of key[0..n), created (value zero, *created = 1) when absent. created may be
 * NULL. Returns TRACUU_OK, TRACUU_ENOMEM, TRACUU_ETOOBIG (the keys' ceiling). */
tracuu_status text_map_put(text_map *m, const void *key, size_t n, text_map_entry **out,
                           int *created);

size_t text_map_count(const text_map *m);

#endif
