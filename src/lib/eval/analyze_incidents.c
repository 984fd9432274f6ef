/*
 * analyze_incidents — [incidents ID]: monthly counts of incidents in a target area
 * before and after a measure started (docs/analysis.md; methods in
 * docs/methods/counts-and-time-series.md).
 *
 * What it estimates, for one definition of target, comparison and buffer areas:
 *   - the exact rate ratio after/before (always; the main term for model = rate_ratio),
 *   - the interrupted time series (model = its_*): level change (the main term) and
 *     slope change as rate ratios, with the counterfactual for the chart,
 *   - with a comparison area: difference-in-differences and the relative effect size
 *     RES (with Poisson and overdispersion-inflated variance) — design level 3,
 *   - with a buffer area (and a comparison): WDQ and WDD for displacement.
 * Then, for the definition in the outcome only: the placebo-in-time check, and the
 * same main effects under each [alternative] (the sensitivity table).
 *
 * The month the measure starts in counts as "after".  A series with months missing
 * inside it gets the rate ratio (which needs no consecutive months) but not the time
 * series model (whose trend term counts months).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/context.h"
#include "eval/count_common.h"
#include "eval/format.h"
#include "eval/reason.h"
#include "eval/wording.h"
#include "eval/incident_data.h"
#include "stats/counts.h"
#include "stats/its.h"
#include "stats/place.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Months on each side of a fake start in the placebo-in-time check: a full year, so
 * every fake fit sees each calendar month at least once before and after. */
#define PLACEBO_MIN_SIDE 12
/* Fewer months than this before or after: the report warns that season and effect are
 * hard to tell apart. */
#define FEW_MONTHS 12

struct places {
    const struct name_set *area, *comparison, *buffer; /* n == 0: not given */
};

struct loaded {
    struct series_data target, comparison, buffer;
    bool has_target, has_comparison, has_buffer; /* data were found */
};

/* Everything estimated for one definition of the places. */
struct effects {
    long start_day;           /* first day of the month the measure starts in */
    size_t t0;                /* index of the first month "after" in the target series */
    size_t n_before, n_after; /* months */
    double before, after;     /* counts */
    double t_before, t_after; /* exposure: months, or population-months */
    bool population;          /* the target series has a population for every month */
    struct stat_result rate_ratio;
    int *month;               /* month of year per target month (the ITS spec borrows it) */
    double *person_time;      /* offset = person-time: population x days / 365.25 */
    struct its_spec its_spec;
    bool its_tried;
    struct its_result its;
    bool its_nb_poisson;      /* negative binomial asked for, theta diverged: Poisson fitted */
    bool did_nb_poisson;      /* the same for the difference-in-differences */
    bool did_tried;           /* a comparison area was given */
    struct did_result did;
    bool did_step;            /* the DiD model has the recording change's level shift */
    bool want_placebo;        /* the definition in the outcome with placebo = yes */
    bool did_placebo_run;     /* did_placebo holds the DiD's placebo check */
    struct its_placebo did_placebo;
    struct place_res_result res;
    bool buffer_tried;        /* a buffer area was given */
    struct place_wdq_result wdq;
    struct place_wdd_result wdd;
};

/* ------------------------------------------------------------------ loading */

static int load_one(struct eval_ctx *c, const struct outcome *o, const struct name_set *areas,
                    struct series_data *out, bool *found)
{
    *found = false;
    if (!areas || !areas->n)
        return 0;
    int rc = series_load(c->st, areas, &o->categories, false, o->has_from ? &o->from : NULL,
                         o->has_to ? &o->to : NULL, out, c->dl);
    if (rc < 0)
        return -1;
    for (size_t k = 0; k < out->n_imports; k++)
        eval_note_import(c, out->imports[k]);
    *found = rc == 0 && out->n > 0;
    return 0;
}

static int load_places(struct eval_ctx *c, const struct outcome *o, const struct places *p,
                       struct loaded *ld)
{
    memset(ld, 0, sizeof(*ld));
    if (load_one(c, o, p->area, &ld->target, &ld->has_target) != 0 ||
        load_one(c, o, p->comparison, &ld->comparison, &ld->has_comparison) != 0 ||
        load_one(c, o, p->buffer, &ld->buffer, &ld->has_buffer) != 0)
        return -1;
    return 0;
}

static void loaded_release(struct loaded *ld)
{
    series_release(&ld->target);
    series_release(&ld->comparison);
    series_release(&ld->buffer);
}

/* Months that every one of the k series has.  idx[j * s[0]->n + m] is the index of
 * common month m in series j.  Returns the number of common months. */
static size_t common_months(const struct series_data *const *s, size_t k, size_t *idx)
{
    size_t n0 = s[0]->n, m = 0;
    size_t pos[3] = {0, 0, 0};
    for (size_t i = 0; i < n0; i++) {
        long day = s[0]->day[i];
        bool all = true;
        for (size_t j = 1; j < k; j++) {
            while (pos[j] < s[j]->n && s[j]->day[pos[j]] < day)
                pos[j]++;
            if (pos[j] >= s[j]->n || s[j]->day[pos[j]] != day)
                all = false;
        }
        if (!all)
            continue;
        idx[m] = i;
        for (size_t j = 1; j < k; j++)
            idx[j * n0 + m] = pos[j];
        m++;
    }
    return m;
}

/* ------------------------------------------------------------------ estimation */

static void effects_init(struct effects *e)
{
    memset(e, 0, sizeof(*e));
    stat_result_init(&e->rate_ratio);
    its_result_init(&e->its);
    did_result_init(&e->did);
    its_placebo_init(&e->did_placebo);
    stat_result_init(&e->res.res);
    stat_result_init(&e->res.res_inflated);
    e->res.dispersion = NAN;
    stat_result_init(&e->wdq.wdq);
    stat_result_init(&e->wdd.local);
    stat_result_init(&e->wdd.displacement);
    stat_result_init(&e->wdd.total);
}

static void effects_release(struct effects *e)
{
    its_result_release(&e->its);
    did_result_release(&e->did);
    its_placebo_release(&e->did_placebo);
    free(e->month);
    free(e->person_time);
    memset(e, 0, sizeof(*e));
}

/* The exact conditional test of the rate after against the rate before (R:
 * poisson.test(c(after, before), c(T_after, T_before))), exposure in months or, when
 * the population of every month is known, in population-months. */
static void estimate_rate_ratio(const struct series_data *s, struct effects *e, double conf)
{
    for (size_t i = 0; i < s->n; i++) {
        double t = e->population ? s->exposure[i] : 1.0;
        if (i < e->t0) {
            e->before += s->count[i];
            e->t_before += t;
        } else {
            e->after += s->count[i];
            e->t_after += t;
        }
    }
    e->n_before = e->t0;
    e->n_after = s->n - e->t0;
    if (!e->n_before || !e->n_after)
        stat_result_failx(&e->rate_ratio, STAT_NOT_ESTIMABLE, STAT_R_WINDOW_SIDE_EMPTY, e->n_before ? 1 : 0, NAN, NAN);
    else
        e->rate_ratio = poisson_rate_ratio_exact(e->after, e->t_after, e->before, e->t_before,
                                                 conf);
}

static enum glm_family model_family(enum incident_model m)
{
    return m == MODEL_ITS_POISSON ? GLM_POISSON
           : m == MODEL_ITS_NEGBIN ? GLM_NEGBIN
                                   : GLM_QUASIPOISSON;
}

/* The contrast with the comparison area in the outcome's own family: the exact test
 * (rate_ratio) is a Poisson model, so its contrast is too. */
static enum glm_family did_family(enum incident_model m)
{
    return m == MODEL_RATE_RATIO ? GLM_POISSON : model_family(m);
}

/* "did_poisson", "did_quasipoisson" or "did_negbin" (results.csv method). */
static const char *did_method(const struct outcome *o)
{
    switch (did_family(o->model)) {
    case GLM_QUASIPOISSON:
        return "did_quasipoisson";
    case GLM_NEGBIN:
        return "did_negbin";
    default:
        return "did_poisson";
    }
}

static void fail_its(struct its_result *r, enum stat_reason code, double x0)
{
    r->status = STAT_NOT_ESTIMABLE;
    stat_why_set(&r->why, code, x0, NAN, NAN);
    stat_result_fail_why(&r->level_change, STAT_NOT_ESTIMABLE, &r->why);
    stat_result_fail_why(&r->slope_change, STAT_NOT_ESTIMABLE, &r->why);
    stat_result_fail_why(&r->pre_trend, STAT_NOT_ESTIMABLE, &r->why);
}

/* The Poisson refit's note before the result's own reason (kept as a code). */
static void prepend_poisson_note(struct stat_result *r)
{
    double earlier = r->why.code != STAT_R_NONE ? (double)r->why.code : NAN;
    stat_why_set(&r->why, isnan(earlier) ? STAT_R_ITS_NB_POISSON : STAT_R_ITS_NB_POISSON_AND,
                 earlier, NAN, NAN);
}

/*
 * The negative binomial model asked for, on counts that vary no more than Poisson
 * counts: theta grows without bound (MASS::glm.nb warns "iteration limit reached"),
 * and the model is the Poisson model.  Its estimates are fitted and reported as such
 * (glm(family = poisson)), with a note, instead of a negative binomial fit that only
 * approximates them.
 */
static void its_negbin_to_poisson(struct eval_ctx *c, struct its_spec *sp, struct effects *e)
{
    its_result_release(&e->its);
    its_result_init(&e->its);
    sp->family = GLM_POISSON;
    its_fit(sp, c->ws, &e->its);
    e->its_nb_poisson = true;
    prepend_poisson_note(&e->its.level_change);
    prepend_poisson_note(&e->its.slope_change);
    prepend_poisson_note(&e->its.pre_trend);
}

/* The 1-based month of the series at which the declared recording change takes
 * effect (its_spec.step), 0 when there is none or it is not inside the series after
 * its first month (then every month analysed is recorded the same way). */
static size_t recording_step(const struct outcome *o, const struct series_data *s)
{
    if (!o->has_recording_change || s->daily)
        return 0;
    int rc = o->recording_change.year * 12 + o->recording_change.month;
    for (size_t i = 1; i < s->n; i++)
        if (s->period[i].year * 12 + s->period[i].month == rc)
            return i + 1;
    return 0;
}

/* The segmented Poisson-family regression of its.h on the target series. */
static void estimate_its(struct eval_ctx *c, const struct outcome *o,
                         const struct series_data *s, struct effects *e)
{
    e->its_tried = true;
    if (s->missing_inside) {
        fail_its(&e->its, STAT_R_ITS_MONTHS_MISSING, (double)s->missing_inside);
        return;
    }
    e->month = xmalloc((s->n ? s->n : 1) * sizeof(*e->month));
    for (size_t i = 0; i < s->n; i++)
        e->month[i] = s->period[i].month;
    struct its_spec *sp = &e->its_spec;
    its_spec_init(sp);
    sp->n = s->n;
    sp->y = s->count;
    sp->month = e->month;
    sp->t0 = e->t0 + 1;
    sp->season = o->seasonality == SEASON_MONTHS     ? ITS_SEASON_MONTHS
                 : o->seasonality == SEASON_HARMONIC ? ITS_SEASON_HARMONIC
                                                     : ITS_SEASON_NONE;
    sp->harmonics = o->harmonics;
    sp->effects = o->its_effects == 1   ? ITS_EFFECTS_LEVEL
                  : o->its_effects == 2 ? ITS_EFFECTS_SLOPE
                                        : ITS_EFFECTS_BOTH;
    sp->transition = (size_t)o->transition;
    switch (o->offset) {
    case OFFSET_AUTO:
        sp->population = e->population ? s->exposure : NULL;
        break;
    case OFFSET_NONE:
        sp->population = NULL;
        break;
    case OFFSET_POPULATION:
    case OFFSET_PERSON_TIME:
        if (!e->population) {
            fail_its(&e->its, STAT_R_ITS_OFFSET_NO_POPULATION, NAN);
            return;
        }
        sp->population = s->exposure;
        if (o->offset == OFFSET_PERSON_TIME) {
            /* person-years: the population times the month's share of a year */
            e->person_time = xmalloc((s->n ? s->n : 1) * sizeof(double));
            for (size_t i = 0; i < s->n; i++)
                e->person_time[i] = s->exposure[i] *
                                    date_days_in_month(s->period[i].year, s->period[i].month) /
                                    365.25;
            sp->population = e->person_time;
        }
        break;
    }
    sp->family = model_family(o->model);
    sp->conf_level = c->conf;
    sp->step = recording_step(o, s);
    sp->newey_west = o->newey_west;
    sp->nw_lag = o->has_nw_lag ? (size_t)o->nw_lag : its_nw_default_lag(s->n);
    if (!e->n_before || !e->n_after) {
        fail_its(&e->its, STAT_R_WINDOW_NO_MONTHS, e->n_before ? 1 : 0);
        return;
    }
    its_fit(sp, c->ws, &e->its);
    if (sp->family == GLM_NEGBIN && e->its.glm.theta_infinite)
        its_negbin_to_poisson(c, sp, e);
}

