/*
 * bootstrap — see bootstrap.h.  The interval code follows boot:::norm.inter,
 * boot:::perc.ci and boot:::bca.ci (boot 1.3) line by line.
 */
#include "stats/bootstrap.h"

#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "stats/multinom.h"
#include "stats/stats_common.h"
#include "stats/twogroup.h"
#include "util/xalloc.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* An unsigned key in the order of the doubles (finite; −0 and +0 the same key). */
static inline uint64_t order_key(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof(u));
    if (u == UINT64_C(0x8000000000000000))
        u = 0;
    return u >> 63 ? ~u : u | UINT64_C(0x8000000000000000);
}

/* Sorts finite doubles ascending, equal ones in their order (as glibc's qsort, a
 * merge sort, leaves them): an LSD radix sort, bytes that all keys share skipped; about
 * 20 times cheaper than qsort with a comparison function on 10,000 replicates. */
static void sort_finite(double *a, size_t n)
{
    if (n < 256) {
        qsort(a, n, sizeof(double), cmp_double);
        return;
    }
    double *tmp = xmalloc(n * sizeof(double)), *src = a, *dst = tmp;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t pos[256] = {0};
        for (size_t i = 0; i < n; i++)
            pos[(order_key(src[i]) >> shift) & 255]++;
        if (pos[(order_key(src[0]) >> shift) & 255] == n)
            continue;
        for (size_t b = 0, sum = 0; b < 256; b++) {
            size_t c = pos[b];
            pos[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[pos[(order_key(src[i]) >> shift) & 255]++] = src[i];
        double *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof(double));
    free(tmp);
}

/* boot:::norm.inter for one alpha on sorted ts[0..R); *extreme set when an end order
 * statistic is used. */
static double norm_inter(const double *ts, size_t R, double alpha, int *extreme)
{
    double Rd = (double)R, rk = (Rd + 1) * alpha;
    if (!(rk > 1 && rk < Rd))
        *extreme = 1;
    double k = trunc(rk);
    if (k == rk && k >= 1 && k <= Rd)
        return ts[(size_t)k - 1];
    if (k <= 0)
        return ts[0];
    if (k >= Rd)
        return ts[R - 1];
    double t1 = gsl_cdf_ugaussian_Pinv(alpha);
    double t2 = gsl_cdf_ugaussian_Pinv(k / (Rd + 1));
    double t3 = gsl_cdf_ugaussian_Pinv((k + 1) / (Rd + 1));
    double tk = ts[(size_t)k - 1], tk1 = ts[(size_t)k];
    return tk + (t1 - t2) / (t3 - t2) * (tk1 - tk);
}

static void result_fail_both(struct boot_result *out, enum stat_status st,
                             enum stat_reason why)
{
    stat_result_fail(&out->perc, st, why);
    stat_result_fail(&out->bca, st, why);
}

static void boot_result_init(struct boot_result *out)
{
    stat_result_init(&out->perc);
    stat_result_init(&out->bca);
    out->t0 = out->z0 = out->accel = NAN;
    out->replicates_used = 0;
}

void boot_ci_from_replicates(double t0, const double *t, size_t R, const double *L,
                             const double *Lw, size_t nL, double conf_level,
                             struct boot_result *out)
{
    boot_result_init(out);
    out->t0 = t0;
    if (!stats_check_conf(&out->perc, conf_level)) {
        out->bca = out->perc;
        return;
    }
    if (!isfinite(t0)) {
        result_fail_both(out, STAT_NOT_ESTIMABLE, STAT_R_BOOT_NO_ESTIMATE);
        return;
    }
    double *ts = xmalloc((R + 1) * sizeof(double));
    size_t m = 0;
    double sum = 0;
    for (size_t i = 0; i < R; i++)
        if (isfinite(t[i])) {
            ts[m++] = t[i];
            sum += t[i];
        }
    out->replicates_used = m;
    out->perc.n = out->bca.n = (double)m;
    if (m < 2) {
        result_fail_both(out, STAT_NOT_ESTIMABLE, STAT_R_BOOT_TOO_FEW_VALUES);
        free(ts);
        return;
    }
    /* boot.ci refuses "All values of t are equal" when all |t − mean| < min(1e-8,
     * mean/1e6); identical replicates are refused here too (boot.ci would give the
     * percentile interval [t, t] there and then fail on the BCa). */
    double mean = sum / (double)m, ss = 0, eps = fmin(1e-8, mean / 1e6);
    int constant = 1, identical = 1;
    for (size_t i = 0; i < m; i++) {
        double d = ts[i] - mean;
        ss += d * d;
        if (!(fabs(d) < eps))
            constant = 0;
        if (ts[i] != ts[0])
            identical = 0;
    }
    if (constant || identical) {
        result_fail_both(out, STAT_NOT_ESTIMABLE, STAT_R_BOOT_CONSTANT);
        free(ts);
        return;
    }
    sort_finite(ts, m);
    double se = sqrt(ss / (double)(m - 1));
    double alpha[2] = {(1 - conf_level) / 2, (1 + conf_level) / 2};
    bool skipped = m < R;

    struct stat_result *p = &out->perc;
    int extreme = 0;
    p->estimate = t0;
    p->std_error = se;
    p->conf_level = conf_level;
    p->conf_low = norm_inter(ts, m, alpha[0], &extreme);
    p->conf_high = norm_inter(ts, m, alpha[1], &extreme);
    if (extreme || skipped)
        stat_result_note(p, skipped ? (extreme ? STAT_R_BOOT_SKIPPED_EXTREME : STAT_R_BOOT_SKIPPED) : STAT_R_BOOT_EXTREME);

    struct stat_result *b = &out->bca;
    size_t below = 0;
    for (size_t i = 0; i < m; i++)
        below += ts[i] < t0;
    double w = gsl_cdf_ugaussian_Pinv((double)below / (double)m);
    out->z0 = w;
    if (!isfinite(w)) {
        stat_result_fail(b, STAT_NOT_ESTIMABLE, STAT_R_BOOT_BCA_ONE_SIDE);
        free(ts);
        return;
    }
    if (!L || nL == 0) {
        stat_result_fail(b, STAT_NOT_ESTIMABLE, STAT_R_BOOT_BCA_NO_INFLUENCE);
        free(ts);
        return;
    }
    double s2 = 0, s3 = 0;
    for (size_t i = 0; i < nL; i++) {
        double wt = Lw ? Lw[i] : 1;
        s2 += wt * L[i] * L[i];
        s3 += wt * L[i] * L[i] * L[i];
    }
    double a = s3 / (6 * pow(s2, 1.5));
    out->accel = a;
    if (!isfinite(a)) {
        stat_result_fail(b, STAT_NOT_ESTIMABLE, STAT_R_BOOT_BCA_NO_ACCELERATION);
        free(ts);
        return;
    }
    extreme = 0;
    b->estimate = t0;
    b->std_error = se;
    b->conf_level = conf_level;
    double ends[2];
    for (int j = 0; j < 2; j++) {
        double za = gsl_cdf_ugaussian_Pinv(alpha[j]);
        double adj = gsl_cdf_ugaussian_P(w + (w + za) / (1 - a * (w + za)));
        ends[j] = norm_inter(ts, m, adj, &extreme);
    }
    b->conf_low = ends[0];
    b->conf_high = ends[1];
    if (extreme || skipped)
        stat_result_note(b, skipped ? (extreme ? STAT_R_BOOT_SKIPPED_BCA_EXTREME : STAT_R_BOOT_SKIPPED) : STAT_R_BOOT_BCA_EXTREME);
    free(ts);
}

static bool check_opts(struct boot_result *out, const struct boot_options *opt)
{
    if (!opt || opt->replicates < 2) {
        result_fail_both(out, STAT_INVALID_INPUT, STAT_R_BOOT_FEW_REPLICATES);
        return false;
    }
    if (!stats_check_conf(&out->perc, opt->conf_level)) {
        out->bca = out->perc;
        return false;
    }
    return true;
}

static gsl_rng *new_rng(const struct boot_options *opt)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r)
        gsl_rng_set(r, opt->seed ? opt->seed : BOOT_DEFAULT_SEED);
    return r;
}

