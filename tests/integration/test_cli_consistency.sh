#!/bin/bash
# One behaviour across the commands: arguments are checked before the
# database is opened (a usage error is 2 and touches no file), options may
# come before or after a subcommand, and a record that is not there is
# named the same way everywhere.
. "$(dirname "$0")/lib.sh"
db="$T/c.db"
"$DUIJIE" init --db "$db" >/dev/null || { not_ok "init"; exit 1; }

err_has() { grep -qF -- "$2" "$T/err" && ok "$1" || not_ok "$1" "stderr: $(head -c 400 "$T/err")"; }
absent() { [ ! -e "$2" ] && ok "$1" || not_ok "$1" "$2 was created"; }

# ---- arguments before the database
for freq in abc 0 1x 1000000000001 " 5"; do
    expect_exit "dict add WORD '$freq' is a usage error (2)" 2 "$DUIJIE" dict add 好词 "$freq" --db "$db"
    err_has "dict add WORD '$freq': names FREQ and the value" "FREQ '$freq'"
done
expect_exit "dict add WORD abc on a missing database is still a usage error (2)" 2 "$DUIJIE" dict add 好词 abc --db "$T/none.db"
absent "... and opens no database" "$T/none.db"
expect_exit "dict add WORD 500 (a good FREQ)" 0 "$DUIJIE" dict add 好词 500 --db "$db"
[ "$(sqlite3 "$db" "select freq from dict_terms where word='好词'")" = 500 ] && ok "... is stored" || not_ok "... is stored"

# ---- options before the subcommand, as `project --db X list` takes them
"$DUIJIE" gen event --participants 6 --tables 2 --requests-per 2 --seed 3 >"$T/ev-after.dzn"
expect_exit "gen --seed 3 event ... (options before KIND)" 0 "$DUIJIE" gen --seed 3 --participants 6 event --tables 2 --requests-per 2
cmp -s "$T/out" "$T/ev-after.dzn" && ok "... gives the bytes of gen event ... --seed 3" || not_ok "gen options before KIND: same bytes" "$(diff "$T/out" "$T/ev-after.dzn" | head -5)"
"$DUIJIE" gen listings --count 3 --seed 7 --format csv >"$T/l-after.csv"
expect_exit "gen --count 3 -s 7 --out FILE listings --format csv" 0 "$DUIJIE" gen --count 3 -s 7 --out "$T/l-before.csv" listings --format csv
cmp -s "$T/l-before.csv" "$T/l-after.csv" && ok "... writes the same file" || not_ok "gen listings options before KIND: same bytes"
expect_exit "gen --out listings event ... (a value that names a kind is a value)" 0 "$DUIJIE" gen --out "$T/listings" event --participants 6 --tables 2 --requests-per 2 --seed 3
cmp -s "$T/listings" "$T/ev-after.dzn" && ok "... and the kind is event" || not_ok "gen --out listings event"
expect_exit "gen --seed 3 frob is a usage error (2)" 2 "$DUIJIE" gen --seed 3 frob
err_has "... naming the kind" "unknown kind 'frob'"
expect_exit "gen --seed 3 (no KIND) is a usage error (2)" 2 "$DUIJIE" gen --seed 3
err_has "... saying KIND is missing" "missing KIND"
expect_exit "gen --bogus listings is a usage error (2)" 2 "$DUIJIE" gen --bogus listings
err_has "... naming the option" "unknown option '--bogus'"
expect_exit "gen --help listings prints the listings usage" 0 "$DUIJIE" gen --help listings
grep -q "usage: duijie gen listings" "$T/out" && ok "... (gen listings --help)" || not_ok "gen --help listings" "$(head -2 "$T/out")"
printf '{"_id":"d1","text":"光模块 耦合 技术"}\n{"_id":"d2","text":"锂电池 隔膜"}\n' >"$T/corpus.jsonl"
printf '{"_id":"q1","text":"光模块"}\n' >"$T/queries.jsonl"
expect_exit "bench --corpus C --queries Q beir --run R (options before beir)" 0 "$DUIJIE" bench --corpus "$T/corpus.jsonl" --queries "$T/queries.jsonl" beir --run "$T/run.txt" --k 5
grep -q '^q1 Q0 d1 1 ' "$T/run.txt" && ok "... writes the run file" || not_ok "bench options before beir: run file" "$(cat "$T/run.txt" 2>/dev/null)"
expect_exit "bench --k 5 beir without --corpus is a usage error (2)" 2 "$DUIJIE" bench --k 5 beir
err_has "... naming what beir needs" "beir needs --corpus, --queries and --run"
expect_exit "bench --k 5 frob is a usage error (2)" 2 "$DUIJIE" bench --k 5 frob
err_has "... naming the benchmark" "unknown benchmark 'frob'"
