/*
 * testutil.h - helpers shared by the test programs: temporary folders, writing files,
 * running the suite. Uses only the C library and tracuu.h.
 */
#ifndef TRACUU_TESTUTIL_H
#define TRACUU_TESTUTIL_H

#include <check.h>
#include <stddef.h>

/* A fresh temporary folder (owned, free()); removed by tu_rmrf. */
char *tu_tmpdir(void);
/* Remove a tree (best effort). */
void tu_rmrf(const char *path);
/* Write bytes to dir/name, creating parent folders; returns the full path (owned). */
char *tu_write(const char *dir, const char *name, const void *data, size_t len);
char *tu_write_str(const char *dir, const char *name, const char *text);
/* Read a whole file (owned, NUL-terminated) or NULL. */
char *tu_read(const char *path, size_t *len);
/* Run a suite with CK_ENV verbosity; returns the process exit status. */
int tu_run(Suite *s);
/* Decode the escapes \n \t \r \\ and \uXXXX of a test table cell, in place. */
void tu_unescape(char *s);
/* getenv or a default */
const char *tu_env(const char *name, const char *def);

/* Seconds on a monotonic clock. */
double tu_now(void);
/* A loopback port nobody listens on now (the kernel's pick for port 0). */
int tu_free_port(void);
/* Does 127.0.0.1:port accept a connection? */
int tu_accepts(int port);

/* What a run of the tracuu program gave: exit code (128 + signal when killed), standard
 * output and error (owned). */
typedef struct tu_result {
    int code;
    char *out, *err;
} tu_result;

void tu_result_free(tu_result *r);

/* Run $TRACUU_BIN with the NULL-terminated arguments; env is "NAME=VALUE" or NULL; its
 * output goes through files in dir. */
tu_result tu_tracuu(const char *dir, const char *env, ...);

#endif
