/*
 * counts — see counts.h.  Follows R 4.2's binom.test() and poisson.test() line by
 * line (stats/R/binom.test.R, stats/R/poisson.test.R).
 */
#include "stats/counts.h"

#include <float.h>
#include <limits.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

static bool is_count(double x)
{
    return isfinite(x) && x >= 0 && fabs(x - round(x)) <= 1e-7;
}

/* dbinom(k, n, p) */
static double dbinom(double k, double n, double p)
{
    if (k < 0 || k > n)
        return 0;
    if (p == 0)
        return k == 0 ? 1 : 0;
    if (p == 1)
        return k == n ? 1 : 0;
    return gsl_ran_binomial_pdf((unsigned)k, p, (unsigned)n);
}

/* pbinom(k, n, p), lower tail P(X <= k) */
static double pbinom_lower(double k, double n, double p)
{
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    return gsl_cdf_binomial_P((unsigned)k, p, (unsigned)n);
}

/* pbinom(k, n, p, lower.tail = FALSE) = P(X > k) */
static double pbinom_upper(double k, double n, double p)
{
    if (k < 0)
        return 1;
    if (k >= n)
        return 0;
    return gsl_cdf_binomial_Q((unsigned)k, p, (unsigned)n);
}

/* qbeta(q, a, b), refined by bisection on the distribution function so that the
 * limit is accurate far beyond the 1e-6 the project needs. */
static double qbeta(double q, double a, double b)
{
    double x = gsl_cdf_beta_Pinv(q, a, b);
    if (!isfinite(x) || x < 0 || x > 1)
        x = 0.5;
    /* Bracket around the GSL value and bisect to full precision. */
    double lo = x, hi = x, step = 1e-8 + 1e-6 * x;
    while (lo > 0 && gsl_cdf_beta_P(lo, a, b) > q) {
        lo = fmax(0.0, lo - step);
        step *= 4;
    }
    step = 1e-8 + 1e-6 * x;
    while (hi < 1 && gsl_cdf_beta_P(hi, a, b) < q) {
        hi = fmin(1.0, hi + step);
        step *= 4;
    }
    for (int i = 0; i < 200 && hi - lo > 4 * DBL_EPSILON * fmax(lo, DBL_MIN); i++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break;
        if (gsl_cdf_beta_P(mid, a, b) < q)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Above this many outcomes count_at_most bisects instead of looking at each. */
#define COUNT_LOOP_MAX 1000000.0

/*
 * How many outcomes i = from..to of Bin(n, p) have a probability of at most t, on a
 * stretch where the probabilities fall (`falling`, above the mode) or rise (below it):
 * the count binom.test's two-sided p-value takes (R: sum(dbinom(i, n, p) <= d *
 * relErr) over the tail opposite x).  Up to COUNT_LOOP_MAX outcomes one by one, as R;
 * above that the tail is monotone, so the first (last) outcome at most t is found by
 * bisection: one by one would be a loop of every count up to n (seconds for a county's
 * incidents over years, never ending for the 2^53 a hostile file may hold).
 */
static double count_at_most(double from, double to, double n, double p, double t,
                            bool falling)
{
    if (to < from)
        return 0;
    if (to - from < COUNT_LOOP_MAX) {
        double y = 0;
        for (size_t k = 0; k <= (size_t)(to - from); k++)
            if (dbinom(from + (double)k, n, p) <= t)
                y++;
        return y;
    }
    double lo = from, hi = to;
    if (falling) { /* the first at most t; every later one is too */
        if (!(dbinom(to, n, p) <= t))
            return 0;
        while (lo < hi) {
            double mid = floor(lo + (hi - lo) / 2);
            if (dbinom(mid, n, p) <= t)
                hi = mid;
            else
                lo = mid + 1;
        }
        return to - lo + 1;
    }
    if (!(dbinom(from, n, p) <= t)) /* the last at most t; every earlier one is too */
        return 0;
    while (lo < hi) {
        double mid = ceil(lo + (hi - lo) / 2);
        if (dbinom(mid, n, p) <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo - from + 1;
}

struct stat_result binom_test_exact(double x, double n, double p, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    r.n = n;
    if (!is_count(x) || !is_count(n) || x > n) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_COUNTS_NOT_WHOLE);
        return r;
    }
    if (n < 1) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_NO_EVENTS);
        return r;
    }
    if (!(p >= 0 && p <= 1) || !(conf_level > 0 && conf_level < 1)) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_PROB_LEVEL_RANGE);
        return r;
    }
    if (round(n) > UINT_MAX) { /* GSL's binomial functions take unsigned int counts */
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_COUNTS_TOO_LARGE, round(n), NAN, NAN);
        return r;
    }
    x = round(x);
    n = round(n);
    /* Two-sided p-value (binom.test.R). */
    double pv;
    if (p == 0) {
        pv = x == 0 ? 1 : 0;
    } else if (p == 1) {
        pv = x == n ? 1 : 0;
    } else {
        double relerr = 1 + 1e-7;
        double d = dbinom(x, n, p);
        double m = n * p;
        if (x == m) {
            pv = 1;
        } else if (x < m) {
            double y = count_at_most(ceil(m), n, n, p, d * relerr, true);
            pv = pbinom_lower(x, n, p) + pbinom_upper(n - y, n, p);
        } else {
            double y = count_at_most(0, floor(m), n, p, d * relerr, false);
            pv = pbinom_lower(y - 1, n, p) + pbinom_upper(x - 1, n, p);
        }
        if (pv > 1)
            pv = 1;
    }
    double alpha = (1 - conf_level) / 2;
    r.estimate = x / n;
    r.conf_low = x == 0 ? 0 : qbeta(alpha, x, n - x + 1);
    r.conf_high = x == n ? 1 : qbeta(1 - alpha, x + 1, n - x);
    r.conf_level = conf_level;
    r.statistic = x;
    r.p_value = pv;
    return r;
}

