"""Cases under real concurrency: threads, each with its own requests.Session
(own connection), released together by a barrier.

  two reviewers approve the same in_review case with the same If-Match:
      exactly one 200, the other a 409, and exactly one case.approve in the
      audit log and one approve event on the timeline (repeated 5 times);
  100 concurrent POST /api/v1/cases with one Idempotency-Key and one body:
      every answer 201 with the same case, replays marked
      Idempotent-Replayed: true, and one case (one row) in the database;
  the same key with another body: 422 idempotency-mismatch, nothing created.
"""
import json
import threading
import uuid

import pytest
import requests

from conftest import STAFF_PASSWORD, problem
from casekit import FOOD, act, case_body, file_case, food_form, get_case, own_code



def clone(server, s):
    """A new requests.Session (own connection pool) with s's credentials, from a loopback address of
    its own: a hundred of them at once from 127.0.0.1, beside the connections the shared server
    already holds from it, would pass the per-address connection limit (128)."""
    t = server.session(server.source())
    t.headers["Authorization"] = s.headers["Authorization"]
    return t


def run_together(n, fn):
    """Runs fn(i) in n threads released at once; returns the results in order."""
    barrier = threading.Barrier(n)
    out = [None] * n
    errors = []

    def work(i):
        try:
            barrier.wait(timeout=30)
            out[i] = fn(i)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert all(not t.is_alive() for t in threads), "a request hung"
    return out


@pytest.fixture(scope="module")
def reviewer2(server):
    """A second amr reviewer, created by the security administrator."""
    return server.new_staff("amr", "reviewer", name="市场监管审查 第二审查员")


@pytest.fixture(scope="module")
def applicant(server):
    """A fresh enterprise of our own (the food permit is an enterprise matter), so counts of
    their cases are exact."""
    body, _ = server.new_enterprise()
    return server.login(body["username"], body["password"])


def in_review_case(server, applicant):
    clerk, reviewer = server.as_user("amr_clerk"), server.as_user("amr_reviewer")
    case = act(clerk, file_case(server, applicant), "accept")
    case = act(reviewer, case, "review")
    assert case["status"] == "in_review" and "approve" in case["allowed_actions"]
    return case


@pytest.mark.parametrize("round_", range(5))
def test_two_reviewers_approve_at_once(server, applicant, reviewer2, round_):
    case = in_review_case(server, applicant)
    # cached sessions (each round's clones get their own connections): a fresh staff
    # login per round would need a fresh one-time code, i.e. wait for the next step
    logins = [server.as_user("amr_reviewer"), server.as_user(reviewer2, STAFF_PASSWORD)]
    sessions = [clone(server, s) for s in logins]
    version = case["version"]
    url = server.url(f"/api/v1/cases/{case['id']}/actions/approve")

    def approve(i):
        return sessions[i].post(url, json={"opinion": f"审查员{i + 1}：符合条件"},
                                headers={"If-Match": f'"{version}"'}, timeout=30)

    answers = run_together(2, approve)
    codes = sorted(r.status_code for r in answers)
    assert codes == [200, 409], [(r.status_code, r.text[:300]) for r in answers]
    loser = [r for r in answers if r.status_code == 409][0]
    p = problem(loser, 409)
    assert p["code"] in ("stale-version", "task-claimed", "invalid-state"), p
    winner = [r for r in answers if r.status_code == 200][0].json()
    assert winner["status"] == "approved" and winner["version"] == version + 1

    # one decision, written once
    assert server.scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = ? AND action = 'case.approve'",
                         case["id"]) == 1
    assert server.scalar("SELECT COUNT(*) FROM case_events WHERE case_id = ? AND action = 'approve'", case["id"]) == 1
    assert server.query("SELECT status, version FROM cases WHERE id = ?", case["id"]) == [("approved", version + 1)]
    audit = server.as_user("supervisor").get_json(f"/api/v1/audit?entity=case&id={case['id']}").json()["items"]
    assert [a["action"] for a in audit].count("case.approve") == 1
    # the queue moved once: one open task (issue), the decide task done
    assert server.query("SELECT kind, status FROM tasks WHERE case_id = ? AND status IN ('open', 'claimed')",
                        case["id"]) == [("issue", "open")]
    seen = get_case(applicant, case["id"])
    assert seen["decision"]["opinion"] == winner["decision"]["opinion"]
    assert [e["action"] for e in seen["timeline"]].count("approve") == 1


