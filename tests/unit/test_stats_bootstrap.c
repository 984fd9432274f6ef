/*
 * Unit tests for src/lib/stats/bootstrap.
 *   - the interval arithmetic against boot::boot.ci on the same replicates (exact);
 *   - whole bootstraps against R's boot() (R = 20000): the acceleration a is exact,
 *     the interval ends agree within Monte-Carlo error (R's RNG differs from GSL's);
 *   - the multinomial fast path against the generic path;
 *   - bit-identical results for a seed; degenerate input.
 */
#include <math.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/bootstrap.h"
#include "stats/stats.h"
#include "stats/twogroup.h"

#define REF "tests/r/values/survey_stats.csv"
#define R(c, k) ref_get(REF, c, k)

static void intervals_match_boot_ci(void **state)
{
    (void)state;
    stats_init();
    struct td_table *tab = td_load("tests/data/stats/boot_rep.csv");
    const char *cases[] = {"bt_int", "bt_interp", "bt_extreme", "bt_conf90", "bt_ties"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        double *t, *L;
        size_t R = td_col(tab, c, "kind", 1, "value", &t);
        size_t nL = td_col(tab, c, "kind", 2, "value", &L);
        struct boot_result b;
        boot_ci_from_replicates(R(c, "t0"), t, R, L, NULL, nL, R(c, "conf"), &b);
        assert_int_equal(b.perc.status, STAT_OK);
        assert_int_equal(b.bca.status, STAT_OK);
        assert_close(b.perc.conf_low, R(c, "perc_lo"), TOL_CLOSED);
        assert_close(b.perc.conf_high, R(c, "perc_hi"), TOL_CLOSED);
        assert_close(b.bca.conf_low, R(c, "bca_lo"), TOL_CLOSED);
        assert_close(b.bca.conf_high, R(c, "bca_hi"), TOL_CLOSED);
        assert_close(b.accel, R(c, "a"), TOL_CLOSED);
        assert_close(b.z0, R(c, "w"), TOL_CLOSED);
        if (strcmp(c, "bt_extreme") == 0)
            assert_non_null(strstr(why_en(&b.bca.why), "most extreme"));
        free(t);
        free(L);
    }
    td_free(tab);
}

/* Monte-Carlo agreement: |ours − R| within `k` bootstrap SEs times the MC error of an
 * endpoint from R replicates (both runs), see docs. */
static void assert_mc(double ours, double r, double boot_se, const char *what)
{
    double tol = 0.15 * boot_se;
    if (!(fabs(ours - r) <= tol))
        fail_msg("%s = %.6g, R gives %.6g (difference %.3g > Monte-Carlo tolerance %.3g)",
                 what, ours, r, fabs(ours - r), tol);
}

static void check_mc(const char *c, const struct boot_result *b)
{
    assert_int_equal(b->perc.status, STAT_OK);
    assert_int_equal(b->bca.status, STAT_OK);
    assert_close(b->t0, R(c, "t0"), TOL_CLOSED);
    assert_close(b->accel, R(c, "a"), TOL_CLOSED);
    double se = R(c, "se");
    assert_close(b->perc.std_error, se, 0.03);
    assert_mc(b->perc.conf_low, R(c, "perc_lo"), se, "percentile lower");
    assert_mc(b->perc.conf_high, R(c, "perc_hi"), se, "percentile upper");
    assert_mc(b->bca.conf_low, R(c, "bca_lo"), se, "BCa lower");
    assert_mc(b->bca.conf_high, R(c, "bca_hi"), se, "BCa upper");
    assert_true(fabs(b->z0 - R(c, "w")) < 0.06);
}

