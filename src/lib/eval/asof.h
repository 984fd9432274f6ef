/*
 * asof — an evaluation as it could have been made on a given date (issue 11 item 4).
 *
 * `trygg run --as-of DATE` and `[evaluation] decision_date` limit every analysis to the
 * data available on that date:
 *   - incident, daily and activity counts: only calendar months complete by the date
 *     (the month's last day on or before it);
 *   - survey waves ([survey], [trend], [compare], [describe]): only waves fielded by
 *     the date.  A wave counts as fielded on its
 *     year's `fieldwork_end` (codebook [survey], MM-DD) or, without one, on 31 December
 *     of its year; a wave whose label is not a year is kept (its date is unknown).
 * The limit is applied to a view of each outcome section (asof_view): the same
 * section with the wave lists filtered and the window's end moved back; the analyses
 * themselves do not know about it.
 */
#ifndef TRYGG_EVAL_ASOF_H
#define TRYGG_EVAL_ASOF_H

#include <stdbool.h>

#include "eval/context.h"

/* An outcome as of a date.  `o` is the view the analysis gets; release with
 * asof_view_release (the strings stay the spec's). */
struct asof_view {
    struct outcome o;
    char **before, **after, **waves; /* the filtered lists (borrowed strings) */
    char *note;                      /* what was left out, in the report language; NULL if
                                        nothing */
};

/* The last calendar month complete on `d` (day 0 = a month). */
struct date asof_last_month(struct date d);
/* The date a wave of the survey counts as fielded on (see above); false when unknown. */
bool asof_wave_fielded(const struct survey_data *d, int wave, struct date *out);
/* Fills `v` with outcome `o` as of `when`.  Returns -1 on a database failure. */
int asof_view_make(struct eval_ctx *c, const struct outcome *o, struct date when,
                   struct asof_view *v);
void asof_view_release(struct asof_view *v);

#endif
