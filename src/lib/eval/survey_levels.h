/*
 * survey_levels — the levels of a grouping of respondents, as [trend] and [describe]
 * read `by`: the areas the analysed respondents live in, or the codes a background
 * variable declares.  A level is an area id or a code; a grouping's levels are kept
 * sorted and distinct, so tables list them in the same order in every report.
 */
#ifndef TRYGG_EVAL_SURVEY_LEVELS_H
#define TRYGG_EVAL_SURVEY_LEVELS_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/survey_data.h"

/* Adds value to the sorted, distinct levels[0 .. *n) (*levels grows; free it). */
void survey_levels_add(int **levels, size_t *n, int value);

/* Adds the area id of every respondent of a wave w with wave_used[w] whose area is
 * analysed: area_ok[id] for id < n_area_ok, or every area when area_ok is NULL.
 * Respondents without an area (id <= 0) add none. */
void survey_levels_of_areas(const struct survey_data *d, const bool *wave_used,
                            const bool *area_ok, size_t n_area_ok, int **levels, size_t *n);

/* Adds the codes of variable v that count as answers (not missing) in any codebook
 * version of the survey, whether or not a respondent gave them. */
void survey_levels_of_variable(const struct survey_data *d, size_t v, int **levels, size_t *n);

#endif
