/*
 * serve_pages.c - the Trích dẫn (/trich-dan?id=), Ý tương tự (/tuong-tu?ref=|text=), Lặp
 * lại (/lap-lai) and Tình trạng (/tinh-trang) pages: each renders the JSON answer the
 * matching command prints (tracuu_cites_list, tracuu_cocited_list, tracuu_similar_find,
 * tracuu_recurring_find, cli_status_answer) as HTML, every value escaped.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve.h"

#define COCITED_ROWS 10u
#define RECURRING_GROUPS 20u

static void
heading(serve_req *r, const char *tag, const char *text)
{
    sb_printf(&r->body, "<%s>", tag);
    sb_html(&r->body, text);
    sb_printf(&r->body, "</%s>\n", tag);
}

/* The line a page shows when it has nothing to list. */
static void
empty(serve_req *r, const char *text)
{
    sb_puts(&r->body, "<p class=\"empty\">");
    sb_html(&r->body, text);
    sb_puts(&r->body, "</p>\n");
}

/* "<span>v</span>" for each non-null value: the grey line under a title. */
static void
meta(serve_req *r, const char *const *values, size_t n)
{
    sb_puts(&r->body, "<div class=\"meta\">");
    for (size_t i = 0; i < n; i++) {
        if (!values[i])
            continue;
        sb_puts(&r->body, "<span>");
        sb_html(&r->body, values[i]);
        sb_puts(&r->body, "</span>");
    }
    sb_puts(&r->body, "</div>\n");
}

static void
doc_link(serve_req *r, const char *path, long long passage, const char *text)
{
    serve_url u;
    sb_puts(&r->body, "<a href=\"");
    url_start(&u, r, "/van-ban");
    url_arg(&u, "doc", path);
    url_end(&u);
    if (passage > 0)
        sb_printf(&r->body, "#p%lld", passage);
    sb_puts(&r->body, "\">");
    sb_html(&r->body, text);
    sb_puts(&r->body, "</a>");
}

/* The registry's record of id (title, organ, date, replaced_by), borrowed from the refs of
 * the first citing report: the public API gives registry status only through refs. */
static json_t *
registry_entry(serve_req *r, json_t *cites)
{
    const char *id = json_string_value(json_object_get(cites, "id"));
    json_t *first = json_array_get(json_object_get(cites, "documents"), 0);
    const char *path = json_string_value(json_object_get(first, "path"));
    char *js = NULL;
    if (!id || !path || tracuu_refs_list(&js, r->ix, path) != TRACUU_OK) {
        free(js);
        return NULL;
    }
    json_t *o = json_loads(js, 0, NULL), *found = NULL, *ref;
    free(js);
    size_t i, n = strcspn(id, "@");
    json_array_foreach(json_object_get(o, "refs"), i, ref) {
        const char *rid = json_string_value(json_object_get(ref, "id"));
        if (rid && !strncmp(rid, id, n) && (rid[n] == '\0' || rid[n] == '@')) {
            found = json_incref(json_object_get(ref, "registry"));
            break;
        }
    }
    json_decref(o);
    return json_is_object(found) ? found : (json_decref(found), NULL);
}

