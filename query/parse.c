/*
 * parse.c - query parsing and building; see parse.h for the language.
 *
 * The query text goes through exactly the indexer's normalizer and tokenizer, so every
 * rule of analysis (NFC, Đ look-alikes, glued words, tone placement) applies on both sides
 * by construction rather than by keeping two implementations in step.
 */
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "abbrev.h"
#include "buf.h"
#include "cite.h"
#include "date.h"
#include "intl.h"
#include "decode.h"
#include "normalize.h"
#include "schema.h"
#include "section.h"
#include "stopword.h"
#include "token.h"

#define QUERY_MAX_BYTES 4096
#define QUERY_MAX_ITEMS 64
/* Weight multiplier for the ranking-only parts (exact marks, adjacency). */
#define BOOST_EXACT 2.0
/* Query words typed side by side that stand so in a document (bigram terms, in the typed
 * order only: "nghỉ hưu" is not "hữu nghị"): x4 measured best on bench/judged.tsv. */
#define BOOST_ADJACENT 4.0
/* A loose function word adds this fraction of a word's weight, and is not required. */
#define STOPWORD_WEIGHT 0.3

void
query_parsed_free(query_parsed *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        for (size_t k = 0; k < p->items[i].n; k++) {
            free(p->items[i].syl[k].folded);
            free(p->items[i].syl[k].exact);
        }
        free(p->items[i].syl);
        for (size_t k = 0; k < p->items[i].nalts; k++)
            free(p->items[i].alts[k]);
        free(p->items[i].alts);
        free(p->items[i].cite);
    }
    for (size_t i = 0; i < p->nfilters; i++)
        free(p->filters[i]);
    free(p->filters);
    free(p->items);
    free(p);
}

static int
is_quote(const char *s, size_t i, size_t n, size_t *qlen)
{
    if (s[i] == '"') {
        *qlen = 1;
        return 1;
    }
    /* “ U+201C and ” U+201D */
    if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D)) {
        *qlen = 3;
        return 1;
    }
    return 0;
}

/* Tokenize s[a..b) into the syllables of one item. */
static tracuu_status
add_syllables(query_item *it, const char *s, size_t a, size_t b, const text_freq_src *freq)
{
    text_buf ex = TEXT_BUF_INIT(4096), fo = TEXT_BUF_INIT(4096);
    tracuu_status st = TRACUU_OK;
    text_token tok;
    text_tokenizer tz;
    text_tokenizer_init(&tz, s + a, b - a, freq);
    while (text_tokenizer_next(&tz, &tok)) {
        tok.start += a;
        tok.end += a;
        if (tok.end - tok.start > TEXT_TOKEN_MAX_BYTES)
            continue;
        text_buf_reset(&ex);
        text_buf_reset(&fo);
        int marked = 0;
        st = text_buf_puts(&ex, PREFIX_EXACT);
        if (st == TRACUU_OK)
            st = text_token_forms(s, tok.start, tok.end, &ex, &fo, &marked);
        if (st != TRACUU_OK)
            break;
        if (it->n >= QUERY_MAX_ITEMS)
            break;
        query_syllable *ns = realloc(it->syl, (it->n + 1) * sizeof *ns);
        if (!ns) {
            st = TRACUU_ENOMEM;
            break;
        }
        it->syl = ns;
        query_syllable *y = &it->syl[it->n];
        y->folded = text_buf_steal(&fo, NULL);
        y->exact = text_buf_steal(&ex, NULL);
        y->marked = marked;
        if (!y->folded || !y->exact) {
            free(y->folded);
            free(y->exact);
            st = TRACUU_ENOMEM;
            break;
        }
        it->n++;
    }
    text_buf_free(&ex);
    text_buf_free(&fo);
    return st;
}

/* ---- abbreviations and stopwords ------------------------------------------------------ */

/* Longest run of loose words that may spell out an abbreviation ("Ủy ban Mặt trận Tổ quốc
 * Việt Nam" is six). */
#define ABBR_RUN_MAX 8
#define ALTS_MAX 8

typedef struct {
    char **alts;
    size_t n;
    int oom;
} alt_list;

static void
alt_add(void *ctx, const char *other)
{
    alt_list *l = ctx;
    if (l->n >= ALTS_MAX || !*other)
        return;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->alts[i], other))
            return;
    char *c = strdup(other);
    if (!c) {
        l->oom = 1;
        return;
    }
    l->alts[l->n++] = c;
}

