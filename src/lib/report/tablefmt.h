/*
 * tablefmt — writes a table (util/table.h) as aligned text for a terminal, as CSV, or
 * as JSON.  Text output shows control characters from data as '?', so an area name
 * cannot carry terminal escape sequences to the user's screen.
 */
#ifndef TRYGG_OUT_TABLEFMT_H
#define TRYGG_OUT_TABLEFMT_H

#include <jansson.h>
#include <stdio.h>

#include "util/table.h"

void tablefmt_text(FILE *fp, const struct table *t);
/* RFC 4180 CSV with a header row; delimiter ',' (or ';'). */
void tablefmt_csv(FILE *fp, const struct table *t, char delimiter);
/* An array of objects, numeric columns as numbers where they parse.  New reference. */
json_t *tablefmt_json(const struct table *t);

#endif
