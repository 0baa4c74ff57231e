"""docs/openapi.yaml describes what the server really sends (issue 14, item 10),
read from a running server rather than from the code:

* every GET operation's 200 carries the cache headers the spec gives it:
  `ETag` where (and only where) the spec documents one; on an answer caches
  may keep (not `no-store`), a 304 to `If-None-Match` with that tag — no
  Content-Length, no body — where (and only where) the spec documents a 304; `Cache-Control` as the spec states it
  (`no-store` where it states nothing, as its introduction says); no `Vary`
  the spec does not name;
* every path answers a method it does not list with 405 and `Allow` naming
  exactly the spec's methods for that path (HEAD beside GET);
* the spec's security requirement and `x-access` of each route agree with
  the access column of the route table (src/http/routes.c);
* an unknown case action is 404 whatever the If-Match (none, current, stale,
  malformed, `*`), and changes nothing.

Concrete paths for the route patterns come from test_authz_matrix.py, filled
with a world of this module's own (a filed case, its file and task, a booked
appointment), and each GET is made by a caller authz_matrix.py says may make it."""
import datetime
import random
import re
import subprocess

import pytest
import requests

import casekit
from authz_matrix import MATRIX, OK
from conftest import BIN, REPO, problem, cn_today
from test_authz_matrix import USERS, concrete, filed_complaint, fingerprint

yaml = pytest.importorskip("yaml", reason="PyYAML reads docs/openapi.yaml here")

