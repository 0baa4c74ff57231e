"""接诉即办 (issue 12): 12345 requests from intake to close, written from the
issue's rules (dispatch by the responsibility list, sign-for, reply, callback,
return with reason and basis, arbitration, reopen, direct answers, hotline
intake), and every bad input the issue lists, with the database unchanged.

Demo data the rules are checked against (data/demo/): noise (噪音扰民) at
南京东路街道 (310101002) is the street office hp-njdl's by the responsibility
list; noise elsewhere in 黄浦区 (310101) is the district's (category city →
hp-gov); a category with no row in a district falls back to the district
government (兜底)."""
import pytest

from conftest import invalid, new_phone, problem

HP, NJDL, WT = "310101", "310101002", "310101013"


def new(ts, who, **over):
    body = dict(kind="complaint", category="noise", text="夜间施工噪音扰民 Night-time construction noise",
                channel="web", district=HP, street=NJDL)
    body.update(over)
    s = ts.as_user(who) if who else ts.session()
    r = s.post(ts.url("/api/v1/complaints"), json=body, timeout=30)
    return r


def filed(ts, who="zhangsan", **over):
    r = new(ts, who, **over)
    assert r.status_code == 201, r.text
    return r.json()


def act(ts, who, c, action, body=None, version=None, status=200):
    s = ts.as_user(who)
    v = version if version is not None else s.get_json(f"/api/v1/complaints/{c['id']}").json()["version"]
    r = s.post_json(f"/api/v1/complaints/{c['id']}/actions/{action}", body or {}, headers={"If-Match": str(v)})
    assert r.status_code == status, f"{action} by {who}: {r.status_code} {r.text}"
    return r.json()


def get(ts, who, c):
    r = ts.as_user(who).get_json(f"/api/v1/complaints/{c['id']}")
    assert r.status_code == 200, r.text
    return r.json()


def rows(ts):
    return ts.query("SELECT (SELECT COUNT(*) FROM complaints), (SELECT COUNT(*) FROM complaint_events), "
                    "(SELECT COALESCE(SUM(version), 0) FROM complaints)")[0]


def test_dispatch_sign_reply_callback_satisfied_closed(ts):
    c = filed(ts)
    assert c["status"] == "dispatched" and c["body"] == "hp-njdl", "the street's row of the list wins"
    assert c["number"].startswith("12345-") and c["id"] != c["number"]
    assert c["sign_due"] - c["dispatched_at"] == 3600 * 1000, "sign-for within 1 hour"
    act(ts, "njdl_handler", c, "sign")
    act(ts, "njdl_handler", c, "start")
    act(ts, "njdl_handler", c, "reply", {"answer": "已责令施工单位夜间停工 Night works stopped"})
    out = act(ts, "zhangsan", c, "callback", {"resolved": True, "satisfied": True})
    assert out["status"] == "closed" and out["resolved"] == 1 and out["satisfied"] == 1
    steps = [e["action"] for e in out["timeline"]]
    assert steps == ["receive", "dispatch", "sign", "start", "reply", "callback", "close"]
    # the caller's timeline names bodies, never staff
    assert all("actor_name" not in e for e in out["timeline"])
    staff_view = get(ts, "njdl_handler", c)
    assert any(e["actor_name"] for e in staff_view["timeline"] if e["action"] == "sign")
    # a closed-as-satisfied request is not reopened
    p = problem(ts.as_user("zhangsan").post_json(f"/api/v1/complaints/{c['id']}/actions/reopen", {},
                                                 headers={"If-Match": str(out["version"])}), 409)
    assert p["status"] == 409


def test_district_row_and_district_government_fallback(ts):
    c = filed(ts, street=WT, category="noise")
    assert c["body"] == "hp-wt"
    c = filed(ts, street=None, category="noise")
    assert c["body"] == "hp-gov", "no street: the district's row (category city) applies"
    c = filed(ts, category="service_attitude")
    assert c["body"] == "hp-gov", "no row at all: the district government (兜底)"
    c = filed(ts, category="food_safety")
    assert c["body"] == "hp-amr", "the district's row (market) beats the city's (food_safety)"


