/*
 * survey — see survey.h.
 *
 * Layout of the accumulator.  Per domain: the weighted count, mean and centred sum of
 * squares by West's (1979) update, and Σw with Neumaier compensation.  Without
 * clusters, per stratum × domain: the count and the centred co-moments (Welford) of
 * a = w(y − c) and b = w, c being the cell's first value; then for the domain mean m
 * (δ = m − c) the domain rows' u = w(y − m) = a − δb have
 *     Σ(u − ū)² = C_aa − 2δ C_ab + δ² C_bb,   ū = ā − δ b̄,
 * and the stratum's n_h rows (the others contribute u = 0) give
 *     Σ_i (u_i − ū_h)² = Σ(u − ū)² + ū² n_hd (n_h − n_hd)/n_h.
 * With clusters, per PSU × domain: Σw and the weighted mean ȳ of the valid rows, so
 * that the PSU total of u is Σw (ȳ − m) without cancellation; strata are then summed
 * over their PSUs in two passes at estimation time.
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
    double sw_run;  /* plain running Σw used by the mean update */
    double shift;   /* first valid y: the mean is accumulated as mean of y − shift */
    double mean;    /* weighted mean of y − shift (West 1979) */
    double m2;      /* Σ w (y − mean)² */
    bool binary;    /* every valid y is 0 or 1 */
};

struct scell { /* stratum × domain, no clusters */
    double n;    /* valid rows */
    double rows; /* all rows of the domain in the stratum, for degf */
    double shift;
    double ma, mb, caa, cab, cbb;
};

struct pcell { /* PSU × domain, clusters */
    double sw;   /* Σw of valid rows */
    double mean; /* weighted mean of y over them */
    double rows; /* all rows of the domain in the PSU, for degf */
};

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
    enum stat_status err_status;
    char err[STAT_MESSAGE_SIZE]; /* "" unless refused */
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
    free(acc);
}

void svy_acc_name_strata(struct svy_acc *acc, svy_stratum_namer name, const void *ctx)
{
    acc->namer = name;
    acc->namer_ctx = ctx;
}

static int refuse(struct svy_acc *a, enum stat_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int refuse(struct svy_acc *a, enum stat_status st, const char *fmt, ...)
{
    a->err_status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->err, sizeof(a->err), fmt, ap);
    va_end(ap);
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
    if (a->err[0])
        return -1;
    size_t h = a->has_strata ? stratum : 0;
    if (h >= SVY_MAX_INDEX)
        return refuse(a, STAT_INVALID_INPUT, "population size for an invalid stratum (index %zu)",
                      stratum);
    if (!(N >= 1))
        return refuse(a, STAT_INVALID_INPUT,
                      "the population size %g is not a number of at least 1", N);
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

int svy_acc_add(struct svy_acc *a, double y, double w, size_t stratum, size_t psu,
                const size_t *domains, size_t nd)
{
    if (a->err[0])
        return -1;
    double row = a->rows + 1;
    if (!(w > 0) || !isfinite(w))
        return refuse(a, STAT_INVALID_INPUT,
                      "row %.0f has weight %g; survey weights must be positive numbers", row, w);
    if (isinf(y))
        return refuse(a, STAT_INVALID_INPUT, "row %.0f has an infinite value", row);
    size_t h = a->has_strata ? stratum : 0;
    if (h >= SVY_MAX_INDEX)
        return refuse(a, STAT_INVALID_INPUT,
                      "row %.0f has no valid stratum (index %zu)", row, stratum);
    if (a->clustered && psu >= SVY_MAX_INDEX)
        return refuse(a, STAT_INVALID_INPUT,
                      "row %.0f has no valid sampling unit (index %zu)", row, psu);
    for (size_t k = 0; k < nd; k++)
        if (domains[k] >= a->nd)
            return refuse(a, STAT_INVALID_INPUT,
                          "row %.0f names group %zu, but only %zu groups were set up", row,
                          domains[k], a->nd);
    grow_strata(a, h);
    if (h >= a->h_used)
        a->h_used = h + 1;
    if (a->clustered) {
        grow_psus(a, psu);
        if (a->psu_stratum[psu] == SVY_NONE) {
            a->psu_stratum[psu] = h;
            a->npsu_h[h] += 1;
        } else if (a->psu_stratum[psu] != h) {
            return refuse(a, STAT_INVALID_INPUT,
                          "sampling unit %zu appears in strata %zu and %zu (row %.0f); each "
                          "sampling unit must lie within one stratum (R: clusters not nested "
                          "in strata)",
                          psu, a->psu_stratum[psu], h, row);
        }
        if (psu >= a->p_used)
            a->p_used = psu + 1;
    }
    a->rows = row;
    a->rows_h[h] += 1;
    bool valid = !isnan(y);
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
            da->sw_run += w;
            double ys = y - da->shift, dlt = ys - da->mean;
            da->mean += dlt * w / da->sw_run;
            da->m2 += w * dlt * (ys - da->mean);
            if (y != 0 && y != 1)
                da->binary = false;
        }
        if (a->clustered) {
            struct pcell *pc = &a->pcells[psu * a->nd + d];
            pc->rows += 1;
            if (valid) {
                pc->sw += w;
                pc->mean += (y - pc->mean) * w / pc->sw;
            }
        } else {
            struct scell *c = &a->scells[h * a->nd + d];
            c->rows += 1;
            if (valid) {
                if (c->n == 0)
                    c->shift = y;
                c->n += 1;
                double av = w * (y - c->shift), bv = w;
                double da_ = av - c->ma, db = bv - c->mb;
                c->ma += da_ / c->n;
                c->mb += db / c->n;
                c->caa += da_ * (av - c->ma);
                c->cab += da_ * (bv - c->mb);
                c->cbb += db * (bv - c->mb);
            }
        }
    }
    return 0;
}

