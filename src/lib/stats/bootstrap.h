/*
 * bootstrap — seeded, reproducible nonparametric bootstrap confidence intervals,
 * percentile and BCa, as R's boot::boot.ci defines types "perc" and "bca"
 * (Davison & Hinkley 1997, §5.2–5.3; Efron & Tibshirani 1993, ch. 13–14):
 *
 *   percentile: the α/2 and 1 − α/2 quantiles of the replicates t*, taken as boot's
 *     norm.inter() takes them: r = (R + 1)α; an integer r gives t*(r); otherwise
 *     t*(k) and t*(k+1), k = ⌊r⌋, are interpolated on the normal-quantile scale.
 *   BCa: z0 = Φ⁻¹(#{t* < t0} / R), acceleration a = Σ L³ / (6 (Σ L²)^{3/2}) from the
 *     jackknife influence values L_i = (n_g − 1)(t0 − t_(−i)) (boot's usual.jack,
 *     n_g = size of i's stratum), and the percentile interval at
 *     α' = Φ(z0 + (z0 + z_α)/(1 − a(z0 + z_α))).
 *     Note: boot.ci's own default for L is the regression estimate (empinf type
 *     "reg"); the R references therefore pass L = empinf(b, type = "jack").
 *
 * Resampling uses GSL's Mersenne Twister (gsl_rng_mt19937) seeded with opt->seed
 * (0 means BOOT_DEFAULT_SEED); R's RNG differs, so
 * the intervals agree with R's boot only to Monte-Carlo error, while the same seed
 * always gives bit-identical results here.  Draw order: replicate by replicate; within
 * one, rows in order (generic) or groups in order (counts).
 *
 * Two ways in:
 *   boot_ci()        generic: a callback computes the statistic from resampled row
 *                    indices (boot's stype = "i"), optionally within strata (groups
 *                    keep their sizes, as boot(strata = )); the jackknife costs n calls.
 *   boot_counts_ci() fast path for categorical/ordinal data held as counts per group
 *                    and category: a resample of a group of N answers over k categories
 *                    is one multinomial draw (O(k), not O(N)), and the jackknife has at
 *                    most groups × k distinct leave-one-out values.  Equivalent in
 *                    distribution to boot() with strata = group on the expanded data.
 *   boot_cliff_delta_counts() is the fast path with Cliff's delta (twogroup.h).
 * Results: struct boot_result, every degenerate case with a status and a message.
 */
#ifndef TRYGG_STATS_BOOTSTRAP_H
#define TRYGG_STATS_BOOTSTRAP_H

#include <stddef.h>

#include "stats/result.h"

/* The seed used when boot_options.seed is 0. */
#define BOOT_DEFAULT_SEED 20240501UL

struct boot_options {
    size_t replicates;  /* R, e.g. 10000; at least 2 */
    unsigned long seed; /* 0 = BOOT_DEFAULT_SEED */
    double conf_level;  /* e.g. 0.95 */
};

struct boot_result {
    /* estimate = t0, std_error = SD of the finite replicates (n − 1), interval. */
    struct stat_result perc;
    struct stat_result bca; /* estimate = t0, interval; std_error as perc */
    double t0;
    double z0;    /* bias correction (boot.ci's w) */
    double accel; /* acceleration a */
    size_t replicates_used; /* finite replicates */
};

/*
 * Percentile and BCa intervals from given replicates t[0..R) (non-finite ones are
 * left out, as boot.ci does) and influence values L[0..nL) with multiplicities Lw
 * (NULL = each once); L NULL or nL 0: no BCa.  Borrows the arrays.
 */
void boot_ci_from_replicates(double t0, const double *t, size_t R, const double *L,
                             const double *Lw, size_t nL, double conf_level,
                             struct boot_result *out);

/* Statistic of the rows idx[0..m) (indices into the caller's data, repeats allowed). */
typedef double (*boot_stat_fn)(const size_t *idx, size_t m, void *ctx);

/* Generic bootstrap of n rows; strata NULL or strata[i] = group of row i (resampled
 * within groups).  ctx is passed to stat unchanged.  O(R·cost(n) + n·cost(n − 1)). */
void boot_ci(size_t n, const size_t *strata, boot_stat_fn stat, void *ctx,
             const struct boot_options *opt, struct boot_result *out);

/* Statistic of a table of counts: counts[g*k + c] answers of group g in category c. */
typedef double (*boot_counts_fn)(const double *counts, size_t n_groups, size_t k, void *ctx);

/* Fast path: counts is n_groups × k, row-major, whole non-negative numbers; each
 * group is resampled with its own size.  O(R·(groups·k + cost(stat))). */
void boot_counts_ci(const double *counts, size_t n_groups, size_t k, boot_counts_fn stat,
                    void *ctx, const struct boot_options *opt, struct boot_result *out);

/* Statistic of the totals of a table of counts over its groups: tot[c], c < k. */
typedef double (*boot_totals_fn)(const double *tot, size_t k, void *ctx);

/* As boot_counts_ci() for a statistic of the groups' totals only (each group still
 * resampled with its own size, the same distribution): the replicates drawn group by
 * group (stats/multinom.h mn_draw_totals: one uniform per category and group in
 * most replicates, instead of one multinomial per group and replicate), the jackknife
 * from the totals.  O(groups·k·R + R·cost(stat)) with a small constant. */
void boot_counts_total_ci(const double *counts, size_t n_groups, size_t k, boot_totals_fn stat,
                          void *ctx, const struct boot_options *opt, struct boot_result *out);

/* Cliff's delta (after vs before, per-category counts of an ordered scale). */
void boot_cliff_delta_counts(const double *count_after, const double *count_before, size_t k,
                             const struct boot_options *opt, struct boot_result *out);

#endif
