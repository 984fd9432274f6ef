/*
 * Unit tests for src/lib/eval/survey_groups: groups of one design and the difference
 * between two of them, on a small hand-built survey against R's survey package
 * (tests/r/ref_compare.R, cases unit.*): two strata, six PSUs that hold rows of both
 * groups (so the groups' estimates are correlated), weights from 0.002 to 4000, a group
 * of one respondent; and, without R, a difference with no variation (SE 0) and a
 * stratum with a single PSU (refused, the stratum named as the data write it).
 */
#include <math.h>
#include <string.h>

#include "eval/survey_boot.h"
#include "eval/survey_groups.h"
#include "eval/survey_keycells.h"
#include "testutil.h"

static const char REF[] = "tests/r/values/compare.csv";

#define N 12
static double Y[N] = {1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1};
static double W[N] = {0.002, 3, 4000, 2, 5, 1, 7, 2.5, 1, 3, 9, 4};
static int32_t H[N] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2};
static size_t PSU[N] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
/* A = 0, B = 1, C = 2 (one respondent), none = -1 */
static int32_t G[N] = {0, 1, 0, 1, 0, -1, 1, 0, 1, 0, 1, 2};

struct fixture {
    struct survey_data d;
    struct survey_design_index x;
    struct survey_wave wave;
    size_t begin, end, strata[N], psu[N];
    int32_t wave_of[N], version[N];
    int32_t unit_id[2];
    char *unit_label[2];
    bool used;
};

static void build(struct fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->wave = (struct survey_wave){1, (char *)"2019", 2019};
    f->begin = 0;
    f->end = N;
    f->used = true;
    f->unit_id[0] = 1;
    f->unit_id[1] = 2;
    f->unit_label[0] = (char *)"Norr";
    f->unit_label[1] = (char *)"Söder";
    for (size_t i = 0; i < N; i++) {
        f->strata[i] = (size_t)H[i] - 1;
        f->psu[i] = PSU[i];
    }
    struct survey_data *d = &f->d;
    d->survey = (char *)"unit";
    d->waves = &f->wave;
    d->n_waves = 1;
    d->n = N;
    d->wave = f->wave_of;
    d->version = f->version;
    d->weight = W;
    d->stratum = H;
    d->has_strata = d->has_clusters = true;
    d->wave_begin = &f->begin;
    d->wave_end = &f->end;
    d->stratum_unit_id = f->unit_id;
    d->stratum_unit_label = f->unit_label;
    d->n_stratum_units = 2;
    f->x = (struct survey_design_index){.stratum = f->strata, .psu = f->psu, .clustered = true};
}

static void against_r(void **state)
{
    (void)state;
    struct fixture f;
    build(&f);
    struct survey_groups g = {&f.d, &f.x, &f.used, Y, G, 3};
    struct svy_estimate est[3];
    assert_int_equal(survey_groups_estimate(&g, 0.95, est), 0);
    const char *names[3] = {"unit.A", "unit.B", "unit.C"};
    for (size_t k = 0; k < 3; k++) {
        assert_close_abs(est[k].mean.estimate, ref_get(REF, names[k], "estimate"), 1e-6, 1e-12);
        assert_close_abs(est[k].mean.std_error, ref_get(REF, names[k], "std_error"), 1e-6, 1e-12);
    }
    assert_close(est[2].n_valid, 1, 0);
    static const struct {
        size_t a, b;
        const char *ref;
    } pairs[] = {{0, 1, "unit.A|B"}, {0, 2, "unit.A|C"}, {2, 1, "unit.C|B"}};
    for (size_t k = 0; k < 3; k++) {
        struct stat_result r = survey_groups_diff(&g, est, pairs[k].a, pairs[k].b, 0.95);
        assert_true(stat_ok(&r));
        assert_close(r.estimate, ref_get(REF, pairs[k].ref, "estimate"), 1e-6);
        assert_close(r.std_error, ref_get(REF, pairs[k].ref, "std_error"), 1e-6);
        /* svyttest: t on the design's degrees of freedom */
        assert_close(r.df, ref_get(REF, pairs[k].ref, "df"), 0);
        assert_close(r.statistic, ref_get(REF, pairs[k].ref, "statistic"), 1e-6);
        assert_close(r.p_value, ref_get(REF, pairs[k].ref, "p_value"), 1e-6);
        /* the interval on the same t quantile (confint(svyglm), level 0.90) */
        struct stat_result r90 = survey_groups_diff(&g, est, pairs[k].a, pairs[k].b, 0.90);
        assert_close(r90.conf_low, ref_get(REF, pairs[k].ref, "conf_low90"), 1e-6);
        assert_close(r90.conf_high, ref_get(REF, pairs[k].ref, "conf_high90"), 1e-6);
        assert_close(r90.p_value, r.p_value, 0);
    }
    /* the covariance matters: A and B share PSUs, so the contrast's SE is not
     * sqrt(se_A² + se_B²) */
    struct stat_result ab = survey_groups_diff(&g, est, 0, 1, 0.95);
    double indep = sqrt(est[0].mean.std_error * est[0].mean.std_error +
                        est[1].mean.std_error * est[1].mean.std_error);
    assert_true(fabs(ab.std_error - indep) > 1e-6 * indep);
}

