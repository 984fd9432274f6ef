/*
 * result — see result.h.
 */
#include "stats/result.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

void stat_result_init(struct stat_result *r)
{
    r->status = STAT_OK;
    r->estimate = NAN;
    r->std_error = NAN;
    r->conf_low = NAN;
    r->conf_high = NAN;
    r->conf_level = NAN;
    r->statistic = NAN;
    r->df = NAN;
    r->p_value = NAN;
    r->n = NAN;
    r->message[0] = '\0';
}

void stat_result_fail(struct stat_result *r, enum stat_status status, const char *fmt, ...)
{
    double n = r->n;
    stat_result_init(r);
    r->n = n;
    r->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof(r->message), fmt, ap);
    va_end(ap);
}

void stat_result_note(struct stat_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof(r->message), fmt, ap);
    va_end(ap);
}

const char *stat_status_name(enum stat_status status)
{
    switch (status) {
    case STAT_OK:
        return "ok";
    case STAT_NOT_ESTIMABLE:
        return "not_estimable";
    case STAT_INVALID_INPUT:
        return "invalid_input";
    case STAT_NOT_CONVERGED:
        return "not_converged";
    case STAT_SEPARATION:
        return "separation";
    case STAT_RANK_DEFICIENT:
        return "rank_deficient";
    case STAT_SINGLE_PSU:
        return "single_psu";
    }
    return "unknown";
}
