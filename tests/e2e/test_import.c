/*
 * End-to-end tests of `trygg import` and `trygg info`, running the real binary
 * ($TRYGG_BIN) on temporary databases: good survey, incident and intervention files
 * read back through `info --format json`; 6,000 respondents with many area and stratum
 * labels exported back unchanged; a file imported twice (refused by its
 * SHA-256, or replaced with --replace); a corrected file replacing the one it
 * corrects; several files in one command; the exit codes (0, 1, 2, 3) and --help of
 * every subcommand; --encoding; and no progress output when stderr is not a terminal.
 * The bad-input corpus has its own program, test_bad_corpus.c.
 */
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

extern char **environ;

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
    e->dir = make_temp_dir("import");
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
    char *slash = strrchr(sb.buf, '/');
    *slash = '\0';
    mkdir(sb.buf, 0700);
    *slash = '/';
    write_file(sb.buf, text, strlen(text));
    return strbuf_detach(&sb);
}

/* ------------------------------------------------------------ the good files */

static const char CODEBOOK[] =
    "[survey]\n"
    "id = e2e\n"
    "title.sv = Trygghetsmätning\n"
    "[columns]\n"
    "respondent = LOPNR\n"
    "wave = AR\n"
    "area = OMRADE\n"
    "weight = VIKT\n"
    "stratum = STRATUM\n"
    "[area]\n"
    "value.1 = Åkersberga centrum\n"
    "value.2 = Söra\n"
    "[background KON]\n"
    "value.1 = Man | Man\n"
    "value.2 = Kvinna | Woman\n"
    "[question T01]\n"
    "text.sv = Hur trygg känner du dig?\n"
    "value.1 = Mycket trygg | Very safe\n"
    "value.2 = Ganska trygg | Fairly safe\n"
    "value.3 = Ganska otrygg | Fairly unsafe\n"
    "value.4 = Mycket otrygg | Very unsafe\n"
    "missing.9 = Ej svar | No answer\n"
    "empty = 9\n"
    "indicator = 3, 4\n";

/* As Excel writes it: BOM, ';', CRLF, decimal commas, labels instead of codes, areas
 * by code and by name in any case, an empty cell, and an empty line. */
static const char SURVEY[] = "\xef\xbb\xbfLOPNR;AR;OMRADE;VIKT;STRATUM;KON;T01\r\n"
                             "1;2019;1;1,5;A;1;1\r\n"
                             "2;2019;ÅKERSBERGA CENTRUM;2;A;Kvinna;Ganska otrygg\r\n"
                             "3;2019;2;0,5;B;woman;\r\n"
                             "\r\n"
                             "1;2020;söra;1.25;B;MAN;4\r\n"
                             "2;2020;1;1;A;2;Very safe\r\n";

static const char INCIDENTS[] = "månad,område,brott,antal,invånare,anmärkning\n"
                                "2019-01,Åkersberga centrum,narkotika,3,12000,\n"
                                "2019-02,Åkersberga centrum,narkotika,0,12000,\"vinter, lugnt\"\n"
                                "2019-03,Åkersberga centrum,narkotika,7,12000,\n"
                                "2019-01-15,Söra,bilbrand,1,,\n";

static const char INTERVENTIONS[] =
    "namn;område;startdatum;slutdatum;årskostnad;kommentar\n"
    "trygghetscoacher;Åkersberga centrum;2018-06-01;;1400000;två coacher\n"
    "trygghetscoacher;Åkersberga centrum;2019-01-01;2022-12-31;2352000,50;\n"
    "nattvandring;Söra;2019-05-01;2019-09-30;;\n";

static json_t *info_json(const char *db)
{
    struct run_result res;
    if (run_trygg(&res, db, "info", "--format", "json", NULL) != 0)
        fail_msg("trygg info failed: %s", res.err);
    json_error_t err;
    json_t *root = json_loads(res.out, 0, &err);
    if (!root)
        fail_msg("info --format json is not JSON (%s):\n%s", err.text, res.out);
    run_result_release(&res);
    return root;
}

static size_t table_size(json_t *root, const char *table)
{
    json_t *t = json_object_get(root, table);
    assert_true(json_is_array(t));
    return json_array_size(t);
}

/* The row of `table` whose text columns match the NULL-terminated (column, value)
 * pairs; fails the test if there is none. */
static json_t *row(json_t *root, const char *table, ...)
{
    json_t *t = json_object_get(root, table);
    size_t i;
    json_t *r;
    json_array_foreach(t, i, r)
    {
        va_list ap;
        va_start(ap, table);
        bool match = true;
        for (const char *col; match && (col = va_arg(ap, const char *)) != NULL;) {
            const char *want = va_arg(ap, const char *);
            const char *have = json_string_value(json_object_get(r, col));
            match = have && !strcmp(have, want);
        }
        va_end(ap);
        if (match)
            return r;
    }
    char *dump = json_dumps(t, JSON_INDENT(1));
    fail_msg("no such row in '%s':\n%s", table, dump);
    return NULL;
}

