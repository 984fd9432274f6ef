/*
 * Unit tests for the level shift of its own in the interrupted time series
 * (its_spec.step: a police recording change) against R (tests/r/ref_its_step.R:
 * glm(y ~ t + post + tpost + step + season), the counterfactual keeping the step):
 * quasi-Poisson with month dummies and the change before the start, Poisson with a
 * harmonic pair and the change after the start, negative binomial with the change one
 * month before the start.  Also: without the step the model reads another level change
 * (R's naive fit), a step outside the series adds no column (the fit is the plain one),
 * and a step at the start month is aliased with the level change, which is then not
 * estimable.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/its.h"
#include "stats/stats.h"

#define REF "tests/r/values/its_step.csv"

static struct td_table *data;

static int setup(void **state)
{
    (void)state;
    stats_init();
    data = td_load("tests/data/stats/its_step.csv");
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
    sp->first_month = (int)ref_get(REF, c, "first_month");
    sp->t0 = (size_t)ref_get(REF, c, "t0");
    sp->step = (size_t)ref_get(REF, c, "step");
    int fam = (int)ref_get(REF, c, "family");
    sp->family = fam == 0 ? GLM_POISSON : fam == 1 ? GLM_QUASIPOISSON : GLM_NEGBIN;
    int season = (int)ref_get(REF, c, "season");
    sp->season = season == 0 ? ITS_SEASON_NONE : season == 1 ? ITS_SEASON_MONTHS : ITS_SEASON_HARMONIC;
    sp->harmonics = season == 2 ? (int)ref_get(REF, c, "harmonics") : 1;
}

static void check_ratio(const struct stat_result *r, const char *c, const char *term)
{
    char key[32];
    assert_int_equal(r->status, STAT_OK);
    snprintf(key, sizeof(key), "%s_rr", term);
    assert_close(r->estimate, ref_get(REF, c, key), TOL_ITER);
    snprintf(key, sizeof(key), "%s_lo", term);
    assert_close(r->conf_low, ref_get(REF, c, key), TOL_ITER);
    snprintf(key, sizeof(key), "%s_hi", term);
    assert_close(r->conf_high, ref_get(REF, c, key), TOL_ITER);
}

static const char *const cases[] = {"rec_up", "rec_down_after", "rec_nb"};

static void step_matches_r(void **state)
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
        check_ratio(&r.level_change, c, "post");
        check_ratio(&r.slope_change, c, "tpost");
        check_ratio(&r.step_change, c, "step");
        /* the counterfactual keeps the shift: prevented cases are not the recording's */
        assert_close_abs(r.prevented.estimate, ref_get(REF, c, "prevented"), TOL_ITER, 1e-6);
        assert_close_abs(r.prevented.conf_low, ref_get(REF, c, "prevented:lo"), TOL_ITER, 1e-6);
        assert_close_abs(r.prevented.conf_high, ref_get(REF, c, "prevented:hi"), TOL_ITER, 1e-6);
        its_result_release(&r);
        /* without the step: R's naive level change, and no step estimate */
        sp.step = 0;
        its_result_init(&r);
        its_fit(&sp, NULL, &r);
        assert_close(r.level_change.estimate, ref_get(REF, c, "naive_post_rr"), TOL_ITER);
        assert_int_not_equal(r.step_change.status, STAT_OK);
        its_result_release(&r);
        free(y);
    }
}

/* A step at month 1 or after the last month has no month on one side: no column, the
 * fit is the plain model's (what a placebo or an as-of run on fewer months gets). */
static void step_outside_series_adds_nothing(void **state)
{
    (void)state;
    struct its_spec sp;
    double *y;
    spec_of("rec_up", &sp, &y);
    struct its_result plain, r;
    sp.step = 0;
    its_result_init(&plain);
    its_fit(&sp, NULL, &plain);
    size_t steps[] = {1, sp.n + 1, sp.n + 40};
    for (size_t k = 0; k < ARRAY_LEN(steps); k++) {
        sp.step = steps[k];
        its_result_init(&r);
        its_fit(&sp, NULL, &r);
        assert_true(r.level_change.estimate == plain.level_change.estimate);
        assert_true(r.prevented.estimate == plain.prevented.estimate);
        assert_int_not_equal(r.step_change.status, STAT_OK);
        its_result_release(&r);
    }
    /* the design: one more column, named, only when the step is inside */
    struct its_design d;
    its_design_init(&d);
    sp.step = 25;
    assert_int_equal(its_design_build(&sp, &d, NULL), STAT_OK);
    assert_true(d.col_step > d.col_tpost);
    assert_string_equal(d.names[d.col_step], "step");
    assert_true(d.x_all[(size_t)d.col_step * d.n_all + 23] == 0.0);
    assert_true(d.x_all[(size_t)d.col_step * d.n_all + 24] == 1.0);
    size_t p = d.p;
    sp.step = 1;
    assert_int_equal(its_design_build(&sp, &d, NULL), STAT_OK);
    assert_int_equal(d.col_step, -1);
    assert_int_equal(d.p, p - 1);
    its_design_release(&d);
    its_result_release(&plain);
    free(y);
}

/* A step in the start month is the level change's own column: R aliases the later one
 * (step) and the level change is the plain model's -- which is why the spec refuses a
 * recording change in the start month (eval/spec.c). */
static void step_at_start_is_aliased(void **state)
{
    (void)state;
    struct its_spec sp;
    double *y;
    spec_of("rec_up", &sp, &y);
    sp.step = sp.t0;
    struct its_result r;
    its_result_init(&r);
    its_fit(&sp, NULL, &r);
    assert_int_not_equal(r.step_change.status, STAT_OK);
    its_result_release(&r);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(step_matches_r),
        cmocka_unit_test(step_outside_series_adds_nothing),
        cmocka_unit_test(step_at_start_is_aliased),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
