/*
 * analyze_describe — descriptives of survey variables ([describe ID]): per wave, in the
 * areas asked for, overall and by area or background group.
 *
 * For each variable and each wave × group (a domain of the design, as R's svyby or
 * subset() makes it):
 *   unweighted, on the valid answers: n, missing answers, mean with its t interval,
 *   SD (n − 1), min, max, quartiles of R's quantile(type = 7)  (stats/descriptive.h);
 *   weighted, with the survey's design (weights, strata, clusters, fpc): the mean as
 *   svymean, the SD as sqrt(svyvar), the quartiles as svyquantile(qrule = "math",
 *   ci = TRUE) with the Woodruff interval (stats/svyquantile.h).
 *
 * The value of an answer is read through survey_value() with the measure `mean` (the
 * code of a coded answer on the codebook's scale; a number variable's number) or
 * `score`, so every kind of variable the codebook can declare is described the same
 * way.  Every domain is decided by the run's disclosure control (survey_disclose.h)
 * like any survey table: a withheld domain publishes no number, not even its count of
 * missing answers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/reason.h"
#include "eval/context.h"
#include "eval/describe_alpha.h"
#include "eval/format.h"
#include "eval/survey_common.h"
#include "eval/survey_disclose.h"
#include "eval/survey_levels.h"
#include "stats/descriptive.h"
#include "stats/svyquantile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define N_Q 3
static const double q_prob[N_Q] = {0.25, 0.5, 0.75};
static const char *const q_term[N_Q] = {"q1", "median", "q3"};

/* A grouping of the respondents: all of them (var < 0 and !by_area), by area, or by a
 * background variable. */
struct grouping {
    bool by_area;
    int var;
    const char *id;
    int *levels;
    size_t n_levels;
};

struct describe_ctx {
    const struct survey_data *d;
    const bool *wave_used;
    const bool *area_ok; /* per area id, or NULL: every area */
    size_t n_area_ok;
    const struct grouping *g;
    const double *valid; /* when not NULL: a row whose value is NaN is in no domain */
};

static bool in_areas(const struct describe_ctx *x, size_t i)
{
    if (!x->area_ok)
        return true;
    int32_t a = x->d->area[i];
    return a > 0 && (size_t)a < x->n_area_ok && x->area_ok[a];
}

/* describe_alpha's row filter: the section's areas */
static bool alpha_row_ok(const void *ctx, size_t i)
{
    return in_areas(ctx, i);
}

static int find_level(const struct grouping *g, int value)
{
    for (size_t l = 0; l < g->n_levels; l++)
        if (g->levels[l] == value)
            return (int)l;
    return -1;
}

/* Domain of row i: level × n_waves + wave (one per row). */
static size_t describe_domain(const void *ctx, size_t i, size_t *out)
{
    const struct describe_ctx *x = ctx;
    const struct survey_data *d = x->d;
    if (!in_areas(x, i) || (x->valid && isnan(x->valid[i])))
        return 0;
    size_t w = (size_t)d->wave[i], level = 0;
    const struct grouping *g = x->g;
    if (g->by_area || g->var >= 0) {
        int value;
        if (g->by_area) {
            value = d->area[i];
        } else {
            /* a missing code of the background variable is in no group (R: svyby drops
             * NA); only the codes the codebook declares valid are levels */
            value = d->codes[g->var][i];
            const struct cb_variable *var = survey_var_of(d, (size_t)g->var, i);
            const struct cb_value *cv = var ? cb_variable_value(var, value) : NULL;
            if (value == CODEBOOK_NO_ANSWER || !cv || cv->missing)
                return 0;
        }
        int l = find_level(g, value);
        if (l < 0)
            return 0;
        level = (size_t)l;
    }
    out[0] = level * d->n_waves + w;
    return 1;
}

/* An estimate for a table cell: integers as such (codes), else 3 significant digits. */
static const char *num(const struct eval_ctx *c, double x)
{
    if (isnan(x))
        return "\xe2\x80\x93";
    if (x == floor(x) && fabs(x) < 1e15)
        return fmt_num(c->lang, x, 0);
    return fmt_sig(c->lang, x, 3);
}

