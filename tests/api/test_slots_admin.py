"""Managing a department's appointment slots (issue 16, item 8): publishing a
pattern of days × times × capacity at once (days off in the calendar
skipped), changing a slot's capacity (never below its bookings) and
withdrawing a slot nobody holds. A department head manages their own
department's slots, the system administrator any department's. Every refused
request answers 4xx problem+json naming the field in Chinese and English and
leaves the database as it was.

The module runs on a server of its own (the `ts` fixture: a fresh database
whose clock can be moved), so it may load a holiday into the calendar."""
import datetime

import pytest

from conftest import invalid, problem

SH = datetime.timezone(datetime.timedelta(hours=8))
TIMES = [{"start": "09:00", "end": "09:30"}, {"start": "10:00", "end": "10:30"}]


def today():
    return datetime.datetime.now(SH).date()


def monday(weeks_ahead):
    """The Monday `weeks_ahead` weeks after this week's, beyond the demo's 21 days of slots."""
    d = today() + datetime.timedelta(weeks=weeks_ahead)
    return d - datetime.timedelta(days=d.weekday())


def iso(d):
    return d.isoformat()


def state(ts):
    """What a refused request must leave as it was (logins are audited too: only the slots' entries count)."""
    return {t: ts.scalar(f"SELECT COUNT(*) FROM {t}") for t in ("slots", "appointments")} | \
        {"audit": ts.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'slot.%'"),
         "capacity": ts.scalar("SELECT SUM(capacity) FROM slots"), "version": ts.scalar("SELECT SUM(version) FROM slots")}


def day_slots(ts, dept, d):
    r = ts.get(f"/api/v1/departments/{dept}/slots", params={"date": iso(d)})
    assert r.status_code == 200, r.text
    return r.json()["slots"]


def pattern(ts, who, dept, body, **kw):
    return ts.as_user(who).post_json(f"/api/v1/departments/{dept}/slots/pattern", body, **kw)


def body(start, end, weekdays=(1, 3, 5), times=TIMES, capacity=3):
    return {"from": iso(start), "to": iso(end), "weekdays": list(weekdays), "times": times, "capacity": capacity}


def chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def refused(send, pair, status=422):
    """send(headers) is refused naming the field, in Chinese by default and in English when asked."""
    zh = invalid(send({}), pair, status=status)
    en = invalid(send({"Accept-Language": "en"}), pair, status=status)
    for p, is_zh in ((zh, True), (en, False)):
        e = [e for e in p["errors"] if (e["field"], e["code"]) == pair][0]
        assert e["message"] and chinese(e["message"]) == is_zh, e
    return zh, en


def test_a_weeks_pattern_is_published_whole_and_listed_by_day(ts):
    mon = monday(8)
    ts.as_user("amr_head")                                      # logged in (and audited) first
    before = state(ts)
    r = pattern(ts, "amr_head", "amr", body(mon, mon + datetime.timedelta(days=6)))
    assert r.status_code == 201, r.text
    out = r.json()
    # Monday, Wednesday and Friday, each at 09:00 and 10:00
    assert out["published"] == 6 and len(out["slots"]) == 6 and out["skipped"] == []
    for offset, want in ((0, 2), (1, 0), (2, 2), (3, 0), (4, 2), (5, 0), (6, 0)):
        got = day_slots(ts, "amr", mon + datetime.timedelta(days=offset))
        assert [(s["start"], s["end"], s["capacity"], s["booked"]) for s in got] == \
            [("09:00", "09:30", 3, 0), ("10:00", "10:30", 3, 0)][:want], offset
    after = state(ts)
    assert after["slots"] == before["slots"] + 6
    assert after["audit"] == before["audit"] + 6     # one entry per slot, as a single publication


def test_the_administrator_publishes_for_any_department_a_head_only_for_their_own(ts):
    mon = monday(9)
    before = state(ts)
    problem(pattern(ts, "amr_head", "health", body(mon, mon)), 403)
    problem(pattern(ts, "amr_clerk", "amr", body(mon, mon)), 403)
    problem(pattern(ts, "supervisor", "amr", body(mon, mon)), 403)
    problem(pattern(ts, "admin", "nosuch", body(mon, mon)), 404)
    assert state(ts) == before
    r = pattern(ts, "admin", "fire", body(mon, mon, weekdays=[1]))
    assert r.status_code == 201 and r.json()["published"] == 2, r.text


