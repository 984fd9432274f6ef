/*
 * describe_alpha — the internal consistency of the codebook's item groups in a
 * [describe] section: Cronbach's alpha (raw, with psych's ase and interval, and
 * standardised; stats/reliability.h) per wave, for every item group (`group = NAME` in
 * the codebook) of which the section describes two or more items.
 *
 * The items are read as the section reads them (survey_value with its measure: the code
 * on the scale, a number, or the score), each item of the codebook's direction
 * (`reversed = yes`: a higher code is better) turned round first, so that a higher value
 * is the worse answer on every item (psych::alpha(x, keys = the reversed items)).  The
 * rows are the wave's respondents in the section's areas who answered at least one of the
 * items; missing answers are pairwise, as psych does.  A wave whose rows are fewer than
 * the run's minimum cell is withheld.
 *
 * Rows: method `cronbach_alpha`, terms `raw` and `standardized`, outcome `index: NAME`,
 * group `wave W`.  R: tests/r/ref_describe_alpha.R.
 */
#ifndef TRYGG_EVAL_DESCRIBE_ALPHA_H
#define TRYGG_EVAL_DESCRIBE_ALPHA_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/context.h"
#include "eval/survey_data.h"

/* vars: the section's variables (indices into d), n_vars of them; wave_used per wave;
 * row_ok(ctx, i): respondent i is in the section's areas.  Adds the rows and a table. */
void describe_alpha(struct eval_ctx *c, const struct outcome *o, const struct survey_data *d,
                    const size_t *vars, size_t n_vars, const bool *wave_used,
                    bool (*row_ok)(const void *ctx, size_t i), const void *ctx);

#endif
