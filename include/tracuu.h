/*
 * tracuu.h - the public C API of tracuu, full-text search for Vietnamese policy documents.
 *
 * This header is the manual: if it is not here, it is not API. The command-line program
 * includes nothing else from the library.
 *
 * Conventions (after libgit2 and notmuch):
 *  - Every fallible function returns a tracuu_status; TRACUU_OK is 0. Results come back
 *    through out-parameters, which come first. On failure every *out is NULL/0 and nothing
 *    has leaked.
 *  - A value returned through **out is owned by the caller, who frees it with the matching
 *    _free/_close function. A value returned directly (const char *, const tracuu_hit *) is
 *    borrowed; each function says how long it stays valid. Every _free accepts NULL.
 *  - The library never prints, never exits and never aborts on out-of-memory. A one-line
 *    message for the last failure on an index handle is kept by tracuu_index_errmsg().
 *  - Strings are UTF-8. Byte offsets count bytes of the normalized text (see
 *    tracuu_text_normalize), not characters.
 */
#ifndef TRACUU_H
#define TRACUU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------
 * Status codes
 * ------------------------------------------------------------------------------------------ */

typedef enum tracuu_status {
    TRACUU_OK = 0,
    TRACUU_ITEROVER,   /* an iteration has no more items: not a failure */
    TRACUU_EINVAL,     /* a bad argument: NULL, empty query, unknown option value */
    TRACUU_ENOMEM,     /* out of memory */
    TRACUU_EIO,        /* a file or folder could not be read */
    TRACUU_EENCODING,  /* input is not valid text in the expected or detected encoding */
    TRACUU_ETOOBIG,    /* input exceeds a stated limit (file size, term length) */
    TRACUU_ENOTFOUND,  /* the index (or a named document) does not exist */
    TRACUU_ECORRUPT,   /* the index is damaged or is not a Xapian database */
    TRACUU_EVERSION,   /* the index was written by another tracuu schema version: reindex */
    TRACUU_ELOCKED,    /* another process is writing to the index */
    TRACUU_EBADQUERY,  /* the query could not be parsed */
    TRACUU_ERETRY,     /* the index kept changing under a reader; try again */
    TRACUU_EXAPIAN,    /* any other failure reported by the Xapian library */
    TRACUU_EINTERNAL,  /* a bug in tracuu */
    TRACUU_EUNAVAIL,   /* a remote shard could not be reached, or did not answer in time */
    TRACUU_EMISUSE,    /* a call made when it may not be (tracuu_registry_use once the registry
                        * is in use), as SQLite's SQLITE_MISUSE */
    TRACUU_STATUS_LAST /* sentinel: number of status codes */
} tracuu_status;

/* A short English name for a status ("index is locked"). Never NULL; static storage. */
const char *tracuu_status_str(tracuu_status st);

/* The library version, e.g. "0.1.0". Static storage. */
const char *tracuu_version(void);

/* ------------------------------------------------------------------------------------------
 * Indexes
 * ------------------------------------------------------------------------------------------ */

typedef struct tracuu_index tracuu_index;

typedef enum tracuu_mode {
    TRACUU_MODE_READ = 0, /* read-only; many readers may run while one writer commits */
    TRACUU_MODE_WRITE = 1 /* read-write; creates the index when missing; one writer at a time */
} tracuu_mode;

/*
 * Open the index at `path`: a directory holding a Xapian database, or a Xapian stub file
 * listing several (read mode only: see tracuu_index_open_with).
 *
 * On success *out is a handle the caller closes with tracuu_index_close().
 * On failure *out is NULL and, when errmsg is not NULL, *errmsg receives a one-line message
 * the caller frees with free() (or NULL if even that could not be allocated).
 *
 * Returns: TRACUU_OK; TRACUU_ENOTFOUND (no index there, read mode); TRACUU_ECORRUPT (not a
 * database or damaged); TRACUU_EVERSION (built by another schema version); TRACUU_ELOCKED
 * (write mode and another writer holds the lock); TRACUU_EINVAL; TRACUU_ENOMEM; TRACUU_EXAPIAN;
 * TRACUU_EIO or TRACUU_EINVAL when the registry of cited documents cannot be loaded (see
 * tracuu_registry_use; the message names the registry file).
 */
tracuu_status tracuu_index_open(tracuu_index **out, const char *path, tracuu_mode mode,
                                char **errmsg);

