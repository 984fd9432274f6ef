/*
 * Unit tests for the reads of src/lib/data/statfile.c: SPSS .sav and Stata .dta files go
 * through a buffer of trygg's own (ReadStat asks for a few bytes at a time).  Before,
 * every request was a read() of its own: a .sav with 60,000 value labels took 480,000
 * read() calls (docs/hardening.md, hunt round 2).  Counted here from the process's own
 * /proc/self/io (syscr), so the test fails on the unbuffered reader; and the dictionary
 * and every case of files whose records cross the buffer's edges are read back exactly.
 */
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/statfile.h"
#include "testutil.h"
#include "util/strbuf.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = make_temp_dir("statfile-io");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    return 0;
}

static char *path_of(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", dir, name);
    return strbuf_detach(&sb);
}

/* read() calls this process has made so far (-1 when /proc/self/io cannot tell) */
static long read_calls(void)
{
    FILE *fp = fopen("/proc/self/io", "r");
    if (!fp)
        return -1;
    char line[128];
    long n = -1;
    while (fgets(line, sizeof(line), fp))
        if (sscanf(line, "syscr: %ld", &n) == 1)
            break;
    fclose(fp);
    return n;
}

static ssize_t put_bytes(const void *data, size_t len, void *ctx)
{
    return (ssize_t)fwrite(data, 1, len, ctx);
}

