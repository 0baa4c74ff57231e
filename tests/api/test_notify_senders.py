"""Messages that reach people (issue 16, build 6): email through an SMTP relay
and SMS through an HTTP gateway, each sent to the people who chose that
channel (PUT /api/v1/me/notifications), once.

The test starts its own sinks on free loopback ports — a small SMTP server
(the protocol of RFC 5321 written here, over a socket) and an HTTP gateway —
and a test-build onestop configured to use them (--smtp-url, --smtp-from,
--sms-url, ONESTOP_SMS_SECRET), with the background jobs left to the test
(POST /api/v1/test/jobs). What the sinks receive is read with the standard
library's own mail parser and HMAC, not the server's code. The rules:
- the in-app inbox is always on; SMS and email are opt-in, per account, and
  only messages made after the choice go out (not the whole inbox so far);
- a person can turn a channel off again; a message written for one channel
  (a password reset code by SMS) goes whatever was chosen, and only there;
- a mail is an RFC 5322 message: From, To, Date, Message-ID, a UTF-8 subject
  in encoded words (RFC 2047), a body in 中文 and English; the acceptance
  message names the matter, the case number and the statutory deadline;
- an SMS is JSON signed with HMAC-SHA256 over "timestamp.body" with the
  shared secret, and carries an Idempotency-Key;
- each message goes once per channel; a gateway that answers non-2xx is tried
  again later (not before its time), with the same Idempotency-Key;
- choosing a channel without the address for it, or turning off in-app, is a
  422 naming the field, and nothing changes;
- a sender half configured (no sender address, no gateway secret, credentials
  in a URL) stops the start with the reason."""
import email
import email.policy
import hashlib
import hmac
import json
import os
import socketserver
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from casekit import act, file_case, get_case
from conftest import BIN, TestServer, _used_servers, enterprise_body, invalid, new_phone, uniq

SECRET = "sms-gateway-secret-" + "x" * 16
FROM = "noreply@zwfw.example.gov.cn"
PREFS = "/api/v1/me/notifications"


# ---------------------------------------------------------------- the sinks

class SmtpSink(socketserver.ThreadingTCPServer):
    """An SMTP server that keeps every message it is given: [(mail_from, [rcpt], bytes)]."""
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.mails = []
        self.lock = threading.Lock()

    def received(self):
        with self.lock:
            return list(self.mails)


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink.test ESMTP")
        mail_from, rcpt = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("ascii", "replace").strip()
            verb = cmd.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-sink.test")
                self.reply("250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 sink.test")
            elif verb == "MAIL":
                mail_from, rcpt = cmd.split(":", 1)[1].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpt.append(cmd.split(":", 1)[1].strip())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with .")
                data = []
                while True:
                    ln = self.rfile.readline()
                    if ln in (b".\r\n", b""):
                        break
                    data.append(ln[1:] if ln.startswith(b"..") else ln)
                with self.server.lock:
                    self.server.mails.append((mail_from, rcpt, b"".join(data)))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:   # RSET, NOOP
                self.reply("250 OK")


class GatewaySink(ThreadingHTTPServer):
    """An SMS gateway keeping every request [(headers, body bytes)], answering
    the statuses queued in `answers` first, then 200."""
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), GatewayHandler)
        self.requests = []
        self.answers = []
        self.lock = threading.Lock()

    def received(self):
        with self.lock:
            return list(self.requests)


class GatewayHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.server.lock:
            self.server.requests.append((dict(self.headers), body, self.path))
            status = self.server.answers.pop(0) if self.server.answers else 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *a):
        pass


def serve(sink):
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    return sink


@pytest.fixture(scope="module")
def env():
    smtp, gw = serve(SmtpSink()), serve(GatewaySink())
    s = TestServer(flags=["--smtp-url", f"smtp://127.0.0.1:{smtp.server_address[1]}", "--smtp-from", FROM,
                          "--sms-url", f"http://127.0.0.1:{gw.server_address[1]}/send",
                          "--job-interval", "86400000"],
                   env={"ONESTOP_SMS_SECRET": SECRET}).start()
    _used_servers.append(s)
    yield s, smtp, gw
    rc = s.stop()
    _used_servers.remove(s)
    smtp.shutdown()
    gw.shutdown()
    assert rc == 0, s.log_tail(80)
    s.tmp.cleanup()


