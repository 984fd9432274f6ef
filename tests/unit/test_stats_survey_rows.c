/*
 * svy_acc_add_rows (a cell of rows with the same y, stratum, PSU and domains) against
 * svy_acc_add of the same rows one at a time, on randomized designs: strata with one
 * PSU (lonely), domains with no rows in some PSUs or strata, a domain of one answer,
 * zero variance, empty domains, missing answers, extreme and equal weights, clusters,
 * finite population corrections, a row in two domains.  Every estimate, reason and
 * contrast must agree; the numbers to rounding (the sums are regrouped).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "stats/survey.h"

static uint64_t rng_state;

static double unif(void)
{
    rng_state = rng_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static size_t pick(size_t n) { return (size_t)(unif() * (double)n) % n; }

#define MAXN 400
#define ND 5 /* domains 0..3 by "area", 4 = everyone (overlaps the others) */

struct design {
    size_t n;
    double y[MAXN], w[MAXN];
    size_t stratum[MAXN], psu[MAXN], dom[MAXN];
    bool clustered, overall, fpc;
    bool extreme; /* weights 10^12 apart */
    double pop[8];
    size_t n_strata;
};

static void make(struct design *g, int kind)
{
    memset(g, 0, sizeof(*g));
    g->n = 1 + pick(kind % 5 == 0 ? 6 : MAXN);
    g->n_strata = 1 + pick(6);
    g->clustered = unif() < 0.5;
    g->overall = unif() < 0.5;
    g->fpc = unif() < 0.25;
    int ykind = (int)pick(4);   /* 0/1, 1..4, constant, 1..4 with missing */
    int wkind = (int)pick(4);   /* ordinary, extreme, equal, integer-ish */
    g->extreme = wkind == 1;
    size_t psus_per = 1 + pick(4);
    for (size_t i = 0; i < g->n; i++) {
        size_t h = pick(g->n_strata);
        /* now and then a stratum that gets a single row or PSU: lonely */
        g->stratum[i] = h;
        g->psu[i] = h * 8 + pick(h == 0 ? 1 : psus_per);
        g->dom[i] = pick(4);
        if (g->dom[i] == 3 && h == 1)
            g->dom[i] = 2; /* domain 3 never in stratum 1: empty PSUs and strata */
        switch (ykind) {
        case 0: g->y[i] = unif() < 0.3; break;
        case 1: g->y[i] = 1 + (double)pick(4); break;
        case 2: g->y[i] = 3; break;
        default: g->y[i] = unif() < 0.2 ? NAN : 1 + (double)pick(4); break;
        }
        if (ykind != 2 && unif() < 0.05)
            g->y[i] = NAN;
        switch (wkind) {
        case 0: g->w[i] = 0.5 + 3 * unif(); break;
        case 1: g->w[i] = unif() < 0.5 ? 1e-6 * (1 + unif()) : 1e6 * (1 + unif()); break;
        case 2: g->w[i] = 2.5; break;
        default: g->w[i] = 1 + (double)pick(30); break;
        }
    }
    /* domain 3 empty altogether in some designs */
    if (kind % 7 == 0)
        for (size_t i = 0; i < g->n; i++)
            if (g->dom[i] == 3)
                g->dom[i] = 0;
    for (size_t h = 0; h < 8; h++)
        g->pop[h] = unif() < 0.5 ? INFINITY : (double)(g->n + pick(50));
}

static size_t row_domains(const struct design *g, size_t i, size_t *out)
{
    size_t n = 0;
    out[n++] = g->dom[i];
    if (g->overall)
        out[n++] = 4;
    return n;
}

static struct svy_acc *acc_of(const struct design *g)
{
    struct svy_acc *a = svy_acc_new(ND, g->n_strata > 1, g->clustered);
    if (g->fpc)
        for (size_t h = 0; h < g->n_strata; h++)
            if (isfinite(g->pop[h]))
                svy_acc_set_population(a, g->n_strata > 1 ? h : 0, g->pop[h]);
    return a;
}

/* The rows one at a time. */
static struct svy_acc *by_rows(const struct design *g)
{
    struct svy_acc *a = acc_of(g);
    size_t doms[2];
    for (size_t i = 0; i < g->n; i++) {
        size_t nd = row_domains(g, i, doms);
        assert_int_equal(svy_acc_add(a, g->y[i], g->w[i], g->stratum[i], g->psu[i], doms, nd), 0);
    }
    return a;
}

