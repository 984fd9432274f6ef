/*
 * End to end: the finite population correction of `trygg run` (codebook [population]
 * sections; R: svydesign(fpc = ~N)), on the survey of tests/data/eval_survey with the
 * populations of tests/data/eval_fpc/population.ini, against R
 * (tests/r/ref_eval_fpc.R, tests/r/values/eval_fpc.csv): the shares before and after,
 * the difference and the difference-in-differences, with the codebook's weights and
 * with no weight column (weights N_h/n_h, as svydesign derives them).  Also the
 * refusals: a stratum without a size (at import), a size below the sample (at the run,
 * naming the codebook line).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char REF[] = "tests/r/values/eval_fpc.csv";
#define TOL 1e-6

enum { F_ANALYSIS = 1, F_OUTCOME, F_GROUP, F_METHOD, F_TERM, F_ESTIMATE, F_SE, F_LOW, F_HIGH,
       F_LEVEL, F_STATISTIC, F_DF, F_P, F_P_HOLM, F_P_BH, F_N, F_NOTE, N_FIELDS };

static size_t split_record(const char **p, char fields[][256], size_t max)
{
    size_t n = 0, len = 0;
    bool quoted = false;
    const char *s = *p;
    fields[0][0] = '\0';
    for (; *s; s++) {
        if (quoted) {
            if (*s == '"' && s[1] == '"') {
                s++;
            } else if (*s == '"') {
                quoted = false;
                continue;
            }
        } else if (*s == '"') {
            quoted = true;
            continue;
        } else if (*s == ',' || *s == '\n') {
            fields[n][len < 255 ? len : 255] = '\0';
            n++;
            len = 0;
            if (*s == '\n' || n == max) {
                s++;
                break;
            }
            fields[n][0] = '\0';
            continue;
        }
        if (len < 255)
            fields[n][len] = *s;
        len++;
    }
    *p = s;
    return n;
}

static bool find_row(const char *csv, const char *analysis, const char *group, const char *method,
                     const char *term, char fields[][256])
{
    const char *p = csv;
    split_record(&p, fields, N_FIELDS);
    while (*p) {
        size_t n = split_record(&p, fields, N_FIELDS);
        if (n == N_FIELDS && !strcmp(fields[F_ANALYSIS], analysis) &&
            !strcmp(fields[F_GROUP], group) && !strcmp(fields[F_METHOD], method) &&
            !strcmp(fields[F_TERM], term))
            return true;
    }
    return false;
}

static double num(const char *s)
{
    return *s ? strtod(s, NULL) : NAN;
}

/* The eval_survey codebook with `from` replaced by `to` and `extra` appended, written
 * to dir/name; returns the path (free it). */
static char *codebook_variant(const char *dir, const char *name, const char *from,
                              const char *to, const char *extra)
{
    char *text = slurp("tests/data/eval_survey/codebook.ini", NULL);
    assert_non_null(text);
    struct strbuf sb = STRBUF_INIT;
    const char *at = from ? strstr(text, from) : NULL;
    if (from)
        assert_non_null(at);
    if (at) {
        strbuf_add(&sb, text, (size_t)(at - text));
        strbuf_addstr(&sb, to);
        strbuf_addstr(&sb, at + strlen(from));
    } else {
        strbuf_addstr(&sb, text);
    }
    strbuf_addstr(&sb, "\n");
    strbuf_addstr(&sb, extra);
    free(text);
    struct strbuf path = STRBUF_INIT;
    strbuf_addf(&path, "%s/%s", dir, name);
    FILE *f = fopen(path.buf, "wb");
    assert_non_null(f);
    fwrite(sb.buf, 1, sb.len, f);
    fclose(f);
    strbuf_release(&sb);
    return strbuf_detach(&path);
}

/* Imports the codebook and runs the spec; returns results.csv (free it), or NULL with
 * *err set (free it) when the run is refused. */