static void fail_comparison(struct effects *e, enum stat_reason why)
{
    e->did.status = STAT_NOT_ESTIMABLE;
    stat_why_set(&e->did.why, why, NAN, NAN, NAN);
    stat_result_fail(&e->did.ratio, STAT_NOT_ESTIMABLE, why);
    stat_result_fail(&e->did.rr_target, STAT_NOT_ESTIMABLE, why);
    stat_result_fail(&e->did.rr_control, STAT_NOT_ESTIMABLE, why);
    stat_result_fail(&e->res.res, STAT_NOT_ESTIMABLE, why);
    stat_result_fail(&e->res.res_inflated, STAT_NOT_ESTIMABLE, why);
}

/* As its_negbin_to_poisson, for the contrast with the comparison area: theta of the
 * DiD model diverges, so the model is the Poisson model, fitted and reported as such
 * (did_poisson, with the note); its placebo in time is then Poisson too. */
static void did_negbin_to_poisson(struct eval_ctx *c, struct did_spec *ds, struct effects *e)
{
    did_result_release(&e->did);
    did_result_init(&e->did);
    ds->family = GLM_POISSON;
    did_fit(ds, c->ws, &e->did);
    e->did_nb_poisson = true;
    prepend_poisson_note(&e->did.ratio);
    prepend_poisson_note(&e->did.rr_target);
    prepend_poisson_note(&e->did.rr_control);
    if (e->did_step)
        prepend_poisson_note(&e->did.step_change);
}

/* Difference-in-differences and RES over the months both areas have. */
static void estimate_comparison(struct eval_ctx *c, const struct outcome *o,
                                const struct loaded *ld, struct effects *e)
{
    e->did_tried = true;
    if (!ld->has_comparison) {
        fail_comparison(e, STAT_R_COMPARISON_NO_COUNTS);
        return;
    }
    const struct series_data *s[2] = {&ld->target, &ld->comparison};
    size_t n0 = ld->target.n;
    size_t *idx = xmalloc(2 * n0 * sizeof(*idx));
    size_t m = common_months(s, 2, idx);
    double *yt = xmalloc((m ? m : 1) * sizeof(double)), *yc = xmalloc((m ? m : 1) * sizeof(double));
    double *pt = NULL, *pc = NULL;
    int *month = xmalloc((m ? m : 1) * sizeof(int));
    bool pop = ld->target.exposure && ld->comparison.exposure;
    if (pop) {
        pt = xmalloc((m ? m : 1) * sizeof(double));
        pc = xmalloc((m ? m : 1) * sizeof(double));
    }
    size_t t0 = m;
    /* the declared recording change: its first month among the common months (the
     * DiD's own level shift, did_spec.step; 0 = none inside them) */
    size_t step = 0;
    int rc = o->has_recording_change && !ld->target.daily
                 ? o->recording_change.year * 12 + o->recording_change.month
                 : 0;
    for (size_t k = 0; k < m; k++) {
        size_t i = idx[k], j = idx[n0 + k];
        if (rc && !step && k > 0 &&
            ld->target.period[i].year * 12 + ld->target.period[i].month >= rc)
            step = k + 1;
        yt[k] = ld->target.count[i];
        yc[k] = ld->comparison.count[j];
        month[k] = ld->target.period[i].month;
        if (pop) {
            pt[k] = ld->target.exposure[i];
            pc[k] = ld->comparison.exposure[j];
        }
        if (t0 == m && ld->target.day[i] >= e->start_day)
            t0 = k;
    }
    if (!m || t0 == 0 || t0 == m) {
        fail_comparison(e, !m ? STAT_R_COMPARISON_NO_COMMON_MONTH : STAT_R_COMPARISON_ONE_SIDE);
    } else {
        struct did_spec ds = {.n = m,
                              .y_target = yt,
                              .y_control = yc,
                              .month = month,
                              .t0 = t0 + 1,
                              .season = o->seasonality != SEASON_NONE,
                              .pop_target = pt,
                              .pop_control = pc,
                              .conf_level = c->conf,
                              .family = did_family(o->model),
                              .step = step,
                              .step_target_only = o->recording_target_only};
        did_fit(&ds, c->ws, &e->did);
        e->did_step = step > 1 && step <= m;
        if (ds.family == GLM_NEGBIN && e->did.glm.theta_infinite)
            did_negbin_to_poisson(c, &ds, e);
        if (e->want_placebo && stat_ok(&e->did.ratio)) {
            did_placebo_run(&ds, PLACEBO_MIN_SIDE, c->ws, &e->did_placebo);
            e->did_placebo_run = true;
        }
        /* RES reads a = target before, b = target after, c, d the same for the control */
        place_res_monthly(yt, t0, yt + t0, m - t0, yc, t0, yc + t0, m - t0, c->conf, &e->res);
    }
    free(idx);
    free(yt);
    free(yc);
    free(pt);
    free(pc);
    free(month);
}

static void fail_buffer(struct effects *e, enum stat_reason why)
{
    stat_result_fail(&e->wdq.wdq, STAT_NOT_ESTIMABLE, why);
    e->wdq.wdq_raw = e->wdq.success_measure = e->wdq.buffer_measure = NAN;
    e->wdq.total_net_effect = NAN;
    e->wdq.readable = false;
    stat_result_fail(&e->wdd.total, STAT_NOT_ESTIMABLE, why);
}

/*
 * WDQ and WDD over the months target, comparison and buffer all have.  WDD follows
 * ptools::wdd with the buffer as disp_treated and no buffer around the comparison area
 * (disp_control = c(0, 0), ptools' default), and time weights = months before and
 * after, so the WDD is a difference in counts per month.
 */
static void estimate_buffer(const struct loaded *ld, struct effects *e, double conf)
{
    e->buffer_tried = true;
    if (!ld->has_buffer) {
        fail_buffer(e, STAT_R_BUFFER_NO_COUNTS);
        return;
    }
    if (!ld->has_comparison) {
        fail_buffer(e, STAT_R_BUFFER_NO_COMPARISON);
        return;
    }
    const struct series_data *s[3] = {&ld->target, &ld->comparison, &ld->buffer};
    size_t n0 = ld->target.n;
    size_t *idx = xmalloc(3 * n0 * sizeof(*idx));
    size_t m = common_months(s, 3, idx);
    double t[2] = {0, 0}, cc[2] = {0, 0}, d[2] = {0, 0}, months[2] = {0, 0};
    for (size_t k = 0; k < m; k++) {
        int after = ld->target.day[idx[k]] >= e->start_day;
        t[after] += ld->target.count[idx[k]];
        cc[after] += ld->comparison.count[idx[n0 + k]];
        d[after] += ld->buffer.count[idx[2 * n0 + k]];
        months[after] += 1;
    }
    free(idx);
    if (!months[0] || !months[1]) {
        fail_buffer(e, STAT_R_BUFFER_ONE_SIDE);
        return;
    }
    place_wdq(t[0], t[1], d[0], d[1], cc[0], cc[1], &e->wdq);
    struct place_wdd_input in = {.t_before = t[0],
                                 .t_after = t[1],
                                 .c_before = cc[0],
                                 .c_after = cc[1],
                                 .has_buffer = true,
                                 .d_before = d[0],
                                 .d_after = d[1],
                                 .time_weight = {months[0], months[1]}};
    place_wdd(&in, conf, &e->wdd);
}

/* Every estimate for one definition of the places. */
static void estimate(struct eval_ctx *c, const struct outcome *o, const struct places *p,
                     const struct loaded *ld, struct effects *e)
{
    struct date start = eval_outcome_date(c, o);
    start.day = 1;
    e->start_day = date_to_days(start);
    const struct series_data *s = &ld->target;
    e->t0 = series_index_at(s, start);
    e->population = s->exposure != NULL;
    estimate_rate_ratio(s, e, c->conf);
    if (o->model != MODEL_RATE_RATIO)
        estimate_its(c, o, s, e);
    if (p->comparison && p->comparison->n)
        estimate_comparison(c, o, ld, e);
    if (p->buffer && p->buffer->n)
        estimate_buffer(ld, e, c->conf);
}

static const struct stat_result *main_effect(const struct outcome *o, const struct effects *e)
{
    return o->model == MODEL_RATE_RATIO ? &e->rate_ratio
           : o->its_effects == 2         ? &e->its.slope_change
                                         : &e->its.level_change;
}

static const char *main_method(const struct outcome *o)
{
    return o->model == MODEL_RATE_RATIO ? "poisson_exact" : incident_model_name(o->model);
}

/* ------------------------------------------------------------------ results rows */

static void add_count_rows(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                           const char *group, const struct effects *e)
{
    struct stat_result r;
    stat_result_init(&r);
    r.estimate = e->before;
    r.n = (double)e->n_before;
    results_add(c->res, o->id, outcome, group, "describe", "before", &r,
                "count in the months before the start; n = months");
    r.estimate = e->after;
    r.n = (double)e->n_after;
    results_add(c->res, o->id, outcome, group, "describe", "after", &r,
                "count in the months from the start; n = months");
}

/* Residual autocorrelation of the time-series fit (acf at lags 1..12 and the
 * Ljung–Box test), and, with se = newey-west, a note on the effects' rows. */
static void add_autocorrelation_rows(struct eval_ctx *c, const struct outcome *o,
                                     const char *outcome, const char *group,
                                     const struct effects *e)
{
    const struct its_result *r = &e->its;
    struct result_row *row = count_row(c, o->id, outcome, group, "ljung_box", "residuals",
                                       &r->ljung_box);
    if (stat_ok(&r->ljung_box) && !row->note[0]) {
        free(row->note);
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "deviance residuals, lags 1-%zu; %s", r->acf_lags,
                    r->ljung_box.p_value < 0.05 ? "autocorrelated: model-based SEs too small"
                                                : "no clear autocorrelation");
        row->note = strbuf_detach(&sb);
    }
    for (size_t k = 0; k < r->acf_lags; k++) {
        struct stat_result a;
        stat_result_init(&a);
        a.estimate = r->acf[k];
        a.n = (double)r->n;
        /* from a fit that did not converge: the Ljung-Box row's reason on every lag */
        if (r->ljung_box.status == STAT_NOT_CONVERGED) {
            a.status = STAT_NOT_CONVERGED;
            a.why = r->ljung_box.why;
        }
        char term[32];
        snprintf(term, sizeof(term), "lag%zu", k + 1);
        count_row(c, o->id, outcome, group, "acf", term, &a);
    }
}

/* The DiD row's note says which variance it carries (the dispersion or theta). */
static void did_note(const struct effects *e, struct result_row *row)
{
    const struct glm_result *g = &e->did.glm;
    if (!stat_ok(&e->did.ratio) || row->note[0])
        return;
    struct strbuf sb = STRBUF_INIT;
    if (g->family == GLM_QUASIPOISSON)
        strbuf_addf(&sb, "dispersion = %.6g%s", g->dispersion,
                    g->dispersion_raised ? "; below 1, so taken as 1 (the interval is not "
                                           "narrowed; z test)"
                                         : "");
    else if (g->family == GLM_NEGBIN && isfinite(g->theta))
        strbuf_addf(&sb, "negative binomial theta = %.6g", g->theta);
    if (sb.len) {
        free(row->note);
        row->note = strbuf_detach(&sb);
    } else {
        strbuf_release(&sb);
    }
}

static void add_effect_rows(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                            const char *group, const struct effects *e)
{
    int family = results_new_family(c->res);
    count_row(c, o->id, outcome, group, "poisson_exact", "rate_ratio", &e->rate_ratio)->family =
        family;
    if (e->its_tried) {
        const char *m = e->its_nb_poisson ? "its_poisson" : incident_model_name(o->model);
        /* each row finished before the next is added: results_add may move the rows (a
         * pointer kept across it was written after the realloc freed it; valgrind on
         * make crosscheck seed 48) */
        const char *const terms[3] = {"level_change", "slope_change", "pre_trend"};
        const struct stat_result *const rs[3] = {&e->its.level_change, &e->its.slope_change,
                                                 &e->its.pre_trend};
        for (size_t k = 0; k < 3; k++) {
            struct result_row *row = count_row(c, o->id, outcome, group, m, terms[k], rs[k]);
            if (k < 2)
                row->family = family;
            /* (after a reason's note too: a fit that did not converge keeps its last
             * iteration's numbers, and their standard errors are still Newey-West) */
            if (e->its.newey_west && isfinite(rs[k]->std_error)) {
                struct strbuf sb = STRBUF_INIT;
                if (row->note[0])
                    strbuf_addf(&sb, "%s; ", row->note);
                strbuf_addf(&sb, "Newey-West (HAC) standard error, lag %zu", e->its.nw_lag);
                free(row->note);
                row->note = strbuf_detach(&sb);
            }
        }
        count_row(c, o->id, outcome, group, m, "prevented", &e->its.prevented);
        if (e->its_spec.step) /* the recording change's own level shift */
            count_row(c, o->id, outcome, group, m, "recording_change", &e->its.step_change);
        add_autocorrelation_rows(c, o, outcome, group, e);
    }
    if (e->did_tried) {
        const char *dm = e->did_nb_poisson ? "did_poisson" : did_method(o);
        struct result_row *dr = count_row(c, o->id, outcome, group, dm, "did", &e->did.ratio);
        dr->family = family;
        did_note(e, dr);
        count_row(c, o->id, outcome, group, dm, "rr_target", &e->did.rr_target);
        count_row(c, o->id, outcome, group, dm, "rr_control", &e->did.rr_control);
        if (e->did_step) /* the recording change's own level shift in the DiD model */
            count_row(c, o->id, outcome, group, dm, "recording_change", &e->did.step_change);
        count_row(c, o->id, outcome, group, "res", "res", &e->res.res)->family = family;
        struct result_row *row = count_row(c, o->id, outcome, group, "res_od", "res",
                                           &e->res.res_inflated);
        row->family = family;
        if (stat_ok(&e->res.res_inflated) && !row->note[0]) {
            free(row->note);
            struct strbuf sb = STRBUF_INIT;
            strbuf_addf(&sb, "variance multiplied by max(1, dispersion); dispersion = %.6g",
                        e->res.dispersion);
            row->note = strbuf_detach(&sb);
        }
    }
    if (e->buffer_tried) {
        count_row(c, o->id, outcome, group, "wdq", "wdq", &e->wdq.wdq);
        count_row(c, o->id, outcome, group, "wdd", "wdd", &e->wdd.total)->family = family;
    }
}

