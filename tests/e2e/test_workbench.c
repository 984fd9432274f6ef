/*
 * End-to-end tests of the evaluator's workbench (issue 16), running the real binary
 * ($TRYGG_BIN) on temporary databases: nothing ignored silently (Swedish headers as
 * Excel users write them, an unknown column warned and named, --strict refusing it,
 * digit groups "380 000"), an idempotent re-import (exit 0), "-" for standard input,
 * provenance paths relative to the working directory or bare names.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

struct env {
    char *dir;
    char *db;
};

static struct env *E(void **state)
{
    return *state;
}

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("workbench");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/trygg.db", e->dir);
    e->db = strbuf_detach(&sb);
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

/* Writes text to DIR/name and returns the path (a new string). */
static char *put(struct env *e, const char *name, const char *text)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", e->dir, name);
    write_file(sb.buf, text, strlen(text));
    return strbuf_detach(&sb);
}

static json_t *info_table(const char *db, const char *table)
{
    struct run_result res;
    if (run_trygg(&res, db, "info", "--format", "json", "--table", table, NULL) != 0)
        fail_msg("trygg info failed: %s", res.err);
    json_error_t err;
    json_t *root = json_loads(res.out, 0, &err);
    if (!root)
        fail_msg("info --format json is not JSON (%s):\n%s", err.text, res.out);
    run_result_release(&res);
    json_t *t = json_incref(json_object_get(root, table));
    json_decref(root);
    if (!json_is_array(t))
        fail_msg("info has no table '%s'", table);
    return t;
}

static const char *text_of(json_t *row, const char *col)
{
    const char *s = json_string_value(json_object_get(row, col));
    if (!s)
        fail_msg("no text column '%s'", col);
    return s;
}

/* As an Excel user writes an interventions list: Swedish headers with blanks and
 * capitals, digit groups with a blank and a no-break space, and a column trygg does
 * not read ("Ansvarig"). */
static const char INTERVENTIONS_SV[] =
    "Namn;Område;Start;Slut;Kostnad per år;Anteckning;Ansvarig\n"
    "Trygghetscoacher;Åkersberga centrum;2019-01-01;2019-12-31;380 000;två coacher;Kim\n"
    "Nattvandring;Söra;2019-05-01;;1\xc2\xa0" "250\xc2\xa0" "000,50;;Ali\n";

static void swedish_headers_and_unknown_column(void **state)
{
    struct env *e = E(state);
    char *f = put(e, "insatser.csv", INTERVENTIONS_SV);
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "interventions", f, NULL), 0);
    /* the unknown column is named, with its place, in a warning */
    char want[4096];
    snprintf(want, sizeof(want), "trygg: %s:1:7: warning: column 'Ansvarig' is not read", f);
    if (!strstr(res.err, want))
        fail_msg("expected\n  %s\nin\n  %s", want, res.err);
    assert_int_equal(count_lines_starting(res.err, "trygg: "), 1); /* nothing else */
    assert_non_null(strstr(res.out, "2 intervention rows"));
    run_result_release(&res);
    json_t *t = info_table(e->db, "interventions");
    assert_int_equal(json_array_size(t), 2);
    json_t *r0 = json_array_get(t, 0), *r1 = json_array_get(t, 1);
    assert_string_equal(text_of(r0, "name"), "Trygghetscoacher");
    assert_string_equal(text_of(r0, "area"), "Åkersberga centrum");
    assert_string_equal(text_of(r0, "end"), "2019-12-31");
    assert_string_equal(text_of(r0, "note"), "två coacher");
    assert_true(json_number_value(json_object_get(r0, "yearly_cost_sek")) == 380000);
    assert_true(json_number_value(json_object_get(r1, "yearly_cost_sek")) == 1250001);
    json_decref(t);
    free(f);
}

