/*
 * End to end: a [describe] section through `trygg run`, on the survey of
 * tests/data/eval_survey (strata per wave, weights up to 80, "Don't know" and empty
 * answers), checked against R (tests/r/ref_describe.R, tests/r/values/describe.csv):
 * per wave in two areas, overall and by sex, the unweighted n, missing, mean, SD,
 * min, max and type-7 quartiles, and the weighted mean (svymean), SD (svyvar) and
 * quartiles with their Woodruff intervals (svyquantile, qrule = "math").  Also: the
 * group of three respondents is withheld (and a second one with it), an empty group
 * says it is empty, the report has the section in Swedish and English, and spec
 * errors are refused with file:line.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char REF[] = "tests/r/values/describe.csv";

static const char SPEC[] = "[evaluation]\n"
                           "id = desc\n"
                           "title.en = Descriptives\n"
                           "title.sv = Beskrivning\n"
                           "question.en = What do the answers look like?\n"
                           "question.sv = Hur ser svaren ut?\n"
                           "\n"
                           "[describe q1]\n"
                           "survey = evaltest\n"
                           "variables = Q1\n"
                           "area = Mål A + Mål B\n"
                           "by = KON\n";

struct env {
    char *dir, *db;
    char *csv, *md, *md_sv;
};

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("describe");
    e->db = path_in_dir(e->dir, "trygg.db");
    struct run_result r;
    int rc = run_trygg(&r, e->db, "import", "survey", "tests/data/eval_survey/codebook.ini",
                       "tests/data/eval_survey/answers.csv", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    char *err = NULL;
    rc = run_spec_in(e->db, e->dir, "desc.ini", SPEC, "en", &e->csv, &e->md, &err);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    free(err);
    rc = run_spec_in(e->db, e->dir, "desc.ini", SPEC, "sv", NULL, &e->md_sv, NULL);
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

/* The row of results.csv with this group, method and term; fails if absent. */
static bool find_row(const char *csv, const char *group, const char *method, const char *term,
                     struct results_row *out)
{
    for (const char *p = csv; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        struct results_row r;
        if (results_split(p, len, &r) >= RESULTS_FIELDS - 1 && !strcmp(r.f[RF_GROUP], group) &&
            !strcmp(r.f[RF_METHOD], method) && !strcmp(r.f[RF_TERM], term)) {
            *out = r;
            return true;
        }
        p += len + (nl ? 1 : 0);
    }
    return false;
}

static double row_num(const char *csv, const char *group, const char *method, const char *term,
                      int field)
{
    struct results_row r;
    if (!find_row(csv, group, method, term, &r))
        fail_msg("results.csv has no row '%s' %s %s", group, method, term);
    return results_num(&r, field);
}

static void same(const char *what, double got, double want)
{
    if (isnan(want) && isnan(got))
        return;
    if (isnan(want) != isnan(got))
        fail_msg("%s: trygg %.17g, R %.17g", what, got, want);
    assert_close_abs(got, want, TOL_CLOSED, 1e-12);
}