static double num(json_t *r, const char *col)
{
    json_t *v = json_object_get(r, col);
    if (!json_is_number(v))
        fail_msg("column '%s' is not a number", col);
    return json_number_value(v);
}

static void import_ok(const char *db, const char *const *args, size_t n)
{
    struct run_result res;
    int rc = run_trygg_argv(&res, db, args, n);
    if (rc != 0)
        fail_msg("import failed (exit %d):\n%s", rc, res.err);
    if (res.err_len)
        fail_msg("import succeeded but wrote to stderr:\n%s", res.err);
    run_result_release(&res);
}

static void import_all(struct env *e)
{
    char *cb = put(e, "surveys/e2e.ini", CODEBOOK);
    char *sv = put(e, "survey_2019_2020.csv", SURVEY);
    char *inc = put(e, "incidents.csv", INCIDENTS);
    char *itv = put(e, "interventions.csv", INTERVENTIONS);
    const char *a1[] = {"import", "survey", cb, sv};
    import_ok(e->db, a1, 4);
    const char *a2[] = {"import", "incidents", inc};
    import_ok(e->db, a2, 3);
    const char *a3[] = {"import", "interventions", itv};
    import_ok(e->db, a3, 3);
    free(cb);
    free(sv);
    free(inc);
    free(itv);
}

/* ------------------------------------------------------------ tests */

static void good_imports_read_back(void **state)
{
    struct env *e = E(state);
    import_all(e);
    json_t *root = info_json(e->db);

    assert_int_equal(table_size(root, "surveys"), 1);
    json_t *s = row(root, "surveys", "survey", "e2e", NULL);
    assert_string_equal(json_string_value(json_object_get(s, "title")), "Trygghetsmätning");
    assert_true(num(s, "codebooks") == 1);
    assert_true(num(s, "waves") == 2);
    assert_true(num(s, "respondents") == 5);

    /* respondents and weights per wave and area (areas by code, name, any case) */
    assert_int_equal(table_size(root, "waves"), 4);
    json_t *w = row(root, "waves", "wave", "2019", "area", "Åkersberga centrum", NULL);
    assert_true(num(w, "respondents") == 2);
    assert_true(num(w, "weighted") == 3.5); /* 1,5 + 2 */
    w = row(root, "waves", "wave", "2019", "area", "Söra", NULL);
    assert_true(num(w, "respondents") == 1);
    assert_true(num(w, "weighted") == 0.5);
    w = row(root, "waves", "wave", "2020", "area", "Söra", NULL);
    assert_true(num(w, "weighted") == 1.25);
    w = row(root, "waves", "wave", "2020", "area", "Åkersberga centrum", NULL);
    assert_true(num(w, "respondents") == 1);

    /* series: Swedish column names, months and days */
    assert_int_equal(table_size(root, "series"), 2);
    json_t *sr = row(root, "series", "area", "Åkersberga centrum", "category", "narkotika", NULL);
    assert_string_equal(json_string_value(json_object_get(sr, "period")), "month");
    assert_string_equal(json_string_value(json_object_get(sr, "first")), "2019-01");
    assert_string_equal(json_string_value(json_object_get(sr, "last")), "2019-03");
    assert_string_equal(json_string_value(json_object_get(sr, "detection")), "police");
    assert_true(num(sr, "periods") == 3);
    assert_true(num(sr, "total") == 10);
    sr = row(root, "series", "area", "Söra", "category", "bilbrand", NULL);
    assert_string_equal(json_string_value(json_object_get(sr, "period")), "day");
    assert_string_equal(json_string_value(json_object_get(sr, "first")), "2019-01-15");

    /* interventions: ';' file, decimal comma, empty end */
    assert_int_equal(table_size(root, "interventions"), 3);
    json_t *iv = row(root, "interventions", "name", "trygghetscoacher", "start", "2018-06-01", NULL);
    assert_string_equal(json_string_value(json_object_get(iv, "end")), "");
    assert_string_equal(json_string_value(json_object_get(iv, "note")), "två coacher");
    assert_true(num(iv, "yearly_cost_sek") == 1400000);
    iv = row(root, "interventions", "name", "trygghetscoacher", "start", "2019-01-01", NULL);
    assert_string_equal(json_string_value(json_object_get(iv, "end")), "2022-12-31");
    iv = row(root, "interventions", "name", "nattvandring", "area", "Söra", NULL);

    /* provenance */
    assert_int_equal(table_size(root, "imports"), 3);
    json_t *im = row(root, "imports", "kind", "survey", NULL);
    assert_true(num(im, "rows") == 5);
    im = row(root, "imports", "kind", "incidents", NULL);
    assert_true(num(im, "rows") == 4);
    im = row(root, "imports", "kind", "interventions", NULL);
    assert_true(num(im, "rows") == 3);
    json_decref(root);
    db_check_integrity(e->db);
}

