# timeseries.gp — counts over time: observed values as points, the fitted model as a
# solid line, the counterfactual (what the model expects had nothing been done) as a
# dashed line with its band (at the run's confidence level, conf_level) shaded, a
# comparison area in grey, and a dashed vertical line at the intervention with its
# label.
#
# Data (trygg_data): one block per series, rows: x (seconds since 1970-01-01 when
# trygg_x_dates is 1, else a plain number), value, lower, upper (NaN: no band).
# trygg_series_style[s] is the role (style.gp: trygg_role_color); trygg_series_band[s]
# is 1 when the series has a band; trygg_band_list lists those series' numbers
# as words ("3 4").
# Date axis: trygg computes the tics (trygg_xtic_pos in seconds, trygg_xtic_label in
# the report's language, trygg_xtic_minor = 1 for an unlabelled small tic) and the
# range from the first to the last point (trygg_xmin, trygg_xmax).
# The legend sits below the plot, outside the data.
# A cumulative-effect panel (trygg_zero_line = 1) has values of either sign: its y axis
# is not pinned at zero but always includes it, and a solid line marks zero.

load trygg_dir . '/style.gp'

set title trygg_title
set xlabel trygg_xlabel
set ylabel trygg_ylabel
if (!trygg_has_yrange) {
    if (trygg_zero_line) {
        set yrange [* < 0 : 0 < *]   # autoscaled, zero always inside
    } else {
        set yrange [0 : *]           # counts: the axis starts at zero
    }
}
if (trygg_zero_line) {
    set arrow 2 from graph 0, first 0 to graph 1, first 0 nohead lw 1 lc rgb trygg_ink back
}
if (trygg_has_xrange) { set xrange [trygg_xmin : trygg_xmax] }
if (trygg_x_dates && trygg_nxtic > 0) {
    set xtics () scale 0.8, 0.4
    do for [i = 1:trygg_nxtic] {
        if (trygg_xtic_minor[i]) {
            set xtics add ('' trygg_xtic_pos[i] 1)
        } else {
            set xtics add (trygg_xtic_label[i] trygg_xtic_pos[i])
        }
    }
}
# Fixed side margins (in characters): a cumulative-effect panel drawn under a chart
# lines its months up with the chart's, whatever the width of either's tic labels.
set lmargin 12
set rmargin 4
set key outside bottom center horizontal Left reverse samplen 2 spacing 1.1 width 2 \
    textcolor rgb trygg_ink nobox

if (trygg_has_marker) {
    set arrow 1 from trygg_marker_x, graph 0 to trygg_marker_x, graph 1 \
        nohead dt 2 lw 1.5 lc rgb trygg_ink front
    set label 1 trygg_marker_label at trygg_marker_x, graph 0.97 \
        offset character 0.6, 0 left front textcolor rgb trygg_ink font ',11'
}

role(s) = trygg_series_style[s]
point_size(s) = role(s) == 0 ? 0.7 : role(s) == 3 ? 0.5 : 0
line_width(s) = role(s) == 0 ? 0.8 : role(s) == 3 ? 1 : 2
dash(s) = role(s) == 2 ? 2 : 1

# An empty `for` clause first in a plot command is still evaluated once by gnuplot
# 5.4, so the bands are plotted only when there are any.
trygg_lines = "for [s = 1:trygg_nseries] trygg_data index (s - 1) using 1:($2 * trygg_scale) with linespoints lc rgb trygg_role_color(role(s)) lw line_width(s) dt dash(s) pt 7 ps point_size(s) title trygg_series_label[s]"
if (words(trygg_band_list) > 0) {
    plot for [k = 1:words(trygg_band_list)] trygg_data index (trygg_band(k) - 1) \
         using 1:($3 * trygg_scale):($4 * trygg_scale) \
         with filledcurves lc rgb trygg_role_color(role(trygg_band(k))) fs transparent solid 0.15 notitle, \
         @trygg_lines
} else {
    plot @trygg_lines
}