static void cliff_bootstrap_agrees_with_boot(void **state)
{
    (void)state;
    double a[4], b[4];
    for (int j = 0; j < 4; j++) {
        char key[32];
        snprintf(key, sizeof(key), "after_%d", j + 1);
        a[j] = R("bm_cliff", key);
        snprintf(key, sizeof(key), "before_%d", j + 1);
        b[j] = R("bm_cliff", key);
    }
    struct boot_options opt = {20000, 7, 0.95};
    struct boot_result res;
    boot_cliff_delta_counts(a, b, 4, &opt, &res);
    check_mc("bm_cliff", &res);
    assert_int_equal(res.replicates_used, 20000);
}

/* The generic path on the expanded data: rows of both groups, strata = group. */
struct cliff_rows {
    const double *x;
    const size_t *g;
    double *wa, *wb;
};

static double cliff_rows_stat(const size_t *idx, size_t m, void *vctx)
{
    struct cliff_rows *c = vctx;
    size_t na = 0, nb = 0;
    for (size_t i = 0; i < m; i++) {
        if (c->g[idx[i]] == 1)
            c->wa[na++] = c->x[idx[i]];
        else
            c->wb[nb++] = c->x[idx[i]];
    }
    return cliff_delta(c->wa, na, c->wb, nb).estimate;
}

static void generic_path_agrees(void **state)
{
    (void)state;
    double cnt_a[4], cnt_b[4];
    size_t n = 0;
    for (int j = 0; j < 4; j++) {
        char key[32];
        snprintf(key, sizeof(key), "after_%d", j + 1);
        cnt_a[j] = R("bm_cliff", key);
        snprintf(key, sizeof(key), "before_%d", j + 1);
        cnt_b[j] = R("bm_cliff", key);
        n += (size_t)(cnt_a[j] + cnt_b[j]);
    }
    double *x = malloc(n * sizeof(double));
    size_t *g = malloc(n * sizeof(size_t)), m = 0;
    for (int j = 0; j < 4; j++) {
        for (int q = 0; q < (int)cnt_a[j]; q++, m++)
            x[m] = j + 1, g[m] = 1;
        for (int q = 0; q < (int)cnt_b[j]; q++, m++)
            x[m] = j + 1, g[m] = 0;
    }
    struct cliff_rows ctx = {x, g, malloc(n * sizeof(double)), malloc(n * sizeof(double))};
    struct boot_options opt = {4000, 11, 0.95};
    struct boot_result gen, fast;
    boot_ci(n, g, cliff_rows_stat, &ctx, &opt, &gen);
    boot_cliff_delta_counts(cnt_a, cnt_b, 4, &opt, &fast);
    assert_close(gen.t0, fast.t0, 1e-12);
    assert_close(gen.accel, fast.accel, 1e-9); /* same jackknife, computed two ways */
    assert_close(gen.accel, R("bm_cliff", "a"), TOL_CLOSED);
    double se = R("bm_cliff", "se");
    /* two runs with R = 4000: a wider Monte-Carlo tolerance */
    assert_true(fabs(gen.perc.conf_low - fast.perc.conf_low) < 0.3 * se);
    assert_true(fabs(gen.bca.conf_high - fast.bca.conf_high) < 0.3 * se);
    free(ctx.wa);
    free(ctx.wb);
    free(x);
    free(g);
}

static double mean_stat(const size_t *idx, size_t m, void *ctx)
{
    const double *x = ctx;
    double s = 0;
    for (size_t i = 0; i < m; i++)
        s += x[idx[i]];
    return s / (double)m;
}

static void mean_bootstrap_agrees_with_boot(void **state)
{
    (void)state;
    struct td_table *tab = td_load("tests/data/stats/boot_mean.csv");
    double *x;
    size_t n = td_col(tab, "bm_mean", NULL, 0, "x", &x);
    struct boot_options opt = {20000, 3, 0.95};
    struct boot_result b;
    boot_ci(n, NULL, mean_stat, x, &opt, &b);
    check_mc("bm_mean", &b);
    free(x);
    td_free(tab);
}

