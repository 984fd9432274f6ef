/*
 * analyze_survey — one survey question before and after a measure ([survey ID]).
 *
 * The main estimate is design-based (weights, strata, clusters; R's survey package):
 * the share (or mean) in the target area before and after, the difference after −
 * before, and with a comparison area the difference-in-differences — all as
 * contrasts of domain means with linearised standard errors (survey_common.h).
 * Unweighted tests on the respondents' answers support it (Wilson, Newcombe,
 * chi-square, Mann–Whitney, Cliff's delta, Welch, Cohen's d / Hedges' g), and the
 * minimum detectable difference says what the survey could have shown.
 *
 * Disclosure control: every cell (period, wave, subgroup, the answer distribution of a
 * wave) is a set of respondents the run's disclosure control decides on
 * (survey_disclose.h): a cell with fewer than --min-cell respondents is not published,
 * nor one that would let a small group be worked out from the other tables of the run.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/reason.h"
#include "eval/context.h"
#include "eval/format.h"
#include "eval/group_tests.h"
#include "eval/incident_data.h"
#include "eval/resample.h"
#include "eval/survey_common.h"
#include "eval/survey_boot.h"
#include "eval/survey_disclose.h"
#include "eval/survey_keycells.h"
#include "stats/power.h"
#include "stats/twogroup.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum { BEFORE = 0, AFTER = 1 };
enum { TARGET = 0, COMPARISON = 1 };

/* One background variable the outcome is broken down by. */
struct subgroup {
    int var;          /* index in the survey data */
    char *id;
    int *codes;       /* levels: the declared non-missing codes */
    size_t n_levels;
    size_t offset;    /* first domain: offset + level * 2 + period */
};

struct before_after {
    const struct survey_data *d;
    bool *wave_used;  /* n_waves */
    signed char *period; /* per wave: -1, BEFORE, AFTER */
    signed char *place;  /* per area id: -1, TARGET, COMPARISON */
    size_t n_place;
    bool all_areas;   /* no area given: every respondent is in the target */
    struct subgroup *subs;
    size_t n_subs;
    size_t wave_offset; /* target per wave: wave_offset + wave index */
    size_t n_domains;
};

static int row_place(const struct before_after *b, size_t i)
{
    if (b->all_areas)
        return TARGET;
    int32_t a = b->d->area[i];
    return a > 0 && (size_t)a < b->n_place ? b->place[a] : -1;
}

static int level_of(const struct subgroup *s, int code)
{
    for (size_t l = 0; l < s->n_levels; l++)
        if (s->codes[l] == code)
            return (int)l;
    return -1;
}

static size_t row_domains(const void *ctx, size_t i, size_t *out)
{
    const struct before_after *b = ctx;
    const struct survey_data *d = b->d;
    size_t n = 0;
    int place = row_place(b, i);
    int period = b->period[d->wave[i]];
    if (place < 0)
        return 0;
    if (place == TARGET)
        out[n++] = b->wave_offset + (size_t)d->wave[i];
    if (period < 0)
        return n;
    out[n++] = (size_t)place * 2 + (size_t)period;
    if (place != TARGET)
        return n;
    for (size_t s = 0; s < b->n_subs; s++) {
        const struct subgroup *sg = &b->subs[s];
        int code = d->codes[sg->var][i];
        if (code == CODEBOOK_NO_ANSWER)
            continue;
        int l = level_of(sg, code);
        if (l >= 0)
            out[n++] = sg->offset + (size_t)l * 2 + (size_t)period;
    }
    return n;
}

/* The declared non-missing codes of a background variable over every codebook version. */
static void collect_levels(const struct survey_data *d, struct subgroup *s)
{
    for (size_t c = 0; c < d->n_codebooks; c++) {
        const struct cb_variable *var = d->var_in[c * d->n_vars + (size_t)s->var];
        for (size_t k = 0; var && k < var->n_values; k++) {
            const struct cb_value *cv = &var->values[k];
            if (cv->missing || level_of(s, cv->code) >= 0)
                continue;
            s->codes = xrealloc(s->codes, (s->n_levels + 1) * sizeof(*s->codes));
            s->codes[s->n_levels++] = cv->code;
        }
    }
    for (size_t a = 1; a < s->n_levels; a++)
        for (size_t k = a; k > 0 && s->codes[k - 1] > s->codes[k]; k--) {
            int t = s->codes[k];
            s->codes[k] = s->codes[k - 1];
            s->codes[k - 1] = t;
        }
}

/* ------------------------------------------------------------------ formatting */

struct view {
    struct eval_ctx *c;
    const struct outcome *o;
    enum survey_measure measure;
    bool pct;         /* shares shown as percent */
    char *outcome;    /* results "outcome": "T01: Otrygg" */
    char *what;       /* "the share unsafe" in words */
    int dec;          /* a mean's decimals, for every mean, change and bound of the
                         section (view_decimals); -1 until the estimates are known */
};

/*
 * One count of decimals for the means of a section and everything derived from them
 * (changes, differences, their bounds): three significant digits of the largest mean
 * (5.65 -> 2, 25.3 -> 1).  A change printed with its own significant digits read
 * "+0.713 (−0.380 to +1.807)" under a mean of "5.65", and "−0.0588" beside
 * "−1.35 to +1.24": an estimate and its bounds, and a column, now agree.
 */
static void view_decimals(struct view *v, const double *means, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(means[i]) && fabs(means[i]) > m)
            m = fabs(means[i]);
    int d = m > 0 ? 2 - (int)floor(log10(m)) : 2;
    v->dec = d < 0 ? 0 : d > 6 ? 6 : d;
}

static int mean_decimals(const struct view *v, double x)
{
    return v->dec >= 0 ? v->dec : fmt_common_decimals(x, NAN, NAN, 3);
}

static const char *fmt_est(const struct view *v, double x)
{
    return v->pct ? fmt_pct(v->c->lang, x, 1) : fmt_num(v->c->lang, x, mean_decimals(v, x));
}

/* A level's interval: percent for shares, the means' decimals otherwise. */
static const char *fmt_est_ci(const struct view *v, double est, double lo, double hi)
{
    return v->pct ? fmt_ci(v->c->lang, lo, hi, 1, 1)
                  : fmt_ci_dec(v->c->lang, lo, hi, mean_decimals(v, est), 0);
}

/* A change or difference: percentage points for shares (never "%"). */
static const char *fmt_diff(const struct view *v, double x)
{
    /* a change, signed both ways as in the criteria table */
    return v->pct ? fmt_pp(v->c->lang, x, 1, 1) : fmt_change(v->c->lang, x, mean_decimals(v, x));
}

/* Its interval, in the same unit and decimals. */
static const char *fmt_diff_ci(const struct view *v, double lo, double hi)
{
    return v->pct ? fmt_ci_pp(v->c->lang, lo, hi, 1, 1)
                  : fmt_ci_dec(v->c->lang, lo, hi,
                               v->dec >= 0 ? v->dec : fmt_common_decimals(NAN, lo, hi, 3), 1);
}

static const char *fmt_int(const struct eval_ctx *c, double n)
{
    return fmt_num(c->lang, n, 0);
}

static const char *withheld(const struct eval_ctx *c)
{
    return L(c, "för få svar", "too few answers");
}

/* The estimate cell of a group without answers. */
static const char *empty_text(const struct eval_ctx *c)
{
    return L(c, "tom (inga svarande)", "empty (no respondents)");
}

/* Adds a results row, suppressed (numbers withheld) when `hide`. */
static struct result_row *add_row(struct view *v, const char *group, const char *method,
                                  const char *term, const struct stat_result *r, bool hide,
                                  const char *note)
{
    struct result_row *row =
        results_add(v->c->res, v->o->id, v->outcome, group, method, term, r,
                    note);
    row->suppressed = hide;
    /* A withheld row keeps no message of its own: one such as "everyone in this group
     * gave the answer counted (100%)" would publish the small group's result. */
    if (hide)
        row->note[0] = '\0';
    return row;
}

/* The estimate a criterion sees: withheld numbers are not estimable. */
static void record(struct view *v, const char *term, const char *group,
                   const struct stat_result *r, bool hide, bool lower_is_better,
                   const char *label)
{
    struct stat_result rr = *r;
    if (hide)
        stat_result_failx(&rr, STAT_NOT_ESTIMABLE, STAT_R_SUPPRESSED_FEW, v->c->opt->min_cell, NAN, NAN);
    eval_record(v->c, v->o->id, term, group, &rr, false, lower_is_better, label);
    v->c->recorded[v->c->n_recorded - 1].share = v->pct; /* read in percentage points */
}

/* ------------------------------------------------------------------ the analysis */

static const char *variable_text(const struct eval_ctx *c, const struct cb_variable *var)
{
    const char *t = L(c, var->text_sv, var->text_en);
    return t ? t : var->id;
}

/* The codes on the scale (harmonised as compared), ordered from the best answer to the
 * worst, and how many of them are not "unfavourable" (the centre of a diverging bar). */
static size_t scale_codes(const struct survey_data *d, size_t v, bool harmonize, int *codes,
                          size_t max, size_t *center)
{
    size_t n = 0;
    const struct cb_variable *ref = NULL;
    for (size_t c = 0; c < d->n_codebooks; c++) {
        const struct cb_variable *var = d->var_in[c * d->n_vars + v];
        for (size_t k = 0; var && k < var->n_values && n < max; k++) {
            const struct cb_value *cv = &var->values[k];
            if (!cv->in_scale)
                continue;
            int code = harmonize ? cb_variable_harmonize(var, cv->code) : cv->code;
            const struct cb_value *t = cb_variable_value(var, code);
            if (!t || !t->in_scale)
                continue;
            bool dup = false;
            for (size_t j = 0; j < n; j++)
                dup |= codes[j] == code;
            if (!dup)
                codes[n++] = code;
            if (!ref)
                ref = var;
        }
    }
    bool descending = ref && ref->reversed; /* reversed: a higher code is better */
    for (size_t a = 1; a < n; a++)
        for (size_t k = a; k > 0 && (descending ? codes[k - 1] < codes[k] : codes[k - 1] > codes[k]);
             k--) {
            int t = codes[k];
            codes[k] = codes[k - 1];
            codes[k - 1] = t;
        }
    *center = n / 2;
    if (ref && ref->has_indicator) {
        size_t good = 0;
        for (size_t j = 0; j < n; j++) {
            const struct cb_value *cv = cb_variable_value(ref, codes[j]);
            good += cv && !cv->indicator;
        }
        *center = good;
    }
    return n;
}

/* Respondent i's position on the scale (the table's list is scale_codes() too: same
 * positions) when the answer distribution counts it: in the target area, on the scale;
 * else -1. */
static int distribution_pos(const struct before_after *b, size_t var,
                            struct survey_code_table *tab, size_t i)
{
    const struct survey_data *d = b->d;
    if (row_place(b, i) != TARGET || d->codes[var][i] == CODEBOOK_NO_ANSWER ||
        !survey_var_of(d, var, i))
        return -1;
    struct survey_code_slot tmp;
    return survey_code_slot(tab, i, &tmp)->pos;
}

struct distribution_cells {
    const struct before_after *b;
    size_t var;
    struct survey_code_table *tab;
};

/* The distribution's cells: a respondent it counts is in its wave's (a function of the
 * wave, area, version and code: survey_domains.by_key). */
static size_t distribution_domain(const void *ctx, size_t i, size_t *out)
{
    const struct distribution_cells *dc = ctx;
    if (distribution_pos(dc->b, dc->var, dc->tab, i) < 0)
        return 0;
    out[0] = (size_t)dc->b->d->wave[i];
    return 1;
}

/* The distribution's cells (each wave's answers on the scale in the target area):
 * hide[w] whether wave w's must be withheld. */
static void distribution_disclose(struct eval_ctx *c, const struct before_after *b, size_t var,
                                  struct survey_code_table *tab, bool *hide)
{
    struct distribution_cells dc = {b, var, tab};
    struct survey_domains sd = {.n_domains = b->d->n_waves,
                                .max_per_row = 1,
                                .dom = distribution_domain,
                                .waves = b->wave_used,
                                .ctx = &dc,
                                .by_key = true};
    survey_disclose_domains(c, b->d, var, NULL, &sd, hide);
}

