/*
 * glm — IRLS with a Householder-QR least-squares step, as R's glm.fit, summary.glm
 * and MASS::glm.nb compute it.  See glm.h for the contract.
 *
 * Source map (R 4.2, MASS 7.3):
 *   irls()          stats::glm.fit (the loop, step halving, boundary, convergence);
 *                   its steps before the last by chol_step() where that is R's
 *                   solution to rounding (glm.h), the last by R's QR
 *   qr_dqrdc2()     R's src/appl/dqrdc2.f: Householder QR that moves a column whose
 *                   remaining norm falls below tol * its original norm to the end
 *                   (so R reports the *later* of two collinear columns as NA)
 *   qr_qty(), qr_solve()  LINPACK dqrsl as used by R's dqrls (Cdqrls)
 *   fit_summary()   stats::summary.glm (dispersion, cov.unscaled = chol2inv(R))
 *   theta_ml()      MASS::theta.ml (Newton on the profile score of theta)
 *   fit_negbin()    MASS::glm.nb (alternation, loglik, AIC, null deviance)
 * The family functions (link inverse with R's clamping at DBL_EPSILON, deviance
 * residuals, AIC) are those of stats::poisson(), binomial() and MASS's
 * negative.binomial().
 */
#include "stats/glm.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>

#include "util/xalloc.h"

/* ------------------------------------------------------------------ workspace */

struct glm_workspace {
    size_t cap_n, cap_p;
    double *qr;      /* cap_n * cap_p, column-major: weighted design, then its QR */
    double *qraux;   /* cap_p */
    double *qrwork;  /* 2 * cap_p */
    size_t *pivot;   /* cap_p: original column of each pivoted column */
    double *coef;    /* cap_p: solution in pivoted order */
    double *beta;    /* cap_p: current coefficients, caller's order (aliased = 0) */
    double *beta_old;/* cap_p */
    double *rinv;    /* cap_p * cap_p */
    double *z;       /* cap_n: weighted working response, then Q'z */
    double *w;       /* cap_n: sqrt of the working weights (0 = row not used) */
    double *eta;     /* cap_n */
    double *mu;      /* cap_n */
    double *y;       /* cap_n: response on the family scale (binomial: proportion) */
    double *pw;      /* cap_n: prior weights (binomial: trials) */
    double *off;     /* cap_n: offset or zeros */
    double *tmp;     /* cap_n */
    double *ones;    /* cap_n: the intercept-only design for the null model */
    double *nsx;     /* cap_n * cap_p: design rows off the boundary (divergence check) */
    /* The normal-equations step (chol_step): the design's non-zeros by row, built
     * once per IRLS, and the p x p cross product and its Cholesky factor. */
    unsigned *sp_col;/* cap_n * cap_p: column of each non-zero, row by row */
    double *sp_val;  /* cap_n * cap_p: its value */
    size_t *sp_nnz;  /* cap_n: non-zeros of each row */
    double *xtx;     /* cap_p * cap_p: X'WX (lower triangle, row-major), then L */
    double *xtz;     /* cap_p: X'Wz, then the solution */
};

static void ws_grow(struct glm_workspace *ws, size_t n, size_t p)
{
    if (n <= ws->cap_n && p <= ws->cap_p)
        return;
    size_t cn = n > ws->cap_n ? n : ws->cap_n;
    size_t cp = p > ws->cap_p ? p : ws->cap_p;
    if (cp && cn > SIZE_MAX / cp / sizeof(double))
        BUG("glm workspace too large");
    free(ws->qr);
    free(ws->qraux);
    free(ws->qrwork);
    free(ws->pivot);
    free(ws->coef);
    free(ws->beta);
    free(ws->beta_old);
    free(ws->rinv);
    free(ws->z);
    free(ws->w);
    free(ws->eta);
    free(ws->mu);
    free(ws->y);
    free(ws->pw);
    free(ws->off);
    free(ws->tmp);
    free(ws->ones);
    free(ws->nsx);
    free(ws->sp_col);
    free(ws->sp_val);
    free(ws->sp_nnz);
    free(ws->xtx);
    free(ws->xtz);
    ws->cap_n = cn;
    ws->cap_p = cp;
    ws->qr = xmalloc(cn * cp * sizeof(double));
    ws->qraux = xmalloc(cp * sizeof(double));
    ws->qrwork = xmalloc(2 * cp * sizeof(double));
    ws->pivot = xmalloc(cp * sizeof(size_t));
    ws->coef = xmalloc(cp * sizeof(double));
    ws->beta = xmalloc(cp * sizeof(double));
    ws->beta_old = xmalloc(cp * sizeof(double));
    ws->rinv = xmalloc(cp * cp * sizeof(double));
    ws->z = xmalloc(cn * sizeof(double));
    ws->w = xmalloc(cn * sizeof(double));
    ws->eta = xmalloc(cn * sizeof(double));
    ws->mu = xmalloc(cn * sizeof(double));
    ws->y = xmalloc(cn * sizeof(double));
    ws->pw = xmalloc(cn * sizeof(double));
    ws->off = xmalloc(cn * sizeof(double));
    ws->tmp = xmalloc(cn * sizeof(double));
    ws->ones = xmalloc(cn * sizeof(double));
    ws->nsx = xmalloc(cn * cp * sizeof(double));
    ws->sp_col = xmalloc(cn * cp * sizeof(unsigned));
    ws->sp_val = xmalloc(cn * cp * sizeof(double));
    ws->sp_nnz = xmalloc(cn * sizeof(size_t));
    ws->xtx = xmalloc(cp * cp * sizeof(double));
    ws->xtz = xmalloc(cp * sizeof(double));
    for (size_t i = 0; i < cn; i++)
        ws->ones[i] = 1.0;
}

struct glm_workspace *glm_workspace_new(size_t n, size_t p)
{
    struct glm_workspace *ws = xcalloc(1, sizeof(*ws));
    ws_grow(ws, n ? n : 1, p ? p : 1);
    return ws;
}

void glm_workspace_free(struct glm_workspace *ws)
{
    if (!ws)
        return;
    free(ws->qr);
    free(ws->qraux);
    free(ws->qrwork);
    free(ws->pivot);
    free(ws->coef);
    free(ws->beta);
    free(ws->beta_old);
    free(ws->rinv);
    free(ws->z);
    free(ws->w);
    free(ws->eta);
    free(ws->mu);
    free(ws->y);
    free(ws->pw);
    free(ws->off);
    free(ws->tmp);
    free(ws->ones);
    free(ws->nsx);
    free(ws->sp_col);
    free(ws->sp_val);
    free(ws->sp_nnz);
    free(ws->xtx);
    free(ws->xtz);
    free(ws);
}

/* ------------------------------------------------------------------ result */

void glm_result_init(struct glm_result *res)
{
    memset(res, 0, sizeof(*res));
    res->status = STAT_OK;
    stat_result_init(&res->theta_result);
}

void glm_result_release(struct glm_result *res)
{
    if (!res)
        return;
    free(res->coef);
    free(res->se);
    free(res->aliased);
    free(res->diverged);
    free(res->term);
    free(res->names);
    free(res->cov);
    free(res->mu);
    free(res->eta);
    glm_result_init(res);
}

