/*
 * codetab — the ordinal two-group statistics of survey answers from code-count tables
 * instead of rows: Mann–Whitney, Cliff's delta and the design bootstrap of Cliff's
 * delta (the primary sampling units resampled within their strata), each in O(codes)
 * per resampling unit, giving exactly the numbers of the row-based functions.
 *
 * What the table holds.  Two groups of respondents, a and b (after and before, or the
 * first and the second group of a [compare] pair), answer on an ordered scale of k
 * codes.  The respondents of the waves analysed fall into resampling units: the PSUs
 * when the design has clusters, otherwise the strata (whose respondents are then the
 * units).  Per unit the table has 2k + 1 counts, row-major, unit by unit:
 *
 *     counts[u*(2k+1) + j]       answers of group a with code j   (j = 0..k−1)
 *     counts[u*(2k+1) + k + j]   answers of group b with code j
 *     counts[u*(2k+1) + 2k]      the unit's other respondents: in neither group, or
 *                                without an answer on the scale (missing, "don't know")
 *
 * Codes are in scale order: j < j' means code j is lower (better) than code j'.  Codes
 * that nobody in a or b chose may be in the table (zero columns): every function here
 * gives the same bits with or without them.  Counts are whole numbers ≥ 0 (the tests
 * are unweighted, as wilcox.test is on the answers: the survey weights are not an
 * input; a cell engine keeping count, Σw and Σw² per code passes the count).
 *
 * Byte-identity with the row path (eval/survey_boot.c before this module, and R's
 * boot on one row per unit): the bootstrap draws units in table order, so the table
 * must list the units in the order the rows first show them (waves in order, rows in
 * order; a unit = a (wave, PSU) pair, or a (wave, stratum) pair without clusters).
 * Another order gives an interval of the same distribution but other replicates.
 * Units in which neither group answered must be in the table too (with clusters they
 * are drawn like any other PSU of their stratum; without clusters their respondents
 * count in `other`): they change how many answers a replicate holds, as in the design.
 *
 * Strata: stratum[u] labels unit u's stratum (any values; equal = same stratum; NULL =
 * one stratum).  Without clusters each unit is a whole stratum and `stratum` is not
 * read.  A stratum with one PSU contributes the same PSU to every replicate (no
 * variation), as boot(strata = ) does.
 *
 * Pure functions: they borrow the table and keep nothing.
 */
#ifndef TRYGG_STATS_CODETAB_H
#define TRYGG_STATS_CODETAB_H

#include <stdbool.h>
#include <stddef.h>

#include "stats/bootstrap.h"
#include "stats/result.h"

struct codetab {
    size_t k;              /* codes on the scale (columns per group) */
    size_t n_units;        /* resampling units (rows of the table) */
    bool clustered;        /* units are PSUs, drawn whole within their strata; false:
                              each unit is a stratum whose respondents are drawn */
    const size_t *stratum; /* n_units: stratum label of each PSU (clustered only);
                              NULL = one stratum */
    const double *counts;  /* n_units × (2k + 1), layout above */
};

/* Width of one unit's row: 2k + 1. */
static inline size_t codetab_width(size_t k)
{
    return 2 * k + 1;
}

/* The groups' code counts over all units: ca[0..k) and cb[0..k) (caller's arrays). */
void codetab_totals(const struct codetab *t, double *ca, double *cb);

/*
 * Mann–Whitney of group a against group b (stats/twogroup.h mann_whitney: W, the
 * probability that an answer in a is higher, tie- and continuity-corrected p-value;
 * R: wilcox.test(a, b, exact = FALSE, correct = TRUE)).  *z as there (may be NULL).
 * The same bits as mann_whitney() on the expanded answers.  O(units · k).
 */
struct stat_result codetab_mann_whitney(const struct codetab *t, double *z);

/* Cliff's delta P(a > b) − P(a < b) (cliff_delta()); the same bits.  O(units · k). */
struct stat_result codetab_cliff_delta(const struct codetab *t);

/*
 * Cliff's delta of a against b with its design bootstrap (out->t0 = delta): every
 * replicate draws, in every stratum, as many units as it has, with replacement, and
 * recomputes delta from the answers of the units drawn (a replicate in which a group
 * has no answer has no delta and is left out, as boot.ci leaves out non-finite
 * replicates); BCa with the jackknife influence values and percentile
 * (stats/bootstrap.h).
 *   clustered: R boot(units, stat, R, strata = stratum) on one row per PSU with its
 *     counts; boot_ci() over the units, R·n_units draws of the seeded generator.
 *     O(R · (n_units + used units · k)).
 *   not clustered: R boot(rows, stat, R, strata = stratum) on the respondents,
 *     computed as one multinomial draw per stratum over its 2k + 1 counts
 *     (boot_counts_total_ci(): delta depends on the strata's totals only), strata without answers of a or b left out (they give a and b
 *     nothing in any replicate): the same distribution as drawing the rows, in
 *     O(R · strata with answers · k) — not the same random numbers as a row-by-row
 *     draw.
 * Fewer than two codes answered in a and b together: no resampling (delta is the same
 * in every replicate), both intervals fail with STAT_R_COMPARE_BOOT_SAME (t0 = 0), or
 * STAT_R_COMPARE_BOOT_NO_ANSWERS (t0 NaN) when nobody answered.
 */
void codetab_cliff_boot(const struct codetab *t, const struct boot_options *opt,
                        struct boot_result *out);

#endif
