"""One answer names every problem (一次性告知 applies to the API too), and
the refusals around case creation say what is wrong:
  - a body missing `delivery` reports that *and* the form's errors;
  - a reused Idempotency-Key with another body names the key, never
    "共有 0 处问题";
  - an action the machine does not know is 404 even with a body.
Each refusal leaves the database as it was."""
import uuid

from casekit import FOOD, case_body, food_form
from conftest import field_errors, problem

TABLES = ("cases", "case_events", "case_files", "tasks", "audit_log", "messages", "idempotency")


def counts(server):
    return {t: server.scalar(f"SELECT COUNT(*) FROM {t}") for t in TABLES}


def test_missing_delivery_and_a_bad_form_are_reported_together(server):
    s = server.as_user("xiaochi")
    body = case_body(server, s, form=food_form(shop_name="", applicant_phone="12"))
    del body["delivery"]
    before = counts(server)
    p = problem(s.post_json("/api/v1/cases", body), 422, "validation")
    fields = {e["field"] for e in p["errors"]}
    assert "delivery" in fields, p
    assert "form.shop_name" in fields and "form.applicant_phone" in fields, p
    assert counts(server) == before


def test_unknown_envelope_member_and_form_errors_together(server):
    s = server.as_user("xiaochi")
    body = case_body(server, s, form=food_form(shop_area=-1), channel="fax")
    body["colour"] = "red"
    p = problem(s.post_json("/api/v1/cases", body), 422, "validation")
    fields = {e["field"] for e in p["errors"]}
    assert {"colour", "channel"} <= fields, p
    assert any(f.startswith("form.") for f in fields), p


def test_idempotency_mismatch_names_the_key(server):
    s = server.as_user("xiaochi")
    key = "one-answer-" + uuid.uuid4().hex
    body = case_body(server, s)
    assert s.post_json("/api/v1/cases", body, headers={"Idempotency-Key": key}).status_code == 201
    before = counts(server)
    for lang, word in (("zh-CN", "幂等键"), ("en", "Idempotency-Key")):
        other = dict(body, form=food_form(shop_name="另一家"))
        r = s.post_json("/api/v1/cases", other, headers={"Idempotency-Key": key, "Accept-Language": lang})
        p = problem(r, 422, "idempotency-mismatch")
        assert "0 处" not in p["detail"] and "0 problems" not in p["detail"], p
        assert [e["field"] for e in p["errors"]] == ["Idempotency-Key"], p
        assert word in p["detail"] or word in p["errors"][0]["message"], p
    assert counts(server) == before


def test_unknown_action_is_404_with_or_without_a_body(server):
    s = server.as_user("xiaochi")
    r = s.post_json("/api/v1/cases", case_body(server, s))
    case = r.json()
    for body in (None, {"reason": "x"}):
        r = s.post(s.url(f"/api/v1/cases/{case['id']}/actions/fly"), json=body,
                   headers={"If-Match": f'"{case["version"]}"'}, timeout=30)
        problem(r, 404, "not-found")
