/*
 * bench/results-section.sh, which puts make bench's generated section into
 * bench/RESULTS.md: only what lies between the two marker lines is replaced, the
 * notes written by hand above and below are kept byte for byte; a file without
 * markers gets the section under its title; markers out of order leave the file as
 * it is.  Runs on temporary copies, never on the repository's RESULTS.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/strbuf.h"

#define BEGIN "<!-- make bench: generated section (bench/run.sh writes only between these markers) -->"
#define END "<!-- make bench: end of the generated section -->"

static const char SECTION[] = "## The last `make bench` run\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n";

struct fixture {
    char *dir, *section, *out;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    f->dir = make_temp_dir("bench-results");
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/section.md", f->dir);
    f->section = strbuf_detach(&p);
    strbuf_addf(&p, "%s/RESULTS.md", f->dir);
    f->out = strbuf_detach(&p);
    write_file(f->section, SECTION, strlen(SECTION));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    rm_rf(f->dir);
    free(f->dir);
    free(f->section);
    free(f->out);
    free(f);
    return 0;
}

/* Runs the script on f's files; returns its exit status, stderr in *err (may be NULL). */
static int splice(struct fixture *f, char **err)
{
    const char *argv[] = {"bench/results-section.sh", f->section, f->out, NULL};
    struct run_result res;
    int rc = run_program(argv, NULL, &res);
    if (err)
        *err = strdup(res.err ? res.err : "");
    run_result_release(&res);
    return rc;
}

static char *read_out(struct fixture *f)
{
    char *s = slurp(f->out, NULL);
    assert_non_null(s);
    return s;
}

static void test_replaces_only_between_markers(void **state)
{
    struct fixture *f = *state;
    const char *above = "# Benchmark results\n\nBy hand above.\n\n";
    const char *below = "\n## Notes (by hand)\n\n- a note that must survive\n\n"
                        "## 2026-12-06, by hand\n\n| x |\n| --- |\n| 9 |\n";
    struct strbuf in = STRBUF_INIT;
    strbuf_addf(&in, "%s%s\nold generated text\nmore of it\n%s\n%s", above, BEGIN, END, below);
    write_file(f->out, in.buf, in.len);
    assert_int_equal(splice(f, NULL), 0);
    char *got = read_out(f);
    struct strbuf want = STRBUF_INIT;
    strbuf_addf(&want, "%s%s\n%s%s\n%s", above, BEGIN, SECTION, END, below);
    assert_string_equal(got, want.buf);
    free(got);
    /* a second run gives the same file */
    assert_int_equal(splice(f, NULL), 0);
    got = read_out(f);
    assert_string_equal(got, want.buf);
    free(got);
    strbuf_release(&in);
    strbuf_release(&want);
}

static void test_missing_file_is_created(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(splice(f, NULL), 0);
    char *got = read_out(f);
    struct strbuf want = STRBUF_INIT;
    strbuf_addf(&want, "# Benchmark results\n\n%s\n%s%s\n", BEGIN, SECTION, END);
    assert_string_equal(got, want.buf);
    free(got);
    strbuf_release(&want);
}

static void test_no_markers_goes_under_title(void **state)
{
    struct fixture *f = *state;
    const char *old = "# Benchmark results\n\nWritten by hand, all of it.\n\n## Notes\n- kept\n";
    write_file(f->out, old, strlen(old));
    assert_int_equal(splice(f, NULL), 0);
    char *got = read_out(f);
    struct strbuf want = STRBUF_INIT;
    strbuf_addf(&want, "# Benchmark results\n\n%s\n%s%s\n%s", BEGIN, SECTION, END, old + strlen("# Benchmark results\n"));
    assert_string_equal(got, want.buf);
    free(got);
    strbuf_release(&want);
}

static void test_bad_markers_leave_file(void **state)
{
    struct fixture *f = *state;
    const char *cases[] = {
        "# R\n" END "\nx\n" BEGIN "\n",            /* out of order */
        "# R\n" BEGIN "\nx\n",                     /* no end */
        "# R\n" BEGIN "\nx\n" END "\n" BEGIN "\n", /* a second begin */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        write_file(f->out, cases[i], strlen(cases[i]));
        char *err = NULL;
        assert_int_equal(splice(f, &err), 1);
        assert_non_null(strstr(err, "not one pair"));
        free(err);
        char *got = read_out(f);
        assert_string_equal(got, cases[i]);
        free(got);
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s.new", f->out);
        char *saved = slurp(p.buf, NULL);
        assert_non_null(saved);
        assert_string_equal(saved, SECTION);
        free(saved);
        remove(p.buf);
        strbuf_release(&p);
    }
}

/* The repository's own RESULTS.md (a copy): its markers are one pair and everything
 * outside them is kept. */
static void test_repository_file(void **state)
{
    struct fixture *f = *state;
    size_t len = 0;
    char *orig = slurp("bench/RESULTS.md", &len);
    assert_non_null(orig);
    write_file(f->out, orig, len);
    assert_int_equal(splice(f, NULL), 0);
    char *got = read_out(f);
    char *b = strstr(orig, BEGIN "\n"), *e = strstr(orig, END "\n");
    assert_non_null(b);
    assert_non_null(e);
    size_t head = (size_t)(b - orig) + strlen(BEGIN "\n");
    assert_memory_equal(got, orig, head);
    assert_memory_equal(got + head, SECTION, strlen(SECTION));
    assert_string_equal(got + head + strlen(SECTION), e);
    free(got);
    free(orig);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_replaces_only_between_markers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file_is_created, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_markers_goes_under_title, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_markers_leave_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repository_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
