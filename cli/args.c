/*
 * args.c - what every command's arguments go through before the command sees them: its
 * --help, and unknown options caught with a "did you mean". The options a command takes
 * are read from its usage line in the command table (main.c), the one place they are
 * written, so the help a user reads and the options accepted cannot drift apart.
 * The commands then read their values with cli_opt_value ("--opt VALUE" and "--opt=VALUE").
 */
#include <string.h>

#include "cli.h"

/* Levenshtein distance of a and b, both cut to 63 bytes (option and command names). */
static size_t
edit_distance(const char *a, const char *b)
{
    size_t la = strnlen(a, 63), lb = strnlen(b, 63);
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *
cli_suggest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    size_t wl = strlen(word);
    /* close enough to be a typo: 1 edit for short names, a third of the name for long */
    size_t limit = wl <= 4 ? 1 : wl / 3 + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, cands[i]);
        /* a prefix ("--lim") is a likely abbreviation too */
        if (wl >= 3 && !strncmp(cands[i], word, wl))
            d = 1;
        if (d < bestd) {
            bestd = d;
            best = cands[i];
        }
    }
    return bestd <= limit ? best : NULL;
}

size_t
cli_usage_options(const char *usage, char names[][32], int takes_value[], size_t max)
{
    size_t n = 0;
    for (const char *p = usage; p && *p && n < max; p++) {
        if (p[0] != '-' || p[1] != '-' || (p > usage && p[-1] != '[' && p[-1] != ' ' &&
                                          p[-1] != '|'))
            continue;
        size_t len = 2;
        while (p[len] == '-' || (p[len] >= 'a' && p[len] <= 'z'))
            len++;
        if (len == 2 || len >= 32) /* "--" alone ends options; it is not one */
            continue;
        memcpy(names[n], p, len);
        names[n][len] = '\0';
        /* "[--limit N]", "--text TEXT": a value follows; "[--wait[=S]]": only with '=' */
        takes_value[n] = p[len] == ' ' && p[len + 1] != '|' && p[len + 1] != '[';
        int dup = 0;
        for (size_t k = 0; k < n; k++)
            dup |= !strcmp(names[k], names[n]);
        n += !dup;
        p += len - 1;
    }
    return n;
}

int
cli_check_args(cli_ctx *ctx, const char *usage, const char *summary, int argc, char **argv)
{
    char names[48][32];
    int values[48];
    const char *cands[48];
    size_t n = cli_usage_options(usage, names, values, 48);
    for (size_t k = 0; k < n; k++)
        cands[k] = names[k];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--"))
            break;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf(_("usage: tracuu %s\n%s\n"), usage, _(summary));
            return 0;
        }
        if (a[0] != '-' || a[1] != '-')
            continue;
        size_t len = strcspn(a, "=");
        size_t k = 0;
        while (k < n && (strlen(names[k]) != len || strncmp(names[k], a, len)))
            k++;
        if (k < n) {
            i += values[k] && !a[len]; /* skip the value: it may start with "--" */
            continue;
        }
        char opt[64];
        snprintf(opt, sizeof opt, "%.*s", (int)(len < 63 ? len : 63), a);
        const char *near = cli_suggest(opt, cands, n);
        if (near)
            return cli_fail(ctx, EXIT_USAGE, _("%s: unknown option '%s'; did you mean '%s'?"),
                            argv[0], opt, near);
        return cli_fail(ctx, EXIT_USAGE, _("%s: unknown option '%s' (see `tracuu %s --help`)"),
                        argv[0], opt, argv[0]);
    }
    return -1;
}
