/*
 * its — interrupted time series, difference-in-differences and placebo-in-time on
 * the GLM engine.  See its.h for the models and their R counterparts.
 */
#include "stats/its.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "util/xalloc.h"

void its_spec_init(struct its_spec *spec)
{
    memset(spec, 0, sizeof(*spec));
    spec->first_month = 1;
    spec->season = ITS_SEASON_MONTHS;
    spec->harmonics = 1;
    spec->family = GLM_POISSON;
    spec->conf_level = 0.95;
    spec->step_log = spec->step_log_se = NAN;
}

void its_design_init(struct its_design *d)
{
    memset(d, 0, sizeof(*d));
    d->col_t = d->col_post = d->col_tpost = d->col_step = -1;
}

void its_design_release(struct its_design *d)
{
    if (!d)
        return;
    free(d->x);
    free(d->offset);
    free(d->names);
    free(d->name_ptrs);
    free(d->y);
    free(d->row);
    free(d->x_all);
    free(d->offset_all);
    its_design_init(d);
}

static int month_at(const int *month, int first_month, size_t i)
{
    if (month)
        return month[i];
    return (int)(((size_t)(first_month - 1) + i) % 12) + 1;
}

static void why_fail(struct stat_result *why, enum stat_status st, enum stat_reason code,
                     double x0, double x1, double x2)
{
    if (!why)
        return;
    stat_result_init(why);
    stat_result_failx(why, st, code, x0, x1, x2);
}

/* Adds the month-of-year columns (dummies or harmonics) starting at column c. */
static size_t season_columns(enum its_season season, int harmonics, const int *month,
                             int first_month, size_t n, const bool *keep, bool present[13],
                             int *ref)
{
    memset(present, 0, 13 * sizeof(bool));
    for (size_t i = 0; i < n; i++)
        if (!keep || keep[i])
            present[month_at(month, first_month, i)] = true;
    *ref = 0;
    size_t levels = 0;
    for (int m = 1; m <= 12; m++)
        if (present[m]) {
            if (!*ref)
                *ref = m;
            levels++;
        }
    switch (season) {
    case ITS_SEASON_NONE:
        return 0;
    case ITS_SEASON_MONTHS:
        return levels ? levels - 1 : 0;
    case ITS_SEASON_HARMONIC:
        return 2 * (size_t)harmonics;
    }
    return 0;
}

enum stat_status its_design_build(const struct its_spec *spec, struct its_design *d,
                                  struct stat_result *why)
{
    its_design_release(d);
    size_t n = spec->n;
    if (!spec->y || n == 0) {
        why_fail(why, STAT_NOT_ESTIMABLE, STAT_R_ITS_EMPTY, NAN, NAN, NAN);
        return STAT_NOT_ESTIMABLE;
    }
    if (!spec->month && (spec->first_month < 1 || spec->first_month > 12)) {
        why_fail(why, STAT_INVALID_INPUT, STAT_R_ITS_FIRST_MONTH, NAN, NAN, NAN);
        return STAT_INVALID_INPUT;
    }
    for (size_t i = 0; spec->month && i < n; i++)
        if (spec->month[i] < 1 || spec->month[i] > 12) {
            why_fail(why, STAT_INVALID_INPUT, STAT_R_ITS_MONTH_INVALID, (double)(i + 1), NAN, NAN);
            return STAT_INVALID_INPUT;
        }
    if (spec->season == ITS_SEASON_HARMONIC && (spec->harmonics < 1 || spec->harmonics > 5)) {
        why_fail(why, STAT_INVALID_INPUT, STAT_R_ITS_HARMONICS, NAN, NAN, NAN);
        return STAT_INVALID_INPUT;
    }
    if (spec->t0 < 2 || spec->t0 > n) {
        if (spec->t0 >= 1 && spec->t0 <= n + 1)
            why_fail(why, STAT_NOT_ESTIMABLE,
                     spec->t0 <= 1 ? STAT_R_ITS_NO_MONTHS_BEFORE : STAT_R_ITS_NO_MONTHS_AFTER,
                     NAN, NAN, NAN);
        else
            why_fail(why, STAT_INVALID_INPUT, STAT_R_ITS_START_OUTSIDE, (double)spec->t0, (double)n, NAN);
        return spec->t0 >= 1 && spec->t0 <= n + 1 ? STAT_NOT_ESTIMABLE : STAT_INVALID_INPUT;
    }
    for (size_t i = 0; spec->population && i < n; i++)
        if (!(isfinite(spec->population[i]) && spec->population[i] > 0)) {
            why_fail(why, STAT_INVALID_INPUT, STAT_R_ITS_POPULATION, (double)(i + 1), NAN, NAN);
            return STAT_INVALID_INPUT;
        }
    size_t t0i = spec->t0, s0 = spec->t0 + spec->transition; /* the model's start */
    if (spec->transition > 0 && s0 > n) {
        why_fail(why, STAT_NOT_ESTIMABLE, STAT_R_ITS_TRANSITION_TOO_LONG, (double)spec->transition, NAN, NAN);
        return STAT_NOT_ESTIMABLE;
    }
    bool *keep = xmalloc(n * sizeof(bool));
    size_t n_fit = 0;
    for (size_t i = 0; i < n; i++) {
        size_t t = i + 1;
        keep[i] = !(t >= t0i && t < s0);
        n_fit += keep[i];
    }
    bool present[13];
    int ref;
    size_t ns = season_columns(spec->season, spec->harmonics, spec->month, spec->first_month, n,
                               keep, present, &ref);
    bool has_level = spec->effects != ITS_EFFECTS_SLOPE;
    bool has_slope = spec->effects != ITS_EFFECTS_LEVEL;
    bool has_step = spec->step >= 2 && spec->step <= n;
    size_t p = 2 + (size_t)has_level + (size_t)has_slope + (size_t)has_step + ns;
    if (n_fit < p) {
        why_fail(why, STAT_NOT_ESTIMABLE, STAT_R_ITS_TOO_SHORT, (double)n_fit, (double)p, spec->transition ? 1 : 0);
        free(keep);
        return STAT_NOT_ESTIMABLE;
    }
    d->n = n_fit;
    d->n_all = n;
    d->p = p;
    d->x_all = xcalloc(n * p, sizeof(double));
    d->names = xcalloc(p, sizeof(*d->names));
    d->name_ptrs = xcalloc(p, sizeof(*d->name_ptrs));
    size_t c = 0;
    snprintf(d->names[c++], GLM_NAME_SIZE, "(Intercept)");
    d->col_t = (int)c;
    snprintf(d->names[c++], GLM_NAME_SIZE, "t");
    if (has_level) {
        d->col_post = (int)c;
        snprintf(d->names[c++], GLM_NAME_SIZE, "post");
    }
    if (has_slope) {
        d->col_tpost = (int)c;
        snprintf(d->names[c++], GLM_NAME_SIZE, "tpost");
    }
    if (has_step) {
        d->col_step = (int)c;
        snprintf(d->names[c++], GLM_NAME_SIZE, "step");
    }
    double s = (double)s0;
    for (size_t i = 0; i < n; i++) {
        double t = (double)(i + 1);
        double post = t >= s ? 1.0 : 0.0;
        d->x_all[0 * n + i] = 1.0;
        d->x_all[(size_t)d->col_t * n + i] = t;
        if (has_level)
            d->x_all[(size_t)d->col_post * n + i] = post;
        if (has_slope)
            d->x_all[(size_t)d->col_tpost * n + i] = (t - s) * post;
        if (has_step)
            d->x_all[(size_t)d->col_step * n + i] = i + 1 >= spec->step ? 1.0 : 0.0;
        if (keep[i]) {
            if (post != 0)
                d->n_post++;
            else
                d->n_pre++;
        }
    }
    if (spec->season == ITS_SEASON_MONTHS) {
        /* a dummy per month but the reference: x_all is zeroed, so each row sets the
         * one 1 of its month (one pass, not one per month: ~4 % of a screening's fits) */
        size_t col_of[13] = {0};
        for (int m = 1; m <= 12; m++) {
            if (!present[m] || m == ref)
                continue;
            memcpy(d->names[c], "month", 5);
            if (m >= 10) {
                d->names[c][5] = '1';
                d->names[c][6] = (char)('0' + m - 10);
                d->names[c][7] = '\0';
            } else {
                d->names[c][5] = (char)('0' + m);
                d->names[c][6] = '\0';
            }
            col_of[m] = c++;
        }
        for (size_t i = 0; i < n; i++) {
            size_t col = col_of[month_at(spec->month, spec->first_month, i)];
            if (col)
                d->x_all[col * n + i] = 1.0;
        }
    } else if (spec->season == ITS_SEASON_HARMONIC) {
        for (int k = 1; k <= spec->harmonics; k++) {
            snprintf(d->names[c], GLM_NAME_SIZE, "sin%d", k);
            snprintf(d->names[c + 1], GLM_NAME_SIZE, "cos%d", k);
            for (size_t i = 0; i < n; i++) {
                double a = 2.0 * M_PI * k * month_at(spec->month, spec->first_month, i) / 12.0;
                d->x_all[c * n + i] = sin(a);
                d->x_all[(c + 1) * n + i] = cos(a);
            }
            c += 2;
        }
    }
    for (size_t j = 0; j < p; j++)
        d->name_ptrs[j] = d->names[j];
    if (spec->population) {
        d->offset_all = xmalloc(n * sizeof(double));
        for (size_t i = 0; i < n; i++)
            d->offset_all[i] = log(spec->population[i]);
    }
    /* the rows of the fit: every month outside the transition */
    d->x = xmalloc(n_fit * p * sizeof(double));
    d->y = xmalloc((n_fit ? n_fit : 1) * sizeof(double));
    d->row = xmalloc((n_fit ? n_fit : 1) * sizeof(size_t));
    d->offset = d->offset_all ? xmalloc(n_fit * sizeof(double)) : NULL;
    for (size_t i = 0, k = 0; i < n; i++) {
        if (!keep[i])
            continue;
        for (size_t j = 0; j < p; j++)
            d->x[j * n_fit + k] = d->x_all[j * n + i];
        d->y[k] = spec->y[i];
        d->row[k] = i;
        if (d->offset)
            d->offset[k] = d->offset_all[i];
        k++;
    }
    free(keep);
    if (why) {
        stat_result_init(why);
    }
    return STAT_OK;
}

