#!/bin/bash
# duijie report: the bulletin figures promised by data/demo/README.md, each
# counting rule of docs/reports.md through the CLI (on the small fixture in
# tests/data/report_fixture plus CLI-made changes), growth figures, the
# amount formatting edges of the text output, XLSX, exit codes.
. "$(dirname "$0")/lib.sh"
demo="$T/demo.db"
db="$T/fix.db"
RF="$DJ_SOURCE_DIR/tests/data/report_fixture"

# jcheck NAME PYTHON-EXPR: evaluates EXPR with d = the JSON in $T/out.
jcheck() {
    local name="$1" expr="$2"
    if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$T/out" "$expr" 2>"$T/perr"; then
        ok "$name"
    else
        not_ok "$name" "expected: $expr" "got: $(head -c 600 "$T/out")" "$(head -c 300 "$T/perr")"
    fi
}
# tcheck NAME TEXT: $T/out contains TEXT literally.
tcheck() {
    if grep -qF -- "$2" "$T/out"; then ok "$1"; else not_ok "$1" "missing: $2" "got: $(head -c 600 "$T/out")"; fi
}
# tabsent NAME TEXT: the bulletin (first line of $T/out) lacks TEXT.
tabsent() {
    if head -n 1 "$T/out" | grep -qF -- "$2"; then not_ok "$1" "unexpected: $2" "got: $(head -c 600 "$T/out")"; else ok "$1"; fi
}

# ---- CLI basics ---------------------------------------------------------------
expect_exit "report --help exits 0" 0 "$DUIJIE" report --help
tcheck "report --help prints usage" "usage: duijie report"
expect_exit "report: unknown option is a usage error" 2 "$DUIJIE" report --bogus
expect_exit "report: --json with --xlsx is a usage error" 2 "$DUIJIE" report --json --xlsx "$T/x.xlsx"
expect_exit "report: stray argument is a usage error" 2 "$DUIJIE" report 兰州高新区

# ---- the demo data ------------------------------------------------------------
if [ ! -f "$DJ_SOURCE_DIR/data/demo/projects.csv" ]; then
    echo "# data/demo is absent: demo figures skipped"
