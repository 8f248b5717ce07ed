#!/bin/bash
# News drafts of a batch signing (docs/news.md section 5): "本次集中签约项目8个，
# 总投资46.2亿元，其中，某光伏组件项目投资12亿元……" proposes the named
# projects as drafts of their own (parts) and the batch as a rest draft that
# keeps only what the parts do not cover, so that accepting every draft
# counts the batch's money once. Uses tests/data/news_batch/page.txt.
. "$(dirname "$0")/lib.sh"
PAGE="$DJ_SOURCE_DIR/tests/data/news_batch/page.txt"
db="$T/news.db"

q() { sqlite3 "$db" "$1"; }
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', wanted '$3'"; fi; }

expect_exit "news import of the batch page" 0 "$DUIJIE" news import --db "$db" --json "$PAGE"
cp "$T/out" "$T/import.json"
python3 - "$T/import.json" <<'PY' && ok "import --json: rests and parts with their batch" || not_ok "import --json: rests and parts with their batch" "$(head -c 600 "$T/import.json")"
import json, sys
d = json.load(open(sys.argv[1]))
rows = [(x["kind"], x["name"], x["amount_fen"], x["payload"]["batch"]) for x in d["drafts"]]
ids = [x["id"] for x in d["drafts"]]
want = [
    ("project", "本次集中签约项目（共8个，其余6个）", 252000000000,
     {"role": "rest", "items": 8, "parts": 2, "total_fen": 462000000000}),
    ("project", "某光伏组件项目", 120000000000,
     {"role": "part", "items": 8, "total_fen": 462000000000, "of": ids[0]}),
    ("project", "某储能电池项目", 90000000000,
     {"role": "part", "items": 8, "total_fen": 462000000000, "of": ids[0]}),
    ("deal", "科技成果转化项目签约 签约金额（共5个，其余4个）", 60000000000,
     {"role": "rest", "items": 5, "parts": 1, "total_fen": 100000000000}),
    ("deal", "某芯片封装项目 签约金额", 40000000000,
     {"role": "part", "items": 5, "total_fen": 100000000000, "of": ids[3]}),
    ("project", "某碳纤维项目", 120000000000,
     {"role": "part", "items": 2, "total_fen": 200000000000, "of": None}),
    ("project", "某复合材料项目", 80000000000,
     {"role": "part", "items": 2, "total_fen": 200000000000, "of": None}),
]
assert rows == want, rows
assert d["drafts"][5]["payload"]["land_mu"] == 100 and d["drafts"][0]["payload"]["land_mu"] is None
PY
expect_eq "each batch's drafts add up to its total" \
    "$(q "SELECT group_concat(s, ' ') FROM (SELECT article, kind, sum(amount) AS s FROM news_drafts GROUP BY article, kind ORDER BY article)")" \
    "462000000000 100000000000 200000000000"

# accept every draft: the records count each batch's money once
for p in 江岸经开区 河西高新区 北湖经开区; do
    "$DUIJIE" org add --db "$db" 名称=$p 类型=park 地区=450200 >/dev/null 2>&1 || not_ok "add park $p"
done
i=0
for id in $(q "SELECT id FROM news_drafts WHERE kind='project' ORDER BY id"); do
    i=$((i + 1))
    expect_exit "accept project draft $i" 0 "$DUIJIE" news accept "$id" 编号=NB-P$i 阶段=签约 签约日期=2024-03-12 --db "$db"
done
for id in $(q "SELECT id FROM news_drafts WHERE kind='deal' ORDER BY id"); do
    i=$((i + 1))
    expect_exit "accept deal draft $i" 0 "$DUIJIE" news accept "$id" 编号=NB-D$i 类型=技术转让 签约日期=2024-03-12 --db "$db"
done
expect_eq "projects: 46.2亿 + 20亿 in all, not 67.2亿 + 40亿" \
    "$(q "SELECT count(*)||' '||sum(total_investment) FROM projects")" "5 662000000000"
expect_eq "deals: 10亿 in all, not 14亿" "$(q "SELECT count(*)||' '||sum(amount) FROM deals")" "2 100000000000"
expect_exit "report over the accepted drafts" 0 "$DUIJIE" report --db "$db" --json
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def find(o, key):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == key: return v
            r = find(v, key)
            if r is not None: return r
    if isinstance(o, list):
        for v in o:
            r = find(v, key)
            if r is not None: return r
print(find(d, sys.argv[2]))' "$T/out" signed_investment_fen >"$T/sig"
expect_eq "report: signed investment 66.2亿" "$(cat "$T/sig")" "662000000000"
# the rest draft stands for the 6 projects the article does not name: the
# report counts the batch's 8 projects and the other batch's 2, not 5 records
expect_eq "the rest's record counts as its 6 projects (项目个数)" \
    "$(q "SELECT items FROM projects WHERE name LIKE '%其余6个%'")" "6"
python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["current"]["projects"]["signed"])' \
    "$T/out" >"$T/cnt" 2>&1
expect_eq "report: 10 signed projects (8 + 2)" "$(cat "$T/cnt")" "10"
expect_eq "the deal rest's record counts as its 4 deals (份数)" \
    "$(q "SELECT items FROM deals WHERE title LIKE '%其余4个%'")" "4"
python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["current"]["contracts"]["all"]["count"])' \
    "$T/out" >"$T/cnt" 2>&1
expect_eq "report: 5 agreements (4 + 1)" "$(cat "$T/cnt")" "5"

# re-import adds nothing
expect_exit "re-import of the batch page" 0 "$DUIJIE" news import --db "$db" "$PAGE"
grep -q "0 new, 7 already stored" "$T/out" && ok "re-import reports nothing new" || not_ok "re-import reports nothing new" "$(head -3 "$T/out")"
