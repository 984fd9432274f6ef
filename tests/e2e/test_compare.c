/*
 * End to end: `trygg run` on [compare] sections (groups against each other within a
 * wave) on a survey made by tests/r/ref_compare.R, against the values R's survey
 * package gives for the same data (tests/r/values/compare.csv): every group's weighted
 * share or mean, every pair's design-based difference (svycontrast on svyby with
 * covmat, = svyttest) with z, p and Holm/BH over the pairs, and the unweighted tests
 * per pair (prop.test, t.test, wilcox.test, chisq.test, Cliff's delta).  The data have
 * strata and clusters that cut across the groups, weights from 0.002 to 4000, a group
 * of one respondent, an empty declared group and groups with zero variance.
 *
 * Also: disclosure control at the default --min-cell (the groups of one and two
 * respondents and every pair with them withheld, in results.csv and the report), a
 * stratum with a single PSU (refused, exit 1, the stratum named), the report in both
 * languages, and the spec errors of the new keys at file:line.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char REF[] = "tests/r/values/compare.csv";
/* METHODS.md: closed-form estimates agree with R to 1e-6 relative. */
#define TOL 1e-6

struct env {
    char *dir, *db;
    char *csv, *md_en, *md_sv; /* --min-cell 1 */
    char *csv5, *md5;          /* default --min-cell */
};

