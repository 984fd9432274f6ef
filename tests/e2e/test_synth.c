/*
 * End-to-end tests of the synthetic comparison area (`comparison = synthetic` in an
 * [incidents] section, src/lib/eval/analyze_synth.c; the statistics are checked
 * against R's quadprog in tests/unit/test_stats_synth.c).
 *
 * The data are built so the answer is known: the target is, before the start, exactly
 * 0.6 x donor B + 0.4 x donor D on the rate scale (per 1,000 residents, with
 * populations of different sizes), and 30 % lower than that after it; six donors in
 * all, one excluded, one with a month missing (left out), one with a measure of its
 * own (named in a warning).  The run must find the weights, the post-period ratio
 * 0.7, the prevented cases, an exact pre-period fit whose placebo rank is 1, and the
 * contradictions of the spec must be refused at file:line.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define N_MONTHS 48 /* 2016-01 .. 2019-12 */
#define T0 25       /* 2018-01: the first month with the measure */

static char *g_dir, *g_db;

static char *put_file(const char *name, const char *text)
{
    return put_file_in(g_dir, name, text);
}

static const char *const DONOR[] = {"A", "B", "C", "D", "E", "F"};
static const double POP[] = {2000, 5000, 8000, 4000, 6000, 3000}; /* residents */
#define TARGET_POP 10000.0

/* A donor's rate per 1,000 residents in month t (no measure). */
static double donor_rate(int k, int t)
{
    return 2.0 + 0.5 * k + 0.6 * sin(2 * M_PI * (t - 1) / 12.0 + 0.7 * k) + 0.01 * k * t;
}

static double target_rate(int t)
{
    double r = 0.6 * donor_rate(1, t) + 0.4 * donor_rate(3, t);
    return t >= T0 ? 0.7 * r : r;
}

static char *monthly_csv(void)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "period,area,category,count,exposure\n");
    for (int t = 1; t <= N_MONTHS; t++) {
        int y = 2016 + (t - 1) / 12, m = (t - 1) % 12 + 1;
        /* counts as the exact rate x population (counts are whole numbers in real
         * data; here they carry decimals in the rate, so use a population making
         * whole counts: the rates are recovered exactly from count / population) */
        for (int k = 0; k < 6; k++) {
            if (k == 4 && t == 30)
                continue; /* E lacks a month */
            double count = donor_rate(k, t) * POP[k]; /* per 1,000 x 1,000 residents */
            strbuf_addf(&sb, "%d-%02d,%s,disorder,%.0f,%.17g\n", y, m, DONOR[k], count,
                        POP[k] * 1000.0 * round(count) / count);
        }
        double tc = target_rate(t) * TARGET_POP;
        strbuf_addf(&sb, "%d-%02d,Target,disorder,%.0f,%.17g\n", y, m, tc,
                    TARGET_POP * 1000.0 * round(tc) / tc);
    }
    char *p = put_file("monthly.csv", sb.buf);
    strbuf_release(&sb);
    return p;
}

static const char INTERVENTIONS[] = "name,area,start,end,yearly_cost\n"
                                    "own_measure,C,2018-03-01,,100000\n";

static int run_spec(const char *name, const char *text, char **csv, char **md, char **err)
{
    return run_spec_in(g_db, g_dir, name, text, "en", csv, md, err);
}

static int group_setup(void **state)
{
    (void)state;
    g_dir = make_temp_dir("synth");
    g_db = path_in_dir(g_dir, "trygg.db");
    char *m = monthly_csv(), *v = put_file("interventions.csv", INTERVENTIONS);
    struct run_result res;
    int st = run_trygg(&res, g_db, "import", "incidents", m, NULL);
    if (st != 0)
        fprintf(stderr, "import: %s\n", res.err);
    run_result_release(&res);
    st |= run_trygg(&res, g_db, "import", "interventions", v, NULL);
    if (st != 0)
        fprintf(stderr, "import: %s\n", res.err);
    run_result_release(&res);
    free(m);
    free(v);
    return st;
}

static int group_teardown(void **state)
{
    (void)state;
    if (!getenv("KEEP_TMP"))
        rm_rf(g_dir);
    free(g_dir);
    free(g_db);
    return 0;
}

/* The estimate of the results.csv row of the outcome with this group and term. */
static double value_of(const char *csv, const char *group, const char *term, int field)
{
    struct strbuf want = STRBUF_INIT;
    strbuf_addf(&want, ",%s,synth,%s,", group, term);
    const char *p = strstr(csv, want.buf);
    strbuf_release(&want);
    if (!p)
        fail_msg("no synth row %s/%s", group, term);
    p = strchr(p + 1, ',');        /* after group */
    p = strchr(p + 1, ',');        /* after method */
    p = strchr(p + 1, ',') + 1;    /* after term: estimate */
    /* 0 estimate, 1 se, 2 low, 3 high, 4 stat, 5 df, 6 p; conf_level sits between high
     * and stat */
    for (int f = 0; f < (field >= 4 ? field + 1 : field); f++)
        p = strchr(p, ',') + 1;
    return *p == ',' ? NAN : strtod(p, NULL);
}

