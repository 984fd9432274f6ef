/*
 * Unit tests for src/lib/eval/package (issue 11): which measures an estimate measures,
 * whether the design separates the component, the design level of a term, and costs
 * as a yearly rate or an amount for a period, over the same days as the effect.
 */
#include <math.h>
#include <string.h>

#include "eval/package.h"
#include "testutil.h"

static struct intervention_cost row(const char *name, const char *area, struct date start,
                                    bool has_end, struct date end, double cost, bool period)
{
    struct intervention_cost iv;
    memset(&iv, 0, sizeof(iv));
    iv.name = (char *)name;
    iv.area = (char *)area;
    iv.start = start;
    iv.end = end;
    iv.has_end = has_end;
    iv.has_cost = !isnan(cost);
    iv.cost = cost;
    iv.period_amount = period;
    iv.planned = NAN;
    return iv;
}

#define D(y, m, d) ((struct date){(y), (m), (d)})
/* -Wwrite-strings: the name lists are char *, as a parsed spec has them */
#define S(x) ((char *)(x))

static char *target_names[] = {S("centrum")};
static char *comparison_names[] = {S("vallentuna")};

static struct outcome incidents_outcome(void)
{
    struct outcome o;
    memset(&o, 0, sizeof(o));
    o.kind = OUTCOME_INCIDENTS;
    o.area = (struct name_set){target_names, 1, 3};
    o.comparison = (struct name_set){comparison_names, 1, 4};
    o.has_from = o.has_to = true;
    o.from = D(2015, 1, 0);
    o.to = D(2020, 12, 0);
    return o;
}

static void cost_period_vs_yearly(void **state)
{
    (void)state;
    /* 1,400,000 for 2018-09-01..2018-12-31 is spent in those four months ... */
    struct intervention_cost p = row("coach", "centrum", D(2018, 9, 1), true, D(2018, 12, 31),
                                     1400000, true);
    assert_close(intervention_cost_over(&p, D(2018, 9, 1), D(2020, 12, 31)), 1400000, 1e-12);
    /* ... half of its days from 2018-11-01 on (61 of 122 days) */
    assert_close(intervention_cost_over(&p, D(2018, 11, 1), D(2020, 12, 31)), 700000, 1e-12);
    /* a yearly rate is pro-rated by days: 122 days of 2,352,000 a year */
    struct intervention_cost y = row("coach", "centrum", D(2018, 9, 1), true, D(2018, 12, 31),
                                     2352000, false);
    assert_close(intervention_cost_over(&y, D(2018, 1, 1), D(2020, 12, 31)),
                 2352000 * 122 / 365.25, 1e-12);
    /* an open-ended yearly rate runs to the end of the window */
    struct intervention_cost open = row("x", "centrum", D(2019, 1, 1), false, D(0, 0, 0), 365.25,
                                        false);
    assert_close(intervention_cost_over(&open, D(2019, 1, 1), D(2019, 1, 10)), 10, 1e-12);
    /* no overlap: nothing; no cost: NaN */
    assert_true(intervention_cost_over(&p, D(2019, 1, 1), D(2019, 12, 31)) == 0);
    struct intervention_cost none = row("police", "centrum", D(2018, 6, 1), false, D(0, 0, 0), NAN,
                                        false);
    assert_true(isnan(intervention_cost_over(&none, D(2018, 1, 1), D(2019, 1, 1))));
}