static char *run_out(const struct env *e, const char *out, const char *lang, const char *min_cell,
                     const char *file)
{
    struct run_result r;
    char *o = path_in_dir(e->dir, out);
    int rc = min_cell ? run_trygg(&r, e->db, "run", "tests/data/compare/spec.ini", "--out", o,
                                  "--lang", lang, "--no-charts", "-q", "--min-cell", min_cell, NULL)
                      : run_trygg(&r, e->db, "run", "tests/data/compare/spec.ini", "--out", o,
                                  "--lang", lang, "--no-charts", "-q", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/jmf/%s", o, file);
    char *text = slurp(sb.buf, NULL);
    assert_non_null(text);
    strbuf_release(&sb);
    free(o);
    return text;
}

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("compare");
    e->db = path_in_dir(e->dir, "trygg.db");
    struct run_result r;
    int rc = run_trygg(&r, e->db, "import", "survey", "tests/data/compare/codebook.ini",
                       "tests/data/compare/answers.csv", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    e->csv = run_out(e, "out1", "en", "1", "results.csv");
    e->md_en = run_out(e, "out1", "en", "1", "report.md");
    e->md_sv = run_out(e, "out1sv", "sv", "1", "report.md");
    e->csv5 = run_out(e, "out5", "en", NULL, "results.csv");
    e->md5 = run_out(e, "out5", "en", NULL, "report.md");
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
    free(e->md_en);
    free(e->md_sv);
    free(e->csv5);
    free(e->md5);
    free(e);
    return 0;
}

static struct results_row must_row(const char *csv, const char *analysis, const char *group,
                                   const char *method, const char *term)
{
    struct results_row row;
    if (!results_find(csv, analysis, group, method, term, &row))
        fail_msg("no results row %s / '%s' / %s / %s", analysis, group, method, term);
    return row;
}

/* field `field` of row against reference case/key, when the reference has it */
static void check(const struct results_row *row, int field, const char *ref_case, const char *key)
{
    if (!ref_has(REF, ref_case, key))
        return;
    double want = ref_get(REF, ref_case, key);
    double got = results_num(row, field);
    if (isnan(want)) {
        assert_true(isnan(got));
        return;
    }
    assert_close_abs(got, want, TOL, 1e-12);
}

/* One group's weighted estimate. */
static void check_group(const struct env *e, const char *analysis, const char *var,
                        const char *label, bool share)
{
    char group[160], ref_case[160];
    snprintf(group, sizeof(group), "%s: %s", var, label);
    snprintf(ref_case, sizeof(ref_case), "%s.%s", analysis, label);
    struct results_row row = must_row(e->csv, analysis, group, share ? "svyciprop" : "svymean",
                                      share ? "proportion" : "mean");
    check(&row, RF_N, ref_case, "n");
    check(&row, RF_ESTIMATE, ref_case, "estimate");
    check(&row, RF_SE, ref_case, "std_error");
    check(&row, RF_LOW, ref_case, "conf_low");
    check(&row, RF_HIGH, ref_case, "conf_high");
}

/* One pair: the design-based difference and the unweighted tests. */
static void check_pair(const struct env *e, const char *analysis, const char *var, const char *a,
                       const char *b)
{
    char group[200], ref_case[200];
    snprintf(group, sizeof(group), "%s: %s vs %s", var, a, b);
    snprintf(ref_case, sizeof(ref_case), "%s.%s|%s", analysis, a, b);
    struct results_row row = must_row(e->csv, analysis, group, "svydiff", "group_difference");
    check(&row, RF_ESTIMATE, ref_case, "estimate");
    check(&row, RF_SE, ref_case, "std_error");
    check(&row, RF_LOW, ref_case, "conf_low");
    check(&row, RF_HIGH, ref_case, "conf_high");
    check(&row, RF_STAT, ref_case, "statistic");
    check(&row, RF_DF, ref_case, "df");
    check(&row, RF_P, ref_case, "p_value");
    check(&row, RF_HOLM, ref_case, "p_holm");
    check(&row, RF_BH, ref_case, "p_bh");
    struct results_row t;
    if (results_find(e->csv, analysis, group, "newcombe", "group_difference", &t)) {
        check(&t, RF_STAT, ref_case, "chisq_statistic");
        check(&t, RF_P, ref_case, "chisq_p");
    }
    if (results_find(e->csv, analysis, group, "welch_t", "group_difference", &t)) {
        check(&t, RF_ESTIMATE, ref_case, "welch_estimate");
        check(&t, RF_STAT, ref_case, "welch_statistic");
        check(&t, RF_DF, ref_case, "welch_df");
        check(&t, RF_P, ref_case, "welch_p");
        check(&t, RF_LOW, ref_case, "welch_conf_low");
        check(&t, RF_HIGH, ref_case, "welch_conf_high");
    }
    if (ref_has(REF, ref_case, "mw_statistic")) {
        t = must_row(e->csv, analysis, group, "mann_whitney", "p_worse");
        check(&t, RF_STAT, ref_case, "mw_statistic");
        check(&t, RF_P, ref_case, "mw_p");
        t = must_row(e->csv, analysis, group, "chisq_kx2", "distribution");
        check(&t, RF_STAT, ref_case, "kx2_statistic");
        check(&t, RF_P, ref_case, "kx2_p");
        t = must_row(e->csv, analysis, group, "cliff_delta", "delta");
        check(&t, RF_ESTIMATE, ref_case, "cliff");
    }
}

static const char *const AREAS[] = {"Ljusterö", "Näset", "Svinninge", "Söra",
                                    "Åkersberga centrum"}; /* byte order, as trygg */

static void test_area_against_rest(void **state)
{
    struct env *e = *state;
    check_group(e, "centre", "area", "Åkersberga centrum", true);
    check_group(e, "centre", "area", "övriga", true);
    check_pair(e, "centre", "area", "Åkersberga centrum", "övriga");
}

/* Cliff's delta's interval: the design bootstrap, PSUs resampled within their strata
 * (tests/r/ref_compare_boot.R, R's boot with 20,000 replicates).  R's generator is not
 * trygg's: the interval ends within 0.15 bootstrap SE (their Monte-Carlo error is
 * about 0.03 SE), the SE within 5 %. */
static void check_interval_in(const char *csv, const char *BREF, const char *analysis,
                              const char *group, const char *ref_case)
{
    struct results_row t = must_row(csv, analysis, group, "cliff_delta", "delta");
    assert_close(results_num(&t, RF_ESTIMATE), ref_get(BREF, ref_case, "estimate"), TOL);
    double se = ref_get(BREF, ref_case, "se");
    assert_close(results_num(&t, RF_SE), se, 0.05);
    double lo = results_num(&t, RF_LOW), hi = results_num(&t, RF_HIGH);
    if (fabs(lo - ref_get(BREF, ref_case, "bca_lo")) > 0.15 * se ||
        fabs(hi - ref_get(BREF, ref_case, "bca_hi")) > 0.15 * se)
        fail_msg("%s: BCa %g to %g, R %g to %g (SE %g)", ref_case, lo, hi,
                 ref_get(BREF, ref_case, "bca_lo"), ref_get(BREF, ref_case, "bca_hi"), se);
    assert_non_null(strstr(t.f[RF_NOTE], "BCa bootstrap interval, 10000 replicates"));
    assert_non_null(strstr(t.f[RF_NOTE], "resampling the PSUs within their strata"));
}

static void check_cliff_interval(const struct env *e, const char *analysis, const char *group,
                                 const char *ref_case)
{
    check_interval_in(e->csv, "tests/r/values/compare_boot.csv", analysis, group, ref_case);
}

/* Cliff's delta per subgroup of a [survey] section over this design: the same design
 * bootstrap, before (2018) and after (2019) resampled separately, as each wave's PSUs
 * and strata are its own (tests/data/compare/survey_groups.ini,
 * tests/r/ref_survey_group_boot.R), in both report languages. */
static void test_survey_group_bootstrap(void **state)
{
    struct env *e = *state;
    static const char *const langs[] = {"en", "sv"};
    for (int l = 0; l < 2; l++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "grp_%s", langs[l]);
        char *o = path_in_dir(e->dir, sb.buf);
        struct run_result r;
        int rc = run_trygg(&r, e->db, "run", "tests/data/compare/survey_groups.ini", "--out", o,
                           "--lang", langs[l], "--no-charts", "-q", "--min-cell", "1", NULL);
        if (rc != 0)
            fprintf(stderr, "%s", r.err);
        assert_int_equal(rc, 0);
        run_result_release(&r);
        strbuf_reset(&sb);
        strbuf_addf(&sb, "%s/jmfgrp/results.csv", o);
        char *csv = slurp(sb.buf, NULL);
        strbuf_reset(&sb);
        strbuf_addf(&sb, "%s/jmfgrp/report.md", o);
        char *md = slurp(sb.buf, NULL);
        assert_non_null(csv);
        assert_non_null(md);
        const char *bref = "tests/r/values/survey_group_boot.csv";
        check_interval_in(csv, bref, "kon", "KON: Man", "kon.KON.Man");
        check_interval_in(csv, bref, "kon", "KON: Kvinna", "kon.KON.Kvinna");
        assert_non_null(strstr(
            md, l == 0 ? "Cliff's delta: BCa bootstrap interval that resamples the survey's "
                         "primary sampling units within their strata, before and after "
                         "separately."
                       : "Cliffs delta: BCa-bootstrapintervall där urvalets primära "
                         "urvalsenheter dras om inom sina strata, före och efter var för sig."));
        free(csv);
        free(md);
        free(o);
        strbuf_release(&sb);
    }
}