static void strict_refuses_unknown_column(void **state)
{
    struct env *e = E(state);
    char *f = put(e, "insatser.csv", INTERVENTIONS_SV);
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "--strict", "interventions", f, NULL), 1);
    char want[4096];
    snprintf(want, sizeof(want), "trygg: %s:1:7: column 'Ansvarig' is not read", f);
    assert_non_null(strstr(res.err, want));
    assert_non_null(strstr(res.err, "nothing imported; the database is unchanged"));
    run_result_release(&res);
    /* without the column the strict import goes through, silently */
    char *g = put(e, "ok.csv", "NAMN;OMRÅDE;Startdatum;Årskostnad\nx;Norr;2020-01-01;12 000\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "--strict", "interventions", g, NULL), 0);
    assert_int_equal(res.err_len, 0);
    run_result_release(&res);
    free(f);
    free(g);
}

/* Incident counts with Swedish headers, digit groups in counts and exposure, an
 * ambiguous grouping refused, an extra column warned. */
static void incidents_digit_groups(void **state)
{
    struct env *e = E(state);
    char *f = put(e, "brott.csv", "Månad;Område;Brottstyp;Antal;Invånare;Källa\n"
                                  "2020-01;Norr;klotter;1 204;12 500;BRÅ\n"
                                  "2020-02;Norr;klotter;17;12 500;BRÅ\n");
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", f, NULL), 0);
    assert_non_null(strstr(res.err, "warning: column 'Källa' is not read"));
    run_result_release(&res);
    json_t *t = info_table(e->db, "series");
    assert_true(json_number_value(json_object_get(json_array_get(t, 0), "total")) == 1221);
    json_decref(t);
    /* "1 20" is no grouping: refused, not read as 120 */
    char *bad = put(e, "bad.csv", "period,area,category,count\n2020-03,Norr,klotter,1 20\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", bad, NULL), 1);
    assert_non_null(strstr(res.err, ":2:4: count '1 20'"));
    run_result_release(&res);
    free(f);
    free(bad);
}

/* A survey file's columns the codebook does not name: a warning naming them; with
 * extra = ignore written out, a note; --strict: refused. */
static void survey_unread_columns(void **state)
{
    struct env *e = E(state);
    static const char cb_text[] = "[survey]\nid = s\ntitle.sv = S\n[columns]\nrespondent = id\n"
                                  "wave.fixed = 2021\n[question T01]\ntext.sv = T\n"
                                  "value.1 = Ja\nvalue.2 = Nej\n";
    char *cb = put(e, "s.ini", cb_text);
    char *data = put(e, "s.csv", "id,T01,Postnummer,Fritext\n1,1,18430,x\n2,2,18431,y\n");
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "--strict", "survey", cb, data, NULL), 1);
    assert_non_null(strstr(res.err, "2 columns not in the codebook are not imported: "
                                    "'Postnummer', 'Fritext' (--strict"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", cb, data, NULL), 0);
    assert_non_null(strstr(res.err, ":1:3: warning: 2 columns not in the codebook are not "
                                    "imported: 'Postnummer', 'Fritext'"));
    run_result_release(&res);
    free(cb);
    free(data);
}

/* The same file again: exit 0, "already imported as import N", nothing changed. */
static void idempotent_reimport(void **state)
{
    struct env *e = E(state);
    char *f = put(e, "brott.csv", "period,area,category,count\n2020-01,Norr,klotter,3\n");
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", f, NULL), 0);
    run_result_release(&res);
    char *before = db_dump(e->db);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(run_trygg(&res, e->db, "import", "incidents", f, NULL), 0);
        assert_non_null(strstr(res.out, "already imported as import 1"));
        run_result_release(&res);
    }
    char *after = db_dump(e->db);
    assert_dump_equal(before, after, "idempotent re-import");
    free(before);
    free(after);
    free(f);
}

/* "-" reads standard input; the import is recorded as "-". */
static void stdin_dash(void **state)
{
    struct env *e = E(state);
    char *f = put(e, "in.csv", "period,area,category,count\n2020-01,Norr,klotter,3\n");
    const char *argv[] = {trygg_bin(), "--db", e->db, "import", "incidents", "-", NULL};
    struct run_result res;
    assert_int_equal(run_program(argv, f, &res), 0);
    assert_non_null(strstr(res.out, "imported standard input: 1 count in 1 series"));
    run_result_release(&res);
    json_t *t = info_table(e->db, "imports");
    assert_string_equal(text_of(json_array_get(t, 0), "file"), "-");
    json_decref(t);
    /* --replace from standard input replaces by content only: "-" is no file name */
    char *g = put(e, "in2.csv", "period,area,category,count\n2020-02,Norr,klotter,4\n");
    const char *argv2[] = {trygg_bin(), "--db", e->db, "import", "--replace", "incidents", "-",
                           NULL};
    assert_int_equal(run_program(argv2, g, &res), 0);
    assert_null(strstr(res.out, "replacing"));
    run_result_release(&res);
    t = info_table(e->db, "imports");
    assert_int_equal(json_array_size(t), 2);
    json_decref(t);
    free(f);
    free(g);
}