else
    expect_exit "demo database builds" 0 "$DUIJIE" demo --db "$demo" --data "$DJ_SOURCE_DIR/data/demo"
    grep -q "推荐洽谈 EV-2024-GL-CXY: [1-9][0-9]* 对" "$T/out" && grep -q "需求 #" "$T/out" \
        && ok "demo: the 桂林 conference's recommended meetings, with their listings" \
        || not_ok "demo: recommended meetings" "$(tail -8 "$T/out")"

    # 兰州高新区 1–5 月: 13 projects, 52.62 亿元
    expect_exit "demo: 兰州 Jan-May report (json)" 0 "$DUIJIE" report --db "$demo" --park 兰州高新区 --from 2024-01-01 --to 2024-05-31 --json
    jcheck "demo: 兰州高新区 1-5月 13 newly signed projects" 'd["current"]["projects"]["signed"]==13'
    jcheck "demo: 兰州高新区 1-5月 total investment 52.62 亿元 exactly" 'd["current"]["projects"]["signed_investment_fen"]==526200000000'
    expect_exit "demo: 兰州 Jan-May report (text)" 0 "$DUIJIE" report --db "$demo" --park 兰州高新区 --from 2024-01-01 --to 2024-05-31
    tcheck "demo: bulletin sentence for 兰州" "2024年1-5月，兰州高新区新签约招商引资项目13个、总投资额52.62亿元"
    tcheck "demo: figure table gives 亿元 and exact yuan" "新签约项目总投资额：52.62 亿元（5262000000.00 元）"

    # 桂林 conference: 6 technical service contracts, 103.9 万元, six distinct companies
    expect_exit "demo: 桂林 conference report" 0 "$DUIJIE" report --db "$demo" --event EV-2024-GL-CXY --json
    jcheck "demo: 桂林 conference 6 技术服务合同" 'd["current"]["contracts"]["tech_service"]["count"]==6'
    jcheck "demo: 桂林 conference 技术服务合同 103.9 万元 exactly" 'd["current"]["contracts"]["tech_service"]["amount_fen"]==103900000'
    expect_exit "demo: 桂林 conference text" 0 "$DUIJIE" report --db "$demo" --event EV-2024-GL-CXY
    tcheck "demo: 桂林 bulletin amount" "技术服务合同6项、合同金额103.9万元"
    expect_exit "demo: deal list of the conference's service contracts" 0 "$DUIJIE" deal list --db "$demo" --event EV-2024-GL-CXY --type 技术服务 --json
    jcheck "demo: 6 distinct companies (甲方) signed them" 'len(d)==6 and len({x["party_a"] for x in d})==6'
    jcheck "demo: deal list money is exact yuan text" 'sorted(x["amount"] for x in d)==sorted(["285000","220000","186000","150000","118000","80000"])'

    # 柳州 at the 2024 中国产业转移发展对接活动（广西）: 5 projects, 139.87 亿元, 柳东新区 3
    expect_exit "demo: 产业转移 event report" 0 "$DUIJIE" report --db "$demo" --event EV-2024-CYZY-GX --from 2024-01-01 --to 2024-12-31 --json
    jcheck "demo: 柳州 signed 5 projects at the event" 'd["current"]["projects"]["signed"]==5'
    jcheck "demo: 柳州 139.87 亿元 exactly" 'd["current"]["projects"]["signed_investment_fen"]==1398700000000'
    jcheck "demo: the event outcome credits the 5 projects" '[(e["projects"],e["projects_investment_fen"]) for e in d["events"]]==[(5,1398700000000)]'
    expect_exit "demo: 柳东新区 at the event" 0 "$DUIJIE" report --db "$demo" --event EV-2024-CYZY-GX --park 柳东新区 --json
    jcheck "demo: 其中柳东新区 3 个" 'd["current"]["projects"]["signed"]==3'
    expect_exit "demo: 产业转移 text" 0 "$DUIJIE" report --db "$demo" --event EV-2024-CYZY-GX --from 2024-01-01 --to 2024-12-31
    tcheck "demo: 柳州 bulletin amount" "新签约招商引资项目5个、总投资额139.87亿元"

    # first event credited: PJ-LZH-2024-04 (signed at the 春季推介会, re-signed at the 兰洽会)
    expect_exit "demo: 兰洽会 report" 0 "$DUIJIE" report --db "$demo" --park 兰州高新区 --event EV-2024-LQH-30 --json
    jcheck "demo: 兰洽会 24 projects, 53.89 亿元 (the re-signed project not counted)" 'd["current"]["projects"]["signed"]==24 and d["current"]["projects"]["signed_investment_fen"]==538900000000'
    expect_exit "demo: 春季推介会 report" 0 "$DUIJIE" report --db "$demo" --event EV-2024-LZH-TJH --json
    jcheck "demo: the re-signed project stays credited to the first event" 'd["events"][0]["projects"]==d["current"]["projects"]["signed"]>=1'

    # capital increase: 湘潭 2024 counts only the added 2 亿元; the 2023 signing was 6 亿元
    expect_exit "demo: 湘潭 2024" 0 "$DUIJIE" report --db "$demo" --park 湘潭高新区 --from 2024-01-01 --to 2024-12-31 --json
    jcheck "demo: 湘潭 2024 增资 1 个, 2 亿元, no new signing" 'd["current"]["projects"]["increases"]==1 and d["current"]["projects"]["increase_amount_fen"]==20000000000 and d["current"]["projects"]["signed"]==0'
    expect_exit "demo: 湘潭 2023" 0 "$DUIJIE" report --db "$demo" --park 湘潭高新区 --from 2023-01-01 --to 2023-12-31 --json
    jcheck "demo: 湘潭 PJ-XT-2023-01 signed in 2023 at 6 亿元" 'd["current"]["projects"]["signed"]==1 and d["current"]["projects"]["signed_investment_fen"]==60000000000'

    # change of investor: 益阳 2024 has no new project, but the 投资协议 counts
    expect_exit "demo: 益阳 2024" 0 "$DUIJIE" report --db "$demo" --park 益阳高新区 --from 2024-01-01 --to 2024-12-31 --json
    jcheck "demo: 益阳 investor change is not a new project" 'd["current"]["projects"]["signed"]==0 and d["current"]["projects"]["signed_investment_fen"]==0'
    jcheck "demo: 益阳 the new investor's 投资协议 counts as a contract (5 亿元)" 'd["current"]["contracts"]["investment"]["count"]==1 and d["current"]["contracts"]["investment"]["amount_fen"]==50000000000'
