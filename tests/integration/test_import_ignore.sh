#!/bin/bash
# import --ignore-column: a spreadsheet's own columns (备注, 序号) are refused
# by default, with a hint, and skipped - values and all - when named, in CSV
# headers and JSON Lines keys, also when the file's type is read from its
# header. A skipped required column is missing; an empty name is a usage error.
. "$(dirname "$0")/lib.sh"
db="$T/i.db"
q() { sqlite3 "$db" "$1"; }

printf '序号,名称,类型,地区,备注\n1,甲公司,企业,450200,老客户\n2,乙公司,高校,450300,\n' >"$T/orgs.csv"
expect_exit "an init" 0 "$DUIJIE" init --db "$db"
before=$(db_digest "$db")
expect_exit "an unknown column is refused" 1 "$DUIJIE" import --db "$db" "$T/orgs.csv"
err_has "... naming it and the option that skips it" "orgs.csv:1: field 序号: unknown column '序号' for orgs (see docs/import.md; --ignore-column '序号' skips it)"
[ "$before" = "$(db_digest "$db")" ] && ok "... and nothing is written" || not_ok "a refused import wrote"

expect_exit "--ignore-column 序号 alone still meets 备注" 1 "$DUIJIE" import --db "$db" --ignore-column 序号 "$T/orgs.csv"
err_has "... which is named" "unknown column '备注'"
expect_exit "--ignore-column 序号 --ignore-column 备注 imports" 0 "$DUIJIE" import --db "$db" --ignore-column 序号 --ignore-column 备注 "$T/orgs.csv"
[ "$(q "select name || ' ' || kind || ' ' || region from orgs order by name")" = "乙公司 university 450300
甲公司 enterprise 450200" ] && ok "... the other columns as given" || not_ok "values after skipping" "$(q "select * from orgs")"
sqlite3 "$db" .dump | grep -q 老客户 && not_ok "a skipped value was stored" || ok "... and the skipped values are stored nowhere"

printf '序号,名称,类型,地区,备注\n3,丙公司,企业,450200,\n' >"$T/orgs2.csv"
expect_exit "a list with a full-width comma: --ignore-column '备注，序号'" 0 "$DUIJIE" import --db "$db" --ignore-column '备注，序号' "$T/orgs2.csv"
printf '序号,名称,类型,地区,备注\n4,丁公司,企业,450200,\n' >"$T/orgs3.csv"
expect_exit "a list with commas and spaces: --ignore-column ' 序号 , 备注'" 0 "$DUIJIE" import --db "$db" --ignore-column ' 序号 , 备注' "$T/orgs3.csv"
[ "$(q "select count(*) from orgs")" = 4 ] && ok "... both files imported" || not_ok "list forms" "$(q "select name from orgs")"

# the type read from the header: the skipped columns say nothing of it
printf '序号,名称,类型,地区\n5,戊公司,企业,450200\n' >"$T/sheet1.csv"
expect_exit "a file named after no type, typed by its header, with 序号 skipped" 0 "$DUIJIE" import --db "$db" --ignore-column 序号 "$T/sheet1.csv"
grep -q "^orgs " "$T/out" && ok "... is read as orgs" || not_ok "header typing with a skipped column" "$(cat "$T/out" "$T/err")"

# JSON Lines keys
printf '{"名称":"己公司","类型":"企业","地区":"450200","备注":"展会名单"}\n' >"$T/orgs.jsonl"
expect_exit "a JSONL key is refused by default" 1 "$DUIJIE" import --db "$db" "$T/orgs.jsonl"
err_has "... naming the key and the option" "unknown key '备注' for orgs (--ignore-column '备注' skips it)"
expect_exit "... and skipped when named" 0 "$DUIJIE" import --db "$db" --ignore-column 备注 "$T/orgs.jsonl"
[ "$(q "select count(*) from orgs where name = '己公司'")" = 1 ] && ok "... the record is there" || not_ok "jsonl skip"

# a column of the type named is skipped too; a required one is then missing
printf '名称,类型,地区,行业\n庚公司,企业,450200,电子信息\n' >"$T/orgs4.csv"
expect_exit "skipping an optional column of the type (行业)" 0 "$DUIJIE" import --db "$db" --ignore-column 行业 "$T/orgs4.csv"
[ "$(q "select coalesce(industry, '') from orgs where name = '庚公司'")" = "" ] && ok "... leaves it blank" || not_ok "optional column skipped" "$(q "select industry from orgs where name = '庚公司'")"
before=$(db_digest "$db")
expect_exit "skipping a required column (名称)" 1 "$DUIJIE" import --db "$db" --type orgs --ignore-column 名称 "$T/orgs4.csv"
err_has "... says it is missing" "required column 名称"
for bad in '' ',' '备注,' '，备注'; do
    expect_exit "--ignore-column '$bad' is a usage error" 2 "$DUIJIE" import --db "$db" --ignore-column "$bad" "$T/orgs4.csv"
done
err_has "... naming the option" "bad --ignore-column"
[ "$before" = "$(db_digest "$db")" ] && ok "refused imports leave the database as it was" || not_ok "a refused import wrote"
