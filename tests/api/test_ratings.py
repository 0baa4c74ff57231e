"""好差评 (issue 13): the applicant of a completed case rates it once, 1 to 5,
with the tags of its channel (online: 效率 指南准确 便利 平台易用; in person:
效率 服务水平 态度) and a comment, and may name the staff member who served
them — seen by supervisors and the department head, not by the one named. A
walk-in rates with a code the window clerk hands over, without logging in.
Unrated three days after completion, the applicant is invited in the outbox.
Each bad input the issue names is a 4xx naming the field, nothing written."""
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
