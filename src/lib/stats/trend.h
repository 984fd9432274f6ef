/*
 * trend — chi-square test for a trend in proportions across ordered groups (e.g. the
 * share feeling unsafe in yearly survey waves).
 *
 * R: prop.trend.test(x, n, score) (Armitage 1955; Cochran 1954), which is the
 * score sum of squares of the weighted regression of x/n on the scores with weights
 * n / (p(1 − p)), p = Σx / Σn:
 *     X² = [Σ n_i (s_i − s̄)(x_i/n_i − p)]² / (p(1 − p) Σ n_i (s_i − s̄)²),  s̄ = Σ n_i s_i / Σ n_i,
 * on 1 degree of freedom.  estimate = the slope of that regression, i.e. the change
 * in the proportion per unit of score (per year when the scores are years), as
 * coef(lm(x/n ~ score, weights = n)).  The log-odds slope (binomial GLM) is glm.h's.
 * The logit-slope GLM is part of the GLM engine (glm.h), not here.
 */
#ifndef TRYGG_STATS_TREND_H
#define TRYGG_STATS_TREND_H

#include <stddef.h>

#include "stats/result.h"

/* x[i] "yes" answers of n[i] in group i = 0..k−1; score NULL means 1..k.  Borrows the
 * arrays.  Groups with n = 0 are left out (R drops them: their x/n is NaN).
 * statistic = X-squared, df = 1, p_value, estimate = slope, n = Σn. */
struct stat_result prop_trend_test(const double *x, const double *n, const double *score,
                                   size_t k);

#endif
