"""审批分离 (issue 16, bug 10): where a matter separates review from approval,
the reviewer examines the application and an approver takes the decision
(准予 or 不予); where the matter does not, the reviewer may decide. Written
from the rule, on a matter published for the test: the food licence's own
document under another code, with `separate_approval`."""
import json
import random

import pytest

from casekit import FOOD, act, file_case, food_form, own_code
from conftest import REPO, problem


def publish(server, separate):
    docs = json.loads((REPO / "data/demo/matters.json").read_text(encoding="utf-8"))
    docs = docs if isinstance(docs, list) else docs["matters"]
    doc = dict(next(d for d in docs if d["code"] == FOOD))
    doc["code"] = "XK99" + "".join(random.choice("0123456789") for _ in range(6))
    doc["name"] = {"zh": "审批分离测试许可" + doc["code"][-4:], "en": "Separated approval test " + doc["code"][-4:]}
    doc["separate_approval"] = separate
    r = server.as_user("admin").post_json("/api/v1/matters", doc)
    assert r.status_code == 201, r.text
    return doc["code"]


@pytest.fixture(scope="module")
def applicant(server):
    body, _ = server.new_enterprise()
    return server.login(body["username"], body["password"])


def in_review(server, applicant, code):
    clerk, reviewer = server.as_user("amr_clerk"), server.as_user("amr_reviewer")
    case = file_case(server, applicant, code=code, form=food_form(credit_code=own_code(applicant)))
    case = act(clerk, case, "accept")
    return act(reviewer, case, "review")


def test_where_the_matter_separates_them_only_an_approver_decides(server, applicant):
    code = publish(server, True)
    assert server.get(f"/api/v1/matters/{code}").json()["separate_approval"] is True
    reviewer, approver = server.as_user("amr_reviewer"), server.as_user("amr_approver")
    bodies = {"approve": {"opinion": "经审批，同意。"},
              "deny": {"reason": "场所不符合食品安全要求", "legal_basis": "《食品经营许可管理办法》第十一条"}}
    for decision in ("approve", "deny"):
        case = in_review(server, applicant, code)
        assert decision not in case["allowed_actions"], "the reviewer is offered the decision"
        p = problem(reviewer.post_json(f"/api/v1/cases/{case['id']}/actions/{decision}", bodies[decision],
                                       headers={"If-Match": f'"{case["version"]}"'}), 409, "invalid-state")
        assert decision not in {e["code"] for e in p["errors"]}
        seen = approver.get_json(f"/api/v1/cases/{case['id']}").json()
        assert decision in seen["allowed_actions"]
        done = act(approver, seen, decision, bodies[decision])
        assert done["status"] == ("approved" if decision == "approve" else "denied")


def test_where_it_does_not_the_reviewer_may_decide(server, applicant):
    code = publish(server, False)
    case = in_review(server, applicant, code)
    assert "approve" in case["allowed_actions"]
    assert act(server.as_user("amr_reviewer"), case, "approve", {"opinion": "同意"})["status"] == "approved"


def test_separate_approval_is_a_boolean(server):
    docs = json.loads((REPO / "data/demo/matters.json").read_text(encoding="utf-8"))
    docs = docs if isinstance(docs, list) else docs["matters"]
    doc = dict(next(d for d in docs if d["code"] == FOOD), code="XK99" + str(random.randint(100000, 999999)),
               separate_approval="yes")
    r = server.as_user("admin").post_json("/api/v1/matters", doc)
    assert r.status_code == 422 and any(e["field"] == "separate_approval" for e in r.json()["errors"]), r.text
