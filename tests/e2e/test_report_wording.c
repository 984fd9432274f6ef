/*
 * What the bundled reports say, in both languages (issue 12): readings derived from the
 * estimate beside them, units, rules in words, Markdown that escapes only markup, and
 * ASCII minus in machine-readable files.  The three bundled evaluations run on the
 * bundled example in Swedish and English; then
 *   - every row of an incident effects table reads in the direction of its estimate
 *     ("lower"/"fewer" below 1, "downwards" for a falling trend, "improvement" for a
 *     RES above 1) and says whether its interval excludes no change, as it does;
 *   - no rule is printed as a formula (conf_high < 1) in the reports;
 *   - no table cell in percentage points carries a "%", and the summary shows the
 *     survey criteria in percentage points as the body does;
 *   - report.md escapes no digit's '.' and no '-' before a digit; "< 0.001" stays;
 *   - results.csv and run.json hold no U+2212 minus sign; nor do the reports' numbers;
 *   - the legend and the table use one word for an inconclusive verdict, and the
 *     note icon is not a letter.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char *const evaluations[] = {"trygghetscoach", "fritidsgard",
                                          "trygghetsundersokning"};
#define N_EVAL (sizeof(evaluations) / sizeof(evaluations[0]))
static const char *const langs[] = {"sv", "en"};

struct env {
    char *dir, *db;
};

static void trygg_ok(const char *db, const char *const *args, size_t n)
{
    struct run_result r;
    int rc = run_trygg_argv(&r, db, args, n);
    if (rc != 0)
        fail_msg("trygg %s failed (exit %d):\n%s", args[0], rc, r.err);
    run_result_release(&r);
}

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("wording");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/trygg.db", e->dir);
    e->db = strbuf_detach(&sb);
    const char *ex = "examples/osteraker/";
    char f[8][128];
    for (int y = 2015; y <= 2022; y++)
        snprintf(f[y - 2015], sizeof(f[0]), "%strygghet_%d.csv", ex, y);
    const char *old_cp1252[] = {"import", "survey", "surveys/osteraker-2015-2018.ini", f[0], f[1],
                                "--encoding", "cp1252", "-q"};
    trygg_ok(e->db, old_cp1252, 8);
    const char *old[] = {"import", "survey", "surveys/osteraker-2015-2018.ini", f[2], f[3], "-q"};
    trygg_ok(e->db, old, 6);
    const char *new[] = {"import", "survey", "surveys/osteraker-2019-2022.ini", f[4], f[5], f[6],
                         f[7], "-q"};
    trygg_ok(e->db, new, 8);
    const char *incidents[] = {"import", "incidents", "examples/osteraker/brott_manad.csv",
                               "examples/osteraker/brott_dag_centrum.csv",
                               "examples/osteraker/fritidsgard_dag.csv",
                               "examples/osteraker/aktivitet_manad.csv", "-q"};
    trygg_ok(e->db, incidents, 7);
    const char *interventions[] = {"import", "interventions", "examples/osteraker/insatser.csv",
                                   "-q"};
    trygg_ok(e->db, interventions, 4);
    for (size_t l = 0; l < 2; l++) {
        strbuf_addf(&sb, "%s/out-%s", e->dir, langs[l]);
        const char *run[] = {"run", "analysis/trygghetscoach.ini", "analysis/fritidsgard.ini",
                             "analysis/trygghetsundersokning.ini", "--out", sb.buf, "--lang",
                             langs[l], "--seed", "1", "--no-charts", "-q"};
        trygg_ok(e->db, run, 12);
        strbuf_release(&sb);
    }
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    rm_rf(e->dir);
    free(e->dir);
    free(e->db);
    free(e);
    return 0;
}

static char *out_file(const struct env *e, const char *lang, const char *ev, const char *file)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/out-%s/%s/%s", e->dir, lang, ev, file);
    return strbuf_detach(&sb);
}


static char *read_out(const struct env *e, const char *lang, const char *ev, const char *file)
{
    char *p = out_file(e, lang, ev, file);
    char *text = slurp(p, NULL);
    if (!text)
        fail_msg("%s is missing", p);
    free(p);
    return text;
}

/* The cells of one Markdown table row "| a | b |" (at most max, each cut at 511). */
static size_t cells(const char *line, char out[][512], size_t max)
{
    size_t n = 0;
    if (*line != '|')
        return 0;
    const char *p = line + 1;
    while (*p && *p != '\n' && n < max) {
        const char *end = p;
        while (*end && *end != '\n' && !(*end == '|' && end[-1] != '\\'))
            end++;
        if (*end != '|')
            break;
        const char *a = p, *b = end;
        while (a < b && *a == ' ')
            a++;
        while (b > a && b[-1] == ' ')
            b--;
        size_t len = (size_t)(b - a) < 511 ? (size_t)(b - a) : 511;
        memcpy(out[n], a, len);
        out[n][len] = '\0';
        n++;
        p = end + 1;
    }
    return n;
}

