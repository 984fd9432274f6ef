/*
 * analyze_intermittent — [intermittent ID]: daily counts on the days an intermittent
 * measure is in effect (a youth centre open on public holidays only).
 *
 * The exposed days are the Swedish public holidays (util/holidays.h), with
 * `days = holidays+eves` also Midsummer, Christmas and New Year's Eve, plus the
 * outcome's `extra_days`.  The same kind of days in the years before the measure
 * started are the baseline, the other days carry the general change and the
 * day-of-week and month pattern (stats/exposure.h: a difference-in-differences in
 * time; R: glm(y ~ flag + after + exposed + factor(dow) + factor(month), poisson)).
 * The main term is the rate ratio on exposed days, `rate_ratio`.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/context.h"
#include "eval/count_common.h"
#include "eval/format.h"
#include "eval/incident_data.h"
#include "stats/exposure.h"
#include "util/holidays.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Per calendar year: days and counts on flagged and other days. */
struct year_tally {
    int year;
    double flag_days, flag_count, other_days, other_count;
};

static bool is_extra_day(const struct outcome *o, long day)
{
    for (size_t i = 0; i < o->extra_days.n; i++) {
        struct date d;
        const char *s = o->extra_days.items[i];
        if (date_parse(s, strlen(s), &d) == DATE_DAY && date_to_days(d) == day)
            return true;
    }
    return false;
}

/* Is the day of the kind the measure concerns? */
static bool flagged_day(const struct outcome *o, long day)
{
    struct date d = date_from_days(day);
    enum holiday_kind k = holiday_se(d.year, d.month, d.day, NULL);
    bool eves = o->days && !strcmp(o->days, "holidays+eves");
    if (k == HOLIDAY_PUBLIC || (eves && k == HOLIDAY_EVE))
        return true;
    return is_extra_day(o, day);
}

static size_t tally_years(const struct series_data *s, const bool *flag, struct year_tally **out)
{
    struct year_tally *t = NULL;
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        int y = s->period[i].year;
        if (!n || t[n - 1].year != y) {
            t = xrealloc(t, (n + 1) * sizeof(*t));
            memset(&t[n], 0, sizeof(*t));
            t[n++].year = y;
        }
        struct year_tally *yt = &t[n - 1];
        if (flag[i]) {
            yt->flag_days++;
            yt->flag_count += s->count[i];
        } else {
            yt->other_days++;
            yt->other_count += s->count[i];
        }
    }
    *out = t;
    return n;
}

static double per_day(double count, double days)
{
    return days > 0 ? count / days : NAN;
}

