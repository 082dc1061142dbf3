/*
 * add.c - tracuu_index_add: walk paths, read, decode, normalize and write each file, in
 * committed batches.
 *
 * Per-file problems (unreadable, too big, bad encoding, empty) are reported and counted,
 * and the run goes on; the previous version of such a file stays in the index. Only a
 * failure of the index itself stops the run, and then the open batch is cancelled, so the
 * index holds exactly what the last commit held plus whole batches before it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "decode.h"
#include "index.h"
#include "normalize.h"
#include "scan.h"
#include "schema.h"
#include "extract.h"
#include "writer.h"

#define DEFAULT_BATCH_FILES 500
/* Commit also when a batch grows past this much text, to bound the writer's memory. */
#define BATCH_MAX_BYTES ((uint64_t)64 << 20)

typedef struct add_run {
    tracuu_index *ix;
    const tracuu_add_options *opts;
    tracuu_add_stats *stats;
    uint64_t max_size;
    unsigned batch_files;
    unsigned in_batch;
    uint64_t batch_bytes;
    int txn_open;
} add_run;

static void
notify(add_run *run, const tracuu_file_report *r)
{
    if (run->opts->on_file)
        run->opts->on_file(run->opts->ctx, r);
}

static tracuu_status
file_failed(add_run *run, const char *path, uint64_t size, tracuu_status st, const char *msg)
{
    tracuu_file_report r = {path, TRACUU_FILE_FAILED, st, msg, NULL, size, 0};
    run->stats->failed++;
    notify(run, &r);
    return TRACUU_OK; /* the run goes on */
}

/* Read a whole file, at most max bytes. *err gets a reason on failure. */
static tracuu_status
read_file(const char *path, uint64_t max, text_buf *out, char *err, size_t errsz)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errsz, "%s: cannot open: %s", path, strerror(errno));
        return TRACUU_EIO;
    }
    tracuu_status st = TRACUU_OK;
    out->max = (size_t)max;
    for (;;) {
        st = text_buf_reserve(out, 65536);
        if (st == TRACUU_ETOOBIG) {
            /* Exactly at the limit is fine; one more byte is not. */
            char probe;
            ssize_t r = read(fd, &probe, 1);
            if (r == 0) {
                st = TRACUU_OK;
                break;
            }
            snprintf(err, errsz, "%s: larger than the limit of %llu bytes (--max-file-size)",
                     path, (unsigned long long)max);
            break;
        }
        if (st != TRACUU_OK) {
            snprintf(err, errsz, "%s: %s", path, tracuu_status_str(st));
            break;
        }
        ssize_t r = read(fd, out->ptr + out->len, 65536);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, errsz, "%s: read error: %s", path, strerror(errno));
            st = TRACUU_EIO;
            break;
        }
        if (r == 0)
            break;
        out->len += (size_t)r;
        out->ptr[out->len] = '\0';
    }
    close(fd);
    return st;
}

static tracuu_status
commit_batch(add_run *run)
{
    store_err err;
    if (!run->txn_open)
        return TRACUU_OK;
    run->txn_open = 0;
    run->in_batch = 0;
    run->batch_bytes = 0;
    tracuu_status st = store_db_end(run->ix->db, 1, &err);
    return st == TRACUU_OK ? st : index_fail_store(run->ix, &err);
}

static tracuu_status
open_batch(add_run *run)
{
    store_err err;
    if (run->txn_open)
        return TRACUU_OK;
    tracuu_status st = store_db_begin(run->ix->db, &err);
    if (st != TRACUU_OK)
        return index_fail_store(run->ix, &err);
    run->txn_open = 1;
    return TRACUU_OK;
}

