/*
 * survey_stream — a survey read in one pass straight into answer-code cells, without a
 * row per respondent.
 *
 * survey_data_load() keeps every respondent's wave, area, weight, design keys and
 * codes: about 30 bytes plus 2 per variable per respondent, so a run's memory grows
 * with the survey.  When every analysis of the run that reads the survey computes its
 * numbers from the answer-code cells of survey_keycells.h (survey_stream_suits()), the
 * stream load instead decodes each stored block into the cells of every variable and
 * wave as it reads it — count, first respondent, Σw and the centred weight sums per
 * area × codebook version × code × stratum × PSU — and keeps as rows only the
 * respondents that open a cell (a cell's `first`).  Those rows stand for their cells:
 * everything the cell paths read of a respondent (wave, area, version, the code of the
 * variable analysed, the design keys) is the same for every respondent of the cell.
 * Memory is then bounded by the cells (codes × strata × PSUs × areas × versions ×
 * the refining variables' codes per variable and wave), not by the number of
 * respondents.
 *
 * The cells are those survey_keycells() would count from the full rows, in the same
 * order (of their first respondents) and with the same sums in the same order, and the
 * design indices (survey_design()) number the strata and PSUs alike, because every new
 * stratum or PSU of a wave opens a cell: the estimates are those of the row load.
 *
 * Row passes are then wrong (a kept row is not a respondent): struct
 * survey_data.cells_only says so, and the analyses that survey_stream_suits() admits
 * take their cell paths only.
 *
 * Subgroups by a background variable ([survey] `subgroups`, [trend] `by`; at most
 * SURVEY_REFINE_MAX variables per survey and spec) refine the cells by the variables'
 * codes (survey_stream_refine(); a group of another spec's classes is then listed by
 * the rows, survey_disclose.h), so that a subgroup's respondents are a union of
 * cells: their estimates, contrasts, unweighted group tests and the design bootstrap
 * of Cliff's delta follow from the cells, as do the comparison area's.  What needs the
 * rows stays on the row load:
 *   - more than SURVEY_REFINE_MAX subgroup variables;
 *   - [compare] and [describe] (their own passes over the rows);
 *   - number variables (the value is the number, not the code), the answer mode and
 *     harmonisation rules with a follow-up question (a value that rests on another
 *     variable's answer), population sizes (the fpc's weights are set per row);
 *   - a weight that is not positive and finite (the row path names the row), a wave
 *     with nearly a cell per respondent (clusters of one: the rows are cheaper), and
 *     a run with TRYGG_DISCLOSURE_AUDIT (it lists respondents) or TRYGG_SURVEY_ROWS=1
 *     (the tests' way to compare both loads).
 */
#ifndef TRYGG_EVAL_SURVEY_STREAM_H
#define TRYGG_EVAL_SURVEY_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/spec.h"
#include "eval/survey_data.h"
#include "store/store.h"

/* Whether every outcome of `spec` that reads survey `survey` computes from the cells
 * (see above; the codebook's part is decided by the load). */
bool survey_stream_suits(const struct spec *spec, const char *survey);

/* The background variables whose codes refine the answer-code cells of `survey` in a
 * run of `spec` (struct survey_data.refine): the [survey] sections' subgroup variables,
 * the first SURVEY_REFINE_MAX of them, into ids (borrowed from spec).  Returns how
 * many. */
size_t survey_stream_refine(const struct spec *spec, const char *survey, const char **ids);

/* Whether the codebooks of d (loaded, with its variables found) allow the stream. */
bool survey_stream_codebooks_ok(const struct survey_data *d);

/*
 * Reads the blocks of every wave of d (codebooks, waves and variables set, no rows yet)
 * into cells and the rows that open them; position[version × n_vars + v] is variable
 * v's column in that version.  Returns 0 (d->cells_only, d->keycells built, the design
 * index built), 1 when the data do not suit (a weight that is not positive and finite,
 * nearly a cell per respondent: d's rows and cells are then empty again, for the row
 * load), or -1 on a database error (in dl).
 */
int survey_stream_blocks(struct survey_data *d, struct store *st, const size_t *position,
                         struct diag_list *dl);

#endif
