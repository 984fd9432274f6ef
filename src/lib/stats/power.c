/*
 * power — see power.h.
 */
#include "stats/power.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

static double power_fn(double n, double p1, double p2, double sig_level)
{
    double qu = gsl_cdf_ugaussian_Qinv(sig_level / 2);
    return gsl_cdf_ugaussian_P((sqrt(n) * fabs(p1 - p2) -
                                qu * sqrt((p1 + p2) * (1 - (p1 + p2) / 2))) /
                               sqrt(p1 * (1 - p1) + p2 * (1 - p2)));
}

static bool check_prob(struct stat_result *r, double p, const char *what, bool open)
{
    if (!(p >= 0 && p <= 1) || (open && (p == 0 || p == 1))) {
        stat_result_fail(r, STAT_INVALID_INPUT, "%s must be a proportion %s (got %g)", what,
                         open ? "strictly between 0 and 1" : "between 0 and 1", p);
        return false;
    }
    return true;
}

static bool check_common(struct stat_result *r, double sig_level, double power)
{
    if (!check_prob(r, sig_level, "the significance level", true))
        return false;
    if (!isnan(power) && !check_prob(r, power, "the power", true))
        return false;
    if (!isnan(power) && power <= sig_level / 2) {
        stat_result_fail(r, STAT_INVALID_INPUT,
                         "the power (%g) must be larger than half the significance level", power);
        return false;
    }
    return true;
}

struct stat_result power_prop_n(double p1, double p2, double sig_level, double power)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!check_common(&r, sig_level, power) || !check_prob(&r, p1, "p1", false) ||
        !check_prob(&r, p2, "p2", false))
        return r;
    if (p1 == p2) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE,
                         "the two proportions are equal, so no sample is large enough to show a "
                         "difference");
        return r;
    }
    double qu = gsl_cdf_ugaussian_Qinv(sig_level / 2), qb = gsl_cdf_ugaussian_Pinv(power);
    double v = sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    double root = (qu * sqrt((p1 + p2) * (1 - (p1 + p2) / 2)) + qb * v) / fabs(p1 - p2);
    r.estimate = root * root;
    r.n = r.estimate;
    return r;
}

struct stat_result power_prop_power(double n, double p1, double p2, double sig_level)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!check_common(&r, sig_level, NAN) || !check_prob(&r, p1, "p1", false) ||
        !check_prob(&r, p2, "p2", false))
        return r;
    if (!(n > 0) || !isfinite(n)) {
        stat_result_fail(&r, STAT_INVALID_INPUT, "the number per group must be positive (got %g)",
                         n);
        return r;
    }
    if ((p1 == 0 || p1 == 1) && p1 == p2) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE,
                         "both proportions are %g%%, which leaves no variation to test",
                         p1 * 100);
        return r;
    }
    r.n = n;
    r.estimate = power_fn(n, p1, p2, sig_level);
    return r;
}

struct p2_params {
    double n, p1, sig_level, power;
};

static double p2_target(double p2, void *vp)
{
    const struct p2_params *q = vp;
    return power_fn(q->n, q->p1, p2, q->sig_level) - q->power;
}

struct stat_result power_prop_p2(double n, double p1, double sig_level, double power,
                                 int direction)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!check_common(&r, sig_level, power) || !check_prob(&r, p1, "p1", false))
        return r;
    if (!(n > 0) || !isfinite(n)) {
        stat_result_fail(&r, STAT_INVALID_INPUT, "the number per group must be positive (got %g)",
                         n);
        return r;
    }
    if (direction != 1 && direction != -1) {
        stat_result_fail(&r, STAT_INVALID_INPUT, "the direction must be +1 (increase) or -1 "
                                                 "(decrease)");
        return r;
    }
    r.n = n;
    double end = direction > 0 ? 1 : 0;
    struct p2_params q = {n, p1, sig_level, power};
    if (p1 == end || p2_target(end, &q) < 0) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE,
                         "with %g answers per group, not even a change from %g%% to %g%% would "
                         "be detected with power %g",
                         n, p1 * 100, end * 100, power);
        return r;
    }
    gsl_function f = {p2_target, &q};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    double lo = direction > 0 ? p1 : 0, hi = direction > 0 ? 1 : p1;
    int status = s ? gsl_root_fsolver_set(s, &f, lo, hi) : GSL_ENOMEM;
    for (int iter = 0; status == GSL_SUCCESS && iter < 200; iter++) {
        status = gsl_root_fsolver_iterate(s);
        if (status != GSL_SUCCESS)
            break;
        lo = gsl_root_fsolver_x_lower(s);
        hi = gsl_root_fsolver_x_upper(s);
        status = gsl_root_test_interval(lo, hi, 1e-14, 1e-13);
        if (status == GSL_SUCCESS) {
            r.estimate = gsl_root_fsolver_root(s);
            break;
        }
        if (status != GSL_CONTINUE)
            break;
        status = GSL_SUCCESS;
    }
    gsl_root_fsolver_free(s);
    if (isnan(r.estimate))
        stat_result_fail(&r, STAT_NOT_CONVERGED,
                         "the search for the detectable proportion did not converge (%s)",
                         gsl_strerror(status));
    return r;
}

struct stat_result power_mde_ratio(double se_log, double sig_level, double power)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!(isfinite(se_log) && se_log > 0) || !(sig_level > 0 && sig_level < 1) ||
        !(power > 0 && power < 1)) {
        stat_result_fail(&r, STAT_INVALID_INPUT,
                         "the minimum detectable effect needs a positive standard error and a "
                         "level and power between 0 and 1");
        return r;
    }
    double z = gsl_cdf_ugaussian_Pinv(1 - sig_level / 2) + gsl_cdf_ugaussian_Pinv(power);
    r.estimate = exp(-z * se_log);
    r.std_error = se_log;
    r.statistic = z;
    return r;
}
