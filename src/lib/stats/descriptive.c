/*
 * descriptive — see descriptive.h.
 */
#include "stats/descriptive.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "stats/stats_common.h"
#include "util/xalloc.h"

/* Checks weights; returns false with r failed on a bad one. */
static bool check_weights(struct stat_result *r, const double *x, const double *w, size_t n)
{
    if (n > 0 && !x) {
        stat_result_fail(r, STAT_INVALID_INPUT, STAT_R_NO_DATA);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (isinf(x[i])) {
            stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_VALUE_INFINITE, (double)(i + 1), NAN, NAN);
            return false;
        }
        if (w && !isnan(x[i]) && !(w[i] > 0 && isfinite(w[i]))) {
            stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_WEIGHT_INVALID, (double)(i + 1), w[i], NAN);
            return false;
        }
    }
    return true;
}

/* Weighted (w = NULL: unit) mean by West's (1979) update, Σw, Σw(x − m)², count. */
static void wmoments(const double *x, const double *w, size_t n, double *cnt, double *sw,
                     double *mean, double *m2)
{
    double c = 0, s = 0, m = 0, q = 0, shift = 0; /* mean of x − shift, shift = first x */
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]))
            continue;
        if (c == 0)
            shift = x[i];
        double wi = w ? w[i] : 1, xs = x[i] - shift;
        c += 1;
        s += wi;
        double d = xs - m;
        m += d * wi / s;
        q += wi * d * (xs - m);
    }
    *cnt = c;
    *sw = s;
    *mean = shift + m;
    *m2 = q;
}

struct stat_result wmean(const double *x, const double *w, size_t n, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!stats_check_conf(&r, conf_level) || !check_weights(&r, x, w, n))
        return r;
    double c, sw, m, m2;
    wmoments(x, w, n, &c, &sw, &m, &m2);
    r.n = c;
    if (c == 0) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_NO_VALID_TO_AVERAGE);
        return r;
    }
    r.estimate = m;
    if (c < 2) {
        stat_result_note(&r, STAT_R_MEAN_ONE_ANSWER);
        return r;
    }
    r.conf_level = conf_level;
    if (!w) {
        double se = sqrt(m2 / (c - 1) / c);
        double q = gsl_cdf_tdist_Pinv((1 + conf_level) / 2, c - 1);
        r.std_error = se;
        r.df = c - 1;
        r.conf_low = m - q * se;
        r.conf_high = m + q * se;
    } else {
        /* Σ (w (x − m))² / (Σw)², second pass with the final mean */
        double ss = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i])) {
                double u = w[i] * (x[i] - m) / sw;
                ss += u * u;
            }
        double se = sqrt(c / (c - 1) * ss);
        double z = gsl_cdf_ugaussian_Pinv((1 + conf_level) / 2);
        r.std_error = se;
        r.conf_low = m - z * se;
        r.conf_high = m + z * se;
    }
    if (r.std_error == 0)
        stat_result_notex(&r, STAT_R_MEAN_NO_SPREAD, m, NAN, NAN);
    return r;
}

struct stat_result wsd(const double *x, const double *w, size_t n)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!check_weights(&r, x, w, n))
        return r;
    double c, sw, m, m2;
    wmoments(x, w, n, &c, &sw, &m, &m2);
    r.n = c;
    if (c < 2) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_SD_TOO_FEW, c, NAN, NAN);
        return r;
    }
    r.estimate = w ? sqrt(c / (c - 1) * m2 / sw) : sqrt(m2 / (c - 1));
    if (r.estimate == 0)
        stat_result_note(&r, STAT_R_SD_ZERO);
    return r;
}

struct stat_result wsd_svyvar(const double *x, const double *w, size_t n, double n_rows)
{
    struct stat_result r = wsd(x, w, n);
    if (!stat_ok(&r) || !w)
        return r;
    /* wsd's factor c/(c − 1) over the valid answers, replaced by svyvar's over rows */
    double c = r.n;
    if (!(n_rows >= c)) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_DOMAIN_FEWER_ROWS);
        return r;
    }
    r.estimate *= sqrt((c - 1) / c * n_rows / (n_rows - 1));
    return r;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Type-7 quantile of sorted v[0..m), as stats:::quantile.default computes it. */
static double q7_sorted(const double *v, size_t m, double p)
{
    double index = (double)(m - 1) * p; /* 0-based */
    double lo = floor(index), hi = ceil(index);
    double qs = v[(size_t)lo];
    double h = index - lo;
    if (index > lo && v[(size_t)hi] != qs)
        qs = (1 - h) * qs + h * v[(size_t)hi];
    return qs;
}

/* New sorted array of the non-NaN values (free with free()); count in *m. */
static double *sorted_valid(const double *x, size_t n, size_t *m)
{
    double *v = xmalloc((n + 1) * sizeof(double));
    *m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            v[(*m)++] = x[i];
    qsort(v, *m, sizeof(double), cmp_double);
    return v;
}

static void quantile_from(struct stat_result *r, const double *v, size_t m, double prob)
{
    stat_result_init(r);
    r->n = (double)m;
    if (!(prob >= 0 && prob <= 1)) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_QUANTILE_PROB_RANGE, prob, NAN, NAN);
        return;
    }
    if (m == 0) {
        stat_result_fail(r, STAT_NOT_ESTIMABLE, STAT_R_NO_VALID_ANSWERS);
        return;
    }
    r->estimate = q7_sorted(v, m, prob);
}

struct stat_result quantile7(const double *x, size_t n, double prob)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!check_weights(&r, x, NULL, n))
        return r;
    size_t m;
    double *v = sorted_valid(x, n, &m);
    quantile_from(&r, v, m, prob);
    free(v);
    return r;
}

void describe(const double *x, const double *w, size_t n, double conf_level,
              struct describe *out)
{
    out->n_valid = out->n_missing = out->sum_weights = 0;
    out->min = out->max = NAN;
    out->mean = wmean(x, w, n, conf_level);
    out->sd = wsd(x, w, n);
    if (out->mean.status == STAT_INVALID_INPUT) {
        out->q1 = out->median = out->q3 = out->mean;
        return;
    }
    size_t m;
    double *v = sorted_valid(x, n, &m);
    out->n_valid = (double)m;
    out->n_missing = (double)(n - m);
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            out->sum_weights += w ? w[i] : 1;
    quantile_from(&out->q1, v, m, 0.25);
    quantile_from(&out->median, v, m, 0.5);
    quantile_from(&out->q3, v, m, 0.75);
    if (m > 0) {
        out->min = v[0];
        out->max = v[m - 1];
    }
    free(v);
}
