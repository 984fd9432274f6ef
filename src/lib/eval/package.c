/*
 * package — see package.h.
 */
#include "eval/package.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/incident_data.h"
#include "store/interventions.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ the table */

/* A copy of s, or NULL when it is NULL or empty. */
static char *dup_or_null(const char *s)
{
    return s && *s ? xstrdup(s) : NULL;
}

static bool in_list(char *const *items, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(items[i], s))
            return true;
    return false;
}

struct load_ctx { /* interventions_load's rows as they grow */
    const struct spec *s;
    struct intervention_cost **rows;
    size_t *n;
};

/* One row of the intervention table (store_intervention_fn). */
static int add_intervention(void *ctx, const struct store_intervention *r)
{
    struct load_ctx *l = ctx;
    struct intervention_cost **rows = l->rows;
    size_t *n = l->n;
    *rows = xrealloc(*rows, (*n + 1) * sizeof(**rows));
    struct intervention_cost *iv = &(*rows)[(*n)++];
    memset(iv, 0, sizeof(*iv));
    iv->name = xstrdup(r->name);
    iv->area = xstrdup(r->area);
    date_parse(r->start_date, strlen(r->start_date), &iv->start);
    iv->has_end = date_parse(r->end_date, strlen(r->end_date), &iv->end) == DATE_DAY;
    if (r->has_period_cost) {
        iv->has_cost = iv->period_amount = true;
        iv->cost = r->period_cost_sek;
    } else if (r->has_yearly_cost) {
        iv->has_cost = true;
        iv->cost = r->yearly_cost_sek;
    }
    iv->title_sv = dup_or_null(r->title_sv);
    iv->title_en = dup_or_null(r->title_en);
    iv->planned = r->planned_per_month;
    iv->planned_category = dup_or_null(r->planned_category);
    iv->component = in_list(l->s->interventions.items, l->s->interventions.n, iv->name);
    iv->import_id = r->import_id;
    return 0;
}

int interventions_load(struct store *st, const struct spec *s, struct intervention_cost **rows,
                       size_t *n, struct diag_list *dl)
{
    *rows = NULL;
    *n = 0;
    struct load_ctx l = {s, rows, n};
    if (store_interventions_each(st, add_intervention, &l, dl) != 0) {
        interventions_free(*rows, *n);
        *rows = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

void interventions_free(struct intervention_cost *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].name);
        free(rows[i].area);
        free(rows[i].title_sv);
        free(rows[i].title_en);
        free(rows[i].planned_category);
    }
    free(rows);
}

const char *intervention_title(const struct intervention_cost *rows, size_t n, const char *name,
                               const char *lang)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rows[i].name, name))
            continue;
        const char *t = spec_text(rows[i].title_sv, rows[i].title_en, lang);
        if (t)
            return t;
    }
    return name;
}

static long overlap_days(struct date a, struct date b, struct date c, struct date d)
{
    long from = date_to_days(a) > date_to_days(c) ? date_to_days(a) : date_to_days(c);
    long to = date_to_days(b) < date_to_days(d) ? date_to_days(b) : date_to_days(d);
    return to >= from ? to - from + 1 : 0;
}

double intervention_cost_over(const struct intervention_cost *iv, struct date from,
                              struct date to)
{
    if (!iv->has_cost)
        return NAN;
    struct date end = iv->has_end ? iv->end : to;
    long days = overlap_days(iv->start, end, from, to);
    if (iv->period_amount) {
        long all = date_to_days(iv->end) - date_to_days(iv->start) + 1;
        return all > 0 ? iv->cost * (double)days / (double)all : 0.0;
    }
    return iv->cost * (double)days / 365.25;
}

/* ------------------------------------------------------------------ the package */

static bool in_set(const struct name_set *s, const char *name)
{
    return in_list(s->names, s->n, name);
}

/* A wave label that is a year, else 0. */
static int label_year(const char *s)
{
    int64_t y;
    if (strlen(s) != 4 || num_parse_int64(s, 4, &y) != NUM_OK || y < 1000)
        return 0;
    return (int)y;
}

