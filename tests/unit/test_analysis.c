/*
 * test_analysis.c - runs the annotated analysis set tests/data/analysis.tsv (the rules are
 * in its header; HTML extraction included): every line is one case through the real text modules, and every file
 * in tests/data/enc/ (one report in every supported encoding, made by recode, iconv and
 * Python, not by tracuu) must decode, detected, to the same text as the UTF-8 original.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "buf.h"
#include "decode.h"
#include "extract.h"
#include "freq.h"
#include "normalize.h"
#include "stopword.h"
#include "syllable.h"
#include "testutil.h"
#include "token.h"

typedef struct acase {
    int line;
    char *rule, *in, *want, *extra;
} acase;

static acase *cases;
static size_t ncases;
static char *table_text;


static void
load_cases(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/analysis.tsv", tu_env("TRACUU_SOURCE_ROOT", "."));
    table_text = tu_read(path, NULL);
    if (!table_text) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    size_t cap = 1024;
    cases = calloc(cap, sizeof *cases);
    int line = 0;
    for (char *p = table_text; p && *p;) {
        char *e = strchr(p, '\n');
        if (e)
            *e = '\0';
        line++;
        if (*p && *p != '#') {
            if (ncases == cap)
                cases = realloc(cases, (cap *= 2) * sizeof *cases);
            acase *c = &cases[ncases++];
            c->line = line;
            c->rule = p;
            char *f[4] = {p, NULL, NULL, NULL};
            for (int k = 1; k < 4; k++) {
                char *t = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
                if (t) {
                    *t = '\0';
                    f[k] = t + 1;
                }
            }
            char *eol = p + strlen(p); /* an empty, writable string */
            c->in = f[1] ? f[1] : eol;
            c->want = f[2] ? f[2] : eol;
            c->extra = f[3] ? f[3] : eol;
            tu_unescape(c->in);
            tu_unescape(c->want);
        }
        p = e ? e + 1 : NULL;
    }
}

/* Tokens of s (normalized first), texts joined by | or kinds joined by ,. */
static void
tokenize(const char *in, const text_freq_src *freq, int kinds, text_buf *got)
{
    text_buf norm = TEXT_BUF_INIT(1 << 20);
    ck_assert_int_eq(text_normalize(&norm, in, strlen(in)), TRACUU_OK);
    const char *s = norm.ptr ? norm.ptr : "";
    text_tokenizer tz;
    text_token t;
    static const char *const names[] = {"word", "number", "code"};
    text_tokenizer_init(&tz, s, norm.len, freq);
    while (text_tokenizer_next(&tz, &t)) {
        if (got->len)
            text_buf_putc(got, kinds ? ',' : '|');
        if (kinds)
            text_buf_printf(got, "%s%s", names[t.kind], t.glued ? "+g" : "");
        else
            text_buf_put(got, s + t.start, t.end - t.start);
    }
    text_buf_free(&norm);
}

/* "đảng:40,ủy:30": each syllable counted in both layers. */
static text_freq *
freq_table(const char *spec)
{
    text_freq *f = NULL;
    ck_assert_int_eq(text_freq_new(&f), TRACUU_OK);
    char *copy = strdup(spec);
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
        char *colon = strchr(tok, ':');
        ck_assert_ptr_nonnull(colon);
        *colon = '\0';
        long n = strtol(colon + 1, NULL, 10);
        text_buf fo = TEXT_BUF_INIT(256);
        ck_assert_int_eq(text_token_forms(tok, 0, strlen(tok), NULL, &fo, NULL), TRACUU_OK);
        for (long k = 0; k < n; k++) {
            text_freq_add(f, tok, strlen(tok), 0);
            text_freq_add(f, fo.ptr, fo.len, 1);
        }
        text_buf_free(&fo);
    }
    free(copy);
    return f;
}

typedef struct {
    const char *want;
    int found;
    size_t n;
} abbr_probe;

static void
abbr_seen(void *ctx, const char *other)
{
    abbr_probe *p = ctx;
    p->n++;
    if (!strcmp(other, p->want))
        p->found = 1;
}

