#!/usr/bin/env python3
"""pick.py — choose which newly found fuzz inputs join a committed corpus.

    pick.py CONTROL_FILE KEEP

CONTROL_FILE is what libFuzzer wrote for

    fuzz_x -merge=1 -use_counters=0 -merge_control_file=CONTROL_FILE COPY WORK

with COPY a copy of the committed corpus and WORK the fuzzer's work
directory: the number of files, how many of them are COPY's, the paths, and
for each file run a "COV <index> <edge>..." line naming the edges that file
reached first (COPY's files run first, then WORK's smallest first). Starting
from what the committed corpus covers, this takes the WORK inputs that
reach the most edges nothing else chosen reaches (the smaller on a tie)
until nothing adds an edge or the corpus would exceed KEEP files. It prints
the chosen paths, one per line, and "edges: <corpus> -> <after> of <all>"
on stderr. Everything stays in WORK for the next run; the committed corpus
is kept small because every `make test` replays it."""
import os
import sys


def main():
    ctl, keep = sys.argv[1], int(sys.argv[2])
    with open(ctl) as f:
        lines = f.read().split("\n")
    nfiles, nours = int(lines[0]), int(lines[1])
    files = lines[2:2 + nfiles]
    cov = {}
    for line in lines[2 + nfiles:]:
        if line.startswith("COV "):
            parts = line.split()
            cov[int(parts[1])] = set(parts[2:])
    covered = set()
    for i in range(nours):
        covered |= cov.get(i, set())
    everything = set().union(*cov.values()) if cov else set()
    before = len(covered)
    new = [i for i in range(nours, nfiles) if cov.get(i)]
    chosen = []
    while nours + len(chosen) < keep:
        best, gain = None, 0
        for i in new:
            g = len(cov[i] - covered)
            if g > gain or (g == gain and g > 0 and os.path.getsize(files[i]) < os.path.getsize(files[best])):
                best, gain = i, g
        if best is None:
            break
        covered |= cov[best]
        new.remove(best)
        chosen.append(files[best])
    for p in chosen:
        print(p)
    print(f"edges: {before} -> {len(covered)} of {len(everything)}", file=sys.stderr)


if __name__ == "__main__":
    main()