static void summaries_on_stdout(void **state)
{
    struct env *e = E(state);
    char *cb = put(e, "s.ini", CODEBOOK);
    char *sv = put(e, "s.csv", SURVEY);
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", cb, sv, NULL), 0);
    char want[4096];
    snprintf(want, sizeof(want),
             "imported %s: 5 respondents (wave '2019': 3, '2020': 2), survey 'e2e' (import #1)\n",
             sv);
    assert_string_equal(res.out, want);
    assert_int_equal(res.err_len, 0);
    run_result_release(&res);
    /* --quiet prints nothing */
    char *inc = put(e, "i.csv", INCIDENTS);
    assert_int_equal(run_trygg(&res, e->db, "import", "--quiet", "incidents", inc, NULL), 0);
    assert_int_equal(res.out_len, 0);
    assert_int_equal(res.err_len, 0);
    run_result_release(&res);
    free(cb);
    free(sv);
    free(inc);
}

/* The same file again is not imported twice, and that is not an error (a script that
 * replays every import must be able to run twice): exit 0, "already imported as
 * import N", the database unchanged. */
static void same_file_twice_is_idempotent(void **state)
{
    struct env *e = E(state);
    import_all(e);
    char *before = db_dump(e->db);
    char *cb = put(e, "surveys/e2e.ini", CODEBOOK);
    char *sv = put(e, "survey_2019_2020.csv", SURVEY);
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", cb, sv, NULL), 0);
    char want[4096];
    snprintf(want, sizeof(want), "%s: already imported as import 1 (same SHA-256)", sv);
    if (strncmp(res.out, want, strlen(want)))
        fail_msg("expected a message starting\n  %s\ngot\n  %s", want, res.out);
    assert_int_equal(res.err_len, 0);
    run_result_release(&res);

    /* the same bytes under another name are the same file */
    char *copy = put(e, "copy/renamed.csv", INCIDENTS);
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", copy, NULL), 0);
    assert_non_null(strstr(res.out, "renamed.csv: already imported as import 2 (same SHA-256)"));
    run_result_release(&res);

    /* the same data with an edited codebook is not "the same": --replace re-checks it */
    struct strbuf cb2 = STRBUF_INIT;
    strbuf_addf(&cb2, "%s; edited\n", CODEBOOK);
    char *cbe = put(e, "surveys/e2e-edited.ini", cb2.buf);
    strbuf_release(&cb2);
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", cbe, sv, NULL), 1);
    assert_non_null(strstr(res.err, "already imported as import 1, with another codebook; use "
                                    "--replace"));
    run_result_release(&res);

    char *after = db_dump(e->db);
    assert_dump_equal(before, after, "repeated import");
    free(before);
    free(after);
    free(cb);
    free(cbe);
    free(sv);
    free(copy);
}

static void replace_same_file(void **state)
{
    struct env *e = E(state);
    import_all(e);
    char *cb = put(e, "surveys/e2e.ini", CODEBOOK);
    char *sv = put(e, "survey_2019_2020.csv", SURVEY);
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "--replace", "survey", cb, sv, NULL), 0);
    assert_non_null(strstr(res.out, "(import #4, replacing the earlier import)\n"));
    assert_int_equal(res.err_len, 0);
    run_result_release(&res);
    json_t *root = info_json(e->db);
    assert_true(num(row(root, "surveys", "survey", "e2e", NULL), "respondents") == 5);
    assert_int_equal(table_size(root, "imports"), 3); /* #1 is gone, #4 took its place */
    json_t *im = row(root, "imports", "kind", "survey", NULL);
    assert_true(num(im, "id") == 4);
    assert_true(num(im, "rows") == 5);
    assert_int_equal(table_size(root, "waves"), 4);
    json_decref(root);

    /* --replace also works for incidents, twice in a row */
    char *inc = put(e, "incidents.csv", INCIDENTS);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(run_trygg(&res, e->db, "import", "incidents", "--replace", inc, NULL), 0);
        run_result_release(&res);
    }
    root = info_json(e->db);
    assert_true(num(row(root, "series", "category", "narkotika", NULL), "total") == 10);
    assert_int_equal(table_size(root, "imports"), 3);
    json_decref(root);
    db_check_integrity(e->db);
    free(cb);
    free(sv);
    free(inc);
}

