/*
 * End to end: comparability of survey waves across codebook versions and answer modes
 * (issue 11 item 7) and a survey as of a date (item 4), on a small deterministic survey
 * written here.  Version 1 (2017, 2018) asks Q with answers 1-4; version 2 (2019, 2020)
 * adds answer 5 ("never goes out"), read as no answer next to version 1 (harmonize =
 * 5:9), with a follow-up F and a harmonised indicator "3, 4, 5 if F = 1"; version 2
 * also adds answer mode 3.  Without weights, strata or clusters the design-based
 * shares are plain shares, so the point estimates are counted here independently.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "e2eutil.h"
#include "util/strbuf.h"

#define N_PER_WAVE 300

static char *g_dir, *g_db;

static char *path_in(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", g_dir, name);
    return strbuf_detach(&sb);
}

static char *put_file(const char *name, const char *text)
{
    char *p = path_in(name);
    write_file(p, text, strlen(text));
    return p;
}

/* The answers: version 1 has Q in 1..4, version 2 in 1..5 (5 with F = 1 or 2). */
static int answer_q(int year, int i)
{
    int k = (i + year) % 10;
    if (year <= 2018) /* 40 % unsafe */
        return k < 4 ? 3 + i % 2 : 1 + i % 2;
    return k < 3 ? 3 + i % 2 : k < 5 ? 5 : 1 + i % 2; /* 30 % unsafe, 20 % never go out */
}
static int answer_f(int year, int i)
{
    return answer_q(year, i) == 5 ? (i / 5) % 3 == 0 ? 2 : 1 : 7;
}
static int answer_mode(int year, int i)
{
    return year <= 2018 ? i % 2 + 1 : i % 3 + 1;
}

static const char CB_COMMON[] = "[columns]\n"
                                "respondent = ID\n"
                                "wave = YEAR\n"
                                "area = AREA\n"
                                "\n"
                                "[background MODE]\n"
                                "text.en = Answer mode\n"
                                "value.1 = Papper | Paper\n"
                                "value.2 = Webb | Web\n"
                                "value.3 = SMS | SMS link\n"
                                "\n";

static char *codebook(int version)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb,
                "[survey]\nid = comp\ntitle.en = Comparability test\nversion = %d\n"
                "fieldwork_end = 04-30\nmode = MODE\n\n%s",
                version, CB_COMMON);
    strbuf_addstr(&sb, "[question Q]\ntext.en = Safe out late?\n"
                       "value.1 = Mycket trygg | Very safe\nvalue.2 = Ganska trygg | Fairly safe\n"
                       "value.3 = Ganska otrygg | Fairly unsafe\n"
                       "value.4 = Mycket otrygg | Very unsafe\n");
    if (version == 2)
        strbuf_addstr(&sb, "value.5 = Går aldrig ut | Never goes out\n");
    strbuf_addstr(&sb, "missing.9 = Ej svar | No answer\nempty = 9\nindicator = 3, 4\n"
                       "indicator.label = Otrygg | Unsafe\n");
    if (version == 2)
        strbuf_addstr(&sb, "harmonize = 5:9\n"
                           "change.en = Answer 5 was added in 2019.\n"
                           "change.sv = Svar 5 tillkom 2019.\n"
                           "harmonized.indicator = 3, 4, 5 if F = 1\n"
                           "harmonized.label = NTU | NTU rule\n\n"
                           "[question F]\ntext.en = Because unsafe?\n"
                           "value.1 = Ja | Yes\nvalue.2 = Nej | No\n"
                           "missing.7 = Ej aktuell | Not applicable\n"
                           "missing.9 = Ej svar | No answer\nempty = 9\nindicator = 1\n");
    char name[32];
    snprintf(name, sizeof(name), "cb%d.ini", version);
    char *p = put_file(name, sb.buf);
    strbuf_release(&sb);
    return p;
}