fi

# ---- the rules on a small fixture, changes made through the CLI ----------------
expect_exit "fixture imports" 0 "$DUIJIE" import --db "$db" "$RF/orgs.csv" "$RF/events.csv" "$RF/projects.csv" "$RF/deals.csv"
expect_exit "PF-05 signed at event A" 0 "$DUIJIE" project stage PF-05 签约 --date 2024-03-20 --event EV-F-A --db "$db"
expect_exit "PF-05 supplementary agreement at event B" 0 "$DUIJIE" deal add --db "$db" 编号=DF-05 类型=投资协议 名称=补充投资协议 金额=3亿 签约日期=2024-06-10 活动=EV-F-B 项目=PF-05 甲方=测试园区 乙方=甲投资公司
expect_exit "PF-06 capital increase" 0 "$DUIJIE" project increase PF-06 2亿 --date 2024-04-10 --db "$db"
expect_exit "PF-07 change of investor" 0 "$DUIJIE" project investor PF-07 乙投资公司 --date 2024-04-22 --db "$db"
expect_exit "PF-07 new investor's agreement" 0 "$DUIJIE" deal add --db "$db" 编号=DF-07 类型=投资协议 名称=新投资方投资协议 金额=4亿 签约日期=2024-04-22 项目=PF-07 甲方=测试园区 乙方=乙投资公司

# rule 1: the first event where a project was signed gets the credit
expect_exit "rule 1: event A report" 0 "$DUIJIE" report --db "$db" --event EV-F-A --json
jcheck "rule 1: event A is credited PF-03 and PF-05 (4 亿元)" 'd["current"]["projects"]["signed"]==2 and d["current"]["projects"]["signed_investment_fen"]==40000000000'
expect_exit "rule 1: event B report" 0 "$DUIJIE" report --db "$db" --event EV-F-B --json
jcheck "rule 1: event B gets no project, only the agreement" 'd["current"]["projects"]["signed"]==0 and d["events"][0]["projects"]==0 and d["events"][0]["agreements"]==1 and d["events"][0]["agreements_amount_fen"]==30000000000'

