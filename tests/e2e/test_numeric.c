/*
 * End to end: number variables (codebook `type = number`: an age, hours, times
 * victimised).  The import keeps their decimals (a decimal comma in the data), takes a
 * missing code before the range check and refuses a value out of range or not a
 * number at file:line:column with the database unchanged; `trygg info` and `trygg
 * export --format csv|sav` carry them, and `trygg codebook from-sav` proposes
 * `type = number` for the exported file.  `trygg run` gives the weighted mean with its
 * linearised SE before and after, the difference and the difference-in-differences,
 * the difference per age band (the age grouped by the codebook's `bands`), the Welch
 * t-test and the trend over waves, all against R (tests/r/ref_numeric.R,
 * tests/r/values/numeric.csv); a question answered only after says the before group
 * is empty.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char REF[] = "tests/r/values/numeric.csv";
static const char CODEBOOK[] = "tests/data/numeric/codebook.ini";
static const char ANSWERS[] = "tests/data/numeric/answers.csv";
/* METHODS.md: closed-form estimates agree with R to 1e-6 relative. */
#define TOL 1e-6

static int setup(void **state)
{
    struct survey_run *e = calloc(1, sizeof(*e));
    static const char *const extra[] = {"--no-charts"};
    survey_run_setup(e, "numeric", CODEBOOK, ANSWERS, "tests/data/numeric/spec.ini", "numtest",
                     extra, 1);
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

static void test_weighted_means(void **state)
{
    struct survey_run *e = *state;
    check_row(e, "hours", "", "svymean", "before", "hours.before");
    check_row(e, "hours", "", "svymean", "after", "hours.after");
    struct results_row f;
    assert_true(results_find(e->csv, "hours", "", "svymean", "before", &f));
    assert_close(results_num(&f, RF_N), ref_get(REF, "hours.before", "n"), 0);
    assert_string_equal(f.f[RF_OUTCOME], "TIMMAR: mean");
    check_row(e, "hours", "", "svydiff", "difference", "hours.difference");
    check_row(e, "hours", "Jämför C", "svydiff", "difference", "hours.comparison_difference");
    check_row(e, "hours", "", "svydiff", "did", "hours.did");
    check_row(e, "victim", "", "svymean", "after", "victim.after");
}

static void test_welch(void **state)
{
    struct survey_run *e = *state;
    struct results_row f;
    assert_true(results_find(e->csv, "hours", "", "welch_t", "difference", &f));
    assert_close(results_num(&f, RF_ESTIMATE), ref_get(REF, "hours.welch", "estimate"), TOL);
    assert_close(results_num(&f, RF_LOW), ref_get(REF, "hours.welch", "conf_low"), TOL);
    assert_close(results_num(&f, RF_HIGH), ref_get(REF, "hours.welch", "conf_high"), TOL);
    assert_close(results_num(&f, RF_STAT), ref_get(REF, "hours.welch", "statistic"), TOL);
    assert_close(results_num(&f, RF_DF), ref_get(REF, "hours.welch", "df"), TOL);
    assert_close(results_num(&f, RF_P), ref_get(REF, "hours.welch", "p_value"), TOL);
}

/* The age is stored as a number and grouped by the codebook's bands. */
static void test_age_bands(void **state)
{
    struct survey_run *e = *state;
    static const char *const bands[] = {"16-29", "30-49", "50-64", "65-84"};
    for (size_t k = 0; k < 4; k++) {
        char group[64], ref_case[64];
        snprintf(group, sizeof(group), "ALDER: %s", bands[k]);
        snprintf(ref_case, sizeof(ref_case), "hours.band.%s", bands[k]);
        check_row(e, "hours", group, "svydiff", "difference", ref_case);
        struct results_row f;
        assert_true(results_find(e->csv, "hours", group, "svymean", "before", &f));
        assert_close(results_num(&f, RF_N), ref_get(REF, ref_case, "n_before"), 0);
    }
}

static void test_trend(void **state)
{
    struct survey_run *e = *state;
    char group[64], ref_case[64];
    for (int y = 2017; y <= 2020; y++) {
        snprintf(group, sizeof(group), "wave %d", y);
        snprintf(ref_case, sizeof(ref_case), "trend.wave.%d", y);
        check_row(e, "hours_trend", group, "svymean", "mean", ref_case);
        if (y > 2017) {
            snprintf(ref_case, sizeof(ref_case), "trend.vs_baseline.%d", y);
            check_row(e, "hours_trend", group, "svydiff", "vs_baseline", ref_case);
        }
    }
    /* svyby(~y, ~band) in 2020; 16-29 is withheld by the disclosure control */
    static const char *const bands[] = {"30-49", "50-64", "65-84"};
    for (size_t k = 0; k < 3; k++) {
        snprintf(group, sizeof(group), "wave 2020, ALDER: %s", bands[k]);
        snprintf(ref_case, sizeof(ref_case), "trend.band.2020.%s", bands[k]);
        check_row(e, "hours_trend", group, "svymean", "mean", ref_case);
    }
}

/* GGR is answered only after: the before group is empty, said in words. */
static void test_all_missing(void **state)
{
    struct survey_run *e = *state;
    struct results_row f;
    assert_true(results_find(e->csv, "victim", "", "svymean", "before", &f));
    assert_string_equal(f.f[RF_ESTIMATE], "");
    assert_close(results_num(&f, RF_N), ref_get(REF, "victim.before", "n"), 0);
    assert_non_null(strstr(f.f[RF_NOTE], "empty"));
    assert_true(results_find(e->csv, "victim", "", "welch_t", "difference", &f));
    assert_string_equal(f.f[RF_ESTIMATE], "");
    assert_non_null(strstr(f.f[RF_NOTE], "no answers"));
}

/* Decimals with a comma, the range limits, missing codes before the range; refusals
 * at file:line:column with the database unchanged. */
static void test_import(void **state)
{
    struct survey_run *e = *state;
    char *db = path_in_dir(e->dir, "import.db");
    char *good = put_file_in(e->dir, "good.csv",
                             "LOPNR;AR;OMRADE;ALDER;VIKT;STRATUM;TIMMAR;GGR\n"
                             "1;2021;1;16;1,5;11;2,5;0\n"     /* the lower limits */
                             "2;2021;1;84;1;11;40;50\n"       /* the upper limits */
                             "3;2021;1;98;1;10;0.125;98\n"    /* missing codes, a point */
                             "4;2021;2;Ej svar;1;20;;Minns ej\n" /* labels; empty = -9 */
                             "5;2021;2;30;1;20;-9;3\n");
    struct run_result r;
    assert_int_equal(run_trygg(&r, db, "import", "survey", CODEBOOK, good, NULL), 0);
    run_result_release(&r);
    /* export: the numbers as they were read, the missing codes as codes */
    assert_int_equal(run_trygg(&r, db, "export", "survey", "numtest", NULL), 0);
    assert_string_equal(r.out, "LOPNR,AR,OMRADE,VIKT,STRATUM,ALDER,TIMMAR,GGR\n"
                               "1,2021,Mål A,1.5,11,16,2.5,0\n"
                               "2,2021,Mål A,1,11,84,40,50\n"
                               "3,2021,Mål A,1,10,98,0.125,98\n"
                               "4,2021,Mål B,1,20,99,-9,98\n"
                               "5,2021,Mål B,1,20,30,-9,3\n");
    run_result_release(&r);
    /* info says what the variable is */
    assert_int_equal(run_trygg(&r, db, "info", "survey", "numtest", NULL), 0);
    assert_non_null(strstr(r.out, "number 16 to 84, whole numbers; bands 16-29, 30-49, 50-64, "
                                  "65-84; missing 98 Vet ej"));
    assert_non_null(strstr(r.out, "number 0 to 40; missing -9 Vet ej"));
    run_result_release(&r);

    char *before = db_dump(db);
    char *bad = put_file_in(e->dir, "bad.csv",
                            "LOPNR;AR;OMRADE;ALDER;VIKT;STRATUM;TIMMAR;GGR\n"
                            "11;2022;1;15;1;11;2,5;0\n"
                            "12;2022;1;85;1;11;40,01;1,5\n"
                            "13;2022;1;30;1;10;många;-1\n");
    assert_int_equal(run_trygg(&r, db, "import", "survey", CODEBOOK, bad, NULL), 1);
    struct strbuf want = STRBUF_INIT;
    strbuf_addf(&want, "%s:2:4: answer '15' for 'ALDER' is below its range (16 to 84; missing "
                       "98, 99)",
                bad);
    assert_non_null(strstr(r.err, want.buf));
    strbuf_reset(&want);
    strbuf_addf(&want, "%s:3:4: answer '85' for 'ALDER' is above its range", bad);
    assert_non_null(strstr(r.err, want.buf));
    strbuf_reset(&want);
    strbuf_addf(&want, "%s:3:7: answer '40,01' for 'TIMMAR' is above its range (0 to 40; "
                       "missing -9)",
                bad);
    assert_non_null(strstr(r.err, want.buf));
    strbuf_reset(&want);
    strbuf_addf(&want, "%s:3:8: answer '1,5' for 'GGR' has decimals, but the codebook says "
                       "decimals = no",
                bad);
    assert_non_null(strstr(r.err, want.buf));
    strbuf_reset(&want);
    strbuf_addf(&want, "%s:4:7: answer 'många' for 'TIMMAR' is not a number", bad);
    assert_non_null(strstr(r.err, want.buf));
    strbuf_reset(&want);
    strbuf_addf(&want, "%s:4:8: answer '-1' for 'GGR' is below its range", bad);
    assert_non_null(strstr(r.err, want.buf));
    strbuf_release(&want);
    run_result_release(&r);
    char *after = db_dump(db);
    assert_dump_equal(before, after, "a refused import");
    free(before);
    free(after);
    free(bad);
    free(good);
    free(db);
}

/* The whole survey out as SPSS and in again gives the same numbers; the codebook
 * drafted from the SPSS file proposes type = number for the ages and hours. */
static void test_sav_round_trip(void **state)
{
    struct survey_run *e = *state;
    char *sav = path_in_dir(e->dir, "numtest.sav");
    struct run_result r;
    assert_int_equal(run_trygg(&r, e->db, "export", "survey", "numtest", "--format", "sav",
                               "--output", sav, NULL),
                     0);
    run_result_release(&r);
    char *db2 = path_in_dir(e->dir, "again.db");
    assert_int_equal(run_trygg(&r, db2, "import", "survey", CODEBOOK, sav, NULL), 0);
    run_result_release(&r);
    struct run_result a, b;
    assert_int_equal(run_trygg(&a, e->db, "export", "survey", "numtest", NULL), 0);
    assert_int_equal(run_trygg(&b, db2, "export", "survey", "numtest", NULL), 0);
    assert_string_equal(a.out, b.out);
    assert_non_null(strstr(a.out, ",9.21,")); /* 9,21 in the data */
    run_result_release(&a);
    run_result_release(&b);

    assert_int_equal(run_trygg(&r, NULL, "codebook", "from-sav", sav, NULL), 0);
    const char *age = strstr(r.out, "[background ALDER]");
    assert_non_null(age);
    assert_non_null(strstr(age, "type = number"));
    assert_non_null(strstr(age, "min = 16 "));
    assert_non_null(strstr(age, "max = 84 "));
    assert_non_null(strstr(age, "decimals = no"));
    assert_non_null(strstr(age, "missing.98 = Vet ej"));
    const char *hours = strstr(r.out, "[question TIMMAR]");
    assert_non_null(hours);
    assert_non_null(strstr(hours, "type = number"));
    const char *next = strstr(hours + 1, "\n[");
    const char *dec = strstr(hours, "decimals = no");
    assert_true(!dec || (next && dec > next)); /* the hours have decimals */
    /* the draft loads and reads the file */
    char *cb = put_file_in(e->dir, "draft.ini", r.out);
    run_result_release(&r);
    char *db3 = path_in_dir(e->dir, "draft.db");
    int rc = run_trygg(&r, db3, "import", "survey", cb, sav, NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    free(db3);
    free(cb);
    free(db2);
    free(sav);
}

/* A number question has no indicator; a number background variable groups only by its
 * bands: refused at the spec's file:line. */
static void test_spec_refusals(void **state)
{
    struct survey_run *e = *state;
    char *err = NULL;
    int rc = run_spec_in(e->db, e->dir, "bad_measure.ini",
                         "[evaluation]\nid = bad1\ntitle.en = x\nquestion.en = q?\nstart = 2019-01-01\n"
                         "[survey h]\nsurvey = numtest\nquestion = TIMMAR\nmeasure = indicator\n"
                         "before = 2017..2018\nafter = 2019..2020\n",
                         "en", NULL, NULL, &err);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "bad_measure.ini:6: [h]: 'TIMMAR' is a number variable (type = "
                                "number): its measure is the mean; remove 'measure = "
                                "indicator'"));
    free(err);
    char *dir = path_in_dir(e->dir, "nobands");
    char *cbtext = slurp(CODEBOOK, NULL);
    char *cut = strstr(cbtext, "bands = 16-29");
    assert_non_null(cut);
    memcpy(cut, ";", 1); /* comment the bands out */
    char *cb = put_file_in(e->dir, "nobands.ini", cbtext);
    char *db = path_in_dir(e->dir, "nobands.db");
    struct run_result r;
    assert_int_equal(run_trygg(&r, db, "import", "survey", cb, ANSWERS, NULL), 0);
    run_result_release(&r);
    rc = run_spec_in(db, e->dir, "bad_group.ini",
                     "[evaluation]\nid = bad2\ntitle.en = x\nquestion.en = q?\nstart = 2019-01-01\n"
                     "[survey h]\nsurvey = numtest\nquestion = TIMMAR\nsubgroups = ALDER\n"
                     "before = 2017..2018\nafter = 2019..2020\n",
                     "en", NULL, NULL, &err);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "bad_group.ini:9: 'ALDER' is a number variable without bands"));
    free(err);
    rc = run_spec_in(e->db, e->dir, "bad_band.ini",
                     "[evaluation]\nid = bad3\ntitle.en = x\nquestion.en = q?\n"
                     "start = 2019-01-01\n[compare c]\nsurvey = numtest\nquestion = TIMMAR\n"
                     "wave = 2020\nby = ALDER\ngroups = 16-29, 65-85\n",
                     "en", NULL, NULL, &err);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "bad_band.ini:11: groups: '65-85' is not one of the bands of "
                                "'ALDER'"));
    free(err);
    free(db);
    free(cb);
    free(cbtext);
    free(dir);
}

