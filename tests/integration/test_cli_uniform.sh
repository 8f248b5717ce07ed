#!/bin/bash
# What every command does the same way: -h is --help in every command and
# subcommand (its usage on stdout, exit 0, nothing on stderr).
. "$(dirname "$0")/lib.sh"

# Every command and its subcommands.
COMMAND_LIST='init
demo
import
export
version
search
match
report
org add show list update
listing add show list update close
event list add solve-b2b schedule publish mark checkin agenda show recommend
project add show list stage progress increase investor correct history
deal add show list
news extract import drafts show accept reject
config list get set reset
dict list add remove import
gen listings event
bench beir'

# ---- -h = --help, for each command and each of its subcommands
while read -r cmd subs; do
    for sub in "" $subs; do
        # shellcheck disable=SC2086
        "$DUIJIE" $cmd $sub --help >"$T/long" 2>"$T/long.err"
        # shellcheck disable=SC2086
        expect_exit "$cmd${sub:+ $sub} -h exits 0" 0 "$DUIJIE" $cmd $sub -h
        if grep -q "^usage: duijie $cmd" "$T/out" && cmp -s "$T/out" "$T/long" && [ ! -s "$T/err" ]; then
            ok "$cmd${sub:+ $sub} -h prints the usage of --help on stdout"
        else
            not_ok "$cmd${sub:+ $sub} -h prints the usage of --help on stdout" "stdout: $(head -c 200 "$T/out")" "stderr: $(head -c 200 "$T/err")"
        fi
    done
done <<<"$COMMAND_LIST"
expect_exit "-h before the subcommand: event -h agenda" 0 "$DUIJIE" event -h agenda
grep -q "^usage: duijie event agenda" "$T/out" && ok "... prints agenda's usage" || not_ok "event -h agenda" "$(head -2 "$T/out")"
expect_exit "-h after '--' is an operand: search -- -h" 1 "$DUIJIE" search --db "$T/none.db" -- -h
err_has "... (the query; the database is missing)" "no database at $T/none.db"

# ---- a command that needs a subcommand or an operand, given none, says
# what is missing in one line and where to look, as org does: exit 2, no
# usage dump (event, gen and bench printed their whole usage on stderr).
# init, demo, version and report run as they are; config and dict alone
# are config list and dict list.
while read -r cmd missing; do
    expect_exit "$cmd without arguments is a usage error (2)" 2 env DUIJIE_DB="$T/none.db" "$DUIJIE" $cmd
    if [ "$(head -1 "$T/err")" = "duijie $cmd: $missing" ] && [ "$(sed -n 2p "$T/err")" = "Try 'duijie $cmd --help'." ] \
        && [ "$(wc -l <"$T/err")" = 2 ] && [ ! -s "$T/out" ]; then
        ok "... says '$missing' and where to look, nothing else"
    else
        not_ok "$cmd without arguments: the message" "stdout: $(head -c 200 "$T/out")" "stderr: $(head -c 300 "$T/err")"
    fi
done <<'MISSING'
org missing subcommand (add, show, list, update)
listing missing subcommand (add, show, list, update, close)
event missing subcommand (list, add, join, request, schedule, agenda, show, publish, mark, checkin, recommend, solve-b2b)
project missing subcommand (add, show, list, stage, progress, increase, investor, correct, history)
deal missing subcommand (add, show, list)
news missing subcommand (extract, import, drafts, show, accept or reject)
gen missing kind (listings or event)
bench missing benchmark (known: beir)
import no files given
export give exactly one TYPE
search give exactly one QUERY (quote it)
match give one LISTING (its id or 编号)
MISSING
expect_exit "event --json without a subcommand: the error as JSON too" 2 "$DUIJIE" event --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "missing subcommand" in d["error"]["message"]' "$T/out" \
    && ok "... on stdout" || not_ok "event --json without a subcommand" "$(cat "$T/out")"
[ ! -e "$T/none.db" ] && ok "... and no database was created" || not_ok "a usage error created $T/none.db"

# ---- '--' ends the options in every command, before the subcommand as
# after it: CMD -- SUB runs SUB, and an option after '--' is an operand
# (a usage error where none is taken), which the error then points out
"$DUIJIE" init --db "$T/dash.db" >/dev/null
while read -r cmd sub; do
    expect_exit "$cmd -- $sub runs $sub" 0 "$DUIJIE" $cmd --db "$T/dash.db" -- $sub
    expect_exit "$cmd -- $sub --json: --json is an operand there (2)" 2 "$DUIJIE" $cmd --db "$T/dash.db" -- $sub --json
    [ ! -s "$T/out" ] && [ "$(sed -n 2p "$T/err")" = "duijie $cmd: '--json' follows '--', which ends the options: it was read as an operand" ] \
        && [ "$(sed -n 3p "$T/err")" = "Try 'duijie $cmd --help'." ] && ok "... and the error says why" \
        || not_ok "$cmd -- $sub --json: the note" "stdout: $(head -c 200 "$T/out")" "stderr: $(cat "$T/err")"
done <<'DASHES'
org list
listing list
event list
project list
deal list
news drafts
config list
dict list
DASHES
expect_exit "gen --count 1 -- listings runs listings" 0 "$DUIJIE" gen --count 1 -- listings
expect_exit "gen -- listings --count 1: --count is an operand there (2)" 2 "$DUIJIE" gen -- listings --count 1
err_has "... and the error says why" "duijie gen: '--count' follows '--', which ends the options: it was read as an operand"
expect_exit "event --db DB -- agenda EV --json (2)" 2 "$DUIJIE" event --db "$T/dash.db" -- agenda EV --json
err_has "... says why" "'--json' follows '--'"
expect_exit "search --db DB -- --json: a query, not a usage error" 0 "$DUIJIE" search --db "$T/dash.db" -- --json
! grep -q "follows '--'" "$T/err" && ok "... and no note" || not_ok "search -- --json: a note" "$(cat "$T/err")"

