/*
 * survey — see survey.h.
 *
 * Layout of the accumulator.  Adding a row costs additions and multiplications only
 * (no division: the accumulator takes every row of every analysed wave, often several
 * times over).  Sums are shifted by a value of the cell itself (Chan, Golub & LeVeque
 * 1983: the shifted-data algorithm), so that the centred quantities computed from them
 * at estimation time do not suffer the cancellation of raw sums of squares.
 *
 * Per domain: the counts, Σw with Neumaier compensation, and Σw(y − c), Σw(y − c)²
 * with c the domain's first valid y.  Without clusters, per stratum × domain: the
 * count and the sums of a = w(y − c) and b' = w − b₀ (c the cell's first value, b₀ its
 * first weight), of their squares and of their product; from them the centred
 * co-moments C_aa, C_ab, C_bb, and for the domain mean m (δ = m − c) the domain rows'
 * u = w(y − m) = a − δb have
 *     Σ(u − ū)² = C_aa − 2δ C_ab + δ² C_bb,   ū = ā − δ b̄,
 * and the stratum's n_h rows (the others contribute u = 0) give
 *     Σ_i (u_i − ū_h)² = Σ(u − ū)² + ū² n_hd (n_h − n_hd)/n_h.
 * With clusters, per PSU × domain: Σw and Σw(y − c) of the valid rows (c the domain's
 * shift), so that the PSU total of u is Σw(y − c) − Σw·(m − c); strata are then summed
 * over their PSUs in two passes at estimation time.
 *
 * Contrasts between domains that share no row (svy_acc_contrast) come from the same
 * cells: the linearised contrast is constant-coefficient within each cell, so its
 * stratum (or PSU) totals and centred squares follow from the cells' sums.  Which
 * domains share a row is recorded as rows are added (a bit per pair of domains).
 */
#include "stats/survey.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "stats/stats_common.h"
#include "util/xalloc.h"

struct dom_acc {
    double count;   /* rows with a valid y */
    double missing; /* rows with y missing */
    double sw, swc; /* Σw and its Neumaier compensation */
    double shift;   /* first valid y */
    double s1, s2;  /* Σw(y − shift), Σw(y − shift)² */
    bool binary;    /* every valid y is 0 or 1 */
};

struct scell { /* stratum × domain, no clusters */
    double n;    /* valid rows */
    double rows; /* all rows of the domain in the stratum, for degf */
    double shift;
    double b0;   /* first weight: b' = w − b0 */
    double sa, sb, saa, sab, sbb; /* sums of a = w(y − shift), b', a², ab', b'² */
};

struct pcell { /* PSU × domain, clusters */
    double sw;   /* Σw of valid rows */
    double sy;   /* Σw(y − shift of the domain) over them */
    double rows; /* all rows of the domain in the PSU, for degf */
};

/* Domains up to this many have their shared rows recorded (nd² bits). */
#define PAIR_MAX_DOMAINS 2048

struct svy_acc {
    size_t nd;
    bool has_strata, clustered;
    struct dom_acc *dom;
    size_t h_alloc, h_used; /* strata seen: indices < h_used */
    double *rows_h;         /* rows per stratum (no clusters: its PSUs) */
    double *npsu_h;         /* PSUs per stratum (clusters) */
    double *pop_h;          /* population size per stratum (INFINITY: no fpc) */
    struct scell *scells;   /* h_alloc × nd */
    size_t p_alloc, p_used;
    size_t *psu_stratum; /* SVY_NONE until seen */
    struct pcell *pcells; /* p_alloc × nd */
    double rows;          /* rows added */
    /* pairs of domains with a valid row in common: bit j·nd + k (j < k); NULL until a
     * row is in two domains.  pairs_unknown: too many domains to record them. */
    unsigned char *pairs;
    bool pairs_unknown;
    enum stat_status err_status;
    struct stat_why err; /* STAT_R_NONE unless refused */
    svy_stratum_namer namer;     /* NULL: strata named by index */
    const void *namer_ctx;
};

