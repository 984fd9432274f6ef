/*
 * survey_trend — see survey_trend.h.
 */
#include "eval/reason.h"
#include "eval/survey_trend.h"

#include <gsl/gsl_cdf.h>
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eval/survey_common.h"
#include "eval/survey_keycells.h"
#include "stats/survey.h"
#include "util/xalloc.h"

static bool use_row(const struct survey_data *d, const bool *in_design, const double *y,
                    bool (*in_domain)(const void *, size_t), const void *ctx, size_t w, size_t i)
{
    (void)d;
    return in_design[w] && !isnan(y[i]) && (!in_domain || in_domain(ctx, i));
}

/* The rows of a wave one at a time, or its answer-code cells (survey_keycells.h): a
 * unit is respondent i (a cell's first) standing for n rows of weight sum rows.sw. */
struct units {
    const struct survey_data *d;
    const struct survey_design_index *x;
    size_t key_var; /* SIZE_MAX: rows */
    const struct survey_keycells *kc;
    size_t j, end;
};

static void units_wave(struct units *u, size_t w)
{
    u->kc = u->key_var == SIZE_MAX ? NULL : survey_keycells(u->d, u->key_var, w);
    assert(u->kc || !u->d->cells_only); /* rows: survey_stream.h */
    u->j = u->kc ? 0 : u->d->wave_begin[w];
    u->end = u->kc ? u->kc->n : u->d->wave_end[w];
}

static bool units_next(struct units *u, size_t *i, struct svy_rows *r, size_t *h, size_t *p)
{
    if (u->j >= u->end)
        return false;
    if (u->kc) {
        const struct survey_keycell *c = &u->kc->cell[u->j++];
        *i = c->first;
        *r = c->rows;
        *h = c->stratum;
        *p = c->psu;
        return true;
    }
    *i = u->j++;
    double wt = u->d->weight[*i];
    *r = (struct svy_rows){.n = 1, .w0 = wt, .sw = wt, .sdw = 0, .sdw2 = 0};
    *h = u->x->stratum[*i];
    *p = u->x->psu ? u->x->psu[*i] : SVY_NONE;
    return true;
}

struct stat_result survey_logit_trend(const struct survey_data *d,
                                      const struct survey_design_index *x,
                                      const bool *in_design, const double *y,
                                      bool (*in_domain)(const void *ctx, size_t i),
                                      const void *ctx, const double *year, double conf_level)
{
    return survey_logit_trend_keyed(d, x, in_design, y, in_domain, ctx, year, conf_level,
                                    SIZE_MAX);
}

