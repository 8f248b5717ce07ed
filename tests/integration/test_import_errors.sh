#!/bin/bash
# Every import error class rejects the whole file, leaves the database
# byte-for-byte as it was, and names file, line, field and reason.
. "$(dirname "$0")/lib.sh"
db="$T/err.db"
"$DUIJIE" import --db "$db" "$FIX/orgs.csv" "$FIX/listings.csv" >/dev/null || { not_ok "fixture import"; exit 1; }
before=$(db_digest "$db")

# bad_import NAME FILE TYPE LINE FIELD REASON-REGEX
bad_import() {
    local name="$1" file="$2" type="$3" line="$4" field="$5" reason="$6"
    expect_exit "$name: exit 1" 1 "$DUIJIE" import --db "$db" --type "$type" "$FIX/bad/$file"
    local err; err=$(cat "$T/err")
    if echo "$err" | grep -q "$file:$line:" && echo "$err" | grep -q "field $field" \
        && echo "$err" | grep -Eq "$reason"; then ok "$name: error names file:line, field and reason"
    else not_ok "$name: error names file:line, field and reason" "$err"; fi
    [ "$(db_digest "$db")" = "$before" ] && ok "$name: database unchanged" || not_ok "$name: database unchanged"
}

bad_import "invalid UTF-8" orgs_bad_utf8.csv orgs 3 名称 "UTF-8|GB18030"
bad_import "unknown enum" orgs_bad_enum.csv orgs 3 类型 "unknown value '外星机构' \\(one of 企业, 高校, 科研院所"
bad_import "bad USCC checksum" orgs_bad_uscc.csv orgs 3 统一社会信用代码 "checksum"
bad_import "unknown region" orgs_bad_region.csv orgs 3 地区 "unknown region code '999999'"
bad_import "negative money" listings_bad_money.csv listings 3 价格下限 "negative amount"
bad_import "text over its limit" listings_bad_length.csv listings 3 标题 "longer than its limit"

# A good file and a bad file in one import: nothing of the good one stays.
expect_exit "good + bad files: exit 1" 1 "$DUIJIE" import --db "$db" "$FIX/orgs.csv" "$T/../$(basename "$T")/x" 2>/dev/null
printf '名称,类型,地区\n新机构,企业,450300\n' >"$T/orgs.csv"
printf '编号,机构,供需,类别,标题,内容\nZ-1,不存在的机构,供给,专利,标题,内容\n' >"$T/listings.csv"
expect_exit "valid orgs + listing with unknown org: exit 1" 1 "$DUIJIE" import --db "$db" "$T/orgs.csv" "$T/listings.csv"
grep -q "unknown organisation '不存在的机构'" "$T/err" && ok "unknown reference is named" || not_ok "unknown reference is named" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$before" ] && ok "multi-file import is all or nothing" || not_ok "multi-file import is all or nothing"