START_TEST(test_case)
{
    const acase *c = &cases[_i];
    text_buf got = TEXT_BUF_INIT(1 << 20);
    const char *r = c->rule;
    if (!strcmp(r, "exact") || !strcmp(r, "folded")) {
        int ex = !strcmp(r, "exact");
        ck_assert_int_eq(text_token_forms(c->in, 0, strlen(c->in), ex ? &got : NULL,
                                          ex ? NULL : &got, NULL),
                         TRACUU_OK);
    } else if (!strcmp(r, "norm")) {
        ck_assert_int_eq(text_normalize(&got, c->in, strlen(c->in)), TRACUU_OK);
    } else if (!strcmp(r, "tokens") || !strcmp(r, "kinds")) {
        tokenize(c->in, NULL, !strcmp(r, "kinds"), &got);
    } else if (!strcmp(r, "freqtok")) {
        text_freq *f = freq_table(c->extra);
        const text_freq_src src = {text_freq_get, f};
        tokenize(c->in, &src, 0, &got);
        text_freq_free(f);
    } else if (!strcmp(r, "valid") || !strcmp(r, "invalid") || !strcmp(r, "valid~") ||
               !strcmp(r, "invalid~")) {
        int32_t cps[64];
        size_t n = text_utf8_to_cps(c->in, cps, 64);
        int folded = r[strlen(r) - 1] == '~';
        int v = text_syllable_valid(cps, n, folded ? TEXT_SYL_FOLDED : TEXT_SYL_MARKED);
        ck_assert_msg(v == (r[0] == 'v'), "line %d: %s '%s' -> %d", c->line, r, c->in, v);
        goto done;
    } else if (!strcmp(r, "abbr")) {
        abbr_probe p = {c->want, 0, 0};
        abbrev_builtin(c->in, abbr_seen, &p);
        if (!strcmp(c->want, "-"))
            ck_assert_msg(p.n == 0, "line %d: '%s' has %zu expansions, want none", c->line,
                          c->in, p.n);
        else
            ck_assert_msg(p.found, "line %d: '%s' does not give '%s'", c->line, c->in,
                          c->want);
        goto done;
    } else if (!strcmp(r, "harvest")) {
        text_buf defs = TEXT_BUF_INIT(1 << 20);
        ck_assert_int_eq(abbrev_harvest(c->in, strlen(c->in), &defs), TRACUU_OK);
        const abbrev_def *d = (const abbrev_def *)(void *)defs.ptr;
        for (size_t k = 0; k < defs.len / sizeof *d; k++) {
            if (got.len)
                text_buf_putc(&got, ';');
            text_buf_put(&got, c->in + d[k].abbr_start, d[k].abbr_end - d[k].abbr_start);
            text_buf_putc(&got, '=');
            text_buf_put(&got, c->in + d[k].exp_start, d[k].exp_end - d[k].exp_start);
        }
        if (!got.len)
            text_buf_puts(&got, "-");
        text_buf_free(&defs);
    } else if (!strcmp(r, "html") || !strcmp(r, "title")) {
        char *title = NULL;
        text_buf text = TEXT_BUF_INIT(1 << 20);
        ck_assert_int_eq(extract_html(&text, &title, c->in, strlen(c->in)), TRACUU_OK);
        if (!strcmp(r, "html"))
            text_buf_puts(&got, text.ptr ? text.ptr : "");
        else
            text_buf_puts(&got, title ? title : "-");
        free(title);
        text_buf_free(&text);
    } else if (!strcmp(r, "stop")) {
        text_buf_puts(&got, text_is_stopword(c->in) ? "1" : "0");
    } else {
        ck_abort_msg("line %d: unknown rule '%s'", c->line, r);
    }
    ck_assert_msg(strcmp(got.ptr ? got.ptr : "", c->want) == 0,
                  "line %d: %s '%s' -> '%s', want '%s'", c->line, r, c->in,
                  got.ptr ? got.ptr : "", c->want);
done:
    text_buf_free(&got);
}
END_TEST

