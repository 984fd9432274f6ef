/*
 * result — see result.h.
 */
#include "stats/result.h"

#include <math.h>
#include <string.h>

void stat_why_set(struct stat_why *w, enum stat_reason code, double a, double b, double c)
{
    w->code = code;
    w->num[0] = a;
    w->num[1] = b;
    w->num[2] = c;
    w->name[0] = '\0';
}

void stat_why_name(struct stat_why *w, const char *name)
{
    size_t len = name ? strlen(name) : 0;
    if (len > sizeof(w->name) - 1) {
        len = sizeof(w->name) - 1;
        while (len > 0 && ((unsigned char)name[len] & 0xC0) == 0x80)
            len--; /* not inside a UTF-8 sequence */
    }
    if (len)
        memcpy(w->name, name, len);
    w->name[len] = '\0';
}

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
    stat_why_set(&r->why, STAT_R_NONE, NAN, NAN, NAN);
}

void stat_result_failx(struct stat_result *r, enum stat_status status, enum stat_reason code,
                       double a, double b, double c)
{
    double n = r->n;
    stat_result_init(r);
    r->n = n;
    r->status = status;
    stat_why_set(&r->why, code, a, b, c);
}

void stat_result_fail(struct stat_result *r, enum stat_status status, enum stat_reason code)
{
    stat_result_failx(r, status, code, NAN, NAN, NAN);
}

void stat_result_fail_why(struct stat_result *r, enum stat_status status,
                          const struct stat_why *why)
{
    struct stat_why copy = *why; /* why may point into r */
    stat_result_fail(r, status, STAT_R_NONE);
    r->why = copy;
}

void stat_result_note(struct stat_result *r, enum stat_reason code)
{
    stat_why_set(&r->why, code, NAN, NAN, NAN);
}

void stat_result_notex(struct stat_result *r, enum stat_reason code, double a, double b,
                       double c)
{
    stat_why_set(&r->why, code, a, b, c);
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

static const char *const reason_names[STAT_R_COUNT] = {
#define STAT_REASON_STRING(name, machine) #machine,
    STAT_REASONS(STAT_REASON_STRING)
#undef STAT_REASON_STRING
};

const char *stat_reason_name(enum stat_reason code)
{
    if ((unsigned)code >= STAT_R_COUNT || code == STAT_R_NONE)
        return "";
    return reason_names[code];
}
