#!/bin/bash
# Inputs of matching that once went wrong: a tiny weight stored as 1e-05
# (which the parser refuses, so every match failed), a negative weight
# called "not a number", `listing add` without a code answering id 0, tags
# after the 64th ignored by the overlap, industry codes kept in the case
# typed (c39 never met C39), and --semantic leaving its weight out of the
# JSON.
. "$(dirname "$0")/lib.sh"
db="$T/demo.db"
"$DUIJIE" demo --db "$db" --data "$DJ_SOURCE_DIR/data/demo" >/dev/null || { not_ok "demo import"; exit 1; }
demand=$(sqlite3 "$db" "select id from listings where side='demand' and status='published' order by id limit 1")

# -- the weights as text: what set stores reads back, get prints what set takes
expect_exit "config set a tiny weight" 0 "$DUIJIE" config set match.weights "budget=0.00001" --db "$db"
grep -q "^match.weights = .*,budget=0.00001,modes=0.05,semantic=0.5$" "$T/out" \
    && ok "the tiny weight is written without exponent" || not_ok "the tiny weight is written without exponent" "$(cat "$T/out")"
expect_exit "match with the tiny weight stored" 0 "$DUIJIE" match "$demand" --db "$db" --json
# (the weights used are the stored ones divided by their sum: only ratios matter)
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); w=d["weights"]; assert abs(w["budget"] / w["text"] - 1e-05 / 0.55) < 1e-9 and abs(sum(w.values()) - 1) < 1e-5 and d["results"], w' "$T/out" \
    && ok "match uses the stored tiny weight" || not_ok "match uses the stored tiny weight" "$(head -c 300 "$T/out")"
expect_exit "event recommend with the tiny weight stored" 0 "$DUIJIE" event recommend EV-2024-GL-CXY --db "$db" --json
expect_exit "config set with more digits than a float keeps" 0 "$DUIJIE" config set match.weights "text=12.3456789,semantic=0.33333333" --db "$db"
expect_exit "config get" 0 "$DUIJIE" config get match.weights --db "$db"
got=$(cat "$T/out")
expect_exit "config set takes what config get prints" 0 "$DUIJIE" config set match.weights "$got" --db "$db"
expect_exit "config get again" 0 "$DUIJIE" config get match.weights --db "$db"
[ "$(cat "$T/out")" = "$got" ] && ok "set of get's value stores the same value" || not_ok "set of get's value stores the same value" "$got" "$(cat "$T/out")"
expect_exit "match after the round trip" 0 "$DUIJIE" match "$demand" --db "$db" --json
before=$(db_digest "$db")
expect_exit "a negative weight is refused" 1 "$DUIJIE" config set match.weights "text=-1" --db "$db"
grep -q "field match.weights: 'text=-1': a weight cannot be negative" "$T/err" \
    && ok "a negative weight is called negative" || not_ok "a negative weight is called negative" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$before" ] && ok "a refused weight changes nothing" || not_ok "a refused weight changes nothing"
expect_exit "a negative --weights is a usage error" 2 "$DUIJIE" match "$demand" --db "$db" --weights "语义=-0.5"
grep -q "'语义=-0.5': a weight cannot be negative (semantic lies in 0..1)" "$T/err" \
    && ok "--weights names the negative weight" || not_ok "--weights names the negative weight" "$(cat "$T/err")"
expect_exit "config reset" 0 "$DUIJIE" config reset match.weights --db "$db"

# -- listing add without a code: the id printed and audited is the row's
expect_exit "listing add without code" 0 "$DUIJIE" listing add org=桂林电子科技大学 side=供给 kind=技术成果 title=测试一 body=内容 --db "$db"
id=$(sqlite3 "$db" "select max(id) from listings")
[ "$(cat "$T/out")" = "saved listing $id" ] && ok "listing add prints the new id" || not_ok "listing add prints the new id" "$(cat "$T/out") (id $id)"
[ "$(sqlite3 "$db" "select entity_id from audit_log where entity='listings' order by id desc limit 1")" = "$id" ] \
    && ok "the audit log names the new listing" || not_ok "the audit log names the new listing"
