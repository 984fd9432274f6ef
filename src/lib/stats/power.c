/*
 * power — see power.h.
 */
#include "stats/power.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "stats/nct.h"

/* The critical value z_{1−α/tside}. */
static double crit(const struct power_prop_opts *o)
{
    return gsl_cdf_ugaussian_Qinv(o->sig_level / (o->one_sided ? 1 : 2));
}

/* R's p.body, term for term. */
static double power_fn(double n, double p1, double p2, const struct power_prop_opts *o)
{
    double qu = crit(o);
    if (o->strict && !o->one_sided) {
        double d = fabs(p1 - p2), q1 = 1 - p1, q2 = 1 - p2;
        double pbar = (p1 + p2) / 2, qbar = 1 - pbar;
        double v1 = p1 * q1, v2 = p2 * q2, vbar = pbar * qbar;
        return gsl_cdf_ugaussian_P((sqrt(n) * d - qu * sqrt(2 * vbar)) / sqrt(v1 + v2)) +
               gsl_cdf_ugaussian_Q((sqrt(n) * d + qu * sqrt(2 * vbar)) / sqrt(v1 + v2));
    }
    return gsl_cdf_ugaussian_P((sqrt(n) * fabs(p1 - p2) -
                                qu * sqrt((p1 + p2) * (1 - (p1 + p2) / 2))) /
                               sqrt(p1 * (1 - p1) + p2 * (1 - p2)));
}

/* what: 0 the significance level, 1 the power, 2 p1, 3 p2 */
static bool check_prob(struct stat_result *r, double p, int what, bool open)
{
    if (!(p >= 0 && p <= 1) || (open && (p == 0 || p == 1))) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_POWER_PROB_RANGE, what, open, p);
        return false;
    }
    return true;
}

/* The power of the test when p1 = p2 (its size): no plan can ask for less. */
static double null_power(const struct power_prop_opts *o)
{
    return o->one_sided || o->strict ? o->sig_level : o->sig_level / 2;
}

static bool check_common(struct stat_result *r, const struct power_prop_opts *o, double power)
{
    if (!check_prob(r, o->sig_level, 0, true))
        return false;
    if (!isnan(power) && !check_prob(r, power, 1, true))
        return false;
    if (!isnan(power) && power <= null_power(o)) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_POWER_BELOW_SIZE, power, null_power(o), NAN);
        return false;
    }
    return true;
}

static bool check_n(struct stat_result *r, double n)
{
    if (!(n > 0) || !isfinite(n)) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_POWER_N_INVALID, n, NAN, NAN);
        return false;
    }
    return true;
}

/* Brent's method on f over [lo, hi], where f(lo) and f(hi) have opposite signs; the
 * root to about 1e-13 relative, NaN if the search fails. */
static double brent(double (*f)(double, void *), void *params, double lo, double hi)
{
    gsl_function fn = {f, params};
    double flo = f(lo, params), fhi = f(hi, params);
    if (flo == 0)
        return lo;
    if (fhi == 0)
        return hi;
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return NAN;
    double root = NAN;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int status = gsl_root_fsolver_set(s, &fn, lo, hi);
    for (int iter = 0; status == GSL_SUCCESS && iter < 300; iter++) {
        status = gsl_root_fsolver_iterate(s);
        if (status != GSL_SUCCESS)
            break;
        status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                        1e-300, 1e-14);
        if (status == GSL_SUCCESS) {
            root = gsl_root_fsolver_root(s);
            break;
        }
        if (status != GSL_CONTINUE)
            break;
        status = GSL_SUCCESS;
    }
    gsl_set_error_handler(old);
    gsl_root_fsolver_free(s);
    return root;
}

struct solve_params {
    double n, p1, p2, power;
    const struct power_prop_opts *o;
};

static double n_target(double n, void *vp)
{
    const struct solve_params *q = vp;
    return power_fn(n, q->p1, q->p2, q->o) - q->power;
}

static double p2_target(double p2, void *vp)
{
    const struct solve_params *q = vp;
    return power_fn(q->n, q->p1, p2, q->o) - q->power;
}

