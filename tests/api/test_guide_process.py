"""A guide complete enough to act on (issue 16, item 3): every demo matter says who may apply
(受理条件) in both languages; a matter's process (办理流程) follows the case workflow and the
matter's own time limits, fee and result; a case shows where it stands in that process with the
deadline of its current step; questions and answers (常见问题) are catalogue data in both languages.

The process rules stated here, independently of the code (docs/workflow.md, docs/payments.md):
  - a promised-time matter: 申请 → 受理 (within 5 working days of submission, Art. 32 of the
    Administrative Licensing Law) → 审查 → 决定 (the promised working days from acceptance, the
    legal ones beside) → [制证 → 送达, when there is a result] → 办结;
  - an immediate matter (即办件): 申请 → 受理并当场办结 (0 days) → 办结;
  - a fee is paid after intake when its notice comes with acceptance, after the decision otherwise;
  - where review and approval are separate, the approver decides."""
import datetime

import pytest

from casekit import FOOD, SEAL, act, file_case, get_case
from conftest import cn_day, field_errors, invalid
from test_catalog_admin import matter_doc
from test_catalog_list import DEMO_BY_CODE, english

ID_CARD = "QR00101002"     # 居民身份证换领: 20 yuan, notice at acceptance, the card waits for it
PHYSICIAN = "XK00202000"   # 医师执业注册: separate approval


