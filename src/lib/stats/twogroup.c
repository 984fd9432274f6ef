/*
 * twogroup — see twogroup.h.  Formulas and R counterparts are documented there and
 * in docs/methods/survey-and-two-groups.md; this file follows R's code paths
 * (stats::prop.test, t.test.default, wilcox.test.default, chisq.test) closely enough
 * that the same input gives the same number.
 */
#include "stats/twogroup.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "stats/stats_common.h"
#include "util/xalloc.h"

/* ---------------------------------------------------------------- proportions */

/* `what` in these checks names the group in the reason: 0 before, 1 after, 2 this one. */
static bool check_count_pair(struct stat_result *r, double x, double n, int what)
{
    if (!isfinite(x) || !isfinite(n) || x < 0 || n < 0) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_PROP_COUNTS_NEGATIVE, what, x, n);
        return false;
    }
    if (x > n) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_PROP_MORE_YES, what, x, n);
        return false;
    }
    if (n == 0) {
        stat_result_failx(r, STAT_NOT_ESTIMABLE, STAT_R_PROP_NO_ANSWERS, what, NAN, NAN);
        return false;
    }
    return true;
}

/* Wilson bounds exactly as stats::prop.test computes them (YATES = 0). */
static void wilson_bounds(double x, double n, double z, double *lo, double *hi)
{
    double p = x / n;
    double z22n = z * z / (2 * n);
    double root = z * sqrt(p * (1 - p) / n + z22n / (2 * n));
    *hi = p >= 1 ? 1 : (p + z22n + root) / (1 + 2 * z22n);
    *lo = p <= 0 ? 0 : (p + z22n - root) / (1 + 2 * z22n);
}

struct stat_result prop_wilson_ci(double x, double n, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    r.n = n;
    if (!stats_check_conf(&r, conf_level) || !check_count_pair(&r, x, n, 2))
        return r;
    double p = x / n;
    double z = gsl_cdf_ugaussian_Pinv((1 + conf_level) / 2);
    r.estimate = p;
    r.std_error = sqrt(p * (1 - p) / n);
    r.conf_level = conf_level;
    wilson_bounds(x, n, z, &r.conf_low, &r.conf_high);
    if (x == 0)
        stat_result_notex(&r, STAT_R_WILSON_NOBODY, n, NAN, NAN);
    else if (x == n)
        stat_result_notex(&r, STAT_R_WILSON_EVERYONE, n, NAN, NAN);
    return r;
}

struct stat_result prop_chisq_2x2(double x_after, double n_after, double x_before,
                                  double n_before, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    r.n = n_after + n_before;
    if (!stats_check_conf(&r, conf_level) || !check_count_pair(&r, x_after, n_after, 1) ||
        !check_count_pair(&r, x_before, n_before, 0))
        return r;
    double p2 = x_after / n_after, p1 = x_before / n_before;
    double N = n_after + n_before, yes = x_after + x_before, no = N - yes;
    if (yes == 0 || no == 0) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_CHISQ_ALL_SAME, yes == 0 ? 0 : 1, NAN, NAN);
        r.estimate = 0;
        return r;
    }
    double obs[4] = {x_after, n_after - x_after, x_before, n_before - x_before};
    double row[2] = {n_after, n_before}, col[2] = {yes, no};
    double chi2 = 0;
    bool small = false;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double e = row[i] * col[j] / N;
            double d = obs[2 * i + j] - e;
            chi2 += d * d / e;
            if (e < 5)
                small = true;
        }
    double z = gsl_cdf_ugaussian_Pinv((1 + conf_level) / 2);
    double delta = p2 - p1;
    double width = z * sqrt(p2 * (1 - p2) / n_after + p1 * (1 - p1) / n_before);
    r.estimate = delta;
    r.std_error = sqrt(p2 * (1 - p2) / n_after + p1 * (1 - p1) / n_before);
    r.conf_low = fmax(delta - width, -1);
    r.conf_high = fmin(delta + width, 1);
    r.conf_level = conf_level;
    r.statistic = chi2;
    r.df = 1;
    r.p_value = gsl_cdf_chisq_Q(chi2, 1);
    if (small)
        stat_result_note(&r, STAT_R_CHISQ_SMALL);
    return r;
}