/* How a stub's shards are opened (read mode). */
typedef struct tracuu_open_options {
    unsigned timeout_ms; /* connecting to, and each exchange with, a remote shard
                          * (`remote HOST:PORT` line); 0 = 10000 */
    int partial;         /* a shard that cannot be reached is left out, and the handle says
                          * so (tracuu_index_missing), instead of the open or the read failing */
    int allow_remote_program; /* accept a stub's `remote PROGRAM ARGS` line, which runs
                               * PROGRAM; refused (TRACUU_EINVAL) by default: a stub is data,
                               * and data must not name a program to run */
} tracuu_open_options;

#define TRACUU_OPEN_OPTIONS_INIT {0, 0, 0}

/* tracuu_index_open with options. A stub file lists one shard a line: `auto PATH` (or
 * `glass PATH`; relative to the stub's folder; PATH may be another stub, at most 8 deep, no
 * cycle) and `remote HOST:PORT` (a xapian-tcpsrv); `#` comments and empty lines. Any other
 * line fails the open with TRACUU_ECORRUPT naming the stub file and line; a stub that lists
 * itself likewise; `remote PROGRAM ARGS` with TRACUU_EINVAL unless
 * opts->allow_remote_program. Searches merge the shards with global statistics, so results
 * are those of one index of all their documents. A shard that fails fails the open or the
 * read with TRACUU_EUNAVAIL (message naming it) within the timeout; with opts->partial it is
 * left out instead. Write mode through a stub: TRACUU_EINVAL (write each shard's folder). */
tracuu_status tracuu_index_open_with(tracuu_index **out, const char *path, tracuu_mode mode,
                                     const tracuu_open_options *opts, char **errmsg);

/* For programs that hold an index a long time or index many files (the tracuu program
 * calls it first thing): keep memory freed by one file or one request for the next instead
 * of handing it back to the kernel at once. Indexing and reading records allocate and
 * free blocks of a few hundred KB to a few MB per file; glibc's defaults return them
 * (heap trimming, mmap past 128 KB) and fault them in again, which cost a third of the
 * indexer's system time and a quarter of a `recurring` call (bench/RESULTS.md). The process
 * then keeps up to 64 MB it is not using. It changes malloc for the whole process, so the
 * library never calls it on its own; without glibc it does nothing. */
void tracuu_malloc_tune(void);

/* The shards left out so far (partial mode), one per line as the stub writes them, or ""
 * when every shard answered. Borrowed: valid until the next call that takes `ix`. */
const char *tracuu_index_missing(tracuu_index *ix);

/* ---- Shards: one index per province or district of a folder tree ----------------------- */

/* One shard of a folder tree ROOT/<province>/<district>/...: the name of its index folder
 * ("ben-tre", or "ben-tre-cho-lach" for a district) and the folder it indexes. */
typedef struct tracuu_shard {
    char *name;
    char *folder;
} tracuu_shard;

enum { TRACUU_SHARD_PROVINCE = 1, TRACUU_SHARD_DISTRICT = 2 };

/* The shards of `root` at `level` (TRACUU_SHARD_PROVINCE: one per sub-folder;
 * TRACUU_SHARD_DISTRICT: one per sub-folder of each), sorted by name; hidden folders are
 * skipped. *out (owned: tracuu_shards_free) and *n are set on success; root names a
 * folder as given (the caller resolves it). Returns TRACUU_OK, TRACUU_EIO (root
 * unreadable), TRACUU_ENOTFOUND (no folder at that level), TRACUU_EINVAL (level),
 * TRACUU_ENOMEM; *errmsg (owned, free()) says why on failure. */
tracuu_status tracuu_shards_plan(tracuu_shard **out, size_t *n, const char *root, int level,
                                 char **errmsg);
void tracuu_shards_free(tracuu_shard *v, size_t n);

/* Write a stub file at `path` that searches the indexes `names` as one (`auto NAME` lines,
 * relative to the stub's folder; see tracuu_index_open_ext), with `comment` (or NULL) as
 * its first line. The stub is replaced whole (written aside and renamed). Returns
 * TRACUU_OK, TRACUU_EINVAL (no name, more than 4096, a name no stub line can hold),
 * TRACUU_EIO, TRACUU_ENOMEM; *errmsg (owned, free()) names the file and the reason. */
tracuu_status tracuu_stub_write(const char *path, const char *comment, const char *const *names,
                                size_t n, char **errmsg);

/* Commit pending changes (write mode), release the lock and free the handle. NULL is a no-op.
 * Changes not yet committed by tracuu_index_add are never half-applied: Xapian either commits
 * a whole batch or none of it. */
void tracuu_index_close(tracuu_index *ix);

/* The message of the last failure on `ix`, or "" when none. Borrowed: valid until the next
 * call that takes `ix`. */
const char *tracuu_index_errmsg(const tracuu_index *ix);

/* The path the index was opened from. Borrowed: valid while `ix` is open. */
const char *tracuu_index_path(const tracuu_index *ix);

