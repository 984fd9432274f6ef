/*
 * survey_numeric — what an evaluation spec may ask of a number variable (codebook
 * `type = number`: an age, times victimised, hours).  A number question is analysed as
 * its mean, so `measure = indicator` or `score` is refused; a number background
 * variable groups respondents only by the codebook's `bands`, so a subgroup (or `by`)
 * of one without bands is refused.  Both at the spec's file:line, by `trygg run` and
 * `trygg check`, because either would otherwise give an analysis of nothing.
 */
#ifndef TRYGG_EVAL_SURVEY_NUMERIC_H
#define TRYGG_EVAL_SURVEY_NUMERIC_H

#include "eval/spec.h"
#include "store/store.h"
#include "util/diag.h"

/* Checks outcome o (a [survey] or [trend] of spec file `path`) against every codebook
 * version of its survey; errors to dl. */
void survey_numeric_check(struct store *st, const char *path, const struct outcome *o,
                          struct diag_list *dl);

#endif
