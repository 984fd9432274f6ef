/*
 * Unit tests for src/lib/report/results_csv.c and atomicfile.c: results.csv byte for
 * byte (header, shortest round-trip numbers, empty cells, the Swedish dialect,
 * suppression, formula neutralisation, quoting) and writing files under a
 * temporary name.
 */
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "eval/results.h"
#include "report/atomicfile.h"
#include "report/results_csv.h"
#include "stats/result.h"
#include "util/strbuf.h"

static const char HEADER[] =
    "evaluation,analysis,outcome,group,method,term,estimate,std_error,conf_low,conf_high,"
    "conf_level,statistic,df,p_value,p_holm,p_bh,n,note,reason";

static void sample(struct results *res)
{
    results_init(res, "coaches");
    res->conf_level = 0.9; /* the run's level: rows without their own take it */
    struct stat_result r;
    stat_result_init(&r);
    r.conf_level = 0.8;
    r.estimate = 0.1;
    r.std_error = 1.0 / 3.0;
    r.conf_low = -0.05;
    r.conf_high = 0.25;
    r.statistic = -2.5;
    r.p_value = 1.25e-05;
    r.n = 812;
    results_add(res, "unsafe_night", "T01: otrygg", "", "newcombe", "difference", &r, NULL);
    stat_result_init(&r);
    r.estimate = 1.5;
    r.df = 3;
    r.n = 4;
    struct result_row *row =
        results_add(res, "unsafe_night", "T01: otrygg", "Åkersberga; \"C\"", "wilson", "after", &r,
                    "few, \"small\"\nsample");
    row->suppressed = true;
    row->p_holm = 0.5;
    stat_result_init(&r);
    r.estimate = -3;
    r.conf_low = -INFINITY;
    r.n = 10;
    stat_result_note(&r, STAT_R_SVY_ONE_ANSWER); /* its code beside the caller's note */
    row = results_add(res, "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", &r,
                      "\rnote");
    row->p_holm = 0.04;
    row->p_bh = 0.02;
}

static void header_and_rows_are_exact(void **state)
{
    (void)state;
    struct results res;
    sample(&res);
    struct strbuf sb = STRBUF_INIT;
    results_csv_render(&res, CSV_STANDARD, &sb);
    assert_string_equal(results_csv_header, HEADER);
    const char *expect =
        "evaluation,analysis,outcome,group,method,term,estimate,std_error,conf_low,conf_high,"
        "conf_level,statistic,df,p_value,p_holm,p_bh,n,note,reason\n"
        "coaches,unsafe_night,T01: otrygg,,newcombe,difference,0.1,0.3333333333333333,-0.05,0.25,"
        "0.8,-2.5,,1.25e-05,,,812,,\n"
        "coaches,unsafe_night,T01: otrygg,\"Åkersberga; \"\"C\"\"\",wilson,after,,,,,,,,,,,,"
        "\"few, \"\"small\"\"\nsample\",suppressed\n"
        "coaches,'=cmd|' /C calc'!A0,'+1,'-2,'@SUM(A1),'\tx,-3,,-Inf,,0.9,,,,0.04,0.02,10,"
        "\"'\rnote\",svy_one_answer\n";
    assert_string_equal(sb.buf, expect);
    strbuf_release(&sb);
    results_release(&res);
}

static void swedish_dialect(void **state)
{
    (void)state;
    struct results res;
    sample(&res);
    struct strbuf sb = STRBUF_INIT;
    results_csv_render(&res, CSV_SWEDISH, &sb);
    const char *expect =
        "\xEF\xBB\xBF"
        "evaluation;analysis;outcome;group;method;term;estimate;std_error;conf_low;conf_high;"
        "conf_level;statistic;df;p_value;p_holm;p_bh;n;note;reason\n"
        "coaches;unsafe_night;T01: otrygg;;newcombe;difference;0,1;0,3333333333333333;-0,05;0,25;"
        "0,8;-2,5;;1,25e-05;;;812;;\n"
        "coaches;unsafe_night;T01: otrygg;\"Åkersberga; \"\"C\"\"\";wilson;after;;;;;;;;;;;;"
        "\"few, \"\"small\"\"\nsample\";suppressed\n"
        "coaches;'=cmd|' /C calc'!A0;'+1;'-2;'@SUM(A1);'\tx;-3;;-Inf;;0,9;;;;0,04;0,02;10;"
        "\"'\rnote\";svy_one_answer\n";
    assert_string_equal(sb.buf, expect);
    strbuf_release(&sb);
    results_release(&res);
}

static void suppressed_row_without_note_says_why(void **state)
{
    (void)state;
    struct results res;
    results_init(&res, "e");
    struct stat_result r;
    stat_result_init(&r);
    r.estimate = 0.5;
    r.n = 3;
    results_add(&res, "a", "o", "g", "wilson", "proportion", &r, NULL)->suppressed = true;
    struct strbuf sb = STRBUF_INIT;
    results_csv_render(&res, CSV_STANDARD, &sb);
    assert_non_null(strstr(sb.buf, "\ne,a,o,g,wilson,proportion,,,,,,,,,,,,suppressed: based on too "
                                   "few respondents to publish,suppressed\n"));
    strbuf_release(&sb);
    results_release(&res);
}

