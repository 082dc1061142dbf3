/*
 * run.c - bench_run: tracuu, SQLite FTS5 and stock Xapian side by side on one generated
 * corpus (bench/gen), in one run. bench/run is the one command around it.
 *
 *   bench_run --data DIR [--work DIR] [--rounds N] [--similar N] [--xapian EXE]
 *   bench_run --data DIR --index PATH [--label L] [--rounds N]   (latency only: bench/shards)
 *   bench_run --data DIR --work DIR --quality-only 1   (the quality table on kept indexes)
 *   bench_run --data DIR --work DIR --judged FILE   (P@5 and nDCG@10 of the judged set, below)
 *
 * DIR is what bench_gen wrote (docs/, manifest.tsv, quality.tsv). Measured:
 *   - index build of each engine in its own child process: wall and CPU seconds (wait4),
 *     MB/s of input, peak RSS of the child, size on disk;
 *   - query latency, each query of a fixed set run --rounds times after one warm-up:
 *     p50/p95/p99 per class and overall; a page of 10 results with snippets from each
 *     engine (tracuu: passages; FTS5: documents, bm25 rank, snippet(); stock Xapian:
 *     documents, MSet::snippet() of the stored text). tracuu and FTS5 are timed in this
 *     process (no process start), stock Xapian in its bench_xapian child, which times each
 *     query itself the same way; `similar` and `recurring` (tracuu only: the others have
 *     neither), on --similar findings (default 40);
 *   - a no-op reindex and a one-changed-file reindex, each in a child process (tracuu and
 *     FTS5: the stock Xapian peer has no incremental mode);
 *   - answer quality: for each case of quality.tsv, how many of the files that must match
 *     each engine returns (the same user string, given to FTS5 as quoted words and to
 *     Xapian's QueryParser as typed); a case with a paragraph named in a fourth column is
 *     judged on tracuu's page of passages (that paragraph first for each of its documents,
 *     no one-line fragment above it).
 *
 * The FTS5 peer is what a careful user would build: a contentless-free fts5 table with
 * tokenize="unicode61 remove_diacritics 2", path/commune/date columns unindexed, a table of
 * (path, size, mtime) so that a reindex reads only changed files, inserts in transactions
 * of 500 files, text as the file holds it (UTF-16 decoded by its BOM; legacy 8-bit
 * encodings and HTML as they are, as no generic loader knows better). The stock Xapian
 * peer (bench/xapian_peer.cc) gets the same text: TermGenerator with positions and no
 * stemmer, one document per file, the text as data, commune and date from the manifest as
 * a boolean term and a value, as FTS5 gets them as columns.
 *
 * Nothing is asserted: the figures are printed as a Markdown table (bench/RESULTS.md).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <iconv.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tracuu.h"

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const char *why)
{
    fprintf(stderr, "bench_run: %s: %s\n", what, why);
    exit(1);
}

/* ---- the manifest ------------------------------------------------------------------------ */

typedef struct {
    char *path; /* relative to docs/ */
    char *commune, *district, *date;
} entry;

static entry *man;
static size_t nman;

static int
by_path(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

static void
load_manifest(const char *data)
{
    char path[4096], line[8192];
    snprintf(path, sizeof path, "%s/manifest.tsv", data);
    FILE *f = fopen(path, "r");
    if (!f)
        die(path, strerror(errno));
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *col[8] = {0};
        char *p = line;
        for (int i = 0; i < 8 && p; i++) {
            col[i] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        if (!col[4])
            continue;
        entry *n = realloc(man, (nman + 1) * sizeof *man);
        if (!n)
            die("manifest", "out of memory");
        man = n;
        man[nman].path = strdup(col[0]);
        man[nman].commune = strdup(col[1]);
        man[nman].district = strdup(col[2]);
        man[nman].date = strdup(col[4]);
        nman++;
    }
    fclose(f);
    if (!nman)
        die(path, "no documents");
    qsort(man, nman, sizeof *man, by_path);
}

static const entry *
manifest_find(const char *rel)
{
    entry key = {(char *)rel, NULL, NULL, NULL};
    return bsearch(&key, man, nman, sizeof *man, by_path);
}

/* ---- measuring a child ---------------------------------------------------------------- */

typedef struct {
    double wall, cpu;
    long rss_kb;
    int ok;
} usage;

/* Run fn(arg) in a child process; its wall time, CPU time and peak RSS. */
static usage
in_child(int (*fn)(void *), void *arg)
{
    usage u = {0, 0, 0, 0};
    fflush(NULL);
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        die("fork", strerror(errno));
    if (pid == 0)
        _exit(fn(arg));
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        die("wait4", strerror(errno));
    u.wall = now() - t0;
    u.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
            (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    u.rss_kb = ru.ru_maxrss;
    u.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return u;
}

static uint64_t tree_bytes;

static int
add_size(const char *p, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)p;
    (void)ftw;
    if (type == FTW_F)
        tree_bytes += (uint64_t)sb->st_blocks * 512;
    return 0;
}

/* Bytes on disk under path (allocated blocks, as du counts). */
static uint64_t
disk_usage(const char *path)
{
    tree_bytes = 0;
    nftw(path, add_size, 32, FTW_PHYS);
    return tree_bytes;
}

/* ---- tracuu ------------------------------------------------------------------------------ */

typedef struct {
    const char *index, *docs;
} tracuu_job;

static int
tracuu_build(void *arg)
{
    const tracuu_job *j = arg;
    tracuu_index *ix;
    char *msg = NULL;
    if (tracuu_index_open(&ix, j->index, TRACUU_MODE_WRITE, &msg) != TRACUU_OK) {
        fprintf(stderr, "bench_run: %s: %s\n", j->index, msg ? msg : "cannot open");
        return 1;
    }
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    /* as `tracuu index` builds: a first build on every core (up to 4); $BENCH_JOBS=1 for
     * one process */
    const char *jobs = getenv("BENCH_JOBS");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = jobs ? (unsigned)atoi(jobs) : cores < 1 ? 1 : cores > 4 ? 4 : (unsigned)cores;
    tracuu_add_stats s;
    const char *roots[1] = {j->docs};
    o.base = j->docs; /* bench/gen lays the corpus out by the folder convention (meta.h) */
    tracuu_status st = tracuu_index_add(ix, roots, 1, &o, &s);
    if (st != TRACUU_OK)
        fprintf(stderr, "bench_run: tracuu: %s\n", tracuu_index_errmsg(ix));
    else if (s.failed)
        fprintf(stderr, "bench_run: tracuu: %llu files failed\n", (unsigned long long)s.failed);
    tracuu_index_close(ix);
    return st != TRACUU_OK;
}

static int
tracuu_reindex(void *arg)
{
    const tracuu_job *j = arg;
    tracuu_index *ix;
    char *msg = NULL;
    if (tracuu_index_open(&ix, j->index, TRACUU_MODE_WRITE, &msg) != TRACUU_OK)
        return 1;
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    tracuu_add_stats s;
    tracuu_status st = tracuu_index_reindex(ix, &o, &s);
    tracuu_index_close(ix);
    return st != TRACUU_OK;
}

/* ---- FTS5 ------------------------------------------------------------------------------- */

typedef struct {
    const char *db, *docs;
    int reindex;
} fts_job;

static sqlite3 *fts_db;
static sqlite3_stmt *fts_ins, *fts_file_get, *fts_file_put, *fts_del;
static size_t fts_docs_prefix, fts_pending;
static char *fts_buf;
static size_t fts_cap;

static void
sql(sqlite3 *db, const char *q)
{
    char *err = NULL;
    if (sqlite3_exec(db, q, NULL, NULL, &err) != SQLITE_OK)
        die(q, err ? err : "sqlite error");
}

static sqlite3_stmt *
prep(sqlite3 *db, const char *q)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, q, -1, &s, NULL) != SQLITE_OK)
        die(q, sqlite3_errmsg(db));
    return s;
}

