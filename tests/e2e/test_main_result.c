/*
 * End-to-end tests of a section's main result, the one line a steering group quotes
 * (REPORTING.md rule 9, one voice): it is the estimate of the strongest design the
 * section has, named in words -- the synthetic comparison area, the change against the
 * comparison area, the target's own time series (level change and the cumulative
 * effect the criteria read), the crude after/before ratio only when nothing else
 * exists -- and its numbers are results.csv's and run.json's, in both languages.
 * Also: a ratio of two or more said as a multiple, a recording change in the first
 * month analysed, an [intermittent] baseline of zeros, and no verdict word ("met",
 * "not met") on anything but a criterion.
 * Fixtures: the bundled example, and made-up series (a count that rises 2.5-fold; a
 * daily series whose holidays before the start are all zero).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2eutil.h"
#include "util/date.h"
#include "util/holidays.h"
#include "util/strbuf.h"

struct env {
    char *dir, *db;   /* the bundled example */
    char *dir2, *db2; /* made-up series */
};

static struct env *g;

#define NBSP "\xc2\xa0"

static char *made_up_counts(void)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "manad;omrade;kategori;antal\n");
    for (int k = 0; k < 72; k++) {
        int y = 2015 + k / 12, m = 1 + k % 12;
        /* graffiti: 10 a month before 2019, 25 after: a ratio of about 2.5 */
        strbuf_addf(&sb, "%04d-%02d;Testby;klotter;%d\n", y, m, (k < 48 ? 10 : 25) + (k % 3) - 1);
        strbuf_addf(&sb, "%04d-%02d;Testby;stold;%d\n", y, m, 30 + (k % 4) - 1);
    }
    return strbuf_detach(&sb);
}

/* Daily disturbances 2016-2019: the public holidays before 2018-05-01 all zero (the
 * baseline), every other day of the kinds compared has some. */
static char *made_up_days(void)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "datum;omrade;kategori;antal\n");
    long from = date_to_days((struct date){2016, 1, 1}), to = date_to_days((struct date){2019, 12, 31});
    long start = date_to_days((struct date){2018, 5, 1});
    for (long t = from; t <= to; t++) {
        struct date d = date_from_days(t);
        bool hol = holiday_se(d.year, d.month, d.day, NULL) == HOLIDAY_PUBLIC;
        int n = hol && t < start ? 0 : 1 + (int)(t % 3);
        strbuf_addf(&sb, "%04d-%02d-%02d;Testby;ordningsstorning;%d\n", d.year, d.month, d.day, n);
    }
    return strbuf_detach(&sb);
}

static int setup(void **state)
{
    g = calloc(1, sizeof(*g));
    g->dir = make_temp_dir("mainres");
    g->db = path_in_dir(g->dir, "trygg.db");
    import_example(g->db);
    g->dir2 = make_temp_dir("mainres2");
    g->db2 = path_in_dir(g->dir2, "trygg.db");
    char *counts = made_up_counts(), *days = made_up_days();
    char *f = put_file_in(g->dir2, "counts.csv", counts);
    char *f2 = put_file_in(g->dir2, "days.csv", days);
    char *iv = put_file_in(g->dir2, "insatser.csv",
                           "namn;omrade;start;slut;kostnad_per_ar;kostnad_period;namn_sv;namn_en\n"
                           "vakt;Testby;2019-01-01;;1200000;;väktare;guards\n");
    const char *a[] = {"import", "incidents", f, f2, "-q"};
    run_trygg_ok(g->db2, a, 5);
    const char *b[] = {"import", "interventions", iv, "-q"};
    run_trygg_ok(g->db2, b, 4);
    free(counts);
    free(days);
    free(f);
    free(f2);
    free(iv);
    *state = g;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (!getenv("KEEP")) {
        rm_rf(g->dir);
        rm_rf(g->dir2);
    }
    free(g->dir);
    free(g->db);
    free(g->dir2);
    free(g->db2);
    free(g);
    return 0;
}

/* ------------------------------------------------------------------ helpers */

static void assert_has(const char *text, const char *needle)
{
    if (!text || !strstr(text, needle))
        fail_msg("\"%s\" not in:\n%s", needle, text ? text : "(null)");
}

static void assert_lacks(const char *text, const char *needle)
{
    if (text && strstr(text, needle))
        fail_msg("\"%s\" unexpectedly in:\n%s", needle, text);
}

/* The first line of md that starts with prefix, as a new string (fails if none). */
static char *line_starting(const char *md, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *p = md; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len >= n && !strncmp(p, prefix, n)) {
            char *s = malloc(len + 1);
            memcpy(s, p, len);
            s[len] = '\0';
            return s;
        }
        p = e ? e + 1 : NULL;
    }
    fail_msg("no line starting with \"%s\" in:\n%s", prefix, md);
    return NULL;
}

