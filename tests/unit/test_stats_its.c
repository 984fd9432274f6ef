/*
 * Unit tests for src/lib/stats/its (interrupted time series, difference-in-
 * differences, placebo-in-time) and exposure (intermittent exposure in daily
 * counts), against R 4.2 + MASS values from tests/r/ref_count_stats.R.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "count_stats_data.h"
#include "stats/exposure.h"
#include "stats/its.h"
#include "stats/stats.h"

static void load_spec(const char *name, struct csd_table *t, int months[], struct its_spec *s)
{
    csd_load(name, t);
    its_spec_init(s);
    s->n = t->nrow;
    s->y = csd_col(t, "y");
    const double *m = csd_col(t, "month");
    for (size_t i = 0; i < t->nrow; i++)
        months[i] = (int)m[i];
    s->month = months;
    s->population = csd_col_opt(t, "pop");
    s->t0 = (size_t)csd_ref(name, "t0");
    s->season = (enum its_season)(int)csd_ref(name, "season");
    s->harmonics = (int)csd_ref(name, "K");
    if (ref_has(CSD_FILE, name, "family"))
        s->family = (enum glm_family)(int)csd_ref(name, "family");
}

static void check_rr(const char *name, const char *what, const struct stat_result *r)
{
    char key[64];
    assert_int_equal(r->status, STAT_OK);
    snprintf(key, sizeof(key), "%s:rr", what);
    assert_close(r->estimate, csd_ref(name, key), TOL_ITER);
    snprintf(key, sizeof(key), "%s:se", what);
    assert_close(r->std_error, csd_ref(name, key), TOL_ITER);
    snprintf(key, sizeof(key), "%s:lo", what);
    assert_close(r->conf_low, csd_ref(name, key), TOL_ITER);
    snprintf(key, sizeof(key), "%s:hi", what);
    assert_close(r->conf_high, csd_ref(name, key), TOL_ITER);
    snprintf(key, sizeof(key), "%s:p", what);
    assert_close(r->p_value, csd_ref(name, key), TOL_ITER);
}

static const char *const its_cases[] = {
    "its_months_pois", "its_offset_pois", "its_harmonic_quasi", "its_months_nb",
    "its_short_harmonic", "its_zero_month", "its_months_quasi", "its_none_season"};

static void check_its_case(void **state)
{
    const char *name = *state;
    struct csd_table t;
    int months[512];
    struct its_spec s;
    load_spec(name, &t, months, &s);
    struct its_result r;
    its_result_init(&r);
    assert_int_equal(its_fit(&s, NULL, &r), STAT_OK);
    check_rr(name, "level", &r.level_change);
    check_rr(name, "slope", &r.slope_change);
    check_rr(name, "trend", &r.pre_trend);
    for (size_t i = 0; i < s.n; i++) {
        int k = (int)i + 1;
        assert_close(r.counterfactual[i], csd_reff(name, "cf:%d", k), TOL_ITER);
        assert_close(r.cf_low[i], csd_reff(name, "cflo:%d", k), TOL_ITER);
        assert_close(r.cf_high[i], csd_reff(name, "cfhi:%d", k), TOL_ITER);
        assert_close(r.fitted[i], csd_reff(name, "fit:%d", k), TOL_ITER);
        assert_close(r.fitted_low[i], csd_reff(name, "fitlo:%d", k), TOL_ITER);
        assert_close(r.fitted_high[i], csd_reff(name, "fithi:%d", k), TOL_ITER);
    }
    assert_int_equal(r.n_pre + r.n_post, s.n);
    assert_int_equal(r.n_pre, s.t0 - 1);
    /* cases prevented over the post period, R: tests/r/ref_prevented.R */
    const char *pf = "tests/r/values/prevented.csv";
    assert_int_equal(r.prevented.status, STAT_OK);
    assert_close(r.prevented.estimate, ref_get(pf, name, "prevented"), TOL_ITER);
    assert_close(r.prevented.std_error, ref_get(pf, name, "prevented:se"), TOL_ITER);
    assert_close(r.prevented.conf_low, ref_get(pf, name, "prevented:lo"), TOL_ITER);
    assert_close(r.prevented.conf_high, ref_get(pf, name, "prevented:hi"), TOL_ITER);
    assert_true(r.prevented.n == (double)r.n_post);
    /* the cumulative effect month by month (the chart's cumulative panel), same script */
    for (size_t i = 0; i < s.n; i++) {
        if (i + 1 < s.t0) {
            assert_true(isnan(r.cum_effect[i]) && isnan(r.cum_low[i]) && isnan(r.cum_high[i]));
            continue;
        }
        char key[32];
        int k = (int)(i + 2 - s.t0);
        snprintf(key, sizeof(key), "cum:%d", k);
        assert_close(r.cum_effect[i], ref_get(pf, name, key), TOL_ITER);
        snprintf(key, sizeof(key), "cumlo:%d", k);
        assert_close(r.cum_low[i], ref_get(pf, name, key), TOL_ITER);
        snprintf(key, sizeof(key), "cumhi:%d", k);
        assert_close(r.cum_high[i], ref_get(pf, name, key), TOL_ITER);
    }
    /* the last month's is the prevented cases with the sign turned */
    assert_close(r.cum_effect[s.n - 1], -r.prevented.estimate, 1e-9);
    assert_close(r.cum_low[s.n - 1], -r.prevented.conf_high, 1e-9);
    if (strcmp(name, "its_zero_month") == 0) {
        int j = glm_term_index(&r.glm, "month3");
        assert_true(j >= 0);
        assert_int_equal(r.glm.term[j].status, STAT_NOT_ESTIMABLE);
    }
    its_result_release(&r);
    csd_free(&t);
}

