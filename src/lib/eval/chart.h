/*
 * chart — what a chart shows, as plain data; out/plot.c turns it into gnuplot input
 * (plots/<kind>.gp templates) and SVG/PNG files.
 *
 * Nothing here is gnuplot syntax: labels are plain UTF-8 text from data (area names,
 * question texts) and are quoted by the one writer that emits gnuplot strings.
 */
#ifndef TRYGG_EVAL_CHART_H
#define TRYGG_EVAL_CHART_H

#include <stdbool.h>
#include <stddef.h>

enum chart_kind {
    /* Estimates with confidence intervals per category, one bar/point per series
     * (e.g. before/after per area).  categories x series; lo/hi may be NaN. */
    CHART_BARS_CI,
    /* Counts over time: series of (x, y) with optional bands (lo, hi); x are
     * months or days as x_dates; a vertical marker at the intervention. */
    CHART_TIMESERIES,
    /* Response distribution per category (wave) as diverging stacked bars: values are
     * shares per segment (answer code), segments ordered from best to worst; the
     * segments before `diverging_center` go left of zero. */
    CHART_STACKED,
    /* Forest plot: one row per category (subgroup) with estimate and CI, a reference
     * line at `reference` (0 for differences, 1 for ratios). */
    CHART_FOREST,
    /* A trend line with CI band across ordered categories (waves). */
    CHART_TREND
};

struct chart_series {
    char *label;        /* legend text */
    size_t n;
    double *x;          /* n values (CHART_TIMESERIES, CHART_TREND); NULL otherwise */
    double *y, *lo, *hi; /* n values each; lo/hi may be NULL (no interval) */
    int style;          /* 0 observed, 1 fitted, 2 counterfactual, 3 comparison ... */
};

struct chart {
    enum chart_kind kind;
    char *name;         /* file stem, [a-z0-9_-] only, unique within an evaluation */
    char *title;
    char *xlabel, *ylabel;
    char *alt;          /* text alternative for the HTML report */
    char **categories;  /* BARS_CI, STACKED, FOREST, TREND: category labels */
    size_t n_categories;
    struct chart_series *series;
    size_t n_series;
    /* STACKED: n_categories x n_segments shares in [0, 1] */
    char **segments;
    size_t n_segments;
    double *values;
    size_t diverging_center;
    /* TIMESERIES: x as days since 1970-01-01, shown as dates */
    bool x_dates;
    bool has_marker;
    double marker_x;    /* the intervention date (days since 1970-01-01) */
    char *marker_label;
    /* TIMESERIES: the x axis spans x_from..x_to (days) rather than the series' own
     * points, so a panel lines up with the chart above it */
    bool has_xspan;
    double x_from, x_to;
    /* TIMESERIES: values may be negative (a cumulative effect): the y axis is not
     * pinned at zero but always includes it, and a line marks zero */
    bool zero_line;
    /* FOREST */
    double reference;
    bool log_scale;     /* ratios */
    /* Y range, if fixed (e.g. 0..1 for shares) */
    bool has_yrange;
    double ymin, ymax;
    bool percent;       /* y values are shares shown as percent */
};

/* Returns a new, empty chart (free with chart_free). */
struct chart *chart_new(enum chart_kind kind, const char *name, const char *title);
void chart_free(struct chart *c);
/* Adds a series of n points (arrays copied; x, lo, hi may be NULL). */
struct chart_series *chart_add_series(struct chart *c, const char *label, size_t n,
                                      const double *x, const double *y, const double *lo,
                                      const double *hi, int style);
void chart_set_categories(struct chart *c, const char *const *labels, size_t n);
void chart_set_segments(struct chart *c, const char *const *labels, size_t n,
                        const double *values /* n_categories x n */, size_t center);

#endif
