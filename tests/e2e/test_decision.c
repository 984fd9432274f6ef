/*
 * End-to-end tests of the decision evidence in a report (issue 11, items 1, 2, 3, 5,
 * 6): the bundled safety-coach evaluation run on the bundled example, read as a
 * steering group reads it (report.md, Swedish and English) and as a machine reads it
 * (run.json, results.csv):
 *   - the answer to the decision question comes first and names the package;
 *   - the design level belongs to the estimate that decides each criterion;
 *   - planned vs delivered per year, and the after months without delivery flagged,
 *     with the estimates restricted to months with delivery beside them;
 *   - the cost over the same months as the prevented cases, from the model that judges
 *     the criterion (the package's cost recomputed here from insatser.csv by hand);
 *   - a criterion claiming the coaches' own effect is refused at its line; one naming
 *     the whole package is accepted; a criterion may judge the restricted estimate;
 *   - interventions files with a period amount but no end, or two kinds of cost, are
 *     refused with file:line:column and the database unchanged.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

struct env {
    char *dir, *db, *out_sv, *out_en;
};

static struct env *g;

static void ok(const char *db, const char *const *args, size_t n)
{
    struct run_result r;
    int rc = run_trygg_argv(&r, db, args, n);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
}

static char *path_in(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", g->dir, name);
    return strbuf_detach(&sb);
}

static int setup(void **state)
{
    g = calloc(1, sizeof(*g));
    g->dir = make_temp_dir("decision");
    g->db = path_in("trygg.db");
    g->out_sv = path_in("sv");
    g->out_en = path_in("en");
    const char *ex = "examples/osteraker/";
    char f[8][128];
    for (int y = 2015; y <= 2022; y++)
        snprintf(f[y - 2015], sizeof(f[0]), "%strygghet_%d.csv", ex, y);
    const char *a[] = {"import", "survey", "surveys/osteraker-2015-2018.ini", f[0], f[1],
                       "--encoding", "cp1252"};
    ok(g->db, a, 7);
    const char *b[] = {"import", "survey", "surveys/osteraker-2015-2018.ini", f[2], f[3]};
    ok(g->db, b, 5);
    const char *c[] = {"import", "survey", "surveys/osteraker-2019-2022.ini", f[4], f[5], f[6],
                       f[7]};
    ok(g->db, c, 7);
    const char *d[] = {"import", "incidents", "examples/osteraker/brott_manad.csv",
                       "examples/osteraker/aktivitet_manad.csv"};
    ok(g->db, d, 4);
    const char *e[] = {"import", "interventions", "examples/osteraker/insatser.csv"};
    ok(g->db, e, 3);
    const char *sv[] = {"run", "analysis/trygghetscoach.ini", "--out", g->out_sv, "-q",
                        "--lang", "sv"};
    ok(g->db, sv, 7);
    const char *en[] = {"run", "analysis/trygghetscoach.ini", "--out", g->out_en, "-q",
                        "--lang", "en"};
    ok(g->db, en, 7);
    *state = g;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(g->dir);
    free(g->dir);
    free(g->db);
    free(g->out_sv);
    free(g->out_en);
    free(g);
    return 0;
}

static char *report(const char *out)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/trygghetscoach/report.md", out);
    char *text = slurp(sb.buf, NULL);
    strbuf_release(&sb);
    assert_non_null(text);
    return text;
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
    assert_true(json_is_number(v));
    return json_number_value(v);
}

/* The text of a markdown table row starting with `first` ("" if none). */
static const char *row_of(const char *text, const char *first, char *buf, size_t size)
{
    struct strbuf key = STRBUF_INIT;
    strbuf_addf(&key, "\n| %s |", first);
    const char *p = strstr(text, key.buf);
    strbuf_release(&key);
    buf[0] = '\0';
    if (!p)
        return buf;
    const char *e = strchr(p + 1, '\n');
    size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
    snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), p + 1);
    return buf;
}

static void assert_before(const char *text, const char *a, const char *b)
{
    const char *pa = strstr(text, a), *pb = strstr(text, b);
    if (!pa || !pb || pa > pb)
        fail_msg("expected '%s' before '%s' in the report", a, b);
}

