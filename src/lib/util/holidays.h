/*
 * holidays — the Swedish public-holiday calendar ("röda dagar") and the few civil-date
 * helpers it needs internally (util/date.h is the place for date arithmetic).
 *
 * holiday_se() answers for one date; holiday_se_year() lists a whole year.  Days known:
 *
 *   by law (Lag (1989:253) om allmänna helgdagar), HOLIDAY_PUBLIC:
 *     nyårsdagen 1 Jan, trettondedag jul 6 Jan, långfredagen (Easter - 2), påskdagen,
 *     annandag påsk (Easter + 1), första maj 1 May, Kristi himmelsfärdsdag (Easter + 39),
 *     pingstdagen (Easter + 49), Sveriges nationaldag 6 June (a holiday from 2005; until
 *     2004 annandag pingst, Easter + 50, was one instead), midsommardagen (the Saturday
 *     20-26 June), alla helgons dag (the Saturday 31 Oct - 6 Nov), juldagen 25 Dec,
 *     annandag jul 26 Dec
 *   eves treated as holidays in working life (Arbetstidslagen, most collective
 *   agreements), HOLIDAY_EVE:
 *     midsommarafton (the Friday 19-25 June), julafton 24 Dec, nyårsafton 31 Dec
 *
 * Ordinary Sundays are not listed, although the law also names "söndagar": an evaluator
 * asking "was it a röd dag?" means the days above.  Påskafton and pingstafton are
 * ordinary Saturdays here.  Easter Sunday is computed with the Anonymous Gregorian
 * algorithm (Meeus/Jones/Butcher).  The rules are those in force since 1953 (moving
 * Midsummer and All Saints' Day); earlier years are answered by the same rules.  Dates
 * are proleptic Gregorian; years 1583-9999 are accepted.
 *
 * Two holidays can fall on one date (Kristi himmelsfärdsdag on 1 May, e.g. 2008;
 * pingstdagen on 6 June, e.g. 2049): holiday_se_year() lists both, holiday_se() names
 * the one that comes first in the list order above.
 */
#ifndef TRYGG_UTIL_HOLIDAYS_H
#define TRYGG_UTIL_HOLIDAYS_H

#include <stddef.h>

enum holiday_kind {
    HOLIDAY_NONE = 0,   /* an ordinary day (or an invalid date) */
    HOLIDAY_PUBLIC = 1, /* allmän helgdag by law */
    HOLIDAY_EVE = 2     /* midsommarafton, julafton, nyårsafton */
};

struct holiday {
    int month, day;
    enum holiday_kind kind;
    const char *name_sv; /* e.g. "Midsommarafton" (static storage) */
    const char *name_en; /* e.g. "Midsummer Eve" (static storage) */
};

#define HOLIDAY_SE_MAX 20 /* holidays in one year, at most */

/* The kind of day y-m-d is; HOLIDAY_NONE for an ordinary or invalid date.  If name_sv
 * (or name_en) is not NULL it gets the holiday's name, or NULL on an ordinary day.  The
 * result is non-zero exactly on holidays, so it reads as a bool. */
enum holiday_kind holiday_se(int y, int m, int d, const char **name_sv);
enum holiday_kind holiday_se_en(int y, int m, int d, const char **name_sv,
                                const char **name_en);

/* Fills out[] with the holidays of year y in date order (ties in list order) and returns
 * their number; 0 for a year outside 1583-9999. */
size_t holiday_se_year(int y, struct holiday out[HOLIDAY_SE_MAX]);

/* Easter Sunday of year y (Gregorian): *m is 3 or 4. */
void holiday_easter_sunday(int y, int *m, int *d);

#endif