struct svy_acc *svy_acc_new(size_t n_domains, bool has_strata, bool clustered)
{
    struct svy_acc *a = xcalloc(1, sizeof(*a));
    a->nd = n_domains;
    a->has_strata = has_strata;
    a->clustered = clustered;
    a->dom = xcalloc(n_domains ? n_domains : 1, sizeof(*a->dom));
    for (size_t d = 0; d < n_domains; d++)
        a->dom[d].binary = true;
    return a;
}

void svy_acc_free(struct svy_acc *acc)
{
    if (!acc)
        return;
    free(acc->dom);
    free(acc->rows_h);
    free(acc->npsu_h);
    free(acc->pop_h);
    free(acc->scells);
    free(acc->psu_stratum);
    free(acc->pcells);
    free(acc->pairs);
    free(acc);
}

void svy_acc_name_strata(struct svy_acc *acc, svy_stratum_namer name, const void *ctx)
{
    acc->namer = name;
    acc->namer_ctx = ctx;
}

/* Refuses the accumulator: every later row is ignored and every estimate fails with
 * this reason (numbers as the code documents). */
static int refuse(struct svy_acc *a, enum stat_status st, enum stat_reason code, double x0,
                  double x1, double x2)
{
    a->err_status = st;
    stat_why_set(&a->err, code, x0, x1, x2);
    return -1;
}

static void grow_strata(struct svy_acc *a, size_t h)
{
    if (h < a->h_alloc)
        return;
    size_t old = a->h_alloc, nw = old ? 2 * old : 16;
    while (nw <= h)
        nw *= 2;
    a->rows_h = xrealloc(a->rows_h, nw * sizeof(double));
    a->npsu_h = xrealloc(a->npsu_h, nw * sizeof(double));
    a->pop_h = xrealloc(a->pop_h, nw * sizeof(double));
    memset(a->rows_h + old, 0, (nw - old) * sizeof(double));
    memset(a->npsu_h + old, 0, (nw - old) * sizeof(double));
    for (size_t k = old; k < nw; k++)
        a->pop_h[k] = INFINITY;
    if (!a->clustered && a->nd) {
        a->scells = xrealloc(a->scells, nw * a->nd * sizeof(*a->scells));
        memset(a->scells + old * a->nd, 0, (nw - old) * a->nd * sizeof(*a->scells));
    }
    a->h_alloc = nw;
}

static void grow_psus(struct svy_acc *a, size_t p)
{
    if (p < a->p_alloc)
        return;
    size_t old = a->p_alloc, nw = old ? 2 * old : 64;
    while (nw <= p)
        nw *= 2;
    a->psu_stratum = xrealloc(a->psu_stratum, nw * sizeof(size_t));
    for (size_t i = old; i < nw; i++)
        a->psu_stratum[i] = SVY_NONE;
    if (a->nd) {
        a->pcells = xrealloc(a->pcells, nw * a->nd * sizeof(*a->pcells));
        memset(a->pcells + old * a->nd, 0, (nw - old) * a->nd * sizeof(*a->pcells));
    }
    a->p_alloc = nw;
}

int svy_acc_set_population(struct svy_acc *a, size_t stratum, double N)
{
    if (a->err.code != STAT_R_NONE)
        return -1;
    size_t h = a->has_strata ? stratum : 0;
    if (h >= SVY_MAX_INDEX)
        return refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_POP_BAD_STRATUM, (double)stratum, NAN, NAN);
    if (!(N >= 1))
        return refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_POP_INVALID, N, NAN, NAN);
    grow_strata(a, h);
    a->pop_h[h] = N;
    return 0;
}

/* Finite population factor (N_h − n_h)/N_h of stratum h with n_h sampled units. */
static double fpc_factor(const struct svy_acc *a, size_t h, double nh)
{
    double N = a->pop_h[h];
    return isinf(N) ? 1.0 : (N - nh) / N;
}

/* Records that the domains of one valid row share it (for svy_acc_contrast). */
static void note_pairs(struct svy_acc *a, const size_t *domains, size_t nd)
{
    if (a->pairs_unknown)
        return;
    if (a->nd > PAIR_MAX_DOMAINS) {
        a->pairs_unknown = true;
        return;
    }
    if (!a->pairs)
        a->pairs = xcalloc((a->nd * a->nd + 7) / 8, 1);
    for (size_t j = 0; j < nd; j++)
        for (size_t k = j + 1; k < nd; k++) {
            size_t lo = domains[j] < domains[k] ? domains[j] : domains[k];
            size_t hi = domains[j] < domains[k] ? domains[k] : domains[j];
            size_t bit = lo * a->nd + hi;
            a->pairs[bit / 8] |= (unsigned char)(1u << (bit % 8));
        }
}