static void result_reserve(struct glm_result *res, size_t n, size_t p)
{
    if (p > res->cap_p) {
        free(res->coef);
        free(res->se);
        free(res->aliased);
        free(res->diverged);
        free(res->term);
        free(res->names);
        free(res->cov);
        res->coef = xmalloc(p * sizeof(double));
        res->se = xmalloc(p * sizeof(double));
        res->aliased = xmalloc(p * sizeof(bool));
        res->diverged = xmalloc(p * sizeof(bool));
        res->term = xmalloc(p * sizeof(struct stat_result));
        res->names = xmalloc(p * sizeof(*res->names));
        res->cov = xmalloc(p * p * sizeof(double));
        res->cap_p = p;
    }
    if (n > res->cap_n) {
        free(res->mu);
        free(res->eta);
        res->mu = xmalloc(n * sizeof(double));
        res->eta = xmalloc(n * sizeof(double));
        res->cap_n = n;
    }
}

/* Resets everything that describes a fit; arrays get NaN. */
static void result_reset(struct glm_result *res, const struct glm_data *d, enum glm_family fam)
{
    size_t n = d->n, p = d->p;
    result_reserve(res, n ? n : 1, p ? p : 1);
    res->status = STAT_OK;
    stat_why_set(&res->why, STAT_R_NONE, NAN, NAN, NAN);
    res->family = fam;
    res->n = n;
    res->p = p;
    res->rank = 0;
    res->converged = false;
    res->boundary = false;
    res->iter = 0;
    res->deviance = res->null_deviance = NAN;
    res->df_residual = res->df_null = NAN;
    res->aic = res->loglik = NAN;
    res->dispersion = res->dispersion_used = NAN;
    res->dispersion_estimated = fam == GLM_QUASIPOISSON;
    res->dispersion_raised = false;
    res->theta = res->theta_se = NAN;
    res->theta_alternations = 0;
    res->theta_infinite = false;
    stat_result_init(&res->theta_result);
    for (size_t j = 0; j < p; j++) {
        res->coef[j] = res->se[j] = NAN;
        res->aliased[j] = res->diverged[j] = false;
        stat_result_init(&res->term[j]);
        res->term[j].n = (double)n;
        if (d->names && d->names[j]) { /* as snprintf "%s" (cut), without it: per fit */
            size_t len = strnlen(d->names[j], GLM_NAME_SIZE - 1);
            memcpy(res->names[j], d->names[j], len);
            res->names[j][len] = '\0';
        } else
            snprintf(res->names[j], GLM_NAME_SIZE, "x%zu", j + 1);
    }
    for (size_t k = 0; k < p * p; k++)
        res->cov[k] = NAN;
    for (size_t i = 0; i < n; i++)
        res->mu[i] = res->eta[i] = NAN;
}

/* Fails the fit and every term with a reason (numbers as its code documents). */
static void fit_fail(struct glm_result *res, enum stat_status st, enum stat_reason code,
                     double x0, double x1)
{
    stat_why_set(&res->why, code, x0, x1, NAN);
    res->status = st;
    for (size_t j = 0; j < res->p; j++)
        stat_result_fail_why(&res->term[j], st, &res->why);
    if (res->family == GLM_NEGBIN && res->theta_result.status == STAT_OK)
        stat_result_fail_why(&res->theta_result, st, &res->why);
}

/* Raises the fit-level status to st with a reason, unless a problem is already
 * recorded. */
static void fit_flag(struct glm_result *res, enum stat_status st, enum stat_reason code,
                     double x0, double x1)
{
    if (res->status != STAT_OK)
        return;
    stat_why_set(&res->why, code, x0, x1, NAN);
    res->status = st;
}

struct glm_options glm_options_default(enum glm_family family)
{
    struct glm_options o = {family, 1e-8, 25, 0.95, 0.0, false, false};
    return o;
}

const char *glm_family_name(enum glm_family family)
{
    switch (family) {
    case GLM_POISSON:
        return "Poisson";
    case GLM_QUASIPOISSON:
        return "quasi-Poisson";
    case GLM_BINOMIAL:
        return "binomial";
    case GLM_NEGBIN:
        return "negative binomial";
    }
    return "unknown";
}

int glm_term_index(const struct glm_result *res, const char *name)
{
    for (size_t j = 0; j < res->p; j++)
        if (strcmp(res->names[j], name) == 0)
            return (int)j;
    return -1;
}

/* ------------------------------------------------------------------ families */

enum fam { F_POIS, F_BINOM, F_NB };

/* R's make.link("log") and C logit_linkinv / logit_mu_eta. */
#define LOGIT_THRESH 30.0
#define LOGIT_MTHRESH (-30.0)

static inline double linkinv(enum fam f, double eta)
{
    if (f == F_BINOM) {
        double t = eta < LOGIT_MTHRESH ? DBL_EPSILON : (eta > LOGIT_THRESH ? 1.0 / DBL_EPSILON : exp(eta));
        return t / (1.0 + t);
    }
    double m = exp(eta);
    return m > DBL_EPSILON ? m : DBL_EPSILON;
}

static inline double mu_eta(enum fam f, double eta)
{
    if (f == F_BINOM) {
        double opexp = 1.0 + exp(eta);
        return (eta > LOGIT_THRESH || eta < LOGIT_MTHRESH) ? DBL_EPSILON : exp(eta) / (opexp * opexp);
    }
    double m = exp(eta);
    return m > DBL_EPSILON ? m : DBL_EPSILON;
}

static inline double linkfun(enum fam f, double mu)
{
    return f == F_BINOM ? log(mu / (1.0 - mu)) : log(mu);
}

static inline double variance(enum fam f, double mu, double theta)
{
    switch (f) {
    case F_POIS:
        return mu;
    case F_BINOM:
        return mu * (1.0 - mu);
    case F_NB:
        return mu + mu * mu / theta;
    }
    return NAN;
}

static inline double y_log_y(double y, double mu)
{
    return y != 0.0 ? y * log(y / mu) : 0.0;
}

/* sum(dev.resids(y, mu, wt)), accumulated in long double as R's sum() does. */
static double deviance(enum fam f, double theta, size_t n, const double *y, const double *mu,
                       const double *wt)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++) {
        double d;
        switch (f) {
        case F_POIS:
            d = y[i] > 0 ? wt[i] * (y[i] * log(y[i] / mu[i]) - (y[i] - mu[i])) : mu[i] * wt[i];
            break;
        case F_BINOM:
            d = wt[i] * (y_log_y(y[i], mu[i]) + y_log_y(1.0 - y[i], 1.0 - mu[i]));
            break;
        default: /* F_NB */
            d = wt[i] * (y[i] * log((y[i] > 1.0 ? y[i] : 1.0) / mu[i]) -
                         (y[i] + theta) * log((y[i] + theta) / (mu[i] + theta)));
            break;
        }
        s += 2.0 * d;
    }
    return (double)s;
}

static bool valid_mu(enum fam f, size_t n, const double *mu)
{
    for (size_t i = 0; i < n; i++) {
        switch (f) {
        case F_POIS:
            if (!isfinite(mu[i]) || !(mu[i] > 0))
                return false;
            break;
        case F_BINOM:
            if (!isfinite(mu[i]) || !(mu[i] > 0 && mu[i] < 1))
                return false;
            break;
        case F_NB:
            if (!(mu[i] > 0))
                return false;
            break;
        }
    }
    return true;
}

