/*
 * Unit tests for src/lib/stats/glm (the IRLS engine) and wavetrend (the logit trend
 * across survey waves), against R 4.2 + MASS values from tests/r/ref_count_stats.R.
 */
#include <math.h>
#include <string.h>

#include "count_stats_data.h"
#include "stats/glm.h"
#include "stats/stats.h"
#include "stats/wavetrend.h"

struct glm_case {
    const char *name;
    enum glm_family family;
    const char *diverged; /* a term R "estimates" as +/- huge: must be not estimable */
};

static const struct glm_case glm_cases[] = {
    {"glm_pois_offset", GLM_POISSON, NULL},
    {"glm_pois_plain", GLM_POISSON, NULL},
    {"glm_pois_zero_month", GLM_POISSON, "month3"},
    {"glm_pois_rankdef", GLM_POISSON, NULL},
    {"glm_quasi_overdisp", GLM_QUASIPOISSON, NULL},
    {"glm_nb_overdisp", GLM_NEGBIN, NULL},
    {"glm_nb_offset", GLM_NEGBIN, NULL},
    {"glm_nb_poissonlike", GLM_NEGBIN, NULL},
    {"glm_pois_short", GLM_POISSON, NULL},
    {"glm_binom_trials", GLM_BINOMIAL, NULL},
    {"glm_binom_wave", GLM_BINOMIAL, NULL},
    {"glm_pois_near_alias", GLM_POISSON, NULL}, /* every IRLS step by R's QR */
};

