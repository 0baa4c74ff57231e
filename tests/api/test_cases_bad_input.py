"""Bad input on cases: every refusal is a clear 4xx (problem+json naming
the fields) AND leaves everything as it was — the case's version, status,
form, files and clock, and the row counts of cases, case_events,
case_files, tasks, audit_log and messages.

Filing: a retired matter, a form with several errors (all reported at once
as form.x), missing required materials (materials.<key>), another person's
file, a format the material does not accept, unknown fields, the wrong
channel for the caller (clerk online, applicant at the window).
Acting: the wrong state (409 naming the allowed actions), a stale If-Match
(409), no If-Match (428), a resubmission touching unflagged items (422),
another department's staff (403), another applicant (404), an applicant
trying staff actions (403), an unknown action (404), unknown body fields
(422), a supervisor (reads 200, acts 403), deem_accept through the API (403).
"""
import contextlib
import json
import random

import pytest
import requests

from conftest import field_errors, invalid, problem
from casekit import FOOD, PDF, PNG, act, case_body, file_case, food_form, get_case, own_code, upload

TABLES = ("cases", "case_events", "case_files", "tasks", "audit_log", "messages", "idempotency", "visits")


def counts(server):
    row = server.query("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in TABLES))[0]
    return dict(zip(TABLES, row))


def case_state(server, case_id):
    """What a refused request must not change about one case, as the owner sees it and as stored."""
    owner = server.scalar("SELECT applicant_id FROM cases WHERE id = ?", case_id)
    row = server.query("SELECT status, version, form, accepted_day, due_day, paused_day, paused_workdays, "
                       "extension_days, finished_day, colour, correction, decision, updated_at FROM cases WHERE id = ?",
                       case_id)
    files = server.query("SELECT material_key, file_id FROM case_files WHERE case_id = ? ORDER BY material_key", case_id)
    tasks = server.query("SELECT id, kind, status, COALESCE(claimed_by, ''), version FROM tasks WHERE case_id = ? "
                         "ORDER BY id", case_id)
    events = server.query("SELECT seq, action FROM case_events WHERE case_id = ? ORDER BY seq", case_id)
    return {"owner": owner, "row": row, "files": files, "tasks": tasks, "events": events}


def api_view(s, case_id):
    c = get_case(s, case_id)
    return {k: c[k] for k in ("version", "status", "clock", "form", "materials", "correction", "decision", "timeline")}


@contextlib.contextmanager
def nothing_changes(server, case=None, viewer=None):
    before = (counts(server), case_state(server, case["id"]) if case else None,
              api_view(viewer, case["id"]) if case and viewer else None)
    yield
    after = (counts(server), case_state(server, case["id"]) if case else None,
             api_view(viewer, case["id"]) if case and viewer else None)
    assert after[0] == before[0], f"row counts changed: {before[0]} -> {after[0]}"
    assert after[1] == before[1], "the stored case changed"
    assert after[2] == before[2], "the case as the API shows it changed"


def post_action(s, case, action, body=None, version=None, headers=None):
    h = {"If-Match": f'"{version if version is not None else case["version"]}"'}
    if headers is not None:
        h = headers
    return s.post(s.url(f"/api/v1/cases/{case['id']}/actions/{action}"), json=body if body is not None else {},
                  headers=h, timeout=30)


# ------------------------------------------------------------------ fixtures


STAFF = ("amr_clerk", "amr_reviewer", "amr_approver", "amr_head", "health_clerk", "health_reviewer",
         "health_approver", "supervisor", "admin", "zhangsan")


@pytest.fixture(scope="module")
def applicant(server):
    for name in STAFF:   # log in now: a login inside a checked block would be an audit entry of its own
        server.as_user(name)
    # an enterprise: the food permit is an enterprise matter
    body, _ = server.new_enterprise()
    return server.login(body["username"], body["password"])


@pytest.fixture
def submitted(server, applicant):
    return file_case(server, applicant)


@pytest.fixture
def accepted(server, submitted):
    return act(server.as_user("amr_clerk"), submitted, "accept")


@pytest.fixture
def in_correction(server, submitted):
    items = [{"kind": "field", "key": "shop_area", "reason": "面积与平面图不一致"},
             {"kind": "material", "key": "venue_floor_plan", "reason": "平面图不清晰"}]
    return act(server.as_user("amr_clerk"), submitted, "request_correction", {"items": items})


# ------------------------------------------------------------------ filing


def amr_matter_doc(code):
    return {
        "code": code,
        "name": {"zh": f"接口测试许可{code[-4:]}", "en": f"API test licence {code[-4:]}"},
        "department": "amr", "type": "licensing",
        "legal_basis": "《接口测试条例》第一条；《接口测试办法》第二条",
        "legal_days": 20, "promised_days": 10, "immediate": False, "visits": 0, "online_depth": 4, "fee_fen": 0,
        "service_hours": "周一至周五 9:00-17:00", "service_places": ["上海市政务服务中心（测试窗口）"],
        "keywords": ["接口测试", f"测试{code[-4:]}"],
        "materials": [
            {"key": "test_plan", "name": {"zh": "测试方案", "en": "Test plan"}, "required": True,
             "formats": ["pdf", "jpeg", "png"], "max_size": 5242880, "copies": 1, "source": "upload"},
        ],
        "form": {"fields": [
            {"key": "enterprise_name", "label": {"zh": "企业名称", "en": "Enterprise name"}, "type": "string",
             "required": True, "min_len": 2, "max_len": 100, "de": "DE.enterprise.name"},
        ]},
        "result": {"kind": "none"},
        "delivery": ["electronic", "window"],
    }


def test_a_retired_matter_takes_no_new_cases(server, applicant):
    admin = server.as_user("admin")
    code = "XK9" + "".join(random.choice("0123456789") for _ in range(7))
    r = admin.post_json("/api/v1/matters", amr_matter_doc(code))
    assert r.status_code == 201, r.text

    def body():
        return {"matter": code, "form": {"enterprise_name": "上海测试有限公司"},
                "materials": [{"key": "test_plan", "file": upload(applicant)}], "channel": "online",
                "delivery": {"method": "electronic"}}

    r = applicant.post_json("/api/v1/cases", body())
    assert r.status_code == 201, r.text
    earlier = r.json()
    etag = server.get(f"/api/v1/matters/{code}").headers["ETag"]
    r = admin.post_json(f"/api/v1/matters/{code}/retire", None, headers={"If-Match": etag})
    assert r.status_code == 200, r.text

    late = body()
    with nothing_changes(server, earlier, applicant):
        invalid(applicant.post_json("/api/v1/cases", late), ("matter", "retired"))
        # a draft is refused as well
        invalid(applicant.post_json("/api/v1/cases", dict(late, submit=False)), ("matter", "retired"))
    # and an unknown matter is told apart from a retired one
    with nothing_changes(server):
        invalid(applicant.post_json("/api/v1/cases", dict(late, matter="XK99999999")), ("matter", "unknown"))
    # a case filed before the retirement goes on under its pinned version
    case = act(server.as_user("amr_clerk"), earlier, "accept")
    assert case["status"] == "accepted" and case["matter"]["version"] == 1


def test_a_form_with_several_errors_is_reported_at_once(server, applicant):
    form = food_form(shop_area=-5, applicant_phone="12345", credit_code="91310101MA1FPX0Q1Z",
                     food_business_form="disco", online_sales="yes")
    del form["shop_name"]
    form["no_such_field"] = "x"
    body = case_body(server, applicant, form=form)
    with nothing_changes(server):
        p = problem(applicant.post_json("/api/v1/cases", body), 422, "validation")
    got = field_errors(p)
    fields = {f for f, _ in got}
    expected = {"form.shop_area", "form.applicant_phone", "form.credit_code", "form.food_business_form",
                "form.online_sales", "form.shop_name", "form.no_such_field"}
    assert expected <= fields, sorted(got)
    assert ("form.shop_name", "required") in got
    assert all(f.startswith("form.") for f in fields), sorted(got)
    for e in p["errors"]:
        assert e["message"], e


def test_form_and_material_errors_come_together(server, applicant):
    body = case_body(server, applicant, form=food_form(shop_area=0, credit_code=own_code(applicant)))
    body["materials"] = [m for m in body["materials"] if m["key"] != "id_card"]
    with nothing_changes(server):
        p = invalid(applicant.post_json("/api/v1/cases", body), ("materials.id_card", "required"))
    assert "form.shop_area" in {f for f, _ in field_errors(p)}


def test_missing_required_materials(server, applicant):
    body = case_body(server, applicant)
    body["materials"] = [m for m in body["materials"] if m["key"] not in ("food_safety_rules", "venue_floor_plan")]
    with nothing_changes(server):
        p = invalid(applicant.post_json("/api/v1/cases", body),
                    ("materials.food_safety_rules", "required"), ("materials.venue_floor_plan", "required"))
    assert len([e for e in p["errors"] if e["code"] == "required"]) == 2, p["errors"]
    # none at all
    with nothing_changes(server):
        p = invalid(applicant.post_json("/api/v1/cases", dict(body, materials=[])), ("materials.id_card", "required"))
    assert len([e for e in p["errors"] if e["field"].startswith("materials.")]) == 6


def test_another_persons_file(server, applicant):
    theirs = upload(server.as_user("zhangsan"))
    body = case_body(server, applicant)
    i = [m["key"] for m in body["materials"]].index("id_card")
    body["materials"][i]["file"] = theirs
    with nothing_changes(server):
        invalid(applicant.post_json("/api/v1/cases", body), (f"materials[{i}].file", "unknown_file"))
    body["materials"][i]["file"] = "f" * 32
    with nothing_changes(server):
        invalid(applicant.post_json("/api/v1/cases", body), (f"materials[{i}].file", "unknown_file"))


def test_a_format_the_material_does_not_accept(server, applicant):
    body = case_body(server, applicant)
    i = [m["key"] for m in body["materials"]].index("food_safety_rules")   # pdf or ofd only
    body["materials"][i]["file"] = upload(applicant, PNG, "rules.png", "image/png")
    with nothing_changes(server):
        invalid(applicant.post_json("/api/v1/cases", body), (f"materials[{i}].file", "file_type"))


def test_unknown_material_and_duplicates(server, applicant):
    body = case_body(server, applicant)
    extra = upload(applicant)
    body["materials"] = body["materials"] + [{"key": "no_such_material", "file": extra},
                                             {"key": "id_card", "file": extra}]
    n = len(body["materials"])
    with nothing_changes(server):
        invalid(applicant.post_json("/api/v1/cases", body), (f"materials[{n - 2}].key", "unknown_material"),
                (f"materials[{n - 1}].key", "duplicate_key"))


@pytest.mark.parametrize("where", ["top", "delivery", "material", "applicant"])
def test_unknown_fields_in_a_filing(server, applicant, where):
    body = case_body(server, applicant)
    if where == "top":
        body["priority"] = "high"
        pair = ("priority", "unknown_field")
    elif where == "delivery":
        body["delivery"] = {"method": "electronic", "drone": True}
        pair = ("delivery.drone", "unknown_field")
    elif where == "material":
        body["materials"][0]["note"] = "x"
        pair = ("materials[0].note", "unknown_field")
    else:
        body["applicant"] = {"id_number": "310101198503120030"}
        pair = ("applicant", "not_allowed")
    with nothing_changes(server):
        invalid(applicant.post_json("/api/v1/cases", body), pair)


def test_malformed_json_is_400(server, applicant, submitted):
    with nothing_changes(server, submitted, applicant):
        r = applicant.post(server.url("/api/v1/cases"), data=b'{"matter": "XK00103000",', timeout=30,
                           headers={"Content-Type": "application/json"})
        problem(r, 400, "malformed-json")
        r = server.as_user("amr_clerk").post(server.url(f"/api/v1/cases/{submitted['id']}/actions/accept"),
                                             data=b"{nope", timeout=30,
                                             headers={"Content-Type": "application/json", "If-Match": '"1"'})
        problem(r, 400, "malformed-json")
        r = post_action(server.as_user("amr_clerk"), submitted, "accept", body=[])
        assert r.status_code in (400, 422), r.text


def test_a_window_clerk_may_not_file_online(server, applicant):
    clerk = server.as_user("amr_clerk")
    body = case_body(server, clerk)
    with nothing_changes(server):
        problem(clerk.post_json("/api/v1/cases", body), 403)
        problem(clerk.post_json("/api/v1/cases", dict(body, channel="mobile")), 403)


def test_an_applicant_may_not_file_at_the_window(server, applicant):
    body = case_body(server, applicant, channel="window", applicant={"id_number": "310101198503120030"})
    with nothing_changes(server):
        problem(applicant.post_json("/api/v1/cases", body), 403)
        problem(applicant.post_json("/api/v1/cases", dict(body, channel="assisted")), 403)
    with nothing_changes(server):
        invalid(applicant.post_json("/api/v1/cases", dict(body, channel="fax")), ("channel", "not_an_option"))


def test_staff_of_other_roles_may_not_file(server):
    reviewer = server.as_user("amr_reviewer")
    body = case_body(server, reviewer, channel="window", applicant={"credit_code": "91310101MA1FPX0Q1Y"})
    with nothing_changes(server):
        problem(reviewer.post_json("/api/v1/cases", body), 403)


# ------------------------------------------------------------------ acting


def test_an_action_from_the_wrong_state(server, applicant, submitted):
    reviewer = server.as_user("amr_reviewer")
    with nothing_changes(server, submitted, applicant):
        p = problem(post_action(reviewer, submitted, "approve", {"opinion": "同意"}), 409, "invalid-state")
    allowed = {e["code"] for e in p["errors"] if e["field"] == "allowed_actions"}
    assert allowed == {"accept", "refuse", "request_correction"}, p["errors"]
    assert "accept" in p["detail"]
    # the same list the case shows the reviewer
    assert set(get_case(reviewer, submitted["id"])["allowed_actions"]) == allowed
    # the owner, after a terminal state
    done = act(applicant, submitted, "withdraw", {"reason": "暂不开店"})
    with nothing_changes(server, done, applicant):
        p = problem(post_action(applicant, done, "withdraw", {}), 409, "invalid-state")
    assert [e for e in p["errors"] if e["field"] == "allowed_actions"] == []


def test_a_stale_if_match(server, applicant, accepted):
    reviewer = server.as_user("amr_reviewer")
    assert accepted["version"] == 2
    with nothing_changes(server, accepted, applicant):
        problem(post_action(reviewer, accepted, "review", version=1), 409, "stale-version")
        problem(post_action(reviewer, accepted, "review", version=3), 409, "stale-version")
        problem(post_action(reviewer, accepted, "review", headers={"If-Match": 'W/"1"'}), 409, "stale-version")


def test_no_if_match(server, applicant, accepted):
    reviewer = server.as_user("amr_reviewer")
    with nothing_changes(server, accepted, applicant):
        problem(post_action(reviewer, accepted, "review", headers={}), 428, "precondition-required")
        problem(post_action(applicant, accepted, "withdraw", headers={}), 428, "precondition-required")
        problem(post_action(reviewer, accepted, "review", headers={"If-Match": '"two"'}), 400)
        problem(post_action(reviewer, accepted, "review", headers={"If-Match": '"0"'}), 400)


def test_a_resubmission_may_touch_only_flagged_items(server, applicant, in_correction):
    case = get_case(applicant, in_correction["id"])
    assert case["status"] == "correction"
    other = upload(applicant, PNG, "x.png", "image/png")
    with nothing_changes(server, case, applicant):
        invalid(post_action(applicant, case, "resubmit", {"form": {"shop_area": 90, "shop_name": "新名字"}}),
                ("form.shop_name", "not_flagged"))
    with nothing_changes(server, case, applicant):
        p = invalid(post_action(applicant, case, "resubmit", {
            "form": {"shop_area": 90},
            "materials": [{"key": "venue_floor_plan", "file": other}, {"key": "id_card", "file": other}]}),
            ("materials[1].key", "not_flagged"))
    # the flagged plan was not replaced either (the whole answer is refused)
    assert ("materials[0].key", "not_flagged") not in field_errors(p)
    # flagged items, but a bad value / someone else's file / a wrong format
    with nothing_changes(server, case, applicant):
        invalid(post_action(applicant, case, "resubmit", {"form": {"shop_area": -1}}), ("form.shop_area", "too_small"))
    theirs = upload(server.as_user("zhangsan"))
    with nothing_changes(server, case, applicant):
        invalid(post_action(applicant, case, "resubmit", {"materials": [{"key": "venue_floor_plan", "file": theirs}]}),
                ("materials[0].file", "unknown_file"))
    with nothing_changes(server, case, applicant):
        invalid(post_action(applicant, case, "resubmit", {"materials": [{"key": "venue_floor_plan", "file": other}],
                                                          "comment": "x"}), ("comment", "unknown_field"))
    # the right answer still goes through afterwards
    case = act(applicant, case, "resubmit", {"form": {"shop_area": 90},
                                             "materials": [{"key": "venue_floor_plan", "file": other}]})
    assert case["status"] == "submitted" and case["form"]["shop_area"] == 90


def test_staff_of_another_department(server, applicant, accepted):
    with nothing_changes(server, accepted, applicant):
        problem(post_action(server.as_user("health_reviewer"), accepted, "review"), 403)
        problem(post_action(server.as_user("health_approver"), accepted, "extend", {"days": 5, "reason": "情况复杂"}), 403)
        problem(post_action(server.as_user("health_clerk"), accepted, "withdraw"), 403)
        problem(server.as_user("health_reviewer").get_json(f"/api/v1/cases/{accepted['id']}"), 403)


def test_an_applicant_on_someone_elses_case(server, applicant, submitted):
    other = server.as_user("zhangsan")
    with nothing_changes(server, submitted, applicant):
        problem(post_action(other, submitted, "withdraw", {"reason": "x"}), 404)
        problem(post_action(other, submitted, "accept"), 404)
        problem(other.get_json(f"/api/v1/cases/{submitted['id']}"), 404)
        # exactly like a case that does not exist
        problem(other.post_json("/api/v1/cases/" + "0" * 32 + "/actions/withdraw", {}, headers={"If-Match": '"1"'}), 404)


@pytest.mark.parametrize("action,body", [
    ("accept", {}), ("refuse", {"reason": "not_eligible", "detail": "自己拒绝自己", "legal_basis": "无依据"}),
    ("request_correction", {"items": [{"kind": "field", "key": "shop_area", "reason": "自己补正"}]}),
    ("approve", {"opinion": "自己批准"}), ("review", {}), ("extend", {"days": 5, "reason": "自己延期"}),
    ("complete", {}),
])
def test_an_applicant_may_not_take_staff_actions(server, applicant, submitted, action, body):
    with nothing_changes(server, submitted, applicant):
        problem(post_action(applicant, submitted, action, body), 403)


def test_an_applicant_may_not_decide_in_review(server, applicant, accepted):
    case = act(server.as_user("amr_reviewer"), accepted, "review")
    with nothing_changes(server, case, applicant):
        problem(post_action(applicant, case, "approve", {"opinion": "自己批准"}), 403)
        problem(post_action(applicant, case, "deny", {"reason": "自己驳回自己", "legal_basis": "无依据"}), 403)
        problem(post_action(applicant, case, "suspend", {"kind": "hearing", "reason": "自己听证", "expected_days": 3}), 403)


def test_staff_may_not_take_the_applicants_actions(server, applicant, in_correction):
    clerk = server.as_user("amr_clerk")
    with nothing_changes(server, in_correction, applicant):
        problem(post_action(clerk, in_correction, "resubmit", {"form": {"shop_area": 90}}), 403)
        problem(post_action(clerk, in_correction, "withdraw", {"reason": "替申请人撤回"}), 403)


def test_an_unknown_action(server, applicant, submitted):
    with nothing_changes(server, submitted, applicant):
        problem(post_action(server.as_user("amr_clerk"), submitted, "frobnicate"), 404)
        problem(post_action(applicant, submitted, "frobnicate"), 404)
        problem(post_action(server.as_user("amr_clerk"), submitted, "ACCEPT"), 404)


@pytest.mark.parametrize("who,action,body,field", [
    ("amr_clerk", "accept", {"note": "快"}, "note"),
    ("amr_clerk", "refuse", {"reason": "not_eligible", "detail": "不符合条件", "legal_basis": "第三十二条", "extra": 1}, "extra"),
    ("amr_clerk", "request_correction", {"items": [{"kind": "field", "key": "shop_area", "reason": "请核对", "due": "明天"}]},
     "items[0].due"),
    ("applicant", "withdraw", {"reason": "不办了", "force": True}, "force"),
])
def test_unknown_fields_in_an_action(server, applicant, submitted, who, action, body, field):
    s = applicant if who == "applicant" else server.as_user(who)
    with nothing_changes(server, submitted, applicant):
        invalid(post_action(s, submitted, action, body), (field, "unknown_field"))


def test_unknown_fields_in_a_decision(server, applicant, accepted):
    reviewer = server.as_user("amr_reviewer")
    case = act(reviewer, accepted, "review")
    with nothing_changes(server, case, applicant):
        invalid(post_action(reviewer, case, "approve", {"opinion": "同意", "stamp": "red"}), ("stamp", "unknown_field"))
        invalid(post_action(server.as_user("amr_approver"), case, "extend", {"days": 5, "reason": "复杂", "why": "x"}),
                ("why", "unknown_field"))


def test_a_supervisor_reads_but_does_not_act(server, applicant, accepted):
    sup = server.as_user("supervisor")
    r = sup.get_json(f"/api/v1/cases/{accepted['id']}")
    assert r.status_code == 200, r.text
    assert r.json()["allowed_actions"] == []
    with nothing_changes(server, accepted, applicant):
        problem(post_action(sup, accepted, "review"), 403)
        problem(post_action(sup, accepted, "withdraw", {"reason": "督办撤回"}), 403)
        problem(post_action(server.as_user("admin"), accepted, "review"), 403)


def test_deem_accept_is_never_an_api_action(server, applicant, submitted):
    for who in ("amr_clerk", "amr_reviewer", "amr_approver", "amr_head", "supervisor", "admin"):
        with nothing_changes(server, submitted, applicant):
            problem(post_action(server.as_user(who), submitted, "deem_accept"), 403)
    with nothing_changes(server, submitted, applicant):
        problem(post_action(applicant, submitted, "deem_accept"), 403)
    assert "deem_accept" not in get_case(server.as_user("amr_clerk"), submitted["id"])["allowed_actions"]


def test_an_unknown_member_too_long_to_name_is_named_cut(server):
    """A member name longer than a problem's field can hold is named cut at a character with "…"
    (it was dropped from the list, while the count still had it, when the cut fell inside a character)."""
    key = "a" + "中" * 300
    r = requests.post(server.url("/api/v1/accounts"), data=json.dumps({key: 1}, ensure_ascii=False).encode(),
                      headers={"Content-Type": "application/json"}, timeout=30)
    p = problem(r, 422)
    cut = [e for e in p["errors"] if e["code"] == "unknown_field"]
    assert len(cut) == 1 and cut[0]["field"].endswith("…") and key.startswith(cut[0]["field"][:-1])
    assert f"共有 {len(p['errors'])} 处问题" in p["detail"]
