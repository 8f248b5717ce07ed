#!/bin/bash
# News drafts review (issue 6): `duijie news import` stores draft events,
# deals and projects as pending without creating any record; `news accept`
# creates the real record (missing required fields are named, nothing
# changes on failure); `news reject`; importing again adds nothing.
# Uses tests/data/news_review/page.txt, plus the shared sample page when
# $DJ_SHARED_DATA has it.
. "$(dirname "$0")/lib.sh"
PAGE="$DJ_SOURCE_DIR/tests/data/news_review/page.txt"
db="$T/news.db"

q() { sqlite3 "$db" "$1"; }
records() { q "SELECT (SELECT count(*) FROM events)||' '||(SELECT count(*) FROM deals)||' '||(SELECT count(*) FROM projects)"; }
# expect_eq NAME GOT WANT
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', wanted '$3'"; fi; }
err_lacks() { grep -qF -- "$2" "$T/err" && not_ok "$1" "stderr: $(head -c 400 "$T/err")" || ok "$1"; }
# draft_id N: the id of the N-th draft (1-based) of the last import --json
draft_id() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["drafts"][int(sys.argv[2])-1]["id"])' "$T/import.json" "$1"; }

# ---- extract is unchanged and touches no database
(cd "$T" && "$DUIJIE" news extract --json "$PAGE" >"$T/extract.json" 2>"$T/err")
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["articles"])==3 and d["articles"][0]["place"]=="南宁高新区"' "$T/extract.json" \
    && ok "news extract --json still prints the articles" || not_ok "news extract --json still prints the articles" "$(head -c 300 "$T/extract.json")"
[ ! -e "$T/duijie.db" ] && ok "news extract opens no database" || not_ok "news extract opens no database"
expect_exit "news --help exits 0" 0 "$DUIJIE" news --help
grep -q "duijie news accept ID" "$T/out" && ok "news --help describes accept" || not_ok "news --help describes accept"

# ---- the text as other tools save it: GBK, a UTF-8 BOM; a PDF itself; broken bytes
iconv -f UTF-8 -t GB18030 "$PAGE" >"$T/page_gbk.txt"
(printf '\357\273\277'; cat "$PAGE") >"$T/page_bom.txt"
for v in gbk bom; do
    "$DUIJIE" news extract --json "$T/page_$v.txt" >"$T/extract_$v.json" 2>"$T/err"
    cmp -s "$T/extract.json" "$T/extract_$v.json" && ok "news extract of the $v page = the UTF-8 page" \
        || not_ok "news extract of the $v page = the UTF-8 page" "$(head -c 300 "$T/err")"
done
printf '%%PDF-1.4\n%%\342\343\317\323\n1 0 obj\n' >"$T/page.pdf"
expect_exit "news extract of a PDF fails (1)" 1 "$DUIJIE" news extract "$T/page.pdf"
err_has "the PDF error says to extract the text first" "extract the text first"
expect_exit "news import of a PDF fails (1)" 1 "$DUIJIE" news import --db "$T/pdf.db" "$T/page.pdf"
err_has "the import's PDF error names the file" "page.pdf: this is a PDF file"
[ ! -e "$T/pdf.db" ] && ok "an import of a PDF creates no database" || not_ok "an import of a PDF creates no database"
# a file that cannot be read is an error, before any database is created
mkdir -p "$T/adir"
expect_exit "news extract of a directory fails (1)" 1 "$DUIJIE" news extract "$T/adir"
err_has "the directory error says why" "adir: cannot read: Is a directory"
expect_exit "news import of a directory fails (1)" 1 "$DUIJIE" news import --db "$T/dir.db" "$T/adir"
[ ! -e "$T/dir.db" ] && ok "an import of a directory creates no database" || not_ok "an import of a directory creates no database"
expect_exit "news import of a missing file fails (1)" 1 "$DUIJIE" news import --db "$T/nf.db" "$T/missing.txt"
err_has "the missing-file error names it" "missing.txt: cannot open"
[ ! -e "$T/nf.db" ] && ok "an import of a missing file creates no database" || not_ok "an import of a missing file creates no database"
(head -n 3 "$PAGE"; printf 'bad \377\376 bytes\n') >"$T/page_broken.txt"
expect_exit "news extract of broken UTF-8 fails (1)" 1 "$DUIJIE" news extract "$T/page_broken.txt"
err_has "the error names file and line" "page_broken.txt:4:"