static char *run_variant(const char *dir, const char *tag, const char *codebook, char **err)
{
    struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, csv = STRBUF_INIT;
    strbuf_addf(&db, "%s/%s.db", dir, tag);
    strbuf_addf(&out, "%s/out-%s", dir, tag);
    struct run_result r;
    int rc = run_trygg(&r, db.buf, "import", "survey", codebook,
                       "tests/data/eval_survey/answers.csv", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
    rc = run_trygg(&r, db.buf, "run", "tests/data/eval_survey/spec.ini", "--out", out.buf,
                   "--lang", "en", "-q", NULL);
    char *result = NULL;
    *err = NULL;
    if (rc == 0) {
        strbuf_addf(&csv, "%s/evaltest/results.csv", out.buf);
        result = slurp(csv.buf, NULL);
        assert_non_null(result);
    } else {
        *err = strdup(r.err);
    }
    run_result_release(&r);
    strbuf_release(&db);
    strbuf_release(&out);
    strbuf_release(&csv);
    return result;
}

static void check(const char *csv, const char *method, const char *term, const char *ref_case)
{
    char f[N_FIELDS][256];
    if (!find_row(csv, "s1", "", method, term, f))
        fail_msg("no results row s1 / %s / %s", method, term);
    assert_close(num(f[F_ESTIMATE]), ref_get(REF, ref_case, "estimate"), TOL);
    assert_close(num(f[F_SE]), ref_get(REF, ref_case, "std_error"), TOL);
    assert_close(num(f[F_LOW]), ref_get(REF, ref_case, "conf_low"), TOL);
    assert_close(num(f[F_HIGH]), ref_get(REF, ref_case, "conf_high"), TOL);
    if (ref_has(REF, ref_case, "p_value"))
        assert_close(num(f[F_P]), ref_get(REF, ref_case, "p_value"), TOL);
}

static void fpc_matches_r(void **state)
{
    (void)state;
    char *dir = make_temp_dir("evalfpc");
    char *pop = slurp("tests/data/eval_fpc/population.ini", NULL);
    assert_non_null(pop);
    const struct {
        const char *tag, *from, *to;
    } variants[] = {{"w", NULL, NULL}, {"now", "weight = VIKT\n", ""}};
    for (size_t v = 0; v < 2; v++) {
        char name[32];
        snprintf(name, sizeof(name), "cb-%s.ini", variants[v].tag);
        char *cb = codebook_variant(dir, name, variants[v].from, variants[v].to, pop);
        char *err;
        char *csv = run_variant(dir, variants[v].tag, cb, &err);
        if (!csv)
            fail_msg("run refused: %s", err);
        char rc[32];
        const char *terms[][3] = {{"svyciprop", "before", "before"},
                                  {"svyciprop", "after", "after"},
                                  {"svydiff", "difference", "difference"},
                                  {"svydiff", "did", "did"}};
        for (size_t k = 0; k < 4; k++) {
            snprintf(rc, sizeof(rc), "%s.%s", variants[v].tag, terms[k][2]);
            check(csv, terms[k][0], terms[k][1], rc);
        }
        free(csv);
        free(cb);
    }
    free(pop);
    rm_rf(dir);
    free(dir);
}

static void fpc_refusals(void **state)
{
    (void)state;
    char *dir = make_temp_dir("evalfpc");
    /* a stratum with respondents but no population size */
    char *cb = codebook_variant(dir, "missing.ini", NULL, NULL,
                                "[population]\nstratum.10 = 160\nstratum.11 = 95\n");
    struct strbuf db = STRBUF_INIT;
    strbuf_addf(&db, "%s/missing.db", dir);
    struct run_result r;
    /* refused at import, at the data cell, with nothing imported */
    assert_int_equal(run_trygg(&r, db.buf, "import", "survey", cb,
                               "tests/data/eval_survey/answers.csv", NULL),
                     1);
    assert_non_null(strstr(r.err, "answers.csv:78:6: the codebook's [population] gives no size "
                                  "for stratum '21' (wave '2017')"));
    assert_non_null(strstr(r.err, "nothing imported"));
    run_result_release(&r);
    strbuf_release(&db);
    free(cb);
    char *err = NULL, *csv;
    /* a population smaller than the sample, at the codebook's line */
    cb = codebook_variant(dir, "small.ini", NULL, NULL,
                          "[population]\nstratum.10 = 160\nstratum.11 = 95\nstratum.20 = 300\n"
                          "stratum.21 = 64\nstratum.30 = 470\nstratum.31 = 120\nstratum.40 = 44\n"
                          "stratum.41 = 230\n[population 2019]\nstratum.30 = 40\n");
    csv = run_variant(dir, "small", cb, &err);
    assert_null(csv);
    assert_non_null(strstr(err, "small.ini:54: stratum.30 = 40 is smaller than the 49 respondents "
                                "sampled there"));
    free(err);
    free(cb);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fpc_matches_r),
        cmocka_unit_test(fpc_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
