/*
 * Unit tests for src/lib/stats/twogroup: every number against R
 * (tests/r/ref_survey_stats.R), and the status and message of degenerate input.
 */
#include <math.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/stats.h"
#include "stats/twogroup.h"

#define REF "tests/r/values/survey_stats.csv"
#define R(c, k) ref_get(REF, c, k)

static struct td_table *samples, *counts;

static int setup(void **state)
{
    (void)state;
    stats_init();
    samples = td_load("tests/data/stats/samples.csv");
    counts = td_load("tests/data/stats/counts.csv");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    td_free(samples);
    td_free(counts);
    return 0;
}

static void load_sample(const char *c, double **a, size_t *na, double **b, size_t *nb)
{
    *na = td_col(samples, c, "group", 2, "value", a);
    *nb = td_col(samples, c, "group", 1, "value", b);
}

static void load_counts(const char *c, double **a, double **b, size_t *k)
{
    *k = td_col(counts, c, NULL, 0, "after", a);
    td_col(counts, c, NULL, 0, "before", b);
}

static void wilson_matches_prop_test(void **state)
{
    (void)state;
    const char *cases[] = {"w_mid", "w_zero", "w_all", "w_one", "w_rare", "w_half90", "w_big"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        struct stat_result r = prop_wilson_ci(R(c, "x"), R(c, "n"), R(c, "conf"));
        assert_int_equal(r.status, STAT_OK);
        assert_close(r.estimate, R(c, "estimate"), TOL_CLOSED);
        assert_close_abs(r.conf_low, R(c, "lo"), TOL_CLOSED, 1e-12);
        assert_close(r.conf_high, R(c, "hi"), TOL_CLOSED);
    }
    struct stat_result z = prop_wilson_ci(0, 25, 0.95);
    assert_true(z.conf_low == 0);
    assert_non_null(strstr(why_en(&z.why), "nobody"));
    struct stat_result a = prop_wilson_ci(25, 25, 0.95);
    assert_true(a.conf_high == 1);
}

static void wilson_degenerate(void **state)
{
    (void)state;
    struct stat_result r = prop_wilson_ci(0, 0, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "no answers"));
    assert_true(isnan(r.estimate));
    r = prop_wilson_ci(5, 3, 0.95);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&r.why), "more 'yes' answers"));
    r = prop_wilson_ci(-1, 3, 0.95);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    r = prop_wilson_ci(1, 3, 1.5);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&r.why), "confidence level"));
}

static void two_proportions_match_r(void **state)
{
    (void)state;
    const char *cases[] = {"p_mid", "p_zero", "p_all0vs1", "p_same", "p_tiny", "p_large", "p_newc"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        double x2 = R(c, "x2"), n2 = R(c, "n2"), x1 = R(c, "x1"), n1 = R(c, "n1");
        struct stat_result d = prop_diff_newcombe(x2, n2, x1, n1, 0.95);
        assert_int_equal(d.status, STAT_OK);
        assert_close_abs(d.estimate, R(c, "diff"), TOL_CLOSED, 1e-12);
        assert_close_abs(d.conf_low, R(c, "newcombe_lo"), TOL_CLOSED, 1e-12);
        assert_close_abs(d.conf_high, R(c, "newcombe_hi"), TOL_CLOSED, 1e-12);
        assert_close(d.statistic, R(c, "chisq"), TOL_CLOSED);
        assert_close(d.p_value, R(c, "p"), TOL_CLOSED);
        struct stat_result t = prop_chisq_2x2(x2, n2, x1, n1, 0.95);
        assert_close(t.statistic, R(c, "chisq"), TOL_CLOSED);
        assert_close(t.p_value, R(c, "p"), TOL_CLOSED);
        assert_close_abs(t.conf_low, R(c, "wald_lo"), TOL_CLOSED, 1e-12);
        assert_close_abs(t.conf_high, R(c, "wald_hi"), TOL_CLOSED, 1e-12);
        if (isnan(R(c, "chisq"))) {
            assert_int_equal(t.status, STAT_NOT_ESTIMABLE);
            assert_non_null(strstr(why_en(&t.why), "same answer"));
        }
    }
    /* Newcombe (1998), Table II (e): 56/70 vs 48/80 → 0.0524 to 0.3339 */
    struct stat_result d = prop_diff_newcombe(56, 70, 48, 80, 0.95);
    assert_true(fabs(d.conf_low - 0.0524) < 5e-5 && fabs(d.conf_high - 0.3339) < 5e-5);
    struct prop_compare pc;
    prop_compare(56, 70, 48, 80, 0.95, &pc);
    assert_close(pc.after.conf_low, prop_wilson_ci(56, 70, 0.95).conf_low, 1e-15);
    assert_close(pc.diff.conf_high, d.conf_high, 1e-15);
    struct stat_result small = prop_chisq_2x2(1, 2, 0, 1, 0.95);
    assert_non_null(strstr(why_en(&small.why), "below 5"));
    struct stat_result e = prop_diff_newcombe(1, 2, 0, 0, 0.95);
    assert_int_equal(e.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&e.why), "before group has no answers"));
}

