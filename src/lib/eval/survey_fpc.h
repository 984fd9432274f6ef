/*
 * survey_fpc — the finite population correction of a loaded survey: the population
 * size of each respondent's stratum, from the [population] sections of the
 * respondent's codebook (docs/formats.md; R: svydesign(fpc = ~N)).
 *
 * For every respondent: the size given for its wave ([population WAVE]) or else for
 * every wave of its codebook ([population]), for its stratum (`stratum.LABEL`, labels
 * matched as data cells are) or for the whole sample (`total`, a survey without
 * strata).  Respondents whose codebook declares no population get none (no
 * correction).  Checked here, as input errors at the codebook's file:line: a stratum
 * with respondents but no size, a size smaller than the sample drawn from it (people,
 * or clusters when the survey has clusters), two codebooks of one wave that disagree.
 *
 * When the respondent's codebook names no weight column, the weight becomes N_h/n_h
 * (n_h the respondents or clusters sampled in the wave's stratum), as svydesign()
 * derives weights from fpc when none are given.
 */
#ifndef TRYGG_EVAL_SURVEY_FPC_H
#define TRYGG_EVAL_SURVEY_FPC_H

#include "eval/survey_data.h"
#include "store/store.h"
#include "util/diag.h"

/* Sets d->pop (NULL when no codebook of the survey declares a population) and, where
 * the codebook has no weight column, d->weight.  Returns 0, or -1 with the problem in
 * dl. */
int survey_fpc_prepare(struct store *st, struct survey_data *d, struct diag_list *dl);

#endif
