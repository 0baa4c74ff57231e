"""12345 hotspots (issue 12, item 6): requests per day × street × category,
each with the mean of its trailing 7 days and a spike flag when the day has at
least 3 requests and more than `factor` (default 2) times that mean — 未诉先办,
acting before the complaints pile up. Checked two ways: a worked example, and
every row of a period recomputed here from the requests themselves (the day
in Asia/Shanghai, the window, the rule as the issue states it)."""
import datetime
import time
from collections import Counter

import pytest

from conftest import CST, invalid, new_phone

HP, WT = "310101", "310101013"   # 黄浦区, a street of it
CAT = "cooking_fumes"            # 餐饮油烟: no other test here files it


def noon(day):
    """The clock offset that puts the platform at 12:00 of `day` (Asia/Shanghai)."""
    target = datetime.datetime.combine(day, datetime.time(12), CST).timestamp() * 1000
    return int(target - time.time() * 1000)


def file(ts, n, category=CAT, street=WT):
    op = ts.as_user("operator")
    for _ in range(n):
        r = op.post(ts.url("/api/v1/complaints"), json={
            "kind": "complaint", "category": category, "text": "饭店油烟扰民 Cooking fumes from a restaurant",
            "channel": "hotline", "phone": new_phone(), "district": HP, "street": street}, timeout=30)
        assert r.status_code == 201, r.text


def hotspots(ts, **q):
    r = ts.as_user("dispatcher").get(ts.url("/api/v1/stats/complaints/hotspots"), params=q, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(scope="module")
def history(ts):
    """Seven days of one request a day, then 2, then 3 (today): D-8 .. D."""
    d = datetime.datetime.now(CST).date()
    plan = [(d - datetime.timedelta(days=8 - i), 1) for i in range(7)] + [(d - datetime.timedelta(days=1), 2), (d, 3)]
    try:
        for day, n in plan:
            ts.set_clock(ms=noon(day))
            file(ts, n)
        file(ts, 1, category="noise", street="310101002")   # another place, another group
    finally:
        ts.set_clock(ms=0)
    return d


def test_a_day_of_three_after_a_week_of_one_is_a_spike(ts, history):
    d = history
    out = hotspots(ts, **{"from": str(d - datetime.timedelta(days=1)), "to": str(d), "category": CAT})
    assert (out["factor"], out["window_days"], out["min_count"]) == (2.0, 7, 3)
    rows = [(i["day"], i["count"], i["trailing_mean"], i["spike"]) for i in out["items"]]
    # D: trailing D-7..D-1 = 1,1,1,1,1,1,2 -> mean 8/7; 3 > 2 * 8/7. D-1: 2 is under the minimum of 3.
    assert rows == [(str(d), 3, round(8 / 7, 2), True), (str(d - datetime.timedelta(days=1)), 2, 1.0, False)]
    assert out["spikes"] == 1
    top = out["items"][0]
    assert top["street"]["code"] == WT and top["street"]["name"]["zh"] and top["district"] == HP
    assert top["category"] == {"code": CAT, "name": top["category"]["name"]} and top["category"]["name"]["zh"]
    # a lower factor makes D-1 no spike still (the minimum), a higher one drops D
    assert [i["spike"] for i in hotspots(ts, **{"from": str(d), "to": str(d), "category": CAT,
                                                "factor": "3"})["items"]] == [False]


def expected(ts, start, end, factor):
    """Every (day, district, street, category) row of [start, end] from the requests themselves."""
    counts = Counter()
    for created, district, street, category in ts.query(
            "SELECT created_at, district, street, category FROM complaints"):
        day = datetime.datetime.fromtimestamp(created / 1000, CST).date()
        counts[(day, district, street or "", category)] += 1
    rows = {}
    for (day, district, street, category), n in counts.items():
        if not start <= day <= end:
            continue
        before = [counts.get((day - datetime.timedelta(days=k), district, street, category), 0) for k in range(1, 8)]
        mean = sum(before) / 7
        rows[(str(day), district, street, category)] = (n, round(mean, 2), n >= 3 and n > factor * mean)
    return rows


@pytest.mark.parametrize("factor", [None, "1.5"])
def test_every_row_matches_a_count_of_the_requests(ts, history, factor):
    d = history
    start = d - datetime.timedelta(days=6)
    q = {"from": str(start), "to": str(d)}
    if factor:
        q["factor"] = factor
    out = hotspots(ts, **q)
    got = {(i["day"], i["district"], (i["street"] or {}).get("code", ""), i["category"]["code"]):
           (i["count"], i["trailing_mean"], i["spike"]) for i in out["items"]}
    assert got == expected(ts, start, d, float(factor or 2))
    assert out["spikes"] == sum(1 for v in got.values() if v[2])
    # spikes first, then the busiest
    keys = [(not i["spike"], -i["count"]) for i in out["items"]]
    assert keys == sorted(keys)


@pytest.mark.parametrize("q, field, code", [
    ({"to": "2026-12-01"}, "from", "date"),
    ({"from": "2026-12-01"}, "to", "date"),
    ({"from": "2026-13-01", "to": "2026-12-01"}, "from", "date"),
    ({"from": "2026-12-02", "to": "2026-12-01"}, "to", "range"),
    ({"from": "2026-01-01", "to": "2026-04-03"}, "to", "range"),          # 93 days
    ({"from": "2026-12-01", "to": "2026-12-02", "district": "310000"}, "district", "unknown"),   # the city
    ({"from": "2026-12-01", "to": "2026-12-02", "district": "999999"}, "district", "unknown"),
    ({"from": "2026-12-01", "to": "2026-12-02", "category": "nope"}, "category", "unknown"),
    ({"from": "2026-12-01", "to": "2026-12-02", "factor": "0.5"}, "factor", "range"),
    ({"from": "2026-12-01", "to": "2026-12-02", "factor": "2x"}, "factor", "range"),
    ({"from": "2026-12-01", "to": "2026-12-02", "factor": "nan"}, "factor", "range"),
])
def test_bad_queries_name_the_field(ts, q, field, code):
    r = ts.as_user("dispatcher").get(ts.url("/api/v1/stats/complaints/hotspots"), params=q, timeout=30)
    invalid(r, (field, code))


def test_a_quarter_is_allowed_and_an_unknown_parameter_is_not(ts):
    s = ts.as_user("dispatcher")
    assert s.get(ts.url("/api/v1/stats/complaints/hotspots"),
                 params={"from": "2026-01-01", "to": "2026-04-02"}, timeout=30).status_code == 200   # 92 days
    r = s.get(ts.url("/api/v1/stats/complaints/hotspots"),
              params={"from": "2026-01-01", "to": "2026-01-02", "street": WT}, timeout=30)
    assert r.status_code == 422 and "street" in r.text


def test_not_for_the_public_nor_for_callers(ts):
    assert ts.get("/api/v1/stats/complaints/hotspots?from=2026-12-01&to=2026-12-02").status_code == 401
    r = ts.as_user("zhangsan").get(ts.url("/api/v1/stats/complaints/hotspots"),
                                  params={"from": "2026-12-01", "to": "2026-12-02"}, timeout=30)
    assert r.status_code == 403
