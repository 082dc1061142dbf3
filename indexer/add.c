/*
 * add.c - tracuu_index_add and tracuu_index_reindex: walk paths, decide per file from the
 * manifest (manifest.h) whether it is unchanged, touched, changed, new or renamed, write what
 * changed in committed batches, then remove what disappeared (removals after additions, as
 * notmuch new does, so a rename never loses a document in between).
 *
 * Per-file problems (unreadable, too big, bad encoding, empty) are reported, counted and
 * recorded (a "Kfailed" record, for `status --errors`), and the run goes on; the previous
 * version of such a file stays in the index. Only a failure of the index itself stops the
 * run, and then the open batch is cancelled, so the index holds exactly what the last commit
 * held plus whole batches before it: a run killed at any point leaves an index that opens,
 * and the next run converges.
 *
 * File names are bytes: a name that is not UTF-8 is stored and reported escaped
 * (text_name_escape), everything index-side uses that stored name, and only opening and
 * stat-ing a file uses its exact bytes. One odd name never fails a run.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include <jansson.h>

#include "add.h"
#include "intl.h"
#include "buf.h"
#include "decode.h"
#include "index.h"
#include "normalize.h"
#include "scan.h"
#include "record.h"
#include "schema.h"
#include "extract.h"
#include "layout.h"
#include "manifest.h"
#include "records.h"
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
    manifest *man;
    uint64_t revision; /* of this run: the index's + 1 */
    int changed;       /* anything written that a reader would see */
    const char *root;  /* the root being walked (meta.h: folders count from it), stored name */
    int root_is_base;  /* root is the base the user gave (--base): its folders are places */
    unsigned share, shares; /* this run takes the files whose path hashes to share of shares
                             * (parallel.c); 0 of 1: every file */
    text_buf gone;          /* paths removed in this run, one a line (schema.h META_GONE) */
    size_t gone_saved;      /* how much of it the open batch has written */
} add_run;

static void
notify(add_run *run, const tracuu_file_report *r)
{
    if (run->opts->on_file)
        run->opts->on_file(run->opts->ctx, r);
}

static tracuu_status open_batch(add_run *run);
static tracuu_status file_failed_name(add_run *run, const char *name, uint64_t size,
                                      tracuu_status st, const char *rawmsg);

/* Report a bad file and record why (schema.h "Kfailed"): `status --errors` lists it until it
 * is fixed or removed. Only an index failure is returned: the run goes on otherwise.
 * path: its exact bytes; file_failed_name takes its stored name. */
static tracuu_status
file_failed(add_run *run, const char *path, uint64_t size, tracuu_status st, const char *msg)
{
    char *name = text_name_escape(path);
    if (!name)
        return index_fail(run->ix, TRACUU_ENOMEM, "out of memory");
    tracuu_status s2 = file_failed_name(run, name, size, st, msg);
    free(name);
    return s2;
}

/* file_failed by the file's stored name. */
static tracuu_status
file_failed_name(add_run *run, const char *name, uint64_t size, tracuu_status st,
                 const char *rawmsg)
{
    /* path: the stored name (scan.h). The message may quote a raw name (from the walk or
     * the command line): made UTF-8, as JSON and the report need, when it is not. */
    char *path = strdup(name);
    size_t ml = strlen(rawmsg);
    char *msg = text_utf8_check(rawmsg, ml) == ml ? strdup(rawmsg) : text_name_escape(rawmsg);
    if (!path || !msg) {
        free(path);
        free(msg);
        return index_fail(run->ix, TRACUU_ENOMEM, "out of memory");
    }
    tracuu_status s2 = TRACUU_OK;
    tracuu_file_report r = {path, TRACUU_FILE_FAILED, st, msg, NULL, size, 0};
    run->stats->failed++;
    notify(run, &r);
    if (path[0] != '/') {
        free(path);
        free(msg);
        return TRACUU_OK; /* a command-line path that does not exist: nothing to record */
    }
    store_err err = {TRACUU_OK, ""};
    store_doc *doc = NULL;
    char dockey[17], uterm[32];
    index_dockey(dockey, path);
    snprintf(uterm, sizeof uterm, "%s%s", PREFIX_UID_FAILED, dockey);
    record_failed rec = {path, tracuu_status_str(st), msg, size};
    text_buf data = TEXT_BUF_INIT(RECORD_MAX);
    s2 = record_failed_encode(&data, &rec);
    if (s2 == TRACUU_OK)
        s2 = open_batch(run);
    if (s2 == TRACUU_OK)
        s2 = store_doc_new(&doc, &err);
    if (s2 == TRACUU_OK)
        s2 = store_doc_term(doc, uterm, strlen(uterm), 0, &err);
    if (s2 == TRACUU_OK)
        s2 = store_doc_term(doc, KIND_FAILED, strlen(KIND_FAILED), 0, &err);
    if (s2 == TRACUU_OK)
        s2 = store_doc_value(doc, SLOT_PATH, path, strlen(path), &err);
    if (s2 == TRACUU_OK)
        s2 = store_doc_data(doc, data.ptr, data.len, &err);
    if (s2 == TRACUU_OK)
        s2 = store_db_replace(run->ix->db, uterm, doc, &err);
    store_doc_free(doc);
    text_buf_free(&data);
    if (s2 == TRACUU_ENOMEM)
        index_fail(run->ix, s2, "%s: out of memory", path);
    else if (s2 != TRACUU_OK)
        s2 = index_fail_store(run->ix, &err);
    free(path);
    free(msg);
    return s2;
}

