/*
 * evaluate — see evaluate.h and context.h.
 */
#include "eval/reason.h"
#include "eval/evaluate.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "eval/disclosure.h"
#include "eval/criteria_date.h"
#include "eval/asof.h"
#include "eval/format.h"
#include "eval/methods.h"
#include "eval/survey_disclose.h"
#include "eval/survey_stream.h"
#include "eval/wording.h"
#include "stats/its.h"
#include "store/catalog.h"
#include "store/survey_read.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int analyse_all(struct eval_ctx *c, struct evaluation *ev);
static int known_then(struct eval_ctx *now, struct date when, struct evaluation *then,
                      struct diag_list *dl);
static void write_known_then(struct eval_ctx *c, const struct evaluation *ev, struct doc *d);

/* ------------------------------------------------------------------ context helpers */

const char *L(const struct eval_ctx *c, const char *sv, const char *en)
{
    return spec_text(sv, en, c->lang);
}

const char *eval_ci(const struct eval_ctx *c, enum ci_form form)
{
    return fmt_ci_label(c->lang, c->conf, form);
}

const char *eval_area_name(const struct eval_ctx *c, int32_t id)
{
    if (id <= 0 || (size_t)id >= c->n_area_names || !c->area_names[id])
        return "";
    return c->area_names[id];
}

bool eval_area_ids(const struct eval_ctx *c, const struct name_set *s, int32_t *ids,
                   const char **missing)
{
    for (size_t i = 0; i < s->n; i++) {
        ids[i] = 0;
        for (size_t k = 1; k < c->n_area_names; k++)
            if (c->area_names[k] && !strcmp(c->area_names[k], s->names[i])) {
                ids[i] = (int32_t)k;
                break;
            }
        if (!ids[i]) {
            if (missing)
                *missing = s->names[i];
            return false;
        }
    }
    return true;
}

static void add_unique(char ***list, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*list)[i], s))
            return;
    *list = xrealloc(*list, (*n + 1) * sizeof(**list));
    (*list)[(*n)++] = xstrdup(s);
}

/* Loaded surveys by what was loaded: the survey key and its variables. */
struct eval_survey_cache {
    char **keys;
    struct survey_data *data;
    size_t n;
};

struct eval_survey_cache *eval_survey_cache_new(void)
{
    return xcalloc(1, sizeof(struct eval_survey_cache));
}

void eval_survey_cache_free(struct eval_survey_cache *cache)
{
    if (!cache)
        return;
    for (size_t i = 0; i < cache->n; i++) {
        free(cache->keys[i]);
        survey_data_release(&cache->data[i]);
    }
    free(cache->keys);
    free(cache->data);
    free(cache);
}

bool eval_collecting(const struct eval_ctx *c)
{
    return c->opt->collecting;
}

/* What a survey was loaded with, as one string. */
static char *cache_key(const struct survey_data *d)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, d->survey);
    for (size_t v = 0; v < d->n_vars; v++)
        strbuf_addf(&sb, "\x1f%s", d->var_ids[v]);
    return strbuf_detach(&sb);
}

static int note_import(void *ctx, long long import_id)
{
    eval_note_import(ctx, import_id);
    return 0;
}

struct survey_data *eval_survey(struct eval_ctx *c, const char *survey)
{
    for (size_t i = 0; i < c->n_surveys; i++)
        if (!strcmp(c->surveys[i].survey, survey))
            return &c->surveys[i];
    /* the as-of pass reads the full run's copy (not its array: that is not grown here) */
    for (size_t i = 0; c->surveys_of && i < c->surveys_of->n_surveys; i++)
        if (!strcmp(c->surveys_of->surveys[i].survey, survey))
            return &c->surveys_of->surveys[i];
    /* every variable any outcome of this survey mentions, loaded in one pass */
    char **vars = NULL;
    size_t n = 0;
    for (size_t i = 0; i < c->spec->n_outcomes; i++) {
        const struct outcome *o = &c->spec->outcomes[i];
        if ((o->kind != OUTCOME_SURVEY && o->kind != OUTCOME_TREND &&
             o->kind != OUTCOME_COMPARE && o->kind != OUTCOME_DESCRIBE) || !o->survey ||
            strcmp(o->survey, survey))
            continue;
        for (size_t q = 0; q < o->questions.n; q++)
            add_unique(&vars, &n, o->questions.items[q]);
        for (size_t g = 0; g < o->subgroups.n; g++)
            if (strcmp(o->subgroups.items[g], "area"))
                add_unique(&vars, &n, o->subgroups.items[g]);
    }
    /* the classes the run's disclosure control already has of these questions may
     * have been made with other background variables (another spec): loaded too, so
     * that they can be turned into lists */
    for (size_t v = 0, nq = n; v < nq; v++) {
        char *tv[SURVEY_REFINE_MAX];
        size_t nt = survey_disclose_tag_vars(c, survey, vars[v], tv);
        for (size_t k = 0; k < nt; k++) {
            add_unique(&vars, &n, tv[k]);
            free(tv[k]);
        }
    }
    /* the cells refined by the subgroups' background variables (survey_stream.h) */
    const char *refine[SURVEY_REFINE_MAX];
    size_t n_refine = survey_stream_refine(c->spec, survey, refine);
    char *tag = survey_disclose_tag(refine, n_refine);
    /* without a row per respondent when every analysis of it computes from the
     * answer-code cells (eval/survey_stream.h) and the run's disclosure control still
     * tells its cells in classes of answer codes made alike */
    bool stream = survey_stream_suits(c->spec, survey) &&
                  survey_disclose_classes_open(c, survey, (const char *const *)vars, n, tag);
    free(tag);
    struct survey_data d;
    int rc = 1;
    struct eval_survey_cache *cache = c->opt->survey_cache;
    for (size_t i = 0; cache && !eval_collecting(c) && i < cache->n && rc; i++) {
        /* loaded by the collecting pass?  (the same variables first; the codebooks'
         * additions follow them) */
        const struct survey_data *e = &cache->data[i];
        bool same = !strcmp(e->survey, survey) && e->n_vars >= n && (stream || !e->cells_only) &&
                    e->n_refine == n_refine;
        for (size_t v = 0; same && v < n; v++)
            same = !strcmp(e->var_ids[v], vars[v]);
        for (size_t r = 0; same && r < n_refine; r++) /* cells refined alike */
            same = !strcmp(e->var_ids[e->refine[r]], refine[r]);
        if (!same)
            continue;
        d = cache->data[i];
        free(cache->keys[i]);
        cache->n--;
        cache->keys[i] = cache->keys[cache->n];
        cache->data[i] = cache->data[cache->n];
        rc = 0;
    }
    if (rc) {
        rc = survey_data_load_refined(c->st, survey, (const char *const *)vars, n, refine,
                                      n_refine, stream, &d, c->dl);
        /* the codebooks may name more variables the analyses read: the answer mode and the
         * follow-up questions of harmonised indicators; load again with them */
        size_t n0 = n;
        for (size_t k = 0; rc == 0 && k < d.n_codebooks; k++) {
            const struct codebook *cb = d.codebooks[k];
            if (cb->mode_var)
                add_unique(&vars, &n, cb->mode_var);
            for (size_t v = 0; v < n0; v++) {
                const struct cb_variable *cv = d.var_in[k * d.n_vars + v];
                for (size_t t = 0; cv && t < cv->n_hterms; t++)
                    if (cv->hterms[t].cond_var)
                        add_unique(&vars, &n, cv->hterms[t].cond_var);
            }
        }
        if (rc == 0 && n > n0) {
            survey_data_release(&d);
            rc = survey_data_load_refined(c->st, survey, (const char *const *)vars, n, refine,
                                          n_refine, stream, &d, c->dl);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(vars[i]);
    free(vars);
    if (rc != 0) {
        survey_data_release(&d);
        return NULL;
    }
    /* provenance: the imports of this survey */
    store_survey_imports(c->st, d.survey_id, note_import, c, c->dl);
    c->surveys = xrealloc(c->surveys, (c->n_surveys + 1) * sizeof(*c->surveys));
    c->surveys[c->n_surveys] = d;
    return &c->surveys[c->n_surveys++];
}

struct date eval_outcome_date(const struct eval_ctx *c, const struct outcome *o)
{
    if (o->has_date)
        return o->date;
    return c->start;
}

void eval_record(struct eval_ctx *c, const char *outcome, const char *term, const char *group,
                 const struct stat_result *r, bool ratio, bool lower_is_better, const char *label)
{
    c->recorded = xrealloc(c->recorded, (c->n_recorded + 1) * sizeof(*c->recorded));
    struct recorded *rec = &c->recorded[c->n_recorded++];
    rec->outcome = xstrdup(outcome);
    rec->term = xstrdup(term);
    rec->group = xstrdup(group ? group : "");
    rec->r = *r;
    rec->ratio = ratio;
    rec->lower_is_better = lower_is_better;
    rec->share = false;
    rec->label = xstrdup(label ? label : "");
}

void eval_record_design(struct eval_ctx *c, const char *outcome, int level, const char *why)
{
    c->designs = xrealloc(c->designs, (c->n_designs + 1) * sizeof(*c->designs));
    struct design_strength *d = &c->designs[c->n_designs++];
    d->outcome = xstrdup(outcome);
    d->level = level;
    d->why = xstrdup(why ? why : "");
    d->days = false;
    d->police = false;
}

void eval_record_police(struct eval_ctx *c, const char *outcome)
{
    for (size_t d = 0; d < c->n_designs; d++)
        if (!strcmp(c->designs[d].outcome, outcome))
            c->designs[d].police = true;
}

static bool outcome_police(const struct eval_ctx *c, const char *outcome)
{
    for (size_t d = 0; d < c->n_designs; d++)
        if (c->designs[d].police && !strcmp(c->designs[d].outcome, outcome))
            return true;
    return false;
}

void eval_record_design_days(struct eval_ctx *c, const char *outcome, int level, const char *why)
{
    eval_record_design(c, outcome, level, why);
    c->designs[c->n_designs - 1].days = true;
}

void eval_record_effect(struct eval_ctx *c, const struct effect_basis *e)
{
    c->effects = xrealloc(c->effects, (c->n_effects + 1) * sizeof(*c->effects));
    struct effect_basis *d = &c->effects[c->n_effects++];
    *d = *e;
    d->outcome = xstrdup(e->outcome);
    d->term = xstrdup(e->term ? e->term : "");
    d->unit = xstrdup(e->unit ? e->unit : "");
}

void eval_record_falsification(struct eval_ctx *c, const char *outcome, const char *term,
                               enum falsification_status status, const char *what)
{
    c->falsifications =
        xrealloc(c->falsifications, (c->n_falsifications + 1) * sizeof(*c->falsifications));
    struct falsification *f = &c->falsifications[c->n_falsifications++];
    f->outcome = xstrdup(outcome);
    f->term = xstrdup(term);
    f->status = status;
    f->what = xstrdup(what ? what : "");
}

void eval_record_placebo(struct eval_ctx *c, const char *outcome, const char *term,
                         bool done, bool passed, double p, size_t n_placebo, const char *why)
{
    c->placebo_checks = xrealloc(c->placebo_checks,
                                 (c->n_placebo_checks + 1) * sizeof(*c->placebo_checks));
    struct placebo_check *f = &c->placebo_checks[c->n_placebo_checks++];
    f->outcome = xstrdup(outcome);
    f->term = xstrdup(term);
    f->done = done;
    f->passed = done && passed;
    f->p = done ? p : NAN;
    f->n_placebo = n_placebo;
    f->why = xstrdup(why ? why : "");
    if (done && isfinite(p)) {
        char what[128];
        snprintf(what, sizeof(what), L(c, "placebotest i tiden, p = %s", "placebo in time, p = %s"),
                 fmt_p(c->lang, p));
        eval_record_falsification(c, outcome, term,
                                  f->passed ? FALSIFICATION_PASSED : FALSIFICATION_FAILED,
                                  what);
    }
}

const struct placebo_check *eval_placebo_check(const struct eval_ctx *c, const char *outcome,
                                               const char *term)
{
    for (size_t i = 0; i < c->n_placebo_checks; i++)
        if (!strcmp(c->placebo_checks[i].outcome, outcome) &&
            !strcmp(c->placebo_checks[i].term, term))
            return &c->placebo_checks[i];
    return NULL;
}

void eval_note_import(struct eval_ctx *c, long long import_id)
{
    for (size_t i = 0; i < c->n_imports_used; i++)
        if (c->imports_used[i] == import_id)
            return;
    c->imports_used = xrealloc(c->imports_used, (c->n_imports_used + 1) * sizeof(long long));
    c->imports_used[c->n_imports_used++] = import_id;
}

void eval_caveat(struct eval_ctx *c, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < c->n_caveats; i++)
        if (!strcmp(c->caveats[i], sb.buf)) {
            strbuf_release(&sb);
            return;
        }
    c->caveats = xrealloc(c->caveats, (c->n_caveats + 1) * sizeof(*c->caveats));
    c->caveats[c->n_caveats++] = strbuf_detach(&sb);
}

void eval_note_comparability(struct eval_ctx *c, const char *outcome, const char *text)
{
    for (size_t i = 0; i + 1 < c->n_comparability; i += 2)
        if (!strcmp(c->comparability[i], outcome) && !strcmp(c->comparability[i + 1], text))
            return;
    c->comparability = xrealloc(c->comparability, (c->n_comparability + 2) * sizeof(char *));
    c->comparability[c->n_comparability++] = xstrdup(outcome);
    c->comparability[c->n_comparability++] = xstrdup(text);
}

void eval_record_counts(struct eval_ctx *c, const struct count_profile *p)
{
    if (eval_count_profile(c, p->outcome))
        return;
    c->count_profiles = xrealloc(c->count_profiles,
                                 (c->n_count_profiles + 1) * sizeof(*c->count_profiles));
    struct count_profile *q = &c->count_profiles[c->n_count_profiles++];
    *q = *p;
    q->outcome = xstrdup(p->outcome);
}

const struct count_profile *eval_count_profile(const struct eval_ctx *c, const char *outcome)
{
    for (size_t i = 0; i < c->n_count_profiles; i++)
        if (!strcmp(c->count_profiles[i].outcome, outcome))
            return &c->count_profiles[i];
    return NULL;
}

/* Appends up to `max` bytes of s as [a-z0-9_-] (ids come from specs and codebooks). */
static void add_file_safe(struct strbuf *sb, const char *s, size_t max)
{
    for (size_t k = 0; s[k] && k < max; k++) {
        char ch = s[k];
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')
            strbuf_addch(sb, ch);
        else if (ch >= 'A' && ch <= 'Z')
            strbuf_addch(sb, ch + 32);
        else
            strbuf_addch(sb, '_');
    }
}

char *eval_chart_name(struct eval_ctx *c, const char *outcome, const char *what)
{
    struct strbuf sb = STRBUF_INIT;
    /* short enough for the 64-byte limit of chart names with the sequence number */
    add_file_safe(&sb, outcome, 32);
    strbuf_addch(&sb, '-');
    add_file_safe(&sb, what, 20);
    strbuf_addf(&sb, "-%d", ++c->chart_seq);
    return strbuf_detach(&sb);
}

/* ------------------------------------------------------------------ setup */

/* One area (store_area_fn): its name at c->area_names[id]. */
static int add_area(void *ctx, long long id, const char *name)
{
    struct eval_ctx *c = ctx;
    if (id <= 0 || id > INT32_MAX)
        return 0;
    if ((size_t)id >= c->n_area_names) {
        size_t n = (size_t)id + 1;
        c->area_names = xrealloc(c->area_names, n * sizeof(*c->area_names));
        for (size_t i = c->n_area_names; i < n; i++)
            c->area_names[i] = NULL;
        c->n_area_names = n;
    }
    c->area_names[id] = xstrdup(name);
    return 0;
}

static int load_areas(struct eval_ctx *c)
{
    return store_areas(c->st, add_area, c, c->dl);
}

/* Every row of the interventions table (the package around the components is found
 * per outcome, eval/package.h); the evaluation starts with its earliest component
 * unless the spec gives a start. */
static int load_interventions(struct eval_ctx *c)
{
    const struct spec *s = c->spec;
    if (interventions_load(c->st, s, &c->interventions, &c->n_interventions, c->dl) != 0)
        return -1;
    for (size_t i = 0; i < c->n_interventions; i++)
        if (c->interventions[i].component)
            eval_note_import(c, c->interventions[i].import_id);
    c->has_start = s->has_start;
    c->start = s->start;
    if (!c->has_start)
        for (size_t i = 0; i < c->n_interventions; i++)
            if (c->interventions[i].component &&
                (!c->has_start || date_compare(c->interventions[i].start, c->start) < 0)) {
                c->start = c->interventions[i].start;
                c->has_start = true;
            }
    return 0;
}

/* ------------------------------------------------------------------ criteria */

const char *verdict_name(enum verdict v)
{
    switch (v) {
    case VERDICT_MET:
        return "met";
    case VERDICT_NOT_MET:
        return "not met";
    case VERDICT_INCONCLUSIVE:
        return "inconclusive";
    }
    return "?";
}

static bool compare(double x, enum criterion_op op, double v)
{
    switch (op) {
    case OP_LT:
        return x < v;
    case OP_LE:
        return x <= v;
    case OP_GT:
        return x > v;
    case OP_GE:
        return x >= v;
    }
    return false;
}

/*
 * A rule on a confidence bound is met when that bound satisfies it.  When it is not,
 * the verdict is "not met" if the whole interval lies on the wrong side of the value,
 * and "inconclusive" if the interval still reaches the side the rule asks for: the
 * data neither show the effect nor rule it out.
 */
static enum verdict judge(const struct criterion *cr, const struct stat_result *r)
{
    double x = cr->bound == BOUND_ESTIMATE ? r->estimate
               : cr->bound == BOUND_CONF_LOW ? r->conf_low
                                             : r->conf_high;
    if (isnan(x))
        return VERDICT_INCONCLUSIVE;
    if (compare(x, cr->op, cr->value))
        return VERDICT_MET;
    if (cr->bound == BOUND_ESTIMATE) /* "not met" says the whole interval is on the wrong
                                        side: an end of it that satisfies the rule makes it
                                        inconclusive, as for a rule on a bound */
        return (!isnan(r->conf_low) && compare(r->conf_low, cr->op, cr->value)) ||
                       (!isnan(r->conf_high) && compare(r->conf_high, cr->op, cr->value))
                   ? VERDICT_INCONCLUSIVE
                   : VERDICT_NOT_MET;
    double other = cr->bound == BOUND_CONF_LOW ? r->conf_high : r->conf_low;
    if (isnan(other))
        return VERDICT_NOT_MET;
    return compare(other, cr->op, cr->value) ? VERDICT_INCONCLUSIVE : VERDICT_NOT_MET;
}

static const struct recorded *find_recorded(const struct eval_ctx *c, const char *outcome,
                                            const char *term, const char *group)
{
    for (size_t i = 0; i < c->n_recorded; i++) {
        const struct recorded *r = &c->recorded[i];
        if (!strcmp(r->outcome, outcome) && !strcmp(r->term, term) &&
            !strcmp(r->group, group ? group : ""))
            return r;
    }
    return NULL;
}

const char *certainty_name(enum certainty v)
{
    switch (v) {
    case CERTAINTY_STRONG:
        return "strong";
    case CERTAINTY_MODERATE:
        return "moderate";
    case CERTAINTY_WEAK:
        return "weak";
    case CERTAINTY_INSUFFICIENT:
        return "insufficient";
    }
    return "?";
}

/* The term without a "_delivered" suffix (the estimate restricted to delivered months
 * is checked and compared as the estimate it restricts). */
static void base_term(const char *term, char *buf, size_t size)
{
    snprintf(buf, size, "%s", term);
    size_t n = strlen(buf), k = strlen("_delivered");
    if (n > k && !strcmp(buf + n - k, "_delivered"))
        buf[n - k] = '\0';
}

static int outcome_level(const struct eval_ctx *c, const char *outcome)
{
    int level = 0;
    for (size_t d = 0; d < c->n_designs; d++)
        if (!strcmp(c->designs[d].outcome, outcome))
            level = c->designs[d].level;
    return level;
}

/* -1 a clear fall (interval below no change), +1 a clear rise, 0 neither. */
static int clear_direction(const struct stat_result *r, bool ratio)
{
    if (!stat_ok(r))
        return 0;
    double null = ratio ? 1.0 : 0.0;
    if (r->conf_high < null)
        return -1;
    if (r->conf_low > null)
        return 1;
    return 0;
}

/*
 * Minimum detectable effect (Bloom 1995): (z_{1-a/2} + z_{0.8}) SE, the SE read back
 * from the interval (on the log scale for a ratio), so it is that of the design and
 * data behind this very estimate.  A ratio is returned as the ratio of the smallest
 * detectable fall (exp(-mde)), a difference as its size.
 */
static double min_detectable(const struct stat_result *r, bool ratio, double conf)
{
    if (!stat_ok(r) || !isfinite(r->conf_low) || !isfinite(r->conf_high))
        return NAN;
    double z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2), k = z + gsl_cdf_ugaussian_Pinv(0.8);
    if (ratio) {
        if (!(r->conf_low > 0))
            return NAN;
        return exp(-k * (log(r->conf_high) - log(r->conf_low)) / (2 * z));
    }
    return k * (r->conf_high - r->conf_low) / (2 * z);
}

