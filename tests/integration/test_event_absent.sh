#!/bin/bash
# 缺席方: who missed a no-show meeting. `event mark --absent WHO` records it
# (one of the two sides, by org name or participant id; it means no-show);
# a meetings row gives it with 状态 缺席; another status clears it; export
# writes the column and an import of the export reads it back.
. "$(dirname "$0")/lib.sh"
db="$T/a.db"
q() { sqlite3 "$db" "$1"; }
expect_exit "the demo database" 0 "$DUIJIE" demo --db "$db" --data "$DJ_SOURCE_DIR/data/demo"
EV=EV-2024-GL-CXY
M=$(q "select min(m.id) from meetings m join events e on e.id = m.event_id where e.code = '$EV'")
A=$(q "select o.name from meetings m join participants p on p.id = m.a_id join orgs o on o.id = p.org_id where m.id = $M")
B=$(q "select o.name from meetings m join participants p on p.id = m.b_id join orgs o on o.id = p.org_id where m.id = $M")
BID=$(q "select b_id from meetings where id = $M")
absent() { q "select m.status || ' ' || coalesce(o.name, '-') from meetings m left join participants p on p.id = m.absent_id left join orgs o on o.id = p.org_id where m.id = $M"; }

expect_exit "mark --absent A: a no-show that A missed" 0 "$DUIJIE" event mark "$EV" "$M" --absent "$A" --db "$db"
[ "$(absent)" = "no-show $A" ] && ok "... stored: no-show, 缺席方 A" || not_ok "absent stored" "$(absent)"
grep -q "缺席方 *$A" "$T/out" && ok "... and printed with the meeting" || not_ok "absent printed" "$(cat "$T/out")"
expect_exit "mark --absent #id of the other side" 0 "$DUIJIE" event mark "$EV" "$M" --absent "#$BID" --db "$db"
[ "$(absent)" = "no-show $B" ] && ok "... by participant id" || not_ok "absent by id" "$(absent)"
expect_exit "mark --no-show alone" 0 "$DUIJIE" event mark "$EV" "$M" --no-show --db "$db"
[ "$(absent)" = "no-show $B" ] && ok "... keeps who was recorded" || not_ok "no-show keeps absent" "$(absent)"
expect_exit "export meetings" 0 "$DUIJIE" export meetings --db "$db" -o "$T/meetings.csv"
head -1 "$T/meetings.csv" | grep -q ",缺席方" && tr -d '\r' <"$T/meetings.csv" | grep -q "^$M,.*,缺席,[0-9]*,$B\$" &&
    ok "export writes 缺席方" || not_ok "export column" "$(head -2 "$T/meetings.csv")" "$(grep 缺席 "$T/meetings.csv" | head -2)"

before=$(db_digest "$db")
X=$(q "select o.name from participants p join orgs o on o.id = p.org_id join events e on e.id = p.event_id where e.code = '$EV' and p.id not in (select a_id from meetings where id = $M) and p.id not in (select b_id from meetings where id = $M) limit 1")
expect_exit "mark --absent someone who is neither side" 1 "$DUIJIE" event mark "$EV" "$M" --absent "$X" --db "$db"
err_has "... names them and the two sides" "$X is neither side of meeting #$M ($A and $B)"
expect_exit "mark --absent with --held is a usage error" 2 "$DUIJIE" event mark "$EV" "$M" --absent "$A" --held --db "$db"
err_has "... saying they exclude each other" "exclude each other"
expect_exit "mark --absent nobody-at-all" 1 "$DUIJIE" event mark "$EV" "$M" --absent 不存在公司 --db "$db"
printf '活动,甲方,乙方,时段,状态,缺席方\n%s,%s,%s,%s,已举行,%s\n' "$EV" "$A" "$B" "$(q "select s.seq from meetings m join event_slots s on s.id = m.slot_id where m.id = $M")" "$A" >"$T/bad_meetings.csv"
expect_exit "an import row with 缺席方 and 状态 已举行" 1 "$DUIJIE" import --db "$db" --type meetings "$T/bad_meetings.csv"
err_has "... is refused, naming line and field" "bad_meetings.csv:2: field 缺席方: 缺席方 names who missed a no-show meeting: give 状态 缺席 with it"
[ "$before" = "$(db_digest "$db")" ] && ok "refusals leave the database as it was" || not_ok "a refusal wrote"

# an import of the export reads 缺席方 back
db2="$T/b.db"
expect_exit "a second demo database" 0 "$DUIJIE" demo --db "$db2" --data "$DJ_SOURCE_DIR/data/demo"
expect_exit "import of the exported meetings" 0 "$DUIJIE" import --db "$db2" --type meetings "$T/meetings.csv"
[ "$(sqlite3 "$db2" "select o.name from meetings m join participants p on p.id = m.absent_id join orgs o on o.id = p.org_id")" = "$B" ] &&
    ok "... 缺席方 read back" || not_ok "absent round trip" "$(sqlite3 "$db2" "select id, status, absent_id from meetings where absent_id is not null")"

expect_exit "mark --held" 0 "$DUIJIE" event mark "$EV" "$M" --held --db "$db"
[ "$(absent)" = "held -" ] && ok "... another status clears 缺席方" || not_ok "held clears absent" "$(absent)"