void
page_cites(serve_req *r)
{
    const serve_text *t = r->t;
    const char *id = serve_arg(r, "id");
    json_t *co = NULL, *reg = NULL;
    /* with the counts per commune and year: the page draws them */
    json_t *o = serve_cites(r, 1);
    if (!o)
        return;
    const char *cid = json_string_value(json_object_get(o, "id"));
    char *js = NULL;
    if (tracuu_cocited_list(&js, r->ix, cid, COCITED_ROWS) == TRACUU_OK)
        co = json_loads(js, 0, NULL);
    free(js);
    reg = registry_entry(r, o);
    page_begin(r, cid ? cid : id, NULL);
    sb_puts(&r->body, "<p class=\"label\">");
    sb_html(&r->body, t->cites);
    sb_puts(&r->body, "</p>\n");
    heading(r, "h1", cid ? cid : id);
    const char *title = json_string_value(json_object_get(o, "title"));
    sb_puts(&r->body, "<table>\n");
    if (title) {
        sb_puts(&r->body, "<tr><th>");
        sb_html(&r->body, t->registry_title);
        sb_puts(&r->body, "</th><td>");
        sb_html(&r->body, title);
        sb_puts(&r->body, "</td></tr>\n");
    }
    const char *organ = json_string_value(json_object_get(reg, "organ"));
    const char *issued = json_string_value(json_object_get(reg, "date"));
    if (organ || issued) {
        sb_puts(&r->body, "<tr><th>");
        sb_html(&r->body, t->issued);
        sb_puts(&r->body, "</th><td>");
        sb_html(&r->body, organ ? organ : "");
        sb_puts(&r->body, organ && issued ? ", " : "");
        sb_html(&r->body, issued ? issued : "");
        sb_puts(&r->body, "</td></tr>\n");
    }
    if (reg) {
        json_t *rb = json_object_get(reg, "replaced_by");
        sb_puts(&r->body, "<tr><th>");
        sb_html(&r->body, t->state);
        sb_puts(&r->body, "</th><td>");
        if (rb) {
            const char *rid = json_string_value(json_object_get(rb, "id"));
            sb_html(&r->body, t->replaced_by);
            sb_puts(&r->body, " ");
            put_link(r, "/trich-dan", "id", rid, rid ? rid : "?");
            sb_puts(&r->body, " (");
            sb_html(&r->body, json_string_value(json_object_get(rb, "date")));
            sb_puts(&r->body, ")");
        } else {
            sb_html(&r->body, t->in_force);
        }
        sb_puts(&r->body, "</td></tr>\n");
    }
    sb_puts(&r->body, "</table>\n");
    json_t *docs = json_object_get(o, "documents"), *d, *p;
    json_t *stats = json_object_get(o, "stats");
    if (json_array_size(docs)) {
        sb_puts(&r->body, "<div class=\"charts\">\n");
        put_bars(r, json_object_get(stats, "by_commune"), t->by_commune);
        put_bars(r, json_object_get(stats, "by_year"), t->by_year);
        sb_puts(&r->body, "</div>\n");
    }
    json_t *list = json_object_get(co, "cocited"), *c;
    size_t i, k;
    if (json_array_size(list)) {
        heading(r, "h2", t->cocited);
        sb_puts(&r->body, "<ul>\n");
        json_array_foreach(list, i, c) {
            const char *ccid = json_string_value(json_object_get(c, "id"));
            const char *ct = json_string_value(json_object_get(c, "title"));
            sb_puts(&r->body, "<li>");
            put_link(r, "/trich-dan", "id", ccid, ccid ? ccid : "?");
            sb_printf(&r->body, " <span class=\"meta\">(%lld)</span> ",
                      (long long)json_integer_value(json_object_get(c, "documents")));
            sb_html(&r->body, ct ? ct : "");
            sb_puts(&r->body, "</li>\n");
        }
        sb_puts(&r->body, "</ul>\n");
    }
    heading(r, "h2", t->citing);
    if (!json_array_size(docs)) {
        empty(r, t->no_citer);
    }
    sb_puts(&r->body, "<ol class=\"results\">\n");
    json_array_foreach(docs, i, d) {
        const char *dt = json_string_value(json_object_get(d, "title"));
        const char *path = json_string_value(json_object_get(d, "path"));
        sb_puts(&r->body, "<li>\n<div class=\"title\">");
        doc_link(r, path, 0, dt ? dt : t->no_title);
        sb_puts(&r->body, "</div>\n");
        const char *m[] = {json_string_value(json_object_get(d, "commune")),
                           json_string_value(json_object_get(d, "date"))};
        meta(r, m, 2);
        json_array_foreach(json_object_get(d, "passages"), k, p) {
            long long n = json_integer_value(json_object_get(p, "passage"));
            sb_puts(&r->body, "<p class=\"snippet\">");
            sb_html(&r->body, json_string_value(json_object_get(p, "text")));
            sb_puts(&r->body, " ");
            char label[32];
            snprintf(label, sizeof label, "(%s %lld)", t->passage, n);
            doc_link(r, path, n, label);
            sb_puts(&r->body, "</p>\n");
        }
        sb_puts(&r->body, "</li>\n");
    }
    sb_puts(&r->body, "</ol>\n");
    page_end(r);
    json_decref(reg);
    json_decref(co);
    json_decref(o);
}