/* ---------------------------------------------------------------- generic */

struct strat_row {
    size_t stratum, row;
};

static int cmp_strat(const void *a, const void *b)
{
    const struct strat_row *x = a, *y = b;
    if (x->stratum != y->stratum)
        return x->stratum < y->stratum ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

void boot_ci(size_t n, const size_t *strata, boot_stat_fn stat, void *ctx,
             const struct boot_options *opt, struct boot_result *out)
{
    boot_result_init(out);
    if (!check_opts(out, opt))
        return;
    if (n < 2 || !stat) {
        result_fail_both(out, STAT_NOT_ESTIMABLE, STAT_R_BOOT_FEW_ANSWERS);
        return;
    }
    /* members of each stratum: rows sorted by stratum; start[i], size[i] per row */
    struct strat_row *sr = xmalloc(n * sizeof(*sr));
    for (size_t i = 0; i < n; i++)
        sr[i] = (struct strat_row){strata ? strata[i] : 0, i};
    qsort(sr, n, sizeof(*sr), cmp_strat);
    size_t *members = xmalloc(n * sizeof(size_t)), *start = xmalloc(n * sizeof(size_t)),
           *size = xmalloc(n * sizeof(size_t));
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i; j < n && sr[j].stratum == sr[i].stratum; j++)
            members[j] = sr[j].row;
        for (size_t q = i; q < j; q++) {
            start[sr[q].row] = i;
            size[sr[q].row] = j - i;
        }
    }
    free(sr);
    size_t *idx = xmalloc(n * sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    double t0 = stat(idx, n, ctx);
    double *t = xmalloc(opt->replicates * sizeof(double));
    gsl_rng *rng = new_rng(opt);
    if (!rng) {
        result_fail_both(out, STAT_INVALID_INPUT, STAT_R_BOOT_NO_RNG);
    } else {
        for (size_t r = 0; r < opt->replicates; r++) {
            for (size_t i = 0; i < n; i++)
                idx[i] = members[start[i] + gsl_rng_uniform_int(rng, size[i])];
            t[r] = stat(idx, n, ctx);
        }
        /* jackknife: L_i = (n_g − 1)(t0 − t_(−i)) */
        double *L = xmalloc(n * sizeof(double));
        for (size_t j = 0; j + 1 < n; j++) /* rows without row 0 */
            idx[j] = j + 1;
        for (size_t i = 0; i < n; i++) {
            if (i > 0) /* rows without i from rows without i − 1: one change */
                idx[i - 1] = i - 1;
            L[i] = ((double)size[i] - 1) * (t0 - stat(idx, n - 1, ctx));
        }
        boot_ci_from_replicates(t0, t, opt->replicates, L, NULL, n, opt->conf_level, out);
        free(L);
        gsl_rng_free(rng);
    }
    free(t);
    free(idx);
    free(members);
    free(start);
    free(size);
}

