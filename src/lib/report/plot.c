/*
 * plot — see plot.h.
 */
#include "report/plot.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report/atomicfile.h"
#include "report/svg.h"
#include "util/date.h"
#include "util/io.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#ifndef TRYGG_DATADIR
#define TRYGG_DATADIR "/usr/local/share/trygg"
#endif

/* Canvas sizes: SVG in CSS pixels (it scales with the page); PNG at twice that, for
 * print and high-density screens.  report.html sets a chart at the width of the text,
 * 180 mm on A4, so a font of f px prints at f * 180 / SVG_WIDTH mm: at 640 px the
 * smallest text the templates write (11 px) prints at 8.8 pt and the body (12 px) at
 * 9.6 pt (at 800 px they printed at 7 and 7.7 pt). */
#define SVG_WIDTH 640
#define PNG_SCALE 2

const char *plot_template_name(enum chart_kind kind)
{
    switch (kind) {
    case CHART_BARS_CI:
        return "bars_ci.gp";
    case CHART_TIMESERIES:
        return "timeseries.gp";
    case CHART_STACKED:
        return "stacked.gp";
    case CHART_FOREST:
        return "forest.gp";
    case CHART_TREND:
        return "trend.gp";
    }
    BUG("unknown chart kind %d", (int)kind);
}

static const char *kind_word(enum chart_kind kind)
{
    switch (kind) {
    case CHART_BARS_CI:
        return "bars_ci";
    case CHART_TIMESERIES:
        return "timeseries";
    case CHART_STACKED:
        return "stacked";
    case CHART_FOREST:
        return "forest";
    case CHART_TREND:
        return "trend";
    }
    BUG("unknown chart kind %d", (int)kind);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A candidate directory if it holds the template; returns a new absolute path. */
static char *try_dir(const char *dir, enum chart_kind kind)
{
    if (!dir || !*dir)
        return NULL;
    struct strbuf path = STRBUF_INIT;
    strbuf_addf(&path, "%s/%s", dir, plot_template_name(kind));
    char *abs = NULL;
    if (is_file(path.buf))
        abs = realpath(dir, NULL);
    strbuf_release(&path);
    return abs;
}

/* PREFIX/share/trygg/plots for the PREFIX/bin the running binary is in: an install
 * under another PREFIX than the one the binary was compiled for still finds its
 * templates. */
static char *try_beside_binary(enum chart_kind kind)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0 || (size_t)n >= sizeof(exe) - 32)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0'; /* PREFIX/bin */
    slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    strcpy(slash, "/share/trygg/plots");
    return try_dir(exe, kind);
}

char *plot_find_templates(const char *plots_dir, enum chart_kind kind, struct diag_list *dl)
{
    char *found;
    if (plots_dir) {
        found = try_dir(plots_dir, kind);
        if (!found)
            diag_error(dl, plots_dir, 0, 0, "no chart template '%s' in this directory",
                       plot_template_name(kind));
        return found;
    }
    const char *env = getenv("TRYGG_PLOTS");
    if (env && *env) {
        found = try_dir(env, kind);
        if (!found)
            diag_error(dl, env, 0, 0, "no chart template '%s' in $TRYGG_PLOTS",
                       plot_template_name(kind));
        return found;
    }
    if ((found = try_dir("plots", kind)) || (found = try_dir(TRYGG_DATADIR "/plots", kind)) ||
        (found = try_beside_binary(kind)))
        return found;
    diag_error(dl, NULL, 0, 0,
               "no chart template '%s' in ./plots or " TRYGG_DATADIR "/plots "
               "(set TRYGG_PLOTS to the directory that holds the templates)",
               plot_template_name(kind));
    return NULL;
}

/* ------------------------------------------------------------ checks */

static bool good_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