static void
finding_item(serve_req *r, json_t *f, int score)
{
    const serve_text *t = r->t;
    const char *path = json_string_value(json_object_get(f, "path"));
    long long n = json_integer_value(json_object_get(f, "passage"));
    char sc[32] = "";
    if (score)
        snprintf(sc, sizeof sc, "%s %.2f", t->score, json_real_value(json_object_get(f, "score")));
    const char *section = json_string_value(json_object_get(f, "section"));
    const char *m[] = {json_string_value(json_object_get(f, "commune")),
                       json_string_value(json_object_get(f, "date")),
                       section ? label_section(t, section) : NULL, score ? sc : NULL};
    sb_puts(&r->body, "<li>\n");
    meta(r, m, 4);
    sb_puts(&r->body, "<p class=\"snippet\">");
    sb_html(&r->body, json_string_value(json_object_get(f, "text")));
    sb_puts(&r->body, " ");
    char label[32];
    snprintf(label, sizeof label, "(%s %lld)", t->passage, n);
    doc_link(r, path, n, label);
    sb_puts(&r->body, "</p>\n</li>\n");
}

void
page_similar(serve_req *r)
{
    const serve_text *t = r->t;
    const char *ref = serve_arg(r, "ref"), *text = serve_arg(r, "text");
    char filter[SERVE_MAX_TARGET * 2u + 256u] = "";
    if (!ref == !text) {
        serve_fail(r, TRACUU_EINVAL, "give ref=PATH#N (a passage) or text=...");
        return;
    }
    if (serve_filters(r, filter, sizeof filter) != 0 || serve_open(r) != 0)
        return;
    char *js = NULL;
    tracuu_status st =
        tracuu_similar_find(&js, r->ix, ref, text, *filter ? filter : NULL, 10, 0);
    json_t *o = serve_answer(r, st, js);
    if (!o)
        return;
    page_begin(r, t->similar, NULL);
    heading(r, "h1", t->similar);
    json_t *src = json_object_get(o, "source");
    heading(r, "h2", t->source);
    sb_puts(&r->body, "<ol class=\"results\">\n");
    if (json_is_object(src) && json_object_get(src, "path"))
        finding_item(r, src, 0);
    else {
        sb_puts(&r->body, "<li><p class=\"snippet\">");
        sb_html(&r->body, text);
        sb_puts(&r->body, "</p></li>\n");
    }
    sb_puts(&r->body, "</ol>\n");
    heading(r, "h2", t->similar_link);
    json_t *res = json_object_get(o, "results"), *f;
    size_t i;
    if (!json_array_size(res)) {
        empty(r, t->none_similar);
    }
    sb_puts(&r->body, "<ol class=\"results\">\n");
    json_array_foreach(res, i, f)
        finding_item(r, f, 1);
    sb_puts(&r->body, "</ol>\n");
    page_end(r);
    json_decref(o);
}

/* A labelled text input of the filter form, holding the request's value. */
static void
field(serve_req *r, const char *name, const char *label, const char *def)
{
    const char *v = serve_arg(r, name);
    sb_puts(&r->body, "<label>");
    sb_html(&r->body, label);
    sb_printf(&r->body, "<input name=\"%s\" value=\"", name);
    sb_html(&r->body, v ? v : def);
    sb_puts(&r->body, "\"></label>\n");
}

