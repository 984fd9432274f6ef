/*
 * its — interrupted time series, difference-in-differences with a comparison area,
 * and placebo-in-time checks, for monthly incident counts.
 *
 * The segmented-regression model (Bernal, Cummins & Gasparrini 2017, "Interrupted
 * time series regression for the evaluation of public health interventions: a
 * tutorial", Int J Epidemiol 46:348-355; Wagner et al. 2002):
 *     log E[y_t] = b0 + b1 t + b2 post_t + b3 (t - t0) post_t + season_t [+ log pop_t]
 * with t = 1..n, post_t = [t >= t0], season either month-of-year dummies
 * (factor(month), the first month present as reference) or K harmonic pairs
 * sin(2 pi k m / 12), cos(2 pi k m / 12), k = 1..K, m = month of year.
 * R counterpart:
 *     glm(y ~ t + post + tpost + factor(month) [+ offset(log(pop))], family = poisson)
 * (or quasipoisson, or MASS::glm.nb).  Reported: the level change exp(b2) and the
 * slope change exp(b3) (per month) as rate ratios with Wald intervals — R's
 * confint.default(), not confint(), which on a glm is a profile-likelihood interval.
 *
 * The counterfactual is the fitted model with post and tpost set to zero: for
 * every month, exp(x0'b [+ log pop]) with a pointwise interval exp(eta +/- z se) where
 * se = sqrt(x0' V x0) (delta method on the link scale, R's predict(..., type =
 * "link", se.fit = TRUE)).
 *
 * Quasi-Poisson fits (ITS and DiD) never let a dispersion below 1 narrow an interval:
 * the SEs carry max(1, phi), R's summary(fit, dispersion = max(1, phi)).
 *
 * Difference-in-differences (Wing, Simon & Bello-Bravo 2018): two aligned monthly
 * series, target and comparison, in one GLM of the outcome's family
 *     glm(y ~ area * post + factor(month) [+ offset(log(pop))], family = poisson)
 * (or quasipoisson with max(1, phi), or MASS::glm.nb) and the ratio of rate ratios
 * exp(b[area:post]) with a Wald interval.
 */
#ifndef TRYGG_STATS_ITS_H
#define TRYGG_STATS_ITS_H

#include <stdbool.h>
#include <stddef.h>

#include "stats/glm.h"
#include "stats/result.h"

/* Which intervention effects the model has (spec key `effects`). */
enum its_effects {
    ITS_EFFECTS_BOTH,  /* level and slope change: y ~ t + post + tpost (the default) */
    ITS_EFFECTS_LEVEL, /* level change only: y ~ t + post */
    ITS_EFFECTS_SLOPE  /* slope change only: y ~ t + tpost */
};

enum its_season {
    ITS_SEASON_NONE,
    ITS_SEASON_MONTHS,   /* factor(month): up to 11 dummies */
    ITS_SEASON_HARMONIC  /* K pairs of sine and cosine terms, K = 1..5 */
};

/* A monthly series and the model to fit to it.  Pointers are borrowed. */
struct its_spec {
    size_t n;                  /* months in the series */
    const double *y;           /* counts, n values */
    const int *month;          /* month of year 1..12 per value; NULL = consecutive months
                                  starting at first_month */
    int first_month;           /* month of year of the first value when month == NULL */
    size_t t0;                 /* 1-based index of the first month with the programme */
    enum its_season season;
    int harmonics;             /* K for ITS_SEASON_HARMONIC */
    const double *population;  /* n values for the offset log(population); NULL = none */
    enum glm_family family;    /* GLM_POISSON, GLM_QUASIPOISSON or GLM_NEGBIN */
    double conf_level;         /* e.g. 0.95 */
    bool effects_only;         /* skip the fitted and counterfactual curves (charts), the
                                  residual autocorrelation (ljung_box, acf), the null
                                  deviance and the AIC (nothing reads them then) */
    enum its_effects effects;  /* default ITS_EFFECTS_BOTH */
    /* A phase-in: the `transition` months from t0 are left out of the fit and the
     * model's start is s = t0 + transition: post = [t >= s], tpost = (t − s)·post, t
     * still counting every month (R: fit on subset(d, t < t0 | t >= s)).  Their fitted
     * values are NaN; the counterfactual covers them. */
    size_t transition;
    /* Newey–West (HAC) standard errors for t, post and tpost instead of the model's:
     *     coeftest(fit, vcov. = NeweyWest(fit, lag = nw_lag, prewhite = FALSE))
     * (sandwich + lmtest; Bartlett weights 1 − l/(L + 1), no small-sample adjustment,
     * normal z tests and Wald intervals).  nw_lag 0 is the plain sandwich (HC0). */
    bool newey_west;
    size_t nw_lag;
    /* A level shift of its own at the 1-based month `step` (e.g. a change in how the
     * police record the offence): a column step = [t >= step] is added after tpost, and
     * it stays in the counterfactual (only post and tpost are set to zero), so the
     * shift is not counted as the programme's effect.  R:
     *     glm(y ~ t + post + tpost + step + season, ...)
     * 0 = none; a step outside 2..n (no month on one side of it in the series) adds no
     * column, so the same spec serves a placebo or an as-of run on fewer months. */
    size_t step;
    /* For its_pre_prediction only: the step's level shift as a known log ratio and its
     * standard error (the whole series' fit), for a step that falls in the predicted
     * months (every month fitted is then recorded the old way and cannot estimate it).
     * NaN (its_spec_init) = not known. */
    double step_log, step_log_se;
};

