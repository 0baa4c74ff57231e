"""No list a user can page scans a table that grows with the cases (issue 15, item 4).

A server started with ONESTOP_SQL_SCANS=1 logs every statement whose query
plan scans a whole table ("SCAN t" with no index, SQLite's EXPLAIN QUERY
PLAN) when it is first prepared. Every GET route that pages (it takes
`limit`) is called by a caller allowed to, and the background jobs run
their rounds; then no logged scan may be of a table whose rows grow with
cases, people or time. Small tables (the catalogue, departments, regions,
keys, …) may be scanned. SQLite only: the plans are SQLite's.
"""
import json
import os
import re
import subprocess

import pytest

import dbkit
from conftest import BIN, Server, _used_servers
from test_api_conformance import SPEC, caller, prod_routes, world  # noqa: F401  (world: a fixture)
from test_authz_matrix import concrete

pytestmark = pytest.mark.skipif(dbkit.ENGINE != "sqlite", reason="the query plans checked are SQLite's")

# Tables whose rows grow with the cases, the people or the days: never scanned whole.
GROWING = {
    "cases", "case_events", "case_files", "case_file_pages", "case_certificates", "tasks", "deadlines",
    "messages", "message_deliveries", "audit_log", "sessions", "idempotency", "outbox", "files",
    "accounts", "complaints", "complaint_events", "ratings", "rectifications", "certificates", "notices",
    "visits", "appointments", "payments", "bundle_cases", "bundle_steps", "supervision_orders",
    "stats_daily", "stats_monthly", "stats_demand", "stats_durations", "data_uses", "share_links",
}


@pytest.fixture(scope="module")
def server():
    s = Server(env={"ONESTOP_SQL_SCANS": "1"}).start()
    _used_servers.append(s)
    yield s
    s.stop()
    _used_servers.remove(s)
    s.tmp.cleanup()


def scanned(server):
    """(table, statement) of every full scan the server logged, an alias read back to its table."""
    out = set()
    for line in server.log_text().splitlines():
        if '"full scan: ' not in line:
            continue
        msg = json.loads(line)["msg"]
        name, sql = re.match(r"full scan: (\S+)(?: AS \S+)? in (.*)", msg, re.S).groups()
        alias = re.search(rf"\b(\w+)\s+(?:AS\s+)?{re.escape(name)}\b(?=\s|,|$)", sql)
        table = name if re.search(rf"\b(FROM|JOIN)\s+{re.escape(name)}\b", sql) or not alias else alias.group(1)
        out.add((table, sql))
    return out


def list_routes():
    """The GET routes that answer a list: `limit` among their parameters, or `items` in their 200."""
    for method, pattern in prod_routes():
        if method != "GET" or pattern not in SPEC["paths"]:
            continue
        op = SPEC["paths"][pattern]["get"]
        params = op.get("parameters") or []
        body = ((op["responses"].get("200") or {}).get("content") or {}).get("application/json") or {}
        props = (body.get("schema") or {}).get("properties") or {}
        if "items" in props or any(isinstance(p, dict) and p.get("name") == "limit" for p in params):
            yield pattern


def test_no_paged_list_or_job_scans_a_growing_table(server, world):  # noqa: F811
    called = 0
    for pattern in list_routes():
        route = f"GET {pattern}"
        s = caller(server, route)
        names = {p.get("name") for p in SPEC["paths"][pattern]["get"].get("parameters") or [] if isinstance(p, dict)}
        limit = {"limit": 5} if "limit" in names else {}
        r = s.get(server.url(concrete(route, world)), params=limit, timeout=30)
        called += r.status_code == 200
        # the next page too, where there is one: its query is another
        cursor = r.json().get("next_cursor") if r.status_code == 200 and "cursor" in names else None
        if cursor:
            s.get(server.url(concrete(route, world)), params=dict(limit, cursor=cursor), timeout=30)
    assert called >= 15, f"only {called} paged lists answered 200: the probe paths are wrong"
    bad = sorted((t, sql) for t, sql in scanned(server) if t in GROWING)
    assert not bad, "full scans of growing tables:\n" + "\n".join(f"{t}: {sql[:300]}" for t, sql in bad)


def test_the_check_sees_a_full_scan(server, tmp_path):
    """The warning the test above reads is written: `onestop stats-rebuild` recomputes the
    statistics from every case, a whole scan of cases by design, and says so under the switch."""
    db = server.snapshot_db(tmp_path / "copy.db")
    env = dict(os.environ, ONESTOP_SQL_SCANS="1")
    r = subprocess.run([str(BIN), "stats-rebuild", "--db", f"sqlite:{db}"], capture_output=True, text=True,
                       timeout=120, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    scans = [re.match(r"full scan: (\S+)(?: AS \S+)? in (.*)", json.loads(x)["msg"], re.S).groups()
             for x in r.stderr.splitlines() if '"full scan: ' in x]
    assert any(name == "stats_daily" for name, _ in scans), r.stderr[-2000:]
    assert all(re.search(rf"\b{re.escape(name)}\b", sql) for name, sql in scans)
