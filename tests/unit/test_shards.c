/*
 * test_shards.c - reading several indexes as one through a stub, some served by real
 * xapian-tcpsrv processes on 127.0.0.1: every read answer equals the one index of the same
 * documents; a server that dies under an open handle, or stops answering, fails the read
 * with TRACUU_EUNAVAIL within the timeout, or (partial) is left out and named.
 * Through tracuu.h only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "tracuu.h"

#define NSHARDS 3
static const char *const provinces[NSHARDS] = {"ben-tre", "tra-vinh", "vinh-long"};

static char *dir, *corpus, *merged, *stub, *shard[NSHARDS];
static pid_t server[2];
static int port[2];

/* Start xapian-tcpsrv on db; its pid. */
static pid_t
serve(const char *db, int p)
{
    char ps[16];
    snprintf(ps, sizeof ps, "%d", p);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setpgid(0, 0); /* its own group: it forks a server per connection, and kill() of
                        * the group reaches them all */
        /* Never outlive the test (a failed check skips teardown), nor hold its output. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int null = open("/dev/null", O_RDWR);
        dup2(null, 1);
        dup2(null, 2);
        execlp("xapian-tcpsrv", "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
               "--port", ps, db, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100 && !tu_accepts(p); i++) {
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
    }
    ck_assert_msg(tu_accepts(p), "xapian-tcpsrv did not start on port %d", p);
    return pid;
}

static void
build(const char *ix, const char *folder, const char *base)
{
    tracuu_index *w = NULL;
    ck_assert_int_eq(tracuu_index_open(&w, ix, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    o.base = base;
    tracuu_add_stats s;
    const char *paths[1] = {folder};
    ck_assert_int_eq(tracuu_index_add(w, paths, 1, &o, &s), TRACUU_OK);
    ck_assert_int_eq(s.failed, 0);
    tracuu_index_close(w);
}

static void
setup(void)
{
    dir = tu_tmpdir();
    const char *root = tu_env("TRACUU_SOURCE_ROOT", ".");
    size_t n = strlen(root) + strlen(dir) + 64;
    corpus = malloc(n);
    merged = malloc(n);
    stub = malloc(n);
    snprintf(corpus, n, "%s/corpus/docs", root);
    snprintf(merged, n, "%s/merged", dir);
    snprintf(stub, n, "%s/index.stub", dir);
    build(merged, corpus, corpus);
    /* One shard per province, the convention counted from the corpus root as in `merged`. */
    for (int i = 0; i < NSHARDS; i++) {
        shard[i] = malloc(n);
        snprintf(shard[i], n, "%s/%s", dir, provinces[i]);
        char folder[4096];
        snprintf(folder, sizeof folder, "%s/%s", corpus, provinces[i]);
        build(shard[i], folder, corpus);
    }
    for (int i = 0; i < 2; i++) {
        port[i] = tu_free_port();
        server[i] = serve(shard[i], port[i]);
    }
    char text[4096];
    snprintf(text, sizeof text, "remote 127.0.0.1:%d\nremote 127.0.0.1:%d\nauto %s\n", port[0],
             port[1], provinces[2]);
    free(tu_write_str(dir, "index.stub", text));
}

static void
teardown(void)
{
    for (int i = 0; i < 2; i++)
        if (server[i] > 0) {
            kill(-server[i], SIGCONT);
            kill(-server[i], SIGKILL);
            waitpid(server[i], NULL, 0);
            server[i] = 0;
        }
    tu_rmrf(dir);
    free(dir);
    free(corpus);
    free(merged);
    free(stub);
    for (int i = 0; i < NSHARDS; i++)
        free(shard[i]);
}

static tracuu_index *
open_read(const char *path, unsigned timeout_ms, int partial, tracuu_status want)
{
    tracuu_index *ix = NULL;
    tracuu_open_options o = TRACUU_OPEN_OPTIONS_INIT;
    o.timeout_ms = timeout_ms;
    o.partial = partial;
    char *msg = NULL;
    tracuu_status st = tracuu_index_open_with(&ix, path, TRACUU_MODE_READ, &o, &msg);
    ck_assert_msg(st == want, "%s: %s (%s)", path, tracuu_status_str(st), msg ? msg : "");
    free(msg);
    return ix;
}