static int64_t
mtime_ns(const struct stat *sb)
{
    return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

static tracuu_status
add_file(void *ctx, const char *path, const struct stat *sb, tracuu_status status,
         const char *message)
{
    add_run *run = ctx;
    tracuu_index *ix = run->ix;
    store_err serr;
    char err[512] = "";
    char dockey[17], uterm[32], stamp[64];
    char *old = NULL;
    extract_result ex = {NULL, NULL, ""};
    text_buf raw = TEXT_BUF_INIT(0), decoded = TEXT_BUF_INIT(0), norm = TEXT_BUF_INIT(0);
    tracuu_status st = TRACUU_OK;

    run->stats->scanned++;
    if (!sb)
        return file_failed(run, path, 0, status, message);
    uint64_t size = (uint64_t)sb->st_size;

    /* Unchanged since the last run (same size and mtime)? Then nothing to read. */
    index_dockey(dockey, path);
    writer_stamp(stamp, sizeof stamp, size, mtime_ns(sb));
    snprintf(uterm, sizeof uterm, "%s%s", PREFIX_UID_DOC, dockey);
    st = store_db_find(ix->db, uterm, SLOT_STAMP, &old, NULL, NULL, &serr);
    if (st != TRACUU_OK && st != TRACUU_ENOTFOUND)
        return index_fail_store(ix, &serr);
    int existed = st == TRACUU_OK;
    if (existed && !run->opts->force && strcmp(old, stamp) == 0) {
        free(old);
        tracuu_file_report r = {path, TRACUU_FILE_UNCHANGED, TRACUU_OK, "", NULL, size, 0};
        run->stats->unchanged++;
        notify(run, &r);
        return TRACUU_OK;
    }
    free(old);

    if (size > run->max_size) {
        snprintf(err, sizeof err, "%s: %llu bytes, larger than the limit of %llu (--max-file-size)",
                 path, (unsigned long long)size, (unsigned long long)run->max_size);
        return file_failed(run, path, size, TRACUU_ETOOBIG, err);
    }
    st = read_file(path, run->max_size, &raw, err, sizeof err);
    if (st == TRACUU_ENOMEM)
        goto done;
    if (st != TRACUU_OK) {
        st = file_failed(run, path, size, st, err);
        goto done;
    }
    /* Decoded and normalized text can outgrow the raw bytes (UTF-16 -> UTF-8 at most
     * 1.5x, legacy 8-bit at most 3x, NFC rarely); 4x bounds every case we accept. */
    decoded.max = norm.max = raw.len * 4 + 64;
    char derr[256];
    st = extract_text(&decoded, &ex, extract_format_of(path), raw.ptr ? raw.ptr : "", raw.len,
                      run->opts->encoding, derr, sizeof derr);
    const char *used = ex.encoding;
    if (st == TRACUU_ENOMEM)
        goto done;
    if (st != TRACUU_OK) {
        snprintf(err, sizeof err, "%s: %s", path, derr);
        st = file_failed(run, path, size, st, err);
        goto done;
    }
    st = text_normalize(&norm, decoded.ptr ? decoded.ptr : "", decoded.len);
    if (st == TRACUU_ENOMEM)
        goto done;
    if (st != TRACUU_OK) {
        snprintf(err, sizeof err, "%s: cannot normalize: %s", path, tracuu_status_str(st));
        st = file_failed(run, path, size, st, err);
        goto done;
    }
    size_t k = 0;
    while (k < norm.len && (norm.ptr[k] == ' ' || norm.ptr[k] == '\n'))
        k++;
    if (k == norm.len) {
        snprintf(err, sizeof err, "%s: empty: no text to index", path);
        st = file_failed(run, path, size, TRACUU_EINVAL, err);
        goto done;
    }

    st = open_batch(run);
    if (st != TRACUU_OK)
        goto done;
    writer_file wf = {path, used, ex.title, size, mtime_ns(sb)};
    unsigned np = 0;
    st = writer_put_document(ix, &wf, norm.ptr, norm.len, &np);
    if (st != TRACUU_OK)
        goto done; /* the index failed: stop; the caller cancels the batch */
    if (existed)
        run->stats->updated++;
    else
        run->stats->added++;
    run->stats->bytes += raw.len;
    tracuu_file_report r = {path,      existed ? TRACUU_FILE_UPDATED : TRACUU_FILE_ADDED,
                            TRACUU_OK, "",
                            used,      size,
                            np};
    notify(run, &r);
    run->in_batch++;
    run->batch_bytes += raw.len;
    if (run->in_batch >= run->batch_files || run->batch_bytes >= BATCH_MAX_BYTES)
        st = commit_batch(run);
done:
    if (st == TRACUU_ENOMEM)
        index_fail(ix, st, "%s: out of memory", path);
    free(ex.title);
    text_buf_free(&raw);
    text_buf_free(&decoded);
    text_buf_free(&norm);
    return st;
}

tracuu_status
tracuu_index_add(tracuu_index *ix, const char *const *paths, size_t npaths,
                 const tracuu_add_options *opts, tracuu_add_stats *stats)
{
    static const tracuu_add_options defaults = TRACUU_ADD_OPTIONS_INIT;
    tracuu_add_stats local;
    store_err err;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    if (!ix || (!paths && npaths))
        return TRACUU_EINVAL;
    index_clear_error(ix);
    if (ix->mode != TRACUU_MODE_WRITE)
        return index_fail(ix, TRACUU_EINVAL, "%s: index was opened read-only", ix->path);
    add_run run = {ix, opts ? opts : &defaults, stats, 0, 0, 0, 0, 0};
    run.max_size = run.opts->max_file_size ? run.opts->max_file_size
                                           : TRACUU_DEFAULT_MAX_FILE_SIZE;
    run.batch_files = run.opts->batch_files ? run.opts->batch_files : DEFAULT_BATCH_FILES;

    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < npaths && st == TRACUU_OK; i++) {
        char *abs = realpath(paths[i], NULL);
        if (!abs) {
            char msg[512];
            int e = errno;
            snprintf(msg, sizeof msg, "%s: cannot read: %s", paths[i], strerror(e));
            stats->scanned++;
            st = file_failed(&run, paths[i], 0, e == ENOENT ? TRACUU_ENOTFOUND : TRACUU_EIO,
                             msg);
            continue;
        }
        st = scan_path(abs, add_file, &run);
        free(abs);
    }
    if (st == TRACUU_OK) {
        st = commit_batch(&run);
    } else if (run.txn_open) {
        store_db_end(ix->db, 0, &err); /* keep the message of the first failure */
        run.txn_open = 0;
    }
    return st;
}