# ---- import stores pending drafts and no records
expect_exit "news import stores the drafts" 0 "$DUIJIE" news import --db "$db" --json "$PAGE"
cp "$T/out" "$T/import.json"
python3 - "$T/import.json" <<'EOF' && ok "import --json lists 4 new pending drafts with ids" || not_ok "import --json lists 4 new pending drafts with ids" "$(head -c 400 "$T/import.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["source"] == "page.txt" and d["articles"] == 3 and d["new"] == 4 and d["existing"] == 0, d
k = [x["kind"] for x in d["drafts"]]
assert k == ["event", "deal", "project", "project"], k
assert all(x["status"] == "pending" and x["id"] > 0 and x["record_id"] is None for x in d["drafts"])
assert d["drafts"][1]["amount_fen"] == 120000000 and d["drafts"][2]["amount_fen"] == 85000000000
p = d["drafts"][2]["payload"]
assert p["land_mu"] == 80 and "8.5亿元" in p["evidence"]["text"] and p["article"]["index"] == 1, p
EOF
expect_eq "4 drafts stored, all pending" "$(q "SELECT count(*) FROM news_drafts WHERE status='pending'")" 4
expect_eq "import creates no events, deals or projects" "$(records)" "0 0 0"
E=$(draft_id 1); D=$(draft_id 2); P=$(draft_id 3); P2=$(draft_id 4)
audits=$(q "SELECT count(*) FROM audit_log")
expect_exit "news import of a directory into a database fails (1)" 1 "$DUIJIE" news import --db "$db" "$T/adir"
expect_eq "a failed import writes no audit entry" "$(q "SELECT count(*) FROM audit_log")" "$audits"

expect_exit "news drafts --status pending" 0 "$DUIJIE" news drafts --db "$db" --status pending --json
cp "$T/out" "$T/pending.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==4 and d[0]["payload"]["date"]=="2024年3月12日"' "$T/out" \
    && ok "drafts --json lists the pending drafts with their payload" || not_ok "drafts --json lists the pending drafts" "$(head -c 300 "$T/out")"
expect_exit "news drafts (text)" 0 "$DUIJIE" news drafts --db "$db"
grep -q "生物医药产业对接会" "$T/out" && ok "drafts prints names" || not_ok "drafts prints names" "$(head -c 300 "$T/out")"
expect_exit "news show ID" 0 "$DUIJIE" news show "$P" --db "$db"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["kind"]=="project" and d["place"]=="柳州经开区"' "$T/out" \
    && ok "show prints one draft" || not_ok "show prints one draft" "$(head -c 300 "$T/out")"
expect_exit "drafts with a bad --status is a usage error" 2 "$DUIJIE" news drafts --db "$db" --status maybe
expect_exit "news drafts --limit 2 --offset 1 --json" 0 "$DUIJIE" news drafts --db "$db" --status pending --limit 2 --offset 1 --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e=json.load(open(sys.argv[2])); assert [x["id"] for x in d]==[x["id"] for x in e[1:3]]' "$T/out" "$T/pending.json" \
    && ok "... the 2nd and 3rd pending drafts" || not_ok "drafts page" "$(head -c 300 "$T/out")"
expect_exit "news drafts --limit 2 (text)" 0 "$DUIJIE" news drafts --db "$db" --status pending --limit 2
err_has "... says where the rest are" "1-2 of 4; --offset 2 for the next 2"
expect_exit "news show --limit is a usage error" 2 "$DUIJIE" news show "$P" --limit 2 --db "$db"
expect_exit "accept without an ID is a usage error" 2 "$DUIJIE" news accept --db "$db"
expect_exit "accept of a missing draft fails (1)" 1 "$DUIJIE" news accept 9999 编号=X --db "$db" --json
grep -q '"code":"DJ_ENOTFOUND"' "$T/out" && ok "missing draft is DJ_ENOTFOUND" || not_ok "missing draft is DJ_ENOTFOUND" "$(cat "$T/out")"

# ---- accept with missing fields fails, names them, changes nothing
before=$(db_digest "$db")
expect_exit "accept of a project without fields fails (1)" 1 "$DUIJIE" news accept "$P" --db "$db"
err_has "the error names 编号" "编号 (code)"
err_has "the error names 阶段" "阶段 (stage)"
err_has "the error names 园区 (no park of that name yet)" "园区 (park)"
err_lacks "the error does not ask for 名称 (prefilled)" "名称"
err_lacks "the error does not ask for 总投资 (prefilled)" "总投资"
expect_eq "failed accept leaves the database unchanged" "$(db_digest "$db")" "$before"

