/*
 * survey — design-based estimates for weighted (and optionally stratified and
 * clustered) survey samples, with the semantics of R's `survey` package:
 *
 *     des <- svydesign(ids = ~psu or ~1, strata = ~stratum or NULL, weights = ~w, data = d)
 *     svymean(~y, des, na.rm = TRUE, deff = TRUE)          mean / proportion, SE, deff
 *     svyciprop(~y, des, method = "logit")                  CI of a proportion
 *     svyby(~y, ~group, des, svymean, na.rm = TRUE, ...)   the same per domain (group)
 *
 * Variance by Taylor linearisation, with-replacement sampling of primary sampling
 * units (PSUs) within strata (Wolter 2007, ch. 6; Lumley 2010, ch. 2 and app. C):
 * with z_i = w_i (y_i − m) / Σw for the rows of the domain (0 for every other row),
 * z_hj the total of z over PSU j of stratum h, and n_h the number of PSUs in stratum
 * h of the whole design,
 *     Var(m) = Σ_h n_h/(n_h − 1) Σ_j (z_hj − z̄_h)².
 * Rows outside the domain and rows with a missing y are zero contributions in their
 * own strata, exactly as R's subset of a design keeps it (so n_h counts them).
 * With ids = ~1 every row is its own PSU.
 *
 * One pass, memory proportional to strata × domains (no clusters) or PSUs × domains
 * (clusters), never to the number of rows: an accumulator (svy_acc) takes the rows one
 * at a time — from an array, a file or a database cursor — and every domain is
 * estimated at the end.  Rows are accumulated as centred co-moments (Welford 1962;
 * West 1979) per stratum × domain (no clusters; shifted by the cell's first value)
 * or as weighted running means per PSU × domain (clusters), so that the variance is
 * computed without the cancellation of naive sums of squares.
 *
 * Indices (stratum, PSU, domain) are small non-negative integers chosen by the
 * caller; memory grows with the largest index seen.  PSU indices are global (a PSU
 * lies within one stratum; R: nest = FALSE).  A missing y is NaN.  Weights must be
 * positive and finite.  A stratum with a single PSU is an error (STAT_SINGLE_PSU) for
 * every domain that has answers in it, as with R's default
 * options(survey.lonely.psu = "fail").
 *
 * Finite population correction (R: svydesign(fpc = ~N)): with a population size N_h
 * declared for stratum h — the number of PSUs in the population stratum, or of
 * people when ids = ~1 — the stratum's term is multiplied by f_h = (N_h − n_h)/N_h,
 * n_h being its sampled PSUs (rows without clusters):
 *     Var(m) = Σ_h f_h n_h/(n_h − 1) Σ_j (z_hj − z̄_h)².
 * A stratum sampled completely (f_h = 0) adds nothing and, as in R, is no error even
 * with a single PSU.  N_h < n_h is an error, as in R ("FPC implies >100% sampling").
 * The design effect keeps R's definition (its simple-random-sampling variance uses
 * 1 − n/Σw whatever the fpc), so it changes only through Var(m).
 *
 * Details, degenerate cases and the exact R calls: docs/methods/survey-and-two-groups.md.
 */
#ifndef TRYGG_STATS_SURVEY_H
#define TRYGG_STATS_SURVEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stats/result.h"

/* "No stratum / no PSU / in no domain". */
#define SVY_NONE SIZE_MAX
/* Largest stratum or PSU index accepted (a guard against garbage indices). */
#define SVY_MAX_INDEX ((size_t)1 << 28)

/* The estimate for one domain. */
struct svy_estimate {
    /* svymean: estimate, std_error, normal interval as confint(svymean(...)),
     * n = valid answers in the domain. */
    struct stat_result mean;
    /* svyciprop(method = "logit"): estimate, std_error (of the proportion), interval
     * expit(logit(p) ± t_{df,1−α/2} · SE/(p(1 − p))), df = degf of the domain.
     * Only for 0/1 variables; STAT_NOT_ESTIMABLE otherwise or when p is 0 or 1. */
    struct stat_result prop;
    /* Design effect as svymean(..., deff = TRUE): Var / (svyvar/n · (1 − n/Σw)).  When
     * Σw ≤ n (weights that do not sum to a population) R gives NA or Inf; here the
     * status is STAT_NOT_ESTIMABLE with a message, and deff_replace still applies. */
    struct stat_result deff;
    double deff_replace;  /* svymean(..., deff = "replace"): Var / (svyvar/n) */
    double n_eff;         /* n / deff (NaN when deff is not estimable) */
    double n_eff_replace; /* n / deff_replace */
    double n_valid;       /* rows of the domain with a valid y */
    double n_missing;     /* rows of the domain with y missing */
    double sum_weights;   /* Σw over the valid rows */
    double df;            /* degf(domain design): PSUs − strata with rows in the domain */
};

/* ---------------------------------------------------------------- one pass */

struct svy_acc;

/* Returns a new accumulator for n_domains domains (free with svy_acc_free()).
 * has_strata: rows carry a stratum index (else one stratum).  clustered: rows carry a
 * PSU index (ids = ~psu; else ids = ~1, every row its own PSU). */
struct svy_acc *svy_acc_new(size_t n_domains, bool has_strata, bool clustered);
void svy_acc_free(struct svy_acc *acc);

