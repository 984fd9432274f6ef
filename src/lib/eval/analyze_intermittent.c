/*
 * analyze_intermittent — [intermittent ID]: daily counts on the days an intermittent
 * measure is in effect (a youth centre open on public holidays only).
 *
 * The flagged days and the comparison days are eval/daykind.h's: by default the
 * holidays against Saturdays and Sundays (a holiday behaves like a Sunday, not like a
 * Tuesday); `comparison_days = other` compares with every other day, `same_weekday`
 * with the same weekday a week before and after.  Other days are left out.  The same
 * kind of days in the years before the measure started are the baseline, the
 * comparison days carry the general change and the month pattern (stats/exposure.h:
 * a difference-in-differences in time; R: glm(y ~ flag + after + exposed +
 * factor(month), poisson) on the holidays and weekend days, with + factor(dow) for
 * the other two choices).  The main term is the rate ratio on exposed days,
 * `rate_ratio`; the design's minimum detectable effect (80 % power) is stated beside
 * it, so that "inconclusive" can be read in decision terms.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/reason.h"
#include "eval/context.h"
#include "eval/count_common.h"
#include "eval/daykind.h"
#include "eval/format.h"
#include "eval/incident_data.h"
#include "eval/wording.h"
#include "stats/counts.h"
#include "stats/exposure.h"
#include "stats/power.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Per calendar year: days and counts on flagged and other days. */
struct year_tally {
    int year;
    double flag_days, flag_count, other_days, other_count;
};

/* Per year, the flagged days and the comparison days (use[i]); other days are left
 * out. */
static size_t tally_years(const struct series_data *s, const bool *flag, const bool *use,
                          struct year_tally **out)
{
    struct year_tally *t = NULL;
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!use[i])
            continue;
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

static size_t count_true(const bool *b, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += b[i];
    return k;
}

static double per_day(double count, double days)
{
    return days > 0 ? count / days : NAN;
}

