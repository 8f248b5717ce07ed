#!/bin/bash
# test_bench_beir.sh - `duijie bench beir`, a fixed interface other tools
# depend on: a TREC run file (qid Q0 docid rank score duijie) in rank order
# with at most k lines per query, the query's "exclude" document never
# returned, one JSON line of figures, and bad input named by file and line.
. "$(dirname "$0")/lib.sh"

cat >"$T/corpus.jsonl" <<'J'
{"_id": "d1", "text": "基于深度学习的锂电池健康状态估计方法研究"}
{"_id": "d2", "text": "锂电池正极材料的制备与电化学性能"}

{"_id": "d3", "title": "水稻育种", "text": "耐盐碱水稻新品种的选育与推广"}
{"_id": "d4", "text": "城市轨道交通客流预测模型"}
J
cat >"$T/queries.jsonl" <<'J'
{"_id": "q1", "text": "锂电池健康状态估计"}
{"_id": "q2", "text": "锂电池", "exclude": "d1"}
{"_id": "q3", "text": "水稻育种"}
J

expect_exit "beir: runs" 0 "$DUIJIE" bench beir --corpus "$T/corpus.jsonl" \
    --queries "$T/queries.jsonl" --run "$T/run.txt" --k 2
cp "$T/out" "$T/figures.json"
if python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["docs"]==4 and j["queries"]==3, j; [j[k] for k in ("index_ms","index_bytes","rss_mb","p50_ms","p99_ms","mean_ms")]; assert 0 < j["p50_ms"] <= j["p99_ms"], j' "$T/figures.json" 2>"$T/err"; then
    ok "beir: one JSON line with docs, queries, index and latency figures"
else not_ok "beir: one JSON line with docs, queries, index and latency figures" "$(cat "$T/figures.json" "$T/err")"; fi
if awk 'NF != 6 || $2 != "Q0" || $6 != "duijie" { bad = 1 } END { exit bad }' "$T/run.txt"; then
    ok "beir: run lines are qid Q0 docid rank score duijie"
else not_ok "beir: run lines are qid Q0 docid rank score duijie" "$(head -5 "$T/run.txt")"; fi
if [ "$(awk '$1 == "q1" && $4 == 1 { print $3 }' "$T/run.txt")" = d1 ]; then
    ok "beir: the matching document ranks first"
else not_ok "beir: the matching document ranks first" "$(cat "$T/run.txt")"; fi
if ! awk '$1 == "q2" { print $3 }' "$T/run.txt" | grep -qx d1 &&
    awk '$1 == "q2" { print $3 }' "$T/run.txt" | grep -qx d2; then
    ok "beir: the excluded document is never returned"
else not_ok "beir: the excluded document is never returned" "$(cat "$T/run.txt")"; fi
if awk '{ n[$1]++; if ($4 != n[$1]) bad = 1 } END { for (q in n) if (n[q] > 2) bad = 1; exit bad }' \
    "$T/run.txt"; then
    ok "beir: ranks 1, 2, ... and at most k lines per query"
else not_ok "beir: ranks 1, 2, ... and at most k lines per query" "$(cat "$T/run.txt")"; fi

printf '{"_id": "a", "text": "x"}\nnot json\n' >"$T/bad.jsonl"
expect_exit "beir: a bad corpus line fails" 1 "$DUIJIE" bench beir --corpus "$T/bad.jsonl" \
    --queries "$T/queries.jsonl" --run "$T/run2.txt"
if grep -q 'bad.jsonl:2: not a JSON object with an "_id"' "$T/err"; then
    ok "beir: the error names the file and line"
else not_ok "beir: the error names the file and line" "$(cat "$T/err")"; fi
# More than one chunk of 1,024 documents: the run file does not depend on the
# threads analysing the corpus, and a bad line in a later chunk is named.
awk 'BEGIN { split("锂电池 水稻 轨道交通 光伏 氢能 芯片 疫苗 钢结构", w, " ");
    for (i = 1; i <= 2100; i++)
        printf "{\"_id\": \"c%d\", \"text\": \"%s%s的研究%d\"}\n", i, w[i % 8 + 1], w[int(i / 8) % 8 + 1], i }' \
    >"$T/many.jsonl"
for t in 1 3; do
    expect_exit "beir: --threads $t" 0 "$DUIJIE" bench beir --corpus "$T/many.jsonl" \
        --queries "$T/queries.jsonl" --run "$T/many$t.txt" --threads "$t"
    grep -q "\"docs\":2100,.*\"threads\":$t}" "$T/out" \
        && ok "beir: --threads $t indexes 2,100 documents" || not_ok "beir: --threads $t" "$(cat "$T/out")"
done
[ -s "$T/many1.txt" ] && cmp -s "$T/many1.txt" "$T/many3.txt" \
    && ok "beir: the same run file with 1 and 3 threads" || not_ok "beir: threads change the run file"
{ head -1500 "$T/many.jsonl"; echo '{"_id": "bad", "text": 5}'; } >"$T/late.jsonl"
expect_exit "beir: a bad line in a later chunk fails" 1 "$DUIJIE" bench beir --corpus "$T/late.jsonl" \
    --queries "$T/queries.jsonl" --run "$T/run6.txt"
grep -q 'late.jsonl:1501: "text" is not a string' "$T/err" \
    && ok "beir: ... naming line 1501" || not_ok "beir: late bad line" "$(cat "$T/err")"
