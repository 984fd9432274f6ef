# bars_ci.gp — estimates with confidence intervals per category: one bar per series
# (e.g. "before" and "after") within each category (e.g. area), the interval (at
# the run's confidence level, conf_level) drawn as an error bar and the value
# printed above it.
#
# Data (trygg_data): one block per series (index 0, 1, ...), one row per category:
#   column 1 category position (0, 1, ...), 2 estimate, 3 lower, 4 upper limit.
# Category labels: trygg_cat_tic[i] (i = 1..trygg_ncat); series labels:
# trygg_series_label[s]; trygg_band_list names the series that have intervals.  The interval is drawn as a vector with flat heads (gnuplot
# 5.4's yerrorbars would cut a notch into the bar around its point).
# To restyle: colours in style.gp; bar width below; set trygg_show_values to 0 to
# drop the value labels.  Values are printed with gprintf, which follows the decimal
# sign style.gp sets (a comma in Swedish).

load trygg_dir . '/style.gp'

set title trygg_title
set xlabel trygg_xlabel
set ylabel trygg_ylabel

set xrange [-0.6 : trygg_ncat - 0.4]
set xtics () scale 0
do for [i = 1:trygg_ncat] { set xtics add (trygg_cat_tic[i] i - 1) }
if (!trygg_has_yrange) { set yrange [*<0 : 0<*] }
set xzeroaxis lt 1 lc rgb trygg_ink lw 1
# The legend goes below the plot, under the category labels, outside the data (a value
# label can reach the top of the plot, and above the plot it would sit over the title);
# the bottom margin fits the longest category label (trygg_cat_lines lines; gnuplot
# counts only one) and the legend.
set key outside bottom center horizontal
set offsets 0, 0, graph 0.08, 0
set bmargin trygg_cat_lines + 3 + (strlen(trygg_xlabel) > 0 ? 1.5 : 0)
# Values are printed over the bars only while there is room for them: with many bars
# (years x kinds of day) neighbouring labels would run into each other; the table
# beside the chart gives the numbers.
trygg_show_values = trygg_ncat * trygg_nseries <= 10

group_width = 0.8                            # share of a category's slot the bars fill
bar = group_width / trygg_nseries
offset(s) = (s - (trygg_nseries + 1) / 2.0) * bar
set boxwidth bar * 0.9 absolute

# An empty `for` clause in a plot command is still evaluated once by gnuplot 5.4,
# so the interval whiskers are plotted only when some series has them.
trygg_bars = "for [s = 1:trygg_nseries] trygg_data index (s - 1) using ($1 + offset(s)):($2 * trygg_scale) with boxes lc rgb trygg_color(s) title trygg_series_label[s]"
trygg_labels = "for [s = 1:trygg_nseries] trygg_data index (s - 1) using ($1 + offset(s)):((valid(4) ? $4 : $2) * trygg_scale):(gprintf(trygg_value_format, $2 * trygg_scale)) with labels offset 0, 0.8 font ',11' textcolor rgb trygg_ink notitle"
if (!trygg_show_values) { trygg_labels = "NaN notitle" }
if (words(trygg_band_list) > 0) {
    plot @trygg_bars, \
         for [k = 1:words(trygg_band_list)] trygg_data index (trygg_band(k) - 1) \
             using ($1 + offset(trygg_band(k))):($3 * trygg_scale):(0):(($4 - $3) * trygg_scale) \
             with vectors heads size screen 0.008, 90 lc rgb trygg_ink lw 1.5 notitle, \
         @trygg_labels
} else {
    plot @trygg_bars, @trygg_labels
}
