/*
 * End-to-end tests of SPSS and Stata input: the files that tests/data/make_statfiles.c
 * writes with ReadStat (.sav with value labels and user-missing 8/9, .zsav, .dta),
 * and the .por PSPP made from that .sav (tests/data/por/), import into exactly the
 * same respondent blocks (answers, weights, areas) as the same data in CSV; a
 * user-missing code the codebook does not declare is refused at case:variable; `trygg codebook from-sav` drafts a codebook with the file's labels
 * and missing codes that loads as it is and imports the file to the same answers;
 * files are recognised by their first bytes without an extension; a damaged file is
 * refused with the database unchanged.
 */
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

#define POR_FILE "tests/data/por/survey.por"

struct env {
    char *dir;
};

static char *path(struct env *e, const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", e->dir, name);
    return strbuf_detach(&sb);
}

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("statfile");
    /* the generator is built next to the trygg under test */
    char *bin = strdup(trygg_bin());
    struct strbuf gen = STRBUF_INIT;
    strbuf_addf(&gen, "%s/tests/make_statfiles", dirname(bin));
    const char *argv[] = {gen.buf, e->dir, NULL};
    struct run_result res;
    if (run_program(argv, NULL, &res) != 0)
        fail_msg("%s failed: %s", gen.buf, res.err);
    run_result_release(&res);
    strbuf_release(&gen);
    free(bin);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    rm_rf(e->dir);
    free(e->dir);
    free(e);
    return 0;
}

/* The respondents' answers, weights and areas, block by block in wave order, as
 * one hex string (a new string); the file lines inside the keys are left out, since
 * a CSV case sits one line below its case number. */
static char *blocks(const char *db)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT group_concat(hex(answers) || '/' || hex(weight) "
                                        "|| '/' || hex(area), ';') FROM (SELECT * FROM "
                                        "respondent_block ORDER BY wave_id, first_line)",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    const char *t = (const char *)sqlite3_column_text(s, 0);
    char *out = strdup(t ? t : "");
    sqlite3_finalize(s);
    sqlite3_close(h);
    assert_true(strlen(out) > 100);
    return out;
}

static void import_ok(const char *db, const char *codebook, const char *data, const char *want)
{
    struct run_result res;
    int rc = run_trygg(&res, db, "import", "survey", codebook, data, NULL);
    if (rc != 0)
        fail_msg("import of %s failed (exit %d):\n%s", data, rc, res.err);
    if (want && !strstr(res.out, want))
        fail_msg("import of %s: expected '%s' in:\n%s", data, want, res.out);
    run_result_release(&res);
}

static void formats_import_like_csv(void **state)
{
    struct env *e = *state;
    char *cb = path(e, "survey.ini");
    /* the .por is PSPP's, committed (tests/data/por/make_por.sh): ReadStat reads
     * it only with porio's correction of the translation table */
    static const char *const files[] = {"survey.csv", "survey.sav", "survey.zsav", "survey.dta",
                                        POR_FILE};
    char *reference = NULL;
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        /* a name with a directory is in the source tree, the others are generated */
        char *data = strchr(files[i], '/') ? strdup(files[i]) : path(e, files[i]);
        struct strbuf db = STRBUF_INIT;
        strbuf_addf(&db, "%s/%zu.db", e->dir, i);
        import_ok(db.buf, cb, data, "60 respondents (wave '2019': 30, '2020': 30)");
        db_check_integrity(db.buf);
        char *b = blocks(db.buf);
        if (!reference)
            reference = b;
        else {
            if (strcmp(reference, b))
                fail_msg("%s gives other answers, weights or areas than survey.csv", files[i]);
            free(b);
        }
        strbuf_release(&db);
        free(data);
    }
    free(reference);
    free(cb);
}

