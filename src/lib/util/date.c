/*
 * date — see date.h.  Day counts use Howard Hinnant's days_from_civil algorithm.
 */
#include "util/date.h"

#include <stdio.h>

static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

/* date_parse without the range check. */
static enum date_kind parse_any_year(const char *s, size_t len, struct date *out)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    struct date d = {0, 0, 0};
    if ((len != 7 && len != 10) || s[4] != '-' || !digits(s, 4, &d.year) ||
        !digits(s + 5, 2, &d.month))
        return DATE_NONE;
    if (d.month < 1 || d.month > 12)
        return DATE_NONE;
    if (len == 7) {
        *out = d;
        return DATE_MONTH;
    }
    if (s[7] != '-' || !digits(s + 8, 2, &d.day) || d.day < 1 ||
        d.day > date_days_in_month(d.year, d.month))
        return DATE_NONE;
    *out = d;
    return DATE_DAY;
}

enum date_kind date_parse(const char *s, size_t len, struct date *out)
{
    struct date d;
    enum date_kind k = parse_any_year(s, len, &d);
    if (k == DATE_NONE || d.year < DATE_MIN_YEAR || d.year > DATE_MAX_YEAR)
        return DATE_NONE;
    *out = d;
    return k;
}

enum date_kind date_outside_range(const char *s, size_t len)
{
    struct date d;
    enum date_kind k = parse_any_year(s, len, &d);
    if (k == DATE_NONE || (d.year >= DATE_MIN_YEAR && d.year <= DATE_MAX_YEAR))
        return DATE_NONE;
    return k;
}

long date_to_days(struct date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + (d.day ? d.day : 1) - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct date date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    struct date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(y + (d.month <= 2));
    return d;
}

int date_weekday(struct date d)
{
    long days = date_to_days(d); /* 1970-01-01 was a Thursday (3) */
    long w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

long date_month_index(struct date d)
{
    return (long)d.year * 12 + d.month - 1;
}

void date_format(struct date d, char *buf, size_t size)
{
    if (d.day)
        snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
    else
        snprintf(buf, size, "%04d-%02d", d.year, d.month);
}

int date_compare(struct date a, struct date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}
