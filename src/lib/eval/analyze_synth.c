/*
 * analyze_synth — a synthetic comparison area for an [incidents] outcome
 * (`comparison = synthetic`): a weighted combination of untreated areas (the donor
 * pool) that follows the target before the start; the gap after the start is the
 * estimated effect, and its credibility is shown (the pre-period fit) and tested
 * (placebo areas, a placebo start, leaving out each donor).  The statistics are in
 * stats/synth.c; this file chooses the donors, aligns and scales the series, and
 * writes the results rows, the report section and the two charts.
 *
 * Scale: per 1,000 residents when every series has a population (the default; a
 * district and a municipality differ tenfold in size) or counts (`scale = count`).
 * Prevented cases are the cumulative gap turned back into cases with the target's
 * own population.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval/context.h"
#include "eval/count_common.h"
#include "eval/format.h"
#include "eval/incident_data.h"
#include "stats/synth.h"
#include "store/interventions.h"
#include "store/series_scan.h"
#include "util/table.h"
#include "util/xalloc.h"

/* A pre-period fit is poor when its RMSPE exceeds this many times the month-to-month
 * chance variation of the target's counts (Poisson: sqrt(mean) cases a month, on the
 * chosen scale): a district's monthly counts of ten vary by a third by chance alone,
 * so a fixed share would call every small-area fit poor. */
#define SYNTH_POOR_FIT 2.0

struct donor {
    char *name;
    double weight;
    double *value; /* n aligned, scaled values */
};

static bool in_set(const struct name_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], name))
            return true;
    return false;
}

/* The donor areas: every area with a monthly series of the outcome's first category
 * (donors = *) or the named ones, less the target, the buffer and the exclusions. */
static char **donor_names(struct eval_ctx *c, const struct outcome *o, size_t *n_out)
{
    char **names = NULL;
    size_t n = 0;
    bool every = o->donors.n == 1 && !strcmp(o->donors.names[0], "*");
    if (every) {
        struct series_catalog cat;
        if (series_catalog_load(c->st, "month", &cat, c->dl) != 0) {
            *n_out = 0;
            return NULL;
        }
        for (size_t i = 0; i < cat.n; i++) {
            if (strcmp(cat.category[i], o->categories.names[0]))
                continue;
            names = xrealloc(names, (n + 1) * sizeof(*names));
            names[n++] = xstrdup(cat.area[i]);
        }
        series_catalog_release(&cat);
    } else {
        names = xcalloc(o->donors.n + 1, sizeof(*names));
        for (size_t i = 0; i < o->donors.n; i++)
            names[n++] = xstrdup(o->donors.names[i]);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (in_set(&o->area, names[i]) || in_set(&o->buffer, names[i]) ||
            in_set(&o->donors_exclude, names[i]))
            free(names[i]);
        else
            names[k++] = names[i];
    }
    *n_out = k;
    return names;
}

/* Donors with a measure of their own in the window are no longer untreated: say so
 * (the user may exclude them with donors.exclude). */
static void warn_treated_donors(struct eval_ctx *c, const struct series_data *target,
                                const struct donor *d, size_t j)
{
    struct strbuf names = STRBUF_INIT;
    size_t hits = 0;
    for (size_t k = 0; k < j; k++) {
        char **iv = NULL;
        size_t n_iv = 0;
        if (interventions_active_in(c->st, d[k].name, target->period[0],
                                    target->period[target->n - 1], &iv, &n_iv, c->dl) != 0)
            break;
        if (n_iv) {
            strbuf_addf(&names, "%s%s (", hits++ ? "; " : "", d[k].name);
            for (size_t i = 0; i < n_iv; i++)
                strbuf_addf(&names, "%s%s", i ? ", " : "", iv[i]);
            strbuf_addch(&names, ')');
        }
        for (size_t i = 0; i < n_iv; i++)
            free(iv[i]);
        free(iv);
    }
    if (hits)
        doc_callout(c->incidents, TONE_UNCERTAIN,
                    L(c, "Följande givarområden har egna insatser under perioden och är kanske "
                         "inte opåverkade: %s. Överväg donors.exclude.",
                      "These donor areas have measures of their own in the period and may not "
                      "be untreated: %s. Consider donors.exclude."),
                    names.buf);
    strbuf_release(&names);
}

