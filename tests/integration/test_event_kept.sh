#!/bin/bash
# Kept meetings (held, no-show, locked) and meeting limits in `event
# schedule`, at the edges: a kept meeting in a slot its participant lists as
# unavailable (it happened: it stays), two visitors who met at an
# exhibitor's booth or at no table (they hold no pool table), a kept meeting
# at a third party's booth (its owner cannot meet there then), and 最多洽谈 0
# (no meeting; only an empty cell means no limit). Also booths, labelled by
# the exhibitor's name: no exhibitor named like a pool table, no booth taken
# away while meetings sit there, renamed with the organisation; and a long
# CJK event code kept whole in the report.
. "$(dirname "$0")/lib.sh"
db="$T/kept.db"
q() { sqlite3 "$db" "$1"; }
RUN=(--iters 20000 --time-limit 3600 --seed 1)

{
    echo '名称,类型,地区'
    for o in 甲公司 乙公司 丙公司 展商X 展商Y 观众V 观众W; do echo "$o,企业,450200"; done
} >"$T/orgs.csv"
{
    echo '编号,名称,开始日期,上午时段数,洽谈桌数'
    echo 'EV-U,不可用,2024-05-20,2,1'
    echo 'EV-B,展位,2024-05-20,2,0'
    echo 'EV-N,无桌,2024-05-20,2,0'
    echo 'EV-M,上限,2024-05-20,3,2'
} >"$T/events.csv"
{
    echo '活动,机构,角色,最多洽谈,不可用时段'
    echo 'EV-U,甲公司,,,1'
    echo 'EV-U,乙公司,,,'
    echo 'EV-U,丙公司,,,'
    for o in 展商X 展商Y; do echo "EV-B,$o,展商,,"; done
    for o in 观众V 观众W 甲公司; do echo "EV-B,$o,,,"; done
    for o in 甲公司 乙公司; do echo "EV-N,$o,,,"; done
    echo 'EV-M,甲公司,,0,'
    echo 'EV-M,乙公司,,,'
    echo 'EV-M,丙公司,,1,'
} >"$T/parts.csv"
{
    echo '活动,甲方,乙方,时段,桌号,锁定,状态'
    echo 'EV-U,甲公司,乙公司,1,T1,是,已举行'
    echo 'EV-B,观众V,观众W,1,展商Y,是,已举行'
    echo 'EV-B,展商X,甲公司,2,展商Y,是,已安排'
    echo 'EV-N,甲公司,乙公司,1,,否,已举行'
} >"$T/meets.csv"
{
    echo '活动,发起方,对方,意愿'
    echo 'EV-U,甲公司,丙公司,必须'
    echo 'EV-B,观众V,展商Y,必须'
    echo 'EV-B,观众W,展商Y,必须'
    echo 'EV-M,甲公司,乙公司,必须'
    echo 'EV-M,丙公司,乙公司,必须'
    echo 'EV-M,丙公司,甲公司,希望'
} >"$T/reqs.csv"
expect_exit "four small events import" 0 "$DUIJIE" import --db "$db" "$T/orgs.csv" "$T/events.csv" "$T/parts.csv" "$T/meets.csv" "$T/reqs.csv"

# slot, table label ('-' for none) and status of the meeting of two orgs
meeting() {
    q "select s.seq || ' ' || coalesce(t.label, '-') || ' ' || m.status from meetings m
       join event_slots s on s.id = m.slot_id left join event_tables t on t.id = m.table_id
       join participants pa on pa.id = m.a_id join orgs oa on oa.id = pa.org_id
       join participants pb on pb.id = m.b_id join orgs ob on ob.id = pb.org_id
       where m.event_id = (select id from events where code = '$1') and m.status <> 'cancelled'
         and ((oa.name = '$2' and ob.name = '$3') or (oa.name = '$3' and ob.name = '$2'))"
}

# --- a kept meeting overrides its participant's unavailability ----------------
expect_exit "EV-U: a held meeting in a slot 甲 is unavailable in does not stop the schedule" 0 "$DUIJIE" event schedule EV-U "${RUN[@]}" --db "$db"
[ "$(meeting EV-U 甲公司 乙公司)" = "1 T1 held" ] && ok "EV-U: the held meeting stays in slot 1 at T1" || not_ok "EV-U: the held meeting stays" "$(meeting EV-U 甲公司 乙公司)"
[ "$(meeting EV-U 甲公司 丙公司)" = "2 T1 scheduled" ] && ok "EV-U: 甲 meets 丙 in slot 2, its only other slot" || not_ok "EV-U: 甲 meets 丙 in slot 2" "$(meeting EV-U 甲公司 丙公司)" "$(cat "$T/out" "$T/err")"

