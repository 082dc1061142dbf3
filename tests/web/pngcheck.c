/*
 * pngcheck.c - is a screenshot blank? Decodes a PNG (8-bit greyscale, RGB, grey+alpha or
 * RGBA, not interlaced: what Chromium writes) with zlib, and says how large it is, how many
 * colours it has and what share of its pixels differ from the most common colour (the
 * page's background). browser.sh fails a screenshot that is smaller than asked, has one
 * colour, or has almost nothing drawn on its background (an error or empty page of the
 * right size would otherwise pass a file-size check).
 *
 *   pngcheck FILE MIN_WIDTH MIN_HEIGHT
 *
 * Prints "WIDTHxHEIGHT colours=N ink=P%" and exits 0 when the image passes, 1 when it is
 * blank or too small (the reason on stderr), 2 on a file that is not such a PNG.
 *
 * A C helper rather than ImageMagick or Python: the test must run wherever tracuu builds,
 * and zlib is there already (Xapian and libzip need it). Every size is bounded.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_FILE (64u << 20) /* a 1200x900 screenshot is well under 1 MiB */
#define MAX_SIDE 16384u
#define MAX_COLOURS 4096 /* counting stops here: "many" is all the test needs */
#define MIN_INK 0.005    /* share of pixels that must differ from the background */

static uint32_t
be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int
paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    if (pa <= pb && pa <= pc)
        return a;
    return pb <= pc ? b : c;
}