struct stat_result prop_diff_newcombe(double x_after, double n_after, double x_before,
                                      double n_before, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    r.n = n_after + n_before;
    if (!stats_check_conf(&r, conf_level) || !check_count_pair(&r, x_after, n_after, 1) ||
        !check_count_pair(&r, x_before, n_before, 0))
        return r;
    double z = gsl_cdf_ugaussian_Pinv((1 + conf_level) / 2);
    double p2 = x_after / n_after, p1 = x_before / n_before;
    double l2, u2, l1, u1;
    wilson_bounds(x_after, n_after, z, &l2, &u2);
    wilson_bounds(x_before, n_before, z, &l1, &u1);
    double d = p2 - p1;
    r.estimate = d;
    r.conf_level = conf_level;
    r.conf_low = d - sqrt((p2 - l2) * (p2 - l2) + (u1 - p1) * (u1 - p1));
    r.conf_high = d + sqrt((u2 - p2) * (u2 - p2) + (p1 - l1) * (p1 - l1));
    struct stat_result t = prop_chisq_2x2(x_after, n_after, x_before, n_before, conf_level);
    r.std_error = t.std_error;
    r.statistic = t.statistic;
    r.df = t.df;
    r.p_value = t.p_value;
    if (t.why.code != STAT_R_NONE)
        r.why = t.why;
    return r;
}

void prop_compare(double x_after, double n_after, double x_before, double n_before,
                  double conf_level, struct prop_compare *out)
{
    out->after = prop_wilson_ci(x_after, n_after, conf_level);
    out->before = prop_wilson_ci(x_before, n_before, conf_level);
    out->diff = prop_diff_newcombe(x_after, n_after, x_before, n_before, conf_level);
}

/* ---------------------------------------------------------------- means */

/* Mean and variance (n − 1) of the non-NaN values; false (with r failed) on ±Inf. */
static bool moments(struct stat_result *r, const double *x, size_t n, int what,
                    double *mean, double *var, double *count)
{
    if (n > 0 && !x) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_GROUP_NO_DATA, what, NAN, NAN);
        return false;
    }
    double sum = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]))
            continue;
        if (!isfinite(x[i])) {
            stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_GROUP_INFINITE, what, NAN, NAN);
            return false;
        }
        sum += x[i];
        m++;
    }
    *count = (double)m;
    if (m == 0) {
        *mean = *var = NAN;
        return true;
    }
    double mu = sum / (double)m, ss = 0, comp = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]))
            continue;
        double d = x[i] - mu;
        ss += d * d;
        comp += d;
    }
    /* corrected two-pass algorithm (Chan, Golub & LeVeque 1983) */
    *mean = mu + comp / (double)m;
    *var = m > 1 ? (ss - comp * comp / (double)m) / (double)(m - 1) : NAN;
    return true;
}

bool moments_counts(const double *value, const double *count, size_t k, double *mean,
                    double *var, double *n)
{
    double sum = 0, m = 0;
    for (size_t j = 0; j < k; j++) {
        if (!(count[j] > 0))
            continue;
        if (!isfinite(value[j]))
            return false;
        sum += count[j] * value[j];
        m += count[j];
    }
    *n = m;
    if (m == 0) {
        *mean = *var = NAN;
        return true;
    }
    double mu = sum / m, ss = 0, comp = 0;
    for (size_t j = 0; j < k; j++) {
        if (!(count[j] > 0))
            continue;
        double d = value[j] - mu;
        ss += count[j] * d * d;
        comp += count[j] * d;
    }
    *mean = mu + comp / m;
    *var = m > 1 ? (ss - comp * comp / m) / (m - 1) : NAN;
    return true;
}

static bool check_summary(struct stat_result *r, double mean, double var, double n,
                          int what)
{
    if (!isfinite(n) || n < 0 || (n >= 1 && !isfinite(mean)) ||
        (n >= 2 && (!isfinite(var) || var < 0))) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_GROUP_SUMMARY_INVALID, what, NAN, NAN);
        return false;
    }
    if (n < 2) {
        stat_result_failx(r, STAT_NOT_ESTIMABLE, STAT_R_GROUP_TOO_FEW_FOR_SPREAD, what, n, NAN);
        return false;
    }
    return true;
}

