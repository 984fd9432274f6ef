/*
 * count_common — what the count analyses ([incidents], [intermittent], [activity])
 * share: results rows that carry a failed estimate's reason, the title and anchor of
 * an outcome's section, and table cells for an estimate that may be missing.
 *
 * The rule they keep: a number that could not be estimated never reaches a report or
 * the results file as a number.  The row keeps NaN fields (written as empty cells) and
 * its note says "<status>: <reason>"; the report shows "–" and the reason.
 */
#ifndef TRYGG_EVAL_COUNT_COMMON_H
#define TRYGG_EVAL_COUNT_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/context.h"
#include "eval/incident_data.h"
#include "stats/result.h"
#include "util/strbuf.h"

/* Appends a results row for r; a failed r gets the note "<status>: <reason>" (English:
 * results.csv is the same in both languages).
 * Returns the row (valid until the next results_add). */
struct result_row *count_row(struct eval_ctx *c, const char *analysis, const char *outcome,
                             const char *group, const char *method, const char *term,
                             const struct stat_result *r);

/* A results row that says why nothing could be estimated (status not_estimable, every
 * number empty): its reason code `why` (stats/reasons.h) in the `reason` column, and
 * its English text in the note, as count_row() gives a failed statistic's. */
void count_row_failed(struct eval_ctx *c, const char *analysis, const char *outcome,
                      const char *group, const char *method, const char *term,
                      enum stat_reason why);

/* The outcome's title in the report language; without one, its categories' labels
 * (store/category.h; unknown keys as words: "car_fires" -> "Car fires") and its target
 * area ("Bilbränder i Åkersberga centrum"); for a screening (a category or area "*")
 * `fallback`, else the id.  The string lives for the run. */
const char *count_title(const struct eval_ctx *c, const struct outcome *o, const char *fallback);

/* An anchor "<prefix>-<id>" of [a-z0-9-] only, into out. */
void count_anchor(struct strbuf *out, const char *prefix, const char *id);

/* Table cells of a ratio or difference estimate: the estimate, the interval and the
 * p-value ("–" where there is none), and the reason when it failed. */
struct estimate_cells {
    char est[64], ci[96], p[32];
    char note[512];   /* r's reason in the report language; "" when none */
};
void count_cells(const struct eval_ctx *c, const struct stat_result *r,
                 struct estimate_cells *out);
/* The same with a fixed number of decimals (differences in counts, e.g. WDD). */
void count_cells_fixed(const struct eval_ctx *c, const struct stat_result *r, int decimals,
                       struct estimate_cells *out);

/* The categories of a name set joined with " + " (the results file's outcome). */
char *count_outcome_label(const struct name_set *categories);

/* "2018-09-01"-style text of a day number. */
void count_day_text(long day, char buf[16]);

/* The detection of a series as the outcome declares it, else as the database says. */
const char *count_detection(const struct outcome *o, const struct series_data *s);

#endif