/* Twice the negative log-likelihood part of R's family$aic (without 2 * rank). */
static double aic_part(enum fam f, size_t n, const double *y, const double *mu,
                       const double *wt)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++) {
        if (wt[i] == 0)
            continue;
        double ll;
        if (f == F_POIS) {
            ll = (y[i] == 0 ? 0.0 : y[i] * log(mu[i])) - mu[i] - lgamma(y[i] + 1.0);
            ll *= wt[i];
        } else { /* binomial: m = trials, y = proportion; dbinom(round(m*y), round(m), mu) */
            double m = round(wt[i]), x = round(wt[i] * y[i]);
            ll = lgamma(m + 1.0) - lgamma(x + 1.0) - lgamma(m - x + 1.0);
            if (x > 0)
                ll += x * log(mu[i]);
            if (m - x > 0)
                ll += (m - x) * log1p(-mu[i]);
        }
        s += ll;
    }
    return (double)(-2.0L * s);
}

/* MASS::glm.nb's loglik(n, th, mu, y, w). */
static double nb_loglik(double th, size_t n, const double *y, const double *mu, const double *w)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++)
        s += w[i] * (lgamma(th + y[i]) - lgamma(th) - lgamma(y[i] + 1.0) + th * log(th) +
                     y[i] * log(mu[i] + (y[i] == 0 ? 1.0 : 0.0)) - (th + y[i]) * log(th + mu[i]));
    return (double)s;
}

/* ------------------------------------------------------------------ QR */

static inline double dot(const double *restrict a, const double *restrict b, size_t m)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= m; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < m; i++)
        s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

static inline void axpy(double t, const double *restrict a, double *restrict b, size_t m)
{
    for (size_t i = 0; i < m; i++)
        b[i] += t * a[i];
}

/* Euclidean norm without overflow (as LINPACK's dnrm2, to rounding): the plain sum
 * of squares when it is safely inside the double range, else the scaled loop. */
static double nrm2(const double *a, size_t m)
{
    double s = dot(a, a, m);
    if (s > 1e-280 && s < 1e280)
        return sqrt(s);
    if (s == 0)
        return 0;
    double scale = 0, ssq = 1;
    for (size_t i = 0; i < m; i++) {
        if (a[i] != 0) {
            double ax = fabs(a[i]);
            if (scale < ax) {
                ssq = 1 + ssq * (scale / ax) * (scale / ax);
                scale = ax;
            } else {
                ssq += (ax / scale) * (ax / scale);
            }
        }
    }
    return scale * sqrt(ssq);
}

/*
 * R's dqrdc2: Householder QR of the n x p column-major matrix a (leading dimension
 * n) with limited pivoting.  Returns the rank k; pivot[j] is the original index of
 * pivoted column j; columns k..p-1 are the ones R reports as aliased.
 */
static size_t qr_dqrdc2(double *a, size_t n, size_t p, double tol, double *qraux, size_t *pivot,
                        double *work)
{
    double *norm_now = work, *norm_orig = work + p;
    for (size_t j = 0; j < p; j++) {
        pivot[j] = j;
        qraux[j] = nrm2(a + j * n, n);
        norm_now[j] = qraux[j];
        norm_orig[j] = qraux[j] == 0 ? 1.0 : qraux[j];
    }
    size_t lup = n < p ? n : p;
    size_t kk = p; /* Fortran's k - 1: columns not yet moved to the end */
    for (size_t l = 0; l < lup; l++) {
        /* Cycle negligible columns to the end. */
        while (l < kk && qraux[l] < norm_orig[l] * tol) {
            double *col = a + l * n;
            for (size_t i = 0; i < n; i++) {
                double t = col[i];
                for (size_t j = l + 1; j < p; j++)
                    a[(j - 1) * n + i] = a[j * n + i];
                a[(p - 1) * n + i] = t;
            }
            size_t pv = pivot[l];
            double q = qraux[l], t1 = norm_now[l], t2 = norm_orig[l];
            for (size_t j = l + 1; j < p; j++) {
                pivot[j - 1] = pivot[j];
                qraux[j - 1] = qraux[j];
                norm_now[j - 1] = norm_now[j];
                norm_orig[j - 1] = norm_orig[j];
            }
            pivot[p - 1] = pv;
            qraux[p - 1] = q;
            norm_now[p - 1] = t1;
            norm_orig[p - 1] = t2;
            kk--;
        }
        if (l == n - 1)
            break;
        double *cl = a + l * n + l;
        size_t m = n - l;
        double nrmxl = nrm2(cl, m);
        if (nrmxl == 0)
            continue;
        if (cl[0] != 0)
            nrmxl = copysign(nrmxl, cl[0]);
        double inv = 1.0 / nrmxl;
        for (size_t i = 0; i < m; i++)
            cl[i] *= inv;
        cl[0] += 1.0;
        for (size_t j = l + 1; j < p; j++) {
            double *cj = a + j * n + l;
            double t = -dot(cl, cj, m) / cl[0];
            axpy(t, cl, cj, m);
            if (qraux[j] == 0)
                continue;
            double tt = 1.0 - (fabs(cj[0]) / qraux[j]) * (fabs(cj[0]) / qraux[j]);
            if (tt < 0)
                tt = 0;
            if (fabs(tt) < 1e-6) {
                qraux[j] = nrm2(cj + 1, m - 1);
                norm_now[j] = qraux[j];
            } else {
                qraux[j] *= sqrt(tt);
            }
        }
        qraux[l] = cl[0];
        cl[0] = -nrmxl;
    }
    return kk < n ? kk : n;
}

/* y := Q'y for the first k reflectors (LINPACK dqrsl, job 1000). */
static void qr_qty(double *a, size_t n, size_t k, const double *qraux, double *y)
{
    size_t ju = k < n - 1 ? k : n - 1;
    for (size_t j = 0; j < ju; j++) {
        if (qraux[j] == 0)
            continue;
        double *cj = a + j * n + j;
        double diag = cj[0];
        cj[0] = qraux[j];
        double t = -dot(cj, y + j, n - j) / cj[0];
        axpy(t, cj, y + j, n - j);
        cj[0] = diag;
    }
}

/* Solves R b = qty for the leading k x k triangle (dqrsl, job 100). */
static bool qr_solve(const double *a, size_t n, size_t k, const double *qty, double *b)
{
    for (size_t j = 0; j < k; j++)
        b[j] = qty[j];
    for (size_t jj = k; jj-- > 0;) {
        double d = a[jj * n + jj];
        if (d == 0)
            return false;
        b[jj] /= d;
        double t = -b[jj];
        for (size_t i = 0; i < jj; i++)
            b[i] += t * a[jj * n + i];
    }
    return true;
}

/* ------------------------------------------------------------------ IRLS */

enum irls_error {
    IRLS_OK = 0,
    IRLS_NO_START,     /* starting values invalid */
    IRLS_NO_VALID,     /* non-finite deviance at the first iteration */
    IRLS_NONFINITE,    /* non-finite coefficients */
    IRLS_STEP,         /* step halving failed */
    IRLS_NO_INFO,      /* no observation informative */
    IRLS_VARIANCE      /* NAs or zeros in V(mu) */
};

struct irls {
    size_t n, p;
    const double *x;  /* column-major design */
    enum fam fam;
    double theta;
    double epsilon;
    int maxit;
    /* ws->y, ws->pw, ws->off hold the response, prior weights and offset; ws->eta the
     * starting linear predictor (offset included) on entry. */
    int iter;
    bool conv, boundary;
    size_t rank;
    double dev;
    enum irls_error error;
};

/* The design's non-zeros row by row (ws->sp_*): an ITS design of 15 columns has 3-5
 * per row (intercept, time, the post terms, one month), so the cross products and
 * the linear predictor cost a fraction of the dense n x p loops. */