static void corrected_file_replaces_older(void **state)
{
    struct env *e = E(state);
    char *v1 = put(e, "2023-01/brott.csv", "period,area,category,count\n"
                                           "2022-01,Söra,narkotika,4\n"
                                           "2022-02,Söra,narkotika,5\n");
    char *v2 = put(e, "2023-02/brott.csv", "period,area,category,count\n"
                                           "2022-01,Söra,narkotika,4\n"
                                           "2022-02,Söra,narkotika,6\n"
                                           "2022-03,Söra,narkotika,2\n");
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", v1, NULL), 0);
    run_result_release(&res);
    char *before = db_dump(e->db);
    /* without --replace the corrected file clashes with the old one, row by row */
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", v2, NULL), 1);
    char want[4096];
    snprintf(want, sizeof(want),
             "trygg: %s:2:1: period '2022-01' of area 'Söra', category 'narkotika' is already in "
             "the database (from '",
             v2);
    assert_non_null(strstr(res.err, want));
    /* recorded relative to the working directory, never as an absolute path */
    assert_non_null(strstr(res.err, "2023-01/brott.csv', import #1)\n"));
    assert_null(strstr(res.err, "(from '/"));
    run_result_release(&res);
    char *after = db_dump(e->db);
    assert_dump_equal(before, after, "clashing corrected file");
    free(after);
    /* with --replace it takes the place of the file of the same name */
    assert_int_equal(run_trygg(&res, e->db, "import", "--replace", "incidents", v2, NULL), 0);
    assert_non_null(strstr(res.out, "replacing the earlier import"));
    run_result_release(&res);
    json_t *root = info_json(e->db);
    assert_int_equal(table_size(root, "imports"), 1);
    json_t *sr = row(root, "series", "area", "Söra", NULL);
    assert_true(num(sr, "periods") == 3);
    assert_true(num(sr, "total") == 12);
    json_decref(root);

    /* a corrected survey file: one respondent more */
    char *cb = put(e, "s.ini", CODEBOOK);
    char *s1 = put(e, "a/enkat.csv", "LOPNR,AR,OMRADE,VIKT,STRATUM,KON,T01\n1,2021,1,1,A,1,1\n");
    char *s2 = put(e, "b/enkat.csv", "LOPNR,AR,OMRADE,VIKT,STRATUM,KON,T01\n1,2021,1,1,A,1,2\n"
                                     "2,2021,2,1,A,2,3\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", cb, s1, NULL), 0);
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", cb, s2, NULL), 1);
    snprintf(want, sizeof(want), "trygg: %s:2:1: respondent '1' in wave '2021' is already in the "
                                 "database (from '",
             s2);
    assert_non_null(strstr(res.err, want));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, e->db, "import", "survey", "--replace", cb, s2, NULL), 0);
    run_result_release(&res);
    root = info_json(e->db);
    assert_true(num(row(root, "surveys", "survey", "e2e", NULL), "respondents") == 2);
    json_decref(root);
    db_check_integrity(e->db);
    free(before);
    free(v1);
    free(v2);
    free(cb);
    free(s1);
    free(s2);
}

static void several_files_in_one_command(void **state)
{
    struct env *e = E(state);
    char *a = put(e, "a.csv", "period,area,category,count\n2021-01,Norr,klotter,1\n");
    char *b = put(e, "b.csv", "period,area,category,count\n2021-02,Norr,klotter,2\n");
    char *bad = put(e, "bad.csv", "period,area,category,count\n2021-03,Norr,klotter,-3\n");
    char *c = put(e, "c.csv", "period,area,category,count\n2021-04,Norr,klotter,4\n");
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", a, b, NULL), 0);
    assert_int_equal(count_lines_starting(res.out, "imported "), 2);
    run_result_release(&res);
    /* each file is its own transaction: a bad one does not stop the others */
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", bad, c, a, NULL), 1);
    char want[4096];
    snprintf(want, sizeof(want), "trygg: %s:2:4: count '-3' is negative\n"
                                 "trygg: %s: nothing imported; the database is unchanged\n",
             bad, bad);
    assert_non_null(strstr(res.err, want));
    snprintf(want, sizeof(want), "imported %s: 1 count in 1 series (import #3)\n", c);
    assert_int_equal(strncmp(res.out, want, strlen(want)), 0);
    snprintf(want, sizeof(want), "%s: already imported as import 1", a);
    assert_non_null(strstr(res.out, want));
    run_result_release(&res);
    /* the same file twice in one command */
    char *d = put(e, "d.csv", "period,area,category,count\n2021-05,Norr,klotter,5\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", d, d, NULL), 0);
    assert_int_equal(count_lines_starting(res.out, "imported "), 1);
    assert_non_null(strstr(res.out, "already imported as import"));
    run_result_release(&res);
    json_t *root = info_json(e->db);
    json_t *sr = row(root, "series", "category", "klotter", NULL);
    assert_true(num(sr, "total") == 1 + 2 + 4 + 5);
    json_decref(root);
    free(a);
    free(b);
    free(bad);
    free(c);
    free(d);
}

/*
 * Counts are kept per series in blocks (store/obsblock.h) written at the end of the
 * import: rows may come in any order, a period given twice is found wherever the
 * second one is (the line of the second), a later file may fill a gap in a stored
 * series but not give a stored period again, and everything reads back in period
 * order with its exposure and note.
 */
