"""A department's task queue reads its open tasks, not its history (issue 15, item 4).

The queue (GET /api/v1/tasks, open and claimed tasks by default, or one status asked for) is what a
reviewer opens first every morning; a department keeps every task it ever did, so a queue that reads
its done tasks to find the open ones slows with every year of work, and one that sorts every open task
to show the first hundred slows with every open task. The rules: the statement that reads the queue
reaches the tasks through an index on the department that holds only tasks of the statuses asked for
(keyed by the status, or partial on it), it is read in the list's order (no sort before the limit), and
the tasks its WHERE clause selects are the department's tasks of the statuses asked for, no others.

Checked as in test_stats_bounded.py, without the code's own account: the test build's SQL trace gives
the statements of one request, SQLite's EXPLAIN QUERY PLAN says how each would be read. SQLite only."""
import re
import sqlite3

import dbkit
import pytest

from test_stats_bounded import statements, tables_of, traced  # noqa: F401  (traced: a fixture)

pytestmark = pytest.mark.skipif(dbkit.ENGINE == "postgresql", reason="SQLite's query plans")


@pytest.mark.parametrize("status,statuses", [("", ("open", "claimed")), ("&status=done", ("done",)),
                                             ("&status=open", ("open",))])
def test_the_queue_reads_the_tasks_of_its_statuses_only(traced, status, statuses):  # noqa: F811
    node, trace = traced
    done = node.scalar("SELECT COUNT(*) FROM tasks WHERE department = 'amr' AND status = 'done'")
    assert done > 0   # a history to skip
    sqls, answer = statements(node, trace, "amr_reviewer", "/api/v1/tasks?limit=200" + status,
                              reads=r"\bFROM tasks t\b")
    assert {t["status"] for t in answer["items"]} <= set(statuses)
    db = sqlite3.connect(f"file:{node.db_path}?mode=ro", uri=True)
    queue = [sql for sql in sqls if re.search(r"\bFROM tasks t\b", sql)]
    assert len(queue) == 1, sqls
    plan, _ = tables_of(db, queue[0])
    reads = [p for p in plan if re.match(r"(SEARCH|SCAN) t\b", p)]
    assert reads and all(p.startswith("SEARCH") and "(department=?" in p for p in reads), plan
    assert not any("TEMP B-TREE" in p for p in plan), plan   # read in order, stopped at the limit
    for p in reads:
        index = re.search(r"USING (?:COVERING )?INDEX (\w+)", p).group(1)
        if "status=?" in p:
            continue
        # a partial index: its own WHERE must leave out every status not asked for
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
        part = re.search(r"\bWHERE (.*)$", sql, re.S)
        assert part, f"{index} reads every status: {sql}"
        held = {r[0] for r in db.execute(f"SELECT DISTINCT status FROM tasks WHERE {part.group(1)}")}
        assert held <= set(statuses), (index, held)
    where = re.search(r"\bWHERE (.*?) ORDER BY", queue[0], re.S).group(1)
    picked = db.execute("SELECT DISTINCT t.status FROM tasks t JOIN cases c ON c.id = t.case_id "
                        "JOIN matters m ON m.code = c.matter_code WHERE " + where).fetchall()
    assert {p[0] for p in picked} <= set(statuses), picked
    db.close()


@pytest.mark.parametrize("status", ["", "&status=done"])
def test_a_later_page_seeks_to_its_cursor(traced, status):  # noqa: F811
    """The page after a cursor starts where the cursor points, in the index's order: no sort, and
    the tasks are reached by a range that begins at the cursor, not read from the first task on."""
    node, trace = traced
    first = node.as_user("amr_reviewer").get_json("/api/v1/tasks?limit=1" + status).json()
    assert first["next_cursor"], first
    sqls, answer = statements(node, trace, "amr_reviewer",
                              f"/api/v1/tasks?limit=1{status}&cursor={first['next_cursor']}",
                              reads=r"\bFROM tasks t\b")
    assert not {it["id"] for it in answer["items"]} & {it["id"] for it in first["items"]}
    db = sqlite3.connect(f"file:{node.db_path}?mode=ro", uri=True)
    queue = [sql for sql in sqls if re.search(r"\bFROM tasks t\b", sql)]
    assert len(queue) == 1, sqls
    plan, _ = tables_of(db, queue[0])
    db.close()
    reads = [p for p in plan if re.match(r"(SEARCH|SCAN) t\b", p)]
    assert reads and all(p.startswith("SEARCH") and re.search(r"\)[<>]\(\?", p) for p in reads), plan
    assert not any("TEMP B-TREE" in p for p in plan), plan