static void sparse_build(const double *x, size_t n, size_t p, struct glm_workspace *ws)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        unsigned *col = ws->sp_col + i * p;
        double *val = ws->sp_val + i * p;
        for (size_t j = 0; j < p; j++) {
            double v = x[j * n + i];
            if (v != 0) {
                col[k] = (unsigned)j;
                val[k++] = v;
            }
        }
        ws->sp_nnz[i] = k;
    }
}

/* eta = X beta + offset, summed per row in column order: bit for bit the dense
 * column-by-column sum (a zero term adds nothing). */
static void linear_predictor(const struct glm_workspace *ws, size_t n, size_t p,
                             const double *beta, const double *off, double *eta)
{
    for (size_t i = 0; i < n; i++) {
        const unsigned *col = ws->sp_col + i * p;
        const double *val = ws->sp_val + i * p;
        double s = 0;
        for (size_t k = 0; k < ws->sp_nnz[i]; k++)
            if (beta[col[k]] != 0)
                s += beta[col[k]] * val[k];
        eta[i] = s + off[i];
    }
}

/*
 * One weighted least-squares step by the normal equations: X'WX = LL' (Cholesky in
 * the design's column order), b = (LL')^{-1} X'Wz.  Used only when it gives R's
 * answer: every column must keep a residual, after the columns before it, of at least
 * 1e-4 of its weighted norm (squared: 1e-8) -- R's QR leaves a column out below 1e-7,
 * and Cholesky's rounding in that ratio is ~1e-16 -- so the rank is full and the
 * solution is the QR's to rounding (~1e-12 relative for these designs).  Anything
 * else (a column near or at aliasing, fewer informative rows than columns) returns
 * false and the step is made by R's QR.  On success beta holds the solution, the
 * triangle R = L' is left in ws->qr with the identity pivot (what fit_summary reads
 * as R's QR) and the rank is p.
 */
static bool chol_step(size_t n, size_t p, struct glm_workspace *ws, const double *w,
                      const double *z, double *beta)
{
    double *a = ws->xtx, *b = ws->xtz;
    for (size_t k = 0; k < p * p; k++)
        a[k] = 0;
    for (size_t j = 0; j < p; j++)
        b[j] = 0;
    double u[64];
    for (size_t i = 0; i < n; i++) {
        if (w[i] == 0)
            continue;
        const unsigned *col = ws->sp_col + i * p;
        const double *val = ws->sp_val + i * p;
        size_t m = ws->sp_nnz[i];
        for (size_t k = 0; k < m; k++)
            u[k] = val[k] * w[i];
        for (size_t k = 0; k < m; k++) {
            double *row = a + (size_t)col[k] * p;
            b[col[k]] += u[k] * z[i];
            for (size_t l = 0; l <= k; l++)
                row[col[l]] += u[k] * u[l];
        }
    }
    for (size_t j = 0; j < p; j++) {
        double *rj = a + j * p;
        double ajj = rj[j];
        double d = ajj;
        for (size_t k = 0; k < j; k++)
            d -= rj[k] * rj[k];
        if (!(ajj > 0) || !(d > 1e-8 * ajj) || !isfinite(d))
            return false;
        double ljj = sqrt(d);
        rj[j] = ljj;
        for (size_t i = j + 1; i < p; i++) {
            double *ri = a + i * p;
            double s = ri[j];
            for (size_t k = 0; k < j; k++)
                s -= ri[k] * rj[k];
            ri[j] = s / ljj;
        }
    }
    /* L y = X'Wz, then L' beta = y */
    for (size_t j = 0; j < p; j++) {
        double s = b[j];
        for (size_t k = 0; k < j; k++)
            s -= a[j * p + k] * b[k];
        b[j] = s / a[j * p + j];
    }
    for (size_t j = p; j-- > 0;) {
        double s = b[j];
        for (size_t i = j + 1; i < p; i++)
            s -= a[i * p + j] * b[i];
        b[j] = s / a[j * p + j];
    }
    for (size_t j = 0; j < p; j++) {
        if (!isfinite(b[j]))
            return false;
        beta[j] = b[j];
        ws->pivot[j] = j;
        for (size_t i = 0; i <= j; i++)
            ws->qr[j * n + i] = a[j * p + i]; /* R[i][j] = L[j][i] */
    }
    return true;
}

static void irls(struct irls *it, struct glm_workspace *ws)
{
    size_t n = it->n, p = it->p;
    enum fam f = it->fam;
    const double *y = ws->y, *pw = ws->pw, *off = ws->off;
    double *eta = ws->eta, *mu = ws->mu, *w = ws->w, *z = ws->z;
    double *beta = ws->beta, *beta_old = ws->beta_old;
    double tol = 1e-7 < it->epsilon / 1000 ? 1e-7 : it->epsilon / 1000;
    bool have_old = false;

    it->iter = 0;
    it->conv = it->boundary = false;
    it->rank = 0;
    it->error = IRLS_OK;
    sparse_build(it->x, n, p, ws);
    for (size_t i = 0; i < n; i++)
        mu[i] = linkinv(f, eta[i]);
    if (!valid_mu(f, n, mu)) {
        it->error = IRLS_NO_START;
        return;
    }
    double devold = deviance(f, it->theta, n, y, mu, pw);
    double dev = devold;
    for (size_t j = 0; j < p; j++)
        beta[j] = beta_old[j] = 0;

    for (int iter = 1; iter <= it->maxit; iter++) {
        it->iter = iter;
        size_t n_good = 0;
        for (size_t i = 0; i < n; i++) {
            double v = variance(f, mu[i], it->theta);
            if (pw[i] > 0 && (isnan(v) || v == 0)) {
                it->error = IRLS_VARIANCE;
                return;
            }
            /* log link: mu.eta(eta) = pmax(exp(eta), eps) = linkinv(eta) = mu */
            double me = f == F_BINOM ? mu_eta(f, eta[i]) : mu[i];
            if (pw[i] > 0 && me != 0) {
                w[i] = sqrt(pw[i] * me * me / v);
                z[i] = ((eta[i] - off[i]) + (y[i] - mu[i]) / me) * w[i];
                n_good++;
            } else {
                w[i] = 0;
                z[i] = 0;
            }
        }
        if (n_good == 0) {
            it->error = IRLS_NO_INFO;
            return;
        }
        /* The step by the normal equations (chol_step) where it gives R's answer to
         * rounding; the step that converges is then made once more by R's QR from the
         * same weights, so the estimates and the covariance that summary.glm reads are
         * those of R's algorithm, not only equal to them to ~1e-12. */
        bool fast, redo = false;
    again:
        fast = !redo && n_good >= p && p <= 64 && chol_step(n, p, ws, w, z, beta);
        if (fast) {
            it->rank = p;
        } else {
            for (size_t j = 0; j < p; j++) {
                const double *xj = it->x + j * n;
                double *qj = ws->qr + j * n;
                for (size_t i = 0; i < n; i++)
                    qj[i] = xj[i] * w[i];
            }
            size_t rank = qr_dqrdc2(ws->qr, n, p, tol, ws->qraux, ws->pivot, ws->qrwork);
            if (rank > n_good)
                rank = n_good;
            it->rank = rank;
            qr_qty(ws->qr, n, rank, ws->qraux, z);
            if (!qr_solve(ws->qr, n, rank, z, ws->coef)) {
                it->error = IRLS_NONFINITE;
                return;
            }
            bool finite = true;
            for (size_t j = 0; j < p; j++) {
                double c = j < rank ? ws->coef[j] : 0.0;
                if (!isfinite(c))
                    finite = false;
                beta[ws->pivot[j]] = c;
            }
            if (!finite) {
                it->error = IRLS_NONFINITE;
                return;
            }
        }
        linear_predictor(ws, n, p, beta, off, eta);
        for (size_t i = 0; i < n; i++)
            mu[i] = linkinv(f, eta[i]);
        dev = deviance(f, it->theta, n, y, mu, pw);
        it->boundary = false;
        if (!isfinite(dev)) {
            if (!have_old) {
                it->error = IRLS_NO_VALID;
                return;
            }
            int ii = 1;
            while (!isfinite(dev)) {
                if (ii > it->maxit) {
                    it->error = IRLS_STEP;
                    return;
                }
                ii++;
                for (size_t j = 0; j < p; j++)
                    beta[j] = (beta[j] + beta_old[j]) / 2;
                linear_predictor(ws, n, p, beta, off, eta);
                for (size_t i = 0; i < n; i++)
                    mu[i] = linkinv(f, eta[i]);
                dev = deviance(f, it->theta, n, y, mu, pw);
            }
            it->boundary = true;
        }
        if (!valid_mu(f, n, mu)) {
            if (!have_old) {
                it->error = IRLS_NO_VALID;
                return;
            }
            int ii = 1;
            while (!valid_mu(f, n, mu)) {
                if (ii > it->maxit) {
                    it->error = IRLS_STEP;
                    return;
                }
                ii++;
                for (size_t j = 0; j < p; j++)
                    beta[j] = (beta[j] + beta_old[j]) / 2;
                linear_predictor(ws, n, p, beta, off, eta);
                for (size_t i = 0; i < n; i++)
                    mu[i] = linkinv(f, eta[i]);
            }
            it->boundary = true;
            dev = deviance(f, it->theta, n, y, mu, pw);
        }
        if (fabs(dev - devold) / (fabs(dev) + 0.1) < it->epsilon) {
            if (fast) {
                redo = true;
                goto again;
            }
            it->conv = true;
            break;
        }
        devold = dev;
        for (size_t j = 0; j < p; j++)
            beta_old[j] = beta[j];
        have_old = true;
    }
    it->dev = dev;
}