/* Response distribution per wave in the target area, as diverging stacked bars. */
static void distribution_chart(struct view *v, const struct before_after *b, size_t var,
                               bool harmonize, const struct cb_variable *cbv,
                               struct survey_code_table *tab)
{
    struct eval_ctx *c = v->c;
    const struct survey_data *d = b->d;
    int codes[64];
    size_t center;
    size_t k = scale_codes(d, var, harmonize, codes, 64, &center);
    if (k < 2)
        return;
    size_t nw = d->n_waves;
    double *wsum = xcalloc(nw * k, sizeof(double)), *tot = xcalloc(nw, sizeof(double));
    double *n = xcalloc(nw, sizeof(double));
    bool *hide = xcalloc(nw, sizeof(bool));
    distribution_disclose(c, b, var, tab, hide);
    for (size_t w = 0; w < nw; w++) {
        if (!b->wave_used[w])
            continue;
        /* the wave's answer-code cells: a cell's respondents share its position */
        const struct survey_keycells *kc = survey_keycells(d, var, w);
        for (size_t j = 0; kc && j < kc->n; j++) {
            const struct survey_keycell *cell = &kc->cell[j];
            int pos = distribution_pos(b, var, tab, cell->first);
            if (pos < 0)
                continue;
            wsum[w * k + (size_t)pos] += cell->rows.sw;
            tot[w] += cell->rows.sw;
            n[w] += cell->rows.n;
        }
        assert(kc || !d->cells_only); /* rows: survey_stream.h */
        for (size_t i = d->wave_begin[w]; !kc && i < d->wave_end[w]; i++) {
            int pos = distribution_pos(b, var, tab, i);
            if (pos < 0)
                continue;
            wsum[w * k + (size_t)pos] += d->weight[i];
            tot[w] += d->weight[i];
            n[w] += 1;
        }
    }

    const char **cats = xcalloc(nw, sizeof(*cats));
    double *values = xcalloc(nw * k, sizeof(double));
    size_t nc = 0, hidden = 0;
    bool years = true; /* every wave shown is a year */
    for (size_t w = 0; w < nw; w++) {
        if (!b->wave_used[w] || n[w] == 0)
            continue;
        if (hide[w]) {
            hidden++;
            continue;
        }
        cats[nc] = d->waves[w].label;
        years &= d->waves[w].year != 0;
        for (size_t j = 0; j < k; j++)
            values[nc * k + j] = wsum[w * k + j] / tot[w];
        nc++;
    }
    if (nc > 0) {
        char *name = eval_chart_name(c, v->o->id, "distribution");
        struct chart *ch = chart_new(CHART_STACKED, name,
                                     L(c, "Svarsfördelning per år", "Answers per year"));
        free(name);
        chart_set_categories(ch, cats, nc);
        const char **labels = xcalloc(k, sizeof(*labels));
        for (size_t j = 0; j < k; j++) {
            const char *lab = survey_code_label(d, var, codes[j], c->lang);
            labels[j] = lab ? lab : "?";
        }
        chart_set_segments(ch, labels, k, values, center);
        ch->percent = true;
        free(ch->xlabel); /* chart_new set it to "" */
        ch->xlabel = xstrdup(L(c, "Andel av svaren (vägd)", "Share of answers (weighted)"));
        /* the bars are waves: the axis (and the first column of the distribution's
         * table in `run --tables`) says so, not "Category" */
        free(ch->ylabel);
        ch->ylabel = xstrdup(years ? L(c, "År", "Year") : L(c, "Enkätomgång", "Survey wave"));
        struct strbuf alt = STRBUF_INIT;
        strbuf_addf(&alt, "%s: ", variable_text(c, cbv));
        for (size_t w = 0; w < nc; w++) {
            strbuf_addf(&alt, "%s%s", w ? "; " : "", cats[w]);
            for (size_t j = 0; j < k; j++)
                strbuf_addf(&alt, "%s %s %s", j ? "," : ":", labels[j],
                            fmt_pct(c->lang, values[w * k + j], 0));
        }
        free(ch->alt); /* chart_new set it to "" */
        ch->alt = strbuf_detach(&alt);
        doc_chart(c->survey, ch,
                  L(c, "Svarsfördelningen i målområdet per år, vägd. Gynnsamma svar till "
                       "vänster, ogynnsamma till höger.",
                    "The answers in the target area per year, weighted. Favourable answers to "
                    "the left, unfavourable to the right."));
        free(labels);
    }
    if (hidden)
        doc_paragraph(c->survey,
                      L(c, "%zu år med färre än %d svar, eller dolda för att en liten grupp "
                           "inte ska kunna räknas fram, visas inte i svarsfördelningen.",
                        "%zu year(s) with fewer than %d answers, or hidden so that a small "
                        "group cannot be worked out, are not shown in the answer "
                        "distribution."),
                      hidden, c->opt->min_cell);
    free(cats);
    free(values);
    free(wsum);
    free(tot);
    free(n);
    free(hide);
}

/* The note of a row: the result's own reason or caveat, then the caption saying what
 * the number is.  Returns the text in *sb (reset first). */
static const char *with_reason(const struct stat_result *r, const char *caption,
                               struct strbuf *sb)
{
    strbuf_reset(sb);
    if (stat_has_why(r))
        strbuf_addf(sb, "%s; ", stat_why_text("en", r)); /* results.csv: English */
    strbuf_addstr(sb, caption);
    return sb->buf;
}

/* Why the Mann-Whitney test was not done, under the table, in the report language. */
static void mw_refusal(struct eval_ctx *c, const struct stat_result *mw, const double *after,
                       const double *before, size_t k)
{
    size_t used = 0;
    for (size_t j = 0; j < k; j++)
        used += after[j] + before[j] > 0;
    if (used == 1)
        doc_paragraph(c->survey, "%s",
                      L(c, "Mann–Whitney-testet gjordes inte: alla svar före och efter är "
                           "desamma, så det finns ingen ordning att testa (sannolikheten att "
                           "ett svar efter är sämre är då 0,5 och Cliffs delta 0).",
                        "The Mann–Whitney test was not done: every answer before and after is "
                        "the same, so there is no ordering to test (the probability that an "
                        "answer after is worse is then 0.5, and Cliff's delta 0)."));
    else
        doc_paragraph(c->survey, L(c, "Mann–Whitney-testet gjordes inte (%s).",
                                   "The Mann–Whitney test was not done: %s."),
                      stat_why_text(c->lang, mw));
}

/*
 * The interval of Cliff's delta: a bootstrap of the answers within each period (the
 * periods keep their sizes), BCa, or percentile where BCa is not defined (Davison &
 * Hinkley 1997, 5.3; R: boot(d, stat, R, strata = period) and boot.ci(type = "bca",
 * L = empinf(type = "jack"))), through the run's seed (resample.h).  Sets the
 * interval and the bootstrap SE on *cd and says which interval in *note.
 */
static void cliff_interval(struct eval_ctx *c, struct stat_result *cd, const double *after,
                           const double *before, size_t k, struct strbuf *note)
{
    size_t used = 0;
    for (size_t j = 0; j < k; j++)
        used += after[j] + before[j] > 0;
    if (!stat_ok(cd) || used < 2)
        return; /* every answer the same: delta is 0 and there is nothing to resample */
    if (eval_collecting(c) || c->estimates_only)
        return; /* the disclosure control's first pass or the criteria as of the decision
                   date (no criterion reads delta): the numbers are thrown away */
    struct boot_options bo = eval_boot_options(c);
    struct boot_result br;
    boot_cliff_delta_counts(after, before, k, &bo, &br);
    eval_boot_apply(&br, &bo, cd, note);
}

/* Mann–Whitney of a number question from each period's distinct values and their
 * counts (the answer cells): the values of both periods merged in increasing order,
 * so that mann_whitney_counts() gives the numbers mann_whitney() gives on the
 * expanded answers.  R: wilcox.test(after, before, exact = FALSE, correct = TRUE). */
static struct stat_result number_shift_counts(double value[2][64], double vcount[2][64],
                                              const size_t nval[2])
{
    double merged[128], ca[128] = {0}, cb[128] = {0};
    size_t k = 0;
    for (int p = 0; p < 2; p++)
        for (size_t q = 0; q < nval[p]; q++) {
            size_t j = 0;
            while (j < k && merged[j] < value[p][q])
                j++;
            if (j == k || merged[j] != value[p][q]) {
                memmove(merged + j + 1, merged + j, (k - j) * sizeof(double));
                memmove(ca + j + 1, ca + j, (k - j) * sizeof(double));
                memmove(cb + j + 1, cb + j, (k - j) * sizeof(double));
                merged[j] = value[p][q];
                ca[j] = cb[j] = 0;
                k++;
            }
            (p == AFTER ? ca : cb)[j] += vcount[p][q];
        }
    return mann_whitney_counts(ca, cb, k, NULL);
}

/* The whole target's Mann–Whitney row of a number question (term p_higher, as the
 * subgroups' and [compare]'s) and its line in the supporting tests. */
static void number_shift_row(struct view *v, struct table *t, const struct stat_result *mw,
                             bool hide)
{
    struct eval_ctx *c = v->c;
    struct strbuf why = STRBUF_INIT;
    add_row(v, "", "mann_whitney", "p_higher", mw, hide,
            with_reason(mw, "estimate: probability that a value after is higher than one "
                            "before (ties half)",
                        &why));
    strbuf_release(&why);
    if (hide)
        return;
    table_add_row(t, (const char *const[]){
                         L(c, "Mann–Whitney: sannolikhet att ett värde efter är högre",
                           "Mann–Whitney: probability that a value after is higher"),
                         isnan(mw->estimate) ? "" : fmt_num(c->lang, mw->estimate, 3), "",
                         stat_ok(mw) ? fmt_p(c->lang, mw->p_value) : ""});
}