printf '名称,类型,地区,颜色\n新机构,企业,450300,红\n' >"$T/orgs.csv"
expect_exit "unknown column: exit 1" 1 "$DUIJIE" import --db "$db" "$T/orgs.csv"
grep -q "unknown column '颜色'" "$T/err" && ok "unknown column is named" || not_ok "unknown column is named" "$(cat "$T/err")"
printf '{"name":"新机构","kind":"enterprise","region":"450300"}\n{"name":"坏","kind":"robot","region":"450300"}\n' >"$T/orgs.jsonl"
expect_exit "JSONL bad enum: exit 1" 1 "$DUIJIE" import --db "$db" "$T/orgs.jsonl"
grep -q "orgs.jsonl:2: field 类型" "$T/err" && ok "JSONL error names line and field" || not_ok "JSONL error names line and field" "$(cat "$T/err")"
# one column under its English and its Chinese name: refused, not one value kept silently
printf '{"name":"新机构","kind":"enterprise","region":"450300"}\n{"name":"两个名称","名称":"另一个","kind":"enterprise","region":"450300"}\n' >"$T/dup.jsonl"
expect_exit "JSONL column twice (name, 名称): exit 1" 1 "$DUIJIE" import --db "$db" --type orgs "$T/dup.jsonl"
grep -q "dup.jsonl:2: field 名称: column 名称 appears twice" "$T/err" && ok "JSONL column twice is named" || not_ok "JSONL column twice is named" "$(cat "$T/err")"
# a JSONL file is told by the keys of its first line, also when that line is over 64 KiB
# (a listing body of 20,000 four-byte characters)
python3 -c 'import json; print(json.dumps({"code":"LONG-1","org":"桂林电子科技大学","side":"供给","kind":"专利","title":"长文","body":"\U00020000"*20000}, ensure_ascii=False))' >"$T/long.jsonl"
cp "$db" "$T/long.db"
expect_exit "JSONL with a first line over 64 KiB imports without --type" 0 "$DUIJIE" import --db "$T/long.db" "$T/long.jsonl"
# an XLSX workbook is named as such (it was "text is neither UTF-8 nor GB18030/GBK")
"$DUIJIE" export orgs --format xlsx -o "$T/orgs.xlsx" --db "$db" >/dev/null
expect_exit "an XLSX file is refused (1)" 1 "$DUIJIE" import --db "$db" --type orgs "$T/orgs.xlsx"
grep -q "an XLSX or other zip file" "$T/err" && ok "... saying it is XLSX and what import reads" || not_ok "... saying it is XLSX" "$(cat "$T/err")"
cp "$T/orgs.xlsx" "$T/sheet.xlsx" # a name that tells no type: not "unknown record type"
expect_exit "an XLSX file named for no type is refused (1)" 1 "$DUIJIE" import --db "$db" "$T/sheet.xlsx"
grep -q "sheet.xlsx: an XLSX or other zip file" "$T/err" && ok "... saying it is XLSX, not that its type is unknown" || not_ok "... XLSX without a type" "$(cat "$T/err")"
# a line of spaces and tabs is skipped like an empty one (not "not a JSON object")
printf '{"name":"空行前","kind":"enterprise","region":"450300"}\n \t \n\n{"name":"空行后","kind":"enterprise","region":"450300"}\n' >"$T/blank.jsonl"
cp "$db" "$T/blank.db"
expect_exit "JSONL with a blank line of spaces imports" 0 "$DUIJIE" import --db "$T/blank.db" --type orgs "$T/blank.jsonl"
[ "$(db_digest "$db")" = "$before" ] && ok "database unchanged after every rejected import" || not_ok "database unchanged after every rejected import"

# What a spreadsheet leaves in a CSV: empty names after the last column, empty
# cells after the last value, rows of only commas (cleared cells) and an
# empty column in the middle are blank, not errors; a value under a column
# without a name is refused, naming the column.
printf '名称,类型,,地区,,\n表格甲,企业,,450300,,\n,,,,,\n表格乙,企业, ,450300,,\n,,\n' >"$T/sheet-orgs.csv"
cp "$db" "$T/sheet.db"
expect_exit "a CSV as a spreadsheet saves it imports" 0 "$DUIJIE" import --db "$T/sheet.db" "$T/sheet-orgs.csv"
[ "$(sqlite3 "$T/sheet.db" "select group_concat(name) from (select name from orgs where name like '表格%' order by name)")" = "表格乙,表格甲" ] \
    && ok "... the two organisations, nothing from the blank rows" || not_ok "... spreadsheet CSV" "$(cat "$T/out" "$T/err")"
printf '名称,类型,,地区\n表格丙,企业,备注,450300\n' >"$T/unnamed-orgs.csv"
cp "$T/sheet.db" "$T/sheet2.db"
expect_exit "a value under a column without a name is refused (1)" 1 "$DUIJIE" import --db "$T/sheet2.db" "$T/unnamed-orgs.csv"
grep -q "unnamed-orgs.csv:2: column 3 has no name in the header but holds '备注'" "$T/err" && ok "... naming line, column and value" || not_ok "... unnamed column with a value" "$(cat "$T/err")"
[ "$(db_digest "$T/sheet2.db")" = "$(db_digest "$T/sheet.db")" ] && ok "... and leaves the database as it was" || not_ok "... unnamed column: database changed"

