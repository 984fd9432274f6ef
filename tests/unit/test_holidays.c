/*
 * Unit tests for src/lib/util/holidays: Easter, the moving Swedish holidays, the fixed
 * ones and the eves.  Reference dates from published
 * calendars (and cross-checked against python3-holidays for 1953-2100).
 */
#include <string.h>

#include "testutil.h"
#include "util/holidays.h"

static void easter_known_dates(void **state)
{
    (void)state;
    static const int cases[][3] = {
        {1818, 3, 22}, {1943, 4, 25}, {1954, 4, 18}, {2000, 4, 23}, {2008, 3, 23},
        {2011, 4, 24}, {2015, 4, 5},  {2016, 3, 27}, {2017, 4, 16}, {2018, 4, 1},
        {2019, 4, 21}, {2020, 4, 12}, {2021, 4, 4},  {2022, 4, 17}, {2023, 4, 9},
        {2024, 3, 31}, {2025, 4, 20}, {2038, 4, 25}, {2049, 4, 18}, {2285, 3, 22},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        int m, d;
        holiday_easter_sunday(cases[i][0], &m, &d);
        assert_int_equal(m, cases[i][1]);
        assert_int_equal(d, cases[i][2]);
    }
}

static void expect(int y, int m, int d, enum holiday_kind kind, const char *name_sv)
{
    const char *name = "unset";
    enum holiday_kind k = holiday_se(y, m, d, &name);
    if (k != kind || (name_sv ? !name || strcmp(name, name_sv) : name != NULL))
        fail_msg("%04d-%02d-%02d: got kind %d '%s', want kind %d '%s'", y, m, d, (int)k,
                 name ? name : "(null)", (int)kind, name_sv ? name_sv : "(null)");
}

static void moving_holidays(void **state)
{
    (void)state;
    expect(2019, 4, 21, HOLIDAY_PUBLIC, "Påskdagen");
    expect(2019, 4, 19, HOLIDAY_PUBLIC, "Långfredagen");
    expect(2019, 4, 22, HOLIDAY_PUBLIC, "Annandag påsk");
    expect(2019, 5, 30, HOLIDAY_PUBLIC, "Kristi himmelsfärdsdag");
    expect(2019, 6, 9, HOLIDAY_PUBLIC, "Pingstdagen");
    expect(2018, 6, 22, HOLIDAY_EVE, "Midsommarafton");
    expect(2018, 6, 23, HOLIDAY_PUBLIC, "Midsommardagen");
    expect(2015, 6, 19, HOLIDAY_EVE, "Midsommarafton"); /* earliest possible eve */
    expect(2015, 6, 20, HOLIDAY_PUBLIC, "Midsommardagen");
    expect(2021, 6, 25, HOLIDAY_EVE, "Midsommarafton"); /* latest possible eve */
    expect(2021, 6, 26, HOLIDAY_PUBLIC, "Midsommardagen");
    expect(2020, 10, 31, HOLIDAY_PUBLIC, "Alla helgons dag"); /* earliest */
    expect(2015, 10, 31, HOLIDAY_PUBLIC, "Alla helgons dag");
    expect(2016, 11, 5, HOLIDAY_PUBLIC, "Alla helgons dag");
    expect(2017, 11, 4, HOLIDAY_PUBLIC, "Alla helgons dag");
    expect(2018, 11, 3, HOLIDAY_PUBLIC, "Alla helgons dag");
    expect(2019, 11, 2, HOLIDAY_PUBLIC, "Alla helgons dag");
    expect(2021, 11, 6, HOLIDAY_PUBLIC, "Alla helgons dag"); /* latest */
    expect(2022, 11, 5, HOLIDAY_PUBLIC, "Alla helgons dag");
}

static void fixed_holidays_and_eves(void **state)
{
    (void)state;
    expect(2018, 1, 1, HOLIDAY_PUBLIC, "Nyårsdagen");
    expect(2018, 1, 6, HOLIDAY_PUBLIC, "Trettondedag jul");
    expect(2018, 5, 1, HOLIDAY_PUBLIC, "Första maj");
    expect(2018, 6, 6, HOLIDAY_PUBLIC, "Sveriges nationaldag");
    expect(2018, 12, 24, HOLIDAY_EVE, "Julafton");
    expect(2018, 12, 25, HOLIDAY_PUBLIC, "Juldagen");
    expect(2018, 12, 26, HOLIDAY_PUBLIC, "Annandag jul");
    expect(2018, 12, 31, HOLIDAY_EVE, "Nyårsafton");
}

