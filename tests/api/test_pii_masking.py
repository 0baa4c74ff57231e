"""ID numbers and phones in answers and in the log (issue 14, item 4).

The rule (docs/security.md): the person the numbers belong to (the applicant, the account holder)
and the staff of the department that handles the case see them whole; everyone else who may read
the thing at all sees them masked — the supervisor (督查: oversees, does not handle), the
administrator, and (where they are let in at all) staff of other departments. Masked means the
first four and last four characters of an ID number (3101**********0030) and the first three and
last four digits of a mobile (138****8000). Other applicants and other departments' staff are not
let in at all (404 / 403), and their refusal carries no number either.

The callers are those of the authorisation matrix (authz_matrix.py): owner, clerk and reviewer of
the handling department, other department, supervisor, administrator. The numbers here are the
suite's fixtures; a number in an audit entry's detail is shown masked too, tested in
tests/unit/domain/core/audit_read.c (a number planted in an audit entry here would stay in the
suite's databases, which the whole-suite scan reads).
"""
import datetime
import random
import re
import socket

import pytest

from casekit import FOOD, PDF, case_body, get_case, materials_for, upload
from conftest import _fresh, new_id_number, new_phone, uniq, cn_today

BIRTH = "QR00301000"      # 出生医学证明: a person's matter of the health department, ID numbers and a phone


def masked_id(v):
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def masked_phone(v):
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


def new_landline():
    """A Shanghai landline nobody in this test run has used: a typed phone field that no pattern
    would take for a personal number, so only the form's types can mask it."""
    return _fresh(lambda: f"021-6{random.randrange(10**7):07d}")


def birth_case(server, phone=None):
    """A fresh person files the birth-certificate case; returns (session, case, numbers)."""
    body, _ = server.new_person()
    s = server.login(body["username"], body["password"])
    nums = {"applicant_id_number": new_id_number(), "father_id_number": new_id_number("310104"),
            "applicant_phone": phone or new_phone()}
    form = {"newborn_name": "王小宝", "newborn_sex": "male", "birth_date": "2024-01-02", "birth_place": "上海市第一妇婴保健院",
            "applicant_name": "王小明", "father_name": "王大明", **nums}
    r = s.post_json("/api/v1/cases", {"matter": BIRTH, "form": form, "materials": materials_for(server, s, BIRTH),
                                      "channel": "online", "delivery": {"method": "electronic"}})
    assert r.status_code == 201, r.text
    return s, r.json(), nums


def assert_clear(case, nums):
    for k, v in nums.items():
        assert case["form"][k] == v, (k, case["form"][k])


def assert_masked(text, case, nums):
    for k, v in nums.items():
        assert v not in text, f"{k} in the clear"
    if case is not None:
        for k, v in nums.items():
            want = masked_phone(v) if k.endswith("phone") else masked_id(v)
            assert case["form"][k] == want, (k, case["form"][k], want)


@pytest.mark.parametrize("phone", [new_phone, new_landline], ids=["mobile", "landline"])
def test_case_form_clear_to_owner_and_handlers_masked_to_overseers(server, phone):
    owner, case, nums = birth_case(server, phone())
    assert_clear(case, nums)                                   # the answer to filing it
    assert_clear(get_case(owner, case["id"]), nums)
    for handler in ("health_clerk", "health_reviewer", "health_head"):
        assert_clear(get_case(server.as_user(handler), case["id"]), nums)
    for overseer in ("supervisor", "admin"):
        r = server.as_user(overseer).get_json(f"/api/v1/cases/{case['id']}")
        assert r.status_code == 200, r.text
        assert_masked(r.text, r.json(), nums)
    # not let in at all, and nothing in the refusal
    for other, status in (("amr_reviewer", 403), ("zhangsan", 404)):
        r = server.as_user(other).get_json(f"/api/v1/cases/{case['id']}")
        assert r.status_code == status
        assert_masked(r.text, None, nums)


