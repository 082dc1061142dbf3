/*
 * cmd_show.c - `tracuu show DOC`: what the index holds about one document, including the
 * encoding it was decoded from and the abbreviations it defines.
 */
#include "cli.h"

static void
text_show(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    const char *k;
    json_t *v;
    printf("path:      %s\n", json_string_value(json_object_get(o, "path")));
    printf("dockey:    %s\n", json_string_value(json_object_get(o, "dockey")));
    const char *title = json_string_value(json_object_get(o, "title"));
    printf("title:     %s\n", title ? title : "(none)");
    printf("encoding:  %s\n", json_string_value(json_object_get(o, "encoding")));
    printf("size:      %lld bytes\n", (long long)json_integer_value(json_object_get(o, "size")));
    printf("passages:  %lld\n", (long long)json_integer_value(json_object_get(o, "passages")));
    /* what the header block and the container say, when they say it */
    static const char *const extra[][2] = {{"number", "number:"},
                                           {"date", "date:"},
                                           {"author", "author:"},
                                           {"document_created", "created:"},
                                           {"document_modified", "modified:"}};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        const char *val = json_string_value(json_object_get(o, extra[i][0]));
        const char *from = i == 1 ? json_string_value(json_object_get(o, "date_from")) : NULL;
        if (val)
            printf("%-10s %s%s%s%s\n", extra[i][1], val, from ? " (from " : "", from ? from : "",
                   from ? ")" : "");
        else if (i == 1)
            printf("%-10s unknown\n", extra[i][1]);
    }
    if (json_integer_value(json_object_get(o, "pages")))
        printf("pages:     %lld%s\n", (long long)json_integer_value(json_object_get(o, "pages")),
               json_integer_value(json_object_get(o, "ocr_pages")) ? " (some read by OCR)" : "");
    json_t *ab = json_object_get(o, "abbreviations");
    if (json_object_size(ab)) {
        printf("abbreviations:\n");
        json_object_foreach(ab, k, v)
            printf("  %s = %s\n", k, json_string_value(v));
    }
}

int
cmd_show(cli_ctx *ctx, int argc, char **argv)
{
    return cli_doc_command(ctx, argc, argv, tracuu_document_get, text_show);
}
