/*
 * survey_boot — see survey_boot.h.
 */
#include "eval/survey_boot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval/survey_keycells.h"
#include "stats/codetab.h"
#include "util/xalloc.h"

#define MAX_CODES 64

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The units of the pair, one at a time: a row (n = 1) or an answer-code cell (n its
 * respondents), with its stratum and PSU indices and its group and scale answer. */
struct unit_iter {
    const struct survey_cliff_pair *p;
    size_t w, j, end, k; /* wave, position in it, its end; k: index into group/scale */
    const struct survey_keycells *kc;
};

static void iter_wave(struct unit_iter *u)
{
    const struct survey_cliff_pair *p = u->p;
    const struct survey_data *d = p->d;
    for (; u->w < d->n_waves; u->w++) {
        if (!p->waves[u->w])
            continue;
        if (p->cells_var != SIZE_MAX) {
            u->kc = survey_keycells(d, p->cells_var, u->w);
            u->j = 0;
            u->end = u->kc ? u->kc->n : 0;
        } else {
            u->j = d->wave_begin[u->w];
            u->end = d->wave_end[u->w];
        }
        if (u->j < u->end)
            return;
    }
}

static void iter_start(struct unit_iter *u, const struct survey_cliff_pair *p)
{
    *u = (struct unit_iter){.p = p};
    iter_wave(u);
}

static bool iter_next(struct unit_iter *u, size_t *h, size_t *psu, double *n, int32_t *g,
                      double *sc)
{
    const struct survey_cliff_pair *p = u->p;
    if (u->w >= p->d->n_waves)
        return false;
    size_t i = u->j;
    if (u->kc) {
        const struct survey_keycell *c = &u->kc->cell[u->j];
        *h = c->stratum;
        *psu = c->psu;
        *n = c->rows.n;
        *g = p->group[u->k];
        *sc = p->scale[u->k];
    } else {
        *h = p->x->stratum[i];
        *psu = p->x->psu ? p->x->psu[i] : SVY_NONE;
        *n = 1;
        *g = p->group[i];
        *sc = p->scale[i];
    }
    u->k++;
    if (++u->j == u->end) {
        u->w++;
        iter_wave(u);
    }
    return true;
}

void survey_cliff_boot(const struct survey_cliff_pair *p, const struct boot_options *bo,
                       struct boot_result *out)
{
    const struct survey_design_index *x = p->x;
    /* the scale's categories among the two groups' answers */
    double codes[MAX_CODES];
    size_t k = 0;
    size_t n_strata = 0, n_psu_slots = 0;
    struct unit_iter it;
    size_t h, psu;
    double cnt, sc;
    int32_t g;
    for (iter_start(&it, p); iter_next(&it, &h, &psu, &cnt, &g, &sc);) {
        if (h + 1 > n_strata)
            n_strata = h + 1;
        if (x->psu && psu + 1 > n_psu_slots)
            n_psu_slots = psu + 1;
        if (g < 0 || ((size_t)g != p->a && (size_t)g != p->b) || isnan(sc))
            continue;
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = codes[j] == sc;
        if (!seen && k < MAX_CODES)
            codes[k++] = sc;
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
    for (iter_start(&it, p); iter_next(&it, &h, &psu, &cnt, &g, &sc);) {
        size_t slot = x->psu ? psu : h;
        if (unit_of[slot] < 0) {
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                counts = xrealloc(counts, cap * width * sizeof(double));
                stratum = xrealloc(stratum, cap * sizeof(size_t));
            }
            memset(counts + n * width, 0, width * sizeof(double));
            stratum[n] = h;
            unit_of[slot] = (int64_t)n++;
        }
        double *c = counts + (size_t)unit_of[slot] * width;
        size_t q = 2 * k; /* everyone else */
        if (g >= 0 && ((size_t)g == p->a || (size_t)g == p->b) && !isnan(sc)) {
            size_t j = 0;
            while (j < k && codes[j] != sc)
                j++;
            if (j < k)
                q = ((size_t)g == p->a ? 0 : k) + j;
        }
        c[q] += cnt;
    }
    free(unit_of);
    /* the table's units in the order the rows first show them (stats/codetab.h) */
    struct codetab t = {.k = k, .n_units = n, .clustered = x->psu != NULL,
                        .stratum = stratum, .counts = counts};
    codetab_cliff_boot(&t, bo, out);
    free(counts);
    free(stratum);
}