def test_lists_tasks_and_audit_carry_no_number_in_the_clear(server):
    owner, case, nums = birth_case(server)
    for who, path in (("supervisor", "/api/v1/cases?limit=100"), ("admin", "/api/v1/cases?limit=100"),
                      ("health_reviewer", "/api/v1/tasks"), ("supervisor", "/api/v1/audit?limit=100"),
                      ("supervisor", f"/api/v1/audit?entity=case&entity_id={case['id']}"),
                      ("supervisor", f"/api/v1/departments/health/appointments?date={cn_today()}")):
        r = server.as_user(who).get_json(path)
        assert r.status_code == 200, (path, r.text)
        assert_masked(r.text, None, nums)


def test_agent_clear_to_the_handling_clerk_masked_to_the_supervisor(server):
    clerk = server.as_user("amr_clerk")
    principal = server.as_user("xiaochi")
    agent_id = new_id_number("310104")
    auth = upload(clerk, PDF, "授权委托书.pdf")
    body = case_body(server, clerk, FOOD, channel="assisted", applicant={"credit_code": principal.account["credit_code"]},
                     agent={"name": "李小明", "id_number": agent_id, "relation": "经办人", "authorization_file": auth})
    r = clerk.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["agent"]["id_number"] == agent_id                       # the clerk handles it
    assert get_case(principal, case["id"])["agent"]["id_number"] == agent_id   # the applicant owns it
    phone = case["form"]["applicant_phone"]
    seen = get_case(server.as_user("supervisor"), case["id"])
    assert seen["agent"]["id_number"] == masked_id(agent_id)
    assert seen["form"]["applicant_phone"] == masked_phone(phone)
    assert get_case(server.as_user("amr_reviewer"), case["id"])["form"]["applicant_phone"] == phone


def test_me_clear_to_the_holder_and_masked_to_the_administrator(server):
    body, acc = server.new_person()
    assert acc["id_number"] == body["id_number"] and acc["phone"] == body["phone"]   # registering: your own
    me = server.login(body["username"], body["password"]).get_json("/api/v1/me").json()
    assert me["id_number"] == body["id_number"] and me["phone"] == body["phone"]
    # the security administrator creating a staff account with a phone: answered masked
    phone = new_phone()
    r = server.as_user("secadmin").post_json("/api/v1/staff", {"username": uniq("st"), "password": "Staff2026x",
                                                            "name": "测试 窗口", "department": "health",
                                                            "roles": "window_clerk", "phone": phone})
    assert r.status_code == 201, r.text
    assert r.json()["phone"] == masked_phone(phone) and phone not in r.text


# ---------------------------------------------------------------- the log


def raw_get(server, target):
    """Sends a request line as bytes (requests would encode the path)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as c:
        c.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := c.recv(65536):
            data += chunk
    return data


def test_log_masks_numbers_in_every_shape_and_escapes_bad_bytes(make_server):
    s = make_server()
    two = new_id_number() + new_id_number()
    grouped = "138-0013-8000"
    spaced = "139 0013 9000"
    for path in (f"/api/v1/nowhere/{two}", f"/api/v1/nowhere/{grouped}", "/api/v1/nowhere/+86%20" + spaced.replace(" ", "%20"),
                 "/api/v1/nowhere/0086" + new_phone()):
        assert s.get(path).status_code == 404
    raw_get(s, b"/api/v1/nowhere/\xff\xfe/x")
    raw_get(s, b"/api/v1/nowhere/%FF%C3(/y")
    s.stop()
    data = s.log_path.read_bytes()
    assert b"\xff" not in data and b"\xfe" not in data
    data.decode("utf-8")                                 # every line is UTF-8
    text = data.decode()
    assert "/api/v1/nowhere/\\\\xFF\\\\xFE/x" in text, text[-2000:]   # \xFF, JSON-escaped
    assert "/api/v1/nowhere/\\\\xFF\\\\xC3(/y" in text
    assert two[:18] not in text and two[18:] not in text
    assert f"{two[:4]}{'*' * 10}{two[14:22]}{'*' * 10}{two[-4:]}" in text
    assert grouped not in text and "138-****-8000" in text
    assert spaced not in text and "139 **** 9000" in text
    for m in re.finditer(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?!\d)", text):
        raise AssertionError(f"a mobile in the log: {m.group()}")