/* The outcome's window: the months it compares (open ends far away). */
static void outcome_window(const struct outcome *o, struct date *from, struct date *to)
{
    *from = (struct date){1, 1, 1};
    *to = (struct date){9999, 12, 31};
    if (o->kind == OUTCOME_SURVEY || o->kind == OUTCOME_TREND) {
        const struct name_list *first = o->kind == OUTCOME_TREND && o->waves.n ? &o->waves : &o->before;
        const struct name_list *last = o->kind == OUTCOME_TREND && o->waves.n ? &o->waves : &o->after;
        int lo = 0, hi = 0;
        for (size_t i = 0; i < first->n; i++) {
            int y = label_year(first->items[i]);
            if (y && (!lo || y < lo))
                lo = y;
        }
        for (size_t i = 0; i < last->n; i++) {
            int y = label_year(last->items[i]);
            if (y > hi)
                hi = y;
        }
        if (lo)
            *from = (struct date){lo, 1, 1};
        if (hi)
            *to = (struct date){hi, 12, 31};
        return;
    }
    if (o->has_from)
        *from = (struct date){o->from.year, o->from.month, 1};
    if (o->has_to)
        *to = (struct date){o->to.year, o->to.month, date_days_in_month(o->to.year, o->to.month)};
}

static bool within(struct date d, struct date from, struct date to)
{
    return date_compare(d, from) >= 0 && date_compare(d, to) <= 0;
}

/* The row starts, or ends, inside the window: it changes what the periods compare. */
static bool changes_within(const struct intervention_cost *iv, struct date from, struct date to)
{
    return within(iv->start, from, to) ||
           (iv->has_end && within(iv->end, from, to) && date_compare(iv->end, to) < 0);
}

static bool in_target(const struct intervention_cost *iv, const struct outcome *o)
{
    return !o->area.n || in_set(&o->area, iv->area);
}

bool term_is_contrast(enum outcome_kind kind, const char *term)
{
    if (kind == OUTCOME_INTERMITTENT && (!strcmp(term, "rate_ratio") ||
                                         !strcmp(term, "rate_ratio_delivered")))
        return true;
    static const char *const contrasts[] = {"did", "res", "wdq", "wdd", "synthetic"};
    for (size_t i = 0; i < sizeof(contrasts) / sizeof(contrasts[0]); i++) {
        size_t k = strlen(contrasts[i]);
        if (!strncmp(term, contrasts[i], k) && (!term[k] || !strcmp(term + k, "_delivered")))
            return true;
    }
    return false;
}

int term_design_level(enum outcome_kind kind, const char *term, int outcome_level)
{
    if (term_is_contrast(kind, term))
        return outcome_level;
    return outcome_level > 2 ? 2 : outcome_level;
}

/* Each changing target-area row of `name` has a row in a comparison area that starts
 * in the same month: the comparison had it too. */
static bool matched_in_comparison(const struct intervention_cost *rows, size_t n,
                                  const char *name, const struct outcome *o, struct date from,
                                  struct date to)
{
    if (!o->comparison.n)
        return false;
    for (size_t i = 0; i < n; i++) {
        const struct intervention_cost *iv = &rows[i];
        if (strcmp(iv->name, name) || !in_target(iv, o) || !changes_within(iv, from, to))
            continue;
        bool found = false;
        for (size_t j = 0; j < n && !found; j++)
            found = !strcmp(rows[j].name, name) && in_set(&o->comparison, rows[j].area) &&
                    rows[j].start.year == iv->start.year && rows[j].start.month == iv->start.month;
        if (!found)
            return false;
    }
    return true;
}

static void add_name(struct package *p, const char *name, bool component)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->names[i], name))
            return;
    p->names = xrealloc(p->names, (p->n + 1) * sizeof(*p->names));
    p->component = xrealloc(p->component, (p->n + 1) * sizeof(*p->component));
    p->names[p->n] = xstrdup(name);
    p->component[p->n++] = component;
}

