"""Accepted at filing (issue 16, item 7): a clerk who takes an application at
the window and checks its materials in person accepts it as it is filed
(`accept: true`), in one transaction — the applicant walks away with a case
in hand, its clock running, and the review task already in the reviewers'
queue. Only a window or assisted filing that is submitted can be accepted
so; an immediate matter is handled on the spot instead; a refusal files
nothing."""
from casekit import FOOD, SEAL, case_body, get_case
from conftest import STAFF_PASSWORD, field_errors, problem

XIAOCHI = {"credit_code": "91310101MA1FPX0Q1Y"}


def counts(ts):
    return [ts.scalar(f"SELECT COUNT(*) FROM {t}") for t in ("cases", "case_events", "tasks", "audit_log")]


def test_a_window_case_checked_in_person_is_accepted_as_it_is_filed(ts):
    clerk = ts.as_user("amr_clerk")
    ts.as_user("xiaochi")
    body = case_body(ts, clerk, FOOD, channel="window", applicant=XIAOCHI, accept=True)
    r = clerk.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["status"] == "accepted", case["status"]
    assert [e["action"] for e in case["timeline"]][:2] == ["submit", "accept"]
    assert case["clock"]["deadline"], case["clock"]
    rows = ts.query("SELECT kind, status FROM tasks WHERE case_id = ? ORDER BY kind", case["id"])
    assert rows == [("intake", "done"), ("review", "open")], rows
    actors = ts.query("SELECT action, actor_id FROM audit_log WHERE entity = 'case' AND entity_id = ?", case["id"])
    assert {a for a, _ in actors} >= {"case.submit", "case.accept"}, actors
    assert {w for _, w in actors} == {clerk.account["id"]}, "the clerk filed and accepted it"
    mine = get_case(ts.as_user("xiaochi"), case["id"])
    assert mine["status"] == "accepted"


def test_the_minimal_answer_names_the_case_as_its_acceptance_left_it(ts):
    # the short answer (Prefer: return=minimal) is the head the filing's own transaction ends with:
    # accepted, at the version its ETag and full view give, not the submitted row before the acceptance
    clerk = ts.as_user("amr_clerk")
    ts.as_user("xiaochi")
    body = case_body(ts, clerk, FOOD, channel="window", applicant=XIAOCHI, accept=True)
    r = clerk.post_json("/api/v1/cases", body, headers={"Prefer": "return=minimal"})
    assert r.status_code == 201, r.text
    short = r.json()
    assert r.headers["Preference-Applied"] == "return=minimal" and "timeline" not in short
    full = get_case(clerk, short["id"])
    assert short["status"] == full["status"] == "accepted"
    assert short["version"] == full["version"] > 1, (short["version"], full["version"])
    assert short["number"] == full["number"] and short["status_label"] == full["status_label"]
    assert r.headers["ETag"] == f'"{full["version"]}"', r.headers["ETag"]


def test_without_the_check_it_waits_for_intake(ts):
    clerk = ts.as_user("amr_clerk")
    r = clerk.post_json("/api/v1/cases", case_body(ts, clerk, FOOD, channel="window", applicant=XIAOCHI))
    assert r.status_code == 201 and r.json()["status"] == "submitted", r.text


def refused(ts, who, body, code):
    before = counts(ts)
    p = problem(who.post_json("/api/v1/cases", body), 422)
    assert ("accept", code) in field_errors(p), p
    assert counts(ts) == before


def test_only_a_submitted_window_filing_is_accepted_at_filing(ts):
    clerk, xiaochi = ts.as_user("amr_clerk"), ts.as_user("xiaochi")
    refused(ts, xiaochi, case_body(ts, xiaochi, FOOD, accept=True), "not_allowed")          # online
    refused(ts, clerk, case_body(ts, clerk, FOOD, channel="window", applicant=XIAOCHI, accept=True, submit=False),
            "not_allowed")                                                                  # a draft
    psb = ts.login(ts.new_staff("psb", "window_clerk", name="公安窗口 受理测试"), STAFF_PASSWORD)
    refused(ts, psb, case_body(ts, psb, SEAL, channel="window", applicant=XIAOCHI, accept=True), "immediate")


def test_accept_is_a_boolean(ts):
    clerk = ts.as_user("amr_clerk")
    body = case_body(ts, clerk, FOOD, channel="window", applicant=XIAOCHI, accept="yes")
    before = counts(ts)
    p = problem(clerk.post_json("/api/v1/cases", body), 422)
    assert "accept" in {f for f, _ in field_errors(p)}
    assert counts(ts) == before


def test_another_departments_clerk_cannot_file_or_accept(ts):
    health = ts.as_user("health_clerk")
    body = case_body(ts, health, FOOD, channel="window", applicant=XIAOCHI, accept=True)
    before = counts(ts)
    r = health.post_json("/api/v1/cases", body)
    assert r.status_code == 403, r.text
    assert counts(ts) == before
