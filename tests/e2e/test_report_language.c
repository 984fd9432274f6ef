/*
 * A Swedish report is Swedish throughout: the reasons a statistic could not be
 * computed (stats/reasons.h, put in words by eval/reason.c) reach report.html and
 * report.md in Swedish, never as the English text that results.csv carries.
 *
 * The three bundled evaluations are run with --lang sv, and the coaches' evaluation as
 * of 2019-04-29, before any answer of the after period existed, which makes many of
 * them fail ("empty (no respondents)", "no answers after in this group", the
 * Mann-Whitney test not done, the criteria not judged).  Every reason's English text
 * (its literal pieces between placeholders) must be absent from the Swedish reports,
 * and the English run must show them, so the check cannot pass by showing no reasons.
 */
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "eval/reason.h"
#include "stats/result.h"
#include "util/strbuf.h"

static const char *const EVALS[] = {"trygghetscoach", "fritidsgard", "trygghetsundersokning"};
#define N_EVALS (sizeof(EVALS) / sizeof(*EVALS))

static char *dir;

static void run(const char *db, const char *out, const char *lang, const char *as_of)
{
    struct run_result res;
    char *o = path_in_dir(dir, out);
    int rc = as_of ? run_trygg(&res, db, "run", "analysis/trygghetscoach.ini", "--as-of", as_of,
                               "--out", o, "--lang", lang, "--seed", "1", "--no-charts", "-q",
                               NULL)
                   : run_trygg(&res, db, "run", "analysis/trygghetscoach.ini",
                               "analysis/fritidsgard.ini", "analysis/trygghetsundersokning.ini",
                               "--out", o, "--lang", lang, "--seed", "1", "--no-charts", "-q",
                               NULL);
    if (rc != 0)
        fail_msg("run --lang %s%s%s: exit %d\n%s", lang, as_of ? " --as-of " : "",
                 as_of ? as_of : "", rc, res.err);
    run_result_release(&res);
    free(o);
}

static int setup(void **state)
{
    (void)state;
    dir = make_temp_dir("report-language");
    char *db = path_in_dir(dir, "t.db");
    import_example(db);
    run(db, "sv", "sv", NULL);
    run(db, "asof-sv", "sv", "2019-04-29");
    run(db, "asof-en", "en", "2019-04-29");
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

static char *output(const char *run_dir, const char *eval, const char *file)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%s/%s/%s", dir, run_dir, eval, file);
    /* report.html without its soft hyphens: a hyphenated English word must not
     * slip past the check */
    char *s = html_unhyphenate(slurp(p.buf, NULL));
    if (!s)
        fail_msg("%s is missing", p.buf);
    strbuf_release(&p);
    return s;
}

/*
 * The English text's pieces that say something: the literal runs between
 * placeholders, at least 14 bytes long, that the Swedish text does not have too (R's
 * own messages are quoted as R prints them in both).  Calls fn for each.
 */
static size_t english_pieces(void (*fn)(const char *piece, enum stat_reason code, void *ctx),
                             void *ctx)
{
    size_t n = 0;
    for (int code = 1; code < STAT_R_COUNT; code++) {
        const char *en = reason_template((enum stat_reason)code, "en");
        const char *sv = reason_template((enum stat_reason)code, "sv");
        for (const char *p = en; p && *p;) {
            size_t len = strcspn(p, "{");
            if (len >= 14) {
                char piece[512];
                snprintf(piece, sizeof(piece), "%.*s", (int)len, p);
                if (!strstr(sv, piece)) {
                    fn(piece, (enum stat_reason)code, ctx);
                    n++;
                }
            }
            p += len;
            if (*p == '{')
                p += strcspn(p, "}") + (p[strcspn(p, "}")] ? 1 : 0);
        }
    }
    return n;
}

struct scan {
    const char *text, *what;
    size_t found;
    bool must_not;
};

static void check_piece(const char *piece, enum stat_reason code, void *ctx)
{
    struct scan *s = ctx;
    if (!strstr(s->text, piece))
        return;
    s->found++;
    if (s->must_not)
        fail_msg("%s shows the English reason %s: '%s'", s->what, stat_reason_name(code), piece);
}

static void scan_report(const char *run_dir, const char *eval, const char *file)
{
    char *text = output(run_dir, eval, file);
    char what[256];
    snprintf(what, sizeof(what), "%s/%s/%s", run_dir, eval, file);
    struct scan s = {text, what, 0, true};
    assert_true(english_pieces(check_piece, &s) > 100);
    free(text);
}

/* No reason's English text in any Swedish report. */
static void swedish_reports_have_no_english_reasons(void **state)
{
    (void)state;
    for (size_t e = 0; e < N_EVALS; e++) {
        scan_report("sv", EVALS[e], "report.md");
        scan_report("sv", EVALS[e], "report.html");
    }
    scan_report("asof-sv", "trygghetscoach", "report.md");
    scan_report("asof-sv", "trygghetscoach", "report.html");
}

/* The as-of report is full of reasons: in Swedish where the report is Swedish, in
 * English where it is English, and results.csv is the same file in both (with the
 * reasons' codes). */
static void the_cutoff_case_says_why_in_the_reports_language(void **state)
{
    (void)state;
    char *sv = output("asof-sv", "trygghetscoach", "report.md");
    char *en = output("asof-en", "trygghetscoach", "report.md");
    assert_null(strstr(sv, "empty (no respondents)"));
    assert_null(strstr(sv, "no answers after in this group"));
    assert_non_null(strstr(sv, "kunde inte bedömas (tom (inga svarande))"));
    assert_non_null(strstr(sv, "gjordes inte: inga svar efter i gruppen"));
    assert_non_null(strstr(sv, "gruppen efter har inga svar"));
    assert_non_null(strstr(en, "could not be judged (empty (no respondents))"));
    assert_non_null(strstr(en, "not done: no answers after in this group"));
    struct scan s = {en, "asof-en/trygghetscoach/report.md", 0, false};
    english_pieces(check_piece, &s);
    assert_true(s.found >= 3); /* the English report shows English reasons */
    char *csv_sv = output("asof-sv", "trygghetscoach", "results.csv");
    char *csv_en = output("asof-en", "trygghetscoach", "results.csv");
    assert_string_equal(csv_sv, csv_en);
    assert_non_null(strstr(csv_sv, ",empty (no respondents),svy_empty\n"));
    assert_non_null(strstr(csv_sv, ",group_no_answers_side\n"));
    free(csv_sv);
    free(csv_en);
    free(sv);
    free(en);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(swedish_reports_have_no_english_reasons),
        cmocka_unit_test(the_cutoff_case_says_why_in_the_reports_language),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
