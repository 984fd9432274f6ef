/*
 * End-to-end tests of a screening: one [incidents] section over many series with
 * `area = *` and/or `category = *` (src/lib/eval/analyze_screening.c).
 *
 * A screening reads the series in one scan and fits each on its own, so every row it
 * writes must be the row a single [incidents] section writes for the same series (the
 * single-series path is checked against R in test_eval_incidents.c): that is what
 * these tests pin, for plain series, series with a population, sums over an area set,
 * and the nasty cases (a month missing inside a series, a series of zeros, a series
 * with no months after the start).  The p-values of a screening are adjusted across
 * its series (Holm, BH), and the contradictions a screening cannot have are refused at
 * file:line before anything is computed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "e2eutil.h"
#include "stats/padjust.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define N_MONTHS 48 /* 2016-01 .. 2019-12 */
#define T0 25       /* 2018-01 */

static char *g_dir, *g_db;

static char *put_file(const char *name, const char *text)
{
    return put_file_in(g_dir, name, text);
}

/* A deterministic count with a season, a trend and, for some series, a step. */
static int count_of(int area, int cat, int t)
{
    int season = (int)(3 * sin(2 * M_PI * ((t - 1) % 12) / 12.0));
    int base = 8 + 3 * area + 5 * cat + (t * (7 + area)) % (4 + cat) + season;
    int step = (area + cat) % 3 == 0 && t >= T0 ? -(2 + area) : 0;
    return base + step > 0 ? base + step : 0;
}

static char *monthly_csv(void)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "period,area,category,count,exposure\n");
    for (int a = 1; a <= 5; a++)
        for (int c = 1; c <= 3; c++)
            for (int t = 1; t <= N_MONTHS; t++) {
                if (a == 5 && c == 2 && t == 20)
                    continue; /* a month missing inside the series */
                if (a == 3 && c == 3 && t >= 20)
                    continue; /* no months after the start */
                int y = a == 4 && c == 2 ? 0 : count_of(a, c, t);
                char pop[32] = "";
                if (c == 1) /* the area's population, carried by its first category */
                    snprintf(pop, sizeof(pop), "%d", 5000 * a + 13 * t);
                strbuf_addf(&sb, "%d-%02d,Område %d,kat%d,%d,%s\n", 2016 + (t - 1) / 12,
                            (t - 1) % 12 + 1, a, c, y, pop);
            }
    char *p = put_file("monthly.csv", sb.buf);
    strbuf_release(&sb);
    return p;
}

static int run_spec(const char *name, const char *text, const char *lang, char **csv, char **md,
                    char **err)
{
    return run_spec_in(g_db, g_dir, name, text, lang, csv, md, err);
}