static void add_row(struct eval_ctx *c, const struct outcome *o, const char *outcome,
                    const char *group, const char *term, double estimate, double p, double n,
                    const char *note)
{
    struct stat_result r;
    stat_result_init(&r);
    r.estimate = estimate;
    r.p_value = p;
    r.n = n;
    results_add(c->res, o->id, outcome, group, "synth", term, &r, note);
}

/* A time-series chart of k series over the target's months (the last with a band
 * lo..hi, if given).  gaps: the values go below zero, so the y range is set from the
 * data instead of starting at zero as counts do. */
static void add_chart(struct eval_ctx *c, const struct outcome *o, const char *what,
                      const char *title, const char *ylabel, const double *x, size_t n,
                      const char *const *labels, const double *const *ys, const double *lo,
                      const double *hi, size_t k, bool gaps, const char *alt,
                      const char *caption)
{
    char *name = eval_chart_name(c, o->id, what);
    struct chart *ch = chart_new(CHART_TIMESERIES, name, title);
    free(name);
    ch->x_dates = true;
    ch->has_marker = true;
    struct date start = eval_outcome_date(c, o);
    ch->marker_x = (double)date_to_days(start);
    char sbuf[16];
    date_format(start, sbuf, sizeof(sbuf));
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s %s", L(c, "Start", "Start"), sbuf);
    ch->marker_label = strbuf_detach(&sb);
    free(ch->ylabel);
    ch->ylabel = xstrdup(ylabel);
    free(ch->xlabel);
    ch->xlabel = xstrdup(L(c, "Månad", "Month"));
    if (gaps) {
        double ymin = 0, ymax = 0;
        for (size_t s = 0; s < k; s++)
            for (size_t i = 0; i < n; i++) {
                double v[3] = {ys[s][i], lo && s == k - 1 ? lo[i] : NAN,
                               hi && s == k - 1 ? hi[i] : NAN};
                for (size_t q = 0; q < 3; q++)
                    if (isfinite(v[q])) {
                        ymin = fmin(ymin, v[q]);
                        ymax = fmax(ymax, v[q]);
                    }
            }
        double pad = 0.05 * (ymax - ymin > 0 ? ymax - ymin : 1);
        ch->has_yrange = true;
        ch->ymin = ymin - pad;
        ch->ymax = ymax + pad;
    }
    for (size_t s = 0; s < k; s++)
        chart_add_series(ch, labels[s], n, x, ys[s], s == k - 1 ? lo : NULL,
                         s == k - 1 ? hi : NULL, s == 0 ? 0 : (int)(s + 1));
    free(ch->alt);
    ch->alt = xstrdup(alt);
    doc_chart(c->incidents, ch, caption);
}

