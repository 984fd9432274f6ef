/*
 * nct — the distribution function of the noncentral t distribution, which GSL lacks,
 * for the power of t tests (power.h, power_t_*).
 *
 * The algorithm is R's pnt() (R 4.2, src/nmath/pnt.c), term for term, so that the
 * powers agree with R's power.t.test:
 *   - Lenth's AS 243 (1989), "Cumulative distribution function of the non-central t
 *     distribution", Appl. Statist. 38:185–189: the twin series of Guenther (1978)
 *     in the incomplete beta function I_x(a, 1/2 + df/2), x = t²/(t² + df), summed
 *     until the bound on the error is below 1e-12 (at most 1000 terms), then Φ(−δ)
 *     added;
 *   - for t < 0 the series runs for −t and −δ and the tail is swapped;
 *   - for df > 4e5 or δ² > 2·ln 2·1021 (δ > 37.62, where the series' first term
 *     e^{−δ²/2} underflows) the normal approximation of Abramowitz & Stegun 26.7.10:
 *     P(T ≤ t) ≈ Φ((t(1 − 1/(4df)) − δ) / sqrt(1 + t²/(2df)));
 *   - δ = 0 is the central t.
 * The upper tail is 1 − the lower one, as in R (so an upper tail below about 1e-16 is
 * 0, as R's).  The incomplete beta function is GSL's (R uses TOMS 708); they agree to
 * ~1e-15, far inside METHODS.md's 1e-6.
 */
#ifndef TRYGG_STATS_NCT_H
#define TRYGG_STATS_NCT_H

#include <stdbool.h>

/* P(T ≤ t) (lower) or P(T > t) for T noncentral t with df > 0 degrees of freedom
 * (not necessarily whole) and noncentrality ncp.  R: pt(t, df, ncp, lower.tail).
 * NaN for df ≤ 0 or a NaN argument. */
double nct_cdf(double t, double df, double ncp, bool lower);

#endif