static void undeclared_user_missing_is_refused(void **state)
{
    struct env *e = *state;
    char *db = path(e, "t.db");
    char *cb = path(e, "survey.ini");
    char *csv = path(e, "survey.csv");
    import_ok(db, cb, csv, NULL);
    char *before = db_dump(db);
    /* the same codebook without missing.9 */
    size_t len;
    char *text = slurp(cb, &len);
    struct strbuf no9 = STRBUF_INIT;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
        if (strncmp(line, "missing.9", 9))
            strbuf_addf(&no9, "%s\n", line);
    char *cb2 = path(e, "no9.ini");
    write_file(cb2, no9.buf, no9.len);
    char *sav = path(e, "survey.sav");
    struct run_result res;
    assert_int_equal(run_trygg(&res, db, "import", "survey", cb2, sav, NULL), 1);
    /* case 7, variable 6 (T01) holds the user-missing 9 */
    if (!strstr(res.err, "survey.sav:7:6: code '9' is not declared for 'T01' (codes: 1-4; "
                         "missing 8)"))
        fail_msg("unexpected stderr:\n%s", res.err);
    run_result_release(&res);
    char *after = db_dump(db);
    assert_dump_equal(before, after, "a refused .sav import");
    free(before);
    free(after);
    free(text);
    strbuf_release(&no9);
    free(db);
    free(cb);
    free(cb2);
    free(csv);
    free(sav);
}

static void derived_codebook_round_trips(void **state)
{
    struct env *e = *state;
    char *sav = path(e, "survey.sav");
    struct run_result res;
    assert_int_equal(run_trygg(&res, NULL, "codebook", "from-sav", sav, NULL), 0);
    static const char *const want[] = {
        "respondent = LOPNR\n", "wave = AR\n", "weight = VIKT\n", "area = OMRADE\n",
        "[area]\nvalue.1 = Åkersberga centrum\nvalue.2 = Söra\n", "[background KON]\n",
        "[question T01]\ntext.sv = Hur trygg känner du dig ute ensam sent en kväll?\n"
        "value.1 = Mycket trygg\n",
        "missing.8 = Vet ej\nmissing.9 = Ej svar\n", "; KOMMENTAR: text, not imported\n"};
    for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
        if (!strstr(res.out, want[i]))
            fail_msg("the draft codebook lacks '%s':\n%s", want[i], res.out);
    char *derived = path(e, "derived.ini");
    write_file(derived, res.out, res.out_len);
    run_result_release(&res);

    /* it loads as it is and imports the .sav to the same answers as the reference
     * codebook (the same variables in the same order) */
    char *db1 = path(e, "ref.db"), *db2 = path(e, "derived.db"), *db3 = path(e, "dcsv.db");
    char *cb = path(e, "survey.ini"), *csv = path(e, "survey.csv");
    import_ok(db1, cb, sav, NULL);
    import_ok(db2, derived, sav, "60 respondents (wave '2019': 30, '2020': 30), survey 'survey'");
    import_ok(db3, derived, csv, "60 respondents (wave '2019': 30, '2020': 30)");
    char *b1 = blocks(db1), *b2 = blocks(db2), *b3 = blocks(db3);
    assert_string_equal(b1, b2);
    assert_string_equal(b1, b3);
    free(b1);
    free(b2);
    free(b3);

    /* the Stata file's dictionary gives a draft too (no user-missing in Stata: 8 and 9
     * are ordinary labelled codes there) */
    char *dta = path(e, "survey.dta");
    assert_int_equal(run_trygg(&res, NULL, "codebook", "from-sav", dta, NULL), 0);
    assert_non_null(strstr(res.out, "value.9 = Ej svar\n"));
    run_result_release(&res);

    /* and PSPP's .por: the same codes, labels and user-missing codes (the portable
     * character set has no å, ä, ö, so those letters are lost), a draft that imports
     * the .por to the same answers */
    assert_int_equal(run_trygg(&res, NULL, "codebook", "from-sav", POR_FILE, NULL), 0);
    static const char *const want_por[] = {
        "respondent = LOPNR\n", "wave = AR\n", "weight = VIKT\n", "area = OMRADE\n",
        "[question T01]\n", "value.1 = Mycket trygg\n", "value.4 = Mycket otrygg\n",
        "missing.8 = Vet ej\nmissing.9 = Ej svar\n", "[question P08]\n",
        "value.3 = Ett ganska stort problem\n"};
    for (size_t i = 0; i < sizeof(want_por) / sizeof(*want_por); i++)
        if (!strstr(res.out, want_por[i]))
            fail_msg("the draft codebook of the .por lacks '%s':\n%s", want_por[i], res.out);
    char *derived_por = path(e, "derived-por.ini"), *db4 = path(e, "dpor.db");
    write_file(derived_por, res.out, res.out_len);
    run_result_release(&res);
    import_ok(db4, derived_por, POR_FILE, "60 respondents (wave '2019': 30, '2020': 30)");
    char *b4 = blocks(db4);
    b1 = blocks(db1);
    assert_string_equal(b1, b4);
    free(b1);
    free(b4);
    free(derived_por);
    free(db4);
    free(dta);
    free(sav);
    free(derived);
    free(db1);
    free(db2);
    free(db3);
    free(cb);
    free(csv);
}