# --- booths: visitors at a booth hold no pool table; a third party's booth is taken
expect_exit "EV-B: kept meetings at 展商Y's booth do not stop the schedule (no pool tables)" 0 "$DUIJIE" event schedule EV-B "${RUN[@]}" --db "$db"
[ "$(meeting EV-B 观众V 观众W)" = "1 展商Y held" ] && [ "$(meeting EV-B 展商X 甲公司)" = "2 展商Y scheduled" ] &&
    ok "EV-B: both kept meetings keep 展商Y's booth" || not_ok "EV-B: kept meetings keep their booth" "$(meeting EV-B 观众V 观众W)" "$(meeting EV-B 展商X 甲公司)"
# 展商Y's booth is taken in both slots, so neither request to 展商Y can be met
[ "$(q "select count(*) from meetings where event_id = (select id from events where code = 'EV-B')")" = 2 ] &&
    ok "EV-B: no meeting is placed at 展商Y's booth while others sit there" || not_ok "EV-B: booth double-booked" "$(cat "$T/out")"
grep -q "观众W -> 展商Y: no slot where both are" "$T/out" && ok "EV-B: the report says why 观众W does not meet 展商Y" || not_ok "EV-B: reason" "$(cat "$T/out")"
expect_exit "EV-B: agenda" 0 "$DUIJIE" event agenda EV-B --db "$db"
grep -A1 '== 展商X ==' "$T/out" | grep -q '展商Y *甲公司' && grep -A1 '== 观众V ==' "$T/out" | grep -q '展商Y *观众W' &&
    ok "EV-B: a meeting at a third party's booth names that booth (not 对方展位)" || not_ok "EV-B: agenda place" "$(cat "$T/out")"

expect_exit "EV-N: a held meeting without a table in an event without tables does not stop the schedule" 0 "$DUIJIE" event schedule EV-N "${RUN[@]}" --db "$db"
[ "$(meeting EV-N 甲公司 乙公司)" = "1 - held" ] && ok "EV-N: the held meeting stays, without a table" || not_ok "EV-N: the held meeting stays" "$(meeting EV-N 甲公司 乙公司)"

# --- 最多洽谈: 0 is none, empty is no limit --------------------------------------
expect_exit "EV-M schedules" 0 "$DUIJIE" event schedule EV-M "${RUN[@]}" --db "$db"
[ -z "$(meeting EV-M 甲公司 乙公司)" ] && [ -z "$(meeting EV-M 丙公司 甲公司)" ] && ok "EV-M: 甲 (最多洽谈 0) meets no one" || not_ok "EV-M: 甲 meets no one" "$(meeting EV-M 甲公司 乙公司)"
grep -q "甲公司 has reached its limit of 0 meetings" "$T/out" && ok "EV-M: the report names the limit of 0" || not_ok "EV-M: limit 0 reason" "$(cat "$T/out")"
[ -n "$(meeting EV-M 丙公司 乙公司)" ] && ok "EV-M: 丙 (最多洽谈 1) meets 乙 (no limit)" || not_ok "EV-M: 丙 meets 乙" "$(cat "$T/out")"

# --- a 64-character 编号 of CJK characters comes back whole in the JSON report ---
code="a$(printf '活%.0s' $(seq 63))"
printf '编号,名称,开始日期,上午时段数,洽谈桌数\n%s,长编号,2024-05-20,2,1\n' "$code" >"$T/long.csv"
expect_exit "an event with a 64-character 编号 imports" 0 "$DUIJIE" import --db "$db" "$T/long.csv"
expect_exit "... and schedules" 0 "$DUIJIE" event schedule "$code" "${RUN[@]}" --db "$db" --json
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["event"])' "$T/out" 2>&1)" = "$code" ] &&
    ok "the report names the whole 编号 (valid UTF-8)" || not_ok "the report's event code" "$(head -c 300 "$T/out")"

