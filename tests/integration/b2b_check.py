#!/usr/bin/env python3
"""b2b_check.py - checks the JSON of `duijie event solve-b2b` against its .dzn
file, independently of the solver's own verifier.

usage: b2b_check.py FILE.dzn RESULT.json

Reads the standard B2BSP items (nBusiness, nMeetings, nTables, nTotalSlots,
nMorningSlots, requested, forbidden, fixed, precedences) and checks: the
fixed keys, one slot per requested row, every meeting scheduled, no
participant twice in a slot, at most nTables meetings per slot, sessions (1
morning, 2 afternoon), forbidden and fixed slots, precedences (strictly
earlier), and that breaks, max_breaks and min_breaks equal what the slots
give (a break is a maximal run of empty slots between a participant's first
and last meeting of the day; max/min over participants with two or more
meetings) with max - min <= 2 and lower_bound <= breaks.

With duijie's extensions (docs/sched.md, as `duijie gen event` writes them):
`weight` makes meetings optional (slot 0 = not held) unless `required` says
1, and fairness soft (no spread check); `maxMeetings` caps each business's
meetings (0 = none); a business with `booth` 1 meets at its booth, so only
meetings where neither side has a booth count against nTables; a precedence
binds when both meetings are held.

Prints nothing and exits 0 when all hold; else prints the first failure and
exits 1."""
import json
import re
import sys


def items(text):
    text = re.sub(r"%[^\n]*", "", text)
    return {m.group(1): m.group(2).strip()
            for m in re.finditer(r"(\w+)\s*=\s*(.*?);", text, re.S)}


def ints(s):
    return [int(x) for x in re.findall(r"-?\d+", s)]


def sets(s):
    out = []
    for body in re.findall(r"\{([^}]*)\}", s):
        v = set()
        for part in body.split(","):
            part = part.strip()
            if ".." in part:
                a, b = part.split("..")
                v.update(range(int(a), int(b) + 1))
            elif part:
                v.add(int(part))
        v.discard(0)
        out.append(v)
    return out


def fail(msg):
    print(msg)
    sys.exit(1)


def main():
    it = items(open(sys.argv[1], encoding="utf-8").read())
    res = json.load(open(sys.argv[2], encoding="utf-8"))
    nb, nm, nt = int(it["nBusiness"]), int(it["nMeetings"]), int(it["nTables"])
    ns, nmorning = int(it["nTotalSlots"]), int(it["nMorningSlots"])
    req = ints(it["requested"])
    rows = [tuple(req[i:i + 3]) for i in range(0, len(req), 3)]
    forb = sets(it["forbidden"]) if "forbidden" in it else [set()] * nb
    fixed = ints(it["fixed"]) if "fixed" in it else [0] * nm
    prec = sets(it["precedences"]) if "precedences" in it else [set()] * nm
    weighted = "weight" in it
    required = ints(it["required"]) if "required" in it else [0 if weighted else 1] * nm
    maxm = ints(it["maxMeetings"]) if "maxMeetings" in it else [0] * nb
    booth = ints(it["booth"]) if "booth" in it else [0] * nb
    for k in ("instance", "meetings", "breaks", "max_breaks", "min_breaks", "lower_bound", "ms", "slots"):
        if k not in res:
            fail(f"key {k} missing")
    slots = res["slots"]
    if len(rows) != nm or len(slots) != nm:
        fail(f"{len(slots)} slots for {nm} meetings ({len(rows)} rows read)")
    held = sum(1 for t in slots if t != 0)
    if res["meetings"] != held:
        fail(f"meetings {res['meetings']}, the slots hold {held}")
    busy = [set() for _ in range(nb + 1)]
    count = [0] * (nb + 1)
    per_slot = [0] * (ns + 1)
    for i, ((a, b, sess), t) in enumerate(zip(rows, slots)):
        if t == 0 and not required[i]:
            continue
        if not 1 <= t <= ns:
            fail(f"meeting {i + 1}: slot {t} outside 1..{ns}")
        if sess == 1 and t > nmorning or sess == 2 and t <= nmorning:
            fail(f"meeting {i + 1}: slot {t} outside its session {sess}")
        for p in (a, b):
            if t in busy[p]:
                fail(f"participant {p} has two meetings in slot {t}")
            if t in forb[p - 1]:
                fail(f"participant {p} is forbidden slot {t}")
            busy[p].add(t)
            count[p] += 1
            if maxm[p - 1] and count[p] > maxm[p - 1]:
                fail(f"participant {p}: more than its {maxm[p - 1]} meetings")
        if fixed[i] and fixed[i] != t:
            fail(f"meeting {i + 1}: fixed to {fixed[i]}, given {t}")
        if not booth[a - 1] and not booth[b - 1]:
            per_slot[t] += 1
            if per_slot[t] > nt:
                fail(f"slot {t}: more than {nt} meetings at the tables")
    for m, before in enumerate(prec):
        for x in before:
            if slots[x - 1] and slots[m] and not slots[x - 1] < slots[m]:
                fail(f"meeting {x} (slot {slots[x - 1]}) must come before {m + 1} (slot {slots[m]})")
    total, counted = 0, []
    for p in range(1, nb + 1):
        if not busy[p]:
            continue
        lo, hi = min(busy[p]), max(busy[p])
        br = sum(1 for t in range(lo + 1, hi + 1) if t in busy[p] and t - 1 not in busy[p])
        total += br
        if len(busy[p]) >= 2:
            counted.append(br)
    mx, mn = (max(counted), min(counted)) if counted else (0, 0)
    if (res["breaks"], res["max_breaks"], res["min_breaks"]) != (total, mx, mn):
        fail(f"breaks/max/min reported {res['breaks']}/{res['max_breaks']}/{res['min_breaks']}, "
             f"the slots give {total}/{mx}/{mn}")
    if not weighted and mx - mn > 2:
        fail(f"fairness: breaks range {mn}..{mx}")
    if not 0 <= res["lower_bound"] <= total:
        fail(f"lower bound {res['lower_bound']} above the breaks {total}")


if __name__ == "__main__":
    main()