# A region by its name or in full-width digits, as staff type it; a name two
# regions share is refused with both codes; list filters take names too.
printf '名称,类型,地区\n地名甲,企业,南宁市\n地名乙,企业,桂林\n地名丙,企业,４５０１００\n' >"$T/region-orgs.csv"
expect_exit "regions by name and in full-width digits import" 0 "$DUIJIE" import --db "$T/sheet.db" "$T/region-orgs.csv"
[ "$(sqlite3 "$T/sheet.db" "select group_concat(region) from (select region from orgs where name like '地名%' order by name)")" = "450100,450300,450100" ] \
    && ok "... stored as their codes" || not_ok "... region names" "$(sqlite3 "$T/sheet.db" "select name, region from orgs where name like '地名%'")"
printf '名称,类型,地区\n地名丁,企业,朝阳区\n' >"$T/shared-name-orgs.csv"
expect_exit "a region name two regions share is refused (1)" 1 "$DUIJIE" import --db "$T/sheet.db" "$T/shared-name-orgs.csv"
grep -q "shared-name-orgs.csv:2: field 地区: '朝阳区' names 2 regions; give the code: 110105 北京市朝阳区, 220104 长春市朝阳区" "$T/err" \
    && ok "... naming both codes" || not_ok "... shared region name" "$(cat "$T/err")"
expect_exit "org list 地区=南宁 (a name as a filter)" 0 "$DUIJIE" org list 地区=南宁 --db "$T/sheet.db" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert sorted(o["name"] for o in d)==["地名丙","地名甲"], d' "$T/out" \
    && ok "... lists 南宁市's organisations" || not_ok "... region name filter" "$(cat "$T/out")"

# A file not named after its type: the header says which type it is, when
# exactly one type fits; otherwise the error names the closest type and why.
printf '编号,机构,供需,类别,标题,内容\nZ-2,桂林电子科技大学,供给,专利,标题,内容\n' >"$T/2024年供需清单.csv"
printf '{"name":"头部推断机构","kind":"enterprise","region":"450300"}\n' >"$T/new-orgs.jsonl"
db2="$T/infer.db"
"$DUIJIE" import --db "$db2" "$FIX/orgs.csv" >/dev/null
expect_exit "type from the CSV header and from JSON keys" 0 "$DUIJIE" import --db "$db2" "$T/2024年供需清单.csv" "$T/new-orgs.jsonl"
[ "$(sqlite3 "$db2" "select count(*) from listings where code='Z-2'")" = 1 ] && [ "$(sqlite3 "$db2" "select count(*) from orgs where name='头部推断机构'")" = 1 ] \
    && ok "header-inferred files land as listings and orgs" || not_ok "header-inferred files land as listings and orgs" "$(cat "$T/out" "$T/err")"
printf '编号,机构,供需,类别,标题,内容,预算\nZ-3,桂林电子科技大学,供给,专利,标题,内容,1\n' >"$T/清单.csv"
expect_exit "header fitting no type: exit 1" 1 "$DUIJIE" import --db "$db" "$T/清单.csv"
grep -q "closest: listings, which has no column '预算'" "$T/err" && ok "the closest type and the column that does not fit are named" || not_ok "closest type named" "$(cat "$T/err")"
printf '编号,机构,供需,类别,内容\n' >"$T/清单2.csv"
expect_exit "header missing a required column: exit 1" 1 "$DUIJIE" import --db "$db" "$T/清单2.csv"
grep -q "closest: listings, which needs column 标题" "$T/err" && ok "the missing required column is named" || not_ok "missing required column named" "$(cat "$T/err")"
# ... and in a file named for its type, on the header's line (not the first row's)
printf '编号,机构,供需,类别,内容\nZ-9,桂林电子科技大学,供给,专利,内容\n' >"$T/listings.csv"
expect_exit "listings.csv without 标题: exit 1" 1 "$DUIJIE" import --db "$db" "$T/listings.csv"
grep -q "listings.csv:1: field 标题: required column 标题 (title) is missing from the header" "$T/err" \
    && ok "... named on line 1, the header" || not_ok "... missing column on the header line" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$before" ] && ok "database unchanged after the rejected header imports" || not_ok "database unchanged after the rejected header imports"
