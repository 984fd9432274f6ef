/*
 * End-to-end tests of `trygg init`: the workspace it writes is exactly
 * templates/init/ (so the embedded copy, src/cli/init_templates.c, is in step with
 * it); nothing is overwritten without --force and a refusal writes nothing; the
 * template codebook imports a small survey file; every analysis template passes
 * spec_load, and the yearly-survey template runs to a report on that survey; usage
 * errors exit 2.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "e2eutil.h"
#include "eval/spec.h"
#include "util/strbuf.h"

static const char *const FILES[] = {
    "README.md",
    "analysis/before-after.ini",
    "analysis/intermittent.ini",
    "analysis/yearly-survey.ini",
    "plots/README.md",
    "surveys/my-survey.ini",
};
#define N_FILES (sizeof(FILES) / sizeof(*FILES))

struct env {
    char *dir, *ws, *db;
};

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("init");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/work space", e->dir); /* a blank in the path, as on Windows shares */
    e->ws = strbuf_detach(&sb);
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
    free(e->ws);
    free(e->db);
    free(e);
    return 0;
}

static char *in_ws(const struct env *e, const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", e->ws, name);
    return strbuf_detach(&sb);
}

static void init_ok(const struct env *e)
{
    struct run_result res;
    int rc = run_trygg(&res, NULL, "init", e->ws, NULL);
    if (rc != 0)
        fail_msg("trygg init failed (exit %d):\n%s", rc, res.err);
    assert_int_equal(res.err_len, 0);
    assert_int_equal(count_lines_starting(res.out, "created "), N_FILES);
    run_result_release(&res);
}

/* The workspace is templates/init/, byte for byte, but for @DATADIR@ filled in. */
static void test_writes_the_templates(void **state)
{
    struct env *e = *state;
    init_ok(e);
    for (size_t i = 0; i < N_FILES; i++) {
        char *p = in_ws(e, FILES[i]);
        struct strbuf src = STRBUF_INIT;
        strbuf_addf(&src, "templates/init/%s", FILES[i]);
        size_t n1, n2;
        char *have = slurp(p, &n1), *want = slurp(src.buf, &n2);
        if (!have || !want)
            fail_msg("cannot read %s or %s", p, src.buf);
        if (strstr(want, "@DATADIR@")) {
            assert_null(strstr(have, "@DATADIR@"));
            assert_non_null(strstr(have, "/share/trygg/plots"));
        } else if (n1 != n2 || memcmp(have, want, n1)) {
            fail_msg("%s differs from %s: run scripts/embed-templates.sh", p, src.buf);
        }
        free(have);
        free(want);
        strbuf_release(&src);
        free(p);
    }
}

static void test_refuses_to_overwrite(void **state)
{
    struct env *e = *state;
    init_ok(e);
    char *cb = in_ws(e, "surveys/my-survey.ini");
    char *readme = in_ws(e, "README.md");
    write_file(cb, "; mine\n", 7);
    remove(readme);
    struct run_result res;
    assert_int_equal(run_trygg(&res, NULL, "init", e->ws, NULL), 1);
    assert_non_null(strstr(res.err, "my-survey.ini: exists (use --force to overwrite it)"));
    assert_non_null(strstr(res.err, "nothing written"));
    run_result_release(&res);
    size_t n;
    char *text = slurp(cb, &n);
    assert_string_equal(text, "; mine\n"); /* untouched */
    free(text);
    struct stat st;
    assert_int_equal(stat(readme, &st), -1); /* and nothing else written either */
    /* --force writes everything again */
    assert_int_equal(run_trygg(&res, NULL, "init", "--force", "-q", e->ws, NULL), 0);
    assert_int_equal(res.out_len, 0);
    run_result_release(&res);
    text = slurp(cb, &n);
    assert_non_null(strstr(text, "[survey]"));
    free(text);
    assert_int_equal(stat(readme, &st), 0);
    free(cb);
    free(readme);
}

