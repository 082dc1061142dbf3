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
        if (val) {
            cli_print_label(_(place[i][1]));
            printf("%s\n", val);
        }
    }
    const char *kind = json_string_value(json_object_get(o, "kind"));
    if (kind) {
        cli_print_label(_("kind:"));
        printf("%s\n", cli_display_name(kind));
    }
    json_t *sec = json_object_get(o, "sections");
    if (json_object_size(sec)) {
        const char *k;
        json_t *v;
        cli_print_label(_("sections:"));
        json_object_foreach(sec, k, v)
            printf("%s %lld; ", cli_display_name(k), (long long)json_integer_value(v));
        printf("\n");
    }
}

static void
text_show(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    const char *k;
    json_t *v;
    cli_print_label(_("path:"));
    printf("%s\n", json_string_value(json_object_get(o, "path")));
    cli_print_label(_("dockey:"));
    printf("%s\n", json_string_value(json_object_get(o, "dockey")));
    const char *title = json_string_value(json_object_get(o, "title"));
    cli_print_label(_("title:"));
    printf("%s\n", title ? title : _("(none)"));
    cli_print_label(_("encoding:"));
    printf("%s\n", json_string_value(json_object_get(o, "encoding")));
    cli_print_label(_("size:"));
    printf(_("%lld bytes\n"), (long long)json_integer_value(json_object_get(o, "size")));
    cli_print_label(_("passages:"));
    printf("%lld\n", (long long)json_integer_value(json_object_get(o, "passages")));
    /* what the header block and the container say, when they say it */
    static const char *const extra[][2] = {{"number", N_("number:")},
                                           {"date", N_("date:")},
                                           {"author", N_("author:")},
                                           {"document_created", N_("created:")},
                                           {"document_modified", N_("modified:")}};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        char dd[11];
        const char *val = json_string_value(json_object_get(o, extra[i][0]));
        if (i == 1)
            val = cli_display_date(val, dd);
        const char *from = i == 1 ? json_string_value(json_object_get(o, "date_from")) : NULL;
        if (!val && i != 1)
            continue;
        cli_print_label(_(extra[i][1]));
        if (!val) /* a date the document does not give is unknown, and said so */
            printf("%s\n", _("unknown"));
        else if (from)
            printf(_("%s (from %s)\n"), val, from);
        else
            printf("%s\n", val);
    }
    place_lines(o);
    if (json_integer_value(json_object_get(o, "pages"))) {
        cli_print_label(_("pages:"));
        printf("%lld%s\n", (long long)json_integer_value(json_object_get(o, "pages")),
               json_integer_value(json_object_get(o, "ocr_pages")) ? _(" (some read by OCR)") : "");
    }
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
