/*
 * analyze_trend — several questions over the yearly survey waves, overall and by
 * area or background group ([trend ID]).
 *
 * Per wave: the weighted share (or mean) with its design-based interval; each wave
 * against the baseline wave as a design-based contrast (Holm and Benjamini–Hochberg
 * adjusted over the waves); and, for indicators, the chi-square test for trend and
 * the odds ratio per year of a binomial GLM on the answers.  A question whose answer
 * options changed between codebook versions is compared only within runs of waves
 * that are comparable (directly or through the codebook's `harmonize` map).
 *
 * Every wave × group cell is decided by the run's disclosure control
 * (survey_disclose.h); a trend test is published only when every wave it rests on is.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/reason.h"
#include "eval/context.h"
#include "eval/format.h"
#include "eval/survey_common.h"
#include "eval/survey_disclose.h"
#include "eval/survey_levels.h"
#include "eval/survey_keycells.h"
#include "eval/survey_trend.h"
#include "stats/trend.h"
#include "stats/wavetrend.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A grouping of the respondents: by area, or by a background variable. */
struct grouping {
    bool by_area;
    int var;          /* background variable (when !by_area) */
    char *id;         /* "area" or the variable id */
    int *levels;      /* area ids or codes */
    size_t n_levels;
    size_t offset;    /* first domain: offset + level * n_waves + wave */
};

struct trend {
    const struct survey_data *d;
    const struct survey_design_index *x; /* the survey's design, shared by every question */
    bool *wave_used;
    bool *area_ok;    /* per area id: in the analysed areas */
    size_t n_area_ok;
    bool all_areas;
    struct grouping *groups;
    size_t n_groups;
    size_t n_domains;
    /* the at-a-glance summary: one row per question, filled after every question is
     * analysed (the latest year against the year before is one Holm family over the
     * questions) */
    struct glance *glance;
    size_t n_glance;
    int prev_family;
};

struct glance {
    char *label, *latest, *estimate; /* formatted */
    char *n;
    bool pct;
    int dec;                         /* a mean's decimals (qview.dec) */
    long prev_row, base_row;         /* result rows (indices), -1 when none */
};

static int find_level(const struct grouping *g, int value)
{
    for (size_t l = 0; l < g->n_levels; l++)
        if (g->levels[l] == value)
            return (int)l;
    return -1;
}

static bool in_areas(const struct trend *t, size_t i)
{
    if (t->all_areas)
        return true;
    int32_t a = t->d->area[i];
    return a > 0 && (size_t)a < t->n_area_ok && t->area_ok[a];
}

static size_t trend_domains(const void *ctx, size_t i, size_t *out)
{
    const struct trend *t = ctx;
    const struct survey_data *d = t->d;
    if (!in_areas(t, i))
        return 0;
    size_t n = 0, w = (size_t)d->wave[i];
    out[n++] = w;
    for (size_t g = 0; g < t->n_groups; g++) {
        const struct grouping *gr = &t->groups[g];
        int value = gr->by_area ? d->area[i] : d->codes[gr->var][i];
        if (!gr->by_area && value == CODEBOOK_NO_ANSWER)
            continue;
        int l = find_level(gr, value);
        if (l >= 0)
            out[n++] = gr->offset + (size_t)l * d->n_waves + w;
    }
    return n;
}

static const char *level_label(const struct eval_ctx *c, const struct trend *t,
                               const struct grouping *g, size_t l, const char *lang)
{
    if (g->by_area)
        return eval_area_name(c, g->levels[l]);
    const char *s = survey_code_label(t->d, (size_t)g->var, g->levels[l], lang);
    return s ? s : "?";
}

/* ------------------------------------------------------------------ runs of comparable waves */

/* run[w] = the run of wave w (-1 when unused); returns the number of runs and sets
 * harm[r] when run r is comparable through `harmonize` only. */
static size_t comparable_runs(const struct survey_data *d, size_t v, const bool *used, int *run,
                              bool *harm, const char *lang)
{
    size_t nw = d->n_waves, nr = 0;
    bool *cur = xcalloc(nw ? nw : 1, sizeof(bool));
    for (size_t w = 0; w < nw; w++)
        run[w] = -1;
    size_t start = nw;
    for (size_t w = 0; w < nw; w++) {
        if (!used[w])
            continue;
        if (start < nw) {
            cur[w] = true;
            enum comparability cmp = survey_comparability(d, v, cur, NULL, 0, lang);
            if (cmp != COMPARABLE_NO) {
                run[w] = (int)nr - 1;
                harm[nr - 1] = cmp == COMPARABLE_HARMONIZED;
                continue;
            }
            memset(cur, 0, nw * sizeof(bool));
        }
        cur[w] = true;
        start = w;
        harm[nr] = false;
        run[w] = (int)nr++;
    }
    free(cur);
    return nr;
}

/* ------------------------------------------------------------------ one question */

struct qview {
    struct eval_ctx *c;
    const struct outcome *o;
    const struct trend *t;
    size_t var;
    enum survey_measure measure;
    bool pct;
    char *outcome;
    int dec; /* a mean's decimals for every mean, change and bound of the question: three
                significant digits of the largest mean (-1: each number its own) */
};

static int mean_dec(const struct qview *q, double x)
{
    return q->dec >= 0 ? q->dec : fmt_common_decimals(x, NAN, NAN, 3);
}

static const char *fmt_est(const struct qview *q, double x)
{
    return q->pct ? fmt_pct(q->c->lang, x, 1) : fmt_num(q->c->lang, x, mean_dec(q, x));
}

/* A level's interval: percent for a share, the means' decimals otherwise. */
static const char *fmt_est_ci(const struct qview *q, double est, double lo, double hi)
{
    return q->pct ? fmt_ci(q->c->lang, lo, hi, 1, 1)
                  : fmt_ci_dec(q->c->lang, lo, hi, mean_dec(q, est), 0);
}

/* The decimals of the question's means (one count for the whole question's tables). */
static void set_mean_dec(struct qview *q, const struct svy_estimate *est, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (est[i].n_valid > 0 && isfinite(est[i].mean.estimate) && fabs(est[i].mean.estimate) > m)
            m = fabs(est[i].mean.estimate);
    int d = m > 0 ? 2 - (int)floor(log10(m)) : 2;
    q->dec = d < 0 ? 0 : d > 6 ? 6 : d;
}

static const struct stat_result *est_of(const struct qview *q, const struct svy_estimate *e)
{
    return q->pct ? &e->prop : &e->mean;
}

/* Year of a wave for the trend tests: its year, or its position. */
static double wave_year(const struct survey_data *d, size_t w)
{
    return d->waves[w].year ? (double)d->waves[w].year : (double)w;
}

/* Why the odds ratio per year of one group could not be estimated, in the report
 * language: the cases the data show (nobody, everybody, a jump from nobody to
 * everybody) in words, anything else with the library's reason. */