cp "$T/2024年供需清单.csv" "$T/any-name.csv"
sed -i 's/Z-2/Z-4/' "$T/any-name.csv"
expect_exit "--type by its Chinese name" 0 "$DUIJIE" import --db "$db2" --type 供需 "$T/any-name.csv"
[ "$(sqlite3 "$db2" "select count(*) from listings where code='Z-4'")" = 1 ] && ok "--type 供需 imports listings" || not_ok "--type 供需 imports listings" "$(cat "$T/err")"

# Control characters (an ESC sequence would reach the terminal of whoever searches) are refused.
printf '名称,类型,地区\n正常机构,企业,450300\n终端\033[2J机构,企业,450300\n' >"$T/orgs_ctl.csv"
expect_exit "a control character in a name: exit 1" 1 "$DUIJIE" import --db "$db" "$T/orgs_ctl.csv"
grep -q "orgs_ctl.csv:3: field 名称.*control character U+001B" "$T/err" && ok "the error names line, field and the character" || not_ok "control character error" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$before" ] && ok "database unchanged after the control character" || not_ok "database changed after the control character"

# A constraint the database checks is named like any other rule: column and reason,
# not SQLite's own words (UNIQUE constraint failed: orgs.uscc).
u=$(sqlite3 "$db" "select uscc from orgs where uscc is not null limit 1")
owner=$(sqlite3 "$db" "select name from orgs where uscc='$u'")
printf '名称,类型,地区,统一社会信用代码\n另一家公司,企业,450300,%s\n' "$u" >"$T/orgs_uscc.csv"
expect_exit "a USCC another organisation holds: exit 1" 1 "$DUIJIE" import --db "$db" "$T/orgs_uscc.csv"
grep -q "orgs_uscc.csv:2: field 统一社会信用代码: $u already belongs to '$owner'" "$T/err" \
    && ok "the duplicate USCC error names its owner" || not_ok "the duplicate USCC error names its owner" "$(cat "$T/err")"
id=$(sqlite3 "$db" "select id from listings where price_min is not null limit 1")
expect_exit "a 价格上限 below the stored 价格下限: exit 1" 1 "$DUIJIE" listing update "$id" 价格上限=1 --db "$db"
grep -q "field 价格下限: 价格下限 and 价格上限 break the rule" "$T/err" && ! grep -q "step:" "$T/err" \
    && ok "a CHECK constraint names the columns" || not_ok "a CHECK constraint names the columns" "$(cat "$T/err")"
expect_exit "所属园区 naming a university: exit 1" 1 "$DUIJIE" org update "$id" 所属园区=桂林电子科技大学 --db "$db"
grep -q "field 所属园区: '桂林电子科技大学' is not a park" "$T/err" && ok "org update: 所属园区 must be a park" \
    || not_ok "org update: 所属园区 must be a park" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$before" ] && ok "database unchanged after the constraint errors" || not_ok "database changed after the constraint errors"

# Line ends of old Mac Excel (CR only) count as lines too; CR LF counts once.
printf '名称,类型,地区\r园区甲,园区,450300\r坏,外星,450300\r' >"$T/cr.csv"
printf '名称,类型,地区\r\n园区甲,园区,450300\r\n坏,外星,450300\r\n' >"$T/crlf.csv"
for f in cr crlf; do
    expect_exit "$f line ends: a bad row fails (1)" 1 "$DUIJIE" import --db "$db" --type orgs "$T/$f.csv"
    grep -q "$f.csv:3: field 类型" "$T/err" && ok "$f line ends: the error names line 3" || not_ok "$f line ends: the error names line 3" "$(cat "$T/err")"
done
# A JSON Lines file with a BOM, and a list given as a long array, load.
printf '\xef\xbb\xbf{"name":"园区丁","kind":"park","region":"450300"}\n' >"$T/bom.jsonl"
kw=$(python3 -c 'print(",".join("\"关键词%d\"" % i for i in range(60)))')
printf '{"code":"J-1","org":"园区丁","side":"supply","kind":"technology","title":"t","body":"b","keywords":[%s]}\n' "$kw" >"$T/long.jsonl"
expect_exit "JSONL with a BOM and a 60-item keyword array" 0 "$DUIJIE" import --db "$T/j.db" --type orgs "$T/bom.jsonl"
expect_exit "JSONL with a 60-item keyword array" 0 "$DUIJIE" import --db "$T/j.db" --type listings "$T/long.jsonl"
[ "$(sqlite3 "$T/j.db" "select keywords like '关键词0;关键词1;%关键词59' from listings where code='J-1'")" = 1 ] \
    && ok "a long keyword array is kept whole" || not_ok "a long keyword array is kept whole"