static char *answers(int version)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, version == 1 ? "ID,YEAR,AREA,MODE,Q\n" : "ID,YEAR,AREA,MODE,Q,F\n");
    int first = version == 1 ? 2017 : 2019;
    for (int year = first; year < first + 2; year++)
        for (int i = 0; i < N_PER_WAVE; i++) {
            strbuf_addf(&sb, "%d,%d,Centrum,%d,%d", year * 1000 + i, year, answer_mode(year, i),
                        answer_q(year, i));
            if (version == 2)
                strbuf_addf(&sb, ",%d", answer_f(year, i));
            strbuf_addch(&sb, '\n');
        }
    char name[32];
    snprintf(name, sizeof(name), "answers%d.csv", version);
    char *p = put_file(name, sb.buf);
    strbuf_release(&sb);
    return p;
}

static const char SPEC[] = "[evaluation]\n"
                           "id = comp\n"
                           "title.en = Comparability\n"
                           "question.en = Did the share feeling unsafe fall?\n"
                           "start = 2019-01-01\n"
                           "decision_date = 2019-06-30\n"
                           "\n"
                           "[survey s]\n"
                           "survey = comp\n"
                           "question = Q\n"
                           "area = Centrum\n"
                           "before = 2017..2018\n"
                           "after = 2019..2020\n"
                           "\n"
                           "[criterion c]\n"
                           "outcome = s\n"
                           "term = difference\n"
                           "rule = conf_high < 0\n"
                           "text.en = The share unsafe falls\n";