/* The first line of md that contains needle, as a new string (fails if none). */
static char *line_with(const char *md, const char *needle)
{
    const char *at = strstr(md, needle);
    if (!at)
        fail_msg("no line with \"%s\" in:\n%s", needle, md);
    const char *b = at;
    while (b > md && b[-1] != '\n')
        b--;
    const char *e = strchr(at, '\n');
    size_t len = e ? (size_t)(e - b) : strlen(b);
    char *s = malloc(len + 1);
    memcpy(s, b, len);
    s[len] = '\0';
    return s;
}

static size_t count_of(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* A number as the report prints it: `d` decimals, decimal comma in Swedish, U+2212 for
 * a minus, a plus when `sign` and positive. */
static const char *num_text(double x, int d, bool sv, bool sign)
{
    static char ring[8][64];
    static int k;
    char *out = ring[k++ % 8], raw[48];
    snprintf(raw, sizeof(raw), "%.*f", d, fabs(x));
    if (sv)
        for (char *c = raw; *c; c++)
            if (*c == '.')
                *c = ',';
    bool zero = strspn(raw, "0.,") == strlen(raw);
    snprintf(out, 64, "%s%s", x < 0 && !zero ? "\xe2\x88\x92" : sign && x > 0 && !zero ? "+" : "",
             raw);
    return out;
}

/* format.h's rule for an estimate and its interval: the decimals that give the smallest
 * nonzero of the three three significant digits. */
static int common_decimals(double est, double lo, double hi)
{
    double v[3] = {est, lo, hi}, small = NAN;
    for (int k = 0; k < 3; k++)
        if (isfinite(v[k]) && v[k] != 0 && !(fabs(v[k]) >= small))
            small = fabs(v[k]);
    if (isnan(small))
        return 2;
    int d = 2 - (int)floor(log10(small));
    return d < 0 ? 0 : d > 10 ? 10 : d;
}

/* "0,716 (95 % konfidensintervall 0,593 till 0,864)" as ratio_with_ci prints the numbers */
static void ratio_numbers(const struct results_row *r, bool sv, struct strbuf *out)
{
    double est = results_num(r, RF_ESTIMATE), lo = results_num(r, RF_LOW),
           hi = results_num(r, RF_HIGH);
    int d = common_decimals(est, lo, hi);
    strbuf_addf(out, "%s, %s %s %s %s", num_text(est, d, sv, false),
                sv ? "95" NBSP "% konfidensintervall" : "95% confidence interval",
                num_text(lo, d, sv, false), sv ? "till" : "to", num_text(hi, d, sv, false));
}

/* "28 % lower" / "2,5 times as high" for a ratio, as ratio_size_text says it */
static void size_words(double rr, bool sv, struct strbuf *out)
{
    if (rr >= 2)
        strbuf_addf(out, sv ? "%s gånger så högt" : "%s times as high",
                    num_text(rr, rr < 9.95 ? 1 : 0, sv, false));
    else
        strbuf_addf(out, sv ? "%.0f" NBSP "%% %s" : "%.0f%% %s", fabs(rr - 1) * 100,
                    rr < 1 ? (sv ? "lägre" : "lower") : (sv ? "högre" : "higher"));
}

static json_t *run_json(const char *dir, const char *id)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/out/%s/run.json", dir, id);
    json_error_t err;
    json_t *j = json_load_file(p.buf, 0, &err);
    if (!j)
        fail_msg("%s: %s", p.buf, err.text);
    strbuf_release(&p);
    return j;
}

static json_t *criterion(json_t *root, const char *id)
{
    json_t *list = json_object_get(root, "criteria");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *c = json_array_get(list, i);
        if (!strcmp(json_string_value(json_object_get(c, "id")), id))
            return c;
    }
    fail_msg("no criterion %s in run.json", id);
    return NULL;
}

static double num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_number(v))
        fail_msg("run.json: %s is not a number", key);
    return json_number_value(v);
}

/* "89 fewer cases than expected (interval from 13 more to 192 fewer)", as
 * cases_vs_expected says it (the interval here spans both directions or one). */
static void cases_text(double pr, double lo, double hi, bool sv, struct strbuf *out)
{
    double r = round(pr), a = round(lo), b = round(hi);
    if (r == 0)
        strbuf_addstr(out, sv ? "0 fall fler eller färre än väntat" : "0 cases more or fewer than expected");
    else
        strbuf_addf(out, sv ? "%.0f %s fall än väntat" : "%.0f %s cases than expected", fabs(r),
                    r > 0 ? (sv ? "färre" : "fewer") : (sv ? "fler" : "more"));
    if (a > 0 || b < 0)
        strbuf_addf(out, sv ? " (intervall %.0f till %.0f %s)" : " (interval %.0f to %.0f %s)",
                    a > 0 ? a : -b, a > 0 ? b : -a,
                    a > 0 ? (sv ? "färre" : "fewer") : (sv ? "fler" : "more"));
}

