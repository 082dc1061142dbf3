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

/* The filter an option (or web argument) NAME sets: a row of tracuu_query_filters(), or
 * "date" for since/until; NULL when NAME is none. */
static const tracuu_filter *
filter_of_option(const char *name)
{
    size_t nf;
    const tracuu_filter *f = tracuu_query_filters(&nf);
    int dated = !strcmp(name, "since") || !strcmp(name, "until");
    for (size_t k = 0; k < nf; k++)
        if (dated ? !strcmp(f[k].name, "date") : f[k].option && !strcmp(f[k].option, name))
            return &f[k];
    return NULL;
}

int
cli_filter_append(char *query, size_t cap, const char *name, const char *value)
{
    /* field:"value", with quotes for names (they may have spaces), none for document
     * numbers; since/until are date:VALUE.. and date:..VALUE */
    const tracuu_filter *f = filter_of_option(name);
    if (!f)
        return -1;
    const char *open = f->quoted ? "\"" : "", *close = open;
    if (!strcmp(name, "since"))
        close = "..";
    else if (!strcmp(name, "until"))
        open = "..";
    size_t used = strlen(query);
    int n = snprintf(query + used, cap - used, "%s%s:%s%s%s", used ? " " : "", f->name, open,
                     value, close);
    if (n < 0 || (size_t)n >= cap - used) {
        query[used] = '\0';
        return -1;
    }
    return 0;
}

size_t
cli_filter_options(const char *names[CLI_FILTER_OPTIONS_MAX])
{
    size_t nf, n = 0;
    const tracuu_filter *f = tracuu_query_filters(&nf);
    for (size_t k = 0; k < nf && n + 2 < CLI_FILTER_OPTIONS_MAX; k++)
        if (f[k].option)
            names[n++] = f[k].option;
    names[n++] = "since";
    names[n++] = "until";
    return n;
}

int
cli_filter_opt(cli_ctx *ctx, int argc, char **argv, int *i, char *query)
{
    const char *names[CLI_FILTER_OPTIONS_MAX];
    size_t nn = cli_filter_options(names);
    for (size_t k = 0; k < nn; k++) {
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
