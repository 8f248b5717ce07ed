#!/bin/bash
# duijie search and duijie match read as a park officer or an enterprise
# user reads them: the text output's 匹配 (matched) and 权重 (weights)
# lines, for matches the first version of the text output hid.
. "$(dirname "$0")/lib.sh"
db="$T/demo.db"
"$DUIJIE" demo --db "$db" --data "$DJ_SOURCE_DIR/data/demo" >/dev/null || { not_ok "demo import"; exit 1; }
org=$(sqlite3 "$db" "select name from orgs order by id limit 1")
add() { "$DUIJIE" listing add --db "$db" org="$org" "$@" >/dev/null || not_ok "listing add $*"; }
add side=supply kind=product title="Ｃ型臂Ｘ光机" body="医用Ｃ型臂，远程会诊"
add side=supply kind=product title="Ⅻ型密封圈" body="耐高温密封圈"

# A lone full-width letter or Roman numeral is three UTF-8 bytes like a Han
# character, but it is the whole match, not a fragment of a word: the
# 匹配 line names it (it was left out, and with it the whole line).
for q in C Ⅻ; do
    expect_exit "search $q" 0 "$DUIJIE" search "$q" --db "$db"
    want=$([ "$q" = C ] && echo Ｃ || echo Ⅻ)
    grep -A1 "【$want】" "$T/out" | grep -q "匹配: $want" && ok "search $q: the 匹配 line names $want" \
        || not_ok "search $q: the 匹配 line names $want" "$(cat "$T/out")"
done

# Single Han characters are left out of the 匹配 line next to longer
# matches, but when they are all that matched they are the reason.
expect_exit "search '光 热'" 0 "$DUIJIE" search "光 热" --db "$db" --limit 3
n=$(grep -c '^ *[0-9]*\. ' "$T/out")
m=$(grep -c '匹配: ' "$T/out")
[ "$n" -gt 0 ] && [ "$n" = "$m" ] && grep -q '匹配: 热' "$T/out" \
    && ok "every result of '光 热' has a 匹配 line" || not_ok "every result of '光 热' has a 匹配 line" "$(cat "$T/out")"
expect_exit "search 光模块" 0 "$DUIJIE" search 光模块 --db "$db"
grep -q '匹配: 光$' "$T/out" && not_ok "a lone 光 next to 光模块 is still left out" "$(cat "$T/out")" \
    || ok "a lone 光 next to 光模块 is still left out"

# The 权重 line shows the semantic blend when a model took part and it is
# not the default (it showed the factors only, so it was missing).
expect_exit "match --semantic --weights semantic=0.2" 0 \
    "$DUIJIE" match 14 --db "$db" --semantic --weights semantic=0.2 --limit 1
head -1 "$T/out" | grep -q '^权重:.* 语义 0.2$' && ok "the 权重 line shows 语义 0.2" \
    || not_ok "the 权重 line shows 语义 0.2" "$(head -3 "$T/out")"
expect_exit "match --semantic" 0 "$DUIJIE" match 14 --db "$db" --semantic --limit 1
grep -q '^权重:' "$T/out" && not_ok "default weights print no 权重 line" "$(head -3 "$T/out")" \
    || ok "default weights print no 权重 line"
# --weights semantic=... without --semantic changes nothing: said on stderr
expect_exit "match --weights semantic=0.2 without --semantic" 0 \
    "$DUIJIE" match 14 --db "$db" --weights semantic=0.2 --limit 1
err_has "a semantic weight without --semantic is noted" "counts only with --semantic"
expect_exit "match --weights 语义=0.2 --semantic" 0 \
    "$DUIJIE" match 14 --db "$db" --weights 语义=0.2 --semantic --limit 1
grep -q 'note:' "$T/err" && not_ok "no note when --semantic is given" "$(cat "$T/err")" \
    || ok "no note when --semantic is given"
expect_exit "match --weights text=1" 0 "$DUIJIE" match 14 --db "$db" --weights text=1 --limit 1
grep -q 'note:' "$T/err" && not_ok "no note for factor weights" "$(cat "$T/err")" \
    || ok "no note for factor weights"

# An empty --industry or --modes (a script's unset variable) was no filter:
# every listing. Refused like an empty --side or --region.
for o in "--industry=" "--industry= " "--modes=" "--modes=;"; do
    expect_exit "search 技术 '$o' fails (1)" 1 "$DUIJIE" search 技术 "$o" --db "$db" --json
    grep -q 'give an industry code\|give at least one cooperation mode' "$T/out" \
        && ok "search '$o' says what to give" || not_ok "search '$o' says what to give" "$(head -c 300 "$T/out")"
done
expect_exit "search 技术 --industry c39 --modes 转让" 0 "$DUIJIE" search 技术 --industry c39 --modes 转让 --db "$db" --json
python3 - "$T/out" "$db" <<'PY' && ok "--industry and --modes still filter" || not_ok "--industry and --modes still filter" "$(head -c 300 "$T/out")"
import json, sys, sqlite3
d = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
assert d["results"]
for r in d["results"]:
    assert db.execute("select industry from listings where id=?", (r["id"],)).fetchone()[0] == "C39"
PY

