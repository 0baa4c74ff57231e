"""Password reset for citizens (issue 14, item 8), two ways to a one-time
code and one way to use it, as docs/security.md states them:

- by phone: POST /api/v1/password-resets {username, phone} answers 202 with
  the same body whether or not they match (no account enumeration); when they
  match an active person's or enterprise's account, a 6-digit code goes to
  that phone through the outbox's "sms" channel;
- at the window: a window clerk, having checked the ID card, issues an
  8-digit code for the account registered with that ID number (or credit
  code); audited with the clerk's id;
- POST /api/v1/password-resets/confirm {username, code, new_password} sets
  the password (registration's rules), ends every session of the account and
  audits it. A code lives 10 minutes (SMS) or an hour (window), allows 5
  wrong tries, and a new one replaces the old; it is stored only as a keyed
  hash, so the only clear copy is the outbox message that carries it.

The tests read an SMS code where a real delivery reads it: the outbox row
the "sms" sender is handed (messages, channel 'sms'). Staff accounts are
never reset this way."""
import re

import pytest

from conftest import invalid, new_id_number, new_phone, person_body, problem, uniq

RESET = "/api/v1/password-resets"
CONFIRM = "/api/v1/password-resets/confirm"
WINDOW = "/api/v1/password-resets/window"
NEW_PASSWORD = "Fresh2026pass"


def sms_codes(server, username):
    """The codes sent to the account's phone, oldest first: what the sms sender gets."""
    rows = server.query("SELECT m.body_en FROM messages m JOIN accounts a ON a.id = m.account_id "
                        "WHERE a.username = ? AND m.kind = 'password_reset' AND m.channel = 'sms' "
                        "ORDER BY m.id", username)
    return [re.search(r"code is (\d{6})\b", r[0]).group(1) for r in rows]


def ask(server, username, phone, source=None):
    return server.session(source).post(server.url(RESET), json={"username": username, "phone": phone},
                                       timeout=30)


def confirm(server, username, code, password=NEW_PASSWORD):
    return server.post(CONFIRM, {"username": username, "code": code, "new_password": password})


def wrong(code):
    return f"{(int(code) + 1) % 10 ** len(code):0{len(code)}d}"


@pytest.fixture
def person(server):
    body, acc = server.new_person()
    return body


def test_a_code_by_phone_sets_the_password_and_ends_every_session(server, person):
    u = person["username"]
    old = server.login(u, person["password"])
    r = ask(server, u, person["phone"])
    assert r.status_code == 202, r.text
    [code] = sms_codes(server, u)
    # the code in clear nowhere but the message to be sent
    stored = server.query("SELECT code_hash, channel, attempts FROM password_resets r JOIN accounts a "
                          "ON a.id = r.account_id WHERE a.username = ?", u)
    assert len(stored) == 1 and code not in stored[0][0] and stored[0][1:] == ("sms", 0)
    assert server.scalar("SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?", f"%{code}%") == 0
    # nor shown in the in-app inbox: the phone is the channel that proves the person
    assert all(m["kind"] != "password_reset" for m in old.get_json("/api/v1/me/messages").json()["items"])
    problem(confirm(server, u, wrong(code)), 400, "reset-code-invalid")
    assert confirm(server, u, code).status_code == 204
    assert old.get_json("/api/v1/me").status_code == 401, "the sessions from before the reset are ended"
    assert server.login_raw(u, person["password"], source=server.source()).status_code == 401
    assert server.login(u, NEW_PASSWORD)
    acc = server.scalar("SELECT id FROM accounts WHERE username = ?", u)
    assert server.query("SELECT action, actor_id FROM audit_log WHERE entity_id = ? AND action LIKE "
                        "'account.%reset%' ORDER BY seq", acc) == [
        ("account.reset_code_sent", "anonymous"), ("account.password_reset", acc)]
    problem(confirm(server, u, code, "Another2026x"), 400, "reset-code-invalid")   # used once only


def test_the_answer_is_the_same_whether_or_not_anything_matches(server, person):
    u = person["username"]
    other = new_phone()
    answers = [ask(server, u, person["phone"]), ask(server, u, other), ask(server, uniq("nobody"), other),
               ask(server, "admin", other)]
    assert {r.status_code for r in answers} == {202}
    assert len({r.text for r in answers}) == 1, [r.text for r in answers]
    assert len(sms_codes(server, u)) == 1
    # written with separators, the registered number is the same number
    spaced = f"{person['phone'][:3]}-{person['phone'][3:7]}-{person['phone'][7:]}"
    assert ask(server, u, spaced).status_code == 202
    assert len(sms_codes(server, u)) == 2