static void report_years(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                         const struct year_tally *t, size_t n, int start_year)
{
    bool sv = !strcmp(c->lang, "sv");
    const char *cmp = daykind_comparison_short(o->comparison_days, sv);
    struct strbuf hint = STRBUF_INIT;
    strbuf_addf(&hint, L(c, "%s: antal per dag (%s)", "%s: count per day (%s)"), cmp,
                eval_ci(c, CI_ABBR));
    struct strbuf hhint = STRBUF_INIT;
    strbuf_addf(&hhint, L(c, "Röda dagar: antal per dag (%s)", "Holidays: count per day (%s)"),
                eval_ci(c, CI_ABBR));
    const char *cols[] = {L(c, "År", "Year"),
                          L(c, "Röda dagar", "Holidays"),
                          L(c, "Antal då", "Count then"),
                          hhint.buf,
                          cmp,
                          L(c, "Antal då", "Count then"),
                          hint.buf};
    bool numeric[] = {true, true, true, true, true, true, true};
    struct strbuf title = STRBUF_INIT;
    strbuf_addf(&title, L(c, "Antal per dag på röda dagar och jämförelsedagarna (%s), per år",
                          "Count per day on holidays and on the comparison days (%s), by year"),
                daykind_comparison_words(o->comparison_days, sv));
    struct table *tab = table_new("intermittent-years", title.buf, 7, cols, numeric);
    char **years = xcalloc(n ? n : 1, sizeof(*years));
    size_t nn = n ? n : 1;
    double *fr_ = xmalloc(nn * sizeof(double)), *fl = xmalloc(nn * sizeof(double)),
           *fh = xmalloc(nn * sizeof(double)), *or_ = xmalloc(nn * sizeof(double)),
           *ol = xmalloc(nn * sizeof(double)), *oh = xmalloc(nn * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        char year[16], fd[32], fc[32], fr[96], od[32], oc[32], orr[96];
        snprintf(year, sizeof(year), "%d%s", t[i].year, t[i].year >= start_year ? "*" : "");
        years[i] = xstrdup(year);
        /* exact Poisson intervals for the count per day (R: poisson.test(x, days)) */
        struct stat_result rf = poisson_rate_exact(t[i].flag_count, t[i].flag_days, c->conf);
        struct stat_result ro = poisson_rate_exact(t[i].other_count, t[i].other_days, c->conf);
        fr_[i] = per_day(t[i].flag_count, t[i].flag_days);
        or_[i] = per_day(t[i].other_count, t[i].other_days);
        fl[i] = rf.status == STAT_OK ? rf.conf_low : NAN;
        fh[i] = rf.status == STAT_OK ? rf.conf_high : NAN;
        ol[i] = ro.status == STAT_OK ? ro.conf_low : NAN;
        oh[i] = ro.status == STAT_OK ? ro.conf_high : NAN;
        snprintf(fd, sizeof(fd), "%s", fmt_count(c->lang, t[i].flag_days));
        snprintf(fc, sizeof(fc), "%s", fmt_count(c->lang, t[i].flag_count));
        snprintf(od, sizeof(od), "%s", fmt_count(c->lang, t[i].other_days));
        snprintf(oc, sizeof(oc), "%s", fmt_count(c->lang, t[i].other_count));
        if (t[i].flag_days > 0)
            snprintf(fr, sizeof(fr), "%s (%s %s %s)", fmt_num(c->lang, fr_[i], 2),
                     fmt_num(c->lang, fl[i], 2), L(c, "till", "to"), fmt_num(c->lang, fh[i], 2));
        else
            snprintf(fr, sizeof(fr), "%s", "\xe2\x80\x93");
        if (t[i].other_days > 0)
            snprintf(orr, sizeof(orr), "%s (%s %s %s)", fmt_num(c->lang, or_[i], 2),
                     fmt_num(c->lang, ol[i], 2), L(c, "till", "to"), fmt_num(c->lang, oh[i], 2));
        else
            snprintf(orr, sizeof(orr), "%s", "\xe2\x80\x93");
        const char *row[] = {year, fd, fc, fr, od, oc, orr};
        table_add_row(tab, row);
        /* results: the rates per year with their intervals, n = days */
        char group[16];
        snprintf(group, sizeof(group), "%d", t[i].year);
        /* no days: no rate, and the row says why (no_time_at_risk), as the table's dash */
        rf.n = t[i].flag_days;
        results_add(c->res, o->id, outcome, group, "describe", "per_day_flagged", &rf,
                    t[i].flag_days ? "count per day on the flagged days (holidays), exact "
                                     "Poisson interval; n = days"
                                   : "no flagged days with data this year");
        ro.n = t[i].other_days;
        results_add(c->res, o->id, outcome, group, "describe", "per_day_comparison", &ro,
                    t[i].other_days ? "count per day on the comparison days, exact Poisson "
                                      "interval; n = days"
                                    : "no comparison days with data this year");
    }
    doc_table(c->incidents, tab, NULL,
              L(c, "* = år då insatsen pågick (helt eller delvis). Bara dagar med data räknas. "
                   "Intervallen är exakta Poisson-intervall för antalet per dag.",
                "* = years when the measure ran (fully or in part). Only days with data count. "
                "The intervals are exact Poisson intervals for the count per day."));
    char *name = eval_chart_name(c, o->id, "days");
    struct chart *ch = chart_new(CHART_BARS_CI, name, count_title(c, o, outcome));
    free(name);
    chart_set_categories(ch, (const char *const *)years, n);
    chart_add_series(ch, L(c, "Röda dagar", "Holidays"), n, NULL, fr_, fl, fh, 0);
    chart_add_series(ch, cmp, n, NULL, or_, ol, oh, 1);
    free(ch->ylabel);
    ch->ylabel = xstrdup(L(c, "Antal per dag", "Count per day"));
    free(ch->alt);
    ch->alt = xstrdup(L(c, "Antal per dag på röda dagar och på jämförelsedagarna, år för år, "
                           "med konfidensintervall.",
                        "Count per day on holidays and on the comparison days, year by year, "
                        "with confidence intervals."));
    struct strbuf cap = STRBUF_INIT;
    strbuf_addf(&cap,
                L(c, "Genomsnittligt antal per dag på röda dagar och jämförelsedagarna per år "
                     "med %s; * = insatsen pågick.",
                  "Average count per day on holidays and the comparison days by year with "
                  "%s; * = the measure ran."),
                eval_ci(c, CI_WORDS_PL));
    doc_chart(c->incidents, ch, cap.buf);
    strbuf_release(&cap);
    for (size_t i = 0; i < n; i++)
        free(years[i]);
    free(years);
    free(fr_);
    free(fl);
    free(fh);
    free(or_);
    free(ol);
    free(oh);
    strbuf_release(&title);
    strbuf_release(&hint);
    strbuf_release(&hhint);
}

