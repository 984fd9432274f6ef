/*
 * incident_data — a count series read from the store: one or more categories in one
 * or more areas, added up period by period, with the summed exposure (population).
 *
 * Monthly series run over every month from the first to the last period that all
 * member series have; a month missing inside that range is reported, never filled
 * in.  Daily series keep only the days that have data (a youth centre's visitor
 * counts exist only on days it was open).
 */
#ifndef TRYGG_EVAL_INCIDENT_DATA_H
#define TRYGG_EVAL_INCIDENT_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/spec.h"
#include "store/store.h"
#include "util/date.h"

struct series_data {
    bool daily;
    size_t n;
    struct date *period;  /* n periods (day = 0 for months) */
    long *day;            /* n: days since 1970-01-01 of the period's first day */
    double *count;        /* n summed counts */
    double *exposure;     /* n summed exposures, or NULL if any member lacks exposure */
    char *detection;      /* "police", "victim", "activity" or "unknown" (first category's;
                             "mixed" if the categories differ) */
    char *label_sv, *label_en; /* the categories' labels joined with " + " */
    size_t n_members;     /* area x category series found */
    size_t missing_inside; /* periods missing inside the range (monthly) */
    long long *imports;   /* the imports the counts came from (provenance) */
    size_t n_imports;
};

/*
 * Loads and adds up the series of `categories` in `areas` of the given kind, within
 * [from, to] when given (months: compared by month; days: by the days of those
 * months).  Returns 0; 1 if no data were found (a message in dl as a warning, the
 * caller reports "no data"); -1 on a database error.
 */
int series_load(struct store *st, const struct name_set *areas, const struct name_set *categories,
                bool daily, const struct date *from, const struct date *to,
                struct series_data *out, struct diag_list *dl);
void series_release(struct series_data *s);
/* Index of the first period on or after `d` (n if none). */
size_t series_index_at(const struct series_data *s, struct date d);
/* Joins a name set with " + " into out. */
void name_set_join(const struct name_set *s, struct strbuf *out);

#endif
