/*
 * Unit tests for src/lib/stats/survey against R's survey package
 * (tests/r/ref_survey_stats.R): svymean / svyby with deff, svyciprop(method = "logit"),
 * degf, lonely PSUs, normalised weights, and the one-pass accumulator API.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/stats.h"
#include "eval/reason.h"
#include "stats/survey.h"

#define REF "tests/r/values/survey_stats.csv"
#define REF_CONTRAST "tests/r/values/survey_contrast.csv" /* tests/r/ref_survey_contrast.R */

static struct td_table *data;

static int setup(void **state)
{
    (void)state;
    stats_init();
    data = td_load("tests/data/stats/survey.csv");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    td_free(data);
    return 0;
}

struct loaded {
    size_t n, *stratum, *psu, *domain;
    double *y, *w;
    struct svy_design d;
    size_t k;
};

static size_t *to_index(const double *v, size_t n)
{
    size_t *o = malloc((n + 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        o[i] = isnan(v[i]) ? SVY_NONE : (size_t)v[i] - 1;
    return o;
}

static void load(const char *c, struct loaded *L)
{
    double *st, *psu, *dom;
    L->n = td_col(data, c, NULL, 0, "y", &L->y);
    td_col(data, c, NULL, 0, "w", &L->w);
    td_col(data, c, NULL, 0, "stratum", &st);
    td_col(data, c, NULL, 0, "psu", &psu);
    td_col(data, c, NULL, 0, "domain", &dom);
    L->stratum = to_index(st, L->n);
    L->psu = to_index(psu, L->n);
    L->domain = to_index(dom, L->n);
    free(st);
    free(psu);
    free(dom);
    L->d = (struct svy_design){L->n, L->y, L->w,
                               ref_get(REF, c, "has_strata") ? L->stratum : NULL,
                               ref_get(REF, c, "clustered") ? L->psu : NULL, NULL};
    L->k = (size_t)ref_get(REF, c, "n_domains");
}

static void unload(struct loaded *L)
{
    free(L->y);
    free(L->w);
    free(L->stratum);
    free(L->psu);
    free(L->domain);
}

static void check(const char *c, const char *pre, const struct svy_estimate *e)
{
    char key[64];
#define K(s) (snprintf(key, sizeof(key), "%s_%s", pre, s), key)
    if (ref_has(REF, c, K("lonely"))) {
        assert_int_equal(e->mean.status, STAT_SINGLE_PSU);
        assert_non_null(strstr(why_en(&e->mean.why), "only one sampling unit"));
        assert_int_equal(e->prop.status, STAT_SINGLE_PSU);
        return;
    }
    assert_int_equal(e->mean.status, STAT_OK);
    assert_close(e->n_valid, ref_get(REF, c, K("n_valid")), 0);
    assert_close(e->n_missing, ref_get(REF, c, K("n_missing")), 0);
    assert_close(e->mean.estimate, ref_get(REF, c, K("mean")), TOL_CLOSED);
    assert_close_abs(e->mean.std_error, ref_get(REF, c, K("se")), TOL_CLOSED, 1e-15);
    assert_close(e->mean.conf_low, ref_get(REF, c, K("lo")), TOL_CLOSED);
    assert_close(e->mean.conf_high, ref_get(REF, c, K("hi")), TOL_CLOSED);
    assert_close(e->df, ref_get(REF, c, K("df")), 0);
    double deff = ref_get(REF, c, K("deff"));
    if (isfinite(deff)) {
        assert_int_equal(e->deff.status, STAT_OK);
        assert_close(e->deff.estimate, deff, TOL_CLOSED);
        assert_close(e->n_eff, e->n_valid / deff, TOL_CLOSED);
    } else {
        assert_int_equal(e->deff.status, STAT_NOT_ESTIMABLE);
        assert_true(why_en(&e->deff.why)[0] != '\0');
    }
    assert_close(e->deff_replace, ref_get(REF, c, K("deff_replace")), TOL_CLOSED);
    if (ref_has(REF, c, K("ci_lo"))) {
        /* svyciprop fits a GLM in R: TOL_ITER by the contract; in practice ~1e-11 */
        assert_int_equal(e->prop.status, STAT_OK);
        assert_close(e->prop.conf_low, ref_get(REF, c, K("ci_lo")), TOL_CLOSED);
        assert_close(e->prop.conf_high, ref_get(REF, c, K("ci_hi")), TOL_CLOSED);
        assert_close(e->prop.df, e->df, 0);
    } else {
        assert_int_equal(e->prop.status, STAT_NOT_ESTIMABLE);
        assert_true(why_en(&e->prop.why)[0] != '\0');
    }
#undef K
}

static void svyby_matches_r(void **state)
{
    (void)state;
    const char *cases[] = {"s_srs",   "s_strat", "s_clus",  "s_clus_nost", "s_normw",
                           "s_lonely", "s_const", "s_shift", "s_shift1",    "s_tiny"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        struct loaded L;
        load(c, &L);
        struct svy_estimate all, *dom = malloc(L.k * sizeof(*dom));
        assert_int_equal(svy_by(&L.d, NULL, 1, 0.95, &all), 0);
        check(c, "all", &all);
        assert_int_equal(svy_by(&L.d, L.domain, L.k, 0.95, dom), 0);
        for (size_t k = 0; k < L.k; k++) {
            char pre[32];
            snprintf(pre, sizeof(pre), "d%zu", k + 1);
            check(c, pre, &dom[k]);
        }
        free(dom);
        unload(&L);
    }
}

/* The streaming API with every row in two domains (its group and the whole sample)
 * gives the same numbers as separate svy_by calls. */
static void one_pass_several_domains(void **state)
{
    (void)state;
    const char *cases[] = {"s_clus", "s_strat", "s_shift1"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct loaded L;
        load(cases[i], &L);
        struct svy_acc *a = svy_acc_new(L.k + 1, L.d.stratum != NULL, L.d.psu != NULL);
        for (size_t r = 0; r < L.n; r++) {
            size_t doms[2] = {L.domain[r], L.k};
            assert_int_equal(svy_acc_add(a, L.y[r], L.w[r], L.stratum[r], L.psu[r], doms, 2), 0);
        }
        struct svy_estimate e;
        svy_acc_estimate(a, L.k, 0.95, &e);
        check(cases[i], "all", &e);
        for (size_t k = 0; k < L.k; k++) {
            char pre[32];
            snprintf(pre, sizeof(pre), "d%zu", k + 1);
            svy_acc_estimate(a, k, 0.95, &e);
            check(cases[i], pre, &e);
        }
        svy_acc_free(a);
        unload(&L);
    }
}

static void survey_degenerate(void **state)
{
    (void)state;
    double y[] = {1, 0, NAN}, w[] = {2, 3, 4}, wbad[] = {2, -1, 4};
    size_t dom[] = {0, 0, 1};
    struct svy_design d = {3, y, w, NULL, NULL, NULL};
    struct svy_estimate e[3];
    assert_int_equal(svy_by(&d, dom, 3, 0.95, e), 0);
    assert_int_equal(e[1].mean.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&e[1].mean.why), "left the question unanswered"));
    assert_int_equal(e[2].mean.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&e[2].mean.why), "no respondents"));
    d.w = wbad;
    assert_int_equal(svy_by(&d, dom, 3, 0.95, e), -1);
    assert_int_equal(e[0].mean.status, STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&e[0].mean.why), "row 2 has weight \xe2\x88\x92" "1"));
    /* a PSU in two strata */
    size_t st[] = {0, 1, 1}, psu[] = {0, 0, 1};
    struct svy_design d2 = {3, y, w, st, psu, NULL};
    assert_int_equal(svy_by(&d2, NULL, 1, 0.95, e), -1);
    assert_non_null(strstr(why_en(&e[0].mean.why), "within one stratum"));
    /* a domain index out of range */
    size_t bad_dom[] = {0, 7, 0};
    assert_int_equal(svy_by(&d, bad_dom, 1, 0.95, e), -1);
    /* one respondent: a mean, no deff */
    double y1[] = {3}, w1[] = {5};
    struct svy_design d3 = {1, y1, w1, NULL, NULL, NULL};
    svy_by(&d3, NULL, 1, 0.95, e); /* R: "Stratum (1) has only one PSU" */
    assert_int_equal(e[0].mean.status, STAT_SINGLE_PSU);
    assert_non_null(strstr(why_en(&e[0].mean.why), "only one sampling unit (one respondent)"));
    assert_int_equal(e[0].deff.status, STAT_SINGLE_PSU);
    /* all answers 1: proportion 100% without an interval */
    double y2[] = {1, 1, 1, 1};
    double w2[] = {1, 2, 3, 4};
    struct svy_design d4 = {4, y2, w2, NULL, NULL, NULL};
    svy_by(&d4, NULL, 1, 0.95, e);
    assert_true(e[0].mean.std_error == 0);
    assert_int_equal(e[0].prop.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&e[0].prop.why), "everyone"));
    assert_true(e[0].prop.estimate == 1);
    /* the SE is defined (0, as svymean), only the logit interval is not */
    assert_true(e[0].prop.std_error == 0);
    assert_close(e[0].prop.df, 3, 1e-12);
    assert_true(isnan(e[0].prop.conf_low) && isnan(e[0].prop.conf_high));
    assert_non_null(strstr(why_en(&e[0].prop.why), "the standard error is 0"));
    assert_int_equal(e[0].deff.status, STAT_NOT_ESTIMABLE);
    /* a domain where nobody answered yes, in a stratified cluster design: R's
     * svyby(~y, ~g, svydesign(ids = ~cl, strata = ~st, weights = ~w, nest = TRUE),
     * svymean) gives 0 with SE 0; svyciprop gives the interval (0, NaN); degf = 1 */
    double y6[] = {0, 0, 0, 1, 0, 1, 1, 0}, w6[] = {1, 2, 3, 1, 2, 3, 4, 5};
    size_t g6[] = {0, 0, 0, 1, 1, 1, 1, 1}, st6[] = {0, 0, 1, 1, 0, 0, 1, 1},
           cl6[] = {0, 1, 2, 3, 0, 1, 2, 3};
    struct svy_design d6 = {8, y6, w6, st6, cl6, NULL};
    assert_int_equal(svy_by(&d6, g6, 2, 0.95, e), 0);
    assert_true(e[0].prop.estimate == 0 && e[0].prop.std_error == 0);
    assert_close(e[0].prop.df, 1, 1e-12);
    assert_non_null(strstr(why_en(&e[0].prop.why), "nobody"));
    assert_non_null(strstr(why_en(&e[0].prop.why), "standard error is 0"));
    assert_int_equal(e[1].prop.status, STAT_OK);
    assert_close(e[1].prop.std_error, 0.3170855, 1e-6);
    /* weights that sum to n exactly: R's deff is Inf, here a message */
    double y5[] = {1, 0, 1, 0}, w5[] = {1, 1, 1, 1};
    struct svy_design d5 = {4, y5, w5, NULL, NULL, NULL};
    svy_by(&d5, NULL, 1, 0.95, e);
    assert_int_equal(e[0].deff.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&e[0].deff.why), "population weights"));
    assert_close(e[0].deff_replace, 1, 1e-12);
}

