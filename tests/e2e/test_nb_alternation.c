/*
 * End to end: `model = its_negbin` on a series whose negative binomial fit does not
 * settle (`make crosscheck` seed 17).  MASS::glm.nb warns "alternation limit reached":
 * theta stalls near 936 with an SE of ~25,000, below trygg's Poisson rule (1000 x the
 * mean fitted count), so the model is not refitted as Poisson and every term carries
 * `nb_not_converged` with the last iteration's numbers.  The Ljung-Box and acf rows are
 * computed from that same last iteration; they used to carry no reason, so a reader could
 * not tell that they were not a normal estimate.  Reference: tests/r/ref_nb_alternation.R
 * (glm.nb with its default control: the numbers of its last iteration, as trygg's).
 * The section asks for Newey-West standard errors (as seed 17 did): those apply to the
 * last iteration's numbers too (they used to stay model-based on such terms).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

#define REF "tests/r/values/nb_alternation.csv"
#define N_MONTHS 48

static char *g_dir, *g_csv, *g_md;

static const int Y[N_MONTHS] = {10, 8, 17, 12, 11, 7,  9, 6, 6, 3, 6,  10, 11, 15, 10, 9,
                                6,  10, 3, 7,  5,  14, 3, 5, 6, 5, 8,  2,  7,  6,  2,  6,
                                5,  9,  10, 5, 6,  3,  14, 11, 13, 1, 2, 3,  7,  6,  7,  8};

static const char SPEC[] = "[evaluation]\n"
                           "id = nbalt\n"
                           "title.en = Negative binomial that does not settle\n"
                           "question.en = Do its diagnostics say so?\n"
                           "start = 2015-01-01\n"
                           "\n"
                           "[incidents robbery]\n"
                           "category = ran\n"
                           "area = Norr\n"
                           "model = its_negbin\n"
                           "se = newey-west\n"
                           "se.lag = 2\n"
                           "placebo = no\n"
                           "\n"
                           "[incidents robbery_pl]\n"
                           "category = ran\n"
                           "area = Norr\n"
                           "model = its_negbin\n";

static int setup(void **state)
{
    (void)state;
    g_dir = make_temp_dir("nbalt");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "manad,omrade,kategori,antal,befolkning\n");
    for (int t = 1; t <= N_MONTHS; t++)
        strbuf_addf(&sb, "%d-%02d,Norr,ran,%d,%.0f\n", 2013 + (t - 1) / 12, (t - 1) % 12 + 1,
                    Y[t - 1], round(20000.0 * (1.0 + t / 600.0)));
    char *csv_path = put_file_in(g_dir, "monthly.csv", sb.buf);
    strbuf_release(&sb);
    char *db = path_in_dir(g_dir, "trygg.db");
    const char *import[] = {"import", "incidents", csv_path};
    run_trygg_ok(db, import, 3);
    char *err = NULL;
    int rc = run_spec_in(db, g_dir, "spec.ini", SPEC, "en", &g_csv, &g_md, &err);
    if (rc != 0)
        fprintf(stderr, "%s", err ? err : "");
    assert_int_equal(rc, 0);
    free(err);
    free(csv_path);
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
    return 0;
}

static void row(const char *method, const char *term, struct results_row *r)
{
    if (!results_find(g_csv, "robbery", "", method, term, r))
        fail_msg("no row %s / %s", method, term);
}

/* R: the alternation limit, theta below the Poisson rule; trygg keeps the negative
 * binomial's last iteration on every term, with the reason */
static void effects_not_converged(void **state)
{
    (void)state;
    assert_true(ref_get(REF, "nb", "alternation_limit") == 1);
    assert_true(ref_get(REF, "nb", "theta") < ref_get(REF, "nb", "poisson_rule"));
    static const char *const terms[] = {"level_change", "slope_change", "pre_trend"};
    struct results_row r;
    for (size_t k = 0; k < 3; k++) {
        row("its_negbin", terms[k], &r);
        assert_string_equal(r.f[RF_REASON], "nb_not_converged");
        results_check_ref(g_csv, "robbery", "", "its_negbin", terms[k], REF, terms[k], TOL_ITER);
        /* Newey-West, not the model's own SE (they differ by more than the tolerance) */
        assert_true(fabs(ref_get(REF, terms[k], "model_se") / results_num(&r, RF_SE) - 1) > 1e-3);
        if (!strstr(r.f[RF_NOTE], "Newey-West (HAC) standard error, lag 2"))
            fail_msg("%s: note '%s'", terms[k], r.f[RF_NOTE]);
    }
    assert_false(results_find(g_csv, "robbery", "", "its_poisson", "level_change", &r));
}

/* the residual diagnostics of that fit: R's numbers, and the fit's reason on each row */
static void diagnostics_carry_reason(void **state)
{
    (void)state;
    struct results_row r;
    row("ljung_box", "residuals", &r);
    assert_string_equal(r.f[RF_REASON], "nb_not_converged");
    assert_close(results_num(&r, RF_STAT), ref_get(REF, "ljung_box", "statistic"), TOL_ITER);
    assert_close(results_num(&r, RF_DF), ref_get(REF, "ljung_box", "df"), 0);
    assert_close(results_num(&r, RF_P), ref_get(REF, "ljung_box", "p_value"), TOL_ITER);
    for (int k = 1; k <= 12; k++) {
        char term[16];
        snprintf(term, sizeof(term), "lag%d", k);
        row("acf", term, &r);
        assert_string_equal(r.f[RF_REASON], "nb_not_converged");
        /* a correlation: compared on its own scale (crosscheck: 1e-4 absolute) */
        double d = fabs(results_num(&r, RF_ESTIMATE) - ref_get(REF, term, "estimate"));
        if (!(d <= 1e-4))
            fail_msg("acf %s: trygg %s, R %.10g", term, r.f[RF_ESTIMATE],
                     ref_get(REF, term, "estimate"));
    }
    /* the report does not read the diagnostic of an unsettled fit as a normal check */
    assert_null(strstr(g_md, "Residual check: no clear autocorrelation"));
}

/* no real estimate to rank: the placebo rows are there, say why, and have no number (they
 * used to be missing) */
static void placebo_rows_say_why(void **state)
{
    (void)state;
    struct results_row r;
    static const char *const terms[] = {"level_change", "slope_change"};
    for (size_t k = 0; k < 2; k++) {
        if (!results_find(g_csv, "robbery_pl", "", "placebo", terms[k], &r))
            fail_msg("no placebo row %s", terms[k]);
        assert_string_equal(r.f[RF_REASON], "nb_not_converged");
        assert_string_equal(r.f[RF_ESTIMATE], "");
        assert_string_equal(r.f[RF_P], "");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(effects_not_converged),
        cmocka_unit_test(diagnostics_carry_reason),
        cmocka_unit_test(placebo_rows_say_why),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