/* ---------------------------------------------------------------- autocorrelation */

size_t its_nw_default_lag(size_t n)
{
    return (size_t)floor(4.0 * pow((double)n / 100.0, 2.0 / 9.0));
}

/* Deviance residual of one count under the fit's family (R: residuals(type =
 * "deviance")): sign(y − mu) sqrt(d). */
static double deviance_residual(const struct glm_result *g, double y, double mu)
{
    double ylog = y > 0 ? y * log(y / mu) : 0.0;
    double d;
    if (g->family == GLM_NEGBIN && isfinite(g->theta)) {
        double th = g->theta;
        d = 2.0 * (ylog - (y + th) * log((y + th) / (mu + th)));
    } else {
        d = 2.0 * (ylog - (y - mu));
    }
    if (d < 0)
        d = 0;
    return (y > mu ? 1.0 : y < mu ? -1.0 : 0.0) * sqrt(d);
}

/* acf() of the deviance residuals at lags 1..12 and the Ljung–Box test. */
static void residual_autocorrelation(const double *y, size_t n, struct its_result *r)
{
    const struct glm_result *g = &r->glm;
    stat_result_init(&r->ljung_box);
    r->acf_lags = 0;
    for (size_t k = 0; k < ITS_ACF_LAGS; k++)
        r->acf[k] = NAN;
    if (!g->mu || n < 3) {
        stat_result_fail(&r->ljung_box, STAT_NOT_ESTIMABLE, STAT_R_LB_TOO_FEW);
        return;
    }
    double *e = xmalloc(n * sizeof(double)), mean = 0, c0 = 0;
    for (size_t i = 0; i < n; i++) {
        e[i] = deviance_residual(g, y[i], g->mu[i]);
        mean += e[i];
    }
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        c0 += (e[i] - mean) * (e[i] - mean);
    size_t h = n - 1 < ITS_ACF_LAGS ? n - 1 : ITS_ACF_LAGS;
    if (!(c0 > 0)) {
        free(e);
        stat_result_fail(&r->ljung_box, STAT_NOT_ESTIMABLE, STAT_R_LB_EXACT_FIT);
        return;
    }
    double q = 0;
    for (size_t k = 1; k <= h; k++) {
        double ck = 0;
        for (size_t i = 0; i + k < n; i++)
            ck += (e[i] - mean) * (e[i + k] - mean);
        r->acf[k - 1] = ck / c0;
        q += r->acf[k - 1] * r->acf[k - 1] / (double)(n - k);
    }
    free(e);
    q *= (double)n * (double)(n + 2);
    r->acf_lags = h;
    r->ljung_box.estimate = q;
    r->ljung_box.statistic = q;
    r->ljung_box.df = (double)h;
    r->ljung_box.n = (double)n;
    r->ljung_box.p_value = gsl_cdf_chisq_Q(q, (double)h);
}