static const char *group_label(const struct eval_ctx *c, const struct survey_data *d,
                               const struct grouping *g, size_t l, const char *lang)
{
    if (g->by_area)
        return eval_area_name(c, g->levels[l]);
    const char *s = survey_code_label(d, (size_t)g->var, g->levels[l], lang);
    return s ? s : fmt_text("%d", g->levels[l]);
}

/* Everything of one domain. */
struct cell {
    double rows;             /* respondents of the domain (valid or not) */
    struct describe ds;      /* unweighted */
    struct stat_result wmean, wsd;
    struct stat_result q[N_Q];
    bool hide;
};

struct out_row {
    const char *method, *term;
    struct stat_result r;
};

/* Adds the result rows of one domain. */
static void add_rows(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                     const char *group, const struct cell *e)
{
    struct stat_result r;
    if (e->rows == 0) {
        stat_result_init(&r);
        r.estimate = 0;
        r.n = 0;
        results_add(c->res, o->id, outcome, group, "describe", "n_valid", &r,
                    "empty: no respondents in this group");
        return;
    }
    struct out_row rows[4 + 5 + 2 + N_Q];
    size_t n = 0;
    stat_result_init(&r);
    r.estimate = e->ds.n_missing;
    r.n = e->rows;
    rows[n++] = (struct out_row){"describe", "n_missing", r};
    rows[n++] = (struct out_row){"describe", "mean", e->ds.mean};
    rows[n++] = (struct out_row){"describe", "sd", e->ds.sd};
    const double mm[2] = {e->ds.min, e->ds.max};
    const char *mt[2] = {"min", "max"};
    for (int k = 0; k < 2; k++) {
        stat_result_init(&r);
        r.n = e->ds.n_valid;
        if (e->ds.n_valid > 0)
            r.estimate = mm[k];
        else
            stat_result_fail(&r, STAT_NOT_ESTIMABLE, STAT_R_GROUP_NO_VALID);
        rows[n++] = (struct out_row){"describe", mt[k], r};
    }
    rows[n++] = (struct out_row){"describe", "q1", e->ds.q1};
    rows[n++] = (struct out_row){"describe", "median", e->ds.median};
    rows[n++] = (struct out_row){"describe", "q3", e->ds.q3};
    rows[n++] = (struct out_row){"svymean", "mean", e->wmean};
    rows[n++] = (struct out_row){"svyvar", "sd", e->wsd};
    for (int k = 0; k < N_Q; k++)
        rows[n++] = (struct out_row){"svyquantile", q_term[k], e->q[k]};
    for (size_t k = 0; k < n; k++) {
        struct result_row *row =
            results_add(c->res, o->id, outcome, group, rows[k].method, rows[k].term, &rows[k].r,
                        NULL);
        row->suppressed = e->hide;
        if (e->hide) /* a withheld row keeps no message: it could state the group's result */
            row->note[0] = '\0';
    }
}

/* One table row of the report. */
static void table_row(struct eval_ctx *c, struct table *tab, const char *label,
                      const struct cell *e)
{
    if (e->rows == 0) {
        table_add_row(tab, (const char *const[]){label, L(c, "tom (inga svarande)",
                                                          "empty (no respondents)"),
                                                 "", "", "", "", "", ""});
        return;
    }
    if (e->hide) {
        const char *few = L(c, "för få svar", "too few answers");
        table_add_row(tab, (const char *const[]){label, few, "", "", "", "", "", ""});
        return;
    }
    if (e->ds.n_valid == 0) {
        table_add_row(tab, (const char *const[]){label, L(c, "inga giltiga svar",
                                                          "no valid answers"),
                                                 "", "", "", "", "", ""});
        return;
    }
    char n[64], mean[96], med[128], range[96], wmean[128], wmed[160], wq[96];
    snprintf(n, sizeof n, "%s (%s)", fmt_num(c->lang, e->ds.n_valid, 0),
             fmt_num(c->lang, e->ds.n_missing, 0));
    snprintf(mean, sizeof mean, "%s (%s)", num(c, e->ds.mean.estimate),
             num(c, e->ds.sd.estimate));
    snprintf(med, sizeof med, "%s [%s; %s]", num(c, e->ds.median.estimate),
             num(c, e->ds.q1.estimate), num(c, e->ds.q3.estimate));
    snprintf(range, sizeof range, "%s\xe2\x80\x93%s", num(c, e->ds.min), num(c, e->ds.max));
    snprintf(wmean, sizeof wmean, "%s (%s; %s)", num(c, e->wmean.estimate),
             num(c, e->wmean.conf_low), num(c, e->wmean.conf_high));
    snprintf(wmed, sizeof wmed, "%s (%s; %s)", num(c, e->q[1].estimate),
             num(c, e->q[1].conf_low), num(c, e->q[1].conf_high));
    snprintf(wq, sizeof wq, "%s; %s", num(c, e->q[0].estimate), num(c, e->q[2].estimate));
    table_add_row(tab, (const char *const[]){label, n, mean, med, range, wmean,
                                             num(c, e->wsd.estimate), wmed});
    (void)wq;
}

