/*
 * exposure — intermittent exposure in daily counts: did incidents change on the
 * days a measure applies (e.g. a youth centre open on public holidays only), with
 * the same kind of days before the change as the baseline?
 *
 * Model (a difference-in-differences in time; Poisson GLM, log link):
 *     log E[y_d] = b0 + b1 flag_d + b2 after_d + b3 exposed_d + dow_d + month_d
 * flag_d = the day is of the kind concerned (a holiday), after_d = the day is on or
 * after the change date, exposed_d = flag_d AND after_d, dow = factor(day of week,
 * Monday = 1), month = factor(month of year) (first level present as reference).
 * exp(b3) is the rate ratio on exposed days: holidays after the change against
 * holidays before it, net of the general before/after change on ordinary days (b2)
 * and of the usual holiday level (b1).  Wald interval (R's confint.default).
 * R counterpart:
 *     glm(y ~ flag + after + exposed + factor(dow) + factor(month), family = poisson)
 * with dow = as.integer(format(date, "%u")), month = as.integer(format(date, "%m")).
 * Source: the segmented/DiD regression of Wing, Simon & Bello-Bravo (2018), applied
 * to days as in time-stratified designs (Bhaskaran et al. 2013, Int J Epidemiol
 * 42:1187: day-of-week and month terms for daily counts).
 */
#ifndef TRYGG_STATS_EXPOSURE_H
#define TRYGG_STATS_EXPOSURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stats/glm.h"
#include "stats/result.h"

struct exposure_spec {
    size_t n;              /* days */
    const double *y;       /* daily counts */
    const int32_t *day;    /* dates as days since 1970-01-01 (R: as.numeric(as.Date(..))) */
    const bool *flag;      /* the day is of the kind concerned (holiday) */
    int32_t change_day;    /* first day of the change (days since 1970-01-01) */
    double conf_level;
    /* No day-of-week terms: for comparisons with weekend days only, where a holiday is
     * taken to behave like a Saturday or Sunday whatever weekday it falls on.  R:
     *     glm(y ~ flag + after + exposed + factor(month), family = poisson)
     * on the flagged days and the comparison days. */
    bool no_weekday;
};

struct exposure_result {
    enum stat_status status;
    struct stat_why why; /* the reason, STAT_R_NONE if none */
    struct glm_result glm;         /* terms "(Intercept)", "flag", "after", "exposed",
                                      "dow2".., "month2".. */
    struct stat_result rate_ratio; /* exp(b_exposed); SE, z, p of b_exposed */
    size_t n_flag_before, n_flag_after;
};

void exposure_result_init(struct exposure_result *r);
void exposure_result_release(struct exposure_result *r);

/* Fits the model; `ws` may be NULL.  Returns r->status: not estimable without flagged
 * days before or after the change, without days of other kinds, when every count on
 * exposed days is zero (STAT_R_EXP_ALL_ZERO), when every count on the flagged days
 * before the change -- the baseline -- is zero (STAT_R_EXP_BASELINE_ZERO), or when the
 * design has more parameters than days. */
enum stat_status exposure_fit(const struct exposure_spec *spec, struct glm_workspace *ws,
                              struct exposure_result *r);

/* Day of week (Monday = 1 .. Sunday = 7) and month (1..12) of a day count since
 * 1970-01-01 (proleptic Gregorian calendar; Hinnant's civil_from_days). */
int exposure_weekday(int32_t day);
int exposure_month(int32_t day);

#endif
