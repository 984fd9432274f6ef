/*
 * count_stats_data — reads the input series that tests/r/ref_count_stats.R writes
 * to tests/data/stats/count_stats/<case>.csv (a header of column names, then numbers
 * in full precision) for the count and time-series unit tests.  Header-only; every
 * function is static inline so unused ones cost nothing.
 */
#ifndef TRYGG_TEST_COUNT_STATS_DATA_H
#define TRYGG_TEST_COUNT_STATS_DATA_H

#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define CSD_FILE "tests/r/values/count_stats.csv"
#define CSD_MAXCOL 40

struct csd_table {
    size_t ncol, nrow;
    char names[CSD_MAXCOL][48];
    double *v; /* column-major: column j is v + j * nrow */
};

static inline void csd_free(struct csd_table *t)
{
    free(t->v);
    memset(t, 0, sizeof(*t));
}

/* Loads tests/data/stats/count_stats/<name>.csv; fails the test if it cannot. */
static inline void csd_load(const char *name, struct csd_table *t)
{
    char path[256];
    snprintf(path, sizeof(path), "tests/data/stats/count_stats/%s.csv", name);
    memset(t, 0, sizeof(*t));
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        fail_msg("cannot read test data %s", path);
    char *save = NULL, *line = strtok_r(text, "\n", &save);
    for (char *p = line, *f; p; p = f) {
        f = strchr(p, ',');
        if (f)
            *f++ = '\0';
        if (t->ncol == CSD_MAXCOL)
            fail_msg("too many columns in %s", path);
        snprintf(t->names[t->ncol++], sizeof(t->names[0]), "%s", p);
    }
    size_t alloc = 0;
    double *rows = NULL;
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        if (!*line)
            continue;
        if ((t->nrow + 1) * t->ncol > alloc) {
            alloc = alloc ? 2 * alloc : 1024;
            while (alloc < (t->nrow + 1) * t->ncol)
                alloc *= 2;
            rows = realloc(rows, alloc * sizeof(double));
        }
        char *p = line;
        for (size_t j = 0; j < t->ncol; j++) {
            char *end;
            rows[t->nrow * t->ncol + j] = strncmp(p, "NA", 2) == 0 ? NAN : strtod(p, &end);
            p = strchr(p, ',');
            if (!p && j + 1 < t->ncol)
                fail_msg("short row in %s", path);
            if (p)
                p++;
        }
        t->nrow++;
    }
    size_t cells = t->nrow * t->ncol;
    t->v = malloc((cells > 0 ? cells : 1) * sizeof(double));
    for (size_t i = 0; i < t->nrow; i++)
        for (size_t j = 0; j < t->ncol; j++)
            t->v[j * t->nrow + i] = rows[i * t->ncol + j];
    free(rows);
    free(text);
}

static inline int csd_index(const struct csd_table *t, const char *name)
{
    for (size_t j = 0; j < t->ncol; j++)
        if (strcmp(t->names[j], name) == 0)
            return (int)j;
    return -1;
}

/* Column by name (borrowed), or NULL if absent. */
static inline const double *csd_col_opt(const struct csd_table *t, const char *name)
{
    int j = csd_index(t, name);
    return j < 0 ? NULL : t->v + (size_t)j * t->nrow;
}

static inline const double *csd_col(const struct csd_table *t, const char *name)
{
    const double *c = csd_col_opt(t, name);
    if (!c)
        fail_msg("no column '%s' in test data", name);
    return c;
}

/* Reference value of the case (fails the test when missing). */
static inline double csd_ref(const char *case_id, const char *key)
{
    return ref_get(CSD_FILE, case_id, key);
}

/* The reference value under a key built like printf (e.g. "coef%d"). */
static inline double csd_reff(const char *case_id, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline double csd_reff(const char *case_id, const char *fmt, ...)
{
    char key[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(key, sizeof(key), fmt, ap);
    va_end(ap);
    return ref_get(CSD_FILE, case_id, key);
}

#endif