static double number(const char *s, bool sv)
{
    char buf[64];
    size_t k = 0;
    for (; *s && k < sizeof(buf) - 1; s++) {
        if ((unsigned char)*s == 0xC2 && (unsigned char)s[1] == 0xA0) {
            s++;
            continue;
        }
        if (*s == ',' && !sv)
            continue;
        buf[k++] = *s == ',' ? '.' : *s;
    }
    buf[k] = '\0';
    return strtod(buf, NULL);
}

/* Reads "0,609 till 0,840" / "0.609 to 0.840" into lo, hi. */
static bool interval(const char *s, bool sv, double *lo, double *hi)
{
    const char *sep = strstr(s, sv ? " till " : " to ");
    if (!sep)
        return false;
    *lo = number(s, sv);
    *hi = number(sep + (sv ? 6 : 4), sv);
    return true;
}

static bool has(const char *s, const char *a, const char *b)
{
    return strstr(s, a) || (b && strstr(s, b));
}

static void test_readings_follow_their_estimates(void **state)
{
    struct env *e = *state;
    size_t checked = 0;
    for (size_t l = 0; l < 2; l++) {
        bool sv = !strcmp(langs[l], "sv");
        char *md = read_out(e, langs[l], "trygghetscoach", "report.md");
        char col[8][512];
        for (const char *line = md; line; line = strchr(line, '\n')) {
            if (*line == '\n')
                line++;
            if (cells(line, col, 8) != 5 || !strcmp(col[0], sv ? "Mått" : "Measure") ||
                !strncmp(col[0], "---", 3))
                continue;
            const char *what = col[0], *reading = col[4];
            if (!*reading || !strcmp(col[1], "–"))
                continue;
            double est = number(col[1], sv), lo, hi;
            bool has_ci = interval(col[2], sv, &lo, &hi);
            bool police = has(reading, "polisupptäckt", "police-detected");
            if (has(what, "Trendförändring", "Slope change")) {
                if (est < 0.9995)
                    assert_true(has(reading, "nedåt", "downwards"));
                else if (est > 1.0005)
                    assert_true(has(reading, "uppåt", "upwards"));
            } else if (has(what, "Kvot efter/före", "Rate ratio") ||
                       has(what, "Nivåförändring", "Level change") ||
                       has(what, "Skillnad i skillnader", "Difference-in-differences")) {
                if (est < 0.995)
                    assert_true(has(reading, sv ? "lägre" : "lower", sv ? "färre" : "fewer"));
                else if (est > 1.005)
                    assert_true(has(reading, sv ? "högre" : "higher", sv ? "fler" : "more"));
            } else if (strstr(what, "RES")) {
                if (est > 1.005)
                    assert_true(has(reading, "förbättring", "improvement"));
                else if (est < 0.995)
                    assert_true(has(reading, "försämring", "worsening"));
            } else if (strstr(what, "WDD")) {
                assert_true(est < 0 ? has(reading, "färre", "fewer") : has(reading, "fler", "more"));
            } else if (strstr(what, "WDQ")) {
                assert_true(est > 0 ? has(reading, "spridning av nytta", "diffusion")
                                    : has(reading, "förskjutning till", "displacement into"));
            } else {
                continue;
            }
            /* the interval clause as the interval says */
            if (has_ci) {
                double none = strstr(what, "WD") ? 0 : 1;
                bool excludes = lo > none || hi < none;
                if (excludes != has(reading, "utesluter ingen förändring",
                                    "excludes no change"))
                    fail_msg("%s: '%s' (%s to %s) reads '%s'", langs[l], what, col[1], col[2],
                             reading);
            }
            (void)police;
            checked++;
        }
        free(md);
    }
    assert_true(checked >= 20);
}

