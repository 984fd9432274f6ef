/*
 * analyze_activity — [activity ID]: evidence that a measure was delivered (shifts,
 * contacts, visitors), each category on its own: yearly totals and the series over
 * time, in the report's implementation part.  Nothing is tested here: these are
 * counts of what was done, not of an effect.
 *
 * A category is read as monthly counts, or as daily counts when it has no monthly
 * series (youth-centre visitors per open day).  Daily counts are added up per month
 * for the chart.  Years with fewer periods than the others are marked, so a partial
 * year is not read as a fall.
 *
 * With `days` (as in [intermittent]: holidays, and comparison_days), a daily category
 * is also shown on the flagged days against the comparison days (eval/daykind.h),
 * before and after the start: the mean per day with its exact Poisson interval.  For
 * a youth centre opened on holidays this shows the visits the measure brought, half
 * its decision question.  Days without a row (the centre closed) are not counted.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/context.h"
#include "eval/count_common.h"
#include "eval/daykind.h"
#include "eval/format.h"
#include "eval/incident_data.h"
#include "stats/counts.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct year_total {
    int year;
    double total;
    size_t periods; /* months or days with data */
    size_t active;  /* of those, the ones with a count above 0: the measure ran */
};

/* Loads one category: months first, else days.  Returns 0, 1 if neither has data,
 * -1 on a database error. */
static int load_category(struct eval_ctx *c, const struct outcome *o, const char *category,
                         struct series_data *s)
{
    char *names[1] = {(char *)category};
    struct name_set cats = {names, 1, o->activity.line};
    const struct date *from = o->has_from ? &o->from : NULL, *to = o->has_to ? &o->to : NULL;
    int rc = series_load(c->st, &o->area, &cats, false, from, to, s, c->dl);
    if (rc == 1) {
        series_release(s);
        rc = series_load(c->st, &o->area, &cats, true, from, to, s, c->dl);
    }
    for (size_t k = 0; rc == 0 && k < s->n_imports; k++)
        eval_note_import(c, s->imports[k]);
    return rc;
}

static size_t year_totals(const struct series_data *s, struct year_total **out)
{
    struct year_total *t = NULL;
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!n || t[n - 1].year != s->period[i].year) {
            t = xrealloc(t, (n + 1) * sizeof(*t));
            t[n].year = s->period[i].year;
            t[n].total = 0;
            t[n].active = 0;
            t[n++].periods = 0;
        }
        t[n - 1].total += s->count[i];
        t[n - 1].periods++;
        t[n - 1].active += s->count[i] > 0;
    }
    *out = t;
    return n;
}

static void report_table(struct eval_ctx *c, const struct outcome *o, const char *category,
                         const struct series_data *s, const struct year_total *t, size_t n)
{
    /* "Per month" divides by the months something was done (the months the measure
     * ran), not by the months with data: four months of coaching in a year is not a
     * twelfth of the year's total per month. */
    const char *cols[] = {L(c, "År", "Year"), L(c, "Totalt", "Total"),
                          s->daily ? L(c, "Dagar med data", "Days with data")
                                   : L(c, "Månader med data", "Months with data"),
                          s->daily ? L(c, "Dagar med aktivitet", "Days with activity")
                                   : L(c, "Månader med aktivitet", "Months with activity"),
                          s->daily ? L(c, "Per dag med aktivitet", "Per day with activity")
                                   : L(c, "Per månad med aktivitet", "Per month with activity")};
    bool numeric[] = {true, true, true, true, true};
    results_set_title(c->res, o->id, category, L(c, s->label_sv, s->label_en));
    struct strbuf title = STRBUF_INIT;
    strbuf_addf(&title, "%s: %s", L(c, s->label_sv, s->label_en),
                L(c, "totalt per år", "totals by year"));
    struct table *tab = table_new("activity-years", title.buf, 5, cols, numeric);
    strbuf_release(&title);
    size_t full = s->daily ? 365 : 12;
    bool partial = false;
    for (size_t i = 0; i < n; i++) {
        char year[16], total[32], periods[32], active[32], mean[32];
        bool part = !s->daily && t[i].periods < full;
        partial |= part;
        snprintf(year, sizeof(year), "%d%s", t[i].year, part ? "*" : "");
        snprintf(total, sizeof(total), "%s", fmt_count(c->lang, t[i].total));
        snprintf(periods, sizeof(periods), "%s", fmt_num(c->lang, (double)t[i].periods, 0));
        snprintf(active, sizeof(active), "%s", fmt_num(c->lang, (double)t[i].active, 0));
        snprintf(mean, sizeof(mean), "%s",
                 t[i].active ? fmt_num(c->lang, t[i].total / (double)t[i].active, 1)
                             : "\xe2\x80\x93");
        const char *row[] = {year, total, periods, active, mean};
        table_add_row(tab, row);
        struct stat_result r;
        stat_result_init(&r);
        r.estimate = t[i].total;
        r.n = (double)t[i].periods;
        char group[16];
        snprintf(group, sizeof(group), "%d", t[i].year);
        results_add(c->res, o->id, category, group, "describe", "total", &r,
                    s->daily ? "total of the year; n = days with data"
                             : "total of the year; n = months with data");
    }
    doc_table(c->implementation, tab, NULL,
              partial ? L(c, "* = året har inte data för alla månader: totalen är inte "
                             "jämförbar med hela år.",
                          "* = the year lacks data for some months: its total is not comparable "
                          "with full years.")
                      : NULL);
}

