/*
 * eval/format: the confidence level as every report names it (one function, fed by
 * the run's level), and the ring-buffer printf the labels are built with.
 */
#include <math.h>
#include <string.h>

#include "testutil.h"
#include "eval/format.h"

static void level_is_printed_as_given(void **state)
{
    (void)state;
    assert_string_equal(fmt_level("sv", 0.90), "90\xc2\xa0%");
    assert_string_equal(fmt_level("en", 0.90), "90%");
    assert_string_equal(fmt_level("sv", 0.975), "97,5\xc2\xa0%");
    assert_string_equal(fmt_level("en", 0.975), "97.5%");
    assert_string_equal(fmt_level("en", 0.995), "99.5%");
    assert_string_equal(fmt_level("en", 0.9999), "99.99%");
    assert_string_equal(fmt_level("en", 0.8), "80%");
    /* nothing outside (0, 1) is a level */
    assert_string_equal(fmt_level("en", NAN), "\xe2\x80\x93");
    assert_string_equal(fmt_level("en", 1), "\xe2\x80\x93");
    assert_string_equal(fmt_level("en", 0), "\xe2\x80\x93");
}

static void interval_names_carry_the_level(void **state)
{
    (void)state;
    assert_string_equal(fmt_ci_label("sv", 0.90, CI_ABBR), "90\xc2\xa0% KI");
    assert_string_equal(fmt_ci_label("en", 0.90, CI_ABBR), "90% CI");
    assert_string_equal(fmt_ci_label("sv", 0.99, CI_WORDS), "99\xc2\xa0% konfidensintervall");
    assert_string_equal(fmt_ci_label("sv", 0.99, CI_WORDS_PL), "99\xc2\xa0% konfidensintervall");
    assert_string_equal(fmt_ci_label("en", 0.975, CI_WORDS), "97.5% confidence interval");
    assert_string_equal(fmt_ci_label("en", 0.95, CI_WORDS_PL), "95% confidence intervals");
}

/* The typographic minus U+2212 in every number a report prints (the machine-readable
 * writers turn it back into ASCII: test_report_csv, test_xlsx); "-0,0" never. */
static void negative_numbers_use_the_minus_sign(void **state)
{
    (void)state;
    assert_string_equal(fmt_num("sv", -0.0719, 4), "\xe2\x88\x92" "0,0719");
    assert_string_equal(fmt_num("en", -0.0719, 4), "\xe2\x88\x92" "0.0719");
    assert_string_equal(fmt_sig("sv", -12345.6, 6), "\xe2\x88\x92" "12\xc2\xa0" "345,6");
    assert_string_equal(fmt_num("sv", -INFINITY, 0), "\xe2\x88\x92\xe2\x88\x9e");
    assert_string_equal(fmt_ci("sv", -0.113, -0.031, 3, 0), "\xe2\x88\x92" "0,1130 till \xe2\x88\x92" "0,0310");
    assert_string_equal(fmt_num("sv", -0.00004, 2), "0,00");
    assert_null(strchr(fmt_num("en", -3.5, 1), '-'));
}

/* A change is signed both ways, a level or a ratio is not; an estimate and its bounds
 * share one count of decimals; an interval of a difference of shares is never printed
 * past what is possible (±100 points for a change, ±200 for a difference of changes)
 * without saying it was cut. */
static void changes_signs_digits_and_limits(void **state)
{
    (void)state;
    assert_string_equal(fmt_change("sv", 2.04, 1), "+2,0");
    assert_string_equal(fmt_change("en", -2.04, 1), "\xe2\x88\x92" "2.0");
    assert_string_equal(fmt_change("sv", 0.004, 2), "0,00");
    assert_string_equal(fmt_change("sv", -0.004, 2), "0,00");
    assert_string_equal(fmt_pp("sv", 0.072, 1, 1), "+7,2\xc2\xa0p.e.");
    assert_string_equal(fmt_ci_pp("en", -0.113, 0.031, 1, 1), "\xe2\x88\x92" "11.3 to +3.1\xc2\xa0pp");
    assert_string_equal(fmt_num("sv", 0.5, 1), "0,5");
    /* 0,159 with 0,0741 and 0,3408: four decimals for all three */
    int d = fmt_common_decimals(0.159, 0.0741, 0.3408, 3);
    assert_int_equal(d, 4);
    assert_string_equal(fmt_ci_dec("sv", 0.0741, 0.3408, d, 0), "0,0741 till 0,3408");
    assert_string_equal(fmt_num("sv", 0.159, d), "0,1590");
    assert_int_equal(fmt_common_decimals(0.932, 0.648, 1.34, 3), 3);
    assert_int_equal(fmt_common_decimals(0, 0, 0, 3), 2);
    assert_int_equal(fmt_common_decimals(NAN, 0.5, NAN, 3), 3);
    assert_string_equal(fmt_ci_dec("en", -1.25, 2.5, 2, 1), "\xe2\x88\x92" "1.25 to +2.50");
    assert_string_equal(fmt_ci_dec("en", NAN, NAN, 2, 1), "no interval");
    /* a change cut at ±100 points, a difference of changes at ±200 */
    assert_string_equal(fmt_ci_pp("sv", -1.31, 0.2, 1, 1),
                        "\xe2\x88\x92" "100,0 till +20,0\xc2\xa0p.e. (avkortat)");
    assert_string_equal(fmt_ci_pp_limit("en", -0.236, 1.569, 1, 1, 2.0),
                        "\xe2\x88\x92" "23.6 to +156.9\xc2\xa0pp");
    assert_string_equal(fmt_ci_pp_limit("en", -0.5, 2.4, 1, 0, 2.0),
                        "\xe2\x88\x92" "50.0 to +200.0\xc2\xa0percentage points (truncated)");
}

