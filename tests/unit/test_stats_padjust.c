/*
 * Unit tests for src/lib/stats/padjust against R's p.adjust (tests/r/ref_survey_stats.R).
 */
#include <math.h>
#include <stdio.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/padjust.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(padjust_matches_r)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
