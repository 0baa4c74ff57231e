#!/usr/bin/env python3
"""Scans files for ID numbers and mobile phone numbers written in the clear.

Usage: pii_scan.py [--only logs|stores] [--show N] DIR_OR_FILE...

Every file under the given directories is read as bytes (a log, an SQLite database and its WAL,
PostgreSQL's base/ and pg_wal/, the blob store of uploads) and every match is reported as
`path:offset: kind masked-value` — the value itself is never printed. Exit status 1 when anything
is found, 0 when nothing is, 2 on bad usage.

What counts (docs/security.md, "Personal data"):
  id18     18 characters, 17 digits and a digit or X, with a valid GB 11643 check character, a
           region code starting 1-8 and a plausible birth date (1800-2099, a real day); as a whole
           digit run, or as one block of a run of several run together (36, 54 ... characters),
           or side by side with mobiles in one digit run that they fill exactly (database rows
           keep adjacent columns adjacent)
  id15     in log files only (names ending .log): 15 digits, region 1-8, a plausible YYMMDD date
  mobile   1[3-9] and 9 digits, not inside a longer digit run, also after 86 or 0086, and written
           3-4-4 with '-' or ' ' between the groups
A run of fewer than 18 digits inside a hexadecimal identifier (12 or more hex digits with a letter
a-f: hashes, ids, tokens) is part of it, not a personal number, and is not reported.
"""
import argparse
import datetime
import os
import re
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = b"10X98765432"

RUN = re.compile(rb"(?<![0-9])[0-9]+[Xx]?")
GROUPED = re.compile(rb"(?<![0-9])1[3-9][0-9][- ][0-9]{4}[- ][0-9]{4}(?![0-9])")
HEX = re.compile(rb"[0-9A-Fa-f]")


def real_date(y, m, d):
    try:
        datetime.date(y, m, d)
        return True
    except ValueError:
        return False


def id18_ok(b):
    if len(b) != 18 or not b[:17].isdigit() or b[0:1] not in b"12345678":
        return False
    if CHECK[sum((c - 48) * w for c, w in zip(b[:17], WEIGHTS)) % 11] != b[17:18].upper()[0]:
        return False
    y, m, d = int(b[6:10]), int(b[10:12]), int(b[12:14])
    return 1800 <= y <= 2099 and real_date(y, m, d)


def id15_ok(b):
    if len(b) != 15 or not b.isdigit() or b[0:1] not in b"12345678":
        return False
    return real_date(1900 + int(b[6:8]), int(b[8:10]), int(b[10:12]))


def mobile_ok(b):
    return len(b) == 11 and b[0:1] == b"1" and b[1:2] in b"3456789"


def in_hex_word(data, i, j):
    """Whether data[i:j] lies in a run of 12+ hex digits that has a letter."""
    letter = False
    while i > 0 and HEX.match(data, i - 1):
        i -= 1
        letter |= not data[i:i + 1].isdigit()
    while j < len(data) and HEX.match(data, j):
        letter |= not data[j:j + 1].isdigit()
        j += 1
    return letter and j - i >= 12


def mask(kind, b):
    s = b.decode("ascii")
    return s[:3] + "*" * (len(s) - 7) + s[-4:] if kind == "mobile" else s[:4] + "*" * (len(s) - 8) + s[-4:]


def segments(run):
    """The run cut whole into valid ID numbers and mobiles, at least one of them an ID number (two
    columns of a database row stored side by side: an ID number and a phone); None when it cannot
    be. The check character keeps this from finding numbers in long innocent runs."""
    n = len(run)
    ways = [None] * (n + 1)
    ways[0] = []
    for i in range(n):
        if ways[i] is None:
            continue
        for size, kind, ok in ((18, "id18", id18_ok), (11, "mobile", mobile_ok)):
            if i + size <= n and ways[i + size] is None and ok(run[i:i + size]):
                ways[i + size] = ways[i] + [(i, kind, run[i:i + size])]
    cut = ways[n]
    return cut if cut and any(k == "id18" for _, k, _ in cut) else None


def scan_bytes(data, is_log):
    """Yields (offset, kind, matched bytes) for every personal number in data."""
    for m in RUN.finditer(data):
        run, i = m.group(), m.start()
        n = len(run)
        if n < 18 and in_hex_word(data, i, m.end()):
            continue
        cut = segments(run) if n > 18 else None
        if cut:
            for k, kind, value in cut:
                yield i + k, kind, value
        elif n % 18 == 0:
            for k in range(0, n, 18):
                if id18_ok(run[k:k + 18]):
                    yield i + k, "id18", run[k:k + 18]
        elif n == 15 and is_log and id15_ok(run):
            yield i, "id15", run
        if n == 11 and mobile_ok(run):
            yield i, "mobile", run
        elif n == 13 and run.startswith(b"86") and mobile_ok(run[2:]):
            yield i + 2, "mobile", run[2:]
        elif n == 15 and run.startswith(b"0086") and mobile_ok(run[4:]):
            yield i + 4, "mobile", run[4:]
    for m in GROUPED.finditer(data):
        yield m.start(), "mobile", m.group()


def is_log_file(path):
    return path.endswith(".log")


def walk(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        for root, dirs, files in os.walk(p):
            dirs.sort()
            for f in sorted(files):
                yield os.path.join(root, f)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", metavar="DIR_OR_FILE")
    ap.add_argument("--only", choices=("logs", "stores"), help="log files only, or everything else only")
    ap.add_argument("--show", type=int, default=50, help="findings printed (all are counted; default 50)")
    a = ap.parse_args(argv)
    for p in a.paths:
        if not os.path.exists(p):
            print(f"pii_scan: {p}: no such file or directory", file=sys.stderr)
            return 2
    files = found = shown = 0
    for path in walk(a.paths):
        log = is_log_file(path)
        if (a.only == "logs" and not log) or (a.only == "stores" and log):
            continue
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:          # a socket, a file removed meanwhile, one we may not read
            print(f"pii_scan: {path}: {e.strerror}", file=sys.stderr)
            continue
        files += 1
        for off, kind, value in scan_bytes(data, log):
            found += 1
            if shown < a.show:
                shown += 1
                print(f"{path}:{off}: {kind} {mask(kind, value)}")
    print(f"pii_scan: {files} file(s), {found} finding(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