/* ------------------------------------------------------------------ report */

/* "23 % lower" / "12 % higher" / "2,5 times as high" / "unchanged" for a rate ratio. */
static void change_text(const struct eval_ctx *c, double rr, struct strbuf *out)
{
    if (fabs(rr - 1) * 100 < 0.5)
        strbuf_addstr(out, L(c, "oförändrad", "unchanged"));
    else
        ratio_size_text(c, rr, 0, false, out);
}

/* A row of an estimate table; decimals < 0: about three significant digits. */
static void add_estimate_row_d(const struct eval_ctx *c, struct table *t, const char *what,
                               const struct stat_result *r, const char *reading, int decimals)
{
    struct estimate_cells cells;
    count_cells_fixed(c, r, decimals, &cells);
    const char *note = !stat_ok(r) ? cells.note : reading ? reading : cells.note;
    const char *row[] = {what, cells.est, cells.ci, cells.p, note};
    table_add_row(t, row);
}

static void add_estimate_row(const struct eval_ctx *c, struct table *t, const char *what,
                             const struct stat_result *r, const char *reading)
{
    add_estimate_row_d(c, t, what, r, reading, -1);
}

static struct table *estimate_table(const struct eval_ctx *c, const char *name, const char *title)
{
    char ci_col[64];
    snprintf(ci_col, sizeof(ci_col), "%s", eval_ci(c, CI_WORDS));
    const char *cols[] = {L(c, "Mått", "Measure"), L(c, "Skattning", "Estimate"), ci_col,
                          L(c, "p-värde", "p-value"), L(c, "Läsning", "Reading")};
    bool numeric[] = {false, true, false, true, false};
    return table_new(name, title, 5, cols, numeric);
}

static void report_intro(struct eval_ctx *c, const struct outcome *o, const struct loaded *ld,
                         const struct effects *e, const char *det)
{
    const struct series_data *s = &ld->target;
    struct strbuf areas = STRBUF_INIT;
    name_set_join(&o->area, &areas);
    char first[16], last[16], start[16];
    date_format(s->period[0], first, sizeof(first));
    date_format(s->period[s->n - 1], last, sizeof(last));
    date_format(eval_outcome_date(c, o), start, sizeof(start));
    doc_paragraph(c->incidents,
                  L(c, "%s i %s per månad, %s–%s: %s månader före starten %s (%s fall) och %s "
                       "månader från den (%s fall).",
                    "%s in %s per month, %s to %s: %s months before the start on %s (%s cases) "
                    "and %s months from it (%s cases)."),
                  L(c, s->label_sv, s->label_en), areas.buf, first, last,
                  fmt_num(c->lang, (double)e->n_before, 0), start, fmt_num(c->lang, e->before, 0),
                  fmt_num(c->lang, (double)e->n_after, 0), fmt_num(c->lang, e->after, 0));
    strbuf_release(&areas);
    if (s->missing_inside)
        doc_callout(c->incidents, TONE_UNCERTAIN,
                    L(c, "%s månad(er) saknas inne i serien. De har inte fyllts i; "
                         "tidsseriemodellen kräver sammanhängande månader och har därför inte "
                         "skattats.",
                      "%s month(s) are missing inside the series. They were not filled in; the "
                      "time-series model needs consecutive months and was not fitted."),
                    fmt_num(c->lang, (double)s->missing_inside, 0));
    if (e->n_before && e->n_after && (e->n_before < FEW_MONTHS || e->n_after < FEW_MONTHS))
        doc_callout(c->incidents, TONE_UNCERTAIN, "%s",
                    L(c, "Färre än tolv månader före eller efter starten: säsongsvariation och "
                         "effekt går svårt att skilja åt, och skattningarna är osäkra.",
                      "Fewer than twelve months before or after the start: seasonal variation "
                      "and the effect are hard to tell apart, and the estimates are uncertain."));
    if (!strcmp(det, "police")) {
        doc_callout(c->incidents, TONE_INFO, "%s",
                    L(c, "Det här är brott som polisen själv upptäcker (t.ex. narkotika- och "
                         "knivlagsbrott). Fler anmälda brott betyder oftast fler kontroller och "
                         "mer polisnärvaro, inte fler brott: en ökning efter starten ska läsas "
                         "som mer polisaktivitet, inte som att insatsen misslyckats.",
                      "These are offences the police detect themselves (e.g. drug and "
                      "knife-law offences). More recorded offences usually mean more checks "
                      "and more police presence, not more crime: a rise after the start should "
                      "be read as more police activity, not as a failure of the measure."));
        eval_caveat(c,
                    L(c, "%s: polisupptäckta brott speglar polisens aktivitet; en ökning är "
                         "inte ett tecken på att insatsen misslyckats, och ingen kostnad per "
                         "förhindrat brott räknas.",
                      "%s: police-detected offences reflect police activity; a rise is not a "
                      "sign that the measure failed, and no cost per prevented offence is "
                      "computed."),
                    count_title(c, o, NULL));
    }
}

/* The residual check of the time-series model, and the kind of standard errors. */
static void report_autocorrelation(struct eval_ctx *c, const struct its_result *r)
{
    const struct stat_result *lb = &r->ljung_box;
    if (r->newey_west)
        doc_paragraph(c->incidents,
                      L(c, "Tidsseriens standardfel är Newey–West-skattade (HAC, fördröjning %zu "
                           "månader), som tål autokorrelerade residualer (R: coeftest(fit, "
                           "vcov. = NeweyWest(fit, lag = %zu, prewhite = FALSE))).",
                        "The time series' standard errors are Newey–West (HAC, lag %zu "
                        "months), which allow for autocorrelated residuals (R: coeftest(fit, "
                        "vcov. = NeweyWest(fit, lag = %zu, prewhite = FALSE)))."),
                      r->nw_lag, r->nw_lag);
    if (!stat_ok(lb))
        return;
    char q[64], p[64], r1[64];
    snprintf(q, sizeof(q), "%s", fmt_sig(c->lang, lb->statistic, 3));
    const char *pv = fmt_p(c->lang, lb->p_value);
    snprintf(p, sizeof(p), "%s%s", pv[0] == '<' ? "" : "= ", pv);
    snprintf(r1, sizeof(r1), "%s", fmt_num(c->lang, r->acf[0], 2));
    if (lb->p_value < 0.05)
        doc_callout(c->incidents, TONE_UNCERTAIN,
                    L(c, "Modellens residualer är autokorrelerade (Ljung–Box Q = %s, %zu "
                         "fördröjningar, p %s; autokorrelation vid fördröjning 1: %s). %s",
                      "The model's residuals are autocorrelated (Ljung–Box Q = %s, %zu lags, "
                      "p %s; lag-1 autocorrelation %s). %s"),
                    q, r->acf_lags, p, r1,
                    r->newey_west
                        ? L(c, "Intervallen ovan bygger på Newey–West-standardfel, som tar "
                               "hänsyn till det.",
                            "The intervals above use Newey–West standard errors, which allow "
                            "for it.")
                        : L(c, "Modellens standardfel blir då för små och intervallen för "
                               "smala; ange se = newey-west för Newey–West-standardfel.",
                            "The model's standard errors are then too small and its intervals "
                            "too narrow; set se = newey-west for Newey–West standard errors."));
    else
        doc_paragraph(c->incidents,
                      L(c, "Residualkontroll: ingen tydlig autokorrelation (Ljung–Box Q = %s, "
                           "%zu fördröjningar, p %s).",
                        "Residual check: no clear autocorrelation (Ljung–Box Q = %s, %zu lags, "
                        "p %s)."),
                      q, r->acf_lags, p);
}

static void report_main(struct eval_ctx *c, const struct effects *e)
{
    struct table *t = estimate_table(
        c, "incident-effects", L(c, "Skattade förändringar (kvoter, 1 = ingen förändring)",
                                 "Estimated changes (ratios, 1 = no change)"));
    struct strbuf rd = STRBUF_INIT;
    if (stat_ok(&e->rate_ratio))
        reading_text(c, READ_RATE_RATIO, &e->rate_ratio, e->population, &rd);
    add_estimate_row(c, t,
                     e->population ? L(c, "Kvot efter/före per invånare (exakt test)",
                                       "Rate ratio after/before per resident (exact test)")
                                   : L(c, "Kvot efter/före (exakt test)",
                                       "Rate ratio after/before (exact test)"),
                     &e->rate_ratio, rd.buf);
    if (e->its_tried) {
        strbuf_reset(&rd);
        if (stat_ok(&e->its.level_change))
            reading_text(c, READ_LEVEL, &e->its.level_change, e->population, &rd);
        add_estimate_row(c, t, L(c, "Nivåförändring (tidsserie)", "Level change (time series)"),
                         &e->its.level_change, rd.buf);
        strbuf_reset(&rd);
        if (stat_ok(&e->its.slope_change))
            reading_text(c, READ_SLOPE, &e->its.slope_change, e->population, &rd);
        add_estimate_row(c, t, L(c, "Trendförändring per månad", "Slope change per month"),
                         &e->its.slope_change, rd.buf);
    }
    strbuf_release(&rd);
    doc_table(c->incidents, t, NULL,
              e->population
                  ? L(c, "En kvot är antalet efter delat med antalet före, räknat per invånare "
                         "(befolkningen är modellens exponering). Intervallen är Wald-intervall "
                         "(tidsserie) och exakta (kvot efter/före).",
                      "A ratio is the number after divided by the number before, per resident "
                      "(the population is the model's exposure). Intervals are Wald intervals "
                      "(time series) and exact (rate ratio).")
                  : L(c, "En kvot är antalet efter delat med antalet före, per månad. "
                         "Intervallen är Wald-intervall (tidsserie) och exakta (kvot "
                         "efter/före).",
                      "A ratio is the number after divided by the number before, per month. "
                      "Intervals are Wald intervals (time series) and exact (rate ratio)."));
    if (e->its_tried && e->its_nb_poisson)
        doc_callout(c->incidents, TONE_UNCERTAIN, "%s",
                    L(c, "Den negativa binomialmodellen begärdes, men antalen varierar inte mer "
                         "än en Poissonmodell tillåter: spridningsparametern θ går mot "
                         "oändligheten, och då är modellen Poissonmodellen. Tidsserien ovan är "
                         "därför skattad med Poissonmodellen (its_poisson i resultatfilen).",
                      "The negative binomial model was asked for, but the counts vary no more "
                      "than a Poisson model allows: its dispersion parameter θ diverges, and "
                      "the model is then the Poisson model. The time series above is therefore "
                      "estimated with the Poisson model (its_poisson in the results file)."));
    if (e->did_tried && e->did_nb_poisson)
        doc_callout(c->incidents, TONE_UNCERTAIN, "%s",
                    L(c, "Den negativa binomialmodellen begärdes, men i jämförelsen med "
                         "jämförelseområdet (skillnad i skillnader) varierar antalen inte mer "
                         "än en Poissonmodell tillåter: θ går mot oändligheten. Jämförelsen är "
                         "därför skattad med Poissonmodellen (did_poisson i resultatfilen).",
                      "The negative binomial model was asked for, but in the comparison with "
                      "the comparison area (difference-in-differences) the counts vary no "
                      "more than a Poisson model allows: θ diverges. The comparison is "
                      "therefore estimated with the Poisson model (did_poisson in the "
                      "results file)."));
    if (e->its_tried)
        report_autocorrelation(c, &e->its);
}

/* The reading of a comparison measure; for police-detected offences a neutral one, as
 * a change there tells more about police activity than about offending. */
static void place_reading(const struct eval_ctx *c, bool police, enum reading_kind kind,
                          const struct stat_result *r, struct strbuf *out)
{
    strbuf_reset(out);
    if (!stat_ok(r))
        return;
    if (police)
        strbuf_addstr(out, L(c, "polisupptäckt brott: speglar polisens aktivitet; ",
                             "police-detected offence: reflects police activity; "));
    reading_text(c, kind, r, false, out);
}

