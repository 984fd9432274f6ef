/*
 * analyze_compare — groups of respondents against each other within one wave
 * ([compare ID]): an area against another area or against the rest of the
 * municipality, women against men, age groups against each other.
 *
 * The main estimate is design-based (survey_groups.h): the weighted share (or mean) of
 * every group of one design and, for each pair compared, the difference with its
 * linearised standard error, which keeps the covariance of groups that share strata
 * and PSUs (R: svyby(..., covmat = TRUE) + svycontrast, the same estimate and SE as
 * svyttest), tested as svyttest on the design's degrees of freedom.  The pairs of one grouping are a family: p-values are adjusted over it
 * (Holm, Benjamini–Hochberg).  Unweighted two-group tests on the respondents' answers
 * support each pair: Newcombe's interval with the chi-square test for a share, Welch's
 * t and Hedges' g for a mean, and for answers on an ordered scale the chi-square test of
 * the whole distribution, Mann–Whitney and Cliff's delta, whose interval is the design
 * bootstrap of survey_boot.h (PSUs resampled within strata); each test is a family of its
 * own over the pairs.
 *
 * Disclosure control: every group is a cell of the run's disclosure control
 * (survey_disclose.h); a pair, and every test on it, is published only when both of its
 * groups are.  An empty group is reported as empty, not as withheld.
 */
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
#include "eval/survey_boot.h"
#include "eval/survey_common.h"
#include "eval/survey_groups.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* One group: its label in the report language and in the results file (Swedish, as
 * every group label of results.csv), and its members' values for the unweighted tests. */
struct cgroup {
    char *label, *label_sv;
    bool rest;
    int *codes;           /* background variable: its codes ('+' set); area: unused */
    size_t n_codes;
    struct tg_side ans;   /* the answers, for the unweighted tests */
};

struct grouping {
    const char *id;       /* "area" or the background variable */
    int var;              /* background variable index; -1 for area */
    struct cgroup *g;
    size_t k;
    int32_t *group;       /* per respondent */
};

struct compare {
    struct eval_ctx *c;
    const struct outcome *o;
    struct survey_data *d;
    size_t var;
    bool *wave_used;
    bool *in_area;        /* per area id: inside the `area` restriction (NULL: all) */
    bool harmonize;
    enum survey_measure measure;
    bool pct;
    bool reversed;        /* the scale's higher codes are better */
    char *outcome;        /* results "outcome" */
    double *y;
    double *scale;        /* per respondent: the answer on the ordered scale, higher =
                             worse (NaN: none) */
};

static const char *rest_label(const char *lang)
{
    return lang && !strcmp(lang, "en") ? "the rest" : "övriga";
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

static bool has_code(const struct cgroup *g, int code)
{
    for (size_t i = 0; i < g->n_codes; i++)
        if (g->codes[i] == code)
            return true;
    return false;
}

/* A group label: the names of a '+' set joined with " + ". */
static void add_label(struct cgroup *g, const char *sv, const char *local)
{
    struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    if (g->label_sv) {
        strbuf_addf(&a, "%s + ", g->label_sv);
        strbuf_addf(&b, "%s + ", g->label);
        free(g->label_sv);
        free(g->label);
    }
    strbuf_addstr(&a, sv);
    strbuf_addstr(&b, local);
    g->label_sv = strbuf_detach(&a);
    g->label = strbuf_detach(&b);
}

static void set_rest(struct cgroup *g, const char *lang)
{
    g->rest = true;
    g->label_sv = xstrdup(rest_label("sv"));
    g->label = xstrdup(rest_label(lang));
}

static bool row_in_area(const struct compare *cm, size_t i)
{
    if (!cm->in_area)
        return true;
    int32_t a = cm->d->area[i];
    return a > 0 && (size_t)a < cm->c->n_area_names && cm->in_area[a];
}

static int cmp_area_name_ctx_names_sort(const struct eval_ctx *c, int32_t a, int32_t b)
{
    return strcmp(eval_area_name(c, a), eval_area_name(c, b));
}

/* Groups by area: the `groups` sets (and `rest`), or every area with respondents in
 * the waves analysed, each on its own, in the order of their names. */
static void build_area_groups(struct compare *cm, struct grouping *gr)
{
    struct eval_ctx *c = cm->c;
    const struct outcome *o = cm->o;
    const struct survey_data *d = cm->d;
    size_t na = c->n_area_names ? c->n_area_names : 1;
    int32_t *of_area = xmalloc(na * sizeof(int32_t));
    for (size_t a = 0; a < na; a++)
        of_area[a] = -1;
    int32_t rest = -1;
    if (o->n_groups) {
        gr->k = o->n_groups;
        gr->g = xcalloc(gr->k, sizeof(*gr->g));
        for (size_t g = 0; g < o->n_groups; g++) {
            const struct name_set *s = &o->groups[g];
            if (s->n == 1 && !strcmp(s->names[0], "rest")) {
                set_rest(&gr->g[g], c->lang);
                rest = (int32_t)g;
                continue;
            }
            int32_t *ids = xcalloc(s->n ? s->n : 1, sizeof(int32_t));
            eval_area_ids(c, s, ids, NULL);
            for (size_t k = 0; k < s->n; k++) {
                if (ids[k] > 0 && (size_t)ids[k] < na)
                    of_area[ids[k]] = (int32_t)g;
                add_label(&gr->g[g], s->names[k], s->names[k]);
            }
            free(ids);
        }
    } else {
        bool *seen = xcalloc(na, sizeof(bool));
        for (size_t w = 0; w < d->n_waves; w++)
            if (cm->wave_used[w])
                for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++)
                    if (d->area[i] > 0 && (size_t)d->area[i] < na)
                        seen[d->area[i]] = true;
        int32_t *ids = xmalloc(na * sizeof(int32_t));
        size_t n = 0;
        for (size_t a = 1; a < na; a++)
            if (seen[a])
                ids[n++] = (int32_t)a;
        for (size_t a = 1; a < n; a++) /* by name: a stable, readable order */
            for (size_t k = a; k > 0 && cmp_area_name_ctx_names_sort(c, ids[k - 1], ids[k]) > 0;
                 k--) {
                int32_t t = ids[k];
                ids[k] = ids[k - 1];
                ids[k - 1] = t;
            }
        gr->k = n;
        gr->g = xcalloc(n ? n : 1, sizeof(*gr->g));
        for (size_t g = 0; g < n; g++) {
            of_area[ids[g]] = (int32_t)g;
            add_label(&gr->g[g], eval_area_name(c, ids[g]), eval_area_name(c, ids[g]));
        }
        free(ids);
        free(seen);
    }
    gr->group = xmalloc((d->n ? d->n : 1) * sizeof(int32_t));
    for (size_t i = 0; i < d->n; i++) {
        int32_t a = d->area[i];
        int32_t g = a > 0 && (size_t)a < na ? of_area[a] : -1;
        /* everyone else: respondents of other areas and those without an area */
        gr->group[i] = g >= 0 ? g : rest;
    }
    free(of_area);
}