/* The other forms of `folded`: built-in table, then what the index harvested. */
static void
lookup_alts(const char *folded, const query_env *env, alt_list *l)
{
    abbrev_builtin(folded, alt_add, l);
    if (!env || !env->abbr)
        return;
    char *lines = env->abbr(env->abbr_ctx, folded);
    for (char *p = lines; p && *p;) {
        char *e = strchr(p, '\n');
        if (e)
            *e = '\0';
        alt_add(l, p);
        p = e ? e + 1 : p + strlen(p);
    }
    free(lines);
}

/* Folded syllables of items[i..j) joined by spaces. */
static tracuu_status
join_folded(const query_item *items, size_t i, size_t j, text_buf *out)
{
    tracuu_status st = TRACUU_OK;
    text_buf_reset(out);
    for (size_t k = i; k < j && st == TRACUU_OK; k++)
        for (size_t m = 0; m < items[k].n && st == TRACUU_OK; m++) {
            if (out->len)
                st = text_buf_putc(out, ' ');
            if (st == TRACUU_OK)
                st = text_buf_puts(out, items[k].syl[m].folded);
        }
    return st;
}

static int
loose_word(const query_item *it)
{
    return !it->phrase && !it->negate && it->n == 1;
}

/* Merge items[i..j) (loose words) into items[i] as one phrase. */
static tracuu_status
merge_items(query_parsed *p, size_t i, size_t j)
{
    query_item *it = &p->items[i];
    size_t total = 0;
    for (size_t k = i; k < j; k++)
        total += p->items[k].n;
    query_syllable *syl = realloc(it->syl, total * sizeof *syl);
    if (!syl)
        return TRACUU_ENOMEM;
    it->syl = syl;
    for (size_t k = i + 1; k < j; k++) {
        memcpy(it->syl + it->n, p->items[k].syl, p->items[k].n * sizeof *syl);
        it->n += p->items[k].n;
        free(p->items[k].syl);
    }
    it->phrase = 1;
    it->or_next = p->items[j - 1].or_next;
    memmove(&p->items[i + 1], &p->items[j], (p->n - j) * sizeof *p->items);
    p->n -= j - i - 1;
    return TRACUU_OK;
}

static tracuu_status
expand_abbreviations(query_parsed *p, const query_env *env)
{
    text_buf f = TEXT_BUF_INIT(4096);
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < p->n && st == TRACUU_OK; i++) {
        char *found[ALTS_MAX];
        alt_list l = {found, 0, 0};
        size_t end = i + 1;
        /* A run of loose words spelling out an abbreviation, longest first. */
        for (size_t len = ABBR_RUN_MAX; len >= 2 && !l.n; len--) {
            if (i + len > p->n)
                continue;
            int ok = 1;
            for (size_t k = i; k < i + len && ok; k++)
                ok = loose_word(&p->items[k]) && (k + 1 == i + len || !p->items[k].or_next);
            if (!ok)
                continue;
            st = join_folded(p->items, i, i + len, &f);
            if (st != TRACUU_OK)
                break;
            lookup_alts(f.ptr, env, &l);
            if (l.n)
                end = i + len;
        }
        if (st == TRACUU_OK && !l.n) {
            st = join_folded(p->items, i, i + 1, &f);
            if (st == TRACUU_OK)
                lookup_alts(f.ptr, env, &l);
        }
        if (st == TRACUU_OK && l.oom)
            st = TRACUU_ENOMEM;
        if (st == TRACUU_OK && end > i + 1)
            st = merge_items(p, i, end);
        char **alts = l.n && st == TRACUU_OK ? malloc(l.n * sizeof *alts) : NULL;
        if (l.n && st == TRACUU_OK && !alts)
            st = TRACUU_ENOMEM;
        if (st != TRACUU_OK) {
            for (size_t k = 0; k < l.n; k++)
                free(found[k]);
            break;
        }
        if (l.n) {
            memcpy(alts, found, l.n * sizeof *alts);
            p->items[i].alts = alts;
            p->items[i].nalts = l.n;
        }
    }
    text_buf_free(&f);
    return st;
}

static void
mark_stopwords(query_parsed *p)
{
    size_t loose = 0, stop = 0;
    for (size_t i = 0; i < p->n; i++) {
        query_item *it = &p->items[i];
        if (it->negate)
            continue;
        loose++;
        const char *ex = it->syl[0].exact + strlen(PREFIX_EXACT);
        it->stopword = loose_word(it) && !it->or_next && !it->nalts &&
                       !(i > 0 && p->items[i - 1].or_next) && text_is_stopword(ex);
        stop += it->stopword;
    }
    if (stop == loose) /* a query of function words only: they must match after all */
        for (size_t i = 0; i < p->n; i++)
            p->items[i].stopword = 0;
}

