#!/bin/bash
# Events over several days: the morning and afternoon slots of an event repeat
# on every day from 开始日期 to 结束日期 (numbered on across the days), the
# timetable uses every day and counts breaks per day; an event whose days x
# slots exceed what a timetable can hold is refused at import with the file,
# line and field named and the database unchanged. Re-importing an event with
# fewer days or slots removes the slots it no longer has, and refuses to move
# or remove a slot that holds meetings or that a participant is unavailable in;
# the same for pool tables.
. "$(dirname "$0")/lib.sh"
db="$T/days.db"
q() { sqlite3 "$db" "$1"; }

{
    echo '名称,类型,统一社会信用代码,地区,行业,简介'
    for o in 甲 乙 丙 丁 戊 己; do echo "${o}科技有限公司,企业,,110101,C39,测试"; done
} >"$T/orgs.csv"
{
    echo '编号,名称,类型,开始日期,结束日期,上午时段数,下午时段数,时段分钟,洽谈桌数'
    echo 'EV-3D,三天对接会,对接会,2026-02-27,2026-03-01,3,3,30,2'
    echo 'EV-1D,一天对接会,对接会,2026-03-05,,2,2,30,2'
} >"$T/events.csv"
{
    echo '活动,机构'
    for e in EV-3D EV-1D; do for o in 甲 乙 丙 丁 戊 己; do echo "$e,${o}科技有限公司"; done; done
} >"$T/parts.csv"
{
    # every pair of the six must meet: 15 meetings, at most 2 tables a slot
    echo '活动,发起方,对方,意愿'
    set -- 甲 乙 丙 丁 戊 己
    for a in "$@"; do
        shift
        for b in "$@"; do echo "EV-3D,${a}科技有限公司,${b}科技有限公司,必须"; done
    done
} >"$T/reqs.csv"
expect_exit "a three-day event imports" 0 "$DUIJIE" import --db "$db" "$T/orgs.csv" "$T/events.csv" "$T/parts.csv" "$T/reqs.csv"

E=$(q "select id from events where code='EV-3D'")
got=$(q "select group_concat(seq || ' ' || starts_at || ' ' || session, ';') from (select * from event_slots where event_id=$E order by seq)")
want=""
n=0
for d in 2026-02-27 2026-02-28 2026-03-01; do
    for t in 09:00/morning 09:30/morning 10:00/morning 14:00/afternoon 14:30/afternoon 15:00/afternoon; do
        n=$((n + 1)); want="$want${want:+;}$n ${d}T${t%/*} ${t#*/}"
    done
done
[ "$got" = "$want" ] && ok "3 + 3 slots on each of the three days, numbered on, across a month end" || not_ok "slots of a three-day event" "$got" "want $want"
E1=$(q "select id from events where code='EV-1D'")
[ "$(q "select count(*) || ' ' || count(distinct substr(starts_at, 1, 10)) from event_slots where event_id=$E1")" = "4 1" ] &&
    ok "a one-day event keeps its 4 slots" || not_ok "a one-day event keeps its 4 slots"

expect_exit "the three-day event schedules" 0 "$DUIJIE" event schedule EV-3D --db "$db" --iters 200000 --time-limit 3600 --seed 1 --json
python3 - "$T/out" "$db" "$E" <<'PY' && ok "all 15 meetings placed over the days, no one double-booked, at most 2 a slot" || not_ok "three-day timetable" "$(head -c 600 "$T/out")"
import json, sqlite3, sys
r = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2]); e = int(sys.argv[3])
rows = db.execute("select m.a_id, m.b_id, s.seq, substr(s.starts_at, 1, 10) from meetings m "
                  "join event_slots s on s.id = m.slot_id where m.event_id = ? and m.status = 'scheduled'", (e,)).fetchall()
assert len(rows) == 15, rows
seen = set()
for a, b, seq, day in rows:
    for p in (a, b):
        assert (p, seq) not in seen, (p, seq)
        seen.add((p, seq))
per = {}
for _, _, seq, _ in rows:
    per[seq] = per.get(seq, 0) + 1