def test_days_off_in_the_calendar_are_skipped(ts):
    mon = monday(10)
    holiday = mon + datetime.timedelta(days=2)                 # a Wednesday off
    # the module's own server: replacing the year's notice touches no other module
    notice = {"year": holiday.year, "source": "测试用节假日安排（非官方）",
              "holidays": [{"name": "测试假日", "name_en": "Test holiday", "off": [iso(holiday), iso(holiday)],
                            "workdays": []}]}
    r = ts.as_user("admin").put_json(f"/api/v1/calendar/000000/{holiday.year}", notice)
    assert r.status_code == 200, r.text
    r = pattern(ts, "amr_head", "amr", body(mon, mon + datetime.timedelta(days=4), weekdays=range(1, 6)))
    assert r.status_code == 201, r.text
    assert r.json()["published"] == 8 and r.json()["skipped"] == [{"date": iso(holiday), "reason": "day_off"}]
    assert day_slots(ts, "amr", holiday) == []
    # a pattern that lands only on the day off publishes nothing and says why
    before = state(ts)
    refused(lambda h: pattern(ts, "amr_head", "amr", body(holiday, holiday, weekdays=[3]), headers=h),
            ("weekdays", "no_day"))
    assert state(ts) == before


def bad_patterns():
    mon = monday(11)
    end = mon + datetime.timedelta(days=6)
    yesterday = today() - datetime.timedelta(days=1)
    return [
        ({**body(mon, end), "from": "2027-02-30"}, ("from", "invalid_date")),
        ({**body(mon, end), "to": "next week"}, ("to", "invalid_date")),
        (body(yesterday, end), ("from", "past")),
        (body(mon, mon - datetime.timedelta(days=1)), ("to", "before_from")),
        (body(mon, mon + datetime.timedelta(days=62)), ("to", "too_long")),
        (body(today() + datetime.timedelta(days=170), today() + datetime.timedelta(days=190)), ("to", "too_far")),
        (body(mon, end, weekdays=[]), ("weekdays", "required")),
        (body(mon, end, weekdays=[0]), ("weekdays", "invalid")),
        (body(mon, end, weekdays=[8]), ("weekdays", "invalid")),
        (body(mon, end, weekdays=["Mon"]), ("weekdays", "invalid")),
        (body(mon, mon, weekdays=[2]), ("weekdays", "no_day_in_range")),
        (body(mon, end, times=[]), ("times", "required")),
        (body(mon, end, times=[{"start": "10:00", "end": "09:00"}]), ("times[0].end", "not_after_start")),
        (body(mon, end, times=[{"start": "10:00", "end": "10:00"}]), ("times[0].end", "not_after_start")),
        (body(mon, end, times=[{"start": "9:00", "end": "09:30"}]), ("times[0].start", "invalid_time")),
        (body(mon, end, times=[{"start": "09:00", "end": "24:00"}]), ("times[0].end", "invalid_time")),
        (body(mon, end, times=[{"start": "09:00"}]), ("times[0].end", "required")),
        (body(mon, end, times=[{"start": "09:00", "end": "10:00"}, {"start": "09:30", "end": "10:30"}]),
         ("times[1]", "overlap")),
        (body(mon, end, capacity=0), ("capacity", "too_small")),
        (body(mon, end, capacity=-3), ("capacity", "too_small")),
        (body(mon, end, capacity=51), ("capacity", "too_large")),
    ]


@pytest.mark.parametrize("i", range(len(bad_patterns())))
def test_a_bad_pattern_is_refused_naming_the_field_and_nothing_changes(ts, i):
    bad, pair = bad_patterns()[i]
    before = state(ts)
    refused(lambda h: pattern(ts, "amr_head", "amr", bad, headers=h), pair)
    assert state(ts) == before


def test_a_pattern_overlapping_a_published_slot_is_refused_whole(ts):
    mon = monday(12)
    wed = mon + datetime.timedelta(days=2)
    r = ts.as_user("amr_head").post_json("/api/v1/departments/amr/slots",
                                         {"date": iso(wed), "start": "10:15", "end": "10:45", "capacity": 2})
    assert r.status_code == 201, r.text
    before = state(ts)
    zh, en = refused(lambda h: pattern(ts, "amr_head", "amr", body(mon, mon + datetime.timedelta(days=4)), headers=h),
                     ("times[1]", "overlap"), status=409)
    assert [e["message"] for e in zh["errors"]] == [f"{iso(wed)} 10:00 与该部门 10:15 开始的已有时段重叠"], zh
    assert [e["message"] for e in en["errors"]] == [f"{iso(wed)} 10:00 overlaps the department's slot starting at 10:15"]
    assert state(ts) == before                                  # Monday and Friday were not published either
    assert day_slots(ts, "amr", mon) == []


