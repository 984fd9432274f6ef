/*
 * End-to-end tests of `trygg import incidents --format bra`: the file that
 * tests/data/make_bra.sh writes in the shape of Brå's statistics-database export
 * (ISO-8859-1, trailing ';', Swedish months, '2019 prel.', '..', no-break-space and
 * '&nbsp;' indentation, a renamed category) gives the same series as the plain CSV
 * the script writes beside it; preliminary figures are replaced by final ones and
 * never the other way round; quarters, yearly figures and unmapped labels are
 * refused at file:line:column with the database unchanged.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "e2eutil.h"
#include "util/strbuf.h"

struct env {
    char *dir;
};

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("bra");
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

static char *path(struct env *e, const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", e->dir, name);
    return strbuf_detach(&sb);
}

static char *put(struct env *e, const char *name, const char *text)
{
    char *p = path(e, name);
    write_file(p, text, strlen(text));
    return p;
}

static void make_files(struct env *e)
{
    const char *argv[] = {"sh", "tests/data/make_bra.sh", e->dir, NULL};
    struct run_result res;
    if (run_program(argv, NULL, &res) != 0)
        fail_msg("make_bra.sh failed: %s", res.err);
    run_result_release(&res);
}

static json_t *info_json(const char *db)
{
    struct run_result res;
    if (run_trygg(&res, db, "info", "--format", "json", NULL) != 0)
        fail_msg("trygg info failed: %s", res.err);
    json_t *root = json_loads(res.out, 0, NULL);
    assert_non_null(root);
    run_result_release(&res);
    return root;
}

/* Runs an import that must succeed; returns its stdout (free it). */
static char *import_ok(const char *db, const char *const *args)
{
    const char *argv[16];
    size_t n = 0;
    for (; args[n]; n++)
        argv[n] = args[n];
    struct run_result res;
    int rc = run_trygg_argv(&res, db, argv, n);
    if (rc != 0)
        fail_msg("import failed (exit %d):\n%s", rc, res.err);
    char *out = res.out;
    res.out = NULL;
    run_result_release(&res);
    return out;
}

/* Runs an import that must be refused with exit 1, the database unchanged, and
 * stderr holding `want`. */
static void import_refused(const char *db, const char *const *args, const char *want)
{
    char *before = db_dump(db);
    const char *argv[16];
    size_t n = 0;
    for (; args[n]; n++)
        argv[n] = args[n];
    struct run_result res;
    int rc = run_trygg_argv(&res, db, argv, n);
    if (rc != 1 || !strstr(res.err, want))
        fail_msg("expected exit 1 with '%s', got exit %d:\n%s", want, rc, res.err);
    char *after = db_dump(db);
    assert_dump_equal(before, after, "a refused Brå import");
    free(before);
    free(after);
    run_result_release(&res);
}

static const char MAPPING[] = "examples/bra-mapping.ini";