static void report_places(struct eval_ctx *c, const struct outcome *o, const struct effects *e,
                          bool police)
{
    if (!e->did_tried && !e->buffer_tried)
        return;
    struct strbuf comp = STRBUF_INIT;
    name_set_join(&o->comparison, &comp);
    struct table *t = estimate_table(
        c, "incident-places", L(c, "Jämförelseområde och förskjutning", "Comparison area and displacement"));
    struct strbuf rd = STRBUF_INIT;
    if (e->did_tried) {
        place_reading(c, police, READ_DID, &e->did.ratio, &rd);
        add_estimate_row(c, t, L(c, "Skillnad i skillnader (DiD, kvot av kvoter)",
                                 "Difference-in-differences (DiD, ratio of rate ratios)"),
                         &e->did.ratio, rd.buf);
        place_reading(c, police, READ_RES, &e->res.res, &rd);
        add_estimate_row(c, t, L(c, "Relativ effektstorlek RES (Poisson)", "Relative effect size RES (Poisson)"),
                         &e->res.res, rd.buf);
        place_reading(c, police, READ_RES_OD, &e->res.res_inflated, &rd);
        add_estimate_row(c, t, L(c, "RES, varians justerad för överspridning",
                                 "RES, variance inflated for overdispersion"),
                         &e->res.res_inflated, rd.buf);
    }
    if (e->buffer_tried) {
        place_reading(c, police, READ_WDQ, &e->wdq.wdq, &rd);
        if (stat_ok(&e->wdq.wdq) && !e->wdq.readable) {
            /* the quotient's sign means nothing when the target did not improve */
            strbuf_reset(&rd);
            strbuf_addstr(&rd, L(c, "varning: målområdet förbättrades inte jämfört med "
                                    "jämförelseområdet, så kvoten kan inte läsas som "
                                    "förskjutning eller spridning av nytta",
                                 "warning: the target area did not improve relative to the "
                                 "comparison area, so the quotient cannot be read as "
                                 "displacement or diffusion of benefit"));
        }
        add_estimate_row(c, t, L(c, "Viktad förskjutningskvot WDQ", "Weighted displacement quotient WDQ"),
                         &e->wdq.wdq, rd.buf);
        place_reading(c, police, READ_WDD, &e->wdd.total, &rd);
        add_estimate_row_d(c, t, L(c, "Viktad förskjutningsdifferens WDD (per månad)",
                                   "Weighted displacement difference WDD (per month)"),
                           &e->wdd.total, rd.buf, 2);
    }
    strbuf_release(&rd);
    doc_table(c->incidents, t, NULL,
              L(c, "Jämförelse med samma månader i jämförelseområdet; WDD räknar "
                   "buffertområdets förändring fullt ut (inget buffertområde kring "
                   "jämförelseområdet).",
                "Compared over the months the areas have in common; WDD counts the buffer's "
                "change in full (there is no buffer around the comparison area)."));
    strbuf_release(&comp);
}

static void report_placebo(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                           struct effects *e)
{
    /* with effects = slope the level change is not in the model and the slope change is
     * the main term: it gets its check all the same */
    if (!o->placebo || !e->its_tried)
        return;
    if (!stat_ok(&e->its.level_change) && !stat_ok(&e->its.slope_change)) {
        /* no real estimate to rank (e.g. a negative binomial that did not settle, every
         * count zero): the rows are there and say why, the effects' own reason, rather
         * than missing (crosscheck seed 17) */
        const char *what[2] = {"level_change", "slope_change"};
        const struct stat_result *eff[2] = {&e->its.level_change, &e->its.slope_change};
        for (int k = 0; k < 2; k++) {
            struct stat_result r;
            stat_result_init(&r);
            stat_result_fail_why(&r, eff[k]->status == STAT_OK ? STAT_NOT_ESTIMABLE : eff[k]->status,
                                 &eff[k]->why);
            count_row(c, o->id, outcome, "", "placebo", what[k], &r);
        }
        return;
    }
    struct its_placebo pl;
    its_placebo_init(&pl);
    its_placebo_run(&e->its_spec, PLACEBO_MIN_SIDE, c->ws, &pl);
    struct stat_result r;
    stat_result_init(&r);
    if (pl.status != STAT_OK) {
        stat_result_fail_why(&r, pl.status, &pl.why);
        const char *why = reason_text(c->lang, &pl.why);
        eval_record_placebo(c, o->id, "level_change", false, false, NAN, 0, why);
        eval_record_placebo(c, o->id, "slope_change", false, false, NAN, 0, why);
        count_row(c, o->id, outcome, "", "placebo", "level_change", &r);
        doc_paragraph(c->incidents, L(c, "Placebotest i tiden: kunde inte göras (%s).",
                                      "Placebo-in-time check: not possible (%s)."),
                      reason_text(c->lang, &pl.why));
        its_placebo_release(&pl);
        return;
    }
    const char *what[2] = {"level_change", "slope_change"};
    double real[2] = {pl.real_level, pl.real_slope};
    double p[2] = {pl.p_level, pl.p_slope};
    size_t rank[2] = {pl.rank_level, pl.rank_slope};
    const struct stat_result *eff[2] = {&e->its.level_change, &e->its.slope_change};
    for (int k = 0; k < 2; k++) {
        stat_result_init(&r);
        if (isnan(real[k]) && !stat_ok(eff[k])) {
            /* the effect not in the model (effects = level or slope): no check, and the
             * row says why, as the effect's own row does */
            stat_result_fail_why(&r, eff[k]->status, &eff[k]->why);
            count_row(c, o->id, outcome, "", "placebo", what[k], &r);
            eval_record_placebo(c, o->id, what[k], false, false, NAN, pl.n_placebo,
                                "the real estimate is not available");
            continue;
        }
        r.estimate = exp(real[k]);
        r.statistic = (double)rank[k];
        r.p_value = p[k];
        r.n = (double)pl.n_placebo;
        struct strbuf note = STRBUF_INIT;
        strbuf_addf(&note, "rank %zu of %zu (%zu fake starts and the real one); %zu fake fits left out",
                    rank[k], pl.n_placebo + 1, pl.n_placebo, pl.n_failed);
        results_add(c->res, o->id, outcome, "", "placebo", what[k], &r, note.buf);
        strbuf_release(&note);
        /* also the certainty grade's falsification record (eval_record_placebo) */
        eval_record_placebo(c, o->id, what[k], isfinite(p[k]), p[k] <= PLACEBO_STANDS_OUT,
                            p[k], pl.n_placebo,
                            isfinite(p[k]) ? "" : "the real estimate is not available");
    }
    /* the sentence is on the main term: the level change, or the slope change when the
     * model has no level change (effects = slope) */
    bool slope_main = isnan(pl.real_level);
    double p_main = slope_main ? pl.p_slope : pl.p_level;
    size_t rank_main = slope_main ? pl.rank_slope : pl.rank_level;
    doc_paragraph(c->incidents,
                  slope_main
                      ? L(c, "Placebotest i tiden: samma modell med %s påhittade startmånader "
                             "före den verkliga starten. Den verkliga trendförändringen är större "
                             "än %s av dem (permutations-p = %s; det minsta möjliga med så många "
                             "är %s). %s",
                          "Placebo-in-time check: the same model with %s made-up start months "
                          "before the real start. The real change in trend is larger than %s of "
                          "them (permutation p = %s; the smallest possible with that many is "
                          "%s). %s")
                      : L(c, "Placebotest i tiden: samma modell med %s påhittade startmånader "
                             "före den verkliga starten. Den verkliga nivåförändringen är större "
                             "än %s av dem (permutations-p = %s; det minsta möjliga med så många "
                             "är %s). %s",
                          "Placebo-in-time check: the same model with %s made-up start months "
                          "before the real start. The real level change is larger than %s of "
                          "them (permutation p = %s; the smallest possible with that many is "
                          "%s). %s"),
                  fmt_num(c->lang, (double)pl.n_placebo, 0),
                  fmt_num(c->lang, (double)(pl.n_placebo + 1 - rank_main), 0),
                  fmt_p(c->lang, p_main),
                  fmt_p(c->lang, 1.0 / (double)(pl.n_placebo + 1)),
                  p_main <= PLACEBO_STANDS_OUT
                      ? L(c, "Förändringen vid starten sticker ut mot de påhittade.",
                          "The change at the start stands out against the made-up ones.")
                      : L(c, "Liknande förändringar syns även utan insats; var försiktig med "
                             "att tillskriva insatsen effekten.",
                          "Similar changes occur without any measure; be careful in "
                          "attributing the effect to it."));
    its_placebo_release(&pl);
}

/* Placebo threshold (context.h): a real estimate that does not beat the made-up starts
 * at this permutation p-value does not stand out from the series' own variation. */

/* The sentence on a placebo check. */
static void placebo_paragraph(struct eval_ctx *c, const struct outcome *o, const char *what_sv,
                              const char *what_en, size_t n_placebo, size_t rank, double p)
{
    doc_paragraph(c->incidents,
                  L(c, "Placebotest i tiden för %s: samma modell med %s påhittade startmånader "
                       "före den verkliga starten. Den verkliga skattningen är större än %s av "
                       "dem (permutations-p = %s; det minsta möjliga med så många är %s). %s",
                    "Placebo-in-time check of %s: the same model with %s made-up start months "
                    "before the real start. The real estimate is larger than %s of them "
                    "(permutation p = %s; the smallest possible with that many is %s). %s"),
                  L(c, what_sv, what_en), fmt_num(c->lang, (double)n_placebo, 0),
                  fmt_num(c->lang, (double)(n_placebo + 1 - rank), 0), fmt_p(c->lang, p),
                  fmt_p(c->lang, 1.0 / (double)(n_placebo + 1)),
                  p <= PLACEBO_STANDS_OUT
                      ? L(c, "Förändringen vid starten sticker ut mot de påhittade.",
                          "The change at the start stands out against the made-up ones.")
                      : L(c, "Liknande förändringar syns även utan insats; var försiktig med "
                             "att tillskriva insatsen effekten.",
                          "Similar changes occur without any measure; be careful in "
                          "attributing the effect to it."));
    (void)o; /* the summary names the criteria whose estimate fails its check */
}

/* Placebo in time for the contrast with the comparison area: the same DiD at made-up
 * starts in the months before the real one (both areas). */
static void report_placebo_did(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                               const struct effects *e)
{
    if (!o->placebo || !e->did_tried || !stat_ok(&e->did.ratio))
        return;
    const struct its_placebo *pl = &e->did_placebo;
    struct stat_result r;
    stat_result_init(&r);
    if (!e->did_placebo_run || pl->status != STAT_OK) {
        if (e->did_placebo_run)
            stat_result_fail_why(&r, STAT_NOT_ESTIMABLE, &pl->why);
        else
            stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_PLACEBO_NOT_RUN);
        const char *why = stat_why_text(c->lang, &r);
        count_row(c, o->id, outcome, "", "placebo", "did", &r);
        eval_record_placebo(c, o->id, "did", false, false, NAN, 0, why);
        doc_paragraph(c->incidents,
                      L(c, "Placebotest i tiden för skillnaden i skillnader: kunde inte göras (%s).",
                        "Placebo-in-time check of the difference-in-differences: not possible (%s)."),
                      why);
        return;
    }
    r.estimate = exp(pl->real_level);
    r.statistic = (double)pl->rank_level;
    r.p_value = pl->p_level;
    r.n = (double)pl->n_placebo;
    struct strbuf note = STRBUF_INIT;
    strbuf_addf(&note, "rank %zu of %zu (%zu fake starts and the real one); %zu fake fits left out",
                pl->rank_level, pl->n_placebo + 1, pl->n_placebo, pl->n_failed);
    results_add(c->res, o->id, outcome, "", "placebo", "did", &r, note.buf);
    strbuf_release(&note);
    eval_record_placebo(c, o->id, "did", true, pl->p_level <= PLACEBO_STANDS_OUT, pl->p_level,
                        pl->n_placebo, "");
    placebo_paragraph(c, o, "skillnaden i skillnader mot jämförelseområdet",
                      "the difference-in-differences against the comparison area",
                      pl->n_placebo, pl->rank_level, pl->p_level);
}

/* Placebo in time for the exact rate ratio: after/before at made-up starts in the
 * months before the real one (each side at least PLACEBO_MIN_SIDE months). */
static void report_placebo_rate_ratio(struct eval_ctx *c, const struct outcome *o,
                                      const char *outcome, const struct loaded *ld,
                                      const struct effects *e)
{
    if (!o->placebo || !stat_ok(&e->rate_ratio) || !(e->rate_ratio.estimate > 0) ||
        !isfinite(e->rate_ratio.estimate))
        return;
    const struct series_data *s = &ld->target;
    size_t n_pre = e->t0;
    double real = log(e->rate_ratio.estimate);
    size_t n_placebo = 0, n_failed = 0, rank = 1;
    for (size_t k = PLACEBO_MIN_SIDE; n_pre >= 2 * PLACEBO_MIN_SIDE && k + PLACEBO_MIN_SIDE <= n_pre;
         k++) {
        double a = 0, ta = 0, b = 0, tb = 0;
        for (size_t i = 0; i < n_pre; i++) {
            double t = e->population ? s->exposure[i] : 1.0;
            *(i < k ? &b : &a) += s->count[i];
            *(i < k ? &tb : &ta) += t;
        }
        if (a <= 0 || b <= 0) {
            n_failed++;
            continue;
        }
        double fake = log((a / ta) / (b / tb));
        n_placebo++;
        if (fabs(fake) >= fabs(real))
            rank++;
    }
    struct stat_result r;
    stat_result_init(&r);
    if (!n_placebo) {
        stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_PLACEBO_TOO_FEW_MONTHS_12, 12, NAN, NAN);
        const char *why = stat_why_text(c->lang, &r);
        count_row(c, o->id, outcome, "", "placebo", "rate_ratio", &r);
        eval_record_placebo(c, o->id, "rate_ratio", false, false, NAN, 0, why);
        return;
    }
    double p = (double)rank / (double)(n_placebo + 1);
    r.estimate = e->rate_ratio.estimate;
    r.statistic = (double)rank;
    r.p_value = p;
    r.n = (double)n_placebo;
    struct strbuf note = STRBUF_INIT;
    strbuf_addf(&note, "rank %zu of %zu (%zu fake starts and the real one); %zu left out (a side "
                       "with no cases)",
                rank, n_placebo + 1, n_placebo, n_failed);
    results_add(c->res, o->id, outcome, "", "placebo", "rate_ratio", &r, note.buf);
    strbuf_release(&note);
    eval_record_placebo(c, o->id, "rate_ratio", true, p <= PLACEBO_STANDS_OUT, p, n_placebo, "");
    if (o->model == MODEL_RATE_RATIO)
        placebo_paragraph(c, o, "kvoten efter/före", "the rate ratio after/before", n_placebo,
                          rank, p);
}

