#!/usr/bin/env bash
# The office's change feed against a full snapshot, on a large office database, in one run:
#   - a day with 1,000 changed list entries: publishing the day's file and applying it on a replica,
#     against building a full snapshot and copying it (what a replica would need without the feed);
#   - apply throughput: the file of a large import applied on a replica (rows/s), against the
#     `credcheck import` of the same rows at the office;
#   - feed bytes per changed row.
# Usage: bench/feed.sh [BUILD_DIR] [PENALTY_ROWS] [SUBJECTS] [BIG_ROWS]
#   defaults: build-release 1000000 1000000 100000 (a database of about a million subjects)
set -euo pipefail
build=${1:-build-release}
rows=${2:-1000000}
subjects=${3:-1000000}
big=${4:-100000}
here=$(cd "$(dirname "$0")" && pwd)
cli=$(cd "$build" && pwd)/credcheck
work=$(mktemp -d "${TMPDIR:-/tmp}/credcheck-feed-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

# Wall-clock seconds (to the millisecond) and peak resident kilobytes of a command.
timed() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o time.txt "$@" >/dev/null
  end=$(date +%s%N)
  echo "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }') $(cat time.txt)"
}

echo "== building the office: $rows penalties over up to $subjects subjects (tools/data/generate.py)"
/usr/bin/python3 "$here/../tools/data/generate.py" penalties --rows "$rows" --subjects "$subjects" --out penalties.csv
"$cli" init office.db >/dev/null
read -r import_full _ < <(timed "$cli" import office.db --kind penalties --quiet penalties.csv)
# Companies of the office for the list entries: the first codes of the penalty file, in order.
/usr/bin/python3 - "$big" <<'PY'
import csv, sys
big = int(sys.argv[1])
codes, seen = [], set()
with open("penalties.csv", encoding="utf-8") as f:
    for row in csv.reader(f):
        code = row[3]
        if len(code) == 18 and code not in seen:
            seen.add(code)
            codes.append((code, row[1]))
        if len(codes) >= 1000 + big:
            break
header = "list,subject_code,subject_name,department,document_no,entered_on\n"
def write(name, part, doc):
    with open(name, "w", encoding="utf-8") as out:
        out.write(header)
        for i, (code, subject) in enumerate(part):
            out.write(f"court.dishonest_debtor,{code},{subject},鄂州市中级人民法院,(2026)鄂07执{doc}{i}号,2026-11-27\n")
write("day.csv", codes[:1000], "日")
write("big.csv", codes[1000:1000 + big], "批")
PY
sqlite3 office.db "SELECT 'office: ' || (SELECT count(*) FROM subjects) || ' subjects, ' || (SELECT count(*) FROM subject_codes) || ' codes, ' ||
  (SELECT count(*) FROM records) || ' records; ' || (SELECT page_count * page_size / 1048576 FROM pragma_page_count, pragma_page_size) || ' MB'"
echo "   import of the penalties: ${import_full} s"

cp office.db nofeed.db # the same office without a feed: what capturing the changes costs an import
"$cli" keys generate --out office >/dev/null
read -r first _ < <(timed "$cli" feed publish office.db --key office.pem --out feed)
echo "== the feed's first file (everything): ${first} s, $(du -m feed/feed-000001.ccfeed | cut -f1) MB"

read -r snap snap_kb < <(timed "$cli" feed snapshot office.db --key office.pem --out snapshot.ccsnap)
mkdir -p department
read -r copy _ < <(timed sh -c 'cp snapshot.ccsnap department/snapshot.ccsnap && sync department/snapshot.ccsnap')
snap_mb=$(du -m snapshot.ccsnap | cut -f1)
read -r init init_kb < <(timed "$cli" replica init replica.db --snapshot department/snapshot.ccsnap --trust office.pub)
echo "== a full snapshot: built in ${snap} s (peak $((snap_kb / 1024)) MB), ${snap_mb} MB, copied in ${copy} s; replica init ${init} s (peak $((init_kb / 1024)) MB)"

read -r import_day _ < <(timed "$cli" import office.db --kind lists --quiet day.csv)
read -r publish_day _ < <(timed "$cli" feed publish office.db --key office.pem --out feed)
day_file=feed/feed-000002.ccfeed
day_bytes=$(stat -c %s "$day_file")
read -r apply_day _ < <(timed "$cli" replica apply replica.db "$day_file")
changed=$(/usr/bin/python3 -c 'import json,sys,struct; d=open(sys.argv[1],"rb").read(); n=struct.unpack(">I",d[8:12])[0]; print(json.loads(d[12:12+n])["payload"]["rows"])' "$day_file")

read -r import_big _ < <(timed "$cli" import office.db --kind lists --quiet big.csv)
read -r import_nofeed _ < <(timed "$cli" import nofeed.db --kind lists --quiet big.csv)
read -r publish_big _ < <(timed "$cli" feed publish office.db --key office.pem --out feed)
big_file=feed/feed-000003.ccfeed
big_changed=$(/usr/bin/python3 -c 'import json,sys,struct; d=open(sys.argv[1],"rb").read(); n=struct.unpack(">I",d[8:12])[0]; print(json.loads(d[12:12+n])["payload"]["rows"])' "$big_file")
read -r apply_big apply_big_kb < <(timed "$cli" replica apply replica.db "$big_file")
"$cli" replica status replica.db | sed -n 2p

awk -v pd="$publish_day" -v ad="$apply_day" -v s="$snap" -v c="$copy" -v bytes="$day_bytes" -v rows="$changed" -v id="$import_day" \
    -v ib="$import_big" -v pb="$publish_big" -v ab="$apply_big" -v brows="$big_changed" -v big="$big" -v inf="$import_nofeed" 'BEGIN {
  printf "\n== a day of 1,000 changed list entries (%d changed rows in the file)\n", rows
  printf "   import at the office %.3f s; publish %.3f s; apply on the replica %.3f s\n", id, pd, ad
  printf "   publish + apply: %.3f s, against a full snapshot built and copied: %.2f s  →  %.0fx cheaper (%.5f of it)\n", pd + ad, s + c, (s + c) / (pd + ad), (pd + ad) / (s + c)
  printf "   feed file %d bytes: %.0f bytes per changed row\n", bytes, bytes / rows
  printf "\n== a large import of %d list entries (%d changed rows in the file)\n", big, brows
  printf "   credcheck import at the office: %.2f s, %.0f rows/s\n", ib, big / ib
  printf "   replica apply of the same:      %.2f s, %.0f rows/s  →  apply %.2fx the import rate (publish %.2f s)\n", ab, brows / ab, (brows / ab) / (big / ib), pb
  printf "   the same import without a feed: %.2f s  →  capturing the changes costs the import %.2fx\n", inf, ib / inf
}'
echo
echo "reproduce: bench/feed.sh $build $rows $subjects $big"
