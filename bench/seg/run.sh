#!/bin/bash
# bench/seg/run.sh BUILD_DIR - segmentation quality and speed on the SIGHAN
# 2005 PKU and MSR test sets, for duijie and, in the same run, jieba
# (python3-jieba, HMM on and off).
#  - F1: the bakeoff's official `score` script, given an EMPTY training-word
#    list (no bakeoff training words are used by anyone here; the OOV/IV
#    columns of the script are therefore meaningless and not shown).
#  - Speed: MB/s (10^6 bytes of UTF-8 input) of the best of several passes
#    over the whole test text in memory, on one core, dictionary load
#    excluded; CPU time of the segmenting thread, so that a busy shared
#    machine does not distort it.
set -u
cd "$(dirname "$0")/../.."
BUILD=${1:-build-release}
DATA=${DJ_SHARED_DATA:-$PWD/../shared/data}/sighan
PY=/usr/bin/python3
if [ ! -f "$DATA/score" ]; then
    echo "seg: SIGHAN data not found under $DATA; skipped"
    exit 0
fi
if [ ! -x "$BUILD/bench/bench_seg" ]; then
    echo "seg: $BUILD/bench/bench_seg not built" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.words"

f1() { # gold test
    perl "$DATA/score" "$tmp/empty.words" "$1" "$2" | awk -F'\t' '
        /^=== TOTAL TRUE WORDS RECALL/ {r=$2} /^=== TOTAL TEST WORDS PRECISION/ {p=$2}
        /^=== F MEASURE/ {f=$2} END {printf "%s %s %s", p, r, f}'
}

printf '%-14s %-6s %9s %9s %9s %9s\n' segmenter corpus precision recall F1 MB/s
for c in pku msr; do
    in="$DATA/${c}_test.utf8"
    gold="$DATA/${c}_test_gold.utf8"
    line=$("$BUILD/bench/bench_seg" -r 10 -o "$tmp/dj.$c" "$in" 2>"$tmp/dj.err")
    mbps=$(echo "$line" | sed -E 's/.*cpu_mbps=([0-9.]+).*/\1/')
    read -r p r f <<<"$(f1 "$gold" "$tmp/dj.$c")"
    printf '%-14s %-6s %9s %9s %9s %9s\n' duijie "$c" "$p" "$r" "$f" "$mbps"
    for mode in hmm nohmm; do
        if ! line=$("$PY" bench/seg/jieba_seg.py "$in" "$tmp/jb.$c.$mode" "$mode" 2 2>"$tmp/jb.err"); then
            echo "jieba ($mode) failed: $(tail -1 "$tmp/jb.err")"
            continue
        fi
        mbps=${line#mbps=}
        read -r p r f <<<"$(f1 "$gold" "$tmp/jb.$c.$mode")"
        printf '%-14s %-6s %9s %9s %9s %9s\n' "jieba-$mode" "$c" "$p" "$r" "$f" "$mbps"
    done
done
echo "duijie dictionary load: $(grep -o '[0-9.]* ms' "$tmp/dj.err")"