/* ---------------------------------------------------------------- counts */

/* The checks of the count bootstraps: false (out set) when counts cannot be resampled;
 * N[g] the groups' sizes. */
static bool counts_valid(const double *counts, size_t n_groups, size_t k, double *N,
                         struct boot_result *out)
{
    for (size_t g = 0; g < n_groups; g++) {
        N[g] = 0;
        for (size_t c = 0; c < k; c++) {
            double v = counts[g * k + c];
            if (!(v >= 0) || v != floor(v) || v > (double)UINT_MAX) {
                result_fail_both(out, STAT_INVALID_INPUT, STAT_R_BOOT_COUNTS_INVALID);
                return false;
            }
            N[g] += v;
        }
    }
    for (size_t g = 0; g < n_groups; g++)
        if (N[g] < 1 || N[g] > (double)UINT_MAX) {
            result_fail_both(out, STAT_NOT_ESTIMABLE, N[g] < 1 ? STAT_R_BOOT_GROUP_EMPTY : STAT_R_BOOT_GROUP_TOO_LARGE);
            return false;
        }
    return true;
}


void boot_counts_ci(const double *counts, size_t n_groups, size_t k, boot_counts_fn stat,
                    void *ctx, const struct boot_options *opt, struct boot_result *out)
{
    boot_result_init(out);
    if (!check_opts(out, opt))
        return;
    if (!counts || !stat || n_groups == 0 || k == 0) {
        result_fail_both(out, STAT_INVALID_INPUT, STAT_R_NO_COUNTS);
        return;
    }
    size_t gk = n_groups * k;
    double *N = xmalloc(n_groups * sizeof(double));
    if (!counts_valid(counts, n_groups, k, N, out)) {
        free(N);
        return;
    }
    double *work = xmalloc(gk * sizeof(double));
    double *t = xmalloc(opt->replicates * sizeof(double));
    double t0 = stat(counts, n_groups, k, ctx);
    {
        /* each group's multinomial prepared once (stats/multinom.h); GSL's mt19937
         * stream, inline */
        struct mt19937 rng;
        mt19937_init(&rng, opt->seed ? opt->seed : BOOT_DEFAULT_SEED);
        struct mn_sampler mn;
        mn_sampler_init(&mn, counts, n_groups, k);
        for (size_t r = 0; r < opt->replicates; r++) {
            mn_sampler_draw(&mn, &rng, work);
            t[r] = stat(work, n_groups, k, ctx);
        }
        mn_sampler_release(&mn);
        /* jackknife over the distinct (group, category) cells, weighted by their counts */
        double *L = xmalloc(gk * sizeof(double)), *Lw = xmalloc(gk * sizeof(double));
        size_t nL = 0;
        memcpy(work, counts, gk * sizeof(double));
        for (size_t g = 0; g < n_groups; g++)
            for (size_t c = 0; c < k; c++) {
                if (counts[g * k + c] == 0)
                    continue;
                work[g * k + c] -= 1;
                L[nL] = (N[g] - 1) * (t0 - stat(work, n_groups, k, ctx));
                Lw[nL++] = counts[g * k + c];
                work[g * k + c] += 1;
            }
        boot_ci_from_replicates(t0, t, opt->replicates, L, Lw, nL, opt->conf_level, out);
        free(L);
        free(Lw);
    }
    free(t);
    free(work);
    free(N);
}

