#!/bin/bash
# duijie project / deal: stage transitions (valid; invalid with a clear error
# and the database unchanged), progress, capital increase, investor change,
# audited corrections (history and audit_log hold old and new value), late
# flags, deals add/show/list, exit codes.
. "$(dirname "$0")/lib.sh"
db="$T/p.db"
RF="$DJ_SOURCE_DIR/tests/data/report_fixture"

jcheck() {
    local name="$1" expr="$2"
    if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$T/out" "$expr" 2>"$T/perr"; then
        ok "$name"
    else
        not_ok "$name" "expected: $expr" "got: $(head -c 600 "$T/out")" "$(head -c 300 "$T/perr")"
    fi
}
# unchanged NAME DIGEST: the database still has this digest.
unchanged() {
    if [ "$(db_digest "$db")" = "$2" ]; then ok "$1"; else not_ok "$1" "the database changed"; fi
}
P() { "$DUIJIE" project --db "$db" "$@"; }

# an option the subcommand does not take is a usage error, not ignored
for bad in "add --late 编号=PQ 名称=x 园区=测试园区 阶段=线索" "history PX-1 --note x" "show PX-1 --date 2024-01-01" \
    "stage PX-1 签约 --date 2024-01-01 --stage 开工" "list --event EV-F-A"; do
    # shellcheck disable=SC2086
    expect_exit "project $bad is a usage error (2)" 2 P $bad
    err_has "... naming the option" "does not take --"
done

for c in project deal; do
    expect_exit "$c --help exits 0" 0 "$DUIJIE" "$c" --help
    grep -q "usage: duijie $c" "$T/out" && ok "$c --help prints usage" || not_ok "$c --help prints usage"
done
expect_exit "project without subcommand is a usage error" 2 "$DUIJIE" project --db "$db"
expect_exit "unknown subcommand is a usage error" 2 P frobnicate
expect_exit "stage without --date is a usage error" 2 P stage PX-1 签约
expect_exit "correct without --note is a usage error" 2 P correct PX-1 总投资 1亿 --date 2024-01-01

expect_exit "orgs and events import" 0 "$DUIJIE" import --db "$db" "$RF/orgs.csv" "$RF/events.csv"
expect_exit "project add" 0 P add --json 编号=PX-1 名称=测试项目 园区=测试园区 阶段=线索 总投资=2亿 计划开工=2024-03-01 计划投产=2024-12-01 投资方=甲投资公司
jcheck "project add --json prints the id" '"id" in d and d["id"]>0'
d0=$(db_digest "$db")
expect_exit "project add of an existing code fails (1)" 1 P add 编号=PX-1 名称=别的名字 园区=测试园区 阶段=线索
err_has "duplicate add says the project exists" "exists"
unchanged "duplicate add leaves the database unchanged" "$d0"
for code in "PX-1 " "PX-1　"; do # a trailing (full-width) space is trimmed as the put trims it
    expect_exit "project add of '$code' (an existing code once trimmed) fails (1)" 1 P add "编号=$code" 名称=覆盖 园区=测试园区 阶段=线索
    unchanged "project add of '$code' overwrites nothing" "$d0"
done
# a project coded with digits only is found by its code before any id
expect_exit "project add of a code of digits" 0 P add 编号=1 名称=数字编号项目 园区=测试园区 阶段=线索
expect_exit "project show 1" 0 P show 1 --json
jcheck "project show 1 is the project coded 1, not id 1" 'd["code"]=="1" and d["name"]=="数字编号项目"'
expect_exit "project show 1 as text" 0 P show 1
grep -qE '^名称 +数字编号项目$' "$T/out" && grep -qE '^阶段 +线索$' "$T/out" && grep -qE '^截至 [0-9-]{10}：未逾期$' "$T/out" \
    && ok "... the fields under their Chinese names, then the late flags" || not_ok "project show text" "$(cat "$T/out")"

