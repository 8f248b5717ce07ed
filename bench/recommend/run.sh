#!/bin/bash
# Recommended meetings (`duijie event recommend`) on generated events: one
# catalog of N generated listings among 2,000 organisations, and events of
# 200, 1,000 and 2,000 participants (the first organisations of the
# catalog), so each ranks the published listings of its participants
# against each other. Prints per event: listings, recommended pairs,
# seconds and max RSS of the command (median of 3 runs).
# Anchor in the same run: what an organiser's script does without the
# command - `duijie match LISTING` for each listing of the largest event,
# timed over the first 20 listings (each a full call, saved index loaded)
# and multiplied out to all of them.
# Usage: bench/recommend/run.sh RELEASE_BUILD_DIR [N]
set -eu
BUILD=${1:-build-release}
N=${2:-6000}
D="$BUILD/duijie"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$D" gen listings --count "$N" --seed 1 --format csv --out "$T/listings.csv" \
    --orgs-out "$T/orgs.csv" --orgs 2000 >/dev/null
sizes="200 1000 2000"
{
    echo '编号,名称,类型,开始日期,上午时段数,下午时段数,洽谈桌数'
    for p in $sizes; do echo "EV-$p,推荐压测 $p,对接会,2026-12-10,8,8,200"; done
} >"$T/events.csv"
{
    echo '活动,机构'
    for p in $sizes; do tail -n +2 "$T/orgs.csv" | head -n "$p" | cut -d, -f1 | sed "s/^/EV-$p,/"; done
} >"$T/participants.csv"
"$D" import --db "$T/d.db" "$T/orgs.csv" "$T/listings.csv" "$T/events.csv" "$T/participants.csv" >/dev/null

median() { sort -n | sed -n 2p; }
printf '%-26s %9s %9s %9s %9s\n' "event (participants)" listings pairs seconds "max RSS"
for p in $sizes; do
    for i in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$T/tm" "$D" event recommend "EV-$p" --db "$T/d.db" --json >"$T/out.json"
        cat "$T/tm"
    done >"$T/runs"
    python3 - "$T/out.json" "$p" "$(median <"$T/runs")" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
sec, rss = sys.argv[3].split()
print(f"{'EV-' + sys.argv[2]:<26} {d['listings']:>9} {len(d['recommendations']):>9} {float(sec):>9.2f} {int(rss) / 1024:>6.0f} MB")
PYEOF
done

# anchor: one `duijie match` per listing of the largest event
ids=$(sqlite3 "$T/d.db" "select id from listings where status = 'published' order by id")
total=$(echo "$ids" | wc -l)
"$D" match "$(echo "$ids" | head -1)" --db "$T/d.db" >/dev/null # builds and saves the index
t0=$(date +%s.%N)
for id in $(echo "$ids" | head -20); do "$D" match "$id" --db "$T/d.db" --json >/dev/null; done
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v n="$total" 'BEGIN {
    printf "%-26s %9d %9s %9.1f %9s   (20 calls timed: %.3f s each)\n",
        "anchor: match per listing", n, "-", (b - a) / 20 * n, "-", (b - a) / 20
}'