/* Read a whole file, at most max bytes. *err gets a reason on failure. */
static tracuu_status
read_file(const char *fpath, const char *path, uint64_t max, text_buf *out, char *err,
          size_t errsz)
{
    /* fpath: the exact bytes, to open; path: the stored name, for messages. */
    int fd = open(fpath, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errsz, L_("%s: cannot open: %s"), path, strerror(errno));
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
    if (run->gone.len > run->gone_saved) {
        char key[INDEX_GONE_KEY_MAX];
        index_gone_key(key, run->revision);
        tracuu_status st = text_buf_putc(&run->gone, '\0');
        if (st == TRACUU_OK) {
            run->gone.len--; /* the NUL stays after the text, not in it */
            st = store_db_set_meta(run->ix->db, key, run->gone.ptr, &err);
        }
        if (st != TRACUU_OK) {
            store_err cancel = {TRACUU_OK, ""}; /* err keeps the failure's own message */
            store_db_end(run->ix->db, 0, &cancel);
            run->txn_open = 0;
            return st == TRACUU_ENOMEM ? index_fail(run->ix, st, "out of memory")
                                       : index_fail_store(run->ix, &err);
        }
        run->gone_saved = run->gone.len;
    }
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


/* The file's bytes, hashed: 16 hex digits. */
static void
hash_hex(char out[17], const char *bytes, size_t len)
{
    snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits(bytes, len));
}

/* Same content, new stamp: update the document record's stamp and manifest, no analysis. */
static tracuu_status
touch_file(add_run *run, const char *path, const char *stamp, const char *hash)
{
    store_err err = {TRACUU_OK, ""};
    char dockey[17], uterm[32], manif[PATH_MAX + 128];
    index_dockey(dockey, path);
    snprintf(uterm, sizeof uterm, "%s%s", PREFIX_UID_DOC, dockey);
    manifest_value(manif, sizeof manif, stamp, hash, path);
    const unsigned slots[2] = {SLOT_STAMP, SLOT_MANIFEST};
    const char *const values[2] = {stamp, manif};
    tracuu_status st = open_batch(run);
    if (st == TRACUU_OK)
        st = store_db_update(run->ix->db, uterm, slots, values, 2, NULL, 0, &err);
    return st == TRACUU_OK ? st : index_fail_store(run->ix, &err);
}

/* Note for `tracuu changes` that path was removed at this revision (schema.h META_GONE):
 * written into the index with the batch that deletes it (commit_batch). Metadata, not a
 * record: a record would count among the documents and change every score (hardening
 * issue, fault 9). */
static tracuu_status
tombstone(add_run *run, const char *path)
{
    tracuu_status st = text_buf_puts(&run->gone, path);
    if (st == TRACUU_OK)
        st = text_buf_putc(&run->gone, '\n');
    return st;
}

/* One file of a run, as add_file takes it through its steps. */
typedef struct file_job {
    add_run *run;
    const char *fpath;       /* the bytes to open */
    const char *path;        /* the stored name (scan.h) */
    const struct stat *sb;
    uint64_t size;
    char stamp[64], hash[17];
    manifest_entry *known;   /* what the index knew of the path, or NULL */
    int moved_folder;        /* a rename into another folder, indexed afresh */
    char *oldraw;            /* the bytes of a vanished file's path with the same content */
    extract_result ex;
    text_buf raw, decoded, norm, marks;
    size_t raw_len;
} file_job;

