/*
 * info — what the database holds, as tables: surveys and their waves, respondents per
 * wave and area, incident series with their date ranges and totals, interventions and
 * imports.  Used by `trygg info`.
 */
#ifndef TRYGG_STORE_INFO_H
#define TRYGG_STORE_INFO_H

#include <stddef.h>

#include "store/store.h"
#include "util/table.h"

/* Fills *tables with new tables (free each with table_free, then the array with
 * free).  Returns 0 or -1 with a message in dl. */
int store_info(struct store *st, struct table ***tables, size_t *n, struct diag_list *dl);

#endif
