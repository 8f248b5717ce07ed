#!/bin/bash
# Import throughput: `duijie import` of N generated listings (validation,
# reference resolution, upserts, one transaction) against the anchor of the
# sqlite3 shell's `.import` of the same CSV into an unconstrained table (no
# validation at all) — the floor of what loading rows into SQLite costs.
# Then, on the database just imported, the start of `duijie search` and of
# `duijie match --semantic`: with the index (and the semantic model) saved
# next to the database (the first call builds and saves, later calls load)
# against the anchor of building them on every call (DUIJIE_INDEX_FILE=0,
# what every call did before the saved files); and the first search after
# one listing is edited (the saved index brought up to date).
# Usage: bench/import/run.sh RELEASE_BUILD_DIR [N]
set -eu
BUILD=${1:-build-release}
N=${2:-200000}
D="$BUILD/duijie"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$D" gen listings --count "$N" --seed 7 --format csv --out "$T/listings.csv" --orgs-out "$T/orgs.csv" >/dev/null
"$D" import --db "$T/d.db" "$T/orgs.csv" >/dev/null
mb=$(du -m "$T/listings.csv" | cut -f1)
t0=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$T/rss" "$D" import --db "$T/d.db" "$T/listings.csv" >/dev/null
t1=$(date +%s.%N)
rss=$(cat "$T/rss")
t2=$(date +%s.%N)
sqlite3 "$T/a.db" ".mode csv" ".import $T/listings.csv l" >/dev/null
t3=$(date +%s.%N)
awk -v n="$N" -v mb="$mb" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v rss="$rss" 'BEGIN {
    printf "%-34s %10s %12s %10s\n", "import of " n " listings (" mb " MB)", "seconds", "rows/s", "max RSS"
    printf "%-34s %10.2f %12.0f %8.0f MB\n", "duijie import (validated, 1 tx)", b - a, n / (b - a), rss / 1024
    printf "%-34s %10.2f %12.0f %10s\n", "anchor: sqlite3 .import (raw)", d - c, n / (d - c), "-"
}'

# search and match start: median of 3 calls each (the first saving call once)
q="石墨烯 散热 膜"
run() { /usr/bin/time -f "%e %M" -o "$T/tm" "$@" >/dev/null; cat "$T/tm"; }
median() { sort -n | sed -n 2p; }
row() { echo "$1|$2" | awk -F'|' '{ split($2, v, " "); printf "%-34s %10s %7.0f MB\n", $1, v[1], v[2] / 1024 }'; }
first=$(run "$D" search "$q" --db "$T/d.db")
saved=$(for i in 1 2 3; do run "$D" search "$q" --db "$T/d.db"; done | median)
built=$(for i in 1 2 3; do DUIJIE_INDEX_FILE=0 run "$D" search "$q" --db "$T/d.db"; done | median)
id=$(sqlite3 "$T/d.db" "select id from listings where side = 'demand' and status = 'published' limit 1")
"$D" listing update "$id" 标题=石墨烯散热膜卷对卷制备工艺 --db "$T/d.db" >/dev/null
edited=$(run "$D" search "$q" --db "$T/d.db")
mfirst=$(run "$D" match "$id" --semantic --db "$T/d.db")
msaved=$(for i in 1 2 3; do run "$D" match "$id" --semantic --db "$T/d.db"; done | median)
mbuilt=$(DUIJIE_INDEX_FILE=0 run "$D" match "$id" --semantic --db "$T/d.db")
printf '%-34s %10s %10s   (database %s MB, index file %s MB, model file %s MB)\n' \
    "$N listings" seconds "max RSS" "$(du -m "$T/d.db" | cut -f1)" \
    "$(du -m "$T/d.db.index" | cut -f1)" "$(du -m "$T/d.db.semantic" | cut -f1)"
row "search, first call: index, save" "$first"
row "search, later calls: saved index" "$saved"
row "search, after one edit: update it" "$edited"
row "anchor: index on every call" "$built"
row "match --semantic, first: learn" "$mfirst"
row "match --semantic, later: saved" "$msaved"
row "anchor: learn on every call (1 run)" "$mbuilt"