@pytest.mark.parametrize("user,status", [("zhangsan", ""), ("njdl_handler", ""), ("njdl_handler", "&status=dispatched"),
                                         ("dispatcher", ""), ("dispatcher", "&status=dispatched")])
def test_a_12345_list_is_read_in_its_order_and_seeks(traced, user, status):  # noqa: F811
    """The 12345 lists (the caller's, a department's, the hotline's) page as the queue does: each
    page read from an index in the list's order (no sort of everything before the limit), and a
    later page a range that begins at its cursor."""
    node, trace = traced
    for _ in range(2):
        r = node.as_user("zhangsan").post_json("/api/v1/complaints", {
            "kind": "complaint", "category": "noise", "text": "夜间施工噪音 Noise at night", "channel": "web",
            "district": "310101", "street": "310101002"})
        assert r.status_code == 201, r.text
    first = node.as_user(user).get_json("/api/v1/complaints?limit=1" + status).json()
    assert first["next_cursor"], first
    db = sqlite3.connect(f"file:{node.db_path}?mode=ro", uri=True)
    for path in (f"/api/v1/complaints?limit=1{status}", f"/api/v1/complaints?limit=1{status}&cursor={first['next_cursor']}"):
        sqls, _ = statements(node, trace, user, path, reads=r"\bFROM complaint")
        lists = [sql for sql in sqls if re.search(r"ORDER BY \w\.created_at DESC", sql)]
        assert len(lists) == 1, sqls
        plan, _ = tables_of(db, lists[0])
        assert not any("TEMP B-TREE" in p for p in plan), plan
        first_read = plan[0]
        assert re.match(r"SEARCH|SCAN", first_read) and "INDEX" in first_read, plan
        if "cursor=" in path:
            assert re.search(r"\)<\(\?", first_read), plan
    db.close()


@pytest.mark.parametrize("narrowed", [False, True])
def test_the_oversight_list_is_read_in_its_order_and_seeks(traced, narrowed):  # noqa: F811
    """The supervisors' overview pages as the queue does: a page read from cases_oversight in the
    list's order (red first, the deadline, the id), no sort of every red and yellow case before the
    limit, and a later page a range that begins at its cursor; narrowed to the colour the synthetic
    cases have most of."""
    node, trace = traced
    node.run_jobs()   # the SLA job colours the synthetic cases whose clock runs
    colour = ""
    if narrowed:
        counts = node.as_user("supervisor").get_json("/api/v1/oversight/cases?limit=1").json()["departments"]
        colour = "&colour=" + max(("red", "yellow"), key=lambda k: sum(d[k] for d in counts))
    first = node.as_user("supervisor").get_json("/api/v1/oversight/cases?limit=1" + colour).json()
    assert first["next_cursor"], first
    db = sqlite3.connect(f"file:{node.db_path}?mode=ro", uri=True)
    for path in (f"/api/v1/oversight/cases?limit=1{colour}",
                 f"/api/v1/oversight/cases?limit=1{colour}&cursor={first['next_cursor']}"):
        sqls, _ = statements(node, trace, "supervisor", path, reads=r"ORDER BY c\.colour")
        lists = [sql for sql in sqls if "ORDER BY c.colour" in sql]
        assert len(lists) == 1, sqls
        plan, _ = tables_of(db, lists[0])
        assert not any("TEMP B-TREE" in p for p in plan), plan
        assert "cases_oversight" in plan[0], plan
        if "cursor=" in path:   # colour IN ('red', 'yellow') is walked as equalities, the rest a range
            assert re.search(r"due_day>\?|\)>\(\?", plan[0]), plan
    db.close()
