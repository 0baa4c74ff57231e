"""A case accepted in late December has a decision deadline in a year whose
holiday notice is not loaded: it is provisional (weekends only) everywhere it
shows, and when an administrator loads that year the deadline is recomputed,
audited, and the applicant is told that it moved. The module has a server of
its own (`ts`), so loading 2027 does not leak into other tests."""
import datetime
import json

from casekit import act, file_case, get_case
from conftest import cn_today


NOTICE_2027 = {"year": 2027, "source": "测试用 2027 年节假日安排 (test notice)",
               "holidays": [{"name": "元旦", "name_en": "New Year's Day", "off": ["2027-01-01", "2027-01-01"]},
                            {"name": "测试假日", "name_en": "Test holiday", "off": ["2027-01-04", "2027-01-05"]}]}


def test_a_deadline_into_an_unloaded_year_is_provisional_then_recomputed(ts):
    today = cn_today()
    target = datetime.date(today.year, 12, 21)    # a Monday in 2026; 10 working days run into January
    try:
        ts.set_clock((target - today).days)
        applicant, clerk = ts.as_user("xiaochi"), ts.as_user("amr_clerk")
        case = act(clerk, file_case(ts, applicant), "accept")
        clock = case["clock"]
        assert clock["provisional"] is True and clock["deadline"].startswith("2027-")
        before = clock["deadline"]
        # weekends only: 2026-12-21 + 10 working days = 2027-01-04
        assert before == "2027-01-04"
        assert ts.scalar("SELECT provisional FROM cases WHERE id = ?", case["id"]) == 1

        admin = ts.as_user("admin")
        r = admin.put(admin.url("/api/v1/calendar/000000/2027"), data=json.dumps(NOTICE_2027, ensure_ascii=False).encode(),
                      headers={"Content-Type": "application/json"}, timeout=30)
        assert r.status_code == 200, r.text
        assert r.json()["deadlines_moved"] >= 1

        now = get_case(ts.as_user("xiaochi"), case["id"])
        assert now["clock"]["provisional"] is False
        assert now["clock"]["deadline"] == "2027-01-07"      # 1/1, 1/4 and 1/5 are holidays now
        assert ts.scalar("SELECT due_day FROM cases WHERE id = ?", case["id"]) == "2027-01-07"
        msgs = ts.as_user("xiaochi").get_json("/api/v1/me/messages").json()["items"]
        moved = [m for m in msgs if m["kind"] == "deadline_moved" and m["entity"]["id"] == case["id"]]
        assert moved and "2027-01-07" in moved[0]["body"]["zh"] and before in moved[0]["body"]["zh"]
        audit = ts.as_user("supervisor").get_json(f"/api/v1/audit?entity=case&id={case['id']}").json()["items"]
        assert any(a["action"] == "deadline.recompute" and a["detail"]["to"] == "2027-01-07" for a in audit)

        # the task queue follows the recomputed deadline: a case filed on Friday 25 December has its
        # intake term on 2027-01-06, between the old deadline and the new, and now comes first
        ts.set_clock((datetime.date(today.year, 12, 25) - today).days)
        waiting = file_case(ts, ts.as_user("xiaochi"))
        clerk = ts.as_user("amr_clerk")
        items = clerk.get_json("/api/v1/tasks?limit=200").json()["items"]
        pos = {it["case_id"]: i for i, it in enumerate(items)}
        assert items[pos[waiting["id"]]]["deadline"] == "2027-01-06"
        assert pos[waiting["id"]] < pos[case["id"]]
    finally:
        ts.set_clock(0)
