"""双随机一公开 after the inspection (issue 17), with the test build's clock.

Publication: a plan's results are due on the public page 20 working days
(national calendar) after the last day of its inspection period. On the
20th working day the job leaves the plan alone; the day after, it marks it
overdue and opens one supervision order (督办) — told to the head of the
plan's first department and to the supervisors — and running it again adds
nothing. A plan still in draft is no one's overdue work. The public page
shows the day the results were published, the day they were due, and
whether that was on time.

Objections: the inspected enterprise sees its own inspections — findings,
correction orders (责令改正, with the deadline) — and may object once,
with a reason of 5 to 1000 characters, from publication until 15 working
days after it (the 15th day included). Another enterprise is told there is
no such inspection (404). A head, reviewer or approver of a department of
the plan answers (upheld or rejected, with a reason); staff of another
department are refused and do not see it. The public page marks the result
under objection, then with the answer. The clock is reset at the end.

Complaints and findings in plans: a plan may weigh firms with 12345
complaints against them in the last 365 days or past non-compliant findings
(the ratio "flagged") — the frozen register marks them, so the weighted
draw is recomputed offline — or take only such firms (with_complaints,
with_findings)."""
import datetime
import json
import subprocess

import pytest

from conftest import BIN, cn_today, problem
import drawkit

INDUSTRY = "餐饮"                       # the demo's: hp_noodle and hp_hotpot are its high-risk firms
FIRMS = ("hp_noodle", "hp_hotpot")


def workday_after(ts, day, n):
    r = ts.get("/api/v1/calendar/000000/workdays", params={"from": day.isoformat(), "add": n})
    assert r.status_code == 200, r.text
    return datetime.date.fromisoformat(r.json()["date"])


def account_of(ts, username):
    return ts.scalar("SELECT id FROM accounts WHERE username = ?", username)


def act(ts, pid, action, body=None):
    r = ts.as_user("supervisor").post_json(f"/api/v1/inspection-plans/{pid}/actions/{action}", body or {})
    assert r.status_code == 200, r.text
    return r.json()


def plan(ts, title, day, upto="start"):
    """A joint plan (amr + health) over the demo's high-risk 餐饮 firms, its period the single day `day`,
    taken through its actions up to `upto`."""
    r = ts.as_user("supervisor").post_json("/api/v1/inspection-plans", {
        "title": title, "items": ["AMR-SP-01", "WJ-GG-01"], "filter": {"industries": [INDUSTRY]},
        "ratios": {"high": 1000}, "inspectors_per_target": 2,
        "period_start": day.isoformat(), "period_end": day.isoformat()})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    for action, body in (("commit", {}), ("draw", {"public_value": f"{day} 福彩3D 1 2 3"}), ("reveal", {}),
                         ("start", {})):
        if upto == "draft":
            break
        act(ts, pid, action, body)
        if action == upto:
            break
    return pid


def view(ts, pid):
    return ts.as_user("supervisor").get_json(f"/api/v1/inspection-plans/{pid}").json()


def public(ts, pid):
    got = [p for p in ts.get("/api/v1/public/inspections").json()["items"] if p["id"] == pid]
    return got[0] if got else None


def supervision_of(ts, pid):
    return ts.query("SELECT subject_type, department, kind FROM supervisions WHERE subject_id = ?", pid)


@pytest.fixture(scope="module")
def today(ts):
    yield cn_today()
    ts.set_clock(0)