def test_return_arbitration_no_second_return(ts):
    c = filed(ts)
    invalid(ts.as_user("njdl_handler").post_json(f"/api/v1/complaints/{c['id']}/actions/return", {},
                                                 headers={"If-Match": str(c["version"])}),
            ("reason", "required"), ("legal_basis", "required"))
    out = act(ts, "njdl_handler", c, "return",
              {"reason": "施工许可属区建管委 Permit is the district's", "legal_basis": "《职责清单》第12条"})
    assert out["status"] == "returned"
    assert "return" not in out["allowed_actions"]
    out = act(ts, "dispatcher", c, "arbitrate", {"body": "hp-wt", "reason": "属地管理 Local duty"})
    assert out["status"] == "dispatched" and out["body"] == "hp-wt" and out["arbitrated"] == 1
    before = rows(ts)
    p = problem(ts.as_user("wt_handler").post_json(f"/api/v1/complaints/{c['id']}/actions/return",
                                                   {"reason": "不属于本街道", "legal_basis": "《职责清单》第3条"},
                                                   headers={"If-Match": str(out["version"])}), 409)
    assert "sign" in {e["code"] for e in p["errors"]}
    assert rows(ts) == before
    # the former body no longer acts on it
    problem(ts.as_user("njdl_handler").post_json(f"/api/v1/complaints/{c['id']}/actions/sign", {},
                                                 headers={"If-Match": str(out["version"])}), 403)
    act(ts, "wt_handler", c, "sign")


def test_reopen_on_not_resolved_goes_to_the_same_body(ts):
    c = filed(ts)
    for a in ("sign", "start"):
        act(ts, "njdl_handler", c, a)
    act(ts, "njdl_handler", c, "reply", {"answer": "已处理 Dealt with"})
    out = act(ts, "zhangsan", c, "callback", {"resolved": False, "satisfied": False})
    assert out["status"] == "handling" and out["body"] == "hp-njdl" and out["reopens"] == 1
    out = act(ts, "njdl_handler", c, "reply", {"answer": "再次处理 Dealt with again"})
    assert out["status"] == "replied"


def test_hotline_intake_on_behalf_and_phone_masking(ts):
    phone = new_phone()
    r = new(ts, "operator", channel="hotline", phone=phone, anonymous=False)
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["channel"] == "hotline" and c["caller_id"] is None
    assert c["caller_phone"] != phone and c["caller_phone"].endswith(phone[-4:]), "masked for the hotline"
    assert get(ts, "njdl_handler", c)["caller_phone"] == phone, "the handling body sees it"
    stored = ts.query("SELECT caller_phone, text FROM complaints WHERE id = ?", c["id"])[0]
    assert all(v.startswith("s1:") and phone not in v for v in stored), "phone and free text sealed at rest"
    assert c["text"].startswith("夜间施工"), "and opened for the reader"
    notes = [n for (n,) in ts.query("SELECT note FROM complaint_events WHERE complaint_id = ?", c["id"])]
    assert notes and all(n.startswith("s1:") for n in notes)
    # anonymous to the body: masked there too
    c2 = new(ts, "operator", channel="hotline", phone=new_phone(), anonymous=True).json()
    assert "*" in get(ts, "njdl_handler", c2)["caller_phone"]
    # the hotline calls back on the caller's behalf
    for a in ("sign", "start"):
        act(ts, "njdl_handler", c, a)
    act(ts, "njdl_handler", c, "reply", {"answer": "已处理"})
    assert act(ts, "operator", c, "callback", {"resolved": True, "satisfied": False})["status"] == "closed"


def test_anonymous_web_intake_needs_a_phone(ts):
    r = new(ts, None)
    invalid(r, ("phone", "required"))
    r = new(ts, None, phone=new_phone())
    assert r.status_code == 201 and set(r.json()) == {"id", "number"}


def test_enquiry_answered_directly(ts):
    r = new(ts, "operator", channel="hotline", phone=new_phone(), kind="enquiry", category="social_insurance",
            answer="社保缴费基数可在一网通办查询 See the portal")
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["status"] == "closed" and c["direct_answer"] == 1 and c["body"] is None
    r = new(ts, "operator", channel="hotline", phone=new_phone(), kind="complaint", answer="不可以")
    invalid(r, ("answer", "enquiry_only"))


def test_unsigned_request_is_escalated(ts):
    c = filed(ts)
    ts.run_jobs()
    assert get(ts, "dispatcher", c)["escalated"] == 0
    ts.set_clock(ms=3600 * 1000 + 60 * 1000)
    try:
        ts.run_jobs()
        out = get(ts, "dispatcher", c)
        assert out["escalated"] == 1 and out["status"] == "dispatched"
        assert out["timeline"][-1]["action"] == "escalate"
        assert out["sign_colour"] == "red"
    finally:
        ts.set_clock(ms=0)


