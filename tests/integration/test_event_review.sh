#!/bin/bash
# The event workflow on a small hand-made event, from the organiser's side:
# the agenda in every format (JSON included), an XLSX agenda that cannot be
# written, options before the subcommand, check-in's sheet, and bad input -
# each refused with a message naming what is wrong, exit 1 or 2, and the
# database unchanged.
. "$(dirname "$0")/lib.sh"
db="$T/r.db"
q() { sqlite3 "$db" "$1"; }

# Five organisations; one is named "1", the id of another participant.
{
    echo '名称,类型,统一社会信用代码,地区,行业,简介'
    echo '甲科技有限公司,企业,,110101,C39,测试'
    echo '乙科技有限公司,企业,,110101,C39,测试'
    echo '"丙""引号""公司",企业,,110101,C39,测试'
    echo '丁展商有限公司,企业,,110101,C39,测试'
    echo '1,企业,,110101,C39,名称是数字'
} >"$T/orgs.csv"
{
    echo '编号,名称,类型,开始日期,结束日期,上午时段数,下午时段数,时段分钟,洽谈桌数'
    echo 'EV-R,评审对接会,对接会,2026-05-20,,3,3,30,2'
} >"$T/events.csv"
{
    echo '活动,机构,角色,最多洽谈,不可用时段'
    echo 'EV-R,甲科技有限公司,,,'
    echo 'EV-R,乙科技有限公司,,,'
    echo 'EV-R,"丙""引号""公司",,,'
    echo 'EV-R,丁展商有限公司,展商,,'
    echo 'EV-R,1,,,'
} >"$T/parts.csv"
{
    echo '活动,发起方,对方,意愿'
    echo 'EV-R,甲科技有限公司,乙科技有限公司,必须'
    echo 'EV-R,甲科技有限公司,"丙""引号""公司",必须'
    echo 'EV-R,甲科技有限公司,丁展商有限公司,希望'
    echo 'EV-R,1,丁展商有限公司,必须'
    echo 'EV-R,1,甲科技有限公司,必须'
} >"$T/reqs.csv"
expect_exit "the review event imports" 0 "$DUIJIE" import --db "$db" "$T/orgs.csv" "$T/events.csv" "$T/parts.csv" "$T/reqs.csv"
expect_exit "the review event schedules" 0 "$DUIJIE" event schedule EV-R --iters 20000 --db "$db"
P1=$(q "select p.id from participants p join orgs o on o.id = p.org_id where o.name = '甲科技有限公司'")
P5=$(q "select p.id from participants p join orgs o on o.id = p.org_id where o.name = '1'")
[ "$P1" = 1 ] && [ "$P5" != 1 ] && ok "the organisation named '1' is not participant 1" || not_ok "fixture ids" "$P1 $P5"
NM=$(q "select count(*) from meetings where status <> 'cancelled'")
[ "$NM" = 5 ] && ok "5 meetings scheduled" || not_ok "5 meetings scheduled" "$NM"

# --- the XLSX agenda: written whole or not at all, our own error -------------------------------
d0=$(db_digest "$db")
expect_exit "XLSX agenda into a missing directory fails (1)" 1 "$DUIJIE" event agenda EV-R --format xlsx -o "$T/missing/a.xlsx" --db "$db"
[ "$(cat "$T/err")" = "duijie event: cannot write $T/missing/a.xlsx: No such file or directory" ] \
    && ok "a missing directory: one line of ours, naming the file and why" || not_ok "XLSX into a missing directory" "$(cat "$T/err")"
mkdir "$T/dir.xlsx"
expect_exit "XLSX agenda onto a directory fails (1)" 1 "$DUIJIE" event agenda EV-R --format xlsx -o "$T/dir.xlsx" --db "$db"
[ "$(cat "$T/err")" = "duijie event: cannot write $T/dir.xlsx: Is a directory" ] \
    && ok "XLSX onto a directory: named, with the reason" || not_ok "XLSX onto a directory" "$(cat "$T/err")"
