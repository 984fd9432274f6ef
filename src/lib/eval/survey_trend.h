/*
 * survey_trend — the design-based (weighted) trend of an indicator over survey
 * waves: the odds ratio per year of a survey-weighted logistic regression, with the
 * semantics of R's
 *     svyglm(y ~ year, subset(design, in_domain), family = quasibinomial())
 * (Binder 1983; Lumley 2010, ch. 5): the coefficients solve the weighted score
 * equations Σ w_i (y_i − μ_i) (1, t_i) = 0, and their variance is the sandwich
 * A⁻¹ V A⁻¹ with A = Σ w_i μ_i (1 − μ_i) (1, t_i)(1, t_i)ᵀ and V the design-based
 * (stratified, with-replacement PSU) variance of the total of the scores, computed
 * by the survey accumulator exactly as every other estimate of the survey (rows
 * outside the domain are zero contributions in their own strata, as R's subset).
 * The interval and p-value use t on the residual degrees of freedom, R's
 * df.residual = (PSUs − strata among the domain's rows) − 1 (confint.svyglm,
 * summary.svyglm).  The table in the report and results.csv (`svyglm_trend` /
 * `odds_ratio`) use it; tables of shares are weighted, so the trend is too.
 */
#ifndef TRYGG_EVAL_SURVEY_TREND_H
#define TRYGG_EVAL_SURVEY_TREND_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/survey_data.h"
#include "stats/result.h"

/*
 * y: per respondent 0/1 (NaN = no answer or outside the comparable waves);
 * in_design[w]: wave w is part of the design; in_domain(ctx, i): respondent i is in
 * the domain (NULL: all); year[w]: the wave's year.  Returns the odds ratio per year:
 * estimate, conf_low, conf_high (exp of the log-odds slope ± t·SE), std_error (of the
 * log odds ratio), statistic t, df, p_value, n (answers used).  Not estimable with
 * fewer than two years or no variation in y.
 */
struct stat_result survey_logit_trend(const struct survey_data *d,
                                      const struct survey_design_index *x,
                                      const bool *in_design, const double *y,
                                      bool (*in_domain)(const void *ctx, size_t i),
                                      const void *ctx, const double *year, double conf_level);
/* The same from the answer-code cells of variable key_var (survey_keycells.h) when y and
 * in_domain depend only on a respondent's wave, area, codebook version and code of it
 * (SIZE_MAX, or cells that do not cover the waves: the rows). */
struct stat_result survey_logit_trend_keyed(const struct survey_data *d,
                                            const struct survey_design_index *x,
                                            const bool *in_design, const double *y,
                                            bool (*in_domain)(const void *ctx, size_t i),
                                            const void *ctx, const double *year,
                                            double conf_level, size_t key_var);

#endif
