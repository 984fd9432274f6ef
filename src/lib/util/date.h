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

/* The years trygg reads.  Not a limit of the store (periods are text and 32-bit month
 * and day numbers, which hold 0000-9999) nor of the arithmetic (Hinnant's day counts are
 * exact far beyond): a plausibility bound, set with the first store (5412150), for a
 * municipality's surveys and incident counts; a year typed wrongly (0219, 2919) is
 * refused instead of stretching every chart and model over centuries.  A date on the
 * calendar outside it is refused with the range said (date_outside_range), never as
 * "not a date". */
#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199
/* The range in words, for messages. */
#define DATE_RANGE_DAYS "1900-01-01 to 2199-12-31"
#define DATE_RANGE_MONTHS "1900-01 to 2199-12"

enum date_kind { DATE_NONE = 0, DATE_MONTH, DATE_DAY };

/* Parses "YYYY-MM-DD" (DATE_DAY) or "YYYY-MM" (DATE_MONTH), blanks around allowed;
 * DATE_NONE if it is neither or not on the calendar ("2019-02-30"). */
enum date_kind date_parse(const char *s, size_t len, struct date *out);
/* The kind of date s would be (DATE_DAY or DATE_MONTH) when it is one on the proleptic
 * Gregorian calendar, years 0000-9999, but outside DATE_MIN_YEAR..DATE_MAX_YEAR (which
 * date_parse refuses); DATE_NONE otherwise.  For the message: such a date is valid,
 * only not supported. */
enum date_kind date_outside_range(const char *s, size_t len);
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
