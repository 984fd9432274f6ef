/*
 * export — the data back out of the database (`trygg export`), in the layouts trygg
 * imports, so an export imports again to the same estimates.
 *
 * A survey is exported one codebook version at a time: the columns are the ones that
 * codebook names (respondent, wave, area, weight, stratum, cluster, then every
 * variable in codebook order), the cells as the import read them: respondent ids as
 * written, area names, weights to full precision, answer codes (a missing code as its
 * code, no answer as an empty cell).  Rows come out in import and file order.
 */
#ifndef TRYGG_STORE_EXPORT_H
#define TRYGG_STORE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "data/codebook.h"
#include "store/store.h"

enum export_col_kind {
    EXPORT_RESPONDENT,
    EXPORT_WAVE,
    EXPORT_AREA,
    EXPORT_WEIGHT,
    EXPORT_STRATUM,
    EXPORT_CLUSTER,
    EXPORT_VARIABLE
};

struct survey_export {
    struct codebook *cb; /* the stored codebook version, parsed */
    char *codebook_text; /* its text, as imported */
    long long codebook_id;
    char *wave;          /* only this wave, or NULL */
    size_t n_cols;
    const char **cols;   /* header names (point into cb) */
    enum export_col_kind *kind;
    size_t *var;         /* EXPORT_VARIABLE: index into cb->vars */
    unsigned long long n_rows;
};

/* Receives the cells of one row (n_cols strings; for the header the names). */
typedef int (*export_row_fn)(void *ctx, const char *const *cells, size_t n);

/*
 * Prepares the export of survey `key`: codebook_id 0 = the survey's only codebook
 * version (with several, a message lists them and 1 is returned); wave NULL = all
 * waves read with that codebook.  Returns 0, 1 (no such survey, version or wave;
 * message in dl), or -1 on a database failure.
 */
int survey_export_open(struct store *st, const char *key, long long codebook_id,
                       const char *wave, struct survey_export *ex, struct diag_list *dl);
/* Calls fn for every respondent.  Returns 0, fn's non-zero result, or -1. */
int survey_export_rows(struct store *st, const struct survey_export *ex, export_row_fn fn,
                       void *ctx, struct diag_list *dl);
void survey_export_release(struct survey_export *ex);

/* Incident counts in the import layout: period, area, category, count, exposure,
 * note (a header first).  Returns 0, fn's result, or -1. */
int store_export_incidents(struct store *st, export_row_fn fn, void *ctx,
                           struct diag_list *dl);

#endif
