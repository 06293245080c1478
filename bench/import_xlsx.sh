#!/usr/bin/env bash
# XLSX import against CSV import of the same rows, in the same run: a generated penalty file (双公示
# Chinese titles) imported as CSV, then the same rows written as Excel saves a workbook (shared strings,
# amounts as numbers, dates as date-formatted serials, a title row above the header: tools/data/to_xlsx.py)
# and imported as XLSX, each into a fresh database with full validation. Prints seconds, rows/s, peak
# resident memory and the ratio; checks that both imports hold the same rows.
# Usage: bench/import_xlsx.sh [BUILD_DIR] [ROWS]
set -euo pipefail
build=${1:-build}
rows=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/../tools/data/generate.py" penalties --rows "$rows" --out "$work/penalties.csv"
/usr/bin/python3 "$here/../tools/data/to_xlsx.py" "$work/penalties.csv" "$work/penalties.xlsx" \
  --dates 处罚决定日期 --numbers "罚款金额（万元）" --title "鄂州市行政处罚信息公示表"
part_mb() { /usr/bin/python3 -c 'import sys, zipfile; print(round(zipfile.ZipFile(sys.argv[1]).getinfo(sys.argv[2]).file_size / 1048576))' "$@"; }
echo "files: $rows rows; CSV $(du -m "$work/penalties.csv" | cut -f1) MB, XLSX $(du -m "$work/penalties.xlsx" | cut -f1) MB" \
  "(uncompressed: sheet $(part_mb "$work/penalties.xlsx" xl/worksheets/sheet1.xml) MB, shared strings $(part_mb "$work/penalties.xlsx" xl/sharedStrings.xml) MB)"

seconds() { /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null; cat "$work/time"; }

"$build/credcheck" init "$work/csv.db" >/dev/null
"$build/credcheck" init "$work/xlsx.db" >/dev/null
read -r csv csv_kb < <(seconds "$build/credcheck" import "$work/csv.db" --kind penalties --quiet "$work/penalties.csv")
read -r xlsx xlsx_kb < <(seconds "$build/credcheck" import "$work/xlsx.db" --kind penalties --quiet "$work/penalties.xlsx")
"$build/credcheck" export "$work/csv.db" --kind penalties --out "$work/csv.out"
"$build/credcheck" export "$work/xlsx.db" --kind penalties --out "$work/xlsx.out"
cmp -s "$work/csv.out" "$work/xlsx.out" || { echo "bench/import_xlsx.sh: the XLSX import differs from the CSV import" >&2; exit 1; }
awk -v r="$rows" -v c="$csv" -v x="$xlsx" -v cm="$csv_kb" -v xm="$xlsx_kb" 'BEGIN {
  printf "credcheck import, CSV:  %.1f s, %.0f rows/s, peak %.0f MB\n", c, r / c, cm / 1024
  printf "credcheck import, XLSX: %.1f s, %.0f rows/s, peak %.0f MB\n", x, r / x, xm / 1024
  printf "ratio XLSX / CSV: %.2fx (the same rows: exports identical)\n", x / c
}'
