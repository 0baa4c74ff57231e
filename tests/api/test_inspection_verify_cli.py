"""`onestop inspection-verify PLAN.json` recomputes a published draw with no
database: a record built by the published algorithm (drawkit.py, a second
implementation) matches; a record whose seed, registers, public value or
drawn teams were changed after the fact does not, and the command says why."""
import copy
import json
import subprocess

from conftest import BIN
import drawkit


def record():
    seed = drawkit.sha256_hex("cli-test-seed")
    rec = {
        "algorithm": "onestop-draw-v1", "plan": "plan-cli",
        "public_value": "2026-12-01 福彩3D 4 0 7",
        "rules": {"ratios": {"high": 500, "medium": 200, "low": 50},
                  "departments": ["sc", "hb"], "inspectors_per_target": 2},
        "targets": [{"id": f"T{i:03d}", "risk": ["high", "medium", "low"][i % 3]} for i in range(30)],
        "inspectors": [{"id": f"I{i:02d}", "department": "sc" if i < 5 else "hb",
                        "recused": ["T000", "T003"] if i in (0, 5) else []} for i in range(9)],
    }
    rec["seed_sha256"] = drawkit.sha256_hex(seed)
    rec["registers_sha256"] = drawkit.sha256_hex(drawkit.registers_text(rec))
    rec["seed"] = seed
    rec["drawn"] = drawkit.draw(rec)
    return rec


def verify(tmp_path, rec):
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    return subprocess.run([str(BIN), "inspection-verify", str(p)], capture_output=True, text=True, timeout=60)


def test_a_published_draw_matches(tmp_path):
    rec = record()
    assert len(rec["drawn"]) == 5 + 2 + 1          # ceil(10×.5), ceil(10×.2), ceil(10×.05)
    r = verify(tmp_path, rec)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("match: plan plan-cli, 8 target(s)")


def tampered():
    rec = record()
    seed2 = copy.deepcopy(rec)
    seed2["seed"] = drawkit.sha256_hex("another seed")
    pv = copy.deepcopy(rec)
    pv["public_value"] = "2026-12-01 福彩3D 4 0 8"
    reg = copy.deepcopy(rec)
    reg["inspectors"][0]["recused"] = []
    team = copy.deepcopy(rec)
    t = team["drawn"][1]["inspectors"]
    t[0] = next(i["id"] for i in rec["inspectors"]
                if i["department"] == "sc" and i["id"] not in t)
    return [("seed", seed2, "seed_sha256"), ("public value", pv, "differs from the recomputed"),
            ("registers", reg, "registers_sha256"), ("team", team, "entry 1")]


def test_changed_records_do_not_match(tmp_path):
    for what, rec, why in tampered():
        r = verify(tmp_path, rec)
        assert r.returncode == 1, what
        assert r.stdout.startswith("MISMATCH") and why in r.stdout, (what, r.stdout)


def test_bad_use(tmp_path):
    assert subprocess.run([str(BIN), "inspection-verify"], capture_output=True).returncode == 2
    p = tmp_path / "x.json"
    p.write_text("{not json")
    r = subprocess.run([str(BIN), "inspection-verify", str(p)], capture_output=True, text=True)
    assert r.returncode == 2 and "x.json" in r.stderr