/*
 * Regression to the mean: the last twelve months before the start against what the
 * earlier months' trend and season predict.  A start that follows an unusually high
 * (or low) year is partly followed by a return towards the usual level whatever the
 * measure does, and the before/after estimates then overstate (or understate) it.
 */
static void report_rtm(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                       const struct loaded *ld, const struct effects *e)
{
    const struct series_data *s = &ld->target;
    if (s->missing_inside || e->t0 < 24 || e->n_after == 0)
        return;
    struct its_spec sp;
    int *month = xmalloc(s->n * sizeof(int));
    for (size_t i = 0; i < s->n; i++)
        month[i] = s->period[i].month;
    its_spec_init(&sp);
    sp.n = s->n;
    sp.y = s->count;
    sp.month = month;
    sp.t0 = e->t0 + 1;
    sp.season = o->seasonality == SEASON_MONTHS     ? ITS_SEASON_MONTHS
                : o->seasonality == SEASON_HARMONIC ? ITS_SEASON_HARMONIC
                                                    : ITS_SEASON_NONE;
    sp.harmonics = o->harmonics;
    /* the time series' own offset (offset = none, population or person-time), as the
     * model without post and tpost that the prediction is; without an ITS (model =
     * rate_ratio) the population when every month has one, as offset = auto */
    sp.population = e->its_tried ? e->its_spec.population : e->population ? s->exposure : NULL;
    sp.family = o->model == MODEL_RATE_RATIO ? GLM_QUASIPOISSON : model_family(o->model);
    sp.conf_level = c->conf;
    sp.step = recording_step(o, s); /* a recording change is no extreme year */
    /* a change among the twelve predicted months cannot be estimated from the months
     * before them: its shift comes from the whole series' model (its.h) */
    bool known_step = e->its_tried && e->its_spec.step == sp.step && sp.step &&
                      stat_ok(&e->its.step_change) && e->its.step_change.estimate > 0;
    if (known_step) {
        sp.step_log = log(e->its.step_change.estimate);
        sp.step_log_se = e->its.step_change.std_error;
    }
    bool step_predicted = sp.step && sp.step + 12 > e->t0 && sp.step <= e->t0;
    struct its_prediction pr;
    its_pre_prediction(&sp, 12, c->ws, &pr);
    free(month);
    struct stat_result r;
    stat_result_init(&r);
    if (pr.status != STAT_OK) {
        stat_result_fail_why(&r, pr.status, &pr.why);
        results_add(c->res, o->id, outcome, "", "rtm_prediction", "last_year_before", &r, NULL);
        return;
    }
    r.estimate = pr.observed;
    r.conf_low = pr.low;
    r.conf_high = pr.high;
    r.conf_level = c->conf;
    r.n = 12;
    bool high = pr.observed > pr.high, low = pr.observed < pr.low;
    struct strbuf note = STRBUF_INIT;
    strbuf_addf(&note, "observed total of the 12 months before the start; interval = %g%% "
                       "prediction interval from the %zu earlier months (expected %.6g)%s",
                100 * c->conf, pr.n_fit, pr.expected,
                high ? "; above it: regression to the mean likely"
                : low ? "; below it: regression to the mean likely" : "");
    if (step_predicted && known_step)
        strbuf_addf(&note, "; the recording change in month %zu of the 12 is taken as the whole "
                           "series' level shift (ratio %.6g)",
                    sp.step - (e->t0 - 12), e->its.step_change.estimate);
    results_add(c->res, o->id, outcome, "", "rtm_prediction", "last_year_before", &r, note.buf);
    strbuf_release(&note);
    if (!high && !low)
        return;
    char range[96];
    snprintf(range, sizeof(range), "%s\xe2\x80\x93%s", fmt_num(c->lang, fmax(0, pr.low), 0),
             fmt_num(c->lang, pr.high, 0));
    doc_callout(c->incidents, TONE_UNCERTAIN,
                L(c, "Regression mot medelvärdet: de tolv månaderna före starten hade %s fall, "
                     "men trenden och säsongen i månaderna innan förutsåg %s (%s\xc2\xa0%% "
                     "prognosintervall %s). Insatsen startade efter ett ovanligt %s år; en del "
                     "av förändringen efteråt är en återgång till det vanliga och hade kommit "
                     "även utan insatsen.",
                  "Regression to the mean: the twelve months before the start had %s cases, "
                  "but the trend and season of the months before predicted %s (%s%% "
                  "prediction interval %s). The measure started after an unusually %s year; "
                  "part of the change after it is a return to the usual and would have come "
                  "without the measure."),
                fmt_num(c->lang, pr.observed, 0), fmt_num(c->lang, pr.expected, 0),
                fmt_num(c->lang, 100 * c->conf, 0), range,
                high ? L(c, "högt", "high") : L(c, "lågt", "low"));
    eval_caveat(c,
                L(c, "%s: insatsen startade efter ett ovanligt %s år (%s fall mot väntade %s); "
                     "en del av förändringen är sannolikt regression mot medelvärdet.",
                  "%s: the measure started after an unusually %s year (%s cases against %s "
                  "expected); part of the change is likely regression to the mean."),
                count_title(c, o, NULL), high ? L(c, "högt", "high") : L(c, "lågt", "low"),
                fmt_num(c->lang, pr.observed, 0), fmt_num(c->lang, pr.expected, 0));
}

/* The chart: observed counts, the fitted model, the counterfactual with its band from
 * the month before the start (so the lines meet), and the comparison area scaled to
 * the target's level before the start. */
static void report_chart(struct eval_ctx *c, const struct outcome *o, const struct loaded *ld,
                         const struct effects *e)
{
    const struct series_data *s = &ld->target;
    size_t n = s->n;
    double *x = xmalloc(n * sizeof(double)), *y = xmalloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        x[i] = (double)s->day[i];
        y[i] = s->count[i];
    }
    char *name = eval_chart_name(c, o->id, "timeseries");
    struct chart *ch = chart_new(CHART_TIMESERIES, name, count_title(c, o, NULL));
    free(name);
    ch->x_dates = true;
    ch->has_marker = true;
    struct date start = eval_outcome_date(c, o);
    ch->marker_x = (double)date_to_days(start);
    char sbuf[16];
    date_format(start, sbuf, sizeof(sbuf));
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s %s", L(c, "Start", "Start"), sbuf);
    ch->marker_label = strbuf_detach(&sb);
    free(ch->ylabel);
    ch->ylabel = xstrdup(L(c, "Antal per månad", "Count per month"));
    free(ch->xlabel);
    ch->xlabel = xstrdup(L(c, "Månad", "Month"));
    chart_add_series(ch, L(c, "Observerat", "Observed"), n, x, y, NULL, NULL, 0);
    bool its_ok = e->its_tried && e->its.fitted && stat_ok(&e->its.level_change);
    if (its_ok) {
        chart_add_series(ch, L(c, "Modell", "Model"), n, x, e->its.fitted, NULL, NULL, 1);
        size_t from = e->t0 ? e->t0 - 1 : 0;
        chart_add_series(ch, L(c, "Utan insatsen (kontrafaktiskt)", "Without the measure (counterfactual)"),
                         n - from, x + from, e->its.counterfactual + from, e->its.cf_low + from,
                         e->its.cf_high + from, 2);
    } else {
        /* the mean before and after as two flat lines */
        double *level = xmalloc(n * sizeof(double));
        for (size_t i = 0; i < n; i++)
            level[i] = i < e->t0 ? e->before / (double)(e->n_before ? e->n_before : 1)
                                 : e->after / (double)(e->n_after ? e->n_after : 1);
        if (e->t0 > 0)
            chart_add_series(ch, L(c, "Medel före", "Mean before"), e->t0, x, level, NULL, NULL, 1);
        if (e->t0 < n)
            chart_add_series(ch, L(c, "Medel efter", "Mean after"), n - e->t0, x + e->t0,
                             level + e->t0, NULL, NULL, 2);
        free(level);
    }
    if (ld->has_comparison) {
        const struct series_data *cs = &ld->comparison;
        double cb = 0, tb = e->before;
        for (size_t i = 0; i < cs->n; i++)
            if (cs->day[i] < e->start_day)
                cb += cs->count[i];
        double scale = cb > 0 && tb > 0 ? tb / cb : 1;
        double *cx = xmalloc((cs->n ? cs->n : 1) * sizeof(double));
        double *cy = xmalloc((cs->n ? cs->n : 1) * sizeof(double));
        for (size_t i = 0; i < cs->n; i++) {
            cx[i] = (double)cs->day[i];
            cy[i] = cs->count[i] * scale;
        }
        struct strbuf lab = STRBUF_INIT;
        name_set_join(&o->comparison, &lab);
        if (scale != 1)
            strbuf_addstr(&lab, L(c, " (skalad till målområdets nivå före)",
                                  " (scaled to the target's level before)"));
        chart_add_series(ch, lab.buf, cs->n, cx, cy, NULL, NULL, 3);
        strbuf_release(&lab);
        free(cx);
        free(cy);
    }
    free(ch->alt);
    struct strbuf alt = STRBUF_INIT;
    strbuf_addf(&alt, L(c, "Antal per månad med insatsens start markerad. Medel före: %s, efter: %s.",
                        "Count per month with the start of the measure marked. Mean before: %s, after: %s."),
                fmt_num(c->lang, e->n_before ? e->before / (double)e->n_before : NAN, 1),
                fmt_num(c->lang, e->n_after ? e->after / (double)e->n_after : NAN, 1));
    ch->alt = strbuf_detach(&alt);
    doc_chart(c->incidents, ch,
              its_ok ? L(c, "Observerat antal, modellens anpassning och vad modellen väntar sig "
                            "utan insatsen (med osäkerhetsband).",
                         "Observed counts, the model's fit and what the model expects without "
                         "the measure (with its uncertainty band).")
                     : L(c, "Observerat antal per månad med medel före och efter starten.",
                         "Observed count per month with the mean before and after the start."));
    free(x);
    free(y);
}

/* The cumulative-effect panel under the ITS chart: observed minus what the model
 * expects without the measure, summed month by month from the start, with its band
 * (its.h: cum_effect), starting at zero the month before.  Its last point is the
 * prevented cases with the sign turned; the caption reads it from its interval.  The
 * x axis spans the whole series so the panel lines up with the chart above it. */
