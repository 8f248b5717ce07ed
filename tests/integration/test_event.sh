#!/bin/bash
# duijie event schedule / agenda / show on the demo data: the 桂林 conference
# (EV-2024-GL-CXY: 12 slots, 20 tables, 8 booths, 113 requests, 16 meetings of
# which 12 are held / no-show / locked). Checks the written timetable with
# sqlite3 (kept meetings unchanged, no double booking, no table used twice,
# availability, every must request placed unless a meeting limit forbids
# it), reproducibility for a seed, the one-transaction refusal, and the ICS
# agenda (CRLF, one VEVENT per meeting, stable UIDs).
. "$(dirname "$0")/lib.sh"
db="$T/ev.db"
EV=EV-2024-GL-CXY
# an iteration budget with a generous time limit: the run ends on its budget
# (or on proven optimality), so it is reproducible
RUN=(--iters 200000 --time-limit 3600 --seed 7)
q() { sqlite3 "$1" "$2"; }

for s in schedule agenda show; do
    expect_exit "event $s --help exits 0" 0 "$DUIJIE" event "$s" --help
    grep -q "usage: duijie event $s" "$T/out" && ok "event $s --help prints usage" || not_ok "event $s --help prints usage" "$(head -c 300 "$T/out")"
done
expect_exit "demo data imports" 0 "$DUIJIE" demo --db "$db" --data "$DJ_SOURCE_DIR/data/demo"
E=$(q "$db" "select id from events where code='$EV'")
[ -n "$E" ] && ok "the 桂林 conference is in the demo" || not_ok "the 桂林 conference is in the demo"

KEPT="select id,a_id,b_id,slot_id,coalesce(table_id,''),locked,status,coalesce(rating,'') from meetings where event_id=$E and (locked=1 or status in ('held','no-show')) order by id"
q "$db" "$KEPT" >"$T/kept.before"
[ "$(wc -l <"$T/kept.before")" = 12 ] && ok "12 kept meetings before" || not_ok "12 kept meetings before" "$(cat "$T/kept.before")"

# --- bad usage and missing events --------------------------------------------
expect_exit "schedule without EVENT is a usage error" 2 "$DUIJIE" event schedule --db "$db"
expect_exit "schedule with an unknown option is a usage error" 2 "$DUIJIE" event schedule "$EV" --bogus --db "$db"
expect_exit "schedule with a bad --time-limit is a usage error" 2 "$DUIJIE" event schedule "$EV" --time-limit abc --db "$db"
expect_exit "--keep-locked with --replan-all is a usage error" 2 "$DUIJIE" event schedule "$EV" --keep-locked --replan-all --db "$db"
expect_exit "agenda with a bad --format is a usage error" 2 "$DUIJIE" event agenda "$EV" --format pdf --db "$db"
expect_exit "xlsx agenda without -o is a usage error" 2 "$DUIJIE" event agenda "$EV" --format xlsx --db "$db"
expect_exit "show without EVENT is a usage error" 2 "$DUIJIE" event show --db "$db"
expect_exit "unknown subcommand is a usage error" 2 "$DUIJIE" event frobnicate
expect_exit "schedule of a missing event fails (1)" 1 "$DUIJIE" event schedule EV-NOPE --db "$db" --json
grep -q '"code":"DJ_ENOTFOUND"' "$T/out" && ok "missing event: JSON error names DJ_ENOTFOUND" || not_ok "missing event: JSON error" "$(cat "$T/out")"
expect_exit "agenda of a missing event fails (1)" 1 "$DUIJIE" event agenda EV-NOPE --db "$db"
expect_exit "show of a missing event fails (1)" 1 "$DUIJIE" event show 99999 --db "$db"
expect_exit "agenda of a non-participant fails (1)" 1 "$DUIJIE" event agenda "$EV" --participant 不存在的机构 --db "$db"
expect_exit "an event without slots fails (1)" 1 "$DUIJIE" event schedule EV-2024-SZ-AI --db "$db"

# --- dry run writes nothing ---------------------------------------------------
d0=$(db_digest "$db")
expect_exit "schedule --dry-run" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --dry-run --db "$db"
[ "$(db_digest "$db")" = "$d0" ] && ok "--dry-run leaves the database unchanged" || not_ok "--dry-run leaves the database unchanged"
grep -q "2 rows skipped (0 declined or cancelled, 2 in pairs a 不要 row vetoes)" "$T/out" &&
    ok "the report says why request rows were skipped" || not_ok "skipped rows explained" "$(head -3 "$T/out")"
grep -Eq "; (optimal \(no better timetable exists\)|feasible \(a better one may exist: the gaps bound what it could gain\))$" "$T/out" &&
    ok "the report says what optimal or feasible means" || not_ok "status explained" "$(head -4 "$T/out")"
[ ! -s "$T/err" ] && ok "no progress line when stderr is not a terminal" || not_ok "no progress line off a terminal" "$(head -c 300 "$T/err")"
# on a terminal (a pty from script(1)) a status line shows the phase and the best so far
script -qec "'$DUIJIE' event schedule $EV ${RUN[*]} --dry-run --db '$db' >/dev/null" /dev/null >"$T/tty" 2>&1
grep -q "annealing.*best: weight [0-9]* of at most [0-9]*, breaks" "$T/tty" \
    && ok "progress on a terminal: phase, best weight and breaks against their bounds" || not_ok "progress on a terminal" "$(head -c 300 "$T/tty")"

expect_exit "schedule --dry-run --json" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --dry-run --json --db "$db"
cp "$T/out" "$T/dry.json"

# --- schedule ------------------------------------------------------------------
expect_exit "schedule the 桂林 conference" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --json --db "$db"
cp "$T/out" "$T/report.json"
python3 - "$T/dry.json" "$T/report.json" <<'EOF' && ok "the dry run said what the run then removed and wrote" || not_ok "dry-run counts" "$(head -c 300 "$T/dry.json")"
import json, sys
d, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert d["dry_run"] is True and r["dry_run"] is False, (d["dry_run"], r["dry_run"])
assert (d["removed"], d["inserted"]) == (r["removed"], r["inserted"]) and r["inserted"] > 0, (d, r)
EOF
python3 - "$T/report.json" <<'EOF' && ok "report: counts, bounds and reasons" || not_ok "report: counts, bounds and reasons" "$(head -c 600 "$T/report.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["event"] == "EV-2024-GL-CXY", r
assert r["kept"] == 12 and r["unchanged"] + r["removed"] == 4 and r["inserted"] > 20, r
assert r["request_rows"] + r["skipped_rows"] == 113, r   # every row accounted for
assert (r["closed_rows"], r["vetoed_rows"]) == (0, 2), r   # the demo's two rows of a vetoed pair
assert r["must"] >= 20 and r["must_scheduled"] <= r["must"], r
assert r["weight"] <= r["weight_ub"] and r["breaks"] >= r["breaks_lb"], r
assert r["weight_gap"] == r["weight_ub"] - r["weight"] and r["breaks_gap"] == r["breaks"] - r["breaks_lb"], r
assert r["scheduled"] + r["unscheduled"] == r["requests"], r
assert len(r["unscheduled_requests"]) == r["unscheduled"], r
assert all(u["reason"] for u in r["unscheduled_requests"]), r
EOF
q "$db" "$KEPT" >"$T/kept.after"
diff "$T/kept.before" "$T/kept.after" >/dev/null && ok "locked / held / no-show meetings unchanged" || not_ok "kept meetings unchanged" "$(diff "$T/kept.before" "$T/kept.after" | head -5)"

