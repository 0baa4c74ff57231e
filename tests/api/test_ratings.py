"""好差评 (issue 13): the applicant of a completed case rates it once, 1 to 5,
with the tags of its channel (online: 效率 指南准确 便利 平台易用; in person:
效率 服务水平 态度) and a comment, and may name the staff member who served
them — seen by supervisors and the department head, not by the one named. A
walk-in rates with a code the window clerk hands over, without logging in.
Unrated three days after completion, the applicant is invited in the outbox.
Each bad input the issue names is a 4xx naming the field, nothing written."""
import datetime

from conftest import STAFF_PASSWORD

from casekit import SEAL, act, case_body, file_case

XIAOCHI_CODE = "91310101MA1FPX0Q1Y"


def psb_staff(ts, roles):
    """A logged-in session of a new police (psb) staff member, and their account id."""
    s = ts.login(ts.new_staff("psb", roles), STAFF_PASSWORD)
    return s, s.get_json("/api/v1/me").json()["id"]


def completed_online(ts, clerk):
    """xiaochi files 公章刻制备案 (an immediate matter of psb) online; the psb clerk completes it."""
    case = file_case(ts, code=SEAL)
    case = act(clerk, case, "handle_now")
    assert case["status"] == "completed"
    return case


def completed_at_window(ts, clerk):
    body = case_body(ts, clerk, SEAL, channel="window", applicant={"credit_code": XIAOCHI_CODE})
    r = clerk.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    case = act(clerk, r.json(), "handle_now")
    assert case["status"] == "completed"
    return case


def fields(p):
    return {e["field"] for e in p.get("errors", [])}


def ratings_count(ts):
    return ts.scalar("SELECT COUNT(*) FROM ratings")


def rate(s, case_id, body, status):
    r = s.post_json(f"/api/v1/cases/{case_id}/rating", body)
    assert r.status_code == status, r.text
    return r.json()


def test_rating_a_completed_case_once(ts):
    owner = ts.as_user("xiaochi")
    clerk, clerk_id = psb_staff(ts, "window_clerk")
    case = file_case(ts, code=SEAL)
    # not completed yet: 409 naming the case, nothing written
    p = rate(owner, case["id"], {"level": 5}, 409)
    assert ("case", "not_completed") in [(e["field"], e["code"]) for e in p["errors"]]
    got = owner.get_json(f"/api/v1/cases/{case['id']}/rating").json()
    assert got["may_rate"] is False and got["rating"] is None and got["completed"] is False
    case = act(clerk, case, "handle_now")
    got = owner.get_json(f"/api/v1/cases/{case['id']}/rating").json()
    assert got["may_rate"] is True and got["completed"] is True and got["channel"] == "online"
    assert [t["code"] for t in got["tags_offered"]] == ["efficiency", "accurate_guide", "convenience",
                                                        "easy_platform"]
    # someone else's case: not found to another applicant, refused to staff and overseers
    assert ts.as_user("zhangsan").post_json(f"/api/v1/cases/{case['id']}/rating", {"level": 5}).status_code == 404
    for who in ("supervisor", "amr_head"):
        assert ts.as_user(who).post_json(f"/api/v1/cases/{case['id']}/rating", {"level": 5}).status_code == 403
    assert clerk.post_json(f"/api/v1/cases/{case['id']}/rating", {"level": 5}).status_code == 403
    other_dept_staff = ts.as_user("amr_reviewer").get_json("/api/v1/me").json()["id"]
    bad = [
        ({"level": 0}, "level"),
        ({"level": 6}, "level"),
        ({"level": "5"}, "level"),
        ({}, "level"),
        ({"level": 4, "tags": ["attitude"]}, "tags[0]"),          # an in-person tag on an online case
        ({"level": 4, "tags": ["efficiency", "efficiency"]}, "tags[1]"),
        ({"level": 4, "tags": [3]}, "tags[0]"),
        ({"level": 4, "comment": "长" * 501}, "comment"),
        ({"level": 4, "staff": other_dept_staff}, "staff"),        # not of the department that served
        ({"level": 4, "window": "窗" * 33}, "window"),
    ]
    before = ratings_count(ts)
    for body, field in bad:
        r = owner.post_json(f"/api/v1/cases/{case['id']}/rating", body)
        assert r.status_code == 422, (body, r.text)
        assert field in fields(r.json()), (body, r.json())
    assert ratings_count(ts) == before
    got = rate(owner, case["id"], {"level": 4, "tags": ["efficiency", "convenience"], "comment": "很快",
                                   "staff": clerk_id, "window": "3号窗口"}, 201)
    r1 = got["rating"]
    assert r1["level"] == 4 and r1["level_zh"] == "满意" and r1["comment"] == "很快" and r1["via"] == "portal"
    assert [t["zh"] for t in r1["tags"]] == ["效率", "便利"]
    assert r1["staff"]["id"] == clerk_id and r1["window"] == "3号窗口"
    assert got["may_rate"] is False
    assert ratings_count(ts) == before + 1
    # twice: 409 naming the case, still one rating
    p = rate(owner, case["id"], {"level": 1}, 409)
    assert ("case", "already_rated") in [(e["field"], e["code"]) for e in p["errors"]]
    assert ts.scalar("SELECT level FROM ratings WHERE subject_id = ?", case["id"]) == 4
    assert ts.scalar("SELECT rater_id FROM ratings WHERE subject_id = ?", case["id"]) == owner.get_json(
        "/api/v1/me").json()["id"]
    audit = ts.as_user("supervisor").get_json(f"/api/v1/audit?entity=case&id={case['id']}").json()["items"]
    assert "rating.create" in [a["action"] for a in audit]


