#!/bin/bash
# duijie event recommend on the demo's 桂林 conference: every recommended
# pair is one participant's published demand and another's published
# supply, with no request between them yet; --apply adds them as pending
# want requests that `event schedule` then plans; a second run adds none.
. "$(dirname "$0")/lib.sh"
db="$T/demo.db"
"$DUIJIE" demo --db "$db" --data "$DJ_SOURCE_DIR/data/demo" >/dev/null || { not_ok "demo import"; exit 1; }
ev=EV-2024-GL-CXY

expect_exit "recommend --json" 0 "$DUIJIE" event recommend "$ev" --db "$db" --json
cp "$T/out" "$T/rec.json"
python3 - "$T/rec.json" "$db" <<'PY' && ok "each pair is a demand and a supply of two participants without a request" || not_ok "recommended pairs are sound" "$(head -c 400 "$T/rec.json")"
import json, sqlite3, sys
d = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
recs = d["recommendations"]
assert recs, "no recommendations"
for r in recs:
    assert r["score"] >= 0.3, r
    for side in ("demand", "supply"):
        pid, lid = r[side]["participant"], r[side + "_listing"]["id"]
        org = db.execute("select org_id from participants where id=?", (pid,)).fetchone()[0]
        row = db.execute("select side, status, org_id from listings where id=?", (lid,)).fetchone()
        assert row == (side, "published", org), (r, row)
    a, b = r["demand"]["participant"], r["supply"]["participant"]
    n = db.execute("select count(*) from meeting_requests where (from_id=? and to_id=?) or (from_id=? and to_id=?)", (a, b, b, a)).fetchone()[0]
    assert n == 0, r
assert recs == sorted(recs, key=lambda r: -r["score"]), "best first"
for r in recs:
    t = r["terms"]
    assert isinstance(t, list) and t and not [a for a in t for b in t if a != b and a in b], ("a term inside another", r["terms"])
PY
before=$(sqlite3 "$db" "select count(*) from meeting_requests")
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["recommendations"]))' "$T/rec.json")
# --min-score at the lowest score shown keeps the pairs that have it (the float
# under the shown decimals was below the threshold)
LOW=$(python3 -c 'import json,sys; print(min(r["score"] for r in json.load(open(sys.argv[1]))["recommendations"]))' "$T/out")
NALL=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["recommendations"]))' "$T/out")
expect_exit "recommend --min-score at the lowest score" 0 "$DUIJIE" event recommend "$ev" --db "$db" --json --min-score "$LOW"
[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["recommendations"]))' "$T/out")" = "$NALL" ] \
    && ok "--min-score equal to a shown score keeps its pairs" || not_ok "--min-score equal to a shown score keeps its pairs" "$LOW: $(head -c 200 "$T/out")"
expect_exit "schedule before" 0 "$DUIJIE" event schedule "$ev" --db "$db" --dry-run --json --iters 2000
req_before=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$T/out")
expect_exit "recommend --apply" 0 "$DUIJIE" event recommend "$ev" --db "$db" --apply
grep -q "已添加 $n 个洽谈意向" "$T/out" && ok "apply says how many it added" || not_ok "apply says how many it added" "$(tail -2 "$T/out")"
[ "$(sqlite3 "$db" "select count(*) from meeting_requests")" = $((before + n)) ] \
    && [ "$(sqlite3 "$db" "select count(*) from meeting_requests where preference='want' and status='pending' and created_at >= (select max(created_at) from meeting_requests) ")" -ge "$n" ] \
    && ok "the recommendations became pending want requests" || not_ok "the recommendations became pending want requests"
expect_exit "schedule after" 0 "$DUIJIE" event schedule "$ev" --db "$db" --dry-run --json --iters 2000
req_after=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$T/out")
[ "$req_after" = $((req_before + n)) ] && ok "the timetable plans them ($req_before -> $req_after pairs)" || not_ok "the timetable plans them" "$req_before -> $req_after, n=$n"
expect_exit "recommend again" 0 "$DUIJIE" event recommend "$ev" --db "$db" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["recommendations"] == [] and d["added"] == 0' "$T/out" \
    && ok "a second run recommends nothing new" || not_ok "a second run recommends nothing new" "$(head -c 300 "$T/out")"
expect_exit "a bad --per is a usage error" 2 "$DUIJIE" event recommend "$ev" --db "$db" --per 0
expect_exit "an unknown event" 1 "$DUIJIE" event recommend EV-NONE --db "$db"
expect_exit "a database that cannot open, --json" 1 "$DUIJIE" event recommend "$ev" --db "$T/no/such/dir/x.db" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["error"]' "$T/out" \
    && ok "--json reports the open error as JSON" || not_ok "--json reports the open error as JSON" "$(head -c 300 "$T/out")"

# a generated catalog (200 organisations, 600 listings, all at one event):
# the shown terms are no lone CJK characters (5 of 377 pairs showed one
# before), no term inside another, and Latin terms as the listings write them
g="$T/gen"
mkdir -p "$g"
"$DUIJIE" gen listings --count 600 --seed 3 --format csv --out "$g/l.csv" --orgs-out "$g/o.csv" --orgs 200 >/dev/null
{ echo '编号,名称,类型,开始日期,上午时段数,下午时段数,洽谈桌数'; echo "EV-G,生成对接会,对接会,2026-12-10,8,8,60"; } >"$g/e.csv"
{ echo '活动,机构'; tail -n +2 "$g/o.csv" | cut -d, -f1 | sed "s/^/EV-G,/"; } >"$g/p.csv"
"$DUIJIE" import --db "$g/g.db" "$g/o.csv" "$g/l.csv" "$g/e.csv" "$g/p.csv" >/dev/null
expect_exit "recommend on a generated event" 0 "$DUIJIE" event recommend EV-G --db "$g/g.db" --json
python3 - "$T/out" "$g/g.db" <<'PY' && ok "generated event: no lone CJK character, no term inside another, Latin as written" || not_ok "generated event terms" "$(head -c 300 "$T/out")"
import json, sqlite3, sys
d = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
recs = d["recommendations"]
assert len(recs) > 100, len(recs)
latin = 0
for r in recs:
    t = r["terms"]
    assert t, r
    assert not [a for a in t if len(a) == 1 and ord(a) > 0x2e80], ("lone character", r["terms"])
    assert not [a for a in t for b in t if a != b and a in b], ("a term inside another", r["terms"])
    for a in t:
        if a.isascii() and any(ch.isalpha() for ch in a):
            latin += 1
            text = " ".join(x for row in db.execute("select title, keywords, body from listings where id in (?, ?)",
                            (r["demand_listing"]["id"], r["supply_listing"]["id"])) for x in row if x)
            assert a in text, (a, r)
assert latin > 0, "no Latin term to check"
PY
