"""The working calendar over HTTP: the 2026 State Council notice as loaded by
the seed, working-day arithmetic with 调休 make-up days, provisional answers
for a year not yet loaded, and an administrator loading the next year.

Loading a year changes the platform for everyone, so those scenarios run on
a server of their own (make_server)."""
import pytest

from conftest import invalid, problem

HOLIDAYS_2026 = ["2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
                 "2026-02-23", "2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05", "2026-06-19", "2026-09-25",
                 "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"]
WORKDAYS_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]

NOTICE_2027 = {
    "year": 2027,
    "source": "测试用 2027 年节假日安排（非官方）",
    "holidays": [
        {"name": "元旦", "name_en": "New Year's Day", "off": ["2027-01-01", "2027-01-03"], "workdays": []},
        {"name": "春节", "name_en": "Spring Festival", "off": ["2027-02-06", "2027-02-14"],
         "workdays": ["2027-01-31", "2027-02-20"]},
    ],
}


def workdays(server, region, **q):
    return server.get(f"/api/v1/calendar/{region}/workdays", params=q)


def test_2026_is_loaded_from_the_state_council_notice(server):
    r = server.get("/api/v1/calendar/310000/2026")
    assert r.status_code == 200
    y = r.json()
    assert y["loaded"] is True and y["provisional"] is False
    assert y["region"] == "310000" and y["year"] == 2026 and y["calendar_of"] == "000000"
    assert "国务院办公厅" in y["source"]
    # weekday holidays and weekend make-up working days (调休)
    assert y["holidays"] == HOLIDAYS_2026
    assert y["workdays"] == WORKDAYS_2026
    for d in ("2026-02-16", "2026-10-01", "2026-05-05"):
        assert d in y["holidays"]
    for d in ("2026-02-14", "2026-02-28", "2026-09-20", "2026-10-10", "2026-01-04", "2026-05-09"):
        assert d in y["workdays"]
    assert y["working_days"] == 365 - 104 - len(HOLIDAYS_2026) + len(WORKDAYS_2026)


@pytest.mark.parametrize("region,start,add,due", [
    ("310101", "2026-09-30", 3, "2026-10-10"),     # over National Day to the make-up Saturday
    ("310101", "2026-09-18", 1, "2026-09-20"),     # Friday + 1 = the make-up Sunday
    ("310000", "2026-02-13", 1, "2026-02-14"),     # the Saturday before Spring Festival is worked
    ("310000", "2026-02-14", 1, "2026-02-24"),     # then nine days off
    ("310104", "2026-04-30", 1, "2026-05-06"),
    ("000000", "2026-12-31", 0, "2026-12-31"),
])
def test_add_working_days(server, region, start, add, due):
    r = workdays(server, region, **{"from": start, "add": add})
    assert r.status_code == 200, r.text
    assert r.json() == {"region": region, "from": start, "add": add, "date": due, "provisional": False}


def test_count_working_days_between(server):
    r = workdays(server, "310101", **{"from": "2026-09-30", "to": "2026-10-10"})
    assert r.status_code == 200
    assert r.json()["workdays"] == 3 and r.json()["provisional"] is False


def test_a_deadline_into_an_unloaded_year_is_provisional(server):
    r = workdays(server, "310101", **{"from": "2026-12-20", "add": 20})
    assert r.status_code == 200
    assert r.json()["provisional"] is True
    assert r.json()["date"] == "2027-01-15"           # weekends only
    y = server.get("/api/v1/calendar/310101/2027").json()
    assert y["loaded"] is False and y["provisional"] is True
    assert y["holidays"] == [] and y["workdays"] == [] and y["notice"]["zh"]


