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
cli_date_arg(cli_ctx *ctx, const char *opt, const char *v, char iso[11])
{
    if (tracuu_date_parse(v, iso))
        return 0;
    return cli_fail(ctx, EXIT_USAGE,
                    _("%s: '%s' is not a date (2019, 2019-05, 2019-05-20, 20/5/2019 or 5/2019)"),
                    opt, v);
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
        char iso[11];
        if (!strcmp(names[k], "since") || !strcmp(names[k], "until")) {
            if (cli_date_arg(ctx, opt, v, iso) != 0)
                return -1;
            v = iso; /* the ISO form is never longer than what was typed */
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
