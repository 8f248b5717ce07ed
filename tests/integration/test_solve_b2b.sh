#!/bin/bash
# duijie event solve-b2b (a fixed interface other tools depend on): the JSON
# keys, one slot per requested row, the schedule checked against the .dzn by
# an independent checker (b2b_check.py: double booking, tables, sessions,
# forbidden and fixed slots, precedences, breaks recomputed, fairness),
# infeasible instances (exit 1, "infeasible": true, "proven"), and the
# errors (usage, missing file, bad file: named with its line).
. "$(dirname "$0")/lib.sh"
CHECK="$DJ_SOURCE_DIR/tests/integration/b2b_check.py"
checked() { # LABEL DZN RESULT_JSON: the independent checker accepts the schedule
    python3 "$CHECK" "$2" "$3" >"$T/why" && ok "$1: the schedule meets every rule of the file" || not_ok "$1: schedule checked" "$(cat "$T/why")" "$(head -c 300 "$3")"
}

cat >"$T/small.dzn" <<'DZN'
% 5 businesses, 5 meetings, 2 tables, 5 slots (3 in the morning)
nBusiness = 5;
nMeetings = 5;
nTables = 2;
nTotalSlots = 5;
nMorningSlots = 3;
requested = [|1, 2, 3
|1, 3, 3
|2, 3, 1
|3, 4, 2
|4, 5, 3|];
forbidden = [{}, {}, {5}, {}, {}];
fixed = [0, 0, 0, 0, 2];
precedences = [{}, {1}, {}, {}, {}];
DZN
expect_exit "solve-b2b on a small instance" 0 "$DUIJIE" event solve-b2b "$T/small.dzn" --time-limit 1 --json
cp "$T/out" "$T/small.json"
checked small "$T/small.dzn" "$T/small.json"
python3 - "$T/small.json" <<'PY' && ok "small: instance named after the file" || not_ok "small: instance name" "$(cat "$T/small.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["instance"] == "small", r
PY
# an iteration budget (not the clock, which a loaded machine may hit first)
"$DUIJIE" event solve-b2b "$T/small.dzn" --iters 20000 --seed 7 --json >"$T/s7a.json"
"$DUIJIE" event solve-b2b "$T/small.dzn" --iters 20000 --seed 7 --json >"$T/s7b.json"
python3 - "$T/s7a.json" "$T/s7b.json" <<'PY' && ok "same seed and iteration budget, same schedule" || not_ok "same seed, same schedule" "$(cat "$T/s7a.json" "$T/s7b.json")"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
a.pop("ms"); b.pop("ms")
assert a == b, (a, b)
PY

# The checker itself must catch a schedule that breaks a rule.
python3 - "$T/small.json" "$T/broken.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["slots"][4] = 3 if r["slots"][4] != 3 else 4   # meeting 5 is fixed to slot 2
json.dump(r, open(sys.argv[2], "w"))
PY
if python3 "$CHECK" "$T/small.dzn" "$T/broken.json" >"$T/why"; then not_ok "the checker rejects a moved fixed meeting"
else grep -q "fixed to 2" "$T/why" && ok "the checker rejects a moved fixed meeting" || not_ok "the checker names the rule" "$(cat "$T/why")"; fi

# duijie's extensions (optional meetings, meeting limits, booths): a generated
# event, solved and checked; and the checker's own extension rules.
"$DUIJIE" gen event --participants 40 --slots 10 --tables 8 --requests-per 4 --seed 5 --must-pct 40 --booth-pct 20 --out "$T/gen.dzn"
expect_exit "solve-b2b on a generated event (weights, limits, booths)" 0 "$DUIJIE" event solve-b2b "$T/gen.dzn" --iters 20000 --json
cp "$T/out" "$T/gen.json"
checked "generated event" "$T/gen.dzn" "$T/gen.json"
cat >"$T/ext.dzn" <<'DZN'
nBusiness = 5; nMeetings = 4; nTables = 1; nTotalSlots = 2; nMorningSlots = 1;
requested = [|1, 2, 3 |3, 4, 3 |1, 5, 3 |4, 5, 3|];
weight = [10, 10, 10, 10];
maxMeetings = [0, 0, 0, 0, 1];
booth = [1, 0, 0, 0, 0];
DZN
ext_case() { # NAME SLOTS WANT(ok|RULE TEXT)
    printf '{"instance":"ext","meetings":%s,"breaks":0,"max_breaks":0,"min_breaks":0,"lower_bound":0,"ms":1,"slots":[%s]}\n' "$(echo "$2" | tr ',' '\n' | grep -vc '^0$')" "$2" >"$T/ext.json"
    if python3 "$CHECK" "$T/ext.dzn" "$T/ext.json" >"$T/why"; then
        [ "$3" = ok ] && ok "checker: $1" || not_ok "checker: $1 (accepted)" "$2"
    else
        grep -q "$3" "$T/why" && ok "checker: $1" || not_ok "checker: $1" "$(cat "$T/why")"
    fi
}
ext_case "a booth meeting takes no table (1-2 at 1's booth, 3-4 at the table)" "1,1,0,0" ok
ext_case "optional meetings may stay out" "0,0,0,0" ok
ext_case "a meeting limit (5 may meet once)" "0,0,1,2" "more than its 1 meetings"
sed -i 's/^booth = .*$/booth = [0, 0, 0, 0, 0];/' "$T/ext.dzn"
ext_case "without the booth, two meetings for the one table" "1,1,0,0" "at the tables"

