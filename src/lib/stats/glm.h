/*
 * glm — generalised linear models fitted as R's glm.fit() fits them.
 *
 * Iteratively reweighted least squares (IRLS) as R's: the step that converges -- the
 * one whose QR summary.glm reads -- is solved by Householder QR with R's limited
 * column pivoting (LINPACK dqrdc2 as modified for R, tolerance min(1e-7,
 * epsilon/1000)), and so is every step where a column is near aliasing (its residual
 * below 1e-4 of its norm) or there are fewer informative rows than columns.  The
 * other steps solve the normal equations by Cholesky over the design's non-zeros
 * (the same solution to ~1e-12 for a full-rank, well-separated design, at a fraction
 * of the cost: an ITS design has 3-5 non-zeros per row of 15).  Starting values, the convergence rule |dev - dev_old| / (|dev| + 0.1) <
 * epsilon, maxit and step halving on a non-finite deviance follow R 4.2's glm.fit;
 * standard errors, z/t statistics and p-values follow summary.glm; the negative
 * binomial follows MASS::glm.nb (alternating theta.ml and IRLS).  Wald intervals
 * are R's confint.default(): estimate +/- qnorm(1 - alpha/2) * SE, on the link scale.
 *
 * Families (all with the canonical or log link):
 *   GLM_POISSON       glm(y ~ ..., family = poisson)            offset allowed
 *   GLM_QUASIPOISSON  glm(y ~ ..., family = quasipoisson)       dispersion = Pearson
 *                     chi-square / df.residual, t-based p-values (summary.glm)
 *   GLM_BINOMIAL      glm(cbind(x, n - x) ~ ..., family = binomial)
 *   GLM_NEGBIN        MASS::glm.nb(y ~ ...)                     theta by ML, with SE
 *
 * Problems are reported, never printed: the result's `status`/`why` describe the
 * fit as a whole, and each term's stat_result says whether that coefficient can be
 * read.  Terms that R leaves out (aliased, NA) are STAT_RANK_DEFICIENT; terms whose
 * estimate runs off to infinity because every observation they touch sits at the
 * boundary (a month whose counts are all zero, a logistic fit with perfect
 * separation) are STAT_NOT_ESTIMABLE or STAT_SEPARATION, while the other terms keep
 * R's numbers.
 *
 * Speed: a glm_workspace holds every scratch array; it grows when a larger problem
 * comes, so a loop of fits allocates nothing after the first one, and nothing is
 * allocated per iteration.
 */
#ifndef TRYGG_STATS_GLM_H
#define TRYGG_STATS_GLM_H

#include <stdbool.h>
#include <stddef.h>

#include "stats/result.h"

enum glm_family {
    GLM_POISSON,
    GLM_QUASIPOISSON,
    GLM_BINOMIAL,
    GLM_NEGBIN
};

/* The data of one fit; every pointer is borrowed for the duration of the call. */
struct glm_data {
    size_t n;                 /* observations (rows) */
    size_t p;                 /* columns of the design */
    const double *x;          /* design, column-major: column j is x[j*n .. j*n + n - 1] */
    const double *y;          /* counts (Poisson, NB) or successes (binomial) */
    const double *trials;     /* binomial only: trials per row, cbind(y, trials - y) */
    const double *offset;     /* n values added to the linear predictor; NULL = none */
    const char *const *names; /* p column names for results and messages; NULL = "x1".. */
    bool intercept;           /* column 0 is an intercept (R: the formula has one); decides
                                 the null model behind the null deviance, as in glm() */
};

struct glm_options {
    enum glm_family family;
    double epsilon;    /* glm.control(epsilon): 1e-8 */
    int maxit;         /* glm.control(maxit): 25 (also MASS's theta and alternation limit) */
    double conf_level; /* Wald interval level: 0.95 */
    double min_dispersion; /* quasi-Poisson: a Pearson dispersion below this is raised to it
                              for the SEs, and the tests are then z tests, as R's
                              summary(fit, dispersion = max(1, phi)) with 1 here: extra
                              variation may widen an interval but too little never narrows
                              it below Poisson.  0 (the default) = R's glm() as it is */
    bool skip_null_deviance; /* leave null_deviance NaN: with an offset it is a second IRLS
                                (the intercept-only refit), a tenth of a screening's fits,
                                for a number nothing reads there */
    bool skip_likelihood;   /* leave aic and loglik NaN (an lgamma per row), for the same
                               callers */
};

/* Options with R's defaults for a family. */
struct glm_options glm_options_default(enum glm_family family);

