/*
 * End to end: the run's bootstrap is wired to --seed (issue 13, item 15).  `trygg run`
 * on the survey of tests/e2e/test_eval_survey.c: the interval of Cliff's delta in the
 * supporting tests is a BCa bootstrap interval that
 *   - agrees with R's boot (tests/r/ref_eval_bootstrap.R, R = 20000, BCa with jackknife
 *     influence values) within a few Monte-Carlo standard errors, and exactly in the
 *     estimate;
 *   - is the same to the byte for the same seed (results.csv, and report.md but for the
 *     time of the run), and differs for another seed;
 *   - is recorded: run.json's bootstrap {seed, replicates, resamplings} and the report's
 *     provenance.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "eval/resample.h"
#include "util/strbuf.h"

static const char REF[] = "tests/r/values/eval_bootstrap.csv";

struct out {
    char *csv, *md, *json_path;
};

static char *g_dir, *g_db;
static struct out g_a, g_b, g_c; /* seed 7, seed 7 again, seed 8 */

static char *slurp_out(const char *dir, const char *file)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/evaltest/%s", dir, file);
    char *text = slurp(sb.buf, NULL);
    strbuf_release(&sb);
    assert_non_null(text);
    return text;
}

static void run_seed(const char *name, const char *seed, struct out *o)
{
    struct strbuf dir = STRBUF_INIT;
    strbuf_addf(&dir, "%s/%s", g_dir, name);
    struct run_result r;
    int rc = run_trygg(&r, g_db, "run", "tests/data/eval_survey/spec.ini", "--out", dir.buf,
                       "--seed", seed, "--lang", "en", "--no-charts", "-q", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    o->csv = slurp_out(dir.buf, "results.csv");
    o->md = slurp_out(dir.buf, "report.md");
    strbuf_addstr(&dir, "/evaltest/run.json");
    o->json_path = strbuf_detach(&dir);
}

static int setup(void **state)
{
    (void)state;
    g_dir = make_temp_dir("evalboot");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/trygg.db", g_dir);
    g_db = strbuf_detach(&sb);
    struct run_result r;
    int rc = run_trygg(&r, g_db, "import", "survey", "tests/data/eval_survey/codebook.ini",
                       "tests/data/eval_survey/answers.csv", NULL);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    run_seed("a", "7", &g_a);
    run_seed("b", "7", &g_b);
    run_seed("c", "8", &g_c);
    return 0;
}

static void out_free(struct out *o)
{
    free(o->csv);
    free(o->md);
    free(o->json_path);
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(g_dir);
    free(g_dir);
    free(g_db);
    out_free(&g_a);
    out_free(&g_b);
    out_free(&g_c);
    return 0;
}

/* The fields of the cliff_delta row of [survey s1] (target area, no group). */
static void cliff_row(const char *csv, double *est, double *se, double *lo, double *hi,
                      char *note, size_t note_size)
{
    const char *p = strstr(csv, "evaltest,s1,Q1: Otrygg,,cliff_delta,delta,");
    assert_non_null(p);
    p += strlen("evaltest,s1,Q1: Otrygg,,cliff_delta,delta,");
    char *end;
    *est = strtod(p, &end);
    *se = strtod(end + 1, &end);
    *lo = strtod(end + 1, &end);
    *hi = strtod(end + 1, &end);
    /* statistic, df, p, holm, bh are empty; then n, then the note */
    const char *q = end;
    for (int commas = 0; *q && commas < 7; q++)
        commas += *q == ',';
    size_t len = strcspn(q, "\n");
    snprintf(note, note_size, "%.*s", (int)len, q);
}

/* report.md without the line that carries the time of the run */
static char *without_run_time(const char *md)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = md; *p;) {
        size_t len = strcspn(p, "\n");
        char *line = strndup(p, len);
        if (!strstr(line, "Run at"))
            strbuf_add(&sb, p, len);
        free(line);
        strbuf_addch(&sb, '\n');
        p += len + (p[len] == '\n');
    }
    return strbuf_detach(&sb);
}

