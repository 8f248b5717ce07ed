#!/bin/bash
# Re-planning on the day: `event schedule --from-slot N|now`. The slots before
# N are over: every meeting in them stays as it is (held, no-show, or still
# 'scheduled' because nobody marked it), nobody gets a new meeting there, and
# a request fixed (指定时段) to a slot that is over is left out with that
# reason. 'now' reads the clock in the event's time zone: a past event is
# over in every slot, a future one in none. Bad values are refused and the
# database is left as it was.
. "$(dirname "$0")/lib.sh"
db="$T/day.db"
q() { sqlite3 "$db" "$1"; }
RUN=(--iters 20000 --time-limit 3600 --seed 1)

{
    echo '名称,类型,地区'
    for o in 甲公司 乙公司 丙公司 丁公司 戊公司 己公司; do echo "$o,企业,450200"; done
} >"$T/orgs.csv"
{
    echo '编号,名称,开始日期,上午时段数,洽谈桌数'
    echo 'EV-D,当天重排,2024-05-20,4,3'
    echo 'EV-F,将来,2099-05-20,4,3'
} >"$T/events.csv"
{
    echo '活动,机构'
    for ev in EV-D EV-F; do
        for o in 甲公司 乙公司 丙公司 丁公司 戊公司 己公司; do echo "$ev,$o"; done
    done
} >"$T/parts.csv"
{
    echo '活动,甲方,乙方,时段,桌号,锁定,状态'
    echo 'EV-D,甲公司,乙公司,1,T1,否,已举行'
    echo 'EV-D,丙公司,丁公司,1,T2,否,缺席'
    echo 'EV-D,戊公司,己公司,2,T1,否,已安排'
} >"$T/meets.csv"
{
    echo '活动,发起方,对方,意愿,指定时段'
    for ev in EV-D EV-F; do
        echo "$ev,甲公司,丙公司,必须,"
        echo "$ev,乙公司,丁公司,必须,"
        echo "$ev,乙公司,己公司,希望,"
        echo "$ev,戊公司,己公司,必须,"
        echo "$ev,甲公司,戊公司,希望,1"
    done
} >"$T/reqs.csv"
expect_exit "two events import" 0 "$DUIJIE" import --db "$db" "$T/orgs.csv" "$T/events.csv" "$T/parts.csv" "$T/meets.csv" "$T/reqs.csv"

# "slot status" of the live meeting of two orgs in an event
meeting() {
    q "select s.seq || ' ' || m.status from meetings m join event_slots s on s.id = m.slot_id
       join participants pa on pa.id = m.a_id join orgs oa on oa.id = pa.org_id
       join participants pb on pb.id = m.b_id join orgs ob on ob.id = pb.org_id
       where m.event_id = (select id from events where code = '$1') and m.status <> 'cancelled'
         and ((oa.name = '$2' and ob.name = '$3') or (oa.name = '$3' and ob.name = '$2'))"
}
# the lowest slot of a 'scheduled' meeting of EV-D other than 戊-己's
first_new_slot() {
    q "select min(s.seq) from meetings m join event_slots s on s.id = m.slot_id
       where m.event_id = (select id from events where code = 'EV-D') and m.status = 'scheduled'
         and m.id <> (select id from meetings where event_id = m.event_id and
                      slot_id = (select id from event_slots where event_id = m.event_id and seq = 2)
                      and status = 'scheduled' and a_id in (select p.id from participants p join orgs o
                      on o.id = p.org_id where o.name in ('戊公司', '己公司')))"
}

# --- without the option the past slots are open (what the option is for) ----
expect_exit "EV-D: a dry run without --from-slot" 0 "$DUIJIE" event schedule EV-D "${RUN[@]}" --dry-run --json --db "$db"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["slots_over"] == 0 and r["from_slot"] == 1 else 1)' "$T/out" &&
    ok "EV-D: without --from-slot no slot is over (slots_over 0, from_slot 1)" || not_ok "EV-D: slots_over without the option" "$(cat "$T/out")"

# --- --from-slot 3 ----------------------------------------------------------------
before=$(db_digest "$db")
expect_exit "EV-D: --from-slot 3 plans the rest of the day" 0 "$DUIJIE" event schedule EV-D --from-slot 3 "${RUN[@]}" --db "$db"
grep -q "the 2 slots before slot 3 are over: their meetings stay as they are; new meetings go in slots 3 to 4" "$T/out" &&
    ok "EV-D: the report says which slots are over" || not_ok "EV-D: report names the slots over" "$(cat "$T/out")"
