/*
 * Unit tests for the choice of ITS model in src/lib/stats/its (issue 13, item 9) against
 * R (tests/r/ref_its_model.R): level change only, slope change only, both, with and
 * without the offset log(population), a transition (phase-in) left out of the fit,
 * quasi-Poisson and negative binomial, and trygg's harmonic:K against tsModel's
 * harmonic() on the month of year and on the month index (the same fit).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/its.h"
#include "stats/stats.h"

#define REF "tests/r/values/its_model.csv"

static struct td_table *data;

static int setup(void **state)
{
    (void)state;
    stats_init();
    data = td_load("tests/data/stats/its_model.csv");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    td_free(data);
    return 0;
}

static void fit_case(const char *c, struct its_result *r, double **y, double **pop)
{
    struct its_spec sp;
    its_spec_init(&sp);
    sp.n = td_col(data, c, NULL, 0, "y", y);
    td_col(data, c, NULL, 0, "pop", pop);
    assert_int_equal(sp.n, (size_t)ref_get(REF, c, "n"));
    sp.y = *y;
    sp.population = ref_get(REF, c, "has_pop") ? *pop : NULL;
    sp.first_month = (int)ref_get(REF, c, "first_month");
    sp.t0 = (size_t)ref_get(REF, c, "t0");
    int fam = (int)ref_get(REF, c, "family");
    sp.family = fam == 0 ? GLM_POISSON : fam == 1 ? GLM_QUASIPOISSON : GLM_NEGBIN;
    int eff = (int)ref_get(REF, c, "effects");
    sp.effects = eff == 0 ? ITS_EFFECTS_BOTH : eff == 1 ? ITS_EFFECTS_LEVEL : ITS_EFFECTS_SLOPE;
    sp.transition = (size_t)ref_get(REF, c, "transition");
    int season = (int)ref_get(REF, c, "season");
    sp.season = season == 0 ? ITS_SEASON_NONE : season == 1 ? ITS_SEASON_MONTHS : ITS_SEASON_HARMONIC;
    sp.harmonics = (int)ref_get(REF, c, "harmonics");
    its_result_init(r);
    its_fit(&sp, NULL, r);
}

static void check_term(const char *c, const char *term, const struct stat_result *t)
{
    char key[32];
#define K(s) (snprintf(key, sizeof(key), "%s_%s", term, s), key)
    if (!ref_has(REF, c, K("rr"))) {
        /* not in R's model: a clear "not in the model", never a number */
        assert_int_equal(t->status, STAT_NOT_ESTIMABLE);
        assert_non_null(strstr(why_en(&t->why), "not in the model"));
        assert_true(isnan(t->estimate));
        return;
    }
    assert_int_equal(t->status, STAT_OK);
    assert_close(t->estimate, ref_get(REF, c, K("rr")), TOL_ITER);
    assert_close(t->std_error, ref_get(REF, c, K("se")), TOL_ITER);
    assert_close(t->conf_low, ref_get(REF, c, K("lo")), TOL_ITER);
    assert_close(t->conf_high, ref_get(REF, c, K("hi")), TOL_ITER);
    assert_close(t->p_value, ref_get(REF, c, K("p")), TOL_ITER);
#undef K
}

static const char *const cases[] = {"level",         "slope",         "both",
                                    "level_pop",     "trans3",        "trans3_level",
                                    "trans6_slope_nb", "harm_trygg",  "harm_tsmodel_month",
                                    "harm_tsmodel_time"};

static void model_choice_matches_r(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        struct its_result r;
        double *y, *pop;
        fit_case(c, &r, &y, &pop);
        assert_int_equal(r.status, STAT_OK);
        check_term(c, "t", &r.pre_trend);
        check_term(c, "post", &r.level_change);
        check_term(c, "tpost", &r.slope_change);
        assert_close(r.glm.deviance, ref_get(REF, c, "deviance"), TOL_ITER);
        assert_int_equal(r.glm.n, (size_t)ref_get(REF, c, "n_used"));
        /* the transition months have no fitted value but a counterfactual */
        size_t t0 = (size_t)ref_get(REF, c, "t0"), L = (size_t)ref_get(REF, c, "transition");
        for (size_t m = 0; m < r.n; m++) {
            bool in_transition = m + 1 >= t0 && m + 1 < t0 + L;
            assert_true(in_transition ? isnan(r.fitted[m]) : isfinite(r.fitted[m]));
            assert_true(isfinite(r.counterfactual[m]) && r.counterfactual[m] > 0);
        }
        its_result_release(&r);
        free(y);
        free(pop);
    }
}

static void transition_and_effects_degenerate(void **state)
{
    (void)state;
    double y[12] = {5, 6, 4, 7, 5, 6, 3, 2, 4, 3, 2, 3};
    struct its_spec sp;
    its_spec_init(&sp);
    sp.n = 12;
    sp.y = y;
    sp.t0 = 7;
    sp.season = ITS_SEASON_NONE;
    /* a transition that swallows every month after the start */
    sp.transition = 6;
    struct its_result r;
    its_result_init(&r);
    assert_int_equal(its_fit(&sp, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.level_change.why), "transition of 6 months"));
    /* one month left after it: the level change is estimable, the slope is not */
    sp.transition = 5;
    its_fit(&sp, NULL, &r);
    assert_int_equal(r.level_change.status, STAT_OK);
    assert_int_not_equal(r.slope_change.status, STAT_OK);
    /* a level-only model with one month after the transition is fine */
    sp.effects = ITS_EFFECTS_LEVEL;
    assert_int_equal(its_fit(&sp, NULL, &r), STAT_OK);
    assert_int_equal(r.glm.n, 7);
    /* slope only: status OK although the level change is not in the model */
    sp.effects = ITS_EFFECTS_SLOPE;
    sp.transition = 0;
    assert_int_equal(its_fit(&sp, NULL, &r), STAT_OK);
    assert_int_equal(r.level_change.status, STAT_NOT_ESTIMABLE);
    assert_int_equal(r.slope_change.status, STAT_OK);
    its_result_release(&r);
    /* the placebo check with a level-only model: fake starts fit a level change only */
    double yy[40];
    for (int i = 0; i < 40; i++)
        yy[i] = 10 + (i * 7) % 5 - (i >= 30 ? 4 : 0);
    its_spec_init(&sp);
    sp.n = 40;
    sp.y = yy;
    sp.t0 = 31;
    sp.season = ITS_SEASON_NONE;
    sp.effects = ITS_EFFECTS_LEVEL;
    struct its_placebo pl;
    its_placebo_init(&pl);
    assert_int_equal(its_placebo_run(&sp, 6, NULL, &pl), STAT_OK);
    assert_true(pl.n_placebo > 0);
    assert_true(isnan(pl.p_slope));
    assert_true(pl.p_level > 0 && pl.p_level <= 1);
    its_placebo_release(&pl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_choice_matches_r),
        cmocka_unit_test(transition_and_effects_degenerate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
