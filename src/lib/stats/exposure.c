/*
 * exposure — see exposure.h.
 */
#include "stats/exposure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int exposure_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int64_t w = ((int64_t)day + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

int exposure_month(int32_t day)
{
    /* H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", civil_from_days. */
    int64_t z = (int64_t)day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    return (int)(mp < 10 ? mp + 3 : mp - 9);
}

void exposure_result_init(struct exposure_result *r)
{
    memset(r, 0, sizeof(*r));
    glm_result_init(&r->glm);
    stat_result_init(&r->rate_ratio);
}

void exposure_result_release(struct exposure_result *r)
{
    if (!r)
        return;
    glm_result_release(&r->glm);
    exposure_result_init(r);
}

static enum stat_status fail_why(struct exposure_result *r, enum stat_status st,
                                 const struct stat_why *why)
{
    struct stat_why copy = *why; /* why may point into r */
    r->status = st;
    r->why = copy;
    stat_result_fail_why(&r->rate_ratio, st, &copy);
    return st;
}

static enum stat_status fail(struct exposure_result *r, enum stat_status st,
                             enum stat_reason code)
{
    struct stat_why why;
    stat_why_set(&why, code, NAN, NAN, NAN);
    return fail_why(r, st, &why);
}

enum stat_status exposure_fit(const struct exposure_spec *spec, struct glm_workspace *ws,
                              struct exposure_result *r)
{
    size_t n = spec->n;
    stat_result_init(&r->rate_ratio);
    r->status = STAT_OK;
    stat_why_set(&r->why, STAT_R_NONE, NAN, NAN, NAN);
    r->n_flag_before = r->n_flag_after = 0;
    if (n == 0 || !spec->y || !spec->day || !spec->flag)
        return fail(r, STAT_NOT_ESTIMABLE, STAT_R_EXP_NO_DAYS);
    bool dow_present[8] = {false}, month_present[13] = {false};
    size_t n_plain = 0;
    double exposed_sum = 0, baseline_sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!spec->no_weekday)
            dow_present[exposure_weekday(spec->day[i])] = true;
        month_present[exposure_month(spec->day[i])] = true;
        bool after = spec->day[i] >= spec->change_day;
        if (spec->flag[i]) {
            if (after) {
                r->n_flag_after++;
                exposed_sum += spec->y[i];
            } else {
                r->n_flag_before++;
                baseline_sum += spec->y[i];
            }
        } else {
            n_plain++;
        }
    }
    if (r->n_flag_before == 0)
        return fail(r, STAT_NOT_ESTIMABLE, STAT_R_EXP_NONE_BEFORE);
    if (r->n_flag_after == 0)
        return fail(r, STAT_NOT_ESTIMABLE, STAT_R_EXP_NONE_AFTER);
    if (n_plain == 0)
        return fail(r, STAT_NOT_ESTIMABLE, STAT_R_EXP_NO_PLAIN);
    int dow_ref = 0, month_ref = 0;
    size_t p = 4;
    for (int k = 1; k <= 7; k++)
        if (dow_present[k]) {
            if (!dow_ref)
                dow_ref = k;
            else
                p++;
        }
    for (int k = 1; k <= 12; k++)
        if (month_present[k]) {
            if (!month_ref)
                month_ref = k;
            else
                p++;
        }
    if (n < p)
        return fail(r, STAT_NOT_ESTIMABLE, STAT_R_EXP_TOO_FEW_DAYS);
    double *x = xcalloc(n * p, sizeof(double));
    char(*names)[GLM_NAME_SIZE] = xcalloc(p, sizeof(*names));
    const char **np = xcalloc(p, sizeof(*np));
    snprintf(names[0], GLM_NAME_SIZE, "(Intercept)");
    snprintf(names[1], GLM_NAME_SIZE, "flag");
    snprintf(names[2], GLM_NAME_SIZE, "after");
    snprintf(names[3], GLM_NAME_SIZE, "exposed");
    for (size_t i = 0; i < n; i++) {
        bool after = spec->day[i] >= spec->change_day;
        x[i] = 1;
        x[n + i] = spec->flag[i] ? 1 : 0;
        x[2 * n + i] = after ? 1 : 0;
        x[3 * n + i] = spec->flag[i] && after ? 1 : 0;
    }
    size_t c = 4;
    for (int k = 1; k <= 7; k++) {
        if (!dow_present[k] || k == dow_ref)
            continue;
        snprintf(names[c], GLM_NAME_SIZE, "dow%d", k);
        for (size_t i = 0; i < n; i++)
            x[c * n + i] = exposure_weekday(spec->day[i]) == k;
        c++;
    }
    for (int k = 1; k <= 12; k++) {
        if (!month_present[k] || k == month_ref)
            continue;
        snprintf(names[c], GLM_NAME_SIZE, "month%d", k);
        for (size_t i = 0; i < n; i++)
            x[c * n + i] = exposure_month(spec->day[i]) == k;
        c++;
    }
    for (size_t j = 0; j < p; j++)
        np[j] = names[j];
    struct glm_data gd = {.n = n, .p = p, .x = x, .y = spec->y, .names = np, .intercept = true};
    struct glm_options opt = glm_options_default(GLM_POISSON);
    opt.conf_level = spec->conf_level;
    glm_fit(&gd, &opt, ws, &r->glm);
    const struct glm_result *g = &r->glm;
    if (g->status == STAT_INVALID_INPUT || g->rank == 0) {
        fail_why(r, g->status, &g->why);
    } else if (exposed_sum == 0) {
        fail(r, STAT_NOT_ESTIMABLE, STAT_R_EXP_ALL_ZERO);
    } else if (baseline_sum == 0) {
        /* the flagged days before the change, the baseline, are all zero: the exposed
         * term runs off to +infinity as the flag term runs to -infinity.  Said as the
         * baseline's zeros, not as the exposed days' (the GLM's boundary message names
         * the term "exposed", whose own counts are not zero) */
        fail(r, STAT_NOT_ESTIMABLE, STAT_R_EXP_BASELINE_ZERO);
        r->rate_ratio.n = (double)n;
    } else {
        const struct stat_result *t = &g->term[3];
        r->rate_ratio = *t;
        if (isfinite(t->estimate)) {
            r->rate_ratio.estimate = exp(t->estimate);
            r->rate_ratio.conf_low = exp(t->conf_low);
            r->rate_ratio.conf_high = exp(t->conf_high);
        }
        r->status = t->status;
        if (t->status == STAT_OK)
            stat_why_set(&r->why, STAT_R_NONE, NAN, NAN, NAN);
        else
            r->why = t->why;
    }
    free(x);
    free(names);
    free(np);
    return r->status;
}
