#!/bin/sh
# bench/results-section.sh — puts make bench's generated section into bench/RESULTS.md
# without touching anything else in the file.
#
#   bench/results-section.sh SECTION OUT
#
# RESULTS.md is mostly written by hand: notes on a run, measurements made outside
# make bench, the history of the goals.  bench/run.sh writes only what lies between
# the two marker lines below (markers included); everything above and below them is
# kept byte for byte.  OUT without the markers gets the section after its first line
# when that is a "# " title, else at its top; a missing OUT is created with a title.
# Markers out of order, or one without the other, are a file edited wrongly by hand:
# OUT is left as it is, the section goes to OUT.new, and the exit status is 1.  OUT is
# replaced by a rename, so an interrupted run leaves the old file whole.
set -eu

BEGIN='<!-- make bench: generated section (bench/run.sh writes only between these markers) -->'
END='<!-- make bench: end of the generated section -->'

SECTION=${1:?usage: bench/results-section.sh SECTION OUT}
OUT=${2:?usage: bench/results-section.sh SECTION OUT}
[ -r "$SECTION" ] || { echo "bench/results-section.sh: cannot read $SECTION" >&2; exit 1; }

TMP=$OUT.tmp.$$
trap 'rm -f "$TMP"' EXIT INT TERM

if [ ! -e "$OUT" ]; then
    { echo "# Benchmark results"; echo; echo "$BEGIN"; cat "$SECTION"; echo "$END"; } > "$TMP"
    mv "$TMP" "$OUT"
    exit 0
fi

# 0: no markers; 1: one well-formed pair; 2: anything else
state=$(awk -v b="$BEGIN" -v e="$END" '
    $0 == b { nb++; if (!first_b) first_b = NR }
    $0 == e { ne++; if (!first_e) first_e = NR }
    END {
        if (nb == 0 && ne == 0) print 0
        else if (nb == 1 && ne == 1 && first_b < first_e) print 1
        else print 2
    }' "$OUT")

case $state in
0)
    awk -v b="$BEGIN" -v e="$END" -v sec="$SECTION" '
        function put(   line) {
            print b
            while ((getline line < sec) > 0) print line
            close(sec)
            print e
        }
        NR == 1 && /^# / { print; print ""; put(); done = 1; next }
        NR == 1 { put(); print ""; done = 1 }
        { print }
        END { if (!done) put() }' "$OUT" > "$TMP"
    ;;
1)
    awk -v b="$BEGIN" -v e="$END" -v sec="$SECTION" '
        $0 == b {
            print
            while ((getline line < sec) > 0) print line
            close(sec)
            skip = 1
            next
        }
        $0 == e { skip = 0 }
        !skip { print }' "$OUT" > "$TMP"
    ;;
*)
    cp "$SECTION" "$OUT.new"
    echo "bench/results-section.sh: $OUT: the markers of the generated section are not one pair in order;" \
        "left as it is, this run's section is in $OUT.new" >&2
    exit 1
    ;;
esac
mv "$TMP" "$OUT"