SPEC = yaml.safe_load((REPO / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
METHODS = ("get", "put", "post", "delete", "patch", "options", "trace")
# /metrics wants the operator's token, not a caller of the matrix: probed on its own below
OPERATOR = {"GET /metrics"}


def book_any_slot(server, owner):
    """An appointment of owner's in some free amr slot (a random one: other modules book for the same demo
    account, and one person may hold a slot only once)."""
    day = cn_today() + datetime.timedelta(days=7)
    for _ in range(28):
        day += datetime.timedelta(days=1)
        slots = server.get("/api/v1/departments/amr/slots", params={"date": day.isoformat()}).json()["slots"]
        free = [s for s in slots if not s["past"] and s["available"] > 0]
        random.shuffle(free)
        for slot in free[:3]:
            r = owner.post_json("/api/v1/appointments", {"slot": slot["id"]})
            if r.status_code == 201:
                return r.json()["id"]
    pytest.fail("no amr slot could be booked in four weeks of the demo")


@pytest.fixture(scope="module")
def world(server):
    owner = server.as_user("xiaochi")
    case = casekit.file_case(server, owner)
    tasks = server.as_user("amr_clerk").get_json("/api/v1/tasks", params={"limit": 100}).json()["items"]
    complaint = filed_complaint(owner)
    return {
        "complaint_number": server.scalar("SELECT number FROM complaints WHERE id = ?", complaint),
        "{code}": case["matter"]["code"] if isinstance(case["matter"], dict) else case["matter"],
        "{id}": case["id"],
        "{action}": "accept",
        "file": [m["file"]["id"] for m in case["materials"] if m["file"]][0],
        "task": [t for t in tasks if t["case_id"] == case["id"]][0]["id"],
        "appointment": book_any_slot(server, owner),
        "staff": server.as_user("amr_clerk").account["id"],
        "complaint": complaint,
        "bundle_case": casekit.file_bundle_case(server)["id"],
    }


def prod_routes():
    out = subprocess.run([str(BIN), "routes"], capture_output=True, text=True, check=True).stdout
    return [tuple(line.split()[:2]) for line in out.splitlines() if line.strip()]


def caller(server, route):
    row = MATRIX[route]
    # a route the world's objects cannot reach (every cell 404) is asked by anyone: nothing to compare
    who = next((c for c in ("anon", "owner", "clerk", "head", "supervisor", "admin") if row[c] == OK), "anon")
    return server.session() if who == "anon" else server.as_user(USERS[who])


def operation(method, pattern):
    return SPEC["paths"][pattern][method.lower()]


def ok_headers(op):
    ok = op["responses"].get("200") or {}
    if "$ref" in ok:    # a shared response, '#/components/responses/<name>'
        ok = SPEC["components"]["responses"][ok["$ref"].rsplit("/", 1)[1]]
    return ok.get("headers") or {}


# ---------------------------------------------------------------- cache headers


def test_cache_headers_and_304_are_as_documented(server, world):
    checked, wrong = 0, []
    for method, pattern in prod_routes():
        route = f"{method} {pattern}"
        if method != "GET" or route in OPERATOR:
            continue
        op = operation(method, pattern)
        s = caller(server, route)
        path = concrete(route, world)
        r = s.get(server.url(path), timeout=30)
        if r.status_code != 200:
            continue        # e.g. a list that needs a query; nothing to compare
        checked += 1
        documented = ok_headers(op)
        etag = r.headers.get("ETag")
        if (etag is not None) != ("ETag" in documented):
            wrong.append(f"{route}: ETag sent {etag!r}, documented {'ETag' in documented}")
        cc = r.headers.get("Cache-Control")
        # an ETag on a no-store answer is the version for If-Match, not a validator for caches
        validator = etag if cc != "no-store" else None
        if validator:
            again = s.get(server.url(path), headers={"If-None-Match": etag}, timeout=30)
            if again.status_code != 304 or "Content-Length" in again.headers or again.content \
                    or again.headers.get("ETag") != etag:
                wrong.append(f"{route}: If-None-Match {etag} gave {again.status_code} {dict(again.headers)}")
        if ("304" in op["responses"]) != bool(validator):
            wrong.append(f"{route}: 304 documented {'304' in op['responses']}, validator sent {validator!r}")
        if "Cache-Control" in documented:
            h = documented["Cache-Control"]
            stated = (h.get("schema") or {}).get("const")
            text = (h.get("description") or "") + (op.get("description") or "")
            if not (cc == stated or (stated is None and cc in text)):
                wrong.append(f"{route}: Cache-Control {cc!r}; the spec says {stated!r} / {text[:120]!r}")
        elif cc != "no-store":
            wrong.append(f"{route}: Cache-Control {cc!r} is not documented")
        if "Vary" in r.headers and "Vary" not in documented:
            wrong.append(f"{route}: Vary {r.headers['Vary']} undocumented")
    assert not wrong, "\n".join(wrong)
    assert checked >= 20, f"only {checked} GET routes answered 200: the probe paths are wrong"


def test_metrics_cache_headers(server):
    r = server.get("/metrics", headers={"Authorization": "Bearer " + __import__("conftest").METRICS_TOKEN})
    assert r.status_code == 200
    assert r.headers.get("Cache-Control") == "no-store" and "ETag" not in r.headers
    assert "Cache-Control" not in ok_headers(operation("GET", "/metrics"))

# ---------------------------------------------------------------- 405 and Allow


def template_regex(pattern):
    """A spec path as the router matches it: {name} is one segment, {path...} the rest."""
    out = re.escape(pattern).replace(r"\{path\.\.\.\}", ".+")
    return re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", out) + "$")


def test_405_allow_names_exactly_the_documented_methods(server):
    wrong = []
    paths = {p: {m.upper() for m in item if m in METHODS and not item[m].get("x-test-build-only")}
             for p, item in SPEC["paths"].items()}
    for pattern, documented in paths.items():
        if not documented:
            continue
        path = re.sub(r"\{path\.\.\.\}", "shared/x.css", re.sub(r"\{[a-z]+\}", "x0", pattern))
        # every documented path the router would match this URL against (e.g. /calendar/x0/workdays
        # is also /calendar/{region}/{year})
        expected = set().union(*(ms for p, ms in paths.items() if template_regex(p).match(path)))
        expected |= {"HEAD"} if "GET" in expected else set()
        other = next(m for m in ("PATCH", "PUT", "DELETE", "POST") if m not in expected)
        r = requests.request(other, server.url(path), timeout=30)
        problem(r, 405, "method-not-allowed")
        allow = {m.strip() for m in r.headers["Allow"].split(",")}
        if allow != expected:
            wrong.append(f"{path}: Allow {sorted(allow)}, documented {sorted(expected)}")
    assert not wrong, "\n".join(wrong)

# ---------------------------------------------------------------- security vs the route table


def route_table_access():
    """(METHOD, pattern) -> ACCESS_* from the rows of src/http/routes.c."""
    src = (REPO / "src" / "http" / "routes.c").read_text(encoding="utf-8")
    rows = re.findall(r'\{"(GET|POST|PUT|DELETE|PATCH)",\s*"([^"]+)",\s*\w+,\s*(ACCESS_[A-Z]+)', src)
    return {(m, p): a for m, p, a in rows}


def test_security_matches_the_route_tables_access_column():
    table = route_table_access()
    assert set(prod_routes()) <= set(table), "rows of src/http/routes.c this reader did not find"
    for (method, pattern), access in table.items():
        op = operation(method, pattern)
        sec = op.get("security", SPEC.get("security"))
        assert sec, f"{method} {pattern}: no security requirement"
        anonymous = {} in sec
        want = {"ACCESS_PUBLIC": "public", "ACCESS_USER": "user", "ACCESS_OPERATOR": "operator"}[access]
        assert op.get("x-access") == want, f"{method} {pattern}: x-access {op.get('x-access')}, table {access}"
        if access == "ACCESS_PUBLIC":
            assert anonymous, f"{method} {pattern} is public in the table; the spec wants credentials"
        elif access == "ACCESS_USER":
            assert not anonymous and {"bearerAuth": []} in sec, f"{method} {pattern}: {sec}"
        else:
            assert sec == [{"metricsToken": []}], f"{method} {pattern}: {sec}"

# ---------------------------------------------------------------- unknown case action


@pytest.mark.parametrize("if_match", [None, "current", '"999"', "not-a-tag", "*", 'W/"1"'])
def test_an_unknown_case_action_is_404_whatever_the_if_match(server, world, if_match):
    s = server.as_user("xiaochi")
    case = s.get_json(f"/api/v1/cases/{world['{id}']}").json()
    headers = {}
    if if_match == "current":
        headers["If-Match"] = f'"{case["version"]}"'
    elif if_match is not None:
        headers["If-Match"] = if_match
    before = fingerprint(server)
    for who in (s, server.as_user("amr_clerk")):
        r = who.post(who.url(f"/api/v1/cases/{case['id']}/actions/fly"), json={}, headers=headers, timeout=30)
        problem(r, 404, "not-found")
    assert fingerprint(server) == before