START_TEST(test_set_is_large_and_covers_every_rule)
{
    static const char *const rules[] = {"exact",  "folded",  "norm",   "tokens",  "kinds",
                                        "freqtok", "valid",  "invalid", "valid~", "invalid~",
                                        "abbr",   "harvest", "stop",     "html",   "title"};
    ck_assert_uint_ge(ncases, 300);
    for (size_t r = 0; r < sizeof rules / sizeof *rules; r++) {
        size_t n = 0;
        for (size_t i = 0; i < ncases; i++)
            n += !strcmp(cases[i].rule, rules[r]);
        ck_assert_msg(n >= 5, "rule %s has only %zu cases", rules[r], n);
    }
}
END_TEST

START_TEST(test_stopword_list_sorted)
{
    size_t n;
    const char *const *w = text_stopwords(&n);
    for (size_t i = 1; i < n; i++)
        ck_assert_msg(strcmp(w[i - 1], w[i]) < 0, "'%s' before '%s'", w[i - 1], w[i]);
}
END_TEST

/* ---- encodings ------------------------------------------------------------------------- */

static const struct {
    const char *file, *detected;
} encodings[] = {
    {"bao-cao.utf8.txt", "UTF-8"},
    {"bao-cao.utf8bom.txt", "UTF-8"},
    {"bao-cao.nfd.txt", "UTF-8"},
    {"bao-cao.utf16le.txt", "UTF-16LE"},
    {"bao-cao.utf16be.txt", "UTF-16BE"},
    {"bao-cao.utf16le-nobom.txt", "UTF-16LE"},
    {"bao-cao.tcvn3.txt", "TCVN3"},
    {"bao-cao.vni.txt", "VNI"},
    {"bao-cao.viscii.txt", "VISCII"},
    {"bao-cao.cp1258.txt", "CP1258"},
    {"bao-cao.viqr.txt", "VIQR"},
    {"bao-cao.mojibake.txt", "UTF-8 (double-encoded via CP1252)"},
    {"bao-cao.tcvn3-as-cp1252.txt", "TCVN3 (via CP1252)"},
    {"bao-cao.vni-as-cp1252.txt", "VNI (via CP1252)"},
};

/* The token exact forms of a decoded file: what the index would hold. */
static char *
file_terms(const char *name, const char *encoding, const char **used)
{
    char path[1024];
    size_t len;
    snprintf(path, sizeof path, "%s/tests/data/enc/%s", tu_env("TRACUU_SOURCE_ROOT", "."),
             name);
    char *raw = tu_read(path, &len);
    ck_assert_msg(raw != NULL, "cannot read %s", path);
    text_buf dec = TEXT_BUF_INIT(1 << 24), norm = TEXT_BUF_INIT(1 << 24),
             out = TEXT_BUF_INIT(1 << 24);
    char err[256];
    ck_assert_msg(text_decode(&dec, used, raw, len, encoding, err, sizeof err) == TRACUU_OK,
                  "%s: %s", name, err);
    ck_assert_int_eq(text_normalize(&norm, dec.ptr, dec.len), TRACUU_OK);
    text_tokenizer tz;
    text_token t;
    text_tokenizer_init(&tz, norm.ptr, norm.len, NULL);
    while (text_tokenizer_next(&tz, &t)) {
        text_token_forms(norm.ptr, t.start, t.end, &out, NULL, NULL);
        text_buf_putc(&out, ' ');
    }
    free(raw);
    text_buf_free(&dec);
    text_buf_free(&norm);
    char *s = text_buf_steal(&out, NULL);
    return s;
}

START_TEST(test_encoding_detected)
{
    const char *used = NULL, *ref_used = NULL;
    char *ref = file_terms("bao-cao.utf8.txt", NULL, &ref_used);
    char *got = file_terms(encodings[_i].file, NULL, &used);
    ck_assert_str_eq(used, encodings[_i].detected);
    ck_assert_uint_gt(strlen(ref), 1000);
    ck_assert_msg(strcmp(ref, got) == 0, "%s decodes differently:\n%s\n---\n%s",
                  encodings[_i].file, got, ref);
    free(ref);
    free(got);
}
END_TEST