static void rows_in_any_order(void **state)
{
    struct env *e = E(state);
    char *dup = put(e, "dup.csv",
                    "period,area,category,count\n2021-03,Norr,rån,3\n2021-01,Söder,rån,1\n"
                    "2021-01,Norr,rån,1\n2021-02,Norr,rån,2\n2021-03,Norr,rån,9\n");
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", dup, NULL), 1);
    char want[4096];
    snprintf(want, sizeof(want),
             "%s:6:1: period '2021-03' of area 'Norr', category 'rån' occurs twice in this "
             "file",
             dup);
    assert_non_null(strstr(res.err, want));
    run_result_release(&res);
    char *ok = put(e, "ok.csv",
                   "period,area,category,count,exposure,note\n"
                   "2021-04,Norr,rån,4,100,\n2021-01,Söder,rån,1,,\n2021-01,Norr,rån,1,100,"
                   "stängt\n2021-02,Norr,rån,2,,\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", ok, NULL), 0);
    assert_non_null(strstr(res.out, "4 counts in 2 series"));
    run_result_release(&res);
    /* a later file: the gap (2021-03) is new, 2021-02 is stored already */
    char *gap = put(e, "gap.csv", "period,area,category,count\n2021-03,Norr,rån,3\n");
    char *again = put(e, "again.csv",
                      "period,area,category,count\n2021-05,Norr,rån,5\n2021-02,Norr,rån,2\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", gap, again, NULL), 1);
    snprintf(want, sizeof(want),
             "%s:3:1: period '2021-02' of area 'Norr', category 'rån' is already in the "
             "database (from '",
             again);
    if (!strstr(res.err, want) || !strstr(res.err, "ok.csv', import #1)\n"))
        fail_msg("expected '%s' in:\n%s", want, res.err);
    run_result_release(&res);
    char out[4096];
    snprintf(out, sizeof(out), "%s/export.csv", e->dir);
    assert_int_equal(run_trygg(&res, e->db, "export", "incidents", "--output", out, NULL), 0);
    run_result_release(&res);
    char *text = slurp(out, NULL);
    assert_non_null(text);
    if (!strstr(text, "2021-01,Norr,rån,1,100,stängt\n2021-02,Norr,rån,2,,\n"
                      "2021-03,Norr,rån,3,,\n2021-04,Norr,rån,4,100,\n2021-01,Söder,rån,1,,\n"))
        fail_msg("export:\n%s", text);
    assert_null(strstr(text, "2021-05"));
    free(text);
    json_t *root = info_json(e->db);
    json_t *sr = row(root, "series", "area", "Norr", NULL);
    assert_true(num(sr, "total") == 1 + 2 + 3 + 4);
    assert_true(num(sr, "periods") == 4);
    json_decref(root);
    free(dup);
    free(ok);
    free(gap);
    free(again);
}

/* Many labels: 300 areas (some names longer than 24 bytes), 700 strata and 13 waves;
 * the export must give every respondent back its own wave, area and stratum. */
