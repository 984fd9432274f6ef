/*
 * The survey estimates from answer-code cells (eval/survey_keycells.h) against the
 * same estimates from the rows, on randomized hand-built surveys: several waves, areas,
 * codes with missing answers, strata (some with a single PSU or row: lonely), clusters
 * or not, domains with no rows in some PSUs (areas outside the analysis), a wave with
 * no answers, a domain of one respondent, zero variance, extreme weights.  Per design:
 * every domain estimate and reason of survey_estimate_cells, the contrasts
 * (survey_cells_contrast), and the design-based logit trend.  Also: a bad weight makes
 * the cells unusable (the rows then report it), and a number variable has no cells.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "eval/survey_common.h"
#include "eval/survey_keycells.h"
#include "eval/survey_trend.h"
#include "testutil.h"
#include "util/xalloc.h"

static uint64_t rng;

static double unif(void)
{
    rng = rng * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (double)(rng >> 11) / 9007199254740992.0;
}

static size_t pick(size_t n) { return (size_t)(unif() * (double)n) % n; }

#define NW 3
#define MAXN 600

struct fixture {
    struct survey_data d;
    struct survey_wave waves[NW];
    size_t begin[NW], end[NW];
    int32_t wave[MAXN], version[MAXN], area[MAXN], stratum[MAXN], cluster[MAXN];
    double weight[MAXN];
    int16_t code[MAXN];
    int16_t *codes[1];
    char *var_ids[1];
    bool extreme;
};

static void make(struct fixture *f, int kind)
{
    memset(f, 0, sizeof(*f));
    struct survey_data *d = &f->d;
    static char *labels[NW] = {(char *)"2019", (char *)"2020", (char *)"2021"};
    for (size_t w = 0; w < NW; w++)
        f->waves[w] = (struct survey_wave){(long long)w + 1, labels[w], 2019 + (int)w};
    int wkind = (int)pick(3);
    f->extreme = wkind == 1;
    bool clustered = unif() < 0.5;
    size_t n = 0;
    for (size_t w = 0; w < NW; w++) {
        f->begin[w] = n;
        size_t m = kind % 6 == 0 && w == 1 ? 1 + pick(2) : 1 + pick(MAXN / NW);
        size_t n_strata = 1 + pick(4);
        for (size_t k = 0; k < m; k++, n++) {
            f->wave[n] = (int32_t)w;
            f->version[n] = 0;
            f->area[n] = 1 + (int32_t)pick(4);
            int32_t h = 1 + (int32_t)pick(n_strata);
            f->stratum[n] = h;
            /* stratum 1 has one cluster: lonely when clustered */
            f->cluster[n] = h * 10 + (h == 1 ? 0 : (int32_t)pick(3));
            /* codes 1..4, 9 = "don't know" (missing), no answer */
            double u = unif();
            f->code[n] = u < 0.05 ? CODEBOOK_NO_ANSWER : u < 0.1 ? 9 : (int16_t)(1 + pick(4));
            if (kind % 5 == 0)
                f->code[n] = 2; /* no variation */
            f->weight[n] = wkind == 0   ? 0.5 + 3 * unif()
                           : wkind == 1 ? (unif() < 0.5 ? 1e-5 : 1e5) * (1 + unif())
                                        : 1 + (double)pick(5);
        }
        f->end[w] = n;
    }
    d->survey = (char *)"t";
    d->waves = f->waves;
    d->n_waves = NW;
    d->n = n;
    d->wave = f->wave;
    d->version = f->version;
    d->area = f->area;
    d->weight = f->weight;
    d->stratum = f->stratum;
    d->cluster = f->cluster;
    d->has_strata = true;
    d->has_clusters = clustered;
    f->codes[0] = f->code;
    d->codes = f->codes;
    f->var_ids[0] = (char *)"q";
    d->var_ids = f->var_ids;
    d->n_vars = 1;
    d->wave_begin = f->begin;
    d->wave_end = f->end;
}

static void unmake(struct fixture *f)
{
    survey_keycells_release(&f->d);
    free(f->d.design.stratum);
    free(f->d.design.psu);
}

/* The analysed value: the code on the scale 1..4 (mean) or 3-4 (indicator). */
static double *values(const struct survey_data *d, bool indicator)
{
    double *y = xmalloc(d->n * sizeof(double));
    for (size_t i = 0; i < d->n; i++) {
        int c = d->codes[0][i];
        y[i] = c >= 1 && c <= 4 ? (indicator ? c >= 3 : c) : NAN;
    }
    return y;
}

/* Domains: the wave (areas 1-3; area 4 is outside), and areas 1-2 against area 3 per
 * wave (the target and comparison of a [survey] section). */
struct dctx {
    const struct survey_data *d;
};

static size_t domains(const void *ctx, size_t i, size_t *out)
{
    const struct survey_data *d = ((const struct dctx *)ctx)->d;
    int32_t a = d->area[i];
    if (a == 4)
        return 0;
    size_t w = (size_t)d->wave[i];
    out[0] = w;
    out[1] = NW + 2 * w + (a == 3);
    return 2;
}

static bool in_trend(const void *ctx, size_t i)
{
    const struct survey_data *d = ctx;
    return d->area[i] != 2;
}

static void near(double a, double b, double noise, const char *what, int kind)
{
    if ((isnan(a) && isnan(b)) || a == b)
        return;
    if (fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b)) || fabs(a - b) <= noise)
        return;
    fail_msg("design %d %s: rows %.17g, cells %.17g", kind, what, a, b);
}

