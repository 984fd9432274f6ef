/*
 * multinom — see multinom.h.
 */
#include "stats/multinom.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "util/xalloc.h"

/* What a binomial draw with a fixed p needs, computed once per p (p ≤ 1/2 here; the
 * caller flips). */
struct binom_p {
    double p;   /* ≤ 1/2 */
    double s;   /* p / (1 − p) */
    double lq;  /* log(1 − p) */
};

struct mn_step {
    struct binom_p bp;
    unsigned int cat; /* the category drawn */
    bool flip;        /* the draw is of the other side: count = n − Bin(n, bp.p) */
};

static void binom_p_init(struct binom_p *b, double p)
{
    b->p = p;
    b->s = p / (1 - p);
    b->lq = log1p(-p);
}

/* log(x!) − [(x + 1/2) log(x + 1) − (x + 1) + log(2π)/2]: the remainder of Stirling's
 * series for log Γ(x + 1) (Abramowitz & Stegun 6.1.40); for x ≥ 16 the terms to
 * z^-9 (z = x + 1) leave an error below 6e-17, below it lgamma directly. */
static double stirling_tail(double x)
{
    double z = x + 1;
    if (x < 16)
        return lgamma(z) - ((x + 0.5) * log(z) - z + 0.91893853320467274178);
    double z2 = 1 / (z * z);
    return (1.0 / 12 - z2 * (1.0 / 360 - z2 * (1.0 / 1260 - z2 * (1.0 / 1680 - z2 / 1188)))) / z;
}

/* BINV (Kachitvichyanukul & Schmeiser 1988): inversion from 0, for np < 10. */
static unsigned int binom_inversion(struct mt19937 *rng, unsigned int n, const struct binom_p *b)
{
    double q_n = exp((double)n * b->lq), a = ((double)n + 1) * b->s;
    for (;;) {
        double u = mt19937_uniform(rng), f = q_n;
        for (unsigned int x = 0;; ) {
            if (u < f)
                return x;
            if (x == n)
                break; /* u beyond the rounded total mass: draw again */
            u -= f;
            x++;
            f *= a / x - b->s;
        }
    }
}

/* BTRS (Hörmann 1993), for np ≥ 10 and p ≤ 1/2: the constants of one (n, p), which
 * mn_draw_totals keeps per value of n. */
struct btrs {
    double n, spq, b, a, c, v_r, alpha, m;
    double h; /* the terms of log f(k)/f(m) that depend on m only; NaN until needed */
};

static void btrs_init(struct btrs *t, unsigned int n, const struct binom_p *bp)
{
    double nd = n, p = bp->p;
    t->n = nd;
    t->spq = sqrt(nd * p * (1 - p));
    t->b = 1.15 + 2.53 * t->spq;
    t->a = -0.0873 + 0.0248 * t->b + 0.01 * p;
    t->c = nd * p + 0.5;
    t->v_r = 0.92 - 4.2 / t->b;
    t->alpha = (2.83 + 5.1 / t->b) * t->spq;
    t->m = floor((nd + 1) * p);
    t->h = NAN;
}

/* The acceptance test outside the squeeze compares log v with log f(k)/f(m), written as
 * in TensorFlow's random_binomial_op.cc (logs of ratios, no cancellation of large
 * log-factorials) with the exact Stirling remainder above instead of its three-term
 * one. */
static unsigned int btrs_draw(struct mt19937 *rng, struct btrs *t, const struct binom_p *bp)
{
    double nd = t->n, m = t->m;
    for (;;) {
        double u = mt19937_uniform(rng) - 0.5, v = mt19937_uniform(rng);
        double us = 0.5 - fabs(u);
        double k = floor((2 * t->a / us + t->b) * u + t->c);
        if (k < 0 || k > nd)
            continue;
        if (us >= 0.07 && v <= t->v_r)
            return (unsigned int)k;
        if (isnan(t->h))
            t->h = (m + 0.5) * log((m + 1) / (bp->s * (nd - m + 1))) + stirling_tail(m) +
                   stirling_tail(nd - m);
        double lv = log(v * t->alpha / (t->a / (us * us) + t->b));
        double bound = t->h + (nd + 1) * log((nd - m + 1) / (nd - k + 1)) +
                       (k + 0.5) * log(bp->s * (nd - k + 1) / (k + 1)) - stirling_tail(k) -
                       stirling_tail(nd - k);
        if (lv <= bound)
            return (unsigned int)k;
    }
}

