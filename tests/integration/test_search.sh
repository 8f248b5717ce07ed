#!/bin/bash
# duijie search and duijie match over the demo catalog: relevant listings
# first, highlight offsets that point at the matched text, filters, the
# explanation of a match, and exit codes.
. "$(dirname "$0")/lib.sh"
db="$T/demo.db"
"$DUIJIE" demo --db "$db" --data "$DJ_SOURCE_DIR/data/demo" >/dev/null || { not_ok "demo import"; exit 1; }

expect_exit "search --json" 0 "$DUIJIE" search "多天线认知无线 频谱" --db "$db" --json
python3 - "$T/out" <<'PY' && ok "search ranks the 认知无线 listing first, highlights point at the text" || not_ok "search ranks and highlights" "$(head -c 400 "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
r = d["results"]
assert r, "no results"
assert "认知无线" in r[0]["title"], r[0]["title"]
for res in r:
    for h in res["highlights"]:
        if h["field"] == "title":
            assert res["title"].encode()[h["start"]:h["end"]].decode() == h["text"], h
PY
expect_exit "search with a side filter" 0 "$DUIJIE" search "装配式建筑" --side 需求 --db "$db" --json
python3 - "$T/out" "$db" <<'PY' && ok "side filter keeps only demand listings" || not_ok "side filter keeps only demand listings" "$(head -c 300 "$T/out")"
import json, sys, sqlite3
d = json.load(open(sys.argv[1]))
ids = [r["id"] for r in d["results"]]
assert ids, "no results"
db = sqlite3.connect(sys.argv[2])
for i in ids:
    assert db.execute("select side from listings where id=?", (i,)).fetchone()[0] == "demand"
PY
expect_exit "search with a region prefix" 0 "$DUIJIE" search "技术" --region 4503 --db "$db" --json --limit 50
python3 - "$T/out" "$db" <<'PY' && ok "region prefix filter" || not_ok "region prefix filter"
import json, sys, sqlite3
d = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
assert d["results"]
for r in d["results"]:
    assert db.execute("select region from listings where id=?", (r["id"],)).fetchone()[0].startswith("4503")
PY
expect_exit "search text output" 0 "$DUIJIE" search "光模块" --db "$db"
grep -q "【" "$T/out" && ok "text output marks matched terms" || not_ok "text output marks matched terms" "$(head -5 "$T/out")"
# a query the index can find nothing for says why instead of "no results"
for q in 能 "的 和" "😀" ""; do
    expect_exit "search '$q' (nothing indexable) fails (1)" 1 "$DUIJIE" search "$q" --db "$db" --json
    grep -q '"field":"query"' "$T/out" && grep -q "$([ -n "$q" ] && echo 'stop words' || echo 'empty query')" "$T/out" \
        && ok "search '$q' says why it cannot search" || not_ok "search '$q' says why it cannot search" "$(cat "$T/out" "$T/err")"
done
# not UTF-8, or a word too long for the index: refused, saying which
expect_exit "search with an invalid UTF-8 query fails (1)" 1 "$DUIJIE" search "$(printf '光模\xff块')" --db "$db" --json
grep -q 'not valid UTF-8 (byte 6)' "$T/out" && ok "an invalid UTF-8 query is named as such" \
    || not_ok "an invalid UTF-8 query is named as such" "$(cat "$T/out")"
expect_exit "search with a 300-letter word fails (1)" 1 "$DUIJIE" search "$(printf 'a%.0s' $(seq 300))" --db "$db" --json
grep -q 'more than 254 bytes' "$T/out" && ok "a word too long to index is named as such" \
    || not_ok "a word too long to index is named as such" "$(cat "$T/out")"
for r in 00 4599 45x; do
    expect_exit "search --region $r (no such region) fails (1)" 1 "$DUIJIE" search 技术 --region "$r" --db "$db" --json
    grep -q "region '$r'" "$T/out" && ok "search --region $r says the code is unknown" \
        || not_ok "search --region $r says the code is unknown" "$(cat "$T/out")"
