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
            assert_non_null(strstr(why_en(&up.why), "not even a change"));
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
    assert_non_null(strstr(why_en(&r.why), "equal"));
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

/* The grid of tests/r/ref_power.R: power.prop.test with every combination of level,
 * power, one- or two-sided and strict, proportions near 0 and 1, n from 2 to 5000.
 * Where R finds no p2 in [0, 1] (it warns, or stops at the undefined power of a zero
 * baseline) trygg says no change is detectable. */
#define PREF "tests/r/values/power.csv"
static void grid_matches_r(void **state)
{
    (void)state;
    const char *const *ids;
    size_t n_cases = ref_cases(PREF, &ids), checked = 0, refused = 0;
    for (size_t i = 0; i < n_cases; i++) {
        const char *c = ids[i];
        if (c[0] != 'g')
            continue;
        struct power_prop_opts o = {ref_get(PREF, c, "sig"), ref_get(PREF, c, "one") != 0,
                                    ref_get(PREF, c, "strict") != 0};
        double p1 = ref_get(PREF, c, "p1"), p2 = ref_get(PREF, c, "p2");
        double n = ref_get(PREF, c, "n"), pw = ref_get(PREF, c, "power");
        struct stat_result r = power_prop_n_opt(p1, p2, pw, &o);
        assert_int_equal(r.status, STAT_OK);
        assert_close(r.estimate, ref_get(PREF, c, "n_req"), TOL_CLOSED);
        r = power_prop_power_opt(n, p1, p2, &o);
        assert_int_equal(r.status, STAT_OK);
        assert_close(r.estimate, ref_get(PREF, c, "pow"), TOL_CLOSED);
        const char *keys[] = {"p2_up", "p2_down"};
        for (int d = 0; d < 2; d++) {
            double want = ref_get(PREF, c, keys[d]);
            r = power_prop_p2_opt(n, p1, pw, d == 0 ? 1 : -1, &o);
            if (isnan(want)) {
                if (r.status == STAT_OK) /* only where R stops at a baseline of 0 */
                    assert_close(power_prop_power_opt(n, p1, r.estimate, &o).estimate, pw,
                                 1e-9);
                else
                    refused++;
                continue;
            }
            if (r.status != STAT_OK)
                fail_msg("%s %s: %s", c, keys[d], why_en(&r.why));
            assert_close(r.estimate, want, TOL_CLOSED);
            checked++;
        }
    }
    assert_int_equal(checked, 298);
    assert_true(refused >= 40); /* the rest start at a baseline of 0 */
    /* R's help-page examples */
    struct power_prop_opts two = {0.05, false, false};
    assert_close(power_prop_n_opt(.5, .75, .9, &two).estimate, ref_get(PREF, "help1", "n_req"),
                 TOL_CLOSED);
    assert_close(power_prop_power_opt(50, .5, .75, &two).estimate,
                 ref_get(PREF, "help2", "pow"), TOL_CLOSED);
    assert_close(power_prop_p2_opt(50, .5, .9, 1, &two).estimate,
                 ref_get(PREF, "help3", "p2_up"), TOL_CLOSED);
    struct power_prop_opts tiny = {0.001, false, false};
    assert_close(power_prop_n_opt(.5, .501, .9, &tiny).estimate,
                 ref_get(PREF, "help4", "n_req"), TOL_CLOSED);
    assert_close(power_prop_power_opt(1e6, .5, .501, &tiny).estimate,
                 ref_get(PREF, "help5", "pow"), TOL_CLOSED);
}

/* Two means, the grid of tests/r/ref_power_t.R: power.t.test(type = "two.sample") with
 * every combination of level, power, one- or two-sided and strict, differences from
 * 0.01 to 10 SDs, n from 1.5 to 1e6 (noncentral t with df beyond 4e5 and ncp beyond
 * 37.62, where R approximates), and a negative difference one-sided (R stops: no n). */