def test_results_due_20_working_days_after_the_inspection(ts, today):
    late = plan(ts, "逾期公示的抽查", today)
    on_time = plan(ts, "按时公示的抽查", today)
    draft = plan(ts, "未提交的计划", today, upto="draft")
    due = workday_after(ts, today, 20)
    assert view(ts, late)["publish_due"] == due.isoformat()
    act(ts, on_time, "publish")
    try:
        ts.set_clock((due - today).days)            # the 20th working day: not yet overdue
        ts.run_jobs()
        assert view(ts, late)["overdue"] is False and supervision_of(ts, late) == []
        ts.set_clock((due - today).days + 1)        # the day after
        ts.run_jobs()
        assert view(ts, late)["overdue"] is True
        assert supervision_of(ts, late) == [("inspection_plan", "amr", "overdue")]
        listed = {p["id"]: p for p in ts.as_user("amr_head").get_json("/api/v1/inspection-plans").json()["items"]}
        assert (listed[late]["overdue"], listed[late]["publish_due"]) == (True, due.isoformat())
        assert listed[on_time]["overdue"] is False
        told = ts.query("SELECT a.username FROM messages m JOIN accounts a ON a.id = m.account_id "
                        "WHERE m.entity_id = ? AND m.kind = 'supervision' ORDER BY a.username", late)
        assert told == [("amr_head",), ("supervisor",)]
        assert ts.scalar("SELECT COUNT(*) FROM audit_log WHERE entity_id = ? AND "
                         "action = 'inspection_plan.overdue'", late) == 1
        ts.run_jobs()                               # once only
        assert len(supervision_of(ts, late)) == 1
        assert ts.scalar("SELECT COUNT(*) FROM messages WHERE entity_id = ? AND kind = 'supervision'", late) == 2
        # the published plan and the draft are no one's overdue work
        assert supervision_of(ts, on_time) == [] and supervision_of(ts, draft) == []
        assert view(ts, on_time)["overdue"] is False and view(ts, draft)["overdue"] is False

        act(ts, late, "publish")
        shown = public(ts, late)
        assert (shown["published_on"], shown["publish_due"], shown["on_time"]) == (
            (due + datetime.timedelta(days=1)).isoformat(), due.isoformat(), False)
        shown = public(ts, on_time)
        assert (shown["published_on"], shown["publish_due"], shown["on_time"]) == (
            today.isoformat(), due.isoformat(), True)
        assert public(ts, draft) is None
    finally:
        ts.set_clock(0)


def drawn_inspector(ts, pid, firm, dept):
    """The username of the inspector of `dept` drawn for the firm."""
    return ts.scalar("SELECT a.username FROM inspection_assignments x JOIN accounts a ON a.id = x.inspector_account "
                     "JOIN inspectors i ON i.account_id = a.id WHERE x.plan_id = ? AND x.target_account = ? "
                     "AND i.department = ?", pid, account_of(ts, firm), dept)


def mine(ts, username, pid):
    r = ts.as_user(username).get_json("/api/v1/me/inspections")
    assert r.status_code == 200, r.text
    got = [i for i in r.json()["items"] if i["plan"] == pid]
    return r.json(), (got[0] if got else None)


def objections(ts, pid):
    return ts.query("SELECT target_account, status, reason FROM inspection_objections WHERE plan_id = ? "
                    "ORDER BY target_account", pid)


