/*
 * simhash.c - wording fingerprints (simhash.h).
 */
#include "simhash.h"

#include <string.h>
#include <xxhash.h>

#include "buf.h"
#include "token.h"

uint64_t
simhash_of(const char *text, size_t n)
{
    int32_t votes[64] = {0};
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
        uint64_t h = XXH3_64bits(hist, sizeof hist);
        for (int b = 0; b < 64; b++)
            votes[b] += (h >> b) & 1 ? 1 : -1;
        shingles++;
    }
    text_buf_free(&f);
    if (!shingles)
        return 0;
    uint64_t out = 0;
    for (int b = 0; b < 64; b++)
        if (votes[b] > 0)
            out |= (uint64_t)1 << b;
    return out;
}

int
simhash_distance(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}
