/*
 * cmd_show.c - `tracuu show DOC`: what the index holds about one document, including the
 * encoding it was decoded from and the abbreviations it defines.
 */
#include "cli.h"

/* Where the report is from, its kind and its sections, by their display names. */
static void
place_lines(json_t *o)
{
    static const char *const place[][2] = {{"commune", N_("commune:")},
                                           {"district", N_("district:")},
                                           {"province", N_("province:")}};
    for (size_t i = 0; i < sizeof place / sizeof *place; i++) {
        const char *val = json_string_value(json_object_get(o, place[i][0]));
        if (val)
            printf("%-10s %s\n", _(place[i][1]), val);
    }
    const char *kind = json_string_value(json_object_get(o, "kind"));
    if (kind)
        printf("%-10s %s\n", _("kind:"), cli_display_name(kind));
    json_t *sec = json_object_get(o, "sections");
    if (json_object_size(sec)) {
        const char *k;
        json_t *v;
        printf("%-10s", _("sections:"));
        json_object_foreach(sec, k, v)
            printf(" %s %lld;", cli_display_name(k), (long long)json_integer_value(v));
        printf("\n");
    }
}

static void
text_show(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    const char *k;
    json_t *v;
    printf(_("path:      %s\n"), json_string_value(json_object_get(o, "path")));
    printf(_("dockey:    %s\n"), json_string_value(json_object_get(o, "dockey")));
    const char *title = json_string_value(json_object_get(o, "title"));
    printf(_("title:     %s\n"), title ? title : _("(none)"));
    printf(_("encoding:  %s\n"), json_string_value(json_object_get(o, "encoding")));
    printf(_("size:      %lld bytes\n"), (long long)json_integer_value(json_object_get(o, "size")));
    printf(_("passages:  %lld\n"), (long long)json_integer_value(json_object_get(o, "passages")));
    /* what the header block and the container say, when they say it */
    static const char *const extra[][2] = {{"number", N_("number:")},
                                           {"date", N_("date:")},
                                           {"author", N_("author:")},
                                           {"document_created", N_("created:")},
                                           {"document_modified", N_("modified:")}};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        const char *val = json_string_value(json_object_get(o, extra[i][0]));
        const char *from = i == 1 ? json_string_value(json_object_get(o, "date_from")) : NULL;
        if (val && from)
            printf(_("%-10s %s (from %s)\n"), _(extra[i][1]), val, from);
        else if (val)
            printf("%-10s %s\n", _(extra[i][1]), val);
    }
    place_lines(o);
    if (json_integer_value(json_object_get(o, "pages")))
        printf(_("pages:     %lld%s\n"), (long long)json_integer_value(json_object_get(o, "pages")),
               json_integer_value(json_object_get(o, "ocr_pages")) ? _(" (some read by OCR)") : "");
    json_t *ab = json_object_get(o, "abbreviations");
    if (json_object_size(ab)) {
        printf(_("abbreviations:\n"));
        json_object_foreach(ab, k, v)
            printf("  %s = %s\n", k, json_string_value(v));
    }
}

int
cmd_show(cli_ctx *ctx, int argc, char **argv)
{
    return cli_doc_command(ctx, argc, argv, tracuu_document_get, text_show);
}