expect_exit "XLSX agenda" 0 "$DUIJIE" event agenda EV-R --format xlsx -o "$T/a.xlsx" --db "$db"
python3 -c "import sys, zipfile; assert 'xl/worksheets/sheet1.xml' in zipfile.ZipFile(sys.argv[1]).namelist()" "$T/a.xlsx" \
    && ok "the XLSX agenda is a workbook" || not_ok "the XLSX agenda is a workbook"
[ -z "$(find "$T" -name '*.tmp-*')" ] && ok "no temporary file left beside the targets" || not_ok "temporary files left" "$(find "$T" -name '*.tmp-*')"
[ "$(db_digest "$db")" = "$d0" ] && ok "agendas leave the database unchanged" || not_ok "agendas leave the database unchanged"

# --- an agenda over a file that is there keeps its mode; a read-only one is refused --------------
for fmt in xlsx html; do
    echo old >"$T/mode.$fmt"; chmod 600 "$T/mode.$fmt"
    expect_exit "$fmt agenda over a 0600 file" 0 "$DUIJIE" event agenda EV-R --format "$fmt" -o "$T/mode.$fmt" --db "$db"
    [ "$(stat -c %a "$T/mode.$fmt")" = 600 ] && ! grep -q '^old$' "$T/mode.$fmt" && ok "... replaces it, keeping mode 600" \
        || not_ok "$fmt agenda over a 0600 file keeps its mode" "mode $(stat -c %a "$T/mode.$fmt")"
done
if user_can_run; then
    user_dir "$T/ro"
    sqlite3 "$db" ".backup '$T/ro/r.db'"
    [ "$(id -u)" = 0 ] && chown nobody "$T/ro/r.db"
    for fmt in xlsx html; do
        echo keep >"$T/ro/a.$fmt"; chmod 444 "$T/ro/a.$fmt"
        expect_exit "$fmt agenda over a read-only file fails (1) (as $(as_user id -un))" 1 as_user "$DUIJIE" event agenda EV-R --format "$fmt" -o "$T/ro/a.$fmt" --db "$T/ro/r.db"
        [ "$(cat "$T/err")" = "duijie event: cannot write $T/ro/a.$fmt: Permission denied" ] \
            && ok "... in one line naming the file" || not_ok "$fmt agenda over a read-only file: message" "$(cat "$T/err")"
        [ "$(cat "$T/ro/a.$fmt")" = keep ] && [ -z "$(find "$T/ro" -name '*.tmp-*')" ] \
            && ok "... the file kept as it was, nothing left beside it" || not_ok "$fmt agenda over a read-only file replaced it" "$(head -c 100 "$T/ro/a.$fmt")"
    done
else
    echo "# SKIP agenda over a read-only file: running as root and nobody cannot run $DUIJIE (setpriv from util-linux, a build nobody may enter?)"
fi

# --- check-in prints the sheet of whom it checked in --------------------------------------------
# (it rendered the agenda of a second load by participant id, and "1" named the
# organisation called 1 rather than participant 1)
cp "$db" "$T/ci.db"
expect_exit "checkin 甲科技有限公司 (participant 1)" 0 "$DUIJIE" event checkin EV-R 甲科技有限公司 --db "$T/ci.db"
grep -q "^== 甲科技有限公司 ==" "$T/out" && ! grep -q "^== 1 ==" "$T/out" \
    && ok "the sheet is participant 1's, not the organisation named 1's" || not_ok "checkin sheet" "$(cat "$T/out")"
[ "$(grep -c '^[0-9][0-9]:[0-9][0-9]-' "$T/out")" = "$(sqlite3 "$T/ci.db" "select count(*) from meetings where status <> 'cancelled' and $P1 in (a_id, b_id)")" ] \
    && ok "the sheet lists its meetings" || not_ok "the sheet lists its meetings" "$(cat "$T/out")"

