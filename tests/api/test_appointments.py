"""Appointments (预约) over HTTP: the demo's weekday and Saturday slots, booking,
refusals that are counted as unmet demand (测评真实需求量), cancelling,
checking in at the window (a visit is recorded), and who may do what.

Every scenario publishes its own slots (capacity 1..3) through the API, each
on a day of its own from 30 days ahead — beyond the demo's 21 days — so no
two tests share a slot; the demo slots are only read and booked by fresh
accounts. Refused requests must leave the database as it was."""
import datetime
import itertools
import threading

import pytest

from conftest import invalid, problem

SH = datetime.timezone(datetime.timedelta(hours=8))
WEEKDAY_STARTS = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
                  "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]
SATURDAY_STARTS = WEEKDAY_STARTS[:6]
_day = itertools.count(30)


def today():
    return datetime.datetime.now(SH).date()


def next_day():
    """A day nobody else in this run publishes on (30.. days ahead)."""
    return (today() + datetime.timedelta(days=next(_day))).isoformat()


def publish(server, head, dept, capacity=1, start="10:00", end="10:30", day=None):
    body = {"date": day or next_day(), "start": start, "end": end, "capacity": capacity}
    r = server.as_user(head).post_json(f"/api/v1/departments/{dept}/slots", body)
    assert r.status_code == 201, r.text
    slot = r.json()
    assert (slot["date"], slot["start"], slot["end"], slot["capacity"], slot["booked"], slot["available"]) == \
        (body["date"], start, end, capacity, 0, capacity)
    return slot


def applicant(server):
    body, _ = server.new_person()
    return server.login(body["username"], body["password"])


def book(client, slot_id, **extra):
    return client.post_json("/api/v1/appointments", {"slot": slot_id, **extra})


def slot_row(server, slot_id):
    return server.query("SELECT capacity, booked FROM slots WHERE id = ?", slot_id)[0]


def unmet(server, dept, day, reason, matter=""):
    return server.scalar("SELECT count FROM unmet_demand WHERE department = ? AND day = ? AND channel = 'online' "
                         "AND matter_code = ? AND reason = ?", dept, day, matter, reason)


def state(server):
    """Row counts that a refused request must leave unchanged."""
    return {t: server.scalar(f"SELECT COUNT(*) FROM {t}") for t in
            ("slots", "appointments", "visits", "audit_log", "messages")} | \
        {"unmet": server.scalar("SELECT COALESCE(SUM(count), 0) FROM unmet_demand"),
         "booked": server.scalar("SELECT SUM(booked) FROM slots")}


def is_workday(server, day):
    prev = (day - datetime.timedelta(days=1)).isoformat()
    r = server.get("/api/v1/calendar/310000/workdays", params={"from": prev, "to": day.isoformat()})
    assert r.status_code == 200, r.text
    return r.json()["workdays"] == 1


def demo_days(server, want_saturday):
    """Days of the demo's 21 (from tomorrow) that are Saturdays / working weekdays."""
    for i in range(1, 21):
        d = today() + datetime.timedelta(days=i)
        if want_saturday and d.isoweekday() == 6:
            yield d
        elif not want_saturday and d.isoweekday() <= 5 and is_workday(server, d):
            yield d


# ---------------------------------------------------------------- listing


def test_demo_slots_on_weekdays_and_saturday_mornings(server):
    weekday = next(demo_days(server, False))
    r = server.get("/api/v1/departments/amr/slots", params={"date": weekday.isoformat()})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["date"] == weekday.isoformat() and body["department"] == "amr"
    assert [s["start"] for s in body["slots"]] == WEEKDAY_STARTS
    assert body["slots"][0]["end"] == "09:30" and body["slots"][-1]["end"] == "17:00"
    for s in body["slots"]:
        assert s["capacity"] == 4 and s["available"] == s["capacity"] - s["booked"] and s["past"] is False

    # weekend service: every Saturday of the three weeks that is not a public holiday opens 09:00-12:00
    saturdays = list(demo_days(server, True))
    assert len(saturdays) >= 2
    opened = 0
    for sat in saturdays:
        slots = server.get("/api/v1/departments/health/slots", params={"date": sat.isoformat()}).json()["slots"]
        if slots:
            opened += 1
            assert [s["start"] for s in slots] == SATURDAY_STARTS and slots[-1]["end"] == "12:00"
            assert all(s["capacity"] == 4 for s in slots)
    assert opened >= 1
    # Sundays are closed, and departments outside the demo's three publish nothing
    sunday = saturdays[0] + datetime.timedelta(days=1)
    assert server.get("/api/v1/departments/psb/slots", params={"date": sunday.isoformat()}).json()["slots"] == []
    assert server.get("/api/v1/departments/tax/slots", params={"date": weekday.isoformat()}).json()["slots"] == []


