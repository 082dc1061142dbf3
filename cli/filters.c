/*
 * filters.c - the filter options of search-like commands, turned into query syntax so that
 * one parser (query/parse.c) reads both: `--commune "Mỹ Hòa"` is `commune:"Mỹ Hòa"`.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

char *
cli_query_alloc(int argc, char **argv)
{
    size_t qlen = 1;
    for (int i = 1; i < argc; i++)
        qlen += strlen(argv[i]) + 24; /* room for province:"…" and date:… */
    return calloc(qlen, 1);
}

int
cli_filter_opt(cli_ctx *ctx, int argc, char **argv, int *i, char *query)
{
    static const char *const named[] = {"commune", "district", "province", "kind", "section",
                                        "cites"};
    const char *v = NULL;
    int r;
    for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
        char opt[32];
        snprintf(opt, sizeof opt, "--%s", named[k]);
        if ((r = cli_opt_value(ctx, argc, argv, i, opt, &v)) == 0)
            continue;
        if (r < 0)
            return -1;
        if (*query)
            strcat(query, " ");
        /* document numbers have no spaces; names may */
        int quote = strcmp(named[k], "cites") != 0;
        strcat(query, named[k]);
        strcat(query, quote ? ":\"" : ":");
        strcat(query, v);
        if (quote)
            strcat(query, "\"");
        return 1;
    }
    int since = 0;
    if ((r = cli_opt_value(ctx, argc, argv, i, "--since", &v)) != 0)
        since = 1;
    else if ((r = cli_opt_value(ctx, argc, argv, i, "--until", &v)) == 0)
        return 0;
    if (r < 0)
        return -1;
    if (*query)
        strcat(query, " ");
    strcat(query, "date:");
    if (!since)
        strcat(query, "..");
    strcat(query, v);
    if (since)
        strcat(query, "..");
    return 1;
}
