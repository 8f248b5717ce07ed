#!/bin/bash
# A re-imported participants or requests row changes the columns its file
# has and keeps the others, as orgs, listings and projects rows do: a file
# that adds a late request must not reopen a declined one, nor one that
# checks people in take their roles or limits away.
. "$(dirname "$0")/lib.sh"
db="$T/k.db"
q() { sqlite3 "$db" "$1"; }
printf '名称,类型,地区\n甲公司,企业,110101\n乙公司,企业,110101\n丙公司,企业,110101\n' >"$T/orgs.csv"
printf '编号,名称,开始日期,上午时段数,下午时段数,洽谈桌数\nEV-K,对接会,2026-05-20,3,3,2\n' >"$T/ev.csv"
printf '活动,机构,角色,最多洽谈,不可用时段\nEV-K,甲公司,展商,2,1\nEV-K,乙公司,,,\n' >"$T/parts.csv"
printf '活动,发起方,对方,意愿,状态,场次\nEV-K,甲公司,乙公司,必须,拒绝,上午\n' >"$T/reqs.csv"
check "the event imports" "$DUIJIE" import --db "$db" "$T/orgs.csv" "$T/ev.csv" "$T/parts.csv" "$T/reqs.csv"

# a later requests file without 状态 or 场次, adding a request and naming the old pair again
printf '活动,发起方,对方,意愿\nEV-K,甲公司,乙公司,必须\nEV-K,乙公司,甲公司,希望\n' >"$T/reqs2.csv"
check "a second requests file" "$DUIJIE" import --db "$db" "$T/reqs2.csv"
[ "$(q "select preference || ' ' || status || ' ' || session from meeting_requests order by id limit 1")" = "must declined morning" ] \
    && ok "the declined request stays declined, in the morning" \
    || not_ok "the declined request stays declined" "$(q "select preference, status, session from meeting_requests")"
[ "$(q "select preference || ' ' || status || ' ' || coalesce(session, '-') from meeting_requests order by id limit 1 offset 1")" = "want pending -" ] \
    && ok "the new request takes the defaults" || not_ok "new request defaults" "$(q "select * from meeting_requests")"
printf '活动,发起方,对方,状态\nEV-K,甲公司,乙公司,待定\n' >"$T/reqs3.csv"
check "a file with 状态 only" "$DUIJIE" import --db "$db" "$T/reqs3.csv"
[ "$(q "select preference || ' ' || status || ' ' || session from meeting_requests order by id limit 1")" = "must pending morning" ] \
    && ok "... changes the status and keeps 意愿 and 场次" || not_ok "状态 only" "$(q "select preference, status, session from meeting_requests")"
printf '活动,发起方,对方,场次\nEV-K,甲公司,乙公司,\n' >"$T/reqs4.csv"
check "a file with an empty 场次" "$DUIJIE" import --db "$db" "$T/reqs4.csv"
[ "$(q "select coalesce(session, '-') from meeting_requests order by id limit 1")" = "-" ] \
    && ok "... clears it" || not_ok "empty 场次 clears" "$(q "select session from meeting_requests")"

# a check-in file: 签到 only
printf '活动,机构,签到\nEV-K,甲公司,是\nEV-K,丙公司,是\n' >"$T/checkin.csv"
check "a check-in file" "$DUIJIE" import --db "$db" "$T/checkin.csv"
[ "$(q "select p.role || ' ' || p.max_meetings || ' ' || p.unavailable || ' ' || p.checked_in || ' ' || (p.table_id is not null) from participants p join orgs o on o.id = p.org_id where o.name = '甲公司'")" = "exhibitor 2 1 1 1" ] \
    && ok "甲公司 is checked in and keeps its role, booth, limit and unavailable slots" \
    || not_ok "check-in keeps the rest" "$(q "select * from participants")"
[ "$(q "select p.role || ' ' || p.checked_in || ' ' || (p.table_id is null) from participants p join orgs o on o.id = p.org_id where o.name = '丙公司'")" = "visitor 1 1" ] \
    && ok "a participant new in the check-in file is a checked-in visitor" || not_ok "new participant" "$(q "select * from participants")"
