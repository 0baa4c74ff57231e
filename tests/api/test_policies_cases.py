"""惠企政策 applied for are cases (issue 17, item 7): an enterprise's application files and submits a
case of the issuing department's 政策兑现 matter, its form filled from the enterprise's shared data
(account and profile) so that nothing is typed; the statutory clock runs on it like on any case;
the department's reviewer decides it through the ordinary case actions, and the decision is the
application's — approved: granted (a grant by application), denied: refused with the reason given.
Staff of another department cannot act on it; applying twice is 409; bad input is a 4xx that
changes nothing. A policy that takes applications names a matter of its own department; a 免申即享
one names none."""

import pytest

from casekit import act, get_case
from conftest import cn_today, problem, uniq

MATTER = "JF00110000"       # 惠企政策兑现 of amr (data/demo/matters.json): 10 promised working days


@pytest.fixture(scope="module")
def world(server):
    sup, head = server.as_user("supervisor"), server.as_user("amr_head")
    industry = uniq("零售")[:30]
    firms = []
    for employees in (12, 30, 40):
        body, acc = server.new_enterprise()
        acc = dict(acc, username=body["username"], password=body["password"], legal_rep=body["legal_rep"],
                   credit_code=body["credit_code"])
        r = sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}",
                         {"industry": industry, "district": "310101", "risk": "low", "size": "small",
                          "founded": "2020-01-01", "tax_credit": "A", "employees": employees})
        assert r.status_code == 200, r.text
        firms.append(acc)
    r = head.post_json("/api/v1/policies", {
        "title": "零售业吸纳就业补贴", "text": "对吸纳就业的零售企业给予一次性补贴。", "title_en": "Retail hiring subsidy",
        "period_start": "2026-01-01", "period_end": "2026-12-31", "benefit": "每户3000元", "auto_grant": False,
        "matter": MATTER,
        "eligibility": {"hit_policy": "first", "rules": [
            {"when": {"industry": {"in": [industry]}, "employees": {"min": 10}}, "benefit": 300050}]}})
    assert r.status_code == 201, r.text
    p = r.json()
    assert p["matter"] == MATTER
    r = head.post_json(f"/api/v1/policies/{p['id']}/publish")
    assert r.status_code == 200 and r.json()["matched"] == 3, r.text
    return {"industry": industry, "firms": firms, "policy": p}


def session(server, firm):
    return server.login(firm["username"], firm["password"])


def mine(s, policy_id):
    return next(p for p in s.get_json("/api/v1/me/policies").json()["items"] if p["id"] == policy_id)


def workday_after(server, region, day, n):
    r = server.get(f"/api/v1/calendar/{region}/workdays", params={"from": day, "add": n})
    assert r.status_code == 200, r.text
    return r.json()["date"]


def apply_and_review(server, world, firm):
    """The firm applies; amr's clerk accepts (the clock starts) and the reviewer takes it up."""
    s = session(server, firm)
    pid = world["policy"]["id"]
    r = s.post_json(f"/api/v1/policies/{pid}/applications")
    assert r.status_code == 201, r.text
    got = r.json()
    case = get_case(s, got["case"])
    assert case["number"] == got["case_number"] and case["status"] == "submitted"
    accepted = act(server.as_user("amr_clerk"), case, "accept")
    reviewing = act(server.as_user("amr_reviewer"), accepted, "review")
    return s, got, reviewing