static void
report(add_run *run, const char *path, tracuu_file_action state, const char *encoding,
       uint64_t size, unsigned passages)
{
    tracuu_file_report r = {path, state, TRACUU_OK, "", encoding, size, passages};
    notify(run, &r);
}

/* Step 1: unchanged since the last run (same size and mtime)? Then nothing to read. */
static int
unchanged(file_job *j)
{
    add_run *run = j->run;
    if (!j->known || j->known->failed || run->opts->force || run->opts->verify ||
        strcmp(j->known->stamp, j->stamp))
        return 0;
    run->stats->unchanged++;
    report(run, j->path, TRACUU_FILE_UNCHANGED, NULL, j->size, 0);
    return 1;
}

/* Step 2: the bytes, within the size limit, and their hash. *failed when the file failed
 * (recorded); the status is the index's. */
static tracuu_status
read_bytes(file_job *j, int *failed)
{
    add_run *run = j->run;
    char err[512];
    tracuu_status st;
    *failed = 1;
    if (j->size > run->max_size) {
        snprintf(err, sizeof err, L_("%s: %llu bytes, larger than the limit of %llu (--max-file-size)"),
                 j->path, (unsigned long long)j->size, (unsigned long long)run->max_size);
        return file_failed_name(run, j->path, j->size, TRACUU_ETOOBIG, err);
    }
    st = read_file(j->fpath, j->path, run->max_size, &j->raw, err, sizeof err);
    if (st == TRACUU_ENOMEM)
        return st;
    if (st != TRACUU_OK)
        return file_failed_name(run, j->path, j->size, st, err);
    hash_hex(j->hash, j->raw.ptr ? j->raw.ptr : "", j->raw.len);
    *failed = 0;
    return TRACUU_OK;
}

/* Step 3: moved, not changed: a new path with the bytes of a file that is no longer where it
 * was. In the same folder its records follow it (nothing analysed again; *done); into
 * another folder its commune, district and province follow the folder (meta.h), so the old
 * records go and it is analysed again at its new place (j->moved_folder). */
static tracuu_status
follow_move(file_job *j, int *done)
{
    add_run *run = j->run;
    tracuu_index *ix = run->ix;
    *done = 0;
    if (j->known || run->opts->force)
        return TRACUU_OK;
    manifest_entry *old = manifest_unseen_with_hash(run->man, j->hash);
    if (!old)
        return TRACUU_OK;
    j->oldraw = text_name_unescape(old->path); /* its bytes on disk */
    if (!j->oldraw)
        return TRACUU_ENOMEM;
    struct stat osb;
    if (lstat(j->oldraw, &osb) == 0)
        return TRACUU_OK; /* still there: a copy, not a move */
    const char *os = strrchr(old->path, '/'), *ns = strrchr(j->path, '/');
    int same_folder = os && ns && os - old->path == ns - j->path &&
                      !strncmp(old->path, j->path, (size_t)(ns - j->path));
    tracuu_status st = open_batch(run);
    if (st == TRACUU_OK && !same_folder) {
        char dockey[17], dterm[32];
        store_err terr = {TRACUU_OK, ""};
        index_dockey(dockey, old->path);
        snprintf(dterm, sizeof dterm, "%s%s", PREFIX_DOC, dockey);
        if (store_db_delete(ix->db, dterm, &terr) != TRACUU_OK)
            st = index_fail_store(ix, &terr);
        if (st == TRACUU_OK && tombstone(run, old->path) != TRACUU_OK)
            st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
        if (st == TRACUU_OK) {
            old->seen = 1;
            j->moved_folder = 1;
        }
        return st;
    }
    writer_file wf = {.path = j->path, .root = run->root, .size = j->size,
                      .mtime_ns = mtime_ns(j->sb), .hash = j->hash,
                      .revision = run->revision, .created = run->revision};
    size_t moved = 0;
    if (st == TRACUU_OK)
        st = writer_rename(ix, old->path, &wf, &moved);
    if (st == TRACUU_OK && moved && tombstone(run, old->path) != TRACUU_OK)
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
    if (st == TRACUU_OK && moved) {
        old->seen = 1; /* its records live at the new path now */
        run->changed = 1;
        run->stats->renamed++;
        report(run, j->path, TRACUU_FILE_RENAMED, NULL, j->size, 0);
        run->in_batch++;
        *done = 1;
    }
    return st;
}

