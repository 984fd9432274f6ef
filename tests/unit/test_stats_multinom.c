/*
 * Unit tests for src/lib/stats/multinom: the bootstrap's binomial and multinomial draws
 * have exactly the binomial's and the multinomial's distribution.
 *   - binom_draw: a chi-square goodness-of-fit test against the exact probabilities
 *     (gsl_ran_binomial_pdf) over 200,000 draws per (n, p), in both algorithms (np < 10
 *     inversion, np ≥ 10 rejection), both sides of p = 1/2, n = 1 and tiny p; the
 *     critical value at a level of 1e-6 per case, so a correct sampler fails with
 *     probability ~1e-5 over the cases, and a fixed seed makes the outcome the same on
 *     every run; the mean within 5 standard errors of np;
 *   - mn_sampler_draw: over 100,000 draws of a table whose groups take every path
 *     (index draws, binomial steps with and without flips, categories with no answers,
 *     one category only, a large group), each cell's mean, variance and covariance with
 *     the other cells of its group and of the next group against the multinomial's exact
 *     moments (N p_i, N p_i (1 − p_i), −N p_i p_j, 0 across groups), each within 5
 *     standard errors of the average it is (the SE estimated from the draws: the CLT);
 *     every draw's group sums equal N exactly;
 *   - mn_draw_totals (group by group, tables of cumulative probabilities kept at once
 *     or built in order of n, or rejection): the totals' means, variances and covariances over 100,000 replicates
 *     against the sums of the groups' multinomial moments, each within 5 SEs, with
 *     groups small enough for tables in every step and one of 10,000,000 answers whose
 *     later steps are drawn by rejection; every replicate's total equals the answers;
 *   - the inline generator gives GSL's mt19937 stream word for word;
 *   - the same seed gives the same draws.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "testutil.h"
#include "stats/multinom.h"
#include "util/xalloc.h"

static struct mt19937 *seeded(unsigned long seed)
{
    struct mt19937 *r = xmalloc(sizeof(*r));
    mt19937_init(r, seed);
    return r;
}

/* Chi-square of M draws of Bin(n, p) against its probabilities, cells with expected
 * counts below 5 pooled with their neighbours toward the mode; *df its degrees of
 * freedom. */
static double binom_chisq(unsigned int n, double p, size_t M, unsigned long seed, double *df,
                          double *mean_z)
{
    struct mt19937 *r = seeded(seed);
    size_t *hist = xcalloc(n + 1, sizeof(size_t));
    double sum = 0;
    for (size_t i = 0; i < M; i++) {
        unsigned int x = binom_draw(r, n, p);
        assert_true(x <= n);
        hist[x]++;
        sum += x;
    }
    free(r);
    double mu = n * p, var = n * p * (1 - p);
    *mean_z = var > 0 ? (sum / (double)M - mu) / sqrt(var / (double)M) : sum - mu * (double)M;
    /* the cells within 12 SD of the mean (beyond them the probabilities are below
     * 1e-30: pooled into the end cells); walking up, a cell closes once it and the
     * rest above it each expect at least 5 */
    double sd = sqrt(var);
    unsigned int lo = mu - 12 * sd > 0 ? (unsigned int)(mu - 12 * sd) : 0;
    unsigned int hi = mu + 12 * sd < n ? (unsigned int)(mu + 12 * sd) : n;
    double chi2 = 0, obs = 0, exp_ = lo ? gsl_cdf_binomial_P(lo - 1, p, n) * (double)M : 0;
    for (unsigned int x = 0; x < lo; x++)
        obs += (double)hist[x];
    size_t cells = 0;
    for (unsigned int x = lo; x <= hi; x++) {
        obs += (double)hist[x];
        exp_ += gsl_ran_binomial_pdf(x, p, n) * (double)M;
        double rest = x < n ? gsl_cdf_binomial_Q(x, p, n) * (double)M : 0;
        if (exp_ >= 5 && rest >= 5) {
            chi2 += (obs - exp_) * (obs - exp_) / exp_;
            cells++;
            obs = exp_ = 0;
        }
    }
    for (unsigned int x = hi + 1; x <= n && x > hi; x++)
        obs += (double)hist[x];
    exp_ += hi < n ? gsl_cdf_binomial_Q(hi, p, n) * (double)M : 0;
    if (exp_ > 0) {
        chi2 += (obs - exp_) * (obs - exp_) / exp_;
        cells++;
    }
    free(hist);
    *df = (double)cells - 1;
    return chi2;
}

