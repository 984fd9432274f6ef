/*
 * End to end: the finite population correction of `trygg run` (codebook [population]
 * sections; R: svydesign(fpc = ~N)), on the survey of tests/data/eval_survey with the
 * populations of tests/data/eval_fpc/population.ini, against R
 * (tests/r/ref_eval_fpc.R, tests/r/values/eval_fpc.csv): the shares before and after,
 * the difference and the difference-in-differences, the design-based trend of [trend]
 * (svyglm_trend: its variance had no fpc until the crosscheck found it), with the
 * codebook's weights and
 * with no weight column (weights N_h/n_h, as svydesign derives them).  Also the
 * refusals: a stratum without a size (at import), a size below the sample (at the run,
 * naming the codebook line).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char REF[] = "tests/r/values/eval_fpc.csv";
#define TOL 1e-6

/* The eval_survey codebook with `from` replaced by `to` and `extra` appended, written
 * to dir/name; returns the path (free it). */
static char *codebook_variant(const char *dir, const char *name, const char *from,
                              const char *to, const char *extra)
{
    char *text = slurp("tests/data/eval_survey/codebook.ini", NULL);
    assert_non_null(text);
    struct strbuf sb = STRBUF_INIT;
    const char *at = from ? strstr(text, from) : NULL;
    if (from)
        assert_non_null(at);
    if (at) {
        strbuf_add(&sb, text, (size_t)(at - text));
        strbuf_addstr(&sb, to);
        strbuf_addstr(&sb, at + strlen(from));
    } else {
        strbuf_addstr(&sb, text);
    }
    strbuf_addstr(&sb, "\n");
    strbuf_addstr(&sb, extra);
    free(text);
    struct strbuf path = STRBUF_INIT;
    strbuf_addf(&path, "%s/%s", dir, name);
    FILE *f = fopen(path.buf, "wb");
    assert_non_null(f);
    fwrite(sb.buf, 1, sb.len, f);
    fclose(f);
    strbuf_release(&sb);
    return strbuf_detach(&path);
}

/* Imports the codebook with the eval_survey answers and runs its spec; returns
 * results.csv (free it), or NULL with *err set (free it) when the run is refused. */
static char *run_variant(const char *dir, const char *tag, const char *codebook, char **err)
{
    return survey_import_run(dir, tag, codebook, "tests/data/eval_survey/answers.csv",
                             "tests/data/eval_survey/spec.ini", "evaltest", NULL, 0, err);
}

/* Every reference case of this file has an SE and an interval: require them. */
static void check(const char *csv, const char *method, const char *term, const char *ref_case)
{
    assert_true(ref_has(REF, ref_case, "std_error") && ref_has(REF, ref_case, "conf_low"));
    results_check_ref(csv, "s1", "", method, term, REF, ref_case, TOL);
}

static void fpc_matches_r(void **state)
{
    (void)state;
    char *dir = make_temp_dir("evalfpc");
    char *pop = slurp("tests/data/eval_fpc/population.ini", NULL);
    assert_non_null(pop);
    const struct {
        const char *tag, *from, *to;
    } variants[] = {{"w", NULL, NULL}, {"now", "weight = VIKT\n", ""}};
    for (size_t v = 0; v < 2; v++) {
        char name[32];
        snprintf(name, sizeof(name), "cb-%s.ini", variants[v].tag);
        char *cb = codebook_variant(dir, name, variants[v].from, variants[v].to, pop);
        char *err;
        char *csv = run_variant(dir, variants[v].tag, cb, &err);
        if (!csv)
            fail_msg("run refused: %s", err);
        char rc[32];
        const char *terms[][3] = {{"svyciprop", "before", "before"},
                                  {"svyciprop", "after", "after"},
                                  {"svydiff", "difference", "difference"},
                                  {"svydiff", "did", "did"}};
        for (size_t k = 0; k < 4; k++) {
            snprintf(rc, sizeof(rc), "%s.%s", variants[v].tag, terms[k][2]);
            check(csv, terms[k][0], terms[k][1], rc);
        }
        /* the design-based trend of [trend t1] (svyglm, quasibinomial) with the fpc in
         * its variance, overall and in one area: an iterative fit, so METHODS.md's GLM
         * tolerance; the residual df exactly */
        const char *tgroups[][2] = {{"", "trend"}, {"area: Mål A", "trend_area1"}};
        for (size_t k = 0; k < 2; k++) {
            snprintf(rc, sizeof(rc), "%s.%s", variants[v].tag, tgroups[k][1]);
            results_check_ref(csv, "t1", tgroups[k][0], "svyglm_trend", "odds_ratio", REF, rc,
                              1e-4);
            struct results_row f;
            assert_true(results_find(csv, "t1", tgroups[k][0], "svyglm_trend", "odds_ratio", &f));
            assert_close(results_num(&f, RF_DF), ref_get(REF, rc, "df"), 0);
        }
        free(csv);
        free(cb);
    }
    free(pop);
    rm_rf(dir);
    free(dir);
}

