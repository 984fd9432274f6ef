/*
 * survey_boot — Cliff's delta between two groups of respondents of one design (a
 * [compare] pair) with a bootstrap interval that resamples the design's resampling
 * units: the primary sampling units (PSUs) within their strata, or, without clusters,
 * the respondents within their strata.  Each replicate draws, in every stratum of the
 * waves analysed, as many units as the stratum has, with replacement, and recomputes
 * delta from the answers of the two groups in the units drawn; units with neither
 * group's answers are drawn too (the groups' sizes vary from replicate to replicate,
 * as in the design).  Groups of one wave share strata and PSUs, so resampling the two
 * groups separately (as the before/after bootstrap of a [survey] section does with its
 * two independent waves) would ignore both the clustering and the groups' overlap.
 *
 * This file builds the code-count table of the pair (one row per PSU, or per stratum
 * without clusters, in the order the rows first show them) and hands it to
 * stats/codetab.h's codetab_cliff_boot(), which a cell-based engine can call directly.
 * The resampling is stats/bootstrap.h's: boot_ci() over the PSUs with strata (R:
 * boot(units, stat, R, strata = stratum) on one row per PSU with its answer counts),
 * or boot_counts_total_ci() with the strata as groups and the answers of group a, of group
 * b and of everyone else as categories (the same as boot(strata = stratum) on the
 * rows, in O(strata × categories) per replicate).  BCa with the jackknife influence
 * values (boot.ci(type = "bca", L = empinf(type = "jack"))), percentile where BCa is
 * not defined.  A replicate in which a group has no answer has no delta and is left
 * out, as boot.ci leaves out non-finite replicates.
 */
#ifndef TRYGG_EVAL_SURVEY_BOOT_H
#define TRYGG_EVAL_SURVEY_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/survey_data.h"
#include "stats/bootstrap.h"

struct survey_cliff_pair {
    const struct survey_data *d;
    const struct survey_design_index *x;
    const bool *waves;     /* n_waves: the waves that make up the design */
    const int32_t *group;  /* per respondent: its group, or -1 */
    const double *scale;   /* per respondent: its answer on the ordered scale (higher =
                              worse), NaN when it has none */
    size_t a, b;           /* delta = P(answer in a > answer in b) − P(<) */
    /* SIZE_MAX: group and scale are per respondent (row); else per answer-code cell of
     * this variable (survey_keycells.h), the cells of the waves marked, wave by wave
     * in order: every respondent of a cell is in its group with its scale answer.  The
     * table is the same (a cell's first respondent opens its unit before any other of
     * the unit's respondents), so are the replicates. */
    size_t cells_var;
};

/* Cliff's delta of the pair and its design bootstrap (out->t0 = delta).  At most 64
 * distinct scale values. */
void survey_cliff_boot(const struct survey_cliff_pair *p, const struct boot_options *bo,
                       struct boot_result *out);

#endif