/* The domains of one grouping: every number of every domain into cells[]. */
static bool describe_grouping(struct eval_ctx *c, const struct outcome *o,
                              const struct survey_data *d, const struct survey_design_index *x,
                              struct describe_ctx *xc, size_t v, const double *y,
                              struct cell *cells, size_t nd)
{
    struct survey_domains sd = {.n_domains = nd, .max_per_row = 1, .dom = describe_domain,
                                .waves = xc->wave_used, .ctx = xc};
    xc->valid = NULL;
    /* rows per domain, in row order */
    size_t *count = xcalloc(nd + 1, sizeof(size_t));
    size_t dom;
    for (size_t w = 0; w < d->n_waves; w++)
        for (size_t i = d->wave_begin[w]; xc->wave_used[w] && i < d->wave_end[w]; i++)
            if (describe_domain(xc, i, &dom))
                count[dom + 1]++;
    for (size_t k = 0; k < nd; k++)
        count[k + 1] += count[k];
    size_t total = count[nd];
    size_t *rows = xmalloc((total ? total : 1) * sizeof(size_t));
    size_t *fill = xmalloc(nd * sizeof(size_t));
    memcpy(fill, count, nd * sizeof(size_t));
    for (size_t w = 0; w < d->n_waves; w++)
        for (size_t i = d->wave_begin[w]; xc->wave_used[w] && i < d->wave_end[w]; i++)
            if (describe_domain(xc, i, &dom))
                rows[fill[dom]++] = i;

    struct svy_estimate *est = xcalloc(nd, sizeof(*est));
    survey_estimate_domains(d, y, x, &sd, c->conf, est);
    bool refused = survey_refuse_single_psu(c, o, est, nd);
    bool *hide = xcalloc(nd, sizeof(bool));
    survey_disclose_domains(c, d, v, y, &sd, hide);