static void cliff_interval_agrees_with_boot(void **state)
{
    (void)state;
    double est, se, lo, hi;
    char note[512];
    cliff_row(g_a.csv, &est, &se, &lo, &hi, note, sizeof(note));
    assert_close(est, ref_get(REF, "s1_cliff", "estimate"), TOL_CLOSED);
    /* Monte-Carlo error of an interval end with 10000 and 20000 replicates is about
     * 0.03 bootstrap SE; allow 0.15 SE */
    double r_se = ref_get(REF, "s1_cliff", "se");
    assert_true(fabs(se - r_se) < 0.05 * r_se);
    assert_true(fabs(lo - ref_get(REF, "s1_cliff", "bca_lo")) < 0.15 * r_se);
    assert_true(fabs(hi - ref_get(REF, "s1_cliff", "bca_hi")) < 0.15 * r_se);
    /* the two intervals are close here, so the note is what says it is BCa */
    if (!strstr(note, "BCa bootstrap interval, 10000 replicates"))
        fail_msg("note '%s' does not name the BCa bootstrap", note);
    assert_non_null(strstr(g_a.md, "BCa bootstrap"));
}

static void same_seed_same_bytes(void **state)
{
    (void)state;
    assert_string_equal(g_a.csv, g_b.csv);
    char *a = without_run_time(g_a.md), *b = without_run_time(g_b.md);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void other_seed_other_replicates(void **state)
{
    (void)state;
    double est_a, se_a, lo_a, hi_a, est_c, se_c, lo_c, hi_c;
    char note[512];
    cliff_row(g_a.csv, &est_a, &se_a, &lo_a, &hi_a, note, sizeof(note));
    cliff_row(g_c.csv, &est_c, &se_c, &lo_c, &hi_c, note, sizeof(note));
    assert_true(est_a == est_c);             /* the estimate does not depend on the seed */
    assert_true(lo_a != lo_c || hi_a != hi_c); /* the replicates do */
    assert_true(se_a != se_c);
    assert_string_not_equal(g_a.csv, g_c.csv);
    /* but both within Monte-Carlo error of each other */
    assert_true(fabs(lo_a - lo_c) < 0.2 * se_a);
}

static void seed_recorded(void **state)
{
    (void)state;
    json_error_t err;
    json_t *j = json_load_file(g_a.json_path, 0, &err);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "seed")), 7);
    json_t *boot = json_object_get(j, "bootstrap");
    assert_non_null(boot);
    assert_int_equal(json_integer_value(json_object_get(boot, "seed")), 7);
    assert_int_equal(json_integer_value(json_object_get(boot, "replicates")),
                     EVAL_BOOT_REPLICATES);
    assert_true(json_integer_value(json_object_get(boot, "resamplings")) >= 1);
    json_decref(j);
    j = json_load_file(g_c.json_path, 0, &err);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "bootstrap"), "seed")),
                     8);
    json_decref(j);
    assert_non_null(strstr(g_a.md, "bootstrap resamplings of 10000 replicates each"));
}

/* Each resampling of a run draws its own stream; seed 0 is a seed like any other. */
static void streams_differ(void **state)
{
    (void)state;
    assert_true(eval_boot_seed(7, 1) != eval_boot_seed(7, 2));
    assert_true(eval_boot_seed(7, 1) != eval_boot_seed(8, 1));
    assert_true(eval_boot_seed(7, 1) == eval_boot_seed(7, 1));
    for (uint64_t k = 1; k < 1000; k++) {
        assert_true(eval_boot_seed(0, k) != 0);
        assert_true(eval_boot_seed(k, 1) != 0);
    }
    assert_true(eval_boot_seed(0, 1) != eval_boot_seed(1, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cliff_interval_agrees_with_boot),
        cmocka_unit_test(same_seed_same_bytes),
        cmocka_unit_test(other_seed_other_replicates),
        cmocka_unit_test(seed_recorded),
        cmocka_unit_test(streams_differ),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
