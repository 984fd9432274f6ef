/*
 * holidays — see holidays.h.
 */
#include "util/holidays.h"

#include <stdbool.h>


#define YEAR_MIN 1583
#define YEAR_MAX 9999

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

static bool date_valid(int y, int m, int d)
{
    return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, m);
}

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian; day 0 =
 * 1970-01-01). */
static long days_from_civil(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long days, int *y, int *m, int *d)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (mm <= 2));
    *m = mm;
    *d = dd;
}

static int weekday(int y, int m, int d)
{
    long n = days_from_civil(y, m, d); /* day 0 = 1970-01-01, a Thursday */
    long w = ((n % 7) + 7) % 7;                /* 0 = Thursday */
    return (int)((w + 3) % 7) + 1;
}

void holiday_easter_sunday(int y, int *m, int *d)
{
    int a = y % 19, b = y / 100, c = y % 100;
    int dd = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - dd - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int mm = (a + 11 * h + 22 * l) / 451;
    int t = h + l - 7 * mm + 114;
    *m = t / 31;
    *d = t % 31 + 1;
}

static void put(struct holiday *out, size_t *n, int m, int d, enum holiday_kind kind,
                const char *sv, const char *en)
{
    out[*n].month = m;
    out[*n].day = d;
    out[*n].kind = kind;
    out[*n].name_sv = sv;
    out[*n].name_en = en;
    (*n)++;
}

static void put_days(struct holiday *out, size_t *n, long days, enum holiday_kind kind,
                     const char *sv, const char *en)
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    put(out, n, m, d, kind, sv, en);
}

size_t holiday_se_year(int y, struct holiday out[HOLIDAY_SE_MAX])
{
    if (y < YEAR_MIN || y > YEAR_MAX)
        return 0;
    size_t n = 0;
    int em, ed;
    holiday_easter_sunday(y, &em, &ed);
    long easter = days_from_civil(y, em, ed);

    /* The friday 19-25 June is midsommarafton; the saturday 31 Oct - 6 Nov alla
     * helgons dag.  ISO weekday: 5 = Friday, 6 = Saturday. */
    long jun19 = days_from_civil(y, 6, 19);
    long midsummer_eve = jun19 + (5 - weekday(y, 6, 19) + 7) % 7;
    long oct31 = days_from_civil(y, 10, 31);
    long all_saints = oct31 + (6 - weekday(y, 10, 31) + 7) % 7;

    /* List order = the order of holidays.h; ties keep it (stable sort below). */
    put(out, &n, 1, 1, HOLIDAY_PUBLIC, "Nyårsdagen", "New Year's Day");
    put(out, &n, 1, 6, HOLIDAY_PUBLIC, "Trettondedag jul", "Epiphany");
    put_days(out, &n, easter - 2, HOLIDAY_PUBLIC, "Långfredagen", "Good Friday");
    put_days(out, &n, easter, HOLIDAY_PUBLIC, "Påskdagen", "Easter Sunday");
    put_days(out, &n, easter + 1, HOLIDAY_PUBLIC, "Annandag påsk", "Easter Monday");
    put(out, &n, 5, 1, HOLIDAY_PUBLIC, "Första maj", "May Day");
    put_days(out, &n, easter + 39, HOLIDAY_PUBLIC, "Kristi himmelsfärdsdag", "Ascension Day");
    put_days(out, &n, easter + 49, HOLIDAY_PUBLIC, "Pingstdagen", "Whit Sunday");
    if (y >= 2005)
        put(out, &n, 6, 6, HOLIDAY_PUBLIC, "Sveriges nationaldag", "National Day of Sweden");
    else
        put_days(out, &n, easter + 50, HOLIDAY_PUBLIC, "Annandag pingst", "Whit Monday");
    put_days(out, &n, midsummer_eve, HOLIDAY_EVE, "Midsommarafton", "Midsummer Eve");
    put_days(out, &n, midsummer_eve + 1, HOLIDAY_PUBLIC, "Midsommardagen", "Midsummer Day");
    put_days(out, &n, all_saints, HOLIDAY_PUBLIC, "Alla helgons dag", "All Saints' Day");
    put(out, &n, 12, 24, HOLIDAY_EVE, "Julafton", "Christmas Eve");
    put(out, &n, 12, 25, HOLIDAY_PUBLIC, "Juldagen", "Christmas Day");
    put(out, &n, 12, 26, HOLIDAY_PUBLIC, "Annandag jul", "Boxing Day");
    put(out, &n, 12, 31, HOLIDAY_EVE, "Nyårsafton", "New Year's Eve");

    /* Stable insertion sort by date. */
    for (size_t i = 1; i < n; i++) {
        struct holiday h = out[i];
        size_t j = i;
        while (j > 0 && (out[j - 1].month > h.month ||
                         (out[j - 1].month == h.month && out[j - 1].day > h.day))) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = h;
    }
    return n;
}

enum holiday_kind holiday_se_en(int y, int m, int d, const char **name_sv,
                                const char **name_en)
{
    if (name_sv)
        *name_sv = NULL;
    if (name_en)
        *name_en = NULL;
    if (!date_valid(y, m, d))
        return HOLIDAY_NONE;
    struct holiday list[HOLIDAY_SE_MAX];
    size_t n = holiday_se_year(y, list);
    for (size_t i = 0; i < n; i++) {
        if (list[i].month == m && list[i].day == d) {
            if (name_sv)
                *name_sv = list[i].name_sv;
            if (name_en)
                *name_en = list[i].name_en;
            return list[i].kind;
        }
    }
    return HOLIDAY_NONE;
}

enum holiday_kind holiday_se(int y, int m, int d, const char **name_sv)
{
    return holiday_se_en(y, m, d, name_sv, NULL);
}