expect_exit "add the park organisation" 0 "$DUIJIE" org add --db "$db" 名称=柳州经开区 类型=park 地区=450200
before=$(db_digest "$db")
expect_exit "accept with 编号 only still fails (1)" 1 "$DUIJIE" news accept "$P" 编号=NR-P1 --db "$db"
err_has "now only 阶段 is missing" "missing required field 阶段 (stage)"
err_lacks "the place resolved to the park" "园区"
expect_exit "accept with an unknown field fails (1)" 1 "$DUIJIE" news accept "$P" 编号=NR-P1 阶段=签约 颜色=红 --db "$db"
err_has "the error names the unknown field" "颜色"
expect_exit "accept with a bad value fails (1)" 1 "$DUIJIE" news accept "$P" 编号=NR-P1 阶段=签约 计划开工=明年 --db "$db"
err_has "the error names the bad field" "计划开工"
expect_eq "failed accepts leave the database unchanged" "$(db_digest "$db")" "$before"
expect_eq "still no records" "$(records)" "0 0 0"

# ---- accept with fields creates the record and marks the draft
expect_exit "accept the project" 0 "$DUIJIE" news accept "$P" 编号=NR-P1 阶段=签约 --db "$db" --json
pid=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["record_type"]=="projects"; print(d["record_id"])' "$T/out")
expect_eq "the project exists with the draft's figures" \
    "$(q "SELECT code||'|'||park||'|'||stage||'|'||total_investment||'|'||land_mu||'|'||jobs||'|'||annual_output FROM v_projects WHERE id=${pid:-0}")" \
    "NR-P1|柳州经开区|signed|85000000000|8000|600|150000000000"
expect_eq "the draft is accepted and points at the project" \
    "$(q "SELECT status||' '||record_type||' '||record_id||' '||reviewer FROM news_drafts WHERE id=$P")" "accepted projects ${pid:-?} cli"
expect_eq "accept is audited" "$(q "SELECT count(*) FROM audit_log WHERE action='news.accept' AND entity_id=$P")" 1
expect_exit "accepting it again fails (1)" 1 "$DUIJIE" news accept "$P" 编号=NR-P9 阶段=签约 --db "$db"
err_has "the error says it is accepted" "already accepted"

before=$(db_digest "$db")
expect_exit "accept with an existing 编号 fails (1)" 1 "$DUIJIE" news accept "$P2" 编号=NR-P1 阶段=开工 --db "$db"
err_has "the error says the 编号 exists" "already exists"
expect_eq "no overwrite: the database is unchanged" "$(db_digest "$db")" "$before"
expect_exit "accept with an overridden name" 0 "$DUIJIE" news accept "$P2" 编号=NR-P2 阶段=开工 名称=某新材料项目 --db "$db"
expect_eq "the override wins over the draft's name" "$(q "SELECT name||'|'||total_investment FROM projects WHERE code='NR-P2'")" "某新材料项目|30000000000"

expect_exit "accept of the event without fields fails (1)" 1 "$DUIJIE" news accept "$E" --db "$db"
err_has "the event needs 编号" "编号 (code)"
err_lacks "开始日期 is taken from the article's full date" "开始日期"
expect_exit "accept the event" 0 "$DUIJIE" news accept "$E" 编号=NR-E1 --db "$db"
expect_eq "the event has the draft's name and date" "$(q "SELECT name||'|'||start_date FROM events WHERE code='NR-E1'")" "生物医药产业对接会|2024-03-12"
expect_exit "accept the deal" 0 "$DUIJIE" news accept "$D" 编号=NR-D1 名称=生物医药技术转让 活动=NR-E1 --db "$db"
expect_eq "the deal has the amount, type (from 技术转让), date and event" \
    "$(q "SELECT type||'|'||amount||'|'||signed_on||'|'||event FROM v_deals WHERE code='NR-D1'")" "tech_transfer|120000000|2024-03-12|NR-E1"
expect_eq "three records now" "$(records)" "1 1 2"

# ---- reject
expect_exit "reject needs a pending draft" 1 "$DUIJIE" news reject "$E" --db "$db"
expect_eq "no pending drafts remain" "$(q "SELECT count(*) FROM news_drafts WHERE status='pending'")" 0

# a second file: one more draft to reject
sed 's/120万元/150万元/' "$PAGE" >"$T/page2.txt"
expect_exit "import of a changed page" 0 "$DUIJIE" news import --db "$db" --json "$T/page2.txt"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["new"]==1 and d["existing"]==3, d' "$T/out" \
    && ok "only the changed draft is new" || not_ok "only the changed draft is new" "$(head -c 300 "$T/out")"