static void design_level_of_the_term(void **state)
{
    (void)state;
    assert_int_equal(term_design_level(OUTCOME_INCIDENTS, "level_change", 3), 2);
    assert_int_equal(term_design_level(OUTCOME_INCIDENTS, "difference", 3), 2);
    assert_int_equal(term_design_level(OUTCOME_INCIDENTS, "rate_ratio", 3), 2);
    assert_int_equal(term_design_level(OUTCOME_INCIDENTS, "did", 3), 3);
    assert_int_equal(term_design_level(OUTCOME_INCIDENTS, "did_delivered", 3), 3);
    assert_int_equal(term_design_level(OUTCOME_INCIDENTS, "did", 2), 2); /* no comparison data */
    assert_int_equal(term_design_level(OUTCOME_INCIDENTS, "level_change", 2), 2);
    /* an intermittent rate ratio is exposed days against the other days: a contrast */
    assert_int_equal(term_design_level(OUTCOME_INTERMITTENT, "rate_ratio", 3), 3);
    assert_int_equal(term_design_level(OUTCOME_SURVEY, "difference", 3), 2);
    assert_int_equal(term_design_level(OUTCOME_SURVEY, "did", 3), 3);
    assert_true(term_is_contrast(OUTCOME_INCIDENTS, "res") && term_is_contrast(OUTCOME_INCIDENTS, "wdd"));
    assert_false(term_is_contrast(OUTCOME_INCIDENTS, "didx") || term_is_contrast(OUTCOME_INCIDENTS, "level_change_delivered"));
}

static void package_found_from_the_table(void **state)
{
    (void)state;
    struct intervention_cost rows[] = {
        row("coach", "centrum", D(2018, 9, 1), true, D(2019, 12, 31), 1000, true),
        row("police", "centrum", D(2018, 6, 1), false, D(0, 0, 0), NAN, false),
        /* elsewhere: not in the package */
        row("youth", "bergagarden", D(2018, 5, 1), false, D(0, 0, 0), 600000, false),
        /* running through the whole window: background, not package */
        row("cctv", "centrum", D(2010, 1, 1), false, D(0, 0, 0), 50000, false),
        /* ended inside the window: it changes what the periods compare */
        row("oldproject", "centrum", D(2012, 1, 1), true, D(2016, 6, 30), 365.25, false),
    };
    size_t n = sizeof(rows) / sizeof(rows[0]);
    char *comps[] = {S("coach")};
    struct name_set none = {NULL, 0, 0};
    struct outcome o = incidents_outcome();
    struct package p;
    package_find(rows, n, comps, 1, &none, &o, "level_change", &p);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.names[0], "coach");
    assert_true(p.component[0]);
    assert_false(p.component[1] || p.component[2]);
    assert_false(p.separated);
    /* the package's cost over the days: the component's period amount, oldproject's
     * rate until it ended, the police without a cost */
    size_t costed, uncosted;
    double all = package_cost(rows, n, &p, &o, false, D(2016, 6, 1), D(2020, 12, 31), &costed,
                              &uncosted);
    assert_close(all, 1000 + 30, 1e-12);
    assert_int_equal(costed, 2);
    assert_int_equal(uncosted, 1);
    double comp = package_cost(rows, n, &p, &o, true, D(2016, 6, 1), D(2020, 12, 31), &costed,
                               &uncosted);
    assert_close(comp, 1000, 1e-12);
    package_release(&p);

    /* a window that starts after the others began: the component alone changes */
    o.from = D(2018, 7, 0);
    package_find(rows, n, comps, 1, &none, &o, "level_change", &p);
    assert_int_equal(p.n, 1);
    assert_true(p.separated);
    package_release(&p);
}

static void separated_by_the_comparison_area(void **state)
{
    (void)state;
    struct intervention_cost rows[] = {
        row("coach", "centrum", D(2018, 9, 1), true, D(2019, 12, 31), 1000, true),
        row("police", "centrum", D(2018, 6, 1), false, D(0, 0, 0), NAN, false),
        row("police", "vallentuna", D(2018, 6, 15), false, D(0, 0, 0), NAN, false),
    };
    char *comps[] = {S("coach")};
    struct name_set none = {NULL, 0, 0};
    struct outcome o = incidents_outcome();
    struct package p;
    /* the comparison area had the rest of the package from the same month: the contrast
     * separates the component, the target's own time series does not */
    package_find(rows, 3, comps, 1, &none, &o, "did", &p);
    assert_true(p.separated);
    package_release(&p);
    package_find(rows, 3, comps, 1, &none, &o, "level_change", &p);
    assert_false(p.separated);
    package_release(&p);
    /* a month later in the comparison area: not the same */
    rows[2].start = D(2018, 7, 1);
    package_find(rows, 3, comps, 1, &none, &o, "did", &p);
    assert_false(p.separated);
    package_release(&p);
}

