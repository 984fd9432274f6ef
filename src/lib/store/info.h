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

/*
 * One survey in detail (`trygg info survey ID`): *tables gets "survey" (one row),
 * "codebooks" (each version: file, full SHA-256, variables, the waves whose data were
 * read with it), "questions" (each variable of each codebook: text, codes with their
 * labels, missing codes, scale and indicator codes, group, series) and "waves"
 * (respondents per wave and area).  Returns 0, 1 if there is no such survey (a
 * message in dl names the surveys there are), -1 on a database failure.
 */
int store_info_survey(struct store *st, const char *key, struct table ***tables, size_t *n,
                      struct diag_list *dl);

#endif
