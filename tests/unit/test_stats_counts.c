/*
 * Unit tests for src/lib/stats/counts: the exact conditional rate-ratio test and the
 * exact interval of one rate against R's poisson.test (values from
 * tests/r/ref_count_stats.R).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "count_stats_data.h"
#include "stats/counts.h"
#include "stats/stats.h"

static const char *const rr_cases[] = {"rr_basic", "rr_zero_after", "rr_zero_before", "rr_days",
                                       "rr_equal", "rr_large", "rr_unequal_time", "rr_one"};

static void check_rr_case(void **state)
{
    const char *c = *state;
    struct stat_result r = poisson_rate_ratio_exact(csd_ref(c, "c_after"), csd_ref(c, "t_after"),
                                                    csd_ref(c, "c_before"), csd_ref(c, "t_before"),
                                                    0.95);
    assert_int_equal(r.status, STAT_OK);
    assert_close(r.estimate, csd_ref(c, "estimate"), TOL_CLOSED);
    assert_close(r.conf_low, csd_ref(c, "conf_low"), TOL_CLOSED);
    assert_close(r.conf_high, csd_ref(c, "conf_high"), TOL_CLOSED);
    assert_close(r.p_value, csd_ref(c, "p_value"), TOL_CLOSED);
    assert_close(r.statistic, csd_ref(c, "c_after"), 0);
    assert_close(r.n, csd_ref(c, "c_after") + csd_ref(c, "c_before"), 0);
    assert_true(r.conf_level == 0.95);
    if (csd_ref(c, "c_before") == 0) {
        assert_true(isinf(r.estimate) && isinf(r.conf_high));
        assert_non_null(strstr(why_en(&r.why), "no incidents before"));
    }
    if (csd_ref(c, "c_after") == 0) {
        assert_true(r.estimate == 0 && r.conf_low == 0);
        assert_non_null(strstr(why_en(&r.why), "no incidents after"));
    }
}

static void degenerate_counts(void **state)
{
    (void)state;
    struct stat_result r = poisson_rate_ratio_exact(0, 12, 0, 12, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "no incidents"));
    assert_true(isnan(r.estimate) && isnan(r.p_value));
    r = poisson_rate_ratio_exact(-1, 12, 4, 12, 0.95);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    r = poisson_rate_ratio_exact(2.5, 12, 4, 12, 0.95);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&r.why), "whole numbers"));
    r = poisson_rate_ratio_exact(3, 0, 4, 12, 0.95);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&r.why), "positive"));
    r = poisson_rate_ratio_exact(3, 12, 4, NAN, 0.95);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    r = poisson_rate_ratio_exact(3, 12, 4, 12, 1.5);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
}

/* binom.test(7, 20, 0.3): p = 0.6294980, CI (0.1539092, 0.5921885) (R 4.2). */
static void binom_test_known(void **state)
{
    (void)state;
    struct stat_result r = binom_test_exact(7, 20, 0.3, 0.95);
    assert_int_equal(r.status, STAT_OK);
    assert_close(r.p_value, 0.62949796667667735, TOL_CLOSED);
    assert_close(r.conf_low, 0.15390920478454115, TOL_CLOSED);
    assert_close(r.conf_high, 0.59218853453282816, TOL_CLOSED);
    r = binom_test_exact(0, 0, 0.5, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    r = binom_test_exact(5, 4, 0.5, 0.95);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
}

/* Millions of counts: the two-sided p-value's tail is counted by bisection
 * (counts.c, count_at_most), against R's binom.test, which counts it outcome by
 * outcome (tests/r/ref_binom_large.R). */
static void binom_test_large_counts_match_r(void **state)
{
    (void)state;
    static const char *const file = "tests/r/values/binom_large.csv";
    const char *const *ids;
    size_t n = ref_cases(file, &ids);
    assert_true(n >= 4);
    for (size_t i = 0; i < n; i++) {
        struct stat_result r = binom_test_exact(ref_get(file, ids[i], "x"), ref_get(file, ids[i], "n"),
                                                ref_get(file, ids[i], "p"), 0.95);
        assert_int_equal(r.status, STAT_OK);
        assert_close(r.p_value, ref_get(file, ids[i], "p_value"), TOL_CLOSED);
        assert_close(r.conf_low, ref_get(file, ids[i], "conf_low"), TOL_CLOSED);
        assert_close(r.conf_high, ref_get(file, ids[i], "conf_high"), TOL_CLOSED);
    }
}

/* Counts beyond what GSL's binomial functions take (unsigned int) are refused with a
 * reason, at once: a hostile file's 2^53 incidents once cast out of range and looped
 * over every count (a run that never ended). */
static void huge_counts_refused_at_once(void **state)
{
    (void)state;
    struct stat_result r = binom_test_exact(4e15, 9007199254740992.0, 0.5, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_int_equal(r.why.code, STAT_R_COUNTS_TOO_LARGE);
    r = poisson_rate_ratio_exact(9007199254740992.0, 12, 3, 12, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_int_equal(r.why.code, STAT_R_COUNTS_TOO_LARGE);
}

/* One Poisson rate with its exact interval against poisson.test(x, T). */
static void single_rate_matches_r(void **state)
{
    (void)state;
    /* 7-9: large counts, where GSL's gamma quantile alone does not converge */
    for (int k = 1; k <= 9; k++) {
        char c[16];
        snprintf(c, sizeof(c), "rate%d", k);
        double x = csd_ref(c, "x"), t = csd_ref(c, "t"), conf = csd_ref(c, "conf");
        struct stat_result r = poisson_rate_exact(x, t, conf);
        assert_int_equal(r.status, STAT_OK);
        assert_close(r.estimate, csd_ref(c, "estimate"), TOL_CLOSED);
        assert_close_abs(r.conf_low, csd_ref(c, "lo"), TOL_CLOSED, 1e-12);
        assert_close(r.conf_high, csd_ref(c, "hi"), TOL_CLOSED);
        assert_true(r.conf_level == conf);
        assert_close(r.n, x, 0);
    }
    /* no days, a negative or fractional count, a level outside (0, 1) */
    assert_int_equal(poisson_rate_exact(3, 0, 0.95).status, STAT_NOT_ESTIMABLE);
    assert_int_equal(poisson_rate_exact(-1, 5, 0.95).status, STAT_INVALID_INPUT);
    assert_int_equal(poisson_rate_exact(1.5, 5, 0.95).status, STAT_INVALID_INPUT);
    assert_int_equal(poisson_rate_exact(1, 5, 1).status, STAT_INVALID_INPUT);
    assert_int_equal(poisson_rate_exact(1, NAN, 0.95).status, STAT_NOT_ESTIMABLE);
}

int main(void)
{
    stats_init();
    struct CMUnitTest tests[16];
    size_t nt = 0;
    for (size_t i = 0; i < sizeof(rr_cases) / sizeof(*rr_cases); i++) {
        struct CMUnitTest t = {rr_cases[i], check_rr_case, NULL, NULL, (void *)rr_cases[i]};
        tests[nt++] = t;
    }
    struct CMUnitTest fixed[] = {cmocka_unit_test(degenerate_counts),
                                 cmocka_unit_test(binom_test_known),
                                 cmocka_unit_test(binom_test_large_counts_match_r),
                                 cmocka_unit_test(huge_counts_refused_at_once),
                                 cmocka_unit_test(single_rate_matches_r)};
    for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
        tests[nt++] = fixed[i];
    return run_dynamic_group("stats_counts", tests, nt);
}