/* Groups by a background variable: the `groups` code sets (and `rest`: every other
 * valid code), or every declared non-missing code on its own. */
static void build_code_groups(struct compare *cm, struct grouping *gr)
{
    struct eval_ctx *c = cm->c;
    const struct outcome *o = cm->o;
    const struct survey_data *d = cm->d;
    size_t v = (size_t)gr->var;
    int32_t rest = -1;
    if (o->n_groups) {
        gr->k = o->n_groups;
        gr->g = xcalloc(gr->k, sizeof(*gr->g));
        for (size_t g = 0; g < o->n_groups; g++) {
            const struct name_set *s = &o->groups[g];
            struct cgroup *cg = &gr->g[g];
            if (s->n == 1 && !strcmp(s->names[0], "rest")) {
                set_rest(cg, c->lang);
                rest = (int32_t)g;
                continue;
            }
            cg->codes = xcalloc(s->n ? s->n : 1, sizeof(int));
            for (size_t k = 0; k < s->n; k++) {
                /* checked by spec_load: a code, or a band of a number variable */
                const struct cb_variable *nv = survey_var_any(d, v);
                int band = nv && nv->numeric
                               ? cb_variable_band_named(nv, s->names[k], strlen(s->names[k]))
                               : CODEBOOK_NUMBER;
                int code = band != CODEBOOK_NUMBER ? band : atoi(s->names[k]);
                cg->codes[cg->n_codes++] = code;
                const char *sv = survey_code_label(d, v, code, "sv");
                const char *lo = survey_code_label(d, v, code, c->lang);
                add_label(cg, sv ? sv : s->names[k], lo ? lo : s->names[k]);
            }
        }
    } else {
        int *codes = NULL;
        size_t n = 0;
        for (size_t cb = 0; cb < d->n_codebooks; cb++) {
            const struct cb_variable *var = d->var_in[cb * d->n_vars + v];
            for (size_t k = 0; var && k < var->n_values; k++) {
                const struct cb_value *cv = &var->values[k];
                bool dup = cv->missing;
                for (size_t j = 0; j < n && !dup; j++)
                    dup = codes[j] == cv->code;
                if (dup)
                    continue;
                codes = xrealloc(codes, (n + 1) * sizeof(int));
                codes[n++] = cv->code;
            }
        }
        if (n)
            qsort(codes, n, sizeof(int), cmp_int);
        gr->k = n;
        gr->g = xcalloc(n ? n : 1, sizeof(*gr->g));
        for (size_t g = 0; g < n; g++) {
            struct cgroup *cg = &gr->g[g];
            cg->codes = xmalloc(sizeof(int));
            cg->codes[cg->n_codes++] = codes[g];
            const char *sv = survey_code_label(d, v, codes[g], "sv");
            const char *lo = survey_code_label(d, v, codes[g], c->lang);
            char num[16];
            snprintf(num, sizeof(num), "%d", codes[g]);
            add_label(cg, sv ? sv : num, lo ? lo : num);
        }
        free(codes);
    }
    gr->group = xmalloc((d->n ? d->n : 1) * sizeof(int32_t));
    for (size_t i = 0; i < d->n; i++) {
        gr->group[i] = -1;
        int code = d->codes[v][i];
        const struct cb_variable *var = survey_var_of(d, v, i);
        const struct cb_value *cv = var && code != CODEBOOK_NO_ANSWER ? cb_variable_value(var, code)
                                                                      : NULL;
        if (!cv || cv->missing || !row_in_area(cm, i))
            continue; /* no valid answer to the background question: in no group */
        for (size_t g = 0; g < gr->k; g++)
            if (!gr->g[g].rest && has_code(&gr->g[g], code)) {
                gr->group[i] = (int32_t)g;
                break;
            }
        if (gr->group[i] < 0)
            gr->group[i] = rest;
    }
}