/* Append a filter term (negate: an exclusion). */
static tracuu_status
push_filter(query_parsed *p, const char *prefix, const char *value, int negate)
{
    char **nf = realloc(p->filters, (p->nfilters + 1) * sizeof *nf);
    if (!nf)
        return TRACUU_ENOMEM;
    p->filters = nf;
    size_t len = strlen(prefix) + strlen(value) + 2;
    p->filters[p->nfilters] = malloc(len);
    if (!p->filters[p->nfilters])
        return TRACUU_ENOMEM;
    snprintf(p->filters[p->nfilters], len, "%s%s%s", negate ? "-" : "", prefix, value);
    p->nfilters++;
    return TRACUU_OK;
}

/* A typed date (text_date_parse: "2019-06", "30/6/2019"...) -> "2019", "201906",
 * "20190630" (SLOT_DATE form). */
static int
date_key(const char *v, size_t n, char out[16])
{
    char iso[11];
    size_t k = 0;
    if (!text_date_parse(v, n, iso))
        return 0;
    for (const char *c = iso; *c; c++)
        if (*c != '-')
            out[k++] = *c;
    out[k] = '\0';
    return 1;
}

/* year:YYYY, date:A..B — one range, narrowed by each. */
static tracuu_status
add_date_filter(query_parsed *p, const char *v, size_t n, int is_year, char *err, size_t errsz)
{
    char lo[16] = "", hi[16] = "";
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < n; i++)
        if (v[i] == '.' && v[i + 1] == '.')
            dots = v + i;
    size_t ln = dots ? (size_t)(dots - v) : n;
    int ok = is_year ? (!dots && date_key(v, n, lo) && strlen(lo) == 4)
                     : ((ln == 0 || date_key(v, ln, lo)) &&
                        (!dots || (size_t)(v + n - dots - 2) == 0 ||
                         date_key(dots + 2, (size_t)(v + n - dots - 2), hi)));
    if (!ok) {
        if (is_year)
            snprintf(err, errsz, L_("year:%.*s: give a year, e.g. year:2019"), (int)n, v);
        else
            snprintf(err, errsz,
                     L_("date:%.*s: give a date or range, e.g. date:2018-01..2019 or "
                        "date:20/5/2019.."),
                     (int)n, v);
        return TRACUU_EINVAL;
    }
    if (is_year || !dots)
        snprintf(hi, sizeof hi, "%s", lo);
    /* hi covers everything that starts with it: 2019 .. 2019\xff */
    if (hi[0])
        strcat(hi, "\xff");
    if (lo[0] && strcmp(lo, p->date_lo) > 0)
        snprintf(p->date_lo, sizeof p->date_lo, "%s", lo);
    if (hi[0] && (!p->date_hi[0] || strcmp(hi, p->date_hi) < 0))
        snprintf(p->date_hi, sizeof p->date_hi, "%s", hi);
    return TRACUU_OK;
}

/* Filters on a named field of the report (schema.c): commune:, district:, province: (place
 * names, compared folded: marks and tone placement never matter), kind: and section:. */
static tracuu_status
add_named_filter(query_parsed *p, const tracuu_filter *ff, const char *v, size_t n, int negate,
                 char *err, size_t errsz)
{
    static const char *const kinds[] = {REPORT_KINDS};
    const char *field = ff->name;
    text_buf f = TEXT_BUF_INIT(512);
    tracuu_status st = abbrev_fold(v, 0, n, &f);
    if (st == TRACUU_OK && !f.len) {
        snprintf(err, errsz, L_("%s: needs a value, e.g. %s"), field,
                 !strcmp(field, "kind")      ? "kind:so-ket"
                 : !strcmp(field, "section") ? "section:limitation"
                                             : "commune:\"Sơn Định\"");
        st = TRACUU_EINVAL;
    }
    const char *value = f.ptr;
    if (st == TRACUU_OK && !strcmp(field, "kind")) {
        int known = 0;
        for (size_t i = 0; i < f.len; i++)
            if (f.ptr[i] == ' ')
                f.ptr[i] = '-';
        for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
            known |= !strcmp(f.ptr, kinds[i]);
        if (!known) {
            snprintf(err, errsz,
                     L_("kind:%.*s: one of so-ket, tong-ket, ke-hoach, khao-sat, bao-cao, tin"),
                     (int)n, v);
            st = TRACUU_EINVAL;
        }
    } else if (st == TRACUU_OK && !strcmp(field, "section")) {
        section_kind sk;
        if (!section_parse(f.ptr, &sk)) {
            snprintf(err, errsz,
                     L_("section:%.*s: one of achievement, limitation, direction, other"),
                     (int)n, v);
            st = TRACUU_EINVAL;
        } else
            value = section_name(sk);
    }
    if (st == TRACUU_OK)
        st = push_filter(p, ff->prefix, value, negate);
    text_buf_free(&f);
    return st;
}