/*
 * Declares the population size of stratum `stratum` (index as in svy_acc_add; 0 when
 * the accumulator has no strata) for the finite population correction: PSUs in the
 * population stratum (people when ids = ~1).  INFINITY (the default) means no
 * correction.  Call before or after adding rows; checked at estimation time.
 * Returns 0, or −1 (the accumulator is refused) for N not a number ≥ 1 or a bad index.
 */
int svy_acc_set_population(struct svy_acc *acc, size_t stratum, double N);

/*
 * Names stratum h in the user's terms, for the reason a stratum with a single PSU gives
 * (STAT_R_SVY_LONELY_*), in no language: writes the stratum as the user knows it and
 * its wave separated by '\x1f' to buf (e.g. "'11' (STRATUM)\x1f2021") and returns
 * true, or, when the index stands for a sample that is not stratified (e.g. one wave of
 * an unstratified survey), writes the wave ("2021") and returns false.  Without a namer
 * the reason gives the index.
 */
typedef bool (*svy_stratum_namer)(const void *ctx, size_t stratum, char *buf, size_t size);
/* Sets the namer and its context (borrowed; must outlive the estimates). */
void svy_acc_name_strata(struct svy_acc *acc, svy_stratum_namer name, const void *ctx);

/*
 * Adds one row: y (NaN = missing), weight w, stratum and psu (ignored unless the
 * accumulator has strata / clusters), and the domains it belongs to (domains[0..nd);
 * indices < n_domains; a row may belong to several domains, e.g. its wave and its
 * wave × sex group, or to none).  Borrows `domains`.  Returns 0, or −1 if the row is
 * refused (bad weight, index out of range, PSU in two strata): the accumulator then
 * keeps the first such reason, ignores further rows, and every estimate reports it.
 */
int svy_acc_add(struct svy_acc *acc, double y, double w, size_t stratum, size_t psu,
                const size_t *domains, size_t nd);

/*
 * Rows that share y, stratum, PSU and domains, added at once (a cell of a table of
 * answer codes; eval/survey_keycells.h): n ≥ 1 rows, the first one's weight w0, Σw,
 * and Σ(w − w0), Σ(w − w0)² (sums relative to the first weight keep the cell's spread
 * of weights without the cancellation of Σw² − (Σw)²/n).  Every weight must be
 * positive and finite: the caller checked each one (a refused row's number, which
 * svy_acc_add reports, is not known here).  The estimates are those of adding the n
 * rows one at a time with svy_acc_add, in the order of the cells' first rows, up to
 * rounding (the sums are regrouped).  Returns 0, or −1 if refused (as svy_acc_add).
 */
struct svy_rows {
    double n, w0, sw, sdw, sdw2;
};
int svy_acc_add_rows(struct svy_acc *acc, double y, const struct svy_rows *r, size_t stratum,
                     size_t psu, const size_t *domains, size_t nd);
/* The estimate for one domain (any number of times, after any number of rows). */
void svy_acc_estimate(const struct svy_acc *acc, size_t domain, double conf_level,
                      struct svy_estimate *out);

/*
 * The design standard error of Σ_k coef[k]·m_k (coef: n_domains entries, mean[k] the
 * domain's estimate from svy_acc_estimate, used where coef[k] ≠ 0), linearised as R's
 * svycontrast() on svyby(..., covmat = TRUE): the variance of Σ_i w_i u_i with
 * u_i = Σ_k coef[k] 1[i ∈ k] (y_i − m_k) / W_k over every row added (rows in no domain
 * of the contrast count as u = 0 in their strata).  From the cells, without the rows:
 * only when no valid row was added to two domains of the contrast.
 * Returns 0 when it cannot (the caller must then pass over the rows), else 1 with *se,
 * or with *status ≠ STAT_OK and the reason in *why (a stratum with one PSU, rows refused).
 */
int svy_acc_contrast(const struct svy_acc *acc, const double *coef, const double *mean,
                     double *se, enum stat_status *status, struct stat_why *why);

/* ---------------------------------------------------------------- arrays */

/* A sample held in arrays (all borrowed). */
struct svy_design {
    size_t n;
    const double *y;       /* NaN = missing */
    const double *w;       /* > 0 */
    const size_t *stratum; /* NULL: no strata */
    const size_t *psu;     /* NULL: ids = ~1 */
    const double *fpc;     /* NULL: no finite population correction; else per row the
                              population size of its stratum (R: fpc = ~N), the same
                              for every row of a stratum */
};

/*
 * svyby(~y, ~domain, design, svymean): one pass over the rows, out[0..n_domains).
 * domain[i] is row i's domain (SVY_NONE: in none); domain NULL estimates the whole
 * sample as domain 0 (svymean(~y, design)).  Returns 0, or −1 if the rows were
 * refused (every out[] then carries the reason).
 */
int svy_by(const struct svy_design *d, const size_t *domain, size_t n_domains,
           double conf_level, struct svy_estimate *out);

/*
 * Difference between two independent samples (e.g. two survey waves), after − before:
 * estimate = m_after − m_before, SE = sqrt(SE_after² + SE_before²), normal interval,
 * statistic = z, two-sided p-value.  Uses estimate and std_error of the two results
 * (e.g. svy_estimate.mean or .prop).
 */
struct stat_result svy_diff(const struct stat_result *after, const struct stat_result *before,
                            double conf_level);

#endif