/* The answers of each group for the unweighted tests. */
static void collect_values(struct compare *cm, struct grouping *gr)
{
    const struct survey_data *d = cm->d;
    for (size_t w = 0; w < d->n_waves; w++) {
        if (!cm->wave_used[w])
            continue;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            int32_t g = gr->group[i];
            if (g < 0 || isnan(cm->y[i]))
                continue;
            tg_side_add(&gr->g[g].ans, cm->y[i], cm->scale[i]);
        }
    }
    for (size_t g = 0; g < gr->k; g++)
        gr->g[g].ans.name = gr->g[g].label_sv;
}

/* ------------------------------------------------------------------ output */

static struct result_row *add_row(struct compare *cm, const char *group, const char *method,
                                  const char *term, const struct stat_result *r, bool hide,
                                  const char *note)
{
    struct result_row *row = results_add(cm->c->res, cm->o->id, cm->outcome, group, method, term,
                                         r, note);
    row->suppressed = hide;
    if (hide) /* a withheld row keeps no message that could describe the small group */
        row->note[0] = '\0';
    return row;
}

static const char *fmt_est(const struct compare *cm, double x)
{
    return cm->pct ? fmt_pct(cm->c->lang, x, 1) : fmt_sig(cm->c->lang, x, 3);
}

static const char *fmt_diff(const struct compare *cm, double x)
{
    /* a change, signed both ways as in the criteria table */
    return cm->pct ? fmt_pp(cm->c->lang, x, 1, 1)
                   : fmt_change(cm->c->lang, x, fmt_common_decimals(x, NAN, NAN, 3));
}

static const char *fmt_diff_ci(const struct compare *cm, double lo, double hi)
{
    return cm->pct ? fmt_ci_pp(cm->c->lang, lo, hi, 1, 1)
                   : fmt_ci_dec(cm->c->lang, lo, hi, fmt_common_decimals(NAN, lo, hi, 3), 1);
}

static const char *withheld(const struct eval_ctx *c)
{
    return L(c, "för få svar", "too few answers");
}

/* The difference between two groups in words, from its interval and its
 * Holm-adjusted p-value over the family of `m` comparisons. */
static void reading(const struct compare *cm, const struct stat_result *r, double holm, size_t m,
                    const char *a, const char *b, struct strbuf *sb)
{
    const struct eval_ctx *c = cm->c;
    strbuf_reset(sb);
    if (!stat_ok(r)) {
        strbuf_addf(sb, L(c, "kunde inte skattas: %s", "could not be estimated: %s"),
                    stat_why_text(c->lang, r));
        return;
    }
    if (!(r->std_error > 0)) {
        strbuf_addstr(sb, L(c, "ingen variation i svaren, så skillnaden har inget standardfel "
                               "och kan inte prövas",
                            "no variation in the answers, so the difference has no standard "
                            "error and cannot be tested"));
        return;
    }
    if (r->conf_low > 0 || r->conf_high < 0) {
        strbuf_addf(sb,
                    r->conf_low > 0 ? L(c, "%s högre än %s; intervallet utesluter ingen skillnad",
                                        "%s higher than %s; the interval excludes no difference")
                                    : L(c, "%s lägre än %s; intervallet utesluter ingen skillnad",
                                        "%s lower than %s; the interval excludes no difference"),
                    a, b);
        if (m > 1)
            strbuf_addstr(sb, holm < 1 - c->conf
                                  ? L(c, ", även efter Holm-justering",
                                      ", also after Holm adjustment")
                                  : L(c, ", men inte efter Holm-justering för jämförelserna",
                                      ", but not after Holm adjustment for the comparisons"));
        return;
    }
    strbuf_addf(sb, L(c, "ingen säker skillnad mellan %s och %s; intervallet omfattar noll",
                      "no clear difference between %s and %s; the interval covers zero"),
                a, b);
}

