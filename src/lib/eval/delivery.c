/*
 * delivery — implementation as evidence (REPORTING.md rule 3): for every component
 * of the evaluation (an intervention named in [evaluation] interventions) whose rows
 * declare a planned delivery (planned_per_month units of an activity category), the
 * delivered counts of that category in the row's area are read month by month and set
 * against the plan, per year, in the report's implementation part.  The summary and
 * the incident analyses ask eval_delivery_gaps() whether an after period includes
 * months with nothing delivered.
 *
 * Planned units in a month are the row's planned_per_month times the share of the
 * month's days the row covers (a row from the 15th plans half a month); an open end
 * runs to the last month with data.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/context.h"
#include "eval/format.h"
#include "eval/incident_data.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static struct date month_of(struct date d)
{
    return (struct date){d.year, d.month, 0};
}

static struct date month_add(struct date m, long k)
{
    long idx = date_month_index(m) + k;
    struct date r = {(int)(idx / 12), (int)(idx % 12) + 1, 0};
    return r;
}

static long month_diff(struct date a, struct date b)
{
    return date_month_index(b) - date_month_index(a);
}

/* Days of month m covered by [start, end]. */
static double covered_share(struct date m, struct date start, struct date end)
{
    struct date first = {m.year, m.month, 1};
    struct date last = {m.year, m.month, date_days_in_month(m.year, m.month)};
    long a = date_to_days(start) > date_to_days(first) ? date_to_days(start) : date_to_days(first);
    long b = date_to_days(end) < date_to_days(last) ? date_to_days(end) : date_to_days(last);
    return b >= a ? (double)(b - a + 1) / (double)date_days_in_month(m.year, m.month) : 0.0;
}

static int load_one(struct eval_ctx *c, const struct intervention_cost *plan_row)
{
    const char *name = plan_row->name;
    char *areas[1] = {plan_row->area};
    char *cats[1] = {plan_row->planned_category};
    struct name_set as = {areas, 1, 0}, cs = {cats, 1, 0};
    struct series_data s;
    int rc = series_load(c->st, &as, &cs, false, NULL, NULL, &s, c->dl);
    if (rc < 0) {
        series_release(&s);
        return -1;
    }
    for (size_t k = 0; rc == 0 && k < s.n_imports; k++)
        eval_note_import(c, s.imports[k]);
    /* the months: the data's, widened to the plan's rows */
    struct date first = {0, 0, 0}, last = {0, 0, 0};
    bool any = false;
    if (rc == 0 && s.n) {
        first = month_of(s.period[0]);
        last = month_of(s.period[s.n - 1]);
        any = true;
    }
    for (size_t i = 0; i < c->n_interventions; i++) {
        const struct intervention_cost *iv = &c->interventions[i];
        if (strcmp(iv->name, name) || strcmp(iv->area, plan_row->area) || isnan(iv->planned))
            continue;
        struct date a = month_of(iv->start), b = month_of(iv->has_end ? iv->end : iv->start);
        if (!any || month_diff(a, first) > 0)
            first = a;
        if (!any || month_diff(last, b) > 0)
            last = b;
        any = true;
    }
    struct delivery d = {0};
    d.name = xstrdup(name);
    d.category = xstrdup(plan_row->planned_category);
    d.label_sv = xstrdup(rc == 0 && s.label_sv ? s.label_sv : plan_row->planned_category);
    d.label_en = xstrdup(rc == 0 && s.label_en ? s.label_en : plan_row->planned_category);
    d.area = xstrdup(plan_row->area);
    d.n = (size_t)(month_diff(first, last) + 1);
    d.month = xmalloc(d.n * sizeof(*d.month));
    d.delivered = xmalloc(d.n * sizeof(double));
    d.planned = xcalloc(d.n, sizeof(double));
    for (size_t m = 0; m < d.n; m++) {
        d.month[m] = month_add(first, (long)m);
        d.delivered[m] = NAN;
    }
    for (size_t k = 0; rc == 0 && k < s.n; k++) {
        long m = month_diff(first, month_of(s.period[k]));
        if (m >= 0 && (size_t)m < d.n)
            d.delivered[m] = s.count[k];
    }
    for (size_t i = 0; i < c->n_interventions; i++) {
        const struct intervention_cost *iv = &c->interventions[i];
        if (strcmp(iv->name, name) || strcmp(iv->area, plan_row->area) || isnan(iv->planned))
            continue;
        struct date end = iv->has_end ? iv->end
                                      : (struct date){last.year, last.month,
                                                      date_days_in_month(last.year, last.month)};
        for (size_t m = 0; m < d.n; m++)
            d.planned[m] += iv->planned * covered_share(d.month[m], iv->start, end);
    }
    series_release(&s);
    c->deliveries = xrealloc(c->deliveries, (c->n_deliveries + 1) * sizeof(*c->deliveries));
    c->deliveries[c->n_deliveries++] = d;
    return 0;
}

