/*
 * stats_testdata — reads the input data files that tests/r/ref_survey_stats.R writes
 * under tests/data/stats/ (CSV: a header line, numbers in full precision, "NA" for
 * missing, the first column a case id), for the statistics unit tests.  Header-only:
 * each test program includes it once.
 */
#ifndef TRYGG_TEST_STATS_TESTDATA_H
#define TRYGG_TEST_STATS_TESTDATA_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define TD_MAXCOL 16
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct td_table {
    size_t ncol, nrow;
    char *names[TD_MAXCOL];
    char **cells; /* nrow * ncol, borrowed from text */
    char *text;
};

static inline void td_free(struct td_table *t)
{
    if (!t)
        return;
    free(t->cells);
    free(t->text);
    free(t);
}

static inline struct td_table *td_load(const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        fail_msg("cannot read test data '%s'", path);
    struct td_table *t = calloc(1, sizeof(*t));
    t->text = text;
    size_t alloc = 0;
    char *save = NULL;
    bool header = true;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t col = 0;
        char *fields[TD_MAXCOL];
        for (char *p = line;;) {
            if (col == TD_MAXCOL)
                fail_msg("too many columns in '%s'", path);
            fields[col++] = p;
            char *c = strchr(p, ',');
            if (!c)
                break;
            *c = '\0';
            p = c + 1;
        }
        if (header) {
            t->ncol = col;
            memcpy(t->names, fields, col * sizeof(*fields));
            header = false;
            continue;
        }
        if (col != t->ncol)
            fail_msg("row %zu of '%s' has %zu fields, expected %zu", t->nrow + 1, path, col,
                     t->ncol);
        if ((t->nrow + 1) * t->ncol > alloc) {
            alloc = alloc ? 2 * alloc : 1024;
            while (alloc < (t->nrow + 1) * t->ncol)
                alloc *= 2;
            t->cells = realloc(t->cells, alloc * sizeof(*t->cells));
        }
        memcpy(t->cells + t->nrow * t->ncol, fields, col * sizeof(*fields));
        t->nrow++;
    }
    return t;
}

static inline size_t td_colindex(const struct td_table *t, const char *name)
{
    for (size_t j = 0; j < t->ncol; j++)
        if (strcmp(t->names[j], name) == 0)
            return j;
    fail_msg("no column '%s' in test data", name);
    return 0;
}

static inline double td_num(const char *s)
{
    return strcmp(s, "NA") == 0 ? NAN : strtod(s, NULL);
}

/* Values of column `col` in the rows whose first column is case_id (every row if
 * case_id is NULL) and, if where_col is not NULL, whose where_col equals where_val.
 * Returns the count; *out is a new array (free with free()). */
static inline size_t td_col(const struct td_table *t, const char *case_id, const char *where_col,
                     double where_val, const char *col, double **out)
{
    size_t j = td_colindex(t, col), w = where_col ? td_colindex(t, where_col) : 0, n = 0;
    *out = malloc((t->nrow + 1) * sizeof(double));
    for (size_t i = 0; i < t->nrow; i++) {
        char **row = t->cells + i * t->ncol;
        if (case_id && strcmp(row[0], case_id) != 0)
            continue;
        if (where_col && td_num(row[w]) != where_val)
            continue;
        (*out)[n++] = td_num(row[j]);
    }
    if (n == 0 && case_id)
        fail_msg("no test data rows for case '%s'", case_id);
    return n;
}

#endif
