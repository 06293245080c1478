#!/usr/bin/env bash
# Strict USCC validations per second, and the ratio to python-stdnum on the same inputs, same run.
# Usage: bench/identifiers.sh [BUILD_DIR] [N]
set -euo pipefail
build=${1:-build}
n=${2:-1000000}
python=/usr/bin/python3 # Debian's interpreter: it sees python3-stdnum
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/bench_identifiers" --n "$n" --write-codes "$work/codes.txt" | tee "$work/credcheck.txt"
"$python" "$(dirname "$0")/stdnum_uscc.py" "$work/codes.txt" | tee "$work/stdnum.txt"
ours=$(awk '/^credcheck_rate/ {print $2}' "$work/credcheck.txt")
theirs=$(awk '/^stdnum_rate/ {print $2}' "$work/stdnum.txt")
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "ratio credcheck / python-stdnum: %.0fx\n", a / b }'
# python-stdnum checks only the check character; credcheck strict checks more, so it may accept fewer.
echo "valid: credcheck strict $(awk '/^credcheck_valid/ {print $2}' "$work/credcheck.txt"), stdnum $(awk '/^stdnum_valid/ {print $2}' "$work/stdnum.txt")"
