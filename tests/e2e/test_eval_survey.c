/*
 * End to end: `trygg run` on a survey made by tests/r/ref_eval_survey.R, checked
 * against the values R's survey package gives for the same data
 * (tests/r/values/eval_survey.csv): the design-based shares before and after, the
 * difference and the difference-in-differences as contrasts (svycontrast on svyby
 * with covmat), a subgroup difference, the supporting unweighted tests, and the trend
 * over waves (each wave against the baseline, chi-square for trend, odds ratio per
 * year).  It also checks disclosure control: the group of three respondents is not
 * published, and a second group is hidden with it so that the three cannot be worked
 * out as the total minus the other groups.  The unweighted tests per subgroup and in
 * the comparison area are checked against tests/r/ref_group_tests.R.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char REF[] = "tests/r/values/eval_survey.csv";
/* METHODS.md: closed-form estimates agree with R to 1e-6 relative. */
#define TOL 1e-6

static int setup(void **state)
{
    struct survey_run *e = calloc(1, sizeof(*e));
    survey_run_setup(e, "evalsurvey", "tests/data/eval_survey/codebook.ini",
                     "tests/data/eval_survey/answers.csv", "tests/data/eval_survey/spec.ini",
                     "evaltest", NULL, 0);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    survey_run_teardown(*state);
    free(*state);
    return 0;
}

/* ------------------------------------------------------------------ results.csv */

/* Checks estimate, SE and interval (and p when the reference has one). */
static void check_row(const struct survey_run *e, const char *analysis, const char *group,
                      const char *method, const char *term, const char *ref_case)
{
    results_check_ref(e->csv, analysis, group, method, term, REF, ref_case, TOL);
}

static void test_before_after(void **state)
{
    struct survey_run *e = *state;
    check_row(e, "s1", "", "svyciprop", "before", "s1.before");
    check_row(e, "s1", "", "svyciprop", "after", "s1.after");
    struct results_row f;
    assert_true(results_find(e->csv, "s1", "", "svyciprop", "before", &f));
    assert_close(results_num(&f, RF_N), ref_get(REF, "s1.before", "n"), 0);
    assert_true(results_find(e->csv, "s1", "", "deff", "after", &f));
    assert_close(results_num(&f, RF_ESTIMATE), ref_get(REF, "s1.after", "deff_replace"), TOL);
}

static void test_contrasts(void **state)
{
    struct survey_run *e = *state;
    check_row(e, "s1", "", "svydiff", "difference", "s1.difference");
    check_row(e, "s1", "Jämför C", "svydiff", "difference", "s1.comparison_difference");
    check_row(e, "s1", "", "svydiff", "did", "s1.did");
    check_row(e, "s1", "KON: Kvinna", "svydiff", "difference", "s1.kon2");
}

static void test_supporting_tests(void **state)
{
    struct survey_run *e = *state;
    struct results_row f;
    assert_true(results_find(e->csv, "s1", "", "newcombe", "difference", &f));
    assert_close(results_num(&f, RF_STAT), ref_get(REF, "s1.chisq", "statistic"), TOL);
    assert_close(results_num(&f, RF_P), ref_get(REF, "s1.chisq", "p_value"), TOL);
    assert_true(results_find(e->csv, "s1", "", "chisq_kx2", "distribution", &f));
    assert_close(results_num(&f, RF_STAT), ref_get(REF, "s1.chisq_kx2", "statistic"), TOL);
    assert_close(results_num(&f, RF_P), ref_get(REF, "s1.chisq_kx2", "p_value"), TOL);
    assert_true(results_find(e->csv, "s1", "", "mann_whitney", "p_worse", &f));
    assert_close(results_num(&f, RF_STAT), ref_get(REF, "s1.mann_whitney", "statistic"), TOL);
    assert_close(results_num(&f, RF_P), ref_get(REF, "s1.mann_whitney", "p_value"), TOL);
}

