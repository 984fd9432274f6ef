#!/bin/sh
# valgrind memcheck over trygg's end-to-end invocations.
#   scripts/valgrind.sh TRYGG BUILD_TEST_DIR [E2E_PROGRAM...]
# 1. A representative session, each command under valgrind: the bundled example
#    imported as scripts/demo.sh does, `info` in every format, the three bundled
#    evaluations run, refused imports of the bad-input corpus.
# 2. The given end-to-end test programs, with TRYGG_BIN pointing at a wrapper that runs
#    every trygg they start under valgrind.
# Every valgrind log must say "ERROR SUMMARY: 0 errors" (invalid reads and writes,
# uninitialised values, and leaks of the kind "definitely lost" count as errors).
# Exit status 0 if so, 1 otherwise (the offending logs are printed).
set -u
cd "$(dirname "$0")/.." || exit 3
trygg=$(realpath "$1"); shift
testdir=$1; shift
work=$(mktemp -d "${TMPDIR:-/tmp}/trygg-valgrind.XXXXXX")
logs=$work/logs
mkdir -p "$logs"
trap 'rm -rf "$work"' EXIT

wrapper=$work/trygg-vg
cat >"$wrapper" <<EOW
#!/bin/sh
exec valgrind -q --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
    --error-exitcode=1 --track-origins=no --log-file="$logs/%p.log" "$trygg" "\$@"
EOW
chmod +x "$wrapper"

fail=0
run() { # run EXPECTED_STATUS ARGS...
    want=$1; shift
    "$wrapper" "$@" >/dev/null 2>"$work/stderr"
    rc=$?
    # with --error-exitcode=1 a memcheck error on a refused input still shows in its log
    if [ "$rc" -ne "$want" ] && [ "$rc" -ne 1 ]; then
        echo "valgrind: trygg $*: exit $rc, expected $want"; cat "$work/stderr"; fail=1
    fi
}
db=$work/demo.db
ex=examples/osteraker
run 0 --db "$db" import survey surveys/osteraker-2015-2018.ini "$ex/trygghet_2015.csv" "$ex/trygghet_2016.csv" --encoding cp1252
run 0 --db "$db" import survey surveys/osteraker-2015-2018.ini "$ex/trygghet_2017.csv" "$ex/trygghet_2018.csv"
run 0 --db "$db" import survey surveys/osteraker-2019-2022.ini "$ex/trygghet_2019.csv" "$ex/trygghet_2020.csv" "$ex/trygghet_2021.csv" "$ex/trygghet_2022.csv"
run 0 --db "$db" import incidents "$ex/brott_manad.csv" "$ex/brott_dag_centrum.csv" "$ex/fritidsgard_dag.csv" "$ex/aktivitet_manad.csv" "$ex/brott_centrum_lan.csv"
run 0 --db "$db" import interventions "$ex/insatser.csv"
run 0 --db "$db" import interventions "$ex/insatser.csv"   # the same file again: "already imported"
run 0 --db "$db" import interventions --replace "$ex/insatser.csv"
for f in text csv json; do run 0 --db "$db" info --format "$f"; done
for lang in sv en; do
    run 0 --db "$db" run analysis/trygghetscoach.ini analysis/fritidsgard.ini \
        analysis/trygghetsundersokning.ini --out "$work/out-$lang" --lang "$lang"
done
run 2 --db "$db" run --no-such-option
run 2 import
bad=$work/bad.db
run 0 --db "$bad" import survey tests/bad/codebook.ini tests/bad/good_survey.csv
run 0 --db "$bad" import incidents tests/bad/good_incidents.csv
run 0 --db "$bad" import interventions tests/bad/good_interventions.csv
for f in tests/bad/s_*.csv; do run 1 --db "$bad" import survey tests/bad/codebook.ini "$f"; done
for f in tests/bad/i_*.csv; do case $f in *hostile*) continue;; esac
    run 1 --db "$bad" import incidents "$f"; done
for f in tests/bad/v_*.csv; do case $f in *hostile*) continue;; esac
    run 1 --db "$bad" import interventions "$f"; done
for f in tests/bad/cb_*.ini; do run 1 --db "$bad" import survey "$f" tests/bad/good_survey.csv; done
echo "valgrind: representative session: $(ls "$logs" | wc -l) trygg runs"

for prog in "$@"; do
    n0=$(ls "$logs" | wc -l)
    TRYGG_BIN=$wrapper CMOCKA_MESSAGE_OUTPUT=stdout "$testdir/$prog" >"$work/$prog.out" 2>&1 || {
        echo "valgrind: $prog failed under valgrind:"; tail -30 "$work/$prog.out"; fail=1; }
    echo "valgrind: $prog: $(( $(ls "$logs" | wc -l) - n0 )) trygg runs"
done

bad_logs=0
for l in "$logs"/*.log; do
    if [ -s "$l" ] && ! grep -q "ERROR SUMMARY: 0 errors" "$l"; then
        # -q prints nothing for a clean run; anything else is a finding
        echo "---- $l"; cat "$l"; bad_logs=$((bad_logs + 1))
    fi
done
total=$(ls "$logs" | wc -l)
echo "valgrind: $total trygg runs under memcheck, $bad_logs with errors or definite leaks"
status=0
[ "$bad_logs" -eq 0 ] && [ "$fail" -eq 0 ] || status=1
exit "$status"
