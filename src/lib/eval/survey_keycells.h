/*
 * survey_keycells — the respondents of one wave, for one question, as cells of answer
 * codes: per area, codebook version and code of the question (the key the disclosure
 * control's classes use, survey_disclose.c) × stratum × PSU, the count of respondents,
 * the first of them and the sums of their weights (struct svy_rows).
 *
 * Everything the survey analyses compute from a respondent's wave, area, version and
 * code alone — the domain estimates and their contrasts when the analysed value is a
 * function of the code (survey_domains.y_by_key), the disclosure classes — follows from
 * the cells without another pass over the rows: a wave's cells are counted once per
 * question and kept with the data (struct survey_data.keycells), so the disclosure
 * control's collecting pass, the publishing pass and the "known at the decision date"
 * pass share them.  A wave whose rows the cells cannot stand for (a weight that is not
 * positive and finite, which the row path reports with its row number; nearly one cell
 * per respondent, e.g. clusters of one) is marked unusable and the callers pass over
 * the rows as before.
 *
 * A load may refine the cells by the codes of up to SURVEY_REFINE_MAX background
 * variables (struct survey_data.refine, the run's subgroup variables): a cell's
 * respondents then share those codes too (survey_keycell.bg), so the domains of a
 * subgroup by such a variable (survey_domains.by_cell), its unweighted group tests and
 * the design bootstrap of its Cliff's delta follow from the cells as well.
 */
#ifndef TRYGG_EVAL_SURVEY_KEYCELLS_H
#define TRYGG_EVAL_SURVEY_KEYCELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/survey_data.h"
#include "stats/survey.h"

struct survey_keycell {
    uint64_t key;          /* area << 32 | version << 16 | code (as survey_disclose.c) */
    uint64_t bg;           /* the codes of the refining variables (survey_row_bg()) */
    size_t stratum, psu;   /* design indices (survey_design(); psu SVY_NONE: no clusters) */
    uint32_t first;        /* its first respondent (cells are in the order of these) */
    struct svy_rows rows;  /* count, first weight, Σw, Σ(w − w0), Σ(w − w0)² */
};

struct survey_keycells {
    struct survey_keycell *cell;
    size_t n;
    bool usable;
    bool built;
};

/* The key of respondent i for variable var. */
static inline uint64_t survey_row_key(const struct survey_data *d, size_t var, size_t i)
{
    return (uint64_t)(uint32_t)d->area[i] << 32 | (uint64_t)(uint16_t)d->version[i] << 16 |
           (uint64_t)(uint16_t)d->codes[var][i];
}

/* The codes of respondent i for the variables that refine the cells (struct
 * survey_data.refine), 16 bits each: a cell's respondents share them. */
static inline uint64_t survey_row_bg(const struct survey_data *d, size_t i)
{
    uint64_t bg = 0;
    for (size_t r = 0; r < d->n_refine; r++)
        bg |= (uint64_t)(uint16_t)d->codes[d->refine[r]][i] << (16 * r);
    return bg;
}

/* Whether the cells are refined by variable v's codes (a cell's respondents share v's
 * code, so groups by v are unions of cells). */
static inline bool survey_keycells_refined_by(const struct survey_data *d, size_t v)
{
    for (size_t r = 0; r < d->n_refine; r++)
        if (d->refine[r] == v)
            return true;
    return false;
}

/* The cells of wave `wave` for variable `var`, counted on first use and kept with the
 * data (a memo, as survey_design()'s index; d is not otherwise changed).  NULL when
 * they are unusable: the caller passes over the rows. */
const struct survey_keycells *survey_keycells(const struct survey_data *d, size_t var,
                                              size_t wave);

/* Whether the cells of every wave sd marks are usable for variable var (counting them
 * when needed). */
bool survey_keycells_cover(const struct survey_data *d, size_t var, const bool *waves);

/* Frees the cells kept with d (survey_data_release calls it). */
void survey_keycells_release(struct survey_data *d);

#endif