/* What svy_acc_add and svy_acc_add_rows check and record before they add a row
 * (numbered `row` in the refusals): y finite or NaN, the stratum, PSU and domains in
 * range, a PSU in one stratum only; grows the strata and PSU tables and counts a new
 * PSU in its stratum.  Sets *h to the row's stratum (0 without strata); -1 when the
 * row is refused (a->err says why). */
static inline int place_row(struct svy_acc *a, double row, double y, size_t stratum,
                            size_t psu, const size_t *domains, size_t nd, size_t *h_out)
{
    if (isinf(y))
        return refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_ROW_INFINITE, row, NAN, NAN);
    size_t h = a->has_strata ? stratum : 0;
    if (h >= SVY_MAX_INDEX)
        return refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_ROW_STRATUM, row, (double)stratum, NAN);
    if (a->clustered && psu >= SVY_MAX_INDEX)
        return refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_ROW_PSU, row, (double)psu, NAN);
    for (size_t k = 0; k < nd; k++)
        if (domains[k] >= a->nd)
            return refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_ROW_GROUP, row, (double)domains[k],
                          (double)a->nd);
    grow_strata(a, h);
    if (h >= a->h_used)
        a->h_used = h + 1;
    if (a->clustered) {
        grow_psus(a, psu);
        if (a->psu_stratum[psu] == SVY_NONE) {
            a->psu_stratum[psu] = h;
            a->npsu_h[h] += 1;
        } else if (a->psu_stratum[psu] != h) {
            return refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_PSU_TWO_STRATA, (double)psu,
                          (double)a->psu_stratum[psu], (double)h);
        }
        if (psu >= a->p_used)
            a->p_used = psu + 1;
    }
    *h_out = h;
    return 0;
}

int svy_acc_add(struct svy_acc *a, double y, double w, size_t stratum, size_t psu,
                const size_t *domains, size_t nd)
{
    if (a->err.code != STAT_R_NONE)
        return -1;
    double row = a->rows + 1;
    if (!(w > 0) || !isfinite(w))
        return refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_ROW_WEIGHT, row, w, NAN);
    size_t h;
    if (place_row(a, row, y, stratum, psu, domains, nd, &h) != 0)
        return -1;
    a->rows = row;
    a->rows_h[h] += 1;
    bool valid = !isnan(y);
    if (valid && nd > 1)
        note_pairs(a, domains, nd);
    for (size_t k = 0; k < nd; k++) {
        size_t d = domains[k];
        struct dom_acc *da = &a->dom[d];
        if (!valid) {
            da->missing += 1;
        } else {
            if (da->count == 0)
                da->shift = y;
            da->count += 1;
            /* Neumaier-compensated Σw */
            double t = da->sw + w;
            da->swc += fabs(da->sw) >= w ? (da->sw - t) + w : (w - t) + da->sw;
            da->sw = t;
            double ys = y - da->shift, wy = w * ys;
            da->s1 += wy;
            da->s2 += wy * ys;
            if (y != 0 && y != 1)
                da->binary = false;
        }
        if (a->clustered) {
            struct pcell *pc = &a->pcells[psu * a->nd + d];
            pc->rows += 1;
            if (valid) {
                pc->sw += w;
                pc->sy += w * (y - da->shift);
            }
        } else {
            struct scell *c = &a->scells[h * a->nd + d];
            c->rows += 1;
            if (valid) {
                if (c->n == 0) {
                    c->shift = y;
                    c->b0 = w;
                }
                c->n += 1;
                double av = w * (y - c->shift), bv = w - c->b0;
                c->sa += av;
                c->sb += bv;
                c->saa += av * av;
                c->sab += av * bv;
                c->sbb += bv * bv;
            }
        }
    }
    return 0;
}

