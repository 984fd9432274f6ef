/*
 * End-to-end tests of what a report SAYS, read as a steering group reads it (REPORTING.md
 * rule 9, one voice): the numbers a reader sets side by side must speak of the same
 * quantity, or the report says how they differ.
 *   - A criterion judged on a time-series term (the level change at the start, or the
 *     change in trend) beside the prevented cases of the cost lines (the model's whole
 *     effect summed over the after months): the answer, the criterion paragraph and the
 *     cost line say what the cases count, with the direction and interval of each, for
 *     every ITS effect setting (level, slope, level+slope) and for the DiD; a level
 *     "higher" beside cases "fewer than expected" is said to point different ways.
 *   - More cases than expected are said as such, with their number, never as a bare
 *     "no reduction".
 * Fixtures: the bundled example (car fires in the centre, sparse) and a made-up series
 * whose level jumps up at the start while its trend falls steeply after it.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

struct env {
    char *dir, *db;    /* the bundled example */
    char *dir2, *db2;  /* the made-up series */
};

static struct env *g;

/* A level that rises by half at the start of 2019 while the trend after it falls by
 * 15 % a month: the level change reads "higher", the whole after period "fewer". */
static char *made_up_counts(void)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "manad;omrade;kategori;antal\n");
    for (int k = 0; k < 72; k++) {
        int y = 2015 + k / 12, m = 1 + k % 12;
        double n = k < 48 ? 20 + (k % 3) - 1 : 30 * pow(0.85, k - 48) + (k % 2);
        strbuf_addf(&sb, "%04d-%02d;Testby;misshandel;%d\n", y, m, (int)lround(n));
        /* a category trygg has no label for: its key as words in the heading */
        strbuf_addf(&sb, "%04d-%02d;Testby;fyrverkeri_bus;%d\n", y, m, 3 + k % 4);
        /* thefts: a national recording change in 2017-07 raises both areas' counts by
         * 40 %; the measure (2019-01) lowers the target's by a fifth */
        double rec = k >= 30 ? 1.4 : 1.0, eff = k >= 48 ? 0.8 : 1.0;
        strbuf_addf(&sb, "%04d-%02d;Testby;stold;%d\n", y, m,
                    (int)lround(30 * rec * eff) + (k % 3) - 1);
        strbuf_addf(&sb, "%04d-%02d;Jamforby;stold;%d\n", y, m, (int)lround(25 * rec) + (k % 4) - 1);
        /* burglaries: only the target's police area changed its recording (2017-07, +50 %);
         * the measure lowers the target's by a fifth */
        double rec2 = k >= 30 ? 1.5 : 1.0;
        strbuf_addf(&sb, "%04d-%02d;Testby;inbrott;%d\n", y, m,
                    (int)lround(20 * rec2 * eff) + (k % 3) - 1);
        strbuf_addf(&sb, "%04d-%02d;Jamforby;inbrott;%d\n", y, m, 22 + (k % 4) - 1);
    }
    return strbuf_detach(&sb);
}

static int setup(void **state)
{
    g = calloc(1, sizeof(*g));
    g->dir = make_temp_dir("steering");
    g->db = path_in_dir(g->dir, "trygg.db");
    import_example(g->db);
    g->dir2 = make_temp_dir("steering2");
    g->db2 = path_in_dir(g->dir2, "trygg.db");
    char *counts = made_up_counts();
    char *f = put_file_in(g->dir2, "counts.csv", counts);
    char *iv = put_file_in(g->dir2, "insatser.csv",
                           "namn;omrade;start;slut;kostnad_per_ar;kostnad_period;namn_sv;namn_en\n"
                           "vakt;Testby;2019-01-01;;1200000;;väktare;guards\n");
    const char *a[] = {"import", "incidents", f, "-q"};
    run_trygg_ok(g->db2, a, 4);
    const char *b[] = {"import", "interventions", iv, "-q"};
    run_trygg_ok(g->db2, b, 4);
    free(counts);
    free(f);
    free(iv);
    *state = g;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(g->dir);
    if (!getenv("KEEP")) rm_rf(g->dir2);
    free(g->dir);
    free(g->db);
    free(g->dir2);
    free(g->db2);
    free(g);
    return 0;
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
    fail_msg("no line starting with \"%s\"", prefix);
    return NULL;
}

/* The n-th (0-based) line of md that starts with prefix, or NULL. */
static char *nth_line_starting(const char *md, const char *prefix, int nth)
{
    size_t n = strlen(prefix);
    for (const char *p = md; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len >= n && !strncmp(p, prefix, n) && nth-- == 0) {
            char *s = malloc(len + 1);
            memcpy(s, p, len);
            s[len] = '\0';
            return s;
        }
        p = e ? e + 1 : NULL;
    }
    return NULL;
}