struct stat_result welch_ttest_summary(double mean_after, double var_after, double n_after,
                                       double mean_before, double var_before,
                                       double n_before, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    r.n = n_after + n_before;
    if (!stats_check_conf(&r, conf_level) ||
        !check_summary(&r, mean_after, var_after, n_after, 1) ||
        !check_summary(&r, mean_before, var_before, n_before, 0))
        return r;
    /* t.test.default: stderrx <- sqrt(vx/nx); ...; df <- stderr^4/(...) */
    double sx2 = var_after / n_after, sy2 = var_before / n_before;
    double se = sqrt(sx2 + sy2);
    if (se == 0 || se < 10 * DBL_EPSILON * fmax(fabs(mean_after), fabs(mean_before))) {
        if (mean_after == mean_before)
            stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_T_IDENTICAL, mean_after, NAN, NAN);
        else
            stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_T_CONSTANT_GROUPS, mean_after, mean_before, NAN);
        r.estimate = mean_after - mean_before;
        return r;
    }
    double df = (se * se) * (se * se) /
                (sx2 * sx2 / (n_after - 1) + sy2 * sy2 / (n_before - 1));
    double t = (mean_after - mean_before) / se;
    double q = gsl_cdf_tdist_Pinv(1 - (1 - conf_level) / 2, df);
    r.estimate = mean_after - mean_before;
    r.std_error = se;
    r.statistic = t;
    r.df = df;
    r.p_value = 2 * gsl_cdf_tdist_P(-fabs(t), df);
    r.conf_level = conf_level;
    r.conf_low = (t - q) * se;
    r.conf_high = (t + q) * se;
    if (var_after == 0 || var_before == 0)
        stat_result_notex(&r, STAT_R_T_ONE_CONSTANT, var_after == 0 ? 1 : 0, NAN, NAN);
    return r;
}

struct stat_result welch_ttest(const double *after, size_t n_after, const double *before,
                               size_t n_before, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    double ma, va, na, mb, vb, nb;
    if (!moments(&r, after, n_after, 1, &ma, &va, &na) ||
        !moments(&r, before, n_before, 0, &mb, &vb, &nb))
        return r;
    return welch_ttest_summary(ma, va, na, mb, vb, nb, conf_level);
}

void smd_summary(double mean_after, double var_after, double n_after, double mean_before,
                 double var_before, double n_before, double conf_level, struct smd_result *out)
{
    struct stat_result *d = &out->d, *g = &out->g;
    stat_result_init(d);
    d->n = n_after + n_before;
    if (!stats_check_conf(d, conf_level) ||
        !check_summary(d, mean_after, var_after, n_after, 1) ||
        !check_summary(d, mean_before, var_before, n_before, 0)) {
        *g = *d;
        return;
    }
    double m = n_after + n_before - 2;
    double sp = sqrt(((n_after - 1) * var_after + (n_before - 1) * var_before) / m);
    if (!(sp > 0)) {
        stat_result_fail(d, STAT_NOT_ESTIMABLE, STAT_R_SMD_NO_SPREAD);
        *g = *d;
        return;
    }
    double z = gsl_cdf_ugaussian_Pinv((1 + conf_level) / 2);
    double dv = (mean_after - mean_before) / sp;
    double nn = n_after + n_before;
    double se = sqrt(nn / (n_after * n_before) + dv * dv / (2 * nn));
    d->estimate = dv;
    d->std_error = se;
    d->conf_level = conf_level;
    d->conf_low = dv - z * se;
    d->conf_high = dv + z * se;
    /* J = Γ(m/2) / (sqrt(m/2) Γ((m−1)/2)), by log-gamma for large m */
    *g = *d;
    gsl_sf_result lg1, lg2;
    if (m < 2 || gsl_sf_lngamma_e(m / 2, &lg1) != GSL_SUCCESS ||
        gsl_sf_lngamma_e((m - 1) / 2, &lg2) != GSL_SUCCESS) {
        stat_result_fail(g, STAT_NOT_ESTIMABLE, STAT_R_HEDGES_TOO_FEW);
        return;
    }
    double J = exp(lg1.val - lg2.val) / sqrt(m / 2);
    g->estimate = J * dv;
    g->std_error = J * se;
    g->conf_low = g->estimate - z * g->std_error;
    g->conf_high = g->estimate + z * g->std_error;
}