static void welch_and_smd_match_r(void **state)
{
    (void)state;
    const char *cases[] = {"normal", "small", "zerovar", "bigmean", "likert", "withna"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        double *a, *b;
        size_t na, nb;
        load_sample(c, &a, &na, &b, &nb);
        struct stat_result t = welch_ttest(a, na, b, nb, 0.95);
        assert_int_equal(t.status, STAT_OK);
        assert_close(t.estimate, R(c, "t_estimate"), TOL_CLOSED);
        assert_close(t.std_error, R(c, "t_se"), TOL_CLOSED);
        assert_close(t.statistic, R(c, "t_stat"), TOL_CLOSED);
        assert_close(t.df, R(c, "t_df"), TOL_CLOSED);
        assert_close(t.p_value, R(c, "t_p"), TOL_CLOSED);
        assert_close(t.conf_low, R(c, "t_lo"), TOL_CLOSED);
        assert_close(t.conf_high, R(c, "t_hi"), TOL_CLOSED);
        struct stat_result t90 = welch_ttest(a, na, b, nb, 0.90);
        assert_close(t90.conf_low, R(c, "t90_lo"), TOL_CLOSED);
        assert_close(t90.conf_high, R(c, "t90_hi"), TOL_CLOSED);
        struct smd_result s;
        smd(a, na, b, nb, 0.95, &s);
        assert_int_equal(s.d.status, STAT_OK);
        assert_int_equal(s.g.status, STAT_OK);
        assert_close(s.d.estimate, R(c, "smd_d"), TOL_CLOSED);
        assert_close(s.d.std_error, R(c, "smd_se_d"), TOL_CLOSED);
        assert_close(s.d.conf_low, R(c, "smd_d_lo"), TOL_CLOSED);
        assert_close(s.d.conf_high, R(c, "smd_d_hi"), TOL_CLOSED);
        assert_close(s.g.estimate, R(c, "smd_g"), TOL_CLOSED);
        assert_close(s.g.std_error, R(c, "smd_se_g"), TOL_CLOSED);
        assert_close(s.g.conf_low, R(c, "smd_g_lo"), TOL_CLOSED);
        assert_close(s.g.conf_high, R(c, "smd_g_hi"), TOL_CLOSED);
        free(a);
        free(b);
    }
    struct stat_result s = welch_ttest_summary(2.61, 0.83, 51234, 2.58, 0.91, 48321, 0.95);
    assert_close(s.statistic, R("summary1", "t_stat"), TOL_CLOSED);
    assert_close(s.df, R("summary1", "t_df"), TOL_CLOSED);
    assert_close(s.p_value, R("summary1", "t_p"), TOL_CLOSED);
    assert_close(s.std_error, R("summary1", "t_se"), TOL_CLOSED);
    assert_close(s.conf_low, R("summary1", "t_lo"), TOL_CLOSED);
    assert_close(s.conf_high, R("summary1", "t_hi"), TOL_CLOSED);
}

static void welch_degenerate(void **state)
{
    (void)state;
    double one[] = {3}, two[] = {1, 2}, same[] = {2, 2, 2}, same2[] = {2, 2}, other[] = {5, 5};
    struct stat_result r = welch_ttest(one, 1, two, 2, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "only one answer"));
    assert_true(isnan(r.p_value));
    r = welch_ttest(NULL, 0, two, 2, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "no answers"));
    r = welch_ttest(same, 3, same2, 2, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "both groups answered identically"));
    r = welch_ttest(same, 3, other, 2, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "same answer"));
    double withinf[] = {1, INFINITY};
    r = welch_ttest(withinf, 2, two, 2, 0.95);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    double nan2[] = {NAN, 4, NAN};
    r = welch_ttest(nan2, 3, two, 2, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE); /* one valid answer left */
    struct smd_result s;
    smd(same, 3, other, 2, 0.95, &s);
    assert_int_equal(s.d.status, STAT_NOT_ESTIMABLE);
    assert_int_equal(s.g.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&s.d.why), "no spread"));
    r = welch_ttest_summary(1, -1, 10, 1, 1, 10, 0.95);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
}

