/*
 * stopword.c - the stopword list, kept sorted for bsearch.
 */
#include "stopword.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "token.h"

/* Sorted by strcmp (UTF-8 byte order); test_text checks the order. */
static const char *const words[] = {
    "bị", "bởi", "cho", "chỉ", "các", "còn", "có", "cũng", "của", "do", "dưới", "hay",
    "hoặc", "khi", "không", "là", "lên", "lại", "mà", "mỗi", "một", "ngoài", "nhiều", "như",
    "nhưng", "những", "nào", "này", "nên", "nếu", "qua", "ra", "rất", "rằng", "sau", "sẽ",
    "theo", "thì", "thế", "trong", "trên", "trước", "tuy", "tại", "tới", "từ", "và", "vào",
    "vì", "vẫn", "vậy", "về", "với", "xuống", "ít", "đang", "đã", "đó", "được", "đến",
    "đều", "để", "ấy", "ở",
};

static int
cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
text_is_stopword(const char *exact)
{
    return bsearch(&exact, words, sizeof words / sizeof *words, sizeof *words, cmp) != NULL;
}

const char *const *
text_stopwords(size_t *n)
{
    *n = sizeof words / sizeof *words;
    return words;
}

/* The folded forms, made once from the list (text_token_forms, so they fold exactly as
 * documents do). */
static char folded_words[sizeof words / sizeof *words][16];
static const char *folded_sorted[sizeof words / sizeof *words];
static pthread_once_t folded_once = PTHREAD_ONCE_INIT;

static void
fold_words(void)
{
    text_buf f = TEXT_BUF_INIT(64);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        text_buf_reset(&f);
        if (text_token_forms(words[i], 0, strlen(words[i]), NULL, &f, NULL) == TRACUU_OK &&
            f.len < sizeof folded_words[i])
            memcpy(folded_words[i], f.ptr, f.len + 1);
        folded_sorted[i] = folded_words[i];
    }
    text_buf_free(&f);
    qsort(folded_sorted, sizeof words / sizeof *words, sizeof *folded_sorted, cmp);
}

int
text_is_folded_stopword(const char *folded)
{
    pthread_once(&folded_once, fold_words);
    return bsearch(&folded, folded_sorted, sizeof words / sizeof *words, sizeof *folded_sorted,
                   cmp) != NULL;
}