/* Lags of the residual autocorrelation reported for every ITS fit. */
#define ITS_ACF_LAGS 12

/* The Newey–West (1994) rule-of-thumb lag floor(4 (n/100)^(2/9)) for n months. */
size_t its_nw_default_lag(size_t n);

/* Fills a spec with defaults: Poisson, month dummies, 95 %, first_month 1. */
void its_spec_init(struct its_spec *spec);

/* A design matrix built from a spec.  Initialise with its_design_init(), free with
 * its_design_release(). */
struct its_design {
    size_t n, p;
    double *x;                       /* column-major n x p */
    double *offset;                  /* n values or NULL */
    char (*names)[GLM_NAME_SIZE];    /* p names: "(Intercept)", "t", "post", "tpost",
                                        "month2".. or "sin1", "cos1", .. */
    const char **name_ptrs;          /* p pointers into names, for glm_data */
    int col_t, col_post, col_tpost;  /* column indices; -1 for an effect not in the model */
    int col_step;                    /* the level shift of spec->step, -1 if none */
    size_t n_pre, n_post;            /* months in the fit before / from the model's start */
    double *y;                       /* n counts of the months in the fit */
    size_t *row;                     /* n: the month (0-based, of spec->n) of each row */
    size_t n_all;                    /* spec->n */
    double *x_all;                   /* column-major n_all x p: every month, for predictions */
    double *offset_all;              /* n_all values or NULL */
};

void its_design_init(struct its_design *d);
void its_design_release(struct its_design *d);
/*
 * Builds the design.  Returns STAT_OK, or a status with the reason in *why (which
 * may be NULL) for input that cannot make a model: no months before or after t0, a
 * series shorter than the number of parameters, months outside 1..12, a population
 * that is not positive, K outside 1..5.
 */
enum stat_status its_design_build(const struct its_spec *spec, struct its_design *d,
                                  struct stat_result *why);

/* The result of one ITS fit.  Initialise with its_result_init(), free with
 * its_result_release(). */
