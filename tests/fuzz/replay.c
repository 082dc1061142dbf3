/*
 * replay.c - runs a fuzz target over every file of the corpus folders given as arguments
 * (libgit2's standalone replayer), so fuzz corpora are ordinary tests. Prints the plain
 * "N passed, N failed" line; a crash fails the test by itself.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
    size_t n = 0;
    char *buf = tu_read(path, &n);
    if (!buf)
        return -1;
    LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
    free(buf);
    return 0;
}

int
main(int argc, char **argv)
{
    unsigned passed = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        if (!d) {
            fprintf(stderr, "replay: cannot open %s\n", argv[i]);
            failed++;
            continue;
        }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            if (replay_file(path) == 0)
                passed++;
            else
                failed++;
        }
        closedir(d);
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
