/*
 * serve_page.c - what every page of `tracuu serve` shares: the labels in Vietnamese (the
 * default, with full tone marks) and English (?lang=en), the HTML5 frame with the menu and
 * the language switch, links built with every value percent-encoded, the inline SVG bar
 * chart, and the one stylesheet, served from the binary.
 *
 * Pages work without JavaScript and carry no inline script or style, so the
 * Content-Security-Policy can forbid both.
 */
#include <string.h>

#include "serve.h"

#define LABEL_VI(field, vi, en) .field = vi,
#define LABEL_EN(field, vi, en) .field = en,
const serve_text serve_vi = {SERVE_LABELS(LABEL_VI)};
const serve_text serve_en = {SERVE_LABELS(LABEL_EN)};
#undef LABEL_VI
#undef LABEL_EN

const char *
label_section(const serve_text *t, const char *s)
{
    return cli_slug_label(s, t != &serve_en);
}

const char *
label_kind(const serve_text *t, const char *k)
{
    return cli_slug_label(k, t != &serve_en);
}

void
url_start(serve_url *u, serve_req *r, const char *route)
{
    u->r = r;
    u->args = 0;
    sb_puts(&r->body, r->conf->base);
    sb_puts(&r->body, route);
}

void
url_arg(serve_url *u, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    sb_puts(&u->r->body, u->args++ ? "&amp;" : "?");
    sb_puts(&u->r->body, name);
    sb_puts(&u->r->body, "=");
    sb_url(&u->r->body, value);
}

void
url_end(serve_url *u)
{
    if (u->r->en)
        url_arg(u, "lang", "en");
}

void
put_link(serve_req *r, const char *route, const char *name, const char *value,
         const char *text)
{
    serve_url u;
    sb_puts(&r->body, "<a href=\"");
    url_start(&u, r, route);
    url_arg(&u, name, value);
    url_end(&u);
    sb_puts(&r->body, "\">");
    sb_html(&r->body, text);
    sb_puts(&r->body, "</a>");
}

void
page_begin(serve_req *r, const char *title, const char *nav)
{
    const serve_text *t = r->t;
    sbuf *b = &r->body;
    r->ctype = "text/html; charset=utf-8";
    sb_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
              t->lang);
    sb_html(b, title);
    sb_puts(b, " · ");
    sb_html(b, t->site);
    sb_printf(b, "</title>\n<link rel=\"stylesheet\" href=\"%s/static/style.css\">\n</head>\n"
                 "<body>\n<header>\n<nav>\n",
              r->conf->base);
    static const char *const routes[] = {"/tim-kiem", "/lap-lai", "/tinh-trang"};
    const char *labels[] = {t->search, t->recurring, t->status};
    for (size_t i = 0; i < 3; i++) {
        serve_url u;
        sb_puts(b, "<a href=\"");
        url_start(&u, r, routes[i]);
        url_end(&u);
        sb_printf(b, "\"%s>", nav && !strcmp(nav, routes[i]) ? " aria-current=\"page\"" : "");
        sb_html(b, labels[i]);
        sb_puts(b, "</a>\n");
    }
    /* the other language: this page with lang switched */
    sb_puts(b, "<a class=\"lang\" hreflang=\"");
    sb_puts(b, r->en ? "vi" : "en");
    sb_puts(b, "\" href=\"");
    sb_puts(b, r->conf->base);
    sb_puts(b, r->path);
    int args = 0;
    static const char *const keep[] = {"q", "doc", "id", "ref", "text", "commune", "district",
                                       "province", "kind", "section", "cites", "since",
                                       "until", "offset", "docs", "min_communes"};
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
        const char *v = serve_arg(r, keep[i]);
        if (!v)
            continue;
        sb_puts(b, args++ ? "&amp;" : "?");
        sb_printf(b, "%s=", keep[i]);
        sb_url(b, v);
    }
    if (!r->en)
        sb_puts(b, args ? "&amp;lang=en" : "?lang=en");
    sb_puts(b, "\">");
    sb_html(b, t->other_lang);
    sb_puts(b, "</a>\n</nav>\n</header>\n<main>\n");
}

void
page_end(serve_req *r)
{
    sb_puts(&r->body, "</main>\n<footer>tracuu ");
    sb_html(&r->body, tracuu_version());
    sb_puts(&r->body, "</footer>\n</body>\n</html>\n");
}