struct its_result {
    enum stat_status status;          /* STAT_OK when both effects can be read */
    struct stat_why why; /* the reason (or a caveat), STAT_R_NONE if none */
    struct glm_result glm;            /* the whole fit (all terms, deviance, AIC, ...) */
    /* Rate ratios: estimate exp(b), conf_low/high exp(b -/+ z se); std_error, statistic,
     * df and p_value are those of b on the log scale (as summary.glm). */
    struct stat_result level_change;  /* exp(b_post) */
    struct stat_result slope_change;  /* exp(b_tpost), per month */
    struct stat_result pre_trend;     /* exp(b_t), per month */
    struct stat_result step_change;   /* exp(b_step): the level shift at spec->step (a
                                         recording change); not estimable when the model
                                         has no step column */
    size_t n, n_pre, n_post;
    enum its_effects effects;         /* the spec's: the effect not in the model is failed
                                         with "not in the model" and does not make the
                                         status fail */
    /* Residual autocorrelation of the fit, on the deviance residuals as R's
     *     r <- residuals(fit, type = "deviance")
     *     acf(r, lag.max = 12, plot = FALSE)$acf[2:13]
     *     Box.test(r, lag = 12, type = "Ljung-Box")
     * acf[k − 1] is the lag-k autocorrelation, k = 1..acf_lags (acf_lags =
     * min(12, n − 1)); ljung_box has statistic Q, df = acf_lags and the p-value. */
    double acf[ITS_ACF_LAGS];
    size_t acf_lags;
    struct stat_result ljung_box;
    bool newey_west;                  /* the three effects carry HAC standard errors */
    size_t nw_lag;
    /* For charts, n values each (NaN where the fit failed). */
    double *fitted;                   /* fitted mean, R's fitted(fit) */
    double *fitted_low, *fitted_high; /* pointwise interval of the fitted mean */
    double *counterfactual;           /* mean with post = tpost = 0 */
    double *cf_low, *cf_high;         /* its pointwise interval */
    /* Cases prevented over the whole post period, from the same model (level and slope):
     *     P = sum_{t >= t0} (cf_t - y_t),  cf_t = exp(x0_t' b [+ log pop_t])
     * with x0_t the row with post = tpost = 0.  The observed counts are taken as given;
     * the uncertainty is that of the counterfactual sum, by the delta method:
     *     Var(P) = g' V g,  g = sum_{t >= t0} cf_t x0_t
     * (V = vcov(fit), the dispersion applied), normal interval P -/+ z sqrt(Var(P)).
     * R: tests/r/ref_prevented.R.  For Poisson and quasi-Poisson fits sum cf - sum y
     * equals sum cf - sum fitted (the score equation of the post column).  n = months
     * after; not estimable when the fit or the counterfactual is. */
    struct stat_result prevented;
    /* The cumulative effect month by month, for the chart's cumulative panel: n values
     * each, NaN before t0 and when `prevented` is not estimable.  For month i >= t0
     *     C_i = sum_{t0 <= t <= i} (y_t - cf_t)        (= -P at the last month)
     * with the delta-method interval C_i -/+ z sqrt(g_i' V g_i), g_i = sum_{t0 <= t <= i}
     * cf_t x0_t: the uncertainty of the counterfactual, the observed counts taken as
     * given.  R: tests/r/ref_prevented.R (keys cum:<k>, k = months since the start). */
    double *cum_effect, *cum_low, *cum_high;
};

void its_result_init(struct its_result *r);
void its_result_release(struct its_result *r);

/*
 * Fits the ITS model.  `ws` may be NULL.  Returns r->status.  The level change or
 * slope change that cannot be estimated (all counts after t0 zero, a single month
 * after t0 for the slope, ...) is failed with a message while the other keeps its
 * numbers.
 */
enum stat_status its_fit(const struct its_spec *spec, struct glm_workspace *ws,
                         struct its_result *r);

/* ---------------------------------------------------------------- DiD */

struct did_spec {
    size_t n;                    /* months, the same in both areas */
    const double *y_target;      /* n counts in the target area */
    const double *y_control;     /* n counts in the comparison area */
    const int *month;            /* month of year per month; NULL = from first_month */
    int first_month;
    size_t t0;                   /* 1-based first month with the programme */
    bool season;                 /* include factor(month) */
    const double *pop_target;    /* offsets log(pop); both or neither */
    const double *pop_control;
    double conf_level;
    enum glm_family family;      /* GLM_POISSON (0, the default), GLM_QUASIPOISSON (a
                                    dispersion below 1 taken as 1) or GLM_NEGBIN: the
                                    outcome's own family */
    /* A police recording change from month `step` (1-based; 0 = none; used when
     * 1 < step <= n): a level shift of its own, "step" = [t >= step] in both areas (the
     * same police system recorded both the new way from that month: R y ~ area + post +
     * step + season + area:post), or with step_target_only "area:step" in the target
     * area alone (y ~ area + post + area:step + season + area:post).  Either way the
     * ratio of rate ratios no longer carries the recording change (tests/r/ref_did_step.R). */
    size_t step;
    bool step_target_only;
};

struct did_result {
    enum stat_status status;
    struct stat_why why; /* the reason (or a caveat), STAT_R_NONE if none */
    struct glm_result glm;        /* terms "(Intercept)", "area", "post", "month..",
                                     "area:post" */
    struct stat_result ratio;     /* exp(b[area:post]): the ratio of rate ratios */
    struct stat_result rr_target; /* exp(b_post + b_area:post): after/before in the target */
    struct stat_result rr_control;/* exp(b_post): after/before in the comparison area */
    struct stat_result step_change; /* exp(b_step): the recording change's level shift
                                       (failed with STAT_R_MODEL_NOT_FITTED when the model
                                       has no step) */
};