struct pair {
    size_t a, b;
};

static size_t make_pairs(const struct compare *cm, size_t k, struct pair **out)
{
    size_t n = 0;
    struct pair *p = xcalloc(k > 0 ? k * k : 1, sizeof(*p));
    if (cm->o->pairs_first) {
        for (size_t i = 1; i < k; i++)
            p[n++] = (struct pair){i, 0};
    } else {
        for (size_t i = 0; i < k; i++)
            for (size_t j = i + 1; j < k; j++)
                p[n++] = (struct pair){i, j};
    }
    *out = p;
    return n;
}

/* "KON: Kvinna vs Man" */
static char *pair_group(const struct grouping *gr, const struct pair *p)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s: %s vs %s", gr->id, gr->g[p->a].label_sv, gr->g[p->b].label_sv);
    return strbuf_detach(&sb);
}

static char *pair_text(const struct grouping *gr, const struct pair *p)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s − %s", gr->g[p->a].label, gr->g[p->b].label);
    return strbuf_detach(&sb);
}

/* What a grouping is, in words: "area" or the background question's text. */
static const char *grouping_name(const struct eval_ctx *c, const struct survey_data *d,
                                 const struct grouping *gr)
{
    if (gr->var < 0)
        return L(c, "område", "area");
    const struct cb_variable *bv = survey_var_any(d, (size_t)gr->var);
    const char *t = bv ? L(c, bv->text_sv, bv->text_en) : NULL;
    return t ? t : gr->id;
}

/* The answer of respondent i on the ordered scale, higher = worse; NaN when it has
 * none (no valid answer, or a code off the scale). */
static double scale_value(const struct compare *cm, size_t i)
{
    if (isnan(cm->y[i]))
        return NAN;
    const struct survey_data *d = cm->d;
    const struct cb_variable *var = survey_var_of(d, cm->var, i);
    int code = survey_code(d, cm->var, i, cm->harmonize);
    const struct cb_value *cv = var ? cb_variable_value(var, code) : NULL;
    return !cv || !cv->in_scale ? NAN : cm->reversed ? -(double)code : (double)code;
}

struct cliff_boot_ctx {
    struct compare *cm;
    const struct survey_design_index *x;
    const struct grouping *gr;
    const struct pair *pairs;
};

/* The interval of Cliff's delta of pair k: the design bootstrap (survey_boot.h),
 * through the run's seed (resample.h). */
static void cliff_interval(void *ctx, size_t k, struct stat_result *cd, struct strbuf *note)
{
    const struct cliff_boot_ctx *b = ctx;
    struct eval_ctx *c = b->cm->c;
    if (eval_collecting(c))
        return; /* the disclosure control's first pass: its numbers are thrown away */
    struct boot_options bo = eval_boot_options(c);
    struct boot_result br;
    struct survey_cliff_pair sp = {b->cm->d,      b->x, b->cm->wave_used, b->gr->group,
                                   b->cm->scale, b->pairs[k].a, b->pairs[k].b, SIZE_MAX};
    survey_cliff_boot(&sp, &bo, &br);
    if (eval_boot_apply(&br, &bo, cd, note))
        strbuf_addstr(note, b->x->psu ? "; resampling the PSUs within their strata"
                                      : "; resampling the respondents within their strata");
}

/* Unweighted two-group tests of every pair (group_tests.h). */
static void supporting_tests(struct compare *cm, const struct survey_design_index *x,
                             const struct grouping *gr, const struct pair *pairs, size_t np,
                             const bool *hide)
{
    struct eval_ctx *c = cm->c;
    struct tg_pair *tp = xcalloc(np ? np : 1, sizeof(*tp));
    for (size_t k = 0; k < np; k++)
        tp[k] = (struct tg_pair){&gr->g[pairs[k].a].ans, &gr->g[pairs[k].b].ans,
                                 pair_group(gr, &pairs[k]), pair_text(gr, &pairs[k]),
                                 hide[pairs[k].a] || hide[pairs[k].b],
                                 gr->g[pairs[k].a].label};
    /* the format ring is reused while the tests run: the title is copied */
    char *title = xstrdup(fmt_text(L(c, "Kompletterande test (ovägda): %s",
                                     "Supporting tests (unweighted): %s"),
                                   grouping_name(c, cm->d, gr)));
    struct tg_table tt = {
        .analysis = cm->o->id,
        .outcome = cm->outcome,
        .measure = cm->measure,
        .before_after = false,
        .title = title,
        .caption = L(c, "Ovägda test på de svarandes svar, första gruppen mot den andra; de "
                        "stöder de vägda skillnaderna ovan men ersätter dem inte. p (Holm): "
                        "justerat över jämförelserna av samma test.",
                     "Unweighted tests on the respondents' answers, the first group against "
                     "the second; they support the weighted differences above but do not "
                     "replace them. p (Holm): adjusted over the comparisons of the same test.")};
    struct cliff_boot_ctx bc = {cm, x, gr, pairs};
    tt.cliff_interval = cliff_interval;
    tt.ctx = &bc;
    tg_run(c, &tt, tp, np);
    free(title);
    for (size_t k = 0; k < np; k++) {
        free((char *)tp[k].group);
        free((char *)tp[k].text);
    }
    free(tp);
}

