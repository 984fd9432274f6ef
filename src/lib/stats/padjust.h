/*
 * padjust — p-values adjusted for multiple testing over one results table.
 *
 * R: p.adjust(p, "holm") (Holm 1979, step-down family-wise error control) and
 * p.adjust(p, "BH") (Benjamini & Hochberg 1995, false discovery rate).  NaN inputs
 * (R's NA: a test that could not be computed) give NaN and are left out of the
 * number of tests m, as R leaves out NA.  Values are not range-checked, as in R.
 * Both borrow p and write n values to out; out may be the same array as p.
 * Returns 0, or -1 if p or out is NULL while n > 0.  O(n log n).
 */
#ifndef TRYGG_STATS_PADJUST_H
#define TRYGG_STATS_PADJUST_H

#include <stddef.h>

int p_adjust_holm(const double *p, size_t n, double *out);
int p_adjust_bh(const double *p, size_t n, double *out);

#endif