# rule 2: a capital increase counts only the added amount
expect_exit "rule 2: 2024 report" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2024-01-01 --to 2024-12-31 --json
jcheck "rule 2: 2024 counts the increase (2 亿元), not the project" 'd["current"]["projects"]["increases"]==1 and d["current"]["projects"]["increase_amount_fen"]==20000000000'
# rule 3: a change of investor is not a new project (PF-01..05 only)
jcheck "rule 3: 2024 signed 5 projects (PF-07 not again)" 'd["current"]["projects"]["signed"]==5'
jcheck "rule 3: 2024 signed investment exact" 'd["current"]["projects"]["signed_investment_fen"]==500000+9999990000+10000000000+1398700000000+30000000000'
jcheck "rule 2+3: new investment = signed + increase" 'd["current"]["projects"]["new_investment_fen"]==d["current"]["projects"]["signed_investment_fen"]+20000000000'
jcheck "rule 3: both 投资协议 still count as contracts (7 亿元)" 'd["current"]["contracts"]["investment"]["count"]==2 and d["current"]["contracts"]["investment"]["amount_fen"]==70000000000'
jcheck "park filter: 另一园区's project is not counted" 'd["query"]["park_name"]=="测试园区"'
expect_exit "rule 2: 2023 report" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2023-01-01 --to 2023-12-31 --json
jcheck "rule 2: PF-06 was signed at 6 亿元 (its total is 8 亿元 now)" 'd["current"]["projects"]["signed"]==2 and d["current"]["projects"]["signed_investment_fen"]==100000000000'
expect_exit "all parks 2024" 0 "$DUIJIE" report --db "$db" --from 2024-01-01 --to 2024-12-31 --json
jcheck "no park filter: 另一园区's PF-08 is counted too" 'd["current"]["projects"]["signed"]==6'
expect_exit "industry filter" 0 "$DUIJIE" report --db "$db" --industry X99 --from 2024-01-01 --to 2024-12-31 --json
jcheck "industry filter excludes every project" 'd["current"]["projects"]["signed"]==0'
expect_exit "industry filter C36" 0 "$DUIJIE" report --db "$db" --industry C36 --from 2024-01-01 --to 2024-12-31 --json
c36=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["current"]["projects"]["signed"])' "$T/out")
expect_exit "industry filter c36 (lower case)" 0 "$DUIJIE" report --db "$db" --industry c36 --from 2024-01-01 --to 2024-12-31 --json
jcheck "industry codes compare without regard to case ($c36 projects in C36)" "d['current']['projects']['signed']==$c36 and $c36 > 0"
# a code covers those below it: on the demo, C (manufacturing) = the sum of its divisions
signed() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["current"]["projects"]["signed"])' "$T/out"; }
sum=0
for code in $(sqlite3 "$demo" "select distinct industry from projects where industry like 'C%'"); do
    "$DUIJIE" report --db "$demo" --industry "$code" --json >"$T/out" 2>"$T/err"
    sum=$((sum + $(signed)))
done
expect_exit "industry filter C (a section)" 0 "$DUIJIE" report --db "$demo" --industry C --json
jcheck "C covers the codes below it (the sum of its divisions: $sum)" "d['current']['projects']['signed']==$sum and $sum > 5"

# growth: Q1 2024 (4 projects, 5.00004900 亿元) over Q1 2023 (2 projects, 10 亿元)
expect_exit "growth: Q1 report" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2024-01-01 --to 2024-03-31 --json
jcheck "growth: year-on-year count +100.00%" 'd["growth"]["yoy"]["signed_count"]=="100.00"'
jcheck "growth: year-on-year investment -50.00% (rounded half away from zero)" 'd["growth"]["yoy"]["signed_investment"]=="-50.00"'
jcheck "growth: previous quarter had nothing: no rate" 'd["growth"]["pop"]["signed_count"] is None'
expect_exit "growth: Q1 text" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2024-01-01 --to 2024-03-31
tcheck "text: Q1 sentence with growth" "2024年1-3月，测试园区新签约招商引资项目4个、总投资额5亿元，同比下降50.00%"
tcheck "text: contract breakdown" "签订技术合同2项、合同金额40.5万元（其中技术开发合同1项、12万元；技术服务合同1项、28.5万元）"
tcheck "text: table shows exact yuan" "新签约项目总投资额：5 亿元（500004900.00 元）"

# amount formatting edges in the bulletin
expect_exit "edge: January" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2024-01-01 --to 2024-01-31
tcheck "edge: 0.5万元" "2024年1月，测试园区新签约招商引资项目1个、总投资额0.5万元。"
tabsent "edge: no growth clause against a zero base" "同比"
tabsent "edge: zero figures are left out" "增资"
expect_exit "edge: February" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2024-02-01 --to 2024-02-29
tcheck "edge: 9999.99万元 stays in 万元" "总投资额9999.99万元"
expect_exit "edge: early March" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2024-03-01 --to 2024-03-15
tcheck "edge: 1亿元 without decimals" "2024年3月1日至3月15日，测试园区新签约招商引资项目1个、总投资额1亿元"
expect_exit "edge: April" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2024-04-01 --to 2024-04-30
tcheck "edge: 139.87亿元" "新签约招商引资项目1个、总投资额139.87亿元，增资项目1个、新增投资额2亿元"
expect_exit "edge: since February" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2024-02-01
tabsent "edge: zero rates are left out" "0.00%"
expect_exit "edge: one day" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2024-06-10 --to 2024-06-10
tcheck "edge: a one-day period is one date" "2024年6月10日，测试园区签订投资协议1份"
expect_exit "edge: another park at event A" 0 "$DUIJIE" report --db "$db" --event EV-F-A --park 另一园区
tcheck "edge: comma before 本次活动 right after the event" "另一园区在测试园区春季招商会上，本次活动达成协议2项"