static void recognised_by_first_bytes(void **state)
{
    struct env *e = *state;
    char *cb = path(e, "survey.ini");
    static const char *const from[] = {"survey.sav", "survey.dta"};
    static const char *const to[] = {"export_from_vendor", "stata.data"};
    for (size_t i = 0; i < 2; i++) {
        char *src = path(e, from[i]), *dst = path(e, to[i]), *db = path(e, to[i]);
        copy_file(src, dst);
        struct strbuf dbp = STRBUF_INIT;
        strbuf_addf(&dbp, "%s.db", db);
        import_ok(dbp.buf, cb, dst, "60 respondents");
        strbuf_release(&dbp);
        free(src);
        free(dst);
        free(db);
    }
    free(cb);
}

static void damaged_file_and_usage(void **state)
{
    struct env *e = *state;
    char *db = path(e, "t.db");
    char *cb = path(e, "survey.ini");
    char *csv = path(e, "survey.csv");
    import_ok(db, cb, csv, NULL);
    char *before = db_dump(db);
    /* the first 300 bytes of the .sav: the header and part of the dictionary */
    char *sav = path(e, "survey.sav");
    size_t len;
    char *bytes = slurp(sav, &len);
    char *cut = path(e, "cut.sav");
    write_file(cut, bytes, 300);
    struct run_result res;
    assert_int_equal(run_trygg(&res, db, "import", "survey", cb, cut, NULL), 1);
    if (!strstr(res.err, "cut.sav: cannot read as SPSS .sav"))
        fail_msg("unexpected stderr:\n%s", res.err);
    run_result_release(&res);
    char *after = db_dump(db);
    assert_dump_equal(before, after, "a damaged .sav");

    assert_int_equal(run_trygg(&res, NULL, "codebook", "from-sav", cut, NULL), 1);
    assert_non_null(strstr(res.err, "cannot read as SPSS .sav"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, NULL, "codebook", "from-sav", csv, NULL), 1);
    assert_non_null(strstr(res.err, "is not an SPSS (.sav, .zsav, .por) or Stata (.dta) file"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, NULL, "codebook", NULL), 2);
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, NULL, "codebook", "to-sav", sav, NULL), 2);
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, NULL, "codebook", "--help", NULL), 0);
    assert_non_null(strstr(res.out, "usage: trygg codebook from-sav"));
    run_result_release(&res);
    free(before);
    free(after);
    free(bytes);
    free(db);
    free(cb);
    free(csv);
    free(sav);
    free(cut);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(formats_import_like_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(undeclared_user_missing_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(derived_codebook_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(recognised_by_first_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(damaged_file_and_usage, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