/* Met by a rule on the point estimate while an end of the interval does not satisfy it:
 * the data do not decide the rule, whatever the point estimate says. */
static bool met_on_point_only(const struct criterion *cr, const struct stat_result *r,
                              enum verdict v)
{
    if (v != VERDICT_MET || cr->bound != BOUND_ESTIMATE)
        return false;
    return (!isnan(r->conf_low) && !compare(r->conf_low, cr->op, cr->value)) ||
           (!isnan(r->conf_high) && !compare(r->conf_high, cr->op, cr->value));
}

/* +1 when the interval shows a clear rise where the rule asks for a fall (or a value
 * below something), -1 a clear fall where it asks for a rise, 0 otherwise: a change
 * the other way from the one the steering group hoped for, said as plainly as a
 * benefit is. */
static int wrong_way(const struct criterion *cr, const struct stat_result *r, bool ratio)
{
    int dir = clear_direction(r, ratio);
    bool wants_lower = cr->op == OP_LT || cr->op == OP_LE;
    return (wants_lower && dir > 0) || (!wants_lower && dir < 0) ? dir : 0;
}

static enum certainty grade(const struct criterion_outcome *co)
{
    if (!co->found || !stat_ok(&co->r) || co->verdict == VERDICT_INCONCLUSIVE ||
        co->design_level < 2)
        return CERTAINTY_INSUFFICIENT;
    if (co->point_only) /* no interval that decides: never more than weak */
        return CERTAINTY_WEAK;
    /* a stronger design in the same report that does not bear the estimate out: a
     * passed placebo of the weaker one cannot make up for it */
    if (co->has_other && co->disagrees && co->other_level > co->design_level)
        return CERTAINTY_WEAK;
    if (co->design_level >= 3)
        return co->falsified == 0 ? CERTAINTY_STRONG
               : co->falsified == 1 ? CERTAINTY_WEAK
                                    : CERTAINTY_MODERATE;
    return co->falsified == 0 ? CERTAINTY_MODERATE : CERTAINTY_WEAK;
}

/*
 * Sparse counts (REPORTING.md rule 5: grade the certainty).  The count models' Wald
 * intervals and their placebo and regression-to-the-mean checks rest on counts large
 * enough for the normal approximation on the log scale; with about one event a month
 * most of the signal is which months happen to have one.  Sparse: fewer than
 * SPARSE_PER_MONTH events a month on average, or SPARSE_ZERO_SHARE of the months or
 * more without any -- the certainty is one step lower.  Very sparse: fewer than
 * VERY_SPARSE_PER_MONTH a month, or fewer than VERY_SPARSE_SIDE events before or after
 * the start -- weak at most, whatever the design.
 */
#define SPARSE_PER_MONTH 2.0
#define SPARSE_ZERO_SHARE 0.25
#define VERY_SPARSE_PER_MONTH 1.0
#define VERY_SPARSE_SIDE 10.0
/* Fewer months than a year on a side of the start: a season cannot be told from a
 * change (each calendar month seen once at most on that side). */
#define FEW_SIDE_MONTHS 12

static bool term_uses_comparison(const char *base)
{
    return !strcmp(base, "did") || !strcmp(base, "res") || !strcmp(base, "wdq") ||
           !strcmp(base, "wdd");
}

/* The recording change and the sparseness of the counts behind a criterion's estimate
 * (eval_record_counts), and what they do to its certainty. */
static void judge_counts(const struct eval_ctx *c, struct criterion_outcome *co,
                         const char *base)
{
    const struct count_profile *p = eval_count_profile(c, co->criterion->outcome);
    if (!p || !p->months)
        return;
    if (p->recording && p->recording_inside) {
        co->recording_month = p->recording_month;
        co->recording_step = p->recording_step;
        if (!strcmp(base, "level_change") || !strcmp(base, "slope_change"))
            co->recording = stat_ok(&p->recording_step) ? RECORDING_IN_MODEL : RECORDING_MIXED_IN;
        else if (!strcmp(base, "did") && p->did_step_in_model && stat_ok(&p->did_step)) {
            co->recording = RECORDING_IN_CONTRAST;
            co->recording_step = p->did_step;
            co->recording_target_only = p->did_step_target_only;
        } else if (term_uses_comparison(base) || !strcmp(base, "synthetic"))
            co->recording = RECORDING_CONTRAST;
        else
            co->recording = RECORDING_MIXED_IN;
    }
    double per = p->events / (double)p->months;
    double zeros = (double)p->zero_months / (double)p->months;
    if (term_uses_comparison(base) && p->has_comparison && p->comparison_months) {
        double cper = p->comparison_events / (double)p->comparison_months;
        double czeros = (double)p->comparison_zero_months / (double)p->comparison_months;
        per = cper < per ? cper : per;
        zeros = czeros > zeros ? czeros : zeros;
    }
    co->events_per_month = per;
    co->zero_month_share = zeros;
    co->events_before = p->events_before;
    co->events_after = p->events_after;
    co->months_before = p->months_before;
    co->months_after = p->months_after;
    co->few_months = p->months_before < FEW_SIDE_MONTHS || p->months_after < FEW_SIDE_MONTHS;
    co->very_sparse = per < VERY_SPARSE_PER_MONTH || p->events_before < VERY_SPARSE_SIDE ||
                      p->events_after < VERY_SPARSE_SIDE;
    co->sparse = co->very_sparse || per < SPARSE_PER_MONTH || zeros >= SPARSE_ZERO_SHARE;
}

/* The grade lowered for what the counts cannot carry: sparse counts one step (very
 * sparse ones to weak), and a recording change the estimate cannot separate to weak. */
static enum certainty counts_grade(const struct criterion_outcome *co, enum certainty g)
{
    if (g == CERTAINTY_INSUFFICIENT)
        return g;
    if (co->very_sparse && g < CERTAINTY_WEAK)
        g = CERTAINTY_WEAK;
    else if (co->sparse && g < CERTAINTY_WEAK)
        g = (enum certainty)(g + 1);
    if (co->few_months && g < CERTAINTY_WEAK)
        g = (enum certainty)(g + 1);
    if (co->recording == RECORDING_MIXED_IN && g < CERTAINTY_WEAK)
        g = CERTAINTY_WEAK;
    return g;
}

static const struct effect_basis *find_effect(const struct eval_ctx *c, const char *outcome,
                                              const char *term)
{
    const struct effect_basis *fallback = NULL;
    for (size_t e = 0; e < c->n_effects; e++) {
        const struct effect_basis *eb = &c->effects[e];
        if (strcmp(eb->outcome, outcome))
            continue;
        if (!strcmp(eb->term, term))
            return eb;
        if (!*eb->term)
            fallback = eb;
    }
    return fallback;
}

/* The after period of an outcome: from its start to the end of its window (the last
 * after wave's year for a survey). */
static void after_period(const struct eval_ctx *c, const struct outcome *o,
                         const struct package *p, struct date *from, struct date *to)
{
    *from = eval_outcome_date(c, o);
    *to = p->to;
    if (c->has_cutoff) { /* as of a date: the months complete by then (asof.h) */
        struct date last = asof_last_month(c->cutoff);
        last.day = date_days_in_month(last.year, last.month);
        if (date_compare(last, *to) < 0)
            *to = last;
    }
}

static bool cumulative_text(const struct eval_ctx *c, const struct criterion_outcome *co,
                            struct strbuf *sb);

/* The cost of the package over the months prevented cases are counted. */
static void judge_cost(struct eval_ctx *c, struct criterion_outcome *co, const struct outcome *o,
                       const struct recorded *rec, const struct package *p, struct strbuf *sb)
{
    const struct effect_basis *eb = find_effect(c, o->id, co->term);
    if (!eb || !rec || !stat_ok(&rec->r))
        return; /* no estimate judged, no cost per unit of it (not the fallback's) */
    size_t costed, uncosted, cc, cu;
    double cost = package_cost(c->interventions, c->n_interventions, p, o, false, eb->from, eb->to,
                               &costed, &uncosted);
    double comp = package_cost(c->interventions, c->n_interventions, p, o, true, eb->from, eb->to,
                               &cc, &cu);
    /* prevented cases: the model's own sum over the after months, else from the ratio
     * the criterion is about (observed x (1/RR - 1): the counterfactual of a ratio model);
     * kept without a cost too, for the answer to say what it sums (cumulative_text) */
    struct stat_result pr;
    stat_result_init(&pr);
    if (eb->has_prevented) {
        if (!stat_ok(&eb->prevented))
            return;
        pr = eb->prevented;
    } else {
        if (rec->ratio && !rec->lower_is_better)
            return; /* RES and the like: a ratio the other way up, no counterfactual */
        double ratio = eb->ratio, lo = eb->ratio_low, hi = eb->ratio_high;
        if (rec->ratio && stat_ok(&rec->r) && rec->r.estimate > 0) {
            ratio = rec->r.estimate;
            lo = rec->r.conf_low;
            hi = rec->r.conf_high;
        }
        if (!(eb->observed >= 0) || !isfinite(ratio) || ratio <= 0)
            return;
        pr.estimate = eb->observed * (1 / ratio - 1);
        pr.conf_low = hi > 0 ? eb->observed * (1 / hi - 1) : NAN;
        pr.conf_high = lo > 0 ? eb->observed * (1 / lo - 1) : INFINITY;
    }
    co->prevented = pr;
    co->has_prevented = isfinite(pr.estimate);
    co->prevented_its = eb->has_prevented && eb->its_prevented;
    co->prevented_effects = eb->its_effects;
    co->observed_after = eb->observed;
    co->cost_from = eb->from;
    co->cost_to = eb->to;
    free(co->unit);
    co->unit = xstrdup(eb->unit);
    /* a time-series term: what the prevented cases count, beside the term judged */
    bool cum = cumulative_text(c, co, sb);
    if (!costed)
        return;
    co->cost = cost;
    co->cost_component = cc ? comp : NAN;
    co->n_uncosted = uncosted;
    /* Only what the report says is a number: a cost per case of an effect that may be
     * nil has no upper end (only its lower bound is given), and a model that puts no
     * cases prevented gives no cost per case at all; run.json and results.xlsx read
     * these fields, so they cannot hold an arithmetic ratio the report refuses. */
    if (pr.estimate > 0 && pr.conf_low > 0) {
        co->cost_per_unit = cost / pr.estimate;
        co->cost_per_unit_low = pr.conf_high > 0 ? cost / pr.conf_high : NAN;
        co->cost_per_unit_high = cost / pr.conf_low;
    } else if (pr.estimate > 0) {
        co->cost_per_unit_low = pr.conf_high > 0 ? cost / pr.conf_high : NAN;
        co->cost_per_unit_reason = "prevented_includes_zero";
    } else {
        co->cost_per_unit_reason = "no_reduction";
    }
    char a[16], b[16];
    date_format(eb->from, a, sizeof(a));
    date_format(eb->to, b, sizeof(b));
    const char *low = isnan(co->cost_per_unit_low) ? "\xe2\x80\x93"
                                                   : fmt_sek(c->lang, co->cost_per_unit_low);
    if (cum) { /* the cases were said with their direction and interval just before */
        if (pr.estimate > 0 && !(pr.conf_low > 0))
            strbuf_addf(sb,
                        L(c, " Intervallet omfattar noll förhindrade fall (ingen effekt); "
                             "paketets kostnad under samma månader, %s, ger därför ingen "
                             "kostnad per förhindrat fall som tal, bara en undre gräns: minst %s "
                             "per förhindrat fall.",
                          " The interval includes zero prevented cases (no effect); the "
                          "package's cost over the same months, %s, therefore gives no cost per "
                          "prevented case as a number, only a lower bound: at least %s per "
                          "prevented case."),
                        fmt_sek(c->lang, cost), low);
        else if (pr.estimate > 0)
            strbuf_addf(sb,
                        L(c, " Paketets kostnad under samma månader, %s, motsvarar %s per "
                             "förhindrat fall (intervall %s till %s).",
                          " The package's cost over the same months, %s, comes to %s per "
                          "prevented case (interval %s to %s)."),
                        fmt_sek(c->lang, cost), fmt_sek(c->lang, co->cost_per_unit), low,
                        isinf(co->cost_per_unit_high) ? L(c, "ingen effekt", "no effect")
                                                      : fmt_sek(c->lang, co->cost_per_unit_high));
        else
            strbuf_addf(sb,
                        L(c, " Ingen minskning att räkna kostnad per förhindrat fall på "
                             "(paketets kostnad under samma månader: %s).",
                          " There is no reduction to compute a cost per prevented case from (the "
                          "package's cost over the same months: %s)."),
                        fmt_sek(c->lang, cost));
        return;
    }
    if (pr.estimate > 0 && !(pr.conf_low > 0))
        strbuf_addf(sb,
                    L(c, " Samma modell ger %s förhindrade fall under %s till %s, men intervallet "
                         "(%s till %s) omfattar också noll förhindrade fall (ingen effekt); "
                         "paketets kostnad under samma månader, %s, ger därför ingen kostnad per "
                         "förhindrat fall som tal, bara en undre gräns: minst %s per förhindrat "
                         "fall.",
                      " The same model puts the cases prevented at %s over %s to %s, but the "
                      "interval (%s to %s) also includes zero prevented cases (no effect); the "
                      "package's cost over the same months, %s, therefore gives no cost per "
                      "prevented case as a number, only a lower bound: at least %s per "
                      "prevented case."),
                    fmt_num(c->lang, pr.estimate, 0), a, b, fmt_num(c->lang, pr.conf_low, 0),
                    fmt_num(c->lang, pr.conf_high, 0), fmt_sek(c->lang, cost), low);
    else if (pr.estimate > 0)
        strbuf_addf(sb,
                    L(c, " Samma modell ger %s förhindrade fall under %s till %s (intervall %s "
                         "till %s); paketets kostnad under samma månader, %s, motsvarar %s per "
                         "förhindrat fall (intervall %s till %s).",
                      " The same model puts the cases prevented at %s over %s to %s (interval "
                      "%s to %s); the package's cost over the same months, %s, comes to %s per "
                      "prevented case (interval %s to %s)."),
                    fmt_num(c->lang, pr.estimate, 0), a, b,
                    fmt_num(c->lang, pr.conf_low, 0), fmt_num(c->lang, pr.conf_high, 0),
                    fmt_sek(c->lang, cost), fmt_sek(c->lang, co->cost_per_unit), low,
                    isinf(co->cost_per_unit_high) ? L(c, "ingen effekt", "no effect")
                                                  : fmt_sek(c->lang, co->cost_per_unit_high));
    else {
        strbuf_addf(sb, L(c, " Samma modell ger ", " The same model gives "));
        cases_vs_expected(c, &pr, NULL, sb);
        strbuf_addf(sb,
                    L(c, " under %s till %s, så det finns ingen minskning att räkna kostnad "
                         "per förhindrat fall på (paketets kostnad under samma månader: %s).",
                      " over %s to %s, so there is no reduction to compute a cost per "
                      "prevented case from (the package's cost over the same months: %s)."),
                    a, b, fmt_sek(c->lang, cost));
    }
}