#define TREF "tests/r/values/power_t.csv"
static void means_grid_matches_r(void **state)
{
    (void)state;
    const char *const *ids;
    size_t n_cases = ref_cases(TREF, &ids), checked = 0, refused = 0, below2 = 0;
    for (size_t i = 0; i < n_cases; i++) {
        const char *c = ids[i];
        if (c[0] != 't')
            continue;
        struct power_t_opts o = {ref_get(TREF, c, "sig"), ref_get(TREF, c, "sd"),
                                 ref_get(TREF, c, "one") != 0, ref_get(TREF, c, "strict") != 0};
        double delta = ref_get(TREF, c, "delta"), n = ref_get(TREF, c, "n");
        double pw = ref_get(TREF, c, "power");
        struct stat_result r = power_t_power(n, delta, &o);
        if (r.status != STAT_OK)
            fail_msg("%s power: reason %s", c, stat_reason_name(r.why.code));
        assert_close_abs(r.estimate, ref_get(TREF, c, "pow"), TOL_CLOSED, 1e-12);
        double want = ref_get(TREF, c, "n_req");
        r = power_t_n(delta, pw, &o);
        if (isnan(want)) {
            assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
            assert_int_equal(r.why.code, STAT_R_POWER_DELTA_WRONG_SIDE);
            refused++;
        } else {
            if (r.status != STAT_OK)
                fail_msg("%s n: reason %s", c, stat_reason_name(r.why.code));
            assert_close(r.estimate, want, TOL_CLOSED);
            below2 += r.estimate < 2;
            checked++;
        }
        r = power_t_delta(n, pw, &o);
        if (r.status != STAT_OK)
            fail_msg("%s delta: reason %s", c, stat_reason_name(r.why.code));
        assert_close(r.estimate, ref_get(TREF, c, "delta_req"), TOL_CLOSED);
        checked++;
    }
    assert_int_equal(checked, 2 * 160 - 8);
    assert_int_equal(refused, 8);
    assert_true(below2 > 0); /* R's uniroot extended below its interval [2, 1e7] */
    /* R's default tolerance (about 1e-4) lands near the exact root */
    struct power_t_opts two = {0.05, 1, false, false};
    assert_true(fabs(power_t_n(0.5, 0.8, &two).estimate - ref_get(TREF, "default", "n_req")) <
                2 * R_UNIROOT_TOL * 64);
}

/* Refusals and the power's own properties, without R. */
static void means_degenerate(void **state)
{
    (void)state;
    struct power_t_opts two = {0.05, 1, false, false}, one = {0.05, 1, true, false},
                        strict = {0.05, 1, false, true};
    /* no difference: the power is the size of the test, no n reaches more */
    assert_close(power_t_power(50, 0, &two).estimate, 0.025, 1e-9);
    assert_close(power_t_power(50, 0, &one).estimate, 0.05, 1e-9);
    assert_close(power_t_power(50, 0, &strict).estimate, 0.05, 1e-9);
    assert_int_equal(power_t_n(0, 0.8, &two).status, STAT_NOT_ESTIMABLE);
    /* two-sided, the sign of the difference does not matter */
    assert_close(power_t_power(30, -0.7, &two).estimate, power_t_power(30, 0.7, &two).estimate,
                 1e-15);
    assert_close(power_t_n(-0.7, 0.8, &two).estimate, power_t_n(0.7, 0.8, &two).estimate, 1e-12);
    /* and back: the power at the n found is the power asked for */
    struct stat_result n = power_t_n(0.3, 0.9, &strict);
    assert_close(power_t_power(n.estimate, 0.3, &strict).estimate, 0.9, 1e-9);
    struct stat_result d = power_t_delta(40, 0.8, &one);
    assert_close(power_t_power(40, d.estimate, &one).estimate, 0.8, 1e-9);
    /* the sd scales the difference */
    struct power_t_opts sd3 = {0.05, 3, false, false};
    assert_close(power_t_delta(40, 0.8, &sd3).estimate, 3 * power_t_delta(40, 0.8, &two).estimate,
                 1e-9);
    /* impossible inputs */
    assert_int_equal(power_t_power(1, 0.5, &two).status, STAT_INVALID_INPUT);
    assert_int_equal(power_t_power(0.5, 0.5, &two).status, STAT_INVALID_INPUT);
    assert_int_equal(power_t_power(INFINITY, 0.5, &two).status, STAT_INVALID_INPUT);
    assert_int_equal(power_t_power(10, NAN, &two).status, STAT_INVALID_INPUT);
    assert_int_equal(power_t_n(0.5, 0.02, &two).status, STAT_INVALID_INPUT); /* ≤ α/2 */
    assert_int_equal(power_t_n(0.5, 0.04, &one).status, STAT_INVALID_INPUT);  /* ≤ α */
    assert_int_equal(power_t_n(0.5, 1, &two).status, STAT_INVALID_INPUT);
    struct power_t_opts bad_sd = {0.05, 0, false, false};
    assert_int_equal(power_t_n(0.5, 0.8, &bad_sd).status, STAT_INVALID_INPUT);
    struct power_t_opts bad_alpha = {0, 1, false, false};
    assert_int_equal(power_t_power(10, 0.5, &bad_alpha).status, STAT_INVALID_INPUT);
}

