/*
 * snippet.c - see snippet.h. Linear in the passage length: tokens are found once, the
 * window slides over them with two indexes.
 */
#include "snippet.h"

#include <stdlib.h>
#include <string.h>

#include "token.h"

#define CONTEXT_TOKENS 4 /* words of context kept before the first match of the window */
#define MAX_TERMS 64
#define PHRASE_MAX 8 /* longest term of several words that is highlighted as a whole */

typedef struct stok {
    size_t start, end; /* bytes */
    size_t cstart;     /* characters before start */
    int term;          /* index of the matched query term, or -1 */
} stok;

static size_t
count_chars(const char *s, size_t a, size_t b)
{
    size_t c = 0;
    for (size_t i = a; i < b; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* c as HTML text: the five characters that can end text or an attribute. */
static const char *
html_entity(char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

static tracuu_status
put_flat(text_buf *out, const char *s, size_t a, size_t b, int html)
{
    /* Copy with every run of spaces and line breaks folded into one space. */
    for (size_t i = a; i < b; i++) {
        char c = s[i];
        if (c == '\n' || c == ' ') {
            if (out->len && out->ptr[out->len - 1] == ' ')
                continue;
            c = ' ';
        }
        const char *e = html ? html_entity(c) : NULL;
        tracuu_status st = e ? text_buf_puts(out, e) : text_buf_putc(out, c);
        if (st != TRACUU_OK)
            return st;
    }
    return TRACUU_OK;
}

/* Does a token (folded and exact forms) light up for term "folded" or "folded\texact"? A
 * marked term admits its own spelling and the unmarked one (text typed without marks).
 * 1 yes, 0 no; -1 when that depends on the exact form and `exact` is NULL. */
static int
term_matches(const char *term, const char *folded, const char *exact)
{
    const char *tab = strchr(term, '\t');
    size_t fl = tab ? (size_t)(tab - term) : strlen(term);
    if (strlen(folded) != fl || memcmp(folded, term, fl))
        return 0;
    if (!tab)
        return 1;
    if (!exact)
        return -1;
    return !strcmp(exact, tab + 1) || !strcmp(exact, folded);
}

/* The query term token t lights up for (*term, -1 for none); fo gets its folded form. */
static tracuu_status
token_term(const char *text, const text_token *t, const char *const *terms, size_t nterms,
           text_buf *fo, text_buf *ex, int *term)
{
    *term = -1;
    text_buf_reset(fo);
    tracuu_status st = text_token_forms(text, t->start, t->end, NULL, fo, NULL);
    int have_exact = 0; /* the exact form, made only for a folded match */
    for (size_t i = 0; st == TRACUU_OK && i < nterms && fo->len; i++) {
        int m = term_matches(terms[i], fo->ptr, NULL);
        if (m < 0 && !have_exact) {
            text_buf_reset(ex);
            st = text_token_forms(text, t->start, t->end, ex, NULL, NULL);
            have_exact = 1;
        }
        if (st == TRACUU_OK && m < 0)
            m = term_matches(terms[i], fo->ptr, ex->ptr ? ex->ptr : "");
        if (m > 0) {
            *term = (int)i;
            break;
        }
    }
    return st;
}

/* A term of several words ("uy ban nhan dan") ending at the nt-th token marks all its
 * tokens; recent holds the folded forms of the last PHRASE_MAX tokens. */
static void
mark_phrases(stok *all, size_t nt, char recent[PHRASE_MAX][TEXT_TOKEN_MAX_BYTES + 1],
             const char *const *terms, size_t nterms)
{
    for (size_t i = 0; i < nterms; i++) {
        size_t words = 1;
        for (const char *c = terms[i]; *c; c++)
            words += *c == ' ';
        if (words < 2 || words > PHRASE_MAX || words > nt)
            continue;
        const char *w = terms[i];
        size_t j = 0;
        for (; j < words; j++) {
            const char *r = recent[(nt - words + j) % PHRASE_MAX];
            size_t len = strcspn(w, " ");
            if (!r[0] || strlen(r) != len || memcmp(r, w, len))
                break;
            w += len + (w[len] == ' ');
        }
        if (j < words)
            continue;
        for (j = nt - words; j < nt; j++)
            if (all[j].term < 0)
                all[j].term = (int)i;
    }
}

/* The tokens of text[0..n) into toks (stok), each with the query term it lights up for;
 * *nt tokens, *total_chars characters in all. */
static tracuu_status
mark_tokens(const char *text, size_t n, const text_freq_src *freq, const char *const *terms,
            size_t nterms, text_buf *toks, size_t *nt, size_t *total_chars)
{
    text_buf fo = TEXT_BUF_INIT(4096), ex = TEXT_BUF_INIT(4096);
    tracuu_status st = TRACUU_OK;
    size_t chars = 0, last = 0;
    text_token t;
    text_tokenizer tz;
    /* The folded forms of the last PHRASE_MAX tokens, for terms of several words. */
    char recent[PHRASE_MAX][TEXT_TOKEN_MAX_BYTES + 1];
    *nt = 0;
    text_tokenizer_init(&tz, text, n, freq);
    while (st == TRACUU_OK && text_tokenizer_next(&tz, &t)) {
        stok k = {t.start, t.end, 0, -1};
        chars += count_chars(text, last, t.start);
        last = t.start;
        k.cstart = chars;
        char *mine = recent[*nt % PHRASE_MAX];
        mine[0] = '\0';
        if (t.end - t.start <= TEXT_TOKEN_MAX_BYTES) {
            st = token_term(text, &t, terms, nterms, &fo, &ex, &k.term);
            if (st == TRACUU_OK && fo.len <= TEXT_TOKEN_MAX_BYTES)
                memcpy(mine, fo.ptr ? fo.ptr : "", fo.len + 1);
        }
        if (st == TRACUU_OK)
            st = text_buf_put(toks, &k, sizeof k);
        if (st == TRACUU_OK)
            mark_phrases((stok *)(void *)toks->ptr, ++*nt, recent, terms, nterms);
    }
    *total_chars = chars + count_chars(text, last, n);
    text_buf_free(&fo);
    text_buf_free(&ex);
    return st;
}

/* The token that begins the best window of max_chars: the most distinct query terms, then
 * the most hits, with CONTEXT_TOKENS before the first. 0 when the text fits whole. */
static size_t
best_window(const stok *tk, size_t nt, size_t total_chars, unsigned max_chars)
{
    size_t best = 0;
    if (total_chars <= max_chars || nt == 0)
        return 0;
    long best_score = -1;
    unsigned char seen[MAX_TERMS];
    for (size_t i = 0; i < nt; i++) {
        if (tk[i].term < 0)
            continue;
        size_t from = i >= CONTEXT_TOKENS ? i - CONTEXT_TOKENS : 0;
        memset(seen, 0, sizeof seen);
        long distinct = 0, hits = 0;
        for (size_t j = i; j < nt && tk[j].cstart < tk[from].cstart + max_chars; j++) {
            if (tk[j].term < 0)
                continue;
            hits++;
            if (!seen[tk[j].term]) {
                seen[tk[j].term] = 1;
                distinct++;
            }
        }
        long score = distinct * 1000 + hits;
        if (score > best_score) {
            best_score = score;
            best = from;
        }
    }
    return best;
}

/* The window from token `best` to the last token that starts inside it, with the terms
 * between open and close, "… " and " …" where text was cut. */
static tracuu_status
write_window(text_buf *snippet, const char *text, size_t n, const stok *tk, size_t nt,
             size_t best, unsigned max_chars, const char *open, const char *close, int html)
{
    size_t a = nt && best ? tk[best].start : 0;
    size_t b = n, wstart = nt && best ? tk[best].cstart : 0;
    for (size_t j = best; j < nt; j++) {
        if (tk[j].cstart >= wstart + max_chars) {
            b = j > best ? tk[j - 1].end : tk[best].end;
            break;
        }
    }
    tracuu_status st = a > 0 ? text_buf_puts(snippet, "… ") : TRACUU_OK;
    size_t at = a;
    for (size_t j = best; j < nt && st == TRACUU_OK; j++) {
        if (tk[j].start >= b)
            break;
        if (tk[j].term < 0 || tk[j].start < a)
            continue;
        st = put_flat(snippet, text, at, tk[j].start, html);
        if (st == TRACUU_OK)
            st = text_buf_puts(snippet, open);
        if (st == TRACUU_OK)
            st = put_flat(snippet, text, tk[j].start, tk[j].end, html);
        if (st == TRACUU_OK)
            st = text_buf_puts(snippet, close);
        at = tk[j].end;
    }
    if (st == TRACUU_OK)
        st = put_flat(snippet, text, at, b, html);
    if (st == TRACUU_OK && b < n)
        st = text_buf_puts(snippet, " …");
    return st;
}

tracuu_status
snippet_make(const char *text, size_t n, const text_freq_src *freq, const char *const *terms,
             size_t nterms, const char *open, const char *close, unsigned max_chars, int html,
             text_buf *snippet, text_buf *spans)
{
    text_buf toks = TEXT_BUF_INIT((size_t)1 << 30);
    if (nterms > MAX_TERMS)
        nterms = MAX_TERMS;
    size_t nt = 0, total_chars = 0;
    tracuu_status st = mark_tokens(text, n, freq, terms, nterms, &toks, &nt, &total_chars);
    const stok *tk = (const stok *)(void *)toks.ptr;
    for (size_t j = 0; j < nt && st == TRACUU_OK; j++) {
        tracuu_span sp = {tk[j].start, tk[j].end};
        if (tk[j].term >= 0)
            st = text_buf_put(spans, &sp, sizeof sp);
    }
    if (st == TRACUU_OK)
        st = write_window(snippet, text, n, tk, nt, best_window(tk, nt, total_chars, max_chars),
                          max_chars, open, close, html);
    text_buf_free(&toks);
    return st;
}