static void trend_reason(const struct eval_ctx *c, const struct stat_result *orr,
                         const double *x, const double *n, size_t k, const char *label,
                         struct strbuf *out)
{
    double sx = 0, sn = 0;
    for (size_t i = 0; i < k; i++) {
        sx += x[i];
        sn += n[i];
    }
    strbuf_addf(out, "%s%s: ", out->len ? " " : "", label);
    if (sn > 0 && sx == 0)
        strbuf_addstr(out, L(c, "ingen hade utfallet något år, så det finns ingen trend att "
                                "skatta.",
                             "nobody had the outcome in any year, so there is no trend to "
                             "estimate."));
    else if (sn > 0 && sx == sn)
        strbuf_addstr(out, L(c, "alla hade utfallet varje år, så det finns ingen trend att "
                                "skatta.",
                             "everybody had the outcome in every year, so there is no trend "
                             "to estimate."));
    else if (orr->status == STAT_SEPARATION)
        strbuf_addstr(out, L(c, "utfallet går från ingen till alla mellan åren (perfekt "
                                "separation), så förändringen per år är oändlig och kan inte "
                                "skattas.",
                             "the outcome jumps from nobody to everybody between the years "
                             "(perfect separation), so the change per year is infinite and "
                             "cannot be estimated."));
    else
        strbuf_addf(out, "%s.", stat_why_text(c->lang, orr));
}


/* The domain of a design-based trend: the run's waves, the analysed areas and, when
 * group >= 0, one level of a grouping. */
struct trend_domain {
    const struct trend *t;
    const int *run;
    int r;
    int group, level;
};

static bool in_trend_domain(const void *ctx, size_t i)
{
    const struct trend_domain *td = ctx;
    const struct survey_data *d = td->t->d;
    if (td->run[d->wave[i]] != td->r || !in_areas(td->t, i))
        return false;
    if (td->group < 0)
        return true;
    const struct grouping *g = &td->t->groups[td->group];
    int value = g->by_area ? d->area[i] : d->codes[g->var][i];
    if (!g->by_area && value == CODEBOOK_NO_ANSWER)
        return false;
    return find_level(g, value) == td->level;
}

/* Trend tests of one run (indicators only): the design-based odds ratio per year
 * (svyglm, weighted like every table of the report; shown), and for reference the
 * unweighted chi-square test for trend and binomial GLM (results.csv only).  A group
 * whose odds ratio cannot be estimated gets its reason appended to *why. */
static void trend_tests(struct qview *q, const double *y, const int *run, int r, const char *group,
                        int level_filter_group, int level, struct table *t, const char *label,
                        struct strbuf *why)
{
    struct eval_ctx *c = q->c;
    const struct survey_data *d = q->t->d;
    size_t nw = d->n_waves;
    double *x = xcalloc(nw, sizeof(double)), *n = xcalloc(nw, sizeof(double));
    double *year = xcalloc(nw, sizeof(double));
    size_t k = 0;
    size_t *dom = xmalloc((1 + q->t->n_groups) * sizeof(size_t));
    /* the domain follows the key (area, or a level of the area) and y the code: the
     * answer-code cells count each wave's answers without a pass over the rows */
    bool keyed = level_filter_group < 0 || q->t->groups[level_filter_group].by_area ||
                 survey_keycells_refined_by(d, (size_t)q->t->groups[level_filter_group].var);
    for (size_t w = 0; w < nw; w++) {
        if (!q->t->wave_used[w] || run[w] != r)
            continue;
        const struct survey_keycells *kc = keyed ? survey_keycells(d, q->var, w) : NULL;
        for (size_t j = 0; kc && j < kc->n; j++) {
            size_t i = kc->cell[j].first;
            if (isnan(y[i]) || !in_areas(q->t, i))
                continue;
            if (level_filter_group >= 0) { /* the cells are refined by a variable's code */
                const struct grouping *g = &q->t->groups[level_filter_group];
                int value = g->by_area ? d->area[i] : d->codes[g->var][i];
                if (find_level(g, value) != level)
                    continue;
            }
            x[w] += kc->cell[j].rows.n * y[i];
            n[w] += kc->cell[j].rows.n;
        }
        assert(kc || !d->cells_only); /* rows: survey_stream.h */
        for (size_t i = d->wave_begin[w]; !kc && i < d->wave_end[w]; i++) {
            if (isnan(y[i]) || !in_areas(q->t, i))
                continue;
            if (level_filter_group >= 0) {
                const struct grouping *g = &q->t->groups[level_filter_group];
                int value = g->by_area ? d->area[i] : d->codes[g->var][i];
                if (find_level(g, value) != level)
                    continue;
            }
            x[w] += y[i];
            n[w] += 1;
        }
    }
    free(dom);
    double *xs = xcalloc(nw, sizeof(double)), *ns = xcalloc(nw, sizeof(double));
    for (size_t w = 0; w < nw; w++)
        if (run[w] == r && q->t->wave_used[w]) {
            xs[k] = x[w];
            ns[k] = n[w];
            year[k] = wave_year(d, w);
            k++;
        }
    struct stat_result chi = prop_trend_test(xs, ns, year, k);
    struct wave_trend wt;
    wave_trend_init(&wt);
    wave_logit_trend(year, xs, ns, k, c->conf, c->ws, &wt);
    struct stat_result orr = wt.odds_ratio;
    if (wt.status != STAT_OK && orr.status == STAT_OK)
        stat_result_fail_why(&orr, wt.status, &wt.why);
    results_add(c->res, q->o->id, q->outcome, group, "trend_chisq", "slope", &chi,
                NULL);
    results_add(c->res, q->o->id, q->outcome, group, "logit_trend", "odds_ratio", &orr,
                NULL);
    double *wyear = xcalloc(nw, sizeof(double));
    for (size_t w = 0; w < nw; w++)
        wyear[w] = wave_year(d, w);
    struct trend_domain td = {q->t, run, r, level_filter_group, level};
    /* as above: from the cells when the domain follows the key */
    struct stat_result svy =
        survey_logit_trend_keyed(d, q->t->x, q->t->wave_used, y, in_trend_domain, &td, wyear,
                                 c->conf, keyed ? q->var : SIZE_MAX);
    free(wyear);
    /* separation is a property of the answers, whatever the weights: the weighted fit
     * would only run off to infinity */
    if (orr.status == STAT_SEPARATION && svy.status != STAT_SEPARATION) {
        double n_used = svy.n;
        stat_result_fail_why(&svy, STAT_SEPARATION, &orr.why);
        svy.n = n_used;
    }
    results_add(c->res, q->o->id, q->outcome, group, "svyglm_trend", "odds_ratio", &svy,
                NULL);
    if (!stat_ok(&svy) && why)
        trend_reason(c, &svy, xs, ns, k, label, why);
    if (t) {
        char ci[96];
        /* three decimals for every odds ratio and bound of the table ("1,02" beside
         * "0,915 till 1,129" read as different precision) */
        snprintf(ci, sizeof(ci), "%s",
                 stat_ok(&svy) ? fmt_ci_dec(c->lang, svy.conf_low, svy.conf_high, 3, 0) : "");
        table_add_row(t, (const char *const[]){
                             label, fmt_num(c->lang, svy.n, 0),
                             stat_ok(&svy) ? fmt_num(c->lang, svy.estimate, 3) : "\xe2\x80\x93",
                             ci, stat_ok(&svy) ? fmt_p(c->lang, svy.p_value) : ""});
    }
    wave_trend_release(&wt);
    free(x);
    free(n);
    free(year);
    free(xs);
    free(ns);
}