struct stat_result power_prop_n_opt(double p1, double p2, double power,
                                    const struct power_prop_opts *o)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!check_common(&r, o, power) || !check_prob(&r, p1, 2, false) ||
        !check_prob(&r, p2, 3, false))
        return r;
    if (p1 == p2) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_POWER_EQUAL_PROPS);
        return r;
    }
    double qu = crit(o), qb = gsl_cdf_ugaussian_Pinv(power);
    double v = sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    double root = (qu * sqrt((p1 + p2) * (1 - (p1 + p2) / 2)) + qb * v) / fabs(p1 - p2);
    r.estimate = root * root;
    if (o->strict && !o->one_sided && v > 0) {
        /* The strict power is the plain one plus the wrong tail, so its n lies in
         * (0, plain n]; at n = 0 it is at most α < power. */
        struct solve_params q = {NAN, p1, p2, power, o};
        r.estimate = brent(n_target, &q, 0, r.estimate);
        if (isnan(r.estimate)) {
            stat_result_fail(&r, STAT_NOT_CONVERGED, STAT_R_POWER_N_NOT_CONVERGED);
            return r;
        }
    }
    r.n = r.estimate;
    return r;
}

struct stat_result power_prop_power_opt(double n, double p1, double p2,
                                        const struct power_prop_opts *o)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!check_common(&r, o, NAN) || !check_prob(&r, p1, 2, false) ||
        !check_prob(&r, p2, 3, false) || !check_n(&r, n))
        return r;
    if ((p1 == 0 || p1 == 1) && p1 == p2) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_POWER_NO_VARIATION, p1, NAN, NAN);
        return r;
    }
    r.n = n;
    r.estimate = power_fn(n, p1, p2, o);
    return r;
}

struct stat_result power_prop_p2_opt(double n, double p1, double power, int direction,
                                     const struct power_prop_opts *o)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!check_common(&r, o, power) || !check_prob(&r, p1, 2, false) || !check_n(&r, n))
        return r;
    if (direction != 1 && direction != -1) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_POWER_DIRECTION);
        return r;
    }
    r.n = n;
    double end = direction > 0 ? 1 : 0;
    struct solve_params q = {n, p1, NAN, power, o};
    if (p1 == end || p2_target(end, &q) < 0) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_POWER_UNDETECTABLE, n, p1, end);
        return r;
    }
    /* At p2 = p1 the power is the test's size (below the target), except that a
     * baseline of 0 or 1 leaves it undefined: start just beside it (1e-10 away, where
     * 1 − p2 still has six digits; a change that small would need n ≈ 1e10). */
    double from = p1;
    if (p1 == 0 || p1 == 1)
        from = p1 + direction * 1e-10;
    double lo = direction > 0 ? from : end, hi = direction > 0 ? end : from;
    r.estimate = brent(p2_target, &q, lo, hi);
    if (isnan(r.estimate))
        stat_result_fail(&r, STAT_NOT_CONVERGED, STAT_R_POWER_P2_NOT_CONVERGED);
    return r;
}

/* ------------------------------------------------------------ two means (t test) */

/* R's p.body of power.t.test, two samples. */
static double t_power_fn(double n, double delta, const struct power_t_opts *o)
{
    double tside = o->one_sided ? 1 : 2;
    double nu = (n - 1 > 1e-7 ? n - 1 : 1e-7) * 2;
    double ncp = sqrt(n / 2) * delta / o->sd;
    double qu = gsl_cdf_tdist_Qinv(o->sig_level / tside, nu);
    if (isnan(qu)) /* ν near R's floor 2e-7: the quantile overflows (R: Inf), power 0 */
        qu = INFINITY;
    double pw = nct_cdf(qu, nu, ncp, false);
    if (o->strict && !o->one_sided)
        pw += nct_cdf(-qu, nu, ncp, true);
    return pw;
}

static bool t_check(struct stat_result *r, const struct power_t_opts *o, double power)
{
    struct power_prop_opts po = {o->sig_level, o->one_sided, o->strict};
    if (!check_common(r, &po, power))
        return false;
    if (!(o->sd > 0) || !isfinite(o->sd)) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_POWER_SD_INVALID, o->sd, NAN, NAN);
        return false;
    }
    return true;
}

static bool t_check_n(struct stat_result *r, double n)
{
    if (!(n > 1) || !isfinite(n)) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_POWER_T_N_INVALID, n, NAN, NAN);
        return false;
    }
    return true;
}

static bool t_check_delta(struct stat_result *r, double delta)
{
    if (!isfinite(delta)) {
        stat_result_fail(r, STAT_INVALID_INPUT, STAT_R_POWER_DELTA_INVALID);
        return false;
    }
    return true;
}

struct t_params {
    double n, delta, power;
    const struct power_t_opts *o;
};

static double t_n_target(double n, void *vp)
{
    const struct t_params *q = vp;
    return t_power_fn(n, q->delta, q->o) - q->power;
}