def test_the_enterprise_sees_its_inspection_objects_and_a_department_answers(ts, today):
    pid = plan(ts, "异议期的抽查", today)
    noodle = ts.as_user("hp_noodle")
    _, m = mine(ts, "hp_noodle", pid)
    target = m["target"]
    # before publication: nothing to object to
    body = problem(noodle.post_json(f"/api/v1/me/inspections/{pid}/objections", {"reason": "检查结论与事实不符"}), 409)
    assert body["errors"][0]["field"] == "plan" and body["errors"][0]["code"] == "not_published"

    who = drawn_inspector(ts, pid, "hp_noodle", "amr")
    r = ts.as_user(who).post_json(f"/api/v1/inspection-plans/{pid}/findings", {
        "target": target, "item": "AMR-SP-01", "result": "non_compliant", "note": "许可证未悬挂",
        "correction_deadline": "2027-01-15"})
    assert r.status_code == 201, r.text
    act(ts, pid, "publish")
    due = workday_after(ts, today, 15)

    whole, m = mine(ts, "hp_noodle", pid)
    assert whole["credit_code"] == ts.scalar("SELECT credit_code FROM accounts WHERE username = 'hp_noodle'")
    en = "Inspection of food business licences"
    assert m["findings"] == [{"item": "AMR-SP-01", "title": "食品经营许可事项检查", "title_en": en,
                              "result": "non_compliant", "correction_deadline": "2027-01-15", "note": "许可证未悬挂"}]
    assert m["correction_orders"] == [{"item": "AMR-SP-01", "title": "食品经营许可事项检查", "title_en": en,
                                       "deadline": "2027-01-15"}]
    assert (m["published_on"], m["objection_due"], m["can_object"], m["objection"]) == (
        today.isoformat(), due.isoformat(), True, None)
    assert who not in str(m)                         # never who inspected it

    # bad reasons: missing, too short, too long — 422 naming the field, nothing filed
    for bad in ({}, {"reason": "不服"}, {"reason": "理" * 1001}):
        assert problem(noodle.post_json(f"/api/v1/me/inspections/{pid}/objections", bad), 422)["errors"][0][
            "field"] == "reason"
    # an enterprise the plan did not draw: no such inspection; a person may not object at all
    _, none = mine(ts, "hp_bakery", pid)
    assert none is None
    problem(ts.as_user("hp_bakery").post_json(f"/api/v1/me/inspections/{pid}/objections",
                                              {"reason": "检查结论与事实不符"}), 404)
    problem(ts.as_user("zhangsan").post_json(f"/api/v1/me/inspections/{pid}/objections",
                                             {"reason": "检查结论与事实不符"}), 403)
    assert objections(ts, pid) == []

    try:
        ts.set_clock((due - today).days)                 # the 15th working day: still in time
        r = ts.as_user("hp_noodle").post_json(f"/api/v1/me/inspections/{pid}/objections",
                                              {"reason": "许可证已悬挂于后厨入口，检查时未注意到"})
        assert r.status_code == 201, r.text
        oid = r.json()["id"]
        body = problem(ts.as_user("hp_noodle").post_json(f"/api/v1/me/inspections/{pid}/objections",
                                                         {"reason": "再提一次异议"}), 409)
        assert body["errors"][0]["code"] == "objected"
        ts.set_clock((due - today).days + 1)             # the day after: too late
        _, m2 = mine(ts, "hp_hotpot", pid)
        assert m2["can_object"] is False
        body = problem(ts.as_user("hp_hotpot").post_json(f"/api/v1/me/inspections/{pid}/objections",
                                                         {"reason": "检查结论与事实不符"}), 409)
        assert body["errors"][0]["code"] == "objection_period_over" and due.isoformat() in body["detail"]
    finally:
        ts.set_clock(0)
    assert objections(ts, pid) == [(account_of(ts, "hp_noodle"), "pending", "许可证已悬挂于后厨入口，检查时未注意到")]
    res = {x["target"]: x["objection"] for x in public(ts, pid)["results"]}
    assert res[target] == "pending" and list(res.values()).count(None) == 1

    # staff of another department neither see nor answer it; a window clerk of the plan's does not answer
    assert [o for o in ts.as_user("fire_reviewer").get_json("/api/v1/inspection-objections").json()["items"]
            if o["id"] == oid] == []
    answer = {"decision": "rejected", "reason": "现场照片显示许可证未悬挂"}
    for other in ("fire_reviewer", "amr_clerk", "supervisor"):
        problem(ts.as_user(other).post_json(f"/api/v1/inspection-objections/{oid}/answer", answer), 403)
    problem(ts.as_user("amr_head").post_json("/api/v1/inspection-objections/nosuch/answer", answer), 404)
    # the plan's departments see it, with the enterprise and its findings
    for head in ("amr_head", "health_head"):
        got = [o for o in ts.as_user(head).get_json("/api/v1/inspection-objections").json()["items"]
               if o["id"] == oid]
        assert len(got) == 1 and got[0]["can_answer"] is True and got[0]["target"] == target
        assert got[0]["status"] == "pending" and got[0]["findings"][0]["item"] == "AMR-SP-01"
    head = ts.as_user("amr_head")
    for bad, field in (({"decision": "maybe", "reason": "x理由"}, "decision"), ({"decision": "upheld"}, "reason")):
        assert problem(head.post_json(f"/api/v1/inspection-objections/{oid}/answer", bad), 422)["errors"][0][
            "field"] == field
    assert objections(ts, pid)[0][1] == "pending"
    r = head.post_json(f"/api/v1/inspection-objections/{oid}/answer", answer)
    assert r.status_code == 200, r.text
    body = problem(ts.as_user("health_head").post_json(f"/api/v1/inspection-objections/{oid}/answer",
                                                       dict(answer, decision="upheld")), 409)
    assert body["errors"][0]["code"] == "answered"
    _, m = mine(ts, "hp_noodle", pid)
    assert (m["objection"]["status"], m["objection"]["answer"], m["can_object"]) == (
        "rejected", "现场照片显示许可证未悬挂", False)
    assert ts.scalar("SELECT COUNT(*) FROM messages WHERE account_id = ? AND kind = 'inspection' "
                     "AND entity_id = ?", account_of(ts, "hp_noodle"), pid) == 1
    res = {x["target"]: x["objection"] for x in public(ts, pid)["results"]}
    assert res[target] == "rejected"