static void assert_has(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("\"%s\" not in:\n%s", needle, text);
}

static void assert_lacks(const char *text, const char *needle)
{
    if (strstr(text, needle))
        fail_msg("\"%s\" unexpectedly in:\n%s", needle, text);
}

/* run.json of a run_spec_in run of evaluation id */
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

/* "12 fewer"/"12 färre" or "3 more"/"3 fler": how the report says a number of cases
 * against what was expected */
static void cases_words(double x, bool sv, char *buf, size_t size)
{
    double r = round(x);
    snprintf(buf, size, "%.0f %s", fabs(r),
             r > 0 ? (sv ? "färre" : "fewer") : (sv ? "fler" : "more"));
}

static const char *car_fire_spec(const char *effects, const char *term)
{
    static char buf[2048];
    snprintf(buf, sizeof(buf),
             "[evaluation]\n"
             "id = carfire\n"
             "title.sv = Bilbränder\n"
             "title.en = Car fires\n"
             "question.sv = Minskar bilbränderna?\n"
             "question.en = Do car fires fall?\n"
             "interventions = trygghetscoacher\n"
             "start = 2018-09-01\n"
             "\n"
             "[incidents car_fires]\n"
             "category = bilbrand\n"
             "area = Åkersberga centrum\n"
             "comparison = Vallentuna\n"
             "model = its_quasipoisson\n"
             "effects = %s\n"
             "from = 2015-01\n"
             "to = 2020-12\n"
             "\n"
             "[criterion c_its]\n"
             "outcome = car_fires\n"
             "term = %s\n"
             "rule = conf_high < 1\n"
             "text.sv = Bilbränderna minskar\n"
             "text.en = Car fires fall\n"
             "\n"
             "[criterion c_did]\n"
             "outcome = car_fires\n"
             "term = did\n"
             "rule = conf_high < 1\n"
             "text.sv = Bilbränderna minskar mer än i Vallentuna\n"
             "text.en = Car fires fall more than in Vallentuna\n",
             effects, term);
    return buf;
}

/*
 * Every ITS effect setting: the answer's line for the criterion says what the
 * cumulative effect counts (the effects the model has), its cases with their direction
 * and interval as run.json has them; the cost line names the same basis; the criterion
 * paragraph below the table says the same.  The DiD's cases are said with their
 * direction (more than expected) and agree with its ratio.
 */