/*
 * An estimate and its interval as the report prints them, with one count of decimals
 * for the three numbers: a ratio unsigned ("0,716 (0,570 till 0,900)"), a change signed
 * both ways ("+2,0 (−1,3 till +5,4)"), a difference of shares in percentage points.
 * `limit` (0 = none) is the most a difference of shares can be on the 0..1 scale: 1
 * for a change, 2 for a difference of two changes; a Wald interval that runs past it
 * is printed cut at the limit and marked "avkortat"/"truncated" (the numbers in
 * results.csv and run.json stay the model's).  `unit` adds the unit to a share's
 * interval ("p.e."/"pp" when abbr, else none: the sentence names it).  Returns true when
 * the interval was cut.
 */
static bool est_ci_text(const struct eval_ctx *c, const struct stat_result *r, bool ratio,
                        bool share, bool abbr, bool unit, double limit, char *est, size_t es,
                        char *ci, size_t cs)
{
    double lo = r->conf_low, hi = r->conf_high;
    bool cut = false;
    if (share && limit > 0) {
        if (lo < -limit) {
            lo = -limit;
            cut = true;
        }
        if (hi > limit) {
            hi = limit;
            cut = true;
        }
    }
    const char *mark = cut ? L(c, " (avkortat)", " (truncated)") : "";
    if (share) {
        snprintf(est, es, "%s", fmt_pp(c->lang, r->estimate, 1, abbr));
        if (unit) /* cuts and marks it itself */
            snprintf(ci, cs, "%s",
                     fmt_ci_pp_limit(c->lang, r->conf_low, r->conf_high, 1, abbr, limit));
        else
            snprintf(ci, cs, "%s%s", fmt_ci_dec(c->lang, 100 * lo, 100 * hi, 1, 1), mark);
        return cut;
    }
    int d = fmt_common_decimals(r->estimate, lo, hi, 3);
    snprintf(est, es, "%s",
             ratio ? fmt_num(c->lang, r->estimate, d) : fmt_change(c->lang, r->estimate, d));
    snprintf(ci, cs, "%s", fmt_ci_dec(c->lang, lo, hi, d, !ratio));
    return false;
}

/* Whether results.csv withholds the estimate a criterion names (the small-cell rule):
 * the survey analyses record no estimate they do not publish. */
static bool withheld_estimate(const struct eval_ctx *c, const char *outcome, const char *term,
                              const char *group)
{
    for (size_t i = 0; i < c->res->n; i++) {
        const struct result_row *r = &c->res->rows[i];
        if (r->suppressed && !strcmp(r->analysis, outcome) && !strcmp(r->term, term) &&
            !strcmp(r->group, group ? group : ""))
            return true;
    }
    return false;
}

/* The most a difference of shares judged by this term can be (est_ci_text). */
static double share_limit(const char *term)
{
    char base[64];
    base_term(term ? term : "", base, sizeof(base));
    return !strcmp(base, "did") ? 2.0 : 1.0;
}

static void judge_criteria(struct eval_ctx *c, struct evaluation *ev)
{
    const struct spec *s = c->spec;
    ev->criteria = xcalloc(s->n_criteria ? s->n_criteria : 1, sizeof(*ev->criteria));
    ev->n_criteria = s->n_criteria;
    for (size_t i = 0; i < s->n_criteria; i++) {
        const struct criterion *cr = &s->criteria[i];
        struct criterion_outcome *co = &ev->criteria[i];
        co->criterion = cr;
        stat_result_init(&co->r);
        stat_result_init(&co->prevented);
        stat_result_init(&co->other);
        stat_result_init(&co->delivered);
        stat_result_init(&co->recording_step);
        co->events_per_month = co->zero_month_share = co->events_before = co->events_after = NAN;
        co->cost = co->cost_per_unit = co->cost_per_unit_low = co->cost_per_unit_high = NAN;
        co->cost_component = co->mde = NAN;
        co->falsified = -1;
        const struct outcome *o = spec_outcome(s, cr->outcome);
        const char *term = cr->term ? cr->term : outcome_main_term(o);
        co->term = term;
        char base[64];
        base_term(term, base, sizeof(base));
        const struct recorded *rec = find_recorded(c, cr->outcome, term, cr->group);
        struct strbuf sb = STRBUF_INIT;
        const char *text = L(c, cr->text_sv, cr->text_en);
        if (!rec && withheld_estimate(c, cr->outcome, term, cr->group)) {
            /* the small-cell rule withheld it: say so, not "no estimate" */
            co->verdict = VERDICT_INCONCLUSIVE;
            co->withheld = true;
            strbuf_addf(&sb,
                        L(c, "%s: kunde inte bedömas – skattningen publiceras inte eftersom den "
                             "bygger på för få svarande (regeln om små celler: färre än %d i en "
                             "cell, eller en cell som andra publicerade tal skulle avslöja).",
                          "%s: could not be judged – the estimate is not published because it "
                          "rests on too few respondents (the small-cell rule: fewer than %d in a "
                          "cell, or a cell other published figures would reveal)."),
                        text ? text : cr->id, c->opt->min_cell);
        } else if (!rec) {
            co->verdict = VERDICT_INCONCLUSIVE;
            strbuf_addf(&sb,
                        L(c, "%s: kunde inte bedömas – analysen gav ingen skattning av '%s'.",
                          "%s: could not be judged – the analysis gave no estimate of '%s'."),
                        text ? text : cr->id, term);
        } else {
            co->found = true;
            co->r = rec->r;
            co->ratio = rec->ratio;
            co->share = rec->share;
            co->verdict = stat_ok(&rec->r) ? judge(cr, &rec->r) : VERDICT_INCONCLUSIVE;
            if (stat_ok(&rec->r)) {
                co->point_only = met_on_point_only(cr, &rec->r, co->verdict);
                co->wrong_way = co->verdict == VERDICT_MET ? 0 : wrong_way(cr, &rec->r, rec->ratio);
            }
            /* in the unit of the body: percentage points for differences of shares */
            char est[96], ci[128];
            est_ci_text(c, &rec->r, rec->ratio, rec->share, false, true, share_limit(term), est,
                        sizeof(est), ci, sizeof(ci));
            /* "95 % confidence interval a to b", or "no interval" in words */
            char civ[200];
            if (isnan(rec->r.conf_low) && isnan(rec->r.conf_high))
                snprintf(civ, sizeof(civ), "%s", L(c, "inget intervall", "no interval"));
            else
                snprintf(civ, sizeof(civ), "%s %s", eval_ci(c, CI_WORDS), ci);
            struct strbuf rule = STRBUF_INIT;
            rule_words(c, cr, rec->ratio, rec->share, &rule);
            const char *what = text ? text : rec->label;
            if (!stat_ok(&rec->r))
                strbuf_addf(&sb, L(c, "%s: kunde inte bedömas (%s).", "%s: could not be judged (%s)."),
                            what, stat_why_text(c->lang, &rec->r));
            else if (co->verdict == VERDICT_MET) {
                strbuf_addf(&sb,
                            L(c, "%s: uppfyllt. Skattningen är %s (%s), "
                                 "vilket uppfyller regeln: %s.",
                              "%s: met. The estimate is %s (%s), which "
                              "satisfies the rule: %s."),
                            what, est, civ, rule.buf);
                if (co->point_only)
                    strbuf_addstr(&sb, L(c, " Bara punktskattningen uppfyller regeln: "
                                            "intervallet omfattar också värden som inte gör det.",
                                         " Only the point estimate satisfies the rule: the "
                                         "interval also covers values that do not."));
            } else if (co->verdict == VERDICT_NOT_MET)
                strbuf_addf(&sb,
                            L(c, "%s: inte uppfyllt. Skattningen är %s (%s)"
                                 "; hela intervallet ligger på fel sida av regeln: %s.",
                              "%s: not met. The estimate is %s (%s); the "
                              "whole interval lies on the wrong side of the rule: %s."),
                            what, est, civ, rule.buf);
            else
                strbuf_addf(&sb,
                            L(c, "%s: oklart. Skattningen är %s (%s); "
                                 "intervallet är för brett för att visa eller utesluta en "
                                 "effekt enligt regeln: %s.",
                              "%s: inconclusive. The estimate is %s (%s); "
                              "the interval is too wide to show or rule out an effect by "
                              "the rule: %s."),
                            what, est, civ, rule.buf);
            strbuf_release(&rule);
        }
        if (!o) {
            co->sentence = strbuf_detach(&sb);
            continue;
        }
        /* the design level of the estimate that decides, not of the outcome */
        int olevel = outcome_level(c, cr->outcome);
        co->design_level = olevel ? term_design_level(o->kind, term, olevel) : 0;
        for (size_t dd = 0; dd < c->n_designs; dd++) /* a comparison of days (daykind.h) */
            if (!strcmp(c->designs[dd].outcome, cr->outcome))
                co->design_days = c->designs[dd].days && co->design_level == 3;
        /* the other level's estimate of the same outcome */
        const char *other = NULL;
        if (o->kind == OUTCOME_INTERMITTENT) {
            other = NULL; /* one estimate: the exposed days against the other days */
        } else if (term_is_contrast(o->kind, base)) {
            other = find_recorded(c, cr->outcome, "level_change", cr->group) ? "level_change"
                    : o->kind == OUTCOME_SURVEY ? "difference"
                                                : "rate_ratio";
        } else if (olevel >= 3 && strcmp(base, "slope_change")) {
            other = "did";
        }
        const struct recorded *orec = other ? find_recorded(c, cr->outcome, other, cr->group) : NULL;
        if (orec && stat_ok(&orec->r) && rec && stat_ok(&rec->r)) {
            co->has_other = true;
            co->other_term = other;
            co->other = orec->r;
            co->other_level = term_design_level(o->kind, other, olevel);
            /* only estimates with an interval can disagree (a synthetic control's ratio
             * has a permutation p-value, not an interval) */
            co->disagrees =
                isfinite(rec->r.conf_low) && isfinite(orec->r.conf_low) &&
                clear_direction(&rec->r, rec->ratio) != clear_direction(&orec->r, orec->ratio);
        }
        /* falsification checks recorded for the deciding estimate */
        for (size_t f = 0; f < c->n_falsifications; f++)
            if (!strcmp(c->falsifications[f].outcome, cr->outcome) &&
                !strcmp(c->falsifications[f].term, base))
                co->falsified = c->falsifications[f].status == FALSIFICATION_FAILED ? 1
                                : co->falsified == 1                            ? 1
                                                                                : 0;
        if (co->verdict == VERDICT_INCONCLUSIVE && rec)
            co->mde = min_detectable(&rec->r, rec->ratio, c->conf);
        judge_counts(c, co, base);
        co->certainty = counts_grade(co, grade(co));
        /* the package the estimate measures */
        struct package p;
        package_find(c->interventions, c->n_interventions, s->interventions.items,
                     s->interventions.n, &s->package, o, term, &p);
        co->n_package = p.n;
        co->package = xcalloc(p.n ? p.n : 1, sizeof(char *));
        co->package_component = xcalloc(p.n ? p.n : 1, sizeof(bool));
        for (size_t k = 0; k < p.n; k++) {
            co->package[k] = xstrdup(p.names[k]);
            co->package_component[k] = p.component[k];
            for (size_t r = 0; r < c->n_interventions; r++)
                if (!strcmp(c->interventions[r].name, p.names[k]))
                    eval_note_import(c, c->interventions[r].import_id);
        }
        co->separated = p.separated;
        for (size_t k = 0; k < p.n_undeclared; k++)
            eval_caveat(c,
                        L(c, "'%s' startade eller slutade också i målområdet under perioden men "
                             "är inte med i det paket som utvärderingen anger.",
                          "'%s' also started or ended in the target area in the window but is "
                          "not in the package the evaluation declares."),
                        intervention_title(c->interventions, c->n_interventions, p.undeclared[k],
                                           c->lang));
        judge_cost(c, co, o, rec, &p, &sb);
        /* implementation: months of the after period with nothing delivered */
        struct date af, at;
        after_period(c, o, &p, &af, &at);
        struct date last_delivered;
        co->gap_months = eval_delivery_gaps(c, af, at, &co->first_gap, &co->last_gap,
                                            &last_delivered, &co->after_months);
        if (strcmp(base, term) == 0) {
            char dterm[80];
            snprintf(dterm, sizeof(dterm), "%s_delivered", term);
            const struct recorded *drec = find_recorded(c, cr->outcome, dterm, cr->group);
            if (drec) {
                co->has_delivered = true;
                co->delivered = drec->r;
            }
        }
        package_release(&p);
        co->sentence = strbuf_detach(&sb);
    }
}

/* ------------------------------------------------------------------ summary */

static const char *design_text(const struct eval_ctx *c, int level, bool days)
{
    if (level == 3 && days)
        return L(c, "nivå 3: före–efter med jämförelsedagar i samma område",
                 "level 3: before–after with comparison days in the same area");
    switch (level) {
    case 2:
        return L(c, "nivå 2: före–efter utan jämförelse", "level 2: before–after, no comparison");
    case 3:
        return L(c, "nivå 3: före–efter med jämförelseområde",
                 "level 3: before–after with a comparison area");
    case 4:
        return L(c, "nivå 4: flera jämförelseenheter", "level 4: several comparison units");
    case 5:
        return L(c, "nivå 5: slumpad försöksplan", "level 5: randomised design");
    default:
        return L(c, "okänd", "unknown");
    }
}

/*
 * Falsification of the estimates that decide the criteria (REPORTING.md rule 8): a
 * caveat for each criterion whose estimate does not stand out against its placebo
 * starts, or has no placebo check (and why).
 */
static void placebo_caveats(struct eval_ctx *c, const struct evaluation *ev)
{
    for (size_t i = 0; i < ev->n_criteria; i++) {
        const struct criterion_outcome *co = &ev->criteria[i];
        const struct criterion *cr = co->criterion;
        const struct outcome *o = spec_outcome(c->spec, cr->outcome);
        if (!o || !co->found || !stat_ok(&co->r))
            continue;
        char term[64]; /* "did_delivered" is checked by the placebo of "did" */
        base_term(cr->term ? cr->term : outcome_main_term(o), term, sizeof(term));
        const char *text = L(c, cr->text_sv, cr->text_en);
        if (!text)
            text = cr->id;
        const struct placebo_check *f = eval_placebo_check(c, cr->outcome, term);
        if (f && f->done && !f->passed && f->n_placebo == 0)
            eval_caveat(c,
                        L(c, "%s: placebotestet i tiden klarades inte (p = %s): en förändring åt "
                             "samma håll syns redan mellan enkätvågorna före insatsen.",
                          "%s: the placebo-in-time check was not passed (p = %s): a change in "
                          "the same direction already shows between the survey waves before "
                          "the measure."),
                        text, fmt_p(c->lang, f->p));
        else if (f && f->done && !f->passed)
            eval_caveat(c,
                        L(c, "%s: placebotestet i tiden klarades inte (p = %s): lika stora "
                             "förändringar syns vid påhittade starttidpunkter före insatsen, så "
                             "skattningen kan inte skiljas från seriens egen variation.",
                          "%s: the placebo-in-time check was not passed (p = %s): changes as "
                          "large occur at made-up start dates before the measure, so the "
                          "estimate cannot be told from the series' own variation."),
                        text, fmt_p(c->lang, f->p));
        else if (f && !f->done)
            eval_caveat(c,
                        L(c, "%s: skattningen kunde inte prövas med placebotest i tiden (%s).",
                          "%s: the estimate could not be put to a placebo-in-time check (%s)."),
                        text, f->why);
        else if (!f)
            eval_caveat(c,
                        L(c, "%s: skattningen har inget placebotest (det finns inget för den här "
                             "sortens skattning eller så är det avstängt med placebo = no).",
                          "%s: the estimate has no placebo check (there is none for this kind "
                          "of estimate, or it is turned off with placebo = no)."),
                        text);
    }
}

static const char *term_phrase(const struct eval_ctx *c, const char *term)
{
    char base[64];
    base_term(term, base, sizeof(base));
    bool delivered = strcmp(base, term) != 0;
    static const struct {
        const char *term, *sv, *en;
    } phrases[] = {
        {"level_change", "nivåförändring vid starten i målområdets tidsserie",
         "level change at the start in the target area's time series"},
        {"slope_change", "förändring av trenden per månad i målområdet",
         "change in the monthly trend in the target area"},
        {"did", "jämfört med förändringen i jämförelseområdet",
         "relative to the change in the comparison area"},
        {"synthetic", "jämfört med ett syntetiskt jämförelseområde av andra områden",
         "against a synthetic comparison area made of other areas"},
        {"res", "relativ effektstorlek mot jämförelseområdet",
         "relative effect size against the comparison area"},
        {"rate_ratio", "efter jämfört med före i målområdet",
         "after compared with before in the target area"},
        {"difference", "förändring före–efter i målområdet",
         "before–after change in the target area"},
    };
    static char buf[256];
    const char *p = term;
    for (size_t k = 0; k < sizeof(phrases) / sizeof(phrases[0]); k++)
        if (!strcmp(phrases[k].term, base))
            p = L(c, phrases[k].sv, phrases[k].en);
    snprintf(buf, sizeof(buf), "%s%s", p,
             delivered ? L(c, ", bara månader med genomförande", ", months with delivery only")
                       : "");
    return buf;
}

