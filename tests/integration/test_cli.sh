#!/bin/bash
# CLI basics: --help everywhere, exit codes 0 / 1 / 2, --json, --db and
# $DUIJIE_DB, and the org/listing record commands.
. "$(dirname "$0")/lib.sh"
db="$T/cli.db"

expect_exit "no command is a usage error (2)" 2 "$DUIJIE"
expect_exit "unknown command is a usage error (2)" 2 "$DUIJIE" frobnicate
expect_exit "--help exits 0" 0 "$DUIJIE" --help
for c in init demo org listing import export version search match event report project deal news gen bench; do
    expect_exit "$c --help exits 0" 0 "$DUIJIE" "$c" --help
    grep -q "usage: duijie $c" "$T/out" && ok "$c --help prints usage" || not_ok "$c --help prints usage"
done
expect_exit "unknown option is a usage error" 2 "$DUIJIE" import --bogus x.csv
expect_exit "import without files is a usage error" 2 "$DUIJIE" import --db "$db"
expect_exit "init creates the database" 0 "$DUIJIE" init --db "$db" --json
grep -q '"schema_version":[1-9]' "$T/out" && ok "init --json reports the schema version" || not_ok "init --json reports the schema version" "$(cat "$T/out")"
expect_exit "import of a missing file fails (1)" 1 "$DUIJIE" import --db "$db" "$T/nope/orgs.csv"
expect_exit "import fixtures" 0 "$DUIJIE" import --db "$db" "$FIX/orgs.csv" "$FIX/listings.csv"
grep -q "imported 5 rows" "$T/out" && ok "import reports rows" || not_ok "import reports rows" "$(cat "$T/out")"
grep -qE '^orgs +3 rows, all new$' "$T/out" && ok "... and that they are new" || not_ok "import says the rows are new" "$(cat "$T/out")"
# the same files again: every row matches a stored record by its key (before
# 2026-12-03 the summary read as if 5 records had been added)
cp "$db" "$T/again.db"
expect_exit "import of the same files again" 0 "$DUIJIE" import --db "$T/again.db" "$FIX/orgs.csv" "$FIX/listings.csv"
grep -qE '^orgs +3 rows: 0 new, 3 matched a stored record by its key$' "$T/out" && ok "... says none is new" || not_ok "re-import summary" "$(cat "$T/out")"
expect_exit "... --json" 0 "$DUIJIE" import --db "$T/again.db" "$FIX/orgs.csv" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["by_type"]["orgs"]==3 and d["new_by_type"]["orgs"]==0, d' "$T/out" \
    && ok "... new_by_type in JSON" || not_ok "import --json new_by_type" "$(cat "$T/out")"
[ ! -s "$T/err" ] && ok "import prints no progress when stderr is not a terminal" || not_ok "import progress off a terminal" "$(cat "$T/err")"
script -qec "'$DUIJIE' import --db '$T/tty.db' '$FIX/orgs.csv' '$FIX/listings.csv' >/dev/null" /dev/null >"$T/tty" 2>&1
grep -q "import listings.csv 100%" "$T/tty" && ok "import shows progress per file on a terminal" || not_ok "import progress on a terminal" "$(head -c 300 "$T/tty")"

DUIJIE_DB="$db" expect_exit "DUIJIE_DB selects the database" 0 "$DUIJIE" listing list --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==2 and d[0]["code"]=="T-GUET-01" and d[0]["price_min"]=="500000"' "$T/out" \
    && ok "listing list --json holds the imported listings with exact money" || not_ok "listing list --json" "$(head -c 300 "$T/out")"