static void report_years(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                         const struct year_tally *t, size_t n, int start_year)
{
    const char *cols[] = {L(c, "År", "Year"),
                          L(c, "Röda dagar", "Holidays"),
                          L(c, "Antal då", "Count then"),
                          L(c, "Per dag", "Per day"),
                          L(c, "Övriga dagar", "Other days"),
                          L(c, "Antal då", "Count then"),
                          L(c, "Per dag", "Per day")};
    bool numeric[] = {true, true, true, true, true, true, true};
    struct table *tab = table_new("intermittent-years",
                                  L(c, "Antal per dag på röda dagar och övriga dagar, per år",
                                    "Count per day on holidays and on other days, by year"),
                                  7, cols, numeric);
    char **years = xcalloc(n ? n : 1, sizeof(*years));
    double *flag_rate = xmalloc((n ? n : 1) * sizeof(double));
    double *other_rate = xmalloc((n ? n : 1) * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        char year[16], fd[32], fc[32], fr[32], od[32], oc[32], orr[32];
        snprintf(year, sizeof(year), "%d%s", t[i].year, t[i].year >= start_year ? "*" : "");
        years[i] = xstrdup(year);
        flag_rate[i] = per_day(t[i].flag_count, t[i].flag_days);
        other_rate[i] = per_day(t[i].other_count, t[i].other_days);
        snprintf(fd, sizeof(fd), "%s", fmt_num(c->lang, t[i].flag_days, 0));
        snprintf(fc, sizeof(fc), "%s", fmt_num(c->lang, t[i].flag_count, 0));
        snprintf(fr, sizeof(fr), "%s", fmt_num(c->lang, flag_rate[i], 2));
        snprintf(od, sizeof(od), "%s", fmt_num(c->lang, t[i].other_days, 0));
        snprintf(oc, sizeof(oc), "%s", fmt_num(c->lang, t[i].other_count, 0));
        snprintf(orr, sizeof(orr), "%s", fmt_num(c->lang, other_rate[i], 2));
        const char *row[] = {year, fd, fc, fr, od, oc, orr};
        table_add_row(tab, row);
        /* results: the rates per year, n = days */
        char group[16];
        snprintf(group, sizeof(group), "%d", t[i].year);
        struct stat_result r;
        stat_result_init(&r);
        r.estimate = flag_rate[i];
        r.n = t[i].flag_days;
        results_add(c->res, o->id, outcome, group, "describe", "per_day_flagged", &r,
                    t[i].flag_days ? "count per day on the flagged days (holidays); n = days"
                                   : "no flagged days with data this year");
        stat_result_init(&r);
        r.estimate = other_rate[i];
        r.n = t[i].other_days;
        results_add(c->res, o->id, outcome, group, "describe", "per_day_other", &r,
                    t[i].other_days ? "count per day on the other days; n = days"
                                    : "no other days with data this year");
    }
    doc_table(c->incidents, tab, NULL,
              L(c, "* = år då insatsen pågick (helt eller delvis). Bara dagar med data räknas.",
                "* = years when the measure ran (fully or in part). Only days with data count."));
    char *name = eval_chart_name(c, o->id, "days");
    struct chart *ch = chart_new(CHART_BARS_CI, name, count_title(c, o, outcome));
    free(name);
    chart_set_categories(ch, (const char *const *)years, n);
    chart_add_series(ch, L(c, "Röda dagar", "Holidays"), n, NULL, flag_rate, NULL, NULL, 0);
    chart_add_series(ch, L(c, "Övriga dagar", "Other days"), n, NULL, other_rate, NULL, NULL, 1);
    free(ch->ylabel);
    ch->ylabel = xstrdup(L(c, "Antal per dag", "Count per day"));
    free(ch->alt);
    ch->alt = xstrdup(L(c, "Antal per dag på röda dagar och på övriga dagar, år för år.",
                        "Count per day on holidays and on other days, year by year."));
    doc_chart(c->incidents, ch,
              L(c, "Genomsnittligt antal per dag på röda dagar och övriga dagar per år; * = "
                   "insatsen pågick.",
                "Average count per day on holidays and other days by year; * = the measure "
                "ran."));
    for (size_t i = 0; i < n; i++)
        free(years[i]);
    free(years);
    free(flag_rate);
    free(other_rate);
}

static void report_effect(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                          const struct exposure_result *er)
{
    count_row(c, o->id, outcome, "", "intermittent_poisson", "rate_ratio", &er->rate_ratio);
    const struct stat_result *r = &er->rate_ratio;
    if (!stat_ok(r)) {
        doc_callout(c->incidents, TONE_UNCERTAIN,
                    L(c, "Effekten på röda dagar kunde inte skattas: %s",
                      "The effect on holidays could not be estimated: %s"),
                    r->message);
        return;
    }
    struct estimate_cells cells;
    count_cells(c, r, &cells);
    double pct = fabs(r->estimate - 1);
    doc_paragraph(c->incidents,
                  L(c, "På röda dagar efter starten var antalet %s %s än väntat utifrån samma "
                       "dagar åren före och förändringen på övriga dagar (kvot %s, %s %% "
                       "konfidensintervall %s, p = %s; %s röda dagar före och %s efter).",
                    "On holidays after the start the count was %s %s than expected from the "
                    "same days in the years before and the change on other days (ratio %s, "
                    "%s%% confidence interval %s, p = %s; %s holidays before and %s after)."),
                  fmt_pct(c->lang, pct, 0),
                  r->estimate < 1 ? L(c, "lägre", "lower") : L(c, "högre", "higher"), cells.est,
                  fmt_num(c->lang, 100 * c->conf, 0), cells.ci, cells.p,
                  fmt_num(c->lang, (double)er->n_flag_before, 0),
                  fmt_num(c->lang, (double)er->n_flag_after, 0));
    if (r->conf_low <= 1 && r->conf_high >= 1)
        doc_paragraph(c->incidents, "%s",
                      L(c, "Intervallet omfattar 1: data kan inte skilja effekten från slumpen.",
                        "The interval includes 1: the data cannot tell the effect from chance."));
}