assert max(per.values()) <= 2, per
# 15 meetings at 2 tables need 8 of the 18 slots, more than one day has
assert len({day for *_, day in rows}) >= 2, rows
PY

# breaks are counted within each session of each day (docs/sched.md): the
# gap from one session or day to the next is no break
reported=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['breaks'])" "$T/out" 2>/dev/null)
python3 - "$db" "$E" "$reported" <<'PY' && ok "the report's breaks are the per-session count of the written timetable" || not_ok "reported breaks" "reported $reported"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); e = int(sys.argv[2]); reported = int(sys.argv[3])
rows = db.execute("select m.a_id, m.b_id, s.seq from meetings m join event_slots s on s.id = m.slot_id "
                  "where m.event_id = ? and m.status = 'scheduled'", (e,)).fetchall()
busy = {}
for a, b, seq in rows:
    for p in (a, b):
        busy.setdefault(p, set()).add(seq)
per_session = sum_all = 0
for slots in busy.values():
    for session in range(6):  # 3 days x (morning, afternoon), 3 slots each
        d = sorted(x for x in slots if session * 3 < x <= session * 3 + 3)
        per_session += sum(1 for x, y in zip(d, d[1:]) if y > x + 1)
    d = sorted(slots)
    sum_all += sum(1 for x, y in zip(d, d[1:]) if y > x + 1)
assert reported == per_session < sum_all, (reported, per_session, sum_all)
PY

# --- too many days x slots: refused, nothing written ---------------------------
d0=$(db_digest "$db")
{
    echo '编号,名称,类型,开始日期,结束日期,上午时段数,下午时段数'
    echo 'EV-OK,两天,对接会,2026-04-01,2026-04-02,15,16'
    echo 'EV-BIG,三天大会,对接会,2026-04-01,2026-04-03,12,12'
} >"$T/big.csv"
expect_exit "3 days x 24 slots is refused (1)" 1 "$DUIJIE" import --db "$db" "$T/big.csv"
grep -q 'big.csv:3' "$T/err" && grep -q '结束日期' "$T/err" && grep -q '2026-04-01 to 2026-04-03 with 24 meeting slots each day' "$T/err" && grep -q '64' "$T/err" &&
    ok "the error names the file, line, field, days, slots a day and the limit" || not_ok "the error names file, line, field and limit" "$(head -c 400 "$T/err")"
[ "$(db_digest "$db")" = "$d0" ] && ok "the refused import leaves the database as it was (the valid row too)" || not_ok "refused import changed the database"

# --- re-importing an event with fewer days or slots a day ------------------------
{
    echo '编号,名称,类型,开始日期,结束日期,上午时段数,下午时段数,时段分钟'
    echo 'EV-R,改期对接会,对接会,2026-05-01,2026-05-03,2,2,30'
} >"$T/r3.csv"
{
    echo '活动,机构,不可用时段'
    echo 'EV-R,甲科技有限公司,'
    echo 'EV-R,乙科技有限公司,'
    echo 'EV-R,丙科技有限公司,'
} >"$T/rp.csv"
expect_exit "EV-R: three days imported" 0 "$DUIJIE" import --db "$db" "$T/r3.csv" "$T/rp.csv"
R=$(q "select id from events where code='EV-R'")
sed 's/2026-05-03,2,2/2026-05-02,2,2/' "$T/r3.csv" >"$T/r2.csv"
expect_exit "EV-R: re-imported with two days" 0 "$DUIJIE" import --db "$db" "$T/r2.csv"
[ "$(q "select count(*) || ' ' || max(seq) || ' ' || max(substr(starts_at, 1, 10)) from event_slots where event_id=$R")" = "8 8 2026-05-02" ] &&
    ok "the third day's slots are removed" || not_ok "the third day's slots are removed" "$(q "select group_concat(seq || ' ' || starts_at) from event_slots where event_id=$R")"

