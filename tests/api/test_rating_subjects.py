"""好差评 beyond cases (issue 13, item 1): a finished bundle case (一件事) is
rated by its applicant once, and a closed 12345 request's callback
satisfaction answer IS its rating — one record. Both are rating subjects
like a completed case, so the statistics count them and a rating of 1 or 2
opens a rectification (整改) for the department, after which the rater may
re-rate once."""
from casekit import get_case
from conftest import field_errors, invalid, problem

from test_bundles_apply import CODE, FIRE, FOOD, REG, SEAL, TAX, apply, bundle, complete_with_result, handle_now, steps
from test_ratings import rect_act, rect_of


def rating_path(bid):
    return f"/api/v1/bundle-cases/{bid}/rating"


def subject_ratings(ts, kind, sid):
    return ts.query("SELECT round, level, via FROM ratings WHERE kind = ? AND subject_id = ? ORDER BY round", kind, sid)


def ratings_by_level(ts, department, level):
    return ts.scalar(f"SELECT COALESCE(SUM(ratings_{level}), 0) FROM stats_daily WHERE department = ?", department)


def test_a_completed_bundle_case_is_rated_once_and_a_bad_rating_is_rectified(ts):
    me = ts.as_user("zhangsan")
    b = apply(ts, me)
    st = steps(b)
    # not finished: no rating yet, nothing written
    got = me.get_json(rating_path(b["id"])).json()
    assert got["bundle"] == b["id"] and got["completed"] is False and got["may_rate"] is False
    p = problem(me.post_json(rating_path(b["id"]), {"level": 5}), 409)
    assert ("bundle", "not_completed") in field_errors(p)
    complete_with_result(ts, "amr", st[REG]["case_id"])
    st = steps(bundle(me, b["id"]))
    handle_now(ts, "psb", st[SEAL]["case_id"])
    handle_now(ts, "tax", st[TAX]["case_id"])
    complete_with_result(ts, "fire", st[FIRE]["case_id"])
    complete_with_result(ts, "amr", st[FOOD]["case_id"])
    assert bundle(me, b["id"])["status"] == "completed"
    assert ts.query("SELECT department, channel FROM rating_subjects WHERE kind = 'bundle' AND subject_id = ?",
                    b["id"]) == [("amr", "online")]          # its first step: the registration, amr's
    got = me.get_json(rating_path(b["id"])).json()
    assert got["completed"] is True and got["may_rate"] is True and got["rating"] is None
    # another applicant is not told it exists; other departments' staff do not read it
    assert ts.as_user("xiaochi").post_json(rating_path(b["id"]), {"level": 5}).status_code == 404
    assert ts.as_user("xiaochi").get_json(rating_path(b["id"])).status_code == 404
    assert ts.as_user("health_head").get_json(rating_path(b["id"])).status_code == 403
    assert ts.as_user("supervisor").post_json(rating_path(b["id"]), {"level": 5}).status_code == 403
    invalid(me.post_json(rating_path(b["id"]), {"level": 7}), ("level", "too_large"))
    invalid(me.post_json(rating_path(b["id"]), {"level": 4, "tags": ["attitude"]}), ("tags[0]", "unknown"))
    assert subject_ratings(ts, "bundle", b["id"]) == []
    before = ratings_by_level(ts, "amr", 2)
    got = me.post_json(rating_path(b["id"]), {"level": 2, "comment": "跑了好几个部门", "tags": ["efficiency"]})
    assert got.status_code == 201, got.text
    assert got.json()["rating"]["level"] == 2 and got.json()["may_rate"] is False
    # once: a second rating is 409 naming the bundle, still one record
    p = problem(me.post_json(rating_path(b["id"]), {"level": 1}), 409)
    assert ("bundle", "already_rated") in field_errors(p)
    assert subject_ratings(ts, "bundle", b["id"]) == [(1, 2, "portal")]
    # counted in the statistics of its department, and seen by its head and the supervisors
    assert ratings_by_level(ts, "amr", 2) == before + 1
    for who in ("amr_head", "supervisor"):
        assert ts.as_user(who).get_json(rating_path(b["id"])).json()["rating"]["level"] == 2
    # a 2 opens the rectification of amr; once fixed, the applicant re-rates once
    head = ts.as_user("amr_head")
    rect = rect_of(head, b["id"])
    assert rect["subject"]["type"] == "bundle" and rect["department"] == "amr" and rect["status"] == "open"
    rect = rect_act(head, rect, "record_callback", {"note": "已电话回访"}, 200)
    problem(me.post_json(rating_path(b["id"]), {"level": 5}), 409)       # not before the fix
    rect_act(head, rect, "record_fix", {"note": "一窗受理各部门事项"}, 200)
    assert me.get_json(rating_path(b["id"])).json()["may_rate"] is True
    got = me.post_json(rating_path(b["id"]), {"level": 5})
    assert got.status_code == 201 and got.json()["rerating"]["level"] == 5
    problem(me.post_json(rating_path(b["id"]), {"level": 5}), 409)
    assert subject_ratings(ts, "bundle", b["id"]) == [(1, 2, "portal"), (2, 5, "portal")]