void
page_recurring(serve_req *r)
{
    const serve_text *t = r->t;
    long minc = serve_uint_arg(r, "min_communes", 3, 100000);
    if (minc < 0)
        return;
    if (minc < 2) {
        serve_fail(r, TRACUU_EINVAL, "min_communes takes 2 or more");
        return;
    }
    json_t *o = serve_recurring(r, (unsigned)minc, RECURRING_GROUPS);
    if (!o)
        return;
    page_begin(r, t->recurring, "/lap-lai");
    heading(r, "h1", t->recurring);
    sb_printf(&r->body, "<form class=\"filters\" method=\"get\" action=\"%s/lap-lai\">\n",
              r->conf->base);
    field(r, "commune", t->commune, "");
    field(r, "district", t->district, "");
    field(r, "since", t->since, "");
    field(r, "until", t->until, "");
    char mc[24];
    snprintf(mc, sizeof mc, "%ld", minc);
    field(r, "min_communes", t->min_communes, mc);
    if (r->en)
        sb_puts(&r->body, "<input type=\"hidden\" name=\"lang\" value=\"en\">\n");
    sb_puts(&r->body, "<input type=\"submit\" value=\"");
    sb_html(&r->body, t->show);
    sb_puts(&r->body, "\">\n</form>\n");
    json_t *groups = json_object_get(o, "groups"), *g, *f;
    size_t i, k;
    if (!json_array_size(groups)) {
        empty(r, t->none_recurring);
    }
    sb_puts(&r->body, "<ol class=\"results\">\n");
    json_array_foreach(groups, i, g) {
        json_t *rep = json_object_get(g, "representative");
        sb_puts(&r->body, "<li>\n<div class=\"title\">");
        sb_html(&r->body, json_string_value(json_object_get(rep, "text")));
        sb_puts(&r->body, "</div>\n<div class=\"meta\"><span>");
        sb_printf(&r->body, "%lld", (long long)json_integer_value(json_object_get(g, "communes_count")));
        sb_html(&r->body, t->n_communes);
        sb_printf(&r->body, ", %lld", (long long)json_integer_value(json_object_get(g, "findings_count")));
        sb_html(&r->body, t->n_findings);
        sb_puts(&r->body, "</span></div>\n<details><summary>");
        json_t *c;
        json_array_foreach(json_object_get(g, "communes"), k, c) {
            sb_puts(&r->body, k ? ", " : "");
            sb_html(&r->body, json_string_value(c) ? json_string_value(c) : "?");
        }
        sb_puts(&r->body, "</summary>\n<ol class=\"results\">\n");
        json_array_foreach(json_object_get(g, "findings"), k, f)
            finding_item(r, f, 0);
        sb_puts(&r->body, "</ol>\n</details>\n</li>\n");
    }
    sb_puts(&r->body, "</ol>\n");
    page_end(r);
    json_decref(o);
}

void
page_status(serve_req *r)
{
    const serve_text *t = r->t;
    if (serve_open(r) != 0)
        return;
    json_t *o = NULL;
    tracuu_status st = cli_status_answer(&o, r->ix, 1);
    if (st != TRACUU_OK) {
        serve_fail(r, st, tracuu_index_errmsg(r->ix));
        return;
    }
    page_begin(r, t->status, "/tinh-trang");
    heading(r, "h1", t->status);
    sb_puts(&r->body, "<table>\n");
    static const char *const counts[] = {"documents", "passages", "revision"};
    const char *labels[] = {t->documents, t->passages, t->revision};
    for (size_t i = 0; i < 3; i++)
        sb_printf(&r->body, "<tr><th>%s</th><td>%lld</td></tr>\n", labels[i],
                  (long long)json_integer_value(json_object_get(o, counts[i])));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(o, "roots"), i, v) {
        sb_puts(&r->body, "<tr><th>");
        sb_html(&r->body, t->roots);
        sb_puts(&r->body, "</th><td>");
        sb_html(&r->body, json_string_value(v));
        sb_puts(&r->body, "</td></tr>\n");
    }
    json_t *last = json_object_get(o, "last_run");
    if (json_is_object(last)) {
        time_t when = (time_t)json_integer_value(json_object_get(last, "time"));
        struct tm tm;
        char date[32] = "";
        if (localtime_r(&when, &tm))
            strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
        sb_puts(&r->body, "<tr><th>");
        sb_html(&r->body, t->last_run);
        sb_printf(&r->body, "</th><td>%s: %lld +%lld ~%lld −%lld ✗%lld (%.2f s)</td></tr>\n", date,
                  (long long)json_integer_value(json_object_get(last, "scanned")),
                  (long long)json_integer_value(json_object_get(last, "added")),
                  (long long)json_integer_value(json_object_get(last, "updated")),
                  (long long)json_integer_value(json_object_get(last, "removed")),
                  (long long)json_integer_value(json_object_get(last, "failed")),
                  json_real_value(json_object_get(last, "seconds")));
    }
    sb_printf(&r->body, "<tr><th>%s</th><td>%lld</td></tr>\n</table>\n", t->failed,
              (long long)json_integer_value(json_object_get(o, "failed_count")));
    json_t *failed = json_object_get(o, "failed");
    if (json_array_size(failed)) {
        heading(r, "h2", t->failed);
        sb_puts(&r->body, "<ul>\n");
        json_array_foreach(failed, i, v) {
            sb_puts(&r->body, "<li><strong>");
            sb_html(&r->body, json_string_value(json_object_get(v, "path")));
            sb_puts(&r->body, "</strong>: ");
            sb_html(&r->body, json_string_value(json_object_get(v, "message")));
            sb_puts(&r->body, "</li>\n");
        }
        sb_puts(&r->body, "</ul>\n");
    }
    page_end(r);
    json_decref(o);
}