static void record(struct eval_ctx *c, const struct outcome *o, const struct series_data *s,
                   const bool *flag, long change_day, const struct exposure_result *er,
                   const char *det)
{
    bool activity = !strcmp(det, "activity");
    const char *title = count_title(c, o, NULL);
    eval_record(c, o->id, "rate_ratio", "", &er->rate_ratio, true, !activity, title);
    eval_record_design(c, o->id, 3,
                       L(c, "samma dagar åren före som utgångsläge och övriga dagar som "
                            "jämförelse",
                         "the same days in earlier years as the baseline and the other days as "
                         "the comparison"));
    const struct stat_result *r = &er->rate_ratio;
    if (activity || !strcmp(det, "police") || !stat_ok(r))
        return;
    double observed = 0;
    for (size_t i = 0; i < s->n; i++)
        if (flag[i] && s->day[i] >= change_day)
            observed += s->count[i];
    struct effect_basis eb = {0};
    eb.outcome = o->id;
    eb.observed = observed;
    eb.ratio = r->estimate;
    eb.ratio_low = r->conf_low;
    eb.ratio_high = r->conf_high;
    eb.from = eval_outcome_date(c, o);
    eb.to = s->period[s->n - 1];
    eb.unit = xstrdup(L(c, "anmälda händelser på röda dagar", "reported incident on a holiday"));
    eval_record_effect(c, &eb);
    free(eb.unit);
}

int analyze_intermittent(struct eval_ctx *c, const struct outcome *o)
{
    char *outcome = count_outcome_label(&o->categories);
    struct strbuf anchor = STRBUF_INIT;
    count_anchor(&anchor, "intermittent", o->id);
    doc_heading(c->incidents, 3, anchor.buf, count_title(c, o, outcome));
    strbuf_release(&anchor);
    struct series_data s;
    int rc = series_load(c->st, &o->area, &o->categories, true, o->has_from ? &o->from : NULL,
                         o->has_to ? &o->to : NULL, &s, c->dl);
    for (size_t k = 0; rc == 0 && k < s.n_imports; k++)
        eval_note_import(c, s.imports[k]);
    if (rc < 0) {
        series_release(&s);
        free(outcome);
        return -1;
    }
    if (rc > 0 || !s.n) {
        doc_callout(c->incidents, TONE_UNCERTAIN, "%s",
                    L(c, "Det finns inga dagliga antal för den här kategorin i området och "
                         "perioden; analysen av röda dagar behöver antal per dag.",
                      "There are no daily counts of this category in the area and window; the "
                      "holiday analysis needs counts per day."));
        count_row_failed(c, o->id, outcome, "", "intermittent_poisson", "rate_ratio",
                         "no daily counts of this category in the area and window");
        eval_record_design(c, o->id, 3, "");
        series_release(&s);
        free(outcome);
        return 1;
    }
    struct date start = eval_outcome_date(c, o);
    long change_day = date_to_days(start);
    bool *flag = xmalloc(s.n * sizeof(*flag));
    int32_t *day = xmalloc(s.n * sizeof(*day));
    for (size_t i = 0; i < s.n; i++) {
        flag[i] = flagged_day(o, s.day[i]);
        day[i] = (int32_t)s.day[i];
    }
    struct strbuf areas = STRBUF_INIT;
    name_set_join(&o->area, &areas);
    char first[16], last[16], sbuf[16];
    date_format(s.period[0], first, sizeof(first));
    date_format(s.period[s.n - 1], last, sizeof(last));
    date_format(start, sbuf, sizeof(sbuf));
    doc_paragraph(c->incidents,
                  L(c, "%s i %s per dag, %s–%s (%s dagar med data). Exponerade dagar: %s%s, "
                       "från starten %s; samma dagar åren före är utgångsläget.",
                    "%s in %s per day, %s to %s (%s days with data). Exposed days: %s%s, from "
                    "the start on %s; the same days in the years before are the baseline."),
                  L(c, s.label_sv, s.label_en), areas.buf, first, last,
                  fmt_num(c->lang, (double)s.n, 0),
                  !strcmp(o->days, "holidays+eves")
                      ? L(c, "röda dagar samt midsommar-, jul- och nyårsafton",
                          "public holidays and Midsummer, Christmas and New Year's Eve")
                      : L(c, "röda dagar (allmänna helgdagar)", "public holidays"),
                  o->extra_days.n ? L(c, " och de extra dagar som angetts", " and the extra days given")
                                  : "",
                  sbuf);
    strbuf_release(&areas);
    struct exposure_spec spec = {.n = s.n,
                                 .y = s.count,
                                 .day = day,
                                 .flag = flag,
                                 .change_day = (int32_t)change_day,
                                 .conf_level = c->conf};
    struct exposure_result er;
    exposure_result_init(&er);
    exposure_fit(&spec, c->ws, &er);
    const char *det = count_detection(o, &s);
    report_effect(c, o, outcome, &er);
    struct year_tally *years = NULL;
    size_t ny = tally_years(&s, flag, &years);
    report_years(c, o, outcome, years, ny, start.year);
    record(c, o, &s, flag, change_day, &er, det);
    free(years);
    exposure_result_release(&er);
    free(flag);
    free(day);
    series_release(&s);
    free(outcome);
    return 0;
}
