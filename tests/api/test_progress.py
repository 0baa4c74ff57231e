"""进度查询 (issue 16, item 5): anyone, without logging in, asks how a case
stands by its number and what its applicant knows of themselves — the 身份证号
of a person, the 统一社会信用代码 of an enterprise, or the phone registered —
and sees the status and the dates only. A wrong proof and an unknown number
get the same answer; each question counts against a per-address limit, right
or wrong, so numbers cannot be walked through (the limit itself is shown in
test_rate_limits.py)."""
import pytest

from casekit import act, case_body, upload
from conftest import cn_today, invalid, problem

PERSON_MATTER = "XK00102000"   # 个体工商户设立登记, for persons
# what the answer may hold: status and dates, never a name, a form, a material or a decision
KEYS = {"number", "matter", "department", "status", "status_label", "submitted_day", "accepted_day", "due_day",
        "finished_day", "suspended"}


def ask(ts, number, proof, source=None, **kw):
    s = ts.session(source or ts.source())
    return s.post(ts.url("/api/v1/progress"), json={"number": number, "proof": proof}, timeout=30, **kw)


def person_case(ts, body, matter=PERSON_MATTER):
    """Registers body's person and files a person's matter (个体工商户设立登记 unless told) in
    their name, answering its required fields by type; returns the case."""
    ts.register(body)
    s = ts.login(body["username"], body["password"])
    doc = ts.get(f"/api/v1/matters/{matter}").json()
    values = {"decimal": 10, "region": "310101", "id_number": body["id_number"], "string": body["name"],
              "text": "小吃店 snack bar", "address": "上海市黄浦区南京东路100号", "phone": body["phone"],
              "int": 1, "bool": False, "date": "2026-01-05", "email": "a@example.cn"}
    form = {f["key"]: (f["options"][0]["value"] if f["type"] == "enum" else values[f["type"]])
            for f in doc["form"]["fields"] if f.get("required")}
    mats = [{"key": m["key"], "file": upload(s)} for m in doc["materials"] if m["required"]]
    method = "electronic" if "electronic" in doc["delivery"] else "window"
    r = s.post_json("/api/v1/cases", {"matter": matter, "form": form, "materials": mats,
                                      "channel": "online", "delivery": {"method": method}})
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture(scope="module")
def person(ts):
    from conftest import person_body
    body = person_body()
    return body, person_case(ts, body)


def test_a_person_sees_status_and_dates_by_id_number_or_phone(ts, person):
    body, case = person
    r = ask(ts, case["number"], body["id_number"])
    assert r.status_code == 200, r.text
    p = r.json()
    assert set(p) == KEYS
    assert p["number"] == case["number"] and p["status"] == "submitted"
    assert p["status_label"]["zh"] and p["status_label"]["en"]
    assert p["matter"]["code"] == PERSON_MATTER and p["matter"]["name"]["zh"] == "个体工商户设立登记"
    assert p["submitted_day"] == cn_today().isoformat()
    assert p["accepted_day"] is None and p["due_day"] is None and p["finished_day"] is None
    assert p["suspended"] is False
    assert body["name"] not in r.text and body["id_number"] not in r.text and body["phone"] not in r.text
    # the phone as people write it, and an ID number's check letter in lower case
    phone = body["phone"]
    assert ask(ts, case["number"], f"{phone[:3]}-{phone[3:7]} {phone[7:]}").status_code == 200
    assert ask(ts, case["number"], body["id_number"].lower()).status_code == 200
    # no login was needed, and the answer is not stored by a shared cache
    assert "no-store" in r.headers.get("Cache-Control", "") or "private" in r.headers.get("Cache-Control", "")


def test_the_dates_follow_the_case(ts, person):
    body, case = person
    clerk = ts.as_user(department_clerk(ts, case))
    act(clerk, case, "accept")
    p = ask(ts, case["number"], body["id_number"]).json()
    assert p["status"] == "accepted" and p["accepted_day"] == cn_today().isoformat()
    assert p["due_day"] and p["due_day"] > cn_today().isoformat()


def department_clerk(ts, case):
    row = ts.query("SELECT username FROM accounts WHERE department = ? AND roles LIKE '%clerk%' "
                   "AND username NOT LIKE 'x%' ORDER BY username LIMIT 1", case["department"]["code"])
    assert row, case["department"]
    return row[0][0]


def test_an_enterprise_by_its_credit_code(ts):
    from conftest import enterprise_body
    body = enterprise_body()
    ts.register(body)
    s = ts.login(body["username"], body["password"])
    r = s.post_json("/api/v1/cases", case_body(ts, s))
    assert r.status_code == 201, r.text
    case = r.json()
    p = ask(ts, case["number"], body["credit_code"])
    assert p.status_code == 200 and p.json()["status"] == "submitted"


def test_a_wrong_proof_and_an_unknown_number_get_the_same_answer(ts, person):
    from conftest import new_id_number, new_phone
    body, case = person
    answers = [ask(ts, case["number"], new_id_number()), ask(ts, case["number"], new_phone()),
               ask(ts, case["number"], "310101198503120030"),        # another person's own ID
               ask(ts, "310101-20261202-999999", body["id_number"]),  # a number nobody has
               ask(ts, case["number"][:-1], body["id_number"])]
    for r in answers:
        p = problem(r, 404, "not-found")
        assert "办件编号" in p["detail"]
    assert len({r.text.split('"instance"')[0] for r in answers}) == 1, "nothing tells them apart"


def test_a_draft_is_nobodys_business(ts):
    from conftest import enterprise_body
    body = enterprise_body()
    ts.register(body)
    s = ts.login(body["username"], body["password"])
    r = s.post_json("/api/v1/cases", case_body(ts, s, submit=False))
    assert r.status_code == 201, r.text
    problem(ask(ts, r.json()["number"], body["credit_code"]), 404, "not-found")


@pytest.mark.parametrize("body, field, code", [
    ({"proof": "310101198503120030"}, "number", "required"),
    ({"number": "310101-20261202-000001"}, "proof", "required"),
    ({"number": "", "proof": "13800138000"}, "number", "required"),
    ({"number": "3" * 40, "proof": "13800138000"}, "number", "too_long"),
    ({"number": "310101-20261202-000001", "proof": "1" * 33}, "proof", "too_long"),
    ({"number": 310101, "proof": "13800138000"}, "number", "type"),
])
def test_bad_input_names_the_field_and_counts_nothing_else(ts, body, field, code):
    before = ts.counts()
    r = ts.session(ts.source()).post(ts.url("/api/v1/progress"), json=body, timeout=30)
    invalid(r, (field, code))
    assert ts.counts() == before


def test_no_body_is_a_clear_400(ts):
    r = ts.session(ts.source()).post(ts.url("/api/v1/progress"), data="number=1", timeout=30,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert 400 <= r.status_code < 500 and r.headers["Content-Type"].startswith("application/problem+json")
