/*
 * Unit tests for src/lib/stats/reliability against psych::alpha.
 */
#include <math.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/reliability.h"
#include "stats/stats.h"

#define REF "tests/r/values/survey_stats.csv"

static void alpha_matches_psych(void **state)
{
    (void)state;
    stats_init();
    struct td_table *t = td_load("tests/data/stats/reliability.csv");
    const char *cases[] = {"rel_basic", "rel_na", "rel_two", "rel_zerovar", "rel_neg", "rel_small"};
    for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
        double *row, *item, *val;
        size_t m = td_col(t, cases[c], NULL, 0, "row", &row);
        td_col(t, cases[c], NULL, 0, "item", &item);
        td_col(t, cases[c], NULL, 0, "value", &val);
        size_t n = 0, k = 0;
        for (size_t i = 0; i < m; i++) {
            if ((size_t)row[i] > n)
                n = (size_t)row[i];
            if ((size_t)item[i] > k)
                k = (size_t)item[i];
        }
        double *x = malloc(n * k * sizeof(double));
        for (size_t i = 0; i < m; i++)
            x[((size_t)row[i] - 1) * k + (size_t)item[i] - 1] = val[i];
        struct alpha_result a;
        cronbach_alpha(x, n, k, 0.95, &a);
        assert_int_equal(a.raw.status, STAT_OK);
        assert_close(a.raw.estimate, ref_get(REF, cases[c], "raw"), TOL_CLOSED);
        assert_close(a.std.estimate, ref_get(REF, cases[c], "std"), TOL_CLOSED);
        assert_close(a.raw.std_error, ref_get(REF, cases[c], "ase"), TOL_CLOSED);
        assert_close((double)a.items_used, ref_get(REF, cases[c], "items_used"), 0);
        if (strcmp(cases[c], "rel_zerovar") == 0)
            assert_non_null(strstr(why_en(&a.raw.why), "item 4 had no variation"));
        if (strcmp(cases[c], "rel_neg") == 0)
            assert_non_null(strstr(why_en(&a.raw.why), "negative"));
        free(x);
        free(row);
        free(item);
        free(val);
    }
    td_free(t);
}

static void alpha_degenerate(void **state)
{
    (void)state;
    struct alpha_result a;
    double one_item[] = {1, 2, 3};
    cronbach_alpha(one_item, 3, 1, 0.95, &a);
    assert_int_equal(a.raw.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&a.raw.why), "at least two items"));
    double flat[] = {2, 2, 2, 2, 2, 2}; /* 3 rows, 2 items, nobody varies */
    cronbach_alpha(flat, 3, 2, 0.95, &a);
    assert_int_equal(a.raw.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&a.raw.why), "no variation: item 1, 2"));
    assert_int_equal(a.std.status, STAT_NOT_ESTIMABLE);
    double apart[] = {1, NAN, 2, NAN, NAN, 3, NAN, 4}; /* items never answered together */
    cronbach_alpha(apart, 4, 2, 0.95, &a);
    assert_int_equal(a.raw.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&a.raw.why), "never both answered"));
    cronbach_alpha(NULL, 0, 3, 0.95, &a);
    assert_int_equal(a.raw.status, STAT_NOT_ESTIMABLE);
    /* items that cancel out: the sum does not vary, alpha = 2 (1 - tr/0) is not defined
     * (it came out as 6e15 from rounding; hunt round 3) */
    double opposite[] = {1, 3, 2, 2, 3, 1, 1, 3, 2, 2, 3, 1};
    cronbach_alpha(opposite, 6, 2, 0.95, &a);
    assert_int_equal(a.raw.status, STAT_NOT_ESTIMABLE);
    assert_int_equal(a.std.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&a.raw.why), "the sum of the items does not vary"));
    assert_true(isnan(a.raw.estimate));
    /* nearly opposite: alpha very negative, but estimated (psych gives the same) */
    double near[] = {1, 3, 2, 2, 3, 1, 1, 2, 2, 2, 3, 1};
    cronbach_alpha(near, 6, 2, 0.95, &a);
    assert_int_equal(a.raw.status, STAT_OK);
    assert_true(a.raw.estimate < 0);
    double inf[] = {1, INFINITY, 2, 3};
    cronbach_alpha(inf, 2, 2, 0.95, &a);
    assert_int_equal(a.raw.status, STAT_INVALID_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(alpha_matches_psych),
                                       cmocka_unit_test(alpha_degenerate)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