/* Newey–West standard errors of the terms, as sandwich::NeweyWest(fit, lag = L,
 * prewhite = FALSE) with lmtest::coeftest: V = B M B with B = (X'WX)^-1 (R's
 * cov.unscaled) and M = Σ_l w_l Σ_t (u_t u_{t−l}' + u_{t−l} u_t'), w_0 = 1 (counted
 * once), w_l = 1 − l/(L + 1), u_t = x_t (y_t − μ_t) W_t/μ_t (R's estfun.glm for a log
 * link; the dispersion cancels).  Aliased columns are left out.  Replaces the SE, z,
 * p and Wald interval of every non-aliased term. */
static bool newey_west(const struct its_spec *spec, const struct its_design *d,
                       struct glm_result *g, size_t lag)
{
    size_t n = d->n, p = d->p;
    size_t *col = xmalloc(p * sizeof(size_t)), q = 0;
    for (size_t j = 0; j < p; j++)
        if (!g->aliased[j] && isfinite(g->coef[j]))
            col[q++] = j;
    /* g->cov carries the dispersion the model-based SEs used (max(1, phi) for
     * quasi-Poisson); dividing by that same value gives R's cov.unscaled.  The sandwich
     * itself has no dispersion in it, so no floor applies to it: R's NeweyWest(fit) on a
     * quasi-Poisson fit gives the same V whatever phi is. */
    double disp = g->dispersion_used > 0 && isfinite(g->dispersion_used) ? g->dispersion_used
                  : g->dispersion > 0 && isfinite(g->dispersion)        ? g->dispersion
                                                                          : 1.0;
    double *u = xcalloc(n * q, sizeof(double)), *m = xcalloc(q * q, sizeof(double));
    double *v = xcalloc(q * q, sizeof(double)), *bm = xcalloc(q * q, sizeof(double));
    bool ok = q > 0;
    for (size_t i = 0; i < n && ok; i++) {
        double mu = g->mu[i];
        double w = g->family == GLM_NEGBIN ? mu / (1.0 + mu / g->theta) : mu;
        double s = (d->y[i] - mu) * w / mu;
        for (size_t a = 0; a < q; a++)
            u[a * n + i] = d->x[col[a] * n + i] * s;
        ok = isfinite(s);
    }
    for (size_t l = 0; l <= lag && l < n && ok; l++) {
        double wl = l == 0 ? 1.0 : 1.0 - (double)l / (double)(lag + 1);
        for (size_t a = 0; a < q; a++)
            for (size_t b = 0; b < q; b++) {
                double sum = 0;
                for (size_t t = l; t < n; t++)
                    sum += u[a * n + t] * u[b * n + t - l];
                if (l == 0) {
                    m[a * q + b] += sum;
                } else {
                    m[a * q + b] += wl * sum;
                    m[b * q + a] += wl * sum;
                }
            }
    }
    /* B = cov / dispersion over the kept columns (row-major p × p in g->cov) */
    for (size_t a = 0; a < q && ok; a++)
        for (size_t b = 0; b < q; b++) {
            double s = 0;
            for (size_t k = 0; k < q; k++)
                s += g->cov[col[a] * p + col[k]] / disp * m[k * q + b];
            bm[a * q + b] = s;
        }
    for (size_t a = 0; a < q && ok; a++)
        for (size_t b = 0; b < q; b++) {
            double s = 0;
            for (size_t k = 0; k < q; k++)
                s += bm[a * q + k] * g->cov[col[k] * p + col[b]] / disp;
            v[a * q + b] = s;
        }
    double zq = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - spec->conf_level) / 2.0);
    for (size_t a = 0; a < q && ok; a++) {
        size_t j = col[a];
        struct stat_result *t = &g->term[j];
        /* a fit that did not converge keeps its last iteration's numbers (with the
         * reason): those get the standard errors asked for too, as R's coeftest(fit,
         * NeweyWest(fit)) gives them on glm.nb's last iteration */
        if (t->status != STAT_OK && t->status != STAT_NOT_CONVERGED)
            continue;
        double se = sqrt(v[a * q + a]), b = g->coef[j];
        g->se[j] = se;
        t->std_error = se;
        t->statistic = b / se;
        t->df = NAN; /* a z test (coeftest on a glm) */
        t->p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(t->statistic));
        t->conf_low = b - zq * se;
        t->conf_high = b + zq * se;
    }
    free(col);
    free(u);
    free(m);
    free(v);
    free(bm);
    return ok;
}

/* ---------------------------------------------------------------- its_fit */

void its_result_init(struct its_result *r)
{
    memset(r, 0, sizeof(*r));
    glm_result_init(&r->glm);
    stat_result_init(&r->level_change);
    stat_result_init(&r->slope_change);
    stat_result_init(&r->pre_trend);
    stat_result_init(&r->step_change);
    stat_result_fail(&r->step_change, STAT_NOT_ESTIMABLE, STAT_R_MODEL_NOT_FITTED);
    stat_result_init(&r->prevented);
    stat_result_init(&r->ljung_box);
    stat_result_fail(&r->ljung_box, STAT_NOT_ESTIMABLE, STAT_R_MODEL_NOT_FITTED);
    for (size_t k = 0; k < ITS_ACF_LAGS; k++)
        r->acf[k] = NAN;
}

void its_result_release(struct its_result *r)
{
    if (!r)
        return;
    glm_result_release(&r->glm);
    free(r->fitted);
    free(r->fitted_low);
    free(r->fitted_high);
    free(r->counterfactual);
    free(r->cf_low);
    free(r->cf_high);
    free(r->cum_effect);
    free(r->cum_low);
    free(r->cum_high);
    its_result_init(r);
}

/* A coefficient on the log scale as a rate ratio: exp of the estimate and limits. */
static struct stat_result rate_ratio(const struct stat_result *b)
{
    struct stat_result r = *b;
    if (isfinite(b->estimate)) {
        r.estimate = exp(b->estimate);
        r.conf_low = exp(b->conf_low);
        r.conf_high = exp(b->conf_high);
    }
    return r;
}

static void chart_arrays(struct its_result *r, size_t n)
{
    double **arr[9] = {&r->fitted,         &r->fitted_low, &r->fitted_high,
                       &r->counterfactual, &r->cf_low,     &r->cf_high,
                       &r->cum_effect,     &r->cum_low,    &r->cum_high};
    for (size_t k = 0; k < 9; k++) {
        *arr[k] = xrealloc(*arr[k], (n ? n : 1) * sizeof(double));
        for (size_t i = 0; i < n; i++)
            (*arr[k])[i] = NAN;
    }
}