expect_exit "listing add without code --json" 0 "$DUIJIE" listing add org=桂林电子科技大学 side=供给 kind=技术成果 title=测试二 body=内容 --db "$db" --json
id2=$(sqlite3 "$db" "select id from listings where title='测试二'")
[ "$(cat "$T/out")" = "{\"id\":$id2,\"changed\":true}" ] && [ "$id2" -gt "$id" ] && ok "--json prints the new id" || not_ok "--json prints the new id" "$(cat "$T/out") (id $id2)"
[ "$(sqlite3 "$db" "select entity_id from audit_log where entity='listings' order by id desc limit 1")" = "$id2" ] \
    && ok "the audit log names the second listing" || not_ok "the audit log names the second listing"
expect_exit "org add" 0 "$DUIJIE" org add name=蝾螈研究所 kind=科研院所 region=450300 industry=m73 --db "$db" --json
oid=$(sqlite3 "$db" "select id from orgs where name='蝾螈研究所'")
[ "$(cat "$T/out")" = "{\"id\":$oid,\"changed\":true}" ] && ok "org add prints the org's id" || not_ok "org add prints the org's id" "$(cat "$T/out") (id $oid)"
[ "$(sqlite3 "$db" "select industry from orgs where id=$oid")" = "M73" ] && ok "org industry stored upper-case" || not_ok "org industry stored upper-case"

# -- every tag counts, and industry codes in any case
tags=$(python3 -c 'print(";".join("标签%d" % i for i in range(70)))')
{
    echo '编号,机构,供需,类别,标题,内容,关键词,行业,标签'
    echo "MI-S,蝾螈研究所,供给,技术成果,蝾螈再生医学技术,蝾螈肢体再生的机理研究与应用,蝾螈,c39,\"$tags\""
    echo 'MI-D,蝾螈养殖场,需求,技术成果,蝾螈再生医学技术需求,寻求蝾螈肢体再生的研究合作,蝾螈;标签1,Ｃ３９,'
} >"$T/listings.csv"
"$DUIJIE" org add 名称=蝾螈养殖场 类型=企业 地区=450300 --db "$db" >/dev/null # match never proposes one's own
expect_exit "import listings with 70 tags and lower-case industry" 0 "$DUIJIE" import "$T/listings.csv" --db "$db"
[ "$(sqlite3 "$db" "select group_concat(industry) from listings where code in ('MI-S','MI-D') order by code")" = "C39,C39" ] \
    && ok "imported industry codes are upper-cased" || not_ok "imported industry codes are upper-cased" "$(sqlite3 "$db" "select code, industry from listings where code like 'MI-%'")"
sid=$(sqlite3 "$db" "select id from listings where code='MI-S'")
did=$(sqlite3 "$db" "select id from listings where code='MI-D'")
expect_exit "match the demand" 0 "$DUIJIE" match "$did" --db "$db" --json
python3 - "$T/out" "$sid" <<'PY' && ok "overlap counts every tag (2/71) and the industry matches" || not_ok "overlap counts every tag and the industry matches" "$(head -c 400 "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["results"] if r["id"] == int(sys.argv[2])]
assert r, d["results"]
assert abs(r[0]["values"]["tags"] - 2 / 71) < 1e-5, r[0]["values"]
assert r[0]["values"]["industry"] == 1, r[0]["values"]
PY
expect_exit "search --industry c39" 0 "$DUIJIE" search 蝾螈 --industry c39 --db "$db" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert int(sys.argv[2]) in [r["id"] for r in d["results"]], d' "$T/out" "$sid" \
    && ok "the industry filter takes any case" || not_ok "the industry filter takes any case" "$(head -c 300 "$T/out")"
expect_exit "listing list industry=c39" 0 "$DUIJIE" listing list industry=c39 --db "$db" --json --limit 500
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d and all(r["industry"]=="C39" for r in d) and "MI-S" in [r["code"] for r in d]' "$T/out" \
    && ok "the list filter takes any case" || not_ok "the list filter takes any case" "$(head -c 300 "$T/out")"