def test_stale_version_is_409(ts):
    c = filed(ts)
    act(ts, "njdl_handler", c, "sign", version=c["version"])
    problem(ts.as_user("njdl_handler").post_json(f"/api/v1/complaints/{c['id']}/actions/start", {},
                                                 headers={"If-Match": str(c["version"])}), 409)


BAD = [
    (dict(category="nope"), ("category", "unknown")),
    (dict(district="999999"), ("district", "outside_region")),
    (dict(street="310104012"), ("street", "outside_district")),
    (dict(text=""), ("text", "required")),
    (dict(text="   "), ("text", "blank")),
    (dict(text="字" * 4001), ("text", "too_long")),
    (dict(phone="12345"), ("phone", "phone")),
    (dict(kind="rant"), ("kind", "not_an_option")),
    (dict(channel="hotline"), ("channel", "hotline_only")),
    (dict(subject={"credit_code": "91310101MA1FPX0Q1X"}), ("subject.credit_code", "check_digit")),
]


@pytest.mark.parametrize("over,err", BAD)
def test_bad_intake_changes_nothing(ts, over, err):
    before = rows(ts)
    p = problem(new(ts, "zhangsan", **over), 422)
    assert err in {(e["field"], e["code"]) for e in p["errors"]}, p["errors"]
    assert all(e["message"] for e in p["errors"])
    assert rows(ts) == before


def test_who_may_act(ts):
    c = filed(ts)
    before = rows(ts)
    # signing another body's request
    problem(ts.as_user("wt_handler").post_json(f"/api/v1/complaints/{c['id']}/actions/sign", {},
                                               headers={"If-Match": str(c["version"])}), 403)
    # staff who are neither the caller nor the hotline do not file
    problem(new(ts, "amr_reviewer"), 403)
    # another person does not see it
    problem(ts.as_user("lisi").get_json(f"/api/v1/complaints/{c['id']}"), 404)
    assert rows(ts) == before
    for a in ("sign", "start"):
        act(ts, "njdl_handler", c, a)
    act(ts, "njdl_handler", c, "reply", {"answer": "已处理"})
    # a callback by someone other than the caller or the hotline
    problem(ts.as_user("njdl_handler").post_json(f"/api/v1/complaints/{c['id']}/actions/callback",
                                                 {"resolved": True, "satisfied": True},
                                                 headers={"If-Match": str(get(ts, "zhangsan", c)["version"])}),
            403)


def test_lists_and_categories(ts):
    c = filed(ts)
    mine = ts.as_user("zhangsan").get_json("/api/v1/complaints").json()["items"]
    assert c["id"] in {i["id"] for i in mine}
    queue = ts.as_user("njdl_handler").get_json("/api/v1/complaints").json()["items"]
    assert c["id"] in {i["id"] for i in queue}
    # a row names its state and its office in both languages, as the request itself does
    row = next(i for i in queue if i["id"] == c["id"])
    whole = get(ts, "njdl_handler", c)
    assert (row["status_zh"], row["status_en"]) == (whole["status_zh"], whole["status_en"]) == \
        ("已派单，待签收", "Dispatched, awaiting sign-for")
    assert (row["body_zh"], row["body_en"]) == (whole["body_zh"], whole["body_en"]) and row["body_zh"]
    assert c["id"] not in {i["id"] for i in ts.as_user("wt_handler").get_json("/api/v1/complaints").json()["items"]}
    assert c["id"] in {i["id"] for i in ts.as_user("dispatcher").get_json("/api/v1/complaints").json()["items"]}
    tree = ts.get("/api/v1/complaint-categories").json()["items"]
    flat = [k for root in tree for k in [root] + root["children"]]
    assert len(flat) >= 30
    assert {k["time_class"] for k in flat} == {"urgent", "utility", "general", "complex"}


