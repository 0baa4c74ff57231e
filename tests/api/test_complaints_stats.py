"""三率 of 12345 requests (issue 12) against a brute-force count: a generated
set of requests with known outcomes — signed for in the hour or late,
replied or not, resolved and satisfied or not at callback, one returned and
re-dispatched — and the rates of GET /api/v1/stats/complaints must equal the
counts worked out here from what the test did, and a recount from the rows.
响应率 = signed for within the hour and first replied within the time class /
dispatched to the body; 解决率 = resolved / callbacks; 满意率 = satisfied /
callbacks. A duplicate merged into a request in hand (合并办理) counts as
that request was handled: one more dispatched to the lead's body when it
was filed with another, responded when the lead was, and its own callback.
A server of this module's own: the counts are exact."""
import datetime
import random

from conftest import invalid, problem

HP = "310101"
STREETS = {"310101002": "hp-njdl", "310101013": "hp-wt"}
HANDLER = {"hp-njdl": "njdl_handler", "hp-wt": "wt_handler"}


def act(ts, who, cid, action, body=None):
    s = ts.as_user(who)
    v = s.get_json(f"/api/v1/complaints/{cid}").json()["version"]
    r = s.post_json(f"/api/v1/complaints/{cid}/actions/{action}", body or {}, headers={"If-Match": str(v)})
    assert r.status_code == 200, f"{action}: {r.text}"
    return r.json()


def test_rates_match_a_brute_force_count(ts):
    rng = random.Random(12345)
    want = {b: dict(dispatched=0, responded=0, callbacks=0, resolved=0, satisfied=0) for b in HANDLER}
    plan = []
    for i in range(14):
        street = rng.choice(sorted(STREETS))
        r = ts.as_user("zhangsan").post_json("/api/v1/complaints", {
            "kind": "complaint", "category": "noise", "channel": "web", "district": HP, "street": street,
            "text": f"噪音 {i}"})
        assert r.status_code == 201, r.text
        c = r.json()
        body = STREETS[street]
        want[body]["dispatched"] += 1
        plan.append(dict(id=c["id"], body=body, street=street, late=rng.random() < 0.3, reply=rng.random() < 0.8,
                         resolved=rng.random() < 0.6, satisfied=rng.random() < 0.5))
    # one is returned and re-dispatched to the other street: dispatched counts for both
    moved = plan[0]
    act(ts, HANDLER[moved["body"]], moved["id"], "return", {"reason": "不属本街道", "legal_basis": "《职责清单》"})
    other = "hp-wt" if moved["body"] == "hp-njdl" else "hp-njdl"
    act(ts, "dispatcher", moved["id"], "redispatch", {"body": other})
    moved["body"] = other
    want[other]["dispatched"] += 1
    # two duplicates, each filed at its lead's street: the first lead now belongs to the other street's
    # body, so its duplicate is dispatched to one body and merged into the other's handling
    dups = []
    for lead in plan[:2]:
        lead["reply"] = True
        r = ts.as_user("lisi").post_json("/api/v1/complaints", {
            "kind": "complaint", "category": "noise", "channel": "web", "district": HP, "street": lead["street"],
            "text": "又是噪音 Noise again"})
        assert r.status_code == 201, r.text
        d = r.json()
        want[STREETS[lead["street"]]]["dispatched"] += 1
        act(ts, "dispatcher", d["id"], "merge", {"into": lead["id"]})
        if STREETS[lead["street"]] != lead["body"]:
            want[lead["body"]]["dispatched"] += 1
        dups.append(dict(id=d["id"], lead=lead["id"], resolved=rng.random() < 0.6, satisfied=rng.random() < 0.5))
    for p in plan:
        if not p["late"]:
            act(ts, HANDLER[p["body"]], p["id"], "sign")
    ts.set_clock(ms=2 * 3600 * 1000)   # past every sign-for hour, well within 7 working days
    try:
        for p in plan:
            h = HANDLER[p["body"]]
            if p["late"]:
                act(ts, h, p["id"], "sign")
            if not p["reply"]:
                continue
            act(ts, h, p["id"], "start")
            act(ts, h, p["id"], "reply", {"answer": "已处理"})
            w = want[p["body"]]
            w["responded"] += not p["late"]
            act(ts, "zhangsan", p["id"], "callback", {"resolved": p["resolved"], "satisfied": p["satisfied"]})
            w["callbacks"] += 1
            w["resolved"] += p["resolved"]
            w["satisfied"] += p["satisfied"]
            for d in dups:
                if d["lead"] != p["id"]:
                    continue
                w["responded"] += not p["late"]
                act(ts, "lisi", d["id"], "callback", {"resolved": d["resolved"], "satisfied": d["satisfied"]})
                w["callbacks"] += 1
                w["resolved"] += d["resolved"]
                w["satisfied"] += d["satisfied"]
        today = datetime.date.today()
        q = {"from": (today - datetime.timedelta(days=1)).isoformat(),
             "to": (today + datetime.timedelta(days=1)).isoformat()}
        r = ts.as_user("supervisor").get_json("/api/v1/stats/complaints", params=q)
        assert r.status_code == 200, r.text
        got = {i["body"]: i for i in r.json()["items"]}
        for b, w in want.items():
            for k, v in w.items():
                assert got[b][k] == v, f"{b} {k}: {got[b][k]} != {v}"
            assert got[b]["response_rate"] == (w["responded"] / w["dispatched"])
            assert got[b]["satisfaction_rate"] == (w["satisfied"] / w["callbacks"] if w["callbacks"] else None)
            assert got[b]["resolution_rate"] == (w["resolved"] / w["callbacks"] if w["callbacks"] else None)
        # the same from the rows themselves (no redispatch after a reply here)
        rows = ts.query("SELECT body, COUNT(*) FROM complaints WHERE replied_at IS NOT NULL "
                        "AND signed_at <= sign_due AND replied_at <= reply_due GROUP BY body")
        assert {b: n for b, n in rows} == {b: w["responded"] for b, w in want.items() if w["responded"]}
        one = ts.as_user("njdl_handler").get_json("/api/v1/stats/complaints", params={**q, "body": "hp-njdl"})
        assert [i["body"] for i in one.json()["items"]] == ["hp-njdl"]
    finally:
        ts.set_clock(ms=0)


def test_bad_periods(ts):
    s = ts.as_user("supervisor")
    invalid(s.get_json("/api/v1/stats/complaints", params={"from": "2026-13-01", "to": "2026-12-01"}),
            ("from", "date"))
    invalid(s.get_json("/api/v1/stats/complaints", params={"from": "2025-01-01", "to": "2026-12-01"}),
            ("to", "range"))
    invalid(s.get_json("/api/v1/stats/complaints", params={"from": "2026-12-01", "to": "2026-12-01",
                                                           "body": "nobody"}), ("body", "not_a_body"))
    problem(ts.as_user("zhangsan").get_json("/api/v1/stats/complaints"), 403)
