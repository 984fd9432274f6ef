/*
 * survey_common — what the survey analyses ([survey] before/after and [trend] over
 * waves) share: turning a respondent's code into the analysed value, the design
 * (strata and PSUs made unique per wave, because each wave is its own sample), and
 * design-based standard errors of contrasts between domain estimates.
 *
 * Contrasts (a difference between two waves, a difference-in-differences) are
 * linearised as R's svycontrast() on svyby(..., covmat = TRUE) does it: for the domain
 * means m_k with weight totals W_k and coefficients c_k, each row gets
 *     u_i = Σ_k c_k · 1[i ∈ k] · (y_i − m_k) / W_k
 * and the variance of Σ w_i u_i is the design variance of the contrast.  This keeps
 * the covariance between domains that share strata or PSUs, which a difference of two
 * separately computed standard errors would ignore.
 */
#ifndef TRYGG_EVAL_SURVEY_COMMON_H
#define TRYGG_EVAL_SURVEY_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/context.h"
#include "eval/survey_data.h"
#include "stats/survey.h"

/* The measure an outcome uses: the spec's, or the default for the variable
 * (indicator when the codebook declares one, else the mean on the scale). */
enum survey_measure survey_measure_for(const struct survey_data *d, size_t v,
                                       enum survey_measure asked);

/* The analysed value of respondent i's answer to variable v: 0/1 for the indicator,
 * the code for the mean (codes on the scale only), the score for the score; NaN when
 * the answer is missing, a missing code or off the scale. */
double survey_value(const struct survey_data *d, size_t v, size_t i, enum survey_measure m,
                    bool harmonize);

/* The `outcome` of a survey result row (results.h), a new string: "T01: Otrygg" (the
 * question and its indicator label), "T01: score" or "T01: mean".  With label NULL it
 * is the id: the codebook's primary (Swedish) indicator label, so the same in every
 * report language, as the group column takes the primary value labels; with the
 * indicator label of the report language it is the title. */
char *survey_outcome_id(const struct cb_variable *cbv, enum survey_measure m, const char *label);

/*
 * survey_value() and the position of the (harmonised) code on a list of codes, asked
 * once per codebook version and code and then looked up: a loop over a million
 * respondents otherwise asks the codebook the same few questions a million times.  A
 * slot is filled from the first respondent with that version and code (so it is what
 * survey_value() and survey_code() say); codes outside the version's declared range,
 * and number variables (whose value is not their code), are asked every time.  Release with survey_code_table_release().
 */
struct survey_code_slot {
    double value;  /* survey_value() */
    int pos;       /* position of survey_code() in `codes`, or -1; -2: not yet asked */
};
struct survey_code_table {
    const struct survey_data *d;
    size_t var;
    enum survey_measure measure;
    bool harmonize;
    int *lo;                        /* per version: the first code of the table */
    size_t *n;                      /* per version: codes in the table (0: none) */
    struct survey_code_slot **slot; /* per version: n[version] slots */
    int *codes;                     /* the list pos refers to (a copy) */
    size_t n_codes;
};
/* codes/n_codes: the list `pos` refers to (NULL, 0: every pos is -1). */
void survey_code_table_init(struct survey_code_table *t, const struct survey_data *d, size_t v,
                            enum survey_measure m, bool harmonize, const int *codes,
                            size_t n_codes);
void survey_code_table_release(struct survey_code_table *t);
/* Asks survey_value() and survey_code() for respondent i, into *out. */
void survey_code_slot_fill(const struct survey_code_table *t, size_t i,
                           struct survey_code_slot *out);
/* Respondent i's value and position; *tmp holds them when the table has no slot. */
static inline const struct survey_code_slot *
survey_code_slot(struct survey_code_table *t, size_t i, struct survey_code_slot *tmp)
{
    const struct survey_data *d = t->d;
    int code = d->codes[t->var][i];
    size_t ver = (size_t)d->version[i];
    size_t k = (size_t)((long)code - (long)t->lo[ver]);
    struct survey_code_slot *s = code != CODEBOOK_NO_ANSWER && k < t->n[ver] ? &t->slot[ver][k]
                                                                             : tmp;
    if (s == tmp || s->pos == -2)
        survey_code_slot_fill(t, i, s);
    return s;
}

/* The first codebook version's description of variable v (for texts and labels). */
const struct cb_variable *survey_var_any(const struct survey_data *d, size_t v);

/* The opening every question-based survey section shares: loads the outcome's survey,
 * writes the section heading and finds its first question.  Returns the question's
 * variable index with *out the data; -1 when the question is not in the imported answers
 * (the section says so); -2 when the survey cannot be loaded. */
