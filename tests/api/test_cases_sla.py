"""The statutory clock against the SLA job, with the test build's clock.

A food licence (10 promised working days) accepted today: 7 working days
later it is still green (3 left), 8 days later yellow (2 left), on the
deadline yellow (0 left), and past the deadline red — the job then writes
one supervision order (督办), messages of kind "supervision" to the amr
department head and the supervisor (not to other departments' heads), and
an audit entry case.supervise by the system. Running the job again changes
nothing. A suspended case (clock stopped) and a decided case (clock
finished) never turn red. The clock is reset at the end."""
import datetime

from casekit import act, file_case, get_case


def file_and_accept(ts):
    return act(ts.as_user("amr_clerk"), file_case(ts), "accept")


def workday_after(ts, region, day, n):
    r = ts.get(f"/api/v1/calendar/{region}/workdays", params={"from": day, "add": n})
    assert r.status_code == 200, r.text
    return datetime.date.fromisoformat(r.json()["date"])


def move_to(ts, accepted_on, target):
    """Sets the clock so the platform's today is `target` (the case was accepted on `accepted_on` at offset 0)."""
    ts.set_clock((target - accepted_on).days)


def clock_of(ts, case_id):
    return get_case(ts.as_user("amr_reviewer"), case_id)["clock"]


def supervision_state(ts, case_id):
    return (ts.query("SELECT subject_id, department, kind FROM supervisions WHERE subject_type = 'case' AND subject_id = ?", case_id),
            ts.query("SELECT account_id, kind FROM messages WHERE entity_id = ? AND kind = 'supervision' ORDER BY account_id",
                     case_id),
            ts.query("SELECT action, actor_id FROM audit_log WHERE entity = 'case' AND entity_id = ? AND action = 'case.supervise'",
                     case_id))


def test_colours_and_supervision(ts):
    case = file_and_accept(ts)
    k = case["clock"]
    assert k["total_days"] == 10 and k["days_left"] == 10 and k["colour"] == "green"
    region, accepted_on = case["region"], datetime.date.fromisoformat(k["accepted_on"])
    deadline = datetime.date.fromisoformat(k["deadline"])
    assert workday_after(ts, region, k["accepted_on"], 10) == deadline

    # two companions: one suspended the same day (clock stopped), one decided (clock finished)
    reviewer = ts.as_user("amr_reviewer")
    paused = act(reviewer, file_and_accept(ts), "suspend", {"kind": "inspection", "reason": "需检验检测", "expected_days": 30})
    decided = act(reviewer, act(reviewer, file_and_accept(ts), "review"), "approve", {"opinion": "符合条件"})
    try:
        move_to(ts, accepted_on, workday_after(ts, region, k["accepted_on"], 7))
        ts.run_jobs()
        k7 = clock_of(ts, case["id"])
        assert (k7["days_used"], k7["days_left"], k7["colour"]) == (7, 3, "green"), k7
        assert ts.scalar("SELECT colour FROM cases WHERE id = ?", case["id"]) == "green"

        move_to(ts, accepted_on, workday_after(ts, region, k["accepted_on"], 8))
        ts.run_jobs()
        k8 = clock_of(ts, case["id"])
        assert (k8["days_used"], k8["days_left"], k8["colour"]) == (8, 2, "yellow"), k8
        assert k8["deadline"] == k["deadline"]
        assert ts.scalar("SELECT colour FROM cases WHERE id = ?", case["id"]) == "yellow"
        yellow = [t for t in ts.as_user("amr_head").get_json("/api/v1/tasks", params={"colour": "yellow"}).json()["items"]]
        assert case["id"] in [t["case_id"] for t in yellow]
        assert supervision_state(ts, case["id"]) == ([], [], [])

        move_to(ts, accepted_on, deadline)
        ts.run_jobs()
        kd = clock_of(ts, case["id"])
        assert (kd["days_left"], kd["colour"]) == (0, "yellow"), kd
        assert supervision_state(ts, case["id"]) == ([], [], [])

        move_to(ts, accepted_on, deadline + datetime.timedelta(days=1))
        ts.run_jobs()
        kr = clock_of(ts, case["id"])
        assert kr["colour"] == "red" and kr["days_left"] <= 0, kr
        assert ts.scalar("SELECT colour FROM cases WHERE id = ?", case["id"]) == "red"
        red = ts.as_user("amr_head").get_json("/api/v1/tasks", params={"colour": "red"}).json()["items"]
        assert [t["case_id"] for t in red] == [case["id"]]

        sup, msgs, audit = supervision_state(ts, case["id"])
        assert sup == [(case["id"], "amr", "overdue")]
        ids = {name: ts.scalar("SELECT id FROM accounts WHERE username = ?", name)
               for name in ("amr_head", "supervisor", "health_head", "amr_reviewer", "xiaochi")}
        assert sorted(m[0] for m in msgs) == sorted([ids["amr_head"], ids["supervisor"]])
        assert audit == [("case.supervise", "system")]
        for who in ("amr_head", "supervisor"):
            items = ts.as_user(who).get_json("/api/v1/me/messages").json()["items"]
            mine = [m for m in items if m["kind"] == "supervision" and (m.get("entity") or {}).get("id") == case["id"]]
            assert len(mine) == 1, items
            assert case["number"] in mine[0]["body"]["zh"] and k["deadline"] in mine[0]["body"]["zh"]
        for who in ("health_head", "amr_reviewer", "xiaochi"):
            items = ts.as_user(who).get_json("/api/v1/me/messages").json()["items"]
            assert not [m for m in items if m["kind"] == "supervision"], who
        entries = ts.as_user("supervisor").get_json(f"/api/v1/audit?entity=case&id={case['id']}").json()["items"]
        assert [e["action"] for e in entries].count("case.supervise") == 1

        # once is enough: again now, and again a day later
        before = supervision_state(ts, case["id"])
        ts.run_jobs()
        assert supervision_state(ts, case["id"]) == before
        move_to(ts, accepted_on, deadline + datetime.timedelta(days=2))
        ts.run_jobs()
        assert supervision_state(ts, case["id"]) == before
        assert clock_of(ts, case["id"])["colour"] == "red"

        # the stopped and the finished clocks never turned red
        kp = clock_of(ts, paused["id"])
        assert kp["paused"] and kp["colour"] != "red" and kp["days_left"] == 10, kp
        assert datetime.date.fromisoformat(kp["deadline"]) > deadline
        kf = clock_of(ts, decided["id"])
        assert kf["colour"] == "none" and kf["days_used"] == 0, kf
        for other in (paused, decided):
            assert supervision_state(ts, other["id"]) == ([], [], [])
            assert ts.scalar("SELECT colour FROM cases WHERE id = ?", other["id"]) != "red"
    finally:
        ts.set_clock(0)
