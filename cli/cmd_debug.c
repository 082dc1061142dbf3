/*
 * cmd_debug.c - developer views of the pipeline (mu's parse-query idea):
 *   tracuu debug tokens FILE|-   decoded, normalized text as tokens with both forms
 *   tracuu debug query QUERY...  the Xapian query a search would run
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
text_tokens(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    size_t i;
    json_t *t;
    printf(_("# %s (%s)\n# start-end\ttext\texact\tfolded\tkind\n"),
           json_string_value(json_object_get(o, "path")),
           json_string_value(json_object_get(o, "encoding")));
    json_array_foreach(json_object_get(o, "tokens"), i, t) {
        printf("%lld-%lld\t%s\t%s\t%s\t%s%s\n",
               (long long)json_integer_value(json_object_get(t, "start")),
               (long long)json_integer_value(json_object_get(t, "end")),
               json_string_value(json_object_get(t, "text")),
               json_string_value(json_object_get(t, "exact")),
               json_string_value(json_object_get(t, "folded")),
               json_string_value(json_object_get(t, "kind")),
               json_is_true(json_object_get(t, "glued")) ? ",glued" : "");
    }
}

static int
debug_tokens(cli_ctx *ctx, int argc, char **argv)
{
    const char *path = NULL, *used = NULL;
    char *norm = NULL;
    size_t nlen = 0;
    tracuu_tokens *toks = NULL;
    int rc = cli_read_file_args(ctx, argc, argv, "debug tokens", &norm, &nlen, &used, &path);
    if (rc != 0)
        return rc;
    tracuu_status st = tracuu_tokens_new(&toks, norm, nlen);
    if (st != TRACUU_OK) {
        rc = cli_fail_status(ctx, st, _("analysing text"));
        goto done;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < tracuu_tokens_count(toks); i++) {
        const tracuu_token *t = tracuu_tokens_get(toks, i);
        json_array_append_new(
            arr, json_pack("{s:I, s:I, s:s%, s:s, s:s, s:s, s:b}", "start", (json_int_t)t->start,
                           "end", (json_int_t)t->end, "text", norm + t->start,
                           t->end - t->start, "exact", t->exact, "folded", t->folded, "kind",
                           t->kind, "glued", t->glued));
    }
    rc = cli_emit(ctx,
                  json_pack("{s:s, s:s, s:o}", "path", path, "encoding", used, "tokens", arr),
                  text_tokens);
done:
    free(norm);
    tracuu_tokens_free(toks);
    return rc;
}

static void
text_query(cli_ctx *ctx, json_t *o)
{
    (void)ctx;
    printf("%s\n", json_string_value(json_object_get(o, "xapian")));
}

static int
debug_query(cli_ctx *ctx, int argc, char **argv)
{
    size_t n = 1;
    for (int i = 1; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *q = calloc(n, 1);
    if (!q)
        return cli_fail(ctx, EXIT_INTERNAL, _("out of memory"));
    for (int i = 1; i < argc; i++) {
        if (*q)
            strcat(q, " ");
        strcat(q, argv[i]);
    }
    char *desc = NULL;
    tracuu_status st = tracuu_query_describe(&desc, q);
    int rc;
    if (st != TRACUU_OK) {
        char *why = NULL;
        tracuu_query_check(&why, q);
        rc = cli_fail_status(ctx, st, why ? why : *q ? _("query has no searchable words") : _("empty query"));
        free(why);
    }
    else
        rc = cli_emit(ctx, json_pack("{s:s, s:s}", "query", q, "xapian", desc), text_query);
    free(desc);
    free(q);
    return rc;
}

int
cmd_debug(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return cli_fail(ctx, EXIT_USAGE, _("debug: tokens FILE|- or query QUERY..."));
    if (strcmp(argv[1], "tokens") == 0)
        return debug_tokens(ctx, argc - 1, argv + 1);
    if (strcmp(argv[1], "query") == 0)
        return debug_query(ctx, argc - 1, argv + 1);
    return cli_fail(ctx, EXIT_USAGE, _("debug: unknown view '%s' (tokens, query)"), argv[1]);
}
