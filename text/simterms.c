/*
 * simterms.c - content syllables of a finding, normalized for comparison (simterms.h).
 */
#include "simterms.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "buf.h"
#include "stopword.h"
#include "token.h"

/* Near-synonyms in report language, folded: each `from` phrase is read as `to` ("" drops
 * it). Only pairs that mean the same in a finding about a shortcoming or a result; the
 * longest `from` at a position wins. */
static const struct {
    const char *from, *to;
} synonyms[] = {
    {"nguoi dan", "nhan dan"},
    {"ba con", "nhan dan"},
    {"quan chung nhan dan", "nhan dan"},
    {"quan chung", "nhan dan"},
    {"khong", "chua"},
    {"thieu", "chua"},
    {"chua duoc", "chua"},
    {"con cham", "chua kip thoi"},
    {"cham tre", "chua kip thoi"},
    {"con cham tre", "chua kip thoi"},
    {"chua deu dan", "chua thuong xuyen"},
    {"long leo", "chua chat che"},
    {"chua dong bo", "chua chat che"},
    {"con thap", "chua cao"},
    {"chua tot", "chua cao"},
    {"han che", "chua cao"},
    {"chua thuc su", "chua"},
    {"chua that su", "chua"},
    {"thich dang", "dung muc"},
    {"sau sat", "sat"},
    {"sat dan", "sat nhan dan"},
    {"nang tinh hanh chinh", "hanh chinh hoa"},
    {"mang tinh hanh chinh", "hanh chinh hoa"},
    {"chu trong", "quan tam"},
    {"to chuc chinh tri xa hoi", "doan the"},
    {"cac hoi doan the", "doan the"},
    {"hoi doan the", "doan the"},
    {"ngan sach", "kinh phi"},
    {"nguon kinh phi", "kinh phi"},
    {"trinh do", "nang luc"},
    {"kha nang", "nang luc"},
    {"tieu bieu", "dien hinh"},
    {"guong dien hinh", "dien hinh"},
    {"mot so", ""},
    {"mot bo phan", ""},
    {"mot vai", ""},
    {"nhin chung", ""},
    {"nhat dinh", ""},
    {"dia ban", ""},
    {"dia phuong", ""},
    {"cong tac", ""},
    {"viec", ""},
};

#define NSYN (sizeof synonyms / sizeof *synonyms)

/* For each first byte, the synonyms whose `from` starts with it (bit k = synonyms[k]):
 * a position is tried only against the few that can match there, in table order. */
_Static_assert(NSYN <= 64, "one bit per synonym");
static uint64_t syn_by_first[256];
static pthread_once_t syn_once = PTHREAD_ONCE_INIT;

static void
index_synonyms(void)
{
    for (size_t k = 0; k < NSYN; k++)
        syn_by_first[(unsigned char)synonyms[k].from[0]] |= (uint64_t)1 << k;
}

/* A syllable keeps its length: matching it against the synonym table for every position
 * must not rescan it. */
typedef struct syl {
    char s[TEXT_TOKEN_MAX_BYTES + 1];
    uint8_t len;
    uint8_t stop;
} syl;

typedef struct syls {
    syl *v;
    size_t n;
} syls;

static void
push(syls *l, const char *s, size_t len, int stop)
{
    if (l->n >= SIMTERMS_MAX_SYLLABLES || !len || len > TEXT_TOKEN_MAX_BYTES)
        return;
    memcpy(l->v[l->n].s, s, len);
    l->v[l->n].s[len] = '\0';
    l->v[l->n].len = (uint8_t)len;
    l->v[l->n].stop = (uint8_t)stop;
    l->n++;
}

/* Push each space-separated syllable of `phrase` as content. */
static void
push_words(syls *l, const char *phrase)
{
    for (const char *p = phrase; *p;) {
        size_t len = strcspn(p, " ");
        push(l, p, len, 0);
        p += len;
        while (*p == ' ')
            p++;
    }
}

typedef struct long_form {
    char s[128];
} long_form;

static void
take_long(void *ctx, const char *other)
{
    long_form *lf = ctx;
    size_t n = strlen(other);
    if (!lf->s[0] && memchr(other, ' ', n) && n < sizeof lf->s)
        text_copy(lf->s, sizeof lf->s, other, n);
}

/* Does `phrase` (syllables joined by single spaces) match l->v[i..]? Returns its syllable
 * count. This runs for each candidate synonym at every position, so the phrase is compared
 * in place against the syllables' kept lengths, with no scan of the phrase or the syllable
 * ahead of the comparison. */
