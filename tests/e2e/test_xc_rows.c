/*
 * End to end: the rows `make crosscheck` used to mirror without judging them
 * (docs/crosscheck.md), now decided and judged.  Data and spec: tests/data/xcrows (the
 * answers are written by tests/r/ref_xc_rows.R, which also gives R's side:
 * tests/r/values/xc_rows.csv).
 *   - a number question's Mann-Whitney for the whole target (term p_higher, as for its
 *     subgroups), from the answer cells (whole numbers, many ties) and from the answers
 *     themselves (decimals, more than 64 values), against R's wilcox.test; every value
 *     tied: the row with its reason, and the report says why;
 *   - a subgroup level without respondents (KON = Annat, declared, nobody has it):
 *     rows with n 0 and the reason svy_empty, and a line in the report's table;
 *   - a [trend] over two waves: svyglm_trend has its row with the reason, as the other
 *     two trend rows, and the change between the waves is the vs_baseline contrast.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char REF[] = "tests/r/values/xc_rows.csv";
static const char CODEBOOK[] = "tests/data/xcrows/codebook.ini";
static const char ANSWERS[] = "tests/data/xcrows/answers.csv";
static const char SPEC[] = "tests/data/xcrows/spec.ini";

static char *g_dir, *g_csv, *g_md, *g_md_sv;

static char *run_lang(const char *db, const char *lang, char **md)
{
    struct strbuf out = STRBUF_INIT, f = STRBUF_INIT;
    strbuf_addf(&out, "%s/out-%s", g_dir, lang);
    struct run_result r;
    int rc = run_trygg(&r, db, "run", SPEC, "--out", out.buf, "--lang", lang, "--no-charts",
                       "-q", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err ? r.err : "");
    assert_int_equal(rc, 0);
    run_result_release(&r);
    strbuf_addf(&f, "%s/xcrows/report.md", out.buf);
    *md = slurp(f.buf, NULL);
    assert_non_null(*md);
    strbuf_reset(&f);
    strbuf_addf(&f, "%s/xcrows/results.csv", out.buf);
    char *csv = slurp(f.buf, NULL);
    assert_non_null(csv);
    strbuf_release(&out);
    strbuf_release(&f);
    return csv;
}

static int setup(void **state)
{
    (void)state;
    g_dir = make_temp_dir("xcrows");
    char *db = path_in_dir(g_dir, "trygg.db");
    const char *import[] = {"import", "survey", CODEBOOK, ANSWERS};
    run_trygg_ok(db, import, 4);
    g_csv = run_lang(db, "en", &g_md);
    char *csv_sv = run_lang(db, "sv", &g_md_sv);
    /* results.csv does not depend on the report language */
    assert_string_equal(csv_sv, g_csv);
    free(csv_sv);
    free(db);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(g_dir);
    free(g_dir);
    free(g_csv);
    free(g_md);
    free(g_md_sv);
    return 0;
}

static void row(const char *analysis, const char *group, const char *method, const char *term,
                struct results_row *r)
{
    if (!results_find(g_csv, analysis, group, method, term, r))
        fail_msg("results.csv has no row %s / '%s' / %s / %s", analysis, group, method, term);
}

static void text_has(const char *text, const char *what)
{
    if (!strstr(text, what))
        fail_msg("the report does not say '%s'", what);
}

/* The whole target's Mann-Whitney of a number question, against wilcox.test. */
static void check_mw(const char *analysis, const char *ref_case)
{
    struct results_row r;
    row(analysis, "", "mann_whitney", "p_higher", &r);
    assert_close(results_num(&r, RF_ESTIMATE), ref_get(REF, ref_case, "estimate"), TOL_CLOSED);
    assert_close(results_num(&r, RF_STAT), ref_get(REF, ref_case, "statistic"), TOL_CLOSED);
    assert_close(results_num(&r, RF_N), ref_get(REF, ref_case, "n"), 0);
    assert_close(results_num(&r, RF_P), ref_get(REF, ref_case, "p_value"), TOL_CLOSED);
    assert_string_equal(r.f[RF_REASON], "");
    assert_string_equal(r.f[RF_NOTE], "estimate: probability that a value after is higher "
                                      "than one before (ties half)");
    /* a number question has no scale: no p_worse, no Cliff's delta, no distribution */
    assert_false(results_find(g_csv, analysis, "", "mann_whitney", "p_worse", &r));
    assert_false(results_find(g_csv, analysis, "", "cliff_delta", "delta", &r));
    assert_false(results_find(g_csv, analysis, "", "chisq_kx2", "distribution", &r));
}

