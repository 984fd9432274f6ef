/*
 * survey_disclose — how the survey analyses ask the run's disclosure control
 * (disclosure.h) whether a cell may be published.
 *
 * A cell is the set of respondents whose answers to one question a number rests on;
 * its universe is the survey and the question, so cells of every table, chart and
 * results row of a run that use the same question are checked together (overlapping
 * area sets, pooled waves, trend rows, subgroups).  Without a disclosure object (a
 * caller that runs one evaluation alone) the primary rule applies: 0 < n < min_cell.
 */
#ifndef TRYGG_EVAL_SURVEY_DISCLOSE_H
#define TRYGG_EVAL_SURVEY_DISCLOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/context.h"
#include "eval/survey_common.h"

/* Whether the cell of the respondents `rows` (ascending) answering variable `var` of
 * survey d must be withheld. */
bool survey_disclose_rows(struct eval_ctx *c, const struct survey_data *d, size_t var,
                          const uint32_t *rows, size_t n);

/* For every domain k of sd (respondents of the waves used with a valid value y[i]):
 * hide[k] = whether its numbers must be withheld. */
void survey_disclose_domains(struct eval_ctx *c, const struct survey_data *d, size_t var,
                             const double *y, const struct survey_domains *sd, bool *hide);

/* Whether the universes of the variables `vars` of `survey` may still be told in
 * classes of answer codes made with `tag` (survey_disclose_tag(): none of them was made
 * one of respondent lists, or of classes of other codes, by an earlier analysis of the
 * run): a load into cells (survey_stream.h) has no lists to give. */
bool survey_disclose_classes_open(struct eval_ctx *c, const char *survey,
                                  const char *const *vars, size_t n_vars, const char *tag);

/* The tag of the classes a load whose cells are refined by the variables
 * refine_ids[0..n_refine) makes (a new string): classes of one universe are made
 * alike, whichever spec of the run makes them. */
char *survey_disclose_tag(const char *const *refine_ids, size_t n_refine);

/* The refining variables of the classes the run already made for question `var` of
 * `survey` (new strings into ids, at most SURVEY_REFINE_MAX): a load must have them to
 * turn those classes into lists.  Returns how many. */
size_t survey_disclose_tag_vars(struct eval_ctx *c, const char *survey, const char *var,
                                char **ids);

#endif