def test_co_handler_sees_the_whole_request(ts):
    c = filed(ts)
    act(ts, "njdl_handler", c, "return", {"reason": "涉及两个街道", "legal_basis": "《职责清单》"})
    act(ts, "dispatcher", c, "redispatch", {"body": "hp-njdl", "co_bodies": ["hp-wt"]})
    co = get(ts, "wt_handler", c)
    assert [b["code"] for b in co["bodies"]] == ["hp-njdl", "hp-wt"] and co["bodies"][0]["lead"]
    assert co["allowed_actions"] == [], "a co-handler reads; the lead acts"
    # the lead is not its own co-handler, and a co-handler is named once
    before = rows(ts)
    s = ts.as_user("dispatcher")
    for co_bodies, err in ((["hp-njdl"], ("co_bodies[0]", "is_lead")), (["hp-wt", "hp-wt"], ("co_bodies[1]", "duplicate")),
                           (["nobody"], ("co_bodies[0]", "not_a_body"))):
        v = s.get_json(f"/api/v1/complaints/{c['id']}").json()["version"]
        invalid(s.post_json(f"/api/v1/complaints/{c['id']}/actions/redispatch", {"body": "hp-njdl", "co_bodies": co_bodies},
                            headers={"If-Match": str(v)}), err)
    assert rows(ts) == before


# ---------------------------------------------------------------- duplicates merged (合并办理)
# The rule: a request may follow the handling of another of the same category
# at the same place (district and street) filed within 7 days, when that one
# is in hand (dispatched, signed for, being handled). Only the hotline's
# dispatcher merges. The lead's reply answers every request merged into it;
# each caller is called back for themselves.

def merge(ts, who, c, into, status=200):
    return act(ts, who, c, "merge", {"into": into["id"], "reason": "同一工地 Same site"}, status=status)


def test_a_duplicate_follows_the_lead_and_each_caller_is_called_back(ts):
    lead = filed(ts, "zhangsan", text="南京东路工地夜间施工 Night works on Nanjing Road East")
    dup = filed(ts, "lisi", text="工地晚上还在打桩 Piling at night")
    seen = get(ts, "dispatcher", dup)
    assert lead["id"] in [d["id"] for d in seen["duplicates"]], "the dispatcher is shown the candidate"
    assert "merge" in seen["allowed_actions"]
    out = merge(ts, "dispatcher", dup, lead)
    assert out["status"] == "merged" and out["merged_into"] == {"id": lead["id"], "number": lead["number"]}
    assert out["timeline"][-1]["action"] == "merge"
    mine = get(ts, "lisi", dup)
    assert mine["status"] == "merged" and mine["status_zh"] == "已合并办理"
    assert mine["merged_into"]["number"] == lead["number"], "the caller is told which request it follows"
    assert [m["number"] for m in get(ts, "njdl_handler", lead)["merged"]] == [dup["number"]]
    assert get(ts, "njdl_handler", dup)["allowed_actions"] == [], "the body works on the lead only"
    for a in ("sign", "start"):
        act(ts, "njdl_handler", lead, a)
    answer = "已责令工地夜间停工 Night works stopped"
    act(ts, "njdl_handler", lead, "reply", {"answer": answer})
    followed = get(ts, "lisi", dup)
    assert followed["status"] == "replied" and followed["answer"] == answer, "the lead's reply answers it"
    assert followed["timeline"][-1]["action"] == "follow"
    assert followed["allowed_actions"] == ["callback"]
    out = act(ts, "lisi", dup, "callback", {"resolved": True, "satisfied": True})
    assert out["status"] == "closed"
    out = act(ts, "zhangsan", lead, "callback", {"resolved": False, "satisfied": False})
    assert out["status"] == "handling", "the lead reopens for its own caller"
    assert get(ts, "lisi", dup)["status"] == "closed", "and the duplicate's own answer stands"


def test_a_reopened_duplicate_goes_back_to_the_lead_body(ts):
    lead = filed(ts, "zhangsan", category="street_vending", text="占道经营 Street vending")
    dup = filed(ts, "lisi", category="street_vending", text="路口摆摊 Stalls at the corner")
    merge(ts, "dispatcher", dup, lead)
    for a in ("sign", "start"):
        act(ts, "njdl_handler", lead, a)
    act(ts, "njdl_handler", lead, "reply", {"answer": "已劝离 Moved on"})
    out = act(ts, "lisi", dup, "callback", {"resolved": False, "satisfied": False})
    assert out["status"] == "handling" and out["body"] == "hp-njdl"
    act(ts, "njdl_handler", dup, "reply", {"answer": "再次劝离 Moved on again"})


