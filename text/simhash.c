/*
 * simhash.c - wording fingerprints (simhash.h).
 */
#include "simhash.h"

#include <string.h>
#include <xxhash.h>

#include "buf.h"
#include "token.h"

/* Per-bit vote counts kept bit-sliced: plane[p] holds bit p of 64 eight-bit counters, one
 * per bit of the hash, so counting a hash is a ripple-carry add of one word instead of a
 * loop over its 64 bits (that loop was most of simhash_of's own cost). The counters are
 * emptied into `ones` before they can overflow. */
typedef struct {
    uint64_t plane[8];
    unsigned pending; /* hashes counted in the planes, at most 255 */
    uint64_t ones[64];
} bit_votes;

static void
votes_flush(bit_votes *v)
{
    for (int b = 0; b < 64; b++) {
        uint64_t c = 0;
        for (int p = 0; p < 8; p++)
            c |= ((v->plane[p] >> b) & 1) << p;
        v->ones[b] += c;
    }
    memset(v->plane, 0, sizeof v->plane);
    v->pending = 0;
}

static void
votes_add(bit_votes *v, uint64_t h)
{
    if (v->pending == 255)
        votes_flush(v);
    uint64_t carry = h;
    for (int p = 0; p < 8 && carry; p++) {
        uint64_t t = v->plane[p] & carry;
        v->plane[p] ^= carry;
        carry = t;
    }
    v->pending++;
}

uint64_t
simhash_of(const char *text, size_t n)
{
    bit_votes votes = {{0}, 0, {0}};
    uint64_t hist[3] = {0, 0, 0}; /* hashes of the last three syllables */
    size_t seen = 0, shingles = 0;
    text_buf f = TEXT_BUF_INIT(4096);
    text_tokenizer tz;
    text_token tok;
    text_tokenizer_init(&tz, text, n, NULL);
    while (text_tokenizer_next(&tz, &tok)) {
        if (tok.end - tok.start > TEXT_TOKEN_MAX_BYTES)
            continue;
        text_buf_reset(&f);
        if (text_token_forms(text, tok.start, tok.end, NULL, &f, NULL) != TRACUU_OK || !f.len)
            continue;
        hist[0] = hist[1];
        hist[1] = hist[2];
        hist[2] = XXH3_64bits(f.ptr, f.len);
        if (++seen < 3)
            continue;
        votes_add(&votes, XXH3_64bits(hist, sizeof hist));
        shingles++;
    }
    text_buf_free(&f);
    if (!shingles)
        return 0;
    votes_flush(&votes);
    /* A bit is set when more shingles had it than not: ones > shingles - ones. */
    uint64_t out = 0;
    for (int b = 0; b < 64; b++)
        if (2 * votes.ones[b] > (uint64_t)shingles)
            out |= (uint64_t)1 << b;
    return out;
}

int
simhash_distance(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}
