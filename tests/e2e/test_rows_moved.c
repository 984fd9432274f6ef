/*
 * End to end: a result row is finished before the next one is added.  results_add() may
 * move every row (the array grows by doubling from 8), so a row pointer kept across it
 * is written after the realloc freed it: [incidents] with se = newey-west wrote the
 * "Newey-West (HAC) standard error" note of its level change, slope change and pre-trend
 * through pointers kept over the next rows (valgrind on `make crosscheck` seed 48; glibc
 * aborted in malloc_consolidate).  Here an [activity] section before it gives one row per
 * year, 1 to 20 years, so that every position of the ITS rows against the array's growth
 * (16 and 32 rows) is run; each run must keep the note on all three rows.
 */
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The row of results.csv with this method and term; false if absent. */
static bool find_row(const char *csv, const char *method, const char *term,
                     struct results_row *out)
{
    for (const char *p = csv; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        struct results_row r;
        if (results_split(p, len, &r) >= RESULTS_FIELDS - 1 && !strcmp(r.f[RF_METHOD], method) &&
            !strcmp(r.f[RF_TERM], term)) {
            *out = r;
            return true;
        }
        p += len + (nl ? 1 : 0);
    }
    return false;
}

static void test_newey_west_notes(void **state)
{
    (void)state;
    char *dir = make_temp_dir("rows_moved");
    char *db = path_in_dir(dir, "trygg.db");
    /* 2000-01 .. 2020-12: patrols (the activity) and a crime with a season and a fall */
    struct strbuf csv = STRBUF_INIT;
    strbuf_addstr(&csv, "manad,omrade,kategori,antal\n");
    unsigned s = 12345;
    for (int y = 2000; y <= 2020; y++)
        for (int m = 1; m <= 12; m++) {
            s = s * 1103515245u + 12345u;
            int crime = 20 + (int)((s >> 16) % 9) + (m >= 6 && m <= 8 ? 6 : 0) - (y >= 2018 ? 5 : 0);
            strbuf_addf(&csv, "%d-%02d,Centrum,patrull,%d\n", y, m, 10 + m % 4);
            strbuf_addf(&csv, "%d-%02d,Centrum,brott,%d\n", y, m, crime);
        }
    char *data = put_file_in(dir, "counts.csv", csv.buf);
    strbuf_release(&csv);
    struct run_result r;
    int rc = run_trygg(&r, db, "import", "incidents", data, NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    for (int years = 1; years <= 20; years++) {
        struct strbuf spec = STRBUF_INIT;
        strbuf_addf(&spec,
                    "[evaluation]\nid = moved\ntitle.en = Rows\nquestion.en = Kept?\n"
                    "start = 2018-01-01\n\n"
                    "[activity patrols]\ncategories = patrull\narea = Centrum\n"
                    "from = %d-01\nto = 2020-12\n\n"
                    "[incidents crime]\ncategory = brott\narea = Centrum\n"
                    "model = its_poisson\nse = newey-west\nse.lag = 2\nplacebo = no\n",
                    2021 - years);
        char *out = NULL, *err = NULL;
        rc = run_spec_in(db, dir, "moved.ini", spec.buf, "en", &out, NULL, &err);
        if (rc != 0)
            fprintf(stderr, "%d years: %s", years, err ? err : "");
        assert_int_equal(rc, 0);
        const char *terms[3] = {"level_change", "slope_change", "pre_trend"};
        for (int k = 0; k < 3; k++) {
            struct results_row row;
            assert_true(find_row(out, "its_poisson", terms[k], &row));
            if (!strstr(row.f[RF_NOTE], "Newey-West (HAC) standard error, lag 2"))
                fail_msg("%d activity years: %s has the note '%s'", years, terms[k],
                         row.f[RF_NOTE]);
        }
        free(out);
        free(err);
        strbuf_release(&spec);
    }
    rm_rf(dir);
    free(data);
    free(db);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_newey_west_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