# ids written as JSON integers (as some converters do) are read as their decimal text
printf '{"_id": 1, "text": "锂电池健康状态估计"}\n{"_id": 2, "text": "锂电池正极材料"}\n' >"$T/intc.jsonl"
printf '{"_id": 7, "text": "锂电池", "exclude": 1}\n' >"$T/intq.jsonl"
expect_exit "beir: integer ids" 0 "$DUIJIE" bench beir --corpus "$T/intc.jsonl" \
    --queries "$T/intq.jsonl" --run "$T/run5.txt" --k 5
[ "$(cat "$T/run5.txt" | cut -d' ' -f1-4)" = "7 Q0 2 1" ] \
    && ok "beir: integer _id and exclude work like strings" || not_ok "beir: integer ids" "$(cat "$T/run5.txt")"
expect_exit "beir: --k 0 is a usage error" 2 "$DUIJIE" bench beir --corpus "$T/corpus.jsonl" \
    --queries "$T/queries.jsonl" --run "$T/run3.txt" --k 0
expect_exit "beir: a missing corpus fails" 1 "$DUIJIE" bench beir --corpus "$T/none.jsonl" \
    --queries "$T/queries.jsonl" --run "$T/run4.txt"
# A run file names documents and queries by id: one id twice (7 and "7" too),
# an empty id or one with a blank would make it wrong, so they are refused.
printf '{"_id": "d1", "text": "光模块"}\n{"_id": "d1", "text": "光模块 光模块"}\n' >"$T/dupc.jsonl"
expect_exit "beir: a document id twice fails" 1 "$DUIJIE" bench beir --corpus "$T/dupc.jsonl" \
    --queries "$T/queries.jsonl" --run "$T/run6.txt"
grep -q "dupc.jsonl:2: document _id 'd1' again (first on line 1)" "$T/err" \
    && ok "beir: ... naming both lines" || not_ok "beir: duplicate document id" "$(cat "$T/err")"
printf '{"_id": 7, "text": "光模块"}\n{"_id": "7", "text": "光"}\n' >"$T/dupi.jsonl"
expect_exit "beir: 7 and \"7\" are one id" 1 "$DUIJIE" bench beir --corpus "$T/dupi.jsonl" \
    --queries "$T/queries.jsonl" --run "$T/run6.txt"
for id in '""' '"d 1"' '"d\t1"' '"d\n1"'; do
    printf '{"_id": %s, "text": "光模块"}\n' "$id" >"$T/blank.jsonl"
    expect_exit "beir: the id $id is refused" 1 "$DUIJIE" bench beir --corpus "$T/blank.jsonl" \
        --queries "$T/queries.jsonl" --run "$T/run6.txt"
done
grep -q 'blank.jsonl:1: the "_id" is empty or holds a blank' "$T/err" \
    && ok "beir: ... naming file and line" || not_ok "beir: blank id" "$(cat "$T/err")"
printf '{"_id": "q1", "text": "光模块"}\n{"_id": "q1", "text": "光"}\n' >"$T/dupq.jsonl"
expect_exit "beir: a query id twice fails" 1 "$DUIJIE" bench beir --corpus "$T/corpus.jsonl" \
    --queries "$T/dupq.jsonl" --run "$T/run6.txt"
[ ! -e "$T/run6.txt" ] && [ ! -e "$T/run6.txt.tmp" ] \
    && ok "beir: failed runs leave no run file" || not_ok "beir: failed runs leave no run file"
# A query file that fails half-way leaves an earlier run file as it was.
cp "$T/run.txt" "$T/keep.txt"
printf '{"_id": "q1", "text": "锂电池"}\n[1, 2]\n' >"$T/halfq.jsonl"
expect_exit "beir: a bad query line fails" 1 "$DUIJIE" bench beir --corpus "$T/corpus.jsonl" \
    --queries "$T/halfq.jsonl" --run "$T/run.txt"
cmp -s "$T/run.txt" "$T/keep.txt" && [ ! -e "$T/run.txt.tmp" ] \
    && ok "beir: ... and the earlier run file is unchanged" || not_ok "beir: partial run file written"
# A text or exclude of another type is an error, not an empty text or no exclusion.
printf '{"_id": "d1", "text": 5}\n' >"$T/typec.jsonl"
expect_exit "beir: a non-string text fails" 1 "$DUIJIE" bench beir --corpus "$T/typec.jsonl" \
    --queries "$T/queries.jsonl" --run "$T/run7.txt"
grep -q 'typec.jsonl:1: "text" is not a string' "$T/err" && ok "beir: ... naming file, line and key" \
    || not_ok "beir: non-string text" "$(cat "$T/err")"
printf '{"_id": "q1", "text": "锂电池", "exclude": ["d1"]}\n' >"$T/typeq.jsonl"
expect_exit "beir: a list as exclude fails" 1 "$DUIJIE" bench beir --corpus "$T/corpus.jsonl" \
    --queries "$T/typeq.jsonl" --run "$T/run7.txt"
# bad arguments are named: an option out of range, an extra argument
for bad in "--repeat 0" "--threads 1000000" "--lsa-seed -5"; do
    # shellcheck disable=SC2086 # the option and its value
    expect_exit "beir: $bad is a usage error (2)" 2 "$DUIJIE" bench beir --corpus "$T/many.jsonl" \
        --queries "$T/queries.jsonl" --run "$T/bad.txt" $bad
    grep -qF "bad ${bad%% *} '${bad#* }'" "$T/err" && ok "beir: $bad names its option" \
        || not_ok "beir: $bad names its option" "$(cat "$T/err")"
done
expect_exit "beir: an extra argument is a usage error (2)" 2 "$DUIJIE" bench beir --corpus "$T/many.jsonl" \
    --queries "$T/queries.jsonl" --run "$T/bad.txt" extra