def test_merge_refusals_change_nothing(ts):
    lead = filed(ts, "zhangsan", category="parking", text="乱停车 Bad parking")
    other_category = filed(ts, "lisi", category="garbage", text="垃圾未清运 Rubbish not collected")
    other_street = filed(ts, "lisi", category="parking", street=WT, text="乱停车 Bad parking")
    dup = filed(ts, "lisi", category="parking", text="人行道停车 Parking on the pavement")
    closed = filed(ts, "operator", category="parking", kind="enquiry", answer="可拨打 110 No: call 110",
                   phone=new_phone(), channel="hotline")
    assert closed["status"] == "closed"
    chained = filed(ts, "xiaochi", category="parking", text="又停满了 Full again")
    merge(ts, "dispatcher", chained, lead)
    signed = filed(ts, "xiaochi", category="parking", text="占用消防通道 Blocking the fire lane")
    act(ts, "njdl_handler", signed, "sign")
    before = rows(ts)
    s = ts.as_user("dispatcher")

    def refused(c, into, field_code, status=422):
        v = s.get_json(f"/api/v1/complaints/{c['id']}").json()["version"]
        r = s.post_json(f"/api/v1/complaints/{c['id']}/actions/merge", {"into": into},
                        headers={"If-Match": str(v)})
        if status == 422:
            invalid(r, field_code)
        else:
            problem(r, status)
        assert rows(ts) == before

    refused(other_category, lead["id"], ("into", "category"))
    refused(other_street, lead["id"], ("into", "place"))
    refused(dup, dup["id"], ("into", "self"))
    refused(dup, closed["id"], ("into", "not_in_hand"))
    refused(dup, chained["id"], ("into", "chained"))
    refused(dup, "0" * 32, ("into", "not_found"))
    refused(dup, "", ("into", "required"))
    refused(signed, lead["id"], None, status=409)          # signed for: the body has it, no merge
    for who in ("njdl_handler", "lisi", "operator"):
        v = s.get_json(f"/api/v1/complaints/{dup['id']}").json()["version"]
        problem(ts.as_user(who).post_json(f"/api/v1/complaints/{dup['id']}/actions/merge", {"into": lead["id"]},
                                          headers={"If-Match": str(v)}), 403)
    assert rows(ts) == before
    # more than 7 days apart
    ts.set_clock(days=8)
    try:
        late = filed(ts, "lisi", category="parking", text="还是乱停车 Still bad parking")
        v = ts.as_user("dispatcher").get_json(f"/api/v1/complaints/{late['id']}").json()["version"]
        invalid(ts.as_user("dispatcher").post_json(f"/api/v1/complaints/{late['id']}/actions/merge",
                                                   {"into": lead["id"]}, headers={"If-Match": str(v)}),
                ("into", "window"))
    finally:
        ts.set_clock(ms=0)


# ---------------------------------------------------------------- supervision orders (督办)

def test_a_request_past_its_reply_deadline_gets_one_supervision_order(ts):
    c = filed(ts, "zhangsan", category="fire_hazard", text="楼道堆放杂物堵塞通道 Corridor blocked")
    assert c["body"] == "fire" and c["reply_due"] - c["created_at"] == 2 * 3600 * 1000, "urgent: 2 hours"
    ts.run_jobs()
    assert not get(ts, "dispatcher", c)["supervised"]
    ts.set_clock(ms=2 * 3600 * 1000 + 60 * 1000)
    try:
        ts.run_jobs()
        ts.run_jobs()
        out = get(ts, "zhangsan", c)
        assert out["supervised"] and out["timeline"][-1]["action"] == "supervise"
        assert [e["action"] for e in out["timeline"]].count("supervise") == 1
        assert ts.query("SELECT department, kind FROM supervisions WHERE subject_type = 'complaint' "
                        "AND subject_id = ?", c["id"]) == [("fire", "overdue")]
        supervisor = ts.query("SELECT id FROM accounts WHERE username = 'supervisor'")[0][0]
        assert ts.query("SELECT COUNT(*) FROM messages WHERE account_id = ? AND kind = 'supervision' "
                        "AND entity_id = ?", supervisor, c["id"])[0][0] == 1
    finally:
        ts.set_clock(ms=0)


# ---------------------------------------------------------------- attachments