static unsigned int binom_btrs(struct mt19937 *rng, unsigned int n, const struct binom_p *b)
{
    struct btrs t;
    btrs_init(&t, n, b);
    return btrs_draw(rng, &t, b);
}

static unsigned int binom_core(struct mt19937 *rng, unsigned int n, const struct binom_p *b)
{
    if (n == 0)
        return 0;
    return (double)n * b->p < 10 ? binom_inversion(rng, n, b) : binom_btrs(rng, n, b);
}

unsigned int binom_draw(struct mt19937 *rng, unsigned int n, double p)
{
    if (!(p > 0) || n == 0)
        return 0;
    if (p >= 1)
        return n;
    struct binom_p b;
    bool flip = p > 0.5;
    binom_p_init(&b, flip ? 1 - p : p);
    unsigned int x = binom_core(rng, n, &b);
    return flip ? n - x : x;
}

/* ---------------------------------------------------------------- multinomial */

/* A uniform integer in [0, n), 0 < n: as gsl_rng_uniform_int (exact: words beyond
 * the last whole multiple of n are drawn again). */
static unsigned int uniform_index(struct mt19937 *rng, unsigned int n)
{
    uint32_t scale = 0xffffffffu / n, k;
    do
        k = mt19937_next(rng) / scale;
    while (k >= n);
    return k;
}

/* Costs in the time of one uniform: an index draw ≈ 1.2, a binomial step ≈ 3.5
 * (measured on the bootstrap's tables; only the choice depends on them, never the
 * distribution). */
#define COST_INDEX 12
#define COST_STEP 35

/* A group's answers in all (the sum of its k counts); *last its last category with
 * answers, k when it has none. */
static double group_total(const double *c, size_t k, size_t *last)
{
    double N = 0;
    *last = k;
    for (size_t j = 0; j < k; j++) {
        N += c[j];
        if (c[j] > 0)
            *last = j;
    }
    return N;
}

void mn_sampler_init(struct mn_sampler *s, const double *counts, size_t n_groups, size_t k)
{
    memset(s, 0, sizeof(*s));
    s->n_groups = n_groups;
    s->k = k;
    s->steps = xmalloc((n_groups && k ? n_groups * k : 1) * sizeof(struct mn_step));
    s->step_begin = xmalloc((n_groups + 1) * sizeof(size_t));
    s->N = xmalloc((n_groups ? n_groups : 1) * sizeof(unsigned int));
    s->last = xmalloc((n_groups ? n_groups : 1) * sizeof(unsigned int));
    s->by_index = xcalloc(n_groups ? n_groups : 1, 1);
    s->cat_begin = xcalloc(n_groups ? n_groups : 1, sizeof(size_t));
    size_t n_steps = 0, n_cat = 0;
    for (size_t g = 0; g < n_groups; g++) {
        const double *c = counts + g * k;
        size_t last;
        double N = group_total(c, k, &last);
        s->N[g] = (unsigned int)N;
        s->last[g] = (unsigned int)last;
        s->step_begin[g] = n_steps;
        /* the categories with answers before the last one: one binomial each, of the
         * answers not yet placed */
        double rest = N;
        size_t steps = 0;
        for (size_t j = 0; j < last; j++) {
            if (c[j] == 0)
                continue;
            double p = c[j] / rest;
            struct mn_step *st = &s->steps[n_steps + steps++];
            st->cat = (unsigned int)j;
            st->flip = p > 0.5;
            binom_p_init(&st->bp, st->flip ? 1 - p : p);
            rest -= c[j];
        }
        if (N * COST_INDEX < (double)steps * COST_STEP) {
            s->by_index[g] = 1;
            s->cat_begin[g] = n_cat;
            n_cat += (size_t)N;
        } else {
            n_steps += steps; /* (a group drawn by index keeps no steps) */
        }
    }
    s->step_begin[n_groups] = n_steps;
    s->cat = xmalloc((n_cat ? n_cat : 1) * sizeof(unsigned short));
    for (size_t g = 0; g < n_groups; g++) {
        if (!s->by_index[g])
            continue;
        unsigned short *cat = s->cat + s->cat_begin[g];
        for (size_t j = 0, i = 0; j < k; j++)
            for (double q = 0; q < counts[g * k + j]; q++)
                cat[i++] = (unsigned short)j;
    }
}

