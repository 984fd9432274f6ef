/*
 * Unit tests for src/lib/stats/codetab: the ordinal two-group statistics from code-count
 * tables against the row-based functions on the same answers.
 *   - Mann–Whitney and Cliff's delta: the same bits as mann_whitney() and cliff_delta()
 *     on the expanded answers, on randomized designs (ties everywhere, one code only,
 *     an empty group, one answer, codes nobody chose);
 *   - the design bootstrap with clusters: the same bits as boot_ci() over the PSUs with
 *     a statistic that gathers the drawn PSUs' rows and calls cliff_delta() — the row
 *     path, drawing the same random numbers;
 *   - without clusters (a multinomial per stratum instead of row-by-row draws): delta
 *     and the acceleration equal the row bootstrap's, the SE agrees within Monte-Carlo
 *     error;
 *   - codes nobody chose and strata without answers of either group change no bit;
 *   - against R: wilcox.test and Cliff's delta (tests/r/ref_survey_stats.R, counts split
 *     over PSUs) and boot()/boot.ci() of the design bootstrap (tests/r/ref_compare_boot.R).
 * The survey weights are not an input of these unweighted tests (codetab.h), so zero
 * or extreme weights cannot change them; extreme counts are tested instead.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "stats_testdata.h"
#include "testutil.h"
#include "stats/bootstrap.h"
#include "stats/codetab.h"
#include "stats/stats.h"
#include "stats/twogroup.h"
#include "util/xalloc.h"

/* ---------------------------------------------------------------- random designs */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return n ? (unsigned)(rng_state % n) : 0;
}

#define MAXR 400
#define MAXU 24
#define MAXK 9

/* Rows of one design: unit (PSU or stratum), group 0 = a, 1 = b, 2 = neither, code
 * 0..k−1 or −1 (no answer on the scale). */
struct design {
    size_t n, n_units, k;
    size_t unit[MAXR];
    int group[MAXR], code[MAXR];
    size_t stratum[MAXU]; /* per unit */
    bool clustered;
};

/* The scale value of code j: increasing in j, not evenly spaced, negative too. */
static double value_of(int j)
{
    return j * 1.5 - 4 + (j > 2 ? 0.25 : 0);
}

/* shape: 0 general, 1 ties everywhere (two codes, one dominant), 2 one code only,
 * 3 group b empty, 4 one answer in each group, 5 one PSU per stratum, 6 one answer in
 * all, 7 PSUs without answers of a or b */
static void make_design(struct design *d, int shape, bool clustered)
{
    memset(d, 0, sizeof(*d));
    d->clustered = clustered;
    d->k = shape == 2 ? 1 : shape == 1 ? 2 : 1 + rnd(MAXK - 2);
    d->n_units = 1 + rnd(clustered ? 12 : 5);
    size_t n_strata = 1 + rnd(4);
    for (size_t u = 0; u < d->n_units; u++)
        d->stratum[u] = shape == 5 ? u * 3 + 7 : rnd((unsigned)n_strata) * 5;
    unsigned pa = 1 + rnd(5), pb = shape == 3 ? 0 : 1 + rnd(5), po = rnd(3);
    for (size_t u = 0; u < d->n_units; u++) {
        size_t rows = 1 + rnd(shape == 6 ? 1 : 15);
        for (size_t r = 0; r < rows && d->n < MAXR; r++) {
            unsigned g = rnd(pa + pb + po);
            int group = g < pa ? 0 : g < pa + pb ? 1 : 2;
            if (shape == 7 && u % 2)
                group = 2;
            int code = rnd(8) == 0 ? -1 : (int)rnd((unsigned)d->k);
            if (shape == 1)
                code = rnd(10) ? 1 : 0;
            d->unit[d->n] = u;
            d->group[d->n] = group;
            d->code[d->n] = code;
            d->n++;
        }
    }
    if (shape == 4 || shape == 6) { /* one answer of a and one of b (6: of a only) */
        bool seen[2] = {false, shape == 6};
        for (size_t i = 0; i < d->n; i++) {
            int g = d->group[i];
            if (g == 2 || d->code[i] < 0)
                continue;
            if (seen[g])
                d->group[i] = 2;
            seen[g] = true;
        }
    }
}

/* The design's table; `pad` inserts a zero column before every code and after the
 * last (codes nobody chose).  Returns new counts; *k the table's codes. */