# --- the agenda as JSON ---------------------------------------------------------------------------
expect_exit "agenda --json" 0 "$DUIJIE" event agenda EV-R --json --db "$db"
cp "$T/out" "$T/agenda.json"
python3 - "$T/agenda.json" "$db" <<'PY' && ok "agenda --json: the event, tables, every participant's meetings with times, tables and counterparts" || not_ok "agenda --json" "$(head -c 600 "$T/agenda.json")"
import json, sqlite3, sys
a = json.load(open(sys.argv[1])); db = sqlite3.connect(sys.argv[2])
assert (a["event"], a["name"], a["tz"], a["published"], a["participant"]) == ("EV-R", "评审对接会", "Asia/Shanghai", False, None), a
assert [t["label"] for t in a["tables"]] == ["T1", "T2", "丁展商有限公司"] and a["tables"][2]["booth"] is True, a["tables"]
names = dict(db.execute("select p.id, o.name from participants p join orgs o on o.id = p.org_id"))
assert [(p["id"], p["org"]) for p in a["participants"]] == sorted(names.items()), a["participants"]
rows = db.execute("select m.id, s.seq, s.starts_at, s.ends_at, t.label, m.table_id, m.a_id, m.b_id, m.status, m.locked "
                  "from meetings m join event_slots s on s.id = m.slot_id left join event_tables t on t.id = m.table_id "
                  "where m.status <> 'cancelled'").fetchall()
want = {}
for mid, seq, st, en, lab, tid, x, y, status, locked in rows:
    for me, other in ((x, y), (y, x)):
        want.setdefault(me, []).append({"id": mid, "slot": seq, "starts_at": st, "ends_at": en, "table": lab, "table_id": tid,
                                        "with_id": other, "with": names[other], "status": status, "locked": bool(locked)})
for p in a["participants"]:
    assert p["meetings"] == sorted(want.get(p["id"], []), key=lambda m: m["slot"]), (p, want.get(p["id"]))
    assert p["booth"] == ("丁展商有限公司" if p["org"] == "丁展商有限公司" else None), p
assert sum(len(p["meetings"]) for p in a["participants"]) == 2 * len(rows)
PY
expect_exit "agenda --format json --participant '丙\"引号\"公司'" 0 "$DUIJIE" event agenda EV-R --format json --participant '丙"引号"公司' --db "$db"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert a["participant"] == 3 and [p["org"] for p in a["participants"]] == ["丙\"引号\"公司"], a
assert [m["with"] for m in a["participants"][0]["meetings"]] == ["甲科技有限公司"], a' "$T/out" \
    && ok "agenda --json --participant: that participant alone, quotes escaped" || not_ok "agenda --json --participant" "$(cat "$T/out")"
expect_exit "agenda --json of an unknown participant fails (1)" 1 "$DUIJIE" event agenda EV-R --json --participant 戊 --db "$db"
grep -q '"code":"DJ_ENOTFOUND".*"field":"participant"' "$T/out" && ok "... with a JSON error naming the participant" || not_ok "agenda --json error" "$(cat "$T/out")"
expect_exit "agenda --json --format csv is a usage error" 2 "$DUIJIE" event agenda EV-R --json --format csv --db "$db"
expect_exit "agenda --json -o FILE" 0 "$DUIJIE" event agenda EV-R --json -o "$T/a.json" --db "$db"
cmp -s "$T/a.json" "$T/agenda.json" && ok "agenda --json -o writes the same object" || not_ok "agenda --json -o"