void mn_sampler_draw(const struct mn_sampler *s, struct mt19937 *rng, double *out)
{
    size_t k = s->k;
    for (size_t g = 0; g < s->n_groups; g++) {
        double *o = out + g * k;
        memset(o, 0, k * sizeof(double));
        unsigned int n = s->N[g];
        if (s->by_index[g]) {
            const unsigned short *cat = s->cat + s->cat_begin[g];
            for (unsigned int i = 0; i < n; i++)
                o[cat[uniform_index(rng, n)]] += 1;
            continue;
        }
        for (size_t i = s->step_begin[g]; i < s->step_begin[g + 1] && n > 0; i++) {
            const struct mn_step *st = &s->steps[i];
            unsigned int x = binom_core(rng, n, &st->bp);
            if (st->flip)
                x = n - x;
            o[st->cat] = x;
            n -= x;
        }
        if (s->last[g] < k)
            o[s->last[g]] = n;
    }
}

void mn_sampler_release(struct mn_sampler *s)
{
    free(s->steps);
    free(s->step_begin);
    free(s->N);
    free(s->last);
    free(s->by_index);
    free(s->cat);
    free(s->cat_begin);
    memset(s, 0, sizeof(*s));
}

/* ---------------------------------------------------------------- totals of many resamples */

/* The cumulative probabilities of Bin(n, p) (p ≤ 1/2) from lo to hi, the values beyond
 * them below 1e-18 each (their total far below the uniforms' resolution 2^-32), with a
 * guide table for the search (Chen & Asau 1974): guide[j] = the first x − lo with
 * F(x) > j / len. */
struct cdf_tab {
    size_t off;       /* into the pools */
    unsigned int lo, len;
};

struct cdf_pool {
    double *cdf;
    unsigned int *guide;
    size_t used, cap;
    double *scratch; /* the upper half's probabilities while the table is built */
    size_t scratch_cap;
};

#define CDF_TINY 1e-18
#define GUIDE_PER 2

static void pool_reserve(struct cdf_pool *pl, size_t more)
{
    if (pl->used + more <= pl->cap)
        return;
    pl->cap = 2 * (pl->used + more);
    pl->cdf = xrealloc(pl->cdf, pl->cap * sizeof(double));
    pl->guide = xrealloc(pl->guide, pl->cap * GUIDE_PER * sizeof(unsigned int));
}