LIVE="status <> 'cancelled' and event_id=$E"
n=$(q "$db" "select count(*) from (select p, slot_id from (select a_id p, slot_id from meetings where $LIVE union all select b_id, slot_id from meetings where $LIVE) group by p, slot_id having count(*) > 1)")
[ "$n" = 0 ] && ok "no participant double-booked" || not_ok "no participant double-booked" "$n participant-slots"
n=$(q "$db" "select count(*) from (select slot_id, table_id from meetings where $LIVE and table_id is not null group by 1, 2 having count(*) > 1)")
[ "$n" = 0 ] && ok "no table used twice in a slot" || not_ok "no table used twice in a slot" "$n table-slots"
n=$(q "$db" "select count(*) from meetings where event_id=$E and status='scheduled' and locked=0 and (request_id is null or table_id is null)")
[ "$n" = 0 ] && ok "new meetings carry request_id and table_id" || not_ok "new meetings carry request_id and table_id" "$n without"
n=$(q "$db" "select count(*) from meetings m join participants p on p.id in (m.a_id, m.b_id) join event_tables t on t.id = m.table_id where m.event_id=$E and m.status='scheduled' and p.table_id is not null and t.booth_org is null")
[ "$n" = 0 ] && ok "exhibitors meet at their booth" || not_ok "exhibitors meet at their booth" "$n exhibitor meetings at pool tables"
python3 - "$db" "$E" <<'EOF' && ok "nobody meets in an unavailable slot; limits kept" || not_ok "availability and limits"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); e = int(sys.argv[2])
for pid, un, mx in c.execute("select id, unavailable, max_meetings from participants where event_id=?", (e,)):
    seqs = {int(x) for x in un.split(";") if x}
    rows = c.execute("select s.seq, m.status from meetings m join event_slots s on s.id = m.slot_id "
                     "where m.event_id=? and m.status <> 'cancelled' and ? in (m.a_id, m.b_id)", (e, pid)).fetchall()
    assert not [s for s, st in rows if st == 'scheduled' and s in seqs], (pid, rows, seqs)
    assert mx is None or len(rows) <= mx, (pid, len(rows), mx)
EOF
# a must request without a meeting is only allowed when a side is at its limit
MUSTS="from meeting_requests r join participants pf on pf.id=r.from_id join participants pt on pt.id=r.to_id
  where r.event_id=$E and r.preference='must' and r.status in ('pending','accepted')
  and not exists (select 1 from meeting_requests n where n.event_id=$E and n.preference='no' and n.status in ('pending','accepted')
                  and ((n.from_id=r.from_id and n.to_id=r.to_id) or (n.from_id=r.to_id and n.to_id=r.from_id)))"
MET="exists (select 1 from meetings m where m.$LIVE and ((m.a_id=r.from_id and m.b_id=r.to_id) or (m.a_id=r.to_id and m.b_id=r.from_id)))"
FULL="((select count(*) from meetings m where m.$LIVE and pf.id in (m.a_id, m.b_id)) >= coalesce(pf.max_meetings, 1000000)
    or (select count(*) from meetings m where m.$LIVE and pt.id in (m.a_id, m.b_id)) >= coalesce(pt.max_meetings, 1000000))"
met=$(q "$db" "select count(*) $MUSTS and $MET")
bad=$(q "$db" "select count(*) $MUSTS and not $MET and not $FULL")
[ "$met" -ge 20 ] && ok "must requests scheduled ($met)" || not_ok "must requests scheduled" "only $met"
[ "$bad" = 0 ] && ok "every must request is scheduled unless a meeting limit forbids it" || not_ok "every feasible must request scheduled" "$bad feasible must requests left out"
n=$(q "$db" "select count(*) from audit_log where action='event.schedule' and entity_id=$E")
[ "$n" = 1 ] && ok "one audit_log entry" || not_ok "one audit_log entry" "$n"

# --- reproducible for a seed ----------------------------------------------------
PLAN="select a_id, b_id, slot_id, table_id, request_id from meetings where event_id=$E and status='scheduled' and locked=0 order by a_id, b_id, slot_id"
q "$db" "$PLAN" >"$T/plan1"
expect_exit "schedule again with the same seed" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --db "$db"
q "$db" "$PLAN" >"$T/plan2"
diff "$T/plan1" "$T/plan2" >/dev/null && ok "re-running is stable for a seed" || not_ok "re-running is stable for a seed" "$(diff "$T/plan1" "$T/plan2" | head -6)"
q "$db" "$KEPT" >"$T/kept.after2"
diff "$T/kept.before" "$T/kept.after2" >/dev/null && ok "kept meetings unchanged after the second run" || not_ok "kept meetings unchanged after the second run"

# --- agendas ---------------------------------------------------------------------
P=桂林电子科技大学
PID=$(q "$db" "select p.id from participants p join orgs o on o.id=p.org_id where p.event_id=$E and o.name='$P'")
NMEET=$(q "$db" "select count(*) from meetings where $LIVE and $PID in (a_id, b_id)")
expect_exit "ICS agenda of $P" 0 "$DUIJIE" event agenda "$EV" --participant "$P" --format ics -o "$T/a1.ics" --db "$db"
python3 - "$T/a1.ics" "$NMEET" <<'EOF' && ok "ICS: CRLF, VCALENDAR, one VEVENT per meeting, unique UIDs" || not_ok "ICS agenda is valid" "$(head -c 400 "$T/a1.ics")"
import sys
raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "bare LF"
lines = raw.decode("utf-8").split("\r\n")[:-1]
assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR", (lines[0], lines[-1])
assert all(len(l.encode()) <= 75 for l in lines), "unfolded line"
n = int(sys.argv[2])
assert n > 0 and lines.count("BEGIN:VEVENT") == n == lines.count("END:VEVENT"), (lines.count("BEGIN:VEVENT"), n)
uids = [l for l in lines if l.startswith("UID:")]
assert len(uids) == n == len(set(uids)), uids
assert sum(l.startswith("DTSTART;TZID=Asia/Shanghai:2024061") for l in lines) == n
# SEQUENCE: one per VEVENT, the export's seconds since 2020-01-01 UTC (DTSTAMP's)
import calendar, time
seqs = [int(l[9:]) for l in lines if l.startswith("SEQUENCE:")]
stamps = [l[8:] for l in lines if l.startswith("DTSTAMP:")]
assert len(seqs) == n == len(stamps), (len(seqs), n)
want = calendar.timegm(time.strptime(stamps[0], "%Y%m%dT%H%M%SZ")) - 1577836800
assert want > 0 and all(s == want for s in seqs), (seqs[:3], want)
EOF
"$DUIJIE" event agenda "$EV" --participant "$PID" --format ics --db "$db" >"$T/a2.ics"
grep '^UID:' "$T/a1.ics" >"$T/uid1"; grep '^UID:' "$T/a2.ics" >"$T/uid2"
[ -s "$T/uid1" ] && diff "$T/uid1" "$T/uid2" >/dev/null && ok "UIDs unchanged between two exports (name or id)" || not_ok "UIDs unchanged between two exports"
# a cancelled meeting stays in the ICS under its UID as STATUS:CANCELLED (a re-import
# removes the entry); the other formats leave it out
cp "$db" "$T/cx.db"
C=$(q "$T/cx.db" "select id from meetings where $LIVE and $PID in (a_id, b_id) order by id limit 1")
q "$T/cx.db" "update meetings set status='cancelled' where id=$C"
"$DUIJIE" event agenda "$EV" --participant "$PID" --format ics --db "$T/cx.db" >"$T/a3.ics"
grep '^UID:' "$T/a3.ics" | sort >"$T/uid3"; sort "$T/uid1" >"$T/uid1s"
diff "$T/uid1s" "$T/uid3" >/dev/null && [ "$(grep -c '^STATUS:CANCELLED' "$T/a3.ics")" = 1 ] \
    && ok "ICS: a cancelled meeting keeps its UID, as STATUS:CANCELLED" || not_ok "ICS: a cancelled meeting keeps its UID" "$(grep -E '^(UID|STATUS)' "$T/a3.ics" | head)"
