"""The statistics views read a number of rows that does not grow with the cases (issue 13, item 6).

The rule: a view without a matter filter (the overview, the trend and the demand heat map, as a supervisor sees
them by default, as a department head sees them, by channel) reads only roll-ups per day or month ×
department × channel, each through its key with the department and the channel fixed and the period
bounded: at most one row per day or month of its range for the counters (one more per working-day
value for the durations). The demand heat map (per weekday × hour × channel) likewise reads the roll-up of
one department, or of all, per day or month: at most a row per weekday, hour and channel of each. With a matter filter it reads that matter's rows through an index on the
matter. No view reads a row per case or per event (cases, their events, ratings, visits,
appointments, complaints), nor, without a matter, the counters kept per matter and region.

How it is checked, without relying on the code's own account: the test build started with
ONESTOP_TEST_SQL_TRACE writes every statement SQLite runs, with its values, to a file; the test takes
the statements of one request and asks SQLite itself how it would read each one (EXPLAIN QUERY PLAN)
and how many rows its WHERE clause selects. SQLite only: the plan is SQLite's (the SQL is the same
on PostgreSQL)."""
import datetime
import re
import sqlite3

import dbkit
import pytest

from conftest import TestServer

pytestmark = pytest.mark.skipif(dbkit.ENGINE == "postgresql", reason="SQLite's query plans")

N, DAYS = 160, 75
PER_CASE = {"cases", "case_events", "ratings", "rating_subjects", "visits", "appointments", "complaints",
            "complaint_events", "unmet_demand"}
PER_MATTER = {"stats_daily", "stats_monthly", "stats_durations", "stats_durations_monthly", "stats_demand"}


def today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


@pytest.fixture(scope="module")
def traced(tmp_path_factory):
    trace = tmp_path_factory.mktemp("trace") / "sql.txt"
    node = TestServer(env={"ONESTOP_TEST_SQL_TRACE": str(trace)}).start()
    r = node.cli("seed", "--synthetic", str(N), "--seed", "5", "--days", str(DAYS),
                 "--keystore", str(node.db_path.parent / "keystore.key"))
    assert r.returncode == 0, (r.stdout, r.stderr[-2000:])
    yield node, trace
    assert node.stop() == 0
    node.tmp.cleanup()


def statements(node, trace, user, path, reads=r"\bFROM stats_"):
    """The statements the request ran: those of the thread that served it (the one that ran a
    statement matching `reads`), after it was sent."""
    session = node.as_user(user)
    start = trace.stat().st_size
    r = session.get_json(path)
    assert r.status_code == 200, r.text
    lines = [ln.split("\t", 2) for ln in trace.read_bytes()[start:].decode("utf-8", "replace").splitlines() if ln.count("\t") >= 2]
    threads = {t for t, _, sql in lines if re.search(reads, sql)}
    assert len(threads) == 1, (path, threads)
    return [sql for t, _, sql in lines if t in threads], r.json()


def tables_of(db, sql):
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql)]
    return plan, {m for p in plan for m in re.findall(r"^(?:SEARCH|SCAN) (\w+)", p)}


def periods(sql):
    """The number of days or months between the statement's bounds, both included."""
    lo, hi = re.search(r"(?:day|month) >= '([\d-]+)' AND (?:day|month) <= '([\d-]+)'", sql).groups()
    if len(lo) == 7:
        (ya, ma), (yb, mb) = map(int, lo.split("-")), map(int, hi.split("-"))
        return (yb - ya) * 12 + mb - ma + 1
    return (datetime.date.fromisoformat(hi) - datetime.date.fromisoformat(lo)).days + 1


def selected(db, sql):
    """How many rows the statement's WHERE clause selects from its table."""
    m = re.search(r"\bFROM (\w+) (WHERE .*?)(?: GROUP BY .*)?$", sql)
    return db.execute(f"SELECT COUNT(*) FROM {m.group(1)} {m.group(2)}").fetchone()[0]


VIEWS = [("supervisor", ""), ("supervisor", "&channel=window"), ("supervisor", "&department=amr"),
         ("supervisor", "&department=amr&channel=online"), ("amr_head", "")]   # data/demo/accounts.json


@pytest.mark.parametrize("view", ["overview", "trend", "demand"])
@pytest.mark.parametrize("user,extra", VIEWS)
def test_a_year_without_a_matter_reads_one_key_of_the_flat_roll_ups(traced, view, user, extra):
    node, trace = traced
    assert node.scalar("SELECT COUNT(*) FROM cases WHERE department = 'amr'") > 0
    first, last = today() - datetime.timedelta(days=364), today()
    sqls, answer = statements(node, trace, user,
                              f"/api/v1/stats/{view}?from={first}&to={last}" + extra)
    assert answer.get("applications", 1) > 0 or answer.get("days")
    db = sqlite3.connect(f"file:{node.db_path}?mode=ro", uri=True)
    read = 0
    for sql in sqls:
        plan, tables = tables_of(db, sql)
        assert not tables & PER_CASE, (sql, plan)
        assert not tables & PER_MATTER, (sql, plan)
        stats = {t for t in tables if t.startswith("stats_")}
        if not stats:
            continue
        demand = stats <= {"stats_flat_demand", "stats_flat_demand_monthly"}
        assert demand or stats <= {"stats_flat_daily", "stats_flat_monthly", "stats_flat_durations",
                                   "stats_flat_durations_monthly"}, (sql, plan)
        key = "department=?" if demand else "department=? AND channel=?"   # the heat map is per channel
        for p in (p for p in plan if re.match(r"(SEARCH|SCAN) ", p)):    # each read of a table
            assert p.startswith("SEARCH") and key in p and ">?" in p and "<?" in p, (sql, p)
        n = selected(db, sql)
        # a row per period; per working-day value (0..400) for durations; per weekday, hour and
        # channel (four, or none recorded) for demand
        bound = periods(sql) * (7 * 24 * 5 if demand else 401 if "workdays" in sql else 1)
        assert n <= bound, (sql, n, bound)
        read += n
    assert read > 0
    db.close()


def test_a_matters_views_read_its_rows_by_the_matter(traced):
    node, trace = traced
    matter = node.scalar("SELECT matter_code FROM cases GROUP BY matter_code ORDER BY COUNT(*) DESC LIMIT 1")
    first, last = today() - datetime.timedelta(days=364), today()
    db = sqlite3.connect(f"file:{node.db_path}?mode=ro", uri=True)
    for view in ("overview", "trend", "demand"):
        sqls, _ = statements(node, trace, "supervisor", f"/api/v1/stats/{view}?from={first}&to={last}&matter={matter}")
        touched = set()
        for sql in sqls:
            plan, tables = tables_of(db, sql)
            assert not tables & PER_CASE, (sql, plan)
            for t in tables & PER_MATTER:
                touched.add(t)
                assert all(p.startswith("SEARCH") and "matter_code=?" in p
                           for p in plan if re.match(r"(SEARCH|SCAN) ", p)), (sql, plan)
        assert touched, view
    db.close()