static void set_status(struct its_result *r)
{
    const struct stat_result *lv = &r->level_change, *sl = &r->slope_change;
    bool lv_ok = lv->status == STAT_OK || r->effects == ITS_EFFECTS_SLOPE;
    bool sl_ok = sl->status == STAT_OK || r->effects == ITS_EFFECTS_LEVEL;
    if (lv_ok && sl_ok) {
        r->status = STAT_OK;
        if (r->glm.status == STAT_OK)
            stat_why_set(&r->why, STAT_R_NONE, NAN, NAN, NAN);
        else
            r->why = r->glm.why;
        return;
    }
    const struct stat_result *bad = !lv_ok ? lv : sl;
    r->status = bad->status;
    r->why = bad->why;
}

/* g' V g over the columns with a gradient. */
static double quad_form(const double *grad, const double *cov, size_t p)
{
    double var = 0;
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < p; b++)
            if (grad[a] != 0 && grad[b] != 0)
                var += grad[a] * cov[a * p + b] * grad[b];
    return var;
}

/* r->prevented and the cumulative effect (r->cum_*): see its.h.  Aliased coefficients
 * count as zero (as the counterfactual does) and carry no variance.  The running sums
 * and gradient give every month's cumulative effect in one pass. */
static void prevented_cases(const struct its_spec *spec, const struct its_design *d,
                            const struct glm_result *g, double zq, struct its_result *r)
{
    struct stat_result *pr = &r->prevented;
    stat_result_init(pr);
    /* every month from the start, a transition's months included: x_all, not the
     * fitted rows */
    size_t n = d->n_all, p = d->p;
    const struct stat_result *eff = d->col_post >= 0 ? &r->level_change : &r->slope_change;
    if (eff->status != STAT_OK) {
        stat_result_fail_why(pr, eff->status, &eff->why);
        return;
    }
    double *grad = xcalloc(p, sizeof(double));
    double sum_cf = 0, sum_y = 0;
    for (size_t i = spec->t0 - 1; i < n; i++) {
        double eta = d->offset_all ? d->offset_all[i] : 0.0;
        for (size_t j = 0; j < p; j++) {
            if ((int)j == d->col_post || (int)j == d->col_tpost || g->aliased[j])
                continue;
            eta += g->coef[j] * d->x_all[j * n + i];
        }
        double cf = exp(eta);
        sum_cf += cf;
        sum_y += spec->y[i];
        for (size_t j = 0; j < p; j++)
            if ((int)j != d->col_post && (int)j != d->col_tpost && !g->aliased[j])
                grad[j] += cf * d->x_all[j * n + i];
        double v = quad_form(grad, g->cov, p);
        if (i < spec->n && isfinite(sum_cf) && v >= 0 && isfinite(v)) {
            r->cum_effect[i] = sum_y - sum_cf;
            r->cum_low[i] = r->cum_effect[i] - zq * sqrt(v);
            r->cum_high[i] = r->cum_effect[i] + zq * sqrt(v);
        }
    }
    double var = quad_form(grad, g->cov, p);
    free(grad);
    if (!isfinite(sum_cf) || !(var >= 0) || !isfinite(var)) {
        for (size_t i = 0; i < spec->n; i++)
            r->cum_effect[i] = r->cum_low[i] = r->cum_high[i] = NAN;
        stat_result_fail(pr, STAT_NOT_ESTIMABLE, STAT_R_ITS_NO_COUNTERFACTUAL);
        return;
    }
    double se = sqrt(var);
    pr->estimate = sum_cf - sum_y;
    pr->std_error = se;
    pr->conf_low = pr->estimate - zq * se;
    pr->conf_high = pr->estimate + zq * se;
    pr->n = (double)(n - (spec->t0 - 1));
    if (se > 0) {
        pr->statistic = pr->estimate / se;
        pr->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(pr->statistic));
    }
}

