/*
 * Unit tests for src/lib/stats/trend against R's prop.trend.test.
 */
#include <math.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/stats.h"
#include "stats/trend.h"

#define REF "tests/r/values/survey_stats.csv"

static void trend_matches_r(void **state)
{
    (void)state;
    stats_init();
    struct td_table *t = td_load("tests/data/stats/trend.csv");
    const char *cases[] = {"tr_smokers", "tr_years", "tr_zero_n", "tr_two", "tr_small", "tr_big"};
    for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
        double *x, *n, *s;
        size_t k = td_col(t, cases[c], NULL, 0, "x", &x);
        td_col(t, cases[c], NULL, 0, "n", &n);
        td_col(t, cases[c], NULL, 0, "score", &s);
        struct stat_result r = prop_trend_test(x, n, s, k);
        assert_int_equal(r.status, STAT_OK);
        assert_close(r.statistic, ref_get(REF, cases[c], "chisq"), TOL_CLOSED);
        assert_close(r.p_value, ref_get(REF, cases[c], "p"), TOL_CLOSED);
        assert_close(r.estimate, ref_get(REF, cases[c], "slope"), TOL_CLOSED);
        assert_true(r.df == 1);
        free(x);
        free(n);
        free(s);
    }
    td_free(t);
    /* default scores 1..k equal the explicit ones */
    double x[] = {83, 90, 129, 70}, n[] = {86, 93, 136, 82};
    struct stat_result r = prop_trend_test(x, n, NULL, 4);
    assert_close(r.statistic, ref_get(REF, "tr_smokers", "chisq"), TOL_CLOSED);
}

static void trend_degenerate(void **state)
{
    (void)state;
    double x0[] = {0, 0, 0}, n[] = {10, 12, 9}, xall[] = {10, 12, 9}, s_same[] = {5, 5, 5};
    struct stat_result r = prop_trend_test(x0, n, NULL, 3);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "nobody"));
    r = prop_trend_test(xall, n, NULL, 3);
    assert_non_null(strstr(why_en(&r.why), "everyone"));
    double x1[] = {3, 4, 5};
    r = prop_trend_test(x1, n, s_same, 3);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "same score"));
    double one_n[] = {10, 0, 0};
    r = prop_trend_test(x1, one_n, NULL, 1);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "at least two waves"));
    double bad[] = {11, 4, 5};
    r = prop_trend_test(bad, n, NULL, 3);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    r = prop_trend_test(NULL, NULL, NULL, 0);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(trend_matches_r),
                                       cmocka_unit_test(trend_degenerate)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