/* One grouping: the groups' estimates, the pairs' differences, the tests. */
static int grouping_part(struct compare *cm, const struct survey_design_index *x,
                         struct grouping *gr)
{
    struct eval_ctx *c = cm->c;
    const struct outcome *o = cm->o;
    const struct survey_data *d = cm->d;
    const char *what = grouping_name(c, d, gr);
    if (gr->k < 2) {
        doc_callout(c->survey, TONE_UNCERTAIN,
                    L(c, "%s: det finns färre än två grupper att jämföra.",
                      "%s: there are fewer than two groups to compare."),
                    what);
        return 0;
    }
    struct survey_groups sg = {d, x, cm->wave_used, cm->y, gr->group, gr->k};
    struct svy_estimate *est = xcalloc(gr->k, sizeof(*est));
    survey_groups_estimate(&sg, c->conf, est);
    if (survey_refuse_single_psu(c, o, est, gr->k)) {
        free(est);
        return 1;
    }
    bool *hide = xcalloc(gr->k, sizeof(bool));
    survey_groups_disclose(c, &sg, cm->var, hide);
    collect_values(cm, gr);

    /* the groups */
    const char *method = cm->pct ? "svyciprop" : "svymean";
    struct table *tg = table_new("compare_groups",
                                 fmt_text(L(c, "Grupper (vägt): %s", "Groups (weighted): %s"), what),
                                 4,
                                 (const char *const[]){L(c, "Grupp", "Group"),
                                                       L(c, "Svar", "Answers"),
                                                       L(c, "Skattning", "Estimate"),
                                                       eval_ci(c, CI_ABBR)},
                                 (const bool[]){false, true, true, true});
    size_t n_hidden = 0;
    for (size_t g = 0; g < gr->k; g++) {
        const struct svy_estimate *e = &est[g];
        const struct stat_result *r = cm->pct ? &e->prop : &e->mean;
        struct strbuf grp = STRBUF_INIT;
        strbuf_addf(&grp, "%s: %s", gr->id, gr->g[g].label_sv);
        add_row(cm, grp.buf, method, cm->pct ? "proportion" : "mean", r, hide[g], NULL);
        strbuf_release(&grp);
        n_hidden += hide[g];
        const char *n = hide[g] ? withheld(c) : fmt_num(c->lang, e->n_valid, 0);
        const char *val = hide[g]            ? ""
                          : e->n_valid == 0 ? L(c, "tom (inga svarande)", "empty (no respondents)")
                          : isnan(r->estimate) ? "–"
                                               : fmt_est(cm, r->estimate);
        const char *ci = hide[g] || e->n_valid == 0 || isnan(r->conf_low)
                             ? ""
                             : cm->pct ? fmt_ci(c->lang, r->conf_low, r->conf_high, 1, 1)
                                       : fmt_ci(c->lang, r->conf_low, r->conf_high, 3, 0);
        table_add_row(tg, (const char *const[]){gr->g[g].label, n, val, ci});
    }
    doc_table(c->survey, tg, NULL,
              fmt_text(L(c, "Vägda skattningar med hänsyn till urvalsdesignen; %s. Grupper med "
                            "färre än %d svar visas inte%s.",
                         "Weighted estimates allowing for the survey design; %s. Groups with "
                         "fewer than %d answers are not shown%s."),
                       eval_ci(c, CI_WORDS_PL), c->opt->min_cell,
                       n_hidden ? L(c, " (fler grupper döljs när de annars kunde räknas fram ur "
                                       "rapportens andra tabeller)",
                                    " (more groups are hidden when they could otherwise be "
                                    "worked out from the report's other tables)")
                                : ""));