static void test_its_term_beside_the_cumulative_effect(void **state)
{
    (void)state;
    static const struct {
        const char *effects, *term, *cum_en, *cum_sv, *basis_en, *basis_sv;
    } cases[] = {
        {"level+slope", "level_change",
         "with both the jump and the change in trend after the start",
         "med både språnget och trendförändringen efter starten",
         "the level and the trend change together, counted in cases",
         "nivå- och trendförändringen tillsammans, räknade i fall"},
        {"level+slope", "slope_change", "with both it and the level change at the start",
         "med både den och nivåförändringen vid starten",
         "the level and the trend change together, counted in cases",
         "nivå- och trendförändringen tillsammans, räknade i fall"},
        {"level", "level_change", "Counted in cases over the whole after period",
         "Räknat i fall över hela efterperioden", "the level change counted in cases",
         "nivåförändringen räknad i fall"},
        {"slope", "slope_change", "Counted in cases over the whole after period",
         "Räknat i fall över hela efterperioden", "the trend change counted in cases",
         "trendförändringen räknad i fall"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        for (int sv = 0; sv <= 1; sv++) {
            char *md = NULL, *err = NULL;
            int rc = run_spec_in(g->db, g->dir, "carfire.ini",
                                 car_fire_spec(cases[k].effects, cases[k].term),
                                 sv ? "sv" : "en", NULL, &md, &err);
            if (rc != 0)
                fail_msg("%s: %s", cases[k].effects, err);
            json_t *j = run_json(g->dir, "carfire");
            json_t *c = criterion(j, "c_its");
            double pr = num(c, "prevented"), lo = num(c, "prevented_low"),
                   hi = num(c, "prevented_high");
            char est[64], a[64], b[64];
            cases_words(pr, sv, est, sizeof(est));
            cases_words(lo, sv, a, sizeof(a));
            cases_words(hi, sv, b, sizeof(b));
            struct strbuf want = STRBUF_INIT;
            /* the interval runs from more to fewer cases here (car fires are sparse) */
            assert_true(lo < 0 && hi > 0);
            strbuf_addf(&want, sv ? "%s fall än väntat (intervall från %s till %s)"
                                  : "%s cases than expected (interval from %s to %s)",
                        est, a, b);
            char *answer = line_starting(md, sv ? "- Bilbränderna minskar: " : "- Car fires fall: ");
            assert_has(answer, sv ? cases[k].cum_sv : cases[k].cum_en);
            assert_has(answer, want.buf);
            /* the judged term read first, then the cumulative effect: both present */
            assert_has(answer, !strcmp(cases[k].term, "level_change")
                                   ? (sv ? "nivåförändring vid starten" : "level change at the start")
                                   : (sv ? "förändring av trenden per månad"
                                         : "change in the monthly trend"));
            char *para = nth_line_starting(md, sv ? "- Bilbränderna minskar: " : "- Car fires fall: ", 1);
            assert_non_null(para);
            assert_has(para, want.buf);
            char *cost = line_starting(md, sv ? "- Bilbränderna minskar (" : "- Car fires fall (");
            assert_has(cost, sv ? cases[k].basis_sv : cases[k].basis_en);
            char n[32];
            snprintf(n, sizeof(n), "%.0f %s", round(pr), sv ? "förhindrade" : "prevented");
            assert_has(cost, n);
            /* the DiD: the ratio above 1 and its cases said as more than expected */
            json_t *d = criterion(j, "c_did");
            double dpr = num(d, "prevented");
            assert_true(num(d, "estimate") > 1 && dpr < 0);
            char *dcost = line_starting(md, sv ? "- Bilbränderna minskar mer än i Vallentuna ("
                                               : "- Car fires fall more than in Vallentuna (");
            char dw[64];
            cases_words(dpr, sv, dw, sizeof(dw));
            strbuf_reset(&want);
            strbuf_addf(&want, sv ? "ingen minskning: %s anmälda brott än väntat"
                                  : "no reduction: %s reported offences than expected",
                        dw);
            assert_has(dcost, want.buf);
            strbuf_release(&want);
            free(answer);
            free(para);
            free(cost);
            free(dcost);
            json_decref(j);
            free(md);
            free(err);
        }
}

/*
 * A level change "higher" beside a cumulative effect "fewer than expected": the report
 * says they point different ways and why, in the answer and the criterion paragraph;
 * the cost line counts the cases the answer counts.
 */
static void test_level_and_cumulative_point_different_ways(void **state)
{
    (void)state;
    const char *spec = "[evaluation]\n"
                       "id = jump\n"
                       "title.sv = Väktare\n"
                       "title.en = Guards\n"
                       "question.sv = Ska väktarna vara kvar?\n"
                       "question.en = Should the guards stay?\n"
                       "interventions = vakt\n"
                       "start = 2019-01-01\n"
                       "\n"
                       "[incidents assault]\n"
                       "category = misshandel\n"
                       "area = Testby\n"
                       "model = its_quasipoisson\n"
                       "from = 2015-01\n"
                       "to = 2020-12\n"
                       "\n"
                       "[criterion c_level]\n"
                       "outcome = assault\n"
                       "term = level_change\n"
                       "rule = conf_high < 1\n"
                       "text.sv = Misshandeln minskar\n"
                       "text.en = Assaults fall\n";
    for (int sv = 0; sv <= 1; sv++) {
        char *md = NULL, *err = NULL;
        int rc = run_spec_in(g->db2, g->dir2, "jump.ini", spec, sv ? "sv" : "en", NULL, &md,
                             &err);
        if (rc != 0)
            fail_msg("%s", err);
        json_t *j = run_json(g->dir2, "jump");
        json_t *c = criterion(j, "c_level");
        assert_true(num(c, "estimate") > 1); /* the level jumped up */
        double pr = num(c, "prevented");
        assert_true(pr > 0); /* but the whole after period has fewer than expected */
        char *answer = line_starting(md, sv ? "- Misshandeln minskar: " : "- Assaults fall: ");
        assert_has(answer, sv ? "högre (kvot" : "higher (ratio");
        char w[64];
        cases_words(pr, sv, w, sizeof(w));
        assert_has(answer, w);
        assert_has(answer, sv ? "De pekar åt olika håll: trendförändringen efter starten väger "
                                "över språnget vid starten."
                              : "They point different ways: the change in trend after the "
                                "start outweighs the jump at the start.");
        char *para = nth_line_starting(md, sv ? "- Misshandeln minskar: " : "- Assaults fall: ", 1);
        assert_non_null(para);
        assert_has(para, sv ? "De pekar åt olika håll" : "They point different ways");
        char *cost = line_starting(md, sv ? "- Misshandeln minskar (" : "- Assaults fall (");
        char n[32];
        snprintf(n, sizeof(n), "%.0f %s", round(pr), sv ? "förhindrade" : "prevented");
        assert_has(cost, n);
        assert_lacks(cost, sv ? "nivå och trend)" : "level and trend)");
        free(answer);
        free(para);
        free(cost);
        json_decref(j);
        free(md);
        free(err);
    }
}

/* The cells of a Markdown table row "| a | b | c |" into out (each cut at 511 bytes). */
static size_t md_cells(const char *line, char out[][512], size_t max)
{
    size_t n = 0;
    const char *p = strchr(line, '|');
    while (p && n < max) {
        const char *q = strchr(p + 1, '|');
        if (!q)
            break;
        const char *a = p + 1, *b = q;
        while (a < b && *a == ' ')
            a++;
        while (b > a && b[-1] == ' ')
            b--;
        size_t len = (size_t)(b - a) < 511 ? (size_t)(b - a) : 511;
        memcpy(out[n], a, len);
        out[n][len] = '\0';
        n++;
        p = q;
    }
    return n;
}

/* The decimals of a number as printed ("+0,42" -> 2, "−1" -> 0). */
static int decimals_of(const char *s)
{
    const char *c = strpbrk(s, ",.");
    if (!c)
        return 0;
    int d = 0;
    while (c[1 + d] >= '0' && c[1 + d] <= '9')
        d++;
    return d;
}

/* Whether a printed number carries its sign: "+" or U+2212 (or is zero). */
static bool is_signed(const char *s)
{
    return s[0] == '+' || !strncmp(s, "\xe2\x88\x92", 3) || (s[0] == '0' && !strchr("123456789", s[2]));
}

/*
 * Group tests (Welch's mean difference, Hedges' g, Cliff's delta): each estimate signed
 * with which side is higher (or answers worse) in words, the sign agreeing with
 * results.csv, and the interval signed with the estimate's decimals, as the share
 * changes are printed; the machine files stay ASCII.
 */
static void test_group_tests_are_signed(void **state)
{
    (void)state;
    char *dir = make_temp_dir("steering-num");
    char *err = NULL;
    const char *extra[] = {"--no-charts", "--lang", "en"};
    char *csv = survey_import_run(dir, "n", "tests/data/numeric/codebook.ini",
                                  "tests/data/numeric/answers.csv", "tests/data/numeric/spec.ini",
                                  "numtest", extra, 3, &err);
    if (!csv)
        fail_msg("%s", err);
    char *mdp = path_in_dir(dir, "out-n/numtest/report.md");
    char *md = slurp(mdp, NULL);
    assert_non_null(md);
    struct results_row row;
    assert_true(results_find(csv, "hours", "", "welch_t", "difference", &row));
    double w = results_num(&row, RF_ESTIMATE);
    char *line = line_starting(md, "| Difference in means (Welch t) |");
    char cell[8][512];
    assert_int_equal(md_cells(line, cell, 8), 4);
    assert_true(is_signed(cell[1]));
    assert_has(cell[1], w > 0 ? "(higher after)" : "(lower after)");
    assert_true(w > 0 ? cell[1][0] == '+' : !strncmp(cell[1], "\xe2\x88\x92", 3));
    /* "+0.1 to +1.9": signed bounds with the estimate's decimals */
    char lo[64], hi[64];
    assert_int_equal(sscanf(cell[2], "%63s to %63s", lo, hi), 2);
    assert_true(is_signed(lo) && is_signed(hi));
    assert_int_equal(decimals_of(lo), decimals_of(cell[1]));
    assert_int_equal(decimals_of(hi), decimals_of(cell[1]));
    free(line);
    line = line_starting(md, "| Hedges' g |");
    assert_int_equal(md_cells(line, cell, 8), 4);
    assert_true(is_signed(cell[1]));
    assert_true(strstr(cell[1], "(higher after)") || strstr(cell[1], "(lower after)"));
    assert_int_equal(sscanf(cell[2], "%63s to %63s", lo, hi), 2);
    assert_int_equal(decimals_of(lo), decimals_of(cell[1]));
    free(line);
    /* the machine files: ASCII minus only */
    assert_null(strstr(csv, "\xe2\x88\x92"));
    char *jp = path_in_dir(dir, "out-n/numtest/run.json");
    char *js = slurp(jp, NULL);
    assert_null(strstr(js, "\xe2\x88\x92"));
    free(js);
    free(jp);
    free(md);
    free(mdp);
    free(csv);
    /* two groups of one wave: the first group named as higher or lower */
    free(err);
    err = NULL;
    char *csv2 = survey_import_run(dir, "c", "tests/data/numeric/codebook.ini",
                                   "tests/data/numeric/answers.csv",
                                   "tests/data/numeric/compare.ini", "numcompare", extra, 3, &err);
    if (!csv2)
        fail_msg("%s", err);
    mdp = path_in_dir(dir, "out-c/numcompare/report.md");
    md = slurp(mdp, NULL);
    line = line_starting(md, "| 16-29 − 65-84 | Difference in means (Welch t) |");
    assert_int_equal(md_cells(line, cell, 8), 6);
    assert_true(results_find(csv2, "young_old", "ALDER: 16-29 vs 65-84", "welch_t",
                             "group_difference", &row));
    w = results_num(&row, RF_ESTIMATE);
    assert_has(cell[2], w > 0 ? "(16-29 higher)" : "(16-29 lower)");
    free(line);
    free(md);
    free(mdp);
    free(csv2);
    free(err);
    rm_rf(dir);
    free(dir);
}

/*
 * A section without a title is headed by its category's label in the report language
 * (store/category.h) and its area, or for a key trygg does not know, the key as words:
 * never the raw key ("bilbrand") or the section id.
 */
static void test_headings_without_title(void **state)
{
    (void)state;
    for (int sv = 0; sv <= 1; sv++) {
        char *md = NULL, *err = NULL;
        int rc = run_spec_in(g->db, g->dir, "carfire.ini", car_fire_spec("level+slope", "level_change"),
                             sv ? "sv" : "en", NULL, &md, &err);
        if (rc != 0)
            fail_msg("%s", err);
        assert_has(md, sv ? "\n#### Bilbränder i Åkersberga centrum\n"
                          : "\n#### Car fires in Åkersberga centrum\n");
        assert_lacks(md, "#### bilbrand");
        assert_lacks(md, "#### car_fires");
        free(md);
        free(err);
        const char *spec = "[evaluation]\n"
                           "id = bus\n"
                           "title.en = Fireworks\n"
                           "question.en = Did the pranks stop?\n"
                           "start = 2019-01-01\n"
                           "\n"
                           "[incidents pranks]\n"
                           "category = fyrverkeri_bus\n"
                           "area = Testby\n"
                           "model = rate_ratio\n"
                           "from = 2015-01\n"
                           "to = 2020-12\n";
        rc = run_spec_in(g->db2, g->dir2, "bus.ini", spec, sv ? "sv" : "en", NULL, &md, &err);
        if (rc != 0)
            fail_msg("%s", err);
        assert_has(md, sv ? "\n#### Fyrverkeri bus i Testby\n" : "\n#### Fyrverkeri bus in Testby\n");
        assert_lacks(md, "#### pranks");
        assert_lacks(md, "#### fyrverkeri_bus");
        free(md);
        free(err);
    }
}

/* A number at *p ("+0,42", "−1.35", "12,9", "11 431" not: digits groups are counts) and
 * its decimals; advances *p past it.  False when none starts there. */
static bool number_at(const char **p, int *decimals)
{
    const char *q = *p;
    if (*q == '+')
        q++;
    else if (!strncmp(q, "\xe2\x88\x92", 3))
        q += 3;
    if (*q < '0' || *q > '9')
        return false;
    while (*q >= '0' && *q <= '9')
        q++;
    int d = 0;
    if ((*q == ',' || *q == '.') && q[1] >= '0' && q[1] <= '9') {
        q++;
        while (*q >= '0' && *q <= '9') {
            q++;
            d++;
        }
    }
    *decimals = d;
    *p = q;
    return true;
}

/* Skips a unit after a number: " %", "\u00a0%", "%", " p.e.", "\u00a0pp". */
static const char *skip_unit(const char *q)
{
    static const char *const units[] = {"\xc2\xa0%", " %", "%", "\xc2\xa0p.e.", " p.e.",
                                        "\xc2\xa0pp", " pp"};
    for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++)
        if (!strncmp(q, units[k], strlen(units[k])))
            return q + strlen(units[k]);
    return q;
}

/* "lo to hi" / "lo till hi" (units allowed): the decimals of both ends. */
static bool interval_at(const char *q, int *dl, int *dh)
{
    if (!number_at(&q, dl))
        return false;
    q = skip_unit(q);
    if (!strncmp(q, " to ", 4))
        q += 4;
    else if (!strncmp(q, " till ", 6))
        q += 6;
    else
        return false;
    return number_at(&q, dh);
}

/*
 * Every table of a report: an estimate and its interval have one count of decimals,
 * whether in one cell ("+0,71 (−0,38 till +1,81)") or in two neighbouring cells
 * ("0,953 | 0,928 till 0,978"), and with `columns` (tables whose rows are the same
 * measure: a survey's) the estimates of one column of a table that has intervals have
 * the same decimals.  Fails naming the line.
 */
static void assert_tables_unified(const char *md, const char *what, bool columns)
{
    int col_dec[16];
    for (int k = 0; k < 16; k++)
        col_dec[k] = -1;
    for (const char *p = md; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char line[4096];
        snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) - 1 ? len : sizeof(line) - 1), p);
        p = e ? e + 1 : NULL;
        if (line[0] != '|') {
            for (int k = 0; k < 16; k++) /* a new table */
                col_dec[k] = -1;
            continue;
        }
        char cell[16][512];
        size_t n = md_cells(line, cell, 16);
        for (size_t i = 0; i < n; i++) {
            const char *q = cell[i];
            int d, dl, dh;
            if (!number_at(&q, &d))
                continue;
            const char *after = skip_unit(q);
            if (!strncmp(after, " (", 2) && interval_at(after + 2, &dl, &dh)) {
                if (dl != d || dh != d)
                    fail_msg("%s: estimate and interval with different decimals: %s", what, line);
            } else if (*after == '\0' || !strncmp(after, " (", 2)) {
                if (i + 1 < n && interval_at(cell[i + 1], &dl, &dh)) {
                    if (dl != d || dh != d)
                        fail_msg("%s: estimate and interval with different decimals: %s", what,
                                 line);
                    if (columns && col_dec[i] >= 0 && col_dec[i] != d &&
                        strstr(cell[i], "%") == NULL)
                        fail_msg("%s: one column, different decimals: %s", what, line);
                    col_dec[i] = d;
                }
            }
        }
    }
}