# --- booths are labelled by the exhibitor's name, pool tables T1..Tn -----------
printf '名称,类型,地区\nT1,企业,450200\nT2,企业,450200\n' >"$T/torgs.csv"
printf '编号,名称,开始日期,上午时段数,洽谈桌数\nEV-L,标签,2024-05-20,2,1\n' >"$T/tev.csv"
printf '活动,机构,角色\nEV-L,T2,展商\n' >"$T/tp2.csv"
expect_exit "EV-L: one pool table, an exhibitor named T2" 0 "$DUIJIE" import --db "$db" "$T/torgs.csv" "$T/tev.csv" "$T/tp2.csv"
d0=$(db_digest "$db")
printf '活动,机构,角色\nEV-L,T1,展商\n' >"$T/tp1.csv"
expect_exit "EV-L: an exhibitor named like pool table T1 is refused (1)" 1 "$DUIJIE" import --db "$db" "$T/tp1.csv"
grep -q "tp1.csv:2: field 机构.*'T1' is the label of one of the event's pool tables" "$T/err" && ok "EV-L: the error names the row, 机构 and the clash" || not_ok "EV-L: exhibitor named T1" "$(cat "$T/err")"
sed 's/,1$/,3/' "$T/tev.csv" >"$T/tev3.csv"
expect_exit "EV-L: 3 tables would make T2, exhibitor T2's booth, a pool table (1)" 1 "$DUIJIE" import --db "$db" "$T/tev3.csv"
grep -q "tev3.csv:2: field 洽谈桌数.*pool table T2 would be the booth of the exhibitor named T2" "$T/err" && ok "EV-L: the error names 洽谈桌数 and the booth" || not_ok "EV-L: T2 pool table" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$d0" ] && ok "EV-L: both refusals leave the database as it was" || not_ok "EV-L: database changed"

# --- an exhibitor keeps its booth while meetings sit there -----------------------
# a check-in file (活动,机构,签到) has no 角色: the stored role and booth stay
printf '活动,机构,签到\nEV-B,展商Y,是\n' >"$T/checkin.csv"
expect_exit "EV-B: a check-in file without 角色 imports" 0 "$DUIJIE" import --db "$db" "$T/checkin.csv"
[ "$(meeting EV-B 观众V 观众W)" = "1 展商Y held" ] && [ "$(q "select p.role || ' ' || p.checked_in from participants p join orgs o on o.id = p.org_id join events e on e.id = p.event_id where e.code = 'EV-B' and o.name = '展商Y'")" = "exhibitor 1" ] \
    && ok "EV-B: 展商Y is checked in and keeps its booth and meetings" || not_ok "EV-B: check-in without 角色" "$(meeting EV-B 观众V 观众W)"
d0=$(db_digest "$db")
printf '活动,机构,角色\nEV-B,展商Y,观众\n' >"$T/visitor.csv"
expect_exit "EV-B: making 展商Y a visitor is refused while its booth holds meetings (1)" 1 "$DUIJIE" import --db "$db" "$T/visitor.csv"
grep -q "visitor.csv:2: field 角色.*'展商Y' is an exhibitor whose booth holds 2 meeting(s)" "$T/err" && ok "EV-B: the error names 角色 and the booth's meetings" || not_ok "EV-B: booth taken away" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$d0" ] && ok "EV-B: the refusal leaves the database as it was" || not_ok "EV-B: database changed"
printf '活动,机构,角色,签到\nEV-B,展商Y,展商,是\n' >"$T/checkin.csv"
expect_exit "EV-B: with 角色 展商 the check-in imports" 0 "$DUIJIE" import --db "$db" "$T/checkin.csv"
[ "$(meeting EV-B 观众V 观众W)" = "1 展商Y held" ] && ok "EV-B: the booth and its meetings stay" || not_ok "EV-B: booth kept" "$(meeting EV-B 观众V 观众W)"

# --- renaming an exhibitor renames its booths (they are labelled by its name) ----
Y=$(q "select id from orgs where name = '展商Y'")
expect_exit "展商Y renamed 展商Z" 0 "$DUIJIE" org update "$Y" 名称=展商Z --db "$db"
[ "$(meeting EV-B 观众V 观众W)" = "1 展商Z held" ] && ok "the booth's label follows the name" || not_ok "booth renamed" "$(meeting EV-B 观众V 观众W)"
printf '活动,甲方,乙方,时段,桌号,状态\nEV-B,观众V,观众W,1,展商Z,已举行\n' >"$T/mz.csv"
expect_exit "a meetings file naming the booth by the new name imports" 0 "$DUIJIE" import --db "$db" "$T/mz.csv"
printf '编号,名称,开始日期,上午时段数,洽谈桌数\nEV-3T,三桌,2024-05-20,2,3\n' >"$T/ev3t.csv"
printf '活动,机构,角色\nEV-3T,展商X,展商\n' >"$T/p3t.csv"
expect_exit "EV-3T: three pool tables and 展商X's booth" 0 "$DUIJIE" import --db "$db" "$T/ev3t.csv" "$T/p3t.csv"
d0=$(db_digest "$db")
X=$(q "select id from orgs where name = '展商X'")
expect_exit "renaming 展商X to T3, a pool table of its event, is refused (1)" 1 "$DUIJIE" org update "$X" 名称=T3 --db "$db"
grep -q "'T3' is already a table of event" "$T/err" && ok "the error says why" || not_ok "rename to a pool label" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$d0" ] && ok "the refused rename changes nothing" || not_ok "refused rename changed the database"

