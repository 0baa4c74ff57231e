"""The applicant at the window (issue 16, bug 2 and bug 3): the window is
never closed to anyone. POST /api/v1/window/applicants, a window clerk's,
with the ID number of the card in the clerk's hand:

- a registered person is found: name, ID number and phone come back (to fill
  the intake form), and the look-up is audited with the clerk's id;
- a person with no account is refused with 422 naming `name` and `phone`
  (code `unregistered`), nothing written; with both given, a person's account
  is opened (201) and a claim code goes with the username to that phone by
  SMS; the person sets their password with it on the 忘记密码 page (POST
  /api/v1/password-resets/confirm), after which they log in and see the case
  the clerk filed for them;
- bad input is 422 naming the field, nothing written."""
import re

from conftest import invalid, new_id_number, new_phone, problem

WALKIN = "/api/v1/window/applicants"
CONFIRM = "/api/v1/password-resets/confirm"


def counts(server):
    return {t: server.scalar(f"SELECT COUNT(*) FROM {t}") for t in
            ("accounts", "password_resets", "messages", "audit_log")}


def claim_sms(server, account_id):
    rows = server.query("SELECT body_zh, body_en FROM messages WHERE account_id = ? AND channel = 'sms' "
                        "AND kind = 'account_claim'", account_id)
    assert len(rows) == 1, rows
    zh, en = rows[0]
    return zh, en, re.search(r"code (\d{8})\b", en).group(1), re.search(r"username (\w+)", en).group(1)


def test_a_registered_person_is_found_with_what_fills_the_form(server):
    body, acc = server.new_person(name="赵大宝")
    clerk = server.as_user("amr_clerk")
    r = clerk.post_json(WALKIN, {"id_number": body["id_number"]})
    assert r.status_code == 200, r.text
    a = r.json()
    assert (a["account_id"], a["name"], a["id_number"], a["phone"], a["created"]) == (
        acc["id"], "赵大宝", body["id_number"], body["phone"], False)
    assert "claim" not in a and r.headers["Cache-Control"] == "no-store"
    assert server.query("SELECT action, actor_id FROM audit_log WHERE entity_id = ? AND action = "
                        "'account.found_at_window'", acc["id"]) == [
        ("account.found_at_window", clerk.account["id"])]


def test_an_unregistered_person_is_asked_for_name_and_phone_then_registered_and_claims(server):
    clerk = server.as_user("amr_clerk")
    idn, phone = new_id_number(), new_phone()
    before = counts(server)
    p = invalid(clerk.post_json(WALKIN, {"id_number": idn}), ("name", "unregistered"), ("phone", "unregistered"))
    assert any("尚未注册" in e["message"] for e in p["errors"]), p["errors"]
    invalid(clerk.post_json(WALKIN, {"id_number": idn, "name": "钱多多"}), ("phone", "unregistered"))
    assert counts(server) == before, "a refused look-up writes nothing"

    r = clerk.post_json(WALKIN, {"id_number": idn, "name": "钱多多", "phone": phone})
    assert r.status_code == 201, r.text
    a = r.json()
    assert (a["name"], a["id_number"], a["phone"], a["created"]) == ("钱多多", idn, phone, True)
    assert a["claim"]["channel"] == "sms"
    row = server.query("SELECT kind, roles, status, display_name FROM accounts WHERE id = ?", a["account_id"])
    assert row == [("person", "person", "active", "钱多多")]
    zh, en, code, username = claim_sms(server, a["account_id"])
    assert username == a["username"] and "忘记密码" in zh and code in zh
    # the code in clear only in the message to be sent
    assert server.scalar("SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?", f"%{code}%") == 0
    assert server.query("SELECT action, actor_id FROM audit_log WHERE entity_id = ? ORDER BY seq",
                        a["account_id"]) == [("account.create", clerk.account["id"]),
                                             ("account.claim_code_sent", clerk.account["id"])]
    # asking again finds the new account: no second account, no second code
    again = clerk.post_json(WALKIN, {"id_number": idn, "name": "钱多多", "phone": phone})
    assert again.status_code == 200 and again.json()["account_id"] == a["account_id"], again.text
    assert server.scalar("SELECT COUNT(*) FROM messages WHERE account_id = ? AND kind = 'account_claim'",
                         a["account_id"]) == 1

    # nobody can log in before the claim; the claim sets the password
    assert server.login_raw(a["username"], "Secret2026x", source=server.source()).status_code == 401
    assert server.post(CONFIRM, {"username": a["username"], "code": code,
                                 "new_password": "Claimed2026x"}).status_code == 204
    me = server.login(a["username"], "Claimed2026x").get_json("/api/v1/me").json()
    assert (me["name"], me["kind"]) == ("钱多多", "person")
    problem(server.post(CONFIRM, {"username": a["username"], "code": code, "new_password": "Again2026x"}),
            400, "reset-code-invalid")


def test_bad_input_names_the_field_and_writes_nothing(server):
    clerk = server.as_user("amr_clerk")
    before = counts(server)
    invalid(clerk.post_json(WALKIN, {}), ("id_number", "required"))
    invalid(clerk.post_json(WALKIN, {"id_number": "310101198503120031"}), ("id_number", "id_number"))
    invalid(clerk.post_json(WALKIN, {"id_number": new_id_number(), "name": "孙小", "phone": "12345"}),
            ("phone", "phone"))
    invalid(clerk.post_json(WALKIN, {"id_number": new_id_number(), "name": "孙\u202e小", "phone": new_phone()}),
            ("name", "invisible_chars"))
    assert counts(server) == before