    double *vals = xmalloc((total ? total : 1) * sizeof(double));
    double *xs = xmalloc((total ? total : 1) * sizeof(double));
    double *ws = xmalloc((total ? total : 1) * sizeof(double));
    size_t *idx = xmalloc((total ? total : 1) * sizeof(size_t));
    size_t *nvalid = xcalloc(nd, sizeof(size_t));
    double *qhat = xmalloc(nd * N_Q * sizeof(double));
    for (size_t k = 0; k < nd; k++) {
        struct cell *e = &cells[k];
        size_t b = count[k], m = count[k + 1] - b;
        e->rows = (double)m;
        e->hide = hide[k];
        for (size_t j = 0; j < m; j++)
            vals[b + j] = y[rows[b + j]];
        describe(vals + b, NULL, m, c->conf, &e->ds);
        e->wmean = est[k].mean;
        nvalid[k] = svy_sort_values(y, rows + b, m, idx + b);
        for (size_t j = 0; j < nvalid[k]; j++) {
            xs[b + j] = y[idx[b + j]];
            ws[b + j] = d->weight[idx[b + j]];
        }
        e->wsd = nvalid[k] >= 2 ? wsd_svyvar(xs + b, ws + b, nvalid[k], (double)m)
                                : wsd(xs + b, ws + b, nvalid[k]);
        for (int q = 0; q < N_Q; q++)
            qhat[k * N_Q + q] = svy_qrule_math(xs + b, ws + b, nvalid[k], q_prob[q]);
    }
    /* Woodruff: the design-based mean of x <= q̂ over the valid answers of each domain */
    double *ind = xmalloc((d->n ? d->n : 1) * sizeof(double));
    struct svy_estimate *pe = xcalloc(nd, sizeof(*pe));
    xc->valid = y;
    for (int q = 0; q < N_Q; q++) {
        for (size_t i = 0; i < d->n; i++)
            ind[i] = NAN;
        for (size_t k = 0; k < nd; k++)
            for (size_t j = count[k]; j < count[k + 1]; j++) {
                size_t i = rows[j];
                if (!isnan(y[i]))
                    ind[i] = y[i] <= qhat[k * N_Q + q] ? 1.0 : 0.0;
            }
        survey_estimate_domains(d, ind, x, &sd, c->conf, pe);
        for (size_t k = 0; k < nd; k++) {
            struct stat_result *r = &cells[k].q[q];
            stat_result_init(r);
            r->n = (double)nvalid[k];
            if (nvalid[k] == 0) {
                stat_result_fail(r, STAT_NOT_ESTIMABLE, STAT_R_GROUP_NO_VALID);
                continue;
            }
            if (!stat_ok(&pe[k].mean) && pe[k].mean.status != STAT_NOT_ESTIMABLE) {
                stat_result_fail_why(r, pe[k].mean.status, &pe[k].mean.why);
                continue;
            }
            r->estimate = qhat[k * N_Q + q];
            svy_quantile_woodruff(xs + count[k], ws + count[k], nvalid[k], pe[k].mean.estimate,
                                  pe[k].mean.std_error, pe[k].df, c->conf, r);
            if (isnan(r->conf_low) || isnan(r->conf_high))
                stat_result_notex(r, STAT_R_QUANTILE_NO_LIMIT, isnan(r->conf_low) ? 0 : 1, NAN, NAN);
        }
    }
    xc->valid = NULL;
    free(ind);
    free(pe);
    free(qhat);
    free(nvalid);
    free(idx);
    free(ws);
    free(xs);
    free(vals);
    free(hide);
    free(est);
    free(fill);
    free(rows);
    free(count);
    return refused;
}

