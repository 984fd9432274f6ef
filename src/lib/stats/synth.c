/*
 * synth — see synth.h.
 */
#include "stats/synth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "util/xalloc.h"

void synth_workspace_init(struct synth_workspace *ws)
{
    memset(ws, 0, sizeof(*ws));
}

void synth_workspace_release(struct synth_workspace *ws)
{
    free(ws->buf);
    memset(ws, 0, sizeof(*ws));
}

static double *ws_get(struct synth_workspace *ws, size_t n)
{
    if (ws->cap < n) {
        free(ws->buf);
        ws->buf = xmalloc(n * sizeof(double));
        ws->cap = n;
    }
    return ws->buf;
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/*
 * The equality-constrained problem on the free donors F (k of them):
 *     min 1/2 v'Hv - c'v  subject to  sum(v) = 1,   H = Y_F'Y_F, c = Y_F'y.
 * Its KKT system is [H 1; 1' 0] [v; lambda] = [c; 1].  Usually H is positive
 * definite: then, with H a = c and H b = 1 (one Cholesky factorisation),
 * v = a + mu b with mu = (1 - 1'a) / 1'b, and lambda = -mu.
 * When H is singular (two identical donors, more free donors than periods) the KKT
 * system is solved by a singular value decomposition with the negligible singular
 * values dropped: the minimum-norm solution is one of the minimisers.  Returns lambda;
 * v gets k values.
 */
static double solve_free_svd(const gsl_matrix *H, const gsl_vector *c, size_t k, double *v)
{
    size_t m = k + 1;
    gsl_matrix *A = gsl_matrix_alloc(m, m), *V = gsl_matrix_alloc(m, m);
    gsl_vector *S = gsl_vector_alloc(m), *b = gsl_vector_alloc(m), *x = gsl_vector_alloc(m);
    for (size_t a = 0; a < k; a++) {
        for (size_t e = 0; e < k; e++)
            gsl_matrix_set(A, a, e, gsl_matrix_get(H, a, e));
        gsl_matrix_set(A, a, k, 1.0);
        gsl_matrix_set(A, k, a, 1.0);
        gsl_vector_set(b, a, gsl_vector_get(c, a));
    }
    gsl_matrix_set(A, k, k, 0.0);
    gsl_vector_set(b, k, 1.0);
    gsl_linalg_SV_decomp_jacobi(A, V, S);
    double smax = gsl_vector_get(S, 0);
    for (size_t i = 0; i < m; i++)
        if (gsl_vector_get(S, i) <= smax * 1e-13)
            gsl_vector_set(S, i, 0.0);
    gsl_linalg_SV_solve(A, V, S, b, x);
    for (size_t a = 0; a < k; a++)
        v[a] = gsl_vector_get(x, a);
    double lambda = gsl_vector_get(x, k);
    gsl_matrix_free(A);
    gsl_matrix_free(V);
    gsl_vector_free(S);
    gsl_vector_free(b);
    gsl_vector_free(x);
    return lambda;
}

/* The weights problem in Gram form: G (ldg x ldg, row-major) holds the cross products
 * of the candidate series, map[d] is donor d's row in G, c[d] its cross product with the
 * target and yy the target's own; j donors. */
struct gram_problem {
    const double *G;
    size_t ldg;
    const size_t *map;
    const double *c;
    double yy;
    size_t j;
};

static double gram(const struct gram_problem *q, size_t a, size_t b)
{
    return q->G[q->map[a] * q->ldg + q->map[b]];
}

static double solve_free(const struct gram_problem *q, const size_t *free_idx, size_t k,
                         double *v)
{
    gsl_matrix *H = gsl_matrix_alloc(k, k), *L = gsl_matrix_alloc(k, k);
    gsl_vector *c = gsl_vector_alloc(k), *a = gsl_vector_alloc(k), *b = gsl_vector_alloc(k);
    double hmax = 0;
    for (size_t p = 0; p < k; p++) {
        for (size_t r = p; r < k; r++) {
            double h = gram(q, free_idx[p], free_idx[r]);
            gsl_matrix_set(H, p, r, h);
            gsl_matrix_set(H, r, p, h);
        }
        hmax = fmax(hmax, gsl_matrix_get(H, p, p));
        gsl_vector_set(c, p, q->c[free_idx[p]]);
    }
    double lambda;
    gsl_matrix_memcpy(L, H);
    int bad = gsl_linalg_cholesky_decomp1(L) != 0;
    /* a pivot far below the largest diagonal: H is numerically singular */
    for (size_t p = 0; p < k && !bad; p++)
        bad = gsl_matrix_get(L, p, p) <= 1e-7 * sqrt(hmax);
    if (!bad) {
        gsl_vector_set_all(b, 1.0);
        gsl_linalg_cholesky_solve(L, c, a);
        gsl_linalg_cholesky_svx(L, b);
        double sa = 0, sb = 0;
        for (size_t p = 0; p < k; p++) {
            sa += gsl_vector_get(a, p);
            sb += gsl_vector_get(b, p);
        }
        double mu = (1 - sa) / sb;
        for (size_t p = 0; p < k; p++)
            v[p] = gsl_vector_get(a, p) + mu * gsl_vector_get(b, p);
        lambda = -mu;
    } else {
        lambda = solve_free_svd(H, c, k, v);
    }
    gsl_matrix_free(H);
    gsl_matrix_free(L);
    gsl_vector_free(c);
    gsl_vector_free(a);
    gsl_vector_free(b);
    return lambda;
}

/* The active-set iterations on a Gram problem; w gets q->j weights.  Returns the
 * iterations used. */
static size_t weights_core(const struct gram_problem *q, double *w, struct synth_workspace *ws)
{
    size_t j = q->j;
    double *scratch = ws_get(ws, 3 * j);
    double *v = scratch, *is_free = scratch + j, *gw = scratch + 2 * j;
    size_t *free_idx = xmalloc(j * sizeof(*free_idx));
    /* Start from the single best donor (|y - Y_d|^2 = yy - 2 c_d + G_dd): a feasible
     * vertex, and the working problems stay as small as the donors that earn a weight. */
    size_t best = 0;
    double best_ss = INFINITY;
    for (size_t d = 0; d < j; d++) {
        double ss = q->yy - 2 * q->c[d] + gram(q, d, d);
        if (ss < best_ss) {
            best_ss = ss;
            best = d;
        }
    }
    memset(w, 0, j * sizeof(*w));
    memset(is_free, 0, j * sizeof(*is_free));
    w[best] = 1.0;
    is_free[best] = 1;
    /* the scale of the gradient, for the optimality test */
    double scale = q->yy;
    for (size_t d = 0; d < j; d++)
        scale = fmax(scale, gram(q, d, d));
    double tol = 1e-11 * fmax(scale, 1e-300);
    size_t max_iter = 20 * j + 200, it = 0;
    for (; it < max_iter; it++) {
        size_t k = 0;
        for (size_t d = 0; d < j; d++)
            if (is_free[d])
                free_idx[k++] = d;
        double lambda = solve_free(q, free_idx, k, v);
        double step = 0;
        for (size_t a = 0; a < k; a++)
            step = fmax(step, fabs(v[a] - w[free_idx[a]]));
        if (step <= 1e-12) {
            /* optimal on the free set: does a fixed donor want a weight?  Its gradient
             * is (G w - c)_d, from the Gram matrix: O(j x free) a step. */
            size_t enter = j;
            double most = -tol;
            for (size_t d = 0; d < j; d++) {
                if (is_free[d])
                    continue;
                double g = -q->c[d];
                for (size_t a = 0; a < k; a++)
                    g += gram(q, d, free_idx[a]) * w[free_idx[a]];
                gw[d] = g;
                double mu = g + lambda; /* the multiplier of w[d] >= 0 */
                if (mu < most) {
                    most = mu;
                    enter = d;
                }
            }
            if (enter == j)
                break; /* KKT conditions hold: optimal */
            is_free[enter] = 1;
            continue;
        }
        /* move towards v, as far as the bounds allow */
        double alpha = 1.0;
        size_t blocking = j;
        for (size_t a = 0; a < k; a++) {
            double p = v[a] - w[free_idx[a]];
            if (p < 0) {
                double lim = -w[free_idx[a]] / p;
                if (lim < alpha) {
                    alpha = lim;
                    blocking = free_idx[a];
                }
            }
        }
        for (size_t a = 0; a < k; a++)
            w[free_idx[a]] += alpha * (v[a] - w[free_idx[a]]);
        if (blocking != j) {
            w[blocking] = 0;
            is_free[blocking] = 0;
        }
    }
    /* exact feasibility: clip round-off and renormalise */
    double sum = 0;
    for (size_t d = 0; d < j; d++) {
        if (w[d] < 0)
            w[d] = 0;
        sum += w[d];
    }
    for (size_t d = 0; d < j; d++)
        w[d] /= sum;
    free(free_idx);
    return it;
}

/* The cross products of n series of t values (column-major t x n) into G (n x n). */
static void gram_matrix(const double *Y, size_t t, size_t n, double *G)
{
    for (size_t a = 0; a < n; a++)
        for (size_t b = a; b < n; b++)
            G[a * n + b] = G[b * n + a] = dot(Y + a * t, Y + b * t, t);
}

int synth_weights(const double *y, const double *Y, size_t t, size_t j, double *w,
                  struct synth_workspace *ws, size_t *iterations)
{
    if (iterations)
        *iterations = 0;
    if (!t || !j)
        return -1;
    for (size_t i = 0; i < t; i++)
        if (!isfinite(y[i]))
            return -1;
    for (size_t i = 0; i < t * j; i++)
        if (!isfinite(Y[i]))
            return -1;
    struct synth_workspace local;
    synth_workspace_init(&local);
    double *G = xmalloc(j * j * sizeof(*G)), *c = xmalloc(j * sizeof(*c));
    size_t *map = xmalloc(j * sizeof(*map));
    gram_matrix(Y, t, j, G);
    for (size_t d = 0; d < j; d++) {
        c[d] = dot(Y + d * t, y, t);
        map[d] = d;
    }
    struct gram_problem q = {G, j, map, c, dot(y, y, t), j};
    size_t it = weights_core(&q, w, ws ? ws : &local);
    free(G);
    free(c);
    free(map);
    synth_workspace_release(&local);
    if (iterations)
        *iterations = it;
    return 0;
}

void synth_combine(const double *Y, size_t n, size_t j, const double *w, double *out)
{
    memset(out, 0, n * sizeof(*out));
    for (size_t d = 0; d < j; d++)
        if (w[d] != 0)
            for (size_t i = 0; i < n; i++)
                out[i] += Y[d * n + i] * w[d];
}

void synth_evaluate(const double *y, const double *Y, size_t n, size_t t0, size_t j,
                    const double *w, double *gap, struct synth_fit *fit)
{
    synth_combine(Y, n, j, w, gap);
    double pre = 0, post = 0, obs_post = 0, syn_post = 0, cum = 0, mean = 0;
    for (size_t i = 0; i < n; i++) {
        double synthetic = gap[i];
        gap[i] = y[i] - synthetic;
        if (i < t0) {
            pre += gap[i] * gap[i];
            mean += y[i];
        } else {
            post += gap[i] * gap[i];
            obs_post += y[i];
            syn_post += synthetic;
            cum += gap[i];
        }
    }
    fit->rmspe_pre = t0 ? sqrt(pre / (double)t0) : NAN;
    /* A pre-period fit within 1e-6 of the target's own size is exact: round-off
     * would otherwise turn the post/pre ratio into an arbitrary large number. */
    double size = 0;
    for (size_t i = 0; i < t0 && i < n; i++)
        size += y[i] * y[i];
    if (t0 && fit->rmspe_pre <= 1e-6 * sqrt(size / (double)t0))
        fit->rmspe_pre = 0;
    fit->rmspe_post = n > t0 ? sqrt(post / (double)(n - t0)) : NAN;
    fit->ratio = fit->rmspe_pre > 0 ? fit->rmspe_post / fit->rmspe_pre
                 : fit->rmspe_post > 0 ? INFINITY
                                       : NAN;
    fit->cumulative_gap = n > t0 ? cum : NAN;
    fit->post_ratio = syn_post > 0 ? obs_post / syn_post : NAN;
    fit->pre_mean = t0 ? mean / (double)t0 : NAN;
}

void synth_placebo_init(struct synth_placebo *p)
{
    memset(p, 0, sizeof(*p));
    p->p_value = NAN;
}

void synth_placebo_release(struct synth_placebo *p)
{
    free(p->ratio);
    free(p->gap);
    free(p->rmspe_pre);
    synth_placebo_init(p);
}

int synth_placebo_run(const double *y, const double *Y, size_t n, size_t t0, size_t j,
                      const struct synth_fit *target, double max_pre_ratio,
                      struct synth_workspace *ws, struct synth_placebo *p)
{
    (void)y;
    synth_placebo_release(p);
    if (j < 2 || !t0 || t0 >= n)
        return -1;
    for (size_t i = 0; i < n * j; i++)
        if (!isfinite(Y[i]))
            return -1;
    p->ratio = xmalloc(j * sizeof(*p->ratio));
    p->gap = xmalloc(n * j * sizeof(*p->gap));
    p->rmspe_pre = xmalloc(j * sizeof(*p->rmspe_pre));
    /* the donors' pre-periods and their cross products, once for every placebo: placebo
     * k's problem is the block of the other donors, its target column row k */
    double *pre = xmalloc(t0 * j * sizeof(*pre));
    for (size_t d = 0; d < j; d++)
        memcpy(pre + d * t0, Y + d * n, t0 * sizeof(double));
    double *G = xmalloc(j * j * sizeof(*G));
    gram_matrix(pre, t0, j, G);
    size_t *map = xmalloc(j * sizeof(*map));
    double *c = xmalloc(j * sizeof(*c)), *w = xmalloc(j * sizeof(*w));
    double *wfull = xmalloc(j * sizeof(*wfull));
    struct synth_workspace local;
    synth_workspace_init(&local);
    if (!ws)
        ws = &local;
    size_t units = 1, rank = 1, dropped = 0;
    for (size_t k = 0; k < j; k++) {
        for (size_t d = 0, o = 0; d < j; d++) {
            if (d == k)
                continue;
            map[o] = d;
            c[o] = G[k * j + d];
            o++;
        }
        struct gram_problem q = {G, j, map, c, G[k * j + k], j - 1};
        weights_core(&q, w, ws);
        memset(wfull, 0, j * sizeof(*wfull));
        for (size_t o = 0; o < j - 1; o++)
            wfull[map[o]] = w[o];
        /* the placebo's gap against the other donors (wfull[k] = 0) */
        struct synth_fit f;
        synth_evaluate(Y + k * n, Y, n, t0, j, wfull, p->gap + k * n, &f);
        p->rmspe_pre[k] = f.rmspe_pre;
        p->ratio[k] = f.ratio;
        bool poor = max_pre_ratio > 0 && target->rmspe_pre >= 0 &&
                    f.rmspe_pre > max_pre_ratio * target->rmspe_pre;
        if (poor || isnan(f.ratio)) {
            p->ratio[k] = NAN;
            dropped++;
            continue;
        }
        units++;
        if (!isnan(target->ratio) && f.ratio >= target->ratio)
            rank++;
    }
    free(pre);
    free(G);
    free(map);
    free(c);
    free(w);
    free(wfull);
    synth_workspace_release(&local);
    p->n_units = units;
    p->n_dropped = dropped;
    p->rank = rank;
    p->p_value = isnan(target->ratio) ? NAN : (double)rank / (double)units;
    return 0;
}

int synth_leave_one_out(const double *y, const double *Y, size_t n, size_t t0, size_t j,
                        const double *w, struct synth_workspace *ws, double *lo, double *hi,
                        size_t *refits)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    *refits = 0;
    if (j < 2 || !t0 || t0 >= n)
        return -1;
    /* the cross products of the pre-periods once; each refit is a block of them */
    double *pre = xmalloc(t0 * j * sizeof(*pre));
    for (size_t d = 0; d < j; d++)
        memcpy(pre + d * t0, Y + d * n, t0 * sizeof(double));
    double *G = xmalloc(j * j * sizeof(*G)), *cy = xmalloc(j * sizeof(*cy));
    gram_matrix(pre, t0, j, G);
    for (size_t d = 0; d < j; d++)
        cy[d] = dot(pre + d * t0, y, t0);
    double yy = dot(y, y, t0);
    size_t *map = xmalloc(j * sizeof(*map));
    double *c = xmalloc(j * sizeof(*c)), *wk = xmalloc(j * sizeof(*wk));
    double *wfull = xmalloc(j * sizeof(*wfull)), *gap = xmalloc(n * sizeof(*gap));
    struct synth_workspace local;
    synth_workspace_init(&local);
    if (!ws)
        ws = &local;
    for (size_t drop = 0; drop < j; drop++) {
        if (w[drop] <= 1e-6)
            continue;
        for (size_t d = 0, o = 0; d < j; d++) {
            if (d == drop)
                continue;
            map[o] = d;
            c[o] = cy[d];
            o++;
        }
        struct gram_problem q = {G, j, map, c, yy, j - 1};
        weights_core(&q, wk, ws);
        memset(wfull, 0, j * sizeof(*wfull));
        for (size_t o = 0; o < j - 1; o++)
            wfull[map[o]] = wk[o];
        struct synth_fit f;
        synth_evaluate(y, Y, n, t0, j, wfull, gap, &f);
        if (isfinite(f.post_ratio)) {
            *lo = fmin(*lo, f.post_ratio);
            *hi = fmax(*hi, f.post_ratio);
            (*refits)++;
        }
    }
    free(pre);
    free(G);
    free(cy);
    free(map);
    free(c);
    free(wk);
    free(wfull);
    free(gap);
    synth_workspace_release(&local);
    return 0;
}
