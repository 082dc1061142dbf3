/*
 * markdown.c - Markdown -> text (markdown.h), through libcmark-gfm's parser and iterator
 * (the iterator walks the tree without recursion, so nesting depth costs no stack).
 */
#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "layout.h"
#include "vnchar.h"
#include "token.h"

/* ---- is it Markdown? ------------------------------------------------------------------ */

#define LOOK_BYTES (64 * 1024)

/* "# Title", "## Tham khảo": 1-6 '#', a space, then a letter (any script). */
static int
atx_heading(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    size_t h = 0;
    while (i < n && s[i] == '#' && h < 7)
        i++, h++;
    if (h == 0 || h > 6 || i >= n || s[i] != ' ')
        return 0;
    while (i < n && s[i] == ' ')
        i++;
    if (i >= n)
        return 0;
    size_t k = i;
    int32_t cp = text_utf8_next(s, n, &k);
    return cp >= 0x80 ? vn_lookup(cp).cls == VN_LETTER || cp >= 0x250
                      : (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
}

/* A table line "| a | b |" (a pipe first or last, one inside). */
static int
pipe_line(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        n--;
    while (n && *s == ' ')
        s++, n--;
    if (n < 3 || (s[0] != '|' && s[n - 1] != '|'))
        return 0;
    return memchr(s + 1, '|', n - 2) != NULL || (s[0] == '|' && s[n - 1] == '|');
}

/* A delimiter row "|---|:--:|" : only pipes, dashes, colons and spaces, with a dash. */
static int
separator_line(const char *s, size_t n)
{
    int dash = 0, pipe = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-')
            dash = 1;
        else if (s[i] == '|')
            pipe = 1;
        else if (s[i] != ':' && s[i] != ' ' && s[i] != '\r')
            return 0;
    }
    return dash && pipe;
}

int
markdown_looks_like(const char *s, size_t len)
{
    size_t n = len < LOOK_BYTES ? len : LOOK_BYTES;
    int prev_pipe = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n;
        if (atx_heading(s + i, e - i))
            return 1;
        if (prev_pipe && separator_line(s + i, e - i))
            return 1;
        prev_pipe = pipe_line(s + i, e - i);
        i = e + 1;
    }
    return 0;
}

/* ---- the walk ------------------------------------------------------------------------- */

#define LIST_DEPTH 32

typedef struct md_walk {
    text_buf *out;
    text_buf title;
    int in_heading, title_done, cells;
    int list_num[LIST_DEPTH]; /* next number of each open list; 0: a bullet list */
    int lists;
    tracuu_status st;
} md_walk;

static void
put(md_walk *w, const char *s)
{
    if (w->st != TRACUU_OK || !s)
        return;
    w->st = text_buf_puts(w->out, s);
    if (w->st == TRACUU_OK && w->in_heading && !w->title_done)
        w->st = text_buf_puts(&w->title, s);
}

static void
brk(md_walk *w)
{
    if (w->st == TRACUU_OK)
        w->st = extract_para_break(w->out);
}

/* A raw HTML block: its text as the HTML extractor reads it (no scripts, no furniture). */
static void
html_block(md_walk *w, const char *lit)
{
    char *t = NULL;
    if (w->st == TRACUU_OK && lit)
        w->st = extract_html(w->out, &t, lit, strlen(lit));
    free(t);
}

static void
list_item(md_walk *w, cmark_node *n)
{
    brk(w);
    cmark_node *list = cmark_node_parent(n);
    if (w->lists <= 0 || w->lists > LIST_DEPTH || !list ||
        cmark_node_get_list_type(list) != CMARK_ORDERED_LIST)
        return;
    char num[32];
    int k = w->list_num[w->lists - 1]++;
    snprintf(num, sizeof num, "%d%s ", k,
             cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ")" : ".");
    put(w, num);
}