/* The file's text as a generic loader would store it: UTF-16 by its BOM, else the bytes. */
static const char *
fts_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat sb;
    fstat(fileno(f), &sb);
    size_t n = (size_t)sb.st_size;
    char *raw = malloc(n + 1);
    if (!raw || fread(raw, 1, n, f) != n) {
        free(raw);
        fclose(f);
        return NULL;
    }
    fclose(f);
    size_t need = n * 2 + 16;
    if (need > fts_cap) {
        fts_buf = realloc(fts_buf, need);
        fts_cap = need;
    }
    if (n >= 2 && ((unsigned char)raw[0] == 0xFF || (unsigned char)raw[0] == 0xFE) &&
        ((unsigned char)raw[1] ^ (unsigned char)raw[0]) == 0x01) {
        iconv_t cd = iconv_open("UTF-8", (unsigned char)raw[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
        char *in = raw + 2, *out = fts_buf;
        size_t il = n - 2, ol = fts_cap;
        iconv(cd, &in, &il, &out, &ol);
        iconv_close(cd);
        *len = fts_cap - ol;
    } else {
        size_t skip = n >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3) ? 3 : 0;
        memcpy(fts_buf, raw + skip, n - skip);
        *len = n - skip;
    }
    free(raw);
    return fts_buf;
}

static int
fts_file(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    size_t pl = strlen(path);
    if (type != FTW_F || (strcmp(path + pl - 4, ".txt") && strcmp(path + pl - 5, ".html")))
        return 0;
    const char *rel = path + fts_docs_prefix;
    sqlite3_reset(fts_file_get);
    sqlite3_bind_text(fts_file_get, 1, rel, -1, SQLITE_STATIC);
    sqlite3_int64 old = 0;
    if (sqlite3_step(fts_file_get) == SQLITE_ROW) {
        if (sqlite3_column_int64(fts_file_get, 0) == sb->st_size &&
            sqlite3_column_int64(fts_file_get, 1) == sb->st_mtim.tv_sec * 1000000000LL +
                                                         sb->st_mtim.tv_nsec)
            return 0; /* unchanged */
        old = sqlite3_column_int64(fts_file_get, 2);
    }
    if (old) {
        sqlite3_reset(fts_del);
        sqlite3_bind_int64(fts_del, 1, old);
        sqlite3_step(fts_del);
    }
    size_t len;
    const char *text = fts_text(path, &len);
    if (!text)
        return 0;
    const entry *e = manifest_find(rel);
    sqlite3_reset(fts_ins);
    sqlite3_bind_text(fts_ins, 1, rel, -1, SQLITE_STATIC);
    sqlite3_bind_text(fts_ins, 2, e ? e->commune : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(fts_ins, 3, e ? e->date : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(fts_ins, 4, text, (int)len, SQLITE_STATIC);
    if (sqlite3_step(fts_ins) != SQLITE_DONE)
        die(rel, sqlite3_errmsg(fts_db));
    sqlite3_int64 id = sqlite3_last_insert_rowid(fts_db);
    sqlite3_reset(fts_file_put);
    sqlite3_bind_text(fts_file_put, 1, rel, -1, SQLITE_STATIC);
    sqlite3_bind_int64(fts_file_put, 2, sb->st_size);
    sqlite3_bind_int64(fts_file_put, 3, sb->st_mtim.tv_sec * 1000000000LL + sb->st_mtim.tv_nsec);
    sqlite3_bind_int64(fts_file_put, 4, id);
    sqlite3_step(fts_file_put);
    if (++fts_pending % 500 == 0)
        sql(fts_db, "COMMIT; BEGIN");
    return 0;
}

static int
fts_load(void *arg)
{
    const fts_job *j = arg;
    if (sqlite3_open(j->db, &fts_db) != SQLITE_OK)
        die(j->db, sqlite3_errmsg(fts_db));
    sql(fts_db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
    if (!j->reindex)
        sql(fts_db, "CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, commune UNINDEXED, "
                    "date UNINDEXED, body, tokenize='unicode61 remove_diacritics 2');"
                    "CREATE TABLE files(path TEXT PRIMARY KEY, size INT, mtime INT, doc INT)");
    fts_ins = prep(fts_db, "INSERT INTO docs(path, commune, date, body) VALUES (?,?,?,?)");
    fts_file_get = prep(fts_db, "SELECT size, mtime, doc FROM files WHERE path = ?");
    fts_file_put = prep(fts_db, "INSERT OR REPLACE INTO files VALUES (?,?,?,?)");
    fts_del = prep(fts_db, "DELETE FROM docs WHERE rowid = ?");
    fts_docs_prefix = strlen(j->docs) + 1;
    sql(fts_db, "BEGIN");
    nftw(j->docs, fts_file, 32, FTW_PHYS);
    sql(fts_db, "COMMIT");
    sqlite3_finalize(fts_ins);
    sqlite3_finalize(fts_file_get);
    sqlite3_finalize(fts_file_put);
    sqlite3_finalize(fts_del);
    sqlite3_close(fts_db);
    free(fts_buf);
    return 0;
}

/* The user's query as FTS5 syntax: every word, and every "phrase", as a quoted string
 * (FTS5 tokenizes inside the quotes, so "25-NQ/TW" becomes the phrase 25 nq tw). */
static void
fts_query(char *out, size_t outsz, const char *q)
{
    size_t o = 0;
    const char *p = q;
    while (*p && o + 8 < outsz) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *a = p, *b;
        if (*p == '"') {
            a = ++p;
            b = strchr(p, '"');
            if (!b)
                b = p + strlen(p);
            p = *b ? b + 1 : b;
        } else {
            b = p + strcspn(p, " ");
            p = b;
        }
        if (o)
            out[o++] = ' ';
        out[o++] = '"';
        for (const char *c = a; c < b && o + 4 < outsz; c++) {
            if (*c == '"')
                out[o++] = '"';
            out[o++] = *c;
        }
        out[o++] = '"';
    }
    out[o] = '\0';
}

/* ---- stock Xapian ------------------------------------------------------------------------ */

/* bench_xapian (bench/xapian_peer.cc), run as a child process: it links libxapian only. */
static char xapian_exe[4200];

typedef struct {
    const char *argv[5];
    const char *in, *out; /* stdin and stdout redirected to these files, or NULL */
} exec_job;

static int
exec_child(void *arg)
{
    const exec_job *j = arg;
    if (j->in && !freopen(j->in, "r", stdin))
        return 127;
    if (j->out && !freopen(j->out, "w", stdout))
        return 127;
    execv(j->argv[0], (char *const *)j->argv);
    fprintf(stderr, "bench_run: %s: %s\n", j->argv[0], strerror(errno));
    return 127;
}

/* ---- queries ---------------------------------------------------------------------------- */

typedef enum { Q_ACCENTED, Q_UNACCENTED, Q_PHRASE, Q_CITATION, Q_FILTERED, Q_NCLASSES } qclass;
static const char *const class_names[] = {"accented words", "unaccented words", "phrase",
                                          "citation id", "filtered (commune, dates)"};

typedef struct {
    qclass cls;
    const char *q;
} bench_query;

static const bench_query queries[] = {
    {Q_ACCENTED, "dân vận khéo"},
    {Q_ACCENTED, "quy chế dân chủ ở cơ sở"},
    {Q_ACCENTED, "hòa giải mâu thuẫn"},
    {Q_ACCENTED, "tiếp xúc đối thoại với nhân dân"},
    {Q_ACCENTED, "giám sát phản biện xã hội"},
    {Q_ACCENTED, "đơn thư khiếu nại tố cáo"},
    {Q_UNACCENTED, "dan van kheo"},
    {Q_UNACCENTED, "quy che dan chu o co so"},
    {Q_UNACCENTED, "hoa giai mau thuan"},
    {Q_UNACCENTED, "tiep xuc doi thoai voi nhan dan"},
    {Q_UNACCENTED, "giam sat phan bien xa hoi"},
    {Q_UNACCENTED, "don thu khieu nai to cao"},
    {Q_PHRASE, "\"dân vận khéo\""},
    {Q_PHRASE, "\"quy chế dân chủ\""},
    {Q_PHRASE, "\"phản biện xã hội\""},
    {Q_PHRASE, "\"tiếp xúc, đối thoại\""},
    {Q_CITATION, "25-NQ/TW"},
    {Q_CITATION, "217-QĐ/TW"},
    {Q_CITATION, "04/2015/NĐ-CP"},
    {Q_CITATION, "18-NQ/TW"},
};
#define NQUERIES (sizeof queries / sizeof *queries)
#define NFILTERED 6

typedef struct {
    double *v;
    size_t n, cap;
} samples;

static void
sample_add(samples *s, double ms)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v)
            die("samples", "out of memory");
    }
    s->v[s->n++] = ms;
}