def test_a_new_code_replaces_the_last(server, person):
    u = person["username"]
    ask(server, u, person["phone"])
    ask(server, u, person["phone"])
    first, second = sms_codes(server, u)
    if first != second:
        problem(confirm(server, u, first), 400, "reset-code-invalid")
    assert confirm(server, u, second).status_code == 204


def test_five_wrong_tries_end_the_code(server, person):
    u = person["username"]
    ask(server, u, person["phone"])
    [code] = sms_codes(server, u)
    for _ in range(5):
        problem(confirm(server, u, wrong(code)), 400, "reset-code-invalid")
    problem(confirm(server, u, code), 400, "reset-code-invalid")
    assert server.login(u, person["password"])       # nothing changed


def test_a_phone_gets_at_most_five_codes_an_hour_and_still_the_same_answer(server, person):
    u = person["username"]
    answers = [ask(server, u, person["phone"], source=server.source()) for _ in range(7)]
    assert {r.status_code for r in answers} == {202}
    assert len({r.text for r in answers}) == 1
    assert len(sms_codes(server, u)) == 5


def test_one_address_asking_too_often_is_answered_429(make_server):
    s = make_server("--limit", "password_resets=3/hour")
    src = s.source()
    got = [ask(s, uniq("nobody"), new_phone(), source=src).status_code for _ in range(4)]
    assert got == [202, 202, 202, 429]
    r = ask(s, uniq("nobody"), new_phone(), source=src)
    problem(r, 429, "too-many-requests")
    assert int(r.headers["Retry-After"]) > 0
    assert ask(s, uniq("nobody"), new_phone(), source=s.source()).status_code == 202   # another address


def test_staff_accounts_get_no_code(server):
    phone = new_phone()
    name = uniq("staff")
    r = server.as_user("secadmin").post_json("/api/v1/staff", {
        "username": name, "password": "Staff2026pass", "name": "测试 窗口", "department": "amr",
        "roles": "window_clerk", "phone": phone})
    assert r.status_code == 201, r.text
    assert ask(server, name, phone).status_code == 202
    assert server.scalar("SELECT COUNT(*) FROM messages m JOIN accounts a ON a.id = m.account_id "
                         "WHERE a.username = ? AND m.kind = 'password_reset'", name) == 0


def test_a_clerk_issues_a_code_at_the_window(server, person):
    clerk = server.as_user("amr_clerk")
    u = person["username"]
    r = clerk.post_json(WINDOW, {"id_number": person["id_number"]})
    assert r.status_code == 201, r.text
    got = r.json()
    assert got["username"] == u and re.fullmatch(r"\d{8}", got["code"]) and got["channel"] == "window"
    assert r.headers["Cache-Control"] == "no-store"
    assert server.scalar("SELECT COUNT(*) FROM messages WHERE body_en LIKE ?", f"%{got['code']}%") == 0
    acc = server.scalar("SELECT id FROM accounts WHERE username = ?", u)
    assert server.query("SELECT actor_id FROM audit_log WHERE entity_id = ? AND action = "
                        "'account.reset_code_issued'", acc) == [(clerk.account["id"],)]
    assert confirm(server, u, got["code"]).status_code == 204
    assert server.login(u, NEW_PASSWORD)


def test_an_enterprise_code_at_the_window_by_credit_code(server):
    body, acc = server.new_enterprise()
    r = server.as_user("amr_clerk").post_json(WINDOW, {"credit_code": body["credit_code"]})
    assert r.status_code == 201, r.text
    assert confirm(server, body["username"], r.json()["code"]).status_code == 204


def test_the_window_finds_no_account_for_an_unregistered_number(server):
    problem(server.as_user("amr_clerk").post_json(WINDOW, {"id_number": new_id_number()}), 404, "not-found")


@pytest.mark.parametrize("days_ms,valid", [(9 * 60_000, True), (11 * 60_000, False)])
def test_an_sms_code_lives_ten_minutes(ts, days_ms, valid):
    ts.set_clock(ms=0)
    body, _ = ts.new_person()
    u = body["username"]
    assert ask(ts, u, body["phone"]).status_code == 202
    [code] = sms_codes(ts, u)
    ts.set_clock(ms=days_ms)
    try:
        r = confirm(ts, u, code)
        if valid:
            assert r.status_code == 204, r.text
        else:
            problem(r, 400, "reset-code-invalid")
    finally:
        ts.set_clock(ms=0)


