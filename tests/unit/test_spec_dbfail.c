/*
 * A database that fails while a spec is checked or a report's provenance is read
 * (found under fault injection, scripts/fault-soak.sh): a lookup that cannot read is
 * not a name that is not there, and an import row that cannot be read is not an import
 * that is not there.  The failure is made deterministic with SQLite's progress handler,
 * which interrupts every statement once the schema is loaded (SQLITE_INTERRUPT from
 * sqlite3_step, as an I/O error would come).
 */
#include <stdio.h>
#include <string.h>

#include "eval/spec.h"
#include "store/catalog.h"
#include "store/store.h"
#include "testutil.h"
#include "util/strbuf.h"

static char *dir, *db, *spec_path;

static const char SPEC[] = "[evaluation]\nid = f\ntitle.en = F\nquestion.en = Q?\n"
                           "start = 2019-01-01\n"
                           "[survey s1]\nsurvey = fa\nquestion = Q1\nbefore = 2018\n"
                           "after = 2019\n";

static int setup(void **state)
{
    (void)state;
    dir = make_temp_dir("specdb");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/t.db", dir);
    db = strbuf_detach(&sb);
    strbuf_addf(&sb, "%s/spec.ini", dir);
    spec_path = strbuf_detach(&sb);
    write_file(spec_path, SPEC, strlen(SPEC));
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct store *st = store_open(db, STORE_WRITE, &dl); /* an empty trygg database */
    assert_non_null(st);
    store_close(st);
    diag_list_release(&dl);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    free(db);
    free(spec_path);
    return 0;
}

static int interrupt(void *ctx)
{
    (void)ctx;
    return 1;
}

/* The store, its schema read, with every later statement interrupted when `fail`. */
static struct store *open_failing(bool fail, struct diag_list *dl)
{
    struct store *st = store_open(db, STORE_READ, dl);
    assert_non_null(st);
    assert_int_equal(sqlite3_exec(st->db, "SELECT count(*) FROM survey", NULL, NULL, NULL),
                     SQLITE_OK);
    if (fail)
        sqlite3_progress_handler(st->db, 1, interrupt, NULL);
    return st;
}

static bool said(const struct diag_list *dl, const char *part)
{
    for (size_t i = 0; i < dl->n; i++)
        if (strstr(dl->items[i].message, part))
            return true;
    return false;
}

static void spec_check_says_the_database_failed(void **state)
{
    (void)state;
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct spec *spec = spec_load(spec_path, &dl);
    assert_non_null(spec);
    /* the control: the database is readable and has no survey 'fa': refused */
    struct store *st = open_failing(false, &dl);
    assert_int_equal(spec_check(spec, st, &dl), -1);
    assert_true(said(&dl, "survey 'fa' is not in the database"));
    store_close(st);
    diag_list_clear(&dl);
    /* the lookups fail: not judged, and no name is called missing */
    st = open_failing(true, &dl);
    assert_int_equal(spec_check(spec, st, &dl), -2);
    assert_true(said(&dl, "database"));
    assert_false(said(&dl, "not in the database"));
    assert_int_equal(dl.n_errors, 1);
    store_close(st);
    spec_free(spec);
    diag_list_release(&dl);
}

static int count_row(void *ctx, const struct store_import *row)
{
    (void)row;
    ++*(int *)ctx;
    return 0;
}

static void imports_get_fails_on_a_read_error(void **state)
{
    (void)state;
    struct diag_list dl;
    diag_list_init(&dl, 0);
    const long long ids[] = {1, 2};
    int rows = 0;
    /* no such imports: passed over */
    struct store *st = open_failing(false, &dl);
    assert_int_equal(store_imports_get(st, ids, 2, count_row, &rows, &dl), 0);
    assert_int_equal(rows, 0);
    assert_int_equal(dl.n_errors, 0);
    store_close(st);
    /* cannot read: a failure, said, not "no such import" */
    st = open_failing(true, &dl);
    assert_int_equal(store_imports_get(st, ids, 2, count_row, &rows, &dl), -1);
    assert_int_equal(dl.n_errors, 1);
    assert_true(said(&dl, "reading imports"));
    store_close(st);
    diag_list_release(&dl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_check_says_the_database_failed),
        cmocka_unit_test(imports_get_fails_on_a_read_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