static void
on_enter(md_walk *w, cmark_node *n)
{
    const char *type = cmark_node_get_type_string(n);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HEADING:
        brk(w);
        if (w->st == TRACUU_OK)
            w->st = layout_put_heading(w->out);
        w->in_heading = 1;
        break;
    case CMARK_NODE_LIST:
        if (++w->lists <= LIST_DEPTH)
            w->list_num[w->lists - 1] = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST
                                            ? cmark_node_get_list_start(n)
                                            : 0;
        break;
    case CMARK_NODE_ITEM:
        list_item(w, n);
        break;
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
        put(w, cmark_node_get_literal(n));
        break;
    case CMARK_NODE_CODE_BLOCK:
        brk(w);
        put(w, cmark_node_get_literal(n));
        brk(w);
        break;
    case CMARK_NODE_HTML_BLOCK:
        brk(w);
        html_block(w, cmark_node_get_literal(n));
        break;
    case CMARK_NODE_SOFTBREAK:
        put(w, w->in_heading ? " " : "\n");
        break;
    case CMARK_NODE_LINEBREAK:
        put(w, w->in_heading ? " " : "\n");
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        brk(w);
        break;
    default:
        if (!strcmp(type, "table_row") || !strcmp(type, "table_header")) {
            brk(w);
            w->cells = 0;
        } else if (!strcmp(type, "table_cell") && w->cells++) {
            put(w, " ");
        }
        break;
    }
}

static void
on_exit(md_walk *w, cmark_node *n)
{
    const char *type = cmark_node_get_type_string(n);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HEADING:
        brk(w);
        w->in_heading = 0;
        w->title_done |= w->title.len > 0;
        break;
    case CMARK_NODE_LIST:
        w->lists--;
        brk(w);
        break;
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_ITEM:
        brk(w);
        break;
    default:
        if (!strcmp(type, "table_row") || !strcmp(type, "table_header") ||
            !strcmp(type, "table"))
            brk(w);
        break;
    }
}

static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void
md_init(void)
{
    cmark_gfm_core_extensions_ensure_registered();
}

/* Bytes of front matter at the top of s ("---\n" ... "\n---\n"), 0 when none. */
static size_t
front_matter_len(const char *s, size_t n)
{
    if (n < 8 || strncmp(s, "---", 3) || (s[3] != '\n' && s[3] != '\r'))
        return 0;
    size_t lim = n < 8192 ? n : 8192;
    for (size_t i = 3; i + 4 <= lim; i++)
        if (s[i] == '\n' && !strncmp(s + i + 1, "---", 3) &&
            (i + 4 == n || s[i + 4] == '\n' || s[i + 4] == '\r')) {
            size_t e = i + 4;
            while (e < n && (s[e] == '\r' || s[e] == '\n'))
                e++;
            return e;
        }
    return 0;
}

static tracuu_status
walk_tree(md_walk *w, cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    if (!it)
        return TRACUU_ENOMEM;
    cmark_event_type ev;
    while (w->st == TRACUU_OK && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER)
            on_enter(w, n);
        else if (ev == CMARK_EVENT_EXIT)
            on_exit(w, n);
    }
    cmark_iter_free(it);
    return w->st;
}

tracuu_status
markdown_extract(text_buf *out, char **title, const char *s, size_t len)
{
    *title = NULL;
    pthread_once(&md_once, md_init);
    size_t fm = front_matter_len(s, len);
    md_walk w = {out, TEXT_BUF_INIT(4096), 0, 0, 0, {0}, 0, TRACUU_OK};
    if (fm)
        w.st = text_buf_put(out, s, fm);
    if (w.st != TRACUU_OK)
        return w.st;
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    if (!p)
        return TRACUU_ENOMEM;
    static const char *const exts[] = {"table", "strikethrough", "autolink"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        if (e)
            cmark_parser_attach_syntax_extension(p, e);
    }
    cmark_parser_feed(p, s + fm, len - fm);
    cmark_node *doc = cmark_parser_finish(p);
    tracuu_status st = doc ? walk_tree(&w, doc) : TRACUU_ENOMEM;
    if (st == TRACUU_OK)
        st = extract_para_break(out);
    if (doc)
        cmark_node_free(doc);
    cmark_parser_free(p);
    if (st == TRACUU_OK && w.title.len) {
        /* A title is one line: what a heading's soft breaks and marks leave, trimmed. */
        size_t a = 0, b = w.title.len;
        while (a < b && w.title.ptr[a] == ' ')
            a++;
        while (b > a && w.title.ptr[b - 1] == ' ')
            b--;
        *title = b > a ? strndup(w.title.ptr + a, b - a) : NULL;
        if (b > a && !*title)
            st = TRACUU_ENOMEM;
    }
    text_buf_free(&w.title);
    return st;
}
