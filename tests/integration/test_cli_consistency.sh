#!/bin/bash
# One behaviour across the commands: arguments are checked before the
# database is opened (a usage error is 2 and touches no file), options may
# come before or after a subcommand, and a record that is not there is
# named the same way everywhere.
. "$(dirname "$0")/lib.sh"
db="$T/c.db"
"$DUIJIE" init --db "$db" >/dev/null || { not_ok "init"; exit 1; }

absent() { [ ! -e "$2" ] && ok "$1" || not_ok "$1" "$2 was created"; }

# ---- arguments before the database
for freq in abc 0 1x 1000000000001 " 5"; do
    expect_exit "dict add WORD '$freq' is a usage error (2)" 2 "$DUIJIE" dict add 好词 "$freq" --db "$db"
    err_has "dict add WORD '$freq': names FREQ and the value" "FREQ '$freq'"
done
expect_exit "dict add WORD abc on a missing database is still a usage error (2)" 2 "$DUIJIE" dict add 好词 abc --db "$T/none.db"
absent "... and opens no database" "$T/none.db"
expect_exit "dict add WORD 500 (a good FREQ)" 0 "$DUIJIE" dict add 好词 500 --db "$db"
[ "$(sqlite3 "$db" "select freq from dict_terms where word='好词'")" = 500 ] && ok "... is stored" || not_ok "... is stored"

# ---- options before the subcommand, as `project --db X list` takes them
"$DUIJIE" gen event --participants 6 --tables 2 --requests-per 2 --seed 3 >"$T/ev-after.dzn"
expect_exit "gen --seed 3 event ... (options before KIND)" 0 "$DUIJIE" gen --seed 3 --participants 6 event --tables 2 --requests-per 2
cmp -s "$T/out" "$T/ev-after.dzn" && ok "... gives the bytes of gen event ... --seed 3" || not_ok "gen options before KIND: same bytes" "$(diff "$T/out" "$T/ev-after.dzn" | head -5)"
"$DUIJIE" gen listings --count 3 --seed 7 --format csv >"$T/l-after.csv"
expect_exit "gen --count 3 -s 7 --out FILE listings --format csv" 0 "$DUIJIE" gen --count 3 -s 7 --out "$T/l-before.csv" listings --format csv
cmp -s "$T/l-before.csv" "$T/l-after.csv" && ok "... writes the same file" || not_ok "gen listings options before KIND: same bytes"
expect_exit "gen --out listings event ... (a value that names a kind is a value)" 0 "$DUIJIE" gen --out "$T/listings" event --participants 6 --tables 2 --requests-per 2 --seed 3
cmp -s "$T/listings" "$T/ev-after.dzn" && ok "... and the kind is event" || not_ok "gen --out listings event"
expect_exit "gen --seed 3 frob is a usage error (2)" 2 "$DUIJIE" gen --seed 3 frob
err_has "... naming the kind" "unknown kind 'frob'"
expect_exit "gen --seed 3 (no KIND) is a usage error (2)" 2 "$DUIJIE" gen --seed 3
err_has "... saying the kind is missing" "missing kind (listings or event)"
expect_exit "gen --bogus listings is a usage error (2)" 2 "$DUIJIE" gen --bogus listings
err_has "... naming the option" "unknown option '--bogus'"
expect_exit "gen --help listings prints the listings usage" 0 "$DUIJIE" gen --help listings
grep -q "usage: duijie gen listings" "$T/out" && ok "... (gen listings --help)" || not_ok "gen --help listings" "$(head -2 "$T/out")"
printf '{"_id":"d1","text":"光模块 耦合 技术"}\n{"_id":"d2","text":"锂电池 隔膜"}\n' >"$T/corpus.jsonl"
printf '{"_id":"q1","text":"光模块"}\n' >"$T/queries.jsonl"
expect_exit "bench --corpus C --queries Q beir --run R (options before beir)" 0 "$DUIJIE" bench --corpus "$T/corpus.jsonl" --queries "$T/queries.jsonl" beir --run "$T/run.txt" --k 5
grep -qs '^q1 Q0 d1 1 ' "$T/run.txt" && ok "... writes the run file" || not_ok "bench options before beir: run file" "$(cat "$T/run.txt" 2>/dev/null)"
expect_exit "bench --k 5 beir without --corpus is a usage error (2)" 2 "$DUIJIE" bench --k 5 beir
err_has "... naming what beir needs" "beir needs --corpus, --queries and --run"
expect_exit "bench --k 5 frob is a usage error (2)" 2 "$DUIJIE" bench --k 5 frob
err_has "... naming the benchmark" "unknown benchmark 'frob' (known: beir)"
expect_exit "bench --k 5 (no benchmark) is a usage error (2)" 2 "$DUIJIE" bench --k 5
err_has "... saying it is missing" "missing benchmark (known: beir)"
expect_exit "bench --k 5 --help prints the usage" 0 "$DUIJIE" bench --k 5 --help
grep -q "usage: duijie bench beir" "$T/out" && ok "... (bench --help)" || not_ok "bench --k 5 --help" "$(head -2 "$T/out")"