def test_a_partially_completed_bundle_case_is_rated_too(ts):
    me = ts.as_user("zhangsan")
    b = apply(ts, me)
    clerk = ts.as_user("amr_clerk")
    from casekit import act
    act(clerk, get_case(clerk, steps(b)[REG]["case_id"]), "refuse",
        {"reason": "not_eligible", "detail": "名称与已登记企业相同", "legal_basis": "《市场主体登记管理条例》第十条"})
    assert bundle(me, b["id"])["status"] == "partially_completed"
    assert me.post_json(rating_path(b["id"]), {"level": 3}).status_code == 201
    assert subject_ratings(ts, "bundle", b["id"]) == [(1, 3, "portal")]


# ---------------------------------------------------------------- 12345 requests

def new_request(ts):
    r = ts.as_user("zhangsan").post_json("/api/v1/complaints", {
        "kind": "complaint", "category": "noise", "text": "夜间施工噪音扰民 Night-time construction noise",
        "channel": "web", "district": "310101", "street": "310101002"})
    assert r.status_code == 201, r.text
    return r.json()


def complaint_act(ts, who, c, action, body=None, status=200):
    s = ts.as_user(who)
    v = s.get_json(f"/api/v1/complaints/{c['id']}").json()["version"]
    r = s.post_json(f"/api/v1/complaints/{c['id']}/actions/{action}", body or {}, headers={"If-Match": str(v)})
    assert r.status_code == status, f"{action}: {r.status_code} {r.text}"
    return r.json()


def replied(ts):
    c = new_request(ts)
    for a in ("sign", "start"):
        complaint_act(ts, "njdl_handler", c, a)
    complaint_act(ts, "njdl_handler", c, "reply", {"answer": "已责令停工 Works stopped"})
    return c


def test_the_callback_that_closes_a_request_is_its_one_rating(ts):
    c = replied(ts)
    body = c["body"]
    before = ratings_by_level(ts, body, 1)
    # a level that disagrees with the yes or no is refused, nothing changed
    v = ts.scalar("SELECT version FROM complaints WHERE id = ?", c["id"])
    p = invalid(ts.as_user("zhangsan").post_json(f"/api/v1/complaints/{c['id']}/actions/callback",
                                                 {"resolved": True, "satisfied": True, "level": 1},
                                                 headers={"If-Match": str(v)}), ("level", "disagrees"))
    assert p["errors"][0]["message"]
    invalid(ts.as_user("zhangsan").post_json(f"/api/v1/complaints/{c['id']}/actions/callback",
                                             {"resolved": True, "satisfied": False, "level": 6},
                                             headers={"If-Match": str(v)}), ("level", "too_large"))
    assert ts.scalar("SELECT version FROM complaints WHERE id = ?", c["id"]) == v
    assert subject_ratings(ts, "complaint", c["id"]) == []
    out = complaint_act(ts, "zhangsan", c, "callback",
                        {"resolved": True, "satisfied": False, "level": 1, "comment": "态度敷衍"})
    assert out["status"] == "closed"
    # exactly one rating record: the callback's answer
    assert subject_ratings(ts, "complaint", c["id"]) == [(1, 1, "callback")]
    assert ts.query("SELECT comment, rater_id IS NOT NULL FROM ratings WHERE subject_id = ?", c["id"]) == [
        ("态度敷衍", True)]
    assert ts.query("SELECT kind, label, department, rated_at IS NOT NULL FROM rating_subjects "
                    "WHERE subject_id = ?", c["id"]) == [("complaint", c["number"], body, True)]
    assert ratings_by_level(ts, body, 1) == before + 1
    # a 1 opens the body's rectification, which the supervisors see
    rect = rect_of(ts.as_user("supervisor"), c["id"])
    assert rect and rect["subject"]["type"] == "complaint" and rect["department"] == body
    # the invitation job has nothing to invite: it is rated
    ts.set_clock(days=4)
    try:
        ts.run_jobs()
        assert ts.scalar("SELECT COUNT(*) FROM messages WHERE kind = 'rating.invite' AND entity_id = ?", c["id"]) == 0
    finally:
        ts.set_clock(days=0)


def test_a_reopening_callback_rates_nothing_until_the_closing_one(ts):
    c = replied(ts)
    out = complaint_act(ts, "zhangsan", c, "callback", {"resolved": False, "satisfied": False})
    assert out["status"] == "handling"
    assert subject_ratings(ts, "complaint", c["id"]) == []
    complaint_act(ts, "njdl_handler", c, "reply", {"answer": "再次处理 Dealt with again"})
    # the yes alone: 满意 (4); no rectification
    out = complaint_act(ts, "zhangsan", c, "callback", {"resolved": True, "satisfied": True})
    assert out["status"] == "closed"
    assert subject_ratings(ts, "complaint", c["id"]) == [(1, 4, "callback")]
    assert rect_of(ts.as_user("supervisor"), c["id"]) is None
