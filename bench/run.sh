#!/bin/sh
# bench/run.sh — trygg's benchmark workloads beside the peers, in one invocation.
#
#   bench/run.sh TRYGG BENCH_GLM            (make bench builds both and calls this)
#
# Workloads (bench/README.md; the same data and work as ../shared/bench):
#   import        the 1M-respondent survey into a new database, validated against its
#                 codebook (bench/survey.ini)    peer: sqlite3 '.import --csv' (no checks)
#   survey-stats  bench/survey-stats.ini: import + run, and run alone on the imported
#                 database                      peers: R + survey (read.csv and fread),
#                                               pandas + scipy, PSPP
#   its           5,800 Poisson ITS fits (bench_glm on the generated incidents), and
#                 the same as a user runs them: import the incidents and run
#                 bench/screening.ini (area = *, category = *) with its reports
#                                               peers: R glm loop, statsmodels
#   charts        the bundled safety-coach evaluation with its charts as a run draws
#                 them by default (SVG, gnuplot), on the example database; also with
#                 --png (each chart as a PNG at 2x too) and with --no-charts; and
#                 every bundled evaluation in one run, as make demo runs them
#                                                              target: <= 0.3 s
#   synth         a synthetic comparison area: weights and 289 placebo fits of a
#                 120-month series (bench_synth, from $BENCH_SYNTH)  target: < 1 s
# Every command is timed with GNU time (wall, user+sys CPU, peak RSS of the largest
# process); one warm-up run, then RUNS runs; the table gives medians, each row's goal
# and whether it is met, and a list under it takes the goals one by one (a goal whose
# workload was not run says so).  Both go to stdout and to bench/RESULTS.md, where they
# replace only the section between its two marker lines; the rest of the file (notes
# and measurements written by hand) is kept (bench/results-section.sh).
#
# Environment: BENCH_RUNS (trygg and sqlite3, default 5), BENCH_PEER_RUNS (R, pandas,
# default 3), BENCH_SLOW_RUNS (PSPP and statsmodels, ~100 s a run, default 1, no
# warm-up), BENCH_PEERS=0 (trygg only), BENCH_N (respondents, default 1000000),
# BENCH_10M=1 (also import + survey-stats on 10M respondents, trygg only; needs ~1 GB
# of disk, deleted afterwards unless BENCH_KEEP=1), BENCH_WORKLOADS (default "import
# survey-stats its charts synth bootstrap"), BENCH_OUT (default bench/RESULTS.md).
set -eu

