/*
 * series_read — one incident series at a time, found by its names: the series of an
 * area and a category with a period kind, its detection and category labels, and its
 * counts in period order (merged across its blocks, store/obsblock.h).
 *
 * An [incidents] outcome adds up a few named series (areas x categories); a screening
 * of thousands reads them all in one pass with series_scan.h instead.  The two
 * statements are prepared once per reader and bound per lookup, so eval/ runs no SQL
 * of its own (the schema is docs/schema.md).
 */
#ifndef TRYGG_STORE_SERIES_READ_H
#define TRYGG_STORE_SERIES_READ_H

#include "store/obsblock.h"
#include "store/store.h"
#include "util/diag.h"

struct series_reader {
    struct store *st;
    sqlite3_stmt *find; /* series by area name, category key and period kind */
    sqlite3_stmt *obs;  /* obsblock_select_sql */
};

/* Returns 0, or -1 with a message in dl; release with series_reader_close() either
 * way. */
int series_reader_open(struct series_reader *r, struct store *st, struct diag_list *dl);
void series_reader_close(struct series_reader *r);

/* A series as series_reader_find gives it.  The strings are borrowed until the next
 * series_reader_find (or the reader's close). */
struct series_info {
    long long id;
    const char *detection;          /* the category's: police, victim, activity, unknown */
    const char *label_sv, *label_en; /* the category's labels (its key when it has none) */
};

/* The series of `area` x `category` whose period kind is "month" or "day": 1 with *out
 * set, 0 when there is none, -1 on a database error (message in dl). */
int series_reader_find(struct series_reader *r, const char *area, const char *category,
                       const char *period_kind, struct series_info *out, struct diag_list *dl);

/* Every count of series `series_id` into out (cleared first), in period order, with
 * the import of each.  Returns 0 or -1 (message in dl). */
int series_reader_load(struct series_reader *r, long long series_id, struct obs_set *out,
                       struct diag_list *dl);

#endif
