/*
 * survey_boot — see survey_boot.h.
 */
#include "eval/survey_boot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/codetab.h"
#include "util/xalloc.h"

#define MAX_CODES 64

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void survey_cliff_boot(const struct survey_cliff_pair *p, const struct boot_options *bo,
                       struct boot_result *out)
{
    const struct survey_data *d = p->d;
    const struct survey_design_index *x = p->x;
    /* the scale's categories among the two groups' answers */
    double codes[MAX_CODES];
    size_t k = 0;
    size_t n_strata = 0, n_psu_slots = 0;
    for (size_t w = 0; w < d->n_waves; w++) {
        if (!p->waves[w])
            continue;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            if (x->stratum[i] + 1 > n_strata)
                n_strata = x->stratum[i] + 1;
            if (x->psu && x->psu[i] + 1 > n_psu_slots)
                n_psu_slots = x->psu[i] + 1;
            int32_t g = p->group[i];
            if (g < 0 || ((size_t)g != p->a && (size_t)g != p->b) || isnan(p->scale[i]))
                continue;
            bool seen = false;
            for (size_t j = 0; j < k && !seen; j++)
                seen = codes[j] == p->scale[i];
            if (!seen && k < MAX_CODES)
                codes[k++] = p->scale[i];
        }
    }
    qsort(codes, k, sizeof(double), cmp_double);
    /* fewer than two codes: codetab_cliff_boot says why there is nothing to resample */
    size_t width = 2 * k + 1; /* a's categories, b's, everyone else */
    /* each resampling unit (PSU, or stratum for respondents) gets its counts */
    size_t n_units = x->psu ? n_psu_slots : n_strata;
    int64_t *unit_of = xmalloc((n_units ? n_units : 1) * sizeof(int64_t));
    for (size_t u = 0; u < n_units; u++)
        unit_of[u] = -1;
    double *counts = NULL;
    size_t *stratum = NULL, n = 0, cap = 0;
    for (size_t w = 0; w < d->n_waves; w++) {
        if (!p->waves[w])
            continue;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            size_t slot = x->psu ? x->psu[i] : x->stratum[i];
            if (unit_of[slot] < 0) {
                if (n == cap) {
                    cap = cap ? 2 * cap : 64;
                    counts = xrealloc(counts, cap * width * sizeof(double));
                    stratum = xrealloc(stratum, cap * sizeof(size_t));
                }
                memset(counts + n * width, 0, width * sizeof(double));
                stratum[n] = x->stratum[i];
                unit_of[slot] = (int64_t)n++;
            }
            double *c = counts + (size_t)unit_of[slot] * width;
            int32_t g = p->group[i];
            size_t q = 2 * k; /* everyone else */
            if (g >= 0 && ((size_t)g == p->a || (size_t)g == p->b) && !isnan(p->scale[i])) {
                size_t j = 0;
                while (j < k && codes[j] != p->scale[i])
                    j++;
                if (j < k)
                    q = ((size_t)g == p->a ? 0 : k) + j;
            }
            c[q] += 1;
        }
    }
    free(unit_of);
    /* the table's units in the order the rows first show them (stats/codetab.h) */
    struct codetab t = {.k = k, .n_units = n, .clustered = x->psu != NULL,
                        .stratum = stratum, .counts = counts};
    codetab_cliff_boot(&t, bo, out);
    free(counts);
    free(stratum);
}