static void many_labels_read_back(void **state)
{
    struct env *e = E(state);
    char *cb = put(e, "labels.ini",
                   "[survey]\nid = labels\ntitle.sv = Etiketter\n[columns]\nrespondent = id\n"
                   "wave = ar\narea = omrade\nweight = vikt\nstratum = stratum\n"
                   "[question q1]\ntext.sv = Fråga\nvalue.1 = Ja\nvalue.2 = Nej\n");
    struct strbuf csv = STRBUF_INIT, want = STRBUF_INIT;
    strbuf_addstr(&csv, "id,ar,omrade,vikt,stratum,q1\n");
    const long n = 6000;
    for (long i = 1; i <= n; i++) {
        long area = (i * 7) % 300, stratum = (i * 13) % 700;
        const char *name = area % 3 ? "Område" : "Ett mycket långt områdesnamn nummer";
        strbuf_addf(&csv, "%ld,%ld,%s %ld,1,stratum-%ld,%ld\n", i, 2000 + i % 13, name, area,
                    stratum, 1 + i % 2);
    }
    char *data = put(e, "labels.csv", csv.buf);
    struct run_result res;
    if (run_trygg(&res, e->db, "import", "survey", cb, data, NULL) != 0)
        fail_msg("import failed: %s", res.err);
    run_result_release(&res);
    char out[4096];
    snprintf(out, sizeof(out), "%s/labels-export.csv", e->dir);
    assert_int_equal(
        run_trygg(&res, e->db, "export", "survey", "labels", "--output", out, NULL), 0);
    run_result_release(&res);
    char *text = slurp(out, NULL);
    assert_non_null(text);
    /* id -> "wave,area,stratum" from the export, in any order */
    char **got = calloc((size_t)n + 1, sizeof(*got));
    long rows = 0;
    for (char *line = strchr(text, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        long id = strtol(line + 1, NULL, 10);
        char *end = strchr(line + 1, '\n');
        assert_true(id >= 1 && id <= n && end && !got[id]);
        got[id] = strndup(line + 1, (size_t)(end - line - 1));
        rows++;
    }
    assert_int_equal(rows, n);
    for (long i = 1; i <= n; i++) {
        long area = (i * 7) % 300, stratum = (i * 13) % 700;
        const char *name = area % 3 ? "Område" : "Ett mycket långt områdesnamn nummer";
        strbuf_reset(&want);
        strbuf_addf(&want, "%ld,%ld,%s %ld,", i, 2000 + i % 13, name, area);
        if (strncmp(got[i], want.buf, want.len))
            fail_msg("respondent %ld: exported '%s', expected it to begin '%s'", i, got[i],
                     want.buf);
        strbuf_reset(&want);
        strbuf_addf(&want, ",stratum-%ld,%ld", stratum, 1 + i % 2);
        if (!strstr(got[i], want.buf))
            fail_msg("respondent %ld: exported '%s', expected '%s' in it", i, got[i], want.buf);
        free(got[i]);
    }
    free(got);
    free(text);
    free(cb);
    free(data);
    strbuf_release(&csv);
    strbuf_release(&want);
}

static void error_cap_and_count(void **state)
{
    struct env *e = E(state);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "period,area,category,count\n");
    for (int i = 1; i <= 12; i++)
        strbuf_addf(&sb, "2021-%02d,Norr,klotter,x\n", i);
    for (int i = 1; i <= 13; i++)
        strbuf_addf(&sb, "2022-%02d,Norr,klotter,1\n", i <= 12 ? i : 1); /* last: a duplicate */
    char *f = put(e, "many.csv", sb.buf);
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", f, NULL), 1);
    /* 12 bad counts; the duplicate period is not detected: nothing is written once
     * the file has failed */
    assert_int_equal(count_lines_starting(res.err, "trygg: "), 13);
    assert_non_null(strstr(res.err, "many.csv:13:4: count 'x' is not a number\n"));
    run_result_release(&res);
    strbuf_reset(&sb);
    strbuf_addstr(&sb, "period,area,category,count\n");
    for (int i = 0; i < 45; i++)
        strbuf_addf(&sb, "%d-01,Norr,klotter,%d\n", 2000 + i, i % 3 ? 1 : -1);
    free(f);
    f = put(e, "more.csv", sb.buf);
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", f, NULL), 1);
    /* 15 errors: all shown */
    assert_int_equal(count_lines_starting(res.err, "trygg: "), 16);
    run_result_release(&res);
    strbuf_reset(&sb);
    strbuf_addstr(&sb, "period,area,category,count\n");
    for (int i = 0; i < 100; i++)
        strbuf_addf(&sb, "%d-01,Norr,klotter,-1\n", 2000 + i);
    free(f);
    f = put(e, "most.csv", sb.buf);
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", f, NULL), 1);
    /* 20 shown, then a count of the rest, then "nothing imported" */
    assert_int_equal(count_lines_starting(res.err, "trygg: "), 22);
    assert_non_null(strstr(res.err, "most.csv:21:4: count '-1' is negative\n"
                                    "trygg: 80 more errors not shown\n"));
    run_result_release(&res);
    strbuf_release(&sb);
    free(f);
}

