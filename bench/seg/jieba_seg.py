"""jieba_seg.py - the jieba baseline for bench/seg/run.sh.

Usage: /usr/bin/python3 jieba_seg.py INPUT OUTPUT hmm|nohmm [REPEAT]

Segments INPUT line by line with jieba.cut (Debian's python3-jieba, its
default dictionary), writes words separated by two spaces to OUTPUT, then
times REPEAT passes over all lines in memory (dictionary load excluded) and
prints "mbps=<MB/s of the best pass>" (MB = 10^6 bytes of UTF-8 input)."""
import sys
import time

import jieba


def main():
    inp, outp, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    hmm = mode == "hmm"
    jieba.setLogLevel(60)
    jieba.initialize()
    with open(inp, encoding="utf-8") as f:
        lines = f.read().split("\n")
    nbytes = sum(len(l.encode("utf-8")) for l in lines) + len(lines) - 1
    with open(outp, "w", encoding="utf-8") as out:
        for line in lines:
            words = [w for w in jieba.cut(line, HMM=hmm) if w.strip()]
            out.write("  ".join(words) + "\n")
    best = None
    for _ in range(repeat):
        t = time.process_time()
        for line in lines:
            for _w in jieba.cut(line, HMM=hmm):
                pass
        t = time.process_time() - t
        best = t if best is None or t < best else best
    print("mbps=%.2f" % (nbytes / 1e6 / best))


if __name__ == "__main__":
    main()
