/*
 * remove — `trygg remove import N`: takes one import out of the database with
 * everything derived from it, in one transaction.
 *
 * The import's rows go by the schema's ON DELETE CASCADE (respondent blocks,
 * observations, interventions); what is left without data is removed too: incident
 * series without observations, waves without respondents, codebooks no import uses
 * (with their variables and codes), and surveys with neither codebooks nor waves
 * (with their strata and clusters).  Areas and categories stay: they are names other
 * data and specs may use.
 */
#ifndef TRYGG_STORE_REMOVE_H
#define TRYGG_STORE_REMOVE_H

#include "store/store.h"
#include "util/sha256.h"

struct import_row {
    long long id;
    char kind[16];
    char file[1024];
    char sha256[SHA256_HEX_SIZE];
    char imported_at[32];
    unsigned long long rows;
};

/* Reads import `id`.  Returns 1 if found, 0 if there is no such import, -1 on a
 * database failure (message in dl). */
int store_import_get(struct store *st, long long id, struct import_row *out,
                     struct diag_list *dl);

struct remove_report {
    unsigned long long series, waves, codebooks, surveys; /* left empty, so removed */
};

/* Removes import `id` and what is derived from it (see above), atomically.  Returns
 * 0, or -1 with the database unchanged (message in dl). */
int store_remove_import(struct store *st, long long id, struct remove_report *rep,
                        struct diag_list *dl);

#endif