/* Every number of one published domain (R case c, results.csv group) against R. */
static void compare_domain(const char *csv, const char *c, const char *group)
{
    same("n", row_num(csv, group, "describe", "mean", RF_N), ref_get(REF, c, "n_valid"));
    same("missing", row_num(csv, group, "describe", "n_missing", RF_ESTIMATE),
         ref_get(REF, c, "n_missing"));
    same("mean", row_num(csv, group, "describe", "mean", RF_ESTIMATE),
         ref_get(REF, c, "mean"));
    same("sd", row_num(csv, group, "describe", "sd", RF_ESTIMATE), ref_get(REF, c, "sd"));
    same("min", row_num(csv, group, "describe", "min", RF_ESTIMATE),
         ref_get(REF, c, "min"));
    same("max", row_num(csv, group, "describe", "max", RF_ESTIMATE),
         ref_get(REF, c, "max"));
    const char *qs[] = {"q1", "median", "q3"};
    for (int q = 0; q < 3; q++) {
        char key[32];
        snprintf(key, sizeof key, "u_%s", qs[q]);
        same(key, row_num(csv, group, "describe", qs[q], RF_ESTIMATE),
             ref_get(REF, c, key));
        same(qs[q], row_num(csv, group, "svyquantile", qs[q], RF_ESTIMATE),
             ref_get(REF, c, qs[q]));
        snprintf(key, sizeof key, "%s_lo", qs[q]);
        same(key, row_num(csv, group, "svyquantile", qs[q], RF_LOW),
             ref_get(REF, c, key));
        snprintf(key, sizeof key, "%s_hi", qs[q]);
        same(key, row_num(csv, group, "svyquantile", qs[q], RF_HIGH),
             ref_get(REF, c, key));
        snprintf(key, sizeof key, "%s_se", qs[q]);
        same(key, row_num(csv, group, "svyquantile", qs[q], RF_SE),
             ref_get(REF, c, key));
        same("df", row_num(csv, group, "svyquantile", qs[q], RF_DF),
             ref_get(REF, c, "df"));
    }
    same("wmean", row_num(csv, group, "svymean", "mean", RF_ESTIMATE),
         ref_get(REF, c, "wmean"));
    same("wmean_se", row_num(csv, group, "svymean", "mean", RF_SE),
         ref_get(REF, c, "wmean_se"));
    same("wsd", row_num(csv, group, "svyvar", "sd", RF_ESTIMATE),
         ref_get(REF, c, "wsd"));
}

/* Every published domain against R. */
static void test_matches_r(void **state)
{
    struct env *e = *state;
    const char *kon[] = {"", "Man", "Kvinna", "Annat"};
    size_t compared = 0, withheld = 0;
    for (int year = 2017; year <= 2020; year++)
        for (int k = 0; k <= 3; k++) {
            char c[32], group[96];
            if (k == 0) {
                snprintf(c, sizeof c, "e_%d", year);
                snprintf(group, sizeof group, "wave %d", year);
            } else {
                snprintf(c, sizeof c, "e_%d_kon%d", year, k);
                snprintf(group, sizeof group, "wave %d, KON: %s", year, kon[k]);
            }
            if (!ref_has(REF, c, "n_valid")) {
                /* no respondent of the group that year: the row says it is empty */
                struct results_row r;
                assert_true(find_row(e->csv, group, "describe", "n_valid", &r));
                assert_non_null(strstr(r.f[RF_NOTE], "empty"));
                continue;
            }
            struct results_row r;
            assert_true(find_row(e->csv, group, "svymean", "mean", &r));
            if (!strlen(r.f[RF_ESTIMATE])) { /* withheld: every number of the group */
                assert_non_null(strstr(r.f[RF_NOTE], "suppressed"));
                assert_true(isnan(row_num(e->csv, group, "svyquantile", "median", RF_LOW)));
                assert_true(isnan(row_num(e->csv, group, "describe", "n_missing", RF_ESTIMATE)));
                withheld++;
                continue;
            }
            compare_domain(e->csv, c, group);
            compared++;
        }
    /* four waves overall, most wave × sex groups; the three "Annat" of 2017 and the
     * group hidden with them are withheld */
    assert_true(compared >= 10);
    assert_int_equal(withheld, 2);
}

static void test_report(void **state)
{
    struct env *e = *state;
    assert_non_null(strstr(e->md, "Descriptives"));
    assert_non_null(strstr(e->md, "Weighted median"));
    assert_non_null(strstr(e->md, "too few answers"));
    assert_non_null(strstr(e->md, "empty (no respondents)"));
    assert_non_null(strstr(e->md, "svyquantile"));
    assert_non_null(strstr(e->md_sv, "Beskrivande mått"));
    assert_non_null(strstr(e->md_sv, "Vägd median"));
    assert_non_null(strstr(e->md_sv, "för få svar"));
}