# a meeting in a slot the row would remove, or move: refused, nothing changed
printf '活动,甲方,乙方,时段\nEV-R,甲科技有限公司,乙科技有限公司,8\n' >"$T/rm.csv"
expect_exit "EV-R: a meeting in slot 8 (day 2, 14:30)" 0 "$DUIJIE" import --db "$db" "$T/rm.csv"
d0=$(db_digest "$db")
sed 's/2026-05-02,2,2/2026-05-01,2,2/' "$T/r2.csv" >"$T/r1.csv"
expect_exit "EV-R: one day would remove slot 8 with its meeting (1)" 1 "$DUIJIE" import --db "$db" "$T/r1.csv"
grep -q 'r1.csv:2' "$T/err" && grep -q '结束日期' "$T/err" && grep -q 'slot 8 (2026-05-02T14:30) holds 1 meeting(s), which this row would remove' "$T/err" &&
    ok "the error names the line, 结束日期, the slot and its meeting" || not_ok "error for removing a slot with a meeting" "$(head -c 400 "$T/err")"
sed 's/2026-05-02,2,2,30/2026-05-02,2,2,20/' "$T/r2.csv" >"$T/r20.csv"
expect_exit "EV-R: 20-minute slots would move the meeting (1)" 1 "$DUIJIE" import --db "$db" "$T/r20.csv"
grep -q '时段分钟' "$T/err" && grep -q 'which this row would move to 2026-05-02T14:20' "$T/err" &&
    ok "the error names 时段分钟 and where the meeting would go" || not_ok "error for moving a slot with a meeting" "$(head -c 400 "$T/err")"
sed 's/2026-05-02,2,2,30/2026-05-02,3,2,30/' "$T/r2.csv" >"$T/rmorn.csv"
expect_exit "EV-R: a third morning slot renumbers the afternoon (1)" 1 "$DUIJIE" import --db "$db" "$T/rmorn.csv"
grep -q '下午时段数' "$T/err" && ok "the error names the session whose slot would move" || not_ok "error names the session" "$(head -c 400 "$T/err")"
[ "$(db_digest "$db")" = "$d0" ] && ok "refused re-imports leave the database as it was" || not_ok "refused re-imports changed the database"

# a participant unavailable in a slot the row would remove: refused
printf '活动,甲方,乙方,时段,状态\nEV-R,甲科技有限公司,乙科技有限公司,8,取消\n' >"$T/rc.csv"
printf '活动,机构,不可用时段\nEV-R,丙科技有限公司,3;7\n' >"$T/ru.csv"
expect_exit "EV-R: the meeting cancelled, 丙 unavailable in slots 3 and 7" 0 "$DUIJIE" import --db "$db" "$T/rc.csv" "$T/ru.csv"
expect_exit "EV-R: one day would remove 丙's slot 7 (1)" 1 "$DUIJIE" import --db "$db" "$T/r1.csv"
grep -q 'r1.csv:2' "$T/err" && grep -q '结束日期' "$T/err" && grep -q 'lists slot 7 (2026-05-02T14:00) as unavailable' "$T/err" &&
    ok "removing a slot a participant lists as unavailable is refused" || not_ok "unavailable slot removal" "$(head -c 400 "$T/err")"
printf '活动,机构,不可用时段\nEV-R,丙科技有限公司,3\n' >"$T/ru3.csv"
expect_exit "EV-R: 丙 unavailable in slot 3 only" 0 "$DUIJIE" import --db "$db" "$T/ru3.csv"
expect_exit "EV-R: one day would still remove slot 8's cancelled meeting (1)" 1 "$DUIJIE" import --db "$db" "$T/r1.csv"
grep -q 'slot 8 (2026-05-02T14:30) holds 1 meeting(s), which this row would remove' "$T/err" &&
    ok "a cancelled meeting may not vanish with its slot" || not_ok "cancelled meeting removal" "$(head -c 400 "$T/err")"
expect_exit "EV-R: but 20-minute slots may move it" 0 "$DUIJIE" import --db "$db" "$T/r20.csv"
[ "$(q "select s.starts_at from meetings m join event_slots s on s.id = m.slot_id where m.event_id=$R")" = "2026-05-02T14:20" ] &&
    ok "the cancelled meeting moved with its slot" || not_ok "the cancelled meeting moved with its slot"
