#!/bin/bash
# duijie config (the settings of a database) and the match weights: set,
# used by duijie match, overridden per call with --weights, reset; wrong
# values and names are refused with the reason and change nothing.
. "$(dirname "$0")/lib.sh"
db="$T/demo.db"
"$DUIJIE" demo --db "$db" --data "$DJ_SOURCE_DIR/data/demo" >/dev/null || { not_ok "demo import"; exit 1; }
demand=$(sqlite3 "$db" "select id from listings where side='demand' and status='published' order by id limit 1")

expect_exit "config lists the settings" 0 "$DUIJIE" config --db "$db"
grep -q "^match.weights = text=0.55,tags=0.15,industry=0.1,region=0.05,maturity=0.05,budget=0.05,modes=0.05,semantic=0.5$" "$T/out" \
    && grep -q "默认值" "$T/out" && ok "a new database has the default weights" || not_ok "a new database has the default weights" "$(cat "$T/out")"

expect_exit "config set match.weights" 0 "$DUIJIE" config set match.weights "地区=5，text=0.1" --db "$db"
grep -q "^match.weights = text=0.1,tags=0.15,industry=0.1,region=5," "$T/out" \
    && ok "set prints the canonical value" || not_ok "set prints the canonical value" "$(cat "$T/out")"
expect_exit "match with the stored weights" 0 "$DUIJIE" match "$demand" --db "$db" --json
# only ratios matter: the weights used are the stored ones divided by their sum (5.5)
python3 - "$T/out" 0.0181818 0.909091 <<'PY' && ok "match uses the stored weights for every factor" || not_ok "match uses the stored weights" "$(head -c 300 "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
text_w, region_w = float(sys.argv[2]), float(sys.argv[3])
assert d["weights"]["text"] == text_w and d["weights"]["region"] == region_w, d["weights"]
assert d["results"]
for r in d["results"]:
    assert abs(r["factors"]["text"] - text_w * r["values"]["text"]) < 1e-4, r
    assert abs(r["factors"]["region"] - region_w * r["values"]["region"]) < 1e-4, r
PY
expect_exit "match --weights over the stored ones" 0 "$DUIJIE" match "$demand" --db "$db" --json --weights "region=0,文本=2"
python3 - "$T/out" 2 0 <<'PY' && ok "--weights goes over the setting for one call" || not_ok "--weights goes over the setting" "$(head -c 300 "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
w = d["weights"]
assert abs(w["text"] / w["tags"] - 2 / 0.15) < 1e-4 and w["region"] == 0 and abs(sum(w.values()) - 1) < 1e-5, w
for r in d["results"]:
    assert r["factors"]["region"] == 0, r
PY
expect_exit "match text output" 0 "$DUIJIE" match "$demand" --db "$db"
grep -q "^权重: 文本 0.0181818 标签 0.0272727 行业 0.0181818 地区 0.909091 " "$T/out" && ok "text output shows weights that are not the defaults" || not_ok "text output shows the weights" "$(head -3 "$T/out")"

before=$(db_digest "$db")
expect_exit "a wrong value is refused" 1 "$DUIJIE" config set match.weights "region=1,score=2" --db "$db"
grep -q "field match.weights: unknown factor in 'score=2'" "$T/err" && ok "the error names the setting and the item" || not_ok "the error names the setting and the item" "$(cat "$T/err")"
expect_exit "all-zero weights are refused" 1 "$DUIJIE" config set match.weights "text=0,tags=0,industry=0,region=0,maturity=0,budget=0,modes=0" --db "$db"
expect_exit "an unknown setting is refused" 1 "$DUIJIE" config set match.limit 3 --db "$db"
grep -q "setting 'match.limit' not found" "$T/err" && ok "the unknown name is named" || not_ok "the unknown name is named" "$(cat "$T/err")"
expect_exit "a bad --weights is a usage error" 2 "$DUIJIE" match "$demand" --db "$db" --weights "region=-1"
grep -q "'region=-1': a weight cannot be negative" "$T/err" && ok "--weights says what is wrong" || not_ok "--weights says what is wrong" "$(cat "$T/err")"
expect_exit "config with a missing value" 2 "$DUIJIE" config set match.weights --db "$db"
[ "$(db_digest "$db")" = "$before" ] && ok "refused changes leave the database as it was" || not_ok "refused changes leave the database as it was"

expect_exit "config reset" 0 "$DUIJIE" config reset match.weights --db "$db"
expect_exit "config get" 0 "$DUIJIE" config get match.weights --db "$db"
[ "$(cat "$T/out")" = "text=0.55,tags=0.15,industry=0.1,region=0.05,maturity=0.05,budget=0.05,modes=0.05,semantic=0.5" ] \
    && ok "reset returns to the defaults" || not_ok "reset returns to the defaults" "$(cat "$T/out")"
expect_exit "match text output, default weights" 0 "$DUIJIE" match "$demand" --db "$db"
grep -q "^权重:" "$T/out" && not_ok "default weights are not printed" || ok "default weights are not printed"
[ "$(sqlite3 "$db" "select count(*) from audit_log where entity='settings'")" = 2 ] \
    && ok "set and reset are in the audit log" || not_ok "set and reset are in the audit log"