/* `trygg run --as-of DATE` (the decision date): only the waves fielded by then (no
 * fieldwork_end in this codebook: 31 December of the wave's year), the same numbers for
 * them as the full run (each wave its own strata), the waves left out named; before
 * every wave, nothing described and the report says why.  run.json names the outcome
 * in the report language. */
static void as_of(const struct env *e, const char *date, const char *lang, char **csv,
                  char **md, char **json)
{
    char *spec = put_file_in(e->dir, "desc.ini", SPEC);
    char *out = path_in_dir(e->dir, "out_asof");
    struct run_result r;
    int rc = run_trygg(&r, e->db, "run", spec, "--out", out, "--lang", lang, "--no-charts",
                       "--as-of", date, NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/desc/results.csv", out);
    *csv = slurp(p.buf, NULL);
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/desc/report.md", out);
    *md = slurp(p.buf, NULL);
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/desc/run.json", out);
    *json = xstrdup(p.buf);
    strbuf_release(&p);
    free(spec);
    free(out);
}

static void test_as_of(void **state)
{
    struct env *e = *state;
    char *csv, *md, *json;
    as_of(e, "2018-12-31", "en", &csv, &md, &json);
    assert_null(strstr(csv, "wave 2019"));
    assert_null(strstr(csv, "wave 2020"));
    const char *kon[] = {"", "Man", "Kvinna", "Annat"};
    size_t compared = 0;
    for (int year = 2017; year <= 2018; year++)
        for (int k = 0; k <= 3; k++) {
            char c[32], group[96];
            snprintf(c, sizeof c, k ? "e_%d_kon%d" : "e_%d", year, k);
            if (k)
                snprintf(group, sizeof group, "wave %d, KON: %s", year, kon[k]);
            else
                snprintf(group, sizeof group, "wave %d", year);
            struct results_row r;
            if (!ref_has(REF, c, "n_valid") || !find_row(csv, group, "svymean", "mean", &r) ||
                !strlen(r.f[RF_ESTIMATE]))
                continue;
            compare_domain(csv, c, group);
            compared++;
        }
    assert_true(compared >= 4);
    assert_non_null(strstr(md, "As of 2018-12-31"));
    assert_non_null(strstr(md, "2019, 2020"));
    json_t *t = outcome_titles_load(json);
    const char *title = outcome_title(t, "q1", "Q1");
    assert_non_null(title);
    assert_string_equal(title, "Q1: How safe do you feel out late?");
    json_decref(t);
    free(csv);
    free(md);
    free(json);

    /* Swedish title */
    as_of(e, "2018-12-31", "sv", &csv, &md, &json);
    t = outcome_titles_load(json);
    assert_string_equal(outcome_title(t, "q1", "Q1"), "Q1: Hur trygg känner du dig ute sent?");
    json_decref(t);
    free(csv);
    free(md);
    free(json);

    /* before the first wave: no wave, not every wave */
    as_of(e, "2016-12-31", "en", &csv, &md, &json);
    assert_null(strstr(csv, "wave 20"));
    assert_non_null(strstr(md, "None of the waves had been fielded"));
    free(csv);
    free(md);
    free(json);
}

/* Spec errors: file:line, exit 1, nothing computed. */
static void test_refused(void **state)
{
    struct env *e = *state;
    const char *bad[] = {
        "[describe x]\nsurvey = evaltest\n",                          /* no variables */
        "[describe x]\nsurvey = evaltest\nvariables = NOPE\n",        /* unknown variable */
        "[describe x]\nsurvey = evaltest\nvariables = Q1\nmeasure = indicator\n",
        "[describe x]\nsurvey = evaltest\nvariables = Q1\nby = KON, KON\n",
        "[describe x]\nsurvey = evaltest\nvariables = Q1\nwaves = 1999\n",
        "[describe x]\nsurvey = evaltest\nvariables = Q1\nby = Q1\n", /* a question */
    };
    const char *want[] = {"needs 'variables'", "variable 'NOPE' is not", "measure = 'indicator'",
                          "given twice", "no wave '1999'", "not a background variable"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "[evaluation]\nid = bad\ntitle.en = x\nquestion.en = y\n\n%s", bad[i]);
        char *err = NULL;
        int rc = run_spec_in(e->db, e->dir, "bad.ini", sb.buf, "en", NULL, NULL, &err);
        assert_int_equal(rc, 1);
        if (!strstr(err, want[i]) || !strstr(err, "bad.ini:"))
            fail_msg("case %zu: stderr lacks '%s' at file:line:\n%s", i, want[i], err);
        free(err);
        strbuf_release(&sb);
    }
}