def test_hundred_retries_with_one_idempotency_key(server, applicant):
    key = "idem-" + uuid.uuid4().hex
    body = case_body(server, applicant)
    raw = json.dumps(body, ensure_ascii=False).encode()
    n = 100
    sessions = [clone(server, applicant) for _ in range(n)]
    before = server.scalar("SELECT COUNT(*) FROM cases WHERE applicant_id = ?", applicant.account["id"])

    def post(i):
        return sessions[i].post(server.url("/api/v1/cases"), data=raw, timeout=60,
                                headers={"Idempotency-Key": key, "Content-Type": "application/json"})

    answers = run_together(n, post)
    bad = [(r.status_code, r.text[:200]) for r in answers if r.status_code != 201]
    assert not bad, bad
    ids = {r.json()["id"] for r in answers}
    assert len(ids) == 1, ids
    case_id = ids.pop()
    fresh = [r for r in answers if r.headers.get("Idempotent-Replayed") != "true"]
    assert len(fresh) == 1, f"{len(fresh)} answers claim to have created the case"
    assert all(r.headers.get("Idempotent-Replayed") == "true" for r in answers if r is not fresh[0])
    assert all(r.headers["Location"] == f"/api/v1/cases/{case_id}" for r in answers)
    assert {r.json()["number"] for r in answers} == {fresh[0].json()["number"]}

    assert server.scalar("SELECT COUNT(*) FROM cases WHERE applicant_id = ?", applicant.account["id"]) == before + 1
    assert server.query("SELECT case_id FROM idempotency WHERE account_id = ? AND key = ?",
                        applicant.account["id"], key) == [(case_id,)]
    assert server.scalar("SELECT COUNT(*) FROM cases WHERE id = ?", case_id) == 1
    # everything the filing does happened once
    assert server.scalar("SELECT COUNT(*) FROM case_events WHERE case_id = ?", case_id) == 1
    assert server.scalar("SELECT COUNT(*) FROM tasks WHERE case_id = ?", case_id) == 1
    assert server.scalar("SELECT COUNT(*) FROM case_files WHERE case_id = ?", case_id) == len(body["materials"])
    assert server.scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = ?", case_id) == 1
    assert server.scalar("SELECT COUNT(*) FROM messages WHERE entity_id = ?", case_id) == 1

    # a later retry, sequential, is still the same case
    again = applicant.post(server.url("/api/v1/cases"), data=raw, timeout=30,
                           headers={"Idempotency-Key": key, "Content-Type": "application/json"})
    assert again.status_code == 201 and again.json()["id"] == case_id
    assert again.headers.get("Idempotent-Replayed") == "true"


def test_same_key_with_another_body_is_a_mismatch(server, applicant):
    key = "idem-" + uuid.uuid4().hex
    body = case_body(server, applicant)
    first = applicant.post_json("/api/v1/cases", body, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    assert "Idempotent-Replayed" not in first.headers
    tables = ("cases", "case_events", "case_files", "tasks", "audit_log", "messages")

    def counts():
        return {t: server.scalar(f"SELECT COUNT(*) FROM {t}") for t in tables}

    before = counts()
    other = dict(body, form=food_form(shop_name="另一家小馆", credit_code=own_code(applicant)))
    p = problem(applicant.post_json("/api/v1/cases", other, headers={"Idempotency-Key": key}), 422, "idempotency-mismatch")
    assert p["status"] == 422
    # also under concurrency: many different bodies with the used key, all refused
    n = 10
    sessions = [clone(server, applicant) for _ in range(n)]
    bodies = [dict(body, form=food_form(shop_name=f"并发小馆{i}", credit_code=own_code(applicant))) for i in range(n)]
    answers = run_together(n, lambda i: sessions[i].post(server.url("/api/v1/cases"), json=bodies[i], timeout=30,
                                                         headers={"Idempotency-Key": key}))
    for r in answers:
        problem(r, 422, "idempotency-mismatch")
    assert counts() == before
    assert server.query("SELECT case_id FROM idempotency WHERE account_id = ? AND key = ?",
                        applicant.account["id"], key) == [(first.json()["id"],)]
    # the original body still replays
    again = applicant.post_json("/api/v1/cases", body, headers={"Idempotency-Key": key})
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert counts() == before


def test_a_key_is_per_applicant(server, applicant):
    """Two applicants may use the same key: each gets their own case."""
    key = "idem-" + uuid.uuid4().hex
    body2, _ = server.new_enterprise()
    other = server.login(body2["username"], body2["password"])
    a = applicant.post_json("/api/v1/cases", case_body(server, applicant), headers={"Idempotency-Key": key})
    b = other.post_json("/api/v1/cases", case_body(server, other), headers={"Idempotency-Key": key})
    assert a.status_code == 201 and b.status_code == 201, (a.text, b.text)
    assert a.json()["id"] != b.json()["id"]
    assert "Idempotent-Replayed" not in b.headers