/* Monthly points for the chart: the series itself, or daily counts added up by month. */
static size_t monthly_points(const struct series_data *s, double **x, double **y)
{
    *x = xmalloc((s->n ? s->n : 1) * sizeof(double));
    *y = xmalloc((s->n ? s->n : 1) * sizeof(double));
    size_t n = 0;
    long last_month = -1;
    for (size_t i = 0; i < s->n; i++) {
        long m = date_month_index(s->period[i]);
        if (!s->daily || m != last_month) {
            struct date first = s->period[i];
            first.day = 1;
            (*x)[n] = (double)date_to_days(first);
            (*y)[n++] = 0;
            last_month = m;
        }
        (*y)[n - 1] += s->count[i];
    }
    return n;
}

static void report_chart(struct eval_ctx *c, const struct outcome *o, const char *category,
                         const struct series_data *s)
{
    double *x, *y;
    size_t n = monthly_points(s, &x, &y);
    char *name = eval_chart_name(c, o->id, category);
    struct chart *ch = chart_new(CHART_TIMESERIES, name, L(c, s->label_sv, s->label_en));
    free(name);
    ch->x_dates = true;
    if (c->has_start) {
        ch->has_marker = true;
        ch->marker_x = (double)date_to_days(c->start);
        char buf[16];
        date_format(c->start, buf, sizeof(buf));
        struct strbuf lab = STRBUF_INIT;
        strbuf_addf(&lab, "%s %s", L(c, "Start", "Start"), buf);
        ch->marker_label = strbuf_detach(&lab);
    }
    free(ch->ylabel);
    ch->ylabel = xstrdup(L(c, "Antal per månad", "Count per month"));
    chart_add_series(ch, L(c, s->label_sv, s->label_en), n, x, y, NULL, NULL, 0);
    free(ch->alt);
    struct strbuf alt = STRBUF_INIT;
    strbuf_addf(&alt, L(c, "%s per månad.", "%s per month."), L(c, s->label_sv, s->label_en));
    ch->alt = strbuf_detach(&alt);
    doc_chart(c->implementation, ch,
              s->daily ? L(c, "Antal per månad (dagliga antal summerade).",
                           "Count per month (daily counts added up).")
                       : L(c, "Antal per månad.", "Count per month."));
    free(x);
    free(y);
}

