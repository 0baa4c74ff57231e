"""Self-registration of people (GB 11643 ID numbers) and enterprises (GB 32100
credit codes): POST /api/v1/accounts, every bad input refused with 422/409
naming the field, and nothing written when refused."""
import pytest

from conftest import (enterprise_body, id_check_char, credit_check_char, invalid, new_credit_code,
                      new_id_number, new_legacy_id, person_body, problem, uniq)


def audit_rows(server, account_id):
    return server.query("SELECT action, actor_id, actor_role, request_id FROM audit_log "
                        "WHERE entity = 'account' AND entity_id = ? ORDER BY seq", account_id)


def test_register_person(server):
    body = person_body(name="王小明", email="wxm@example.cn")
    before = server.counts()

    # 1. register -> 201 with Location and the account, in clear for its owner
    r = server.post("/api/v1/accounts", body)
    assert r.status_code == 201, r.text
    acc = r.json()
    assert r.headers["Location"] == f"/api/v1/accounts/{acc['id']}"
    assert acc["kind"] == "person" and acc["roles"] == ["person"]
    assert acc["username"] == body["username"] and acc["name"] == "王小明"
    assert acc["id_number"] == body["id_number"] and acc["phone"] == body["phone"]
    assert acc["version"] == 1
    assert "password" not in r.text and "password_hash" not in acc

    # 2. the row: argon2id hash, never the password; the ID number and the
    #    phone sealed (test_pii_at_rest.py), never in the clear
    row = server.query("SELECT kind, username, display_name, id_number, phone, email, password_hash, roles, status "
                       "FROM accounts WHERE id = ?", acc["id"])[0]
    assert row[:3] + row[5:6] == ("person", body["username"], "王小明", "wxm@example.cn")
    assert row[3].startswith("s1:") and body["id_number"] not in row[3]
    assert row[4].startswith("s1:") and body["phone"] not in row[4]
    assert row[6].startswith("$argon2id$") and body["password"] not in row[6]
    assert row[7:] == ("person", "active")
    after = server.counts()
    assert after["accounts"] == before["accounts"] + 1

    # 3. audited, with this response's request id, by an anonymous actor
    assert audit_rows(server, acc["id"]) == [("account.create", "anonymous", "anonymous", r.headers["X-Request-Id"])]

    # 4. the new person can log in with the password
    s = server.login(body["username"], body["password"])
    assert s.account["id"] == acc["id"]


def test_register_enterprise(server):
    body = enterprise_body()
    r = server.post("/api/v1/accounts", body)
    assert r.status_code == 201, r.text
    acc = r.json()
    assert acc["kind"] == "enterprise" and acc["roles"] == ["enterprise"]
    assert acc["credit_code"] == body["credit_code"] and acc["legal_rep"] == "赵六"
    assert "id_number" not in acc
    assert server.query("SELECT credit_code, legal_rep, id_number FROM accounts WHERE id = ?", acc["id"]) == \
        [(body["credit_code"], "赵六", None)]


def test_demo_enterprise_code_is_valid_gb32100():
    # the generator agrees with the demo data (and hence with the server's check)
    assert credit_check_char("91310101MA1FPX0Q1") == "Y"
    assert id_check_char("31010119850312003") == "0"
    assert id_check_char("11010519491231002") == "X"


def test_legacy_15_digit_id_is_accepted_and_normalised(server):
    old, new = new_legacy_id()
    body = person_body(id_number=old)
    acc = server.register(body).json()
    assert acc["id_number"] == new                      # upgraded: 19xx and a check digit
    stored = server.scalar("SELECT id_number FROM accounts WHERE id = ?", acc["id"])
    assert stored.startswith("s1:") and new not in stored and old not in stored   # sealed at rest
    # the same person under the 18-digit form is a duplicate
    p = invalid(server.post("/api/v1/accounts", person_body(id_number=new)), ("id_number", "taken"), status=409)
    assert p["code"] == "conflict"


def test_lower_case_x_check_character_is_normalised(server):
    while True:
        idn = new_id_number()
        if idn.endswith("X"):
            break
    acc = server.register(person_body(id_number=idn[:-1] + "x")).json()
    assert acc["id_number"] == idn


@pytest.mark.parametrize("field", ["username", "id_number", "credit_code"])
def test_duplicates_are_409_naming_the_field(server, field):
    if field == "credit_code":
        first = enterprise_body()
        again = enterprise_body(credit_code=first["credit_code"])
    else:
        first = person_body()
        again = person_body(**{field: first[field]})
    server.register(first)
    before = server.counts()
    p = invalid(server.post("/api/v1/accounts", again), (field, "taken"), status=409)
    assert p["code"] == "conflict" and len(p["errors"]) == 1
    assert server.counts() == before


