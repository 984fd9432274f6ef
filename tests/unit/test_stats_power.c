/*
 * Unit tests for src/lib/stats/power against R's power.prop.test.  R solves with
 * uniroot(tol = eps^0.25) by default; the script also asks R for tol = 1e-12, which
 * is what the closed-form / Brent answers here are compared with at TOL_CLOSED.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/power.h"
#include "stats/stats.h"

#define REF "tests/r/values/survey_stats.csv"
#define R(c, k) ref_get(REF, c, k)
#define R_UNIROOT_TOL 1.220703125e-4 /* .Machine$double.eps^0.25 */

static void sample_size_matches_r(void **state)
{
    (void)state;
    stats_init();
    const char *cases[] = {"pw_a", "pw_b", "pw_c", "pw_d", "pw_e"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        struct stat_result r = power_prop_n(R(c, "p1"), R(c, "p2"), R(c, "sig"), R(c, "power"));
        assert_int_equal(r.status, STAT_OK);
        assert_close(r.estimate, R(c, "n"), TOL_CLOSED);
        assert_true(fabs(r.estimate - R(c, "n_default")) <= 2 * R_UNIROOT_TOL);
        /* and back: the power at that n is the power asked for */
        struct stat_result p = power_prop_power(r.estimate, R(c, "p1"), R(c, "p2"), R(c, "sig"));
        assert_close(p.estimate, R(c, "power"), 1e-12);
    }
    const char *pc[] = {"pp_a", "pp_b", "pp_c", "pp_d", "pp_e"};
    for (size_t i = 0; i < ARRAY_LEN(pc); i++) {
        const char *c = pc[i];
        struct stat_result r = power_prop_power(R(c, "n"), R(c, "p1"), R(c, "p2"), R(c, "sig"));
        assert_int_equal(r.status, STAT_OK);
        assert_close(r.estimate, R(c, "power"), TOL_CLOSED);
    }
}

static void detectable_change_matches_r(void **state)
{
    (void)state;
    const char *cases[] = {"pd_a", "pd_b", "pd_c", "pd_d", "pd_e"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        struct stat_result up = power_prop_p2(R(c, "n"), R(c, "p1"), R(c, "sig"), R(c, "power"), 1);
        struct stat_result dn = power_prop_p2(R(c, "n"), R(c, "p1"), R(c, "sig"), R(c, "power"), -1);
        assert_close(up.estimate, R(c, "p2_up"), TOL_CLOSED);
        assert_close(dn.estimate, R(c, "p2_down"), TOL_CLOSED);
        double def = R(c, "p2_up_default");
        if (isnan(def)) {
            assert_int_equal(up.status, STAT_NOT_ESTIMABLE);
            assert_non_null(strstr(up.message, "not even a change"));
        } else {
            assert_true(fabs(up.estimate - def) <= 2 * R_UNIROOT_TOL);
        }
    }
}

static void power_degenerate(void **state)
{
    (void)state;
    struct stat_result r = power_prop_n(0.3, 0.3, 0.05, 0.8);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(r.message, "equal"));
    r = power_prop_n(0.3, 1.3, 0.05, 0.8);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    r = power_prop_n(0.3, 0.4, 0, 0.8);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    r = power_prop_n(0.3, 0.4, 0.05, 1);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    r = power_prop_power(0, 0.3, 0.4, 0.05);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    r = power_prop_power(10, 0, 0, 0.05);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    r = power_prop_p2(100, 1, 0.05, 0.8, 1);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    r = power_prop_p2(100, 0.5, 0.05, 0.8, 0);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
}

/* The minimum detectable ratio of a log-scale estimate against
 * exp(-(qnorm(1 - alpha/2) + qnorm(power)) * se) (tests/r/ref_count_stats.R). */
static void detectable_ratio_matches_r(void **state)
{
    (void)state;
    const char *ref = "tests/r/values/count_stats.csv";
    for (int k = 1; k <= 4; k++) {
        char c[16];
        snprintf(c, sizeof(c), "mde%d", k);
        struct stat_result r = power_mde_ratio(ref_get(ref, c, "se"), ref_get(ref, c, "alpha"),
                                               ref_get(ref, c, "power"));
        assert_int_equal(r.status, STAT_OK);
        assert_close(r.estimate, ref_get(ref, c, "ratio"), TOL_CLOSED);
        assert_true(r.estimate < 1);
    }
    assert_int_equal(power_mde_ratio(0, 0.05, 0.8).status, STAT_INVALID_INPUT);
    assert_int_equal(power_mde_ratio(NAN, 0.05, 0.8).status, STAT_INVALID_INPUT);
    assert_int_equal(power_mde_ratio(0.2, 0, 0.8).status, STAT_INVALID_INPUT);
    assert_int_equal(power_mde_ratio(0.2, 0.05, 1).status, STAT_INVALID_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(sample_size_matches_r),
                                       cmocka_unit_test(detectable_change_matches_r),
                                       cmocka_unit_test(power_degenerate),
                                       cmocka_unit_test(detectable_ratio_matches_r)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