R=$(python3 -c 'import json,sys; print([x["id"] for x in json.load(open(sys.argv[1]))["drafts"] if x["status"]=="pending"][0])' "$T/out")
expect_exit "reject the draft" 0 "$DUIJIE" news reject "$R" --db "$db" --json
expect_eq "the draft is rejected" "$(q "SELECT status||' '||(record_id IS NULL) FROM news_drafts WHERE id=$R")" "rejected 1"
expect_exit "rejecting again fails (1)" 1 "$DUIJIE" news reject "$R" --db "$db"
expect_exit "accepting a rejected draft fails (1)" 1 "$DUIJIE" news accept "$R" 编号=NR-D2 --db "$db"
expect_exit "drafts --status rejected" 0 "$DUIJIE" news drafts --db "$db" --status rejected --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [x["id"] for x in d]==[int(sys.argv[2])]' "$T/out" "$R" \
    && ok "rejected drafts are listed by status" || not_ok "rejected drafts are listed by status" "$(head -c 300 "$T/out")"

# ---- re-import does not duplicate (whatever the drafts' state)
expect_exit "re-import of the same file" 0 "$DUIJIE" news import --db "$db" "$PAGE"
grep -q "0 new, 4 already stored" "$T/out" && ok "re-import reports nothing new" || not_ok "re-import reports nothing new" "$(head -3 "$T/out")"
expect_eq "still 5 drafts" "$(q "SELECT count(*) FROM news_drafts")" 5
expect_eq "statuses unchanged" "$(q "SELECT group_concat(status, ',') FROM (SELECT status FROM news_drafts ORDER BY id)")" "accepted,accepted,accepted,accepted,rejected"
expect_eq "records unchanged" "$(records)" "1 1 2"

# ---- the shared sample page
SAMPLE="${DJ_SHARED_DATA:-$DJ_SOURCE_DIR/../shared/data}/news/sample-page.txt"
if [ -f "$SAMPLE" ]; then
    db="$T/sample.db"
    expect_exit "import the shared sample page" 0 "$DUIJIE" news import --db "$db" --json "$SAMPLE"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["new"]==len(d["drafts"])>=3 and all(x["status"]=="pending" for x in d["drafts"]) and {"event","deal","project"} <= {x["kind"] for x in d["drafts"]}, d' "$T/out" \
        && ok "sample: event, deal and project drafts stored pending" || not_ok "sample: drafts stored pending" "$(head -c 300 "$T/out")"
    expect_eq "sample: no records created" "$(records)" "0 0 0"
    n=$(q "SELECT count(*) FROM news_drafts")
    expect_exit "sample: re-import" 0 "$DUIJIE" news import --db "$db" "$SAMPLE"
    expect_eq "sample: re-import does not duplicate" "$(q "SELECT count(*) FROM news_drafts")" "$n"
    P=$(q "SELECT id FROM news_drafts WHERE kind='project' ORDER BY id LIMIT 1")
    expect_exit "sample: accept a project without fields fails (1)" 1 "$DUIJIE" news accept "$P" --db "$db"
    err_has "sample: the error lists 编号, 园区 and 阶段" "编号 (code), 园区 (park), 阶段 (stage)"
else
    echo "# SKIP shared sample page: $SAMPLE not found (set DJ_SHARED_DATA)"
fi

# an option the subcommand does not take is a usage error, not ignored
expect_exit "news import --status is a usage error (2)" 2 "$DUIJIE" news import "$T/none.txt" --status pending --db "$T/none.db"
err_has "... naming the option" "import does not take --status"
expect_exit "news extract --db is a usage error (2)" 2 "$DUIJIE" news extract "$T/none.txt" --db "$T/none.db"
err_has "... naming the option" "extract does not take --db"

# news extract prints money as a bulletin writes it (286.5 万元, 46.2 亿元), not
# in yuan (before 2026-12-03: 2865000 元); --json keeps exact yuan.
printf '本报讯 近日，园区签约技术开发合同金额286.5万元，总投资额46.2亿元。\n' >"$T/money.txt"
expect_exit "news extract of amounts" 0 "$DUIJIE" news extract "$T/money.txt"
grep -q '合同金额 *286.5 万元' "$T/out" && grep -q '总投资额 *46.2 亿元' "$T/out" \
    && ok "... prints 万元 and 亿元" || not_ok "... money in the text output" "$(cat "$T/out")"
expect_exit "news extract --json of amounts" 0 "$DUIJIE" news extract "$T/money.txt" --json
python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["articles"][0]["facts"]; assert [x["value"] for x in f]==[2865000, 4620000000], f' "$T/out" \
    && ok "... --json keeps yuan" || not_ok "... --json money" "$(cat "$T/out")"
