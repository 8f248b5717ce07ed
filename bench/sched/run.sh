#!/usr/bin/env bash
# bench/sched/run.sh BUILD_DIR - timetable solver benchmark (Release build).
# Prints the B2BSP table (ours vs published best) and the generated-event
# table (ours vs the first-come-first-served greedy baseline).
set -euo pipefail
BUILD=${1:-build-release}
cd "$(dirname "$0")/../.."
export DJ_SHARED_DATA=${DJ_SHARED_DATA:-../shared/data}
exec "$BUILD/bench/bench_sched" "${@:2}"
