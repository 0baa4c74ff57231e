"""Statistics on a synthetic set with known answers (issue 13): `onestop seed
--synthetic N` fills a fresh database with cases over the past weeks through
the domain's own functions (filed, moved on, rated, booked and refused at
past moments); then every statistic — overview, trend, demand heat map,
ranking — equals a brute-force count over the rows, a long range equals the
sum of its days, `onestop stats-rebuild` finds no difference, every table
exports as CSV and XLSX equal to its JSON, no statistics answer or export
carries 不见面率 without 满意率. Beside the cases the seed files 12345 requests and
bundle cases the same way: the complaints' 三率 equal a count over the requests'
timelines, every closed request carries its one rating, and every bundle's
state agrees with its steps' cases. (The falling flag's scenario is test_stats.py's.)"""
import json
import csv
import datetime
import io
import re
import time

import dbkit
import openpyxl
import pytest


DAYS = 40
N = 240


def shanghai(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc) + datetime.timedelta(hours=8)


def today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


@pytest.fixture(scope="module")
def world(ts):
    # the run's key file (ONESTOP_KEYSTORE), the server's: what the seed seals, the server opens
    r = ts.cli("seed", "--synthetic", str(N), "--seed", "11", "--days", str(DAYS))
    assert r.returncode == 0, (r.stdout, r.stderr[-2000:])
    m = re.search(r"synthetic: (\d+) cases \((\d+) completed, (\d+) rated\), (\d+) appointments booked and "
                  r"(\d+) refused", r.stdout)
    assert m, r.stdout
    cases, completed, rated, booked, refused = map(int, m.groups())
    assert cases >= N * 9 // 10 and completed > cases // 2 and rated > 0 and booked > 0, r.stdout
    assert refused > 0, r.stdout          # more wanted some hours than their slots held
    m = re.search(r"(\d+) 12345 requests \((\d+) closed with a rating\), (\d+) bundle cases \((\d+) completed\)",
                  r.stdout)
    assert m, r.stdout
    complaints, closed, bundles, bundles_done = map(int, m.groups())
    # about one request beside five cases, one bundle beside fifty; most closed and completed
    assert N // 10 <= complaints <= N // 2 and closed > complaints // 2, r.stdout
    assert bundles >= 1 and bundles_done >= 1, r.stdout
    assert "0 refused filings, 0 failed steps" in r.stdout, r.stdout
    assert ts.scalar("SELECT COUNT(*) FROM complaints") == complaints
    assert ts.scalar("SELECT COUNT(*) FROM bundle_cases") == bundles
    # the cases are in the past, spread over the range (the clock was pinned to each step's moment)
    assert ts.scalar("SELECT COUNT(DISTINCT submitted_day) FROM cases") >= DAYS // 2
    assert ts.scalar("SELECT MIN(created_at) FROM cases") < (time.time() - (DAYS - 5) * 86400) * 1000
    first = today() - datetime.timedelta(days=DAYS + 1)
    return {"from": first, "to": today(), "cases": cases}


class Rows:
    """The rows the statistics count, read once, with the working days of each completion."""

    def __init__(self, ts):
        self.ts = ts
        self.events = ts.query(
            "SELECT e.case_id, e.at, e.action, e.to_status, c.department, c.matter_code, c.channel, c.region, "
            "c.submitted_day, c.correction_rounds, (SELECT COUNT(*) FROM visits v WHERE v.case_id = c.id) "
            "FROM case_events e JOIN cases c ON c.id = e.case_id")
        self.ratings = ts.query(
            "SELECT r.created_at, r.level, r.department, r.matter_code, s.source_channel FROM ratings r "
            "JOIN rating_subjects s ON s.kind = r.kind AND s.subject_id = r.subject_id WHERE r.round = 1")
        self.bookings = ts.query("SELECT s.day, s.start_time, a.department, COALESCE(a.matter_code, ''), a.channel "
                                 "FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE a.channel IS NOT NULL")
        self.refused = ts.query("SELECT day, hour, department, matter_code, channel, count FROM unmet_demand "
                                "WHERE reason = 'full'")
        self.workdays = {}
        self.matters = {}

    def days_between(self, region, submitted, day):
        key = (region, submitted, day)
        if key not in self.workdays:
            r = self.ts.get(f"/api/v1/calendar/{region}/workdays?from={submitted}&to={day}")
            assert r.status_code == 200, r.text
            self.workdays[key] = r.json()["workdays"]
        return self.workdays[key]

    def matter(self, code):
        if code not in self.matters:
            doc = self.ts.get(f"/api/v1/matters/{code}").json()
            self.matters[code] = (doc["promised_days"], doc["legal_days"])
        return self.matters[code]