done
# a database that cannot be opened: with --json the error is JSON too
for cmd in "search 技术" "match 1" "project list" "report" "dict list"; do
    expect_exit "$cmd on a missing database fails (1)" 1 "$DUIJIE" $cmd --db "$T/missing.db" --json
    python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["error"]["code"] == "DJ_ENOTFOUND"' "$T/out" \
        && ok "$cmd --json on a missing database prints a JSON error" \
        || not_ok "$cmd --json on a missing database prints a JSON error" "$(cat "$T/out" "$T/err")"
done
expect_exit "search 能源 (a word holding a stop character) finds" 0 "$DUIJIE" search 能源 --db "$db" --json
grep -q '"id"' "$T/out" && ok "search 能源 finds listings" || not_ok "search 能源 finds listings" "$(head -c 300 "$T/out")"

demand=$(sqlite3 "$db" "select id from listings where side='demand' and status='published' order by id limit 1")
expect_exit "match --json" 0 "$DUIJIE" match "$demand" --db "$db" --json
python3 - "$T/out" "$db" "$demand" <<'PY' && ok "match returns supply listings with factor explanations" || not_ok "match explanations" "$(head -c 400 "$T/out")"
import json, sys, sqlite3
d = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
r = d["results"]
assert r
for res in r:
    assert db.execute("select side from listings where id=?", (res["id"],)).fetchone()[0] == "supply"
    assert abs(sum(res["factors"].values()) - res["score"]) < 1e-3, res
assert r == sorted(r, key=lambda x: -x["score"])
PY
expect_exit "match text output shows factors" 0 "$DUIJIE" match "$demand" --db "$db"
grep -q "得分: 文本 +" "$T/out" && ok "match text lists the score factors by their Chinese names" || not_ok "match text lists factors"
python3 - "$T/out" <<'PY' && ok "match text: matched phrases distinct, none inside another, no lone CJK characters" || not_ok "match text matched line" "$(grep 匹配: "$T/out" | head -3)"
import sys
lines = [l.split("匹配:")[1].split() for l in open(sys.argv[1]) if "匹配:" in l]
assert lines
for w in lines:
    assert len(w) == len(set(w)), w
    assert not any(len(x) == 1 and ord(x) >= 0x3000 for x in w), w
    assert not any(a != b and a in b for a in w for b in w), w
PY
expect_exit "match of a missing listing fails (1)" 1 "$DUIJIE" match 999999 --db "$db"
expect_exit "match without id is a usage error" 2 "$DUIJIE" match --db "$db"
# a listing is named by its id, #id or its 编号, as in the import file
lid=$(sqlite3 "$db" "select id from listings where code = 'GL-D03'")
"$DUIJIE" match "$lid" --db "$db" --json >"$T/by_id" 2>&1
grep -q '"results":\[{' "$T/by_id" && ok "match GL-D03's id finds counterparts" || not_ok "match by id" "$(head -c 200 "$T/by_id")"
expect_exit "match by 编号" 0 "$DUIJIE" match GL-D03 --db "$db" --json
cmp -s "$T/out" "$T/by_id" && ok "match GL-D03 prints what match of its id prints" || not_ok "match by 编号" "$(head -c 200 "$T/out")"
expect_exit "match #id" 0 "$DUIJIE" match "#$lid" --db "$db" --json
cmp -s "$T/out" "$T/by_id" && ok "match #id prints what match id prints" || not_ok "match #id" "$(head -c 200 "$T/out")"
expect_exit "match of an unknown 编号 fails (1)" 1 "$DUIJIE" match GL-NONE --db "$db"
err_has "... naming the 编号 as typed" "listing 'GL-NONE' not found"
expect_exit "search without query is a usage error" 2 "$DUIJIE" search --db "$db"
expect_exit "search with a bad side fails (1)" 1 "$DUIJIE" search x --side 中间 --db "$db"