/* Unweighted tests of the answers in the target area, before against after. */
static void supporting_tests(struct view *v, const struct before_after *b, size_t var,
                             bool harmonize, const double *y, bool hide,
                             struct survey_code_table *tab)
{
    struct eval_ctx *c = v->c;
    const struct survey_data *d = b->d;
    int codes[64];
    size_t center;
    size_t k = scale_codes(d, var, harmonize, codes, 64, &center);
    double cnt[2][64] = {{0}}, x[2] = {0}, n[2] = {0};
    /* from the answer-code cells (y follows the code): each distinct value's count */
    bool *in_period = xcalloc(d->n_waves ? d->n_waves : 1, sizeof(bool));
    for (size_t w = 0; w < d->n_waves; w++)
        in_period[w] = b->period[w] >= 0;
    bool cells = survey_keycells_cover(d, var, in_period);
    free(in_period);
    double value[2][64], vcount[2][64] = {{0}};
    size_t nval[2] = {0, 0};
    for (size_t w = 0; w < d->n_waves && cells; w++) {
        int p = b->period[w];
        const struct survey_keycells *kc = p < 0 ? NULL : survey_keycells(d, var, w);
        for (size_t j = 0; kc && j < kc->n && cells; j++) {
            size_t i = kc->cell[j].first;
            double cn = kc->cell[j].rows.n;
            if (row_place(b, i) != TARGET || isnan(y[i]))
                continue;
            x[p] += cn * y[i];
            n[p] += cn;
            size_t q = 0;
            while (q < nval[p] && value[p][q] != y[i])
                q++;
            if (q == nval[p]) {
                if (q == 64) {
                    cells = false; /* more values than a scale has: the rows */
                    break;
                }
                value[p][nval[p]++] = y[i];
            }
            vcount[p][q] += cn;
            struct survey_code_slot tmp;
            int pos = survey_code_slot(tab, i, &tmp)->pos; /* on scale_codes()' list */
            if (pos >= 0)
                cnt[p][pos] += cn;
        }
    }
    if (!cells) {
        memset(cnt, 0, sizeof(cnt));
        x[0] = x[1] = n[0] = n[1] = 0;
    }
    assert(cells || !d->cells_only); /* rows: survey_stream.h */
    size_t rows[2] = {0, 0};
    for (size_t w = 0; w < d->n_waves && !cells; w++)
        if (b->period[w] >= 0)
            rows[b->period[w]] += d->wave_end[w] - d->wave_begin[w];
    double *vals[2] = {xmalloc((rows[0] + 1) * sizeof(double)),
                       xmalloc((rows[1] + 1) * sizeof(double))};
    size_t nv[2] = {0, 0};
    for (size_t w = 0; w < d->n_waves && !cells; w++) {
        int p = b->period[w];
        if (p < 0)
            continue;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            if (row_place(b, i) != TARGET || isnan(y[i]))
                continue;
            x[p] += y[i];
            n[p] += 1;
            vals[p][nv[p]++] = y[i];
            struct survey_code_slot tmp;
            int pos = survey_code_slot(tab, i, &tmp)->pos; /* on scale_codes()' list */
            if (pos >= 0)
                cnt[p][pos] += 1;
        }
    }
    struct table *t = table_new("tests", L(c, "Kompletterande test (ovägda)",
                                           "Supporting tests (unweighted)"),
                                4, (const char *const[]){L(c, "Test", "Test"),
                                                         L(c, "Skattning", "Estimate"),
                                                         eval_ci(c, CI_ABBR),
                                                         L(c, "p-värde", "p-value")},
                                (const bool[]){false, true, true, true});
    const double conf = c->conf;
    if (v->measure == MEASURE_INDICATOR) {
        struct prop_compare pc;
        prop_compare(x[AFTER], n[AFTER], x[BEFORE], n[BEFORE], conf, &pc);
        add_row(v, "", "wilson", "before", &pc.before, hide, NULL);
        add_row(v, "", "wilson", "after", &pc.after, hide, NULL);
        add_row(v, "", "newcombe", "difference", &pc.diff, hide, NULL);
        if (!hide)
            table_add_row(t, (const char *const[]){
                                 L(c, "Skillnad i andel (Newcombe), χ²-test",
                                   "Difference in share (Newcombe), chi-square test"),
                                 fmt_diff(v, pc.diff.estimate),
                                 fmt_ci_pp(c->lang, pc.diff.conf_low, pc.diff.conf_high, 1, 1),
                                 fmt_p(c->lang, pc.diff.p_value)});
    } else {
        struct stat_result w;
        struct smd_result s;
        double ma, va, na, mb, vb, nb;
        if (!cells) {
            w = welch_ttest(vals[AFTER], nv[AFTER], vals[BEFORE], nv[BEFORE], conf);
            smd(vals[AFTER], nv[AFTER], vals[BEFORE], nv[BEFORE], conf, &s);
        } else if (moments_counts(value[AFTER], vcount[AFTER], nval[AFTER], &ma, &va, &na) &&
                   moments_counts(value[BEFORE], vcount[BEFORE], nval[BEFORE], &mb, &vb, &nb)) {
            w = welch_ttest_summary(ma, va, na, mb, vb, nb, conf);
            smd_summary(ma, va, na, mb, vb, nb, conf, &s);
        } else { /* not reached: a code's value is finite; as the arrays would refuse it */
            double inf = INFINITY;
            w = welch_ttest(&inf, 1, &inf, 1, conf);
            smd(&inf, 1, &inf, 1, conf, &s);
        }
        add_row(v, "", "welch_t", "difference", &w, hide, NULL);
        add_row(v, "", "cohen_d", "d", &s.d, hide, NULL);
        add_row(v, "", "hedges_g", "g", &s.g, hide, NULL);
        if (!hide) {
            /* differences after minus before: signed, which side is higher said, one
             * count of decimals for the estimate and its bounds (group_tests.h) */
            int wd = tg_diff_decimals(w.estimate, w.conf_low, w.conf_high);
            table_add_row(t, (const char *const[]){
                                 L(c, "Skillnad i medelvärde (Welch t)",
                                   "Difference in means (Welch t)"),
                                 tg_signed_estimate(c, w.estimate, wd, true, false, NULL),
                                 fmt_ci_dec(c->lang, w.conf_low, w.conf_high, wd, 1),
                                 fmt_p(c->lang, w.p_value)});
            table_add_row(t, (const char *const[]){L(c, "Hedges g", "Hedges' g"),
                                                   tg_signed_estimate(c, s.g.estimate, 2, true, false, NULL),
                                                   fmt_ci_dec(c->lang, s.g.conf_low,
                                                              s.g.conf_high, 2, 1),
                                                   ""});
        }
    }
    bool mw_failed = false;
    struct stat_result mw_reason;
    stat_result_init(&mw_reason);
    if (k >= 2) {
        struct strbuf why = STRBUF_INIT;
        struct stat_result chi = chisq_kx2(cnt[AFTER], cnt[BEFORE], k);
        struct stat_result mw = mann_whitney_counts(cnt[AFTER], cnt[BEFORE], k, NULL);
        struct stat_result cd = cliff_delta_counts(cnt[AFTER], cnt[BEFORE], k);
        struct strbuf cd_note = STRBUF_INIT;
        if (!hide)
            cliff_interval(c, &cd, cnt[AFTER], cnt[BEFORE], k, &cd_note);
        /* counts are in best-to-worst order: "higher" means a worse answer */
        add_row(v, "", "chisq_kx2", "distribution", &chi, hide, NULL);
        /* the library's reason (e.g. every answer tied) first, then what the number is */
        add_row(v, "", "mann_whitney", "p_worse", &mw, hide,
                with_reason(&mw, "estimate: probability that an answer after is worse than one "
                                 "before (ties half)", &why));
        struct strbuf cd_caption = STRBUF_INIT;
        strbuf_addf(&cd_caption, "positive: answers after tend to be worse than before%s",
                    cd_note.buf);
        add_row(v, "", "cliff_delta", "delta", &cd, hide, with_reason(&cd, cd_caption.buf, &why));
        strbuf_release(&why);
        strbuf_release(&cd_note);
        strbuf_release(&cd_caption);
        if (!hide) {
            table_add_row(t, (const char *const[]){
                                 L(c, "Hela svarsfördelningen (χ²)",
                                   "Whole answer distribution (chi-square)"),
                                 fmt_num(c->lang, chi.statistic, 2), "", fmt_p(c->lang, chi.p_value)});
            table_add_row(t, (const char *const[]){
                                 L(c, "Mann–Whitney: sannolikhet att ett svar efter är sämre",
                                   "Mann–Whitney: probability that an answer after is worse"),
                                 fmt_num(c->lang, mw.estimate, 3), "", fmt_p(c->lang, mw.p_value)});
            table_add_row(t, (const char *const[]){
                                 L(c, "Cliffs delta (positivt = sämre efter; BCa-bootstrap)",
                                   "Cliff's delta (positive = worse after; BCa bootstrap)"),
                                 tg_signed_estimate(c, cd.estimate, 3, true, true, NULL),
                                 isnan(cd.conf_low)
                                     ? ""
                                     : fmt_ci_dec(c->lang, cd.conf_low, cd.conf_high, 3, 1),
                                 ""});
        }
        mw_failed = !hide && !stat_ok(&mw);
        if (mw_failed)
            mw_reason = mw;
    } else if (k == 0 && v->measure != MEASURE_INDICATOR) {
        /* a number question: no scale, but its shift is the same test on the numbers
         * (as the subgroups' rows, group_tests.c) */
        struct stat_result mw;
        if (!cells)
            mw = mann_whitney(vals[AFTER], nv[AFTER], vals[BEFORE], nv[BEFORE], NULL);
        else
            mw = number_shift_counts(value, vcount, nval);
        number_shift_row(v, t, &mw, hide);
        mw_failed = !hide && !stat_ok(&mw);
        if (mw_failed)
            mw_reason = mw; /* said under the table (mw_refusal: no scale, k = 0) */
    }
    if (t->n_rows)
        doc_table(c->survey, t, NULL,
                  L(c, "Ovägda test på de svarandes svar i målområdet; de stöder den vägda "
                       "skattningen ovan men ersätter den inte.",
                    "Unweighted tests on the answers in the target area; they support the "
                    "weighted estimate above but do not replace it."));
    else
        table_free(t);
    if (mw_failed)
        mw_refusal(c, &mw_reason, cnt[AFTER], cnt[BEFORE], k);
    free(vals[0]);
    free(vals[1]);
}

/* What the survey could detect: the smallest fall with 80 % power at the 5 % level. */
static void detectable_difference(struct view *v, const struct svy_estimate *before,
                                  const struct svy_estimate *after, bool hide)
{
    struct eval_ctx *c = v->c;
    if (v->measure != MEASURE_INDICATOR || hide || !stat_ok(&before->mean))
        return;
    double d1 = before->deff_replace, d2 = after->deff_replace;
    /* a period without sampling error (every stratum a census under the fpc: deff 0) has
     * an infinite effective size, n / deff as in R, not n: it adds nothing to 1/n */
    double n1 = d1 == 0 ? INFINITY : before->n_valid / (d1 > 0 ? d1 : 1);
    double n2 = d2 == 0 ? INFINITY : after->n_valid / (d2 > 0 ? d2 : 1);
    if (!(n1 > 1 && n2 > 1))
        return;
    double n = 2 / (1 / n1 + 1 / n2); /* harmonic mean of the effective sizes */
    if (!isfinite(n))
        return; /* both periods censuses: any change is known exactly */
    double p1 = before->mean.estimate;
    if (!(p1 > 0 && p1 < 1))
        return;
    struct stat_result r = power_prop_p2(n, p1, 0.05, 0.8, -1);
    struct strbuf why = STRBUF_INIT;
    add_row(v, "", "power_prop", "detectable_p2", &r, false,
            with_reason(&r, "smallest share after that a fall from the share before would be "
                            "detected with 80% power (5% level), at the effective sample size",
                        &why));
    strbuf_release(&why);
    if (stat_ok(&r))
        doc_paragraph(c->survey,
                      L(c, "Med så här många svar (effektivt %s per period, med hänsyn till "
                           "vikterna) kan undersökningen med 80\xc2\xa0%% styrka upptäcka en minskning "
                           "från %s till %s eller mer, det vill säga %s.",
                        "With this many answers (effectively %s per period, allowing for the "
                        "weights) the survey can detect, with 80%% power, a fall from %s to %s "
                        "or more, that is %s."),
                      fmt_int(c, n), fmt_pct(c->lang, p1, 1), fmt_pct(c->lang, r.estimate, 1),
                      fmt_pp(c->lang, r.estimate - p1, 1, 0)); /* in words: "p.e.." read
                                                                    as a typo */
}

static char *names_joined(const struct name_set *s)
{
    struct strbuf sb = STRBUF_INIT;
    name_set_join(s, &sb);
    return strbuf_detach(&sb);
}

static const char *period_text(const struct eval_ctx *c, const struct name_list *l,
                               struct strbuf *sb)
{
    strbuf_reset(sb);
    for (size_t k = 0; k < l->n; k++)
        strbuf_addf(sb, "%s%s", k ? ", " : "", l->items[k]);
    (void)c;
    return sb->buf;
}

