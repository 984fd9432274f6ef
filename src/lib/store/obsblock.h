/*
 * obsblock — the counts of a series stored as blocks (table series_block).
 *
 * One row per (series, import, source label) holds all the counts that import gave
 * the series, as columns of fixed-width little-endian arrays in period order:
 *   period       int32 per count: months since year 0 (year * 12 + month - 1) for a
 *                monthly series, days since 1970-01-01 for a daily one
 *   count        int64 per count (>= 0)
 *   exposure     float64 per count, NaN = none; the column is NULL when no count
 *                of the block has one
 *   preliminary  one byte (0/1) per count; NULL when none is preliminary
 *   note         per count a uint32 length and that many bytes of UTF-8 (length 0 =
 *                no note); NULL when no count has a note
 * beside plain columns a query can use without decoding: n, first_period and
 * last_period (as text, 'YYYY-MM' or 'YYYY-MM-DD'), total (the sum of the counts)
 * and n_preliminary.  A series of 5,800 x 120 months is then 5,800 rows rather than
 * 696,000: importing and reading it cost one B-tree entry per series, not per month
 * (the observation table of schema versions 1-5 did; migration 6 moves its rows
 * here).  docs/schema.md describes the layout for readers outside trygg.
 */
#ifndef TRYGG_STORE_OBSBLOCK_H
#define TRYGG_STORE_OBSBLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* The observations of one series (from one block or merged from several). */
struct obs_set {
    size_t n, alloc;
    int32_t *period;            /* see above */
    int64_t *count;
    double *exposure;           /* NAN = none */
    unsigned char *preliminary; /* 0/1 */
    long long *import_id;
    uint32_t *note_off;         /* into notes; UINT32_MAX = none (only with notes wanted) */
    void *mem;                  /* the one allocation the six arrays above live in */
    struct strbuf notes;
    bool want_notes;
};

void obs_set_init(struct obs_set *s, bool want_notes);
void obs_set_clear(struct obs_set *s);
void obs_set_release(struct obs_set *s);
/* Appends one observation; note may be NULL (or note_len 0: no note). */
void obs_set_push(struct obs_set *s, int32_t period, int64_t count, double exposure,
                  bool preliminary, long long import_id, const char *note, size_t note_len);
/* The note of observation i, or NULL. */
const char *obs_set_note(const struct obs_set *s, size_t i);
/* Sorts by period (stable); blocks of one series hold disjoint periods. */
void obs_set_sort(struct obs_set *s);

/* A period as stored, and back.  kind is DATE_MONTH or DATE_DAY. */
int32_t obs_period_encode(enum date_kind kind, struct date d);
struct date obs_period_decode(enum date_kind kind, int32_t p);
/* "YYYY-MM" or "YYYY-MM-DD" into buf (at least 11 bytes). */
void obs_period_format(enum date_kind kind, int32_t p, char *buf, size_t size);

/*
 * Decodes a block's arrays (the blob columns, NULL blobs allowed where the layout
 * allows them) and appends its n observations to s with import_id.  Returns 0, or
 * -1 if the sizes do not fit n (a damaged database).
 */
int obsblock_decode(struct obs_set *s, long long import_id, long long n, const void *period,
                    size_t period_bytes, const void *count, size_t count_bytes,
                    const void *exposure, size_t exposure_bytes, const void *preliminary,
                    size_t preliminary_bytes, const void *note, size_t note_bytes);

/*
 * Inserts obs[from .. from+n) of s (period order, n >= 1) as one block of series_id
 * for import_id with source_label (NULL = none), kind giving the period text.
 * ins is the statement of obsblock_insert_sql.  Returns 0 or -1 (message in dl).
 */
extern const char obsblock_insert_sql[];
int obsblock_insert(struct store *st, sqlite3_stmt *ins, long long series_id,
                    long long import_id, const char *source_label, enum date_kind kind,
                    const struct obs_set *s, const size_t *idx, size_t n,
                    struct diag_list *dl);

/* Every observation of a series, in period order (import_id set per observation).
 * q is a statement prepared from obsblock_select_sql (reused across calls).  Returns
 * 0 or -1 (message in dl). */
extern const char obsblock_select_sql[];
int obsblock_load_series(struct store *st, sqlite3_stmt *q, long long series_id,
                         struct obs_set *out, struct diag_list *dl);

#endif