def test_complaints_and_findings_weigh_in_the_draw(ts, tmp_path):
    sup = ts.as_user("supervisor")
    code = ts.scalar("SELECT credit_code FROM accounts WHERE username = 'hp_teahouse'")
    r = ts.as_user("zhangsan").post_json("/api/v1/complaints", {
        "kind": "complaint", "category": "food_safety", "channel": "web", "district": "310101",
        "street": "310101002", "subject": {"credit_code": code}, "text": "茶馆卫生差 Dirty teahouse"})
    assert r.status_code == 201, r.text
    reg = {i["name"]: i for i in sup.get_json("/api/v1/inspection-targets").json()["items"]
           if i["industry"] == INDUSTRY}
    flagged = {n for n, i in reg.items() if i["complaints"] or i["findings"]}
    complained = {n for n, i in reg.items() if i["complaints"]}
    teahouse = ts.scalar("SELECT display_name FROM accounts WHERE username = 'hp_teahouse'")
    assert teahouse in complained and len(reg) == 4 and flagged != set(reg)

    def drawn(body):
        r = sup.post_json("/api/v1/inspection-plans", {
            "title": "投诉和不合格记录加权抽查", "items": ["AMR-SP-01", "WJ-GG-01"], "inspectors_per_target": 2,
            "period_start": "2027-01-04", "period_end": "2027-01-29", **body})
        assert r.status_code == 201, r.text
        pid = r.json()["id"]
        for action, b in (("commit", {}), ("draw", {"public_value": "2027-01-04 福彩3D 9 9 9"}), ("reveal", {})):
            act(ts, pid, action, b)
        rec = ts.get(f"/api/v1/public/inspections/{pid}/draw").json()
        return rec, {t["enterprise"] for t in view(ts, pid)["drawn"]}

    # weighed: every flagged firm (1000 ‰), no other (0 ‰ for every risk level)
    rec, names = drawn({"filter": {"industries": [INDUSTRY]},
                        "ratios": {"flagged": 1000, "high": 0, "medium": 0, "low": 0}})
    assert names == flagged
    assert len(rec["targets"]) == 4 and sum(1 for t in rec["targets"] if t.get("flagged")) == len(flagged)
    assert drawkit.check(rec)                                   # the second implementation agrees
    f = tmp_path / "plan.json"
    f.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    v = subprocess.run([str(BIN), "inspection-verify", str(f)], capture_output=True, text=True, timeout=60)
    assert v.returncode == 0 and v.stdout.startswith("match:"), v.stdout + v.stderr
    # the flag is part of what was committed to: dropping one no longer matches
    for t in rec["targets"]:
        t.pop("flagged", None)
    f.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    v = subprocess.run([str(BIN), "inspection-verify", str(f)], capture_output=True, text=True, timeout=60)
    assert v.returncode != 0 and "registers" in v.stdout + v.stderr

    # filtered: only the firms complained about enter the register; unweighted, nothing is flagged
    rec, names = drawn({"filter": {"industries": [INDUSTRY], "with_complaints": True},
                        "ratios": {"high": 1000, "medium": 1000, "low": 1000}})
    assert names == complained and len(rec["targets"]) == len(complained)
    assert not any("flagged" in t for t in rec["targets"]) and drawkit.check(rec)
    # with_findings: only the firms with past non-compliant findings (none at all: nothing to commit)
    found = {n for n, i in reg.items() if i["findings"]}
    body = {"filter": {"industries": [INDUSTRY], "with_findings": True}, "ratios": {"high": 1000, "medium": 1000,
                                                                                    "low": 1000}}
    if found:
        rec, names = drawn(body)
        assert names == found and len(rec["targets"]) == len(found)
    else:
        r = sup.post_json("/api/v1/inspection-plans", {"title": "x", "items": ["AMR-SP-01"], "period_start": "2027-01-04",
                                                       "period_end": "2027-01-29", **body})
        pid = r.json()["id"]
        r = sup.post_json(f"/api/v1/inspection-plans/{pid}/actions/commit", {})
        assert problem(r, 422)["errors"][0]["code"] == "no_targets"

    for bad, field in (({"filter": {"with_complaints": "yes"}, "ratios": {"high": 10}}, "filter.with_complaints"),
                       ({"filter": {"complained": True}, "ratios": {"high": 10}}, "filter"),
                       ({"ratios": {"suspicious": 10}}, "ratios")):
        r = sup.post_json("/api/v1/inspection-plans", {"title": "x", "items": ["AMR-SP-01"], "period_start": "2027-01-04",
                                                       "period_end": "2027-01-29", **bad})
        assert field in {e["field"] for e in problem(r, 422)["errors"]}, r.text
