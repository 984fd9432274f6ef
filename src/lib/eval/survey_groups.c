/*
 * survey_groups — see survey_groups.h.
 */
#include "eval/survey_groups.h"

#include <stdlib.h>

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
    return r;
}

void survey_groups_disclose(struct eval_ctx *c, const struct survey_groups *g, size_t var,
                            bool *hide)
{
    struct survey_domains sd = domains_of(g);
    survey_disclose_domains(c, g->d, var, g->y, &sd, hide);
}
