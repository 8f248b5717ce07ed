#!/bin/bash
# How an event's meetings and participants are named. ICS UIDs name the
# meeting for every calendar that imports the agenda: the same in every
# export of one event, and different for two installations' events that
# happen to share an event id and participant ids (every database has an
# event 1 with participants 1, 2, ...). A participant is named by its
# organisation's name, then its id; "#N" is always participant N.
. "$(dirname "$0")/lib.sh"
mk() { # mk DB CODE: one event, two participants, one must meeting, scheduled
    printf '名称,类型,地区\n甲公司,企业,110101\n乙公司,企业,110101\n' >"$T/orgs.csv"
    printf '编号,名称,开始日期,上午时段数,洽谈桌数\n%s,对接会,2026-05-20,3,2\n' "$2" >"$T/ev.csv"
    printf '活动,机构\n%s,甲公司\n%s,乙公司\n' "$2" "$2" >"$T/parts.csv"
    printf '活动,发起方,对方,意愿\n%s,甲公司,乙公司,必须\n' "$2" >"$T/reqs.csv"
    "$DUIJIE" import --db "$1" "$T/orgs.csv" "$T/ev.csv" "$T/parts.csv" "$T/reqs.csv" >/dev/null &&
        "$DUIJIE" event schedule "$2" --iters 2000 --db "$1" >/dev/null
}
uids() { "$DUIJIE" event agenda "$2" --format ics --db "$1" | tr -d '\r' | grep '^UID:'; }
check "park A's event" mk "$T/a.db" EV-A
check "park B's event" mk "$T/b.db" EV-B
[ "$(sqlite3 "$T/a.db" 'select id from events')" = "$(sqlite3 "$T/b.db" 'select id from events')" ] \
    && ok "both events have the same id" || not_ok "both events have the same id"
ua=$(uids "$T/a.db" EV-A); ub=$(uids "$T/b.db" EV-B)
[ -n "$ua" ] && [ "$(echo "$ua" | wc -l)" = 1 ] && ok "one meeting, one UID" || not_ok "one meeting, one UID" "$ua"
[ "$ua" != "$ub" ] && ok "the two installations' meetings have different UIDs" || not_ok "UIDs collide" "$ua / $ub"
echo "$ua" | grep -qE '^UID:dj-e1-p1-p2@e[0-9a-f]{16}\.duijie$' && ok "UID: event, pair, and the event's own host" \
    || not_ok "UID form" "$ua"
"$DUIJIE" event schedule EV-A --replan-all --seed 7 --iters 2000 --db "$T/a.db" >/dev/null
[ "$(uids "$T/a.db" EV-A)" = "$ua" ] && ok "a re-plan and a second export keep the UID" || not_ok "UID changed" "$(uids "$T/a.db" EV-A)"

# "#N" names participant N even when an organisation is named N (here the
# organisation named "2" is participant 3, and participant 2 is 乙公司)
printf '名称,类型,地区\n2,企业,110101\n' >"$T/o2.csv"
printf '活动,机构\nEV-A,2\n' >"$T/p2.csv"
"$DUIJIE" import --db "$T/a.db" "$T/o2.csv" "$T/p2.csv" >/dev/null
expect_exit "agenda --participant 2 (the organisation named 2)" 0 "$DUIJIE" event agenda EV-A --participant 2 --json --db "$T/a.db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["participant"]==3, d["participant"]' "$T/out" 2>/dev/null \
    && ok "... is participant 3" || not_ok "--participant 2" "$(head -c 300 "$T/out")"
expect_exit "agenda --participant '#2'" 0 "$DUIJIE" event agenda EV-A --participant '#2' --json --db "$T/a.db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["participant"]==2 and d["participants"][0]["org"]=="乙公司", d["participant"]' "$T/out" 2>/dev/null \
    && ok "... is participant 2, 乙公司" || not_ok "--participant '#2'" "$(head -c 300 "$T/out")"
expect_exit "agenda --participant '#9' fails (1)" 1 "$DUIJIE" event agenda EV-A --participant '#9' --db "$T/a.db"
