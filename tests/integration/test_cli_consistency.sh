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