enum stat_status its_fit(const struct its_spec *spec, struct glm_workspace *ws,
                         struct its_result *r)
{
    struct its_design d;
    its_design_init(&d);
    struct stat_result why;
    r->n = spec->n;
    r->effects = spec->effects;
    r->n_pre = r->n_post = 0;
    chart_arrays(r, spec->n);
    stat_result_init(&r->ljung_box);
    stat_result_fail(&r->ljung_box, STAT_NOT_ESTIMABLE, STAT_R_MODEL_NOT_FITTED);
    r->acf_lags = 0;
    stat_result_init(&r->level_change);
    stat_result_init(&r->slope_change);
    stat_result_init(&r->pre_trend);
    stat_result_fail(&r->step_change, STAT_NOT_ESTIMABLE, STAT_R_MODEL_NOT_FITTED);
    stat_result_fail(&r->prevented, STAT_NOT_ESTIMABLE, STAT_R_ITS_NOT_FITTED);
    enum stat_status st = its_design_build(spec, &d, &why);
    if (st != STAT_OK) {
        stat_result_fail_why(&r->level_change, st, &why.why);
        stat_result_fail_why(&r->slope_change, st, &why.why);
        stat_result_fail_why(&r->pre_trend, st, &why.why);
        r->status = st;
        r->why = why.why;
        its_design_release(&d);
        return st;
    }
    r->n_pre = d.n_pre;
    r->n_post = d.n_post;
    size_t n = d.n;
    double sum_all = 0, sum_post = 0;
    for (size_t i = 0; i < n; i++) {
        sum_all += d.y[i];
        if (d.row[i] + 1 >= spec->t0 + spec->transition)
            sum_post += d.y[i];
    }
    struct glm_data gd = {.n = n, .p = d.p, .x = d.x, .y = d.y, .offset = d.offset,
                          .names = d.name_ptrs, .intercept = true};
    struct glm_options opt = glm_options_default(spec->family);
    opt.conf_level = spec->conf_level;
    opt.min_dispersion = 1.0; /* too little variation never narrows an interval */
    opt.skip_null_deviance = spec->effects_only; /* a screening or placebo: effects only */
    opt.skip_likelihood = spec->effects_only;
    if (sum_all == 0 && isfinite(sum_all)) {
        /* Validate the input anyway, then say plainly why nothing can be estimated. */
        glm_fit(&gd, &opt, ws, &r->glm);
        if (r->glm.status != STAT_INVALID_INPUT) {
            stat_result_fail(&r->level_change, STAT_NOT_ESTIMABLE, STAT_R_ITS_ALL_ZERO);
            stat_result_fail(&r->slope_change, STAT_NOT_ESTIMABLE, STAT_R_ITS_ALL_ZERO);
            stat_result_fail(&r->pre_trend, STAT_NOT_ESTIMABLE, STAT_R_ITS_ALL_ZERO);
            r->status = STAT_NOT_ESTIMABLE;
            r->why = r->pre_trend.why;
            its_design_release(&d);
            return r->status;
        }
    } else {
        glm_fit(&gd, &opt, ws, &r->glm);
    }
    const struct glm_result *g = &r->glm;
    if (g->status == STAT_INVALID_INPUT || (g->rank == 0)) {
        stat_result_fail_why(&r->level_change, g->status, &g->why);
        stat_result_fail_why(&r->slope_change, g->status, &g->why);
        stat_result_fail_why(&r->pre_trend, g->status, &g->why);
        r->status = g->status;
        r->why = g->why;
        its_design_release(&d);
        return r->status;
    }
    /* The residuals' autocorrelation (Ljung-Box) is a diagnostic of the report's ITS
     * section; a screening or placebo fit reads only the effects (ljung_box stays
     * "model not fitted" there). */
    if (!spec->effects_only) {
        residual_autocorrelation(d.y, d.n, r);
        /* Residuals of a fit that did not converge (the IRLS limit, or glm.nb's theta
         * alternating: MASS's "alternation limit reached") are its last iteration's, as
         * its coefficients are: the diagnostic keeps its numbers but carries the fit's
         * reason, so no row reads as a normal estimate (crosscheck seed 17). */
        if (g->status == STAT_NOT_CONVERGED && r->ljung_box.status == STAT_OK) {
            r->ljung_box.status = STAT_NOT_CONVERGED;
            r->ljung_box.why = g->why;
        }
    }
    r->newey_west = false;
    if (spec->newey_west && g->status != STAT_INVALID_INPUT) {
        r->newey_west = newey_west(spec, &d, &r->glm, spec->nw_lag);
        r->nw_lag = spec->nw_lag;
    }
    if (d.col_post >= 0)
        r->level_change = rate_ratio(&g->term[d.col_post]);
    else
        stat_result_fail(&r->level_change, STAT_NOT_ESTIMABLE, STAT_R_ITS_SLOPE_ONLY);
    if (d.col_tpost >= 0)
        r->slope_change = rate_ratio(&g->term[d.col_tpost]);
    else
        stat_result_fail(&r->slope_change, STAT_NOT_ESTIMABLE, STAT_R_ITS_LEVEL_ONLY);
    r->pre_trend = rate_ratio(&g->term[d.col_t]);
    if (d.col_step >= 0)
        r->step_change = rate_ratio(&g->term[d.col_step]);
    if (sum_post == 0) {
        if (d.col_post >= 0)
            stat_result_fail(&r->level_change, STAT_NOT_ESTIMABLE, STAT_R_ITS_ZERO_AFTER);
        if (d.col_tpost >= 0)
            stat_result_fail(&r->slope_change, STAT_NOT_ESTIMABLE, STAT_R_ITS_ZERO_AFTER);
    } else if (d.col_tpost >= 0 && d.n_post == 1 && g->aliased[d.col_tpost]) {
        stat_result_fail(&r->slope_change, STAT_NOT_ESTIMABLE, STAT_R_ITS_ONE_MONTH_AFTER);
    }
    /* Chart: fitted and counterfactual with pointwise intervals (left NaN when the
     * caller only wants the effects, e.g. a screening of thousands of series). */
    if (spec->effects_only) {
        set_status(r);
        its_design_release(&d);
        return r->status;
    }
    double zq = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - spec->conf_level) / 2.0);
    double *x0 = xmalloc(d.p * sizeof(double));
    size_t na = d.n_all;
    for (size_t i = 0, k = 0; i < na; i++) {
        double off = d.offset_all ? d.offset_all[i] : 0.0;
        double eta, se;
        for (size_t j = 0; j < d.p; j++)
            x0[j] = d.x_all[j * na + i];
        bool in_fit = k < n && d.row[k] == i; /* else a month of the transition */
        if (in_fit && glm_predict_link(g, x0, &eta, &se)) {
            r->fitted[i] = g->mu[k];
            r->fitted_low[i] = exp(eta + off - zq * se);
            r->fitted_high[i] = exp(eta + off + zq * se);
        }
        k += in_fit;
        if (d.col_post >= 0)
            x0[d.col_post] = 0;
        if (d.col_tpost >= 0)
            x0[d.col_tpost] = 0;
        if (glm_predict_link(g, x0, &eta, &se)) {
            r->counterfactual[i] = exp(eta + off);
            r->cf_low[i] = exp(eta + off - zq * se);
            r->cf_high[i] = exp(eta + off + zq * se);
        }
    }
    free(x0);
    prevented_cases(spec, &d, g, zq, r);
    set_status(r);
    its_design_release(&d);
    return r->status;
}

/* ---------------------------------------------------------------- DiD */

void did_result_init(struct did_result *r)
{
    memset(r, 0, sizeof(*r));
    glm_result_init(&r->glm);
    stat_result_init(&r->ratio);
    stat_result_init(&r->rr_target);
    stat_result_init(&r->rr_control);
    stat_result_fail(&r->step_change, STAT_NOT_ESTIMABLE, STAT_R_MODEL_NOT_FITTED);
}

void did_result_release(struct did_result *r)
{
    if (!r)
        return;
    glm_result_release(&r->glm);
    did_result_init(r);
}

static void did_fail_why(struct did_result *r, enum stat_status st, const struct stat_why *why)
{
    struct stat_why copy = *why; /* why may point into r */
    r->status = st;
    r->why = copy;
    stat_result_fail_why(&r->ratio, st, &copy);
    stat_result_fail_why(&r->rr_target, st, &copy);
    stat_result_fail_why(&r->rr_control, st, &copy);
    stat_result_fail_why(&r->step_change, st, &copy);
}

static void did_fail(struct did_result *r, enum stat_status st, enum stat_reason code,
                     double x0, double x1)
{
    struct stat_why why;
    stat_why_set(&why, code, x0, x1, NAN);
    did_fail_why(r, st, &why);
}

/* exp(a'b) for a contrast vector a over the GLM coefficients, with a Wald interval. */
static struct stat_result contrast_rr(const struct glm_result *g, const double *a,
                                      double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    r.n = (double)g->n;
    double eta, se;
    if (!glm_predict_link(g, a, &eta, &se)) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_MODEL_NOT_FITTED);
        return r;
    }
    double zq = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf_level) / 2.0);
    r.estimate = exp(eta);
    r.std_error = se;
    r.statistic = eta / se;
    r.conf_level = conf_level;
    r.conf_low = exp(eta - zq * se);
    r.conf_high = exp(eta + zq * se);
    r.p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(r.statistic));
    return r;
}