def _with_check(first17):
    return first17 + id_check_char(first17)


def _wrong_check(idn):
    return idn[:17] + next(c for c in "0123456789X" if c != idn[17])


BAD_IDS = [
    # (why, value, error code)
    ("wrong check digit", lambda: _wrong_check(new_id_number()), "check_digit"),
    ("30 February", lambda: _with_check("31010119990230001"), "id_number"),
    ("month 13", lambda: _with_check("31010119991301001"), "id_number"),
    ("born in the future", lambda: _with_check("31010120991231001"), "id_number"),
    ("born before 1900", lambda: _with_check("31010118991231001"), "id_number"),
    ("no such province", lambda: _with_check("99010119800101001"), "id_number"),
    ("17 characters", lambda: new_id_number()[:17], "id_number"),
    ("letters", lambda: "31010119800101A01X", "id_number"),
    ("legacy with a bad date", lambda: "310104800230001", "id_number"),
]


@pytest.mark.parametrize("why,make,code", BAD_IDS, ids=[b[0] for b in BAD_IDS])
def test_bad_id_numbers_are_422(server, why, make, code):
    before = server.counts()
    p = invalid(server.post("/api/v1/accounts", person_body(id_number=make())), ("id_number", code))
    assert [e["field"] for e in p["errors"]] == ["id_number"]
    assert server.counts() == before


BAD_CODES = [
    ("wrong check character", lambda: (lambda c: c[:17] + ("0" if c[17] != "0" else "1"))(new_credit_code()),
     "check_digit"),
    ("17 characters", lambda: new_credit_code()[:17], "credit_code"),
    ("letter I is not in the charset", lambda: "91310101MA1FPX0QIY", "credit_code"),
]


@pytest.mark.parametrize("why,make,code", BAD_CODES, ids=[b[0] for b in BAD_CODES])
def test_bad_credit_codes_are_422(server, why, make, code):
    before = server.counts()
    invalid(server.post("/api/v1/accounts", enterprise_body(credit_code=make())), ("credit_code", code))
    assert server.counts() == before


def test_missing_fields_are_all_reported(server):
    before = server.counts()
    invalid(server.post("/api/v1/accounts", {}),
            ("kind", "required"), ("username", "required"), ("password", "required"), ("name", "required"))
    invalid(server.post("/api/v1/accounts", person_body(id_number=None)), ("id_number", "required"))
    invalid(server.post("/api/v1/accounts", enterprise_body(credit_code=None, legal_rep=None)),
            ("credit_code", "required"), ("legal_rep", "required"))
    invalid(server.post("/api/v1/accounts", person_body(name="")), ("name", "required"))
    assert server.counts() == before


def test_unknown_fields_are_refused_by_name(server):
    before = server.counts()
    p = invalid(server.post("/api/v1/accounts", person_body(is_admin=True, nickname="x")),
                ("is_admin", "unknown_field"), ("nickname", "unknown_field"))
    assert len(p["errors"]) == 2
    # fields that exist but are not for self-registration
    invalid(server.post("/api/v1/accounts", person_body(roles="admin")), ("roles", "not_allowed"))
    invalid(server.post("/api/v1/accounts", person_body(department="amr")), ("department", "not_allowed"))
    invalid(server.post("/api/v1/accounts", person_body(credit_code=new_credit_code())), ("credit_code", "not_allowed"))
    invalid(server.post("/api/v1/accounts", enterprise_body(id_number=new_id_number())), ("id_number", "not_allowed"))
    assert server.counts() == before


def test_wrong_types(server):
    before = server.counts()
    p = invalid(server.post("/api/v1/accounts", person_body(username=12345, name=["王"], kind=True, phone={"n": 1})),
                ("username", "type"), ("name", "type"), ("kind", "type"), ("phone", "type"))
    assert len(p["errors"]) == 4
    # null counts as absent
    invalid(server.post("/api/v1/accounts", {**person_body(), "password": None}), ("password", "required"))
    assert server.counts() == before