/* Provenance: a path relative to the working directory (never absolute), or the bare
 * file name with --anonymous-paths. */
static void recorded_paths(void **state)
{
    struct env *e = E(state);
    char *a = put(e, "a.csv", "period,area,category,count\n2020-01,Norr,klotter,3\n");
    char *b = put(e, "b.csv", "period,area,category,count\n2020-02,Norr,klotter,3\n");
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", a, NULL), 0);
    run_result_release(&res);
    assert_int_equal(
        run_trygg(&res, e->db, "import", "--anonymous-paths", "incidents", b, NULL), 0);
    run_result_release(&res);
    json_t *t = info_table(e->db, "imports");
    const char *fa = text_of(json_array_get(t, 0), "file");
    assert_true(fa[0] != '/');
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    /* the recorded relative path leads to the file from here */
    struct stat sa, sb;
    assert_int_equal(stat(fa, &sa), 0);
    assert_int_equal(stat(a, &sb), 0);
    assert_true(sa.st_ino == sb.st_ino);
    assert_string_equal(text_of(json_array_get(t, 1), "file"), "b.csv");
    json_decref(t);
    /* a run names its spec the same way, in run.json and in the reports */
    char *spec = put(e, "spec.ini",
                     "[evaluation]\nid = paths\ntitle.en = Paths\nquestion.en = q\n"
                     "start = 2020-02-01\n"
                     "[incidents k]\narea = Norr\ncategory = klotter\nmodel = rate_ratio\n");
    for (int anonymous = 0; anonymous < 2; anonymous++) {
        struct strbuf out = STRBUF_INIT, p = STRBUF_INIT;
        strbuf_addf(&out, "%s/out%d", e->dir, anonymous);
        int rc = run_trygg(&res, e->db, "run", spec, "--out", out.buf, "--no-charts", "-q",
                           anonymous ? "--anonymous-paths" : NULL, NULL);
        if (rc != 0 && rc != 1)
            fail_msg("run: exit %d\n%s", rc, res.err);
        run_result_release(&res);
        strbuf_addf(&p, "%s/paths/run.json", out.buf);
        json_error_t err;
        json_t *run = json_load_file(p.buf, 0, &err);
        if (!run)
            fail_msg("%s: %s", p.buf, err.text);
        const char *file = json_string_value(json_object_get(json_object_get(run, "spec"), "file"));
        assert_non_null(file);
        if (anonymous) {
            assert_string_equal(file, "spec.ini");
        } else {
            assert_true(file[0] != '/');
            assert_int_equal(stat(file, &sa), 0);
            assert_int_equal(stat(spec, &sb), 0);
            assert_true(sa.st_ino == sb.st_ino);
        }
        json_decref(run);
        static const char *const files[] = {"report.html", "report.md", "run.json"};
        for (size_t k = 0; k < 3; k++) {
            strbuf_reset(&p);
            strbuf_addf(&p, "%s/paths/%s", out.buf, files[k]);
            char *text = slurp(p.buf, NULL);
            assert_non_null(text);
            /* as an absolute path, not as the tail of a relative one (../../tmp/...) */
            for (const char *q = strstr(text, e->dir); q; q = strstr(q + 1, e->dir))
                if (q - text < 2 || q[-1] != '.' || q[-2] != '.')
                    fail_msg("%s names the absolute folder %s", p.buf, e->dir);
            free(text);
        }
        strbuf_release(&out);
        strbuf_release(&p);
    }
    free(spec);
    free(a);
    free(b);
}


