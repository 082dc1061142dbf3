/*
 * cmd_refs.c - `tracuu refs DOC`: what a report cites, with registry titles, whether each
 * was still in force at the report's date, and how many other reports cite it.
 */
#include "cli.h"

static void
text_refs(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    json_t *refs = json_object_get(o, "refs"), *r;
    size_t i;
    char dd[11], rd[11];
    const char *date = cli_display_date(json_string_value(json_object_get(o, "date")), dd);
    printf(_("%s [%s]: cites %zu documents\n"), json_string_value(json_object_get(o, "path")),
           date ? date : _("no date"), json_array_size(refs));
    json_array_foreach(refs, i, r) {
        json_t *reg = json_object_get(r, "registry");
        const char *title = json_string_value(json_object_get(reg, "title"));
        printf(_("%-22s %-14s cited by %lld others%s\n"), json_string_value(json_object_get(r, "id")),
               json_string_value(json_object_get(r, "resolved")),
               (long long)json_integer_value(json_object_get(r, "cited_by_others")),
               json_is_false(json_object_get(r, "valid")) ? _("  REPLACED") : "");
        if (title)
            printf("    %s\n", title);
        const char *arch = json_string_value(json_object_get(r, "in_archive"));
        if (arch)
            printf("    in the archive: %s\n", arch);
        json_t *rb = json_object_get(r, "replaced_by");
        if (rb)
            printf(_("    replaced by %s on %s, before this report\n"),
                   json_string_value(json_object_get(rb, "id")),
                   cli_display_date(json_string_value(json_object_get(rb, "date")), rd));
    }
}

int
cmd_refs(cli_ctx *ctx, int argc, char **argv)
{
    return cli_doc_command(ctx, argc, argv, tracuu_refs_list, text_refs);
}
