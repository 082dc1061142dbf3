/*
 * fuzz_init.c - linked into every libFuzzer binary (-Dfuzz=true): a per-input time limit
 * unless one is given (-timeout=10), so that an input that hangs a target is a finding
 * and not a silent stall of the campaign (hardening issue #2: an entity made the office
 * reader loop). libFuzzer calls LLVMFuzzerInitialize before it parses its flags.
 */
#include <stdlib.h>
#include <string.h>

#define FUZZ_TIMEOUT_FLAG "-timeout=10"

int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    for (int i = 1; i < *argc; i++)
        if (!strncmp((*argv)[i], "-timeout=", 9))
            return 0;
    /* argv as given plus the flag; lives as long as the process */
    char **v = calloc((size_t)*argc + 2, sizeof *v);
    if (!v)
        return 0;
    memcpy(v, *argv, (size_t)*argc * sizeof *v);
    v[(*argc)++] = (char *)FUZZ_TIMEOUT_FLAG;
    *argv = v;
    return 0;
}