static void exit_codes_and_usage(void **state)
{
    struct env *e = E(state);
    struct run_result res;
    char *inc = put(e, "i.csv", INCIDENTS);
    /* 2: usage errors, each with a message on stderr and nothing on stdout */
    static const char *const usage[][6] = {
        {NULL},
        {"bogus", NULL},
        {"--bogus", NULL},
        {"--db", NULL},
        {"import", NULL},
        {"import", "bogus", "x.csv", NULL},
        {"import", "survey", NULL},
        {"import", "survey", "cb.ini", NULL},
        {"import", "incidents", NULL},
        {"import", "--encoding", "ebcdic", "incidents", "x.csv", NULL},
        {"import", "--delimiter", "|", "incidents", "x.csv", NULL},
        {"import", "--bogus", "incidents", "x.csv", NULL},
        {"import", "incidents", "x.csv", "--encoding", NULL},
        {"info", "--format", "xml", NULL},
        {"info", "extra", NULL},
        {"info", "--bogus", NULL},
    };
    for (size_t i = 0; i < sizeof(usage) / sizeof(*usage); i++) {
        size_t n = 0;
        while (usage[i][n])
            n++;
        const char *argv[8] = {trygg_bin()};
        for (size_t k = 0; k < n; k++)
            argv[k + 1] = usage[i][k];
        argv[n + 1] = NULL;
        if (run_program(argv, NULL, &res) != 2)
            fail_msg("usage case %zu ('%s ...'): exit %d, expected 2\n%s", i,
                     n ? usage[i][0] : "", res.status, res.err);
        if (!res.err_len)
            fail_msg("usage case %zu: no message", i);
        if (strncmp(res.err, "trygg: ", 7) && strncmp(res.err, "usage: ", 7))
            fail_msg("usage case %zu: message does not start with 'trygg: ': %s", i, res.err);
        run_result_release(&res);
    }
    /* 0 */
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", inc, NULL), 0);
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, e->db, "info", NULL), 0);
    assert_non_null(strstr(res.out, "Incident series"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, NULL, "--version", NULL), 0);
    assert_int_equal(strncmp(res.out, "trygg ", 6), 0);
    run_result_release(&res);
    /* 0 again: the same file is already imported */
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", inc, NULL), 0);
    run_result_release(&res);
    /* 1: data refused */
    char *neg = put(e, "neg.csv", "period,area,category,count\n2021-03,Norr,klotter,-3\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", neg, NULL), 1);
    run_result_release(&res);
    free(neg);
    /* 3: system errors (a file that is not a database, a missing database) */
    assert_int_equal(run_trygg(&res, inc, "info", NULL), 3);
    assert_non_null(strstr(res.err, "i.csv: is not a trygg database (not an SQLite file)\n"));
    run_result_release(&res);
    char *before = slurp(inc, NULL);
    assert_int_equal(run_trygg(&res, inc, "import", "incidents", inc, NULL), 3);
    run_result_release(&res);
    char *after = slurp(inc, NULL);
    assert_string_equal(before, after); /* not turned into a database */
    free(before);
    free(after);
    char *absent = put(e, "x/placeholder", "");
    strcpy(strrchr(absent, '/') + 1, "none.db");
    assert_int_equal(run_trygg(&res, absent, "info", NULL), 3);
    assert_non_null(strstr(res.err, "none.db: no database here"));
    run_result_release(&res);
    assert_int_not_equal(access(absent, F_OK), 0);
    /* a data file that does not exist is refused (1) */
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", absent, NULL), 1);
    assert_non_null(strstr(res.err, "none.db: cannot open: No such file or directory\n"));
    run_result_release(&res);
    free(absent);
    free(inc);
}

static void help_on_every_command(void **state)
{
    (void)state;
    struct run_result res;
    assert_int_equal(run_trygg(&res, NULL, "--help", NULL), 0);
    assert_int_equal(strncmp(res.out, "usage: trygg", 12), 0);
    assert_int_equal(res.err_len, 0);
    /* the commands are listed after "commands:", one per line, until a blank line */
    char *list = strstr(res.out, "commands:\n");
    assert_non_null(list);
    list = strdup(list + strlen("commands:\n"));
    run_result_release(&res);
    size_t n_commands = 0;
    for (char *line = list; line && *line && *line != '\n';) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char name[64];
        if (sscanf(line, " %63s", name) == 1) {
            n_commands++;
            for (int form = 0; form < 2; form++) {
                int rc = run_trygg(&res, NULL, name, form ? "-h" : "--help", NULL);
                if (rc != 0 || strncmp(res.out, "usage: trygg ", 13) || res.err_len)
                    fail_msg("'trygg %s %s': exit %d\nstdout: %s\nstderr: %s", name,
                             form ? "-h" : "--help", rc, res.out, res.err);
                run_result_release(&res);
            }
        }
        line = next;
    }
    free(list);
    assert_true(n_commands >= 2);
    /* help goes to stdout and needs no database */
    assert_int_equal(run_trygg(&res, "/nonexistent/dir/x.db", "import", "--help", NULL), 0);
    run_result_release(&res);
}