/* The design's minimum detectable effect: the fall the data could have shown with
 * 80 % power at the run's level, from the standard error of the fitted term. */
static void report_mde(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                       const struct exposure_result *er)
{
    const struct stat_result *r = &er->rate_ratio;
    if (!(isfinite(r->std_error) && r->std_error > 0))
        return;
    struct stat_result m = power_mde_ratio(r->std_error, 1 - c->conf, 0.8);
    if (m.status != STAT_OK)
        return;
    m.n = r->n;
    results_add(c->res, o->id, outcome, "", "intermittent_poisson", "mde_ratio", &m,
                "smallest fall (as a rate ratio) detectable with 80% power at the run's level: "
                "exp(-(z_(1-alpha/2) + z_0.8) * SE of the log rate ratio)");
    doc_paragraph(c->incidents,
                  L(c, "Vad designen kan upptäcka: med de här dagarna hade en minskning på "
                       "omkring %s på röda dagar (kvot %s) upptäckts med 80\xc2\xa0%% sannolikhet "
                       "(styrka) på signifikansnivån %s; en lika stor ökning (kvot %s) likaså. "
                       "Mindre effekter än så kan finnas utan att synas i de här data.",
                    "What the design can detect: with these days a fall of about %s on "
                    "holidays (ratio %s) would have been detected with 80%% probability "
                    "(power) at the %s significance level, and a rise of the same size (ratio %s) too. "
                    "Smaller effects may exist without showing in these data."),
                  fmt_pct(c->lang, 1 - m.estimate, 0), fmt_num(c->lang, m.estimate, 2),
                  fmt_level(c->lang, 1 - c->conf), fmt_num(c->lang, 1 / m.estimate, 2));
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
                    stat_why_text(c->lang, r));
        return;
    }
    struct estimate_cells cells;
    count_cells(c, r, &cells);
    struct strbuf size = STRBUF_INIT;
    ratio_against_text(c, r->estimate, 0, "väntat", "expected", &size);
    doc_paragraph(c->incidents,
                  L(c, "Huvudresultat: på röda dagar efter starten var antalet %s utifrån samma "
                       "dagar åren före och förändringen på jämförelsedagarna (kvot %s, %s %s, p = %s; %s röda dagar före och %s efter).",
                    "Main result: on holidays after the start the count was %s from the "
                    "same days in the years before and the change on the comparison days "
                    "(ratio %s, %s %s, p = %s; %s holidays before and "
                    "%s after)."),
                  size.buf, cells.est, eval_ci(c, CI_WORDS), cells.ci, cells.p,
                  fmt_num(c->lang, (double)er->n_flag_before, 0),
                  fmt_num(c->lang, (double)er->n_flag_after, 0));
    strbuf_release(&size);
    if (r->conf_low <= 1 && r->conf_high >= 1)
        doc_paragraph(c->incidents, "%s",
                      L(c, "Intervallet omfattar 1: data kan inte skilja effekten från slumpen.",
                        "The interval includes 1: the data cannot tell the effect from chance."));
    report_mde(c, o, outcome, er);
}