static void first_screen_swedish(void **state)
{
    (void)state;
    char *md = report(g->out_sv);
    /* the answer opens the report, before the criteria table and the results */
    assert_before(md, "Beslutsfråga:", "Svar på beslutsfrågan");
    assert_before(md, "Svar på beslutsfrågan", "Förhandsbestämda beslutskriterier");
    assert_before(md, "Förhandsbestämda beslutskriterier", "### Enkätresultat");
    /* the package, named, and what cannot be credited to the coaches */
    assert_non_null(strstr(md, "Underlaget kan inte besvara frågan för trygghetscoacher ensamma"));
    assert_before(md, "Svar på beslutsfrågan", "polisnärvaro 7 dagar i veckan");
    assert_non_null(strstr(md, "förstärkt social rondering"));
    assert_non_null(strstr(md, "vad trygghetscoacher åstadkom på egen hand"));
    /* design level of the deciding estimate, the certainty grade beside it */
    char buf[1024];
    const char *r = row_of(md, "Andelen som känner sig otrygga sent på kvällen i centrum minskar",
                           buf, sizeof(buf));
    assert_non_null(strstr(r, "nivå 2"));
    /* level 2 with its own placebo in time passed (2018 against 2016-2017: no clear change
     * the same way; issue 11 item 8) would be moderate, but the level-3 contrast in the same
     * report does not bear it out, so it is weak */
    assert_non_null(strstr(r, "| svag |"));
    r = row_of(md, "Minskningen är större än i jämförelseområdet Vallentuna", buf, sizeof(buf));
    assert_non_null(strstr(r, "nivå 3"));
    /* level 3, an interval below 1 and the DiD's own placebo in time passed (issue 11
     * item 8: the contrast that decides has a falsification check of its own) */
    assert_non_null(strstr(r, "| stark |"));
    /* the level-3 contrast of the unsafe share does not confirm the level-2 change */
    assert_non_null(strstr(md, "Skattningen på nivå 3 bekräftar det inte, dess intervall omfattar ingen förändring: 4,5\xc2\xa0procentenheter lägre"));
    /* inconclusive explained by what the design could detect */
    assert_non_null(strstr(md, "Oklart betyder här: med den här designen och dessa data hade bara "
                               "en förändring på omkring"));
    /* implementation: 2020 flagged, the restricted estimate beside it */
    assert_non_null(strstr(md, "under 12 av de 28 månaderna efter starten (2020-01 till 2020-12)"));
    assert_non_null(strstr(md, "; Minskningen är större än i "
                               "jämförelseområdet Vallentuna: omkring 20\xc2\xa0% lägre"));
    /* the restricted estimates under one lead-in (once, not once per estimate) */
    {
        const char *a = strstr(md, "Bara månader med genomförande: ");
        assert_non_null(a);
        assert_null(strstr(a + 1, "Bara månader med genomförande: "));
    }
    assert_non_null(strstr(md, "| 2018 | 4 | 160 | 115 | 72\xc2\xa0% | 0 |"));
    assert_non_null(strstr(md, "| 2020 | 0 | 0 | 0 | – | 12 |"));
    /* per month over the months the coaches ran: 115 / 4 */
    assert_non_null(strstr(md, "| 2018 | 115 | 12 | 4 | 28,8 |"));
    /* the 2018 budget is a period amount */
    assert_non_null(strstr(md, "1\xc2\xa0" "400\xc2\xa0" "000\xc2\xa0kr för perioden"));
    free(md);
}

static void first_screen_english(void **state)
{
    (void)state;
    char *md = report(g->out_en);
    assert_before(md, "Decision question:", "Answer to the decision question");
    assert_before(md, "Answer to the decision question", "Pre-registered decision criteria");
    assert_non_null(strstr(md, "The evidence cannot answer the question for the safety coaches "
                               "alone"));
    assert_non_null(strstr(md, "police presence 7 days a week"));
    assert_non_null(strstr(md, "no delivery of the safety coaches was recorded"));
    assert_non_null(strstr(md, "A cost per prevented case for the safety coaches alone cannot be "
                               "given"));
    assert_non_null(strstr(md, "What the evidence cannot say:"));
    char buf[1024];
    const char *r = row_of(md, "The share feeling unsafe late in the evening in the centre falls",
                           buf, sizeof(buf));
    assert_non_null(strstr(r, "level 2"));
    assert_non_null(strstr(r, "| weak |"));
    free(md);
}

static double results_value(const char *csv, const char *prefix)
{
    const char *p = strstr(csv, prefix);
    assert_non_null(p);
    p += strlen(prefix);
    return strtod(p, NULL);
}