static bool one_variable(struct eval_ctx *c, const struct outcome *o, struct survey_data *d,
                         struct describe_ctx *xc, const struct grouping *groups,
                         size_t n_groups, size_t v)
{
    const struct cb_variable *cbv = survey_var_any(d, v);
    const struct survey_design_index *x = survey_design(d);
    enum survey_measure measure = o->measure == MEASURE_SCORE ? MEASURE_SCORE : MEASURE_MEAN;
    size_t nw = d->n_waves;
    char why[512] = "";
    enum comparability comp = survey_comparability(d, v, xc->wave_used, why, sizeof(why), c->lang);
    bool harmonize = comp == COMPARABLE_HARMONIZED;

    const char *text = L(c, cbv->text_sv, cbv->text_en);
    struct strbuf head = STRBUF_INIT;
    strbuf_addf(&head, "%s%s%s", cbv->id, text ? ": " : "", text ? text : "");
    doc_heading(c->survey, 3, NULL, head.buf);
    strbuf_release(&head);
    const char *outcome = measure == MEASURE_SCORE ? fmt_text("%s: score", cbv->id) : cbv->id;
    char *outcome_copy = xstrdup(outcome);
    /* what the outcome id is called in the report language (run.json, the workbook):
     * the variable and its text, "(score)" for the codebook's scores */
    struct strbuf otitle = STRBUF_INIT;
    strbuf_addstr(&otitle, cbv->id);
    if (measure == MEASURE_SCORE)
        strbuf_addf(&otitle, " (%s)", L(c, "poäng", "score"));
    if (text)
        strbuf_addf(&otitle, ": %s", text);
    results_set_title(c->res, o->id, outcome_copy, otitle.buf);
    strbuf_release(&otitle);
    if (comp == COMPARABLE_NO)
        doc_callout(c->survey, TONE_INFO,
                    L(c, "Svarsalternativen skiljer sig mellan kodboksversionerna (%s); varje år "
                         "beskrivs med sina egna koder, och åren bör inte jämföras direkt.",
                      "The answer options differ between codebook versions (%s); each year is "
                      "described in its own codes, and the years should not be compared "
                      "directly."),
                    why);

    double *y = xmalloc((d->n ? d->n : 1) * sizeof(double));
    for (size_t w = 0; w < nw; w++)
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++)
            y[i] = xc->wave_used[w] ? survey_value(d, v, i, measure, harmonize) : NAN;

    struct table *tab = table_new(
        "describe", L(c, "Beskrivande mått", "Descriptives"), 8,
        (const char *const[]){L(c, "Grupp", "Group"), L(c, "Svar (saknas)", "Answers (missing)"),
                              L(c, "Medel (SD)", "Mean (SD)"),
                              L(c, "Median [Q1; Q3]", "Median [Q1; Q3]"),
                              L(c, "Min–max", "Min–max"),
                              fmt_text(L(c, "Vägt medel (%s)", "Weighted mean (%s)"),
                                       eval_ci(c, CI_ABBR)),
                              L(c, "Vägd SD", "Weighted SD"),
                              fmt_text(L(c, "Vägd median (%s)", "Weighted median (%s)"),
                                       eval_ci(c, CI_ABBR))},
        (const bool[]){false, true, true, true, true, true, true, true});
    bool refused = false;
    for (size_t g = 0; g < n_groups; g++) {
        const struct grouping *gr = &groups[g];
        size_t nl = gr->by_area || gr->var >= 0 ? gr->n_levels : 1;
        size_t nd = nl * nw;
        if (nd == 0)
            continue;
        struct cell *cells = xcalloc(nd, sizeof(*cells));
        xc->g = gr;
        refused |= describe_grouping(c, o, d, x, xc, v, y, cells, nd);
        for (size_t w = 0; w < nw; w++) {
            if (!xc->wave_used[w])
                continue;
            for (size_t l = 0; l < nl; l++) {
                const struct cell *e = &cells[l * nw + w];
                char group[256], label[256];
                if (nl == 1 && !(gr->by_area || gr->var >= 0)) {
                    snprintf(group, sizeof group, "wave %s", d->waves[w].label);
                    snprintf(label, sizeof label, "%s", d->waves[w].label);
                } else {
                    snprintf(group, sizeof group, "wave %s, %s: %s", d->waves[w].label, gr->id,
                             group_label(c, d, gr, l, "sv"));
                    snprintf(label, sizeof label, "%s, %s", d->waves[w].label,
                             group_label(c, d, gr, l, c->lang));
                }
                add_rows(c, o, outcome_copy, group, e);
                table_row(c, tab, label, e);
            }
        }
        free(cells);
    }
    doc_table(c->survey, tab, NULL,
              fmt_text(L(c, "Svar = giltiga svar; saknas = ej svar, saknadkoder (t.ex. Vet ej) "
                            "och koder utanför skalan. Ovägt: medel, SD (n − 1), median och "
                            "kvartiler (R: quantile, type = 7). Vägt med undersökningens design: "
                            "medel (svymean) med %s, SD (svyvar), median (svyquantile, qrule = "
                            "\"math\") med Woodruff-intervall. Kvartilerna med intervall finns i "
                            "results.csv.",
                            "Answers = valid answers; missing = no answer, missing codes (e.g. "
                            "Don't know) and codes off the scale. Unweighted: mean, SD (n − 1), "
                            "median and quartiles (R: quantile, type = 7). Weighted with the "
                            "survey's design: mean (svymean) with %s, SD (svyvar), median "
                            "(svyquantile, qrule = \"math\") with the Woodruff interval. The "
                            "quartiles with their intervals are in results.csv."),
                       eval_ci(c, CI_WORDS)));
    free(outcome_copy);
    free(y);
    return refused;
}

