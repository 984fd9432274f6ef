/*
 * Unit tests for src/lib/stats/descriptive against R (mean, sd, quantile type 7,
 * t.test, svymean and svyvar on ids = ~1 designs).
 */
#include <math.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/descriptive.h"
#include "stats/stats.h"

#define REF "tests/r/values/survey_stats.csv"
#define R(c, k) ref_get(REF, c, k)

static void describe_matches_r(void **state)
{
    (void)state;
    stats_init();
    struct td_table *t = td_load("tests/data/stats/describe.csv");
    const char *cases[] = {"d_basic", "d_weighted", "d_one", "d_two", "d_const", "d_even"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        double *x, *w;
        size_t n = td_col(t, c, NULL, 0, "x", &x);
        td_col(t, c, NULL, 0, "w", &w);
        struct describe d, dw;
        describe(x, NULL, n, 0.95, &d);
        describe(x, w, n, 0.95, &dw);
        assert_close(d.n_valid, R(c, "n_valid"), 0);
        assert_close(d.n_missing, R(c, "n_missing"), 0);
        assert_close(d.mean.estimate, R(c, "mean"), TOL_CLOSED);
        assert_close(d.q1.estimate, R(c, "q1"), TOL_CLOSED);
        assert_close(d.median.estimate, R(c, "median"), TOL_CLOSED);
        assert_close(d.q3.estimate, R(c, "q3"), TOL_CLOSED);
        assert_close(d.min, R(c, "min"), 0);
        assert_close(d.max, R(c, "max"), 0);
        assert_close(quantile7(x, n, 0.1).estimate, R(c, "q10"), TOL_CLOSED);
        assert_close(quantile7(x, n, 0.99).estimate, R(c, "q99"), TOL_CLOSED);
        assert_close(dw.median.estimate, d.median.estimate, 0); /* quantiles unweighted */
        if (ref_has(REF, c, "sd")) {
            assert_int_equal(d.sd.status, STAT_OK);
            assert_close_abs(d.sd.estimate, R(c, "sd"), TOL_CLOSED, 1e-12);
            assert_close(dw.mean.estimate, R(c, "wmean"), TOL_CLOSED);
            assert_close_abs(dw.mean.std_error, R(c, "wse"), TOL_CLOSED, 1e-12);
            assert_close(dw.mean.conf_low, R(c, "wlo"), TOL_CLOSED);
            assert_close(dw.mean.conf_high, R(c, "whi"), TOL_CLOSED);
            assert_close_abs(dw.sd.estimate, R(c, "wsd"), TOL_CLOSED, 1e-12);
        } else {
            assert_int_equal(d.sd.status, STAT_NOT_ESTIMABLE);
            assert_non_null(strstr(why_en(&d.sd.why), "at least 2"));
            assert_non_null(strstr(why_en(&d.mean.why), "only one valid answer"));
        }
        if (ref_has(REF, c, "se")) {
            assert_close(d.mean.std_error, R(c, "se"), TOL_CLOSED);
            assert_close(d.mean.conf_low, R(c, "lo"), TOL_CLOSED);
            assert_close(d.mean.conf_high, R(c, "hi"), TOL_CLOSED);
        }
        free(x);
        free(w);
    }
    td_free(t);
}

static void describe_degenerate(void **state)
{
    (void)state;
    double allna[] = {NAN, NAN}, w[] = {1, -2}, x[] = {1, 2}, inf[] = {1, INFINITY};
    struct describe d;
    describe(allna, NULL, 2, 0.95, &d);
    assert_true(d.n_valid == 0 && d.n_missing == 2);
    assert_int_equal(d.mean.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&d.mean.why), "no valid answers"));
    assert_int_equal(d.median.status, STAT_NOT_ESTIMABLE);
    describe(NULL, NULL, 0, 0.95, &d);
    assert_int_equal(d.mean.status, STAT_NOT_ESTIMABLE);
    describe(x, w, 2, 0.95, &d);
    assert_int_equal(d.mean.status, STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&d.mean.why), "weights must be positive"));
    describe(inf, NULL, 2, 0.95, &d);
    assert_int_equal(d.mean.status, STAT_INVALID_INPUT);
    struct stat_result q = quantile7(x, 2, 1.5);
    assert_int_equal(q.status, STAT_INVALID_INPUT);
    double c[] = {4, 4, 4};
    describe(c, NULL, 3, 0.95, &d);
    assert_non_null(strstr(why_en(&d.mean.why), "same"));
    assert_true(d.sd.estimate == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(describe_matches_r),
                                       cmocka_unit_test(describe_degenerate)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