void boot_counts_total_ci(const double *counts, size_t n_groups, size_t k, boot_totals_fn stat,
                          void *ctx, const struct boot_options *opt, struct boot_result *out)
{
    boot_result_init(out);
    if (!check_opts(out, opt))
        return;
    if (!counts || !stat || n_groups == 0 || k == 0) {
        result_fail_both(out, STAT_INVALID_INPUT, STAT_R_NO_COUNTS);
        return;
    }
    double *N = xmalloc(n_groups * sizeof(double));
    if (!counts_valid(counts, n_groups, k, N, out)) {
        free(N);
        return;
    }
    size_t R = opt->replicates;
    double *tot = xcalloc(k, sizeof(double));
    for (size_t g = 0; g < n_groups; g++)
        for (size_t c = 0; c < k; c++)
            tot[c] += counts[g * k + c];
    double t0 = stat(tot, k, ctx);
    {
        struct mt19937 rng; /* GSL's mt19937 stream, inline */
        mt19937_init(&rng, opt->seed ? opt->seed : BOOT_DEFAULT_SEED);
        double *reps = xmalloc(R * k * sizeof(double)), *t = xmalloc(R * sizeof(double));
        mn_draw_totals(counts, n_groups, k, R, &rng, reps);
        for (size_t r = 0; r < R; r++)
            t[r] = stat(reps + r * k, k, ctx);
        free(reps);
        /* jackknife over the distinct (group, category) cells, weighted by their counts:
         * the totals without one answer of the cell */
        size_t gk = n_groups * k;
        double *L = xmalloc(gk * sizeof(double)), *Lw = xmalloc(gk * sizeof(double));
        size_t nL = 0;
        for (size_t g = 0; g < n_groups; g++)
            for (size_t c = 0; c < k; c++) {
                if (counts[g * k + c] == 0)
                    continue;
                tot[c] -= 1;
                L[nL] = (N[g] - 1) * (t0 - stat(tot, k, ctx));
                Lw[nL++] = counts[g * k + c];
                tot[c] += 1;
            }
        boot_ci_from_replicates(t0, t, R, L, Lw, nL, opt->conf_level, out);
        free(L);
        free(Lw);
        free(t);
    }
    free(tot);
    free(N);
}

/* The totals of the two groups' table below: after's k categories, then before's. */
static double cliff_stat(const double *tot, size_t k2, void *ctx)
{
    (void)ctx;
    struct stat_result r = cliff_delta_counts(tot, tot + k2 / 2, k2 / 2);
    return r.estimate;
}

void boot_cliff_delta_counts(const double *count_after, const double *count_before, size_t k,
                             const struct boot_options *opt, struct boot_result *out)
{
    if (!count_after || !count_before || k == 0) {
        boot_result_init(out);
        result_fail_both(out, STAT_INVALID_INPUT, STAT_R_NO_COUNTS);
        return;
    }
    /* two groups over 2k categories: after's answers in the first k, before's in the
     * last k (the categories a group has not are never drawn) */
    double *counts = xcalloc(4 * k, sizeof(double));
    memcpy(counts, count_after, k * sizeof(double));
    memcpy(counts + 3 * k, count_before, k * sizeof(double));
    boot_counts_total_ci(counts, 2, 2 * k, cliff_stat, NULL, opt, out);
    free(counts);
}
