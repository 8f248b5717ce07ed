#!/usr/bin/python3
"""score.py - scores a TREC run file on a CSL task.

usage: score.py TASK RUN DATA_DIR      (TASK: title | keywords | discipline)
title/keywords: MRR@10 and Recall@10 against qrels-TASK.tsv.
discipline: condensed P@10 - drop unlabelled documents and the query's own
(exclude) document from the ranking, then the share of the first 10 that
share the query document's discipline (labels-discipline.tsv).
Prints one JSON line."""
import json
import sys
from collections import defaultdict


def read_run(path):
    run = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 3:
                run[p[0]].append(p[2])  # already in rank order
    return run


def read_qrels(path):
    q = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) == 3:
                q[p[0]][p[1]] = p[2]
    return q


def main():
    task, runpath, data = sys.argv[1], sys.argv[2], sys.argv[3]
    run = read_run(runpath)
    qrels = read_qrels(f"{data}/dev/qrels-{task}.tsv")
    out = {"task": task, "queries": len(qrels)}
    if task in ("title", "keywords"):
        mrr = rec = 0.0
        for qid, rel in qrels.items():
            ranking = run.get(qid, [])[:10]
            for i, d in enumerate(ranking):
                if d in rel:
                    mrr += 1.0 / (i + 1)
                    rec += 1.0
                    break
        out["mrr@10"] = round(mrr / len(qrels), 4)
        out["r@10"] = round(rec / len(qrels), 4)
    else:
        labels = {}
        with open(f"{data}/dev/labels-discipline.tsv", encoding="utf-8") as f:
            next(f)
            for line in f:
                d, lab = line.rstrip("\n").split("\t")
                labels[d] = lab
        total = 0.0
        for qid, rel in qrels.items():
            self_doc = next(iter(rel))
            want = labels[self_doc]
            kept = [d for d in run.get(qid, []) if d in labels and d != self_doc][:10]
            total += sum(1 for d in kept if labels[d] == want) / 10.0
        out["p@10"] = round(total / len(qrels), 4)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
