/*
 * Unit tests for the key readers of src/lib/eval/spec.c: a key whose value is one of a
 * few words (measure, pairs, scale, model, detection, effects, offset, se,
 * comparison_days) sets what the word means and refuses any other word at the key's
 * line with "key = 'value': expected ..."; a '+' set or a ',' list refuses an empty
 * name or item; a survey section without `survey` or `question` says so at the
 * section's line.  Every message is pinned verbatim (file:line: message), as a user
 * reads it.
 */
#include <stdio.h>
#include <string.h>

#include "eval/spec.h"
#include "testutil.h"
#include "util/strbuf.h"

static char *g_dir;

static int setup(void **state)
{
    (void)state;
    g_dir = make_temp_dir("speckeys");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(g_dir);
    free(g_dir);
    return 0;
}

/* The [evaluation] section every spec below starts with: lines 1-6, so the outcome
 * section is at line 7 and its first key at line 8. */
static const char HEAD[] = "[evaluation]\nid = t\ntitle.en = x\nquestion.en = y\n"
                           "start = 2019-01-01\n\n";

/* Loads HEAD + section; returns the spec (NULL when refused) with its messages in dl. */
static struct spec *load(const char *section, struct diag_list *dl, char **path)
{
    struct strbuf sb = STRBUF_INIT, p = STRBUF_INIT;
    strbuf_addf(&sb, "%s%s", HEAD, section);
    strbuf_addf(&p, "%s/spec.ini", g_dir);
    write_file(p.buf, sb.buf, sb.len);
    strbuf_release(&sb);
    diag_list_init(dl, 0);
    *path = strbuf_detach(&p);
    return spec_load(*path, dl);
}

/* Fails unless dl holds the error "path:line: message", as trygg prints it. */
static void assert_error(const struct diag_list *dl, const char *path, long line,
                         const char *message)
{
    struct strbuf want = STRBUF_INIT, all = STRBUF_INIT;
    strbuf_addf(&want, "%s:%ld: %s", path, line, message);
    bool found = false;
    for (size_t i = 0; i < dl->n; i++) {
        struct strbuf got = STRBUF_INIT;
        diag_format(&dl->items[i], &got);
        found |= dl->items[i].level == DIAG_ERROR && !strcmp(got.buf, want.buf);
        strbuf_addf(&all, "  %s\n", got.buf);
        strbuf_release(&got);
    }
    if (!found)
        fail_msg("no error\n  %s\namong\n%s", want.buf, all.buf);
    strbuf_release(&want);
    strbuf_release(&all);
}