def test_who_reads_a_rating_naming_a_staff_member(ts):
    owner = ts.as_user("xiaochi")
    clerk, clerk_id = psb_staff(ts, "window_clerk")
    head, _ = psb_staff(ts, "dept_head")
    case = completed_online(ts, clerk)
    rate(owner, case["id"], {"level": 2, "staff": clerk_id, "comment": "态度不好"}, 201)
    path = f"/api/v1/cases/{case['id']}/rating"
    for s in (owner, head, ts.as_user("supervisor")):
        got = s.get_json(path)
        assert got.status_code == 200, got.text
        assert got.json()["rating"]["staff"]["id"] == clerk_id
    # the one named (and every other staff member who handled it) does not see it
    assert clerk.get_json(path).status_code == 403
    assert ts.as_user("amr_head").get_json(path).status_code == 403      # another department's head
    assert ts.as_user("zhangsan").get_json(path).status_code == 404
    # the view never carries the rater's identity
    body = ts.as_user("supervisor").get_json(path).json()
    assert "rater" not in str(body) and owner.get_json("/api/v1/me").json()["id"] not in str(body)


def test_walk_in_rating_code(ts):
    clerk, clerk_id = psb_staff(ts, "window_clerk")
    case = completed_at_window(ts, clerk)
    # only a clerk of the case's own department hands out a code
    r = ts.as_user("amr_clerk").post_json("/api/v1/rating-codes", {"case": case["id"]})
    assert r.status_code == 403, r.text
    assert ts.as_user("xiaochi").post_json("/api/v1/rating-codes", {"case": case["id"]}).status_code == 403
    r = clerk.post_json("/api/v1/rating-codes", {"case": "nosuchcase"})
    assert r.status_code == 404 and "case" in fields(r.json())
    pending = file_case(ts, code=SEAL)
    r = clerk.post_json("/api/v1/rating-codes", {"case": pending["id"]})
    assert r.status_code == 409 and "case" in fields(r.json())
    first = clerk.post_json("/api/v1/rating-codes", {"case": case["id"]}).json()["code"]
    r = clerk.post_json("/api/v1/rating-codes", {"case": case["id"]})
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    assert len(code) == 8 and code.isdigit()
    assert ts.scalar("SELECT COUNT(*) FROM rating_codes WHERE code_hash = ?", code) == 0   # only its hash
    anon = ts.session()
    before = ratings_count(ts)
    wrong = "0" * 8 if code != "0" * 8 else "1" * 8
    for bad_code in (wrong, "12ab", first):      # a wrong code, a malformed one, the one the second replaced
        r = anon.post(ts.url("/api/v1/ratings/by-code"), json={"code": bad_code, "level": 5})
        assert r.status_code == 422, r.text
        assert "code" in fields(r.json())
    r = anon.post(ts.url("/api/v1/ratings/by-code"), json={"code": code, "level": 5, "tags": ["convenience"]})
    assert r.status_code == 422 and "tags[0]" in fields(r.json())   # an online tag at the window
    assert ratings_count(ts) == before
    r = anon.post(ts.url("/api/v1/ratings/by-code"), json={"code": code, "level": 5, "tags": ["attitude", "service"],
                                                   "staff": clerk_id})
    assert r.status_code == 201, r.text
    r = anon.post(ts.url("/api/v1/ratings/by-code"), json={"code": code, "level": 1})
    assert r.status_code == 422 and "code" in fields(r.json())      # used once
    got = ts.as_user("xiaochi").get_json(f"/api/v1/cases/{case['id']}/rating").json()
    assert got["rating"]["via"] == "code" and got["rating"]["level"] == 5 and got["may_rate"] is False
    assert ts.scalar("SELECT rater_id FROM ratings WHERE subject_id = ?", case["id"]) is None
    # a rated case gets no further code, and its owner cannot rate it again
    assert clerk.post_json("/api/v1/rating-codes", {"case": case["id"]}).status_code == 409
    assert ts.as_user("xiaochi").post_json(f"/api/v1/cases/{case['id']}/rating", {"level": 3}).status_code == 409