/* Undoes the per-row filters in place; 0 on success. */
static int
unfilter(unsigned char *raw, uint32_t w, uint32_t h, unsigned bpp)
{
    size_t stride = (size_t)w * bpp;
    unsigned char *prev = NULL;
    for (uint32_t y = 0; y < h; y++) {
        unsigned char *row = raw + (size_t)y * (stride + 1);
        int type = row[0];
        unsigned char *px = row + 1;
        for (size_t i = 0; i < stride; i++) {
            int a = i >= bpp ? px[i - bpp] : 0;
            int b = prev ? prev[i] : 0;
            int c = prev && i >= bpp ? prev[i - bpp] : 0;
            int v;
            switch (type) {
            case 0:
                v = px[i];
                break;
            case 1:
                v = px[i] + a;
                break;
            case 2:
                v = px[i] + b;
                break;
            case 3:
                v = px[i] + (a + b) / 2;
                break;
            case 4:
                v = px[i] + paeth(a, b, c);
                break;
            default:
                return -1;
            }
            px[i] = (unsigned char)v;
        }
        prev = px;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: pngcheck FILE MIN_WIDTH MIN_HEIGHT\n");
        return 2;
    }
    long minw = strtol(argv[2], NULL, 10), minh = strtol(argv[3], NULL, 10);
    int rc = 2;
    unsigned char *file = NULL, *idat = NULL, *raw = NULL;
    uint32_t *colours = NULL;
    size_t *counts = NULL;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    file = malloc(MAX_FILE);
    size_t n = file ? fread(file, 1, MAX_FILE, f) : 0;
    fclose(f);
    if (n < 33 || n == MAX_FILE || memcmp(file, "\x89PNG\r\n\x1a\n", 8) != 0) {
        fprintf(stderr, "%s: not a PNG (or over %u bytes)\n", argv[1], MAX_FILE);
        goto done;
    }
    /* Chunks: IHDR first, IDATs joined, until IEND; each length checked against the file. */
    uint32_t w = 0, h = 0;
    unsigned bpp = 0;
    size_t idat_len = 0;
    idat = malloc(n);
    if (!idat)
        goto done;
    for (size_t off = 8; off + 12 <= n;) {
        uint32_t len = be32(file + off);
        const unsigned char *type = file + off + 4, *data = file + off + 8;
        if (len > n - off - 12) {
            fprintf(stderr, "%s: chunk runs past the end\n", argv[1]);
            goto done;
        }
        if (memcmp(type, "IHDR", 4) == 0 && len == 13) {
            w = be32(data);
            h = be32(data + 4);
            int depth = data[8], ctype = data[9], interlace = data[12];
            bpp = ctype == 0 ? 1 : ctype == 2 ? 3 : ctype == 4 ? 2 : ctype == 6 ? 4 : 0;
            if (depth != 8 || bpp == 0 || interlace != 0 || w == 0 || h == 0 || w > MAX_SIDE ||
                h > MAX_SIDE) {
                fprintf(stderr, "%s: unsupported PNG (%ux%u, depth %d, colour type %d)\n", argv[1],
                        w, h, depth, ctype);
                goto done;
            }
        } else if (memcmp(type, "IDAT", 4) == 0) {
            memcpy(idat + idat_len, data, len);
            idat_len += len;
        } else if (memcmp(type, "IEND", 4) == 0) {
            break;
        }
        off += 12 + (size_t)len;
    }
    if (bpp == 0 || idat_len == 0) {
        fprintf(stderr, "%s: no IHDR or no image data\n", argv[1]);
        goto done;
    }
    uLongf rawlen = (uLongf)(((size_t)w * bpp + 1) * h);
    raw = malloc(rawlen);
    if (!raw)
        goto done;
    uLongf got = rawlen;
    if (uncompress(raw, &got, idat, (uLong)idat_len) != Z_OK || got != rawlen ||
        unfilter(raw, w, h, bpp) != 0) {
        fprintf(stderr, "%s: image data does not decode\n", argv[1]);
        goto done;
    }
    /* Colours (alpha ignored, grey widened) in a small open-addressing table with a count
     * each; past MAX_COLOURS new colours are no longer counted, which can only make the
     * background's share smaller than it is, never hide a blank page (one colour). */
    colours = calloc(2 * MAX_COLOURS, sizeof *colours);
    counts = calloc(2 * MAX_COLOURS, sizeof *counts);
    if (!colours || !counts)
        goto done;
    size_t ncol = 0, background = 0;
    for (uint32_t y = 0; y < h; y++) {
        const unsigned char *px = raw + (size_t)y * ((size_t)w * bpp + 1) + 1;
        for (uint32_t x = 0; x < w; x++, px += bpp) {
            uint32_t c = bpp >= 3 ? (uint32_t)px[0] << 16 | (uint32_t)px[1] << 8 | px[2]
                                  : (uint32_t)px[0] * 0x010101u;
            c |= 0x1000000u; /* 0 marks an empty slot */
            for (size_t k = (c * 2654435761u) % (2 * MAX_COLOURS), probes = 0;
                 probes < 2 * MAX_COLOURS; k = (k + 1) % (2 * MAX_COLOURS), probes++) {
                if (colours[k] == c) {
                    counts[k]++;
                    break;
                }
                if (colours[k] == 0) {
                    if (ncol < MAX_COLOURS) {
                        colours[k] = c;
                        counts[k] = 1;
                        ncol++;
                    }
                    break;
                }
            }
        }
    }
    for (size_t k = 0; k < 2 * MAX_COLOURS; k++)
        if (counts[k] > background)
            background = counts[k];
    double ink = 1.0 - (double)background / ((double)w * h);
    printf("%ux%u colours=%zu%s ink=%.1f%%\n", w, h, ncol, ncol >= MAX_COLOURS ? "+" : "",
           ink * 100);
    rc = 1;
    if ((long)w < minw || (long)h < minh)
        fprintf(stderr, "%s: %ux%u is smaller than %ldx%ld\n", argv[1], w, h, minw, minh);
    else if (ncol < 2)
        fprintf(stderr, "%s: blank (one colour)\n", argv[1]);
    else if (ink < MIN_INK)
        fprintf(stderr, "%s: almost blank (%.2f%% of pixels drawn)\n", argv[1], ink * 100);
    else
        rc = 0;
done:
    free(counts);
    free(colours);
    free(raw);
    free(idat);
    free(file);
    return rc;
}