/* Number variables (codebook type = number, issue 13 item 13): hours with decimals and
 * times victimised, whose waves before 2019 have no valid answer at all. */
static void test_number_variables(void **state)
{
    struct env *e = *state;
    char *db = path_in_dir(e->dir, "numeric.db");
    struct run_result r;
    int rc = run_trygg(&r, db, "import", "survey", "tests/data/numeric/codebook.ini",
                       "tests/data/numeric/answers.csv", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    char *csv = NULL, *md = NULL, *err = NULL;
    rc = run_spec_in(db, e->dir, "num.ini",
                     "[evaluation]\nid = num\ntitle.en = Numbers\nquestion.en = How many?\n\n"
                     "[describe n]\nsurvey = numtest\nvariables = TIMMAR, GGR\nby = area\n",
                     "en", &csv, &md, &err);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    const char *areas[] = {"", "Mål A", "Mål B", "Jämför C"};
    const char *vars[] = {"TIMMAR", "GGR"};
    size_t compared = 0, no_valid = 0;
    for (size_t v = 0; v < 2; v++)
        for (int year = 2017; year <= 2020; year++)
            for (int a = 0; a <= 3; a++) {
                char c[48], group[96];
                if (a == 0) {
                    snprintf(c, sizeof c, "n_%s_%d", vars[v], year);
                    snprintf(group, sizeof group, "wave %d", year);
                } else {
                    snprintf(c, sizeof c, "n_%s_%d_a%d", vars[v], year, a);
                    snprintf(group, sizeof group, "wave %d, area: %s", year, areas[a]);
                }
                /* the rows of this variable only: results.csv rows of the other
                 * variable have the same groups */
                struct strbuf only = STRBUF_INIT;
                for (const char *p = csv; *p;) {
                    const char *nl = strchr(p, '\n');
                    size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
                    struct results_row row;
                    if (results_split(p, len, &row) >= RESULTS_FIELDS - 1 &&
                        !strcmp(row.f[RF_OUTCOME], vars[v]))
                        strbuf_add(&only, p, len);
                    p += len;
                }
                if (ref_get(REF, c, "n_valid") == 0) {
                    /* no valid answer: counted, and no estimate */
                    assert_true(row_num(only.buf, group, "describe", "n_missing", RF_ESTIMATE) ==
                                ref_get(REF, c, "n_missing"));
                    assert_true(isnan(row_num(only.buf, group, "svyquantile", "median",
                                              RF_ESTIMATE)));
                    assert_true(isnan(row_num(only.buf, group, "svymean", "mean", RF_ESTIMATE)));
                    no_valid++;
                } else {
                    compare_domain(only.buf, c, group);
                    compared++;
                }
                strbuf_release(&only);
            }
    assert_int_equal(compared, 24);
    assert_int_equal(no_valid, 8);
    assert_non_null(strstr(md, "no valid answers"));
    free(csv);
    free(md);
    free(err);
    free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_r),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_as_of),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_number_variables),
    };
    return cmocka_run_group_tests_name("describe", tests, setup, teardown);
}