struct stat_result survey_logit_trend_keyed(const struct survey_data *d,
                                            const struct survey_design_index *x,
                                            const bool *in_design, const double *y,
                                            bool (*in_domain)(const void *ctx, size_t i),
                                            const void *ctx, const double *year,
                                            double conf_level, size_t key_var)
{
    struct stat_result r;
    stat_result_init(&r);
    size_t nw = d->n_waves;
    if (key_var != SIZE_MAX && (x != &d->design || !survey_keycells_cover(d, key_var, in_design)))
        key_var = SIZE_MAX; /* the rows */
    struct units un = {.d = d, .x = x, .key_var = key_var};
    size_t i, h, p;
    struct svy_rows rw;
    /* centre the year (the slope does not change; the fit is better conditioned) */
    double sw = 0, swt = 0, swy = 0, n = 0, tmin = INFINITY, tmax = -INFINITY;
    for (size_t w = 0; w < nw; w++) {
        if (!in_design[w])
            continue;
        units_wave(&un, w);
        while (units_next(&un, &i, &rw, &h, &p))
            if (use_row(d, in_design, y, in_domain, ctx, w, i)) {
                sw += rw.sw;
                swt += rw.sw * year[w];
                swy += rw.sw * y[i];
                n += rw.n;
                tmin = fmin(tmin, year[w]);
                tmax = fmax(tmax, year[w]);
            }
    }
    r.n = n;
    if (n == 0 || !(tmax > tmin)) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_WT_TWO_YEARS);
        r.n = n;
        return r;
    }
    if (!(swy > 0) || !(swy < sw)) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_SVYTREND_CONSTANT);
        r.n = n;
        return r;
    }
    double tc = swt / sw;
    /* Newton-Raphson on the weighted log-likelihood, from the overall log odds */
    double b0 = log(swy / (sw - swy)), b1 = 0, a00 = 0, a01 = 0, a11 = 0;
    bool converged = false;
    for (int it = 0; it < 100 && !converged; it++) {
        double g0 = 0, g1 = 0;
        a00 = a01 = a11 = 0;
        for (size_t w = 0; w < nw; w++) {
            if (!in_design[w])
                continue;
            double t = year[w] - tc;
            units_wave(&un, w);
            while (units_next(&un, &i, &rw, &h, &p)) {
                if (!use_row(d, in_design, y, in_domain, ctx, w, i))
                    continue;
                double mu = 1 / (1 + exp(-(b0 + b1 * t))), wi = rw.sw;
                double v = wi * mu * (1 - mu);
                g0 += wi * (y[i] - mu);
                g1 += wi * (y[i] - mu) * t;
                a00 += v;
                a01 += v * t;
                a11 += v * t * t;
            }
        }
        double det = a00 * a11 - a01 * a01;
        if (!(det > 0) || !isfinite(det))
            break;
        double d0 = (a11 * g0 - a01 * g1) / det, d1 = (a00 * g1 - a01 * g0) / det;
        b0 += d0;
        b1 += d1;
        converged = fabs(d0) + fabs(d1) < 1e-12 * (1 + fabs(b0) + fabs(b1));
    }
    double det = a00 * a11 - a01 * a01;
    if (!converged || !(det > 0) || !isfinite(b1)) {
        stat_result_fail(&r, STAT_NOT_CONVERGED, STAT_R_SVYTREND_NOT_CONVERGED);
        r.n = n;
        return r;
    }
    /* the slope's influence h_i = (A⁻¹)_{1·} U_i, U_i = w_i (y_i − μ_i)(1, t_i); its
     * total over the design, fed to the accumulator as the "mean" of h_i / w_i */
    double i10 = -a01 / det, i11 = a00 / det;
    struct svy_acc *acc = svy_acc_new(1, true, x->clustered);
    survey_design_apply_fpc(x, acc); /* svyglm's variance has the fpc as svymean's has */
    const size_t all = 0;
    double total_w = 0;
    /* degrees of freedom: PSUs minus strata among the domain's answers */
    size_t max_s = 0, max_p = 0;
    for (size_t w = 0; w < nw; w++) {
        if (!in_design[w])
            continue;
        units_wave(&un, w);
        while (units_next(&un, &i, &rw, &h, &p)) {
            max_s = h > max_s ? h : max_s;
            if (x->psu)
                max_p = p > max_p ? p : max_p;
        }
    }
    bool *seen_s = xcalloc(max_s + 1, sizeof(bool)), *seen_p = xcalloc(max_p + 1, sizeof(bool));
    double n_strata = 0, n_psu = 0;
    for (size_t w = 0; w < nw; w++) {
        if (!in_design[w])
            continue;
        double t = year[w] - tc;
        units_wave(&un, w);
        while (units_next(&un, &i, &rw, &h, &p)) {
            double u = 0;
            if (use_row(d, in_design, y, in_domain, ctx, w, i)) {
                double mu = 1 / (1 + exp(-(b0 + b1 * t)));
                u = (i10 + i11 * t) * (y[i] - mu); /* h_i / w_i */
                if (!seen_s[h]) {
                    seen_s[h] = true;
                    n_strata++;
                }
                if (!x->psu)
                    n_psu += rw.n;
                else if (!seen_p[p]) {
                    seen_p[p] = true;
                    n_psu++;
                }
            }
            total_w += rw.sw;
            if (un.kc)
                svy_acc_add_rows(acc, u, &rw, h, p, &all, 1);
            else
                svy_acc_add(acc, u, rw.sw, h, p, &all, 1);
        }
    }
    free(seen_s);
    free(seen_p);
    struct svy_estimate e;
    svy_acc_estimate(acc, 0, conf_level, &e);
    svy_acc_free(acc);
    if (!stat_ok(&e.mean)) {
        stat_result_fail_why(&r, e.mean.status, &e.mean.why);
        r.n = n;
        return r;
    }
    double se = e.mean.std_error * total_w;
    double df = n_psu - n_strata - 1; /* R: degf(design) + 1 - 2 coefficients */
    if (!(se > 0) || !(df > 0)) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_SVYTREND_FEW_PSU);
        r.n = n;
        return r;
    }
    double tq = gsl_cdf_tdist_Pinv(0.5 + conf_level / 2, df), tstat = b1 / se;
    r.estimate = exp(b1);
    r.std_error = se;
    r.conf_low = exp(b1 - tq * se);
    r.conf_high = exp(b1 + tq * se);
    r.conf_level = conf_level;
    r.statistic = tstat;
    r.df = df;
    r.p_value = 2 * gsl_cdf_tdist_Q(fabs(tstat), df);
    r.n = n;
    return r;
}