static void its_post_period_all_zero(void **state)
{
    (void)state;
    struct csd_table t;
    int months[512];
    struct its_spec s;
    load_spec("its_post_zero", &t, months, &s);
    struct its_result r;
    its_result_init(&r);
    assert_int_equal(its_fit(&s, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_int_equal(r.level_change.status, STAT_NOT_ESTIMABLE);
    assert_int_equal(r.slope_change.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.level_change.why), "after the programme started is zero"));
    assert_true(isnan(r.level_change.estimate));
    /* the pre-period trend is still R's */
    check_rr("its_post_zero", "trend", &r.pre_trend);
    its_result_release(&r);
    csd_free(&t);
}

static void its_degenerate(void **state)
{
    (void)state;
    double y[24], pop[24];
    for (int i = 0; i < 24; i++) {
        y[i] = 3 + i % 4;
        pop[i] = 1000;
    }
    struct its_spec s;
    its_spec_init(&s);
    s.y = y;
    s.n = 24;
    s.t0 = 13;
    struct its_result r;
    its_result_init(&r);

    s.t0 = 1; /* no pre-period */
    assert_int_equal(its_fit(&s, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "no months before"));
    s.t0 = 25; /* no post-period */
    assert_int_equal(its_fit(&s, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "no months after"));
    s.t0 = 40;
    assert_int_equal(its_fit(&s, NULL, &r), STAT_INVALID_INPUT);

    /* shorter than the parameters: 10 months, 4 + 9 month dummies */
    s.n = 10;
    s.t0 = 6;
    assert_int_equal(its_fit(&s, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "parameters"));
    assert_true(isnan(r.level_change.estimate));

    /* all zeros */
    double z[24] = {0};
    s.y = z;
    s.n = 24;
    s.t0 = 13;
    assert_int_equal(its_fit(&s, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "every count"));

    /* one month after the start: the slope change cannot be estimated */
    s.y = y;
    s.t0 = 24;
    its_fit(&s, NULL, &r);
    assert_int_equal(r.level_change.status, STAT_OK);
    assert_int_equal(r.slope_change.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.slope_change.why), "only one month"));
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);

    /* a population of zero, K out of range, negative count */
    s.t0 = 13;
    pop[5] = 0;
    s.population = pop;
    assert_int_equal(its_fit(&s, NULL, &r), STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&r.why), "population"));
    s.population = NULL;
    s.season = ITS_SEASON_HARMONIC;
    s.harmonics = 7;
    assert_int_equal(its_fit(&s, NULL, &r), STAT_INVALID_INPUT);
    s.season = ITS_SEASON_MONTHS;
    y[3] = -2;
    assert_int_equal(its_fit(&s, NULL, &r), STAT_INVALID_INPUT);
    its_result_release(&r);
}

/* ------------------------------------------------------------------ placebo */

