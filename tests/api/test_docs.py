"""The documents agree with the code; no server is started, only the binaries run.

* docs/openapi.yaml has one operation for every (method, pattern) of the route
  table — as printed by `onestop routes` for the production binary and for the
  test build (build/default/onestop-test, when built) — and none that the
  table lacks. Operations only the test build has are marked
  `x-test-build-only: true`, and only those. Each operation's summary is the
  table's.
* docs/workflow.md is exactly the output of `onestop workflow`.
* The YAML declares OpenAPI 3.1.x.

PyYAML may not be installed, so docs/openapi.yaml is read by a small line-based
reader that relies on the file's own layout (top-level keys at column 0, paths
at two spaces, methods at four, operation members at six). When PyYAML is
there, the reader's result is checked against a full parse, so a layout the
reader would misread cannot pass unnoticed.
"""
import json
import re
import subprocess
from pathlib import Path

import pytest

import conftest

REPO = Path(__file__).resolve().parents[2]
OPENAPI = REPO / "docs" / "openapi.yaml"
WORKFLOW = REPO / "docs" / "workflow.md"
TEST_BIN = conftest.TEST_BIN

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

try:
    import yaml  # noqa: F401
    HAVE_YAML = True
except ImportError:  # pragma: no cover - depends on the machine
    HAVE_YAML = False


# ------------------------------------------------------------------ binaries

def run(binary, *args):
    assert binary.exists(), f"{binary} is missing: run make"
    p = subprocess.run([str(binary), *args], capture_output=True, timeout=30)
    assert p.returncode == 0, f"{binary} {' '.join(args)} exited {p.returncode}: {p.stderr.decode(errors='replace')}"
    return p.stdout


def routes_of(binary):
    """{(METHOD, pattern): summary} from `binary routes`."""
    out = {}
    for line in run(binary, "routes").decode().splitlines():
        if not line.strip():
            continue
        parts = line.split(None, 2)
        assert len(parts) >= 2, f"unexpected route line {line!r}"
        method, pattern = parts[0], parts[1]
        summary = parts[2].strip() if len(parts) > 2 else ""
        assert method.upper() == method and method.lower() in METHODS, line
        assert pattern.startswith("/"), line
        assert (method, pattern) not in out, f"route listed twice: {method} {pattern}"
        out[(method, pattern)] = summary
    assert out, f"{binary} routes printed nothing"
    return out


@pytest.fixture(scope="module")
def prod_routes():
    return routes_of(conftest.BIN)


@pytest.fixture(scope="module")
def test_routes():
    """The test build's table, or None when it is not built."""
    return routes_of(TEST_BIN) if TEST_BIN.exists() else None


# ------------------------------------------------------------------ the YAML

def _scalar(text):
    """A one-line YAML scalar as written in this file: plain, '…' or "…"."""
    text = text.strip()
    if " #" in text and not text.startswith(("'", '"')):
        text = text.split(" #", 1)[0].rstrip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return json.loads(text)
    return text


def read_openapi(path=OPENAPI):
    """Line-based: {"openapi": str, "ops": {(METHOD, path): {"summary", "test_only"}}}."""
    version = None
    ops = {}
    section = None
    cur_path = cur_op = None
    path_re = re.compile(r"^  (['\"]?)(/[^'\"]*)\1:\s*(#.*)?$")
    method_re = re.compile(r"^    (" + "|".join(METHODS) + r"):\s*(#.*)?$")
    member_re = re.compile(r"^      ([A-Za-z0-9_-]+):\s*(.*)$")
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            key, _, value = line.partition(":")
            section = key.strip()
            if section == "openapi":
                version = _scalar(value)
            cur_path = cur_op = None
            continue
        if section != "paths":
            continue
        m = path_re.match(line)
        if m:
            cur_path, cur_op = m.group(2), None
            continue
        if line.startswith("  ") and not line.startswith("   "):
            raise AssertionError(f"{path.name}:{n}: a key under paths: that is not a path: {line!r}")
        m = method_re.match(line)
        if m:
            assert cur_path, f"{path.name}:{n}: method outside a path"
            key = (m.group(1).upper(), cur_path)
            assert key not in ops, f"{path.name}:{n}: {key} twice"
            cur_op = ops[key] = {"summary": None, "test_only": False}
            continue
        if line.startswith("    ") and not line.startswith("     "):
            cur_op = None   # a path-level member (parameters, summary, …)
            continue
        m = member_re.match(line)
        if m and cur_op is not None:
            name, value = m.group(1), m.group(2)
            if name == "summary":
                cur_op["summary"] = _scalar(value)
            elif name == "x-test-build-only":
                cur_op["test_only"] = _scalar(value) == "true"
    return {"openapi": version, "ops": ops}