TRYGG=${1:?usage: bench/run.sh TRYGG BENCH_GLM [BENCH_BOOTSTRAP]}
BENCH_GLM=${2:?usage: bench/run.sh TRYGG BENCH_GLM [BENCH_BOOTSTRAP]}
BENCH_BOOT=${3:-}
case $TRYGG in /*) ;; *) TRYGG=$(pwd)/$TRYGG ;; esac
case $BENCH_GLM in /*) ;; *) BENCH_GLM=$(pwd)/$BENCH_GLM ;; esac
case $BENCH_BOOT in /* | "") ;; *) BENCH_BOOT=$(pwd)/$BENCH_BOOT ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/data
RUNS=${BENCH_RUNS:-5}
PEER_RUNS=${BENCH_PEER_RUNS:-3}
SLOW_RUNS=${BENCH_SLOW_RUNS:-1}
PEERS=${BENCH_PEERS:-1}
N=${BENCH_N:-1000000}
OUT=${BENCH_OUT:-$HERE/RESULTS.md}
WORKLOADS=${BENCH_WORKLOADS:-import survey-stats its charts synth bootstrap}
want() { case " $WORKLOADS " in *" $1 "*) return 0 ;; esac; return 1; }
PY=/usr/bin/python3 # Debian's, with python3-pandas/scipy/statsmodels
TIME=/usr/bin/time

WORK=$(mktemp -d "${TMPDIR:-/tmp}/trygg-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
ROWS=$WORK/rows.txt # workload|size|tool|runs|wall|cpu|rss_mb|status
: > "$ROWS"
LOG=$WORK/log.txt

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------- data
label_of() { # 1000000 -> 1M, 100000 -> 100k
    awk -v n="$1" 'BEGIN { if (n % 1000000 == 0) printf "%dM", n / 1000000;
                           else if (n % 1000 == 0) printf "%dk", n / 1000; else printf "%d", n }'
}
SIZE=$(label_of "$N")
SURVEY=$DATA/survey_$(echo "$SIZE" | tr 'MK' 'mk').csv
INCIDENTS=$DATA/incidents.csv
mkdir -p "$DATA"
if { want import || want survey-stats; } && [ ! -s "$SURVEY" ]; then
    say "bench: generating $SURVEY ($N respondents)"
    python3 "$HERE/gen_survey.py" "$N" "$SURVEY.tmp" && mv "$SURVEY.tmp" "$SURVEY"
fi
if want its && [ ! -s "$INCIDENTS" ]; then
    say "bench: generating $INCIDENTS"
    python3 "$HERE/gen_incidents.py" "$INCIDENTS.tmp" && mv "$INCIDENTS.tmp" "$INCIDENTS"
fi

# ---------------------------------------------------------------- measuring
# measure WORKLOAD SIZE TOOL RUNS WARMUP PREP CMD: PREP runs before every run, untimed.
measure() {
    w=$1 size=$2 tool=$3 runs=$4 warm=$5 prep=$6 cmd=$7
    say "bench: $w $size — $tool ($runs run(s)$( [ "$warm" = 1 ] && echo ', 1 warm-up'))"
    t=$WORK/times.txt
    : > "$t"
    status=ok
    i=0
    total=$runs
    [ "$warm" = 1 ] && total=$((runs + 1))
    while [ $i -lt $total ]; do
        sh -c "$prep" >>"$LOG" 2>&1 || true
        if $TIME -f '%e %U %S %M' -o "$WORK/one.txt" sh -c "$cmd" >>"$LOG" 2>&1; then :; else
            status=failed
            say "bench: FAILED: $cmd (see below)"
            tail -n 5 "$LOG" >&2
        fi
        if [ "$warm" != 1 ] || [ $i -gt 0 ]; then tail -n 1 "$WORK/one.txt" >> "$t"; fi
        i=$((i + 1))
    done
    awk -v w="$w" -v s="$size" -v tool="$tool" -v st="$status" '
        function median(a, n,   i, j, x) {
            for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        { n++; wall[n] = $1; cpu[n] = $2 + $3; rss[n] = $4 / 1024 }
        END { printf "%s|%s|%s|%d|%.3f|%.3f|%.1f|%s\n", w, s, tool, n, median(wall, n),
                     median(cpu, n), median(rss, n), st }' "$t" >> "$ROWS"
    tail -n 1 "$ROWS" | awk -F'|' '{ printf "bench:   median %s s wall, %s s CPU, %s MB\n", $5, $6, $7 }' >&2
}

have() { command -v "$1" >/dev/null 2>&1; }
have_r() { have Rscript && Rscript -e "suppressPackageStartupMessages(library($1))" >/dev/null 2>&1; }
have_py() { $PY -c "import $1" >/dev/null 2>&1; }

DB=$WORK/trygg.db
SQ=$WORK/sqlite.db
RUN_OUT=$WORK/out
CB=$HERE/survey.ini
SPEC=$HERE/survey-stats.ini
# The statistics without the charts (the peers draw none): --no-charts where trygg
# has it.
NOCHARTS=""
if "$TRYGG" run --help 2>&1 | grep -q -- --no-charts; then NOCHARTS=--no-charts; fi
IMPORT="'$TRYGG' --db '$DB' import survey '$CB' '$SURVEY' -q"
RUN="'$TRYGG' --db '$DB' run '$SPEC' --out '$RUN_OUT' --lang en -q $NOCHARTS"
CLEAN="rm -rf '$DB' '$DB-wal' '$DB-shm' '$RUN_OUT'"

# ---------------------------------------------------------------- import
if want import; then
measure import "$SIZE" trygg "$RUNS" 1 "$CLEAN" "$IMPORT"
if [ "$PEERS" = 1 ] && have sqlite3; then
    measure import "$SIZE" "sqlite3 .import" "$RUNS" 1 "rm -f '$SQ'" \
        "sqlite3 '$SQ' '.import --csv $SURVEY survey'"
fi
fi

# ---------------------------------------------------------------- survey-stats
if want survey-stats; then
measure survey-stats "$SIZE" "trygg (import + run)" "$RUNS" 1 "$CLEAN" "$IMPORT && $RUN"
sh -c "$CLEAN && $IMPORT" >>"$LOG" 2>&1
measure survey-stats "$SIZE" "trygg (run alone)" "$RUNS" 1 "rm -rf '$RUN_OUT'" "$RUN"
if [ -n "$NOCHARTS" ] && have gnuplot; then
    measure survey-stats "$SIZE" "trygg (run alone, with charts)" "$PEER_RUNS" 0 \
        "rm -rf '$RUN_OUT'" "TRYGG_PLOTS='$HERE/../plots' '$TRYGG' --db '$DB' run '$SPEC' --out '$RUN_OUT' --lang en -q"
fi
if [ "$PEERS" = 1 ]; then
    if have_r survey; then
        measure survey-stats "$SIZE" "R read.csv + survey" "$PEER_RUNS" 1 : \
            "Rscript '$HERE/peers/peer_r_survey.R' '$SURVEY' base full"
        if have_r data.table; then
            measure survey-stats "$SIZE" "R fread + survey" "$PEER_RUNS" 1 : \
                "Rscript '$HERE/peers/peer_r_survey.R' '$SURVEY' fread full"
        fi
    else say "bench: R with the survey package is not installed: skipped"; fi
    if have_py pandas && have_py scipy; then
        measure survey-stats "$SIZE" "pandas + scipy" "$PEER_RUNS" 1 : \
            "$PY '$HERE/peers/peer_py_survey.py' '$SURVEY' full"
    else say "bench: pandas/scipy are not installed: skipped"; fi
    if have pspp; then
        measure survey-stats "$SIZE" "PSPP" "$SLOW_RUNS" 0 : \
            "sh '$HERE/peers/peer_pspp_survey.sh' '$SURVEY' full"
    else say "bench: pspp is not installed: skipped"; fi
fi
fi

# ---------------------------------------------------------------- its
ITS_CHECK="not run"
if want its; then
measure its "5,800 fits" "trygg (bench_glm)" "$RUNS" 1 : "'$BENCH_GLM' '$INCIDENTS'"
measure its "696k rows" "trygg import incidents" "$RUNS" 1 "$CLEAN" \
    "'$TRYGG' --db '$DB' import incidents '$INCIDENTS' -q"
SCREEN_RUN="'$TRYGG' --db '$DB' run '$HERE/screening.ini' --out '$RUN_OUT' --lang en -q $NOCHARTS"
measure its "5,800 fits" "trygg (import + screening run)" "$RUNS" 1 "$CLEAN" \
    "'$TRYGG' --db '$DB' import incidents '$INCIDENTS' -q && $SCREEN_RUN"
sh -c "$CLEAN && '$TRYGG' --db '$DB' import incidents '$INCIDENTS' -q" >>"$LOG" 2>&1
measure its "5,800 fits" "trygg (screening run alone)" "$RUNS" 1 "rm -rf '$RUN_OUT'" "$SCREEN_RUN"
if [ "$PEERS" = 1 ]; then
    if have Rscript; then
        # (each run also writes R's estimates, a 5,800-row CSV, for the check below)
        measure its "5,800 fits" "R glm loop" "$PEER_RUNS" 1 : \
            "Rscript '$HERE/peers/peer_r_its.R' '$INCIDENTS' full '$WORK/r_its.csv'"
        # the same estimates: bench_glm compares every fit with R's (METHODS: 1e-4)
        # (a value trygg reports as not estimable is NaN there and counts as outside)
        if [ -s "$WORK/r_its.csv" ]; then
            "$BENCH_GLM" "$INCIDENTS" "$WORK/r_its.csv" > "$WORK/its_check.txt" 2>&1 || true
            ITS_CHECK="$(grep -m1 'compared with R' "$WORK/its_check.txt" || echo 'comparison failed')"
            if grep -q '^mismatch' "$WORK/its_check.txt"; then
                ITS_CHECK="$ITS_CHECK; outside: $(grep '^mismatch' "$WORK/its_check.txt" | head -n 4 |
                    sed 's/^mismatch //' | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
            fi
        else
            ITS_CHECK="R's estimates were not written (see the log)"
        fi
    fi
    if have_py statsmodels; then
        measure its "5,800 fits" "statsmodels" "$SLOW_RUNS" 0 : \
            "$PY '$HERE/peers/peer_py_its.py' '$INCIDENTS' full"
    else say "bench: statsmodels is not installed: skipped"; fi
fi
fi

# ---------------------------------------------------------------- charts (trygg only)
# The bundled safety-coach evaluation with every chart drawn as a run draws them by
# default (SVG only since 2026-12-06; one gnuplot per core, the first started before
# the evaluation, each chart installed as soon as it is drawn), then with --png (PNGs
# at 2x as well: the former default) and without charts.
if want charts && have gnuplot; then
    EXDB=$WORK/example.db
    sh -c "cd '$HERE/..' && OUT='$WORK/example' sh scripts/demo.sh '$TRYGG'" >>"$LOG" 2>&1 || true
    if [ -s "$WORK/example/demo.db" ]; then
        cp "$WORK/example/demo.db" "$EXDB"
        # as many charts as the demo's run of the same evaluation drew
        NCHARTS=$(ls "$WORK/example/trygghetscoach/charts/" 2>/dev/null | grep -c '\.svg$' || true)
        measure charts "$NCHARTS charts" "trygg (coach evaluation with charts)" "$RUNS" 1 \
            "rm -rf '$RUN_OUT'" \
            "cd '$HERE/..' && '$TRYGG' --db '$EXDB' run analysis/trygghetscoach.ini --out '$RUN_OUT' -q"
        if "$TRYGG" run --help 2>&1 | grep -q -- --png; then
            measure charts "$NCHARTS charts" "trygg (coach evaluation with charts, --png)" "$RUNS" 1 \
                "rm -rf '$RUN_OUT'" \
                "cd '$HERE/..' && '$TRYGG' --db '$EXDB' run analysis/trygghetscoach.ini --out '$RUN_OUT' -q --png"
        fi
        measure charts "$NCHARTS charts" "trygg (coach evaluation, no charts)" "$RUNS" 1 \
            "rm -rf '$RUN_OUT'" \
            "cd '$HERE/..' && '$TRYGG' --db '$EXDB' run analysis/trygghetscoach.ini --out '$RUN_OUT' -q --no-charts"
        # every bundled evaluation in one run, as make demo runs them (no goal: context)
        NALL=$(ls "$WORK"/example/*/charts/ 2>/dev/null | grep -c '\.svg$' || true)
        measure charts "$NALL charts" "trygg (all bundled evaluations, as make demo runs them)" \
            "$RUNS" 1 "rm -rf '$RUN_OUT'" \
            "cd '$HERE/..' && '$TRYGG' --db '$EXDB' run analysis/*.ini --out '$RUN_OUT' -q"
    else say "bench: the example database could not be made: charts skipped"; fi
