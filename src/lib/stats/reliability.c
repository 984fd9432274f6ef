/*
 * reliability — see reliability.h.
 */
#include "stats/reliability.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "stats/stats_common.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct comoment {
    double n, mi, mj, c;
};

/* Whether the items' sum varies: its variance ΣC, and ΣR of the correlations, are
 * positive beyond rounding (relative to the items' own variances, tr C, and k). */
static bool sum_varies(const double *C, size_t kk)
{
    double tr = 0, sum = 0, sum_r = 0;
    for (size_t a = 0; a < kk; a++) {
        tr += C[a * kk + a];
        for (size_t b = 0; b < kk; b++) {
            sum += C[a * kk + b];
            sum_r += C[a * kk + b] / sqrt(C[a * kk + a] * C[b * kk + b]);
        }
    }
    return sum > 1e-9 * tr && sum_r > 1e-9 * (double)kk;
}

void cronbach_alpha(const double *x, size_t n, size_t k, double conf_level,
                    struct alpha_result *out)
{
    struct stat_result *raw = &out->raw, *std = &out->std;
    stat_result_init(raw);
    stat_result_init(std);
    out->items_used = 0;
    raw->n = std->n = (double)n;
    if (!stats_check_conf(raw, conf_level)) {
        *std = *raw;
        return;
    }
    if ((n > 0 && k > 0 && !x) || k > 10000) {
        stat_result_fail(raw, STAT_INVALID_INPUT, STAT_R_ALPHA_NO_ITEMS);
        *std = *raw;
        return;
    }
    for (size_t i = 0; i < n * k; i++)
        if (isinf(x[i])) {
            stat_result_failx(raw, STAT_INVALID_INPUT, STAT_R_ALPHA_ANSWER_INFINITE, (double)(i / k + 1), (double)(i % k + 1), NAN);
            *std = *raw;
            return;
        }
    /* pairwise-complete co-moments, i <= j (Welford) */
    struct comoment *cm = xcalloc(k * k + 1, sizeof(*cm));
    for (size_t r = 0; r < n; r++) {
        const double *row = x + r * k;
        for (size_t i = 0; i < k; i++) {
            if (isnan(row[i]))
                continue;
            for (size_t j = i; j < k; j++) {
                if (isnan(row[j]))
                    continue;
                struct comoment *m = &cm[i * k + j];
                m->n += 1;
                double di = row[i] - m->mi;
                m->mi += di / m->n;
                m->mj += (row[j] - m->mj) / m->n;
                m->c += di * (row[j] - m->mj);
            }
        }
    }
    /* items kept: variance defined and positive */
    size_t *keep = xmalloc((k + 1) * sizeof(size_t)), kk = 0;
    struct strbuf dropped = STRBUF_INIT;
    for (size_t i = 0; i < k; i++) {
        const struct comoment *m = &cm[i * k + i];
        if (m->n >= 2 && m->c > 0)
            keep[kk++] = i;
        else
            strbuf_addf(&dropped, "%s%zu", dropped.len ? ", " : "", i + 1);
    }
    out->items_used = kk;
    double *C = xcalloc(kk * kk + 1, sizeof(double));
    bool pair_missing = false;
    for (size_t a = 0; a < kk; a++)
        for (size_t b = a; b < kk; b++) {
            const struct comoment *m = &cm[keep[a] * k + keep[b]];
            double v = m->n >= 2 ? m->c / (m->n - 1) : NAN;
            if (isnan(v))
                pair_missing = true;
            C[a * kk + b] = C[b * kk + a] = v;
        }
    if (kk < 2) {
        if (dropped.len) {
            stat_result_failx(raw, STAT_NOT_ESTIMABLE, STAT_R_ALPHA_TOO_FEW_ITEMS_DROPPED,
                              (double)kk, (double)k, NAN);
            stat_why_name(&raw->why, dropped.buf);
        } else {
            stat_result_failx(raw, STAT_NOT_ESTIMABLE, STAT_R_ALPHA_TOO_FEW_ITEMS, (double)kk,
                              (double)k, NAN);
        }
        *std = *raw;
    } else if (pair_missing) {
        stat_result_fail(raw, STAT_NOT_ESTIMABLE, STAT_R_ALPHA_PAIR_MISSING);
        *std = *raw;
    } else if (!sum_varies(C, kk)) {
        /* alpha = k/(k-1) (1 - tr/ΣC) with ΣC, the variance of the items' sum, zero (items
         * that cancel out: 6e15 was printed as alpha, hunt round 3) or, from pairwise
         * covariances, negative (alpha above 1) */
        stat_result_fail(raw, STAT_NOT_ESTIMABLE, STAT_R_ALPHA_SUM_CONSTANT);
        *std = *raw;
    } else {
        double K = (double)kk, tr = 0, sum = 0, tr2 = 0, sumsq_col = 0, sumR = 0;
        for (size_t a = 0; a < kk; a++) {
            double col = 0;
            tr += C[a * kk + a];
            for (size_t b = 0; b < kk; b++) {
                double c = C[a * kk + b];
                sum += c;
                col += c;
                tr2 += c * c;
                sumR += c / sqrt(C[a * kk + a] * C[b * kk + b]);
            }
            sumsq_col += col * col;
        }
        raw->estimate = K / (K - 1) * (1 - tr / sum);
        std->estimate = K / (K - 1) * (1 - K / sumR);
        double Q = 2 * K * K / ((K - 1) * (K - 1) * sum * sum * sum) *
                   (sum * (tr2 + tr * tr) - 2 * tr * sumsq_col);
        if (Q >= 0 && n > 0) {
            double z = gsl_cdf_ugaussian_Pinv((1 + conf_level) / 2);
            raw->std_error = sqrt(Q / (double)n);
            raw->conf_level = conf_level;
            raw->conf_low = raw->estimate - z * raw->std_error;
            raw->conf_high = raw->estimate + z * raw->std_error;
        }
        if (dropped.len) {
            stat_result_note(raw, STAT_R_ALPHA_ITEM_DROPPED);
            stat_why_name(&raw->why, dropped.buf);
            std->why = raw->why;
        } else if (raw->estimate < 0) {
            stat_result_note(raw, STAT_R_ALPHA_NEGATIVE);
        }
    }
    strbuf_release(&dropped);
    free(C);
    free(keep);
    free(cm);
}