# ---------------------------------------------------------------- helpers

def enterprise(server, phone=True, mail=True):
    """A new enterprise with a phone and an email address (unless told not); its session."""
    addr = f"{uniq('m')}@example.com"
    body = enterprise_body(phone=new_phone() if phone else None, email=addr if mail else None)
    server.register(body)
    s = server.login(body["username"], body["password"])
    s.phone, s.email = body.get("phone"), body.get("email")
    return s


def mails_to(smtp, addr):
    """The messages the SMTP sink got for addr, parsed by the standard library."""
    out = []
    for mail_from, rcpt, raw in smtp.received():
        if rcpt == [f"<{addr}>"]:
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            msg.raw, msg.envelope_from = raw, mail_from
            out.append(msg)
    return out


def sms_to(gw, phone):
    return [(h, b, json.loads(b)) for h, b, _ in gw.received() if json.loads(b)["to"] == phone]


def accepted_case(server, who):
    case = file_case(server, who)
    return act(server.as_user("amr_clerk"), case, "accept")


# ---------------------------------------------------------------- the tests

def test_mail_and_sms_reach_the_sinks_for_who_chose_them_once(env):
    server, smtp, gw = env
    chose, other = enterprise(server), enterprise(server)
    got = chose.get_json(PREFS).json()
    assert got == {"inapp": True, "sms": False, "email": False, "offered": ["sms", "email"]}, got
    r = chose.put_json(PREFS, {"sms": True, "email": True})
    assert r.status_code == 200 and r.json()["sms"] is True and r.json()["email"] is True, r.text
    assert chose.get_json(PREFS).json()["email"] is True
    case = accepted_case(server, chose)
    accepted_case(server, other)
    server.run_jobs()

    mails = mails_to(smtp, chose.email)
    assert len(mails) == 2, [m["Subject"] for m in mails]          # submitted, accepted
    assert mails_to(smtp, other.email) == [] and sms_to(gw, other.phone) == []   # never chose
    full = get_case(chose, case["id"])
    acc = next(m for m in mails if "已受理" in m["Subject"])
    assert acc.envelope_from == f"<{FROM}>" and acc["From"].addresses[0].addr_spec == FROM
    assert acc["To"].addresses[0].addr_spec == chose.email
    assert acc["Date"] and acc["Message-ID"] and acc["MIME-Version"] == "1.0"
    assert "accepted" in acc["Subject"].lower()
    assert b"=?UTF-8?B?" in acc.raw                                  # the subject in encoded words
    lines = acc.raw.split(b"\r\n")
    assert all(len(ln) <= 78 for ln in lines) and b"\n" not in acc.raw.replace(b"\r\n", b"")
    text = acc.get_content()
    matter = full["matter"]["name"]
    assert matter["zh"] in text and matter["en"] in text, text
    assert case["number"] in text
    due = full["clock"]["deadline"]
    assert due and due in text, (due, text)                          # the statutory deadline
    assert "受理" in text and "accepted" in text.lower()

    sms = sms_to(gw, chose.phone)
    assert len(sms) == 2
    for headers, body, doc in sms:
        ts, sig = headers["X-Onestop-Timestamp"], headers["X-Onestop-Signature"]
        want = hmac.new(SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        assert sig == "sha256=" + want
        assert headers["Idempotency-Key"] == f"onestop-message-{doc['message_id']}"
        assert headers["Content-Type"] == "application/json"
    assert any(case["number"] in doc["text"] and due in doc["text"] for _, _, doc in sms), sms

    # once: the next rounds send nothing again
    server.run_jobs()
    server.run_jobs()
    assert len(mails_to(smtp, chose.email)) == 2 and len(sms_to(gw, chose.phone)) == 2


def test_a_channel_chosen_later_or_turned_off(env):
    server, smtp, gw = env
    me = enterprise(server)
    before = file_case(server, me)                  # made before the choice: stays in-app only
    assert me.put_json(PREFS, {"email": True}).status_code == 200
    server.run_jobs()
    assert mails_to(smtp, me.email) == []
    act(server.as_user("amr_clerk"), before, "accept")
    server.run_jobs()
    assert len(mails_to(smtp, me.email)) == 1 and sms_to(gw, me.phone) == []   # email only
    # turned off: nothing more by mail; the inbox still has everything
    r = me.put_json(PREFS, {"email": False})
    assert r.status_code == 200 and r.json()["email"] is False
    file_case(server, me)
    server.run_jobs()
    assert len(mails_to(smtp, me.email)) == 1
    assert len(me.get_json("/api/v1/me/messages").json()["items"]) == 3


def test_a_reset_code_goes_by_sms_whatever_was_chosen(env):
    server, smtp, gw = env
    me = enterprise(server)
    r = server.post("/api/v1/password-resets", {"username": me.account["username"], "phone": me.phone})
    assert r.status_code == 202, r.text
    server.run_jobs()
    sms = sms_to(gw, me.phone)
    assert len(sms) == 1 and sms[0][2]["kind"] == "password_reset"
    assert mails_to(smtp, me.email) == []


def test_a_failing_gateway_is_tried_again_later(env):
    server, smtp, gw = env
    me = enterprise(server)
    assert me.put_json(PREFS, {"sms": True}).status_code == 200
    gw.answers.extend([503])
    file_case(server, me)
    server.run_jobs()
    first = sms_to(gw, me.phone)
    assert len(first) == 1
    row = server.query("SELECT d.outcome, d.attempts FROM message_deliveries d JOIN messages m "
                       "ON m.id = d.message_id WHERE m.account_id = ? AND d.channel = 'sms'", me.account["id"])
    assert row == [("failed: gateway answered 503", 1)], row
    server.run_jobs()                                 # not before its time
    assert len(sms_to(gw, me.phone)) == 1
    server.set_clock(ms=2 * 60 * 1000)
    try:
        server.run_jobs()
    finally:
        server.set_clock(ms=0)
    again = sms_to(gw, me.phone)
    assert len(again) == 2
    assert again[1][0]["Idempotency-Key"] == first[0][0]["Idempotency-Key"]
    assert server.scalar("SELECT d.outcome FROM message_deliveries d JOIN messages m ON m.id = d.message_id "
                         "WHERE m.account_id = ? AND d.channel = 'sms'", me.account["id"]) == "sent"
    server.run_jobs()
    assert len(sms_to(gw, me.phone)) == 2


def test_bad_choices_name_the_field_and_change_nothing(env):
    server, _, _ = env
    no_mail = enterprise(server, mail=False)
    no_phone = enterprise(server, phone=False)
    invalid(no_mail.put_json(PREFS, {"email": True}), ("email", "no_address"))
    invalid(no_phone.put_json(PREFS, {"sms": True, "email": True}), ("sms", "no_phone"))
    invalid(no_mail.put_json(PREFS, {"inapp": False, "sms": True}), ("inapp", "always_on"))
    invalid(no_mail.put_json(PREFS, {}), ("sms", "required"))
    invalid(no_mail.put_json(PREFS, {"sms": "yes"}), ("sms", "type"))
    for s in (no_mail, no_phone):
        assert s.get_json(PREFS).json()["sms"] is False and s.get_json(PREFS).json()["email"] is False
    assert server.scalar("SELECT COUNT(*) FROM notify_channels WHERE account_id IN (?, ?)",
                         no_mail.account["id"], no_phone.account["id"]) == 0
    # what is allowed is audited
    assert no_mail.put_json(PREFS, {"sms": True}).status_code == 200
    assert server.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'account.notify_channels' "
                         "AND entity_id = ?", no_mail.account["id"]) == 1