void smd(const double *after, size_t n_after, const double *before, size_t n_before,
         double conf_level, struct smd_result *out)
{
    stat_result_init(&out->d);
    double ma, va, na, mb, vb, nb;
    if (!moments(&out->d, after, n_after, 1, &ma, &va, &na) ||
        !moments(&out->d, before, n_before, 0, &mb, &vb, &nb)) {
        out->g = out->d;
        return;
    }
    smd_summary(ma, va, na, mb, vb, nb, conf_level, out);
}

/* ---------------------------------------------------------------- ordinal */

struct tagged {
    double v;
    int after; /* 1 = after group, 0 = before */
};

static int cmp_tagged(const void *a, const void *b)
{
    double x = ((const struct tagged *)a)->v, y = ((const struct tagged *)b)->v;
    return (x > y) - (x < y);
}

/*
 * Sorts the finite values of both groups once and reduces them to per-value counts:
 * on return *cat_after and *cat_before (new arrays, free with free()) hold, for each
 * distinct value in increasing order, how many answers of each group have it.
 * Returns the number of distinct values; -1 with r failed on bad input.
 */
static long to_counts(struct stat_result *r, const double *after, size_t n_after,
                      const double *before, size_t n_before, double **cat_after,
                      double **cat_before)
{
    *cat_after = *cat_before = NULL;
    if ((n_after && !after) || (n_before && !before)) {
        stat_result_fail(r, STAT_INVALID_INPUT, STAT_R_NO_DATA);
        return -1;
    }
    struct tagged *t = xmalloc((n_after + n_before + 1) * sizeof(*t));
    size_t m = 0;
    for (size_t i = 0; i < n_after; i++)
        if (isfinite(after[i]))
            t[m++] = (struct tagged){after[i], 1};
    for (size_t i = 0; i < n_before; i++)
        if (isfinite(before[i]))
            t[m++] = (struct tagged){before[i], 0};
    qsort(t, m, sizeof(*t), cmp_tagged);
    double *ca = xcalloc(m + 1, sizeof(double)), *cb = xcalloc(m + 1, sizeof(double));
    long k = -1;
    for (size_t i = 0; i < m; i++) {
        if (i == 0 || t[i].v != t[i - 1].v)
            k++;
        if (t[i].after)
            ca[k] += 1;
        else
            cb[k] += 1;
    }
    free(t);
    *cat_after = ca;
    *cat_before = cb;
    return k + 1;
}

static bool check_counts(struct stat_result *r, const double *a, const double *b, size_t k,
                         double *na, double *nb)
{
    *na = *nb = 0;
    if (k > 0 && (!a || !b)) {
        stat_result_fail(r, STAT_INVALID_INPUT, STAT_R_NO_COUNTS);
        return false;
    }
    for (size_t c = 0; c < k; c++) {
        if (!isfinite(a[c]) || !isfinite(b[c]) || a[c] < 0 || b[c] < 0) {
            stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_ANSWER_COUNTS_NEGATIVE, (double)(c + 1), NAN, NAN);
            return false;
        }
        *na += a[c];
        *nb += b[c];
    }
    r->n = *na + *nb;
    if (*na == 0 || *nb == 0) {
        stat_result_failx(r, STAT_NOT_ESTIMABLE, STAT_R_GROUP_EMPTY_COMPARE, *na == 0 ? 1 : 0, NAN, NAN);
        return false;
    }
    return true;
}

/* Pairs with after > before and after < before, from counts: O(k). */
static void pair_counts(const double *a, const double *b, size_t k, double nb, double *gt,
                        double *lt, double *ties)
{
    double below = 0; /* before answers in categories below c */
    *gt = *lt = *ties = 0;
    for (size_t c = 0; c < k; c++) {
        double above = nb - below - b[c];
        *gt += a[c] * below;
        *lt += a[c] * above;
        *ties += a[c] * b[c];
        below += b[c];
    }
}