static void test_trend(void **state)
{
    struct survey_run *e = *state;
    char group[64], ref_case[64];
    for (int y = 2017; y <= 2020; y++) {
        snprintf(group, sizeof(group), "wave %d", y);
        snprintf(ref_case, sizeof(ref_case), "t1.wave.%d", y);
        check_row(e, "t1", group, "svyciprop", "proportion", ref_case);
        if (y > 2017) {
            snprintf(ref_case, sizeof(ref_case), "t1.vs_baseline.%d", y);
            check_row(e, "t1", group, "svydiff", "vs_baseline", ref_case);
        }
    }
    struct results_row f;
    assert_true(results_find(e->csv, "t1", "", "trend_chisq", "slope", &f));
    assert_close(results_num(&f, RF_STAT), ref_get(REF, "t1.trend_chisq", "statistic"), TOL);
    assert_close(results_num(&f, RF_P), ref_get(REF, "t1.trend_chisq", "p_value"), TOL);
    /* an iterative fit: METHODS.md's tolerance for GLMs */
    assert_true(results_find(e->csv, "t1", "", "logit_trend", "odds_ratio", &f));
    assert_close(results_num(&f, RF_ESTIMATE), ref_get(REF, "t1.logit_trend", "estimate"), 1e-4);
    assert_close(results_num(&f, RF_LOW), ref_get(REF, "t1.logit_trend", "conf_low"), 1e-4);
    assert_close(results_num(&f, RF_HIGH), ref_get(REF, "t1.logit_trend", "conf_high"), 1e-4);
    check_row(e, "t1", "wave 2020, area: Mål A", "svyciprop", "proportion", "t1.area1.2020");
    /* the summary's latest year against the year before, and the summary table */
    check_row(e, "t1", "wave 2020", "svydiff", "vs_previous", "t1.vs_previous.2020");
    struct strbuf mdp = STRBUF_INIT;
    strbuf_addf(&mdp, "%s/evaltest/report.md", e->out);
    char *md = slurp(mdp.buf, NULL);
    assert_non_null(md);
    assert_non_null(strstr(md, "the latest year at a glance"));
    free(md);
    strbuf_release(&mdp);
    /* the design-based trend, overall and in one area, against svyglm(quasibinomial):
     * an iterative fit, so METHODS.md's GLM tolerance; SE of the log odds ratio and
     * the residual df as R's */
    static const struct {
        const char *group, *ref;
    } svy[] = {{"", "t1.svyglm_trend"}, {"area: Mål A", "t1.svyglm_trend.area1"}};
    for (size_t k = 0; k < 2; k++) {
        assert_true(results_find(e->csv, "t1", svy[k].group, "svyglm_trend", "odds_ratio", &f));
        assert_close(results_num(&f, RF_ESTIMATE), ref_get(REF, svy[k].ref, "estimate"), 1e-4);
        assert_close(results_num(&f, RF_SE), ref_get(REF, svy[k].ref, "log_se"), 1e-4);
        assert_close(results_num(&f, RF_LOW), ref_get(REF, svy[k].ref, "conf_low"), 1e-4);
        assert_close(results_num(&f, RF_HIGH), ref_get(REF, svy[k].ref, "conf_high"), 1e-4);
        assert_close(results_num(&f, RF_P), ref_get(REF, svy[k].ref, "p_value"), 1e-4);
        assert_close(results_num(&f, RF_DF), ref_get(REF, svy[k].ref, "df"), 0);
    }
}

/* The three "Annat" respondents are withheld, and so is the next smallest group (men),
 * because the total minus the women would otherwise give the three away. */
static void test_small_group_withheld(void **state)
{
    struct survey_run *e = *state;
    assert_int_equal((int)ref_get(REF, "s1.kon3", "n_before"), 3);
    struct results_row f;
    const char *withheld[] = {"KON: Annat", "KON: Man"};
    for (size_t k = 0; k < 2; k++) {
        assert_true(results_find(e->csv, "s1", withheld[k], "svyciprop", "before", &f));
        assert_string_equal(f.f[RF_ESTIMATE], "");
        assert_string_equal(f.f[RF_N], "");
        assert_true(results_find(e->csv, "s1", withheld[k], "svydiff", "difference", &f));
        assert_string_equal(f.f[RF_ESTIMATE], "");
    }
    assert_true(results_find(e->csv, "s1", "KON: Kvinna", "svyciprop", "before", &f));
    assert_string_not_equal(f.f[RF_ESTIMATE], "");
    /* nor in the report */
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/evaltest/report.md", e->out);
    char *md = slurp(sb.buf, NULL);
    assert_non_null(md);
    assert_non_null(strstr(md, "too few answers"));
    free(md);
    strbuf_release(&sb);
}

/* The unweighted supporting tests per subgroup and in the comparison area (issue 13,
 * item 11), against tests/r/ref_group_tests.R, Cliff's delta's interval against
 * tests/r/ref_survey_group_boot.R; the men, withheld with the three "Annat"
 * respondents, publish no test. */