@pytest.fixture(scope="module")
def doc():
    return read_openapi()


# ------------------------------------------------------------------ tests

def test_declares_openapi_3_1(doc):
    assert doc["openapi"] is not None, "docs/openapi.yaml has no top-level openapi:"
    assert re.fullmatch(r"3\.1\.\d+", doc["openapi"]), doc["openapi"]


@pytest.mark.skipif(not HAVE_YAML, reason="PyYAML is not installed; the line reader stands alone")
def test_line_reader_agrees_with_yaml(doc):
    import yaml
    full = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    assert str(full["openapi"]) == doc["openapi"]
    ops = {}
    for p, item in full["paths"].items():
        for m, op in item.items():
            if m in METHODS:
                ops[(m.upper(), p)] = {"summary": op.get("summary"), "test_only": op.get("x-test-build-only") is True}
    assert ops == doc["ops"]


def test_every_route_is_documented(doc, prod_routes, test_routes):
    tables = [("./onestop", prod_routes)]
    if test_routes is not None:
        tables.append((TEST_BIN.name, test_routes))
    for name, table in tables:
        missing = sorted(set(table) - set(doc["ops"]))
        assert not missing, f"routes of {name} missing from docs/openapi.yaml: {missing}"


def test_no_stale_operations(doc, prod_routes, test_routes):
    known = set(prod_routes) | set(test_routes or {})
    stale = sorted(k for k, op in doc["ops"].items() if k not in known and not (op["test_only"] and test_routes is None))
    assert not stale, f"operations in docs/openapi.yaml that no route table has: {stale}"


def test_test_build_only_marks(doc, prod_routes, test_routes):
    marked = {k for k, op in doc["ops"].items() if op["test_only"]}
    in_prod = sorted(marked & set(prod_routes))
    assert not in_prod, f"marked x-test-build-only but served by ./onestop: {in_prod}"
    if test_routes is None:
        pytest.skip(f"{TEST_BIN} is not built")
    only_test = set(test_routes) - set(prod_routes)
    assert marked == only_test, (
        f"x-test-build-only should mark exactly the test build's own routes {sorted(only_test)}, marks {sorted(marked)}")


def test_summaries_match_the_route_table(doc, prod_routes, test_routes):
    table = dict(test_routes or {})
    table.update(prod_routes)
    wrong = {f"{m} {p}": (doc["ops"][(m, p)]["summary"], s) for (m, p), s in table.items()
             if (m, p) in doc["ops"] and doc["ops"][(m, p)]["summary"] != s}
    assert not wrong, f"summaries differing from the route table (docs, table): {wrong}"


def test_workflow_md_is_generated():
    out = run(conftest.BIN, "workflow")
    assert out.startswith(b"<!--") and b"onestop workflow" in out.splitlines()[0], "the first line should say it is generated"
    assert WORKFLOW.exists(), "docs/workflow.md is missing: ./onestop workflow > docs/workflow.md"
    assert WORKFLOW.read_bytes() == out, "docs/workflow.md is stale: run ./onestop workflow > docs/workflow.md"


def test_workflow_md_covers_the_table():
    """Every state and every transition row of case_flow.c appears (guards against a truncated generator)."""
    text = run(conftest.BIN, "workflow").decode()
    src = (REPO / "src/domain/cases/case_flow.c").read_text(encoding="utf-8")
    rows = re.findall(r'^\s*\{"(\w+)",\s*"(\w+)",\s*(?:"(\w+)"|(WF_SAME|WF_PREVIOUS)),', src, re.M | re.A)
    assert rows, "no transition rows found in src/domain/cases/case_flow.c"
    table = [l for l in text.splitlines() if l.startswith("| ") and not l.startswith("| from") and not l.startswith("| state")]
    for frm, action, to, special in rows:
        to = to or {"WF_SAME": "(same)", "WF_PREVIOUS": "(state before suspension)"}[special]
        assert any(l.startswith(f"| {frm} | {action} | {to} | ") for l in table), f"row {frm} {action} {to} not printed"
    states = re.search(r"STATES\[\]\s*=\s*\{(.*?)\n\};", src, re.S).group(1)
    for s in re.findall(r'\{"(\w+)",', states):
        assert any(l.startswith(f"| {s} | ") for l in table), f"state {s} not printed"