/* The survey tables (number variables and shares, by year, by group, the summary, the
 * odds ratio per year): unified decimals, and changes against the baseline signed. */
static void test_survey_tables_unify_decimals(void **state)
{
    (void)state;
    char *dir = make_temp_dir("steering-dec");
    for (int sv = 0; sv <= 1; sv++) {
        char *err = NULL;
        const char *extra[] = {"--no-charts", "--lang", sv ? "sv" : "en"};
        const char *tag = sv ? "sv" : "en";
        char *csv = survey_import_run(dir, tag, "tests/data/numeric/codebook.ini",
                                      "tests/data/numeric/answers.csv",
                                      "tests/data/numeric/spec.ini", "numtest", extra, 3, &err);
        if (!csv)
            fail_msg("%s", err);
        struct strbuf mp = STRBUF_INIT;
        strbuf_addf(&mp, "%s/out-%s/numtest/report.md", dir, tag);
        char *md = slurp(mp.buf, NULL);
        assert_non_null(md);
        assert_tables_unified(md, "numtest", true);
        /* a change of a mean: "+0,71 | −0,38 till +1,81" under "5,65" */
        char *line = line_starting(md, sv ? "| Mål A + Mål B | Förändring |" : "| Mål A + Mål B | Change |");
        char cell[8][512];
        assert_int_equal(md_cells(line, cell, 8), 5);
        assert_true(is_signed(cell[3]));
        free(line);
        free(md);
        free(csv);
        free(err);
        strbuf_release(&mp);
        /* the bundled yearly survey: shares by year signed against the baseline, odds
         * ratios with one count of decimals */
        struct strbuf out = STRBUF_INIT;
        strbuf_addf(&out, "%s/ex-%s", dir, tag);
        const char *run[] = {"run", "analysis/trygghetsundersokning.ini", "--out", out.buf,
                             "--no-charts", "-q", "--lang", tag};
        run_trygg_ok(g->db, run, 8);
        strbuf_addstr(&out, "/trygghetsundersokning/report.md");
        md = slurp(out.buf, NULL);
        assert_non_null(md);
        assert_tables_unified(md, "trygghetsundersokning", true);
        /* no criteria: the design scale is said of the report's estimates (lead finding) */
        assert_lacks(md, sv ? "för den skattning som avgör varje kriterium"
                            : "for the estimate that decides each criterion");
        assert_has(md, sv ? "Designens styrka för skattningarna i rapporten"
                          : "Design strength for the estimates in this report");
        line = line_starting(md, "| 2016 |");
        assert_int_equal(md_cells(line, cell, 8), 5);
        assert_true(is_signed(cell[3])); /* "+2,7 p.e. (−0,5 till +5,8)" */
        const char *open = strstr(cell[3], "(");
        assert_non_null(open);
        const char *to = strstr(open, sv ? " till " : " to ");
        assert_non_null(to);
        assert_true(is_signed(open + 1) && is_signed(to + (sv ? 6 : 4)));
        free(line);
        free(md);
        strbuf_release(&out);
        /* the incident tables too: "2,520 | 0,490 till 16,214", not "2,52" beside it */
        char *cerr = NULL;
        int rc = run_spec_in(g->db, g->dir, "carfire.ini",
                             car_fire_spec("level+slope", "level_change"), tag, NULL, &md, &cerr);
        if (rc != 0)
            fail_msg("%s", cerr);
        /* rows of different measures (criteria, the estimates of one outcome): each row
         * unified, the column not */
        assert_tables_unified(md, "carfire", false);
        free(md);
        free(cerr);
    }
    rm_rf(dir);
    free(dir);
}

