"""办件查询 (issue 16, item 7): staff find a case by its number (or the
number's beginning), the applicant's name, the matter, the department, the
status and the days it was submitted, all together, within what they may
see: staff their own department's cases, supervisors every department's.
Each bad filter is named in one 422, and a filter never widens what the
caller sees. Run on a server of its own (test build), so the module knows
every case there is."""
import datetime

import pytest

from casekit import FOOD, act, file_case
from conftest import cn_today, field_errors, problem

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def search(s, **q):
    r = s.get_json("/api/v1/cases", params=dict(q, limit=100))
    assert r.status_code == 200, r.text
    return r.json()


def ids(s, **q):
    return {c["id"] for c in search(s, **q)["items"]}


@pytest.fixture(scope="module")
def world(ts):
    old = None
    try:
        ts.set_clock(-10)
        old = file_case(ts)
    finally:
        ts.set_clock(0)
    other, _ = ts.new_enterprise()
    other_s = ts.login(other["username"], other["password"])
    new = file_case(ts, other_s)
    accepted = act(ts.as_user("amr_clerk"), file_case(ts), "accept")
    return {"old": old, "new": new, "accepted": accepted, "other_name": new["applicant"]["name"]}


def test_by_number_and_its_beginning(ts, world):
    clerk = ts.as_user("amr_clerk")
    c = world["new"]
    assert ids(clerk, number=c["number"]) == {c["id"]}
    prefix = c["number"].rsplit("-", 1)[0] + "-"
    found = ids(clerk, number=prefix)
    assert c["id"] in found and world["old"]["id"] not in found   # another day's number


def test_by_applicant_name(ts, world):
    clerk = ts.as_user("amr_clerk")
    name = world["other_name"]
    assert ids(clerk, applicant=name[2:8]) == {world["new"]["id"]}
    assert world["old"]["id"] in ids(clerk, applicant="小吃餐饮")
    assert not ids(clerk, applicant="%")        # a wildcard is a character like any other


def test_by_days_matter_status_together(ts, world):
    clerk = ts.as_user("amr_clerk")
    today = cn_today()
    ten_ago = (today - datetime.timedelta(days=10)).isoformat()
    got = ids(clerk, **{"from": ten_ago, "to": ten_ago})
    assert got == {world["old"]["id"]}
    today_ids = ids(clerk, **{"from": today.isoformat()})
    assert world["old"]["id"] not in today_ids and {world["new"]["id"], world["accepted"]["id"]} <= today_ids
    assert ids(clerk, matter=FOOD, status="accepted", **{"from": today.isoformat()}) == {world["accepted"]["id"]}


def test_a_filter_never_widens_what_staff_see(ts, world):
    health = ts.as_user("health_clerk")
    assert not ids(health, number=world["new"]["number"])
    p = problem(health.get_json("/api/v1/cases", params={"department": "amr"}), 422)
    assert ("department", "not_yours") in field_errors(p)
    sup = ts.as_user("supervisor")
    assert world["new"]["id"] in ids(sup, department="amr", number=world["new"]["number"])
    assert not ids(sup, department="health", number=world["new"]["number"])
    # an applicant searching finds only their own
    assert ids(ts.as_user("xiaochi"), applicant=world["other_name"]) == set()


@pytest.mark.parametrize("q,field,code", [
    ({"number": "31O000"}, "number", "invalid"),
    ({"number": "1" * 60}, "number", "invalid"),
    ({"applicant": "字" * 51}, "applicant", "invalid"),
    ({"matter": "XK99999999"}, "matter", "unknown"),
    ({"department": "nowhere"}, "department", "unknown"),
    ({"from": "2026-13-01"}, "from", "date"),
    ({"to": "yesterday"}, "to", "date"),
    ({"from": "2026-12-02", "to": "2026-12-01"}, "to", "range"),
])
def test_bad_filters_are_named(ts, q, field, code):
    p = problem(ts.as_user("amr_clerk").get_json("/api/v1/cases", params=q), 422)
    assert (field, code) in field_errors(p), p


def test_every_bad_filter_at_once(ts):
    p = problem(ts.as_user("amr_clerk").get_json("/api/v1/cases", params={"number": "x", "matter": "nope", "to": "z"}), 422)
    assert {f for f, _ in field_errors(p)} >= {"number", "matter", "to"}