/* cites:ID — passages citing ID, in any spelling of it. */
static tracuu_status
add_cite_filter(query_parsed *p, const char *v, size_t n, int negate, char *err, size_t errsz)
{
    char spelled[256], id[CITE_ID_MAX];
    snprintf(spelled, sizeof spelled, "%.*s", (int)n, v);
    if (!cite_canonical(spelled, id, sizeof id)) {
        snprintf(err, errsz, L_("cites:%s is not a document number (e.g. cites:25-NQ/TW)"),
                 spelled);
        return TRACUU_EINVAL;
    }
    return push_filter(p, PREFIX_CITE, id, negate);
}

/* The filter a folded name means: its name or its Vietnamese alias (schema.c), compared
 * folded (case and marks ignored), so xa:, xã:, XÃ: and Xa: are all commune:. NULL: none. */
static const tracuu_filter *
filter_named(const char *folded)
{
    size_t nf;
    const tracuu_filter *f = tracuu_query_filters(&nf);
    for (size_t k = 0; k < nf; k++) {
        char alias[64];
        if (f[k].alias)
            abbrev_fold_key(f[k].alias, alias, sizeof alias);
        if (!strcmp(folded, f[k].name) || (f[k].alias && !strcmp(folded, alias)))
            return &f[k];
    }
    return NULL;
}