fi

# ---------------------------------------------------------------- synth (trygg only)
# The synthetic control's weights and its 289 placebo fits (every donor treated in
# turn), one target and 289 donors of 120 months; no peer in R's base (quadprog loop).
SYNTH_DETAIL="not run"
BENCH_SYNTH=${BENCH_SYNTH:-}
case $BENCH_SYNTH in /* | "") ;; *) BENCH_SYNTH=$(pwd)/$BENCH_SYNTH ;; esac
if want synth && [ -n "$BENCH_SYNTH" ]; then
    measure synth "289 donors x 120 months" "trygg (bench_synth)" "$RUNS" 1 : \
        "'$BENCH_SYNTH' > '$WORK/synth.txt'"
    SYNTH_DETAIL=$(sed 's/^synth: //' "$WORK/synth.txt")
fi

# ---------------------------------------------------------------- bootstrap (trygg only)
# bench_bootstrap: 10,000 resamples (percentile + BCa) of Cliff's delta between two
# groups of 100,000 respondents, and the one-pass svyby over 1M respondents; no peer
# (METHODS.md gives none), the times of each part go into the notes.
BOOT_DETAIL="not run"
if want bootstrap && [ -n "$BENCH_BOOT" ]; then
    measure bootstrap "10,000 x 2 x 100k; svyby 1M" "trygg (bench_bootstrap)" "$RUNS" 1 : \
        "'$BENCH_BOOT' > '$WORK/boot.txt'"
    BOOT_DETAIL=$(grep -E '^(bootstrap|svyby)' "$WORK/boot.txt" | sed 's/  */ /g' | tr '\n' ';' |
        sed 's/;$//; s/;/; /g')