static void report_cumulative_chart(struct eval_ctx *c, const struct outcome *o,
                                    const struct loaded *ld, const struct effects *e)
{
    const struct series_data *s = &ld->target;
    const struct its_result *r = &e->its;
    size_t n = s->n;
    if (!e->its_tried || !r->cum_effect || !stat_ok(&r->prevented) || e->t0 >= n || n == 0)
        return;
    size_t from = e->t0 ? e->t0 - 1 : 0; /* the month before the start: zero */
    size_t m = n - from;
    double *x = xmalloc(m * sizeof(double)), *y = xmalloc(m * sizeof(double));
    double *lo = xmalloc(m * sizeof(double)), *hi = xmalloc(m * sizeof(double));
    for (size_t i = from; i < n; i++) {
        size_t k = i - from;
        x[k] = (double)s->day[i];
        bool before = i < e->t0;
        y[k] = before ? 0 : r->cum_effect[i];
        lo[k] = before ? 0 : r->cum_low[i];
        hi[k] = before ? 0 : r->cum_high[i];
    }
    char *name = eval_chart_name(c, o->id, "cumulative");
    struct strbuf title = STRBUF_INIT;
    strbuf_addf(&title, L(c, "%s: kumulativ effekt", "%s: cumulative effect"),
                count_title(c, o, NULL));
    struct chart *ch = chart_new(CHART_TIMESERIES, name, title.buf);
    free(name);
    strbuf_release(&title);
    ch->x_dates = true;
    ch->zero_line = true;
    ch->has_xspan = true;
    ch->x_from = (double)s->day[0];
    ch->x_to = (double)s->day[n - 1];
    ch->has_marker = true;
    ch->marker_x = (double)date_to_days(eval_outcome_date(c, o));
    free(ch->marker_label);
    ch->marker_label = xstrdup("");
    free(ch->ylabel);
    ch->ylabel = xstrdup(L(c, "Observerat minus väntat, summerat", "Observed minus expected, summed"));
    free(ch->xlabel);
    ch->xlabel = xstrdup(L(c, "Månad", "Month"));
    struct strbuf lab = STRBUF_INIT;
    strbuf_addf(&lab, L(c, "Kumulativ effekt med %s", "Cumulative effect with %s"),
                eval_ci(c, CI_ABBR));
    chart_add_series(ch, lab.buf, m, x, y, lo, hi, 1);
    strbuf_release(&lab);

    /* the reading at the end of the period, from the estimate and its interval */
    double end = r->cum_effect[n - 1], elo = r->cum_low[n - 1], ehi = r->cum_high[n - 1];
    const char *reading;
    if (ehi < 0)
        reading = fmt_text(L(c, "Omkring %s färre fall än väntat; hela intervallet ligger under noll.",
                             "About %s fewer cases than expected; the whole interval is below zero."),
                           fmt_num(c->lang, fabs(end), 0));
    else if (elo > 0)
        reading = fmt_text(L(c, "Omkring %s fler fall än väntat; hela intervallet ligger över noll.",
                             "About %s more cases than expected; the whole interval is above zero."),
                           fmt_num(c->lang, fabs(end), 0));
    else
        reading = L(c, "Intervallet omfattar noll, så data kan varken visa eller utesluta att "
                       "antalet ändrades.",
                    "The interval includes zero, so the data can neither show nor rule out a "
                    "change in the count.");
    struct strbuf cap = STRBUF_INIT;
    strbuf_addf(&cap,
                L(c, "Kumulativ effekt: observerat antal minus vad modellen väntar sig utan "
                     "insatsen, summerat månad för månad från starten, med %s (osäkerheten i "
                     "det väntade; de observerade antalen tas som givna). Under noll: färre fall "
                     "än väntat. Vid periodens slut: %s (%s %s). %s",
                  "Cumulative effect: the observed count minus what the model expects without "
                  "the measure, summed month by month from the start, with its %s (the "
                  "uncertainty of the expected; the observed counts are taken as given). Below "
                  "zero: fewer cases than expected. At the end of the period: %s (%s %s). %s"),
                eval_ci(c, CI_WORDS), fmt_num(c->lang, end, 0), eval_ci(c, CI_ABBR),
                fmt_text("%s %s %s", fmt_num(c->lang, elo, 0), L(c, "till", "to"),
                         fmt_num(c->lang, ehi, 0)),
                reading);
    free(ch->alt);
    ch->alt = xstrdup(fmt_text(L(c, "Kumulativ effekt per månad från starten; vid periodens slut %s.",
                                 "Cumulative effect by month from the start; at the end of the "
                                 "period %s."),
                               fmt_num(c->lang, end, 0)));
    doc_chart(c->incidents, ch, cap.buf);
    strbuf_release(&cap);
    free(x);
    free(y);
    free(lo);
    free(hi);
}

/* ------------------------------------------------------------------ alternatives */

static const struct name_set *or_default(const struct name_set *alt, const struct name_set *dflt)
{
    return alt->n ? alt : dflt;
}

static void sensitivity_row(struct eval_ctx *c, struct table *t, const char *label,
                            const struct places *p, const struct outcome *o, const struct effects *e)
{
    struct strbuf area = STRBUF_INIT, comp = STRBUF_INIT;
    name_set_join(p->area, &area);
    if (p->comparison && p->comparison->n)
        name_set_join(p->comparison, &comp);
    struct estimate_cells m, d;
    const struct stat_result *me = main_effect(o, e);
    count_cells(c, me, &m);
    struct stat_result none;
    stat_result_init(&none);
    stat_result_fail(&none, STAT_NOT_ESTIMABLE, STAT_R_NONE);
    count_cells(c, e->did_tried ? &e->did.ratio : &none, &d);
    const char *row[] = {label, area.buf, comp.buf, m.est, m.ci, d.est, d.ci,
                         !stat_ok(me) ? stat_why_text(c->lang, me) : ""};
    table_add_row(t, row);
    strbuf_release(&area);
    strbuf_release(&comp);
}

static int report_alternatives(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                               const struct places *p0, const struct effects *e0)
{
    if (!o->alternatives.n)
        return 0;
    char ci[64];
    snprintf(ci, sizeof(ci), "%s", eval_ci(c, CI_ABBR));
    const char *cols[] = {L(c, "Definition", "Definition"), L(c, "Målområde", "Target area"),
                          L(c, "Jämförelse", "Comparison"), main_effect(o, e0) == &e0->rate_ratio
                                                                ? L(c, "Kvot efter/före", "Rate ratio")
                                                                : L(c, "Nivåförändring", "Level change"),
                          ci, L(c, "Skillnad i skillnader", "Difference-in-differences"), ci,
                          L(c, "Anmärkning", "Note")};
    bool numeric[] = {false, false, false, true, false, true, false, false};
    struct table *t = table_new("incident-sensitivity",
                                L(c, "Känslighet för hur områdena avgränsas",
                                  "Sensitivity to how the areas are drawn"),
                                8, cols, numeric);
    sensitivity_row(c, t, L(c, "Som angivet", "As specified"), p0, o, e0);
    int result = 0;
    for (size_t i = 0; i < o->alternatives.n; i++) {
        const struct alternative *a = spec_alternative(c->spec, o->alternatives.items[i]);
        if (!a)
            continue; /* spec_load refuses unknown ids; nothing to do */
        struct places p = {or_default(&a->area, &o->area), or_default(&a->comparison, &o->comparison),
                           a->no_buffer ? NULL : or_default(&a->buffer, &o->buffer)};
        struct loaded ld;
        if (load_places(c, o, &p, &ld) != 0) {
            loaded_release(&ld);
            result = -1;
            break;
        }
        const char *label = L(c, a->title_sv, a->title_en);
        if (!label)
            label = a->id;
        if (!ld.has_target) {
            count_row_failed(c, o->id, outcome, a->id, main_method(o), outcome_main_term(o),
                             STAT_R_ALT_TARGET_NO_COUNTS);
            const char *row[] = {label, "", "", "\xe2\x80\x93", "\xe2\x80\x93", "\xe2\x80\x93",
                                 "\xe2\x80\x93", L(c, "inga data", "no data")};
            table_add_row(t, row);
            loaded_release(&ld);
            continue;
        }
        struct effects e;
        effects_init(&e);
        estimate(c, o, &p, &ld, &e);
        add_effect_rows(c, o, outcome, a->id, &e);
        sensitivity_row(c, t, label, &p, o, &e);
        effects_release(&e);
        loaded_release(&ld);
    }
    doc_table(c->incidents, t, NULL,
              L(c, "Samma modell med andra avgränsningar av mål- och jämförelseområdet. Ett "
                   "resultat som bara håller för en avgränsning är svagt.",
                "The same model with other definitions of the target and comparison areas. A "
                "result that holds for one definition only is weak."));
    return result;
}

/* ------------------------------------------------------------------ recording */

/*
 * What a cost per prevented case is computed from, per estimate (suffix "" or
 * "_delivered"): the ITS terms carry the model's own sum over the after months of
 * counterfactual minus observed (level and slope, its.h); a ratio (rate ratio, DiD)
 * has observed x (1/ratio - 1), its counterfactual.  Only where fewer recorded cases
 * mean fewer offences: not for police-detected offences nor activity counts.
 */
static void record_effects(struct eval_ctx *c, const struct outcome *o, const struct loaded *ld,
                           const struct effects *e, const char *det, const char *suffix)
{
    const struct stat_result *m = main_effect(o, e);
    if (!strcmp(det, "police") || !strcmp(det, "activity") || !stat_ok(m) || !e->n_after)
        return;
    struct effect_basis eb = {0};
    eb.outcome = o->id;
    eb.observed = e->after;
    eb.ratio = m->estimate;
    eb.ratio_low = m->conf_low;
    eb.ratio_high = m->conf_high;
    eb.from = eval_outcome_date(c, o);
    struct date last = ld->target.period[ld->target.n - 1];
    last.day = date_days_in_month(last.year, last.month);
    eb.to = last;
    eb.unit = xstrdup(L(c, "anmälda brott", "reported offences"));
    char term[64] = "";
    eb.term = term;
    if (!*suffix)
        eval_record_effect(c, &eb);
    snprintf(term, sizeof(term), "rate_ratio%s", suffix);
    eval_record_effect(c, &eb);
    if (e->its_tried) {
        eb.has_prevented = true;
        eb.prevented = e->its.prevented;
        eb.its_prevented = true;
        eb.its_effects = (int)e->its.effects;
        snprintf(term, sizeof(term), "level_change%s", suffix);
        eval_record_effect(c, &eb);
        snprintf(term, sizeof(term), "slope_change%s", suffix);
        eval_record_effect(c, &eb);
        eb.has_prevented = eb.its_prevented = false;
    }
    if (e->did_tried) {
        snprintf(term, sizeof(term), "did%s", suffix);
        eval_record_effect(c, &eb);
    }
    free(eb.unit);
}

static void record_all(struct eval_ctx *c, const struct outcome *o, const struct loaded *ld,
                       const struct effects *e, const char *det)
{
    bool activity = !strcmp(det, "activity");
    bool lower = !activity;
    const char *title = count_title(c, o, NULL);
    eval_record(c, o->id, "rate_ratio", "", &e->rate_ratio, true, lower, title);
    if (e->its_tried) {
        eval_record(c, o->id, "level_change", "", &e->its.level_change, true, lower, title);
        eval_record(c, o->id, "slope_change", "", &e->its.slope_change, true, lower, title);
    }
    if (e->did_tried) {
        eval_record(c, o->id, "did", "", &e->did.ratio, true, lower, title);
        /* RES > 1 is a relative improvement: higher is better for offences */
        eval_record(c, o->id, "res", "", &e->res.res_inflated, true, !lower, title);
    }
    if (e->buffer_tried) {
        /* A WDQ whose target did not improve is printed with its warning but is no
         * evidence a criterion may rest on. */
        struct stat_result wdq = e->wdq.wdq;
        if (stat_ok(&wdq) && !e->wdq.readable)
            stat_result_fail_why(&wdq, STAT_NOT_ESTIMABLE, &e->wdq.wdq.why);
        eval_record(c, o->id, "wdq", "", &wdq, false, !lower, title);
        eval_record(c, o->id, "wdd", "", &e->wdd.total, false, lower, title);
    }
    bool comparison = e->did_tried && ld->has_comparison;
    eval_record_design(c, o->id, comparison ? 3 : 2,
                       comparison ? L(c, "före och efter med jämförelseområde",
                                      "before and after with a comparison area")
                                  : L(c, "före och efter i målområdet, utan jämförelseområde",
                                      "before and after in the target area, no comparison area"));
    if (!strcmp(det, "police"))
        eval_record_police(c, o->id);
    record_effects(c, o, ld, e, det, "");
}

/* ------------------------------------------------------------------ delivered months */

/*
 * REPORTING.md rule 3: when the after period includes months in which the evaluated
 * measure delivered nothing (eval_delivery_gaps), the same estimates are made again
 * with the window ending at the last month with delivery, shown beside the ones as
 * specified and recorded as "<term>_delivered" (a criterion may choose them).  Months
 * without delivery inside that shorter window stay in it: the time-series model needs
 * consecutive months, and the report says how many there are.
 */