static void cdf_build(struct cdf_pool *pl, unsigned int n, const struct binom_p *b,
                      struct cdf_tab *t)
{
    double nd = n, p = b->p;
    unsigned int m = (unsigned int)floor((nd + 1) * p);
    if (m > n)
        m = n;
    double fm = exp(lgamma(nd + 1) - lgamma(m + 1.0) - lgamma(nd - m + 1) + m * log(p) +
                    (nd - m) * b->lq);
    /* at most `span` values on each side of the mode: beyond 60 SDs + 200 the
     * probabilities are far below CDF_TINY (the walks stop there first) */
    size_t span = (size_t)fmin(nd, 60 * sqrt(nd * p * (1 - p)) + 200) + 1;
    /* below the mode: walk down into the scratch (reversed), then up */
    if (pl->scratch_cap < span) {
        pl->scratch_cap = 2 * span;
        pl->scratch = xrealloc(pl->scratch, pl->scratch_cap * sizeof(double));
    }
    double *down = pl->scratch;
    size_t nd_ = 0;
    double f = fm;
    for (unsigned int x = m; x > 0 && nd_ < span;) {
        /* f(x − 1) = f(x) · x / ((n − x + 1) · s) */
        f *= (double)x / ((nd - x + 1) * b->s);
        x--;
        if (f < CDF_TINY)
            break;
        down[nd_++] = f;
    }
    unsigned int lo = m - (unsigned int)nd_;
    pool_reserve(pl, nd_ + span + 1);
    double *cdf = pl->cdf + pl->used;
    double acc = 0;
    size_t len = 0;
    for (size_t i = nd_; i > 0; i--) {
        acc += down[i - 1];
        cdf[len++] = acc;
    }
    f = fm;
    acc += f;
    cdf[len++] = acc;
    for (unsigned int x = m; x < n && len < nd_ + span;) {
        f *= (nd - x) / (x + 1.0) * b->s;
        x++;
        if (f < CDF_TINY)
            break;
        acc += f;
        cdf[len++] = acc;
    }
    /* the guide has GUIDE_PER entries per value: a draw starts at most a step or two
     * below its value.  It is only where the search starts (cdf_draw checks both
     * ways), so its edges may be rounded. */
    size_t glen = GUIDE_PER * len;
    unsigned int *guide = pl->guide + pl->used * GUIDE_PER;
    /* guide[j] = the first x with F(x) > j / glen − 1e-12 (a little below j / glen:
     * never above the value of any u that maps to j) */
    size_t j = 0;
    for (size_t x = 0; x + 1 < len && j < glen; x++) {
        double jend = (cdf[x] + 1e-12) * (double)glen;
        while (j < glen && (double)j < jend)
            guide[j++] = (unsigned int)x;
    }
    while (j < glen)
        guide[j++] = (unsigned int)(len - 1);
    /* the last value takes whatever rounding left above F(last): a sentinel ends the
     * search there */
    cdf[len - 1] = 2;
    t->off = pl->used;
    t->lo = lo;
    t->len = (unsigned int)len;
    pl->used += len;
}

/* The smallest x with F(x) > u (the last value when rounding leaves F below u). */
static unsigned int cdf_draw(const struct cdf_pool *pl, const struct cdf_tab *t, struct mt19937 *rng)
{
    const double *cdf = pl->cdf + t->off;
    double u = mt19937_uniform(rng);
    size_t x = pl->guide[t->off * GUIDE_PER + (size_t)(u * (double)(GUIDE_PER * t->len))];
    /* usually zero or one step up: two without branches, then a loop for the rest
     * (cdf[last] = 2 stops every search) */
    x += (size_t)(cdf[x] <= u);
    x += (size_t)(cdf[x] <= u);
    while (cdf[x] <= u)
        x++;
    return t->lo + (unsigned int)x;
}

