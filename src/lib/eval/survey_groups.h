/*
 * survey_groups — design-based estimates for groups of respondents of one design
 * (areas, or the levels of a background variable, within the waves analysed) and the
 * difference between two of them, as R's
 *
 *     b <- svyby(~y, ~g, design, svymean, covmat = TRUE)
 *     svycontrast(b, c(A = 1, B = -1))          # estimate and SE
 *     svyttest(y ~ g, subset(design, g %in% c("A", "B")))   # same estimate and SE; its
 *                                               #   t test on the design's df
 *
 * Groups of one design share strata and PSUs, so their estimates are correlated: the
 * difference's standard error is linearised on the rows of both groups together
 * (survey_common.h, survey_contrast), which keeps that covariance.  Rows of the waves
 * analysed that are in no group stay in the design as zero contributions (R's subset).
 */
#ifndef TRYGG_EVAL_SURVEY_GROUPS_H
#define TRYGG_EVAL_SURVEY_GROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/survey_common.h"

struct survey_groups {
    const struct survey_data *d;
    const struct survey_design_index *x;
    const bool *waves;    /* n_waves: the waves that make up the design */
    const double *y;      /* per respondent: the analysed value, NaN = missing */
    const int32_t *group; /* per respondent: its group 0..k-1, or -1 (in none) */
    size_t k;             /* number of groups */
};

/* The estimate of every group, est[0..k).  Returns 0, or -1 when the rows were refused
 * (every estimate carries the reason). */
int survey_groups_estimate(const struct survey_groups *g, double conf_level,
                           struct svy_estimate *est);

/* Group a minus group b: estimate and linearised SE (svycontrast), the design-based t
 * test and interval on the degrees of freedom of survey_groups_df (svyttest: t, df,
 * two-sided p, estimate ± qt(·, df)·SE).  Not estimable, with the reason, when either
 * group has no answers; with df < 1 the estimate and SE are kept and the test is not
 * estimable. */
/* The design's degrees of freedom of the test of group a against group b, as
 * svyttest(y ~ g, subset(design, g %in% c(a, b))): svyglm's df.residual = degf − 1,
 * where degf counts the PSUs (without clusters: respondents) with a valid answer in
 * either group minus their strata (svyglm drops rows without an answer first). */
double survey_groups_df(const struct survey_groups *g, size_t a, size_t b);

struct stat_result survey_groups_diff(const struct survey_groups *g,
                                      const struct svy_estimate *est, size_t a, size_t b,
                                      double conf_level);

/* hide[0..k): whether the disclosure control withholds each group's cell (the
 * respondents of the group with a valid answer to variable var). */
void survey_groups_disclose(struct eval_ctx *c, const struct survey_groups *g, size_t var,
                            bool *hide);

#endif