static void test_usage_errors(void **state)
{
    struct env *e = *state;
    struct run_result res;
    assert_int_equal(run_trygg(&res, NULL, "init", e->ws, "other", NULL), 2);
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, NULL, "init", "--forse", e->ws, NULL), 2);
    assert_non_null(strstr(res.err, "--forse"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, NULL, "init", "--help", NULL), 0);
    assert_non_null(strstr(res.out, "usage: trygg init"));
    run_result_release(&res);
    /* a file where a directory must go: refused before anything is written */
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/blocked", e->dir);
    mkdir(sb.buf, 0700);
    strbuf_addstr(&sb, "/surveys");
    write_file(sb.buf, "x", 1);
    strbuf_setlen(&sb, sb.len - strlen("/surveys"));
    assert_int_equal(run_trygg(&res, NULL, "init", sb.buf, NULL), 1);
    run_result_release(&res);
    strbuf_addstr(&sb, "/README.md");
    struct stat st;
    assert_int_equal(stat(sb.buf, &st), -1);
    strbuf_release(&sb);
}

/* A small survey in the template codebook's layout: two waves, two areas. */
static void write_survey(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "LOPNR;AR;OMRADE;VIKT;KON;T01;P08\r\n");
    unsigned x = 12345;
    for (int y = 2019; y <= 2020; y++)
        for (int i = 1; i <= 40; i++) {
            x = x * 1103515245u + 12345u;
            unsigned r = x >> 16;
            static const char *const t01[] = {"1", "2", "3", "4", "8", ""};
            strbuf_addf(&sb, "%d;%d;%s;%s;%s;%s;%u\r\n", i, y, r % 2 ? "1" : "Övriga kommunen",
                        r % 3 ? "1,5" : "2", (r / 7) % 2 ? "Kvinna" : "1", t01[(r / 3) % 6],
                        1 + (r / 11) % 4);
        }
    write_file(path, sb.buf, sb.len);
    strbuf_release(&sb);
}

static void test_templates_load_and_run(void **state)
{
    struct env *e = *state;
    init_ok(e);
    /* every analysis template is a valid spec on its own */
    for (size_t i = 0; i < N_FILES; i++) {
        if (strncmp(FILES[i], "analysis/", 9))
            continue;
        char *p = in_ws(e, FILES[i]);
        struct diag_list dl;
        diag_list_init(&dl, 0);
        struct spec *s = spec_load(p, &dl);
        if (!s || dl.n) {
            struct strbuf msg = STRBUF_INIT;
            for (size_t k = 0; k < dl.n; k++) {
                diag_format(&dl.items[k], &msg);
                strbuf_addch(&msg, '\n');
            }
            fail_msg("%s does not load:\n%s", p, msg.buf);
        }
        spec_free(s);
        diag_list_release(&dl);
        free(p);
    }
    /* the codebook imports a file in its layout */
    char *cb = in_ws(e, "surveys/my-survey.ini");
    char *data = in_ws(e, "answers.csv");
    write_survey(data);
    struct run_result res;
    int rc = run_trygg(&res, e->db, "import", "survey", cb, data, NULL);
    if (rc != 0)
        fail_msg("the template codebook does not import its own layout (exit %d):\n%s", rc,
                 res.err);
    assert_non_null(strstr(res.out, "80 respondents"));
    run_result_release(&res);
    /* and the yearly-survey template runs on it */
    char *spec = in_ws(e, "analysis/yearly-survey.ini");
    char *out = in_ws(e, "out");
    rc = run_trygg(&res, e->db, "run", spec, "--out", out, "--plots", "plots", "-q", NULL);
    if (rc != 0)
        fail_msg("the yearly-survey template does not run (exit %d):\n%s", rc, res.err);
    run_result_release(&res);
    char *results = in_ws(e, "out/yearly_survey/results.csv");
    size_t n;
    char *text = slurp(results, &n);
    if (!text)
        fail_msg("no %s", results);
    assert_true(count_lines_starting(text, "yearly_survey,unsafety,") > 4);
    free(text);
    /* the other two name data this database does not have: refused with file:line */
    char *ba = in_ws(e, "analysis/before-after.ini");
    assert_int_equal(run_trygg(&res, e->db, "run", ba, "--out", out, "-q", NULL), 1);
    assert_non_null(strstr(res.err, "before-after.ini:"));
    assert_non_null(strstr(res.err, "refused before anything was computed"));
    run_result_release(&res);
    free(ba);
    free(results);
    free(out);
    free(spec);
    free(cb);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_writes_the_templates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_to_overwrite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_templates_load_and_run, setup, teardown),
    };
    return cmocka_run_group_tests_name("init", tests, NULL, NULL);
}