enum stat_status did_fit(const struct did_spec *spec, struct glm_workspace *ws,
                         struct did_result *r)
{
    size_t n = spec->n;
    stat_result_init(&r->ratio);
    stat_result_init(&r->rr_target);
    stat_result_init(&r->rr_control);
    stat_result_fail(&r->step_change, STAT_NOT_ESTIMABLE, STAT_R_MODEL_NOT_FITTED);
    r->status = STAT_OK;
    stat_why_set(&r->why, STAT_R_NONE, NAN, NAN, NAN);
    if (!spec->y_target || !spec->y_control || n == 0) {
        did_fail(r, STAT_NOT_ESTIMABLE, STAT_R_DID_EMPTY, NAN, NAN);
        return r->status;
    }
    if (spec->t0 < 2 || spec->t0 > n) {
        did_fail(r, STAT_NOT_ESTIMABLE, spec->t0 < 2 ? STAT_R_DID_NO_MONTHS_BEFORE : STAT_R_DID_NO_MONTHS_AFTER, NAN, NAN);
        return r->status;
    }
    if (!spec->pop_target != !spec->pop_control) {
        did_fail(r, STAT_INVALID_INPUT, STAT_R_DID_POPULATION_ONE, NAN, NAN);
        return r->status;
    }
    for (size_t i = 0; spec->month && i < n; i++)
        if (spec->month[i] < 1 || spec->month[i] > 12) {
            did_fail(r, STAT_INVALID_INPUT, STAT_R_DID_MONTH_INVALID, NAN, NAN);
            return r->status;
        }
    bool present[13];
    int ref;
    size_t ns = season_columns(spec->season ? ITS_SEASON_MONTHS : ITS_SEASON_NONE, 0,
                               spec->month, spec->first_month, n, NULL, present, &ref);
    /* the recording change's column after "post" (none when it falls outside the
     * months: a placebo fit of the months before the start may end before it) */
    bool has_step = spec->step > 1 && spec->step <= n;
    size_t p = 4 + ns + (has_step ? 1 : 0), N = 2 * n;
    size_t col_step = 3;
    double *x = xcalloc(N * p, sizeof(double));
    double *y = xmalloc(N * sizeof(double));
    double *off = spec->pop_target ? xmalloc(N * sizeof(double)) : NULL;
    char(*names)[GLM_NAME_SIZE] = xcalloc(p, sizeof(*names));
    const char **np = xcalloc(p, sizeof(*np));
    snprintf(names[0], GLM_NAME_SIZE, "(Intercept)");
    snprintf(names[1], GLM_NAME_SIZE, "area");
    snprintf(names[2], GLM_NAME_SIZE, "post");
    snprintf(names[p - 1], GLM_NAME_SIZE, "area:post");
    size_t c = 3;
    if (has_step) {
        snprintf(names[col_step], GLM_NAME_SIZE, spec->step_target_only ? "area:step" : "step");
        for (size_t i = 0; i < N; i++) {
            bool target = i < n;
            x[col_step * N + i] = i % n + 1 >= spec->step && (target || !spec->step_target_only)
                                      ? 1.0
                                      : 0.0;
        }
        c++;
    }
    for (int m = 1; m <= 12 && spec->season; m++) {
        if (!present[m] || m == ref)
            continue;
        snprintf(names[c], GLM_NAME_SIZE, "month%d", m);
        for (size_t i = 0; i < N; i++)
            x[c * N + i] = month_at(spec->month, spec->first_month, i % n) == m ? 1.0 : 0.0;
        c++;
    }
    bool bad_pop = false;
    for (size_t i = 0; i < N; i++) {
        size_t t = i % n + 1;
        double area = i < n ? 1.0 : 0.0, post = t >= spec->t0 ? 1.0 : 0.0;
        x[i] = 1.0;
        x[1 * N + i] = area;
        x[2 * N + i] = post;
        x[(p - 1) * N + i] = area * post;
        y[i] = i < n ? spec->y_target[i] : spec->y_control[i - n];
        if (off) {
            double pop = i < n ? spec->pop_target[i] : spec->pop_control[i - n];
            if (!(isfinite(pop) && pop > 0))
                bad_pop = true;
            off[i] = log(pop);
        }
    }
    for (size_t j = 0; j < p; j++)
        np[j] = names[j];
    if (bad_pop) {
        did_fail(r, STAT_INVALID_INPUT, STAT_R_DID_POPULATION, NAN, NAN);
    } else if (N < p) {
        did_fail(r, STAT_NOT_ESTIMABLE, STAT_R_DID_TOO_SHORT, NAN, NAN);
    } else {
        struct glm_data gd = {.n = N, .p = p, .x = x, .y = y, .offset = off, .names = np,
                              .intercept = true};
        struct glm_options opt = glm_options_default(spec->family);
        opt.conf_level = spec->conf_level;
        opt.min_dispersion = 1.0; /* as the ITS: a dispersion below 1 never narrows */
        glm_fit(&gd, &opt, ws, &r->glm);
        const struct glm_result *g = &r->glm;
        double st = 0, sc = 0, pt = 0, pc = 0;
        for (size_t i = 0; i < n; i++) {
            bool post = i + 1 >= spec->t0;
            *(post ? &pt : &st) += spec->y_target[i];
            *(post ? &pc : &sc) += spec->y_control[i];
        }
        if (g->status == STAT_INVALID_INPUT || g->rank == 0) {
            did_fail_why(r, g->status, &g->why);
        } else if (st == 0 || sc == 0 || pt == 0 || pc == 0) {
            did_fail(r, STAT_NOT_ESTIMABLE, STAT_R_DID_ZERO_CELL, (st == 0 || pt == 0) ? 0 : 1,
                     (st == 0 || sc == 0) ? 0 : 1);
        } else {
            double *a = xcalloc(p, sizeof(double));
            a[p - 1] = 1;
            r->ratio = contrast_rr(g, a, spec->conf_level);
            r->ratio.statistic = g->term[p - 1].statistic;
            r->ratio.p_value = g->term[p - 1].p_value;
            a[2] = 1;
            r->rr_target = contrast_rr(g, a, spec->conf_level);
            a[p - 1] = 0;
            r->rr_control = contrast_rr(g, a, spec->conf_level);
            if (has_step) {
                memset(a, 0, p * sizeof(double));
                a[col_step] = 1;
                r->step_change = contrast_rr(g, a, spec->conf_level);
                r->step_change.statistic = g->term[col_step].statistic;
                r->step_change.p_value = g->term[col_step].p_value;
                if (g->term[col_step].status != STAT_OK) {
                    r->step_change.status = g->term[col_step].status;
                    r->step_change.why = g->term[col_step].why;
                }
            }
            free(a);
            const struct stat_result *tp = &g->term[p - 1];
            if (tp->status != STAT_OK) {
                r->ratio.status = tp->status;
                r->ratio.why = tp->why;
            }
            r->status = r->ratio.status;
            if (r->ratio.status != STAT_OK)
                r->why = r->ratio.why;
            else if (g->status != STAT_OK)
                r->why = g->why;
            else
                stat_why_set(&r->why, STAT_R_NONE, NAN, NAN, NAN);
        }
    }
    free(x);
    free(y);
    free(off);
    free(names);
    free(np);
    return r->status;
}

