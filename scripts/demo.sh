#!/bin/sh
# make demo: imports the bundled SYNTHETIC Österåker example into a fresh database,
# shows what it holds, runs the three bundled evaluations (and, as of its decision
# date, each whose spec has a decision_date) and prints where the reports are.  Usage: scripts/demo.sh path/to/trygg
set -eu
cd "$(dirname "$0")/.."
TRYGG=${1:-build/trygg}
OUT=${OUT:-out} # make bench draws the example into a directory of its own
DB=$OUT/demo.db
EX=examples/osteraker
mkdir -p "$OUT"
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "== importing the synthetic Österåker example into $DB"
# 2015 and 2016 come as old Excel exports in Windows-1252
for y in 2015 2016; do
    "$TRYGG" --db "$DB" import survey surveys/osteraker-2015-2018.ini "$EX/trygghet_$y.csv" --encoding cp1252
done
"$TRYGG" --db "$DB" import survey surveys/osteraker-2015-2018.ini "$EX/trygghet_2017.csv" "$EX/trygghet_2018.csv"
"$TRYGG" --db "$DB" import survey surveys/osteraker-2019-2022.ini \
    "$EX/trygghet_2019.csv" "$EX/trygghet_2020.csv" "$EX/trygghet_2021.csv" "$EX/trygghet_2022.csv"
"$TRYGG" --db "$DB" import incidents "$EX/brott_manad.csv" "$EX/brott_dag_centrum.csv" \
    "$EX/fritidsgard_dag.csv" "$EX/aktivitet_manad.csv" "$EX/brott_centrum_lan.csv"
"$TRYGG" --db "$DB" import interventions "$EX/insatser.csv"
echo
echo "== what the database holds"
"$TRYGG" --db "$DB" info
if "$TRYGG" run --help >/dev/null 2>&1; then
    echo
    echo "== running the bundled evaluations"
    "$TRYGG" --db "$DB" run analysis/trygghetscoach.ini analysis/fritidsgard.ini \
        analysis/trygghetsundersokning.ini --out "$OUT"
    # An evaluation whose spec names the date its decision was due is also run as of
    # that date: the report as it could have been made then, from the data there was.
    asof=""
    for e in trygghetscoach fritidsgard trygghetsundersokning; do
        d=$(sed -n 's/^[[:space:]]*decision_date[[:space:]]*=[[:space:]]*\([0-9-]*\).*/\1/p' \
            "analysis/$e.ini" | head -n 1)
        [ -n "$d" ] || continue
        echo
        echo "== $e as of its decision date $d"
        "$TRYGG" --db "$DB" run "analysis/$e.ini" --as-of "$d" --out "$OUT/asof"
        asof="$asof $e:$d"
    done
    case $OUT in /*) at=$OUT ;; *) at=$(pwd)/$OUT ;; esac
    echo
    echo "Reports:"
    for e in trygghetscoach fritidsgard trygghetsundersokning; do
        echo "  $at/$e/report.html"
    done
    for x in $asof; do
        echo "  $at/asof/${x%%:*}/report.html   (as of ${x#*:}, the decision date)"
    done
fi