static double *make_table(const struct design *d, bool pad, size_t *k)
{
    size_t kk = pad ? 2 * d->k + 1 : d->k, w = codetab_width(kk);
    double *c = xcalloc(d->n_units * w, sizeof(double));
    for (size_t i = 0; i < d->n; i++) {
        double *row = c + d->unit[i] * w;
        if (d->group[i] == 2 || d->code[i] < 0) {
            row[2 * kk] += 1;
            continue;
        }
        size_t j = pad ? 2 * (size_t)d->code[i] + 1 : (size_t)d->code[i];
        row[(d->group[i] ? kk : 0) + j] += 1;
    }
    *k = kk;
    return c;
}

/* The answers of a (g = 0) or b (g = 1) among rows of the units idx[0..m) (all rows
 * when idx is NULL), as scale values. */
static size_t answers(const struct design *d, int g, const size_t *idx, size_t m, double *out)
{
    size_t n = 0;
    for (size_t j = 0; j < (idx ? m : 1); j++)
        for (size_t i = 0; i < d->n; i++)
            if ((!idx || d->unit[i] == idx[j]) && d->group[i] == g && d->code[i] >= 0)
                out[n++] = value_of(d->code[i]);
    return n;
}

static bool same(double x, double y)
{
    return (isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof x) == 0 || (x == 0 && y == 0);
}

#define assert_same(x, y)                                                                     \
    do {                                                                                      \
        if (!same((x), (y)))                                                                  \
            fail_msg("%s = %.17g, expected %.17g (%s:%d)", #x, (double)(x), (double)(y),     \
                     __FILE__, __LINE__);                                                     \
    } while (0)

static void assert_same_result(const struct stat_result *r, const struct stat_result *e)
{
    assert_int_equal(r->status, e->status);
    assert_int_equal(r->why.code, e->why.code);
    assert_same(r->estimate, e->estimate);
    assert_same(r->statistic, e->statistic);
    assert_same(r->p_value, e->p_value);
    assert_same(r->std_error, e->std_error);
    assert_same(r->conf_low, e->conf_low);
    assert_same(r->conf_high, e->conf_high);
    assert_same(r->n, e->n);
}

static void assert_same_boot(const struct boot_result *r, const struct boot_result *e)
{
    assert_same(r->t0, e->t0);
    assert_same(r->z0, e->z0);
    assert_same(r->accel, e->accel);
    assert_int_equal(r->replicates_used, e->replicates_used);
    assert_same_result(&r->perc, &e->perc);
    assert_same_result(&r->bca, &e->bca);
}

/* ---------------------------------------------------------------- MW and delta */

static void tests_match_rows(void **state)
{
    (void)state;
    static struct design d;
    double a[MAXR], b[MAXR];
    for (int trial = 0; trial < 800; trial++) {
        make_design(&d, trial % 8, trial % 3 != 0);
        size_t na = answers(&d, 0, NULL, 0, a), nb = answers(&d, 1, NULL, 0, b);
        double za, zr;
        struct stat_result mr = mann_whitney(a, na, b, nb, &zr);
        struct stat_result cr = cliff_delta(a, na, b, nb);
        for (int pad = 0; pad < 2; pad++) {
            size_t k;
            double *c = make_table(&d, pad, &k);
            struct codetab t = {k, d.n_units, d.clustered, d.stratum, c};
            struct stat_result m = codetab_mann_whitney(&t, &za);
            assert_same_result(&m, &mr);
            assert_same(za, zr);
            struct stat_result cd = codetab_cliff_delta(&t);
            assert_same_result(&cd, &cr);
            double ta[2 * MAXK + 1], tb[2 * MAXK + 1], sa = 0, sb = 0;
            codetab_totals(&t, ta, tb);
            for (size_t j = 0; j < k; j++) {
                sa += ta[j];
                sb += tb[j];
            }
            assert_true(sa == (double)na && sb == (double)nb);
            free(c);
        }
    }
}