/* ------------------------------------------------------------------ theta.ml */

enum theta_warn { THETA_OK = 0, THETA_LIMIT, THETA_ZERO, THETA_NONFINITE };

/* MASS::theta.ml(y, mu, n = sum(w), w, limit): Newton on the score of theta. */
static double theta_ml(size_t n, const double *y, const double *mu, const double *w, int limit,
                       double *se, enum theta_warn *warn)
{
    long double sw = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
        sw += w[i];
        double r = y[i] / mu[i] - 1.0;
        s += w[i] * r * r;
    }
    double t0 = (double)(sw / s);
    double del = 1, info = NAN;
    double eps = pow(DBL_EPSILON, 0.25);
    int it = 0;
    *warn = THETA_OK;
    if (!isfinite(t0)) {
        *warn = THETA_NONFINITE;
        *se = NAN;
        return t0;
    }
    while (++it < limit && fabs(del) > eps) {
        t0 = fabs(t0);
        long double sc = 0, inf = 0;
        double psi_t = gsl_sf_psi(t0), psi1_t = gsl_sf_psi_1(t0), lt = log(t0);
        for (size_t i = 0; i < n; i++) {
            double a = t0 + y[i], b = mu[i] + t0;
            sc += w[i] * (gsl_sf_psi(a) - psi_t + lt + 1.0 - log(b) - a / b);
            inf += w[i] * (-gsl_sf_psi_1(a) + psi1_t - 1.0 / t0 + 2.0 / b - a / (b * b));
        }
        info = (double)inf;
        del = (double)sc / info;
        t0 += del;
        if (!isfinite(t0)) {
            *warn = THETA_NONFINITE;
            *se = NAN;
            return t0;
        }
    }
    if (t0 < 0) {
        t0 = 0;
        *warn = THETA_ZERO;
    }
    if (it == limit)
        *warn = THETA_LIMIT;
    *se = sqrt(1.0 / info);
    return t0;
}

/* ------------------------------------------------------------------ summary */

/* Fills coefficients, covariance, SEs and per-term results from the IRLS state
 * left in ws (the QR of the last iteration, as summary.glm uses it). */
static void fit_summary(const struct glm_data *d, const struct glm_options *opt,
                        struct glm_workspace *ws, struct glm_result *res)
{
    size_t n = d->n, p = d->p, k = res->rank;
    /* Rinv = R^{-1} for the leading k x k triangle; cov.unscaled = Rinv Rinv'. */
    double *rinv = ws->rinv;
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < k; i++)
            rinv[i * k + j] = 0;
        rinv[j * k + j] = 1.0 / ws->qr[j * n + j];
        for (size_t i = j; i-- > 0;) {
            double s = 0;
            for (size_t l = i + 1; l <= j; l++)
                s += ws->qr[l * n + i] * rinv[l * k + j];
            rinv[i * k + j] = -s / ws->qr[i * n + i];
        }
    }
    double disp = res->dispersion;
    res->dispersion_raised = opt->family == GLM_QUASIPOISSON && disp < opt->min_dispersion;
    if (res->dispersion_raised)
        disp = opt->min_dispersion;
    res->dispersion_used = disp;
    for (size_t a = 0; a < k; a++) {
        for (size_t b = a; b < k; b++) {
            size_t l0 = b; /* rows a and b of Rinv are zero before their diagonals */
            double s = 0;
            for (size_t l = l0; l < k; l++)
                s += rinv[a * k + l] * rinv[b * k + l];
            size_t ia = ws->pivot[a], ib = ws->pivot[b];
            res->cov[ia * p + ib] = res->cov[ib * p + ia] = s * disp;
        }
    }
    for (size_t j = 0; j < p; j++) {
        size_t orig = ws->pivot[j];
        res->aliased[orig] = j >= k;
        res->coef[orig] = j < k ? ws->beta[orig] : NAN;
    }
    double zq = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - opt->conf_level) / 2.0);
    for (size_t j = 0; j < p; j++) {
        struct stat_result *t = &res->term[j];
        stat_result_init(t);
        t->n = (double)n;
        if (res->aliased[j])
            continue; /* messages set by the caller */
        double se = sqrt(res->cov[j * p + j]);
        res->se[j] = se;
        t->estimate = res->coef[j];
        t->std_error = se;
        t->statistic = res->coef[j] / se;
        t->conf_level = opt->conf_level;
        t->conf_low = res->coef[j] - zq * se;
        t->conf_high = res->coef[j] + zq * se;
        if (res->dispersion_estimated && !res->dispersion_raised) {
            t->df = res->df_residual;
            t->p_value = 2.0 * gsl_cdf_tdist_Q(fabs(t->statistic), res->df_residual);
        } else {
            t->p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(t->statistic));
        }
    }
}

/* Appends ", 'name'" for up to three names to buf. */
static void list_names(char *buf, size_t size, const struct glm_result *res, const bool *which,
                       size_t skip)
{
    size_t used = strlen(buf), shown = 0, total = 0;
    for (size_t j = 0; j < res->p; j++) {
        if (!which[j] || j == skip)
            continue;
        total++;
        if (shown < 3 && used < size) {
            int w = snprintf(buf + used, size - used, "%s'%s'", shown ? ", " : "", res->names[j]);
            if (w > 0)
                used += (size_t)w;
            shown++;
        }
    }
    if (total > shown && used < size)
        snprintf(buf + used, size - used, ", … (+%zu)", total - shown);
}

