/*
 * trend — see trend.h.
 */
#include "stats/trend.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

struct stat_result prop_trend_test(const double *x, const double *n, const double *score,
                                   size_t k)
{
    struct stat_result r;
    stat_result_init(&r);
    if (k > 0 && (!x || !n)) {
        stat_result_fail(&r, STAT_INVALID_INPUT, STAT_R_NO_COUNTS);
        return r;
    }
    double X = 0, N = 0, sn = 0;
    size_t used = 0;
    for (size_t i = 0; i < k; i++) {
        double s = score ? score[i] : (double)(i + 1);
        if (!isfinite(x[i]) || !isfinite(n[i]) || x[i] < 0 || n[i] < 0 || x[i] > n[i] ||
            !isfinite(s)) {
            stat_result_failx(&r, STAT_INVALID_INPUT, STAT_R_TREND_GROUP_INVALID, (double)(i + 1), NAN, NAN);
            return r;
        }
        if (n[i] == 0)
            continue;
        used++;
        X += x[i];
        N += n[i];
        sn += n[i] * s;
    }
    r.n = N;
    if (used < 2) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_TREND_TWO_WAVES, (double)used, NAN, NAN);
        return r;
    }
    double p = X / N;
    if (X == 0 || X == N) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_TREND_CONSTANT, X == 0 ? 0 : 1, NAN, NAN);
        r.estimate = 0;
        return r;
    }
    double sbar = sn / N, sxy = 0, sxx = 0;
    for (size_t i = 0; i < k; i++) {
        if (n[i] == 0)
            continue;
        double s = (score ? score[i] : (double)(i + 1)) - sbar;
        sxy += s * (x[i] - n[i] * p); /* = n_i (s_i − s̄)(x_i/n_i − p) */
        sxx += n[i] * s * s;
    }
    if (!(sxx > 0)) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_TREND_SAME_SCORE);
        return r;
    }
    r.estimate = sxy / sxx;
    r.statistic = sxy * sxy / (p * (1 - p) * sxx);
    r.df = 1;
    r.p_value = gsl_cdf_chisq_Q(r.statistic, 1);
    return r;
}