void analyze_synth(struct eval_ctx *c, const struct outcome *o, const struct series_data *target,
                   struct synth_summary *out)
{
    struct synth_summary none = {.p_value = NAN, .post_ratio = NAN, .prevented = NAN};
    if (!out)
        out = &none;
    *out = none;
    doc_heading(c->incidents, 4, NULL, L(c, "Syntetiskt jämförelseområde", "Synthetic comparison area"));
    char *outcome = count_outcome_label(&o->categories);
    size_t n_names = 0;
    char **names = donor_names(c, o, &n_names);
    size_t n = target->n;
    struct date start = eval_outcome_date(c, o);
    size_t t0 = series_index_at(target, start);
    bool has_pop = target->exposure != NULL;
    /* each donor over the target's months: counts, and rates where the population is
     * known; a donor missing a month the target has is left out */
    struct donor *d = xcalloc(n_names + 1, sizeof(*d));
    size_t j = 0, incomplete = 0;
    for (size_t i = 0; i < n_names; i++) {
        struct name_set area = {&names[i], 1, 0};
        struct series_data s;
        struct diag_list quiet;
        diag_list_init(&quiet, 4);
        int rc = series_load(c->st, &area, &o->categories, false, o->has_from ? &o->from : NULL,
                             o->has_to ? &o->to : NULL, &s, &quiet);
        diag_list_release(&quiet);
        if (rc != 0) {
            incomplete++;
            continue;
        }
        double *v = xmalloc(2 * (n ? n : 1) * sizeof(*v)); /* counts, then rates */
        size_t k = 0;
        bool complete = true;
        for (size_t m = 0; m < n && complete; m++) {
            while (k < s.n && s.day[k] < target->day[m])
                k++;
            complete = k < s.n && s.day[k] == target->day[m];
            if (!complete)
                break;
            v[m] = s.count[k];
            v[n + m] = s.exposure ? 1000.0 * s.count[k] / s.exposure[k] : NAN;
        }
        if (!complete) {
            incomplete++;
            free(v);
        } else {
            has_pop = has_pop && s.exposure;
            d[j].name = xstrdup(names[i]);
            d[j].value = v;
            j++;
        }
        series_release(&s);
    }
    for (size_t i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
    if (incomplete)
        doc_paragraph(c->incidents,
                      L(c, "%s givarområden saknar månader som målområdet har och är uteslutna.",
                        "%s donor areas lack months the target has and are left out."),
                      fmt_num(c->lang, (double)incomplete, 0));

    bool rate = o->synth_scale == SYNTH_SCALE_RATE ||
                (o->synth_scale == SYNTH_SCALE_DEFAULT && has_pop);
    if (rate && !has_pop) {
        doc_callout(c->incidents, TONE_UNCERTAIN, "%s",
                    L(c, "scale = rate kräver befolkning för målområdet och varje givarområde; "
                         "den saknas, så jämförelsen görs i antal.",
                      "scale = rate needs the population of the target and of every donor; it "
                      "is missing, so the comparison is made in counts."));
        rate = false;
    }
    if (j == 0 || t0 < 2 || t0 >= n) {
        const char *why = j == 0 ? L(c, "inga givarområden har samma månader som målområdet",
                                     "no donor area has the same months as the target")
                                 : L(c, "för få månader före eller efter starten",
                                     "too few months before or after the start");
        doc_callout(c->incidents, TONE_UNCERTAIN, L(c, "Inget syntetiskt jämförelseområde: %s.",
                                                     "No synthetic comparison area: %s."),
                    why);
        count_row_failed(c, o->id, outcome, "", "synth", "post_ratio",
                         j == 0 ? STAT_R_SYNTH_NO_DONOR_MONTHS : STAT_R_SYNTH_TOO_FEW_MONTHS);
        goto out;
    }
    /* the matrices: target y and donors Y (n x j) on the chosen scale */
    double *y = xmalloc(n * sizeof(*y)), *Y = xmalloc(n * j * sizeof(*Y));
    for (size_t m = 0; m < n; m++)
        y[m] = rate ? 1000.0 * target->count[m] / target->exposure[m] : target->count[m];
    for (size_t k = 0; k < j; k++)
        memcpy(Y + k * n, d[k].value + (rate ? n : 0), n * sizeof(double));
    double *pre = xmalloc(t0 * j * sizeof(*pre));
    for (size_t k = 0; k < j; k++)
        memcpy(pre + k * t0, Y + k * n, t0 * sizeof(double));
    double *w = xmalloc(j * sizeof(*w)), *gap = xmalloc(n * sizeof(*gap));
    struct synth_workspace ws;
    synth_workspace_init(&ws);
    synth_weights(y, pre, t0, j, w, &ws, NULL);
    struct synth_fit fit;
    synth_evaluate(y, Y, n, t0, j, w, gap, &fit);
    for (size_t k = 0; k < j; k++)
        d[k].weight = w[k];
    struct synth_placebo pl;
    synth_placebo_init(&pl);
    bool placebo_ok = synth_placebo_run(y, Y, n, t0, j, &fit, o->placebo_max_pre_ratio, &ws,
                                        &pl) == 0;
    /* prevented cases: the gap turned back into cases (rates with the target's own
     * population); negative gap = fewer cases than the synthetic area */
    double prevented = 0;
    for (size_t m = t0; m < n; m++)
        prevented -= rate ? gap[m] * target->exposure[m] / 1000.0 : gap[m];
    double fit_share = fit.pre_mean > 0 ? fit.rmspe_pre / fit.pre_mean : NAN;
    /* the chance variation of the target's monthly value before the start */
    double mean_count = 0, mean_pop = 0;
    for (size_t m = 0; m < t0; m++) {
        mean_count += target->count[m] / (double)t0;
        mean_pop += rate ? target->exposure[m] / (double)t0 : 0;
    }
    double noise = sqrt(mean_count) * (rate && mean_pop > 0 ? 1000.0 / mean_pop : 1.0);
    double noise_share = fit.pre_mean > 0 ? noise / fit.pre_mean : NAN;
    /* outside the hull: the target above (or below) every donor in most months */
    size_t above = 0, below = 0;
    for (size_t m = 0; m < t0; m++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t k = 0; k < j; k++) {
            lo = fmin(lo, Y[k * n + m]);
            hi = fmax(hi, Y[k * n + m]);
        }
        above += y[m] > hi;
        below += y[m] < lo;
    }
    bool outside = 2 * (above > below ? above : below) > t0;
    bool poor = outside || !(fit.rmspe_pre <= SYNTH_POOR_FIT * noise);