expect_exit "listing add" 0 "$DUIJIE" listing add --db "$db" --json 编号=T-NEW-1 机构=桂林电子科技大学 供需=supply 类别=patent 标题=新专利 内容=一种新方法 成熟度=4
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T/out" 2>/dev/null)
[ -n "$id" ] && ok "listing add --json prints the id" || not_ok "listing add --json prints the id"
expect_exit "listing show" 0 "$DUIJIE" listing show "$id" --db "$db" --json
grep -q '"title":"新专利"' "$T/out" && ok "listing show --json prints the record" || not_ok "listing show --json prints the record" "$(cat "$T/out")"
expect_exit "listing show as text" 0 "$DUIJIE" listing show "$id" --db "$db"
grep -q '^标题 *新专利$' "$T/out" && grep -q '^供需 *供给$' "$T/out" && grep -q '^类别 *专利$' "$T/out" && ! grep -q '价格' "$T/out" \
    && ok "listing show text: one field per line, Chinese names and values, empty fields left out" || not_ok "listing show text" "$(cat "$T/out")"
expect_exit "listing update" 0 "$DUIJIE" listing update "$id" 成熟度=6 --db "$db"
"$DUIJIE" listing show "$id" --db "$db" --json | grep -q '"trl":6' && ok "update changed the field" || not_ok "update changed the field"
expect_exit "listing update with a bad value fails (1)" 1 "$DUIJIE" listing update "$id" 成熟度=12 --db "$db"
grep -q "成熟度" "$T/err" && ok "update error names the field" || not_ok "update error names the field" "$(cat "$T/err")"
grep -q "number out of range (1 to 9): '12'" "$T/err" && ok "... and the range" || not_ok "update error names the range" "$(cat "$T/err")"
expect_exit "listing close" 0 "$DUIJIE" listing close "$id" --db "$db"
"$DUIJIE" listing show "$id" --db "$db" --json | grep -q '"status":"closed"' && ok "close sets status closed" || not_ok "close sets status closed"

# ---- an update or close that changes nothing writes nothing and says so:
# no audit entry, the same updated_at, exit 0; a real change still writes both
audits() { sqlite3 "$db" "select count(*) from audit_log where entity='$1' and entity_id=$2"; }
oid=$(sqlite3 "$db" "select id from orgs where name='桂林电子科技大学'")
sqlite3 "$db" "update orgs set updated_at='2020-01-01T00:00:00Z' where id=$oid; update listings set updated_at='2020-01-01T00:00:00Z' where id=$id"
a0=$(audits orgs "$oid")
kind=$(sqlite3 "$db" "select kind from orgs where id=$oid")
region=$(sqlite3 "$db" "select region from orgs where id=$oid")
expect_exit "org update to the stored values" 0 "$DUIJIE" org update "$oid" 名称=桂林电子科技大学 类型="$kind" 地区="$region" --db "$db"
[ "$(cat "$T/out")" = "no change: org $oid already has these values" ] && ok "... says there is no change" || not_ok "org update without a change: message" "$(cat "$T/out")"
[ "$(audits orgs "$oid")" = "$a0" ] && ok "... writes no audit entry" || not_ok "org update without a change wrote an audit entry" "$(audits orgs "$oid") vs $a0"
[ "$(sqlite3 "$db" "select updated_at from orgs where id=$oid")" = 2020-01-01T00:00:00Z ] && ok "... and keeps updated_at" || not_ok "org update without a change moved updated_at"
expect_exit "org update --json to the stored values" 0 "$DUIJIE" org update "$oid" 名称=桂林电子科技大学 --db "$db" --json
[ "$(cat "$T/out")" = "{\"id\":$oid,\"changed\":false}" ] && ok "... is {\"id\":N,\"changed\":false}" || not_ok "org update --json without a change" "$(cat "$T/out")"
expect_exit "org update that changes a field" 0 "$DUIJIE" org update "$oid" 简介=改过的简介 --db "$db" --json
[ "$(cat "$T/out")" = "{\"id\":$oid,\"changed\":true}" ] && [ "$(audits orgs "$oid")" = $((a0 + 1)) ] \
    && [ "$(sqlite3 "$db" "select updated_at from orgs where id=$oid")" != 2020-01-01T00:00:00Z ] \
    && ok "... is changed, audited once, updated_at moved" || not_ok "org update with a change" "$(cat "$T/out") audits $(audits orgs "$oid")"
