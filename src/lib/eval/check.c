/*
 * check — see check.h.  Everything comes from the listings store_info() makes (the
 * respondents per survey, wave and area; the incident series with their first and
 * last period, number of periods and total), filtered by the names the spec gives.
 */
#include "eval/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/info.h"
#include "util/strbuf.h"

static const struct table *find_table(struct table **t, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i]->name, name))
            return t[i];
    return NULL;
}

static void join_set(struct strbuf *sb, const struct name_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        strbuf_addf(sb, "%s%s", i ? " + " : "", s->names[i]);
}

static void join_list(struct strbuf *sb, const struct name_list *l, const char *sep)
{
    for (size_t i = 0; i < l->n; i++)
        strbuf_addf(sb, "%s%s", i ? sep : "", l->items[i]);
}

/* The design level as the analyses record it (Maryland scale): 3 with a comparison
 * (or, for day-level counts, comparison days), 2 before/after alone, 1 a trend
 * without a contrast; activity counts show that a measure ran, not an effect. */
static int design_level(const struct outcome *o, const char **why)
{
    switch (o->kind) {
    case OUTCOME_SURVEY:
    case OUTCOME_INCIDENTS: {
        bool its = o->kind == OUTCOME_INCIDENTS && o->model != MODEL_RATE_RATIO;
        if (o->synthetic) {
            *why = "a synthetic comparison area built from donor areas";
            return 3;
        }
        if (o->comparison.n) {
            *why = its ? "interrupted time series, with a comparison area"
                       : "before and after, with a comparison area";
            return 3;
        }
        *why = its ? "interrupted time series, no comparison area"
                   : "before and after, no comparison area";
        return 2;
    }
    case OUTCOME_INTERMITTENT:
        *why = "exposed days against comparison days, before and after";
        return 3;
    case OUTCOME_TREND:
        *why = "trend over waves, no contrast with an unexposed group";
        return 1;
    case OUTCOME_ACTIVITY:
        *why = "implementation evidence (did the measure run), no effect estimate";
        return 0;
    case OUTCOME_COMPARE:
        *why = "groups compared within a wave (cross-sectional), no before and after";
        return 1;
    case OUTCOME_DESCRIBE:
        *why = "descriptives, no effect estimate";
        return 0;
    }
    *why = "";
    return 0;
}

static void survey_cells(const struct outcome *o, const struct table *waves, struct table *cells)
{
    const struct name_set *sets[] = {&o->area, &o->comparison};
    const char *roles[] = {"area", "comparison"};
    const struct name_list *lists[] = {&o->before, &o->after, &o->waves};
    const char *phases[] = {"before", "after", "wave"};
    for (size_t s = 0; s < 2; s++)
        for (size_t a = 0; a < sets[s]->n; a++)
            for (size_t p = 0; p < 3; p++) {
                /* a trend without `waves` uses all the survey's waves */
                bool all = p == 2 && (o->kind == OUTCOME_TREND || o->kind == OUTCOME_DESCRIBE) &&
                           !o->waves.n;
                size_t n_items = all ? waves->n_rows : lists[p]->n;
                for (size_t w = 0; w < n_items; w++) {
                    const char *wave = all ? NULL : lists[p]->items[w];
                    if (all && (strcmp(table_cell(waves, w, 0), o->survey) ||
                                strcmp(table_cell(waves, w, 2), sets[s]->names[a])))
                        continue;
                    if (all)
                        wave = table_cell(waves, w, 1);
                    const char *n = "0", *weighted = "0";
                    for (size_t r = 0; r < waves->n_rows; r++)
                        if (!strcmp(table_cell(waves, r, 0), o->survey) &&
                            !strcmp(table_cell(waves, r, 1), wave) &&
                            !strcmp(table_cell(waves, r, 2), sets[s]->names[a])) {
                            n = table_cell(waves, r, 3);
                            weighted = table_cell(waves, r, 4);
                        }
                    const char *row[] = {o->id, roles[s], sets[s]->names[a], phases[p], wave,
                                         "", n, weighted};
                    table_add_row(cells, row);
                }
            }
}

static void incident_cells(const struct outcome *o, const struct table *series,
                           struct table *cells)
{
    const struct name_set *sets[] = {&o->area, &o->comparison, &o->buffer};
    const char *roles[] = {"area", "comparison", "buffer"};
    for (size_t s = 0; s < 3; s++)
        for (size_t a = 0; a < sets[s]->n; a++) {
            size_t n_cat = o->kind == OUTCOME_ACTIVITY ? o->activity.n : o->categories.n;
            for (size_t k = 0; k < n_cat; k++) {
                const char *cat = o->kind == OUTCOME_ACTIVITY ? o->activity.items[k]
                                                             : o->categories.names[k];
                bool found = false;
                for (size_t r = 0; r < series->n_rows; r++) {
                    if (strcmp(table_cell(series, r, 0), sets[s]->names[a]) ||
                        strcmp(table_cell(series, r, 1), cat))
                        continue;
                    found = true;
                    char range[64];
                    snprintf(range, sizeof(range), "%s..%s", table_cell(series, r, 4),
                             table_cell(series, r, 5));
                    const char *row[] = {o->id, roles[s], sets[s]->names[a],
                                         table_cell(series, r, 3), range, cat,
                                         table_cell(series, r, 6), table_cell(series, r, 7)};
                    table_add_row(cells, row);
                }
                if (!found) {
                    const char *row[] = {o->id, roles[s], sets[s]->names[a], "", "", cat,
                                         "0", "0"};
                    table_add_row(cells, row);
                }
            }
        }
}

