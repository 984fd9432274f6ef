/*
 * Unit tests for the recording change in the comparison-area model (did_spec.step: a
 * police recording change) against R (tests/r/ref_did_step.R):
 *   both areas recorded the new way (one police system): glm(y ~ area + post + step +
 *   season + area:post), quasi-Poisson with month dummies, the change before the start,
 *   and Poisson without season, the change after the start;
 *   only the target area: glm(y ~ area + post + area:step + season + area:post),
 *   negative binomial.
 * The ratio of rate ratios and the step's ratio with their intervals; without the step
 * R's naive ratio (for a common step the same point estimate: a shift in both areas
 * cancels in the ratio of ratios; for a step in the target alone it does not).  A step
 * outside the months adds no column (a placebo fit of the months before the start).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/its.h"
#include "stats/stats.h"

#define REF "tests/r/values/did_step.csv"

static struct td_table *data;

static int setup(void **state)
{
    (void)state;
    stats_init();
    data = td_load("tests/data/stats/did_step.csv");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    td_free(data);
    return 0;
}

struct did_case {
    double *yt, *yc, *month_d;
    int month[128];
    struct did_spec s;
};

static void case_of(const char *c, struct did_case *k)
{
    memset(k, 0, sizeof(*k));
    size_t n = td_col(data, c, NULL, 0, "y_target", &k->yt);
    assert_int_equal(n, (size_t)ref_get(REF, c, "n"));
    assert_int_equal(td_col(data, c, NULL, 0, "y_control", &k->yc), n);
    assert_int_equal(td_col(data, c, NULL, 0, "month", &k->month_d), n);
    assert_true(n <= 128);
    for (size_t i = 0; i < n; i++)
        k->month[i] = (int)k->month_d[i];
    k->s.n = n;
    k->s.y_target = k->yt;
    k->s.y_control = k->yc;
    k->s.month = k->month;
    k->s.t0 = (size_t)ref_get(REF, c, "t0");
    k->s.step = (size_t)ref_get(REF, c, "step");
    k->s.step_target_only = ref_get(REF, c, "target_only") != 0;
    k->s.season = ref_get(REF, c, "season") != 0;
    k->s.conf_level = 0.95;
    int fam = (int)ref_get(REF, c, "family");
    k->s.family = fam == 0 ? GLM_POISSON : fam == 1 ? GLM_QUASIPOISSON : GLM_NEGBIN;
}

static void case_free(struct did_case *k)
{
    free(k->yt);
    free(k->yc);
    free(k->month_d);
}

static void check_ratio(const struct stat_result *r, const char *c, const char *key)
{
    char k[32];
    assert_int_equal(r->status, STAT_OK);
    snprintf(k, sizeof(k), "%s_rr", key);
    assert_close(r->estimate, ref_get(REF, c, k), TOL_ITER);
    snprintf(k, sizeof(k), "%s_lo", key);
    assert_close(r->conf_low, ref_get(REF, c, k), TOL_ITER);
    snprintf(k, sizeof(k), "%s_hi", key);
    assert_close(r->conf_high, ref_get(REF, c, k), TOL_ITER);
}

static const char *const cases[] = {"common_up", "common_after", "target_only_nb"};

static void did_step_matches_r(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        struct did_case k;
        case_of(c, &k);
        struct did_result r;
        did_result_init(&r);
        assert_int_equal(did_fit(&k.s, NULL, &r), STAT_OK);
        check_ratio(&r.ratio, c, "did");
        check_ratio(&r.step_change, c, "step");
        did_result_release(&r);
        /* without the step: R's naive ratio, and no step estimate */
        k.s.step = 0;
        did_result_init(&r);
        assert_int_equal(did_fit(&k.s, NULL, &r), STAT_OK);
        assert_close(r.ratio.estimate, ref_get(REF, c, "naive_did_rr"), TOL_ITER);
        assert_int_not_equal(r.step_change.status, STAT_OK);
        did_result_release(&r);
        case_free(&k);
    }
}

/* A step at month 1 or past the last month has no month on one side: no column, the
 * fit is the plain model's (a placebo fit of the months before a later change). */
static void did_step_outside_adds_nothing(void **state)
{
    (void)state;
    struct did_case k;
    case_of("common_after", &k);
    struct did_result plain, r;
    k.s.step = 0;
    did_result_init(&plain);
    assert_int_equal(did_fit(&k.s, NULL, &plain), STAT_OK);
    size_t steps[] = {1, k.s.n + 1, k.s.n + 30};
    for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
        k.s.step = steps[i];
        did_result_init(&r);
        assert_int_equal(did_fit(&k.s, NULL, &r), STAT_OK);
        assert_true(r.ratio.estimate == plain.ratio.estimate);
        assert_true(r.ratio.conf_low == plain.ratio.conf_low);
        assert_int_not_equal(r.step_change.status, STAT_OK);
        did_result_release(&r);
    }
    /* the placebo fits of the months before the start (the change after it) run */
    k.s.step = 37;
    struct its_placebo pl;
    its_placebo_init(&pl);
    did_placebo_run(&k.s, 6, NULL, &pl);
    assert_true(pl.n_placebo > 0);
    its_placebo_release(&pl);
    did_result_release(&plain);
    case_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(did_step_matches_r),
        cmocka_unit_test(did_step_outside_adds_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
