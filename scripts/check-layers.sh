#!/bin/sh
# Fails if a library file includes a header from a layer above its own.
# Dependencies point one way (README "Layout"):
#   util <- stats;  util <- data <- store;  {stats, store} <- eval <- report <- cli
set -u
cd "$(dirname "$0")/.." || exit 3
allowed() {
    case $1 in
    util)  echo "util" ;;
    stats) echo "util stats" ;;
    data)  echo "util data" ;;
    store) echo "util data store" ;;
    eval)  echo "util stats data store eval" ;;
    report) echo "util stats data store eval report" ;;
    esac
}
bad=0
for f in src/lib/*/*.[ch]; do
    layer=$(basename "$(dirname "$f")")
    ok=$(allowed "$layer")
    for inc in $(sed -n 's/^#include "\([a-z]*\)\/.*"/\1/p' "$f"); do
        case " $ok " in
        *" $inc "*) ;;
        *) echo "check-layers: $f includes from '$inc', above its layer '$layer'"; bad=1 ;;
        esac
    done
done
[ "$bad" -eq 0 ] && echo "check-layers: ok"
exit "$bad"
