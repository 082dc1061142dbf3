/*
 * date.h - the dates a user types (options, year:/date: filters): 2019, 2019-05,
 * 2019-05-20, 20/5/2019, 5/2019 (Vietnamese order: day/month/year), read once here so
 * every command and the query language agree on what a date is.
 */
#ifndef TRACUU_TEXT_DATE_H
#define TRACUU_TEXT_DATE_H

#include <stddef.h>

/* Precision of a parsed date: what the ISO form holds. */
enum { TEXT_DATE_BAD = 0, TEXT_DATE_YEAR = 1, TEXT_DATE_MONTH = 2, TEXT_DATE_DAY = 3 };

/* s[0..n) as a real calendar date (2019-02-29 is not one; years 1000..9999). On success
 * writes its ISO form ("2019", "2019-05" or "2019-05-20", NUL-terminated) to iso (at
 * least 11 bytes) and returns its precision; else TEXT_DATE_BAD and iso is "". */
int text_date_parse(const char *s, size_t n, char iso[11]);

#endif
