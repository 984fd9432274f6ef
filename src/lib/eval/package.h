/*
 * package — what an estimate measures when a measure ran together with others.
 *
 * REPORTING.md rule 2: when the measure evaluated (a *component*, named in
 * [evaluation] interventions) ran as part of a package — other interventions that
 * started or ended in the same target area inside the outcome's window — the estimate
 * is the package's, and the cost per unit of effect uses the cost of everything the
 * estimate measures over the same months.  The component's own effect is identified
 * only when the design separates it:
 *   - no other intervention starts or ends in the target area inside the window
 *     (a measure running through the whole window is background, not package), or
 *   - the estimate is a contrast with a comparison area (did, res, wdq, wdd) and each
 *     other member started in the same month in a comparison area too (areas with and
 *     without the component).
 * An [intermittent] outcome's contrast with the other days absorbs every measure that
 * runs on all days: its package is the components alone.
 * The spec may declare the package ([evaluation] package = a + b + c); members found in
 * the data but not declared are listed so the report can say so.  A criterion that
 * claims a component's effect (effect_of = ...) which the design cannot separate is
 * refused by package_check_claims() at the criterion's line.
 *
 * Costs: an interventions row carries either a yearly rate (pro-rated by days) or an
 * amount for its whole period start..end (spread evenly over those days): a budget for
 * a period is not a yearly cost.
 */
#ifndef TRYGG_EVAL_PACKAGE_H
#define TRYGG_EVAL_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/spec.h"
#include "store/store.h"
#include "util/date.h"
#include "util/diag.h"

/* One row of the interventions table (one cost period of one measure in one area). */
struct intervention_cost {
    char *name, *area;
    char *title_sv, *title_en;  /* names a report shows; NULL when not given */
    struct date start, end;
    bool has_end, has_cost;
    bool period_amount;         /* cost is the amount for start..end, else a yearly rate */
    double cost;                /* SEK */
    double planned;             /* planned units per month; NaN when not given */
    char *planned_category;     /* the activity category delivery is counted in; or NULL */
    bool component;             /* named in [evaluation] interventions */
    long long import_id;
};

/* Reads every row of the interventions table, components marked.  Returns 0 or -1
 * (database error in dl).  The rows are new: free with interventions_free(). */
int interventions_load(struct store *st, const struct spec *s, struct intervention_cost **rows,
                       size_t *n, struct diag_list *dl);
void interventions_free(struct intervention_cost *rows, size_t n);
/* The name a report shows for a measure: its title in `lang` (or the other language),
 * else its name.  Borrowed from rows (or `name` itself). */
const char *intervention_title(const struct intervention_cost *rows, size_t n, const char *name,
                               const char *lang);
/* The row's cost over the days [from, to] (NaN when it has no cost); an open end runs
 * to `to`. */
double intervention_cost_over(const struct intervention_cost *iv, struct date from,
                              struct date to);

struct package {
    char **names;          /* distinct measures, components first (new strings) */
    bool *component;       /* per name */
    size_t n;
    char **undeclared;     /* found in the data but not in the declared package */
    size_t n_undeclared;
    bool declared;         /* from [evaluation] package */
    bool separated;        /* the design separates the components from the rest */
    struct date from, to;  /* the outcome's window used */
};

/*
 * The package behind an estimate of outcome `o` on `term`, for the components
 * `comps` (n_comps names).  `declared` is [evaluation] package (n == 0: found from the
 * data).  Release with package_release().
 */
void package_find(const struct intervention_cost *rows, size_t n, char *const *comps,
                  size_t n_comps, const struct name_set *declared, const struct outcome *o,
                  const char *term, struct package *p);
void package_release(struct package *p);
/* Rows of the package in the outcome's target areas (components: all their rows) cost
 * over [from, to]: the sum, with *n_costed and *n_uncosted the members with and
 * without a cost.  Only the components when components_only. */
double package_cost(const struct intervention_cost *rows, size_t n, const struct package *p,
                    const struct outcome *o, bool components_only, struct date from,
                    struct date to, size_t *n_costed, size_t *n_uncosted);
/* A contrast with a comparison (design level 3 when the comparison has data): did,
 * res, wdq, wdd; for an [intermittent] outcome also its rate_ratio, which compares the
 * exposed days with the other days (a difference-in-differences in time). */
bool term_is_contrast(enum outcome_kind kind, const char *term);
/* The estimate's own design level: a contrast gets the outcome's level, anything else
 * (before/after, single-series ITS, rate ratio) level 2 at most. */
int term_design_level(enum outcome_kind kind, const char *term, int outcome_level);
/* Refuses criteria whose effect_of claims a component effect the design cannot
 * separate; returns 0 or -1 (errors at the criterion's line in dl). */
int package_check_claims(const struct spec *s, struct store *st, struct diag_list *dl);

#endif
