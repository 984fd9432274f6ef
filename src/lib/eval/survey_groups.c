/*
 * survey_groups — see survey_groups.h.
 */
#include "eval/survey_groups.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "eval/survey_disclose.h"
#include "util/xalloc.h"

static size_t group_domain(const void *ctx, size_t i, size_t *out)
{
    const struct survey_groups *g = ctx;
    if (g->group[i] < 0)
        return 0;
    out[0] = (size_t)g->group[i];
    return 1;
}

static struct survey_domains domains_of(const struct survey_groups *g)
{
    return (struct survey_domains){.n_domains = g->k,
                                   .max_per_row = 1,
                                   .dom = group_domain,
                                   .waves = g->waves,
                                   .ctx = g};
}

int survey_groups_estimate(const struct survey_groups *g, double conf_level,
                           struct svy_estimate *est)
{
    struct survey_domains sd = domains_of(g);
    return survey_estimate_domains(g->d, g->y, g->x, &sd, conf_level, est);
}

double survey_groups_df(const struct survey_groups *g, size_t a, size_t b)
{
    const struct survey_data *d = g->d;
    const struct survey_design_index *x = g->x;
    /* strata and PSUs that hold a valid answer of group a or b; without clusters each
     * respondent is its own PSU */
    size_t n_strata = 0, n_psu_slots = 0;
    for (size_t w = 0; w < d->n_waves; w++)
        if (g->waves[w])
            for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
                if (x->stratum[i] + 1 > n_strata)
                    n_strata = x->stratum[i] + 1;
                if (x->psu && x->psu[i] + 1 > n_psu_slots)
                    n_psu_slots = x->psu[i] + 1;
            }
    bool *stratum_seen = xcalloc(n_strata ? n_strata : 1, sizeof(bool));
    bool *psu_seen = xcalloc(n_psu_slots ? n_psu_slots : 1, sizeof(bool));
    double psus = 0, strata = 0;
    for (size_t w = 0; w < d->n_waves; w++) {
        if (!g->waves[w])
            continue;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            int32_t k = g->group[i];
            if (k < 0 || ((size_t)k != a && (size_t)k != b) || isnan(g->y[i]))
                continue;
            if (!stratum_seen[x->stratum[i]]) {
                stratum_seen[x->stratum[i]] = true;
                strata++;
            }
            if (!x->psu)
                psus++;
            else if (!psu_seen[x->psu[i]]) {
                psu_seen[x->psu[i]] = true;
                psus++;
            }
        }
    }
    free(stratum_seen);
    free(psu_seen);
    return psus - strata - 1;
}

/* The contrast's test and interval on the design's degrees of freedom, as svyttest:
 * t = estimate / SE, p = 2·pt(−|t|, df), estimate ± qt((1 + level)/2, df)·SE
 * (R's confint(svyglm) with ddf = df.residual).  With df < 1 R's t has no
 * distribution (p and interval NaN): the estimate and SE stay, the test says why. */
static void design_t(struct stat_result *r, double df, double conf_level)
{
    r->df = df;
    if (!(df >= 1)) {
        double est = r->estimate, se = r->std_error, n = r->n;
        stat_result_failx(r, STAT_NOT_ESTIMABLE, STAT_R_COMPARE_DF_TOO_FEW, df, NAN, NAN);
        r->estimate = est;
        r->std_error = se;
        r->n = n;
        r->df = df;
        return;
    }
    double q = gsl_cdf_tdist_Pinv(0.5 + conf_level / 2, df);
    r->statistic = r->estimate / r->std_error;
    r->p_value = 2 * gsl_cdf_tdist_Q(fabs(r->statistic), df);
    r->conf_low = r->estimate - q * r->std_error;
    r->conf_high = r->estimate + q * r->std_error;
}

struct stat_result survey_groups_diff(const struct survey_groups *g,
                                      const struct svy_estimate *est, size_t a, size_t b,
                                      double conf_level)
{
    struct survey_domains sd = domains_of(g);
    double *coef = xcalloc(g->k ? g->k : 1, sizeof(double));
    coef[a] = 1;
    coef[b] = -1;
    struct stat_result r = survey_contrast(g->d, g->y, g->x, &sd, est, coef, conf_level);
    free(coef);
    if (stat_ok(&r) && r.std_error > 0)
        design_t(&r, survey_groups_df(g, a, b), conf_level);
    return r;
}

void survey_groups_disclose(struct eval_ctx *c, const struct survey_groups *g, size_t var,
                            bool *hide)
{
    struct survey_domains sd = domains_of(g);
    survey_disclose_domains(c, g->d, var, g->y, &sd, hide);
}