    /* placebo in time: a fake start halfway through the pre-period, on the pre-period */
    struct synth_fit fake = {0};
    size_t t0_fake = t0 / 2;
    bool fake_ok = t0_fake >= 2 && t0 - t0_fake >= 1;
    if (fake_ok) {
        double *pre2 = xmalloc(t0_fake * j * sizeof(*pre2)), *Ypre = xmalloc(t0 * j * sizeof(*Ypre));
        double *w2 = xmalloc(j * sizeof(*w2)), *g2 = xmalloc(t0 * sizeof(*g2));
        for (size_t k = 0; k < j; k++) {
            memcpy(pre2 + k * t0_fake, Y + k * n, t0_fake * sizeof(double));
            memcpy(Ypre + k * t0, Y + k * n, t0 * sizeof(double));
        }
        synth_weights(y, pre2, t0_fake, j, w2, &ws, NULL);
        synth_evaluate(y, Ypre, t0, t0_fake, j, w2, g2, &fake);
        free(pre2);
        free(Ypre);
        free(w2);
        free(g2);
    }
    /* leave one out: drop each donor with a weight and refit */
    double loo_lo, loo_hi;
    size_t loo_n = 0;
    synth_leave_one_out(y, Y, n, t0, j, w, &ws, &loo_lo, &loo_hi, &loo_n);