S1=$(grep -m1 '^SEQUENCE:' "$T/a1.ics" | tr -dc 0-9); S3=$(grep -m1 '^SEQUENCE:' "$T/a3.ics" | tr -dc 0-9)
[ -n "$S1" ] && [ "$S3" -ge "$S1" ] && ok "ICS: a later export's SEQUENCE is not lower ($S1, $S3)" || not_ok "ICS: a later export's SEQUENCE is not lower" "$S1 $S3"
"$DUIJIE" event agenda "$EV" --participant "$PID" --format csv --db "$T/cx.db" >"$T/a3.csv"
[ "$(($(wc -l <"$T/a3.csv") - 1))" = "$((NMEET - 1))" ] && ok "CSV agenda leaves the cancelled meeting out" || not_ok "CSV agenda leaves the cancelled meeting out"
expect_exit "text agenda of everyone" 0 "$DUIJIE" event agenda "$EV" --db "$db"
grep -q "$P" "$T/out" && ok "text agenda names organisations" || not_ok "text agenda names organisations"
expect_exit "CSV agenda" 0 "$DUIJIE" event agenda "$EV" --participant "$P" --format csv --db "$db"
[ "$(($(wc -l <"$T/out") - 1))" = "$NMEET" ] && ok "CSV agenda: a row per meeting" || not_ok "CSV agenda: a row per meeting" "$(head -3 "$T/out")"
expect_exit "HTML agenda" 0 "$DUIJIE" event agenda "$EV" --format html -o "$T/a.html" --db "$db"
grep -q "<table>" "$T/a.html" && ok "HTML agenda has a table" || not_ok "HTML agenda has a table"
# A meeting without a table (held, recorded without 桌号) is in the grid's
# last column, 未分配桌位, not left out.
cp "$db" "$T/xlsx.db"
q "$T/xlsx.db" "update meetings set table_id=null where id=(select min(id) from meetings where $LIVE)"
expect_exit "XLSX agenda" 0 "$DUIJIE" event agenda "$EV" --format xlsx -o "$T/a.xlsx" --db "$T/xlsx.db"
python3 - "$T/a.xlsx" "$(q "$T/xlsx.db" "select count(*) from meetings where $LIVE")" <<'EOF' && ok "XLSX: one sheet, every meeting in the grid" || not_ok "XLSX agenda"
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
assert len(sheets) == 1, sheets
strings = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
cells = re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*t="s"[^>]*><v>(\d+)</v>', z.read(sheets[0]).decode())
meetings = sum(strings[int(c[2])].count(" × ") for c in cells if c[0] not in ("A", "B") and c[1] != "1")
assert meetings == int(sys.argv[2]), (meetings, sys.argv[2])
assert any("未分配桌位" in strings[int(c[2])] for c in cells if c[1] == "1")
EOF

# --- show --------------------------------------------------------------------------
expect_exit "show prints the grid" 0 "$DUIJIE" event show "$EV" --db "$db"
[ "$(grep -cE '^[0-9]+ +[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}' "$T/out")" = 12 ] && ok "grid: a row per slot" || not_ok "grid: a row per slot" "$(head -5 "$T/out")"
expect_exit "show --json" 0 "$DUIJIE" event show "$E" --json --db "$db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["slots"])==12 and len(d["meetings"])==int(sys.argv[2])' "$T/out" "$(q "$db" "select count(*) from meetings where $LIVE")" \
    && ok "show --json lists slots and meetings" || not_ok "show --json" "$(head -c 300 "$T/out")"

# --- --keep-locked vs --replan-all on a locked scheduled meeting ---------------------
cp "$db" "$T/lock.db"
L=$(q "$T/lock.db" "select id from meetings where event_id=$E and status='scheduled' order by id limit 1")
q "$T/lock.db" "update meetings set locked=1 where id=$L"
expect_exit "schedule keeping a newly locked meeting" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --db "$T/lock.db"
[ "$(q "$T/lock.db" "select count(*) from meetings where id=$L and locked=1")" = 1 ] && ok "--keep-locked keeps the locked meeting" || not_ok "--keep-locked keeps the locked meeting"
expect_exit "schedule --replan-all" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --replan-all --db "$T/lock.db"
# (SQLite may hand the freed id to a new meeting: new meetings are never locked)
[ "$(q "$T/lock.db" "select count(*) from meetings where event_id=$E and locked=1 and status='scheduled'")" = 0 ] && ok "--replan-all re-plans locked meetings" || not_ok "--replan-all re-plans locked meetings"
q "$T/lock.db" "$KEPT" | grep -v "|1|scheduled|" >"$T/kept.replan"
diff "$T/kept.before" "$T/kept.replan" >/dev/null && ok "--replan-all keeps held and no-show meetings" || not_ok "--replan-all keeps held and no-show meetings" "$(diff "$T/kept.before" "$T/kept.replan" | head -4)"

# --- a default re-plan leaves meetings where they are unless moving them gains --------
# (one new must request between two participants without meetings: it is added and
# every other meeting stays, row and all)
cp "$db" "$T/stable.db"
NSCHED=$(q "$T/stable.db" "select count(*) from meetings where event_id=$E and status='scheduled' and locked=0")
q "$T/stable.db" "select id,a_id,b_id,slot_id,coalesce(table_id,'') from meetings where event_id=$E and status='scheduled' order by id" >"$T/stable.before"
q "$T/stable.db" "insert into meeting_requests (event_id, from_id, to_id, preference, status, created_at) values ($E, 1, 13, 'must', 'pending', '2026-12-02')"
expect_exit "re-plan after one new request" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --json --db "$T/stable.db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert (d["unchanged"], d["removed"], d["inserted"]) == (int(sys.argv[2]), 0, 1), d' "$T/out" "$NSCHED" \
    && ok "re-plan: $NSCHED meetings unchanged, 0 removed, 1 written" || not_ok "re-plan keeps meetings where they are" "$(head -c 400 "$T/out")"
q "$T/stable.db" "select id,a_id,b_id,slot_id,coalesce(table_id,'') from meetings where event_id=$E and status='scheduled' order by id" | head -n "$(wc -l <"$T/stable.before")" >"$T/stable.after"
diff "$T/stable.before" "$T/stable.after" >/dev/null && ok "re-plan: the unchanged meetings keep their rows" || not_ok "re-plan: the unchanged meetings keep their rows" "$(diff "$T/stable.before" "$T/stable.after" | head -4)"