# 丙 is unavailable in slot 3 (day 1, 14:00): a third morning slot would make slot 3 10:00
d0=$(db_digest "$db")
sed 's/2026-05-02,2,2,30/2026-05-02,3,2,20/' "$T/r2.csv" >"$T/rmorn3.csv"
expect_exit "EV-R: a third morning slot would move 丙's unavailable slot 3 (1)" 1 "$DUIJIE" import --db "$db" "$T/rmorn3.csv"
grep -q 'rmorn3.csv:2' "$T/err" && grep -q 'lists slot 3 (2026-05-01T14:00) as unavailable, which this row would move to 2026-05-01T09:40' "$T/err" &&
    ok "moving a slot a participant lists as unavailable is refused" || not_ok "unavailable slot move" "$(head -c 400 "$T/err")"
[ "$(db_digest "$db")" = "$d0" ] && ok "... and leaves the database as it was" || not_ok "unavailable slot move changed the database"

# --- fewer pool tables ------------------------------------------------------------
printf '编号,名称,类型,开始日期,上午时段数,下午时段数,洽谈桌数\nEV-T,桌数对接会,对接会,2026-06-01,2,2,4\n' >"$T/t4.csv"
printf '活动,机构\nEV-T,甲科技有限公司\nEV-T,乙科技有限公司\n' >"$T/tp.csv"
expect_exit "EV-T: 4 tables" 0 "$DUIJIE" import --db "$db" "$T/t4.csv" "$T/tp.csv"
TV=$(q "select id from events where code='EV-T'")
sed 's/,4$/,3/' "$T/t4.csv" >"$T/t3.csv"
expect_exit "EV-T: re-imported with 3 tables" 0 "$DUIJIE" import --db "$db" "$T/t3.csv"
[ "$(q "select group_concat(label, ' ') from (select label from event_tables where event_id=$TV order by label)")" = "T1 T2 T3" ] &&
    ok "table T4 is removed" || not_ok "table T4 is removed" "$(q "select group_concat(label) from event_tables where event_id=$TV")"
printf '活动,甲方,乙方,时段,桌号\nEV-T,甲科技有限公司,乙科技有限公司,1,T3\n' >"$T/tm.csv"
expect_exit "EV-T: a meeting at T3" 0 "$DUIJIE" import --db "$db" "$T/tm.csv"
d0=$(db_digest "$db")
sed 's/,4$/,2/' "$T/t4.csv" >"$T/t2.csv"
expect_exit "EV-T: 2 tables would remove T3 with its meeting (1)" 1 "$DUIJIE" import --db "$db" "$T/t2.csv"
grep -q 't2.csv:2' "$T/err" && grep -q '洽谈桌数' "$T/err" && grep -q 'table T3 holds 1 meeting(s)' "$T/err" &&
    ok "the error names the line, 洽谈桌数 and the table" || not_ok "error for removing a table with a meeting" "$(head -c 400 "$T/err")"
[ "$(db_digest "$db")" = "$d0" ] && ok "the refused re-import leaves the database as it was" || not_ok "the refused re-import changed the database"
# longer slots: slot 1 still starts at 09:00, but its meeting would end later
printf '编号,名称,类型,开始日期,上午时段数,下午时段数,洽谈桌数,时段分钟\nEV-T,桌数对接会,对接会,2026-06-01,2,2,3,40\n' >"$T/t40.csv"
expect_exit "EV-T: 40-minute slots would change when slot 1's meeting ends (1)" 1 "$DUIJIE" import --db "$db" "$T/t40.csv"
grep -q 't40.csv:2' "$T/err" && grep -q '时段分钟' "$T/err" && grep -q 'slot 1 (2026-06-01T09:00) holds 1 meeting(s), which this row would make end at 09:40 instead of 09:20' "$T/err" &&
    ok "the error names 时段分钟 and the new end" || not_ok "error for a slot ending later" "$(head -c 400 "$T/err")"
[ "$(db_digest "$db")" = "$d0" ] && ok "the refused re-import leaves the database as it was" || not_ok "the refused re-import changed the database"