/* The namer of the caller's strata: index 1 is the user's "Norr" (in wave 2019); the
 * namer writes names, no words (svy_stratum_namer). */
static bool test_namer(const void *ctx, size_t h, char *buf, size_t size)
{
    const char *const *names = ctx;
    snprintf(buf, size, "'%s'\x1f" "2019", names[h]);
    return true;
}

static bool wave_namer(const void *ctx, size_t h, char *buf, size_t size)
{
    (void)ctx;
    snprintf(buf, size, "%zu", 2017 + h);
    return false;
}

static void single_psu_named(void **state)
{
    (void)state;
    /* stratum 1 has one respondent */
    double y[] = {1, 0, 1, 1, 0};
    size_t st[] = {0, 0, 0, 1, 0};
    size_t dom[] = {0, 0, 0, 0, 0};
    static const char *const names[] = {"Syd", "Norr"};
    struct svy_acc *a = svy_acc_new(1, true, false);
    svy_acc_name_strata(a, test_namer, names);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(svy_acc_add(a, y[i], 1 + (double)i, st[i], SVY_NONE, &dom[i], 1), 0);
    struct svy_estimate e;
    svy_acc_estimate(a, 0, 0.95, &e);
    assert_int_equal(e.mean.status, STAT_SINGLE_PSU);
    assert_non_null(strstr(why_en(&e.mean.why),
                           "stratum 'Norr' in wave 2019 has only one sampling unit"));
    assert_null(strstr(why_en(&e.mean.why), "stratum 1"));
    assert_non_null(strstr(reason_text("sv", &e.mean.why),
                           "stratum 'Norr' i omgång 2019 har bara en urvalsenhet"));
    /* a namer that says the index is not a stratum (an unstratified wave) */
    svy_acc_name_strata(a, wave_namer, NULL);
    svy_acc_estimate(a, 0, 0.95, &e);
    assert_non_null(strstr(why_en(&e.mean.why), "wave 2018 is only one sampling unit (one respondent)"));
    /* without a namer: the index, as before */
    svy_acc_name_strata(a, NULL, NULL);
    svy_acc_estimate(a, 0, 0.95, &e);
    assert_non_null(strstr(why_en(&e.mean.why), "stratum 1 has only one sampling unit"));
    svy_acc_free(a);
}

