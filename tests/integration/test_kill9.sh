#!/bin/bash
# kill -9 during a large import leaves the database as it was before the
# import or as it is after it, never in between. The import is killed at
# several moments; every outcome must be one of the two states, at least
# one kill must land while the import is running (and give "before"), and
# one run that finishes gives "after".
. "$(dirname "$0")/lib.sh"
db="$T/k.db"
"$DUIJIE" import --db "$db" "$FIX/orgs.csv" >/dev/null || { not_ok "base import"; exit 1; }
before=$(db_digest "$db")
cp "$db" "$T/base.db"

# A large, valid listings file (60,000 rows).
awk 'BEGIN {
    print "编号,机构,供需,类别,标题,内容,关键词,成熟度,价格下限,价格上限,地区"
    for (i = 1; i <= 60000; i++)
        printf "K-%06d,桂林电子科技大学,%s,技术成果,批量导入测试成果%d,用于验证崩溃一致性的第%d条成果描述，包含足够长的正文。,测试;导入,%d,%d万,%d万,450300\n",
            i, (i % 2 ? "供给" : "需求"), i, i, (i % 9) + 1, i % 50, (i % 50) + 10
}' >"$T/listings.csv"

# The finished import gives the "after" state.
cp "$T/base.db" "$T/after.db"
"$DUIJIE" import --db "$T/after.db" "$T/listings.csv" >/dev/null || not_ok "full import"
after=$(db_digest "$T/after.db")
n_after=$(sqlite3 "$T/after.db" "select count(*) from listings")
[ "$n_after" = 60000 ] && ok "full import loads every row" || not_ok "full import loads every row" "$n_after"

mid=0
for delay in 0.2 0.5 1 1.5 2 3; do
    rm -f "$db" "$db-wal" "$db-shm"
    cp "$T/base.db" "$db"
    "$DUIJIE" import --db "$db" "$T/listings.csv" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -0 "$pid" 2>/dev/null; then running=1; else running=0; fi
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    state=$(db_digest "$db")
    check=$(sqlite3 "$db" "pragma integrity_check")
    if [ "$check" != ok ]; then not_ok "kill after ${delay}s: integrity" "$check"; continue; fi
    if [ "$state" = "$before" ]; then
        [ "$running" = 1 ] && mid=$((mid + 1))
        ok "kill -9 after ${delay}s: database as before the import"
    elif [ "$state" = "$after" ]; then
        ok "kill -9 after ${delay}s: database as after the import"
    else
        not_ok "kill -9 after ${delay}s: database in between" \
            "listings: $(sqlite3 "$db" 'select count(*) from listings')"
    fi
done
[ "$mid" -ge 1 ] && ok "at least one kill landed mid-import ($mid)" || not_ok "at least one kill landed mid-import" "import too fast for the delays"
