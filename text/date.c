/*
 * date.c - typed dates to ISO form (see date.h). Officials write dates day first with
 * slashes (20/5/2019, "tháng 5/2019"); scripts write ISO. Both are accepted, nothing else,
 * so that "5/20/2019" or "2019-13" is an error rather than a silent guess.
 */
#include "date.h"


/* Digits s[0..n) as a number; -1 when empty, too long or not all digits. */
static int
number(const char *s, size_t n)
{
    int v = 0;
    if (n == 0 || n > 4)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int
days_in(int year, int month)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && !leap ? 28 : days[month - 1];
}

/* Split s[0..n) at `sep` into at most 3 fields; returns how many, 0 when more. */
static size_t
fields(const char *s, size_t n, char sep, size_t start[3], size_t len[3])
{
    size_t k = 0, a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != sep)
            continue;
        if (k == 3)
            return 0;
        start[k] = a;
        len[k++] = i - a;
        a = i + 1;
    }
    return k;
}

int
text_date_parse(const char *s, size_t n, char iso[11])
{
    size_t st[3], ln[3], k;
    int y = -1, m = 0, d = 0, prec = TEXT_DATE_BAD;
    iso[0] = '\0';
    if (!s || n == 0 || n > 10)
        return TEXT_DATE_BAD;
    int slash = 0;
    for (size_t i = 0; i < n; i++)
        slash |= s[i] == '/';
    k = fields(s, n, slash ? '/' : '-', st, ln);
    if (k == 0)
        return TEXT_DATE_BAD;
    if (!slash) { /* ISO: YYYY[-MM[-DD]], fixed widths */
        if (ln[0] != 4 || (k > 1 && ln[1] != 2) || (k > 2 && ln[2] != 2))
            return TEXT_DATE_BAD;
        y = number(s + st[0], ln[0]);
        m = k > 1 ? number(s + st[1], ln[1]) : 0;
        d = k > 2 ? number(s + st[2], ln[2]) : 0;
    } else { /* [D/]M/YYYY, day and month of one or two digits */
        if (k < 2 || ln[k - 1] != 4 || ln[k - 2] > 2 || (k == 3 && ln[0] > 2))
            return TEXT_DATE_BAD;
        y = number(s + st[k - 1], ln[k - 1]);
        m = number(s + st[k - 2], ln[k - 2]);
        d = k == 3 ? number(s + st[0], ln[0]) : 0;
    }
    if (y < 1000 || m < 0 || d < 0)
        return TEXT_DATE_BAD;
    prec = k == 1 ? TEXT_DATE_YEAR : k == 2 ? TEXT_DATE_MONTH : TEXT_DATE_DAY;
    if (prec >= TEXT_DATE_MONTH && (m < 1 || m > 12))
        return TEXT_DATE_BAD;
    if (prec == TEXT_DATE_DAY && (d < 1 || d > days_in(y, m)))
        return TEXT_DATE_BAD;
    /* y, m and d are in range here; digits written by hand (no snprintf width guessing) */
    int parts[3] = {y, m, d};
    size_t o = 0;
    for (int k2 = 0; k2 < prec; k2++) {
        int width = k2 == 0 ? 4 : 2;
        if (k2)
            iso[o++] = '-';
        for (int w = width - 1, v = parts[k2]; w >= 0; w--, v /= 10)
            iso[o + (size_t)w] = (char)('0' + v % 10);
        o += (size_t)width;
    }
    iso[o] = '\0';
    return prec;
}
