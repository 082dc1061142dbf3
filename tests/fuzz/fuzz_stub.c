/*
 * fuzz_stub.c - fuzz target: the stub reader (store/stub.c) on arbitrary bytes, with and
 * without the program form allowed. Nested stubs are not looked up (STUB_NO_NESTED): a
 * fuzzer must not read the file system its inputs name.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stub.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int allow = 0; allow < 2; allow++) {
        stub_list l = {NULL, 0, 0};
        char err[512];
        int flags = STUB_NO_NESTED | (allow ? STUB_ALLOW_PROGRAM : 0);
        tracuu_status st = stub_parse(&l, (const char *)data, size, "fuzz.stub", "/nonexistent",
                                      flags, err, sizeof err);
        if (st != TRACUU_OK && !memchr(err, '\0', sizeof err))
            __builtin_trap(); /* every failure leaves a terminated message */
        for (size_t i = 0; st == TRACUU_OK && i < l.n; i++)
            if (!l.v[i].line || !l.v[i].where ||
                (l.v[i].kind == STUB_TCP && (l.v[i].port == 0 || l.v[i].port > 65535)) ||
                (l.v[i].kind == STUB_PROGRAM && !allow))
                __builtin_trap();
        stub_list_free(&l);
    }
    return 0;
}
