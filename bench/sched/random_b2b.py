#!/usr/bin/env python3
"""random_b2b.py - robustness of `duijie event solve-b2b` on random
B2BSP-style instances (all meetings required, hard fairness), beyond the
published ones.

usage: random_b2b.py DUIJIE [--count N] [--first SEED] [--limit SEC] [--seed N] [--events N]

Instance k (seeds FIRST .. FIRST+N-1) has 20-90 businesses, 8-24 slots (the
morning a third to two thirds of them), meetings between random pairs with a
Pareto-skewed partner, each business's meetings capped at 40-90 % of the
slots, sessions morning / afternoon / either in the ratio 1 : 1 : 6, a fifth
of the businesses with 1-3 forbidden slots, 3 % of the meetings fixed inside
their domain, up to nMeetings / 20 random precedences, and tables for 1.1-2.5
times the meetings per slot. Many are infeasible on purpose (a fixed slot
taken twice, a precedence cycle); those must be proven so.

Then --events (default 20) events written by `duijie gen event` with random
sizes and options (20-400 participants, 8-24 slots, tables for 15-50 % of
the participants, 2-8 requests each, 0/30/70/100 % must, 0/10/30 % booths):
optional meetings, meeting limits and booths, the model of a real 对接会.

Each is solved with --time-limit SEC; every schedule is checked by
tests/integration/b2b_check.py. Prints one line per outcome worth a look and
the totals: settled (a valid schedule or a proof) out of N, and the breaks
against the lower bounds over the instances with a schedule."""
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = os.path.join(HERE, "..", "..", "tests", "integration", "b2b_check.py")