typedef struct tracuu_index_info {
    uint64_t documents;  /* source documents */
    uint64_t passages;   /* passages (paragraphs) */
    uint64_t terms;      /* distinct terms in the whole index */
    unsigned schema;     /* schema version of the index */
    unsigned shards;     /* Xapian shards behind the handle (1, or more through a stub) */
    uint64_t bytes_on_disk; /* files of the index folder, or of a stub's local shards (remote
                             * ones are on their own machines) */
} tracuu_index_info;

/* Counts for `tracuu status`. Returns TRACUU_OK, TRACUU_ERETRY, TRACUU_EXAPIAN. */
tracuu_status tracuu_index_info_get(tracuu_index_info *out, tracuu_index *ix);

/* ------------------------------------------------------------------------------------------
 * Adding files
 * ------------------------------------------------------------------------------------------ */

typedef enum tracuu_file_action {
    TRACUU_FILE_ADDED = 0,
    TRACUU_FILE_UPDATED,   /* re-read because its size or mtime changed (or force) */
    TRACUU_FILE_UNCHANGED, /* same size and mtime, or same content (a touch): not re-analysed */
    TRACUU_FILE_FAILED,    /* not indexed; status and message say why */
    TRACUU_FILE_RENAMED,   /* a new path with the bytes of a file that disappeared: moved */
    TRACUU_FILE_REMOVED    /* gone from disk under a root: its records were deleted */
} tracuu_file_action;

/* What happened to one file, passed to the on_file callback. All pointers are borrowed for
 * the duration of the callback only. */
typedef struct tracuu_file_report {
    const char *path;          /* absolute path */
    tracuu_file_action action;
    tracuu_status status;      /* TRACUU_OK unless action is TRACUU_FILE_FAILED */
    const char *message;       /* "" or a one-line reason naming the file (and line) */
    const char *encoding;      /* decoding used, e.g. "UTF-8", "UTF-16LE"; NULL when failed */
    uint64_t bytes;            /* size of the file */
    unsigned passages;         /* passages written */
} tracuu_file_report;

typedef struct tracuu_add_options {
    const char *encoding;    /* force this iconv encoding name; NULL detects (BOM, else UTF-8) */
    int force;               /* re-read files even when size and mtime are unchanged */
    uint64_t max_file_size;  /* files larger than this fail with TRACUU_ETOOBIG; 0 = default */
    unsigned batch_files;    /* files per Xapian commit; 0 = default (500) */
    void (*on_file)(void *ctx, const tracuu_file_report *report); /* may be NULL */
    void *ctx;
    int verify;              /* hash every file even when size and mtime are unchanged */
    const char *base;        /* the folders below it follow the province/district/commune
                              * convention, counted from it when it holds the paths indexed (a
                              * shard of one district keeps its province); remembered by the
                              * index for later runs. NULL: the one remembered, else only
                              * folders named as places ("xa-...", "Huyện ...") count. Where a
                              * per-root setting exists, it is passed here */
    int ocr;                 /* read PDF pages that have no text layer (scans) with tesseract's
                              * Vietnamese model; 0: such a PDF fails as "a scanned PDF" */
    int follow_links;        /* take symbolic links (found in folders) to files outside the
                              * roots too; 0: such a link is left out, so a link in a shared
                              * folder cannot make /etc/shadow searchable. A link to a file
                              * inside a root is indexed once either way */
    unsigned jobs;           /* a first build (the index holds no document) runs in this many
                              * processes, each indexing a share of the files into a part of
                              * its own, and joins the parts (Xapian's compactor); at most 16.
                              * 0 or 1: one process. Later runs are incremental and use one */
} tracuu_add_options;

#define TRACUU_DEFAULT_MAX_FILE_SIZE (64u * 1024u * 1024u)
#define TRACUU_ADD_OPTIONS_INIT {NULL, 0, 0, 0, NULL, NULL, 0, NULL, 0, 0, 0}

typedef struct tracuu_add_stats {
    uint64_t scanned, added, updated, unchanged, failed;
    uint64_t bytes;    /* bytes of text read and indexed */
    uint64_t renamed;  /* files found at a new path with the bytes of one that disappeared:
                        * their records moved, nothing re-analysed (not in added/removed) */
    uint64_t removed;  /* files gone from disk under the roots walked: records deleted */
    uint64_t revision; /* the index revision after the run */
} tracuu_add_stats;