/* The same files inside an HTML page that declares no charset: the page's detector path
 * (extract.c) finds the same encoding as the plain-text one. UTF-16 and BOM files are
 * plain-text cases only. */
START_TEST(test_encoding_detected_in_html)
{
    const char *name = encodings[_i].file;
    if (strstr(name, "utf16") || strstr(name, "bom"))
        return;
    char path[1024];
    size_t len;
    snprintf(path, sizeof path, "%s/tests/data/enc/%s", tu_env("TRACUU_SOURCE_ROOT", "."),
             name);
    char *raw = tu_read(path, &len);
    ck_assert(raw != NULL);
    text_buf page = TEXT_BUF_INIT(1 << 24), out = TEXT_BUF_INIT(1 << 24);
    text_buf_puts(&page, "<html><head><title>x</title></head><body><pre>");
    text_buf_put(&page, raw, len);
    text_buf_puts(&page, "</pre></body></html>");
    extract_result res = EXTRACT_RESULT_INIT;
    char err[256];
    ck_assert_int_eq(extract_text(&out, &res, EXTRACT_HTML, page.ptr, page.len, NULL, 0, err,
                                  sizeof err),
                     TRACUU_OK);
    ck_assert_str_eq(res.encoding, encodings[_i].detected);
    extract_result_free(&res);
    text_buf_free(&page);
    text_buf_free(&out);
    free(raw);
}
END_TEST

START_TEST(test_encoding_named_overrides_detection)
{
    const char *used = NULL, *ref_used = NULL;
    char *ref = file_terms("bao-cao.utf8.txt", NULL, &ref_used);
    /* Named right: same text. Named wrong: honoured, so the text differs. */
    char *right = file_terms("bao-cao.vni.txt", "vni-win", &used);
    ck_assert_str_eq(used, "VNI");
    ck_assert_str_eq(right, ref);
    char *wrong = file_terms("bao-cao.vni.txt", "CP1258", &used);
    ck_assert_str_eq(used, "CP1258");
    ck_assert_str_ne(wrong, ref);
    char *viscii = file_terms("bao-cao.viscii.txt", "VISCII", &used);
    ck_assert_str_eq(viscii, ref);
    free(ref);
    free(right);
    free(wrong);
    free(viscii);
}
END_TEST

START_TEST(test_encoding_undecidable_is_an_error)
{
    /* Binary noise: neither UTF-8 nor anything Vietnamese. */
    char junk[512];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(0x80 + (i * 37) % 0x7F);
    text_buf out = TEXT_BUF_INIT(1 << 20);
    const char *used = NULL;
    char err[256];
    ck_assert_int_eq(text_decode(&out, &used, junk, sizeof junk, NULL, err, sizeof err),
                     TRACUU_EENCODING);
    ck_assert_ptr_nonnull(strstr(err, "--encoding"));
    ck_assert_ptr_nonnull(strstr(err, "line 1"));
    text_buf_free(&out);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("analysis");
    TCase *t = tcase_create("set");
    tcase_add_loop_test(t, test_case, 0, (int)ncases);
    tcase_add_test(t, test_set_is_large_and_covers_every_rule);
    tcase_add_test(t, test_stopword_list_sorted);
    suite_add_tcase(s, t);
    TCase *e = tcase_create("encodings");
    tcase_add_loop_test(e, test_encoding_detected, 0,
                        (int)(sizeof encodings / sizeof *encodings));
    tcase_add_loop_test(e, test_encoding_detected_in_html, 0,
                        (int)(sizeof encodings / sizeof encodings[0]));
    tcase_add_test(e, test_encoding_named_overrides_detection);
    tcase_add_test(e, test_encoding_undecidable_is_an_error);
    suite_add_tcase(s, e);
    return s;
}

int
main(void)
{
    load_cases();
    int rc = tu_run(suite());
    free(cases);
    free(table_text);
    return rc;
}