/* Large counts (a cell engine's totals over millions of respondents). */
static void extreme_counts(void **state)
{
    (void)state;
    double c[] = {3e8, 0, 1, 2e8, 5, 0, 0}; /* k = 3: a {3e8, 0, 1}, b {2e8, 5, 0} */
    struct codetab t = {3, 1, true, NULL, c};
    struct stat_result m = codetab_mann_whitney(&t, NULL);
    struct stat_result e = mann_whitney_counts(c, c + 3, 3, NULL);
    assert_same_result(&m, &e);
    assert_int_equal(m.status, STAT_OK);
    struct stat_result d = codetab_cliff_delta(&t);
    /* P(a > b) − P(a < b) by hand: a=code 2 (1 answer) beats 2e8 + 5 answers of b; a=0
     * (3e8) loses to b=1 (5) */
    double want = (1 * (2e8 + 5) - 3e8 * 5) / ((3e8 + 1) * (2e8 + 5));
    assert_close(d.estimate, want, 1e-12);
}

/* Against R: the counts cases of ref_survey_stats.R split at random over PSUs. */
static void tests_match_r(void **state)
{
    (void)state;
    const char *REF = "tests/r/values/survey_stats.csv";
    struct td_table *counts = td_load("tests/data/stats/counts.csv");
    const char *cases[] = {"c_small", "c_big", "c_empty", "c_two", "c_ties"};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        double *a, *b;
        size_t k = td_col(counts, cases[i], NULL, 0, "after", &a);
        td_col(counts, cases[i], NULL, 0, "before", &b);
        size_t nu = 1 + rnd(6), w = codetab_width(k);
        double *c = xcalloc(nu * w, sizeof(double));
        for (size_t j = 0; j < k; j++) { /* split each count over the units */
            double ra = a[j], rb = b[j];
            for (size_t u = 0; u + 1 < nu; u++) {
                double xa = floor(ra * rnd(100) / 100), xb = floor(rb * rnd(100) / 100);
                c[u * w + j] += xa;
                c[u * w + k + j] += xb;
                ra -= xa;
                rb -= xb;
            }
            c[(nu - 1) * w + j] += ra;
            c[(nu - 1) * w + k + j] += rb;
        }
        struct codetab t = {k, nu, true, NULL, c};
        double z;
        struct stat_result m = codetab_mann_whitney(&t, &z);
        assert_int_equal(m.status, STAT_OK);
        assert_close(m.statistic, ref_get(REF, cases[i], "mw_W"), TOL_CLOSED);
        assert_close_abs(m.p_value, ref_get(REF, cases[i], "mw_p"), TOL_CLOSED, 1e-300);
        assert_close(z, ref_get(REF, cases[i], "mw_z"), TOL_CLOSED);
        struct stat_result d = codetab_cliff_delta(&t);
        assert_close_abs(d.estimate, ref_get(REF, cases[i], "cliff"), TOL_CLOSED, 1e-12);
        free(c);
        free(a);
        free(b);
    }
    td_free(counts);
}

/* ---------------------------------------------------------------- bootstrap */

struct rowctx {
    const struct design *d;
    double *a, *b;
};

/* The row path with clusters: the drawn PSUs' rows, Cliff's delta from the answers. */
static double rows_of_units_stat(const size_t *idx, size_t m, void *ctx)
{
    struct rowctx *r = ctx;
    size_t na = answers(r->d, 0, idx, m, r->a), nb = answers(r->d, 1, idx, m, r->b);
    struct stat_result s = cliff_delta(r->a, na, r->b, nb);
    return stat_ok(&s) ? s.estimate : NAN;
}

/* The row path without clusters: the drawn respondents' answers. */
static double rows_stat(const size_t *idx, size_t m, void *ctx)
{
    struct rowctx *r = ctx;
    size_t na = 0, nb = 0;
    for (size_t j = 0; j < m; j++) {
        size_t i = idx[j];
        if (r->d->group[i] == 2 || r->d->code[i] < 0)
            continue;
        if (r->d->group[i] == 0)
            r->a[na++] = value_of(r->d->code[i]);
        else
            r->b[nb++] = value_of(r->d->code[i]);
    }
    struct stat_result s = cliff_delta(r->a, na, r->b, nb);
    return stat_ok(&s) ? s.estimate : NAN;
}

static size_t codes_answered(const struct design *d)
{
    bool seen[MAXK] = {false};
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->group[i] != 2 && d->code[i] >= 0 && !seen[d->code[i]]) {
            seen[d->code[i]] = true;
            n++;
        }
    return n;
}