/* One valid answer after (its SE is 0, as R's) and Welch refused in words; the numbers
 * at the range limits, with a decimal point and comma, missing codes by number and
 * label; --min-cell 1 so that nothing is withheld. */
static void test_one_answer(void **state)
{
    struct survey_run *e = *state;
    char *db = path_in_dir(e->dir, "small.db");
    struct run_result r;
    assert_int_equal(run_trygg(&r, db, "import", "survey", CODEBOOK,
                               "tests/data/numeric/small_2021.csv",
                               "tests/data/numeric/small_2022.csv", NULL),
                     0);
    run_result_release(&r);
    char *spec = put_file_in(e->dir, "small.ini",
                             "[evaluation]\nid = small\ntitle.en = x\nquestion.en = q?\n"
                             "start = 2022-01-01\n[survey h]\nsurvey = numtest\n"
                             "question = TIMMAR\nbefore = 2021\nafter = 2022\n");
    char *out = path_in_dir(e->dir, "small_out");
    assert_int_equal(run_trygg(&r, db, "run", spec, "--out", out, "--lang", "en", "-q",
                               "--no-charts", "--min-cell", "1", NULL),
                     0);
    run_result_release(&r);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/small/results.csv", out);
    struct survey_run small = *e;
    small.csv = slurp(sb.buf, NULL);
    assert_non_null(small.csv);
    check_row(&small, "h", "", "svymean", "before", "small.2021");
    check_row(&small, "h", "", "svymean", "after", "small.2022");
    check_row(&small, "h", "", "svydiff", "difference", "small.difference");
    struct results_row f;
    assert_true(results_find(small.csv, "h", "", "svymean", "after", &f));
    assert_close(results_num(&f, RF_N), ref_get(REF, "small.2022", "n"), 0);
    assert_true(results_find(small.csv, "h", "", "welch_t", "difference", &f));
    assert_string_equal(f.f[RF_ESTIMATE], "");
    assert_non_null(strstr(f.f[RF_NOTE], "only one answer"));
    free(small.csv);
    strbuf_release(&sb);
    free(out);
    free(spec);
    free(db);
}