# XLSX
expect_exit "xlsx: April workbook" 0 "$DUIJIE" report --db "$db" --park 测试园区 --from 2024-04-01 --to 2024-04-30 --xlsx "$T/r.xlsx"
python3 - "$T/r.xlsx" <<'EOF' && ok "xlsx: Chinese labels, exact 万元 text and bulletin form" || not_ok "xlsx: Chinese labels, exact 万元 text and bulletin form"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
s = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
need = ["新签约项目总投资额", "1398700", "139.87亿元", "万元", "增资额", "20000"]
missing = [x for x in need if x not in s]
assert not missing, missing
assert "xl/worksheets/sheet2.xml" in z.namelist()
EOF
expect_exit "xlsx: unwritable path fails (1)" 1 "$DUIJIE" report --db "$db" --xlsx "$T/no/such/dir/r.xlsx"
[ "$(cat "$T/err")" = "duijie report: cannot write $T/no/such/dir/r.xlsx: No such file or directory" ] \
    && ok "... in one line of ours naming the file and why" || not_ok "xlsx: unwritable path: message" "$(cat "$T/err")"
# written as an export is: whole or not at all, a file replaced keeps its
# mode, a read-only one is refused (docs/import.md, Export)
echo old >"$T/m.xlsx"; chmod 600 "$T/m.xlsx"
expect_exit "xlsx: over a 0600 file" 0 "$DUIJIE" report --db "$db" --xlsx "$T/m.xlsx"
[ "$(stat -c %a "$T/m.xlsx")" = 600 ] && unzip -l "$T/m.xlsx" >/dev/null 2>&1 && ok "... replaces it, keeping mode 600" \
    || not_ok "xlsx over a 0600 file" "mode $(stat -c %a "$T/m.xlsx")"
if user_can_run; then
    user_dir "$T/ro"
    sqlite3 "$db" ".backup '$T/ro/r.db'"
    [ "$(id -u)" = 0 ] && chown nobody "$T/ro/r.db"
    echo keep >"$T/ro/r.xlsx"; chmod 444 "$T/ro/r.xlsx"
    expect_exit "xlsx: over a read-only file fails (1) (as $(as_user id -un))" 1 as_user "$DUIJIE" report --db "$T/ro/r.db" --xlsx "$T/ro/r.xlsx"
    [ "$(cat "$T/err")" = "duijie report: cannot write $T/ro/r.xlsx: Permission denied" ] && [ "$(cat "$T/ro/r.xlsx")" = keep ] \
        && [ -z "$(find "$T/ro" -name '*.tmp-*')" ] && ok "... in one line, the file kept, nothing beside it" \
        || not_ok "xlsx over a read-only file" "$(cat "$T/err")"
else
    echo "# SKIP report --xlsx over a read-only file: running as root and nobody cannot run $DUIJIE (setpriv from util-linux, a build nobody may enter?)"
fi

# errors
expect_exit "unknown park fails (1)" 1 "$DUIJIE" report --db "$db" --park 不存在的园区 --json
jcheck "unknown park: JSON error names the option" 'd["error"]["field"]=="park"'
jcheck "... and names the parks there are" '"parks: 另一园区、测试园区" in d["error"]["message"]'
expect_exit "an organisation that is not a park fails (1)" 1 "$DUIJIE" report --db "$db" --park 丙大学 --json
jcheck "not a park: JSON error names the option" 'd["error"]["field"]=="park" and "unknown park" in d["error"]["message"]'
expect_exit "unknown event fails (1)" 1 "$DUIJIE" report --db "$db" --event EV-NOPE
expect_exit "bad date fails (1)" 1 "$DUIJIE" report --db "$db" --from 2024-02-30
expect_exit "reversed period fails (1)" 1 "$DUIJIE" report --db "$db" --from 2024-05-01 --to 2024-01-01
expect_exit "--as-of before --from fails (1)" 1 "$DUIJIE" report --db "$db" --from 2024-05-01 --to 2024-05-31 --as-of 2024-04-30 --json
jcheck "--as-of before --from: the error names the option" 'd["error"]["field"]=="as-of"'
expect_exit "--as-of on --from is fine" 0 "$DUIJIE" report --db "$db" --from 2024-05-01 --to 2024-05-31 --as-of 2024-05-01

