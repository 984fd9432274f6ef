/*
 * survey_trend — see survey_trend.h.
 */
#include "eval/reason.h"
#include "eval/survey_trend.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/survey.h"
#include "util/xalloc.h"

static bool use_row(const struct survey_data *d, const bool *in_design, const double *y,
                    bool (*in_domain)(const void *, size_t), const void *ctx, size_t w, size_t i)
{
    (void)d;
    return in_design[w] && !isnan(y[i]) && (!in_domain || in_domain(ctx, i));
}

struct stat_result survey_logit_trend(const struct survey_data *d,
                                      const struct survey_design_index *x,
                                      const bool *in_design, const double *y,
                                      bool (*in_domain)(const void *ctx, size_t i),
                                      const void *ctx, const double *year, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    size_t nw = d->n_waves;
    /* centre the year (the slope does not change; the fit is better conditioned) */
    double sw = 0, swt = 0, swy = 0, n = 0, tmin = INFINITY, tmax = -INFINITY;
    for (size_t w = 0; w < nw; w++)
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++)
            if (use_row(d, in_design, y, in_domain, ctx, w, i)) {
                sw += d->weight[i];
                swt += d->weight[i] * year[w];
                swy += d->weight[i] * y[i];
                n++;
                tmin = fmin(tmin, year[w]);
                tmax = fmax(tmax, year[w]);
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
            double t = year[w] - tc;
            for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
                if (!use_row(d, in_design, y, in_domain, ctx, w, i))
                    continue;
                double mu = 1 / (1 + exp(-(b0 + b1 * t))), wi = d->weight[i];
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
    const size_t all = 0;
    double total_w = 0;
    /* degrees of freedom: PSUs minus strata among the domain's answers */
    size_t max_s = 0, max_p = 0;
    for (size_t w = 0; w < nw; w++)
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            max_s = x->stratum[i] > max_s ? x->stratum[i] : max_s;
            if (x->psu)
                max_p = x->psu[i] > max_p ? x->psu[i] : max_p;
        }
    bool *seen_s = xcalloc(max_s + 1, sizeof(bool)), *seen_p = xcalloc(max_p + 1, sizeof(bool));
    double n_strata = 0, n_psu = 0;
    for (size_t w = 0; w < nw; w++) {
        if (!in_design[w])
            continue;
        double t = year[w] - tc;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            double u = 0;
            if (use_row(d, in_design, y, in_domain, ctx, w, i)) {
                double mu = 1 / (1 + exp(-(b0 + b1 * t)));
                u = (i10 + i11 * t) * (y[i] - mu); /* h_i / w_i */
                if (!seen_s[x->stratum[i]]) {
                    seen_s[x->stratum[i]] = true;
                    n_strata++;
                }
                if (!x->psu)
                    n_psu++;
                else if (!seen_p[x->psu[i]]) {
                    seen_p[x->psu[i]] = true;
                    n_psu++;
                }
            }
            total_w += d->weight[i];
            svy_acc_add(acc, u, d->weight[i], x->stratum[i], x->psu ? x->psu[i] : SVY_NONE,
                        &all, 1);
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
