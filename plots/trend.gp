# trend.gp — a share (or mean) per survey wave with its band (at the run's
# confidence level, conf_level): one line per series (e.g. per area), points at the
# waves, the band shaded in the line's colour.
#
# Data (trygg_data): one block per series, rows: position (0, 1, ... when categories
# name the waves, else the x value), estimate, lower, upper.  Wave labels:
# trygg_cat_tic[i].

load trygg_dir . '/style.gp'

set title trygg_title
set xlabel trygg_xlabel
set ylabel trygg_ylabel
if (trygg_ncat > 0) {
    set xrange [-0.3 : trygg_ncat - 0.7]
    set xtics () scale 0.6
    do for [i = 1:trygg_ncat] { set xtics add (trygg_cat_tic[i] i - 1) }
}
if (!trygg_has_yrange) { set yrange [0<* : *] }
# The legend goes inside, in room left free above the lines; the bottom margin fits
# the longest wave label (trygg_cat_lines lines; gnuplot counts only one).
# Many series (one per area) get their legend to the right, where it cannot hide a line.
if (trygg_nseries > 3) {
    set key outside right top vertical
    set offsets graph 0, graph 0, graph 0.04, graph 0.04
} else {
    set key inside top center horizontal
    set offsets graph 0, graph 0, graph 0.14, graph 0.04
}
set bmargin trygg_cat_lines + 1.5 + (strlen(trygg_xlabel) > 0 ? 1.5 : 0)

# (Defined before the blocks below: gnuplot expands @macros when it reads a block.)
# An empty `for` clause first in a plot command is still evaluated once by gnuplot
# 5.4, so the bands are plotted only when there are any.
trygg_lines = "for [s = 1:trygg_nseries] trygg_data index (s - 1) using 1:($2 * trygg_scale) with linespoints lc rgb trygg_color(s) lw 2 dt trygg_dash(s) pt trygg_point(s) ps 1 title trygg_series_label[s]"

# Many series (trygg_small_multiples: four or more, e.g. four age groups or nine
# areas) get one small panel each, in trygg_panel_columns columns with a shared y axis
# (0 to trygg_panel_ymax), each with its band: four or more lines and bands in one
# plot cannot be told apart, and no colour is reused.
if (trygg_small_multiples) {
    unset key
    set offsets 0, 0, 0, 0
    set bmargin trygg_cat_lines + 1
    set tmargin 2
    unset ylabel
    unset xlabel
    set title font ',12'
    set tics font ',11'
    top = trygg_has_yrange ? trygg_ymax * trygg_scale : trygg_panel_ymax * trygg_scale * 1.05
    if (!trygg_has_yrange) { set yrange [0 : top] }
    # about five labelled y tics: a step of 1, 2 or 5 times a power of ten
    raw = top > 0 ? top / 5.0 : 1
    mag = 10 ** floor(log10(raw))
    y_step = mag * (raw / mag <= 1 ? 1 : raw / mag <= 2 ? 2 : raw / mag <= 5 ? 5 : 10)
    set ytics y_step
    # every second wave labelled when there are many, so the labels do not run together
    if (trygg_ncat > 5) {
        set xtics () scale 0.6
        do for [i = 1:trygg_ncat] {
            if ((i - 1) % 2 == 0) {
                set xtics add (trygg_cat_tic[i] i - 1)
            } else {
                set xtics add ('' i - 1)
            }
        }
    }
    n_rows = int((trygg_nseries + trygg_panel_columns - 1) / trygg_panel_columns)
    # explicit margins leave the top of the canvas to the chart's title and a gap
    # above each panel for its own
    m_top = 1 - (57.0 + 18.0 * trygg_title_lines) / trygg_height
    m_bottom = 30.0 / trygg_height
    m_gap = 75.0 / trygg_height
    set multiplot layout n_rows, trygg_panel_columns title trygg_title font ',13' \
        margins 0.08, 0.98, m_bottom, m_top spacing 0.08, m_gap
    do for [s = 1:trygg_nseries] {
        set title trygg_series_label[s]
        if (trygg_series_band[s]) {
            plot trygg_data index (s - 1) using 1:($3 * trygg_scale):($4 * trygg_scale) \
                     with filledcurves lc rgb trygg_color(1) fs transparent solid 0.2 notitle, \
                 trygg_data index (s - 1) using 1:($2 * trygg_scale) \
                     with linespoints lc rgb trygg_color(1) lw 2 pt 7 ps 0.6 notitle
        } else {
            plot trygg_data index (s - 1) using 1:($2 * trygg_scale) \
                 with linespoints lc rgb trygg_color(1) lw 2 pt 7 ps 0.6 notitle
        }
    }
    unset multiplot
} else {
if (words(trygg_band_list) > 0) {
    plot for [k = 1:words(trygg_band_list)] trygg_data index (trygg_band(k) - 1) \
         using 1:($3 * trygg_scale):($4 * trygg_scale) \
         with filledcurves lc rgb trygg_color(trygg_band(k)) fs transparent solid 0.18 notitle, \
         @trygg_lines
} else {
    plot @trygg_lines
}
}