static void cost_from_the_same_model_and_months(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/trygghetscoach/run.json", g->out_sv);
    json_error_t err;
    json_t *root = json_load_file(sb.buf, 0, &err);
    assert_non_null(root);
    strbuf_reset(&sb);
    strbuf_addf(&sb, "%s/trygghetscoach/results.csv", g->out_sv);
    char *csv = slurp(sb.buf, NULL);
    strbuf_release(&sb);
    /* The package's cost over 2018-09-01..2020-12-31, by hand from insatser.csv: period
     * amounts spread over their own days, yearly rates by days / 365.25, the police
     * without a cost. */
    double expected = 600000.0 * 122 / 214 + 200000.0 * 487 / 610 + 1400000 +
                      2352000 * 365 / 365.25 + 120000 * 853 / 365.25 + 700000.0 * 122 / 214 +
                      1200000 * 731 / 365.25 + 600000 * 731 / 365.25;
    double coaches = 1400000 + 2352000 * 365 / 365.25;
    json_t *c = criterion(root, "c_disturbances");
    assert_close(num(c, "cost_sek"), expected, 1e-9);
    assert_close(num(c, "component_cost_sek"), coaches, 1e-9);
    assert_false(json_is_true(json_object_get(c, "component_separated")));
    assert_int_equal(json_array_size(json_object_get(c, "package")), 7);
    /* prevented cases: the ITS model's own sum (level and slope), as results.csv has it */
    double prevented = results_value(
        csv, "trygghetscoach,disturbances,ordningsstorning,,its_quasipoisson,prevented,");
    assert_close(num(c, "prevented"), prevented, 1e-12);
    assert_true(prevented > 80 && prevented < 100);
    /* the interval reaches no effect: as in the report, no cost per prevented case as a
     * number and no upper bound, only the lower bound, and the reason */
    assert_true(num(c, "prevented_low") < 0);
    assert_true(json_is_null(json_object_get(c, "cost_per_unit_sek")));
    assert_true(json_is_null(json_object_get(c, "cost_per_unit_high_sek")));
    assert_close(num(c, "cost_per_unit_low_sek"), expected / num(c, "prevented_high"), 1e-9);
    assert_string_equal(json_string_value(json_object_get(c, "cost_per_unit_reason")),
                        "prevented_includes_zero");
    assert_int_equal(num(c, "design_level"), 2);
    assert_string_equal(json_string_value(json_object_get(c, "certainty")), "insufficient");
    assert_int_equal(num(c, "months_without_delivery"), 12);
    assert_true(num(c, "minimum_detectable") > 0.4 && num(c, "minimum_detectable") < 0.8);
    /* the DiD criterion: observed x (1/RRR - 1), the same cost and months */
    json_t *d = criterion(root, "c_disturbances_did");
    assert_close(num(d, "cost_sek"), expected, 1e-9);
    double after = results_value(csv, "trygghetscoach,disturbances,ordningsstorning,,describe,after,");
    assert_close(num(d, "prevented"), after * (1 / num(d, "estimate") - 1), 1e-9);
    assert_int_equal(num(d, "design_level"), 3);
    assert_string_equal(json_string_value(json_object_get(d, "certainty")), "strong");
    /* the unsafe share is judged on the target's own change: level 2 */
    json_t *u = criterion(root, "c_unsafe");
    assert_int_equal(num(u, "design_level"), 2);
    assert_string_equal(json_string_value(json_object_get(u, "certainty")), "weak");
    /* ... and its level-3 contrast still does not confirm it: the summary says so */
    /* the estimates restricted to delivered months are in results.csv */
    assert_non_null(strstr(csv, ",disturbances,ordningsstorning,delivered_months,did_quasipoisson,did,"));
    assert_non_null(strstr(csv, "trygghetscoach,trygghetscoacher,coach_pass,2018,describe,planned,160,"));
    free(csv);
    json_decref(root);
}

/* The bundled spec with `extra` appended; returns its path; *line the first line of
 * extra. */
static char *spec_with(const char *name, const char *extra, long *line)
{
    size_t len;
    char *base = slurp("analysis/trygghetscoach.ini", &len);
    assert_non_null(base);
    long lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += base[i] == '\n';
    *line = lines + 1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, base);
    strbuf_addstr(&sb, extra);
    char *path = path_in(name);
    write_file(path, sb.buf, sb.len);
    strbuf_release(&sb);
    free(base);
    return path;
}