static void binomial_has_binomial_probabilities(void **state)
{
    (void)state;
    static const struct {
        unsigned int n;
        double p;
    } cases[] = {
        {1, 0.3},     {5, 0.5},      {20, 0.05},   {150, 0.06},  {150, 0.3},
        {150, 0.93},  {40, 0.25},    {1000, 0.011}, {1000, 0.5}, {5000, 0.2},
        {100000, 0.37}, {100000, 0.99991}, {3000000, 0.001},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        double df, z;
        double chi2 = binom_chisq(cases[c].n, cases[c].p, 200000, 1000 + c, &df, &z);
        assert_true(df >= 1);
        double crit = gsl_cdf_chisq_Qinv(1e-6, df);
        if (!(chi2 < crit) || !(fabs(z) < 5))
            fail_msg("Bin(%u, %g): chi2 %g on %g df (critical %g), mean z %g", cases[c].n,
                     cases[c].p, chi2, df, crit, z);
    }
    /* the ends */
    struct mt19937 *r = seeded(3);
    assert_int_equal(binom_draw(r, 0, 0.4), 0);
    assert_int_equal(binom_draw(r, 7, 0), 0);
    assert_int_equal(binom_draw(r, 7, 1), 7);
    free(r);
}

/* The test table: 4 groups × 6 categories. */
#define G 4
#define K 6
static const double table[G * K] = {
    1, 0, 1, 0, 0, 1,          /* 3 answers: drawn by index */
    30, 0, 55, 7, 0, 140,      /* steps, a flip (55 of 92 left... ), zeros */
    0, 0, 0, 9, 0, 0,          /* one category only: always all 9 */
    2400, 310, 1, 5000, 60, 0, /* large, a tiny category */
};

static void multinomial_has_multinomial_moments(void **state)
{
    (void)state;
    struct mn_sampler s;
    mn_sampler_init(&s, table, G, K);
    assert_true(s.by_index[0]);
    assert_false(s.by_index[3]);
    double N[G] = {0}, p[G * K];
    for (size_t g = 0; g < G; g++) {
        for (size_t j = 0; j < K; j++)
            N[g] += table[g * K + j];
        for (size_t j = 0; j < K; j++)
            p[g * K + j] = table[g * K + j] / N[g];
    }
    const size_t M = 100000, GK = G * K;
    /* sums of the products of the deviations from the exact means, and of their squares
     * (the SE of each average) */
    double *s1 = xcalloc(GK * GK, sizeof(double)), *s2 = xcalloc(GK * GK, sizeof(double));
    double m1[G * K] = {0}, m2[G * K] = {0};
    double x[G * K], d[G * K];
    struct mt19937 *r = seeded(20261206);
    for (size_t it = 0; it < M; it++) {
        mn_sampler_draw(&s, r, x);
        for (size_t g = 0; g < G; g++) {
            double sum = 0;
            for (size_t j = 0; j < K; j++)
                sum += x[g * K + j];
            assert_true(sum == N[g]);
        }
        for (size_t i = 0; i < GK; i++) {
            d[i] = x[i] - N[i / K] * p[i];
            m1[i] += d[i];
            m2[i] += d[i] * d[i];
        }
        for (size_t i = 0; i < GK; i++)
            for (size_t j = i; j < GK && j < (i / K + 2) * K; j++) {
                double v = d[i] * d[j];
                s1[i * GK + j] += v;
                s2[i * GK + j] += v * v;
            }
    }
    free(r);
    size_t checked = 0;
    for (size_t i = 0; i < GK; i++) {
        double gi = (double)(i / K), var = N[i / K] * p[i] * (1 - p[i]);
        (void)gi;
        /* the mean: SE from the exact variance */
        double mean_dev = m1[i] / (double)M;
        if (var == 0)
            assert_true(m2[i] == 0);
        else if (!(fabs(mean_dev) < 5 * sqrt(var / (double)M)))
            fail_msg("cell %zu: mean off by %g (SE %g)", i, mean_dev, sqrt(var / (double)M));
        for (size_t j = i; j < GK && j < (i / K + 2) * K; j++) {
            double want = i == j ? var : i / K == j / K ? -N[i / K] * p[i] * p[j] : 0;
            double avg = s1[i * GK + j] / (double)M;
            double se = sqrt(fmax(s2[i * GK + j] / (double)M - avg * avg, 0) / (double)M);
            if (se == 0) {
                assert_true(avg == want);
                continue;
            }
            if (!(fabs(avg - want) < 5 * se))
                fail_msg("cells %zu, %zu: covariance %g, multinomial %g (SE %g)", i, j, avg,
                         want, se);
            checked++;
        }
    }
    assert_true(checked > 30);
    free(s1);
    free(s2);
    mn_sampler_release(&s);
}