/*
 * Index the files under each of `paths` (files or directories, walked recursively; only
 * regular files named *.txt, *.html, *.htm, *.xhtml, *.docx, *.odt, *.pdf, *.doc, *.rtf, *.md,
 * *.markdown are taken
 * from directories, while a file
 * named explicitly is always taken). Each file becomes one record holding its words, its text
 * and the tables of its passages, citations and findings. A file indexed before is replaced, never duplicated. The paths are remembered
 * as the index's roots (tracuu_index_reindex walks them again).
 *
 * Change detection: a file with the size and mtime it had is not read (unless opts->verify);
 * one whose bytes hash as before only gets its new stamp (a touch costs no analysis); a
 * changed one is re-indexed. After the walk, files the index holds under the walked paths that
 * are gone from disk are removed (a new file with the content of a removed one counts as
 * renamed). Every run that changes anything gets the next revision (tracuu_changes_list).
 *
 * Bad files never stop the run: each is reported through on_file with action
 * TRACUU_FILE_FAILED and counted in stats->failed (stats may be NULL). Files are committed in
 * batches, so a failure of the index itself loses at most the current, uncommitted batch and
 * never anything committed before.
 *
 * Returns TRACUU_OK when the run completed (check stats->failed for per-file failures);
 * TRACUU_EINVAL (read-only handle, NULL paths); TRACUU_ENOMEM; TRACUU_EXAPIAN, TRACUU_ECORRUPT
 * (the index failed: the run stopped, see tracuu_index_errmsg).
 */
tracuu_status tracuu_index_add(tracuu_index *ix, const char *const *paths, size_t npaths,
                               const tracuu_add_options *opts, tracuu_add_stats *stats);

/* tracuu_index_add over every root the index remembers. A root that no longer exists is
 * reported as failed and nothing under it is removed (an unmounted share is not an empty
 * one). TRACUU_ENOTFOUND when the index has no roots yet. */
tracuu_status tracuu_index_reindex(tracuu_index *ix, const tracuu_add_options *opts,
                                   tracuu_add_stats *stats);

/* The index's housekeeping as one JSON object (owned): {"roots": [...], "revision",
 * "last_run": {...} or null, "failed": [{"path", "status", "message"}] (with errors)}.
 * Returns TRACUU_OK, TRACUU_EINVAL (NULL out or ix), TRACUU_ENOMEM, or a store status
 * (TRACUU_ECORRUPT, TRACUU_EUNAVAIL, ...) with the message on ix. */
tracuu_status tracuu_index_report(char **out, tracuu_index *ix, int errors);

/* What changed after revision `since`: {"since", "revision", "changes": [{"path",
 * "revision", "change": "added"|"updated"|"removed"}]} (owned JSON), oldest first.
 * Returns TRACUU_OK, TRACUU_EINVAL, TRACUU_ENOMEM, or a store status (message on ix). */
tracuu_status tracuu_changes_list(char **out, tracuu_index *ix, uint64_t since);

/* ------------------------------------------------------------------------------------------
 * Searching
 * ------------------------------------------------------------------------------------------ */

typedef struct tracuu_search_options {
    unsigned limit;        /* results per page; 0 = 10 */
    unsigned offset;       /* results to skip */
    int docs;              /* one result per document (its best passage) */
    const char *hl_open;   /* marker before a highlighted word in snippets; NULL = "<b>", and
                            * then the snippet is HTML: its text escaped (&amp; &lt; &gt;
                            * &quot; &#39;). With a marker of the caller's the text is left
                            * as it is */
    const char *hl_close;  /* marker after it; NULL = "</b>" */
    unsigned snippet_chars; /* approximate snippet length in characters; 0 = 240 */
    int exact_total;       /* count every matching document exactly (tracuu_results_total);
                            * else exact up to 100 and estimated beyond */
    int facets;            /* count every matching document by commune, year, kind and cited
                            * document (tracuu_results_facets); implies exact_total */
} tracuu_search_options;

#define TRACUU_SEARCH_OPTIONS_INIT {10, 0, 0, NULL, NULL, 0, 0, 0}
/* The largest page (limit), and how deep passages are listed without docs (offset + limit):
 * with docs every matching document can be paged to. */
#define TRACUU_SEARCH_LIMIT_MAX 10000u
#define TRACUU_SEARCH_WINDOW_MAX 10000u

typedef struct tracuu_span {
    size_t start, end; /* byte offsets, end exclusive */
} tracuu_span;

/* One result. Borrowed from the results object; valid until the next tracuu_results_next
 * call or tracuu_results_free. Fields a later schema will fill are NULL/empty for now. */