int plot_check(const struct chart *c, struct diag_list *dl)
{
    if (!good_name(c->name)) {
        struct strbuf q = STRBUF_INIT;
        diag_quote(&q, c->name ? c->name : "", c->name ? strlen(c->name) : 0, 80);
        diag_error(dl, NULL, 0, 0, "chart name %s is not 1 to 64 of [a-z0-9_-]", q.buf);
        strbuf_release(&q);
        return -1;
    }
    const char *bad = NULL;
    switch (c->kind) {
    case CHART_BARS_CI:
    case CHART_FOREST:
        if (!c->n_categories || !c->n_series)
            bad = "has no categories or no series";
        for (size_t s = 0; !bad && s < c->n_series; s++)
            if (c->series[s].n != c->n_categories)
                bad = "has a series whose length differs from the number of categories";
        break;
    case CHART_TREND:
        if (!c->n_series)
            bad = "has no series";
        for (size_t s = 0; !bad && s < c->n_series; s++)
            if (c->n_categories && c->series[s].n != c->n_categories)
                bad = "has a series whose length differs from the number of categories";
        break;
    case CHART_TIMESERIES:
        if (!c->n_series)
            bad = "has no series";
        for (size_t s = 0; !bad && s < c->n_series; s++)
            if (c->series[s].n && !c->series[s].x)
                bad = "has a series without x values";
        break;
    case CHART_STACKED:
        if (!c->n_categories || !c->n_segments || !c->values)
            bad = "has no categories, segments or values";
        else if (c->diverging_center > c->n_segments)
            bad = "has its diverging centre beyond the last segment";
        break;
    }
    for (size_t s = 0; !bad && s < c->n_series; s++)
        if (c->series[s].n && !c->series[s].y)
            bad = "has a series without y values";
    if (bad) {
        diag_error(dl, NULL, 0, 0, "chart '%s' %s", c->name, bad);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ script and data */

/* Sets var to the text value broken into lines of at most wrap characters (0: one
 * line); returns the number of lines. */
static size_t set_str(struct strbuf *sb, const char *var, const char *value, size_t wrap)
{
    strbuf_addf(sb, "%s = ", var);
    size_t lines = gp_quote_wrapped(sb, value, GP_QUOTE_PLAIN, wrap);
    strbuf_addch(sb, '\n');
    return lines;
}

static void set_path(struct strbuf *sb, const char *var, const char *path)
{
    /* Paths are ours, checked for control bytes by the caller: no length cap. */
    strbuf_addf(sb, "%s = ", var);
    gp_quote(sb, path, GP_QUOTE_PATH);
    strbuf_addch(sb, '\n');
}

static void set_num(struct strbuf *sb, const char *var, double x)
{
    strbuf_addf(sb, "%s = ", var);
    gp_number(sb, x);
    strbuf_addch(sb, '\n');
}

/* Returns the most lines an item was wrapped into. */
static size_t set_str_array(struct strbuf *sb, const char *var, char *const *items, size_t n,
                            unsigned flags, size_t wrap)
{
    size_t most = 1;
    /* gnuplot has no empty arrays: size at least 1 (the count variable says how many). */
    strbuf_addf(sb, "array %s[%zu]\n", var, n ? n : 1);
    if (!n)
        strbuf_addf(sb, "%s[1] = ''\n", var);
    for (size_t i = 0; i < n; i++) {
        strbuf_addf(sb, "%s[%zu] = ", var, i + 1);
        size_t lines = gp_quote_wrapped(sb, items[i], flags, wrap);
        if (lines > most)
            most = lines;
        strbuf_addch(sb, '\n');
    }
    return most;
}

/* Long labels are broken into lines: titles at this many characters, */
#define TITLE_WRAP 60
/* legend entries at this many, */
#define KEY_WRAP 30

/* category labels so they fit their slot: under bars about 58 characters share the
 * width; beside horizontal bars a column of 22. */
static size_t category_wrap(const struct chart *c)
{
    if (c->kind == CHART_STACKED || c->kind == CHART_FOREST)
        return 22;
    size_t n = c->n_categories ? c->n_categories : 1;
    size_t w = 58 / n; /* a label takes about 1.3 times its share at 12 px */
    return w < 8 ? 8 : w > 32 ? 32 : w;
}

static double days_to_seconds(const struct chart *c, double x)
{
    return c->x_dates ? x * 86400.0 : x;
}

/* Charts with at least this many series draw one small panel per series (trend.gp):
 * one band per line stays readable, and no colour has to be reused.  Four bands in
 * one plot (four age groups) already overlap into one grey area. */
#define SMALL_MULTIPLES_FROM 4

/* Panels per row: two for four (a square), else three. */
static int panel_columns(const struct chart *c)
{
    return c->n_series == 4 ? 2 : 3;
}

static int canvas_height(const struct chart *c)
{
    size_t rows = c->n_categories;
    if (c->kind == CHART_TREND && c->n_series >= SMALL_MULTIPLES_FROM) {
        size_t cols = (size_t)panel_columns(c);
        size_t panel_rows = (c->n_series + cols - 1) / cols;
        return (int)(panel_rows * 210 + 100);
    }
    switch (c->kind) {
    case CHART_STACKED:
        return rows * 44 + 150 < 300 ? 300 : (int)(rows * 44 + 150);
    case CHART_FOREST:
        return rows * 34 + 150 < 300 ? 300 : (int)(rows * 34 + 150);
    default:
        /* a cumulative-effect panel sits under a full chart: lower */
        return c->kind == CHART_TIMESERIES && c->zero_line ? 300 : 400;
    }
}

static void terminal(struct strbuf *sb, bool png, int width, int height)
{
    if (png)
        strbuf_addf(sb, "set terminal pngcairo size %d,%d noenhanced font 'sans-serif,11' "
                        "fontscale %d linewidth %d background '#ffffff'\n",
                    width * PNG_SCALE, height * PNG_SCALE, PNG_SCALE, PNG_SCALE);
    else
        strbuf_addf(sb, "set terminal svg size %d,%d dynamic noenhanced "
                        "font 'sans-serif,12' background '#ffffff'\n",
                    width, height);
}

/* ------------------------------------------------------------ date axis */

static const char *const months_sv[] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                        "jul", "aug", "sep", "okt", "nov", "dec"};
static const char *const months_en[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* First and last x (days) of all series; false when there is none. */
static bool x_span(const struct chart *c, double *lo, double *hi)
{
    bool any = false;
    for (size_t s = 0; s < c->n_series; s++)
        for (size_t i = 0; c->series[s].x && i < c->series[s].n; i++) {
            double x = c->series[s].x[i];
            if (!isfinite(x))
                continue;
            if (!any || x < *lo)
                *lo = x;
            if (!any || x > *hi)
                *hi = x;
            any = true;
        }
    return any;
}

/*
 * The tics of a date axis, computed here rather than by gnuplot so that they fall on
 * the first of a month, never overlap and are named in the report's language (gnuplot
 * would need the system's sv_SE locale): more than four years get a labelled tic per
 * year and a small one per quarter; one to four years a labelled tic per year and a
 * month name per quarter; less a month name per month (or every second month).  The
 * range runs from half a month before the first point to half a month after the
 * last, so the axis does not start before the data.
 */
static void date_axis(const struct chart *c, bool sv, struct strbuf *sb)
{
    double lo = 0, hi = 0;
    bool span = c->has_xspan && isfinite(c->x_from) && isfinite(c->x_to) && c->x_from <= c->x_to;
    if (span) {
        lo = c->x_from;
        hi = c->x_to;
    }
    if (c->kind != CHART_TIMESERIES || !c->x_dates || !(span || x_span(c, &lo, &hi))) {
        strbuf_addstr(sb, "trygg_has_xrange = 0\ntrygg_xmin = NaN\ntrygg_xmax = NaN\n"
                          "trygg_nxtic = 0\narray trygg_xtic_pos[1]\narray trygg_xtic_label[1]\n"
                          "array trygg_xtic_minor[1]\ntrygg_xtic_pos[1] = 0\n"
                          "trygg_xtic_label[1] = ''\ntrygg_xtic_minor[1] = 0\n");
        return;
    }
    double from = lo - 15, to = hi + 15;
    double years = (to - from) / 365.25;
    int step_months, label_every; /* tic every step months; labels every label_every */
    if (years > 4) {
        step_months = 3;
        label_every = 12;
    } else if (years > 1.2) {
        step_months = 3;
        label_every = 3;
    } else if (years > 0.6) {
        step_months = 1;
        label_every = 2;
    } else {
        step_months = 1;
        label_every = 1;
    }
    const char *const *names = sv ? months_sv : months_en;
    struct date d = date_from_days((long)floor(from));
    d.day = 1;
    struct strbuf pos = STRBUF_INIT, lab = STRBUF_INIT, minor = STRBUF_INIT;
    size_t n = 0;
    for (int guard = 0; guard < 2400; guard++) {
        long day = date_to_days(d);
        if (day > to)
            break;
        int m0 = d.month - 1;
        if (day >= from && m0 % step_months == 0) {
            bool labelled = m0 % label_every == 0;
            n++;
            strbuf_addf(&pos, "trygg_xtic_pos[%zu] = ", n);
            gp_number(&pos, (double)day * 86400.0);
            strbuf_addch(&pos, '\n');
            char text[32] = "";
            if (labelled) {
                if (label_every == 12 || (label_every == 3 && d.month == 1))
                    snprintf(text, sizeof(text), "%d", d.year);
                else if (d.month == 1)
                    snprintf(text, sizeof(text), "%s %d", names[m0], d.year);
                else
                    snprintf(text, sizeof(text), "%s", names[m0]);
            }
            strbuf_addf(&lab, "trygg_xtic_label[%zu] = ", n);
            gp_quote(&lab, text, GP_QUOTE_FORMAT);
            strbuf_addch(&lab, '\n');
            strbuf_addf(&minor, "trygg_xtic_minor[%zu] = %d\n", n, !labelled);
        }
        if (++d.month > 12) {
            d.month = 1;
            d.year++;
        }
    }
    strbuf_addstr(sb, "trygg_has_xrange = 1\ntrygg_xmin = ");
    gp_number(sb, from * 86400.0);
    strbuf_addstr(sb, "\ntrygg_xmax = ");
    gp_number(sb, to * 86400.0);
    strbuf_addf(sb, "\ntrygg_nxtic = %zu\narray trygg_xtic_pos[%zu]\narray trygg_xtic_label[%zu]\n"
                    "array trygg_xtic_minor[%zu]\n",
                n, n ? n : 1, n ? n : 1, n ? n : 1);
    strbuf_add(sb, pos.buf, pos.len);
    strbuf_add(sb, lab.buf, lab.len);
    strbuf_add(sb, minor.buf, minor.len);
    strbuf_release(&pos);
    strbuf_release(&lab);
    strbuf_release(&minor);
}

/* The largest upper limit (or value) of all series, for panels that share a y axis. */
static double y_top(const struct chart *c)
{
    double top = 0;
    for (size_t s = 0; s < c->n_series; s++)
        for (size_t i = 0; i < c->series[s].n; i++) {
            double v = c->series[s].hi && isfinite(c->series[s].hi[i]) ? c->series[s].hi[i]
                                                                       : c->series[s].y[i];
            if (isfinite(v) && v > top)
                top = v;
        }
    return top;
}

void plot_script(const struct chart *c, const char *template_dir, const char *template_path,
                 const char *data_path, const char *svg_path, const char *png_path,
                 const char *lang, struct strbuf *sb)
{
    bool sv = lang && !strcmp(lang, "sv");
    strbuf_addstr(sb, "# Generated by trygg for one chart: variables, then the template.\n"
                      "# Every text below is a single-quoted literal (gnuplot expands\n"
                      "# nothing inside one); the data file holds numbers only.\n"
                      "set encoding utf8\n");
    strbuf_addf(sb, "trygg_kind = '%s'\n", kind_word(c->kind));
    set_path(sb, "trygg_dir", template_dir);
    set_path(sb, "trygg_data", data_path);
    /* small multiples leave room above their panels for the title's lines */
    strbuf_addf(sb, "trygg_title_lines = %zu\n", set_str(sb, "trygg_title", c->title, TITLE_WRAP));
    set_str(sb, "trygg_xlabel", c->xlabel, 0);
    set_str(sb, "trygg_ylabel", c->ylabel, 0);
    strbuf_addf(sb, "trygg_percent = %d\n", c->percent || c->kind == CHART_STACKED);
    strbuf_addf(sb, "trygg_has_yrange = %d\n", c->has_yrange);
    set_num(sb, "trygg_ymin", c->has_yrange ? c->ymin : NAN);
    set_num(sb, "trygg_ymax", c->has_yrange ? c->ymax : NAN);
    strbuf_addf(sb, "trygg_x_dates = %d\n", c->x_dates);
    strbuf_addf(sb, "trygg_has_marker = %d\n", c->has_marker);
    strbuf_addf(sb, "trygg_zero_line = %d\n", c->kind == CHART_TIMESERIES && c->zero_line);
    set_num(sb, "trygg_marker_x", c->has_marker ? days_to_seconds(c, c->marker_x) : NAN);
    set_str(sb, "trygg_marker_label", c->marker_label, 0);
    set_num(sb, "trygg_reference", c->reference);
    strbuf_addf(sb, "trygg_log_scale = %d\n", c->log_scale);
    /* Swedish charts write 0,5 (gnuplot's decimalsign applies to tic labels and to
     * gprintf, which the templates use for printed values). */
    strbuf_addf(sb, "trygg_decimal_comma = %d\n", sv);
    date_axis(c, sv, sb);
    strbuf_addf(sb, "trygg_small_multiples = %d\ntrygg_panel_columns = %d\n",
                c->kind == CHART_TREND && c->n_series >= SMALL_MULTIPLES_FROM, panel_columns(c));
    set_num(sb, "trygg_panel_ymax", y_top(c));

    strbuf_addf(sb, "trygg_ncat = %zu\n", c->n_categories);
    size_t wrap = category_wrap(c);
    set_str_array(sb, "trygg_cat", c->categories, c->n_categories, GP_QUOTE_PLAIN, wrap);
    size_t lines = set_str_array(sb, "trygg_cat_tic", c->categories, c->n_categories,
                                 GP_QUOTE_FORMAT, wrap);
    strbuf_addf(sb, "trygg_cat_lines = %zu\n", lines);

    strbuf_addf(sb, "trygg_nseries = %zu\n", c->n_series);
    char **labels = xcalloc(c->n_series + 1, sizeof(*labels));
    for (size_t s = 0; s < c->n_series; s++)
        labels[s] = c->series[s].label;
    /* A time series' legend sits below the plot in columns: one line per entry, since
     * gnuplot lays out a horizontal key by entries, not lines, and a wrapped entry
     * would run into the next row. */
    set_str_array(sb, "trygg_series_label", labels, c->n_series, GP_QUOTE_PLAIN,
                  c->kind == CHART_TIMESERIES ? 0 : KEY_WRAP);
    free(labels);
    size_t ns = c->n_series ? c->n_series : 1;
    strbuf_addf(sb, "array trygg_series_style[%zu]\narray trygg_series_band[%zu]\n", ns, ns);
    for (size_t s = 0; s < ns; s++) {
        const struct chart_series *se = s < c->n_series ? &c->series[s] : NULL;
        strbuf_addf(sb, "trygg_series_style[%zu] = %d\ntrygg_series_band[%zu] = %d\n", s + 1,
                    se ? se->style : 0, s + 1, se && se->lo && se->hi);
    }

    strbuf_addstr(sb, "trygg_band_list = '");
    for (size_t s = 0, k = 0; s < c->n_series; s++)
        if (c->series[s].lo && c->series[s].hi)
            strbuf_addf(sb, "%s%zu", k++ ? " " : "", s + 1);
    strbuf_addstr(sb, "'\n");

    strbuf_addf(sb, "trygg_nseg = %zu\ntrygg_center = %zu\n", c->n_segments,
                c->diverging_center);
    set_str_array(sb, "trygg_seg_label", c->segments, c->n_segments, GP_QUOTE_PLAIN, KEY_WRAP);

    int height = canvas_height(c);
    strbuf_addf(sb, "trygg_width = %d\ntrygg_height = %d\n", SVG_WIDTH, height);
    for (int png = 0; png <= (png_path != NULL); png++) {
        strbuf_addf(sb, "\ntrygg_output = '%s'\n", png ? "png" : "svg");
        terminal(sb, png, SVG_WIDTH, height);
        set_path(sb, "trygg_out", png ? png_path : svg_path);
        /* nofpe_trap: gnuplot otherwise installs and removes a SIGFPE handler (and
         * saves the signal mask) around every `using` expression of every point, two
         * to three system calls each, ~15 % of drawing a chart.  The data are trygg's
         * own numbers, read as floating point, whose exceptions are masked. */
        strbuf_addstr(sb, "set output trygg_out\nreset\nset datafile nofpe_trap\n");
        set_path(sb, "trygg_template", template_path);
        strbuf_addstr(sb, "load trygg_template\nunset output\n");
    }
}

static void data_row(struct strbuf *sb, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(sb, ' ');
        gp_number(sb, v[i]);
    }
    strbuf_addch(sb, '\n');
}

static double at(const double *a, size_t i)
{
    return a ? a[i] : NAN;
}

void plot_data(const struct chart *c, struct strbuf *sb)
{
    if (c->kind == CHART_STACKED) {
        size_t nseg = c->n_segments, center = c->diverging_center;
        for (size_t j = 0; j < nseg; j++) {
            if (j)
                strbuf_addstr(sb, "\n\n");
            for (size_t i = 0; i < c->n_categories; i++) {
                const double *row = c->values + i * nseg;
                double left = 0, x0 = 0;
                for (size_t k = 0; k < center; k++)
                    left += isfinite(row[k]) ? row[k] : 0;
                x0 = -left;
                for (size_t k = 0; k < j; k++)
                    x0 += isfinite(row[k]) ? row[k] : 0;
                double share = isfinite(row[j]) ? row[j] : 0;
                double v[4] = {(double)i, x0, x0 + share, isfinite(row[j]) ? row[j] : NAN};
                data_row(sb, v, 4);
            }
        }
        return;
    }
    for (size_t s = 0; s < c->n_series; s++) {
        const struct chart_series *se = &c->series[s];
        if (s)
            strbuf_addstr(sb, "\n\n");
        if (!se->n) {
            strbuf_addstr(sb, "NaN NaN NaN NaN\n"); /* an index block must not be empty */
            continue;
        }
        for (size_t i = 0; i < se->n; i++) {
            double x;
            if (c->kind == CHART_TIMESERIES)
                x = days_to_seconds(c, se->x[i]);
            else if (c->kind == CHART_TREND && !c->n_categories && se->x)
                x = se->x[i];
            else
                x = (double)i;
            double v[4] = {x, se->y[i], at(se->lo, i), at(se->hi, i)};
            data_row(sb, v, 4);
        }
    }
}

/* ------------------------------------------------------------ running */

/* A path gnuplot could not be given verbatim: control bytes or invalid UTF-8. */
static bool has_control(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return true;
    return !utf8_valid(s, strlen(s), NULL);
}

static int write_plain(const char *path, const struct strbuf *sb, struct diag_list *dl)
{
    FILE *fp = fopen(path, "wb");
    bool ok = fp && fwrite(sb->buf, 1, sb->len, fp) == sb->len;
    int err = errno;
    /* closed whether the write worked or not; a close interrupted by a signal is not
     * a failure (util/io.h) */
    if (fp && io_fclose(fp) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        diag_error(dl, path, 0, 0, "cannot write: %s", strerror(err));
        return -1;
    }
    return 0;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
        strbuf_add(&sb, buf, n);
    bool bad = ferror(fp);
    fclose(fp);
    if (bad) {
        strbuf_release(&sb);
        return NULL;
    }
    *len = sb.len;
    return strbuf_detach(&sb);
}

/* The private working directory of one chart: inside the charts directory (not the
 * shared $TMPDIR, where a killed run's chart data would stay for every user to see),
 * mode 0700, removed when the chart is done and, if a run was killed, by the next run
 * (clean_stale_dirs). */
#define PRIVATE_PREFIX ".trygg-plot-"

static char *make_private_dir(const char *charts_dir, struct diag_list *dl)
{
    struct strbuf path = STRBUF_INIT;
    strbuf_addf(&path, "%s/" PRIVATE_PREFIX "XXXXXX", charts_dir);
    if (!mkdtemp(path.buf)) {
        diag_error(dl, path.buf, 0, 0, "cannot create a temporary directory: %s",
                   strerror(errno));
        strbuf_release(&path);
        return NULL;
    }
    return strbuf_detach(&path);
}

/* Removes the private directory and the files trygg wrote into it (the directory is
 * trygg's own, made by mkdtemp, so everything in it is ours). */
static void remove_private_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct strbuf p = STRBUF_INIT;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            strbuf_reset(&p);
            strbuf_addf(&p, "%s/%s", dir, e->d_name);
            unlink(p.buf);
        }
        strbuf_release(&p);
        closedir(d);
    }
    rmdir(dir);
}