static void ordinary_days(void **state)
{
    (void)state;
    expect(2019, 4, 20, HOLIDAY_NONE, NULL);  /* påskafton: an ordinary Saturday */
    expect(2019, 4, 18, HOLIDAY_NONE, NULL);  /* skärtorsdag */
    expect(2018, 6, 21, HOLIDAY_NONE, NULL);
    expect(2018, 6, 24, HOLIDAY_NONE, NULL);  /* the Sunday after Midsummer */
    expect(2018, 4, 30, HOLIDAY_NONE, NULL);  /* Valborgsmässoafton */
    expect(2019, 12, 23, HOLIDAY_NONE, NULL);
    expect(2019, 3, 10, HOLIDAY_NONE, NULL);  /* an ordinary Sunday */
    expect(2020, 11, 1, HOLIDAY_NONE, NULL);  /* 1 Nov is not alla helgons dag in 2020 */
    expect(2019, 2, 30, HOLIDAY_NONE, NULL);  /* not a date */
    expect(1500, 1, 1, HOLIDAY_NONE, NULL);   /* before the Gregorian calendar */
    assert_int_equal(holiday_se(2019, 1, 1, NULL), HOLIDAY_PUBLIC); /* NULL name is fine */
}

static void english_names(void **state)
{
    (void)state;
    const char *sv, *en;
    assert_int_equal(holiday_se_en(2018, 6, 22, &sv, &en), HOLIDAY_EVE);
    assert_string_equal(sv, "Midsommarafton");
    assert_string_equal(en, "Midsummer Eve");
    assert_int_equal(holiday_se_en(2018, 6, 25, &sv, &en), HOLIDAY_NONE);
    assert_null(sv);
    assert_null(en);
}

static void national_day_replaced_whit_monday_in_2005(void **state)
{
    (void)state;
    expect(2004, 6, 6, HOLIDAY_NONE, NULL);
    expect(2004, 5, 31, HOLIDAY_PUBLIC, "Annandag pingst");
    expect(2005, 5, 16, HOLIDAY_NONE, NULL); /* Whit Monday 2005 */
    expect(2005, 6, 6, HOLIDAY_PUBLIC, "Sveriges nationaldag");
}

static void year_lists_and_coincidences(void **state)
{
    (void)state;
    struct holiday list[HOLIDAY_SE_MAX];
    for (int y = 2015; y <= 2022; y++) {
        size_t n = holiday_se_year(y, list);
        assert_int_equal(n, 16); /* 13 by law + 3 eves */
        size_t eves = 0;
        for (size_t i = 0; i < n; i++) {
            eves += list[i].kind == HOLIDAY_EVE;
            assert_non_null(list[i].name_en);
            if (i > 0) /* date order */
                assert_true(list[i - 1].month * 100 + list[i - 1].day <=
                            list[i].month * 100 + list[i].day);
        }
        assert_int_equal(eves, 3);
    }
    /* 2008: Ascension Day on 1 May; both are listed, holiday_se names May Day. */
    size_t n = holiday_se_year(2008, list);
    size_t on_may1 = 0;
    for (size_t i = 0; i < n; i++)
        on_may1 += list[i].month == 5 && list[i].day == 1;
    assert_int_equal(on_may1, 2);
    expect(2008, 5, 1, HOLIDAY_PUBLIC, "Första maj");
    /* 2049: Whit Sunday on 6 June. */
    expect(2049, 6, 6, HOLIDAY_PUBLIC, "Pingstdagen");
    assert_int_equal(holiday_se_year(1500, list), 0);
}

static void moving_days_stay_in_their_windows(void **state)
{
    (void)state;
    struct holiday list[HOLIDAY_SE_MAX];
    for (int y = 1953; y <= 2400; y++) {
        size_t n = holiday_se_year(y, list);
        int eve = 0, day = 0, saints = 0;
        for (size_t i = 0; i < n; i++) {
            const struct holiday *h = &list[i];
            if (!strcmp(h->name_sv, "Midsommarafton")) {
                assert_int_equal(h->month, 6);
                assert_in_range(h->day, 19, 25);
                eve = h->day;
            } else if (!strcmp(h->name_sv, "Midsommardagen")) {
                day = h->day;
            } else if (!strcmp(h->name_sv, "Alla helgons dag")) {
                saints = h->month * 100 + h->day;
                assert_true((saints == 1031) || (saints >= 1101 && saints <= 1106));
            }
        }
        assert_int_equal(day, eve + 1);
        assert_true(saints != 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(easter_known_dates),
        cmocka_unit_test(moving_holidays),
        cmocka_unit_test(fixed_holidays_and_eves),
        cmocka_unit_test(ordinary_days),
        cmocka_unit_test(english_names),
        cmocka_unit_test(national_day_replaced_whit_monday_in_2005),
        cmocka_unit_test(year_lists_and_coincidences),
        cmocka_unit_test(moving_days_stay_in_their_windows),
    };
    return cmocka_run_group_tests_name("holidays", tests, NULL, NULL);
}