def instance(seed):
    """The .dzn text of instance `seed`."""
    rnd = random.Random(seed)
    nb = rnd.randint(20, 90)
    ns = rnd.choice([8, 10, 12, 16, 20, 22, 24])
    nmorn = rnd.randint(ns // 3, 2 * ns // 3)
    cap = max(2, int(ns * rnd.uniform(0.4, 0.9)))
    deg = [0] * (nb + 1)
    pairs, rows = set(), []
    target = int(nb * rnd.uniform(1.5, 5))
    for _ in range(100000):
        if len(rows) >= target:
            break
        a = rnd.randint(1, nb)
        if rnd.random() < 0.5:
            b = int(min(nb, max(1, rnd.paretovariate(1.2))))
        else:
            b = rnd.randint(1, nb)
        key = (min(a, b), max(a, b))
        if a == b or key in pairs or deg[a] >= cap or deg[b] >= cap:
            continue
        pairs.add(key)
        deg[a] += 1
        deg[b] += 1
        rows.append((a, b, rnd.choices([1, 2, 3], [1, 1, 6])[0]))
    nm = len(rows)
    tables = max(1, int(nm / ns * rnd.uniform(1.1, 2.5)))
    forb = []
    for _ in range(nb):
        f = set()
        if rnd.random() < 0.2:
            for _ in range(rnd.randint(1, 3)):
                f.add(rnd.randint(1, ns))
        forb.append(f)
    fixed = [0] * nm
    for i, (a, b, s) in enumerate(rows):
        if rnd.random() < 0.03:
            dom = [t for t in range(1, ns + 1)
                   if t not in forb[a - 1] and t not in forb[b - 1]
                   and (s == 3 or (s == 1 and t <= nmorn) or (s == 2 and t > nmorn))]
            if dom:
                fixed[i] = rnd.choice(dom)
    prec = [set() for _ in range(nm)]
    for _ in range(rnd.randint(0, nm // 20)):
        x, y = rnd.randrange(nm), rnd.randrange(nm)
        if x != y:
            prec[y].add(x + 1)
    out = [f"nBusiness = {nb};", f"nMeetings = {nm};", f"nTables = {tables};",
           f"nTotalSlots = {ns};", f"nMorningSlots = {nmorn};",
           "requested = [|" + "|".join(f"{a},{b},{s}" for a, b, s in rows) + "|];",
           "forbidden = [" + ",".join("{" + (",".join(map(str, sorted(f))) or "0") + "}"
                                      for f in forb) + "];",
           "fixed = [" + ",".join(map(str, fixed)) + "];",
           "precedences = [" + ",".join("{" + ",".join(map(str, sorted(p))) + "}"
                                        for p in prec) + "];"]
    return "\n".join(out) + "\n"


def gen_event(duijie, seed, path):
    """Writes event `seed` with `duijie gen event` to path."""
    rnd = random.Random(seed)
    people = rnd.randint(20, 400)
    subprocess.run([duijie, "gen", "event", "--participants", str(people),
                    "--slots", str(rnd.choice([8, 10, 12, 16, 20, 24])),
                    "--tables", str(max(1, int(people * rnd.uniform(0.15, 0.5)))),
                    "--requests-per", str(rnd.randint(2, 8)), "--seed", str(seed),
                    "--must-pct", str(rnd.choice([0, 30, 70, 100])),
                    "--booth-pct", str(rnd.choice([0, 10, 30])), "--out", path], check=True)


class Tally:
    """Outcomes of a set of runs."""

    def __init__(self):
        self.feasible = self.proven = self.unknown = self.invalid = 0
        self.breaks = self.lbs = 0

    def run(self, duijie, path, name, limit, seed, tmp):
        """Solves path, checks the schedule, counts the outcome."""
        run = subprocess.run([duijie, "event", "solve-b2b", path, "--time-limit", limit,
                              "--seed", seed, "--json"], capture_output=True, text=True)
        res = json.loads(run.stdout)
        if res.get("infeasible"):
            if res.get("proven"):
                self.proven += 1
            else:
                self.unknown += 1
                print(f"{name}: not settled: {res['reason']}")
            return
        rpath = os.path.join(tmp, "result.json")
        with open(rpath, "w", encoding="utf-8") as f:
            f.write(run.stdout)
        chk = subprocess.run([sys.executable, CHECK, path, rpath], capture_output=True, text=True)
        if chk.returncode != 0:
            self.invalid += 1
            print(f"{name}: INVALID schedule: {chk.stdout.strip()}")
            return
        self.feasible += 1
        self.breaks += res["breaks"]
        self.lbs += res["lower_bound"]

    def line(self, what, n):
        return (f"{what}: settled {self.feasible + self.proven}/{n} ({self.feasible} valid "
                f"schedules, {self.proven} proven infeasible), not settled {self.unknown}, "
                f"invalid {self.invalid}; breaks {self.breaks} against lower bounds {self.lbs}")


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    duijie, opt = args[0], {"--count": "100", "--first": "200", "--limit": "1", "--seed": "1",
                            "--events": "20"}
    for i in range(1, len(args) - 1, 2):
        if args[i] not in opt:
            sys.exit(f"unknown option {args[i]}\n" + __doc__)
        opt[args[i]] = args[i + 1]
    count, first, events = int(opt["--count"]), int(opt["--first"]), int(opt["--events"])
    b2b, gen = Tally(), Tally()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(first, first + count):
            path = os.path.join(tmp, f"random-{seed}.dzn")
            with open(path, "w", encoding="utf-8") as f:
                f.write(instance(seed))
            b2b.run(duijie, path, f"random-{seed}", opt["--limit"], opt["--seed"], tmp)
        for seed in range(first, first + events):
            path = os.path.join(tmp, f"event-{seed}.dzn")
            gen_event(duijie, seed, path)
            gen.run(duijie, path, f"event-{seed}", opt["--limit"], opt["--seed"], tmp)
    print(b2b.line(f"random B2BSP-style instances {first}-{first + count - 1}, {opt['--limit']} s, "
                   f"seed {opt['--seed']}", count))
    print(gen.line(f"generated events {first}-{first + events - 1} (duijie gen event), "
                   f"{opt['--limit']} s", events))
    sys.exit(1 if b2b.invalid or gen.invalid else 0)


if __name__ == "__main__":
    main()