static int group_setup(void **state)
{
    (void)state;
    g_dir = make_temp_dir("screening");
    g_db = path_in_dir(g_dir, "trygg.db");
    char *m = monthly_csv();
    struct run_result res;
    int st = run_trygg(&res, g_db, "import", "incidents", m, NULL);
    if (st != 0)
        fprintf(stderr, "import: %s\n", res.err);
    run_result_release(&res);
    free(m);
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

/* ------------------------------------------------------------ results.csv */

#define N_FIELDS RESULTS_FIELDS
enum { F_ANALYSIS = RF_ANALYSIS, F_OUTCOME = RF_OUTCOME, F_GROUP = RF_GROUP,
       F_METHOD = RF_METHOD, F_TERM = RF_TERM, F_ESTIMATE = RF_ESTIMATE, F_SE = RF_SE,
       F_LOW = RF_LOW, F_HIGH = RF_HIGH, F_STAT = RF_STAT, F_DF = RF_DF, F_P = RF_P,
       F_HOLM = RF_HOLM, F_BH = RF_BH, F_N = RF_N, F_NOTE = RF_NOTE };

/* Every row of an analysis with the given term, in file order; returns the count. */
static size_t rows_of(const char *csv, const char *analysis, const char *term, struct results_row *out,
                      size_t max)
{
    size_t n = 0;
    struct results_row r;
    for (const char *p = csv; *p;) {
        size_t len = strcspn(p, "\n");
        if (results_split(p, len, &r) == N_FIELDS && !strcmp(r.f[F_ANALYSIS], analysis) &&
            !strcmp(r.f[F_TERM], term) && n < max)
            out[n++] = r;
        p += len + (p[len] == '\n');
    }
    return n;
}

static bool find(const char *csv, const char *analysis, const char *outcome, const char *group,
                 const char *term, struct results_row *out)
{
    struct results_row r;
    for (const char *p = csv; *p;) {
        size_t len = strcspn(p, "\n");
        if (results_split(p, len, &r) == N_FIELDS && !strcmp(r.f[F_ANALYSIS], analysis) &&
            (!outcome || !strcmp(r.f[F_OUTCOME], outcome)) && !strcmp(r.f[F_GROUP], group) &&
            !strcmp(r.f[F_TERM], term)) {
            *out = r;
            return true;
        }
        p += len + (p[len] == '\n');
    }
    return false;
}

static void same_number(double a, double b, const char *what)
{
    if (isnan(a) || isnan(b)) {
        if (!(isnan(a) && isnan(b)))
            fail_msg("%s: %g vs %g", what, a, b);
        return;
    }
    if (fabs(a - b) > 1e-9 * fmax(1, fabs(b)))
        fail_msg("%s: %.17g vs %.17g", what, a, b);
}

/* The screening's row for a series equals the single section's row. */
static void same_row(const char *scr_csv, const char *outcome, const char *group,
                     const char *single_csv, const char *single_id, const char *term)
{
    struct results_row a, b;
    if (!find(scr_csv, "all", outcome, group, term, &a) &&
        !find(scr_csv, "by_category", outcome, group, term, &a))
        fail_msg("the screening has no row %s/%s/%s", outcome, group, term);
    if (!find(single_csv, single_id, NULL, "", term, &b))
        fail_msg("the single analysis %s has no %s row", single_id, term);
    assert_string_equal(a.f[F_METHOD], b.f[F_METHOD]);
    const int fields[] = {F_ESTIMATE, F_SE, F_LOW, F_HIGH, F_STAT, F_DF, F_P, F_N};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        same_number(results_num(&a, fields[i]), results_num(&b, fields[i]), single_id);
    /* a failed estimate fails for the same reason in both */
    assert_int_equal(!!a.f[F_NOTE][0], !!b.f[F_NOTE][0]);
}

static const char SCREENING[] = "[evaluation]\n"
                                "id = scr\n"
                                "title.en = Screening\n"
                                "question.en = Where did counts change?\n"
                                "start = 2018-01-01\n"
                                "\n"
                                "[incidents all]\n"
                                "area = *\n"
                                "category = *\n"
                                "\n"
                                "[incidents by_category]\n"
                                "area = Område 1 + Område 2\n"
                                "category = *\n"
                                "model = its_poisson\n";

static const char SINGLES[] = "[evaluation]\n"
                              "id = single\n"
                              "title.en = Single series\n"
                              "question.en = q\n"
                              "start = 2018-01-01\n"
                              "\n"
                              "[incidents a1c1]\n"
                              "area = Område 1\n"
                              "category = kat1\n"
                              "\n"
                              "[incidents a3c2]\n"
                              "area = Område 3\n"
                              "category = kat2\n"
                              "\n"
                              "[incidents a5c2]\n"
                              "area = Område 5\n"
                              "category = kat2\n"
                              "\n"
                              "[incidents a4c2]\n"
                              "area = Område 4\n"
                              "category = kat2\n"
                              "\n"
                              "[incidents a3c3]\n"
                              "area = Område 3\n"
                              "category = kat3\n"
                              "\n"
                              "[incidents sum_c1]\n"
                              "area = Område 1 + Område 2\n"
                              "category = kat1\n"
                              "model = its_poisson\n"
                              "\n"
                              "[incidents sum_c3]\n"
                              "area = Område 1 + Område 2\n"
                              "category = kat3\n"
                              "model = its_poisson\n";

static void screening_rows_equal_single_analyses(void **state)
{
    (void)state;
    char *scr, *single, *md;
    assert_int_equal(run_spec("scr.ini", SCREENING, "en", &scr, &md, NULL), 0);
    assert_int_equal(run_spec("single.ini", SINGLES, "en", &single, NULL, NULL), 0);
    assert_non_null(scr);
    assert_non_null(single);
    const char *terms[] = {"level_change", "slope_change"};
    for (size_t k = 0; k < 2; k++) {
        same_row(scr, "kat1", "Område 1", single, "a1c1", terms[k]); /* with population */
        same_row(scr, "kat2", "Område 3", single, "a3c2", terms[k]);
        same_row(scr, "kat2", "Område 5", single, "a5c2", terms[k]); /* a month missing */
        same_row(scr, "kat2", "Område 4", single, "a4c2", terms[k]); /* all zero */
        same_row(scr, "kat3", "Område 3", single, "a3c3", terms[k]); /* nothing after */
        same_row(scr, "kat1", "Område 1 + Område 2", single, "sum_c1", terms[k]);
        same_row(scr, "kat3", "Område 1 + Område 2", single, "sum_c3", terms[k]);
    }
    /* every area x category once: 5 x 3 series */
    struct results_row rows[64];
    assert_int_equal(rows_of(scr, "all", "level_change", rows, 64), 15);
    assert_int_equal(rows_of(scr, "by_category", "level_change", rows, 64), 3);
    assert_non_null(strstr(md, "Screening of 15 series"));
    assert_non_null(strstr(md, "strongest evidence of a change"));
    free(scr);
    free(single);
    free(md);
}

/* Holm and BH over the series of a screening, as R's p.adjust over its p-values. */
static void screening_adjusts_across_series(void **state)
{
    (void)state;
    char *scr;
    assert_int_equal(run_spec("scr.ini", SCREENING, "en", &scr, NULL, NULL), 0);
    struct results_row rows[64];
    size_t n = rows_of(scr, "all", "level_change", rows, 64);
    double p[64], holm[64], bh[64];
    size_t m = 0, idx[64];
    for (size_t i = 0; i < n; i++)
        if (!isnan(results_num(&rows[i], F_P))) {
            idx[m] = i;
            p[m++] = results_num(&rows[i], F_P);
        }
    assert_true(m >= 10); /* most series can be fitted */
    assert_int_equal(p_adjust_holm(p, m, holm), 0);
    assert_int_equal(p_adjust_bh(p, m, bh), 0);
    for (size_t k = 0; k < m; k++) {
        same_number(results_num(&rows[idx[k]], F_HOLM), holm[k], "p_holm");
        same_number(results_num(&rows[idx[k]], F_BH), bh[k], "p_bh");
    }
    free(scr);
}

static void screening_in_swedish(void **state)
{
    (void)state;
    char *md;
    assert_int_equal(run_spec("scr.ini", SCREENING, "sv", NULL, &md, NULL), 0);
    assert_non_null(strstr(md, "Screening av 15 serier"));
    free(md);
}

static void refused(const char *name, const char *text, const char *line, const char *words)
{
    char *err;
    assert_int_equal(run_spec(name, text, "en", NULL, NULL, &err), 1);
    if (!strstr(err, line) || !strstr(err, words))
        fail_msg("expected '%s' and '%s' in: %s", line, words, err);
    free(err);
}

static void contradictions_are_refused(void **state)
{
    (void)state;
    refused("c1.ini",
            "[evaluation]\nid = c1\nquestion.en = q\nstart = 2018-01-01\n"
            "[incidents x]\narea = *\ncategory = kat1\ncomparison = Område 1\n",
            "c1.ini:8:", "takes no comparison area");
    refused("c2.ini",
            "[evaluation]\nid = c2\nquestion.en = q\nstart = 2018-01-01\n"
            "[incidents x]\narea = Område 1 + *\ncategory = kat1\n",
            "c2.ini:6:", "'*' stands alone");
    refused("c3.ini",
            "[evaluation]\nid = c3\nquestion.en = q\nstart = 2018-01-01\n"
            "[incidents x]\narea = *\ncategory = kat1\n"
            "[criterion c]\noutcome = x\nrule = conf_high < 1\n",
            "c3.ini:8:", "is a screening of many series");
    refused("c4.ini",
            "[evaluation]\nid = c4\nquestion.en = q\nstart = 2018-01-01\n"
            "[incidents x]\narea = Område 1\ncategory = kat1\nbuffer = *\n",
            "c4.ini:8:", "'*' is not allowed here");
}

/*
 * Above 128 selected series the groups are fitted on two threads as the scan completes
 * them (analyze_screening.c): results.csv must be byte for byte that of one thread
 * (TRYGG_THREADS=1).  The file lists every area of a category before the next category,
 * so the series ids interleave the groups of a per-area sum (area = *, categories
 * summed): no such group is complete before the scan reaches the last category, while
 * every group of `category = *` completes at once.  One series has all its months
 * outside the window of a third section (`from`), one has a month missing.
 */
static void threads_same_as_one_thread(void **state)
{
    (void)state;
    char *dir = path_in_dir(g_dir, "many");
    assert_int_equal(mkdir(dir, 0777), 0);
    char *db = path_in_dir(dir, "trygg.db");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "period,area,category,count\n");
    for (int c = 1; c <= 4; c++)
        for (int a = 1; a <= 45; a++)
            for (int t = 1; t <= N_MONTHS; t++) {
                if (a == 7 && c == 2 && t == 30)
                    continue; /* a month missing */
                if (a == 9 && c == 4 && t > 12)
                    continue; /* only 2016: outside the window of `late` */
                strbuf_addf(&sb, "%d-%02d,A%02d,k%d,%d\n", 2016 + (t - 1) / 12, (t - 1) % 12 + 1,
                            a, c, count_of(a % 6, c, t));
            }
    char *csv_path = put_file_in(dir, "many.csv", sb.buf);
    strbuf_release(&sb);
    struct run_result res;
    int st = run_trygg(&res, db, "import", "incidents", csv_path, NULL);
    if (st != 0)
        fail_msg("import: %s", res.err);
    run_result_release(&res);
    static const char spec[] = "[evaluation]\n"
                               "id = many\n"
                               "title.en = Many series\n"
                               "question.en = q\n"
                               "start = 2018-01-01\n"
                               "\n"
                               "[incidents each]\n"
                               "area = *\n"
                               "category = *\n"
                               "\n"
                               "[incidents per_area]\n"
                               "area = *\n"
                               "category = k1 + k2 + k3 + k4\n"
                               "\n"
                               "[incidents late]\n"
                               "area = *\n"
                               "category = *\n"
                               "from = 2017-01\n";
    char *two = NULL, *one = NULL;
    char *err = NULL;
    int rc2 = run_spec_in(db, dir, "many.ini", spec, "en", &two, NULL, &err);
    if (rc2 != 0)
        fail_msg("run: %s", err);
    free(err);
    setenv("TRYGG_THREADS", "1", 1);
    int rc = run_spec_in(db, dir, "many.ini", spec, "en", &one, NULL, NULL);
    unsetenv("TRYGG_THREADS");
    assert_int_equal(rc, 0);
    /* 180 + 45 + 180 series: every one has its two rows */
    struct results_row rows[200];
    assert_int_equal(rows_of(two, "each", "level_change", rows, 200), 180);
    assert_int_equal(rows_of(two, "per_area", "level_change", rows, 200), 45);
    assert_int_equal(rows_of(two, "late", "slope_change", rows, 200), 180);
    assert_string_equal(two, one);
    free(one);
    free(two);
    free(csv_path);
    free(db);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(screening_rows_equal_single_analyses),
        cmocka_unit_test(screening_adjusts_across_series),
        cmocka_unit_test(screening_in_swedish),
        cmocka_unit_test(contradictions_are_refused),
        cmocka_unit_test(threads_same_as_one_thread),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