a1=$(audits listings "$id")
expect_exit "listing update to the stored values" 0 "$DUIJIE" listing update "$id" 成熟度=6 标题=新专利 --db "$db"
[ "$(cat "$T/out")" = "no change: listing $id already has these values" ] && [ "$(audits listings "$id")" = "$a1" ] \
    && ok "... says so, no audit entry" || not_ok "listing update without a change" "$(cat "$T/out") audits $(audits listings "$id") vs $a1"
expect_exit "listing close of a closed listing" 0 "$DUIJIE" listing close "$id" --db "$db"
[ "$(cat "$T/out")" = "no change: listing $id is closed already" ] && [ "$(audits listings "$id")" = "$a1" ] \
    && [ "$(sqlite3 "$db" "select updated_at from listings where id=$id")" = 2020-01-01T00:00:00Z ] \
    && ok "... says so, no audit entry, updated_at kept" || not_ok "listing close of a closed listing" "$(cat "$T/out") audits $(audits listings "$id") vs $a1"
# add over a stored record: the same values write nothing either (contacts,
# which a viewer may not see, count too); one new value is a change
a2=$(audits orgs "$oid")
expect_exit "org add of the stored values" 0 "$DUIJIE" org add 名称=桂林电子科技大学 类型="$kind" 地区="$region" --db "$db"
[ "$(cat "$T/out")" = "no change: org $oid already has these values" ] && [ "$(audits orgs "$oid")" = "$a2" ] \
    && ok "... says so, no audit entry" || not_ok "org add without a change" "$(cat "$T/out") audits $(audits orgs "$oid") vs $a2"
expect_exit "org add --json with a new contact" 0 "$DUIJIE" org add 名称=桂林电子科技大学 类型="$kind" 地区="$region" 联系人=王老师 --db "$db" --json
[ "$(cat "$T/out")" = "{\"id\":$oid,\"changed\":true}" ] && [ "$(audits orgs "$oid")" = $((a2 + 1)) ] \
    && ok "... is a change, audited" || not_ok "org add with a new contact" "$(cat "$T/out") audits $(audits orgs "$oid")"
expect_exit "listing add of the stored values, by 编号" 0 "$DUIJIE" listing add --db "$db" --json 编号=T-NEW-1 机构=桂林电子科技大学 供需=supply 类别=patent 标题=新专利 内容=一种新方法 成熟度=6
[ "$(cat "$T/out")" = "{\"id\":$id,\"changed\":false}" ] && [ "$(audits listings "$id")" = "$a1" ] \
    && [ "$(sqlite3 "$db" "select updated_at from listings where id=$id")" = 2020-01-01T00:00:00Z ] \
    && ok "... changed false, no audit entry, updated_at kept" || not_ok "listing add without a change" "$(cat "$T/out") audits $(audits listings "$id") vs $a1"
expect_exit "a new listing without 编号" 0 "$DUIJIE" listing add --db "$db" 机构=桂林电子科技大学 供需=demand 类别=technology 标题=无编号需求 内容=说明
nid=$(sqlite3 "$db" "select id from listings where title='无编号需求'")
grep -qx "saved listing $nid" "$T/out" && ok "... is saved" || not_ok "a new listing without 编号" "$(cat "$T/out")"
expect_exit "... added again" 0 "$DUIJIE" listing add --db "$db" 机构=桂林电子科技大学 供需=demand 类别=technology 标题=无编号需求 内容=说明
grep -qx "no change: listing $nid already has these values" "$T/out" && [ "$(sqlite3 "$db" "select count(*) from listings where title='无编号需求'")" = 1 ] \
    && ok "... is found and not written again" || not_ok "listing added again without 编号" "$(cat "$T/out")"