static const char *EVAL_HEAD = "[evaluation]\n"
                               "id = mr\n"
                               "title.sv = Provet\n"
                               "title.en = The test\n"
                               "question.sv = Vad hände?\n"
                               "question.en = What happened?\n"
                               "interventions = trygghetscoacher\n"
                               "start = 2018-09-01\n"
                               "\n";

static int run_mr(const char *db, const char *dir, const char *body, bool sv, char **csv,
                  char **md)
{
    struct strbuf spec = STRBUF_INIT;
    strbuf_addstr(&spec, EVAL_HEAD);
    strbuf_addstr(&spec, body);
    char *err = NULL;
    int rc = run_spec_in(db, dir, "mr.ini", spec.buf, sv ? "sv" : "en", csv, md, &err);
    if (rc != 0)
        fail_msg("exit %d: %s", rc, err);
    free(err);
    strbuf_release(&spec);
    return rc;
}

/* No callout carries a criterion's verdict word: only the criteria table judges. */
static void assert_no_verdict_callouts(const char *md)
{
    assert_lacks(md, "> **\xe2\x9c\x93 ");
    assert_lacks(md, "Uppfyllt:**");
    assert_lacks(md, "Met:**");
    assert_lacks(md, "Inte uppfyllt:**");
    assert_lacks(md, "Not met:**");
    assert_lacks(md, "Oklart:**");
    assert_lacks(md, "Inconclusive:**");
}

/* ------------------------------------------------------------------ tests */

/*
 * comparison = synthetic: the main result is the synthetic comparison's ratio with its
 * permutation p (results.csv's synth/post_ratio), not the target's own before/after
 * ratio, which follows it named as being without comparison.
 */
static void test_synthetic_is_the_main_result(void **state)
{
    (void)state;
    const char *body =
        "[incidents dsyn]\n"
        "category = ordningsstorning\n"
        "area = Åkersberga centrum\n"
        "comparison = synthetic\n"
        "donors.exclude = Norrgårdsvägen/Söra + Tunaberg/Tunagård/Margretelund + "
        "Österskär/Täljö/Näsängen + Skärgårdsstaden + Svinninge/Rydbo + Tråsättra/Åkers Runö + "
        "Ljusterö/skärgården + Roslags-Kulla/övriga landsbygd + Vallentuna\n"
        "model = rate_ratio\n"
        "from = 2015-01\n"
        "to = 2020-12\n";
    for (int sv = 0; sv <= 1; sv++) {
        char *csv = NULL, *md = NULL;
        run_mr(g->db, g->dir, body, sv, &csv, &md);
        struct results_row syn, rr;
        assert_true(results_find(csv, "dsyn", "", "synth", "post_ratio", &syn));
        assert_true(results_find(csv, "dsyn", "", "poisson_exact", "rate_ratio", &rr));
        double ratio = results_num(&syn, RF_ESTIMATE), p = results_num(&syn, RF_P);
        char *line = line_starting(md, sv ? "Huvudresultat, mot det syntetiska jämförelseområdet: "
                                          : "Main result, against the synthetic comparison area: ");
        struct strbuf want = STRBUF_INIT;
        size_words(ratio, sv, &want);
        strbuf_addf(&want, sv ? " (kvot %s, permutations-p = %s)" : " (ratio %s, permutation p = %s)",
                    num_text(ratio, common_decimals(ratio, NAN, NAN), sv, false),
                    num_text(p, round(p * 1000) / 1000 < 0.01 ? 3 : 2, sv, false));
        assert_has(line, want.buf);
        /* the crude ratio: after the synthetic result, named as without comparison */
        strbuf_reset(&want);
        size_words(results_num(&rr, RF_ESTIMATE), sv, &want);
        strbuf_addf(&want, sv ? " (kvot " : " (ratio ");
        ratio_numbers(&rr, sv, &want);
        strbuf_addch(&want, ')');
        const char *own = strstr(line, sv ? "Utan jämförelse, efter mot före i målområdet: "
                                          : "Without a comparison, after against before in the "
                                            "target area: ");
        assert_non_null(own);
        assert_has(own, want.buf);
        assert_true(strstr(line, want.buf) == strstr(own, want.buf)); /* not before it */
        assert_no_verdict_callouts(md);
        strbuf_release(&want);
        free(line);
        free(csv);
        free(md);
    }
}

/*
 * A comparison area and the time series: the main result is the DiD (results.csv's
 * did row), then the target's own time series with the level change and the cases the
 * criterion on the level change counts (run.json's prevented), said in the words the
 * answer uses.
 */
