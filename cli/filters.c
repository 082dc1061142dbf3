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

/* A real calendar date, as the date filters take it: YYYY, YYYY-MM or YYYY-MM-DD. */
int
cli_date_ok(const char *v)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t n = strlen(v);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i == 4 || i == 7 ? v[i] != '-' : (v[i] < '0' || v[i] > '9'))
            return 0;
    int year = atoi(v);
    if (n == 4)
        return 1;
    int month = (v[5] - '0') * 10 + (v[6] - '0');
    if (month < 1 || month > 12)
        return 0;
    if (n == 7)
        return 1;
    int day = (v[8] - '0') * 10 + (v[9] - '0');
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int max = month == 2 && !leap ? 28 : days[month - 1];
    return day >= 1 && day <= max;
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
    if (!cli_date_ok(v)) {
        cli_fail(ctx, EXIT_USAGE, "%s: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                 since ? "--since" : "--until", v);
        return -1;
    }
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