int eval_load_deliveries(struct eval_ctx *c)
{
    for (size_t i = 0; i < c->n_interventions; i++) {
        const struct intervention_cost *iv = &c->interventions[i];
        if (!iv->component || isnan(iv->planned) || !iv->planned_category)
            continue;
        bool seen = false;
        for (size_t k = 0; k < c->n_deliveries && !seen; k++)
            seen = !strcmp(c->deliveries[k].name, iv->name);
        if (!seen && load_one(c, iv) != 0)
            return -1;
    }
    return 0;
}

void eval_deliveries_release(struct eval_ctx *c)
{
    for (size_t k = 0; k < c->n_deliveries; k++) {
        free(c->deliveries[k].name);
        free(c->deliveries[k].category);
        free(c->deliveries[k].label_sv);
        free(c->deliveries[k].label_en);
        free(c->deliveries[k].area);
        free(c->deliveries[k].month);
        free(c->deliveries[k].delivered);
        free(c->deliveries[k].planned);
    }
    free(c->deliveries);
}

const char *eval_delivery_unit(const struct eval_ctx *c, const char *name, const char *category)
{
    const char *label = category ? category : "";
    for (size_t k = 0; k < c->n_deliveries; k++) {
        const struct delivery *d = &c->deliveries[k];
        if (!strcmp(d->name, name) && category && !strcmp(d->category, category)) {
            label = L(c, d->label_sv, d->label_en);
            break;
        }
    }
    /* lower case first letter, mid-sentence: ASCII and Å, Ä, Ö */
    char first[4] = "";
    const unsigned char *u = (const unsigned char *)label;
    if (u[0] >= 'A' && u[0] <= 'Z') {
        first[0] = (char)(u[0] - 'A' + 'a');
        first[1] = '\0';
        return fmt_text("%s%s", first, label + 1);
    }
    if (u[0] == 0xC3 && (u[1] == 0x85 || u[1] == 0x84 || u[1] == 0x96)) {
        first[0] = (char)0xC3;
        first[1] = (char)(u[1] + 0x20);
        first[2] = '\0';
        return fmt_text("%s%s", first, label + 2);
    }
    return fmt_text("%s", label);
}

size_t eval_delivery_gaps(const struct eval_ctx *c, struct date from, struct date to,
                          struct date *first_gap, struct date *last_gap,
                          struct date *last_delivered, size_t *months)
{
    size_t gaps = 0;
    *months = 0;
    *first_gap = *last_gap = *last_delivered = (struct date){0, 0, 0};
    struct date fm = month_of(from), tm = month_of(to);
    if (!c->n_deliveries)
        return 0;
    const struct delivery *d0 = &c->deliveries[0];
    /* month by month over the first component's range; every component must deliver */
    for (size_t m = 0; m < d0->n; m++) {
        struct date mo = d0->month[m];
        if (month_diff(fm, mo) < 0 || month_diff(mo, tm) < 0)
            continue;
        (*months)++;
        bool all = true;
        for (size_t k = 0; k < c->n_deliveries; k++) {
            const struct delivery *d = &c->deliveries[k];
            long j = month_diff(d->month[0], mo);
            double v = j >= 0 && (size_t)j < d->n ? d->delivered[j] : NAN;
            if (!(v > 0))
                all = false;
        }
        if (all) {
            *last_delivered = mo;
        } else {
            if (!gaps)
                *first_gap = mo;
            *last_gap = mo;
            gaps++;
        }
    }
    return gaps;
}

/* ------------------------------------------------------------------ the report */