# The 得分 line's contributions add up to the score printed beside them
# (rounded one by one to thousandths, one line in ten was 0.001 off).
for id in $(seq 1 30); do "$DUIJIE" match "$id" --db "$db" --limit 10 2>/dev/null; done >"$T/out"
python3 - "$T/out" <<'PY' && ok "得分 contributions add up to the printed score" || not_ok "得分 contributions add up to the printed score"
import re, sys
lines, score, n = open(sys.argv[1]).read().splitlines(), None, 0
for l in lines:
    m = re.match(r"\s*\d+\. (\d\.\d{3})", l)
    if m:
        score = m.group(1)
    if "得分:" in l:
        parts = [int(x.replace(".", "")) for x in re.findall(r"[+-]\d\.\d{3}", l)]
        n += 1
        assert "%.3f" % (sum(parts) / 1000) == score, (score, l)
assert n > 100, n
PY

# --offset N: the next page, the same results (scores, highlights) as the
# same places of one longer list, numbered on from N + 1.
expect_exit "search 技术 --limit 15" 0 "$DUIJIE" search 技术 --db "$db" --limit 15 --json
mv "$T/out" "$T/all"
expect_exit "search 技术 --limit 5 --offset 10" 0 "$DUIJIE" search 技术 --db "$db" --limit 5 --offset 10 --json
python3 - "$T/all" "$T/out" <<'PY' && ok "--offset 10 --limit 5 is places 11-15 of --limit 15" || not_ok "--offset 10 --limit 5 is places 11-15 of --limit 15"
import json, sys
a = json.load(open(sys.argv[1]))["results"]
p = json.load(open(sys.argv[2]))["results"]
assert len(a) == 15 and p == a[10:15], (len(a), [r["id"] for r in p])
PY
expect_exit "search 技术 --limit 2 --offset 10 (text)" 0 "$DUIJIE" search 技术 --db "$db" --limit 2 --offset 10
grep -q '^11\. ' "$T/out" && grep -q '^12\. ' "$T/out" && ok "a page is numbered on from --offset + 1" \
    || not_ok "a page is numbered on from --offset + 1" "$(cat "$T/out")"
expect_exit "search --offset past the last result" 0 "$DUIJIE" search 技术 --db "$db" --offset 900 --json
grep -q '"results":\[\]' "$T/out" && ok "a page past the end is empty" || not_ok "a page past the end is empty" "$(head -c 200 "$T/out")"
for o in -1 x 1000; do
    expect_exit "search --offset $o fails (2)" 2 "$DUIJIE" search 技术 --db "$db" --offset "$o"
done
expect_exit "search --limit 500 --offset 600 fails (2)" 2 "$DUIJIE" search 技术 --db "$db" --limit 500 --offset 600
err_has "--limit plus --offset is capped" "within 1000"

# ---- each result says its side (a search covers both) and, when not published, its status
expect_exit "search 光纤 --json" 0 "$DUIJIE" search 光纤 --db "$db" --json
python3 -c '
import json, sqlite3, sys
d = json.load(open(sys.argv[1])); con = sqlite3.connect(sys.argv[2])
for r in d["results"]:
    row = con.execute("select side, kind, status from listings where id=?", (r["id"],)).fetchone()
    assert (r["side"], r["kind"], r["status"]) == row, (r, row)
assert {r["side"] for r in d["results"]} == {"supply", "demand"}, d
' "$T/out" "$db" && ok "... each result has its side, kind and status" || not_ok "search JSON side/kind/status" "$(head -c 300 "$T/out")"
expect_exit "search 光纤" 0 "$DUIJIE" search 光纤 --db "$db"
grep -qE '^ *[0-9]+\. [0-9.]+  #[0-9]+  ([^ ]+  )?需求  ' "$T/out" && grep -qE '^ *[0-9]+\. [0-9.]+  #[0-9]+  ([^ ]+  )?供给  ' "$T/out" \
    && ok "... the text names each result's side" || not_ok "search text side" "$(head -4 "$T/out")"
# ... and who to broker with: the listing's 编号 and organisation (since 2026-12-03)
grep -qE '#8  GL-R08  供给  .*光栅.*  — 桂林理工大学$' "$T/out" \
    && ok "... and each result's 编号 and organisation" || not_ok "search text 编号 and org" "$(head -4 "$T/out")"
closed=$(sqlite3 "$db" "select id from listings where title like '%光纤%' order by id limit 1")
"$DUIJIE" listing close "$closed" --db "$db" >/dev/null
expect_exit "search 光纤 --status any" 0 "$DUIJIE" search 光纤 --status any --db "$db"
grep -qE "#$closed  .*（关闭）(  — .*)?\$" "$T/out" && ok "... and a closed one says so" || not_ok "search text status" "$(head -6 "$T/out")"

# ---- a matched term reads as the listing writes it: the analyser folds case
# and traditional characters (乾 -> 干), the reason shown does not
org=$(sqlite3 "$db" "select name from orgs where kind='enterprise' order by id limit 1")
expect_exit "a listing written with 乾 and AOI" 0 "$DUIJIE" listing add --db "$db" "机构=$org" 供需=供给 类别=技术成果 标题=乾坤AOI检测平台 内容=乾坤视觉
expect_exit "search 乾坤 aoi --json" 0 "$DUIJIE" search "乾坤 aoi" --db "$db" --json
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
assert r["title"] == "乾坤AOI检测平台", r["title"]
assert "乾坤" in r["terms"] and "AOI" in r["terms"], r["terms"]
assert not [t for t in r["terms"] if "干" in t or t == "aoi"], r["terms"]
' "$T/out" && ok "... its terms are 乾坤 and AOI, not 干坤 and aoi" || not_ok "terms as written" "$(head -c 400 "$T/out")"
