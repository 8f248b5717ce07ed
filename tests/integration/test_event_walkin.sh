#!/bin/bash
# event join / event request: one participant or one meeting request added
# without a CSV file (the walk-in at the desk, the request made in the
# hall), checked and audited as an import row; the same again changes
# nothing; then a re-plan from the current slot places the new request.
. "$(dirname "$0")/lib.sh"
db="$T/w.db"
q() { sqlite3 "$db" "$1"; }
RUN=(--iters 20000 --time-limit 3600 --seed 1)

{
    echo '名称,类型,地区'
    for o in 甲公司 乙公司 丙公司; do echo "$o,企业,450200"; done
} >"$T/orgs.csv"
printf '编号,名称,开始日期,上午时段数,洽谈桌数\nEV-W,现场,2024-05-20,4,2\n' >"$T/events.csv"
printf '活动,机构\nEV-W,甲公司\nEV-W,乙公司\n' >"$T/parts.csv"
expect_exit "an event with two participants" 0 "$DUIJIE" import --db "$db" "$T/orgs.csv" "$T/events.csv" "$T/parts.csv"
audits() { q "select count(*) from audit_log"; }

# --- join --------------------------------------------------------------------
a0=$(audits)
expect_exit "event join EV-W 丙公司 最多洽谈=2" 0 "$DUIJIE" event join EV-W 丙公司 最多洽谈=2 --db "$db"
pid=$(q "select p.id from participants p join orgs o on o.id = p.org_id where o.name = '丙公司'")
grep -qx "saved participant $pid" "$T/out" && ok "... prints the participant's id" || not_ok "join output" "$(cat "$T/out")" "pid=$pid"
[ "$(q "select max_meetings from participants where id = $pid")" = 2 ] && ok "... with its 最多洽谈" || not_ok "join max" "$(q "select * from participants where id = '$pid'")"
[ "$(audits)" -gt "$a0" ] && ok "... audited" || not_ok "join audit"
a1=$(audits)
expect_exit "the same join again" 0 "$DUIJIE" event join EV-W 丙公司 最多洽谈=2 --db "$db"
grep -qx "no change: participant $pid already has these values" "$T/out" && [ "$(audits)" = "$a1" ] &&
    ok "... changes nothing and writes no audit row" || not_ok "join twice" "$(cat "$T/out")"
expect_exit "join by the event's id with a new limit, --json" 0 "$DUIJIE" event join "$(q "select id from events where code = 'EV-W'")" 丙公司 最多洽谈=3 --json --db "$db"
[ "$(cat "$T/out")" = "{\"id\":$pid,\"changed\":true}" ] && [ "$(q "select max_meetings from participants where id = $pid")" = 3 ] &&
    ok "... updates that participant" || not_ok "join update" "$(cat "$T/out")"

before=$(db_digest "$db")
expect_exit "join of an organisation not in the catalog" 1 "$DUIJIE" event join EV-W 丁公司 --db "$db"
err_has "... names it" "unknown organisation '丁公司'"
expect_exit "join of an unknown event" 1 "$DUIJIE" event join EV-X 甲公司 --db "$db"
err_has "... names the event" "event 'EV-X' not found"
expect_exit "join with 活动= among the pairs" 1 "$DUIJIE" event join EV-W 甲公司 活动=EV-X --db "$db"
err_has "... says the event is an argument" "活动 is the EVENT argument, not a FIELD=VALUE"
expect_exit "join with a bad 最多洽谈" 1 "$DUIJIE" event join EV-W 甲公司 最多洽谈=many --db "$db"
err_has "... names the field" "最多洽谈"
expect_exit "join with one argument is a usage error" 2 "$DUIJIE" event join EV-W --db "$db"
expect_exit "join EV ORG=… (no ORG) is a usage error" 2 "$DUIJIE" event join EV-W 最多洽谈=2 --db "$db"
[ "$before" = "$(db_digest "$db")" ] && ok "refused joins leave the database as it was" || not_ok "a refused join wrote"

# --- request -------------------------------------------------------------------
expect_exit "event request EV-W 丙公司 甲公司 意愿=必须" 0 "$DUIJIE" event request EV-W 丙公司 甲公司 意愿=必须 --db "$db"
rid=$(q "select id from meeting_requests")
grep -qx "saved request $rid" "$T/out" && [ "$(q "select preference from meeting_requests where id = $rid")" = must ] &&
    ok "... a must request, its id printed" || not_ok "request" "$(cat "$T/out")" "$(q "select * from meeting_requests")"
expect_exit "the same request again" 0 "$DUIJIE" event request EV-W 丙公司 甲公司 意愿=必须 --db "$db"
grep -qx "no change: request $rid already has these values" "$T/out" && ok "... changes nothing" || not_ok "request twice" "$(cat "$T/out")"
expect_exit "a request naming a side by participant id (#N), pinned to slot 3" 0 "$DUIJIE" event request EV-W "#$pid" 乙公司 指定时段=3 --db "$db"
[ "$(q "select count(*) from meeting_requests where slot = 3")" = 1 ] && ok "... stored with its 指定时段" || not_ok "request by id" "$(q "select * from meeting_requests")"
before=$(db_digest "$db")
expect_exit "a request to an organisation that is no participant" 1 "$DUIJIE" event request EV-W 丙公司 丁公司 --db "$db"
err_has "... names it" "'丁公司' is not a participant of event EV-W"
expect_exit "a request to a slot the event lacks" 1 "$DUIJIE" event request EV-W 丙公司 甲公司 指定时段=9 --db "$db"
err_has "... names the field" "指定时段"
expect_exit "a participant's request to itself" 1 "$DUIJIE" event request EV-W 丙公司 丙公司 --db "$db"
expect_exit "request with two participants only is a usage error" 2 "$DUIJIE" event request EV-W 丙公司 意愿=必须 --db "$db"
[ "$before" = "$(db_digest "$db")" ] && ok "refused requests leave the database as it was" || not_ok "a refused request wrote"

# --- and the day goes on: the new requests are placed after the slots that are over
expect_exit "schedule --from-slot 2" 0 "$DUIJIE" event schedule EV-W --from-slot 2 "${RUN[@]}" --db "$db"
[ "$(q "select count(*) from meetings m join event_slots s on s.id = m.slot_id where s.seq >= 2")" = 2 ] &&
    [ "$(q "select count(*) from meetings m join event_slots s on s.id = m.slot_id where s.seq = 3")" = 1 ] &&
    ok "both requests are met from slot 2 on, the pinned one in slot 3" || not_ok "walk-in scheduled" "$(cat "$T/out")"