@pytest.mark.parametrize("query,field,code", [
    ({}, "date", "required"),
    ({"date": "2026-02-30"}, "date", "invalid_date"),
    ({"date": "tomorrow"}, "date", "invalid_date"),
    ({"date": "2026-12-01", "dept": "amr"}, "dept", "unknown_parameter"),
])
def test_slot_listing_bad_query(server, query, field, code):
    invalid(server.get("/api/v1/departments/amr/slots", params=query), (field, code))


def test_slot_listing_unknown_department(server):
    problem(server.get("/api/v1/departments/nope/slots", params={"date": "2026-12-01"}), 404, "not-found")


# ---------------------------------------------------------------- booking


def test_book_a_saturday_slot(server):
    sat = next(d for d in demo_days(server, True)
               if server.get("/api/v1/departments/health/slots", params={"date": d.isoformat()}).json()["slots"])
    slot = server.get("/api/v1/departments/health/slots", params={"date": sat.isoformat()}).json()["slots"][2]
    me = applicant(server)
    r = book(me, slot["id"], matter="XK00201000")
    assert r.status_code == 201, r.text
    a = r.json()
    assert a["status"] == "booked" and a["version"] == 1 and r.headers["ETag"] == '"1"'
    assert a["slot"] == {"id": slot["id"], "date": sat.isoformat(), "start": "10:00", "end": "10:30"}
    assert a["department"]["code"] == "health" and a["matter"]["code"] == "XK00201000"
    assert a["applicant"]["id"] == me.account["id"]
    # the slot counts it, the list shows it, the booker is told, the audit log has it
    after = server.get("/api/v1/departments/health/slots", params={"date": sat.isoformat()}).json()["slots"][2]
    assert (after["booked"], after["available"]) == (slot["booked"] + 1, slot["available"] - 1)
    mine = me.get_json("/api/v1/me/appointments").json()["items"]
    assert [x["id"] for x in mine] == [a["id"]]
    msgs = me.get_json("/api/v1/me/messages").json()["items"]
    assert msgs[0]["kind"] == "appointment_booked" and msgs[0]["entity"] == {"type": "appointment", "id": a["id"]}
    assert sat.isoformat() in msgs[0]["body"]["zh"]
    assert server.query("SELECT actor_id, request_id FROM audit_log WHERE action = 'appointment.book' AND entity_id = ?",
                        a["id"]) == [(me.account["id"], r.headers["X-Request-Id"])]


def test_full_slot_is_refused_and_counted_as_unmet_demand(server):
    slot = publish(server, "amr_head", "amr", capacity=1)
    day = slot["date"]
    first, second, third = applicant(server), applicant(server), applicant(server)
    assert book(first, slot["id"]).status_code == 201
    before = state(server)
    # 1. full: 409 slot-full, nothing booked — and each refusal is counted
    problem(book(second, slot["id"]), 409, "slot-full")
    problem(book(third, slot["id"], matter="XK00103000"), 409, "slot-full")
    problem(book(second, slot["id"]), 409, "slot-full")
    assert slot_row(server, slot["id"]) == (1, 1)
    assert server.scalar("SELECT COUNT(*) FROM appointments WHERE slot_id = ?", slot["id"]) == 1
    assert unmet(server, "amr", day, "full") == 2
    assert unmet(server, "amr", day, "full", matter="XK00103000") == 1
    weekday = datetime.date.fromisoformat(day).isoweekday()
    assert server.query("SELECT hour, weekday FROM unmet_demand WHERE department = 'amr' AND day = ?", day) == \
        [(10, weekday), (10, weekday)]
    after = state(server)
    assert after["appointments"] == before["appointments"] and after["booked"] == before["booked"]
    assert after["unmet"] == before["unmet"] + 3
    assert server.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'appointment.refuse' AND entity_id = ?",
                         slot["id"]) == 3
    # 2. the listing says so
    listed = server.get("/api/v1/departments/amr/slots", params={"date": day}).json()["slots"]
    assert [(s["id"], s["booked"], s["available"]) for s in listed] == [(slot["id"], 1, 0)]
    # 3. a cancellation gives the place back
    mine = first.get_json("/api/v1/me/appointments").json()["items"][0]
    assert first.delete(first.url(f"/api/v1/appointments/{mine['id']}")).status_code == 200
    assert book(second, slot["id"]).status_code == 201
    assert slot_row(server, slot["id"]) == (1, 1)


