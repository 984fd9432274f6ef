/*
 * `trygg power` through the command line: the numbers of its JSON and CSV against
 * R's power.prop.test (tests/r/ref_power.R, tests/r/values/power.csv) and, for means
 * (--delta, --sd), power.t.test (tests/r/ref_power_t.R, tests/r/values/power_t.csv),
 * the design effect, the text in Swedish and English, and the exit codes.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"

#define PREF "tests/r/values/power.csv"

static json_t *run_json(int want_rc, const char *const *args, size_t n)
{
    struct run_result r;
    int rc = run_trygg_argv(&r, NULL, args, n);
    if (rc != want_rc)
        fail_msg("trygg power: exit %d, expected %d\n%s", rc, want_rc, r.err);
    json_error_t err;
    json_t *j = json_loads(r.out, 0, &err);
    if (!j)
        fail_msg("trygg power: not JSON (%s):\n%s", err.text, r.out);
    run_result_release(&r);
    return j;
}

static double jget(json_t *j, size_t row, const char *key)
{
    json_t *v = json_object_get(json_array_get(json_object_get(j, "results"), row), key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static void fmt(char *buf, size_t size, double x)
{
    snprintf(buf, size, "%.17g", x);
}

/* Every case of the R grid, each question asked through the command line. */
static void test_grid_through_cli(void **state)
{
    (void)state;
    const char *const *ids;
    size_t n_cases = ref_cases(PREF, &ids), checked = 0;
    for (size_t i = 0; i < n_cases; i++) {
        const char *c = ids[i];
        if (c[0] != 'g')
            continue;
        char p1[40], p2[40], n[40], pw[40], sig[40];
        fmt(p1, sizeof p1, ref_get(PREF, c, "p1"));
        fmt(p2, sizeof p2, ref_get(PREF, c, "p2"));
        fmt(n, sizeof n, ref_get(PREF, c, "n"));
        fmt(pw, sizeof pw, ref_get(PREF, c, "power"));
        fmt(sig, sizeof sig, ref_get(PREF, c, "sig"));
        bool one = ref_get(PREF, c, "one") != 0, strict = ref_get(PREF, c, "strict") != 0;
        const char *args[16] = {"power", "--format", "json", "--p1", p1, "--alpha", sig};
        size_t na = 7;
        if (one)
            args[na++] = "--one-sided";
        if (strict)
            args[na++] = "--strict";
        size_t base = na;
        /* n per group */
        args[na++] = "--p2", args[na++] = p2, args[na++] = "--power", args[na++] = pw;
        json_t *j = run_json(0, args, na);
        assert_close(jget(j, 0, "n"), ref_get(PREF, c, "n_req"), TOL_CLOSED);
        assert_close(jget(j, 0, "n_ceiling"), ceil(ref_get(PREF, c, "n_req")), 0);
        json_decref(j);
        /* power */
        na = base;
        args[na++] = "--p2", args[na++] = p2, args[na++] = "--n", args[na++] = n;
        j = run_json(0, args, na);
        assert_close(jget(j, 0, "power"), ref_get(PREF, c, "pow"), TOL_CLOSED);
        json_decref(j);
        /* detectable change, up and down (exit 1 only when neither exists) */
        double up = ref_get(PREF, c, "p2_up"), dn = ref_get(PREF, c, "p2_down");
        na = base;
        args[na++] = "--n", args[na++] = n, args[na++] = "--power", args[na++] = pw;
        bool none = isnan(up) && isnan(dn) && ref_get(PREF, c, "p1") != 0;
        j = run_json(none ? 1 : 0, args, na);
        if (!isnan(up))
            assert_close(jget(j, 0, "p2"), up, TOL_CLOSED), checked++;
        if (!isnan(dn))
            assert_close(jget(j, 1, "p2"), dn, TOL_CLOSED), checked++;
        if (isnan(dn) && ref_get(PREF, c, "p1") != 0)
            assert_string_equal(json_string_value(json_object_get(
                                    json_array_get(json_object_get(j, "results"), 1), "status")),
                                "not_estimable");
        json_decref(j);
    }
    assert_int_equal(checked, 298);
}

/* The design effect multiplies the n of a plan and divides the n of a power. */
static void test_design_effect(void **state)
{
    (void)state;
    const char *a1[] = {"power", "--p1", "0.5", "--p2", "0.75", "--power", "0.9", "--deff",
                        "1.7", "--format", "json"};
    json_t *j = run_json(0, a1, 11);
    assert_close(jget(j, 0, "n"), 1.7 * ref_get(PREF, "help1", "n_req"), TOL_CLOSED);
    assert_close(jget(j, 0, "n_effective"), ref_get(PREF, "help1", "n_req"), TOL_CLOSED);
    json_decref(j);
    const char *a2[] = {"power", "--p1", "50%", "--p2", "75%", "--n", "100", "--deff", "2",
                        "--format", "json"};
    j = run_json(0, a2, 11);
    assert_close(jget(j, 0, "power"), ref_get(PREF, "help2", "pow"), TOL_CLOSED);
    json_decref(j);
}