/*
 * Aliased columns: R's pivoted QR puts them last.  For each, the combination of
 * estimable columns it equals is R11^{-1} R12 (the null-space vector of X); the
 * columns with non-zero weight in it are named in the message.
 */
static void explain_aliased(struct glm_workspace *ws, struct glm_result *res)
{
    size_t n = res->n, p = res->p, k = res->rank;
    bool related[64];
    for (size_t jj = k; jj < p; jj++) {
        size_t col = ws->pivot[jj];
        memset(related, 0, sizeof(related));
        /* Solve R11 c = R12[:, jj]; qr holds R12 in rows 0..k-1 of pivoted column jj. */
        double *c = ws->tmp;
        bool ok = k <= n && qr_solve(ws->qr, n, k, ws->qr + jj * n, c);
        double scale = 0;
        for (size_t i = 0; ok && i < k; i++)
            scale = fmax(scale, fabs(c[i]));
        for (size_t i = 0; ok && i < k; i++)
            if (ws->pivot[i] < 64 && fabs(c[i]) > 1e-7 * (scale > 1 ? scale : 1))
                related[ws->pivot[i]] = true;
        char others[160] = "";
        bool any = false;
        for (size_t i = 0; i < p && i < 64; i++)
            any |= related[i];
        if (any && p <= 64)
            list_names(others, sizeof(others), res, related, SIZE_MAX);
        struct stat_result *t = &res->term[col];
        if (any && p <= 64)
            {
            stat_result_fail(t, STAT_RANK_DEFICIENT, STAT_R_GLM_ALIASED_WITH);
            char both[GLM_NAME_SIZE + sizeof(others) + 2];
            snprintf(both, sizeof(both), "%s\x1f%s", res->names[col], others);
            stat_why_name(&t->why, both);
        }
        else
            {
            stat_result_fail(t, STAT_RANK_DEFICIENT, STAT_R_GLM_ALIASED);
            stat_why_name(&t->why, res->names[col]);
        }
    }
}

/*
 * Terms at the boundary.  An observation is at the boundary when its fitted mean
 * sits (numerically) where the likelihood pushes it to infinity: a zero count with a
 * fitted mean ~0, or a binomial proportion of 0 or 1 fitted as 0 or 1.  A
 * coefficient is not identified by the remaining observations when it has weight
 * in the null space of the design restricted to them; R then "converges" with a huge
 * estimate and a huge SE, which we report as not estimable.  Returns the number of
 * terms flagged.
 */
static size_t flag_boundary_terms(const struct glm_data *d, enum fam f, struct glm_workspace *ws,
                                  struct glm_result *res)
{
    size_t n = d->n, p = d->p;
    const double *y = ws->y, *mu = ws->mu;
    double ymean = 0;
    size_t n_used = 0;
    for (size_t i = 0; i < n; i++)
        if (ws->pw[i] > 0) {
            ymean += y[i];
            n_used++;
        }
    ymean = n_used ? ymean / (double)n_used : 0;
    double tiny = f == F_BINOM ? 1e-7 : 1e-6 * (ymean > 1 ? ymean : 1);
    size_t m = 0, n_boundary = 0;
    bool *at = xmalloc((n ? n : 1) * sizeof(bool));
    for (size_t i = 0; i < n; i++) {
        bool b;
        if (ws->pw[i] == 0)
            b = true; /* no information either way */
        else if (f == F_BINOM)
            b = (y[i] == 0 && mu[i] < tiny) || (y[i] == 1 && 1 - mu[i] < tiny);
        else
            b = y[i] == 0 && mu[i] < tiny;
        at[i] = b;
        if (b && ws->pw[i] > 0)
            n_boundary++;
    }
    if (n_boundary == 0) {
        free(at);
        return 0;
    }
    /* Estimable columns restricted to rows off the boundary. */
    size_t *cols = xmalloc(p * sizeof(size_t));
    size_t q = 0;
    for (size_t j = 0; j < p; j++)
        if (!res->aliased[j])
            cols[q++] = j;
    for (size_t i = 0; i < n; i++)
        if (!at[i])
            m++;
    size_t flagged = 0;
    if (m == 0) {
        for (size_t a = 0; a < q; a++) {
            res->diverged[cols[a]] = true;
            flagged++;
        }
    } else {
        double *x = ws->nsx;
        for (size_t a = 0; a < q; a++) {
            size_t r = 0;
            for (size_t i = 0; i < n; i++)
                if (!at[i])
                    x[a * m + r++] = d->x[cols[a] * n + i];
        }
        size_t *piv = xmalloc(q * sizeof(size_t));
        double *qraux = xmalloc(q * sizeof(double));
        double *work = xmalloc(2 * q * sizeof(double));
        double *c = xmalloc(q * sizeof(double));
        size_t k = qr_dqrdc2(x, m, q, 1e-7, qraux, piv, work);
        for (size_t jj = k; jj < q; jj++) {
            /* null vector: (R11^{-1} R12[:, jj], -1) */
            bool ok = qr_solve(x, m, k, x + jj * m, c);
            res->diverged[cols[piv[jj]]] = true;
            double scale = 1;
            for (size_t i = 0; ok && i < k; i++)
                scale = fmax(scale, fabs(c[i]));
            for (size_t i = 0; i < k; i++)
                if (!ok || fabs(c[i]) > 1e-7 * scale)
                    res->diverged[cols[piv[i]]] = true;
        }
        for (size_t a = 0; a < q; a++)
            if (res->diverged[cols[a]])
                flagged++;
        free(piv);
        free(qraux);
        free(work);
        free(c);
    }
    free(cols);
    free(at);
    return flagged;
}

/* ------------------------------------------------------------------ driver */

/* Checks the data; fills ws->y, ws->pw, ws->off.  Returns false with res failed. */
static bool load_data(const struct glm_data *d, enum glm_family fam, struct glm_workspace *ws,
                      struct glm_result *res)
{
    size_t n = d->n, p = d->p;
    if (n == 0 || p == 0 || !d->x || !d->y) {
        fit_fail(res, STAT_NOT_ESTIMABLE, STAT_R_GLM_NO_DATA, NAN, NAN);
        return false;
    }
    if (fam == GLM_BINOMIAL && !d->trials) {
        fit_fail(res, STAT_INVALID_INPUT, STAT_R_GLM_NO_TRIALS, NAN, NAN);
        return false;
    }
    for (size_t k = 0; k < n * p; k++)
        if (!isfinite(d->x[k])) {
            {
                fit_fail(res, STAT_INVALID_INPUT, STAT_R_GLM_X_NOT_FINITE, (double)(k % n + 1), NAN);
                stat_why_name(&res->why, res->names[k / n]);
                for (size_t j = 0; j < res->p; j++)
                    res->term[j].why = res->why;
            }
            return false;
        }
    for (size_t i = 0; i < n; i++) {
        double yi = d->y[i];
        if (!isfinite(yi) || yi < 0) {
            fit_fail(res, STAT_INVALID_INPUT, STAT_R_GLM_Y_NEGATIVE, (double)(i + 1), NAN);
            return false;
        }
        if (fam != GLM_QUASIPOISSON && yi != floor(yi)) {
            fit_fail(res, STAT_INVALID_INPUT, STAT_R_GLM_Y_NOT_WHOLE, (double)(i + 1), NAN);
            return false;
        }
        if (d->offset && !isfinite(d->offset[i])) {
            fit_fail(res, STAT_INVALID_INPUT, STAT_R_GLM_OFFSET, (double)(i + 1), NAN);
            return false;
        }
        ws->off[i] = d->offset ? d->offset[i] : 0.0;
        if (fam == GLM_BINOMIAL) {
            double ni = d->trials[i];
            if (!isfinite(ni) || ni < 0 || ni != floor(ni) || yi > ni) {
                fit_fail(res, STAT_INVALID_INPUT, STAT_R_GLM_TRIALS_INVALID, (double)(i + 1), NAN);
                return false;
            }
            ws->pw[i] = ni;
            ws->y[i] = ni == 0 ? 0.0 : yi / ni;
        } else {
            ws->pw[i] = 1.0;
            ws->y[i] = yi;
        }
    }
    return true;
}

