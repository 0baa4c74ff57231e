"""Statistics (issue 13): counters kept in the transaction of each case
change give the overview without scanning cases. Generated cases with known
answers, then every figure of GET /api/v1/stats/overview compared with a
brute-force count over the rows (case events, visits, ratings, the working
calendar); 不见面率 never without 满意率; bad queries refused by field;
supervisors read every department and change no case."""
import datetime

from conftest import STAFF_PASSWORD

from casekit import FOOD, SEAL, act, case_body, file_case

XIAOCHI_CODE = "91310101MA1FPX0Q1Y"


def shanghai_day(ms):
    return (datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def build_world(ts):
    """Cases with known answers: online and window, completed or not, a correction round, ratings."""
    clerk = ts.login(ts.new_staff("psb", "window_clerk"), STAFF_PASSWORD)
    owner = ts.as_user("xiaochi")
    done = []
    for _ in range(3):
        done.append(act(clerk, file_case(ts, code=SEAL), "handle_now"))
    file_case(ts, code=SEAL)                                   # filed, not handled
    body = case_body(ts, clerk, SEAL, channel="window", applicant={"credit_code": XIAOCHI_CODE})
    r = clerk.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    done.append(act(clerk, r.json(), "handle_now"))           # at the window: a visit
    amr = ts.as_user("amr_clerk")
    food = file_case(ts)
    food = act(amr, food, "request_correction", {"items": [{"kind": "field", "key": "shop_area",
                                                            "reason": "面积与平面图不一致"}]})
    food = act(owner, food, "resubmit", {"form": {"shop_area": 90}})
    act(amr, food, "accept")
    for case, level in zip(done, (5, 4, 3, 1)):
        assert owner.post_json(f"/api/v1/cases/{case['id']}/rating", {"level": level}).status_code == 201
    return done


def brute(ts, day, department=None, matter=None, channel=None, durations_out=None):
    """Every figure of the overview, counted from the rows (durations_out: a list given the durations)."""
    def keep(dept, mat, chan):
        return ((department is None or dept == department) and (matter is None or mat == matter)
                and (channel is None or chan == channel))
    rows = ts.query("SELECT e.case_id, e.at, e.action, e.to_status, c.department, c.matter_code, c.channel, "
                    "c.region, c.submitted_day, c.correction_rounds FROM case_events e JOIN cases c ON c.id = e.case_id")
    out = dict(applications=0, acceptances=0, completions=0, completed_no_visit=0, completed_first_time=0)
    durations = []
    for case_id, at, action, to, dept, mat, chan, region, submitted, rounds in rows:
        if shanghai_day(at) != day or not keep(dept, mat, chan):
            continue
        out["applications"] += action == "submit"
        out["acceptances"] += action in ("accept", "deem_accept")
        if to == "completed":
            out["completions"] += 1
            visits = ts.scalar("SELECT COUNT(*) FROM visits WHERE case_id = ?", case_id)
            out["completed_no_visit"] += visits == 0
            out["completed_first_time"] += rounds == 0
            w = ts.get(f"/api/v1/calendar/{region}/workdays?from={submitted}&to={day.isoformat()}").json()
            durations.append(w["workdays"])
    levels = {str(i): 0 for i in range(1, 6)}
    for at, level, dept, mat, chan in ts.query(
            "SELECT r.created_at, r.level, r.department, r.matter_code, s.source_channel FROM ratings r "
            "JOIN rating_subjects s ON s.kind = r.kind AND s.subject_id = r.subject_id WHERE r.round = 1"):
        if shanghai_day(at) == day and keep(dept, mat, chan):
            levels[str(level)] += 1
    out["ratings_by_level"] = levels
    out["ratings"] = sum(levels.values())
    out["contactless_rate"] = out["completed_no_visit"] / out["completions"] if out["completions"] else None
    out["satisfaction_rate"] = (levels["4"] + levels["5"]) / out["ratings"] if out["ratings"] else None
    out["first_time_rate"] = out["completed_first_time"] / out["completions"] if out["completions"] else None
    durations.sort()
    if durations_out is not None:
        durations_out.extend(durations)

    def rank(p):
        return durations[max(0, -(-len(durations) * p // 100) - 1)] if durations else None
    out["duration_workdays"] = {"count": len(durations), "median": rank(50), "p90": rank(90),
                                "mean": sum(durations) / len(durations) if durations else None}
    return out


def walk(node, found):
    if isinstance(node, dict):
        if "contactless_rate" in node or "satisfaction_rate" in node:
            found.append(node)
        for v in node.values():
            walk(v, found)
    elif isinstance(node, list):
        for v in node:
            walk(v, found)


def test_overview_equals_a_brute_force_count(ts):
    done = build_world(ts)
    sup = ts.as_user("supervisor")
    day = today().isoformat()
    responses = []
    for filt in ({}, {"department": "psb"}, {"department": "amr"}, {"channel": "window"}, {"channel": "online"},
                 {"matter": SEAL}, {"matter": FOOD, "department": "amr"}):
        q = "&".join(f"{k}={v}" for k, v in filt.items())
        r = sup.get_json(f"/api/v1/stats/overview?from={day}&to={day}&{q}")
        assert r.status_code == 200, r.text
        got = r.json()
        responses.append(got)
        want = brute(ts, today(), **filt)
        for k, v in want.items():
            if isinstance(v, float):
                assert abs(got[k] - v) < 1e-9, (filt, k, got[k], v)
            elif k == "duration_workdays" and v["mean"] is not None:
                assert {**got[k], "mean": round(got[k]["mean"], 9)} == {**v, "mean": round(v["mean"], 9)}, filt
            else:
                assert got[k] == v, (filt, k, got[k], v)
    total = responses[0]
    assert total["completions"] >= len(done) and total["ratings"] >= 4
    assert responses[1]["completed_no_visit"] == 3 and responses[1]["completions"] == 4
    # a range of days sums them; a day with nothing has no rates (null), both still present
    week = sup.get_json(f"/api/v1/stats/overview?from={(today() - datetime.timedelta(days=6)).isoformat()}&to={day}").json()
    assert week["completions"] == total["completions"]
    empty = sup.get_json("/api/v1/stats/overview?from=2020-01-01&to=2020-01-31").json()
    assert empty["contactless_rate"] is None and empty["satisfaction_rate"] is None and empty["applications"] == 0
    responses += [week, empty]
    # 不见面率 never without 满意率, in any statistics response
    found = []
    for resp in responses:
        walk(resp, found)
    assert found and all("contactless_rate" in n and "satisfaction_rate" in n for n in found)


def test_bad_queries_are_refused_by_field(ts):
    sup = ts.as_user("supervisor")
    day = today().isoformat()
    far = (today() - datetime.timedelta(days=2000)).isoformat()
    before = ts.scalar("SELECT COUNT(*) FROM stats_daily")
    for q, field in ((f"from={day}", "to"), (f"to={day}", "from"), (f"from=2026-02-30&to={day}", "from"),
                     (f"from={day}&to={far}", "to"), (f"from={far}&to={day}", "to"),
                     (f"from={day}&to={day}&department=nosuch", "department"),
                     (f"from={day}&to={day}&channel=fax", "channel"),
                     (f"from={day}&to={day}&matter=XX00000000", "matter"),
                     (f"from={day}&to={day}&region=310000", "region")):
        r = sup.get_json(f"/api/v1/stats/overview?{q}")
        assert r.status_code == 422, (q, r.text)
        assert field in {e["field"] for e in r.json()["errors"]}, (q, r.json())
    assert ts.scalar("SELECT COUNT(*) FROM stats_daily") == before
    # a department head reads their own department only
    head = ts.as_user("amr_head")
    r = head.get_json(f"/api/v1/stats/overview?from={day}&to={day}&department=psb")
    assert r.status_code == 403 and "department" in {e["field"] for e in r.json()["errors"]}
    mine = head.get_json(f"/api/v1/stats/overview?from={day}&to={day}").json()
    assert mine["query"]["department"] == "amr"
    assert ts.as_user("amr_clerk").get_json(f"/api/v1/stats/overview?from={day}&to={day}").status_code == 403


def test_supervisors_read_everything_and_change_no_case(ts):
    sup = ts.as_user("supervisor")
    case = file_case(ts)
    fingerprint = ts.query("SELECT status, version FROM cases WHERE id = ?", case["id"])
    assert sup.get_json(f"/api/v1/cases/{case['id']}").status_code == 200
    for action in ("accept", "refuse", "withdraw"):
        r = sup.post(sup.url(f"/api/v1/cases/{case['id']}/actions/{action}"), json={"reason": "x"},
                     headers={"If-Match": f'"{case["version"]}"'}, timeout=30)
        assert r.status_code == 403, (action, r.text)
    assert sup.post_json(f"/api/v1/cases/{case['id']}/rating", {"level": 5}).status_code == 403
    assert ts.query("SELECT status, version FROM cases WHERE id = ?", case["id"]) == fingerprint


def flatten(node, prefix=""):
    out = {}
    for k, v in node.items():
        name = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.update(flatten(v, name))
        else:
            out[name] = v
    return out


def test_csv_export_parses_back_to_the_json(ts):
    import csv
    import io
    sup = ts.as_user("supervisor")
    day = today().isoformat()
    if not ts.scalar("SELECT COUNT(*) FROM ratings"):
        build_world(ts)
    for q in (f"from={day}&to={day}", f"from={day}&to={day}&department=psb", "from=2020-01-01&to=2020-01-02"):
        want = flatten(sup.get_json(f"/api/v1/stats/overview?{q}").json())
        r = sup.get(sup.url(f"/api/v1/stats/overview?{q}&format=csv"), timeout=30)
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith("text/csv")
        assert r.headers["Content-Disposition"].startswith('attachment; filename="stats-overview-')
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8"))))
        assert rows[0] == ["metric", "value"]
        names = [m for m, _ in rows[1:]]
        # 不见面率 stands beside 满意率 in the export too
        assert names.index("satisfaction_rate") == names.index("contactless_rate") + 1
        got = {}
        for m, v in rows[1:]:
            if v == "":
                got[m] = None
            elif isinstance(want.get(m), bool):
                got[m] = v == "true"
            elif isinstance(want.get(m), str):
                got[m] = v
            elif isinstance(want.get(m), int):
                got[m] = int(v)
            else:
                got[m] = float(v)
        assert got == want, q
    r = sup.get_json(f"/api/v1/stats/overview?from={day}&to={day}&format=xml")
    assert r.status_code == 422 and "format" in {e["field"] for e in r.json()["errors"]}


def test_xlsx_export_opens_and_equals_the_json(ts):
    """?format=xlsx: a workbook a spreadsheet opens (read here with openpyxl and, as a ZIP, with
    zipfile checking every entry's CRC-32), one sheet with the CSV's rows and columns, equal to the
    JSON; 满意率 beside 不见面率; the same access as the JSON."""
    import io
    import zipfile

    import openpyxl
    sup = ts.as_user("supervisor")
    day = today().isoformat()
    if not ts.scalar("SELECT COUNT(*) FROM ratings"):
        build_world(ts)
    for q in (f"from={day}&to={day}", f"from={day}&to={day}&department=psb&channel=online",
              "from=2020-01-01&to=2020-01-02"):
        want = flatten(sup.get_json(f"/api/v1/stats/overview?{q}").json())
        r = sup.get(sup.url(f"/api/v1/stats/overview?{q}&format=xlsx"), timeout=30)
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        disp = r.headers["Content-Disposition"]
        assert disp.startswith('attachment; filename="stats-overview-') and disp.endswith('.xlsx"')
        with zipfile.ZipFile(io.BytesIO(r.content)) as z:
            assert z.testzip() is None                      # every CRC-32 and size is right
            assert {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= set(z.namelist())
        book = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True)
        assert len(book.worksheets) == 1
        rows = [tuple(c for c in row) for row in book.worksheets[0].iter_rows(values_only=True)]
        assert rows[0] == ("metric", "value")
        names = [m for m, _ in rows[1:]]
        assert names.index("satisfaction_rate") == names.index("contactless_rate") + 1
        got = {m: v for m, v in rows[1:]}
        assert list(got) == list(want), q
        for m, v in want.items():
            if isinstance(v, float):
                assert got[m] == v, (q, m, got[m], v)         # 17 significant digits: equal
            else:
                assert got[m] == v and type(got[m]) is type(v), (q, m, got[m], v)
    # the same access as the JSON: a department head, their own department only; a clerk, nothing
    head = ts.as_user("amr_head")
    r = head.get(head.url(f"/api/v1/stats/overview?from={day}&to={day}&department=psb&format=xlsx"), timeout=30)
    assert r.status_code == 403
    r = head.get(head.url(f"/api/v1/stats/overview?from={day}&to={day}&format=xlsx"), timeout=30)
    assert r.status_code == 200 and r.content[:4] == b"PK\x03\x04"
    clerk = ts.as_user("amr_clerk")
    assert clerk.get(clerk.url(f"/api/v1/stats/overview?from={day}&to={day}&format=xlsx"),
                     timeout=30).status_code == 403


def test_no_export_carries_one_rate_without_the_other(ts):
    """不见面率 never without 满意率: in the JSON, and in the CSV and XLSX rows, side by side."""
    import csv
    import io

    import openpyxl
    sup = ts.as_user("supervisor")
    day = today().isoformat()
    if not ts.scalar("SELECT COUNT(*) FROM ratings"):
        build_world(ts)
    q = f"from={day}&to={day}"
    found = []
    walk(sup.get_json(f"/api/v1/stats/overview?{q}").json(), found)
    assert found and all("contactless_rate" in n and "satisfaction_rate" in n for n in found)
    csv_rows = list(csv.reader(io.StringIO(sup.get(sup.url(f"/api/v1/stats/overview?{q}&format=csv"),
                                                   timeout=30).content.decode("utf-8"))))
    xlsx = sup.get(sup.url(f"/api/v1/stats/overview?{q}&format=xlsx"), timeout=30).content
    xlsx_rows = list(openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True).worksheets[0].iter_rows(
        values_only=True))
    for rows in (csv_rows, xlsx_rows):
        names = [row[0] for row in rows]
        rates = [i for i, n in enumerate(names) if n.endswith("contactless_rate") or n.endswith("satisfaction_rate")]
        assert rates, names
        for i in rates:
            base = names[i].rsplit(".", 1)[0] if "." in names[i] else ""
            pair = {f"{base}.contactless_rate" if base else "contactless_rate",
                    f"{base}.satisfaction_rate" if base else "satisfaction_rate"}
            assert pair <= set(names), names
            a, b = (names.index(p) for p in sorted(pair))
            assert abs(a - b) == 1, names


def test_trend_per_day_and_duration_equals_a_brute_force_count(ts):
    """GET /api/v1/stats/trend: per day with any application or completion, and the duration
    histogram, each equal to the count over the rows; the overview's filters and reach."""
    if not ts.scalar("SELECT COUNT(*) FROM ratings"):
        build_world(ts)
    sup = ts.as_user("supervisor")
    first = today() - datetime.timedelta(days=3)
    for filt in ({}, {"department": "psb"}, {"department": "amr"}, {"channel": "window"}, {"matter": SEAL}):
        q = "&".join(f"{k}={v}" for k, v in filt.items())
        r = sup.get_json(f"/api/v1/stats/trend?from={first.isoformat()}&to={today().isoformat()}&{q}")
        assert r.status_code == 200, r.text
        got = r.json()
        days, durations = [], []
        for i in range(4):
            day = first + datetime.timedelta(days=i)
            b = brute(ts, day, durations_out=durations, **filt)
            if b["applications"] or b["completions"]:
                days.append({"day": day.isoformat(), "applications": b["applications"],
                             "completions": b["completions"]})
        assert got["days"] == days, filt
        hist = {}
        for d in durations:
            hist[d] = hist.get(d, 0) + 1
        assert got["durations"] == [{"workdays": d, "count": n} for d, n in sorted(hist.items())], filt
        assert got["query"]["from"] == first.isoformat()
    assert sup.get_json("/api/v1/stats/trend?from=2020-01-01&to=2020-01-31").json()["days"] == []
    # the overview's checks and reach
    r = sup.get_json(f"/api/v1/stats/trend?from={today().isoformat()}&to=2020-01-01")
    assert r.status_code == 422 and "to" in {e["field"] for e in r.json()["errors"]}
    r = sup.get_json(f"/api/v1/stats/trend?from={today().isoformat()}&to={today().isoformat()}&department=nosuch")
    assert r.status_code == 422 and "department" in {e["field"] for e in r.json()["errors"]}
    head = ts.as_user("amr_head")
    day = today().isoformat()
    assert head.get_json(f"/api/v1/stats/trend?from={day}&to={day}&department=psb").status_code == 403
    mine = head.get_json(f"/api/v1/stats/trend?from={day}&to={day}").json()
    assert mine["query"]["department"] == "amr"


def brute_ranking(ts, day, channel=None):
    """The ranking counted from the rows: each completion's working days against its matter's
    promised and legal days (the catalogue's current version), the rates as brute() counts them."""
    per = {}
    matters = {}
    rows = ts.query("SELECT e.at, e.to_status, c.department, c.matter_code, c.channel, c.region, c.submitted_day "
                    "FROM case_events e JOIN cases c ON c.id = e.case_id")
    for at, to, dept, mat, chan, region, submitted in rows:
        if to != "completed" or shanghai_day(at) != day or (channel and chan != channel):
            continue
        if mat not in matters:
            doc = ts.get(f"/api/v1/matters/{mat}").json()
            matters[mat] = (doc["promised_days"], doc["legal_days"])
        promised, legal = matters[mat]
        w = ts.get(f"/api/v1/calendar/{region}/workdays?from={submitted}&to={day.isoformat()}").json()["workdays"]
        p = per.setdefault(dept, dict(completions=0, immediate=0, on_time=0, speedup=0.0))
        p["completions"] += 1
        p["immediate"] += w == 0
        p["on_time"] += w <= promised
        p["speedup"] += (legal - promised) / legal
    out = {}
    for (dept,) in ts.query("SELECT code FROM departments"):
        b = brute(ts, day, department=dept, channel=channel)
        p = per.get(dept, dict(completions=0, immediate=0, on_time=0, speedup=0.0))
        assert p["completions"] == b["completions"]
        if not b["completions"] and not b["ratings"]:
            continue
        n = p["completions"]
        out[dept] = dict(completions=n, immediate=p["immediate"], on_time=p["on_time"],
                         immediate_rate=p["immediate"] / n if n else None,
                         on_time_rate=p["on_time"] / n if n else None,
                         speedup_rate=p["speedup"] / n if n else None,
                         contactless_rate=b["contactless_rate"], satisfaction_rate=b["satisfaction_rate"],
                         ratings=b["ratings"])
    return out


def test_ranking_equals_a_brute_force_count(ts):
    """GET /api/v1/stats/ranking: 即办率, on-time share and 提速率 per department, each equal to a count
    over the rows and the catalogue; both rates together; ordered by on-time rate then satisfaction,
    equal rates sharing a rank; supervisors only; bad queries refused by field."""
    if not ts.scalar("SELECT COUNT(*) FROM ratings"):
        build_world(ts)
    # an amr food licence completed too, unrated: a second department to rank
    amr = ts.as_user("amr_clerk")
    rev = ts.as_user("amr_reviewer")
    food = act(amr, file_case(ts), "accept")
    food = act(rev, act(rev, food, "review"), "approve", {"opinion": "材料齐全，符合条件"})
    act(rev, food, "issue", {"number": "T" + food["id"][:12].upper(), "title": "许可证"})
    sup = ts.as_user("supervisor")
    day = today().isoformat()
    for channel in (None, "online", "window"):
        q = f"from={day}&to={day}" + (f"&channel={channel}" if channel else "")
        r = sup.get_json(f"/api/v1/stats/ranking?{q}")
        assert r.status_code == 200, r.text
        items = r.json()["items"]
        want = brute_ranking(ts, today(), channel)
        assert [i["department"]["code"] for i in items] == sorted(
            want, key=lambda d: (want[d]["on_time_rate"] is None, -(want[d]["on_time_rate"] or 0),
                                 want[d]["satisfaction_rate"] is None, -(want[d]["satisfaction_rate"] or 0), d))
        for i, it in enumerate(items):
            w = want[it["department"]["code"]]
            for k, v in w.items():
                if isinstance(v, float):
                    assert abs(it[k] - v) < 1e-9, (channel, it["department"]["code"], k, it[k], v)
                else:
                    assert it[k] == v, (channel, it["department"]["code"], k, it[k], v)
            prev = items[i - 1] if i else None
            same = prev and (prev["on_time_rate"], prev["satisfaction_rate"]) == (it["on_time_rate"],
                                                                               it["satisfaction_rate"])
            assert it["rank"] == (prev["rank"] if same else i + 1)
        found = []
        walk(r.json(), found)
        assert all("contactless_rate" in n and "satisfaction_rate" in n for n in found)
    ranked = [i["department"]["code"] for i in sup.get_json(f"/api/v1/stats/ranking?from={day}&to={day}").json()["items"]]
    assert {"psb", "amr"} <= set(ranked)
    assert sup.get_json("/api/v1/stats/ranking?from=2020-01-01&to=2020-01-31").json()["items"] == []
    for q, field in ((f"from={day}", "to"), (f"from={day}&to={day}&channel=fax", "channel"),
                     (f"from={day}&to=2020-01-01", "to"), (f"from={day}&to={day}&department=psb", "department")):
        r = sup.get_json(f"/api/v1/stats/ranking?{q}")
        assert r.status_code == 422 and field in {e["field"] for e in r.json()["errors"]}, (q, r.text)
    assert ts.as_user("amr_head").get_json(f"/api/v1/stats/ranking?from={day}&to={day}").status_code == 403


def test_stats_rebuild_finds_no_difference_and_repairs_one(ts):
    if not ts.scalar("SELECT COUNT(*) FROM ratings"):
        build_world(ts)
    r = ts.cli("stats-rebuild")
    assert r.returncode == 0 and "no difference" in r.stdout, (r.returncode, r.stdout, r.stderr)
    ts.execute("UPDATE stats_daily SET completions = completions + 7 WHERE department = 'psb'")
    ts.execute("DELETE FROM stats_durations WHERE department = 'psb'")
    r = ts.cli("stats-rebuild")
    assert r.returncode == 3, (r.stdout, r.stderr)
    assert "kept    daily" in r.stdout and "rebuilt daily" in r.stdout and "rebuilt durations" in r.stdout
    day = today()
    got = ts.as_user("supervisor").get_json(f"/api/v1/stats/overview?from={day}&to={day}&department=psb").json()
    want = brute(ts, day, department="psb")
    assert got["completions"] == want["completions"] and got["duration_workdays"]["count"] == want[
        "duration_workdays"]["count"]
    r = ts.cli("stats-rebuild")
    assert r.returncode == 0 and "no difference" in r.stdout, r.stdout


def test_public_figures_per_department_for_anyone(ts):
    """GET /api/v1/public/stats (政务服务公示): per department with activity, the overview's figures —
    each equal to the brute-force count for that department — with its name, both rates together,
    and nothing about a person."""
    build_world(ts)
    day = today().isoformat()
    r = ts.get(f"/api/v1/public/stats?from={day}&to={day}")          # no login
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["from"], out["to"]) == (day, day)
    by = {i["department"]["code"]: i for i in out["items"]}
    assert {"psb", "amr"} <= set(by)
    for code in ("psb", "amr"):
        got, want = by[code], brute(ts, today(), department=code)
        assert got["department"]["name"]["zh"] and got["department"]["name"]["en"]
        for k, v in want.items():
            if k == "duration_workdays" and v["mean"] is not None:
                assert round(got[k]["mean"], 9) == round(v["mean"], 9) and got[k]["median"] == v["median"]
            elif isinstance(v, float):
                assert abs(got[k] - v) < 1e-9, (code, k)
            else:
                assert got[k] == v, (code, k, got[k], v)
    # a department with nothing in the period is not listed; a period with nothing lists nobody
    quiet = [c for (c,) in ts.query("SELECT code FROM departments") if c not in by]
    assert quiet and not set(quiet) & set(by)
    assert ts.get("/api/v1/public/stats?from=2020-01-01&to=2020-01-31").json()["items"] == []
    # 不见面率 never without 满意率; no name of a person, no account, no case
    found = []
    walk(out, found)
    assert found and all("contactless_rate" in n and "satisfaction_rate" in n for n in found)
    text = r.text
    for (name,) in ts.query("SELECT display_name FROM accounts WHERE kind <> 'staff'"):
        assert name not in text, name
    assert not any(k in text for k in ('"applicant', '"account', '"case', '"id_number', '"phone'))
    # bad ranges are refused by field
    for q, field in (("from=2026-12-02", "to"), ("from=x&to=2026-12-02", "from"),
                     ("from=2026-12-02&to=2026-12-01", "to"), ("from=2020-01-01&to=2026-12-31", "to")):
        p = ts.get(f"/api/v1/public/stats?{q}")
        assert p.status_code == 422 and field in {e["field"] for e in p.json()["errors"]}, (q, p.text)
    assert ts.get(f"/api/v1/public/stats?from={day}&to={day}&department=psb").status_code == 422


def test_a_department_turning_people_away_is_flagged(ts):
    """psb, seals: the week before, handled at the window (a visit each) and rated 5; this week,
    handled online (no visit) and rated 1 — against the previous period of the same length the
    in-person share and 满意率 both fell, so psb is flagged in its overview and in the ranking,
    with the reason in both languages; a period with no data before it is not flagged either way."""
    ts.set_clock(days=-7)
    clerk = ts.login(ts.new_staff("psb", "window_clerk"), STAFF_PASSWORD)
    owner = ts.as_user("xiaochi")
    for _ in range(2):
        body = case_body(ts, clerk, SEAL, channel="window", applicant={"credit_code": XIAOCHI_CODE})
        r = clerk.post_json("/api/v1/cases", body)
        assert r.status_code == 201, r.text
        case = act(clerk, r.json(), "handle_now")
        assert owner.post_json(f"/api/v1/cases/{case['id']}/rating", {"level": 5}).status_code == 201
    ts.set_clock(days=0)
    clerk = ts.login(ts.new_staff("psb", "window_clerk"), STAFF_PASSWORD)
    owner = ts.as_user("xiaochi")
    for _ in range(2):
        case = act(clerk, file_case(ts, code=SEAL), "handle_now")
        assert owner.post_json(f"/api/v1/cases/{case['id']}/rating", {"level": 1}).status_code == 201
    sup = ts.as_user("supervisor")
    first, last = today() - datetime.timedelta(days=6), today()
    o = sup.get_json(f"/api/v1/stats/overview?from={first}&to={last}&department=psb").json()
    assert o["falling"] is True, o
    assert "现场办理占比" in o["falling_reason"]["zh"] and "满意率" in o["falling_reason"]["zh"]
    assert "in-person share" in o["falling_reason"]["en"] and "satisfaction" in o["falling_reason"]["en"]
    r = sup.get_json(f"/api/v1/stats/ranking?from={first}&to={last}").json()
    psb = next(i for i in r["items"] if i["department"]["code"] == "psb")
    assert psb["falling"] is True and psb["falling_reason"] == o["falling_reason"]
    # today alone is compared with yesterday alone (nothing then): no flag either way
    one = sup.get_json(f"/api/v1/stats/overview?from={last}&to={last}&department=psb").json()
    assert one["falling"] is None and one["falling_reason"] is None, one
    # the week before, against the one before it (nothing then): no flag either way
    before = sup.get_json(f"/api/v1/stats/overview?from={first - datetime.timedelta(days=7)}"
                          f"&to={first - datetime.timedelta(days=1)}&department=psb").json()
    assert before["falling"] is None and before["falling_reason"] is None
    # at psb's window alone the in-person share stayed (every case a visit) while 满意率 fell: not flagged
    body = case_body(ts, clerk, SEAL, channel="window", applicant={"credit_code": XIAOCHI_CODE})
    r = clerk.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    case = act(clerk, r.json(), "handle_now")
    assert owner.post_json(f"/api/v1/cases/{case['id']}/rating", {"level": 1}).status_code == 201
    win = sup.get_json(f"/api/v1/stats/overview?from={first}&to={last}&department=psb&channel=window").json()
    assert win["contactless_rate"] == 0 and win["satisfaction_rate"] == 0, win
    assert win["falling"] is False and win["falling_reason"] is None, win