/* With no change the power is the size of the test, and a plan cannot ask for less. */
static void null_power_and_limits(void **state)
{
    (void)state;
    struct power_prop_opts two = {0.05, false, false}, strict = {0.05, false, true},
                           one = {0.05, true, false};
    assert_close(power_prop_power_opt(100, .3, .3, &two).estimate,
                 ref_get(PREF, "null_two", "pow"), TOL_CLOSED);
    assert_close(power_prop_power_opt(100, .3, .3, &strict).estimate,
                 ref_get(PREF, "null_strict", "pow"), TOL_CLOSED);
    assert_close(power_prop_power_opt(100, .3, .3, &one).estimate,
                 ref_get(PREF, "null_one", "pow"), TOL_CLOSED);
    /* power 0.04 is above α/2 but not above α: refused one-sided and strict */
    assert_int_equal(power_prop_n_opt(.3, .4, .04, &two).status, STAT_OK);
    assert_int_equal(power_prop_n_opt(.3, .4, .04, &one).status, STAT_INVALID_INPUT);
    assert_int_equal(power_prop_n_opt(.3, .4, .04, &strict).status, STAT_INVALID_INPUT);
    /* strict never needs more than the plain test, one-sided always less */
    assert_true(power_prop_n_opt(.3, .35, .8, &strict).estimate <=
                power_prop_n_opt(.3, .35, .8, &two).estimate);
    assert_true(power_prop_n_opt(.3, .35, .8, &one).estimate <
                power_prop_n_opt(.3, .35, .8, &two).estimate);
    /* a baseline of 0 (R's uniroot stops there): the answer reaches the power asked */
    struct stat_result r = power_prop_p2_opt(500, 0, .8, 1, &two);
    assert_int_equal(r.status, STAT_OK);
    assert_true(r.estimate > 0 && r.estimate < .1);
    assert_close(power_prop_power_opt(500, 0, r.estimate, &two).estimate, .8, 1e-9);
    r = power_prop_p2_opt(500, 1, .8, -1, &strict);
    assert_int_equal(r.status, STAT_OK);
    assert_close(power_prop_power_opt(500, 1, r.estimate, &strict).estimate, .8, 1e-9);
    assert_int_equal(power_prop_p2_opt(500, 0, .8, -1, &two).status, STAT_NOT_ESTIMABLE);
    assert_int_equal(power_prop_n_opt(.3, .4, .8, &(struct power_prop_opts){1, false, false})
                         .status,
                     STAT_INVALID_INPUT);
    assert_int_equal(power_prop_power_opt(INFINITY, .3, .4, &two).status, STAT_INVALID_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(sample_size_matches_r),
                                       cmocka_unit_test(detectable_change_matches_r),
                                       cmocka_unit_test(power_degenerate),
                                       cmocka_unit_test(detectable_ratio_matches_r),
                                       cmocka_unit_test(grid_matches_r),
                                       cmocka_unit_test(null_power_and_limits),
                                       cmocka_unit_test(means_grid_matches_r),
                                       cmocka_unit_test(means_degenerate)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
