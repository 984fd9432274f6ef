/*
 * series_scan — every count series of one period kind, read in one pass.
 *
 * A screening ([incidents] with `area = *` or `category = *`) fits thousands of
 * series; looking each one up and reading it with its own query costs a round trip
 * per series.  Here the series' names come from one query and their observations
 * from one scan of the observation table in its primary-key order (series, period),
 * so the cost is one pass over the rows.  The SQL stays in the store layer.
 */
#ifndef TRYGG_STORE_SERIES_SCAN_H
#define TRYGG_STORE_SERIES_SCAN_H

#include <stdbool.h>
#include <stddef.h>

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

/* One observation as the scan hands it over; `period` is borrowed for the call. */
struct scanned_obs {
    long long series_id;
    const char *period;
    size_t period_len;
    long long count;
    bool has_exposure;
    double exposure;
    long long import_id;
};

/*
 * Calls fn for every observation of every series of the period kind, in (series id,
 * period) order.  fn returns 0 to go on, non-zero to stop (that value is returned).
 * Returns 0 at the end, or -1 on a database error (message in dl).
 */
int series_scan(struct store *st, const char *period_kind,
                int (*fn)(void *ctx, const struct scanned_obs *obs), void *ctx,
                struct diag_list *dl);

#endif