typedef struct tracuu_hit {
    const char *path;      /* absolute path of the source document */
    unsigned passage;      /* 1-based ordinal of the passage within its document */
    size_t start, end;     /* byte span of the passage in the document's normalized text */
    const char *title;     /* NULL when unknown */
    const char *date;      /* "YYYY-MM-DD" or NULL */
    const char *commune;   /* NULL when unknown */
    const char *encoding;  /* decoding of the source file */
    double score;          /* BM25 relevance, higher is better */
    unsigned percent;      /* 0..100 relative relevance */
    uint64_t doc_matches;  /* with docs: how many passages of this document matched */
    const char *text;      /* the whole passage */
    const tracuu_span *highlights; /* matched words as spans into text */
    size_t nhighlights;
    const char *snippet;   /* a window of text around the best matches, with markers */
    const char *const *cites; /* ids of the documents the passage cites, NULL-terminated */
    const char *kind;         /* bao-cao, so-ket, tong-ket, ke-hoach, khao-sat, tin, or NULL */
    const char *section;      /* achievement, limitation, direction or other */
    const char *district;     /* NULL when unknown */
    const char *province;     /* NULL when unknown */
    const char *const *near_duplicates; /* paths of near-duplicate reports (same wording,
                                         * simhash), NULL-terminated, possibly empty */
    unsigned page;            /* PDF: the page the passage starts on; 0 when not paged */
    const char *heading;      /* the heading the passage sits under (DOCX, ODT, HTML, PDF), or
                               * NULL */
    /* Near-identical passages of other documents folded into this one (the same paragraph
     * of near-identical reports, only the first shown): their documents' paths, `nsimilar`
     * of them, NULL when none. Never with opts.docs, which lists every document. */
    const char *const *similar;
    size_t nsimilar;
    /* In relaxed results (tracuu_results_relaxed): the query words this passage lacks, as
     * typed (case-folded), `nmissing` of them; NULL when it holds every word. */
    const char *const *missing;
    size_t nmissing;
} tracuu_hit;

typedef struct tracuu_results tracuu_results;

/*
 * Run `query` against `ix` and return a page of passages, best first.
 *
 * Documents are matched (every word somewhere in the document: the commune's name in the
 * title and the topic in paragraph five find the report), and the passages that answer are
 * picked inside them: those holding most of the query first, paragraphs above one-line
 * fragments. Without opts->docs a document gives up to 3 passages; with it, its best one.
 * Results are complete when this returns: iterating reads nothing from `ix`, so the results
 * may be iterated and freed after tracuu_index_close(ix).
 *
 * Query syntax: words (with or without tone marks), "quoted phrases", -word or -"phrase" to
 * exclude, and OR between two items for either. Words are ANDed. A word typed without tone
 * marks matches every marking of it ("dan" finds dân, dần, đàn); a word typed with marks
 * finds the same passages, ranking those with the very same marks first. Tone placement
 * (hòa/hoà, thủy/thuỷ) never matters. Adjacent query words rank passages where they stand
 * together above passages where they are scattered.
 *
 * Returns TRACUU_OK; TRACUU_EINVAL (empty query, or one with no searchable word);
 * TRACUU_EBADQUERY (e.g. a query made only of exclusions); TRACUU_EINVAL also for a limit
 * over TRACUU_SEARCH_LIMIT_MAX or, without docs, offset + limit over
 * TRACUU_SEARCH_WINDOW_MAX; TRACUU_ECORRUPT (a record cannot be read); TRACUU_ERETRY;
 * TRACUU_ENOMEM; TRACUU_EXAPIAN.
 */
tracuu_status tracuu_index_search(tracuu_results **out, tracuu_index *ix, const char *query,
                            const tracuu_search_options *opts);

/* The number of matching documents: exact up to 100 (or always, with opts.exact_total),
 * else Xapian's estimate. */
uint64_t tracuu_results_total(const tracuu_results *r);

/* With opts.facets: every matching document counted by commune, district, year ("?" when
 * undated), kind and cited document (the id without its "@..." version), as JSON
 * {"commune": {NAME: N}, "district", "year", "kind", "cites"}, each object's keys by count, largest first. Counted by the engine
 * over the whole match, on every shard, without reading a document. Borrowed until
 * tracuu_results_free; NULL without opts.facets. */
const char *tracuu_results_facets(const tracuu_results *r);

/* 1 when no document held every word of a query of two words or more, or fewer than
 * TRACUU_RELAX_BELOW did for three words or more: the results are then passages holding most of the query's words (at least
 * half; those with every word first), each naming the words it lacks (tracuu_hit.missing).
 * 0 for an every-word answer. Queries with OR, a phrase alone or filters alone are never relaxed. */
#define TRACUU_RELAX_BELOW 3
int tracuu_results_relaxed(const tracuu_results *r);

/* The next hit: TRACUU_OK and *out set, or TRACUU_ITEROVER at the end, or TRACUU_ENOMEM. */
tracuu_status tracuu_results_next(const tracuu_hit **out, tracuu_results *r);

