/*
 * wavetrend — see wavetrend.h.
 */
#include "stats/wavetrend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void wave_trend_init(struct wave_trend *t)
{
    memset(t, 0, sizeof(*t));
    glm_result_init(&t->glm);
    stat_result_init(&t->slope);
    stat_result_init(&t->odds_ratio);
}

void wave_trend_release(struct wave_trend *t)
{
    if (!t)
        return;
    glm_result_release(&t->glm);
    wave_trend_init(t);
}

static enum stat_status fail_why(struct wave_trend *t, enum stat_status st,
                                 const struct stat_why *why)
{
    struct stat_why copy = *why; /* why may point into t */
    t->status = st;
    t->why = copy;
    stat_result_fail_why(&t->slope, st, &copy);
    stat_result_fail_why(&t->odds_ratio, st, &copy);
    return st;
}

static enum stat_status fail(struct wave_trend *t, enum stat_status st, enum stat_reason code)
{
    struct stat_why why;
    stat_why_set(&why, code, NAN, NAN, NAN);
    return fail_why(t, st, &why);
}

enum stat_status wave_logit_trend(const double *year, const double *x, const double *n, size_t k,
                                  double conf_level, struct glm_workspace *ws,
                                  struct wave_trend *t)
{
    stat_result_init(&t->slope);
    stat_result_init(&t->odds_ratio);
    t->status = STAT_OK;
    stat_why_set(&t->why, STAT_R_NONE, NAN, NAN, NAN);
    t->n_waves = 0;
    if (k == 0 || !year || !x || !n)
        return fail(t, STAT_NOT_ESTIMABLE, STAT_R_WT_NO_WAVES);
    double sx = 0, sn = 0, y0 = NAN;
    bool two_years = false;
    for (size_t i = 0; i < k; i++) {
        if (!isfinite(year[i]) || !isfinite(x[i]) || !isfinite(n[i]) || x[i] < 0 || n[i] < x[i])
            return fail(t, STAT_INVALID_INPUT, STAT_R_WT_WAVE_INVALID);
        if (n[i] > 0) {
            t->n_waves++;
            sx += x[i];
            sn += n[i];
            if (isnan(y0))
                y0 = year[i];
            else if (year[i] != y0)
                two_years = true;
        }
    }
    if (t->n_waves < 2 || !two_years)
        return fail(t, STAT_NOT_ESTIMABLE, STAT_R_WT_TWO_YEARS);
    if (sx == 0)
        return fail(t, STAT_NOT_ESTIMABLE, STAT_R_WT_NOBODY);
    if (sx == sn)
        return fail(t, STAT_NOT_ESTIMABLE, STAT_R_WT_EVERYBODY);
    double *X = xmalloc(2 * k * sizeof(double));
    for (size_t i = 0; i < k; i++) {
        X[i] = 1;
        X[k + i] = year[i];
    }
    static const char *const names[2] = {"(Intercept)", "year"};
    struct glm_data gd = {.n = k, .p = 2, .x = X, .y = x, .trials = n, .names = names,
                          .intercept = true};
    struct glm_options opt = glm_options_default(GLM_BINOMIAL);
    opt.conf_level = conf_level;
    glm_fit(&gd, &opt, ws, &t->glm);
    free(X);
    const struct stat_result *s = &t->glm.term[1];
    if (t->glm.status == STAT_INVALID_INPUT || t->glm.rank == 0)
        return fail_why(t, t->glm.status, &t->glm.why);
    if (s->status == STAT_SEPARATION)
        return fail(t, STAT_SEPARATION, STAT_R_WT_SEPARATION);
    t->slope = *s;
    t->odds_ratio = *s;
    if (isfinite(s->estimate)) {
        t->odds_ratio.estimate = exp(s->estimate);
        t->odds_ratio.conf_low = exp(s->conf_low);
        t->odds_ratio.conf_high = exp(s->conf_high);
    }
    t->status = s->status;
    if (s->status == STAT_OK)
        stat_why_set(&t->why, STAT_R_NONE, NAN, NAN, NAN);
    else
        t->why = s->why;
    return t->status;
}