static void test_did_then_the_time_series(void **state)
{
    (void)state;
    const char *body = "[incidents dist]\n"
                       "category = ordningsstorning\n"
                       "area = Åkersberga centrum\n"
                       "comparison = Vallentuna\n"
                       "model = its_quasipoisson\n"
                       "from = 2015-01\n"
                       "to = 2020-12\n"
                       "\n"
                       "[criterion c_level]\n"
                       "outcome = dist\n"
                       "term = level_change\n"
                       "rule = conf_high < 1\n"
                       "text.sv = Störningarna minskar\n"
                       "text.en = Disturbances fall\n"
                       "\n"
                       "[criterion c_did]\n"
                       "outcome = dist\n"
                       "term = did\n"
                       "rule = conf_high < 1\n"
                       "text.sv = Mer än i Vallentuna\n"
                       "text.en = More than in Vallentuna\n";
    for (int sv = 0; sv <= 1; sv++) {
        char *csv = NULL, *md = NULL;
        run_mr(g->db, g->dir, body, sv, &csv, &md);
        struct results_row did, lvl;
        assert_true(results_find(csv, "dist", "", "did_quasipoisson", "did", &did));
        assert_true(results_find(csv, "dist", "", "its_quasipoisson", "level_change", &lvl));
        char *line = line_starting(
            md, sv ? "Huvudresultat, jämfört med förändringen i jämförelseområdet (Vallentuna): "
                   : "Main result, relative to the change in the comparison area (Vallentuna): ");
        struct strbuf want = STRBUF_INIT;
        size_words(results_num(&did, RF_ESTIMATE), sv, &want);
        strbuf_addstr(&want, sv ? " (kvot av kvoter " : " (ratio of rate ratios ");
        ratio_numbers(&did, sv, &want);
        assert_has(line, want.buf);
        strbuf_reset(&want);
        strbuf_addstr(&want, sv ? "Utan jämförelse, i målområdets egen tidsserie: nivåförändring "
                                  "vid starten "
                                : "Without a comparison, in the target area's own time series: "
                                  "level change at the start ");
        size_words(results_num(&lvl, RF_ESTIMATE), sv, &want);
        strbuf_addstr(&want, " (");
        ratio_numbers(&lvl, sv, &want);
        assert_has(line, want.buf);
        /* the cumulative effect: run.json's, in the words the answer's line uses */
        json_t *j = run_json(g->dir, "mr");
        json_t *c = criterion(j, "c_level");
        strbuf_reset(&want);
        cases_text(num(c, "prevented"), num(c, "prevented_low"), num(c, "prevented_high"), sv,
                   &want);
        assert_has(line, want.buf);
        char *answer = line_starting(md, sv ? "- Störningarna minskar: " : "- Disturbances fall: ");
        assert_has(answer, want.buf);
        /* "prevented" is causal: at level 2 the cost line says what it rests on; at
         * level 3 it does not need to */
        const char *l2 = sv ? "på nivå 2 (ingen jämförelse) är fallen färre än väntat, förhindrade "
                              "bara om minskningen beror på insatserna"
                            : "at level 2 (no comparison) these are cases fewer than expected, "
                              "prevented only if the measures caused the fall";
        assert_true(num(c, "prevented") > 0);
        char *cost = line_starting(md, sv ? "- Störningarna minskar (" : "- Disturbances fall (");
        assert_has(cost, l2);
        char *cost3 = line_starting(md, sv ? "- Mer än i Vallentuna (" : "- More than in Vallentuna (");
        assert_lacks(cost3, l2);
        free(cost);
        free(cost3);
        json_decref(j);
        strbuf_release(&want);
        free(answer);
        free(line);
        free(csv);
        free(md);
    }
}

/* No comparison: the time series is the main result, said as such; with the rate-ratio
 * model and no comparison, the crude ratio, said as without comparison. */