/* The hits of a query as one string: path, passage, score, snippet, per line. */
static char *
hits(tracuu_index *ix, const char *q, int docs, tracuu_status *st_out)
{
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.limit = 30;
    o.docs = docs;
    tracuu_results *r = NULL;
    tracuu_status st = tracuu_index_search(&r, ix, q, &o);
    if (st_out)
        *st_out = st;
    if (st != TRACUU_OK)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    const tracuu_hit *h;
    len += (size_t)snprintf(out, cap, "total %llu\n", (unsigned long long)tracuu_results_total(r));
    while (tracuu_results_next(&h, r) == TRACUU_OK && len + 1024 < cap)
        len += (size_t)snprintf(out + len, cap - len, "%s#%u %.6f %s\n", h->path, h->passage,
                                h->score, h->snippet ? h->snippet : "");
    tracuu_results_free(r);
    return out;
}

START_TEST(test_same_answers_as_one_index)
{
    tracuu_index *one = open_read(merged, 0, 0, TRACUU_OK);
    tracuu_index *many = open_read(stub, 5000, 0, TRACUU_OK);
    tracuu_index_info a, b;
    ck_assert_int_eq(tracuu_index_info_get(&a, one), TRACUU_OK);
    ck_assert_int_eq(tracuu_index_info_get(&b, many), TRACUU_OK);
    ck_assert_uint_eq(a.documents, b.documents);
    ck_assert_uint_eq(a.passages, b.passages);
    ck_assert_uint_eq(b.shards, NSHARDS);
    static const char *const queries[] = {
        "dân vận khéo", "dan van kheo", "\"quy chế dân chủ\"", "218-QĐ/TW", "hòa giải -khéo",
        "UBND tổ chức hội nghị", "giám sát cites:217-QĐ/TW", "district:\"Tiểu Cần\" đối thoại",
        "province:vinh-long section:limitation kinh phí", "date:2020.. đối thoại"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        char *x = hits(one, queries[i], 0, NULL), *y = hits(many, queries[i], 0, NULL);
        ck_assert_ptr_nonnull(x);
        ck_assert_ptr_nonnull(y);
        ck_assert_msg(strstr(x, "total 0\n") != x, "%s found nothing", queries[i]);
        ck_assert_msg(!strcmp(x, y), "%s:\none index:\n%s\nshards:\n%s", queries[i], x, y);
        free(x);
        free(y);
    }
    /* The answers that come as JSON, compared as they are. */
    char ref[4200], doc[4200];
    snprintf(ref, sizeof ref, "%s/ben-tre/cho-lach/son-dinh/2019-so-ket-dan-van-kheo.txt#5.1",
             corpus);
    snprintf(doc, sizeof doc, "%s/ben-tre/cho-lach/long-thoi/2019-bao-cao-dan-van.txt", corpus);
    for (int k = 0; k < 7; k++) {
        char *x = NULL, *y = NULL;
        tracuu_status sx, sy;
        tracuu_index *ixs[2] = {one, many};
        char **outs[2] = {&x, &y};
        tracuu_status *sts[2] = {&sx, &sy};
        for (int j = 0; j < 2; j++) {
            tracuu_index *ix = ixs[j];
            switch (k) {
            case 0: *sts[j] = tracuu_cites_list(outs[j], ix, "217-QĐ/TW", NULL, NULL, NULL, 1); break;
            case 1: *sts[j] = tracuu_refs_list(outs[j], ix, doc); break;
            case 2: *sts[j] = tracuu_cocited_list(outs[j], ix, "217-QĐ/TW", 0); break;
            case 3: *sts[j] = tracuu_similar_find(outs[j], ix, ref, NULL, NULL, 0, 0); break;
            case 4:
                *sts[j] = tracuu_similar_find(outs[j], ix, NULL, "lãnh đạo xã chưa đối thoại thường "
                                                            "xuyên với nhân dân", NULL, 0, 0);
                break;
            case 5: *sts[j] = tracuu_recurring_find(outs[j], ix, "section:limitation", 3, 0); break;
            default: *sts[j] = tracuu_document_get(outs[j], ix, doc); break;
            }
        }
        ck_assert_int_eq(sx, TRACUU_OK);
        ck_assert_int_eq(sy, TRACUU_OK);
        ck_assert_msg(!strcmp(x, y), "answer %d differs:\n%s\n%s", k, x, y);
        free(x);
        free(y);
    }
    ck_assert_str_eq(tracuu_index_missing(many), "");
    tracuu_index_close(one);
    tracuu_index_close(many);
}
END_TEST