static void subgroups_part(struct view *v, struct before_after *b, const double *y,
                           const struct survey_design_index *x, const struct survey_domains *sd,
                           const struct survey_cells *cells, const struct svy_estimate *est,
                           const bool *dhide)
{
    struct eval_ctx *c = v->c;
    const struct survey_data *d = b->d;
    double *coef = xcalloc(b->n_domains, sizeof(double));
    for (size_t s = 0; s < b->n_subs; s++) {
        const struct subgroup *sg = &b->subs[s];
        const struct cb_variable *var = survey_var_any(d, (size_t)sg->var);
        size_t nl = sg->n_levels;
        /* a group is shown only when the run's disclosure control publishes both
         * periods (its rows publish both, and their difference) */
        bool *hide = xcalloc(nl ? nl : 1, sizeof(bool));
        for (size_t l = 0; l < nl; l++)
            hide[l] = dhide[sg->offset + l * 2 + BEFORE] || dhide[sg->offset + l * 2 + AFTER];

        struct strbuf title = STRBUF_INIT;
        strbuf_addf(&title, L(c, "Förändring per grupp: %s", "Change by group: %s"),
                    var ? variable_text(c, var) : sg->id);
        /* The groups are a family of tests: p is shown with its Holm adjustment
         * (results.csv also has Benjamini-Hochberg). */
        struct table *t = table_new("subgroups", title.buf, 8,
                                    (const char *const[]){L(c, "Grupp", "Group"),
                                                          L(c, "Svar före", "Answers before"),
                                                          L(c, "Svar efter", "Answers after"),
                                                          L(c, "Före", "Before"),
                                                          L(c, "Efter", "After"),
                                                          fmt_text(L(c, "Förändring (%s)", "Change (%s)"),
                                                                   eval_ci(c, CI_ABBR)),
                                                          L(c, "p", "p"),
                                                          L(c, "p (Holm)", "p (Holm)")},
                                    (const bool[]){false, true, true, true, true, true, true,
                                                   true});
        size_t *row_of = xcalloc(nl ? nl : 1, sizeof(size_t)); /* results row of each table row */
        size_t n_rows = 0;
        int family = results_new_family(c->res);
        const char **cats = xcalloc(nl ? nl : 1, sizeof(*cats));
        double *fy = xcalloc(nl ? nl : 1, sizeof(double)), *flo = xcalloc(nl ? nl : 1, sizeof(double)),
               *fhi = xcalloc(nl ? nl : 1, sizeof(double));
        size_t nf = 0, n_hidden = 0;
        for (size_t l = 0; l < nl; l++) {
            const struct svy_estimate *eb = &est[sg->offset + l * 2 + BEFORE];
            const struct svy_estimate *ea = &est[sg->offset + l * 2 + AFTER];
            /* a level nobody in the target answered keeps its rows (n 0, svy_empty) and
             * its line, so that "no respondents" is told from "not analysed" */
            bool empty = eb->n_valid == 0 && ea->n_valid == 0;
            const char *label = survey_code_label(d, (size_t)sg->var, sg->codes[l], c->lang);
            const char *label_sv = survey_code_label(d, (size_t)sg->var, sg->codes[l], "sv");
            struct strbuf group = STRBUF_INIT;
            strbuf_addf(&group, "%s: %s", sg->id, label_sv ? label_sv : "?");
            memset(coef, 0, b->n_domains * sizeof(double));
            coef[sg->offset + l * 2 + AFTER] = 1;
            coef[sg->offset + l * 2 + BEFORE] = -1;
            struct stat_result diff = survey_cells_contrast(cells, d, y, x, sd, est, coef, c->conf);
            const struct stat_result *pb = v->measure == MEASURE_INDICATOR ? &eb->prop : &eb->mean;
            const struct stat_result *pa = v->measure == MEASURE_INDICATOR ? &ea->prop : &ea->mean;
            const char *method = v->measure == MEASURE_INDICATOR ? "svyciprop" : "svymean";
            add_row(v, group.buf, method, "before", pb, hide[l], NULL);
            add_row(v, group.buf, method, "after", pa, hide[l], NULL);
            add_row(v, group.buf, "svydiff", "difference", &diff, hide[l], NULL)->family = family;
            row_of[n_rows++] = c->res->n - 1;
            record(v, "difference", label_sv, &diff, hide[l], true, group.buf);
            const char *label_en = survey_code_label(d, (size_t)sg->var, sg->codes[l], "en");
            if (label_en && label_sv && strcmp(label_en, label_sv))
                record(v, "difference", label_en, &diff, hide[l], true, group.buf);
            if (hide[l]) {
                n_hidden++;
                table_add_row(t, (const char *const[]){label ? label : "?", withheld(c),
                                                       withheld(c), "", "", "", "", ""});
            } else if (empty) {
                table_add_row(t, (const char *const[]){label ? label : "?", "0", "0", "", "",
                                                       empty_text(c), "", ""});
            } else {
                char change[160];
                snprintf(change, sizeof(change), "%s (%s)", fmt_diff(v, diff.estimate),
                         fmt_diff_ci(v, diff.conf_low, diff.conf_high));
                table_add_row(t, (const char *const[]){
                                     label ? label : "?", fmt_int(c, eb->n_valid),
                                     fmt_int(c, ea->n_valid), fmt_est(v, pb->estimate),
                                     fmt_est(v, pa->estimate), change, "", ""});
                if (stat_ok(&diff) && !isnan(diff.conf_low)) {
                    cats[nf] = label ? label : "?";
                    fy[nf] = diff.estimate;
                    flo[nf] = diff.conf_low;
                    fhi[nf] = diff.conf_high;
                    nf++;
                }
            }
            strbuf_release(&group);
        }
        /* adjusted over the groups shown, now that the family is complete */
        results_adjust(c->res);
        for (size_t k = 0; k < n_rows; k++) {
            const struct result_row *rr = &c->res->rows[row_of[k]];
            if (rr->suppressed || isnan(rr->r.p_value))
                continue;
            table_set_cell(t, k, 6, fmt_p(c->lang, rr->r.p_value));
            table_set_cell(t, k, 7, fmt_p(c->lang, rr->p_holm));
        }
        free(row_of);
        char note[600];
        snprintf(note, sizeof(note),
                 v->pct ? L(c, "Vägda andelar; förändring efter − före i procentenheter (p.e.) "
                               "med %s. p (Holm): p-värdet justerat för att grupperna prövas "
                               "tillsammans (Holms metod). Grupper med färre än %d svar visas "
                               "inte%s.",
                            "Weighted estimates; change after − before in percentage points "
                            "(pp) with %s. p (Holm): the p-value adjusted for testing the "
                            "groups together (Holm's method). Groups with fewer than %d "
                            "answers are not shown%s.")
                        : L(c, "Vägda medelvärden; förändring efter − före i frågans enhet med "
                               "%s. p (Holm): p-värdet justerat för att grupperna prövas "
                               "tillsammans (Holms metod). Grupper med färre än %d svar visas "
                               "inte%s.",
                            "Weighted means; change after − before in the question's unit with "
                            "%s. p (Holm): the p-value adjusted for testing the groups together "
                            "(Holm's method). Groups with fewer than %d answers are not "
                            "shown%s."),
                 eval_ci(c, CI_WORDS), c->opt->min_cell,
                 n_hidden ? L(c, " (fler grupper döljs när de annars kunde räknas fram ur "
                                 "totalen eller rapportens andra tabeller)",
                              " (more groups are hidden when they could otherwise be worked out "
                              "from the total or the report's other tables)")
                          : "");
        doc_table(c->survey, t, NULL, note);
        if (nf >= 1) {
            char *name = eval_chart_name(c, v->o->id, sg->id);
            struct chart *ch = chart_new(CHART_FOREST, name, title.buf);
            free(name);
            chart_set_categories(ch, cats, nf);
            chart_add_series(ch, L(c, "Förändring", "Change"), nf, NULL, fy, flo, fhi, 0);
            ch->reference = 0;
            ch->percent = v->pct;
            free(ch->xlabel); /* chart_new set it to "" */
            ch->xlabel = xstrdup(v->pct ? L(c, "Förändring, procentenheter",
                                            "Change, percentage points")
                                        : L(c, "Förändring", "Change"));
            struct strbuf alt = STRBUF_INIT;
            for (size_t k = 0; k < nf; k++)
                strbuf_addf(&alt, "%s%s %s (%s)", k ? "; " : "", cats[k], fmt_diff(v, fy[k]),
                            fmt_diff_ci(v, flo[k], fhi[k]));
            free(ch->alt); /* chart_new set it to "" */
            ch->alt = strbuf_detach(&alt);
            doc_chart(c->survey, ch,
                      fmt_text(L(c, "Förändring per grupp med %s; linjen vid 0 är ingen "
                                 "förändring.",
                               "Change by group with %s; the line at 0 is no change."),
                             eval_ci(c, CI_WORDS)));
        }
        strbuf_release(&title);
        free(cats);
        free(fy);
        free(flo);
        free(fhi);
        free(hide);
    }
    free(coef);
}

/*
 * Placebo in time for a survey change (REPORTING.md rule 8): the last wave before the
 * start against the earlier ones (each weighted equally), the same design-based
 * contrast as the real change.  A change in the same direction that is already clear
 * before the measure fails the check: the trend, not the measure, may explain it.
 * Needs two waves before the start.
 */
static void survey_placebo(struct view *v, const struct before_after *b, const double *y,
                           const struct survey_domains *sd, const struct svy_estimate *est,
                           const bool *dhide, const struct stat_result *real)
{
    struct eval_ctx *c = v->c;
    const struct survey_data *d = b->d;
    size_t n_before = 0, last = 0;
    for (size_t w = 0; w < d->n_waves; w++)
        if (b->wave_used[w] && b->period[w] == BEFORE) {
            n_before++;
            last = w;
        }
    if (n_before < 2) {
        eval_record_placebo(c, v->o->id, "difference", false, false, NAN, 0,
                            L(c, "bara en enkätomgång före starten", "only one survey wave before the start"));
        return;
    }
    double *coef = xcalloc(b->n_domains, sizeof(double));
    bool hide = false;
    struct strbuf earlier = STRBUF_INIT;
    for (size_t w = 0; w < d->n_waves; w++)
        if (b->wave_used[w] && b->period[w] == BEFORE) {
            coef[b->wave_offset + w] = w == last ? 1.0 : -1.0 / (double)(n_before - 1);
            hide = hide || dhide[b->wave_offset + w];
            if (w != last)
                strbuf_addf(&earlier, "%s%s", earlier.len ? ", " : "", d->waves[w].label);
        }
    if (hide) {
        /* A wave before the start is withheld: the contrast of the waves would give it
         * away, so there is no row at all (not a withheld one: its respondents are the
         * published before-period's). */
        free(coef);
        strbuf_release(&earlier);
        eval_record_placebo(c, v->o->id, "difference", false, false, NAN, 0,
                            L(c, "för få svarande i en omgång före starten", "too few respondents in a wave before the start"));
        return;
    }
    const struct survey_design_index *x = survey_design((struct survey_data *)d);
    struct stat_result pl = survey_contrast(d, y, x, sd, est, coef, c->conf);
    free(coef);
    struct strbuf note = STRBUF_INIT;
    strbuf_addf(&note, "placebo in time: wave %s against the mean of %s (all before the start)",
                d->waves[last].label, earlier.buf);
    add_row(v, "", "placebo", "difference", &pl, false, note.buf);
    strbuf_release(&note);
    if (!stat_ok(&pl) || isnan(pl.conf_low)) {
        eval_record_placebo(c, v->o->id, "difference", false, false, NAN, 0,
                            L(c, "omgångarna före starten kunde inte jämföras", "the waves before the start could not be compared"));
        strbuf_release(&earlier);
        return;
    }
    bool clear = pl.conf_low > 0 || pl.conf_high < 0;
    bool same_way = stat_ok(real) && ((pl.estimate < 0) == (real->estimate < 0));
    bool passed = !(clear && same_way);
    eval_record_placebo(c, v->o->id, "difference", true, passed, pl.p_value, 0, "");
    doc_paragraph(c->survey,
                  L(c, "Placebotest i tiden: den sista vågen före starten (%s) mot de tidigare "
                       "(%s): %s (%s). %s",
                    "Placebo-in-time check: the last wave before the start (%s) against the "
                    "earlier ones (%s): %s (%s). %s"),
                  d->waves[last].label, earlier.buf, fmt_diff(v, pl.estimate),
                  v->pct ? fmt_ci_pp(c->lang, pl.conf_low, pl.conf_high, 1, 1)
                         : fmt_diff_ci(v, pl.conf_low, pl.conf_high),
                  passed ? L(c, "Före insatsen syns ingen tydlig förändring åt samma håll.",
                             "Before the measure there is no clear change in the same "
                             "direction.")
                         : L(c, "En förändring åt samma håll pågick redan före insatsen; den "
                                "kan förklara en del av förändringen efteråt.",
                             "A change in the same direction was already under way before "
                             "the measure; it may explain part of the change after it."));
    if (clear && !same_way && stat_ok(real)) {
        /* the last wave before was unusually bad (or good): regression to the mean */
        doc_callout(c->survey, TONE_UNCERTAIN, "%s",
                    L(c, "Regression mot medelvärdet: den sista vågen före starten skilde sig "
                         "tydligt från de tidigare, åt motsatt håll mot förändringen efteråt. En "
                         "del av förändringen kan vara en återgång till det vanliga, som hade "
                         "kommit även utan insatsen.",
                      "Regression to the mean: the last wave before the start differed clearly "
                      "from the earlier ones, in the opposite direction to the change after it. "
                      "Part of the change may be a return to the usual, which would have come "
                      "without the measure."));
        eval_caveat(c,
                    L(c, "%s: insatsen startade efter en ovanlig enkätvåg (%s); en del av "
                         "förändringen är sannolikt regression mot medelvärdet.",
                      "%s: the measure started after an unusual survey wave (%s); part of the "
                      "change is likely regression to the mean."),
                    v->o->title_sv || v->o->title_en ? L(c, v->o->title_sv, v->o->title_en)
                                                     : v->o->id,
                    d->waves[last].label);
    }
    strbuf_release(&earlier);
}

/* ------------------------------------------------------------------ comparability */

/* The harmonised indicator (codebook harmonized.indicator) of respondent i: 1, 0 or
 * NaN; versions without the rule use their own indicator. */
static double harmonized_value(const struct survey_data *d, size_t var, size_t i)
{
    const struct cb_variable *cv = survey_var_of(d, var, i);
    if (!cv || !cv->n_hterms)
        return survey_value(d, var, i, MEASURE_INDICATOR, false);
    int code = survey_code(d, var, i, false);
    const struct cb_value *val = code == CODEBOOK_NO_ANSWER ? NULL : cb_variable_value(cv, code);
    if (!val || val->missing)
        return NAN;
    for (size_t k = 0; k < cv->n_hterms; k++) {
        const struct cb_harm_term *t = &cv->hterms[k];
        if (t->code != code)
            continue;
        if (!t->cond_var)
            return 1;
        int ci = survey_var_index(d, t->cond_var);
        if (ci < 0)
            return NAN;
        int cc = survey_code(d, (size_t)ci, i, false);
        const struct cb_variable *cvv = survey_var_of(d, (size_t)ci, i);
        const struct cb_value *cval =
            cc == CODEBOOK_NO_ANSWER || !cvv ? NULL : cb_variable_value(cvv, cc);
        if (!cval || cval->missing)
            return NAN; /* the follow-up is unanswered: the rule cannot place the answer */
        for (size_t j = 0; j < t->n_cond; j++)
            if (t->cond_codes[j] == cc)
                return 1;
        return 0;
    }
    return 0;
}

