/*
 * place — see place.h for the formulas and their sources.
 */
#include "stats/place.h"

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>

static double zcrit(double conf_level)
{
    return gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf_level) / 2.0);
}

static bool bad_level(struct stat_result *r, double conf_level)
{
    if (conf_level > 0 && conf_level < 1)
        return false;
    stat_result_fail(r, STAT_INVALID_INPUT, STAT_R_CONF_LEVEL_RANGE);
    return true;
}

/* Fills a log-scale ratio result: estimate exp(l), SE se, z, p, CI. */
static void log_ratio(struct stat_result *r, double l, double se, double conf_level)
{
    double zq = zcrit(conf_level);
    r->estimate = exp(l);
    r->std_error = se;
    r->statistic = l / se;
    r->p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(r->statistic));
    r->conf_level = conf_level;
    r->conf_low = exp(l - zq * se);
    r->conf_high = exp(l + zq * se);
}

struct stat_result place_res(double a, double b, double c, double d, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    if (bad_level(&r, conf_level))
        return r;
    if (!(isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d)) || a < 0 || b < 0 || c < 0 ||
        d < 0) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_INCIDENT_COUNTS_NEGATIVE);
        return r;
    }
    r.n = a + b + c + d;
    int zero = a == 0 ? 0 : b == 0 ? 1 : c == 0 ? 2 : d == 0 ? 3 : -1;
    if (zero >= 0) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_RES_ZERO_CELL, zero, NAN, NAN);
        return r;
    }
    double l = log(a) + log(d) - log(b) - log(c);
    log_ratio(&r, l, sqrt(1 / a + 1 / b + 1 / c + 1 / d), conf_level);
    return r;
}

static double sum_of(const double *v, size_t n, bool *bad)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]) || v[i] < 0)
            *bad = true;
        s += v[i];
    }
    return s;
}

static double pearson_part(const double *v, size_t n, double mean)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (v[i] - mean) * (v[i] - mean) / mean;
    return s;
}

enum stat_status place_res_monthly(const double *tb, size_t n_tb, const double *ta, size_t n_ta,
                                   const double *cb, size_t n_cb, const double *ca, size_t n_ca,
                                   double conf_level, struct place_res_result *out)
{
    stat_result_init(&out->res);
    stat_result_init(&out->res_inflated);
    out->dispersion = out->df = NAN;
    if (!n_tb || !n_ta || !n_cb || !n_ca || !tb || !ta || !cb || !ca) {
        stat_result_fail(&out->res, STAT_NOT_ESTIMABLE, STAT_R_RES_MONTH_EACH);
        out->res_inflated = out->res;
        return out->res.status;
    }
    bool bad = false;
    double a = sum_of(tb, n_tb, &bad), b = sum_of(ta, n_ta, &bad);
    double c = sum_of(cb, n_cb, &bad), d = sum_of(ca, n_ca, &bad);
    if (bad) {
        stat_result_fail(&out->res, STAT_INVALID_INPUT, STAT_R_MONTHLY_COUNTS_INVALID);
        out->res_inflated = out->res;
        return out->res.status;
    }
    out->res = place_res(a, b, c, d, conf_level);
    size_t N = n_tb + n_ta + n_cb + n_ca;
    out->df = (double)N - 4.0;
    if (out->res.status != STAT_OK) {
        out->res_inflated = out->res;
        return out->res.status;
    }
    if (N <= 4) {
        out->res_inflated = out->res;
        stat_result_fail(&out->res_inflated, STAT_NOT_ESTIMABLE, STAT_R_RES_ONE_MONTH);
        return out->res.status;
    }
    double phi = (pearson_part(tb, n_tb, a / (double)n_tb) + pearson_part(ta, n_ta, b / (double)n_ta) +
                  pearson_part(cb, n_cb, c / (double)n_cb) + pearson_part(ca, n_ca, d / (double)n_ca)) /
                 out->df;
    out->dispersion = phi;
    double infl = phi > 1 ? phi : 1;
    out->res_inflated = out->res;
    log_ratio(&out->res_inflated, log(out->res.estimate), out->res.std_error * sqrt(infl),
              conf_level);
    if (phi < 1)
        stat_result_notex(&out->res_inflated, STAT_R_RES_UNDERDISPERSED, phi, NAN, NAN);
    else
        stat_result_notex(&out->res_inflated, STAT_R_RES_DISPERSION, phi, NAN, NAN);
    return out->res.status;
}

