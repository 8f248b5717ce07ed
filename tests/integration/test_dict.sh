#!/bin/bash
# duijie dict (the domain terms of a database): a term added is one word in
# search and match at once (the saved index is rebuilt), an import is all or
# nothing with the bad line named, and a removed term is split again.
. "$(dirname "$0")/lib.sh"
db="$T/demo.db"
"$DUIJIE" demo --db "$db" --data "$DJ_SOURCE_DIR/data/demo" >/dev/null || { not_ok "demo import"; exit 1; }
q="硅基光互连技术"
terms() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(d["results"][0]["terms"]))' "$T/out"; }

expect_exit "dict lists no terms" 0 "$DUIJIE" dict --db "$db"
grep -q "no domain terms" "$T/out" && ok "a new database has no domain terms" || not_ok "a new database has no domain terms" "$(cat "$T/out")"
expect_exit "search before" 0 "$DUIJIE" search "$q" --db "$db" --json
terms | grep -qw 硅基光互连 && not_ok "without the term it is split" "$(terms)" || ok "without the term it is split"
expect_exit "dict add" 0 "$DUIJIE" dict add 硅基光互连 --db "$db"
expect_exit "search after" 0 "$DUIJIE" search "$q" --db "$db" --json
terms | grep -qw 硅基光互连 && ok "an added term is matched as one word" || not_ok "an added term is matched as one word" "$(terms)"
python3 - "$T/out" <<'PY' && ok "highlights still point at the text" || not_ok "highlights still point at the text"
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
for h in r["highlights"]:
    if h["field"] == "title":
        assert r["title"].encode()[h["start"]:h["end"]].decode() == h["text"], h
PY
DUIJIE_INDEX_FILE=0 "$DUIJIE" search "$q" --db "$db" --json >"$T/built.json"
cmp -s "$T/out" "$T/built.json" && ok "the saved index was rebuilt for the new term" || not_ok "the saved index was rebuilt for the new term"

printf '# 领域词\n多天线认知无线\n坏 词 x\n' >"$T/bad.txt"
before=$(db_digest "$db")
expect_exit "a bad import is refused" 1 "$DUIJIE" dict import "$T/bad.txt" --db "$db"
grep -q "bad.txt:3: the frequency must be a whole number" "$T/err" && ok "the error names file and line" || not_ok "the error names file and line" "$(cat "$T/err")"
expect_exit "a term with a space is refused" 1 "$DUIJIE" dict add "两个 词" --db "$db"
expect_exit "FREQ must be a number (a usage error, 2)" 2 "$DUIJIE" dict add 好词 1x --db "$db"
# A stop word is never indexed: as a domain term it would change nothing.
expect_exit "a stop word is refused" 1 "$DUIJIE" dict add 以上 --db "$db"
grep -q "'以上': a stop word is never indexed" "$T/err" && ok "... saying why" || not_ok "... saying why" "$(cat "$T/err")"
# NFKC spells ﷺ as four words with spaces: as one term it would hide each of them
expect_exit "a term that normalises to several words is refused" 1 "$DUIJIE" dict add ﷺ --db "$db"
grep -q "also once normalised" "$T/err" && ok "... saying why" || not_ok "... saying why" "$(cat "$T/err")"
printf '多天线认知无线\n的\n' >"$T/stop.txt"
expect_exit "an import with a stop word is refused" 1 "$DUIJIE" dict import "$T/stop.txt" --db "$db"
grep -q "stop.txt:2: '的': a stop word" "$T/err" && ok "... naming file, line and word" || not_ok "... naming file, line and word" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$before" ] && ok "refused changes leave the database as it was" || not_ok "refused changes leave the database as it was"
printf '\xef\xbb\xbf# 领域词\r\n多天线认知无线\r\n装配式建筑 500\r\n' >"$T/good.txt"
expect_exit "dict import" 0 "$DUIJIE" dict import "$T/good.txt" --db "$db"
grep -q "^2 terms added or updated" "$T/out" && ok "import counts its terms" || not_ok "import counts its terms" "$(cat "$T/out")"
# The same file again writes nothing: no audit entry, created_at kept.
before=$(db_digest "$db")
expect_exit "dict import of the same file" 0 "$DUIJIE" dict import "$T/good.txt" --db "$db"
grep -q "^no change: 2 terms already stored" "$T/out" && ok "... says no change" || not_ok "... says no change" "$(cat "$T/out")"
[ "$(db_digest "$db")" = "$before" ] && ok "... and leaves the database as it was" || not_ok "... and leaves the database as it was"
printf '多天线认知无线\n装配式建筑 700\n' >"$T/one.txt"
expect_exit "dict import --json with one frequency changed" 0 "$DUIJIE" dict import "$T/one.txt" --db "$db" --json
grep -qx '{"terms":1,"unchanged":1}' "$T/out" && ok "... counts the written and the unchanged terms" || not_ok "... counts written and unchanged" "$(cat "$T/out")"
printf '装配式建筑 500\n' >"$T/back.txt"
expect_exit "... and back" 0 "$DUIJIE" dict import "$T/back.txt" --db "$db"
expect_exit "dict list --json" 0 "$DUIJIE" dict --db "$db" --json
python3 - "$T/out" <<'PY' && ok "list has every term with its frequency" || not_ok "list has every term" "$(cat "$T/out")"
import json, sys
d = {t["word"]: t["freq"] for t in json.load(open(sys.argv[1]))}
assert d == {"硅基光互连": None, "多天线认知无线": None, "装配式建筑": 500}, d
PY
expect_exit "dict remove" 0 "$DUIJIE" dict remove 硅基光互连 --db "$db"
expect_exit "search after removal" 0 "$DUIJIE" search "$q" --db "$db" --json
terms | grep -qw 硅基光互连 && not_ok "a removed term is split again" "$(terms)" || ok "a removed term is split again"
expect_exit "removing it twice" 1 "$DUIJIE" dict remove 硅基光互连 --db "$db"
[ "$(sqlite3 "$db" "select count(*) from audit_log where entity='dict_terms'")" = 5 ] \
    && ok "add, three imports that wrote and remove are in the audit log" || not_ok "add, imports and remove are in the audit log"

# One word in another spelling (full-width, upper case, traditional) is the same term.
expect_exit "dict add ＡＩ判图系统" 0 "$DUIJIE" dict add ＡＩ判图系统 --db "$db"
expect_exit "dict add ai判图系统 (the same term normalised)" 0 "$DUIJIE" dict add ai判图系统 200 --db "$db"
[ "$(sqlite3 "$db" "select group_concat(word || ':' || coalesce(freq, '-')) from dict_terms where word like '%判图系统'")" = "ＡＩ判图系统:200" ] \
    && ok "one row, the first spelling, the new frequency" || not_ok "same term in another spelling" "$(sqlite3 "$db" "select * from dict_terms")"
expect_exit "dict remove AI判图系统 removes it" 0 "$DUIJIE" dict remove AI判图系统 --db "$db"
[ "$(sqlite3 "$db" "select count(*) from dict_terms where word like '%判图系统'")" = 0 ] && ok "... and it is gone" || not_ok "removed by another spelling"
expect_exit "dict add 數據中台, remove 数据中台" 0 "$DUIJIE" dict add 數據中台 --db "$db"
expect_exit "... remove by the simplified spelling" 0 "$DUIJIE" dict remove 数据中台 --db "$db"
