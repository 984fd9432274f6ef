#!/bin/bash
# Fault soak: every trygg command under libfiu's fault injection (fiu-run -x), many
# fault points and random rounds, with every failure checked.  NOT part of `make check`
# (it takes as long as it is given); `make fault-soak` runs it on the ASan build.
#
#   scripts/fault-soak.sh [TRYGG]       (default build/asan/trygg)
#
# Environment:
#   ROUNDS=N      random rounds per probability and scenario (default 6)
#   PROBS="..."   probabilities of the random rounds (default "0.003 0.02 0.1")
#   SETS="..."    fault-point sets the random rounds enable (default posix/io/* and
#                 posix/stdio/*)
#   SEED0=N       first libfiu PRNG seed (FIU_PRNG_SEED; default: from the clock, so
#                 each soak explores new rounds; every finding prints its seed)
#   ONLY=REGEX    only the scenarios whose name matches
#   ALWAYS=0      skip the always-failing single points
#   FINDINGS=DIR  where findings go (default fault-soak-findings/)
#
# A round is one command with one fault setting on a fresh copy of a database that holds
# the bundled example.  It is a finding when:
#   - a sanitizer (ASan, LSan, UBSan) reports anything (full stacks: log_path), or
#     trygg dies by a signal, or exits with a status other than 0, 1 or 3, or exits 1
#     (refused data) with an I/O error (EIO, ENOSPC, ENOMEM ..., or "cannot read" of a
#     file that opened, whatever its errno: that is 3);
#   - it exits non-zero without a message on stderr (allowed only when stdio itself
#     was failing, which may eat the message), or says an I/O error is a foreign or
#     damaged database;
#   - the database fails integrity_check or foreign_key_check, or it changed although the
#     command failed or only reads; or a successful import/remove left it different
#     from the same command without faults (timestamps aside);
#   - it exited 0 but its output (stdout, --output file, results.csv, tables, codebook
#     draft) differs from the fault-free output, or a report under its real name is cut
#     short.
# Each finding is a directory FINDINGS/NNN-scenario with the command, fault, seed,
# stderr, sanitizer logs and a replay line.  Exit status 0 when nothing was found.
set -u
cd "$(dirname "$0")/.." || exit 3
root=$(pwd)
trygg=$(realpath "${1:-build/asan/trygg}")
ROUNDS=${ROUNDS:-6}
PROBS=${PROBS:-"0.003 0.02 0.1"}
SETS=${SETS:-"posix/io/* posix/stdio/*"}
SEED0=${SEED0:-$(($(date +%s) % 100000 * 1000))}
ONLY=${ONLY:-}
ALWAYS=${ALWAYS:-1}
FINDINGS=${FINDINGS:-$root/fault-soak-findings}
command -v fiu-run >/dev/null || { echo "fault-soak: fiu-run missing (scripts/install-deps.sh test)"; exit 3; }
command -v sqlite3 >/dev/null || { echo "fault-soak: sqlite3 missing"; exit 3; }