/* ------------------------------------------------------------ inspect, repair, check */

static const char CODEBOOK[] = "[survey]\nid = s\ntitle.sv = Enkät\n[columns]\nrespondent = id\n"
                               "wave = ar\narea = omrade\nweight = vikt\n"
                               "[background KON]\ntext.sv = Kön\nvalue.1 = Man\n"
                               "value.2 = Kvinna\n"
                               "[question T01]\ntext.sv = Hur trygg?\ntext.en = How safe?\n"
                               "value.1 = Trygg | Safe\nvalue.2 = Otrygg | Unsafe\n"
                               "missing.9 = Vet ej | Don't know\nindicator = 2\n";

/* Writes a survey of n respondents per wave and area (2017, 2019; Norr, Söder) and
 * imports it with CODEBOOK, then incidents and an intervention. */
static void import_basics(struct env *e)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "id,ar,omrade,vikt,KON,T01\n");
    int id = 0;
    for (int w = 0; w < 2; w++)
        for (int a = 0; a < 2; a++)
            for (int i = 0; i < 30; i++)
                strbuf_addf(&sb, "%d,%d,%s,%.1f,%d,%d\n", ++id, w ? 2019 : 2017,
                            a ? "Söder" : "Norr", 1.0 + (i % 3) * 0.5, 1 + i % 2,
                            (i * 7 + w * 3 + a) % 5 == 0 ? 9 : 1 + ((i + a + w) % 3 == 0));
    char *cb = put(e, "s.ini", CODEBOOK);
    char *sv = put(e, "s.csv", sb.buf);
    strbuf_release(&sb);
    strbuf_addstr(&sb, "period,area,category,count\n");
    for (int y = 2016; y <= 2020; y++)
        for (int m = 1; m <= 12; m++) {
            strbuf_addf(&sb, "%d-%02d,Norr,klotter,%d\n", y, m, 3 + (y * m) % 7);
            strbuf_addf(&sb, "%d-%02d,Söder,klotter,%d\n", y, m, 4 + (y + m) % 5);
        }
    char *inc = put(e, "brott.csv", sb.buf);
    strbuf_release(&sb);
    char *itv = put(e, "insatser.csv", "namn,område,start,kostnad per år\n"
                                       "coacher,Norr,2018-01-01,100000\n");
    struct run_result res;
    const char *a1[] = {"import", "survey", cb, sv};
    const char *a2[] = {"import", "incidents", inc};
    const char *a3[] = {"import", "interventions", itv};
    const char *const *all[] = {a1, a2, a3};
    size_t ns[] = {4, 3, 3};
    for (size_t i = 0; i < 3; i++) {
        if (run_trygg_argv(&res, e->db, all[i], ns[i]) != 0)
            fail_msg("import failed: %s", res.err);
        run_result_release(&res);
    }
    free(cb);
    free(sv);
    free(inc);
    free(itv);
}

static void info_survey_and_imports(void **state)
{
    struct env *e = E(state);
    import_basics(e);
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "info", "survey", "s", "--format", "json", NULL), 0);
    json_error_t err;
    json_t *root = json_loads(res.out, 0, &err);
    assert_non_null(root);
    run_result_release(&res);
    json_t *q = json_object_get(root, "questions");
    assert_int_equal(json_array_size(q), 2);
    json_t *t01 = json_array_get(q, 1);
    assert_string_equal(text_of(t01, "id"), "T01");
    assert_string_equal(text_of(t01, "text_en"), "How safe?");
    assert_string_equal(text_of(t01, "codes"),
                        "1 Trygg | Safe; 2 Otrygg | Unsafe; missing 9 Vet ej | Don't know");
    assert_string_equal(text_of(t01, "scale"), "1,2");
    assert_string_equal(text_of(t01, "indicator"), "2");
    json_t *cbs = json_object_get(root, "codebooks");
    assert_int_equal(json_array_size(cbs), 1);
    assert_string_equal(text_of(json_array_get(cbs, 0), "waves"), "2017, 2019");
    assert_int_equal(strlen(text_of(json_array_get(cbs, 0), "sha256")), 64);
    json_t *w = json_object_get(root, "waves");
    assert_int_equal(json_array_size(w), 4);
    assert_true(json_number_value(json_object_get(json_array_get(w, 0), "respondents")) == 30);
    json_decref(root);
    /* full hashes in every format */
    json_t *imp = info_table(e->db, "imports");
    assert_int_equal(strlen(text_of(json_array_get(imp, 0), "sha256")), 64);
    json_decref(imp);
    assert_int_equal(run_trygg(&res, e->db, "info", "imports", NULL), 0);
    json_t *imp2 = info_table(e->db, "imports");
    assert_non_null(strstr(res.out, text_of(json_array_get(imp2, 0), "sha256")));
    json_decref(imp2);
    run_result_release(&res);
    /* areas, sorted the Swedish way; an unknown survey is refused */
    assert_int_equal(run_trygg(&res, e->db, "info", "area", "--format", "csv", NULL), 0);
    assert_non_null(strstr(res.out, "area,respondents,series,counts,interventions\n"
                                    "Norr,60,1,"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, e->db, "info", "survey", "nope", NULL), 1);
    assert_non_null(strstr(res.err, "there is no survey 'nope' (the database has 's')"));
    run_result_release(&res);
}