def test_attachments_are_read_through_the_request_by_its_readers_only(ts):
    from casekit import PDF, upload
    photo = upload(ts.as_user("zhangsan"), name="噪音现场 13812345678.pdf")
    c = filed(ts, "zhangsan", attachments=[photo])
    assert [a["id"] for a in c["attachments"]] == [photo]
    assert c["attachments"][0]["name"] == "噪音现场 13812345678.pdf", "whole to its uploader"
    staff = get(ts, "njdl_handler", c)["attachments"]
    assert [a["id"] for a in staff] == [photo] and "13812345678" not in staff[0]["name"]
    for who in ("njdl_handler", "dispatcher", "operator", "supervisor"):
        r = ts.as_user(who).get_json(f"/api/v1/files/{photo}")
        assert r.status_code == 200 and r.content == PDF, who
    for who in ("wt_handler", "lisi", "amr_reviewer"):
        assert ts.as_user(who).get_json(f"/api/v1/files/{photo}").status_code == 404, who
    # an attached upload is not purged as unattached (uploads are kept 30 days unattached), and does not
    # stop the purge of those that are
    loose = upload(ts.as_user("zhangsan"), name="没用上.pdf")
    ts.set_clock(days=31)
    try:
        ts.run_jobs()
        assert ts.as_user("zhangsan").get_json(f"/api/v1/files/{photo}").status_code == 200
        assert ts.as_user("zhangsan").get_json(f"/api/v1/files/{loose}").status_code == 404
    finally:
        ts.set_clock(ms=0)


def test_bad_attachments_change_nothing(ts):
    from casekit import upload
    mine = upload(ts.as_user("zhangsan"))
    theirs = upload(ts.as_user("lisi"))
    before = rows(ts)
    for attachments, err in (([theirs], ("attachments[0]", "not_found")),
                             (["0" * 32], ("attachments[0]", "not_found")),
                             ([mine, mine], ("attachments[1]", "duplicate")),
                             ([7], ("attachments[0]", "type")),
                             ([mine] * 10, ("attachments", "too_long"))):
        invalid(new(ts, "zhangsan", attachments=attachments), err)
    invalid(new(ts, None, attachments=[mine], phone=new_phone()), ("attachments[0]", "login_required"))
    assert rows(ts) == before


# ---------------------------------------------------------------- category search (简/繁)

def test_category_search_finds_simplified_names_from_traditional_and_english(ts):
    s = ts.session()

    def codes(q):
        r = s.get(ts.url("/api/v1/complaint-categories"), params={"q": q}, timeout=30)
        assert r.status_code == 200, r.text
        return [m["code"] for m in r.json()["matches"]]

    assert "illegal_building" in codes("違法建設"), "繁體 finds 简体"
    assert "power_outage" in codes("停電")
    assert "noise" in codes("噪音") and "noise" in codes("NOISE"), "English, case folded"
    assert codes("没有这种分类") == []
    m = s.get(ts.url("/api/v1/complaint-categories"), params={"q": "停电"}, timeout=30).json()["matches"]
    assert {"code", "zh", "en", "parent_zh", "parent_en", "time_class"} <= set(m[0])
    for q in ("", " ", "噪" * 21):
        invalid(s.get(ts.url("/api/v1/complaint-categories"), params={"q": q}, timeout=30), ("q", "length"))
    invalid(s.get(ts.url("/api/v1/complaint-categories"), params={"x": "1"}, timeout=30), ("x", "unknown_parameter"))


# ---------------------------------------------------------------- Idempotency-Key at intake

def test_a_retry_with_its_idempotency_key_files_nothing_new(ts):
    body = dict(kind="complaint", category="noise", text="凌晨装修噪音 Renovation noise at dawn", channel="web",
                district=HP, street=NJDL)

    def post(who, key, b=body):
        s = ts.as_user(who) if who else ts.session()
        return s.post(ts.url("/api/v1/complaints"), json=b, headers={"Idempotency-Key": key}, timeout=30)

    first = post("zhangsan", "k-retry-1")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    before = rows(ts)
    again = post("zhangsan", "k-retry-1")
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["id"] == first.json()["id"] and again.headers["Location"] == first.headers["Location"]
    assert rows(ts) == before, "a replay files nothing"
    problem(post("zhangsan", "k-retry-1", {**body, "text": "另一件事 Something else"}), 422, "idempotency-mismatch")
    assert rows(ts) == before
    other = post("lisi", "k-retry-1")                 # a key is the filer's own
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    # without an account: the same key and the same request (phone included) only
    anon = {**body, "phone": new_phone()}
    a1 = post(None, "k-anon-1", anon)
    a2 = post(None, "k-anon-1", anon)
    assert a1.status_code == a2.status_code == 201 and a2.json() == a1.json() and set(a1.json()) == {"id", "number"}
    problem(post(None, "k-anon-1", {**anon, "phone": new_phone()}), 422, "idempotency-mismatch")
    before = rows(ts)
    invalid(post("zhangsan", "k" * 65), ("Idempotency-Key", "too_long"), status=400)
    assert rows(ts) == before
