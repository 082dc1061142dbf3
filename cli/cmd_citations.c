/*
 * cmd_citations.c - `tracuu citations FILE|-`: the document numbers a file cites, found by
 * the same extractor the indexer uses in the text the indexer reads (cli_read_text: an
 * HTML page's scripts are not its text), without an index.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
text_citations(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    size_t i;
    json_t *c;
    json_t *arr = json_object_get(o, "citations");
    printf(_("# %s (%s): %zu citations\n# start-end\tid\tresolved\ttext\n"),
           json_string_value(json_object_get(o, "path")),
           json_string_value(json_object_get(o, "encoding")), json_array_size(arr));
    json_array_foreach(arr, i, c) {
        printf("%lld-%lld\t%s\t%s\t%s\n", (long long)json_integer_value(json_object_get(c, "start")),
               (long long)json_integer_value(json_object_get(c, "end")),
               json_string_value(json_object_get(c, "id")),
               json_string_value(json_object_get(c, "resolved")),
               json_string_value(json_object_get(c, "text")));
    }
}

int
cmd_citations(cli_ctx *ctx, int argc, char **argv)
{
    const char *path = NULL, *used = NULL;
    char *norm = NULL;
    size_t nlen = 0;
    int rc = cli_read_file_args(ctx, argc, argv, "citations", &norm, &nlen, &used, &path);
    if (rc != 0)
        return rc;
    tracuu_citations *cs = NULL;
    tracuu_status st = tracuu_citations_extract(&cs, norm, nlen, NULL);
    if (st != TRACUU_OK) {
        free(norm);
        return cli_fail_status(ctx, st, _("finding citations"));
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < tracuu_citations_count(cs); i++) {
        const tracuu_citation *c = tracuu_citations_get(cs, i);
        json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:s}", "id", c->id, "text", c->text,
                              "start", (json_int_t)c->start, "end", (json_int_t)c->end,
                              "resolved", c->resolved);
        if (c->title)
            json_object_set_new(o, "title", json_string(c->title));
        json_array_append_new(arr, o);
    }
    tracuu_citations_free(cs);
    free(norm);
    return cli_emit(ctx,
                    json_pack("{s:s, s:s, s:o}", "path", path, "encoding", used, "citations",
                              arr),
                    text_citations);
}