static void test_group_supporting_tests(void **state)
{
    struct survey_run *e = *state;
    static const char GREF[] = "tests/r/values/group_tests.csv";
    static const struct {
        const char *group, *ref;
    } groups[] = {{"KON: Kvinna", "s1.KON.Kvinna"}, {"Jämför C", "s1.comparison"}};
    struct results_row f;
    for (size_t k = 0; k < 2; k++) {
        const char *g = groups[k].group, *r = groups[k].ref;
        assert_true(results_find(e->csv, "s1", g, "newcombe", "difference", &f));
        assert_close(results_num(&f, RF_ESTIMATE), ref_get(GREF, r, "diff"), TOL);
        assert_close(results_num(&f, RF_STAT), ref_get(GREF, r, "chisq_statistic"), TOL);
        assert_close(results_num(&f, RF_P), ref_get(GREF, r, "chisq_p"), TOL);
        assert_close(results_num(&f, RF_N), ref_get(GREF, r, "n"), 0);
        if (ref_has(GREF, r, "chisq_p_holm"))
            assert_close(results_num(&f, RF_HOLM), ref_get(GREF, r, "chisq_p_holm"), TOL);
        assert_true(results_find(e->csv, "s1", g, "mann_whitney", "p_worse", &f));
        assert_close(results_num(&f, RF_STAT), ref_get(GREF, r, "mw_statistic"), TOL);
        assert_close(results_num(&f, RF_P), ref_get(GREF, r, "mw_p"), TOL);
        assert_close(results_num(&f, RF_ESTIMATE), ref_get(GREF, r, "mw_estimate"), TOL);
        assert_true(results_find(e->csv, "s1", g, "chisq_kx2", "distribution", &f));
        assert_close(results_num(&f, RF_STAT), ref_get(GREF, r, "kx2_statistic"), TOL);
        assert_close(results_num(&f, RF_P), ref_get(GREF, r, "kx2_p"), TOL);
        assert_true(results_find(e->csv, "s1", g, "cliff_delta", "delta", &f));
        assert_close(results_num(&f, RF_ESTIMATE), ref_get(GREF, r, "cliff"), TOL);
        /* its interval: the design bootstrap, the respondents resampled within their
         * strata, before and after separately (tests/r/ref_survey_group_boot.R, R's boot
         * with 20,000 replicates; R's generator is not trygg's: the SE within 5 %, the
         * ends within 0.15 bootstrap SE — their Monte-Carlo error is about 0.03 SE) */
        static const char BREF[] = "tests/r/values/survey_group_boot.csv";
        assert_close(results_num(&f, RF_ESTIMATE), ref_get(BREF, r, "estimate"), TOL);
        double se = ref_get(BREF, r, "se");
        assert_close(results_num(&f, RF_SE), se, 0.05);
        double lo = results_num(&f, RF_LOW), hi = results_num(&f, RF_HIGH);
        if (fabs(lo - ref_get(BREF, r, "bca_lo")) > 0.15 * se ||
            fabs(hi - ref_get(BREF, r, "bca_hi")) > 0.15 * se)
            fail_msg("%s: BCa %g to %g, R %g to %g (SE %g)", r, lo, hi,
                     ref_get(BREF, r, "bca_lo"), ref_get(BREF, r, "bca_hi"), se);
        assert_non_null(strstr(f.f[RF_NOTE], "BCa bootstrap interval, 10000 replicates"));
        assert_non_null(strstr(f.f[RF_NOTE], "resampling the respondents within their strata"));
    }
    /* withheld with the small group: no number */
    assert_true(results_find(e->csv, "s1", "KON: Man", "newcombe", "difference", &f));
    assert_string_equal(f.f[RF_ESTIMATE], "");
    assert_string_equal(f.f[RF_P], "");
    assert_true(results_find(e->csv, "s1", "KON: Man", "mann_whitney", "p_worse", &f));
    assert_string_equal(f.f[RF_STAT], "");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/evaltest/report.md", e->out);
    char *md = slurp(sb.buf, NULL);
    assert_non_null(md);
    assert_non_null(strstr(md, "Supporting tests by group (unweighted): Sex"));
    assert_non_null(strstr(md, "Supporting tests in the comparison area (unweighted)"));
    assert_non_null(strstr(md, "Cliff's delta: BCa bootstrap interval that resamples the "
                               "respondents within their strata, before and after separately."));
    free(md);
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_before_after),
        cmocka_unit_test(test_contrasts),
        cmocka_unit_test(test_supporting_tests),
        cmocka_unit_test(test_trend),
        cmocka_unit_test(test_small_group_withheld),
        cmocka_unit_test(test_group_supporting_tests),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