/* Two groups whose answers lie in three PSUs of two strata: svyttest's df is 0 and R's
 * p and interval are NaN; trygg keeps the estimate and SE and says why there is no test. */
static void no_degrees_of_freedom(void **state)
{
    (void)state;
    struct fixture f;
    build(&f);
    int32_t g2[N];
    for (size_t i = 0; i < N; i++)
        g2[i] = PSU[i] <= 1 ? 0 : PSU[i] == 3 ? 1 : -1;
    struct survey_groups g = {&f.d, &f.x, &f.used, Y, g2, 2};
    struct svy_estimate est[2];
    assert_int_equal(survey_groups_estimate(&g, 0.95, est), 0);
    assert_close(survey_groups_df(&g, 0, 1), 0, 0);
    struct stat_result r = survey_groups_diff(&g, est, 0, 1, 0.95);
    assert_int_equal(r.status, STAT_NOT_ESTIMABLE);
    assert_close(r.estimate, ref_get(REF, "unit.D|E", "estimate"), 1e-6);
    assert_close(r.std_error, ref_get(REF, "unit.D|E", "std_error"), 1e-6);
    assert_true(isnan(ref_get(REF, "unit.D|E", "p_value")));
    assert_true(isnan(r.p_value) && isnan(r.conf_low) && isnan(r.conf_high));
    assert_int_equal(r.why.code, STAT_R_COMPARE_DF_TOO_FEW);
    assert_close(r.why.num[0], 0, 0);
    /* without clusters each respondent is a PSU: 4 + 2 respondents in 2 strata */
    f.x.psu = NULL;
    f.x.clustered = false;
    assert_close(survey_groups_df(&g, 0, 1), 6 - 2 - 1, 0);
}

static void no_variation(void **state)
{
    (void)state;
    struct fixture f;
    build(&f);
    double ones[N];
    for (size_t i = 0; i < N; i++)
        ones[i] = 1;
    struct survey_groups g = {&f.d, &f.x, &f.used, ones, G, 3};
    struct svy_estimate est[3];
    assert_int_equal(survey_groups_estimate(&g, 0.95, est), 0);
    struct stat_result r = survey_groups_diff(&g, est, 0, 1, 0.95);
    assert_true(stat_ok(&r));
    assert_true(r.estimate == 0 && r.std_error == 0);
    assert_true(isnan(r.p_value));
    assert_non_null(strstr(why_en(&r.why), "no variation"));
}

static void empty_group(void **state)
{
    (void)state;
    struct fixture f;
    build(&f);
    struct survey_groups g = {&f.d, &f.x, &f.used, Y, G, 4}; /* group 3: nobody */
    struct svy_estimate est[4];
    survey_groups_estimate(&g, 0.95, est);
    assert_close(est[3].n_valid, 0, 0);
    assert_false(stat_ok(&est[3].mean));
    assert_non_null(strstr(why_en(&est[3].mean.why), "empty"));
    struct stat_result r = survey_groups_diff(&g, est, 0, 3, 0.95);
    assert_false(stat_ok(&r));
    assert_true(isnan(r.estimate));
}

static void single_psu(void **state)
{
    (void)state;
    struct fixture f;
    build(&f);
    for (size_t i = 6; i < N; i++)
        f.psu[i] = 3; /* stratum 2 ("Söder") has one PSU */
    struct survey_groups g = {&f.d, &f.x, &f.used, Y, G, 3};
    struct svy_estimate est[3];
    survey_groups_estimate(&g, 0.95, est);
    assert_int_equal(est[1].mean.status, STAT_SINGLE_PSU);
    assert_non_null(strstr(why_en(&est[1].mean.why), "stratum 'Söder'"));
    assert_non_null(strstr(why_en(&est[1].mean.why), "2019"));
    struct stat_result r = survey_groups_diff(&g, est, 0, 1, 0.95);
    assert_int_equal(r.status, STAT_SINGLE_PSU);
}

/* Cliff's delta of A against B with the design bootstrap (tests/r/ref_compare_boot.R,
 * cases unit_psu and unit_rows): the PSUs resampled within their strata, and without
 * clusters the respondents within theirs, everyone else's units drawn too.  Delta and
 * the acceleration (the jackknife) are deterministic and equal R's; the SE and the
 * ends are Monte-Carlo quantities (R's generator is not trygg's): the SE within 4 %
 * (its Monte-Carlo error with 10,000 and 20,000 replicates is under 1 %). */
