#!/usr/bin/env python3
"""The layering check of `make test` (docs/architecture.md, "Layers").

Fails, naming file and line, when
  - a file includes a header of a layer above its own
    (base < store < domain < api < http < main);
  - anything outside store/ includes sqlite3.h, libpq-fe.h or store/driver.h
    (the store seam: store/store.h is the only store API above store/);
  - a domain subsystem includes another subsystem's *_store.h, or
    domain/core/ includes another subsystem (core is the bottom of the domain),
    or a subsystem includes the domain's root files (registry, seed);
  - SQL text appears outside *_store.c files, the store drivers and migrations;
  - a .c file passes 1,000 lines, or any line passes 110 columns (tabs as 8).

Usage: check_layers.py [SRC_DIR]   (default: src next to this script)
"""
import os
import re
import sys

LAYERS = ["base", "store", "domain", "api", "http", "main"]
MAX_LINES = 1000
MAX_COLUMNS = 110
INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]')
SQL = re.compile(r'"\s*(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|WITH \w+ AS|CREATE (TABLE|INDEX))\b')
ENGINE_HEADERS = {"sqlite3.h", "libpq-fe.h"}


def layer_of(rel):
    """rel is a path relative to src/: 'domain/cases/case.c' -> 'domain'; 'main.c' -> 'main'."""
    top = rel.split("/", 1)[0]
    return "main" if "/" not in rel else top


def subsystem_of(rel):
    parts = rel.split("/")
    if parts[0] == "domain" and len(parts) > 2:
        return parts[1]
    return None


def check(src):
    problems = []
    for root, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src).replace(os.sep, "/")
            problems += check_file(rel, path)
    return problems


def check_file(rel, path):
    problems = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    mine = layer_of(rel)
    sub = subsystem_of(rel)
    in_store = rel.startswith("store/")
    if rel.endswith(".c") and len(lines) > MAX_LINES:
        problems.append(f"{rel}: {len(lines)} lines (at most {MAX_LINES}: split it by concern)")
    sql_allowed = in_store or rel.endswith("_store.c")
    for no, line in enumerate(lines, 1):
        width = len(line.expandtabs(8))
        if width > MAX_COLUMNS:
            problems.append(f"{rel}:{no}: {width} columns (at most {MAX_COLUMNS})")
        if not sql_allowed and SQL.search(line):
            problems.append(f"{rel}:{no}: SQL outside a *_store.c file")
        m = INCLUDE.match(line)
        if not m:
            continue
        bracket, target = m.groups()
        if bracket == "<":
            if target in ENGINE_HEADERS and not in_store:
                problems.append(f"{rel}:{no}: includes <{target}> outside store/ (use store/store.h)")
            continue
        if "/" not in target:
            continue  # generated files and same-directory test helpers
        theirs = layer_of(target)
        if theirs not in LAYERS:
            continue
        if LAYERS.index(theirs) > LAYERS.index(mine):
            problems.append(f"{rel}:{no}: {mine}/ includes {target} of the layer above ({theirs}/)")
        if target == "store/driver.h" or target.startswith("store/sqlite/") or target.startswith("store/pg/"):
            if not in_store:
                problems.append(f"{rel}:{no}: includes the store driver header {target} (use store/store.h)")
        if target.startswith("domain/"):
            tsub = subsystem_of(target)
            if sub and tsub is None:
                problems.append(f"{rel}:{no}: subsystem {sub} includes the domain's root file {target}")
            if sub and tsub and tsub != sub:
                if target.endswith("_store.h"):
                    problems.append(f"{rel}:{no}: subsystem {sub} reaches into {target} of {tsub}")
                if sub == "core":
                    problems.append(f"{rel}:{no}: domain/core includes subsystem {tsub} (core is the bottom)")
    return problems


def main(argv):
    src = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
    problems = check(src)
    for p in problems:
        print(p)
    print(f"layering: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
