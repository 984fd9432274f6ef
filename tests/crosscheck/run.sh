#!/bin/sh
# tests/crosscheck/run.sh TRYGG [N] [FIRST_SEED] — the randomized end-to-end cross-check
# against R (`make crosscheck`; not part of `make check`: it needs R with the survey, MASS,
# sandwich, lmtest and quadprog packages).  For each seed FIRST_SEED .. FIRST_SEED+N-1:
#   gen.R    makes a held-out case (codebook, survey CSV, incident CSV, spec) from the seed
#   trygg    import survey + import incidents + run (--no-charts, --lang en)
#   check.R  recomputes every statistic of results.csv in R and compares (METHODS.md)
# Prints every disagreement and a total; exit 1 when there was any.  Environment:
# CROSSCHECK_N (default 20), CROSSCHECK_SEED (default 1), CROSSCHECK_DIR (kept cases;
# default a temporary directory removed at the end), CROSSCHECK_JOBS (parallel, default 1).
set -u
TRYGG=${1:?usage: tests/crosscheck/run.sh TRYGG [N] [FIRST_SEED]}
N=${2:-${CROSSCHECK_N:-20}}
FIRST=${3:-${CROSSCHECK_SEED:-1}}
case $TRYGG in /*) ;; *) TRYGG=$(pwd)/$TRYGG ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
if ! command -v Rscript >/dev/null 2>&1 ||
   ! Rscript -e 'for (p in c("survey", "MASS", "sandwich", "lmtest", "quadprog")) suppressPackageStartupMessages(library(p, character.only = TRUE))' >/dev/null 2>&1; then
    echo "crosscheck: needs Rscript with the survey, MASS, sandwich, lmtest and quadprog packages" >&2
    exit 2
fi
KEEP=${CROSSCHECK_DIR:-}
if [ -n "$KEEP" ]; then WORK=$KEEP; mkdir -p "$WORK"; else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/trygg-crosscheck.XXXXXX")
    trap 'rm -rf "$WORK"' EXIT INT TERM
fi
LOG=$WORK/crosscheck.log
: > "$LOG"
i=0
while [ "$i" -lt "$N" ]; do
    seed=$((FIRST + i))
    C=$WORK/case-$seed
    rm -rf "$C"
    Rscript "$HERE/gen.R" "$seed" "$C" > "$C.gen" 2>&1 || { echo "GENFAIL $seed" | tee -a "$LOG"; i=$((i + 1)); continue; }
    (
        cd "$C" &&
        "$TRYGG" --db t.db import survey codebook.ini survey.csv -q &&
        "$TRYGG" --db t.db import incidents incidents.csv -q &&
        { [ ! -f extra_imports ] || while read -r kind f1 f2; do
              # shellcheck disable=SC2086 # f2 is empty for incidents
              "$TRYGG" --db t.db import "$kind" "$f1" $f2 -q || exit 1; done < extra_imports; } &&
        "$TRYGG" --db t.db run spec.ini --out out --lang en -q --no-charts $(cat run_args)
    ) > "$C/trygg.log" 2>&1
    rc=$?   # (read here: it used to be read after the power loop below, which hid a refusal)
    # a screening with an [alternative] (gen_edge.R's refuse.ini) must be refused at
    # file:line with exit 1 (docs/analysis.md: a screening takes no alternatives)
    if [ $rc -eq 0 ] && [ -f "$C/refuse.ini" ]; then
        (cd "$C" && "$TRYGG" --db t.db run refuse.ini --out out-refuse -q --no-charts) > "$C/refuse.log" 2>&1
        rr=$?
        if [ $rr -ne 1 ] || ! grep -q 'refuse\.ini:[0-9][0-9]*: .*screening.*alternatives' "$C/refuse.log"; then
            echo "MISMATCH $seed refuse.ini (a screening with an alternative): exit $rr, $(head -c 200 "$C/refuse.log" | tr '\n' ' ')" | tee -a "$LOG"
        fi
    fi
    # `trygg power` (gen_ext.R): one call per line of power_args, its CSV and exit status
    if [ -f "$C/power_args" ]; then
        j=0
        while read -r pargs; do
            j=$((j + 1))
            # shellcheck disable=SC2086 # the arguments are words
            "$TRYGG" power $pargs --format csv > "$C/power-$j.csv" 2> "$C/power-$j.err"
            echo $? > "$C/power-$j.rc"
        done < "$C/power_args"
    fi
    if [ $rc -ne 0 ]; then
        echo "REFUSED $seed (exit $rc): $(head -c 300 "$C/trygg.log" | tr '\n' ' ')" | tee -a "$LOG"
    else
        Rscript "$HERE/check.R" "$C" > "$C.check" 2>&1
        # check.R stopped before its summary (an R error): a failure of the check, counted
        grep -q '^SUMMARY' "$C.check" ||
            echo "RERROR $seed check.R stopped: $(tail -c 300 "$C.check" | tr '\n' ' ')" >> "$C.check"
        cat "$C.check" >> "$LOG"
        grep -v '^SUMMARY' "$C.check"
        grep "^SUMMARY" "$C.check" | sed 's/^SUMMARY/seed/' | cut -c1-200
    fi
    [ -n "$KEEP" ] || rm -rf "$C" "$C.gen" "$C.check"
    i=$((i + 1))
done
bad=$(grep -c -E '^(MISMATCH|LOST|MISSING|RERROR|GENFAIL)' "$LOG")
refused=$(grep -c '^REFUSED' "$LOG")
echo "crosscheck: $N seeds from $FIRST: $bad disagreements, $refused cases refused by trygg"
[ "$bad" -eq 0 ]
