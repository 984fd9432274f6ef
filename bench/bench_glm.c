/*
 * bench_glm — the ITS benchmark workload (shared/bench/README.md, workload "its"):
 * one Poisson GLM  antal ~ t + post + tpost + factor(month)  per municipality x
 * category series of 120 months (t0 = 67), 5,800 fits, timed on one core with one
 * reused glm_workspace.
 *
 *   build/bench/bench_glm                       simulate 5,800 series (GSL RNG)
 *   build/bench/bench_glm INCIDENTS.csv         the file from gen_incidents.py
 *   build/bench/bench_glm INCIDENTS.csv R.csv   also compare with peer_r_its.R's
 *                                               result file (estimate, SE, z, p of
 *                                               post and tpost) at METHODS' 1e-4
 * Reading the file is not timed; only the fits are.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "stats/glm.h"
#include "stats/stats.h"
#include "util/xalloc.h"

#define NMONTH 120
#define T0 67
#define P 15

struct series {
    char key[96]; /* "kommun.kategori", as R's split() names it */
    double y[NMONTH];
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static struct series *read_incidents(const char *path, size_t *count)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        perror(path);
        exit(3);
    }
    char line[512];
    size_t alloc = 6000, n = 0, month = 0;
    struct series *s = xmalloc(alloc * sizeof(*s));
    if (!fgets(line, sizeof(line), fp)) {
        fprintf(stderr, "bench_glm: %s is empty\n", path);
        exit(1);
    }
    char cur[96] = "";
    while (fgets(line, sizeof(line), fp)) {
        char *save = NULL;
        strtok_r(line, ",", &save); /* manad */
        char *kom = strtok_r(NULL, ",", &save);
        char *kat = strtok_r(NULL, ",", &save);
        char *antal = strtok_r(NULL, ",", &save);
        if (!kom || !kat || !antal)
            continue;
        char key[96];
        snprintf(key, sizeof(key), "%s.%s", kom, kat);
        if (strcmp(key, cur) != 0) {
            if (n && month != NMONTH) {
                fprintf(stderr, "bench_glm: series %s has %zu months, not %d\n", cur, month,
                        NMONTH);
                exit(1);
            }
            if (n == alloc)
                s = xrealloc(s, (alloc *= 2) * sizeof(*s));
            snprintf(s[n].key, sizeof(s[n].key), "%s", key);
            snprintf(cur, sizeof(cur), "%s", key);
            n++;
            month = 0;
        }
        if (month < NMONTH)
            s[n - 1].y[month] = strtod(antal, NULL);
        month++;
    }
    fclose(fp);
    *count = n;
    return s;
}

static struct series *simulate(size_t *count)
{
    size_t n = 5800;
    struct series *s = xmalloc(n * sizeof(*s));
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20180701);
    for (size_t k = 0; k < n; k++) {
        snprintf(s[k].key, sizeof(s[k].key), "sim%zu", k);
        double base = log(0.5 + 60.0 * gsl_rng_uniform(rng));
        double amp = 0.05 + 0.3 * gsl_rng_uniform(rng), step = -0.3 * gsl_rng_uniform(rng);
        for (int m = 0; m < NMONTH; m++) {
            int t = m + 1;
            double eta = base + amp * sin(2 * M_PI * (m % 12) / 12.0) + 0.001 * t +
                         (t >= T0 ? step : 0.0);
            s[k].y[m] = gsl_ran_poisson(rng, exp(eta));
        }
    }
    gsl_rng_free(rng);
    *count = n;
    return s;
}

struct fit_out {
    double est[2], se[2], z[2], p[2];
    int status;
};

/* Parses one quoted or plain CSV field; returns the start of the next. */
static char *csv_field(char *p, char *out, size_t size)
{
    size_t k = 0;
    if (*p == '"') {
        p++;
        while (*p && *p != '"')
            if (k + 1 < size)
                out[k++] = *p++;
            else
                p++;
        if (*p == '"')
            p++;
    } else {
        while (*p && *p != ',' && *p != '\n' && *p != '\r')
            if (k + 1 < size)
                out[k++] = *p++;
            else
                p++;
    }
    out[k] = '\0';
    return *p == ',' ? p + 1 : p;
}