# A missing file is named as missing, not as of an unknown type.
expect_exit "a missing file fails (1)" 1 "$DUIJIE" import --db "$db" "$T/no-such-file.csv"
grep -q "no-such-file.csv: cannot read: No such file or directory" "$T/err" && ok "a missing file says it cannot be read" \
    || not_ok "a missing file says it cannot be read" "$(cat "$T/err")"
[ "$(db_digest "$db")" = "$before" ] && ok "database unchanged after the line-end and missing-file errors" || not_ok "database changed after the line-end and missing-file errors"

# Parks stay a tree of parks: no park inside itself, no park turned into a company while it has members.
c="$T/cycle.db"
cp "$db" "$c"
expect_exit "a park inside 桂林高新区" 0 "$DUIJIE" org add 名称=桂林分园 类型=园区 地区=450300 所属园区=桂林高新区 --db "$c"
gx=$(sqlite3 "$c" "select id from orgs where name='桂林高新区'"); fy=$(sqlite3 "$c" "select id from orgs where name='桂林分园'")
before_c=$(db_digest "$c")
expect_exit "a park made part of its own member fails (1)" 1 "$DUIJIE" org update "$gx" 所属园区=桂林分园 --db "$c"
grep -q "field 所属园区: '桂林高新区' would lie inside itself" "$T/err" && ok "the cycle of parks is named" || not_ok "the cycle of parks is named" "$(cat "$T/err")"
expect_exit "a park inside itself fails (1)" 1 "$DUIJIE" org update "$fy" 所属园区=桂林分园 --db "$c"
expect_exit "a park with members turned into a company fails (1)" 1 "$DUIJIE" org update "$gx" 类型=企业 --db "$c"
grep -q "field 类型: '桂林高新区' is the park of 3 organisations" "$T/err" && ok "a park with members stays a park" || not_ok "a park with members stays a park" "$(cat "$T/err")"
printf '名称,类型,地区,所属园区\n桂林高新区,园区,450300,桂林分园\n' >"$T/cycle.csv"
expect_exit "an import making a cycle of parks fails (1)" 1 "$DUIJIE" import --db "$c" --type orgs "$T/cycle.csv"
grep -q "cycle.csv:2: field 所属园区" "$T/err" && ok "the import names the row making the cycle" || not_ok "the import names the row making the cycle" "$(cat "$T/err")"
[ "$(db_digest "$c")" = "$before_c" ] && ok "refused park changes change nothing" || not_ok "refused park changes change nothing"

# Names and codes that lists refer to: no separators in them, and a listing code a deal names does not change.
expect_exit "an org name holding 、 fails (1)" 1 "$DUIJIE" org add "名称=人工智能、服务团" 类型=企业 地区=450300 --db "$c"
grep -q "field 名称: a name cannot hold" "$T/err" && ok "a name with a list separator is refused" || not_ok "a name with a list separator is refused" "$(cat "$T/err")"
expect_exit "a deal naming T-GUET-01" 0 "$DUIJIE" deal add 编号=D-REF 类型=技术转让 名称=转让 签约日期=2024-03-01 关联供需=T-GUET-01 --db "$c"
lid=$(sqlite3 "$c" "select id from listings where code='T-GUET-01'")
before_c=$(db_digest "$c")
expect_exit "changing a code a deal names fails (1)" 1 "$DUIJIE" listing update "$lid" 编号=T-NEW --db "$c"
grep -q "field 编号: listing T-GUET-01 is named by 1 deals" "$T/err" && ok "the deal naming the code is counted" || not_ok "the deal naming the code is counted" "$(cat "$T/err")"
expect_exit "a code with a comma fails (1)" 1 "$DUIJIE" listing update "$(sqlite3 "$c" "select id from listings where code!='T-GUET-01' limit 1")" "编号=A,B" --db "$c"
[ "$(db_digest "$c")" = "$before_c" ] && ok "refused names and codes change nothing" || not_ok "refused names and codes change nothing"