# a draft re-plan deletes the meeting of a withdrawn pair (cancelling it would count it in
# the event's report as a cancellation); --fill-only, below, cancels it
read -r DW DA DB <<<"$(q "$T/stable.db" "select id || ' ' || a_id || ' ' || b_id from meetings where event_id=$E and status='scheduled' and locked=0 order by id limit 1")"
q "$T/stable.db" "update meeting_requests set status='declined' where event_id=$E and ((from_id=$DA and to_id=$DB) or (from_id=$DB and to_id=$DA))"
expect_exit "re-plan after a withdrawn request" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --db "$T/stable.db"
[ "$(q "$T/stable.db" "select count(*) from meetings where id=$DW or (event_id=$E and status='cancelled')")" = 0 ] \
    && ok "a draft re-plan deletes the withdrawn pair's meeting" || not_ok "a draft re-plan deletes the withdrawn pair's meeting"

# --- --fill-only: scheduled meetings stay, new requests fill around them ---------------
# (participants 1 and 13 of the demo have no meeting and no limit; the first unlocked
# scheduled meeting's requests are withdrawn, so that meeting goes)
cp "$db" "$T/fill.db"
SCHED="select id,a_id,b_id,slot_id,coalesce(table_id,''),locked,status from meetings where event_id=$E and status='scheduled' order by id"
read -r W WA WB <<<"$(q "$T/fill.db" "select id || ' ' || a_id || ' ' || b_id from meetings where event_id=$E and status='scheduled' and locked=0 order by id limit 1")"
q "$T/fill.db" "update meeting_requests set status='cancelled' where event_id=$E and ((from_id=$WA and to_id=$WB) or (from_id=$WB and to_id=$WA))
  ; insert into meeting_requests (event_id, from_id, to_id, preference, status, created_at) values ($E, 1, 13, 'must', 'pending', '2026-12-02')"
q "$T/fill.db" "$SCHED" | grep -v "^$W|" >"$T/fill.before"
expect_exit "schedule --fill-only" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --fill-only --json --db "$T/fill.db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["removed"]==1 and d["inserted"]>=1, d' "$T/out" \
    && ok "--fill-only removes only the withdrawn pair's meeting" || not_ok "--fill-only removes only the withdrawn pair's meeting" "$(head -c 300 "$T/out")"
q "$T/fill.db" "$SCHED" | head -n "$(wc -l <"$T/fill.before")" >"$T/fill.after"
diff "$T/fill.before" "$T/fill.after" >/dev/null && ok "--fill-only keeps every other scheduled meeting as it was" || not_ok "--fill-only keeps scheduled meetings" "$(diff "$T/fill.before" "$T/fill.after" | head -4)"
[ "$(q "$T/fill.db" "select count(*) from meetings where event_id=$E and status='scheduled' and ((a_id=1 and b_id=13) or (a_id=13 and b_id=1))")" = 1 ] \
    && ok "--fill-only places the new request" || not_ok "--fill-only places the new request"
[ "$(q "$T/fill.db" "select status from meetings where id=$W")" = cancelled ] && ok "--fill-only cancels the withdrawn pair's meeting (calendars remove it)" || not_ok "--fill-only cancels the withdrawn pair's meeting"
# what may not stay is planned again: a meeting in a slot one side is now unavailable in,
# the meetings of a participant whose 最多洽谈 fell to 0, a meeting without a table
read -r U UA US <<<"$(q "$T/fill.db" "select m.id || ' ' || m.a_id || ' ' || s.seq from meetings m join event_slots s on s.id=m.slot_id join participants p on p.id=m.a_id where m.event_id=$E and m.status='scheduled' and m.locked=0 and p.table_id is null and coalesce(p.unavailable,'')='' order by m.id limit 1")"
read -r Z <<<"$(q "$T/fill.db" "select p.id from participants p where p.event_id=$E and p.id<>$UA and (select count(*) from meetings m where m.status='scheduled' and m.locked=0 and p.id in (m.a_id, m.b_id)) >= 2 and not exists (select 1 from meetings m where p.id in (m.a_id, m.b_id) and (m.locked=1 or m.status in ('held','no-show'))) order by p.id limit 1")"
N0=$(q "$T/fill.db" "select id from meetings where event_id=$E and status='scheduled' and locked=0 and $UA not in (a_id, b_id) and $Z not in (a_id, b_id) order by id desc limit 1")
q "$T/fill.db" "update participants set unavailable='$US' where id=$UA; update participants set max_meetings=0 where id=$Z; update meetings set table_id=null where id=$N0"
expect_exit "--fill-only after availability, limit and table changes" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --fill-only --db "$T/fill.db"
[ "$(q "$T/fill.db" "select count(*) from meetings m join event_slots s on s.id=m.slot_id where m.status='scheduled' and $UA in (m.a_id, m.b_id) and s.seq=$US")" = 0 ] \
    && ok "--fill-only moves a meeting out of a slot its participant left" || not_ok "--fill-only moves a meeting out of a slot its participant left"
[ "$(q "$T/fill.db" "select count(*) from meetings where status='scheduled' and $Z in (a_id, b_id)")" = 0 ] \
    && ok "--fill-only drops the meetings of a participant whose limit fell to 0" || not_ok "--fill-only honours a lowered limit"
[ "$(q "$T/fill.db" "select count(*) from meetings where event_id=$E and status='scheduled' and table_id is null")" = 0 ] \
    && ok "--fill-only gives a meeting without a table one" || not_ok "--fill-only gives a meeting without a table one"
expect_exit "--fill-only with --replan-all is a usage error" 2 "$DUIJIE" event schedule "$EV" --fill-only --replan-all --db "$T/fill.db"
expect_exit "--fill-only given twice is fine" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --fill-only --fill-only --dry-run --db "$T/fill.db"

# --- publish: once the timetable is sent, re-plans keep meetings and cancel drops -------
# (a draft re-plan deletes the withdrawn pair's meeting, above; published, the default is
# --fill-only and the meeting is cancelled, so the ICS tells calendars to remove it)
cp "$db" "$T/pub.db"
cp "$db" "$T/pub0.db"
q "$T/pub0.db" "delete from meetings where event_id=$E"
d1=$(db_digest "$T/pub0.db")
expect_exit "publishing an event without meetings is refused (1)" 1 "$DUIJIE" event publish "$EV" --db "$T/pub0.db"
grep -q "no meetings to publish" "$T/err" && ok "publish says there is nothing to publish" || not_ok "publish says there is nothing to publish" "$(cat "$T/err")"
[ "$(db_digest "$T/pub0.db")" = "$d1" ] && ok "a refused publish writes nothing" || not_ok "a refused publish writes nothing"
expect_exit "event publish --json" 0 "$DUIJIE" event publish "$EV" --json --db "$T/pub.db"
python3 -c 'import json,sys,re; d=json.load(open(sys.argv[1])); assert d["published"] is True and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["published_at"]), d' "$T/out" \
    && ok "publish --json reports the time" || not_ok "publish --json reports the time" "$(cat "$T/out")"
[ "$(q "$T/pub.db" "select count(*) from events where id=$E and published_at is not null")" = 1 ] && ok "publish stores published_at" || not_ok "publish stores published_at"
[ "$(q "$T/pub.db" "select count(*) from audit_log where action='event.publish' and entity_id=$E")" = 1 ] && ok "publish is audited" || not_ok "publish is audited"
expect_exit "show of a published event" 0 "$DUIJIE" event show "$EV" --db "$T/pub.db"
head -1 "$T/out" | grep -q "; published)" && ok "show says the timetable is published" || not_ok "show says the timetable is published" "$(head -1 "$T/out")"
expect_exit "show --json of a published event" 0 "$DUIJIE" event show "$EV" --json --db "$T/pub.db"
grep -q '"published":true' "$T/out" && ok "show --json has published" || not_ok "show --json has published" "$(head -c 200 "$T/out")"
read -r PW PA PB <<<"$(q "$T/pub.db" "select id || ' ' || a_id || ' ' || b_id from meetings where event_id=$E and status='scheduled' and locked=0 order by id limit 1")"
q "$T/pub.db" "update meeting_requests set status='declined' where event_id=$E and ((from_id=$PA and to_id=$PB) or (from_id=$PB and to_id=$PA))"
q "$T/pub.db" "$SCHED" | grep -v "^$PW|" >"$T/pub.before"
expect_exit "re-plan a published event" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --json --db "$T/pub.db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["mode"]=="fill-only" and d["published"] is True and d["removed"]==1, d' "$T/out" \
    && ok "a published event re-plans with --fill-only by default" || not_ok "a published event re-plans with --fill-only by default" "$(head -c 400 "$T/out")"