static void numbers_round_trip(void **state)
{
    (void)state;
    const double xs[] = {0.1, 1.0 / 3.0, 2.0 / 3.0, 1e-300, 123456789012345678.0, -0.0, 5e-324, 1e16 + 2, 98765.4321,
                         0.30000000000000004};
    for (size_t i = 0; i < sizeof(xs) / sizeof(*xs); i++) {
        struct strbuf sb = STRBUF_INIT;
        csv_number_cell(&sb, xs[i], CSV_STANDARD);
        assert_true(strtod(sb.buf, NULL) == xs[i]);
        assert_true(sb.len <= 24);
        strbuf_release(&sb);
    }
    struct strbuf sb = STRBUF_INIT;
    csv_number_cell(&sb, NAN, CSV_SWEDISH);
    assert_int_equal(sb.len, 0);
    csv_number_cell(&sb, -0.0, CSV_STANDARD);
    assert_string_equal(sb.buf, "0");
    /* plain form for integers and moderate magnitudes (not "1e+01") */
    static const struct { double x; const char *text; } plain[] = {
        {10, "10"}, {1500, "1500"}, {812, "812"}, {1e16, "10000000000000000"},
        {1e17, "1e+17"}, {123.5, "123.5"}, {-2500000, "-2500000"}, {0.0001, "0.0001"},
        {1e-5, "1e-05"},
    };
    for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++) {
        strbuf_reset(&sb);
        csv_number_cell(&sb, plain[i].x, CSV_STANDARD);
        assert_string_equal(sb.buf, plain[i].text);
    }
    strbuf_release(&sb);
}

static void text_cells(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    csv_text_cell(&sb, "bad \xff utf8", CSV_STANDARD);
    assert_string_equal(sb.buf, "bad \xEF\xBF\xBD utf8");
    strbuf_reset(&sb);
    csv_text_cell(&sb, "a;b", CSV_STANDARD);
    assert_string_equal(sb.buf, "a;b");
    strbuf_reset(&sb);
    csv_text_cell(&sb, "a;b", CSV_SWEDISH);
    assert_string_equal(sb.buf, "\"a;b\"");
    strbuf_reset(&sb);
    csv_text_cell(&sb, "-", CSV_STANDARD);
    assert_string_equal(sb.buf, "'-");
    strbuf_reset(&sb);
    csv_text_cell(&sb, "a=b", CSV_STANDARD);
    assert_string_equal(sb.buf, "a=b");
    strbuf_reset(&sb);
    /* U+2212 MINUS SIGN becomes ASCII '-' (and a cell starting with it is guarded) */
    csv_text_cell(&sb, "estimate \xe2\x88\x92" "0.07 to \xe2\x88\x92" "0.03", CSV_STANDARD);
    assert_string_equal(sb.buf, "estimate -0.07 to -0.03");
    strbuf_reset(&sb);
    csv_text_cell(&sb, "\xe2\x88\x92" "5", CSV_STANDARD);
    assert_string_equal(sb.buf, "'-5");
    strbuf_release(&sb);
    enum csv_dialect d;
    assert_int_equal(csv_dialect_parse("sv", &d), 0);
    assert_int_equal(d, CSV_SWEDISH);
    assert_int_equal(csv_dialect_parse("en", &d), 0);
    assert_int_equal(d, CSV_STANDARD);
    assert_int_equal(csv_dialect_parse("excel", &d), -1);
}