[ "$(meeting EV-D 甲公司 乙公司)" = "1 held" ] && [ "$(meeting EV-D 丙公司 丁公司)" = "1 no-show" ] &&
    ok "EV-D: the held and the no-show meeting stay in slot 1" || not_ok "EV-D: history stays" "$(meeting EV-D 甲公司 乙公司)" "$(meeting EV-D 丙公司 丁公司)"
[ "$(meeting EV-D 戊公司 己公司)" = "2 scheduled" ] &&
    ok "EV-D: an unmarked meeting in a slot that is over stays where it was" || not_ok "EV-D: 戊-己 stays in slot 2" "$(meeting EV-D 戊公司 己公司)"
s1=$(meeting EV-D 甲公司 丙公司) s2=$(meeting EV-D 乙公司 丁公司) s3=$(meeting EV-D 乙公司 己公司)
case "$s1|$s2|$s3" in
    [34]" scheduled|"[34]" scheduled|"[34]" scheduled") ok "EV-D: the three new meetings are in slots 3 and 4" ;;
    *) not_ok "EV-D: new meetings only after the slots that are over" "$s1" "$s2" "$s3" "$(cat "$T/out")" ;;
esac
[ "$(first_new_slot)" -ge 3 ] 2>/dev/null && ok "EV-D: no new meeting in slot 1 or 2" || not_ok "EV-D: first new slot" "$(first_new_slot)"
grep -q "#[0-9]* want 甲公司 -> 戊公司: its slot 1 (指定时段) is over" "$T/out" &&
    ok "EV-D: a request fixed to a slot that is over is left out, saying so" || not_ok "EV-D: reason for the fixed request" "$(cat "$T/out")"
[ "$before" != "$(db_digest "$db")" ] && ok "EV-D: the plan was written" || not_ok "EV-D: nothing written"

# the same with --json and a re-run: stable, and the JSON names the cut
expect_exit "EV-D: --from-slot 3 again, --json" 0 "$DUIJIE" event schedule EV-D --from-slot 3 "${RUN[@]}" --json --db "$db"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["slots_over"] == 2 and r["from_slot"] == 3 and r["unscheduled"] == 1 and "over" in r["unscheduled_requests"][0]["reason"] else 1)' "$T/out" &&
    ok "EV-D: JSON slots_over 2, from_slot 3, the fixed request unscheduled because its slot is over" || not_ok "EV-D: JSON" "$(cat "$T/out")"

# --- 'now' -----------------------------------------------------------------------
before=$(db_digest "$db")
expect_exit "EV-D (2024): --from-slot now" 0 "$DUIJIE" event schedule EV-D --from-slot now "${RUN[@]}" --dry-run --db "$db"
grep -q "every slot (1 to 4) is over: no new meeting can be placed" "$T/out" &&
    ok "EV-D: 'now' puts every slot of a past event behind" || not_ok "EV-D: now on a past event" "$(cat "$T/out")"
grep -q "scheduled 4 of 5 (must 3 of 3); kept 6 fixed meetings" "$T/out" && grep -q "0 unchanged, 0 would be removed, 0 would be written" "$T/out" &&
    ok "EV-D: with every slot over, every meeting is kept and nothing would change" || not_ok "EV-D: counts with every slot over" "$(cat "$T/out")"
expect_exit "EV-F (2099): --from-slot now" 0 "$DUIJIE" event schedule EV-F --from-slot now "${RUN[@]}" --dry-run --json --db "$db"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["slots_over"] == 0 and r["from_slot"] == 1 and r["scheduled"] >= 4 else 1)' "$T/out" &&
    ok "EV-F: 'now' leaves every slot of a future event open" || not_ok "EV-F: now on a future event" "$(cat "$T/out")"
[ "$before" = "$(db_digest "$db")" ] && ok "dry runs write nothing" || not_ok "dry runs wrote"

# --- bad values ----------------------------------------------------------------------
expect_exit "--from-slot 9 on a 4-slot event is refused" 1 "$DUIJIE" event schedule EV-D --from-slot 9 "${RUN[@]}" --db "$db"
err_has "the refusal names the event's slots" "event EV-D has no slot 9 (its slots are 1 to 4)"
for bad in 0 -1 2.5 x ''; do
    expect_exit "--from-slot '$bad' is a usage error" 2 "$DUIJIE" event schedule EV-D --from-slot "$bad" --db "$db"
done
err_has "the usage error names the option and its forms" "bad --from-slot '' (a slot number or now)"
[ "$before" = "$(db_digest "$db")" ] && ok "refused runs leave the database as it was" || not_ok "a refused run wrote"