# corrections fix the record: the report reads the corrected values (on a copy)
cdb="$T/corr.db"
cp "$db" "$cdb"
expect_exit "correction: PF-04 progress 10亿" 0 "$DUIJIE" project progress PF-04 10亿 --date 2024-05-10 --db "$cdb"
expect_exit "correction: PF-04 completed corrected to 5亿" 0 "$DUIJIE" project correct PF-04 completed_investment 5亿 --date 2024-05-20 --note 录入错误 --db "$cdb"
expect_exit "correction: May report" 0 "$DUIJIE" report --db "$cdb" --park 测试园区 --from 2024-05-01 --to 2024-05-31 --json
jcheck "correction: May completed investment is the corrected 5 亿元" 'd["current"]["projects"]["completed_total_fen"]==50000000000 and d["current"]["projects"]["completed_in_period_fen"]==50000000000'
expect_exit "correction: PF-05 signing date corrected to April" 0 "$DUIJIE" project correct PF-05 signed_on 2024-04-20 --date 2024-05-01 --note 日期录错 --db "$cdb"
expect_exit "correction: March report" 0 "$DUIJIE" report --db "$cdb" --park 测试园区 --from 2024-03-01 --to 2024-03-31 --json
jcheck "correction: March no longer counts PF-05 (PF-03 only)" 'd["current"]["projects"]["signed"]==1 and d["current"]["projects"]["signed_investment_fen"]==10000000000'
expect_exit "correction: April report" 0 "$DUIJIE" report --db "$cdb" --park 测试园区 --from 2024-04-01 --to 2024-04-30 --json
jcheck "correction: April counts PF-05 (with PF-04)" 'd["current"]["projects"]["signed"]==2 and d["current"]["projects"]["signed_investment_fen"]==1398700000000+30000000000'
expect_exit "correction: PF-03 stage corrected back to 洽谈" 0 "$DUIJIE" project correct PF-03 stage 洽谈 --date 2024-05-02 --note 尚未签约 --db "$cdb"
expect_exit "correction: event A report" 0 "$DUIJIE" report --db "$cdb" --event EV-F-A --json
jcheck "correction: PF-03 is neither signed nor credited to event A" 'd["current"]["projects"]["signed"]==1 and d["events"][0]["projects"]==1 and d["events"][0]["projects_investment_fen"]==30000000000'
expect_exit "correction: PF-05 corrected back to 洽谈" 0 "$DUIJIE" project correct PF-05 stage 洽谈 --date 2024-05-03 --note 尚未签约 --db "$cdb"
expect_exit "correction: PF-05 show" 0 "$DUIJIE" project show PF-05 --as-of 2025-01-01 --json --db "$cdb"
jcheck "correction: a 洽谈 project is not late to start" 'd["stage"]=="negotiating" and d["late"]==[]'

# 洽谈需求 are requests to meet: the demo conference's 113 request rows hold 2
# 不要 (do-not-meet) rows, which the count leaves out; its answers are recorded
# (接受), so the clause stays. (Before 2026-12-03 it said 113.)
ddb="$T/demo.db"
"$DUIJIE" demo --db "$ddb" --data "$DJ_SOURCE_DIR/data/demo" >/dev/null || not_ok "demo database"
expect_exit "report of the demo conference" 0 "$DUIJIE" report --db "$ddb" --event EV-2024-GL-CXY
grep -q "提出洽谈需求111个、接受71个" "$T/out" && ok "... counts the 111 requests to meet, not the 2 不要 rows" || not_ok "... 不要 rows counted" "$(head -c 600 "$T/out")"
