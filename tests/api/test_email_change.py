"""Adding or changing an email address after registration (issue 16, build 6,
我的账户). A person who registered without an address, or wants another,
gives the new one; a 6-digit code goes to that address alone (through the
SMTP relay: the local sink of test_notify_senders.py, read with the standard
library's mail parser), and only once the code is typed back is the address
the account's — until then no message goes there, and the old address (if
any) keeps getting them. The rules:
- a bad address, or the one the account has already, is 422 naming "email";
- a code that is not 6 digits, wrong, expired (30 minutes), past its 5 tries,
  or typed with nothing pending is 422 naming "code" and why, and the
  account's address stays as it was (a wrong try is counted: that is all);
- at most 5 codes an hour per account (429);
- a platform that sends no email refuses the change (409): the code could not
  arrive;
- the code is never in the server's log, in an answer or in the audit log."""
import datetime
import re

import pytest

from conftest import TestServer, _used_servers, enterprise_body, invalid, new_phone, person_body, problem, uniq
from test_notify_senders import FROM, SmtpSink, mails_to, serve

EMAIL = "/api/v1/me/email"
CONFIRM = "/api/v1/me/email/confirm"
PREFS = "/api/v1/me/notifications"


@pytest.fixture(scope="module")
def env():
    smtp = serve(SmtpSink())
    s = TestServer(flags=["--smtp-url", f"smtp://127.0.0.1:{smtp.server_address[1]}", "--smtp-from", FROM,
                          "--job-interval", "86400000"]).start()
    _used_servers.append(s)
    yield s, smtp
    rc = s.stop()
    _used_servers.remove(s)
    smtp.shutdown()
    assert rc == 0, s.log_tail(80)
    s.tmp.cleanup()


def person(server, addr=None):
    body = person_body(email=addr)
    server.register(body)
    return server.login(body["username"], body["password"])


def address():
    return f"{uniq('new')}@example.com"


def code_in(smtp, addr):
    """The code of the one verification mail the sink got for addr."""
    mails = [m for m in mails_to(smtp, addr) if "验证码" in m["Subject"]]
    assert len(mails) == 1, [m["Subject"] for m in mails_to(smtp, addr)]
    text = mails[0].get_content()
    assert "Email verification code" in mails[0]["Subject"] or "verification" in text
    return re.search(r"验证码为 (\d{6})", text).group(1)


def me(s):
    r = s.get_json("/api/v1/me")
    assert r.status_code == 200, r.text
    return r.json()


def pending_rows(server, account_id):
    return server.scalar("SELECT COUNT(*) FROM email_changes WHERE account_id = ?", account_id)


def test_a_person_without_an_address_adds_one_and_it_is_used_only_after_the_code(env):
    server, smtp = env
    s = person(server)
    assert "email" not in me(s) or me(s)["email"] is None
    new = address()
    r = s.post_json(EMAIL, {"email": new})
    assert r.status_code == 202, r.text
    assert r.json()["email_pending"]["email"] == new and "code" not in r.text
    assert me(s)["email_pending"]["email"] == new
    assert me(s).get("email") is None                       # not the account's yet
    # not yet usable for messages: email cannot be chosen without an address of the account's
    invalid(s.put_json(PREFS, {"email": True}), ("email", "no_address"))
    server.run_jobs()
    code = code_in(smtp, new)
    mail = [m for m in mails_to(smtp, new) if "验证码" in m["Subject"]][0]
    assert mail["To"].addresses[0].addr_spec == new
    assert code not in server.log_text(), "the code is in the server's log"
    assert server.scalar("SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?", f"%{code}%") == 0
    wrong = "000000" if code != "000000" else "111111"
    invalid(s.post_json(CONFIRM, {"code": wrong}), ("code", "wrong"))
    assert me(s).get("email") is None
    r = s.post_json(CONFIRM, {"code": code})
    assert r.status_code == 200 and r.json()["email"] == new, r.text
    assert me(s)["email"] == new and "email_pending" not in me(s)
    assert pending_rows(server, s.account["id"]) == 0
    # the code's mail is gone from the outbox with the change
    assert server.scalar("SELECT COUNT(*) FROM messages WHERE account_id = ? AND kind = 'email_verify'",
                         s.account["id"]) == 0
    assert s.put_json(PREFS, {"email": True}).json()["email"] is True
    # used once: the same code again finds nothing pending
    invalid(s.post_json(CONFIRM, {"code": code}), ("code", "none"))