static const char SPEC[] = "[evaluation]\n"
                           "id = syn\n"
                           "title.en = Synthetic\n"
                           "question.en = Did disorder fall?\n"
                           "start = 2018-01-01\n"
                           "\n"
                           "[incidents disorder]\n"
                           "category = disorder\n"
                           "area = Target\n"
                           "comparison = synthetic\n"
                           "donors.exclude = F\n"
                           "placebo.max_pre_ratio = 0\n"
                           "\n"
                           "[criterion c]\n"
                           "outcome = disorder\n"
                           "term = synthetic\n"
                           "rule = estimate < 0.8\n";

static void recovers_weights_and_effect(void **state)
{
    (void)state;
    char *csv, *md;
    assert_int_equal(run_spec("syn.ini", SPEC, &csv, &md, NULL), 0);
    /* E lacks a month and F is excluded: donors A, B, C, D */
    assert_close(value_of(csv, "B", "weight", 0), 0.6, 1e-6);
    assert_close(value_of(csv, "D", "weight", 0), 0.4, 1e-6);
    assert_true(value_of(csv, "A", "weight", 0) < 1e-6);
    assert_true(value_of(csv, "C", "weight", 0) < 1e-6);
    assert_null(strstr(csv, ",E,synth,weight"));
    assert_null(strstr(csv, ",F,synth,weight"));
    assert_close(value_of(csv, "", "post_ratio", 0), 0.7, 1e-6);
    assert_true(value_of(csv, "", "rmspe_pre", 0) < 1e-6);
    /* the gap month by month (group = the month): 0 before the start (an exact fit),
     * -0.3 x the synthetic rate after it; every month of the target has its row */
    for (int t = 1; t <= N_MONTHS; t++) {
        char month[16];
        snprintf(month, sizeof(month), "%d-%02d", 2016 + (t - 1) / 12, (t - 1) % 12 + 1);
        double syn = 0.6 * donor_rate(1, t) + 0.4 * donor_rate(3, t);
        assert_close_abs(value_of(csv, month, "gap", 0), t >= T0 ? -0.3 * syn : 0, 1e-6, syn);
    }
    assert_null(strstr(csv, ",2015-12,synth,gap,"));
    assert_null(strstr(csv, ",2020-01,synth,gap,"));
    /* prevented: 0.3 / 0.7 of the observed cases after the start */
    double observed = 0;
    for (int t = T0; t <= N_MONTHS; t++)
        observed += round(target_rate(t) * TARGET_POP);
    assert_close(value_of(csv, "", "prevented_cases", 0), observed * 0.3 / 0.7, 1e-3);
    /* an exact fit before, a gap after: the largest ratio of 4 placebos + the target */
    assert_close(value_of(csv, "", "post_ratio", 6), 0.2, 1e-12);
    assert_non_null(strstr(md, "Synthetic comparison area"));
    assert_non_null(strstr(md, "1 donor areas lack months"));
    assert_non_null(strstr(md, "may not be untreated: C (own\\_measure)") ? md : strstr(md, "may not be untreated: C (own_measure)"));
    assert_non_null(strstr(md, "The target's change was the largest."));
    /* the criterion is judged on the synthetic contrast: design level 3; with 4 placebo
     * areas the smallest possible p is 0.2, so the check is not counted against it */
    assert_non_null(strstr(md, "against a synthetic comparison area made of other areas. Design "
                               "level 3, moderate certainty"));
    free(csv);
    free(md);
}

static void refused(const char *name, const char *text, const char *line, const char *words)
{
    char *err;
    assert_int_equal(run_spec(name, text, NULL, NULL, &err), 1);
    if (!strstr(err, line) || !strstr(err, words))
        fail_msg("expected '%s' and '%s' in: %s", line, words, err);
    free(err);
}

#define HEAD(id) "[evaluation]\nid = " id "\ntitle.en = t\nquestion.en = q\nstart = 2018-01-01\n" \
                 "[incidents x]\ncategory = disorder\narea = Target\n"

static void contradictions_are_refused(void **state)
{
    (void)state;
    refused("r1.ini", HEAD("r1") "comparison = synthetic\ndonors = A + Target\n", "r1.ini:10:",
            "is the target area");
    refused("r2.ini", HEAD("r2") "comparison = synthetic\ndonors = A + B\ndonors.exclude = B\n",
            "r2.ini:11:", "also listed in donors");
    refused("r3.ini", HEAD("r3") "comparison = synthetic\nscale = percent\n", "r3.ini:10:",
            "expected rate");
    refused("r4.ini", HEAD("r4") "comparison = synthetic\nmatch = covariates\n", "r4.ini:10:",
            "matching on covariates is not available");
    refused("r5.ini", HEAD("r5") "comparison = A\ndonors = B\n", "r5.ini:10:",
            "applies to a synthetic comparison area");
    refused("r6.ini", HEAD("r6") "comparison = synthetic\nplacebo.max_pre_ratio = -1\n",
            "r6.ini:10:", "expected a number >= 0");
    refused("r7.ini", HEAD("r7") "comparison = synthetic\ndonors = Nowhere\n", "r7.ini:10:",
            "donor area 'Nowhere' is not in the database");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recovers_weights_and_effect),
        cmocka_unit_test(contradictions_are_refused),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