static void label_of(int i, char *buf, size_t size)
{
    snprintf(buf, size, "label %d:%.*s", i, i % 37, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJK");
}

static void cell_of(int r, char *buf, size_t size)
{
    snprintf(buf, size, "row %d:%.*s", r, (r * 7) % 41, "thequick.brown-fox_jumps,over;the:lazy|dog");
}

/* A file with n_labels value labels on q, n_rows cases (id, q, and a string s). */
static char *write_file_of(const char *name, bool dta, int n_labels, int n_rows)
{
    char *path = path_of(name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, put_bytes);
    readstat_label_set_t *ls = readstat_add_label_set(w, READSTAT_TYPE_INT32, "big");
    char label[96];
    for (int i = 0; i < n_labels; i++) {
        label_of(i, label, sizeof(label));
        readstat_label_int32_value(ls, i + 1, label);
    }
    readstat_variable_t *id = readstat_add_variable(w, "id", READSTAT_TYPE_INT32, 0);
    readstat_variable_t *q = readstat_add_variable(w, "q", READSTAT_TYPE_INT32, 0);
    readstat_variable_t *s = readstat_add_variable(w, "s", READSTAT_TYPE_STRING, 60);
    readstat_variable_set_label_set(q, ls);
    readstat_variable_set_label(q, "Question");
    assert_int_equal(dta ? readstat_begin_writing_dta(w, fp, n_rows)
                         : readstat_begin_writing_sav(w, fp, n_rows),
                     READSTAT_OK);
    char cell[96];
    for (int r = 0; r < n_rows; r++) {
        readstat_begin_row(w);
        readstat_insert_int32_value(w, id, r + 1);
        readstat_insert_int32_value(w, q, 1 + r % (n_labels ? n_labels : 1));
        cell_of(r, cell, sizeof(cell));
        readstat_insert_string_value(w, s, cell);
        readstat_end_row(w);
    }
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    readstat_writer_free(w);
    fclose(fp);
    return path;
}

struct rows {
    int seen;
    bool wrong;
    char what[200];
};

static int on_record(void *ctx, const struct csv_record *rec)
{
    struct rows *r = ctx;
    if (rec->line == 0 || r->wrong)
        return 0; /* the header */
    char want[96], id[32];
    cell_of(r->seen, want, sizeof(want));
    snprintf(id, sizeof(id), "%d", r->seen + 1);
    if (rec->n_fields != 3 || strcmp(rec->fields[0], id) || strcmp(rec->fields[2], want)) {
        r->wrong = true;
        snprintf(r->what, sizeof(r->what), "case %d: '%s' '%s'", r->seen + 1,
                 rec->n_fields ? rec->fields[0] : "", rec->n_fields > 2 ? rec->fields[2] : "");
    }
    r->seen++;
    return 0;
}

static void dictionary_and_cases_read_back(const char *path, int n_labels, int n_rows)
{
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct statfile_meta meta;
    memset(&meta, 0, sizeof(meta));
    long before = read_calls();
    if (statfile_read_meta(path, &meta, &dl) != 0)
        fail_msg("%s: %s", path, dl.n ? dl.items[0].message : "?");
    long after = read_calls();
    const struct statfile_var *q = NULL;
    for (size_t i = 0; i < meta.n_vars; i++)
        if (!strcmp(meta.vars[i].name, "q"))
            q = &meta.vars[i];
    assert_non_null(q);
    const struct statfile_label_set *ls = statfile_var_labels(&meta, q);
    assert_non_null(ls);
    assert_int_equal(ls->n, (size_t)n_labels);
    char want[96];
    for (size_t i = 0; i < ls->n; i++) {
        label_of((int)ls->labels[i].value - 1, want, sizeof(want));
        if (strcmp(ls->labels[i].label, want))
            fail_msg("%s: label of %g is '%s', not '%s'", path, ls->labels[i].value,
                     ls->labels[i].label, want);
    }
    statfile_meta_release(&meta);
    /* the dictionary in a few reads per buffer of 64 KiB (plus the file's SHA-256 and
     * ReadStat's own look at the header), not reads per label */
    if (before >= 0 && after >= 0)
        if (after - before > 200)
            fail_msg("%s: %ld read() calls for a dictionary of %d value labels", path,
                     after - before, n_labels);
    struct rows r = {0, false, ""};
    before = read_calls();
    if (statfile_read(path, strstr(path, ".dta") ? STATFILE_DTA : STATFILE_SAV, on_record, &r,
                      NULL, &dl) != 0)
        fail_msg("%s: %s", path, dl.n ? dl.items[0].message : "?");
    after = read_calls();
    if (r.wrong)
        fail_msg("%s: %s", path, r.what);
    assert_int_equal(r.seen, n_rows);
    if (before >= 0 && after >= 0 && after - before > 400)
        fail_msg("%s: %ld read() calls for %d value labels and %d cases", path, after - before,
                 n_labels, n_rows);
    diag_list_release(&dl);
}

/* 60,000 value labels (the hunt's case: 480,000 read() calls before) and 20,000 cases
 * whose string cells cross the buffer's edges at every offset */
static void sav_through_the_buffer(void **state)
{
    (void)state;
    char *path = write_file_of("big.sav", false, 60000, 20000);
    dictionary_and_cases_read_back(path, 60000, 20000);
    free(path);
}

static void dta_through_the_buffer(void **state)
{
    (void)state;
    char *path = write_file_of("big.dta", true, 60000, 20000);
    dictionary_and_cases_read_back(path, 60000, 20000);
    free(path);
}

/* small files: every request served from one buffer fill, and an empty label set */
static void small_files(void **state)
{
    (void)state;
    char *sav = write_file_of("small.sav", false, 3, 1);
    dictionary_and_cases_read_back(sav, 3, 1);
    char *dta = write_file_of("small.dta", true, 3, 2);
    dictionary_and_cases_read_back(dta, 3, 2);
    free(sav);
    free(dta);
}

/* a file cut short in the middle of its cases still fails cleanly, with a message */
static void cut_short(void **state)
{
    (void)state;
    char *path = write_file_of("cut.sav", false, 100, 5000);
    size_t len;
    char *bytes = slurp(path, &len);
    assert_non_null(bytes);
    write_file(path, bytes, len - 777);
    free(bytes);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct rows r = {0, false, ""};
    assert_int_equal(statfile_read(path, STATFILE_SAV, on_record, &r, NULL, &dl), -1);
    assert_true(dl.n > 0);
    assert_false(r.wrong);
    diag_list_release(&dl);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sav_through_the_buffer),
        cmocka_unit_test(dta_through_the_buffer),
        cmocka_unit_test(small_files),
        cmocka_unit_test(cut_short),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