/* What the estimate deciding a criterion compares, in words: term_phrase, except for a
 * comparison of days (daykind.h: the exposed days against the other days of the same
 * area, level 3), which is no "after compared with before in the target area". */
static const char *criterion_phrase(const struct eval_ctx *c, const struct criterion_outcome *co)
{
    if (co->design_days)
        return L(c, "jämfört med förändringen på jämförelsedagarna i samma område",
                 "relative to the change on the comparison days in the same area");
    return term_phrase(c, co->term);
}

/* "about 24 % lower (ratio 0.76, 90 % CI 0.65–0.89)" or "−4.5 percentage points (90 %
 * CI −9.3 to 0.3)": the estimate read in words, with the numbers it is read from. */
static void add_reading(const struct eval_ctx *c, const struct stat_result *r, bool ratio,
                        bool share, double limit, struct strbuf *sb)
{
    /* the interval after its name, or "no interval" in words (never "– to –") */
    char iv[200], est[96], ci[160];
    est_ci_text(c, r, ratio, share, false, false, limit, est, sizeof(est), ci, sizeof(ci));
    if (isnan(r->conf_low) && isnan(r->conf_high))
        snprintf(iv, sizeof(iv), "%s", L(c, "inget intervall", "no interval"));
    else
        snprintf(iv, sizeof(iv), "%s %s", eval_ci(c, CI_ABBR), ci);
    if (ratio) {
        double pct = fabs(1 - r->estimate) * 100;
        if (round(pct) == 0) /* "about 0 % higher" says a direction there is not */
            strbuf_addf(sb, L(c, "praktiskt taget oförändrat (kvot %s, %s)",
                              "practically unchanged (ratio %s, %s)"),
                        est, iv);
        else {
            strbuf_addstr(sb, L(c, "omkring ", "about "));
            ratio_size_text(c, r->estimate, 0, false, sb);
            strbuf_addf(sb, L(c, " (kvot %s, %s)", " (ratio %s, %s)"), est, iv);
        }
    } else if (share) { /* "4.5 percentage points lower": the direction in words */
        double pp = fabs(100 * r->estimate);
        if (round(pp * 10) == 0)
            strbuf_addf(sb, L(c, "praktiskt taget oförändrat (%s)", "practically unchanged (%s)"),
                        iv);
        else
            strbuf_addf(sb, L(c, "%s\xc2\xa0procentenheter %s (%s)",
                              "%s percentage points %s (%s)"),
                        fmt_num(c->lang, pp, 1),
                        r->estimate < 0 ? L(c, "lägre", "lower") : L(c, "högre", "higher"), iv);
    } else {
        strbuf_addf(sb, "%s (%s)", est, iv);
    }
}

static const char *certainty_text(const struct eval_ctx *c, enum certainty v)
{
    switch (v) {
    case CERTAINTY_STRONG:
        return L(c, "stark", "strong");
    case CERTAINTY_MODERATE:
        return L(c, "måttlig", "moderate");
    case CERTAINTY_WEAK:
        return L(c, "svag", "weak");
    case CERTAINTY_INSUFFICIENT:
        break;
    }
    return L(c, "otillräcklig", "insufficient");
}

static const char *verdict_text(const struct eval_ctx *c, enum verdict v)
{
    return v == VERDICT_MET       ? L(c, "uppfyllt", "met")
           : v == VERDICT_NOT_MET ? L(c, "inte uppfyllt", "not met")
                                  : L(c, "oklart", "inconclusive");
}

/* The components' names joined: "the safety coaches" / "A and B". */
static void components_text(const struct eval_ctx *c, struct strbuf *sb)
{
    const struct name_list *l = &c->spec->interventions;
    for (size_t k = 0; k < l->n; k++)
        strbuf_addf(sb, "%s%s", k == 0 ? "" : k + 1 == l->n ? L(c, " och ", " and ") : ", ",
                    intervention_title(c->interventions, c->n_interventions, l->items[k],
                                       c->lang));
}

static void package_text(const struct eval_ctx *c, const struct criterion_outcome *co,
                         struct strbuf *sb)
{
    for (size_t k = 0; k < co->n_package; k++)
        strbuf_addf(sb, "%s%s", k == 0 ? "" : k + 1 == co->n_package ? L(c, " och ", " and ") : ", ",
                    intervention_title(c->interventions, c->n_interventions, co->package[k],
                                       c->lang));
}

static bool has_others(const struct criterion_outcome *co)
{
    for (size_t k = 0; k < co->n_package; k++)
        if (!co->package_component[k])
            return true;
    return false;
}

static void mde_text(const struct eval_ctx *c, const struct criterion_outcome *co,
                     struct strbuf *sb)
{
    if (isnan(co->mde))
        return;
    if (co->ratio)
        strbuf_addf(sb,
                    L(c, "med den här designen och dessa data hade bara en förändring på omkring "
                         "%s\xc2\xa0%% eller mer kunnat upptäckas (80\xc2\xa0%% styrka)",
                      "with this design and these data only a change of about %s%% or more "
                      "could have been detected (80%% power)"),
                    fmt_num(c->lang, 100 * (1 - co->mde), 0));
    else if (co->share && co->mde >= 1) /* 100 points or more: larger than a share moves */
        strbuf_addf(sb,
                    L(c, "med den här designen och dessa data hade bara en förändring på omkring "
                         "%s\xc2\xa0procentenheter eller mer kunnat upptäckas (80\xc2\xa0%% "
                         "styrka), större än en andel realistiskt kan ändras: data kan inte "
                         "upptäcka någon rimlig effekt",
                      "with this design and these data only a change of about %s percentage "
                      "points or more could have been detected (80%% power), more than a share "
                      "can realistically change: the data cannot detect any plausible effect"),
                    fmt_num(c->lang, 100 * co->mde, 1));
    else if (co->share)
        strbuf_addf(sb,
                    L(c, "med den här designen och dessa data hade bara en förändring på omkring "
                         "%s\xc2\xa0procentenheter eller mer kunnat upptäckas (80\xc2\xa0%% styrka)",
                      "with this design and these data only a change of about %s percentage "
                      "points or more could have been detected (80%% power)"),
                    fmt_num(c->lang, 100 * co->mde, 1));
    else
        strbuf_addf(sb,
                    L(c, "med den här designen och dessa data hade bara en förändring på omkring "
                         "%s eller mer kunnat upptäckas (80\xc2\xa0%% styrka)",
                      "with this design and these data only a change of about %s or more could "
                      "have been detected (80%% power)"),
                    fmt_sig(c->lang, co->mde, 2));
}

static void month_text(struct date d, char *buf, size_t size)
{
    snprintf(buf, size, "%04d-%02d", d.year, d.month);
}

/* What the prevented cases of a criterion are summed from, in a few words (the cost
 * lines): for a time-series model the effects it has, never just "the level change". */
static const char *prevented_basis(const struct eval_ctx *c, const struct criterion_outcome *co)
{
    if (!co->prevented_its)
        return NULL;
    switch ((enum its_effects)co->prevented_effects) {
    case ITS_EFFECTS_LEVEL:
        return L(c, "tidsserien i målområdet: nivåförändringen räknad i fall över hela "
                    "efterperioden",
                 "time series of the target area: the level change counted in cases over the "
                 "whole after period");
    case ITS_EFFECTS_SLOPE:
        return L(c, "tidsserien i målområdet: trendförändringen räknad i fall över hela "
                    "efterperioden",
                 "time series of the target area: the trend change counted in cases over the "
                 "whole after period");
    case ITS_EFFECTS_BOTH:
        break;
    }
    return L(c, "tidsserien i målområdet: nivå- och trendförändringen tillsammans, räknade i "
                "fall över hela efterperioden",
             "time series of the target area: the level and the trend change together, counted "
             "in cases over the whole after period");
}

/*
 * The cumulative effect beside a criterion judged on a time-series term (REPORTING.md
 * rule 9, one voice): the level change is the jump at the start, the slope change a
 * change per month; the prevented cases the cost lines use are the model's whole effect
 * summed over the after months (both terms when the model has both).  A level "about
 * 59 % higher" beside "7 cases prevented" reads as a contradiction unless the report
 * says they are different quantities and how each points.  Said: what the cumulative
 * effect counts, observed against expected with its interval, the change over the
 * period in per cent, and when the judged term and the cumulative effect point
 * different ways, why.
 */
static bool cumulative_text(const struct eval_ctx *c, const struct criterion_outcome *co,
                            struct strbuf *sb)
{
    if (!co->has_prevented || !co->prevented_its || !stat_ok(&co->r) || !co->ratio)
        return false;
    char base[64];
    base_term(co->term, base, sizeof(base));
    bool level = !strcmp(base, "level_change"), slope = !strcmp(base, "slope_change");
    if (!level && !slope)
        return false;
    enum its_effects fx = (enum its_effects)co->prevented_effects;
    char a[16], b[16];
    month_text(co->cost_from, a, sizeof(a));
    month_text(co->cost_to, b, sizeof(b));
    const struct stat_result *pr = &co->prevented;
    if (fx == ITS_EFFECTS_BOTH)
        strbuf_addf(sb,
                    level ? L(c, " Nivåförändringen är språnget vid starten. Räknat över hela "
                                 "efterperioden (%s till %s), med både språnget och "
                                 "trendförändringen efter starten, ger samma modell ",
                              " The level change is the jump at the start. Counted over the "
                              "whole after period (%s to %s), with both the jump and the change "
                              "in trend after the start, the same model gives ")
                          : L(c, " Trendförändringen är en förändring per månad. Räknat över "
                                 "hela efterperioden (%s till %s), med både den och "
                                 "nivåförändringen vid starten, ger samma modell ",
                              " The trend change is a change per month. Counted over the "
                              "whole after period (%s to %s), with both it and the level "
                              "change at the start, the same model gives "),
                    a, b);
    else
        strbuf_addf(sb,
                    L(c, " Räknat i fall över hela efterperioden (%s till %s) ger samma "
                         "förändring ",
                      " Counted in cases over the whole after period (%s to %s), the same "
                      "change gives "),
                    a, b);
    cases_vs_expected(c, pr, NULL, sb);
    double expected = co->observed_after + pr->estimate;
    if (co->observed_after >= 0 && expected > 0) {
        double pct = 100 * (co->observed_after / expected - 1);
        strbuf_addf(sb, L(c, ": %s observerade mot omkring %s väntade utan insatserna",
                           ": %s observed against about %s expected without the measures"),
                    fmt_num(c->lang, co->observed_after, 0), fmt_num(c->lang, expected, 0));
        if (round(pct) != 0) {
            strbuf_addstr(sb, L(c, ", omkring ", ", about "));
            ratio_size_text(c, co->observed_after / expected, 0, false, sb);
        }
    }
    strbuf_addch(sb, '.');
    /* the judged term and the whole effect point different ways: say why */
    int term_dir = co->r.estimate < 1 ? -1 : co->r.estimate > 1 ? 1 : 0;
    int cum_dir = round(pr->estimate) > 0 ? -1 : round(pr->estimate) < 0 ? 1 : 0;
    if (fx == ITS_EFFECTS_BOTH && term_dir && cum_dir && term_dir != cum_dir)
        strbuf_addstr(sb, level ? L(c, " De pekar åt olika håll: trendförändringen efter "
                                       "starten väger över språnget vid starten.",
                                    " They point different ways: the change in trend after the "
                                    "start outweighs the jump at the start.")
                                : L(c, " De pekar åt olika håll: nivåförändringen vid starten "
                                       "väger över trendförändringen under efterperioden.",
                                    " They point different ways: the level change at the start "
                                    "outweighs the change in trend over the after period."));
    return true;
}

/* Whether the interval of the prevented cases reaches none (or more cases than
 * expected): the effect may be nil, and a cost per prevented case has no upper end. */
static bool prevented_may_be_none(const struct criterion_outcome *co)
{
    return !(co->prevented.conf_low > 0);
}

/*
 * The prevented cases and what each cost, in words: a cost per prevented case only when
 * the interval of the prevented cases excludes none (a cost per unit of an effect that
 * may be nil is no number: it is unbounded); otherwise the most favourable cost the
 * interval allows, as a lower bound, and more cases than expected said as such.
 */
static void prevented_text(const struct eval_ctx *c, const struct criterion_outcome *co,
                           struct strbuf *it)
{
    const struct stat_result *pr = &co->prevented;
    if (pr->estimate > 0 && !prevented_may_be_none(co)) {
        strbuf_addf(it,
                    L(c, "%s förhindrade %s (intervall %s till %s), %s per förhindrat "
                         "fall (intervall %s till %s)",
                      "%s prevented %s (interval %s to %s), %s per prevented case "
                      "(interval %s to %s)"),
                    fmt_num(c->lang, pr->estimate, 0), co->unit, fmt_num(c->lang, pr->conf_low, 0),
                    fmt_num(c->lang, pr->conf_high, 0), fmt_sek(c->lang, co->cost_per_unit),
                    isnan(co->cost_per_unit_low) ? "\xe2\x80\x93"
                                                 : fmt_sek(c->lang, co->cost_per_unit_low),
                    fmt_sek(c->lang, co->cost_per_unit_high));
    } else if (pr->estimate > 0) {
        strbuf_addf(it,
                    L(c, "%s förhindrade %s, men intervallet (%s till %s) omfattar också "
                         "noll förhindrade fall (ingen effekt), så kostnaden per förhindrat "
                         "fall har ingen övre gräns och anges inte som ett tal: den kan bara "
                         "sägas vara minst %s per förhindrat fall (vid intervallets övre ände)",
                      "%s prevented %s, but the interval (%s to %s) also includes zero "
                      "prevented cases (no effect), so the cost per prevented case has no upper "
                      "bound and is not given as a number: it can only be said to be at least "
                      "%s per prevented case (at the interval's upper end)"),
                    fmt_num(c->lang, pr->estimate, 0), co->unit, fmt_num(c->lang, pr->conf_low, 0),
                    fmt_num(c->lang, pr->conf_high, 0),
                    isnan(co->cost_per_unit_low) ? "\xe2\x80\x93"
                                                 : fmt_sek(c->lang, co->cost_per_unit_low));
    } else {
        /* more cases than expected (or none fewer), said with its direction and
         * interval: "no reduction" alone hides which way the model points */
        strbuf_addstr(it, L(c, "ingen minskning: ", "no reduction: "));
        cases_vs_expected(c, pr, co->unit, it);
        strbuf_addstr(it, L(c, ", så det finns ingen kostnad per förhindrat fall",
                            ", so there is no cost per prevented case"));
    }
}

/* Beside a criterion judged on counts: the recording change inside them and what the
 * estimate does with it, and sparse counts with what that did to the certainty. */
static void counts_text(const struct eval_ctx *c, const struct criterion_outcome *co,
                        struct strbuf *it)
{
    char m[16];
    month_text(co->recording_month, m, sizeof(m));
    switch (co->recording) {
    case RECORDING_NONE:
        break;
    case RECORDING_IN_MODEL:
        strbuf_addf(it,
                    L(c, " Polisen ändrade registreringen av brotten %s: tidsseriemodellen har "
                         "ett eget nivåskifte den månaden (kvot %s, %s %s), så ändringen räknas "
                         "inte som insatsernas effekt.",
                      " The police changed how the offences are recorded in %s: the time-series "
                      "model has a level shift of its own at that month (ratio %s, %s %s), so "
                      "the change is not counted as the measures' effect."),
                    m, fmt_sig(c->lang, co->recording_step.estimate, 3), eval_ci(c, CI_ABBR),
                    fmt_ci(c->lang, co->recording_step.conf_low, co->recording_step.conf_high, 3,
                           0));
        break;
    case RECORDING_MIXED_IN:
        strbuf_addf(it,
                    L(c, " Polisen ändrade registreringen av brotten %s, inom perioden: den här "
                         "skattningen kan inte skilja ändringen från insatsernas effekt, så "
                         "säkerheten är högst svag.",
                      " The police changed how the offences are recorded in %s, inside the "
                      "window: this estimate cannot tell the change from the measures' effect, "
                      "so the certainty is weak at most."),
                    m);
        break;
    case RECORDING_IN_CONTRAST:
        strbuf_addf(it,
                    co->recording_target_only
                        ? L(c, " Polisen ändrade registreringen av brotten i målområdet %s "
                               "(jämförelseområdet behöll det gamla sättet): jämförelsens modell "
                               "har ett eget nivåskifte den månaden i målområdet (kvot %s, %s "
                               "%s), så ändringen räknas inte som insatsernas effekt.",
                            " The police changed how the offences are recorded in the target "
                            "area in %s (the comparison area kept the old way): the contrast's "
                            "model has a level shift of its own at that month in the target "
                            "area (ratio %s, %s %s), so the change is not counted as the "
                            "measures' effect.")
                        : L(c, " Polisen ändrade registreringen av brotten %s, i båda områdena "
                               "(samma polisiära registrering): jämförelsens modell har ett eget "
                               "nivåskifte den månaden för båda (kvot %s, %s %s), så ändringen "
                               "räknas inte som insatsernas effekt.",
                            " The police changed how the offences are recorded in %s, in both "
                            "areas (one police recording system): the contrast's model has a "
                            "level shift of its own at that month for both (ratio %s, %s %s), "
                            "so the change is not counted as the measures' effect."),
                    m,
                    fmt_num(c->lang, co->recording_step.estimate,
                            fmt_common_decimals(co->recording_step.estimate,
                                                co->recording_step.conf_low,
                                                co->recording_step.conf_high, 3)),
                    eval_ci(c, CI_ABBR),
                    fmt_ci_dec(c->lang, co->recording_step.conf_low, co->recording_step.conf_high,
                               fmt_common_decimals(co->recording_step.estimate,
                                                   co->recording_step.conf_low,
                                                   co->recording_step.conf_high, 3),
                               0));
        break;
    case RECORDING_CONTRAST:
        strbuf_addf(it,
                    L(c, " Polisen ändrade registreringen av brotten %s, inom perioden: "
                         "jämförelsen tar bort ändringen bara om jämförelseområdets brott "
                         "registrerades på samma nya sätt från samma månad.",
                      " The police changed how the offences are recorded in %s, inside the "
                      "window: the contrast removes the change only if the comparison area's "
                      "offences were recorded the same new way from the same month."),
                    m);
        break;
    }
    bool decided = co->verdict != VERDICT_INCONCLUSIVE && co->found && stat_ok(&co->r);
    if (co->few_months && decided)
        strbuf_addf(it,
                    L(c, " Bara %zu månader före och %zu efter starten: med mindre än ett år på "
                         "en sida går en bestående förändring inte att skilja från årstiden, så "
                         "säkerheten är ett steg lägre.",
                      " Only %zu months before and %zu after the start: with less than a year "
                      "on one side a lasting change cannot be told from the season, so the "
                      "certainty is one step lower."),
                    co->months_before, co->months_after);
    if (co->sparse && decided)
        strbuf_addf(it,
                    L(c, " Glesa data: i genomsnitt %s händelser per månad, %s av månaderna utan "
                         "någon, %s före och %s efter starten; intervall från så få händelser är "
                         "mindre tillförlitliga, så säkerheten är %s.",
                      " Sparse data: %s events a month on average, %s of the months without "
                      "any, %s before and %s after the start; intervals from so few events are "
                      "less reliable, so the certainty is %s."),
                    fmt_num(c->lang, co->events_per_month, 1),
                    fmt_pct(c->lang, co->zero_month_share, 0), fmt_num(c->lang, co->events_before, 0),
                    fmt_num(c->lang, co->events_after, 0),
                    co->very_sparse ? L(c, "högst svag", "weak at most")
                                    : L(c, "ett steg lägre", "one step lower"));
}