/* The answer-mode variable of the survey (codebook [survey] mode), or -1. */
static int mode_var(const struct survey_data *d)
{
    for (size_t k = 0; k < d->n_codebooks; k++)
        if (d->codebooks[k]->mode_var) {
            int m = survey_var_index(d, d->codebooks[k]->mode_var);
            if (m >= 0)
                return m;
        }
    return -1;
}

/* One sensitivity row: the target's change (and the DiD) with the values y2. */
static void sensitivity_estimates(struct view *v, struct before_after *b, size_t var,
                                  const double *y2, struct survey_domains *sd_main,
                                  bool has_comparison, const char *group, const char *label,
                                  const char *title, struct table *t)
{
    struct eval_ctx *c = v->c;
    /* y2 may rest on other answers (the answer mode, follow-up questions): not a
     * function of the question's code */
    struct survey_domains sd_copy = *sd_main, *sd = &sd_copy;
    sd->y_by_key = false;
    const struct survey_data *d = b->d;
    const struct survey_design_index *x = survey_design((struct survey_data *)d);
    struct svy_estimate *est = xcalloc(b->n_domains, sizeof(*est));
    survey_estimate_domains(d, y2, x, sd, c->conf, est);
    bool *hide = xcalloc(b->n_domains, sizeof(bool));
    survey_disclose_domains(c, d, var, y2, sd, hide);
    double *coef = xcalloc(b->n_domains, sizeof(double));
    coef[TARGET * 2 + AFTER] = 1;
    coef[TARGET * 2 + BEFORE] = -1;
    struct stat_result diff = survey_contrast(d, y2, x, sd, est, coef, c->conf);
    bool hd = hide[0] || hide[1];
    add_row(v, group, "svydiff", "difference", &diff, hd, NULL);
    struct stat_result did;
    stat_result_init(&did);
    bool hdid = hd;
    if (has_comparison) {
        coef[COMPARISON * 2 + AFTER] = -1;
        coef[COMPARISON * 2 + BEFORE] = 1;
        did = survey_contrast(d, y2, x, sd, est, coef, c->conf);
        hdid = hd || hide[2] || hide[3];
        add_row(v, group, "svydiff", "did", &did, hdid, NULL);
    }
    const char *row[] = {
        label, hd ? withheld(c) : fmt_diff(v, diff.estimate),
        hd ? "" : (v->pct ? fmt_ci_pp(c->lang, diff.conf_low, diff.conf_high, 1, 1)
                          : fmt_diff_ci(v, diff.conf_low, diff.conf_high)),
        !has_comparison ? "" : hdid ? withheld(c) : fmt_diff(v, did.estimate),
        !has_comparison || hdid ? ""
        : v->pct ? fmt_ci_pp_limit(c->lang, did.conf_low, did.conf_high, 1, 1, 2.0)
                 : fmt_diff_ci(v, did.conf_low, did.conf_high)};
    table_add_row(t, row);
    /* the harmonised reading is stated in the summary beside the change, with its numbers
     * (issue 11 item 7), so the reader need not find the sensitivity table */
    if (!strcmp(group, "harmonized") && !hd && stat_ok(&diff)) {
        struct strbuf sb = STRBUF_INIT;
        const char *rule = strstr(label, ": "); /* the codebook's label of the rule */
        strbuf_addf(&sb, L(c, "%s: med det harmoniserade måttet%s%s är förändringen i "
                              "målområdet %s (%s)",
                           "%s: with the harmonised indicator%s%s the change in the target "
                           "area is %s (%s)"),
                    title, rule ? ", " : "", rule ? rule + 2 : "", fmt_diff(v, diff.estimate),
                    v->pct ? fmt_ci_pp(c->lang, diff.conf_low, diff.conf_high, 1, 1)
                           : fmt_diff_ci(v, diff.conf_low, diff.conf_high));
        if (has_comparison && !hdid && stat_ok(&did))
            strbuf_addf(&sb, L(c, " och skillnaden i förändring mot jämförelseområdet %s (%s)",
                               " and the difference in change against the comparison area %s "
                               "(%s)"),
                        fmt_diff(v, did.estimate),
                        v->pct ? fmt_ci_pp_limit(c->lang, did.conf_low, did.conf_high, 1, 1, 2.0)
                               : fmt_diff_ci(v, did.conf_low, did.conf_high));
        strbuf_addstr(&sb, L(c, " (känslighetsanalys).", " (a sensitivity analysis)."));
        eval_caveat(c, "%s", sb.buf);
        strbuf_release(&sb);
    }
    free(est);
    free(hide);
    free(coef);
}

/*
 * Comparability (REPORTING.md rule 7): a question whose answer options changed between
 * the codebook versions of the waves compared, or a change of the answer mode, is
 * stated in the summary; the estimate with the codebook's harmonised indicator and the
 * estimate restricted to the answer modes both periods used are shown as sensitivity
 * rows beside the estimate as analysed.
 */
static void comparability_part(struct view *v, struct before_after *b, size_t var,
                               enum comparability comp, const char *why, const double *y,
                               struct survey_domains *sd, bool has_comparison,
                               const struct stat_result *diff, const struct stat_result *did,
                               bool hide_diff, bool hide_did, const char *title)
{
    struct eval_ctx *c = v->c;
    const struct survey_data *d = b->d;
    /* the versions in use and what they declare */
    bool *in_use = xcalloc(d->n_codebooks ? d->n_codebooks : 1, sizeof(bool));
    for (size_t w = 0; w < d->n_waves; w++)
        if (b->wave_used[w])
            for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++)
                in_use[d->version[i]] = true;
    bool rule = false, stated = false;
    for (size_t k = 0; k < d->n_codebooks; k++) {
        const struct cb_variable *cv = in_use[k] ? d->var_in[k * d->n_vars + var] : NULL;
        if (!cv)
            continue;
        const char *change = L(c, cv->change_sv, cv->change_en);
        if (change) {
            eval_caveat(c, "%s: %s", title, change);
            eval_note_comparability(c, v->o->id, change);
            stated = true;
        }
        if (cv->n_hterms)
            rule = true;
    }
    if (comp != COMPARABLE_SAME && !stated) {
        eval_caveat(c, "%s: %s", title, why);
        eval_note_comparability(c, v->o->id, why);
    }
    /* the answer modes of each period */
    int mv = mode_var(d);
    int modes[2][16];
    size_t n_modes[2] = {0, 0};
    double n_period[2] = {0, 0}, n_only[2] = {0, 0};
    assert(mv < 0 || !d->cells_only); /* per respondent: survey_stream.h */
    if (mv >= 0)
        for (size_t w = 0; w < d->n_waves; w++) {
            int per = b->period[w];
            if (!b->wave_used[w] || per < 0)
                continue;
            for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
                int m = d->codes[mv][i];
                if (m == CODEBOOK_NO_ANSWER || row_place(b, i) < 0)
                    continue;
                bool seen = false;
                for (size_t k = 0; k < n_modes[per]; k++)
                    seen = seen || modes[per][k] == m;
                if (!seen && n_modes[per] < 16)
                    modes[per][n_modes[per]++] = m;
            }
        }
    bool mode_changed = false;
    double *y3 = NULL;
    if (mv >= 0 && n_modes[0] && n_modes[1]) {
        y3 = xmalloc((d->n ? d->n : 1) * sizeof(double));
        for (size_t w = 0; w < d->n_waves; w++)
            for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
                int per = b->period[w];
                y3[i] = y[i];
                if (!b->wave_used[w] || per < 0)
                    continue;
                int m = d->codes[mv][i];
                bool other = false;
                for (size_t k = 0; k < n_modes[1 - per]; k++)
                    other = other || modes[1 - per][k] == m;
                if (row_place(b, i) >= 0 && !isnan(y[i])) {
                    n_period[per] += 1;
                    if (!other)
                        n_only[per] += 1;
                }
                if (!other) {
                    y3[i] = NAN;
                    mode_changed = true;
                }
            }
    }
    if (mode_changed) {
        struct strbuf only = STRBUF_INIT;
        for (int per = 0; per < 2; per++)
            for (size_t k = 0; k < n_modes[per]; k++) {
                bool other = false;
                for (size_t j = 0; j < n_modes[1 - per]; j++)
                    other = other || modes[1 - per][j] == modes[per][k];
                if (other)
                    continue;
                const char *lab = survey_code_label(d, (size_t)mv, modes[per][k], c->lang);
                strbuf_addf(&only, "%s%s (%s, %s %s)", only.len ? "; " : "",
                            lab ? lab : "?", per == AFTER ? L(c, "bara efter", "after only")
                                                          : L(c, "bara före", "before only"),
                            fmt_pct(c->lang, n_period[per] > 0 ? n_only[per] / n_period[per] : 0,
                                    0),
                            L(c, "av svaren", "of the answers"));
            }
        eval_caveat(c,
                    L(c, "%s: svarssättet ändrades mellan perioderna: %s. Olika svarssätt kan "
                         "ge olika svar; skattningen med bara de svarssätt som fanns i båda "
                         "perioderna visas som känslighetsanalys.",
                      "%s: the answer mode changed between the periods: %s. Different modes "
                      "can give different answers; the estimate from the modes both periods "
                      "used is shown as a sensitivity row."),
                    title, only.buf);
        strbuf_release(&only);
    }
    if ((!rule || v->measure != MEASURE_INDICATOR) && !mode_changed) {
        free(in_use);
        free(y3);
        return;
    }
    char ci[64];
    snprintf(ci, sizeof(ci), "%s", eval_ci(c, CI_ABBR)); /* 97.5 %, not 98 % */
    const char *cols[] = {L(c, "Skattning", "Estimate"),
                          L(c, "Förändring i målområdet", "Change in the target area"), ci,
                          L(c, "Skillnad i förändring", "Difference in change"), ci};
    bool numeric[] = {false, true, true, true, true};
    struct table *t = table_new("comparability",
                                L(c, "Känslighet för jämförbarheten mellan åren",
                                  "Sensitivity to the comparability of the years"),
                                5, cols, numeric);
    {
        bool hd = hide_diff || isnan(diff->estimate);
        bool hdid = hide_did || isnan(did->estimate);
        const char *row[] = {
            L(c, "Som analyserat ovan", "As analysed above"),
            hd ? "\xe2\x80\x93" : fmt_diff(v, diff->estimate),
            hd ? "" : (v->pct ? fmt_ci_pp(c->lang, diff->conf_low, diff->conf_high, 1, 1)
                              : fmt_diff_ci(v, diff->conf_low, diff->conf_high)),
            !has_comparison || hdid ? "" : fmt_diff(v, did->estimate),
            !has_comparison || hdid ? ""
            : v->pct ? fmt_ci_pp_limit(c->lang, did->conf_low, did->conf_high, 1, 1, 2.0)
                     : fmt_diff_ci(v, did->conf_low, did->conf_high)};
        table_add_row(t, row);
    }
    if (rule && v->measure == MEASURE_INDICATOR) {
        double *y2 = xmalloc((d->n ? d->n : 1) * sizeof(double));
        for (size_t w = 0; w < d->n_waves; w++)
            for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++)
                y2[i] = b->wave_used[w] ? harmonized_value(d, var, i) : NAN;
        const char *label = NULL;
        for (size_t k = 0; k < d->n_codebooks && !label; k++) {
            const struct cb_variable *cv = d->var_in[k * d->n_vars + var];
            if (cv && cv->n_hterms)
                label = L(c, cv->hlabel_sv, cv->hlabel_en);
        }
        struct strbuf lab = STRBUF_INIT;
        strbuf_addf(&lab, "%s%s%s", L(c, "Harmoniserat mått", "Harmonised indicator"),
                    label ? ": " : "", label ? label : "");
        sensitivity_estimates(v, b, var, y2, sd, has_comparison, "harmonized", lab.buf, title,
                              t);
        strbuf_release(&lab);
        free(y2);
    }
    if (mode_changed)
        sensitivity_estimates(v, b, var, y3, sd, has_comparison, "common_modes",
                              L(c, "Bara svarssätt som fanns i båda perioderna",
                                "Only answer modes used in both periods"),
                              title, t);
    doc_table(c->survey, t, NULL,
              L(c, "Samma jämförelse med kodbokens harmoniserade mått (en annan läsning av "
                   "svarsalternativ som ändrats mellan åren) och med bara de svarssätt som "
                   "användes både före och efter. Ett resultat som bara håller för en läsning "
                   "är svagt.",
                "The same comparison with the codebook's harmonised indicator (another reading "
                "of answer options that changed between the years) and with only the answer "
                "modes used both before and after. A result that holds for one reading only "
                "is weak."));
    free(in_use);
    free(y3);
}

