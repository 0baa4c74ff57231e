"""The supervisors' overview (督查): GET /api/v1/oversight/cases lists the
cases whose statutory clock runs and is yellow (in its warning days) or red
(past the deadline), across every department, with the count of each per
department; `colour` narrows it to one. A case in its green days, a stopped
or a finished clock is not in it; a red case leaves it once decided. Only
supervisors and the system administrator read it (test_authz_matrix); a
colour other than red or yellow is a 422 naming `colour`. The cases come a
page at a time (`limit`, 1–100, 20 when left out, and `cursor`), red first,
then by deadline, then by case id; the counts and `total` cover every case,
not the page."""
import datetime

from casekit import act, file_case
from conftest import invalid, problem


def workday_after(ts, region, day, n):
    r = ts.get(f"/api/v1/calendar/{region}/workdays", params={"from": day, "add": n})
    assert r.status_code == 200, r.text
    return datetime.date.fromisoformat(r.json()["date"])


def overview(ts, who="supervisor", **params):
    # as_user checks a cached session again after the clock moved past its expiry
    r = ts.as_user(who).get_json("/api/v1/oversight/cases", params={"limit": 100, **params})
    assert r.status_code == 200, r.text
    return r.json()


def listed(o):
    return {i["id"]: i["colour"] for i in o["items"]}


def check_counts(o):
    """Each department's counts are the number of its listed cases of each colour."""
    assert o["next_cursor"] is None and o["total"] == len(o["items"])
    seen = {}
    for i in o["items"]:
        d = seen.setdefault(i["department"]["code"], {"red": 0, "yellow": 0})
        d[i["colour"]] += 1
    assert {d["code"]: {"red": d["red"], "yellow": d["yellow"]} for d in o["departments"]} == seen
    # red first
    colours = [i["colour"] for i in o["items"]]
    assert colours == sorted(colours, key=lambda c: c != "red")


def test_yellow_then_red_then_gone(ts):
    clerk = ts.as_user("amr_clerk")
    case = act(clerk, file_case(ts), "accept")
    k = case["clock"]
    region, accepted_on = case["region"], datetime.date.fromisoformat(k["accepted_on"])
    deadline = datetime.date.fromisoformat(k["deadline"])
    assert case["id"] not in listed(overview(ts))
    try:
        # 8 of 10 working days used: yellow
        ts.set_clock((workday_after(ts, region, k["accepted_on"], 8) - accepted_on).days)
        ts.run_jobs()
        both, yellow, red = overview(ts), overview(ts, colour="yellow"), overview(ts, colour="red")
        assert listed(both)[case["id"]] == "yellow"
        assert case["id"] in listed(yellow) and case["id"] not in listed(red)
        assert set(listed(yellow).values()) <= {"yellow"} and set(listed(red).values()) <= {"red"}
        for o in (both, yellow, red):
            check_counts(o)
        fresh = act(ts.login("amr_clerk"), file_case(ts), "accept")   # accepted today: green for days yet
        item = next(i for i in both["items"] if i["id"] == case["id"])
        assert item["number"] == case["number"] and item["deadline"] == k["deadline"]
        assert item["department"]["code"] == "amr" and item["department"]["name"]["zh"]
        assert item["matter"]["code"] == case["matter"]["code"]

        # past the deadline: red, and the system administrator sees the same
        ts.set_clock((deadline + datetime.timedelta(days=1) - accepted_on).days)
        ts.run_jobs()
        both = overview(ts)
        assert listed(both)[case["id"]] == "red"
        assert case["id"] in listed(overview(ts, colour="red"))
        assert case["id"] not in listed(overview(ts, colour="yellow"))
        assert listed(overview(ts, "admin")) == listed(both)
        assert fresh["id"] not in listed(both)
        check_counts(both)
        amr = next(d for d in both["departments"] if d["code"] == "amr")
        assert amr["red"] >= 1 and amr["name"]["en"]

        # decided: the clock has stopped, the case leaves the overview
        reviewer = ts.login("amr_reviewer")
        act(reviewer, act(reviewer, case, "review"), "approve", {"opinion": "符合条件"})
        assert case["id"] not in listed(overview(ts))
        check_counts(overview(ts))
    finally:
        ts.set_clock(0)