static bool same_y(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

/* The rows as cells (same y, stratum, PSU, domain), in the order of their first rows. */
static struct svy_acc *by_cells(const struct design *g)
{
    struct svy_acc *a = acc_of(g);
    bool done[MAXN] = {false};
    size_t doms[2];
    for (size_t i = 0; i < g->n; i++) {
        if (done[i])
            continue;
        struct svy_rows r = {.n = 0, .w0 = g->w[i]};
        for (size_t j = i; j < g->n; j++) {
            if (done[j] || !same_y(g->y[j], g->y[i]) || g->stratum[j] != g->stratum[i] ||
                (g->clustered && g->psu[j] != g->psu[i]) || g->dom[j] != g->dom[i])
                continue;
            done[j] = true;
            double dw = g->w[j] - r.w0;
            r.n += 1;
            r.sw += g->w[j];
            r.sdw += dw;
            r.sdw2 += dw * dw;
        }
        size_t nd = row_domains(g, i, doms);
        assert_int_equal(svy_acc_add_rows(a, g->y[i], &r, g->stratum[i], g->psu[i], doms, nd), 0);
    }
    return a;
}

/* The absolute difference below which two standard errors are both rounding noise:
 * answers are 0..4, and with weights 10^12 apart neither engine is closer than ~1e-8 to
 * the exact SE (e.g. exact 2.07e-12, one at a time 1.2e-8, by cells 4.7e-17). */
static double noise = 1e-10;

static void near(double a, double b, double tol, const char *what, int kind, size_t d)
{
    if ((isnan(a) && isnan(b)) || a == b)
        return;
    double scale = fmax(fabs(a), fabs(b));
    if (fabs(a - b) <= tol * scale || (tol > 0 && fabs(a - b) <= noise))
        return;
    fail_msg("design %d domain %zu %s: rows %.17g, cells %.17g", kind, d, what, a, b);
}

static void same_result(const struct stat_result *a, const struct stat_result *b, double tol,
                        const char *what, int kind, size_t d)
{
    if (a->status != b->status || a->why.code != b->why.code)
        fail_msg("design %d domain %zu %s: status %d/%d reason %d/%d", kind, d, what, a->status,
                 b->status, a->why.code, b->why.code);
    near(a->estimate, b->estimate, tol, what, kind, d);
    near(a->std_error, b->std_error, tol, what, kind, d);
    near(a->conf_low, b->conf_low, tol, what, kind, d);
    near(a->conf_high, b->conf_high, tol, what, kind, d);
    near(a->n, b->n, 0, what, kind, d);
}

static void cells_equal_rows(void **state)
{
    (void)state;
    rng_state = 20261206;
    for (int kind = 0; kind < 3000; kind++) {
        struct design g;
        make(&g, kind);
        struct svy_acc *r = by_rows(&g), *c = by_cells(&g);
        noise = g.extreme ? 1e-7 : 1e-10;
        double mean[ND];
        /* standard errors are square roots of sums of squares that may cancel (weights
         * a 10^12 apart): a looser tolerance there, the estimates stay tight */
        double tol = 1e-9, stol = 1e-7;
        for (size_t d = 0; d < ND; d++) {
            struct svy_estimate er, ec;
            svy_acc_estimate(r, d, 0.95, &er);
            svy_acc_estimate(c, d, 0.95, &ec);
            near(er.mean.estimate, ec.mean.estimate, tol, "mean", kind, d);
            same_result(&er.mean, &ec.mean, stol, "mean", kind, d);
            same_result(&er.prop, &ec.prop, stol, "prop", kind, d);
            /* the design effect divides by the variance: when that is rounding noise
             * (an SE at the noise level) both engines give noise */
            if (!(er.mean.std_error < 10 * noise)) {
                same_result(&er.deff, &ec.deff, stol, "deff", kind, d);
                near(er.deff_replace, ec.deff_replace, stol, "deff_replace", kind, d);
                near(er.n_eff, ec.n_eff, stol, "n_eff", kind, d);
            } else if (!(ec.mean.std_error < 10 * noise)) {
                fail_msg("design %d domain %zu: SE %g against %g", kind, d, er.mean.std_error,
                         ec.mean.std_error);
            }
            near(er.n_valid, ec.n_valid, 0, "n_valid", kind, d);
            near(er.n_missing, ec.n_missing, 0, "n_missing", kind, d);
            near(er.sum_weights, ec.sum_weights, tol, "sum_weights", kind, d);
            near(er.df, ec.df, 0, "df", kind, d);
            if ((er.mean.std_error == 0) != (ec.mean.std_error == 0))
                fail_msg("design %d domain %zu: a zero SE in one only", kind, d);
            mean[d] = er.mean.estimate;
        }
        /* contrasts between disjoint domains (and one with the overlapping domain) */
        const double coefs[3][ND] = {{-1, 1, 0, 0, 0}, {1, -1, -1, 1, 0}, {1, 0, 0, 0, -1}};
        for (int t = 0; t < 3; t++) {
            double m[ND];
            for (size_t d = 0; d < ND; d++)
                m[d] = coefs[t][d] != 0 ? mean[d] : 0;
            double ser, sec;
            enum stat_status str, stc;
            struct stat_why wr, wc;
            int dr = svy_acc_contrast(r, coefs[t], m, &ser, &str, &wr);
            int dc = svy_acc_contrast(c, coefs[t], m, &sec, &stc, &wc);
            assert_int_equal(dr, dc);
            if (!dr)
                continue;
            assert_int_equal(str, stc);
            assert_int_equal(wr.code, wc.code);
            near(ser, sec, stol, "contrast se", kind, (size_t)t);
        }
        svy_acc_free(r);
        svy_acc_free(c);
    }
}

/* A refused cell reports as a refused row would (a PSU in two strata). */
static void cells_refuse_like_rows(void **state)
{
    (void)state;
    size_t d0 = 0;
    struct svy_acc *a = svy_acc_new(1, true, true);
    struct svy_rows r = {.n = 2, .w0 = 1, .sw = 3, .sdw = 1, .sdw2 = 1};
    assert_int_equal(svy_acc_add_rows(a, 1, &r, 0, 5, &d0, 1), 0);
    assert_int_equal(svy_acc_add_rows(a, 1, &r, 1, 5, &d0, 1), -1);
    struct svy_estimate e;
    svy_acc_estimate(a, 0, 0.95, &e);
    assert_int_equal(e.mean.status, STAT_INVALID_INPUT);
    svy_acc_free(a);
    struct svy_acc *b = svy_acc_new(1, true, false);
    struct svy_rows bad = {.n = 1, .w0 = 0, .sw = 0};
    assert_int_equal(svy_acc_add_rows(b, 1, &bad, 0, 0, &d0, 1), -1);
    svy_acc_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cells_equal_rows),
        cmocka_unit_test(cells_refuse_like_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