def one_slot(ts, weeks, dept="amr", capacity=2, who="amr_head"):
    mon = monday(weeks)
    r = pattern(ts, who, dept, body(mon, mon, weekdays=[1], times=[{"start": "14:00", "end": "14:30"}],
                                    capacity=capacity))
    assert r.status_code == 201, r.text
    return r.json()["slots"][0], mon


def booker(ts):
    b, _ = ts.new_person()
    return ts.login(b["username"], b["password"])


def test_an_unbooked_slot_is_withdrawn_and_a_booked_one_is_refused(ts):
    slot, mon = one_slot(ts, 13)
    head = ts.as_user("amr_head")
    person = booker(ts)
    r = person.post_json("/api/v1/appointments", {"slot": slot})
    assert r.status_code == 201, r.text
    appt = r.json()["id"]
    before = state(ts)
    p = problem(head.delete(head.url(f"/api/v1/departments/amr/slots/{slot}")), 409, "invalid-state")
    assert "已有 1 人预约，不能撤回" in p["detail"], p
    p = problem(head.delete(head.url(f"/api/v1/departments/amr/slots/{slot}"), headers={"Accept-Language": "en"}), 409)
    assert "1 person has booked this slot, so it cannot be withdrawn" in p["detail"], p
    assert state(ts) == before
    # the booker cancels: nobody holds it any more, and it can be withdrawn
    assert person.delete(person.url(f"/api/v1/appointments/{appt}")).status_code == 200
    problem(head.delete(head.url(f"/api/v1/departments/amr/slots/{slot}"), headers={"If-Match": '"1"'}), 409,
            "stale-version")
    r = head.delete(head.url(f"/api/v1/departments/amr/slots/{slot}"))
    assert r.status_code == 204, r.text
    assert day_slots(ts, "amr", mon) == []
    assert ts.scalar("SELECT COUNT(*) FROM appointments WHERE id = ?", appt) == 0
    assert ts.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'slot.withdraw' AND entity_id = ?", slot) == 1
    problem(head.delete(head.url(f"/api/v1/departments/amr/slots/{slot}")), 404)


def test_another_departments_slot_is_not_withdrawn(ts):
    slot, mon = one_slot(ts, 14, dept="health", who="health_head")
    before = state(ts)
    amr = ts.as_user("amr_head")
    problem(amr.delete(amr.url(f"/api/v1/departments/health/slots/{slot}")), 403)
    problem(amr.delete(amr.url(f"/api/v1/departments/amr/slots/{slot}")), 404)      # not one of amr's
    problem(amr.request("PATCH", amr.url(f"/api/v1/departments/amr/slots/{slot}"), json={"capacity": 5}), 404)
    assert state(ts) == before
    admin = ts.as_user("admin")
    assert admin.delete(admin.url(f"/api/v1/departments/health/slots/{slot}")).status_code == 204


def test_the_capacity_never_falls_below_the_bookings(ts):
    slot, mon = one_slot(ts, 15, capacity=3)
    head = ts.as_user("amr_head")
    url = head.url(f"/api/v1/departments/amr/slots/{slot}")
    for _ in range(2):
        assert booker(ts).post_json("/api/v1/appointments", {"slot": slot}).status_code == 201
    before = state(ts)
    refused(lambda h: head.request("PATCH", url, json={"capacity": 1}, headers=h), ("capacity", "below_booked"))
    for bad in (0, 51, "3"):
        p = problem(head.request("PATCH", url, json={"capacity": bad}), 422)
        assert [e["field"] for e in p["errors"]] == ["capacity"], p
    assert state(ts) == before
    r = head.request("PATCH", url, json={"capacity": 2})
    assert r.status_code == 200 and (r.json()["capacity"], r.json()["booked"], r.json()["available"]) == (2, 2, 0)
    problem(booker(ts).post_json("/api/v1/appointments", {"slot": slot}), 409)          # full now
    r = head.request("PATCH", url, json={"capacity": 5}, headers={"If-Match": r.headers["ETag"]})
    assert r.status_code == 200 and r.json()["available"] == 3, r.text


def test_a_slot_that_has_begun_is_neither_withdrawn_nor_changed(ts):
    slot, mon = one_slot(ts, 16)
    start = datetime.datetime.combine(mon, datetime.time(14, 0), SH)
    ts.set_clock(ms=int((start - datetime.datetime.now(SH)).total_seconds() * 1000) + 60_000)
    try:
        head = ts.as_user("amr_head")
        before = state(ts)
        problem(head.delete(head.url(f"/api/v1/departments/amr/slots/{slot}")), 409, "invalid-state")
        problem(head.request("PATCH", head.url(f"/api/v1/departments/amr/slots/{slot}"), json={"capacity": 4}),
                409, "invalid-state")
        assert state(ts) == before
    finally:
        ts.set_clock(ms=0)