def test_a_window_code_lives_an_hour(ts):
    ts.set_clock(ms=0)
    body, _ = ts.new_person()
    code = ts.as_user("amr_clerk").post_json(WINDOW, {"id_number": body["id_number"]}).json()["code"]
    ts.set_clock(ms=61 * 60_000)
    try:
        problem(confirm(ts, body["username"], code), 400, "reset-code-invalid")
    finally:
        ts.set_clock(ms=0)


# ---------------------------------------------------------------- bad input

TABLES = ("accounts", "sessions", "password_resets", "messages", "audit_log")


def fingerprint(server):
    row = server.query("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in TABLES) +
                       ", (SELECT COALESCE(SUM(version), 0) FROM accounts)")[0]
    return row


BAD_REQUEST = [
    ({"phone": "13800138000"}, ("username", "required")),
    ({"username": "zhangsan"}, ("phone", "required")),
    ({"username": "", "phone": "13800138000"}, ("username", "required")),
    ({"username": "x" * 65, "phone": "13800138000"}, ("username", "too_long")),
    ({"username": "zhangsan", "phone": "12345"}, ("phone", "phone")),
    ({"username": "zhangsan", "phone": 13800138000}, ("phone", "type")),
    ({"username": "zhangsan", "phone": "13800138000", "extra": 1}, ("extra", "unknown_field")),
]

BAD_CONFIRM = [
    ({"code": "123456", "new_password": NEW_PASSWORD}, ("username", "required")),
    ({"username": "zhangsan", "new_password": NEW_PASSWORD}, ("code", "required")),
    ({"username": "zhangsan", "code": "123456"}, ("new_password", "required")),
    ({"username": "zhangsan", "code": "12345", "new_password": NEW_PASSWORD}, ("code", "format")),
    ({"username": "zhangsan", "code": "12345a", "new_password": NEW_PASSWORD}, ("code", "format")),
    ({"username": "zhangsan", "code": "123456", "new_password": "short1"}, ("new_password", "length")),
    ({"username": "zhangsan", "code": "123456", "new_password": "onlyletters"}, ("new_password", "weak")),
    ({"username": "zhangsan", "code": 123456, "new_password": NEW_PASSWORD}, ("code", "type")),
]

BAD_WINDOW = [
    ({}, ("id_number", "required")),
    ({"id_number": "110105194912310022"}, ("id_number", "id_number")),
    ({"credit_code": "91310101MA1FPX0Q1A"}, ("credit_code", "credit_code")),
    ({"id_number": "110105194912310021", "credit_code": "91310101MA1FPX0Q1Y"}, ("credit_code", "not_allowed")),
    ({"id_number": 110105194912310021}, ("id_number", "type")),
]


@pytest.mark.parametrize("body,pair", BAD_REQUEST, ids=[p[1][0] + ":" + p[1][1] for p in BAD_REQUEST])
def test_bad_reset_requests_name_the_field_and_change_nothing(server, body, pair):
    before = fingerprint(server)
    p = invalid(server.post(RESET, body), pair)
    assert any(e["message"] for e in p["errors"])
    assert fingerprint(server) == before


@pytest.mark.parametrize("body,pair", BAD_CONFIRM, ids=[p[1][0] + ":" + p[1][1] for p in BAD_CONFIRM])
def test_bad_confirmations_name_the_field_and_change_nothing(server, body, pair):
    before = fingerprint(server)
    invalid(server.post(CONFIRM, body), pair)
    assert fingerprint(server) == before


@pytest.mark.parametrize("body,pair", BAD_WINDOW, ids=[p[1][0] + ":" + p[1][1] for p in BAD_WINDOW])
def test_bad_window_requests_name_the_field_and_change_nothing(server, body, pair):
    clerk = server.as_user("amr_clerk")      # signed in first: a login is a row of its own
    before = fingerprint(server)
    invalid(clerk.post_json(WINDOW, body), pair)
    assert fingerprint(server) == before


def test_messages_in_both_languages(server):
    r = server.post(RESET, {"username": "zhangsan", "phone": "12"}, headers={"Accept-Language": "zh-CN"})
    zh = r.json()["errors"][0]["message"]
    r = server.post(RESET, {"username": "zhangsan", "phone": "12"}, headers={"Accept-Language": "en"})
    en = r.json()["errors"][0]["message"]
    assert re.search(r"[\u4e00-\u9fff]", zh) and re.search(r"[a-z]", en) and zh != en
