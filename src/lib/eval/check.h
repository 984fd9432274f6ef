/*
 * check — `trygg run --check` / `trygg check`: the design of each analysis of a spec
 * that spec_check() has accepted, read from what the database holds, without
 * computing any outcome.  Criteria are meant to be stated before the results are seen;
 * this shows what each analysis will compare (areas, waves or periods, how many
 * respondents or counts each cell holds, the design level) so the spec can be fixed
 * before anything is estimated.
 */
#ifndef TRYGG_EVAL_CHECK_H
#define TRYGG_EVAL_CHECK_H

#include "eval/spec.h"
#include "store/store.h"
#include "util/table.h"

/*
 * Two new tables (free with table_free): *designs, one row per outcome (kind, what
 * it measures, areas, comparison, before/after or period, design level and its
 * reading), and *cells, one row per area (or comparison/buffer area) and wave or
 * series with its respondents or periods and total count.  Returns 0, or -1 on a
 * database failure (problems in dl).
 */
int check_design(const struct spec *s, struct store *st, struct table **designs,
                 struct table **cells, struct diag_list *dl);

#endif