static void test_own_series_named(void **state)
{
    (void)state;
    const char *its = "[incidents dist]\n"
                      "category = ordningsstorning\n"
                      "area = Åkersberga centrum\n"
                      "model = its_quasipoisson\n"
                      "from = 2015-01\n"
                      "to = 2020-12\n";
    const char *rr = "[incidents dist]\n"
                     "category = ordningsstorning\n"
                     "area = Åkersberga centrum\n"
                     "model = rate_ratio\n"
                     "from = 2015-01\n"
                     "to = 2020-12\n";
    for (int sv = 0; sv <= 1; sv++) {
        char *csv = NULL, *md = NULL;
        run_mr(g->db, g->dir, its, sv, &csv, &md);
        char *line = line_starting(md, sv ? "Huvudresultat, i målområdets tidsserie (utan "
                                            "jämförelse): nivåförändring vid starten "
                                          : "Main result, in the target area's time series (no "
                                            "comparison): level change at the start ");
        assert_has(line, sv ? "fall än väntat" : "than expected");
        assert_lacks(line, sv ? "Utan jämförelse" : "Without a comparison");
        free(line);
        free(csv);
        free(md);
        run_mr(g->db, g->dir, rr, sv, &csv, &md);
        struct results_row r;
        assert_true(results_find(csv, "dist", "", "poisson_exact", "rate_ratio", &r));
        struct strbuf want = STRBUF_INIT;
        strbuf_addstr(&want, sv ? "Huvudresultat, efter jämfört med före i målområdet (utan "
                                  "jämförelse): "
                                : "Main result, after compared with before in the target area "
                                  "(no comparison): ");
        size_words(results_num(&r, RF_ESTIMATE), sv, &want);
        strbuf_addstr(&want, sv ? " (kvot " : " (ratio ");
        ratio_numbers(&r, sv, &want);
        line = line_starting(md, want.buf);
        assert_int_equal(count_of(md, sv ? "Huvudresultat" : "Main result"), 1);
        strbuf_release(&want);
        free(line);
        free(csv);
        free(md);
    }
}

/* Car fires in the centre, 3 before and 5 after the start: the main result says the
 * counts it rests on (intro paragraph's numbers), as a percentage of so few says little. */
static void test_tiny_counts_said(void **state)
{
    (void)state;
    const char *body = "[incidents fires]\n"
                       "category = bilbrand\n"
                       "area = Åkersberga centrum\n"
                       "comparison = Vallentuna\n"
                       "model = rate_ratio\n"
                       "from = 2015-01\n"
                       "to = 2020-12\n";
    for (int sv = 0; sv <= 1; sv++) {
        char *csv = NULL, *md = NULL;
        run_mr(g->db, g->dir, body, sv, &csv, &md);
        struct results_row b, a;
        assert_true(results_find(csv, "fires", "", "describe", "before", &b));
        assert_true(results_find(csv, "fires", "", "describe", "after", &a));
        double nb = results_num(&b, RF_ESTIMATE), na = results_num(&a, RF_ESTIMATE);
        assert_true(nb < 10 || na < 10);
        char want[256];
        snprintf(want, sizeof(want),
                 sv ? "Det bygger på mycket små antal (%.0f fall före starten och %.0f efter)"
                    : "It rests on very small counts (%.0f cases before the start and %.0f after)",
                 nb, na);
        char *line = line_starting(md, sv ? "Huvudresultat" : "Main result");
        assert_has(line, want);
        free(line);
        free(csv);
        free(md);
    }
    /* disturbances, hundreds of cases: no such sentence */
    char *md = NULL;
    run_mr(g->db, g->dir,
           "[incidents dist]\ncategory = ordningsstorning\narea = Åkersberga centrum\n"
           "model = rate_ratio\nfrom = 2015-01\nto = 2020-12\n",
           false, NULL, &md);
    char *line = line_starting(md, "Main result");
    assert_lacks(line, "very small counts");
    free(line);
    free(md);
}

/* A ratio of 2.5 reads "2,5 times as high", never "150 % higher", in the main result
 * and in the answer's line for its criterion. */
static void test_ratio_as_a_multiple(void **state)
{
    (void)state;
    const char *spec = "[evaluation]\n"
                       "id = mr\n"
                       "title.sv = Klotter\n"
                       "title.en = Graffiti\n"
                       "question.sv = Ökar klottret?\n"
                       "question.en = Does graffiti rise?\n"
                       "interventions = vakt\n"
                       "start = 2019-01-01\n"
                       "\n"
                       "[incidents graffiti]\n"
                       "category = klotter\n"
                       "area = Testby\n"
                       "model = rate_ratio\n"
                       "\n"
                       "[criterion c_up]\n"
                       "outcome = graffiti\n"
                       "rule = conf_low > 1\n"
                       "text.sv = Klottret ökar\n"
                       "text.en = Graffiti rises\n";
    for (int sv = 0; sv <= 1; sv++) {
        char *csv = NULL, *md = NULL, *err = NULL;
        int rc = run_spec_in(g->db2, g->dir2, "mr.ini", spec, sv ? "sv" : "en", &csv, &md, &err);
        if (rc != 0)
            fail_msg("%s", err);
        struct results_row r;
        assert_true(results_find(csv, "graffiti", "", "poisson_exact", "rate_ratio", &r));
        double est = results_num(&r, RF_ESTIMATE);
        assert_true(est > 2.2 && est < 2.8);
        char mult[64];
        snprintf(mult, sizeof(mult), sv ? "%s gånger så högt" : "%s times as high",
                 num_text(est, 1, sv, false));
        char *line = line_starting(md, sv ? "Huvudresultat" : "Main result");
        assert_has(line, mult);
        assert_lacks(line, sv ? NBSP "% högre" : "% higher");
        char *answer = line_starting(md, sv ? "- Klottret ökar: " : "- Graffiti rises: ");
        assert_has(answer, sv ? "omkring " : "about ");
        assert_has(answer, mult);
        assert_lacks(answer, sv ? NBSP "% högre" : "% higher");
        free(line);
        free(answer);
        free(csv);
        free(md);
        free(err);
    }
}

