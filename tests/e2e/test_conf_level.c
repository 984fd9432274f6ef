/*
 * The confidence level is the spec's, everywhere: the three bundled evaluations are run
 * with `conf_level = 0.90` (a copy of each spec with that one line added), in Swedish
 * and in English, and
 *   - every level printed in report.md and report.html (before "KI", "CI",
 *     "konfidensintervall", "confidence interval") is 90, and each report prints one;
 *   - run.json has conf_level 0.9, and so has every criterion with an interval;
 *   - results.csv has a conf_level column, 0.9 on every row with an interval and empty
 *     on rows without one.
 * (results.xlsx holds the same column: test_xlsx compares every results.csv column
 * with the workbook, and its provenance sheet with run.json.)
 * A second run at `conf_level = 0.975` (Swedish) checks that no label rounds the level
 * to a whole percent ("98 %"): every level printed is 97,5 and the significance level
 * of the design's detectable effect is 2,5 %.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char *const evaluations[] = {"trygghetscoach", "fritidsgard",
                                          "trygghetsundersokning"};
#define N_EVAL (sizeof(evaluations) / sizeof(evaluations[0]))
static const char *const langs[] = {"sv", "en"};

struct env {
    char *dir, *db;
};

/* A copy of analysis/<name>.ini with conf_level = <level> in [evaluation], written to
 * dir/<tag>-<name>.ini. */
static char *spec_at(const char *dir, const char *name, const char *tag, const char *level)
{
    struct strbuf from = STRBUF_INIT, to = STRBUF_INIT, text = STRBUF_INIT;
    strbuf_addf(&from, "analysis/%s.ini", name);
    strbuf_addf(&to, "%s/%s-%s.ini", dir, tag, name);
    char *spec = slurp(from.buf, NULL);
    assert_non_null(spec);
    assert_null(strstr(spec, "conf_level")); /* the bundled specs use the default */
    const char *sec = strstr(spec, "[evaluation]\n");
    assert_non_null(sec);
    size_t head = (size_t)(sec - spec) + strlen("[evaluation]\n");
    strbuf_add(&text, spec, head);
    strbuf_addf(&text, "conf_level = %s\n", level);
    strbuf_addstr(&text, spec + head);
    write_file(to.buf, text.buf, text.len);
    free(spec);
    strbuf_release(&from);
    strbuf_release(&text);
    return strbuf_detach(&to);
}

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    e->dir = make_temp_dir("conflevel");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/trygg.db", e->dir);
    e->db = strbuf_detach(&sb);
    import_example(e->db);
    char *specs[N_EVAL];
    for (size_t k = 0; k < N_EVAL; k++)
        specs[k] = spec_at(e->dir, evaluations[k], "90", "0.90");
    for (size_t l = 0; l < 2; l++) {
        strbuf_addf(&sb, "%s/out-%s", e->dir, langs[l]);
        const char *run[] = {"run", specs[0], specs[1], specs[2], "--out", sb.buf, "--lang",
                             langs[l], "--seed", "1", "--no-charts", "-q"};
        run_trygg_ok(e->db, run, 12);
        strbuf_release(&sb);
    }
    for (size_t k = 0; k < N_EVAL; k++) {
        free(specs[k]);
        specs[k] = spec_at(e->dir, evaluations[k], "975", "0.975");
    }
    strbuf_addf(&sb, "%s/out-975", e->dir);
    const char *run975[] = {"run", specs[0], specs[1], specs[2], "--out", sb.buf, "--lang",
                            "sv", "--seed", "1", "--no-charts", "-q"};
    run_trygg_ok(e->db, run975, 12);
    strbuf_release(&sb);
    for (size_t k = 0; k < N_EVAL; k++)
        free(specs[k]);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    rm_rf(e->dir);
    free(e->dir);
    free(e->db);
    free(e);
    return 0;
}

static char *out_file(const struct env *e, const char *lang, const char *ev, const char *file)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/out-%s/%s/%s", e->dir, lang, ev, file);
    return strbuf_detach(&sb);
}

/* The level printed just before an interval's name at text[at]: the number before
 * "%" and an optional (no-break) space, or -1 if no level is printed there. */
static double level_before(const char *text, size_t at)
{
    size_t i = at;
    if (i >= 1 && text[i - 1] == ' ')
        i--;
    if (i < 1 || text[i - 1] != '%')
        return -1;
    i--;
    if (i >= 1 && text[i - 1] == ' ')
        i--;
    else if (i >= 2 && (unsigned char)text[i - 2] == 0xC2 && (unsigned char)text[i - 1] == 0xA0)
        i -= 2;
    else if (i >= 6 && !strncmp(text + i - 6, "&nbsp;", 6))
        i -= 6;
    size_t end = i;
    while (i > 0 && ((text[i - 1] >= '0' && text[i - 1] <= '9') || text[i - 1] == ',' ||
                     text[i - 1] == '.'))
        i--;
    if (i == end)
        return -1;
    char num[32];
    size_t n = end - i < sizeof(num) - 1 ? end - i : sizeof(num) - 1;
    memcpy(num, text + i, n);
    num[n] = '\0';
    for (char *p = num; *p; p++)
        if (*p == ',')
            *p = '.';
    return strtod(num, NULL);
}