static const char *recording_spec(const char *category, const char *model, const char *extra)
{
    static char buf[2048];
    snprintf(buf, sizeof(buf),
             "[evaluation]\n"
             "id = rec\n"
             "title.en = Guards\n"
             "question.en = Should the guards stay?\n"
             "interventions = vakt\n"
             "start = 2019-01-01\n"
             "\n"
             "[incidents crime]\n"
             "category = %s\n"
             "area = Testby\n"
             "comparison = Jamforby\n"
             "model = %s\n"
             "from = 2015-01\n"
             "to = 2020-12\n"
             "%s"
             "\n"
             "[criterion c_did]\n"
             "outcome = crime\n"
             "term = did\n"
             "rule = conf_high < 1\n"
             "text.sv = Brotten minskar mer än i Jamforby\n"
             "text.en = Crime falls more than in Jamforby\n",
             category, model, extra);
    return buf;
}

/*
 * A declared recording change in the comparison-area model (item 5): a level shift of
 * its own, common to both areas by default (one police system), the target's alone with
 * recording_change.comparison = unchanged; its ratio in results.csv, what it does said
 * beside the criterion on the DiD, in run.json.  A target-only change the common model
 * would leave in the ratio of ratios is taken out.  Refusals at file:line.
 */
static void test_did_has_the_recording_step(void **state)
{
    (void)state;
    for (int sv = 0; sv <= 1; sv++) {
        char *csv = NULL, *md = NULL, *err = NULL;
        int rc = run_spec_in(g->db2, g->dir2, "rec.ini",
                             recording_spec("stold", "its_quasipoisson", "recording_change = 2017-07\n"),
                             sv ? "sv" : "en", &csv, &md, &err);
        if (rc != 0)
            fail_msg("%s", err);
        struct results_row r;
        assert_true(results_find(csv, "crime", "", "did_quasipoisson", "recording_change", &r));
        double step = results_num(&r, RF_ESTIMATE);
        assert_true(step > 1.3 && step < 1.5);
        assert_true(results_find(csv, "crime", "", "did_quasipoisson", "did", &r));
        double did = results_num(&r, RF_ESTIMATE);
        assert_true(did > 0.7 && did < 0.9);
        char *it = line_starting(md, sv ? "- Brotten minskar mer än i Jamforby: "
                                        : "- Crime falls more than in Jamforby: ");
        assert_has(it, sv ? "i båda områdena (samma polisiära registrering): jämförelsens "
                            "modell har ett eget nivåskifte den månaden för båda (kvot 1,"
                          : "in both areas (one police recording system): the contrast's model "
                            "has a level shift of its own at that month for both (ratio 1.");
        assert_lacks(it, sv ? "tar bort ändringen bara om" : "removes the change only if");
        free(it);
        json_t *j = run_json(g->dir2, "rec");
        json_t *rcj = json_object_get(criterion(j, "c_did"), "recording_change");
        assert_string_equal(json_string_value(json_object_get(rcj, "handling")),
                            "level_shift_in_contrast_common");
        assert_true(fabs(num(rcj, "step_ratio") - step) < 1e-9);
        json_decref(j);
        free(csv);
        free(md);
        free(err);
    }
    /* only the target's recording changed: the common step would leave half of it in the
     * ratio of ratios; the target's own step takes it out */
    double did_common = NAN, did_target = NAN;
    for (int k = 0; k < 2; k++) {
        char *csv = NULL, *err = NULL;
        int rc = run_spec_in(g->db2, g->dir2, "rec.ini",
                             recording_spec("inbrott", "its_quasipoisson",
                                            k ? "recording_change = 2017-07\n"
                                                "recording_change.comparison = unchanged\n"
                                              : "recording_change = 2017-07\n"),
                             "en", &csv, NULL, &err);
        if (rc != 0)
            fail_msg("%s", err);
        struct results_row r;
        assert_true(results_find(csv, "crime", "", "did_quasipoisson", "did", &r));
        (k ? &did_target : &did_common)[0] = results_num(&r, RF_ESTIMATE);
        assert_true(results_find(csv, "crime", "", "did_quasipoisson", "recording_change", &r));
        if (k)
            assert_true(results_num(&r, RF_ESTIMATE) > 1.35);
        free(csv);
        free(err);
    }
    assert_true(did_target > 0.7 && did_target < 0.9);
    assert_true(fabs(did_common - 0.8) > fabs(did_target - 0.8));
    json_t *j = run_json(g->dir2, "rec");
    json_t *rcj = json_object_get(criterion(j, "c_did"), "recording_change");
    assert_string_equal(json_string_value(json_object_get(rcj, "handling")),
                        "level_shift_in_contrast_target");
    json_decref(j);
    /* refused at their lines */
    static const struct {
        const char *extra, *msg;
    } bad[] = {
        {"recording_change.comparison = unchanged\n",
         "rec.ini:15: recording_change.comparison says how the comparison area was recorded"},
        {"recording_change = 2017-07\nrecording_change.comparison = maybe\n",
         "rec.ini:16: recording_change.comparison = 'maybe': expected same"},
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        char *err = NULL;
        int rc = run_spec_in(g->db2, g->dir2, "rec.ini",
                             recording_spec("stold", "its_quasipoisson", bad[k].extra), "en", NULL,
                             NULL, &err);
        assert_int_equal(rc, 1);
        assert_has(err, bad[k].msg);
        free(err);
    }
}

