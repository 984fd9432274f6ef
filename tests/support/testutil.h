/*
 * testutil — helpers shared by the cmocka test programs.
 *
 * Every test program runs with the repository root as its working directory (the
 * runner, scripts/run-tests.sh, sees to that), so paths such as "tests/r/values/x.csv"
 * work.  cmocka must be included after the standard headers it needs; include this
 * file instead of cmocka.h.
 */
#ifndef TRYGG_TESTUTIL_H
#define TRYGG_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdbool.h>
#include <cmocka.h>

/*
 * Reference values produced by the committed R scripts (tests/r/ref_*.R) live in CSV
 * files with the header "case,key,value": one number per row, "NA" for R's NA, "Inf"
 * and "-Inf" as R writes them.  ref_get() fails the running test if the row is
 * missing, so a method without reference values cannot pass silently.
 */
double ref_get(const char *file, const char *case_id, const char *key);
/* True if the row exists (for optional keys). */
bool ref_has(const char *file, const char *case_id, const char *key);
/* The case ids in a reference file, in file order, for table-driven tests.  Returns
 * the count; *ids is borrowed (valid until the end of the program). */
size_t ref_cases(const char *file, const char *const **ids);

/* Fails unless |actual - expected| <= rel_tol * max(|expected|, abs_floor).  NaN
 * matches only NaN; infinities must match exactly. */
struct stat_why;
/* A statistic's reason in English (eval/reason.h), for assertions on its words; a ring
 * string (eval/format.h). */
const char *why_en(const struct stat_why *why);

void assert_close_at(double actual, double expected, double rel_tol, double abs_floor,
                     const char *what, const char *file, int line);
#define assert_close(actual, expected, rel_tol) \
    assert_close_at((actual), (expected), (rel_tol), 1e-300, #actual, __FILE__, __LINE__)
#define assert_close_abs(actual, expected, rel_tol, floor) \
    assert_close_at((actual), (expected), (rel_tol), (floor), #actual, __FILE__, __LINE__)

/* Tolerances of METHODS.md. */
#define TOL_CLOSED 1e-6
#define TOL_ITER 1e-4

/* Reads a whole file; returns a new NUL-terminated buffer (free with free()) or NULL. */
char *slurp(const char *path, size_t *len);
/* report.html's text as the other outputs have it, in place: the soft hyphens
 * (U+00AD), the nowrap spans around dates and ranges that report/hyphenate.c adds
 * and the lang="sv" spans around Swedish names in English reports (report/langspan.h)
 * are removed.  Every test that looks for (or for the absence of) a phrase in
 * report.html reads it through this, so a hyphenated word cannot hide a phrase.
 * Returns s (NULL stays NULL). */
char *html_unhyphenate(char *s);
/* slurp() of an HTML file through html_unhyphenate(); len is the new length. */
char *slurp_html(const char *path, size_t *len);
/* Writes len bytes to path (creating or truncating); fails the test on error. */
void write_file(const char *path, const void *data, size_t len);
/* Creates a fresh private directory under $TMPDIR; returns a new string (free it).
 * The directory and its contents are removed by rm_rf(). */
char *make_temp_dir(const char *tag);
void rm_rf(const char *path);

/*
 * Runs a program without a shell: argv[0] is looked up in PATH unless it contains a
 * '/'.  stdin comes from stdin_path (or /dev/null); stdout and stderr are captured
 * into new buffers (free them).  Returns the exit status, 128 + signal number if the
 * program was killed, or -1 if it could not be started.
 */
struct run_result {
    int status;
    char *out;
    size_t out_len;
    char *err;
    size_t err_len;
};
int run_program(const char *const argv[], const char *stdin_path, struct run_result *res);
void run_result_release(struct run_result *res);
/* The trygg binary under test: $TRYGG_BIN, else build/trygg. */
const char *trygg_bin(void);

/* Runs a cmocka group built at run time (for corpus-driven tests). */
int run_dynamic_group(const char *name, struct CMUnitTest *tests, size_t count);

#endif