static void check_glm_case(void **state)
{
    const struct glm_case *c = *state;
    struct csd_table t;
    csd_load(c->name, &t);
    const double *y = csd_col(&t, "y");
    const double *trials = csd_col_opt(&t, "trials");
    const double *offset = csd_col_opt(&t, "offset");
    size_t first = 1 + (trials != NULL) + (offset != NULL);
    size_t p = t.ncol - first;
    const char *names[CSD_MAXCOL];
    for (size_t j = 0; j < p; j++)
        names[j] = t.names[first + j];
    struct glm_data d = {.n = t.nrow, .p = p, .x = t.v + first * t.nrow, .y = y,
                         .trials = trials, .offset = offset, .names = names,
                         .intercept = strcmp(names[0], "Intercept") == 0};
    struct glm_options opt = glm_options_default(c->family);
    struct glm_result r;
    glm_result_init(&r);
    glm_fit(&d, &opt, NULL, &r);
    bool poissonlike = strcmp(c->name, "glm_nb_poissonlike") == 0;
    char key[96];
    for (size_t j = 0; j < p; j++) {
        const char *nm = names[j];
        if (c->diverged && strcmp(nm, c->diverged) == 0) {
            assert_true(r.diverged[j]);
            assert_int_equal(r.term[j].status, STAT_NOT_ESTIMABLE);
            assert_non_null(strstr(why_en(&r.term[j].why), "cannot be estimated"));
            assert_true(isnan(r.term[j].estimate));
            continue;
        }
        snprintf(key, sizeof(key), "est:%s", nm);
        double est = csd_ref(c->name, key);
        if (isnan(est)) { /* aliased in R */
            assert_true(r.aliased[j]);
            assert_int_equal(r.term[j].status, STAT_RANK_DEFICIENT);
            assert_non_null(strstr(why_en(&r.term[j].why), nm));
            assert_true(isnan(r.coef[j]));
            continue;
        }
        assert_int_equal(r.term[j].status, STAT_OK);
        /* An estimate or z that is zero to rounding (4e-14 vs 4.02e-14) is compared with
         * an absolute floor of 1e-8 standard errors. */
        double floor_est = 1e-8 * fmax(1.0, r.term[j].std_error);
        assert_close_abs(r.term[j].estimate, est, TOL_ITER, floor_est);
        snprintf(key, sizeof(key), "se:%s", nm);
        assert_close(r.term[j].std_error, csd_ref(c->name, key), TOL_ITER);
        snprintf(key, sizeof(key), "stat:%s", nm);
        assert_close_abs(r.term[j].statistic, csd_ref(c->name, key), TOL_ITER, 1e-8);
        snprintf(key, sizeof(key), "p:%s", nm);
        assert_close(r.term[j].p_value, csd_ref(c->name, key), TOL_ITER);
        /* Wald interval = estimate -/+ qnorm(0.975) SE (confint.default) */
        assert_close_abs(r.term[j].conf_low, r.term[j].estimate - 1.959963984540054 * r.term[j].std_error,
                         1e-12, 1e-12);
    }
    assert_close(r.deviance, csd_ref(c->name, "deviance"), TOL_ITER);
    assert_close(r.null_deviance, csd_ref(c->name, "null_deviance"), TOL_ITER);
    assert_close(r.df_residual, csd_ref(c->name, "df_residual"), 0);
    assert_close((double)r.rank, csd_ref(c->name, "rank"), 0);
    assert_close(r.aic, csd_ref(c->name, "aic"), TOL_ITER);
    assert_close(r.dispersion, csd_ref(c->name, "dispersion"), TOL_ITER);
    if (!poissonlike) {
        assert_close((double)r.iter, csd_ref(c->name, "iter"), 0);
        assert_true(r.converged == (csd_ref(c->name, "converged") != 0));
    }
    if (c->family == GLM_NEGBIN) {
        if (poissonlike) {
            /* MASS warns "iteration limit reached": theta runs off to infinity. */
            assert_int_equal(r.theta_result.status, STAT_NOT_ESTIMABLE);
            assert_non_null(strstr(why_en(&r.theta_result.why), "Poisson"));
            assert_true(r.theta_infinite);
            assert_int_equal(r.status, STAT_OK);
            assert_non_null(strstr(why_en(&r.why), "Poisson"));
        } else {
            assert_int_equal(r.theta_result.status, STAT_OK);
            assert_false(r.theta_infinite);
            assert_close(r.theta, csd_ref(c->name, "theta"), TOL_ITER);
            assert_close(r.theta_result.estimate, csd_ref(c->name, "theta"), TOL_ITER);
            assert_close(r.theta_se, csd_ref(c->name, "theta_se"), TOL_ITER);
            assert_close(2 * r.loglik, csd_ref(c->name, "twologlik"), TOL_ITER);
        }
    }
    if (c->diverged)
        assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    else if (strcmp(c->name, "glm_pois_rankdef") == 0)
        assert_int_equal(r.status, STAT_RANK_DEFICIENT);
    else
        assert_int_equal(r.status, STAT_OK);
    glm_result_release(&r);
    csd_free(&t);
}

static void binomial_separation_is_reported(void **state)
{
    (void)state;
    struct csd_table t;
    csd_load("glm_binom_separation", &t);
    const char *names[] = {"Intercept", "year"};
    struct glm_data d = {.n = t.nrow, .p = 2, .x = t.v + 2 * t.nrow, .y = csd_col(&t, "y"),
                         .trials = csd_col(&t, "trials"), .names = names, .intercept = true};
    struct glm_options opt = glm_options_default(GLM_BINOMIAL);
    struct glm_result r;
    glm_result_init(&r);
    assert_int_equal(glm_fit(&d, &opt, NULL, &r), STAT_SEPARATION);
    assert_int_equal(r.term[1].status, STAT_SEPARATION);
    assert_non_null(strstr(why_en(&r.term[1].why), "year"));
    assert_true(isnan(r.term[1].estimate));
    assert_non_null(strstr(why_en(&r.why), "separated"));
    glm_result_release(&r);
    csd_free(&t);
}