static void swedish_collation(void **state)
{
    struct env *e = E(state);
    char *f = put(e, "i.csv", "namn,område,start\nx,Ängby,2020-01-01\nx,Åby,2020-01-01\n"
                              "x,Öster,2020-01-01\nx,zeta,2020-01-01\nx,Alby,2020-01-01\n");
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "interventions", f, NULL), 0);
    run_result_release(&res);
    json_t *t = info_table(e->db, "areas");
    const char *want[] = {"Alby", "zeta", "Åby", "Ängby", "Öster"};
    assert_int_equal(json_array_size(t), 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(text_of(json_array_get(t, i), "area"), want[i]);
    json_decref(t);
    free(f);
}

/* remove import N: atomic, with what is derived from it; refused while a recorded run
 * used it, unless --force. */
static void remove_import(void **state)
{
    struct env *e = E(state);
    import_basics(e);
    struct run_result res;
    char *before = db_dump(e->db);
    /* a later import removed again gives back the database before it */
    char *more = put(e, "more.csv", "period,area,category,count\n2021-01,Väst,rån,2\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", more, NULL), 0);
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, e->db, "remove", "import", "4", NULL), 0);
    assert_non_null(strstr(res.out, "removed import 4 (incidents, "));
    assert_non_null(strstr(res.out, "1 series"));
    run_result_release(&res);
    /* the area 'Väst' stays (a name); the rest is as before */
    db_check_integrity(e->db);
    json_t *series = info_table(e->db, "series");
    assert_int_equal(json_array_size(series), 2);
    json_decref(series);
    /* no such import */
    assert_int_equal(run_trygg(&res, e->db, "remove", "import", "4", NULL), 1);
    assert_non_null(strstr(res.err, "there is no import 4"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, e->db, "remove", "import", "x", NULL), 2);
    run_result_release(&res);

    /* a recorded run that used the survey import: refused, then --force */
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/out/eval", e->dir);
    char *outdir = strbuf_detach(&sb);
    strbuf_addf(&sb, "%s/out", e->dir);
    mkdir(sb.buf, 0700);
    mkdir(outdir, 0700);
    json_t *imp = info_table(e->db, "imports");
    char runjson[512];
    snprintf(runjson, sizeof(runjson),
             "{\"imports\": [{\"id\": 1, \"kind\": \"survey\", \"sha256\": \"%s\"}]}\n",
             text_of(json_array_get(imp, 0), "sha256"));
    json_decref(imp);
    strbuf_reset(&sb);
    strbuf_addf(&sb, "%s/run.json", outdir);
    write_file(sb.buf, runjson, strlen(runjson));
    strbuf_reset(&sb);
    strbuf_addf(&sb, "%s/out", e->dir);
    char *mid = db_dump(e->db);
    assert_int_equal(run_trygg(&res, e->db, "remove", "import", "1", "--out", sb.buf, NULL), 1);
    assert_non_null(strstr(res.err, "was used by 1 recorded run"));
    assert_non_null(strstr(res.err, "--force"));
    run_result_release(&res);
    char *after = db_dump(e->db);
    assert_dump_equal(mid, after, "a refused remove");
    free(after);
    assert_int_equal(
        run_trygg(&res, e->db, "remove", "import", "1", "--out", sb.buf, "--force", NULL), 0);
    assert_non_null(strstr(res.out, "2 waves, 0 series, 1 codebook, 1 survey"));
    run_result_release(&res);
    db_check_integrity(e->db);
    json_t *surveys = info_table(e->db, "surveys");
    assert_int_equal(json_array_size(surveys), 0);
    json_decref(surveys);
    strbuf_release(&sb);
    free(outdir);
    free(mid);
    free(before);
    free(more);
}