# The index follows the store: a listing added now is found at once.
"$DUIJIE" listing add --db "$db" 编号=NEW-SEARCH-1 机构=桂林电子科技大学 供需=供给 类别=专利 标题=石墨烯散热膜卷对卷制备工艺 内容=一种石墨烯散热膜的连续制备方法 >/dev/null
"$DUIJIE" search "石墨烯散热膜" --db "$db" --json >"$T/out"
grep -q "石墨烯散热膜卷对卷制备工艺" "$T/out" && ok "a new listing is searchable at once" || not_ok "a new listing is searchable at once"
id=$(sqlite3 "$db" "select id from listings where code='NEW-SEARCH-1'")
"$DUIJIE" listing close "$id" --db "$db" >/dev/null
"$DUIJIE" search "石墨烯散热膜" --db "$db" --json >"$T/out"
grep -q "石墨烯散热膜卷对卷制备工艺" "$T/out" && not_ok "a closed listing leaves the default search" || ok "a closed listing leaves the default search"
expect_exit "match of a closed listing still ranks" 0 "$DUIJIE" match "$id" --db "$db"
grep -q "listing $id is closed" "$T/err" && ok "match says that the listing is closed" || not_ok "match of a closed listing" "$(cat "$T/err")"

expect_exit "match --semantic" 0 "$DUIJIE" match "$demand" --db "$db" --json --semantic
python3 - "$T/out" <<'PY' && ok "match --semantic returns ranked results with factors" || not_ok "match --semantic" "$(head -c 300 "$T/out")"
import json, sys
r = json.load(open(sys.argv[1]))["results"]
assert r and r == sorted(r, key=lambda x: -x["score"])
for res in r:
    assert abs(sum(res["factors"].values()) - res["score"]) < 1e-3
PY

# The index is kept next to the database (DATABASE.index) and used while the
# listings are unchanged; any change, a damaged file or DUIJIE_INDEX_FILE=0
# means indexing from the store, with the same results.
[ -s "$db.index" ] && ok "the index is saved next to the database" || not_ok "the index is saved next to the database"
inode=$(stat -c %i "$db.index")
"$DUIJIE" search "光模块" --db "$db" --json >/dev/null
[ "$(stat -c %i "$db.index")" = "$inode" ] && ok "an unchanged catalog reuses the saved index" || not_ok "an unchanged catalog reuses the saved index"
for q in "多天线认知无线 频谱" "光模块" "装配式建筑 技术"; do
    "$DUIJIE" search "$q" --db "$db" --json --limit 20 >"$T/saved.json"
    DUIJIE_INDEX_FILE=0 "$DUIJIE" search "$q" --db "$db" --json --limit 20 >"$T/built.json"
    cmp -s "$T/saved.json" "$T/built.json" && ok "saved index: same results for '$q'" || not_ok "saved index: same results for '$q'"
done
demand2=$(sqlite3 "$db" "select id from listings where side='demand' and status='published' order by id limit 1 offset 3")
"$DUIJIE" match "$demand2" --db "$db" --json >"$T/saved.json"
DUIJIE_INDEX_FILE=0 "$DUIJIE" match "$demand2" --db "$db" --json >"$T/built.json"
cmp -s "$T/saved.json" "$T/built.json" && ok "saved index: same match results" || not_ok "saved index: same match results"
other=$(sqlite3 "$db" "select id from listings where side='supply' and status='published' order by id limit 1")
"$DUIJIE" listing update "$other" 标题=钙钛矿叠层太阳能电池中试线 --db "$db" >/dev/null
"$DUIJIE" search "钙钛矿叠层" --db "$db" --json >"$T/out"
grep -q "钙钛矿叠层太阳能电池中试线" "$T/out" && ok "an updated title is searchable at once" || not_ok "an updated title is searchable at once"
printf 'not an index' >"$db.index"
expect_exit "search with a damaged index file" 0 "$DUIJIE" search "钙钛矿叠层" --db "$db" --json
grep -q "钙钛矿叠层太阳能电池中试线" "$T/out" && [ "$(head -c 4 "$db.index")" = DJIX ] \
    && ok "a damaged index file is rebuilt" || not_ok "a damaged index file is rebuilt"
# A FIFO in the index file's place would block the reader forever; it is
# refused as "not a regular file" and replaced by a saved index.
rm -f "$db.index" && mkfifo "$db.index"
expect_exit "search with a FIFO as index file" 0 timeout 60 "$DUIJIE" search "钙钛矿叠层" --db "$db" --json
grep -q "钙钛矿叠层太阳能电池中试线" "$T/out" && [ -f "$db.index" ] && [ "$(head -c 4 "$db.index")" = DJIX ] \
    && ok "a FIFO in the index file's place is replaced" || not_ok "a FIFO in the index file's place is replaced"