static void component_claim_refused(void **state)
{
    (void)state;
    long first;
    char *spec = spec_with("claim.ini",
                           "[criterion c_claim]\n"
                           "outcome = disturbances\n"
                           "term = did\n"
                           "effect_of = trygghetscoacher\n"
                           "rule = conf_high < 1\n"
                           "text.en = The coaches reduce disturbances\n",
                           &first);
    char *before = db_dump(g->db);
    char *out = path_in("claim-out");
    struct run_result r;
    int rc = run_trygg(&r, g->db, "run", spec, "--out", out, "-q", NULL);
    assert_int_equal(rc, 1);
    struct strbuf want = STRBUF_INIT;
    strbuf_addf(&want, "%s:%ld: criterion 'c_claim' claims the effect of trygghetscoacher alone, "
                       "but 'utokad_nattvandring'",
                spec, first + 3);
    if (!strstr(r.err, want.buf))
        fail_msg("expected '%s' in: %s", want.buf, r.err);
    assert_non_null(strstr(r.err, "cannot separate them"));
    run_result_release(&r);
    char *after = db_dump(g->db);
    assert_dump_equal(before, after, "refused claim");
    /* naming the whole package claims the package's effect: accepted */
    char *spec2 = spec_with("package.ini",
                            "[criterion c_package]\n"
                            "outcome = disturbances\n"
                            "term = did_delivered\n"
                            "effect_of = trygghetscoacher + utokad_nattvandring + faltare_utokning "
                            "+ forstarkt_social_rondering + lokalhyra_omradeskontor + "
                            "polisnarvaro_7_dagar + forstarkning_trygg_i_osteraker\n"
                            "rule = conf_high < 1\n"
                            "text.en = The package reduces disturbances while it ran\n",
                            &first);
    rc = run_trygg(&r, g->db, "run", spec2, "--out", out, "-q", "--lang", "en", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    /* the criterion judged the estimate restricted to delivered months */
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/trygghetscoach/run.json", out);
    json_error_t err;
    json_t *root = json_load_file(sb.buf, 0, &err);
    assert_non_null(root);
    json_t *c = criterion(root, "c_package");
    assert_true(num(c, "estimate") > 0.5 && num(c, "estimate") < 1);
    assert_int_equal(num(c, "design_level"), 3);
    assert_int_equal(num(c, "months_without_delivery"), 12);
    json_decref(root);
    strbuf_release(&sb);
    strbuf_release(&want);
    free(before);
    free(after);
    free(spec);
    free(spec2);
    free(out);
}

static void interventions_costs_refused(void **state)
{
    (void)state;
    static const struct {
        const char *csv, *message;
    } cases[] = {
        {"namn;omrade;start;slut;kostnad_period\n"
         "x;Åkersberga centrum;2018-01-01;;1000\n",
         ":2:5: a period cost needs an end date"},
        {"namn;omrade;start;slut;kostnad_per_ar;kostnad_period\n"
         "x;Åkersberga centrum;2018-01-01;2018-12-31;1000;1000\n",
         ":2:6: both a yearly cost and a period cost"},
        {"namn;omrade;start;slut;planerat_per_manad;aktivitet\n"
         "x;Åkersberga centrum;2018-01-01;2018-12-31;40;\n",
         ":2:5: a planned delivery needs the activity category"},
        {"namn;omrade;start;slut;kostnad_period\n"
         "x;Åkersberga centrum;2018-01-01;2018-12-31;-5\n",
         ":2:5: period cost '-5' is negative"},
    };
    char *before = db_dump(g->db);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[32];
        snprintf(name, sizeof(name), "iv%zu.csv", i);
        char *path = path_in(name);
        write_file(path, cases[i].csv, strlen(cases[i].csv));
        struct run_result r;
        int rc = run_trygg(&r, g->db, "import", "interventions", path, NULL);
        assert_int_equal(rc, 1);
        struct strbuf want = STRBUF_INIT;
        strbuf_addf(&want, "%s%s", path, cases[i].message);
        if (!strstr(r.err, want.buf))
            fail_msg("expected '%s' in: %s", want.buf, r.err);
        strbuf_release(&want);
        run_result_release(&r);
        free(path);
    }
    char *after = db_dump(g->db);
    assert_dump_equal(before, after, "refused interventions");
    free(before);
    free(after);
}

/*
 * Issue 11 item 4: the bundled coach report as of its decision date (2019-06-30, the trial
 * was to be evaluated by mid-2019), and the report made now showing what was known then.
 */