int survey_outcome_open(struct eval_ctx *c, const struct outcome *o, struct survey_data **out);

/* Strata and PSUs of the respondents (struct survey_design_index, survey_data.h), built
 * on the first call and kept with the data: every analysis of the survey shares it. */
const struct survey_design_index *survey_design(struct survey_data *d);

/* The finite population correction of design x (codebook [population], each stratum's
 * N_h) set on a new accumulator: every variance of the design's estimates uses it, as
 * R's svydesign(fpc = ~N) does for svymean, svyby and svyglm alike. */
struct svy_acc;
void survey_design_apply_fpc(const struct survey_design_index *x, struct svy_acc *acc);

/*
 * The domains of one accumulator: dom(i, out) writes the domains of respondent i
 * (at most `max_per_row`) and returns how many.  Only the rows of the waves w with
 * waves[w] true are part of the design (the waves analysed); the others are not read.
 */
struct survey_domains {
    size_t n_domains;
    size_t max_per_row;
    size_t (*dom)(const void *ctx, size_t i, size_t *out);
    const bool *waves;
    const void *ctx;
    /* dom(i) depends only on respondent i's wave, area, codebook version and code of
     * the question analysed (no other variable): the disclosure control may then
     * describe each domain by the classes of those keys it unites instead of listing
     * its respondents (survey_disclose.h) */
    bool by_key;
    /* dom(i) depends only on respondent i's key (as by_key) and the codes of the
     * variables that refine the answer-code cells (struct survey_data.refine; a
     * subgroup by such a variable): the domains then follow the cells as well, and the
     * disclosure control's classes (made of the same codes) describe them */
    bool by_cell;
    /* with by_key or by_cell: the analysed value y[i] is, within a wave, a function of respondent
     * i's codebook version and code of variable key_var (not a number variable's
     * number): the estimates may then come from the answer-code cells of
     * survey_keycells.h instead of a pass over the rows */
    bool y_by_key;
    size_t key_var;
};

/* Estimates every domain: one pass.  est gets n_domains entries.  Returns 0 or -1 (the
 * rows were refused; every estimate carries the reason). */
int survey_estimate_domains(const struct survey_data *d, const double *y,
                            const struct survey_design_index *x, const struct survey_domains *sd,
                            double conf_level, struct svy_estimate *est);

/*
 * The contrast Σ coef[k]·mean_k with its design-based SE, normal interval, z and
 * two-sided p; coef has n_domains entries (0 for domains not in the contrast).  n is
 * the number of valid answers in the domains used.  Not estimable when a domain used
 * has no valid answers or failed.
 */
struct stat_result survey_contrast(const struct survey_data *d, const double *y,
                                   const struct survey_design_index *x,
                                   const struct survey_domains *sd, const struct svy_estimate *est,
                                   const double *coef, double conf_level);

/*
 * The same estimates as survey_estimate_domains(), keeping the cells (sufficient
 * statistics per stratum or PSU × domain) so that contrasts between the domains need
 * no further pass over the rows: survey_cells_contrast() gives what survey_contrast()
 * gives, from the cells when no respondent is in two domains of the contrast, else by
 * a pass over the rows.  The cells borrow d and x.  Free with survey_cells_free().
 */
struct survey_cells;
struct survey_cells *survey_estimate_cells(const struct survey_data *d, const double *y,
                                           const struct survey_design_index *x,
                                           const struct survey_domains *sd, double conf_level,
                                           struct svy_estimate *est);
struct stat_result survey_cells_contrast(const struct survey_cells *cells,
                                         const struct survey_data *d, const double *y,
                                         const struct survey_design_index *x,
                                         const struct survey_domains *sd,
                                         const struct svy_estimate *est, const double *coef,
                                         double conf_level);
void survey_cells_free(struct survey_cells *cells);

/* A methods paragraph on the finite population correction when the survey declares
 * population sizes (d->pop), naming the analysis `what`; nothing otherwise. */
void survey_document_fpc(struct eval_ctx *c, const struct survey_data *d, const char *what);

/* The label of a code of a background variable (first version that declares it),
 * in the report language; NULL if undeclared. */
const char *survey_code_label(const struct survey_data *d, size_t v, int code, const char *lang);

/*
 * A stratum with one PSU (R stops: survey.lonely.psu = "fail") is an input error:
 * when an estimate of est[0..n) failed so, the report gets a callout and the run an
 * error naming the outcome's section and the stratum, and this returns true (the
 * analysis then reports the outcome as not analysed).
 */
bool survey_refuse_single_psu(struct eval_ctx *c, const struct outcome *o,
                              const struct svy_estimate *est, size_t n);

#endif