/*
 * [survey] with a comparison area: the main result is the difference in change
 * (results.csv's svydiff/did) named as such, the target's own change beside it
 * (svydiff/difference) named as without comparison; neither in a verdict box.
 */
static void test_survey_main_result(void **state)
{
    (void)state;
    const char *body = "[survey unsafe]\n"
                       "survey = osteraker\n"
                       "question = T01\n"
                       "area = Åkersberga centrum + Norrgårdsvägen/Söra\n"
                       "comparison = Österskär/Täljö/Näsängen + Skärgårdsstaden + "
                       "Svinninge/Rydbo + Tråsättra/Åkers Runö\n"
                       "before = 2016..2018\n"
                       "after = 2019..2020\n"
                       "\n"
                       "[criterion c_unsafe]\n"
                       "outcome = unsafe\n"
                       "term = difference\n"
                       "rule = conf_high < 0\n"
                       "text.sv = Otryggheten minskar\n"
                       "text.en = Unsafety falls\n";
    for (int sv = 0; sv <= 1; sv++) {
        char *csv = NULL, *md = NULL;
        run_mr(g->db, g->dir, body, sv, &csv, &md);
        struct results_row did, diff;
        assert_true(results_find(csv, "unsafe", "", "svydiff", "did", &did));
        assert_true(results_find(csv, "unsafe", "", "svydiff", "difference", &diff));
        char *line = line_starting(md, sv ? "Huvudresultat, skillnaden i förändring jämfört med "
                                            "jämförelseområdet ("
                                          : "Main result, the difference in change relative to "
                                            "the comparison area (");
        char want[128];
        snprintf(want, sizeof(want), "%s" NBSP "%s (", num_text(100 * results_num(&did, RF_ESTIMATE), 1, sv, true),
                 sv ? "p.e." : "pp");
        assert_has(line, want);
        char *own = line_starting(md, sv ? "Utan jämförelse, förändringen före–efter i målområdet: "
                                         : "Without a comparison, the before–after change in the "
                                           "target area: ");
        snprintf(want, sizeof(want), "%s" NBSP "%s (", num_text(100 * results_num(&diff, RF_ESTIMATE), 1, sv, true),
                 sv ? "p.e." : "pp");
        assert_has(own, want);
        assert_no_verdict_callouts(md);
        free(line);
        free(own);
        free(csv);
        free(md);
    }
}

/* A recording change in the first month analysed is no month "outside" them; one before
 * or after them says which way every month is recorded. */
