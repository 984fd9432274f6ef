/*
 * counts — the exact conditional test and interval for the ratio of two Poisson
 * rates (incidents over exposure: days, months or person-years), before vs after.
 *
 * Given c_after incidents over exposure t_after and c_before over t_before, the
 * after count conditional on the total is binomial(c_after + c_before,
 * p = t_after / (t_after + t_before)) when the rates are equal.  The test is R's
 * binom.test on that binomial (two-sided p-value: the sum of the probabilities of
 * outcomes no more likely than the one observed, with R's relative tolerance
 * 1 + 1e-7), the interval is the Clopper-Pearson interval for p transformed to
 * the rate-ratio scale: RR = p / (1 - p) * t_before / t_after.
 * R counterpart: poisson.test(c(c_after, c_before), c(t_after, t_before)).
 * Sources: Clopper & Pearson (1934); Lehmann & Romano, Testing Statistical
 * Hypotheses, 4.5 (the conditional test for two Poisson means).
 */
#ifndef TRYGG_STATS_COUNTS_H
#define TRYGG_STATS_COUNTS_H

#include "stats/result.h"

/*
 * Rate ratio (c_after / t_after) / (c_before / t_before) with its exact interval
 * and two-sided p-value for "the rates are equal".  Fields: estimate, conf_low,
 * conf_high, conf_level, statistic (= c_after, as R's "count1"), p_value, n (the
 * total count).  std_error and df are NaN (an exact method has none).
 *
 * Zero counts: c_after = 0 gives RR = 0 with a lower limit 0; c_before = 0 gives RR
 * = Inf with an upper limit Inf (both as R), with a note.  Both zero, counts that
 * are negative or not whole numbers, exposures that are not positive, or a level
 * outside (0, 1) give a failed result with a message.
 */
struct stat_result poisson_rate_ratio_exact(double c_after, double t_after, double c_before,
                                            double t_before, double conf_level);

/*
 * binom.test(x, n, p): exact two-sided p-value and Clopper-Pearson interval for a
 * binomial proportion (the building block above; exposed for reuse).  Fields:
 * estimate x/n, conf_low/high, statistic x, p_value, n.
 */
struct stat_result binom_test_exact(double x, double n, double p, double conf_level);

/*
 * One Poisson rate, count / exposure (e.g. visits per day), with its exact interval
 * (Garwood 1936): [qgamma(α/2, x), qgamma(1 − α/2, x + 1)] / exposure, 0 as the lower
 * limit when x = 0.  R: poisson.test(x, T, conf.level = )$conf.int.  Fields:
 * estimate, conf_low, conf_high, conf_level, statistic (= x), n (= x).
 */
struct stat_result poisson_rate_exact(double count, double exposure, double conf_level);

#endif
