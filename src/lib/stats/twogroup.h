/*
 * twogroup — comparisons of two independent groups: proportions, means, ordinal
 * answers and whole response distributions.
 *
 * The convention everywhere is *after − before*: group 2 is "after" (or the area
 * of interest), group 1 is "before" (or the comparison), exactly as
 * `prop.test(c(x_after, x_before), c(n_after, n_before))` and
 * `t.test(after, before)` order them in R.  Every function is a pure function of
 * its arguments (it borrows the arrays it is given and keeps nothing) and returns
 * a struct stat_result (stats/result.h) or a small struct of several.  Inputs R
 * refuses, or that have no meaningful answer, come back with a status and a plain
 * message; see docs/methods/survey-and-two-groups.md for every formula, its
 * source and the R call it matches.
 *
 * Counts (x, n, per-category counts) are doubles so that they can come straight
 * from sums; they must be finite and non-negative.  Missing values in raw arrays
 * are NaN and are left out (R: non-finite values are removed by wilcox.test;
 * t.test drops NA).
 */
#ifndef TRYGG_STATS_TWOGROUP_H
#define TRYGG_STATS_TWOGROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "stats/result.h"

/* ---------------------------------------------------------------- proportions */

/*
 * Wilson score interval for x successes out of n (Wilson 1927).
 * R: prop.test(x, n, correct = FALSE)$conf.int.
 * estimate = x/n, std_error = sqrt(p(1-p)/n), n = n.  The interval endpoints are
 * exactly 0 when x = 0 and exactly 1 when x = n, as in R.
 */
struct stat_result prop_wilson_ci(double x, double n, double conf_level);

/*
 * Difference of two proportions, after − before, with the Newcombe hybrid score
 * interval (Newcombe 1998, method 10), built from the two Wilson intervals:
 *     L = d − sqrt((p2 − l2)² + (u1 − p1)²),  U = d + sqrt((u2 − p2)² + (p1 − l1)²).
 * estimate = p2 − p1; statistic/p_value are those of prop_chisq_2x2 when that test
 * is defined (NaN with a note otherwise); n = n2 + n1.
 */
struct stat_result prop_diff_newcombe(double x_after, double n_after, double x_before,
                                      double n_before, double conf_level);

/*
 * Pearson chi-square test of equal proportions on the 2×2 table, no continuity
 * correction.  R: prop.test(c(x_after, x_before), c(n_after, n_before), correct=FALSE).
 * estimate = p_after − p_before; statistic = X-squared; df = 1; p_value;
 * conf_low/high = R's (Wald) interval from prop.test, clipped to [−1, 1] — reports
 * use the Newcombe interval instead.  A caveat is noted when an expected count is
 * below 5 (R warns "Chi-squared approximation may be incorrect").
 */
struct stat_result prop_chisq_2x2(double x_after, double n_after, double x_before,
                                  double n_before, double conf_level);

/* What a report shows for a yes/no indicator in two groups. */
struct prop_compare {
    struct stat_result after;  /* prop_wilson_ci(x_after, n_after) */
    struct stat_result before; /* prop_wilson_ci(x_before, n_before) */
    struct stat_result diff;   /* Newcombe CI, with the chi-square statistic and p-value */
};
void prop_compare(double x_after, double n_after, double x_before, double n_before,
                  double conf_level, struct prop_compare *out);

/* ---------------------------------------------------------------- means */

/*
 * Welch two-sample t-test, Welch–Satterthwaite degrees of freedom (Welch 1947).
 * R: t.test(after, before, conf.level = conf_level).
 * estimate = mean_after − mean_before, std_error, CI, statistic = t, df, p_value
 * (two-sided); n = n_after + n_before.  NaN values are left out.
 */
struct stat_result welch_ttest(const double *after, size_t n_after, const double *before,
                               size_t n_before, double conf_level);
/* The same from summary statistics (mean, variance with n − 1 divisor, count) of each
 * group, e.g. moments computed by streaming. */
