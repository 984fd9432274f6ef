/*
 * multinom — exact binomial and multinomial draws for the bootstrap of count tables
 * (stats/bootstrap.h boot_counts_ci), cheaper than GSL's gsl_ran_multinomial.
 *
 * A bootstrap resample of a group of N answers over k categories with replacement is
 * one multinomial draw Mult(N, counts/N).  GSL draws it as k conditional binomials
 * (gsl_ran_binomial: BTPE, Kachitvichyanukul & Schmeiser 1988, whose setup of logs and
 * divisions is paid on every call, ≈ 60–120 ns each) and draws categories that must
 * take the remainder too.  The same distribution is drawn here, cheaper:
 *
 *   - the conditional probabilities of the categories (count_c over the answers not
 *     yet placed; ratios of whole numbers) are computed once per group, not once per
 *     replicate; categories with no answers are skipped and the last category with
 *     answers takes the remainder without a draw;
 *   - each conditional binomial Bin(n, p) (p ≤ 1/2, else n − Bin(n, 1 − p)) is drawn
 *     by inversion (Kachitvichyanukul & Schmeiser 1988, algorithm BINV: one uniform,
 *     O(np) steps) when np < 10, otherwise by Hörmann's transformed rejection with
 *     squeeze BTRS (Hörmann 1993, "The generation of binomial random variates",
 *     J. Statist. Comput. Simul. 46, 101–110): two uniforms per try, ≈ 1.15 tries,
 *     the exact acceptance test with log-factorials only outside the squeeze;
 *   - a group with few answers is drawn as N uniform indices into its answers (the
 *     bootstrap's definition), when that is cheaper than its binomials.
 * Both ways give exactly the multinomial distribution (up to the resolution of the
 * generator's uniforms, 2^-32, as GSL's own inversion); they use other random numbers
 * than gsl_ran_multinomial, so a seed gives other replicates than before.
 * tests/unit/test_stats_multinom.c checks the draws' means, variances and covariances
 * against the multinomial's exact moments and the binomial's probabilities by a
 * chi-square test, over many draws with fixed seeds.
 */
#ifndef TRYGG_STATS_MULTINOM_H
#define TRYGG_STATS_MULTINOM_H

#include <stddef.h>

#include "stats/mt19937.h"

/* One binomial variate Bin(n, p), 0 ≤ p ≤ 1 (exact; see above). */
unsigned int binom_draw(struct mt19937 *rng, unsigned int n, double p);

/* The prepared draws of one table: n_groups groups over k categories. */
struct mn_step;
struct mn_sampler {
    size_t n_groups, k;
    struct mn_step *steps;  /* all groups' binomial steps, group by group */
    size_t *step_begin;     /* n_groups + 1 */
    unsigned int *N;        /* per group: its answers */
    unsigned int *last;     /* per group: the category taking the remainder (k = none) */
    unsigned char *by_index;/* per group: 1 = drawn as N indices */
    unsigned short *cat;    /* the groups drawn by index: category of each answer */
    size_t *cat_begin;      /* n_groups: offset into cat */
};

/*
 * Prepares the draws of counts (n_groups × k, row-major; whole numbers ≥ 0, each group
 * at least one and at most UINT_MAX answers, k ≤ 65535: the caller checks).  Borrows
 * counts only during the call.  Release with mn_sampler_release().
 */
void mn_sampler_init(struct mn_sampler *s, const double *counts, size_t n_groups, size_t k);

/* One resample of every group: out[g*k + c] (n_groups × k). */
void mn_sampler_draw(const struct mn_sampler *s, struct mt19937 *rng, double *out);

void mn_sampler_release(struct mn_sampler *s);

/*
 * R resamples of every group of counts (as mn_sampler_init), summed over the groups:
 * tot[r*k + c] = replicate r's answers in category c, all groups together (R × k, the
 * caller's array).  For a statistic of the totals only, as the design bootstrap's
 * delta is.  The draws go group by group, category by category, so that each
 * conditional binomial Bin(n, p) of a group and category, whose n differs between
 * replicates only within a few SDs, is drawn by inversion of its cumulative
 * probabilities tabulated once per value of n (one uniform and a guide table, Chen &
 * Asau 1974) where the tables cost less than the draws they replace — replicate by
 * replicate when all the tables fit in 256 KB, otherwise in order of n (ties in
 * replicate order), one table at a time — and otherwise by BTRS with its constants
 * kept per value of n.  Exact as above: table entries below 1e-18 are left out, far
 * below the uniforms' resolution 2^-32.  Deterministic: the same counts and generator
 * state give the same totals.
 */
void mn_draw_totals(const double *counts, size_t n_groups, size_t k, size_t R, struct mt19937 *rng,
                    double *tot);

#endif
