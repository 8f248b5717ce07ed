#!/usr/bin/python3
"""bm25_jieba.py - the "BM25 + jieba" anchor: BM25 (k1 1.2, b 0.75) over
jieba's search-mode words (jieba.cut_for_search), the way Elasticsearch with
a Chinese analyser ranks. Writes a TREC run file and prints one JSON line
with its (Python) latency.

usage: bm25_jieba.py CORPUS QUERIES RUN [K]"""
import json
import math
import sys
import time
from collections import Counter, defaultdict

import jieba

jieba.setLogLevel(60)


def words(text):
    return [w.strip().lower() for w in jieba.cut_for_search(text) if w.strip()]


def main():
    corpus, queries, runpath = sys.argv[1], sys.argv[2], sys.argv[3]
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    ids, lens = [], []
    post = defaultdict(list)
    t0 = time.time()
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            text = (o.get("title", "") + " " + o.get("text", "")).strip()
            tf = Counter(words(text))
            n = len(ids)
            ids.append(o["_id"])
            lens.append(sum(tf.values()))
            for w, c in tf.items():
                post[w].append((n, c))
    index_s = time.time() - t0
    N = len(ids)
    avg = sum(lens) / N
    k1, b = 1.2, 0.75
    idf = {w: math.log(1 + (N - len(p) + 0.5) / (len(p) + 0.5)) for w, p in post.items()}
    norm = [k1 * (1 - b + b * l / avg) for l in lens]
    lat = []
    with open(queries, encoding="utf-8") as f, open(runpath, "w", encoding="utf-8") as out:
        for line in f:
            q = json.loads(line)
            t1 = time.time()
            qtf = Counter(words(q["text"]))
            acc = defaultdict(float)
            for w, qc in qtf.items():
                p = post.get(w)
                if not p:
                    continue
                wi = idf[w] * qc
                for d, c in p:
                    acc[d] += wi * c * (k1 + 1) / (c + norm[d])
            ex = q.get("exclude")
            top = sorted(((s, d) for d, s in acc.items() if ids[d] != ex), key=lambda x: (-x[0], x[1]))[:k]
            lat.append((time.time() - t1) * 1000)
            for r, (s, d) in enumerate(top):
                out.write(f"{q['_id']} Q0 {ids[d]} {r + 1} {s:.6f} bm25jieba\n")
    lat.sort()
    print(json.dumps({"docs": N, "queries": len(lat), "index_ms": round(index_s * 1000, 1),
                      "p50_ms": round(lat[len(lat) // 2], 3),
                      "p99_ms": round(lat[int((len(lat) - 1) * 0.99)], 3)}))


if __name__ == "__main__":
    main()