work=$(mktemp -d "${TMPDIR:-/tmp}/trygg-soak.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$FINDINGS"

# An ASan build needs libasan first in LD_PRELOAD, before libfiu's (see
# tests/e2e/test_faults.c); a shell between fiu-run and trygg puts it there.
asan=$(ldd "$trygg" | awk '/libasan/ {print $3}')
# libfiu's own one-time allocations; and minizip's (libxlsxwriter's zip writer) when a
# write of the workbook fails: zipOpenNewFileInZip4_64 keeps a header nobody frees on that
# path (found by this soak under posix/stdio/rw/fwrite; a library's leak, at most once a run)
printf 'leak:fiu_run_preload.so\nleak:fiu_posix_preload.so\nleak:zipOpenNewFileInZip4_64\n' >"$work/lsan.supp"
export LSAN_OPTIONS="suppressions=$work/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1"

ex=$root/examples/osteraker
cb15=$root/surveys/osteraker-2015-2018.ini
cb19=$root/surveys/osteraker-2019-2022.ini
export TRYGG_PLOTS=$root/plots
export TRYGG_THREADS=1 # the workbook on the main thread: a finding replays

# ---------------------------------------------------------------- the fault-free world
base=$work/base.db
t() { "$trygg" --db "$base" "$@" >/dev/null 2>"$work/setup.err" || { echo "fault-soak: setup failed: trygg $*"; cat "$work/setup.err"; exit 3; }; }
echo "fault-soak: building the base database with $trygg"
t import survey "$cb15" "$ex/trygghet_2015.csv" "$ex/trygghet_2016.csv" --encoding cp1252
t import survey "$cb15" "$ex/trygghet_2017.csv" "$ex/trygghet_2018.csv"
t import survey "$cb19" "$ex/trygghet_2019.csv" "$ex/trygghet_2020.csv" "$ex/trygghet_2021.csv"
t import incidents "$ex/brott_manad.csv" "$ex/brott_dag_centrum.csv" "$ex/fritidsgard_dag.csv" \
    "$ex/aktivitet_manad.csv"
t import interventions "$ex/insatser.csv"
# a small survey of its own (the one test_faults uses), for a new import and an export
cat >"$work/fa.ini" <<'EOF'
[survey]
id = fa
title.en = Faults
[columns]
respondent = ID
wave = AR
area = OMRADE
[area]
value.1 = Norr
value.2 = Söder
[background KON]
value.1 = Man
value.2 = Kvinna
[question Q1]
text.en = Unsafe?
value.1 = Trygg
value.2 = Otrygg
indicator = 2
EOF
{
    echo "ID;AR;OMRADE;KON;Q1"
    for i in $(seq 0 399); do echo "$((i + 1));$((2018 + i % 2));$((1 + i / 2 % 2));$((1 + i / 3 % 2));$((1 + i * 7 / 3 % 2))"; done
} >"$work/fa-a.csv"
t import survey "$work/fa.ini" "$work/fa-a.csv"
{
    echo "ID;AR;OMRADE;KON;Q1"
    for i in $(seq 0 2999); do echo "$((i + 1));$((2020 + i % 2));$((1 + i / 2 % 2));$((1 + i / 3 % 2));$((1 + i * 7 / 3 % 2))"; done
} >"$work/fa-b.csv"
"$trygg" --db "$base" export survey fa --format sav --output "$work/fa.sav" >/dev/null 2>&1 ||
    { echo "fault-soak: setup failed: export sav"; exit 3; }

# A dump with the import timestamps masked: a successful import made under faults is
# compared with the same import made without.  A run of a spec with criteria records
# them as seen (criteria_seen, the pre-registration log) before its outputs are written,
# also when writing them then fails: those rows are left out (integrity still checked).
dump() {
    sqlite3 "$1" .dump 2>&1 | grep -v '^INSERT INTO criteria_seen ' |
        sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g'
}
integrity() { # prints what is wrong, nothing when the database is sound
    local r
    r=$(sqlite3 "$1" 'PRAGMA integrity_check; PRAGMA foreign_key_check;' 2>&1)
    [ "$r" = ok ] || echo "$r"
}
dump "$base" >"$work/base.dump"

# ---------------------------------------------------------------- scenarios
# name|kind|args (kind: ro = reads the database only, rw = changes it on success,
# new = creates a database).  OUT, WORK stand for the round's output directory and the
# work directory; outputs compared with the fault-free run are listed in out_files.
scenarios=(
    "import-survey-new|rw|import survey $work/fa.ini $work/fa-b.csv"
    "import-survey-replace|rw|import survey $cb19 $ex/trygghet_2021.csv --replace"
    "import-survey-2022|rw|import survey $cb19 $ex/trygghet_2022.csv"
    "import-survey-sav|new|import survey $work/fa.ini $work/fa.sav"
    "import-incidents|rw|import incidents $ex/brott_centrum_lan.csv"
    "import-interventions-replace|rw|import interventions $ex/insatser.csv --replace"
    "import-newdb|new|import survey $work/fa.ini $work/fa-a.csv"
    "remove|rw|remove import 1 --force"
    "info|ro|info"
    "info-json|ro|info --format json"
    "info-survey|ro|info survey osteraker"
    "export-csv|ro|export survey fa --output OUT/export.csv --codebook-out OUT/export.ini"
    "export-sav|ro|export survey fa --format sav --output OUT/export.sav"
    "export-incidents|ro|export incidents --output OUT/incidents.csv"
    "codebook|ro|codebook from-sav $work/fa.sav"
    "power|ro|power --p1 0.3 --p2 0.25 --deff 1.4"
    "check|ro|run --check $root/analysis/trygghetscoach.ini $root/analysis/fritidsgard.ini"
    "run-survey|ro|run $root/analysis/trygghetsundersokning.ini --out OUT --no-charts --tables"
    "run-coach|ro|run $root/analysis/trygghetscoach.ini --out OUT --no-charts --lang en"
    "run-charts|ro|run $root/analysis/fritidsgard.ini --out OUT"
    "run-asof|ro|run $root/analysis/trygghetscoach.ini --out OUT --no-charts --as-of 2019-06-30"
    "init|ro|init OUT/ws"
)

expand() { local a=${1//OUT/$2}; echo "${a//WORK/$work}"; }

# the files of an output directory that must equal the fault-free run's (reports carry
# the run time; run.json must parse and report.html be whole instead)
out_files() {
    (cd "$1" 2>/dev/null && find . -type f \( -name '*.csv' -o -name '*.ini' -o -name '*.sav' \
        -o -name '*.md' -a -path './ws/*' \) ! -name '.*' | sort)
}

declare -A ref_rc
refdir=$work/ref
mkdir -p "$refdir"
echo "fault-soak: fault-free reference runs"
for s in "${scenarios[@]}"; do
    IFS='|' read -r name kind args <<<"$s"
    [ -n "$ONLY" ] && ! [[ $name =~ $ONLY ]] && continue
    d=$refdir/$name
    mkdir -p "$d/out"
    db=$d/db
    [ "$kind" = new ] || cp "$base" "$db"
    # shellcheck disable=SC2046 # the arguments hold no blanks
    "$trygg" --db "$db" $(expand "$args" "$d/out") >"$d/stdout" 2>"$d/stderr"
    ref_rc[$name]=$?
    dump "$db" >"$d/dump"
    if [ "${ref_rc[$name]}" -ne 0 ]; then
        echo "fault-soak: $name fails without faults (exit ${ref_rc[$name]}):"; cat "$d/stderr"; exit 3
    fi
done

# ---------------------------------------------------------------- rounds
nfind=$(find "$FINDINGS" -mindepth 1 -maxdepth 1 -type d | wc -l)
found=0
rounds=0
declare -A tally

finding() { # finding WHAT (the round's variables in scope)
    nfind=$((nfind + 1))
    found=$((found + 1))
    local f
    f=$(printf '%s/%03d-%s' "$FINDINGS" "$nfind" "$name")
    mkdir -p "$f"
    {
        echo "what:    $1"
        echo "command: trygg --db DB $(expand "$args" OUT)"
        echo "fault:   $fault"
        echo "seed:    ${seed:-none} (FIU_PRNG_SEED)"
        echo "exit:    $rc"
        echo "replay:  ONLY='^$name\$' ALWAYS=${always_replay} SEED0=${seed:-0} ROUNDS=1 PROBS='${prob:-}' SETS='${set:-}' scripts/fault-soak.sh $trygg"
    } >"$f/README"
    cp "$r/stderr" "$f/stderr" 2>/dev/null
    cp "$r/stdout" "$f/stdout" 2>/dev/null
    cp "$r"/san.* "$f/" 2>/dev/null
    echo "  FINDING $(basename "$f"): $1 [$fault seed=${seed:-none} exit=$rc]"
}

# Two outputs are the same; a .sav's header holds the time it was written (bytes 92-108,
# "06 Dec 26" "11:47:14", ReadStat's writer), which is masked: without, every export
# made in another second was a finding (2026-12-06).
same_output() {
    case $1 in
    *.sav) cmp -s <(head -c 92 "$1"; tail -c +110 "$1") <(head -c 92 "$2"; tail -c +110 "$2") ;;
    *) cmp -s "$1" "$2" ;;
    esac
}

one_round() { # one_round NAME KIND ARGS FAULT [SEED]
    name=$1 kind=$2 args=$3 fault=$4 seed=${5:-}
    rounds=$((rounds + 1))
    r=$work/round
    rm -rf "$r"
    mkdir -p "$r/out"
    db=$r/db
    [ "$kind" = new ] || cp "$base" "$db"
    local pre=() env=(FIU_PRNG_SEED="${seed:-1}")
    [ -n "$asan" ] && pre=(/bin/sh -c 'LD_PRELOAD="$0 $LD_PRELOAD" exec "$@"' "$asan")
    # shellcheck disable=SC2046
    env "${env[@]}" ASAN_OPTIONS="log_path=$r/san:log_exe_name=1:detect_leaks=1" \
        UBSAN_OPTIONS="print_stacktrace=1:log_path=$r/san:log_exe_name=1" \
        fiu-run -x -f "" -c "$fault" "${pre[@]}" "$trygg" --db "$db" \
        $(expand "$args" "$r/out") >"$r/stdout" 2>"$r/stderr"
    rc=$?
    local d=$refdir/$name problem=
    tally[$name.$rc]=$((${tally[$name.$rc]:-0} + 1))
    # every round, one line: what was run and how it ended (FINDINGS/rounds.log)
    printf '%s\t%s\tseed=%s\texit=%s\t%s\n' "$name" "${fault%%$'\n'*}" "${seed:-}" "$rc" \
        "$(head -n 1 "$r/stderr" | cut -c 1-200)" >>"$FINDINGS/rounds.log"
    # logs are named san.EXE.PID: a sanitizer in a child (gnuplot inherits LD_PRELOAD,
    # libasan included) is not trygg's, and is kept apart
    if ls "$r"/san."$(basename "$trygg")".* >/dev/null 2>&1; then
        finding "sanitizer report"
    fi
    if ls "$r"/san.* 2>/dev/null | grep -v -q "/san\.$(basename "$trygg")\."; then
        mkdir -p "$FINDINGS/child-reports"
        cp "$r"/san.* "$FINDINGS/child-reports/" 2>/dev/null
    fi
    if [ "$rc" -gt 128 ]; then finding "died by signal $((rc - 128))"
    elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ "$rc" -ne 3 ]; then finding "exit status $rc"
    elif [ "$rc" -eq 1 ] && grep -q -E 'Input/output error|No space left|Cannot allocate memory|Too many open files|File too large|Interrupted system call|cannot read( codebook)?: ' "$r/stderr"; then
        # an I/O error is a system failure (exit 3, util/io.h), never refused data; so is
        # any failed read of a file that opened, whatever errno the fault gave (libfiu's
        # fread failed with ENXIO, read with EISDIR: both exited 1 until 2026-12-06)
        finding "an I/O error exited 1 (refused data), not 3"
    fi
    if [ "$rc" -ne 0 ] && ! [ -s "$r/stderr" ] && [[ $fault != *stdio* ]]; then
        finding "failed without a message"
    fi
    if grep -q -i -E 'not an SQLite|malformed|not a database|file is damaged' "$r/stderr"; then
        finding "an I/O failure reported as a damaged/foreign database"
    fi
    if [ -e "$db" ] && [ "$kind" != new ] && ! [ -e "$db-wal" ] && ! [ -e "$db-journal" ] &&
        cmp -s "$db" "$base"; then
        : # not a byte changed: nothing to check (the common case, and dumps are slow)
    elif [ -e "$db" ]; then
        problem=$(integrity "$db")
        [ -n "$problem" ] && finding "database damaged: $problem"
        dump "$db" >"$r/dump"
        if [ "$rc" -eq 0 ] && [ "$kind" != ro ]; then
            cmp -s "$r/dump" "$d/dump" || finding "import/remove succeeded but the database differs from the fault-free one"
        elif [ "$kind" != ro ] && grep -q 'standard output' "$r/stderr" && cmp -s "$r/dump" "$d/dump"; then
            : # done and committed, then only the summary could not be written: said so, exit 3
        elif [ "$kind" != new ]; then
            cmp -s "$r/dump" "$work/base.dump" || finding "database changed (exit $rc, read-only or failed command)"
        elif [ "$rc" -ne 0 ] && [ -s "$r/dump" ] && grep -q 'INSERT INTO respondent' "$r/dump"; then
            finding "failed import into a new database left respondents"
        fi
    fi
    if [ "$rc" -eq 0 ]; then
        # (the names of the output directory and the database aside)
        cmp -s <(sed "s|$r/out|OUT|g; s|$r/db|DB|g" "$r/stdout") \
            <(sed "s|$d/out|OUT|g; s|$d/db|DB|g" "$d/stdout") ||
            finding "exit 0 but stdout differs from the fault-free run"
        local f
        for f in $(out_files "$d/out"); do
            same_output "$r/out/$f" "$d/out/$f" || { finding "exit 0 but $f differs from the fault-free run"; break; }
        done
    fi
    local h
    for h in $(cd "$r/out" && find . -name report.html); do
        tail -c 8 "$r/out/$h" | grep -q '</html>' || finding "$h cut short"
    done
    for h in $(cd "$r/out" && find . -name run.json); do
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$r/out/$h" 2>/dev/null ||
            finding "$h does not parse"
    done
    if [ "$rc" -eq 0 ] && find "$r/out" -name '.*.tmp-*' | grep -q .; then
        finding "exit 0 but a temporary file is left: $(find "$r/out" -name '.*.tmp-*' | head -1)"
    fi
}