/* Groups for mn_draw_totals: tables kept all at once (small), tables too large for
 * that (the replicates drawn in order of n), rejection (the last, after its first
 * step), a category of one answer in ten million, zeros, one answer. */
#define G2 5
#define K2 5
static const double table2[G2 * K2] = {
    40, 0, 25, 10, 125,
    3, 1, 0, 0, 0,
    0, 0, 0, 1, 0,
    6000, 0, 5000, 4000, 5000,
    3000000, 2000000, 1, 4999999, 0,
};

static void totals_have_summed_multinomial_moments(void **state)
{
    (void)state;
    const size_t R = 100000;
    double mean[K2] = {0}, cov[K2 * K2] = {0}, total = 0;
    for (size_t g = 0; g < G2; g++) {
        double N = 0;
        for (size_t j = 0; j < K2; j++)
            N += table2[g * K2 + j];
        total += N;
        for (size_t i = 0; i < K2; i++) {
            double pi = table2[g * K2 + i] / N;
            mean[i] += N * pi;
            for (size_t j = 0; j < K2; j++)
                cov[i * K2 + j] += N * ((i == j ? pi : 0) - pi * table2[g * K2 + j] / N);
        }
    }
    double *tot = xmalloc(R * K2 * sizeof(double));
    struct mt19937 *r = seeded(77);
    mn_draw_totals(table2, G2, K2, R, r, tot);
    free(r);
    double s1[K2 * K2] = {0}, s2[K2 * K2] = {0}, m1[K2] = {0};
    for (size_t it = 0; it < R; it++) {
        const double *x = tot + it * K2;
        double sum = 0, d[K2];
        for (size_t i = 0; i < K2; i++) {
            sum += x[i];
            d[i] = x[i] - mean[i];
            m1[i] += d[i];
        }
        assert_true(sum == total);
        for (size_t i = 0; i < K2; i++)
            for (size_t j = i; j < K2; j++) {
                s1[i * K2 + j] += d[i] * d[j];
                s2[i * K2 + j] += d[i] * d[i] * d[j] * d[j];
            }
    }
    free(tot);
    size_t checked = 0;
    for (size_t i = 0; i < K2; i++) {
        double se_mean = sqrt(cov[i * K2 + i] / (double)R);
        if (!(fabs(m1[i] / (double)R) < 5 * se_mean))
            fail_msg("category %zu: mean off by %g (SE %g)", i, m1[i] / (double)R, se_mean);
        for (size_t j = i; j < K2; j++) {
            double avg = s1[i * K2 + j] / (double)R;
            double se = sqrt(fmax(s2[i * K2 + j] / (double)R - avg * avg, 0) / (double)R);
            if (!(fabs(avg - cov[i * K2 + j]) < 5 * se))
                fail_msg("categories %zu, %zu: covariance %g, multinomials %g (SE %g)", i, j,
                         avg, cov[i * K2 + j], se);
            checked++;
        }
    }
    assert_int_equal(checked, K2 * (K2 + 1) / 2);
}

/* The inline generator is GSL's mt19937, word for word (and its uniforms GSL's). */
static void generator_is_gsl_mt19937(void **state)
{
    (void)state;
    static const unsigned long seeds[] = {0, 1, 4357, 20240501, 2298633409UL, 0xffffffffUL};
    for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
        gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(g, seeds[i]);
        struct mt19937 m;
        mt19937_init(&m, seeds[i]);
        for (int j = 0; j < 5000; j++) {
            if (j % 2) {
                assert_true(mt19937_uniform(&m) == gsl_rng_uniform(g));
            } else {
                unsigned long w = gsl_rng_get(g);
                assert_int_equal(mt19937_next(&m), w);
            }
        }
        gsl_rng_free(g);
    }
}

static void same_seed_same_draws(void **state)
{
    (void)state;
    struct mn_sampler s;
    mn_sampler_init(&s, table, G, K);
    struct mt19937 *a = seeded(9), *b = seeded(9);
    double x[G * K], y[G * K];
    for (int i = 0; i < 1000; i++) {
        mn_sampler_draw(&s, a, x);
        mn_sampler_draw(&s, b, y);
        assert_memory_equal(x, y, sizeof(x));
    }
    free(a);
    free(b);
    mn_sampler_release(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(binomial_has_binomial_probabilities),
        cmocka_unit_test(multinomial_has_multinomial_moments),
        cmocka_unit_test(totals_have_summed_multinomial_moments),
        cmocka_unit_test(generator_is_gsl_mt19937),
        cmocka_unit_test(same_seed_same_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