/* One chart's files in the private directory, chart<i>.{dat,gp,svg,png}: the script is
 * complete on its own (variables, template, its outputs), so it can run in the shared
 * gnuplot process or alone.  A batch gives gnuplot the script's text through its pipe
 * (one file fewer to create and remove per chart: creating files is a fair part of a
 * run's kernel time); the file is written only when the chart is drawn alone.  png is
 * NULL when no PNG is drawn. */
struct prepared_chart {
    const struct chart *c;
    char *script, *svg, *png;
    struct strbuf text;  /* the script */
    bool script_written; /* the file `script` holds it */
    bool written;        /* the data file is written, the script made */
};

static void prepared_release(struct prepared_chart *p)
{
    free(p->script);
    free(p->svg);
    free(p->png);
    strbuf_release(&p->text);
}

/* Writes the script's file, if not yet written; 0 or -1 (said in dl). */
static int write_script(struct prepared_chart *p, struct diag_list *dl)
{
    if (!p->script_written)
        p->script_written = write_plain(p->script, &p->text, dl) == 0;
    return p->script_written ? 0 : -1;
}

static int prepare_chart(const struct chart *c, const char *priv, size_t i,
                         const struct plot_options *opt, struct prepared_chart *p,
                         struct diag_list *dl)
{
    memset(p, 0, sizeof(*p));
    p->c = c;
    strbuf_init(&p->text);
    if (plot_check(c, dl) != 0)
        return -1;
    char *tdir = plot_find_templates(opt ? opt->plots_dir : NULL, c->kind, dl);
    if (!tdir)
        return -1;
    if (has_control(tdir)) {
        diag_error(dl, NULL, 0, 0, "the template directory name holds control characters");
        free(tdir);
        return -1;
    }
    struct strbuf tpl = STRBUF_INIT, data = STRBUF_INIT, p_data = STRBUF_INIT,
                  path = STRBUF_INIT;
    strbuf_addf(&tpl, "%s/%s", tdir, plot_template_name(c->kind));
    strbuf_addf(&p_data, "%s/chart%zu.dat", priv, i);
    strbuf_addf(&path, "%s/chart%zu.gp", priv, i);
    p->script = strbuf_detach(&path);
    strbuf_addf(&path, "%s/chart%zu.svg", priv, i);
    p->svg = strbuf_detach(&path);
    if (opt && opt->png) {
        strbuf_addf(&path, "%s/chart%zu.png", priv, i);
        p->png = strbuf_detach(&path);
    }
    plot_data(c, &data);
    plot_script(c, tdir, tpl.buf, p_data.buf, p->svg, p->png, opt ? opt->lang : NULL, &p->text);
    p->written = write_plain(p_data.buf, &data, dl) == 0;
    free(tdir);
    strbuf_release(&tpl);
    strbuf_release(&data);
    strbuf_release(&p_data);
    return p->written ? 0 : -1;
}

