/*
 * serve_doc.c - the Văn bản page (/van-ban?doc=PATH_OR_DOCKEY: a document's record, what
 * it cites and how often others cite those, its passages with their sections) and /tep
 * (the original file, sent only after the index names it: a request path never reaches the
 * file system).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve.h"

#define DOC_MAX_PASSAGES 2000u   /* shown at most */
#define FILE_MAX_BYTES (1024ull * 1024u * 1024u)

/* The document's passages (tracuu_document_passages), at most DOC_MAX_PASSAGES. */
static json_t *
doc_passages(serve_req *r, json_t *doc)
{
    const char *path = json_string_value(json_object_get(doc, "path"));
    char *js = NULL;
    json_t *list = NULL;
    if (path && tracuu_document_passages(&js, r->ix, path) == TRACUU_OK) {
        json_t *o = json_loads(js, 0, NULL);
        list = json_incref(json_object_get(o, "passages"));
        json_decref(o);
    }
    free(js);
    if (!list)
        return json_array();
    while (json_array_size(list) > DOC_MAX_PASSAGES)
        json_array_remove(list, json_array_size(list) - 1);
    return list;
}

static void
row(serve_req *r, const char *label, const char *value)
{
    if (!value)
        return;
    sb_puts(&r->body, "<tr><th>");
    sb_html(&r->body, label);
    sb_puts(&r->body, "</th><td>");
    sb_html(&r->body, value);
    sb_puts(&r->body, "</td></tr>\n");
}

static void
put_refs(serve_req *r, const char *path)
{
    const serve_text *t = r->t;
    char *js = NULL;
    if (tracuu_refs_list(&js, r->ix, path) != TRACUU_OK) {
        free(js);
        return;
    }
    json_t *o = json_loads(js, 0, NULL);
    free(js);
    json_t *refs = json_object_get(o, "refs"), *ref;
    size_t i;
    if (json_array_size(refs)) {
        sb_puts(&r->body, "<h2>");
        sb_html(&r->body, t->its_refs);
        sb_puts(&r->body, "</h2>\n<ul class=\"refs\">\n");
    }
    json_array_foreach(refs, i, ref) {
        const char *id = json_string_value(json_object_get(ref, "id"));
        const char *title = json_string_value(json_object_get(json_object_get(ref, "registry"), "title"));
        sb_puts(&r->body, "<li>");
        put_link(r, "/trich-dan", "id", id, id);
        if (title) {
            sb_puts(&r->body, " ");
            sb_html(&r->body, title);
        }
        sb_puts(&r->body, " <span class=\"meta\">(");
        sb_html(&r->body, t->cited_pre);
        sb_printf(&r->body, "%lld", (long long)json_integer_value(json_object_get(ref, "cited_by_others")));
        sb_html(&r->body, t->cited_post);
        sb_puts(&r->body, ")</span>");
        if (json_is_false(json_object_get(ref, "valid"))) {
            sb_puts(&r->body, " <span class=\"replaced\">");
            sb_html(&r->body, t->replaced);
            sb_puts(&r->body, "</span>");
        }
        sb_puts(&r->body, "</li>\n");
    }
    if (json_array_size(refs))
        sb_puts(&r->body, "</ul>\n");
    json_decref(o);
}

static void
put_passages(serve_req *r, json_t *doc, json_t *list)
{
    const serve_text *t = r->t;
    const char *path = json_string_value(json_object_get(doc, "path"));
    sb_puts(&r->body, "<h2>");
    sb_html(&r->body, t->passages);
    sb_puts(&r->body, "</h2>\n<ol class=\"passages\">\n");
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        sb_printf(&r->body, "<li id=\"p%zu\">", i + 1);
        const char *section = json_string_value(json_object_get(p, "section"));
        if (section && strcmp(section, "other")) {
            sb_puts(&r->body, "<span class=\"label\">");
            sb_html(&r->body, label_section(t, section));
            sb_puts(&r->body, "</span><br>");
        }
        sb_html(&r->body, json_string_value(json_object_get(p, "text")));
        sb_puts(&r->body, "<div class=\"cites\">");
        size_t k;
        json_t *c;
        json_array_foreach(json_object_get(p, "cites"), k, c) {
            put_link(r, "/trich-dan", "id", json_string_value(c), json_string_value(c));
            sb_puts(&r->body, " ");
        }
        size_t n = strlen(path ? path : "") + 24;
        char *ref = malloc(n);
        if (ref) {
            snprintf(ref, n, "%s#%zu", path ? path : "", i + 1);
            put_link(r, "/tuong-tu", "ref", ref, t->similar_link);
            free(ref);
        }
        sb_puts(&r->body, "</div></li>\n");
    }
    sb_puts(&r->body, "</ol>\n");
}