static void test_cliff_bootstrap(void **state)
{
    struct env *e = *state;
    check_cliff_interval(e, "centre", "area: Åkersberga centrum vs övriga", "centre");
    check_cliff_interval(e, "pooled", "KON: Man vs Kvinna", "pooled");
    /* every area pair has its interval */
    static const char *const areas[] = {"Ljusterö", "Näset", "Svinninge", "Söra",
                                        "Åkersberga centrum"};
    for (int a = 0; a < 5; a++)
        for (int b = a + 1; b < 5; b++) {
            char group[160];
            snprintf(group, sizeof(group), "area: %s vs %s", areas[a], areas[b]);
            struct results_row t = must_row(e->csv, "areas", group, "cliff_delta", "delta");
            assert_true(results_num(&t, RF_LOW) < results_num(&t, RF_ESTIMATE));
            assert_true(results_num(&t, RF_HIGH) > results_num(&t, RF_ESTIMATE));
        }
}

static void test_every_area_pair(void **state)
{
    struct env *e = *state;
    for (size_t i = 0; i < 5; i++) {
        check_group(e, "areas", "area", AREAS[i], true);
        for (size_t j = i + 1; j < 5; j++)
            check_pair(e, "areas", "area", AREAS[i], AREAS[j]);
    }
}

static void test_subgroups(void **state)
{
    struct env *e = *state;
    /* women against men within two areas (groups = 2, 1: women first) */
    check_group(e, "kon", "KON", "Kvinna", true);
    check_group(e, "kon", "KON", "Man", true);
    check_pair(e, "kon", "KON", "Kvinna", "Man");
    /* age groups against the first, as means; 65+ has one respondent */
    static const char *const ages[] = {"16–24", "25–44", "45–64", "65+"};
    for (size_t i = 0; i < 4; i++)
        check_group(e, "age", "ALDGR", ages[i], false);
    for (size_t i = 1; i < 4; i++)
        check_pair(e, "age", "ALDGR", ages[i], ages[0]);
    /* Welch needs two answers in a group: refused in words naming the group */
    struct results_row t = must_row(e->csv, "age", "ALDGR: 65+ vs 16–24", "welch_t",
                                    "group_difference");
    assert_string_equal(t.f[RF_ESTIMATE], "");
    assert_non_null(strstr(t.f[RF_NOTE], "'65+'"));
    /* the declared age group without respondents is empty, not withheld */
    t = must_row(e->csv, "age", "ALDGR: 85+", "svymean", "mean");
    assert_non_null(strstr(t.f[RF_NOTE], "empty"));
    t = must_row(e->csv, "age", "ALDGR: 85+ vs 16–24", "svydiff", "group_difference");
    assert_string_equal(t.f[RF_ESTIMATE], "");
    assert_non_null(strstr(t.f[RF_NOTE], "'85+' is empty"));
    /* two waves pooled */
    check_group(e, "pooled", "KON", "Man", false);
    check_group(e, "pooled", "KON", "Kvinna", false);
    check_pair(e, "pooled", "KON", "Man", "Kvinna");
}