static void test_recording_change_at_the_edges(void **state)
{
    (void)state;
    static const struct {
        const char *month, *sv, *en;
    } cases[] = {
        {"2015-01", "infaller i den första månaden som analyseras (2015-01 till 2020-12): alla "
                    "månader här är registrerade på det nya sättet",
         "falls in the first month analysed (2015-01 to 2020-12): every month here is recorded "
         "the new way"},
        {"2000-01", "ligger före de månader som analyseras (2015-01 till 2020-12): alla månader "
                    "här är registrerade på det nya sättet",
         "lies before the months analysed (2015-01 to 2020-12): every month here is recorded the "
         "new way"},
        {"2030-01", "ligger efter de månader som analyseras (2015-01 till 2020-12): alla månader "
                    "här är registrerade på det gamla sättet",
         "lies after the months analysed (2015-01 to 2020-12): every month here is recorded the "
         "old way"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        for (int sv = 0; sv <= 1; sv++) {
            char spec[1024];
            snprintf(spec, sizeof(spec),
                     "[evaluation]\nid = mr\ntitle.sv = Stöld\ntitle.en = Theft\n"
                     "question.sv = Minskar stölderna?\nquestion.en = Do thefts fall?\n"
                     "interventions = vakt\nstart = 2019-01-01\n\n"
                     "[incidents theft]\ncategory = stold\narea = Testby\n"
                     "model = its_quasipoisson\nrecording_change = %s\n",
                     cases[k].month);
            char *md = NULL, *err = NULL;
            int rc = run_spec_in(g->db2, g->dir2, "mr.ini", spec, sv ? "sv" : "en", NULL, &md, &err);
            if (rc != 0)
                fail_msg("%s: %s", cases[k].month, err);
            assert_has(md, sv ? cases[k].sv : cases[k].en);
            assert_lacks(md, sv ? "ligger utanför de månader" : "lies outside the months");
            free(md);
            free(err);
        }
}

/* [intermittent] whose holidays before the start are all zero: not estimable, and said
 * as the baseline's zeros (exp_baseline_zero), not as the exposed days'. */
static void test_intermittent_baseline_zero(void **state)
{
    (void)state;
    const char *spec = "[evaluation]\n"
                       "id = mr\n"
                       "title.sv = Röda dagar\n"
                       "title.en = Holidays\n"
                       "question.sv = Färre störningar på röda dagar?\n"
                       "question.en = Fewer disturbances on holidays?\n"
                       "interventions = vakt\n"
                       "start = 2018-05-01\n"
                       "\n"
                       "[intermittent hol]\n"
                       "category = ordningsstorning\n"
                       "area = Testby\n"
                       "days = holidays\n";
    for (int sv = 0; sv <= 1; sv++) {
        char *csv = NULL, *md = NULL, *err = NULL;
        int rc = run_spec_in(g->db2, g->dir2, "mr.ini", spec, sv ? "sv" : "en", &csv, &md, &err);
        if (rc != 0)
            fail_msg("%s", err);
        struct results_row r;
        assert_true(results_find(csv, "hol", "", "intermittent_poisson", "rate_ratio", &r));
        assert_string_equal(r.f[RF_REASON], "exp_baseline_zero");
        assert_true(isnan(results_num(&r, RF_ESTIMATE)));
        char *line = line_with(md, sv ? "Effekten på röda dagar kunde inte skattas"
                                      : "The effect on holidays could not be estimated");
        assert_has(line, sv ? "alla antal i utgångsläget (samma slags dagar före starten) är noll"
                            : "every count in the baseline (the same kind of days before the "
                              "start) is zero");
        assert_lacks(line, "exposed");
        free(line);
        free(csv);
        free(md);
        free(err);
    }
}

/*
 * The answer opens with "I korthet"/"In brief": per outcome the strongest deciding
 * estimate with its level and verdict (the numbers run.json has), and no causal word
 * for a level-2 outcome; the package said once.
 */
static void test_brief_answer(void **state)
{
    (void)state;
    const char *body = "[incidents dist]\n"
                       "category = ordningsstorning\n"
                       "area = Åkersberga centrum\n"
                       "comparison = Vallentuna\n"
                       "model = its_quasipoisson\n"
                       "from = 2015-01\n"
                       "to = 2020-12\n"
                       "\n"
                       "[survey drugs]\n"
                       "survey = osteraker\n"
                       "question = P08\n"
                       "area = Åkersberga centrum + Norrgårdsvägen/Söra\n"
                       "before = 2016..2018\n"
                       "after = 2019..2020\n"
                       "\n"
                       "[criterion c_level]\n"
                       "outcome = dist\n"
                       "term = level_change\n"
                       "rule = conf_high < 1\n"
                       "text.sv = Störningarna minskar\n"
                       "text.en = Disturbances fall\n"
                       "\n"
                       "[criterion c_did]\n"
                       "outcome = dist\n"
                       "term = did\n"
                       "rule = conf_high < 1\n"
                       "text.sv = Mer än i Vallentuna\n"
                       "text.en = More than in Vallentuna\n"
                       "\n"
                       "[criterion c_drugs]\n"
                       "outcome = drugs\n"
                       "rule = conf_high < 0\n"
                       "text.sv = Färre ser narkotikaförsäljning\n"
                       "text.en = Fewer see drug dealing\n"
                       "\n"
                       "[incidents fires]\n"
                       "title.sv = Bilbränder\n"
                       "title.en = Car fires\n"
                       "category = bilbrand\n"
                       "area = Åkersberga centrum\n"
                       "comparison = Vallentuna\n"
                       "model = rate_ratio\n"
                       "from = 2015-01\n"
                       "to = 2020-12\n"
                       "\n"
                       "[incidents narc]\n"
                       "title.sv = Narkotikabrott\n"
                       "title.en = Drug offences\n"
                       "category = narkotika\n"
                       "area = Åkersberga centrum\n"
                       "comparison = Vallentuna\n"
                       "model = rate_ratio\n"
                       "from = 2015-01\n"
                       "to = 2020-12\n"
                       "\n"
                       "[activity shifts]\n"
                       "title.sv = Pass\n"
                       "title.en = Shifts\n"
                       "categories = coach_pass\n"
                       "area = Åkersberga centrum\n";
    for (int sv = 0; sv <= 1; sv++) {
        char *md = NULL, *csv = NULL;
        run_mr(g->db, g->dir, body, sv, &csv, &md);
        /* the brief: its lead-in, one item per outcome, the closing sentences -- all
         * before the criterion bullets */
        const char *from = strstr(md, sv ? "I korthet:\n" : "In brief:\n");
        const char *to = strstr(md, sv ? "- Störningarna minskar: " : "- Disturbances fall: ");
        assert_non_null(from);
        assert_non_null(to);
        assert_true(from < to);
        char *brief = strndup(from, (size_t)(to - from));
        json_t *j = run_json(g->dir, "mr");
        /* the disturbances: the DiD (level 3), not the level change (level 2) */
        json_t *d = criterion(j, "c_did");
        double est = num(d, "estimate"), lo = num(d, "conf_low"), hi = num(d, "conf_high");
        int dd = common_decimals(est, lo, hi);
        char want[256];
        snprintf(want, sizeof(want), sv ? "(kvot %s, 95" NBSP "%% KI %s till %s), jämfört med "
                                          "förändringen i jämförelseområdet (nivå 3, "
                                        : "(ratio %s, 95%% CI %s to %s), relative to the change "
                                          "in the comparison area (level 3, ",
                 num_text(est, dd, sv, false), num_text(lo, dd, sv, false), num_text(hi, dd, sv, false));
        assert_has(brief, want);
        /* the survey item: level 2, said as a difference, nothing causal */
        json_t *s2 = criterion(j, "c_drugs");
        snprintf(want, sizeof(want), sv ? "%s" NBSP "procentenheter lägre" : "%s percentage points lower",
                 num_text(fabs(100 * num(s2, "estimate")), 1, sv, false));
        assert_has(brief, want);
        assert_has(brief, sv ? "(nivå 2, " : "(level 2, ");
        static const char *const causal[] = {"förhindra", "prevent", "tack vare", "thanks to",
                                             "ledde till", "led to", "orsak", "caused"};
        for (size_t k = 0; k < sizeof(causal) / sizeof(*causal); k++)
            if (strstr(brief, causal[k]) && !strstr(brief, sv ? "per förhindrat fall" : "per prevented case"))
                fail_msg("causal word \"%s\" in: %s", causal[k], brief);
        assert_has(brief, sv ? "hela paketet" : "whole package");
        /* the outcomes without a criterion: one clause each, an estimate and its level or
         * "descriptive", no verdict */
        char *fires = line_starting(brief, sv ? "- Bilbränder (utan förhandsbestämt kriterium): "
                                              : "- Car fires (without a pre-registered criterion): ");
        assert_has(fires, sv ? "jämfört med förändringen i jämförelseområdet (nivå 3)"
                             : "relative to the change in the comparison area (level 3)");
        /* an interval that includes no change is said, never only the point estimate */
        struct results_row fd;
        assert_true(results_find(csv, "fires", "", "did_poisson", "did", &fd));
        bool covers = results_num(&fd, RF_LOW) <= 1 && results_num(&fd, RF_HIGH) >= 1;
        const char *chance = sv ? "intervallet omfattar ingen förändring" : "the interval includes no change";
        if (covers)
            assert_has(fires, chance);
        else
            assert_lacks(fires, chance);
        free(fires);
        /* offences the police detect themselves: a clear change is said to reflect police
         * activity (the example's narcotics category is police-detected) */
        char *narc = line_starting(brief, sv ? "- Narkotikabrott (utan förhandsbestämt kriterium): "
                                             : "- Drug offences (without a pre-registered criterion): ");
        struct results_row nd;
        assert_true(results_find(csv, "narc", "", "did_poisson", "did", &nd));
        bool ncovers = results_num(&nd, RF_LOW) <= 1 && results_num(&nd, RF_HIGH) >= 1;
        if (!ncovers)
            assert_has(narc, sv ? "polisupptäckta brott: förändringen speglar polisens aktivitet"
                                : "police-detected offences: the change reflects police activity");
        else
            assert_has(narc, chance);
        free(narc);
        char *shifts = line_starting(brief, sv ? "- Pass (utan förhandsbestämt kriterium): "
                                               : "- Shifts (without a pre-registered criterion): ");
        assert_has(shifts, sv ? "beskrivande (vad som genomfördes), ingen jämförelse."
                              : "descriptive (what was delivered), no comparison.");
        free(shifts);
        json_decref(j);
        free(brief);
        free(csv);
        free(md);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synthetic_is_the_main_result),
        cmocka_unit_test(test_did_then_the_time_series),
        cmocka_unit_test(test_own_series_named),
        cmocka_unit_test(test_tiny_counts_said),
        cmocka_unit_test(test_ratio_as_a_multiple),
        cmocka_unit_test(test_survey_main_result),
        cmocka_unit_test(test_recording_change_at_the_edges),
        cmocka_unit_test(test_intermittent_baseline_zero),
        cmocka_unit_test(test_brief_answer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