fi

# ---------------------------------------------------------------- 10M (trygg only)
if [ "${BENCH_10M:-0}" = 1 ]; then
    BIG=$DATA/survey_10m.csv
    if [ ! -s "$BIG" ]; then
        say "bench: generating $BIG (10M respondents, ~0.9 GB)"
        python3 "$HERE/gen_survey.py" 10000000 "$BIG.tmp" && mv "$BIG.tmp" "$BIG"
    fi
    BIG_IMPORT="'$TRYGG' --db '$DB' import survey '$CB' '$BIG' -q"
    measure import 10M trygg 1 0 "$CLEAN" "$BIG_IMPORT"
    measure survey-stats 10M "trygg (run alone)" 1 0 "rm -rf '$RUN_OUT'" "$RUN"
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$BIG"
fi

# ---------------------------------------------------------------- the table
# Each row's goal (issue 7, issue 15) and whether it is met.  A ratio row compares a peer
# with the trygg row of the same work: wall time over wall time (the issue's measure) and,
# beside it, CPU time over CPU time (steadier when the machine is shared; a goal met by one
# and not the other says so).
TABLE=$WORK/table.md
awk -F'|' '
    { w[NR] = $1; s[NR] = $2; t[NR] = $3; n[NR] = $4; wall[NR] = $5; cpu[NR] = $6; rss[NR] = $7; st[NR] = $8 }
    function ref(i,   k) { # the trygg row this peer row is compared with
        for (k = 1; k <= NR; k++)
            if (w[k] == w[i] && s[k] == s[i] && t[k] ~ /^trygg/ &&
                (w[i] != "survey-stats" || t[k] == "trygg (import + run)") &&
                (w[i] != "its" || t[k] == "trygg (bench_glm)")) return k
        return 0
    }
    function row_of(wl, size, tool,   k) {
        for (k = 1; k <= NR; k++) if (w[k] == wl && s[k] == size && t[k] == tool) return k
        return 0
    }
    function target(i) {
        if (w[i] == "import" && t[i] == "sqlite3 .import") return "<= 0.333"
        if (w[i] == "survey-stats" && t[i] ~ /pandas/) return "<= 0.1"
        if (w[i] == "survey-stats" && t[i] ~ /^R /) return "<= 0.05"
        if (w[i] == "its" && t[i] == "R glm loop") return "<= 0.05"
        if (t[i] == "trygg (run alone)" && s[i] != "10M") return "<= 0.25 s"
        if (t[i] == "trygg (coach evaluation with charts)") return "<= 0.3 s"
        if (t[i] == "trygg (bench_synth)") return "<= 1 s"
        if (w[i] == "import" && t[i] == "trygg" && s[i] != "10M") return "<= 0.4 s CPU, <= 64 MB"
        if (w[i] == "import" && t[i] == "trygg") return "<= 64 MB"
        if (w[i] == "survey-stats" && t[i] == "trygg (run alone)" && s[i] == "10M") return "<= 2x the 1M peak RSS"
        return ""
    }
    function verdict(ok_wall, ok_cpu) {
        if (ok_wall && ok_cpu) return "met"
        if (!ok_wall && !ok_cpu) return "not met"
        return ok_wall ? "met (wall; not by CPU)" : "not met (wall; met by CPU)"
    }
    function ratio_row(i, tool, k,   q, qc, tg, a) { # peer row i against the trygg row k
        q = wall[k] / wall[i]; qc = (cpu[i] > 0) ? cpu[k] / cpu[i] : 0
        tg = target(i); split(tg, a, " ")
        printf "| %s | %s | %s | %d | %.2f | %.2f | %.0f | %.3f | %.3f | %s | %s |\n",
               w[i], s[i], tool, n[i], wall[i], cpu[i], rss[i], q, qc, tg,
               (st[i] != "ok" || st[k] != "ok") ? "FAILED" : (tg == "" ? "" : verdict(q <= a[2] + 0, qc <= a[2] + 0))
    }
    END {
        print "| workload | size | tool | runs | median wall (s) | median CPU user+sys (s) | median peak RSS (MB) | trygg/peer (wall) | trygg/peer (CPU) | goal | |"
        print "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
        for (i = 1; i <= NR; i++) {
            k = (t[i] ~ /^trygg/) ? 0 : ref(i)
            if (k && wall[i] > 0) {
                ratio_row(i, t[i], k)
            } else {
                tg = target(i); v = ""
                if (tg ~ / s$/) { split(tg, a, " "); v = (wall[i] <= a[2] + 0) ? "met" : "not met" }
                else if (tg == "<= 64 MB") v = (rss[i] <= 64) ? "met" : "not met"
                else if (tg ~ /CPU/) {
                    v = (cpu[i] <= 0.4) ? "CPU met" : "CPU not met"
                    v = v ((rss[i] <= 64) ? ", memory met" : ", memory not met")
                } else if (tg ~ /2x/) {
                    k1 = 0 # the run alone at the default size
                    for (j = 1; j <= NR; j++) if (w[j] == "survey-stats" && t[j] == "trygg (run alone)" && s[j] != "10M" && !k1) k1 = j
                    if (k1) { v = sprintf("%s (%.1fx the %.0f MB at 1M)", (rss[i] <= 2 * rss[k1]) ? "met" : "not met", rss[i] / rss[k1], rss[k1]) }
                    else v = "no 1M run to compare"
                }
                if (st[i] != "ok") v = "FAILED"
                printf "| %s | %s | %s | %d | %.2f | %.2f | %.0f |  |  | %s | %s |\n",
                       w[i], s[i], t[i], n[i], wall[i], cpu[i], rss[i], tg, v
            }
            # the R glm loop also against the product path (import + screening run): issue 15
            if (t[i] == "R glm loop" && wall[i] > 0) {
                k = row_of("its", s[i], "trygg (import + screening run)")
                if (k) ratio_row(i, "R glm loop (vs trygg import + screening run)", k)
            }
        }
    }' "$ROWS" > "$TABLE"