/* Step 4: touched, not changed: the same bytes under a new mtime get only the new stamp. */
static tracuu_status
touched_only(file_job *j, int *done)
{
    add_run *run = j->run;
    *done = 0;
    if (!j->known || j->known->failed || run->opts->force || strcmp(j->known->hash, j->hash))
        return TRACUU_OK;
    if (strcmp(j->known->stamp, j->stamp)) {
        tracuu_status st = touch_file(run, j->path, j->stamp, j->hash);
        if (st != TRACUU_OK)
            return st;
        run->in_batch++;
    }
    run->stats->unchanged++;
    report(run, j->path, TRACUU_FILE_UNCHANGED, NULL, j->size, 0);
    *done = 1;
    return TRACUU_OK;
}

/* Step 5: the text: extracted and decoded, normalized, page and heading marks out (layout.h).
 * *failed when the file failed (recorded). */
static tracuu_status
make_text(file_job *j, int *failed)
{
    add_run *run = j->run;
    char err[512], derr[400];
    *failed = 1;
    /* Decoded and normalized text can outgrow the raw bytes (UTF-16 -> UTF-8 at most
     * 1.5x, legacy 8-bit at most 3x, NFC rarely); 4x bounds every case we accept. Office
     * and PDF files are compressed: their text is bounded by the helpers' output limit. */
    extract_format fmt = extract_format_of(j->path);
    j->decoded.max = j->norm.max =
        fmt == EXTRACT_TEXT || fmt == EXTRACT_HTML ? j->raw.len * 4 + 64 : (size_t)256 << 20;
    tracuu_status st = extract_text(&j->decoded, &j->ex, fmt, j->raw.ptr ? j->raw.ptr : "",
                                    j->raw.len, run->opts->encoding,
                                    run->opts->ocr ? EXTRACT_OCR : 0, derr, sizeof derr);
    /* Each stage's input goes as soon as the next holds the text: a large file would
     * otherwise sit in memory three times over (raw, decoded, normalized) while the
     * writer adds its own copies (hardening #22). */
    j->raw_len = j->raw.len;
    text_buf_free(&j->raw);
    if (st == TRACUU_ENOMEM)
        return st;
    if (st != TRACUU_OK) {
        snprintf(err, sizeof err, "%s: %s", j->path, derr);
        return file_failed_name(run, j->path, j->size, st, err);
    }
    st = text_normalize(&j->norm, j->decoded.ptr ? j->decoded.ptr : "", j->decoded.len);
    text_buf_free(&j->decoded);
    if (st == TRACUU_ENOMEM)
        return st;
    if (st != TRACUU_OK) {
        snprintf(err, sizeof err, L_("%s: cannot normalize: %s"), j->path, tracuu_status_str(st));
        return file_failed_name(run, j->path, j->size, st, err);
    }
    if (j->ex.layout && layout_strip(&j->norm, &j->marks) != TRACUU_OK)
        return TRACUU_ENOMEM;
    size_t k = 0;
    while (k < j->norm.len && (j->norm.ptr[k] == ' ' || j->norm.ptr[k] == '\n'))
        k++;
    if (k == j->norm.len) {
        snprintf(err, sizeof err, L_("%s: empty: no text to index"), j->path);
        return file_failed_name(run, j->path, j->size, TRACUU_EINVAL, err);
    }
    *failed = 0;
    return TRACUU_OK;
}

/* The revision the path was first indexed at (kept across updates), else this run's. */
static uint64_t
created_revision(file_job *j)
{
    uint64_t created = j->run->revision;
    if (!j->known)
        return created;
    char dockey[17], uterm[32], *data = NULL;
    size_t dlen = 0;
    store_err ferr = {TRACUU_OK, ""};
    index_dockey(dockey, j->path);
    snprintf(uterm, sizeof uterm, "%s%s", PREFIX_UID_DOC, dockey);
    if (store_db_find(j->run->ix->db, uterm, SLOT_STAMP, NULL, &data, &dlen, &ferr) ==
        TRACUU_OK) {
        json_t *d = record_doc_json_of(data, dlen);
        json_int_t c = json_integer_value(json_object_get(d, "created"));
        if (c > 0)
            created = (uint64_t)c;
        json_decref(d);
    }
    free(data);
    return created;
}

