/*
 * results.csv is a join key across languages (issue 16): the same evaluation run with
 * --lang sv and with --lang en writes the same results.csv, byte for byte — the
 * `outcome` column is an id (a category key, "T01: Otrygg" from the codebook's primary
 * labels, "T01: mean"), never text in the report language — while run.json
 * (`outcome_titles`) and the workbook (`outcome_title`, test_xlsx) say what each id is
 * called in the report's language.
 *
 * Every kind of analysis is run: the three bundled evaluations on the bundled example
 * (survey before/after with subgroups, incidents with ITS, DiD and a synthetic
 * comparison area, activity and delivery, the youth centre's holidays, the yearly
 * survey's trends) and a spec of the rest (a screening over every area and category,
 * a mean, a score trend by age group, groups compared within a wave).
 */
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char EXTRA[] = "[evaluation]\n"
                            "id = idcheck\n"
                            "title.sv = Id-kontroll\n"
                            "title.en = Id check\n"
                            "question.sv = Är id:na desamma på båda språken?\n"
                            "question.en = Are the ids the same in both languages?\n"
                            "start = 2018-09-01\n"
                            "\n"
                            "[incidents screen]\n"
                            "area = *\n"
                            "category = *\n"
                            "\n"
                            "[survey t01_mean]\n"
                            "survey = osteraker\n"
                            "question = T01\n"
                            "measure = mean\n"
                            "before = 2016..2018\n"
                            "after = 2019..2020\n"
                            "subgroups = KON\n"
                            "\n"
                            "[trend o06_score]\n"
                            "survey = osteraker\n"
                            "questions = O06\n"
                            "measure = score\n"
                            "by = ALDGR\n"
                            "\n"
                            "[compare kon_2019]\n"
                            "survey = osteraker\n"
                            "question = O06\n"
                            "wave = 2019\n"
                            "by = KON, area\n";

static const char *const EVALS[] = {"trygghetscoach", "fritidsgard", "trygghetsundersokning",
                                    "idcheck"};
#define N_EVALS (sizeof(EVALS) / sizeof(*EVALS))

static char *dir;

static void run_in(const char *db, const char *extra, const char *lang)
{
    char *out = path_in_dir(dir, lang);
    struct run_result res;
    int rc = run_trygg(&res, db, "run", "analysis/trygghetscoach.ini", "analysis/fritidsgard.ini",
                       "analysis/trygghetsundersokning.ini", extra, "--out", out, "--lang", lang,
                       "--seed", "1", "--no-charts", "-q", NULL);
    if (rc != 0)
        fail_msg("run --lang %s: exit %d\n%s", lang, rc, res.err);
    run_result_release(&res);
    free(out);
}

static int setup(void **state)
{
    (void)state;
    dir = make_temp_dir("outcome-ids");
    char *db = path_in_dir(dir, "t.db");
    import_example(db);
    char *extra = put_file_in(dir, "extra.ini", EXTRA);
    run_in(db, extra, "sv");
    run_in(db, extra, "en");
    free(extra);
    free(db);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    return 0;
}

static char *output(const char *lang, const char *eval, const char *file)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%s/%s/%s", dir, lang, eval, file);
    char *s = slurp(p.buf, NULL);
    if (!s)
        fail_msg("%s is missing", p.buf);
    strbuf_release(&p);
    return s;
}

