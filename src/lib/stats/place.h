/*
 * place — effect sizes for place-based crime prevention: the relative effect size
 * of a target area against a control area, and the displacement measures for a
 * buffer area around the target.
 *
 * Counts: a = target before, b = target after, c = control before, d = control
 * after (the same before and after periods in both areas).
 *
 * Relative effect size (Welsh & Farrington 2009, "Public area CCTV and crime
 * prevention: an updated systematic review and meta-analysis", Justice Quarterly
 * 26:716-745; Farrington et al. 2007):
 *     RES = (a d) / (b c) = (a / b) / (c / d),   Var(ln RES) = 1/a + 1/b + 1/c + 1/d.
 * RES > 1 means a relative improvement in the target area (its count fell more, or
 * rose less, than the control area's); RES = 1.25 reads "crime in the target area
 * fell by 1 - 1/1.25 = 20 % relative to the control area".  The interval is
 * exp(ln RES +/- z sqrt(Var)), the test z = ln RES / sqrt(Var).
 *
 * Overdispersion (Farrington, Gill, Waples & Argomaniz 2007, J Exp Criminol 3:21-38;
 * Marchant 2004/2005 on the variance of the odds ratio with overdispersed monthly
 * counts): Var(ln RES) is multiplied by D = max(1, phi) where phi is the quasi-
 * Poisson dispersion of the monthly counts under the four-cell means model,
 *     phi = sum over the four series of sum_i (y_i - mean_g)^2 / mean_g  /  (N - 4),
 * N = the number of monthly counts.  That is exactly the dispersion and the
 * interaction SE of R's glm(y ~ area * period, family = quasipoisson) whose
 * interaction coefficient is -ln RES.  phi < 1 (less variation than Poisson) is
 * reported but not used to narrow the interval.
 *
 * Weighted Displacement Quotient (Bowers & Johnson 2003, "Measuring the geographical
 * displacement and diffusion of benefit effects of crime prevention activity",
 * J Quant Criminol 19:275-301), with R = target, D = buffer, C = control, a = after,
 * b = before; each area's count is taken relative to the control area's count of the
 * same period:
 *     WDQ = (Da/Ca - Db/Cb) / (Ra/Ca - Rb/Cb)
 * (buffer measure over success measure).  It can be read only when the target
 * improved relative to the control (success measure Ra/Ca - Rb/Cb < 0): then WDQ > 0
 * means diffusion of benefit to the buffer, WDQ < 0 displacement into it, and
 * |WDQ| > 1 that the buffer effect outweighs the direct one.  Otherwise the quotient
 * is still given, with a warning that it cannot be read.  Total net effect (the same
 * paper) = [Rb (Ca/Cb) - Ra] + [Db (Ca/Cb) - Da].
 *
 * Weighted Displacement Difference (Wheeler & Ratcliffe 2018, "A simple weighted
 * displacement difference test to evaluate place based crime interventions",
 * Crime Science 7:11), as R's ptools::wdd computes it:
 *     WDD = (T1 - T0) - (C1 - C0) + (D1 - D0) - (DC1 - DC0)
 * (T target, C control, D buffer, DC the control's buffer; 0 before, 1 after; each
 * count divided by its time weight x area weight), Var = sum of each count divided
 * by the square of its weight (Poisson counts), z = WDD / sqrt(Var), two-sided
 * p = 2 Phi(-|z|), interval WDD +/- z_{1-alpha/2} sqrt(Var).  Negative WDD = fewer
 * crimes than expected from the control area.
 */
#ifndef TRYGG_STATS_PLACE_H
#define TRYGG_STATS_PLACE_H

#include <stdbool.h>
#include <stddef.h>

#include "stats/result.h"

/* RES from the four totals.  Fields: estimate RES, std_error sqrt(Var(ln RES)),
 * conf_low/high, statistic z = ln RES / se, p_value, n = a + b + c + d.  A zero
 * count fails with STAT_NOT_ESTIMABLE and a message naming the cell. */
struct stat_result place_res(double a, double b, double c, double d, double conf_level);

struct place_res_result {
    struct stat_result res;          /* Poisson variance */
    struct stat_result res_inflated; /* variance x max(1, phi) */
    double dispersion;               /* phi, the quasi-Poisson dispersion */
    double df;                       /* N - 4 */
};

/*
 * RES and its overdispersion-inflated version from monthly counts: target before
 * (n_tb months), target after, control before, control after.  Arrays are borrowed.
 * Returns out->res.status.
 */
enum stat_status place_res_monthly(const double *tb, size_t n_tb, const double *ta, size_t n_ta,
                                   const double *cb, size_t n_cb, const double *ca, size_t n_ca,
                                   double conf_level, struct place_res_result *out);

struct place_wdq_result {
    struct stat_result wdq;   /* estimate = WDQ (with a warning note when !readable);
                                 failed (NaN) when undefined */
    double success_measure;   /* Ra/Ca - Rb/Cb (negative = target improved) */
    double buffer_measure;    /* Da/Ca - Db/Cb (positive = displacement) */
    double total_net_effect;  /* crimes prevented in target and buffer together */
    double wdq_raw;           /* the quotient (NaN when undefined) */
    bool readable;            /* success measure < 0: the sign reads as displacement
                                 or diffusion */
};

/* Bowers & Johnson's WDQ.  STAT_NOT_ESTIMABLE when a control count is zero or the
 * success measure is exactly 0 (message says which).  When the target did not improve
 * relative to the control the status is STAT_OK, the estimate is the quotient and the
 * message is a warning that begins "warning:"; readable is then false. */
enum stat_status place_wdq(double r_before, double r_after, double d_before, double d_after,
                           double c_before, double c_after, struct place_wdq_result *out);

struct place_wdd_input {
    double t_before, t_after;    /* target */
    double c_before, c_after;    /* control */
    bool has_buffer;             /* the two buffer areas below are given */
    double d_before, d_after;    /* buffer around the target */
    double dc_before, dc_after;  /* buffer around the control */
    double time_weight[2];       /* before, after (ptools time_weights); 0 = 1 */
    double area_weight[4];       /* control, target, control buffer, target buffer
                                    (ptools area_weights order); 0 = 1 */
};

struct place_wdd_result {
    struct stat_result local;        /* (T1-T0) - (C1-C0): estimate, SE, z, p, CI */
    struct stat_result displacement; /* (D1-D0) - (DC1-DC0); failed without a buffer */
    struct stat_result total;        /* the WDD test: estimate, SE, z, p, CI */
};

/* Wheeler & Ratcliffe's WDD.  Returns out->total.status (not estimable when every
 * count is zero, invalid for negative counts or weights). */
enum stat_status place_wdd(const struct place_wdd_input *in, double conf_level,
                           struct place_wdd_result *out);

#endif