/* Every level printed before any of the names is `want`; returns how many there are. */
static size_t check_levels(const char *what, const char *text, double want)
{
    static const char *const names[] = {"KI", "CI", "konfidensintervall", "confidence interval"};
    size_t found = 0;
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        size_t len = strlen(names[k]);
        for (const char *p = strstr(text, names[k]); p; p = strstr(p + len, names[k])) {
            double level = level_before(text, (size_t)(p - text));
            if (level < 0)
                continue;
            if (level != want)
                fail_msg("%s: '%.*s' prints the level %g, the spec says %g", what,
                         (int)(p - text < 24 ? p - text : 24) + (int)len,
                         p - (p - text < 24 ? p - text : 24), level, want);
            found++;
        }
    }
    /* the common ways of writing 95 % must not appear at all */
    static const char *const wrong[] = {"95 % KI", "95\xc2\xa0% KI", "95% CI",
                                        "95 % konfidens", "95\xc2\xa0% konfidens",
                                        "95% confidence", "95&nbsp;% KI", "95&nbsp;% konfidens"};
    for (size_t k = 0; k < sizeof(wrong) / sizeof(wrong[0]); k++)
        if (strstr(text, wrong[k]))
            fail_msg("%s prints '%s'", what, wrong[k]);
    return found;
}

static void test_reports_print_the_spec_level(void **state)
{
    struct env *e = *state;
    for (size_t l = 0; l < 2; l++)
        for (size_t k = 0; k < N_EVAL; k++) {
            static const char *const files[] = {"report.md", "report.html"};
            for (size_t f = 0; f < 2; f++) {
                char *p = out_file(e, langs[l], evaluations[k], files[f]);
                char *text = html_unhyphenate(slurp(p, NULL));
                assert_non_null(text);
                size_t n = check_levels(p, text, 90);
                if (n < 2)
                    fail_msg("%s prints the level %zu times; every interval heading should", p,
                             n);
                free(text);
                free(p);
            }
        }
}

static void test_run_json_has_the_level(void **state)
{
    struct env *e = *state;
    for (size_t k = 0; k < N_EVAL; k++) {
        char *p = out_file(e, "sv", evaluations[k], "run.json");
        json_error_t err;
        json_t *run = json_load_file(p, 0, &err);
        if (!run)
            fail_msg("%s: %s", p, err.text);
        json_t *level = json_object_get(run, "conf_level");
        assert_true(json_is_number(level));
        assert_true(fabs(json_number_value(level) - 0.9) < 1e-12);
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(run, "criteria"), i, c)
        {
            json_t *cl = json_object_get(c, "conf_level");
            if (json_is_number(json_object_get(c, "conf_low")))
                assert_true(json_is_number(cl) && fabs(json_number_value(cl) - 0.9) < 1e-12);
            else
                assert_true(json_is_null(cl));
        }
        json_decref(run);
        free(p);
    }
}

static void test_results_csv_has_the_level(void **state)
{
    struct env *e = *state;
    size_t with = 0, without = 0;
    enum { MAX = 32 };
    char (*fields)[512] = calloc(MAX, 512);
    for (size_t k = 0; k < N_EVAL; k++) {
        char *p = out_file(e, "en", evaluations[k], "results.csv");
        char *text = slurp(p, NULL);
        assert_non_null(text);
        const char *at = text;
        size_t n = csv_split_record(&at, fields, MAX), lo = MAX, hi = MAX, cl = MAX;
        for (size_t i = 0; i < n; i++) {
            lo = strcmp(fields[i], "conf_low") ? lo : i;
            hi = strcmp(fields[i], "conf_high") ? hi : i;
            cl = strcmp(fields[i], "conf_level") ? cl : i;
        }
        if (cl == MAX || lo == MAX || hi == MAX)
            fail_msg("%s: no conf_level column", p);
        while ((n = csv_split_record(&at, fields, MAX)) > 0) {
            assert_true(n > cl);
            if (*fields[lo] || *fields[hi]) {
                if (strcmp(fields[cl], "0.9"))
                    fail_msg("%s: a row with an interval (%s to %s) has conf_level '%s'", p,
                             fields[lo], fields[hi], fields[cl]);
                with++;
            } else {
                assert_string_equal(fields[cl], "");
                without++;
            }
        }
        free(text);
        free(p);
    }
    free(fields);
    assert_true(with > 100);
    assert_true(without > 0);
}

/* At 97.5 % no label rounds the level: the year tables of the survey and the youth
 * centre print "97,5 % KI" (they once built the label from a whole percent, "98"),
 * and the detectable effect names the significance level 2,5 %. */
static void test_reports_print_a_level_with_decimals(void **state)
{
    struct env *e = *state;
    for (size_t k = 0; k < N_EVAL; k++) {
        static const char *const files[] = {"report.md", "report.html"};
        for (size_t f = 0; f < 2; f++) {
            char *p = out_file(e, "975", evaluations[k], files[f]);
            char *text = html_unhyphenate(slurp(p, NULL));
            assert_non_null(text);
            size_t n = check_levels(p, text, 97.5);
            if (n < 2)
                fail_msg("%s prints the level %zu times; every interval heading should", p, n);
            if (strstr(text, "98 % KI") || strstr(text, "98\xc2\xa0% KI") ||
                strstr(text, "98&nbsp;% KI"))
                fail_msg("%s rounds the level to 98", p);
            if (!strcmp(evaluations[k], "fritidsgard") && f == 0 &&
                !strstr(text, "signifikansnivån 2,5"))
                fail_msg("%s: the detectable effect does not name the significance level 2,5 %%",
                         p);
            free(text);
            free(p);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reports_print_the_spec_level),
        cmocka_unit_test(test_reports_print_a_level_with_decimals),
        cmocka_unit_test(test_run_json_has_the_level),
        cmocka_unit_test(test_results_csv_has_the_level),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