int svy_acc_add_rows(struct svy_acc *a, double y, const struct svy_rows *r, size_t stratum,
                     size_t psu, const size_t *domains, size_t nd)
{
    if (a->err.code != STAT_R_NONE)
        return -1;
    double row = a->rows + 1, k = r->n;
    if (!(k >= 1) || !(r->w0 > 0) || !isfinite(r->w0) || !(r->sw > 0) || !isfinite(r->sw))
        return refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_ROW_WEIGHT, row, r->w0, NAN);
    size_t h;
    if (place_row(a, row, y, stratum, psu, domains, nd, &h) != 0)
        return -1;
    a->rows += k;
    a->rows_h[h] += k;
    bool valid = !isnan(y);
    if (valid && nd > 1)
        note_pairs(a, domains, nd);
    double sw = r->sw;
    /* Σw² and Σw(w − b) for any b, from the sums around the first weight */
    double sww = k * r->w0 * r->w0 + 2 * r->w0 * r->sdw + r->sdw2;
    for (size_t j = 0; j < nd; j++) {
        size_t d = domains[j];
        struct dom_acc *da = &a->dom[d];
        if (!valid) {
            da->missing += k;
        } else {
            if (da->count == 0)
                da->shift = y;
            da->count += k;
            double t = da->sw + sw;
            da->swc += fabs(da->sw) >= sw ? (da->sw - t) + sw : (sw - t) + da->sw;
            da->sw = t;
            double ys = y - da->shift, wy = sw * ys;
            da->s1 += wy;
            da->s2 += wy * ys;
            if (y != 0 && y != 1)
                da->binary = false;
        }
        if (a->clustered) {
            struct pcell *pc = &a->pcells[psu * a->nd + d];
            pc->rows += k;
            if (valid) {
                pc->sw += sw;
                pc->sy += sw * (y - da->shift);
            }
        } else {
            struct scell *c = &a->scells[h * a->nd + d];
            c->rows += k;
            if (valid) {
                if (c->n == 0) {
                    c->shift = y;
                    c->b0 = r->w0;
                }
                c->n += k;
                /* b' = w − b0 = (w − w0) + e over the cell's rows */
                double ys = y - c->shift, e = r->w0 - c->b0;
                double sb = r->sdw + k * e;               /* Σb' */
                double sbb = r->sdw2 + 2 * e * r->sdw + k * e * e; /* Σb'² */
                double swb = r->sdw2 + r->w0 * r->sdw + e * r->sdw + k * r->w0 * e; /* Σw b' */
                c->sa += ys * sw;
                c->sb += sb;
                c->saa += ys * ys * sww;
                c->sab += ys * swb;
                c->sbb += sbb;
            }
        }
    }
    return 0;
}

static void fail_all_why(struct svy_estimate *out, enum stat_status st,
                         const struct stat_why *why)
{
    struct stat_why copy = *why; /* why may point into out */
    stat_result_fail_why(&out->mean, st, &copy);
    stat_result_fail_why(&out->prop, st, &copy);
    stat_result_fail_why(&out->deff, st, &copy);
}

static void fail_all(struct svy_estimate *out, enum stat_status st, enum stat_reason code)
{
    struct stat_why why;
    stat_why_set(&why, code, NAN, NAN, NAN);
    fail_all_why(out, st, &why);
}

/* The centred moments of one stratum × domain cell: means of a and b, C_aa, C_ab, C_bb. */
static void scell_moments(const struct scell *c, double *ma, double *mb, double *caa,
                          double *cab, double *cbb)
{
    double n = c->n;
    *ma = c->sa / n;
    *mb = c->b0 + c->sb / n;
    *caa = c->saa - c->sa * c->sa / n;
    *cab = c->sab - c->sa * c->sb / n;
    *cbb = c->sbb - c->sb * c->sb / n;
}

/*
 * Design variance of Σ_i w_i u_i with u_i = g[j] (y_i − m[j]) for the valid rows of
 * domain doms[j] (j < nk; domains that share no valid row), 0 for every other row; dm[j]
 * is m[j] less the domain's shift.  all_strata: every stratum with rows counts (a
 * contrast's pass over all rows), else only those where the domains have answers (a
 * domain estimate).  SVY_NONE in *lonely, or the first stratum with one PSU (NaN).
 */
