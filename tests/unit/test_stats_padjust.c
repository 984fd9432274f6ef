/*
 * Unit tests for src/lib/stats/padjust against R's p.adjust (tests/r/ref_survey_stats.R).
 */
#include <math.h>
#include <stdio.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/padjust.h"
#include "eval/results.h"

#define REF "tests/r/values/survey_stats.csv"

static void padjust_matches_r(void **state)
{
    (void)state;
    struct td_table *t = td_load("tests/data/stats/padjust.csv");
    const char *cases[] = {"pa_basic", "pa_na", "pa_ties", "pa_single", "pa_large", "pa_allna",
                           "pa_tiny"};
    for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
        double *p;
        size_t n = td_col(t, cases[c], NULL, 0, "p", &p);
        double *h = malloc(n * sizeof(double)), *b = malloc(n * sizeof(double));
        assert_int_equal(p_adjust_holm(p, n, h), 0);
        assert_int_equal(p_adjust_bh(p, n, b), 0);
        for (size_t i = 0; i < n; i++) {
            char key[32];
            snprintf(key, sizeof(key), "holm_%zu", i + 1);
            assert_close(h[i], ref_get(REF, cases[c], key), TOL_CLOSED);
            snprintf(key, sizeof(key), "bh_%zu", i + 1);
            assert_close(b[i], ref_get(REF, cases[c], key), TOL_CLOSED);
        }
        /* in place */
        assert_int_equal(p_adjust_bh(p, n, p), 0);
        for (size_t i = 0; i < n; i++)
            assert_true((isnan(p[i]) && isnan(b[i])) || p[i] == b[i]);
        free(p);
        free(h);
        free(b);
    }
    td_free(t);
    assert_int_equal(p_adjust_holm(NULL, 0, NULL), 0);
    assert_int_equal(p_adjust_holm(NULL, 3, NULL), -1);
}

/* results_adjust: families interleaved in the results file, each adjusted on its own over
 * the rows that have a p-value and are not suppressed (values as R's p.adjust). */
static void results_adjust_by_family(void **state)
{
    (void)state;
    struct results res;
    results_init(&res, "e");
    int f1 = results_new_family(&res), f2 = results_new_family(&res),
        f3 = results_new_family(&res);
    const struct {
        int family;
        double p;
        bool suppressed;
        double holm, bh; /* NaN: not adjusted */
    } rows[] = {
        {f1, 0.01, false, 0.03, 0.03}, {f2, 0.5, false, 0.5, 0.5},
        {0, 0.02, false, NAN, NAN},    {f1, 0.04, false, 0.06, 0.04},
        {f2, 0.001, true, NAN, NAN},   {f2, NAN, false, NAN, NAN},
        {f3, 0.07, false, 0.07, 0.07}, {f1, 0.03, false, 0.06, 0.04},
        {f2, 0.2, false, 0.4, 0.4},
    };
    for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
        struct stat_result r;
        stat_result_init(&r);
        r.p_value = rows[i].p;
        struct result_row *row = results_add(&res, "a", "o", "", "m", "t", &r, NULL);
        row->family = rows[i].family;
        row->suppressed = rows[i].suppressed;
    }
    results_adjust(&res);
    for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
        if (isnan(rows[i].holm)) {
            assert_true(isnan(res.rows[i].p_holm) && isnan(res.rows[i].p_bh));
            continue;
        }
        assert_close(res.rows[i].p_holm, rows[i].holm, 1e-12);
        assert_close(res.rows[i].p_bh, rows[i].bh, 1e-12);
    }
    results_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(padjust_matches_r),
                                       cmocka_unit_test(results_adjust_by_family)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
