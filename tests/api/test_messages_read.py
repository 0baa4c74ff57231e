"""Messages become read (issue 16, bug 5): the inbox and GET /api/v1/me carry
the unread count (the badge beside 我的消息); POST /api/v1/me/messages/read
{up_to} marks the caller's messages up to that id read — a message that
arrives later stays unread, another person's messages are never touched,
and bad input is a 422 naming `up_to` with nothing changed."""
import datetime

from conftest import invalid

SH = datetime.timezone(datetime.timedelta(hours=8))
READ = "/api/v1/me/messages/read"


def booked(server, who, days):
    """A message to `who`: they book a slot published `days` ahead (a time no other test uses)."""
    day = (datetime.datetime.now(SH).date() + datetime.timedelta(days=days)).isoformat()
    r = server.as_user("amr_head").post_json("/api/v1/departments/amr/slots",
                                            {"date": day, "start": "18:05", "end": "18:35", "capacity": 5})
    slot = r.json() if r.status_code == 201 else None
    if slot is None:   # published by an earlier call of this module on the same server
        slot = next(s for s in server.get("/api/v1/departments/amr/slots", params={"date": day}).json()["slots"]
                    if s["start"] == "18:05")
    assert who.post_json("/api/v1/appointments", {"slot": slot["id"]}).status_code == 201


def person(server):
    body, _ = server.new_person()
    return server.login(body["username"], body["password"])


def unread_rows(server, s):
    return server.scalar("SELECT COUNT(*) FROM messages WHERE account_id = ? AND channel = 'inapp' "
                         "AND read_at IS NULL", s.account["id"])


def test_opening_the_inbox_marks_what_was_shown_read(server):
    me, other = person(server), person(server)
    booked(server, me, 171)
    booked(server, me, 172)
    booked(server, other, 171)
    inbox = me.get_json("/api/v1/me/messages").json()
    assert inbox["unread"] == 2 and all(not m["read"] for m in inbox["items"])
    assert me.get_json("/api/v1/me").json()["unread_messages"] == 2
    # the older one seen: one left
    older = min(m["id"] for m in inbox["items"])
    r = me.post_json(READ, {"up_to": older})
    assert r.status_code == 200 and r.json() == {"unread": 1}, r.text
    # all of them; then a new message arrives, unread
    newest = max(m["id"] for m in inbox["items"])
    assert me.post_json(READ, {"up_to": newest}).json() == {"unread": 0}
    after = me.get_json("/api/v1/me/messages").json()
    assert after["unread"] == 0 and all(m["read"] for m in after["items"])
    assert me.get_json("/api/v1/me").json()["unread_messages"] == 0
    booked(server, me, 173)
    assert me.get_json("/api/v1/me").json()["unread_messages"] == 1
    # marking up to an id far above another person's messages touches only mine
    assert other.get_json("/api/v1/me").json()["unread_messages"] == 1
    assert me.post_json(READ, {"up_to": 10 ** 15}).json() == {"unread": 0}
    assert unread_rows(server, other) == 1


def test_bad_input_names_up_to_and_changes_nothing(server):
    me = person(server)
    booked(server, me, 174)
    for body, code in (({}, "required"), ({"up_to": 0}, None), ({"up_to": "9"}, "type"), ({"up_to": -1}, None)):
        p = invalid(me.post_json(READ, body))
        assert any(e["field"] == "up_to" and (code is None or e["code"] == code) for e in p["errors"]), p
    assert unread_rows(server, me) == 1


def test_who_is_signed_in_is_asked_without_an_error(server):
    """GET /api/v1/session (issue 16, bug 11): every page asks it at load;
    nobody signed in is a 200 with account null, not a 401."""
    r = server.get("/api/v1/session")
    assert r.status_code == 200 and r.json() == {"account": None}, r.text
    me = person(server)
    acc = me.get_json("/api/v1/session").json()["account"]
    assert acc == me.get_json("/api/v1/me").json()
    assert server.get("/api/v1/session", headers={"Authorization": "Bearer " + "0" * 64}).status_code == 401
