/*
 * result — what every statistical method returns.
 *
 * One struct for one estimate: the estimate, its standard error, a confidence
 * interval, the test statistic with its degrees of freedom and p-value, and the
 * number of observations used.  Fields that do not apply to a method are NaN (the
 * results file writes them as empty cells).  When the input is one that R would
 * refuse or that has no meaningful answer (n = 1, zero variance, an empty group, a
 * fit that does not converge), `status` says so and `message` explains it in words a
 * non-statistician understands; the numeric fields are then NaN unless the message
 * says otherwise.  Methods with several terms (a GLM) return several of these.
 */
#ifndef TRYGG_STATS_RESULT_H
#define TRYGG_STATS_RESULT_H

#include <stdbool.h>
#include <stddef.h>

enum stat_status {
    STAT_OK = 0,
    STAT_NOT_ESTIMABLE,  /* too few observations, zero variance, empty group, ... */
    STAT_INVALID_INPUT,  /* negative counts, weights <= 0, probabilities outside [0,1] */
    STAT_NOT_CONVERGED,  /* an iterative fit stopped before converging */
    STAT_SEPARATION,     /* perfect separation / fitted values at the boundary */
    STAT_RANK_DEFICIENT, /* a design matrix without full column rank */
    STAT_SINGLE_PSU      /* a stratum with one primary sampling unit */
};

#define STAT_MESSAGE_SIZE 240

struct stat_result {
    enum stat_status status;
    double estimate;
    double std_error;
    double conf_low;
    double conf_high;
    double conf_level; /* e.g. 0.95; NaN if no interval */
    double statistic;  /* z, t, chi-square, W, ... as the method documents */
    double df;
    double p_value;
    double n;          /* observations used (a count; double so it can hold sums) */
    char message[STAT_MESSAGE_SIZE]; /* reason when status != STAT_OK, else a caveat or "" */
};

/* Sets every number to NaN, status to STAT_OK and the message to "". */
void stat_result_init(struct stat_result *r);
/* Marks r as failed: status, a message, and every number NaN except n. */
void stat_result_fail(struct stat_result *r, enum stat_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets the message without changing the status (a caveat on a valid result). */
void stat_result_note(struct stat_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline bool stat_ok(const struct stat_result *r) { return r->status == STAT_OK; }
/* Short machine name of a status, e.g. "not_estimable". */
const char *stat_status_name(enum stat_status status);

#endif