static const char SPEC_GOOD[] = "[evaluation]\nid = ev\ntitle.sv = Ev\nquestion.sv = Hjälper det?\n"
                                "interventions = coacher\nstart = 2018-01-01\n"
                                "[survey unsafe]\nsurvey = s\nquestion = T01\narea = Norr\n"
                                "comparison = Söder\nbefore = 2017\nafter = 2019\n"
                                "[incidents graffiti]\ncategory = klotter\narea = Norr\n"
                                "[criterion c1]\noutcome = unsafe\nrule = conf_high < 0\n"
                                "text.sv = Färre otrygga\n";

/* run --check (and its alias check): a good spec prints its design, a broken one is
 * refused with file:line, and nothing is computed or written. */
static void run_check(void **state)
{
    struct env *e = E(state);
    import_basics(e);
    char *good = put(e, "good.ini", SPEC_GOOD);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, SPEC_GOOD);
    char *p = strstr(sb.buf, "after = 2019");
    memcpy(p, "after = 2031", 12);
    char *bad = put(e, "bad.ini", sb.buf);
    strbuf_release(&sb);
    strbuf_addf(&sb, "%s/out", e->dir);
    struct run_result res;
    assert_int_equal(
        run_trygg(&res, e->db, "run", "--check", good, "--out", sb.buf, "--format", "json", NULL),
        0);
    json_error_t err;
    json_t *root = json_loads(res.out, 0, &err);
    if (!root)
        fail_msg("not JSON: %s", res.out);
    run_result_release(&res);
    json_t *spec = json_array_get(root, 0);
    assert_true(json_is_true(json_object_get(spec, "accepted")));
    json_t *design = json_object_get(spec, "design");
    assert_int_equal(json_array_size(design), 2);
    assert_string_equal(text_of(json_array_get(design, 0), "area"), "Norr");
    assert_string_equal(text_of(json_array_get(design, 0), "comparison"), "Söder");
    assert_true(json_integer_value(json_object_get(json_array_get(design, 0), "design_level")) ==
                3);
    assert_true(json_integer_value(json_object_get(json_array_get(design, 1), "design_level")) ==
                2);
    json_t *cells = json_object_get(spec, "cells");
    /* survey: 2 areas x 2 waves; incidents: 1 series */
    assert_int_equal(json_array_size(cells), 5);
    json_t *c0 = json_array_get(cells, 0);
    assert_string_equal(text_of(c0, "phase"), "before");
    assert_string_equal(text_of(c0, "wave_or_period"), "2017");
    assert_true(json_number_value(json_object_get(c0, "n")) == 30);
    json_t *c4 = json_array_get(cells, 4);
    assert_string_equal(text_of(c4, "wave_or_period"), "2016-01..2020-12");
    assert_true(json_number_value(json_object_get(c4, "n")) == 60);
    json_decref(root);
    /* nothing was written */
    struct stat sbuf;
    assert_int_not_equal(stat(sb.buf, &sbuf), 0);
    /* the alias, text output */
    assert_int_equal(run_trygg(&res, e->db, "check", good, NULL), 0);
    assert_non_null(strstr(res.out, "accepted against the database; nothing was computed"));
    assert_non_null(strstr(res.out, "before and after, with a comparison area"));
    run_result_release(&res);
    /* a broken spec: file:line, exit 1 */
    assert_int_equal(run_trygg(&res, e->db, "check", bad, NULL), 1);
    char want[4096];
    snprintf(want, sizeof(want), "trygg: %s:13: survey 's' has no wave '2031'", bad);
    if (!strstr(res.err, want))
        fail_msg("expected\n  %s\nin\n  %s", want, res.err);
    assert_non_null(strstr(res.err, "refused (nothing was computed)"));
    run_result_release(&res);
    /* trygg help check */
    assert_int_equal(run_trygg(&res, NULL, "help", "check", NULL), 0);
    assert_non_null(strstr(res.out, "trygg run --check SPEC.ini"));
    run_result_release(&res);
    strbuf_release(&sb);
    free(good);
    free(bad);
}