static void declared_package(void **state)
{
    (void)state;
    struct intervention_cost rows[] = {
        row("coach", "centrum", D(2018, 9, 1), true, D(2019, 12, 31), 1000, true),
        row("police", "centrum", D(2018, 6, 1), false, D(0, 0, 0), NAN, false),
        row("walkers", "centrum", D(2018, 5, 1), true, D(2018, 12, 31), 200, true),
    };
    char *comps[] = {S("coach")};
    char *declared_names[] = {S("coach"), S("walkers")};
    struct name_set declared = {declared_names, 2, 7};
    struct outcome o = incidents_outcome();
    struct package p;
    package_find(rows, 3, comps, 1, &declared, &o, "level_change", &p);
    assert_true(p.declared);
    assert_int_equal(p.n, 2);
    assert_string_equal(p.names[1], "walkers");
    /* police changed in the window but is not declared: listed as such */
    assert_int_equal(p.n_undeclared, 1);
    assert_string_equal(p.undeclared[0], "police");
    assert_false(p.separated);
    package_release(&p);
}

static void intermittent_contrast_absorbs_the_rest(void **state)
{
    (void)state;
    struct intervention_cost rows[] = {
        row("holidays", "centrum", D(2018, 5, 1), false, D(0, 0, 0), 600000, false),
        row("police", "centrum", D(2018, 6, 1), false, D(0, 0, 0), NAN, false),
    };
    char *comps[] = {S("holidays")};
    struct name_set none = {NULL, 0, 0};
    struct outcome o = incidents_outcome();
    o.kind = OUTCOME_INTERMITTENT;
    struct package p;
    package_find(rows, 2, comps, 1, &none, &o, "rate_ratio", &p);
    assert_int_equal(p.n, 1);
    assert_true(p.separated);
    package_release(&p);
    /* the same measures on an ordinary incident outcome: a package */
    o.kind = OUTCOME_INCIDENTS;
    package_find(rows, 2, comps, 1, &none, &o, "rate_ratio", &p);
    assert_int_equal(p.n, 2);
    assert_false(p.separated);
    package_release(&p);
}

static void survey_window_from_wave_years(void **state)
{
    (void)state;
    struct intervention_cost rows[] = {
        row("coach", "centrum", D(2018, 9, 1), true, D(2019, 12, 31), 1000, true),
        row("later", "centrum", D(2021, 3, 1), false, D(0, 0, 0), 1, false),
        row("during", "centrum", D(2019, 3, 1), false, D(0, 0, 0), 1, false),
    };
    char *before[] = {S("2016"), S("2017"), S("2018")}, *after[] = {S("2019"), S("2020")};
    struct outcome o;
    memset(&o, 0, sizeof(o));
    o.kind = OUTCOME_SURVEY;
    o.area = (struct name_set){target_names, 1, 3};
    o.before = (struct name_list){before, 3, 5};
    o.after = (struct name_list){after, 2, 6};
    char *comps[] = {S("coach")};
    struct name_set none = {NULL, 0, 0};
    struct package p;
    package_find(rows, 3, comps, 1, &none, &o, "difference", &p);
    /* 2016-01-01 .. 2020-12-31: "during" is in, "later" (2021) is not */
    assert_int_equal(p.n, 2);
    assert_string_equal(p.names[1], "during");
    assert_int_equal(p.from.year, 2016);
    assert_int_equal(p.to.year, 2020);
    package_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cost_period_vs_yearly),
        cmocka_unit_test(design_level_of_the_term),
        cmocka_unit_test(package_found_from_the_table),
        cmocka_unit_test(separated_by_the_comparison_area),
        cmocka_unit_test(declared_package),
        cmocka_unit_test(intermittent_contrast_absorbs_the_rest),
        cmocka_unit_test(survey_window_from_wave_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
