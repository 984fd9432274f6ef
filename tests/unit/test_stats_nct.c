/*
 * Unit tests for src/lib/stats/nct (the noncentral t distribution function) against
 * R's pt(t, df, ncp) over the grid of tests/r/ref_power_t.R (tests/r/values/nct.csv):
 * both tails, t from −60 to 150, df from 0.3 (fractional, below 1) to 5e6 (beyond 4e5,
 * where R switches to a normal approximation), ncp from −39 to 80 (beyond 37.62,
 * likewise), ncp = 0 (the central t) and t = 0.
 *
 * Tolerance: METHODS.md's 1e-6 relative, plus 5e-10 absolute.  R's series is summed
 * to an error bound of 1e-12, but with large df (b = df/2 in the incomplete beta
 * function, hundreds of terms for large ncp) rounding leaves about 1e-10 absolute in
 * R's own values: checked against the exact value by numerical integration
 * (integrate(pnorm(t·sqrt(v/df) − ncp)·dchisq(v, df))), R gives 5.7944e-08 for
 * pt(−2.5, 3.9e5, 2.8), whose exact value is 5.7909e-08, and −2.7e-11 (a negative
 * probability) for pt(0.4, 3.9e5, 30), exact 7e-193.  trygg runs the same series (in
 * long double, as R) with GSL's incomplete beta function instead of R's TOMS 708, and
 * lands within that absolute error of R, never further; the largest errors measured
 * are printed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/nct.h"
#include "stats/stats.h"
#include "testutil.h"

#define GRID "tests/r/values/nct.csv"

static double num(const char *s)
{
    if (!strcmp(s, "NA"))
        return NAN;
    if (!strcmp(s, "Inf"))
        return INFINITY;
    if (!strcmp(s, "-Inf"))
        return -INFINITY;
    return strtod(s, NULL);
}

static bool close_enough(double got, double want, double *rel, double *abs_err)
{
    if (isnan(want))
        return isnan(got);
    double e = fabs(got - want);
    if (e > *abs_err)
        *abs_err = e;
    if (fabs(want) > 1e-4 && e / fabs(want) > *rel)
        *rel = e / fabs(want);
    return e <= 1e-6 * fabs(want) + 5e-10;
}

static void matches_r_over_the_grid(void **state)
{
    (void)state;
    stats_init();
    FILE *fp = fopen(GRID, "r");
    assert_non_null(fp);
    char line[512];
    assert_non_null(fgets(line, sizeof(line), fp)); /* header */
    size_t n = 0, bad = 0, small_df = 0, big_ncp = 0, big_df = 0;
    double rel = 0, abs_err = 0;
    while (fgets(line, sizeof(line), fp)) {
        char *f[5];
        char *p = line;
        for (int k = 0; k < 5; k++) {
            f[k] = p;
            p += strcspn(p, ",\n");
            *p++ = '\0';
        }
        double t = num(f[0]), df = num(f[1]), ncp = num(f[2]), lo = num(f[3]), up = num(f[4]);
        double got_lo = nct_cdf(t, df, ncp, true), got_up = nct_cdf(t, df, ncp, false);
        if (!close_enough(got_lo, lo, &rel, &abs_err) || !close_enough(got_up, up, &rel, &abs_err)) {
            fprintf(stderr, "pt(%g, %g, %g): lower %.17g (R %.17g), upper %.17g (R %.17g)\n", t,
                    df, ncp, got_lo, lo, got_up, up);
            bad++;
        }
        n++;
        small_df += df < 2;
        big_ncp += fabs(ncp) > 37.62;
        big_df += df > 4e5;
    }
    fclose(fp);
    fprintf(stderr,
            "nct: %zu points, largest relative error (values above 1e-4) %.3g, largest "
            "absolute error %.3g\n",
            n, rel, abs_err);
    assert_true(n > 2000);
    assert_true(small_df > 300 && big_ncp > 300 && big_df > 300);
    assert_int_equal(bad, 0);
}

/* The distribution's own properties, without R: the tails add to 1, the central case
 * is GSL's t, a negative ncp mirrors a positive one, and the function rises with t. */
static void properties(void **state)
{
    (void)state;
    const double dfs[] = {0.5, 3, 17.5, 250};
    const double ncps[] = {-4, -0.7, 0.7, 4, 20};
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 5; j++) {
            double prev = 0;
            for (double t = -30; t <= 30; t += 0.5) {
                double lo = nct_cdf(t, dfs[i], ncps[j], true);
                double up = nct_cdf(t, dfs[i], ncps[j], false);
                assert_true(fabs(lo + up - 1) < 1e-12);
                assert_true(lo >= prev - 1e-12);
                prev = lo;
                /* P(T_{df,δ} ≤ t) = P(T_{df,−δ} ≥ −t) */
                assert_true(fabs(lo - nct_cdf(-t, dfs[i], -ncps[j], false)) < 1e-9);
            }
        }
    assert_true(isnan(nct_cdf(1, 0, 1, true)));
    assert_true(isnan(nct_cdf(1, -2, 1, true)));
    assert_true(isnan(nct_cdf(NAN, 2, 1, true)));
    assert_true(nct_cdf(INFINITY, 2, 1, true) == 1 && nct_cdf(-INFINITY, 2, 1, true) == 0);
    /* t = 0: P(T ≤ 0) = Φ(−δ) */
    assert_close(nct_cdf(0, 7, 1.5, true), 0.066807201268858057, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_r_over_the_grid),
        cmocka_unit_test(properties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