enum stat_status place_wdq(double r_before, double r_after, double d_before, double d_after,
                           double c_before, double c_after, struct place_wdq_result *out)
{
    struct stat_result *r = &out->wdq;
    stat_result_init(r);
    out->success_measure = out->buffer_measure = out->total_net_effect = out->wdq_raw = NAN;
    out->readable = false;
    double v[6] = {r_before, r_after, d_before, d_after, c_before, c_after};
    for (int i = 0; i < 6; i++)
        if (!isfinite(v[i]) || v[i] < 0) {
            stat_result_fail(r, STAT_INVALID_INPUT, STAT_R_INCIDENT_COUNTS_NEGATIVE);
            return r->status;
        }
    r->n = r_before + r_after + d_before + d_after + c_before + c_after;
    /* Every count is taken relative to the control area's count of the same period,
     * so only a control count of zero leaves the quotient undefined. */
    int zero = c_before == 0 ? 0 : c_after == 0 ? 1 : -1;
    if (zero >= 0) {
        stat_result_failx(r, STAT_NOT_ESTIMABLE, STAT_R_WDQ_CONTROL_ZERO, zero, NAN, NAN);
        return r->status;
    }
    out->success_measure = r_after / c_after - r_before / c_before;
    out->buffer_measure = d_after / c_after - d_before / c_before;
    double cc = c_after / c_before;
    out->total_net_effect = (r_before * cc - r_after) + (d_before * cc - d_after);
    if (out->success_measure == 0) {
        stat_result_fail(r, STAT_NOT_ESTIMABLE, STAT_R_WDQ_NO_SUCCESS);
        return r->status;
    }
    out->wdq_raw = out->buffer_measure / out->success_measure;
    r->estimate = out->wdq_raw;
    if (!(out->success_measure < 0)) {
        /* Printed, as Bowers & Johnson's worked tables do, but flagged: with no effect in
         * the target there is nothing to displace, and the sign no longer reads as
         * displacement or diffusion. */
        stat_result_notex(r, STAT_R_WDQ_NOT_IMPROVED, out->success_measure, NAN, NAN);
        return r->status;
    }
    out->readable = true;
    if (r->estimate > 1)
        stat_result_note(r, STAT_R_WDQ_DIFFUSION_MORE);
    else if (r->estimate > 0)
        stat_result_note(r, STAT_R_WDQ_DIFFUSION);
    else if (r->estimate < -1)
        stat_result_note(r, STAT_R_WDQ_DISPLACEMENT_NET_LOSS);
    else if (r->estimate < 0)
        stat_result_note(r, STAT_R_WDQ_DISPLACEMENT);
    else
        stat_result_note(r, STAT_R_WDQ_NO_CHANGE);
    return r->status;
}

static void wdd_fill(struct stat_result *r, double est, double var, double n, double conf_level)
{
    r->n = n;
    if (!(var > 0)) {
        stat_result_fail(r, STAT_NOT_ESTIMABLE, STAT_R_WDD_NO_INCIDENTS);
        return;
    }
    double se = sqrt(var), zq = zcrit(conf_level);
    r->estimate = est;
    r->std_error = se;
    r->statistic = est / se;
    r->p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(r->statistic));
    r->conf_level = conf_level;
    r->conf_low = est - zq * se;
    r->conf_high = est + zq * se;
}

enum stat_status place_wdd(const struct place_wdd_input *in, double conf_level,
                           struct place_wdd_result *out)
{
    stat_result_init(&out->local);
    stat_result_init(&out->displacement);
    stat_result_init(&out->total);
    if (bad_level(&out->total, conf_level)) {
        out->local = out->displacement = out->total;
        return out->total.status;
    }
    double tw[2], aw[4];
    for (int i = 0; i < 2; i++)
        tw[i] = in->time_weight[i] == 0 ? 1.0 : in->time_weight[i];
    for (int i = 0; i < 4; i++)
        aw[i] = in->area_weight[i] == 0 ? 1.0 : in->area_weight[i];
    double cnt[8] = {in->c_before, in->c_after, in->t_before, in->t_after,
                     in->has_buffer ? in->dc_before : 0, in->has_buffer ? in->dc_after : 0,
                     in->has_buffer ? in->d_before : 0, in->has_buffer ? in->d_after : 0};
    bool bad = false;
    for (int i = 0; i < 8; i++)
        if (!isfinite(cnt[i]) || cnt[i] < 0)
            bad = true;
    for (int i = 0; i < 2; i++)
        if (!isfinite(tw[i]) || tw[i] < 0)
            bad = true;
    for (int i = 0; i < 4; i++)
        if (!isfinite(aw[i]) || aw[i] < 0)
            bad = true;
    if (bad) {
        stat_result_fail(&out->total, STAT_INVALID_INPUT, STAT_R_WDD_INPUT);
        out->local = out->displacement = out->total;
        return out->total.status;
    }
    /* weights per count: area weight x time weight, in ptools' order */
    double w[8];
    for (int a = 0; a < 4; a++)
        for (int t = 0; t < 2; t++)
            w[2 * a + t] = aw[a] * tw[t];
    /* local: control (0,1), target (2,3) */
    double est_local = (cnt[3] / w[3] - cnt[2] / w[2]) - (cnt[1] / w[1] - cnt[0] / w[0]);
    double var_local = cnt[3] / (w[3] * w[3]) + cnt[2] / (w[2] * w[2]) + cnt[1] / (w[1] * w[1]) +
                       cnt[0] / (w[0] * w[0]);
    double est_disp = (cnt[7] / w[7] - cnt[6] / w[6]) - (cnt[5] / w[5] - cnt[4] / w[4]);
    double var_disp = cnt[7] / (w[7] * w[7]) + cnt[6] / (w[6] * w[6]) + cnt[5] / (w[5] * w[5]) +
                      cnt[4] / (w[4] * w[4]);
    wdd_fill(&out->local, est_local, var_local, cnt[0] + cnt[1] + cnt[2] + cnt[3], conf_level);
    if (in->has_buffer)
        wdd_fill(&out->displacement, est_disp, var_disp, cnt[4] + cnt[5] + cnt[6] + cnt[7],
                 conf_level);
    else
        stat_result_fail(&out->displacement, STAT_NOT_ESTIMABLE, STAT_R_WDD_NO_BUFFER);
    double n = 0;
    for (int i = 0; i < 8; i++)
        n += cnt[i];
    wdd_fill(&out->total, est_local + est_disp, var_local + var_disp, n, conf_level);
    return out->total.status;
}