/* The answers after and before of the rows `in(b, i, l)` picks for group l, into
 * after[l] and before[l]; with `boot`, each row's group (2l + period) and its answer on
 * the scale for the design bootstrap of Cliff's delta (boot->group and boot->scale set
 * for every row of the before and after waves, −1 and NaN when not picked).  When the
 * answer-code cells cover the waves and `in` is decided by a cell's key (cells_ok),
 * the same from the cells: the sides counted, and boot's group and scale per cell
 * (boot->cells_var set). */
struct group_boot {
    struct eval_ctx *c;
    const struct survey_data *d;
    const struct survey_design_index *x;
    bool *waves;         /* the before and after waves */
    int32_t *group;      /* per respondent (or cell): 2l + period, or −1 */
    double *scale;       /* per respondent (or cell): the answer on the scale, or NaN */
    const size_t *level; /* per pair of the table: its group l */
    size_t cells_var;    /* SIZE_MAX: group and scale are per respondent; else per cell
                            of this variable (survey_boot.h) */
};

/* Whether the answers of variable var have few enough distinct values and scale codes
 * to be counted from its cells (struct tg_side, counted): as survey_stream.c's rule. */
static bool codes_countable(const struct survey_data *d, size_t var)
{
    size_t n = 0;
    for (size_t k = 0; k < d->n_codebooks; k++) {
        const struct cb_variable *cv = d->var_in[k * d->n_vars + var];
        n += cv ? cv->n_values : 0;
    }
    return n <= TG_MAX_COUNTED && !(d->num && d->num[var]);
}

/* Respondent i's answer on variable var's scale (negated when the scale is reversed),
 * or NaN for a code outside the scale ("don't know", no answer). */
static double scale_value(const struct survey_data *d, size_t var, size_t i, bool harmonize,
                          bool reversed)
{
    const struct cb_variable *cv_var = survey_var_of(d, var, i);
    int code = survey_code(d, var, i, harmonize);
    const struct cb_value *cv = cv_var ? cb_variable_value(cv_var, code) : NULL;
    return !cv || !cv->in_scale ? NAN : reversed ? -(double)code : (double)code;
}

static void group_answers(const struct before_after *b, size_t var, bool harmonize, const double *y,
                          int (*in)(const struct before_after *, size_t, const void *),
                          const void *ctx, bool cells_ok, size_t nl, struct tg_side *after,
                          struct tg_side *before, struct group_boot *boot)
{
    const struct survey_data *d = b->d;
    const struct cb_variable *any = survey_var_any(d, var);
    bool reversed = any && any->reversed;
    bool *in_period = xcalloc(d->n_waves ? d->n_waves : 1, sizeof(bool));
    for (size_t w = 0; w < d->n_waves; w++)
        in_period[w] = b->period[w] >= 0;
    bool cells = cells_ok && codes_countable(d, var) && survey_keycells_cover(d, var, in_period);
    free(in_period);
    size_t k = 0; /* the cell's index in boot's arrays */
    for (size_t w = 0; w < d->n_waves && cells; w++) {
        int p = b->period[w];
        const struct survey_keycells *kc = p < 0 ? NULL : survey_keycells(d, var, w);
        for (size_t j = 0; kc && j < kc->n && cells; j++, k++) {
            size_t i = kc->cell[j].first;
            int l = isnan(y[i]) ? -1 : in(b, i, ctx);
            if (boot) {
                boot->group[k] = -1;
                boot->scale[k] = NAN;
            }
            if (l < 0)
                continue;
            double sc = scale_value(d, var, i, harmonize, reversed);
            cells = tg_side_add_count(p == AFTER ? &after[l] : &before[l], y[i], sc,
                                      kc->cell[j].rows.n);
            if (boot) {
                boot->group[k] = 2 * l + p;
                boot->scale[k] = sc;
            }
        }
    }
    if (boot)
        boot->cells_var = cells ? var : SIZE_MAX;
    if (cells)
        return;
    /* not reached when the cells are usable (at most 64 codes): the rows */
    for (size_t l = 0; l < nl; l++) {
        const char *na = after[l].name, *nb = before[l].name;
        tg_side_release(&after[l]);
        tg_side_release(&before[l]);
        after[l].name = na;
        before[l].name = nb;
    }
    assert(!d->cells_only); /* per respondent: survey_stream.h */
    for (size_t w = 0; w < d->n_waves; w++) {
        int p = b->period[w];
        if (p < 0)
            continue;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            int l = isnan(y[i]) ? -1 : in(b, i, ctx);
            if (boot) {
                boot->group[i] = -1;
                boot->scale[i] = NAN;
            }
            if (l < 0)
                continue;
            double sc = scale_value(d, var, i, harmonize, reversed);
            tg_side_add(p == AFTER ? &after[l] : &before[l], y[i], sc);
            if (boot) {
                boot->group[i] = 2 * l + p;
                boot->scale[i] = sc;
            }
        }
    }
}

/*
 * The interval of Cliff's delta of a group, after against before: the design bootstrap
 * of a [compare] pair (survey_boot.h, through stats/codetab.h) over the before and
 * after waves — the PSUs resampled within their strata (strata and PSUs are per wave,
 * so the two periods are resampled independently), or without clusters the
 * respondents within theirs; BCa, or percentile where BCa is not defined; the run's
 * seed (resample.h).
 */
static void group_cliff_interval(void *ctx, size_t k, struct stat_result *cd, struct strbuf *note)
{
    struct group_boot *g = ctx;
    struct eval_ctx *c = g->c;
    if (!g->group || eval_collecting(c) || c->estimates_only)
        return; /* the disclosure control's first pass or the criteria as of the decision
                   date (no criterion reads delta): the numbers are thrown away */
    size_t l = g->level[k];
    struct boot_options bo = eval_boot_options(c);
    struct boot_result br;
    struct survey_cliff_pair sp = {g->d,          g->x,           g->waves,    g->group,
                                   g->scale,      2 * l + AFTER,  2 * l + BEFORE,
                                   g->cells_var};
    survey_cliff_boot(&sp, &bo, &br);
    if (eval_boot_apply(&br, &bo, cd, note))
        strbuf_addstr(note, g->x->psu ? "; resampling the PSUs within their strata"
                                      : "; resampling the respondents within their strata");
}

static int in_comparison(const struct before_after *b, size_t i, const void *ctx)
{
    (void)ctx;
    return row_place(b, i) == COMPARISON ? 0 : -1;
}

static int in_level(const struct before_after *b, size_t i, const void *ctx)
{
    const struct subgroup *sg = ctx;
    int code = b->d->codes[sg->var][i];
    return row_place(b, i) == TARGET && code != CODEBOOK_NO_ANSWER ? level_of(sg, code) : -1;
}

/*
 * The unweighted supporting tests, after against before, per subgroup level in the
 * target area and in the comparison area (group_tests.h): the target area's own are
 * in supporting_tests().  A group is withheld when its design-based cells are.
 */
static void group_supporting_tests(struct view *v, const struct before_after *b, size_t var,
                                   bool harmonize, const double *y, const bool *dhide,
                                   const char *comp_names)
{
    struct eval_ctx *c = v->c;
    const struct survey_data *d = b->d;
    struct tg_table tt = {.analysis = v->o->id,
                          .outcome = v->outcome,
                          .measure = v->measure,
                          .before_after = true};
    /* Cliff's delta of each group gets the design bootstrap's interval, except in the
     * passes whose numbers are thrown away */
    struct group_boot gb = {.c = c, .d = d};
    struct group_boot *boot = NULL;
    if (!eval_collecting(c) && !c->estimates_only) {
        boot = &gb;
        gb.x = survey_design((struct survey_data *)d);
        gb.waves = xcalloc(d->n_waves ? d->n_waves : 1, sizeof(bool));
        for (size_t w = 0; w < d->n_waves; w++)
            gb.waves[w] = b->period[w] >= 0;
        /* per respondent, or per answer-code cell of the waves (group_answers()) */
        size_t units = d->n;
        if (survey_keycells_cover(d, var, gb.waves)) {
            size_t n_cells = 0;
            for (size_t w = 0; w < d->n_waves; w++)
                n_cells += gb.waves[w] ? survey_keycells(d, var, w)->n : 0;
            units = n_cells > units ? n_cells : units;
        }
        gb.group = xmalloc((units ? units : 1) * sizeof(int32_t));
        gb.scale = xmalloc((units ? units : 1) * sizeof(double));
        tt.cliff_interval = group_cliff_interval;
        tt.ctx = &gb;
    }
    int scale[64];
    size_t center;
    const char *boot_caption =
        !boot || scale_codes(d, var, harmonize, scale, 64, &center) < 2 ? ""
        : gb.x->psu
            ? L(c, " Cliffs delta: BCa-bootstrapintervall där urvalets primära urvalsenheter dras "
                   "om inom sina strata, före och efter var för sig.",
                " Cliff's delta: BCa bootstrap interval that resamples the survey's primary "
                "sampling units within their strata, before and after separately.")
            : L(c, " Cliffs delta: BCa-bootstrapintervall där de svarande dras om inom sina "
                   "strata, före och efter var för sig.",
                " Cliff's delta: BCa bootstrap interval that resamples the respondents within "
                "their strata, before and after separately.");
    if (comp_names) {
        struct tg_side after = {.name = "after"}, before = {.name = "before"};
        /* the comparison area follows a cell's key (its area) */
        group_answers(b, var, harmonize, y, in_comparison, NULL, true, 1, &after, &before, boot);
        struct tg_pair p = {&after, &before, comp_names, comp_names,
                            dhide[COMPARISON * 2 + BEFORE] || dhide[COMPARISON * 2 + AFTER],
                            NULL};
        size_t level0 = 0;
        gb.level = &level0;
        tt.title = L(c, "Kompletterande test i jämförelseområdet (ovägda)",
                     "Supporting tests in the comparison area (unweighted)");
        char *caption = xstrdup(fmt_text("%s%s", L(c, "Ovägda test på svaren i jämförelseområdet, efter mot före.",
                       "Unweighted tests on the answers in the comparison area, after against "
                       "before."), boot_caption));
        tt.caption = caption;
        tg_run(c, &tt, &p, 1);
        free(caption);
        tg_side_release(&after);
        tg_side_release(&before);
    }
    for (size_t s = 0; s < b->n_subs; s++) {
        const struct subgroup *sg = &b->subs[s];
        size_t nl = sg->n_levels;
        struct tg_side *after = xcalloc(nl ? nl : 1, sizeof(*after));
        struct tg_side *before = xcalloc(nl ? nl : 1, sizeof(*before));
        /* a level follows a cell when the cells are refined by the background variable */
        group_answers(b, var, harmonize, y, in_level, sg,
                      survey_keycells_refined_by(d, (size_t)sg->var), nl, after, before, boot);
        struct tg_pair *pairs = xcalloc(nl ? nl : 1, sizeof(*pairs));
        char **labels = xcalloc(nl ? nl : 1, sizeof(char *));
        size_t *level = xcalloc(nl ? nl : 1, sizeof(size_t));
        gb.level = level;
        size_t np = 0;
        for (size_t l = 0; l < nl; l++) {
            if (after[l].n_vals == 0 && before[l].n_vals == 0)
                continue; /* a level nobody answered: its design rows say so (subgroups_part) */
            after[l].name = "after";
            before[l].name = "before";
            const char *sv = survey_code_label(d, (size_t)sg->var, sg->codes[l], "sv");
            const char *lo = survey_code_label(d, (size_t)sg->var, sg->codes[l], c->lang);
            struct strbuf g = STRBUF_INIT;
            strbuf_addf(&g, "%s: %s", sg->id, sv ? sv : "?");
            labels[np] = strbuf_detach(&g);
            pairs[np] = (struct tg_pair){&after[l], &before[l], labels[np], lo ? lo : "?",
                                         dhide[sg->offset + l * 2 + BEFORE] ||
                                             dhide[sg->offset + l * 2 + AFTER],
                                         NULL};
            level[np] = l;
            np++;
        }
        const struct cb_variable *bv = survey_var_any(d, (size_t)sg->var);
        const char *what = bv ? L(c, bv->text_sv, bv->text_en) : NULL;
        char *title = xstrdup(fmt_text(L(c, "Kompletterande test per grupp (ovägda): %s",
                                         "Supporting tests by group (unweighted): %s"),
                                       what ? what : sg->id));
        tt.title = title;
        char *caption = xstrdup(fmt_text(
            "%s%s",
            L(c, "Ovägda test på svaren i målområdet, efter mot före, i varje grupp. "
                 "p (Holm): justerat över grupperna för samma test.",
              "Unweighted tests on the answers in the target area, after against "
              "before, in each group. p (Holm): adjusted over the groups for the same "
              "test."),
            boot_caption));
        tt.caption = caption;
        tg_run(c, &tt, pairs, np);
        free(caption);
        free(level);
        free(title);
        for (size_t k = 0; k < np; k++)
            free(labels[k]);
        for (size_t l = 0; l < nl; l++) {
            tg_side_release(&after[l]);
            tg_side_release(&before[l]);
        }
        free(labels);
        free(pairs);
        free(after);
        free(before);
    }
    free(gb.waves);
    free(gb.group);
    free(gb.scale);
}