static void report_one(struct eval_ctx *c, const struct delivery *d)
{
    const char *title = intervention_title(c->interventions, c->n_interventions, d->name, c->lang);
    const char *cols[] = {L(c, "År", "Year"),
                          L(c, "Månader enligt plan", "Months planned"),
                          L(c, "Planerat", "Planned"),
                          L(c, "Genomfört", "Delivered"),
                          L(c, "Andel av planen", "Share of plan"),
                          L(c, "Månader utan något genomfört", "Months with nothing delivered")};
    bool numeric[] = {true, true, true, true, true, true};
    struct strbuf t = STRBUF_INIT;
    strbuf_addf(&t, L(c, "%s: planerat och genomfört (%s i %s)",
                      "%s: planned and delivered (%s in %s)"),
                title, eval_delivery_unit(c, d->name, d->category), d->area);
    struct table *tab = table_new("delivery", t.buf, 6, cols, numeric);
    strbuf_release(&t);
    /* from the first planned month on: before it there was nothing to deliver */
    size_t first = d->n;
    for (size_t m = 0; m < d->n && first == d->n; m++)
        if (d->planned[m] > 0)
            first = m;
    /* up to the end of the evaluation's last window (the data may run on) */
    size_t end = d->n;
    bool bounded = false;
    struct date last = {0, 0, 0};
    for (size_t k = 0; k < c->spec->n_outcomes; k++) {
        const struct outcome *o = &c->spec->outcomes[k];
        if (o->has_to && (!bounded || month_diff(last, o->to) > 0))
            last = o->to;
        bounded |= o->has_to;
    }
    if (bounded)
        while (end > 0 && month_diff(last, d->month[end - 1]) > 0)
            end--;
    size_t m = first;
    while (m < end) {
        int year = d->month[m].year;
        double planned = 0, delivered = 0, months_planned = 0;
        size_t zero = 0, with_data = 0;
        for (; m < end && d->month[m].year == year; m++) {
            planned += d->planned[m];
            months_planned += d->planned[m] > 0 ? 1 : 0;
            if (!isnan(d->delivered[m])) {
                delivered += d->delivered[m];
                with_data++;
            }
            if (!(d->delivered[m] > 0))
                zero++;
        }
        char y[16], mp[32], pl[32], dl[32], share[32], z[32];
        snprintf(y, sizeof(y), "%d", year);
        snprintf(mp, sizeof(mp), "%s", fmt_num(c->lang, months_planned, 0));
        snprintf(pl, sizeof(pl), "%s", fmt_num(c->lang, planned, 0));
        snprintf(dl, sizeof(dl), "%s", with_data ? fmt_num(c->lang, delivered, 0) : "\xe2\x80\x93");
        snprintf(share, sizeof(share), "%s",
                 planned > 0 && with_data ? fmt_pct(c->lang, delivered / planned, 0) : "\xe2\x80\x93");
        snprintf(z, sizeof(z), "%s", fmt_num(c->lang, (double)zero, 0));
        const char *row[] = {y, mp, pl, dl, share, z};
        table_add_row(tab, row);
        struct stat_result r;
        stat_result_init(&r);
        r.estimate = planned;
        r.n = months_planned;
        results_add(c->res, d->name, d->category, y, "describe", "planned", &r,
                    "planned units in the year (planned per month x months planned); n = months "
                    "planned");
        stat_result_init(&r);
        r.estimate = delivered;
        r.n = (double)(with_data - (zero > with_data ? with_data : zero));
        results_add(c->res, d->name, d->category, y, "describe", "delivered", &r,
                    "delivered units in the year; n = months with something delivered");
    }
    doc_table(c->implementation, tab, NULL,
              L(c, "Planerat: planerat antal per månad gånger de månader insatsen skulle pågå "
                   "enligt insatstabellen. Ett år med månader utan något genomfört efter starten "
                   "är inte en period då insatsen verkade.",
                "Planned: the planned number per month times the months the measure was to run "
                "according to the interventions table. A year with months in which nothing was "
                "delivered after the start is not a period in which the measure worked."));
}

void eval_report_deliveries(struct eval_ctx *c)
{
    if (!c->n_deliveries)
        return;
    doc_heading(c->implementation, 3, "delivery",
                L(c, "Planerat och genomfört", "Planned and delivered"));
    doc_paragraph(c->implementation, "%s",
                  L(c, "Vad som skulle göras enligt planen i insatstabellen och vad som faktiskt "
                       "gjordes, år för år. Genomförandet är en del av resultatet: en effekt kan "
                       "bara tillskrivas perioder då insatsen faktiskt pågick.",
                    "What the plan in the interventions table said would be done and what was "
                    "actually done, year by year. Delivery is part of the findings: an effect "
                    "can only be credited to periods in which the measure actually ran."));
    for (size_t k = 0; k < c->n_deliveries; k++)
        report_one(c, &c->deliveries[k]);
}
