/*
 * Golden tests: the bundled evaluations (the analysis/ specs) run on the bundled example
 * (examples/osteraker, imported as scripts/demo.sh does it), and each results.csv is
 * compared with the reviewed copy in tests/golden/<evaluation>.results.csv: the same
 * rows in the same order, every text cell equal, every number equal to 1e-9 relative
 * (so that a build with other optimisation flags still passes, while any change of
 * method, data handling or vocabulary shows up as a failing row).
 *
 * After a deliberate change, review the differences and regenerate with
 *     make golden        (runs this test with TRYGG_UPDATE_GOLDEN=1)
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char *const evaluations[] = {"trygghetscoach", "fritidsgard",
                                          "trygghetsundersokning"};
#define N_EVAL (sizeof(evaluations) / sizeof(evaluations[0]))
#define N_TEXT 6   /* evaluation .. term */
#define N_NUMBERS 11
#define REL_TOL 1e-9

struct env {
    char *dir, *db, *out;
};

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("golden");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/trygg.db", e->dir);
    e->db = strbuf_detach(&sb);
    strbuf_addf(&sb, "%s/out", e->dir);
    e->out = strbuf_detach(&sb);
    import_example(e->db);
    const char *run[] = {"run", "analysis/trygghetscoach.ini", "analysis/fritidsgard.ini",
                         "analysis/trygghetsundersokning.ini", "--out", e->out, "--seed", "1",
                         "-q"};
    run_trygg_ok(e->db, run, 9);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    rm_rf(e->dir);
    free(e->dir);
    free(e->db);
    free(e->out);
    free(e);
    return 0;
}

static void compare(const char *name, const char *actual, const char *expected)
{
    enum { N = N_TEXT + N_NUMBERS + 2 }; /* note, reason */
    char (*a)[512] = calloc(N, 512), (*b)[512] = calloc(N, 512);
    const char *pa = actual, *pb = expected;
    size_t line = 0;
    for (;;) {
        line++;
        size_t na = csv_split_record(&pa, a, N), nb = csv_split_record(&pb, b, N);
        if (na == 0 && nb == 0)
            break;
        if (na != nb)
            fail_msg("%s line %zu: %zu fields, golden file has %zu", name, line, na, nb);
        for (size_t k = 0; k < na; k++) {
            bool number = k >= N_TEXT && k < N_TEXT + N_NUMBERS && line > 1;
            if (!number || !*a[k] || !*b[k]) {
                if (strcmp(a[k], b[k]))
                    fail_msg("%s line %zu field %zu: '%s', golden '%s'", name, line, k + 1, a[k],
                             b[k]);
                continue;
            }
            double x = strtod(a[k], NULL), y = strtod(b[k], NULL);
            double scale = fabs(y) > 1e-300 ? fabs(y) : 1e-300;
            if (!(fabs(x - y) <= REL_TOL * scale) && !(isnan(x) && isnan(y)))
                fail_msg("%s line %zu field %zu (%s %s %s): %s, golden %s", name, line, k + 1,
                         a[1], a[4], a[5], a[k], b[k]);
        }
    }
    free(a);
    free(b);
}

static void test_results_match_golden(void **state)
{
    struct env *e = *state;
    bool update = getenv("TRYGG_UPDATE_GOLDEN") && !strcmp(getenv("TRYGG_UPDATE_GOLDEN"), "1");
    for (size_t k = 0; k < N_EVAL; k++) {
        struct strbuf got = STRBUF_INIT, gold = STRBUF_INIT;
        strbuf_addf(&got, "%s/%s/results.csv", e->out, evaluations[k]);
        strbuf_addf(&gold, "tests/golden/%s.results.csv", evaluations[k]);
        size_t len;
        char *actual = slurp(got.buf, &len);
        assert_non_null(actual);
        assert_true(len > 200); /* a header and real rows */
        if (update) {
            write_file(gold.buf, actual, len);
            fprintf(stderr, "updated %s\n", gold.buf);
        }
        char *expected = slurp(gold.buf, NULL);
        if (!expected)
            fail_msg("%s is missing: run `make golden` and review it", gold.buf);
        compare(evaluations[k], actual, expected);
        free(actual);
        free(expected);
        strbuf_release(&got);
        strbuf_release(&gold);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_results_match_golden),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