/* Step 6: the document's record, counted and reported; the batch committed when full. */
static tracuu_status
write_document(file_job *j)
{
    add_run *run = j->run;
    tracuu_status st = open_batch(run);
    if (st != TRACUU_OK)
        return st;
    const extract_result *ex = &j->ex;
    writer_file wf = {.path = j->path, .root = run->root, .root_is_base = run->root_is_base,
                      .encoding = ex->encoding, .title = ex->title,
                      .size = j->size, .mtime_ns = mtime_ns(j->sb), .hash = j->hash,
                      .revision = run->revision, .created = created_revision(j),
                      .author = ex->author, .created_on = ex->created,
                      .modified_on = ex->modified, .pages = ex->pages,
                      .ocr_pages = ex->ocr_pages,
                      .marks = (const layout_mark *)(void *)j->marks.ptr,
                      .nmarks = j->marks.len / sizeof(layout_mark)};
    unsigned np = 0;
    st = writer_put_document(run->ix, &wf, j->norm.ptr, j->norm.len, &np);
    if (st != TRACUU_OK)
        return st; /* the index failed: stop; the caller cancels the batch */
    run->changed = 1;
    if (j->moved_folder)
        run->stats->renamed++;
    else if (j->known)
        run->stats->updated++;
    else
        run->stats->added++;
    run->stats->bytes += j->raw_len;
    report(run, j->path,
           j->moved_folder ? TRACUU_FILE_RENAMED
           : j->known      ? TRACUU_FILE_UPDATED
                           : TRACUU_FILE_ADDED,
           ex->encoding, j->size, np);
    run->in_batch++;
    run->batch_bytes += j->raw_len;
    if (run->in_batch >= run->batch_files || run->batch_bytes >= BATCH_MAX_BYTES)
        st = commit_batch(run);
    return st;
}

/* A file the walk found (scan_fn): skipped when unchanged, moved when renamed, stamped when
 * only touched, else read, analysed and written. */
static tracuu_status
add_file(void *ctx, const char *fpath, const struct stat *sb, tracuu_status status,
         const char *message)
{
    add_run *run = ctx;
    if (run->shares > 1 && XXH3_64bits(fpath, strlen(fpath)) % run->shares != run->share)
        return TRACUU_OK; /* another process of a parallel build takes it */
    run->stats->scanned++;
    if (!sb)
        return file_failed(run, fpath, 0, status, message);
    char *name = text_name_escape(fpath);
    if (!name)
        return index_fail(run->ix, TRACUU_ENOMEM, "out of memory");
    file_job j = {.run = run, .fpath = fpath, .path = name, .sb = sb,
                  .size = (uint64_t)sb->st_size, .ex = EXTRACT_RESULT_INIT,
                  .raw = TEXT_BUF_INIT(0), .decoded = TEXT_BUF_INIT(0),
                  .norm = TEXT_BUF_INIT(0), .marks = TEXT_BUF_INIT((size_t)1 << 28)};
    writer_stamp(j.stamp, sizeof j.stamp, j.size, mtime_ns(sb));
    j.known = manifest_get(run->man, name);
    if (j.known)
        j.known->seen = 1;
    int stop = unchanged(&j);
    tracuu_status st = TRACUU_OK;
    if (!stop)
        st = read_bytes(&j, &stop);
    if (st == TRACUU_OK && !stop)
        st = follow_move(&j, &stop);
    if (st == TRACUU_OK && !stop)
        st = touched_only(&j, &stop);
    if (st == TRACUU_OK && !stop)
        st = make_text(&j, &stop);
    if (st == TRACUU_OK && !stop)
        st = write_document(&j);
    if (st == TRACUU_ENOMEM)
        index_fail(run->ix, st, "%s: out of memory", name);
    extract_result_free(&j.ex);
    text_buf_free(&j.marks);
    text_buf_free(&j.raw);
    text_buf_free(&j.decoded);
    text_buf_free(&j.norm);
    free(j.oldraw);
    free(name);
    return st;
}

/* Is the stored name of a path gone from disk (lstat on its exact bytes), or a link the walk
 * no longer takes (scan.h; an index made before links were checked may hold one to a file
 * outside its roots)? Out of memory counts as "not gone": nothing is removed on a guess. */
static int
gone(const char *name, const scan_options *so)
{
    char *raw = text_name_unescape(name);
    struct stat sb;
    int g = raw && (lstat(raw, &sb) != 0 || (S_ISLNK(sb.st_mode) && !scan_take_link(raw, so)));
    free(raw);
    return g;
}