def inbox(s, case_id):
    """The case's messages in the person's inbox, oldest first: [(title, body)] in each language."""
    items = [m for m in s.get_json("/api/v1/me/messages").json()["items"]
             if (m.get("entity") or {}).get("id") == case_id]
    return [(m["title"], m["body"]) for m in reversed(items)]


def test_case_messages_name_the_matter_what_happened_and_what_next(env):
    """Each case message names the matter and the case number; the correction
    says to supply every item at once; the approval and the issued result say
    where and how the result is had (here: at the window named in the guide);
    the denial names the remedies. The texts, not the channels: the inbox."""
    server, _, _ = env
    me = enterprise(server)
    clerk, reviewer = server.as_user("amr_clerk"), server.as_user("amr_reviewer")
    case = file_case(server, me, delivery={"method": "window"})
    items = [{"kind": "field", "key": "shop_area", "reason": "面积与平面图不一致"}]
    case = act(clerk, case, "request_correction", {"items": items})
    case = act(me, get_case(me, case["id"]), "resubmit", {"form": {"shop_area": 90}})
    case = act(clerk, get_case(clerk, case["id"]), "accept")
    case = act(reviewer, case, "review")
    case = act(reviewer, case, "approve", {"opinion": "符合条件"})
    case = act(reviewer, case, "issue", {"number": "JY13101010000099", "title": "食品经营许可证", "fields": {}})
    msgs = inbox(me, case["id"])
    matter = server.get("/api/v1/matters/XK00103000").json()
    assert len(msgs) == 7, [t["zh"] for t, _ in msgs]   # submitted, correction, resubmitted, accepted, review, approved, issued
    for title, body in msgs:
        assert matter["name"]["zh"] in title["zh"] and matter["name"]["en"] in title["en"]
        assert case["number"] in body["zh"] and case["number"] in body["en"]
    correction = msgs[1][1]
    assert "补正" in correction["zh"] and "一次性" in correction["zh"] and "every listed item" in correction["en"]
    approved, issued = msgs[5][1], msgs[6][1]
    # the decision is called what the matter grants (a licence here)
    assert "准予许可" in msgs[5][0]["zh"] and "准予许可" in approved["zh"] and "Licence granted" in approved["en"]
    place, hours = matter["service_places"][0], matter["service_hours"]
    for said in (approved, issued):
        assert place["zh"] in said["zh"] and hours["zh"] in said["zh"] and "身份证件" in said["zh"], said
        assert place["en"] in said["en"] and hours["en"] in said["en"] and "ID" in said["en"], said
    # a denial names the remedies
    other = act(clerk, file_case(server, me), "accept")
    other = act(reviewer, act(reviewer, other, "review"), "deny",
                {"reason": "经营场所与污染源距离不足", "legal_basis": "《食品经营许可和备案管理办法》第十二条"})
    denied = inbox(me, other["id"])[-1][1]
    assert "不予许可" in denied["zh"] and "Licence refused" in denied["en"]
    assert "行政复议" in denied["zh"] and "reconsideration" in denied["en"]