void tracuu_results_free(tracuu_results *r);

/* The record of one indexed document as a JSON object (owned, free()): path, dockey, title,
 * encoding (the one used to decode it, detected or named), size, mtime_ns, passages,
 * bytes, abbreviations it defines. `doc` is the file's path or its 16-hex-digit dockey.
 * Returns TRACUU_OK, TRACUU_ENOTFOUND (message on ix), TRACUU_EINVAL, or a store status. */
tracuu_status tracuu_document_get(char **out, tracuu_index *ix, const char *doc);

/* The passages of one indexed document (`doc` as for tracuu_document_get), in order, as a
 * JSON object (owned, free()): {"path", "passages": [{"passage" (1-based), "text",
 * "section", "page" (0 when not paged), "heading" (or null), "cites": [ids]}]}. Returns
 * TRACUU_OK, TRACUU_ENOTFOUND (message on ix), TRACUU_EINVAL, TRACUU_ECORRUPT, or a store
 * status. */
tracuu_status tracuu_document_passages(char **out, tracuu_index *ix, const char *doc);

/* The filters of the query language (tracuu-query(7)), in the order they are listed to a
 * user: "NAME:VALUE" (or "ALIAS:VALUE", the Vietnamese name, typed with or without marks),
 * and for those with an `option`, the search option --OPTION VALUE and the web page's
 * argument OPTION=VALUE (a quoted value when `quoted`: names may hold spaces). `prefix` is
 * the index term prefix it matches (NULL for year: and date:, which read the date value).
 * --since D and --until D are date:D.. and date:..D. Static storage; *n gets the count. */
typedef struct tracuu_filter {
    const char *name, *alias, *option;
    int quoted;
    const char *prefix;
} tracuu_filter;
const tracuu_filter *tracuu_query_filters(size_t *n);

/* A human-readable description of how `query` is parsed into index terms (for
 * `tracuu debug query`). *out is owned by the caller (free()). Returns TRACUU_OK,
 * TRACUU_EINVAL, TRACUU_EBADQUERY, TRACUU_ENOMEM. */
tracuu_status tracuu_query_describe(char **out, const char *query);

/* Parse `query` only: TRACUU_OK, or the status tracuu_index_search would return for it
 * (TRACUU_EINVAL, TRACUU_EBADQUERY: an unknown filter prefix, a bad date...) with the
 * one-line reason in *errmsg (owned, free(); NULL on success). */
tracuu_status tracuu_query_check(char **errmsg, const char *query);

/* ------------------------------------------------------------------------------------------
 * Text analysis (what the indexer does to text; exposed for `tracuu debug tokens`)
 * ------------------------------------------------------------------------------------------ */

/*
 * File names are bytes; the index keeps a name as it is when it is valid UTF-8 and
 * otherwise with each stray byte written "\xHH" (and a backslash before an 'x' as "\x5C"),
 * which is how paths come back in results, `status` roots and reports. *out (owned, free())
 * gets the exact bytes of such a stored name (to open the file or watch the folder).
 * Returns TRACUU_OK, TRACUU_EINVAL (NULL argument), TRACUU_ENOMEM.
 */
tracuu_status tracuu_name_bytes(char **out, const char *name);

/*
 * Decode the bytes of a file to UTF-8: a UTF-8 or UTF-16 byte order mark decides; else
 * `encoding` (an iconv name) when not NULL; else the bytes must be valid UTF-8.
 * *out (owned, free()) is NUL-terminated, *outlen excludes the NUL; *used names the encoding
 * (static storage, or `encoding` itself). On failure *errmsg (owned, free()) says where the
 * first bad byte is ("line 3, column 17 (byte 120): invalid UTF-8").
 * Returns TRACUU_OK, TRACUU_EENCODING, TRACUU_EINVAL (unknown encoding), TRACUU_ENOMEM.
 */
tracuu_status tracuu_text_decode(char **out, size_t *outlen, const char **used,
                                 const char *bytes, size_t len, const char *encoding,
                                 char **errmsg);

/*
 * The text the indexer reads from a file's bytes, for commands that analyse one file
 * without an index (`citations FILE`, `debug tokens FILE`): the format `name` says
 * (.html, .docx, .odt, .pdf, .doc, .rtf, .md; NULL or any other name: plain text, read as
 * Markdown when it looks like it), decoded (`encoding` as in tracuu_text_decode),
 * extracted as `index` extracts it (HTML scripts, styles and site furniture left out,
 * Markdown syntax gone), normalized (tracuu_text_normalize), page and heading marks
 * removed. *out (owned, free()) is NUL-terminated; used[0..usedsz) gets the encoding or
 * format read ("UTF-8", "VISCII", "DOCX"...). On failure *errmsg (owned) says why.
 * Returns TRACUU_OK, TRACUU_EENCODING, TRACUU_EINVAL, TRACUU_EIO (a helper program failed),
 * TRACUU_ENOMEM, TRACUU_ETOOBIG.
 */
