#!/bin/bash
# bench/match/run.sh BUILD_DIR - matching benchmarks over ../shared/data/csl:
# duijie (`duijie bench beir`), SQLite FTS5 trigram and BM25 + jieba, per
# task (dev split), then a scale run over generated listings, built by one
# thread and again by two (dj_index_put_batch).
#   SCALE_N=1000000 bash bench/match/run.sh build-release   (default 100000)
#   SCALE_LSA=0 skips the semantic vectors in the scale run (default 64 dims)
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build-release}
DATA=${DJ_SHARED_DATA:-$PWD/../shared/data}/csl
if [ ! -f "$DATA/corpus.jsonl" ]; then
    echo "bench/match: SKIPPED - $DATA/corpus.jsonl not found (set DJ_SHARED_DATA)"
    exit 0
fi
PY=/usr/bin/python3
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# per-task options of duijie: long queries (discipline) are ranked by semantic
# vectors learned from the corpus at index time - LSA (128 dimensions) fused
# with shifted-PPMI word vectors (128 dimensions, k = 5 by default; cosine =
# mean of the two) - every
# document scored by cosine, blended with BM25 (weight 0.1) over its top 100,
# plus vector feedback from the top 20
LSA="--lsa-dim 128 --lsa-method lsa,ppmi --lsa-all --lsa-pool 100 --lsa-alpha 0.1 --lsa-fb 20 --lsa-fb-weight 2"
declare -A OPTS=([title]="" [keywords]="" [discipline]="$LSA")
printf '%-11s %-10s %8s %8s %10s %10s\n' task engine metric1 metric2 p50_ms p99_ms
for task in title keywords discipline; do
    q="$DATA/dev/queries-$task.jsonl"
    "$BUILD/duijie" bench beir --corpus "$DATA/corpus.jsonl" --queries "$q" \
        --run "$OUT/duijie-$task.txt" --k 1000 ${OPTS[$task]} >"$OUT/duijie-$task.json"
    "$BUILD/bench/bench_match" fts5 "$DATA/corpus.jsonl" "$q" "$OUT/fts5-$task.txt" 1000 \
        >"$OUT/fts5-$task.json"
    if [ -z "${SKIP_JIEBA:-}" ]; then
        $PY bench/match/bm25_jieba.py "$DATA/corpus.jsonl" "$q" "$OUT/jieba-$task.txt" 1000 \
            >"$OUT/jieba-$task.json"
    fi
    if [ "$task" != discipline ]; then # short queries at k = 10 too (latency only)
        "$BUILD/duijie" bench beir --corpus "$DATA/corpus.jsonl" --queries "$q" \
            --run "$OUT/k10-$task.txt" --k 10 >"$OUT/k10-$task.json"
        $PY -c 'import json,sys; t=json.load(open(sys.argv[1])); print("%-11s %-10s %-20s %8s %8s" % (sys.argv[2], "duijie@k10", "(latency only)", t["p50_ms"], t["p99_ms"]))' \
            "$OUT/k10-$task.json" "$task"
    fi
    for eng in duijie fts5 jieba; do
        [ -f "$OUT/$eng-$task.txt" ] || continue
        $PY bench/match/score.py "$task" "$OUT/$eng-$task.txt" "$DATA" >"$OUT/$eng-$task.score"
        $PY - "$OUT/$eng-$task.score" "$OUT/$eng-$task.json" "$task" "$eng" <<'PYEOF'
import json, sys
s = json.load(open(sys.argv[1])); t = json.load(open(sys.argv[2]))
m1 = s.get("mrr@10", s.get("p@10")); m2 = s.get("r@10", "")
name1 = "MRR@10" if "mrr@10" in s else "P@10c"
print(f"{sys.argv[3]:<11} {sys.argv[4]:<10} {name1}={m1:<6} {('R@10=' + str(m2)) if m2 != '' else '':<11} {t['p50_ms']:>8} {t['p99_ms']:>8}")
PYEOF
    done
done
N=${SCALE_N:-100000}
SCALE_LSA=${SCALE_LSA:-64}
echo "scale run: $N generated listings (seed 1), semantic vectors: $SCALE_LSA dimensions"
echo "  one thread (a dj_index_put loop):"
"$BUILD/bench/bench_match" scale "$N" 1 "$DATA/corpus.jsonl" 200 "$SCALE_LSA"
echo "  two threads (dj_index_put_batch, the same index; build_wall_s is the figure):"
"$BUILD/bench/bench_match" scale "$N" 1 "$DATA/corpus.jsonl" 200 "$SCALE_LSA" - 2
