/*
 * End to end: Cronbach's alpha of a codebook item group in a [describe] section
 * (src/lib/eval/describe_alpha.c) through `trygg run`, against R
 * (tests/r/ref_describe_alpha.R, tests/r/values/describe_alpha.csv: psych::alpha's
 * formulas with keys = the reversed item): per wave in two of three areas, pairwise
 * missing answers, a reversed item, an item without variation in one wave (left out, the
 * row says so), a wave of three respondents withheld, a group with one item in the
 * section (no alpha), a variable without a group; the report in Swedish and English.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/xalloc.h"

static const char REF[] = "tests/r/values/describe_alpha.csv";

static const char SPEC[] = "[evaluation]\n"
                           "id = alpha\n"
                           "title.en = Index\n"
                           "title.sv = Index\n"
                           "question.en = Do the items hang together?\n"
                           "question.sv = Hänger frågorna ihop?\n"
                           "\n"
                           "[describe d]\n"
                           "survey = alphatest\n"
                           "variables = I1, I2, X, I3, I4\n"
                           "area = Norr + Söder\n";

struct env {
    char *dir, *db, *csv, *md, *md_sv;
};

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("describe_alpha");
    e->db = path_in_dir(e->dir, "trygg.db");
    struct run_result r;
    int rc = run_trygg(&r, e->db, "import", "survey", "tests/data/describe_alpha/codebook.ini",
                       "tests/data/describe_alpha/answers.csv", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    char *err = NULL;
    rc = run_spec_in(e->db, e->dir, "alpha.ini", SPEC, "en", &e->csv, &e->md, &err);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    free(err);
    rc = run_spec_in(e->db, e->dir, "alpha.ini", SPEC, "sv", NULL, &e->md_sv, NULL);
    assert_int_equal(rc, 0);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    rm_rf(e->dir);
    free(e->dir);
    free(e->db);
    free(e->csv);
    free(e->md);
    free(e->md_sv);
    free(e);
    return 0;
}

/* The row of results.csv with this outcome, group and term of cronbach_alpha. */
static bool find_row(const char *csv, const char *outcome, const char *group, const char *term,
                     struct results_row *out)
{
    for (const char *p = csv; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        struct results_row r;
        if (results_split(p, len, &r) >= RESULTS_FIELDS - 1 && !strcmp(r.f[RF_OUTCOME], outcome) &&
            !strcmp(r.f[RF_GROUP], group) && !strcmp(r.f[RF_METHOD], "cronbach_alpha") &&
            !strcmp(r.f[RF_TERM], term)) {
            *out = r;
            return true;
        }
        p += len + (nl ? 1 : 0);
    }
    return false;
}

static void test_matches_r(void **state)
{
    struct env *e = *state;
    for (int w = 2017; w <= 2018; w++) {
        char c[16], group[32];
        snprintf(c, sizeof c, "w%d", w);
        snprintf(group, sizeof group, "wave %d", w);
        struct results_row raw, std;
        assert_true(find_row(e->csv, "index: idx", group, "raw", &raw));
        assert_true(find_row(e->csv, "index: idx", group, "standardized", &std));
        assert_close_abs(results_num(&raw, RF_ESTIMATE), ref_get(REF, c, "raw"), TOL_CLOSED, 1e-12);
        assert_close_abs(results_num(&raw, RF_SE), ref_get(REF, c, "ase"), TOL_CLOSED, 1e-12);
        assert_close_abs(results_num(&raw, RF_LOW), ref_get(REF, c, "low95"), TOL_CLOSED, 1e-12);
        assert_close_abs(results_num(&raw, RF_HIGH), ref_get(REF, c, "high95"), TOL_CLOSED, 1e-12);
        assert_close_abs(results_num(&std, RF_ESTIMATE), ref_get(REF, c, "std"), TOL_CLOSED, 1e-12);
        assert_true(results_num(&raw, RF_N) == ref_get(REF, c, "n"));
        /* 2018: I3 has one answer, so no variance: left out, and the row says so */
        if (ref_get(REF, c, "items") < 3)
            assert_string_equal(raw.f[RF_REASON], "alpha_item_dropped");
        else
            assert_string_equal(raw.f[RF_REASON], "");
    }
    /* three respondents in 2019: withheld at the default minimum cell of 5 */
    struct results_row r;
    assert_true(find_row(e->csv, "index: idx", "wave 2019", "raw", &r));
    assert_string_equal(r.f[RF_REASON], "suppressed");
    assert_true(isnan(results_num(&r, RF_ESTIMATE)));
    /* I4 is the only item of `other` in the section; X has no group */
    assert_false(find_row(e->csv, "index: other", "wave 2017", "raw", &r));
    assert_null(strstr(e->csv, "index: X"));
}

static void test_report(void **state)
{
    struct env *e = *state;
    assert_non_null(strstr(e->md, "Cronbach's alpha"));
    assert_non_null(strstr(e->md, "internal consistency"));
    assert_non_null(strstr(e->md, "I1, I2, I3"));
    assert_non_null(strstr(e->md_sv, "Cronbachs alfa"));
    assert_non_null(strstr(e->md_sv, "för få svar"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_r),
        cmocka_unit_test(test_report),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