def test_capacity_holds_under_concurrent_bookings(server):
    slot = publish(server, "health_head", "health", capacity=3)
    people = [applicant(server) for _ in range(12)]
    statuses = []
    lock = threading.Lock()

    def go(p):
        st = book(p, slot["id"]).status_code
        with lock:
            statuses.append(st)

    threads = [threading.Thread(target=go, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] * 3 + [409] * 9
    assert slot_row(server, slot["id"]) == (3, 3)
    assert server.scalar("SELECT COUNT(*) FROM appointments WHERE slot_id = ? AND status = 'booked'", slot["id"]) == 3
    assert unmet(server, "health", slot["date"], "full") == 9


def test_past_slot_is_refused_with_422_and_counted(server):
    # a slot that began yesterday (publishing one is refused, so it goes straight into the table)
    yesterday = (today() - datetime.timedelta(days=1)).isoformat()
    with server.db() as c:
        c.execute("INSERT INTO slots (id, department, day, start_time, end_time, capacity, booked, created_at, "
                  "created_by) VALUES ('pastslot0001', 'psb', ?, '15:00', '15:30', 4, 0, 0, 'test')", (yesterday,))
    before = state(server)
    p = invalid(book(applicant(server), "pastslot0001"), ("slot", "past"))
    assert p["code"] == "validation"
    after = state(server)
    assert (after["appointments"], after["booked"]) == (before["appointments"], before["booked"])
    assert unmet(server, "psb", yesterday, "past") == 1
    assert server.query("SELECT hour FROM unmet_demand WHERE department = 'psb' AND day = ? AND reason = 'past'",
                        yesterday) == [(15,)]
    listed = server.get("/api/v1/departments/psb/slots", params={"date": yesterday}).json()["slots"]
    assert [(s["id"], s["past"]) for s in listed] == [("pastslot0001", True)]


def test_double_booking_is_409(server):
    slot = publish(server, "amr_head", "amr", capacity=3)
    me = applicant(server)
    assert book(me, slot["id"]).status_code == 201
    before = state(server)
    problem(book(me, slot["id"]), 409, "conflict")
    assert state(server) == before
    assert slot_row(server, slot["id"]) == (3, 1)


@pytest.mark.parametrize("body,field,code", [
    ({}, "slot", "required"),
    ({"slot": ""}, "slot", "required"),
    ({"slot": 42}, "slot", "type"),
    ({"slot": "no-such-slot"}, "slot", "not_found"),
    ({"slot": "SLOT", "when": "now"}, "when", "unknown_field"),
    ({"slot": "SLOT", "matter": "XX99999999"}, "matter", "not_found"),
    ({"slot": "SLOT", "matter": "XK00201000"}, "matter", "other_department"),   # a health matter at amr
])
def test_booking_bad_inputs_change_nothing(server, body, field, code):
    slot = publish(server, "amr_head", "amr", capacity=1)
    body = {k: (slot["id"] if v == "SLOT" else v) for k, v in body.items()}
    me = applicant(server)
    before = state(server)
    invalid(me.post_json("/api/v1/appointments", body), (field, code))
    assert state(server) == before


def test_booking_needs_an_applicant(server):
    slot = publish(server, "amr_head", "amr", capacity=1)
    clerk, person = server.as_user("amr_clerk"), server.as_user("zhangsan")   # logins are audited: log in first
    before = state(server)
    problem(server.post("/api/v1/appointments", {"slot": slot["id"]}), 401, "unauthorized")
    problem(book(clerk, slot["id"]), 403, "forbidden")
    r = person.post(server.url("/api/v1/appointments"), data=b"{not json",
                                        headers={"Content-Type": "application/json"})
    problem(r, 400)
    assert state(server) == before


# ---------------------------------------------------------------- cancel


def test_cancel_by_the_booker_only(server):
    slot = publish(server, "amr_head", "amr", capacity=2)
    owner, other = applicant(server), applicant(server)
    a = book(owner, slot["id"]).json()
    url = f"/api/v1/appointments/{a['id']}"
    clerk = server.as_user("amr_clerk")
    before = state(server)
    # another person: 404 (it is not theirs to know of); staff: 403 by role
    problem(other.delete(other.url(url)), 404, "not-found")
    problem(clerk.delete(clerk.url(url)), 403, "forbidden")
    problem(server.delete(url), 401, "unauthorized")
    problem(owner.delete(owner.url("/api/v1/appointments/nosuchappointment")), 404, "not-found")
    assert state(server) == before
    # a stale If-Match is refused
    problem(owner.delete(owner.url(url), headers={"If-Match": '"7"'}), 409, "stale-version")
    # the booker, with the version read
    r = owner.delete(owner.url(url), headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled" and r.json()["version"] == 2 and r.json()["cancelled_at"]
    assert slot_row(server, slot["id"]) == (2, 0)
    assert server.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'appointment.cancel' AND entity_id = ?",
                         a["id"]) == 1
    assert owner.get_json("/api/v1/me/messages").json()["items"][0]["kind"] == "appointment_cancelled"
    # twice: 409, and the slot is not given back twice
    problem(owner.delete(owner.url(url)), 409, "invalid-state")
    assert slot_row(server, slot["id"]) == (2, 0)
    # and the same person may book the slot again
    assert book(owner, slot["id"]).status_code == 201


# ---------------------------------------------------------------- check in and the department's list


def at_local(day, hhmm):
    """Milliseconds from the real time to `day` (YYYY-MM-DD) at hh:mm in Shanghai: a set_clock offset."""
    when = datetime.datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=SH)
    return int((when - datetime.datetime.now(datetime.timezone.utc)).total_seconds() * 1000)


