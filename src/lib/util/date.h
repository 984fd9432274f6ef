/*
 * date — calendar dates and months as evaluators write them (ISO 8601: "2019-06-30",
 * "2019-06"), checked against the proleptic Gregorian calendar, and day arithmetic.
 */
#ifndef TRYGG_UTIL_DATE_H
#define TRYGG_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>

struct date {
    int year, month, day; /* day = 0 for a month */
};

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199

enum date_kind { DATE_NONE = 0, DATE_MONTH, DATE_DAY };

/* Parses "YYYY-MM-DD" (DATE_DAY) or "YYYY-MM" (DATE_MONTH), blanks around allowed;
 * DATE_NONE if it is neither or not on the calendar ("2019-02-30"). */
enum date_kind date_parse(const char *s, size_t len, struct date *out);
bool date_is_leap(int year);
int date_days_in_month(int year, int month);
/* Days since 1970-01-01 (negative before). */
long date_to_days(struct date d);
struct date date_from_days(long days);
/* 0 = Monday ... 6 = Sunday (ISO). */
int date_weekday(struct date d);
/* Months since year 0: year * 12 + month - 1. */
long date_month_index(struct date d);
/* "YYYY-MM-DD" or "YYYY-MM" into buf (at least 11 bytes). */
void date_format(struct date d, char *buf, size_t size);
int date_compare(struct date a, struct date b);

#endif
