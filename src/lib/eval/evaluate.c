/*
 * evaluate — see evaluate.h and context.h.
 */
#include "eval/evaluate.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/disclosure.h"
#include "eval/format.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ context helpers */

const char *L(const struct eval_ctx *c, const char *sv, const char *en)
{
    return spec_text(sv, en, c->lang);
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

struct survey_data *eval_survey(struct eval_ctx *c, const char *survey)
{
    for (size_t i = 0; i < c->n_surveys; i++)
        if (!strcmp(c->surveys[i].survey, survey))
            return &c->surveys[i];
    /* every variable any outcome of this survey mentions, loaded in one pass */
    char **vars = NULL;
    size_t n = 0;
    for (size_t i = 0; i < c->spec->n_outcomes; i++) {
        const struct outcome *o = &c->spec->outcomes[i];
        if ((o->kind != OUTCOME_SURVEY && o->kind != OUTCOME_TREND) || !o->survey ||
            strcmp(o->survey, survey))
            continue;
        for (size_t q = 0; q < o->questions.n; q++)
            add_unique(&vars, &n, o->questions.items[q]);
        for (size_t g = 0; g < o->subgroups.n; g++)
            if (strcmp(o->subgroups.items[g], "area"))
                add_unique(&vars, &n, o->subgroups.items[g]);
    }
    struct survey_data d;
    int rc = survey_data_load(c->st, survey, (const char *const *)vars, n, &d, c->dl);
    for (size_t i = 0; i < n; i++)
        free(vars[i]);
    free(vars);
    if (rc != 0) {
        survey_data_release(&d);
        return NULL;
    }
    /* provenance: the imports of this survey */
    sqlite3_stmt *q = store_prepare(c->st,
                                    "SELECT DISTINCT b.import_id FROM respondent_block b "
                                    "JOIN wave w ON w.id = b.wave_id WHERE w.survey_id = ?1",
                                    c->dl);
    if (q) {
        sqlite3_bind_int64(q, 1, d.survey_id);
        while (sqlite3_step(q) == SQLITE_ROW)
            eval_note_import(c, sqlite3_column_int64(q, 0));
        sqlite3_finalize(q);
    }
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
    rec->label = xstrdup(label ? label : "");
}

void eval_record_design(struct eval_ctx *c, const char *outcome, int level, const char *why)
{
    c->designs = xrealloc(c->designs, (c->n_designs + 1) * sizeof(*c->designs));
    struct design_strength *d = &c->designs[c->n_designs++];
    d->outcome = xstrdup(outcome);
    d->level = level;
    d->why = xstrdup(why ? why : "");
}

void eval_record_effect(struct eval_ctx *c, const struct effect_basis *e)
{
    c->effects = xrealloc(c->effects, (c->n_effects + 1) * sizeof(*c->effects));
    struct effect_basis *d = &c->effects[c->n_effects++];
    *d = *e;
    d->outcome = xstrdup(e->outcome);
    d->unit = xstrdup(e->unit ? e->unit : "");
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

static int load_areas(struct eval_ctx *c)
{
    sqlite3_stmt *q = store_prepare(c->st, "SELECT id, name FROM area ORDER BY id", c->dl);
    if (!q)
        return -1;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(q, 0);
        if (id <= 0 || id > INT32_MAX)
            continue;
        if ((size_t)id >= c->n_area_names) {
            size_t n = (size_t)id + 1;
            c->area_names = xrealloc(c->area_names, n * sizeof(*c->area_names));
            for (size_t i = c->n_area_names; i < n; i++)
                c->area_names[i] = NULL;
            c->n_area_names = n;
        }
        c->area_names[id] = xstrdup(store_column_text(q, 1));
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : store_error(c->st, c->dl, "reading areas");
}

static int load_interventions(struct eval_ctx *c)
{
    const struct spec *s = c->spec;
    sqlite3_stmt *q = store_prepare(
        c->st,
        "SELECT i.name, a.name, i.start_date, i.end_date, i.yearly_cost_sek, i.import_id "
        "FROM intervention i JOIN area a ON a.id = i.area_id WHERE i.name = ?1 "
        "ORDER BY i.start_date",
        c->dl);
    if (!q)
        return -1;
    for (size_t k = 0; k < s->interventions.n; k++) {
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, s->interventions.items[k], -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            c->interventions = xrealloc(c->interventions,
                                        (c->n_interventions + 1) * sizeof(*c->interventions));
            struct intervention_cost *iv = &c->interventions[c->n_interventions++];
            memset(iv, 0, sizeof(*iv));
            iv->name = xstrdup(store_column_text(q, 0));
            iv->area = xstrdup(store_column_text(q, 1));
            const char *st = store_column_text(q, 2), *en = store_column_text(q, 3);
            date_parse(st, strlen(st), &iv->start);
            iv->has_end = date_parse(en, strlen(en), &iv->end) == DATE_DAY;
            iv->has_cost = sqlite3_column_type(q, 4) != SQLITE_NULL;
            iv->yearly_cost = sqlite3_column_double(q, 4);
            eval_note_import(c, sqlite3_column_int64(q, 5));
        }
        if (rc != SQLITE_DONE) {
            sqlite3_finalize(q);
            return store_error(c->st, c->dl, "reading interventions");
        }
    }
    sqlite3_finalize(q);
    c->has_start = s->has_start;
    c->start = s->start;
    if (!c->has_start)
        for (size_t i = 0; i < c->n_interventions; i++)
            if (!c->has_start || date_compare(c->interventions[i].start, c->start) < 0) {
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
    if (cr->bound == BOUND_ESTIMATE)
        return VERDICT_NOT_MET;
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

/* Years of [a, b] (inclusive days) that overlap [c, d]. */
static double overlap_years(struct date a, struct date b, struct date c, struct date d)
{
    long from = date_to_days(a) > date_to_days(c) ? date_to_days(a) : date_to_days(c);
    long to = date_to_days(b) < date_to_days(d) ? date_to_days(b) : date_to_days(d);
    return to >= from ? (double)(to - from + 1) / 365.25 : 0.0;
}

/* Cost of the evaluation's interventions over [from, to]. */
static double cost_over(const struct eval_ctx *c, struct date from, struct date to, bool *any)
{
    double total = 0;
    *any = false;
    for (size_t i = 0; i < c->n_interventions; i++) {
        const struct intervention_cost *iv = &c->interventions[i];
        if (!iv->has_cost)
            continue;
        struct date end = iv->has_end ? iv->end : to;
        total += iv->yearly_cost * overlap_years(iv->start, end, from, to);
        *any = true;
    }
    return total;
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
        co->cost = co->cost_per_unit = co->cost_per_unit_low = co->cost_per_unit_high = NAN;
        const struct outcome *o = spec_outcome(s, cr->outcome);
        const char *term = cr->term ? cr->term : outcome_main_term(o);
        const struct recorded *rec = find_recorded(c, cr->outcome, term, cr->group);
        struct strbuf sb = STRBUF_INIT;
        const char *text = L(c, cr->text_sv, cr->text_en);
        if (!rec) {
            co->verdict = VERDICT_INCONCLUSIVE;
            strbuf_addf(&sb,
                        L(c, "%s: kunde inte bedömas – analysen gav ingen skattning av '%s'.",
                          "%s: could not be judged – the analysis gave no estimate of '%s'."),
                        text ? text : cr->id, term);
        } else {
            co->found = true;
            co->r = rec->r;
            co->verdict = stat_ok(&rec->r) ? judge(cr, &rec->r) : VERDICT_INCONCLUSIVE;
            const char *est = fmt_sig(c->lang, rec->r.estimate, 3);
            const char *ci = fmt_ci(c->lang, rec->r.conf_low, rec->r.conf_high, 3, 0);
            const char *what = text ? text : rec->label;
            if (!stat_ok(&rec->r))
                strbuf_addf(&sb, L(c, "%s: kunde inte bedömas (%s).", "%s: could not be judged (%s)."),
                            what, rec->r.message);
            else if (co->verdict == VERDICT_MET)
                strbuf_addf(&sb,
                            L(c, "%s: uppfyllt. Skattningen är %s (%s %% konfidensintervall %s), "
                                 "vilket uppfyller regeln %s.",
                              "%s: met. The estimate is %s (%s%% confidence interval %s), which "
                              "satisfies the rule %s."),
                            what, est, fmt_num(c->lang, 100 * c->conf, 0), ci, cr->rule_text);
            else if (co->verdict == VERDICT_NOT_MET)
                strbuf_addf(&sb,
                            L(c, "%s: inte uppfyllt. Skattningen är %s (%s %% konfidensintervall "
                                 "%s); hela intervallet ligger på fel sida av regeln %s.",
                              "%s: not met. The estimate is %s (%s%% confidence interval %s); the "
                              "whole interval lies on the wrong side of the rule %s."),
                            what, est, fmt_num(c->lang, 100 * c->conf, 0), ci, cr->rule_text);
            else
                strbuf_addf(&sb,
                            L(c, "%s: oklart. Skattningen är %s (%s %% konfidensintervall %s); "
                                 "intervallet är för brett för att visa eller utesluta en "
                                 "effekt enligt regeln %s.",
                              "%s: inconclusive. The estimate is %s (%s%% confidence interval "
                              "%s); the interval is too wide to show or rule out an effect by "
                              "the rule %s."),
                            what, est, fmt_num(c->lang, 100 * c->conf, 0), ci, cr->rule_text);
        }
        for (size_t d = 0; d < c->n_designs; d++)
            if (!strcmp(c->designs[d].outcome, cr->outcome))
                co->design_level = c->designs[d].level;
        /* cost per unit of effect: counts prevented = observed x (1/RR - 1) */
        for (size_t e = 0; rec && e < c->n_effects; e++) {
            const struct effect_basis *eb = &c->effects[e];
            if (strcmp(eb->outcome, cr->outcome))
                continue;
            bool any;
            double cost = cost_over(c, eb->from, eb->to, &any);
            /* The ratio the criterion is about (level change, DiD, rate ratio ...); the
             * outcome's own effect when the criterion's estimate is not a ratio. */
            double ratio = eb->ratio, ratio_low = eb->ratio_low, ratio_high = eb->ratio_high;
            if (rec->ratio && stat_ok(&rec->r) && rec->r.estimate > 0) {
                ratio = rec->r.estimate;
                ratio_low = rec->r.conf_low;
                ratio_high = rec->r.conf_high;
            }
            if (!any || !(eb->observed >= 0) || !isfinite(ratio) || ratio <= 0)
                break;
            co->cost = cost;
            double prevented = eb->observed * (1 / ratio - 1);
            double prev_hi = eb->observed * (1 / ratio_low - 1);  /* most prevented */
            double prev_lo = eb->observed * (1 / ratio_high - 1); /* least prevented */
            co->cost_per_unit = prevented > 0 ? cost / prevented : NAN;
            co->cost_per_unit_low = prev_hi > 0 ? cost / prev_hi : NAN;
            co->cost_per_unit_high = prev_lo > 0 ? cost / prev_lo : INFINITY;
            if (prevented > 0)
                strbuf_addf(&sb,
                            L(c, " Kostnaden för insatserna under perioden (%s) motsvarar %s per "
                                 "förhindrat fall av %s (intervall %s till %s).",
                              " The measures' cost over the period (%s) comes to %s per "
                              "prevented %s (interval %s to %s)."),
                            fmt_sek(c->lang, cost), fmt_sek(c->lang, co->cost_per_unit), eb->unit,
                            fmt_sek(c->lang, co->cost_per_unit_low),
                            isinf(co->cost_per_unit_high)
                                ? L(c, "ingen effekt", "no effect")
                                : fmt_sek(c->lang, co->cost_per_unit_high));
            else
                strbuf_addf(&sb,
                            L(c, " Ingen minskning att räkna kostnad per förhindrat fall på "
                                 "(insatsernas kostnad under perioden: %s).",
                              " There is no reduction to compute a cost per prevented case from "
                              "(the measures' cost over the period: %s)."),
                            fmt_sek(c->lang, cost));
            break;
        }
        co->sentence = strbuf_detach(&sb);
    }
}

/* ------------------------------------------------------------------ summary */

static const char *design_text(const struct eval_ctx *c, int level)
{
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

static void write_summary(struct eval_ctx *c, struct evaluation *ev, struct doc *d)
{
    const struct spec *s = c->spec;
    doc_heading(d, 2, "summary", L(c, "Sammanfattning", "Summary"));
    const char *q = L(c, s->question_sv, s->question_en);
    doc_callout(d, TONE_INFO, L(c, "Beslutsfråga: %s", "Decision question: %s"), q ? q : "");
    if (c->n_interventions) {
        char **items = xcalloc(c->n_interventions, sizeof(*items));
        for (size_t i = 0; i < c->n_interventions; i++) {
            const struct intervention_cost *iv = &c->interventions[i];
            struct strbuf sb = STRBUF_INIT;
            char a[16], b[16];
            date_format(iv->start, a, sizeof(a));
            date_format(iv->end, b, sizeof(b));
            strbuf_addf(&sb, "%s, %s: %s %s%s%s", iv->name, iv->area,
                        L(c, "från", "from"), a, iv->has_end ? L(c, " till ", " to ") : "",
                        iv->has_end ? b : "");
            if (iv->has_cost)
                strbuf_addf(&sb, L(c, ", %s per år", ", %s a year"),
                            fmt_sek(c->lang, iv->yearly_cost));
            items[i] = strbuf_detach(&sb);
        }
        doc_paragraph(d, "%s", L(c, "Insatser som utvärderas:", "Measures evaluated:"));
        doc_list(d, items, c->n_interventions);
    }
    if (ev->n_criteria) {
        const char *cols[] = {L(c, "Kriterium", "Criterion"),
                              L(c, "Skattning", "Estimate"),
                              L(c, "Konfidensintervall", "Confidence interval"),
                              L(c, "Regel", "Rule"),
                              L(c, "Bedömning", "Verdict"),
                              L(c, "Design (Maryland-skalan)", "Design (Maryland scale)"),
                              L(c, "Kostnad per förhindrat fall", "Cost per prevented case")};
        bool numeric[] = {false, true, false, false, false, false, true};
        struct table *t = table_new("criteria", L(c, "Förhandsbestämda beslutskriterier",
                                                  "Pre-registered decision criteria"),
                                    7, cols, numeric);
        unsigned char *tones = xcalloc(ev->n_criteria * 7, 1);
        for (size_t i = 0; i < ev->n_criteria; i++) {
            const struct criterion_outcome *co = &ev->criteria[i];
            const struct criterion *cr = co->criterion;
            const char *verdict =
                co->verdict == VERDICT_MET       ? L(c, "uppfyllt", "met")
                : co->verdict == VERDICT_NOT_MET ? L(c, "inte uppfyllt", "not met")
                                                 : L(c, "oklart", "inconclusive");
            char est[96], ci[96], cost[200];
            snprintf(est, sizeof(est), "%s", fmt_sig(c->lang, co->r.estimate, 3));
            snprintf(ci, sizeof(ci), "%s", fmt_ci(c->lang, co->r.conf_low, co->r.conf_high, 3, 0));
            if (isnan(co->cost_per_unit))
                snprintf(cost, sizeof(cost), "%s", "\xe2\x80\x93");
            else
                snprintf(cost, sizeof(cost), "%s (%s %s %s)", fmt_sek(c->lang, co->cost_per_unit),
                         fmt_sek(c->lang, co->cost_per_unit_low), L(c, "till", "to"),
                         isinf(co->cost_per_unit_high) ? "\xe2\x88\x9e"
                                                       : fmt_sek(c->lang, co->cost_per_unit_high));
            const char *text = L(c, cr->text_sv, cr->text_en);
            const char *row[] = {text ? text : cr->id, est, ci, cr->rule_text, verdict,
                                 design_text(c, co->design_level), cost};
            table_add_row(t, row);
            tones[i * 7 + 4] = co->verdict == VERDICT_MET       ? TONE_GOOD
                               : co->verdict == VERDICT_NOT_MET ? TONE_BAD
                                                                : TONE_UNCERTAIN;
        }
        doc_table(d, t, tones,
                  L(c, "Uppfyllt: konfidensintervallet uppfyller regeln. Inte uppfyllt: hela "
                       "intervallet ligger på fel sida. Oklart: intervallet omfattar båda "
                       "sidor – data räcker inte för att avgöra.",
                    "Met: the confidence interval satisfies the rule. Not met: the whole "
                    "interval lies on the wrong side. Inconclusive: the interval covers both "
                    "sides – the data cannot decide."));
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
    doc_paragraph(d, "%s",
                  L(c, "Designens styrka anges på Maryland-skalan (Scientific Methods Scale, "
                       "1–5): en jämförelse före och efter utan jämförelseområde är nivå 2 och "
                       "kan inte skilja insatsens effekt från annat som hände samtidigt; med ett "
                       "jämförelseområde är det nivå 3.",
                    "Design strength follows the Maryland Scientific Methods Scale (1–5): a "
                    "before–after comparison without a comparison area is level 2 and cannot "
                    "tell the measure's effect from anything else that happened at the same "
                    "time; with a comparison area it is level 3."));
    /* concurrent measures */
    size_t same_start = 0;
    for (size_t i = 0; i < c->n_interventions; i++)
        for (size_t j = i + 1; j < c->n_interventions; j++)
            if (strcmp(c->interventions[i].name, c->interventions[j].name) &&
                labs(date_to_days(c->interventions[i].start) -
                     date_to_days(c->interventions[j].start)) <= 92)
                same_start++;
    if (same_start)
        eval_caveat(c, "%s",
                    L(c, "Flera insatser startade inom samma kvartal; deras effekter kan inte "
                         "skiljas åt med denna design.",
                      "Several measures started within the same quarter; their separate effects "
                      "cannot be told apart with this design."));
    if (c->n_caveats) {
        doc_heading(d, 3, "caveats", L(c, "Att tänka på", "Caveats"));
        char **items = xcalloc(c->n_caveats, sizeof(*items));
        for (size_t i = 0; i < c->n_caveats; i++)
            items[i] = xstrdup(c->caveats[i]);
        doc_list(d, items, c->n_caveats);
    }
}

/* ------------------------------------------------------------------ provenance */

static int read_imports(struct eval_ctx *c, struct evaluation *ev)
{
    sqlite3_stmt *q = store_prepare(c->st,
                                    "SELECT id, kind, file_name, sha256, imported_at, "
                                    "trygg_version, rows FROM import WHERE id = ?1",
                                    c->dl);
    if (!q)
        return -1;
    /* in id order */
    for (size_t a = 1; a < c->n_imports_used; a++)
        for (size_t b = a; b > 0 && c->imports_used[b - 1] > c->imports_used[b]; b--) {
            long long t = c->imports_used[b];
            c->imports_used[b] = c->imports_used[b - 1];
            c->imports_used[b - 1] = t;
        }
    ev->imports = xcalloc(c->n_imports_used ? c->n_imports_used : 1, sizeof(*ev->imports));
    for (size_t i = 0; i < c->n_imports_used; i++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, c->imports_used[i]);
        if (sqlite3_step(q) != SQLITE_ROW)
            continue;
        struct import_ref *r = &ev->imports[ev->n_imports++];
        r->id = sqlite3_column_int64(q, 0);
        r->kind = xstrdup(store_column_text(q, 1));
        r->file = xstrdup(store_column_text(q, 2));
        r->sha256 = xstrdup(store_column_text(q, 3));
        r->imported_at = xstrdup(store_column_text(q, 4));
        r->version = xstrdup(store_column_text(q, 5));
        r->rows = (unsigned long long)sqlite3_column_int64(q, 6);
    }
    sqlite3_finalize(q);
    return 0;
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
    for (size_t i = 0; i < c->n_surveys; i++)
        survey_data_release(&c->surveys[i]);
    free(c->surveys);
    for (size_t i = 0; i < c->n_area_names; i++)
        free(c->area_names[i]);
    free(c->area_names);
    for (size_t i = 0; i < c->n_interventions; i++) {
        free(c->interventions[i].name);
        free(c->interventions[i].area);
    }
    free(c->interventions);
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
        free(c->effects[i].unit);
    }
    free(c->effects);
    for (size_t i = 0; i < c->n_caveats; i++)
        free(c->caveats[i]);
    free(c->caveats);
    free(c->imports_used);
    doc_free(c->survey);
    doc_free(c->incidents);
    doc_free(c->implementation);
    doc_free(c->methods);
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

    struct eval_ctx c;
    memset(&c, 0, sizeof(c));
    c.st = st;
    c.spec = spec;
    c.opt = opt;
    c.lang = opt->lang;
    c.conf = spec->conf_level;
    c.res = &ev->results;
    c.dl = dl;
    c.survey = doc_new(opt->lang, "", "");
    c.incidents = doc_new(opt->lang, "", "");
    c.implementation = doc_new(opt->lang, "", "");
    c.methods = doc_new(opt->lang, "", "");
    c.ws = glm_workspace_new(128, 16);
    int result = 0;
    if (load_areas(&c) != 0 || load_interventions(&c) != 0) {
        result = -1;
        goto out;
    }
    for (size_t i = 0; i < spec->n_outcomes; i++) {
        const struct outcome *o = &spec->outcomes[i];
        int rc = 0;
        switch (o->kind) {
        case OUTCOME_SURVEY:
            rc = analyze_survey(&c, o);
            break;
        case OUTCOME_TREND:
            rc = analyze_trend(&c, o);
            break;
        case OUTCOME_INCIDENTS:
            rc = o->screening ? analyze_screening(&c, o) : analyze_incidents(&c, o);
            break;
        case OUTCOME_INTERMITTENT:
            rc = analyze_intermittent(&c, o);
            break;
        case OUTCOME_ACTIVITY:
            rc = analyze_activity(&c, o);
            break;
        }
        if (rc < 0) {
            result = -1;
            goto out;
        }
        if (rc > 0)
            ev->n_failed_outcomes++;
    }
    ev->n_bootstraps = (size_t)c.n_bootstraps;
    results_adjust(&ev->results);
    judge_criteria(&c, ev);
    if (read_imports(&c, ev) != 0) {
        result = -1;
        goto out;
    }
    const char *title = L(&c, spec->title_sv, spec->title_en);
    ev->doc = doc_new(opt->lang, title ? title : spec->id,
                      L(&c, "Utvärdering med trygg", "Evaluation with trygg"));
    write_summary(&c, ev, ev->doc);
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
    doc_move(ev->doc, c.methods);
    write_methods(&c, ev, ev->doc);
out:
    ctx_release(&c);
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
 * any: the first pass only collects the cells (its results are thrown away), the
 * decision is made over all of them, and the second pass publishes with it.  A caller
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
    struct diag_list scratch;
    diag_list_init(&scratch, DIAG_DEFAULT_MAX_ERRORS);
    struct evaluation pre;
    if (run_once(st, spec, &own, &pre, &scratch) == 0) {
        disclosure_solve(own.disc);
        evaluation_audit_disclosure(own.disc);
    }
    evaluation_release(&pre);
    diag_list_release(&scratch);
    int rc = run_once(st, spec, &own, ev, dl);
    disclosure_free(own.disc);
    return rc;
}

void evaluation_release(struct evaluation *ev)
{
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
    for (size_t i = 0; i < ev->n_criteria; i++)
        free(ev->criteria[i].sentence);
    free(ev->criteria);
    memset(ev, 0, sizeof(*ev));
}