static double combo_variance(const struct svy_acc *a, const size_t *doms, const double *g,
                             const double *m, const double *dm, size_t nk, bool all_strata,
                             size_t *lonely)
{
    double var = 0;
    *lonely = SVY_NONE;
    if (!a->clustered) {
        for (size_t h = 0; h < a->h_used; h++) {
            double nh = a->rows_h[h], used = 0, sum_u = 0;
            for (size_t j = 0; j < nk; j++)
                used += a->scells[h * a->nd + doms[j]].n;
            if (all_strata ? nh == 0 : used == 0)
                continue;
            double f = fpc_factor(a, h, nh);
            if (f <= 0) /* the whole population stratum was sampled */
                continue;
            if (nh < 2) {
                *lonely = h;
                return NAN;
            }
            /* each cell's centred squares, then the cells and the rows outside them
             * (u = 0) pooled around the stratum mean of u */
            double m2 = 0;
            for (size_t j = 0; j < nk; j++) {
                const struct scell *c = &a->scells[h * a->nd + doms[j]];
                if (c->n == 0)
                    continue;
                double ma, mb, caa, cab, cbb;
                scell_moments(c, &ma, &mb, &caa, &cab, &cbb);
                double delta = m[j] - c->shift;
                double ss = caa - 2 * delta * cab + delta * delta * cbb;
                if (ss < 0)
                    ss = 0;
                m2 += g[j] * g[j] * ss;
                sum_u += c->n * g[j] * (ma - delta * mb);
            }
            double ubar_h = sum_u / nh;
            for (size_t j = 0; j < nk; j++) {
                const struct scell *c = &a->scells[h * a->nd + doms[j]];
                if (c->n == 0)
                    continue;
                double ma, mb, caa, cab, cbb;
                scell_moments(c, &ma, &mb, &caa, &cab, &cbb);
                double dv = g[j] * (ma - (m[j] - c->shift) * mb) - ubar_h;
                m2 += c->n * dv * dv;
            }
            m2 += (nh - used) * ubar_h * ubar_h;
            var += f * nh / (nh - 1) * m2;
        }
        return var;
    }
    size_t H = a->h_used;
    double *zsum = xcalloc(H + 1, sizeof(double)), *ss = xcalloc(H + 1, sizeof(double));
    char *has = xcalloc(H + 1, 1);
    for (size_t p = 0; p < a->p_used; p++) {
        size_t h = a->psu_stratum[p];
        if (h == SVY_NONE)
            continue;
        if (all_strata)
            has[h] = 1;
        for (size_t j = 0; j < nk; j++) {
            const struct pcell *pc = &a->pcells[p * a->nd + doms[j]];
            if (pc->sw == 0)
                continue;
            zsum[h] += g[j] * (pc->sy - pc->sw * dm[j]);
            has[h] = 1;
        }
    }
    for (size_t h = 0; h < H; h++)
        if (has[h] && !(fpc_factor(a, h, a->npsu_h[h]) > 0))
            has[h] = 0; /* sampled completely: no sampling error (R: f = 0) */
    for (size_t h = 0; h < H && *lonely == SVY_NONE; h++)
        if (has[h] && a->npsu_h[h] < 2)
            *lonely = h;
    if (*lonely == SVY_NONE) {
        for (size_t p = 0; p < a->p_used; p++) {
            size_t h = a->psu_stratum[p];
            if (h == SVY_NONE || !has[h])
                continue;
            double z = 0;
            for (size_t j = 0; j < nk; j++) {
                const struct pcell *pc = &a->pcells[p * a->nd + doms[j]];
                if (pc->sw > 0)
                    z += g[j] * (pc->sy - pc->sw * dm[j]);
            }
            double dev = z - zsum[h] / a->npsu_h[h];
            ss[h] += dev * dev;
        }
        for (size_t h = 0; h < H; h++)
            if (has[h])
                var += fpc_factor(a, h, a->npsu_h[h]) * a->npsu_h[h] / (a->npsu_h[h] - 1) *
                       ss[h];
    }
    free(zsum);
    free(ss);
    free(has);
    return *lonely == SVY_NONE ? var : NAN;
}

/* Variance of the domain mean m (dm: m less the domain's shift); SVY_NONE in *lonely,
 * or the stratum with one PSU. */
