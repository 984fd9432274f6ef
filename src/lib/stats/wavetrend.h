/*
 * wavetrend — the change in the log-odds of a survey proportion per year across
 * yearly waves: glm(cbind(x, n - x) ~ year, family = binomial) in R, reporting the
 * slope, its SE, the odds ratio per year exp(slope) and its Wald interval
 * (confint.default).  Source: Agresti, Categorical Data Analysis (3rd ed.), 5.1 and
 * 5.2 (logistic regression for grouped data, Wald inference).
 */
#ifndef TRYGG_STATS_WAVETREND_H
#define TRYGG_STATS_WAVETREND_H

#include <stddef.h>

#include "stats/glm.h"
#include "stats/result.h"

struct wave_trend {
    enum stat_status status;
    struct stat_why why; /* the reason, STAT_R_NONE if none */
    struct glm_result glm;         /* terms "(Intercept)", "year" */
    struct stat_result slope;      /* log-odds change per year: estimate, SE, z, p, CI */
    struct stat_result odds_ratio; /* exp(slope) with exp(CI); SE, z, p as the slope's */
    size_t n_waves;                /* waves with at least one answer */
};

void wave_trend_init(struct wave_trend *t);
void wave_trend_release(struct wave_trend *t);

/*
 * Fits the trend over k waves: year[i], x[i] respondents with the outcome among
 * n[i] answering (waves with n = 0 carry no weight, as in R).  `ws` may be NULL.
 * Returns t->status: not estimable with fewer than two waves with answers or two
 * distinct years, or when nobody (or everybody) had the outcome in every wave;
 * STAT_SEPARATION when the outcome jumps from none to all between waves.
 */
enum stat_status wave_logit_trend(const double *year, const double *x, const double *n, size_t k,
                                  double conf_level, struct glm_workspace *ws,
                                  struct wave_trend *t);

#endif