/* Removes the private directories a killed run left in the charts directory.  Only
 * those untouched for longer than any chart may take (gnuplot's time limit, twice), so
 * a run writing into the same folder at the same moment keeps its own. */
static void clean_stale_dirs(const char *charts_dir, const struct plot_options *opt)
{
    DIR *dir = opendir(charts_dir);
    if (!dir)
        return;
    long limit_ms = opt && opt->gnuplot.timeout_ms > 0 ? opt->gnuplot.timeout_ms
                                                        : GP_TIMEOUT_MS_DEFAULT;
    time_t cutoff = time(NULL) - 2 * (limit_ms / 1000 + 1);
    struct dirent *e;
    struct strbuf p = STRBUF_INIT;
    while ((e = readdir(dir)) != NULL) {
        if (strncmp(e->d_name, PRIVATE_PREFIX, strlen(PRIVATE_PREFIX)) != 0)
            continue;
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", charts_dir, e->d_name);
        struct stat sb;
        if (lstat(p.buf, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_mtime < cutoff)
            remove_private_dir(p.buf);
    }
    strbuf_release(&p);
    closedir(dir);
}

/* A PNG is complete when it starts with the signature and ends with the IEND chunk. */
static bool png_complete(const char *data, size_t len)
{
    static const char png_end[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', '\xae', '\x42', '\x60',
                                     '\x82'};
    return data && len >= 8 + sizeof(png_end) && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0 &&
           memcmp(data + len - sizeof(png_end), png_end, sizeof(png_end)) == 0;
}

/* One chart's outputs on their way into place: read from gnuplot's files, the SVG
 * cleaned, both written under temporary names in the charts folder (stage_outputs),
 * then flushed and renamed (commit_staged). */
struct staged {
    struct atomicfile svg, png;
    char *dst_svg, *dst_png;
    bool has_png;
};

static void staged_release(struct staged *st)
{
    atomicfile_release(&st->svg);
    atomicfile_release(&st->png);
    free(st->dst_svg);
    free(st->dst_png);
    st->dst_svg = st->dst_png = NULL;
}

/* Reads gnuplot's outputs, cleans the SVG and writes both under temporary names.  0,
 * or -1 with nothing left behind. */
static int stage_outputs(const struct prepared_chart *p, const char *charts_dir,
                         struct staged *st, struct diag_list *dl)
{
    const struct chart *c = p->c;
    struct strbuf dst_svg = STRBUF_INIT, dst_png = STRBUF_INIT;
    struct strbuf clean = STRBUF_INIT;
    char *svg_data = NULL, *png_data = NULL;
    size_t svg_len = 0, png_len = 0;
    int rc = -1;
    st->svg = (struct atomicfile)ATOMICFILE_INIT;
    st->png = (struct atomicfile)ATOMICFILE_INIT;
    st->dst_svg = st->dst_png = NULL;
    st->has_png = p->png != NULL;

    svg_data = read_all(p->svg, &svg_len);
    if (p->png)
        png_data = read_all(p->png, &png_len);
    if (!svg_data || !svg_len || (p->png && !png_complete(png_data, png_len))) {
        diag_error(dl, NULL, 0, 0, "gnuplot wrote no complete %s for chart '%s' "
                   "(is the template '%s' broken?)", p->png ? "SVG and PNG" : "SVG", c->name,
                   plot_template_name(c->kind));
        goto out;
    }
    const char *why = NULL;
    struct svg_clean_options so = {NULL, c->alt && *c->alt ? c->alt : c->title, true};
    if (svg_clean(svg_data, svg_len, &so, &clean, &why) != 0) {
        diag_error(dl, NULL, 0, 0, "gnuplot's SVG for chart '%s' cannot be read: %s", c->name,
                   why);
        goto out;
    }
    strbuf_addf(&dst_svg, "%s/%s.svg", charts_dir, c->name);
    strbuf_addf(&dst_png, "%s/%s.png", charts_dir, c->name);
    if (atomicfile_open(&st->svg, dst_svg.buf, dl) ||
        (p->png && atomicfile_open(&st->png, dst_png.buf, dl)) ||
        atomicfile_write(&st->svg, clean.buf, clean.len, dl) ||
        (p->png && atomicfile_write(&st->png, png_data, png_len, dl)))
        goto out;
    st->dst_svg = strbuf_detach(&dst_svg);
    st->dst_png = strbuf_detach(&dst_png);
    rc = 0;
out:
    if (rc != 0) {
        atomicfile_release(&st->svg);
        atomicfile_release(&st->png);
    }
    free(svg_data);
    free(png_data);
    strbuf_release(&dst_svg);
    strbuf_release(&dst_png);
    strbuf_release(&clean);
    return rc;
}

/* Flushes and renames a staged chart into place (both files or neither).  Without a
 * PNG, a <name>.png an earlier run left is removed: it would show that run's numbers
 * beside this run's SVG.  batch: the folder is flushed once by the caller. */
static int commit_staged(struct staged *st, bool batch, struct diag_list *dl)
{
    if (batch ? atomicfile_commit_batch(&st->svg, dl) : atomicfile_commit(&st->svg, dl))
        return -1;
    if (!st->has_png) {
        struct stat sb;
        if (lstat(st->dst_png, &sb) == 0 && S_ISREG(sb.st_mode))
            unlink(st->dst_png);
    } else if (batch ? atomicfile_commit_batch(&st->png, dl) : atomicfile_commit(&st->png, dl)) {
        unlink(st->dst_svg); /* both or neither */
        return -1;
    }
    return 0;
}

/* Reads gnuplot's outputs, cleans the SVG and puts the files in place (both or
 * neither; see commit_staged). */
static int install_outputs(const struct prepared_chart *p, const char *charts_dir,
                           struct diag_list *dl)
{
    struct staged st;
    int rc = stage_outputs(p, charts_dir, &st, dl) == 0 && commit_staged(&st, false, dl) == 0
                 ? 0
                 : -1;
    staged_release(&st);
    return rc;
}

/* Runs one prepared chart in a gnuplot of its own and installs its outputs. */
static enum plot_status run_alone(struct prepared_chart *p, const char *charts_dir,
                                  const struct plot_options *opt, struct diag_list *dl)
{
    if (write_script(p, dl) != 0)
        return PLOT_FAILED;
    struct strbuf what = STRBUF_INIT;
    strbuf_addf(&what, "chart '%s'", p->c->name);
    enum gp_status gs = gp_run(p->script, what.buf, opt ? &opt->gnuplot : NULL, dl);
    strbuf_release(&what);
    if (gs == GP_NOT_INSTALLED)
        return PLOT_NO_GNUPLOT;
    return gs == GP_OK && install_outputs(p, charts_dir, dl) == 0 ? PLOT_OK : PLOT_FAILED;
}

static int check_charts_dir(const char *charts_dir, struct diag_list *dl)
{
    if (has_control(charts_dir)) {
        diag_error(dl, NULL, 0, 0, "the charts directory name holds control characters");
        return -1;
    }
    if (mkdir(charts_dir, 0777) != 0 && errno != EEXIST) {
        diag_error(dl, charts_dir, 0, 0, "cannot create the charts directory: %s",
                   strerror(errno));
        return -1;
    }
    return 0;
}

enum plot_status plot_render(const struct chart *c, const char *charts_dir,
                             const struct plot_options *opt, struct diag_list *dl)
{
    if (plot_check(c, dl) != 0 || check_charts_dir(charts_dir, dl) != 0)
        return PLOT_FAILED;
    char *priv = make_private_dir(charts_dir, dl);
    if (!priv)
        return PLOT_FAILED;
    struct prepared_chart p;
    enum plot_status st = PLOT_FAILED;
    if (prepare_chart(c, priv, 0, opt, &p, dl) == 0)
        st = run_alone(&p, charts_dir, opt, dl);
    prepared_release(&p);
    remove_private_dir(priv);
    free(priv);
    return st;
}

/* ------------------------------------------------------------ many charts at once */

/* How many gnuplot processes draw a report's charts at once: one per online core, at
 * most four (each is one process and its own temporary files). */
static size_t core_count(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > 4 ? 4 : (size_t)cores;
}

struct plot_pool {
    size_t n;                      /* processes: one per core, at most four */
    size_t started;                /* of them started so far */
    struct gp_proc *procs;
    struct gp_run_options gnuplot; /* program (borrowed) and time limit */
    bool not_installed;            /* the first spawn found no gnuplot */
};

/* Starts the pool's processes up to `upto` of them. */
static void pool_start_upto(struct plot_pool *pool, size_t upto)
{
    struct diag_list quiet; /* a failure is met again, and reported, when drawing */
    diag_list_init(&quiet, DIAG_DEFAULT_MAX_ERRORS);
    for (; pool->started < upto && pool->started < pool->n && !pool->not_installed;
         pool->started++) {
        enum gp_status st = gp_start_lines(&pool->procs[pool->started], "the report's charts",
                                           &pool->gnuplot, &quiet);
        pool->not_installed = st == GP_NOT_INSTALLED;
    }
    diag_list_release(&quiet);
}

struct plot_pool *plot_pool_start(const struct plot_options *opt)
{
    struct plot_pool *pool = xcalloc(1, sizeof(*pool));
    pool->n = core_count();
    pool->procs = xcalloc(pool->n, sizeof(*pool->procs));
    for (size_t j = 0; j < pool->n; j++) {
        struct gp_proc none = GP_PROC_INIT;
        pool->procs[j] = none;
    }
    if (opt)
        pool->gnuplot = opt->gnuplot;
    pool_start_upto(pool, 1);
    return pool;
}

void plot_pool_fill(struct plot_pool *pool)
{
    if (pool)
        pool_start_upto(pool, pool->n);
}

void plot_pool_free(struct plot_pool *pool)
{
    if (!pool)
        return;
    for (size_t j = 0; j < pool->n; j++)
        gp_abort(&pool->procs[j]);
    free(pool->procs);
    free(pool);
}

/* What gnuplot prints (through `set print '-'`) once it has drawn a chart: the line,
 * then the chart's number. */
#define DRAWN_MARK "trygg-chart-drawn "

/* One chart of a document on its way: its files (prepared_chart), its outputs once
 * gnuplot has drawn it, and the messages about it.  Touched only by the thread of the
 * batch it belongs to until plot_finish_doc joins that thread. */
struct chart_job {
    struct prepared_chart p;
    struct staged st;
    struct diag_list dl; /* preparing or installing it */
    bool staged;         /* st holds its outputs under temporary names */
    bool installed;      /* renamed into place */
    bool install_failed; /* staged, but the rename or flush failed (said in dl) */
};

/* One gnuplot process drawing a share of the charts, on a thread of its own. */
struct batch {
    struct plot_job *job;
    size_t first;                  /* its charts: first, first + k, ... */
    struct gp_proc proc;           /* started (from the pool) or not yet (pid -1) */
    struct gp_run_options opt;
    struct diag_list dl;           /* gnuplot's messages, kept only if it succeeded */
    enum gp_status status;
    size_t pending;                /* the chart staged last, not yet committed, or SIZE_MAX */
    pthread_t thread;
    bool started;                  /* thread running: join it */
};

/* A document's charts being drawn: each batch's thread prepares its charts one after
 * the other, hands each to its gnuplot as soon as it is written, and installs each as
 * soon as gnuplot says it is drawn; plot_finish_doc joins them and draws alone what
 * did not come out. */
struct plot_job {
    char *charts_dir, *priv;
    struct plot_options opt;       /* with the doc's language */
    const struct chart **charts;
    struct chart_job *cj;
    size_t n;
    struct batch *b;
    size_t k;
    bool no_gnuplot;
    bool failed;                   /* the folders could not be made: nothing drawn */
};

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Flushes and renames the batch's pending chart into place. */
static void commit_pending(struct batch *b)
{
    if (b->pending == SIZE_MAX)
        return;
    struct chart_job *cj = &b->job->cj[b->pending];
    b->pending = SIZE_MAX;
    /* a failure to flush or rename is the folder's, not gnuplot's: reported */
    if (commit_staged(&cj->st, true, &cj->dl) == 0)
        cj->installed = true;
    else
        cj->install_failed = true;
    staged_release(&cj->st);
    cj->staged = false;
}

/* A line gnuplot printed: if it says one of this batch's charts is drawn, its outputs
 * are staged (read, the SVG cleaned, written under temporary names, their writeback
 * started) and the chart staged before is committed — its data have been on their way
 * to the disk meanwhile, so its flush seldom waits.  Any other line is ignored. */
static void chart_drawn(struct batch *b, const struct strbuf *line)
{
    struct plot_job *job = b->job;
    size_t len = strlen(DRAWN_MARK);
    if (line->len <= len || memcmp(line->buf, DRAWN_MARK, len) != 0)
        return;
    size_t i = 0;
    for (size_t k = len; k < line->len; k++) {
        if (line->buf[k] < '0' || line->buf[k] > '9' || i > job->n)
            return;
        i = i * 10 + (size_t)(line->buf[k] - '0');
    }
    if (i >= job->n || i < b->first || (i - b->first) % job->k != 0)
        return;
    struct chart_job *cj = &job->cj[i];
    if (!cj->p.written || cj->staged || cj->installed || cj->install_failed)
        return;
    struct diag_list quiet; /* incomplete: drawn again alone, which reports why */
    diag_list_init(&quiet, DIAG_DEFAULT_MAX_ERRORS);
    cj->staged = stage_outputs(&cj->p, job->charts_dir, &cj->st, &quiet) == 0;
    diag_list_release(&quiet);
    if (!cj->staged)
        return;
    atomicfile_start_writeback(&cj->st.svg);
    if (cj->st.has_png)
        atomicfile_start_writeback(&cj->st.png);
    commit_pending(b);
    b->pending = i;
}

/* Handles the lines gnuplot has printed: those there already (wait_ms 0), or waiting
 * up to wait_ms for the first.  -1 once gnuplot's output has ended. */
static int take_lines(struct batch *b, struct strbuf *line, long long wait_ms)
{
    int wait = wait_ms > INT_MAX ? INT_MAX : wait_ms < 0 ? 0 : (int)wait_ms;
    for (;;) {
        int r = gp_next_line(&b->proc, line, wait);
        if (r != 1)
            return r;
        chart_drawn(b, line);
        wait = 0;
    }
}

static void *run_batch(void *arg)
{
    struct batch *b = arg;
    struct plot_job *job = b->job;
    const char *what = "the report's charts";
    long long deadline = mono_ms() + b->opt.timeout_ms;
    if (b->proc.pid < 0) {
        b->status = gp_start_lines(&b->proc, what, &b->opt, &b->dl);
        if (b->status == GP_NOT_INSTALLED)
            return NULL; /* nothing can be drawn: plot_finish_doc says so */
    }
    bool alive = b->proc.pid >= 0;
    struct strbuf cmd = STRBUF_INIT, line = STRBUF_INIT;
    for (size_t i = b->first; i < job->n; i += job->k) {
        struct chart_job *cj = &job->cj[i];
        if (prepare_chart(job->charts[i], job->priv, i, &job->opt, &cj->p, &cj->dl) != 0 ||
            !alive)
            continue;
        /* Each chart after `reset session` (which clears every setting and variable, so
         * one chart cannot leak into the next), its output closed, then the line that
         * says it is drawn, printed to the pipe and the print channel set back. */
        strbuf_reset(&cmd);
        strbuf_addstr(&cmd, "reset session\n");
        strbuf_add(&cmd, cj->p.text.buf, cj->p.text.len);
        strbuf_addf(&cmd, "\nunset output\nset print '-'\nprint '" DRAWN_MARK "%zu'\nset print\n",
                    i);
        if (gp_write(&b->proc, cmd.buf, cmd.len) != 0)
            alive = false; /* gnuplot has gone: its status says why */
        else if (!io_single_thread())
            take_lines(b, &line, 0); /* install what it has drawn meanwhile (not with
                                      * TRYGG_THREADS=1: fault injection replays only
                                      * when the files come in the same order) */
    }
    strbuf_release(&cmd);
    if (b->proc.pid >= 0) {
        gp_close_input(&b->proc);
        while (take_lines(b, &line, deadline - mono_ms()) >= 0 && mono_ms() < deadline)
            ;
        long long left = deadline - mono_ms();
        b->opt.timeout_ms = left < 1 ? 1 : left > UINT_MAX ? UINT_MAX : (unsigned)left;
        b->status = gp_wait(&b->proc, what, &b->opt, &b->dl);
    }
    commit_pending(b);
    strbuf_release(&line);
    return NULL;
}

/*
 * Gives every k-th chart to one of k gnuplot processes (the pool's, or new ones),
 * each fed by a thread of its own (above).  Failures show as charts that were not
 * installed; plot_finish_doc draws those alone to report them.
 */
static void start_batches(struct plot_job *job, struct plot_pool *pool)
{
    size_t n = job->n;
    size_t k = pool && pool->n ? pool->n : core_count();
    if (k > n)
        k = n;
    job->k = k;
    job->b = xcalloc(k ? k : 1, sizeof(*job->b));
    unsigned per_chart = job->opt.gnuplot.timeout_ms ? job->opt.gnuplot.timeout_ms
                                                     : GP_TIMEOUT_MS_DEFAULT;
    for (size_t j = 0; j < k; j++) {
        struct batch *b = &job->b[j];
        struct gp_proc none = GP_PROC_INIT;
        b->job = job;
        b->first = j;
        b->proc = none;
        b->pending = SIZE_MAX;
        if (pool && j < pool->n) {
            b->proc = pool->procs[j]; /* taken over (pid -1 if never started) */
            pool->procs[j] = none;
        }
        size_t charts = (n - j + k - 1) / k;
        b->opt = job->opt.gnuplot;
        /* a batch may take as long as its charts would have one by one */
        b->opt.timeout_ms = charts > UINT_MAX / per_chart ? UINT_MAX
                                                          : per_chart * (unsigned)charts;
        diag_list_init(&b->dl, DIAG_DEFAULT_MAX_ERRORS);
        b->status = GP_SYSTEM;
        /* TRYGG_THREADS=1: each batch in turn on this thread, so that fault injection
         * replays (util/io.h) */
        if (!io_single_thread() && pthread_create(&b->thread, NULL, run_batch, b) == 0)
            b->started = true;
        else
            run_batch(b); /* no thread: on this one */
    }
    if (pool)
        for (size_t j = k; j < pool->n; j++)
            gp_abort(&pool->procs[j]); /* more processes than charts */
}

struct plot_job *plot_begin_doc(const struct doc *d, const char *charts_dir,
                                const struct plot_options *opt, struct plot_pool *pool,
                                struct diag_list *dl)
{
    struct plot_job *job = xcalloc(1, sizeof(*job));
    if (opt)
        job->opt = *opt;
    if (!job->opt.lang) /* the charts speak the report's language */
        job->opt.lang = d->lang;
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->blocks[i].kind == DOC_CHART && d->blocks[i].chart;
    if (!n)
        return job;
    if (pool && pool->not_installed) {
        job->no_gnuplot = true;
        return job;
    }
    if (check_charts_dir(charts_dir, dl) != 0 ||
        !(job->priv = make_private_dir(charts_dir, dl))) {
        job->failed = true;
        return job;
    }
    job->charts_dir = xstrdup(charts_dir);
    job->charts = xcalloc(n, sizeof(*job->charts));
    job->cj = xcalloc(n, sizeof(*job->cj));
    for (size_t i = 0; i < d->n; i++)
        if (d->blocks[i].kind == DOC_CHART && d->blocks[i].chart)
            job->charts[job->n++] = d->blocks[i].chart;
    for (size_t i = 0; i < n; i++)
        diag_list_init(&job->cj[i].dl, DIAG_DEFAULT_MAX_ERRORS);
    clean_stale_dirs(charts_dir, &job->opt);
    start_batches(job, pool);
    return job;
}

/*
 * Waits for the batches, then draws alone every chart that did not come out of them
 * (gnuplot stops at the first error: the charts after a failing one are drawn again
 * one by one, so each failure is reported against its chart and one broken chart
 * costs no other), and flushes the folder once (the charts were renamed into place
 * one by one as they were drawn).
 */
enum plot_status plot_finish_doc(struct plot_job *job, struct diag_list *dl)
{
    if (!job)
        return PLOT_OK;
    enum plot_status worst = job->failed ? PLOT_FAILED : PLOT_OK;
    bool installed = false;
    for (size_t j = 0; j < job->k; j++)
        if (job->b[j].started)
            pthread_join(job->b[j].thread, NULL);
    /* what was said about each chart (preparing, installing), in the charts' order */
    for (size_t i = 0; i < job->n; i++) {
        struct diag_list *c = &job->cj[i].dl;
        for (size_t m = 0; m < c->n; m++)
            diag_add(dl, c->items[m].level, c->items[m].file, c->items[m].line,
                     c->items[m].column, "%s", c->items[m].message);
    }
    for (size_t j = 0; j < job->k; j++) {
        struct batch *b = &job->b[j];
        if (b->status == GP_NOT_INSTALLED)
            job->no_gnuplot = true;
        if (b->status == GP_OK)
            for (size_t i = 0; i < b->dl.n; i++)
                diag_add(dl, b->dl.items[i].level, b->dl.items[i].file, b->dl.items[i].line,
                         b->dl.items[i].column, "%s", b->dl.items[i].message);
        diag_list_release(&b->dl);
        gp_abort(&b->proc); /* nothing left to stop after gp_wait: releases its buffers */
    }
    if (job->no_gnuplot) {
        worst = PLOT_NO_GNUPLOT;
    } else {
        for (size_t i = 0; i < job->n; i++) {
            struct chart_job *cj = &job->cj[i];
            if (!cj->p.written || cj->install_failed) {
                worst = PLOT_FAILED; /* said in its messages */
                continue;
            }
            if (cj->installed) {
                installed = true;
                continue;
            }
            enum plot_status ps = run_alone(&cj->p, job->charts_dir, &job->opt, dl);
            if (ps == PLOT_NO_GNUPLOT) {
                worst = PLOT_NO_GNUPLOT;
                break;
            }
            if (ps != PLOT_OK)
                worst = PLOT_FAILED;
        }
    }
    if (installed)
        atomicfile_sync_dir(job->charts_dir);
    for (size_t i = 0; i < job->n; i++) {
        prepared_release(&job->cj[i].p);
        diag_list_release(&job->cj[i].dl);
    }
    free(job->cj);
    free(job->charts);
    free(job->b);
    if (job->priv) {
        remove_private_dir(job->priv);
        free(job->priv);
    }
    free(job->charts_dir);
    free(job);
    return worst;
}

/* Every chart of a document through one gnuplot process per core: starting gnuplot
 * costs about 0.05 s, a report has dozens of charts, and drawing one takes a few
 * milliseconds.  A driver script loads each chart's own script after `reset session`
 * (which clears every setting and variable, so one chart cannot leak into the next)
 * and closes its output. */
enum plot_status plot_render_doc(const struct doc *d, const char *charts_dir,
                                 const struct plot_options *opt, struct diag_list *dl)
{
    return plot_finish_doc(plot_begin_doc(d, charts_dir, opt, NULL, dl), dl);
}