/* The same workspace and result reused for different sizes give the same numbers. */
static void workspace_reuse_is_exact(void **state)
{
    (void)state;
    struct csd_table a, b;
    csd_load("glm_pois_plain", &a);
    csd_load("glm_pois_short", &b);
    struct glm_workspace *ws = glm_workspace_new(4, 2); /* grows on demand */
    struct glm_result r1, r2;
    glm_result_init(&r1);
    glm_result_init(&r2);
    struct glm_options opt = glm_options_default(GLM_POISSON);
    struct glm_data da = {.n = a.nrow, .p = a.ncol - 1, .x = a.v + a.nrow, .y = a.v,
                          .intercept = true};
    struct glm_data db = {.n = b.nrow, .p = b.ncol - 1, .x = b.v + b.nrow, .y = b.v,
                          .intercept = true};
    glm_fit(&da, &opt, NULL, &r1);
    glm_fit(&db, &opt, ws, &r2);
    glm_fit(&da, &opt, ws, &r2);
    for (size_t j = 0; j < da.p; j++) {
        assert_true(r1.coef[j] == r2.coef[j]);
        assert_true(r1.se[j] == r2.se[j]);
    }
    assert_true(r1.deviance == r2.deviance);
    glm_result_release(&r1);
    glm_result_release(&r2);
    glm_workspace_free(ws);
    csd_free(&a);
    csd_free(&b);
}

/* skip_null_deviance leaves only the null deviance out (NaN): the fit itself is the same
 * to the bit, with an offset (the intercept-only refit skipped) and for glm.nb. */
static void null_deviance_can_be_skipped(void **state)
{
    (void)state;
    const struct {
        const char *name;
        enum glm_family family;
    } cases[] = {{"glm_pois_offset", GLM_POISSON}, {"glm_nb_offset", GLM_NEGBIN}};
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        struct csd_table t;
        csd_load(cases[c].name, &t);
        const double *y = csd_col(&t, "y"), *offset = csd_col(&t, "offset");
        struct glm_data d = {.n = t.nrow, .p = t.ncol - 2, .x = t.v + 2 * t.nrow, .y = y,
                             .offset = offset, .intercept = true};
        struct glm_options opt = glm_options_default(cases[c].family);
        struct glm_result full, skip;
        glm_result_init(&full);
        glm_result_init(&skip);
        glm_fit(&d, &opt, NULL, &full);
        opt.skip_null_deviance = true;
        glm_fit(&d, &opt, NULL, &skip);
        assert_close(full.null_deviance, csd_ref(cases[c].name, "null_deviance"), TOL_ITER);
        assert_true(isnan(skip.null_deviance));
        assert_int_equal(full.status, skip.status);
        assert_true(full.deviance == skip.deviance);
        for (size_t j = 0; j < d.p; j++) {
            assert_true(full.coef[j] == skip.coef[j]);
            assert_true(full.se[j] == skip.se[j]);
            assert_true(full.term[j].p_value == skip.term[j].p_value);
        }
        glm_result_release(&full);
        glm_result_release(&skip);
        csd_free(&t);
    }
}