static void fmt_text_formats_and_cuts_whole_characters(void **state)
{
    (void)state;
    assert_string_equal(fmt_text("Change (%s)", fmt_ci_label("en", 0.9, CI_ABBR)),
                        "Change (90% CI)");
    /* 1000 ASCII bytes then two-byte characters: the cut at 1023 bytes falls inside one */
    char big[1200];
    memset(big, 'a', 1000);
    size_t at = 1000;
    while (at + 2 < sizeof(big)) {
        big[at++] = '\xc3';
        big[at++] = '\xa5';
    }
    big[at] = '\0';
    const char *s = fmt_text("%s", big);
    size_t len = strlen(s);
    assert_true(len <= 1023);
    assert_true(len >= 1021);
    assert_int_equal((len - 1000) % 2, 0); /* no half character at the end */
}

/* One rule for every p-value (a column never has "0,010" beside "0,01"), and units
 * that stay on the line of their number. */
static void p_values_and_units(void **state)
{
    (void)state;
    assert_string_equal(fmt_p("sv", 0.00996), "0,01");
    assert_string_equal(fmt_p("sv", 0.0104), "0,01");
    assert_string_equal(fmt_p("sv", 0.0095), "0,01");
    assert_string_equal(fmt_p("sv", 0.00949), "0,009");
    assert_string_equal(fmt_p("en", 0.0031), "0.003");
    assert_string_equal(fmt_p("sv", 0.25), "0,25");
    assert_string_equal(fmt_p("sv", 0.0005), "<\xc2\xa0" "0,001");
    assert_string_equal(fmt_p("en", 0.0005), "<\xc2\xa0" "0.001");
    assert_string_equal(fmt_pct("sv", 0.47, 0), "47\xc2\xa0%");
    assert_string_equal(fmt_pct("en", 0.47, 0), "47%");
    assert_string_equal(fmt_pp("sv", -0.072, 1, 1), "\xe2\x88\x92" "7,2\xc2\xa0p.e.");
    assert_string_equal(fmt_pp("en", -0.072, 1, 0), "\xe2\x88\x92" "7.2\xc2\xa0percentage points");
    assert_string_equal(fmt_ci_pp("sv", -0.113, -0.031, 1, 1), "\xe2\x88\x92" "11,3 till \xe2\x88\x92" "3,1\xc2\xa0p.e.");
    assert_string_equal(fmt_sek("sv", 1400000), "1\xc2\xa0" "400\xc2\xa0" "000\xc2\xa0kr");
    assert_string_equal(fmt_sek("en", 1400000), "SEK\xc2\xa0" "1,400,000");
    /* amounts group from four digits (beside an interval's five-digit bound), plain
     * numbers from five */
    assert_string_equal(fmt_sek("sv", 7488), "7\xc2\xa0" "488\xc2\xa0kr");
    assert_string_equal(fmt_sek("en", 7488), "SEK\xc2\xa0" "7,488");
    assert_string_equal(fmt_sek("en", 999), "SEK\xc2\xa0" "999");
    /* a count in a table column groups from four digits, as 10 382 beside it does */
    assert_string_equal(fmt_count("sv", 7173), "7\xc2\xa0" "173");
    assert_string_equal(fmt_count("sv", 10382), "10\xc2\xa0" "382");
    assert_string_equal(fmt_count("en", 7173), "7,173");
    assert_string_equal(fmt_count("sv", 999), "999");
    assert_string_equal(fmt_num("sv", 7173, 0), "7173"); /* standing alone: ungrouped */
    assert_string_equal(fmt_sek("sv", -5354), "\xe2\x88\x92" "5\xc2\xa0" "354\xc2\xa0kr");
    assert_string_equal(fmt_num("en", 7488, 0), "7488");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(level_is_printed_as_given),
        cmocka_unit_test(interval_names_carry_the_level),
        cmocka_unit_test(negative_numbers_use_the_minus_sign),
        cmocka_unit_test(changes_signs_digits_and_limits),
        cmocka_unit_test(fmt_text_formats_and_cuts_whole_characters),
        cmocka_unit_test(p_values_and_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