static int
by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double
pct(samples *s, double p)
{
    if (!s->n)
        return (double)NAN;
    qsort(s->v, s->n, sizeof *s->v, by_double);
    size_t i = (size_t)ceil(p / 100.0 * (double)s->n);
    return s->v[i ? i - 1 : 0];
}

static tracuu_index *tix;
static sqlite3 *qdb;
/* How many findings `similar --text` is timed on (--similar N, at most 40). */
static unsigned similar_texts = 40;
static sqlite3_stmt *fts_q, *fts_qf, *fts_all;

static double
run_tracuu(const char *q)
{
    double t0 = now();
    tracuu_results *r;
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    if (tracuu_index_search(&r, tix, q, &o) == TRACUU_OK) {
        const tracuu_hit *h;
        while (tracuu_results_next(&h, r) == TRACUU_OK)
            ;
        tracuu_results_free(r);
    } else
        fprintf(stderr, "bench_run: tracuu: %s: %s\n", q, tracuu_index_errmsg(tix));
    return (now() - t0) * 1000;
}

static double
run_fts(const char *q, const entry *filter, const char *since, const char *until)
{
    char fq[2048];
    fts_query(fq, sizeof fq, q);
    double t0 = now();
    sqlite3_stmt *s = filter ? fts_qf : fts_q;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, fq, -1, SQLITE_TRANSIENT);
    if (filter) {
        sqlite3_bind_text(s, 2, filter->commune, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, since, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, until, -1, SQLITE_STATIC);
    }
    while (sqlite3_step(s) == SQLITE_ROW)
        (void)sqlite3_column_text(s, 1);
    return (now() - t0) * 1000;
}

/* Every query class, `rounds` times after a warm-up, on tix (and on FTS5 when qdb is open);
 * `similar --text` over findings as another commune words them; `recurring` over six
 * districts' limitations. */
static void
latency(unsigned rounds, const char *findings, samples *ts, samples *fs, samples *sim,
        samples *rec)
{
    memset(ts, 0, (Q_NCLASSES + 1) * sizeof *ts);
    memset(fs, 0, (Q_NCLASSES + 1) * sizeof *fs);
    for (unsigned r = 0; r <= rounds; r++) {
        for (size_t i = 0; i < NQUERIES; i++) {
            double a = run_tracuu(queries[i].q),
                   b = qdb ? run_fts(queries[i].q, NULL, NULL, NULL) : (double)NAN;
            if (r == 0)
                continue; /* warm-up */
            sample_add(&ts[queries[i].cls], a);
            if (qdb)
                sample_add(&fs[queries[i].cls], b);
            sample_add(&ts[Q_NCLASSES], a);
            if (qdb)
                sample_add(&fs[Q_NCLASSES], b);
        }
        /* Filtered: "dân vận" in one commune over 2018..2022, communes spread over the
         * manifest. */
        for (size_t k = 0; k < NFILTERED; k++) {
            const entry *e = &man[(k * 7919 + 13) % nman];
            char q[512];
            snprintf(q, sizeof q, "dân vận commune:\"%s\" district:\"%s\" date:2018-01-01..2022-12-31",
                     e->commune, e->district);
            double a = run_tracuu(q),
                   b = qdb ? run_fts("dân vận", e, "2018-01-01", "2022-12-31") : (double)NAN;
            if (r == 0)
                continue;
            sample_add(&ts[Q_FILTERED], a);
            if (qdb)
                sample_add(&fs[Q_FILTERED], b);
            sample_add(&ts[Q_NCLASSES], a);
            if (qdb)
                sample_add(&fs[Q_NCLASSES], b);
        }
    }
    /* similar --text with findings as another commune would word them. */
    FILE *ff = fopen(findings, "r");
    if (!ff)
        die(findings, strerror(errno));
    char line[2048];
    char *texts[40];
    size_t ntexts = 0;
    while (ntexts < similar_texts && ntexts < 40 && fgets(line, sizeof line, ff)) {
        char *t1 = strchr(line, '\t');
        if (line[0] == '#' || !t1 || t1[1] != 'p')
            continue;
        line[strcspn(line, "\n")] = '\0';
        texts[ntexts++] = strdup(t1 + 3);
    }
    fclose(ff);
    for (unsigned r = 0; r <= rounds; r++)
        for (size_t i = 0; i < ntexts; i++) {
            char *out = NULL;
            double t0 = now();
            tracuu_similar_find(&out, tix, NULL, texts[i], NULL, 10, 0);
            double ms = (now() - t0) * 1000;
            free(out);
            if (r)
                sample_add(sim, ms);
        }
    for (size_t i = 0; i < ntexts; i++)
        free(texts[i]);
    /* recurring: limitations of one district (as a district board asks), twenty districts
     * picked across the manifest (enough for a p95). */
    for (size_t k = 0; k < 20; k++) {
        const entry *e = &man[(k * 104729 + 7) % nman];
        char f[256];
        snprintf(f, sizeof f, "section:limitation district:\"%s\"", e->district);
        char *out = NULL;
        double t0 = now();
        tracuu_recurring_find(&out, tix, f, 3, 0);
        sample_add(rec, (now() - t0) * 1000);
        free(out);
    }
}

/* The same query classes on the stock Xapian index xindex, in a bench_xapian child (it
 * times each query itself: parse, match, a page of 10 with MSet::snippet()); filtered
 * queries by the commune's boolean term and a date value range. 0 when it ran. */