/*
 * Criteria whose estimate changed clearly the other way from the one their rule asks
 * for, named in the answer's first lines: "not met" alone does not say that things got
 * worse, and harm is to be said as plainly as benefit.
 */
static void wrong_way_text(const struct eval_ctx *c, const struct evaluation *ev,
                           struct strbuf *sb)
{
    size_t n = 0;
    for (size_t i = 0; i < ev->n_criteria; i++)
        n += ev->criteria[i].wrong_way != 0;
    if (!n)
        return;
    strbuf_addf(sb,
                L(c, " Åt motsatt håll: %zu av kriterierna visar en tydlig förändring (hela "
                     "intervallet på samma sida om ingen förändring) i motsatt riktning mot den "
                     "kriteriet kräver: ",
                  " The other way: %zu of the criteria show a clear change (the whole interval "
                  "on one side of no change) in the opposite direction to the one the "
                  "criterion asks for: "),
                n);
    size_t k = 0;
    for (size_t i = 0; i < ev->n_criteria; i++) {
        const struct criterion_outcome *co = &ev->criteria[i];
        if (!co->wrong_way)
            continue;
        const char *text = L(c, co->criterion->text_sv, co->criterion->text_en);
        strbuf_addf(sb, "%s\"%s\" (%s)", k++ ? "; " : "", text ? text : co->criterion->id,
                    co->wrong_way > 0 ? L(c, "en ökning", "a rise") : L(c, "en minskning", "a fall"));
    }
    strbuf_addch(sb, '.');
}

/* A later report whose verdicts differ from those the decision date's data gave says
 * so in its first lines, not only in the table and caveats below (REPORTING.md rule 4):
 * the decision was made on the evidence then. */
static void known_then_text(const struct eval_ctx *c, const struct evaluation *ev,
                            struct strbuf *sb)
{
    const struct evaluation *then = c->then;
    if (!then)
        return;
    size_t changed = 0;
    for (size_t i = 0; i < ev->n_criteria && i < then->n_criteria; i++)
        changed += ev->criteria[i].verdict != then->criteria[i].verdict;
    if (!changed)
        return;
    char day[16];
    date_format(c->spec->decision_date, day, sizeof(day));
    strbuf_addf(sb,
                L(c, " Vid beslutsdatum %s gav de data som fanns då en annan bedömning för %zu "
                     "av kriterierna (se tabellen över vad som var känt då).",
                  " On the decision date %s, the data available then gave a different verdict "
                  "for %zu of the criteria (see the table of what was known then)."),
                day, changed);
}

/*
 * The answer to the decision question, first in the report (REPORTING.md rule 5):
 * what the package is, what was found and how sure, what was delivered, what it cost
 * and what the evidence cannot say -- every part generated from the judged criteria.
 */
/*
 * "I korthet" / "In brief" (REPORTING.md rule 5 and its fair summary): the answer in a
 * few plain sentences a steering group reads in a minute, generated from the verdicts
 * and nothing stronger.  Per outcome with criteria, the finding of the strongest design
 * that decides one of them (its level said); what is unclear, with the smallest change
 * the data could have shown; the months without delivery; the cost per prevented case
 * only where it has an upper bound (level 3); that the package, not the component, was
 * measured.  No causal verb: a level-2 change is said as "lower/higher", never as
 * caused or prevented.
 */
static void write_brief(struct eval_ctx *c, const struct evaluation *ev, struct doc *d,
                        const struct criterion_outcome *pkg, const struct criterion_outcome *gap,
                        const char *comps)
{
    size_t n = ev->n_criteria;
    /* one short item per outcome, read at a glance; the closing sentences after them */
    char **items = xcalloc(n + c->spec->n_outcomes + 1, sizeof(char *));
    size_t n_items = 0;
    bool *done = xcalloc(n ? n : 1, sizeof(bool));
    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        const char *outcome = ev->criteria[i].criterion->outcome;
        /* the strongest design among this outcome's criteria */
        const struct criterion_outcome *best = NULL;
        for (size_t k = i; k < n; k++) {
            const struct criterion_outcome *co = &ev->criteria[k];
            if (strcmp(co->criterion->outcome, outcome))
                continue;
            done[k] = true;
            if (!co->found || !stat_ok(&co->r))
                continue;
            if (!best || co->design_level > best->design_level)
                best = co;
        }
        const struct outcome *o = spec_outcome(c->spec, outcome);
        const char *title = o ? L(c, o->title_sv, o->title_en) : NULL;
        if (!title)
            title = outcome;
        struct strbuf sb = STRBUF_INIT;
        if (!best) {
            strbuf_addf(&sb, L(c, "%s: ingen skattning att bedöma.", "%s: no estimate to judge."),
                        title);
            items[n_items++] = strbuf_detach(&sb);
            continue;
        }
        strbuf_addf(&sb, "%s: ", title);
        add_reading(c, &best->r, best->ratio, best->share, share_limit(best->term), &sb);
        strbuf_addf(&sb, ", %s (%s %d, %s)", criterion_phrase(c, best), L(c, "nivå", "level"),
                    best->design_level, verdict_text(c, best->verdict));
        if (best->has_other && best->disagrees && best->other_level > best->design_level) {
            /* a stronger design that reads otherwise, as the bullet says */
            strbuf_addf(&sb, L(c, "; skattningen på nivå %d: ", "; the level-%d estimate: "),
                        best->other_level);
            add_reading(c, &best->other, best->ratio, best->share, share_limit(best->other_term),
                        &sb);
            strbuf_addf(&sb, ", %s", term_phrase(c, best->other_term));
        }
        if (best->verdict == VERDICT_INCONCLUSIVE && !isnan(best->mde)) {
            strbuf_addstr(&sb, "; ");
            mde_text(c, best, &sb);
        }
        strbuf_addch(&sb, '.');
        items[n_items++] = strbuf_detach(&sb);
    }
    free(done);
    /* what the report measured without a criterion: one item each, so the answer covers
     * the question, with the strongest estimate and its level, never a verdict -- and
     * what keeps the estimate from saying more: an interval that includes no change, or
     * offences the police detect themselves */
    for (size_t k = 0; k < c->spec->n_outcomes; k++) {
        const struct outcome *o = &c->spec->outcomes[k];
        bool judged = false;
        for (size_t i = 0; i < n && !judged; i++)
            judged = !strcmp(ev->criteria[i].criterion->outcome, o->id);
        if (judged)
            continue;
        static const char *const order[] = {"synthetic", "did", "rate_ratio", "level_change",
                                            "slope_change", "difference"};
        const struct recorded *rec = NULL;
        const char *term = NULL;
        if (o->kind == OUTCOME_INCIDENTS || o->kind == OUTCOME_SURVEY ||
            o->kind == OUTCOME_INTERMITTENT)
            for (size_t t = 0; t < sizeof(order) / sizeof(order[0]) && !rec; t++) {
                /* an [incidents] time series says more than its crude ratio */
                if (!strcmp(order[t], "rate_ratio") && o->kind == OUTCOME_INCIDENTS &&
                    o->model != MODEL_RATE_RATIO)
                    continue;
                const struct recorded *r = find_recorded(c, o->id, order[t], NULL);
                if (r && stat_ok(&r->r)) {
                    rec = r;
                    term = order[t];
                }
            }
        const char *title = L(c, o->title_sv, o->title_en);
        if (!title) /* a count's title from its data, as its section heading has it */
            title = rec && o->kind != OUTCOME_SURVEY ? rec->label : o->id;
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, L(c, "%s (utan förhandsbestämt kriterium): ",
                           "%s (without a pre-registered criterion): "),
                    title);
        if (rec) {
            int olevel = outcome_level(c, o->id);
            add_reading(c, &rec->r, rec->ratio, rec->share, share_limit(term), &sb);
            strbuf_addf(&sb, ", %s (%s %d)",
                        o->kind == OUTCOME_INTERMITTENT
                            ? L(c, "jämfört med förändringen på jämförelsedagarna",
                                "relative to the change on the comparison days")
                            : term_phrase(c, term),
                        L(c, "nivå", "level"), olevel ? term_design_level(o->kind, term, olevel) : 2);
            double null = rec->ratio ? 1.0 : 0.0;
            if (isfinite(rec->r.conf_low) && isfinite(rec->r.conf_high) &&
                rec->r.conf_low <= null && rec->r.conf_high >= null)
                strbuf_addstr(&sb, L(c, "; intervallet omfattar ingen förändring, så data kan "
                                        "inte skilja den från slumpen",
                                     "; the interval includes no change, so the data cannot tell "
                                     "it from chance"));
            else if (outcome_police(c, o->id))
                strbuf_addstr(&sb, L(c, "; polisupptäckta brott: förändringen speglar polisens "
                                        "aktivitet snarare än brottsligheten",
                                     "; police-detected offences: the change reflects police "
                                     "activity rather than offending"));
        } else if (o->kind == OUTCOME_ACTIVITY) {
            strbuf_addstr(&sb, L(c, "beskrivande (vad som genomfördes), ingen jämförelse",
                                 "descriptive (what was delivered), no comparison"));
        } else if (o->kind == OUTCOME_INCIDENTS && o->screening) {
            strbuf_addstr(&sb, L(c, "en screening av många serier, ingen utvärdering (se "
                                    "avsnittet nedan)",
                                 "a screening of many series, not an evaluation (see its "
                                 "section below)"));
        } else if (o->kind == OUTCOME_INCIDENTS || o->kind == OUTCOME_SURVEY ||
                   o->kind == OUTCOME_INTERMITTENT) {
            strbuf_addstr(&sb, L(c, "ingen skattning", "no estimate"));
        } else {
            strbuf_addstr(&sb, L(c, "beskrivande, se avsnittet nedan",
                                 "descriptive, see its section below"));
        }
        strbuf_addch(&sb, '.');
        items[n_items++] = strbuf_detach(&sb);
    }
    struct strbuf sb = STRBUF_INIT;
    if (gap)
        strbuf_addf(&sb,
                    L(c, "Inget genomförande av %s registrerades under %zu av de %zu månaderna "
                         "efter starten. ",
                      "No delivery of the %s was recorded in %zu of the %zu months after the "
                      "start. "),
                    comps, gap->gap_months, gap->after_months);
    const struct criterion_outcome *cost = NULL;
    for (size_t i = 0; i < n && !cost; i++)
        if (isfinite(ev->criteria[i].cost_per_unit) && isfinite(ev->criteria[i].cost_per_unit_high) &&
            ev->criteria[i].design_level >= 3)
            cost = &ev->criteria[i];
    if (cost) {
        const char *text = L(c, cost->criterion->text_sv, cost->criterion->text_en);
        strbuf_addf(&sb,
                    L(c, "Paketet kostade omkring %s per förhindrat fall (intervall %s till %s), "
                         "räknat på \"%s\". ",
                      "The package cost about %s per prevented case (interval %s to %s), counted "
                      "on \"%s\". "),
                    fmt_sek(c->lang, cost->cost_per_unit),
                    isnan(cost->cost_per_unit_low) ? "\xe2\x80\x93"
                                                   : fmt_sek(c->lang, cost->cost_per_unit_low),
                    fmt_sek(c->lang, cost->cost_per_unit_high), text ? text : cost->criterion->id);
    }
    if (pkg)
        strbuf_addf(&sb,
                    L(c, "Allt detta gäller hela paketet av insatser; vad %s åstadkom på egen hand "
                         "går inte att skilja ut.",
                      "All of this is the whole package's; what the %s achieved on their own "
                      "cannot be separated."),
                    comps);
    strbuf_trim(&sb);
    if (!n_items && !sb.len) {
        free(items);
        strbuf_release(&sb);
        return;
    }
    doc_paragraph(d, "%s", L(c, "I korthet:", "In brief:"));
    if (n_items)
        doc_list(d, items, n_items);
    else
        free(items);
    if (sb.len)
        doc_paragraph(d, "%s", sb.buf);
    strbuf_release(&sb);
}