static void degenerate_inputs_have_messages(void **state)
{
    (void)state;
    double x[12] = {1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6};
    double y[6] = {1, 2, 3, 4, 5, 6};
    struct glm_data d = {.n = 6, .p = 2, .x = x, .y = y, .intercept = true};
    struct glm_result r;
    glm_result_init(&r);
    struct glm_options pois = glm_options_default(GLM_POISSON);

    y[2] = -1; /* negative count */
    assert_int_equal(glm_fit(&d, &pois, NULL, &r), STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&r.why), "row 3"));
    assert_int_equal(r.term[1].status, STAT_INVALID_INPUT);
    y[2] = 2.5; /* not a whole number */
    assert_int_equal(glm_fit(&d, &pois, NULL, &r), STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&r.why), "whole number"));
    y[2] = 3;
    x[8] = NAN;
    assert_int_equal(glm_fit(&d, &pois, NULL, &r), STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&r.why), "missing"));
    x[8] = 3;

    /* all zeros: nothing can be estimated, no NaN without a status */
    double z[6] = {0};
    struct glm_data dz = d;
    dz.y = z;
    assert_int_equal(glm_fit(&dz, &pois, NULL, &r), STAT_NOT_ESTIMABLE);
    for (size_t j = 0; j < 2; j++)
        assert_int_equal(r.term[j].status, STAT_NOT_ESTIMABLE);
    assert_true(why_en(&r.why)[0] != '\0');

    /* quasi-Poisson with as many parameters as observations */
    struct glm_data d2 = {.n = 2, .p = 2, .x = (double[]){1, 1, 0, 1}, .y = (double[]){3, 5},
                          .intercept = true};
    struct glm_options quasi = glm_options_default(GLM_QUASIPOISSON);
    assert_int_equal(glm_fit(&d2, &quasi, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "degrees of"));
    assert_int_equal(r.term[1].status, STAT_NOT_ESTIMABLE);

    /* binomial: successes above trials, missing trials */
    double tr[6] = {10, 10, 10, 10, 10, 5};
    struct glm_data db = d;
    db.trials = tr;
    struct glm_options bin = glm_options_default(GLM_BINOMIAL);
    assert_int_equal(glm_fit(&db, &bin, NULL, &r), STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&r.why), "row 6"));
    db.trials = NULL;
    assert_int_equal(glm_fit(&db, &bin, NULL, &r), STAT_INVALID_INPUT);

    /* no observations */
    struct glm_data de = {.n = 0, .p = 2, .x = x, .y = y};
    assert_int_equal(glm_fit(&de, &pois, NULL, &r), STAT_NOT_ESTIMABLE);

    /* non-convergence is reported with R's last iterate kept */
    struct glm_options one = glm_options_default(GLM_POISSON);
    one.maxit = 1;
    assert_int_equal(glm_fit(&d, &one, NULL, &r), STAT_NOT_CONVERGED);
    assert_false(r.converged);
    assert_int_equal(r.term[1].status, STAT_NOT_CONVERGED);
    assert_true(isfinite(r.term[1].estimate));
    assert_non_null(strstr(why_en(&r.why), "did not settle"));

    /* negative binomial on counts that vary exactly as their means: theta cannot be
     * estimated (MASS: theta.ml gives Inf) */
    double yy[6] = {4, 4, 4, 4, 4, 4};
    struct glm_data dc = {.n = 6, .p = 1, .x = x, .y = yy, .intercept = true};
    struct glm_options nb = glm_options_default(GLM_NEGBIN);
    assert_int_equal(glm_fit(&dc, &nb, NULL, &r), STAT_NOT_ESTIMABLE);
    assert_true(why_en(&r.why)[0] != '\0');
    glm_result_release(&r);
}

static void predict_link_matches_cov(void **state)
{
    (void)state;
    struct csd_table t;
    csd_load("glm_pois_short", &t);
    struct glm_data d = {.n = t.nrow, .p = 3, .x = t.v + t.nrow, .y = t.v, .intercept = true};
    struct glm_options opt = glm_options_default(GLM_POISSON);
    struct glm_result r;
    glm_result_init(&r);
    glm_fit(&d, &opt, NULL, &r);
    double x0[3] = {0, 1, 0}, eta, se;
    assert_true(glm_predict_link(&r, x0, &eta, &se));
    assert_close(eta, r.coef[1], 1e-15);
    assert_close(se, r.se[1], 1e-12);
    glm_result_release(&r);
    csd_free(&t);
}

/* ------------------------------------------------------------------ wave trend */

