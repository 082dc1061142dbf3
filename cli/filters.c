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
cli_filter_append(char *query, size_t cap, const char *name, const char *value)
{
    static const char *const named[] = {"commune", "district", "province", "kind", "section",
                                        "cites"};
    /* field:"value", with quotes for names (they may have spaces), none for document
     * numbers; since/until are date:VALUE.. and date:..VALUE */
    const char *field = NULL, *open = "", *close = "";
    for (size_t k = 0; k < sizeof named / sizeof *named; k++)
        if (!strcmp(name, named[k])) {
            field = named[k];
            open = close = strcmp(name, "cites") ? "\"" : "";
        }
    if (!strcmp(name, "since")) {
        field = "date";
        close = "..";
    } else if (!strcmp(name, "until")) {
        field = "date";
        open = "..";
    }
    if (!field)
        return -1;
    size_t used = strlen(query);
    int n = snprintf(query + used, cap - used, "%s%s:%s%s%s", used ? " " : "", field, open,
                     value, close);
    if (n < 0 || (size_t)n >= cap - used) {
        query[used] = '\0';
        return -1;
    }
    return 0;
}

int
cli_filter_opt(cli_ctx *ctx, int argc, char **argv, int *i, char *query)
{
    static const char *const names[] = {"commune", "district", "province", "kind", "section",
                                        "cites",   "since",    "until"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        char opt[32];
        const char *v = NULL;
        snprintf(opt, sizeof opt, "--%s", names[k]);
        int r = cli_opt_value(ctx, argc, argv, i, opt, &v);
        if (r == 0)
            continue;
        if (r < 0)
            return -1;
        if ((!strcmp(names[k], "since") || !strcmp(names[k], "until")) && !cli_date_ok(v)) {
            cli_fail(ctx, EXIT_USAGE, "%s: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                     opt, v);
            return -1;
        }
        /* cli_query_alloc left room for every argument with its field name */
        cli_filter_append(query, strlen(query) + strlen(v) + 24, names[k], v);
        return 1;
    }
    return 0;
}

char *
cli_recurring_filter(const char *filter, int has_section)
{
    size_t cap = strlen(filter) + 32;
    char *f = malloc(cap);
    if (!f)
        return NULL;
    snprintf(f, cap, "%s", filter);
    /* Limitations by default: what recurs across communes is mostly shortcomings. */
    if (!has_section)
        cli_filter_append(f, cap, "section", "limitation");
    return f;
}
