# stacked.gp — the distribution of answers per category (usually per survey wave) as
# diverging stacked horizontal bars: the answers before the centre (the safe side)
# go left of zero, the rest right, so the change between rows is easy to see.  The
# axis shows shares without sign.  Shares of 5 % or more are printed in the segment.
#
# Data (trygg_data): one block per answer (segment, best first), one row per
# category: row position (0, 1, ...), left edge, right edge, share (all 0..1).
# Answer labels: trygg_seg_label[j]; trygg_center answers are on the left.

load trygg_dir . '/style.gp'

# The axis spans the data, rounded out to 10 % and labelled without sign (tic labels are formats: "%%%%" gives "%").  (`stats`
# obeys ranges, so it runs before any is set.)
stats trygg_data using 2 nooutput
xlo = floor(STATS_min * 10) * 10
stats trygg_data using 3 nooutput
xhi = ceil(STATS_max * 10) * 10

set title trygg_title
set xlabel trygg_xlabel
set ylabel trygg_ylabel
set grid noytics xtics
# The legend goes below the axis label (style.gp); gnuplot's own bottom margin
# leaves the two touching, so room for tics, label and a row or two of the legend.
key_chars = 0
do for [j = 1:trygg_nseg] { key_chars = key_chars + strlen(trygg_seg_label[j]) + 7 }
key_rows = ceil(key_chars * 7.0 / (trygg_width - 60))
set bmargin 2.5 + (strlen(trygg_xlabel) > 0 ? 1.5 : 0) + 1.4 * key_rows
set yrange [trygg_ncat - 0.5 : -0.5]
set ytics () scale 0
do for [i = 1:trygg_ncat] { set ytics add (trygg_cat_tic[i] i - 1) }

# Left (safe) side: blues, darkest farthest from the centre; right side: oranges to
# dark red; colour steps past the arrays' ends repeat the last one.
array left_colors[3] = ['#56B4E9', '#0072B2', '#08306B']
array right_colors[4] = ['#E69F00', '#D55E00', '#8C2D04', '#5A5A5A']
left_text(d) = d >= 2 ? '#FFFFFF' : '#000000'
right_text(d) = d >= 2 ? '#FFFFFF' : '#000000'
seg_side(j) = j <= trygg_center ? 0 : 1
seg_dist(j) = j <= trygg_center ? trygg_center - j + 1 : j - trygg_center
seg_color(j) = seg_side(j) == 0 ? left_colors[seg_dist(j) > 3 ? 3 : seg_dist(j)] \
                                : right_colors[seg_dist(j) > 4 ? 4 : seg_dist(j)]
seg_text(j) = seg_side(j) == 0 ? left_text(seg_dist(j)) : right_text(seg_dist(j))

set xrange [xlo : xhi]
set xtics () scale 0.6
do for [t = int(ceil(xlo / 20.0) * 20) : int(xhi) : 20] { set xtics add (sprintf('%d %%%%', abs(t)) t) }
if (trygg_center > 0) {
    set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb trygg_ink lw 1.2 front
}

half = 0.36   # half the bar height

plot for [j = 1:trygg_nseg] trygg_data index (j - 1) \
         using (($2 + $3) * 50):1:($2 * 100):($3 * 100):($1 - half):($1 + half) \
         with boxxyerror fc rgb seg_color(j) fs solid 1 border lc rgb '#FFFFFF' \
         title trygg_seg_label[j], \
     for [j = 1:trygg_nseg] trygg_data index (j - 1) \
         using (($2 + $3) * 50):1:($4 >= 0.05 ? sprintf('%.0f', $4 * 100) : '') \
         with labels font ',11' textcolor rgb seg_text(j) notitle