static void wave_difference(void **state)
{
    (void)state;
    struct stat_result a, b;
    stat_result_init(&a);
    stat_result_init(&b);
    a.estimate = 0.3412;
    a.std_error = 0.0151;
    b.estimate = 0.2980;
    b.std_error = 0.0143;
    struct stat_result r = svy_diff(&a, &b, 0.95);
    assert_close(r.estimate, ref_get(REF, "wave_diff", "diff"), TOL_CLOSED);
    assert_close(r.std_error, ref_get(REF, "wave_diff", "se"), TOL_CLOSED);
    assert_close(r.conf_low, ref_get(REF, "wave_diff", "lo"), TOL_CLOSED);
    assert_close(r.conf_high, ref_get(REF, "wave_diff", "hi"), TOL_CLOSED);
    assert_close(r.statistic, ref_get(REF, "wave_diff", "z"), TOL_CLOSED);
    assert_close(r.p_value, ref_get(REF, "wave_diff", "p"), TOL_CLOSED);
    b.estimate = NAN;
    stat_result_note(&b, STAT_R_SVY_EMPTY);
    r = svy_diff(&a, &b, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_non_null(strstr(why_en(&r.why), "before estimate is missing"));
    assert_int_equal(r.why.code, STAT_R_SVY_DIFF_MISSING);
}

/* Contrasts from the accumulator's cells (svy_acc_contrast) against R's svycontrast on
 * svyby(covmat = TRUE): without strata, stratified, clustered, shifted values, a
 * constant domain, a lonely PSU; and refused when a row lies in two of its domains. */
static void contrast_from_cells(void **state)
{
    (void)state;
    const char *cases[] = {"s_srs",  "s_strat", "s_clus",  "s_clus_nost", "s_normw",
                           "s_lonely", "s_const", "s_shift", "s_shift1"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        struct loaded L;
        load(c, &L);
        /* every row in its domain and in the whole sample (domain L.k) */
        struct svy_acc *a = svy_acc_new(L.k + 1, L.d.stratum != NULL, L.d.psu != NULL);
        for (size_t r = 0; r < L.n; r++) {
            size_t doms[2] = {L.domain[r], L.k};
            assert_int_equal(svy_acc_add(a, L.y[r], L.w[r], L.stratum[r], L.psu[r], doms, 2), 0);
        }
        double mean[8] = {0};
        for (size_t k = 0; k <= L.k; k++) {
            struct svy_estimate e;
            svy_acc_estimate(a, k, 0.95, &e);
            mean[k] = e.mean.estimate;
        }
        const char *names[2] = {"diff", "curve"};
        const double coefs[2][8] = {{-1, 1}, {1, -2, 1}};
        for (int t = 0; t < 2; t++) {
            char key[32];
            snprintf(key, sizeof(key), "%s_se", names[t]);
            bool lonely = ref_has(REF_CONTRAST, c, "lonely");
            if (!lonely && !ref_has(REF_CONTRAST, c, key))
                continue;
            double se, est = 0;
            enum stat_status st;
            struct stat_why why;
            assert_int_equal(svy_acc_contrast(a, coefs[t], mean, &se, &st, &why), 1);
            if (lonely) {
                assert_int_equal(st, STAT_SINGLE_PSU);
                assert_non_null(strstr(why_en(&why), "only one sampling unit"));
                break;
            }
            assert_int_equal(st, STAT_OK);
            for (size_t k = 0; k < L.k; k++)
                est += coefs[t][k] * mean[k];
            snprintf(key, sizeof(key), "%s_est", names[t]);
            /* s_shift's means are near 10^6: R's Σwy/Σw rounds them at ~1e-10 */
            assert_close(est, ref_get(REF_CONTRAST, c, key), 1e-8);
            snprintf(key, sizeof(key), "%s_se", names[t]);
            assert_close(se, ref_get(REF_CONTRAST, c, key), 1e-9);
        }
        /* a domain and the whole sample share rows: the cells cannot give it */
        double overlap[8] = {0};
        overlap[0] = 1;
        overlap[L.k] = -1;
        double se;
        enum stat_status st;
        struct stat_why why;
        assert_int_equal(svy_acc_contrast(a, overlap, mean, &se, &st, &why), 0);
        svy_acc_free(a);
        unload(&L);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(svyby_matches_r),
        cmocka_unit_test(one_pass_several_domains),
        cmocka_unit_test(survey_degenerate),
        cmocka_unit_test(wave_difference),
        cmocka_unit_test(single_psu_named),
        cmocka_unit_test(contrast_from_cells),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
