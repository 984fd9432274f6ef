/*
 * End to end: what trygg cannot estimate is said in the user's words, in results.csv's
 * `note`, in the report and, where the input is refused, on stderr with exit status 1
 * (issue 13, items 2-5 and 7).  Data and specs: tests/data/refusals (the answers are
 * written by tests/r/ref_refusals.R, which also gives R's side: tests/r/values/
 * refusals.csv).
 *   - an empty group: "empty (no respondents)", not withheld as "too few";
 *   - every answer tied: Mann-Whitney keeps the library's reason; the weighted share
 *     of exactly 0 keeps its standard error 0 and says only the interval is missing;
 *   - a trend over two waves: the trend tests are skipped, and it says why;
 *   - perfect separation in a trend over three waves: the reason reaches the report;
 *   - a stratum with one PSU: named by the user's stratum code, an error on stderr.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char REF[] = "tests/r/values/refusals.csv";

static char *g_dir, *g_db;
static char *g_csv, *g_md, *g_md_sv; /* refusals: results.csv, report.md (en, sv) */
static char *g_psu_csv, *g_psu_md, *g_psu_err;
static int g_psu_status;

enum { F_EVAL, F_ANALYSIS, F_OUTCOME, F_GROUP, F_METHOD, F_TERM, F_ESTIMATE, F_SE, F_LOW, F_HIGH,
       F_LEVEL, F_STAT, F_DF, F_P, F_HOLM, F_BH, F_N, F_NOTE, N_FIELDS };

static char *read_out(const char *out, const char *id, const char *file)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s/%s", out, id, file);
    char *text = slurp(sb.buf, NULL);
    strbuf_release(&sb);
    assert_non_null(text);
    return text;
}

static int run_spec(const char *spec, const char *lang, const char *out, char **err)
{
    struct run_result r;
    int rc = run_trygg(&r, g_db, "run", spec, "--out", out, "--lang", lang, "--no-charts", "-q",
                       NULL);
    if (err)
        *err = strdup(r.err ? r.err : "");
    run_result_release(&r);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    g_dir = make_temp_dir("refusals");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/trygg.db", g_dir);
    g_db = strbuf_detach(&sb);
    struct run_result r;
    const char *imports[][2] = {
        {"tests/data/refusals/codebook.ini", "tests/data/refusals/answers.csv"},
        {"tests/data/refusals/codebook_psu.ini", "tests/data/refusals/answers_psu.csv"}};
    for (size_t i = 0; i < 2; i++) {
        int rc = run_trygg(&r, g_db, "import", "survey", imports[i][0], imports[i][1], NULL);
        if (rc != 0)
            fprintf(stderr, "%s", r.err);
        assert_int_equal(rc, 0);
        run_result_release(&r);
    }
    strbuf_addf(&sb, "%s/en", g_dir);
    assert_int_equal(run_spec("tests/data/refusals/spec.ini", "en", sb.buf, NULL), 0);
    g_csv = read_out(sb.buf, "refusals", "results.csv");
    g_md = read_out(sb.buf, "refusals", "report.md");
    g_psu_status = run_spec("tests/data/refusals/spec_psu.ini", "en", sb.buf, &g_psu_err);
    g_psu_csv = read_out(sb.buf, "psu", "results.csv");
    g_psu_md = read_out(sb.buf, "psu", "report.md");
    strbuf_reset(&sb);
    strbuf_addf(&sb, "%s/sv", g_dir);
    assert_int_equal(run_spec("tests/data/refusals/spec.ini", "sv", sb.buf, NULL), 0);
    g_md_sv = read_out(sb.buf, "refusals", "report.md");
    strbuf_release(&sb);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(g_dir);
    free(g_dir);
    free(g_db);
    free(g_csv);
    free(g_md);
    free(g_md_sv);
    free(g_psu_csv);
    free(g_psu_md);
    free(g_psu_err);
    return 0;
}

/* ------------------------------------------------------------ results.csv rows */

struct row {
    char f[N_FIELDS][512];
};

