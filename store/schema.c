/*
 * schema.c - the filters of the query language, written once (as notmuch's prefix_table):
 * the parser (query/parse.c) reads their names, aliases and term prefixes from here; the
 * CLI's options (cli/filters.c) and the web page's arguments (cli/serve_api.c) read which
 * of them an option sets, through tracuu_query_filters(); the indexer writes the same
 * prefixes (schema.h).
 */
#include "schema.h"

#include "tracuu.h"

static const tracuu_filter filters[] = {
    /* name       alias       option      quoted  prefix */
    {"cites", NULL, "cites", 0, PREFIX_CITE},
    {"commune", "xã", "commune", 1, PREFIX_COMMUNE},
    {"district", "huyện", "district", 1, PREFIX_DISTRICT},
    {"province", "tỉnh", "province", 1, PREFIX_PROVINCE},
    {"year", "năm", NULL, 0, NULL},
    {"date", NULL, NULL, 0, NULL}, /* --since D and --until D are date:D.. and date:..D */
    {"kind", "loại", "kind", 1, PREFIX_KIND_OF},
    {"section", NULL, "section", 1, PREFIX_SECTION},
};

const tracuu_filter *
tracuu_query_filters(size_t *n)
{
    if (n)
        *n = sizeof filters / sizeof filters[0];
    return filters;
}