static int
xapian_latency(unsigned rounds, const char *work, const char *xindex, samples *xs)
{
    memset(xs, 0, (Q_NCLASSES + 1) * sizeof *xs);
    char qpath[4200], opath[4200], rb[16];
    snprintf(qpath, sizeof qpath, "%s/xapian-queries.tsv", work);
    snprintf(opath, sizeof opath, "%s/xapian-latency.tsv", work);
    FILE *f = fopen(qpath, "w");
    if (!f)
        die(qpath, strerror(errno));
    int cls[NQUERIES + NFILTERED];
    size_t n = 0;
    for (size_t i = 0; i < NQUERIES; i++, n++) {
        fprintf(f, "%d\t%s\n", queries[i].cls, queries[i].q);
        cls[n] = queries[i].cls;
    }
    for (size_t k = 0; k < NFILTERED; k++, n++) {
        const entry *e = &man[(k * 7919 + 13) % nman];
        fprintf(f, "%d\tdân vận\t%s\t2018-01-01\t2022-12-31\n", Q_FILTERED, e->commune);
        cls[n] = Q_FILTERED;
    }
    fclose(f);
    snprintf(rb, sizeof rb, "%u", rounds);
    exec_job j = {{xapian_exe, "query", xindex, rb, NULL}, qpath, opath};
    if (!in_child(exec_child, &j).ok)
        return 1;
    f = fopen(opath, "r");
    if (!f)
        die(opath, strerror(errno));
    char line[256];
    while (fgets(line, sizeof line, f)) {
        size_t i;
        unsigned r;
        double ms;
        if (sscanf(line, "%zu\t%u\t%lf", &i, &r, &ms) != 3 || i >= n)
            continue;
        sample_add(&xs[cls[i]], ms);
        sample_add(&xs[Q_NCLASSES], ms);
    }
    fclose(f);
    unlink(qpath);
    unlink(opath);
    return 0;
}

/* ---- reporting ---------------------------------------------------------------------------- */

static void
ratio_cell(char *out, size_t n, double ours, double peer)
{
    if (peer > 0 && ours >= 0 && !isnan(ours) && !isnan(peer))
        snprintf(out, n, "%.2f", ours / peer);
    else
        snprintf(out, n, "–");
}

static void
lat_cells(char *out, size_t n, samples *s)
{
    if (s && s->n)
        snprintf(out, n, "%.2f / %.2f / %.2f", pct(s, 50), pct(s, 95), pct(s, 99));
    else
        snprintf(out, n, "–");
}

static void
ratio_pair(char *out, size_t n, samples *t, samples *p)
{
    char a[24], b[24];
    if (!p || !p->n) {
        snprintf(out, n, "–");
        return;
    }
    ratio_cell(a, sizeof a, pct(t, 50), pct(p, 50));
    ratio_cell(b, sizeof b, pct(t, 99), pct(p, 99));
    snprintf(out, n, "%s / %s", a, b);
}

/* One row of the latency table: tracuu, FTS5, stock Xapian (f, x NULL or empty: "–"), and
 * tracuu's p50 / p99 as a share of each peer's. */
static void
lat_row(const char *name, samples *t, samples *f, samples *x)
{
    char tc[96], fc[96], xc[96], rf[64], rx[64];
    lat_cells(tc, sizeof tc, t);
    lat_cells(fc, sizeof fc, f);
    lat_cells(xc, sizeof xc, x);
    ratio_pair(rf, sizeof rf, t, f);
    ratio_pair(rx, sizeof rx, t, x);
    printf("| %s | %s | %s | %s | %s | %s |\n", name, tc, fc, xc, rf, rx);
}

/* How many of the comma-separated expected files (relative to docs/) are among the
 * documents tracuu finds for q (all of them, not only the first page). */
static unsigned
tracuu_found(const char *q, const char *expected, unsigned *nexp)
{
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.docs = 1;
    o.snippet_chars = 20;
    size_t ne = 1;
    for (const char *c = expected; *c; c++)
        ne += *c == ',';
    char *copy = strdup(expected), *save = NULL;
    char **want = calloc(ne, sizeof *want);
    int *hit = calloc(ne, sizeof *hit);
    *nexp = 0;
    for (char *e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save))
        want[(*nexp)++] = e;
    /* Every matching document, page by page (a page holds at most 10,000). */
    o.limit = 10000;
    for (int more = 1; more;) {
        tracuu_results *r;
        more = 0;
        if (tracuu_index_search(&r, tix, q, &o) != TRACUU_OK)
            break;
        const tracuu_hit *h;
        unsigned got = 0;
        while (tracuu_results_next(&h, r) == TRACUU_OK) {
            got++;
            /* the result, and the documents whose same passage it names ("and N similar") */
            for (size_t k = 0; k <= h->nsimilar; k++) {
                const char *path = k ? h->similar[k - 1] : h->path;
                size_t pl = strlen(path);
                for (unsigned i = 0; i < *nexp; i++) {
                    size_t el = strlen(want[i]);
                    hit[i] |= pl > el && path[pl - el - 1] == '/' && !strcmp(path + pl - el, want[i]);
                }
            }
        }
        tracuu_results_free(r);
        more = got == o.limit;
        o.offset += got;
    }
    unsigned found = 0;
    for (unsigned i = 0; i < *nexp; i++)
        found += (unsigned)hit[i];
    free(hit);
    free(want);
    free(copy);
    return found;
}