# ---- stage transitions ----------------------------------------------------------
expect_exit "stage lead -> negotiating" 0 P stage PX-1 洽谈 --date 2024-01-10
expect_exit "stage negotiating -> signed at an event" 0 P stage PX-1 signed --date 2024-02-01 --event EV-F-A --note 现场签约
expect_exit "show after signing" 0 P show PX-1 --json --as-of 2024-02-15
jcheck "signing sets stage, signing date and the credited event" 'd["stage"]=="signed" and d["signed_on"]=="2024-02-01" and d["event"]=="EV-F-A"'
d1=$(db_digest "$db")
expect_exit "backward move signed -> negotiating fails (1)" 1 P stage PX-1 洽谈 --date 2024-02-05
err_has "backward move: the error explains" "backwards"
unchanged "backward move leaves the database unchanged" "$d1"
expect_exit "same stage again fails (1)" 1 P stage PX-1 签约 --date 2024-02-05
unchanged "same stage leaves the database unchanged" "$d1"
expect_exit "date before the last transition fails (1)" 1 P stage PX-1 开工 --date 2024-01-20
err_has "early date: the error names the last transition" "2024-02-01"
unchanged "early date leaves the database unchanged" "$d1"
expect_exit "unknown stage fails (1)" 1 P stage PX-1 成功 --date 2024-03-01 --json
jcheck "unknown stage: JSON error" '"error" in d and d["error"]["code"]=="DJ_EINVAL"'
expect_exit "bad date fails (1)" 1 P stage PX-1 开工 --date 2024-02-30
expect_exit "unknown event fails (1)" 1 P stage PX-1 开工 --date 2024-03-01 --event EV-NOPE
expect_exit "unknown project fails (1)" 1 P stage PX-404 开工 --date 2024-03-01
unchanged "failed operations leave the database unchanged" "$d1"

# ---- late flags -----------------------------------------------------------------
expect_exit "show as of the planned start day" 0 P show PX-1 --json --as-of 2024-03-01
jcheck "not late on the planned start day itself" 'd["late"]==[]'
expect_exit "show after the planned start" 0 P show PX-1 --json --as-of 2024-03-02
jcheck "late start after the planned start" 'd["late"]==["start"]'
expect_exit "list --late" 0 P list --late --as-of 2024-04-01 --json
jcheck "list --late holds the late project" '[x["code"] for x in d]==["PX-1"] and d[0]["late"]==["start"] and d[0]["total_investment"]=="200000000"'
expect_exit "list --late as of before" 0 P list --late --as-of 2024-02-15 --json
jcheck "list --late is empty before the planned start" 'd==[]'
expect_exit "list --park --stage" 0 P list --park 测试园区 --stage 签约
grep -q "^PX-1	签约	测试园区	2 亿元	逾期未开工" "$T/out" && ok "list text line" || not_ok "list text line" "$(cat "$T/out")"
expect_exit "list --stage with no match" 0 P list --stage 投产 --json
jcheck "list --stage filters" 'd==[]'

# ---- money flows ----------------------------------------------------------------
expect_exit "progress 5000万" 0 P progress PX-1 5000万 --date 2024-03-31
d2=$(db_digest "$db")
expect_exit "a lower cumulative progress fails (1)" 1 P progress PX-1 4000万 --date 2024-04-30
err_has "lower progress: points to corrections" "project correct"
expect_exit "progress above the total fails (1)" 1 P progress PX-1 3亿 --date 2024-04-30
expect_exit "progress with a non-amount fails (1)" 1 P progress PX-1 五千万 --date 2024-04-30
unchanged "rejected progress leaves the database unchanged" "$d2"
expect_exit "increase 1亿 at an event" 0 P increase PX-1 1亿 --date 2024-04-02 --event EV-F-B
expect_exit "show after the increase" 0 P show PX-1 --json
jcheck "increase adds to the total (3 亿元), completed stays 5000万" 'd["total_investment"]=="300000000" and d["completed_investment"]=="50000000"'
expect_exit "increase of zero fails (1)" 1 P increase PX-1 0 --date 2024-04-03
expect_exit "investor change" 0 P investor PX-1 乙投资公司 --date 2024-04-03
expect_exit "investor change to the same investor fails (1)" 1 P investor PX-1 乙投资公司 --date 2024-04-04
expect_exit "investor change to an unknown org fails (1)" 1 P investor PX-1 不存在公司 --date 2024-04-04