/* Remove what the index holds under the walked roots that is gone from disk. */
static tracuu_status
remove_missing(add_run *run, char *const *roots, size_t nroots, const scan_options *so)
{
    store_err err = {TRACUU_OK, ""};
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < manifest_count(run->man) && st == TRACUU_OK; i++) {
        manifest_entry *e = manifest_at(run->man, i);
        int inside = 0;
        for (size_t r = 0; r < nroots && !inside; r++)
            inside = roots[r] && scan_under(e->path, roots[r]);
        if (e->seen || !inside || !gone(e->path, so))
            continue;
        char dockey[17], term[32];
        index_dockey(dockey, e->path);
        st = open_batch(run);
        snprintf(term, sizeof term, "%s%s", PREFIX_DOC, dockey);
        if (st == TRACUU_OK)
            st = store_db_delete(run->ix->db, term, &err);
        if (st != TRACUU_OK)
            return index_fail_store(run->ix, &err);
        if (tombstone(run, e->path) != TRACUU_OK)
            return index_fail(run->ix, TRACUU_ENOMEM, "out of memory");
        run->changed = 1;
        run->stats->removed++;
        tracuu_file_report rep = {e->path, TRACUU_FILE_REMOVED, TRACUU_OK, "", NULL, 0, 0};
        notify(run, &rep);
        if (++run->in_batch >= run->batch_files)
            st = commit_batch(run);
    }
    /* Failed-file records of files that are gone. */
    store_mset *m = NULL;
    if (st == TRACUU_OK)
        st = records_of(run->ix, KIND_FAILED, NULL, NULL, &m);
    for (size_t i = 0; st == TRACUU_OK && i < store_mset_size(m); i++) {
        store_hit h;
        store_mset_hit(m, i, &h);
        record_failed *d = NULL;
        record_failed_decode(&d, h.data, h.datalen); /* unreadable: left alone */
        const char *path = d ? d->path : NULL;
        int inside = 0;
        for (size_t r = 0; path && r < nroots && !inside; r++)
            inside = roots[r] && scan_under(path, roots[r]);
        if (inside && gone(path, so)) {
            char dockey[17], term[32];
            index_dockey(dockey, path);
            snprintf(term, sizeof term, "%s%s", PREFIX_UID_FAILED, dockey);
            st = open_batch(run);
            if (st == TRACUU_OK)
                st = store_db_delete(run->ix->db, term, &err);
        }
        record_failed_free(d);
    }
    store_mset_free(m);
    if (st != TRACUU_OK && err.status != TRACUU_OK)
        return index_fail_store(run->ix, &err);
    return st;
}

/* Roots an index remembers (one line each in META_ROOTS, held in a 1 MiB value): a
 * province's archive has one root, or one per district; thousands mean a mistake (every
 * file given as its own root), and `reindex` would walk each. Past it, `index` refuses the
 * new root, naming the limit, instead of remembering some and dropping others. */
#define INDEX_ROOTS_MAX 4096u

static size_t
count_lines(const char *s)
{
    size_t n = 0;
    for (const char *p = s; p && *p; n++) {
        const char *e = strchr(p, '\n');
        p = e ? e + 1 : p + strlen(p);
    }
    return n;
}

/* Add the walked paths to the roots the index remembers. */
static tracuu_status
remember_roots(add_run *run, char *const *abs, size_t n)
{
    store_err err = {TRACUU_OK, ""};
    char *cur = NULL;
    tracuu_status st = store_db_get_meta(run->ix->db, META_ROOTS, &cur, &err);
    if (st != TRACUU_OK)
        return index_fail_store(run->ix, &err);
    text_buf v = TEXT_BUF_INIT(1 << 20);
    st = text_buf_puts(&v, cur ? cur : "");
    int added = 0;
    for (size_t i = 0; i < n && st == TRACUU_OK; i++) {
        if (!abs[i])
            continue;
        int have = 0;
        size_t len = strlen(abs[i]);
        for (const char *p = cur; p && *p && !have;) {
            const char *e = strchr(p, '\n');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            have = l == len && !memcmp(p, abs[i], len);
            p = e ? e + 1 : p + l;
        }
        if (have)
            continue;
        if (count_lines(v.ptr) >= INDEX_ROOTS_MAX) {
            st = index_fail(run->ix, TRACUU_ETOOBIG,
                            "%s: the index already remembers %u roots, the most it keeps; "
                            "index their parent folder instead",
                            abs[i], INDEX_ROOTS_MAX);
            break;
        }
        if (v.len)
            st = text_buf_putc(&v, '\n');
        if (st == TRACUU_OK)
            st = text_buf_puts(&v, abs[i]);
        added = 1;
    }
    free(cur);
    if (st == TRACUU_OK && added) {
        st = open_batch(run);
        if (st == TRACUU_OK)
            st = store_db_set_meta(run->ix->db, META_ROOTS, v.ptr, &err);
        if (st != TRACUU_OK && err.status != TRACUU_OK)
            st = index_fail_store(run->ix, &err);
    }
    text_buf_free(&v);
    return st;
}