def test_an_application_is_a_case_filled_from_shared_data_with_the_clock(server, world):
    firm = world["firms"][0]
    s = session(server, firm)
    pid = world["policy"]["id"]
    before = server.scalar("SELECT COUNT(*) FROM cases WHERE applicant_id = ?", firm["id"])
    r = s.post_json(f"/api/v1/policies/{pid}/applications")          # no body: one step
    assert r.status_code == 201, r.text
    got = r.json()
    assert got["status"] == "applied" and got["case"] and got["case_number"]
    assert server.scalar("SELECT COUNT(*) FROM cases WHERE applicant_id = ?", firm["id"]) == before + 1
    assert server.scalar("SELECT case_id FROM policy_applications WHERE policy_id = ? AND account_id = ?",
                         pid, firm["id"]) == got["case"]
    case = get_case(s, got["case"])
    assert case["matter"]["code"] == MATTER and case["department"]["code"] == "amr"
    assert case["status"] == "submitted"
    form = case["form"]
    assert form["policy_id"] == pid and form["policy_title"] == "零售业吸纳就业补贴"
    assert form["enterprise_name"] == firm["name"] and form["credit_code"] == firm["credit_code"]
    assert form["legal_rep_name"] == firm["legal_rep"]
    assert form["industry"] == world["industry"] and form["employee_count"] == 12
    assert form["amount_yuan"] == "3000.50"                       # 300050 fen
    assert form["matched_rows"] == f"row 1 matched: industry = {world['industry']}, employees ≥ 10"
    # 我的政策 shows the application with its case
    p = mine(s, pid)
    assert p["applied"] is True
    assert p["application"] == {"status": "applied", "case": got["case"], "case_number": got["case_number"],
                                "reason": ""}
    # accepted today, the decision is due 10 working days later (the matter's promised days)
    accepted = act(server.as_user("amr_clerk"), case, "accept")
    today = cn_today().isoformat()
    assert accepted["clock"]["deadline"] == workday_after(server, case["region"], today, 10)
    assert server.scalar("SELECT due_day FROM cases WHERE id = ?", case["id"]) == accepted["clock"]["deadline"]


def test_approved_the_application_is_granted(server, world):
    firm = world["firms"][1]
    s, got, reviewing = apply_and_review(server, world, firm)
    pid = world["policy"]["id"]
    # staff of another department cannot act on it, nor read it; nothing moves
    act(server.as_user("health_reviewer"), reviewing, "approve", {"opinion": "同意"}, status=403)
    problem(server.as_user("health_reviewer").get(server.url(f"/api/v1/cases/{got['case']}")), 403)
    assert server.scalar("SELECT status FROM policy_applications WHERE case_id = ?", got["case"]) == "applied"
    approved = act(server.as_user("amr_reviewer"), reviewing, "approve", {"opinion": "符合政策条件，准予兑现"})
    assert approved["status"] == "approved"
    assert approved["status_label"]["zh"] == "准予兑现"
    p = mine(s, pid)
    assert p["application"]["status"] == "granted" and p["application"]["case"] == got["case"]
    assert p["granted"] == "application"
    assert server.query("SELECT benefit, how FROM policy_grants WHERE policy_id = ? AND account_id = ?",
                        pid, firm["id"]) == [(300050, "application")]
    items = server.as_user("amr_head").get_json(f"/api/v1/policies/{pid}/matches").json()["items"]
    row = next(m for m in items if m["account"] == firm["id"])
    assert row["application"]["status"] == "granted" and row["application"]["case_number"] == got["case_number"]
    # completing the case changes the decision no more
    act(server.as_user("amr_clerk"), approved, "complete")
    assert mine(s, pid)["application"]["status"] == "granted"


def test_denied_the_application_is_refused_with_the_reason(server, world):
    firm = world["firms"][2]
    s, got, reviewing = apply_and_review(server, world, firm)
    pid = world["policy"]["id"]
    reason = "经核查，新增岗位未缴纳社会保险，不符合政策条件"
    denied = act(server.as_user("amr_reviewer"), reviewing, "deny",
                 {"reason": reason, "legal_basis": "《零售业吸纳就业补贴实施细则》第三条"})
    assert denied["status"] == "denied" and denied["status_label"]["zh"] == "不予兑现"
    p = mine(s, pid)
    assert p["application"]["status"] == "refused" and p["application"]["reason"] == reason
    assert p["granted"] is None
    assert server.scalar("SELECT COUNT(*) FROM policy_grants WHERE policy_id = ? AND account_id = ?",
                         pid, firm["id"]) == 0