def process(server, code, **params):
    r = server.get(f"/api/v1/matters/{code}/process", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["code"] == code
    return body["steps"]


def keys(steps):
    return [s["key"] for s in steps]


def by_key(steps):
    return {s["key"]: s for s in steps}


def workday_after(server, region, day, n):
    r = server.get(f"/api/v1/calendar/{region}/workdays", params={"from": day, "add": n})
    assert r.status_code == 200, r.text
    return r.json()["date"]


# ------------------------------------------------------------------ 受理条件 and 常见问题 in the data


def test_every_published_demo_matter_has_conditions_in_both_languages(server):
    bare = []
    for code in DEMO_BY_CODE:
        m = server.get(f"/api/v1/matters/{code}").json()
        conds = m.get("conditions") or []
        if not conds:
            bare.append(code)
        for i, c in enumerate(conds):
            assert c["zh"].strip() and english(c["en"]), f"{code} conditions[{i}]: {c!r}"
    assert not bare, f"matters without 受理条件: {bare}"


def test_questions_and_answers_are_in_both_languages(server):
    """The main demo matters (those the browser scenarios open) answer common questions; every
    question and answer has an English form."""
    asked = set()
    for code in DEMO_BY_CODE:
        m = server.get(f"/api/v1/matters/{code}").json()
        for i, qa in enumerate(m.get("faq", [])):
            asked.add(code)
            for part in ("q", "a"):
                assert qa[part]["zh"].strip() and english(qa[part]["en"]), f"{code} faq[{i}].{part}: {qa!r}"
    assert {FOOD, "XK00102000", "JF00101000", PHYSICIAN, "QR00401000", ID_CARD} <= asked


def test_a_matter_without_questions_serves_none(server):
    admin = server.as_user("admin")
    doc = matter_doc()
    assert admin.post_json("/api/v1/matters", doc).status_code == 201
    assert "faq" not in server.get(f"/api/v1/matters/{doc['code']}").json()
    doc2 = matter_doc(faq=[{"q": {"zh": "要带原件吗？", "en": "Do I bring the originals?"},
                            "a": {"zh": "不用。", "en": "No."}}])
    assert admin.post_json("/api/v1/matters", doc2).status_code == 201
    assert server.get(f"/api/v1/matters/{doc2['code']}").json()["faq"] == doc2["faq"]


# ------------------------------------------------------------------ a matter's process


def test_a_licence_goes_from_intake_to_delivery(server):
    m = server.get(f"/api/v1/matters/{FOOD}").json()
    steps = process(server, FOOD)
    assert keys(steps) == ["apply", "intake", "review", "decide", "issue", "deliver", "complete"]
    s = by_key(steps)
    assert (s["intake"]["days"], s["intake"]["from"]) == (5, "submitted")
    assert (s["decide"]["days"], s["decide"]["from"], s["decide"]["legal_days"]) == \
        (m["promised_days"], "accepted", m["legal_days"])
    assert s["decide"]["role"] == "reviewer"
    assert s["deliver"]["methods"] == m["delivery"]
    assert "days" not in s["review"] and "days" not in s["issue"]
    for st in steps:
        assert st["name"]["zh"] and english(st["name"]["en"]), st


def test_each_live_state_of_a_case_belongs_to_exactly_one_step(server):
    """Every state a case can be in on the way to completion is in one step; refused and withdrawn
    end the case outside the process."""
    live = ["draft", "submitted", "correction", "accepted", "in_review", "suspended", "approved", "denied",
            "issued", "delivered", "completed"]
    states = [x for st in process(server, FOOD) for x in st["states"]]
    assert sorted(states) == sorted(live)


def test_an_immediate_matter_is_handled_on_the_spot(server):
    steps = process(server, SEAL)
    assert keys(steps) == ["apply", "handle", "complete"]
    assert by_key(steps)["handle"]["days"] == 0
    assert set(by_key(steps)["handle"]["states"]) == {"submitted", "correction"}


def test_a_fee_with_its_notice_at_acceptance_is_paid_after_intake(server):
    steps = process(server, ID_CARD)
    assert keys(steps) == ["apply", "intake", "pay", "review", "decide", "issue", "deliver", "complete"]
    pay = by_key(steps)["pay"]
    assert (pay["amount_fen"], pay["before_result"], pay["how"], pay["states"]) == \
        (2000, True, ["window", "online"], [])


def test_a_fee_with_its_notice_at_the_decision_is_paid_after_it(server):
    doc = matter_doc(fee_fen=5000, fee_step="approve")
    assert server.as_user("admin").post_json("/api/v1/matters", doc).status_code == 201
    steps = process(server, doc["code"])
    assert keys(steps) == ["apply", "intake", "review", "decide", "pay", "issue", "deliver", "complete"]
    assert by_key(steps)["pay"]["before_result"] is False


def test_a_matter_without_a_result_completes_after_the_decision(server):
    doc = matter_doc(result={"kind": "none"}, promised_days=3, legal_days=7)
    assert server.as_user("admin").post_json("/api/v1/matters", doc).status_code == 201
    steps = process(server, doc["code"])
    assert keys(steps) == ["apply", "intake", "review", "decide", "complete"]
    assert (by_key(steps)["decide"]["days"], by_key(steps)["decide"]["legal_days"]) == (3, 7)
    assert "approved" in by_key(steps)["complete"]["states"]


def test_where_review_and_approval_are_separate_the_approver_decides(server):
    assert by_key(process(server, PHYSICIAN))["decide"]["role"] == "approver"


def test_an_older_version_has_its_own_process(server):
    admin = server.as_user("admin")
    doc = matter_doc(promised_days=5)
    r = admin.post_json("/api/v1/matters", doc)
    assert r.status_code == 201
    etag = r.headers["ETag"]
    doc["promised_days"] = 2
    r = admin.put(admin.url(f"/api/v1/matters/{doc['code']}"), json=doc, headers={"If-Match": etag},
                  timeout=30)
    assert r.status_code == 200, r.text
    assert by_key(process(server, doc["code"]))["decide"]["days"] == 2
    assert by_key(process(server, doc["code"], version=1))["decide"]["days"] == 5


@pytest.mark.parametrize("path,params,status,field", [
    ("/api/v1/matters/XK99999999/process", {}, 404, None),
    (f"/api/v1/matters/{FOOD}/process", {"version": 999}, 404, None),
    (f"/api/v1/matters/{FOOD}/process", {"version": "one"}, 422, "version"),
    (f"/api/v1/matters/{FOOD}/process", {"colour": "red"}, 422, "colour"),
])
def test_bad_process_requests(server, path, params, status, field):
    r = server.get(path, params=params)
    if status == 422:
        assert field in {f for f, _ in field_errors(invalid(r))}
    else:
        assert r.status_code == status, r.text


# ------------------------------------------------------------------ on a case


def test_a_case_shows_its_current_step_and_that_steps_deadline(server):
    case = file_case(server)
    p = case["process"]
    assert keys(p["steps"]) == keys(process(server, FOOD))
    assert p["current"] == "intake"
    submitted = cn_day(case["submitted_at"]).isoformat()
    assert p["due"] == workday_after(server, case["region"], submitted, 5)

    accepted = act(server.as_user("amr_clerk"), case, "accept")
    assert accepted["process"]["current"] == "review"
    assert accepted["process"]["due"] == accepted["clock"]["deadline"]
    reviewer = server.as_user("amr_reviewer")
    reviewed = act(reviewer, accepted, "review")
    assert (reviewed["process"]["current"], reviewed["process"]["due"]) == \
        ("decide", accepted["clock"]["deadline"])
    approved = act(reviewer, reviewed, "approve", {"opinion": "符合条件"})
    assert (approved["process"]["current"], approved["process"]["due"]) == ("issue", None)
    # the applicant reads the same
    mine = get_case(server.as_user("xiaochi"), case["id"])["process"]
    assert (mine["current"], mine["due"]) == ("issue", None)


def test_a_refused_case_has_no_step_left(server):
    case = file_case(server)
    refused = act(server.as_user("amr_clerk"), case, "refuse",
                  {"reason": "not_eligible", "detail": "申请人不符合受理条件", "legal_basis": "《食品经营许可和备案管理办法》"})
    assert (refused["process"]["current"], refused["process"]["due"]) == (None, None)