void package_find(const struct intervention_cost *rows, size_t n, char *const *comps,
                  size_t n_comps, const struct name_set *declared, const struct outcome *o,
                  const char *term, struct package *p)
{
    memset(p, 0, sizeof(*p));
    outcome_window(o, &p->from, &p->to);
    p->declared = declared && declared->n;
    for (size_t k = 0; k < n_comps; k++)
        add_name(p, comps[k], true);
    if (p->declared)
        for (size_t k = 0; k < declared->n; k++)
            add_name(p, declared->names[k], in_list(comps, n_comps, declared->names[k]));
    for (size_t i = 0; i < n; i++) {
        const struct intervention_cost *iv = &rows[i];
        if (in_list(comps, n_comps, iv->name) || !in_target(iv, o) ||
            !changes_within(iv, p->from, p->to) || o->kind == OUTCOME_INTERMITTENT)
            continue;
        if (!p->declared) {
            add_name(p, iv->name, false);
        } else if (!in_set(declared, iv->name) &&
                   !in_list(p->undeclared, p->n_undeclared, iv->name)) {
            p->undeclared = xrealloc(p->undeclared, (p->n_undeclared + 1) * sizeof(char *));
            p->undeclared[p->n_undeclared++] = xstrdup(iv->name);
        }
    }
    /* Separated: no other member changes in the window, or the contrast's comparison
     * area had each of them from the same month. */
    p->separated = true;
    for (size_t k = 0; k < p->n; k++) {
        if (p->component[k])
            continue;
        bool changes = false;
        for (size_t i = 0; i < n && !changes; i++)
            changes = !strcmp(rows[i].name, p->names[k]) && in_target(&rows[i], o) &&
                      changes_within(&rows[i], p->from, p->to);
        if (!changes && !p->declared)
            continue;
        if (!changes) {
            /* declared but not seen changing in the target area: the declaration says it
             * is part of what the estimate measures */
            p->separated = false;
            continue;
        }
        if (!(term_is_contrast(o->kind, term) &&
              matched_in_comparison(rows, n, p->names[k], o, p->from, p->to)))
            p->separated = false;
    }
}

void package_release(struct package *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->names[i]);
    free(p->names);
    free(p->component);
    for (size_t i = 0; i < p->n_undeclared; i++)
        free(p->undeclared[i]);
    free(p->undeclared);
    memset(p, 0, sizeof(*p));
}

double package_cost(const struct intervention_cost *rows, size_t n, const struct package *p,
                    const struct outcome *o, bool components_only, struct date from,
                    struct date to, size_t *n_costed, size_t *n_uncosted)
{
    double total = 0;
    *n_costed = *n_uncosted = 0;
    for (size_t k = 0; k < p->n; k++) {
        if (components_only && !p->component[k])
            continue;
        bool any_row = false, costed = false;
        for (size_t i = 0; i < n; i++) {
            const struct intervention_cost *iv = &rows[i];
            if (strcmp(iv->name, p->names[k]) || (!p->component[k] && !in_target(iv, o)))
                continue;
            any_row = true;
            double v = intervention_cost_over(iv, from, to);
            if (!isnan(v)) {
                total += v;
                costed = true;
            }
        }
        if (costed)
            (*n_costed)++;
        else if (any_row)
            (*n_uncosted)++;
    }
    return total;
}

/* ------------------------------------------------------------------ claims */

int package_check_claims(const struct spec *s, struct store *st, struct diag_list *dl)
{
    bool any = false;
    for (size_t i = 0; i < s->n_criteria; i++)
        any |= s->criteria[i].effect_of.n > 0;
    if (!any)
        return 0;
    struct intervention_cost *rows;
    size_t n;
    if (interventions_load(st, s, &rows, &n, dl) != 0)
        return -1;
    size_t errors = dl->n_errors;
    for (size_t i = 0; i < s->n_criteria; i++) {
        const struct criterion *cr = &s->criteria[i];
        const struct outcome *o = cr->outcome ? spec_outcome(s, cr->outcome) : NULL;
        if (!cr->effect_of.n || !o)
            continue;
        const char *term = cr->term ? cr->term : outcome_main_term(o);
        struct package p;
        package_find(rows, n, cr->effect_of.names, cr->effect_of.n, &s->package, o, term, &p);
        if (!p.separated) {
            struct strbuf claimed = STRBUF_INIT, others = STRBUF_INIT;
            name_set_join(&cr->effect_of, &claimed);
            for (size_t k = 0; k < p.n; k++)
                if (!p.component[k])
                    strbuf_addf(&others, "%s'%s'", others.len ? ", " : "", p.names[k]);
            char a[16], b[16];
            date_format(p.from, a, sizeof(a));
            date_format(p.to, b, sizeof(b));
            diag_error(dl, s->path, cr->effect_of.line, 0,
                       "criterion '%s' claims the effect of %s alone, but %s also started or "
                       "ended in the target area between %s and %s, and this design (term '%s') "
                       "cannot separate them; judge the package's effect (drop effect_of, or "
                       "name the whole package) or use a comparison area that had the other "
                       "measures too",
                       cr->id, claimed.buf, others.len ? others.buf : "the declared package",
                       p.from.year > 1 ? a : "the start", p.to.year < 9999 ? b : "the end", term);
            strbuf_release(&claimed);
            strbuf_release(&others);
        }
        package_release(&p);
    }
    interventions_free(rows, n);
    return dl->n_errors > errors ? -1 : 0;
}