def keep(f, dept, mat, chan):
    return all(f.get(k) is None or f[k] == v for k, v in (("department", dept), ("matter", mat), ("channel", chan)))


def brute(rows, first, last, **f):
    """The overview's figures, its days and its durations, counted over the rows."""
    out = dict(applications=0, acceptances=0, completions=0, completed_no_visit=0, completed_first_time=0)
    days, durations = {}, []
    for _, at, action, to, dept, mat, chan, region, submitted, rounds, visits in rows.events:
        day = shanghai(at).date()
        if not first <= day <= last or not keep(f, dept, mat, chan):
            continue
        d = days.setdefault(day.isoformat(), [0, 0])
        if action == "submit":
            out["applications"] += 1
            d[0] += 1
        out["acceptances"] += action in ("accept", "deem_accept")
        if to == "completed":
            out["completions"] += 1
            d[1] += 1
            out["completed_no_visit"] += visits == 0
            out["completed_first_time"] += rounds == 0
            durations.append(min(rows.days_between(region, submitted, day.isoformat()), 400))
    levels = {str(i): 0 for i in range(1, 6)}
    for at, level, dept, mat, chan in rows.ratings:
        if first <= shanghai(at).date() <= last and keep(f, dept, mat, chan):
            levels[str(level)] += 1
    out["ratings_by_level"] = levels
    out["ratings"] = sum(levels.values())
    out["contactless_rate"] = out["completed_no_visit"] / out["completions"] if out["completions"] else None
    out["satisfaction_rate"] = (levels["4"] + levels["5"]) / out["ratings"] if out["ratings"] else None
    out["first_time_rate"] = out["completed_first_time"] / out["completions"] if out["completions"] else None
    durations.sort()

    def rank(p):
        return durations[max(0, -(-len(durations) * p // 100) - 1)] if durations else None
    out["duration_workdays"] = {"count": len(durations), "median": rank(50), "p90": rank(90),
                                "mean": sum(durations) / len(durations) if durations else None}
    trend_days = [{"day": k, "applications": a, "completions": c} for k, (a, c) in sorted(days.items()) if a or c]
    hist = {}
    for d in durations:
        hist[d] = hist.get(d, 0) + 1
    return out, trend_days, [{"workdays": d, "count": n} for d, n in sorted(hist.items())]


def brute_demand(rows, first, last, **f):
    cells = {}

    def add(day, hour, chan, k, n=1):
        c = cells.setdefault((day.isoweekday(), hour, chan), [0, 0, 0])
        c[k] += n
    for _, at, action, _, dept, mat, chan, *_ in rows.events:
        t = shanghai(at)
        if action == "submit" and first <= t.date() <= last and keep(f, dept, mat, chan):
            add(t.date(), t.hour, chan, 0)
    for day, start, dept, mat, chan in rows.bookings:
        d = datetime.date.fromisoformat(day)
        if first <= d <= last and keep(f, dept, mat, chan):
            add(d, int(start[:2]), chan, 1)
    for day, hour, dept, mat, chan, n in rows.refused:
        d = datetime.date.fromisoformat(day)
        if first <= d <= last and keep(f, dept, mat, chan):
            add(d, hour, chan, 2, n)
    return [{"weekday": w, "hour": h, "channel": c, "applications": v[0], "bookings": v[1], "refused": v[2]}
            for (w, h, c), v in sorted(cells.items())]


def close(got, want, where):
    if isinstance(want, float):
        assert got is not None and abs(got - want) < 1e-9, (where, got, want)
    elif isinstance(want, dict):
        assert set(got) >= set(want), (where, got, want)
        for k, v in want.items():
            close(got[k], v, (where, k))
    else:
        assert got == want, (where, got, want)


def walk(node, found):
    if isinstance(node, dict):
        if "contactless_rate" in node or "satisfaction_rate" in node:
            found.append(node)
        for v in node.values():
            walk(v, found)
    elif isinstance(node, list):
        for v in node:
            walk(v, found)


def q_of(first, last, f):
    return "&".join([f"from={first.isoformat()}", f"to={last.isoformat()}"] + [f"{k}={v}" for k, v in f.items()])


def test_every_statistic_equals_a_brute_force_count(ts, world):
    rows = Rows(ts)
    sup = ts.as_user("supervisor")
    first, last = world["from"], world["to"]
    depts = sorted({e[4] for e in rows.events})
    matter = rows.events[0][5]
    assert len(depts) >= 3 and rows.bookings and len(rows.ratings) > 10
    found = []
    for f in ({}, {"department": depts[0]}, {"department": depts[-1]}, {"channel": "window"},
              {"channel": "online"}, {"matter": matter}, {"department": depts[1], "channel": "mobile"}):
        want, want_days, want_durations = brute(rows, first, last, **f)
        got = sup.get_json(f"/api/v1/stats/overview?{q_of(first, last, f)}").json()
        close(got, want, f)
        trend = sup.get_json(f"/api/v1/stats/trend?{q_of(first, last, f)}").json()
        assert trend["days"] == want_days, f
        assert trend["durations"] == want_durations, f
        demand = sup.get_json(f"/api/v1/stats/demand?{q_of(first, last, f)}").json()
        want_cells = brute_demand(rows, first, last, **f)
        assert demand["cells"] == want_cells, f
        assert demand["totals"] == {k: sum(c[k] for c in want_cells) for k in ("applications", "bookings", "refused")}
        for resp in (got, trend, demand):
            walk(resp, found)
    assert sum(c["refused"] for c in brute_demand(rows, first, last)) == sum(r[5] for r in rows.refused)
    # the ranking: each department's completions against its matters' promised and legal days
    ranking = sup.get_json(f"/api/v1/stats/ranking?from={first}&to={last}").json()
    walk(ranking, found)
    per = {}
    for _, at, _, to, dept, mat, _, region, submitted, _, _ in rows.events:
        day = shanghai(at).date()
        if to != "completed" or not first <= day <= last:
            continue
        promised, legal = rows.matter(mat)
        w = min(rows.days_between(region, submitted, day.isoformat()), 400)
        p = per.setdefault(dept, [0, 0, 0, 0.0])
        p[0] += 1
        p[1] += w == 0
        p[2] += w <= promised
        p[3] += (legal - promised) / legal
    assert ranking["items"]
    for it in ranking["items"]:
        n, immediate, on_time, speedup = per.get(it["department"]["code"], [0, 0, 0, 0.0])
        b, _, _ = brute(rows, first, last, department=it["department"]["code"])
        close(it, {"completions": n, "immediate": immediate, "on_time": on_time,
                   "contactless_rate": b["contactless_rate"], "satisfaction_rate": b["satisfaction_rate"],
                   "ratings": b["ratings"]}, it["department"]["code"])
        if n:
            close(it["on_time_rate"], on_time / n, "on_time_rate")
            close(it["speedup_rate"], speedup / n, "speedup_rate")
    # 不见面率 never without 满意率
    assert found and all("contactless_rate" in n and "satisfaction_rate" in n for n in found)


def test_a_long_range_equals_the_sum_of_its_days(ts, world):
    """The overview of the whole range (whole months read from the month table, the edges from
    the day rows) equals the sum of the overviews of its days."""
    sup = ts.as_user("supervisor")
    first, last = world["from"] - datetime.timedelta(days=35), world["to"]
    whole = sup.get_json(f"/api/v1/stats/overview?from={first}&to={last}").json()
    keys = ("applications", "acceptances", "completions", "completed_no_visit", "completed_first_time", "ratings")
    total = dict.fromkeys(keys, 0)
    levels = dict.fromkeys("12345", 0)
    durations = 0
    day = first
    while day <= last:
        o = sup.get_json(f"/api/v1/stats/overview?from={day}&to={day}").json()
        for k in keys:
            total[k] += o[k]
        for k in levels:
            levels[k] += o["ratings_by_level"][k]
        durations += o["duration_workdays"]["count"]
        day += datetime.timedelta(days=1)
    assert {k: whole[k] for k in keys} == total
    assert whole["ratings_by_level"] == levels and whole["duration_workdays"]["count"] == durations
    assert total["applications"] >= world["cases"] * 9 // 10


def shanghai_day(ms):
    return shanghai(ms).date()


def test_complaint_three_rates_equal_a_count_over_the_timelines(ts, world):
    """响应率, 解决率, 满意率 per handling body: dispatches, first replies signed for within the hour
    and made within the time class, and callbacks (resolved, satisfied as each callback said),
    each on its day — counted here from the requests and their timelines."""
    first, last = world["from"], world["to"]
    # the synthetic requests are dispatched once, by the responsibility list, and never returned
    assert ts.scalar("SELECT COUNT(*) FROM complaint_events WHERE action IN "
                     "('redispatch', 'arbitrate', 'return', 'merge')") == 0
    want = {}

    def cell(body):
        return want.setdefault(body, dict(dispatched=0, responded=0, callbacks=0, resolved=0, satisfied=0))
    sup = ts.as_user("supervisor")
    notes = {}
    for cid, body, at, action in ts.query(
            "SELECT c.id, c.body, e.at, e.action FROM complaint_events e "
            "JOIN complaints c ON c.id = e.complaint_id WHERE e.action IN ('dispatch', 'callback')"):
        if not first <= shanghai_day(at) <= last:
            continue
        if action == "dispatch":
            cell(body)["dispatched"] += 1
            continue
        if cid not in notes:      # the notes are sealed at rest: read as the API shows them
            r = sup.get_json(f"/api/v1/complaints/{cid}")
            assert r.status_code == 200, r.text
            notes[cid] = {e["at"]: e["note"] for e in r.json()["timeline"] if e["action"] == "callback"}
        n = notes[cid][at]
        cell(body)["callbacks"] += 1
        cell(body)["resolved"] += n["resolved"] is True
        cell(body)["satisfied"] += n["satisfied"] is True
    for body, signed, sign_due, replied, reply_due in ts.query(
            "SELECT body, signed_at, sign_due, replied_at, reply_due FROM complaints WHERE replied_at IS NOT NULL"):
        if first <= shanghai_day(replied) <= last:
            cell(body)["responded"] += signed is not None and signed <= sign_due and replied <= reply_due
    assert sum(w["callbacks"] for w in want.values()) > 10
    assert 0 < sum(w["resolved"] for w in want.values()) < sum(w["callbacks"] for w in want.values())
    got = sup.get_json(f"/api/v1/stats/complaints?from={first}&to={last}").json()["items"]
    got = {it["body"] if isinstance(it["body"], str) else it["body"]["code"]: it for it in got}
    assert set(got) == set(want), (sorted(got), sorted(want))
    for body, w in want.items():
        close(got[body], w, body)
        for rate, num, den in (("response_rate", "responded", "dispatched"),
                               ("resolution_rate", "resolved", "callbacks"),
                               ("satisfaction_rate", "satisfied", "callbacks")):
            if w[den]:
                close(got[body][rate], w[num] / w[den], (body, rate))
            else:
                assert got[body][rate] is None, (body, rate)


def test_every_closed_request_carries_its_one_rating(ts, world):
    """The callback that closes a request is its rating (好差评): one record, its level agreeing with
    the satisfied answer (4–5 satisfied, 1–2 not, 3 either way)."""
    closed = ts.query("SELECT id, satisfied FROM complaints WHERE status = 'closed'")
    assert closed
    ratings = {sid: (level, n) for sid, level, n in ts.query(
        "SELECT subject_id, MIN(level), COUNT(*) FROM ratings WHERE kind = 'complaint' GROUP BY subject_id")}
    assert set(ratings) == {cid for cid, _ in closed}
    for cid, satisfied in closed:
        level, n = ratings[cid]
        assert n == 1, cid
        assert (level >= 3 if satisfied else level <= 3), (cid, satisfied, level)   # 3 (基本满意) either way


def test_every_bundle_agrees_with_its_steps(ts, world):
    """A bundle case completed has every step's case completed; one in progress has a step not yet
    done; the steps' cases are ordinary cases of their departments, counted in the statistics."""
    bundles = ts.query("SELECT id, status FROM bundle_cases")
    assert bundles and any(st == "completed" for _, st in bundles)
    for bid, status in bundles:
        steps = ts.query("SELECT s.state, c.status FROM bundle_steps s JOIN cases c ON c.id = s.case_id "
                         "WHERE s.bundle_case_id = ?", bid)
        assert steps, bid
        done = all(cs == "completed" for _, cs in steps)
        assert (status == "completed") == done, (bid, status, steps)
    # only a finished bundle is rated, once, by its applicant
    finished = {bid for bid, st in bundles if st in ("completed", "partially_completed")}
    for sid, rater, n in ts.query("SELECT r.subject_id, r.rater_id, COUNT(*) FROM ratings r WHERE r.kind = 'bundle' "
                                  "GROUP BY r.subject_id, r.rater_id"):
        assert sid in finished and n == 1, (sid, n)
        assert rater == ts.scalar("SELECT applicant_id FROM bundle_cases WHERE id = ?", sid)


def test_stats_rebuild_finds_no_difference(ts, world):
    r = ts.cli("stats-rebuild")
    assert r.returncode == 0 and "no difference" in r.stdout, (r.returncode, r.stdout[-3000:], r.stderr[-2000:])
    # a demand cell tampered with is found and repaired
    ts.execute("UPDATE stats_demand SET bookings = bookings + 3 WHERE bookings > 0")
    r = ts.cli("stats-rebuild")
    assert r.returncode == 3 and "kept    demand" in r.stdout and "rebuilt demand" in r.stdout, r.stdout[-2000:]
    r = ts.cli("stats-rebuild")
    assert r.returncode == 0 and "no difference" in r.stdout, r.stdout[-2000:]
    # a whole month is read from a month table: a month row tampered with shows in the month's
    # overview (and not in a range of the same days that is not a whole month), and is repaired.
    # Without a matter filter that is the flat roll-up's one row for every department and channel
    # ('*', '*'); with one, the matter's rows of the table by every dimension.
    month = (world["to"].replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    end = world["to"].replace(day=1) - datetime.timedelta(days=1)
    sup = ts.as_user("supervisor")
    before = sup.get_json(f"/api/v1/stats/overview?from={month}&to={end}").json()["applications"]
    assert ts.execute("UPDATE stats_flat_monthly SET applications = applications + 5 WHERE month = ? "
                      "AND department = '*' AND channel = '*'", month.isoformat()[:7]) == 1
    assert sup.get_json(f"/api/v1/stats/overview?from={month}&to={end}").json()["applications"] == before + 5
    part = sup.get_json(f"/api/v1/stats/overview?from={month + datetime.timedelta(days=1)}&to={end}").json()
    assert part["applications"] <= before
    # a matter's rows (a 12345 request's rating is counted under its department with no matter: '')
    matter = ts.scalar("SELECT matter_code FROM stats_monthly WHERE month = ? AND matter_code <> '' "
                       "ORDER BY matter_code LIMIT 1", month.isoformat()[:7])
    mq = f"/api/v1/stats/overview?from={month}&to={end}&matter={matter}"
    mine = sup.get_json(mq).json()["applications"]
    assert ts.execute("UPDATE stats_monthly SET applications = applications + 5 WHERE month = ? AND matter_code = ?",
                      month.isoformat()[:7], matter) > 0
    rows = ts.scalar("SELECT COUNT(*) FROM stats_monthly WHERE month = ? AND matter_code = ?",
                     month.isoformat()[:7], matter)
    assert sup.get_json(mq).json()["applications"] == mine + 5 * rows
    r = ts.cli("stats-rebuild")
    assert r.returncode == 3 and "kept    flat monthly" in r.stdout and "kept    monthly" in r.stdout, r.stdout[-2000:]
    assert sup.get_json(f"/api/v1/stats/overview?from={month}&to={end}").json()["applications"] == before
    assert sup.get_json(mq).json()["applications"] == mine


def parse_csv(text):
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def typed(v, like):
    if v in ("", None):
        return None
    if isinstance(like, bool):
        return {"true": True, "false": False}[v] if isinstance(v, str) else v
    if isinstance(like, int):
        return int(v)
    if isinstance(like, float):
        return float(v)
    return v


def flat_rows(items, headings, paths):
    out = []
    for it in items:
        row = []
        for p in paths:
            v = it
            for part in p.split("."):
                v = v.get(part) if isinstance(v, dict) else None
            row.append(v)
        out.append(row)
    return out


EXPORTS = [
    ("trend", "days", "days", ["day", "applications", "completions"]),
    ("trend", "durations", "durations", ["workdays", "count"]),
    ("demand", None, "cells", ["weekday", "hour", "channel", "applications", "bookings", "refused"]),
    ("ranking", None, "items", ["rank", "department.code", "department.name.zh",
                                "department.name.en", "completions", "immediate",
                                "on_time", "immediate_rate", "on_time_rate", "speedup_rate", "contactless_rate",
                                "satisfaction_rate", "ratings", "falling", "falling_reason.zh",
                                "falling_reason.en"]),
]


@pytest.mark.parametrize("view,table,member,paths", EXPORTS)
def test_every_table_exports_as_csv_and_xlsx_equal_to_its_json(ts, world, view, table, member, paths):
    sup = ts.as_user("supervisor")
    q = f"from={world['from']}&to={world['to']}" + (f"&table={table}" if table else "")
    want = sup.get_json(f"/api/v1/stats/{view}?{q}").json()[member]
    assert want
    name = f"{view}-{table}" if table else view
    for how in ("query", "accept"):
        if how == "query":
            r = sup.get(sup.url(f"/api/v1/stats/{view}?{q}&format=csv"), timeout=30)
        else:
            r = sup.get(sup.url(f"/api/v1/stats/{view}?{q}"), headers={"Accept": "text/csv"}, timeout=30)
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith("text/csv")
        assert r.headers["Content-Disposition"] == (
            f'attachment; filename="stats-{name}-{world["from"]}-{world["to"]}.csv"')
        heads, body = parse_csv(r.content.decode("utf-8"))
        assert len(heads) == len(paths)
        expect = flat_rows(want, heads, paths)
        got = [[typed(v, e) for v, e in zip(row, ex)] for row, ex in zip(body, expect)]
        assert len(body) == len(expect) and got == expect, name
        if "contactless_rate" in heads:
            assert heads.index("satisfaction_rate") == heads.index("contactless_rate") + 1
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    r = sup.get(sup.url(f"/api/v1/stats/{view}?{q}"), headers={"Accept": xlsx_type}, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"] == xlsx_type
    assert r.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    expect = flat_rows(want, rows[0], paths)
    got = [[typed(v, e) for v, e in zip(row, ex)] for row, ex in zip(rows[1:], expect)]
    assert got == expect and len(rows) - 1 == len(expect), name
    if "contactless_rate" in rows[0]:
        assert rows[0].index("satisfaction_rate") == rows[0].index("contactless_rate") + 1
    r = sup.get_json(f"/api/v1/stats/{view}?{q}&format=pdf")
    assert r.status_code == 422 and "format" in {e["field"] for e in r.json()["errors"]}


def test_demand_has_the_overview_reach_and_checks(ts, world):
    head = ts.as_user("amr_head")
    q = f"from={world['from']}&to={world['to']}"
    assert head.get_json(f"/api/v1/stats/demand?{q}&department=psb").status_code == 403
    mine = head.get_json(f"/api/v1/stats/demand?{q}").json()
    assert mine["query"]["department"] == "amr"
    sup = ts.as_user("supervisor")
    for bad, field in ((f"from={world['to']}&to={world['from']}", "to"), (f"{q}&channel=fax", "channel"),
                       (f"{q}&department=nosuch", "department"), (f"{q}&table=days", "table")):
        r = sup.get_json(f"/api/v1/stats/demand?{bad}")
        assert r.status_code == 422, (bad, r.text)
        if field != "table":
            assert field in {e["field"] for e in r.json()["errors"]}, (bad, r.text)
    assert ts.as_user("amr_clerk").get_json(f"/api/v1/stats/demand?{q}").status_code == 403