static void set_start(enum fam f, size_t n, struct glm_workspace *ws)
{
    for (size_t i = 0; i < n; i++) {
        double y = ws->y[i], m;
        switch (f) {
        case F_POIS:
            m = y + 0.1;
            break;
        case F_BINOM:
            m = (ws->pw[i] * y + 0.5) / (ws->pw[i] + 1.0);
            break;
        default:
            m = y + (y == 0 ? 1.0 / 6.0 : 0.0);
            break;
        }
        ws->eta[i] = linkfun(f, m);
    }
}

static enum stat_reason irls_error_reason(enum irls_error e)
{
    switch (e) {
    case IRLS_OK:
        return STAT_R_NONE;
    case IRLS_NO_START:
        return STAT_R_GLM_NO_START;
    case IRLS_NO_VALID:
        return STAT_R_GLM_NO_VALID;
    case IRLS_NONFINITE:
        return STAT_R_GLM_NONFINITE;
    case IRLS_STEP:
        return STAT_R_GLM_STEP;
    case IRLS_NO_INFO:
        return STAT_R_GLM_NO_INFO;
    case IRLS_VARIANCE:
        return STAT_R_GLM_VARIANCE;
    }
    return STAT_R_GLM_FAILED;
}

/* Runs IRLS with the start already in ws->eta; on failure fails res. */
static bool run_irls(struct irls *it, struct glm_workspace *ws, struct glm_result *res)
{
    irls(it, ws);
    if (it->error != IRLS_OK) {
        fit_fail(res, STAT_NOT_ESTIMABLE, irls_error_reason(it->error), NAN, NAN);
        return false;
    }
    return true;
}

/* Null deviance: as glm(): with an offset and an intercept, an intercept-only refit
 * started from the fitted values (glm.nb: from the family's default start); else
 * the deviance at the weighted mean (intercept) or at linkinv(offset). */
static double null_deviance(const struct glm_data *d, enum fam f, double theta, bool nb_default_start,
                            const struct glm_options *opt, struct glm_workspace *ws)
{
    size_t n = d->n;
    if (d->offset && d->intercept) {
        struct irls it = {.n = n, .p = 1, .x = ws->ones, .fam = f, .theta = theta,
                          .epsilon = opt->epsilon, .maxit = opt->maxit};
        if (nb_default_start)
            set_start(f, n, ws);
        else
            for (size_t i = 0; i < n; i++)
                ws->eta[i] = linkfun(f, ws->mu[i]);
        irls(&it, ws);
        return it.error == IRLS_OK ? it.dev : NAN;
    }
    double *m = ws->tmp;
    if (d->intercept) {
        long double s = 0, sw = 0;
        for (size_t i = 0; i < n; i++) {
            s += ws->pw[i] * ws->y[i];
            sw += ws->pw[i];
        }
        for (size_t i = 0; i < n; i++)
            m[i] = (double)(s / sw);
    } else {
        for (size_t i = 0; i < n; i++)
            m[i] = linkinv(f, ws->off[i]);
    }
    return deviance(f, theta, n, ws->y, m, ws->pw);
}

/* Everything after a successful IRLS: summary, flags, messages. */
static void finish_fit(const struct glm_data *d, const struct glm_options *opt, enum fam f,
                       struct irls *it, struct glm_workspace *ws,
                       struct glm_result *res)
{
    size_t n = d->n, p = d->p;
    size_t n_ok = 0;
    for (size_t i = 0; i < n; i++)
        n_ok += ws->pw[i] != 0;
    res->rank = it->rank;
    res->converged = it->conv;
    res->boundary = it->boundary;
    res->iter = it->iter;
    res->deviance = it->dev;
    res->df_residual = (double)n_ok - (double)it->rank;
    res->df_null = (double)n_ok - (d->intercept ? 1.0 : 0.0);
    for (size_t i = 0; i < n; i++) {
        res->mu[i] = ws->mu[i];
        res->eta[i] = ws->eta[i];
    }
    /* Dispersion: summary.glm's sum(weights * residuals^2) / df.residual, with the
     * working weights of the last iteration and working residuals at the final mu. */
    if (opt->family == GLM_QUASIPOISSON) {
        long double s = 0;
        for (size_t i = 0; i < n; i++) {
            double wt = ws->w[i] * ws->w[i];
            if (wt > 0) {
                double r = (ws->y[i] - ws->mu[i]) / mu_eta(f, ws->eta[i]);
                s += wt * r * r;
            }
        }
        res->dispersion = res->df_residual > 0 ? (double)(s / res->df_residual) : NAN;
    } else {
        res->dispersion = 1.0;
    }
    if ((opt->family == GLM_POISSON || opt->family == GLM_BINOMIAL) && !opt->skip_likelihood) {
        res->aic = aic_part(f, n, ws->y, ws->mu, ws->pw) + 2.0 * (double)it->rank;
        res->loglik = (double)it->rank - res->aic / 2.0;
    }
    fit_summary(d, opt, ws, res);
    if (it->rank < p) {
        explain_aliased(ws, res);
        fit_flag(res, STAT_RANK_DEFICIENT, STAT_R_GLM_RANK_DEFICIENT, NAN, NAN);
    }
    size_t flagged = flag_boundary_terms(d, f, ws, res);
    for (size_t j = 0; j < p && flagged; j++) {
        if (!res->diverged[j] || res->aliased[j])
            continue;
        struct stat_result *t = &res->term[j];
        if (f == F_BINOM)
            {
            stat_result_fail(t, STAT_SEPARATION, STAT_R_GLM_TERM_SEPARATION);
            stat_why_name(&t->why, res->names[j]);
        }
        else
            {
            stat_result_fail(t, STAT_NOT_ESTIMABLE, STAT_R_GLM_TERM_ZERO);
            stat_why_name(&t->why, res->names[j]);
        }
    }
    if (flagged) {
        if (flagged == it->rank)
            fit_flag(res, f == F_BINOM ? STAT_SEPARATION : STAT_NOT_ESTIMABLE, f == F_BINOM ? STAT_R_GLM_SEPARATED : STAT_R_GLM_ALL_ZERO, NAN, NAN);
        else
            fit_flag(res, f == F_BINOM ? STAT_SEPARATION : STAT_NOT_ESTIMABLE, STAT_R_GLM_SOME_TERMS, (double)flagged, (double)it->rank);
    }
    if (opt->family == GLM_QUASIPOISSON && !(res->df_residual > 0)) {
        fit_fail(res, STAT_NOT_ESTIMABLE, STAT_R_GLM_NO_RESIDUAL_DF, NAN, NAN);
    }
    /* Non-convergence matters unless a clearer cause (separation, divergence of every
     * term, no residual df) is already reported. */
    if (!it->conv && (res->status == STAT_OK || res->status == STAT_RANK_DEFICIENT ||
                      flagged < it->rank)) {
        stat_why_set(&res->why, STAT_R_GLM_NOT_CONVERGED, opt->maxit, NAN, NAN);
        res->status = STAT_NOT_CONVERGED;
        for (size_t j = 0; j < p; j++)
            if (res->term[j].status == STAT_OK) {
                res->term[j].status = STAT_NOT_CONVERGED;
                res->term[j].why = res->why;
            }
    }
}