void
put_bars(serve_req *r, json_t *counts, const char *caption)
{
    sbuf *b = &r->body;
    const char *key;
    json_t *v;
    long long max = 1;
    size_t n = 0;
    json_object_foreach(counts, key, v) {
        if (json_integer_value(v) > max)
            max = json_integer_value(v);
        n++;
    }
    if (!n)
        return;
    if (n > 40)
        n = 40; /* bounded: the chart shows the first 40 */
    const unsigned row = 22, label_w = 160, bar_w = 260;
    sb_printf(b, "<figure>\n<figcaption>");
    sb_html(b, caption);
    sb_printf(b, "</figcaption>\n<svg class=\"bars\" role=\"img\" viewBox=\"0 0 %u %zu\" "
                 "width=\"100%%\" xmlns=\"http://www.w3.org/2000/svg\">\n<title>",
              label_w + bar_w + 50, n * row + 4);
    sb_html(b, caption);
    sb_puts(b, "</title>\n");
    size_t i = 0;
    json_object_foreach(counts, key, v) {
        if (i >= n)
            break;
        long long c = json_integer_value(v);
        unsigned w = (unsigned)(c * (long long)bar_w / max);
        unsigned y = (unsigned)(i * row + 2);
        sb_printf(b, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">", label_w - 6, y + 15);
        sb_html(b, key);
        sb_printf(b, "</text><rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"#2f6db5\">"
                     "</rect><text x=\"%u\" y=\"%u\">%lld</text>\n",
                  label_w, y + 3, w ? w : 1, row - 6, label_w + (w ? w : 1) + 4, y + 15, c);
        i++;
    }
    sb_puts(b, "</svg>\n</figure>\n");
}

static const char css[] =
    "/* tracuu serve: one stylesheet, served from the binary */\n"
    ":root{--fg:#1b1f24;--muted:#5b6470;--line:#d8dde3;--accent:#2f6db5;--bg:#fff;--soft:#f4f6f8}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font-family:\"Segoe UI\",Roboto,\"Noto Sans\",Arial,sans-serif;color:var(--fg);"
    "background:var(--bg);line-height:1.5;font-size:16px}\n"
    "header{background:#16385f}\n"
    "nav{max-width:62rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;padding:.6rem 1rem}\n"
    "nav a{color:#fff;text-decoration:none;font-weight:600}\n"
    "nav a[aria-current]{text-decoration:underline}\n"
    "nav a.lang{margin-left:auto;font-weight:400}\n"
    "main{max-width:62rem;margin:0 auto;padding:1rem}\n"
    "h1{font-size:1.5rem;margin:.4rem 0 1rem}\n"
    "h2{font-size:1.15rem;margin:1.4rem 0 .5rem}\n"
    "a{color:var(--accent)}\n"
    "form.search{display:flex;gap:.5rem;margin-bottom:1rem}\n"
    "form.search input[type=search]{flex:1;min-width:0;font:inherit;padding:.55rem .7rem;"
    "border:1px solid #9aa5b1;border-radius:4px}\n"
    "button,input[type=submit]{font:inherit;padding:.5rem 1rem;border:0;border-radius:4px;"
    "background:var(--accent);color:#fff;cursor:pointer}\n"
    "form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}\n"
    "form.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}\n"
    "form.filters input{font:inherit;padding:.35rem;border:1px solid #9aa5b1;border-radius:4px;width:9rem}\n"
    ".layout{display:grid;grid-template-columns:minmax(0,1fr) 15rem;gap:1.5rem}\n"
    "@media (max-width:46rem){.layout{grid-template-columns:1fr}aside{order:2}}\n"
    ".count{color:var(--muted);margin:.2rem 0 1rem}\n"
    "ol.results{list-style:none;padding:0;margin:0}\n"
    "ol.results>li{border-bottom:1px solid var(--line);padding:.8rem 0}\n"
    ".title{font-weight:600;font-size:1.05rem}\n"
    ".meta{color:var(--muted);font-size:.9rem}\n"
    ".meta span+span::before{content:\" · \"}\n"
    ".snippet{margin:.3rem 0}\n"
    "mark{background:#ffe58a;color:inherit;padding:0 .1em;border-radius:2px}\n"
    ".cites a,.chip{display:inline-block;background:var(--soft);border:1px solid var(--line);"
    "border-radius:3px;padding:0 .4rem;margin:.1rem .2rem .1rem 0;font-size:.85rem;text-decoration:none}\n"
    "aside h2{font-size:1rem;margin:1rem 0 .3rem}\n"
    "aside ul{list-style:none;padding:0;margin:0;font-size:.92rem}\n"
    "aside li{display:flex;justify-content:space-between;gap:.5rem}\n"
    "aside li .n{color:var(--muted)}\n"
    ".pager{display:flex;justify-content:space-between;margin:1rem 0}\n"
    ".empty{background:var(--soft);border-left:4px solid var(--accent);padding:.8rem 1rem}\n"
    ".error{color:#a11}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}\n"
    "th{color:var(--muted);font-weight:600;width:11rem}\n"
    "td{overflow-wrap:anywhere}\n"
    ".replaced{color:#a11;font-weight:600}\n"
    "ol.passages{padding-left:2.2rem}\n"
    "ol.passages li{margin:.5rem 0}\n"
    ".label{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}\n"
    "figure{margin:1rem 0}\n"
    "figcaption{font-weight:600;margin-bottom:.3rem}\n"
    "svg.bars{max-width:32rem;font:12px \"Segoe UI\",Roboto,\"Noto Sans\",Arial,sans-serif}\n"
    "svg.bars text{fill:#1b1f24}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}\n"
    "footer{max-width:62rem;margin:2rem auto 1rem;padding:0 1rem;color:var(--muted);font-size:.8rem}\n";

void
serve_static_css(serve_req *r)
{
    r->ctype = "text/css; charset=utf-8";
    r->cache = 1;
    sb_putn(&r->body, css, sizeof css - 1);
}