#define GLM_NAME_SIZE 48

/*
 * The result of one fit.  Arrays have p (or n, or p*p) valid entries; they belong to
 * the struct and are reused by the next glm_fit() on the same struct.
 * Initialise with glm_result_init(), free with glm_result_release().
 */
struct glm_result {
    enum stat_status status;          /* worst problem of the fit; STAT_OK if none */
    struct stat_why why;              /* reason or caveat, STAT_R_NONE if none */
    enum glm_family family;
    size_t n, p;
    size_t rank;            /* R's fit$rank */
    bool converged;         /* R's fit$converged (IRLS; for NB also the alternation) */
    bool boundary;          /* R's fit$boundary (step halving happened) */
    int iter;               /* IRLS iterations of the last fit, R's fit$iter */
    double deviance;        /* R's deviance(fit) */
    double null_deviance;   /* R's fit$null.deviance (refitted with the offset as glm()) */
    double df_residual;     /* n - (rows with zero weight) - rank */
    double df_null;
    double aic;             /* R's AIC(fit); NaN for quasi-Poisson (R: NA) */
    double loglik;          /* R's logLik(fit); NaN for quasi-Poisson */
    double dispersion;      /* 1, or Pearson chi-square / df.residual (quasi-Poisson) */
    bool dispersion_estimated;
    double dispersion_used; /* the dispersion the SEs carry: `dispersion`, or
                               min_dispersion when that was larger (then
                               dispersion_raised and z tests) */
    bool dispersion_raised;

    /* Per column of the design, in the caller's order. */
    double *coef;           /* estimate on the link scale; NaN where R gives NA */
    double *se;             /* standard error (dispersion applied) */
    bool *aliased;          /* left out for rank deficiency (R: NA) */
    bool *diverged;         /* at the boundary: estimate running off to +/- infinity */
    struct stat_result *term; /* the reported terms: estimate, SE, Wald CI, z/t, p */
    char (*names)[GLM_NAME_SIZE];
    double *cov;            /* p*p covariance (dispersion applied), row-major; NaN rows
                               and columns for aliased terms */
    double *mu;             /* n fitted means (binomial: probabilities) */
    double *eta;            /* n linear predictors (offset included) */

    /* Negative binomial only (NaN otherwise). */
    double theta;           /* MASS fit$theta */
    double theta_se;        /* MASS fit$SE.theta */
    int theta_alternations; /* glm.nb's outer iterations */
    struct stat_result theta_result; /* theta with its SE, or why it cannot be given */
    bool theta_infinite;    /* theta grew without bound (MASS warns "iteration limit
                               reached"): the counts are not overdispersed and the model
                               is the Poisson model; a caller should fit and report that */

    size_t cap_n, cap_p;    /* allocated sizes (internal) */
};

void glm_result_init(struct glm_result *res);
void glm_result_release(struct glm_result *res);

/* Scratch space for fits; reused across fits, grown on demand. */
struct glm_workspace;
/* Returns a new workspace sized for n x p problems (it grows if needed); free with
 * glm_workspace_free(). */
struct glm_workspace *glm_workspace_new(size_t n, size_t p);
void glm_workspace_free(struct glm_workspace *ws);

/*
 * Fits the model.  `ws` may be NULL (a temporary workspace is used).  Returns
 * res->status.  Every outcome fills `res`: input errors (negative or non-integer
 * counts, successes above trials, NaN in the design) give STAT_INVALID_INPUT; a
 * model R would refuse or that has nothing to estimate gives STAT_NOT_ESTIMABLE with
 * every term failed; problems with single terms are set on those terms only.
 */
enum stat_status glm_fit(const struct glm_data *data, const struct glm_options *opt,
                         struct glm_workspace *ws, struct glm_result *res);

/*
 * Linear predictor x0'beta for one row x0 (p values, the design's column order) and
 * its standard error sqrt(x0' V x0) by the delta method, as R's
 * predict(fit, newdata, type = "link", se.fit = TRUE); aliased coefficients count as
 * zero (R does the same, with a warning).  The offset is not included.  Returns
 * false (and NaNs) if the fit has no usable coefficients.
 */
bool glm_predict_link(const struct glm_result *res, const double *x0, double *eta,
                      double *se);

/* Index of the column with that name, or -1. */
int glm_term_index(const struct glm_result *res, const char *name);

/* "Poisson", "quasi-Poisson", "binomial", "negative binomial". */
const char *glm_family_name(enum glm_family family);

#endif