always_points=(posix/io/rw/write posix/io/rw/write/reduce posix/io/rw/pwrite posix/io/rw/pwrite/reduce
    posix/io/sync/fsync posix/io/sync/fdatasync posix/io/rw/read posix/io/rw/read/reduce
    posix/io/rw/pread posix/io/rw/pread/reduce posix/io/oc/open posix/io/oc/close
    posix/io/rw/ftruncate posix/io/dir/rename posix/io/dir/unlink posix/io/dir/opendir
    posix/mm/mmap posix/stdio/oc/fopen posix/stdio/rw/fwrite posix/stdio/rw/fread
    posix/stdio/oc/fclose posix/stdio/fflush posix/stdio/sp/vfprintf posix/stdio/gp/fputs
    posix/stdio/gp/fgets posix/stdio/gp/getline posix/stdio/error/ferror)

# EIO ENOSPC EINTR EFBIG EACCES EAGAIN ENOMEM EBADF
errnos=(5 28 4 27 13 11 12 9)
noreduce=
for f in read pread readv write pwrite writev; do
    noreduce="$noreduce
enable_random name=posix/io/rw/$f/reduce,probability=0"
done

start=$(date +%s)
for s in "${scenarios[@]}"; do
    IFS='|' read -r name kind args <<<"$s"
    [ -n "$ONLY" ] && ! [[ $name =~ $ONLY ]] && continue
    echo "fault-soak: $name"
    always_replay=$ALWAYS
    if [ "$ALWAYS" = 1 ]; then
        for p in "${always_points[@]}"; do
            prob= set=
            one_round "$name" "$kind" "$args" "enable name=$p"
        done
    fi
    always_replay=0
    seed=$SEED0
    for set in $SETS; do
        for prob in $PROBS; do
            for k in $(seq 1 "$ROUNDS"); do
                # the seed fixes libfiu's draws; what its wrappers draw from random() (the
                # errno, the shortening of /reduce) is fixed too, so a finding replays
                e=${errnos[$((seed % ${#errnos[@]}))]}
                one_round "$name" "$kind" "$args" "enable_random name=$set,probability=$prob,failinfo=$e$noreduce" "$seed"
                seed=$((seed + 1))
            done
        done
    done
    printf '  exits:'
    for k in "${!tally[@]}"; do [[ $k == "$name".* ]] && printf ' %s=%s' "${k#"$name".}" "${tally[$k]}"; done
    echo
done
where=
[ "$found" -gt 0 ] && where=", in $FINDINGS"
echo "fault-soak: $rounds rounds in $(($(date +%s) - start)) s, $found findings (seeds from $SEED0)$where"
[ "$found" -eq 0 ]