/* The record of the document the request's doc= names (path or dockey), as
 * tracuu_document_get gives it (owned); NULL after answering the failure (no doc=: 400, not
 * in the index: 404). The Văn bản page and the original file start alike. */
static json_t *
doc_record(serve_req *r)
{
    const char *arg = serve_arg(r, "doc");
    if (!arg) {
        serve_fail(r, TRACUU_EINVAL, "give doc=PATH or a 16-digit dockey");
        return NULL;
    }
    if (serve_open(r) != 0)
        return NULL;
    char *js = NULL;
    tracuu_status st = tracuu_document_get(&js, r->ix, arg);
    return serve_answer(r, st, js);
}

void
page_doc(serve_req *r)
{
    const serve_text *t = r->t;
    json_t *list = NULL;
    json_t *doc = doc_record(r);
    if (!doc)
        return;
    const char *title = json_string_value(json_object_get(doc, "title"));
    const char *path = json_string_value(json_object_get(doc, "path"));
    page_begin(r, title ? title : t->doc, NULL);
    sb_puts(&r->body, "<p class=\"label\">");
    sb_html(&r->body, t->doc);
    sb_puts(&r->body, "</p>\n<h1>");
    sb_html(&r->body, title ? title : t->no_title);
    sb_puts(&r->body, "</h1>\n<table>\n");
    /* its own number: who cites this report */
    const char *number = json_string_value(json_object_get(doc, "number"));
    if (number) {
        sb_puts(&r->body, "<tr><th>");
        sb_html(&r->body, t->number);
        sb_puts(&r->body, "</th><td>");
        put_link(r, "/trich-dan", "id", number, number);
        sb_puts(&r->body, "</td></tr>\n");
    }
    row(r, t->date, json_string_value(json_object_get(doc, "date")));
    row(r, t->commune, json_string_value(json_object_get(doc, "commune")));
    row(r, t->district, json_string_value(json_object_get(doc, "district")));
    row(r, t->province, json_string_value(json_object_get(doc, "province")));
    const char *kind = json_string_value(json_object_get(doc, "kind"));
    row(r, t->kind, kind ? label_kind(t, kind) : NULL);
    row(r, t->encoding, json_string_value(json_object_get(doc, "encoding")));
    char size[32];
    snprintf(size, sizeof size, "%lld B", (long long)json_integer_value(json_object_get(doc, "size")));
    row(r, t->size, size);
    row(r, t->path, path);
    row(r, "dockey", json_string_value(json_object_get(doc, "dockey")));
    sb_puts(&r->body, "</table>\n<p>");
    put_link(r, "/tep", "doc", json_string_value(json_object_get(doc, "dockey")), t->original);
    sb_puts(&r->body, "</p>\n");
    if (path)
        put_refs(r, path);
    list = doc_passages(r, doc);
    put_passages(r, doc, list);
    page_end(r);
    json_decref(list);
    json_decref(doc);
}

static const char *
file_type(const char *path)
{
    static const char *const types[][2] = {
        {".pdf", "application/pdf"},
        {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {".odt", "application/vnd.oasis.opendocument.text"},
        {".doc", "application/msword"},
        {".rtf", "application/rtf"},
        {".txt", "text/plain"}};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        size_t k = strlen(types[i][0]);
        if (n > k && !strcasecmp(path + n - k, types[i][0]))
            return types[i][1];
    }
    /* HTML from the folders is never shown as a page of this site */
    return "application/octet-stream";
}

void
page_file(serve_req *r)
{
    int fd = -1;
    json_t *doc = doc_record(r);
    if (!doc)
        return;
    /* the path the index holds for an indexed document, never one taken from the request */
    const char *path = json_string_value(json_object_get(doc, "path"));
    struct stat sb;
    fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
        (unsigned long long)sb.st_size > FILE_MAX_BYTES) {
        serve_fail_http(r, 404, "not found", "the original file is no longer readable");
        goto done;
    }
    /* attachment; ASCII name for old browsers, the UTF-8 one percent-encoded (RFC 6266) */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    sbuf d;
    sb_init(&d, 4096);
    sb_puts(&d, "attachment; filename=\"");
    for (const char *p = base; *p; p++)
        sb_putn(&d, (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') ? p : "_", 1);
    sb_puts(&d, "\"; filename*=UTF-8''");
    sb_url(&d, base);
    if (d.failed) {
        sb_free(&d);
        serve_fail(r, TRACUU_ENOMEM, "file name too long");
        goto done;
    }
    r->disposition = d.p;
    r->ctype = file_type(path);
    r->fd = fd;
    r->fsize = (uint64_t)sb.st_size;
    fd = -1;
done:
    if (fd >= 0)
        close(fd);
    json_decref(doc);
}