static char *run_out(int want_rc, const char *const *args, size_t n)
{
    struct run_result r;
    int rc = run_trygg_argv(&r, NULL, args, n);
    if (rc != want_rc)
        fail_msg("trygg power: exit %d, expected %d\nstdout: %s\nstderr: %s", rc, want_rc,
                 r.out, r.err);
    char *out = strdup(want_rc == 2 ? r.err : r.out);
    run_result_release(&r);
    return out;
}

static void test_text_csv_and_exit_codes(void **state)
{
    (void)state;
    const char *sv[] = {"power", "--p1", "0,3", "--n", "400"};
    char *o = run_out(0, sv, 5);
    assert_non_null(strstr(o, "minsta upptäckbara ökning"));
    assert_non_null(strstr(o, "39,4 %"));
    assert_non_null(strstr(o, "21,4 %"));
    free(o);
    const char *en[] = {"power", "--p1", "0.3", "--n", "400", "--lang", "en"};
    o = run_out(0, en, 7);
    assert_non_null(strstr(o, "smallest detectable rise"));
    assert_non_null(strstr(o, "39.4 %"));
    free(o);
    const char *csv[] = {"power", "--p1", "0.3", "--p2", "0.25", "--format", "csv"};
    o = run_out(0, csv, 7);
    assert_true(!strncmp(o, "solve,direction,p1,p2,difference,n,n_ceiling,", 45));
    assert_non_null(strstr(o, "\nn,,0.3,0.25,"));
    free(o);
    /* no answer: equal shares (text says why, in Swedish) */
    const char *eq[] = {"power", "--p1", "0.3", "--p2", "30%"};
    o = run_out(1, eq, 5);
    assert_non_null(strstr(o, "andelarna är lika"));
    free(o);
    /* usage errors */
    const char *bad[][8] = {
        {"power", "--p2", "0.3"},                             /* no --p1 */
        {"power", "--p1", "0.3"},                             /* nothing to compute */
        {"power", "--p1", "1.3", "--p2", "0.3"},              /* not a proportion */
        {"power", "--p1", "0.3", "--p2", "0.2", "--n", "5", "--power"}, /* incomplete */
        {"power", "--p1", "0.3", "--p2", "0.2", "--power", "0.02", "--one-sided"},
        {"power", "--p1", "0.3", "--n", "-4"},
        {"power", "--p1", "0.3", "--n", "40", "--deff", "0"},
        {"power", "--p1", "0.3", "--n", "40", "--lang", "de"},
    };
    size_t nb[] = {3, 3, 5, 8, 8, 5, 7, 7};
    for (size_t i = 0; i < sizeof(nb) / sizeof(*nb); i++)
        free(run_out(2, bad[i], nb[i]));
    const char *all3[] = {"power", "--p1", "0.3", "--p2", "0.2", "--n", "5", "--power", "0.9"};
    o = run_out(2, all3, 9);
    assert_non_null(strstr(o, "leave out the one"));
    free(o);
    const char *help[] = {"power", "--help"};
    o = run_out(0, help, 2);
    assert_non_null(strstr(o, "--strict"));
    free(o);
}

#define TREF "tests/r/values/power_t.csv"