static void same(const struct stat_result *a, const struct stat_result *b, double noise,
                 const char *what, int kind)
{
    /* an SE of 0 gets a note ("every answer the same"); an SE at the noise level is 0
     * one way and 1e-8 the other (weights 10^10 apart: the exact SE was ~1e-10) */
    bool tiny = fabs(a->std_error) <= noise && fabs(b->std_error) <= noise;
    if (a->status != b->status || (a->why.code != b->why.code && !tiny))
        fail_msg("design %d %s: status %d/%d, reason %d/%d", kind, what, a->status, b->status,
                 a->why.code, b->why.code);
    near(a->estimate, b->estimate, noise, what, kind);
    near(a->std_error, b->std_error, noise, what, kind);
    near(a->conf_low, b->conf_low, noise, what, kind);
    near(a->conf_high, b->conf_high, noise, what, kind);
    near(a->statistic, b->statistic, noise > 1e-10 ? INFINITY : noise, what, kind);
    near(a->df, b->df, 0, what, kind);
    near(a->n, b->n, 0, what, kind);
}

static void cells_equal_rows(void **state)
{
    (void)state;
    rng = 15;
    bool used[NW] = {true, true, true};
    size_t nd = NW + 2 * NW;
    int cells_used = 0;
    for (int kind = 0; kind < 600; kind++) {
        struct fixture f;
        make(&f, kind);
        struct survey_data *d = &f.d;
        const struct survey_design_index *x = survey_design(d);
        double noise = f.extreme ? 1e-6 : 1e-12;
        for (int ind = 0; ind < 2; ind++) {
            double *y = values(d, ind);
            struct dctx ctx = {d};
            struct survey_domains rows = {.n_domains = nd, .max_per_row = 2, .dom = domains,
                                          .waves = used, .ctx = &ctx, .by_key = true};
            struct survey_domains cells = rows;
            cells.y_by_key = true;
            cells.key_var = 0;
            struct svy_estimate er[NW * 3], ec[NW * 3];
            struct survey_cells *sr = survey_estimate_cells(d, y, x, &rows, 0.95, er);
            struct survey_cells *sc = survey_estimate_cells(d, y, x, &cells, 0.95, ec);
            cells_used += survey_keycells_cover(d, 0, used);
            for (size_t k = 0; k < nd; k++) {
                char what[48];
                snprintf(what, sizeof(what), "domain %zu mean", k);
                same(&er[k].mean, &ec[k].mean, noise, what, kind);
                snprintf(what, sizeof(what), "domain %zu prop", k);
                if (!f.extreme) {
                    same(&er[k].prop, &ec[k].prop, noise, what, kind);
                } else {
                    /* the logit interval divides the SE, noise at these weights, by
                     * p(1 − p) with p within 1e-10 of 0 or 1: only the status */
                    assert_int_equal(er[k].prop.status, ec[k].prop.status);
                    near(er[k].prop.estimate, ec[k].prop.estimate, noise, what, kind);
                }
                near(er[k].n_valid, ec[k].n_valid, 0, "n_valid", kind);
                near(er[k].n_missing, ec[k].n_missing, 0, "n_missing", kind);
                near(er[k].df, ec[k].df, 0, "df", kind);
            }
            /* the change in the target, and the difference in differences */
            double coef[NW * 3] = {0};
            coef[NW + 2 * 2] = 1;
            coef[NW + 2 * 0] = -1;
            struct stat_result a = survey_cells_contrast(sr, d, y, x, &rows, er, coef, 0.95);
            struct stat_result b = survey_cells_contrast(sc, d, y, x, &cells, ec, coef, 0.95);
            same(&a, &b, noise, "change", kind);
            coef[NW + 2 * 2 + 1] = -1;
            coef[NW + 2 * 0 + 1] = 1;
            a = survey_cells_contrast(sr, d, y, x, &rows, er, coef, 0.95);
            b = survey_cells_contrast(sc, d, y, x, &cells, ec, coef, 0.95);
            same(&a, &b, noise, "did", kind);
            survey_cells_free(sr);
            survey_cells_free(sc);
            if (ind) {
                double year[NW] = {2019, 2020, 2021};
                a = survey_logit_trend(d, x, used, y, in_trend, d, year, 0.95);
                b = survey_logit_trend_keyed(d, x, used, y, in_trend, d, year, 0.95, 0);
                /* a Newton fit from sums regrouped: converged to 1e-12 either way */
                same(&a, &b, f.extreme ? 1e-6 : 1e-10, "logit trend", kind);
            }
            free(y);
        }
        unmake(&f);
    }
    /* most designs went through the cells (the others: many cells per respondent) */
    assert_true(cells_used > 600);
}

static void bad_weight_uses_rows(void **state)
{
    (void)state;
    rng = 7;
    struct fixture f;
    make(&f, 1);
    f.weight[3] = 0;
    assert_null(survey_keycells(&f.d, 0, 0));
    assert_false(survey_keycells_cover(&f.d, 0, (const bool[NW]){true, false, false}));
    /* the other waves are fine */
    assert_non_null(survey_keycells(&f.d, 0, 2));
    unmake(&f);
    /* a number variable's value is its number: no cells */
    make(&f, 2);
    double *num[1] = {xcalloc(f.d.n, sizeof(double))};
    f.d.num = num;
    assert_null(survey_keycells(&f.d, 0, 0));
    free(num[0]);
    f.d.num = NULL;
    unmake(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cells_equal_rows),
        cmocka_unit_test(bad_weight_uses_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
