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
 *     fopen blocked forever waiting for a writer;
 *   - a Stata file whose variable name holds a newline: refused; before, the drafted
 *     codebook got `column = OM` and a line `ADE` of the file's making (any line: a
 *     section, a key);
 *   - a damaged .sav whose bytes ReadStat quotes in its message (an ESC): shown as
 *     \x1b; before, the raw escape reached the terminal.
 * Every trygg runs under timeout(1), so a hang fails the test instead of stalling it.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The .dta and .sav of tests/data/make_statfiles.c with every `old` replaced by `with`
 * (same length). */
static char *patched(const char *gen_dir, const char *file, const char *old, const char *with,
                     const char *name)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%s", gen_dir, file);
    size_t len;
    char *data = slurp(p.buf, &len);
    assert_non_null(data);
    size_t k = strlen(old), hits = 0;
    for (size_t i = 0; i + k <= len; i++)
        if (!memcmp(data + i, old, k)) {
            memcpy(data + i, with, k);
            hits++;
        }
    assert_true(hits > 0);
    char *out = put(name, data, len);
    free(data);
    strbuf_release(&p);
    return out;
}

static void statfile_names_and_messages(void **state)
{
    (void)state;
    char *gen_dir = path_in_dir(dir, "gen");
    char *bin = strdup(trygg_bin());
    struct strbuf gen = STRBUF_INIT;
    strbuf_addf(&gen, "%s/tests/make_statfiles", dirname(bin));
    assert_int_equal(mkdir(gen_dir, 0700), 0);
    const char *argv[] = {gen.buf, gen_dir, NULL};
    struct run_result res;
    if (run_program(argv, NULL, &res) != 0)
        fail_msg("%s failed: %s", gen.buf, res.err);
    run_result_release(&res);
    /* a newline in a variable name (Stata keeps names in the file as given) */
    char *dta2 = patched(gen_dir, "survey.dta", "omrade", "om\nade", "nl2.dta");
    char *dta = patched(dir, "nl2.dta", "OMRADE", "OM\nADE", "nl.dta");
    const char *draft[] = {"codebook", "from-sav", dta};
    expect(draft, 3, 1, "holds a control character");
    char *cb = path_in_dir(gen_dir, "survey.ini");
    const char *imp[] = {"import", "survey", cb, dta};
    char *before = db_dump(db);
    expect(imp, 4, 1, "holds a control character");
    char *after = db_dump(db);
    assert_dump_equal(before, after, "a .dta with a newline in a name");
    free(before);
    free(after);
    /* an ESC in the long-names record of a .sav: ReadStat quotes it */
    char *sav = patched(gen_dir, "survey.sav", "OMRADE", "OM\033ADE", "esc.sav");
    draft[2] = sav;
    expect(draft, 3, 1, "OM\\x1bADE");
    struct run_result r2;
    run_limited(&r2, draft, 3);
    if (r2.err && strchr(r2.err, '\033'))
        fail_msg("a raw ESC reached stderr: %s", r2.err);
    run_result_release(&r2);
    free(sav);
    free(cb);
    free(dta);
    free(dta2);
    strbuf_release(&gen);
    free(bin);
    free(gen_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_line_ends_and_bytes),
        cmocka_unit_test(codebook_line_ends_and_bytes),
        cmocka_unit_test(fifo_as_statfile),
        cmocka_unit_test(statfile_names_and_messages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