def test_invitation_three_days_after_completion(ts):
    owner = ts.as_user("xiaochi")
    clerk, _ = psb_staff(ts, "window_clerk")
    unrated = completed_online(ts, clerk)
    rated = completed_online(ts, clerk)
    rate(owner, rated["id"], {"level": 5}, 201)

    def invitations(case_id):
        return ts.scalar("SELECT COUNT(*) FROM messages WHERE kind = 'rating.invite' AND entity_id = ?", case_id)

    try:
        ts.set_clock(days=2)
        ts.run_jobs()
        assert invitations(unrated["id"]) == 0          # not yet three days
        ts.set_clock(days=3, ms=3 * 86400 * 1000 + 60 * 1000)
        ts.run_jobs()
        ts.run_jobs()                                   # a second run sends nothing more
        assert invitations(unrated["id"]) == 1
        assert invitations(rated["id"]) == 0
        msgs = ts.as_user("xiaochi").get_json("/api/v1/me/messages").json()["items"]
        invite = [m for m in msgs if m["kind"] == "rating.invite" and m["entity"]["id"] == unrated["id"]]
        assert len(invite) == 1 and unrated["number"] in invite[0]["body"]["zh"]
    finally:
        ts.set_clock(days=0)


def rect_act(s, rect, action, body, status, version=None):
    v = rect["version"] if version is None else version
    r = s.post(s.url(f"/api/v1/rectifications/{rect['id']}/actions/{action}"), json=body,
               headers={"If-Match": f'"{v}"'}, timeout=30)
    assert r.status_code == status, f"{action}: {r.status_code} {r.text}"
    return r.json()


def rect_of(s, case_id):
    items = s.get_json("/api/v1/rectifications?limit=100").json()["items"]     # a page (newest first) is enough
    found = [x for x in items if x["subject"]["id"] == case_id]
    return found[0] if found else None


def test_bad_rating_rectification_then_rerating(ts):
    owner = ts.as_user("xiaochi")
    clerk, _ = psb_staff(ts, "window_clerk")
    head, _ = psb_staff(ts, "dept_head")
    good, bad = completed_online(ts, clerk), completed_online(ts, clerk)
    rate(owner, good["id"], {"level": 3}, 201)
    rate(owner, bad["id"], {"level": 2, "comment": "等了很久"}, 201)
    assert rect_of(head, good["id"]) is None               # 3 is not a bad rating
    rect = rect_of(head, bad["id"])
    assert rect["status"] == "open" and rect["department"] == "psb" and rect["subject"]["label"] == bad["number"]
    # deadlines in working days from the rating's day, by the region's calendar
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()
    for key, n in (("callback_due", 1), ("fix_due", 15)):
        want = ts.get(f"/api/v1/calendar/310000/workdays?from={today}&add={n}").json()
        assert rect[key] == want["date"], (key, rect, want)
    assert rect_of(ts.as_user("supervisor"), bad["id"])["id"] == rect["id"]   # supervisors read every one
    assert rect_of(ts.as_user("amr_head"), bad["id"]) is None                  # another department's head does not
    # no re-rating before the rectification is done, and none where there is no rectification
    for case in (bad, good):
        p = rate(owner, case["id"], {"level": 5}, 409)
        assert "case" in fields(p)
    # the machine's order, the note, If-Match, and only the department's head
    p = rect_act(head, rect, "record_fix", {"note": "已整改"}, 409)
    assert [e["code"] for e in p["errors"]] == ["record_callback"]
    assert "note" in fields(rect_act(head, rect, "record_callback", {}, 422))
    assert "note" in fields(rect_act(head, rect, "record_callback", {"note": ""}, 422))
    rect_act(head, rect, "record_callback", {"note": "已回访"}, 409, version=rect["version"] + 5)
    rect_act(ts.as_user("amr_head"), rect, "record_callback", {"note": "x"}, 403)
    rect_act(ts.as_user("supervisor"), rect, "record_callback", {"note": "x"}, 403)   # supervisors change nothing
    assert rect_of(head, bad["id"])["status"] == "open"
    rect = rect_act(head, rect, "record_callback", {"note": "已电话回访，致歉"}, 200)
    assert rect["status"] == "called_back" and rect["callback_note"] == "已电话回访，致歉"
    assert "record_fix" in rect["allowed_actions"]
    rect = rect_act(head, rect, "record_fix", {"note": "增开一个窗口"}, 200)
    assert rect["status"] == "fixed" and rect["allowed_actions"] == []
    # now the rater may re-rate, once
    got = owner.get_json(f"/api/v1/cases/{bad['id']}/rating").json()
    assert got["may_rate"] is True and got["rerating"] is None
    assert "level" in fields(rate(owner, bad["id"], {"level": 9}, 422))
    got = rate(owner, bad["id"], {"level": 4, "comment": "改进了"}, 201)
    assert got["rating"]["level"] == 2 and got["rerating"]["level"] == 4 and got["rerating"]["round"] == 2
    assert got["may_rate"] is False
    rate(owner, bad["id"], {"level": 5}, 409)
    assert ts.scalar("SELECT COUNT(*) FROM ratings WHERE subject_id = ?", bad["id"]) == 2
    assert ts.scalar("SELECT COUNT(*) FROM rectifications WHERE subject_id = ?", bad["id"]) == 1
    assert rect_of(head, good["id"]) is None


