/*
 * bench_synth — the synthetic control's speed: one target and 289 donors of 120
 * months (66 before the start), the weights and the 289 placebo fits (each donor
 * treated in turn, its synthetic from the 288 others).  Prints the times and the
 * active-set iterations.  Series from a fixed formula with a little pseudo-random
 * noise (no data file needed).   Usage: bench_synth [DONORS] [MONTHS] [T0]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "stats/stats.h"
#include "stats/synth.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t j = argc > 1 ? strtoul(argv[1], NULL, 10) : 289;
    size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 120;
    size_t t0 = argc > 3 ? strtoul(argv[3], NULL, 10) : 66;
    stats_init();
    double *Y = malloc(n * j * sizeof(double)), *y = malloc(n * sizeof(double));
    unsigned long long s = 12345;
    for (size_t d = 0; d < j; d++)
        for (size_t i = 0; i < n; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            double u = (double)(s >> 11) / 9007199254740992.0;
            Y[d * n + i] = 50 + 30 * sin(0.7 * (double)d) + 0.1 * (double)d * sin((double)i / 5) +
                           8 * sin(2 * M_PI * (double)i / 12 + (double)d) + 6 * (u - 0.5);
        }
    for (size_t i = 0; i < n; i++)
        y[i] = 0.4 * Y[3 * n + i] + 0.35 * Y[100 * n % (n * j) + i] + 0.25 * Y[(j / 2) * n + i] -
               (i >= t0 ? 5 : 0);
    double *pre = malloc(t0 * j * sizeof(double)), *w = malloc(j * sizeof(double)),
           *gap = malloc(n * sizeof(double));
    for (size_t d = 0; d < j; d++)
        for (size_t i = 0; i < t0; i++)
            pre[d * t0 + i] = Y[d * n + i];
    struct synth_workspace ws;
    synth_workspace_init(&ws);
    double a = now();
    size_t it;
    synth_weights(y, pre, t0, j, w, &ws, &it);
    struct synth_fit fit;
    synth_evaluate(y, Y, n, t0, j, w, gap, &fit);
    double b = now();
    struct synth_placebo pl;
    synth_placebo_init(&pl);
    synth_placebo_run(y, Y, n, t0, j, &fit, 0, &ws, &pl);
    double c = now();
    size_t positive = 0;
    for (size_t d = 0; d < j; d++)
        positive += w[d] > 0;
    printf("synth: %zu donors x %zu months (t0 %zu): weights %.4f s (%zu iterations, %zu donors "
           "with weight), %zu placebo fits %.3f s; p = %.4f (rank %zu of %zu)\n",
           j, n, t0, b - a, it, positive, j, c - b, pl.p_value, pl.rank, pl.n_units);
    synth_placebo_release(&pl);
    synth_workspace_release(&ws);
    free(Y);
    free(y);
    free(pre);
    free(w);
    free(gap);
    return 0;
}
