/*
 * series_scan — every count series of one period kind, read in one pass.
 *
 * A screening ([incidents] with `area = *` or `category = *`) fits thousands of
 * series; looking each one up and reading it with its own query costs a round trip
 * per series.  Here the series' names come from one query and their counts from one
 * scan of the series_block table in series order (store/obsblock.h: a block holds
 * all the counts one import gave a series), so the cost is one pass over the blocks.
 * The SQL stays in the store layer.
 */
#ifndef TRYGG_STORE_SERIES_SCAN_H
#define TRYGG_STORE_SERIES_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "store/obsblock.h"
#include "store/store.h"
#include "util/diag.h"

/* The series of one period kind, ordered by id. */
struct series_catalog {
    size_t n;
    long long *id;
    char **area;                 /* area name */
    char **category;             /* category key */
    char **label_sv, **label_en; /* the category's labels (its key when it has none) */
    char **detection;            /* police, victim, activity or unknown */
};

/* Fills cat with every series whose period kind is "month" or "day".  Returns 0, or
 * -1 on a database error (message in dl). */
int series_catalog_load(struct store *st, const char *period_kind, struct series_catalog *cat,
                        struct diag_list *dl);
void series_catalog_release(struct series_catalog *cat);

/*
 * Calls fn once for every series of the period kind that has counts, in series-id
 * order, with its counts in period order (merged across its blocks; obs is borrowed
 * for the call, its periods as obsblock.h encodes them).  fn returns 0 to go on,
 * non-zero to stop (that value is returned).  Returns 0 at the end, or -1 on a
 * database error (message in dl).
 */
int series_scan(struct store *st, const char *period_kind,
                int (*fn)(void *ctx, long long series_id, const struct obs_set *obs), void *ctx,
                struct diag_list *dl);

#endif