static size_t
match_at(const syls *l, size_t i, const char *phrase)
{
    size_t k = 0;
    for (const char *p = phrase; *p; k++) {
        if (i + k >= l->n)
            return 0;
        const syl *y = &l->v[i + k];
        /* y->s has no NUL before y->len, so a shorter word in p stops at a mismatch. */
        for (size_t j = 0; j < y->len; j++)
            if (p[j] != y->s[j])
                return 0;
        p += y->len;
        if (*p != ' ' && *p != '\0')
            return 0; /* the phrase's word is longer than the syllable */
        while (*p == ' ')
            p++;
    }
    return k;
}

static int
is_acronym(const char *t, size_t a, size_t b)
{
    unsigned caps = 0;
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c >= 'a' && c <= 'z')
            return 0;
        if (c >= 'A' && c <= 'Z')
            caps++;
        if (c == 0xC4 && i + 1 < b && (unsigned char)t[i + 1] == 0x90) /* Đ */
            caps++;
    }
    return caps >= 2;
}

tracuu_status
simterms_of(const char *text, size_t s, size_t e, simterm_fn fn, void *ctx)
{
    syls raw = {malloc(SIMTERMS_MAX_SYLLABLES * sizeof(syl)), 0};
    syls out = {malloc(SIMTERMS_MAX_SYLLABLES * sizeof(syl)), 0};
    text_buf exact = TEXT_BUF_INIT(4096), folded = TEXT_BUF_INIT(4096);
    tracuu_status st = raw.v && out.v ? TRACUU_OK : TRACUU_ENOMEM;
    text_tokenizer tz;
    text_token tok;
    text_tokenizer_init(&tz, text + s, e - s, NULL);
    while (st == TRACUU_OK && raw.n < SIMTERMS_MAX_SYLLABLES && text_tokenizer_next(&tz, &tok)) {
        size_t a = tok.start + s, b = tok.end + s;
        if (tok.kind == TEXT_TOK_NUMBER || b - a > TEXT_TOKEN_MAX_BYTES)
            continue;
        text_buf_reset(&exact);
        text_buf_reset(&folded);
        int marked = 0;
        st = text_token_forms(text, a, b, &exact, &folded, &marked);
        if (st != TRACUU_OK || !folded.len)
            continue;
        long_form lf = {""};
        if (is_acronym(text, a, b) && abbrev_builtin(folded.ptr, take_long, &lf) && lf.s[0])
            push_words(&raw, lf.s);
        else
            /* A word typed without marks may be a function word typed without them: "cua",
             * "con", "vao" weigh nothing, as "của", "còn", "vào" do. */
            push(&raw, folded.ptr, folded.len,
                 text_is_stopword(exact.ptr) || (!marked && text_is_folded_stopword(folded.ptr)));
    }
    pthread_once(&syn_once, index_synonyms);
    for (size_t i = 0; st == TRACUU_OK && i < raw.n;) {
        size_t best = 0, which = 0;
        for (uint64_t cand = syn_by_first[(unsigned char)raw.v[i].s[0]]; cand;
             cand &= cand - 1) {
            size_t k = (size_t)__builtin_ctzll(cand);
            size_t m = match_at(&raw, i, synonyms[k].from);
            if (m > best) {
                best = m;
                which = k;
            }
        }
        if (best) {
            push_words(&out, synonyms[which].to);
            i += best;
            continue;
        }
        if (!raw.v[i].stop)
            push(&out, raw.v[i].s, raw.v[i].len, 0);
        i++;
    }
    for (size_t i = 0; st == TRACUU_OK && i < out.n; i++) {
        const syl *a = &out.v[i];
        fn(ctx, a->s, a->len, 0);
        if (i + 1 < out.n) {
            /* "a b": both fit, each at most TEXT_TOKEN_MAX_BYTES (push). */
            const syl *b = &out.v[i + 1];
            char bg[2 * TEXT_TOKEN_MAX_BYTES + 2];
            memcpy(bg, a->s, a->len);
            bg[a->len] = ' ';
            memcpy(bg + a->len + 1, b->s, b->len);
            bg[a->len + 1 + b->len] = '\0';
            fn(ctx, bg, (size_t)a->len + 1 + b->len, 1);
        }
    }
    free(raw.v);
    free(out.v);
    text_buf_free(&exact);
    text_buf_free(&folded);
    return st;
}