# ---- corrections ----------------------------------------------------------------
d3=$(db_digest "$db")
expect_exit "correction below the capital increases fails (1)" 1 P correct PX-1 总投资 0.5亿 --date 2024-04-05 --note 试错
expect_exit "correction to the same value fails (1)" 1 P correct PX-1 总投资 3亿 --date 2024-04-05 --note 无变化
expect_exit "correction of an unknown field fails (1)" 1 P correct PX-1 颜色 红 --date 2024-04-05 --note x
expect_exit "correction of the code fails (1)" 1 P correct PX-1 编号 PX-2 --date 2024-04-05 --note x
unchanged "rejected corrections leave the database unchanged" "$d3"
expect_exit "correct total investment" 0 P correct PX-1 总投资 2.5亿 --date 2024-04-05 --note 录入错误
expect_exit "correct the name" 0 P correct PX-1 name 测试项目（一期） --date 2024-04-06 --note 更名
expect_exit "correct the stage backwards (audited)" 0 P correct PX-1 阶段 洽谈 --date 2024-04-07 --note 签约无效
expect_exit "history --json" 0 P history PX-1 --json
jcheck "history lists every change in date order" '[x["kind"] for x in d]==["stage","stage","progress","increase","investor","correction","correction","correction"]'
jcheck "history keeps old and new values of corrections" '[(x["field"],x["old_value"],x["new_value"],x["note"]) for x in d if x["kind"]=="correction"]==[("total_investment","300000000","250000000","录入错误"),("name","测试项目","测试项目（一期）","更名"),("stage","signed","negotiating","签约无效")]'
jcheck "history shows exact amounts" '[x["amount"] for x in d if x["kind"] in ("progress","increase")]==["50000000","100000000"] and [x["event"] for x in d if x["kind"]=="increase"]==["EV-F-B"]'
expect_exit "history text" 0 P history PX-1
grep -qF "更正 total_investment: '300000000' → '250000000'	录入错误" "$T/out" && ok "history text shows old -> new" || not_ok "history text shows old -> new" "$(cat "$T/out")"
grep -qF "累计完成投资 5000 万元（50000000.00 元）" "$T/out" && ok "history text shows 万元 and exact yuan" || not_ok "history text shows 万元 and exact yuan" "$(cat "$T/out")"
n=$(sqlite3 "$db" "select count(*) from audit_log where action='project.correct' and entity='projects' and detail like '%\"old\":\"300000000\"%\"new\":\"250000000\"%'")
[ "$n" = 1 ] && ok "audit_log records the correction with old and new" || not_ok "audit_log records the correction with old and new" "count $n"
n=$(sqlite3 "$db" "select count(*) from audit_log where action in ('project.stage','project.progress','project.increase','project.investor','project.correct')")
[ "$n" = 8 ] && ok "every change is audited once" || not_ok "every change is audited once" "count $n"
expect_exit "show after corrections" 0 P show PX-1 --json
jcheck "the row holds the corrected values" 'd["total_investment"]=="250000000" and d["name"]=="测试项目（一期）" and d["stage"]=="negotiating"'

# ---- terminated is final --------------------------------------------------------
expect_exit "terminate" 0 P stage PX-1 终止 --date 2024-05-01
d4=$(db_digest "$db")
expect_exit "no move after termination (1)" 1 P stage PX-1 投产 --date 2024-06-01
unchanged "move after termination leaves the database unchanged" "$d4"
expect_exit "no progress after termination (1)" 1 P progress PX-1 6000万 --date 2024-06-01
expect_exit "show terminated project" 0 P show PX-1 --json --as-of 2024-06-01
jcheck "a terminated project is never late" 'd["late"]==[]'