/* The summary of a run, as META_LAST_RUN holds it (owned), or NULL when out of memory. */
static char *
last_run_json(const tracuu_add_stats *s, double seconds, uint64_t rev)
{
    json_t *last = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I}", "time",
                             (json_int_t)time(NULL), "scanned", (json_int_t)s->scanned, "added",
                             (json_int_t)s->added, "updated", (json_int_t)s->updated, "renamed",
                             (json_int_t)s->renamed, "removed", (json_int_t)s->removed,
                             "unchanged", (json_int_t)s->unchanged, "failed",
                             (json_int_t)s->failed, "seconds", seconds, "revision",
                             (json_int_t)rev);
    char *js = last ? json_dumps(last, JSON_COMPACT) : NULL;
    json_decref(last);
    return js;
}

static tracuu_status
finish_run(add_run *run, double seconds)
{
    store_err err = {TRACUU_OK, ""};
    char rev[24];
    uint64_t now_rev = run->changed ? run->revision : run->revision - 1;
    snprintf(rev, sizeof rev, "%llu", (unsigned long long)now_rev);
    run->stats->revision = now_rev;
    char *js = last_run_json(run->stats, seconds, now_rev);
    if (!js)
        return index_fail(run->ix, TRACUU_ENOMEM, "out of memory");
    tracuu_status st = open_batch(run);
    if (st == TRACUU_OK)
        st = store_db_set_meta(run->ix->db, META_LAST_RUN, js, &err);
    if (st == TRACUU_OK && run->changed)
        st = store_db_set_meta(run->ix->db, META_REVISION, rev, &err);
    free(js);
    if (st != TRACUU_OK && err.status != TRACUU_OK)
        return index_fail_store(run->ix, &err);
    return st == TRACUU_OK ? commit_batch(run) : st;
}

tracuu_status
add_note_run(tracuu_index *ix, const tracuu_add_stats *stats, double seconds,
             uint64_t revision)
{
    store_err err = {TRACUU_OK, ""};
    char *js = last_run_json(stats, seconds, revision);
    if (!js)
        return index_fail(ix, TRACUU_ENOMEM, "out of memory");
    tracuu_status st = store_db_set_meta(ix->db, META_LAST_RUN, js, &err);
    free(js);
    if (st == TRACUU_OK)
        st = store_db_commit(ix->db, &err);
    return st == TRACUU_OK ? st : index_fail_store(ix, &err);
}

static double
seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

tracuu_status
tracuu_index_add(tracuu_index *ix, const char *const *paths, size_t npaths,
                 const tracuu_add_options *opts, tracuu_add_stats *stats)
{
    if (ix && opts && opts->jobs > 1 && parallel_wanted(ix))
        return parallel_build(ix, paths, npaths, opts, stats);
    return add_share(ix, paths, npaths, opts, stats, 0, 1);
}