static void test_no_rule_as_formula_and_units(void **state)
{
    struct env *e = *state;
    for (size_t l = 0; l < 2; l++)
        for (size_t k = 0; k < N_EVAL; k++) {
            static const char *const files[] = {"report.md", "report.html"};
            for (size_t f = 0; f < 2; f++) {
                char *text = read_out(e, langs[l], evaluations[k], files[f]);
                static const char *const formulas[] = {"conf_high", "conf_low", "conf\\_high",
                                                       "conf\\_low", "&lt; 1</td>"};
                for (size_t i = 0; i < sizeof(formulas) / sizeof(*formulas); i++)
                    if (strstr(text, formulas[i]))
                        fail_msg("%s %s %s prints the rule as a formula (%s)", langs[l],
                                 evaluations[k], files[f], formulas[i]);
                /* no stray Unicode minus before a digit */
                for (const char *p = strstr(text, "\xe2\x88\x92"); p;
                     p = strstr(p + 3, "\xe2\x88\x92"))
                    if (p[3] >= '0' && p[3] <= '9')
                        fail_msg("%s %s %s: a number with a Unicode minus: %.20s", langs[l],
                                 evaluations[k], files[f], p);
                assert_null(strstr(text, "Osäkert"));
                assert_null(strstr(text, "**i Obs:**"));
                assert_null(strstr(text, "**i Note:**"));
                if (f == 0) {
                    /* percentage points never with "%" in one table cell */
                    char col[16][512];
                    for (const char *line = text; line; line = strchr(line, '\n')) {
                        if (*line == '\n')
                            line++;
                        size_t n = cells(line, col, 16);
                        for (size_t c = 0; c < n; c++)
                            if ((strstr(col[c], "p.e.") || strstr(col[c], " pp") ||
                                 strstr(col[c], "procentenheter") ||
                                 strstr(col[c], "percentage points")) &&
                                strchr(col[c], '%'))
                                fail_msg("%s %s: a cell in percentage points with %%: '%s'",
                                         langs[l], evaluations[k], col[c]);
                    }
                    /* Markdown escapes no number */
                    for (const char *p = text; (p = strchr(p, '\\')) != NULL; p++) {
                        if (p[1] == '.' && p > text && p[-1] >= '0' && p[-1] <= '9' &&
                            p[2] != ' ' && p[2] != '\n')
                            fail_msg("%s %s: a number escaped: %.16s", langs[l],
                                     evaluations[k], p - 4 > text ? p - 4 : p);
                        if (p[1] == '-' && p[2] >= '0' && p[2] <= '9')
                            fail_msg("%s %s: a minus escaped: %.16s", langs[l], evaluations[k],
                                     p);
                        if (p[1] == '<' && p[2] == ' ')
                            fail_msg("%s %s: '< ' escaped", langs[l], evaluations[k]);
                    }
                }
                free(text);
            }
        }
    /* the summary in the body's unit: the survey criteria in percentage points */
    for (size_t l = 0; l < 2; l++) {
        bool sv = !strcmp(langs[l], "sv");
        char *md = read_out(e, langs[l], "trygghetscoach", "report.md");
        const char *crit = strstr(md, sv ? "Otrygg" : "unsafe late");
        assert_non_null(crit);
        const char *row = strstr(md, sv ? "| Andelen som känner sig otrygga" : "| The share feeling unsafe");
        assert_non_null(row);
        const char *eol = strchr(row, '\n');
        char line[1024];
        size_t len = (size_t)(eol - row) < sizeof(line) - 1 ? (size_t)(eol - row) : sizeof(line) - 1;
        memcpy(line, row, len);
        line[len] = '\0';
        assert_non_null(strstr(line, sv ? "-7,2 p.e." : "-7.2 pp"));
        assert_non_null(strstr(line, sv ? "-11,3 till -3,1 p.e." : "-11.3 to -3.1 pp"));
        assert_non_null(strstr(md, sv ? "Skattningen är -7,2 procentenheter" : "The estimate is -7.2 percentage points"));
        /* a rate per resident is named so */
        assert_non_null(strstr(md, sv ? "Kvot efter/före per invånare" : "Rate ratio after/before per resident"));
        free(md);
    }
}

static void test_machine_files_use_ascii_minus(void **state)
{
    struct env *e = *state;
    for (size_t l = 0; l < 2; l++)
        for (size_t k = 0; k < N_EVAL; k++) {
            static const char *const files[] = {"results.csv", "run.json"};
            for (size_t f = 0; f < 2; f++) {
                char *text = read_out(e, langs[l], evaluations[k], files[f]);
                if (strstr(text, "\xe2\x88\x92"))
                    fail_msg("%s %s %s holds a U+2212 minus sign", langs[l], evaluations[k],
                             files[f]);
                free(text);
            }
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readings_follow_their_estimates),
        cmocka_unit_test(test_no_rule_as_formula_and_units),
        cmocka_unit_test(test_machine_files_use_ascii_minus),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