def test_applying_twice_is_refused_and_changes_nothing(server, world):
    firm = world["firms"][0]          # applied in the first test (the order of this module's tests)
    s = session(server, firm)
    pid = world["policy"]["id"]
    if not server.scalar("SELECT COUNT(*) FROM policy_applications WHERE policy_id = ? AND account_id = ?",
                         pid, firm["id"]):
        assert s.post_json(f"/api/v1/policies/{pid}/applications").status_code == 201
    cases = server.scalar("SELECT COUNT(*) FROM cases")
    apps = server.scalar("SELECT COUNT(*) FROM policy_applications")
    body = problem(s.post_json(f"/api/v1/policies/{pid}/applications"), 409)
    assert body["errors"][0]["code"] == "applied_already"
    assert server.scalar("SELECT COUNT(*) FROM cases") == cases
    assert server.scalar("SELECT COUNT(*) FROM policy_applications") == apps


def test_bad_input_is_refused_and_changes_nothing(server, world):
    head = server.as_user("amr_head")
    base = {"title": "测试政策", "text": "正文", "period_start": "2026-01-01", "period_end": "2026-12-31",
            "benefit": "1元", "eligibility": {"hit_policy": "first", "rules": [
                {"when": {"industry": {"in": [world["industry"]]}}, "benefit": 100}]}}
    policies = server.scalar("SELECT COUNT(*) FROM policies")
    cases = (server.scalar("SELECT COUNT(*) FROM cases"), server.scalar("SELECT COUNT(*) FROM policy_applications"))

    def field_errors(body):
        return [(e["field"], e["code"]) for e in problem(head.post_json("/api/v1/policies", body), 422)["errors"]]

    # one that takes applications names its matter; a 免申即享 one names none
    assert field_errors(dict(base, auto_grant=False)) == [("matter", "required")]
    assert field_errors(dict(base, auto_grant=True, matter=MATTER)) == [("matter", "not_allowed")]
    # the matter is one of the issuer's own department, and exists
    assert field_errors(dict(base, auto_grant=False, matter="JF00210000")) == [("matter", "other_department")]
    assert field_errors(dict(base, auto_grant=False, matter="JF99999999")) == [("matter", "unknown")]
    assert server.scalar("SELECT COUNT(*) FROM policies") == policies

    # an unknown policy, and a draft, are no policy to apply for
    s = session(server, world["firms"][1])
    problem(s.post_json("/api/v1/policies/" + "0" * 32 + "/applications"), 404)
    draft = head.post_json("/api/v1/policies", dict(base, auto_grant=False, matter=MATTER)).json()
    problem(s.post_json(f"/api/v1/policies/{draft['id']}/applications"), 404)
    # staff cannot apply; an enterprise the policy does not match is told so
    problem(server.as_user("amr_reviewer").post_json(f"/api/v1/policies/{world['policy']['id']}/applications"),
            403)
    body, acc = server.new_enterprise()
    other = server.login(body["username"], body["password"])
    err = problem(other.post_json(f"/api/v1/policies/{world['policy']['id']}/applications"), 422)["errors"]
    assert err[0]["code"] == "not_eligible"
    assert (server.scalar("SELECT COUNT(*) FROM cases"),
            server.scalar("SELECT COUNT(*) FROM policy_applications")) == cases


def test_a_department_lists_its_policies_drafts_first(server, world):
    head = server.as_user("amr_head")
    r = head.post_json("/api/v1/policies", {
        "title": "草稿政策", "text": "正文", "period_start": "2026-01-01", "period_end": "2026-12-31",
        "benefit": "1元", "auto_grant": True,
        "eligibility": {"hit_policy": "first", "rules": [{"when": {}, "benefit": 100}]}})
    assert r.status_code == 201, r.text
    draft = r.json()
    items = server.as_user("amr_reviewer").get_json("/api/v1/departments/amr/policies").json()["items"]
    ids = [p["id"] for p in items]
    assert draft["id"] in ids and world["policy"]["id"] in ids
    assert all(p["issuer"] == "amr" for p in items)
    states = [p["state"] for p in items]
    assert states == sorted(states)                                  # draft < published
    # another department's staff see their own list, not amr's
    problem(server.as_user("health_head").get_json("/api/v1/departments/amr/policies"), 403)
    theirs = server.as_user("health_head").get_json("/api/v1/departments/health/policies").json()["items"]
    assert draft["id"] not in [p["id"] for p in theirs] and all(p["issuer"] == "health" for p in theirs)