/* Runs SPEC_GOOD on db into DIR/out-TAG and returns results.csv (a new string). */
static char *results_of(struct env *e, const char *db, const char *tag)
{
    char *spec = put(e, "spec.ini", SPEC_GOOD);
    struct strbuf out = STRBUF_INIT;
    strbuf_addf(&out, "%s/out-%s", e->dir, tag);
    struct run_result res;
    int rc = run_trygg(&res, db, "run", spec, "--out", out.buf, "--no-charts", "-q", NULL);
    if (rc != 0)
        fail_msg("run failed (%d): %s", rc, res.err);
    run_result_release(&res);
    strbuf_addstr(&out, "/ev/results.csv");
    char *text = slurp(out.buf, NULL);
    if (!text)
        fail_msg("no %s", out.buf);
    strbuf_release(&out);
    free(spec);
    return text;
}

/* export -> import into a new database -> the same estimates, through CSV and .sav. */
static void export_round_trip(void **state)
{
    struct env *e = E(state);
    import_basics(e);
    char *want = results_of(e, e->db, "orig");
    const char *formats[] = {"csv", "sav"};
    for (size_t f = 0; f < 2; f++) {
        struct strbuf db2 = STRBUF_INIT, sv = STRBUF_INIT, cb = STRBUF_INIT, inc = STRBUF_INIT;
        strbuf_addf(&db2, "%s/copy-%s.db", e->dir, formats[f]);
        strbuf_addf(&sv, "%s/export.%s", e->dir, formats[f]);
        strbuf_addf(&cb, "%s/export-%s.ini", e->dir, formats[f]);
        strbuf_addf(&inc, "%s/incidents-%s.csv", e->dir, formats[f]);
        struct run_result res;
        assert_int_equal(run_trygg(&res, e->db, "export", "survey", "s", "--format", formats[f],
                                   "--output", sv.buf, "--codebook-out", cb.buf, NULL),
                         0);
        run_result_release(&res);
        assert_int_equal(
            run_trygg(&res, e->db, "export", "incidents", "--output", inc.buf, NULL), 0);
        run_result_release(&res);
        char *itv = put(e, "insatser.csv", "namn,område,start,kostnad per år\n"
                                           "coacher,Norr,2018-01-01,100000\n");
        const char *a1[] = {"import", "survey", "--strict", cb.buf, sv.buf};
        const char *a2[] = {"import", "incidents", "--strict", inc.buf};
        const char *a3[] = {"import", "interventions", itv};
        const char *const *all[] = {a1, a2, a3};
        size_t ns[] = {5, 4, 3};
        for (size_t i = 0; i < 3; i++) {
            if (run_trygg_argv(&res, db2.buf, all[i], ns[i]) != 0)
                fail_msg("re-import of the %s export failed: %s", formats[f], res.err);
            run_result_release(&res);
        }
        char *got = results_of(e, db2.buf, formats[f]);
        if (strcmp(want, got))
            fail_msg("the %s round trip changed the estimates:\n%s\n---\n%s", formats[f], want,
                     got);
        free(got);
        free(itv);
        strbuf_release(&db2);
        strbuf_release(&sv);
        strbuf_release(&cb);
        strbuf_release(&inc);
    }
    /* the CSV export is the data as imported: the same rows and cells */
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "export", "survey", "s", "--wave", "2017", NULL), 0);
    assert_int_equal(strncmp(res.out, "id,ar,omrade,vikt,KON,T01\n1,2017,Norr,1,1,", 41), 0);
    assert_int_equal(count_lines_starting(res.out, ""), 61);
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, e->db, "export", "survey", "nope", NULL), 1);
    run_result_release(&res);
    free(want);
}