/* Fewer than three comparable waves: the trend tests are not run, and the results file
 * and the report say why. */
static void trend_skipped(struct qview *q, size_t in_run)
{
    struct eval_ctx *c = q->c;
    struct stat_result r;
    stat_result_init(&r);
    stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_TREND_THREE_WAVES, (double)in_run, NAN, NAN);
    results_add(c->res, q->o->id, q->outcome, "", "trend_chisq", "slope", &r, NULL);
    results_add(c->res, q->o->id, q->outcome, "", "logit_trend", "odds_ratio", &r, NULL);
    /* the design-based trend too: with two waves svyglm's slope is only the change
     * between them on the log-odds scale, divided by the years between them — two points
     * always lie on a line, so it is no evidence of a trend, and the change itself is
     * already the vs_baseline contrast (docs/methods) */
    results_add(c->res, q->o->id, q->outcome, "", "svyglm_trend", "odds_ratio", &r, NULL);
    if (in_run == 2)
        doc_paragraph(c->survey, "%s",
                      L(c, "Trendtesten (oddskvot per år och χ²-test för trend) görs inte: de "
                           "kräver minst tre jämförbara år, och här finns två. Förändringen "
                           "mellan dem är jämförelsen med basåret ovan.",
                        "The trend tests (odds ratio per year and chi-square test for trend) "
                        "are not done: they need at least three comparable years, and there "
                        "are two. The change between them is the comparison with the baseline "
                        "above."));
    else if (!strcmp(c->lang, "en"))
        doc_paragraph(c->survey,
                      "The trend tests are not done: they need at least three comparable "
                      "years, and there %s %zu.",
                      in_run == 1 ? "is" : "are", in_run);
    else
        doc_paragraph(c->survey,
                      "Trendtesten görs inte: de kräver minst tre jämförbara år, och här "
                      "finns %zu.",
                      in_run);
}

/* The question's row of the summary: the latest published year, its change from the
 * year before (a design-based contrast, results.csv `svydiff` / `vs_previous`) and
 * from the baseline (the `vs_baseline` row already made). */
static void add_glance(struct qview *q, const struct svy_estimate *est, const bool *dhide,
                       const bool *vs_ok, const int *run, size_t base, const double *y,
                       const struct survey_domains *sd, const struct survey_cells *cells,
                       const char *label)
{
    struct eval_ctx *c = q->c;
    struct trend *t = (struct trend *)q->t;
    const struct survey_data *d = t->d;
    size_t nw = d->n_waves, latest = nw, prev = nw;
    for (size_t w = 0; w < nw; w++)
        if (t->wave_used[w] && !dhide[w] && est[w].n_valid > 0)
            latest = w;
    if (latest == nw)
        return;
    for (size_t w = 0; w < latest; w++)
        if (t->wave_used[w] && run[w] == run[latest] && run[w] >= 0)
            prev = w;
    struct glance g = {0};
    g.label = xstrdup(label);
    g.latest = xstrdup(d->waves[latest].label);
    const struct stat_result *r = est_of(q, &est[latest]);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s (%s)", fmt_est(q, r->estimate),
                fmt_est_ci(q, r->estimate, r->conf_low, r->conf_high));
    g.estimate = strbuf_detach(&sb);
    g.n = xstrdup(fmt_num(c->lang, est[latest].n_valid, 0));
    g.pct = q->pct;
    g.dec = q->dec;
    g.prev_row = g.base_row = -1;
    if (prev < nw && !dhide[prev]) {
        double *coef = xcalloc(t->n_domains, sizeof(double));
        coef[latest] = 1;
        coef[prev] = -1;
        struct stat_result diff = survey_cells_contrast(cells, d, y, t->x, sd, est, coef, c->conf);
        free(coef);
        char group[160];
        snprintf(group, sizeof(group), "wave %s", d->waves[latest].label);
        struct result_row *row = results_add(c->res, q->o->id, q->outcome, group, "svydiff",
                                             "vs_previous", &diff,
                                             NULL);
        row->family = t->prev_family;
        g.prev_row = (long)(row - c->res->rows);
    }
    if (latest != base && base < nw && vs_ok[latest]) {
        for (size_t k = 0; k < c->res->n; k++) {
            const struct result_row *row = &c->res->rows[k];
            if (!strcmp(row->analysis, q->o->id) && !strcmp(row->outcome, q->outcome) &&
                !strcmp(row->term, "vs_baseline") && !strncmp(row->group, "wave ", 5) &&
                !strcmp(row->group + 5, d->waves[latest].label))
                g.base_row = (long)k;
        }
    }
    t->glance = xrealloc(t->glance, (t->n_glance + 1) * sizeof(*t->glance));
    t->glance[t->n_glance++] = g;
}

/* "−3,2 p.e. (−5,0 till −1,4) *", "+0,3 p.e. (−3,7 till +4,4)": a change with its interval, marked when its
 * Holm-adjusted p is below the run's alpha. */
static void glance_change(const struct eval_ctx *c, const struct result_row *row, bool pct,
                          int dec, char *out, size_t size, bool *marked)
{
    if (!row || !stat_ok(&row->r) || row->suppressed) {
        snprintf(out, size, "%s", "\xe2\x80\x93");
        return;
    }
    double k = pct ? 100 : 1;
    bool sig = row->p_holm < 1 - c->conf;
    *marked |= sig;
    /* a change: signed both ways, one count of decimals for the three numbers, an
     * interval of a share cut (and marked) at ±100 points */
    int d = pct        ? 1
            : dec >= 0 ? dec /* the question's means' decimals: the column agrees */
                       : fmt_common_decimals(row->r.estimate, row->r.conf_low, row->r.conf_high, 3);
    char est[48], ci[96];
    snprintf(est, sizeof(est), "%s", fmt_change(c->lang, k * row->r.estimate, d));
    if (pct)
        snprintf(ci, sizeof(ci), "%s%s",
                 fmt_ci_dec(c->lang, fmax(k * row->r.conf_low, -100),
                            fmin(k * row->r.conf_high, 100), d, 1),
                 k * row->r.conf_low < -100 || k * row->r.conf_high > 100
                     ? L(c, ", avkortat", ", truncated")
                     : "");
    else
        snprintf(ci, sizeof(ci), "%s", fmt_ci_dec(c->lang, row->r.conf_low, row->r.conf_high, d, 1));
    snprintf(out, size, "%s%s (%s)%s", est, pct ? L(c, "\xc2\xa0p.e.", "\xc2\xa0pp") : "", ci,
             sig ? " *" : "");
}

