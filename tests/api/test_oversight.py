"""The supervisors' overview (督查): GET /api/v1/oversight/cases lists the
cases whose statutory clock runs and is yellow (in its warning days) or red
(past the deadline), across every department, with the count of each per
department; `colour` narrows it to one. A case in its green days, a stopped
or a finished clock is not in it; a red case leaves it once decided. Only
supervisors and the system administrator read it (test_authz_matrix); a
colour other than red or yellow is a 422 naming `colour`."""
import datetime

from casekit import act, file_case
from conftest import invalid


def workday_after(ts, region, day, n):
    r = ts.get(f"/api/v1/calendar/{region}/workdays", params={"from": day, "add": n})
    assert r.status_code == 200, r.text
    return datetime.date.fromisoformat(r.json()["date"])


def overview(ts, who="supervisor", **params):
    # a new session each time: the tests move the clock past an old one's expiry
    r = ts.login(who).get_json("/api/v1/oversight/cases", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def listed(o):
    return {i["id"]: i["colour"] for i in o["items"]}


def check_counts(o):
    """Each department's counts are the number of its listed cases of each colour."""
    assert not o["truncated"] and o["total"] == len(o["items"])
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
