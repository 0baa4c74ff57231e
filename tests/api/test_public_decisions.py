"""双公示 (issue 13, item 8): the licensing decisions (准予 / 不予行政许可) of a
period, for anyone, published at once (the rule allows 7 working days):
day, matter, department, decision and holder — an enterprise by name and
统一社会信用代码, a person by the first character of the name only — and
nothing else: no case, no form, no ID number, no phone. Checked against the
case events themselves."""
import datetime

import pytest

from casekit import FOOD, SEAL, act, case_body
from conftest import CST, cn_today, enterprise_body, invalid, person_body
from test_progress import person_case

URL = "/api/v1/public/decisions"
ID_CARD = "QR00101002"   # 居民身份证换领: a confirmation (行政确认), not a licence


def enterprise_case(ts):
    body = enterprise_body()
    ts.register(body)
    s = ts.login(body["username"], body["password"])
    r = s.post_json("/api/v1/cases", case_body(ts, s))
    assert r.status_code == 201, r.text
    return body, r.json()


def decide(ts, case, action, dept="amr"):
    clerk, reviewer = ts.as_user(f"{dept}_clerk"), ts.as_user(f"{dept}_reviewer")
    case = act(clerk, case, "accept")
    case = act(reviewer, case, "review")
    body = {"opinion": "材料齐全，符合条件"} if action == "approve" else \
        {"reason": "经营场所不符合要求", "legal_basis": "《食品经营许可管理办法》第十一条"}
    return act(reviewer, case, action, body)


@pytest.fixture(scope="module")
def world(ts):
    granted, g = enterprise_case(ts)
    decide(ts, g, "approve")
    denied, d = enterprise_case(ts)
    decide(ts, d, "deny")
    person = person_body(name="王小明")
    p = person_case(ts, person)
    decide(ts, p, "approve")
    # matters that are not licences, never published here: one handled at once, one approved
    seal = ts.as_user("xiaochi").post_json("/api/v1/cases", case_body(ts, ts.as_user("xiaochi"), code=SEAL))
    assert seal.status_code == 201, seal.text
    decide(ts, person_case(ts, person_body(name="赵大明"), matter=ID_CARD), "approve", dept="psb")
    return {"granted": (granted, g), "denied": (denied, d), "person": (person, p)}


def listing(ts, **q):
    r = ts.get(URL, params=q)
    assert r.status_code == 200, r.text
    return r.json()


def test_decisions_of_the_day_with_their_holders_and_nothing_personal(ts, world):
    day = cn_today().isoformat()
    r = ts.get(URL, params={"from": day, "to": day})
    items = r.json()["items"]
    by_name = {i["holder"]["name"]: i for i in items}
    granted, g = world["granted"]
    denied, d = world["denied"]
    assert by_name[granted["name"]]["holder"]["credit_code"] == granted["credit_code"]
    assert {k: by_name[granted["name"]][k] for k in ("decided_on", "decision")} == {"decided_on": day,
                                                                                "decision": "granted"}
    assert by_name[granted["name"]]["decision_label"] == {"zh": "准予行政许可", "en": "Licence granted"}
    assert by_name[granted["name"]]["matter"]["code"] == FOOD
    assert by_name[granted["name"]]["department"]["code"] == "amr"
    assert by_name[granted["name"]]["department"]["name"]["zh"]
    # the denied enterprise shares the name of the demo form; find it by its code
    assert any(i["holder"].get("credit_code") == denied["credit_code"] and i["decision"] == "denied" for i in items)
    person, p = world["person"]
    mine = [i for i in items if i["holder"]["kind"] == "person"]
    assert {"kind": "person", "name": "王**"} in [i["holder"] for i in mine]
    text = r.text
    for secret in (person["name"], person["id_number"], person["phone"], g["id"], g["number"], d["number"],
                   p["number"], "经营场所不符合要求"):
        assert secret not in text, secret
    assert SEAL not in text and ID_CARD not in text and "赵" not in text


def test_every_decision_of_the_period_and_only_those(ts, world):
    day = cn_today()
    rows = ts.query(
        "SELECT e.at, e.action, c.department FROM case_events e JOIN cases c ON c.id = e.case_id "
        "JOIN matters m ON m.code = c.matter_code WHERE e.action IN ('approve', 'deny') AND m.type = 'licensing'")
    want = sorted(("granted" if a == "approve" else "denied", dep) for at, a, dep in rows
                  if datetime.datetime.fromtimestamp(at / 1000, CST).date() == day)
    got = listing(ts, **{"from": day.isoformat(), "to": day.isoformat(), "limit": 100})["items"]
    assert sorted((i["decision"], i["department"]["code"]) for i in got) == want
    assert len(want) >= 3


def test_pages_follow_each_other_newest_first(ts, world):
    day = cn_today().isoformat()
    whole = listing(ts, **{"from": day, "to": day, "limit": 100})["items"]
    seen, cursor = [], None
    while True:
        q = {"from": day, "to": day, "limit": 1}
        if cursor:
            q["cursor"] = cursor
        page = listing(ts, **q)
        seen += page["items"]
        cursor = page["next"]
        if not cursor:
            break
    assert seen == whole
    assert len(whole) >= 3
    # one department only
    amr = listing(ts, **{"from": day, "to": day, "department": "amr", "limit": 100})["items"]
    assert amr and all(i["department"]["code"] == "amr" for i in amr)
    # another period: nothing
    assert listing(ts, **{"from": "2020-01-01", "to": "2020-12-31"})["items"] == []


@pytest.mark.parametrize("q, field, code", [
    ({"to": "2026-12-02"}, "from", "date"),
    ({"from": "2026-12-02"}, "to", "date"),
    ({"from": "2026-12-02", "to": "2026-12-01"}, "to", "range"),
    ({"from": "2025-01-01", "to": "2026-01-02"}, "to", "range"),            # 367 days
    ({"from": "2026-12-01", "to": "2026-12-02", "department": "nowhere"}, "department", "unknown"),
    ({"from": "2026-12-01", "to": "2026-12-02", "cursor": "yesterday"}, "cursor", "invalid"),
    ({"from": "2026-12-01", "to": "2026-12-02", "limit": "0"}, "limit", "type"),
    ({"from": "2026-12-01", "to": "2026-12-02", "limit": "101"}, "limit", "type"),
    ({"from": "2026-12-01", "to": "2026-12-02", "limit": "ten"}, "limit", "type"),
])
def test_bad_queries_name_the_field(ts, q, field, code):
    invalid(ts.get(URL, params=q), (field, code))
