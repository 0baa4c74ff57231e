"""Prefer: return=minimal (RFC 7240) on POST /api/v1/cases.

The one who files a case and only goes on to its page needs its number, its
state and its version: with the preference the 201 carries exactly those
(and says Preference-Applied), the full case stays at Location. Without the
preference, or with any other, the answer is the full case as before.
"""
import uuid

import pytest

import casekit

MINIMAL_KEYS = {"id", "number", "version", "matter", "status", "status_label"}


def post(server, s, prefer=None, key=None, body=None, **over):
    headers = {"Idempotency-Key": key or uuid.uuid4().hex}
    if prefer is not None:
        headers["Prefer"] = prefer
    return s.post_json("/api/v1/cases", body or casekit.case_body(server, s, **over), headers=headers)


def test_the_minimal_answer_names_the_case_as_its_full_view_does(server):
    s = server.as_user("xiaochi")
    r = post(server, s, "return=minimal")
    assert r.status_code == 201, r.text
    assert r.headers["Preference-Applied"] == "return=minimal"
    body = r.json()
    assert set(body) == MINIMAL_KEYS, body
    # the version is the ETag of the answer as it is (a gzip-coded one has "-gz" inside the quotes)
    full = s.get(server.url(r.headers["Location"]), headers={"Accept-Encoding": "identity"})
    assert full.status_code == 200
    c = full.json()
    assert body["id"] == c["id"] and body["number"] == c["number"]
    assert body["version"] == c["version"] and r.headers["ETag"] == full.headers["ETag"]
    assert body["status"] == c["status"] == "submitted"
    assert body["status_label"] == c["status_label"]
    assert body["matter"] == {"code": c["matter"]["code"], "version": c["matter"]["version"]}
    # nothing of the form or the materials: the short answer carries no personal data
    assert "form" not in body and "materials" not in body and "applicant" not in body


def test_a_replay_answers_minimal_too_and_names_the_same_case(server):
    s = server.as_user("xiaochi")
    key, body = uuid.uuid4().hex, casekit.case_body(server, s)
    first = post(server, s, "return=minimal", key=key, body=body)
    again = post(server, s, "return=minimal", key=key, body=body)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    # the same key asked for the full answer: the same case, in full
    full = post(server, s, None, key=key, body=body)
    assert full.status_code == 201 and full.json()["id"] == first.json()["id"] and "form" in full.json()


@pytest.mark.parametrize("prefer", ["RETURN=MINIMAL", 'return="minimal"', "handling=lenient, return=minimal",
                                    "return = minimal ; foo=bar"])
def test_the_preference_is_read_as_rfc_7240_writes_it(server, prefer):
    r = post(server, server.as_user("xiaochi"), prefer)
    assert r.status_code == 201, r.text
    assert set(r.json()) == MINIMAL_KEYS and r.headers["Preference-Applied"] == "return=minimal"


@pytest.mark.parametrize("prefer", [None, "return=representation", "return=minimalist", "minimal",
                                    "handling=strict; return=minimal"])
def test_without_the_preference_the_answer_is_the_full_case(server, prefer):
    r = post(server, server.as_user("xiaochi"), prefer)
    assert r.status_code == 201, r.text
    assert "Preference-Applied" not in r.headers
    c = r.json()
    assert {"form", "materials", "timeline"} <= set(c), sorted(c)


def test_a_refused_filing_is_the_same_problem_with_or_without_the_preference(server):
    s = server.as_user("xiaochi")
    bad = post(server, s, "return=minimal", form={"shop_name": ""})
    plain = post(server, s, None, form={"shop_name": ""})
    assert bad.status_code == plain.status_code == 422
    assert "Preference-Applied" not in bad.headers
    assert {(e["field"], e["code"]) for e in bad.json()["errors"]} == \
        {(e["field"], e["code"]) for e in plain.json()["errors"]}