static void same_seed_same_bits(void **state)
{
    (void)state;
    double a[] = {30, 70, 120, 80}, b[] = {45, 80, 90, 35};
    struct boot_options opt = {2000, 12345, 0.95};
    struct boot_result r1, r2, r3;
    boot_cliff_delta_counts(a, b, 4, &opt, &r1);
    boot_cliff_delta_counts(a, b, 4, &opt, &r2);
    assert_memory_equal(&r1.perc.conf_low, &r2.perc.conf_low, sizeof(double));
    assert_memory_equal(&r1.perc.conf_high, &r2.perc.conf_high, sizeof(double));
    assert_memory_equal(&r1.bca.conf_low, &r2.bca.conf_low, sizeof(double));
    assert_memory_equal(&r1.bca.conf_high, &r2.bca.conf_high, sizeof(double));
    assert_memory_equal(&r1.perc.std_error, &r2.perc.std_error, sizeof(double));
    opt.seed = 54321;
    boot_cliff_delta_counts(a, b, 4, &opt, &r3);
    assert_true(r3.perc.std_error != r1.perc.std_error);
    /* seed 0 means the documented default */
    struct boot_options o0 = {500, 0, 0.95}, od = {500, BOOT_DEFAULT_SEED, 0.95};
    boot_cliff_delta_counts(a, b, 4, &o0, &r1);
    boot_cliff_delta_counts(a, b, 4, &od, &r2);
    assert_memory_equal(&r1.bca.conf_low, &r2.bca.conf_low, sizeof(double));
}

static void bootstrap_degenerate(void **state)
{
    (void)state;
    struct boot_options opt = {1000, 1, 0.95};
    struct boot_result r;
    double same_a[] = {0, 10, 0}, same_b[] = {0, 7, 0};
    boot_cliff_delta_counts(same_a, same_b, 3, &opt, &r);
    assert_int_equal(r.perc.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.perc.why), "every resample gave the same value"));
    double empty[] = {0, 0, 0};
    boot_cliff_delta_counts(same_a, empty, 3, &opt, &r);
    assert_int_equal(r.perc.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.perc.why), "no answers"));
    double frac[] = {1.5, 2, 0};
    boot_cliff_delta_counts(frac, same_b, 3, &opt, &r);
    assert_int_equal(r.perc.status, STAT_INVALID_INPUT);
    struct boot_options bad = {1, 1, 0.95};
    boot_cliff_delta_counts(same_a, same_b, 3, &bad, &r);
    assert_int_equal(r.bca.status, STAT_INVALID_INPUT);
    double one[] = {4};
    boot_ci(1, NULL, mean_stat, one, &opt, &r);
    assert_int_equal(r.perc.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.perc.why), "at least 2"));
    /* every replicate below t0: no BCa, percentile still there */
    double t[] = {1, 2, 3, 4, 5}, L[] = {1, -1, 0.5};
    boot_ci_from_replicates(9, t, 5, L, NULL, 3, 0.95, &r);
    assert_int_equal(r.perc.status, STAT_OK);
    assert_int_equal(r.bca.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.bca.why), "same side"));
    /* influence values all zero: acceleration undefined */
    double L0[] = {0, 0, 0};
    boot_ci_from_replicates(3, t, 5, L0, NULL, 3, 0.95, &r);
    assert_int_equal(r.bca.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.bca.why), "acceleration"));
    /* non-finite replicates are left out with a note */
    double tn[] = {1, NAN, 3, 4, INFINITY, 2};
    boot_ci_from_replicates(2.5, tn, 6, L, NULL, 3, 0.95, &r);
    assert_int_equal(r.replicates_used, 4);
    assert_non_null(strstr(why_en(&r.perc.why), "left out"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(intervals_match_boot_ci),
        cmocka_unit_test(cliff_bootstrap_agrees_with_boot),
        cmocka_unit_test(generic_path_agrees),
        cmocka_unit_test(mean_bootstrap_agrees_with_boot),
        cmocka_unit_test(same_seed_same_bits),
        cmocka_unit_test(bootstrap_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
