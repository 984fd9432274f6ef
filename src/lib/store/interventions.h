/*
 * interventions — questions about the interventions table that the analyses ask.
 */
#ifndef TRYGG_STORE_INTERVENTIONS_H
#define TRYGG_STORE_INTERVENTIONS_H

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

#endif