# --- agendas and the grid of an event over several days carry the date ----------
expect_exit "EV-3D: text agenda" 0 "$DUIJIE" event agenda EV-3D --db "$db"
grep -Eq '^0(2-2[78]|3-01) [0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}  T[12] ' "$T/out" && ! grep -Eq '^[0-9]{2}:[0-9]{2}-' "$T/out" &&
    ok "every line of the agenda starts with its date" || not_ok "dated agenda" "$(head -c 300 "$T/out")"
expect_exit "EV-3D: show" 0 "$DUIJIE" event show EV-3D --db "$db"
grep -q '^13  03-01 09:00-09:30' "$T/out" && ok "the grid's slot 13 reads 03-01 09:00-09:30" || not_ok "dated grid" "$(head -c 400 "$T/out")"
expect_exit "EV-1D: show" 0 "$DUIJIE" event show EV-1D --db "$db"
grep -q '^1   09:00-09:30' "$T/out" && ok "a one-day event's grid has no dates" || not_ok "undated grid" "$(head -c 300 "$T/out")"

# --- 不可用时段 lists slots 1..N counted across the days --------------------------
d0=$(db_digest "$db")
for bad in 0 '0;3' 19 '2;a'; do
    printf '活动,机构,不可用时段\nEV-3D,甲科技有限公司,%s\n' "$bad" >"$T/pu.csv"
    expect_exit "不可用时段 '$bad' is refused (1)" 1 "$DUIJIE" import --db "$db" "$T/pu.csv"
    grep -q 'pu.csv:2' "$T/err" && grep -q '不可用时段' "$T/err" || not_ok "the error for '$bad' names the line and 不可用时段" "$(head -c 300 "$T/err")"
done
[ "$(db_digest "$db")" = "$d0" ] && ok "refused 不可用时段 lists leave the database as it was" || not_ok "refused 不可用时段 lists changed the database"
printf '活动,机构,不可用时段\nEV-3D,甲科技有限公司,3;18\n' >"$T/pu.csv"
expect_exit "不可用时段 '3;18' (day 3's last slot) is accepted" 0 "$DUIJIE" import --db "$db" "$T/pu.csv"
# ranges: a participant present on day 3 only lists days 1 and 2 as 1-12
printf '活动,机构,不可用时段\nEV-3D,乙科技有限公司,1-6；7～12\nEV-3D,丙科技有限公司,18;2-3\n' >"$T/pr.csv"
expect_exit "不可用时段 ranges 1-6；7～12 and 18;2-3 are accepted" 0 "$DUIJIE" import --db "$db" "$T/pr.csv"
[ "$(q "select p.unavailable from participants p join orgs o on o.id = p.org_id where p.event_id=$E and o.name='乙科技有限公司'")" = "1;2;3;4;5;6;7;8;9;10;11;12" ] &&
    [ "$(q "select p.unavailable from participants p join orgs o on o.id = p.org_id where p.event_id=$E and o.name='丙科技有限公司'")" = "18;2;3" ] &&
    ok "ranges are stored as the slot numbers they cover" || not_ok "ranges stored" "$(q "select unavailable from participants where event_id=$E")"
d0=$(db_digest "$db")
for bad in '6-3' '1-19' '1-' '-4' '2--3'; do
    printf '活动,机构,不可用时段\nEV-3D,甲科技有限公司,%s\n' "$bad" >"$T/pu.csv"
    expect_exit "不可用时段 '$bad' is refused (1)" 1 "$DUIJIE" import --db "$db" "$T/pu.csv"
done
[ "$(db_digest "$db")" = "$d0" ] && ok "refused ranges leave the database as it was" || not_ok "refused ranges changed the database"
expect_exit "EV-3D schedules with 乙 away on days 1-2" 0 "$DUIJIE" event schedule EV-3D --db "$db" --iters 200000 --time-limit 3600 --seed 1
[ "$(q "select count(*) from meetings m join participants p on p.id in (m.a_id, m.b_id) join orgs o on o.id = p.org_id join event_slots s on s.id = m.slot_id where m.event_id=$E and m.status='scheduled' and o.name='乙科技有限公司' and s.seq <= 12")" = 0 ] &&
    ok "乙 meets no one on days 1 and 2" || not_ok "乙 meets no one on days 1 and 2"