q "$T/pub.db" "$SCHED" | head -n "$(wc -l <"$T/pub.before")" >"$T/pub.after"
diff "$T/pub.before" "$T/pub.after" >/dev/null && ok "published: every other scheduled meeting stays as it was" || not_ok "published: scheduled meetings stay" "$(diff "$T/pub.before" "$T/pub.after" | head -4)"
[ "$(q "$T/pub.db" "select status from meetings where id=$PW")" = cancelled ] && ok "published: the withdrawn pair's meeting is cancelled" || not_ok "published: the withdrawn pair's meeting is cancelled"
expect_exit "agenda ics of the published event" 0 "$DUIJIE" event agenda "$EV" --format ics --db "$T/pub.db"
grep -q '^STATUS:CANCELLED' "$T/out" && ok "published: the ICS tells calendars to remove the dropped meeting" || not_ok "published: the ICS cancels the dropped meeting"
grep -q '^STATUS:CONFIRMED' "$T/out" && ! grep -q '^STATUS:TENTATIVE' "$T/out" && ok "published: the ICS confirms the meetings" || not_ok "published: the ICS confirms the meetings" "$(grep '^STATUS' "$T/out" | sort | uniq -c)"
expect_exit "event publish --undo" 0 "$DUIJIE" event publish "$EV" --undo --db "$T/pub.db"
expect_exit "agenda ics of a draft" 0 "$DUIJIE" event agenda "$EV" --format ics --db "$T/pub.db"
grep -q '^STATUS:TENTATIVE' "$T/out" && ! grep -q '^STATUS:CONFIRMED' "$T/out" && ok "a draft's ICS marks its meetings tentative" || not_ok "a draft's ICS marks its meetings tentative" "$(grep '^STATUS' "$T/out" | sort | uniq -c)"
expect_exit "re-plan a draft again" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --dry-run --json --db "$T/pub.db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["mode"]=="keep-locked" and d["published"] is False, d' "$T/out" \
    && ok "after --undo the default is --keep-locked again" || not_ok "after --undo the default is --keep-locked again" "$(head -c 400 "$T/out")"
expect_exit "publish of an unknown event (1)" 1 "$DUIJIE" event publish EV-NONE --db "$T/pub.db"

# --- event mark: the day's record of one meeting, checked like an import row ------------
cp "$db" "$T/mark.db"
read -r MK MA MS <<<"$(q "$T/mark.db" "select id || ' ' || a_id || ' ' || slot_id from meetings where event_id=$E and status='scheduled' and locked=0 order by id limit 1")"
NAUD=$(q "$T/mark.db" "select count(*) from audit_log where entity='meetings'")
expect_exit "event mark --held --rating 4 --json" 0 "$DUIJIE" event mark "$EV" "$MK" --held --rating 4 --json --db "$T/mark.db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["id"]==int(sys.argv[2]) and d["status"]=="held" and d["rating"]==4, d' "$T/out" "$MK" \
    && ok "mark prints the meeting as changed" || not_ok "mark prints the meeting as changed" "$(cat "$T/out")"
[ "$(q "$T/mark.db" "select status || ' ' || rating from meetings where id=$MK")" = "held 4" ] && ok "mark stores status and rating" || not_ok "mark stores status and rating"
[ "$(q "$T/mark.db" "select count(*) from audit_log where entity='meetings'")" = $((NAUD + 1)) ] && ok "mark is audited" || not_ok "mark is audited"
expect_exit "event mark --lock (text)" 0 "$DUIJIE" event mark "$EV" "$MK" --lock --db "$T/mark.db"
grep -q "锁定  *是" "$T/out" && ok "mark prints the meeting as text, locked" || not_ok "mark prints the meeting as text, locked" "$(cat "$T/out")"
# a cancelled meeting whose slot was taken since cannot come back
read -r MC MCA MCS <<<"$(q "$T/mark.db" "select id || ' ' || a_id || ' ' || slot_id from meetings where event_id=$E and status='scheduled' and locked=0 and id<>$MK order by id limit 1")"
expect_exit "event mark --cancelled" 0 "$DUIJIE" event mark "$EV" "$MC" --cancelled --db "$T/mark.db"
q "$T/mark.db" "insert into meetings (event_id, a_id, b_id, slot_id, table_id, locked, status)
  values ($E, $MCA, (select id from participants where event_id=$E and id<>$MCA and id not in (select a_id from meetings where slot_id=$MCS union select b_id from meetings where slot_id=$MCS) order by id limit 1), $MCS, null, 0, 'scheduled')"
d1=$(db_digest "$T/mark.db")
expect_exit "bringing back a meeting whose slot is taken is refused (1)" 1 "$DUIJIE" event mark "$EV" "$MC" --scheduled --db "$T/mark.db"
grep -q "already has meeting" "$T/err" && ok "mark says which meeting is in the way" || not_ok "mark says which meeting is in the way" "$(cat "$T/err")"
[ "$(db_digest "$T/mark.db")" = "$d1" ] && ok "a refused mark writes nothing" || not_ok "a refused mark writes nothing"
expect_exit "mark of another event's meeting number (1)" 1 "$DUIJIE" event mark "$EV" 999999 --held --db "$T/mark.db"
read -r PM PMA PMB <<<"$(q "$T/mark.db" "select m.id || ' ' || ao.name || ' ' || m.b_id from meetings m join participants ap on ap.id=m.a_id join orgs ao on ao.id=ap.org_id where m.event_id=$E and m.status='scheduled' and m.id not in ($MK, $MC) order by m.id limit 1")"
expect_exit "event mark by the meeting's two participants (org name, participant id)" 0 "$DUIJIE" event mark "$EV" "$PMA" "$PMB" --no-show --json --db "$T/mark.db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["id"]==int(sys.argv[2]) and d["status"]=="no-show", d' "$T/out" "$PM" \
    && ok "mark by pair finds the pair's meeting" || not_ok "mark by pair finds the pair's meeting" "$(cat "$T/out")"
expect_exit "mark of a pair without a meeting (1)" 1 "$DUIJIE" event mark "$EV" "$PMA" "$PMA" --held --db "$T/mark.db"
expect_exit "a meeting number beyond int64 is a usage error" 2 "$DUIJIE" event mark "$EV" 99999999999999999999 --held --db "$T/mark.db"
expect_exit "a signed meeting number is a usage error" 2 "$DUIJIE" event mark "$EV" "+$MK" --held --db "$T/mark.db"
expect_exit "a rating for a cancelled meeting is refused (1)" 1 "$DUIJIE" event mark "$EV" "$MC" --rating 5 --db "$T/mark.db"
grep -q "only a held meeting takes a rating" "$T/err" && ok "... saying only a held meeting takes one" || not_ok "rating refusal" "$(cat "$T/err")"
expect_exit "mark without a change is a usage error" 2 "$DUIJIE" event mark "$EV" "$MK" --db "$T/mark.db"
expect_exit "mark --held --no-show is a usage error" 2 "$DUIJIE" event mark "$EV" "$MK" --held --no-show --db "$T/mark.db"
expect_exit "mark --rating 0 is a usage error" 2 "$DUIJIE" event mark "$EV" "$MK" --rating 0 --db "$T/mark.db"

