/*
 * result — what every statistical method returns.
 *
 * One struct for one estimate: the estimate, its standard error, a confidence
 * interval, the test statistic with its degrees of freedom and p-value, and the
 * number of observations used.  Fields that do not apply to a method are NaN (the
 * results file writes them as empty cells).  When the input is one that R would
 * refuse or that has no meaningful answer (n = 1, zero variance, an empty group, a
 * fit that does not converge), `status` says so and `why` says which case it is: a
 * stable reason code (enum stat_reason) with its arguments kept as typed fields, never
 * text.  The library stays language-free: eval/reason.h turns a reason into Swedish or
 * English where a report is written, and results.csv carries the code's machine name
 * (stat_reason_name), the same in both languages.  The numeric fields are then NaN
 * unless the reason says otherwise.  A valid result may carry a reason too: a caveat.
 * Methods with several terms (a GLM) return several of these.
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

/* Every reason a statistic could not be computed, or a caveat on one that was.  Each
 * line's comment documents the arguments it takes (num[0..2] and name of struct
 * stat_why; none when it says nothing).  Codes are never renumbered in meaning: a new
 * case gets a new code at the end of its file's block, and eval/reason.c a Swedish and
 * an English text for it (test_eval_reason fails when one is missing). */
#define STAT_REASONS(X) \
    X(NONE, none)           /* no reason */ \
    STAT_REASONS_STATS(X) \
    STAT_REASONS_EVAL(X)

#include "stats/reasons.h"

enum stat_reason {
#define STAT_REASON_ENUM(name, machine) STAT_R_##name,
    STAT_REASONS(STAT_REASON_ENUM)
#undef STAT_REASON_ENUM
    STAT_R_COUNT
};

#define STAT_WHY_NAME_SIZE 160

/* A reason with its arguments. */
struct stat_why {
    enum stat_reason code;
    double num[3];                 /* numbers, as the code's comment says; else NaN */
    char name[STAT_WHY_NAME_SIZE]; /* a name from the data (a column), else "" */
};

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
    struct stat_why why; /* reason when status != STAT_OK, else a caveat or STAT_R_NONE */
};

/* Sets every number to NaN, status to STAT_OK and the reason to none. */
void stat_result_init(struct stat_result *r);
/* Marks r as failed: status, a reason without arguments, and every number NaN except n. */
void stat_result_fail(struct stat_result *r, enum stat_status status, enum stat_reason code);
/* The same with the reason's numbers (as its code documents; pass NAN for unused ones). */
void stat_result_failx(struct stat_result *r, enum stat_status status, enum stat_reason code,
                       double a, double b, double c);
/* The same with a reason copied from another result or fit (borrows why). */
void stat_result_fail_why(struct stat_result *r, enum stat_status status,
                          const struct stat_why *why);
/* Sets the reason without changing the status (a caveat on a valid result). */
void stat_result_note(struct stat_result *r, enum stat_reason code);
void stat_result_notex(struct stat_result *r, enum stat_reason code, double a, double b,
                       double c);
/* Sets why: a code with numbers (NAN for unused ones) and no name. */
void stat_why_set(struct stat_why *w, enum stat_reason code, double a, double b, double c);
/* Sets why's name argument (cut at STAT_WHY_NAME_SIZE - 1 bytes on a UTF-8 boundary). */
void stat_why_name(struct stat_why *w, const char *name);
static inline bool stat_ok(const struct stat_result *r) { return r->status == STAT_OK; }
static inline bool stat_has_why(const struct stat_result *r) { return r->why.code != STAT_R_NONE; }
/* Short machine name of a status, e.g. "not_estimable". */
const char *stat_status_name(enum stat_status status);
/* Stable machine name of a reason, e.g. "no_respondents" ("" for none): what results.csv
 * and run.json carry. */
const char *stat_reason_name(enum stat_reason code);

#endif
