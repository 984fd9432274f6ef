/*
 * End to end: `model = its_negbin` with a comparison area, on counts that vary less
 * than Poisson counts.  The negative binomial's theta diverges in both fits (R:
 * MASS::glm.nb stops at its iteration limit or on a NaN step, tests/r/ref_did_negbin.R),
 * and the model is then the Poisson model: the single-area time series is fitted and
 * reported as its_poisson, and the difference-in-differences likewise as did_poisson
 * (it used to stay did_negbin with an unbounded theta), each with the note, against
 * R's glm(family = poisson); the report says it for both.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

#define REF "tests/r/values/did_negbin.csv"
#define N_MONTHS 48
#define T0 25 /* 2018-01 */

static char *g_dir, *g_csv, *g_md, *g_md_sv;

/* The series of tests/r/ref_did_negbin.R: less variable than Poisson counts. */
static int target_count(int t)
{
    return 10 + (t * 7) % 5 - (t >= T0 ? 2 : 0);
}

static int control_count(int t)
{
    return 12 + (t * 3) % 4 + (t >= T0 ? 1 : 0);
}

static const char SPEC[] = "[evaluation]\n"
                           "id = didnb\n"
                           "title.en = Negative binomial without overdispersion\n"
                           "question.en = Does the comparison fall back to Poisson?\n"
                           "start = 2018-01-01\n"
                           "\n"
                           "[incidents vandalism]\n"
                           "category = skadegorelse\n"
                           "area = Mål\n"
                           "comparison = Jämför\n"
                           "model = its_negbin\n"
                           "placebo = no\n";

static char *run_lang(const char *db, const char *lang, char **md)
{
    char *csv = NULL;
    char *err = NULL;
    char name[32];
    snprintf(name, sizeof(name), "spec_%s.ini", lang); /* one directory: read before the next */
    int rc = run_spec_in(db, g_dir, name, SPEC, lang, &csv, md, &err);
    if (rc != 0)
        fprintf(stderr, "%s", err ? err : "");
    assert_int_equal(rc, 0);
    free(err);
    return csv;
}

static int setup(void **state)
{
    (void)state;
    g_dir = make_temp_dir("didnb");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "period,area,category,count\n");
    for (int t = 1; t <= N_MONTHS; t++) {
        int y = 2016 + (t - 1) / 12, m = (t - 1) % 12 + 1;
        strbuf_addf(&sb, "%d-%02d,Mål,skadegorelse,%d\n", y, m, target_count(t));
        strbuf_addf(&sb, "%d-%02d,Jämför,skadegorelse,%d\n", y, m, control_count(t));
    }
    char *csv_path = put_file_in(g_dir, "monthly.csv", sb.buf);
    strbuf_release(&sb);
    char *db = path_in_dir(g_dir, "trygg.db");
    const char *import[] = {"import", "incidents", csv_path};
    run_trygg_ok(db, import, 3);
    g_csv = run_lang(db, "en", &g_md);
    char *sv = run_lang(db, "sv", &g_md_sv);
    free(sv);
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
    free(g_md_sv);
    return 0;
}

static void text_has(const char *text, const char *what)
{
    if (!strstr(text, what))
        fail_msg("the report does not say '%s'", what);
}

static void did_is_poisson(void **state)
{
    (void)state;
    assert_true(ref_get(REF, "nb", "diverges") == 1); /* R: theta diverges */
    static const char *const terms[] = {"did", "rr_target", "rr_control"};
    struct results_row r;
    for (size_t k = 0; k < 3; k++) {
        results_check_ref(g_csv, "vandalism", "", "did_poisson", terms[k], REF, terms[k],
                          TOL_ITER);
        assert_true(results_find(g_csv, "vandalism", "", "did_poisson", terms[k], &r));
        if (!strstr(r.f[RF_NOTE], "theta diverges: the counts vary no more than a Poisson "
                                  "model allows"))
            fail_msg("%s: note '%s'", terms[k], r.f[RF_NOTE]);
        assert_string_equal(r.f[RF_REASON], "its_nb_poisson");
        assert_false(results_find(g_csv, "vandalism", "", "did_negbin", terms[k], &r));
    }
    text_has(g_md, "in the comparison with the comparison area (difference-in-differences) "
                   "the counts vary no more than a Poisson model allows");
    text_has(g_md_sv, "(did_poisson i resultatfilen)");
}

/* the single-area time series: the same rule, as before */
static void its_is_poisson(void **state)
{
    (void)state;
    assert_true(ref_get(REF, "its_nb", "diverges") == 1);
    results_check_ref(g_csv, "vandalism", "", "its_poisson", "level_change", REF, "its_level",
                      TOL_ITER);
    struct results_row r;
    assert_false(results_find(g_csv, "vandalism", "", "its_negbin", "level_change", &r));
    text_has(g_md, "(its_poisson in the results file)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(did_is_poisson),
        cmocka_unit_test(its_is_poisson),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