static void write_glance(struct eval_ctx *c, const struct outcome *o, struct trend *t,
                         const char *title)
{
    if (!t->n_glance)
        return;
    results_adjust(c->res);
    struct strbuf cap = STRBUF_INIT;
    strbuf_addf(&cap, L(c, "%s: senaste året i korthet", "%s: the latest year at a glance"),
                title);
    struct strbuf ci = STRBUF_INIT;
    strbuf_addf(&ci, L(c, "Skattning (%s)", "Estimate (%s)"), eval_ci(c, CI_ABBR));
    struct table *tab = table_new(
        "glance", cap.buf, 6,
        (const char *const[]){L(c, "Fråga", "Question"), L(c, "År", "Year"), ci.buf,
                              L(c, "Mot året före", "Against the year before"),
                              L(c, "Mot basåret", "Against the baseline"),
                              L(c, "Svar", "Answers")},
        (const bool[]){false, true, true, true, true, true});
    bool marked = false;
    for (size_t k = 0; k < t->n_glance; k++) {
        struct glance *g = &t->glance[k];
        char prev[160], base[160];
        glance_change(c, g->prev_row >= 0 ? &c->res->rows[g->prev_row] : NULL, g->pct, g->dec,
                      prev, sizeof(prev), &marked);
        glance_change(c, g->base_row >= 0 ? &c->res->rows[g->base_row] : NULL, g->pct, g->dec,
                      base, sizeof(base), &marked);
        table_add_row(tab, (const char *const[]){g->label, g->latest, g->estimate, prev, base,
                                                 g->n});
        free(g->label);
        free(g->latest);
        free(g->estimate);
        free(g->n);
    }
    /* shares change in percentage points, means (a scale, a number) in their own unit */
    size_t n_pct = 0;
    for (size_t k = 0; k < t->n_glance; k++)
        n_pct += t->glance[k].pct;
    const char *unit = n_pct == t->n_glance ? NULL
                       : n_pct == 0
                           ? L(c, "Vägda skattningar; förändringar i frågans enhet",
                               "Weighted estimates; changes in the question's unit")
                           : L(c, "Vägda skattningar; förändringar av andelar i procentenheter "
                                  "(p.e.), av medelvärden i frågans enhet",
                               "Weighted estimates; changes of shares in percentage points (pp), "
                               "of means in the question's unit");
    struct strbuf note = STRBUF_INIT;
    if (unit)
        strbuf_addf(&note,
                    L(c, "%s, med %s. * = förändringen är statistiskt säkerställd efter "
                         "Holm-justering (mot året före: över frågorna i tabellen; mot basåret: "
                         "över åren för frågan). – = inget jämförbart år.",
                      "%s, with %s. * = the change is statistically significant after Holm "
                      "adjustment (against the year before: over the questions in the table; "
                      "against the baseline: over the years of the question). – = no "
                      "comparable year."),
                    unit, eval_ci(c, CI_WORDS_PL));
    else
        strbuf_addf(&note,
                L(c, "Vägda skattningar; förändringar i procentenheter (p.e.) med %s. * = förändringen är statistiskt säkerställd efter "
                     "Holm-justering (mot året före: över frågorna i tabellen; mot basåret: "
                     "över åren för frågan). – = inget jämförbart år.",
                  "Weighted estimates; changes in percentage points (pp) with %s. * = the change is statistically significant after "
                  "Holm adjustment (against the year before: over the questions in the "
                  "table; against the baseline: over the years of the question). – = no "
                  "comparable year."),
                eval_ci(c, CI_WORDS_PL));
    doc_table(c->glance, tab, NULL, note.buf);
    (void)o;
    (void)marked;
    free(t->glance);
    t->glance = NULL;
    t->n_glance = 0;
    strbuf_release(&cap);
    strbuf_release(&ci);
    strbuf_release(&note);
}

