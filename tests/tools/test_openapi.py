"""docs/openapi.yaml passes Redocly's OpenAPI linter (@redocly/cli, pinned in
tools/openapi/package-lock.json and installed by scripts/deps.sh with
`npm ci`) with no error and no warning, under the rules of redocly.yaml (the
recommended set, less the rules that file says do not apply, and why).

The linter is shown to bite: a copy of the spec with one classic YAML slip
(an unquoted description with commas inside a flow mapping, which turns the
rest of the text into unknown keys) is an error."""
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "docs" / "openapi.yaml"
CONFIG = REPO / "redocly.yaml"
REDOCLY = REPO / "tools" / "openapi" / "node_modules" / ".bin" / "redocly"


def lint(spec):
    """Redocly's totals {errors, warnings, ignored} and its problems, for spec."""
    if not REDOCLY.exists():
        pytest.fail(f"{REDOCLY} is missing: run scripts/deps.sh (npm ci in tools/openapi)")
    env = dict(os.environ, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true", NO_COLOR="1")
    r = subprocess.run([str(REDOCLY), "lint", str(spec), "--config", str(CONFIG), "--format=json"],
                       capture_output=True, text=True, timeout=300, cwd=REPO, env=env)
    try:
        out = json.loads(r.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"redocly lint gave no JSON (exit {r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return out["totals"], out["problems"]


def describe(problems):
    return "\n".join(f"{p['severity']} {p['ruleId']}: {p['message']} at "
                     f"{(p.get('location') or [{}])[0].get('pointer', '?')}" for p in problems)


def test_the_spec_has_no_error_and_no_warning():
    totals, problems = lint(SPEC)
    assert totals["errors"] == 0 and totals["warnings"] == 0, describe(problems)
    assert totals["ignored"] == 0, "problems hidden by an ignore file"


def test_the_linter_catches_a_broken_spec(tmp_path):
    text = SPEC.read_text(encoding="utf-8")
    slip = "description: 'Chinese name, at most 63 bytes'"
    assert slip in text, "the line this test breaks has moved: pick another"
    broken = tmp_path / "openapi.yaml"
    broken.write_text(text.replace(slip, slip.replace("'", "")), encoding="utf-8")
    totals, problems = lint(broken)
    assert totals["errors"] >= 1, describe(problems)
    assert any(p["ruleId"] == "struct" for p in problems), describe(problems)
