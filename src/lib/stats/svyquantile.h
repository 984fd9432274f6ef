/*
 * svyquantile — weighted quantiles of a survey variable with their design-based
 * interval, as R's survey package (4.1) gives them:
 *
 *     svyquantile(~x, design, quantiles = p, qrule = "math", ci = TRUE,
 *                 alpha = 1 − conf, interval.type = "mean", na.rm = TRUE)
 *     svyby(~x, ~group, design, svyquantile, ..., same arguments)        per domain
 *
 * The estimate (qrule "math", the inverse of the weighted distribution function): with
 * the valid values sorted, x(1) ≤ … ≤ x(n), weights w(i), W = Σw and the running sums
 * C(i) = w(1) + … + w(i), let k be the last i with C(i) ≤ p·W; the quantile is x(k)
 * when C(k)/W = p exactly, else x(k+1) (x(n) when k = n).  When no C(i) is ≤ p·W
 * (the smallest value alone carries more than p of the weight) R's survey 4.1 takes
 * k = 1 and so returns x(2), not x(1): reproduced here, because the reference is R
 * (docs/methods/planning-and-descriptives.md).  Sums run in long double, as R's
 * sum() and cumsum() do, so that ties at C(k) = p·W are decided as in R.
 *
 * The interval (Woodruff 1952): the design-based mean m of the indicator x ≤ q̂ with
 * its SE (svymean on the same design and domain), the interval of that proportion
 * m ± t_{df, 1−α/2}·SE on the domain's degrees of freedom (PSUs − strata with valid
 * answers in the domain; df = Inf never arises here), and the quantiles (same rule) at
 * its two ends.  An end below 0 or above 1, or an SE that is not a number, leaves that
 * limit NaN, as in R.  The "SE" R reports is (upper − lower) / (2·t_{df, 1−α/2}).
 */
#ifndef TRYGG_STATS_SVYQUANTILE_H
#define TRYGG_STATS_SVYQUANTILE_H

#include <stddef.h>

#include "stats/result.h"
#include "stats/survey.h"

/* qrule "math" on values sorted ascending with their weights (> 0), n ≥ 1. */
double svy_qrule_math(const double *xs, const double *ws, size_t n, double p);

/*
 * The interval from the indicator's mean m and SE on df degrees of freedom: fills
 * r->conf_low, conf_high, std_error, df, conf_level (r->estimate is the caller's q̂;
 * with se = 0 both limits are q̂).
 * xs, ws as for svy_qrule_math.
 */
void svy_quantile_woodruff(const double *xs, const double *ws, size_t n, double m, double se,
                           double df, double conf_level, struct stat_result *r);

/*
 * Sorts the valid (non-NaN y) rows of domain k by value, stably: idx gets their row
 * indices in order, returns their number.  A helper for callers that hold a domain's
 * rows: xs[j] = y[idx[j]], ws[j] = w[idx[j]].
 */
size_t svy_sort_values(const double *y, const size_t *rows, size_t n_rows, size_t *idx);

/*
 * The whole computation on a design held in arrays (struct svy_design): for each
 * domain k (domain[i] = the domain of row i, SVY_NONE for none; NULL: one domain, the
 * whole sample) out[k] = the p-quantile with its interval; n = valid answers.
 * A domain without valid answers is STAT_NOT_ESTIMABLE; a design the accumulator
 * refuses (a stratum with one PSU) carries its reason.  Returns 0, or −1 when the
 * rows were refused.
 */
int svy_quantile(const struct svy_design *d, const size_t *domain, size_t n_domains, double p,
                 double conf_level, struct stat_result *out);

#endif
