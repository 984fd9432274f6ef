/*
 * Unit tests for the regression-to-the-mean prediction (its_pre_prediction) when a
 * police recording change falls in the twelve predicted months, against R
 * (tests/r/ref_rtm_step.R): the whole series' time-series fit with its own step gives
 * the shift (checked against R's), the months before the predicted year are fitted
 * without it, and the predicted months from the change on carry the known shift and
 * its uncertainty.  Without a known shift the prediction is refused with its own reason
 * (not "not fitted"); a change among the months fitted needs no known shift.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/its.h"
#include "stats/stats.h"

#define REF "tests/r/values/rtm_step.csv"

static struct td_table *data;

static int setup(void **state)
{
    (void)state;
    stats_init();
    data = td_load("tests/data/stats/rtm_step.csv");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    td_free(data);
    return 0;
}

static void spec_of(const char *c, struct its_spec *sp, double **y)
{
    its_spec_init(sp);
    sp->n = td_col(data, c, NULL, 0, "y", y);
    assert_int_equal(sp->n, (size_t)ref_get(REF, c, "n"));
    sp->y = *y;
    sp->first_month = 1;
    sp->t0 = (size_t)ref_get(REF, c, "t0");
    sp->step = (size_t)ref_get(REF, c, "step");
    sp->family = GLM_QUASIPOISSON;
    sp->season = ITS_SEASON_MONTHS;
}

static const char *const cases[] = {"rec_in_last_year", "rec_first_predicted"};

static void prediction_with_step_matches_r(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        struct its_spec sp;
        double *y;
        spec_of(c, &sp, &y);
        struct its_result r;
        its_result_init(&r);
        its_fit(&sp, NULL, &r);
        assert_int_equal(r.step_change.status, STAT_OK);
        assert_close(r.step_change.estimate, ref_get(REF, c, "step_rr"), TOL_ITER);
        assert_close(r.step_change.std_error, ref_get(REF, c, "step_se"), TOL_ITER);
        /* without the shift known: its own reason, not "not fitted" */
        struct its_prediction pr;
        assert_int_equal(its_pre_prediction(&sp, 12, NULL, &pr), STAT_NOT_ESTIMABLE);
        assert_int_equal(pr.why.code, STAT_R_PREDICT_STEP_UNKNOWN);
        assert_close(pr.why.num[0], (double)(sp.step - (sp.t0 - 1 - 12)), 1e-12);
        sp.step_log = log(r.step_change.estimate);
        sp.step_log_se = r.step_change.std_error;
        assert_int_equal(its_pre_prediction(&sp, 12, NULL, &pr), STAT_OK);
        assert_close(pr.expected, ref_get(REF, c, "expected"), TOL_ITER);
        assert_close(pr.observed, ref_get(REF, c, "observed"), 1e-12);
        assert_close(pr.low, ref_get(REF, c, "low"), TOL_ITER);
        assert_close(pr.high, ref_get(REF, c, "high"), TOL_ITER);
        its_result_release(&r);
        free(y);
    }
}

/* A change among the months fitted is a column of the fit (no known shift needed); one
 * before the series or after the predicted year changes nothing. */
static void step_outside_the_predicted_year(void **state)
{
    (void)state;
    struct its_spec sp;
    double *y;
    spec_of("rec_in_last_year", &sp, &y);
    struct its_prediction plain, pr;
    sp.step = 0;
    assert_int_equal(its_pre_prediction(&sp, 12, NULL, &plain), STAT_OK);
    sp.step = 20; /* among the months fitted */
    assert_int_equal(its_pre_prediction(&sp, 12, NULL, &pr), STAT_OK);
    assert_true(pr.expected != plain.expected);
    sp.step = 60; /* after the start: not in the pre-period */
    assert_int_equal(its_pre_prediction(&sp, 12, NULL, &pr), STAT_OK);
    assert_true(pr.expected == plain.expected && pr.high == plain.high);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prediction_with_step_matches_r),
        cmocka_unit_test(step_outside_the_predicted_year),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