void did_result_init(struct did_result *r);
void did_result_release(struct did_result *r);
/* Fits the DiD model in spec->family.  `ws` may be NULL.  Returns r->status. */
enum stat_status did_fit(const struct did_spec *spec, struct glm_workspace *ws,
                         struct did_result *r);

/* ---------------------------------------------------------------- placebo in time */

/*
 * Placebo-in-time: only the months before the real start (1..t0-1) are used.  For
 * every fake start s with at least `min_side` months before it and at least
 * `min_side` months from s up to t0-1, the same model is fitted to those months with
 * s as the start, and its level change b_post(s) (log scale) and slope change
 * b_tpost(s) are kept.  The real effects come from the full-series fit.
 * The permutation-style p-value for the level change is
 *     (1 + #{placebos with |b_post(s)| >= |b_post(real)|}) / (1 + #placebos)
 * (two-sided, the real fit counted as one of the candidates, so it is never 0), and
 * the same for the slope change.  Placebo fits whose effect cannot be estimated are
 * left out and counted.
 */
struct its_placebo {
    enum stat_status status;
    struct stat_why why; /* the reason (or a caveat), STAT_R_NONE if none */
    size_t n_placebo;        /* usable placebo fits */
    size_t n_failed;         /* placebo fits left out */
    size_t *start;           /* n_placebo fake starts s (1-based month index) */
    double *level;           /* n_placebo placebo b_post (log rate ratios) */
    double *slope;           /* n_placebo placebo b_tpost */
    double real_level, real_slope;   /* b_post and b_tpost of the real fit */
    size_t rank_level;       /* 1 + placebos at least as extreme as the real level change */
    size_t rank_slope;
    double p_level, p_slope; /* rank / (1 + n_placebo) */
};

void its_placebo_init(struct its_placebo *pl);
void its_placebo_release(struct its_placebo *pl);
/* Runs the placebo fits.  `ws` may be NULL.  Returns pl->status: not estimable when
 * the real fit fails or the pre-period is shorter than 2 * min_side months. */
enum stat_status its_placebo_run(const struct its_spec *spec, size_t min_side,
                                 struct glm_workspace *ws, struct its_placebo *pl);

/*
 * Placebo-in-time for the difference-in-differences: the same rule as its_placebo_run,
 * on the months before the real start of both series, each fake start fitted with the
 * spec's DiD model (its family).  Only `level` (log ratio of rate ratios) is filled;
 * `slope` and the slope p-value are NaN.
 */
enum stat_status did_placebo_run(const struct did_spec *spec, size_t min_side,
                                 struct glm_workspace *ws, struct its_placebo *pl);

/*
 * Regression to the mean: was the period just before the start unusual?  The
 * pre-period's trend and season (the ITS model without post and tpost, the spec's
 * family, season and offset) are fitted to months 1..t0-1-n_pred, and the total of
 * the next n_pred months (the last before the start) is predicted with a prediction
 * interval at spec->conf_level:
 *     S = sum(mu),  Var = phi * S (Poisson part; phi = max(1, dispersion) for
 *     quasi-Poisson, 1 for Poisson; NB: S + sum(mu^2)/theta) + g' V g (g = sum(mu x)),
 *     interval S -/+ z sqrt(Var).
 * R: the same glm on the earlier months, model.matrix of the predicted ones, vcov().
 * Needs at least 12 months to fit.  A recording change (spec->step) among the months
 * fitted is a column of the fit as in its_fit; one among the predicted months cannot be
 * estimated from the months fitted (all recorded the old way): its known shift
 * (spec->step_log, step_log_se) multiplies the predicted months from it on,
 *     mu_i = exp(x_i'b + step_log [i >= step]),  Var += (sum_{i >= step} mu_i)^2 se^2,
 * (the two fits' estimates taken as independent); without it the prediction is not
 * made (STAT_R_PREDICT_STEP_UNKNOWN).  R: tests/r/ref_rtm_step.R.
 */
struct its_prediction {
    enum stat_status status;
    struct stat_why why; /* the reason (or a caveat), STAT_R_NONE if none */
    size_t n_fit, n_pred;
    double expected;      /* S */
    double observed;      /* the observed total of the predicted months */
    double low, high;     /* the prediction interval of the total */
};

void its_prediction_init(struct its_prediction *p);
enum stat_status its_pre_prediction(const struct its_spec *spec, size_t n_pred,
                                    struct glm_workspace *ws, struct its_prediction *out);

#endif
