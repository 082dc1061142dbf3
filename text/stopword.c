/*
 * stopword.c - the stopword list, kept sorted for bsearch.
 */
#include "stopword.h"

#include <stdlib.h>
#include <string.h>

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
