# forest.gp — subgroup estimates with intervals (at the run's confidence level,
# conf_level), one row per subgroup, and a dashed reference line at no effect (0
# for differences, 1 for ratios, which are drawn on a log scale when
# trygg_log_scale is 1).
#
# Data (trygg_data): one block per series, one row per subgroup: row position
# (0, 1, ...), estimate, lower, upper (NaN: the point alone).  Subgroup labels:
# trygg_cat_tic[i].

load trygg_dir . '/style.gp'

# The interval ends, for the log axis's range (`stats` obeys ranges: it runs first).
stats trygg_data using (valid(3) ? $3 : $2) nooutput
lo = STATS_min
stats trygg_data using (valid(4) ? $4 : $2) nooutput
hi = STATS_max

set title trygg_title
set xlabel trygg_xlabel
set ylabel trygg_ylabel
set grid noytics xtics
# The legend goes below the axis label (style.gp); gnuplot's own bottom margin
# leaves the two touching, so room for tics, label and a row or two of the legend.
key_chars = 0
do for [s = 1:trygg_nseries] { key_chars = key_chars + strlen(trygg_series_label[s]) + 7 }
key_rows = ceil(key_chars * 7.0 / (trygg_width - 60))
set bmargin 2.5 + (strlen(trygg_xlabel) > 0 ? 1.5 : 0) + 1.4 * key_rows
set yrange [trygg_ncat - 0.5 : -0.5]
set ytics () scale 0
do for [i = 1:trygg_ncat] { set ytics add (trygg_cat_tic[i] i - 1) }
if (trygg_percent) { set format x '%.0f %%'; set format y '% h' }
if (trygg_log_scale) {
    set logscale x
    set xtics ('0.1' 0.1, '0.2' 0.2, '0.3' 0.3, '0.5' 0.5, '0.7' 0.7, '1' 1, '1.5' 1.5, \
               '2' 2, '3' 3, '5' 5, '10' 10)
    set mxtics default
    set xrange [(lo < 1 ? lo : 1) / 1.15 : (hi > 1 ? hi : 1) * 1.15]
}
set arrow 1 from trygg_reference * (trygg_log_scale ? 1 : trygg_scale), graph 0 \
    to trygg_reference * (trygg_log_scale ? 1 : trygg_scale), graph 1 \
    nohead dt 2 lw 1.2 lc rgb trygg_ink back

step = 0.5 / trygg_nseries          # series within a row are spread over half a row
offset(s) = (s - (trygg_nseries + 1) / 2.0) * step
x_scale = trygg_log_scale ? 1 : trygg_scale

plot for [s = 1:trygg_nseries] trygg_data index (s - 1) \
         using ($2 * x_scale):($1 + offset(s)):((valid(3) ? $3 : $2) * x_scale):((valid(4) ? $4 : $2) * x_scale) \
         with xerrorbars lc rgb trygg_color(s) lw 1.8 pt 7 ps 1.1 \
         title trygg_series_label[s]