# --- an exhibitor's kept meeting at a pool table: the others take the tables left ---
# (the model's pool is one table smaller there; new meetings sit at the real
# tables left, which the model's numbering lacked: the run was refused as
# "table 1 not usable in slot 0")
kdb="$T/kept-pool.db"
printf '名称,类型,地区\n甲公司,企业,450300\n乙公司,企业,450300\n丙公司,企业,450300\n庚展商,企业,450300\n' >"$T/kp-orgs.csv"
printf '编号,名称,开始日期,上午时段数,下午时段数,洽谈桌数\nEV-KP,桌位测试,2025-03-01,2,0,2\n' >"$T/kp-ev.csv"
printf '活动,机构,角色,不可用时段\nEV-KP,甲公司,观众,\nEV-KP,乙公司,观众,2\nEV-KP,丙公司,观众,2\nEV-KP,庚展商,展商,\n' >"$T/kp-p.csv"
printf '活动,发起方,对方,意愿,状态\nEV-KP,乙公司,丙公司,希望,待定\n' >"$T/kp-r.csv"
printf '活动,甲方,乙方,时段,桌号,锁定,状态\nEV-KP,庚展商,甲公司,1,T1,否,已举行\n' >"$T/kp-m.csv"
expect_exit "EV-KP imports" 0 "$DUIJIE" import --db "$kdb" "$T/kp-orgs.csv" "$T/kp-ev.csv" "$T/kp-p.csv" "$T/kp-r.csv" "$T/kp-m.csv"
expect_exit "EV-KP schedules" 0 "$DUIJIE" event schedule EV-KP --iters 20000 --db "$kdb"
[ "$(sqlite3 "$kdb" "select s.seq || ' ' || t.label from meetings m join event_slots s on s.id = m.slot_id join event_tables t on t.id = m.table_id where m.status = 'scheduled'")" = "1 T2" ] \
    && ok "the want sits at T2 in slot 1, next to the kept meeting at T1" \
    || not_ok "kept exhibitor meeting at a pool table" "$(cat "$T/err") $(sqlite3 "$kdb" "select * from meetings")"

# --- a cancelled meeting beside the live one a re-plan wrote in its place ---
cdb="$T/cancel.db"
printf '编号,名称,开始日期,上午时段数,下午时段数,洽谈桌数\nEV-C,取消测试,2025-03-01,1,0,1\n' >"$T/c-ev.csv"
printf '活动,机构\nEV-C,甲公司\nEV-C,乙公司\n' >"$T/c-p.csv"
printf '活动,发起方,对方,意愿\nEV-C,甲公司,乙公司,希望\n' >"$T/c-r.csv"
expect_exit "EV-C imports" 0 "$DUIJIE" import --db "$cdb" "$T/kp-orgs.csv" "$T/c-ev.csv" "$T/c-p.csv" "$T/c-r.csv"
expect_exit "EV-C schedules" 0 "$DUIJIE" event schedule EV-C --iters 2000 --db "$cdb"
printf '活动,甲方,乙方,时段,桌号,状态\nEV-C,甲公司,乙公司,1,T1,取消\n' >"$T/c-cancel.csv"
expect_exit "the meeting is cancelled" 0 "$DUIJIE" import --db "$cdb" "$T/c-cancel.csv"
expect_exit "EV-C re-planned: the pair meets again in slot 1" 0 "$DUIJIE" event schedule EV-C --iters 2000 --db "$cdb"
printf '活动,甲方,乙方,时段,桌号,状态\nEV-C,甲公司,乙公司,1,T1,已举行\n' >"$T/c-held.csv"
expect_exit "recording it held updates the live meeting" 0 "$DUIJIE" import --db "$cdb" "$T/c-held.csv"
[ "$(sqlite3 "$cdb" "select group_concat(status, ',') from (select status from meetings order by id)")" = "cancelled,held" ] \
    && ok "... and leaves the cancelled one" || not_ok "held beside cancelled" "$(sqlite3 "$cdb" "select * from meetings")"
expect_exit "export meetings" 0 "$DUIJIE" export meetings --db "$cdb" -o "$T/c-exp.csv"
expect_exit "... and the export imports again" 0 "$DUIJIE" import --db "$cdb" "$T/c-exp.csv"
[ "$(sqlite3 "$cdb" "select group_concat(status, ',') from (select status from meetings order by status)")" = "cancelled,held" ] \
    && ok "... to the same meetings" || not_ok "export round trip" "$(sqlite3 "$cdb" "select * from meetings")"
