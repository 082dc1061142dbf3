/*
 * helper.h - running untrusted work in a child process with a time and memory limit.
 *
 * Readers of old or complex formats (catdoc for .doc, unrtf for .rtf, poppler for PDF) are
 * large C/C++ parsers that hostile or damaged files have crashed or hung before. As Recoll
 * and Omega do, each runs in its own process: a crash, a hang or a runaway allocation costs
 * that one file (a clear error), never the indexing run. The child gets the input on its
 * standard input, its standard output is the result (bounded), its standard error's first
 * line is the reason when it fails; it is killed (its whole process group) at the deadline.
 */
#ifndef TRACUU_INDEXER_HELPER_H
#define TRACUU_INDEXER_HELPER_H

#include <stddef.h>

#include "buf.h"

typedef struct helper_limits {
    double seconds;     /* wall-clock deadline; the child is killed after it */
    size_t memory;      /* address space the child may add, in bytes; 0: no limit */
    size_t max_output;  /* bytes of standard output accepted */
} helper_limits;

/* Defaults: 60 s, 1 GiB, 256 MiB of output. TRACUU_HELPER_TIMEOUT (seconds) overrides the
 * deadline (the tests use it to make a hang quick to observe). */
helper_limits helper_default_limits(void);

/* Run the program argv[0] (looked up in PATH) with argv, in[0..n) on its standard input, and
 * its standard output appended to out. On failure err names why: not installed, timed out,
 * killed by a signal, out of memory, too much output, or its exit status and first line of
 * standard error. Returns TRACUU_OK, TRACUU_EIO (the helper failed), TRACUU_ETOOBIG,
 * TRACUU_ENOMEM. */
tracuu_status helper_run(const char *const *argv, const char *in, size_t n,
                         const helper_limits *lim, text_buf *out, char *err, size_t errsz);

/* The same, but the child is a fork of this process running fn(ctx, in, n), which writes
 * its result to standard output (fd 1) and returns the exit status (0: success). Nothing
 * fn allocates or corrupts reaches the caller. `what` names the work in messages. When fn
 * fails with a line on standard error, that line is err and TRACUU_EENCODING the status
 * (the input is at fault); crashes, deadlines and limits are as for helper_run. */
tracuu_status helper_call(int (*fn)(void *ctx, const char *in, size_t n), void *ctx,
                          const char *what, const char *in, size_t n, const helper_limits *lim,
                          text_buf *out, char *err, size_t errsz);

/* 1 when the program is on PATH. */
int helper_available(const char *program);

#endif