# --- event checkin: who arrived (签到), counted by the event's report -------------------
cp "$db" "$T/ci.db"
read -r CI CIORG <<<"$(q "$T/ci.db" "select p.id || ' ' || o.name from participants p join orgs o on o.id=p.org_id where p.event_id=$E and p.checked_in=0 and exists (select 1 from meetings m where m.status<>'cancelled' and p.id in (m.a_id, m.b_id)) order by p.id limit 1")"
N0=$(q "$T/ci.db" "select count(*) from participants where event_id=$E and checked_in=1")
expect_exit "event checkin ORG" 0 "$DUIJIE" event checkin "$EV" "$CIORG" --db "$T/ci.db"
grep -q "^$CIORG checked in" "$T/out" && grep -q "== $CIORG ==" "$T/out" && ok "checkin prints the participant's meetings" || not_ok "checkin prints the participant's meetings" "$(head -5 "$T/out")"
[ "$(q "$T/ci.db" "select checked_in from participants where id=$CI")" = 1 ] && ok "checkin stores checked_in" || not_ok "checkin stores checked_in"
expect_exit "report after a checkin" 0 "$DUIJIE" report --event "$EV" --db "$T/ci.db"
grep -q "签到$((N0 + 1))家" "$T/out" && ok "the event's report counts the new arrival (签到$((N0 + 1))家)" || not_ok "the report counts the arrival" "$(head -c 400 "$T/out")"
expect_exit "event checkin --undo by participant id --json" 0 "$DUIJIE" event checkin "$EV" "$CI" --undo --json --db "$T/ci.db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["checked_in"] is False and d["participant_id"]==int(sys.argv[2]), d' "$T/out" "$CI" \
    && ok "checkin --undo --json reports the participant" || not_ok "checkin --undo --json" "$(cat "$T/out")"
[ "$(q "$T/ci.db" "select count(*) from audit_log where action='event.checkin' and entity_id=$CI")" = 2 ] && ok "checkin is audited" || not_ok "checkin is audited"
expect_exit "checkin of an organisation that is not a participant (1)" 1 "$DUIJIE" event checkin "$EV" 不存在的公司 --db "$T/ci.db"
grep -q "not a participant" "$T/err" && ok "checkin names who is not a participant" || not_ok "checkin names who is not a participant" "$(cat "$T/err")"

# --- requests with 场次 (session) and 指定时段 (slot) -----------------------------------
# (must requests of pairs without a kept meeting or a reverse row, both sides available
# everywhere, their limits lifted: P1 pinned to slot 9, P2 to the afternoon; P3 shares a side with P1 and is
# pinned to slot 9 too, so one of the two cannot meet)
cp "$db" "$T/pin.db"
PAIRS="select r.id || '|' || fo.name || '|' || tor.name || '|' || r.from_id || '|' || r.to_id from meeting_requests r
  join participants fp on fp.id=r.from_id join orgs fo on fo.id=fp.org_id
  join participants tp on tp.id=r.to_id join orgs tor on tor.id=tp.org_id
  where r.event_id=$E and r.status in ('pending','accepted') and r.preference='must'
    and coalesce(fp.unavailable,'')='' and coalesce(tp.unavailable,'')=''
    and not exists (select 1 from meetings m where m.event_id=$E and ((m.a_id=r.from_id and m.b_id=r.to_id) or (m.a_id=r.to_id and m.b_id=r.from_id)) and (m.locked=1 or m.status in ('held','no-show')))
    and not exists (select 1 from meeting_requests x where x.event_id=$E and x.from_id=r.to_id and x.to_id=r.from_id)
  order by r.id"
IFS='|' read -r P1 P1F P1T P1A P1B <<<"$(q "$T/pin.db" "$PAIRS" | sed -n 1p)"
IFS='|' read -r P3 P3F P3T P3A P3B <<<"$(q "$T/pin.db" "$PAIRS" | awk -F'|' -v a="$P1A" -v b="$P1B" -v id="$P1" '$1!=id && ($4==a || $5==a || $4==b || $5==b)' | sed -n 1p)"
IFS='|' read -r P2 P2F P2T P2A P2B <<<"$(q "$T/pin.db" "$PAIRS" | awk -F'|' -v x="$P1" -v y="$P3" '$1!=x && $1!=y' | sed -n 1p)"
[ -n "$P1" ] && [ -n "$P2" ] && [ -n "$P3" ] && ok "three must pairs to pin ($P1, $P2, $P3)" || not_ok "three must pairs to pin" "$P1 $P2 $P3"
q "$T/pin.db" "update participants set max_meetings=null where id in ($P1A, $P1B, $P2A, $P2B, $P3A, $P3B)"
printf '活动,发起方,对方,意愿,状态,场次,指定时段\n%s,%s,%s,必须,接受,,99\n' "$EV" "$P1F" "$P1T" >"$T/pin-bad.csv"
d1=$(db_digest "$T/pin.db")
expect_exit "a request pinned to a slot the event lacks is refused (1)" 1 "$DUIJIE" import "$T/pin-bad.csv" --type requests --db "$T/pin.db"
grep -q "pin-bad.csv:2.*指定时段.*no such slot" "$T/err" && ok "the refusal names file, line, field and reason" || not_ok "the refusal names file, line, field and reason" "$(cat "$T/err")"
[ "$(db_digest "$T/pin.db")" = "$d1" ] && ok "a refused request import writes nothing" || not_ok "a refused request import writes nothing"
printf '活动,发起方,对方,意愿,状态,场次,指定时段\n%s,%s,%s,必须,接受,,9\n%s,%s,%s,必须,接受,下午,\n%s,%s,%s,必须,接受,,9\n' \
    "$EV" "$P1F" "$P1T" "$EV" "$P2F" "$P2T" "$EV" "$P3F" "$P3T" >"$T/pin.csv"
expect_exit "requests with 场次 and 指定时段 import" 0 "$DUIJIE" import "$T/pin.csv" --type requests --db "$T/pin.db"
expect_exit "export requests" 0 "$DUIJIE" export requests --db "$T/pin.db"
grep -q "场次,指定时段" "$T/out" && grep -q ",下午," "$T/out" && ok "export writes 场次 and 指定时段" || not_ok "export writes 场次 and 指定时段" "$(head -3 "$T/out")"
expect_exit "schedule with pinned requests" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --json --db "$T/pin.db"
MEET="select s.seq || ' ' || s.session from meetings m join event_slots s on s.id=m.slot_id where m.event_id=$E and m.status='scheduled' and ((m.a_id=%s and m.b_id=%s) or (m.a_id=%s and m.b_id=%s))"
# shellcheck disable=SC2059
M1=$(q "$T/pin.db" "$(printf "$MEET" "$P1A" "$P1B" "$P1B" "$P1A")")
# shellcheck disable=SC2059
M2=$(q "$T/pin.db" "$(printf "$MEET" "$P2A" "$P2B" "$P2B" "$P2A")")
# shellcheck disable=SC2059
M3=$(q "$T/pin.db" "$(printf "$MEET" "$P3A" "$P3B" "$P3B" "$P3A")")
[ "$(printf '%s\n%s\n' "$M1" "$M3" | grep -c '^9 ')" = 1 ] && ok "one of the two pairs pinned to slot 9 meets there ($M1 / $M3)" || not_ok "one pair pinned to slot 9 meets there" "$M1 / $M3"
[ -z "$M1" ] || [ -z "$M3" ] && ok "the other one does not meet elsewhere" || not_ok "the other pinned pair does not meet elsewhere" "$M1 / $M3"
case "$M2" in *afternoon) ok "the pair asking for the afternoon meets in the afternoon ($M2)" ;; *) not_ok "the afternoon pair meets in the afternoon" "$M2" ;; esac
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); u=[x for x in d["unscheduled_requests"] if "(its slot 9 only)" in x["reason"]]; assert len(u)==1, d["unscheduled_requests"]' "$T/out" \
    && ok "the report says the left-out pair could only meet in its slot 9" || not_ok "the report names the pinned slot" "$(head -c 600 "$T/out")"