/* Splits one CSV line (quotes as RFC 4180) into fields; returns the count. */
static size_t split_line(const char *p, size_t len, char f[N_FIELDS][512])
{
    size_t n = 0, k = 0;
    bool quoted = false;
    f[0][0] = '\0';
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        if (quoted) {
            if (ch == '"' && i + 1 < len && p[i + 1] == '"') {
                i++;
            } else if (ch == '"') {
                quoted = false;
                continue;
            }
        } else if (ch == '"') {
            quoted = true;
            continue;
        } else if (ch == ',') {
            if (++n == N_FIELDS)
                return n;
            k = 0;
            f[n][0] = '\0';
            continue;
        }
        if (k + 1 < 512) {
            f[n][k++] = ch;
            f[n][k] = '\0';
        }
    }
    return n + 1;
}

static void find_row(const char *csv, const char *analysis, const char *group, const char *method,
                     const char *term, struct row *out)
{
    for (const char *p = csv; *p;) {
        size_t len = strcspn(p, "\n");
        if (split_line(p, len, out->f) == N_FIELDS && !strcmp(out->f[F_ANALYSIS], analysis) &&
            !strcmp(out->f[F_GROUP], group) && !strcmp(out->f[F_METHOD], method) &&
            !strcmp(out->f[F_TERM], term))
            return;
        p += len + (p[len] == '\n');
    }
    fail_msg("results.csv has no row %s/%s/%s/%s", analysis, group, method, term);
}

static double num(const struct row *r, int field)
{
    return r->f[field][0] ? strtod(r->f[field], NULL) : NAN;
}

static void note_has(const struct row *r, const char *what)
{
    if (!strstr(r->f[F_NOTE], what))
        fail_msg("note '%s' does not say '%s'", r->f[F_NOTE], what);
}

static void text_has(const char *text, const char *what)
{
    if (!strstr(text, what))
        fail_msg("the text does not say '%s'", what);
}

/* ------------------------------------------------------------ tests */

/* Item 7: Jämför has no respondents after the start. */
static void empty_group_is_empty(void **state)
{
    (void)state;
    struct row r;
    find_row(g_csv, "empty", "Jämför", "svyciprop", "after", &r);
    assert_string_equal(r.f[F_NOTE], "empty (no respondents)");
    assert_string_equal(r.f[F_N], "0");
    assert_string_equal(r.f[F_ESTIMATE], "");
    /* the comparison's change and the difference in change carry the reason too */
    find_row(g_csv, "empty", "Jämför", "svydiff", "difference", &r);
    note_has(&r, "empty (no respondents)");
    find_row(g_csv, "empty", "", "svydiff", "did", &r);
    note_has(&r, "empty (no respondents)");
    note_has(&r, "difference-in-differences");
    assert_null(strstr(g_csv, "too few respondents"));
    text_has(g_md, "| Jämför | After | 0 | empty (no respondents) |");
    text_has(g_md_sv, "| Jämför | Efter | 0 | tom (inga svarande) |");
    /* a group that has answers keeps its numbers */
    find_row(g_csv, "empty", "Jämför", "svyciprop", "before", &r);
    assert_true(num(&r, F_ESTIMATE) > 0);
}

/* Item 3: every answer is 2. */
static void all_tied_mann_whitney(void **state)
{
    (void)state;
    struct row r;
    find_row(g_csv, "tied", "", "mann_whitney", "p_worse", &r);
    note_has(&r, "all answers in both groups are the same, so there is no ordering to test");
    note_has(&r, "estimate: probability that an answer after is worse");
    assert_close(num(&r, F_ESTIMATE), ref_get(REF, "q2_mw", "p_worse"), TOL_CLOSED);
    assert_close(num(&r, F_STAT), ref_get(REF, "q2_mw", "statistic"), TOL_CLOSED);
    assert_true(ref_get(REF, "q2_mw", "p_is_nan") == 1); /* R has no p-value either */
    assert_string_equal(r.f[F_P], "");
    find_row(g_csv, "tied", "", "cliff_delta", "delta", &r);
    note_has(&r, "neither group tends to answer higher");
    text_has(g_md, "The Mann–Whitney test was not done: every answer before and after is the same");
    text_has(g_md_sv, "Mann–Whitney-testet gjordes inte: alla svar före och efter är desamma");
    /* the test Q1 of the first section ran: no such sentence there */
    find_row(g_csv, "empty", "", "mann_whitney", "p_worse", &r);
    assert_string_equal(r.f[F_NOTE],
                        "estimate: probability that an answer after is worse than one before "
                        "(ties half)");
}