int analyze_survey(struct eval_ctx *c, const struct outcome *o)
{
    struct survey_data *d;
    int vi = survey_outcome_open(c, o, &d);
    if (vi < 0)
        return vi == -2 ? -1 : 0;
    const struct cb_variable *cbv = survey_var_any(d, (size_t)vi);
    const char *title = spec_text(o->title_sv, o->title_en, c->lang);
    size_t var = (size_t)vi;

    struct before_after b = {.d = d};
    b.wave_used = xcalloc(d->n_waves ? d->n_waves : 1, sizeof(bool));
    b.period = xmalloc(d->n_waves ? d->n_waves : 1);
    memset(b.period, -1, d->n_waves ? d->n_waves : 1);
    const struct name_list *lists[2] = {&o->before, &o->after};
    for (int p = 0; p < 2; p++)
        for (size_t k = 0; k < lists[p]->n; k++) {
            int w = survey_wave_index(d, lists[p]->items[k]);
            if (w >= 0) {
                b.period[w] = (signed char)p;
                b.wave_used[w] = true;
            }
        }
    b.all_areas = o->area.n == 0;
    b.n_place = c->n_area_names;
    b.place = xmalloc(b.n_place ? b.n_place : 1);
    memset(b.place, -1, b.n_place ? b.n_place : 1);
    const struct name_set *sets[2] = {&o->area, &o->comparison};
    for (int p = 0; p < 2; p++) {
        int32_t *ids = xcalloc(sets[p]->n ? sets[p]->n : 1, sizeof(int32_t));
        eval_area_ids(c, sets[p], ids, NULL);
        for (size_t k = 0; k < sets[p]->n; k++)
            if (ids[k] > 0 && (size_t)ids[k] < b.n_place)
                b.place[ids[k]] = (signed char)p;
        free(ids);
    }
    bool has_comparison = o->comparison.n > 0;
    b.n_subs = 0;
    b.subs = xcalloc(o->subgroups.n ? o->subgroups.n : 1, sizeof(*b.subs));
    size_t next = 4;
    b.wave_offset = next;
    next += d->n_waves;
    for (size_t s = 0; s < o->subgroups.n; s++) {
        int sv = survey_var_index(d, o->subgroups.items[s]);
        if (sv < 0)
            continue;
        struct subgroup *sg = &b.subs[b.n_subs++];
        sg->var = sv;
        sg->id = o->subgroups.items[s];
        collect_levels(d, sg);
        sg->offset = next;
        next += sg->n_levels * 2;
    }
    b.n_domains = next;

    /* Are the answers comparable across the waves used? */
    char why[512];
    enum comparability comp = survey_comparability(d, var, b.wave_used, why, sizeof(why), c->lang);
    bool harmonize = comp == COMPARABLE_HARMONIZED;

    struct view v = {.c = c, .o = o, .dec = -1};
    v.measure = survey_measure_for(d, var, o->measure);
    v.pct = v.measure == MEASURE_INDICATOR;
    const char *ind_label = L(c, cbv->indicator_label_sv, cbv->indicator_label_en);
    v.outcome = survey_outcome_id(cbv, v.measure, NULL);
    char *otitle = survey_outcome_id(cbv, v.measure, ind_label);
    results_set_title(c->res, o->id, v.outcome, otitle);
    free(otitle);

    /* the analysed value of the rows of the waves used (the others are never read) */
    int scodes[64];
    size_t scenter;
    size_t n_scodes = scale_codes(d, var, harmonize, scodes, 64, &scenter);
    struct survey_code_table tab;
    survey_code_table_init(&tab, d, var, v.measure, harmonize, scodes, n_scodes);
    double *y = xmalloc((d->n ? d->n : 1) * sizeof(double));
    for (size_t w = 0; w < d->n_waves; w++)
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            struct survey_code_slot tmp;
            y[i] = b.wave_used[w] ? survey_code_slot(&tab, i, &tmp)->value : NAN;
        }

    /* What is measured, in words. */
    char *target_names = o->area.n ? names_joined(&o->area) : xstrdup(L(c, "alla områden", "all areas"));
    char *comp_names = has_comparison ? names_joined(&o->comparison) : NULL;
    struct strbuf pb = STRBUF_INIT, pa = STRBUF_INIT;
    period_text(c, &o->before, &pb);
    period_text(c, &o->after, &pa);
    if (v.measure == MEASURE_INDICATOR) {
        struct strbuf codes = STRBUF_INIT;
        for (size_t k = 0; k < cbv->n_values; k++)
            if (cbv->values[k].indicator)
                strbuf_addf(&codes, "%s%s", codes.len ? ", " : "",
                            L(c, cbv->values[k].label_sv, cbv->values[k].label_en));
        doc_paragraph(c->survey,
                      L(c, "Fråga %s: \"%s\". Måttet är andelen som svarar %s (%s), vägd. "
                           "Målområde: %s. Före: %s. Efter: %s.",
                        "Question %s: \"%s\". The measure is the share answering %s (%s), "
                        "weighted. Target area: %s. Before: %s. After: %s."),
                      cbv->id, variable_text(c, cbv), codes.buf, ind_label ? ind_label : "",
                      target_names, pb.buf, pa.buf);
        strbuf_release(&codes);
    } else {
        doc_paragraph(c->survey,
                      L(c, "Fråga %s: \"%s\". Måttet är %s, vägt%s. Målområde: %s. Före: %s. "
                           "Efter: %s.",
                        "Question %s: \"%s\". The measure is the %s, weighted%s. Target area: "
                        "%s. Before: %s. After: %s."),
                      cbv->id, variable_text(c, cbv),
                      v.measure == MEASURE_SCORE ? L(c, "medelpoängen", "mean score")
                      : cbv->numeric             ? L(c, "medelvärdet av de svarade talen",
                                                     "mean of the numbers answered")
                                                 : L(c, "medelvärdet på svarsskalan",
                                                     "mean on the answer scale"),
                      cbv->reversed ? L(c, " (högre är bättre)", " (higher is better)")
                                    : L(c, " (högre är sämre)", " (higher is worse)"),
                      target_names, pb.buf, pa.buf);
    }
    if (comp == COMPARABLE_HARMONIZED)
        doc_callout(c->survey, TONE_INFO, "%s", why);
    else if (comp == COMPARABLE_NO) {
        doc_callout(c->survey, TONE_BAD, "%s", why);
        eval_caveat(c, "%s", why);
    }

    /* Estimates: one pass for every domain (over the answer-code cells when every
     * subgroup's background variable refines them). */
    bool by_cell = true;
    for (size_t s = 0; s < b.n_subs; s++)
        by_cell &= survey_keycells_refined_by(d, (size_t)b.subs[s].var);
    const struct survey_design_index *x = survey_design(d);
    struct survey_domains sd = {.n_domains = b.n_domains,
                                .max_per_row = 2 + b.n_subs,
                                .dom = row_domains,
                                .waves = b.wave_used,
                                .ctx = &b,
                                .by_key = b.n_subs == 0,
                                .by_cell = by_cell,
                                .y_by_key = true, /* y from the code table of var */
                                .key_var = var};
    bool *dhide = xcalloc(b.n_domains, sizeof(bool));
    int result = 0;
    if (eval_collecting(c)) {
        /* The disclosure control's first pass wants the cells this question publishes,
         * not its numbers: the domains', the answer distribution's and the sensitivity
         * rows', registered in the order the publishing pass asks for them. */
        survey_disclose_domains(c, d, var, y, &sd, dhide);
        int dcodes[64];
        size_t dcenter;
        if (scale_codes(d, var, harmonize, dcodes, 64, &dcenter) >= 2) {
            bool *wh = xcalloc(d->n_waves ? d->n_waves : 1, sizeof(bool));
            distribution_disclose(c, &b, var, &tab, wh);
            free(wh);
        }
        struct stat_result none;
        stat_result_init(&none);
        comparability_part(&v, &b, var, comp, why, y, &sd, has_comparison, &none, &none, true,
                           true, title ? title : cbv->id);
        goto release; /* nothing estimated: only the section's own state to free */
    }
    struct svy_estimate *est = xcalloc(b.n_domains, sizeof(*est));
    struct survey_cells *cells = survey_estimate_cells(d, y, x, &sd, c->conf, est);
    bool refused = survey_refuse_single_psu(c, o, est, b.n_domains);
    if (!v.pct) { /* the means of every domain (areas, periods, subgroups) */
        double *means = xmalloc(b.n_domains * sizeof(double));
        for (size_t k = 0; k < b.n_domains; k++)
            means[k] = est[k].n_valid ? est[k].mean.estimate : NAN;
        view_decimals(&v, means, b.n_domains);
        free(means);
    }
    double *coef = xcalloc(b.n_domains, sizeof(double));
    int minc = c->opt->min_cell;
    survey_disclose_domains(c, d, var, y, &sd, dhide);
    bool hide_cell[4];
    for (int k = 0; k < 4; k++)
        hide_cell[k] = dhide[k];

    const char *method = v.pct ? "svyciprop" : "svymean";
    struct table *t = table_new("before_after",
                                L(c, "Före och efter (vägt)", "Before and after (weighted)"), 5,
                                (const char *const[]){L(c, "Område", "Area"),
                                                      L(c, "Period", "Period"),
                                                      L(c, "Svar", "Answers"),
                                                      L(c, "Skattning", "Estimate"),
                                                      eval_ci(c, CI_ABBR)},
                                (const bool[]){false, false, true, true, true});
    struct stat_result diff[2];
    int nplaces = has_comparison ? 2 : 1;
    for (int p = 0; p < nplaces; p++) {
        const char *group = p == TARGET ? "" : comp_names;
        const char *area_label = p == TARGET ? target_names : comp_names;
        for (int per = 0; per < 2; per++) {
            const struct svy_estimate *e = &est[p * 2 + per];
            const struct stat_result *r = v.pct ? &e->prop : &e->mean;
            bool hide = hide_cell[p * 2 + per];
            add_row(&v, group, method, per == BEFORE ? "before" : "after", r, hide, NULL);
            struct stat_result deff;
            stat_result_init(&deff);
            deff.estimate = e->deff_replace;
            deff.n = e->n_valid;
            stat_result_note(&deff, STAT_R_DEFF_REPLACE);
            add_row(&v, group, "deff", per == BEFORE ? "before" : "after", &deff, hide, NULL);
            table_add_row(t, (const char *const[]){
                                 area_label,
                                 per == BEFORE ? L(c, "Före", "Before") : L(c, "Efter", "After"),
                                 hide ? withheld(c) : fmt_int(c, e->n_valid),
                                 hide ? "" : e->n_valid == 0 ? empty_text(c) : fmt_est(&v, r->estimate),
                                 hide || e->n_valid == 0
                                     ? ""
                                     : fmt_est_ci(&v, r->estimate, r->conf_low, r->conf_high)});
        }
        memset(coef, 0, b.n_domains * sizeof(double));
        coef[p * 2 + AFTER] = 1;
        coef[p * 2 + BEFORE] = -1;
        diff[p] = survey_cells_contrast(cells, d, y, x, &sd, est, coef, c->conf);
        bool hide = hide_cell[p * 2] || hide_cell[p * 2 + 1];
        add_row(&v, group, "svydiff", "difference", &diff[p], hide, NULL);
        table_add_row(t, (const char *const[]){
                             area_label, L(c, "Förändring", "Change"), "",
                             hide ? "" : fmt_diff(&v, diff[p].estimate),
                             hide ? ""
                                  : fmt_diff_ci(&v, diff[p].conf_low, diff[p].conf_high)});
        if (p == TARGET)
            record(&v, "difference", NULL, &diff[p], hide, true,
                   L(c, "Förändring efter − före i målområdet",
                     "Change after − before in the target area"));
    }
    struct stat_result did;
    stat_result_init(&did);
    if (has_comparison) {
        memset(coef, 0, b.n_domains * sizeof(double));
        coef[TARGET * 2 + AFTER] = 1;
        coef[TARGET * 2 + BEFORE] = -1;
        coef[COMPARISON * 2 + AFTER] = -1;
        coef[COMPARISON * 2 + BEFORE] = 1;
        did = survey_cells_contrast(cells, d, y, x, &sd, est, coef, c->conf);
        bool hide = hide_cell[0] || hide_cell[1] || hide_cell[2] || hide_cell[3];
        struct strbuf did_note = STRBUF_INIT;
        add_row(&v, "", "svydiff", "did", &did, hide,
                with_reason(&did, "difference-in-differences: change in the target area minus "
                                  "change in the comparison area", &did_note));
        strbuf_release(&did_note);
        record(&v, "did", NULL, &did, hide, true,
               L(c, "Förändring i målområdet minus förändring i jämförelseområdet",
                 "Change in the target area minus change in the comparison area"));
        table_add_row(t, (const char *const[]){
                             L(c, "Skillnad i förändring", "Difference in change"),
                             L(c, "mål − jämförelse", "target − comparison"), "",
                             hide ? "" : fmt_diff(&v, did.estimate),
                             hide ? ""
                                  : v.pct ? fmt_ci_pp_limit(c->lang, did.conf_low, did.conf_high,
                                                            1, 1, 2.0)
                                          : fmt_diff_ci(&v, did.conf_low, did.conf_high)});
    }
    doc_table(c->survey, t, NULL,
              fmt_text(L(c, "Vägda skattningar med hänsyn till urvalsdesignen; %s. "
                           "Förändring = efter − före, för andelar i procentenheter (p.e.).",
                         "Weighted estimates allowing for the survey design; %s. "
                         "Change = after − before, for shares in percentage points (pp)."),
                       eval_ci(c, CI_WORDS_PL)));

    /* The main result in words, about the main estimate (the strongest design the
     * section has: the difference in change against the comparison area, else the
     * change in the target area), named as such, with its numbers; beside a contrast
     * the target's own change too, which a criterion on `difference` reads. */
    const struct stat_result *main_r = has_comparison ? &did : &diff[TARGET];
    bool main_hidden = hide_cell[0] || hide_cell[1] ||
                       (has_comparison && (hide_cell[2] || hide_cell[3]));
    struct strbuf mw = STRBUF_INIT;
    if (has_comparison)
        strbuf_addf(&mw, L(c, "Huvudresultat, skillnaden i förändring jämfört med "
                              "jämförelseområdet (%s)",
                           "Main result, the difference in change relative to the comparison "
                           "area (%s)"),
                    comp_names);
    else
        strbuf_addstr(&mw, L(c, "Huvudresultat, förändringen före–efter i målområdet (utan "
                                "jämförelse)",
                             "Main result, the before–after change in the target area (no "
                             "comparison)"));
    const char *main_what = mw.buf;
    char nums[256] = "";
    if (!main_hidden && stat_ok(main_r) && !isnan(main_r->conf_high))
        snprintf(nums, sizeof(nums), " %s (%s %s)", fmt_diff(&v, main_r->estimate),
                 eval_ci(c, CI_ABBR),
                 has_comparison && v.pct
                     ? fmt_ci_pp_limit(c->lang, main_r->conf_low, main_r->conf_high, 1, 1, 2.0)
                     : fmt_diff_ci(&v, main_r->conf_low, main_r->conf_high));
    if (main_hidden)
        doc_callout(c->survey, TONE_UNCERTAIN,
                    L(c, "För få svar (färre än %d) i någon period för att redovisa resultatet.",
                      "Too few answers (fewer than %d) in a period to publish the result."),
                    minc);
    else if (!stat_ok(main_r) || isnan(main_r->conf_high))
        doc_callout(c->survey, TONE_UNCERTAIN, "%s: %s", main_what,
                    stat_has_why(main_r) ? stat_why_text(c->lang, main_r)
                                         : L(c, "kunde inte skattas.", "could not be estimated."));
    /* a plain paragraph, not a green or red box: which way is better is the criteria's
     * call (a "met"/"not met" mark here contradicted a criterion judged on another term) */
    else if (main_r->conf_high < 0)
        doc_paragraph(c->survey, "%s:%s: %s", main_what, nums,
                    L(c, "en statistiskt säker minskning; hela konfidensintervallet ligger under "
                         "noll.",
                      "a statistically clear fall; the whole confidence interval is below zero."));
    else if (main_r->conf_low > 0)
        doc_paragraph(c->survey, "%s:%s: %s", main_what, nums,
                    L(c, "en statistiskt säker ökning; hela konfidensintervallet ligger över noll.",
                      "a statistically clear rise; the whole confidence interval is above zero."));
    else
        doc_paragraph(c->survey, "%s:%s: %s", main_what, nums,
                    L(c, "konfidensintervallet omfattar noll, så data kan varken visa eller "
                         "utesluta en förändring.",
                      "the confidence interval covers zero, so the data can neither show nor rule "
                      "out a change."));
    /* beside the contrast, the target's own change, named as being without comparison */
    if (has_comparison && !main_hidden && stat_ok(&diff[TARGET]) &&
        !isnan(diff[TARGET].conf_high))
        doc_paragraph(c->survey,
                      L(c, "Utan jämförelse, förändringen före–efter i målområdet: %s (%s %s)%s",
                        "Without a comparison, the before–after change in the target area: %s "
                        "(%s %s)%s"),
                      fmt_diff(&v, diff[TARGET].estimate), eval_ci(c, CI_ABBR),
                      fmt_diff_ci(&v, diff[TARGET].conf_low, diff[TARGET].conf_high),
                      diff[TARGET].conf_high < 0 || diff[TARGET].conf_low > 0
                          ? "."
                          : L(c, "; intervallet omfattar noll.",
                              "; the interval covers zero."));
    strbuf_release(&mw);

    /* Before/after chart. */
    if (!main_hidden) {
        char *name = eval_chart_name(c, o->id, "before-after");
        struct chart *ch = chart_new(CHART_BARS_CI, name, title ? title : cbv->id);
        free(name);
        const char *cats[2] = {target_names, comp_names};
        chart_set_categories(ch, cats, (size_t)nplaces);
        for (int per = 0; per < 2; per++) {
            double yy[2], lo[2], hi[2];
            for (int p = 0; p < nplaces; p++) {
                const struct stat_result *r = v.pct ? &est[p * 2 + per].prop : &est[p * 2 + per].mean;
                yy[p] = r->estimate;
                lo[p] = r->conf_low;
                hi[p] = r->conf_high;
            }
            chart_add_series(ch, per == BEFORE ? L(c, "Före", "Before") : L(c, "Efter", "After"),
                             (size_t)nplaces, NULL, yy, lo, hi, per);
        }
        ch->percent = v.pct;
        if (v.pct) {
            ch->has_yrange = true;
            ch->ymin = 0;
            ch->ymax = 1;
        }
        free(ch->ylabel); /* chart_new set it to "" */
        ch->ylabel = xstrdup(v.pct ? (ind_label ? ind_label : L(c, "Andel", "Share"))
                                   : L(c, "Medelvärde", "Mean"));
        struct strbuf alt = STRBUF_INIT;
        for (int p = 0; p < nplaces; p++)
            strbuf_addf(&alt, "%s%s: %s %s, %s %s", p ? "; " : "", cats[p], L(c, "före", "before"),
                        fmt_est(&v, (v.pct ? &est[p * 2].prop : &est[p * 2].mean)->estimate),
                        L(c, "efter", "after"),
                        fmt_est(&v, (v.pct ? &est[p * 2 + 1].prop : &est[p * 2 + 1].mean)->estimate));
        free(ch->alt); /* chart_new set it to "" */
        ch->alt = strbuf_detach(&alt);
        doc_chart(c->survey, ch,
                  fmt_text(L(c, "Före och efter med %s (vägt).",
                             "Before and after with %s (weighted)."),
                           eval_ci(c, CI_WORDS_PL)));
    }

    /* Per year in the target area. */
    struct table *tw = table_new("waves", L(c, "Per år i målområdet", "By year in the target area"),
                                 4,
                                 (const char *const[]){L(c, "År", "Year"), L(c, "Svar", "Answers"),
                                                       L(c, "Skattning", "Estimate"),
                                                       eval_ci(c, CI_ABBR)},
                                 (const bool[]){false, true, true, true});
    for (size_t w = 0; w < d->n_waves; w++) {
        if (!b.wave_used[w])
            continue;
        const struct svy_estimate *e = &est[b.wave_offset + w];
        const struct stat_result *r = v.pct ? &e->prop : &e->mean;
        bool hide = dhide[b.wave_offset + w];
        struct strbuf g = STRBUF_INIT;
        strbuf_addf(&g, "wave %s", d->waves[w].label);
        add_row(&v, g.buf, method, "wave", r, hide, NULL);
        strbuf_release(&g);
        table_add_row(tw, (const char *const[]){
                              d->waves[w].label, hide ? withheld(c) : fmt_int(c, e->n_valid),
                              hide ? "" : e->n_valid == 0 ? empty_text(c) : fmt_est(&v, r->estimate),
                              hide || e->n_valid == 0
                                  ? ""
                                  : fmt_est_ci(&v, r->estimate, r->conf_low, r->conf_high)});
    }
    doc_table(c->survey, tw, NULL, NULL);
    distribution_chart(&v, &b, var, harmonize, cbv, &tab);

    if (b.n_subs)
        subgroups_part(&v, &b, y, x, &sd, cells, est, dhide);
    supporting_tests(&v, &b, var, harmonize, y, hide_cell[0] || hide_cell[1], &tab);
    group_supporting_tests(&v, &b, var, harmonize, y, dhide, comp_names);
    if (o->placebo)
        survey_placebo(&v, &b, y, &sd, est, dhide, &diff[TARGET]);
    comparability_part(&v, &b, var, comp, why, y, &sd, has_comparison, &diff[TARGET], &did,
                       hide_cell[0] || hide_cell[1],
                       hide_cell[0] || hide_cell[1] || hide_cell[2] || hide_cell[3],
                       title ? title : cbv->id);
    detectable_difference(&v, &est[TARGET * 2 + BEFORE], &est[TARGET * 2 + AFTER],
                          hide_cell[0] || hide_cell[1]);

    eval_record_design(c, o->id, has_comparison ? 3 : 2,
                       has_comparison
                           ? L(c, "Före och efter i målområdet, jämfört med ett område utan "
                                  "insatsen (nivå 3).",
                               "Before and after in the target area, compared with an area "
                               "without the measure (level 3).")
                           : L(c, "Före och efter i målområdet utan jämförelseområde (nivå 2): "
                                  "annat som ändrats samtidigt kan förklara förändringen.",
                               "Before and after in the target area without a comparison area "
                               "(level 2): anything else that changed at the same time may "
                               "explain the change."));

    doc_paragraph(c->methods,
                  L(c, "%s: vägda andelar och medelvärden med Taylor-linjäriserade standardfel "
                       "(R: svydesign(ids = ~1 eller ~kluster, strata = ~interaction(år, "
                       "stratum), weights = ~vikt); svyby(~y, ~cell, design, svymean, "
                       "covmat = TRUE); svyciprop(method = \"logit\")). Varje år är ett eget "
                       "urval. Förändringar och skillnad i förändring är kontraster "
                       "(svycontrast) med normalfördelningsintervall.",
                    "%s: weighted shares and means with Taylor-linearised standard errors (R: "
                    "svydesign(ids = ~1 or ~cluster, strata = ~interaction(year, stratum), "
                    "weights = ~weight); svyby(~y, ~cell, design, svymean, covmat = TRUE); "
                    "svyciprop(method = \"logit\")). Each year is its own sample. Changes and "
                    "the difference in change are contrasts (svycontrast) with normal "
                    "intervals."),
                  title ? title : cbv->id);
    survey_document_fpc(c, d, title ? title : cbv->id);

    free(coef);
    survey_cells_free(cells);
    free(est);
    result = refused ? 1 : 0;
release:
    free(dhide);
    strbuf_release(&pb);
    strbuf_release(&pa);
    free(target_names);
    free(comp_names);
    free(y);
    survey_code_table_release(&tab);
    free(v.outcome);
    for (size_t s = 0; s < b.n_subs; s++)
        free(b.subs[s].codes);
    free(b.subs);
    free(b.wave_used);
    free(b.period);
    free(b.place);
    return result;
}