/* ------------------------------------------------------------ atomicfile */

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void atomic_write_replaces_whole_file(void **state)
{
    (void)state;
    char *dir = make_temp_dir("atomic");
    char path[4096];
    snprintf(path, sizeof(path), "%s/results.csv", dir);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    mode_t old = umask(027);
    assert_int_equal(atomicfile_write_all(path, "old", 3, &dl), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    umask(022);
    assert_int_equal(atomicfile_write_all(path, "new content", 11, &dl), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    umask(old);
    char *text = slurp(path, NULL);
    assert_string_equal(text, "new content");
    free(text);
    assert_int_equal(entries(dir), 1);
    assert_int_equal(dl.n, 0);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

static void atomic_abort_leaves_old_file_and_no_temporary(void **state)
{
    (void)state;
    char *dir = make_temp_dir("atomicabort");
    char path[4096];
    snprintf(path, sizeof(path), "%s/report.html", dir);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    assert_int_equal(atomicfile_write_all(path, "good", 4, &dl), 0);
    struct atomicfile af = ATOMICFILE_INIT;
    assert_int_equal(atomicfile_open(&af, path, &dl), 0);
    assert_non_null(af.tmp_path);
    assert_non_null(strstr(af.tmp_path, "/.report.html.tmp-"));
    assert_int_equal(atomicfile_write(&af, "half a rep", 10, &dl), 0);
    assert_int_equal(entries(dir), 2);
    atomicfile_abort(&af); /* e.g. rendering failed half-way */
    atomicfile_release(&af);
    assert_int_equal(entries(dir), 1);
    char *text = slurp(path, NULL);
    assert_string_equal(text, "good");
    free(text);
    /* a new file aborted leaves nothing at all */
    char fresh[4096];
    snprintf(fresh, sizeof(fresh), "%s/new.md", dir);
    struct atomicfile af2 = ATOMICFILE_INIT;
    assert_int_equal(atomicfile_open(&af2, fresh, &dl), 0);
    assert_int_equal(atomicfile_write(&af2, "x", 1, &dl), 0);
    atomicfile_release(&af2); /* release without commit aborts */
    assert_int_equal(entries(dir), 1);
    assert_int_equal(dl.n, 0);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

/* The batch writer (run --tables): every file whole under its name, no temporary left;
 * a failure part-way leaves the files renamed before it whole, the rest as they were,
 * and no temporary file. */
static void atomic_batch_writes_every_file_whole(void **state)
{
    (void)state;
    char *dir = make_temp_dir("atomicbatch");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    char path[4096];
    snprintf(path, sizeof(path), "%s/b.csv", dir);
    assert_int_equal(atomicfile_write_all(path, "old b", 5, &dl), 0);
    const struct atomicfile_item items[] = {{"a.csv", "new a", 5}, {"b.csv", "new b\n", 6},
                                            {"index.csv", "a.csv\nb.csv\n", 12}};
    assert_int_equal(atomicfile_write_dir(dir, items, 3, &dl), 0);
    assert_int_equal(entries(dir), 3);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, items[i].name);
        size_t len;
        char *text = slurp(path, &len);
        assert_int_equal(len, items[i].len);
        assert_memory_equal(text, items[i].data, len);
        free(text);
    }
    assert_int_equal(atomicfile_write_dir(dir, NULL, 0, &dl), 0); /* nothing to write */
    assert_int_equal(dl.n, 0);
    /* the second name is a directory: rename fails there */
    snprintf(path, sizeof(path), "%s/sub", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/sub/x", dir);
    write_file(path, "x", 1);
    const struct atomicfile_item bad[] = {{"a.csv", "newer a", 7}, {"sub", "not a dir", 9},
                                          {"index.csv", "never", 5}};
    assert_int_equal(atomicfile_write_dir(dir, bad, 3, &dl), -1);
    assert_true(dl.n > 0);
    assert_int_equal(entries(dir), 4); /* a.csv b.csv index.csv sub: no temporary */
    snprintf(path, sizeof(path), "%s/a.csv", dir);
    char *text = slurp(path, NULL);
    assert_string_equal(text, "newer a"); /* renamed before the failure: whole */
    free(text);
    snprintf(path, sizeof(path), "%s/index.csv", dir);
    text = slurp(path, NULL);
    assert_string_equal(text, "a.csv\nb.csv\n"); /* after it: the old file */
    free(text);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

static void atomic_failures_are_diagnosed(void **state)
{
    (void)state;
    char *dir = make_temp_dir("atomicfail");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    char path[4096];
    snprintf(path, sizeof(path), "%s/no/such/dir/x.csv", dir);
    assert_int_equal(atomicfile_write_all(path, "x", 1, &dl), -1);
    assert_int_equal(dl.n_errors, 1);
    assert_string_equal(dl.items[0].file, path);
    /* the target is a directory: rename fails, the temporary is removed */
    snprintf(path, sizeof(path), "%s/sub", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    char inner[4200];
    snprintf(inner, sizeof(inner), "%s/f", path);
    write_file(inner, "x", 1);
    assert_int_equal(atomicfile_write_all(path, "x", 1, &dl), -1);
    assert_int_equal(dl.n_errors, 2);
    assert_int_equal(entries(dir), 1);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

static void full_disk_is_an_error(void **state)
{
    (void)state;
    /* /dev/full cannot hold a temporary file next to it, but writing to a file there
     * is what a full disk looks like; simulate with a descriptor on /dev/full. */
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct atomicfile af = ATOMICFILE_INIT;
    char *dir = make_temp_dir("atomicfull");
    char path[4096];
    snprintf(path, sizeof(path), "%s/x", dir);
    assert_int_equal(atomicfile_open(&af, path, &dl), 0);
    int full = open("/dev/full", O_WRONLY);
    assert_true(full >= 0);
    close(af.fd);
    af.fd = full;
    assert_int_equal(atomicfile_write(&af, "x", 1, &dl), -1);
    assert_int_equal(dl.n_errors, 1);
    assert_null(af.tmp_path);
    atomicfile_release(&af);
    assert_int_equal(entries(dir), 0);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_and_rows_are_exact),
        cmocka_unit_test(swedish_dialect),
        cmocka_unit_test(suppressed_row_without_note_says_why),
        cmocka_unit_test(numbers_round_trip),
        cmocka_unit_test(text_cells),
        cmocka_unit_test(atomic_write_replaces_whole_file),
        cmocka_unit_test(atomic_abort_leaves_old_file_and_no_temporary),
        cmocka_unit_test(atomic_batch_writes_every_file_whole),
        cmocka_unit_test(atomic_failures_are_diagnosed),
        cmocka_unit_test(full_disk_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
