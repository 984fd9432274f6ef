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

static double solve_free(const double *y, const double *Y, size_t t, const size_t *free_idx,
                         size_t k, double *v)
{
    gsl_matrix *H = gsl_matrix_alloc(k, k), *L = gsl_matrix_alloc(k, k);
    gsl_vector *c = gsl_vector_alloc(k), *a = gsl_vector_alloc(k), *b = gsl_vector_alloc(k);
    double hmax = 0;
    for (size_t p = 0; p < k; p++) {
        const double *yp = Y + free_idx[p] * t;
        for (size_t q = p; q < k; q++) {
            double h = dot(yp, Y + free_idx[q] * t, t);
            gsl_matrix_set(H, p, q, h);
            gsl_matrix_set(H, q, p, h);
        }
        hmax = fmax(hmax, gsl_matrix_get(H, p, p));
        gsl_vector_set(c, p, dot(yp, y, t));
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
    if (!ws)
        ws = &local;
    /* scratch: residual t, gradient j, free flags j (as doubles), v j, free_idx j */
    double *scratch = ws_get(ws, t + 3 * j);
    double *resid = scratch, *grad = scratch + t, *v = scratch + t + j;
    double *is_free = scratch + t + 2 * j;
    size_t *free_idx = xmalloc(j * sizeof(*free_idx));

    /* Start from the single best donor: a feasible vertex, and the working problems
     * stay as small as the number of donors that earn a weight. */
    size_t best = 0;
    double best_ss = INFINITY;
    for (size_t d = 0; d < j; d++) {
        double ss = 0;
        for (size_t i = 0; i < t; i++) {
            double e = y[i] - Y[d * t + i];
            ss += e * e;
        }
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
    double scale = dot(y, y, t);
    for (size_t d = 0; d < j; d++)
        scale = fmax(scale, dot(Y + d * t, Y + d * t, t));
    double tol = 1e-11 * fmax(scale, 1e-300);
    size_t max_iter = 20 * j + 200, it = 0;
    for (; it < max_iter; it++) {
        size_t k = 0;
        for (size_t d = 0; d < j; d++)
            if (is_free[d])
                free_idx[k++] = d;
        double lambda = solve_free(y, Y, t, free_idx, k, v);
        double step = 0;
        for (size_t a = 0; a < k; a++)
            step = fmax(step, fabs(v[a] - w[free_idx[a]]));
        if (step <= 1e-12) {
            /* optimal on the free set: does a fixed donor want a weight? */
            for (size_t i = 0; i < t; i++)
                resid[i] = -y[i];
            for (size_t d = 0; d < j; d++)
                if (w[d] != 0)
                    for (size_t i = 0; i < t; i++)
                        resid[i] += Y[d * t + i] * w[d];
            size_t enter = j;
            double most = -tol;
            for (size_t d = 0; d < j; d++) {
                if (is_free[d])
                    continue;
                grad[d] = dot(Y + d * t, resid, t);
                double mu = grad[d] + lambda; /* the multiplier of w[d] >= 0 */
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
    p->ratio = xmalloc(j * sizeof(*p->ratio));
    p->gap = xmalloc(n * j * sizeof(*p->gap));
    p->rmspe_pre = xmalloc(j * sizeof(*p->rmspe_pre));
    /* the other donors: Y without column k, as a t0 x (j-1) block for the weights and
     * the whole n x (j-1) for the gaps */
    double *others = xmalloc(n * (j - 1) * sizeof(*others));
    double *pre = xmalloc(t0 * (j - 1) * sizeof(*pre));
    double *w = xmalloc((j - 1) * sizeof(*w));
    int rc = 0;
    size_t units = 1, rank = 1, dropped = 0;
    for (size_t k = 0; k < j && rc == 0; k++) {
        for (size_t d = 0, o = 0; d < j; d++) {
            if (d == k)
                continue;
            memcpy(others + o * n, Y + d * n, n * sizeof(double));
            memcpy(pre + o * t0, Y + d * n, t0 * sizeof(double));
            o++;
        }
        const double *yk = Y + k * n;
        if (synth_weights(yk, pre, t0, j - 1, w, ws, NULL) != 0) {
            rc = -1;
            break;
        }
        struct synth_fit f;
        synth_evaluate(yk, others, n, t0, j - 1, w, p->gap + k * n, &f);
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
    free(others);
    free(pre);
    free(w);
    if (rc != 0)
        return rc;
    p->n_units = units;
    p->n_dropped = dropped;
    p->rank = rank;
    p->p_value = isnan(target->ratio) ? NAN : (double)rank / (double)units;
    return 0;
}