static void write_answer(struct eval_ctx *c, const struct evaluation *ev, struct doc *d)
{
    size_t n = ev->n_criteria, met = 0, met_solid = 0, not_met = 0, unclear = 0;
    const struct criterion_outcome *pkg = NULL, *gap = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct criterion_outcome *co = &ev->criteria[i];
        met += co->verdict == VERDICT_MET;
        met_solid += co->verdict == VERDICT_MET && co->certainty <= CERTAINTY_MODERATE;
        not_met += co->verdict == VERDICT_NOT_MET;
        unclear += co->verdict == VERDICT_INCONCLUSIVE;
        if (!pkg && has_others(co) && !co->separated)
            pkg = co;
        if (!gap && co->gap_months)
            gap = co;
    }
    doc_heading(d, 3, "answer", L(c, "Svar på beslutsfrågan", "Answer to the decision question"));
    struct strbuf comps = STRBUF_INIT, sb = STRBUF_INIT;
    components_text(c, &comps);
    write_brief(c, ev, d, pkg, gap, comps.buf);
    if (pkg) {
        struct strbuf list = STRBUF_INIT;
        package_text(c, pkg, &list);
        strbuf_addf(&sb,
                    L(c, "Underlaget kan inte besvara frågan för %s ensamma: förändringarna som "
                         "mäts gäller hela paketet av insatser som startade eller slutade i "
                         "området under samma period (%s), och effekten av %s går inte att "
                         "skilja från resten med den här designen. ",
                      "The evidence cannot answer the question for the %s alone: the changes "
                      "measured are those of the whole package of measures that started or "
                      "ended in the area in the same period (%s), and this design cannot "
                      "separate the effect of the %s from the rest. "),
                    comps.buf, list.buf, comps.buf);
        strbuf_release(&list);
    }
    if (n == 1) /* "Of 1 criteria, ... 1 are inconclusive" reads wrong */
        strbuf_addf(&sb, L(c, "Det förhandsbestämda kriteriet är %s.",
                           "The one pre-registered criterion is %s."),
                    met_solid ? L(c, "uppfyllt med stark eller måttlig säkerhet",
                                  "met with strong or moderate certainty")
                    : met     ? L(c, "uppfyllt", "met")
                    : not_met ? L(c, "inte uppfyllt", "not met")
                    : unclear ? L(c, "oklart", "inconclusive")
                              : L(c, "inte bedömt", "not judged"));
    else
        /* one criterion "is", several "are"; Swedish: uppfyllt/uppfyllda, oklart/oklara */
        strbuf_addf(&sb,
                    L(c, "Av %zu förhandsbestämda kriterier är %zu %s (%zu av dem med "
                         "stark eller måttlig säkerhet), %zu %s och %zu %s.",
                      "Of %zu pre-registered criteria, %zu %s (%zu of them with strong or "
                      "moderate certainty), %zu %s and %zu %s."),
                    n, met, met == 1 ? L(c, "uppfyllt", "is met") : L(c, "uppfyllda", "are met"),
                    met_solid, not_met,
                    not_met == 1 ? L(c, "inte uppfyllt", "is not met")
                                 : L(c, "inte uppfyllda", "are not met"),
                    unclear,
                    unclear == 1 ? L(c, "oklart", "is inconclusive")
                                 : L(c, "oklara", "are inconclusive"));
    wrong_way_text(c, ev, &sb);
    known_then_text(c, ev, &sb);
    doc_paragraph(d, "%s", sb.buf);
    strbuf_reset(&sb);

    /* what was found, criterion by criterion */
    char **items = xcalloc(n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        const struct criterion_outcome *co = &ev->criteria[i];
        const struct criterion *cr = co->criterion;
        const char *text = L(c, cr->text_sv, cr->text_en);
        struct strbuf it = STRBUF_INIT;
        strbuf_addf(&it, "%s: %s", text ? text : cr->id, verdict_text(c, co->verdict));
        if (co->found && stat_ok(&co->r)) {
            strbuf_addstr(&it, " \xe2\x80\x93 ");
            add_reading(c, &co->r, co->ratio, co->share, share_limit(co->term), &it);
            strbuf_addf(&it, ", %s", criterion_phrase(c, co));
        } else if (co->found) { /* why there is nothing to read, not a bare "inconclusive" */
            strbuf_addf(&it, L(c, " \xe2\x80\x93 ingen skattning (%s)", " \xe2\x80\x93 no estimate (%s)"),
                        stat_why_text(c->lang, &co->r));
        } else if (co->withheld) {
            strbuf_addf(&it,
                        L(c, " \xe2\x80\x93 skattningen publiceras inte: den bygger på för få "
                             "svarande (färre än %d i en cell, eller en cell som andra tal skulle "
                             "avslöja)",
                          " \xe2\x80\x93 the estimate is not published: it rests on too few "
                          "respondents (fewer than %d in a cell, or a cell other figures would "
                          "reveal)"),
                        c->opt->min_cell);
        } else {
            strbuf_addstr(&it, L(c, " \xe2\x80\x93 analysen gav ingen skattning",
                                 " \xe2\x80\x93 the analysis gave no estimate"));
        }
        strbuf_addf(&it, L(c, ". Design nivå %d, %s säkerhet", ". Design level %d, %s certainty"),
                    co->design_level, certainty_text(c, co->certainty));
        if (co->falsified == 1)
            strbuf_addstr(&it, L(c, " (liknande förändringar syns utan insats i placebotestet)",
                                 " (similar changes appear without any measure in the placebo "
                                 "check)"));
        else if (co->falsified < 0 && co->verdict != VERDICT_INCONCLUSIVE)
            strbuf_addstr(&it, L(c, " (inget placebotest av denna skattning)",
                                 " (no placebo check of this estimate)"));
        strbuf_addch(&it, '.');
        cumulative_text(c, co, &it);
        if (co->point_only) {
            strbuf_addstr(&it, L(c, " Bara punktskattningen uppfyller regeln: intervallet "
                                    "omfattar också värden som inte gör det, så data avgör inte "
                                    "kriteriet.",
                                 " Only the point estimate satisfies the rule: the interval "
                                 "also covers values that do not, so the data do not decide "
                                 "the criterion."));
        }
        counts_text(c, co, &it);
        for (size_t k = 0; k + 1 < c->n_comparability; k += 2)
            if (!strcmp(c->comparability[k], cr->outcome))
                strbuf_addf(&it,
                            L(c, " Frågan är inte helt jämförbar mellan vågorna som jämförs: %s",
                              " The question is not fully comparable between the waves "
                              "compared: %s"),
                            c->comparability[k + 1]);
        if (co->has_other && co->disagrees) {
            /* say how they differ: "disagrees" alone reads as opposite directions */
            int here = clear_direction(&co->r, co->ratio);
            int there = clear_direction(&co->other, co->ratio);
            if (there == 0)
                strbuf_addf(&it,
                            L(c, " Skattningen på nivå %d bekräftar det inte, dess intervall "
                                 "omfattar ingen förändring: ",
                              " The level-%d estimate does not confirm it; its interval "
                              "includes no change: "),
                            co->other_level);
            else if (here == 0)
                strbuf_addf(&it,
                            L(c, " Skattningen på nivå %d visar däremot en tydlig förändring: ",
                              " The level-%d estimate, by contrast, shows a clear change: "),
                            co->other_level);
            else
                strbuf_addf(&it,
                            L(c, " Skattningen på nivå %d pekar åt motsatt håll: ",
                              " The level-%d estimate points the other way: "),
                            co->other_level);
            add_reading(c, &co->other, co->ratio, co->share, share_limit(co->other_term), &it);
            strbuf_addf(&it, ", %s.", term_phrase(c, co->other_term));
        }
        if (co->verdict == VERDICT_INCONCLUSIVE && !isnan(co->mde)) {
            strbuf_addstr(&it, L(c, " Oklart betyder här: ", " Inconclusive means here: "));
            mde_text(c, co, &it);
            strbuf_addch(&it, '.');
        }
        items[i] = strbuf_detach(&it);
    }
    doc_list(d, items, n);

    /* implementation */
    if (gap) {
        char a[16], b[16];
        month_text(gap->first_gap, a, sizeof(a));
        month_text(gap->last_gap, b, sizeof(b));
        double planned = 0, delivered = 0;
        for (size_t k = 0; k < c->n_deliveries; k++)
            for (size_t m = 0; m < c->deliveries[k].n; m++) {
                planned += c->deliveries[k].planned[m];
                if (!isnan(c->deliveries[k].delivered[m]) && c->deliveries[k].planned[m] > 0)
                    delivered += c->deliveries[k].delivered[m];
            }
        strbuf_addf(&sb,
                    L(c, "Genomförande: under %zu av de %zu månaderna efter starten (%s till "
                         "%s) registrerades inget genomförande av %s, men de månaderna räknas "
                         "ändå som \"efter\" i skattningarna. ",
                      "Implementation: in %zu of the %zu months after the start (%s to %s) no "
                      "delivery of the %s was recorded, yet those months count as \"after\" in "
                      "the estimates. "),
                    gap->gap_months, gap->after_months, a, b, comps.buf);
        if (planned > 0)
            strbuf_addf(&sb,
                        L(c, "Under de planerade månaderna genomfördes %s av planen. ",
                          "In the months planned, %s of the plan was delivered. "),
                        fmt_pct(c->lang, delivered / planned, 0));
        bool survey_flagged = false;
        for (size_t i = 0; i < n; i++) {
            const struct outcome *o = spec_outcome(c->spec, ev->criteria[i].criterion->outcome);
            survey_flagged |= ev->criteria[i].gap_months && o &&
                              (o->kind == OUTCOME_SURVEY || o->kind == OUTCOME_TREND);
        }
        /* the restricted estimates once under one lead-in, not the lead-in per estimate */
        size_t n_delivered = 0;
        for (size_t i = 0; i < n; i++) {
            const struct criterion_outcome *co = &ev->criteria[i];
            if (!co->has_delivered || !stat_ok(&co->delivered))
                continue;
            const char *text = L(c, co->criterion->text_sv, co->criterion->text_en);
            if (!n_delivered++)
                strbuf_addstr(&sb, L(c, "Bara månader med genomförande: ",
                                     "Months with delivery only: "));
            else
                strbuf_addstr(&sb, "; ");
            strbuf_addf(&sb, "%s: ", text ? text : co->criterion->id);
            add_reading(c, &co->delivered, co->ratio, co->share, share_limit(co->term), &sb);
        }
        if (n_delivered)
            strbuf_addstr(&sb, ". ");
        if (survey_flagged)
            /* why not: a wave is one measurement of how people feel, shaped by the months
             * before it, not a sum over months that could leave the empty ones out */
            strbuf_addstr(&sb, L(c, "För enkätfrågorna räknas ingen begränsad skattning ut, "
                                    "eftersom en enkätvåg inte är en summa över månader som går "
                                    "att dela: den mäter hur människor upplever läget när den "
                                    "genomförs, präglat av månaderna före, med och utan "
                                    "genomförande. Vilka vågor som speglar en period med "
                                    "genomförande är en bedömning; en [survey]-sektion med bara "
                                    "de efter-vågorna ger den skattningen.",
                                 "For the survey questions no restricted estimate is computed, "
                                 "because a survey wave is not a sum over months that can be "
                                 "split: it measures how people perceive things when it is "
                                 "fielded, shaped by the months before it, with and without "
                                 "delivery. Which waves reflect a period of delivery is a "
                                 "judgement; a [survey] section with only those after waves "
                                 "gives that estimate."));
        strbuf_trim(&sb);
        doc_callout(d, TONE_INFO, "%s", sb.buf);
        strbuf_reset(&sb);
    }

    /* cost: the package's cost over the after months once, then what each criterion's
     * model puts the prevented cases at */
    const struct criterion_outcome *first_cost = NULL;
    size_t n_cost = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(ev->criteria[i].cost)) {
            if (!first_cost)
                first_cost = &ev->criteria[i];
            n_cost++;
        }
    if (first_cost) {
        const struct criterion_outcome *co = first_cost;
        char a[16], b[16];
        month_text(co->cost_from, a, sizeof(a));
        month_text(co->cost_to, b, sizeof(b));
        strbuf_addf(&sb, L(c, "Kostnad: under %s till %s kostade paketet %s",
                           "Cost: over %s to %s the package cost %s"),
                    a, b, fmt_sek(c->lang, co->cost));
        if (!isnan(co->cost_component) && has_others(co))
            strbuf_addf(&sb, L(c, ", varav %s %s", ", of which the %s %s"), comps.buf,
                        fmt_sek(c->lang, co->cost_component));
        strbuf_addstr(&sb, ".");
        if (co->n_uncosted)
            strbuf_addf(&sb,
                        L(c, " Insatser i paketet utan kostnad i insatstabellen: %zu; kostnaden "
                             "är en undre gräns.",
                          " Measures in the package without a cost in the interventions table: "
                          "%zu; the cost is a lower bound."),
                        co->n_uncosted);
        strbuf_addstr(&sb, L(c, " Förhindrade fall är summan över samma månader av det "
                                "förväntade utan insatserna minus det observerade, från samma "
                                "modell som bedömer kriteriet:",
                             " Prevented cases are the sum over the same months of what was "
                             "expected without the measures minus what was observed, from the "
                             "model that judges the criterion:"));
        doc_paragraph(d, "%s", sb.buf);
        strbuf_reset(&sb);
        char **costs = xcalloc(n_cost, sizeof(*costs));
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            co = &ev->criteria[i];
            if (isnan(co->cost))
                continue;
            const char *text = L(c, co->criterion->text_sv, co->criterion->text_en);
            struct strbuf it = STRBUF_INIT;
            char base[64];
            base_term(co->term, base, sizeof(base));
            const char *basis = prevented_basis(c, co);
            strbuf_addf(&it, "%s (%s): ", text ? text : co->criterion->id,
                        basis ? basis : criterion_phrase(c, co));
            if (co->cost != first_cost->cost ||
                date_compare(co->cost_from, first_cost->cost_from) ||
                date_compare(co->cost_to, first_cost->cost_to)) {
                char a2[16], b2[16];
                month_text(co->cost_from, a2, sizeof(a2));
                month_text(co->cost_to, b2, sizeof(b2));
                strbuf_addf(&it, L(c, "paketets kostnad under %s till %s %s; ",
                                   "the package cost over %s to %s %s; "),
                            a2, b2, fmt_sek(c->lang, co->cost));
            }
            prevented_text(c, co, &it);
            /* "prevented" is a causal word: a level-2 estimate (no comparison) shows cases
             * fewer than expected, which are prevented only if the measures caused the
             * fall (REPORTING.md rule 1) */
            if (co->design_level > 0 && co->design_level < 3 && co->prevented.estimate > 0)
                strbuf_addstr(&it, L(c, "; på nivå 2 (ingen jämförelse) är fallen färre än "
                                        "väntat, förhindrade bara om minskningen beror på "
                                        "insatserna och inte på annat som hände samtidigt",
                                     "; at level 2 (no comparison) these are cases fewer than "
                                     "expected, prevented only if the measures caused the fall "
                                     "rather than anything else that happened at the same time"));
            /* a cost from a level-2 estimate a comparison area does not bear out is a
             * cost of a change that may not be the measures'; one the comparison area
             * shows clearly (while this estimate is unclear) is said as that */
            if (co->has_other && co->disagrees && co->other_level > co->design_level) {
                int there = clear_direction(&co->other, co->ratio);
                int fewer = co->prevented.estimate > 0 ? -1 : 1;
                if (there == fewer)
                    strbuf_addf(&it,
                                L(c, "; skattningen på nivå %d visar en tydlig %s (se ovan)",
                                  "; the level-%d estimate shows a clear %s (see above)"),
                                co->other_level,
                                there < 0 ? L(c, "minskning", "fall") : L(c, "ökning", "rise"));
                else
                    strbuf_addf(&it,
                                L(c, "; skattningen på nivå %d bekräftar inte förändringen (se "
                                     "ovan)",
                                  "; the level-%d estimate does not bear the change out (see "
                                  "above)"),
                                co->other_level);
            }
            costs[k++] = strbuf_detach(&it);
        }
        doc_list(d, costs, k);
        if (has_others(first_cost) && !first_cost->separated)
            doc_paragraph(d,
                          L(c, "Kostnaden per förhindrat fall för %s ensamma kan inte anges: "
                               "deras egen effekt är inte identifierad.",
                            "A cost per prevented case for the %s alone cannot be given: their "
                            "own effect is not identified."),
                          comps.buf);
    }

    /* what the evidence cannot say */
    struct strbuf cannot = STRBUF_INIT;
    size_t k = 0;
    char **limits = xcalloc(64, sizeof(*limits));
    if (pkg) {
        strbuf_addf(&cannot, L(c, "vad %s åstadkom på egen hand", "what the %s achieved on their own"),
                    comps.buf);
        limits[k++] = strbuf_detach(&cannot);
    }
    for (size_t i = 0; i < n && k < 60; i++) {
        const struct criterion_outcome *co = &ev->criteria[i];
        const char *text = L(c, co->criterion->text_sv, co->criterion->text_en);
        if (co->point_only) {
            strbuf_addf(&cannot,
                        L(c, "om \"%s\" stämmer: bara punktskattningen uppfyller regeln, inte "
                             "intervallet",
                          "whether \"%s\" holds: only the point estimate satisfies the rule, "
                          "not the interval"),
                        text ? text : co->criterion->id);
            limits[k++] = strbuf_detach(&cannot);
        } else if (co->verdict == VERDICT_MET && co->design_level == 2) {
            strbuf_addf(&cannot,
                        L(c, "om \"%s\" beror på insatserna och inte på annat som hände samtidigt "
                             "(ingen jämförelse, nivå 2)",
                          "whether \"%s\" is due to the measures rather than to anything else "
                          "that happened at the same time (no comparison, level 2)"),
                        text ? text : co->criterion->id);
            limits[k++] = strbuf_detach(&cannot);
        } else if (co->verdict == VERDICT_INCONCLUSIVE) {
            strbuf_addf(&cannot, L(c, "om \"%s\" stämmer", "whether \"%s\" holds"),
                        text ? text : co->criterion->id);
            if (!isnan(co->mde)) {
                strbuf_addstr(&cannot, ": ");
                mde_text(c, co, &cannot);
            }
            limits[k++] = strbuf_detach(&cannot);
        }
    }
    if (gap) {
        strbuf_addstr(&cannot, L(c, "vad insatsen hade åstadkommit de månader den inte "
                                    "genomfördes",
                                 "what the measure would have achieved in the months it was not "
                                 "delivered"));
        limits[k++] = strbuf_detach(&cannot);
    }
    if (k) {
        doc_paragraph(d, "%s", L(c, "Det underlaget inte kan säga:", "What the evidence cannot say:"));
        doc_list(d, limits, k);
    } else {
        free(limits);
    }
    strbuf_release(&cannot);
    strbuf_release(&comps);
    strbuf_release(&sb);
}

/* The measures behind the estimates: the components and every member of a package. */
static void write_measures(struct eval_ctx *c, const struct evaluation *ev, struct doc *d)
{
    char **names = NULL;
    bool *comp = NULL;
    size_t nn = 0;
    for (size_t i = 0; i < c->spec->interventions.n; i++) {
        names = xrealloc(names, (nn + 1) * sizeof(*names));
        comp = xrealloc(comp, (nn + 1) * sizeof(*comp));
        names[nn] = c->spec->interventions.items[i];
        comp[nn++] = true;
    }
    for (size_t i = 0; i < ev->n_criteria; i++)
        for (size_t k = 0; k < ev->criteria[i].n_package; k++) {
            const char *nm = ev->criteria[i].package[k];
            bool seen = false;
            for (size_t j = 0; j < nn && !seen; j++)
                seen = !strcmp(names[j], nm);
            if (seen)
                continue;
            names = xrealloc(names, (nn + 1) * sizeof(*names));
            comp = xrealloc(comp, (nn + 1) * sizeof(*comp));
            names[nn] = ev->criteria[i].package[k];
            comp[nn++] = false;
        }
    size_t n_items = 0;
    char **items = NULL;
    for (size_t j = 0; j < nn; j++)
        for (size_t i = 0; i < c->n_interventions; i++) {
            const struct intervention_cost *iv = &c->interventions[i];
            if (strcmp(iv->name, names[j]))
                continue;
            struct strbuf sb = STRBUF_INIT;
            char a[16], b[16];
            date_format(iv->start, a, sizeof(a));
            date_format(iv->end, b, sizeof(b));
            const char *title = intervention_title(c->interventions, c->n_interventions, iv->name,
                                                   c->lang);
            strbuf_addf(&sb, "%s", title);
            if (strcmp(title, iv->name))
                strbuf_addf(&sb, " (%s)", iv->name);
            strbuf_addf(&sb, ", %s: %s %s%s%s", iv->area, L(c, "från", "from"), a,
                        iv->has_end ? L(c, " till ", " to ") : "", iv->has_end ? b : "");
            if (iv->has_cost && iv->period_amount)
                strbuf_addf(&sb, L(c, ", %s för perioden", ", %s for the period"),
                            fmt_sek(c->lang, iv->cost));
            else if (iv->has_cost)
                strbuf_addf(&sb, L(c, ", %s per år", ", %s a year"), fmt_sek(c->lang, iv->cost));
            else
                strbuf_addstr(&sb, L(c, ", ingen kostnad angiven", ", no cost given"));
            if (!isnan(iv->planned))
                strbuf_addf(&sb, L(c, ", planerat %s %s per månad", ", planned %s %s a month"),
                            fmt_num(c->lang, iv->planned, 0),
                            eval_delivery_unit(c, iv->name, iv->planned_category));
            if (comp[j])
                strbuf_addstr(&sb, L(c, " \xe2\x80\x94 den insats som utvärderas",
                                     " \xe2\x80\x94 the measure evaluated"));
            items = xrealloc(items, (n_items + 1) * sizeof(*items));
            items[n_items++] = strbuf_detach(&sb);
        }
    if (n_items) {
        doc_paragraph(d, "%s",
                      nn > c->spec->interventions.n
                          ? L(c, "Insatser som skattningarna mäter (paketet i målområdet):",
                              "Measures the estimates measure (the package in the target area):")
                          : L(c, "Insatser som utvärderas:", "Measures evaluated:"));
        doc_list(d, items, n_items);
    } else {
        free(items);
    }
    free(names);
    free(comp);
}