/* The waves after the start sampled completely in the target's strata: no sampling
 * error after (deff 0, an infinite effective size), so what the survey could detect
 * rests on the before period alone, as R's n/deff gives it (the crosscheck's seed 20:
 * a deff of 0 was taken as 1). */
static void fpc_census_power(void **state)
{
    (void)state;
    char *dir = make_temp_dir("evalfpc");
    char *pop = slurp("tests/data/eval_fpc/population_census.ini", NULL);
    assert_non_null(pop);
    char *cb = codebook_variant(dir, "census.ini", NULL, NULL, pop);
    char *err;
    char *csv = run_variant(dir, "census", cb, &err);
    if (!csv)
        fail_msg("run refused: %s", err);
    struct results_row f;
    assert_true(results_find(csv, "s1", "", "svyciprop", "after", &f));
    assert_close(results_num(&f, RF_SE), 0, 0);
    assert_true(results_find(csv, "s1", "", "power_prop", "detectable_p2", &f));
    assert_close(results_num(&f, RF_N), ref_get(REF, "census.power", "n"), 1e-9);
    assert_close(results_num(&f, RF_ESTIMATE), ref_get(REF, "census.power", "estimate"), TOL);
    free(csv);
    free(cb);
    free(pop);
    rm_rf(dir);
    free(dir);
}

static void fpc_refusals(void **state)
{
    (void)state;
    char *dir = make_temp_dir("evalfpc");
    /* a stratum with respondents but no population size */
    char *cb = codebook_variant(dir, "missing.ini", NULL, NULL,
                                "[population]\nstratum.10 = 160\nstratum.11 = 95\n");
    struct strbuf db = STRBUF_INIT;
    strbuf_addf(&db, "%s/missing.db", dir);
    struct run_result r;
    /* refused at import, at the data cell, with nothing imported */
    assert_int_equal(run_trygg(&r, db.buf, "import", "survey", cb,
                               "tests/data/eval_survey/answers.csv", NULL),
                     1);
    assert_non_null(strstr(r.err, "answers.csv:78:6: the codebook's [population] gives no size "
                                  "for stratum '21' (wave '2017')"));
    assert_non_null(strstr(r.err, "nothing imported"));
    run_result_release(&r);
    strbuf_release(&db);
    free(cb);
    char *err = NULL, *csv;
    /* a population smaller than the sample, at the codebook's line */
    cb = codebook_variant(dir, "small.ini", NULL, NULL,
                          "[population]\nstratum.10 = 160\nstratum.11 = 95\nstratum.20 = 300\n"
                          "stratum.21 = 64\nstratum.30 = 470\nstratum.31 = 120\nstratum.40 = 44\n"
                          "stratum.41 = 230\n[population 2019]\nstratum.30 = 40\n");
    csv = run_variant(dir, "small", cb, &err);
    assert_null(csv);
    assert_non_null(strstr(err, "small.ini:54: stratum.30 = 40 is smaller than the 49 respondents "
                                "sampled there"));
    free(err);
    free(cb);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fpc_matches_r),
        cmocka_unit_test(fpc_census_power),
        cmocka_unit_test(fpc_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
