/*
 * Regressions from the hostile-input hunt (scripts/hostile-hunt.py, docs/hardening.md):
 * files of kinds the bad corpus did not have, each refused or read as its kind must be,
 * with file:line[:column], the documented exit status and nothing hanging.
 *   - a spec or codebook with old Mac line ends (a lone CR): read line by line; before,
 *     the whole file was one line, every key after the first section header was lost
 *     and the refusal ("[evaluation] needs an id") was false;
 *   - a NUL byte in a spec or codebook: refused at its line and column (it named the
 *     file alone);
 *   - an empty spec or codebook: refused at line 1 (no line before);
 *   - `trygg codebook from-sav` of a FIFO (named .sav or not): refused at once; before,
 *     fopen blocked forever waiting for a writer.
 * Every trygg runs under timeout(1), so a hang fails the test instead of stalling it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static char *dir, *db;

static const char INCIDENTS[] = "period,area,category,count\n"
                                "2019-01,Centrum,rån,3\n2019-02,Centrum,rån,4\n"
                                "2019-03,Centrum,rån,2\n2019-04,Centrum,rån,5\n";

static const char SPEC[] = "[evaluation]\nid = hf\ntitle.en = Hostile files\n"
                           "question.en = Q?\nstart = 2019-03-01\n"
                           "[incidents x]\ntitle.en = X\narea = Centrum\ncategory = rån\n"
                           "model = rate_ratio\n";

/* trygg under `timeout 60`: 124 when it hung */
static int run_limited(struct run_result *res, const char *const *args, size_t n)
{
    const char *argv[24];
    size_t k = 0;
    argv[k++] = "timeout";
    argv[k++] = "60";
    argv[k++] = trygg_bin();
    argv[k++] = "--db";
    argv[k++] = db;
    for (size_t i = 0; i < n && k < 23; i++)
        argv[k++] = args[i];
    argv[k] = NULL;
    return run_program(argv, NULL, res);
}

static char *put(const char *name, const char *text, size_t len)
{
    char *p = path_in_dir(dir, name);
    write_file(p, text, len);
    return p;
}

static void expect(const char *const *args, size_t n, int status, const char *said)
{
    struct run_result res;
    int rc = run_limited(&res, args, n);
    if (rc != status || !res.err || !strstr(res.err, said))
        fail_msg("trygg %s %s: exit %d (want %d), stderr lacks '%s':\n%s", args[0],
                 n > 1 ? args[1] : "", rc, status, said, res.err ? res.err : "");
    run_result_release(&res);
}

static int setup(void **state)
{
    (void)state;
    dir = make_temp_dir("hostile-files");
    db = path_in_dir(dir, "hf.db");
    char *inc = put("inc.csv", INCIDENTS, strlen(INCIDENTS));
    struct run_result res;
    int rc = run_trygg(&res, db, "import", "incidents", inc, "-q", NULL);
    run_result_release(&res);
    free(inc);
    return rc == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    free(db);
    return 0;
}

static void spec_line_ends_and_bytes(void **state)
{
    (void)state;
    char *before = db_dump(db);
    /* CR-only line ends: accepted (it was "[evaluation] needs an id") */
    struct strbuf cr = STRBUF_INIT;
    for (const char *c = SPEC; *c; c++)
        strbuf_addch(&cr, *c == '\n' ? '\r' : *c);
    char *spec = put("cr.ini", cr.buf, cr.len);
    const char *check[] = {"check", spec};
    expect(check, 2, 0, "");
    free(spec);
    /* ... and an error in such a file is at its line */
    strbuf_addstr(&cr, "model2 = x\r");
    spec = put("cr-bad.ini", cr.buf, cr.len);
    check[1] = spec;
    expect(check, 2, 1, "cr-bad.ini:11: unknown key 'model2'");
    free(spec);
    strbuf_release(&cr);
    /* a NUL byte: at its line and column */
    static const char nul[] = "[evaluation]\nid = h\0f\n";
    spec = put("nul.ini", nul, sizeof(nul) - 1);
    check[1] = spec;
    expect(check, 2, 1, "nul.ini:2:7: contains a NUL byte");
    free(spec);
    /* empty: at line 1 */
    spec = put("empty.ini", "", 0);
    const char *run[] = {"run", spec, "--out", dir};
    expect(run, 4, 1, "empty.ini:1: the file has no [evaluation] section");
    free(spec);
    char *after = db_dump(db);
    assert_dump_equal(before, after, "refused specs");
    free(before);
    free(after);
}

static void codebook_line_ends_and_bytes(void **state)
{
    (void)state;
    static const char CB[] = "[survey]\nid = hf\ntitle.en = HF\n[columns]\nrespondent = id\n"
                             "wave = year\n[question Q1]\ntext.en = Q?\nvalue.1 = Yes\n"
                             "value.2 = No\n";
    static const char DATA[] = "id,year,Q1\n1,2020,1\n2,2020,2\n";
    char *data = put("s.csv", DATA, strlen(DATA));
    char *before = db_dump(db);
    static const char nul[] = "[survey]\nid = h\0f\n";
    char *cb = put("nul-cb.ini", nul, sizeof(nul) - 1);
    const char *imp[] = {"import", "survey", cb, data};
    expect(imp, 4, 1, "nul-cb.ini:2:7: contains a NUL byte");
    free(cb);
    cb = put("empty-cb.ini", "", 0);
    imp[2] = cb;
    expect(imp, 4, 1, "empty-cb.ini:1: the codebook has no [section]");
    free(cb);
    char *after = db_dump(db);
    assert_dump_equal(before, after, "refused codebooks");
    free(after);
    free(before);
    /* CR-only: imported (it was refused without a line) */
    struct strbuf cr = STRBUF_INIT;
    for (const char *c = CB; *c; c++)
        strbuf_addch(&cr, *c == '\n' ? '\r' : *c);
    cb = put("cr-cb.ini", cr.buf, cr.len);
    imp[2] = cb;
    expect(imp, 4, 0, "");
    strbuf_release(&cr);
    free(cb);
    free(data);
}

static void fifo_as_statfile(void **state)
{
    (void)state;
    static const char *const names[] = {"pipe.sav", "pipe"};
    for (size_t i = 0; i < 2; i++) {
        char *fifo = path_in_dir(dir, names[i]);
        assert_int_equal(mkfifo(fifo, 0600), 0);
        const char *args[] = {"codebook", "from-sav", fifo};
        expect(args, 3, 1, "is not a regular file");
        unlink(fifo);
        free(fifo);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_line_ends_and_bytes),
        cmocka_unit_test(codebook_line_ends_and_bytes),
        cmocka_unit_test(fifo_as_statfile),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
