"""The demo's past (issue 12, item 8): `serve --demo-history` seeds a few
hundred 12345 requests over the six weeks before it starts, through the real
intake and life cycle, so that the pages, the 三率 and the hotspots show
something on a fresh `make run`. Checked here from the outside, without the
seed's code or its data file: the requests (their rows and their timelines,
read through the API as the dispatcher) span the weeks and reach every stage;
GET /api/v1/stats/complaints equals a count worked out here from the
timelines by the rules of complaint_stats.c's header (the rules
test_complaints_stats.py counts by); the hotspots API flags a spike that the
requests themselves bear out; and a second start on the same database adds
nothing. The other suites start with `--demo` alone and count requests
exactly: they never see this history."""
import datetime
import json
from collections import Counter, defaultdict

import pytest

import dbkit
from conftest import BIN, CST, REPO, Server, cn_today

HOUR_MS = 3600 * 1000
DEMO = json.loads((REPO / "data/demo/accounts.json").read_text(encoding="utf-8"))
# a direct answer counts for the hotline centre of the operator who gives it
OPERATOR_DEPT = next(a["department"] for a in DEMO if a["username"] == "operator")
KEYS = ("dispatched", "responded", "callbacks", "resolved", "satisfied", "direct")


def day_of(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, CST).date()


@pytest.fixture(scope="module")
def hist():
    """A server started with the switch on a fresh database, and every request it holds (row and
    timeline as the dispatcher reads them)."""
    s = Server(["--demo-history"]).start()
    try:
        log = s.log_text()
        assert "demo 12345 requests over 42 days added" in log and "left out" not in log, s.log_tail()
        d = s.as_user("dispatcher")
        requests = []
        for (cid,) in s.query("SELECT id FROM complaints"):
            r = d.get_json(f"/api/v1/complaints/{cid}")
            assert r.status_code == 200, r.text
            requests.append(r.json())
        yield s, requests
    finally:
        rc = s.stop()
        s.tmp.cleanup()
        assert rc == 0, f"onestop did not stop gracefully (exit {rc}):\n{s.log_tail()}"


def actions(c):
    return [e["action"] for e in c["timeline"]]


def test_requests_span_the_weeks_and_reach_every_stage(hist):
    s, reqs = hist
    assert len(reqs) >= 200, len(reqs)
    today = cn_today()
    days = {day_of(c["created_at"]) for c in reqs}
    assert min(days) >= today - datetime.timedelta(days=43) and max(days) <= today
    assert len({d.isocalendar()[:2] for d in days}) >= 5
    assert all(c["created_at"] < s.scalar("SELECT MAX(at) FROM complaint_events") + 1 for c in reqs)
    stages = defaultdict(list)
    for c in reqs:
        acts, st = actions(c), c["status"]
        if st == "closed" and c["satisfied"] == 1 and not c["direct_answer"]:
            stages["closed satisfied"].append(c)
        if "reopen" in acts:
            cb = next(e for e in c["timeline"] if e["action"] == "callback")
            assert cb["note"]["resolved"] is False
            stages["called back unresolved, reopened"].append(c)
        if st == "replied":
            stages["replied, awaiting the callback"].append(c)
        if st in ("signed", "handling"):
            stages["signed for / in hand"].append(c)
        if st == "dispatched" and c["escalated"] and "sign" not in acts:
            stages["dispatched, never signed, escalated"].append(c)
        if "return" in acts and {"redispatch", "arbitrate"} & set(acts[acts.index("return"):]):
            stages["returned, then re-dispatched or arbitrated"].append(c)
        if "answer_directly" in acts and c["kind"] == "enquiry" and st == "closed":
            stages["enquiry answered directly"].append(c)
    want = ["closed satisfied", "called back unresolved, reopened", "replied, awaiting the callback",
            "signed for / in hand", "dispatched, never signed, escalated",
            "returned, then re-dispatched or arbitrated", "enquiry answered directly"]
    assert [w for w in want if not stages[w]] == [], {k: len(v) for k, v in stages.items()}
    # the steps are in the past, in order, each timeline as the machine writes it
    now_ms = datetime.datetime.now().timestamp() * 1000
    for c in reqs:
        ats = [e["at"] for e in c["timeline"]]
        assert ats == sorted(ats) and ats[-1] <= now_ms and ats[0] == c["created_at"], c["number"]
        assert c["timeline"][0]["action"] == "receive"
        assert c["number"].startswith("12345-" + day_of(c["created_at"]).strftime("%Y%m%d") + "-")
    # across categories, places and bodies; callers anonymous or the demo's own accounts
    assert len({c["category"] for c in reqs}) >= 15
    assert len({c["district"] for c in reqs}) >= 3 and len({c["street"] for c in reqs if c["street"]}) >= 4
    assert len({c["body"] for c in reqs if c["body"]}) >= 5
    demo_ids = {s.as_user(u).get_json("/api/v1/me").json()["id"] for u in ("zhangsan", "lisi", "xiaochi")}
    callers = {c["caller_id"] for c in reqs if c["caller_id"]}
    assert callers and callers <= demo_ids
    assert {c["channel"] for c in reqs} == {"hotline", "mobile", "web"}


