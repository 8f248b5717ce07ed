#!/bin/bash
# bench/news/run.sh BUILD_DIR - quantity spec exactness (NumberModel,
# PercentModel), gold-sample match and news extract throughput.
set -u
cd "$(dirname "$0")/../.."
BUILD=${1:-build-release}
DATA=${DJ_SHARED_DATA:-$PWD/../shared/data}
BIN="$BUILD/bench/bench_news"
if [ ! -x "$BIN" ]; then
    echo "news: $BIN not built (make release)"; exit 1
fi
echo "== news: quantities and bulletin extraction (data: $DATA) =="
"$BIN" "$DATA" "${DJ_BENCH_SECONDS:-1}"
