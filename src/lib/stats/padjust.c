/*
 * padjust — see padjust.h.  Follows stats::p.adjust:
 *   holm: pmin(1, cummax((m − i + 1) · p[o]))[order(o)],  o = order(p)
 *   BH:   pmin(1, cummin(m / i · p[o]))[order(o)],         o = order(p, decreasing = TRUE)
 */
#include "stats/padjust.h"

#include <math.h>
#include <stdlib.h>

#include "util/xalloc.h"

struct pidx {
    double p;
    size_t i;
};

static int cmp_up(const void *a, const void *b)
{
    const struct pidx *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* The non-NaN p-values with their positions, sorted increasing (stable). */
static struct pidx *sorted(const double *p, size_t n, size_t *m)
{
    struct pidx *v = xmalloc((n + 1) * sizeof(*v));
    *m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(p[i]))
            v[(*m)++] = (struct pidx){p[i], i};
    qsort(v, *m, sizeof(*v), cmp_up);
    return v;
}

int p_adjust_holm(const double *p, size_t n, double *out)
{
    if (n > 0 && (!p || !out))
        return -1;
    size_t m;
    struct pidx *v = sorted(p, n, &m);
    for (size_t i = 0; i < n; i++)
        if (isnan(p[i]))
            out[i] = NAN;
    double run = 0;
    for (size_t j = 0; j < m; j++) {
        double a = (double)(m - j) * v[j].p;
        if (a > run)
            run = a;
        out[v[j].i] = run < 1 ? run : 1;
    }
    free(v);
    return 0;
}

int p_adjust_bh(const double *p, size_t n, double *out)
{
    if (n > 0 && (!p || !out))
        return -1;
    size_t m;
    struct pidx *v = sorted(p, n, &m);
    for (size_t i = 0; i < n; i++)
        if (isnan(p[i]))
            out[i] = NAN;
    double run = INFINITY;
    for (size_t j = m; j-- > 0;) {
        double a = (double)m / (double)(j + 1) * v[j].p;
        if (a < run)
            run = a;
        out[v[j].i] = run < 1 ? run : 1;
    }
    free(v);
    return 0;
}