/* Returns true when the question was refused (a stratum with one PSU). */
static bool one_question(struct eval_ctx *c, const struct outcome *o, struct trend *t, size_t var,
                         const struct svy_estimate *unused)
{
    (void)unused;
    const struct survey_data *d = t->d;
    const struct cb_variable *cbv = survey_var_any(d, var);
    size_t nw = d->n_waves;
    struct qview q = {.c = c, .o = o, .t = t, .var = var, .dec = -1};
    q.measure = survey_measure_for(d, var, o->measure);
    q.pct = q.measure == MEASURE_INDICATOR;
    const char *ind = L(c, cbv->indicator_label_sv, cbv->indicator_label_en);
    q.outcome = survey_outcome_id(cbv, q.measure, NULL);
    char *otitle = survey_outcome_id(cbv, q.measure, ind);
    results_set_title(c->res, o->id, q.outcome, otitle);
    free(otitle);
    const char *text = L(c, cbv->text_sv, cbv->text_en);
    struct strbuf head = STRBUF_INIT;
    strbuf_addf(&head, "%s: %s", cbv->id, q.pct && ind ? ind : (text ? text : ""));
    doc_heading(c->survey, 3, NULL, head.buf);
    if (text)
        doc_paragraph(c->survey, "\"%s\"", text);

    int *run = xmalloc((nw ? nw : 1) * sizeof(int));
    bool *harm = xcalloc(nw ? nw : 1, sizeof(bool));
    size_t n_runs = comparable_runs(d, var, t->wave_used, run, harm, c->lang);
    double *y = xmalloc((d->n ? d->n : 1) * sizeof(double));
    struct survey_code_table vt[2]; /* survey_value() without and with harmonize */
    survey_code_table_init(&vt[0], d, var, q.measure, false, NULL, 0);
    survey_code_table_init(&vt[1], d, var, q.measure, true, NULL, 0);
    for (size_t w = 0; w < nw; w++) {
        int r = run[w];
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            struct survey_code_slot tmp;
            y[i] = r < 0 ? NAN : survey_code_slot(&vt[harm[r]], i, &tmp)->value;
        }
    }
    survey_code_table_release(&vt[0]);
    survey_code_table_release(&vt[1]);
    if (n_runs > 1) {
        struct strbuf w = STRBUF_INIT;
        for (size_t r = 0; r < n_runs; r++) {
            strbuf_addf(&w, "%s", r ? "; " : "");
            bool first = true;
            for (size_t k = 0; k < nw; k++)
                if (run[k] == (int)r) {
                    strbuf_addf(&w, "%s%s", first ? "" : ", ", d->waves[k].label);
                    first = false;
                }
        }
        doc_callout(c->survey, TONE_BAD,
                    L(c, "Svarsalternativen ändrades mellan kodboksversionerna utan översättning; "
                         "bara år inom samma grupp jämförs: %s.",
                      "The answer options changed between codebook versions without a mapping; "
                      "only years within the same group are compared: %s."),
                    w.buf);
        eval_caveat(c,
                    L(c, "%s: åren %s är inte jämförbara över gränserna.",
                      "%s: the years %s are not comparable across the breaks."),
                    cbv->id, w.buf);
        strbuf_release(&w);
    } else if (n_runs == 1 && harm[0]) {
        doc_callout(c->survey, TONE_INFO, "%s",
                    L(c, "Svarsalternativen skiljer sig mellan kodboksversionerna; kodboken "
                         "översätter dem (harmonize) så att alla år kan jämföras.",
                      "The answer options differ between codebook versions; the codebook maps "
                      "them (harmonize) so that all years can be compared."));
    }

    const struct survey_design_index *x = t->x;
    bool by_key = true; /* groups by area only: the domains follow the wave and area */
    bool by_cell = true; /* or by variables that refine the cells (survey_keycells.h) */
    for (size_t g = 0; g < t->n_groups; g++) {
        by_key = by_key && t->groups[g].by_area;
        by_cell = by_cell && (t->groups[g].by_area ||
                              survey_keycells_refined_by(d, (size_t)t->groups[g].var));
    }
    struct survey_domains sd = {.n_domains = t->n_domains,
                                .max_per_row = 1 + t->n_groups,
                                .dom = trend_domains,
                                .waves = t->wave_used,
                                .ctx = t,
                                .by_key = by_key,
                                .by_cell = by_cell,
                                .y_by_key = true, /* within a wave, from the code tables */
                                .key_var = var};
    if (eval_collecting(c)) {
        /* the disclosure control's first pass wants the cells this question publishes,
         * not its numbers */
        bool *hide = xcalloc(t->n_domains, sizeof(bool));
        survey_disclose_domains(c, d, var, y, &sd, hide);
        free(hide);
        free(y);
        free(run);
        free(harm);
        free(q.outcome);
        strbuf_release(&head);
        return false;
    }
    struct svy_estimate *est = xcalloc(t->n_domains, sizeof(*est));
    struct survey_cells *sc = survey_estimate_cells(d, y, x, &sd, c->conf, est);
    bool refused = survey_refuse_single_psu(c, o, est, t->n_domains);
    if (!q.pct)
        set_mean_dec(&q, est, t->n_domains);
    double *coef = xcalloc(t->n_domains, sizeof(double));
    int minc = c->opt->min_cell;
    bool *dhide = xcalloc(t->n_domains, sizeof(bool));
    survey_disclose_domains(c, d, var, y, &sd, dhide);

    /* baseline */
    size_t base = nw;
    if (o->baseline) {
        int b = survey_wave_index(d, o->baseline);
        if (b >= 0 && t->wave_used[b])
            base = (size_t)b;
    }
    for (size_t w = 0; w < nw && base == nw; w++)
        if (t->wave_used[w])
            base = w;

    /* overall, per wave */
    const char *method = q.pct ? "svyciprop" : "svymean";
    struct table *tab = table_new(
        "waves", L(c, "Per år", "By year"), 5,
        (const char *const[]){L(c, "År", "Year"), L(c, "Svar", "Answers"),
                              fmt_text(L(c, "Skattning (%s)", "Estimate (%s)"), eval_ci(c, CI_ABBR)),
                              L(c, "Mot basåret", "Against the baseline"),
                              L(c, "p (Holm)", "p (Holm)")},
        (const bool[]){false, true, true, true, true});
    int family = results_new_family(c->res);
    size_t first_row = c->res->n;
    double *py = xcalloc(nw, sizeof(double)), *plo = xcalloc(nw, sizeof(double)),
           *phi = xcalloc(nw, sizeof(double)), *px = xcalloc(nw, sizeof(double));
    const char **cats = xcalloc(nw, sizeof(*cats));
    size_t np = 0;
    struct stat_result *vs = xcalloc(nw, sizeof(*vs));
    bool *vs_ok = xcalloc(nw, sizeof(bool));
    for (size_t w = 0; w < nw; w++) {
        if (!t->wave_used[w])
            continue;
        const struct svy_estimate *e = &est[w];
        const struct stat_result *r = est_of(&q, e);
        bool hide = dhide[w];
        char group[160];
        snprintf(group, sizeof(group), "wave %s", d->waves[w].label);
        struct result_row *est_row =
            results_add(c->res, o->id, q.outcome, group, method, q.pct ? "proportion" : "mean",
                        r, NULL);
        est_row->suppressed = hide;
        if (hide) /* a withheld row keeps no message: it could state the group's result */
            est_row->note[0] = '\0';
        if (w != base && run[w] == run[base] && base < nw) {
            memset(coef, 0, t->n_domains * sizeof(double));
            coef[w] = 1;
            coef[base] = -1;
            vs[w] = survey_cells_contrast(sc, d, y, x, &sd, est, coef, c->conf);
            bool h = hide || dhide[base];
            struct result_row *row = results_add(c->res, o->id, q.outcome, group, "svydiff",
                                                 "vs_baseline", &vs[w],
                                                 NULL);
            row->suppressed = h;
            if (h)
                row->note[0] = '\0';
            row->family = family;
            vs_ok[w] = !h;
        }
        if (!hide && e->n_valid > 0) {
            cats[np] = d->waves[w].label;
            px[np] = (double)np;
            py[np] = r->estimate;
            plo[np] = r->conf_low;
            phi[np] = r->conf_high;
            np++;
        }
    }
    results_adjust(c->res);
    for (size_t w = 0; w < nw; w++) {
        if (!t->wave_used[w])
            continue;
        const struct svy_estimate *e = &est[w];
        const struct stat_result *r = est_of(&q, e);
        bool hide = dhide[w];
        char estimate[160] = "", against[160] = "", p[64] = "";
        if (!hide && e->n_valid > 0)
            snprintf(estimate, sizeof(estimate), "%s (%s)", fmt_est(&q, r->estimate),
                     fmt_est_ci(&q, r->estimate, r->conf_low, r->conf_high));
        else if (e->n_valid == 0)
            snprintf(estimate, sizeof(estimate), "%s",
                     L(c, "tom (inga svarande)", "empty (no respondents)"));
        if (w == base)
            snprintf(against, sizeof(against), "%s", L(c, "basår", "baseline"));
        else if (run[w] != run[base])
            snprintf(against, sizeof(against), "%s", L(c, "ej jämförbart", "not comparable"));
        else if (vs_ok[w]) {
            /* with its interval, signed both ways and with one count of decimals, as
             * every change in the report (the summary table's too) */
            double scale = q.pct ? 100 : 1;
            int dd = q.pct ? 1 : mean_dec(&q, vs[w].estimate);
            snprintf(against, sizeof(against), "%s%s (%s)",
                     fmt_change(c->lang, scale * vs[w].estimate, dd),
                     q.pct ? L(c, "\xc2\xa0p.e.", "\xc2\xa0pp") : "",
                     fmt_ci_dec(c->lang, scale * vs[w].conf_low, scale * vs[w].conf_high, dd, 1));
            for (size_t k = first_row; k < c->res->n; k++) {
                const struct result_row *row = &c->res->rows[k];
                if (!strcmp(row->term, "vs_baseline") && !strncmp(row->group, "wave ", 5) &&
                    !strcmp(row->group + 5, d->waves[w].label))
                    snprintf(p, sizeof(p), "%s", fmt_p(c->lang, row->p_holm));
            }
        }
        table_add_row(tab, (const char *const[]){d->waves[w].label,
                                                 hide ? L(c, "för få svar", "too few answers")
                                                      : fmt_num(c->lang, e->n_valid, 0),
                                                 estimate, against, p});
    }
    add_glance(&q, est, dhide, vs_ok, run, base, y, &sd, sc, head.buf);
    doc_table(c->survey, tab, NULL,
              fmt_text(q.pct ? L(c, "Vägda skattningar; förändring mot basåret i procentenheter "
                                    "(p.e.) med %s och Holm-justerade p-värden över åren.",
                                 "Weighted estimates; change against the baseline year in "
                                 "percentage points (pp) with %s and Holm-adjusted p-values over "
                                 "the years.")
                             : L(c, "Vägda medelvärden; förändring mot basåret i frågans enhet "
                                    "med %s och Holm-justerade p-värden över åren.",
                                 "Weighted means; change against the baseline year in the "
                                 "question's unit with %s and Holm-adjusted p-values over the "
                                 "years."),
                       eval_ci(c, CI_WORDS)));
    if (np >= 2) {
        char *name = eval_chart_name(c, o->id, cbv->id);
        struct chart *ch = chart_new(CHART_TREND, name, head.buf);
        free(name);
        chart_set_categories(ch, cats, np);
        chart_add_series(ch, L(c, "Alla", "All"), np, px, py, plo, phi, 0);
        ch->percent = q.pct;
        free(ch->ylabel); /* chart_new set it to "" */
        ch->ylabel = xstrdup(q.pct ? L(c, "Andel", "Share") : L(c, "Medelvärde", "Mean"));
        struct strbuf alt = STRBUF_INIT;
        for (size_t k = 0; k < np; k++)
            strbuf_addf(&alt, "%s%s: %s", k ? "; " : "", cats[k], fmt_est(&q, py[k]));
        free(ch->alt); /* chart_new set it to "" */
        ch->alt = strbuf_detach(&alt);
        doc_chart(c->survey, ch,
                  fmt_text(L(c, "Per år med %s (vägt).", "By year with %s (weighted)."),
                           eval_ci(c, CI_WORDS)));
    }

    /* trend tests: overall and per group, in the baseline's run */
    if (q.pct) {
        size_t in_run = 0;
        for (size_t w = 0; w < nw; w++)
            in_run += t->wave_used[w] && run[w] == run[base];
        if (in_run >= 3) {
            struct strbuf cih = STRBUF_INIT;
            strbuf_addstr(&cih, eval_ci(c, CI_ABBR));
            struct table *tt = table_new(
                "trend", L(c, "Trend per år (vägd, designbaserad)",
                           "Trend per year (weighted, design-based)"), 5,
                (const char *const[]){L(c, "Grupp", "Group"), L(c, "Svar", "Answers"),
                                      L(c, "Oddskvot per år", "Odds ratio per year"),
                                      cih.buf, L(c, "p (trendtest)", "p (trend test)")},
                (const bool[]){false, true, true, true, true});
            strbuf_release(&cih);
            struct strbuf why = STRBUF_INIT;
            bool all_shown = true;
            for (size_t w = 0; w < nw; w++)
                if (t->wave_used[w] && run[w] == run[base] && dhide[w])
                    all_shown = false;
            if (all_shown)
                trend_tests(&q, y, run, run[base], "", -1, 0, tt, L(c, "Alla", "All"),
                            &why);
            for (size_t g = 0; g < t->n_groups; g++) {
                const struct grouping *gr = &t->groups[g];
                for (size_t l = 0; l < gr->n_levels; l++) {
                    /* only groups with enough answers in every wave of the run */
                    bool enough = true;
                    for (size_t w = 0; w < nw; w++)
                        if (t->wave_used[w] && run[w] == run[base] &&
                            dhide[gr->offset + l * nw + w])
                            enough = false;
                    if (!enough)
                        continue;
                    char group[200];
                    snprintf(group, sizeof(group), "%s: %s", gr->id,
                             level_label(c, t, gr, l, "sv"));
                    trend_tests(&q, y, run, run[base], group, (int)g, (int)l, tt,
                                level_label(c, t, gr, l, c->lang), &why);
                }
            }
            doc_table(c->survey, tt, NULL,
                      L(c, "Förändringen i oddset per år ur en vägd logistisk regression med "
                           "designbaserade medelfel (som tabellernas andelar; R: svyglm(y ~ år, "
                           "design, family = quasibinomial())), på svaren inom de jämförbara "
                           "åren; p från t-fördelningen. Oddskvot under 1 = andelen minskar. "
                           "Grupper med färre än minsta antal svar något år visas inte.",
                        "The change in the odds per year from a weighted logistic regression "
                        "with design-based standard errors (as the tables' shares; R: "
                        "svyglm(y ~ year, design, family = quasibinomial())), on the answers "
                        "within the comparable years; p from the t distribution. Odds ratio "
                        "below 1 = the share falls. Groups with fewer than the minimum number "
                        "of answers in any year are not shown."));
            if (why.len)
                doc_paragraph(c->survey, L(c, "Oddskvoten per år kunde inte skattas. %s",
                                           "The odds ratio per year could not be estimated. %s"),
                              why.buf);
            strbuf_release(&why);
        } else {
            trend_skipped(&q, in_run);
        }
    }

    /* by group: a table of estimates per wave (suppressed per wave as one-way tables) */
    for (size_t g = 0; g < t->n_groups; g++) {
        const struct grouping *gr = &t->groups[g];
        size_t nl = gr->n_levels;
        if (!nl)
            continue;
        /* one row per group and year: its answers, the estimate with its interval, and
         * its change from the group's year before and from the baseline, each with its
         * interval and marked when significant after Holm adjustment (as the summary) */
        enum { NCOLS = 6 };
        const char *cols[NCOLS] = {L(c, "Grupp", "Group"), L(c, "År", "Year"),
                                   L(c, "Svar", "Answers"),
                                   fmt_text(L(c, "Skattning (%s)", "Estimate (%s)"),
                                            eval_ci(c, CI_ABBR)),
                                   L(c, "Mot året före", "Against the year before"),
                                   L(c, "Mot basåret", "Against the baseline")};
        const bool numeric[NCOLS] = {false, true, true, true, true, true};
        size_t ncols = NCOLS;
        int prev_family = results_new_family(c->res), base_family = results_new_family(c->res);
        /* per (level, wave): the estimate's cells and the two change rows (-1: none) */
        size_t ncell = nl * nw;
        char **est_cell = xcalloc(ncell, sizeof(char *));
        char **n_cell = xcalloc(ncell, sizeof(char *));
        long *prev_row = xmalloc(ncell * sizeof(long)), *base_row = xmalloc(ncell * sizeof(long));
        for (size_t k = 0; k < ncell; k++)
            prev_row[k] = base_row[k] = -1;
        const char *gname = gr->by_area ? L(c, "område", "area") : gr->id;
        if (!gr->by_area) {
            const struct cb_variable *gv = survey_var_any(d, (size_t)gr->var);
            const char *gt = gv ? L(c, gv->text_sv, gv->text_en) : NULL;
            if (gt)
                gname = gt;
        }
        struct strbuf title = STRBUF_INIT;
        strbuf_addf(&title, L(c, "%s per år och %s", "%s by year and %s"), head.buf, gname);
        struct table *tg = table_new("groups", title.buf, ncols, cols, numeric);
        const bool *hide = dhide + gr->offset; /* [l * nw + w] */
        char *chart_name = eval_chart_name(c, o->id, gr->id);
        struct chart *ch = chart_new(CHART_TREND, chart_name, title.buf);
        free(chart_name);
        const char **wl = xcalloc(nw, sizeof(*wl));
        size_t nwl = 0;
        for (size_t w = 0; w < nw; w++)
            if (t->wave_used[w])
                wl[nwl++] = d->waves[w].label;
        chart_set_categories(ch, wl, nwl);
        size_t n_hidden = 0;
        for (size_t l = 0; l < nl; l++) {
            const char *lab = level_label(c, t, gr, l, c->lang);
            bool any = false;
            double *sy = xcalloc(nwl ? nwl : 1, sizeof(double)), *sx = xcalloc(nwl ? nwl : 1, sizeof(double));
            double *slo = xcalloc(nwl ? nwl : 1, sizeof(double)), *shi = xcalloc(nwl ? nwl : 1, sizeof(double));
            size_t ns = 0, k = 0, prev_w = nw;
            for (size_t w = 0; w < nw; w++) {
                if (!t->wave_used[w])
                    continue;
                const struct svy_estimate *e = &est[gr->offset + l * nw + w];
                const struct stat_result *r = est_of(&q, e);
                bool hd = hide[l * nw + w];
                char group[240];
                snprintf(group, sizeof(group), "wave %s, %s: %s", d->waves[w].label, gr->id,
                         level_label(c, t, gr, l, "sv"));
                if (e->n_valid > 0) {
                    struct result_row *row =
                        results_add(c->res, o->id, q.outcome, group, method,
                                    q.pct ? "proportion" : "mean", r,
                                    NULL);
                    row->suppressed = hd;
                    if (hd) /* no message: it could state the small group's result */
                        row->note[0] = '\0';
                }
                n_hidden += hd;
                size_t cell = l * nw + w;
                n_cell[cell] = xstrdup(hd ? L(c, "för få svar", "too few answers")
                                          : fmt_num(c->lang, e->n_valid, 0));
                if (hd)
                    est_cell[cell] = xstrdup("\xc2\xb7");
                else if (e->n_valid > 0)
                    est_cell[cell] = xstrdup(
                        fmt_text("%s (%s)", fmt_est(&q, r->estimate),
                                 fmt_est_ci(&q, r->estimate, r->conf_low, r->conf_high)));
                else
                    est_cell[cell] = xstrdup(L(c, "tom (inga svarande)", "empty (no respondents)"));
                /* the changes: within the same comparable run, never with a withheld
                 * cell (the difference would give the withheld value away) */
                size_t from[2] = {prev_w, base};
                const char *term[2] = {"vs_previous", "vs_baseline"};
                int fam[2] = {prev_family, base_family};
                long *slot[2] = {&prev_row[cell], &base_row[cell]};
                for (int j = 0; j < 2; j++) {
                    size_t f = from[j];
                    if (f >= nw || f == w || run[f] != run[w] || run[w] < 0 || e->n_valid == 0 ||
                        est[gr->offset + l * nw + f].n_valid == 0)
                        continue;
                    /* a change with a withheld year is not computed at all: it would
                     * only be withheld in turn, and its set (two years of one small
                     * group) is one more the disclosure check would have to guard */
                    if (hd || hide[l * nw + f])
                        continue;
                    memset(coef, 0, t->n_domains * sizeof(double));
                    coef[gr->offset + l * nw + w] = 1;
                    coef[gr->offset + l * nw + f] = -1;
                    struct stat_result diff = survey_cells_contrast(sc, d, y, x, &sd, est, coef, c->conf);
                    struct result_row *row =
                        results_add(c->res, o->id, q.outcome, group, "svydiff", term[j], &diff,
                                    NULL);
                    row->family = fam[j];
                    *slot[j] = (long)(row - c->res->rows);
                }
                if (e->n_valid > 0)
                    prev_w = w;
                if (!hd && e->n_valid > 0 && !isnan(r->estimate)) {
                    sx[ns] = (double)k;
                    slo[ns] = r->conf_low;
                    shi[ns] = r->conf_high;
                    sy[ns++] = r->estimate;
                    any = true;
                }
                k++;
            }
            if (any) /* with gaps where a year is not published */
                chart_add_series(ch, lab, ns, sx, sy, slo, shi, 0);
            free(sy);
            free(sx);
            free(slo);
            free(shi);
        }
        results_adjust(c->res);
        bool marked = false;
        for (size_t l = 0; l < nl; l++) {
            bool first = true;
            for (size_t w = 0; w < nw; w++) {
                size_t cell = l * nw + w;
                if (!t->wave_used[w] || !n_cell[cell])
                    continue;
                char prev[160], basec[160];
                glance_change(c, prev_row[cell] >= 0 ? &c->res->rows[prev_row[cell]] : NULL,
                              q.pct, q.dec, prev, sizeof(prev), &marked);
                if (w == base)
                    snprintf(basec, sizeof(basec), "%s", L(c, "basår", "baseline"));
                else
                    glance_change(c, base_row[cell] >= 0 ? &c->res->rows[base_row[cell]] : NULL,
                                  q.pct, q.dec, basec, sizeof(basec), &marked);
                const char *row[NCOLS] = {first ? level_label(c, t, gr, l, c->lang) : "",
                                          d->waves[w].label, n_cell[cell], est_cell[cell], prev,
                                          basec};
                table_add_row(tg, row);
                first = false;
            }
        }
        for (size_t k = 0; k < ncell; k++) {
            free(est_cell[k]);
            free(n_cell[k]);
        }
        free(est_cell);
        free(n_cell);
        free(prev_row);
        free(base_row);
        struct strbuf note = STRBUF_INIT;
        strbuf_addf(&note,
                    L(c, "Vägda skattningar med %s; förändringar%s mot gruppens närmast "
                         "föregående jämförbara år och mot basåret. * = förändringen är "
                         "statistiskt säkerställd efter Holm-justering över tabellens "
                         "jämförelser (mot året före och mot basåret var för sig), som i "
                         "sammanfattningen. – = inget jämförbart år.",
                      "Weighted estimates with %s; changes%s against the group's previous "
                      "comparable year and against the baseline. * = the change is "
                      "statistically significant after Holm adjustment over the table's "
                      "comparisons (against the year before and against the baseline "
                      "separately), as in the summary. – = no comparable year."),
                    eval_ci(c, CI_WORDS_PL),
                    q.pct ? L(c, " i procentenheter (p.e.)", " in percentage points (pp)") : "");
        if (n_hidden)
            strbuf_addf(&note,
                        L(c, " · = färre än %d svar, eller dolt för att en liten grupp inte ska "
                             "kunna räknas fram ur totalen eller rapportens andra tabeller; "
                             "inga förändringar visas mot ett dolt år.",
                          " · = fewer than %d answers, or hidden so that a small group cannot "
                          "be worked out from the total or the report's other tables; no "
                          "change is shown against a hidden year."),
                        minc);
        doc_table(c->survey, tg, NULL, note.buf);
        strbuf_release(&note);
        if (ch->n_series >= 1 && nwl >= 2) {
            ch->percent = q.pct;
            free(ch->ylabel); /* chart_new set it to "" */
            ch->ylabel = xstrdup(q.pct ? L(c, "Andel", "Share") : L(c, "Medelvärde", "Mean"));
            struct strbuf alt = STRBUF_INIT;
            strbuf_addf(&alt, "%s", title.buf);
            free(ch->alt); /* chart_new set it to "" */
            ch->alt = strbuf_detach(&alt);
            doc_chart(c->survey, ch,
                      L(c, "Vägda skattningar per år och grupp med konfidensintervall (skuggat).",
                        "Weighted estimates by year and group with confidence intervals "
                        "(shaded)."));
        } else {
            chart_free(ch);
        }
        free(wl);
        strbuf_release(&title);
    }

    free(vs);
    free(vs_ok);
    free(py);
    free(plo);
    free(phi);
    free(px);
    free(cats);
    free(coef);
    survey_cells_free(sc);
    free(est);
    free(dhide);
    free(y);
    free(run);
    free(harm);
    free(q.outcome);
    strbuf_release(&head);
    return refused;
}

