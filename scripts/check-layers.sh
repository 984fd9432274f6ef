#!/bin/sh
# Fails if a library file includes a header from a layer above its own, or if a file
# above store/ (eval/, report/, cli/) runs SQL itself.
# Dependencies point one way (README "Layout"):
#   util <- stats;  util <- data <- store;  {stats, store} <- eval <- report <- cli
# The schema is known in store/ only: the layers above ask store/ functions for rows
# (block iterators, series readers, lookups) and never prepare a statement, call
# SQLite or include <sqlite3.h>.
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
# SQLite's API (sqlite3_*, SQLITE_*, <sqlite3.h>, the connection st->db) and store.h's
# raw-statement helpers, outside comments' prose as well: none of it belongs above store/.
sql='sqlite3|SQLITE_|store_prepare|store_exec|store_bind_text|store_column_text|->db\>'
for f in src/lib/eval/*.[ch] src/lib/report/*.[ch] src/cli/*.[ch]; do
    grep -nE "$sql" "$f" | while IFS= read -r hit; do
        echo "check-layers: $f:${hit%%:*}: SQL outside store/ (ask a store/ function): ${hit#*:}"
    done
    grep -qE "$sql" "$f" && bad=1
done
[ "$bad" -eq 0 ] && echo "check-layers: ok"
exit "$bad"
