/*
 * replay.c - runs a fuzz target over every file of the corpus folders given as arguments
 * (libgit2's standalone replayer), so fuzz corpora are ordinary tests. Prints the plain
 * "N passed, N failed" line; a crash fails the test by itself, and so does an input that
 * runs longer than TRACUU_FUZZ_TIMEOUT seconds (default 10, as the libFuzzer binaries'
 * -timeout): a hang is a finding, named by its file.
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char current[4096]; /* the input running, for the timeout message */

static void
on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "replay: input ran past its time limit (a hang): ";
    if (write(2, msg, sizeof msg - 1) < 0 || write(2, current, strlen(current)) < 0 ||
        write(2, "\n", 1) < 0)
        _exit(3);
    _exit(3);
}

static int
replay_file(const char *path, unsigned limit)
{
    size_t n = 0;
    char *buf = tu_read(path, &n);
    if (!buf)
        return -1;
    snprintf(current, sizeof current, "%s", path);
    alarm(limit);
    LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
    alarm(0);
    free(buf);
    return 0;
}

int
main(int argc, char **argv)
{
    unsigned passed = 0, failed = 0;
    unsigned limit = (unsigned)strtoul(tu_env("TRACUU_FUZZ_TIMEOUT", "10"), NULL, 10);
    signal(SIGALRM, on_alarm);
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
            if (replay_file(path, limit ? limit : 10) == 0)
                passed++;
            else
                failed++;
        }
        closedir(d);
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