# Participant 1 has three meetings and there are two slots: a proof.
cat >"$T/tight.dzn" <<'DZN'
nBusiness = 4;
nMeetings = 3;
nTables = 3;
nTotalSlots = 2;
nMorningSlots = 2;
requested = [|1, 2, 3 |1, 3, 3 |1, 4, 3|];
DZN
expect_exit "infeasible instance: exit 1" 1 "$DUIJIE" event solve-b2b "$T/tight.dzn" --time-limit 1 --json
python3 - "$T/out" <<'PY' && ok "infeasible: instance, infeasible, reason naming participant 1, proven" || not_ok "infeasible JSON" "$(cat "$T/out")"
import json, sys
r = json.load(open(sys.argv[1]))
assert set(r) == {"instance", "infeasible", "reason", "proven"}, r
assert r["instance"] == "tight" and r["infeasible"] is True and r["proven"] is True, r
assert "participant 1" in r["reason"], r
PY

# Hard fairness that forces breaks (business 1 has 3, so everyone needs 1):
# the exact search must find a schedule through its fairness bounds.
FF="$DJ_SOURCE_DIR/tests/data/sched/fairness-forced.dzn"
expect_exit "fairness-forced instance: a schedule" 0 "$DUIJIE" event solve-b2b "$FF" --iters 20000 --json
cp "$T/out" "$T/ff.json"
checked fairness-forced "$FF" "$T/ff.json"

expect_exit "solve-b2b without --json is a usage error" 2 "$DUIJIE" event solve-b2b "$T/small.dzn"
expect_exit "solve-b2b of a missing file fails (1)" 1 "$DUIJIE" event solve-b2b "$T/none.dzn" --json
grep -q "none.dzn" "$T/err" && ok "the missing file is named" || not_ok "the missing file is named" "$(cat "$T/err")"
sed 's/nTables = 2;/nTables = two;/' "$T/small.dzn" >"$T/bad.dzn"
expect_exit "solve-b2b of a bad file fails (1)" 1 "$DUIJIE" event solve-b2b "$T/bad.dzn" --json
grep -q "bad.dzn:4" "$T/err" && ok "the bad file's line is named" || not_ok "the bad file's line is named" "$(cat "$T/err")"

# Published instances, when the shared data is here: small ones, so a Debug
# build under load still has the time to find their schedules.
B2B="$DJ_SHARED_DATA/b2b"
if [ -d "$B2B" ]; then
    for name in tic-12.original tic-13crafc.original tic-12crafc.prec15; do
        "$DUIJIE" event solve-b2b "$B2B/$name.dzn" --time-limit 2 --json >"$T/$name.json" 2>"$T/err"
        checked "$name" "$B2B/$name.dzn" "$T/$name.json"
    done
    expect_exit "tic-12.forb0003: proven infeasible (exit 1)" 1 "$DUIJIE" event solve-b2b "$B2B/tic-12.forb0003.dzn" --time-limit 2 --json
    grep -q '"proven":true' "$T/out" && ok "tic-12.forb0003: proven" || not_ok "tic-12.forb0003: proven" "$(cat "$T/out")"
else
    echo "# SKIP published B2BSP instances: $B2B not found (set DJ_SHARED_DATA)"
fi