struct stat_result mann_whitney_counts(const double *count_after, const double *count_before,
                                       size_t k, double *zout)
{
    struct stat_result r;
    stat_result_init(&r);
    if (zout)
        *zout = NAN;
    double na, nb;
    if (!check_counts(&r, count_after, count_before, k, &na, &nb))
        return r;
    double gt, lt, ties;
    pair_counts(count_after, count_before, k, nb, &gt, &lt, &ties);
    double W = gt + ties / 2;
    double N = na + nb, tie_sum = 0;
    for (size_t c = 0; c < k; c++) {
        double t = count_after[c] + count_before[c];
        tie_sum += (t - 1) * t * (t + 1); /* t³ − t without cancellation */
    }
    r.statistic = W;
    r.estimate = W / (na * nb);
    double sigma2 = (na * nb / 12) * ((N + 1) - tie_sum / (N * (N - 1)));
    if (!(sigma2 > 0)) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_MW_ALL_SAME);
        r.statistic = W;
        r.estimate = W / (na * nb);
        return r;
    }
    double zc = W - na * nb / 2;
    double corr = zc > 0 ? 0.5 : zc < 0 ? -0.5 : 0;
    double z = (zc - corr) / sqrt(sigma2);
    if (zout)
        *zout = z;
    r.p_value = 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
    if (r.p_value > 1)
        r.p_value = 1;
    return r;
}

struct stat_result mann_whitney(const double *after, size_t n_after, const double *before,
                                size_t n_before, double *z)
{
    struct stat_result r;
    stat_result_init(&r);
    if (z)
        *z = NAN;
    double *ca, *cb;
    long k = to_counts(&r, after, n_after, before, n_before, &ca, &cb);
    if (k < 0)
        return r;
    r = mann_whitney_counts(ca, cb, (size_t)k, z);
    free(ca);
    free(cb);
    return r;
}

struct stat_result cliff_delta_counts(const double *count_after, const double *count_before,
                                      size_t k)
{
    struct stat_result r;
    stat_result_init(&r);
    double na, nb;
    if (!check_counts(&r, count_after, count_before, k, &na, &nb))
        return r;
    double gt, lt, ties;
    pair_counts(count_after, count_before, k, nb, &gt, &lt, &ties);
    r.estimate = (gt - lt) / (na * nb);
    if (ties == na * nb)
        stat_result_note(&r, STAT_R_CLIFF_ALL_SAME);
    return r;
}

struct stat_result cliff_delta(const double *after, size_t n_after, const double *before,
                               size_t n_before)
{
    struct stat_result r;
    stat_result_init(&r);
    double *ca, *cb;
    long k = to_counts(&r, after, n_after, before, n_before, &ca, &cb);
    if (k < 0)
        return r;
    r = cliff_delta_counts(ca, cb, (size_t)k);
    free(ca);
    free(cb);
    return r;
}

struct stat_result chisq_kx2(const double *count_after, const double *count_before, size_t k)
{
    struct stat_result r;
    stat_result_init(&r);
    double na, nb;
    if (!check_counts(&r, count_after, count_before, k, &na, &nb))
        return r;
    double N = na + nb, chi2 = 0;
    size_t used = 0, empty = 0;
    bool small = false;
    for (size_t c = 0; c < k; c++) {
        double row = count_after[c] + count_before[c];
        if (row == 0) {
            empty++;
            continue;
        }
        used++;
        double obs[2] = {count_after[c], count_before[c]}, col[2] = {na, nb};
        for (int j = 0; j < 2; j++) {
            double e = row * col[j] / N;
            double d = obs[j] - e;
            chi2 += d * d / e;
            if (e < 5)
                small = true;
        }
    }
    if (used < 2) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_KX2_ALL_SAME);
        return r;
    }
    r.statistic = chi2;
    r.df = (double)(used - 1);
    r.p_value = gsl_cdf_chisq_Q(chi2, r.df);
    if (empty && small)
        stat_result_notex(&r, STAT_R_KX2_EMPTY_SMALL, (double)empty, NAN, NAN);
    else if (empty)
        stat_result_notex(&r, STAT_R_KX2_EMPTY, (double)empty, NAN, NAN);
    else if (small)
        stat_result_note(&r, STAT_R_CHISQ_SMALL);
    return r;
}