static const char BREF[] = "tests/r/values/compare_boot.csv";
static double S[N] = {4, 1, 3, 2, 2, NAN, 1, 3, 2, 4, 1, 2};

static void cliff_bootstrap(void **state)
{
    (void)state;
    struct fixture f;
    build(&f);
    const char *cases[] = {"unit_psu", "unit_rows"};
    for (int k = 0; k < 2; k++) {
        if (k == 1) {
            f.x.psu = NULL;
            f.x.clustered = false;
        }
        struct survey_cliff_pair p = {&f.d, &f.x, &f.used, G, S, 0, 1, SIZE_MAX};
        struct boot_options bo = {10000, 7, 0.95};
        struct boot_result br;
        survey_cliff_boot(&p, &bo, &br);
        assert_close(br.t0, ref_get(BREF, cases[k], "estimate"), 1e-12);
        assert_close(br.accel, ref_get(BREF, cases[k], "a"), 1e-9);
        assert_true(stat_ok(&br.perc));
        assert_close(br.perc.std_error, ref_get(BREF, cases[k], "se"), 0.04);
        /* the same seed, the same bytes; another seed, other replicates */
        struct boot_result again;
        survey_cliff_boot(&p, &bo, &again);
        assert_true(again.perc.std_error == br.perc.std_error &&
                    again.perc.conf_low == br.perc.conf_low);
        bo.seed = 8;
        survey_cliff_boot(&p, &bo, &again);
        assert_true(again.perc.std_error != br.perc.std_error);
    }
    /* from answer-code cells (a cell per group and scale answer within a PSU, the
     * groups and answers per cell): the same table, so the same bytes */
    {
        build(&f);
        /* two PSUs whose respondents share group and answer */
        int32_t G2[N] = {0, 0, 0, 1, 0, -1, 1, 1, 1, 0, 0, 1};
        double S2[N] = {4, 4, 3, 2, 2, NAN, 1, 1, 2, 4, 1, 2};
        int16_t code[N];
        int32_t area[N] = {0};
        for (size_t i = 0; i < N; i++) /* group and scale answer in one code */
            code[i] = (int16_t)(isnan(S2[i]) ? 99 : (G2[i] + 1) * 10 + (int)S2[i]);
        int16_t *codes[1] = {code};
        f.d.codes = codes;
        f.d.n_vars = 1;
        f.d.area = area;
        f.d.design = f.x;
        f.d.design_built = true;
        struct boot_options bo = {2000, 7, 0.95};
        struct boot_result rows, cells;
        struct survey_cliff_pair p = {&f.d, &f.x, &f.used, G2, S2, 0, 1, SIZE_MAX};
        survey_cliff_boot(&p, &bo, &rows);
        const struct survey_keycells *kc = survey_keycells(&f.d, 0, 0);
        assert_non_null(kc);
        assert_true(kc->n < N); /* some cells hold two respondents */
        int32_t cg[N];
        double cs[N];
        for (size_t j = 0; j < kc->n; j++) {
            cg[j] = G2[kc->cell[j].first];
            cs[j] = S2[kc->cell[j].first];
        }
        struct survey_cliff_pair pc = {&f.d, &f.x, &f.used, cg, cs, 0, 1, 0};
        survey_cliff_boot(&pc, &bo, &cells);
        assert_true(stat_ok(&rows.perc));
        assert_true(rows.t0 == cells.t0 && rows.accel == cells.accel);
        assert_true(rows.perc.std_error == cells.perc.std_error &&
                    rows.perc.conf_low == cells.perc.conf_low &&
                    rows.bca.conf_high == cells.bca.conf_high);
        survey_keycells_release(&f.d);
    }
    build(&f);
    /* every answer the same: no resampling, and says why */
    double same[N];
    for (size_t i = 0; i < N; i++)
        same[i] = 2;
    struct survey_cliff_pair p = {&f.d, &f.x, &f.used, G, same, 0, 1, SIZE_MAX};
    struct boot_options bo = {1000, 7, 0.95};
    struct boot_result br;
    survey_cliff_boot(&p, &bo, &br);
    assert_false(stat_ok(&br.perc) || stat_ok(&br.bca));
    assert_int_equal(br.perc.why.code, STAT_R_COMPARE_BOOT_SAME);
    /* an empty group: nothing to resample */
    struct survey_cliff_pair e = {&f.d, &f.x, &f.used, G, S, 0, 3, SIZE_MAX};
    survey_cliff_boot(&e, &bo, &br);
    assert_false(stat_ok(&br.perc));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(against_r),
        cmocka_unit_test(no_degrees_of_freedom),
        cmocka_unit_test(no_variation),
        cmocka_unit_test(empty_group),
        cmocka_unit_test(single_psu),
        cmocka_unit_test(cliff_bootstrap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