/* Item 2: the weighted share unsafe is exactly 0 (Q2). */
static void share_zero_keeps_se(void **state)
{
    (void)state;
    struct row r;
    find_row(g_csv, "tied", "", "svyciprop", "before", &r);
    assert_close(num(&r, F_ESTIMATE), ref_get(REF, "q2_before", "estimate"), 0);
    assert_string_equal(r.f[F_SE], "0");
    assert_true(ref_get(REF, "q2_before", "std_error") == 0);
    assert_string_equal(r.f[F_LOW], "");
    assert_string_equal(r.f[F_HIGH], "");
    assert_string_equal(r.f[F_DF], "11");
    note_has(&r, "the standard error is 0, but a logit interval cannot be formed");
    /* R's logit interval here is meaningless (around 2e-11), hence none */
    assert_true(ref_get(REF, "q2_before", "logit_interval_meaningless") == 1);
    /* 100 %: the same */
    find_row(g_csv, "sep", "wave 2019", "svyciprop", "proportion", &r);
    assert_string_equal(r.f[F_ESTIMATE], "1");
    assert_string_equal(r.f[F_SE], "0");
    note_has(&r, "everyone in this group gave the answer counted (100%)");
}

/* Item 5: two waves, then perfect separation over three. */
static void trend_refusals(void **state)
{
    (void)state;
    struct row r;
    find_row(g_csv, "two", "", "trend_chisq", "slope", &r);
    note_has(&r, "a trend test needs at least three comparable waves and there are 2");
    assert_string_equal(r.f[F_P], "");
    find_row(g_csv, "two", "", "logit_trend", "odds_ratio", &r);
    note_has(&r, "at least three comparable waves");
    text_has(g_md, "The trend tests (odds ratio per year and chi-square test for trend) are not "
                   "done: they need at least three comparable years, and there are two.");
    text_has(g_md_sv, "Trendtesten (oddskvot per år och χ²-test för trend) görs inte");

    assert_true(ref_get(REF, "q3_trend", "separation_warning") == 1); /* R warns */
    find_row(g_csv, "sep", "", "logit_trend", "odds_ratio", &r);
    note_has(&r, "perfect separation");
    assert_string_equal(r.f[F_ESTIMATE], "");
    text_has(g_md, "The odds ratio per year could not be estimated. All: the outcome jumps from "
                   "nobody to everybody between the years (perfect separation)");
    text_has(g_md_sv, "perfekt separation");
    /* the chi-square test for trend is still done */
    find_row(g_csv, "sep", "", "trend_chisq", "slope", &r);
    assert_true(num(&r, F_P) < 0.001);
}

/* Item 4: stratum "Norr" has one respondent in 2019. */
static void single_psu_names_the_stratum(void **state)
{
    (void)state;
    assert_true(ref_get(REF, "psu", "r_refuses") == 1); /* R stops: "has only one PSU" */
    static const char want[] = "stratum 'Norr' (STRATUM) in wave 2019 has only one "
                               "sampling unit";
    assert_int_equal(g_psu_status, 1);
    text_has(g_psu_err, "spec_psu.ini:9: [lonely]: ");
    text_has(g_psu_err, want);
    text_has(g_psu_err, "1 outcome could not be analysed");
    struct row r;
    find_row(g_psu_csv, "lonely", "", "svyciprop", "after", &r);
    note_has(&r, want);
    assert_string_equal(r.f[F_ESTIMATE], "");
    text_has(g_psu_md, want);
    /* never an internal index */
    assert_null(strstr(g_psu_err, "stratum 0"));
    assert_null(strstr(g_psu_csv, "stratum 1 "));
    /* the wave without the lonely stratum is estimated */
    find_row(g_psu_csv, "lonely", "", "svyciprop", "before", &r);
    assert_true(num(&r, F_ESTIMATE) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_group_is_empty),  cmocka_unit_test(all_tied_mann_whitney),
        cmocka_unit_test(share_zero_keeps_se),   cmocka_unit_test(trend_refusals),
        cmocka_unit_test(single_psu_names_the_stratum),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
