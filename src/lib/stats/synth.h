/*
 * synth — synthetic control: a weighted combination of untreated areas (donors) that
 * reproduces the target's series before the start (Abadie, Diamond & Hainmueller
 * 2010, JASA 105:493-505; for place-based crime prevention Saunders, Lundberg,
 * Braga, Ridgeway & Miles 2015, J Quant Criminol 31:413-434).
 *
 * Weights: w >= 0, sum(w) = 1, minimising the pre-period sum of squared differences
 *     || y_pre - Y_pre w ||^2
 * over the donors' pre-period columns Y_pre (outcome-only matching: every pre-period
 * value a predictor with equal weight, which makes the problem convex, so the solution
 * is reproducible).  Solved exactly by a primal active-set method for the simplex
 * (Nocedal & Wright 2006, Algorithm 16.3), starting from the single best donor, so
 * the working problems stay as small as the number of donors with positive weight.
 * R counterpart:
 *     quadprog::solve.QP(Dmat = t(Y) %*% Y, dvec = t(Y) %*% y,
 *                        Amat = cbind(1, diag(J)), bvec = c(1, rep(0, J)), meq = 1)
 * (quadprog needs Dmat positive definite; where it is not, e.g. more donors than
 * pre-period months or two identical donors, the weights are not unique but the
 * synthetic series and the fit are, and trygg returns one minimiser.)
 *
 * Effect: the gap (observed - synthetic) per period, the cumulative gap over the
 * post period (negative: fewer cases than the synthetic area: prevented cases), the
 * post-period ratio sum(observed) / sum(synthetic), and the root mean squared
 * prediction error (RMSPE) before and after.  A pre-period RMSPE within 1e-6 of the
 * target's root mean square is taken as an exact fit (0): its post/pre ratio is then
 * Inf (or undefined when the post period fits exactly too).
 *
 * Inference (placebo in space): every donor in turn is treated as the target, with
 * its synthetic built from the other donors (the real target excluded); the
 * permutation p-value is the share of units, the target included, whose post/pre
 * RMSPE ratio is at least the target's (Abadie et al. 2010, sec. 3.2; ties count
 * against the target).  Placebos whose pre-period RMSPE exceeds k times the target's
 * may be left out (Abadie et al. use k = 2, 5, 20).
 */
#ifndef TRYGG_STATS_SYNTH_H
#define TRYGG_STATS_SYNTH_H

#include <stdbool.h>
#include <stddef.h>

#include "stats/result.h"

/* Solver state reused across fits (placebos).  Initialise with synth_workspace_init,
 * free with synth_workspace_release. */
struct synth_workspace {
    double *buf;
    size_t cap;
};

void synth_workspace_init(struct synth_workspace *ws);
void synth_workspace_release(struct synth_workspace *ws);

/*
 * The weights of `j` donors for a target over `t` periods: y (t values) and the
 * donors' series as columns of a column-major t x j matrix Y (Y[d * t + i]: donor d,
 * period i).  w gets j weights (>= 0, summing to 1).  Returns 0, or -1 for input
 * that cannot make a synthetic area (j = 0, t = 0, a non-finite value).  ws may be
 * NULL.  *iterations (may be NULL) gets the active-set iterations used.
 */
int synth_weights(const double *y, const double *Y, size_t t, size_t j, double *w,
                  struct synth_workspace *ws, size_t *iterations);

/* The synthetic series: out[i] = sum_d Y[d * n + i] w[d], i < n. */
void synth_combine(const double *Y, size_t n, size_t j, const double *w, double *out);

/* What a synthetic control says about one target. */
struct synth_fit {
    double rmspe_pre, rmspe_post;  /* sqrt(mean squared gap) before / from the start */
    double ratio;                  /* rmspe_post / rmspe_pre (Inf if the fit is exact) */
    double cumulative_gap;         /* sum over the post period of observed - synthetic */
    double post_ratio;             /* sum(observed) / sum(synthetic) over the post period */
    double pre_mean;               /* mean of the target before the start (for "within X %") */
};

/* Fits a target: n periods of which the first t0 are before the start; Y is n x j
 * (all periods) and w the weights (from the first t0 rows).  gap gets n values. */
void synth_evaluate(const double *y, const double *Y, size_t n, size_t t0, size_t j,
                    const double *w, double *gap, struct synth_fit *fit);

/* Placebo-in-space inference over the target and its donors. */
struct synth_placebo {
    size_t n_units;        /* placebos used + the target */
    size_t n_dropped;      /* placebos left out for a poor pre-period fit */
    size_t rank;           /* 1 = the target's ratio is the largest */
    double p_value;        /* rank / n_units */
    double *ratio;         /* j placebo post/pre RMSPE ratios (NaN: left out) */
    double *gap;           /* n x j placebo gaps, column-major (for the chart) */
    double *rmspe_pre;     /* j placebo pre-period RMSPEs */
};

void synth_placebo_init(struct synth_placebo *p);
void synth_placebo_release(struct synth_placebo *p);

/*
 * Treats each donor in turn as the target, its synthetic from the other j - 1 donors.
 * max_pre_ratio > 0 leaves out placebos whose pre-period RMSPE is more than that many
 * times the target's (0 keeps all).  Returns 0, or -1 if j < 2 (no placebo possible)
 * or the input is not finite.
 */
int synth_placebo_run(const double *y, const double *Y, size_t n, size_t t0, size_t j,
                      const struct synth_fit *target, double max_pre_ratio,
                      struct synth_workspace *ws, struct synth_placebo *p);

/*
 * Leave one out: each donor with a positive weight w[d] is dropped in turn and the
 * weights refitted on the others; *lo and *hi get the range of the post-period ratios,
 * *refits how many refits gave one.  Returns 0, or -1 if j < 2 or there is no post
 * period.
 */
int synth_leave_one_out(const double *y, const double *Y, size_t n, size_t t0, size_t j,
                        const double *w, struct synth_workspace *ws, double *lo, double *hi,
                        size_t *refits);

#endif
