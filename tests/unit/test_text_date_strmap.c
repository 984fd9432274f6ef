/*
 * Unit tests for src/lib/util/date, util/text and util/strmap: calendar validity,
 * day arithmetic, weekdays, trimming and Swedish case folding, and a hash map under
 * load (100,000 keys, keys with NUL bytes, growth).
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "util/date.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/text.h"

/* ------------------------------------------------------------ date */

static enum date_kind parse(const char *s, struct date *d)
{
    return date_parse(s, strlen(s), d);
}

static void calendar_validity(void **state)
{
    (void)state;
    struct date d;
    /* leap years: divisible by 4, not by 100 unless by 400 */
    assert_int_equal(parse("2019-02-29", &d), DATE_NONE);
    assert_int_equal(parse("2020-02-29", &d), DATE_DAY);
    assert_int_equal(parse("2100-02-29", &d), DATE_NONE);
    assert_int_equal(parse("2000-02-29", &d), DATE_DAY);
    assert_int_equal(parse("1900-02-29", &d), DATE_NONE);
    assert_false(date_is_leap(2019));
    assert_true(date_is_leap(2020));
    assert_false(date_is_leap(2100));
    assert_true(date_is_leap(2000));
    assert_int_equal(date_days_in_month(2020, 2), 29);
    assert_int_equal(date_days_in_month(2021, 2), 28);
    assert_int_equal(date_days_in_month(2021, 4), 30);
    assert_int_equal(date_days_in_month(2021, 12), 31);
    assert_int_equal(date_days_in_month(2021, 13), 0);
    assert_int_equal(parse("2019-02-30", &d), DATE_NONE);
    assert_int_equal(parse("2019-04-31", &d), DATE_NONE);
    assert_int_equal(parse("2019-04-30", &d), DATE_DAY);
    assert_int_equal(d.year, 2019);
    assert_int_equal(d.month, 4);
    assert_int_equal(d.day, 30);
    assert_int_equal(parse("2019-12-31", &d), DATE_DAY);
    assert_int_equal(parse("2019-00-10", &d), DATE_NONE);
    assert_int_equal(parse("2019-01-00", &d), DATE_NONE);
    /* months */
    assert_int_equal(parse("2019-06", &d), DATE_MONTH);
    assert_int_equal(d.month, 6);
    assert_int_equal(d.day, 0);
    assert_int_equal(parse("2019-13", &d), DATE_NONE);
    assert_int_equal(parse("2019-00", &d), DATE_NONE);
    /* blanks around are fine, nothing else is */
    assert_int_equal(parse(" 2019-06-01\t", &d), DATE_DAY);
    static const char *const bad[] = {"201906",     "2019-6-1",    "19-06-01",   "2019/06/01",
                                      "2019-06-1",  "2019-06-01x", "+019-06-01", "2019-0a-01",
                                      "2019- 6-01", "",            "2019",       "2019-06-",
                                      "1899-12-31", "2200-01-01",  "06/01/2019", "2019-06-01T00"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
        if (parse(bad[i], &d) != DATE_NONE)
            fail_msg("'%s' was read as a date", bad[i]);
    /* the boundaries of the accepted years */
    assert_int_equal(parse("1900-01-01", &d), DATE_DAY);
    assert_int_equal(parse("2199-12-31", &d), DATE_DAY);
    /* on the calendar, outside those years: said as such (never "not a date") */
    static const struct {
        const char *s;
        enum date_kind kind;
    } outside[] = {{"2200-01-01", DATE_DAY}, {"1899-12-31", DATE_DAY}, {"0000-01-01", DATE_DAY},
                   {"9999-12-31", DATE_DAY}, {"2200-01", DATE_MONTH},  {"9999-12", DATE_MONTH},
                   {"0000-02-29", DATE_DAY}, /* year 0 is a leap year (proleptic) */
                   {" 2400-02-29 ", DATE_DAY}};
    for (size_t i = 0; i < sizeof(outside) / sizeof(*outside); i++) {
        if (parse(outside[i].s, &d) != DATE_NONE)
            fail_msg("'%s' was read", outside[i].s);
        if (date_outside_range(outside[i].s, strlen(outside[i].s)) != outside[i].kind)
            fail_msg("'%s' is not said to be outside the range", outside[i].s);
    }
    static const char *const neither[] = {"2019-06-01", "2199-12", "1900-01", "2200-02-30",
                                          "2100-02-29", "10000-01-01", "2200-13", "-200-01-01",
                                          "9999-1-1", ""};
    for (size_t i = 0; i < sizeof(neither) / sizeof(*neither); i++)
        if (date_outside_range(neither[i], strlen(neither[i])) != DATE_NONE)
            fail_msg("'%s' is said to be a date outside the range", neither[i]);
}

static void day_arithmetic(void **state)
{
    (void)state;
    struct date epoch = {1970, 1, 1};
    assert_int_equal(date_to_days(epoch), 0);
    struct date d = {2000, 3, 1};
    assert_int_equal(date_to_days(d), 11017);
    d = (struct date){1969, 12, 31};
    assert_int_equal(date_to_days(d), -1);
    /* every day from 1900 to 2199 round-trips, and consecutive days differ by one */
    long prev = date_to_days((struct date){1899, 12, 31});
    for (int y = DATE_MIN_YEAR; y <= DATE_MAX_YEAR; y++)
        for (int m = 1; m <= 12; m++)
            for (int day = 1; day <= date_days_in_month(y, m); day++) {
                struct date x = {y, m, day};
                long n = date_to_days(x);
                if (n != prev + 1)
                    fail_msg("%04d-%02d-%02d is day %ld, the day before was %ld", y, m, day, n,
                             prev);
                struct date back = date_from_days(n);
                if (date_compare(back, x) != 0)
                    fail_msg("%04d-%02d-%02d -> %ld -> %04d-%02d-%02d", y, m, day, n, back.year,
                             back.month, back.day);
                prev = n;
            }
    /* a month is its first day */
    assert_int_equal(date_to_days((struct date){2019, 6, 0}),
                     date_to_days((struct date){2019, 6, 1}));
    assert_int_equal(date_month_index((struct date){2019, 1, 0}), 2019 * 12);
    assert_int_equal(date_month_index((struct date){2020, 1, 0}) -
                         date_month_index((struct date){2019, 12, 15}),
                     1);
}

static void weekdays(void **state)
{
    (void)state;
    assert_int_equal(date_weekday((struct date){1970, 1, 1}), 3);   /* a Thursday */
    assert_int_equal(date_weekday((struct date){2019, 6, 21}), 4);  /* midsommarafton, Friday */
    assert_int_equal(date_weekday((struct date){2024, 12, 24}), 1); /* a Tuesday */
    assert_int_equal(date_weekday((struct date){2000, 1, 1}), 5);   /* a Saturday */
    assert_int_equal(date_weekday((struct date){1900, 1, 1}), 0);   /* a Monday */
    assert_int_equal(date_weekday((struct date){2100, 3, 1}), 0);   /* a Monday */
    /* seven days on is the same weekday, across a leap day too */
    long n = date_to_days((struct date){2020, 2, 25});
    for (int i = 0; i < 1000; i++) {
        struct date a = date_from_days(n + i), b = date_from_days(n + i + 7);
        assert_int_equal(date_weekday(a), date_weekday(b));
        assert_int_equal((date_weekday(a) + 1) % 7, date_weekday(date_from_days(n + i + 1)));
    }
}

static void format_and_compare(void **state)
{
    (void)state;
    char buf[16];
    date_format((struct date){2019, 6, 1}, buf, sizeof(buf));
    assert_string_equal(buf, "2019-06-01");
    date_format((struct date){2019, 6, 0}, buf, sizeof(buf));
    assert_string_equal(buf, "2019-06");
    struct date d;
    assert_int_equal(parse(" 2020-02-29 ", &d), DATE_DAY);
    date_format(d, buf, sizeof(buf));
    assert_string_equal(buf, "2020-02-29");
    assert_true(date_compare((struct date){2019, 12, 31}, (struct date){2020, 1, 1}) < 0);
    assert_true(date_compare((struct date){2020, 2, 1}, (struct date){2020, 1, 31}) > 0);
    assert_int_equal(date_compare((struct date){2020, 2, 1}, (struct date){2020, 2, 1}), 0);
    /* ISO text sorts like the dates (the schema relies on it) */
    assert_true(strcmp("2019-06", "2019-06-01") < 0);
}

/* ------------------------------------------------------------ text */

static void trimming_and_folding(void **state)
{
    (void)state;
    const char *s = " \t Åsa \t";
    size_t len = strlen(s);
    text_trim(&s, &len);
    assert_int_equal(len, strlen("Åsa"));
    assert_memory_equal(s, "Åsa", len);
    s = "   ";
    len = 3;
    text_trim(&s, &len);
    assert_int_equal(len, 0);
    /* only blanks are trimmed, not line breaks or NBSP */
    s = "\nx\n";
    len = 3;
    text_trim(&s, &len);
    assert_int_equal(len, 3);

    struct strbuf sb = STRBUF_INIT;
    const char *upper = "ÅKERSBERGA ÄNGBY ÖSTERÅKER ÉÜ KÖN 123 -_";
    text_fold(&sb, upper, strlen(upper));
    assert_string_equal(sb.buf, "åkersberga ängby österåker éü kön 123 -_");
    assert_int_equal(sb.len, strlen(upper)); /* the same byte length */
    /* × (U+00D7) is not a letter; ß and lower case stay as they are */
    strbuf_reset(&sb);
    text_fold(&sb, "×ßåäö", strlen("×ßåäö"));
    assert_string_equal(sb.buf, "×ßåäö");
    strbuf_release(&sb);

    assert_true(text_equal_fold("KVINNA", 6, "kvinna", 6));
    assert_true(text_equal_fold(" Kvinna\t", 8, "KVINNA", 6));
    assert_true(text_equal_fold("ÅKERSBERGA", strlen("ÅKERSBERGA"), "åkersberga",
                                strlen("åkersberga")));
    assert_true(text_equal_fold("Öster", strlen("Öster"), "öSTER", strlen("öSTER")));
    assert_false(text_equal_fold("Åsa", strlen("Åsa"), "Asa", 3));
    assert_false(text_equal_fold("Kvinna", 6, "Kvinnan", 7));
    assert_false(text_equal_fold("Ä", strlen("Ä"), "Å", strlen("Å")));
    assert_true(text_equal_fold("", 0, "  ", 2));
}

/* ------------------------------------------------------------ strmap */

static void strmap_basics(void **state)
{
    (void)state;
    struct strmap m = STRMAP_INIT;
    int64_t v = -1;
    assert_false(strmap_get(&m, "x", 1, &v)); /* empty map */
    strmap_put(&m, "Åkersberga", strlen("Åkersberga"), 1);
    strmap_put(&m, "", 0, 2);                  /* the empty key is a key */
    strmap_put(&m, "a\0b", 3, 3);              /* keys are bytes, NUL included */
    strmap_put(&m, "a", 1, 4);
    assert_int_equal(m.n, 4);
    assert_true(strmap_get(&m, "", 0, &v) && v == 2);
    assert_true(strmap_get(&m, "a\0b", 3, &v) && v == 3);
    assert_true(strmap_get(&m, "a", 1, &v) && v == 4);
    assert_false(strmap_get(&m, "a\0c", 3, &v));
    assert_false(strmap_get(&m, "åkersberga", strlen("åkersberga"), &v)); /* case matters */
    strmap_put(&m, "a", 1, INT64_MIN);                                   /* overwrite */
    assert_int_equal(m.n, 4);
    assert_true(strmap_get(&m, "a", 1, &v) && v == INT64_MIN);
    /* keys are copied */
    char key[8];
    strcpy(key, "temp");
    strmap_put(&m, key, 4, 9);
    strcpy(key, "xxxx");
    assert_true(strmap_get(&m, "temp", 4, &v) && v == 9);
    strmap_release(&m);
    assert_int_equal(m.n, 0);
    assert_false(strmap_get(&m, "temp", 4, &v));
    strmap_release(&m); /* twice is fine */
}

static void strmap_100k_keys(void **state)
{
    (void)state;
    struct strmap m;
    strmap_init(&m);
    char key[64];
    const int n = 100000;
    for (int i = 0; i < n; i++) {
        int len = snprintf(key, sizeof(key), "area-%d:category-%d", i, i % 97);
        strmap_put(&m, key, (size_t)len, (int64_t)i * 3);
    }
    assert_int_equal(m.n, (size_t)n);
    assert_true(m.n_slots >= (size_t)n);
    assert_int_equal(m.n_slots & (m.n_slots - 1), 0); /* a power of two */
    for (int i = 0; i < n; i++) {
        int len = snprintf(key, sizeof(key), "area-%d:category-%d", i, i % 97);
        int64_t v = -1;
        if (!strmap_get(&m, key, (size_t)len, &v) || v != (int64_t)i * 3)
            fail_msg("key '%s' lost or wrong (%lld)", key, (long long)v);
    }
    /* near misses are absent */
    for (int i = 0; i < 1000; i++) {
        int len = snprintf(key, sizeof(key), "area-%d:category-%d", i, (i % 97) + 1);
        int64_t v;
        assert_false(strmap_get(&m, key, (size_t)len, &v));
    }
    /* overwriting all of them does not add entries */
    for (int i = 0; i < n; i += 2) {
        int len = snprintf(key, sizeof(key), "area-%d:category-%d", i, i % 97);
        strmap_put(&m, key, (size_t)len, -i);
    }
    assert_int_equal(m.n, (size_t)n);
    int64_t v;
    int len = snprintf(key, sizeof(key), "area-%d:category-%d", 4242, 4242 % 97);
    assert_true(strmap_get(&m, key, (size_t)len, &v) && v == -4242);
    strmap_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calendar_validity),
        cmocka_unit_test(day_arithmetic),
        cmocka_unit_test(weekdays),
        cmocka_unit_test(format_and_compare),
        cmocka_unit_test(trimming_and_folding),
        cmocka_unit_test(strmap_basics),
        cmocka_unit_test(strmap_100k_keys),
    };
    return cmocka_run_group_tests_name("text_date_strmap", tests, NULL, NULL);
}