struct stat_result poisson_rate_ratio_exact(double c_after, double t_after, double c_before,
                                            double t_before, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!is_count(c_after) || !is_count(c_before)) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_INCIDENT_COUNTS_INVALID);
        return r;
    }
    r.n = round(c_after) + round(c_before);
    if (!(isfinite(t_after) && t_after > 0 && isfinite(t_before) && t_before > 0)) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_NO_TIME_AT_RISK_BOTH);
        return r;
    }
    if (r.n == 0) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_NO_INCIDENTS_EITHER);
        return r;
    }
    double p = t_after / (t_after + t_before);
    struct stat_result b = binom_test_exact(c_after, r.n, p, conf_level);
    if (b.status != STAT_OK)
        return b;
    double x = round(c_after), y = round(c_before);
    r.estimate = (x / t_after) / (y / t_before);
    r.conf_low = b.conf_low / (1 - b.conf_low) * t_before / t_after;
    r.conf_high = b.conf_high == 1 ? INFINITY : b.conf_high / (1 - b.conf_high) * t_before / t_after;
    r.conf_level = conf_level;
    r.statistic = x;
    r.p_value = b.p_value;
    if (y == 0)
        stat_result_note(&r, STAT_R_NO_INCIDENTS_BEFORE);
    else if (x == 0)
        stat_result_note(&r, STAT_R_NO_INCIDENTS_AFTER);
    return r;
}

/* qgamma(q, a) (scale 1), refined by bisection on the distribution function as qbeta()
 * is.  GSL's gsl_cdf_gamma_Pinv alone fails to converge for some large shapes (NaN at
 * a = 16681, q = 0.975, and at a = 1e6: a youth centre's visits over two years, found
 * by `make crosscheck`); it is only the starting point here, with Wilson–Hilferty's
 * approximation where it has none. */
static double qgamma(double q, double a)
{
    double x = gsl_cdf_gamma_Pinv(q, a, 1);
    if (!isfinite(x) || x < 0) {
        double z = gsl_cdf_ugaussian_Pinv(q), c = 1 / (9 * a);
        x = a * pow(fmax(1 - c + z * sqrt(c), 1e-3), 3);
    }
    /* the upper tail through Q, so that q near 1 keeps its precision */
    bool upper = q > 0.5;
    double lo = x, hi = x, step = 1e-8 + 1e-6 * x;
#define BELOW(v) (upper ? gsl_cdf_gamma_Q((v), a, 1) > 1 - q : gsl_cdf_gamma_P((v), a, 1) < q)
    while (lo > 0 && !BELOW(lo)) {
        lo = fmax(0.0, lo - step);
        step *= 4;
    }
    step = 1e-8 + 1e-6 * x;
    while (BELOW(hi) && isfinite(hi)) {
        hi += step;
        step *= 4;
    }
    for (int i = 0; i < 300 && hi - lo > 4 * DBL_EPSILON * fmax(lo, DBL_MIN); i++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break;
        if (BELOW(mid))
            lo = mid;
        else
            hi = mid;
    }
#undef BELOW
    return 0.5 * (lo + hi);
}

struct stat_result poisson_rate_exact(double count, double exposure, double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!is_count(count)) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_COUNT_INVALID);
        return r;
    }
    r.n = round(count);
    if (!(isfinite(exposure) && exposure > 0)) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_NO_TIME_AT_RISK);
        return r;
    }
    if (!(conf_level > 0 && conf_level < 1)) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_CONF_LEVEL_RANGE);
        return r;
    }
    double x = r.n, alpha = 1 - conf_level;
    r.estimate = x / exposure;
    /* R's poisson.test: qgamma(alpha/2, x) and qgamma(1 - alpha/2, x + 1), over T */
    r.conf_low = x == 0 ? 0 : qgamma(alpha / 2, x) / exposure;
    r.conf_high = qgamma(1 - alpha / 2, x + 1) / exposure;
    r.conf_level = conf_level;
    r.statistic = x;
    return r;
}