def test_check_in_by_a_clerk_of_the_department_on_the_appointment_day(ts):
    server = ts
    slot = publish(server, "amr_head", "amr", capacity=2)
    body, _ = server.new_person()
    me = server.login(body["username"], body["password"])
    a = book(me, slot["id"]).json()
    url = f"/api/v1/appointments/{a['id']}/checkin"
    other_clerk, reviewer, clerk = (server.as_user(u) for u in ("health_clerk", "amr_reviewer", "amr_clerk"))
    before = state(server)
    # a clerk of another department, a person, a reviewer of the department: refused, nothing recorded
    problem(other_clerk.post_json(url, {}), 403, "forbidden")
    problem(me.post_json(url, {}), 403, "forbidden")
    problem(reviewer.post_json(url, {}), 403, "forbidden")
    invalid(clerk.post_json(url, {"note": "x"}), ("note", "unknown_field"))
    # days early (a Saturday booking checked in on a Wednesday): refused, nothing recorded
    p = problem(clerk.post_json(url, {}), 409, "invalid-state")
    assert "当天" in p["detail"] or "own day" in p["detail"], p
    assert state(server) == before
    # the day before, late in the evening: still early
    server.set_clock(ms=at_local((datetime.date.fromisoformat(slot["date"]) -
                                  datetime.timedelta(days=1)).isoformat(), "23:50"))
    problem(server.as_user("amr_clerk").post_json(url, {}), 409, "invalid-state")
    # on the day, before the slot begins (the person came early): the department's clerk
    server.set_clock(ms=at_local(slot["date"], "09:40"))
    clerk = server.as_user("amr_clerk")
    me = server.login(body["username"], body["password"])
    r = clerk.post_json(url, {})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "checked_in" and r.json()["checked_in_at"]
    assert server.query("SELECT account_id, department, kind, case_id, appointment_id, recorded_by FROM visits "
                        "WHERE appointment_id = ?", a["id"]) == \
        [(me.account["id"], "amr", "appointment_checkin", None, a["id"], clerk.account["id"])]
    assert server.query("SELECT actor_id FROM audit_log WHERE action = 'appointment.checkin' AND entity_id = ?",
                        a["id"]) == [(clerk.account["id"],)]
    assert me.get_json("/api/v1/me/messages").json()["items"][0]["kind"] == "appointment_checked_in"
    # not twice, and a checked-in appointment cannot be cancelled
    problem(clerk.post_json(url, {}), 409, "invalid-state")
    problem(me.delete(me.url(f"/api/v1/appointments/{a['id']}")), 409, "invalid-state")
    assert server.scalar("SELECT COUNT(*) FROM visits WHERE appointment_id = ?", a["id"]) == 1
    # the place stays taken
    assert slot_row(server, slot["id"]) == (2, 1)
    server.set_clock(ms=0)


