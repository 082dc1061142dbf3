/*
 * cli_fixture.h - what every CLI test file shares: a fresh folder per test, the index path
 * in it, the source tree's corpus, and `run(...)`, which runs the real tracuu binary with its
 * output in that folder (testutil.h tu_tracuu).
 */
#ifndef TRACUU_TESTS_CLI_FIXTURE_H
#define TRACUU_TESTS_CLI_FIXTURE_H

#include <jansson.h>

#include "testutil.h"

extern char *dir, *ixpath, *corpus;

typedef tu_result run_result;
#define run_free tu_result_free
#define run(...) tu_tracuu(dir, __VA_ARGS__)

/* Check fixtures: make and remove the folder. */
void setup(void);
void teardown(void);
/* Index corpus/ into ixpath with --base corpus (its folders follow the place convention). */
void index_corpus(void);
/* The integer at key k of object o (0 when absent). */
long long jint(json_t *o, const char *k);
/* The exact "total" of `tracuu --json search --facets QUERY` over ixpath. */
long long total_of(const char *query);

#endif
