/*
 * codetab — see codetab.h.  The bootstrap is stats/bootstrap.h's: boot_ci() over the
 * PSUs, or boot_counts_total_ci() with the strata as groups; this file only says what one
 * replicate's delta is, from the units drawn.
 */
#include "stats/codetab.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/reasons.h"
#include "stats/twogroup.h"
#include "util/xalloc.h"

void codetab_totals(const struct codetab *t, double *ca, double *cb)
{
    size_t k = t->k, width = codetab_width(k);
    memset(ca, 0, k * sizeof(double));
    memset(cb, 0, k * sizeof(double));
    for (size_t u = 0; u < t->n_units; u++) {
        const double *c = t->counts + u * width;
        for (size_t j = 0; j < k; j++) {
            ca[j] += c[j];
            cb[j] += c[k + j];
        }
    }
}

/* The totals in new arrays (at least one element each, so k = 0 is harmless). */
static void totals_new(const struct codetab *t, double **ca, double **cb)
{
    *ca = xcalloc(t->k ? t->k : 1, sizeof(double));
    *cb = xcalloc(t->k ? t->k : 1, sizeof(double));
    codetab_totals(t, *ca, *cb);
}

struct stat_result codetab_mann_whitney(const struct codetab *t, double *z)
{
    double *ca, *cb;
    totals_new(t, &ca, &cb);
    struct stat_result r = mann_whitney_counts(ca, cb, t->k, z);
    free(ca);
    free(cb);
    return r;
}

struct stat_result codetab_cliff_delta(const struct codetab *t)
{
    double *ca, *cb;
    totals_new(t, &ca, &cb);
    struct stat_result r = cliff_delta_counts(ca, cb, t->k);
    free(ca);
    free(cb);
    return r;
}

/* ---------------------------------------------------------------- bootstrap */

struct tally {
    size_t k;
    const double *counts; /* per unit: a's k counts, b's k counts, other */
    size_t width;
    const bool *used;     /* per unit: holds an answer of a or b */
    double *sum;          /* 2k scratch: the replicate's totals of a, then b */
};

static double delta_of(const struct tally *t)
{
    struct stat_result r = cliff_delta_counts(t->sum, t->sum + t->k, t->k);
    return stat_ok(&r) ? r.estimate : NAN;
}

/* boot_ci: the PSUs idx[0..m) (repeats allowed).  Sums of whole numbers: exact in any
 * order, so a replicate's delta does not depend on how the draws are summed. */
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

/* boot_counts_total_ci: tot[q] a resample's totals over the strata (a's k, b's k,
 * others). */
static double strata_stat(const double *tot, size_t width, void *ctx)
{
    struct tally *t = ctx;
    (void)width;
    struct stat_result r = cliff_delta_counts(tot, tot + t->k, t->k);
    return stat_ok(&r) ? r.estimate : NAN;
}

static void refuse(struct boot_result *out, enum stat_reason why, double t0)
{
    memset(out, 0, sizeof(*out));
    stat_result_init(&out->perc);
    stat_result_fail(&out->perc, STAT_NOT_ESTIMABLE, why);
    out->bca = out->perc;
    out->t0 = t0;
    out->z0 = out->accel = NAN;
}

void codetab_cliff_boot(const struct codetab *t, const struct boot_options *opt,
                        struct boot_result *out)
{
    size_t k = t->k, width = codetab_width(k), n = t->counts ? t->n_units : 0;
    /* codes answered by a or b: fewer than two, and every replicate has the same delta */
    size_t answered = 0;
    if (n) {
        double *ca, *cb;
        totals_new(t, &ca, &cb);
        for (size_t j = 0; j < k; j++)
            answered += ca[j] + cb[j] > 0;
        free(ca);
        free(cb);
    }
    if (answered < 2) {
        refuse(out, answered ? STAT_R_COMPARE_BOOT_SAME : STAT_R_COMPARE_BOOT_NO_ANSWERS,
               answered ? 0 : NAN);
        return;
    }
    double *sum = xcalloc(2 * k, sizeof(double));
    struct tally tl = {.k = k, .counts = t->counts, .width = width, .sum = sum};
    if (t->clustered) {
        bool *used = xcalloc(n, sizeof(bool));
        for (size_t u = 0; u < n; u++)
            for (size_t q = 0; q < 2 * k; q++)
                used[u] |= t->counts[u * width + q] > 0;
        tl.used = used;
        boot_ci(n, t->stratum, units_stat, &tl, opt, out);
        free(used);
    } else {
        /* A stratum without answers of a or b gives them none in any replicate: its
         * multinomial only moves its own respondents between its own categories, and its
         * jackknife values are 0.  Leaving it out changes no distribution and no
         * acceleration, and saves its draws — most of them when the groups are a small
         * part of the design (a subgroup of the target area).  (The random numbers are
         * then not those of a multinomial over every stratum.) */
        const double *counts = t->counts;
        double *packed = NULL;
        size_t m = 0;
        for (size_t u = 0; u < n; u++) {
            double s = 0;
            for (size_t q = 0; q < 2 * k; q++)
                s += t->counts[u * width + q];
            if (s > 0) {
                if (m < u && !packed) {
                    packed = xmalloc(n * width * sizeof(double));
                    memcpy(packed, t->counts, m * width * sizeof(double));
                }
                if (packed)
                    memcpy(packed + m * width, t->counts + u * width, width * sizeof(double));
                m++;
            }
        }
        if (packed)
            counts = packed;
        boot_counts_total_ci(counts, m, width, strata_stat, &tl, opt, out);
        free(packed);
    }
    free(sum);
}
