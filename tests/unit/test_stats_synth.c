/*
 * Unit tests for src/lib/stats/synth against R's quadprog and the formulas of
 * tests/r/ref_synth.R (values in tests/r/values/synth.csv, input series in
 * tests/data/stats/synth.csv).  Where the weights are not unique (identical donors,
 * more donors than pre-period months) the objective and the pre-period synthetic
 * series are compared, which are unique; where the post/pre ratio is determined all
 * the same (exact pre-period fits), the placebo ranking too.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/stats.h"
#include "stats/synth.h"

#define REF "tests/r/values/synth.csv"
#define TOL_W 1e-6  /* weights: quadprog's own tolerance is about 1e-8 */
#define TOL 1e-6

struct synth_case {
    const char *name;
    size_t n, j, t0;
    bool unique, ratio_determined;
    double max_pre_ratio;
    double *y, *Y;
};

static void load_case(struct td_table *data, struct td_table *cases, const char *name,
                      struct synth_case *c)
{
    memset(c, 0, sizeof(*c));
    c->name = name;
    double *v;
    size_t k = td_col(cases, name, NULL, 0, "n", &v);
    assert_int_equal(k, 1);
    c->n = (size_t)v[0];
    free(v);
    td_col(cases, name, NULL, 0, "j", &v);
    c->j = (size_t)v[0];
    free(v);
    td_col(cases, name, NULL, 0, "t0", &v);
    c->t0 = (size_t)v[0] - 1; /* R's first post period, 1-based -> periods before it */
    free(v);
    td_col(cases, name, NULL, 0, "unique", &v);
    c->unique = v[0] == 1;
    free(v);
    td_col(cases, name, NULL, 0, "ratio_determined", &v);
    c->ratio_determined = v[0] == 1;
    free(v);
    td_col(cases, name, NULL, 0, "max_pre_ratio", &v);
    c->max_pre_ratio = v[0];
    free(v);
    size_t m = td_col(data, name, "unit", 0, "y", &c->y);
    assert_int_equal(m, c->n);
    c->Y = malloc(c->n * c->j * sizeof(double));
    for (size_t d = 0; d < c->j; d++) {
        m = td_col(data, name, "unit", (double)(d + 1), "y", &v);
        assert_int_equal(m, c->n);
        memcpy(c->Y + d * c->n, v, c->n * sizeof(double));
        free(v);
    }
}

static void free_case(struct synth_case *c)
{
    free(c->y);
    free(c->Y);
}

static double ref(const struct synth_case *c, const char *key)
{
    return ref_get(REF, c->name, key);
}

static void same(double got, double want, double tol, const char *what)
{
    if (isinf(want)) {
        if (!(isinf(got) && (got > 0) == (want > 0)))
            fail_msg("%s: %g, expected %g", what, got, want);
        return;
    }
    if (isnan(want)) {
        if (!isnan(got))
            fail_msg("%s: %g, expected NaN", what, got);
        return;
    }
    assert_close(got, want, tol);
}

