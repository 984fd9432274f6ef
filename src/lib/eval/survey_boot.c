/*
 * survey_boot — see survey_boot.h.
 */
#include "eval/survey_boot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/twogroup.h"
#include "util/xalloc.h"

#define MAX_CODES 64

struct tally {
    size_t k;              /* scale categories */
    const double *counts;  /* per unit (or stratum): group a's k counts, group b's k
                              counts (and, per stratum, everyone else: 1) */
    size_t width;          /* counts per unit */
    const bool *used;      /* per unit: holds an answer of a or b (NULL: all) */
    double *sum;           /* 2k scratch */
};

static double delta_of(const struct tally *t)
{
    struct stat_result r = cliff_delta_counts(t->sum, t->sum + t->k, t->k);
    return stat_ok(&r) ? r.estimate : NAN;
}

/* boot_ci: the units idx[0..m) (PSUs, repeats allowed). */
static double units_stat(const size_t *idx, size_t m, void *ctx)
{
    struct tally *t = ctx;
    memset(t->sum, 0, 2 * t->k * sizeof(double));
    for (size_t j = 0; j < m; j++) {
        if (!t->used[idx[j]])
            continue;
        const double *c = t->counts + idx[j] * t->width;
        for (size_t q = 0; q < 2 * t->k; q++)
            t->sum[q] += c[q];
    }
    return delta_of(t);
}

/* boot_counts_ci: counts[s*(2k+1) + q] per stratum s. */
static double strata_stat(const double *counts, size_t n_groups, size_t width, void *ctx)
{
    struct tally *t = ctx;
    memset(t->sum, 0, 2 * t->k * sizeof(double));
    for (size_t s = 0; s < n_groups; s++)
        for (size_t q = 0; q < 2 * t->k; q++)
            t->sum[q] += counts[s * width + q];
    return delta_of(t);
}

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
    if (k < 2) {
        /* every answer the same: delta is the same in every resample (0, or no answers) */
        memset(out, 0, sizeof(*out));
        stat_result_init(&out->perc);
        stat_result_fail(&out->perc, STAT_NOT_ESTIMABLE,
                         k ? STAT_R_COMPARE_BOOT_SAME : STAT_R_COMPARE_BOOT_NO_ANSWERS);
        out->bca = out->perc;
        out->t0 = k ? 0 : NAN;
        out->z0 = out->accel = NAN;
        return;
    }
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
    double *sum = xcalloc(2 * (k ? k : 1), sizeof(double));
    struct tally t = {.k = k, .counts = counts, .width = width, .sum = sum};
    if (k == 0 || n == 0) {
        /* no answers: the bootstrap refuses "no answer counts given" */
        boot_counts_ci(NULL, 0, 0, strata_stat, &t, bo, out);
    } else if (x->psu) {
        bool *used = xcalloc(n, sizeof(bool));
        for (size_t u = 0; u < n; u++)
            for (size_t q = 0; q < 2 * k; q++)
                used[u] |= counts[u * width + q] > 0;
        t.used = used;
        boot_ci(n, stratum, units_stat, &t, bo, out);
        free(used);
    } else {
        boot_counts_ci(counts, n, width, strata_stat, &t, bo, out);
    }
    free(sum);
    free(counts);
    free(stratum);
}