static void export_and_plain_csv_agree(void **state)
{
    struct env *e = *state;
    make_files(e);
    char *bra = path(e, "bra_export.csv"), *plain = path(e, "bra_equivalent.csv");
    char *db1 = path(e, "bra.db"), *db2 = path(e, "plain.db");
    const char *a1[] = {"import", "incidents", "--format", "bra", "--mapping", MAPPING, bra, NULL};
    char *out = import_ok(db1, a1);
    assert_non_null(strstr(out, "141 counts in 8 series (48 preliminary); skipped 39 not "
                                "applicable ('..'), 36 ignored by the mapping"));
    free(out);
    const char *a2[] = {"import", "incidents", plain, NULL};
    free(import_ok(db2, a2));
    db_check_integrity(db1);

    json_t *j1 = info_json(db1), *j2 = info_json(db2);
    json_t *s1 = json_object_get(j1, "series"), *s2 = json_object_get(j2, "series");
    assert_int_equal(json_array_size(s1), 8);
    assert_int_equal(json_array_size(s1), json_array_size(s2));
    static const char *const cols[] = {"area", "category", "period", "first", "last",
                                       "periods", "total"};
    for (size_t i = 0; i < json_array_size(s1); i++)
        for (size_t c = 0; c < sizeof(cols) / sizeof(*cols); c++) {
            json_t *x = json_object_get(json_array_get(s1, i), cols[c]);
            json_t *y = json_object_get(json_array_get(s2, i), cols[c]);
            if (!json_equal(x, y))
                fail_msg("series %zu, %s differs between the Brå and the plain import", i,
                         cols[c]);
        }
    /* the renamed category: one series, two labels with their periods */
    json_t *cats = json_object_get(j1, "categories");
    size_t i;
    json_t *r;
    int seen = 0;
    json_array_foreach(cats, i, r)
    {
        const char *key = json_string_value(json_object_get(r, "category"));
        const char *lab = json_string_value(json_object_get(r, "source_label"));
        const char *first = json_string_value(json_object_get(r, "first"));
        const char *last = json_string_value(json_object_get(r, "last"));
        if (!strcmp(key, "skadegorelse") && !strcmp(lab, "12 kap. Skadegörelsebrott")) {
            assert_string_equal(first, "2018-01");
            assert_string_equal(last, "2018-12");
            seen++;
        }
        if (!strcmp(key, "skadegorelse") &&
            !strcmp(lab, "Skadegörelse inkl. grov, åverkan (1-3 §)")) {
            assert_string_equal(first, "2019-01");
            assert_string_equal(last, "2019-06");
            assert_int_equal(json_integer_value(json_object_get(r, "preliminary")), 12);
            seen++;
        }
        if (!strcmp(key, "klotter"))
            assert_string_equal(lab, "Klotter"); /* '&nbsp;' trimmed */
    }
    assert_int_equal(seen, 2);
    json_decref(j1);
    json_decref(j2);
    /* the same export again changes nothing: recognised by its SHA-256, exit 0 */
    char *before = db_dump(db1);
    struct run_result again;
    size_t na = 0;
    while (a1[na])
        na++;
    assert_int_equal(run_trygg_argv(&again, db1, a1, na), 0);
    assert_non_null(strstr(again.out, "already imported as import"));
    run_result_release(&again);
    char *after = db_dump(db1);
    assert_dump_equal(before, after, "the same Brå export again");
    free(before);
    free(after);
    free(bra);
    free(plain);
    free(db1);
    free(db2);
}

/* ISO-8859-1 bytes: \xd6 = Ö, \xe5 = å, \xa0 = no-break space. */
#define BRA_HEADER "Region;Brott;\xc5r;Period;Antal;/100 000 inv\r\n"

static void preliminary_replaced_by_final(void **state)
{
    struct env *e = *state;
    char *db = path(e, "t.db");
    char *prel = put(e, "prel.csv",
                     BRA_HEADER
                     "\xd6ster\xe5ker;\xa0\xa0Klotter;2019 prel.;Jan;5;11;\r\n"
                     "\xd6ster\xe5ker;\xa0\xa0Klotter;2019 prel.;Feb;6;13;\r\n");
    const char *a1[] = {"import", "incidents", "--format", "bra", prel, NULL};
    char *out = import_ok(db, a1);
    assert_non_null(strstr(out, "2 counts in 1 series (2 preliminary)"));
    free(out);
    /* the final figures (a different file) replace the preliminary ones */
    char *fin = put(e, "final.csv",
                    BRA_HEADER "\xd6ster\xe5ker;Klotter;2019;Jan;7;15;\r\n");
    const char *a2[] = {"import", "incidents", "--format", "bra", fin, NULL};
    out = import_ok(db, a2);
    assert_non_null(strstr(out, "1 count in 1 series (1 replacing preliminary figures)"));
    free(out);
    json_t *j = info_json(db);
    json_t *s = json_array_get(json_object_get(j, "series"), 0);
    assert_int_equal(json_integer_value(json_object_get(s, "total")), 13);
    json_t *c = json_array_get(json_object_get(j, "categories"), 0);
    assert_int_equal(json_integer_value(json_object_get(c, "preliminary")), 1);
    json_decref(j);
    /* a preliminary figure never replaces a final one */
    char *late = put(e, "late.csv",
                     BRA_HEADER "\xd6ster\xe5ker;Klotter;2019 prel.;Jan;9;20;\r\n");
    const char *a3[] = {"import", "incidents", "--format", "bra", late, NULL};
    import_refused(db, a3, "late.csv:2:4: period '2019-01' of area 'Österåker', category "
                           "'Klotter' is final in the database");
    /* a different final figure is refused; the same one is counted as unchanged */
    char *diff = put(e, "diff.csv", BRA_HEADER "\xd6ster\xe5ker;Klotter;2019;Jan;8;17;\r\n");
    const char *a4[] = {"import", "incidents", "--format", "bra", diff, NULL};
    import_refused(db, a4, "diff.csv:2:4: period '2019-01' of area 'Österåker', category "
                           "'Klotter' is in the database as final with count 7");
    char *same = put(e, "same.csv",
                     BRA_HEADER "\xd6ster\xe5ker;Klotter;2019;Jan;7;15;\r\n"
                                "\xd6ster\xe5ker;Klotter;2019;Feb;6;13;\r\n");
    const char *a5[] = {"import", "incidents", "--format", "bra", same, NULL};
    out = import_ok(db, a5);
    assert_non_null(strstr(out, "1 count in 1 series (1 replacing preliminary figures, 1 "
                                "already in the database)"));
    free(out);
    free(db);
    free(prel);
    free(fin);
    free(late);
    free(diff);
    free(same);
}