/* ---------------------------------------------------------------- placebo */

void its_placebo_init(struct its_placebo *pl)
{
    memset(pl, 0, sizeof(*pl));
    pl->real_level = pl->real_slope = pl->p_level = pl->p_slope = NAN;
}

void its_placebo_release(struct its_placebo *pl)
{
    if (!pl)
        return;
    free(pl->start);
    free(pl->level);
    free(pl->slope);
    its_placebo_init(pl);
}

enum stat_status its_placebo_run(const struct its_spec *spec, size_t min_side,
                                 struct glm_workspace *ws, struct its_placebo *pl)
{
    its_placebo_release(pl);
    struct glm_workspace *own = NULL;
    if (!ws)
        ws = own = glm_workspace_new(spec->n, 16);
    struct its_result r;
    its_result_init(&r);
    its_fit(spec, ws, &r);
    if (min_side < 1)
        min_side = 1;
    if (r.level_change.status != STAT_OK && r.slope_change.status != STAT_OK) {
        pl->status = r.status;
        stat_why_set(&pl->why, STAT_R_PLACEBO_REAL_UNUSABLE, r.why.code, NAN, NAN);
        goto out;
    }
    pl->real_level = r.level_change.status == STAT_OK ? log(r.level_change.estimate) : NAN;
    pl->real_slope = r.slope_change.status == STAT_OK ? log(r.slope_change.estimate) : NAN;
    size_t n_pre = spec->t0 >= 1 ? spec->t0 - 1 : 0;
    if (n_pre < 2 * min_side) {
        pl->status = STAT_NOT_ESTIMABLE;
        stat_why_set(&pl->why, STAT_R_PLACEBO_TOO_FEW_MONTHS, (double)n_pre, (double)min_side,
                     NAN);
        goto out;
    }
    size_t lo = min_side + 1, hi = spec->t0 - min_side;
    size_t cap = hi >= lo ? hi - lo + 1 : 0;
    pl->start = xmalloc((cap ? cap : 1) * sizeof(size_t));
    pl->level = xmalloc((cap ? cap : 1) * sizeof(double));
    pl->slope = xmalloc((cap ? cap : 1) * sizeof(double));
    struct its_spec ps = *spec;
    ps.n = n_pre;
    ps.transition = 0; /* a fake start has no phase-in */
    ps.newey_west = false;
    ps.effects_only = true;
    bool need_level = spec->effects != ITS_EFFECTS_SLOPE;
    bool need_slope = spec->effects != ITS_EFFECTS_LEVEL;
    for (size_t s = lo; s <= hi; s++) {
        ps.t0 = s;
        its_fit(&ps, ws, &r);
        if ((need_level && r.level_change.status != STAT_OK) ||
            (need_slope && r.slope_change.status != STAT_OK)) {
            pl->n_failed++;
            continue;
        }
        pl->start[pl->n_placebo] = s;
        pl->level[pl->n_placebo] = need_level ? log(r.level_change.estimate) : NAN;
        pl->slope[pl->n_placebo] = need_slope ? log(r.slope_change.estimate) : NAN;
        pl->n_placebo++;
    }
    if (pl->n_placebo == 0) {
        pl->status = STAT_NOT_ESTIMABLE;
        stat_why_set(&pl->why, STAT_R_PLACEBO_NONE, (double)pl->n_failed, NAN, NAN);
        goto out;
    }
    pl->rank_level = pl->rank_slope = 1;
    for (size_t k = 0; k < pl->n_placebo; k++) {
        if (fabs(pl->level[k]) >= fabs(pl->real_level))
            pl->rank_level++;
        if (fabs(pl->slope[k]) >= fabs(pl->real_slope))
            pl->rank_slope++;
    }
    double denom = 1.0 + (double)pl->n_placebo;
    pl->p_level = isnan(pl->real_level) ? NAN : (double)pl->rank_level / denom;
    pl->p_slope = isnan(pl->real_slope) ? NAN : (double)pl->rank_slope / denom;
    pl->status = STAT_OK;
    if (pl->n_failed)
        stat_why_set(&pl->why, STAT_R_PLACEBO_SOME_FAILED, (double)pl->n_failed,
                     (double)(pl->n_failed + pl->n_placebo), NAN);
out:
    its_result_release(&r);
    glm_workspace_free(own);
    return pl->status;
}

/* ---------------------------------------------------------------- placebo for the DiD */