/* Means: every plan of the power.t.test grid, each question through the command line. */
static void test_means_through_cli(void **state)
{
    (void)state;
    const char *const *ids;
    size_t n_cases = ref_cases(TREF, &ids), checked = 0, refused = 0;
    for (size_t i = 0; i < n_cases; i++) {
        const char *c = ids[i];
        if (c[0] != 't')
            continue;
        char delta[40], sd[40], n[40], pw[40], sig[40];
        fmt(delta, sizeof delta, ref_get(TREF, c, "delta"));
        fmt(sd, sizeof sd, ref_get(TREF, c, "sd"));
        fmt(n, sizeof n, ref_get(TREF, c, "n"));
        fmt(pw, sizeof pw, ref_get(TREF, c, "power"));
        fmt(sig, sizeof sig, ref_get(TREF, c, "sig"));
        const char *args[16] = {"power", "--format", "json", "--sd", sd, "--alpha", sig};
        size_t na = 7;
        if (ref_get(TREF, c, "one") != 0)
            args[na++] = "--one-sided";
        if (ref_get(TREF, c, "strict") != 0)
            args[na++] = "--strict";
        size_t base = na;
        args[na++] = "--delta", args[na++] = delta, args[na++] = "--n", args[na++] = n;
        json_t *j = run_json(0, args, na);
        assert_string_equal(json_string_value(json_object_get(j, "method")), "power.t.test");
        assert_close_abs(jget(j, 0, "power"), ref_get(TREF, c, "pow"), TOL_CLOSED, 1e-12);
        json_decref(j);
        double want = ref_get(TREF, c, "n_req");
        na = base;
        args[na++] = "--delta", args[na++] = delta, args[na++] = "--power", args[na++] = pw;
        j = run_json(isnan(want) ? 1 : 0, args, na);
        if (isnan(want)) {
            assert_true(isnan(jget(j, 0, "n")));
            refused++;
        } else {
            assert_close(jget(j, 0, "n"), want, TOL_CLOSED);
            assert_close(jget(j, 0, "n_ceiling"), ceil(want), 0);
            checked++;
        }
        json_decref(j);
        na = base;
        args[na++] = "--n", args[na++] = n, args[na++] = "--power", args[na++] = pw;
        j = run_json(0, args, na);
        assert_close(jget(j, 0, "delta"), ref_get(TREF, c, "delta_req"), TOL_CLOSED);
        assert_close(jget(j, 0, "effect_size"),
                     ref_get(TREF, c, "delta_req") / ref_get(TREF, c, "sd"), TOL_CLOSED);
        json_decref(j);
        checked++;
    }
    assert_int_equal(checked, 2 * 160 - 8);
    assert_int_equal(refused, 8);
    /* the design effect: a plan needs D times the n, n answers count as n/D */
    const char *a1[] = {"power", "--delta", "0.5", "--deff", "1.5", "--format", "json"};
    json_t *j = run_json(0, a1, 7);
    assert_close(jget(j, 0, "n_effective"), ref_get(TREF, "default", "n_req"), 1e-3);
    assert_close(jget(j, 0, "n"), 1.5 * jget(j, 0, "n_effective"), 1e-12);
    json_decref(j);
}

static void test_means_text_and_errors(void **state)
{
    (void)state;
    const char *sv[] = {"power", "--delta", "0,5"};
    char *o = run_out(0, sv, 3);
    assert_non_null(strstr(o, "power.t.test"));
    assert_non_null(strstr(o, "svarande per grupp             64 (beräknat 63,8)"));
    free(o);
    const char *en[] = {"power", "--sd", "2", "--n", "64", "--lang", "en"};
    o = run_out(0, en, 7);
    assert_non_null(strstr(o, "smallest detectable difference 0.998 up or down"));
    free(o);
    const char *csv[] = {"power", "--delta", "0.5", "--n", "64", "--format", "csv"};
    o = run_out(0, csv, 7);
    assert_true(!strncmp(o, "solve,delta,sd,effect_size,n,", 29));
    assert_non_null(strstr(o, "\npower,0.5,1,0.5,64,64,64,1,0.80"));
    free(o);
    const char *zero[] = {"power", "--delta", "0"};
    o = run_out(1, zero, 3);
    assert_non_null(strstr(o, "skillnaden är 0"));
    free(o);
    const char *bad[][8] = {
        {"power", "--delta", "0.5", "--p1", "0.3"},             /* a mean and a share */
        {"power", "--sd", "1"},                                 /* nothing to compute */
        {"power", "--sd", "0", "--n", "30"},                    /* not a positive SD */
        {"power", "--delta", "x"},                              /* not a number */
        {"power", "--delta", "0.5", "--n", "1"},                /* a t test needs n > 1 */
        {"power", "--delta", "0.5", "--power", "0.03", "--one-sided"}, /* below the size */
    };
    size_t nb[] = {5, 3, 5, 3, 5, 6};
    for (size_t i = 0; i < sizeof(nb) / sizeof(*nb); i++)
        free(run_out(2, bad[i], nb[i]));
    const char *all3[] = {"power", "--delta", "0.3", "--n", "5", "--power", "0.9"};
    o = run_out(2, all3, 7);
    assert_non_null(strstr(o, "leave out the one"));
    free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_through_cli),
        cmocka_unit_test(test_design_effect),
        cmocka_unit_test(test_text_csv_and_exit_codes),
        cmocka_unit_test(test_means_through_cli),
        cmocka_unit_test(test_means_text_and_errors),
    };
    return cmocka_run_group_tests_name("power", tests, NULL, NULL);
}
