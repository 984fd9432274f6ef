#!/bin/sh
# Writes tests/data/por/survey.por with PSPP (Debian's pspp): the cases of
# tests/data/make_statfiles.c's survey.sav, saved by PSPP as an SPSS portable file.
# Committed, because Debian 12's ReadStat cannot write .por (its writer crashes) and
# PSPP is not a test dependency; test_statfile imports it next to the .sav and the
# CSV.  Rerun after changing make_statfiles.c:
#   make build/tests/make_statfiles && tests/data/por/make_por.sh build/tests/make_statfiles
set -eu
gen=${1:-build/tests/make_statfiles}
out=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" "$tmp"
cd "$tmp"
printf "GET FILE='survey.sav'.\nEXPORT OUTFILE='survey.por'.\n" >por.sps
pspp por.sps
cp survey.por "$out/survey.por"