@pytest.mark.parametrize("path,pairs", [
    ("/api/v1/calendar/31010/2026", [("region", "region")]),
    ("/api/v1/calendar/31010a/2026", [("region", "region")]),
    ("/api/v1/calendar/310000/26", [("year", "type")]),
    ("/api/v1/calendar/310000/20x6", [("year", "type")]),
    ("/api/v1/calendar/310000/1899", [("year", "type")]),
    ("/api/v1/calendar/3100000/-2026", [("region", "region"), ("year", "type")]),
])
def test_bad_region_or_year(server, path, pairs):
    invalid(server.get(path), *pairs)


@pytest.mark.parametrize("query,pairs", [
    ({"from": "2026-02-30", "add": 1}, [("from", "invalid_date")]),
    ({"add": 1}, [("from", "invalid_date")]),
    ({"from": "2026-02-01"}, [("add", "required")]),
    ({"from": "2026-02-01", "add": 1, "to": "2026-03-01"}, [("to", "required")]),
    ({"from": "2026-02-01", "add": -1}, [("add", "too_large")]),
    ({"from": "2026-02-01", "add": "3x"}, [("add", "too_large")]),
    ({"from": "2026-02-01", "add": 3651}, [("add", "too_large")]),
    ({"from": "2026-02-01", "to": "tomorrow"}, [("to", "invalid_date")]),
])
def test_bad_workday_queries(server, query, pairs):
    invalid(workdays(server, "310101", **query), *pairs)


def test_unknown_region_is_404(server):
    problem(server.get("/api/v1/calendar/999999/2026"), 404, "not-found")
    problem(workdays(server, "999999", **{"from": "2026-01-05", "add": 1}), 404, "not-found")
    problem(server.as_user("admin").put_json("/api/v1/calendar/999999/2027", NOTICE_2027), 404, "not-found")


def test_only_admin_loads_a_year(server):
    reviewer, supervisor = server.as_user("amr_reviewer"), server.as_user("supervisor")
    before = server.counts()
    problem(reviewer.put_json("/api/v1/calendar/000000/2027", NOTICE_2027), 403, "forbidden")
    problem(supervisor.put_json("/api/v1/calendar/000000/2027", NOTICE_2027), 403, "forbidden")
    problem(server.put("/api/v1/calendar/000000/2027", NOTICE_2027), 401, "unauthorized")
    assert server.counts() == before
    assert server.get("/api/v1/calendar/000000/2027").json()["loaded"] is False


def test_bad_calendar_files_list_every_problem(server):
    admin = server.as_user("admin")
    before = server.counts()
    bad = {
        "year": 2027,
        "holidays": [
            {"name": "元旦", "off": ["2027-01-01", "2027-01-03"], "workdays": ["2027-01-02"]},   # off and worked
            {"name": "错", "off": ["2026-12-31", "2027-13-01"]},                                # other year; no date
            {"name": "周三", "off": ["2027-03-01", "2027-03-01"], "workdays": ["2027-03-03"]},  # a Wednesday
            {"off": ["2027-04-05", "2027-04-05"]},                                              # no name
        ],
    }
    p = invalid(admin.put_json("/api/v1/calendar/000000/2027", bad),
                ("holidays[0].workdays[0]", "conflict"), ("holidays[1].off[0]", "not_in_year"),
                ("holidays[1].off[1]", "date"))
    assert len(p["errors"]) >= 5, p["errors"]
    fields = {e["field"] for e in p["errors"]}
    assert "holidays[2].workdays[0]" in fields and any(f.startswith("holidays[3]") for f in fields)
    # the year in the body must be the one in the URL
    invalid(admin.put_json("/api/v1/calendar/000000/2028", NOTICE_2027), ("year", "mismatch"))
    # not a calendar at all
    p = invalid(admin.put_json("/api/v1/calendar/000000/2027", {"year": 2027, "holiday": []}))
    assert len(p["errors"]) >= 1
    problem(admin.put(server.url("/api/v1/calendar/000000/2027")), 422)          # no body
    assert server.counts() == before
    assert server.get("/api/v1/calendar/000000/2027").json()["loaded"] is False