/*
 * A recording change in the last year before the start (item 6): the regression-to-the-
 * mean check is made with the change's shift from the whole series' model, and says
 * so; without a time-series model (rate_ratio) it says why it is not made, not "not
 * fitted".
 */
static void test_rtm_with_a_recording_change(void **state)
{
    (void)state;
    char *csv = NULL, *err = NULL;
    int rc = run_spec_in(g->db2, g->dir2, "rec.ini",
                         recording_spec("stold", "its_quasipoisson", "recording_change = 2018-07\n"),
                         "en", &csv, NULL, &err);
    if (rc != 0)
        fail_msg("%s", err);
    struct results_row r;
    assert_true(results_find(csv, "crime", "", "rtm_prediction", "last_year_before", &r));
    assert_true(isfinite(results_num(&r, RF_ESTIMATE)) && isfinite(results_num(&r, RF_LOW)));
    assert_has(r.f[RF_NOTE], "the recording change in month 7 of the 12 is taken as the whole "
                             "series' level shift");
    assert_string_equal(r.f[RF_REASON], "");
    free(csv);
    free(err);
    csv = err = NULL;
    rc = run_spec_in(g->db2, g->dir2, "rec.ini",
                     recording_spec("stold", "rate_ratio", "recording_change = 2018-07\n"), "en",
                     &csv, NULL, &err);
    if (rc != 0)
        fail_msg("%s", err);
    assert_true(results_find(csv, "crime", "", "rtm_prediction", "last_year_before", &r));
    assert_string_equal(r.f[RF_REASON], "predict_step_unknown");
    assert_has(r.f[RF_NOTE], "the recording change falls in month 7 of the 12 predicted");
    free(csv);
    free(err);
}