void
query_filter_names(char *out, size_t outsz)
{
    size_t nf, used = 0;
    const tracuu_filter *f = tracuu_query_filters(&nf);
    out[0] = '\0';
    for (size_t k = 0; k < nf && used < outsz; k++) {
        int w = snprintf(out + used, outsz - used, "%s%s%s%s%s", k ? ", " : "", f[k].name,
                         f[k].alias ? " (" : "", f[k].alias ? f[k].alias : "",
                         f[k].alias ? ")" : "");
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* Is s[a..c) the name of a filter attempt: 1 to 16 bytes of letters (ASCII or any UTF-8
 * letter with its marks), no digit or punctuation? Sets folded (a-z only) when it is. */
static int
prefix_name(const char *s, size_t a, size_t c, char folded[64])
{
    char raw[24];
    if (c <= a || c - a > 16)
        return 0;
    for (size_t i = a; i < c; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x80 && !((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'))
            return 0;
    }
    memcpy(raw, s + a, c - a);
    raw[c - a] = '\0';
    abbrev_fold_key(raw, folded, 64);
    for (const char *f = folded; *f; f++)
        if (*f < 'a' || *f > 'z')
            return 0;
    return folded[0] != '\0';
}

/* Token s[a..b) (the query is s[0..n)) as a filter. Returns 1 when it was one (added, *i
 * moved past a quoted value), 0 when it is words, -1 on an error (*st and err set).
 *
 * Which tokens are filter attempts: NAME:VALUE where NAME is letters only and VALUE is not
 * empty (or is quoted) and does not start with '/'. So "10:30" (digits), "http://..." and
 * a word ending a clause ("Hà Nam:") stay words, while a misspelt "comune:Sơn" is an
 * error listing the known prefixes rather than a silent search for the words. */
static int
filter_token(query_parsed *p, const char *s, size_t n, size_t a, size_t b, size_t *i,
             int negate, tracuu_status *st, char *err, size_t errsz)
{
    const char *colon = memchr(s + a, ':', b - a);
    char folded[64];
    size_t ql = 0;
    if (!colon || !prefix_name(s, a, (size_t)(colon - s), folded))
        return 0;
    size_t va = (size_t)(colon - s) + 1, vb = b;
    int quoted = va < n && is_quote(s, va, n, &ql);
    const tracuu_filter *ff = filter_named(folded);
    if (!ff) {
        if ((va >= b && !quoted) || s[va] == '/')
            return 0;
        char known[256];
        query_filter_names(known, sizeof known);
        snprintf(err, errsz,
                 L_("%.*s: unknown filter '%.*s:' (known: %s; put words with a colon in "
                    "quotes)"),
                 (int)(b - a), s + a, (int)(colon - s - (long)a), s + a, known);
        *st = TRACUU_EBADQUERY;
        return -1;
    }
    const char *field = ff->name;
    int dated = !ff->prefix; /* year: and date: read the date value */
    if (va >= b && (dated || !strcmp(field, "cites")))
        return 0; /* "year:" alone: a word, as before */
    if (!strcmp(field, "cites"))
        *st = add_cite_filter(p, s + va, vb - va, negate, err, errsz);
    else if (dated)
        *st = add_date_filter(p, s + va, vb - va, !strcmp(field, "year"), err, errsz);
    else {
        /* commune:"Sơn Định", kind:"sơ kết": the value may be quoted, with spaces */
        if (quoted) {
            va += ql;
            vb = va;
            while (vb < n && !is_quote(s, vb, n, &ql))
                vb++;
            *i = vb < n ? vb + ql : n;
        }
        *st = add_named_filter(p, ff, s + va, vb - va, negate, err, errsz);
    }
    return *st == TRACUU_OK ? 1 : -1;
}

tracuu_status
query_parse(query_parsed **out, const char *q, const query_env *env, char *err,
            size_t errsz)
{
    text_buf norm = TEXT_BUF_INIT(QUERY_MAX_BYTES * 4);
    query_parsed *p = NULL;
    tracuu_status st = TRACUU_OK;
    *out = NULL;
    err[0] = '\0';
    size_t qn = q ? strlen(q) : 0;
    if (qn > QUERY_MAX_BYTES) {
        snprintf(err, errsz, L_("query longer than %d bytes"), QUERY_MAX_BYTES);
        return TRACUU_EINVAL;
    }
    if (text_utf8_check(q ? q : "", qn) != qn) {
        snprintf(err, errsz, "%s", L_("query is not valid UTF-8"));
        return TRACUU_EINVAL;
    }
    st = text_normalize(&norm, q ? q : "", qn);
    if (st != TRACUU_OK)
        goto done;
    p = calloc(1, sizeof *p);
    if (!p) {
        st = TRACUU_ENOMEM;
        goto done;
    }
    const char *s = norm.ptr ? norm.ptr : "";
    size_t n = norm.len, i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\n'))
            i++;
        if (i >= n)
            break;
        int negate = 0;
        size_t ql;
        if (s[i] == '-' && i + 1 < n && s[i + 1] != ' ') {
            negate = 1;
            i++;
        }
        size_t a, b;
        int quoted = 0;
        if (is_quote(s, i, n, &ql)) {
            quoted = 1;
            a = i + ql;
            b = a;
            while (b < n && !is_quote(s, b, n, &ql))
                b++;
            i = b < n ? b + ql : n;
        } else {
            a = i;
            while (i < n && s[i] != ' ' && s[i] != '\n' && !is_quote(s, i, n, &ql))
                i++;
            b = i;
            if (!negate && b - a == 2 && memcmp(s + a, "OR", 2) == 0) {
                if (p->n > 0)
                    p->items[p->n - 1].or_next = 1;
                continue;
            }
            int f = filter_token(p, s, n, a, b, &i, negate, &st, err, errsz);
            if (f < 0)
                goto done;
            if (f > 0)
                continue;
        }
        if (p->n >= QUERY_MAX_ITEMS)
            break;
        query_item *ni = realloc(p->items, (p->n + 1) * sizeof *ni);
        if (!ni) {
            st = TRACUU_ENOMEM;
            goto done;
        }
        p->items = ni;
        query_item *it = &p->items[p->n];
        memset(it, 0, sizeof *it);
        st = add_syllables(it, s, a, b, env && env->freq.fn ? &env->freq : NULL);
        if (st != TRACUU_OK) {
            p->n++; /* so that free() sees what was allocated */
            goto done;
        }
        if (it->n == 0) {
            free(it->syl);
            continue; /* punctuation only */
        }
        it->negate = negate;
        it->phrase = quoted || it->n > 1;
        p->n++;
        if (!quoted && it->n > 1 && b - a < 200) {
            char spelled[256], id[CITE_ID_MAX];
            snprintf(spelled, sizeof spelled, "%.*s", (int)(b - a), s + a);
            if (cite_canonical(spelled, id, sizeof id)) {
                size_t len = strlen(PREFIX_CITE) + strlen(id) + 1;
                it->cite = malloc(len);
                if (!it->cite) {
                    st = TRACUU_ENOMEM;
                    goto done;
                }
                snprintf(it->cite, len, "%s%s", PREFIX_CITE, id);
            }
        }
    }
    /* An OR with nothing after it binds nothing. */
    if (p->n > 0)
        p->items[p->n - 1].or_next = 0;
    st = expand_abbreviations(p, env);
    if (st != TRACUU_OK)
        goto done;
    mark_stopwords(p);
    if (p->n == 0 && p->nfilters == 0 && !p->date_lo[0] && !p->date_hi[0]) {
        snprintf(err, errsz, "%s", qn ? L_("query has no searchable words") : L_("empty query"));
        st = TRACUU_EINVAL;
        goto done;
    }
    *out = p;
    p = NULL;
done:
    text_buf_free(&norm);
    query_parsed_free(p);
    return st;
}

/* ---- building ------------------------------------------------------------------------ */

typedef struct qlist {
    store_query **q;
    size_t n;
} qlist;

static void
qlist_free(qlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        store_query_free(l->q[i]);
    free(l->q);
    l->q = NULL;
    l->n = 0;
}

static tracuu_status
qlist_push(qlist *l, store_query *q, store_err *err)
{
    store_query **nq = realloc(l->q, (l->n + 1) * sizeof *nq);
    if (!nq) {
        store_query_free(q);
        err->status = TRACUU_ENOMEM;
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return TRACUU_ENOMEM;
    }
    l->q = nq;
    l->q[l->n++] = q;
    return TRACUU_OK;
}

/* Combine a list into one query (the list keeps its members). */
static tracuu_status
qlist_combine(store_query **out, qlist *l, store_op op, unsigned window, store_err *err)
{
    if (l->n == 1 && op != STORE_OP_PHRASE)
        return store_query_combine(out, STORE_OP_OR, l->q, 1, 0, err);
    return store_query_combine(out, op, l->q, l->n, window, err);
}

/* The matching query of one item on one layer (exact: use the E terms). */
static tracuu_status
item_query(store_query **out, const query_item *it, int exact, store_err *err)
{
    qlist l = {NULL, 0};
    tracuu_status st = TRACUU_OK;
    for (size_t k = 0; k < it->n && st == TRACUU_OK; k++) {
        const char *t = it->syl[k].folded;
        /* Exact layer: the E term where the exact form differs, else the folded term,
         * which is then the exact form too (schema.h "E"). */
        if (exact && strcmp(it->syl[k].exact + strlen(PREFIX_EXACT), t))
            t = it->syl[k].exact;
        store_query *q;
        st = store_query_term(&q, t, strlen(t), 1, (unsigned)k + 1, err);
        if (st == TRACUU_OK)
            st = qlist_push(&l, q, err);
    }
    /* E terms have no positions: the exact layer of a phrase is the AND of its exact
     * forms (it only ranks passages the folded phrase already matched). */
    store_query *main = NULL;
    if (st == TRACUU_OK)
        st = it->n == 1 ? store_query_combine(&main, STORE_OP_OR, l.q, 1, 0, err)
                 : exact ? qlist_combine(&main, &l, STORE_OP_AND, 0, err)
                         : qlist_combine(&main, &l, STORE_OP_PHRASE, (unsigned)it->n, err);
    qlist_free(&l);
    if (st != TRACUU_OK || exact || (!it->nalts && !it->cite)) {
        *out = main;
        return st;
    }
    /* Abbreviation and expansion, or a document number and its citation term, weigh as
     * one term: SYNONYM of the forms. */
    st = qlist_push(&l, main, err);
    if (st == TRACUU_OK && it->cite) {
        store_query *c;
        st = store_query_term(&c, it->cite, strlen(it->cite), 1, 0, err);
        if (st == TRACUU_OK)
            st = qlist_push(&l, c, err);
        /* and the document that carries the number as its own (schema.h XN:) */
        char own[CITE_ID_MAX + 8];
        int ol = snprintf(own, sizeof own, "%s%s", PREFIX_NUMBER, it->cite + strlen(PREFIX_CITE));
        if (st == TRACUU_OK && ol > 0 && (size_t)ol < sizeof own)
            st = store_query_term(&c, own, (size_t)ol, 1, 0, err);
        if (st == TRACUU_OK && ol > 0 && (size_t)ol < sizeof own)
            st = qlist_push(&l, c, err);
    }
    for (size_t a = 0; a < it->nalts && st == TRACUU_OK; a++) {
        qlist words = {NULL, 0};
        unsigned pos = 0;
        for (char *w = it->alts[a]; st == TRACUU_OK && *w;) {
            size_t len = strcspn(w, " ");
            store_query *q;
            st = store_query_term(&q, w, len, 1, ++pos, err);
            if (st == TRACUU_OK)
                st = qlist_push(&words, q, err);
            w += len + (w[len] == ' ');
        }
        store_query *alt = NULL;
        if (st == TRACUU_OK && words.n)
            st = words.n == 1 ? store_query_combine(&alt, STORE_OP_OR, words.q, 1, 0, err)
                              : qlist_combine(&alt, &words, STORE_OP_PHRASE,
                                              (unsigned)words.n, err);
        qlist_free(&words);
        if (st == TRACUU_OK && alt)
            st = qlist_push(&l, alt, err);
    }
    if (st == TRACUU_OK)
        st = qlist_combine(out, &l, STORE_OP_SYNONYM, 0, err);
    qlist_free(&l);
    return st;
}

static int
item_marked(const query_item *it)
{
    for (size_t k = 0; k < it->n; k++)
        if (it->syl[k].marked)
            return 1;
    return 0;
}

/* Ranking-only subqueries: exact-layer matches of marked items, and adjacent pairs of
 * single-syllable query words standing together (bigram terms; see query_adjacency). */
static tracuu_status
boosts(qlist *out, const query_parsed *p, store_err *err)
{
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < p->n && st == TRACUU_OK; i++) {
        const query_item *it = &p->items[i];
        if (it->negate || it->stopword || !item_marked(it))
            continue;
        store_query *q, *s;
        st = item_query(&q, it, 1, err);
        if (st != TRACUU_OK)
            break;
        st = store_query_scale(&s, q, BOOST_EXACT, err);
        store_query_free(q);
        if (st == TRACUU_OK)
            st = qlist_push(out, s, err);
    }
    for (size_t i = 0; i + 1 < p->n && st == TRACUU_OK && p->adjacency != QUERY_ADJ_NONE; i++) {
        const query_item *a = &p->items[i], *b = &p->items[i + 1];
        if (a->negate || b->negate || a->phrase || b->phrase || a->or_next)
            continue;
        store_query *t[2] = {NULL, NULL}, *ph = NULL, *s = NULL;
        st = store_query_term(&t[0], a->syl[0].folded, strlen(a->syl[0].folded), 1, 1, err);
        if (st == TRACUU_OK)
            st = store_query_term(&t[1], b->syl[0].folded, strlen(b->syl[0].folded), 1, 2, err);
        if (st == TRACUU_OK && p->adjacency == QUERY_ADJ_BIGRAM) {
            char bg[300];
            int bl = snprintf(bg, sizeof bg, "%s%s %s", PREFIX_BIGRAM, a->syl[0].folded,
                              b->syl[0].folded);
            st = store_query_term(&ph, bg, (size_t)bl, 1, 0, err);
        } else if (st == TRACUU_OK)
            st = p->adjacency == QUERY_ADJ_NEAR
                     ? store_query_combine(&ph, STORE_OP_NEAR, t, 2, 3, err)
                     : store_query_combine(&ph, STORE_OP_PHRASE, t, 2, 2, err);
        if (st == TRACUU_OK)
            st = store_query_scale(&s, ph, BOOST_ADJACENT, err);
        store_query_free(t[0]);
        store_query_free(t[1]);
        store_query_free(ph);
        if (st == TRACUU_OK)
            st = qlist_push(out, s, err);
    }
    return st;
}

/* *main = (*main OP (OR of list)); nothing when the list is empty. */
static tracuu_status
wrap(store_query **main, store_op op, qlist *list, store_err *err)
{
    if (list->n == 0)
        return TRACUU_OK;
    store_query *pair[2] = {*main, NULL}, *q = NULL;
    tracuu_status st = qlist_combine(&pair[1], list, STORE_OP_OR, 0, err);
    if (st == TRACUU_OK)
        st = store_query_combine(&q, op, pair, 2, 0, err);
    store_query_free(pair[1]);
    if (st == TRACUU_OK) {
        store_query_free(*main);
        *main = q;
    }
    return st;
}

/* *main = (*main FILTER each of list): every filter must hold. */
static tracuu_status
wrap_all(store_query **main, store_op op, qlist *list, store_err *err)
{
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < list->n && st == TRACUU_OK; i++) {
        store_query *pair[2] = {*main, list->q[i]}, *q = NULL;
        st = store_query_combine(&q, op, pair, 2, 0, err);
        if (st == TRACUU_OK) {
            store_query_free(*main);
            *main = q;
        }
    }
    return st;
}

tracuu_status
query_build(store_query **out, const query_parsed *p, store_err *err)
{
    qlist groups = {NULL, 0}, group = {NULL, 0}, negs = {NULL, 0}, extra = {NULL, 0};
    store_query *main = NULL, *q = NULL;
    tracuu_status st = TRACUU_OK;
    *out = NULL;

    for (size_t i = 0; i < p->n && st == TRACUU_OK; i++) {
        const query_item *it = &p->items[i];
        st = item_query(&q, it, 0, err);
        if (st != TRACUU_OK)
            break;
        if (it->negate) {
            st = qlist_push(&negs, q, err);
            continue;
        }
        if (it->stopword) {
            store_query *s = NULL;
            st = store_query_scale(&s, q, STOPWORD_WEIGHT, err);
            store_query_free(q);
            if (st == TRACUU_OK)
                st = qlist_push(&extra, s, err);
            continue;
        }
        st = qlist_push(&group, q, err);
        if (st == TRACUU_OK && !it->or_next) {
            st = qlist_combine(&q, &group, STORE_OP_OR, 0, err);
            qlist_free(&group);
            if (st == TRACUU_OK)
                st = qlist_push(&groups, q, err);
        }
    }
    if (st != TRACUU_OK)
        goto done;
    if (group.n) { /* "a OR -b": the OR chain ended on an exclusion */
        st = qlist_combine(&q, &group, STORE_OP_OR, 0, err);
        if (st == TRACUU_OK)
            st = qlist_push(&groups, q, err);
        if (st != TRACUU_OK)
            goto done;
    }
    /* Citation filters: cites:ID restricts, -cites:ID excludes; with no words, they select. */
    qlist need = {NULL, 0};
    for (size_t i = 0; i < p->nfilters && st == TRACUU_OK; i++) {
        const char *t = p->filters[i];
        int neg = t[0] == '-';
        st = store_query_term(&q, t + neg, strlen(t + neg), 1, 0, err);
        if (st == TRACUU_OK)
            st = qlist_push(neg ? &negs : &need, q, err);
    }
    if (st == TRACUU_OK && (p->date_lo[0] || p->date_hi[0])) {
        st = store_query_value_range(&q, SLOT_DATE, p->date_lo[0] ? p->date_lo : NULL,
                                     p->date_hi[0] ? p->date_hi : NULL, err);
        if (st == TRACUU_OK)
            st = qlist_push(&need, q, err);
    }
    if (st == TRACUU_OK && groups.n == 0 && need.n) {
        st = store_query_match_all(&q, err);
        if (st == TRACUU_OK)
            st = qlist_push(&groups, q, err);
    }
    if (st != TRACUU_OK) {
        qlist_free(&need);
        goto done;
    }
    if (groups.n == 0) {
        qlist_free(&need);
        err->status = TRACUU_EBADQUERY;
        snprintf(err->msg, sizeof err->msg,
                 "the query only excludes words; add at least one word to look for");
        st = TRACUU_EBADQUERY;
        goto done;
    }
    st = qlist_combine(&main, &groups, p->relax ? STORE_OP_OR : STORE_OP_AND, 0, err);
    if (st == TRACUU_OK)
        st = wrap_all(&main, STORE_OP_FILTER, &need, err);
    qlist_free(&need);
    if (st == TRACUU_OK)
        st = wrap(&main, STORE_OP_AND_NOT, &negs, err);
    if (st == TRACUU_OK)
        st = boosts(&extra, p, err);
    if (st == TRACUU_OK)
        st = wrap(&main, STORE_OP_AND_MAYBE, &extra, err);
    if (st == TRACUU_OK) {
        *out = main;
        main = NULL;
    }
done:
    qlist_free(&groups);
    qlist_free(&group);
    qlist_free(&negs);
    qlist_free(&extra);
    store_query_free(main);
    return st;
}
