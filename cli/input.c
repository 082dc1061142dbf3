/*
 * input.c - reading a file or standard input for the commands that analyse one file
 * without an index (debug tokens, citations): read, then the indexer's own extraction
 * (tracuu_file_text: format by name, decode, HTML/Markdown/Office/PDF text, normalize), so
 * these commands see what `index` sees.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define INPUT_MAX ((size_t)64 << 20)

static char *
slurp(FILE *f, size_t *len, int *too_big)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    *too_big = 0;
    while (buf) {
        if (n == cap) {
            if (cap >= INPUT_MAX) {
                *too_big = 1;
                free(buf);
                return NULL;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    *len = n;
    return buf;
}

int
cli_read_text(cli_ctx *ctx, const char *path, const char *encoding, char **norm, size_t *nlen,
              const char **used)
{
    *norm = NULL;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return cli_fail(ctx, EXIT_INPUT, _("%s: cannot open: %s"), path, strerror(errno));
    size_t len = 0;
    int too_big = 0;
    char *raw = slurp(f, &len, &too_big);
    if (f != stdin)
        fclose(f);
    if (!raw)
        return too_big ? cli_fail(ctx, EXIT_INPUT, _("%s: larger than %zu bytes"), path, INPUT_MAX)
                       : cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    char *msg = NULL;
    int rc = 0;
    /* One file per command: the name of what was read can live in a static buffer. */
    static char usedbuf[64];
    *used = usedbuf;
    tracuu_status st = tracuu_file_text(norm, nlen, usedbuf, sizeof usedbuf,
                                        strcmp(path, "-") ? path : NULL, raw, len, encoding,
                                        &msg);
    if (st == TRACUU_ENOMEM)
        rc = cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    else if (st != TRACUU_OK)
        rc = cli_fail(ctx, st == TRACUU_EINVAL ? EXIT_USAGE : EXIT_INPUT, "%s: %s", path,
                      msg ? msg : tracuu_status_str(st));
    free(raw);
    free(msg);
    return rc;
}

int
cli_read_file_args(cli_ctx *ctx, int argc, char **argv, const char *cmd, char **norm,
                   size_t *nlen, const char **used, const char **path)
{
    const char *encoding = NULL;
    *path = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_opt_value(ctx, argc, argv, &i, "--encoding", &encoding);
        if (r < 0)
            return EXIT_USAGE;
        if (r == 0) {
            if (*path)
                return cli_fail(ctx, EXIT_USAGE, _("%s: one FILE only"), cmd);
            *path = argv[i];
        }
    }
    if (!*path)
        return cli_fail(ctx, EXIT_USAGE, _("%s: give a FILE, or - for standard input"), cmd);
    return cli_read_text(ctx, *path, encoding, norm, nlen, used);
}
