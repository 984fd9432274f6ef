/*
 * interventions — questions about the interventions table that the analyses ask.
 */
#ifndef TRYGG_STORE_INTERVENTIONS_H
#define TRYGG_STORE_INTERVENTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/date.h"
#include "util/diag.h"

/*
 * The names of the interventions in `area` whose period overlaps [from, to] (an
 * intervention without an end runs on).  *names gets a new array of *n new strings
 * (free each and the array).  Returns 0, or -1 on a database error (message in dl).
 */
int interventions_active_in(struct store *st, const char *area, struct date from, struct date to,
                            char ***names, size_t *n, struct diag_list *dl);

/* One row of the intervention table, as fn of store_interventions_each gets it.  The
 * strings are borrowed for the call; the optional ones are NULL where the column is. */
struct store_intervention {
    const char *name;
    const char *area;             /* the area's name */
    const char *start_date;       /* YYYY-MM-DD */
    const char *end_date;         /* YYYY-MM-DD, "" when the intervention runs on */
    bool has_yearly_cost;         /* yearly_cost_sek is set */
    double yearly_cost_sek;       /* a yearly rate */
    bool has_period_cost;         /* period_cost_sek is set */
    double period_cost_sek;       /* an amount for start..end */
    const char *title_sv, *title_en; /* names for reports, or NULL */
    double planned_per_month;     /* planned delivery, NAN when none is given */
    const char *planned_category; /* the category that counts delivery, or NULL */
    long long import_id;
};
typedef int (*store_intervention_fn)(void *ctx, const struct store_intervention *row);

/*
 * Calls fn for every row of the intervention table, ordered by start date, name and
 * area name.  A non-zero return of fn stops and is returned.  Returns 0, or -1 on a
 * database error (message in dl).
 */
int store_interventions_each(struct store *st, store_intervention_fn fn, void *ctx,
                             struct diag_list *dl);

#endif
