"""A decision is called what the matter grants (issue 16, bug 10): a licence is
准予许可 / 不予许可, a registration (设立登记, 婚姻登记) 准予登记 / 不予登记, a filing
(备案) 予以备案 / 不予备案. The words are written here from the law's usage, not
read from the code: the case's status label, its `decision_words`, the
applicant's progress answer and 双公示 all say them. Cases are filed on the food
licence's document republished under new codes with `decision_words` set, so
the only difference between them is the kind of decision."""
import json
import random

import pytest

from casekit import FOOD, act, file_case, food_form, own_code
from conftest import REPO, cn_today

WORDS = {
    None: ("准予许可", "不予许可", "准予行政许可"),          # a licensing matter that does not say: a licence
    "licence": ("准予许可", "不予许可", "准予行政许可"),
    "registration": ("准予登记", "不予登记", "准予登记"),
    "filing": ("予以备案", "不予备案", "予以备案"),
    "confirmation": ("予以确认", "不予确认", "予以确认"),
    "service": ("准予办理", "不予办理", "准予办理"),
}


def publish(server, words):
    docs = json.loads((REPO / "data/demo/matters.json").read_text(encoding="utf-8"))
    doc = dict(next(d for d in docs if d["code"] == FOOD))
    doc["code"] = "XK98" + "".join(random.choice("0123456789") for _ in range(6))
    doc["name"] = {"zh": "决定用语测试" + doc["code"][-4:], "en": "Decision words test " + doc["code"][-4:]}
    doc.pop("decision_words", None)
    if words:
        doc["decision_words"] = words
    r = server.as_user("admin").post_json("/api/v1/matters", doc)
    assert r.status_code == 201, r.text
    return doc["code"]


@pytest.fixture(scope="module")
def applicant(server):
    body, _ = server.new_enterprise()
    return server.login(body["username"], body["password"])


def decided(server, applicant, code, decision):
    clerk, reviewer = server.as_user("amr_clerk"), server.as_user("amr_reviewer")
    case = file_case(server, applicant, code=code, form=food_form(credit_code=own_code(applicant)))
    case = act(reviewer, act(clerk, case, "accept"), "review")
    body = {"opinion": "经审查，符合条件。"} if decision == "approve" else \
        {"reason": "场所不符合要求", "legal_basis": "《测试办法》第一条"}
    return act(reviewer, case, decision, body)


@pytest.mark.parametrize("words", list(WORDS), ids=[str(w) for w in WORDS])
def test_the_decision_is_called_what_the_matter_grants(server, applicant, words):
    code = publish(server, words)
    approve_zh, deny_zh, public_zh = WORDS[words]
    case = decided(server, applicant, code, "approve")
    assert case["status"] == "approved" and case["status_label"]["zh"] == approve_zh
    assert case["decision_words"]["approve"]["zh"] == approve_zh
    assert case["decision_words"]["deny"]["zh"] == deny_zh
    assert case["status_label"]["en"] and case["decision_words"]["approve"]["en"] == case["status_label"]["en"]
    listed = {c["id"]: c for c in applicant.get_json("/api/v1/cases", params={"status": "approved"}).json()["items"]}
    assert listed[case["id"]]["status_label"]["zh"] == approve_zh
    denied = decided(server, applicant, code, "deny")
    assert denied["status"] == "denied" and denied["status_label"]["zh"] == deny_zh
    # the applicant's progress answer says the same, without a login
    p = server.post("/api/v1/progress", {"number": case["number"], "proof": own_code(applicant)})
    assert p.status_code == 200, p.text
    assert p.json()["status_label"]["zh"] == approve_zh
    # 双公示 publishes a licensing matter's decision in its own words
    day = cn_today().isoformat()
    items = server.get("/api/v1/public/decisions", params={"from": day, "to": day, "limit": 100}).json()["items"]
    mine = [i for i in items if i["matter"]["code"] == code]
    assert {i["decision_label"]["zh"] for i in mine if i["decision"] == "granted"} == {public_zh}


def test_the_demo_registrations_and_filings_say_so(server):
    for code, kind in (("XK00101001", "registration"), ("XK00102000", "registration"),
                       ("QR00401000", "registration"), ("QT00101000", "filing"), (FOOD, None)):
        assert server.get(f"/api/v1/matters/{code}").json().get("decision_words") == kind, code


@pytest.mark.parametrize("value", ["permit", "", 7, "Registration"])
def test_unknown_decision_words_are_refused(server, value):
    docs = json.loads((REPO / "data/demo/matters.json").read_text(encoding="utf-8"))
    doc = dict(next(d for d in docs if d["code"] == FOOD), code="XK98" + str(random.randint(100000, 999999)),
               decision_words=value)
    before = server.scalar("SELECT COUNT(*) FROM matters")
    r = server.as_user("admin").post_json("/api/v1/matters", doc)
    assert r.status_code == 422 and any(e["field"] == "decision_words" for e in r.json()["errors"]), r.text
    assert server.scalar("SELECT COUNT(*) FROM matters") == before
