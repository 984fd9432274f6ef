/*
 * Unit tests for the finite population correction of src/lib/stats/survey
 * (svy_acc_set_population, svy_design.fpc) against R's survey package
 * (tests/r/ref_survey_fpc.R): svydesign(..., fpc = ~N) with strata, clusters, weights
 * derived from the fpc, a census stratum with one PSU, every stratum a census (SE 0),
 * a population smaller than the sample, and a huge population.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/stats.h"
#include "stats/survey.h"

#define REF "tests/r/values/survey_fpc.csv"

static struct td_table *data;

static int setup(void **state)
{
    (void)state;
    stats_init();
    data = td_load("tests/data/stats/survey_fpc.csv");
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
    double *y, *w, *N;
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
    td_col(data, c, NULL, 0, "N", &L->N);
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
                               ref_get(REF, c, "clustered") ? L->psu : NULL, L->N};
    L->k = (size_t)ref_get(REF, c, "n_domains");
}

static void unload(struct loaded *L)
{
    free(L->y);
    free(L->w);
    free(L->N);
    free(L->stratum);
    free(L->psu);
    free(L->domain);
}

static void check(const char *c, const char *pre, const struct svy_estimate *e)
{
    char key[64];
#define K(s) (snprintf(key, sizeof(key), "%s_%s", pre, s), key)
    assert_int_equal(e->mean.status, STAT_OK);
    assert_close(e->n_valid, ref_get(REF, c, K("n_valid")), 0);
    assert_close(e->mean.estimate, ref_get(REF, c, K("mean")), TOL_CLOSED);
    assert_close_abs(e->mean.std_error, ref_get(REF, c, K("se")), TOL_CLOSED, 1e-15);
    assert_close(e->mean.conf_low, ref_get(REF, c, K("lo")), TOL_CLOSED);
    assert_close(e->mean.conf_high, ref_get(REF, c, K("hi")), TOL_CLOSED);
    assert_close(e->df, ref_get(REF, c, K("df")), 0);
    double deff = ref_get(REF, c, K("deff"));
    if (isfinite(deff) && deff > 0) {
        assert_int_equal(e->deff.status, STAT_OK);
        assert_close(e->deff.estimate, deff, TOL_CLOSED);
    }
    if (ref_has(REF, c, K("ci_lo"))) {
        assert_int_equal(e->prop.status, STAT_OK);
        assert_close(e->prop.conf_low, ref_get(REF, c, K("ci_lo")), TOL_CLOSED);
        assert_close(e->prop.conf_high, ref_get(REF, c, K("ci_hi")), TOL_CLOSED);
    }
#undef K
}

static const char *const cases[] = {"f_strat", "f_strat_noweight", "f_srs",  "f_clus",
                                    "f_census", "f_full",           "f_large"};

static void fpc_matches_r(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *c = cases[i];
        struct loaded L;
        load(c, &L);
        struct svy_estimate all, *dom = malloc(L.k * sizeof(*dom));
        assert_int_equal(svy_by(&L.d, NULL, 1, 0.95, &all), 0);
        check(c, "all", &all);
        /* the correction really acts: without it the SE is R's with-replacement SE */
        double se0 = ref_get(REF, c, "all_se_nofpc");
        struct svy_design nofpc = L.d;
        nofpc.fpc = NULL;
        struct svy_estimate e0;
        svy_by(&nofpc, NULL, 1, 0.95, &e0);
        if (isfinite(se0)) {
            assert_close(e0.mean.std_error, se0, TOL_CLOSED);
            if (strcmp(c, "f_large") != 0)
                assert_true(all.mean.std_error < se0 * (1 - 1e-3));
        } else {
            assert_int_equal(e0.mean.status, STAT_SINGLE_PSU); /* census stratum, 1 PSU */
        }
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

/* The one-pass API with the populations declared per stratum (before the rows for
 * some strata, after for others) gives the same numbers. */
static void fpc_one_pass(void **state)
{
    (void)state;
    const char *c = "f_clus";
    struct loaded L;
    load(c, &L);
    struct svy_acc *a = svy_acc_new(L.k + 1, true, true);
    for (size_t r = 0; r < L.n; r++)
        if (L.stratum[r] == 0)
            assert_int_equal(svy_acc_set_population(a, 0, L.N[r]), 0);
    for (size_t r = 0; r < L.n; r++) {
        size_t doms[2] = {L.domain[r], L.k};
        assert_int_equal(svy_acc_add(a, L.y[r], L.w[r], L.stratum[r], L.psu[r], doms, 2), 0);
    }
    for (size_t r = 0; r < L.n; r++)
        if (L.stratum[r] != 0)
            assert_int_equal(svy_acc_set_population(a, L.stratum[r], L.N[r]), 0);
    struct svy_estimate e;
    svy_acc_estimate(a, L.k, 0.95, &e);
    check(c, "all", &e);
    svy_acc_estimate(a, 1, 0.95, &e);
    check(c, "d2", &e);
    svy_acc_free(a);
    unload(&L);
}

static void fpc_refusals(void **state)
{
    (void)state;
    /* a population smaller than the sample: R refuses the design */
    assert_true(ref_get(REF, "f_small", "design_error") == 1);
    struct loaded L;
    load("f_small", &L);
    struct svy_estimate e;
    svy_by(&L.d, NULL, 1, 0.95, &e);
    assert_int_equal(e.mean.status, STAT_INVALID_INPUT);
    assert_non_null(strstr(why_en(&e.mean.why), "smaller than the 3 respondents"));
    assert_true(isnan(e.mean.std_error));
    /* population sizes that differ within a stratum */
    double N2[5] = {2, 3, 3, 10, 10};
    L.d.fpc = N2;
    N2[0] = 4;
    assert_int_equal(svy_by(&L.d, NULL, 1, 0.95, &e), -1);
    assert_non_null(strstr(why_en(&e.mean.why), "same throughout a stratum"));
    /* a population that is not a number of at least 1 */
    struct svy_acc *a = svy_acc_new(1, false, false);
    assert_int_equal(svy_acc_set_population(a, 0, 0.5), -1);
    svy_acc_estimate(a, 0, 0.95, &e);
    assert_int_equal(e.mean.status, STAT_INVALID_INPUT);
    svy_acc_free(a);
    a = svy_acc_new(1, false, false);
    assert_int_equal(svy_acc_set_population(a, 0, NAN), -1);
    svy_acc_free(a);
    /* INFINITY: no correction */
    a = svy_acc_new(1, false, false);
    assert_int_equal(svy_acc_set_population(a, 0, INFINITY), 0);
    const size_t d0 = 0;
    svy_acc_add(a, 1, 1, 0, 0, &d0, 1);
    svy_acc_add(a, 3, 1, 0, 0, &d0, 1);
    svy_acc_estimate(a, 0, 0.95, &e);
    assert_close(e.mean.std_error, 1.0, TOL_CLOSED); /* sqrt(2/1 * ((1-2)^2+(3-2)^2)/4) */
    svy_acc_free(a);
    unload(&L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fpc_matches_r),
        cmocka_unit_test(fpc_one_pass),
        cmocka_unit_test(fpc_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