# The goals one by one (issue 7 and issue 15's "Done when"), each with what this run
# measured and whether it is met; a goal whose workload was not run says so.
GOALS=$WORK/goals.md
awk -F' [|] ' '
    function trim(x) { gsub(/^[| ]+|[| ]+$/, "", x); return x }
    NR > 2 { n++; for (c = 1; c <= 11; c++) col[n, c] = trim($c) }
    function find(wl, tool, size,   i) {
        for (i = 1; i <= n; i++)
            if (col[i, 1] == wl && col[i, 3] == tool && (size == "" || col[i, 2] == size)) return i
        for (i = 1; i <= n; i++) # the default size, whatever it is (BENCH_N)
            if (col[i, 1] == wl && col[i, 3] == tool && col[i, 2] != "10M" && size == "") return i
        return 0
    }
    function goal(text, wl, tool, size, what,   i, m) {
        i = find(wl, tool, size)
        if (!i) { printf "- %s — not measured in this run\n", text; return }
        if (what == "ratio") m = sprintf("%s by wall time, %s by CPU time", col[i, 8], col[i, 9])
        else if (what == "cpu") m = sprintf("%s s CPU, %s MB", col[i, 6], col[i, 7])
        else if (what == "rss") m = sprintf("%s MB", col[i, 7])
        else m = sprintf("%s s wall (%s s CPU)", col[i, 5], col[i, 6])
        printf "- %s — %s: **%s**\n", text, m, col[i, 11] == "" ? "no verdict" : col[i, 11]
    }
    END {
        goal("import 1M respondents, validated: <= 0.4 s CPU and <= 64 MB", "import", "trygg", "", "cpu")
        goal("import against sqlite3 `.import`: <= 1/3", "import", "sqlite3 .import", "", "ratio")
        goal("survey-stats import + run against R `fread` + survey: <= 1/20", "survey-stats", "R fread + survey", "", "ratio")
        goal("survey-stats import + run against pandas + SciPy: <= 1/10", "survey-stats", "pandas + scipy", "", "ratio")
        goal("survey-stats run alone: <= 0.25 s", "survey-stats", "trygg (run alone)", "", "wall")
        goal("survey-stats run at 10M: peak memory <= 2x the 1M run", "survey-stats", "trygg (run alone)", "10M", "rss")
        goal("its, the fitting harness against R glm loop: <= 1/20", "its", "R glm loop", "", "ratio")
        goal("its as a user runs it (import + screening run) against R glm loop: <= 1/20", "its", "R glm loop (vs trygg import + screening run)", "", "ratio")
        goal("a bundled evaluation with charts (the coach evaluation): <= 0.3 s", "charts", "trygg (coach evaluation with charts)", "", "wall")
        goal("synthetic control, 289 placebo fits: <= 1 s", "synth", "trygg (bench_synth)", "", "wall")
    }' "$TABLE" > "$GOALS"

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
# Only the marked section of RESULTS.md is this run's; the notes written by hand around
# it are kept (bench/results-section.sh).
SECTION=$WORK/section.md
{
    echo "## The last \`make bench\` run"
    echo
    echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo
    echo "- machine: $(nproc) cores, $CPU, $MEM RAM; $(uname -sr)"
    echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes wall times noisy; the medians damp it)"
    echo "- trygg $("$TRYGG" --version 2>/dev/null | head -n 1), built with the default flags (OPT=-O2 -g, no -march)"
    echo "- runs: trygg and sqlite3 $RUNS after a warm-up; R and pandas $PEER_RUNS after a warm-up; PSPP and statsmodels $SLOW_RUNS"
    echo "- its: the estimates of every fit checked against R's: $ITS_CHECK"
    echo "- bootstrap (last run's parts): $BOOT_DETAIL"
    echo "- synth (last run): $SYNTH_DETAIL"
    [ -n "$NOCHARTS" ] && echo "- \`trygg run\` is timed with --no-charts (statistics, report.html/md, results.csv/xlsx, run.json); with charts it is timed once more on its own row"
    echo "- charts: the coach evaluation as a run draws it by default (its charts as SVG), with --png (a PNG at 2x of each chart too) and with --no-charts; CPU includes gnuplot's"
    echo
    echo "Ratios are trygg's median over the peer's, from the same invocation: wall time (the goals' measure) and, beside it, CPU time (user + sys; steadier when other work shares the machine). survey-stats compares trygg import + run with each peer; its compares bench_glm (the fitting harness) and, on its own row, import + screening run (the product path) with R's glm loop. What dominates each workload and what still falls short: README.md, \"Performance\"."
    echo
    cat "$TABLE"
    echo
    echo "Goals:"
    echo
    cat "$GOALS"
} > "$SECTION"
written=1
"$HERE/results-section.sh" "$SECTION" "$OUT" || written=0
cat "$TABLE"
echo
echo "Goals:"
cat "$GOALS"
if [ "$written" = 1 ]; then
    say "bench: written $OUT (its generated section)"
else
    say "bench: $OUT not written (see above)"
    exit 1
fi