static void as_of_the_decision_date(void **state)
{
    (void)state;
    char *out = path_in("asof");
    const char *args[] = {"run", "analysis/trygghetscoach.ini", "--out", out, "-q",
                          "--lang", "en", "--as-of", "2019-06-30"};
    ok(g->db, args, 9);
    char *md = report(out);
    assert_non_null(strstr(md, "This report shows the evidence as it stood on 2019-06-30"));
    /* the 2020 wave was not fielded then; the 2019 wave (fieldwork over 30 April) was */
    assert_non_null(strstr(md, "As of 2019-06-30: the wave 2020 had not been fielded then and "
                               "is left out."));
    assert_non_null(strstr(md, "As of 2019-06-30: only the months up to 2019-06 are used."));
    /* no month of 2020 in the after period: no "nothing delivered in 2020" flag */
    assert_null(strstr(md, "(2020-01 to 2020-12)"));
    /* the costs cover the same months */
    assert_non_null(strstr(md, "2018-09 to 2019-06"));
    /* every criterion has an estimate with an interval; none reads "– to –" */
    assert_null(strstr(md, "\xe2\x80\x93 to \xe2\x80\x93"));
    /* the DiD criterion was not yet met then */
    char buf[1024];
    const char *r = row_of(md, "The fall is larger than in the comparison area Vallentuna", buf,
                           sizeof(buf));
    assert_non_null(strstr(r, "inconclusive"));
    char *asof_md = md;
    /* the report made now: known at the decision date beside known now */
    md = report(g->out_en);
    const char *then = strstr(md, "What was known at the decision date and what is known now");
    assert_non_null(then);
    /* The "known then" column is computed by a shorter pass (only the outcomes criteria
     * read, without placebo runs and bootstraps): each of its cells must equal what the
     * whole evaluation as of that date says, verdict, estimate and interval. */
    const char *crit = strstr(asof_md, "**Pre-registered decision criteria**");
    assert_non_null(crit);
    crit = strstr(crit, "| --- |");
    assert_non_null(crit);
    size_t n_rows = 0;
    for (const char *line = strchr(crit, '\n'); line && line[1] == '|';
         line = strchr(line + 1, '\n')) {
        /* | criterion | estimate | interval | rule | verdict | ... */
        char cell[6][400];
        const char *p = line + 3; /* after "\n| " */
        for (int k = 0; k < 6; k++) {
            const char *e = strstr(p, " | ");
            assert_non_null(e);
            snprintf(cell[k], sizeof(cell[k]), "%.*s", (int)(e - p), p);
            p = e + 3;
        }
        const char *verdict = strchr(cell[4], ' '); /* after the mark */
        assert_non_null(verdict);
        char want[1200];
        snprintf(want, sizeof(want), "| %s: %s (%s) |", verdict + 1, cell[1], cell[2]);
        r = row_of(then, cell[0], buf, sizeof(buf));
        if (!strstr(r, want))
            fail_msg("known then: expected '%s' in the row '%s'", want, r);
        n_rows++;
    }
    assert_int_equal(n_rows, 5);
    free(asof_md);
    r = row_of(then, "The fall is larger than in the comparison area Vallentuna", buf,
               sizeof(buf));
    assert_non_null(strstr(r, "inconclusive: 0.822 (0.591 to 1.144)"));
    assert_non_null(strstr(r, "met: 0.716 (0.570 to 0.900)"));
    assert_non_null(strstr(md, "1 of the criteria are judged differently now than at the "
                               "decision date 2019-06-30"));
    /* survey criteria in percentage points, as the answer */
    r = row_of(then, "The share feeling unsafe late in the evening in the centre falls", buf,
               sizeof(buf));
    assert_non_null(strstr(r, "met: \xe2\x88\x92" "5.4\xc2\xa0pp (\xe2\x88\x92" "10.6 to \xe2\x88\x92" "0.2\xc2\xa0pp)"));
    /* the survey criteria carry the 2020 flag; why they get no delivered-months estimate */
    assert_non_null(strstr(md, "For the survey questions no restricted estimate is computed, "
                               "because a survey wave is not a sum over months that can be "
                               "split"));
    free(md);
    rm_rf(out);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_screen_swedish),
        cmocka_unit_test(first_screen_english),
        cmocka_unit_test(cost_from_the_same_model_and_months),
        cmocka_unit_test(component_claim_refused),
        cmocka_unit_test(interventions_costs_refused),
        cmocka_unit_test(as_of_the_decision_date),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