int check_design(const struct spec *s, struct store *st, struct table **designs,
                 struct table **cells, struct diag_list *dl)
{
    struct table **info = NULL;
    size_t n_info = 0;
    if (store_info(st, &info, &n_info, dl) != 0)
        return -1;
    const struct table *waves = find_table(info, n_info, "waves");
    const struct table *series = find_table(info, n_info, "series");
    static const char *const dcols[] = {"outcome", "kind", "measures", "area", "comparison",
                                        "before", "after", "period", "design_level", "design"};
    static const bool dnum[] = {false, false, false, false, false,
                                false, false, false, true,  false};
    static const char *const ccols[] = {"outcome", "role", "area", "phase", "wave_or_period",
                                        "category", "n", "total"};
    static const bool cnum[] = {false, false, false, false, false, false, true, true};
    *designs = table_new("design", "Design of each analysis", 10, dcols, dnum);
    *cells = table_new("cells", "What each analysis will compare (n: respondents or periods; "
                                "total: weighted respondents or counts)",
                        8, ccols, cnum);
    struct strbuf measures = STRBUF_INIT, area = STRBUF_INIT, comp = STRBUF_INIT,
                  before = STRBUF_INIT, after = STRBUF_INIT, period = STRBUF_INIT;
    for (size_t i = 0; i < s->n_outcomes; i++) {
        const struct outcome *o = &s->outcomes[i];
        strbuf_reset(&measures);
        strbuf_reset(&area);
        strbuf_reset(&comp);
        strbuf_reset(&before);
        strbuf_reset(&after);
        strbuf_reset(&period);
        if (o->kind == OUTCOME_COMPARE) {
            strbuf_addf(&measures, "survey %s: ", o->survey);
            join_list(&measures, &o->questions, ", ");
            strbuf_addstr(&measures, " by ");
            join_list(&measures, &o->subgroups, ", ");
            for (size_t g = 0; g < o->n_groups; g++) {
                strbuf_addstr(&comp, g ? " | " : "groups ");
                join_set(&comp, &o->groups[g]);
            }
            join_list(&period, &o->waves, ", ");
        } else if (o->kind == OUTCOME_SURVEY || o->kind == OUTCOME_TREND ||
                   o->kind == OUTCOME_DESCRIBE) {
            strbuf_addf(&measures, "survey %s: ", o->survey);
            join_list(&measures, &o->questions, ", ");
            join_list(&before, &o->before, ", ");
            join_list(&after, &o->after, ", ");
            if (o->kind == OUTCOME_TREND || o->kind == OUTCOME_DESCRIBE)
                join_list(&period, &o->waves, ", ");
            if ((o->kind == OUTCOME_TREND || o->kind == OUTCOME_DESCRIBE) && !o->waves.n)
                strbuf_addstr(&period, "all waves");
        } else {
            strbuf_addstr(&measures, "counts: ");
            if (o->kind == OUTCOME_ACTIVITY)
                join_list(&measures, &o->activity, ", ");
            else
                join_set(&measures, &o->categories);
            char d[16];
            if (o->has_date || s->has_start) {
                date_format(o->has_date ? o->date : s->start, d, sizeof(d));
                strbuf_addf(&period, "change at %s", d);
            }
            if (o->has_from) {
                date_format(o->from, d, sizeof(d));
                strbuf_addf(&period, "%sfrom %s", period.len ? ", " : "", d);
            }
            if (o->has_to) {
                date_format(o->to, d, sizeof(d));
                strbuf_addf(&period, "%sto %s", period.len ? ", " : "", d);
            }
            if (o->kind == OUTCOME_INCIDENTS)
                strbuf_addf(&period, "%smodel %s", period.len ? "; " : "",
                            incident_model_name(o->model));
        }
        join_set(&area, &o->area);
        join_set(&comp, &o->comparison);
        if (o->buffer.n) {
            strbuf_addstr(&comp, comp.len ? "; buffer " : "buffer ");
            join_set(&comp, &o->buffer);
        }
        const char *why;
        char level[8];
        snprintf(level, sizeof(level), "%d", design_level(o, &why));
        const char *row[] = {o->id,   outcome_kind_name(o->kind), measures.buf, area.buf,
                             comp.buf, before.buf, after.buf, period.buf, level, why};
        table_add_row(*designs, row);
        if (o->kind == OUTCOME_SURVEY || o->kind == OUTCOME_TREND ||
            o->kind == OUTCOME_DESCRIBE) {
            if (waves)
                survey_cells(o, waves, *cells);
        } else if (series) {
            incident_cells(o, series, *cells);
        }
    }
    strbuf_release(&measures);
    strbuf_release(&area);
    strbuf_release(&comp);
    strbuf_release(&before);
    strbuf_release(&after);
    strbuf_release(&period);
    for (size_t i = 0; i < n_info; i++)
        table_free(info[i]);
    free(info);
    return 0;
}
