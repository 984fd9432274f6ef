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

/* BTRS (Hörmann 1993), for np ≥ 10 and p ≤ 1/2.  The acceptance test outside the
 * squeeze compares log v with log f(k)/f(m), written as in TensorFlow's
 * random_binomial_op.cc (logs of ratios, no cancellation of large log-factorials) with
 * the exact Stirling remainder above instead of its three-term one. */
static unsigned int binom_btrs(struct mt19937 *rng, unsigned int n, const struct binom_p *b)
{
    double nd = n, p = b->p;
    double spq = sqrt(nd * p * (1 - p));
    double bb = 1.15 + 2.53 * spq;
    double a = -0.0873 + 0.0248 * bb + 0.01 * p;
    double c = nd * p + 0.5;
    double v_r = 0.92 - 4.2 / bb;
    double alpha = (2.83 + 5.1 / bb) * spq;
    double m = floor((nd + 1) * p);
    double h = NAN; /* the terms of log f(k)/f(m) that depend on m only, when needed */
    for (;;) {
        double u = mt19937_uniform(rng) - 0.5, v = mt19937_uniform(rng);
        double us = 0.5 - fabs(u);
        double k = floor((2 * a / us + bb) * u + c);
        if (k < 0 || k > nd)
            continue;
        if (us >= 0.07 && v <= v_r)
            return (unsigned int)k;
        if (isnan(h))
            h = (m + 0.5) * log((m + 1) / (b->s * (nd - m + 1))) + stirling_tail(m) +
                stirling_tail(nd - m);
        double lv = log(v * alpha / (a / (us * us) + bb));
        double bound = h + (nd + 1) * log((nd - m + 1) / (nd - k + 1)) +
                       (k + 0.5) * log(b->s * (nd - k + 1) / (k + 1)) - stirling_tail(k) -
                       stirling_tail(nd - k);
        if (lv <= bound)
            return (unsigned int)k;
    }
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
        double N = 0;
        size_t last = k;
        for (size_t j = 0; j < k; j++) {
            N += c[j];
            if (c[j] > 0)
                last = j;
        }
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
    memset(tot, 0, R * k * sizeof(double));
    unsigned int *n = xmalloc((R ? R : 1) * sizeof(unsigned int));
    struct cdf_pool pl = {0};
    struct cdf_tab *tabs = NULL;
    size_t tabs_cap = 0;
    for (size_t g = 0; g < n_groups; g++) {
        const double *c = counts + g * k;
        double N = 0;
        size_t last = k;
        for (size_t j = 0; j < k; j++) {
            N += c[j];
            if (c[j] > 0)
                last = j;
        }
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
            if (tables) {
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
                    tot[r * k + j] += x;
                    n[r] -= x;
                }
            } else {
                for (size_t r = 0; r < R; r++) {
                    unsigned int x = binom_core(rng, n[r], &bp);
                    if (flip)
                        x = n[r] - x;
                    tot[r * k + j] += x;
                    n[r] -= x;
                }
            }
        }
        for (size_t r = 0; r < R; r++)
            tot[r * k + last] += n[r];
    }
    free(tabs);
    free(pl.cdf);
    free(pl.guide);
    free(pl.scratch);
    free(n);
}