/* Both languages write the same results.csv. */
static void results_csv_same_in_both_languages(void **state)
{
    (void)state;
    for (size_t e = 0; e < N_EVALS; e++) {
        char *sv = output("sv", EVALS[e], "results.csv"), *en = output("en", EVALS[e], "results.csv");
        if (strcmp(sv, en)) {
            const char *a = sv, *b = en;
            long line = 1;
            const char *la = a, *lb = b;
            for (; *a && *a == *b; a++, b++)
                if (*a == '\n') {
                    line++;
                    la = a + 1;
                    lb = b + 1;
                }
            fail_msg("%s/results.csv differs between --lang sv and en at line %ld:\n  sv: %.*s\n"
                     "  en: %.*s",
                     EVALS[e], line, (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
        }
        assert_true(count_lines_starting(sv, EVALS[e]) > 10);
        free(sv);
        free(en);
    }
}

/* Every kind of analysis wrote rows (so the comparison above covered it). */
static void every_kind_of_analysis_ran(void **state)
{
    (void)state;
    static const char *const methods[] = {
        "svyciprop",  "svymean",              "svydiff",  "svyglm_trend", "welch_t",
        "its_",       "did_",                 "synth",    "describe",     "intermittent_poisson",
        "placebo",    "trend_chisq",          "chisq_kx2"};
    bool seen[sizeof(methods) / sizeof(*methods)] = {false};
    size_t screening_rows = 0;
    for (size_t e = 0; e < N_EVALS; e++) {
        char *csv = output("en", EVALS[e], "results.csv");
        for (const char *p = strchr(csv, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
            struct results_row r;
            size_t len = strcspn(p + 1, "\n");
            if (results_split(p + 1, len, &r) < RESULTS_FIELDS)
                continue;
            for (size_t m = 0; m < sizeof(methods) / sizeof(*methods); m++)
                if (!strncmp(r.f[RF_METHOD], methods[m], strlen(methods[m])))
                    seen[m] = true;
            screening_rows += !strcmp(r.f[RF_ANALYSIS], "screen");
        }
        free(csv);
    }
    for (size_t m = 0; m < sizeof(methods) / sizeof(*methods); m++)
        if (!seen[m])
            fail_msg("no results.csv row of method %s*", methods[m]);
    assert_true(screening_rows >= 5);
}

static json_t *titles_of(const char *lang, const char *eval)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%s/%s/run.json", dir, lang, eval);
    json_t *t = outcome_titles_load(p.buf);
    strbuf_release(&p);
    return t;
}

/* run.json names each outcome id in the report language. */
static void titles_in_the_report_language(void **state)
{
    (void)state;
    json_t *sv = titles_of("sv", "trygghetscoach"), *en = titles_of("en", "trygghetscoach");
    assert_string_equal(outcome_title(sv, "unsafe_night", "T01: Otrygg"), "T01: Otrygg");
    assert_string_equal(outcome_title(en, "unsafe_night", "T01: Otrygg"), "T01: Unsafe");
    assert_string_equal(outcome_title(en, "worry_society", "O06: Orolig i stor utsträckning"),
                        "O06: Worried to a large extent");
    assert_string_equal(outcome_title(sv, "disturbances", "ordningsstorning"), "Ordningsstörningar");
    assert_string_equal(outcome_title(en, "disturbances", "ordningsstorning"), "Disturbances");
    assert_string_equal(outcome_title(en, "delivery", "coach_pass"), "Safety-coach shifts");
    json_t *idc = titles_of("en", "idcheck");
    assert_string_equal(outcome_title(idc, "kon_2019", "O06: Orolig i stor utsträckning"),
                        "O06: Worried to a large extent");
    assert_string_equal(outcome_title(idc, "t01_mean", "T01: mean"), "T01: mean");
    json_decref(idc);
    json_decref(sv);
    json_decref(en);
    /* every title belongs to rows of results.csv, and every survey outcome has one */
    for (size_t e = 0; e < N_EVALS; e++) {
        json_t *t = titles_of("en", EVALS[e]);
        char *csv = output("en", EVALS[e], "results.csv");
        size_t i;
        json_t *x;
        json_array_foreach(t, i, x)
        {
            struct strbuf key = STRBUF_INIT;
            strbuf_addf(&key, "%s,%s,%s,", EVALS[e],
                        json_string_value(json_object_get(x, "analysis")),
                        json_string_value(json_object_get(x, "outcome")));
            if (!strstr(csv, key.buf))
                fail_msg("%s: a title for %s, which has no row", EVALS[e], key.buf);
            strbuf_release(&key);
        }
        for (const char *p = strchr(csv, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
            struct results_row r;
            if (results_split(p + 1, strcspn(p + 1, "\n"), &r) < RESULTS_FIELDS)
                continue;
            if (!strncmp(r.f[RF_METHOD], "svy", 3) &&
                !outcome_title(t, r.f[RF_ANALYSIS], r.f[RF_OUTCOME]))
                fail_msg("%s: no title for %s / %s", EVALS[e], r.f[RF_ANALYSIS],
                         r.f[RF_OUTCOME]);
        }
        free(csv);
        json_decref(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(results_csv_same_in_both_languages),
        cmocka_unit_test(every_kind_of_analysis_ran),
        cmocka_unit_test(titles_in_the_report_language),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