static int compare_with_r(const char *path, const struct series *s, const struct fit_out *o,
                          size_t n)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        perror(path);
        return 3;
    }
    char line[1024], f[16][128];
    if (!fgets(line, sizeof(line), fp))
        return 1;
    size_t matched = 0, bad = 0;
    double worst = 0;
    while (fgets(line, sizeof(line), fp)) {
        char *p = line;
        for (int k = 0; k < 10; k++)
            p = csv_field(p, f[k], sizeof(f[k]));
        const struct fit_out *fo = NULL;
        for (size_t k = 0; k < n; k++)
            if (strcmp(s[k].key, f[0]) == 0) {
                fo = &o[k];
                break;
            }
        if (!fo)
            continue;
        matched++;
        for (int term = 0; term < 2; term++) {
            double want[4], got[4] = {fo->est[term], fo->se[term], fo->z[term], fo->p[term]};
            for (int k = 0; k < 4; k++) {
                want[k] = strtod(f[1 + 4 * term + k], NULL);
                double scale = fabs(want[k]) > 1e-8 ? fabs(want[k]) : 1e-8;
                double e = fabs(got[k] - want[k]) / scale;
                if (e > worst)
                    worst = e;
                if (!(e <= 1e-4)) {
                    if (bad < 10)
                        fprintf(stderr, "mismatch %s term %d field %d: %.10g vs R %.10g\n",
                                f[0], term, k, got[k], want[k]);
                    bad++;
                }
            }
        }
    }
    fclose(fp);
    printf("compared with R: %zu series, %zu values outside 1e-4, worst relative error %.3g\n",
           matched, bad, worst);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    stats_init();
    size_t n;
    struct series *s = argc > 1 ? read_incidents(argv[1], &n) : simulate(&n);
    /* Design: (Intercept), t, post, tpost, month2..month12; months start in January. */
    static double x[P * NMONTH];
    static const char *names[P] = {"(Intercept)", "t", "post", "tpost", "m2", "m3", "m4", "m5",
                                   "m6", "m7", "m8", "m9", "m10", "m11", "m12"};
    for (int i = 0; i < NMONTH; i++) {
        int t = i + 1, post = t >= T0;
        x[i] = 1;
        x[NMONTH + i] = t;
        x[2 * NMONTH + i] = post;
        x[3 * NMONTH + i] = (t - T0) * post;
        for (int m = 2; m <= 12; m++)
            x[(size_t)(2 + m) * NMONTH + i] = (i % 12) + 1 == m;
    }
    struct glm_workspace *ws = glm_workspace_new(NMONTH, P);
    struct glm_result r;
    glm_result_init(&r);
    struct glm_options opt = glm_options_default(GLM_POISSON);
    struct fit_out *o = xcalloc(n, sizeof(*o));
    size_t not_ok = 0, not_conv = 0;
    long iters = 0;
    double t_start = now(), c_start = cpu_now();
    for (size_t k = 0; k < n; k++) {
        struct glm_data d = {.n = NMONTH, .p = P, .x = x, .y = s[k].y, .names = names,
                             .intercept = true};
        glm_fit(&d, &opt, ws, &r);
        for (int term = 0; term < 2; term++) {
            o[k].est[term] = r.coef[2 + term];
            o[k].se[term] = r.se[2 + term];
            o[k].z[term] = r.term[2 + term].statistic;
            o[k].p[term] = r.term[2 + term].p_value;
        }
        o[k].status = r.status;
        not_ok += r.status != STAT_OK;
        not_conv += !r.converged;
        iters += r.iter;
    }
    double elapsed = now() - t_start, cpu = cpu_now() - c_start;
    printf("%zu Poisson ITS fits of %d months x %d columns: %.3f s total, %.1f us per fit, "
           "%.0f fits/s (%.2f IRLS iterations per fit; %zu with a status, %zu not converged)\n",
           n, NMONTH, P, elapsed, 1e6 * elapsed / (double)n, (double)n / elapsed,
           (double)iters / (double)n, not_ok, not_conv);
    printf("CPU time of the fits: %.3f s (%.1f us per fit; wall time is higher when the "
           "machine is busy)\n", cpu, 1e6 * cpu / (double)n);
    int rc = 0;
    if (argc > 2)
        rc = compare_with_r(argv[2], s, o, n);
    glm_result_release(&r);
    glm_workspace_free(ws);
    free(o);
    free(s);
    return rc;
}