int analyze_describe(struct eval_ctx *c, const struct outcome *o)
{
    struct survey_data *d = eval_survey(c, o->survey);
    if (!d)
        return -1;
    const char *title = spec_text(o->title_sv, o->title_en, c->lang);
    doc_heading(c->survey, 2, o->id, title ? title : o->id);

    size_t nw = d->n_waves;
    bool *wave_used = xcalloc(nw ? nw : 1, sizeof(bool));
    for (size_t w = 0; w < nw; w++)
        wave_used[w] = o->waves.n == 0 && !o->no_wave;
    for (size_t k = 0; k < o->waves.n; k++) {
        int w = survey_wave_index(d, o->waves.items[k]);
        if (w >= 0)
            wave_used[w] = true;
    }
    if (o->no_wave) /* as of a date before every wave (asof.h) */
        doc_callout(c->survey, TONE_UNCERTAIN, "%s",
                    L(c, "Ingen av vågorna var genomförd vid brytdatumet, så det finns inga "
                         "svar att beskriva.",
                      "None of the waves had been fielded by the cutoff date, so there are no "
                      "answers to describe."));
    struct describe_ctx xc = {.d = d, .wave_used = wave_used};
    bool *area_ok = NULL;
    if (o->area.n) {
        xc.n_area_ok = c->n_area_names;
        area_ok = xcalloc(xc.n_area_ok ? xc.n_area_ok : 1, sizeof(bool));
        int32_t *ids = xcalloc(o->area.n, sizeof(int32_t));
        eval_area_ids(c, &o->area, ids, NULL);
        for (size_t k = 0; k < o->area.n; k++)
            if (ids[k] > 0 && (size_t)ids[k] < xc.n_area_ok)
                area_ok[ids[k]] = true;
        free(ids);
        xc.area_ok = area_ok;
    }

    /* groupings: everyone, then each `by` */
    struct grouping *groups = xcalloc(o->subgroups.n + 1, sizeof(*groups));
    size_t n_groups = 0;
    groups[n_groups++] = (struct grouping){.var = -1, .id = ""};
    for (size_t g = 0; g < o->subgroups.n; g++) {
        const char *id = o->subgroups.items[g];
        struct grouping *gr = &groups[n_groups];
        *gr = (struct grouping){.var = -1, .id = id};
        if (!strcmp(id, "area")) {
            gr->by_area = true;
            survey_levels_of_areas(d, wave_used, xc.area_ok, xc.n_area_ok, &gr->levels,
                                   &gr->n_levels);
        } else {
            int v = survey_var_index(d, id);
            if (v < 0)
                continue;
            gr->var = v;
            survey_levels_of_variable(d, (size_t)v, &gr->levels, &gr->n_levels);
        }
        n_groups++;
    }

    bool refused = false;
    size_t *vars = xmalloc((o->questions.n ? o->questions.n : 1) * sizeof(size_t)), n_vars = 0;
    for (size_t k = 0; k < o->questions.n; k++) {
        int v = survey_var_index(d, o->questions.items[k]);
        if (v >= 0)
            vars[n_vars++] = (size_t)v;
        if (v < 0) {
            doc_callout(c->survey, TONE_UNCERTAIN,
                        L(c, "Variabeln %s finns inte i de importerade svaren.",
                          "The variable %s is not in the imported answers."),
                        o->questions.items[k]);
            continue;
        }
        refused |= one_variable(c, o, d, &xc, groups, n_groups, (size_t)v);
    }
    /* the codebook's item groups among the variables: Cronbach's alpha per wave */
    if (!refused)
        describe_alpha(c, o, d, vars, n_vars, wave_used, alpha_row_ok, &xc);
    free(vars);

    doc_paragraph(c->methods,
                  L(c, "%s: beskrivande mått per år och grupp. Ovägda på de giltiga svaren: "
                       "antal, saknade svar, medelvärde med t-intervall, standardavvikelse "
                       "(n − 1), min, max och kvartiler (R: quantile(x, type = 7)). Vägda med "
                       "undersökningens design (vikter, strata, kluster) som domäner (R: "
                       "svyby/subset): medelvärde (svymean), standardavvikelse (sqrt(svyvar)) "
                       "och kvartiler (svyquantile(~x, design, c(.25, .5, .75), qrule = "
                       "\"math\", ci = TRUE)) med Woodruffs intervall.",
                    "%s: descriptives per year and group. Unweighted, on the valid answers: "
                    "count, missing answers, mean with its t interval, standard deviation "
                    "(n − 1), min, max and quartiles (R: quantile(x, type = 7)). Weighted with "
                    "the survey's design (weights, strata, clusters) as domains (R: "
                    "svyby/subset): mean (svymean), standard deviation (sqrt(svyvar)) and "
                    "quartiles (svyquantile(~x, design, c(.25, .5, .75), qrule = \"math\", "
                    "ci = TRUE)) with Woodruff's interval."),
                  title ? title : o->id);
    survey_document_fpc(c, d, title ? title : o->id);

    for (size_t g = 0; g < n_groups; g++)
        free(groups[g].levels);
    free(groups);
    free(area_ok);
    free(wave_used);
    return refused ? 1 : 0;
}