# --fill-only moves a meeting that is outside its pair's session now
read -r FM FA FB FS <<<"$(q "$T/pin.db" "select m.id || ' ' || m.a_id || ' ' || m.b_id || ' ' || s.seq from meetings m join event_slots s on s.id=m.slot_id join meeting_requests r on r.id=m.request_id where m.event_id=$E and m.status='scheduled' and m.locked=0 and s.session='morning' and r.slot is null and r.session is null order by m.id limit 1")"
q "$T/pin.db" "update meeting_requests set session='afternoon' where event_id=$E and ((from_id=$FA and to_id=$FB) or (from_id=$FB and to_id=$FA))"
expect_exit "--fill-only after a pair asks for the afternoon" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --fill-only --db "$T/pin.db"
# shellcheck disable=SC2059
case "$(q "$T/pin.db" "$(printf "$MEET" "$FA" "$FB" "$FB" "$FA")")" in
    *afternoon | "") ok "--fill-only moves a meeting out of the morning its pair no longer wants" ;;
    *) not_ok "--fill-only honours a new 场次" "$(q "$T/pin.db" "$(printf "$MEET" "$FA" "$FB" "$FB" "$FA")")" ;;
esac
# a slot number the event no longer has (its slots re-imported fewer) is a clear refusal
q "$T/pin.db" "update meeting_requests set slot=99 where id=$P2"
d1=$(db_digest "$T/pin.db")
expect_exit "a request naming a slot the event lost is refused (1)" 1 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --db "$T/pin.db"
grep -q "names slot 99" "$T/err" && ok "the refusal names the pair and its slot" || not_ok "the refusal names the pair and its slot" "$(cat "$T/err")"
[ "$(db_digest "$T/pin.db")" = "$d1" ] && ok "the refused schedule writes nothing" || not_ok "the refused schedule writes nothing"

# --- 先于: one meeting before another of the same requester ----------------------------
# (three new participants without meetings or limits: X asks Y and Z; X-Z pinned to slot
# 2 and X-Y 先于 Z: X-Y can only be in slot 1; then X-Z, a must, pinned to slot 1 and X-Y
# only a want: X-Z takes slot 1 and X-Y has no slot before it)
cp "$db" "$T/ord.db"
OXN=先于甲公司; OYN=先于乙公司; OZN=先于丙公司
printf '名称,类型,地区\n%s,企业,450300\n%s,企业,450300\n%s,企业,450300\n' "$OXN" "$OYN" "$OZN" >"$T/ord-orgs.csv"
printf '活动,机构\n%s,%s\n%s,%s\n%s,%s\n' "$EV" "$OXN" "$EV" "$OYN" "$EV" "$OZN" >"$T/ord-parts.csv"
expect_exit "three new participants" 0 "$DUIJIE" import "$T/ord-orgs.csv" --type orgs --db "$T/ord.db"
expect_exit "three new participants join the event" 0 "$DUIJIE" import "$T/ord-parts.csv" --type participants --db "$T/ord.db"
PID() { q "$T/ord.db" "select p.id from participants p join orgs o on o.id=p.org_id where p.event_id=$E and o.name='$1'"; }
OX=$(PID "$OXN"); OY=$(PID "$OYN"); OZ=$(PID "$OZN")
printf '活动,发起方,对方,意愿,状态,先于\n%s,%s,%s,必须,接受,%s\n' "$EV" "$OXN" "$OYN" "$OYN" >"$T/ord-bad.csv"
expect_exit "先于 naming the pair's own counterpart is refused (1)" 1 "$DUIJIE" import "$T/ord-bad.csv" --type requests --db "$T/ord.db"
grep -q "ord-bad.csv:2.*先于" "$T/err" && ok "the refusal names line and field 先于" || not_ok "the refusal names line and field 先于" "$(cat "$T/err")"
printf '活动,发起方,对方,意愿,状态,先于\n%s,%s,%s,必须,接受,不存在的公司\n' "$EV" "$OXN" "$OYN" >"$T/ord-bad.csv"
expect_exit "先于 naming an unknown organisation is refused (1)" 1 "$DUIJIE" import "$T/ord-bad.csv" --type requests --db "$T/ord.db"
printf '活动,发起方,对方,意愿,状态,指定时段,先于\n%s,%s,%s,必须,接受,,%s\n%s,%s,%s,必须,接受,2,\n' "$EV" "$OXN" "$OYN" "$OZN" "$EV" "$OXN" "$OZN" >"$T/ord.csv"
expect_exit "requests with 先于 import" 0 "$DUIJIE" import "$T/ord.csv" --type requests --db "$T/ord.db"
expect_exit "export requests with 先于" 0 "$DUIJIE" export requests --db "$T/ord.db"
grep -q "先于" "$T/out" && grep -q "接受,,,,$OZN" "$T/out" && ok "export writes 先于" || not_ok "export writes 先于" "$(grep "$OYN" "$T/out" | head -2)"
expect_exit "schedule with an order" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --db "$T/ord.db"
OSLOT="select s.seq from meetings m join event_slots s on s.id=m.slot_id where m.event_id=$E and m.status='scheduled' and ((m.a_id=%s and m.b_id=%s) or (m.a_id=%s and m.b_id=%s))"
# shellcheck disable=SC2059
SY=$(q "$T/ord.db" "$(printf "$OSLOT" "$OX" "$OY" "$OY" "$OX")")
# shellcheck disable=SC2059
SZ=$(q "$T/ord.db" "$(printf "$OSLOT" "$OX" "$OZ" "$OZ" "$OX")")
[ "$SZ" = 2 ] && [ "$SY" = 1 ] && ok "先于: $OXN meets $OYN (slot $SY) before $OZN (slot $SZ)" || not_ok "先于 orders the two meetings" "Y $SY Z $SZ"
printf '活动,发起方,对方,意愿,状态,指定时段,先于\n%s,%s,%s,必须,接受,1,\n%s,%s,%s,希望,接受,,%s\n' "$EV" "$OXN" "$OZN" "$EV" "$OXN" "$OYN" "$OZN" >"$T/ord2.csv"
expect_exit "pin the later meeting to slot 1, the earlier one only wanted" 0 "$DUIJIE" import "$T/ord2.csv" --type requests --db "$T/ord.db"
expect_exit "schedule with an order that cannot hold" 0 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --json --db "$T/ord.db"
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
u=[x for x in d["unscheduled_requests"] if x["from"]==sys.argv[2] and x["to"]==sys.argv[3]]
assert len(u)==1 and "先于" in u[0]["reason"], (u, [x for x in d["unscheduled_requests"] if x["from"].startswith("先于")])' "$T/out" "$OXN" "$OYN" \
    && ok "a meeting with no slot before its successor stays out, and the report says so" || not_ok "the report names the order" "$(head -c 500 "$T/out")"