/* A server killed under an open handle: the next read fails in time, naming it; partial
 * mode answers from the others and says which one is missing. */
START_TEST(test_shard_killed)
{
    tracuu_index *one = open_read(merged, 0, 0, TRACUU_OK);
    tracuu_index *strict = open_read(stub, 2000, 0, TRACUU_OK);
    tracuu_index *partial = open_read(stub, 2000, 1, TRACUU_OK);
    kill(-server[0], SIGKILL);
    waitpid(server[0], NULL, 0);
    server[0] = 0;
    double t0 = tu_now();
    tracuu_status st;
    char *x = hits(strict, "dân vận", 0, &st);
    ck_assert_ptr_null(x);
    ck_assert_int_eq(st, TRACUU_EUNAVAIL);
    ck_assert_msg(tu_now() - t0 < 10, "took %.1f s", tu_now() - t0);
    char want[64];
    snprintf(want, sizeof want, "127.0.0.1:%d", port[0]);
    ck_assert_msg(strstr(tracuu_index_errmsg(strict), want), "%s", tracuu_index_errmsg(strict));

    char *all = hits(one, "dân vận", 1, NULL), *some = hits(partial, "dân vận", 1, &st);
    ck_assert_int_eq(st, TRACUU_OK);
    ck_assert_ptr_nonnull(strstr(tracuu_index_missing(partial), want));
    /* the other shards' documents, none of the dead one's (ben-tre) */
    ck_assert_ptr_nonnull(strstr(some, "/tra-vinh/"));
    ck_assert_ptr_null(strstr(some, "/ben-tre/"));
    ck_assert_ptr_nonnull(strstr(all, "/ben-tre/"));
    free(all);
    free(some);
    /* Opening with it down: strict fails at once, partial leaves it out. */
    tracuu_index *again = open_read(stub, 2000, 0, TRACUU_EUNAVAIL);
    ck_assert_ptr_null(again);
    again = open_read(stub, 2000, 1, TRACUU_OK);
    ck_assert_ptr_nonnull(strstr(tracuu_index_missing(again), want));
    tracuu_index_close(again);
    tracuu_index_close(one);
    tracuu_index_close(strict);
    tracuu_index_close(partial);
}
END_TEST

/* A server that accepts connections but never answers (stopped): the open gives up within
 * the timeout instead of hanging. */
START_TEST(test_shard_hangs)
{
    kill(-server[1], SIGSTOP);
    double t0 = tu_now();
    tracuu_index *ix = open_read(stub, 1000, 0, TRACUU_EUNAVAIL);
    ck_assert_ptr_null(ix);
    double took = tu_now() - t0;
    ck_assert_msg(took < 8, "took %.1f s with a 1 s timeout", took);
    ix = open_read(stub, 1000, 1, TRACUU_OK);
    char want[64];
    snprintf(want, sizeof want, "127.0.0.1:%d", port[1]);
    ck_assert_ptr_nonnull(strstr(tracuu_index_missing(ix), want));
    tracuu_index_close(ix);
    kill(-server[1], SIGCONT);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("shards");
    TCase *t = tcase_create("shards");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
    tcase_add_test(t, test_same_answers_as_one_index);
    tcase_add_test(t, test_shard_killed);
    tcase_add_test(t, test_shard_hangs);
    suite_add_tcase(s, t);
    return tu_run(s);
}
