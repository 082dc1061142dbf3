/*
 * test_oom.c - allocation failure, as SQLite tests it: the Nth allocation fails, for N =
 * 1, 2, 3 ..., along one representative path of the API (open an index for writing, add
 * corpus files, search and iterate, show a document, similar, close), and every run must
 * end with no crash (each N runs in its own forked process), no leak (run under ASan/LSan:
 * the suite's ASan build), only TRACUU_OK or TRACUU_ENOMEM from each call (a file that
 * failed on memory counts as failed with TRACUU_ENOMEM), and an index that opens and
 * answers afterwards.
 *
 * The failures are injected with the linker's --wrap (tests/meson.build): malloc, calloc,
 * realloc, strdup and strndup called from tracuu's own code (text/, store/, indexer/,
 * query/, the C++ seam's std::malloc) fail; allocations inside shared libraries (Xapian's
 * operator new, jansson, libxml2, poppler, utf8proc) are not injected: the seam turns a
 * std::bad_alloc from Xapian into TRACUU_ENOMEM (store/xapian_c.cc), which this test does
 * not reach. One allocation fails (then allocation works again), so recovery paths run too.
 *
 * Which N: TRACUU_OOM_STEP (default: 1 in every 23, about 90 runs, for the ordinary suite);
 * TRACUU_OOM_STEP=1 sweeps every N up to the path's allocation count (the slow sweep,
 * `meson test --suite oom-full` or bench/oom). TRACUU_OOM_MAX caps N (default 3000).
 */
#include <check.h>
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tracuu.h"

/* ---- the injector ---------------------------------------------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static long oom_count; /* allocations counted since oom_arm */
static long oom_fail;  /* the one to fail (1-based); 0: none */
static int oom_hit;    /* it happened */

static int
oom_now(void)
{
    if (!oom_fail)
        return 0;
    if (++oom_count != oom_fail)
        return 0;
    oom_hit = 1;
    if (getenv("TRACUU_OOM_TRACE")) { /* where the failing allocation is, for a finding */
        void *frames[16];
        backtrace_symbols_fd(frames, backtrace(frames, 16), 2);
    }
    return 1;
}

void *
__wrap_malloc(size_t n)
{
    return oom_now() ? NULL : __real_malloc(n);
}
void *
__wrap_calloc(size_t k, size_t n)
{
    return oom_now() ? NULL : __real_calloc(k, n);
}
void *
__wrap_realloc(void *p, size_t n)
{
    return oom_now() ? NULL : __real_realloc(p, n);
}
char *
__wrap_strdup(const char *s)
{
    return oom_now() ? NULL : __real_strdup(s);
}
char *
__wrap_strndup(const char *s, size_t n)
{
    return oom_now() ? NULL : __real_strndup(s, n);
}

static void
oom_arm(long n)
{
    oom_count = 0;
    oom_hit = 0;
    oom_fail = n;
}

static void
oom_disarm(void)
{
    oom_fail = 0;
}

/* ---- the path -------------------------------------------------------------------------- */

static char *dir, *ixpath, *docs[3];

static void
setup(void)
{
    dir = tu_tmpdir();
    size_t n = strlen(dir) + 16;
    ixpath = malloc(n);
    snprintf(ixpath, n, "%s/index", dir);
    const char *root = tu_env("TRACUU_SOURCE_ROOT", ".");
    static const char *const files[3] = {
        "corpus/docs/ben-tre/cho-lach/hoa-nghia/2021-bao-cao-dan-van.txt",
        "corpus/docs/ben-tre/cho-lach/long-thoi/2019-bao-cao-dan-van.txt",
        "corpus/docs/ben-tre/cho-lach/cho-lach/2020-bao-cao-cai-cach.txt"};
    for (int i = 0; i < 3; i++) {
        size_t m = strlen(root) + strlen(files[i]) + 2;
        docs[i] = malloc(m);
        snprintf(docs[i], m, "%s/%s", root, files[i]);
    }
}

static void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
    free(ixpath);
    for (int i = 0; i < 3; i++)
        free(docs[i]);
}

static int failed_nomem; /* files reported failed, all with TRACUU_ENOMEM */
static int failed_other;

static void
on_file(void *ctx, const tracuu_file_report *r)
{
    (void)ctx;
    if (r->action != TRACUU_FILE_FAILED)
        return;
    if (r->status == TRACUU_ENOMEM)
        failed_nomem++;
    else
        failed_other++;
}

/* Each call's status must be OK or ENOMEM: record the first other one. */
static char bad[512];

