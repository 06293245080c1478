#!/usr/bin/env bash
# The audit trail's data check: `credcheck audit verify` on a database of generated penalty rows (every
# row compared with the image the trail recorded for it), against the sqlite3 shell's `.dump` of the
# same file to /dev/null (reading and printing every row), in the same run. Prints seconds per million
# rows checked and the ratio.
# Usage: bench/audit_verify.sh [BUILD_DIR] [ROWS]
set -euo pipefail
build=${1:-build}
rows=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/../tools/data/generate.py" penalties --rows "$rows" --out "$work/penalties.csv"
"$build/credcheck" init "$work/credcheck.db" >/dev/null
"$build/credcheck" import "$work/credcheck.db" --kind penalties --quiet "$work/penalties.csv" >/dev/null
echo "database: $rows penalty rows, $(du -m "$work/credcheck.db" | cut -f1) MB"

seconds() { /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out"; cat "$work/time"; }
read -r baseline baseline_kb < <(seconds sqlite3 "$work/credcheck.db" ".dump")
read -r ours ours_kb < <(seconds "$build/credcheck" audit verify "$work/credcheck.db")
checked=$(sed -n 's/^data matches the trail: \([0-9]*\) rows.*/\1/p' "$work/out")
[ -n "$checked" ] || { cat "$work/out"; echo "audit verify did not report the data intact" >&2; exit 1; }
awk -v n="$checked" -v a="$ours" -v b="$baseline" -v m="$ours_kb" 'BEGIN {
  printf "sqlite3 .dump (every row read and printed): %.1f s\n", b
  printf "credcheck audit verify (chain + %d rows):  %.1f s, %.2f s per million rows, peak %.0f MB\n", n, a, a / n * 1e6, m / 1024
  printf "ratio audit verify / sqlite3 .dump: %.2fx\n", a / b
}'
