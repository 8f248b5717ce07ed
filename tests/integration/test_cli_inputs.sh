#!/bin/bash
# CLI inputs that must be refused: numbers that are not numbers (NaN, an
# empty value) and a --db / $DUIJIE_DB / ./duijie.db that does not exist,
# which only the commands that start a database (init, import, demo,
# news import) may create; the others fail naming the path and create
# nothing.
. "$(dirname "$0")/lib.sh"

absent() { [ ! -e "$2" ] && ok "$1" || not_ok "$1" "$2 was created"; }

# ---- NaN and empty numbers are usage errors (2), like inf
cat >"$T/small.dzn" <<'DZN'
nBusiness = 3;
nMeetings = 2;
nTables = 1;
nTotalSlots = 2;
nMorningSlots = 1;
requested = [|1, 2, 3
|1, 3, 3|];
forbidden = [{}, {}, {}];
fixed = [0, 0];
precedences = [{}, {}];
DZN
expect_exit "solve-b2b on the small instance" 0 "$DUIJIE" event solve-b2b "$T/small.dzn" --iters 100 --json
for opt in time-limit iters seed; do
    for v in nan NaN -nan inf 0x10 1e1 " 5"; do
        expect_exit "event schedule --$opt $v is a usage error" 2 "$DUIJIE" event schedule EV-1 --$opt "$v" --db "$T/none.db"
        err_has "event schedule --$opt $v: the message names option and value" "bad --$opt '$v'"
        expect_exit "event solve-b2b --$opt $v is a usage error" 2 "$DUIJIE" event solve-b2b "$T/small.dzn" --$opt "$v" --json
        err_has "event solve-b2b --$opt $v: the message names option and value" "bad --$opt '$v'"
    done
done
absent "a usage error opens no database" "$T/none.db"
# Out of range, named with the option: BM25's k1 and b, the blend weight.
for ov in "k1 -1" "b-body 2" "bigram-weight -1" "lsa-alpha 2"; do
    set -- $ov
    expect_exit "bench beir --$1 $2 is a usage error" 2 "$DUIJIE" bench beir --$1 "$2" --corpus "$T/c.jsonl" --queries "$T/q.jsonl"
    err_has "bench beir --$1 $2: the message names the option" "bad --$1 '$2'"
done
for opt in lsa-alpha max-terms; do
    for v in nan "" 0x1 1e-1; do
        expect_exit "bench beir --$opt '$v' is a usage error" 2 "$DUIJIE" bench beir --$opt "$v" --corpus "$T/c.jsonl" --queries "$T/q.jsonl"
        err_has "bench beir --$opt '$v': bad number" "bad --$opt '$v'"
    done
done
expect_exit "event recommend --min-score nan is a usage error" 2 "$DUIJIE" event recommend EV-1 --min-score nan --db "$T/none.db"
expect_exit "event recommend --min-score 1.5 is a usage error (scores lie in 0..1)" 2 "$DUIJIE" event recommend EV-1 --min-score 1.5 --db "$T/none.db"
err_has "... saying so" "--min-score takes a number 0..1"

# ---- a missing database: reads and writes other than init/import/demo fail (1)
mkdir -p "$T/absent"
typo="$T/nodir/typo.db"
run_missing() { # NAME DB COMMAND...
    local name="$1" db="$2"; shift 2
    expect_exit "$name: fails (1) on a missing database" 1 "$DUIJIE" "$@" --db "$db"
    err_has "$name: the error names the path" "no database at $db"
    absent "$name: creates no database" "$db"
}
for db in "$typo" "$T/absent/typo.db"; do
    run_missing "event show" "$db" event show EV-1
done
run_missing "event show --json" "$T/absent/j.db" event show EV-1 --json
grep -q '"code":"DJ_ENOTFOUND"' "$T/out" && ok "event show --json: the error is JSON" || not_ok "event show --json error" "$(cat "$T/out")"
run_missing "event agenda" "$T/absent/a.db" event agenda EV-1 --format ics
run_missing "event recommend" "$T/absent/r.db" event recommend EV-1
run_missing "event schedule" "$T/absent/s.db" event schedule EV-1 --dry-run
run_missing "listing list" "$T/absent/l.db" listing list
run_missing "listing add" "$T/absent/la.db" listing add 编号=X 机构=Y 供需=supply 类别=patent 标题=t 内容=c
run_missing "org show" "$T/absent/o.db" org show 1
run_missing "search" "$T/absent/se.db" search 光模块
run_missing "match" "$T/absent/m.db" match 1
run_missing "report" "$T/absent/re.db" report --json
run_missing "export" "$T/absent/e.db" export listings --format jsonl
run_missing "config" "$T/absent/c.db" config
run_missing "config set" "$T/absent/cs.db" config set match.weights text=1
run_missing "dict" "$T/absent/d.db" dict
run_missing "project list" "$T/absent/p.db" project list
run_missing "deal list" "$T/absent/dl.db" deal list
run_missing "news drafts" "$T/absent/n.db" news drafts
expect_exit "sqlite: URL: fails (1) on a missing database" 1 "$DUIJIE" listing list --db "sqlite:$T/absent/u.db"
err_has "sqlite: URL: the error names the file" "no database at $T/absent/u.db ("
err_has "the error says how to create one" "(create it with 'duijie init --db sqlite:$T/absent/u.db' or 'duijie import')"
absent "sqlite: URL: creates no database" "$T/absent/u.db"