static void refused_shapes(void **state)
{
    struct env *e = *state;
    char *db = path(e, "t.db");
    /* a database that exists, so the dump before and after can be compared */
    char *ok = put(e, "ok.csv", BRA_HEADER "\xd6ster\xe5ker;Klotter;2018;Maj;1;2;\r\n");
    const char *a0[] = {"import", "incidents", "--format", "bra", ok, NULL};
    free(import_ok(db, a0));

    char *q = put(e, "quarter.csv",
                  BRA_HEADER "\xd6ster\xe5ker;Klotter;2018;Jan;1;2;\r\n"
                             "\xd6ster\xe5ker;Klotter;2018;Kvartal 1;3;7;\r\n");
    const char *a1[] = {"import", "incidents", "--format", "bra", q, NULL};
    import_refused(db, a1, "quarter.csv:3:4: period 'Kvartal 1' is a quarter");

    char *y = put(e, "yearly.csv", BRA_HEADER "\xd6ster\xe5ker;Klotter;\xc5r;2018;12;26;\r\n");
    const char *a2[] = {"import", "incidents", "--format", "bra", y, NULL};
    import_refused(db, a2, "yearly.csv:2:3: the file holds yearly figures");

    char *m = put(e, "month.csv", BRA_HEADER "\xd6ster\xe5ker;Klotter;2018;Mai;1;2;\r\n");
    const char *a3[] = {"import", "incidents", "--format", "bra", m, NULL};
    import_refused(db, a3, "month.csv:2:4: period 'Mai' is not a Swedish month");

    /* with a mapping, an unmapped label is an error once, at its first line */
    char *u2 = put(e, "unmapped.csv",
                   BRA_HEADER "\xd6ster\xe5ker;Brott mot narkotikastrafflagen;2018;Jan;1;2;\r\n"
                              "\xd6ster\xe5ker;St\xf6ld;2018;Jan;1;2;\r\n"
                              "\xd6ster\xe5ker;St\xf6ld;2018;Feb;1;2;\r\n");
    const char *a4[] = {"import", "incidents", "--format", "bra", "--mapping", MAPPING, u2, NULL};
    struct run_result res;
    assert_int_equal(run_trygg_argv(&res, db, a4, 7), 1);
    assert_non_null(strstr(res.err, "unmapped.csv:3:2: crime 'Stöld' is not in the mapping"));
    assert_int_equal(count_lines_starting(res.err, "trygg: "), 2); /* + "nothing imported" */
    run_result_release(&res);

    /* a bad mapping is refused with its own file:line */
    char *badmap = put(e, "bad.ini", "[category narkotika]\nbra = A\n[category other]\nbra = a \n");
    const char *a5[] = {"import", "incidents", "--format", "bra", "--mapping", badmap, ok, NULL};
    import_refused(db, a5, "bad.ini:4: the Brå label 'a' is mapped twice (also in [category narkotika])");

    /* usage */
    const char *a6[] = {"import", "survey", "--format", "bra", "x.ini", ok, NULL};
    assert_int_equal(run_trygg_argv(&res, db, a6, 6), 2);
    run_result_release(&res);
    free(db);
    free(ok);
    free(q);
    free(y);
    free(m);
    free(u2);
    free(badmap);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(export_and_plain_csv_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(preliminary_replaced_by_final, setup, teardown),
        cmocka_unit_test_setup_teardown(refused_shapes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