/* Per day on the flagged days and the comparison days, before and after the start. */
static void report_days(struct eval_ctx *c, const struct outcome *o, const char *category,
                        const struct series_data *s)
{
    bool sv = !strcmp(c->lang, "sv");
    long start = date_to_days(eval_outcome_date(c, o));
    double days[2][2] = {{0, 0}, {0, 0}}, total[2][2] = {{0, 0}, {0, 0}}; /* [after][cmp] */
    for (size_t i = 0; i < s->n; i++) {
        bool flag = daykind_flagged(o, s->day[i]);
        if (!flag && !daykind_comparison(o, s->day[i]))
            continue;
        int a = s->day[i] >= start, k = !flag;
        days[a][k]++;
        total[a][k] += s->count[i];
    }
    const char *label = L(c, s->label_sv, s->label_en);
    const char *cmp = daykind_comparison_short(o->comparison_days, sv);
    struct strbuf ci = STRBUF_INIT;
    strbuf_addf(&ci, L(c, "Per dag (%s)", "Per day (%s)"), eval_ci(c, CI_ABBR));
    const char *cols[] = {L(c, "Period", "Period"), L(c, "Slag av dag", "Kind of day"),
                          L(c, "Dagar med data", "Days with data"), L(c, "Totalt", "Total"),
                          ci.buf};
    bool numeric[] = {false, false, true, true, true};
    struct strbuf title = STRBUF_INIT;
    strbuf_addf(&title, L(c, "%s per dag: röda dagar och jämförelsedagar (%s), före och efter "
                             "starten",
                          "%s per day: holidays and comparison days (%s), before and after the "
                          "start"),
                label, daykind_comparison_words(o->comparison_days, sv));
    struct table *tab = table_new("activity-days", title.buf, 5, cols, numeric);
    const char *periods[2] = {L(c, "Före", "Before"), L(c, "Efter", "After")};
    const char *kinds[2] = {L(c, "Röda dagar", "Holidays"), cmp};
    double y[2][2], lo[2][2], hi[2][2]; /* [series = kind][category = period] */
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < 2; k++) {
            struct stat_result r = poisson_rate_exact(total[a][k], days[a][k], c->conf);
            char nd[32], tot[32], mean[128];
            snprintf(nd, sizeof(nd), "%s", fmt_count(c->lang, days[a][k]));
            snprintf(tot, sizeof(tot), "%s", fmt_count(c->lang, total[a][k]));
            if (r.status == STAT_OK) {
                snprintf(mean, sizeof(mean), "%s (%s %s %s)", fmt_num(c->lang, r.estimate, 1),
                         fmt_num(c->lang, r.conf_low, 1), L(c, "till", "to"),
                         fmt_num(c->lang, r.conf_high, 1));
                y[k][a] = r.estimate;
                lo[k][a] = r.conf_low;
                hi[k][a] = r.conf_high;
            } else {
                snprintf(mean, sizeof(mean), "%s",
                         L(c, "– (inga dagar med data)", "– (no days with data)"));
                /* r keeps why it has no number (no_time_at_risk: no days) */
                y[k][a] = lo[k][a] = hi[k][a] = NAN;
            }
            const char *row[] = {periods[a], kinds[k], nd, tot, mean};
            table_add_row(tab, row);
            r.n = days[a][k];
            char term[32];
            snprintf(term, sizeof(term), "per_day_%s", k ? "comparison" : "flagged");
            results_add(c->res, o->id, category, a ? "after" : "before", "describe", term, &r,
                        "mean per day with data, exact Poisson interval; n = days with data");
        }
    doc_table(c->implementation, tab, NULL,
              L(c, "Dagar utan uppgift (gården stängd) räknas inte. Intervallen är exakta "
                   "Poisson-intervall; dag-till-dag-variation utöver Poisson gör dem något för "
                   "smala.",
                "Days without a figure (the centre closed) do not count. The intervals are "
                "exact Poisson intervals; day-to-day variation beyond Poisson makes them "
                "somewhat narrow."));
    struct strbuf stem = STRBUF_INIT;
    strbuf_addf(&stem, "%s-days", category);
    char *name = eval_chart_name(c, o->id, stem.buf);
    strbuf_release(&stem);
    struct chart *ch = chart_new(CHART_BARS_CI, name, title.buf);
    free(name);
    chart_set_categories(ch, periods, 2);
    for (int k = 0; k < 2; k++)
        chart_add_series(ch, kinds[k], 2, NULL, y[k], lo[k], hi[k], k);
    free(ch->ylabel);
    ch->ylabel = xstrdup(L(c, "Per dag", "Per day"));
    free(ch->alt);
    ch->alt = xstrdup(title.buf);
    doc_chart(c->implementation, ch,
              L(c, "Medel per dag med konfidensintervall; en stapel saknas där det inte finns "
                   "några dagar med data.",
                "Mean per day with confidence intervals; a bar is missing where there are no "
                "days with data."));
    strbuf_release(&title);
    strbuf_release(&ci);
}

static int report_category(struct eval_ctx *c, const struct outcome *o, const char *category)
{
    struct series_data s;
    int rc = load_category(c, o, category, &s);
    if (rc < 0) {
        series_release(&s);
        return -1;
    }
    if (rc > 0 || !s.n) {
        doc_callout(c->implementation, TONE_UNCERTAIN,
                    L(c, "%s: inga data för området och perioden.",
                      "%s: no data for the area and window."),
                    category);
        count_row_failed(c, o->id, category, "", "describe", "total", STAT_R_AREA_NO_COUNTS);
        series_release(&s);
        return 1;
    }
    struct year_total *t = NULL;
    size_t n = year_totals(&s, &t);
    report_table(c, o, category, &s, t, n);
    report_chart(c, o, category, &s);
    if (o->days && s.daily)
        report_days(c, o, category, &s);
    free(t);
    series_release(&s);
    return 0;
}

int analyze_activity(struct eval_ctx *c, const struct outcome *o)
{
    struct strbuf anchor = STRBUF_INIT, areas = STRBUF_INIT;
    count_anchor(&anchor, "activity", o->id);
    name_set_join(&o->area, &areas);
    doc_heading(c->implementation, 3, anchor.buf, count_title(c, o, NULL));
    doc_paragraph(c->implementation,
                  L(c, "Vad som faktiskt gjordes i %s, år för år. Det visar att insatsen "
                       "genomfördes, inte att den hade effekt.",
                    "What was actually done in %s, year by year. This shows that the measure "
                    "was delivered, not that it had an effect."),
                  areas.buf);
    strbuf_release(&anchor);
    strbuf_release(&areas);
    size_t missing = 0;
    for (size_t i = 0; i < o->activity.n; i++) {
        int rc = report_category(c, o, o->activity.items[i]);
        if (rc < 0)
            return -1;
        missing += rc > 0;
    }
    return missing == o->activity.n && missing ? 1 : 0;
}