static int
step(tracuu_status st, const char *what, tracuu_index *ix)
{
    if (st != TRACUU_OK && st != TRACUU_ENOMEM && !bad[0])
        snprintf(bad, sizeof bad, "%s: %s: %s", what, tracuu_status_str(st),
                 ix ? tracuu_index_errmsg(ix) : "");
    return st == TRACUU_OK;
}

/* The path. */
static void
api_path(void)
{
    tracuu_index *ix = NULL;
    if (!step(tracuu_index_open(&ix, ixpath, TRACUU_MODE_WRITE, NULL), "open", NULL))
        return;
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    o.on_file = on_file;
    tracuu_add_stats s;
    const char *paths[3] = {docs[0], docs[1], docs[2]};
    int whole = step(tracuu_index_add(ix, paths, 3, &o, &s), "add", ix) && !failed_nomem;
    tracuu_search_options so = TRACUU_SEARCH_OPTIONS_INIT;
    tracuu_results *r = NULL;
    if (step(tracuu_index_search(&r, ix, "dân vận khéo", &so), "search", ix)) {
        const tracuu_hit *h;
        tracuu_status st;
        while ((st = tracuu_results_next(&h, r)) == TRACUU_OK)
            ;
        if (st != TRACUU_ITEROVER)
            step(st, "results_next", ix);
    }
    tracuu_results_free(r);
    char *js = NULL;
    tracuu_status st = tracuu_document_get(&js, ix, docs[0]);
    if (whole || st != TRACUU_ENOTFOUND) /* a file lost to ENOMEM is not in the index */
        step(st, "document_get", ix);
    free(js);
    js = NULL;
    char ref[4200];
    snprintf(ref, sizeof ref, "%s#2", docs[0]);
    st = tracuu_similar_find(&js, ix, ref, NULL, NULL, 5, 0);
    if (whole || st != TRACUU_ENOTFOUND)
        step(st, "similar", ix);
    free(js);
    tracuu_index_close(ix);
}

/* After the run: the index opens (or was never created) and answers a search. */
static void
still_readable(long n)
{
    tracuu_index *ix = NULL;
    char *msg = NULL;
    tracuu_status st = tracuu_index_open(&ix, ixpath, TRACUU_MODE_READ, &msg);
    if (st == TRACUU_ENOTFOUND) { /* the open failed before creating it */
        free(msg);
        return;
    }
    ck_assert_msg(st == TRACUU_OK, "N=%ld: the index does not open: %s: %s", n,
                  tracuu_status_str(st), msg ? msg : "");
    tracuu_search_options so = TRACUU_SEARCH_OPTIONS_INIT;
    tracuu_results *r = NULL;
    st = tracuu_index_search(&r, ix, "dân vận", &so);
    ck_assert_msg(st == TRACUU_OK, "N=%ld: search after: %s: %s", n, tracuu_status_str(st),
                  tracuu_index_errmsg(ix));
    tracuu_results_free(r);
    tracuu_index_close(ix);
}

static long
env_long(const char *name, long def)
{
    long v = strtol(tu_env(name, ""), NULL, 10);
    return v > 0 ? v : def;
}

/* How many allocations the whole path makes (nothing failing). */
static long
path_allocations(void)
{
    oom_arm(-1); /* counts, never equal */
    api_path();
    long n = oom_count;
    oom_disarm();
    return n;
}

START_TEST(test_oom_sweep)
{
    long total = path_allocations();
    tu_rmrf(ixpath);
    long max = env_long("TRACUU_OOM_MAX", 3000), stepn = env_long("TRACUU_OOM_STEP", 23);
    long n = 1 + _i * stepn;
    if (n > total + 1 || n > max)
        return; /* past the path: nothing left to fail */
    bad[0] = '\0';
    failed_nomem = failed_other = 0;
    oom_arm(n);
    api_path();
    oom_disarm();
    ck_assert_msg(!bad[0], "N=%ld of %ld: %s", n, total, bad);
    ck_assert_msg(failed_other == 0, "N=%ld: a file failed other than with ENOMEM", n);
    still_readable(n);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("oom");
    TCase *t = tcase_create("sweep");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 60);
    long max = env_long("TRACUU_OOM_MAX", 3000), stepn = env_long("TRACUU_OOM_STEP", 23);
    tcase_add_loop_test(t, test_oom_sweep, 0, (int)((max + stepn - 1) / stepn));
    suite_add_tcase(s, t);
    return tu_run(s);
}