static void write_summary(struct eval_ctx *c, struct evaluation *ev, struct doc *d)
{
    const struct spec *s = c->spec;
    doc_heading(d, 2, "summary", L(c, "Sammanfattning", "Summary"));
    const char *q = L(c, s->question_sv, s->question_en);
    doc_callout(d, TONE_INFO, L(c, "Beslutsfråga: %s", "Decision question: %s"), q ? q : "");
    if (ev->n_criteria)
        write_answer(c, ev, d);
    write_measures(c, ev, d);
    if (ev->n_criteria) {
        const char *cols[] = {L(c, "Kriterium", "Criterion"),
                              L(c, "Skattning", "Estimate"),
                              eval_ci(c, CI_WORDS),
                              L(c, "Regel", "Rule"),
                              L(c, "Bedömning", "Verdict"),
                              L(c, "Design (Maryland-skalan) för skattningen",
                                "Design (Maryland scale) of the estimate"),
                              L(c, "Säkerhet", "Certainty"),
                              L(c, "Paketets kostnad per förhindrat fall",
                                "Package cost per prevented case")};
        bool numeric[] = {false, true, true, false, false, false, false, true};
        struct table *t = table_new("criteria", L(c, "Förhandsbestämda beslutskriterier",
                                                  "Pre-registered decision criteria"),
                                    8, cols, numeric);
        unsigned char *tones = xcalloc(ev->n_criteria * 8, 1);
        bool any_cut = false;
        for (size_t i = 0; i < ev->n_criteria; i++) {
            const struct criterion_outcome *co = &ev->criteria[i];
            const struct criterion *cr = co->criterion;
            char est[96], ci[128], cost[200];
            /* the unit of the body: percentage points for differences of shares */
            any_cut |= est_ci_text(c, &co->r, co->ratio, co->share, true, true,
                                   share_limit(co->term), est, sizeof(est), ci, sizeof(ci));
            struct strbuf rule = STRBUF_INIT;
            rule_words(c, cr, co->ratio, co->share, &rule);
            if (co->cost_per_unit_reason &&
                !strcmp(co->cost_per_unit_reason, "prevented_includes_zero"))
                /* unbounded: no point, its best case */
                snprintf(cost, sizeof(cost), L(c, "ingen övre gräns (minst %s)", "no upper bound (at least %s)"),
                         isnan(co->cost_per_unit_low) ? "\xe2\x80\x93"
                                                      : fmt_sek(c->lang, co->cost_per_unit_low));
            else if (isnan(co->cost_per_unit))
                snprintf(cost, sizeof(cost), "%s", "\xe2\x80\x93");
            else
                snprintf(cost, sizeof(cost), "%s (%s %s %s)", fmt_sek(c->lang, co->cost_per_unit),
                         isnan(co->cost_per_unit_low) ? "\xe2\x80\x93"
                                                      : fmt_sek(c->lang, co->cost_per_unit_low),
                         L(c, "till", "to"),
                         isinf(co->cost_per_unit_high) ? "\xe2\x88\x9e"
                                                       : fmt_sek(c->lang, co->cost_per_unit_high));
            const char *text = L(c, cr->text_sv, cr->text_en);
            const char *row[] = {text ? text : cr->id, est, ci, rule.buf,
                                 verdict_text(c, co->verdict), design_text(c, co->design_level, co->design_days),
                                 certainty_text(c, co->certainty), cost};
            table_add_row(t, row);
            strbuf_release(&rule);
            tones[i * 8 + 4] = co->verdict == VERDICT_MET       ? TONE_GOOD
                               : co->verdict == VERDICT_NOT_MET ? TONE_BAD
                                                                : TONE_UNCERTAIN;
        }
        bool any_pp = false, any_ratio = false;
        for (size_t i = 0; i < ev->n_criteria; i++) {
            any_pp |= ev->criteria[i].share;
            any_ratio |= ev->criteria[i].ratio;
        }
        struct strbuf note = STRBUF_INIT;
        strbuf_addstr(&note, L(c, "Uppfyllt: konfidensintervallet uppfyller regeln. Inte uppfyllt: hela "
                       "intervallet ligger på fel sida. Oklart: intervallet omfattar båda "
                       "sidor – data räcker inte för att avgöra. Designnivån är den skattning "
                       "som avgör kriteriet. Säkerhet: stark = nivå 3 eller högre, tydligt "
                       "intervall och godkänt placebotest; måttlig = nivå 3 utan placebotest "
                       "eller nivå 2 med godkänt; svag = nivå 2 utan placebotest, ett "
                       "underkänt placebotest, en skattning på högre nivå som inte "
                       "bekräftar den eller en regel som bara punktskattningen uppfyller; "
                       "otillräcklig = oklart eller ingen skattning. Glesa antal (under 2 "
                       "händelser per månad i snitt eller minst en fjärdedel av månaderna utan "
                       "någon) sänker säkerheten ett steg; mycket glesa antal (under 1 per "
                       "månad, eller under 10 före eller efter starten) och en "
                       "registreringsändring som skattningen inte kan skilja ut ger högst svag; "
                       "mindre än ett år före eller efter starten sänker den ett steg.",
                    "Met: the confidence interval satisfies the rule. Not met: the whole "
                    "interval lies on the wrong side. Inconclusive: the interval covers both "
                    "sides – the data cannot decide. The design level is that of the estimate "
                    "that decides the criterion. Certainty: strong = level 3 or higher, a "
                    "deciding interval and a passed placebo check; moderate = level 3 without a "
                    "placebo check or level 2 with a passed one; weak = level 2 without a "
                    "placebo check, a failed placebo check, a higher-level estimate that does "
                    "not bear it out, or a rule only the point estimate satisfies; "
                    "insufficient = inconclusive or no estimate. Sparse counts (under 2 events "
                    "a month on average, or a quarter of the months or more without any) lower "
                    "the certainty one step; very sparse counts (under 1 a month, or under 10 "
                    "before or after the start) and a recording change the estimate cannot "
                    "separate make it weak at most; less than a year before or after the start "
                    "lowers it one step."));
        if (any_ratio)
            strbuf_addstr(&note, L(c, " En kvot är efter delat med före: 1 = ingen förändring, "
                                      "under 1 = färre.",
                                   " A ratio is after divided by before: 1 = no change, below "
                                   "1 = fewer."));
        if (any_pp)
            strbuf_addstr(&note, L(c, " p.e. = procentenheter, skillnaden mellan två andelar.",
                                   " pp = percentage points, the difference between two "
                                   "shares."));
        if (any_cut)
            strbuf_addstr(&note, L(c, " Avkortat: intervallet (ett Wald-intervall) går längre "
                                      "än en förändring i andel kan gå, ±100 procentenheter "
                                      "(±200 för en skillnad mellan två förändringar), och "
                                      "visas avkortat där; så breda intervall betyder att data "
                                      "inte kan säga något om förändringen.",
                                   " Truncated: the interval (a Wald interval) runs past what "
                                   "a change in a share can be, ±100 percentage points (±200 "
                                   "for a difference of two changes), and is shown cut there; "
                                   "an interval so wide means the data cannot say anything "
                                   "about the change."));
        doc_table(d, t, tones, note.buf);
        strbuf_release(&note);
        char **items = xcalloc(ev->n_criteria, sizeof(*items));
        for (size_t i = 0; i < ev->n_criteria; i++)
            items[i] = xstrdup(ev->criteria[i].sentence);
        doc_list(d, items, ev->n_criteria);
    } else {
        doc_paragraph(d, "%s",
                      L(c, "Utvärderingen anger inga förhandsbestämda beslutskriterier; "
                           "resultaten redovisas nedan utan bedömning.",
                        "The evaluation states no pre-registered decision criteria; the results "
                        "below are reported without a verdict."));
    }
    /* with no criteria there is no estimate that decides one: the scale is said of
     * the estimates the report shows */
    doc_paragraph(d, "%s",
                  ev->n_criteria
                      ? L(c, "Designens styrka anges på Maryland-skalan (Scientific Methods "
                             "Scale, 1–5) för den skattning som avgör varje kriterium: en "
                             "jämförelse före och efter eller en tidsserie i målområdet utan "
                             "jämförelseområde är nivå 2 och kan inte skilja insatsens effekt "
                             "från annat som hände samtidigt; en kontrast mot ett "
                             "jämförelseområde är nivå 3.",
                          "Design strength follows the Maryland Scientific Methods Scale (1–5) "
                          "for the estimate that decides each criterion: a before–after "
                          "comparison or a time series of the target area without a comparison "
                          "area is level 2 and cannot tell the measure's effect from anything "
                          "else that happened at the same time; a contrast with a comparison "
                          "area is level 3.")
                      : L(c, "Designens styrka för skattningarna i rapporten följer "
                             "Maryland-skalan (Scientific Methods Scale, 1–5): en jämförelse "
                             "före och efter, en tidsserie eller en utveckling över år i ett "
                             "område utan jämförelseområde är nivå 2 och kan inte skilja en "
                             "insats effekt från annat som hände samtidigt; en kontrast mot ett "
                             "jämförelseområde är nivå 3.",
                          "Design strength for the estimates in this report follows the "
                          "Maryland Scientific Methods Scale (1–5): a before–after comparison, "
                          "a time series or a development over the years in one area without "
                          "a comparison area is level 2 and cannot tell a measure's effect from "
                          "anything else that happened at the same time; a contrast with a "
                          "comparison area is level 3."));
    write_known_then(c, ev, d);
    placebo_caveats(c, ev);
    if (c->n_caveats) {
        doc_heading(d, 3, "caveats", L(c, "Att tänka på", "Caveats"));
        char **items = xcalloc(c->n_caveats, sizeof(*items));
        for (size_t i = 0; i < c->n_caveats; i++)
            items[i] = xstrdup(c->caveats[i]);
        doc_list(d, items, c->n_caveats);
    }
}

/* ------------------------------------------------------------------ provenance */

/* One import row (store_import_row_fn): the next of ev->imports. */
static int add_import(void *ctx, const struct store_import *row)
{
    struct evaluation *ev = ctx;
    struct import_ref *r = &ev->imports[ev->n_imports++];
    r->id = row->id;
    r->kind = xstrdup(row->kind);
    r->file = xstrdup(row->file_name);
    r->sha256 = xstrdup(row->sha256);
    r->imported_at = xstrdup(row->imported_at);
    r->version = xstrdup(row->trygg_version);
    r->rows = row->rows;
    return 0;
}

static int read_imports(struct eval_ctx *c, struct evaluation *ev)
{
    /* in id order */
    for (size_t a = 1; a < c->n_imports_used; a++)
        for (size_t b = a; b > 0 && c->imports_used[b - 1] > c->imports_used[b]; b--) {
            long long t = c->imports_used[b];
            c->imports_used[b] = c->imports_used[b - 1];
            c->imports_used[b - 1] = t;
        }
    ev->imports = xcalloc(c->n_imports_used ? c->n_imports_used : 1, sizeof(*ev->imports));
    return store_imports_get(c->st, c->imports_used, c->n_imports_used, add_import, ev, c->dl);
}

static void write_methods(struct eval_ctx *c, struct evaluation *ev, struct doc *d)
{
    doc_heading(d, 2, "provenance", L(c, "Data och spårbarhet", "Data and provenance"));
    char seed[160], minc[32];
    if (ev->n_bootstraps)
        snprintf(seed, sizeof(seed),
                 L(c, "%lu (%zu bootstrap med %zu replikat vardera)",
                   "%lu (%zu bootstrap resamplings of %zu replicates each)"),
                 ev->seed, ev->n_bootstraps, ev->boot_replicates);
    else
        snprintf(seed, sizeof(seed),
                 L(c, "%lu (ingen skattning här bygger på slumptal)",
                   "%lu (no estimate here rests on random numbers)"),
                 ev->seed);
    snprintf(minc, sizeof(minc), "%d", ev->min_cell);
    const char *keys[] = {L(c, "trygg-version", "trygg version"),
                          L(c, "Utvärderingsfil", "Evaluation file"),
                          L(c, "Utvärderingsfilens SHA-256", "Evaluation file SHA-256"),
                          L(c, "Körd", "Run at"),
                          L(c, "Slumpfrö", "Random seed"),
                          L(c, "Minsta cellstorlek", "Smallest published cell")};
    const char *values[] = {TRYGG_VERSION, ev->spec_path, ev->spec_sha256, ev->time_utc, seed,
                            minc};
    doc_keyvalue(d, keys, values, 6);
    if (ev->criteria_sha256[0]) {
        const char *ck[] = {L(c, "Beslutskriteriernas SHA-256", "Decision criteria SHA-256"),
                            L(c, "Kriterierna kördes första gången", "Criteria first run"),
                            L(c, "Tidigare kriterier", "Earlier criteria")};
        char first[160], before[200];
        snprintf(first, sizeof(first), "%s%s", ev->criteria_first_run_utc,
                 !ev->criteria_recorded
                     ? L(c, " (denna körning; databasen gick inte att skriva, så datumet "
                            "sparades inte)",
                         " (this run; the database could not be written, so the date was not "
                         "kept)")
                     : "");
        snprintf(before, sizeof(before), L(c, "%s, första körning %s", "%s, first run %s"),
                 ev->criteria_previous_sha256, ev->criteria_previous_first_run_utc);
        const char *cv[] = {ev->criteria_sha256, first, before};
        doc_keyvalue(d, ck, cv, ev->criteria_previous_sha256[0] ? 3 : 2);
    }
    const char *cols[] = {L(c, "Import", "Import"), L(c, "Slag", "Kind"), L(c, "Fil", "File"),
                          "SHA-256", L(c, "Rader", "Rows"), L(c, "Importerad", "Imported")};
    bool numeric[] = {true, false, false, false, true, false};
    struct table *t =
        table_new("imports", L(c, "Importer som resultaten bygger på", "Imports the results rest on"),
                  6, cols, numeric);
    for (size_t i = 0; i < ev->n_imports; i++) {
        const struct import_ref *r = &ev->imports[i];
        char id[32], rows[32];
        snprintf(id, sizeof(id), "%lld", r->id);
        snprintf(rows, sizeof(rows), "%llu", r->rows);
        const char *row[] = {id, r->kind, r->file, r->sha256, rows, r->imported_at};
        table_add_row(t, row);
    }
    doc_table(d, t, NULL, NULL);
}

/* ------------------------------------------------------------------ run */

static void ctx_release(struct eval_ctx *c)
{
    struct eval_survey_cache *cache = c->opt->survey_cache;
    for (size_t i = 0; i < c->n_surveys; i++) {
        if (cache && eval_collecting(c)) { /* for the pass that publishes */
            cache->keys = xrealloc(cache->keys, (cache->n + 1) * sizeof(*cache->keys));
            cache->data = xrealloc(cache->data, (cache->n + 1) * sizeof(*cache->data));
            cache->keys[cache->n] = cache_key(&c->surveys[i]);
            cache->data[cache->n++] = c->surveys[i];
        } else {
            survey_data_release(&c->surveys[i]);
        }
    }
    free(c->surveys);
    for (size_t i = 0; i < c->n_area_names; i++)
        free(c->area_names[i]);
    free(c->area_names);
    interventions_free(c->interventions, c->n_interventions);
    eval_deliveries_release(c);
    for (size_t i = 0; i < c->n_falsifications; i++) {
        free(c->falsifications[i].outcome);
        free(c->falsifications[i].term);
        free(c->falsifications[i].what);
    }
    free(c->falsifications);
    for (size_t i = 0; i < c->n_recorded; i++) {
        free(c->recorded[i].outcome);
        free(c->recorded[i].term);
        free(c->recorded[i].group);
        free(c->recorded[i].label);
    }
    free(c->recorded);
    for (size_t i = 0; i < c->n_designs; i++) {
        free(c->designs[i].outcome);
        free(c->designs[i].why);
    }
    free(c->designs);
    for (size_t i = 0; i < c->n_effects; i++) {
        free(c->effects[i].outcome);
        free(c->effects[i].term);
        free(c->effects[i].unit);
    }
    free(c->effects);
    for (size_t i = 0; i < c->n_placebo_checks; i++) {
        free(c->placebo_checks[i].outcome);
        free(c->placebo_checks[i].term);
        free(c->placebo_checks[i].why);
    }
    free(c->placebo_checks);
    for (size_t i = 0; i < c->n_caveats; i++)
        free(c->caveats[i]);
    free(c->caveats);
    for (size_t i = 0; i < c->n_comparability; i++)
        free(c->comparability[i]);
    free(c->comparability);
    for (size_t i = 0; i < c->n_count_profiles; i++)
        free(c->count_profiles[i].outcome);
    free(c->count_profiles);
    free(c->imports_used);
    doc_free(c->survey);
    doc_free(c->incidents);
    doc_free(c->implementation);
    doc_free(c->methods);
    doc_free(c->glance);
    glm_workspace_free(c->ws);
}