# ---- production lateness --------------------------------------------------------
expect_exit "second project" 0 P add 编号=PX-2 名称=第二个项目 园区=测试园区 阶段=签约 签约日期=2024-01-05 总投资=1亿 计划开工=2024-02-01 计划投产=2024-06-01
expect_exit "PX-2 starts" 0 P stage PX-2 开工 --date 2024-01-20
expect_exit "PX-2 late production" 0 P show PX-2 --json --as-of 2024-07-01
jcheck "started, not producing after the plan: late production" 'd["late"]==["production"]'
expect_exit "PX-2 produces" 0 P stage PX-2 投产 --date 2024-07-15
expect_exit "PX-2 no longer late" 0 P show PX-2 --json --as-of 2024-08-01
jcheck "producing: not late" 'd["late"]==[] and d["producing_on"]=="2024-07-15"'
expect_exit "show by id works" 0 P show "$(sqlite3 "$db" "select id from projects where code='PX-2'")" --json
jcheck "show by id" 'd["code"]=="PX-2"'

# ---- imported history keeps the rules the commands keep --------------------------
# An import writes rows in file order; after each row the project's whole
# history must hold (projects_history.c: the rules every history the
# commands write keeps), else the row is refused, naming file, line and
# field, and the database is as it was.
expect_exit "third project" 0 P add 编号=PX-3 名称=第三个项目 园区=测试园区 阶段=签约 签约日期=2024-03-01 总投资=2亿
expect_exit "PX-3 progress" 0 P progress PX-3 5000万 --date 2024-04-01
d5=$(db_digest "$db")
imp_bad() { # NAME FIELD CSV-ROWS...: the import fails naming line 2 and FIELD, changing nothing
    local name="$1" field="$2"; shift 2
    printf '%s\n' "$@" >"$T/bad.csv"
    expect_exit "import: $name fails (1)" 1 "$DUIJIE" import --db "$db" --type project_updates "$T/bad.csv"
    grep -q "bad.csv:2" "$T/err" && grep -qF "$field" "$T/err" && ok "import: $name names line and $field" \
        || not_ok "import: $name names line and $field" "$(cat "$T/err")"
    unchanged "import: $name changes nothing" "$d5"
}
H='项目,日期,类型,阶段,金额'
imp_bad "capital increases beyond the total" 金额 "$H" "PX-3,2024-05-01,增资,,10亿"
printf '编号,名称,园区,阶段\nPX-3,第三个项目,测试园区,洽谈\n' >"$T/back.csv"
expect_exit "import: a project row moving back a stage fails (1)" 1 "$DUIJIE" import --db "$db" "$T/back.csv"
grep -q "back.csv:2.*阶段" "$T/err" && ok "import: the backward project row names line and 阶段" \
    || not_ok "import: the backward project row names line and 阶段" "$(cat "$T/err")"
unchanged "import: the backward project row changes nothing" "$d5"
printf '编号,名称,园区,阶段,总投资\nPX-3,第三个项目改名,测试园区,开工,3亿\n' >"$T/fwd.csv"
expect_exit "import: a project row moving forward, without 已完成投资" 0 "$DUIJIE" import --db "$db" "$T/fwd.csv"
expect_exit "PX-3 after the re-import" 0 P show PX-3 --json
jcheck "a re-imported row keeps the stored completed investment" 'd["stage"]=="started" and d["completed_investment"]=="50000000" and d["name"]=="第三个项目改名"'
# a corrected progress report is the bound for the next one, as the report reads it
expect_exit "PX-3: correct the completed investment down" 0 P correct PX-3 已完成投资 4000万 --date 2024-04-10 --note 统计口径更正
expect_exit "PX-3: a later report above the corrected value, below the wrong one" 0 P progress PX-3 4500万 --date 2024-06-01
expect_exit "PX-3: a report below the corrected value fails (1)" 1 P progress PX-3 3000万 --date 2024-06-02
err_has "the bound is the corrected report" "already 45000000"
expect_exit "PX-3: the same report again fails (1)" 1 P progress PX-3 4500万 --date 2024-06-01
err_has "the repeated report is named" "already recorded on this date"