static void number_mann_whitney(void **state)
{
    (void)state;
    assert_true(ref_get(REF, "n1_mw", "distinct") <= 64); /* the answer cells */
    check_mw("n1", "n1_mw");
    assert_true(ref_get(REF, "n2_mw", "distinct") > 64); /* the answers themselves */
    check_mw("n2", "n2_mw");
    text_has(g_md, "| Mann–Whitney: probability that a value after is higher | 0.581 |  | 0.23 |");
    text_has(g_md_sv, "| Mann–Whitney: sannolikhet att ett värde efter är högre | 0,581 |  | 0,23 |");
}

static void number_all_tied(void **state)
{
    (void)state;
    struct results_row r;
    row("n3", "", "mann_whitney", "p_higher", &r);
    assert_true(isnan(ref_get(REF, "n3_mw", "p_value"))); /* R has no test either */
    assert_string_equal(r.f[RF_P], "");
    assert_string_equal(r.f[RF_REASON], "mw_all_same");
    assert_close(results_num(&r, RF_ESTIMATE), ref_get(REF, "n3_mw", "estimate"), TOL_CLOSED);
    assert_close(results_num(&r, RF_STAT), ref_get(REF, "n3_mw", "statistic"), TOL_CLOSED);
    text_has(g_md, "The Mann–Whitney test was not done: all answers in both groups are the same");
    text_has(g_md_sv, "Mann–Whitney-testet gjordes inte (");
}

static void empty_level(const char *analysis, const char *method)
{
    static const char *const terms[][2] = {{NULL, "before"}, {NULL, "after"},
                                           {"svydiff", "difference"}};
    for (size_t k = 0; k < 3; k++) {
        struct results_row r;
        row(analysis, "KON: Annat", terms[k][0] ? terms[k][0] : method, terms[k][1], &r);
        assert_string_equal(r.f[RF_REASON], "svy_empty");
        assert_string_equal(r.f[RF_NOTE], "empty (no respondents)");
        assert_string_equal(r.f[RF_N], "0");
        for (int f = RF_ESTIMATE; f <= RF_BH; f++)
            if (f != RF_LEVEL && r.f[f][0])
                fail_msg("%s / KON: Annat / %s: column %d is '%s'", analysis, terms[k][1], f,
                         r.f[f]);
    }
    /* the levels with answers keep their numbers, and the Holm family is theirs alone */
    struct results_row man, kvinna;
    row(analysis, "KON: Man", "svydiff", "difference", &man);
    row(analysis, "KON: Kvinna", "svydiff", "difference", &kvinna);
    double p1 = results_num(&man, RF_P), p2 = results_num(&kvinna, RF_P);
    /* Holm over two: the smaller p doubled, the larger at least that */
    double holm1 = p1 <= p2 ? fmin(1, 2 * p1) : fmax(fmin(1, 2 * p2), p1);
    assert_close(results_num(&man, RF_HOLM), holm1, 1e-12);
}

static void empty_subgroup_level(void **state)
{
    (void)state;
    empty_level("n1", "svymean");
    empty_level("q1", "svyciprop");
    text_has(g_md, "| Other | 0 | 0 |  |  | empty (no respondents) |  |  |");
    text_has(g_md_sv, "| Annat | 0 | 0 |  |  | tom (inga svarande) |  |  |");
}

static void two_wave_trend(void **state)
{
    (void)state;
    static const char *const rows[][2] = {
        {"trend_chisq", "slope"}, {"logit_trend", "odds_ratio"}, {"svyglm_trend", "odds_ratio"}};
    for (size_t k = 0; k < 3; k++) {
        struct results_row r;
        row("two", "", rows[k][0], rows[k][1], &r);
        assert_string_equal(r.f[RF_REASON], "trend_three_waves");
        assert_string_equal(r.f[RF_ESTIMATE], "");
        assert_string_equal(r.f[RF_SE], "");
        assert_string_equal(r.f[RF_P], "");
        if (!strstr(r.f[RF_NOTE], "the change between them is the comparison with the baseline"))
            fail_msg("%s: note '%s'", rows[k][0], r.f[RF_NOTE]);
    }
    /* R's svyglm over two waves is the log odds ratio between them: nothing beyond the
     * change, which the vs_baseline contrast gives */
    assert_close(ref_get(REF, "q1_svyglm_two", "slope"),
                 ref_get(REF, "q1_svyglm_two", "log_odds_ratio"), 1e-8);
    results_check_ref(g_csv, "two", "wave 2019", "svydiff", "vs_baseline", REF, "q1_vs_baseline",
                      TOL_CLOSED);
    text_has(g_md, "The trend tests (odds ratio per year and chi-square test for trend) are not "
                   "done: they need at least three comparable years, and there are two.");
    text_has(g_md_sv, "Trendtesten (oddskvot per år och χ²-test för trend) görs inte");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(number_mann_whitney),
        cmocka_unit_test(number_all_tied),
        cmocka_unit_test(empty_subgroup_level),
        cmocka_unit_test(two_wave_trend),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