@pytest.mark.parametrize("flags, env_extra, says", [
    (["--smtp-url", "smtp://user:secret@127.0.0.1:25", "--smtp-from", FROM], {}, "without credentials"),
    (["--smtp-url", "smtp://127.0.0.1:25"], {}, "--smtp-from"),
    (["--smtp-url", "smtp://127.0.0.1:25", "--smtp-from", "not an address"], {}, "--smtp-from"),
    (["--sms-url", "http://127.0.0.1:9/send"], {"ONESTOP_SMS_SECRET": ""}, "ONESTOP_SMS_SECRET"),
    (["--sms-url", "http://127.0.0.1:9/send"], {"ONESTOP_SMS_SECRET": "short"}, "16"),
    (["--sms-url", "ftp://127.0.0.1/send"], {"ONESTOP_SMS_SECRET": SECRET}, "--sms-url"),
])
def test_a_sender_half_configured_stops_the_start(tmp_path, flags, env_extra, says):
    """A relay without a sender address, a gateway without its secret, or
    credentials written into a URL (where a log could show them): serve
    refuses to start, says why, and writes nothing."""
    env = dict(os.environ, **env_extra)
    r = subprocess.run([str(BIN), "serve", "--listen", "127.0.0.1:1", "--db", f"sqlite:{tmp_path}/x.db", *flags],
                       capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert says in r.stderr and "secret@" not in r.stderr
    assert list(tmp_path.iterdir()) == []