expect_exit "org update of a missing id still fails (1)" 1 "$DUIJIE" org update 99999 名称=x --db "$db"
expect_exit "listing show of a missing id fails (1)" 1 "$DUIJIE" listing show 99999 --db "$db" --json
grep -q '"code":"DJ_ENOTFOUND"' "$T/out" && ok "--json errors are JSON" || not_ok "--json errors are JSON" "$(cat "$T/out")"
expect_exit "listing show without id is a usage error" 2 "$DUIJIE" listing show --db "$db"
expect_exit "listing add with a non-pair is a usage error" 2 "$DUIJIE" listing add oops --db "$db"
expect_exit "listing add missing a required field fails (1)" 1 "$DUIJIE" listing add 机构=桂林电子科技大学 --db "$db"
expect_exit "org list filtered" 0 "$DUIJIE" org list 类型=park --db "$db" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [o["name"] for o in d]==["桂林高新区"]' "$T/out" \
    && ok "org list filters by field" || not_ok "org list filters by field" "$(cat "$T/out")"
"$DUIJIE" org list --db "$db" --json | grep -q '"contact"' && ok "cli (admin) sees contacts" || not_ok "cli (admin) sees contacts"
expect_exit "org list filtered by the Chinese name of a value" 0 "$DUIJIE" org list 类型=园区 --db "$db"
[ "$(cut -f2,3 "$T/out")" = "$(printf '桂林高新区\t园区')" ] && ok "org list text: a tab-separated line, enum filter by either name" || not_ok "org list text" "$(cat "$T/out")"
expect_exit "org list filtered by an unknown value fails (1)" 1 "$DUIJIE" org list 类型=学校 --db "$db"
grep -q "类型.*学校.*企业, 高校" "$T/err" && ok "the error names the field and the values it takes" || not_ok "bad filter value error" "$(cat "$T/err")"
expect_exit "listing list as text" 0 "$DUIJIE" listing list 供需=供给 --db "$db"
awk -F'\t' 'NF == 7 && $3 == "供给" { n++ } END { exit !(n == NR && n >= 2) }' "$T/out" \
    && ok "listing list text: id, code, side, kind, status, org, title per line" || not_ok "listing list text" "$(cat "$T/out")"
"$DUIJIE" listing show 1 --db "$db" | grep -q '^价格下限 *50 万元$' && ok "listing show text prints money in 万元" || not_ok "listing show money" "$("$DUIJIE" listing show 1 --db "$db")"
long=$(python3 -c 'print("长文本" * 2000)')
"$DUIJIE" listing add --db "$db" 编号=T-LONG 机构=桂林电子科技大学 供需=需求 类别=技术成果 标题=长内容 "内容=$long" >/dev/null
lid=$(sqlite3 "$db" "select id from listings where code='T-LONG'")
"$DUIJIE" listing show "$lid" --db "$db" | grep -q "^内容 *$long\$" && ok "listing show text prints a 6,000-character body whole" || not_ok "listing show long body"
expect_exit "an empty list" 0 "$DUIJIE" listing list 编号=NOPE --db "$db"
grep -q '^no listings$' "$T/out" && ok "an empty list says so" || not_ok "an empty list says so" "$(cat "$T/out")"

# ---- shared CLI behaviour (review, 2026-12-03) ------------------------------------
E=$'\e[31mRED\e[0m'
for where in command database term; do
    case $where in
        command) "$DUIJIE" "$E" >/dev/null 2>"$T/err" ;;
        database) "$DUIJIE" org show 1 --db "$T/$E.db" >/dev/null 2>"$T/err" ;;
        term) "$DUIJIE" dict add "$E" --db "$db" >/dev/null 2>"$T/err" ;;
    esac
    ! grep -q $'\e' "$T/err" && grep -qF '\x1b[31mRED' "$T/err" && ok "ESC in a message is shown as \\x1b (an unknown $where)" \
        || not_ok "ESC in a message is shown as \\x1b (an unknown $where)" "$(od -c "$T/err" | head -3)"
done
expect_exit "a usage error with --json (2)" 2 "$DUIJIE" listing show --json --db "$db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["error"]["message"]' "$T/out" \
    && ok "a usage error with --json prints a JSON error" || not_ok "a usage error with --json prints a JSON error" "$(cat "$T/out")"