static void test_zero_variance(void **state)
{
    struct env *e = *state;
    check_group(e, "zero", "area", "Ljusterö", true);
    check_group(e, "zero", "area", "Svinninge", true);
    check_pair(e, "zero", "area", "Ljusterö", "Näset");
    check_pair(e, "zero", "area", "Svinninge", "Näset");
    /* everyone in both groups answered no: a difference of 0 with SE 0, no test */
    struct results_row t = must_row(e->csv, "zero", "area: Ljusterö vs Svinninge", "svydiff",
                                    "group_difference");
    assert_close_abs(results_num(&t, RF_ESTIMATE), 0, 0, 1e-15);
    assert_close_abs(results_num(&t, RF_SE), 0, 0, 1e-15);
    assert_string_equal(t.f[RF_P], "");
    assert_non_null(strstr(t.f[RF_NOTE], "no variation"));
    assert_non_null(strstr(e->md_en, "no variation in the answers"));
}

/* Default --min-cell: the groups of one ("65+") and two ("Annat") respondents are
 * withheld with every pair they are in; no number of them reaches the report. */
static void test_disclosure(void **state)
{
    struct env *e = *state;
    struct results_row t = must_row(e->csv5, "age", "ALDGR: 65+", "svymean", "mean");
    assert_string_equal(t.f[RF_ESTIMATE], "");
    assert_string_equal(t.f[RF_N], "");
    static const char *const methods[] = {"svydiff", "welch_t", "mann_whitney"};
    static const char *const terms[] = {"group_difference", "group_difference", "p_worse"};
    for (size_t k = 0; k < 3; k++) {
        t = must_row(e->csv5, "age", "ALDGR: 65+ vs 16–24", methods[k], terms[k]);
        assert_string_equal(t.f[RF_ESTIMATE], "");
        assert_string_equal(t.f[RF_P], "");
        assert_string_equal(t.f[RF_STAT], "");
    }
    /* every published pair rests on two published groups */
    const char *p = strchr(e->csv5, '\n');
    size_t published = 0;
    while (p && *++p) {
        size_t len = strcspn(p, "\n");
        struct results_row r;
        if (results_split(p, len, &r) == RESULTS_FIELDS && !strcmp(r.f[RF_METHOD], "svydiff") &&
            r.f[RF_ESTIMATE][0]) {
            char a[256], b[256];
            const char *colon = strchr(r.f[RF_GROUP], ':'), *vs = strstr(r.f[RF_GROUP], " vs ");
            assert_non_null(colon);
            assert_non_null(vs);
            snprintf(a, sizeof(a), "%.*s", (int)(vs - r.f[RF_GROUP]), r.f[RF_GROUP]);
            snprintf(b, sizeof(b), "%.*s%s", (int)(colon + 2 - r.f[RF_GROUP]), r.f[RF_GROUP],
                     vs + 4);
            const char *method = !strcmp(r.f[RF_ANALYSIS], "age") || !strcmp(r.f[RF_ANALYSIS], "pooled")
                                     ? "svymean"
                                     : "svyciprop";
            const char *term = !strcmp(method, "svymean") ? "mean" : "proportion";
            struct results_row ga = must_row(e->csv5, r.f[RF_ANALYSIS], a, method, term);
            struct results_row gb = must_row(e->csv5, r.f[RF_ANALYSIS], b, method, term);
            assert_string_not_equal(ga.f[RF_N], "");
            assert_string_not_equal(gb.f[RF_N], "");
            published++;
        }
        p += len;
        if (!*p)
            break;
    }
    assert_true(published > 0);
    assert_non_null(strstr(e->md5, "too few answers"));
    /* with --min-cell 1 the same group is published */
    t = must_row(e->csv, "age", "ALDGR: 65+", "svymean", "mean");
    assert_string_equal(t.f[RF_N], "1");
}

