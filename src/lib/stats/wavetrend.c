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

static enum stat_status fail(struct wave_trend *t, enum stat_status st, const char *msg)
{
    t->status = st;
    snprintf(t->message, sizeof(t->message), "%s", msg);
    stat_result_fail(&t->slope, st, "%s", msg);
    stat_result_fail(&t->odds_ratio, st, "%s", msg);
    return st;
}

enum stat_status wave_logit_trend(const double *year, const double *x, const double *n, size_t k,
                                  double conf_level, struct glm_workspace *ws,
                                  struct wave_trend *t)
{
    stat_result_init(&t->slope);
    stat_result_init(&t->odds_ratio);
    t->status = STAT_OK;
    t->message[0] = '\0';
    t->n_waves = 0;
    if (k == 0 || !year || !x || !n)
        return fail(t, STAT_NOT_ESTIMABLE, "there are no survey waves");
    double sx = 0, sn = 0, y0 = NAN;
    bool two_years = false;
    for (size_t i = 0; i < k; i++) {
        if (!isfinite(year[i]) || !isfinite(x[i]) || !isfinite(n[i]) || x[i] < 0 || n[i] < x[i])
            return fail(t, STAT_INVALID_INPUT,
                        "each wave needs a year, and a number with the outcome between zero "
                        "and the number answering");
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
        return fail(t, STAT_NOT_ESTIMABLE,
                    "a trend needs answers from at least two different years");
    if (sx == 0)
        return fail(t, STAT_NOT_ESTIMABLE,
                    "nobody had the outcome in any wave, so there is no trend to estimate");
    if (sx == sn)
        return fail(t, STAT_NOT_ESTIMABLE,
                    "everybody had the outcome in every wave, so there is no trend to "
                    "estimate");
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
        return fail(t, t->glm.status, t->glm.message);
    if (s->status == STAT_SEPARATION)
        return fail(t, STAT_SEPARATION,
                    "the outcome jumps from nobody to everybody between the waves (perfect "
                    "separation), so the change per year is infinite and cannot be estimated");
    t->slope = *s;
    t->odds_ratio = *s;
    if (isfinite(s->estimate)) {
        t->odds_ratio.estimate = exp(s->estimate);
        t->odds_ratio.conf_low = exp(s->conf_low);
        t->odds_ratio.conf_high = exp(s->conf_high);
    }
    t->status = s->status;
    snprintf(t->message, sizeof(t->message), "%s", s->status == STAT_OK ? "" : s->message);
    return t->status;
}
