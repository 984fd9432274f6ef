/*
 * reliability — internal consistency of an index built from several questions
 * (items): Cronbach's alpha, raw and standardised.
 *
 * R: psych::alpha(x) with its defaults (use = "pairwise", delete = TRUE,
 * check.keys = FALSE).  With C the item covariance matrix and R = cov2cor(C), k items:
 *     raw alpha           = k/(k − 1) · (1 − tr(C)/ΣC)             (Cronbach 1951)
 *     standardised alpha  = k/(k − 1) · (1 − k/ΣR)
 *     ase (psych)         = sqrt(Q/n),  Q = 2k²/((k − 1)² (ΣC)³) · (ΣC (tr(C²) + tr(C)²)
 *                                                              − 2 tr(C) Σ(C²))
 *                           (Duhachek & Iacobucci 2004, with psych's n = all rows)
 * Missing answers (NaN) are handled as psych does: each covariance C_ij uses the rows
 * where both items are answered (pairwise complete, divisor n_ij − 1), so no row is
 * dropped as a whole.  An item nobody varies on (zero or undefined variance) is left
 * out, as psych deletes it with a warning; the message names it.  Items are used as
 * given: reverse-worded items must be recoded first (psych only warns).
 */
#ifndef TRYGG_STATS_RELIABILITY_H
#define TRYGG_STATS_RELIABILITY_H

#include <stddef.h>

#include "stats/result.h"

struct alpha_result {
    /* raw alpha: estimate, std_error = psych's ase, interval estimate ± z·ase;
     * n = rows. */
    struct stat_result raw;
    /* standardised alpha: estimate only. */
    struct stat_result std;
    size_t items_used;
};

/* x is an n × k matrix, row-major (x[i*k + j] = answer of respondent i to item j),
 * NaN = missing; borrowed.  O(n k²) time, O(k²) memory. */
void cronbach_alpha(const double *x, size_t n, size_t k, double conf_level,
                    struct alpha_result *out);

#endif