static void boot_clustered_matches_rows(void **state)
{
    (void)state;
    static struct design d;
    static double a[MAXR * MAXU], b[MAXR * MAXU];
    struct rowctx rc = {&d, a, b};
    int compared = 0, estimable = 0;
    for (int trial = 0; trial < 160; trial++) {
        make_design(&d, trial % 8, true);
        struct boot_options bo = {120 + (size_t)rnd(80), 1 + rnd(1000), trial % 5 ? 0.95 : 0.9};
        size_t k;
        double *c = make_table(&d, false, &k);
        struct codetab t = {k, d.n_units, true, d.stratum, c};
        struct boot_result got;
        codetab_cliff_boot(&t, &bo, &got);
        size_t used = codes_answered(&d);
        if (used < 2) {
            assert_int_equal(got.perc.why.code,
                             used ? STAT_R_COMPARE_BOOT_SAME : STAT_R_COMPARE_BOOT_NO_ANSWERS);
            assert_false(stat_ok(&got.perc) || stat_ok(&got.bca));
            free(c);
            continue;
        }
        struct boot_result want;
        boot_ci(d.n_units, d.stratum, rows_of_units_stat, &rc, &bo, &want);
        assert_same_boot(&got, &want);
        compared++;
        estimable += stat_ok(&got.bca);
        /* codes nobody chose change no bit */
        double *cp = make_table(&d, true, &k);
        struct codetab tp = {k, d.n_units, true, d.stratum, cp};
        struct boot_result padded;
        codetab_cliff_boot(&tp, &bo, &padded);
        assert_same_boot(&padded, &want);
        free(cp);
        free(c);
    }
    /* the trials exercise the intervals, not only the refusals */
    assert_true(compared > 80);
    assert_true(estimable > 30);
}

static void boot_unclustered_matches_rows(void **state)
{
    (void)state;
    static struct design d;
    static double a[MAXR], b[MAXR];
    struct rowctx rc = {&d, a, b};
    size_t strata[MAXR];
    int compared = 0, se_checked = 0;
    for (int trial = 0; trial < 60; trial++) {
        make_design(&d, trial % 8, false);
        struct boot_options bo = {trial < 12 ? 6000 : 300, 11 + (unsigned long)trial, 0.95};
        size_t k;
        double *c = make_table(&d, false, &k);
        struct codetab t = {k, d.n_units, false, NULL, c};
        struct boot_result got;
        codetab_cliff_boot(&t, &bo, &got);
        size_t used = codes_answered(&d);
        if (used < 2) {
            assert_false(stat_ok(&got.perc));
            free(c);
            continue;
        }
        for (size_t i = 0; i < d.n; i++)
            strata[i] = d.unit[i];
        struct boot_result want;
        boot_ci(d.n, strata, rows_stat, &rc, &bo, &want);
        assert_same(got.t0, want.t0);
        /* the jackknife: the same influence values, summed in another order */
        if (isfinite(want.accel))
            assert_close_abs(got.accel, want.accel, 1e-9, 1e-12);
        if (bo.replicates >= 6000 && stat_ok(&got.perc) && stat_ok(&want.perc) &&
            want.perc.std_error > 0.02) {
            assert_close(got.perc.std_error, want.perc.std_error, 0.08);
            se_checked++;
        }
        compared++;
        /* codes nobody chose, a stratum of others only and one without respondents
         * change no bit */
        double *cp = make_table(&d, true, &k);
        size_t w = codetab_width(k);
        double *ce = xcalloc((d.n_units + 2) * w, sizeof(double));
        memcpy(ce + w, cp, d.n_units * w * sizeof(double));
        ce[w - 1] = 7; /* first: a stratum of others only; last: no respondents */
        struct codetab tp = {k, d.n_units + 2, false, NULL, ce};
        struct boot_result padded;
        codetab_cliff_boot(&tp, &bo, &padded);
        assert_same_boot(&padded, &got);
        free(ce);
        free(cp);
        free(c);
    }
    assert_true(compared > 30);
    assert_true(se_checked >= 3);
}

