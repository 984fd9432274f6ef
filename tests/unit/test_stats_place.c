/*
 * Unit tests for src/lib/stats/place: relative effect size (with the quasi-Poisson
 * inflation), Weighted Displacement Quotient and Weighted Displacement Difference,
 * against values from tests/r/ref_count_stats.R (R formulas; the quasi-Poisson glm;
 * ptools::wdd restated).
 */
#include <math.h>
#include <string.h>

#include "count_stats_data.h"
#include "stats/place.h"
#include "stats/stats.h"

static const char *const res_cases[] = {"res_basic", "res_small", "res_worse", "res_large",
                                        "res_equal"};

static void check_res_case(void **state)
{
    const char *c = *state;
    struct stat_result r = place_res(csd_ref(c, "a"), csd_ref(c, "b"), csd_ref(c, "c"),
                                     csd_ref(c, "d"), 0.95);
    assert_int_equal(r.status, STAT_OK);
    assert_close(r.estimate, csd_ref(c, "res"), TOL_CLOSED);
    assert_close(r.std_error, csd_ref(c, "se"), TOL_CLOSED);
    assert_close(r.conf_low, csd_ref(c, "lo"), TOL_CLOSED);
    assert_close(r.conf_high, csd_ref(c, "hi"), TOL_CLOSED);
    assert_close(r.p_value, csd_ref(c, "p"), TOL_CLOSED);
}

static const char *const resm_cases[] = {"resm_overdisp", "resm_poisson", "resm_under",
                                         "resm_unequal", "resm_short"};

static void check_resm_case(void **state)
{
    const char *c = *state;
    struct csd_table t;
    csd_load(c, &t);
    const double *g = csd_col(&t, "group"), *y = csd_col(&t, "y");
    double v[4][128];
    size_t n[4] = {0};
    for (size_t i = 0; i < t.nrow; i++) {
        int k = (int)g[i] - 1;
        v[k][n[k]++] = y[i];
    }
    struct place_res_result r;
    assert_int_equal(place_res_monthly(v[0], n[0], v[1], n[1], v[2], n[2], v[3], n[3], 0.95, &r),
                     STAT_OK);
    assert_close(r.res.estimate, csd_ref(c, "res"), TOL_CLOSED);
    assert_close(r.res.std_error, csd_ref(c, "se"), TOL_CLOSED);
    assert_close(r.dispersion, csd_ref(c, "phi"), TOL_CLOSED);
    assert_close(r.dispersion, csd_ref(c, "phi_glm"), TOL_ITER);
    assert_int_equal(r.res_inflated.status, STAT_OK);
    assert_close(r.res_inflated.std_error, csd_ref(c, "se_inflated"), TOL_CLOSED);
    assert_close(r.res_inflated.conf_low, csd_ref(c, "lo_inflated"), TOL_CLOSED);
    assert_close(r.res_inflated.conf_high, csd_ref(c, "hi_inflated"), TOL_CLOSED);
    assert_close(r.res_inflated.p_value, csd_ref(c, "p_inflated"), TOL_CLOSED);
    if (r.dispersion >= 1) /* the inflated SE is the quasi-Poisson glm's */
        assert_close(r.res_inflated.std_error, csd_ref(c, "se_quasi_glm"), TOL_ITER);
    else
        assert_non_null(strstr(why_en(&r.res_inflated.why), "not narrowed"));
    csd_free(&t);
}

static void res_degenerate(void **state)
{
    (void)state;
    struct stat_result r = place_res(0, 5, 10, 10, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "the target area before had no incidents"));
    assert_true(isnan(r.estimate));
    r = place_res(5, 5, 10, 0, 0.95);
    assert_non_null(strstr(why_en(&r.why), "the control area after"));
    r = place_res(5, -1, 10, 3, 0.95);
    assert_int_equal(r.status, STAT_INVALID_INPUT);
    struct place_res_result m;
    double one[1] = {4}, two[1] = {5};
    assert_int_equal(place_res_monthly(one, 1, two, 1, two, 1, one, 1, 0.95, &m), STAT_OK);
    assert_int_equal(m.res_inflated.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&m.res_inflated.why), "one month"));
    assert_int_equal(place_res_monthly(one, 0, two, 1, two, 1, one, 1, 0.95, &m),
                     STAT_NOT_ESTIMABLE);
}

static const char *const wdq_cases[] = {"wdq_diffusion", "wdq_displacement", "wdq_big_diffusion",
                                        "wdq_small", "wdq_no_success", "wdq_target_zero",
                                        "wdq_buffer_zero", "wdq_control_rises"};

static void check_wdq_case(void **state)
{
    const char *c = *state;
    struct place_wdq_result r;
    place_wdq(csd_ref(c, "rb"), csd_ref(c, "ra"), csd_ref(c, "db"), csd_ref(c, "da"),
              csd_ref(c, "cb"), csd_ref(c, "ca"), &r);
    assert_close(r.success_measure, csd_ref(c, "success"), TOL_CLOSED);
    assert_close(r.buffer_measure, csd_ref(c, "buffer"), TOL_CLOSED);
    assert_close(r.total_net_effect, csd_ref(c, "tne"), TOL_CLOSED);
    assert_close(r.wdq_raw, csd_ref(c, "wdq"), TOL_CLOSED);
    /* the quotient is printed either way; only its reading differs */
    assert_int_equal(r.wdq.status, STAT_OK);
    assert_close(r.wdq.estimate, csd_ref(c, "wdq"), TOL_CLOSED);
    assert_true(why_en(&r.wdq.why)[0] != '\0');
    if (csd_ref(c, "success") < 0) {
        assert_true(r.readable);
        assert_null(strstr(why_en(&r.wdq.why), "warning"));
    } else {
        assert_false(r.readable);
        assert_non_null(strstr(why_en(&r.wdq.why), "warning: the target area did not improve"));
    }
}