static void test_report(void **state)
{
    struct env *e = *state;
    assert_non_null(strstr(e->md_en, "Differences between the groups (weighted)"));
    assert_non_null(strstr(e->md_en, "Supporting tests (unweighted)"));
    assert_non_null(strstr(e->md_en, "p (Holm)"));
    assert_non_null(strstr(e->md_en, "Åkersberga centrum − the rest"));
    assert_non_null(strstr(e->md_en, "empty (no respondents)"));
    assert_non_null(strstr(e->md_sv, "Skillnader mellan grupperna (vägt)"));
    assert_non_null(strstr(e->md_sv, "Åkersberga centrum − övriga"));
    assert_non_null(strstr(e->md_sv, "tom (inga svarande)"));
    assert_non_null(strstr(e->md_sv, "svycontrast"));
    /* a reading in words for every pair: pooled men against women is clearly lower */
    assert_true(ref_get(REF, "pooled.Man|Kvinna", "conf_high") < 0);
    assert_non_null(strstr(e->md_en, "Man lower than Woman"));
    assert_non_null(strstr(e->md_sv, "Man lägre än Kvinna"));
}

/* A stratum with a single PSU: the outcome is refused, exit 1, the stratum named. */
static void test_single_psu(void **state)
{
    struct env *e = *state;
    char *db = path_in_dir(e->dir, "lonely.db");
    struct run_result r;
    assert_int_equal(run_trygg(&r, db, "import", "survey", "tests/data/compare/codebook.ini",
                               "tests/data/compare/answers_lonely.csv", NULL),
                     0);
    run_result_release(&r);
    char *out = path_in_dir(e->dir, "outl");
    int rc = run_trygg(&r, db, "run", "tests/data/compare/spec.ini", "--out", out, "--no-charts",
                       "-q", NULL);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(r.err, "spec.ini:"));
    assert_non_null(strstr(r.err, "[centre]"));
    assert_non_null(strstr(r.err, "stratum '3' (STRATUM) in wave 2019"));
    run_result_release(&r);
    free(out);
    free(db);
}

/* The new keys are checked at file:line before anything is computed. */
static void test_spec_errors(void **state)
{
    struct env *e = *state;
    static const struct {
        const char *body, *msg;
    } cases[] = {
        {"by = area\ngroups = Åkersberga centrum\n", "at least two groups"},
        {"by = area\ngroups = Åkersberga centrum, Näset + Åkersberga centrum\n", "listed twice"},
        {"by = area\ngroups = Åkersberga centrum, rest, rest\n", "more than once"},
        {"by = area\ngroups = Åkersberga centrum, Näset + rest\n", "stands alone"},
        {"by = area\ngroups = Åkersberga centrum, Nowhere\n", "'Nowhere' is not in the database"},
        {"by = area, KON\ngroups = 1, 2\n", "one grouping"},
        {"by = KON\ngroups = 1, Kvinna\n", "not a code of KON"},
        {"by = KON\ngroups = 1, 7\n", "7 is not a code of 'KON'"},
        {"by = area\narea = Näset\n", "name them in 'groups'"},
        {"by = KON\npairs = some\n", "pairs = 'some'"},
        {"by = Q2\n", "is a question, not a background variable"},
        {"", "needs 'by'"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb,
                    "[evaluation]\nid = bad\ntitle.en = t\nquestion.en = q\n\n[compare x]\n"
                    "survey = jmf\nquestion = Q1\nwave = 2019\n%s",
                    cases[k].body);
        char *err = NULL;
        int rc = run_spec_in(e->db, e->dir, "bad.ini", sb.buf, "en", NULL, NULL, &err);
        if (rc != 1 || !strstr(err, cases[k].msg) || !strstr(err, "bad.ini:"))
            fail_msg("case %zu: exit %d, stderr: %s", k, rc, err);
        free(err);
        strbuf_release(&sb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_area_against_rest), cmocka_unit_test(test_every_area_pair),
        cmocka_unit_test(test_subgroups),         cmocka_unit_test(test_zero_variance),
        cmocka_unit_test(test_disclosure),        cmocka_unit_test(test_report),
        cmocka_unit_test(test_cliff_bootstrap),
        cmocka_unit_test(test_survey_group_bootstrap),
        cmocka_unit_test(test_single_psu),        cmocka_unit_test(test_spec_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
