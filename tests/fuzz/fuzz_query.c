/*
 * fuzz_query.c - fuzz target: the query parser and builder on arbitrary bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *q = malloc(size + 1);
    if (!q)
        return 0;
    memcpy(q, data, size);
    q[size] = '\0';
    query_parsed *p = NULL;
    char err[256];
    if (query_parse(&p, q, NULL, err, sizeof err) == TRACUU_OK) {
        store_query *sq = NULL;
        store_err e;
        if (query_build(&sq, p, &e) == TRACUU_OK) {
            char *d = store_query_describe(sq);
            free(d);
            store_query_free(sq);
        }
        query_parsed_free(p);
    }
    free(q);
    return 0;
}