static double t_delta_target(double delta, void *vp)
{
    const struct t_params *q = vp;
    return t_power_fn(q->n, delta, q->o) - q->power;
}

struct stat_result power_t_power(double n, double delta, const struct power_t_opts *o)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!t_check(&r, o, NAN) || !t_check_n(&r, n) || !t_check_delta(&r, delta))
        return r;
    r.n = n;
    r.estimate = t_power_fn(n, o->one_sided ? delta : fabs(delta), o);
    r.df = 2 * (n - 1);
    if (isnan(r.estimate))
        stat_result_fail(&r, STAT_NOT_CONVERGED, STAT_R_POWER_T_FAILED);
    return r;
}

struct stat_result power_t_n(double delta, double power, const struct power_t_opts *o)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!t_check(&r, o, power) || !t_check_delta(&r, delta))
        return r;
    if (!o->one_sided)
        delta = fabs(delta);
    if (delta == 0) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_POWER_DELTA_ZERO);
        return r;
    }
    if (delta < 0) { /* one-sided: R's uniroot cannot extend to a root */
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_POWER_DELTA_WRONG_SIDE, delta, NAN, NAN);
        return r;
    }
    struct t_params q = {NAN, delta, power, o};
    double lo = 2, hi = 1e7;
    /* R: uniroot(c(2, 1e7), extendInt = "upX"): the power rises with n, so the root
     * lies below 2 when n = 2 already reaches the power (between 1, where ν is R's
     * floor and the power nil, and 2), and above 1e7 for a tiny difference */
    if (t_n_target(lo, &q) >= 0) {
        hi = lo;
        lo = 1 + 1e-9;
    }
    while (t_n_target(hi, &q) < 0 && hi < 1e15)
        hi *= 10;
    if (!(t_n_target(hi, &q) >= 0)) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_POWER_T_N_UNREACHABLE, power, delta, NAN);
        return r;
    }
    r.estimate = brent(t_n_target, &q, lo, hi);
    if (isnan(r.estimate)) {
        stat_result_fail(&r, STAT_NOT_CONVERGED, STAT_R_POWER_N_NOT_CONVERGED);
        return r;
    }
    r.n = r.estimate;
    r.df = 2 * (r.estimate - 1);
    return r;
}

struct stat_result power_t_delta(double n, double power, const struct power_t_opts *o)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!t_check(&r, o, power) || !t_check_n(&r, n))
        return r;
    r.n = n;
    r.df = 2 * (n - 1);
    struct t_params q = {n, NAN, power, o};
    /* R: uniroot(sd * c(1e-7, 1e7), extendInt = "upX") */
    double lo = o->sd * 1e-7, hi = o->sd * 1e7;
    if (!(t_delta_target(hi, &q) >= 0)) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_POWER_T_UNDETECTABLE, n, power, NAN);
        return r;
    }
    if (t_delta_target(lo, &q) >= 0) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_POWER_T_ANY_DETECTED, n, power, NAN);
        return r;
    }
    r.estimate = brent(t_delta_target, &q, lo, hi);
    if (isnan(r.estimate))
        stat_result_fail(&r, STAT_NOT_CONVERGED, STAT_R_POWER_DELTA_NOT_CONVERGED);
    return r;
}

struct stat_result power_prop_n(double p1, double p2, double sig_level, double power)
{
    struct power_prop_opts o = {sig_level, false, false};
    return power_prop_n_opt(p1, p2, power, &o);
}

struct stat_result power_prop_power(double n, double p1, double p2, double sig_level)
{
    struct power_prop_opts o = {sig_level, false, false};
    return power_prop_power_opt(n, p1, p2, &o);
}

struct stat_result power_prop_p2(double n, double p1, double sig_level, double power,
                                 int direction)
{
    struct power_prop_opts o = {sig_level, false, false};
    return power_prop_p2_opt(n, p1, power, direction, &o);
}

struct stat_result power_mde_ratio(double se_log, double sig_level, double power)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!(isfinite(se_log) && se_log > 0) || !(sig_level > 0 && sig_level < 1) ||
        !(power > 0 && power < 1)) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_MDE_INPUT);
        return r;
    }
    double z = gsl_cdf_ugaussian_Pinv(1 - sig_level / 2) + gsl_cdf_ugaussian_Pinv(power);
    r.estimate = exp(-z * se_log);
    r.std_error = se_log;
    r.statistic = z;
    return r;
}
