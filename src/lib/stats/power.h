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

#include <stdbool.h>

#include "stats/result.h"

/*
 * The test the plan is for: R's power.prop.test arguments sig.level, alternative
 * ("two.sided" unless one_sided) and strict.  With strict (two-sided only, as in R)
 * the power also counts rejections in the wrong tail:
 *     power = Φ((sqrt(n)·d − q·a)/b) + 1 − Φ((sqrt(n)·d + q·a)/b),
 * d = |p1 − p2|, a = sqrt((p1 + p2)(1 − (p1 + p2)/2)), b = sqrt(p1(1 − p1) + p2(1 − p2)),
 * q = z_{1−α/2}; one-sided, q = z_{1−α} and only the first term.  A power must exceed
 * the power at p1 = p2 (α/2 two-sided, α one-sided or strict), else no n reaches it.
 */
struct power_prop_opts {
    double sig_level;
    bool one_sided;
    bool strict;
};

/* R: power.prop.test(p1=, p2=, power=, sig.level=, alternative=, strict=)$n, solved
 * in closed form (not strict) or by Brent's method to 1e-12 (strict). */
struct stat_result power_prop_n_opt(double p1, double p2, double power,
                                    const struct power_prop_opts *o);
/* R: power.prop.test(n=, p1=, p2=, sig.level=, alternative=, strict=)$power. */
struct stat_result power_prop_power_opt(double n, double p1, double p2,
                                        const struct power_prop_opts *o);
/* Smallest detectable p2 above (direction +1) or below (−1) p1 with n per group.  R:
 * power.prop.test(n=, p1=, power=, ...)$p2 and power.prop.test(n=, p2=p1, power=,
 * ...)$p1.  A baseline of exactly 0 (or 1) is searched from just above (below) it,
 * where R's uniroot stops at the undefined power of p2 = p1. */
struct stat_result power_prop_p2_opt(double n, double p1, double power, int direction,
                                     const struct power_prop_opts *o);

/*
 * Two means: R's power.t.test(type = "two.sample"), n per group, the difference delta
 * and the SD sd of the answers in each group.  With ν = 2·max(1e-7, n − 1) and the
 * noncentrality δ = sqrt(n/2)·delta/sd (nct.h for the noncentral t):
 *     power = P(T_{ν,δ} > t_{ν, 1−α/s})                        (s = 2 two-sided, 1 one-sided)
 *           + P(T_{ν,δ} < −t_{ν, 1−α/2})                       (strict, two-sided only)
 * Two-sided, delta counts by its size (R: delta <- abs(delta)); one-sided, a negative
 * delta is a difference the test does not look for.  n and delta are found as R's
 * uniroot() finds them (n in [2, 1e7], extended as extendInt = "upX" does; delta in
 * sd·[1e-7, 1e7]), with Brent's method to about 1e-13 relative: R's values with
 * tol = 1e-12.  n must exceed 1 (R's ν floor makes n ≤ 1 a t test on 2e-7 degrees of
 * freedom, which has no meaning; trygg refuses it).
 */
struct power_t_opts {
    double sig_level;
    double sd; /* SD of the answers in each group (R's sd; default 1) */
    bool one_sided;
    bool strict;
};

/* R: power.t.test(n=, delta=, sd=, sig.level=, alternative=, strict=)$power. */
struct stat_result power_t_power(double n, double delta, const struct power_t_opts *o);
/* R: power.t.test(delta=, sd=, power=, ...)$n (not rounded). */
struct stat_result power_t_n(double delta, double power, const struct power_t_opts *o);
/* R: power.t.test(n=, sd=, power=, ...)$delta: the smallest difference detected with
 * the power (a rise or, equally, a fall). */
struct stat_result power_t_delta(double n, double power, const struct power_t_opts *o);

/* The two-sided, not strict forms above, kept for the survey analyses. */
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