tracuu_status tracuu_file_text(char **out, size_t *outlen, char *used, size_t usedsz,
                               const char *name, const char *bytes, size_t len,
                               const char *encoding, char **errmsg);

/*
 * Normalize UTF-8 text as the indexer does: NFC; compatibility forms; dashes and slashes
 * lumped; the look-alikes Ð ð Ɖ ɖ mapped to Đ đ; zero-width and control characters removed
 * (line breaks kept as \n, tabs become spaces). Input must be valid UTF-8.
 * *out (owned, free()) is NUL-terminated. Returns TRACUU_OK, TRACUU_EENCODING, TRACUU_ENOMEM.
 */
tracuu_status tracuu_text_normalize(char **out, size_t *outlen, const char *utf8, size_t len);

typedef struct tracuu_token {
    size_t start, end;  /* byte span in the normalized text */
    const char *exact;  /* case-folded, tone placement canonical (old style: hòa, thủy, ủy) */
    const char *folded; /* no marks at all, đ -> d */
    const char *kind;   /* "word", "number" or "code" (capitals and digits: QH15, 858CV) */
    int glued;          /* 1 when cut from a longer run written without a space */
} tracuu_token;

typedef struct tracuu_tokens tracuu_tokens;

/* Tokenize normalized UTF-8 text into syllables (docs/ANALYSIS.md). Glued runs
 * are split with the syllable frequencies of the text itself, as the indexer does for a
 * document entering an empty index.
 * *out is owned (tracuu_tokens_free). Returns TRACUU_OK, TRACUU_ENOMEM. */
tracuu_status tracuu_tokens_new(tracuu_tokens **out, const char *normalized, size_t len);
size_t tracuu_tokens_count(const tracuu_tokens *t);
/* The i-th token, borrowed until tracuu_tokens_free; NULL when i is out of range. */
const tracuu_token *tracuu_tokens_get(const tracuu_tokens *t, size_t i);
void tracuu_tokens_free(tracuu_tokens *t);

/* ---- Citations (docs/CITATIONS.md) ------------------------------------------------------ */

/* Use this registry of cited documents (corpus/registry.ini format) for everything that
 * follows: indexing, citations, cites, refs. Without a call, $TRACUU_REGISTRY or the
 * configured registry path is used; a registry that cannot be read is an error, never an
 * empty registry. Call it before anything reads the registry (the first index, search,
 * citation or cross-reference call): from then on the registry is shared with work in
 * progress and is never swapped under it. path NULL: load the default now.
 * Returns TRACUU_OK, TRACUU_EIO, TRACUU_EINVAL (format; the message names the file and
 * line), TRACUU_ENOMEM, TRACUU_EMISUSE (the registry is already in use). */
tracuu_status tracuu_registry_use(const char *path, char **errmsg);

typedef struct tracuu_citation {
    const char *id;       /* canonical: "25-NQ/TW@2013", "04/2015/NĐ-CP", "217-QĐ/TW" */
    const char *text;     /* the mention as written */
    size_t start, end;    /* byte span in the text given */
    const char *resolved; /* "exact", "informal", "registry", "back-reference", "ambiguous" */
    const char *title;    /* the registry's title, or NULL */
} tracuu_citation;

typedef struct tracuu_citations tracuu_citations;

/* The citations in normalized UTF-8 text, in order. report_date ("YYYYMMDD" or NULL: the
 * date found in the text) tells reused numbers apart. *out is owned. Returns TRACUU_OK,
 * TRACUU_EINVAL, TRACUU_ENOMEM, or the status of loading the default registry
 * (tracuu_registry_use) when it cannot be read. */
tracuu_status tracuu_citations_extract(tracuu_citations **out, const char *normalized,
                                       size_t len, const char *report_date);
size_t tracuu_citations_count(const tracuu_citations *c);
const tracuu_citation *tracuu_citations_get(const tracuu_citations *c, size_t i);
void tracuu_citations_free(tracuu_citations *c);