    /* ---------------------------------------------------------------- results */
    add_row(c, o, outcome, "", "post_ratio", fit.post_ratio, placebo_ok ? pl.p_value : NAN,
            (double)(n - t0),
            placebo_ok ? "observed / synthetic over the post period; p from the placebo areas' "
                         "post/pre RMSPE ratios (Abadie et al. 2010)"
                       : "observed / synthetic over the post period; no placebo areas");
    add_row(c, o, outcome, "", "cumulative_gap", fit.cumulative_gap, NAN, (double)(n - t0),
            rate ? "sum of observed - synthetic per 1,000 residents over the post period"
                 : "sum of observed - synthetic over the post period");
    add_row(c, o, outcome, "", "prevented_cases", prevented, NAN, (double)(n - t0),
            "synthetic - observed over the post period, in cases");
    add_row(c, o, outcome, "", "rmspe_pre", fit.rmspe_pre, NAN, (double)t0, "");
    add_row(c, o, outcome, "", "rmspe_post", fit.rmspe_post, NAN, (double)(n - t0), "");
    add_row(c, o, outcome, "", "rmspe_ratio", fit.ratio, placebo_ok ? pl.p_value : NAN,
            placebo_ok ? (double)pl.n_units : NAN, "");
    if (fake_ok)
        add_row(c, o, outcome, "", "placebo_time_ratio", fake.post_ratio, NAN,
                (double)(t0 - t0_fake), "a fake start halfway through the pre-period");
    /* the leave-one-out range the report states, as numbers a reader can check */
    if (loo_n) {
        add_row(c, o, outcome, "", "leave_one_out_min", loo_lo, NAN, (double)loo_n,
                "the smallest post-period ratio with one donor of weight > 1e-6 left out "
                "and the weights refitted; n = refits");
        add_row(c, o, outcome, "", "leave_one_out_max", loo_hi, NAN, (double)loo_n,
                "the largest post-period ratio with one donor of weight > 1e-6 left out "
                "and the weights refitted; n = refits");
    }
    for (size_t k = 0; k < j; k++)
        add_row(c, o, outcome, d[k].name, "weight", d[k].weight, NAN, NAN, "");
    /* the gap month by month (group = the month), the series the report's gap chart
     * draws: the summaries above are its RMS and its sum, and a reader can check them */
    for (size_t m = 0; m < n; m++) {
        char month[16];
        snprintf(month, sizeof(month), "%04d-%02d", target->period[m].year,
                 target->period[m].month);
        add_row(c, o, outcome, month, "gap", gap[m], NAN, NAN,
                rate ? "observed - synthetic per 1,000 residents in the month"
                     : "observed - synthetic in the month");
    }
    out->done = true;
    out->poor = poor;
    out->post_ratio = fit.post_ratio;
    out->p_value = placebo_ok ? pl.p_value : NAN;
    out->rank = placebo_ok ? pl.rank : 0;
    out->n_units = placebo_ok ? pl.n_units : 0;
    out->prevented = prevented;
    out->months_after = n - t0;
    struct stat_result rec;
    stat_result_init(&rec);
    rec.estimate = fit.post_ratio;
    rec.p_value = placebo_ok ? pl.p_value : NAN;
    rec.n = (double)(n - t0);
    if (poor)
        stat_result_fail(&rec, STAT_NOT_ESTIMABLE, STAT_R_SYNTH_POOR_FIT);
    eval_record(c, o->id, "synthetic", "", &rec, true, true, count_title(c, o, NULL));
    /* the placebo areas decide whether the change stands out (the certainty grade);
     * with so few donors that even the largest change cannot reach the level
     * (1 / areas > 1 - conf), a change that was the largest is not counted against it:
     * the check cannot decide */
    if (placebo_ok && !isnan(pl.p_value)) {
        bool passed = pl.p_value <= 1 - c->conf;
        bool undecidable = !passed && pl.rank == 1;
        if (!undecidable)
            eval_record_falsification(c, o->id, "synthetic",
                                      passed ? FALSIFICATION_PASSED : FALSIFICATION_FAILED,
                                      L(c, "placeboområden", "placebo areas"));
    }
    /* cost per prevented case from the cumulative gap, over the same after months; not
     * for police-detected offences or activity counts (fewer is not better there) */
    const char *det = count_detection(o, target);
    if (!poor && strcmp(det, "police") && strcmp(det, "activity") && isfinite(fit.post_ratio)) {
        struct effect_basis eb = {0};
        eb.outcome = o->id;
        eb.term = (char *)"synthetic";
        for (size_t m = t0; m < n; m++)
            eb.observed += target->count[m];
        eb.ratio = fit.post_ratio;
        eb.ratio_low = eb.ratio_high = NAN;
        eb.has_prevented = true;
        stat_result_init(&eb.prevented);
        eb.prevented.estimate = prevented;
        eb.from = start;
        struct date last = target->period[n - 1];
        last.day = date_days_in_month(last.year, last.month);
        eb.to = last;
        eb.unit = (char *)L(c, "anmälda brott", "reported offences");
        eval_record_effect(c, &eb);
    }