def test_lengths_count_characters_not_bytes(server):
    before = server.counts()
    invalid(server.post("/api/v1/accounts", person_body(name="张" * 101)), ("name", "too_long"))
    invalid(server.post("/api/v1/accounts", person_body(name="a" * 101)), ("name", "too_long"))
    invalid(server.post("/api/v1/accounts", person_body(name="王")), ("name", "too_short"))
    invalid(server.post("/api/v1/accounts", person_body(username="u" * 65)), ("username", "too_long"))
    invalid(server.post("/api/v1/accounts", person_body(username="u" * 33)), ("username", "invalid"))
    invalid(server.post("/api/v1/accounts", person_body(username="张三丰")), ("username", "invalid"))
    invalid(server.post("/api/v1/accounts", person_body(password="a1" * 129)), ("password", "too_long"))
    invalid(server.post("/api/v1/accounts", enterprise_body(legal_rep="李" * 51)), ("legal_rep", "too_long"))
    invalid(server.post("/api/v1/accounts", person_body(email="a" * 250 + "@x.cn")), ("email", "too_long"))
    invalid(server.post("/api/v1/accounts", person_body(name="王\n小明")), ("name", "control_chars"))
    assert server.counts() == before
    # 100 Chinese characters are 300 bytes and allowed
    acc = server.register(person_body(name="张" * 100)).json()
    assert acc["name"] == "张" * 100


@pytest.mark.parametrize("password,code", [
    ("abcdefgh", "weak"),        # no digit
    ("12345678", "weak"),        # no letter
    ("Ab1", "length"),           # short
    ("a1" * 65, "length"),       # 130 characters
])
def test_weak_passwords(server, password, code):
    before = server.counts()
    invalid(server.post("/api/v1/accounts", person_body(password=password)), ("password", code))
    assert server.counts() == before


def test_password_equal_to_username_is_weak(server):
    u = uniq("pw1")
    invalid(server.post("/api/v1/accounts", person_body(username=u, password=u)), ("password", "weak"))


@pytest.mark.parametrize("kind", ["staff", "admin", "Person", ""])
def test_kind_must_be_person_or_enterprise(server, kind):
    before = server.counts()
    p = invalid(server.post("/api/v1/accounts", person_body(kind=kind)))
    assert ("kind", "not_an_option") in {(e["field"], e["code"]) for e in p["errors"]} or \
        ("kind", "required") in {(e["field"], e["code"]) for e in p["errors"]}
    assert server.counts() == before
    assert server.scalar("SELECT COUNT(*) FROM accounts WHERE kind = 'staff' AND department IS NULL") == 0


def test_staff_self_registration_says_why(server):
    p = invalid(server.post("/api/v1/accounts", person_body(kind="staff"), headers={"Accept-Language": "en"}),
                ("kind", "not_an_option"))
    assert "administrator" in p["errors"][0]["message"]


@pytest.mark.parametrize("field,value,code", [
    ("phone", "12345", "phone"),
    ("phone", "1381234567a", "phone"),
    ("email", "someone@", "email"),
    ("email", "a b@example.cn", "email"),
])
def test_bad_contact_data(server, field, value, code):
    invalid(server.post("/api/v1/accounts", person_body(**{field: value})), (field, code))


def test_every_problem_at_once(server):
    body = person_body(username="x", password="short", id_number="123", phone="1", extra=1)
    # step 1: the body's shape is checked first (unknown members, types, lengths)
    invalid(server.post("/api/v1/accounts", body), ("extra", "unknown_field"))
    # step 2: with the shape right, every rule that fails is listed in one answer
    del body["extra"]
    p = invalid(server.post("/api/v1/accounts", body),
                ("username", "invalid"), ("password", "length"), ("id_number", "id_number"), ("phone", "phone"))
    assert len(p["errors"]) == 4
    assert p["detail"].startswith("共有 4 处问题")


def test_sql_and_html_in_a_name_are_stored_and_returned_verbatim(server):
    name = "O'Brien\"); DROP TABLE accounts;-- <script>alert(1)</script>"
    body = enterprise_body(name=name, legal_rep="<b>罗伯特</b>")
    before = server.counts()
    r = server.post("/api/v1/accounts", body)
    assert r.status_code == 201, r.text
    # JSON, never HTML; the browser is told not to sniff
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    acc = r.json()
    assert acc["name"] == name and acc["legal_rep"] == "<b>罗伯特</b>"
    # the quote is JSON-escaped in the raw text, the rest is plain data
    assert '\\"); DROP TABLE accounts;--' in r.text
    assert server.scalar("SELECT display_name FROM accounts WHERE id = ?", acc["id"]) == name
    assert server.counts()["accounts"] == before["accounts"] + 1      # the table is still there
    s = server.login(body["username"], body["password"])
    assert s.get_json("/api/v1/me").json()["name"] == name