static void encodings(void **state)
{
    struct env *e = E(state);
    /* "Åkersberga", "Söra" and a note with "€" in Windows-1252 */
    char *f = put(e, "cp1252.csv", "period;area;category;count;note\n"
                                    "2021-01;\xc5kersberga;narkotika;3;\x80 100\n"
                                    "2021-01;S\xf6ra;narkotika;1;\n");
    struct run_result res;
    char *seed = put(e, "seed.csv", INCIDENTS);
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", seed, NULL), 0);
    run_result_release(&res);
    free(seed);
    char *before = db_dump(e->db);
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", f, NULL), 1);
    char want[4096];
    snprintf(want, sizeof(want),
             "trygg: %s:2:2: not valid UTF-8 (byte 0xc5); if the file comes from Excel or an "
             "older system, try --encoding cp1252\n"
             "trygg: %s: nothing imported; the database is unchanged\n",
             f, f);
    assert_string_equal(res.err, want);
    run_result_release(&res);
    char *after = db_dump(e->db);
    assert_dump_equal(before, after, "file in cp1252 without --encoding");
    free(after);
    assert_int_equal(run_trygg(&res, e->db, "import", "--encoding", "cp1252", "incidents", f, NULL),
                     0);
    run_result_release(&res);
    json_t *root = info_json(e->db);
    assert_true(num(row(root, "series", "area", "Åkersberga", NULL), "total") == 3);
    row(root, "series", "area", "Söra", "category", "narkotika", NULL);
    json_decref(root);
    /* the aliases, and latin1 */
    char *g = put(e, "latin1.csv", "period,area,category,count\n2021-02,\xc5kersberga,narkotika,1\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "--encoding", "windows-1252", "incidents", g,
                               "--replace", NULL),
                     0);
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, e->db, "import", "--encoding", "iso-8859-1", "--replace",
                               "incidents", g, NULL),
                     0);
    run_result_release(&res);
    /* a byte cp1252 does not define */
    char *h = put(e, "undefined.csv", "period,area,category,count\n2021-03,x\x81y,narkotika,1\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "--encoding", "cp1252", "incidents", h, NULL),
                     1);
    snprintf(want, sizeof(want), "trygg: %s:2: byte 0x81 is not a character in cp1252\n", h);
    assert_non_null(strstr(res.err, want));
    run_result_release(&res);
    /* --delimiter settles a header that ties */
    char *t = put(e, "tie.csv", "period;area;category;count;note,a,b,c,d\n"
                                "2021-04;Norr,y;klotter;1;x\n");
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", t, NULL), 1);
    assert_non_null(strstr(res.err, "tie.csv:1: cannot tell the delimiter"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, e->db, "import", "--delimiter", ";", "incidents", t, NULL), 0);
    run_result_release(&res);
    root = info_json(e->db);
    row(root, "series", "area", "Norr,y", "category", "klotter", NULL);
    json_decref(root);
    free(before);
    free(f);
    free(g);
    free(h);
    free(t);
}

static void no_progress_when_not_a_terminal(void **state)
{
    struct env *e = E(state);
    /* about 3 MB: a dozen of the reader's chunks, so progress is reported many times */
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "period,area,category,count,note\n");
    int rows = 0;
    for (int y = 1900; y < 2200 && sb.len < 3000000; y++)
        for (int m = 1; m <= 12; m++)
            for (int a = 0; a < 4; a++, rows++)
                strbuf_addf(&sb, "%d-%02d,Område %d,skadegorelse,%d,en anteckning som tar "
                                 "lite plats i filen ..........\n",
                            y, m, a, (y + m + a) % 17);
    char *f = put(e, "big.csv", sb.buf);
    strbuf_release(&sb);
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", f, NULL), 0);
    assert_int_equal(res.err_len, 0); /* stderr is a pipe here */
    assert_int_equal(count_lines_starting(res.out, "imported "), 1);
    char want[64];
    snprintf(want, sizeof(want), ": %d counts in 4 series", rows);
    assert_non_null(strstr(res.out, want));
    run_result_release(&res);
    free(f);
}

static void stdout_write_error(void **state)
{
    struct env *e = E(state);
    char *inc = put(e, "i.csv", INCIDENTS);
    struct run_result res;
    assert_int_equal(run_trygg(&res, e->db, "import", "incidents", inc, NULL), 0);
    run_result_release(&res);
    if (access("/dev/full", W_OK) != 0)
        skip();
    /* `trygg info > /dev/full` must fail loudly, not exit 0 */
    const char *argv[] = {trygg_bin(), "--db", e->db, "info", NULL};
    char errpath[4096];
    snprintf(errpath, sizeof(errpath), "%s/stderr.txt", e->dir);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/full", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    assert_int_equal(posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    assert_true(WIFEXITED(ws));
    assert_int_equal(WEXITSTATUS(ws), 3);
    char *err = slurp(errpath, NULL);
    assert_non_null(strstr(err, "trygg: cannot write to standard output: No space left on device"));
    free(err);
    free(inc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(good_imports_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(summaries_on_stdout, setup, teardown),
        cmocka_unit_test_setup_teardown(same_file_twice_is_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(replace_same_file, setup, teardown),
        cmocka_unit_test_setup_teardown(corrected_file_replaces_older, setup, teardown),
        cmocka_unit_test_setup_teardown(several_files_in_one_command, setup, teardown),
        cmocka_unit_test_setup_teardown(rows_in_any_order, setup, teardown),
        cmocka_unit_test_setup_teardown(many_labels_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(error_cap_and_count, setup, teardown),
        cmocka_unit_test_setup_teardown(exit_codes_and_usage, setup, teardown),
        cmocka_unit_test_setup_teardown(help_on_every_command, setup, teardown),
        cmocka_unit_test_setup_teardown(encodings, setup, teardown),
        cmocka_unit_test_setup_teardown(no_progress_when_not_a_terminal, setup, teardown),
        cmocka_unit_test_setup_teardown(stdout_write_error, setup, teardown),
    };
    return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
