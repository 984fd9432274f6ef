/*
 * bench_bootstrap — wall times of the two large-n paths of the statistics layer:
 *   1. 10,000 bootstrap resamples (percentile + BCa) of Cliff's delta between two
 *      groups of 100,000 respondents each on a 4-point scale (multinomial fast path);
 *   2. the one-pass svyby over 1,000,000 respondents, 7 domains, 40 strata, both
 *      with ids = ~1 and with 10 clusters (PSUs) per stratum.
 * Data are generated with GSL's RNG from a fixed seed.  Usage: bench_bootstrap [n_svy]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "stats/bootstrap.h"
#include "stats/stats.h"
#include "stats/survey.h"
#include "stats/twogroup.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    stats_init();
    size_t n_svy = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 1);

    /* 1. bootstrap of Cliff's delta, 2 × 100,000 answers on a 4-point scale */
    double pa[4] = {0.15, 0.30, 0.35, 0.20}, pb[4] = {0.18, 0.32, 0.33, 0.17};
    unsigned int ca[4], cb[4];
    gsl_ran_multinomial(rng, 4, 100000, pa, ca);
    gsl_ran_multinomial(rng, 4, 100000, pb, cb);
    double a[4], b[4];
    for (int j = 0; j < 4; j++)
        a[j] = ca[j], b[j] = cb[j];
    struct boot_options opt = {10000, 1, 0.95};
    struct boot_result br;
    double t = now();
    boot_cliff_delta_counts(a, b, 4, &opt, &br);
    double t_boot = now() - t;
    printf("bootstrap: Cliff's delta, 2 x 100000 respondents, 4-point scale, %zu resamples "
           "(percentile + BCa): %.3f s\n",
           opt.replicates, t_boot);
    printf("  delta = %.5f, percentile [%.5f, %.5f], BCa [%.5f, %.5f], a = %.3g, z0 = %.3g\n",
           br.t0, br.perc.conf_low, br.perc.conf_high, br.bca.conf_low, br.bca.conf_high,
           br.accel, br.z0);

    /* 2. svyby, n_svy respondents, 7 domains, 40 strata */
    double *y = malloc(n_svy * sizeof(double)), *w = malloc(n_svy * sizeof(double));
    size_t *st = malloc(n_svy * sizeof(size_t)), *psu = malloc(n_svy * sizeof(size_t)),
           *dom = malloc(n_svy * sizeof(size_t));
    for (size_t i = 0; i < n_svy; i++) {
        st[i] = gsl_rng_uniform_int(rng, 40);
        psu[i] = st[i] * 10 + gsl_rng_uniform_int(rng, 10);
        dom[i] = gsl_rng_uniform_int(rng, 7);
        w[i] = 1 + 99 * gsl_rng_uniform(rng);
        y[i] = gsl_rng_uniform(rng) < 0.05 ? NAN : (double)(gsl_rng_uniform(rng) < 0.3 + 0.02 * (double)dom[i]);
    }
    struct svy_estimate est[7];
    struct svy_design d = {n_svy, y, w, st, NULL, NULL};
    t = now();
    svy_by(&d, dom, 7, 0.95, est);
    double t_srs = now() - t;
    printf("svyby: %zu respondents, 7 domains, 40 strata, ids = ~1: %.3f s\n", n_svy, t_srs);
    d.psu = psu;
    t = now();
    svy_by(&d, dom, 7, 0.95, est);
    double t_clu = now() - t;
    printf("svyby: %zu respondents, 7 domains, 40 strata x 10 PSUs: %.3f s\n", n_svy, t_clu);
    printf("  domain 1: %.5f (SE %.5f, deff %.3f); domain 7: %.5f (SE %.5f)\n",
           est[0].mean.estimate, est[0].mean.std_error, est[0].deff_replace,
           est[6].mean.estimate, est[6].mean.std_error);
    free(y);
    free(w);
    free(st);
    free(psu);
    free(dom);
    gsl_rng_free(rng);
    return 0;
}