/* Against R's boot on the twelve-row design of tests/r/ref_compare_boot.R. */
static void boot_matches_r(void **state)
{
    (void)state;
    const char *BREF = "tests/r/values/compare_boot.csv";
    /* k = 4 (codes 1..4): a's counts, b's counts, others */
    double psu[6 * 9] = {
        0, 0, 0, 1, 1, 0, 0, 0, 0, /* psu 1: a 4, b 1 */
        0, 0, 1, 0, 0, 1, 0, 0, 0, /* psu 2: a 3, b 2 */
        0, 1, 0, 0, 0, 0, 0, 0, 1, /* psu 3: a 2, none */
        0, 0, 1, 0, 1, 0, 0, 0, 0, /* psu 4: b 1, a 3 */
        0, 0, 0, 1, 0, 1, 0, 0, 0, /* psu 5: b 2, a 4 */
        0, 0, 0, 0, 1, 0, 0, 0, 1, /* psu 6: b 1, C */
    };
    size_t strat[6] = {1, 1, 1, 2, 2, 2};
    double rows[2 * 9] = {
        0, 1, 1, 1, 1, 1, 0, 0, 1, /* stratum 1 */
        0, 0, 1, 1, 2, 1, 0, 0, 1, /* stratum 2 */
    };
    struct codetab tabs[2] = {{4, 6, true, strat, psu}, {4, 2, false, NULL, rows}};
    const char *cases[2] = {"unit_psu", "unit_rows"};
    for (int i = 0; i < 2; i++) {
        struct boot_options bo = {10000, 7, 0.95};
        struct boot_result br;
        codetab_cliff_boot(&tabs[i], &bo, &br);
        assert_close(br.t0, ref_get(BREF, cases[i], "estimate"), 1e-12);
        assert_close(br.accel, ref_get(BREF, cases[i], "a"), 1e-9);
        assert_true(stat_ok(&br.perc));
        assert_close(br.perc.std_error, ref_get(BREF, cases[i], "se"), 0.04);
    }
}

static void boot_degenerate(void **state)
{
    (void)state;
    struct boot_options bo = {200, 3, 0.95};
    struct boot_result br;
    /* nothing at all */
    struct codetab none = {4, 0, true, NULL, NULL};
    codetab_cliff_boot(&none, &bo, &br);
    assert_int_equal(br.perc.why.code, STAT_R_COMPARE_BOOT_NO_ANSWERS);
    assert_true(isnan(br.t0));
    /* one code only: delta 0, nothing to resample */
    double one[] = {3, 0, 0, 2, 0, 0, 1};
    struct codetab t1 = {3, 1, true, NULL, one};
    codetab_cliff_boot(&t1, &bo, &br);
    assert_int_equal(br.perc.why.code, STAT_R_COMPARE_BOOT_SAME);
    assert_true(br.t0 == 0);
    /* group b empty: no delta */
    double nob[] = {3, 1, 0, 0, 0, 0, 1, 1, 2, 0, 0, 0, 0, 0};
    size_t st[] = {0, 0};
    struct codetab t2 = {3, 2, true, st, nob};
    codetab_cliff_boot(&t2, &bo, &br);
    assert_false(stat_ok(&br.perc) || stat_ok(&br.bca));
    assert_true(isnan(br.t0));
    /* one PSU per stratum: every replicate draws every PSU, delta never varies */
    double two[] = {1, 0, 0, 0, 1, 0, 0, /* psu 1: a 0, b 1 */
                    0, 1, 0, 1, 0, 0, 2}; /* psu 2: a 1, b 0 */
    size_t st2[] = {4, 9};
    struct codetab t3 = {3, 2, true, st2, two};
    codetab_cliff_boot(&t3, &bo, &br);
    assert_close(br.t0, 0, 1e-300);
    assert_false(stat_ok(&br.perc));
    assert_int_equal(br.perc.why.code, STAT_R_BOOT_CONSTANT);
    /* one answer per group, one stratum of two PSUs: some replicates lose a group */
    double split[] = {1, 0, 0, 0, 0, 0, 0,  /* psu 1: a 0 */
                      0, 0, 0, 0, 1, 0, 0}; /* psu 2: b 1 */
    size_t st3[] = {0, 0};
    struct codetab t4 = {3, 2, true, st3, split};
    struct boot_options many = {2000, 5, 0.95};
    codetab_cliff_boot(&t4, &many, &br);
    assert_true(br.t0 == -1);
    assert_true(br.replicates_used > 800 && br.replicates_used < 1200);
    assert_int_equal(br.perc.why.code, STAT_R_BOOT_CONSTANT);
}

int main(void)
{
    stats_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tests_match_rows),
        cmocka_unit_test(extreme_counts),
        cmocka_unit_test(tests_match_r),
        cmocka_unit_test(boot_clustered_matches_rows),
        cmocka_unit_test(boot_unclustered_matches_rows),
        cmocka_unit_test(boot_matches_r),
        cmocka_unit_test(boot_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