static int setup(void **state)
{
    (void)state;
    g_dir = make_temp_dir("evalcomp");
    g_db = path_in("trygg.db");
    for (int v = 1; v <= 2; v++) {
        char *cb = codebook(v), *csv = answers(v);
        struct run_result r;
        int rc = run_trygg(&r, g_db, "import", "survey", cb, csv, NULL);
        if (rc != 0)
            fprintf(stderr, "%s", r.err);
        assert_int_equal(rc, 0);
        run_result_release(&r);
        free(cb);
        free(csv);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(g_dir);
    free(g_dir);
    free(g_db);
    return 0;
}

/* Runs the spec; *csv and *md get results.csv and report.md. */
static void run(const char *as_of, char **csv, char **md)
{
    char *spec = put_file("spec.ini", SPEC);
    char *out = path_in("out");
    struct run_result r;
    int rc = as_of ? run_trygg(&r, g_db, "run", spec, "--out", out, "--lang", "en", "--as-of",
                               as_of, NULL)
                   : run_trygg(&r, g_db, "run", spec, "--out", out, "--lang", "en", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/comp/results.csv", out);
    *csv = slurp(p.buf, NULL);
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/comp/report.md", out);
    *md = slurp(p.buf, NULL);
    strbuf_release(&p);
    free(spec);
    free(out);
}

/* The estimate of the results row analysis "s" / group / svydiff / difference. */
static double diff_row(const char *csv, const char *group)
{
    struct strbuf key = STRBUF_INIT;
    strbuf_addf(&key, "\ncomp,s,Q: Otrygg,%s,svydiff,difference,", group);
    const char *p = strstr(csv, key.buf);
    if (!p)
        fail_msg("no row for group '%s'", group);
    double v = strtod(p + key.len, NULL);
    strbuf_release(&key);
    return v;
}

/* The share of version-1 style "unsafe" (3, 4) among valid answers of the years. */
static double share(int from, int to, int mode_max, bool harmonized)
{
    double x = 0, n = 0;
    for (int y = from; y <= to; y++)
        for (int i = 0; i < N_PER_WAVE; i++) {
            if (answer_mode(y, i) > mode_max)
                continue;
            int q = answer_q(y, i);
            if (q == 5) {
                if (!harmonized)
                    continue; /* harmonize = 5:9: no answer */
                n += 1;
                x += answer_f(y, i) == 1;
                continue;
            }
            n += 1;
            x += q >= 3;
        }
    return x / n;
}

/* `what` stands in the summary: before the first section after it (survey results). */
static void assert_before_summary_end(const char *md, const char *what)
{
    const char *start = strstr(md, "### Summary");
    assert_non_null(start);
    const char *p = strstr(md, what), *end = strstr(start + 1, "\n### ");
    assert_non_null(p);
    assert_true(p > start);
    if (end)
        assert_true(p < end);
}

static void harmonised_and_mode_rows(void **state)
{
    (void)state;
    char *csv, *md;
    run(NULL, &csv, &md);
    double before = share(2017, 2018, 3, false);
    assert_close_abs(diff_row(csv, ""), share(2019, 2020, 3, false) - before, 1e-9, 1.0);
    assert_close_abs(diff_row(csv, "harmonized"), share(2019, 2020, 3, true) - before, 1e-9,
                     1.0);
    assert_close_abs(diff_row(csv, "common_modes"), share(2019, 2020, 2, false) - before, 1e-9,
                     1.0);
    /* the summary states the declared change and the change of mode */
    assert_non_null(strstr(md, "Answer 5 was added in 2019."));
    assert_non_null(strstr(md, "the answer mode changed between the periods: SMS link (after "
                               "only"));
    assert_non_null(strstr(md, "Sensitivity to the comparability of the years"));
    assert_non_null(strstr(md, "Harmonised indicator: NTU rule"));
    /* ... and the harmonised reading in the summary, with its number (pp, as the answer) */
    {
        char want[160];
        double pp = 100 * (share(2019, 2020, 3, true) - before);
        /* a change is signed both ways, the minus as U+2212 */
        snprintf(want, sizeof(want),
                 "with the harmonised indicator, NTU rule the change in the target area is "
                 "%s%.1f\xc2\xa0pp",
                 pp < 0 ? "\xe2\x88\x92" : "+", fabs(pp));
        assert_non_null(strstr(md, want));
        assert_before_summary_end(md, want);
    }
    /* the years are not called comparable because the codebook maps the codes */
    assert_null(strstr(md, "so the waves can be compared"));
    /* placebo in time: 2018 against 2017, both 40 % unsafe: no change before the start */
    {
        const char *row = strstr(csv, "\ncomp,s,Q: Otrygg,,placebo,difference,");
        assert_non_null(row);
        assert_close_abs(strtod(row + strlen("\ncomp,s,Q: Otrygg,,placebo,difference,"), NULL),
                         share(2018, 2018, 3, false) - share(2017, 2017, 3, false), 1e-9, 1.0);
        assert_non_null(strstr(md, "Placebo-in-time check: the last wave before the start (2018) "
                                   "against the earlier ones (2017)"));
        assert_null(strstr(md, "The share unsafe falls: the placebo-in-time check was not "
                               "passed"));
        assert_null(strstr(md, "The share unsafe falls: the estimate has no placebo check"));
    }
    /* a decision date in mid-2019: the 2019 wave (fielded by 30 April) was known then */
    assert_non_null(strstr(md, "Known at the decision date 2019-06-30"));
    free(csv);
    free(md);
}

static void as_of_leaves_out_unfielded_waves(void **state)
{
    (void)state;
    char *csv, *md;
    /* 2019-06-30: 2020 not yet fielded */
    run("2019-06-30", &csv, &md);
    double before = share(2017, 2018, 3, false);
    assert_close_abs(diff_row(csv, ""), share(2019, 2019, 3, false) - before, 1e-9, 1.0);
    assert_non_null(strstr(md, "the wave 2020 had not been fielded then and is left out"));
    free(csv);
    free(md);
    /* 2019-04-29: the 2019 wave's fieldwork is not over; nothing after the start */
    run("2019-04-29", &csv, &md);
    assert_non_null(strstr(md, "the waves 2019, 2020 had not been fielded then"));
    assert_non_null(strstr(md, "No wave after the start had been fielded then, so the change "
                               "cannot be estimated as of that date."));
    /* an estimate without an interval never reads "– to –" */
    assert_null(strstr(md, "\xe2\x80\x93 to \xe2\x80\x93"));
    free(csv);
    free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(harmonised_and_mode_rows),
        cmocka_unit_test(as_of_leaves_out_unfielded_waves),
    };
    return cmocka_run_group_tests_name("eval_comparability", tests, setup, teardown);
}