def test_one_place_a_day_per_person_and_matter(server):
    day = next_day()
    morning = publish(server, "amr_head", "amr", capacity=3, day=day, start="09:00", end="09:30")
    afternoon = publish(server, "amr_head", "amr", capacity=3, day=day, start="14:00", end="14:30")
    me = applicant(server)
    first = book(me, morning["id"], matter="XK00103000")
    assert first.status_code == 201, first.text
    before = state(server)
    # the same matter the same day, in another slot: refused, naming the slot and why
    p = invalid(book(me, afternoon["id"], matter="XK00103000"), ("slot", "same_day"), status=409)
    assert any("同一事项" in e["message"] for e in p["errors"]), p
    assert state(server) == before
    # another matter that day is another visit
    assert book(me, afternoon["id"], matter="XK00102000").status_code == 201
    # no named matter: one such place a day too
    other = applicant(server)
    assert book(other, morning["id"]).status_code == 201
    invalid(book(other, afternoon["id"]), ("slot", "same_day"), status=409)
    # once the place is given back, the person may book that matter that day again
    assert me.delete(me.url(f"/api/v1/appointments/{first.json()['id']}")).status_code == 200
    r = book(me, morning["id"], matter="XK00103000")
    assert r.status_code == 201, r.text


def test_department_day_list(server):
    slot = publish(server, "amr_head", "amr", capacity=2)
    me = applicant(server)
    a = book(me, slot["id"]).json()
    path = "/api/v1/departments/amr/appointments"
    for who in ("amr_clerk", "amr_head", "supervisor", "admin"):
        r = server.as_user(who).get_json(path, params={"date": slot["date"]})
        assert r.status_code == 200, (who, r.text)
        items = r.json()["items"]
        assert [(x["id"], x["status"], x["applicant"]["id"]) for x in items] == [(a["id"], "booked", me.account["id"])]
    for who in ("health_clerk", "amr_reviewer", "zhangsan"):
        problem(server.as_user(who).get_json(path, params={"date": slot["date"]}), 403, "forbidden")
    problem(server.get(path, params={"date": slot["date"]}), 401, "unauthorized")
    invalid(server.as_user("amr_clerk").get_json(path), ("date", "required"))
    invalid(server.as_user("amr_clerk").get_json(path, params={"date": "2026-13-01"}), ("date", "invalid_date"))


def test_the_clerk_finds_the_person_by_name_or_id_number(server):
    """Check-in at the window (issue 16, item 7): the day's list narrowed to the person in front of the
    clerk, by part of their name or by their 身份证号 (matched to their account, never as text)."""
    slot = publish(server, "amr_head", "amr", capacity=3)
    zs = server.as_user("zhangsan")
    a = book(zs, slot["id"]).json()
    other = applicant(server)
    b = book(other, slot["id"]).json()
    path = "/api/v1/departments/amr/appointments"
    clerk = server.as_user("amr_clerk")

    def ids(q):
        r = clerk.get_json(path, params={"date": slot["date"], "q": q})
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["items"]]
    assert ids("张") == [a["id"]] and ids("张三") == [a["id"]]
    assert ids("310101198503120030") == [a["id"]]          # 张三's number
    assert ids("310104195206080023") == []                  # 李四's: no appointment today
    assert b["id"] in ids(other.account["name"])
    assert ids("无此人") == []
    invalid(clerk.get_json(path, params={"date": slot["date"], "q": "310101198503120031"}), ("q", "invalid_id"))
    invalid(clerk.get_json(path, params={"date": slot["date"], "q": "字" * 51}), ("q", "invalid"))
    # the slots listing takes no q
    r = clerk.get_json("/api/v1/departments/amr/slots", params={"date": slot["date"], "q": "张三"})
    assert r.status_code == 422, r.text