# 园区 names an organisation of kind park, in an add, an import and a correction
d7=$(db_digest "$db")
expect_exit "project add with a company as 园区 fails (1)" 1 P add 编号=PX-9 名称=x 园区=甲投资公司 阶段=线索
err_has "the company is named as no park" "'甲投资公司' is not a park"
expect_exit "project correct 园区 to a company fails (1)" 1 P correct PX-3 园区 甲投资公司 --date 2024-06-01 --note x
err_has "the correction names the company as no park" "is not a park"
unchanged "a company as 园区 changes nothing" "$d7"
# a corrected stage date keeps 签约 <= 开工 <= 投产, so the export imports again
expect_exit "project correct 开工日期 before 签约日期 fails (1)" 1 P correct PX-2 开工日期 2023-12-01 --date 2024-08-01 --note x
err_has "the correction names both dates" "开工 2023-12-01 would come before 签约 2024-01-05"
expect_exit "project correct 签约日期 after 开工日期 fails (1)" 1 P correct PX-2 签约日期 2024-03-01 --date 2024-08-01 --note x
err_has "the signing correction names both dates" "开工 2024-01-20 would come before 签约 2024-03-01"
unchanged "refused date corrections change nothing" "$d7"

# a project at 签约 or later without any signing date is in no period: the report names it apart
expect_exit "a project at 开工 without dates" 0 P add 编号=PX-U 名称=无日期 园区=测试园区 阶段=开工
expect_exit "report --json counts it as undated" 0 "$DUIJIE" report --db "$db" --json
jcheck "the undated project is named apart, not in the signed count" 'd["current"]["projects"]["signed_undated"]==1'
expect_exit "report text table names it" 0 "$DUIJIE" report --db "$db"
grep -q "未注明签约日期、未计入的项目（个）" "$T/out" && ok "the table line names the undated project" || not_ok "the table line names the undated project" "$(head -40 "$T/out")"

# ---- deals ----------------------------------------------------------------------
D() { "$DUIJIE" deal --db "$db" "$@"; }
expect_exit "deal add --event is a usage error (2): 活动=CODE says it" 2 D add --event EV-F-A 编号=DQ 类型=技术服务 名称=x 签约日期=2024-03-10
err_has "... naming the option" "add does not take --event"
expect_exit "deal add" 0 D add --json 编号=DX-1 类型=技术服务 名称=检测服务 金额=28.5万 签约日期=2024-03-10 活动=EV-F-A 甲方=甲投资公司 乙方=丙大学
expect_exit "deal add investment" 0 D add 编号=DX-2 类型=investment 名称=投资协议 金额=52.62亿 签约日期=2024-03-12 项目=PX-2 甲方=测试园区 乙方=乙投资公司
expect_exit "deal add with a bad amount fails (1)" 1 D add 编号=DX-3 类型=技术服务 名称=坏金额 金额=很多 签约日期=2024-03-10
expect_exit "deal add with an unknown type fails (1)" 1 D add 编号=DX-3 类型=买卖 名称=x 签约日期=2024-03-10
# a party is in a deal once, in one role: 其他方 naming 甲方 would have lost its role
d6=$(db_digest "$db")
expect_exit "deal add with 甲方 again among 其他方 fails (1)" 1 D add 编号=DX-3 类型=技术服务 名称=x 签约日期=2024-03-10 甲方=甲投资公司 乙方=丙大学 其他方=甲投资公司
err_has "the repeated party is named" "'甲投资公司' is already 甲方"
expect_exit "deal add with 甲方 = 乙方 fails (1)" 1 D add 编号=DX-3 类型=技术服务 名称=x 签约日期=2024-03-10 甲方=甲投资公司 乙方=甲投资公司
err_has "the same organisation on both sides is named" "same organisation"
unchanged "refused deal parties change nothing" "$d6"
# the same deal again writes nothing; another party is a change (parties are part of the record)
d7=$(db_digest "$db")
expect_exit "deal add of the stored values" 0 D add 编号=DX-2 类型=investment 名称=投资协议 金额=52.62亿 签约日期=2024-03-12 项目=PX-2 甲方=测试园区 乙方=乙投资公司
grep -qx "no change: deal [0-9]* already has these values" "$T/out" && ok "... says no change" || not_ok "deal add without a change" "$(cat "$T/out")"
unchanged "... and leaves the database as it was" "$d7"
expect_exit "deal add --json with another 乙方" 0 D add --json 编号=DX-2 类型=investment 名称=投资协议 金额=52.62亿 签约日期=2024-03-12 项目=PX-2 甲方=测试园区 乙方=甲投资公司
jcheck "... is a change" 'd["changed"] is True'
expect_exit "... and back" 0 D add 编号=DX-2 类型=investment 名称=投资协议 金额=52.62亿 签约日期=2024-03-12 项目=PX-2 甲方=测试园区 乙方=乙投资公司
grep -qx "saved deal [0-9]*" "$T/out" && ok "... saved again" || not_ok "deal add back" "$(cat "$T/out")"
expect_exit "deal show by code" 0 D show DX-2 --json
jcheck "deal show: exact money, project and parties" 'd["amount"]=="5262000000" and d["project"]=="PX-2" and d["party_b"]=="乙投资公司"'
expect_exit "deal show as text" 0 D show DX-2
grep -qE '^金额 +52\.62 亿元$' "$T/out" && grep -qE '^乙方 +乙投资公司$' "$T/out" \
    && ok "... the fields under their Chinese names, as org show prints them" || not_ok "deal show text" "$(cat "$T/out")"