# ---- a record that is not there: one message, exit 1, one JSON shape
# (KIND 'KEY' not found, KEY as typed; the error object holds code and message)
while IFS='|' read -r kind key cmd; do
    # shellcheck disable=SC2086
    expect_exit "$cmd: not found fails (1)" 1 "$DUIJIE" $cmd --db "$db"
    [ "$(cat "$T/err")" = "duijie ${cmd%% *}: $kind '$key' not found" ] && ok "$cmd: says $kind '$key' not found" \
        || not_ok "$cmd: says $kind '$key' not found" "stderr: $(cat "$T/err")"
    # shellcheck disable=SC2086
    expect_exit "$cmd --json: not found fails (1)" 1 "$DUIJIE" $cmd --db "$db" --json
    python3 - "$T/out" "$kind '$key' not found" 2>/dev/null <<'PY' && ok "$cmd --json: the JSON error" || not_ok "$cmd --json: the JSON error" "$(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d == {"error": {"code": "DJ_ENOTFOUND", "message": sys.argv[2]}}, d
PY
done <<'CASES'
org|99|org show 99
org|99|org update 99 名称=x
listing|0099|listing show 0099
listing|99|listing update 99 成熟度=3
listing|99|listing close 99
listing|99|match 99
project|P9|project show P9
project|P9|project history P9
project|P9|project stage P9 开工 --date 2024-01-01
project|P9|project progress P9 1万 --date 2024-01-01
project|P9|project correct P9 总投资 1亿 --date 2024-01-01 --note x
deal|D9|deal show D9
news draft|9|news show 9
news draft|9|news accept 9
news draft|9|news reject 9
domain term|无此词|dict remove 无此词
event|EV9|event show EV9
event|EV9|event agenda EV9
event|EV9|event schedule EV9
event|EV9|event publish EV9
event|EV9|event recommend EV9
CASES
expect_exit "config get an unknown setting fails (1)" 1 "$DUIJIE" config get match.limit --db "$db"
err_has "... saying setting 'match.limit' not found" "duijie config: setting 'match.limit' not found ('duijie config list' shows them)"

# ---- org/listing list --limit/--offset: a bad value is named with its option
"$DUIJIE" import --db "$db" "$FIX/orgs.csv" "$FIX/listings.csv" >/dev/null
for ov in "limit 0" "limit x" "limit 99999999999999999999" "offset x" "offset 1.5"; do
    set -- $ov
    expect_exit "listing list --$1 $2 is a usage error (2)" 2 "$DUIJIE" listing list --$1 "$2" --db "$db"
    err_has "listing list --$1 $2: names option and value" "bad --$1 '$2'"
done
expect_exit "listing list --limit 1 --offset 1" 0 "$DUIJIE" listing list --limit 1 --offset 1 --db "$db" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==1 and d[0]["id"]==2, d' "$T/out" 2>/dev/null \
    && ok "... gives the second record alone" || not_ok "listing list --limit 1 --offset 1" "$(cat "$T/out")"
expect_exit "org list --offset 0" 0 "$DUIJIE" org list --offset 0 --db "$db"

# ---- a record named as people name it: id, #id, 编号, an organisation's name
kdb="$T/keys.db"
"$DUIJIE" demo --db "$kdb" --data "$DJ_SOURCE_DIR/data/demo" >/dev/null || not_ok "demo for record keys"
lid=$(sqlite3 "$kdb" "select id from listings where code = 'GL-D03'")
oid=$(sqlite3 "$kdb" "select id from orgs where name = '桂林电子科技大学'")
"$DUIJIE" listing show "$lid" --db "$kdb" --json >"$T/by_id"
for key in GL-D03 "#$lid"; do
    expect_exit "listing show $key" 0 "$DUIJIE" listing show "$key" --db "$kdb" --json
    cmp -s "$T/out" "$T/by_id" && ok "... is listing show $lid" || not_ok "listing show $key" "$(head -c 200 "$T/out")"