static int report_delivered(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                            const struct places *p, const struct loaded *ld0,
                            const struct effects *e0, const char *det)
{
    struct date from = eval_outcome_date(c, o), first_gap, last_gap, last_delivered;
    struct date to = ld0->target.period[ld0->target.n - 1];
    to.day = date_days_in_month(to.year, to.month);
    size_t months;
    size_t gaps = eval_delivery_gaps(c, from, to, &first_gap, &last_gap, &last_delivered, &months);
    if (!gaps || !last_delivered.year)
        return 0;
    struct outcome o2 = *o;
    o2.has_to = true;
    o2.to = (struct date){last_delivered.year, last_delivered.month, 0};
    struct loaded ld;
    if (load_places(c, &o2, p, &ld) != 0) {
        loaded_release(&ld);
        return -1;
    }
    if (!ld.has_target) {
        loaded_release(&ld);
        return 0;
    }
    struct effects e;
    effects_init(&e);
    estimate(c, &o2, p, &ld, &e);
    add_effect_rows(c, o, outcome, "delivered_months", &e);
    bool lower = strcmp(det, "activity") != 0;
    const char *title = count_title(c, o, NULL);
    eval_record(c, o->id, "rate_ratio_delivered", "", &e.rate_ratio, true, lower, title);
    if (e.its_tried) {
        eval_record(c, o->id, "level_change_delivered", "", &e.its.level_change, true, lower, title);
        eval_record(c, o->id, "slope_change_delivered", "", &e.its.slope_change, true, lower, title);
    }
    if (e.did_tried)
        eval_record(c, o->id, "did_delivered", "", &e.did.ratio, true, lower, title);
    record_effects(c, &o2, &ld, &e, det, "_delivered");

    char ci[64], a[16], b[16], l[16];
    snprintf(ci, sizeof(ci), "%s", eval_ci(c, CI_ABBR));
    snprintf(a, sizeof(a), "%04d-%02d", first_gap.year, first_gap.month);
    snprintf(b, sizeof(b), "%04d-%02d", last_gap.year, last_gap.month);
    snprintf(l, sizeof(l), "%04d-%02d", last_delivered.year, last_delivered.month);
    doc_callout(c->incidents, TONE_UNCERTAIN,
                L(c, "Efterperioden omfattar %zu månader då insatsen inte genomfördes alls (%s "
                     "till %s). Tabellen visar samma skattningar med bara månaderna fram till "
                     "den sista med genomförande (%s).",
                  "The after period includes %zu months in which the measure was not delivered "
                  "at all (%s to %s). The table shows the same estimates with only the months up "
                  "to the last one with delivery (%s)."),
                gaps, a, b, l);
    const char *cols[] = {L(c, "Skattning", "Estimate"), L(c, "Som angivet", "As specified"), ci,
                          L(c, "Bara månader med genomförande", "Months with delivery only"), ci};
    bool numeric[] = {false, true, false, true, false};
    struct table *t = table_new("incident-delivered",
                                L(c, "Skattningar med och utan månaderna utan genomförande",
                                  "Estimates with and without the months without delivery"),
                                5, cols, numeric);
    const struct stat_result *pairs[4][2] = {
        {&e0->rate_ratio, &e.rate_ratio},
        {e0->its_tried ? &e0->its.level_change : NULL, e.its_tried ? &e.its.level_change : NULL},
        {e0->its_tried ? &e0->its.slope_change : NULL, e.its_tried ? &e.its.slope_change : NULL},
        {e0->did_tried ? &e0->did.ratio : NULL, e.did_tried ? &e.did.ratio : NULL}};
    const char *names[4] = {L(c, "Kvot efter/före", "Rate ratio after/before"),
                            L(c, "Nivåförändring", "Level change"),
                            L(c, "Trendförändring per månad", "Slope change per month"),
                            L(c, "Skillnad i skillnader", "Difference-in-differences")};
    for (int k = 0; k < 4; k++) {
        if (!pairs[k][0] || !pairs[k][1])
            continue;
        struct estimate_cells x, y;
        count_cells(c, pairs[k][0], &x);
        count_cells(c, pairs[k][1], &y);
        const char *row[] = {names[k], x.est, x.ci, y.est, y.ci};
        table_add_row(t, row);
    }
    doc_table(c->incidents, t, NULL,
              L(c, "Kvoter: under 1 betyder färre fall än väntat. Begränsningen till månader med "
                   "genomförande kortar efterperioden; den visar vad som hände medan insatsen "
                   "faktiskt pågick.",
                "Ratios: below 1 means fewer cases than expected. Restricting to months with "
                "delivery shortens the after period; it shows what happened while the measure "
                "actually ran."));
    effects_release(&e);
    loaded_release(&ld);
    return 0;
}

/* ------------------------------------------------------------------ the counts' profile */

/*
 * A police recording change (spec recording_change): what the estimates do with it,
 * said once in the outcome's section -- the time-series model has a level shift of its
 * own at that month (and so has the counterfactual); the before/after ratio cannot
 * separate it; a comparison area takes it out only if recorded the same way.
 */
static void report_recording_change(struct eval_ctx *c, const struct outcome *o,
                                    const struct loaded *ld, const struct effects *e)
{
    if (!o->has_recording_change)
        return;
    char m[16], a[16], b[16];
    snprintf(m, sizeof(m), "%04d-%02d", o->recording_change.year, o->recording_change.month);
    const struct series_data *s = &ld->target;
    snprintf(a, sizeof(a), "%04d-%02d", s->period[0].year, s->period[0].month);
    snprintf(b, sizeof(b), "%04d-%02d", s->period[s->n - 1].year, s->period[s->n - 1].month);
    int rc = o->recording_change.year * 12 + o->recording_change.month;
    int first = s->period[0].year * 12 + s->period[0].month;
    int last = s->period[s->n - 1].year * 12 + s->period[s->n - 1].month;
    /* not inside: in or before the first month analysed every month is recorded the new
     * way, after the last one the old way; either way there is nothing to adjust (a
     * change in the first month is no month "outside" a range that starts with it) */
    if (rc == first) {
        doc_callout(c->incidents, TONE_INFO,
                    L(c, "Registreringsändringen som utvärderingen anger för %s infaller i den "
                         "första månaden som analyseras (%s till %s): alla månader här är "
                         "registrerade på det nya sättet, och ingen justering görs.",
                      "The recording change the evaluation declares for %s falls in the first "
                      "month analysed (%s to %s): every month here is recorded the new way, and "
                      "no adjustment is made."),
                    m, a, b);
        return;
    }
    if (rc < first || rc > last) {
        doc_callout(c->incidents, TONE_INFO,
                    rc < first
                        ? L(c, "Registreringsändringen som utvärderingen anger för %s ligger före "
                               "de månader som analyseras (%s till %s): alla månader här är "
                               "registrerade på det nya sättet, och ingen justering görs.",
                            "The recording change the evaluation declares for %s lies before the "
                            "months analysed (%s to %s): every month here is recorded the new "
                            "way, and no adjustment is made.")
                        : L(c, "Registreringsändringen som utvärderingen anger för %s ligger efter "
                               "de månader som analyseras (%s till %s): alla månader här är "
                               "registrerade på det gamla sättet, och ingen justering görs.",
                            "The recording change the evaluation declares for %s lies after the "
                            "months analysed (%s to %s): every month here is recorded the old "
                            "way, and no adjustment is made."),
                    m, a, b);
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb,
                L(c, "Registreringsändring: polisen ändrade hur brotten registreras från %s "
                     "(angivet i utvärderingen). ",
                  "Recording change: the police changed how the offences are recorded from %s "
                  "(declared in the evaluation). "),
                m);
    if (e->its_tried && e->its_spec.step && stat_ok(&e->its.step_change))
        strbuf_addf(&sb,
                    L(c, "Tidsseriemodellen har ett eget nivåskifte den månaden, kvot %s (%s "
                         "%s), som inte räknas som insatsernas effekt; också det förväntade "
                         "utan insatserna har skiftet. ",
                      "The time-series model has a level shift of its own at that month, "
                      "ratio %s (%s %s), which is not counted as the measures' effect; the "
                      "counts expected without the measures have the shift too. "),
                    fmt_sig(c->lang, e->its.step_change.estimate, 3), eval_ci(c, CI_ABBR),
                    fmt_ci(c->lang, e->its.step_change.conf_low, e->its.step_change.conf_high, 3,
                           0));
    else if (e->its_tried)
        strbuf_addf(&sb,
                    L(c, "Tidsseriemodellens nivåskifte för ändringen kunde inte skattas (%s). ",
                      "The time-series model's level shift for the change could not be "
                      "estimated (%s). "),
                    stat_why_text(c->lang, &e->its.step_change));
    strbuf_addstr(&sb, L(c, "Kvoten efter/före kan inte skilja ändringen från insatsernas "
                            "effekt",
                         "The after/before rate ratio cannot tell the change from the "
                         "measures' effect"));
    if (e->did_tried && e->did_step && stat_ok(&e->did.step_change))
        strbuf_addf(&sb,
                    o->recording_target_only
                        ? L(c, ". Jämförelsen med jämförelseområdet har ett eget nivåskifte den "
                               "månaden i målområdet ensamt (jämförelseområdet registrerades på "
                               "det gamla sättet: recording_change.comparison = unchanged), "
                               "kvot %s (%s %s), så kvoten av kvoter bär inte ändringen",
                            ". The contrast with the comparison area has a level shift of its "
                            "own at that month in the target area alone (the comparison area "
                            "kept the old recording: recording_change.comparison = unchanged), "
                            "ratio %s (%s %s), so the ratio of rate ratios does not carry the "
                            "change")
                        : L(c, ". Jämförelsen med jämförelseområdet har ett eget nivåskifte den "
                               "månaden, gemensamt för båda områdena (samma polisiära "
                               "registrering: båda registrerades på det nya sättet från samma "
                               "månad; recording_change.comparison = unchanged om "
                               "jämförelseområdet inte gjorde det), kvot %s (%s %s), så kvoten "
                               "av kvoter bär inte ändringen",
                            ". The contrast with the comparison area has a level shift of its "
                            "own at that month, common to both areas (one police recording "
                            "system: both recorded the new way from the same month; "
                            "recording_change.comparison = unchanged if the comparison area did "
                            "not), ratio %s (%s %s), so the ratio of rate ratios does not "
                            "carry the change"),
                    fmt_num(c->lang, e->did.step_change.estimate,
                            fmt_common_decimals(e->did.step_change.estimate,
                                                e->did.step_change.conf_low,
                                                e->did.step_change.conf_high, 3)),
                    eval_ci(c, CI_ABBR),
                    fmt_ci_dec(c->lang, e->did.step_change.conf_low, e->did.step_change.conf_high,
                               fmt_common_decimals(e->did.step_change.estimate,
                                                   e->did.step_change.conf_low,
                                                   e->did.step_change.conf_high, 3),
                               0));
    else if (e->did_tried && e->did_step)
        strbuf_addf(&sb,
                    L(c, ". Jämförelsens nivåskifte för ändringen kunde inte skattas (%s), så "
                         "jämförelsen tar bort ändringen bara om brotten i jämförelseområdet "
                         "registrerades på samma nya sätt från samma månad",
                      ". The contrast's level shift for the change could not be estimated "
                      "(%s), so the contrast removes the change only if the comparison area's "
                      "offences were recorded the same new way from the same month"),
                    stat_why_text(c->lang, &e->did.step_change));
    else if (e->did_tried)
        strbuf_addstr(&sb, L(c, ", och jämförelsen med jämförelseområdet tar bort den bara om "
                                "brotten där registrerades på samma nya sätt från samma månad "
                                "(ändringen ligger utanför de månader båda områdena har)",
                             ", and the contrast with the comparison area removes it only if "
                             "the offences there were recorded the same new way from the same "
                             "month (the change lies outside the months both areas have)"));
    strbuf_addch(&sb, '.');
    doc_callout(c->incidents, TONE_UNCERTAIN, "%s", sb.buf);
    strbuf_release(&sb);
}

static void count_zeros(const struct series_data *s, double *events, size_t *zeros)
{
    *events = 0;
    *zeros = 0;
    for (size_t i = 0; i < s->n; i++) {
        *events += s->count[i];
        *zeros += s->count[i] == 0;
    }
}

/* The counts behind the criteria judged on this outcome (eval_record_counts). */
static void record_counts(struct eval_ctx *c, const struct outcome *o, const struct loaded *ld,
                          const struct effects *e)
{
    struct count_profile p = {0};
    p.outcome = o->id;
    const struct series_data *s = &ld->target;
    count_zeros(s, &p.events, &p.zero_months);
    p.months = s->n;
    p.events_before = e->before;
    p.events_after = e->after;
    p.months_before = e->n_before;
    p.months_after = e->n_after;
    if (ld->has_comparison) {
        p.has_comparison = true;
        count_zeros(&ld->comparison, &p.comparison_events, &p.comparison_zero_months);
        p.comparison_months = ld->comparison.n;
    }
    stat_result_init(&p.recording_step);
    stat_result_fail(&p.recording_step, STAT_NOT_ESTIMABLE, STAT_R_MODEL_NOT_FITTED);
    stat_result_fail(&p.did_step, STAT_NOT_ESTIMABLE, STAT_R_MODEL_NOT_FITTED);
    if (o->has_recording_change && s->n && !s->daily) {
        p.recording = true;
        p.recording_month = o->recording_change;
        int rc = o->recording_change.year * 12 + o->recording_change.month;
        p.recording_inside = rc > s->period[0].year * 12 + s->period[0].month &&
                             rc <= s->period[s->n - 1].year * 12 + s->period[s->n - 1].month;
        if (e->its_tried && e->its_spec.step)
            p.recording_step = e->its.step_change;
        if (e->did_tried && e->did_step) {
            p.did_step_in_model = true;
            p.did_step_target_only = o->recording_target_only;
            p.did_step = e->did.step_change;
        }
    }
    eval_record_counts(c, &p);
}

/* ------------------------------------------------------------------ the main result */

/* "28 % lower (0,716, 95 % confidence interval 0,593 to 0,864)": a ratio's change in
 * words with its numbers, one count of decimals for the three (fmt_common_decimals). */
static void ratio_with_ci(const struct eval_ctx *c, const char *what_sv, const char *what_en,
                          const struct stat_result *r, struct strbuf *sb)
{
    int d = fmt_common_decimals(r->estimate, r->conf_low, r->conf_high, 3);
    change_text(c, r->estimate, sb);
    strbuf_addf(sb, " (%s%s%s, %s %s)", what_sv ? L(c, what_sv, what_en) : "", what_sv ? " " : "",
                fmt_num(c->lang, r->estimate, d), eval_ci(c, CI_WORDS),
                fmt_ci_dec(c->lang, r->conf_low, r->conf_high, d, 0));
}

static bool covers_one(const struct stat_result *r)
{
    return !(r->conf_low > 1) && !(r->conf_high < 1);
}

/*
 * The target area's own time series in words: the level change at the start (and the
 * change in trend after it, when the model has both), then the model's whole effect
 * counted in cases over the after period -- the quantity the criteria and cost lines
 * judge and explain (evaluate.c cumulative_text), so the section cannot seem to say
 * "7 % lower" where the summary says "89 fewer than expected".  Returns false when the
 * model gave nothing to say.
 */