def test_overdue_rectification_escalates_to_supervisors(ts):
    """Past either deadline the rectification gets one supervision order (督办, the same orders as
    overdue cases and 12345 requests), told to the department's heads and to every supervisor."""
    owner = ts.as_user("xiaochi")
    clerk, _ = psb_staff(ts, "window_clerk")
    head_name = ts.new_staff("psb", "dept_head")
    head = ts.login(head_name, STAFF_PASSWORD)
    case = completed_online(ts, clerk)
    rate(owner, case["id"], {"level": 1}, 201)
    rect = rect_of(head, case["id"])

    def told():
        return ts.scalar("SELECT COUNT(*) FROM messages WHERE kind = 'supervision' AND entity_id = ?", rect["id"])

    try:
        ts.run_jobs()
        assert told() == 0 and rect_of(head, case["id"])["escalated"] is False
        ts.set_clock(days=40)                   # past both deadlines, whatever the holidays
        ts.run_jobs()
        ts.run_jobs()
        supervisors = ts.scalar("SELECT COUNT(*) FROM accounts WHERE roles LIKE '%supervisor%' AND status = 'active'")
        heads = ts.scalar("SELECT COUNT(*) FROM accounts WHERE roles LIKE '%dept_head%' AND department = 'psb' "
                          "AND status = 'active'")
        assert supervisors >= 1 and heads >= 1 and told() == supervisors + heads
        assert ts.query("SELECT department, kind FROM supervisions WHERE subject_type = 'rectification' "
                        "AND subject_id = ?", rect["id"]) == [("psb", "overdue")]
        # escalated once: the second run of the job finds it escalated already and leaves it be
        assert ts.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'rectification.escalate' "
                         "AND entity_id = ?", rect["id"]) == 1
        mine = ts.as_user("supervisor").get_json("/api/v1/rectifications?escalated=true").json()["items"]
        assert rect["id"] in [x["id"] for x in mine]
        head = ts.login(head_name, STAFF_PASSWORD)     # sessions lapsed over the weeks
        assert rect_of(head, case["id"])["overdue"] is True
        # escalation is a mark, not a state: the department still records its work
        rect = rect_of(head, case["id"])
        rect_act(head, rect, "record_callback", {"note": "迟到的回访"}, 200)
    finally:
        ts.set_clock(days=0)
    r = ts.as_user("supervisor").get_json("/api/v1/rectifications?status=nope")
    assert r.status_code == 422 and "status" in fields(r.json())


def test_a_walk_in_code_lapses_after_a_week(ts):
    clerk, _ = psb_staff(ts, "window_clerk")
    case = completed_at_window(ts, clerk)
    code = clerk.post_json("/api/v1/rating-codes", {"case": case["id"]}).json()["code"]
    anon = ts.session()
    try:
        ts.set_clock(ms=7 * 86400 * 1000 + 60 * 1000)     # a week and a minute later
        r = anon.post(ts.url("/api/v1/ratings/by-code"), json={"code": code, "level": 5})
        assert r.status_code == 422 and "code" in fields(r.json()), r.text
        ts.set_clock(ms=6 * 86400 * 1000)                 # within the week it still works
        r = anon.post(ts.url("/api/v1/ratings/by-code"), json={"code": code, "level": 5})
        assert r.status_code == 201, r.text
    finally:
        ts.set_clock(days=0)