/* Cross-references, each answered as one JSON object (owned, free()); docs/CITATIONS.md.
 *
 * tracuu_cites_list: the documents citing ID (any spelling), newest first, each with its citing
 * passages: {"id", "title", "documents": [{"path", "date", "commune", "title",
 * "cited_as": [ids], "resolved"?: "ambiguous", "passages": [{"passage", "text",
 * "mentions"}]}], "versions"?: [{"id", "date", "title", "documents"}], "in_archive"?: path,
 * "in_archive_all"?: [paths], "stats"?: {"by_commune", "by_year"}}. "ID@YEAR" answers that
 * version only; a base the registry knows several versions of answers all of them and the
 * ambiguous mentions, and lists the versions. "in_archive" is the indexed document whose own
 * number (its header's "Số: ...") is ID. commune (compared without marks), since and until
 * ("YYYY", "YYYY-MM" or "YYYY-MM-DD"; a document without a date is left out by either) may
 * be NULL.
 *
 * tracuu_refs_list: what document DOC (path or dockey) cites: {"path", "date", "title", "refs":
 * [{"id", "resolved", "passages", "registry", "valid", "replaced_by"?, "cited_by_others",
 * "in_archive"?, "in_archive_all"?}]}; "valid" is false when the registry says the cited
 * document was replaced on or before the report's date; "in_archive" the indexed document
 * numbered so (for a local issuer, of the report's province). docs/CITATIONS.md.
 *
 * tracuu_cocited_list: the documents most often cited together with ID: {"id", "documents",
 * "cocited": [{"id", "documents", "title"}]}, at most `limit` (0 = 20).
 *
 * Return TRACUU_OK, TRACUU_EINVAL (not a document number; message on ix), TRACUU_ENOTFOUND
 * (refs: no such document), or a store status. */
tracuu_status tracuu_cites_list(char **out, tracuu_index *ix, const char *id,
                                const char *commune, const char *since, const char *until,
                                int stats);
tracuu_status tracuu_refs_list(char **out, tracuu_index *ix, const char *doc);
tracuu_status tracuu_cocited_list(char **out, tracuu_index *ix, const char *id, unsigned limit);

/* Findings (text/section.h) most like one passage or finding of an indexed document
 * ("PATH#N" or "PATH#N.K", PATH as indexed or a 16-digit key) or like `text` (exactly one of
 * the two), from communes other than the source's, the best one per commune, best first, at
 * most `limit` (0 = 10). filter: query-syntax filters (section:, district:, date:...) or
 * NULL. JSON {"source": {"path", "passage", "finding", "commune", "text"}, "results":
 * [{"path", "passage", "finding", "commune", "section", "date", "score", "text"}]}, score
 * the cosine of the two findings' tf-idf vectors (+0.05 when they cite a document in
 * common), 0..1. flags: TRACUU_SIMILAR_INCLUDE_SAME or 0.
 * Returns TRACUU_OK, TRACUU_EINVAL (both or neither of ref and text, a bad filter; message
 * on ix), TRACUU_ENOTFOUND (no such document, passage or finding), TRACUU_ETOOBIG (more
 * candidates than it compares: narrow with a filter), TRACUU_ENOMEM, or a store status. */
#define TRACUU_SIMILAR_INCLUDE_SAME 1u /* the source's commune too, the best finding of each
                                        * document instead of each commune (a near-identical
                                        * page of the same folder shows) */
tracuu_status tracuu_similar_find(char **out, tracuu_index *ix, const char *ref,
                                  const char *text, const char *filter, unsigned limit,
                                  unsigned flags);

/* Groups of near-identical findings reported by at least min_communes communes (>= 2),
 * largest first, at most `limit` groups (0 = all). JSON {"findings", "min_communes",
 * "groups": [{"communes_count", "findings_count", "representative": {"path", "passage",
 * "finding", "commune", "text"}, "communes": [...], "findings": [{"path", "passage",
 * "finding", "commune", "date", "score", "text"}]}]}.
 * Returns TRACUU_OK, TRACUU_EINVAL (a bad filter; message on ix), TRACUU_ETOOBIG (more than
 * 5,000,000 findings: narrow with a filter), TRACUU_ENOMEM, or a store status. */
tracuu_status tracuu_recurring_find(char **out, tracuu_index *ix, const char *filter,
                                    unsigned min_communes, unsigned limit);

/* A date as a user types it: "2019", "2019-05", "2019-05-20", "20/5/2019" or "5/2019"
 * (day first, as Vietnamese documents write it). On success writes its ISO form ("2019",
 * "2019-05", "2019-05-20") to iso (at least 11 bytes) and returns its precision: 1 year,
 * 2 month, 3 day. Returns 0 (iso "") when it is not a real calendar date. Every date
 * option and the year:/date: filters read dates this way. */
int tracuu_date_parse(const char *text, char iso[11]);

/* The canonical id of a document number as typed ("25-nq/tw", "217/QĐ-TW"), owned, or
 * NULL when it is not one. */
char *tracuu_citation_canonicalize(const char *spelling);

#ifdef __cplusplus
}
#endif

#endif /* TRACUU_H */
