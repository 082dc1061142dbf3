/*
 * simterms.c - content syllables of a finding, normalized for comparison (simterms.h).
 */
#include "simterms.h"

#include <stdio.h>
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

typedef struct syl {
    char s[TEXT_TOKEN_MAX_BYTES + 1];
    int stop;
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
    l->v[l->n].stop = stop;
    l->n++;
}

/* Push each space-separated syllable of `phrase` as content. */
static void
push_words(syls *l, const char *phrase)
{
    for (const char *p = phrase; *p;) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
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
    if (!lf->s[0] && strchr(other, ' ') && strlen(other) < sizeof lf->s)
        snprintf(lf->s, sizeof lf->s, "%s", other);
}

/* Does `phrase` (syllables joined by spaces) match l->v[i..]? Returns its syllable count. */
static size_t
match_at(const syls *l, size_t i, const char *phrase)
{
    size_t k = 0;
    for (const char *p = phrase; *p; k++) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        if (i + k >= l->n || strlen(l->v[i + k].s) != len || memcmp(l->v[i + k].s, p, len))
            return 0;
        p += len;
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
    for (size_t i = 0; st == TRACUU_OK && i < raw.n;) {
        size_t best = 0, which = 0;
        for (size_t k = 0; k < NSYN; k++) {
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
            push(&out, raw.v[i].s, strlen(raw.v[i].s), 0);
        i++;
    }
    for (size_t i = 0; st == TRACUU_OK && i < out.n; i++) {
        fn(ctx, out.v[i].s, strlen(out.v[i].s), 0);
        if (i + 1 < out.n) {
            char bg[2 * TEXT_TOKEN_MAX_BYTES + 2];
            int bl = snprintf(bg, sizeof bg, "%s %s", out.v[i].s, out.v[i + 1].s);
            fn(ctx, bg, (size_t)bl, 1);
        }
    }
    free(raw.v);
    free(out.v);
    text_buf_free(&exact);
    text_buf_free(&folded);
    return st;
}