def test_admin_loads_2027_and_provisional_deadlines_become_final(make_server):
    srv = make_server()
    q = {"from": "2026-12-20", "add": 20}
    # 1. before: 2027 unknown, the deadline counts weekends only
    assert srv.get("/api/v1/calendar/310101/2027").json()["loaded"] is False
    before = workdays(srv, "310101", **q).json()
    assert before == {"region": "310101", "from": "2026-12-20", "add": 20, "date": "2027-01-15", "provisional": True}
    admin = srv.as_user("admin")
    # from October on, administrators are warned that next year is missing
    warned = [w for w in admin.get_json("/api/v1/me").json()["warnings"] if w["code"] == "calendar_year_missing"]
    assert all(w["year"] == 2027 for w in warned)

    # 2. the administrator loads the national 2027 notice
    r = admin.put_json("/api/v1/calendar/000000/2027", NOTICE_2027)
    assert r.status_code == 200, r.text
    y = r.json()
    assert y["loaded"] is True and y["provisional"] is False and y["source"] == NOTICE_2027["source"]
    assert y["holidays"] == ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]
    assert y["workdays"] == ["2027-01-31", "2027-02-20"]
    assert y["deadlines_moved"] == 0
    assert srv.query("SELECT year, source, loaded_by FROM calendar_years WHERE region = '000000' ORDER BY year") == \
        [(2026, srv.scalar("SELECT source FROM calendar_years WHERE year = 2026"), "system"),
         (2027, NOTICE_2027["source"], admin.account["id"])]
    assert srv.query("SELECT action, actor_id, request_id FROM audit_log WHERE entity = 'calendar' "
                     "AND entity_id = '000000/2027'") == [("calendar.load", admin.account["id"], r.headers["X-Request-Id"])]

    # 3. after: the same query is final, one day later (New Year's Day is off)
    after = workdays(srv, "310101", **q).json()
    assert after == {"region": "310101", "from": "2026-12-20", "add": 20, "date": "2027-01-18", "provisional": False}
    assert srv.get("/api/v1/calendar/310101/2027").json()["loaded"] is True
    assert not [w for w in admin.get_json("/api/v1/me").json()["warnings"] if w.get("year") == 2027]

    # 4. loading the same year again replaces it (idempotent for the same file)
    r2 = admin.put_json("/api/v1/calendar/000000/2027", NOTICE_2027)
    assert r2.status_code == 200 and r2.json()["holidays"] == y["holidays"]
    assert srv.scalar("SELECT COUNT(*) FROM calendar_days WHERE region = '000000' AND day LIKE '2027-%'") == 14


def test_a_city_notice_keeps_the_national_years(make_server):
    """A region that loads a year of its own still follows the national
    calendar for the other years (2026 must not become 'not loaded')."""
    srv = make_server()
    admin = srv.as_user("admin")
    r = admin.put_json("/api/v1/calendar/310000/2027", NOTICE_2027)
    assert r.status_code == 200, r.text
    assert r.json()["calendar_of"] == "310000"
    y26 = srv.get("/api/v1/calendar/310000/2026").json()
    assert y26["loaded"] is True and y26["holidays"] == HOLIDAYS_2026 and y26["calendar_of"] == "000000"
    # Huangpu (310101) follows Shanghai for 2027 and the nation for 2026
    d = workdays(srv, "310101", **{"from": "2026-09-30", "add": 3}).json()
    assert d["date"] == "2026-10-10" and d["provisional"] is False
    d = workdays(srv, "310101", **{"from": "2026-12-20", "add": 20}).json()
    assert d == {"region": "310101", "from": "2026-12-20", "add": 20, "date": "2027-01-18", "provisional": False}
    # the nation itself still does not know 2027
    assert srv.get("/api/v1/calendar/000000/2027").json()["loaded"] is False
    assert srv.get("/api/v1/calendar/310104/2027").json()["loaded"] is True
