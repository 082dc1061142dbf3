/*
 * stub.h - our own reader of Xapian stub files (private to store/).
 *
 * A stub file lists the shards a read searches as one. Xapian can read stubs itself, but it
 * then follows a stub that lists itself until the stack overflows, and runs any program a
 * `remote PROG ARGS` line names. A stub is data, often written by someone else (`tracuu
 * shard`, a colleague, an archive), and data must never name a program we run. So the
 * store reads stubs here, in plain C, and hands Xapian only database folders and TCP
 * addresses:
 *   - `auto|glass|chert PATH`: a database folder (relative to the stub's folder); a PATH
 *     that is itself a stub (a regular file, or a folder holding a XAPIANDB stub) is read
 *     in turn, at most STUB_MAX_DEPTH deep, a cycle (by realpath) refused;
 *   - `remote HOST:PORT` (or `remote :PORT`, meaning 127.0.0.1): a xapian-tcpsrv;
 *   - `remote PROG ARGS` / `remote :PROG ARGS` (Xapian's program form): refused unless
 *     STUB_ALLOW_PROGRAM is given;
 *   - empty lines and `#` comments.
 * Every error names the stub file and line. The result is the flat list of shards.
 */
#ifndef TRACUU_STORE_STUB_H
#define TRACUU_STORE_STUB_H

#include <stddef.h>

#include "tracuu.h"

#ifdef __cplusplus
extern "C" {
#endif

#define STUB_MAX_DEPTH 8      /* stubs listing stubs: the top one is depth 1 */
#define STUB_MAX_SHARDS 4096  /* shards in all, over every nested stub */
#define STUB_MAX_LINE 4096    /* bytes in one line */
#define STUB_MAX_BYTES (1 << 20) /* bytes in one stub file */

enum {
    STUB_ALLOW_PROGRAM = 1 << 0, /* accept `remote PROG ARGS` (--allow-remote-program) */
    STUB_NO_NESTED = 1 << 1      /* never look at the file system for nested stubs (fuzzing) */
};

typedef enum stub_kind { STUB_LOCAL = 0, STUB_TCP, STUB_PROGRAM } stub_kind;

typedef struct stub_entry {
    stub_kind kind;
    char *line;  /* the line as the stub writes it, for messages (trimmed) */
    char *where; /* "STUBFILE:LINE" */
    char *path;  /* LOCAL: the database folder (relative paths resolved) */
    int backend; /* LOCAL: 'a'uto, 'g'lass or 'c'hert, as the line says */
    char *host;  /* TCP */
    unsigned port;
    char *prog;  /* PROGRAM: the program and its arguments as one string */
    char *args;
} stub_entry;

typedef struct stub_list {
    stub_entry *v;
    size_t n, cap;
} stub_list;

/* 1 when `path` must be read as a stub: a regular file, or a folder holding XAPIANDB and
 * no database (Xapian's stub-in-a-folder). 0 for anything else (a database folder, a
 * missing path). */
int stub_is_stub(const char *path);

/* Read the stub file `path` and append its shards (nested stubs flattened) to *out, which
 * the caller zero-initialises and frees with stub_list_free in every case. flags:
 * STUB_ALLOW_PROGRAM. Returns TRACUU_OK; TRACUU_ENOTFOUND (cannot open the stub);
 * TRACUU_ECORRUPT (a bad line, a cycle, too deep, too many shards, no shard at all);
 * TRACUU_EINVAL (a program line without STUB_ALLOW_PROGRAM); TRACUU_ENOMEM. On failure
 * err (errlen bytes) holds one line naming the stub file and line. */
tracuu_status stub_read(stub_list *out, const char *path, int flags, char *err, size_t errlen);

/* The same on the text of a stub already in memory (text[0..len), not NUL-terminated):
 * `name` names it in messages and relative paths are taken from folder `dir`. */
tracuu_status stub_parse(stub_list *out, const char *text, size_t len, const char *name,
                         const char *dir, int flags, char *err, size_t errlen);

void stub_list_free(stub_list *l);

/* Write the stub file `path` listing the databases `names` (`auto NAME` lines, relative to
 * the stub's folder), after a `# comment` line when comment is not NULL. Written to
 * PATH.tmp and renamed, so a reader sees the old stub or the new one. Returns TRACUU_OK;
 * TRACUU_EINVAL (no name, more than STUB_MAX_SHARDS, a name a line cannot hold: empty,
 * control characters, starting with '#' or a space); TRACUU_EIO (with the system's reason);
 * TRACUU_ENOMEM. err as for stub_read. */
tracuu_status stub_write(const char *path, const char *comment, const char *const *names,
                         size_t n, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