static double domain_variance(const struct svy_acc *a, size_t d, double m, double dm, double W,
                              size_t *lonely)
{
    const double one = 1;
    double v = combo_variance(a, &d, &one, &m, &dm, 1, false, lonely);
    return *lonely == SVY_NONE ? v / (W * W) : NAN;
}

/* degf of the domain design: PSUs with rows in the domain − strata with rows in it. */
static double domain_degf(const struct svy_acc *a, size_t d)
{
    double psus = 0, strata = 0;
    if (!a->clustered) {
        for (size_t h = 0; h < a->h_used; h++) {
            const struct scell *c = &a->scells[h * a->nd + d];
            psus += c->rows;
            strata += c->rows > 0;
        }
        return psus - strata;
    }
    char *seen = xcalloc(a->h_used + 1, 1);
    for (size_t p = 0; p < a->p_used; p++) {
        size_t h = a->psu_stratum[p];
        if (h == SVY_NONE || a->pcells[p * a->nd + d].rows == 0)
            continue;
        psus += 1;
        if (!seen[h]) {
            seen[h] = 1;
            strata += 1;
        }
    }
    free(seen);
    return psus - strata;
}

/* Why a stratum with one PSU stops the estimate, in the user's terms (the namer's). */
static void lonely_why(const struct svy_acc *a, size_t lonely, struct stat_why *why)
{
    char who[STAT_WHY_NAME_SIZE];
    bool stratum = a->has_strata;
    if (a->namer)
        stratum = a->namer(a->namer_ctx, lonely, who, sizeof(who));
    if (stratum && a->namer) {
        stat_why_set(why, STAT_R_SVY_LONELY_STRATUM, NAN, NAN, NAN);
        stat_why_name(why, who);
    } else if (stratum) {
        stat_why_set(why, STAT_R_SVY_LONELY_STRATUM_INDEX, (double)lonely, NAN, NAN);
    } else if (a->namer) {
        stat_why_set(why, STAT_R_SVY_LONELY_WAVE, a->clustered, NAN, NAN);
        stat_why_name(why, who);
    } else {
        stat_why_set(why, STAT_R_SVY_LONELY_SAMPLE, a->clustered, NAN, NAN);
    }
}

void svy_acc_estimate(const struct svy_acc *a, size_t d, double conf_level,
                      struct svy_estimate *out)
{
    stat_result_init(&out->mean);
    stat_result_init(&out->prop);
    stat_result_init(&out->deff);
    out->deff_replace = out->n_eff = out->n_eff_replace = NAN;
    out->n_valid = out->n_missing = out->sum_weights = out->df = NAN;
    if (!stats_check_conf(&out->mean, conf_level)) {
        fail_all_why(out, STAT_INVALID_INPUT, &out->mean.why);
        return;
    }
    if (d >= a->nd) {
        fail_all(out, STAT_INVALID_INPUT, STAT_R_SVY_NO_SUCH_GROUP);
        return;
    }
    if (a->err.code != STAT_R_NONE) {
        fail_all_why(out, a->err_status, &a->err);
        return;
    }
    for (size_t h = 0; h < a->h_used; h++) {
        double nh = a->clustered ? a->npsu_h[h] : a->rows_h[h];
        if (a->pop_h[h] < nh) {
            struct stat_why why;
            stat_why_set(&why, STAT_R_SVY_POP_TOO_SMALL, a->pop_h[h], nh, a->clustered);
            fail_all_why(out, STAT_INVALID_INPUT, &why);
            return;
        }
    }
    const struct dom_acc *da = &a->dom[d];
    double n = da->count, W = da->sw + da->swc, dm = da->s1 / W, m = da->shift + dm;
    out->n_valid = n;
    out->n_missing = da->missing;
    out->sum_weights = W;
    out->mean.n = out->prop.n = out->deff.n = n;
    out->df = domain_degf(a, d);
    if (n == 0) {
        fail_all(out, STAT_NOT_ESTIMABLE, da->missing > 0 ? STAT_R_SVY_EMPTY_UNANSWERED : STAT_R_SVY_EMPTY);
        return;
    }
    size_t lonely;
    double var = domain_variance(a, d, m, dm, W, &lonely);
    if (lonely != SVY_NONE) {
        struct stat_why why;
        lonely_why(a, lonely, &why);
        fail_all_why(out, STAT_SINGLE_PSU, &why);
        return;
    }
    double se = sqrt(var);
    double z = gsl_cdf_ugaussian_Pinv((1 + conf_level) / 2);
    struct stat_result *r = &out->mean;
    r->estimate = m;
    r->std_error = se;
    r->conf_level = conf_level;
    r->conf_low = m - z * se;
    r->conf_high = m + z * se;
    if (se == 0)
        stat_result_note(r, n == 1 ? STAT_R_SVY_ONE_ANSWER : STAT_R_SVY_ALL_SAME);

