/*
 * layout.c - page and heading marks (layout.h).
 */
#include "layout.h"

#include <ctype.h>
#include <string.h>

/* U+E000, U+E001, U+E002 in UTF-8: EE 80 80, EE 80 81, EE 80 82. */
#define MARK_LEAD0 '\xEE'
#define MARK_LEAD1 '\x80'

tracuu_status
layout_put_page(text_buf *out, unsigned page)
{
    return text_buf_printf(out, "\xEE\x80\x80%u\xEE\x80\x81", page);
}

tracuu_status
layout_put_heading(text_buf *out)
{
    return text_buf_puts(out, "\xEE\x80\x82");
}

/* Which mark starts at s[i] (0, 1, 2), or -1. */
static int
mark_at(const char *s, size_t n, size_t i)
{
    if (i + 3 > n || s[i] != MARK_LEAD0 || s[i + 1] != MARK_LEAD1)
        return -1;
    unsigned char c = (unsigned char)s[i + 2];
    return c >= 0x80 && c <= 0x82 ? c - 0x80 : -1;
}

tracuu_status
layout_strip(text_buf *t, text_buf *marks)
{
    char *s = t->ptr;
    size_t n = t->len, w = 0;
    tracuu_status st = TRACUU_OK;
    for (size_t i = 0; i < n && st == TRACUU_OK;) {
        int m = mark_at(s, n, i);
        if (m < 0) {
            s[w++] = s[i++];
            continue;
        }
        i += 3;
        if (m == 0) {
            unsigned long page = 0;
            size_t k = i;
            while (k < n && s[k] >= '0' && s[k] <= '9' && page < 1000000)
                page = page * 10 + (unsigned long)(s[k++] - '0');
            if (k > i && mark_at(s, n, k) == 1) {
                layout_mark lm = {w, (unsigned)page};
                st = text_buf_put(marks, &lm, sizeof lm);
                i = k + 3;
            }
        } else if (m == 2) {
            layout_mark lm = {w, 0};
            st = text_buf_put(marks, &lm, sizeof lm);
        }
    }
    t->len = w;
    if (s)
        s[w] = '\0';
    return st;
}

void
layout_assign(const layout_mark *m, size_t nm, size_t shift, const size_t *starts,
              size_t np, unsigned *page, long *heading)
{
    unsigned cur = 0;
    long head = -1;
    size_t k = 0;
    for (size_t i = 0; i < np; i++) {
        size_t at = starts[i] + shift;
        long this_heading = 0;
        /* every mark up to this passage's start applies to it */
        while (k < nm && m[k].offset <= at) {
            if (m[k].page)
                cur = m[k].page;
            else
                this_heading = 1;
            k++;
        }
        page[i] = cur;
        heading[i] = head;
        /* a heading mark just before this passage (nothing but the mark in between) makes
         * it a heading for the passages that follow */
        if (this_heading)
            head = (long)i;
    }
}

/* The line with each run of digits as one '#', spaces collapsed, ASCII lower-cased: page
 * 3's "Trang 3" and page 4's "Trang 4" share a key, and so do page 9,999's and page
 * 10,000's (one '#' per digit made a document's pages fall into groups by the length of
 * their numbers, and a group of more than half the pages looked like a running header). */
void
layout_line_key(char *key, size_t keysz, const char *s)
{
    size_t k = 0;
    for (; *s && k + 1 < keysz; s++) {
        char c = *s;
        if (c >= '0' && c <= '9') {
            if (k && key[k - 1] == '#')
                continue;
            c = '#';
        } else if (c == ' ' && k && key[k - 1] == ' ')
            continue;
        key[k++] = (char)tolower((unsigned char)c);
    }
    key[k] = '\0';
}

/* "3", "- 3 -", "Trang 3", "3/12", "Page 3 of 12": a bare page number. */
int
layout_page_number_key(const char *key)
{
    const char *s = key;
    while (*s == '-' || *s == ' ' || (unsigned char)*s == 0xE2) /* dashes: E2 80 93/94 */
        s += (unsigned char)*s == 0xE2 && s[1] ? 3 : 1;
    if (!strncmp(s, "trang", 5))
        s += 5;
    else if (!strncmp(s, "page", 4))
        s += 4;
    while (*s == ' ')
        s++;
    if (*s != '#')
        return 0;
    while (*s == '#')
        s++;
    while (*s == ' ')
        s++;
    if (*s == '/' || !strncmp(s, "of", 2) || !strncmp(s, "tr\xc3\xaan", 4)) {
        s += *s == '/' ? 1 : *s == 'o' ? 2 : 4;
        while (*s == ' ')
            s++;
        while (*s == '#')
            s++;
    }
    while (*s == '-' || *s == ' ' || (unsigned char)*s == 0xE2)
        s += (unsigned char)*s == 0xE2 && s[1] ? 3 : 1;
    return *s == '\0';
}