static void check_placebo_case(void **state)
{
    const char *name = *state;
    struct csd_table t;
    int months[512];
    struct its_spec s;
    load_spec(name, &t, months, &s);
    struct its_placebo pl;
    its_placebo_init(&pl);
    size_t min_side = (size_t)csd_ref(name, "min_side");
    assert_int_equal(its_placebo_run(&s, min_side, NULL, &pl), STAT_OK);
    assert_close((double)pl.n_placebo, csd_ref(name, "n_placebo"), 0);
    assert_int_equal(pl.n_failed, 0);
    assert_close(pl.real_level, csd_ref(name, "real_level"), TOL_ITER);
    assert_close(pl.real_slope, csd_ref(name, "real_slope"), TOL_ITER);
    for (size_t k = 0; k < pl.n_placebo; k++) {
        assert_close(pl.level[k], csd_reff(name, "level:%d", (int)pl.start[k]), TOL_ITER);
        assert_close_abs(pl.slope[k], csd_reff(name, "slope:%d", (int)pl.start[k]), TOL_ITER,
                         1e-10);
    }
    assert_close(pl.p_level, csd_ref(name, "p_level"), 1e-12);
    assert_close(pl.p_slope, csd_ref(name, "p_slope"), 1e-12);
    /* too short a pre-period */
    assert_int_equal(its_placebo_run(&s, s.t0, NULL, &pl), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&pl.why), "too few"));
    its_placebo_release(&pl);
    csd_free(&t);
}

/* ------------------------------------------------------------------ DiD */

static const char *const did_cases[] = {"did_months",     "did_offset",      "did_noseason",
                                        "did_short",      "did_quasi_over",  "did_nb_over",
                                        "did_pois_over",  "did_quasi_under", "did_quasi_short",
                                        "did_nb_short"};

static void load_did(const char *name, struct csd_table *t, int months[], struct did_spec *s)
{
    csd_load(name, t);
    memset(s, 0, sizeof(*s));
    s->n = t->nrow;
    s->y_target = csd_col(t, "y_target");
    s->y_control = csd_col(t, "y_control");
    const double *m = csd_col(t, "month");
    for (size_t i = 0; i < t->nrow; i++)
        months[i] = (int)m[i];
    s->month = months;
    s->t0 = (size_t)csd_ref(name, "t0");
    s->season = csd_ref(name, "season") != 0;
    s->pop_target = csd_col_opt(t, "pop_target");
    s->pop_control = csd_col_opt(t, "pop_control");
    s->conf_level = 0.95;
    if (ref_has(CSD_FILE, name, "family"))
        s->family = (enum glm_family)(int)csd_ref(name, "family");
}

static void check_did_case(void **state)
{
    const char *name = *state;
    struct csd_table t;
    int months[512];
    struct did_spec s;
    load_did(name, &t, months, &s);
    struct did_result r;
    did_result_init(&r);
    assert_int_equal(did_fit(&s, NULL, &r), STAT_OK);
    check_rr(name, "ratio", &r.ratio);
    assert_close(r.rr_control.estimate, csd_ref(name, "control:rr"), TOL_ITER);
    assert_close(r.rr_target.estimate, csd_ref(name, "target:rr"), TOL_ITER);
    assert_close(r.rr_target.std_error, csd_ref(name, "target:se"), TOL_ITER);
    assert_int_equal(r.glm.family, s.family);
    if (s.family == GLM_QUASIPOISSON) {
        double phi = csd_ref(name, "dispersion");
        assert_close(r.glm.dispersion, phi, TOL_ITER);
        /* a dispersion below 1 never narrows the interval: Poisson's SE and a z test */
        assert_int_equal(r.glm.dispersion_raised, phi < 1);
        assert_true(r.glm.dispersion_used >= 1);
    }
    if (s.family == GLM_NEGBIN)
        assert_close(r.glm.theta, csd_ref(name, "theta"), TOL_ITER);
    did_result_release(&r);
    csd_free(&t);
}

/* The same data in the three families: quasi-Poisson and NB widen the Poisson interval of
 * overdispersed counts; an underdispersed series keeps Poisson's interval exactly. */
static void did_family_widens(void **state)
{
    (void)state;
    struct csd_table t;
    int months[512];
    struct did_spec s;
    load_did("did_quasi_over", &t, months, &s);
    struct did_result r;
    did_result_init(&r);
    double width[3];
    enum glm_family fam[3] = {GLM_POISSON, GLM_QUASIPOISSON, GLM_NEGBIN};
    for (int k = 0; k < 3; k++) {
        s.family = fam[k];
        assert_int_equal(did_fit(&s, NULL, &r), STAT_OK);
        width[k] = log(r.ratio.conf_high) - log(r.ratio.conf_low);
    }
    assert_true(width[1] > 1.5 * width[0]);
    assert_true(width[2] > 1.5 * width[0]);
    csd_free(&t);
    load_did("did_quasi_under", &t, months, &s);
    s.family = GLM_POISSON;
    assert_int_equal(did_fit(&s, NULL, &r), STAT_OK);
    double lo = r.ratio.conf_low, hi = r.ratio.conf_high, p = r.ratio.p_value;
    s.family = GLM_QUASIPOISSON;
    assert_int_equal(did_fit(&s, NULL, &r), STAT_OK);
    assert_true(r.glm.dispersion < 0.1);
    assert_close(r.ratio.conf_low, lo, 1e-9);
    assert_close(r.ratio.conf_high, hi, 1e-9);
    assert_close(r.ratio.p_value, p, 1e-9);
    did_result_release(&r);
    csd_free(&t);
}