expect_exit "deal list --event" 0 D list --event EV-F-A --json
jcheck "deal list filters by event" '[x["code"] for x in d]==["DX-1"]'
expect_exit "deal list --type (Chinese)" 0 D list --type 投资协议 --json
jcheck "deal list filters by type" '[x["code"] for x in d]==["DX-2"]'
expect_exit "deal list text" 0 D list
grep -qF "DX-2	投资协议	52.62 亿元	2024-03-12	投资协议" "$T/out" && ok "deal list text shows 亿元" || not_ok "deal list text shows 亿元" "$(cat "$T/out")"
expect_exit "deal list --type unknown fails (1)" 1 D list --type 买卖
expect_exit "deal show of a missing deal fails (1)" 1 D show DX-404 --json
jcheck "missing deal: JSON error" 'd["error"]["code"]=="DJ_ENOTFOUND"'

# ---- the whole history exports and imports back to the same figures ------------
# Corrections carry 字段/原值/新值, so a copy of the database reports the same
# (the report reads corrected stages and completed investment). Histories the
# commands write with corrections (a stage corrected back, then signed again;
# a report corrected on the day a later one is written) import back too.
expect_exit "PX-3: stage corrected back to 洽谈" 0 P correct PX-3 阶段 洽谈 --date 2024-07-05 --note 误录
expect_exit "PX-3: signed again after the correction" 0 P stage PX-3 签约 --date 2024-09-01
expect_exit "PX-3: a report corrected on a day" 0 P correct PX-3 已完成投资 4200万 --date 2024-09-02 --note x
expect_exit "PX-3: a report written later that day, above the corrected one" 0 P progress PX-3 4300万 --date 2024-09-02
expect_exit "PX-3: two capital increases of one day (1)" 0 P increase PX-3 1000万 --date 2024-09-03 --note 第一笔
expect_exit "PX-3: two capital increases of one day (2)" 0 P increase PX-3 1000万 --date 2024-09-03 --note 第二笔
expect_exit "PX-3: a completed investment corrected twice in a day (1)" 0 P correct PX-3 已完成投资 4400万 --date 2024-09-04 --note x
expect_exit "PX-3: a completed investment corrected twice in a day (2)" 0 P correct PX-3 已完成投资 4300万 --date 2024-09-04 --note x
expect_exit "PX-3: a completed investment corrected twice in a day (3)" 0 P correct PX-3 已完成投资 4400万 --date 2024-09-04 --note x
expect_exit "a stage date before an earlier stage's fails (1)" 1 P add 编号=PX-5 名称=五 园区=测试园区 阶段=洽谈 开工日期=2024-03-01 签约日期=2024-05-01
err_has "the two dates are named" "开工 2024-03-01 would come before 签约 2024-05-01"
expect_exit "PX-6: started date known, not yet signed" 0 P add 编号=PX-6 名称=六 园区=测试园区 阶段=洽谈 开工日期=2024-03-01
expect_exit "PX-6: a signing after its start date fails (1)" 1 P stage PX-6 签约 --date 2024-05-01
err_has "the signing is refused naming both dates" "开工 2024-03-01 would come before 签约 2024-05-01"
# a correction from or to an empty value (stored as ""), and 总投资 corrected
# below an old progress report, import back too (stress review)
expect_exit "PX-7 added" 0 P add 编号=PX-7 名称=七 园区=测试园区 阶段=签约 总投资=1亿
expect_exit "PX-7: signing date from empty" 0 P correct PX-7 签约日期 2024-05-01 --date 2024-06-01 --note n
expect_exit "PX-7: stage corrected back the same day" 0 P correct PX-7 阶段 洽谈 --date 2024-06-01 --note n
expect_exit "PX-8 added" 0 P add 编号=PX-8 名称=八 园区=测试园区 阶段=签约 签约日期=2024-01-01 总投资=10亿
expect_exit "PX-8: progress 8亿" 0 P progress PX-8 8亿 --date 2024-06-01
expect_exit "PX-8: completed corrected to 1亿" 0 P correct PX-8 已完成投资 1亿 --date 2024-07-01 --note n
expect_exit "PX-8: total corrected to 2亿, below the old report" 0 P correct PX-8 总投资 2亿 --date 2024-07-01 --note n
mkdir -p "$T/x"
for type in orgs events projects project_updates deals; do
    "$DUIJIE" export "$type" --db "$db" -o "$T/x/$type.csv" >/dev/null || not_ok "export $type"
