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
 *   - results.csv and run.json hold no U+2212 minus sign; the reports' numbers carry it
 *     (no ASCII hyphen-minus before a digit outside code blocks);
 *   - the legend and the table use one word for an inconclusive verdict, and the
 *     note icon is not a letter;
 *   - every kind of analysis a report uses has a methods subsection with an R call at
 *     the run's level, the multiple-comparison policy is stated, subgroup tables show
 *     Holm-adjusted p, and a glossary explains the abbreviations used;
 *   - the criteria's hash and first-run date are in the report and run.json, and a
 *     later run with changed criteria says so in the summary.
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

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("wording");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/trygg.db", e->dir);
    e->db = strbuf_detach(&sb);
    import_example(e->db);
    for (size_t l = 0; l < 2; l++) {
        strbuf_addf(&sb, "%s/out-%s", e->dir, langs[l]);
        const char *run[] = {"run", "analysis/trygghetscoach.ini", "analysis/fritidsgard.ini",
                             "analysis/trygghetsundersokning.ini", "--out", sb.buf, "--lang",
                             langs[l], "--seed", "1", "--no-charts", "-q"};
        run_trygg_ok(e->db, run, 12);
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
    char *text = html_unhyphenate(slurp(p, NULL)); /* report.html as plain text */
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
        if ((unsigned char)*s == 0xE2 && (unsigned char)s[1] == 0x88 &&
            (unsigned char)s[2] == 0x92) { /* U+2212 MINUS SIGN */
            buf[k++] = '-';
            s += 2;
            continue;
        }
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
        bool in_reading_table = false;
        for (const char *line = md; line; line = strchr(line, '\n')) {
            if (*line == '\n')
                line++;
            if (*line != '|')
                in_reading_table = false; /* a table ends at its last row */
            size_t nc = cells(line, col, 8);
            if (nc == 5 && !strcmp(col[0], sv ? "Mått" : "Measure")) {
                /* only the tables with a reading column */
                in_reading_table = !strcmp(col[4], sv ? "Läsning" : "Reading");
                continue;
            }
            if (nc != 5 || !in_reading_table || !strncmp(col[0], "---", 3))
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
                else if (est >= 2) /* a multiple, never "152 % higher" */
                    assert_true(has(reading, sv ? "gånger så" : "times as", sv ? "gånger så" : "times as") &&
                                !has(reading, sv ? "högre" : "higher", sv ? "fler" : "more"));
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
                if (!has(reading, "varning: målområdet förbättrades inte", "warning: the target"))
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
                /* a negative number takes the minus sign U+2212, not the hyphen-minus
                 * (code blocks, R calls, keep ASCII) */
                bool code = false;
                for (const char *p = text; *p; p++) {
                    if (!strncmp(p, "```", 3) || !strncmp(p, "<pre", 4) ||
                        !strncmp(p, "</pre>", 6))
                        code = !strncmp(p, "</pre>", 6) ? false : !strncmp(p, "<pre", 4) ? true
                                                                                       : !code;
                    if (!code && *p == '-' && p[1] >= '0' && p[1] <= '9' && p > text &&
                        (p[-1] == ' ' || p[-1] == '(' || p[-1] == '>'))
                        fail_msg("%s %s %s: a number with a hyphen-minus: %.30s", langs[l],
                                 evaluations[k], files[f], p - 1);
                }
                assert_null(strstr(text, "Osäkert"));
                /* a callout is a note, never a verdict: only the criteria table judges
                 * (a "Not met:" box on a comparability warning read as a failed criterion) */
                static const char *const verdict_boxes[] = {
                    "Uppfyllt:**", "Met:**", "Inte uppfyllt:**", "Not met:**", "Oklart:**",
                    "Inconclusive:**", "Uppfyllt:</strong>", "Met:</strong>",
                    "Inte uppfyllt:</strong>", "Not met:</strong>", "Oklart:</strong>",
                    "Inconclusive:</strong>"};
                for (size_t i = 0; i < sizeof(verdict_boxes) / sizeof(*verdict_boxes); i++)
                    if (strstr(text, verdict_boxes[i]))
                        fail_msg("%s %s %s: a callout labelled with a verdict (%s)", langs[l],
                                 evaluations[k], files[f], verdict_boxes[i]);
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
                            if ((strstr(col[c], "p.e.") || strstr(col[c], "\xc2\xa0pp") ||
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
        assert_non_null(strstr(line, sv ? "\xe2\x88\x92" "7,2\xc2\xa0p.e." : "\xe2\x88\x92" "7.2\xc2\xa0pp"));
        assert_non_null(strstr(line, sv ? "\xe2\x88\x92" "11,3 till \xe2\x88\x92" "3,1\xc2\xa0p.e."
                                        : "\xe2\x88\x92" "11.3 to \xe2\x88\x92" "3.1\xc2\xa0pp"));
        assert_non_null(strstr(md, sv ? "Skattningen är \xe2\x88\x92" "7,2\xc2\xa0procentenheter"
                                      : "The estimate is \xe2\x88\x92" "7.2\xc2\xa0percentage points"));
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

static void test_methods_for_every_analysis(void **state)
{
    struct env *e = *state;
    static const struct {
        const char *ev;
        const char *sv[12], *en[12];
    } want[] = {
        {"trygghetscoach",
         {"#### Enkätskattningar (vägda)", "#### Kompletterande ovägda test", "#### Kvot efter/före",
          "#### Avbruten tidsserie (ITS)", "#### Skillnad i skillnader (DiD)",
          "#### Relativ effektstorlek (RES)", "#### Viktad förskjutningskvot (WDQ)",
          "#### Viktad förskjutningsdifferens (WDD)", "#### Placebotest i tiden",
          "#### Kostnad per förhindrat fall", "#### Genomförande (aktivitet)", NULL},
         {"#### Survey estimates (weighted)", "#### Supporting unweighted tests",
          "#### Rate ratio after/before", "#### Interrupted time series (ITS)",
          "#### Difference-in-differences (DiD)", "#### Relative effect size (RES)",
          "#### Weighted displacement quotient (WDQ)", "#### Weighted displacement difference (WDD)",
          "#### Placebo in time", "#### Cost per prevented case", "#### Implementation (activity)",
          NULL}},
        {"fritidsgard",
         {"#### Återkommande dagar (röda dagar)", "#### Kostnad per förhindrat fall", NULL},
         {"#### Recurring days (public holidays)", "#### Cost per prevented case", NULL}},
        {"trygghetsundersokning",
         {"#### Enkätskattningar (vägda)", "#### Trend över år (vägd, designbaserad)",
          "#### Ovägd trend (i results.csv)", NULL},
         {"#### Survey estimates (weighted)", "#### Trend over the years (weighted, design-based)",
          "#### Unweighted trend (in results.csv)", NULL}},
    };
    for (size_t l = 0; l < 2; l++) {
        bool sv = !strcmp(langs[l], "sv");
        for (size_t k = 0; k < sizeof(want) / sizeof(*want); k++) {
            char *md = read_out(e, langs[l], want[k].ev, "report.md");
            const char *const *heads = sv ? want[k].sv : want[k].en;
            for (size_t h = 0; heads[h]; h++) {
                const char *at = strstr(md, heads[h]);
                if (!at) {
                    fail_msg("%s %s: no methods subsection '%s'", langs[l], want[k].ev, heads[h]);
                    continue;
                }
                /* each with its assumptions and its R call */
                const char *next = strstr(at + strlen(heads[h]), "\n#### ");
                const char *r = strstr(at, sv ? "\nI R:\n\n```r\n" : "\nIn R:\n\n```r\n");
                const char *a = strstr(at, sv ? "\nAntaganden: " : "\nAssumptions: ");
                if (!r || !a || (next && (r > next || a > next)))
                    fail_msg("%s %s: '%s' lacks its assumptions or R call", langs[l],
                             want[k].ev, heads[h]);
            }
            assert_non_null(strstr(md, sv ? "#### Flera jämförelser" : "#### Multiple comparisons"));
            assert_non_null(strstr(md, "p.adjust(p, method = \"holm\")"));
            assert_non_null(strstr(md, sv ? "### Ordlista" : "### Glossary"));
            free(md);
        }
        char *md = read_out(e, langs[l], "trygghetscoach", "report.md");
        /* the R calls name the run's level */
        assert_non_null(strstr(md, "conf.level = 0.95"));
        static const char *const gl_sv[] = {"**Konfidensintervall (KI):**", "**DiD (skillnad i skillnader):**",
                                            "**Kvot av kvoter:**", "**RES (relativ effektstorlek):**",
                                            "**WDQ (viktad förskjutningskvot):**",
                                            "**WDD (viktad förskjutningsdifferens):**",
                                            "**Taylor-linjärisering:**", "**Procentenheter (p.e.):**"};
        static const char *const gl_en[] = {"**Confidence interval (CI):**", "**DiD (difference-in-differences):**",
                                            "**Ratio of rate ratios:**", "**RES (relative effect size):**",
                                            "**WDQ (weighted displacement quotient):**",
                                            "**WDD (weighted displacement difference):**",
                                            "**Taylor linearisation:**", "**Percentage points (pp):**"};
        for (size_t g = 0; g < sizeof(gl_sv) / sizeof(*gl_sv); g++)
            if (!strstr(md, sv ? gl_sv[g] : gl_en[g]))
                fail_msg("%s: the glossary lacks %s", langs[l], sv ? gl_sv[g] : gl_en[g]);
        /* subgroup tables: p and Holm-adjusted p */
        assert_non_null(strstr(md, "| p | p (Holm) |"));
        assert_non_null(strstr(md, sv ? "**Beslutskriteriernas SHA-256:**" : "**Decision criteria SHA-256:**"));
        assert_non_null(strstr(md, sv ? "**Kriterierna kördes första gången:**" : "**Criteria first run:**"));
        free(md);
    }
}

/* Changed criteria on the same database: the report says so, run.json names both. */
static void test_changed_criteria_are_shown(void **state)
{
    struct env *e = *state;
    char *first = read_out(e, "sv", "trygghetscoach", "run.json");
    json_error_t err;
    json_t *j1 = json_loads(first, 0, &err);
    assert_non_null(j1);
    json_t *reg1 = json_object_get(j1, "criteria_registration");
    const char *sha1 = json_string_value(json_object_get(reg1, "sha256"));
    assert_non_null(sha1);
    assert_int_equal(strlen(sha1), 64);
    assert_true(json_is_true(json_object_get(reg1, "first_run_recorded")));
    assert_true(json_is_null(json_object_get(reg1, "changed_from_sha256")));
    /* the English run came later with the same criteria: the same first date */
    char *en = read_out(e, "en", "trygghetscoach", "run.json");
    json_t *j2 = json_loads(en, 0, &err);
    json_t *reg2 = json_object_get(j2, "criteria_registration");
    assert_string_equal(json_string_value(json_object_get(reg2, "first_run_utc")),
                        json_string_value(json_object_get(reg1, "first_run_utc")));
    /* a copy with one rule changed (and a new comment, which alone changes nothing) */
    char *spec = slurp("analysis/trygghetscoach.ini", NULL);
    assert_non_null(spec);
    struct strbuf text = STRBUF_INIT, path = STRBUF_INIT, out = STRBUF_INIT;
    const char *rule = strstr(spec, "rule = conf_high < 1");
    assert_non_null(rule);
    strbuf_addstr(&text, "; changed after the results were seen\n");
    strbuf_add(&text, spec, (size_t)(rule - spec));
    strbuf_addstr(&text, "rule = conf_high < 0.9");
    strbuf_addstr(&text, rule + strlen("rule = conf_high < 1"));
    strbuf_addf(&path, "%s/changed.ini", e->dir);
    write_file(path.buf, text.buf, text.len);
    strbuf_addf(&out, "%s/out-changed", e->dir);
    const char *run[] = {"run", path.buf, "--out", out.buf, "--no-charts", "-q"};
    run_trygg_ok(e->db, run, 6);
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/trygghetscoach/report.md", out.buf);
    char *md = slurp(p.buf, NULL);
    assert_non_null(md);
    assert_non_null(strstr(md, "Beslutskriterierna har ändrats"));
    assert_non_null(strstr(md, "**Tidigare kriterier:**"));
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/trygghetscoach/run.json", out.buf);
    json_t *j3 = json_load_file(p.buf, 0, &err);
    assert_non_null(j3);
    json_t *reg3 = json_object_get(j3, "criteria_registration");
    assert_string_equal(json_string_value(json_object_get(reg3, "changed_from_sha256")), sha1);
    assert_string_not_equal(json_string_value(json_object_get(reg3, "sha256")), sha1);
    json_decref(j1);
    json_decref(j2);
    json_decref(j3);
    free(md);
    free(first);
    free(en);
    free(spec);
    strbuf_release(&p);
    strbuf_release(&text);
    strbuf_release(&path);
    strbuf_release(&out);
}

/* Every ITS chart has its cumulative-effect panel (issue 12, charts): its caption reads
 * the end of the period from the estimate and interval, which are the prevented cases
 * of the summary with the sign turned; the first caption is pinned word for word. */
static void test_its_chart_has_a_cumulative_panel(void **state)
{
    struct env *e = *state;
    static const char *const golden[] = {
        "*Kumulativ effekt: observerat antal minus vad modellen väntar sig utan insatsen, "
        "summerat månad för månad från starten, med 95\xc2\xa0% konfidensintervall (osäkerheten i det "
        "väntade; de observerade antalen tas som givna). Under noll: färre fall än väntat. Vid "
        "periodens slut: \xe2\x88\x92" "89 (95\xc2\xa0% KI \xe2\x88\x92" "192 till 13). Intervallet omfattar noll, så data kan "
        "varken visa eller utesluta att antalet ändrades.*",
        "*Cumulative effect: the observed count minus what the model expects without the "
        "measure, summed month by month from the start, with its 95% confidence interval (the "
        "uncertainty of the expected; the observed counts are taken as given). Below zero: fewer "
        "cases than expected. At the end of the period: \xe2\x88\x92" "89 (95% CI \xe2\x88\x92" "192 to 13). The interval "
        "includes zero, so the data can neither show nor rule out a change in the count.*"};
    for (size_t l = 0; l < 2; l++) {
        bool sv = !strcmp(langs[l], "sv");
        char *md = read_out(e, langs[l], "trygghetscoach", "report.md");
        const char *its_cap = sv ? "*Observerat antal, modellens anpassning och vad modellen"
                                 : "*Observed counts, the model's fit and what the model";
        const char *cum_cap = sv ? "*Kumulativ effekt: " : "*Cumulative effect: ";
        const char *end_at = sv ? "Vid periodens slut: " : "At the end of the period: ";
        size_t n_its = 0, n_cum = 0;
        for (const char *p = strstr(md, its_cap); p; p = strstr(p + 1, its_cap))
            n_its++;
        for (const char *p = strstr(md, cum_cap); p; p = strstr(p + 1, cum_cap)) {
            n_cum++;
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            if (n_cum == 1 && (len != strlen(golden[l]) || strncmp(p, golden[l], len)))
                fail_msg("%s: the cumulative panel's caption reads\n%.*s\nnot\n%s", langs[l],
                         (int)len, p, golden[l]);
            const char *q = strstr(p, end_at);
            assert_true(q && q < p + len);
            q += strlen(end_at);
            double end = number(q, sv), lo = NAN, hi = NAN;
            const char *par = strstr(q, sv ? "KI " : "CI ");
            assert_non_null(par);
            assert_true(interval(par + 3, sv, &lo, &hi));
            assert_true(lo <= end && end <= hi);
            char cell[512];
            snprintf(cell, sizeof(cell), "%.*s", (int)(p + len - q), q);
            if (hi < 0)
                assert_true(has(cell, "färre fall än väntat; hela", "fewer cases than expected; the whole"));
            else if (lo > 0)
                assert_true(has(cell, "fler fall än väntat; hela", "more cases than expected; the whole"));
            else
                assert_true(has(cell, "Intervallet omfattar noll", "The interval includes zero"));
            /* the summary's prevented cases from the same model: -end (lo, hi turned),
             * said as the cumulative effect beside the level change it is not (evaluate.c,
             * cumulative_text); a rise has no prevented cases in the summary */
            if (end >= 0)
                continue;
            char prevented[160];
            snprintf(prevented, sizeof(prevented),
                     sv ? "ger samma modell %.0f färre fall än väntat" : "the same model gives %.0f fewer cases than expected",
                     -end);
            if (!strstr(md, prevented))
                fail_msg("%s: no '%s' in the summary for the panel ending at %g", langs[l],
                         prevented, end);
        }
        assert_true(n_its >= 2);
        assert_int_equal(n_cum, n_its);
        free(md);
    }
}

/* The yearly survey's tables by area, gender and age (issue 12, item 7): per group and
 * year the answers, the estimate with its interval, and the changes from the group's
 * year before and from the baseline with intervals, marked after Holm adjustment and
 * the mark explained; one row pinned word for word.  A mark needs an interval that
 * excludes zero (Holm only makes p larger). */
static void test_survey_breakdowns_have_n_interval_and_mark(void **state)
{
    struct env *e = *state;
    for (size_t l = 0; l < 2; l++) {
        bool sv = !strcmp(langs[l], "sv");
        char *md = read_out(e, langs[l], "trygghetsundersokning", "report.md");
        const char *head = sv ? "| Grupp | År | Svar | Skattning (95\xc2\xa0% KI) | Mot året före | Mot basåret |"
                              : "| Group | Year | Answers | Estimate (95% CI) | Against the year before | Against the baseline |";
        const char *row = sv ? "|  | 2019 | 918 | 17,0\xc2\xa0% (14,6 till 19,8\xc2\xa0%) | \xe2\x88\x92" "7,1\xc2\xa0p.e. (\xe2\x88\x92" "11,3 till \xe2\x88\x92" "3,0) \\* | +0,3\xc2\xa0p.e. (\xe2\x88\x92" "3,7 till +4,4) |"
                             : "|  | 2019 | 918 | 17.0% (14.6 to 19.8%) | \xe2\x88\x92" "7.1\xc2\xa0pp (\xe2\x88\x92" "11.3 to \xe2\x88\x92" "3.0) \\* | +0.3\xc2\xa0pp (\xe2\x88\x92" "3.7 to +4.4) |";
        const char *legend = sv ? "\\* = förändringen är statistiskt säkerställd efter Holm-justering över "
                                  "tabellens jämförelser (mot året före och mot basåret var för sig), som i "
                                  "sammanfattningen."
                                : "\\* = the change is statistically significant after Holm adjustment over "
                                  "the table's comparisons (against the year before and against the "
                                  "baseline separately), as in the summary.";
        size_t tables = 0, rows = 0, marks = 0;
        char col_g[8][512];
        for (const char *p = strstr(md, head); p; p = strstr(p + 1, head)) {
            tables++;
            const char *end = strstr(p, "\n\n");
            assert_non_null(end);
            const char *after = end + 2;
            /* the legend follows the table */
            const char *leg = strstr(after, legend);
            const char *next_table = strstr(after, "\n| ");
            assert_true(leg && (!next_table || leg < next_table));
            char col[8][512];
            for (const char *line = strchr(p, '\n') + 1; line && line < end;
                 line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
                if (cells(line, col, 8) != 6 || !strncmp(col[0], "---", 3))
                    continue;
                rows++;
                if (!strcmp(col[3], "\xc2\xb7"))
                    continue; /* withheld */
                /* the answers and an interval for the estimate */
                assert_true(number(col[2], sv) > 0);
                /* an interval, or "no interval" in words (a share of 0 % has no logit
                 * interval; never "– to –") */
                assert_true(strstr(col[3], sv ? " till " : " to ") ||
                            strstr(col[3], sv ? "inget intervall" : "no interval"));
                assert_null(strstr(col[3], sv ? "\xe2\x80\x93 till \xe2\x80\x93"
                                              : "\xe2\x80\x93 to \xe2\x80\x93"));
                for (int k = 4; k <= 5; k++) {
                    bool marked = strstr(col[k], " \\*") != NULL;
                    marks += marked;
                    double lo = NAN, hi = NAN;
                    const char *par = strchr(col[k], '(');
                    if (!par)
                        continue; /* "–" or the baseline */
                    assert_true(interval(par + 1, sv, &lo, &hi));
                    if (marked && !(hi < 0 || lo > 0))
                        fail_msg("%s: '%s' is marked but its interval includes zero", langs[l],
                                 col[k]);
                }
            }
        }
        assert_int_equal(tables, 10); /* 2 questions x 3 groupings + 4 questions x area */
        /* the summary tells the questions apart: no two rows name one label */
        const char *ghead = sv ? "| Fråga | År |" : "| Question | Year |";
        char seen[16][512];
        size_t ns = 0;
        for (const char *g = strstr(md, ghead); g; g = strstr(g + 1, ghead))
        for (const char *line = strchr(g, '\n') + 1; line && *line == '|'; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
            if (cells(line, col_g, 8) < 2 || !strncmp(col_g[0], "---", 3))
                continue;
            const char *label = strstr(col_g[0], ": ") ? strstr(col_g[0], ": ") + 2 : col_g[0];
            for (size_t k = 0; k < ns; k++)
                if (!strcmp(seen[k], label))
                    fail_msg("%s: two questions of the summary read '%s'", langs[l], label);
            if (ns < 16)
                snprintf(seen[ns++], sizeof(seen[0]), "%s", label);
        }
        assert_int_equal(ns, 6); /* T01, O06, P07, P08, P03, P09 */
        /* the per-year tables: every change against the baseline has its interval */
        const char *yhead = sv ? "| År | Svar | Skattning (95\xc2\xa0% KI) | Mot basåret | p (Holm) |"
                               : "| Year | Answers | Estimate (95% CI) | Against the baseline | p (Holm) |";
        size_t ytables = 0, ychanges = 0;
        for (const char *g = strstr(md, yhead); g; g = strstr(g + 1, yhead)) {
            ytables++;
            for (const char *line = strchr(g, '\n') + 1; line && *line == '|';
                 line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
                if (cells(line, col_g, 8) != 5 || !strncmp(col_g[0], "---", 3))
                    continue;
                if (strstr(col_g[3], sv ? "\xc2\xa0p.e." : "\xc2\xa0pp")) {
                    ychanges++;
                    if (!strstr(col_g[3], sv ? " till " : " to "))
                        fail_msg("%s: '%s' has no interval", langs[l], col_g[3]);
                }
            }
        }
        assert_int_equal(ytables, 6);
        assert_true(ychanges >= 6 * 6);
        assert_true(rows >= 10 * 16);
        assert_true(marks > 0);
        if (!strstr(md, row))
            fail_msg("%s: no row '%s'", langs[l], row);
        free(md);
    }
}

/* Each method is described once: the by-outcome paragraphs that say the same thing
 * for several outcomes are one paragraph naming them all (issue 12, methods). */
static void test_methods_paragraphs_are_not_repeated(void **state)
{
    struct env *e = *state;
    for (size_t l = 0; l < 2; l++)
        for (size_t k = 0; k < N_EVAL; k++) {
            char *md = read_out(e, langs[l], evaluations[k], "report.md");
            const char *m = strstr(md, langs[l][0] == 's' ? "\n### Metoder" : "\n### Methods");
            assert_non_null(m);
            const char *end = strstr(m + 1, "\n### ");
            size_t n = end ? (size_t)(end - m) : strlen(m);
            char *sec = strndup(m, n);
            /* no paragraph's text after its first ": " (its outcome) occurs twice */
            for (char *p = sec; (p = strstr(p, "\n\n")) != NULL; p += 2) {
                char *q = p + 2, *stop = strstr(q, "\n");
                if (!stop || *q == '#' || *q == '`' || *q == '|' || *q == '-')
                    continue;
                char *colon = strstr(q, ": ");
                if (!colon || colon > stop || stop - colon < 40)
                    continue;
                char *text = strndup(colon, (size_t)(stop - colon));
                const char *first = strstr(sec, text);
                if (first && strstr(first + 1, text))
                    fail_msg("%s %s: the methods say twice '%.80s'", langs[l], evaluations[k],
                             text);
                free(text);
            }
            free(sec);
            free(md);
        }
    char *md = read_out(e, "sv", "trygghetscoach", "report.md");
    assert_non_null(strstr(md, "\nOtrygg ute ensam sent på kvällen; Öppen narkotikaförsäljning ett "
                               "stort problem; Oro för brottsligheten i samhället: vägda andelar"));
    free(md);
}

/* Sentences end once ("-5,9 p.e.." read as a typo), and the methods describe what the
 * report shows: the ITS subsection gives the cumulative effect's R call, and the cost
 * subsection says the prevented cases of an ITS criterion come from the model. */
static void test_methods_match_the_report(void **state)
{
    struct env *e = *state;
    for (size_t l = 0; l < 2; l++) {
        bool sv = !strcmp(langs[l], "sv");
        for (size_t k = 0; k < N_EVAL; k++) {
            char *md = read_out(e, langs[l], evaluations[k], "report.md");
            if (strstr(md, "p.e..") || strstr(md, "pp.."))
                fail_msg("%s %s: a sentence ends in 'p.e..'/'pp..'", langs[l], evaluations[k]);
            free(md);
        }
        char *md = read_out(e, langs[l], "trygghetscoach", "report.md");
        const char *its = strstr(md, sv ? "#### Avbruten tidsserie (ITS)" : "#### Interrupted time series (ITS)");
        assert_non_null(its);
        const char *next = strstr(its + 5, "\n#### ");
        const char *cum = strstr(its, "cum <- cumsum(d$y[after] - cf)");
        assert_true(cum && (!next || cum < next));
        const char *cost = strstr(md, sv ? "#### Kostnad per förhindrat fall" : "#### Cost per prevented case");
        assert_non_null(cost);
        const char *delta = strstr(cost, sv ? "(deltametoden;" : "(the delta method;");
        next = strstr(cost + 5, "\n#### ");
        assert_true(delta && (!next || delta < next));
        free(md);
    }
}

/* A plan's unit is named in words, not by its category id ("40 coach_pass"); a single
 * criterion is counted in the singular ("Of 1 criteria ... 1 are inconclusive"). */
static void test_plan_units_in_words(void **state)
{
    struct env *e = *state;
    for (size_t l = 0; l < 2; l++) {
        char *one = read_out(e, langs[l], "fritidsgard", "report.md");
        assert_non_null(strstr(one, langs[l][0] == 's' ? "Det förhandsbestämda kriteriet är oklart."
                                                       : "The one pre-registered criterion is inconclusive."));
        assert_null(strstr(one, langs[l][0] == 's' ? "Av 1 " : "Of 1 "));
        /* the unit of the prevented cases agrees with its number */
        assert_non_null(strstr(one, langs[l][0] == 's' ? "förhindrade anmälda händelser på röda dagar"
                                                       : "prevented reported incidents on holidays"));
        free(one);
        char *md = read_out(e, langs[l], "trygghetscoach", "report.md");
        assert_null(strstr(md, "coach_pass per"));
        assert_null(strstr(md, "(coach_pass in"));
        assert_null(strstr(md, "(coach_pass i"));
        assert_non_null(strstr(md, langs[l][0] == 's' ? "planerat 40 trygghetscoachpass per månad"
                                                      : "planned 40 safety-coach shifts a month"));
        free(md);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readings_follow_their_estimates),
        cmocka_unit_test(test_no_rule_as_formula_and_units),
        cmocka_unit_test(test_machine_files_use_ascii_minus),
        cmocka_unit_test(test_methods_for_every_analysis),
        cmocka_unit_test(test_changed_criteria_are_shown),
        cmocka_unit_test(test_its_chart_has_a_cumulative_panel),
        cmocka_unit_test(test_survey_breakdowns_have_n_interval_and_mark),
        cmocka_unit_test(test_methods_paragraphs_are_not_repeated),
        cmocka_unit_test(test_plan_units_in_words),
        cmocka_unit_test(test_methods_match_the_report),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