def test_a_changed_address_gets_nothing_before_its_code_the_old_one_keeps_the_messages(env):
    server, smtp = env
    old = address()
    body = enterprise_body(phone=new_phone(), email=old)
    server.register(body)
    s = server.login(body["username"], body["password"])
    assert s.put_json(PREFS, {"email": True}).status_code == 200
    new = address()
    assert s.post_json(EMAIL, {"email": new}).status_code == 202
    # a message of the account's while the new address waits: to the old address only
    server.execute("INSERT INTO messages (account_id, kind, title_zh, title_en, body_zh, body_en, channel, "
                   "created_at) VALUES (?, 'test', '测试', 'Test', '正文', 'Body', 'inapp', ?)",
                   s.account["id"], int(datetime.datetime.now().timestamp() * 1000) + 1000)
    server.run_jobs()
    assert [m["Subject"] for m in mails_to(smtp, new)] and all("验证码" in m["Subject"] for m in mails_to(smtp, new))
    assert any("测试" in m["Subject"] for m in mails_to(smtp, old))
    assert not any("验证码" in m["Subject"] for m in mails_to(smtp, old))
    assert me(s)["email"] == old
    assert s.post_json(CONFIRM, {"code": code_in(smtp, new)}).status_code == 200
    assert me(s)["email"] == new


@pytest.mark.parametrize("bad", ["not-an-address", "a@", "@example.com", "两个@例子", "x" * 250 + "@example.com"])
def test_a_bad_address_is_refused_and_nothing_changes(env, bad):
    server, smtp = env
    s = person(server)
    before = server.scalar("SELECT COUNT(*) FROM messages")
    p = problem(s.post_json(EMAIL, {"email": bad}), 422)
    assert [e["field"] for e in p["errors"]] == ["email"], p
    assert pending_rows(server, s.account["id"]) == 0
    assert server.scalar("SELECT COUNT(*) FROM messages") == before


def test_the_accounts_own_address_is_refused(env):
    server, _ = env
    addr = address()
    s = person(server, addr)
    invalid(s.post_json(EMAIL, {"email": addr}), ("email", "same"))
    p = invalid(s.post_json(EMAIL, {"email": addr}, headers={"Accept-Language": "en"}), ("email", "same"))
    assert "already" in p["errors"][0]["message"]
    assert pending_rows(server, s.account["id"]) == 0


@pytest.mark.parametrize("code,why", [("12345", "format"), ("1234567", "format"), ("abcdef", "format"),
                                      ("123456", "none")])
def test_a_malformed_code_or_none_pending_is_refused(env, code, why):
    server, _ = env
    s = person(server)
    p = invalid(s.post_json(CONFIRM, {"code": code}), ("code", why))
    assert p["errors"][0]["message"]
    assert me(s).get("email") is None


def test_an_expired_code_is_refused_and_the_address_stays(env):
    server, smtp = env
    s = person(server)
    new = address()
    assert s.post_json(EMAIL, {"email": new}).status_code == 202
    server.run_jobs()
    code = code_in(smtp, new)
    server.set_clock(ms=31 * 60 * 1000)
    try:
        s = server.login(s.account["username"], "Secret2026x")   # sessions do not outlive the jump
        invalid(s.post_json(CONFIRM, {"code": code}), ("code", "expired"))
        assert me(s).get("email") is None and "email_pending" not in me(s)
    finally:
        server.set_clock(ms=0)


def test_five_wrong_codes_use_the_code_up(env):
    server, smtp = env
    s = person(server)
    new = address()
    assert s.post_json(EMAIL, {"email": new}).status_code == 202
    server.run_jobs()
    code = code_in(smtp, new)
    wrong = str((int(code) + 1) % 1000000).zfill(6)
    for _ in range(5):
        invalid(s.post_json(CONFIRM, {"code": wrong}), ("code", "wrong"))
    invalid(s.post_json(CONFIRM, {"code": code}), ("code", "too_many"))
    assert me(s).get("email") is None
    # a new code starts afresh
    assert s.post_json(EMAIL, {"email": new}).status_code == 202
    assert server.scalar("SELECT attempts FROM email_changes WHERE account_id = ?", s.account["id"]) == 0


def test_at_most_five_codes_an_hour(env):
    server, _ = env
    s = person(server)
    for _ in range(5):
        assert s.post_json(EMAIL, {"email": address()}).status_code == 202
    before = server.scalar("SELECT email FROM email_changes WHERE account_id = ?", s.account["id"])
    problem(s.post_json(EMAIL, {"email": address()}), 429)
    assert server.scalar("SELECT email FROM email_changes WHERE account_id = ?", s.account["id"]) == before
    # only the last code's message waits in the outbox: each new one replaced the one before
    assert server.scalar("SELECT COUNT(*) FROM messages WHERE account_id = ? AND kind = 'email_verify'",
                         s.account["id"]) == 1


def test_staff_do_not_change_their_address_here(env):
    server, _ = env
    problem(server.as_user("amr_clerk").post_json(EMAIL, {"email": address()}), 403)


def test_without_an_email_sender_the_change_is_refused(server):
    body = person_body()
    server.register(body)
    s = server.login(body["username"], body["password"])
    p = problem(s.post_json(EMAIL, {"email": address()}), 409)
    assert "邮件" in p["detail"]
    assert server.scalar("SELECT COUNT(*) FROM email_changes WHERE account_id = ?", s.account["id"]) == 0