static unsigned
fts_found(const char *q, const char *expected)
{
    char fq[2048];
    fts_query(fq, sizeof fq, q);
    unsigned found = 0;
    char *save = NULL;
    char *copy = strdup(expected);
    for (char *e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
        sqlite3_reset(fts_all);
        sqlite3_bind_text(fts_all, 1, fq, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(fts_all, 2, e, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(fts_all) == SQLITE_ROW)
            found++;
    }
    free(copy);
    return found;
}

/* Words (runs of non-spaces) in s. */
static unsigned
words(const char *s)
{
    unsigned n = 0;
    for (const char *p = s; *p; p++)
        n += *p != ' ' && *p != '\n' && (p == s || p[-1] == ' ' || p[-1] == '\n');
    return n;
}

/* For each comma-separated expected file, is the first passage tracuu shows of it (in the
 * order of a page of passages, not one result per document) one that contains `para`,
 * with no one-line fragment (under 8 words) of any document shown above it? How many are. */
static unsigned
tracuu_first_passage(const char *q, const char *expected, const char *para)
{
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.limit = 1000;
    o.snippet_chars = 20;
    char *copy = strdup(expected), *save = NULL;
    unsigned good = 0;
    tracuu_results *r;
    if (tracuu_index_search(&r, tix, q, &o) != TRACUU_OK) {
        free(copy);
        return 0;
    }
    /* Each hit's path against each expected file: the first hit of a file decides. */
    char *want[64];
    int seen[64] = {0};
    unsigned n = 0;
    for (char *e = strtok_r(copy, ",", &save); e && n < 64; e = strtok_r(NULL, ",", &save))
        want[n++] = e;
    const tracuu_hit *h;
    unsigned fragments = 0; /* one-line fragments shown so far, of any document */
    while (tracuu_results_next(&h, r) == TRACUU_OK) {
        int is_para = h->text && strstr(h->text, para) != NULL;
        /* documents folded into the result ("and N similar") show the same passage */
        for (size_t k = 0; k <= h->nsimilar; k++) {
            const char *path = k ? h->similar[k - 1] : h->path;
            size_t pl = strlen(path);
            for (unsigned i = 0; i < n; i++) {
                size_t el = strlen(want[i]);
                if (seen[i] || pl <= el || path[pl - el - 1] != '/' ||
                    strcmp(path + pl - el, want[i]))
                    continue;
                seen[i] = 1;
                good += is_para && !fragments;
            }
        }
        if (!is_para && h->text && words(h->text) < 8 && !strchr(h->text, '\n'))
            fragments++;
    }
    tracuu_results_free(r);
    free(copy);
    return good;
}

typedef struct {
    char *name, *q, *files, *para; /* para: the paragraph a page must show first, or NULL */
    unsigned xfound;
} qcase;

/* The answer-quality table: for each case of quality.tsv, the files each engine finds of
 * those that must match (tix and the FTS5 statements open; stock Xapian through a
 * bench_xapian child on xindex, when not NULL). A case with a fourth column is judged on
 * tracuu's page of passages: the first passage it shows of each file must be the paragraph
 * holding that text (FTS5 and Xapian return whole documents: "–"). */
static void
quality(const char *data, const char *work, const char *xindex)
{
    char qpath[4096];
    snprintf(qpath, sizeof qpath, "%s/quality.tsv", data);
    FILE *qf = fopen(qpath, "r");
    if (!qf)
        die(qpath, strerror(errno));
    qcase *cs = NULL;
    size_t ncs = 0;
    char qline[65536];
    while (fgets(qline, sizeof qline, qf)) {
        if (qline[0] == '#')
            continue;
        qline[strcspn(qline, "\n")] = '\0';
        char *q = strchr(qline, '\t');
        char *files = q ? strchr(q + 1, '\t') : NULL;
        if (!files)
            continue;
        *q++ = '\0';
        *files++ = '\0';
        char *para = strchr(files, '\t');
        if (para)
            *para++ = '\0';
        cs = realloc(cs, (ncs + 1) * sizeof *cs);
        if (!cs)
            die("quality", "out of memory");
        cs[ncs++] = (qcase){strdup(qline), strdup(q), strdup(files), para ? strdup(para) : NULL, 0};
    }
    fclose(qf);
    int xok = 0;
    if (xindex) {
        char in[4200], out[4200];
        snprintf(in, sizeof in, "%s/xapian-quality.tsv", work);
        snprintf(out, sizeof out, "%s/xapian-found.tsv", work);
        FILE *f = fopen(in, "w");
        if (!f)
            die(in, strerror(errno));
        for (size_t i = 0; i < ncs; i++)
            fprintf(f, "%s\t%s\n", cs[i].q, cs[i].files);
        fclose(f);
        exec_job j = {{xapian_exe, "found", xindex, NULL, NULL}, in, out};
        if (in_child(exec_child, &j).ok && (f = fopen(out, "r")) != NULL) {
            xok = 1;
            for (size_t i = 0; i < ncs && fgets(qline, sizeof qline, f); i++)
                cs[i].xfound = (unsigned)atoi(qline);
            fclose(f);
        }
        unlink(in);
        unlink(out);
    }
    printf("### Answer quality (files found of those that must match)\n\n| case | query | "
           "tracuu | FTS5 | stock Xapian |\n|---|---|---|---|---|\n");
    unsigned twins = 0, fwins = 0, xwins = 0, cases = 0, peer_cases = 0;
    for (size_t i = 0; i < ncs; i++) {
        const qcase *c = &cs[i];
        unsigned n, a = tracuu_found(c->q, c->files, &n);
        cases++;
        if (c->para) {
            /* Found is not enough: the paragraph must come before any fragment. */
            unsigned p = tracuu_first_passage(c->q, c->files, c->para);
            twins += a == n && p == n;
            printf("| %s | `%s` | %u/%u found, paragraph first in %u/%u %s | – (documents) | – "
                   "(documents) |\n",
                   c->name, c->q, a, n, p, n, a == n && p == n ? "yes" : "**no**");
            continue;
        }
        peer_cases++;
        unsigned b = fts_found(c->q, c->files);
        twins += a == n;
        fwins += b == n;
        xwins += xok && c->xfound == n;
        char xc[64];
        if (xok)
            snprintf(xc, sizeof xc, "%u/%u %s", c->xfound, n, c->xfound == n ? "yes" : "**no**");
        else
            snprintf(xc, sizeof xc, "–");
        printf("| %s | `%s` | %u/%u %s | %u/%u %s | %s |\n", c->name, c->q, a, n,
               a == n ? "yes" : "**no**", b, n, b == n ? "yes" : "**no**", xc);
    }
    char xt[64];
    if (xok)
        snprintf(xt, sizeof xt, "**%u/%u**", xwins, peer_cases);
    else
        snprintf(xt, sizeof xt, "–");
    printf("| **cases answered in full** | | **%u/%u** | **%u/%u** | %s |\n\n", twins, cases, fwins,
           peer_cases, xt);
    for (size_t i = 0; i < ncs; i++) {
        free(cs[i].name);
        free(cs[i].q);
        free(cs[i].files);
        free(cs[i].para);
    }
    free(cs);
}

/* ---- the judged query set ------------------------------------------------------------------
 * bench/judged.tsv: information needs, each typed with marks and without, and grades (0 not
 * relevant, 1 partly, 2 answers) of documents read by hand; a document not graded is 0.
 *   q <TAB> id <TAB> query with marks <TAB> the same query without marks
 *   j <TAB> id <TAB> path under the judged docs/ folder <TAB> grade
 * Both engines see the same folder (corpus/docs as corpus/, a fixed --long corpus as long/);
 * tracuu's list is the documents of its page of passages in the order they first appear
 * (the documents a result folds in as "and N similar" right after it), FTS5's its bm25
 * order. P@5 counts grade >= 1; nDCG@10 has gain 2^grade - 1. */

#define JUDGED_MAX_DOCS 10

typedef struct {
    char *id, *q[2];
} jneed;

typedef struct {
    char *id, *path;
    int grade;
} jgrade;

static jneed *jneeds;
static size_t njneeds;
static jgrade *jgrades;
static size_t njgrades;

static char *
xstrdup(const char *s)
{
    char *c = strdup(s);
    if (!c)
        die("judged", "out of memory");
    return c;
}

static void
judged_load(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f)
        die(file, strerror(errno));
    char line[4096];
    unsigned lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *col[4] = {0};
        char *p = line;
        int n = 0;
        for (; n < 4 && p; n++) {
            col[n] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        if (n != 4 || (strcmp(col[0], "q") && strcmp(col[0], "j"))) {
            fprintf(stderr, "bench_run: %s:%u: expected q|j and three tab-separated fields\n",
                    file, lineno);
            exit(1);
        }
        if (!strcmp(col[0], "q")) {
            jneeds = realloc(jneeds, (njneeds + 1) * sizeof *jneeds);
            if (!jneeds)
                die("judged", "out of memory");
            jneeds[njneeds++] = (jneed){xstrdup(col[1]), {xstrdup(col[2]), xstrdup(col[3])}};
        } else {
            jgrades = realloc(jgrades, (njgrades + 1) * sizeof *jgrades);
            if (!jgrades)
                die("judged", "out of memory");
            jgrades[njgrades++] = (jgrade){xstrdup(col[1]), xstrdup(col[2]), atoi(col[3])};
        }
    }
    fclose(f);
}

static int
judged_grade(const char *id, const char *rel)
{
    for (size_t i = 0; i < njgrades; i++)
        if (!strcmp(jgrades[i].id, id) && !strcmp(jgrades[i].path, rel))
            return jgrades[i].grade;
    return 0;
}

