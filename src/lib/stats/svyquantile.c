/*
 * svyquantile — see svyquantile.h.
 */
#include "stats/svyquantile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "util/xalloc.h"

double svy_qrule_math(const double *xs, const double *ws, size_t n, double p)
{
    if (n == 0)
        return NAN;
    long double total = 0;
    for (size_t i = 0; i < n; i++)
        total += ws[i];
    double W = (double)total, pw = p * W;
    /* R: pos <- last(cumw <= p * sum(w)), and last() of no TRUE is 1 */
    size_t pos = 0;
    double cum_pos = (double)(long double)ws[0];
    long double run = 0;
    for (size_t i = 0; i < n; i++) {
        run += ws[i];
        double cum = (double)run;
        if (cum <= pw) {
            pos = i;
            cum_pos = cum;
        }
    }
    size_t next = pos + 1 < n ? pos + 1 : pos;
    double wlow = p - cum_pos / W;
    return wlow == 0 ? xs[pos] : xs[next];
}

void svy_quantile_woodruff(const double *xs, const double *ws, size_t n, double m, double se,
                           double df, double conf_level, struct stat_result *r)
{
    double a = (1 - conf_level) / 2;
    double tlo = NAN, thi = NAN;
    if (df > 0 && isfinite(df)) {
        tlo = gsl_cdf_tdist_Pinv(a, df);
        thi = gsl_cdf_tdist_Pinv(1 - a, df);
    }
    double plo = m + se * tlo, phi = m + se * thi;
    r->conf_low = isnan(plo) || plo < 0 ? NAN : svy_qrule_math(xs, ws, n, plo);
    r->conf_high = isnan(phi) || phi > 1 ? NAN : svy_qrule_math(xs, ws, n, phi);
    if (se == 0 && !isnan(plo) && !isnan(r->estimate)) {
        /* No sampling error in the share (every stratum a census under the fpc): its
         * interval is the point m = F(q̂) itself, whose quantile is q̂.  The rule above
         * would decide that at the knife edge C(k) = m·W by the last bit of how m was
         * summed, which gave limits on either side of q̂ (and R's own rounding gives such
         * limits too, e.g. (2, 2) around a q̂ of 1): the exact answer instead. */
        r->conf_low = r->conf_high = r->estimate;
    }
    r->std_error = (r->conf_high - r->conf_low) / (2 * thi);
    r->df = df;
    r->conf_level = conf_level;
}

struct keyed {
    double y;
    size_t row;
};

static int by_value(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    if (a->y < b->y)
        return -1;
    if (a->y > b->y)
        return 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

size_t svy_sort_values(const double *y, const size_t *rows, size_t n_rows, size_t *idx)
{
    struct keyed *k = xmalloc((n_rows ? n_rows : 1) * sizeof(*k));
    size_t n = 0;
    for (size_t j = 0; j < n_rows; j++)
        if (!isnan(y[rows[j]]))
            k[n++] = (struct keyed){y[rows[j]], rows[j]};
    qsort(k, n, sizeof(*k), by_value);
    for (size_t j = 0; j < n; j++)
        idx[j] = k[j].row;
    free(k);
    return n;
}

int svy_quantile(const struct svy_design *d, const size_t *domain, size_t n_domains, double p,
                 double conf_level, struct stat_result *out)
{
    size_t n = d->n, nd = n_domains ? n_domains : 1;
    /* the rows of each domain, in row order (counting sort) */
    size_t *start = xcalloc(nd + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        size_t k = domain ? domain[i] : 0;
        if (k < nd)
            start[k + 1]++;
    }
    for (size_t k = 0; k < nd; k++)
        start[k + 1] += start[k];
    size_t *rows = xmalloc((n ? n : 1) * sizeof(size_t)), *fill = xmalloc(nd * sizeof(size_t));
    memcpy(fill, start, nd * sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        size_t k = domain ? domain[i] : 0;
        if (k < nd)
            rows[fill[k]++] = i;
    }
    size_t *idx = xmalloc((n ? n : 1) * sizeof(size_t)), *nvalid = xcalloc(nd, sizeof(size_t));
    double *xs = xmalloc((n ? n : 1) * sizeof(double)), *ws = xmalloc((n ? n : 1) * sizeof(double));
    double *qhat = xmalloc(nd * sizeof(double));
    for (size_t k = 0; k < nd; k++) {
        size_t *ik = idx + start[k];
        nvalid[k] = svy_sort_values(d->y, rows + start[k], start[k + 1] - start[k], ik);
        for (size_t j = 0; j < nvalid[k]; j++) {
            xs[start[k] + j] = d->y[ik[j]];
            ws[start[k] + j] = d->w[ik[j]];
        }
        qhat[k] = svy_qrule_math(xs + start[k], ws + start[k], nvalid[k], p);
    }
    /* the indicator x <= q̂ of the domain's valid rows; a row without a valid value is
     * outside the domain (a zero contribution either way; so degf counts valid rows) */
    double *ind = xmalloc((n ? n : 1) * sizeof(double));
    size_t *dom2 = xmalloc((n ? n : 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        size_t k = domain ? domain[i] : 0;
        bool in = k < nd && !isnan(d->y[i]);
        ind[i] = in ? (d->y[i] <= qhat[k] ? 1.0 : 0.0) : NAN;
        dom2[i] = in ? k : SVY_NONE;
    }
    struct svy_design d2 = *d;
    d2.y = ind;
    struct svy_estimate *est = xcalloc(nd, sizeof(*est));
    int rc = svy_by(&d2, dom2, nd, conf_level, est);
    for (size_t k = 0; k < nd; k++) {
        struct stat_result *r = &out[k];
        stat_result_init(r);
        r->n = (double)nvalid[k];
        if (nvalid[k] == 0) {
            stat_result_fail(r, STAT_NOT_ESTIMABLE, STAT_R_GROUP_NO_VALID);
            continue;
        }
        const struct stat_result *m = &est[k].mean;
        if (m->status == STAT_SINGLE_PSU || m->status == STAT_INVALID_INPUT || rc != 0) {
            stat_result_fail_why(r, m->status == STAT_OK ? STAT_INVALID_INPUT : m->status,
                                 &m->why);
            continue;
        }
        r->estimate = qhat[k];
        svy_quantile_woodruff(xs + start[k], ws + start[k], nvalid[k], m->estimate,
                              m->std_error, est[k].df, conf_level, r);
    }
    free(est);
    free(ind);
    free(dom2);
    free(qhat);
    free(xs);
    free(ws);
    free(idx);
    free(nvalid);
    free(rows);
    free(fill);
    free(start);
    return rc;
}