    /* the pairs: design-based differences, one family */
    struct pair *pairs;
    size_t np = make_pairs(cm, gr->k, &pairs);
    int family = results_new_family(c->res);
    size_t *rows = xcalloc(np ? np : 1, sizeof(size_t));
    struct stat_result *diffs = xcalloc(np ? np : 1, sizeof(*diffs));
    for (size_t k = 0; k < np; k++) {
        size_t a = pairs[k].a, b = pairs[k].b;
        diffs[k] = survey_groups_diff(&sg, est, a, b, c->conf);
        for (int s = 0; s < 2; s++) {
            size_t e = s ? b : a;
            if (est[e].n_valid == 0)
                {
                stat_result_fail(&diffs[k], STAT_NOT_ESTIMABLE, STAT_R_GROUP_EMPTY_NAMED);
                stat_why_name(&diffs[k].why, gr->g[e].label_sv);
            };
        }
        char *group = pair_group(gr, &pairs[k]);
        struct strbuf note = STRBUF_INIT;
        if (stat_has_why(&diffs[k]))
            strbuf_addf(&note, "%s; ", stat_why_text("en", &diffs[k]));
        strbuf_addf(&note, "difference %s minus %s, weighted (svycontrast)", gr->g[a].label_sv,
                    gr->g[b].label_sv);
        struct result_row *row =
            add_row(cm, group, "svydiff", "group_difference", &diffs[k], hide[a] || hide[b],
                    note.buf);
        row->family = family;
        rows[k] = c->res->n - 1;
        strbuf_release(&note);
        free(group);
    }
    results_adjust(c->res);
    struct table *tc = table_new("compare_pairs",
                                 fmt_text(L(c, "Skillnader mellan grupperna (vägt): %s",
                                            "Differences between the groups (weighted): %s"),
                                          what),
                                 5,
                                 (const char *const[]){L(c, "Jämförelse", "Comparison"),
                                                       fmt_text(L(c, "Skillnad (%s)",
                                                                  "Difference (%s)"),
                                                                eval_ci(c, CI_ABBR)),
                                                       L(c, "p", "p"), L(c, "p (Holm)", "p (Holm)"),
                                                       L(c, "Läsning", "Reading")},
                                 (const bool[]){false, true, true, true, false});
    const char **cats = xcalloc(np ? np : 1, sizeof(*cats));
    char **texts = xcalloc(np ? np : 1, sizeof(*texts));
    double *fy = xcalloc(np ? np : 1, sizeof(double)), *flo = xcalloc(np ? np : 1, sizeof(double)),
           *fhi = xcalloc(np ? np : 1, sizeof(double));
    size_t nf = 0;
    struct strbuf rd = STRBUF_INIT;
    for (size_t k = 0; k < np; k++) {
        const struct result_row *rr = &c->res->rows[rows[k]];
        const struct stat_result *r = &diffs[k];
        texts[k] = pair_text(gr, &pairs[k]);
        if (rr->suppressed) {
            table_add_row(tc, (const char *const[]){texts[k], withheld(c), "", "", ""});
            continue;
        }
        reading(cm, r, rr->p_holm, np, gr->g[pairs[k].a].label, gr->g[pairs[k].b].label, &rd);
        char diff[200] = "";
        if (stat_ok(r))
            snprintf(diff, sizeof(diff), "%s (%s)", fmt_diff(cm, r->estimate),
                     fmt_diff_ci(cm, r->conf_low, r->conf_high));
        table_add_row(tc, (const char *const[]){texts[k], diff,
                                                isnan(r->p_value) ? "" : fmt_p(c->lang, r->p_value),
                                                isnan(rr->p_holm) ? "" : fmt_p(c->lang, rr->p_holm),
                                                rd.buf});
        if (stat_ok(r) && !isnan(r->conf_low)) {
            cats[nf] = texts[k];
            fy[nf] = r->estimate;
            flo[nf] = r->conf_low;
            fhi[nf] = r->conf_high;
            nf++;
        }
    }
    strbuf_release(&rd);
    doc_table(c->survey, tc, NULL,
              fmt_text(L(c, "Skillnad = första gruppen − andra, vägd, %s; för andelar i "
                            "procentenheter (p.e.). Standardfelet tar hänsyn till att grupperna "
                            "ingår i samma urval (samma strata och kluster). p (Holm): justerat "
                            "för att jämförelserna prövas tillsammans.",
                         "Difference = first group − second, weighted, %s; for shares in "
                         "percentage points (pp). The standard error allows for the groups being "
                         "part of the same sample (the same strata and clusters). p (Holm): "
                         "adjusted for testing the comparisons together."),
                       eval_ci(c, CI_WORDS_PL)));
    if (nf > 0) {
        char *name = eval_chart_name(c, o->id, gr->id);
        struct chart *ch = chart_new(CHART_FOREST, name,
                                     fmt_text(L(c, "Skillnader per %s", "Differences by %s"), what));
        free(name);
        chart_set_categories(ch, cats, nf);
        chart_add_series(ch, L(c, "Skillnad", "Difference"), nf, NULL, fy, flo, fhi, 0);
        ch->reference = 0;
        ch->percent = cm->pct;
        free(ch->xlabel); /* chart_new set it to "" */
        ch->xlabel = xstrdup(cm->pct ? L(c, "Skillnad, procentenheter", "Difference, percentage points")
                                     : L(c, "Skillnad", "Difference"));
        struct strbuf alt = STRBUF_INIT;
        for (size_t k = 0; k < nf; k++)
            strbuf_addf(&alt, "%s%s %s (%s)", k ? "; " : "", cats[k], fmt_diff(cm, fy[k]),
                        fmt_diff_ci(cm, flo[k], fhi[k]));
        free(ch->alt); /* chart_new set it to "" */
        ch->alt = strbuf_detach(&alt);
        doc_chart(c->survey, ch,
                  fmt_text(L(c, "Skillnader mellan grupperna med %s; linjen vid 0 är ingen "
                                "skillnad.",
                             "Differences between the groups with %s; the line at 0 is no "
                             "difference."),
                           eval_ci(c, CI_WORDS)));
    }
    supporting_tests(cm, x, gr, pairs, np, hide);
    for (size_t k = 0; k < np; k++)
        free(texts[k]);
    free(texts);
    free(cats);
    free(fy);
    free(flo);
    free(fhi);
    free(rows);
    free(diffs);
    free(pairs);
    free(hide);
    free(est);
    return 0;
}