/* The ITS follows the same rule (R: summary(fit, dispersion = max(1, phi))). */
static void its_quasi_underdispersed(void **state)
{
    (void)state;
    struct csd_table t;
    int months[512];
    struct its_spec s;
    csd_load("its_quasi_under", &t);
    its_spec_init(&s);
    s.n = t.nrow;
    s.y = csd_col(&t, "y");
    const double *m = csd_col(&t, "month");
    for (size_t i = 0; i < t.nrow; i++)
        months[i] = (int)m[i];
    s.month = months;
    s.t0 = (size_t)csd_ref("its_quasi_under", "t0");
    s.season = ITS_SEASON_MONTHS;
    s.family = GLM_QUASIPOISSON;
    struct its_result r;
    its_result_init(&r);
    its_fit(&s, NULL, &r);
    assert_close(r.glm.dispersion, csd_ref("its_quasi_under", "dispersion"), TOL_ITER);
    assert_true(r.glm.dispersion_raised);
    check_rr("its_quasi_under", "level", &r.level_change);
    check_rr("its_quasi_under", "slope", &r.slope_change);
    its_result_release(&r);
    csd_free(&t);
}

/* Placebo in time for the DiD, against R's loop of the same fits. */
static void check_did_placebo_case(void **state)
{
    const char *name = *state;
    struct csd_table t;
    int months[512];
    struct did_spec s;
    load_did(name, &t, months, &s);
    struct its_placebo pl;
    its_placebo_init(&pl);
    size_t min_side = (size_t)csd_ref(name, "min_side");
    assert_int_equal(did_placebo_run(&s, min_side, NULL, &pl), STAT_OK);
    assert_close((double)pl.n_placebo, csd_ref(name, "n_placebo"), 0);
    assert_int_equal(pl.n_failed, 0);
    assert_close(pl.real_level, csd_ref(name, "real_level"), TOL_ITER);
    for (size_t k = 0; k < pl.n_placebo; k++)
        assert_close(pl.level[k], csd_reff(name, "level:%d", (int)pl.start[k]), TOL_ITER);
    assert_close(pl.p_level, csd_ref(name, "p_level"), 1e-12);
    assert_true(isnan(pl.p_slope));
    assert_int_equal(did_placebo_run(&s, s.t0, NULL, &pl), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&pl.why), "too few"));
    its_placebo_release(&pl);
    csd_free(&t);
}

/* The prediction of the last pre-period year from the earlier months (regression to
 * the mean), against R. */
static void check_rtm_case(void **state)
{
    const char *name = *state;
    struct csd_table t;
    int months[512];
    csd_load(name, &t);
    struct its_spec s;
    its_spec_init(&s);
    s.y = csd_col(&t, "y");
    const double *m = csd_col(&t, "month");
    for (size_t i = 0; i < t.nrow; i++)
        months[i] = (int)m[i];
    s.month = months;
    size_t n_fit = (size_t)csd_ref(name, "n_fit"), n_pred = (size_t)csd_ref(name, "n_pred");
    s.n = t.nrow;
    s.t0 = n_fit + n_pred + 1; /* the months predicted are the last before the start */
    s.family = (enum glm_family)(int)csd_ref(name, "family");
    struct its_prediction pr;
    assert_int_equal(its_pre_prediction(&s, n_pred, NULL, &pr), STAT_OK);
    assert_close(pr.expected, csd_ref(name, "expected"), TOL_ITER);
    assert_close(pr.observed, csd_ref(name, "observed"), 0);
    assert_close(pr.low, csd_ref(name, "lo"), TOL_ITER);
    assert_close(pr.high, csd_ref(name, "hi"), TOL_ITER);
    /* too few earlier months */
    s.t0 = n_pred + 12;
    assert_int_equal(its_pre_prediction(&s, n_pred, NULL, &pr), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&pr.why), "too few"));
    csd_free(&t);
}

static void did_degenerate(void **state)
{
    (void)state;
    struct csd_table t;
    int months[512];
    struct did_spec s;
    load_did("did_target_zero_after", &t, months, &s);
    struct did_result r;
    did_result_init(&r);
    assert_int_equal(did_fit(&s, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "target area has no incidents after"));
    assert_true(isnan(r.ratio.estimate));
    s.t0 = 1;
    assert_int_equal(did_fit(&s, NULL, &r), STAT_NOT_ESTIMABLE);
    s.t0 = 19;
    double pop[64] = {0};
    s.pop_target = pop;
    assert_int_equal(did_fit(&s, NULL, &r), STAT_INVALID_INPUT);
    did_result_release(&r);
    csd_free(&t);
}