expect_exit "a missing option value is a usage error (2)" 2 "$DUIJIE" listing list --db
grep -q "option '--db' needs a value" "$T/err" && ok "a missing option value is named as such" || not_ok "a missing option value is named as such" "$(cat "$T/err")"
expect_exit "an empty --db is a usage error (2)" 2 "$DUIJIE" listing list --db ""
grep -q "db needs a path" "$T/err" && ok "an empty --db says so" || not_ok "an empty --db says so" "$(cat "$T/err")"
"$DUIJIE" listing list --db "$db" >/dev/full 2>"$T/err"; rc=$?
[ "$rc" = 1 ] && grep -q "write error on stdout" "$T/err" && ok "output that cannot be written fails (1)" \
    || not_ok "output that cannot be written fails (1)" "exit $rc: $(cat "$T/err")"
q="$T/q\"uote\\.db"
expect_exit "init --json of a path with a quote" 0 "$DUIJIE" init --db "$q" --json
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["db"].endswith("q\"uote\\.db")' "$T/out" \
    && ok "init --json escapes the path" || not_ok "init --json escapes the path" "$(cat "$T/out")"
expect_exit "version --json" 0 "$DUIJIE" version --json
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["version"]' "$T/out" && ok "version --json is JSON" || not_ok "version --json is JSON" "$(cat "$T/out")"
expect_exit "version with an argument is a usage error (2)" 2 "$DUIJIE" version foo
expect_exit "config get --json" 0 "$DUIJIE" config get match.weights --json --db "$db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["key"]=="match.weights" and d["value"]' "$T/out" \
    && ok "config get --json is JSON" || not_ok "config get --json is JSON" "$(cat "$T/out")"
expect_exit "dict add --json" 0 "$DUIJIE" dict add 量子点显示屏 --json --db "$db"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["added"]=="量子点显示屏"' "$T/out" \
    && ok "dict add --json is JSON" || not_ok "dict add --json is JSON" "$(cat "$T/out")"
# demo never replaces a file that is not a database, nor a database when the import fails
echo precious >"$T/precious.txt"
expect_exit "demo over a text file fails (1)" 1 "$DUIJIE" demo --db "$T/precious.txt" --data "$DJ_SOURCE_DIR/data/demo"
[ "$(cat "$T/precious.txt")" = precious ] && ok "demo leaves a text file alone" || not_ok "demo leaves a text file alone"
mkdir -p "$T/bad-demo" && cp "$DJ_SOURCE_DIR"/data/demo/*.csv "$T/bad-demo/" && sed -i '2s/,[^,]*,/,外星,/' "$T/bad-demo/orgs.csv"
before_demo=$(db_digest "$db")
expect_exit "demo with a bad data file fails (1)" 1 "$DUIJIE" demo --db "$db" --data "$T/bad-demo"
[ "$(db_digest "$db")" = "$before_demo" ] && ok "a failed demo leaves the database as it was" || not_ok "a failed demo leaves the database as it was"
# numbers out of an option's type: no silent narrowing or truncation
expect_exit "event recommend --per 4294967297 is a usage error (2)" 2 "$DUIJIE" event recommend EV-1 --per 4294967297 --db "$db"
expect_exit "solve-b2b --seed 1.9 is a usage error (2)" 2 "$DUIJIE" event solve-b2b "$DJ_SOURCE_DIR/tests/data/sched/fairness-forced.dzn" --seed 1.9 --json
expect_exit "solve-b2b --iters 2.5 is a usage error (2)" 2 "$DUIJIE" event solve-b2b "$DJ_SOURCE_DIR/tests/data/sched/fairness-forced.dzn" --iters 2.5 --json
expect_exit "export --json without -o is a usage error (2)" 2 "$DUIJIE" export orgs --json --db "$db"

# The demo's hints name the binary as it was run (before 2026-12-03, always ./build/duijie)
cp "$DUIJIE" "$T/my-duijie"
expect_exit "demo through another path" 0 "$T/my-duijie" demo --db "$T/hint.db" --data "$DJ_SOURCE_DIR/data/demo"
grep -q "^Try: $T/my-duijie listing list --db $T/hint.db" "$T/out" && ok "... its hints name that path" || not_ok "demo hints" "$(tail -4 "$T/out")"