void mn_draw_totals(const double *counts, size_t n_groups, size_t k, size_t R, struct mt19937 *rng,
                    double *tot)
{
    /* category by category while drawing (each category's column stays in the cache),
     * replicate by replicate at the end */
    double *acc = xcalloc(R && k ? R * k : 1, sizeof(double));
    unsigned int *n = xmalloc((R ? R : 1) * sizeof(unsigned int));
    struct cdf_pool pl = {0};
    size_t *cnt = NULL, cnt_cap = 0;
    struct cdf_tab *tabs = NULL;
    size_t tabs_cap = 0;
    size_t *order = xmalloc((R ? R : 1) * sizeof(size_t));
    struct btrs *bt = NULL;
    size_t btrs_cap = 0;
    for (size_t g = 0; g < n_groups; g++) {
        const double *c = counts + g * k;
        size_t last;
        double N = group_total(c, k, &last);
        if (last == k)
            continue;
        for (size_t r = 0; r < R; r++)
            n[r] = (unsigned int)N;
        double rest = N;
        for (size_t j = 0; j < last; j++) {
            if (c[j] == 0)
                continue;
            double pj = c[j] / rest;
            rest -= c[j];
            bool flip = pj > 0.5;
            struct binom_p bp;
            binom_p_init(&bp, flip ? 1 - pj : pj);
            unsigned int lo = UINT_MAX, hi = 0;
            for (size_t r = 0; r < R; r++) {
                lo = n[r] < lo ? n[r] : lo;
                hi = n[r] > hi ? n[r] : hi;
            }
            /* tables when building them (one per value of n, about 20 SDs wide, ≈ 3 ns
             * an entry and 150 ns to start) costs less than the draws they replace
             * (≈ 50 ns each) */
            double sd = sqrt((double)hi * bp.p * (1 - bp.p)), D = (double)hi - lo + 1;
            bool tables = D * ((20 * sd + 10) * 3 + 150) < (double)R * 50;
            double table_bytes = D * (20 * sd + 10) * (sizeof(double) + GUIDE_PER * sizeof(unsigned int));
            if (tables && table_bytes < 262144) {
                /* every table kept while the replicates are drawn in order */
                if (tabs_cap < (size_t)D) {
                    tabs_cap = (size_t)D;
                    tabs = xrealloc(tabs, tabs_cap * sizeof(*tabs));
                }
                pl.used = 0;
                for (size_t i = 0; i < (size_t)D; i++)
                    tabs[i].len = 0;
                for (size_t r = 0; r < R; r++) {
                    struct cdf_tab *t = &tabs[n[r] - lo];
                    if (t->len == 0)
                        cdf_build(&pl, n[r], &bp, t);
                    unsigned int x = n[r] ? cdf_draw(&pl, t, rng) : 0;
                    if (flip)
                        x = n[r] - x;
                    acc[j * R + r] += x;
                    n[r] -= x;
                }
            } else if (tables) {
                /* the replicates in order of n (counting sort; ties in replicate
                 * order), so that one table at a time is built and used while it is
                 * in the cache */
                if (cnt_cap < (size_t)D + 1) {
                    cnt_cap = (size_t)D + 1;
                    cnt = xrealloc(cnt, cnt_cap * sizeof(size_t));
                }
                memset(cnt, 0, ((size_t)D + 1) * sizeof(size_t));
                for (size_t r = 0; r < R; r++)
                    cnt[n[r] - lo + 1]++;
                for (size_t i = 0; i < (size_t)D; i++)
                    cnt[i + 1] += cnt[i];
                for (size_t r = 0; r < R; r++)
                    order[cnt[n[r] - lo]++] = r;
                struct cdf_tab t = {0};
                unsigned int built = UINT_MAX;
                for (size_t i = 0; i < R; i++) {
                    size_t r = order[i];
                    if (n[r] != built) {
                        pl.used = 0;
                        cdf_build(&pl, n[r], &bp, &t);
                        built = n[r];
                    }
                    unsigned int x = n[r] ? cdf_draw(&pl, &t, rng) : 0;
                    if (flip)
                        x = n[r] - x;
                    acc[j * R + r] += x;
                    n[r] -= x;
                }
            } else if (D <= 65536 && (double)lo * bp.p >= 10) {
                /* rejection with its constants kept per value of n */
                if (btrs_cap < (size_t)D) {
                    btrs_cap = (size_t)D;
                    bt = xrealloc(bt, btrs_cap * sizeof(*bt));
                }
                for (size_t i = 0; i < (size_t)D; i++)
                    bt[i].n = -1;
                for (size_t r = 0; r < R; r++) {
                    struct btrs *t = &bt[n[r] - lo];
                    if (t->n < 0)
                        btrs_init(t, n[r], &bp);
                    unsigned int x = btrs_draw(rng, t, &bp);
                    if (flip)
                        x = n[r] - x;
                    acc[j * R + r] += x;
                    n[r] -= x;
                }
            } else {
                for (size_t r = 0; r < R; r++) {
                    unsigned int x = binom_core(rng, n[r], &bp);
                    if (flip)
                        x = n[r] - x;
                    acc[j * R + r] += x;
                    n[r] -= x;
                }
            }
        }
        for (size_t r = 0; r < R; r++)
            acc[last * R + r] += n[r];
    }
    for (size_t r = 0; r < R; r++)
        for (size_t c = 0; c < k; c++)
            tot[r * k + c] = acc[c * R + r];
    free(acc);
    free(cnt);
    free(tabs);
    free(order);
    free(bt);
    free(pl.cdf);
    free(pl.guide);
    free(pl.scratch);
    free(n);
}
