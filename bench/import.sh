#!/usr/bin/env bash
# Bulk import: a generated penalty CSV imported with full validation, against the sqlite3 shell's
# `.import` of the same file into a bare table, in the same run. Prints rows/s, the ratio and peak memory.
# Usage: bench/import.sh [BUILD_DIR] [ROWS]
set -euo pipefail
build=${1:-build}
rows=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/../tools/data/generate.py" penalties --rows "$rows" --out "$work/penalties.csv"
echo "file: $rows rows, $(du -m "$work/penalties.csv" | cut -f1) MB"

seconds() { /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null; cat "$work/time"; }

read -r baseline baseline_kb < <(seconds sqlite3 "$work/bare.db" ".mode csv" ".import $work/penalties.csv penalties")
"$build/credcheck" init "$work/credcheck.db" >/dev/null
read -r ours ours_kb < <(seconds "$build/credcheck" import "$work/credcheck.db" --kind penalties --quiet "$work/penalties.csv")
awk -v r="$rows" -v a="$ours" -v b="$baseline" -v m="$ours_kb" -v mb="$baseline_kb" 'BEGIN {
  printf "sqlite3 .import (bare table, no validation): %.1f s, %.0f rows/s, peak %.0f MB\n", b, r / b, mb / 1024
  printf "credcheck import (validated, indexed):       %.1f s, %.0f rows/s, peak %.0f MB\n", a, r / a, m / 1024
  printf "ratio credcheck / sqlite3 .import: %.2fx\n", a / b
}'
