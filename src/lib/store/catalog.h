/*
 * catalog — the names the database knows and where its rows came from, as an
 * evaluation asks for them: the areas by id, the imports' provenance, and whether the
 * areas, categories, surveys, waves, variables, answer codes and interventions a spec
 * names are there (`trygg check` and `trygg run` refuse a spec that names one that is
 * not).
 *
 * The SQL stays here (the schema is docs/schema.md); every value from a spec is bound,
 * never written into a statement.  Text passed to a callback is borrowed for the call.
 */
#ifndef TRYGG_STORE_CATALOG_H
#define TRYGG_STORE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/diag.h"

/* Each area, ids ascending: fn(ctx, id, name); a non-zero return stops and is
 * returned.  Returns 0, or -1 on a database error (message in dl). */
typedef int (*store_area_fn)(void *ctx, long long id, const char *name);
int store_areas(struct store *st, store_area_fn fn, void *ctx, struct diag_list *dl);

/* One row of the import table: the provenance a report prints. */
struct store_import {
    long long id;
    const char *kind;        /* survey, incidents, interventions */
    const char *file_name;   /* as given to the import */
    const char *sha256;      /* of the file, hex */
    const char *imported_at; /* UTC, ISO 8601 */
    const char *trygg_version;
    unsigned long long rows;
};
/* fn(ctx, row) for each of the n import ids that is in the table, in the order given
 * (an id that is not there is passed over).  A non-zero return of fn stops and is
 * returned.  Returns 0, or -1 when the database cannot be read (message in dl). */
typedef int (*store_import_row_fn)(void *ctx, const struct store_import *row);
int store_imports_get(struct store *st, const long long *ids, size_t n, store_import_row_fn fn,
                      void *ctx, struct diag_list *dl);

/*
 * Lookups of the names a spec refers to, prepared once for a whole check.  Each
 * catalog_has_* is true when the name is in the database (false also when the lookup
 * fails: catalog_failed then says so).
 */
struct catalog {
    struct store *st;
    sqlite3_stmt *area, *category, *survey, *wave, *intervention, *variable, *code;
    bool failed;    /* a lookup could not read the database */
    char error[1024]; /* the first such failure's message */
};
/* Returns 0, or -1 with a message in dl; release with catalog_close() either way. */
int catalog_open(struct catalog *k, struct store *st, struct diag_list *dl);
void catalog_close(struct catalog *k);
/* 0, or -1 with a message in dl when a lookup failed on a read error (its false meant
 * "could not look", not "not there": the check must not refuse the spec for it). */
int catalog_failed(const struct catalog *k, struct diag_list *dl);

bool catalog_has_area(struct catalog *k, const char *name);
bool catalog_has_category(struct catalog *k, const char *key);
bool catalog_has_survey(struct catalog *k, const char *key);
bool catalog_has_intervention(struct catalog *k, const char *name);
/* A wave of survey `survey` with this label. */
bool catalog_has_wave(struct catalog *k, const char *survey, const char *label);

/* The kind of variable `key` ("question" or "background") in a codebook of survey
 * `survey` that has it (the first one the database finds), copied into kind (size
 * bytes, cut to fit); false when no codebook of the survey has it. */
bool catalog_variable_kind(struct catalog *k, const char *survey, const char *key, char *kind,
                           size_t size);
/* Whether `code` is a declared code of variable `key` that counts as an answer (not a
 * missing code) in some codebook of survey `survey`. */
bool catalog_has_answer_code(struct catalog *k, const char *survey, const char *key,
                             int64_t code);

#endif
