#!/usr/bin/env bash
# The cost of one check through the C ABI and through Python, as ratios to the C++ API, same data, same run.
# Usage: bench/bindings.sh [BUILD_DIR] [N]
set -euo pipefail
build=${1:-build}
n=${2:-20000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/credcheck" demo --db "$work/demo.db" > /dev/null
"$build/bench/bench_bindings" "$work/demo.db" "$n" | tee "$work/native.txt"
CREDCHECK_LIBRARY=$(ls "$build"/capi/libcredcheck.so.*.*.* | head -1) PYTHONPATH="$here/../bindings/python" /usr/bin/python3 - "$work/demo.db" "$n" <<'PY' | tee "$work/python.txt"
import sys, time, credcheck
codes = ["91420704MA003B1T7L", "91420704MA003B1U5F", "91420702MA003B1XXY", "91420703MA003B1W1M"]
n = int(sys.argv[2]) // 4
with credcheck.Database(sys.argv[1], read_only=True) as db:
    t0 = time.perf_counter()
    for i in range(n):
        db.check(codes[i % 4], "gov_procurement", as_of="2026-11-28")
    print(f"python_us {(time.perf_counter() - t0) * 1e6 / n:.2f}")
PY
awk '/^cxx_us/ {c=$2} /^capi_us/ {a=$2} /^python_us/ {p=$2} END {
  printf "C ABI / C++ API: %.2fx    Python / C++ API: %.2fx\n", a / c, p / c }' "$work/native.txt" "$work/python.txt"