static void check_wave_case(void **state)
{
    const char *name = *state;
    size_t k = (size_t)csd_ref(name, "k");
    double year[16], x[16], n[16];
    for (size_t i = 0; i < k; i++) {
        year[i] = csd_reff(name, "year:%d", (int)i + 1);
        x[i] = csd_reff(name, "x:%d", (int)i + 1);
        n[i] = csd_reff(name, "n:%d", (int)i + 1);
    }
    struct wave_trend w;
    wave_trend_init(&w);
    wave_logit_trend(year, x, n, k, 0.95, NULL, &w);
    if (strcmp(name, "wave_separation") == 0) {
        assert_int_equal(w.status, STAT_SEPARATION);
        assert_int_equal(w.odds_ratio.status, STAT_SEPARATION);
        assert_non_null(strstr(why_en(&w.why), "separation"));
        assert_true(isnan(w.odds_ratio.estimate));
    } else {
        assert_int_equal(w.status, STAT_OK);
        assert_close(w.slope.estimate, csd_ref(name, "slope"), TOL_ITER);
        assert_close(w.slope.std_error, csd_ref(name, "se"), TOL_ITER);
        assert_close(w.slope.statistic, csd_ref(name, "z"), TOL_ITER);
        assert_close(w.slope.p_value, csd_ref(name, "p"), TOL_ITER);
        assert_close(w.odds_ratio.estimate, csd_ref(name, "or"), TOL_ITER);
        assert_close(w.odds_ratio.conf_low, csd_ref(name, "or_lo"), TOL_ITER);
        assert_close(w.odds_ratio.conf_high, csd_ref(name, "or_hi"), TOL_ITER);
    }
    wave_trend_release(&w);
}

static void wave_trend_degenerate(void **state)
{
    (void)state;
    struct wave_trend w;
    wave_trend_init(&w);
    double yr[3] = {2018, 2019, 2020}, x0[3] = {0, 0, 0}, n[3] = {50, 50, 50};
    assert_int_equal(wave_logit_trend(yr, x0, n, 3, 0.95, NULL, &w), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&w.why), "nobody"));
    assert_int_equal(wave_logit_trend(yr, n, n, 3, 0.95, NULL, &w), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&w.why), "everybody"));
    double one[1] = {2018}, x1[1] = {5}, n1[1] = {50};
    assert_int_equal(wave_logit_trend(one, x1, n1, 1, 0.95, NULL, &w), STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&w.why), "two different years"));
    double xb[3] = {5, 60, 5};
    assert_int_equal(wave_logit_trend(yr, xb, n, 3, 0.95, NULL, &w), STAT_INVALID_INPUT);
    assert_int_equal(w.odds_ratio.status, STAT_INVALID_INPUT);
    wave_trend_release(&w);
}

static const char *const wave_cases[] = {"wave_rising", "wave_two", "wave_zero_wave",
                                         "wave_empty_wave", "wave_uneven", "wave_separation"};

int main(void)
{
    stats_init();
    struct CMUnitTest tests[64];
    size_t nt = 0;
    for (size_t i = 0; i < sizeof(glm_cases) / sizeof(*glm_cases); i++) {
        struct CMUnitTest t = {glm_cases[i].name, check_glm_case, NULL, NULL,
                               (void *)&glm_cases[i]};
        tests[nt++] = t;
    }
    for (size_t i = 0; i < sizeof(wave_cases) / sizeof(*wave_cases); i++) {
        struct CMUnitTest t = {wave_cases[i], check_wave_case, NULL, NULL,
                               (void *)wave_cases[i]};
        tests[nt++] = t;
    }
    struct CMUnitTest fixed[] = {
        cmocka_unit_test(binomial_separation_is_reported),
        cmocka_unit_test(workspace_reuse_is_exact),
        cmocka_unit_test(null_deviance_can_be_skipped),
        cmocka_unit_test(degenerate_inputs_have_messages),
        cmocka_unit_test(predict_link_matches_cov),
        cmocka_unit_test(wave_trend_degenerate),
    };
    for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
        tests[nt++] = fixed[i];
    return run_dynamic_group("stats_glm", tests, nt);
}