/* --replace with an edited codebook re-reads the answers against it and says what
 * changed; the replaced codebook goes (no silent extra version); a genuinely new
 * version of a survey is announced with the list of versions. */
static void codebook_replaced_says_what_changed(void **state)
{
    struct env *e = E(state);
    char *cb = put(e, "s.ini", CODEBOOK);
    char *sv = put(e, "s.csv", "id,ar,omrade,vikt,KON,T01\n1,2019,Norr,1,1,1\n2,2019,Norr,1,2,2\n");
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", cb, sv, NULL), 0);
    run_result_release(&res);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, CODEBOOK);
    strbuf_addstr(&sb, "value.3 = Vet inte | Not sure\n");
    char *p = strstr(sb.buf, "value.2 = Otrygg | Unsafe");
    memcpy(p, "value.2 = Orolig | Unsafe", 25);
    char *cb2 = put(e, "s.ini", sb.buf);
    strbuf_release(&sb);
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", "--replace", cb2, sv, NULL), 0);
    assert_non_null(strstr(res.err, "note: codebook replaced: T01: code 2: 'Otrygg' indicator "
                                    "scale -> 'Orolig' indicator scale; code 3 'Vet inte' added"));
    assert_non_null(strstr(res.out, "replacing the earlier import"));
    run_result_release(&res);
    json_t *cbs = NULL;
    assert_int_equal(run_trygg(&res, e->db, "info", "survey", "s", "--format", "json", NULL), 0);
    json_error_t err;
    json_t *root = json_loads(res.out, 0, &err);
    run_result_release(&res);
    cbs = json_object_get(root, "codebooks");
    assert_int_equal(json_array_size(cbs), 1);
    json_decref(root);
    /* an answer the new codebook does not declare is refused on --replace */
    strbuf_addstr(&sb, CODEBOOK);
    p = strstr(sb.buf, "value.2 = Otrygg | Unsafe\n");
    p[6] = '3'; /* the code 2 the data use is gone */
    p = strstr(sb.buf, "indicator = 2");
    p[12] = '3';
    char *cb3 = put(e, "s3.ini", sb.buf);
    strbuf_release(&sb);
    char *before = db_dump(e->db);
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", "--replace", cb3, sv, NULL), 1);
    assert_non_null(strstr(res.err, ":3:6: code '2' is not declared for 'T01'"));
    run_result_release(&res);
    char *after = db_dump(e->db);
    assert_dump_equal(before, after, "a replace refused by the new codebook");
    /* a second file with another codebook version: announced */
    strbuf_addstr(&sb, CODEBOOK);
    strbuf_addstr(&sb, "; 2021 version\n");
    char *cb4 = put(e, "s2021.ini", sb.buf);
    strbuf_release(&sb);
    char *sv2 = put(e, "s2021.csv", "id,ar,omrade,vikt,KON,T01\n1,2021,Norr,1,1,1\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", cb4, sv2, NULL), 0);
    assert_non_null(strstr(res.err, "note: a new codebook version of survey 's': it now has 2"));
    run_result_release(&res);
    free(before);
    free(after);
    free(cb);
    free(cb2);
    free(cb3);
    free(cb4);
    free(sv);
    free(sv2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(swedish_headers_and_unknown_column, setup, teardown),
        cmocka_unit_test_setup_teardown(strict_refuses_unknown_column, setup, teardown),
        cmocka_unit_test_setup_teardown(incidents_digit_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(survey_unread_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(idempotent_reimport, setup, teardown),
        cmocka_unit_test_setup_teardown(stdin_dash, setup, teardown),
        cmocka_unit_test_setup_teardown(recorded_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(info_survey_and_imports, setup, teardown),
        cmocka_unit_test_setup_teardown(swedish_collation, setup, teardown),
        cmocka_unit_test_setup_teardown(remove_import, setup, teardown),
        cmocka_unit_test_setup_teardown(run_check, setup, teardown),
        cmocka_unit_test_setup_teardown(export_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(codebook_replaced_says_what_changed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