/* P@5 and nDCG@10 of one ranked list of relative paths for need `id`. */
static void
judged_score(const char *id, char list[][1024], size_t n, double *p5, double *ndcg)
{
    double dcg = 0, idcg = 0;
    unsigned rel5 = 0;
    for (size_t i = 0; i < n && i < JUDGED_MAX_DOCS; i++) {
        int g = judged_grade(id, list[i]);
        if (i < 5 && g > 0)
            rel5++;
        dcg += (pow(2, g) - 1) / log2((double)i + 2);
    }
    /* the ideal list: every graded document of the need, best grades first */
    int counts[3] = {0, 0, 0};
    for (size_t i = 0; i < njgrades; i++)
        if (!strcmp(jgrades[i].id, id) && jgrades[i].grade > 0 && jgrades[i].grade <= 2)
            counts[jgrades[i].grade]++;
    size_t r = 0;
    for (int g = 2; g >= 1; g--)
        for (int k = 0; k < counts[g] && r < JUDGED_MAX_DOCS; k++, r++)
            idcg += (pow(2, g) - 1) / log2((double)r + 2);
    *p5 = rel5 / 5.0;
    *ndcg = idcg > 0 ? dcg / idcg : 0;
}

/* tracuu's documents for q, in the order its passages show them. */
static size_t
judged_tracuu(const char *q, size_t prefix, char list[][1024])
{
    tracuu_results *r;
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.limit = 3 * JUDGED_MAX_DOCS;
    size_t n = 0;
    if (tracuu_index_search(&r, tix, q, &o) != TRACUU_OK) {
        fprintf(stderr, "bench_run: tracuu: %s: %s\n", q, tracuu_index_errmsg(tix));
        return 0;
    }
    const tracuu_hit *h;
    while (n < JUDGED_MAX_DOCS && tracuu_results_next(&h, r) == TRACUU_OK) {
        /* a result "and N similar" names those documents right below it */
        for (size_t k = 0; k <= h->nsimilar && n < JUDGED_MAX_DOCS; k++) {
            const char *path = k ? h->similar[k - 1] : h->path;
            const char *rel = strlen(path) > prefix ? path + prefix : path;
            int seen = 0;
            for (size_t i = 0; i < n && !seen; i++)
                seen = !strcmp(list[i], rel);
            if (!seen)
                snprintf(list[n++], 1024, "%s", rel);
        }
    }
    tracuu_results_free(r);
    return n;
}

static size_t
judged_fts(const char *q, char list[][1024])
{
    char fq[2048];
    fts_query(fq, sizeof fq, q);
    sqlite3_reset(fts_q);
    sqlite3_bind_text(fts_q, 1, fq, -1, SQLITE_TRANSIENT);
    size_t n = 0;
    while (n < JUDGED_MAX_DOCS && sqlite3_step(fts_q) == SQLITE_ROW)
        snprintf(list[n++], 1024, "%s", (const char *)sqlite3_column_text(fts_q, 0));
    return n;
}

/* --judged FILE: build both indexes of data/docs in work, score every need, print the
 * table (and with $BENCH_JUDGED_LISTS set, each engine's top 10 per query on stderr, for
 * judging). */
static void
judged(const char *file, const char *rdocs, const char *work)
{
    char tpath[4200], fpath[4200];
    snprintf(tpath, sizeof tpath, "%s/tracuu", work);
    snprintf(fpath, sizeof fpath, "%s/fts5.db", work);
    judged_load(file);
    tracuu_job tj = {tpath, rdocs};
    fts_job fj = {fpath, rdocs, 0};
    if (!in_child(tracuu_build, &tj).ok || !in_child(fts_load, &fj).ok)
        die("judged", "building the indexes failed");
    char *msg = NULL;
    if (tracuu_index_open(&tix, tpath, TRACUU_MODE_READ, &msg) != TRACUU_OK)
        die(tpath, msg ? msg : "cannot open");
    if (sqlite3_open_v2(fpath, &qdb, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(fpath, sqlite3_errmsg(qdb));
    fts_q = prep(qdb, "SELECT path FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10");
    int lists = getenv("BENCH_JUDGED_LISTS") != NULL;
    double sum[2][2][2] = {{{0}}}; /* [marks][engine][p5, ndcg] */
    static char tl[JUDGED_MAX_DOCS][1024], fl[JUDGED_MAX_DOCS][1024];
    size_t prefix = strlen(rdocs) + 1;
    for (size_t i = 0; i < njneeds; i++)
        for (int m = 0; m < 2; m++) {
            size_t tn = judged_tracuu(jneeds[i].q[m], prefix, tl);
            size_t fn = judged_fts(jneeds[i].q[m], fl);
            double tp, tg, fp, fg;
            judged_score(jneeds[i].id, tl, tn, &tp, &tg);
            judged_score(jneeds[i].id, fl, fn, &fp, &fg);
            sum[m][0][0] += tp, sum[m][0][1] += tg, sum[m][1][0] += fp, sum[m][1][1] += fg;
            if (lists) {
                fprintf(stderr, "== %s %s | tracuu %.2f/%.2f fts %.2f/%.2f\n", jneeds[i].id,
                        jneeds[i].q[m], tp, tg, fp, fg);
                for (size_t k = 0; k < tn || k < fn; k++)
                    fprintf(stderr, "  %zu. T[%d] %s | F[%d] %s\n", k + 1,
                            k < tn ? judged_grade(jneeds[i].id, tl[k]) : -1, k < tn ? tl[k] : "",
                            k < fn ? judged_grade(jneeds[i].id, fl[k]) : -1, k < fn ? fl[k] : "");
            }
        }
    double n = njneeds ? (double)njneeds : 1;
    printf("### Judged queries (%zu needs, each with and without marks; %zu graded documents)"
           "\n\n| queries | tracuu P@5 | FTS5 P@5 | tracuu nDCG@10 | FTS5 nDCG@10 | nDCG "
           "difference |\n|---|---|---|---|---|---|\n",
           njneeds, njgrades);
    static const char *const names[] = {"with marks", "without marks"};
    for (int m = 0; m < 2; m++)
        printf("| %s | %.3f | %.3f | %.3f | %.3f | %+.3f |\n", names[m], sum[m][0][0] / n,
               sum[m][1][0] / n, sum[m][0][1] / n, sum[m][1][1] / n,
               (sum[m][0][1] - sum[m][1][1]) / n);
    printf("\n");
    sqlite3_finalize(fts_q);
    sqlite3_close(qdb);
    tracuu_index_close(tix);
}

/* ---- main ------------------------------------------------------------------------------- */

static const char *
human(uint64_t b, char *buf, size_t n)
{
    snprintf(buf, n, "%.1f MB", (double)b / 1e6);
    return buf;
}

typedef struct run_args {
    const char *data, *work, *only, *label, *judged_file;
    int quality_only;
    unsigned rounds;
    char findings[4096];
} run_args;

static void
parse_args(run_args *a, int argc, char **argv)
{
    a->rounds = 5;
    snprintf(a->findings, sizeof a->findings, "%s/tests/data/findings.tsv", TRACUU_SOURCE_ROOT);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--data"))
            a->data = argv[i + 1];
        else if (!strcmp(argv[i], "--work"))
            a->work = argv[i + 1];
        else if (!strcmp(argv[i], "--rounds"))
            a->rounds = (unsigned)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--findings"))
            snprintf(a->findings, sizeof a->findings, "%s", argv[i + 1]);
        else if (!strcmp(argv[i], "--index"))
            a->only = argv[i + 1];
        else if (!strcmp(argv[i], "--label"))
            a->label = argv[i + 1];
        else if (!strcmp(argv[i], "--judged"))
            a->judged_file = argv[i + 1];
        else if (!strcmp(argv[i], "--quality-only"))
            a->quality_only = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--similar"))
            similar_texts = (unsigned)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--xapian"))
            snprintf(xapian_exe, sizeof xapian_exe, "%s", argv[i + 1]);
        else
            die(argv[i], "unknown option (--data DIR [--work DIR] [--rounds N] [--xapian EXE])");
    }
    if (!a->data || (argc % 2) != 1)
        die("usage", "bench_run --data DIR [--work DIR] [--rounds N]");
    if (!a->rounds)
        a->rounds = 1;
}

/* bench_xapian beside this program (build/bench/) unless --xapian named one; "" when there
 * is none (its columns then show "–"). */
static void
find_xapian(void)
{
    if (!xapian_exe[0]) {
        char self[4000];
        ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
        if (sl > 0) {
            self[sl] = '\0';
            char *slash = strrchr(self, '/');
            if (slash)
                *slash = '\0';
            snprintf(xapian_exe, sizeof xapian_exe, "%s/bench_xapian", self);
        }
    }
    if (access(xapian_exe, X_OK) != 0) {
        fprintf(stderr, "bench_run: %s: not found: the stock Xapian columns show \"–\"\n",
                xapian_exe[0] ? xapian_exe : "bench_xapian");
        xapian_exe[0] = '\0';
    }
}

static void
samples_free(samples *ts, samples *fs, samples *xs, samples *sim, samples *rec)
{
    for (int c = 0; c <= Q_NCLASSES; c++) {
        free(ts[c].v);
        if (fs)
            free(fs[c].v);
        if (xs)
            free(xs[c].v);
    }
    free(sim->v);
    free(rec->v);
}

/* --index PATH: query latency alone, on an index or a stub of shards (bench/shards), as one
 * Markdown row: all queries p50/p95/p99, similar p50/p99, recurring p50/p95. */
static int
index_only(const run_args *a)
{
    load_manifest(a->data);
    char *msg = NULL;
    tracuu_open_options oo = TRACUU_OPEN_OPTIONS_INIT;
    oo.timeout_ms = 30000;
    if (tracuu_index_open_with(&tix, a->only, TRACUU_MODE_READ, &oo, &msg) != TRACUU_OK)
        die(a->only, msg ? msg : "cannot open");
    samples ts[Q_NCLASSES + 1], fs[Q_NCLASSES + 1], sim = {0}, rec = {0};
    latency(a->rounds, a->findings, ts, fs, &sim, &rec);
    printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
           a->label ? a->label : a->only, pct(&ts[Q_NCLASSES], 50), pct(&ts[Q_NCLASSES], 95),
           pct(&ts[Q_NCLASSES], 99), pct(&sim, 50), pct(&sim, 99), pct(&rec, 50),
           pct(&rec, 95));
    tracuu_index_close(tix);
    samples_free(ts, fs, NULL, &sim, &rec);
    return 0;
}