def test_bad_colour(ts):
    s = ts.login("supervisor")
    for bad in ("green", "none", "RED", ""):
        invalid(s.get_json("/api/v1/oversight/cases", params={"colour": bad}), ("colour", "not_an_option"))
    invalid(s.get_json("/api/v1/oversight/cases", params={"department": "amr"}),
            ("department", "unknown_parameter"))


def walk(ts, limit, **params):
    """Every page of the overview at this limit, followed by its cursors: the items in order."""
    items, cursor, pages = [], None, 0
    while True:
        q = {"limit": limit, **params, **({"cursor": cursor} if cursor else {})}
        r = ts.as_user("supervisor").get_json("/api/v1/oversight/cases", params=q)
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= limit and (page["items"] or not pages), page
        items += page["items"]
        pages += 1
        assert page["next_cursor"] is None or page["next_cursor"] != cursor, ("a page repeats", page)
        assert pages <= page["total"] + 1, ("more pages than cases", page)
        cursor = page["next_cursor"]
        if not cursor:
            return items, page


def test_pages_red_first_then_by_deadline_every_case_once(ts):
    clerk = ts.as_user("amr_clerk")
    early = [act(clerk, file_case(ts), "accept") for _ in range(3)]
    k = early[0]["clock"]
    region, accepted_on = early[0]["region"], datetime.date.fromisoformat(k["accepted_on"])
    try:
        # three more accepted three working days later: their deadline is three working days later too
        ts.set_clock((workday_after(ts, region, k["accepted_on"], 3) - accepted_on).days)
        late = [act(ts.as_user("amr_clerk"), file_case(ts), "accept") for _ in range(3)]
        assert all(c["clock"]["deadline"] > k["deadline"] for c in late)
        # the working day after the early ones' deadline: they are red, the late ones yellow
        ts.set_clock((workday_after(ts, region, k["deadline"], 1) - accepted_on).days)
        ts.run_jobs()
        whole, last = walk(ts, 100)
        colour = {i["id"]: i["colour"] for i in whole}
        assert {colour[c["id"]] for c in early} == {"red"} and {colour[c["id"]] for c in late} == {"yellow"}
        # the rule, stated apart from the server's query: red first, then the deadline, then the id
        assert [i["id"] for i in whole] == [i["id"] for i in sorted(
            whole, key=lambda i: (i["colour"] != "red", i["deadline"], i["id"]))]
        assert last["total"] == len(whole) == len({i["id"] for i in whole})
        assert sum(d["red"] + d["yellow"] for d in last["departments"]) == len(whole)
        for limit in (1, 2, 5):
            items, page = walk(ts, limit)
            assert [i["id"] for i in items] == [i["id"] for i in whole], limit
            assert page["total"] == len(whole) and page["departments"] == last["departments"]
        for colour_only in ("red", "yellow"):
            items, page = walk(ts, 2, colour=colour_only)
            assert [i["id"] for i in items] == [i["id"] for i in whole if i["colour"] == colour_only]
            assert page["total"] == len(items)
        # the default page is 20
        first = ts.as_user("supervisor").get_json("/api/v1/oversight/cases").json()
        assert [i["id"] for i in first["items"]] == [i["id"] for i in whole[:20]]
        assert (first["next_cursor"] is None) == (len(whole) <= 20)
    finally:
        ts.set_clock(0)


def test_bad_page(ts):
    s = ts.as_user("supervisor")
    before = s.get_json("/api/v1/oversight/cases", params={"limit": 100}).json()
    for bad in ("0", "101", "-1", "x", "1.5", ""):
        invalid(s.get_json("/api/v1/oversight/cases", params={"limit": bad}), ("limit", "type"))
    # not a cursor, or a cursor that holds no colour or no day of this list
    for bad in ("x", "1.", ".ab", "300000000.01ab", "20261399.01ab", "0.01ab", "-20261204.01ab"):
        p = problem(s.get_json("/api/v1/oversight/cases", params={"cursor": bad}), 422)
        assert any(e["field"] == "cursor" for e in p["errors"]), (bad, p)
    # every fault named at once
    p = problem(s.get_json("/api/v1/oversight/cases", params={"colour": "green", "limit": "0"}), 422)
    assert {e["field"] for e in p["errors"]} >= {"colour", "limit"}
    assert s.get_json("/api/v1/oversight/cases", params={"limit": 100}).json() == before
