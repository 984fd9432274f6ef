/*
 * descriptive — the descriptive statistics of one variable: counts of valid and
 * missing answers, unweighted and weighted mean and standard deviation, median and
 * quartiles.
 *
 * Missing values are NaN.  All functions borrow their arrays.
 *
 * Unweighted (R: mean(x), sd(x), quantile(x, type = 7), t.test(x)$conf.int):
 *   mean with SE = sd/sqrt(n) and the t interval of t.test(x); SD with divisor n − 1;
 *   quantiles by R's default definition (Hyndman & Fan 1996, type 7):
 *   h = (n − 1)p, Q(p) = x(⌊h⌋+1) + (h − ⌊h⌋)(x(⌊h⌋+2) − x(⌊h⌋+1)) on the sorted values.
 * Weighted, w > 0 (survey weights, i.e. how many people each respondent stands for):
 *   mean  m = Σ w x / Σ w;
 *   its SE is the design-based SE of a with-replacement sample without strata or
 *   clusters: SE² = n/(n − 1) Σ (w (x − m) / Σw)², normal interval
 *   (R: svymean(~x, svydesign(ids = ~1, weights = ~w)), confint());
 *   SD   s² = n/(n − 1) · Σ w (x − m)² / Σ w  — the estimate of the population SD,
 *   unchanged when all weights are multiplied by a constant and equal to sd(x) when
 *   the weights are equal (R: sqrt(coef(svyvar(~x, svydesign(ids = ~1, weights = ~w,
 *   data = d[!is.na(d$x), ])))); n is the number of valid answers).
 * Quantiles are always unweighted.
 */
#ifndef TRYGG_STATS_DESCRIPTIVE_H
#define TRYGG_STATS_DESCRIPTIVE_H

#include <stddef.h>

#include "stats/result.h"

/* Weighted mean (w may be NULL: unweighted).  estimate = mean, std_error and CI as
 * above (t interval unweighted, normal interval weighted), n = valid answers. */
struct stat_result wmean(const double *x, const double *w, size_t n, double conf_level);
/* Standard deviation, divisor n − 1 (weighted form above when w is not NULL). */
struct stat_result wsd(const double *x, const double *w, size_t n);
/* The weighted SD as R's svyvar(~x, domain_design, na.rm = TRUE) gives it: svyvar
 * takes its n/(n − 1) over every respondent of the domain (n_rows, those with a missing
 * answer included), not over the valid answers, so
 *     s² = n_rows/(n_rows − 1) · Σ w (x − m)² / Σ w   over the valid answers.
 * x, w, n as for wsd (w not NULL); at least 2 valid answers. */
struct stat_result wsd_svyvar(const double *x, const double *w, size_t n, double n_rows);
/* R's quantile(x, prob, type = 7) of the non-NaN values; prob in [0, 1]. */
struct stat_result quantile7(const double *x, size_t n, double prob);

struct describe {
    double n_valid;   /* non-NaN values (with weights: and a positive weight) */
    double n_missing; /* NaN values */
    double sum_weights;
    struct stat_result mean;
    struct stat_result sd;
    struct stat_result q1, median, q3; /* unweighted, type 7 */
    double min, max;
};
/* Everything above in one call (one sort).  w may be NULL. */
void describe(const double *x, const double *w, size_t n, double conf_level,
              struct describe *out);

#endif