# --- refusal is atomic ------------------------------------------------------------------
cp "$db" "$T/clash.db"
q "$T/clash.db" "insert into meetings (event_id, a_id, b_id, slot_id, table_id, locked, status)
  select event_id, a_id, (select id from participants where event_id=$E and id not in (m.a_id, m.b_id) order by id limit 1), slot_id, null, 1, 'scheduled'
  from meetings m where event_id=$E and status='held' order by id limit 1"
d1=$(db_digest "$T/clash.db")
expect_exit "clashing kept meetings are refused (1)" 1 "$DUIJIE" event schedule "$EV" "${RUN[@]}" --db "$T/clash.db"
grep -q "clash" "$T/err" && ok "the refusal says why" || not_ok "the refusal says why" "$(cat "$T/err")"
[ "$(db_digest "$T/clash.db")" = "$d1" ] && ok "a refused schedule writes nothing" || not_ok "a refused schedule writes nothing"

# --- an imported meeting never puts a participant or a table in one slot twice ---
# (the demo's first held meeting: its parties and table, its slot)
cp "$db" "$T/imp.db"
IFS='|' read -r MA MB MS MT < <(q "$T/imp.db" "select oa.name, ob.name, s.seq, t.label from meetings m
  join participants pa on pa.id=m.a_id join orgs oa on oa.id=pa.org_id
  join participants pb on pb.id=m.b_id join orgs ob on ob.id=pb.org_id
  join event_slots s on s.id=m.slot_id join event_tables t on t.id=m.table_id
  where m.event_id=$E and m.status='held' order by m.id limit 1")
OTHER=$(q "$T/imp.db" "select o.name from participants p join orgs o on o.id=p.org_id where p.event_id=$E
  and p.id not in (select a_id from meetings where event_id=$E and slot_id=(select id from event_slots where event_id=$E and seq=$MS))
  and p.id not in (select b_id from meetings where event_id=$E and slot_id=(select id from event_slots where event_id=$E and seq=$MS))
  order by p.id limit 2" | paste -sd,)
O1=${OTHER%%,*}; O2=${OTHER#*,}
d2=$(db_digest "$T/imp.db")
printf '活动,甲方,乙方,时段\n%s,%s,%s,%s\n' "$EV" "$MA" "$O1" "$MS" >"$T/meetings.csv"
expect_exit "a meeting that double-books a participant is refused (1)" 1 "$DUIJIE" import --db "$T/imp.db" "$T/meetings.csv"
grep -q "meetings.csv:2: field 甲方.*'$MA' already has meeting #[0-9]* in slot $MS" "$T/err" && ok "the refusal names line, field, participant and slot" || not_ok "the refusal names line, field, participant and slot" "$(cat "$T/err")"
printf '活动,甲方,乙方,时段,桌号\n%s,%s,%s,%s,%s\n' "$EV" "$O1" "$O2" "$MS" "$MT" >"$T/meetings.csv"
expect_exit "a meeting at a table taken in that slot is refused (1)" 1 "$DUIJIE" import --db "$T/imp.db" "$T/meetings.csv"
grep -q "field 桌号.*table '$MT' already has meeting" "$T/err" && ok "the refusal names the table" || not_ok "the refusal names the table" "$(cat "$T/err")"
[ "$(db_digest "$T/imp.db")" = "$d2" ] && ok "refused meeting imports write nothing" || not_ok "refused meeting imports write nothing"
printf '活动,甲方,乙方,时段,状态\n%s,%s,%s,%s,取消\n' "$EV" "$MA" "$O1" "$MS" >"$T/meetings.csv"
expect_exit "a cancelled meeting in that slot is accepted" 0 "$DUIJIE" import --db "$T/imp.db" "$T/meetings.csv"
n0=$(q "$T/imp.db" "select count(*) from meetings where event_id=$E")
printf '活动,甲方,乙方,时段,桌号,状态,评分\n%s,%s,%s,%s,%s,已举行,3\n' "$EV" "$MB" "$MA" "$MS" "$MT" >"$T/meetings.csv"
expect_exit "the same meeting with its parties swapped is accepted" 0 "$DUIJIE" import --db "$T/imp.db" "$T/meetings.csv"
[ "$(q "$T/imp.db" "select count(*) from meetings where event_id=$E")" = "$n0" ] && ok "... and updates that meeting (no second row)" || not_ok "... and updates that meeting (no second row)"
[ "$(q "$T/imp.db" "select m.rating from meetings m join event_slots s on s.id=m.slot_id join event_tables t on t.id=m.table_id
  where m.event_id=$E and s.seq=$MS and t.label='$MT' and m.status='held'")" = 3 ] && ok "... whose rating is now 3" || not_ok "... whose rating is now 3"
# a row updates only the columns it names: 活动,甲方,乙方,时段,锁定 locks the held meeting
# and keeps its table, status and rating (they were cleared: table NULL, scheduled, no rating)
HELD="select coalesce(m.table_id,''), m.status, coalesce(m.rating,''), m.locked from meetings m join event_slots s on s.id=m.slot_id where m.event_id=$E and m.status='held' and m.rating=3 and s.seq=$MS"
q "$T/imp.db" "update meetings set locked=0 where event_id=$E and status='held' and rating=3"
h0=$(q "$T/imp.db" "$HELD")
printf '活动,甲方,乙方,时段,锁定\n%s,%s,%s,%s,是\n' "$EV" "$MA" "$MB" "$MS" >"$T/lock.csv"
expect_exit "a meetings row that only locks" 0 "$DUIJIE" import --db "$T/imp.db" "$T/lock.csv"
[ -n "$h0" ] && [ "$(q "$T/imp.db" "$HELD")" = "${h0%|0}|1" ] \
    && ok "... locks it and keeps its table, status and rating" || not_ok "... locks it and keeps the rest" "$h0 / $(q "$T/imp.db" "$HELD")"
# a pair with a cancelled and a held meeting in one slot: exporting the meetings and
# importing the file back, twice, changes nothing (each row names its meeting by 编号;
# matched by pair and slot, the 取消 row cancelled the held meeting)
q "$T/imp.db" "insert into meetings (event_id, a_id, b_id, slot_id, status) select event_id, a_id, b_id, slot_id, 'cancelled' from meetings where event_id=$E and status='held' and rating=3"
MEET="select id, a_id, b_id, slot_id, coalesce(table_id,''), locked, status, coalesce(rating,'') from meetings where event_id=$E order by id"
q "$T/imp.db" "$MEET" >"$T/meet.before"
for i in 1 2; do
    "$DUIJIE" export meetings --format csv -o "$T/meet$i.csv" --db "$T/imp.db" >/dev/null
    "$DUIJIE" import --db "$T/imp.db" "$T/meet$i.csv" >/dev/null 2>&1
done
q "$T/imp.db" "$MEET" >"$T/meet.after"
diff "$T/meet.before" "$T/meet.after" >/dev/null && ok "meetings export + import, twice, changes nothing" || not_ok "meetings export + import, twice, changes nothing" "$(diff "$T/meet.before" "$T/meet.after" | head -6)"