/* [compare] within a wave: the hours of the age bands against each other (every band,
 * 2020) and two bands named in `groups` (2019..2020 pooled), as svycontrast on svyby
 * and Welch's t-test. */
static void test_compare_bands(void **state)
{
    struct survey_run *outer = *state;
    char *out = path_in_dir(outer->dir, "compare_out");
    struct run_result r;
    int rc = run_trygg(&r, outer->db, "run", "tests/data/numeric/compare.ini", "--out", out,
                       "--lang", "en", "-q", "--no-charts", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/numcompare/results.csv", out);
    struct survey_run cmp = *outer;
    cmp.csv = slurp(sb.buf, NULL);
    assert_non_null(cmp.csv);
    strbuf_release(&sb);
    free(out);
    struct survey_run *e = &cmp;
    static const char *const bands[] = {"16-29", "30-49", "50-64", "65-84"};
    char group[96], ref_case[96];
    for (size_t a = 0; a < 4; a++)
        for (size_t b = a + 1; b < 4; b++) {
            snprintf(group, sizeof(group), "ALDER: %s vs %s", bands[a], bands[b]);
            snprintf(ref_case, sizeof(ref_case), "cmp1.%s_%s", bands[a], bands[b]);
            check_row(e, "bands_2020", group, "svydiff", "group_difference", ref_case);
            struct results_row f;
            assert_true(
                results_find(e->csv, "bands_2020", group, "welch_t", "group_difference", &f));
            strcat(ref_case, ".welch");
            assert_close(results_num(&f, RF_ESTIMATE), ref_get(REF, ref_case, "estimate"), TOL);
            assert_close(results_num(&f, RF_STAT), ref_get(REF, ref_case, "statistic"), TOL);
            assert_close(results_num(&f, RF_DF), ref_get(REF, ref_case, "df"), TOL);
            assert_close(results_num(&f, RF_P), ref_get(REF, ref_case, "p_value"), TOL);
        }
    check_row(e, "young_old", "ALDER: 16-29 vs 65-84", "svydiff", "group_difference",
              "cmp2.16-29_65-84");
    struct results_row f;
    assert_true(results_find(e->csv, "young_old", "ALDER: 16-29 vs 65-84", "welch_t",
                         "group_difference", &f));
    assert_close(results_num(&f, RF_STAT), ref_get(REF, "cmp2.16-29_65-84.welch", "statistic"),
                 TOL);
    assert_close(results_num(&f, RF_P), ref_get(REF, "cmp2.16-29_65-84.welch", "p_value"), TOL);
    free(cmp.csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weighted_means), cmocka_unit_test(test_welch),
        cmocka_unit_test(test_age_bands),      cmocka_unit_test(test_trend),
        cmocka_unit_test(test_all_missing),    cmocka_unit_test(test_import),
        cmocka_unit_test(test_sav_round_trip), cmocka_unit_test(test_spec_refusals),
        cmocka_unit_test(test_one_answer),     cmocka_unit_test(test_compare_bands),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