done
"$DUIJIE" org show "$oid" --db "$kdb" --json >"$T/by_id"
expect_exit "org show by name" 0 "$DUIJIE" org show 桂林电子科技大学 --db "$kdb" --json
cmp -s "$T/out" "$T/by_id" && ok "... is org show $oid" || not_ok "org show by name" "$(head -c 200 "$T/out")"
expect_exit "listing update by 编号" 0 "$DUIJIE" listing update GL-D03 成熟度=7 --db "$kdb"
[ "$(sqlite3 "$kdb" "select trl from listings where id = $lid")" = 7 ] && ok "... changes that listing" || not_ok "listing update GL-D03"
expect_exit "listing close by 编号" 0 "$DUIJIE" listing close GL-D03 --db "$kdb"
[ "$(sqlite3 "$kdb" "select status from listings where id = $lid")" = closed ] && ok "... closes that listing" || not_ok "listing close GL-D03"
before=$(db_digest "$kdb")
expect_exit "listing update of an unknown 编号 fails (1)" 1 "$DUIJIE" listing update GL-NONE 成熟度=7 --db "$kdb"
err_has "... naming it as typed" "listing 'GL-NONE' not found"
[ "$(db_digest "$kdb")" = "$before" ] && ok "... and changes nothing" || not_ok "listing update GL-NONE changed the database"
expect_exit "org show without a record is a usage error (2)" 2 "$DUIJIE" org show --db "$kdb"

# ---- list filters: codes cover the codes below them, free text is searched inside
lcount() { "$DUIJIE" listing list "$@" --db "$kdb" --json --limit 1000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
for f in "地区=45:region like '45%'" "地区=450000:region like '45%'" "地区=4503:region like '4503%'" \
         "行业=C:industry like 'C%'" "行业=c39:industry like 'C39%'" "标题=光:instr(title, '光') > 0" \
         "关键词=视觉:instr(keywords, '视觉') > 0"; do
    filter=${f%%:*} sql=${f#*:}
    want=$(sqlite3 "$kdb" "select count(*) from listings where $sql")
    got=$(lcount "$filter")
    [ "$got" = "$want" ] && [ "$want" -gt 0 ] && ok "listing list $filter: $got listings" || not_ok "listing list $filter" "got $got, want $want"
done
[ "$(lcount 编号=GL-D)" = 0 ] && ok "listing list 编号=GL-D: a code is matched whole" || not_ok "编号 prefix matched"
expect_exit "org list 名称=桂林 (part of a name)" 0 "$DUIJIE" org list 名称=桂林 --db "$kdb" --json --limit 1000
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out")
[ "$n" = "$(sqlite3 "$kdb" "select count(*) from orgs where instr(name, '桂林') > 0")" ] && ok "... every organisation whose name holds it ($n)" || not_ok "org list 名称=桂林" "$n"
# a list cut by --limit says so on stderr; stdout keeps the records alone
all=$(sqlite3 "$kdb" "select count(*) from listings")
expect_exit "listing list --limit 5" 0 "$DUIJIE" listing list --limit 5 --db "$kdb"
[ "$(wc -l <"$T/out")" = 5 ] && ok "... prints 5 records" || not_ok "listing list --limit 5" "$(cat "$T/out")"
err_has "... and says where the rest are" "1-5 of $all; --offset 5 for the next 5"
expect_exit "listing list --limit 5 --json" 0 "$DUIJIE" listing list --limit 5 --db "$kdb" --json
[ ! -s "$T/err" ] && ok "... with --json, nothing on stderr" || not_ok "list --json stderr" "$(cat "$T/err")"
expect_exit "listing list (all of them)" 0 "$DUIJIE" listing list --limit 1000 --db "$kdb"
[ ! -s "$T/err" ] && ok "... nothing to say when all are shown" || not_ok "list all stderr" "$(cat "$T/err")"

# ---- project and deal lists page as the record lists do
for cmd in project deal; do
    "$DUIJIE" $cmd list --db "$kdb" --limit 1000 >"$T/all" 2>"$T/err"
    total=$(wc -l <"$T/all")
    expect_exit "$cmd list --limit 3 --offset 2" 0 "$DUIJIE" $cmd list --limit 3 --offset 2 --db "$kdb"
    [ "$(cat "$T/out")" = "$(sed -n 3,5p "$T/all")" ] && ok "... is lines 3-5 of the whole list" || not_ok "$cmd list page" "$(cat "$T/out")"
    err_has "... and says where the rest are" "3-5 of $total; --offset 5 for the next 3"
    expect_exit "$cmd list --limit 3 --json" 0 "$DUIJIE" $cmd list --limit 3 --db "$kdb" --json
    [ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out")" = 3 ] && ok "... 3 records in JSON" || not_ok "$cmd list --json page"
    expect_exit "$cmd list --limit 0 is a usage error (2)" 2 "$DUIJIE" $cmd list --limit 0 --db "$kdb"
    expect_exit "$cmd show --limit 2 is a usage error (2)" 2 "$DUIJIE" $cmd show 1 --limit 2 --db "$kdb"
done