static void fail_all(struct svy_estimate *out, enum stat_status st, const char *message)
{
    char msg[STAT_MESSAGE_SIZE]; /* message may point into out */
    snprintf(msg, sizeof(msg), "%s", message);
    stat_result_fail(&out->mean, st, "%s", msg);
    stat_result_fail(&out->prop, st, "%s", msg);
    stat_result_fail(&out->deff, st, "%s", msg);
}

/* Variance of the domain mean m; SVY_NONE in *lonely, or the stratum with one PSU. */
static double domain_variance(const struct svy_acc *a, size_t d, double m, double W,
                              size_t *lonely)
{
    double var = 0;
    *lonely = SVY_NONE;
    if (!a->clustered) {
        for (size_t h = 0; h < a->h_used; h++) {
            const struct scell *c = &a->scells[h * a->nd + d];
            if (c->n == 0)
                continue;
            double nh = a->rows_h[h], f = fpc_factor(a, h, nh);
            if (f <= 0) /* the whole population stratum was sampled */
                continue;
            if (nh < 2) {
                *lonely = h;
                return NAN;
            }
            double delta = m - c->shift;
            double ss = c->caa - 2 * delta * c->cab + delta * delta * c->cbb;
            if (ss < 0)
                ss = 0;
            double ubar = c->ma - delta * c->mb;
            var += f * nh / (nh - 1) * (ss + ubar * ubar * c->n * (nh - c->n) / nh);
        }
        return var / (W * W);
    }
    size_t H = a->h_used;
    double *zsum = xcalloc(H + 1, sizeof(double)), *ss = xcalloc(H + 1, sizeof(double));
    char *has = xcalloc(H + 1, 1);
    for (size_t p = 0; p < a->p_used; p++) {
        size_t h = a->psu_stratum[p];
        const struct pcell *pc = &a->pcells[p * a->nd + d];
        if (h == SVY_NONE || pc->sw == 0)
            continue;
        zsum[h] += pc->sw * (pc->mean - m);
        has[h] = 1;
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
            const struct pcell *pc = &a->pcells[p * a->nd + d];
            double z = pc->sw > 0 ? pc->sw * (pc->mean - m) : 0;
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
    return *lonely == SVY_NONE ? var / (W * W) : NAN;
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

void svy_acc_estimate(const struct svy_acc *a, size_t d, double conf_level,
                      struct svy_estimate *out)
{
    stat_result_init(&out->mean);
    stat_result_init(&out->prop);
    stat_result_init(&out->deff);
    out->deff_replace = out->n_eff = out->n_eff_replace = NAN;
    out->n_valid = out->n_missing = out->sum_weights = out->df = NAN;
    if (!stats_check_conf(&out->mean, conf_level)) {
        fail_all(out, STAT_INVALID_INPUT, out->mean.message);
        return;
    }
    if (d >= a->nd) {
        fail_all(out, STAT_INVALID_INPUT, "no such group");
        return;
    }
    if (a->err[0]) {
        fail_all(out, a->err_status, a->err);
        return;
    }
    for (size_t h = 0; h < a->h_used; h++) {
        double nh = a->clustered ? a->npsu_h[h] : a->rows_h[h];
        if (a->pop_h[h] < nh) {
            char msg[STAT_MESSAGE_SIZE];
            snprintf(msg, sizeof(msg),
                     "the population size %g declared for a stratum is smaller than the %g "
                     "%s sampled there (R: \"FPC implies >100%% sampling in some strata\")",
                     a->pop_h[h], nh, a->clustered ? "sampling units" : "respondents");
            fail_all(out, STAT_INVALID_INPUT, msg);
            return;
        }
    }
    const struct dom_acc *da = &a->dom[d];
    double n = da->count, W = da->sw + da->swc, m = da->shift + da->mean;
    out->n_valid = n;
    out->n_missing = da->missing;
    out->sum_weights = W;
    out->mean.n = out->prop.n = out->deff.n = n;
    out->df = domain_degf(a, d);
    if (n == 0) {
        fail_all(out, STAT_NOT_ESTIMABLE,
                 da->missing > 0 ? "empty (no answers: everyone in this group left the "
                                   "question unanswered)"
                                 : "empty (no respondents)");
        return;
    }
    size_t lonely;
    double var = domain_variance(a, d, m, W, &lonely);
    if (lonely != SVY_NONE) {
        char msg[STAT_MESSAGE_SIZE], who[96];
        bool stratum = a->has_strata;
        if (a->namer)
            stratum = a->namer(a->namer_ctx, lonely, who, sizeof(who));
        else
            snprintf(who, sizeof(who), "stratum %zu", lonely);
        if (stratum)
            snprintf(msg, sizeof(msg),
                     "%s has only one sampling unit, so its sampling error cannot be "
                     "estimated; merge it with a similar stratum (as R does: "
                     "survey.lonely.psu = \"fail\")",
                     who);
        else if (a->namer)
            snprintf(msg, sizeof(msg),
                     "%s is only one sampling unit (%s), so its sampling error cannot be "
                     "estimated",
                     who, a->clustered ? "one cluster" : "one respondent");
        else
            snprintf(msg, sizeof(msg),
                     "the whole sample is only one sampling unit (%s), so its sampling error "
                     "cannot be estimated",
                     a->clustered ? "one cluster" : "one respondent");
        fail_all(out, STAT_SINGLE_PSU, msg);
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
        stat_result_note(r, n == 1 ? "only one answer in this group, and the design gives it "
                                     "no sampling spread"
                                   : "every answer in this group is the same, so the estimate "
                                     "has no sampling spread");

    /* svyciprop(method = "logit") */
    struct stat_result *p = &out->prop;
    if (!da->binary) {
        stat_result_fail(p, STAT_NOT_ESTIMABLE,
                         "the variable is not a yes/no (0/1) indicator, so no proportion "
                         "interval applies");
    } else if (m == 0 || m == 1) {
        /* The share and its standard error (0, as svymean gives) are defined; only the
         * interval is not, since the log-odds of 0 or 1 is infinite.  The status says the
         * interval is missing; the numbers that exist are kept. */
        stat_result_fail(p, STAT_NOT_ESTIMABLE,
                         "%s in this group gave the answer counted (%s): the standard error is "
                         "%g, but a logit interval cannot be formed (the log-odds of %s is "
                         "infinite)",
                         m == 0 ? "nobody" : "everyone", m == 0 ? "0%" : "100%", se,
                         m == 0 ? "0" : "1");
        p->estimate = m;
        p->std_error = se;
        p->df = out->df;
    } else if (!(out->df > 0)) {
        stat_result_fail(p, STAT_NOT_ESTIMABLE,
                         "too few sampling units in this group (degrees of freedom %g) to form "
                         "an interval; the estimate and its standard error stand",
                         out->df);
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
        stat_result_fail(de, STAT_NOT_ESTIMABLE,
                         "a design effect needs at least 2 answers in the group");
        return;
    }
    double svyvar = n / (n - 1) * da->m2 / W;
    if (!(svyvar > 0)) {
        stat_result_fail(de, STAT_NOT_ESTIMABLE,
                         "every answer in this group is the same, so the design effect (a "
                         "ratio of two zero variances) is undefined");
        return;
    }
    out->deff_replace = var / (svyvar / n);
    out->n_eff_replace = n / out->deff_replace;
    if (!(W > n)) {
        stat_result_fail(de, STAT_NOT_ESTIMABLE,
                         "the weights sum to %g, not more than the %g respondents, so they do "
                         "not look like population weights and R's design effect (which "
                         "uses 1 - n/sum of weights) is undefined; the with-replacement "
                         "design effect is %.4g",
                         W, n, out->deff_replace);
        return;
    }
    de->estimate = var / (svyvar * (W - n) / (W * n));
    out->n_eff = n / de->estimate;
}

int svy_by(const struct svy_design *d, const size_t *domain, size_t n_domains,
           double conf_level, struct svy_estimate *out)
{
    struct svy_acc *a = svy_acc_new(n_domains, d->stratum != NULL, d->psu != NULL);
    int rc = 0;
    if (d->n > 0 && (!d->y || !d->w)) {
        refuse(a, STAT_INVALID_INPUT, "no survey data given");
        rc = -1;
    }
    for (size_t i = 0; i < d->n && rc == 0 && d->fpc; i++) {
        size_t h = d->stratum ? d->stratum[i] : 0;
        if (h < SVY_MAX_INDEX && h < a->h_alloc && !isinf(a->pop_h[h]) &&
            a->pop_h[h] != d->fpc[i]) {
            refuse(a, STAT_INVALID_INPUT,
                   "rows of one stratum give different population sizes (%g and %g); the "
                   "population size must be the same throughout a stratum",
                   a->pop_h[h], d->fpc[i]);
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
        stat_result_fail(&r, STAT_NOT_ESTIMABLE,
                         "the %s estimate is missing, so the change cannot be computed%s%s",
                         bad == after ? "after" : "before", bad->message[0] ? ": " : "",
                         bad->message);
        return r;
    }
    double d = after->estimate - before->estimate;
    double se = hypot(after->std_error, before->std_error);
    r.estimate = d;
    if (se == 0) {
        stat_result_fail(&r, STAT_NOT_ESTIMABLE,
                         "neither estimate has any sampling spread, so the change cannot be "
                         "tested");
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