/* A criterion judged on a comparison of days (the youth centre's public holidays
 * against other days of the same area, level 3) is described as that, in the answer
 * and the cost line, not as "after compared with before in the target area" (lead
 * finding). */
static void test_days_comparison_named(void **state)
{
    (void)state;
    char *dir = make_temp_dir("steering-days");
    for (int sv = 0; sv <= 1; sv++) {
        const char *tag = sv ? "sv" : "en";
        struct strbuf out = STRBUF_INIT;
        strbuf_addf(&out, "%s/%s", dir, tag);
        const char *run[] = {"run", "analysis/fritidsgard.ini", "--out", out.buf, "--no-charts",
                             "-q", "--lang", tag};
        run_trygg_ok(g->db, run, 8);
        strbuf_addstr(&out, "/fritidsgard/report.md");
        char *md = slurp(out.buf, NULL);
        assert_non_null(md);
        const char *want = sv ? "jämfört med förändringen på jämförelsedagarna i samma område"
                              : "relative to the change on the comparison days in the same area";
        const char *wrong = sv ? "efter jämfört med före i målområdet"
                               : "after compared with before in the target area";
        char *answer = line_starting(md, sv ? "- Färre ordningsstörningar" : "- Fewer disturbances");
        assert_has(answer, want);
        assert_lacks(answer, wrong);
        char *cost = nth_line_starting(md, sv ? "- Färre ordningsstörningar" : "- Fewer disturbances", 1);
        assert_non_null(cost);
        assert_has(cost, want);
        assert_lacks(cost, wrong);
        free(answer);
        free(cost);
        free(md);
        strbuf_release(&out);
    }
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_its_term_beside_the_cumulative_effect),
        cmocka_unit_test(test_level_and_cumulative_point_different_ways),
        cmocka_unit_test(test_group_tests_are_signed),
        cmocka_unit_test(test_headings_without_title),
        cmocka_unit_test(test_survey_tables_unify_decimals),
        cmocka_unit_test(test_did_has_the_recording_step),
        cmocka_unit_test(test_rtm_with_a_recording_change),
        cmocka_unit_test(test_days_comparison_named),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