tracuu_status
add_share(tracuu_index *ix, const char *const *paths, size_t npaths,
          const tracuu_add_options *opts, tracuu_add_stats *stats, unsigned share,
          unsigned shares)
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
    double t0 = seconds_now();
    add_run run = {ix, opts ? opts : &defaults, stats, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, 0, 0, 1,
                   TEXT_BUF_INIT((size_t)1 << 30), 0};
    run.max_size = run.opts->max_file_size ? run.opts->max_file_size
                                           : TRACUU_DEFAULT_MAX_FILE_SIZE;
    run.batch_files = run.opts->batch_files ? run.opts->batch_files : DEFAULT_BATCH_FILES;
    run.share = share;
    run.shares = shares ? shares : 1;

    char *rev = NULL;
    tracuu_status st = store_db_get_meta(ix->db, META_REVISION, &rev, &err);
    if (st != TRACUU_OK)
        return index_fail_store(ix, &err);
    run.revision = strtoull(rev ? rev : "0", NULL, 10) + 1;
    free(rev);
    st = manifest_load(&run.man, ix);
    if (st != TRACUU_OK)
        return st;
    /* abs: each path resolved, the exact bytes to walk; names: the same as stored and
     * shown (scan.h). A path that cannot be resolved has NULL in both. */
    char **abs = calloc(npaths ? npaths : 1, sizeof *abs);
    char **names = calloc(npaths ? npaths : 1, sizeof *names);
    int *errs = calloc(npaths ? npaths : 1, sizeof *errs); /* realpath's errno, 0 */
    if (!abs || !names || !errs) {
        free(abs);
        free(names);
        free(errs);
        manifest_free(run.man);
        text_buf_free(&run.gone);
        return index_fail(ix, TRACUU_ENOMEM, "out of memory");
    }
    /* The folder convention's base: given now (and remembered), or remembered; stored and
     * compared as a name. */
    char *base = NULL;
    if (run.opts->base) {
        char *rb = realpath(run.opts->base, NULL);
        base = rb ? text_name_escape(rb) : NULL;
        if (!rb)
            st = index_fail(ix, TRACUU_EIO, L_("%s: cannot read the base folder: %s"), run.opts->base,
                            strerror(errno));
        else if (!base)
            st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
        else if ((st = store_db_set_meta(ix->db, META_BASE, base, &err)) != TRACUU_OK)
            st = index_fail_store(ix, &err);
        free(rb);
    } else if ((st = store_db_get_meta(ix->db, META_BASE, &base, &err)) != TRACUU_OK) {
        st = index_fail_store(ix, &err);
    } else if (base && !*base) {
        free(base);
        base = NULL;
    }
    for (size_t i = 0; i < npaths && st == TRACUU_OK; i++) {
        abs[i] = realpath(paths[i], NULL);
        if (!abs[i]) {
            errs[i] = errno; /* reported in its turn, below */
            continue;
        }
        names[i] = text_name_escape(abs[i]);
        if (!names[i])
            st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
    }
    /* The roots go into the first batch, so they are committed with (not after) the first
     * files: a first run killed or failing after a commit leaves an index that `reindex`
     * can finish. */
    if (st == TRACUU_OK)
        st = remember_roots(&run, names, npaths);
    scan_options so = {abs, npaths, run.opts->follow_links};
    for (size_t i = 0; i < npaths && st == TRACUU_OK; i++) {
        if (!abs[i]) {
            char msg[512];
            snprintf(msg, sizeof msg, L_("%s: cannot read: %s"), paths[i], strerror(errs[i]));
            stats->scanned++;
            st = file_failed(&run, paths[i], 0,
                             errs[i] == ENOENT ? TRACUU_ENOTFOUND : TRACUU_EIO, msg);
            continue;
        }
        run.root_is_base = base && scan_under(names[i], base);
        run.root = run.root_is_base ? base : names[i];
        st = scan_path(abs[i], &so, add_file, &run);
    }
    if (st == TRACUU_OK)
        st = remove_missing(&run, names, npaths, &so);
    if (st == TRACUU_OK)
        st = finish_run(&run, seconds_now() - t0);
    if (st != TRACUU_OK && run.txn_open) {
        store_db_end(ix->db, 0, &err); /* keep the message of the first failure */
        run.txn_open = 0;
    }
    for (size_t i = 0; i < npaths; i++) {
        free(abs[i]);
        free(names[i]);
    }
    free(abs);
    free(names);
    free(errs);
    free(base);
    manifest_free(run.man);
    text_buf_free(&run.gone);
    return st;
}

tracuu_status
tracuu_index_reindex(tracuu_index *ix, const tracuu_add_options *opts, tracuu_add_stats *stats)
{
    if (!ix)
        return TRACUU_EINVAL;
    store_err err = {TRACUU_OK, ""};
    char *roots = NULL;
    tracuu_status st = store_db_get_meta(ix->db, META_ROOTS, &roots, &err);
    if (st != TRACUU_OK)
        return index_fail_store(ix, &err);
    if (!roots || !*roots) {
        free(roots);
        return index_fail(ix, TRACUU_ENOTFOUND,
                          "%s: no roots yet: index a folder first (tracuu index PATH)", ix->path);
    }
    /* The roots are stored names (scan.h): walk their exact bytes. */
    size_t want = count_lines(roots);
    if (want > INDEX_ROOTS_MAX) {
        free(roots);
        return index_fail(ix, TRACUU_ECORRUPT, "%s: the index lists %zu roots, more than %u",
                          ix->path, want, INDEX_ROOTS_MAX);
    }
    char **list = calloc(want, sizeof *list);
    size_t n = 0;
    if (!list)
        st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
    for (char *p = roots; list && *p && n < want && st == TRACUU_OK;) {
        char *e = strchr(p, '\n');
        if (e)
            *e = '\0';
        list[n] = text_name_unescape(p);
        if (!list[n++])
            st = index_fail(ix, TRACUU_ENOMEM, "out of memory");
        p = e ? e + 1 : p + strlen(p);
    }
    if (st == TRACUU_OK)
        st = tracuu_index_add(ix, (const char *const *)list, n, opts, stats);
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
    free(roots);
    return st;
}
