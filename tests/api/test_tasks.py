"""The workbench queue (GET /api/v1/tasks, claim / release / assign, bulk,
department staff), on a server of its own (test build) so the queue holds
only what these tests put in it.

Submitting puts an intake task for the department's window clerks; the
queue is sorted by the case deadline (accepted cases first, in date order;
intake tasks last, showing the 5-working-day intake term as their deadline) and filters by role, status, matter and colour.
A claimed task is its holder's: a colleague's claim and a colleague's
action on the case are 409 task-claimed until the holder releases it or a
head reassigns it. Assignment goes only to a colleague of the department
with the task's role (422 otherwise), by the head or the holder (403
otherwise). Health staff neither see nor touch amr tasks."""
import datetime

import pytest

from conftest import STAFF_PASSWORD, field_errors, problem
from casekit import FOOD, act, file_case, get_case



@pytest.fixture(scope="module")
def people(ts):
    """Usernames of a second amr clerk and a second amr reviewer."""
    return {"clerk2": ts.new_staff("amr", "window_clerk"), "reviewer2": ts.new_staff("amr", "reviewer")}


def login(ts, name):
    return ts.as_user(name, STAFF_PASSWORD)


def tasks(s, **params):
    # the whole queue (the API's largest page): the module's other tests fill it too
    params.setdefault("limit", 200)
    r = s.get(s.url("/api/v1/tasks"), params=params, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def task_of(s, case_id, **params):
    found = [t for t in tasks(s, **params) if t["case_id"] == case_id]
    assert len(found) == 1, found
    return found[0]


def task_act(s, task_id, action, body=None):
    return s.post(s.url(f"/api/v1/tasks/{task_id}/{action}"), json=body, timeout=30)


def db_task(ts, task_id):
    return ts.query("SELECT status, COALESCE(claimed_by, ''), kind, role, department FROM tasks WHERE id = ?", task_id)[0]


def task_version(ts, task_id):
    return ts.scalar("SELECT version FROM tasks WHERE id = ?", task_id)


def account_id(ts, username):
    return ts.scalar("SELECT id FROM accounts WHERE username = ?", username)


# ------------------------------------------------------------------ the queue


def test_submitting_creates_an_intake_task(ts):
    case = file_case(ts)
    rows = ts.query("SELECT kind, role, department, status, claimed_by FROM tasks WHERE case_id = ?", case["id"])
    assert rows == [("intake", "window_clerk", "amr", "open", None)]
    t = task_of(ts.as_user("amr_clerk"), case["id"])
    assert t["kind"] == "intake" and t["role"] == "window_clerk" and t["status"] == "open"
    assert t["claimed_by"] is None
    # the intake term is a deadline too (issue 16, bug 10): 5 working days from submission, green today
    sh = datetime.timezone(datetime.timedelta(hours=8))
    submitted = datetime.datetime.fromisoformat(case["submitted_at"].replace("Z", "+00:00"))
    day = submitted.astimezone(sh).date().isoformat()
    assert (t["deadline_kind"], t["colour"]) == ("intake", "green"), t
    between = ts.get("/api/v1/calendar/310000/workdays", params={"from": day, "to": t["deadline"]}).json()
    assert between["workdays"] == 5, (day, t["deadline"], between)
    assert t["case_number"] == case["number"]
    assert t["matter"]["code"] == FOOD and t["matter"]["name"]["zh"] == "食品经营许可"
    assert set(t) >= {"id", "case_id", "case_number", "matter", "kind", "role", "status", "claimed_by", "deadline",
                      "colour", "created_at"}
    # reviewers see the department's queue too; other departments do not
    assert case["id"] in [x["case_id"] for x in tasks(ts.as_user("amr_reviewer"))]
    assert case["id"] not in [x["case_id"] for x in tasks(ts.as_user("health_clerk"))]
    # accepting moves the queue on: intake done, a review task for reviewers
    act(ts.as_user("amr_clerk"), case, "accept")
    rows = ts.query("SELECT kind, role, status FROM tasks WHERE case_id = ? ORDER BY created_at, kind", case["id"])
    assert sorted(rows) == [("intake", "window_clerk", "done"), ("review", "reviewer", "open")]


def test_a_task_names_the_applicant_the_submission_and_how_long_it_has_waited(ts):
    """The columns a clerk works by (issue 16, item 7): applicant, channel, submitted, waiting,
    deadline and colour. A task opened 3 days ago has waited 3 whole days."""
    try:
        ts.set_clock(-3)
        case = file_case(ts)
    finally:
        ts.set_clock(0)
    t = task_of(ts.as_user("amr_clerk"), case["id"])
    assert t["applicant"] == {"name": case["applicant"]["name"], "kind": "enterprise"}, t
    assert t["channel"] == "online" and t["submitted_at"] == case["submitted_at"]
    assert t["waiting_days"] == 3, t
    assert t["deadline"] and t["colour"] in ("green", "yellow", "red")
    fresh = task_of(ts.as_user("amr_clerk"), file_case(ts)["id"])
    assert fresh["waiting_days"] == 0


@pytest.fixture(scope="module")
def queue(ts):
    """A queue of known shape: one overdue case (accepted 20 days ago, red
    after the jobs ran), three accepted today with 10, 15 and 20 working days
    (extensions), two only submitted."""
    try:
        ts.set_clock(-20)
        old = act(ts.as_user("amr_clerk"), file_case(ts), "accept")
    finally:
        ts.set_clock(0)
    ts.run_jobs()
    clerk, approver = ts.as_user("amr_clerk"), ts.as_user("amr_approver")
    d10 = act(clerk, file_case(ts), "accept")
    d20 = act(approver, act(clerk, file_case(ts), "accept"), "extend", {"days": 10, "reason": "需现场核查，情况复杂"})
    d15 = act(approver, act(clerk, file_case(ts), "accept"), "extend", {"days": 5, "reason": "需补充核查"})
    ent, _ = ts.new_enterprise()   # a second applicant (the food permit is an enterprise matter)
    sub = [file_case(ts), file_case(ts, ts.login(ent["username"], ent["password"]))]
    old = get_case(clerk, old["id"])
    assert old["clock"]["colour"] == "red", old["clock"]
    dated = [old, d10, d15, d20]
    assert [c["clock"]["deadline"] for c in dated] == sorted(c["clock"]["deadline"] for c in dated)
    assert len({c["clock"]["deadline"] for c in dated}) == 4
    return {"dated": dated, "submitted": sub}


def test_the_queue_is_sorted_by_deadline(ts, queue):
    items = tasks(ts.as_user("amr_head"))
    # by the deadline that binds each task: the case's once accepted, the intake term's (5 working
    # days) before; a task with neither comes last
    deadlines = [t["deadline"] for t in items]
    dated = [d for d in deadlines if d is not None]
    assert deadlines[:len(dated)] == dated, "tasks without a deadline come last"
    assert dated == sorted(dated)
    mine = [t["case_id"] for t in items if t["case_id"] in {c["id"] for c in queue["dated"]}]
    assert mine == [c["id"] for c in queue["dated"]]
    for c in queue["dated"]:
        t = [x for x in items if x["case_id"] == c["id"]][0]
        assert t["deadline"] == c["clock"]["deadline"] and t["kind"] == "review"
    positions = {t["case_id"]: i for i, t in enumerate(items)}
    old, d10 = queue["dated"][0], queue["dated"][1]
    # an intake term of five working days is due after the overdue case, before ten working days
    for c in queue["submitted"]:
        assert positions[old["id"]] < positions[c["id"]] < positions[d10["id"]]
        assert items[positions[c["id"]]]["deadline_kind"] == "intake"


def test_filters(ts, queue):
    head = ts.as_user("amr_head")
    dated = {c["id"] for c in queue["dated"]}
    submitted = {c["id"] for c in queue["submitted"]}
    rv = tasks(head, role="reviewer")
    assert rv and all(t["role"] == "reviewer" for t in rv)
    assert dated <= {t["case_id"] for t in rv} and not submitted & {t["case_id"] for t in rv}
    wc = tasks(head, role="window_clerk")
    assert wc and all(t["role"] == "window_clerk" for t in wc)
    assert submitted <= {t["case_id"] for t in wc} and not dated & {t["case_id"] for t in wc}

    open_ = tasks(head, status="open")
    assert open_ and all(t["status"] == "open" for t in open_)
    done = tasks(head, status="done")
    assert done and all(t["status"] == "done" for t in done)
    assert dated <= {t["case_id"] for t in done}          # their intake tasks
    assert all(t["kind"] == "intake" for t in done if t["case_id"] in dated)
    # the default is what is still to do: open and claimed
    assert {t["status"] for t in tasks(head)} <= {"open", "claimed"}

    assert {t["case_id"] for t in tasks(head, matter=FOOD)} >= dated | submitted
    assert tasks(head, matter="XK00104000") == []

    red = tasks(head, colour="red")
    assert [t["case_id"] for t in red] == [queue["dated"][0]["id"]]
    green = {t["case_id"] for t in tasks(head, colour="green")}
    assert {c["id"] for c in queue["dated"][1:]} <= green and queue["dated"][0]["id"] not in green
    none = {t["case_id"] for t in tasks(head, colour="none")}
    assert submitted <= none and not dated & none
    assert tasks(head, colour="yellow") == []
    both = tasks(head, role="reviewer", colour="green", matter=FOOD, status="open")
    assert {c["id"] for c in queue["dated"][1:]} <= {t["case_id"] for t in both}
    assert all(t["role"] == "reviewer" and t["colour"] == "green" and t["status"] == "open" for t in both)

    for bad, field in (({"status": "pending"}, "status"), ({"colour": "purple"}, "colour"), ({"role": "wizard"}, "role"),
                       ({"sort": "name"}, "sort")):
        r = head.get(head.url("/api/v1/tasks"), params=bad, timeout=30)
        assert r.status_code in (400, 422), r.text
        assert field in {f for f, _ in field_errors(r.json())}


def test_applicants_have_no_queue(ts):
    problem(ts.as_user("xiaochi").get_json("/api/v1/tasks"), 403)
    problem(ts.get("/api/v1/tasks"), 401)


# ------------------------------------------------------------------ claim and release


def test_claim_is_exclusive_until_released(ts, people):
    clerk, clerk2 = ts.as_user("amr_clerk"), login(ts, people["clerk2"])
    case = file_case(ts)
    t = task_of(clerk, case["id"])
    r = task_act(clerk, t["id"], "claim")
    assert r.status_code == 200, r.text
    assert db_task(ts, t["id"])[:2] == ("claimed", clerk.account["id"])
    seen = task_of(clerk2, case["id"])
    assert seen["status"] == "claimed" and seen["claimed_by"]["id"] == clerk.account["id"]
    assert seen["claimed_by"]["name"] == "市场监管窗口 陈静"
    assert t["id"] in [x["id"] for x in tasks(clerk2, status="claimed")]

    audit_before = ts.scalar("SELECT COUNT(*) FROM audit_log")
    problem(task_act(clerk2, t["id"], "claim"), 409, "task-claimed")
    # the colleague may not act on the case either
    problem(clerk2.post_json(f"/api/v1/cases/{case['id']}/actions/accept", {}, headers={"If-Match": '"1"'}),
            409, "task-claimed")
    problem(clerk2.post_json(f"/api/v1/cases/{case['id']}/actions/request_correction",
                             {"items": [{"kind": "field", "key": "shop_area", "reason": "请核对面积"}]},
                             headers={"If-Match": '"1"'}), 409, "task-claimed")
    # nor release it
    problem(task_act(clerk2, t["id"], "release"), 403)
    assert get_case(clerk, case["id"])["status"] == "submitted"
    assert get_case(clerk, case["id"])["version"] == 1
    assert db_task(ts, t["id"])[:2] == ("claimed", clerk.account["id"])
    assert ts.scalar("SELECT COUNT(*) FROM audit_log") == audit_before

    # claiming again is harmless for the holder
    assert task_act(clerk, t["id"], "claim").status_code == 200
    r = task_act(clerk, t["id"], "release")
    assert r.status_code == 200, r.text
    assert db_task(ts, t["id"])[:2] == ("open", "")
    problem(task_act(clerk, t["id"], "release"), 409)     # nothing to release
    assert task_act(clerk2, t["id"], "claim").status_code == 200
    problem(clerk.post_json(f"/api/v1/cases/{case['id']}/actions/accept", {}, headers={"If-Match": '"1"'}),
            409, "task-claimed")
    case = act(clerk2, case, "accept")
    assert case["status"] == "accepted"
    assert db_task(ts, t["id"])[0] == "done"
    problem(task_act(clerk2, t["id"], "claim"), 409)      # a done task is not claimable
    actions = [a for (a,) in ts.query("SELECT action FROM audit_log WHERE entity = 'task' AND entity_id = ? ORDER BY seq",
                                      t["id"])]
    assert actions == ["task.claim", "task.claim", "task.release", "task.claim"]


def test_a_head_may_release_a_colleagues_claim(ts, people):
    clerk = ts.as_user("amr_clerk")
    t = task_of(clerk, file_case(ts)["id"])
    assert task_act(clerk, t["id"], "claim").status_code == 200
    assert task_act(ts.as_user("amr_head"), t["id"], "release").status_code == 200
    assert db_task(ts, t["id"])[:2] == ("open", "")


def test_claim_needs_the_tasks_role(ts):
    case = act(ts.as_user("amr_clerk"), file_case(ts), "accept")
    t = task_of(ts.as_user("amr_reviewer"), case["id"])
    assert t["role"] == "reviewer"
    problem(task_act(ts.as_user("amr_clerk"), t["id"], "claim"), 403)
    assert db_task(ts, t["id"])[:2] == ("open", "")


# ------------------------------------------------------------------ assign


def test_assign(ts, people):
    head, reviewer, reviewer2 = ts.as_user("amr_head"), ts.as_user("amr_reviewer"), login(ts, people["reviewer2"])
    case = act(ts.as_user("amr_clerk"), file_case(ts), "accept")
    t = task_of(head, case["id"])
    # the head assigns to a colleague with the role
    r = task_act(head, t["id"], "assign", {"to": reviewer.account["id"]})
    assert r.status_code == 200, r.text
    assert db_task(ts, t["id"])[:2] == ("claimed", reviewer.account["id"])
    # someone who neither holds it nor heads the department may not
    problem(task_act(reviewer2, t["id"], "assign", {"to": reviewer2.account["id"]}), 403)
    problem(task_act(ts.as_user("amr_clerk"), t["id"], "assign", {"to": reviewer2.account["id"]}), 403)
    assert db_task(ts, t["id"])[:2] == ("claimed", reviewer.account["id"])
    # the holder hands it on
    assert task_act(reviewer, t["id"], "assign", {"to": reviewer2.account["id"]}).status_code == 200
    assert db_task(ts, t["id"])[:2] == ("claimed", reviewer2.account["id"])
    problem(reviewer.post_json(f"/api/v1/cases/{case['id']}/actions/review", {}, headers={"If-Match": f'"{case["version"]}"'}),
            409, "task-claimed")
    act(reviewer2, case, "review")

    # not to another department, not without the role, not to an applicant, not to nobody
    case = act(ts.as_user("amr_clerk"), file_case(ts), "accept")
    t = task_of(head, case["id"])
    for to in (account_id(ts, "health_reviewer"), account_id(ts, "amr_clerk"), account_id(ts, "xiaochi"),
               account_id(ts, "supervisor"), "0" * 32):
        r = task_act(head, t["id"], "assign", {"to": to})
        p = problem(r, 422)
        assert ("to", "not_a_colleague") in field_errors(p), p
    p = problem(task_act(head, t["id"], "assign", {}), 422)
    assert ("to", "required") in field_errors(p)
    assert db_task(ts, t["id"])[:2] == ("open", "")
    problem(task_act(head, t["id"], "promote", {}), 404)
    problem(task_act(head, "0" * 32, "claim"), 404)


# ------------------------------------------------------------------ bulk


def test_bulk_claim_reports_each_task(ts, people):
    clerk, clerk2 = ts.as_user("amr_clerk"), login(ts, people["clerk2"])
    ids = [task_of(clerk, file_case(ts)["id"])["id"] for _ in range(3)]
    assert task_act(clerk2, ids[2], "claim").status_code == 200
    r = clerk.post_json("/api/v1/tasks/bulk", {"action": "claim", "ids": ids + ["0" * 32]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["succeeded"] == 2 and body["failed"] == 2
    assert body["results"] == [{"id": ids[0], "result": "ok"}, {"id": ids[1], "result": "ok"},
                               {"id": ids[2], "result": "task-claimed"}, {"id": "0" * 32, "result": "not-found"}]
    assert [db_task(ts, i)[:2] for i in ids] == [("claimed", clerk.account["id"])] * 2 + [("claimed", clerk2.account["id"])]

    # bulk assign by the head
    r = ts.as_user("amr_head").post_json("/api/v1/tasks/bulk", {"action": "assign", "ids": ids, "to": clerk2.account["id"]})
    assert r.status_code == 200 and r.json()["succeeded"] == 3, r.text
    assert {db_task(ts, i)[1] for i in ids} == {clerk2.account["id"]}

    for bad in ({"action": "approve", "ids": ids}, {"action": "claim", "ids": []}, {"action": "claim"},
                {"action": "claim", "ids": ids, "extra": 1}):
        r = clerk.post_json("/api/v1/tasks/bulk", bad)
        assert r.status_code == 422, (bad, r.text)
    assert {db_task(ts, i)[1] for i in ids} == {clerk2.account["id"]}


# ------------------------------------------------------------------ departments


def test_health_staff_cannot_see_or_touch_amr_tasks(ts):
    case = act(ts.as_user("amr_clerk"), file_case(ts), "accept")
    t = task_of(ts.as_user("amr_reviewer"), case["id"])
    amr_ids = {x[0] for x in ts.query("SELECT id FROM tasks WHERE department = 'amr'")}
    for who in ("health_clerk", "health_reviewer", "health_head"):
        s = ts.as_user(who)
        seen = {x["id"] for x in tasks(s)} | {x["id"] for x in tasks(s, status="done")}
        assert not seen & amr_ids, who
        assert tasks(s, matter=FOOD) == []
    before = ts.query("SELECT id, status, COALESCE(claimed_by, ''), version FROM tasks ORDER BY id")
    audit = ts.scalar("SELECT COUNT(*) FROM audit_log")
    hr, hh = ts.as_user("health_reviewer"), ts.as_user("health_head")
    assert task_act(hr, t["id"], "claim").status_code in (403, 404)
    assert task_act(hh, t["id"], "claim").status_code in (403, 404)
    assert task_act(hh, t["id"], "assign", {"to": hr.account["id"]}).status_code in (403, 404)
    assert task_act(hh, t["id"], "assign", {"to": account_id(ts, "amr_reviewer")}).status_code in (403, 404)
    assert task_act(hh, t["id"], "release").status_code in (403, 404)
    r = hh.post_json("/api/v1/tasks/bulk", {"action": "claim", "ids": [t["id"]]})
    assert r.status_code == 200 and r.json()["succeeded"] == 0
    assert r.json()["results"][0]["result"] in ("forbidden", "not-found")
    assert ts.query("SELECT id, status, COALESCE(claimed_by, ''), version FROM tasks ORDER BY id") == before
    assert ts.scalar("SELECT COUNT(*) FROM audit_log") == audit


def test_department_staff(ts, people):
    r = ts.as_user("amr_clerk").get_json("/api/v1/departments/amr/staff")
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    by_id = {i["id"]: i for i in items}
    assert by_id[account_id(ts, "amr_reviewer")]["roles"] == ["reviewer"]
    assert by_id[account_id(ts, "amr_head")]["roles"] == ["dept_head"]
    assert by_id[account_id(ts, people["reviewer2"])]["roles"] == ["reviewer"]
    assert account_id(ts, "health_reviewer") not in by_id and account_id(ts, "xiaochi") not in by_id
    assert account_id(ts, "supervisor") not in by_id
    for i in items:
        assert set(i) == {"id", "name", "roles"}
    problem(ts.as_user("health_clerk").get_json("/api/v1/departments/amr/staff"), 403)
    problem(ts.as_user("health_head").get_json("/api/v1/departments/amr/staff"), 403)
    problem(ts.as_user("zhangsan").get_json("/api/v1/departments/amr/staff"), 403)
    assert ts.as_user("health_clerk").get_json("/api/v1/departments/health/staff").status_code == 200


def test_if_match_guards_a_claim_against_a_change_the_clerk_has_not_seen(ts):
    case = file_case(ts)
    clerk = ts.as_user("amr_clerk")
    t = task_of(clerk, case["id"])
    version = task_version(ts, t["id"])
    # a stale version: 409, and the task is as it was
    r = clerk.post(clerk.url(f"/api/v1/tasks/{t['id']}/claim"), json={},
                   headers={"If-Match": f'"{version + 1}"'}, timeout=30)
    problem(r, 409, "stale-version")
    assert task_version(ts, t["id"]) == version
    # malformed: 400; the version seen: claimed
    r = clerk.post(clerk.url(f"/api/v1/tasks/{t['id']}/claim"), json={}, headers={"If-Match": "soon"}, timeout=30)
    assert r.status_code == 400, r.text
    r = clerk.post(clerk.url(f"/api/v1/tasks/{t['id']}/claim"), json={},
                   headers={"If-Match": f'"{version}"'}, timeout=30)
    assert r.status_code == 200, r.text
    assert task_version(ts, t["id"]) == version + 1
    # who may act is settled first: a reviewer's claim of the clerk's task is 403 whatever the version
    r = ts.as_user("amr_reviewer").post(clerk.url(f"/api/v1/tasks/{t['id']}/claim"), json={},
                                        headers={"If-Match": '"999"'}, timeout=30)
    problem(r, 403)
