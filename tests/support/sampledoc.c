/*
 * sampledoc — see sampledoc.h.
 */
#include "sampledoc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/table.h"

static char *with(const char *text, const char *hostile)
{
    size_t n = strlen(text) + (hostile ? strlen(hostile) : 0) + 2;
    char *s = malloc(n);
    snprintf(s, n, "%s%s%s", text, hostile ? " " : "", hostile ? hostile : "");
    return s;
}

static void set(char **field, const char *text, const char *hostile)
{
    free(*field);
    *field = with(text, hostile);
}

static struct chart *bars(const char *h)
{
    char *title = with("Andel otrygga på kvällen", h);
    struct chart *c = chart_new(CHART_BARS_CI, "unsafe_night", title);
    free(title);
    char *cat1 = with("Centrum", h);
    const char *cats[] = {cat1, "Övriga"};
    chart_set_categories(c, cats, 2);
    free(cat1);
    double y1[] = {0.42, 0.30}, l1[] = {0.37, 0.27}, h1[] = {0.47, 0.33};
    double y2[] = {0.31, 0.29}, l2[] = {0.27, 0.26}, h2[] = {0.35, 0.32};
    chart_add_series(c, "2017", 2, NULL, y1, l1, h1, 0);
    chart_add_series(c, "2019", 2, NULL, y2, l2, h2, 0);
    c->percent = true;
    set(&c->alt, "Stapeldiagram", h);
    return c;
}

static struct chart *series(const char *h)
{
    struct chart *c = chart_new(CHART_TIMESERIES, "drug_its", "Narkotikabrott per månad");
    double x[36], y[36], f[36], cf[36], lo[36], hi[36];
    for (int i = 0; i < 36; i++) {
        x[i] = 17532 + 30.44 * i;
        f[i] = 20 - (i >= 18 ? 5 : 0);
        y[i] = f[i] + 3 * sin(i);
        cf[i] = i >= 18 ? 20 : NAN;
        lo[i] = cf[i] - 3;
        hi[i] = cf[i] + 3;
    }
    chart_add_series(c, "Observerat", 36, x, y, NULL, NULL, 0);
    chart_add_series(c, "Modell", 36, x, f, NULL, NULL, 1);
    chart_add_series(c, "Utan insats", 36, x, cf, lo, hi, 2);
    c->x_dates = true;
    c->has_marker = true;
    c->marker_x = 17532 + 30.44 * 18;
    c->marker_label = with("Start", h);
    return c;
}

static struct chart *stacked(const char *h)
{
    struct chart *c = chart_new(CHART_STACKED, "unsafe_dist", "Svarsfördelning");
    const char *cats[] = {"2017", "2019"};
    chart_set_categories(c, cats, 2);
    char *seg = with("Mycket trygg", h);
    const char *segs[] = {seg, "Ganska trygg", "Ganska otrygg", "Mycket otrygg"};
    double v[] = {0.2, 0.4, 0.3, 0.1, 0.25, 0.4, 0.25, 0.1};
    chart_set_segments(c, segs, 4, v, 2);
    free(seg);
    return c;
}

static struct chart *forest(const char *h)
{
    struct chart *c = chart_new(CHART_FOREST, "rr_forest", "Kvoter per brottstyp");
    char *cat = with("Bilbrand", h);
    const char *cats[] = {"Narkotikabrott", cat};
    chart_set_categories(c, cats, 2);
    free(cat);
    double y[] = {0.7, 0.9}, lo[] = {0.6, 0.6}, hi[] = {0.85, 1.3};
    chart_add_series(c, "Kvot", 2, NULL, y, lo, hi, 0);
    c->reference = 1;
    c->log_scale = true;
    return c;
}

static struct chart *trend(const char *h)
{
    struct chart *c = chart_new(CHART_TREND, "worry_trend", "Oro för brott");
    const char *cats[] = {"2016", "2017", "2018", "2019"};
    chart_set_categories(c, cats, 4);
    double y[] = {0.3, 0.33, 0.29, 0.27}, lo[4], hi[4];
    for (int i = 0; i < 4; i++) {
        lo[i] = y[i] - 0.03;
        hi[i] = y[i] + 0.03;
    }
    char *label = with("Centrum", h);
    chart_add_series(c, label, 4, NULL, y, lo, hi, 0);
    free(label);
    c->percent = true;
    return c;
}

struct doc *sample_doc(const char *lang, const char *h)
{
    char *title = with("Utvärdering av trygghetscoacher", h);
    char *subtitle = with("Österåkers kommun, 2017–2019", h);
    struct doc *d = doc_new(lang, title, subtitle);
    free(title);
    free(subtitle);
    char *text = with("Sammanfattning", h);
    doc_heading(d, 1, "summary", text);
    free(text);
    doc_paragraph(d, "Andelen otrygga minskade från 42 %% till 31 %%. %s", h ? h : "");
    doc_callout(d, TONE_GOOD, "Kriteriet uppfylldes. %s", h ? h : "");
    doc_callout(d, TONE_BAD, "Kriteriet uppfylldes inte. %s", h ? h : "");
    doc_callout(d, TONE_UNCERTAIN, "Osäkert resultat. %s", h ? h : "");
    doc_callout(d, TONE_INFO, "Polisens egna upptäckter räknas in. %s", h ? h : "");
    char **items = malloc(2 * sizeof(*items));
    items[0] = with("Fyra trygghetscoacher", h);
    items[1] = with("Nattvandring", h);
    doc_list(d, items, 2);

    text = with("Resultat", h);
    doc_heading(d, 1, "results", text);
    free(text);
    doc_heading(d, 2, "results-table", "Tabell");
    char *col = with("Område", h);
    const char *cols[] = {col, "Före", "Efter", "Bedömning"};
    bool numeric[] = {false, true, true, false};
    char *ttitle = with("Andel otrygga", h);
    struct table *t = table_new("unsafe", ttitle, 4, cols, numeric);
    free(ttitle);
    free(col);
    char *cell = with("Centrum", h);
    const char *r1[] = {cell, "42 %", "31 %", "Uppfyllt"};
    const char *r2[] = {"Övriga", "30 %", "29 %", "Osäkert"};
    const char *r3[] = {"Hela", "33 %", "34 %", "Inte uppfyllt"};
    table_add_row(t, r1);
    table_add_row(t, r2);
    table_add_row(t, r3);
    free(cell);
    unsigned char *tones = calloc(12, 1);
    tones[3] = TONE_GOOD;
    tones[7] = TONE_UNCERTAIN;
    tones[11] = TONE_BAD;
    char *note = with("Vägda andelar.", h);
    doc_table(d, t, tones, note);
    free(note);

    doc_heading(d, 2, "charts", "Diagram");
    char *cap = with("Figur 1.", h);
    doc_chart(d, bars(h), cap);
    doc_chart(d, series(h), cap);
    doc_chart(d, stacked(h), cap);
    doc_chart(d, forest(h), cap);
    doc_chart(d, trend(h), cap);
    free(cap);

    doc_heading(d, 1, "provenance", "Proveniens");
    char *v1 = with("sha256:abc", h);
    char *k2 = with("Databas", h);
    const char *keys[] = {"Indata", k2, "Version"};
    const char *values[] = {v1, "trygg.db", "0.1.0"};
    doc_keyvalue(d, keys, values, 3);
    free(v1);
    free(k2);
    return d;
}