    /* svyciprop(method = "logit") */
    struct stat_result *p = &out->prop;
    if (!da->binary) {
        stat_result_fail(p, STAT_NOT_ESTIMABLE, STAT_R_SVY_NOT_BINARY);
    } else if (m == 0 || m == 1) {
        /* The share and its standard error (0, as svymean gives) are defined; only the
         * interval is not, since the log-odds of 0 or 1 is infinite.  The status says the
         * interval is missing; the numbers that exist are kept. */
        stat_result_failx(p, STAT_NOT_ESTIMABLE, STAT_R_SVY_PROP_BOUNDARY, m, se, NAN);
        p->estimate = m;
        p->std_error = se;
        p->df = out->df;
    } else if (!(out->df > 0)) {
        stat_result_failx(p, STAT_NOT_ESTIMABLE, STAT_R_SVY_NO_DF, out->df, NAN, NAN);
        p->estimate = m;
        p->std_error = se;
        p->df = out->df;
    } else {
        double q = gsl_cdf_tdist_Pinv((1 + conf_level) / 2, out->df);
        double eta = log(m / (1 - m)), s = se / (m * (1 - m));
        p->estimate = m;
        p->std_error = se;
        p->df = out->df;
        p->conf_level = conf_level;
        p->conf_low = 1 / (1 + exp(-(eta - q * s)));
        p->conf_high = 1 / (1 + exp(-(eta + q * s)));
    }

    /* design effect, svymean(..., deff = TRUE) and deff = "replace" */
    struct stat_result *de = &out->deff;
    if (n < 2) {
        stat_result_fail(de, STAT_NOT_ESTIMABLE, STAT_R_DEFF_TOO_FEW);
        return;
    }
    double m2 = da->s2 - da->s1 * dm; /* Σw(y − m)² */
    double svyvar = n / (n - 1) * (m2 > 0 ? m2 : 0) / W;
    if (!(svyvar > 0)) {
        stat_result_fail(de, STAT_NOT_ESTIMABLE, STAT_R_DEFF_ALL_SAME);
        return;
    }
    out->deff_replace = var / (svyvar / n);
    out->n_eff_replace = n / out->deff_replace;
    if (!(W > n)) {
        stat_result_failx(de, STAT_NOT_ESTIMABLE, STAT_R_DEFF_WEIGHTS_SMALL, W, n, out->deff_replace);
        return;
    }
    de->estimate = var / (svyvar * (W - n) / (W * n));
    out->n_eff = n / de->estimate;
}

