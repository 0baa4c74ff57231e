"""tests/mutate/mutants.txt stays applicable: each mutant names a file that
exists, its original text occurs there exactly once, and every suite it names
to kill it exists. `make mutate` is slow and not part of `make test`; this
catches a mutant left behind by a change of the code or a renamed test at once."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def unescape(s):
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "\\": "\\"}.get(m.group(1), m.group(0)), s)


def mutants():
    out, cur = [], {}
    for line in (ROOT / "tests/mutate/mutants.txt").read_text(encoding="utf-8").split("\n") + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                out.append(cur)
            cur = {}
            continue
        key, _, val = line.partition(": ")
        cur[key] = unescape(val) if key in ("from", "to") else val.strip()
    return out


def problems(ms):
    wrong = []
    ids = [m["id"] for m in ms]
    wrong += [f"{i}: the id is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for m in ms:
        src = ROOT / m["file"]
        if not src.is_file():
            wrong.append(f"{m['id']}: no file {m['file']}")
            continue
        n = src.read_text(encoding="utf-8").count(m["from"])
        if n != 1:
            wrong.append(f"{m['id']}: the original text occurs {n} times in {m['file']}")
        if m["from"] == m["to"]:
            wrong.append(f"{m['id']}: from and to are the same")
        for suite in m["kill"].replace(",", " ").split():
            kind, _, name = suite.partition(":")
            if kind == "unit":
                path = ROOT / "tests/unit" / (name + ".c")
            elif kind in ("api", "pgapi"):
                path = ROOT / name.split("::")[0]
            else:
                wrong.append(f"{m['id']}: unknown suite kind {suite}")
                continue
            if not path.is_file():
                wrong.append(f"{m['id']}: the suite {suite} does not exist")
    return wrong


def test_every_mutant_applies_and_names_suites_that_exist():
    ms = mutants()
    assert len(ms) > 100
    wrong = problems(ms)
    assert not wrong, "\n".join(wrong)


def test_the_check_names_what_is_wrong():
    good = next(m for m in mutants() if m["kill"].startswith("api:"))
    assert problems([good]) == []
    bad = [dict(good, kill="api:test_bundles_apply.py"), dict(good, id="x", **{"from": "no such text"}),
           dict(good, id="y", file="src/nowhere.c"), dict(good, id="z", kill="unit:domain/none")]
    wrong = problems(bad)
    assert len(wrong) == 4, wrong
    assert "test_bundles_apply.py" in wrong[0] and "0 times" in wrong[1]