# --- options before the subcommand, as `duijie project --db X list` takes them -------------------
expect_exit "event --db DB --json agenda EV" 0 "$DUIJIE" event --db "$db" --json agenda EV-R
cmp -s "$T/out" "$T/agenda.json" && ok "options before the subcommand: the same agenda" || not_ok "options before the subcommand" "$(head -c 300 "$T/out")"
expect_exit "event --db=DB --format=json --participant 1 agenda EV" 0 "$DUIJIE" event --db="$db" --format=json --participant 1 agenda EV-R
grep -q "\"participant\":$P5," "$T/out" && ok "--name=value and valued options before the subcommand" || not_ok "--name=value before the subcommand" "$(head -c 300 "$T/out")"
expect_exit "event --db DB -- show EV" 0 "$DUIJIE" event --db "$db" -- show EV-R
grep -q "^EV-R  评审对接会" "$T/out" && ok "'--' before the subcommand" || not_ok "'--' before the subcommand" "$(head -3 "$T/out")"
expect_exit "event --db DB -o FILE agenda EV --format csv" 0 "$DUIJIE" event --db "$db" -o "$T/b.csv" agenda EV-R --format csv
[ "$(head -1 "$T/b.csv")" = $'participant,start,end,table,with\r' ] && ok "-o FILE before the subcommand" || not_ok "-o FILE before the subcommand" "$(head -2 "$T/b.csv")"
expect_exit "event --db DB checkin EV ORG --json" 0 "$DUIJIE" event --db "$T/ci.db" --json checkin EV-R 乙科技有限公司
grep -q '"checked_in":true' "$T/out" && ok "a write subcommand after options" || not_ok "checkin after options" "$(cat "$T/out")"
expect_exit "event --db DB without a subcommand is a usage error" 2 "$DUIJIE" event --db "$db"
grep -q "missing subcommand" "$T/err" && ok "... naming the missing subcommand" || not_ok "missing subcommand" "$(cat "$T/err")"
expect_exit "event --db DB frobnicate is a usage error" 2 "$DUIJIE" event --db "$db" frobnicate EV-R
grep -q "unknown subcommand 'frobnicate'" "$T/err" && ok "... naming the unknown subcommand" || not_ok "unknown subcommand" "$(cat "$T/err")"
expect_exit "an option no event subcommand knows, before it, is a usage error" 2 "$DUIJIE" event --bogus --db "$db" show EV-R
grep -q "bogus" "$T/err" && ok "... naming the option" || not_ok "unknown option before the subcommand" "$(cat "$T/err")"
expect_exit "event --db DB --help" 0 "$DUIJIE" event --db "$db" --help
grep -q "usage: duijie event" "$T/out" && ok "--help before the subcommand prints the usage" || not_ok "--help before the subcommand"
# the arguments before the subcommand are read with the subcommand's own options, as its
# getopt_long reads them after it: --fi is --fill-only for schedule (not a value-taking --format; --f is ambiguous since --from-slot)
expect_exit "event --db DB --fi schedule EV --dry-run (an abbreviation before the subcommand)" 0 "$DUIJIE" event --db "$db" --fi schedule EV-R --dry-run --iters 2000
grep -q "dry run" "$T/out" && ok "... schedules as event schedule EV --fi --dry-run" || not_ok "--fi before schedule" "$(head -3 "$T/out")"
expect_exit "event --participant list --db DB agenda EV: a value that names a subcommand is a value" 1 "$DUIJIE" event --participant list --db "$db" agenda EV-R
err_has "... of agenda's --participant" "'list' is not a participant of event EV-R"
expect_exit "event --db DB -- agenda EV --json: '--' ends the options, after the subcommand too (2)" 2 "$DUIJIE" event --db "$db" -- agenda EV-R --json
err_has "... so --json is an operand" "agenda needs exactly one EVENT"

# --- the CSV agenda guards formula-like names as the CSV exports do ------------------------------
cp "$db" "$T/f.db"
printf '%s\n' '名称,类型,统一社会信用代码,地区,行业,简介' '"=HYPERLINK(""http://x"")",企业,,110101,C39,x' '-2+3公司,企业,,110101,C39,x' >"$T/forg.csv"
printf '%s\n' '活动,机构' 'EV-R,"=HYPERLINK(""http://x"")"' 'EV-R,-2+3公司' >"$T/fpart.csv"
printf '%s\n' '活动,发起方,对方,意愿' 'EV-R,"=HYPERLINK(""http://x"")",甲科技有限公司,必须' 'EV-R,-2+3公司,乙科技有限公司,必须' >"$T/freq.csv"
expect_exit "formula-like organisation names import" 0 "$DUIJIE" import --db "$T/f.db" "$T/forg.csv" "$T/fpart.csv" "$T/freq.csv"
expect_exit "... and schedule" 0 "$DUIJIE" event schedule EV-R --iters 20000 --db "$T/f.db"
expect_exit "CSV agenda with formula-like names" 0 "$DUIJIE" event agenda EV-R --format csv --db "$T/f.db"
grep -q "^\"'=HYPERLINK(\"\"http://x\"\")\",2026-" "$T/out" && grep -q ",\"'=HYPERLINK(\"\"http://x\"\")\"" "$T/out" \
    && grep -q "^'-2+3公司,2026-" "$T/out" && grep -q ",'-2+3公司"$'\r'"\$" "$T/out" && ! grep -q "[,^]=HYPER\|^-2" "$T/out" \
    && ok "CSV agenda: an apostrophe before a value a spreadsheet would run as a formula" || not_ok "CSV agenda formula guard" "$(grep -a 'HYPER\|2+3' "$T/out")"