static void mann_whitney_and_cliff_match_r(void **state)
{
    (void)state;
    const char *cases[] = {"normal", "small", "likert", "heavyties", "one_one", "alltied",
                           "withna", "bigmean"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        double *a, *b, z;
        size_t na, nb;
        load_sample(c, &a, &na, &b, &nb);
        struct stat_result r = mann_whitney(a, na, b, nb, &z);
        assert_close(r.statistic, R(c, "mw_W"), TOL_CLOSED);
        assert_close(r.p_value, R(c, "mw_p"), TOL_CLOSED);
        assert_close_abs(z, R(c, "mw_z"), TOL_CLOSED, 1e-12);
        struct stat_result d = cliff_delta(a, na, b, nb);
        assert_int_equal(d.status, STAT_OK);
        assert_close_abs(d.estimate, R(c, "cliff"), TOL_CLOSED, 1e-12);
        free(a);
        free(b);
    }
    double a2[] = {2, 2, 2}, b2[] = {2, 2}, z;
    struct stat_result r = mann_whitney(a2, 3, b2, 2, &z);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "all answers in both groups are the same"));
    assert_true(r.statistic == 3); /* W is still reported, as R does */
    r = mann_whitney(a2, 3, NULL, 0, &z);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "before group has no answers"));
    struct stat_result d = cliff_delta(a2, 3, b2, 2);
    assert_true(d.estimate == 0);
    assert_non_null(strstr(why_en(&d.why), "same"));
}

static void counts_match_r(void **state)
{
    (void)state;
    const char *cases[] = {"c_small", "c_big", "c_empty", "c_two", "c_ties"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        double *a, *b, z;
        size_t k;
        load_counts(c, &a, &b, &k);
        struct stat_result r = mann_whitney_counts(a, b, k, &z);
        assert_int_equal(r.status, STAT_OK);
        assert_close(r.statistic, R(c, "mw_W"), TOL_CLOSED);
        assert_close_abs(r.p_value, R(c, "mw_p"), TOL_CLOSED, 1e-300);
        assert_close(z, R(c, "mw_z"), TOL_CLOSED);
        struct stat_result d = cliff_delta_counts(a, b, k);
        assert_close_abs(d.estimate, R(c, "cliff"), TOL_CLOSED, 1e-12);
        struct stat_result x = chisq_kx2(a, b, k);
        if (ref_has(REF, c, "chisq")) {
            assert_int_equal(x.status, STAT_OK);
            assert_close(x.statistic, R(c, "chisq"), TOL_CLOSED);
            assert_close(x.df, R(c, "chisq_df"), TOL_CLOSED);
            assert_close(x.p_value, R(c, "chisq_p"), TOL_CLOSED);
        } else {
            assert_int_equal(x.status, STAT_NOT_ESTIMABLE);
            assert_non_null(strstr(why_en(&x.why), "same answer"));
        }
        free(a);
        free(b);
    }
    double a[] = {5, 0, 7, 3, 0}, b[] = {4, 0, 2, 9, 0}, neg[] = {1, -1, 0, 0, 0};
    struct stat_result x = chisq_kx2(a, b, 5);
    assert_non_null(strstr(why_en(&x.why), "2 answer categories chosen by nobody were left out"));
    x = chisq_kx2(a, neg, 5);
    assert_int_equal(x.status, STAT_INVALID_INPUT);
    double zero[] = {0, 0, 0, 0, 0};
    x = mann_whitney_counts(a, zero, 5, NULL);
    assert_int_equal(x.status, STAT_NOT_ESTIMABLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wilson_matches_prop_test),
        cmocka_unit_test(wilson_degenerate),
        cmocka_unit_test(two_proportions_match_r),
        cmocka_unit_test(welch_and_smd_match_r),
        cmocka_unit_test(welch_degenerate),
        cmocka_unit_test(mann_whitney_and_cliff_match_r),
        cmocka_unit_test(counts_match_r),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