# ---- gen: one prefix for both kinds (gen listings said 'duijie gen listings:')
while read -r args; do
    # shellcheck disable=SC2086
    expect_exit "gen $args is a usage error (2)" 2 "$DUIJIE" gen $args
    head -1 "$T/err" | grep -q "^duijie gen: bad --" && grep -qx "Try 'duijie gen --help'." "$T/err" \
        && ok "gen $args: says 'duijie gen: bad --...' and 'Try duijie gen --help'" || not_ok "gen $args: the prefix" "$(cat "$T/err")"
done <<'ARGS'
listings --count x
listings --seed -1
listings --orgs 0
listings --format xml
event --participants x --tables 2 --requests-per 1
ARGS
expect_exit "gen listings --out into a missing directory fails (1)" 1 "$DUIJIE" gen listings --count 1 --out "$T/missing/l.jsonl"
err_has "... as 'duijie gen: cannot write'" "duijie gen: cannot write $T/missing/l.jsonl"
expect_exit "gen event --out into a missing directory fails (1)" 1 "$DUIJIE" gen event --participants 6 --tables 2 --requests-per 2 --out "$T/missing/e.dzn"
if [ "$(cat "$T/err")" = "duijie gen: cannot write $T/missing/e.dzn: No such file or directory" ]; then
    ok "... as one line naming the file"
else
    not_ok "gen event --out a missing directory: the message" "$(cat "$T/err")"
fi
# a generator that cannot finish leaves the file that was there (it removed it)
for kind in "listings --count 20000" "event --participants 3000 --tables 200 --requests-per 20"; do
    echo old >"$T/keep.out"
    # shellcheck disable=SC2086
    (ulimit -f 4; "$DUIJIE" gen $kind --out "$T/keep.out" >/dev/null 2>"$T/err"); rc=$?
    [ "$rc" = 1 ] && [ "$(cat "$T/keep.out")" = old ] && [ "$(ls "$T" | grep -c '^keep.out')" = 1 ] \
        && ok "gen ${kind%% *} over a file, cut short by ulimit -f: the old file stays, no temporary file" \
        || not_ok "gen ${kind%% *} cut short" "exit $rc" "$(cat "$T/keep.out" | head -c 100)" "$(ls "$T" | grep keep)"
done

# ---- every option a command accepts is in its usage: the long options of
# the getopt_long tables in its source files and the letters of its short
# option strings, against what --help prints for it and its subcommands
SRC="$DJ_SOURCE_DIR/src/cli"
while read -r cmd files; do
    subs=$(sed -n "s/^$cmd //p" <<<"$COMMAND_LIST")
    help=$(for s in "" $subs; do "$DUIJIE" $cmd $s --help; done 2>&1)
    # shellcheck disable=SC2086
    longs=$(cd "$SRC" && grep -ho '{"[a-z0-9-]*", *\(required\|no\)_argument' $files | sed 's/{"\([^"]*\)".*/\1/' | sort -u)
    # shellcheck disable=SC2086
    shorts=$(cd "$SRC" && grep -ho 'getopt_long(argc, argv, "[^"]*"\|_shortopts\[\] = "[^"]*"\|SHORTOPTS "[^"]*"' $files | sed 's/.*"\([^"]*\)"$/\1/' | tr -d ':' | fold -w1 | sort -u)
    missing=""
    for o in $longs; do
        [ "$o" = help ] && continue
        grep -q -- "--$o\b" <<<"$help" || missing="$missing --$o"
    done
    for o in $shorts; do
        grep -q -- "-$o\b" <<<"$help" || missing="$missing -$o"
    done
    [ -z "$missing" ] && ok "$cmd: every option it takes is in its usage" || not_ok "$cmd: options missing from its usage:$missing"
done <<'FILES'
init cmd_init.c
demo cmd_demo.c
import cmd_import.c
export cmd_export.c
search cmd_search.c
match cmd_match.c
report cmd_report.c
org cli_records.c
listing cli_records.c
event cmd_event.c event_day.c event_recommend.c cli_records.c
project cmd_project.c
deal cmd_deal.c
news cmd_news.c
config cli_app.c
dict cli_app.c
gen cmd_gen.c gen_listings.c gen_event.c
bench cmd_bench.c
FILES
grep -c "duijie config .*--json" <(DUIJIE_DB= "$DUIJIE" config --help) | grep -qx 4 && ok "config --help: each verb takes --json" || not_ok "config --help: each verb takes --json"
grep -c "duijie dict .*--json" <(DUIJIE_DB= "$DUIJIE" dict --help) | grep -qx 4 && ok "dict --help: each verb takes --json" || not_ok "dict --help: each verb takes --json"

# ---- news took -j for --json, which no other command and not its usage knows
expect_exit "news -j is no option (2)" 2 "$DUIJIE" news drafts -j --db "$T/none.db"
err_has "... named as such" "unknown option '-j'"
expect_exit "event solve-b2b --help" 0 "$DUIJIE" event solve-b2b --help
[ "$(head -1 "$T/out")" = "usage: duijie event solve-b2b FILE.dzn [--time-limit SEC] [--seed N] [--iters N]" ] && ! grep -q 'event agenda' "$T/out" \
    && ok "... is solve-b2b's own usage, not the whole event usage" || not_ok "event solve-b2b --help" "$(head -3 "$T/out")"
