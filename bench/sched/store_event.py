#!/usr/bin/env python3
"""bench/sched/store_event.py DUIJIE [PARTICIPANTS ...] - the timetable through
the store, end to end: a generated event (skewed requests: counterpart i is
chosen with weight 1 / (i + 1)^0.8; 20 % must; 8 morning + 8 afternoon slots;
one pool table per 5 participants; 8 requests per participant; seed 1) is
written as import CSVs, imported into a fresh database and scheduled with
`duijie event schedule --time-limit 10 --json`. Prints one line per size:
import seconds, the command's solver and total ms, scheduled pairs, weight
against its upper bound, breaks, and whether the clock cut the run - next to a
first-come-first-served greedy over the same requests in file order (what
self-booking platforms do), computed here in the same run.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

SLOTS_AM, SLOTS_PM, PER, MUST = 8, 8, 8, 0.2
W_MUST, W_WANT = 100, 10  # DJ_APP_W_MUST / DJ_APP_W_WANT


def generate(n, rng):
    orgs = [f"生成企业{i:05d}" for i in range(n)]
    weights = [1 / (i + 1) ** 0.8 for i in range(n)]
    pairs, reqs = set(), []
    for i in range(n):
        got = 0
        while got < PER:
            j = rng.choices(range(n), weights=weights)[0]
            if j == i or (i, j) in pairs or (j, i) in pairs:
                continue
            pairs.add((i, j))
            reqs.append((i, j, rng.random() < MUST))
            got += 1
    return orgs, reqs


def write_csvs(d, orgs, reqs, tables):
    with open(os.path.join(d, "orgs.csv"), "w") as f:
        f.write("名称,类型,地区\n")
        f.writelines(f"{o},企业,450300\n" for o in orgs)
    with open(os.path.join(d, "events.csv"), "w") as f:
        f.write("编号,名称,开始日期,上午时段数,下午时段数,洽谈桌数\n")
        f.write(f"EV-BENCH,生成对接会,2026-12-10,{SLOTS_AM},{SLOTS_PM},{tables}\n")
    with open(os.path.join(d, "participants.csv"), "w") as f:
        f.write("活动,机构\n")
        f.writelines(f"EV-BENCH,{o}\n" for o in orgs)
    with open(os.path.join(d, "requests.csv"), "w") as f:
        f.write("活动,发起方,对方,意愿\n")
        f.writelines(f"EV-BENCH,{orgs[a]},{orgs[b]},{'必须' if m else '希望'}\n" for a, b, m in reqs)


def greedy(n, reqs, tables):
    """First come, first served: each request in file order takes the first
    slot where both sides are free and a table is left."""
    slots = SLOTS_AM + SLOTS_PM
    busy = [0] * n
    used = [0] * slots
    weight = placed = 0
    for a, b, must in reqs:
        for t in range(slots):
            if not (busy[a] >> t) & 1 and not (busy[b] >> t) & 1 and used[t] < tables:
                busy[a] |= 1 << t
                busy[b] |= 1 << t
                used[t] += 1
                weight += W_MUST if must else W_WANT
                placed += 1
                break
    return placed, weight


def run(duijie, n):
    rng = random.Random(1)
    tables = n // 5
    orgs, reqs = generate(n, rng)
    with tempfile.TemporaryDirectory() as d:
        write_csvs(d, orgs, reqs, tables)
        db = os.path.join(d, "bench.db")
        files = [os.path.join(d, f) for f in ("orgs.csv", "events.csv", "participants.csv", "requests.csv")]
        t0 = time.time()
        subprocess.run([duijie, "import", *files, "--db", db], check=True, capture_output=True)
        import_s = time.time() - t0
        out = subprocess.run([duijie, "event", "schedule", "EV-BENCH", "--time-limit", "10", "--json", "--db", db],
                             check=True, capture_output=True, text=True).stdout
    r = json.loads(out)
    g_placed, g_weight = greedy(n, reqs, tables)
    ub = r["weight_ub"]
    print(f"store event {n} participants, {len(reqs)} requests, {tables} tables x {SLOTS_AM + SLOTS_PM} slots: "
          f"import {import_s:.2f} s, schedule {r['ms']:.0f} ms (solver {r['solve_ms']:.0f}), "
          f"{r['scheduled']} pairs, {100.0 * r['weight'] / ub:.2f} % of the weight bound, breaks {r['breaks']}"
          f"{', clock cut' if r['clock_cut'] else ''}; greedy {g_placed} pairs, {100.0 * g_weight / ub:.2f} %")


def main():
    duijie = sys.argv[1]
    for n in [int(a) for a in sys.argv[2:]] or [200, 1000]:
        run(duijie, n)


if __name__ == "__main__":
    main()