static void refused_words(void **state)
{
    (void)state;
    static const struct {
        const char *section;
        long line;
        const char *message;
    } cases[] = {
        {"[survey s]\nsurvey = k\nquestion = q\nbefore = 2019\nafter = 2020\n"
         "measure = median\n",
         12, "measure = 'median': expected indicator, mean or score"},
        {"[compare c]\nsurvey = k\nquestion = q\nby = area\nmeasure = sum\n", 11,
         "measure = 'sum': expected indicator, mean or score"},
        {"[compare c]\nsurvey = k\nquestion = q\nby = area\npairs = some\n", 11,
         "pairs = 'some': expected all (every pair of groups) or first (each group against "
         "the first)"},
        {"[describe d]\nsurvey = k\nvariables = a\nmeasure = indicator\n", 10,
         "measure = 'indicator': expected mean (the codes, or the numbers) or score (the "
         "codebook's scores)"},
        {"[incidents i]\ncategory = a\narea = b\nmodel = ols\n", 10,
         "model = 'ols': expected rate_ratio, its_poisson, its_quasipoisson or its_negbin"},
        {"[incidents i]\ncategory = a\narea = b\ndetection = luck\n", 10,
         "detection = 'luck': expected police, victim or activity"},
        {"[incidents i]\ncategory = a\narea = b\ncomparison = synthetic\nscale = per_capita\n",
         11, "scale = 'per_capita': expected rate (per 1,000 residents) or count"},
        {"[incidents i]\ncategory = a\narea = b\neffects = step\n", 10,
         "effects = 'step': expected level+slope, level or slope"},
        {"[incidents i]\ncategory = a\narea = b\noffset = people\n", 10,
         "offset = 'people': expected auto, none, population or person-time"},
        {"[incidents i]\ncategory = a\narea = b\nse = robust\n", 10,
         "se = 'robust': expected model or newey-west"},
        {"[incidents i]\ncategory = a\narea = b\nmodel = rate_ratio\nse = newey-west\n", 11,
         "se = newey-west applies to the time-series models (model = its_poisson, "
         "its_quasipoisson or its_negbin), not to model = rate_ratio"},
        {"[intermittent h]\ncategory = a\narea = b\ndate = 2020-06-01\n"
         "comparison_days = mondays\n",
         11, "comparison_days = 'mondays': expected weekends, other or same_weekday"},
        {"[incidents i]\ncategory = a\narea = b++c\n", 9, "area: an empty name in 'b++c'"},
        {"[trend t]\nsurvey = k\nquestions = a,,b\n", 9, "questions: an empty item in 'a,,b'"},
        {"[survey s]\nquestion = q\nbefore = 2019\nafter = 2020\n", 7,
         "[survey s] needs 'survey' (the survey id of its codebook)"},
        {"[compare c]\nsurvey = k\nby = area\n", 7,
         "[compare c] needs 'question' (a question id of the codebook)"},
        {"[survey s]\nsurvey = k\nbefore = 2019\nafter = 2020\n", 7,
         "[survey s] needs 'question' (a question id of the codebook)"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct diag_list dl;
        char *path;
        struct spec *sp = load(cases[i].section, &dl, &path);
        assert_error(&dl, path, cases[i].line, cases[i].message);
        spec_free(sp);
        diag_list_release(&dl);
        free(path);
    }
}

/* The outcome of a spec that must load without errors. */
static struct spec *load_ok(const char *section)
{
    struct diag_list dl;
    char *path;
    struct spec *sp = load(section, &dl, &path);
    if (!sp || dl.n_errors) {
        struct strbuf all = STRBUF_INIT;
        for (size_t i = 0; i < dl.n; i++) {
            diag_format(&dl.items[i], &all);
            strbuf_addch(&all, '\n');
        }
        fail_msg("refused:\n%s", all.buf);
    }
    diag_list_release(&dl);
    free(path);
    assert_int_equal(sp->n_outcomes, 1);
    return sp;
}

static void accepted_words(void **state)
{
    (void)state;
    struct spec *sp = load_ok("[survey s]\nsurvey = k\nquestion = q\nbefore = 2019\n"
                              "after = 2020\nmeasure = score\n");
    assert_int_equal(sp->outcomes[0].measure, MEASURE_SCORE);
    assert_int_equal(sp->outcomes[0].questions.n, 1);
    assert_string_equal(sp->outcomes[0].questions.items[0], "q");
    assert_int_equal(sp->outcomes[0].questions.line, 9);
    spec_free(sp);

    sp = load_ok("[survey s]\nsurvey = k\nquestion = q\nbefore = 2019\nafter = 2020\n");
    assert_int_equal(sp->outcomes[0].measure, MEASURE_DEFAULT);
    spec_free(sp);

    sp = load_ok("[compare c]\nsurvey = k\nquestion = q\nby = area\nwave = 2020\n"
                 "measure = indicator\npairs = first\n");
    assert_int_equal(sp->outcomes[0].measure, MEASURE_INDICATOR);
    assert_true(sp->outcomes[0].pairs_first);
    spec_free(sp);

    sp = load_ok("[compare c]\nsurvey = k\nquestion = q\nby = area\nwave = 2020\n"
                 "pairs = all\n");
    assert_false(sp->outcomes[0].pairs_first);
    spec_free(sp);

    sp = load_ok("[describe d]\nsurvey = k\nvariables = a, b\nmeasure = mean\n");
    assert_int_equal(sp->outcomes[0].measure, MEASURE_MEAN);
    assert_int_equal(sp->outcomes[0].questions.n, 2);
    assert_string_equal(sp->outcomes[0].questions.items[1], "b");
    spec_free(sp);

    sp = load_ok("[incidents i]\ncategory = a + b\narea = c\nmodel = its_negbin\n"
                 "detection = victim\neffects = slope\noffset = person-time\n"
                 "se = newey-west\ncomparison = synthetic\nscale = count\n");
    const struct outcome *o = &sp->outcomes[0];
    assert_int_equal(o->categories.n, 2);
    assert_string_equal(o->categories.names[1], "b");
    assert_int_equal(o->categories.line, 8);
    assert_int_equal(o->model, MODEL_ITS_NEGBIN);
    assert_string_equal(o->detection, "victim");
    assert_int_equal(o->its_effects, 2);
    assert_int_equal(o->offset, OFFSET_PERSON_TIME);
    assert_true(o->newey_west);
    assert_int_equal(o->synth_scale, SYNTH_SCALE_COUNT);
    spec_free(sp);

    /* defaults: quasi-Poisson, the database's detection, both effects, a rate when every
     * series has a population */
    sp = load_ok("[incidents i]\ncategory = a\narea = c\ncomparison = synthetic\n");
    o = &sp->outcomes[0];
    assert_int_equal(o->model, MODEL_ITS_QUASIPOISSON);
    assert_null(o->detection);
    assert_int_equal(o->its_effects, 0);
    assert_false(o->newey_west);
    assert_int_equal(o->synth_scale, SYNTH_SCALE_DEFAULT);
    spec_free(sp);

    sp = load_ok("[incidents i]\ncategory = a\narea = c\ncomparison = synthetic\n"
                 "scale = rate\nmodel = rate_ratio\n");
    assert_int_equal(sp->outcomes[0].synth_scale, SYNTH_SCALE_RATE);
    assert_int_equal(sp->outcomes[0].model, MODEL_RATE_RATIO);
    spec_free(sp);

    sp = load_ok("[intermittent h]\ncategory = a\narea = b\ndate = 2020-06-01\n");
    assert_int_equal(sp->outcomes[0].comparison_days, COMPARE_WEEKENDS);
    spec_free(sp);

    sp = load_ok("[intermittent h]\ncategory = a\narea = b\ndate = 2020-06-01\n"
                 "comparison_days = same_weekday\n");
    assert_int_equal(sp->outcomes[0].comparison_days, COMPARE_SAME_WEEKDAY);
    spec_free(sp);

    sp = load_ok("[intermittent h]\ncategory = a\narea = b\ndate = 2020-06-01\n"
                 "comparison_days = other\n");
    assert_int_equal(sp->outcomes[0].comparison_days, COMPARE_OTHER_DAYS);
    spec_free(sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refused_words),
        cmocka_unit_test(accepted_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
