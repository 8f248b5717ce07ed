#!/usr/bin/env bash
# bench/sched/run.sh BUILD_DIR [bench_sched options] - timetable solver
# benchmark (Release build). Prints the B2BSP table (ours vs published best),
# the generated-event table (ours vs the first-come-first-served greedy
# baseline), then, unless --only-gen or --only-b2b is given, the robustness
# lines over 100 random B2BSP-style instances and 20 generated events
# (random_b2b.py), and the store path end to end (store_event.py).
set -euo pipefail
BUILD=${1:-build-release}
cd "$(dirname "$0")/../.."
export DJ_SHARED_DATA=${DJ_SHARED_DATA:-../shared/data}
"$BUILD/bench/bench_sched" "${@:2}"
case " ${*:2} " in
*" --only-gen "* | *" --only-b2b "*) ;;
*)
    python3 bench/sched/random_b2b.py "$BUILD/duijie"
    python3 bench/sched/store_event.py "$BUILD/duijie"
    ;;
esac
