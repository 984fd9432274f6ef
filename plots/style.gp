# style.gp — the look every trygg chart shares.  Each template loads this first, so
# a change here restyles all charts; a change in one template restyles one kind.
#
# trygg sets the terminal (svg and, with `trygg run --png`, then pngcairo, both
# `noenhanced`), the output file and the variables described in README.md, then
# loads the template once per terminal.  `trygg_output` is 'svg' or 'png' while a
# template runs.
#
# Colours: the Okabe & Ito palette ("Color Universal Design", 2008), which people
# with the common colour-vision deficiencies can tell apart.  Meaning is never carried
# by colour alone: series also differ by line style, point or position, and every
# series has a legend entry.

set encoding utf8
set datafile missing NaN   # trygg writes NaN where a value is missing

trygg_black      = '#000000'
trygg_orange     = '#E69F00'
trygg_skyblue    = '#56B4E9'
trygg_green      = '#009E73'
trygg_yellow     = '#F0E442'
trygg_blue       = '#0072B2'
trygg_vermillion = '#D55E00'
trygg_purple     = '#CC79A7'
trygg_grey       = '#7F7F7F'
trygg_ink        = '#333333'   # axes, tics, text
trygg_rule       = '#E3E3E3'   # grid lines

# Series colours in order: series 1 gets the first, and so on.  Beyond seven series a
# chart either draws small multiples (trend.gp: one panel per series) or tells series
# apart by point type and dash as well (trygg_point, trygg_dash), so no two series
# look the same.
array trygg_palette[7] = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000']
trygg_color(i) = trygg_palette[(int(i) - 1) % 7 + 1]
array trygg_points[7] = [7, 5, 9, 13, 11, 15, 3]
trygg_point(i) = trygg_points[(int((i - 1) / 7)) % 7 + 1]
trygg_dash(i) = (int((i - 1) / 7)) % 5 + 1

# Time-series roles (a series' style number): 0 observed, 1 fitted, 2 counterfactual
# (what the model expects without the intervention), 3 comparison area.
trygg_role_color(st) = st == 0 ? trygg_black : st == 1 ? trygg_blue : \
                       st == 2 ? trygg_vermillion : st == 3 ? trygg_grey : trygg_color(st)

# Shares are stored as 0..1; shown as percent when trygg_percent is 1.
trygg_scale = trygg_percent ? 100 : 1
trygg_value_format = trygg_percent ? '%.0f %%' : '%.3g'

set border 3 lc rgb trygg_ink lw 1
set tics nomirror out scale 0.6 textcolor rgb trygg_ink
set grid ytics lc rgb trygg_rule lw 1 dt 1
set title font ',14' textcolor rgb trygg_ink
set xlabel textcolor rgb trygg_ink
set ylabel textcolor rgb trygg_ink
set key outside bottom center horizontal reverse Left samplen 2 spacing 1.1 \
    textcolor rgb trygg_ink nobox
set style fill solid 0.9 noborder
# Swedish charts use a decimal comma: tic labels and every value printed with gprintf
# (trygg_decimal_comma is 1 when the report is in Swedish).
if (trygg_decimal_comma) { set decimalsign ',' }
if (trygg_percent) { set format y '%.0f %%' }
if (trygg_has_yrange) { set yrange [trygg_ymin * trygg_scale : trygg_ymax * trygg_scale] }

# The k-th series number in trygg_band_list (the series drawn with an interval).
# Plots loop `for [k = 1:words(trygg_band_list)]`; gnuplot still evaluates the
# loop body's `index` once when the list is empty, so an empty list must not reach int().
trygg_band(k) = k <= words(trygg_band_list) ? int(word(trygg_band_list, k)) : 1