static void wdq_degenerate(void **state)
{
    (void)state;
    struct place_wdq_result r;
    /* a zero control count leaves nothing to divide by */
    assert_int_equal(place_wdq(10, 5, 3, 4, 0, 20, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.wdq.why), "control area had no incidents before"));
    assert_true(isnan(r.wdq.estimate));
    assert_false(r.readable);
    assert_int_equal(place_wdq(10, 5, 3, 4, 20, 0, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.wdq.why), "control area had no incidents after"));
    /* the target changed exactly as the control: the success measure is 0 */
    assert_int_equal(place_wdq(10, 20, 3, 4, 10, 20, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.wdq.why), "success measure 0"));
    assert_true(isnan(r.wdq_raw));
    /* no incidents at all in the target or buffer: defined, 0 buffer measure */
    assert_int_equal(place_wdq(10, 5, 0, 0, 20, 20, &r), STAT_OK);
    assert_true(r.wdq.estimate == 0);
    assert_int_equal(place_wdq(10, 5, 3, -4, 20, 20, &r), STAT_INVALID_INPUT);
    assert_int_equal(place_wdq(10, NAN, 3, 4, 20, 20, &r), STAT_INVALID_INPUT);
}

static const char *const wdd_cases[] = {"wdd_paper", "wdd_nobuffer", "wdd_timeweights",
                                        "wdd_areaweights", "wdd_increase"};

static void check_wdd_case(void **state)
{
    const char *c = *state;
    struct place_wdd_input in = {
        .c_before = csd_ref(c, "cb"), .c_after = csd_ref(c, "ca"),
        .t_before = csd_ref(c, "tb"), .t_after = csd_ref(c, "ta"),
        .has_buffer = csd_ref(c, "buffer") != 0,
        .dc_before = csd_ref(c, "dcb"), .dc_after = csd_ref(c, "dca"),
        .d_before = csd_ref(c, "db"), .d_after = csd_ref(c, "da"),
        .time_weight = {csd_ref(c, "tw1"), csd_ref(c, "tw2")},
        .area_weight = {csd_ref(c, "aw1"), csd_ref(c, "aw2"), csd_ref(c, "aw3"), csd_ref(c, "aw4")}};
    struct place_wdd_result r;
    assert_int_equal(place_wdd(&in, csd_ref(c, "conf"), &r), STAT_OK);
    assert_close(r.local.estimate, csd_ref(c, "Est_Local"), TOL_CLOSED);
    assert_close(r.local.std_error, csd_ref(c, "SE_Local"), TOL_CLOSED);
    if (in.has_buffer) {
        assert_close(r.displacement.estimate, csd_ref(c, "Est_Displace"), TOL_CLOSED);
        assert_close(r.displacement.std_error, csd_ref(c, "SE_Displace"), TOL_CLOSED);
    } else {
        assert_int_equal(r.displacement.status, STAT_NOT_ESTIMABLE);
        assert_non_null(strstr(why_en(&r.displacement.why), "no buffer"));
    }
    assert_close(r.total.estimate, csd_ref(c, "Est_Total"), TOL_CLOSED);
    assert_close(r.total.std_error, csd_ref(c, "SE_Total"), TOL_CLOSED);
    assert_close(r.total.statistic, csd_ref(c, "Z"), TOL_CLOSED);
    assert_close(r.total.conf_low, csd_ref(c, "LowCI"), TOL_CLOSED);
    assert_close(r.total.conf_high, csd_ref(c, "HighCI"), TOL_CLOSED);
    assert_close(r.total.p_value, csd_ref(c, "p"), TOL_CLOSED);
}

static void wdd_degenerate(void **state)
{
    (void)state;
    struct place_wdd_input in = {0};
    struct place_wdd_result r;
    assert_int_equal(place_wdd(&in, 0.95, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.total.why), "no incidents"));
    in.t_before = -3;
    assert_int_equal(place_wdd(&in, 0.95, &r), STAT_INVALID_INPUT);
}

int main(void)
{
    stats_init();
    struct CMUnitTest tests[64];
    size_t nt = 0;
#define ADD(arr, fn)                                                                           \
    for (size_t i = 0; i < sizeof(arr) / sizeof(*arr); i++) {                                \
        struct CMUnitTest t = {arr[i], fn, NULL, NULL, (void *)arr[i]};                        \
        tests[nt++] = t;                                                                       \
    }
    ADD(res_cases, check_res_case)
    ADD(resm_cases, check_resm_case)
    ADD(wdq_cases, check_wdq_case)
    ADD(wdd_cases, check_wdd_case)
#undef ADD
    struct CMUnitTest fixed[] = {cmocka_unit_test(res_degenerate), cmocka_unit_test(wdq_degenerate),
                                 cmocka_unit_test(wdd_degenerate)};
    for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
        tests[nt++] = fixed[i];
    return run_dynamic_group("stats_place", tests, nt);
}