# ---------------------------------------------------------------- publishing


@pytest.mark.parametrize("who,dept,status,code", [
    ("health_head", "amr", 403, "forbidden"),    # head of another department
    ("amr_clerk", "amr", 403, "forbidden"),      # not a head
    ("supervisor", "amr", 403, "forbidden"),     # reads only
    ("zhangsan", "amr", 403, "forbidden"),
    (None, "amr", 401, "unauthorized"),
    ("admin", "nope", 404, "not-found"),
])
def test_who_may_publish(server, who, dept, status, code):
    client = server.as_user(who) if who else server.session()
    body = {"date": next_day(), "start": "10:00", "end": "10:30", "capacity": 2}
    before = state(server)
    problem(client.post(server.url(f"/api/v1/departments/{dept}/slots"), json=body), status, code)
    assert state(server) == before


def test_admin_publishes_for_any_department(server):
    slot = publish(server, "admin", "psb", capacity=5, start="08:30", end="09:15")
    assert server.query("SELECT department, created_by FROM slots WHERE id = ?", slot["id"]) == \
        [("psb", server.as_user("admin").account["id"])]
    assert server.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'slot.publish' AND entity_id = ?",
                         slot["id"]) == 1


def far(days):
    return (today() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("over,field,code", [
    ({"date": "2026-02-30"}, "date", "invalid_date"),
    ({"date": "30/11/2026"}, "date", "invalid_date"),
    ({"date": far(-1)}, "date", "past"),
    ({"date": far(181)}, "date", "too_far"),
    ({"start": "9:00"}, "start", "invalid_time"),
    ({"start": "24:00"}, "start", "invalid_time"),
    ({"end": "12:60"}, "end", "invalid_time"),
    ({"start": "11:00", "end": "10:30"}, "end", "not_after_start"),
    ({"start": "11:00", "end": "11:00"}, "end", "not_after_start"),
    ({"capacity": 0}, "capacity", "too_small"),
    ({"capacity": 51}, "capacity", "too_large"),
    ({"capacity": "4"}, "capacity", "type"),
    ({"capacity": None}, "capacity", "required"),
    ({"room": "A1"}, "room", "unknown_field"),
])
def test_publish_bad_inputs_change_nothing(server, over, field, code):
    body = {"date": next_day(), "start": "10:00", "end": "10:30", "capacity": 2}
    body.update(over)
    body = {k: v for k, v in body.items() if v is not None}
    head = server.as_user("amr_head")
    before = state(server)
    invalid(head.post_json("/api/v1/departments/amr/slots", body), (field, code))
    assert state(server) == before


def test_publish_reports_every_problem_at_once(server):
    r = server.as_user("amr_head").post_json("/api/v1/departments/amr/slots",
                                             {"date": "x", "start": "7", "end": "8", "capacity": 0, "z": 1})
    invalid(r, ("date", "invalid_date"), ("start", "invalid_time"), ("end", "invalid_time"),
            ("capacity", "too_small"), ("z", "unknown_field"))


def test_overlapping_slots_are_refused(server):
    slot = publish(server, "health_head", "health", capacity=2, start="10:00", end="11:00")
    before = state(server)
    for start, end, code in [("10:00", "10:30", "taken"), ("10:30", "11:30", "overlap"), ("09:30", "10:01", "overlap")]:
        r = server.as_user("health_head").post_json("/api/v1/departments/health/slots",
                                                    {"date": slot["date"], "start": start, "end": end, "capacity": 1})
        invalid(r, ("start", code), status=409)
    assert state(server) == before
    # touching is not overlapping
    publish(server, "health_head", "health", capacity=1, start="11:00", end="11:30", day=slot["date"])
    publish(server, "health_head", "health", capacity=1, start="09:30", end="10:00", day=slot["date"])
