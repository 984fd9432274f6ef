/*
 * power — planning the next survey: sample size, power and minimum detectable
 * change for comparing two proportions.
 *
 * R: power.prop.test(..., alternative = "two.sided", strict = FALSE), whose power is
 *     power = Φ( (sqrt(n)·|p1 − p2| − z_{1−α/2}·sqrt((p1 + p2)(1 − (p1 + p2)/2)))
 *                / sqrt(p1(1 − p1) + p2(1 − p2)) )
 * (the normal approximation of Fleiss, Levin & Paik 2003, §4.2, without continuity
 * correction).  n is the number per group.  R finds n and p2 by uniroot() with
 * tol = eps^0.25 (about 1e-4); here n is solved in closed form and p2 with GSL's
 * Brent solver to 1e-12, which is what R gives with tol = 1e-12.
 * Every function returns the answer in `estimate`; the inputs are not echoed.
 */
#ifndef TRYGG_STATS_POWER_H
#define TRYGG_STATS_POWER_H

#include "stats/result.h"

/* Number per group to detect p1 → p2 with the given power (not rounded: report
 * ceil(estimate)).  R: power.prop.test(p1=, p2=, power=, sig.level=)$n. */
struct stat_result power_prop_n(double p1, double p2, double sig_level, double power);
/* Power with n per group.  R: power.prop.test(n=, p1=, p2=, sig.level=)$power. */
struct stat_result power_prop_power(double n, double p1, double p2, double sig_level);
/* Smallest detectable p2 with n per group: direction +1 looks for p2 > p1 (R:
 * power.prop.test(n=, p1=, power=)$p2), −1 for p2 < p1 (R: power.prop.test(n=,
 * p2=p1, power=)$p1, by the symmetry of the formula). */
struct stat_result power_prop_p2(double n, double p1, double sig_level, double power,
                                 int direction);

/* Minimum detectable effect of a design whose effect is a ratio estimated on the log
 * scale with standard error se_log (a rate ratio from a Poisson GLM): the smallest
 * fall, as a ratio below 1, that a two-sided test at sig_level detects with the given
 * power, exp(−(z_{1−α/2} + z_{power}) · se_log) (the usual normal approximation, e.g.
 * Bloom 1995, "Minimum detectable effects").  A rise of 1/estimate is detected
 * equally.  R: exp(-(qnorm(1 - alpha / 2) + qnorm(power)) * se).  statistic = the
 * multiplier z_{1−α/2} + z_{power}. */
struct stat_result power_mde_ratio(double se_log, double sig_level, double power);

#endif
