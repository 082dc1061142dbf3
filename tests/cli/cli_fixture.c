/*
 * cli_fixture.c - the shared fixture of the CLI test files (cli_fixture.h).
 */
#include "cli_fixture.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *dir, *ixpath, *corpus;

void
setup(void)
{
    dir = tu_tmpdir();
    size_t n = strlen(dir) + 16;
    ixpath = malloc(n);
    snprintf(ixpath, n, "%s/index", dir);
    const char *root = tu_env("TRACUU_SOURCE_ROOT", ".");
    n = strlen(root) + 16;
    corpus = malloc(n);
    snprintf(corpus, n, "%s/corpus", root);
}

void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
    free(ixpath);
    free(corpus);
}

void
index_corpus(void)
{
    /* corpus/ is laid out by the folder convention (meta.h): say so (remembered) */
    run_result r = run(NULL, "--index", ixpath, "index", "--base", corpus, corpus, NULL);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    run_free(&r);
}

long long
jint(json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

/* The total of a search: exact with --facets (which count every match), an estimate
 * beyond the first hundred without. */
long long
total_of(const char *query)
{
    run_result r = run(NULL, "--index", ixpath, "--json", "search", "--facets", query, NULL);
    ck_assert_msg(r.code == 0, "%s: %s", query, r.err);
    json_t *o = json_loads(r.out, 0, NULL);
    long long t = jint(o, "total");
    json_decref(o);
    run_free(&r);
    return t;
}