done
grep -q "字段,原值,新值" "$T/x/project_updates.csv" && grep -q "completed_investment" "$T/x/project_updates.csv" \
    && ok "exported corrections name the field and both values" || not_ok "exported corrections name the field and both values" "$(head -3 "$T/x/project_updates.csv")"
expect_exit "the export imports into a fresh database" 0 "$DUIJIE" import --db "$T/copy.db" "$T/x/"*.csv
for q in "--json" "--json --from 2024-01-01 --to 2024-06-30" "--json --park 测试园区 --as-of 2024-05-01"; do
    "$DUIJIE" report --db "$db" $q >"$T/r1.json" 2>&1; "$DUIJIE" report --db "$T/copy.db" $q >"$T/r2.json" 2>&1
    cmp -s "$T/r1.json" "$T/r2.json" && ok "the copy reports the same ($q)" || not_ok "the copy reports the same ($q)" "$(diff "$T/r1.json" "$T/r2.json" | head -5)"
done
"$DUIJIE" export project_updates --db "$T/copy.db" -o "$T/x/again.csv" >/dev/null
cmp -s "$T/x/project_updates.csv" "$T/x/again.csv" && ok "project history round-trips exactly" \
    || not_ok "project history round-trips exactly" "$(diff "$T/x/project_updates.csv" "$T/x/again.csv" | head -5)"
n0=$(sqlite3 "$db" "select count(*) from project_updates")
expect_exit "the export imports again into its own database" 0 "$DUIJIE" import --db "$db" "$T/x/project_updates.csv"
[ "$(sqlite3 "$db" "select count(*) from project_updates")" = "$n0" ] && ok "re-importing the history adds nothing" \
    || not_ok "re-importing the history adds nothing" "$n0 -> $(sqlite3 "$db" "select count(*) from project_updates")"
printf '项目,日期,类型,字段,新值\nPX-3,2024-07-01,更正,stage,半途\n' >"$T/badcorr.csv"
expect_exit "a correction to no stage fails (1)" 1 "$DUIJIE" import --db "$T/copy.db" --type project_updates "$T/badcorr.csv"
grep -q "badcorr.csv:2: field 新值: '半途' is no stage" "$T/err" && ok "the bad corrected stage is named" || not_ok "the bad corrected stage is named" "$(cat "$T/err")"