# A process killed while saving leaves DATABASE.index.tmp.PID; the next save
# removes it once that PID no longer runs (a running writer's file stays).
sh -c 'exit 0' & dead=$!; wait $dead
sleep 60 & live=$!
cp "$db.index" "$db.index.tmp.$dead"; cp "$db.index" "$db.index.tmp.$live"; rm -f "$db.index"
expect_exit "search rebuilds the index" 0 "$DUIJIE" search "钙钛矿叠层" --db "$db" --json
[ ! -e "$db.index.tmp.$dead" ] && [ -e "$db.index.tmp.$live" ] \
    && ok "a killed writer's temporary index file is removed, a running one's kept" \
    || not_ok "orphaned temporary index files" "$(ls "$T")"
kill $live 2>/dev/null; rm -f "$db.index.tmp.$live"
# A SQLite URI names the file it opens: the side file is named after that
# file, not after the URI text.
rm -f "$db.index"
(cd "$(dirname "$db")" && "$DUIJIE" search "钙钛矿叠层" --db "file:$(basename "$db")?mode=ro" --json >/dev/null)
[ -s "$db.index" ] && [ -z "$(find "$T" -name 'file:*')" ] \
    && ok "a URI database keeps its index beside the file it names" \
    || not_ok "a URI database keeps its index beside the file it names" "$(ls "$T")"
before=$(db_digest "$db")
expect_exit "a write to a read-only database fails (1)" 1 "$DUIJIE" dict add 装配式建筑 --db "file:$db?mode=ro"
grep -q "read-only" "$T/err" && [ "$(db_digest "$db")" = "$before" ] \
    && ok "a read-only database: the error says so and nothing changed" \
    || not_ok "a read-only database: the error says so and nothing changed" "$(cat "$T/err")"
"$DUIJIE" init --db "$T/empty.db" >/dev/null
DUIJIE_INDEX_FILE=0 "$DUIJIE" search "技术" --db "$T/empty.db" --json >/dev/null
[ ! -e "$T/empty.db.index" ] && ok "DUIJIE_INDEX_FILE=0 writes no index file" || not_ok "DUIJIE_INDEX_FILE=0 writes no index file"
"$DUIJIE" match "$demand2" --semantic --db "$db" --json >"$T/first.json"
[ -s "$db.semantic" ] && ok "match --semantic keeps its model next to the database" || not_ok "match --semantic keeps its model next to the database"
inode=$(stat -c %i "$db.semantic")
"$DUIJIE" match "$demand2" --semantic --db "$db" --json >"$T/saved.json"
DUIJIE_INDEX_FILE=0 "$DUIJIE" match "$demand2" --semantic --db "$db" --json >"$T/built.json"
[ "$(stat -c %i "$db.semantic")" = "$inode" ] && cmp -s "$T/first.json" "$T/saved.json" && cmp -s "$T/saved.json" "$T/built.json" \
    && ok "match --semantic: the saved model gives the learned model's results" || not_ok "match --semantic: the saved model gives the learned model's results"
# A term repeated back to back reads as one phrase; the 匹配 line cuts it at
# 24 characters and "…" (it printed all 1,200).
body=$(python3 -c 'print("激光雷达" * 300)')
"$DUIJIE" listing add --db "$db" 编号=NEW-SEARCH-REP 机构=桂林电子科技大学 供需=供给 类别=专利 标题=工业相机 内容="$body" >/dev/null
expect_exit "search a repeated term" 0 "$DUIJIE" search 激光雷达 --db "$db"
python3 - "$T/out" <<'PY' && ok "the 匹配 line cuts a long phrase" || not_ok "the 匹配 line cuts a long phrase" "$(grep -m1 '匹配:' "$T/out")"
import sys
line = next(l for l in open(sys.argv[1], encoding="utf-8") if "匹配:" in l).rstrip("\n")
assert len(line) < 60 and line.endswith("…"), line
PY