def counted(reqs):
    """{(body, day): Counter} from the timelines, by complaint_stats.c's rules: a dispatch,
    re-dispatch or arbitration counts for the body it names; the first reply is a response when the
    request was signed for within the hour of its latest dispatch and replied by its reply deadline;
    a callback counts for the lead body with its answers; a direct answer for the operator's centre.
    Each on the day (Asia/Shanghai) of its step."""
    out = defaultdict(Counter)
    for c in reqs:
        lead, dispatched_at, signed_at, replied = None, None, None, False
        for e in c["timeline"]:
            a, day, note = e["action"], day_of(e["at"]), e["note"]
            if a in ("dispatch", "redispatch", "arbitrate"):
                lead, dispatched_at, signed_at = note["body"], e["at"], None
                out[(lead, day)]["dispatched"] += 1
            elif a == "sign":
                signed_at = e["at"]
            elif a == "reply" and not replied:
                replied = True
                in_time = signed_at is not None and signed_at <= dispatched_at + HOUR_MS and e["at"] <= c["reply_due"]
                out[(lead, day)]["responded"] += in_time
            elif a == "callback":
                w = out[(lead, day)]
                w["callbacks"] += 1
                w["resolved"] += note["resolved"] is True
                w["satisfied"] += note["satisfied"] is True
            elif a == "answer_directly":
                out[(OPERATOR_DEPT, day)]["direct"] += 1
    return out


def stats(s, start, end):
    r = s.as_user("supervisor").get_json("/api/v1/stats/complaints",
                                         params={"from": start.isoformat(), "to": end.isoformat()})
    assert r.status_code == 200, r.text
    return {i["body"]: i for i in r.json()["items"]}


@pytest.mark.parametrize("weeks", [None, 2])
def test_rates_equal_a_count_from_the_timelines(hist, weeks):
    """The whole period, and its last two weeks (each count falls on its step's day)."""
    s, reqs = hist
    today = cn_today()
    start = min(day_of(c["created_at"]) for c in reqs) if weeks is None else today - datetime.timedelta(weeks=weeks)
    per = counted(reqs)
    want = defaultdict(Counter)
    for (body, day), n in per.items():
        if start <= day <= today:
            want[body].update(n)
    got = stats(s, start, today)
    assert set(got) == {b for b, n in want.items() if any(n.values())}
    for b, w in want.items():
        assert {k: got[b][k] for k in KEYS} == {k: w[k] for k in KEYS}, b
        d, cb = w["dispatched"], w["callbacks"]
        assert got[b]["response_rate"] == (w["responded"] / d if d else None)
        assert got[b]["resolution_rate"] == (w["resolved"] / cb if cb else None)
        assert got[b]["satisfaction_rate"] == (w["satisfied"] / cb if cb else None)
    if weeks is None:   # something to show: bodies answered in time, called back, mostly satisfied
        body_rows = [i for i in got.values() if i["dispatched"]]
        assert len(body_rows) >= 5
        total = Counter()
        for i in body_rows:
            total.update({k: i[k] for k in KEYS})
        assert 0.6 < total["responded"] / total["dispatched"] < 1
        assert 0.5 < total["satisfied"] / total["callbacks"] < 1
        assert 0.7 < total["resolved"] / total["callbacks"] < 1


def test_hotspots_flag_a_burst_the_requests_bear_out(hist):
    s, reqs = hist
    today = cn_today()
    start = today - datetime.timedelta(days=41)
    r = s.as_user("dispatcher").get_json("/api/v1/stats/complaints/hotspots",
                                         params={"from": start.isoformat(), "to": today.isoformat()})
    assert r.status_code == 200, r.text
    out = r.json()
    flagged = [i for i in out["items"] if i["spike"]]
    assert out["spikes"] >= 1 and flagged
    counts = Counter((day_of(c["created_at"]), c["street"] or "", c["category"]) for c in reqs)
    for i in flagged:
        day = datetime.date.fromisoformat(i["day"])
        key = ((i["street"] or {}).get("code", ""), i["category"]["code"])
        n = counts[(day, *key)]
        before = [counts[(day - datetime.timedelta(days=k), *key)] for k in range(1, 8)]
        assert i["count"] == n
        # the rule as the issue states it: at least 3, and more than twice the mean of the 7 days before
        assert n >= out["min_count"] and n > out["factor"] * sum(before) / 7, (i, before)
    # a quiet week then a burst: some flagged street × category had at most one request a day before it
    assert any(max(counts[(datetime.date.fromisoformat(i["day"]) - datetime.timedelta(days=k),
                           (i["street"] or {}).get("code", ""), i["category"]["code"])]
                   for k in range(1, 8)) <= 1 for i in flagged)


def test_a_second_start_on_the_database_adds_nothing(hist):
    """Again with the switch, as its environment variable this time, on the same database (a
    second node while the first runs): the same requests, steps and counters."""
    s, reqs = hist
    sql = ("SELECT (SELECT COUNT(*) FROM complaints), (SELECT COUNT(*) FROM complaint_events), "
           "(SELECT SUM(dispatched) + SUM(callbacks) FROM complaint_stats), "
           "(SELECT SUM(n) FROM complaint_hotspots), (SELECT COUNT(*) FROM complaint_numbers), "
           "(SELECT COUNT(*) FROM messages WHERE kind = 'complaint_status')")
    before = s.query(sql)
    assert before[0][0] == len(reqs)
    url = s.db_url if dbkit.ENGINE == "postgresql" else f"sqlite:{s.db_path}"
    again = Server(env={"ONESTOP_DEMO_HISTORY": "1"}, demo=False, db_url=url).start()
    try:
        assert s.query(sql) == before
        assert "demo 12345 requests" not in again.log_text()
    finally:
        assert again.stop() == 0
        again.tmp.cleanup()


def test_the_switch_is_in_the_help():
    import subprocess
    out = subprocess.run([str(BIN), "serve", "--help"], capture_output=True, text=True, timeout=30).stdout
    assert "--demo-history" in out and "ONESTOP_DEMO_HISTORY" in out
