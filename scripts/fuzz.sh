#!/bin/sh
# Runs the libFuzzer targets one after another.
#   scripts/fuzz.sh BUILD SECONDS NAME...
# For each NAME: replays fuzz/corpus/NAME (every seed and regression file must pass),
# then fuzzes for SECONDS with build/.../fuzz/fuzz_NAME, the dictionary fuzz/NAME.dict
# if there is one, new inputs kept in BUILD/work/NAME (the committed corpus is only
# read), crashes written to BUILD/crash/NAME/, the log to BUILD/log/NAME.log.
# Prints one line per target: executions, coverage (cov/ft) and corpus size from
# libFuzzer's final stats.  Exits 1 if any target crashed, leaked or timed out.
# FUZZ_SEED: libFuzzer's -seed; FUZZ_RUNS: "NAME=N ...", a fixed number of executions
# per target instead of SECONDS.  make fuzz-smoke sets both, so CI's short run makes
# the same amount of work on any machine, from the same seeds in the same order, with
# the same random choices (libFuzzer is not bit-for-bit reproducible: two such runs
# differ in a few features, so a crash is reproduced from its saved input, not by a
# re-run); SECONDS then only caps a run on a very slow machine.  make fuzz leaves both
# unset: random seed, SECONDS each, to explore.
set -u
build=$1 seconds=$2; shift 2
: "${FUZZ_RSS_MB:=2048}"
: "${FUZZ_TIMEOUT:=60}" # generous: a loaded machine must not report a false timeout
failed=""
for name in "$@"; do
    bin=$build/fuzz/fuzz_$name
    work=$build/work/$name crash=$build/crash/$name log=$build/log/$name.log
    mkdir -p "$work" "$crash" "$(dirname "$log")"
    dict=""
    [ -f "fuzz/$name.dict" ] && dict="-dict=fuzz/$name.dict"
    # shellcheck disable=SC2086
    "$bin" -runs=0 -rss_limit_mb="$FUZZ_RSS_MB" -timeout="$FUZZ_TIMEOUT" \
        -artifact_prefix="$crash/" "fuzz/corpus/$name" >"$log.replay" 2>&1 || {
        echo "fuzz: $name: a committed corpus file fails (see $log.replay)"
        failed="$failed $name"; continue; }
    runs=""
    for pair in ${FUZZ_RUNS:-}; do
        [ "${pair%%=*}" = "$name" ] && runs=${pair#*=}
    done
    if [ -n "$runs" ]; then
        # A fixed number of runs: the seeds are named in sorted order (libFuzzer would
        # read a directory in the file system's order, which differs between machines)
        # and new inputs stay in memory, so no earlier run's inputs change this one.
        seeds=$build/work/$name.seeds
        LC_ALL=C find "fuzz/corpus/$name" -type f | LC_ALL=C sort | paste -sd, - >"$seeds"
        inputs="-runs=$runs -seed_inputs=@$seeds"
    else
        inputs="$work fuzz/corpus/$name"
    fi
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -rss_limit_mb="$FUZZ_RSS_MB" -timeout="$FUZZ_TIMEOUT" \
        ${FUZZ_SEED:+-seed="$FUZZ_SEED"} -max_len=65536 -print_final_stats=1 -artifact_prefix="$crash/" $dict \
        $inputs >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
    if [ -n "$runs" ]; then length="$runs runs"; else length="${seconds}s"; fi
    printf 'fuzz: %-14s %-12s execs %-10s cov %-6s ft %-6s corpus %s\n' \
        "$name" "$length" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
    if [ $rc -ne 0 ]; then
        echo "fuzz: $name FAILED (exit $rc); see $log and $crash/"
        failed="$failed $name"
    fi
done
[ -z "$failed" ] || { echo "fuzz: failed:$failed"; exit 1; }
echo "fuzz: all targets ran clean"