static void one_case(const char *name)
{
    struct td_table *data = td_load("tests/data/stats/synth.csv");
    struct td_table *cases = td_load("tests/data/stats/synth_cases.csv");
    struct synth_case c;
    load_case(data, cases, name, &c);
    /* the weights come from the pre-period rows only */
    double *pre = malloc(c.t0 * c.j * sizeof(double));
    for (size_t d = 0; d < c.j; d++)
        memcpy(pre + d * c.t0, c.Y + d * c.n, c.t0 * sizeof(double));
    double *w = malloc(c.j * sizeof(double)), *gap = malloc(c.n * sizeof(double));
    struct synth_workspace ws;
    synth_workspace_init(&ws);
    assert_int_equal(synth_weights(c.y, pre, c.t0, c.j, w, &ws, NULL), 0);
    double sum = 0;
    for (size_t d = 0; d < c.j; d++) {
        assert_true(w[d] >= 0);
        sum += w[d];
    }
    assert_close(sum, 1, 1e-12);
    char key[48];
    if (c.unique)
        for (size_t d = 0; d < c.j; d++) {
            snprintf(key, sizeof(key), "w%zu", d + 1);
            double want = ref(&c, key);
            if (fabs(w[d] - want) > TOL_W)
                fail_msg("%s: w%zu = %.10g, R %.10g", name, d + 1, w[d], want);
        }
    struct synth_fit fit;
    synth_evaluate(c.y, c.Y, c.n, c.t0, c.j, w, gap, &fit);
    /* the objective and the pre-period synthetic series are unique in every case */
    double obj = 0;
    for (size_t i = 0; i < c.t0; i++)
        obj += gap[i] * gap[i];
    double want_obj = ref(&c, "objective");
    assert_true(obj <= want_obj * (1 + 1e-7) + 1e-9); /* never worse than quadprog */
    assert_true(fabs(obj - want_obj) <= 1e-6 * fmax(1, want_obj));
    for (size_t i = 0; i < (c.unique ? c.n : c.t0); i++) {
        snprintf(key, sizeof(key), "syn%zu", i + 1);
        double syn = c.y[i] - gap[i], want = ref(&c, key);
        if (fabs(syn - want) > 1e-5 * fmax(1, fabs(want)))
            fail_msg("%s: synthetic[%zu] = %.10g, R %.10g", name, i + 1, syn, want);
    }
    same(fit.rmspe_pre, ref(&c, "rmspe_pre"), TOL, "rmspe_pre");
    if (c.ratio_determined)
        same(fit.ratio, ref(&c, "ratio"), TOL, "ratio");
    if (c.unique) {
        same(fit.rmspe_post, ref(&c, "rmspe_post"), TOL, "rmspe_post");
        same(fit.cumulative_gap, ref(&c, "cum_gap"), 1e-5, "cum_gap");
        same(fit.post_ratio, ref(&c, "post_ratio"), TOL, "post_ratio");
    }
    if (c.unique && c.j >= 2) {
        double lo, hi;
        size_t refits;
        assert_int_equal(synth_leave_one_out(c.y, c.Y, c.n, c.t0, c.j, w, &ws, &lo, &hi,
                                             &refits),
                         0);
        assert_int_equal(refits, (size_t)ref(&c, "loo_refits"));
        if (refits) {
            same(lo, ref(&c, "loo_low"), 1e-5, "loo_low");
            same(hi, ref(&c, "loo_high"), 1e-5, "loo_high");
        }
    }
    struct synth_placebo pl;
    synth_placebo_init(&pl);
    int rc = synth_placebo_run(c.y, c.Y, c.n, c.t0, c.j, &fit, c.max_pre_ratio, &ws, &pl);
    if (c.j < 2) {
        assert_int_equal(rc, -1); /* a single donor: no placebo */
    } else if (c.ratio_determined) {
        assert_int_equal(rc, 0);
        assert_int_equal(pl.n_units, (size_t)ref(&c, "n_units"));
        double rank = ref(&c, "rank");
        if (isnan(rank))
            assert_true(isnan(pl.p_value));
        else {
            assert_int_equal(pl.rank, (size_t)rank);
            assert_close(pl.p_value, ref(&c, "p_value"), 1e-12);
        }
        for (size_t d = 0; d < c.j; d++) {
            snprintf(key, sizeof(key), "placebo_ratio%zu", d + 1);
            double want = ref(&c, key);
            /* with twin donors a finite placebo ratio depends on how the weight is
             * split between the twins; an exact pre-period fit (Inf) does not */
            if (c.unique || isinf(want))
                same(pl.ratio[d], want, 1e-5, key);
            else
                assert_false(isinf(pl.ratio[d]));
        }
    }
    synth_placebo_release(&pl);
    synth_workspace_release(&ws);
    free(pre);
    free(w);
    free(gap);
    free_case(&c);
    td_free(data);
    td_free(cases);
}

static void basic(void **s) { (void)s; one_case("basic"); }
static void donor_is_target(void **s) { (void)s; one_case("donor_is_target"); }
static void outside_hull(void **s) { (void)s; one_case("outside_hull"); }
static void zero_donor(void **s) { (void)s; one_case("zero_donor"); }
static void single_donor(void **s) { (void)s; one_case("single_donor"); }
static void more_donors_than_months(void **s) { (void)s; one_case("more_donors_than_months"); }
static void identical_donors(void **s) { (void)s; one_case("identical_donors"); }
static void drop_poor_placebos(void **s) { (void)s; one_case("drop_poor_placebos"); }
static void ties(void **s) { (void)s; one_case("ties"); }

static void refuses_what_makes_no_synthetic(void **state)
{
    (void)state;
    double y[3] = {1, 2, 3}, Y[6] = {1, 2, 3, 2, 3, NAN}, w[2];
    assert_int_equal(synth_weights(y, Y, 3, 0, w, NULL, NULL), -1);
    assert_int_equal(synth_weights(y, Y, 0, 2, w, NULL, NULL), -1);
    assert_int_equal(synth_weights(y, Y, 3, 2, w, NULL, NULL), -1); /* NaN */
    Y[5] = 4;
    assert_int_equal(synth_weights(y, Y, 3, 2, w, NULL, NULL), 0);
    assert_close(w[0], 1, 1e-12); /* y equals the first donor */
}

int main(void)
{
    stats_init(); /* GSL reports, never aborts: a singular H goes to the SVD path */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(basic),
        cmocka_unit_test(donor_is_target),
        cmocka_unit_test(outside_hull),
        cmocka_unit_test(zero_donor),
        cmocka_unit_test(single_donor),
        cmocka_unit_test(more_donors_than_months),
        cmocka_unit_test(identical_donors),
        cmocka_unit_test(drop_poor_placebos),
        cmocka_unit_test(ties),
        cmocka_unit_test(refuses_what_makes_no_synthetic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