/* --quality-only 1: the answer-quality table again, on the indexes of an earlier run kept
 * in --work (bench/run --keep). */
static int
quality_again(const run_args *a, const char *tpath, const char *fpath, const char *xpath)
{
    char *msg = NULL;
    struct stat sb;
    if (tracuu_index_open(&tix, tpath, TRACUU_MODE_READ, &msg) != TRACUU_OK)
        die(tpath, msg ? msg : "cannot open");
    if (sqlite3_open_v2(fpath, &qdb, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(fpath, sqlite3_errmsg(qdb));
    fts_all = prep(qdb, "SELECT 1 FROM docs WHERE docs MATCH ?1 AND path = ?2");
    quality(a->data, a->work, xapian_exe[0] && stat(xpath, &sb) == 0 ? xpath : NULL);
    sqlite3_finalize(fts_all);
    sqlite3_close(qdb);
    tracuu_index_close(tix);
    return 0;
}

/* The index build of the three engines, timed in children, as the first table. */
static void
build_section(const char *tpath, const char *fpath, const char *xpath, const char *rdocs,
              const char *rdata, const char *work, uint64_t input)
{
    tracuu_job tj = {tpath, rdocs};
    fts_job fj = {fpath, rdocs, 0};
    fprintf(stderr, "bench_run: building the tracuu index...\n");
    usage ut = in_child(tracuu_build, &tj);
    fprintf(stderr, "bench_run: building the FTS5 index...\n");
    usage uf = in_child(fts_load, &fj);
    usage ux = {0, 0, 0, 0};
    if (xapian_exe[0]) {
        fprintf(stderr, "bench_run: building the stock Xapian index...\n");
        exec_job xj = {{xapian_exe, "build", rdata, xpath, NULL}, NULL, NULL};
        ux = in_child(exec_child, &xj);
        if (!ux.ok) {
            fprintf(stderr, "bench_run: stock Xapian failed: its columns show \"–\"\n");
            xapian_exe[0] = '\0';
        }
    }
    if (!ut.ok || !uf.ok)
        die("build", ut.ok ? "FTS5 failed" : "tracuu failed");
    uint64_t st_size = disk_usage(tpath), sx_size = ux.ok ? disk_usage(xpath) : 0,
             sf_size = disk_usage(work) - st_size - sx_size;
    char cw[64], cc[64], cm[64], cr[64], cs[64];
    if (ux.ok) {
        snprintf(cw, sizeof cw, "%.1f s", ux.wall);
        snprintf(cc, sizeof cc, "%.1f s", ux.cpu);
        snprintf(cm, sizeof cm, "%.2f", (double)input / 1e6 / ux.wall);
        snprintf(cr, sizeof cr, "%.0f MB", (double)ux.rss_kb / 1024);
        human(sx_size, cs, sizeof cs);
    } else
        strcpy(cw, "–"), strcpy(cc, "–"), strcpy(cm, "–"), strcpy(cr, "–"), strcpy(cs, "–");
    char rw[32], rc[32], rm[32], rr[32], rs[32], hb[64], hb2[64];
    ratio_cell(rw, sizeof rw, ut.wall, ux.ok ? ux.wall : (double)NAN);
    ratio_cell(rc, sizeof rc, ut.cpu, ux.ok ? ux.cpu : (double)NAN);
    ratio_cell(rm, sizeof rm, ux.wall, ux.ok ? ut.wall : (double)NAN);
    ratio_cell(rr, sizeof rr, (double)ut.rss_kb, ux.ok ? (double)ux.rss_kb : (double)NAN);
    ratio_cell(rs, sizeof rs, (double)st_size, ux.ok ? (double)sx_size : (double)NAN);
    printf("### Index build\n\n| | tracuu | FTS5 | stock Xapian | tracuu / FTS5 | tracuu / Xapian "
           "|\n|---|---|---|---|---|---|\n");
    printf("| wall | %.1f s | %.1f s | %s | %.2f | %s |\n", ut.wall, uf.wall, cw, ut.wall / uf.wall,
           rw);
    printf("| CPU | %.1f s | %.1f s | %s | %.2f | %s |\n", ut.cpu, uf.cpu, cc, ut.cpu / uf.cpu, rc);
    printf("| input MB/s (wall) | %.2f | %.2f | %s | %.2f | %s |\n", (double)input / 1e6 / ut.wall,
           (double)input / 1e6 / uf.wall, cm, uf.wall / ut.wall, rm);
    printf("| peak RSS | %.0f MB | %.0f MB | %s | %.2f | %s |\n", (double)ut.rss_kb / 1024,
           (double)uf.rss_kb / 1024, cr, (double)ut.rss_kb / (double)uf.rss_kb, rr);
    printf("| size on disk | %s | %s | %s | %.2f | %s |\n\n", human(st_size, hb, sizeof hb),
           human(sf_size, hb2, sizeof hb2), cs, (double)st_size / (double)sf_size, rs);
}

/* Query latency of the three engines on the same queries, as the second table. */
static void
query_section(const run_args *a, const char *tpath, const char *fpath, const char *xpath,
              const char *work)
{
    char *msg = NULL;
    if (tracuu_index_open(&tix, tpath, TRACUU_MODE_READ, &msg) != TRACUU_OK)
        die(tpath, msg ? msg : "cannot open");
    if (sqlite3_open_v2(fpath, &qdb, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(fpath, sqlite3_errmsg(qdb));
    fts_q = prep(qdb, "SELECT path, snippet(docs, 3, '<b>', '</b>', '…', 24) FROM docs "
                      "WHERE docs MATCH ?1 ORDER BY rank LIMIT 10");
    fts_qf = prep(qdb, "SELECT path, snippet(docs, 3, '<b>', '</b>', '…', 24) FROM docs "
                       "WHERE docs MATCH ?1 AND commune = ?2 AND date BETWEEN ?3 AND ?4 "
                       "ORDER BY rank LIMIT 10");
    fts_all = prep(qdb, "SELECT 1 FROM docs WHERE docs MATCH ?1 AND path = ?2");
    samples ts[Q_NCLASSES + 1], fs[Q_NCLASSES + 1], xs[Q_NCLASSES + 1], sim = {0}, rec = {0};
    latency(a->rounds, a->findings, ts, fs, &sim, &rec);
    memset(xs, 0, sizeof xs);
    if (xapian_exe[0]) {
        fprintf(stderr, "bench_run: querying the stock Xapian index...\n");
        if (xapian_latency(a->rounds, work, xpath, xs) != 0)
            fprintf(stderr, "bench_run: stock Xapian queries failed\n");
    }
    printf("### Query latency (ms, p50 / p95 / p99; %u rounds after a warm-up; a page of 10 "
           "with snippets)\n\n",
           a->rounds);
    printf("| queries | tracuu | FTS5 | stock Xapian | tracuu / FTS5 (p50 / p99) | tracuu / Xapian "
           "(p50 / p99) |\n|---|---|---|---|---|---|\n");
    for (int c = 0; c < Q_NCLASSES; c++)
        lat_row(class_names[c], &ts[c], &fs[c], &xs[c]);
    lat_row("**all of the above**", &ts[Q_NCLASSES], &fs[Q_NCLASSES], &xs[Q_NCLASSES]);
    char simname[64];
    snprintf(simname, sizeof simname, "`similar --text` (%u findings)",
             similar_texts < 40 ? similar_texts : 40);
    lat_row(simname, &sim, NULL, NULL);
    lat_row("`recurring` (limitations of one district)", &rec, NULL, NULL);
    printf("\n");
    tracuu_index_close(tix);
    samples_free(ts, fs, xs, &sim, &rec);
}

/* Reindex of both engines: nothing changed, then one file changed. */
static void
reindex_section(const char *tpath, const char *fpath, const char *rdocs)
{
    tracuu_job tj = {tpath, rdocs};
    fts_job fj = {fpath, rdocs, 1};
    usage tn = in_child(tracuu_reindex, &tj), fn = in_child(fts_load, &fj);
    char one[8192];
    snprintf(one, sizeof one, "%s/%s", rdocs, man[nman / 2].path);
    FILE *af = fopen(one, "ab");
    if (!af)
        die(one, strerror(errno));
    fputs("\n", af);
    fclose(af);
    usage tc = in_child(tracuu_reindex, &tj);
    /* The FTS5 loader sees the change too: touch again so that both re-read the file. */
    af = fopen(one, "ab");
    if (!af)
        die(one, strerror(errno));
    fputs("\n", af);
    fclose(af);
    usage fc = in_child(fts_load, &fj);
    printf("### Reindex (wall seconds)\n\n| | tracuu | FTS5 + (path, size, mtime) table | "
           "tracuu / FTS5 |\n|---|---|---|---|\n");
    printf("| nothing changed | %.2f | %.2f | %.2f |\n", tn.wall, fn.wall, tn.wall / fn.wall);
    printf("| one file changed | %.2f | %.2f | %.2f |\n\n", tc.wall, fc.wall, tc.wall / fc.wall);
}

static void
free_manifest(void)
{
    for (size_t i = 0; i < nman; i++) {
        free(man[i].path);
        free(man[i].commune);
        free(man[i].district);
        free(man[i].date);
    }
    free(man);
}

int
main(int argc, char **argv)
{
    run_args a = {0};
    tracuu_malloc_tune(); /* as the tracuu program does: what its users get */
    parse_args(&a, argc, argv);
    find_xapian();
    if (a.only)
        return index_only(&a);
    char wbuf[4096], docs[4096], tpath[4200], fpath[4200], xpath[4200];
    if (!a.work) {
        snprintf(wbuf, sizeof wbuf, "%s/work", a.data);
        a.work = wbuf;
    }
    mkdir(a.work, 0777);
    snprintf(docs, sizeof docs, "%s/docs", a.data);
    char *rdocs = realpath(docs, NULL);
    if (!rdocs)
        die(docs, strerror(errno));
    snprintf(tpath, sizeof tpath, "%s/tracuu", a.work);
    snprintf(fpath, sizeof fpath, "%s/fts5.db", a.work);
    snprintf(xpath, sizeof xpath, "%s/xapian", a.work);
    char *rdata = realpath(a.data, NULL);
    if (!rdata)
        die(a.data, strerror(errno));
    struct stat sb;
    if (a.judged_file) {
        if (stat(tpath, &sb) == 0 || stat(fpath, &sb) == 0)
            die(a.work, "holds an index from an earlier run; remove it first");
        judged(a.judged_file, rdocs, a.work);
        free(rdocs);
        free(rdata);
        return 0;
    }
    if (a.quality_only)
        return quality_again(&a, tpath, fpath, xpath);
    if (stat(tpath, &sb) == 0 || stat(fpath, &sb) == 0 || stat(xpath, &sb) == 0)
        die(a.work, "holds an index from an earlier run; remove it first");
    load_manifest(a.data);
    uint64_t input = 0;
    for (size_t i = 0; i < nman; i++) {
        char p[8192];
        snprintf(p, sizeof p, "%s/%s", rdocs, man[i].path);
        if (stat(p, &sb) == 0)
            input += (uint64_t)sb.st_size;
    }
    char hb[64], day[32];
    time_t t = time(NULL);
    strftime(day, sizeof day, "%Y-%m-%d", localtime(&t));
    printf("## %zu documents, %s of input (%s, tracuu %s, SQLite %s)\n\n", nman,
           human(input, hb, sizeof hb), day, tracuu_version(), sqlite3_libversion());
    build_section(tpath, fpath, xpath, rdocs, rdata, a.work, input);
    query_section(&a, tpath, fpath, xpath, a.work);
    reindex_section(tpath, fpath, rdocs);
    /* Answer quality. */
    char *msg = NULL;
    if (tracuu_index_open(&tix, tpath, TRACUU_MODE_READ, &msg) != TRACUU_OK)
        die(tpath, msg ? msg : "cannot open");
    quality(a.data, a.work, xapian_exe[0] ? xpath : NULL);
    tracuu_index_close(tix);
    sqlite3_finalize(fts_q);
    sqlite3_finalize(fts_qf);
    sqlite3_finalize(fts_all);
    sqlite3_close(qdb);
    free_manifest();
    free(rdocs);
    free(rdata);
    return 0;
}