int analyze_trend(struct eval_ctx *c, const struct outcome *o)
{
    struct survey_data *d = eval_survey(c, o->survey);
    if (!d)
        return -1;
    const char *title = spec_text(o->title_sv, o->title_en, c->lang);
    doc_heading(c->survey, 2, o->id, title ? title : o->id);

    struct trend t = {.d = d, .x = survey_design(d)};
    t.prev_family = results_new_family(c->res);
    size_t nw = d->n_waves;
    t.wave_used = xcalloc(nw ? nw : 1, sizeof(bool));
    if (o->waves.n == 0 && !o->no_wave)
        for (size_t w = 0; w < nw; w++)
            t.wave_used[w] = true;
    for (size_t k = 0; k < o->waves.n; k++) {
        int w = survey_wave_index(d, o->waves.items[k]);
        if (w >= 0)
            t.wave_used[w] = true;
    }
    t.all_areas = o->area.n == 0;
    t.n_area_ok = c->n_area_names;
    t.area_ok = xcalloc(t.n_area_ok ? t.n_area_ok : 1, sizeof(bool));
    int32_t *ids = xcalloc(o->area.n ? o->area.n : 1, sizeof(int32_t));
    eval_area_ids(c, &o->area, ids, NULL);
    for (size_t k = 0; k < o->area.n; k++)
        if (ids[k] > 0 && (size_t)ids[k] < t.n_area_ok)
            t.area_ok[ids[k]] = true;
    free(ids);

    /* groupings and their levels */
    t.groups = xcalloc(o->subgroups.n ? o->subgroups.n : 1, sizeof(*t.groups));
    size_t next = nw;
    for (size_t g = 0; g < o->subgroups.n; g++) {
        const char *id = o->subgroups.items[g];
        struct grouping *gr = &t.groups[t.n_groups];
        if (!strcmp(id, "area")) {
            gr->by_area = true;
            survey_levels_of_areas(d, t.wave_used, t.all_areas ? NULL : t.area_ok, t.n_area_ok,
                                   &gr->levels, &gr->n_levels);
        } else {
            int v = survey_var_index(d, id);
            if (v < 0)
                continue;
            gr->var = v;
            survey_levels_of_variable(d, (size_t)v, &gr->levels, &gr->n_levels);
        }
        gr->id = xstrdup(id);
        gr->offset = next;
        next += gr->n_levels * nw;
        t.n_groups++;
    }
    t.n_domains = next ? next : 1;

    bool refused = false;
    for (size_t k = 0; k < o->questions.n; k++) {
        int v = survey_var_index(d, o->questions.items[k]);
        if (v < 0) {
            doc_callout(c->survey, TONE_UNCERTAIN,
                        L(c, "Frågan %s finns inte i de importerade svaren.",
                          "The question %s is not in the imported answers."),
                        o->questions.items[k]);
            continue;
        }
        refused |= one_question(c, o, &t, (size_t)v, NULL);
    }
    write_glance(c, o, &t, title ? title : o->id);

    doc_paragraph(c->methods,
                  L(c, "%s: vägda andelar per år med Taylor-linjäriserade standardfel (R: "
                       "svyby(~y, ~år, design, svyciprop, method = \"logit\")); varje år mot "
                       "basåret som kontrast (svycontrast), Holm- och BH-justerat över åren; "
                       "sammanfattningens senaste år mot året före som kontrast, Holm-justerat "
                       "över frågorna; i tabellerna per grupp varje år mot gruppens föregående "
                       "jämförbara år och mot basåret som kontraster, Holm-justerade över "
                       "tabellens jämförelser; trend som vägd logistisk regression med designbaserade "
                       "medelfel (svyglm(y ~ år, design, family = quasibinomial()), t-fördelning "
                       "på designens frihetsgrader). results.csv har också de ovägda testen "
                       "(prop.trend.test, glm(cbind(x, n − x) ~ år, family = binomial)).",
                    "%s: weighted shares per year with Taylor-linearised standard errors (R: "
                    "svyby(~y, ~year, design, svyciprop, method = \"logit\")); each year against "
                    "the baseline as a contrast (svycontrast), Holm and BH adjusted over the "
                    "years; the summary's latest year against the year before as a contrast, "
                    "Holm adjusted over the questions; in the tables by group each year against "
                    "the group's previous comparable year and against the baseline as "
                    "contrasts, Holm adjusted over the table's comparisons; trend as a weighted "
                    "logistic regression "
                    "with design-based standard errors (svyglm(y ~ year, design, family = "
                    "quasibinomial()), t on the design's degrees of freedom). results.csv also "
                    "has the unweighted tests (prop.trend.test, glm(cbind(x, n − x) ~ year, "
                    "family = binomial))."),
                  title ? title : o->id);
    survey_document_fpc(c, d, title ? title : o->id);

    for (size_t g = 0; g < t.n_groups; g++) {
        free(t.groups[g].levels);
        free(t.groups[g].id);
    }
    free(t.groups);
    free(t.wave_used);
    free(t.area_ok);
    return refused ? 1 : 0;
}