static void record(struct eval_ctx *c, const struct outcome *o, const struct series_data *s,
                   const bool *flag, long change_day, const struct exposure_result *er,
                   const char *det)
{
    bool activity = !strcmp(det, "activity");
    const char *title = count_title(c, o, NULL);
    eval_record(c, o->id, "rate_ratio", "", &er->rate_ratio, true, !activity, title);
    struct strbuf why = STRBUF_INIT;
    strbuf_addf(&why, L(c, "samma dagar åren före som utgångsläge och %s som jämförelse",
                        "the same days in earlier years as the baseline and %s as the "
                        "comparison"),
                daykind_comparison_words(o->comparison_days, !strcmp(c->lang, "sv")));
    eval_record_design_days(c, o->id, 3, why.buf);
    strbuf_release(&why);
    if (!strcmp(det, "police"))
        eval_record_police(c, o->id);
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
    eb.unit = xstrdup(L(c, "anmälda händelser på röda dagar", "reported incidents on holidays"));
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
                         STAT_R_DAILY_NO_COUNTS);
        eval_record_design(c, o->id, 3, "");
        series_release(&s);
        free(outcome);
        return 1;
    }
    results_set_title(c->res, o->id, outcome, L(c, s.label_sv, s.label_en));
    struct date start = eval_outcome_date(c, o);
    long change_day = date_to_days(start);
    /* flag, use: per day of the series; the model gets the used days only */
    bool *flag = xmalloc(s.n * sizeof(*flag)), *use = xmalloc(s.n * sizeof(*use));
    bool *mflag = xmalloc(s.n * sizeof(*mflag));
    int32_t *day = xmalloc(s.n * sizeof(*day));
    double *y = xmalloc(s.n * sizeof(*y));
    size_t m = 0;
    for (size_t i = 0; i < s.n; i++) {
        flag[i] = daykind_flagged(o, s.day[i]);
        use[i] = flag[i] || daykind_comparison(o, s.day[i]);
        if (use[i]) {
            mflag[m] = flag[i];
            day[m] = (int32_t)s.day[i];
            y[m++] = s.count[i];
        }
    }
    bool sv = !strcmp(c->lang, "sv");
    struct strbuf areas = STRBUF_INIT;
    name_set_join(&o->area, &areas);
    char first[16], last[16], sbuf[16];
    date_format(s.period[0], first, sizeof(first));
    date_format(s.period[s.n - 1], last, sizeof(last));
    date_format(start, sbuf, sizeof(sbuf));
    doc_paragraph(c->incidents,
                  L(c, "%s i %s per dag, %s–%s (%s dagar med data). Exponerade dagar: %s%s, "
                       "från starten %s; samma dagar åren före är utgångsläget. "
                       "Jämförelsedagar: %s (%s dagar; övriga dagar ingår inte).",
                    "%s in %s per day, %s to %s (%s days with data). Exposed days: %s%s, from "
                    "the start on %s; the same days in the years before are the baseline. "
                    "Comparison days: %s (%s days; other days are left out)."),
                  L(c, s.label_sv, s.label_en), areas.buf, first, last,
                  fmt_num(c->lang, (double)s.n, 0),
                  !strcmp(o->days, "holidays+eves")
                      ? L(c, "röda dagar samt midsommar-, jul- och nyårsafton",
                          "public holidays and Midsummer, Christmas and New Year's Eve")
                      : L(c, "röda dagar (allmänna helgdagar)", "public holidays"),
                  o->extra_days.n ? L(c, " och de extra dagar som angetts", " and the extra days given")
                                  : "",
                  sbuf, daykind_comparison_words(o->comparison_days, sv),
                  fmt_num(c->lang, (double)(m - count_true(mflag, m)), 0));
    strbuf_release(&areas);
    struct exposure_spec spec = {.n = m,
                                 .y = y,
                                 .day = day,
                                 .flag = mflag,
                                 .change_day = (int32_t)change_day,
                                 .conf_level = c->conf,
                                 .no_weekday = o->comparison_days == COMPARE_WEEKENDS};
    struct exposure_result er;
    exposure_result_init(&er);
    exposure_fit(&spec, c->ws, &er);
    const char *det = count_detection(o, &s);
    report_effect(c, o, outcome, &er);
    struct year_tally *years = NULL;
    size_t ny = tally_years(&s, flag, use, &years);
    report_years(c, o, outcome, years, ny, start.year);
    record(c, o, &s, flag, change_day, &er, det);
    free(years);
    exposure_result_release(&er);
    free(flag);
    free(use);
    free(mflag);
    free(y);
    free(day);
    series_release(&s);
    free(outcome);
    return 0;
}