expect_exit "listing add industry=c39" 0 "$DUIJIE" listing add org=蝾螈研究所 side=供给 kind=技术成果 title=测试三 body=内容 industry=c39 --db "$db"
[ "$(sqlite3 "$db" "select industry from listings where title='测试三'")" = "C39" ] && ok "listing add upper-cases the industry" || not_ok "listing add upper-cases the industry"
expect_exit "listing update industry=i65" 0 "$DUIJIE" listing update "$sid" industry=i65 --db "$db"
[ "$(sqlite3 "$db" "select industry from listings where id=$sid")" = "I65" ] && ok "listing update upper-cases the industry" || not_ok "listing update upper-cases the industry"
before=$(db_digest "$db")
{
    echo '编号,机构,供需,类别,标题,内容,行业'
    echo 'MI-X,蝾螈研究所,供给,技术成果,测试四,内容,C39'
    echo 'MI-Y,蝾螈研究所,供给,技术成果,测试五,内容,ZZZ99'
} >"$T/bad_listings.csv"
expect_exit "an industry that is no GB/T 4754 code is refused" 1 "$DUIJIE" import "$T/bad_listings.csv" --db "$db"
grep -q "bad_listings.csv:3: field 行业: not a GB/T 4754 industry code .*'ZZZ99'" "$T/err" \
    && ok "the error names file, line, field and reason" || not_ok "the error names file, line, field and reason" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$before" ] && ok "the refused import changes nothing" || not_ok "the refused import changes nothing"
expect_exit "listing add industry=ZZZ99" 1 "$DUIJIE" listing add org=蝾螈研究所 side=供给 kind=技术成果 title=测试六 body=内容 industry=ZZZ99 --db "$db"
grep -q "field 行业: not a GB/T 4754 industry code" "$T/err" && ok "listing add names the bad industry" || not_ok "listing add names the bad industry" "$(cat "$T/err")"

# -- --semantic: its weight is in the JSON with the factor weights
expect_exit "match --semantic --json" 0 "$DUIJIE" match "$demand" --semantic --db "$db" --json
python3 -c 'import json,sys; w=json.load(open(sys.argv[1]))["weights"]; assert w["semantic"]==0.5 and w["text"]==0.55, w' "$T/out" \
    && ok "--semantic lists the semantic weight" || not_ok "--semantic lists the semantic weight" "$(head -c 300 "$T/out")"
expect_exit "match --semantic --weights semantic=0.2" 0 "$DUIJIE" match "$demand" --semantic --weights semantic=0.2 --db "$db" --json
python3 -c 'import json,sys; w=json.load(open(sys.argv[1]))["weights"]; assert abs(w["semantic"]-0.2)<1e-6, w' "$T/out" \
    && ok "the semantic weight listed is the one used" || not_ok "the semantic weight listed is the one used" "$(head -c 300 "$T/out")"
expect_exit "match --json without --semantic" 0 "$DUIJIE" match "$demand" --db "$db" --json
python3 -c 'import json,sys; w=json.load(open(sys.argv[1]))["weights"]; assert "semantic" not in w and len(w)==7, w' "$T/out" \
    && ok "without --semantic only the factor weights are listed" || not_ok "without --semantic only the factor weights are listed" "$(head -c 300 "$T/out")"

# -- never the listing's own organisation: 兰州名德药业's herb-growing need
# (a demand) and its own extract offer (a supply) are one company's
own=$(sqlite3 "$db" "select a.id || ' ' || b.id from listings a join listings b on b.org_id = a.org_id and b.side <> a.side order by a.id limit 1")
set -- $own
expect_exit "match a listing whose organisation also offers the other side" 0 "$DUIJIE" match "$1" --db "$db" --json --limit 50
python3 -c '
import json, sqlite3, sys
d = json.load(open(sys.argv[1])); con = sqlite3.connect(sys.argv[2])
org = lambda i: con.execute("select org_id from listings where id=?", (i,)).fetchone()[0]
ids = [r["id"] for r in d["results"]]
assert ids and all(org(i) != org(int(sys.argv[3])) for i in ids), ids
' "$T/out" "$db" "$1" && ok "... proposes no listing of its own organisation ($2 among them)" \
    || not_ok "match proposes its own organisation" "$(head -c 300 "$T/out")"
