/*
 * daykind — for an intermittent measure (a youth centre open on public holidays):
 * which days the measure concerns ("flagged" days) and which days they are compared
 * with.
 *
 * Flagged days are the Swedish public holidays (util/holidays.h), with
 * `days = holidays+eves` also Midsummer, Christmas and New Year's Eve, plus the
 * outcome's `extra_days`.  Comparison days (`comparison_days` in the spec):
 *   weekends      Saturdays and Sundays that are not flagged (the default: people are
 *                 off work and school on a holiday as on a Sunday, so a Tuesday is no
 *                 comparison for Christmas Day);
 *   other         every other day (the day of week is then a term of the model);
 *   same_weekday  the days one week before and one week after a flagged day, on the
 *                 same weekday, when they are not flagged themselves.
 * Days that are neither are left out of the analysis.
 */
#ifndef TRYGG_EVAL_DAYKIND_H
#define TRYGG_EVAL_DAYKIND_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/spec.h"

/* Is the day (days since 1970-01-01) of the kind the measure concerns? */
bool daykind_flagged(const struct outcome *o, long day);
/* Is the day a comparison day under the outcome's comparison_days? */
bool daykind_comparison(const struct outcome *o, long day);
/* The comparison days in words, for a sentence ("Saturdays and Sundays") and as a
 * short column heading ("Helger"). */
const char *daykind_comparison_words(enum comparison_days k, bool sv);
const char *daykind_comparison_short(enum comparison_days k, bool sv);
/* The spec word (weekends, other, same_weekday). */
const char *daykind_comparison_key(enum comparison_days k);

#endif
