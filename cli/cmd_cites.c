/*
 * cmd_cites.c - `tracuu cites ID [--commune NAME] [--since DATE] [--until DATE] [--stats]`:
 * the reports that cite a document, newest first, with the passages that cite it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
text_cites(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    json_t *docs = json_object_get(o, "documents"), *d, *p;
    size_t i, k;
    const char *title = json_string_value(json_object_get(o, "title"));
    printf(_("%s%s%s: cited by %zu documents\n"), json_string_value(json_object_get(o, "id")),
           title ? " " : "", title ? title : "", json_array_size(docs));
    const char *arch = json_string_value(json_object_get(o, "in_archive"));
    if (arch)
        printf(_("in the archive: %s\n"), arch);
    json_t *vs = json_object_get(o, "versions"), *ver;
    if (vs) {
        printf(_("%s names %zu documents; listed: the citers of each and the ambiguous ones\n"),
               json_string_value(json_object_get(o, "id")), json_array_size(vs));
        json_array_foreach(vs, i, ver) {
            const char *vd = json_string_value(json_object_get(ver, "date"));
            const char *vt = json_string_value(json_object_get(ver, "title"));
            printf("  %-18s %s  %lld documents  %s\n", json_string_value(json_object_get(ver, "id")),
                   vd ? vd : "?", (long long)json_integer_value(json_object_get(ver, "documents")),
                   vt ? vt : "");
        }
    }
    json_array_foreach(docs, i, d) {
        char dd[11];
        const char *date = cli_display_date(json_string_value(json_object_get(d, "date")), dd);
        const char *com = json_string_value(json_object_get(d, "commune"));
        json_t *as = json_object_get(d, "cited_as"), *a;
        printf("\n%s  [%s, %s]", json_string_value(json_object_get(d, "path")),
               date ? date : _("no date"), com ? com : "?");
        json_array_foreach(as, k, a) {
            printf("%s%s", k ? ", " : _("  as "), json_string_value(a));
        }
        printf("%s\n", json_object_get(d, "resolved") ? _(" (ambiguous)") : "");
        json_array_foreach(json_object_get(d, "passages"), k, p) {
            printf("  #%lld  %s\n", (long long)json_integer_value(json_object_get(p, "passage")),
                   json_string_value(json_object_get(p, "text")));
            cli_print_place(p);
        }
    }
    json_t *stats = json_object_get(o, "stats");
    if (stats) {
        const char *key;
        json_t *v;
        printf(_("\nby commune:\n"));
        json_object_foreach(json_object_get(stats, "by_commune"), key, v)
            printf("  %6lld  %s\n", (long long)json_integer_value(v), key);
        printf(_("by year:\n"));
        json_object_foreach(json_object_get(stats, "by_year"), key, v)
            printf("  %6lld  %s\n", (long long)json_integer_value(v), key);
    }
}

int
cmd_cites(cli_ctx *ctx, int argc, char **argv)
{
    const char *id = NULL, *commune = NULL, *since = NULL, *until = NULL;
    int stats = 0;
    for (int i = 1; i < argc; i++) {
        int r;
        if ((r = cli_opt_value(ctx, argc, argv, &i, "--commune", &commune)) ||
            (r = cli_opt_value(ctx, argc, argv, &i, "--since", &since)) ||
            (r = cli_opt_value(ctx, argc, argv, &i, "--until", &until))) {
            if (r < 0)
                return EXIT_USAGE;
        } else if (!strcmp(argv[i], "--stats")) {
            stats = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_fail(ctx, EXIT_USAGE, _("cites: unknown option '%s'"), argv[i]);
        } else if (id) {
            return cli_fail(ctx, EXIT_USAGE, _("cites: one ID only"));
        } else {
            id = argv[i];
        }
    }
    if (!id)
        return cli_fail(ctx, EXIT_USAGE, _("cites: give a document number, e.g. 25-NQ/TW"));
    char since_iso[11], until_iso[11];
    if (since && cli_date_arg(ctx, "cites: --since", since, since_iso) != 0)
        return EXIT_USAGE;
    if (until && cli_date_arg(ctx, "cites: --until", until, until_iso) != 0)
        return EXIT_USAGE;
    since = since ? since_iso : NULL;
    until = until ? until_iso : NULL;
    tracuu_index *ix = NULL;
    int rc = cli_open_index(ctx, TRACUU_MODE_READ, &ix);
    if (rc != 0)
        return rc;
    char *js = NULL;
    tracuu_status st = tracuu_cites_list(&js, ix, id, commune, since, until, stats);
    rc = cli_emit_answer(ctx, ix, st, js, text_cites);
    cli_close_index(ctx, ix);
    return rc;
}