static bool its_text(const struct eval_ctx *c, const struct outcome *o, const struct effects *e,
                     struct strbuf *sb)
{
    const struct its_result *r = &e->its;
    bool level = stat_ok(&r->level_change), slope = stat_ok(&r->slope_change);
    bool lvl_term = r->effects != ITS_EFFECTS_SLOPE, slp_term = r->effects != ITS_EFFECTS_LEVEL;
    if (!(lvl_term && level) && !(slp_term && slope))
        return false;
    if (lvl_term && level) {
        strbuf_addstr(sb, L(c, "nivåförändring vid starten ", "level change at the start "));
        ratio_with_ci(c, NULL, NULL, &r->level_change, sb);
    }
    if (slp_term && slope) {
        int d = fmt_common_decimals(r->slope_change.estimate, r->slope_change.conf_low,
                                    r->slope_change.conf_high, 3);
        double x = r->slope_change.estimate;
        strbuf_addstr(sb, lvl_term && level ? L(c, ", därefter ", ", then ") : "");
        if (fabs(x - 1) < 0.0005)
            strbuf_addstr(sb, L(c, "trenden oförändrad", "the trend unchanged"));
        else
            strbuf_addf(sb, L(c, "trenden %s per månad", "the trend %s a month"),
                        fmt_text("%s %s", fmt_pct(c->lang, fabs(x - 1), 1),
                                 x < 1 ? L(c, "lägre", "lower") : L(c, "högre", "higher")));
        strbuf_addf(sb, " (%s, %s %s)", fmt_num(c->lang, x, d), eval_ci(c, CI_WORDS),
                    fmt_ci_dec(c->lang, r->slope_change.conf_low, r->slope_change.conf_high, d, 0));
    }
    if (stat_ok(&r->prevented) && e->n_after) {
        struct date from = eval_outcome_date(c, o);
        char a[16];
        snprintf(a, sizeof(a), "%04d-%02d", from.year, from.month);
        strbuf_addf(sb,
                    r->effects == ITS_EFFECTS_BOTH
                        ? L(c, "; sammantaget över hela efterperioden (%s månader från %s, "
                               "språnget och trendförändringen tillsammans) ",
                            "; taken together over the whole after period (%s months from %s, "
                            "the jump and the change in trend together) ")
                        : L(c, "; räknat i fall över hela efterperioden (%s månader från %s) ",
                            "; counted in cases over the whole after period (%s months from "
                            "%s) "),
                    fmt_num(c->lang, (double)e->n_after, 0), a);
        cases_vs_expected(c, &r->prevented, NULL, sb);
    }
    return true;
}

/* Fewer cases than this before or after the start: a main result says the counts (as
 * the criteria's certainty calls them very sparse, evaluate.c VERY_SPARSE_SIDE). */
#define TINY_SIDE 10.0

/* The covering-one sentence of a main result, or the police-detected reading. */
static void main_tail(const struct eval_ctx *c, bool no_change, bool police, struct strbuf *sb)
{
    if (no_change)
        strbuf_addstr(sb, L(c, " Intervallet omfattar ingen förändring: data kan inte skilja "
                               "effekten från slumpen.",
                            " The interval includes no change: the data cannot tell the effect "
                            "from chance."));
    else if (police)
        strbuf_addstr(sb, L(c, " För polisupptäckta brott speglar förändringen polisens "
                               "aktivitet snarare än brottsligheten.",
                            " For police-detected offences the change reflects police activity "
                            "rather than offending."));
}

/*
 * The main result of an [incidents] section, at its top (`at`, a placeholder after the
 * introduction): the estimate of the strongest design the section has, named in words
 * -- the synthetic comparison area, else the change against the comparison area (DiD),
 * else the target's own time series (level change and the cumulative effect), and the
 * crude after/before ratio only when nothing else exists -- then, under a contrast, the
 * target's own change, named as being without comparison.  A reader who quotes one
 * number quotes the one the design bears, and the one the summary's criteria read.
 */
static void report_main_result(struct eval_ctx *c, const struct outcome *o,
                               const struct effects *e, const struct synth_summary *syn,
                               bool police, size_t at)
{
    struct strbuf sb = STRBUF_INIT;
    enum doc_tone tone = TONE_NONE;
    bool contrast = true;
    if (syn && syn->done && !syn->poor && isfinite(syn->post_ratio)) {
        strbuf_addstr(&sb, L(c, "Huvudresultat, mot det syntetiska jämförelseområdet: ",
                             "Main result, against the synthetic comparison area: "));
        change_text(c, syn->post_ratio, &sb);
        int d = fmt_common_decimals(syn->post_ratio, NAN, NAN, 3);
        if (isnan(syn->p_value))
            strbuf_addf(&sb, L(c, " (kvot %s; inga placeboområden, inget intervall)",
                               " (ratio %s; no placebo areas, no interval)"),
                        fmt_num(c->lang, syn->post_ratio, d));
        else
            strbuf_addf(&sb, L(c, " (kvot %s, permutations-p = %s)", " (ratio %s, permutation p = %s)"),
                        fmt_num(c->lang, syn->post_ratio, d), fmt_p(c->lang, syn->p_value));
        if (isfinite(syn->prevented) && round(syn->prevented) != 0)
            strbuf_addf(&sb, L(c, ", det vill säga %s %s fall över %s månader",
                               ", that is %s %s cases over %s months"),
                        fmt_num(c->lang, fabs(syn->prevented), 0),
                        syn->prevented > 0 ? L(c, "färre", "fewer") : L(c, "fler", "more"),
                        fmt_num(c->lang, (double)syn->months_after, 0));
        strbuf_addch(&sb, '.');
        if (!isnan(syn->p_value) && syn->p_value > 1 - c->conf)
            strbuf_addstr(&sb, L(c, " Lika stora förändringar förekommer i områden utan "
                                    "insatsen: data kan inte skilja effekten från slumpen.",
                                 " Changes as large occur in areas without the measure: the "
                                 "data cannot tell the effect from chance."));
        else if (police)
            main_tail(c, false, true, &sb);
    } else if (syn && syn->done) {
        tone = TONE_UNCERTAIN;
        strbuf_addf(&sb,
                    L(c, "Huvudresultat: inget mot det syntetiska jämförelseområdet – det följer "
                         "inte målområdet före starten, så skillnaden efter starten (kvot %s) ska "
                         "inte läsas som en effekt (se nedan).",
                      "Main result: none against the synthetic comparison area – it does not "
                      "follow the target before the start, so the difference after the start "
                      "(ratio %s) should not be read as an effect (see below)."),
                    fmt_num(c->lang, syn->post_ratio, fmt_common_decimals(syn->post_ratio, NAN, NAN, 3)));
    } else if (e->did_tried && stat_ok(&e->did.ratio)) {
        struct strbuf comp = STRBUF_INIT;
        name_set_join(&o->comparison, &comp);
        strbuf_addf(&sb, L(c, "Huvudresultat, jämfört med förändringen i jämförelseområdet (%s): ",
                           "Main result, relative to the change in the comparison area (%s): "),
                    comp.buf);
        strbuf_release(&comp);
        ratio_with_ci(c, "kvot av kvoter", "ratio of rate ratios", &e->did.ratio, &sb);
        strbuf_addch(&sb, '.');
        main_tail(c, covers_one(&e->did.ratio), police, &sb);
    } else {
        contrast = false;
    }
    /* the target's own change: the main result without a contrast, else beside it */
    struct strbuf own = STRBUF_INIT;
    bool its = e->its_tried && its_text(c, o, e, &own);
    bool no_change = false;
    if (its) {
        no_change = covers_one(main_effect(o, e)) &&
                    !(stat_ok(&e->its.prevented) &&
                      (e->its.prevented.conf_low > 0 || e->its.prevented.conf_high < 0));
    } else if (stat_ok(&e->rate_ratio)) {
        ratio_with_ci(c, "kvot", "ratio", &e->rate_ratio, &own);
        no_change = covers_one(&e->rate_ratio);
    }
    bool own_ok = own.len > 0;
    if (own.len) {
        const char *lead =
            its ? (contrast ? L(c, "Utan jämförelse, i målområdets egen tidsserie: ",
                                "Without a comparison, in the target area's own time series: ")
                            : L(c, "Huvudresultat, i målområdets tidsserie (utan jämförelse): ",
                                "Main result, in the target area's time series (no comparison): "))
                : (contrast ? L(c, "Utan jämförelse, efter mot före i målområdet: ",
                                "Without a comparison, after against before in the target area: ")
                            : L(c, "Huvudresultat, efter jämfört med före i målområdet (utan "
                                   "jämförelse): ",
                                "Main result, after compared with before in the target area (no "
                                "comparison): "));
        if (sb.len)
            strbuf_addch(&sb, ' ');
        strbuf_addstr(&sb, lead);
        strbuf_add(&sb, own.buf, own.len);
        strbuf_addch(&sb, '.');
        if (!contrast)
            main_tail(c, no_change, police, &sb);
    } else if (!contrast) {
        const struct stat_result *m = main_effect(o, e);
        tone = TONE_UNCERTAIN;
        strbuf_addf(&sb, L(c, "Huvudeffekten kunde inte skattas: %s",
                           "The main effect could not be estimated: %s"),
                    stat_why_text(c->lang, m));
    }
    strbuf_release(&own);
    /* a change in per cent or "times as high" of a handful of cases says little, whatever
     * its interval: the counts it rests on, said beside it */
    if ((contrast || own_ok) && (e->before < TINY_SIDE || e->after < TINY_SIDE))
        strbuf_addf(&sb,
                    L(c, " Det bygger på mycket små antal (%s fall före starten och %s efter), så "
                         "en förändring i procent eller gånger säger lite.",
                      " It rests on very small counts (%s cases before the start and %s after), "
                      "so a change in per cent or in times says little."),
                    fmt_num(c->lang, e->before, 0), fmt_num(c->lang, e->after, 0));
    doc_fill(c->incidents, at, tone, sb.buf);
    strbuf_release(&sb);
}

/* ------------------------------------------------------------------ entry */

static void report_no_data(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                           const char *why_sv, const char *why_en, enum stat_reason why)
{
    doc_callout(c->incidents, TONE_UNCERTAIN, "%s", L(c, why_sv, why_en));
    count_row_failed(c, o->id, outcome, "", main_method(o), outcome_main_term(o), why);
    eval_record_design(c, o->id, o->comparison.n ? 3 : 2, "");
}

int analyze_incidents(struct eval_ctx *c, const struct outcome *o)
{
    char *outcome = count_outcome_label(&o->categories);
    struct strbuf anchor = STRBUF_INIT;
    count_anchor(&anchor, "incidents", o->id);
    doc_heading(c->incidents, 3, anchor.buf, count_title(c, o, outcome));
    strbuf_release(&anchor);

    struct places p = {&o->area, &o->comparison, &o->buffer};
    struct loaded ld;
    int result = 0;
    if (load_places(c, o, &p, &ld) != 0) {
        result = -1;
        goto out;
    }
    if (!ld.has_target) {
        report_no_data(c, o, outcome,
                       "Det finns inga månadsvisa antal för den här kategorin i området och "
                       "perioden; inget kunde skattas.",
                       "there are no monthly counts of this category in the area and window; "
                       "nothing could be estimated",
                       STAT_R_AREA_NO_MONTHLY_COUNTS);
        result = 1;
        goto out;
    }
    results_set_title(c->res, o->id, outcome, L(c, ld.target.label_sv, ld.target.label_en));
    struct effects e;
    effects_init(&e);
    e.want_placebo = o->placebo && !c->estimates_only;
    estimate(c, o, &p, &ld, &e);
    const char *det = count_detection(o, &ld.target);
    report_intro(c, o, &ld, &e, det);
    size_t main_at = doc_placeholder(c->incidents); /* filled once every estimate is made */
    add_count_rows(c, o, outcome, "", &e);
    if (e.before + e.after == 0) {
        doc_callout(c->incidents, TONE_UNCERTAIN, "%s",
                    L(c, "Inga fall alls registrerades under perioden, varken före eller efter "
                         "starten: det finns ingen förändring att skatta.",
                      "No cases at all were recorded in the window, before or after the start: "
                      "there is no change to estimate."));
    }
    add_effect_rows(c, o, outcome, "", &e);
    report_main(c, &e);
    report_recording_change(c, o, &ld, &e);
    report_chart(c, o, &ld, &e);
    report_cumulative_chart(c, o, &ld, &e);
    report_places(c, o, &e, !strcmp(det, "police"));
    if (!c->estimates_only) { /* checks, not the estimates a criterion reads */
        report_placebo(c, o, outcome, &e);
        report_placebo_did(c, o, outcome, &e);
        report_placebo_rate_ratio(c, o, outcome, &ld, &e);
        report_rtm(c, o, outcome, &ld, &e);
    }
    record_all(c, o, &ld, &e, det);
    record_counts(c, o, &ld, &e);
    struct synth_summary syn = {.p_value = NAN, .post_ratio = NAN, .prevented = NAN};
    if (o->synthetic)
        analyze_synth(c, o, &ld.target, &syn);
    report_main_result(c, o, &e, &syn, !strcmp(det, "police"), main_at);
    result = report_delivered(c, o, outcome, &p, &ld, &e, det);
    if (result == 0)
        result = report_alternatives(c, o, outcome, &p, &e);
    effects_release(&e);
out:
    loaded_release(&ld);
    free(outcome);
    return result;
}
