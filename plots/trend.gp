# trend.gp — a share (or mean) per survey wave with its 95 % band: one line per
# series (e.g. per area), points at the waves, the band shaded in the line's colour.
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

# An empty `for` clause first in a plot command is still evaluated once by gnuplot
# 5.4, so the bands are plotted only when there are any.
trygg_lines = "for [s = 1:trygg_nseries] trygg_data index (s - 1) using 1:($2 * trygg_scale) with linespoints lc rgb trygg_color(s) lw 2 pt 7 ps 1 title trygg_series_label[s]"
if (words(trygg_band_list) > 0) {
    plot for [k = 1:words(trygg_band_list)] trygg_data index (trygg_band(k) - 1) \
         using 1:($3 * trygg_scale):($4 * trygg_scale) \
         with filledcurves lc rgb trygg_color(trygg_band(k)) fs transparent solid 0.18 notitle, \
         @trygg_lines
} else {
    plot @trygg_lines
}