    /* ---------------------------------------------------------------- report */
    char pct[32], noise_pct[32];
    snprintf(pct, sizeof(pct), "%s", fmt_pct(c->lang, fit_share, 0));
    snprintf(noise_pct, sizeof(noise_pct), "%s", fmt_pct(c->lang, noise_share, 0));
    doc_paragraph(c->incidents,
                  L(c, "Ett syntetiskt jämförelseområde är ett vägt medel av %s andra områden "
                       "(givare) som följer målområdet före starten. Vikterna väljs så att "
                       "skillnaden månad för månad före starten blir så liten som möjligt (alla "
                       "vikter ≥ 0 och summan 1). Jämförelsen görs %s.",
                    "A synthetic comparison area is a weighted mean of %s other areas (donors) "
                    "that follows the target before the start. The weights make the month-by-"
                    "month difference before the start as small as possible (every weight ≥ 0, "
                    "summing to 1). The comparison is made %s."),
                  fmt_num(c->lang, (double)j, 0),
                  rate ? L(c, "per 1 000 invånare", "per 1,000 residents")
                       : L(c, "i antal", "in counts"));
    doc_callout(c->incidents, poor ? TONE_UNCERTAIN : TONE_INFO,
                poor ? L(c, "Anpassningen före starten är svag: det syntetiska området avviker i "
                            "genomsnitt %s från målområdet per månad, där slumpen ensam ger "
                            "omkring %s%s. Resultatet nedan ska inte läsas som en effekt.",
                         "The fit before the start is poor: the synthetic area differs from the "
                         "target by %s a month on average, where chance alone gives about %s%s. "
                         "The result below should not be read as an effect.")
                     : L(c, "Det syntetiska området följer målområdet inom %s per månad i "
                            "genomsnitt före starten; slumpen ensam ger omkring %s för så små "
                            "antal%s.",
                         "The synthetic area follows the target within %s a month on average "
                         "before the start; chance alone gives about %s for counts this "
                         "small%s."),
                pct, noise_pct,
                outside ? L(c, " (målområdet ligger utanför givarnas spann de flesta månader)",
                            " (the target lies outside the donors' range in most months)")
                        : "");
    warn_treated_donors(c, target, d, j);
    /* the weights, largest first */
    size_t *order = xmalloc(j * sizeof(*order));
    for (size_t k = 0; k < j; k++)
        order[k] = k;
    for (size_t a = 1; a < j; a++)
        for (size_t b = a; b > 0 && d[order[b]].weight > d[order[b - 1]].weight; b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    const char *wcols[] = {L(c, "Givarområde", "Donor area"), L(c, "Vikt", "Weight")};
    bool wnum[] = {false, true};
    struct table *wt = table_new("synth-weights", L(c, "Givarområdenas vikter", "Donor weights"),
                                 2, wcols, wnum);
    size_t shown = 0;
    for (size_t a = 0; a < j; a++) {
        const struct donor *dd = &d[order[a]];
        if (dd->weight < 0.001)
            break;
        const char *row[] = {dd->name, fmt_num(c->lang, dd->weight, 3)};
        table_add_row(wt, row);
        shown++;
    }
    char wnote[160];
    snprintf(wnote, sizeof(wnote),
             L(c, "%zu av %zu givare har en vikt på minst 0,001 (alla vikter i results.csv).",
               "%zu of %zu donors have a weight of at least 0.001 (every weight in results.csv)."),
             shown, j);
    doc_table(c->incidents, wt, NULL, wnote);
    free(order);
    /* the effect */
    doc_paragraph(c->incidents,
                  L(c, "Efter starten var %s %s i målområdet än i det syntetiska området: "
                       "%s\xc2\xa0%% av det syntetiska områdets nivå (kvot %s). Det motsvarar %s %s fall "
                       "över %s månader.",
                    "After the start the %s was %s in the target than in the synthetic area: "
                    "%s%% of the synthetic area's level (ratio %s). That corresponds to %s %s "
                    "cases over %s months."),
                  rate ? L(c, "antalet per 1 000 invånare", "number per 1,000 residents")
                       : L(c, "antalet", "count"),
                  fit.post_ratio < 1 ? L(c, "lägre", "lower") : L(c, "högre", "higher"),
                  fmt_num(c->lang, 100 * fit.post_ratio, 0), fmt_num(c->lang, fit.post_ratio, 3),
                  fmt_num(c->lang, fabs(prevented), 0),
                  prevented >= 0 ? L(c, "färre", "fewer") : L(c, "fler", "more"),
                  fmt_num(c->lang, (double)(n - t0), 0));
    if (placebo_ok)
        doc_paragraph(c->incidents,
                      L(c, "Placebotest i rummet: varje givarområde behandlades i tur och ordning "
                           "som om det haft insatsen. Av %s områden (målområdet inräknat%s) hade "
                           "%s en lika stor eller större förändring efter starten i förhållande "
                           "till anpassningen före (permutations-p = %s). %s",
                        "Placebo in space: each donor area in turn was treated as if it had the "
                        "measure. Of %s areas (the target included%s), %s had a change after the "
                        "start as large or larger relative to its fit before (permutation p = "
                        "%s). %s"),
                      fmt_num(c->lang, (double)pl.n_units, 0),
                      pl.n_dropped ? L(c, "; givare med mycket sämre anpassning före uteslutna",
                                       "; donors with a much poorer fit before left out")
                                   : "",
                      fmt_num(c->lang, (double)pl.rank, 0), fmt_p(c->lang, pl.p_value),
                      pl.rank == 1 ? L(c, "Målområdets förändring var den största.",
                                       "The target's change was the largest.")
                                   : L(c, "Liknande förändringar förekommer utan insats.",
                                       "Similar changes occur without a measure."));
    if (fake_ok)
        doc_paragraph(c->incidents,
                      L(c, "Placebotest i tiden: med en påhittad start mitt i perioden före blev "
                           "kvoten %s (nära 1 är väntat).",
                        "Placebo in time: with a made-up start halfway through the period before, "
                        "the ratio was %s (close to 1 is expected)."),
                      fmt_num(c->lang, fake.post_ratio, 3));
    if (loo_n)
        doc_paragraph(c->incidents,
                      L(c, "Utan ett givarområde i taget (%s omräkningar) låg kvoten mellan %s och "
                           "%s.",
                        "Leaving out one donor at a time (%s refits) the ratio lay between %s and "
                        "%s."),
                      fmt_num(c->lang, (double)loo_n, 0), fmt_num(c->lang, loo_lo, 3),
                      fmt_num(c->lang, loo_hi, 3));
    /* charts: the fit, and the gaps with the placebo areas' range */
    double *x = xmalloc(n * sizeof(*x)), *syn = xmalloc(n * sizeof(*syn));
    for (size_t m = 0; m < n; m++) {
        x[m] = (double)target->day[m];
        syn[m] = y[m] - gap[m];
    }
    const char *unit = rate ? L(c, "Per 1 000 invånare och månad", "Per 1,000 residents a month")
                            : L(c, "Antal per månad", "Count per month");
    const char *fl[] = {L(c, "Målområdet", "Target area"),
                        L(c, "Syntetiskt jämförelseområde", "Synthetic comparison area")};
    const double *fy[] = {y, syn};
    add_chart(c, o, "synthetic", L(c, "Målområdet och det syntetiska jämförelseområdet",
                                   "The target and its synthetic comparison area"),
              unit, x, n, fl, fy, NULL, NULL, 2, false,
              L(c, "Målområdet och det syntetiska jämförelseområdet per månad.",
                "The target and the synthetic comparison area per month."),
              L(c, "Före starten visar hur väl det syntetiska området följer målområdet; efter "
                   "starten är skillnaden den skattade effekten.",
                "Before the start the chart shows how well the synthetic area follows the "
                "target; after the start the difference is the estimated effect."));
    if (placebo_ok) {
        double *lo = xmalloc(n * sizeof(*lo)), *hi = xmalloc(n * sizeof(*hi));
        double *zero = xcalloc(n, sizeof(*zero));
        for (size_t m = 0; m < n; m++) {
            lo[m] = INFINITY;
            hi[m] = -INFINITY;
            for (size_t k = 0; k < j; k++)
                if (!isnan(pl.ratio[k])) {
                    lo[m] = fmin(lo[m], pl.gap[k * n + m]);
                    hi[m] = fmax(hi[m], pl.gap[k * n + m]);
                }
            if (!isfinite(lo[m]))
                lo[m] = hi[m] = NAN;
        }
        const char *gl[] = {L(c, "Målområdet: observerat − syntetiskt", "Target: observed − synthetic"),
                            L(c, "Ingen skillnad, med placeboområdenas spann", "No gap, with the range of the placebo areas")};
        const double *gy[] = {gap, zero};
        add_chart(c, o, "synthetic-gap", L(c, "Skillnad mot det syntetiska området",
                                           "Gap to the synthetic area"),
                  unit, x, n, gl, gy, lo, hi, 2, true,
                  L(c, "Målområdets skillnad mot sitt syntetiska område, med spannet av "
                       "placeboområdenas skillnader.",
                    "The target's gap to its synthetic area, with the range of the placebo "
                    "areas' gaps."),
                  L(c, "Ligger målområdets linje efter starten utanför placeboområdenas spann är "
                       "förändringen ovanlig.",
                    "If the target's line lies outside the placebo areas' range after the start, "
                    "the change is unusual."));
        free(lo);
        free(hi);
        free(zero);
    }
    free(x);
    free(syn);
    eval_record_design(c, o->id, 3,
                       L(c, "syntetiskt jämförelseområde av givarområden, anpassning före visad",
                         "synthetic comparison area from donor areas, pre-period fit shown"));
    if (!strcmp(det, "police"))
        eval_record_police(c, o->id);
    synth_placebo_release(&pl);
    synth_workspace_release(&ws);
    free(y);
    free(Y);
    free(pre);
    free(w);
    free(gap);
out:
    for (size_t k = 0; k < j; k++) {
        free(d[k].name);
        free(d[k].value);
    }
    free(d);
    free(outcome);
}