DUIJIE_DB="$T/absent/env.db" expect_exit "\$DUIJIE_DB missing: fails (1)" 1 "$DUIJIE" listing list
err_has "\$DUIJIE_DB missing: the error names the path" "no database at $T/absent/env.db"
absent "\$DUIJIE_DB missing: creates no database" "$T/absent/env.db"
(cd "$T/absent" && env -u DUIJIE_DB "$DUIJIE" listing list >"$T/out" 2>"$T/err")
rc=$?
[ "$rc" = 1 ] && ok "./duijie.db missing: fails (1)" || not_ok "./duijie.db missing: fails (1)" "exit $rc"
err_has "./duijie.db missing: the error names the path" "no database at duijie.db"
absent "./duijie.db missing: creates no database" "$T/absent/duijie.db"

# ---- exempt: :memory:, PostgreSQL URLs (their own error)
expect_exit ":memory: needs no file" 0 "$DUIJIE" listing list --db :memory:
expect_exit "a PostgreSQL URL fails (1) with its own error" 1 "$DUIJIE" listing list --db postgresql://localhost/x
grep -q "no database at" "$T/err" && not_ok "a PostgreSQL URL is not looked for as a file" "$(cat "$T/err")" || ok "a PostgreSQL URL is not looked for as a file"

# ---- init, import and news import create it; then the others open it
expect_exit "init creates a missing database" 0 "$DUIJIE" init --db "$T/absent/new.db"
[ -s "$T/absent/new.db" ] && ok "init: the file exists" || not_ok "init: the file exists"
expect_exit "listing list opens it" 0 "$DUIJIE" listing list --db "$T/absent/new.db"
grep -q '^no listings$' "$T/out" && ok "listing list of the new database: no listings" || not_ok "listing list of the new database" "$(cat "$T/out")"
expect_exit "import creates a missing database" 0 "$DUIJIE" import --db "$T/absent/imp.db" "$FIX/orgs.csv"
[ -s "$T/absent/imp.db" ] && ok "import: the file exists" || not_ok "import: the file exists"
expect_exit "import of a missing file fails (1)" 1 "$DUIJIE" import --db "$T/absent/imp-missing.db" "$T/absent/missing.csv" --json
err_has "... naming the file" "$T/absent/missing.csv: cannot read"
grep -q '"code":"DJ_EIO"' "$T/out" && ok "... with --json, as a JSON error" || not_ok "import of a missing file: JSON error" "$(cat "$T/out")"
absent "... and creates no database (as news import)" "$T/absent/imp-missing.db"
printf '名称,类型,地区\n甲公司,企业,999999\n' >"$T/badregion.csv"
expect_exit "import of a file with a bad row into a new database fails (1)" 1 "$DUIJIE" import --db "$T/absent/imp-bad.db" --type orgs "$T/badregion.csv"
err_has "... naming the row" "badregion.csv:2: field 地区"
absent "... and leaves no database behind" "$T/absent/imp-bad.db"
absent "... nor its WAL" "$T/absent/imp-bad.db-wal"
printf '名称,类型,地区\n乙公司,企业,110101\n' >"$T/goodorg.csv"
check "an import into that path then" "$DUIJIE" import --db "$T/absent/imp-bad.db" --type orgs "$T/goodorg.csv"
before=$(sqlite3 "$T/absent/imp-bad.db" 'select count(*) from orgs')
expect_exit "a bad import into an existing database fails (1)" 1 "$DUIJIE" import --db "$T/absent/imp-bad.db" --type orgs "$T/badregion.csv"
[ "$(sqlite3 "$T/absent/imp-bad.db" 'select count(*) from orgs')" = "$before" ] && ok "... and keeps that database as it was" \
    || not_ok "a bad import removed or changed an existing database"
expect_exit "news import creates a missing database" 0 "$DUIJIE" news import --db "$T/absent/news.db" "$DJ_SOURCE_DIR/tests/data/news_review/page.txt"
[ -s "$T/absent/news.db" ] && ok "news import: the file exists" || not_ok "news import: the file exists"

# An unknown option is named as typed, also inside a cluster of short ones
# (-5G was reported as the argument before it); a query that starts with '-'
# goes after '--'.
expect_exit "search -5G is a usage error" 2 "$DUIJIE" search 光 -5G --db "$T/none.db"
err_has "... naming -5G" "unknown option '-5G'"
expect_exit "match --bogus is a usage error" 2 "$DUIJIE" match 16 --bogus --db "$T/none.db"
err_has "... naming --bogus" "unknown option '--bogus'"
