/*
 * results — the machine-readable results of an evaluation: one row per estimate.
 *
 * This is what results.csv, results.xlsx and run.json are written from, and what the
 * reports' tables are built from.  Vocabulary (docs/results.md): `method` names the
 * statistical method (wilson, newcombe, chisq, welch_t, cohen_d, hedges_g,
 * mann_whitney, cliff_delta, chisq_kx2, svymean, svyciprop, svydiff, deff,
 * trend_chisq, logit_trend, poisson_exact, its_poisson, its_quasipoisson, its_negbin,
 * did_poisson, did_quasipoisson, did_negbin, res, res_od, wdq, wdd, intermittent_poisson, placebo, power_prop,
 * cronbach_alpha, describe), `term` what the number is (before, after, difference,
 * proportion, mean, rate_ratio, level_change, slope_change, did, ratio, odds_ratio,
 * slope, alpha_raw, alpha_std, n_per_group, detectable_p2, ...).
 */
#ifndef TRYGG_EVAL_RESULTS_H
#define TRYGG_EVAL_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "stats/result.h"
#include "util/strmap.h"

struct result_row {
    char *analysis; /* the spec section id, e.g. "unsafe_night" */
    char *outcome;  /* what was measured, e.g. "T01: Otrygg" or "narkotika": an id, the
                       same whatever the report language (results_title says it in
                       the report's language) */
    char *group;    /* subgroup or area, "" for all */
    char *method;   /* vocabulary above */
    char *term;     /* vocabulary above */
    struct stat_result r; /* estimate, std_error, conf_low/high, statistic, df, p_value, n */
    double p_holm, p_bh;  /* NaN unless the row is part of an adjusted family */
    int family;           /* rows with the same family > 0 are adjusted together */
    bool suppressed;      /* drawn from fewer than min-cell respondents: numbers withheld */
    char *note;           /* plain-language caveat or reason; "" if none */
};

struct results {
    char *evaluation; /* evaluation id */
    double conf_level; /* the run's confidence level (spec conf_level); NaN until set */
    struct result_row *rows;
    size_t n, alloc;
    int next_family;
    /* what each (analysis, outcome) is called in the report language, in the order
     * first given (results_set_title) */
    struct result_title *titles;
    size_t n_titles, titles_alloc;
    struct strmap title_index; /* "analysis\x1foutcome" -> index into titles */
};

struct result_title {
    char *analysis, *outcome, *title;
};

void results_init(struct results *res, const char *evaluation);
void results_release(struct results *res);
/* Room for `more` rows beyond those added, so that adding thousands (a screening) does
 * not grow the array by copies: each copy faults in fresh pages. */
void results_reserve(struct results *res, size_t more);
/* Appends a row (strings copied; note may be NULL); returns it. */
struct result_row *results_add(struct results *res, const char *analysis, const char *outcome,
                               const char *group, const char *method, const char *term,
                               const struct stat_result *r, const char *note);
/* Says what the outcome `outcome` of `analysis` is called in the report language, when
 * that is not the id itself (a survey outcome's id takes the codebook's primary labels;
 * its title the report language's).  A later call for the same pair replaces it. */
void results_set_title(struct results *res, const char *analysis, const char *outcome,
                       const char *title);
/* The title of (analysis, outcome): the one set, else the outcome id itself. */
const char *results_title(const struct results *res, const char *analysis, const char *outcome);
/* The confidence level of a row's interval: the method's own (stat_result.conf_level)
 * or else the run's; NaN when the row has no interval. */
double result_row_conf_level(const struct results *res, const struct result_row *row);
/* The stable machine name of why a row's number is missing or qualified (the code of
 * r.why, stats/reasons.h: "svy_empty", "boot_bca_one_side", ...), "suppressed" for a
 * withheld row (its own reason could describe the small group), "" for none: what
 * results.csv, results.xlsx and run.json carry beside the English note, the same in
 * every report language. */
const char *result_row_reason(const struct result_row *row);
/* A new family id for p-value adjustment. */
int results_new_family(struct results *res);
/* Fills p_holm and p_bh for every family (Holm and Benjamini-Hochberg over the rows of
 * the family that have a p-value and are not suppressed). */
void results_adjust(struct results *res);

#endif