/* ------------------------------------------------------------------ exposure */

struct exp_data {
    struct csd_table t;
    int32_t day[4096];
    bool flag[4096];
    struct exposure_spec s;
};

static void load_exposure(const char *name, struct exp_data *e)
{
    csd_load(name, &e->t);
    assert_true(e->t.nrow <= 4096);
    const double *d = csd_col(&e->t, "day"), *f = csd_col(&e->t, "flag");
    for (size_t i = 0; i < e->t.nrow; i++) {
        e->day[i] = (int32_t)d[i];
        e->flag[i] = f[i] != 0;
    }
    e->s.n = e->t.nrow;
    e->s.y = csd_col(&e->t, "y");
    e->s.day = e->day;
    e->s.flag = e->flag;
    e->s.change_day = (int32_t)csd_ref(name, "change_day");
    e->s.conf_level = 0.95;
}

static const char *const exp_cases[] = {"exp_effect", "exp_null", "exp_short", "exp_late_change"};

static void check_exposure_case(void **state)
{
    const char *name = *state;
    static struct exp_data e;
    memset(&e, 0, sizeof(e));
    load_exposure(name, &e);
    struct exposure_result r;
    exposure_result_init(&r);
    assert_int_equal(exposure_fit(&e.s, NULL, &r), STAT_OK);
    assert_close(r.rate_ratio.estimate, csd_ref(name, "rr"), TOL_ITER);
    assert_close(r.rate_ratio.std_error, csd_ref(name, "se"), TOL_ITER);
    assert_close(r.rate_ratio.conf_low, csd_ref(name, "lo"), TOL_ITER);
    assert_close(r.rate_ratio.conf_high, csd_ref(name, "hi"), TOL_ITER);
    assert_close(r.rate_ratio.p_value, csd_ref(name, "p"), TOL_ITER);
    assert_close(r.glm.deviance, csd_ref(name, "deviance"), TOL_ITER);
    exposure_result_release(&r);
    csd_free(&e.t);
}

static void exposure_degenerate(void **state)
{
    (void)state;
    static struct exp_data e;
    memset(&e, 0, sizeof(e));
    struct exposure_result r;
    exposure_result_init(&r);
    load_exposure("exp_no_baseline", &e);
    assert_int_equal(exposure_fit(&e.s, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "no baseline"));
    csd_free(&e.t);
    memset(&e, 0, sizeof(e));
    load_exposure("exp_zero_exposed", &e);
    assert_int_equal(exposure_fit(&e.s, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "zero"));
    assert_true(isnan(r.rate_ratio.estimate));
    e.s.change_day = 30000; /* after the last day */
    assert_int_equal(exposure_fit(&e.s, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "after the change yet"));
    exposure_result_release(&r);
    csd_free(&e.t);
    /* calendar helpers: 1970-01-01 Thursday, 2000-02-29 Tuesday, 1969-12-31 */
    assert_int_equal(exposure_weekday(0), 4);
    assert_int_equal(exposure_weekday(11016), 2);
    assert_int_equal(exposure_month(11016), 2);
    assert_int_equal(exposure_month(-1), 12);
    assert_int_equal(exposure_weekday(-1), 3);
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
    ADD(its_cases, check_its_case)
    ADD(did_cases, check_did_case)
    ADD(exp_cases, check_exposure_case)
    static const char *const placebo_cases[] = {"placebo_months", "placebo_harmonic"};
    ADD(placebo_cases, check_placebo_case)
    static const char *const did_placebo_cases[] = {"did_placebo_quasi", "did_placebo_nb"};
    ADD(did_placebo_cases, check_did_placebo_case)
    static const char *const rtm_cases[] = {"rtm_high_quasi", "rtm_high_pois", "rtm_usual_nb"};
    ADD(rtm_cases, check_rtm_case)
#undef ADD
    struct CMUnitTest fixed[] = {
        cmocka_unit_test(its_post_period_all_zero), cmocka_unit_test(its_degenerate),
        cmocka_unit_test(did_degenerate), cmocka_unit_test(exposure_degenerate),
        cmocka_unit_test(did_family_widens), cmocka_unit_test(its_quasi_underdispersed)};
    for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
        tests[nt++] = fixed[i];
    return run_dynamic_group("stats_its", tests, nt);
}