/* Moves the blocks of src to the end of dst. */
static void doc_move(struct doc *dst, struct doc *src)
{
    for (size_t i = 0; i < src->n; i++) {
        dst->blocks = xgrow(dst->blocks, sizeof(*dst->blocks), dst->n + 1, &dst->alloc);
        dst->blocks[dst->n++] = src->blocks[i];
    }
    src->n = 0;
}
/* A context for one pass over a spec's analyses: the store, the spec and the options,
 * where results and messages go, and the empty report parts the analyses fill. */
static void eval_ctx_begin(struct eval_ctx *c, struct store *st, const struct spec *spec,
                           const struct eval_options *opt, struct results *res,
                           struct diag_list *dl)
{
    memset(c, 0, sizeof(*c));
    c->st = st;
    c->spec = spec;
    c->opt = opt;
    c->lang = opt->lang;
    c->conf = spec->conf_level;
    c->res = res;
    c->dl = dl;
    c->survey = doc_new(opt->lang, "", "");
    c->incidents = doc_new(opt->lang, "", "");
    c->implementation = doc_new(opt->lang, "", "");
    c->methods = doc_new(opt->lang, "", "");
    c->glance = doc_new(opt->lang, "", "");
    c->ws = glm_workspace_new(128, 16);
}


static int run_once(struct store *st, const struct spec *spec, const struct eval_options *opt,
                    struct evaluation *ev, struct diag_list *dl)
{
    memset(ev, 0, sizeof(*ev));
    ev->id = xstrdup(spec->id);
    ev->lang = xstrdup(opt->lang);
    ev->spec_path = xstrdup(spec->path);
    memcpy(ev->spec_sha256, spec->sha256, sizeof(ev->spec_sha256));
    char now[32];
    store_now_utc(now, sizeof(now));
    ev->time_utc = xstrdup(now);
    ev->seed = opt->seed;
    ev->boot_replicates = EVAL_BOOT_REPLICATES;
    ev->min_cell = opt->min_cell;
    results_init(&ev->results, spec->id);
    ev->results.conf_level = spec->conf_level;

    struct eval_ctx c;
    eval_ctx_begin(&c, st, spec, opt, &ev->results, dl);
    int result = 0;
    if (load_areas(&c) != 0 || load_interventions(&c) != 0 || eval_load_deliveries(&c) != 0) {
        result = -1;
        goto out;
    }
    eval_report_deliveries(&c);
    if (opt->has_as_of) {
        c.has_cutoff = true;
        c.cutoff = opt->as_of;
    }
    if (analyse_all(&c, ev) != 0) {
        result = -1;
        goto out;
    }
    bool want_then = spec->has_decision_date &&
                     (!c.has_cutoff || date_compare(spec->decision_date, c.cutoff) < 0);
    struct evaluation then;
    bool have_then = false;
    if (eval_collecting(&c)) {
        /* only the cells matter: those of the as-of analyses too (the table of what
         * was known then publishes their estimates); no criteria, no report */
        if (want_then) {
            result = known_then(&c, spec->decision_date, &then, dl);
            evaluation_release(&then);
        }
        goto out;
    }
    ev->n_bootstraps = (size_t)c.n_bootstraps;
    results_adjust(&ev->results);
    judge_criteria(&c, ev);
    if (criteria_date_note(&c, ev) != 0) {
        result = -1;
        goto out;
    }
    if (want_then) {
        if (known_then(&c, spec->decision_date, &then, dl) != 0) {
            result = -1;
            goto out;
        }
        have_then = true;
        c.then = &then;
    }
    if (read_imports(&c, ev) != 0) {
        result = -1;
        goto out_then;
    }
    const char *title = L(&c, spec->title_sv, spec->title_en);
    ev->doc = doc_new(opt->lang, title ? title : spec->id,
                      L(&c, "Utvärdering med trygg", "Evaluation with trygg"));
    /* area names are the data's, Swedish in an English report too (report/langspan.h) */
    for (size_t i = 0; i < c.n_area_names; i++)
        if (c.area_names[i])
            doc_sv_term(ev->doc, c.area_names[i]);
    write_summary(&c, ev, ev->doc);
    doc_move(ev->doc, c.glance); /* the yearly survey's latest year at a glance */
    if (c.survey->n) {
        doc_heading(ev->doc, 2, "survey", L(&c, "Enkätresultat", "Survey results"));
        doc_move(ev->doc, c.survey);
    }
    if (c.incidents->n) {
        doc_heading(ev->doc, 2, "incidents", L(&c, "Anmälda händelser", "Reported incidents"));
        doc_move(ev->doc, c.incidents);
    }
    if (c.implementation->n) {
        doc_heading(ev->doc, 2, "implementation",
                    L(&c, "Genomförande: blev insatsen av?", "Implementation: did the measure run?"));
        doc_move(ev->doc, c.implementation);
    }
    doc_heading(ev->doc, 2, "methods", L(&c, "Metoder", "Methods"));
    bool has_cost = false;
    for (size_t i = 0; i < ev->n_criteria; i++)
        has_cost |= isfinite(ev->criteria[i].cost);
    methods_write(&c, &ev->results, has_cost, ev->doc);
    methods_merge_by_outcome(c.methods);
    if (c.methods->n) {
        doc_heading(ev->doc, 3, "methods-by-outcome", L(&c, "Per utfall", "By outcome"));
        doc_move(ev->doc, c.methods);
    }
    methods_glossary(&c, ev->doc);
    write_methods(&c, ev, ev->doc);
out_then:
    if (have_then)
        evaluation_release(&then);
out:
    ctx_release(&c);
    if (result != 0)
        evaluation_release(ev); /* a failed run hands back nothing to release */
    return result;
}

void evaluation_audit_disclosure(const struct disclosure *ds)
{
    const char *path = getenv("TRYGG_DISCLOSURE_AUDIT");
    if (!path || !*path || !ds)
        return;
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    disclosure_audit(ds, f);
    fclose(f);
}

/*
 * Disclosure control needs every cell the evaluation would publish before it publishes
 * any: the first pass only collects the cells (it analyses only the outcomes that have
 * survey cells, as of the decision date too, and writes no report), the decision is
 * made over all of them, and the second pass publishes with it.  A caller
 * that runs several evaluations (trygg run A.ini B.ini) passes its own disclosure
 * object, collects over all of them, and solves once.
 */
int evaluation_run(struct store *st, const struct spec *spec, const struct eval_options *opt,
                   struct evaluation *ev, struct diag_list *dl)
{
    if (opt->disc)
        return run_once(st, spec, opt, ev, dl);
    struct eval_options own = *opt;
    own.disc = disclosure_new(opt->min_cell);
    if (!opt->survey_cache)
        own.survey_cache = eval_survey_cache_new();
    struct diag_list scratch;
    diag_list_init(&scratch, DIAG_DEFAULT_MAX_ERRORS);
    struct evaluation pre;
    own.collecting = true;
    int pre_rc = run_once(st, spec, &own, &pre, &scratch);
    own.collecting = false;
    int rc = -1;
    if (pre_rc == 0) {
        disclosure_solve(own.disc);
        evaluation_audit_disclosure(own.disc);
    } else {
        /* a database failure while collecting: the decision was not made, and a report
         * with only the smallest cells withheld could be subtracted back */
        for (size_t i = 0; i < scratch.n; i++)
            diag_add(dl, scratch.items[i].level, scratch.items[i].file, scratch.items[i].line,
                     scratch.items[i].column, "%s", scratch.items[i].message);
        memset(ev, 0, sizeof(*ev));
    }
    evaluation_release(&pre);
    diag_list_release(&scratch);
    if (pre_rc == 0)
        rc = run_once(st, spec, &own, ev, dl);
    disclosure_free(own.disc);
    if (own.survey_cache != opt->survey_cache)
        eval_survey_cache_free(own.survey_cache);
    return rc;
}

/* Whether an outcome's analysis publishes survey cells, which the disclosure control
 * must see while collecting (survey_disclose.h); the counts of the other kinds are not
 * respondents and have no cells.  A cell asked for after solving that was not seen
 * while collecting is withheld (disclosure.h), so a kind missing here would hide its
 * cells rather than publish them unchecked. */
static bool has_disclosure_cells(enum outcome_kind kind)
{
    return kind == OUTCOME_SURVEY || kind == OUTCOME_TREND || kind == OUTCOME_COMPARE ||
           kind == OUTCOME_DESCRIBE;
}

static bool has_criterion(const struct spec *spec, const char *outcome)
{
    for (size_t i = 0; i < spec->n_criteria; i++)
        if (spec->criteria[i].outcome && !strcmp(spec->criteria[i].outcome, outcome))
            return true;
    return false;
}

/* The analyses of every outcome (as of c->cutoff when set); in the collecting pass only
 * those with disclosure cells (the as-of ones too: the cells registered decide the
 * suppression, so they stay what they were), for the published known_then() only those
 * a criterion reads.  -1 on a database or system failure. */
static int analyse_all(struct eval_ctx *c, struct evaluation *ev)
{
    const struct spec *spec = c->spec;
    for (size_t i = 0; i < spec->n_outcomes; i++) {
        const struct outcome *o = &spec->outcomes[i];
        if (eval_collecting(c) ? !has_disclosure_cells(o->kind)
                               : c->estimates_only && !has_criterion(spec, o->id))
            continue; /* its results would be thrown away */
        struct asof_view view;
        bool viewed = false;
        if (c->has_cutoff) {
            if (asof_view_make(c, o, c->cutoff, &view) != 0) {
                asof_view_release(&view);
                return -1;
            }
            viewed = true;
            o = &view.o;
        }
        int rc = 0;
        switch (o->kind) {
        case OUTCOME_SURVEY:
            rc = analyze_survey(c, o);
            break;
        case OUTCOME_TREND:
            rc = analyze_trend(c, o);
            break;
        case OUTCOME_INCIDENTS:
            rc = o->screening ? analyze_screening(c, o) : analyze_incidents(c, o);
            break;
        case OUTCOME_INTERMITTENT:
            rc = analyze_intermittent(c, o);
            break;
        case OUTCOME_ACTIVITY:
            rc = analyze_activity(c, o);
            break;
        case OUTCOME_COMPARE:
            rc = analyze_compare(c, o);
            break;
        case OUTCOME_DESCRIBE:
            rc = analyze_describe(c, o);
            break;
        }
        if (viewed && view.note) {
            if (o->kind == OUTCOME_SURVEY || o->kind == OUTCOME_TREND || o->kind == OUTCOME_COMPARE ||
                o->kind == OUTCOME_DESCRIBE)
                eval_caveat(c, "%s: %s",
                            o->title_sv || o->title_en ? L(c, o->title_sv, o->title_en) : o->id,
                            view.note);
            else
                eval_caveat(c, "%s", view.note);
        }
        if (viewed)
            asof_view_release(&view);
        if (rc < 0)
            return -1;
        if (rc > 0)
            ev->n_failed_outcomes++;
    }
    return 0;
}


void evaluation_release(struct evaluation *ev)
{
    criteria_date_drop(ev); /* not kept by criteria_date_keep: no report was written */
    free(ev->id);
    free(ev->lang);
    results_release(&ev->results);
    doc_free(ev->doc);
    free(ev->spec_path);
    free(ev->time_utc);
    for (size_t i = 0; i < ev->n_imports; i++) {
        struct import_ref *r = &ev->imports[i];
        free(r->kind);
        free(r->file);
        free(r->sha256);
        free(r->imported_at);
        free(r->version);
    }
    free(ev->imports);
    for (size_t i = 0; i < ev->n_criteria; i++) {
        struct criterion_outcome *co = &ev->criteria[i];
        free(co->sentence);
        free(co->unit);
        for (size_t k = 0; k < co->n_package; k++)
            free(co->package[k]);
        free(co->package);
        free(co->package_component);
    }
    free(ev->criteria);
    memset(ev, 0, sizeof(*ev));
}

/*
 * The evaluation as it could have been made on `when` (the spec's decision date): the
 * same analyses on the data available then, into a scratch context whose report parts
 * are thrown away; only the criteria are kept, for the summary's "known then / known
 * now" table.  So only the outcomes a criterion reads are analysed, without the checks
 * that feed text and certainty (estimates_only), on the surveys the full run loaded
 * (the as-of view selects their waves).
 */
static int known_then(struct eval_ctx *now, struct date when, struct evaluation *then,
                      struct diag_list *dl)
{
    struct store *st = now->st;
    const struct spec *spec = now->spec;
    const struct eval_options *opt = now->opt;
    memset(then, 0, sizeof(*then));
    results_init(&then->results, spec->id);
    struct diag_list scratch;
    diag_list_init(&scratch, DIAG_DEFAULT_MAX_ERRORS);
    struct eval_ctx c;
    /* warnings were given by the full run; failures are copied below */
    eval_ctx_begin(&c, st, spec, opt, &then->results, &scratch);
    c.has_cutoff = true;
    c.cutoff = when;
    c.surveys_of = now;
    c.estimates_only = true;
    then->results.conf_level = spec->conf_level;
    int result = 0;
    if (load_areas(&c) != 0 || load_interventions(&c) != 0 || eval_load_deliveries(&c) != 0 ||
        analyse_all(&c, then) != 0)
        result = -1;
    else
        judge_criteria(&c, then);
    if (result != 0)
        for (size_t i = 0; i < scratch.n; i++)
            diag_add(dl, scratch.items[i].level, scratch.items[i].file, scratch.items[i].line,
                     scratch.items[i].column, "%s", scratch.items[i].message);
    diag_list_release(&scratch);
    ctx_release(&c);
    if (result != 0)
        evaluation_release(then);
    return result;
}


/*
 * Timing (REPORTING.md rule 4): a report made after the decision date shows each
 * criterion as it stood on that date beside how it stands now; a report made as of a
 * date says so first.
 */
static void write_known_then(struct eval_ctx *c, const struct evaluation *ev, struct doc *d)
{
    const struct spec *s = c->spec;
    char day[16];
    if (c->has_cutoff) {
        date_format(c->cutoff, day, sizeof(day));
        doc_callout(d, TONE_INFO,
                    L(c, "Rapporten visar läget som det var %s: bara enkätvågor som var "
                         "genomförda och månader som var avslutade då ingår.",
                      "This report shows the evidence as it stood on %s: only survey waves "
                      "fielded and months complete by then are used."),
                    day);
    }
    const struct evaluation *then = c->then;
    if (!then || !ev->n_criteria)
        return;
    date_format(s->decision_date, day, sizeof(day));
    char then_col[96], now_col[96];
    snprintf(then_col, sizeof(then_col), L(c, "Känt vid beslutsdatum %s", "Known at the decision date %s"),
             day);
    if (c->has_cutoff) {
        char cut[16];
        date_format(c->cutoff, cut, sizeof(cut));
        snprintf(now_col, sizeof(now_col), L(c, "Känt %s", "Known on %s"), cut);
    } else {
        snprintf(now_col, sizeof(now_col), "%s", L(c, "Känt nu", "Known now"));
    }
    const char *cols[] = {L(c, "Kriterium", "Criterion"), then_col, now_col};
    bool numeric[] = {false, false, false};
    struct table *t = table_new("criteria-then-now",
                                L(c, "Vad som var känt vid beslutsdatum och vad som är känt nu",
                                  "What was known at the decision date and what is known now"),
                                3, cols, numeric);
    size_t changed = 0;
    for (size_t i = 0; i < ev->n_criteria && i < then->n_criteria; i++) {
        const struct criterion_outcome *now = &ev->criteria[i], *was = &then->criteria[i];
        char a[320], b[320];
        const struct criterion_outcome *both[2] = {was, now};
        char *out[2] = {a, b};
        for (int k = 0; k < 2; k++) {
            const struct criterion_outcome *co = both[k];
            if (!co->found || !stat_ok(&co->r))
                snprintf(out[k], 320, "%s (%s)", verdict_text(c, co->verdict),
                         L(c, "ingen skattning", "no estimate"));
            else { /* the criteria table's units: percentage points for shares */
                char est[96], ci[128];
                est_ci_text(c, &co->r, co->ratio, co->share, true, true, share_limit(co->term),
                            est, sizeof(est), ci, sizeof(ci));
                snprintf(out[k], 320, "%s: %s (%s)", verdict_text(c, co->verdict), est, ci);
            }
        }
        const struct criterion *cr = now->criterion;
        const char *text = L(c, cr->text_sv, cr->text_en);
        const char *row[] = {text ? text : cr->id, a, b};
        table_add_row(t, row);
        if (was->verdict != now->verdict)
            changed++;
    }
    doc_table(d, t, NULL,
              L(c, "Samma analyser gjorda på de data som fanns vid beslutsdatum (enkätvågor "
                   "genomförda och månader avslutade då) bredvid alla data nu. Skattning "
                   "och konfidensintervall inom parentes.",
                "The same analyses on the data available at the decision date (survey waves "
                "fielded and months complete by then) beside all the data now. Estimate and "
                "confidence interval in brackets."));
    if (changed)
        eval_caveat(c,
                    L(c, "%s av kriterierna bedöms annorlunda nu än vid beslutsdatum %s (se "
                         "tabellen över vad som var känt då).",
                      "%s of the criteria are judged differently now than at the decision date "
                      "%s (see the table of what was known then)."),
                    fmt_num(c->lang, (double)changed, 0), day);
}
