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
    free(f);
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
    free(a);
    free(b);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