# --- an event without pool tables -----------------------------------------------------------------
cp "$db" "$T/z.db"
printf '%s\n' '编号,名称,类型,开始日期,结束日期,上午时段数,下午时段数,时段分钟,洽谈桌数' 'EV-Z,零桌对接会,对接会,2026-05-21,,3,3,30,0' >"$T/zev.csv"
printf '%s\n' '活动,机构,角色' 'EV-Z,甲科技有限公司,' 'EV-Z,乙科技有限公司,' 'EV-Z,丁展商有限公司,展商' >"$T/zpart.csv"
printf '%s\n' '活动,发起方,对方,意愿' 'EV-Z,甲科技有限公司,乙科技有限公司,必须' 'EV-Z,甲科技有限公司,丁展商有限公司,必须' >"$T/zreq.csv"
expect_exit "an event with 洽谈桌数 0 imports" 0 "$DUIJIE" import --db "$T/z.db" "$T/zev.csv" "$T/zpart.csv" "$T/zreq.csv"
expect_exit "... and schedules its booth meetings" 0 "$DUIJIE" event schedule EV-Z --iters 2000 --json --db "$T/z.db"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["scheduled"] == 1 and len(r["unscheduled_requests"]) == 1, r
assert r["unscheduled_requests"][0]["reason"] == "the event has no pool tables (洽谈桌数 0) and neither has an exhibitor\u0027s booth", r' "$T/out" \
    && ok "a pair without a booth: the reason says the event has no pool tables" || not_ok "no pool tables reason" "$(head -c 600 "$T/out")"

# ---- event list and event add: events are records like orgs and listings
before=$(db_digest "$db")
expect_exit "event add with a bad date fails (1)" 1 "$DUIJIE" event add --db "$db" 编号=EV-NEW 名称=新活动 开始日期=2025-13-01
err_has "... naming the field" "开始日期"
[ "$(db_digest "$db")" = "$before" ] && ok "... and writes nothing" || not_ok "event add with a bad date wrote"
expect_exit "event add" 0 "$DUIJIE" event add --db "$db" 编号=EV-NEW 名称=新活动 开始日期=2025-03-01 上午时段数=4 洽谈桌数=3
[ "$(cat "$T/out")" = "saved event $(q "SELECT id FROM events WHERE code = 'EV-NEW'")" ] \
    && ok "... prints the new id" || not_ok "event add prints the new id" "$(cat "$T/out")"
[ "$(q "SELECT count(*) FROM event_slots s JOIN events e ON e.id = s.event_id WHERE e.code = 'EV-NEW'")" = 4 ] \
    && ok "... with its four slots" || not_ok "event add: slots" "$(q "SELECT count(*) FROM event_slots")"
expect_exit "event list" 0 "$DUIJIE" event list --db "$db"
[ "$(wc -l <"$T/out")" = "$(q "SELECT count(*) FROM events")" ] && grep -q $'EV-NEW\t2025-03-01\t.*新活动$' "$T/out" \
    && ok "... a line per event: code, date, kind, park, name" || not_ok "event list" "$(cat "$T/out")"
expect_exit "event --db X list 编号=EV-NEW --json" 0 "$DUIJIE" event --db "$db" list 编号=EV-NEW --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==1 and d[0]["code"]=="EV-NEW" and d[0]["morning_slots"]==4, d' "$T/out" 2>/dev/null \
    && ok "... filters by field, as JSON" || not_ok "event list filter" "$(cat "$T/out")"
expect_exit "event list --limit 0 is a usage error (2)" 2 "$DUIJIE" event list --limit 0 --db "$db"
expect_exit "event update is not a subcommand (2)" 2 "$DUIJIE" event update 1 名称=x --db "$db"