int svy_acc_contrast(const struct svy_acc *a, const double *coef, const double *mean,
                      double *se, enum stat_status *status, struct stat_why *why)
{
    *se = NAN;
    *status = STAT_OK;
    stat_why_set(why, STAT_R_NONE, NAN, NAN, NAN);
    size_t nk = 0;
    for (size_t k = 0; k < a->nd; k++)
        nk += coef[k] != 0;
    size_t *doms = xmalloc((nk ? nk : 1) * sizeof(*doms));
    nk = 0;
    for (size_t k = 0; k < a->nd; k++)
        if (coef[k] != 0)
            doms[nk++] = k;
    /* the cells give the contrast only when no row is in two of its domains */
    bool disjoint = !a->pairs_unknown;
    for (size_t j = 0; j < nk && disjoint && a->pairs; j++)
        for (size_t l = j + 1; l < nk && disjoint; l++) {
            size_t bit = doms[j] * a->nd + doms[l];
            disjoint = !(a->pairs[bit / 8] & (1u << (bit % 8)));
        }
    if (!disjoint) {
        free(doms);
        return 0;
    }
    if (a->err.code != STAT_R_NONE) {
        *status = a->err_status;
        *why = a->err;
        free(doms);
        return 1;
    }
    double *g = xmalloc((nk ? nk : 1) * sizeof(*g)), *m = xmalloc((nk ? nk : 1) * sizeof(*m)),
           *dm = xmalloc((nk ? nk : 1) * sizeof(*dm));
    for (size_t j = 0; j < nk; j++) {
        const struct dom_acc *da = &a->dom[doms[j]];
        double W = da->sw + da->swc;
        g[j] = W > 0 ? coef[doms[j]] / W : 0;
        m[j] = mean[doms[j]];
        dm[j] = m[j] - da->shift;
    }
    size_t lonely;
    double var = a->rows > 0 ? combo_variance(a, doms, g, m, dm, nk, true, &lonely) : NAN;
    if (!(a->rows > 0)) {
        *status = STAT_NOT_ESTIMABLE;
        stat_why_set(why, STAT_R_SVY_EMPTY, NAN, NAN, NAN);
    } else if (lonely != SVY_NONE) {
        *status = STAT_SINGLE_PSU;
        lonely_why(a, lonely, why);
    } else {
        *se = sqrt(var);
    }
    free(doms);
    free(g);
    free(m);
    free(dm);
    return 1;
}

int svy_by(const struct svy_design *d, const size_t *domain, size_t n_domains,
           double conf_level, struct svy_estimate *out)
{
    struct svy_acc *a = svy_acc_new(n_domains, d->stratum != NULL, d->psu != NULL);
    int rc = 0;
    if (d->n > 0 && (!d->y || !d->w)) {
        refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_NO_DATA, NAN, NAN, NAN);
        rc = -1;
    }
    for (size_t i = 0; i < d->n && rc == 0 && d->fpc; i++) {
        size_t h = d->stratum ? d->stratum[i] : 0;
        if (h < SVY_MAX_INDEX && h < a->h_alloc && !isinf(a->pop_h[h]) &&
            a->pop_h[h] != d->fpc[i]) {
            refuse(a, STAT_INVALID_INPUT, STAT_R_SVY_POP_DIFFERS, a->pop_h[h], d->fpc[i], NAN);
            rc = -1;
        } else if (svy_acc_set_population(a, h, d->fpc[i]) != 0) {
            rc = -1;
        }
    }
    for (size_t i = 0; i < d->n && rc == 0; i++) {
        size_t dom = domain ? domain[i] : 0;
        rc = svy_acc_add(a, d->y[i], d->w[i], d->stratum ? d->stratum[i] : 0,
                         d->psu ? d->psu[i] : 0, &dom, dom == SVY_NONE ? 0 : 1);
    }
    for (size_t k = 0; k < n_domains; k++)
        svy_acc_estimate(a, k, conf_level, &out[k]);
    svy_acc_free(a);
    return rc;
}

struct stat_result svy_diff(const struct stat_result *after, const struct stat_result *before,
                            double conf_level)
{
    struct stat_result r;
    stat_result_init(&r);
    if (!stats_check_conf(&r, conf_level))
        return r;
    r.n = after->n + before->n;
    const struct stat_result *bad = !isfinite(after->estimate) || !isfinite(after->std_error)
                                        ? after
                                    : !isfinite(before->estimate) ||
                                            !isfinite(before->std_error)
                                        ? before
                                        : NULL;
    if (bad) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_SVY_DIFF_MISSING, bad == after ? 1 : 0, NAN, NAN);
        return r;
    }
    double d = after->estimate - before->estimate;
    double se = hypot(after->std_error, before->std_error);
    r.estimate = d;
    if (se == 0) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_SVY_DIFF_NO_SPREAD);
        r.estimate = d;
        return r;
    }
    double z = gsl_cdf_ugaussian_Pinv((1 + conf_level) / 2);
    r.std_error = se;
    r.conf_level = conf_level;
    r.conf_low = d - z * se;
    r.conf_high = d + z * se;
    r.statistic = d / se;
    r.p_value = 2 * gsl_cdf_ugaussian_Q(fabs(r.statistic));
    return r;
}