enum stat_status did_placebo_run(const struct did_spec *spec, size_t min_side,
                                 struct glm_workspace *ws, struct its_placebo *pl)
{
    its_placebo_release(pl);
    struct did_result r;
    did_result_init(&r);
    if (min_side < 1)
        min_side = 1;
    did_fit(spec, ws, &r);
    if (r.ratio.status != STAT_OK) {
        pl->status = r.ratio.status;
        stat_why_set(&pl->why, STAT_R_PLACEBO_REAL_UNUSABLE, r.ratio.why.code, NAN, NAN);
        goto out;
    }
    pl->real_level = log(r.ratio.estimate);
    size_t n_pre = spec->t0 >= 1 ? spec->t0 - 1 : 0;
    if (n_pre < 2 * min_side) {
        pl->status = STAT_NOT_ESTIMABLE;
        stat_why_set(&pl->why, STAT_R_PLACEBO_TOO_FEW_MONTHS, (double)n_pre, (double)min_side,
                     NAN);
        goto out;
    }
    size_t lo = min_side + 1, hi = spec->t0 - min_side;
    size_t cap = hi - lo + 1;
    pl->start = xmalloc(cap * sizeof(size_t));
    pl->level = xmalloc(cap * sizeof(double));
    pl->slope = xmalloc(cap * sizeof(double));
    struct did_spec ps = *spec;
    ps.n = n_pre;
    for (size_t s = lo; s <= hi; s++) {
        ps.t0 = s;
        did_fit(&ps, ws, &r);
        if (r.ratio.status != STAT_OK) {
            pl->n_failed++;
            continue;
        }
        pl->start[pl->n_placebo] = s;
        pl->level[pl->n_placebo] = log(r.ratio.estimate);
        pl->slope[pl->n_placebo] = NAN;
        pl->n_placebo++;
    }
    if (pl->n_placebo == 0) {
        pl->status = STAT_NOT_ESTIMABLE;
        stat_why_set(&pl->why, STAT_R_PLACEBO_NONE, (double)pl->n_failed, NAN, NAN);
        goto out;
    }
    pl->rank_level = 1;
    for (size_t k = 0; k < pl->n_placebo; k++)
        if (fabs(pl->level[k]) >= fabs(pl->real_level))
            pl->rank_level++;
    pl->p_level = (double)pl->rank_level / (1.0 + (double)pl->n_placebo);
    pl->status = STAT_OK;
    if (pl->n_failed)
        stat_why_set(&pl->why, STAT_R_PLACEBO_SOME_FAILED, (double)pl->n_failed,
                     (double)(pl->n_failed + pl->n_placebo), NAN);
out:
    did_result_release(&r);
    return pl->status;
}

/* ---------------------------------------------------------------- regression to the mean */

void its_prediction_init(struct its_prediction *p)
{
    memset(p, 0, sizeof(*p));
    p->expected = p->observed = p->low = p->high = NAN;
}

enum stat_status its_pre_prediction(const struct its_spec *spec, size_t n_pred,
                                    struct glm_workspace *ws, struct its_prediction *out)
{
    its_prediction_init(out);
    size_t n_pre = spec->t0 >= 1 ? spec->t0 - 1 : 0;
    out->n_pred = n_pred;
    if (n_pred == 0 || n_pre < n_pred + 12) {
        out->status = STAT_NOT_ESTIMABLE;
        stat_why_set(&out->why, STAT_R_PREDICT_TOO_FEW, (double)n_pre, (double)n_pred, NAN);
        return out->status;
    }
    size_t n_fit = n_pre - n_pred;
    out->n_fit = n_fit;
    /* The ITS design over the pre-period with its "start" at the first predicted month:
     * the columns other than post and tpost are the pre-trend and season model. */
    struct its_spec ps = *spec;
    ps.n = n_pre;
    ps.t0 = n_fit + 1;
    /* a recording change among the predicted months: no column (the months fitted
     * are all before it); its known shift is added to the predicted months from it */
    size_t pred_step = 0;
    if (spec->step > n_fit && spec->step <= n_pre) {
        if (!isfinite(spec->step_log) || !(spec->step_log_se >= 0)) {
            out->status = STAT_NOT_ESTIMABLE;
            stat_why_set(&out->why, STAT_R_PREDICT_STEP_UNKNOWN, (double)(spec->step - n_fit),
                         (double)n_pred, NAN);
            return out->status;
        }
        pred_step = spec->step;
        ps.step = 0;
    }
    struct its_design d;
    its_design_init(&d);
    struct stat_result why;
    enum stat_status st = its_design_build(&ps, &d, &why);
    if (st != STAT_OK) {
        out->status = st;
        out->why = why.why;
        its_design_release(&d);
        return st;
    }
    size_t q = d.p - 2; /* without post and tpost */
    double *x = xmalloc(n_fit * q * sizeof(double));
    const char **names = xmalloc(q * sizeof(*names));
    size_t c = 0;
    for (size_t j = 0; j < d.p; j++) {
        if ((int)j == d.col_post || (int)j == d.col_tpost)
            continue;
        memcpy(x + c * n_fit, d.x + j * n_pre, n_fit * sizeof(double));
        names[c++] = d.names[j];
    }
    struct glm_data gd = {.n = n_fit, .p = q, .x = x, .y = spec->y, .offset = d.offset,
                          .names = names, .intercept = true};
    struct glm_options opt = glm_options_default(spec->family);
    opt.conf_level = spec->conf_level;
    opt.min_dispersion = 1.0;
    struct glm_result g;
    glm_result_init(&g);
    glm_fit(&gd, &opt, ws, &g);
    double zq = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - spec->conf_level) / 2.0);
    bool usable = g.rank == q && g.status != STAT_INVALID_INPUT && g.status != STAT_NOT_ESTIMABLE;
    if (!usable) {
        out->status = STAT_NOT_ESTIMABLE;
        stat_why_set(&out->why, STAT_R_PREDICT_NOT_FITTED, NAN, NAN, NAN);
    } else {
        double *grad = xcalloc(q, sizeof(double));
        double S = 0, S2 = 0, Y = 0, S_step = 0;
        for (size_t i = n_fit; i < n_pre; i++) {
            double eta = d.offset ? d.offset[i] : 0;
            bool shifted = pred_step && i + 1 >= pred_step;
            if (shifted)
                eta += spec->step_log;
            c = 0;
            for (size_t j = 0; j < d.p; j++) {
                if ((int)j == d.col_post || (int)j == d.col_tpost)
                    continue;
                eta += d.x[j * n_pre + i] * g.coef[c];
                c++;
            }
            double mu = exp(eta);
            c = 0;
            for (size_t j = 0; j < d.p; j++) {
                if ((int)j == d.col_post || (int)j == d.col_tpost)
                    continue;
                grad[c++] += mu * d.x[j * n_pre + i];
            }
            S += mu;
            S2 += mu * mu;
            if (shifted)
                S_step += mu;
            Y += spec->y[i];
        }
        double var_est = 0;
        for (size_t a = 0; a < q; a++)
            for (size_t b = 0; b < q; b++)
                var_est += grad[a] * g.cov[a * q + b] * grad[b];
        if (pred_step) /* the known shift's own uncertainty */
            var_est += S_step * S_step * spec->step_log_se * spec->step_log_se;
        double var_y = g.family == GLM_NEGBIN
                           ? S + (isfinite(g.theta) && g.theta > 0 ? S2 / g.theta : 0)
                           : (g.family == GLM_QUASIPOISSON ? g.dispersion_used : 1.0) * S;
        double se = sqrt(var_y + var_est);
        out->expected = S;
        out->observed = Y;
        out->low = S - zq * se;
        out->high = S + zq * se;
        out->status = STAT_OK;
        free(grad);
    }
    glm_result_release(&g);
    free(x);
    free(names);
    its_design_release(&d);
    return out->status;
}