struct stat_result welch_ttest_summary(double mean_after, double var_after, double n_after,
                                       double mean_before, double var_before,
                                       double n_before, double conf_level);

/* Mean and variance (n − 1 divisor) of values that occur as a table of counts: value[j]
 * count[j] times (count 0: absent), by the corrected two-pass algorithm the array
 * functions use (the sums regrouped by value); for welch_ttest_summary and smd_summary
 * from answer-code counts.  *n the total count; mean NaN when 0, variance NaN below 2.
 * Returns false for a value that is not finite (as the array functions refuse it). */
bool moments_counts(const double *value, const double *count, size_t k, double *mean,
                    double *var, double *n);

/*
 * Standardised mean difference, after − before.
 *   d = (m2 − m1) / s_pooled,  s_pooled² = ((n2−1)v2 + (n1−1)v1) / (n2 + n1 − 2)   (Cohen 1988)
 *   g = J·d,  J = Γ(m/2) / (sqrt(m/2) Γ((m−1)/2)),  m = n2 + n1 − 2   (Hedges 1981, exact J)
 * Standard errors (Hedges & Olkin 1985, eq. 5.14; Borenstein et al. 2009, eqs. 4.20, 4.24):
 *   SE(d)² = (n1 + n2)/(n1 n2) + d²/(2(n1 + n2)),  SE(g) = J·SE(d);
 * the intervals are estimate ± z_{1−α/2}·SE (normal approximation).
 */
struct smd_result {
    struct stat_result d; /* Cohen's d */
    struct stat_result g; /* Hedges' g */
};
void smd_summary(double mean_after, double var_after, double n_after, double mean_before,
                 double var_before, double n_before, double conf_level, struct smd_result *out);
void smd(const double *after, size_t n_after, const double *before, size_t n_before,
         double conf_level, struct smd_result *out);

/* ---------------------------------------------------------------- ordinal */

/*
 * Mann–Whitney U (Wilcoxon rank-sum) test with tie correction and continuity
 * correction, normal approximation.
 * R: wilcox.test(after, before, exact = FALSE, correct = TRUE).
 * statistic = W as R reports it (rank sum of `after` minus n_after(n_after+1)/2, i.e.
 * the number of (after, before) pairs with after > before plus half the ties);
 * estimate = W/(n_after·n_before), the probability that a random "after" answer is
 * higher than a random "before" one (ties count half); p_value two-sided; n = total.
 * *z (if not NULL) receives the continuity-corrected z.  Non-finite values are left
 * out as in R.  O(n log n): one sort.
 */
struct stat_result mann_whitney(const double *after, size_t n_after, const double *before,
                                size_t n_before, double *z);
/* The same from per-category counts of an ordered scale: count_after[c] and
 * count_before[c] answers in category c = 0..k−1 (category order = scale order).
 * O(k); gives exactly the numbers of mann_whitney on the expanded data. */
struct stat_result mann_whitney_counts(const double *count_after, const double *count_before,
                                       size_t k, double *z);

/*
 * Cliff's delta = P(after > before) − P(after < before) over all pairs (Cliff 1993).
 * estimate only (conf_low/high NaN: use bootstrap.h for an interval); statistic and
 * p_value NaN; n = total.  From arrays O(n log n), from counts O(k).
 */
struct stat_result cliff_delta(const double *after, size_t n_after, const double *before,
                               size_t n_before);
struct stat_result cliff_delta_counts(const double *count_after, const double *count_before,
                                      size_t k);

/*
 * Pearson chi-square test of homogeneity on the k×2 table (answer category × group),
 * no continuity correction.  R: chisq.test(cbind(count_after, count_before),
 * correct = FALSE).  Categories that nobody chose in either group are left out (R
 * would give NaN); the message says so.  statistic = X-squared, df = (k' − 1) for the
 * k' categories used, p_value, n = total.  A caveat is noted when an expected count
 * is below 5 (R warns "Chi-squared approximation may be incorrect").
 */
struct stat_result chisq_kx2(const double *count_after, const double *count_before, size_t k);

#endif