static void grouping_free(struct grouping *gr)
{
    for (size_t g = 0; g < gr->k; g++) {
        free(gr->g[g].label);
        free(gr->g[g].label_sv);
        free(gr->g[g].codes);
        tg_side_release(&gr->g[g].ans);
    }
    free(gr->g);
    free(gr->group);
}

int analyze_compare(struct eval_ctx *c, const struct outcome *o)
{
    struct survey_data *d;
    int vi = survey_outcome_open(c, o, &d);
    if (vi < 0)
        return vi == -2 ? -1 : 0;
    const struct cb_variable *cbv = survey_var_any(d, (size_t)vi);
    const char *title = spec_text(o->title_sv, o->title_en, c->lang);
    struct compare cm = {.c = c, .o = o, .d = d, .var = (size_t)vi};
    cm.wave_used = xcalloc(d->n_waves ? d->n_waves : 1, sizeof(bool));
    for (size_t k = 0; k < o->waves.n; k++) {
        int w = survey_wave_index(d, o->waves.items[k]);
        if (w >= 0)
            cm.wave_used[w] = true;
    }
    if (o->area.n) {
        cm.in_area = xcalloc(c->n_area_names ? c->n_area_names : 1, sizeof(bool));
        int32_t *ids = xcalloc(o->area.n, sizeof(int32_t));
        eval_area_ids(c, &o->area, ids, NULL);
        for (size_t k = 0; k < o->area.n; k++)
            if (ids[k] > 0 && (size_t)ids[k] < c->n_area_names)
                cm.in_area[ids[k]] = true;
        free(ids);
    }
    char why[512];
    enum comparability comp =
        survey_comparability(d, cm.var, cm.wave_used, why, sizeof(why), c->lang);
    cm.harmonize = comp == COMPARABLE_HARMONIZED;
    cm.measure = survey_measure_for(d, cm.var, o->measure);
    cm.pct = cm.measure == MEASURE_INDICATOR;
    cm.reversed = cbv->reversed;
    const char *ind_label = L(c, cbv->indicator_label_sv, cbv->indicator_label_en);
    cm.outcome = survey_outcome_id(cbv, cm.measure, NULL);
    char *otitle = survey_outcome_id(cbv, cm.measure, ind_label);
    results_set_title(c->res, o->id, cm.outcome, otitle);
    free(otitle);
    cm.y = xmalloc((d->n ? d->n : 1) * sizeof(double));
    for (size_t w = 0; w < d->n_waves; w++)
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++)
            cm.y[i] = cm.wave_used[w] ? survey_value(d, cm.var, i, cm.measure, cm.harmonize) : NAN;
    cm.scale = xmalloc((d->n ? d->n : 1) * sizeof(double));
    for (size_t i = 0; i < d->n; i++)
        cm.scale[i] = scale_value(&cm, i);

    /* what is compared, in words */
    struct strbuf waves = STRBUF_INIT, areas = STRBUF_INIT;
    for (size_t k = 0; k < o->waves.n; k++)
        strbuf_addf(&waves, "%s%s", k ? ", " : "", o->waves.items[k]);
    if (o->area.n)
        name_set_join(&o->area, &areas);
    else
        strbuf_addstr(&areas, L(c, "alla områden", "all areas"));
    const char *vt = L(c, cbv->text_sv, cbv->text_en);
    if (cm.pct) {
        struct strbuf codes = STRBUF_INIT;
        for (size_t k = 0; k < cbv->n_values; k++)
            if (cbv->values[k].indicator)
                strbuf_addf(&codes, "%s%s", codes.len ? ", " : "",
                            L(c, cbv->values[k].label_sv, cbv->values[k].label_en));
        doc_paragraph(c->survey,
                      L(c, "Fråga %s: \"%s\". Måttet är andelen som svarar %s (%s), vägd. "
                           "Grupperna jämförs inom samma undersökning: %s. Svarande: %s.",
                        "Question %s: \"%s\". The measure is the share answering %s (%s), "
                        "weighted. The groups are compared within the same survey: %s. "
                        "Respondents: %s."),
                      cbv->id, vt ? vt : cbv->id, codes.buf, ind_label ? ind_label : "",
                      waves.buf, areas.buf);
        strbuf_release(&codes);
    } else {
        doc_paragraph(c->survey,
                      L(c, "Fråga %s: \"%s\". Måttet är %s, vägt. Grupperna jämförs inom samma "
                           "undersökning: %s. Svarande: %s.",
                        "Question %s: \"%s\". The measure is the %s, weighted. The groups are "
                        "compared within the same survey: %s. Respondents: %s."),
                      cbv->id, vt ? vt : cbv->id,
                      cm.measure == MEASURE_SCORE ? L(c, "medelpoängen", "mean score")
                                                  : L(c, "medelvärdet på svarsskalan",
                                                      "mean on the answer scale"),
                      waves.buf, areas.buf);
    }
    if (comp == COMPARABLE_HARMONIZED)
        doc_callout(c->survey, TONE_INFO, "%s", why);
    else if (comp == COMPARABLE_NO) {
        doc_callout(c->survey, TONE_BAD, "%s", why);
        eval_caveat(c, "%s", why);
    }

    const struct survey_design_index *x = survey_design(d);
    int refused = 0;
    for (size_t b = 0; b < o->subgroups.n && !refused; b++) {
        struct grouping gr = {.id = o->subgroups.items[b], .var = -1};
        if (!strcmp(gr.id, "area")) {
            build_area_groups(&cm, &gr);
        } else {
            gr.var = survey_var_index(d, gr.id);
            if (gr.var < 0) {
                doc_callout(c->survey, TONE_UNCERTAIN,
                            L(c, "Bakgrundsfrågan %s finns inte i de importerade svaren.",
                              "The background question %s is not in the imported answers."),
                            gr.id);
                continue;
            }
            build_code_groups(&cm, &gr);
        }
        refused = grouping_part(&cm, x, &gr);
        grouping_free(&gr);
    }

    if (!refused) {
        eval_record_design(c, o->id, 1,
                           L(c, "Grupper jämförda inom samma undersökning (tvärsnitt): en "
                                "skillnad mellan grupper visar inte vad en insats har gjort.",
                             "Groups compared within the same survey (cross-sectional): a "
                             "difference between groups does not show what a measure did."));
        doc_paragraph(c->methods,
                      L(c, "%s: vägda andelar och medelvärden per grupp och skillnaden mellan "
                           "två grupper som en kontrast med Taylor-linjäriserat standardfel, där "
                           "gruppernas kovarians i samma urval ingår (R: svyby(~y, ~grupp, design, "
                           "svymean, covmat = TRUE); svycontrast(b, c(A = 1, B = -1)); samma "
                           "skattning och standardfel som svyttest(y ~ grupp, design)), prövad "
                           "som i svyttest med t-fördelningen på designens frihetsgrader "
                           "(primära urvalsenheter med svar i de två grupperna minus deras "
                           "strata minus 1), som också ger intervallet. "
                           "Jämförelserna per gruppering justeras med Holm och "
                           "Benjamini–Hochberg (p.adjust). Ovägda test per par: prop.test, "
                           "t.test, wilcox.test(exact = FALSE), chisq.test, och Cliffs delta "
                           "med ett BCa-bootstrapintervall där urvalets primära urvalsenheter "
                           "dras om inom sina strata (R: boot(..., strata = stratum); "
                           "boot.ci(type = \"bca\")).",
                        "%s: weighted shares and means per group and the difference between two "
                        "groups as a contrast with a Taylor-linearised standard error that "
                        "includes the groups' covariance within the same sample (R: svyby(~y, "
                        "~group, design, svymean, covmat = TRUE); svycontrast(b, c(A = 1, B = "
                        "-1)); the same estimate and standard error as svyttest(y ~ group, "
                        "design)), tested as svyttest does with the t distribution on the "
                        "design's degrees of freedom (primary sampling units with answers in "
                        "the two groups minus their strata minus 1), which also gives the "
                        "interval. The comparisons of each grouping are adjusted with Holm and "
                        "Benjamini–Hochberg (p.adjust). Unweighted tests per pair: prop.test, "
                        "t.test, wilcox.test(exact = FALSE), chisq.test, and Cliff's delta with "
                        "a BCa bootstrap interval that resamples the survey's primary sampling "
                        "units within their strata (R: boot(..., strata = stratum); "
                        "boot.ci(type = \"bca\"))."),
                      title ? title : cbv->id);
        survey_document_fpc(c, d, title ? title : cbv->id);
    }
    strbuf_release(&waves);
    strbuf_release(&areas);
    free(cm.wave_used);
    free(cm.in_area);
    free(cm.outcome);
    free(cm.y);
    free(cm.scale);
    return refused;
}
