#!/bin/sh
# Runs each cmocka test program (from the repository root) and ends with one summary
# line: "N passed, N failed" over all tests.  Exit status 0 only if every program ran
# and every test passed.
#   scripts/run-tests.sh BUILD_TEST_DIR PROGRAM...
set -u
cd "$(dirname "$0")/.." || exit 3
shift
passed=0; failed=0; broken=""
log=$(mktemp "${TMPDIR:-/tmp}/trygg-tests.XXXXXX")
trap 'rm -f "$log"' EXIT
for prog in "$@"; do
    name=$(basename "$prog")
    start=$(date +%s)
    CMOCKA_MESSAGE_OUTPUT=stdout "$prog" >"$log" 2>&1
    rc=$?
    cat "$log"
    echo "-- $name: $(( $(date +%s) - start )) s"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        broken="$broken $name(exit $rc)"
    fi
done
echo "=================================================================="
if [ -n "$broken" ]; then
    echo "test programs that crashed or failed to run:$broken"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ -z "$broken" ]