static void fit_negbin(const struct glm_data *d, const struct glm_options *opt,
                       struct glm_workspace *ws, struct glm_result *res)
{
    size_t n = d->n;
    struct irls it = {.n = n, .p = d->p, .x = d->x, .fam = F_POIS, .theta = NAN,
                      .epsilon = opt->epsilon, .maxit = opt->maxit};
    set_start(F_POIS, n, ws);
    if (!run_irls(&it, ws, res))
        return;
    double *mu = res->mu; /* glm.nb's `mu`, kept between fits */
    for (size_t i = 0; i < n; i++)
        mu[i] = ws->mu[i];
    size_t n_ok = n;
    double theta_se;
    enum theta_warn warn;
    double th = theta_ml(n, ws->y, mu, ws->pw, opt->maxit, &theta_se, &warn);
    double d1 = sqrt(2.0 * fmax(1.0, (double)n_ok - (double)it.rank));
    double d2 = 1, del = 1;
    double lm = nb_loglik(th, n, ws->y, mu, ws->pw);
    double lm0 = lm + 2 * d1;
    int iter = 0;
    double fit_theta = th;
    bool broke = false;
    while (++iter <= opt->maxit && (fabs(lm0 - lm) / d1 + fabs(del) / d2) > opt->epsilon) {
        if (!(th > 0) || !isfinite(th)) {
            broke = true;
            break;
        }
        for (size_t i = 0; i < n; i++)
            ws->eta[i] = log(mu[i]);
        it.fam = F_NB;
        it.theta = th;
        fit_theta = th;
        if (!run_irls(&it, ws, res))
            return;
        double t0 = th;
        th = theta_ml(n, ws->y, mu, ws->pw, opt->maxit, &theta_se, &warn);
        for (size_t i = 0; i < n; i++)
            mu[i] = ws->mu[i];
        del = t0 - th;
        lm0 = lm;
        lm = nb_loglik(th, n, ws->y, mu, ws->pw);
    }
    bool alt_limit = iter > opt->maxit;
    res->theta_alternations = iter > opt->maxit ? opt->maxit : iter;
    if (broke || it.fam != F_NB) {
        fit_fail(res, STAT_NOT_ESTIMABLE, STAT_R_NB_NO_THETA, NAN, NAN);
        return;
    }
    finish_fit(d, opt, F_NB, &it, ws, res);
    /* finish_fit copied ws->mu (the last IRLS) into res->mu: that is R's fitted. */
    res->theta = th;
    res->theta_se = theta_se;
    res->loglik = lm;
    res->aic = -2.0 * lm + 2.0 * (double)res->rank + 2.0;
    res->converged = it.conv && !alt_limit && warn == THETA_OK;
    if (opt->skip_null_deviance)
        res->null_deviance = NAN;
    else if (d->offset && d->intercept)
        res->null_deviance = null_deviance(d, F_NB, th, true, opt, ws);
    else
        res->null_deviance = null_deviance(d, F_NB, fit_theta, false, opt, ws);
    struct stat_result *tr = &res->theta_result;
    stat_result_init(tr);
    tr->n = (double)n;
    double mean_mu = 0;
    for (size_t i = 0; i < n; i++)
        mean_mu += res->mu[i];
    mean_mu /= (double)n;
    bool poisson_like = (warn == THETA_LIMIT || alt_limit || !isfinite(th)) &&
                        th > 1000.0 * (mean_mu > 1 ? mean_mu : 1);
    if (poisson_like) {
        res->theta_infinite = true;
        stat_result_failx(tr, STAT_NOT_ESTIMABLE, STAT_R_NB_THETA_INFINITE, alt_limit, NAN, NAN);
        if (res->status == STAT_OK)
            stat_why_set(&res->why, STAT_R_NB_POISSON_LIKE, NAN, NAN, NAN);
        res->converged = it.conv;
    } else if (warn == THETA_ZERO) {
        fit_fail(res, STAT_NOT_ESTIMABLE, STAT_R_NB_THETA_ZERO, NAN, NAN);
    } else if (warn == THETA_LIMIT || alt_limit) {
        tr->estimate = th;
        tr->std_error = theta_se;
        tr->status = STAT_NOT_CONVERGED;
        stat_result_notex(tr, STAT_R_NB_NOT_CONVERGED, alt_limit, NAN, NAN);
        if (res->status == STAT_OK || res->status == STAT_RANK_DEFICIENT) {
            res->status = STAT_NOT_CONVERGED;
            res->why = tr->why;
        }
        for (size_t j = 0; j < res->p; j++)
            if (res->term[j].status == STAT_OK) {
                res->term[j].status = STAT_NOT_CONVERGED;
                res->term[j].why = tr->why;
            }
    } else {
        tr->estimate = th;
        tr->std_error = theta_se;
        double zq = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - opt->conf_level) / 2.0);
        tr->conf_level = opt->conf_level;
        tr->conf_low = th - zq * theta_se;
        tr->conf_high = th + zq * theta_se;
    }
}

enum stat_status glm_fit(const struct glm_data *data, const struct glm_options *opt,
                         struct glm_workspace *ws, struct glm_result *res)
{
    struct glm_workspace *own = NULL;
    if (!ws)
        ws = own = glm_workspace_new(data->n, data->p);
    ws_grow(ws, data->n ? data->n : 1, data->p ? data->p : 1);
    result_reset(res, data, opt->family);
    if (!load_data(data, opt->family, ws, res))
        goto out;

    if (opt->family == GLM_NEGBIN) {
        fit_negbin(data, opt, ws, res);
        goto out;
    }
    enum fam f = opt->family == GLM_BINOMIAL ? F_BINOM : F_POIS;
    struct irls it = {.n = data->n, .p = data->p, .x = data->x, .fam = f, .theta = NAN,
                      .epsilon = opt->epsilon, .maxit = opt->maxit};
    set_start(f, data->n, ws);
    if (!run_irls(&it, ws, res))
        goto out;
    finish_fit(data, opt, f, &it, ws, res);
    res->null_deviance = opt->skip_null_deviance ? NAN
                                                 : null_deviance(data, f, NAN, false, opt, ws);
out:
    glm_workspace_free(own);
    return res->status;
}

bool glm_predict_link(const struct glm_result *res, const double *x0, double *eta, double *se)
{
    size_t p = res->p;
    double e = 0, v = 0;
    bool any = false;
    for (size_t a = 0; a < p; a++) {
        if (res->aliased[a] || isnan(res->coef[a]))
            continue;
        any = true;
        e += x0[a] * res->coef[a];
        for (size_t b = 0; b < p; b++)
            if (!res->aliased[b] && !isnan(res->coef[b]))
                v += x0[a] * res->cov[a * p + b] * x0[b];
    }
    if (!any) {
        *eta = *se = NAN;
        return false;
    }
    *eta = e;
    *se = sqrt(v > 0 ? v : 0);
    return true;
}
